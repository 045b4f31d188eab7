import Foundation
import Testing

/// Golden transcripts of debugger sessions, in `Tests/Golden/Debugger/NAME.txt`. A transcript is normalised
/// before it is compared or stored, so that what changes from run to run does not count:
///   - the workspace folder and the repository's folder become `<workspace>` and `<repo>`;
///   - run ids (`20261129-095859-b023`) become `<run>`;
///   - GUIDs become `<guid-1>`, `<guid-2>` ... in order of first appearance (the same GUID keeps its number);
///   - loopback ports (`127.0.0.1:43215`, also URL-encoded) become `127.0.0.1:<port>`;
///   - durations (`27 ms`, `1.2 s`) become `<ms>`;
///   - timestamps and dates (`2026-11-29T09:58:59.0136127Z`, `2027-05-28`) become `<time>` and `<date>`;
///   - a client secret's hint (its first three characters, also in `RRS…`) becomes `<hint>`;
///   - the hexadecimal end of a string cut with `...` (a GUID's first characters) becomes `<hex>...`;
///   - byte counts of cut strings (`(81 bytes)`) become `(<n> bytes)` (they include ports and GUIDs).
/// `STEPWISE_UPDATE_GOLDEN=1 swift test --filter Debugger` rewrites the files from the current output.
enum Golden {
    static let folder = repositoryRoot.appendingPathComponent("Tests/Golden/Debugger")

    /// `text` with what varies between runs replaced by stable markers (the rules above).
    static func normalise(_ text: String, workspace: Workspace) -> String {
        var out = text.replacingOccurrences(of: workspace.url.path, with: "<workspace>")
            .replacingOccurrences(of: repositoryRoot.path, with: "<repo>")
        out.replace(/\d{8}-\d{6}-[0-9a-f]{4}/) { _ in "<run>" }
        var guids: [String: Int] = [:]
        out.replace(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/) { match in
            let key = String(match.output).lowercased()
            if guids[key] == nil { guids[key] = guids.count + 1 }
            return "<guid-\(guids[key]!)>"
        }
        out.replace(/127\.0\.0\.1(:|%3A)\d+/) { match in "127.0.0.1\(match.output.1)<port>" }
        out.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/) { _ in "<time>" }
        out.replace(/\d{4}-\d{2}-\d{2}/) { _ in "<date>" }
        out.replace(/\b\d+(\.\d+)? (ms|s)\b/) { _ in "<ms>" }
        out.replace(/hint( = "|": "|=)[^",\s]{3}(?=[",])/) { match in "hint\(match.output.1)<hint>" }
        out.replace(#/secret [^\s]{3}… /#) { _ in "secret <hint>… " }
        out.replace(/\((\d+) bytes\)/) { _ in "(<n> bytes)" }
        out.replace(/[0-9a-fA-F][0-9a-fA-F-]*\.\.\./) { _ in "<hex>..." }
        return out
    }

    /// Compares the normalised transcript with `NAME.txt` (or rewrites it with `STEPWISE_UPDATE_GOLDEN=1`).
    static func check(_ transcript: String, _ name: String, in workspace: Workspace, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name + ".txt")
        let actual = normalise(transcript, workspace: workspace)
        if ProcessInfo.processInfo.environment["STEPWISE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no golden transcript \(file.path); run with STEPWISE_UPDATE_GOLDEN=1 to write it",
                         sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let (a, e) = (actual.split(separator: "\n", omittingEmptySubsequences: false),
                      expected.split(separator: "\n", omittingEmptySubsequences: false))
        let first = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
        let got = first < a.count ? String(a[first]) : "(end)"
        let want = first < e.count ? String(e[first]) : "(end)"
        Issue.record("""
            \(name).txt differs at line \(first + 1):
              expected: \(want)
              actual:   \(got)
            (STEPWISE_UPDATE_GOLDEN=1 rewrites it)
            --- actual, normalised
            \(actual)
            """, sourceLocation: sourceLocation)
    }
}

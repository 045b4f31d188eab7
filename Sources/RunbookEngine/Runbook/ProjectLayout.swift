public import Foundation
import PluginHost

/// Where runbooks, overlays and plugins are found: the working folder first, then the Stepwise checkout the
/// `stepwise` binary was built in (so a run in any folder finds the project's `plugins/` and `runbooks/`).
public struct ProjectLayout: Sendable {
    /// Folders that may hold `runbooks/` and `plugins/`, in order.
    public var roots: [URL]

    public init(roots: [URL]) {
        self.roots = roots
    }

    /// The working folder, then the nearest ancestor of the executable that holds `plugins/_meta`.
    public static func standard(executable: String = CommandLine.arguments.first ?? "") -> ProjectLayout {
        var roots = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("plugins/_meta").path) {
                if !roots.contains(folder) { roots.append(folder) }
                break
            }
            folder.deleteLastPathComponent()
        }
        return ProjectLayout(roots: roots)
    }

    /// A runbook given as a path (`runbooks/x.lua`, `./x.lua`) or a name (`adobe-campaign-d365`, looked up as
    /// `runbooks/NAME.lua` under each root).
    public func runbook(_ argument: String) throws(RunbookError) -> URL {
        try find(argument, kind: "runbook", folders: roots.map { $0.appendingPathComponent("runbooks") })
    }

    /// A customer overlay given as a path or a name (`contoso`, looked up in the runbook's `customers/` folder and
    /// `runbooks/customers/` under each root).
    public func overlay(_ argument: String, runbook: URL) throws(RunbookError) -> URL {
        let folders = [runbook.deletingLastPathComponent().appendingPathComponent("customers")]
            + roots.map { $0.appendingPathComponent("runbooks/customers") }
        return try find(argument, kind: "customer overlay", folders: folders)
    }

    /// The project's plugin folder: `plugins/` of the first root that has one.
    public var pluginFolder: URL? {
        roots.map { $0.appendingPathComponent("plugins") }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("_meta").path)
                || FileManager.default.fileExists(atPath: $0.path)
        }
    }

    private func find(_ argument: String, kind: String, folders: [URL]) throws(RunbookError) -> URL {
        let looksLikePath = argument.contains("/") || argument.hasSuffix(".lua")
        if looksLikePath {
            let url = URL(fileURLWithPath: argument).standardizedFileURL
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw RunbookError(SourceLocation(file: argument), "no such \(kind) file")
            }
            return url
        }
        var unique: [URL] = []
        for folder in folders where !unique.contains(folder.standardizedFileURL) { unique.append(folder.standardizedFileURL) }
        for folder in unique {
            let url = folder.appendingPathComponent(argument + ".lua")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        let known = unique.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }
        }
        throw RunbookError(SourceLocation(file: argument), "no \(kind) named '\(argument)'"
            + " in \(unique.map { DisplayPath.of($0) }.joined(separator: ", "))"
            + Suggestion.hint(for: argument, in: known))
    }
}

import Foundation
import PluginHost
import Testing

/// One Lua test: a global `function test_name()` of a `*_test.lua` file beside a plugin. A line
/// `--- @scenario NAME` just above the function starts its twin with that scenario (default `demo`).
struct LuaTestCase: Sendable, CustomTestStringConvertible {
    /// The file's path.
    let file: String
    /// The function's name.
    let function: String
    /// The twin scenario.
    let scenario: String

    /// `plugins/entra/app_registration_test.lua: test_creates_app`.
    var testDescription: String {
        let relative = file.hasPrefix(HostHarness.repository.path + "/")
            ? String(file.dropFirst(HostHarness.repository.path.count + 1)) : file
        return "\(relative): \(function)"
    }

    /// Every test of every `*_test.lua` under `plugins/` and the overlays' plugin folders.
    static func discover() -> [LuaTestCase] {
        let catalogue = PluginCatalogue(roots: [HostHarness.plugins] + HostHarness.overlayPluginFolders)
        return catalogue.testFiles().flatMap { file in cases(in: file) }
    }

    /// The tests of one file, in order.
    static func cases(in file: String) -> [LuaTestCase] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        var result: [LuaTestCase] = []
        var scenario: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let match = trimmed.firstMatch(of: /^---\s*@scenario\s+([A-Za-z0-9_.\/-]+)/) {
                scenario = String(match.1)
            } else if let match = trimmed.firstMatch(of: /^function\s+(test_[A-Za-z0-9_]+)\s*\(/) {
                result.append(LuaTestCase(file: file, function: String(match.1), scenario: scenario ?? "demo"))
                scenario = nil
            } else if !trimmed.hasPrefix("--") && !trimmed.isEmpty {
                scenario = nil
            }
        }
        return result
    }
}

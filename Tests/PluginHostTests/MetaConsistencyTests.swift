import Foundation
import PluginHost
import Testing

@Suite("plugins/_meta describes the host API")
struct MetaConsistencyTests {
    /// `module.name` (or `name` for globals) of every `function module.name(` in `_meta/*.lua`.
    static func documentedFunctions() throws -> Set<String> {
        let folder = URL(fileURLWithPath: HostHarness.plugins).appendingPathComponent("_meta")
        var names: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".lua") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                if let match = line.firstMatch(of: /^function\s+([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\(/) {
                    names.insert(String(match.1))
                }
            }
        }
        return names
    }

    @Test("every host function is documented in _meta, and every documented function exists")
    func consistent() throws {
        let host = try offlineHost(pluginPaths: [HostHarness.plugins])
        let registered = Set(host.registeredFunctions)
        let documented = try Self.documentedFunctions()
        #expect(registered.count == host.registeredFunctions.count, "a host function is registered twice")
        let undocumented = registered.subtracting(documented).sorted()
        let missing = documented.subtracting(registered).sorted()
        #expect(undocumented.isEmpty, "host functions without a definition in plugins/_meta: \(undocumented)")
        #expect(missing.isEmpty, "_meta definitions that name no host function: \(missing)")
        #expect(registered.contains("graph.get") && registered.contains("gate") && registered.contains("ctx.unknown"))
    }

    @Test("the check notices a function missing from _meta")
    func noticesGaps() throws {
        let host = try offlineHost(pluginPaths: [HostHarness.plugins])
        try host.install(try host.luaState.makeModule(name: "extra", functions: ["thing": { _ in [] }]), registering: ["thing"])
        let undocumented = Set(host.registeredFunctions).subtracting(try Self.documentedFunctions())
        #expect(undocumented == ["extra.thing"])
    }
}

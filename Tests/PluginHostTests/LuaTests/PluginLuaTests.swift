import CloudTwin
import Foundation
import LuaKit
import PluginHost
import StepwiseTesting
import Testing

/// Runs one Lua test function against a twin: loads its file in a sandbox with the host modules and the test
/// modules, and calls the function as a script that may write.
enum LuaTestRunner {
    struct Outcome: Sendable {
        /// The Lua error (with traceback), or nil when the test passed.
        var failure: String?
        /// Everything the host emitted while the test ran.
        var emitted: String
        /// Every secret value known at the end (the store's and the twin admin's).
        var secrets: [String]
    }

    static func run(_ test: LuaTestCase, twin: TwinFixture) throws -> Outcome {
        let harness = try HostHarness(twin: twin)
        try harness.installTestModules()
        let sandbox = try harness.host.makeSandbox()
        var failure: String?
        do {
            try harness.host.withScript(environment: harness.environment(), allowWrites: true) {
                try sandbox.runFile(test.file)
                guard case .function(let function) = try sandbox.global(test.function) else {
                    throw LuaError(kind: .usage, message: "\(test.file): \(test.function) is not a global function")
                }
                try harness.host.luaState.call(function)
            }
        } catch let error as LuaError {
            failure = error.message + (error.traceback.map { "\n" + $0 } ?? "")
        }
        harness.note(failure ?? "")
        return Outcome(failure: failure, emitted: harness.emittedText, secrets: try harness.secretValues())
    }
}

@Suite("Lua tests beside the plugins", .serialized)
struct PluginLuaTests {
    @Test("a plugin's Lua test passes against a fresh twin", arguments: LuaTestCase.discover())
    func luaTest(_ test: LuaTestCase) async throws {
        let twin = try await TwinFixture.start(TwinOptions(scenario: test.scenario))
        let outcome: LuaTestRunner.Outcome
        do {
            outcome = try await blocking { try LuaTestRunner.run(test, twin: twin) }
        } catch {
            await twin.stop()
            throw error
        }
        await twin.stop()
        if let failure = outcome.failure {
            Issue.record(Comment(rawValue: "\(test.testDescription) failed:\n\(failure)"))
        }
        for secret in outcome.secrets {
            #expect(!outcome.emitted.contains(secret), "a secret value appeared in the output of \(test.testDescription)")
        }
    }

    @Test("every plugin, and every overlay plugin, has a Lua test file with tests beside it")
    func everyPluginHasTests() {
        let catalogue = PluginCatalogue(roots: [HostHarness.plugins] + HostHarness.overlayPluginFolders)
        let plugins = catalogue.files()
        #expect(plugins.count >= 11)
        for plugin in plugins {
            let testFile = String(plugin.path.dropLast(".lua".count)) + "_test.lua"
            #expect(LuaTestCase.cases(in: testFile).count >= 1, "\(plugin.id) has no tests in \(testFile)")
        }
    }
}

import Foundation
import MicrosoftCloud
import PluginHost
import RunbookEngine
import StepwiseTesting
import Testing

/// A console that types a script and keeps what the debugger wrote.
private final class ScriptConsole: DebugConsole {
    var script: [String]
    var interruptAtEnd: Bool
    var output = ""

    init(_ script: [String], interruptAtEnd: Bool = false) {
        self.script = script
        self.interruptAtEnd = interruptAtEnd
    }

    func read(prompt: String) -> DebugInput {
        output += prompt
        guard !script.isEmpty else { return interruptAtEnd ? .interrupted : .end }
        let line = script.removeFirst()
        output += line + "\n"
        return .line(line)
    }

    func write(_ text: String) { output += text }
}

/// Hands the console to the run's thread; the test reads it after the run ended.
private final class ConsoleBox: @unchecked Sendable {
    let console: ScriptConsole
    init(_ console: ScriptConsole) { self.console = console }
}

/// The step debugger driving a run in process: Ctrl-C pauses at the next Lua line, Ctrl-C at the prompt quits,
/// and the client secret's value never reaches what it writes.
@Suite(.serialized) struct DebuggerControllerTests {
    private func run(_ twin: TwinFixture, _ state: StateLayout, _ console: ScriptConsole, step: Bool) async throws -> RunClosing {
        let connection = twin.connection
        let box = ConsoleBox(console)
        return try await blocking {
            let (prepared, host, forwarder) = try stageHost(connection, state: state)
            let debugger = try StepDebugger(host: host, console: box.console, stopBeforeEachStep: step,
                                            stepOrder: prepared.runbook.steps.map(\.id), handlesInterrupts: true)
            let runner = RunbookRunner(request: prepared.request(mode: .apply, cliVersion: "test"), host: host,
                                       forwarder: forwarder, state: state, sink: PlainRenderer(redactor: nil, write: { _ in }),
                                       controller: debugger)
            return try runner.run()
        }
    }

    @Test func ctrlCPausesAtTheNextLuaLineAndAtThePromptQuits() async throws {
        let folder = try TempFolder()
        let state = StateLayout(root: folder.path("state"))
        try await TwinFixture.with { twin in
            let console = ScriptConsole(["where", "eval ctx.step"], interruptAtEnd: true)
            DebugInterrupt.press()
            let closing = try await run(twin, state, console, step: false)
            #expect(closing.status == .paused, "\(console.output)")
            #expect(console.output.contains("── paused (Ctrl-C) at "), "\(console.output)")
            #expect(console.output.contains("entra/tenant.lua"), "the first Lua line of the first step: \(console.output)")
            #expect(console.output.contains("(stepwise tenant) eval ctx.step\n\"tenant\""), "\(console.output)")
            #expect(console.output.contains("Ctrl-C at the prompt: quitting"), "\(console.output)")
            let requests = try await blocking { try twin.control().requests() }
            #expect(requests.allSatisfy { ($0["method"]?.stringValue ?? "") == "GET" || ($0["path"]?.stringValue ?? "").hasSuffix("/token") },
                    "nothing was written")
        }
    }

    @Test func theSecretValueNeverReachesTheOutput() async throws {
        let folder = try TempFolder()
        let state = StateLayout(root: folder.path("state"))
        try await TwinFixture.with { twin in
            let console = ScriptConsole([
                "break entra/client_secret.lua:87", "continue", "locals", "eval cred.secretText", "eval cred",
                "eval tostring(ref)", "inspect http", "inspect http 6", "continue",
            ])
            let closing = try await run(twin, state, console, step: true)
            #expect(closing.status == .succeeded, "\(console.output)")
            let store = try FileSecretStore(directory: state.root.appendingPathComponent("secrets"))
            let stored = try #require(try store.list().first)
            let value = try store.value(name: stored.name)
            #expect(value.count >= 30)
            #expect(!console.output.contains(value), "the secret value was printed")
            #expect(console.output.contains("secretText = <secret>"), "\(console.output)")
            #expect(console.output.contains("/addPassword -> 200"), "exchange 6 is addPassword: \(console.output)")
            #expect(console.output.contains("\"secretText\": \"***\""), "its response is masked: \(console.output)")
        }
    }
}

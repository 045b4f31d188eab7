import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting

/// A plugin host against a twin: an in-memory secret store, reports in a temporary folder, every emitted text
/// (log and progress lines, exchanges with their bodies) collected so tests can search it for secrets.
/// Make and use it on one thread (inside `blocking { }`).
final class HostHarness {
    /// The repository (for `plugins/` and `runbooks/`).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let plugins = repository.appendingPathComponent("plugins").path
    static let runbooks = repository.appendingPathComponent("runbooks")

    /// The plugin folders of customer overlays (`runbooks/customers/*/plugins`).
    static var overlayPluginFolders: [String] {
        let customers = runbooks.appendingPathComponent("customers")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: customers.path)) ?? []
        return names.sorted().map { customers.appendingPathComponent($0).appendingPathComponent("plugins").path }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    let twin: TwinFixture
    let session: CloudSession
    let secrets = InMemorySecretStore()
    let control: TwinControl
    let host: PluginHost
    let reports: URL
    /// Every text the host emitted, in order.
    private(set) var emitted: [String] = []
    /// Gates opened so far.
    private(set) var gates: [GateRequest] = []
    /// Whether gates pass (the operator confirms) or stay pending.
    var confirmGates = false
    /// A Lua function that plays the operator when a gate opens (then the gate passes).
    var gateAction: LuaRef?

    init(
        twin: TwinFixture, pluginPaths: [String] = [HostHarness.plugins] + HostHarness.overlayPluginFolders,
        limits: LuaLimits = .pluginDefault
    ) throws {
        self.twin = twin
        session = try twin.session()
        control = try twin.control()
        reports = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-host-\(UUID().uuidString)")
        let box = Box()
        host = try PluginHost(session: session, options: PluginHostOptions(
            pluginPaths: pluginPaths, secretStore: secrets, reportsDirectory: reports, runbookDirectory: Self.runbooks,
            limits: limits,
            gate: { request in
                guard let harness = box.harness else { throw GatePendingError(message: request.message) }
                harness.gates.append(request)
                if let action = harness.gateAction {
                    try harness.host.luaState.call(action, [.string(request.message)])
                    return
                }
                guard harness.confirmGates else { throw GatePendingError(message: request.message) }
            },
            onEvent: { event in box.harness?.emit(event) }))
        box.harness = self
    }

    deinit {
        try? FileManager.default.removeItem(at: reports)
    }

    /// The twin's org `name` as `ctx.env`.
    func environment(_ name: String = "stage") -> EnvironmentSettings {
        HostConfiguration.twinEnvironment(twin.connection, name: name)
    }

    /// A step context for `plugin` in `mode` against environment `env`.
    func context(
        _ plugin: String, step: String = "step", parameters: [String: StepValue] = [:], mode: StepMode = .apply,
        env: String = "stage", outputs: [String: [String: StepValue]] = [:]
    ) -> StepContext {
        StepContext(
            step: step, plugin: plugin, parameters: parameters, environment: environment(env), outputs: outputs,
            mode: mode, runId: "test-run", runbook: "adobe-campaign-d365")
    }

    /// Runs a chunk as a script against the stage org.
    func script(_ code: String, allowWrites: Bool = true) throws -> [LuaValue] {
        try host.runScript(code, name: "=(test)", environment: environment(), allowWrites: allowWrites)
    }

    /// Everything emitted, one text.
    var emittedText: String { emitted.joined(separator: "\n") }

    /// The values of every secret in the store, and the twin's admin secret.
    func secretValues() throws -> [String] {
        var values = try secrets.list().map { try secrets.value(name: $0.name) }
        if let admin = try JSONValue.parse(twin.infoJSON)["admin"]?["client_secret"]?.stringValue { values.append(admin) }
        return values
    }

    /// Records a text that left the host (tests add error messages and Lua output too).
    func note(_ text: String) { emitted.append(text) }

    private func emit(_ event: HostEvent) {
        switch event {
        case .log(let line): emitted.append("\(line.level.rawValue): \(line.message)")
        case .progress(let progress): emitted.append(progress.line)
        case .exchange(let exchange):
            emitted.append(exchange.summary)
            if let body = exchange.requestBody { emitted.append(body) }
            if let body = exchange.responseBody { emitted.append(body) }
            if let failure = exchange.failure { emitted.append(failure) }
        }
    }

    /// Lets the host's closures reach the harness once it exists.
    private final class Box {
        weak var harness: HostHarness?
    }
}

import Foundation
public import LuaKit
public import MicrosoftCloud

/// The Lua API plugins see, over one signed-in `CloudSession`: host modules (`graph`, `dataverse`,
/// `powerplatform`, `oauth`, `secret`, `wait`, `json`, `log`, `report`, `gate`), plugin loading with contract
/// checks, parameter resolution, and step execution (read, plan, apply, verify).
///
/// A host owns one `LuaState` and is confined to one thread, like its session. Each plugin runs in its own
/// sandbox; a step's `ctx` is a read-only view made for that step.
public final class PluginHost {
    /// The cloud connection every host call uses.
    public let session: CloudSession
    /// How the host was set up.
    public let options: PluginHostOptions
    /// The Lua state of this host: install a line hook here for the step debugger.
    public let luaState: LuaState
    /// Where plugins are found.
    public let catalogue: PluginCatalogue

    let bridge: ValueBridge
    /// Modules installed into every sandbox (host modules, then any added with `install`).
    private(set) var modules: [LuaModule] = []
    /// Global host functions installed into every sandbox (`gate`).
    private(set) var globals: [String: LuaValue] = [:]
    /// Every host function registered, as `module.name` (or `name` for globals).
    public private(set) var registeredFunctions: [String] = []
    /// Sandboxes made so far (each gets modules installed later).
    private var sandboxes: [LuaSandbox] = []
    /// Loaded plugins by id.
    var loaded: [String: Plugin] = [:]
    /// The current caller of host functions.
    var scope: CallScope
    /// `string.format`, for `log.*`.
    let format: LuaRef
    /// `json.array`, the `json` module's marker.
    private let jsonArray: LuaRef
    /// `ctx.unknown`, shared by every step's `ctx` (made once the host exists).
    private(set) var ctxUnknown: LuaValue = .nil

    /// A host over `session` with these options. Fails when the Lua state cannot be made. The host takes over the
    /// session's `exchangeObserver` (an observer set before keeps being called first).
    public init(session: CloudSession, options: PluginHostOptions) throws {
        self.session = session
        self.options = options
        let state = try LuaState(limits: options.limits)
        let helpers = try state.makeSandbox(LuaSandboxOptions(installsJSON: true))
        let found = try helpers.run("return string.format, json.array", name: "=(host)")
        guard found.count == 2, case .function(let format) = found[0], case .function(let array) = found[1] else {
            throw LuaError(kind: .usage, message: "cannot find string.format and json.array")
        }
        luaState = state
        self.format = format
        jsonArray = array
        catalogue = PluginCatalogue(roots: options.pluginPaths)
        bridge = try ValueBridge(state: state, redactor: session.redactor)
        scope = CallScope(activity: .script, mode: .plan, writesAllowed: false, context: nil, environment: nil)
        try installHostModules()
        guard options.recordsExchanges else { return }
        let previous = session.exchangeObserver
        session.exchangeObserver = { [unowned self] record in
            previous?(record)
            let exchange = StepExchange(record, step: scope.stepId)
            scope.record(exchange)
            self.options.onEvent(.exchange(exchange))
        }
    }

    /// Adds a module (a test's `twin`, an engine's own) to every sandbox, those made before and after.
    public func install(_ module: LuaModule, registering functions: [String] = []) throws {
        modules.append(module)
        registeredFunctions.append(contentsOf: functions.map { "\(module.name).\($0)" })
        for sandbox in sandboxes { try sandbox.install(module) }
    }

    /// A new sandbox with every host module, `require` across the plugin folders (and `extraSearchPaths`), and
    /// `print` going to the log of the current step.
    public func makeSandbox(extraSearchPaths: [String] = []) throws -> LuaSandbox {
        let sandbox = try luaState.makeSandbox(LuaSandboxOptions(
            searchPaths: options.pluginPaths + extraSearchPaths, installsJSON: false,
            print: { [unowned self] line in log(.info, line) }))
        for module in modules { try sandbox.install(module) }
        for (name, value) in globals { try sandbox.setGlobal(name, value) }
        sandboxes.append(sandbox)
        return sandbox
    }

    // MARK: Registration

    /// Makes a module of host functions, records their names, and installs it in every sandbox.
    func register(
        _ name: String, functions: [String: LuaHostFunction], stackFunctions: [String: LuaStackHostFunction] = [:],
        values: [String: LuaValue] = [:]
    ) throws {
        let module = try luaState.makeModule(name: name, functions: functions, stackFunctions: stackFunctions, values: values)
        let names = functions.keys.sorted() + stackFunctions.keys.sorted() + values.filter { $0.value.reference != nil }.keys.sorted()
        try install(module, registering: names)
    }

    /// Registers a global host function such as `gate`.
    func registerGlobal(_ name: String, _ body: @escaping LuaHostFunction) {
        globals[name] = .function(luaState.makeFunction(name: name, body))
        registeredFunctions.append(name)
    }

    private func installHostModules() throws {
        ctxUnknown = .function(luaState.makeFunction(name: "ctx.unknown") { [unowned self] arguments in
            [.boolean(bridge.unknownReference(arguments[1]) != nil)]
        })
        registeredFunctions.append("ctx.unknown")
        try register("json", functions: jsonFunctions(), values: ["null": .null, "array": .function(jsonArray)])
        try register("log", functions: logFunctions())
        try register("graph", functions: graphFunctions(), stackFunctions: graphStackFunctions())
        try register("dataverse", functions: dataverseFunctions())
        try register("powerplatform", functions: powerPlatformFunctions())
        try register("oauth", functions: oauthFunctions())
        try register("secret", functions: secretFunctions())
        try register("wait", functions: waitFunctions())
        try register("report", functions: reportFunctions())
        registerGlobal("gate", gateFunction())
    }

    // MARK: Events

    /// Files a log line with the current scope and reports it (redacted).
    func log(_ level: StepLogLine.Level, _ message: String) {
        let line = StepLogLine(level: level, message: session.redactor.redact(message), step: scope.stepId)
        scope.logs.append(line)
        options.onEvent(.log(line))
    }

    /// Reports a progress line (redacted).
    func progress(_ progress: StepProgress) {
        var progress = progress
        progress.what = session.redactor.redact(progress.what)
        progress.detail = session.redactor.redact(progress.detail)
        progress.step = scope.stepId
        options.onEvent(.progress(progress))
    }

    /// Runs `body` with `scope` as the current scope, restoring the previous one afterwards.
    func withScope<T>(_ scope: CallScope, _ body: () throws -> T) rethrows -> T {
        let previous = self.scope
        self.scope = scope
        defer { self.scope = previous }
        return try body()
    }
}

@available(*, unavailable)
extension PluginHost: Sendable {}

import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting

// The test-only host modules of Lua tests: `twin` (the twin's control endpoints) and `harness` (runs a step the
// way the engine does, for `lib/testing.lua`).
extension HostHarness {
    /// Installs `twin` and `harness` into every sandbox of the host.
    func installTestModules() throws {
        try host.install(
            try host.luaState.makeModule(name: "twin", functions: twinFunctions()),
            registering: ["state", "requests", "mark", "faults", "rule", "reset", "info", "advance", "release_lag"])
        try host.install(
            try host.luaState.makeModule(name: "harness", functions: harnessFunctions()),
            registering: [
                "run", "unknown", "is_unknown", "gates", "confirm_gates", "on_gate", "secret_in_output", "contains_secret",
                "read_file", "logs",
            ])
    }

    private func twinFunctions() -> [String: LuaHostFunction] {
        [
            "state": { [unowned self] _ in [try host.luaValue(response: try control.state())] },
            "requests": { [unowned self] arguments in
                let since = Int(try arguments.optionalInteger(1, "since") ?? 0)
                return [try host.luaValue(response: .array(try control.requests(since: since)))]
            },
            "mark": { [unowned self] _ in
                [.integer(try control.requests().compactMap { $0["seq"]?.intValue }.max() ?? 0)]
            },
            "faults": { [unowned self] arguments in
                try control.setFaults(try Self.faultSettings(arguments[1]))
                return []
            },
            "rule": { [unowned self] arguments in
                _ = try arguments.map(1, "rule")
                try control.addRule(try host.stepValue(arguments[1], what: "twin.rule: argument 1 (rule)").json ?? .null)
                return []
            },
            "reset": { [unowned self] _ in
                try control.reset()
                return []
            },
            "info": { [unowned self] _ in
                var info = try JSONValue.parse(twin.infoJSON)
                info["admin"] = ["client_id": info["admin"]?["client_id"] ?? .null]
                return [try host.luaValue(response: info)]
            },
            "advance": { [unowned self] arguments in
                _ = try control.call("POST", "/clock/advance", body: ["seconds": .double(try arguments.number(1, "seconds"))])
                return []
            },
            "release_lag": { [unowned self] arguments in
                let count = Int(try arguments.integer(1, "count"))
                let status = Int(try arguments.integer(2, "status"))
                LagRelease.start(twin, after: count, of: LagRelease.status(status))
                return []
            },
        ]
    }

    /// `"lag.app=1500,install=100"` or `{ ["lag.app"] = 1500 }` as the JSON `PUT /faults` takes.
    private static func faultSettings(_ value: LuaValue) throws -> JSONValue {
        if let text = value.stringValue {
            var settings: [String: JSONValue] = [:]
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let number = Double(parts[1]) else {
                    throw LuaArgumentError("twin.faults: '\(pair)' is not key=number")
                }
                settings[parts[0]] = .double(number)
            }
            return .object(settings)
        }
        var settings: [String: JSONValue] = [:]
        for (key, element) in value.mapValue ?? [:] {
            guard let number = element.doubleValue else { throw LuaArgumentError("twin.faults: \(key) must be a number") }
            settings[key.description] = .double(number)
        }
        return .object(settings)
    }

    private func harnessFunctions() -> [String: LuaHostFunction] {
        [
            "run": { [unowned self] arguments in
                let plugin = try arguments.string(1, "plugin_id")
                let context = try stepContext(plugin, arguments[2])
                do {
                    return [try resultTable(try host.run(context))]
                } catch let error as StepError {
                    note(error.description)
                    throw LuaHostError(code: error.code, message: error.description, fields: [
                        "phase": .string(error.phase.rawValue), "step": .string(error.step),
                        "plugin": .string(error.plugin), "position": error.position.map(LuaValue.string) ?? .nil,
                        "status": error.status.map { .integer(Int64($0)) } ?? .nil,
                    ])
                }
            },
            "unknown": { [unowned self] arguments in [try host.unknownValue(try arguments.string(1, "reference"))] },
            "is_unknown": { [unowned self] arguments in
                [.boolean((try? host.stepValue(arguments[1])).map { if case .unknown = $0 { true } else { false } } ?? false)]
            },
            "gates": { [unowned self] _ in [.array(gates.map { .string($0.message) })] },
            "confirm_gates": { [unowned self] arguments in
                confirmGates = try arguments.boolean(1, "confirm")
                return []
            },
            "on_gate": { [unowned self] arguments in
                gateAction = try arguments.optionalFunction(1, "action")
                return []
            },
            "contains_secret": { [unowned self] arguments in
                let value = try secrets.value(name: try arguments.string(1, "name"))
                return [.boolean(try arguments.string(2, "text").contains(value))]
            },
            "read_file": { arguments in
                let path = try arguments.string(1, "path")
                guard let data = FileManager.default.contents(atPath: path) else { return [.nil] }
                return [.string(LuaString(bytes: [UInt8](data)))]
            },
            "secret_in_output": { [unowned self] arguments in
                let value = try secrets.value(name: try arguments.string(1, "name"))
                return [.boolean(emittedText.contains(value))]
            },
            "logs": { [unowned self] _ in [.array(emitted.map { .string($0) })] },
        ]
    }

    /// The `ctx` spec of `lib/testing.lua` as a step context.
    private func stepContext(_ plugin: String, _ spec: LuaValue) throws -> StepContext {
        let mode = StepMode(rawValue: spec["mode"].stringValue ?? "apply") ?? .apply
        let environment: EnvironmentSettings
        if case .string(let name) = spec["env"] {
            environment = self.environment(name.string)
        } else if spec["env"].isNil {
            environment = self.environment()
        } else {
            guard case .object(var settings) = try host.stepValue(spec["env"], what: "ctx.env"),
                let name = settings.removeValue(forKey: "name")?.stringValue
            else { throw LuaArgumentError("harness.run: ctx.env must be an environment name or a table with a name") }
            environment = EnvironmentSettings(name: name, settings: settings)
        }
        var parameters: [String: StepValue] = [:]
        if case .object(let members) = try host.stepValue(spec["params"], what: "ctx.params") { parameters = members }
        var outputs: [String: [String: StepValue]] = [:]
        if case .object(let steps) = try host.stepValue(spec["outputs"], what: "ctx.outputs") {
            for (step, values) in steps { outputs[step] = values.objectMembers }
        }
        return StepContext(
            step: spec["step"].stringValue ?? String(plugin.split(separator: ".").last ?? "step"), plugin: plugin,
            parameters: parameters, environment: environment, outputs: outputs, mode: mode,
            runId: spec["run_id"].stringValue ?? "test-run", runbook: spec["runbook"].stringValue ?? "adobe-campaign-d365",
            customer: spec["customer"].stringValue ?? "default", rotateSecret: spec["rotate_secret"].boolValue ?? false)
    }

    /// `{ status =, changes = {{action=, target=, detail=}}, outputs = {...}, logs = {...}, exchanges = {...} }`.
    private func resultTable(_ result: StepResult) throws -> LuaValue {
        var outputs: [LuaKey: LuaValue] = [:]
        for (name, value) in result.outputs { outputs[.string(name)] = try host.luaValue(value) }
        let changes: [LuaValue] = try result.changes.map { change in
            var entry: [LuaKey: LuaValue] = ["action": .string(change.action.rawValue), "target": .string(change.target)]
            if let detail = change.detail { entry["detail"] = .string(detail) }
            if let data = change.data { entry["data"] = try host.luaValue(data) }
            return .map(entry)
        }
        return .map([
            "status": .string(result.status.rawValue), "changes": .array(changes), "outputs": .map(outputs),
            "logs": .array(result.logs.map { .string("\($0.level.rawValue): \($0.message)") }),
            "exchanges": .array(result.exchanges.map { .string($0.summary) }),
        ])
    }
}

extension StepValue {
    /// The members of an object (empty for anything else).
    var objectMembers: [String: StepValue] {
        if case .object(let members) = self { return members }
        return [:]
    }
}

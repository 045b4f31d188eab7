public import LuaKit
public import MicrosoftCloud

// Lua outside any step: `stepwise lua`, Lua test files, and the conversions their host modules need.
extension PluginHost {
    /// Runs a chunk in a new sandbox with the host modules, outside any step. Dataverse and Power Platform calls
    /// go to `environment`'s org; writes pass only with `allowWrites` (otherwise `plan.write_refused`).
    public func runScript(
        _ code: String, name: String, environment: EnvironmentSettings? = nil, allowWrites: Bool = false,
        extraSearchPaths: [String] = []
    ) throws -> [LuaValue] {
        let sandbox = try makeSandbox(extraSearchPaths: extraSearchPaths)
        return try withScript(environment: environment, allowWrites: allowWrites) {
            try sandbox.run(code, name: name, limits: options.limits)
        }
    }

    /// Runs `body` (which calls into Lua) as a script outside any step, with the same rules as `runScript`.
    public func withScript<T>(
        environment: EnvironmentSettings?, allowWrites: Bool, _ body: () throws -> T
    ) rethrows -> T {
        let scope = CallScope(
            activity: .script, mode: allowWrites ? .apply : .plan, writesAllowed: allowWrites, context: nil,
            environment: environment)
        return try withScope(scope, body)
    }

    /// The data of a Lua value (read-only views read as their data, placeholders as `.unknown`); secret handles,
    /// functions and other userdata are refused with a message naming `what`.
    public func stepValue(_ value: LuaValue, what: String = "value") throws -> StepValue {
        do {
            return try bridge.stepValue(value, allowUnknown: true)
        } catch {
            throw LuaArgumentError(error.message(for: what))
        }
    }

    /// A step value as a Lua value (unknown values become placeholders).
    public func luaValue(_ value: StepValue) throws -> LuaValue {
        try bridge.lua(value)
    }

    /// An API answer as a Lua value (secret fields become handles).
    public func luaValue(response json: JSONValue) throws -> LuaValue {
        try bridge.lua(response: json)
    }

    /// A placeholder for a value only known after apply (what `ctx.unknown` recognises).
    public func unknownValue(_ reference: String) throws -> LuaValue {
        try bridge.unknown(reference)
    }

    /// Whether `value` is a secret handle.
    public func isSecretHandle(_ value: LuaValue) -> Bool {
        bridge.secretValue(value) != nil
    }
}

extension PluginHost {
    /// What a script returned as JSON text (`stepwise lua`): one value as itself, several as an array, none as
    /// nil. Read-only views print as their data and placeholders as `"(known after apply: ...)"`; a secret handle
    /// is refused.
    public func jsonText(of results: [LuaValue]) throws -> String? {
        func json(_ value: LuaValue, _ what: String) throws -> JSONValue {
            let data = try stepValue(value, what: what)
            return data.json ?? .string(data.description)
        }
        switch results.count {
        case 0: return nil
        case 1: return try json(results[0], "result").serializedString()
        default:
            return JSONValue.array(try results.enumerated().map { try json($1, "result \($0 + 1)") }).serializedString()
        }
    }
}

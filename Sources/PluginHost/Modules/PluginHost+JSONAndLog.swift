import LuaKit
import MicrosoftCloud

// `json` (encode refuses secret handles and placeholders; read-only views encode as their data) and `log`.
extension PluginHost {
    func jsonFunctions() -> [String: LuaHostFunction] {
        [
            "encode": { [unowned self] arguments in
                let json = try bridge.json(arguments[1], argument: "json.encode: argument 1 (value)")
                return [.string(json.serializedString())]
            },
            "decode": { arguments in
                let text = try arguments.bytes(1, "text")
                do {
                    return [try arguments.state.value(fromJSON: text)]
                } catch let error as LuaJSONError {
                    throw LuaArgumentError("json.decode: \(error.message)")
                }
            },
        ]
    }

    func logFunctions() -> [String: LuaHostFunction] {
        var functions: [String: LuaHostFunction] = [:]
        for level in [StepLogLine.Level.debug, .info, .warn] {
            functions[level.rawValue] = { [unowned self] arguments in
                log(level, try formatted(arguments, function: "log.\(level.rawValue)"))
                return []
            }
        }
        return functions
    }

    /// `string.format(fmt, ...)` of the arguments; secret handles print as `<secret>` (their `tostring`).
    private func formatted(_ arguments: LuaArguments, function: String) throws -> String {
        _ = try arguments.string(1, "fmt")
        if arguments.count == 1 { return arguments[1].stringValue ?? "" }
        do {
            let results = try arguments.state.call(format, arguments.values)
            return results.first?.stringValue ?? ""
        } catch let error as LuaError {
            throw LuaArgumentError("\(function): \(Self.withoutPosition(error.message))")
        }
    }

    /// A Lua message without its leading `chunk:line: ` position (the caller's position is added again).
    static func withoutPosition(_ message: String) -> String {
        guard let range = message.range(of: #"^[^:\n]+:\d+: "#, options: .regularExpression) else { return message }
        return String(message[range.upperBound...])
    }
}

import LuaKit

/// An options table passed to a host function (`{ expect = "replication", headers = {...} }`), read with checks
/// whose messages name the function, the argument and the field; unknown fields are refused with a suggestion.
struct LuaOptions {
    private let function: String
    private let position: Int
    private let name: String
    private let entries: [String: LuaValue]

    /// `graph.get: argument 2 (opts)`, for messages (made only when one is needed: options are read on every call).
    private var prefix: String { "\(function): argument \(position) (\(name))" }

    /// Reads argument `position` (nil or absent gives empty options); it must be a table of known fields.
    init(_ arguments: LuaArguments, _ position: Int, name: String = "opts", known: Set<String>) throws {
        function = arguments.function
        self.position = position
        self.name = name
        guard let map = try arguments.optionalMap(position, name) else {
            entries = [:]
            return
        }
        var entries: [String: LuaValue] = [:]
        for (key, value) in map {
            guard case .string(let text) = key, known.contains(text.string) else {
                let shown = key.description
                throw LuaArgumentError(
                    "\(arguments.function): argument \(position) (\(name)) has an unknown field '\(shown)'\(Suggestion.hint(for: shown, in: known))"
                        + " (known: \(known.sorted().joined(separator: ", ")))")
            }
            entries[text.string] = value
        }
        self.entries = entries
    }

    /// The raw value of a field (`.nil` when absent).
    subscript(key: String) -> LuaValue { entries[key] ?? .nil }

    func string(_ key: String) throws -> String? {
        switch self[key] {
        case .nil: return nil
        case .string(let text): return text.string
        case let other: throw mistyped(key, "a string", other)
        }
    }

    func integer(_ key: String) throws -> Int? {
        switch self[key] {
        case .nil: return nil
        case let value:
            guard let integer = value.integerValue, let result = Int(exactly: integer) else {
                throw mistyped(key, "an integer", value)
            }
            return result
        }
    }

    func number(_ key: String) throws -> Double? {
        switch self[key] {
        case .nil: return nil
        case let value:
            guard let number = value.doubleValue else { throw mistyped(key, "a number", value) }
            return number
        }
    }

    func boolean(_ key: String) throws -> Bool? {
        switch self[key] {
        case .nil: return nil
        case .boolean(let flag): return flag
        case let other: throw mistyped(key, "a boolean", other)
        }
    }

    /// A table of string keys and string values (such as headers).
    func stringMap(_ key: String) throws -> [String: String]? {
        switch self[key] {
        case .nil: return nil
        case let value:
            guard let map = value.mapValue else { throw mistyped(key, "a table of strings", value) }
            var result: [String: String] = [:]
            for (name, element) in map {
                guard case .string(let nameText) = name, let text = element.stringValue else {
                    throw LuaArgumentError("\(prefix) field '\(key)' must map strings to strings (entry \(name))")
                }
                result[nameText.string] = text
            }
            return result
        }
    }

    /// A list of strings.
    func stringList(_ key: String) throws -> [String]? {
        switch self[key] {
        case .nil: return nil
        case let value:
            guard let list = value.arrayValue else { throw mistyped(key, "a list of strings", value) }
            return try list.enumerated().map { offset, element in
                guard let text = element.stringValue else {
                    throw LuaArgumentError("\(prefix) field '\(key)[\(offset + 1)]' must be a string, got \(element.typeName)")
                }
                return text
            }
        }
    }

    /// A field that must be one of `choices` when present.
    func choice(_ key: String, _ choices: [String]) throws -> String? {
        guard let value = try string(key) else { return nil }
        guard choices.contains(value) else {
            throw LuaArgumentError(
                "\(prefix) field '\(key)' must be \(choices.map { "\"\($0)\"" }.joined(separator: " or ")), got \"\(value)\"")
        }
        return value
    }

    private func mistyped(_ key: String, _ expected: String, _ value: LuaValue) -> LuaArgumentError {
        LuaArgumentError("\(prefix) field '\(key)' must be \(expected), got \(value.typeName)")
    }
}

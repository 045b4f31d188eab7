/// The arguments of a call from Lua to a host function, with checks that produce Lua-style messages such as
/// `graph.get: argument 1 (path) must be a string, got nil`. Positions are 1-based, as Lua counts.
///
/// Up to three arguments are stored inline, so a call with few arguments allocates nothing for them.
public struct LuaArguments {
    /// The host function's name, such as `graph.get`.
    public let function: String
    /// How many arguments were passed.
    public let count: Int
    /// The state running the call: use it for nested calls (`state.call(callback, ...)`). Valid during the call.
    public unowned(unsafe) let state: LuaState
    private let first: LuaValue
    private let second: LuaValue
    private let third: LuaValue
    private let rest: [LuaValue]

    /// Arguments 1...count: the first three inline, the others in `rest`.
    init(
        function: String, count: Int, state: LuaState, first: LuaValue, second: LuaValue, third: LuaValue,
        rest: [LuaValue]
    ) {
        self.function = function
        self.count = count
        self.state = state
        self.first = first
        self.second = second
        self.third = third
        self.rest = rest
    }

    /// The arguments, in order (index 0 is argument 1).
    public var values: [LuaValue] {
        (0..<count).map { self[$0 + 1] }
    }

    /// Argument `position` (1-based); `.nil` when absent.
    public subscript(position: Int) -> LuaValue {
        switch position {
        case 1: first
        case 2: second
        case 3: third
        case 4...: position <= count ? rest[position - 4] : .nil
        default: .nil
        }
    }

    /// The error for argument `position` (named `name`) not being `expected`.
    public func error(_ position: Int, _ name: String, expected: String) -> LuaArgumentError {
        LuaArgumentError("\(function): argument \(position) (\(name)) must be \(expected), got \(self[position].typeName)")
    }

    /// Argument `position` as text; it must be a string.
    public func string(_ position: Int, _ name: String) throws -> String {
        guard let text = self[position].stringValue else { throw error(position, name, expected: "a string") }
        return text
    }

    /// Argument `position` as text, or nil when it is nil or absent; otherwise it must be a string.
    public func optionalString(_ position: Int, _ name: String) throws -> String? {
        self[position].isNil ? nil : try string(position, name)
    }

    /// Argument `position` as bytes; it must be a string.
    public func bytes(_ position: Int, _ name: String) throws -> [UInt8] {
        guard let bytes = self[position].bytesValue else { throw error(position, name, expected: "a string") }
        return bytes
    }

    /// Argument `position`; it must be an integer (or a float with an integral value).
    public func integer(_ position: Int, _ name: String) throws -> Int64 {
        guard let integer = self[position].integerValue else { throw error(position, name, expected: "an integer") }
        return integer
    }

    /// Argument `position`, or nil when it is nil or absent; otherwise it must be an integer.
    public func optionalInteger(_ position: Int, _ name: String) throws -> Int64? {
        self[position].isNil ? nil : try integer(position, name)
    }

    /// Argument `position` as a Double; it must be a number.
    public func number(_ position: Int, _ name: String) throws -> Double {
        guard let number = self[position].doubleValue else { throw error(position, name, expected: "a number") }
        return number
    }

    /// Argument `position`, or nil when it is nil or absent; otherwise it must be a number.
    public func optionalNumber(_ position: Int, _ name: String) throws -> Double? {
        self[position].isNil ? nil : try number(position, name)
    }

    /// Argument `position`; it must be a boolean.
    public func boolean(_ position: Int, _ name: String) throws -> Bool {
        guard let flag = self[position].boolValue else { throw error(position, name, expected: "a boolean") }
        return flag
    }

    /// Argument `position`, or nil when it is nil or absent; otherwise it must be a boolean.
    public func optionalBoolean(_ position: Int, _ name: String) throws -> Bool? {
        self[position].isNil ? nil : try boolean(position, name)
    }

    /// Argument `position` as a table with keys (an array counts, with keys 1...n); it must be a table.
    public func map(_ position: Int, _ name: String) throws -> [LuaKey: LuaValue] {
        guard let entries = self[position].mapValue else { throw error(position, name, expected: "a table") }
        return entries
    }

    /// Argument `position` as a table, or nil when it is nil or absent.
    public func optionalMap(_ position: Int, _ name: String) throws -> [LuaKey: LuaValue]? {
        self[position].isNil ? nil : try map(position, name)
    }

    /// Argument `position` as a sequence (an empty table counts); it must be an array-like table.
    public func array(_ position: Int, _ name: String) throws -> [LuaValue] {
        guard let elements = self[position].arrayValue else { throw error(position, name, expected: "an array") }
        return elements
    }

    /// Argument `position` as a table value (`.array` or `.map`); it must be a table.
    public func table(_ position: Int, _ name: String) throws -> LuaValue {
        switch self[position] {
        case .array, .map: return self[position]
        default: throw error(position, name, expected: "a table")
        }
    }

    /// Argument `position` as a table value, or nil when it is nil or absent.
    public func optionalTable(_ position: Int, _ name: String) throws -> LuaValue? {
        self[position].isNil ? nil : try table(position, name)
    }

    /// Argument `position` as a function reference; it must be a function.
    public func function(_ position: Int, _ name: String) throws -> LuaRef {
        guard case .function(let ref) = self[position] else { throw error(position, name, expected: "a function") }
        return ref
    }

    /// Argument `position` as a function reference, or nil when it is nil or absent.
    public func optionalFunction(_ position: Int, _ name: String) throws -> LuaRef? {
        self[position].isNil ? nil : try function(position, name)
    }
}

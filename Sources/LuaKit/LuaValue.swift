/// A Lua value copied into Swift, or a reference to a function or table that stays in Lua.
///
/// Lua to Swift: a table whose keys are exactly 1...n is an `.array`; an empty table is an `.array` when it was
/// marked with `json.array` (or came from Swift as an array), otherwise an empty `.map`; any other table is a `.map`
/// with string and integer keys. JSON's null is `.null`, distinct from `.nil`.
public enum LuaValue: Sendable, Equatable {
    /// Lua's nil.
    case `nil`
    /// The JSON null sentinel (`json.null` in Lua).
    case null
    /// A boolean.
    case boolean(Bool)
    /// An integer (Lua's integer subtype), kept distinct from floats.
    case integer(Int64)
    /// A float (Lua's float subtype).
    case number(Double)
    /// A string, as bytes.
    case string(LuaString)
    /// A sequence (Lua keys 1...n).
    case array([LuaValue])
    /// A table with string and integer keys.
    case map([LuaKey: LuaValue])
    /// A function that stays in Lua; call it with `LuaState.call(_:_:)`.
    case function(LuaRef)
    /// A table (or host module) that stays in Lua.
    case table(LuaRef)

    /// A string value holding the UTF-8 encoding of `text`.
    public static func string(_ text: String) -> LuaValue {
        .string(LuaString(text))
    }

    /// Lua's type name for this value (`json.null` for the null sentinel).
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .null: "json.null"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array, .map, .table: "table"
        case .function: "function"
        }
    }

    /// True for everything except nil and false, as in Lua (`json.null` is true).
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): false
        default: true
        }
    }

    /// True for `.nil`.
    public var isNil: Bool { self == .nil }

    /// The string as text (lossy for non-UTF-8 bytes), or nil if this is not a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string.string }
        return nil
    }

    /// The string's bytes, or nil if this is not a string.
    public var bytesValue: [UInt8]? {
        if case .string(let string) = self { return string.bytes }
        return nil
    }

    /// The integer, or a float with an exact integer value (as `math.tointeger` does); nil otherwise.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// The number as a Double (integers converted); nil if this is not a number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The boolean, or nil if this is not a boolean.
    public var boolValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The elements of an array (an empty map counts as an empty array); nil otherwise.
    public var arrayValue: [LuaValue]? {
        switch self {
        case .array(let elements): elements
        case .map(let entries) where entries.isEmpty: []
        default: nil
        }
    }

    /// The entries of a map (an array becomes a map with integer keys 1...n); nil otherwise.
    public var mapValue: [LuaKey: LuaValue]? {
        switch self {
        case .map(let entries):
            return entries
        case .array(let elements):
            var entries: [LuaKey: LuaValue] = [:]
            for (offset, element) in elements.enumerated() { entries[.integer(Int64(offset + 1))] = element }
            return entries
        default:
            return nil
        }
    }

    /// The reference of a function or table that stays in Lua; nil otherwise.
    public var reference: LuaRef? {
        switch self {
        case .function(let ref), .table(let ref): ref
        default: nil
        }
    }

    /// The value of a map entry; `.nil` when absent or when this is not a map.
    public subscript(key: String) -> LuaValue {
        if case .map(let entries) = self { return entries[.string(key)] ?? .nil }
        return .nil
    }

    /// The value at a Lua index (1-based) of an array or map; `.nil` when absent.
    public subscript(index: Int) -> LuaValue {
        switch self {
        case .array(let elements): (index >= 1 && index <= elements.count) ? elements[index - 1] : .nil
        case .map(let entries): entries[.integer(Int64(index))] ?? .nil
        default: .nil
        }
    }
}

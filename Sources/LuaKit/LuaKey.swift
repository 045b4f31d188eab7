/// A key of a Lua table converted to Swift: a string or an integer.
public enum LuaKey: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    /// A string key.
    case string(LuaString)
    /// An integer key.
    case integer(Int64)

    /// A string key holding the UTF-8 encoding of `text`.
    public static func string(_ text: String) -> LuaKey {
        .string(LuaString(text))
    }

    /// A string key from a literal.
    public init(stringLiteral value: String) {
        self = .string(LuaString(value))
    }

    /// An integer key from a literal.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }

    /// The key as Lua would print it.
    public var description: String {
        switch self {
        case .string(let string): string.string
        case .integer(let integer): String(integer)
        }
    }

    /// The key as a `LuaValue`.
    public var value: LuaValue {
        switch self {
        case .string(let string): .string(string)
        case .integer(let integer): .integer(integer)
        }
    }

    /// Integer keys first (in numeric order), then string keys (byte-wise): the order of encoded JSON objects.
    public static func < (lhs: LuaKey, rhs: LuaKey) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let left), .integer(let right)): left < right
        case (.string(let left), .string(let right)): left < right
        case (.integer, .string): true
        case (.string, .integer): false
        }
    }
}

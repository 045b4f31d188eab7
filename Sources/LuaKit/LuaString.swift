/// A Lua string: a sequence of bytes (embedded NULs and non-UTF-8 bytes survive), with `String` access.
public struct LuaString: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The bytes of the string.
    public var bytes: [UInt8]

    /// A string with these bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A string holding the UTF-8 encoding of `string`.
    public init(_ string: String) {
        self.bytes = Array(string.utf8)
    }

    /// A string holding the UTF-8 encoding of the literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The bytes decoded as UTF-8; invalid sequences become U+FFFD.
    public var string: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes decoded as UTF-8, or nil when they are not valid UTF-8.
    public var validString: String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// The string as text (lossy for non-UTF-8 bytes).
    public var description: String { string }

    /// Hashes the bytes as one block (the synthesised hash feeds the hasher a byte at a time, which made reading
    /// JSON into Lua tables spend a third of its time hashing keys).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Byte-wise order, like Lua's `<` on strings in the C locale.
    public static func < (lhs: LuaString, rhs: LuaString) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

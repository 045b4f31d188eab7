/// Makes the values of a JSON document as `JSONParser` reads them, so each layer gets its own value type
/// (`LuaValue`, `JSONValue`) straight from the bytes, without an intermediate tree.
public protocol JSONBuilder {
    /// The value of one JSON value.
    associatedtype Value
    /// An object member's name.
    associatedtype Key: Hashable

    /// `null`.
    func null() -> Value
    /// `true` or `false`.
    func bool(_ value: Bool) -> Value
    /// A number without fraction or exponent that fits in 64 bits.
    func integer(_ value: Int64) -> Value
    /// Any other finite number.
    func number(_ value: Double) -> Value
    /// A string, as its UTF-8 bytes (escapes resolved; the document was checked to be UTF-8).
    func string(_ utf8: ArraySlice<UInt8>) -> Value
    /// An object member's name, as its UTF-8 bytes.
    func key(_ utf8: ArraySlice<UInt8>) -> Key
    /// An object; a name given twice keeps its last value.
    func object(_ members: [Key: Value]) -> Value
    /// An array.
    func array(_ elements: [Value]) -> Value
}

/// JSON text that is not valid: what is wrong, and the byte (1-based) where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. `unexpected ',' after the value`.
    public let reason: String
    /// The 1-based byte offset where it was found, or nil for faults of the whole text (not UTF-8).
    public let byte: Int?

    /// An error for `reason` at `byte`.
    public init(reason: String, byte: Int?) {
        self.reason = reason
        self.byte = byte
    }

    /// `invalid JSON at byte 12: unexpected '}'`.
    public var description: String {
        byte.map { "invalid JSON at byte \($0): \(reason)" } ?? "invalid JSON: \(reason)"
    }
}

/// Makes the values of a JSON document as `JSONParser` reads them, so each layer gets its own value type
/// (`LuaValue`, `JSONValue`) straight from the bytes, without an intermediate tree of another type.
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

extension JSONParser {
    /// The value of the JSON document in `bytes`, made by `builder`; anything but whitespace after it is an error.
    @inlinable
    public static func value<Builder: JSONBuilder>(
        of bytes: [UInt8], builder: Builder, maxDepth: Int
    ) throws(JSONSyntaxError) -> Builder.Value {
        var assembler = JSONTreeAssembler(builder: builder)
        try parse(bytes, maxDepth: maxDepth, into: &assembler)
        guard let value = assembler.finished else { preconditionFailure("a parsed document has a value") }
        return value
    }

    /// Reads `bytes` into `handler`, which never throws: only syntax errors come out.
    @inlinable
    static func parse<Handler: JSONEventHandler>(
        _ bytes: [UInt8], maxDepth: Int, into handler: inout Handler
    ) throws(JSONSyntaxError) {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        do {
            try parser.parseDocument(into: &handler)
        } catch let error as JSONSyntaxError {
            throw error
        } catch {
            preconditionFailure("\(Handler.self) does not throw: \(error)")
        }
    }
}

/// Turns parser events into a tree: each open container is a frame until it closes, then the builder makes its value.
@usableFromInline
struct JSONTreeAssembler<Builder: JSONBuilder>: JSONEventHandler {
    @usableFromInline
    enum Frame {
        case object([Builder.Key: Builder.Value], key: Builder.Key?)
        case array([Builder.Value])
    }

    @usableFromInline let builder: Builder
    @usableFromInline var frames: [Frame] = []
    @usableFromInline var finished: Builder.Value?

    @inlinable
    init(builder: Builder) {
        self.builder = builder
    }

    /// Files a finished value in the open container, or as the document's value. Frames are taken out of the
    /// stack while they change, so their dictionaries and arrays are never copied.
    @inlinable
    mutating func file(_ value: Builder.Value) {
        guard let frame = frames.popLast() else {
            finished = value
            return
        }
        switch consume frame {
        case .object(var members, let key):
            if let key { members[key] = value }
            frames.append(.object(members, key: nil))
        case .array(var elements):
            elements.append(value)
            frames.append(.array(elements))
        }
    }

    @inlinable mutating func null() { file(builder.null()) }
    @inlinable mutating func bool(_ value: Bool) { file(builder.bool(value)) }
    @inlinable mutating func integer(_ value: Int64) { file(builder.integer(value)) }
    @inlinable mutating func number(_ value: Double) { file(builder.number(value)) }
    @inlinable mutating func string(_ utf8: ArraySlice<UInt8>) { file(builder.string(utf8)) }
    @inlinable mutating func beginObject() { frames.append(.object([:], key: nil)) }
    @inlinable mutating func beginArray() { frames.append(.array([])) }
    @inlinable mutating func endMember() {}
    @inlinable mutating func endElement(_ position: Int) {}

    @inlinable
    mutating func key(_ utf8: ArraySlice<UInt8>) {
        guard case .object(let members, _) = frames.popLast() else { preconditionFailure("a key outside an object") }
        frames.append(.object(members, key: builder.key(utf8)))
    }

    @inlinable
    mutating func endObject() {
        guard case .object(let members, _) = frames.popLast() else { preconditionFailure("an object end outside an object") }
        file(builder.object(members))
    }

    @inlinable
    mutating func endArray() {
        guard case .array(let elements) = frames.popLast() else { preconditionFailure("an array end outside an array") }
        file(builder.array(elements))
    }
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

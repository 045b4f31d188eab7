/// Receives a JSON document as events, in document order, for targets that build containers in place (a Lua table
/// on the Lua stack) rather than from finished members.
///
/// Scalars and containers are values; after a member's value, `endMember` files it under the last `key`; after an
/// element's value, `endElement` files it at its 1-based position.
public protocol JSONEventHandler {
    /// `null`.
    mutating func null() throws
    /// `true` or `false`.
    mutating func bool(_ value: Bool) throws
    /// A number without fraction or exponent that fits in 64 bits.
    mutating func integer(_ value: Int64) throws
    /// Any other finite number.
    mutating func number(_ value: Double) throws
    /// A string value, as its UTF-8 bytes (escapes resolved).
    mutating func string(_ utf8: ArraySlice<UInt8>) throws
    /// An object starts.
    mutating func beginObject() throws
    /// A member's name, before its value.
    mutating func key(_ utf8: ArraySlice<UInt8>) throws
    /// The value of the member named last is complete.
    mutating func endMember() throws
    /// The object is complete.
    mutating func endObject() throws
    /// An array starts.
    mutating func beginArray() throws
    /// The element at `position` (1-based) is complete.
    mutating func endElement(_ position: Int) throws
    /// The array is complete.
    mutating func endArray() throws
}

extension JSONParser {
    /// Reads the document into `handler` as events; anything but whitespace after it is an error. Syntax errors
    /// are `JSONSyntaxError`s; errors the handler throws pass through unchanged.
    @inlinable
    public mutating func parseDocument<Handler: JSONEventHandler>(into handler: inout Handler) throws {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw JSONSyntaxError(reason: "the text is not valid UTF-8", byte: nil)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        try streamValue(into: &handler, depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw failure("unexpected \(describeCurrent()) after the value") }
    }

    @inlinable
    mutating func streamValue<Handler: JSONEventHandler>(into handler: inout Handler, depth: Int) throws {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("unexpected end of text, expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            let isEmpty = try open(depth: depth, closing: UInt8(ascii: "}"))
            try handler.beginObject()
            if !isEmpty {
                repeat {
                    skipWhitespace()
                    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                        throw failure("unexpected \(describeCurrent()), expected a string key")
                    }
                    try handler.key(try parseString())
                    skipWhitespace()
                    guard consume(UInt8(ascii: ":")) else { throw failure("unexpected \(describeCurrent()), expected ':'") }
                    try streamValue(into: &handler, depth: depth + 1)
                    try handler.endMember()
                    skipWhitespace()
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "}")) else { throw failure("unexpected \(describeCurrent()), expected ',' or '}'") }
            }
            try handler.endObject()
        case UInt8(ascii: "["):
            let isEmpty = try open(depth: depth, closing: UInt8(ascii: "]"))
            try handler.beginArray()
            if !isEmpty {
                var position = 0
                repeat {
                    try streamValue(into: &handler, depth: depth + 1)
                    position += 1
                    try handler.endElement(position)
                    skipWhitespace()
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "]")) else { throw failure("unexpected \(describeCurrent()), expected ',' or ']'") }
            }
            try handler.endArray()
        case UInt8(ascii: "\""): try handler.string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); try handler.bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); try handler.bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); try handler.null()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            switch try scanNumber() {
            case .integer(let value): try handler.integer(value)
            case .double(let value): try handler.number(value)
            }
        default: throw failure("unexpected \(describeCurrent()), expected a value")
        }
    }

    /// Steps over the opening bracket of a container at `depth`; true when the container is empty (its closing
    /// bracket is then consumed too).
    @inlinable
    mutating func open(depth: Int, closing: UInt8) throws(JSONSyntaxError) -> Bool {
        try enter(depth)
        offset += 1
        skipWhitespace()
        return consume(closing)
    }
}

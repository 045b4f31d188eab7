/// Reads JSON text (RFC 8259) as events for a `JSONEventHandler` (see `parseDocument(into:)`), or into a tree of
/// values made by a `JSONBuilder` (see `value(of:builder:maxDepth:)`). Integers stay apart from floats, a leading
/// UTF-8 byte order mark is ignored, nesting is bounded, and every error names the byte where it was found.
///
/// The methods are inlinable so that each handler gets its own specialised copy of the loop.
public struct JSONParser {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let maxDepth: Int
    @usableFromInline var offset = 0

    /// A parser of `bytes` (UTF-8) that refuses arrays and objects nested deeper than `maxDepth`.
    @inlinable
    public init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    @inlinable
    func enter(_ depth: Int) throws(JSONSyntaxError) {
        guard depth < maxDepth else { throw failure("arrays and objects nest deeper than \(maxDepth) levels") }
    }

    /// The bytes of the string at `offset` (on its opening quote): a slice of the text when it holds no escape.
    @inlinable
    mutating func parseString() throws(JSONSyntaxError) -> ArraySlice<UInt8> {
        offset += 1
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return bytes[start..<offset - 1]
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw failure("unescaped control character in a string") }
            offset += 1
        }
        throw failure("unterminated string")
    }

    /// The rest of a string that holds escapes, copied from `start`.
    @inlinable
    mutating func parseEscapedString(from start: Int) throws(JSONSyntaxError) -> ArraySlice<UInt8> {
        var result = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return result[...]
            case UInt8(ascii: "\\"):
                try parseEscape(into: &result)
            case 0..<0x20:
                offset -= 1
                throw failure("unescaped control character in a string")
            default:
                result.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    @inlinable
    mutating func parseEscape(into result: inout [UInt8]) throws(JSONSyntaxError) {
        guard offset < bytes.count else { throw failure("unterminated string") }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(byte)
        case UInt8(ascii: "b"): result.append(0x08)
        case UInt8(ascii: "f"): result.append(0x0C)
        case UInt8(ascii: "n"): result.append(0x0A)
        case UInt8(ascii: "r"): result.append(0x0D)
        case UInt8(ascii: "t"): result.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
                    throw failure("a high surrogate \\u escape is not followed by a low surrogate")
                }
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid low surrogate \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure("a low surrogate \\u escape without a high surrogate")
            }
            // Every value left here is a Unicode scalar: surrogates were combined or refused above.
            result.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            offset -= 1
            throw failure("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    @inlinable
    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw failure("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// A number read from the text: integers that fit in 64 bits apart from the rest.
    @usableFromInline
    enum Number {
        case integer(Int64)
        case double(Double)
    }

    @inlinable
    mutating func scanNumber() throws(JSONSyntaxError) -> Number {
        let start = offset
        var isInteger = true
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if offset < bytes.count, Self.isDigit(bytes[offset]) { throw failure("a number cannot start with 0") }
        } else {
            try skipDigits()
        }
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            try skipDigits()
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            try skipDigits()
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let number = Double(text), number.isFinite else { throw failure("the number \(text) is out of range") }
        return .double(number)
    }

    @inlinable
    mutating func skipDigits() throws(JSONSyntaxError) {
        guard offset < bytes.count, Self.isDigit(bytes[offset]) else {
            throw failure("unexpected \(describeCurrent()), expected a digit")
        }
        while offset < bytes.count, Self.isDigit(bytes[offset]) { offset += 1 }
    }

    @inlinable
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inlinable
    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - offset >= count else { throw failure("unexpected \(describeCurrent()), expected a value") }
        for index in 0..<count where bytes[offset + index] != literal.utf8Start[index] {
            throw failure("unexpected \(describeCurrent()), expected a value")
        }
        offset += count
    }

    @inlinable
    mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    @inlinable
    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    @inlinable
    func describeCurrent() -> String {
        guard offset < bytes.count else { return "end of text" }
        let byte = bytes[offset]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    @inlinable
    func failure(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(reason: reason, byte: offset + 1)
    }
}

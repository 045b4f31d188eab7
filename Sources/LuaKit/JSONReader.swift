/// Reads JSON text (RFC 8259) into a `LuaValue`, keeping integers apart from floats and null apart from nil.
struct JSONReader {
    private let bytes: [UInt8]
    private let maxDepth: Int
    private var offset = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The one value of the document; anything but whitespace after it is an error.
    mutating func readDocument() throws -> LuaValue {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw LuaJSONError("invalid JSON: the text is not valid UTF-8")
        }
        let value = try readValue(depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw failure("unexpected \(describeCurrent()) after the value") }
        return value
    }

    private mutating func readValue(depth: Int) throws -> LuaValue {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("unexpected end of text, expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(LuaString(bytes: try readString()))
        case UInt8(ascii: "t"): try readLiteral("true"); return .boolean(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .boolean(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw failure("unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func readObject(depth: Int) throws -> LuaValue {
        try enter(depth)
        offset += 1
        var entries: [LuaKey: LuaValue] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .map(entries) }
        repeat {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                throw failure("unexpected \(describeCurrent()), expected a string key")
            }
            let key = LuaString(bytes: try readString())
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw failure("unexpected \(describeCurrent()), expected ':'") }
            entries[.string(key)] = try readValue(depth: depth + 1)
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw failure("unexpected \(describeCurrent()), expected ',' or '}'") }
        return .map(entries)
    }

    private mutating func readArray(depth: Int) throws -> LuaValue {
        try enter(depth)
        offset += 1
        var elements: [LuaValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try readValue(depth: depth + 1))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw failure("unexpected \(describeCurrent()), expected ',' or ']'") }
        return .array(elements)
    }

    private func enter(_ depth: Int) throws {
        guard depth < maxDepth else { throw failure("arrays and objects nest deeper than \(maxDepth) levels") }
    }

    private mutating func readString() throws -> [UInt8] {
        offset += 1
        var result: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return result
            case UInt8(ascii: "\\"):
                try readEscape(into: &result)
            case 0..<0x20:
                offset -= 1
                throw failure("unescaped control character in a string")
            default:
                result.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func readEscape(into result: inout [UInt8]) throws {
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
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
                    throw failure("a high surrogate \\u escape is not followed by a low surrogate")
                }
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid low surrogate \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure("a low surrogate \\u escape without a high surrogate")
            }
            result.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            offset -= 1
            throw failure("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func readHex4() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw failure("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private mutating func readNumber() throws -> LuaValue {
        let start = offset
        var isInteger = true
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if offset < bytes.count, isDigit(bytes[offset]) { throw failure("a number cannot start with 0") }
        } else {
            try readDigits()
        }
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            try readDigits()
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            try readDigits()
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let number = Double(text), number.isFinite else { throw failure("the number \(text) is out of range") }
        return .number(number)
    }

    private mutating func readDigits() throws {
        guard offset < bytes.count, isDigit(bytes[offset]) else { throw failure("unexpected \(describeCurrent()), expected a digit") }
        while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func readLiteral(_ literal: String) throws {
        let expected = Array(literal.utf8)
        guard bytes.count - offset >= expected.count, Array(bytes[offset..<offset + expected.count]) == expected else {
            throw failure("unexpected \(describeCurrent()), expected a value")
        }
        offset += expected.count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private func describeCurrent() -> String {
        guard offset < bytes.count else { return "end of text" }
        let byte = bytes[offset]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private func failure(_ message: String) -> LuaJSONError {
        LuaJSONError("invalid JSON at byte \(offset + 1): \(message)")
    }
}

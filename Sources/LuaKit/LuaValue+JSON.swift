/// A value that cannot be written as JSON, or JSON text that cannot be read.
public struct LuaJSONError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, and where.
    public var message: String

    /// An error with this message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension LuaValue {
    /// The value as JSON text: keys sorted (integer keys first, then strings byte-wise), floats always with a
    /// fraction or exponent (`1.0`), `.nil` and `.null` as `null`, `[]` for empty arrays and `{}` for empty maps.
    public func jsonText(pretty: Bool = false) throws -> String {
        String(decoding: try jsonBytes(pretty: pretty), as: UTF8.self)
    }

    /// The value as JSON, encoded in UTF-8 (see `jsonText`).
    public func jsonBytes(pretty: Bool = false) throws -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        try writer.write(self, depth: 0)
        return writer.output
    }

    /// The value that JSON text denotes: objects become `.map`, arrays `.array`, null `.null`; numbers without a
    /// fraction or exponent that fit in 64 bits become `.integer`, others `.number`.
    public init(json: String, maxDepth: Int = 100) throws {
        self = try LuaValueJSONBuilder.value(of: Array(json.utf8), maxDepth: maxDepth)
    }

    /// The value that UTF-8 encoded JSON denotes (see `init(json:)`).
    public init(jsonBytes: [UInt8], maxDepth: Int = 100) throws {
        self = try LuaValueJSONBuilder.value(of: jsonBytes, maxDepth: maxDepth)
    }
}

/// Writes JSON into a byte buffer.
private struct JSONWriter {
    let pretty: Bool
    var output: [UInt8] = []
    private let maxDepth = 1000

    init(pretty: Bool) {
        self.pretty = pretty
    }

    mutating func write(_ value: LuaValue, depth: Int) throws {
        guard depth < maxDepth else { throw LuaJSONError("cannot encode JSON: values nest deeper than \(maxDepth) levels") }
        switch value {
        case .nil, .null:
            append("null")
        case .boolean(let flag):
            append(flag ? "true" : "false")
        case .integer(let integer):
            append(String(integer))
        case .number(let number):
            guard number.isFinite else { throw LuaJSONError("cannot encode \(number) as JSON (only finite numbers)") }
            append(number.description)
        case .string(let string):
            try writeString(string)
        case .array(let elements):
            try writeContainer(open: "[", close: "]", count: elements.count, depth: depth) { writer, index in
                try writer.write(elements[index], depth: depth + 1)
            }
        case .map(let entries):
            let keys = entries.keys.sorted()
            var seen: Set<String> = []
            try writeContainer(open: "{", close: "}", count: keys.count, depth: depth) { writer, index in
                let key = keys[index]
                let name = key.description
                guard seen.insert(name).inserted else {
                    throw LuaJSONError("cannot encode a table with both the integer key \(name) and the string key \"\(name)\" as JSON")
                }
                switch key {
                case .string(let string): try writer.writeString(string)
                case .integer(let integer): try writer.writeString(LuaString(String(integer)))
                }
                writer.append(writer.pretty ? ": " : ":")
                try writer.write(entries[key]!, depth: depth + 1)
            }
        case .function:
            throw LuaJSONError("cannot encode a function as JSON")
        case .table:
            throw LuaJSONError("cannot encode a table reference as JSON")
        }
    }

    private mutating func writeContainer(
        open: String, close: String, count: Int, depth: Int, element: (inout JSONWriter, Int) throws -> Void
    ) throws {
        append(open)
        guard count > 0 else { return append(close) }
        for index in 0..<count {
            if index > 0 { append(",") }
            if pretty { newline(depth + 1) }
            try element(&self, index)
        }
        if pretty { newline(depth) }
        append(close)
    }

    private mutating func newline(_ depth: Int) {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    private mutating func append(_ text: String) {
        output.append(contentsOf: text.utf8)
    }

    private mutating func writeString(_ string: LuaString) throws {
        guard String(validating: string.bytes, as: UTF8.self) != nil else {
            throw LuaJSONError("cannot encode a string that is not valid UTF-8 as JSON")
        }
        output.append(0x22)
        for byte in string.bytes {
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0..<0x20:
                append("\\u00")
                output.append(Self.hexDigits[Int(byte >> 4)])
                output.append(Self.hexDigits[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(0x22)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

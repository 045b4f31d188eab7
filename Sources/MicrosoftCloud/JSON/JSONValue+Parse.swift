public import Foundation
import JSONParsing

extension JSONValue {
    /// Why a JSON text could not be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What is wrong, with the byte where it was found.
        public let message: String
        public var description: String { "invalid JSON: \(message)" }
    }

    /// How deep arrays and objects may nest in a text read by `parse`: far beyond any service answer, and low
    /// enough that a hostile body cannot exhaust the stack.
    public static let maxParseDepth = 512

    /// Parses a JSON text (any top-level value). `1` reads as `.int`, `1.0` and `1e3` as `.double`,
    /// `true`/`false` as `.bool`; integers beyond Int64 read as `.double`.
    public static func parse(_ data: Data) throws(ParseError) -> JSONValue {
        try parse(bytes: [UInt8](data))
    }

    /// Parses a JSON text given as a string.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    private static func parse(bytes: [UInt8]) throws(ParseError) -> JSONValue {
        do {
            return try JSONParser.value(of: bytes, builder: JSONValueBuilder(), maxDepth: maxParseDepth)
        } catch {
            throw ParseError(message: error.byte.map { "\(error.reason) (at byte \($0))" } ?? error.reason)
        }
    }
}

/// Builds `JSONValue`s for `JSONParser`.
private struct JSONValueBuilder: JSONBuilder {
    func null() -> JSONValue { .null }
    func bool(_ value: Bool) -> JSONValue { .bool(value) }
    func integer(_ value: Int64) -> JSONValue { .int(value) }
    func number(_ value: Double) -> JSONValue { .double(value) }
    func string(_ utf8: ArraySlice<UInt8>) -> JSONValue { .string(String(decoding: utf8, as: UTF8.self)) }
    func key(_ utf8: ArraySlice<UInt8>) -> String { String(decoding: utf8, as: UTF8.self) }
    func object(_ members: [String: JSONValue]) -> JSONValue { .object(members) }
    func array(_ elements: [JSONValue]) -> JSONValue { .array(elements) }
}

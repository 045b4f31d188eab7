public import Foundation

extension JSONValue {
    /// Why a JSON text could not be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { "invalid JSON: \(message)" }
    }

    /// Parses a JSON text (any top-level value). `1` reads as `.int`, `1.0` and `1e3` as `.double`,
    /// `true`/`false` as `.bool`; integers beyond Int64 read as `.double`.
    public static func parse(_ data: Data) throws(ParseError) -> JSONValue {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw ParseError(message: reason ?? "\(data.count) bytes are not JSON")
        }
        return JSONValue(foundationObject: object)
    }

    /// Parses a JSON text given as a string.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        try parse(Data(text.utf8))
    }

    // Booleans come back as the two shared boolean NSNumber instances; every other number carries its C type.
    private static let trueNumber = NSNumber(value: true)
    private static let falseNumber = NSNumber(value: false)

    // The order of the casts matters for speed: testing a Swift dictionary or array against a class (`is NSNull`,
    // `as NSNumber`) bridges it to a Foundation object first, at every level of the tree. Strings, objects and
    // arrays are tested first; the class tests only ever see numbers and nulls.
    private init(foundationObject object: Any) {
        if let string = object as? String {
            self = .string(string)
        } else if let dictionary = object as? [String: Any] {
            self = .object(dictionary.mapValues(JSONValue.init(foundationObject:)))
        } else if let array = object as? [Any] {
            self = .array(array.map(JSONValue.init(foundationObject:)))
        } else if let number = object as? NSNumber {
            self = JSONValue(number: number)
        } else if object is NSNull {
            self = .null
        } else {
            self = .string("\(object)")
        }
    }

    private init(number: NSNumber) {
        if number === Self.trueNumber { self = .bool(true); return }
        if number === Self.falseNumber { self = .bool(false); return }
        // Foundation reads long numbers (e.g. negative 19-digit integers) as decimals; keep integers exact.
        if let decimal = number as? NSDecimalNumber {
            self = Int64(decimal.stringValue).map(JSONValue.int) ?? .double(decimal.doubleValue)
            return
        }
        switch UInt8(bitPattern: number.objCType.pointee) {
        case UInt8(ascii: "c"), UInt8(ascii: "B"):
            self = .bool(number.boolValue)
        case UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "Q"):
            // `Q` is an integer above Int64.max: only a double can hold it.
            self = .double(number.doubleValue)
        default:
            self = .int(number.int64Value)
        }
    }
}

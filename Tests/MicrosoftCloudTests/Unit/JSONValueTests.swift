import Foundation
import Testing

@testable import MicrosoftCloud

@Suite("JSONValue")
struct JSONValueTests {
    @Test("integers, doubles and booleans stay apart")
    func kindsStayApart() throws {
        let json = try JSONValue.parse(#"{"t":true,"f":false,"one":1,"zero":0,"oneDouble":1.0,"half":0.5,"big":1e3,"neg":-7}"#)
        #expect(json["t"] == .bool(true))
        #expect(json["f"] == .bool(false))
        #expect(json["one"] == .int(1))
        #expect(json["zero"] == .int(0))
        #expect(json["oneDouble"] == .double(1.0))
        #expect(json["half"] == .double(0.5))
        #expect(json["big"] == .double(1000))
        #expect(json["neg"] == .int(-7))
    }

    @Test("integers stay exact across the Int64 range; larger ones become doubles")
    func integerRange() throws {
        let json = try JSONValue.parse("[9223372036854775807,-9223372036854775808,-1234567890123456789,18446744073709551615]")
        #expect(json[0] == .int(.max))
        #expect(json[1] == .int(.min))
        #expect(json[2] == .int(-1_234_567_890_123_456_789))
        #expect(json[3] == .double(18_446_744_073_709_551_616.0))
        #expect(try JSONValue.parse(json.serialized()) == json)
        #expect(try JSONValue.parse("[1.5e300, -0.25]") == [1.5e300, -0.25])
    }

    @Test("serialization is compact, sorted and escapes what it must")
    func serialization() throws {
        let value: JSONValue = ["b": [1, 2.5, true, nil], "a": "quote \" backslash \\ newline \n tab \t bell \u{07} é"]
        let text = value.serializedString()
        #expect(text == #"{"a":"quote \" backslash \\ newline \n tab \t bell \u0007 é","b":[1,2.5,true,null]}"#)
        #expect(try JSONValue.parse(text) == value)
    }

    @Test("doubles keep their kind through a round trip")
    func doubleRoundTrip() throws {
        let value: JSONValue = [1.0, 0.1, 1e-7, 123456789.125, -0.0]
        let back = try JSONValue.parse(value.serialized())
        #expect(back == value)
    }

    @Test("top-level fragments parse; garbage fails with a reason")
    func fragmentsAndErrors() throws {
        #expect(try JSONValue.parse("\"x\"") == .string("x"))
        #expect(try JSONValue.parse("null") == .null)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse("{\"a\":") }
    }

    @Test("errors name the byte; hostile nesting and invalid UTF-8 are refused, a byte order mark is ignored")
    func hostileAndOddTexts() throws {
        do {
            _ = try JSONValue.parse(#"{"a": 1,}"#)
            Issue.record("a trailing comma parsed")
        } catch {
            #expect(error.message == "unexpected '}', expected a string key (at byte 9)")
        }
        let depth = JSONValue.maxParseDepth
        let deep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep) }
        let allowed = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try JSONValue.parse(allowed).arrayValue != nil)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data([0x22, 0xFF, 0x22])) }
        #expect(try JSONValue.parse(Data([0xEF, 0xBB, 0xBF]) + Data(#"{"a":1}"#.utf8)) == ["a": 1])
        #expect(try JSONValue.parse(#""\u00e9\ud83d\ude00\/\n""#) == .string("\u{E9}\u{1F600}/\n"))
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(#""\ud83d""#) }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse("[01]") }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse("[1e999]") }
        #expect(try JSONValue.parse(#"{"k":1,"k":2}"#) == ["k": 2])
    }

    @Test("subscripts read and write")
    func subscripts() {
        var value: JSONValue = ["list": [1, 2], "name": "x"]
        value["name"] = "y"
        #expect(value["name"]?.stringValue == "y")
        #expect(value["list"]?[1]?.intValue == 2)
        #expect(value["list"]?[5] == nil)
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("s")["key"] == nil)
    }
}

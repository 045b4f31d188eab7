import LuaKit
import Testing

/// The C reader behind `LuaState.value(fromJSON:)` against the Swift parser behind `LuaValue(json:)`: the same
/// documents must give the same values, and the same broken texts the same errors.
struct JSONReaderTests {
    /// The value the C reader makes of `text`, brought back to Swift; the stack must be balanced afterwards.
    private func read(_ lua: Lua, _ text: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> LuaValue {
        defer { #expect(lua.state.stackTop == 0, "Lua stack not balanced", sourceLocation: sourceLocation) }
        let value = try lua.state.value(fromJSON: text)
        guard case .table = value else { return value }
        return try #require(try lua.roundTrip([value]).first)
    }

    /// Reads `text` both ways and expects the same value or the same error message.
    private func expectSameMeaning(_ lua: Lua, _ text: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = Result { try LuaValue(jsonBytes: text) }
        let actual = Result { try read(lua, text, sourceLocation: sourceLocation) }
        switch (expected, actual) {
        case (.success(let swift), .success(let c)):
            #expect(c == swift, "\(String(decoding: text.prefix(120), as: UTF8.self))", sourceLocation: sourceLocation)
        case (.failure(let swift), .failure(let c)):
            #expect("\(c)" == "\(swift)", sourceLocation: sourceLocation)
        default:
            Issue.record(
                "Swift: \(expected), C: \(actual) for \(String(decoding: text.prefix(120), as: UTF8.self))",
                sourceLocation: sourceLocation)
        }
    }

    @Test func generatedDocumentsMeanTheSameBothWays() throws {
        let lua = try Lua()
        var random = SplitMix64(seed: 0x5EED)
        for _ in 0..<400 {
            let document = Array(JSONGenerator.document(&random).utf8)
            expectSameMeaning(lua, document)
        }
    }

    @Test func brokenTextsAreRefusedWithTheSameErrorBothWays() throws {
        let lua = try Lua()
        var random = SplitMix64(seed: 0xB40C3)
        let interesting: [UInt8] = [
            0x22, 0x5C, 0x2C, 0x3A, 0x5D, 0x7D, 0x5B, 0x7B, 0x00, 0x1F, 0x20, 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF4,
            0xF5, 0xFF, 0x65, 0x2D, 0x2E, 0x30, 0x75, 0x6E,
        ]
        for _ in 0..<300 {
            let document = Array(JSONGenerator.document(&random).utf8)
            for _ in 0..<8 {
                var broken = document
                switch random.next() % 3 {
                case 0: broken.removeLast(Int(random.next() % UInt64(broken.count)) + 1)
                case 1: broken[Int(random.next() % UInt64(broken.count))] = interesting[Int(random.next() % UInt64(interesting.count))]
                default: broken.insert(interesting[Int(random.next() % UInt64(interesting.count))], at: Int(random.next() % UInt64(broken.count + 1)))
                }
                expectSameMeaning(lua, broken)
            }
        }
    }

    @Test func edgeCasesMeanTheSameBothWays() throws {
        let lua = try Lua()
        let texts: [String] = [
            "0", "-0", "-0.0", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "1E+2", "0.5e-3", "1e308", "1e309", "-1e999", "1.7976931348623157e308",
            "4.9e-324", "1e-400", "123456789012345678901234567890.5", #""\u0000\/\b\f\n\r\t\"\\""#, #""\ud83c\udf89""#,
            #""\udf89""#, #""\ud83c\u0041""#, #""\ud83c""#, #""\u12""#, #""\x""#, "\u{FEFF}{}", "\u{FEFF}", " \t\r\n[ ] ",
            "", " ", "[", "]", "{", "{\"a\"}", "{\"a\":}", "{,}", "[,]", "[1,]", "{\"a\":1,}", "tru", "nul", "falsey", "01",
            "-", "1.", ".5", "1e", "1e+", "+1", "[1 2]", "{\"a\":1 \"b\":2}", "\"abc", "\"a\nb\"", "[] []",
            #"{"k": 1, "k": [2], "k": {"k": "v"}}"#, String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
            String(repeating: "[", count: 101) + String(repeating: "]", count: 101),
            String(repeating: #"{"a":"#, count: 100) + "1" + String(repeating: "}", count: 100),
            String(repeating: #"{"a":"#, count: 101) + "1" + String(repeating: "}", count: 101),
        ]
        for text in texts { expectSameMeaning(lua, Array(text.utf8)) }
        let bytes: [[UInt8]] = [
            [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
            [0x22, 0xE2, 0x82, 0x22], [0x22, 0xF0, 0x9F, 0x8E, 0x89, 0x22], [0x22, 0xC3, 0xA9, 0x22], [0x22, 0xFF, 0x22],
            [0xEF, 0xBB], [0x5B, 0x80, 0x5D], [0x22, 0xE0, 0x9F, 0x80, 0x22], [0x22, 0xEF, 0xBF, 0xBF, 0x22],
        ]
        for text in bytes { expectSameMeaning(lua, text) }
    }

    @Test func longTextsWithEscapesAndLongNumbersMeanTheSameBothWays() throws {
        let lua = try Lua()
        let longEscaped = "\"" + String(repeating: #"a\n\u00e9\ud83c\udf89"#, count: 2_000) + "\""
        let longNumber = "0." + String(repeating: "1", count: 500) + "e5"
        let wide = "[" + (1...5_000).map { #"{"id": \#($0), "n": "\u00\#(String($0 % 100, radix: 16).count == 1 ? "0" : "")\#(String($0 % 100, radix: 16))"}"# }
            .joined(separator: ",") + "]"
        for text in [longEscaped, longNumber, wide, "[" + longEscaped + "," + longNumber + "]"] {
            expectSameMeaning(lua, Array(text.utf8))
        }
    }

    /// Strings are scanned eight bytes at a time: put every kind of byte that ends or interrupts a plain run at
    /// every offset of a word, in keys and values, in the middle of a text and in its last eight bytes.
    @Test func stringsMeanTheSameWhereverTheirSpecialBytesFall() throws {
        let lua = try Lua()
        let specials: [[UInt8]] = [
            [], Array(#"\""#.utf8), Array(#"\\"#.utf8), Array(#"\n"#.utf8), Array(#"\u00e9"#.utf8), Array(#"\ud83d\ude00"#.utf8),
            Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0x7F], [0x20], [0x1F], [0x00], [0x0A], [0xFF], [0xC3], [0xE2, 0x82],
            [0xED, 0xA0, 0x80],
        ]
        let quote = UInt8(ascii: "\"")
        for special in specials {
            for offset in 0..<17 {
                let text = Array(repeating: UInt8(ascii: "a"), count: offset) + special + Array("bcdefghij".prefix(offset % 9).utf8)
                let string = [quote] + text + [quote]
                expectSameMeaning(lua, string)
                expectSameMeaning(lua, Array(#"{"k":"#.utf8) + string + Array(#","z":[1,2,3,4,5,6,7,8]}"#.utf8))
                expectSameMeaning(lua, [UInt8(ascii: "{")] + string + Array(#":true}"#.utf8))
                expectSameMeaning(lua, Array(#"[1,"#.utf8) + string + [UInt8(ascii: "]")])
                // The text cut inside the string, at and around the special bytes.
                for cut in [offset, offset + 1, offset + special.count] where cut < text.count {
                    expectSameMeaning(lua, [quote] + text.prefix(cut))
                }
            }
        }
    }

    /// Member names come from a cache of names read before: more distinct names than it holds, names that share
    /// their length and first and last bytes, escaped names, names kept across garbage collections, long names.
    @Test func memberNamesMeanTheSameThroughTheKeyCache() throws {
        let lua = try Lua()
        var documents: [[UInt8]] = []
        for round in 0..<3 {
            for index in 0..<1_500 {
                let name = "name-\(index % 700)-\(String(repeating: "x", count: index % 37))"
                let twin = "n" + String(repeating: "-", count: name.utf8.count - 2) + "x"
                documents.append(Array(#"{"\#(name)":\#(index),"\#(twin)":"\#(round)","id":\#(index)}"#.utf8))
            }
            if round == 1 { lua.state.collectGarbage() }
        }
        documents.append(Array(#"{"caf\u00e9":1,"café":2,"\u0000":3,"":4,"a\"b":5}"#.utf8))
        documents.append(Array(#"{"\#(String(repeating: "k", count: 40))":1,"\#(String(repeating: "k", count: 41))":2}"#.utf8))
        for document in documents { expectSameMeaning(lua, document) }
        // Read again, in reverse, after a collection: cached names must still be the right strings.
        lua.state.collectGarbage()
        for document in documents.reversed() { expectSameMeaning(lua, document) }
        let back = try lua.run(#"local t = json.decode('{"display":1}') local u = json.decode('{"display":2}') return t.display + u.display, next(t)"#)
        #expect(back == [.integer(3), .string("display"), .integer(1)])
    }

    @Test func arraysReadFromJSONKeepTheirKindAndTheirMetatableIsProtected() throws {
        let lua = try Lua()
        let table = try lua.state.value(fromJSON: Array(#"{"empty": [], "list": [1], "object": {}}"#.utf8))
        let results = try lua.run("""
            local t = ...
            local changed = pcall(setmetatable, t.empty, {})
            local mine = setmetatable({}, { __index = function() return "own" end })
            json.array(mine)
            table.remove(t.list)
            return getmetatable(t.empty), getmetatable(t.object), changed, json.encode(t), json.encode(mine), mine.x,
                json.encode(json.array()), json.encode(json.array({}))
            """, [table])
        #expect(results == ["json.array", .nil, false, #"{"empty":[],"list":[],"object":{}}"#, "[]", "own", "[]", "[]"])
        #expect(lua.failure("local t = json.decode('[]')\nsetmetatable(t, {})")?.message
            == "test:2: setmetatable: cannot change a protected metatable")
        // Arrays passed from Swift and back keep their kind when empty.
        #expect(try lua.roundTrip([.array([]), .map([:]), .map(["a": .array([])])]) == [.array([]), .map([:]), .map(["a": .array([])])])
    }

    @Test func aFailedReplacementIsReportedAndLeavesNothingOnTheStack() throws {
        let lua = try Lua()
        struct Refused: Error {}
        let replacement = LuaJSONStringReplacement(keys: ["secretText"]) { _ in throw Refused() }
        #expect(throws: Refused.self) {
            try lua.state.value(fromJSON: Array(#"{"list": [1, 2, {"secretText": "s"}]}"#.utf8), replacing: replacement)
        }
        #expect(lua.state.stackTop == 0)
        #expect(try lua.state.value(fromJSON: Array(#"{"secretText": ""}"#.utf8), replacing: replacement) != .nil)
        #expect(lua.state.stackTop == 0)
    }
}

/// A seeded generator, so a failing document can be made again.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON documents with every kind of value, escapes, non-ASCII text, repeated keys and odd whitespace.
enum JSONGenerator {
    static func document(_ random: inout SplitMix64) -> String {
        space(&random) + value(&random, depth: 0) + space(&random)
    }

    static func value(_ random: inout SplitMix64, depth: Int) -> String {
        let kinds = depth > 5 ? 6 : 8
        switch Int(random.next() % UInt64(kinds)) {
        case 0: return ["null", "true", "false"][Int(random.next() % 3)]
        case 1: return integer(&random)
        case 2: return number(&random)
        case 3, 4, 5: return string(&random)
        case 6:
            let count = Int(random.next() % 6)
            return "[" + (0..<count).map { _ in space(&random) + value(&random, depth: depth + 1) + space(&random) }
                .joined(separator: ",") + "]"
        default:
            let count = Int(random.next() % 6)
            return "{" + (0..<count).map { _ in
                space(&random) + key(&random) + space(&random) + ":" + space(&random) + value(&random, depth: depth + 1)
            }.joined(separator: ",") + "}"
        }
    }

    static func integer(_ random: inout SplitMix64) -> String {
        switch random.next() % 4 {
        case 0: return String(Int64(bitPattern: random.next()))
        case 1: return String(Int(random.next() % 1000) - 500)
        case 2: return ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "-0", "0"][Int(random.next() % 5)]
        default: return String(random.next()) + String(random.next() % 1000)
        }
    }

    static func number(_ random: inout SplitMix64) -> String {
        let mantissa = String(Int(random.next() % 100_000) - 50_000)
        let fraction = random.next() % 2 == 0 ? "." + String(random.next() % 10_000) : ""
        let exponent = random.next() % 2 == 0 ? ["e", "E"][Int(random.next() % 2)] + ["", "+", "-"][Int(random.next() % 3)]
            + String(random.next() % 320) : ""
        return mantissa + (fraction.isEmpty && exponent.isEmpty ? ".5" : fraction) + exponent
    }

    static func key(_ random: inout SplitMix64) -> String {
        random.next() % 3 == 0 ? ["\"id\"", "\"value\"", #""v\u0061lue""#, "\"\""][Int(random.next() % 4)] : string(&random)
    }

    static func string(_ random: inout SplitMix64) -> String {
        let pieces = [
            "a", "Contoso", " ", "é", "日本", "🎉", #"\""#, #"\\"#, #"\/"#, #"\n"#, #"\t"#, #"\b"#, #"\f"#, #"\r"#,
            #"\u0041"#, #"\u00e9"#, #"\u0000"#, #"\ud83c\udf89"#, #"\uFFFF"#, "@odata.nextLink", "https://x/y?$top=1",
        ]
        let count = Int(random.next() % 8)
        return "\"" + (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() + "\""
    }

    static func space(_ random: inout SplitMix64) -> String {
        ["", "", "", " ", "\n", "\t ", "\r\n  "][Int(random.next() % 7)]
    }
}

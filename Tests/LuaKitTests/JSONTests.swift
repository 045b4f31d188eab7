import LuaKit
import Testing

@Suite("JSON")
struct JSONTests {
    @Test func encodingIsDeterministicAndKeepsKinds() throws {
        let value: LuaValue = [
            "zeta": 1, "alpha": 1.0, "list": [.null, true, "x"], "empty_array": .array([]), "empty_object": .map([:]),
            2: "two", 10: "ten",
        ]
        #expect(try value.jsonText()
            == #"{"2":"two","10":"ten","alpha":1.0,"empty_array":[],"empty_object":{},"list":[null,true,"x"],"zeta":1}"#)
        #expect(try LuaValue.number(1e21).jsonText() == "1e+21")
        #expect(try LuaValue.nil.jsonText() == "null")
        #expect(try (["a": [1]] as LuaValue).jsonText(pretty: true) == "{\n  \"a\": [\n    1\n  ]\n}")
    }

    @Test func stringsAreEscaped() throws {
        let value: LuaValue = .string("quote \" backslash \\ newline \n tab \t nul \0 bell \u{7} é")
        let text = try value.jsonText()
        #expect(text == #""quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 é""#)
        #expect(try LuaValue(json: text) == value)
    }

    @Test func decodingKeepsIntegersFloatsNullAndEmptyContainers() throws {
        let value = try LuaValue(json: #" {"i": 1, "f": 1.0, "e": 2e3, "neg": -0.5, "big": 12345678901234567890, "n": null, "a": [], "o": {}, "s": "\ud83c\udf89\u00e9"} "#)
        #expect(value == [
            "i": 1, "f": 1.0, "e": 2000.0, "neg": -0.5, "big": .number(12_345_678_901_234_567_890), "n": .null,
            "a": .array([]), "o": .map([:]), "s": "🎉é",
        ])
        #expect(try LuaValue(json: "9223372036854775807") == .integer(.max))
    }

    @Test func invalidJSONSaysWhereAndWhy() {
        let cases: [(String, String)] = [
            ("{\"a\" 1}", "invalid JSON at byte 6: unexpected '1', expected ':'"),
            ("[1, 2", "invalid JSON at byte 6: unexpected end of text, expected ',' or ']'"),
            ("01", "invalid JSON at byte 2: a number cannot start with 0"),
            ("\"\\ud800\"", "invalid JSON at byte 8: a high surrogate \\u escape is not followed by a low surrogate"),
            ("[] x", "invalid JSON at byte 4: unexpected 'x' after the value"),
            ("1e999", "invalid JSON at byte 6: the number 1e999 is out of range"),
        ]
        for (text, message) in cases {
            #expect { try LuaValue(json: text) } throws: { ($0 as? LuaJSONError)?.message == message }
        }
        #expect { try LuaValue(json: String(repeating: "[", count: 101) + String(repeating: "]", count: 101)) } throws: {
            ($0 as? LuaJSONError)?.message.contains("nest deeper than 100 levels") == true
        }
    }

    @Test func valuesThatAreNotJSONAreRefused() throws {
        let lua = try Lua()
        let function = try #require(try lua.run("return print").first)
        let cases: [(LuaValue, String)] = [
            (.number(.infinity), "cannot encode inf as JSON (only finite numbers)"),
            (function, "cannot encode a function as JSON"),
            (.string(LuaString(bytes: [0xFF])), "cannot encode a string that is not valid UTF-8 as JSON"),
            ([1: "a", "1": "b"], #"cannot encode a table with both the integer key 1 and the string key "1" as JSON"#),
        ]
        for (value, message) in cases {
            #expect { try value.jsonText() } throws: { ($0 as? LuaJSONError)?.message == message }
        }
    }

    @Test func theLuaModuleEncodesAndDecodes() throws {
        let lua = try Lua()
        let results = try lua.run("""
            local text = json.encode({b = 1, a = {}, c = json.array({}), d = json.null, e = {1, 2.5, "x"}})
            local back = json.decode('{"x": null, "list": [], "n": 3, "f": 3.0}')
            return text, back.x == json.null, math.type(back.n), math.type(back.f), json.encode(back.list),
                tostring(json.null), json.encode(json.decode(text)) == text
            """)
        #expect(results == [#"{"a":{},"b":1,"c":[],"d":null,"e":[1,2.5,"x"]}"#, true, "integer", "float", "[]", "null", true])
    }

    @Test func decodingStraightIntoLuaMeansWhatSwiftDecodingMeans() throws {
        let lua = try Lua()
        let documents = [
            #"{"i": 1, "f": 1.0, "n": null, "a": [], "o": {}, "nested": [{"k": [1, "x", false]}], "s": "\u00e9\n"}"#,
            #"[1, -2, 3.5e2, "two", null, true, [], {}]"#, #""text""#, "42", "null", "\u{FEFF}[1]", #"{"k": 1, "k": 2}"#,
        ]
        for document in documents {
            let viaLua = try lua.run("return json.decode(...)", [.string(document)]).first
            #expect(viaLua == (try LuaValue(json: document)), "\(document)")
            let direct = try lua.state.value(fromJSON: Array(document.utf8))
            #expect(lua.state.stackTop == 0)
            if case .table = direct {} else { #expect(direct == (try LuaValue(json: document))) }
        }
        let deep = String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
        #expect(lua.failure("return json.decode('\(deep)')")?.message.contains("nest deeper than 100 levels") == true)
        let results = try lua.run("""
            local t = json.decode('{"a": [], "b": {}}')
            return json.encode(t.a), json.encode(t.b), #json.decode('[1,2,3]')
            """)
        #expect(results == ["[]", "{}", 3])
    }

    @Test func longAndRepeatedContainersReadStraightIntoLuaMeanWhatSwiftDecodingMeans() throws {
        let lua = try Lua()
        // Past the number of members a container keeps waiting on the Lua stack before its table is made.
        let longArray = "[" + (1...1_000).map { "\($0)" }.joined(separator: ",") + "]"
        let longObject = "{" + (1...600).map { #""k\#($0)": [\#($0), {"n": \#($0)}]"# }.joined(separator: ",") + "}"
        let nestedLong = #"{"value": ["# + (1...300).map { #"{"id": "\#($0)", "tags": ["a", "b"]}"# }.joined(separator: ",") + "]}"
        let repeatedPastTheLimit = "{" + (1...300).map { #""k": \#($0)"# }.joined(separator: ",") + "}"
        for document in [longArray, longObject, nestedLong, repeatedPastTheLimit, #"{"a": 1, "b": 2, "a": 3}"#] {
            let direct = try lua.state.value(fromJSON: Array(document.utf8))
            #expect(lua.state.stackTop == 0)
            let encoded = try lua.run("return json.encode(...)", [direct]).first
            let expected = try LuaValue(json: document)
            #expect(try LuaValue(json: encoded?.stringValue ?? "") == expected, "\(document.prefix(60))")
        }
        let counts = try lua.run("local a, o = ... local n = 0 for _ in pairs(o) do n = n + 1 end return #a, n, a[1000], o.k600[2].n",
            [try lua.state.value(fromJSON: Array(longArray.utf8)), try lua.state.value(fromJSON: Array(longObject.utf8))])
        #expect(counts == [1_000, 600, 1_000, 600])
    }

    @Test func namedStringMembersAreReplacedWhereverTheyAre() throws {
        let lua = try Lua()
        var replaced: [String] = []
        let replacement = LuaJSONStringReplacement(keys: ["secretText", "password"]) { text in
            replaced.append(text)
            return .string("<replaced>")
        }
        // An escaped key names the same member; arrays, other members, empty strings and non-strings stay.
        let document = #"""
            {"secret\u0054ext": "s1", "outer": {"password": "s2", "list": ["secretText", "password"]},
             "password": "", "secretText": 7, "other": "secretText", "deep": [{"secretText": {"password": "s3"}}]}
            """#
        let value = try lua.state.value(fromJSON: Array(document.utf8), replacing: replacement)
        #expect(lua.state.stackTop == 0)
        #expect(replaced == ["s1", "s2", "s3"])
        let read = try lua.run("local t = ... return t.secretText, t.outer.password, t.outer.list[1], t.password, t.other, t.deep[1].secretText.password",
            [value])
        #expect(read == [7, "<replaced>", "secretText", "", "secretText", "<replaced>"])
        let first = try lua.run(#"local t = ... return t["secretText"]"#, [try lua.state.value(fromJSON: Array(#"{"secret\u0054ext": "s1"}"#.utf8), replacing: replacement)])
        #expect(first == ["<replaced>"])
    }

    @Test func tablesBuiltInPlaceHoldWhatWasSet() throws {
        let lua = try Lua()
        let table = try lua.state.makeTable(fields: 4) { (table: borrowing LuaTableBuilder) throws(LuaError) in
            table.set("status", 201)
            table.set("name", "caf\u{e9}")
            try table.set(7, .array([1, "two"]))
            try table.set("headers", fields: 2) { (headers: borrowing LuaTableBuilder) throws(LuaError) in
                headers.set("Content-Type", "application/json")
                headers.set("request-id", "abc")
            }
        }
        #expect(lua.state.stackTop == 0)
        let read = try lua.run(
            "local t = ... return t.status, t.name, t[7][2], t.headers['Content-Type'], t.headers['request-id'], json.encode(t[7])",
            [table])
        #expect(read == [201, "caf\u{e9}", "two", "application/json", "abc", #"[1,"two"]"#])
    }

    @Test func theLuaModuleReportsErrorsWithThePosition() throws {
        let lua = try Lua()
        #expect(lua.failure("\nreturn json.decode('{')")?.message
            == "test:2: json.decode: invalid JSON at byte 2: unexpected end of text, expected a string key")
        #expect(lua.failure("return json.encode(print)")?.message == "test:1: json.encode: cannot encode a function as JSON")
        #expect(lua.failure("return json.decode(nil)")?.message
            == "test:1: json.decode: argument 1 (text) must be a string, got nil")
        #expect(lua.failure("local t = {} t.t = t return json.encode(t)")?.message
            == "test:1: json.encode: argument 1.t: the table contains itself (a cycle)")
        #expect(lua.failure("return json.array(5)")?.message
            == "test:1: json.array: argument 1 (table) must be a table, got number")
    }
}

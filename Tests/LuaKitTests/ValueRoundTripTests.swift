import LuaKit
import Testing

@Suite("Values between Swift and Lua")
struct ValueRoundTripTests {
    @Test func scalarsRoundTripWithTheirKinds() throws {
        let lua = try Lua()
        let values: [LuaValue] = [
            .nil, .null, true, false, 0, -1, .integer(.max), .integer(.min), 1.0, 0.1, -2.5, .number(1e300),
            "", "plain", "émoji 🎉",
        ]
        #expect(try lua.roundTrip(values) == values)
    }

    @Test func integersAndFloatsStayDistinctInLua() throws {
        let lua = try Lua()
        let kinds = try lua.run("local a, b, c = ... return math.type(a), math.type(b), math.type(c)", [3, 3.0, .integer(1 << 62)])
        #expect(kinds == ["integer", "float", "integer"])
        let fromLua = try lua.run("return 3, 3.0, 2^53, 7 // 2, 7 / 2, math.maxinteger, math.mininteger")
        #expect(fromLua == [3, 3.0, .number(9_007_199_254_740_992), 3, 3.5, .integer(.max), .integer(.min)])
    }

    @Test func stringsAreBytesWithEmbeddedNulsAndInvalidUTF8() throws {
        let lua = try Lua()
        let bytes: [UInt8] = [0x61, 0x00, 0x62, 0xFF, 0xFE, 0x00]
        let back = try lua.run("local s = ... return s, #s, s:byte(2), s:byte(4)", [.string(LuaString(bytes: bytes))])
        #expect(back == [.string(LuaString(bytes: bytes)), 6, 0, 255])
        let made = try lua.run(#"return "x\0y\0""#)
        #expect(made.first?.bytesValue == [0x78, 0, 0x79, 0])
        #expect(made.first?.stringValue == "x\0y\0")
    }

    @Test func tablesBecomeArraysOrMaps() throws {
        let lua = try Lua()
        let results = try lua.run("""
            local reversed = {}
            reversed[3] = "c"; reversed[2] = "b"; reversed[1] = "a"
            return {1, 2, 3}, {a = 1, [5] = "five"}, reversed, {}, json.array({}), json.array(), {[1] = "x", [3] = "y"}
            """)
        #expect(results == [
            [1, 2, 3], ["a": 1, 5: "five"], ["a", "b", "c"], .map([:]), .array([]), .array([]), [1: "x", 3: "y"],
        ])
    }

    @Test func nestedValuesRoundTrip() throws {
        let lua = try Lua()
        let value: LuaValue = [
            "name": "app", "ids": [1, 2, 3], "empty_list": .array([]), "empty_object": .map([:]),
            "nested": ["deeper": [["x": .null, "y": 1.5]]], 7: "seven",
        ]
        #expect(try lua.roundTrip([value]) == [value])
        let encoded = try lua.run("local v = ... return json.encode(v)", [value])
        #expect(encoded.first?.stringValue
            == #"{"7":"seven","empty_list":[],"empty_object":{},"ids":[1,2,3],"name":"app","nested":{"deeper":[{"x":null,"y":1.5}]}}"#)
    }

    @Test func emptyArraysFromSwiftStayArraysAfterLuaEmptiesOthers() throws {
        let lua = try Lua()
        let results = try lua.run("local list = ... table.remove(list) return list, #list", [[1]])
        #expect(results == [.array([]), 0])
    }

    @Test func aCyclicTableIsAClearError() throws {
        let lua = try Lua()
        let error = try #require(lua.failure("local t = {items = {}}; t.items[1] = t; return t"))
        #expect(error.kind == .conversion)
        #expect(error.message == "result 1.items[1]: the table contains itself (a cycle)")
        #expect(try lua.run("return 'still fine'") == ["still fine"])
    }

    @Test func nestingDeeperThanTheLimitIsAClearErrorBothWays() throws {
        let lua = try Lua()
        let error = try #require(lua.failure("local t = {} local top = t for i = 1, 150 do t.next = {} t = t.next end return top"))
        #expect(error.kind == .conversion)
        #expect(error.message.contains("tables nest deeper than 100 levels"))

        var deep: LuaValue = 1
        for _ in 0..<150 { deep = [deep] }
        #expect {
            try lua.roundTrip([deep])
        } throws: { error in
            (error as? LuaError)?.message == "cannot pass a value to Lua: tables nest deeper than 100 levels"
        }
        #expect(lua.state.stackTop == 0)
        var fine: LuaValue = 1
        for _ in 0..<99 { fine = [fine] }
        #expect(try lua.roundTrip([fine]) == [fine])
    }

    @Test func unsupportedKeysAreClearErrors() throws {
        let lua = try Lua()
        #expect(lua.failure("return {[1.5] = true}")?.message
            == "result 1: a table key is the float 1.5 (only string and integer keys can be passed to Swift)")
        #expect(lua.failure("return {[true] = 1}")?.message
            == "result 1: a table key is a boolean (only string and integer keys can be passed to Swift)")
        #expect(lua.failure("return coroutine.create(print)")?.message == "result 1: a thread cannot be passed to Swift")
    }

    @Test func functionsAndHostTablesComeBackAsReferences() throws {
        let lua = try Lua()
        let results = try lua.run("local f = function() end return f, f, json")
        guard case .function(let first) = results[0], case .function(let second) = results[1],
              case .table(let module) = results[2]
        else {
            Issue.record("unexpected results \(results)")
            return
        }
        #expect(first == second)
        #expect(module.kind == .userdata)
        #expect(try lua.run("local f, g = ... return rawequal(f, g)", [.function(first), .function(second)]) == [true])
    }
}

internal import CLuaShims
import JSONParsing

extension LuaState {
    /// The value of a UTF-8 JSON document, read straight into Lua: objects and arrays become Lua tables (returned
    /// as `.table` references; arrays marked as `json.array` does), scalars come back as values, JSON null as
    /// `.null`. Same meaning as `LuaValue(jsonBytes:)`, without building Swift values first: reading a service's
    /// answer this way costs a fraction of the Swift detour. Nesting is bounded by the state's `maxDepth`.
    public func value(fromJSON bytes: [UInt8]) throws -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 3) != 0 else {
            throw LuaError(kind: .conversion, message: "cannot read JSON into Lua: the Lua stack is full")
        }
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        var handler = LuaStackJSONHandler(state: self)
        do {
            try parser.parseDocument(into: &handler)
        } catch let error as JSONSyntaxError {
            throw LuaJSONError(error.description)
        }
        if lua_type(L, -1) == LUA_TTABLE { return .table(makeRef(at: -1, kind: .table)) }
        return try readValue(at: -1, name: "JSON")
    }
}

/// Pushes a JSON document onto the Lua stack as it is read: every container is a table on the stack until its
/// last member is filed. Raw access only, on the running thread, with the memory cap suspended (Swift is running).
private struct LuaStackJSONHandler: JSONEventHandler {
    let state: LuaState
    var L: OpaquePointer { state.L }

    mutating func null() throws { stepwise_lua_push_slot(L, state.bootstrap.null) }
    mutating func bool(_ value: Bool) throws { lua_pushboolean(L, value ? 1 : 0) }
    mutating func integer(_ value: Int64) throws { lua_pushinteger(L, lua_Integer(value)) }
    mutating func number(_ value: Double) throws { lua_pushnumber(L, value) }
    mutating func string(_ utf8: ArraySlice<UInt8>) throws { pushBytes(utf8) }
    mutating func key(_ utf8: ArraySlice<UInt8>) throws { pushBytes(utf8) }
    mutating func endMember() throws { lua_rawset(L, -3) }
    mutating func endObject() throws {}
    mutating func endElement(_ position: Int) throws { lua_rawseti(L, -2, lua_Integer(position)) }
    mutating func endArray() throws { state.markArray(at: -1) }

    mutating func beginObject() throws {
        try reserve()
        lua_createtable(L, 0, 0)
    }

    mutating func beginArray() throws {
        try reserve()
        lua_createtable(L, 0, 0)
    }

    /// Room for a table, a key and a value (the parser bounds the nesting).
    private func reserve() throws {
        guard lua_checkstack(L, 3) != 0 else {
            throw LuaError(kind: .conversion, message: "cannot read JSON into Lua: the Lua stack is full")
        }
    }

    private func pushBytes(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { buffer in
            _ = lua_pushlstring(L, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), buffer.count)
        }
    }
}

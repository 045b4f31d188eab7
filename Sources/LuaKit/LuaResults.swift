internal import CLuaShims

/// Where a `LuaStackHostFunction` leaves its results: pushed in order on the calling thread's stack, the way a C
/// function returns values, so that a table made for Lua needs no reference to reach it.
public struct LuaResults: ~Copyable {
    let state: LuaState
    /// The stack top below the results.
    let base: Int32

    /// How many results are pushed so far.
    public var count: Int { Int(lua_gettop(state.L) - base) }

    /// Pushes `value`.
    public func push(_ value: LuaValue) throws(LuaError) {
        guard lua_checkstack(state.L, 1) != 0 else {
            throw LuaError(kind: .conversion, message: "cannot return a value to Lua: the Lua stack is full")
        }
        try state.push(value)
    }

    /// Pushes the value of a UTF-8 JSON document, read as `LuaState.value(fromJSON:replacing:)` reads it; a
    /// document that is JSON null pushes `json.null`, or nil with `nullAsNil`.
    public func pushJSON(
        _ bytes: UnsafeRawBufferPointer, replacing replacement: LuaJSONStringReplacement? = nil, nullAsNil: Bool = false
    ) throws {
        try state.pushJSON(bytes, replacing: replacement)
        let L = state.L
        if nullAsNil, lua_type(L, -1) == LUA_TUSERDATA, UnsafeRawPointer(lua_touserdata(L, -1)) == state.nullAddress {
            lua_settop(L, -2)
            lua_pushnil(L)
        }
    }

    /// Pushes a new table with room for `fields` fields, filled by `fill`.
    public func pushTable(fields: Int, _ fill: (borrowing LuaTableBuilder) throws(LuaError) -> Void) throws(LuaError) {
        _ = try state.pushTable(fields: fields, fill)
    }
}

internal import CLuaShims

/// Fills a new Lua table in place, field by field: for host functions that return records such as a response's
/// status and headers. Cheaper than returning a `.map`, which hashes every key into a Swift dictionary first and
/// allocates every string twice. Only valid inside `LuaState.makeTable`'s closure.
public struct LuaTableBuilder: ~Copyable {
    let state: LuaState
    /// The table's stack index.
    let table: Int32
    let depth: Int

    /// `table[key] = value`.
    public func set(_ key: String, _ value: String) {
        state.push(key)
        state.push(value)
        lua_rawset(state.L, table)
    }

    /// `table[key] = value`.
    public func set(_ key: String, _ value: Int) {
        state.push(key)
        lua_pushinteger(state.L, lua_Integer(value))
        lua_rawset(state.L, table)
    }

    /// `table[key] = value`, for any key and value.
    public func set(_ key: LuaKey, _ value: LuaValue) throws(LuaError) {
        switch key {
        case .string(let string): state.push(string)
        case .integer(let integer): lua_pushinteger(state.L, lua_Integer(integer))
        }
        try state.push(value)
        lua_rawset(state.L, table)
    }

    /// `table[key]` = a new table with room for `fields` fields, filled by `fill`.
    public func set(
        _ key: String, fields: Int, _ fill: (borrowing LuaTableBuilder) throws(LuaError) -> Void
    ) throws(LuaError) {
        state.push(key)
        let nested = try state.pushTable(fields: fields, depth: depth + 1)
        try fill(LuaTableBuilder(state: state, table: nested, depth: depth + 1))
        lua_rawset(state.L, table)
    }
}

extension LuaState {
    /// A new table with room for `fields` fields, filled by `fill`, as a `.table` reference.
    public func makeTable(
        fields: Int, _ fill: (borrowing LuaTableBuilder) throws(LuaError) -> Void
    ) throws(LuaError) -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let table = try pushTable(fields: fields, fill)
        return .table(makeRef(at: table, kind: .table))
    }

    /// [-0, +1] Pushes a new table with room for `fields` fields, filled by `fill`; returns its absolute index.
    /// Pushes nothing when `fill` throws.
    func pushTable(fields: Int, _ fill: (borrowing LuaTableBuilder) throws(LuaError) -> Void) throws(LuaError) -> Int32 {
        let top = lua_gettop(L)
        var filled = false
        defer { lua_settop(L, filled ? top + 1 : top) }
        let table = try pushTable(fields: fields, depth: 0)
        try fill(LuaTableBuilder(state: self, table: table, depth: 0))
        filled = true
        return table
    }

    /// [-0, +1] Pushes an empty table with room for `fields` fields and space above it for a key and a value;
    /// returns its absolute index.
    fileprivate func pushTable(fields: Int, depth: Int) throws(LuaError) -> Int32 {
        guard depth < maxDepth else {
            throw LuaError(kind: .conversion, message: "cannot pass a value to Lua: tables nest deeper than \(maxDepth) levels")
        }
        guard lua_checkstack(L, 4) != 0 else {
            throw LuaError(kind: .conversion, message: "cannot pass a value to Lua: the Lua stack is full")
        }
        lua_createtable(L, 0, Int32(clamping: fields))
        return lua_gettop(L)
    }
}

internal import CLuaShims

// Swift to Lua. Every function here works on the running thread `L`, uses only raw (metamethod-free) access and is
// called with the memory cap suspended, so it never raises.
extension LuaState {
    /// [-0, +1] Pushes a value; on error the stack is as it was.
    func push(_ value: LuaValue) throws(LuaError) {
        let top = lua_gettop(L)
        do {
            try push(value, depth: 0)
        } catch {
            lua_settop(L, top)
            throw error
        }
    }

    /// [-0, +1] Pushes a string.
    func push(_ string: LuaString) {
        string.bytes.withUnsafeBytes { buffer in
            _ = lua_pushlstring(L, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), buffer.count)
        }
    }

    /// [-0, +1] Pushes a Swift string as UTF-8.
    func push(_ string: String) {
        var string = string
        string.withUTF8 { buffer in
            _ = buffer.withMemoryRebound(to: CChar.self) { chars in lua_pushlstring(L, chars.baseAddress, chars.count) }
        }
    }

    /// [-0, +1] Pushes the object a reference points at.
    func push(_ ref: LuaRef) throws(LuaError) {
        guard ref.owner === refOwner else {
            throw LuaError(kind: .usage, message: "a reference to \(ref) belongs to a different Lua state")
        }
        stepwise_lua_push_slot(L, ref.slot)
    }

    /// [-0, +1] Pushes a value whose tables may nest `maxDepth - depth` more levels; may leave partial tables.
    private func push(_ value: LuaValue, depth: Int) throws(LuaError) {
        switch value {
        case .nil:
            lua_pushnil(L)
        case .null:
            stepwise_lua_push_slot(L, bootstrap.null)
        case .boolean(let flag):
            lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let integer):
            lua_pushinteger(L, lua_Integer(integer))
        case .number(let number):
            lua_pushnumber(L, number)
        case .string(let string):
            push(string)
        case .array(let elements):
            try reserveTableLevel(depth)
            lua_createtable(L, Int32(clamping: elements.count), 0)
            for (offset, element) in elements.enumerated() {
                try push(element, depth: depth + 1)
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
            markArray(at: -1)
        case .map(let entries):
            try reserveTableLevel(depth)
            lua_createtable(L, 0, Int32(clamping: entries.count))
            for (key, element) in entries {
                switch key {
                case .string(let string): push(string)
                case .integer(let integer): lua_pushinteger(L, lua_Integer(integer))
                }
                try push(element, depth: depth + 1)
                lua_rawset(L, -3)
            }
        case .function(let ref), .table(let ref):
            try push(ref)
        }
    }

    /// Checks the nesting limit and makes room for a table, a key and a value.
    private func reserveTableLevel(_ depth: Int) throws(LuaError) {
        guard depth < maxDepth else {
            throw LuaError(kind: .conversion, message: "cannot pass a value to Lua: tables nest deeper than \(maxDepth) levels")
        }
        guard lua_checkstack(L, 3) != 0 else {
            throw LuaError(kind: .conversion, message: "cannot pass a value to Lua: the Lua stack is full")
        }
    }

    /// [-0, +0] Marks the table at `index` as an array (what `json.array` does), so it stays one when empty: with
    /// the shared array metatable, or in the weak mark table when it has a metatable of its own.
    func markArray(at index: Int32) {
        let table = lua_absindex(L, index)
        if lua_getmetatable(L, table) == 0 {
            stepwise_lua_push_slot(L, bootstrap.arrayMeta)
            lua_setmetatable(L, table)
            return
        }
        stepwise_lua_pop(L, 1)
        stepwise_lua_push_slot(L, bootstrap.arrayMarks)
        lua_pushvalue(L, table)
        lua_pushboolean(L, 1)
        lua_rawset(L, -3)
        stepwise_lua_pop(L, 1)
    }

    /// Makes a reference to the value at `index` (a function, table or userdata).
    func makeRef(at index: Int32, kind: LuaRef.Kind) -> LuaRef {
        releasePendingRefs()
        let address = UInt(bitPattern: lua_topointer(L, index))
        lua_pushvalue(L, index)
        let slot = stepwise_lua_store_slot(L)
        return LuaRef(kind: kind, slot: slot, owner: refOwner, address: address)
    }

    /// Frees the registry slots of references that died since the last call.
    func releasePendingRefs() {
        for slot in refOwner.takePending() {
            stepwise_lua_free_slot(main, slot)
        }
    }
}

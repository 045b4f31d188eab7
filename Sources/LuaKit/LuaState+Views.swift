internal import CLuaShims

// Values a host hands to Lua that Lua may hold but not change or look inside: read-only views of data (a step's
// `ctx`) and opaque tokens (secret handles, "known after apply" placeholders).
extension LuaState {
    /// Makes a read-only view of a table value, like a host module's: a userdata whose locked metatable reads
    /// from a copy of `value` (`__index`, `__len`, `__pairs`), so `ipairs`, `#` and `pairs` work and assignments
    /// raise an error naming `name`. Nested tables are wrapped too; values that are already userdata (other views,
    /// opaque tokens) are kept as they are. In Swift a view reads back as `.table(ref)` of kind `.userdata`.
    public func makeReadOnly(_ value: LuaValue, name: String) throws -> LuaRef {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        guard lua_checkstack(L, 4) != 0 else {
            throw LuaError(kind: .usage, message: "cannot make a read-only view of \(name): the Lua stack is full")
        }
        stepwise_lua_push_message_handler(L)
        stepwise_lua_push_slot(L, bootstrap.readonly)
        try push(value)
        guard lua_type(L, -1) == LUA_TTABLE else {
            throw LuaError(kind: .usage, message: "cannot make a read-only view of \(name): it is a \(value.typeName), not a table")
        }
        push(name)
        if let error = runProtected(arguments: 2, handler: base + 1, limits: .unlimited) { throw error }
        return makeRef(at: -1, kind: .userdata)
    }

    /// Makes a constructor of opaque values of one kind: a Lua function `(text, misuse)` that returns a new
    /// zero-sized userdata each call. `tostring` gives `text`, `type` gives `userdata`, errors and `getmetatable`
    /// name the kind `name`; indexing, assigning, concatenating, taking the length or calling it raise `misuse`
    /// at the caller's line. Nothing else is attached, so Lua cannot learn more than `text`. In Swift the values
    /// read back as `.table(ref)` of kind `.userdata`; equal references mean the same value.
    public func makeOpaqueConstructor(name: String) throws -> LuaRef {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        stepwise_lua_push_message_handler(L)
        try compile(Self.opaqueConstructorSource, chunkName: LuaBootstrap.chunkName)
        stepwise_lua_push_bootstrap_helpers(L)
        push(name)
        if let error = runProtected(arguments: 3, handler: base + 1, limits: .unlimited) { throw error }
        return makeRef(at: -1, kind: .function)
    }

    private static let opaqueConstructorSource = #"""
    local newproxy, _, name = ...
    local error, tostring = error, tostring
    local metatables = setmetatable({}, { __mode = "v" })
    return function(text, misuse)
      text, misuse = tostring(text), tostring(misuse)
      local key = text .. "\0" .. misuse
      local metatable = metatables[key]
      if not metatable then
        local function refuse() error(misuse, 2) end
        metatable = {
          __name = name, __metatable = name, __tostring = function() return text end,
          __index = refuse, __newindex = refuse, __concat = refuse, __len = refuse, __call = refuse,
        }
        metatables[key] = metatable
      end
      return newproxy(metatable)
    end
    """#
}

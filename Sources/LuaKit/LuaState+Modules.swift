internal import CLuaShims

/// A read-only host table (such as `graph` or `json`) that sandboxes can install.
///
/// In Lua it is a userdata whose locked metatable reads from a hidden table: assignments raise an error, `rawset`
/// refuses it (it is not a table), and `pairs` iterates its entries. Nested tables are read-only too.
public struct LuaModule: Sendable {
    /// The name it is installed under by default, such as `graph`.
    public let name: String
    /// The proxy in Lua.
    public let ref: LuaRef

    /// The module as a value (to pass to Lua or store in another table).
    public var value: LuaValue { .table(ref) }
}

extension LuaState {
    /// Makes a read-only host table of host functions (named `<name>.<key>` in argument errors), functions that
    /// push their own results, and values.
    public func makeModule(
        name: String, functions: [String: LuaHostFunction], stackFunctions: [String: LuaStackHostFunction] = [:],
        values: [String: LuaValue] = [:]
    ) throws -> LuaModule {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        guard lua_checkstack(L, 6) != 0 else {
            throw LuaError(kind: .usage, message: "cannot make module \(name): the Lua stack is full")
        }
        stepwise_lua_push_message_handler(L)
        stepwise_lua_push_slot(L, bootstrap.readonly)
        var entries: [LuaKey: LuaValue] = [:]
        for (key, value) in values { entries[.string(key)] = value }
        try push(.map(entries))
        let bodies = functions.mapValues(HostFunction.Body.values).merging(stackFunctions.mapValues(HostFunction.Body.stack)) { _, _ in
            preconditionFailure("module \(name) names a function twice")
        }
        for (key, body) in bodies.sorted(by: { $0.key < $1.key }) {
            push(key)
            pushHostFunction(name: "\(name).\(key)", body)
            lua_rawset(L, -3)
        }
        push(name)
        if let error = runProtected(arguments: 2, handler: base + 1, limits: .unlimited) { throw error }
        return LuaModule(name: name, ref: makeRef(at: -1, kind: .userdata))
    }
}

internal import CLuaShims

// Frame inspection for the debugger, used from inside the line hook (on the hooked thread `L`).
extension LuaState {
    /// The active locals of the frame at `level`.
    func frameLocals(level: Int) throws -> [LuaLocal] {
        var frame = try debugFrame(level: level)
        var locals: [LuaLocal] = []
        var index: Int32 = 1
        while let name = lua_getlocal(L, &frame, index) {
            let text = String(cString: name)
            if !text.hasPrefix("(") {
                locals.append(LuaLocal(name: text, value: (try? readValue(at: -1, mode: .lenient)) ?? .nil))
            }
            stepwise_lua_pop(L, 1)
            index += 1
        }
        return locals
    }

    /// The traceback from the running function down.
    func frameTraceback() throws -> String {
        defer { stepwise_lua_pop(L, 1) }
        let status = stepwise_lua_traceback(L, L, 0)
        let text = readString(at: -1).string
        guard status == LUA_OK else { throw LuaError(kind: .runtime, message: "cannot make a traceback: \(text)") }
        return text
    }

    /// Evaluates `code` in the frame at `level` (see `LuaLineEvent.evaluate`).
    func evaluate(_ code: String, level: Int) throws -> [LuaValue] {
        var frame = try debugFrame(level: level)
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        guard lua_checkstack(L, 10) != 0 else {
            throw LuaError(kind: .usage, message: "cannot evaluate: the Lua stack is full")
        }
        lua_getinfo(L, "f", &frame)
        let function = base + 1
        lua_createtable(L, 0, 8)
        let scope = base + 2
        lua_pushnil(L)
        let environment = base + 3

        // Upvalues, then locals (later ones shadow earlier ones); `_ENV` becomes the fallback for other names.
        var upvalues: [String: Int32] = [:]
        var index: Int32 = 1
        while let name = lua_getupvalue(L, function, index) {
            bind(String(cString: name), scope: scope, environment: environment) { upvalues[$0] = index }
            index += 1
        }
        var locals: [String: Int32] = [:]
        index = 1
        while let name = lua_getlocal(L, &frame, index) {
            bind(String(cString: name), scope: scope, environment: environment) { locals[$0] = index }
            index += 1
        }
        if lua_type(L, environment) == LUA_TNIL { findEnvironment(above: level, into: environment) }
        lua_createtable(L, 0, 2)
        for field in ["__index", "__newindex"] {
            push(field)
            lua_pushvalue(L, environment)
            lua_rawset(L, -3)
        }
        lua_setmetatable(L, scope)

        stepwise_lua_push_message_handler(L)
        let handler = lua_gettop(L)
        do {
            try compile("return " + code, chunkName: "=(eval)")
        } catch {
            try compile(code, chunkName: "=(eval)")
        }
        lua_pushvalue(L, scope)
        _ = lua_setupvalue(L, -2, 1)
        if let error = runProtected(arguments: 0, handler: handler, limits: nil) { throw error }
        var results: [LuaValue] = []
        for position in (handler + 1)..<(lua_gettop(L) + 1) {
            results.append((try? readValue(at: position, mode: .lenient)) ?? .nil)
        }

        frame = try debugFrame(level: level)
        for (name, index) in locals {
            writeBack(name, scope: scope) { _ = lua_getlocal(L, &frame, index) } set: { _ = lua_setlocal(L, &frame, index) }
        }
        for (name, index) in upvalues {
            writeBack(name, scope: scope) { _ = lua_getupvalue(L, function, index) } set: { _ = lua_setupvalue(L, function, index) }
        }
        return results
    }

    /// The activation record of the frame at `level`, or an error when there is none.
    private func debugFrame(level: Int) throws -> lua_Debug {
        var frame = lua_Debug()
        guard level >= 0, lua_getstack(L, Int32(level), &frame) != 0 else {
            throw LuaError(kind: .usage, message: "there is no Lua stack frame at level \(level)")
        }
        return frame
    }

    /// [-1, +0] Binds the value on top to `name` in `scope` (or keeps `_ENV` in `environment`); pops it.
    private func bind(_ name: String, scope: Int32, environment: Int32, record: (String) -> Void) {
        if name == "_ENV" {
            lua_copy(L, -1, environment)
        } else if name.isLuaIdentifier {
            push(name)
            lua_pushvalue(L, -2)
            lua_rawset(L, scope)
            record(name)
        }
        stepwise_lua_pop(L, 1)
    }

    /// Puts the `_ENV` of the nearest enclosing function that has one at `environment` (or an empty table).
    private func findEnvironment(above level: Int, into environment: Int32) {
        var frame = lua_Debug()
        var outer = Int32(level + 1)
        while lua_getstack(L, outer, &frame) != 0 {
            lua_getinfo(L, "f", &frame)
            var index: Int32 = 1
            while let name = lua_getupvalue(L, -1, index) {
                if String(cString: name) == "_ENV", lua_type(L, -1) == LUA_TTABLE {
                    lua_copy(L, -1, environment)
                    stepwise_lua_pop(L, 2)
                    return
                }
                stepwise_lua_pop(L, 1)
                index += 1
            }
            stepwise_lua_pop(L, 1)
            outer += 1
        }
        lua_createtable(L, 0, 0)
        lua_copy(L, -1, environment)
        stepwise_lua_pop(L, 1)
    }

    /// Writes `scope[name]` back through `set` when it differs from the current value (pushed by `get`).
    private func writeBack(_ name: String, scope: Int32, get: () -> Void, set: () -> Void) {
        push(name)
        lua_rawget(L, scope)
        get()
        if lua_rawequal(L, -1, -2) != 0 {
            stepwise_lua_pop(L, 2)
        } else {
            stepwise_lua_pop(L, 1)
            set()
        }
    }
}

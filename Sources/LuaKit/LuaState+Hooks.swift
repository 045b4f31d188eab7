import Foundation
internal import CLuaShims

// The line hook for the debugger; it runs beside the instruction budget (one C hook dispatches both).
extension LuaState {
    /// Calls `hook` before each new line Lua runs (with the chunk name and line). The hook may block (run a
    /// prompt), inspect the frame (`locals`, `traceback`, `evaluate`) and throw to stop the running code with
    /// that error. Coroutines created before the hook was set follow within a thousand instructions.
    public func setLineHook(_ hook: @escaping (LuaLineEvent) throws -> Void) {
        lineHook = hook
        stepwise_lua_set_line_hook(L, 1)
        if L != main { stepwise_lua_set_line_hook(main, 1) }
    }

    /// Stops calling the line hook.
    public func removeLineHook() {
        lineHook = nil
        stepwise_lua_set_line_hook(L, 0)
        if L != main { stepwise_lua_set_line_hook(main, 0) }
    }

    /// Handles a line event of `thread`: returns 0, or STEPWISE_LUA_RAISE with an error value pushed.
    func dispatchLineEvent(_ thread: OpaquePointer, _ debug: UnsafeMutablePointer<lua_Debug>) -> Int32 {
        guard let hook = lineHook, let chunk = debug.pointee.source, strcmp(chunk, LuaBootstrap.chunkName) != 0 else {
            return 0  // LuaKit's own Lua code (sandbox print, require ...) is not the plugin's
        }
        let caller = L
        let callerEvent = activeLineEvent
        lineEventCounter += 1
        L = thread
        activeLineEvent = lineEventCounter
        defer {
            L = caller
            activeLineEvent = callerEvent
        }
        let source = String(cString: chunk)
        let event = LuaLineEvent(
            state: self, id: lineEventCounter, source: Self.displayName(source), line: Int(debug.pointee.currentline))
        do {
            try hook(event)
            return 0
        } catch {
            let status = pushError(error)
            if status == STEPWISE_LUA_RAISE_WITH_POSITION {
                let message = readString(at: -1).string
                stepwise_lua_pop(L, 1)
                push("\(event.source):\(event.line): \(message)")
            }
            return STEPWISE_LUA_RAISE
        }
    }
}

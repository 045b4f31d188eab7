internal import CLuaShims

// The instruction budget (a count hook in C) and the memory cap (the C allocator), per top-level call.
extension LuaState {
    /// Arms the limits for a top-level call.
    func begin(_ limits: LuaLimits) {
        releasePendingRefs()
        runtime.pointee.memory_limit = limits.memoryBytes.map { size_t(max($0, 1)) } ?? 0
        runtime.pointee.memory_limit_hit = 0
        stepwise_lua_set_budget(L, Int64(limits.instructions.map { max($0, 1) } ?? 0))
    }

    /// Disarms the limits after a top-level call; after a memory-limit failure, collects the garbage it left.
    func end() {
        stepwise_lua_set_budget(L, 0)
        if runtime.pointee.memory_limit_hit != 0 {
            stepwise_lua_collect_garbage(L)
        }
        runtime.pointee.memory_limit = 0
        runtime.pointee.memory_limit_hit = 0
    }
}

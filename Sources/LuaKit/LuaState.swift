internal import CLuaShims

/// A Lua 5.4 state: owns the `lua_State`, the host functions registered on it and its limits.
///
/// A state is confined to one thread (it is not `Sendable`). Code runs in sandboxes made with `makeSandbox`;
/// Swift closures become Lua functions with `makeFunction` and read-only host tables with `makeModule`.
public final class LuaState {
    /// The main thread of the state.
    let main: OpaquePointer
    /// Memory and budget counters shared with the C allocator and hooks.
    let runtime: UnsafeMutablePointer<stepwise_lua_runtime>
    /// The identity references carry, and their release queue.
    let refOwner = LuaRefOwner()
    /// Registry slots of the values the bootstrap chunk made.
    var bootstrap = LuaBootstrap.Slots()
    /// The address of the `json.null` userdata, to recognise it quickly.
    var nullAddress: UnsafeRawPointer?
    /// Swift closures callable from Lua; their trampoline closures point at them.
    var hostFunctions: [HostFunction] = []
    /// How many protected calls from Swift are running (nested through host functions).
    var callDepth = 0
    /// The line hook, if any.
    var lineHook: ((LuaLineEvent) throws -> Void)?
    /// Identifies the line event being handled, so a stale `LuaLineEvent` is refused.
    var activeLineEvent = 0
    var lineEventCounter = 0
    var cachedJSONModule: LuaModule?

    /// The limits applied to every top-level call that does not give its own.
    public var limits: LuaLimits
    /// How deeply nested tables may be when converted between Lua and Swift (default 100).
    public var maxDepth = 100

    /// A new state with the standard libraries a sandbox copies from, and the given default limits.
    public init(limits: LuaLimits = .unlimited) throws {
        let runtime = UnsafeMutablePointer<stepwise_lua_runtime>.allocate(capacity: 1)
        runtime.initialize(to: stepwise_lua_runtime())
        runtime.pointee.host_dispatch = luaKitHostDispatch
        runtime.pointee.line_dispatch = luaKitLineDispatch
        guard let main = stepwise_lua_newstate(runtime) else {
            stepwise_lua_close(nil, runtime)
            runtime.deallocate()
            throw LuaError(kind: .memoryLimit, message: "cannot create a Lua state: out of memory")
        }
        runtime.pointee.current = main
        self.main = main
        self.runtime = runtime
        self.limits = limits
        runtime.pointee.context = Unmanaged.passUnretained(self).toOpaque()
        guard stepwise_lua_open_libraries(main) == LUA_OK else {
            throw LuaError(kind: .memoryLimit, message: "cannot open the Lua standard libraries: out of memory")
        }
        stepwise_lua_set_budget(main, 0)
        try runBootstrap()
    }

    deinit {
        stepwise_lua_close(main, runtime)
        runtime.deinitialize(count: 1)
        runtime.deallocate()
    }

    /// The thread Lua runs on right now: the main thread, or the calling coroutine inside host functions and hooks.
    var L: OpaquePointer {
        get { runtime.pointee.current! }
        set { runtime.pointee.current = newValue }
    }

    /// The number of values on the main thread's stack: 0 between calls (for tests and diagnostics).
    public var stackTop: Int {
        Int(lua_gettop(main))
    }

    /// Bytes of memory the state holds now.
    public var memoryInUse: Int {
        Int(runtime.pointee.memory_used)
    }

    /// Freed small blocks the state keeps for its next allocations (see `stepwise_lua_block_pool`).
    var pooledBlocks: Int {
        withUnsafeBytes(of: runtime.pointee.pool.counts) { $0.bindMemory(to: UInt32.self).reduce(0) { $0 + Int($1) } }
    }

    /// The most blocks the pool keeps: a bound per size class, times the classes.
    static let pooledBlockBound = Int(STEPWISE_LUA_POOL_LIMIT) * Int(STEPWISE_LUA_POOL_MAX / STEPWISE_LUA_POOL_GRAIN)

    /// Runs a full garbage collection.
    public func collectGarbage() {
        stepwise_lua_collect_garbage(main)
        releasePendingRefs()
    }
}

@available(*, unavailable)
extension LuaState: Sendable {}

/// The C trampoline's way into Swift: runs a host function for a call on `thread`.
private func luaKitHostDispatch(
    _ context: UnsafeMutableRawPointer?, _ thread: OpaquePointer?, _ function: UnsafeMutableRawPointer?
) -> Int32 {
    Unmanaged<LuaState>.fromOpaque(context!)._withUnsafeGuaranteedRef { state in
        Unmanaged<HostFunction>.fromOpaque(function!)._withUnsafeGuaranteedRef { function in
            state.dispatchHostCall(thread!, function)
        }
    }
}

/// The C hook dispatcher's way into Swift: handles a line event of `thread`.
private func luaKitLineDispatch(
    _ context: UnsafeMutableRawPointer?, _ thread: OpaquePointer?, _ debug: UnsafeMutablePointer<lua_Debug>?
) -> Int32 {
    Unmanaged<LuaState>.fromOpaque(context!)._withUnsafeGuaranteedRef { state in
        state.dispatchLineEvent(thread!, debug!)
    }
}

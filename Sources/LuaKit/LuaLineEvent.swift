/// A line about to run, given to the line hook. Its inspection methods work only while the hook runs.
public struct LuaLineEvent {
    /// The state running the code.
    public unowned let state: LuaState
    let id: Int
    /// The chunk name as given to `load`/`run` without Lua's `@`/`=` prefix (a file path, `(command line)` ...).
    public let source: String
    /// The line about to run.
    public let line: Int

    init(state: LuaState, id: Int, source: String, line: Int) {
        self.state = state
        self.id = id
        self.source = source
        self.line = line
    }

    /// The active local variables of the frame at `level` (0: the function running this line, 1: its caller ...),
    /// in declaration order (a later local may shadow an earlier one with the same name). Tables that cannot be
    /// copied (cycles, deep nesting) come back as `.table` references.
    public func locals(level: Int = 0) throws -> [LuaLocal] {
        try checkActive()
        return try state.frameLocals(level: level)
    }

    /// The Lua stack traceback from the running function down.
    public func traceback() throws -> String {
        try checkActive()
        return try state.frameTraceback()
    }

    /// Evaluates an expression (or, if it is not one, runs statements) in the frame at `level`: names resolve to
    /// the frame's locals, then the function's upvalues, then its environment (the plugin's sandbox globals).
    /// Assignments to locals and upvalues are written back to the frame; other assignments set globals.
    /// Limitation: a local holding nil reads (and assigns) as the global of that name.
    public func evaluate(_ code: String, level: Int = 0) throws -> [LuaValue] {
        try checkActive()
        return try state.evaluate(code, level: level)
    }

    private func checkActive() throws {
        guard state.activeLineEvent == id else {
            throw LuaError(kind: .usage, message: "the line event of \(source):\(line) is over; inspect frames only inside the hook")
        }
    }
}

@available(*, unavailable)
extension LuaLineEvent: Sendable {}

/// A local variable of a Lua frame.
public struct LuaLocal: Sendable, Equatable {
    /// Its name.
    public let name: String
    /// Its value.
    public let value: LuaValue

    /// A local with a name and value.
    public init(name: String, value: LuaValue) {
        self.name = name
        self.value = value
    }
}

internal import CLuaShims

// Loading chunks and calling functions in protected mode, with the traceback message handler.
extension LuaState {
    /// Calls a Lua function with arguments; returns its results. Limits apply when this is a top-level call
    /// (`limits` or else the state's `limits`); a call from inside a host function shares the running budget.
    @discardableResult
    public func call(_ function: LuaRef, _ arguments: [LuaValue] = [], limits: LuaLimits? = nil) throws -> [LuaValue] {
        try callPushed(arguments: arguments, limits: limits) { () throws(LuaError) in try push(function) }
    }

    /// Compiles a text chunk whose globals are `environment`'s; binary chunks are refused.
    func load(_ code: String, name: String, environment: LuaRef) throws(LuaError) -> LuaRef {
        try loadChunk(code, name: name, environment: environment)
        defer { stepwise_lua_pop(L, 1) }
        return makeRef(at: -1, kind: .function)
    }

    /// Compiles `code`, sets its environment and calls it; returns its results.
    func run(_ code: String, name: String, environment: LuaRef, arguments: [LuaValue], limits: LuaLimits?)
        throws -> [LuaValue]
    {
        try callPushed(arguments: arguments, limits: limits) { () throws(LuaError) in
            try loadChunk(code, name: name, environment: environment)
        }
    }

    /// [-0, +1] Compiles a text chunk and sets its first upvalue (`_ENV`) to `environment`.
    func loadChunk(_ code: String, name: String, environment: LuaRef) throws(LuaError) {
        try compile(code, chunkName: Self.chunkName(name))
        do {
            try push(environment)
        } catch {
            stepwise_lua_pop(L, 1)
            throw error
        }
        _ = lua_setupvalue(L, -2, 1)
    }

    /// [-0, +1] Compiles a text chunk (binary chunks are refused) and pushes the function.
    func compile(_ code: String, chunkName: String) throws(LuaError) {
        if code.utf8.first == 0x1B {
            throw LuaError(kind: .syntax, message: "\(Self.displayName(chunkName)): binary chunks are refused (only Lua source text can be loaded)")
        }
        var code = code
        let status = code.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                stepwise_lua_load_text(L, chars.baseAddress, chars.count, chunkName)
            }
        }
        guard status == LUA_OK else {
            let message = readString(at: -1).string
            stepwise_lua_pop(L, 1)
            throw LuaError(kind: status == LUA_ERRMEM ? .memoryLimit : .syntax, message: message)
        }
    }

    /// Pushes the message handler, then the function (`pushFunction`) and the arguments, calls in protected mode
    /// and returns the results; the stack is as it was afterwards.
    func callPushed(
        arguments: [LuaValue], limits: LuaLimits?, pushFunction: () throws(LuaError) -> Void
    ) throws -> [LuaValue] {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        guard lua_checkstack(L, Int32(clamping: arguments.count + 3)) != 0 else {
            throw LuaError(kind: .usage, message: "cannot call a Lua function with \(arguments.count) arguments: the Lua stack is full")
        }
        stepwise_lua_push_message_handler(L)
        try pushFunction()
        for argument in arguments { try push(argument) }
        let outcome = runProtected(arguments: Int32(arguments.count), handler: base + 1, limits: limits)
        if let error = outcome { throw error }
        let count = lua_gettop(L) - (base + 1)
        var results: [LuaValue] = []
        results.reserveCapacity(Int(count))
        for offset in 0..<count {
            results.append(try readValue(at: base + 2 + offset, name: "result \(offset + 1)"))
        }
        return results
    }

    /// Calls the function below `arguments` values with all results, the handler at `handler`; applies limits
    /// when this is the outermost call. Returns the error, if any (its value is left on the stack).
    func runProtected(arguments: Int32, handler: Int32, limits: LuaLimits?) -> LuaError? {
        let outermost = callDepth == 0
        let applied = limits ?? self.limits
        if outermost { begin(applied) }
        callDepth += 1
        let suspended = runtime.pointee.cap_suspended
        runtime.pointee.cap_suspended = 0
        let status = stepwise_lua_pcall(L, arguments, stepwise_lua_multret(), handler)
        runtime.pointee.cap_suspended = suspended
        callDepth -= 1
        let error = status == LUA_OK ? nil : makeError(status: status)
        if outermost { end() }
        return error
    }

    /// The error for a failed call, from the error value on top of the stack and what the handler recorded.
    func makeError(status: Int32) -> LuaError {
        stepwise_lua_take_traceback(L)
        let traceback = lua_type(L, -1) == LUA_TSTRING ? readString(at: -1).string : nil
        stepwise_lua_take_where(L)
        let position = lua_type(L, -1) == LUA_TSTRING ? readString(at: -1).string : nil
        stepwise_lua_pop(L, 2)

        let memoryLimit = Int(runtime.pointee.memory_limit)
        if status == LUA_ERRMEM, runtime.pointee.memory_limit_hit != 0, memoryLimit > 0 {
            let message = LuaLimits.memoryMessage(memoryLimit)
            return LuaError(kind: .memoryLimit, message: message, position: position, traceback: traceback)
        }
        let value = (try? readValue(at: -1, mode: .lenient)) ?? .nil
        if runtime.pointee.budget_exhausted != 0 {
            let message = LuaLimits.instructionMessage(Int(runtime.pointee.budget_limit))
            let raised = value.stringValue ?? ""
            let located = raised.hasSuffix(message) ? raised : Self.locate(message, at: position)
            return LuaError(kind: .instructionLimit, message: located, value: value, position: position, traceback: traceback)
        }
        let kind: LuaError.Kind = switch status {
        case LUA_ERRSYNTAX: .syntax
        case LUA_ERRMEM: .memoryLimit
        default: .runtime
        }
        return LuaError(kind: kind, message: Self.message(of: value, at: position), value: value, position: position, traceback: traceback)
    }

    /// A sentence for an error value: strings as raised, tables by their `message` (or `code`) with the position.
    static func message(of value: LuaValue, at position: String?) -> String {
        switch value {
        case .string(let string):
            return string.string
        case .integer(let number):
            return locate(String(number), at: position)
        case .number(let number):
            return locate(String(number), at: position)
        case .map:
            let text = value["message"].stringValue ?? value["code"].stringValue ?? "(error table without a message)"
            return locate(text, at: position)
        default:
            return locate("(error object is a \(value.typeName) value)", at: position)
        }
    }

    static func locate(_ message: String, at position: String?) -> String {
        position.map { "\($0): \(message)" } ?? message
    }

    /// Lua's chunk name for a display name: `@path` and `=name` pass through, anything else gets `=`.
    static func chunkName(_ name: String) -> String {
        name.hasPrefix("@") || name.hasPrefix("=") ? name : "=" + name
    }

    /// The name Lua shows for a chunk name.
    static func displayName(_ chunkName: String) -> String {
        chunkName.hasPrefix("@") || chunkName.hasPrefix("=") ? String(chunkName.dropFirst()) : chunkName
    }
}

internal import CLuaShims

/// A Swift closure callable from Lua: it gets the arguments and returns the results, or throws.
///
/// A thrown `LuaHostError` becomes a Lua table error `{code=, message=, ...}`; a `LuaArgumentError` or any other
/// error becomes a string error prefixed with the caller's position; a `LuaError` from a nested call is re-raised
/// with its value. The C trampoline raises the error after the closure has returned.
public typealias LuaHostFunction = (LuaArguments) throws -> [LuaValue]

/// A host function that pushes its results on `results` itself, in order, instead of returning them: a table it
/// builds there (an answer's body read from JSON) reaches Lua without a reference in the registry. Errors as for
/// `LuaHostFunction`; whatever it pushed before throwing is dropped.
public typealias LuaStackHostFunction = (LuaArguments, borrowing LuaResults) throws -> Void

/// A registered host function.
final class HostFunction {
    enum Body {
        case values(LuaHostFunction)
        case stack(LuaStackHostFunction)
    }

    let name: String
    let body: Body

    init(name: String, body: Body) {
        self.name = name
        self.body = body
    }
}

extension LuaState {
    /// Makes a Lua function that runs `body`; `name` (such as `graph.get`) prefixes argument errors.
    /// Host functions live as long as the state.
    public func makeFunction(name: String, _ body: @escaping LuaHostFunction) -> LuaRef {
        pushHostFunction(name: name, body)
        defer { stepwise_lua_pop(L, 1) }
        return makeRef(at: -1, kind: .function)
    }

    /// [-0, +1] Registers `body` (kept alive by the state) and pushes its trampoline closure.
    func pushHostFunction(name: String, _ body: @escaping LuaHostFunction) {
        pushHostFunction(name: name, .values(body))
    }

    /// [-0, +1] Registers `body` (kept alive by the state) and pushes its trampoline closure.
    func pushHostFunction(name: String, _ body: HostFunction.Body) {
        let function = HostFunction(name: name, body: body)
        hostFunctions.append(function)
        stepwise_lua_push_host_function(L, Unmanaged.passUnretained(function).toOpaque())
    }

    /// Runs `function` for a call from Lua on `thread`: returns the result count, or a raise status with the
    /// error value pushed. Never raises.
    func dispatchHostCall(_ thread: OpaquePointer, _ function: HostFunction) -> Int32 {
        let caller = L
        L = thread
        defer { L = caller }
        let base = lua_gettop(thread)
        do {
            switch function.body {
            case .values(let body):
                let results = try body(try readArguments(of: function, on: thread))
                guard lua_checkstack(thread, Int32(clamping: results.count)) != 0 else {
                    throw LuaArgumentError("\(function.name): too many results (\(results.count))")
                }
                for result in results { try push(result) }
                return Int32(results.count)
            case .stack(let body):
                try body(try readArguments(of: function, on: thread), LuaResults(state: self, base: base))
                return lua_gettop(thread) - base
            }
        } catch {
            lua_settop(thread, base)
            return pushError(error)
        }
    }

    /// The arguments of a call on `thread`, the first three without allocating.
    @inline(__always)
    private func readArguments(of function: HostFunction, on thread: OpaquePointer) throws(LuaError) -> LuaArguments {
        let count = lua_gettop(thread)
        func read(_ position: Int32) throws(LuaError) -> LuaValue {
            position <= count ? try readValue(at: position, name: "\(function.name): argument \(position)") : .nil
        }
        let first = try read(1)
        let second = try read(2)
        let third = try read(3)
        var rest: [LuaValue] = []
        if count > 3 {
            rest.reserveCapacity(Int(count) - 3)
            for position in 4...count { rest.append(try read(position)) }
        }
        return LuaArguments(
            function: function.name, count: Int(count), state: self, first: first, second: second, third: third, rest: rest)
    }

    /// [-0, +1] Pushes the Lua form of a Swift error; returns how the trampoline must raise it.
    func pushError(_ error: any Error) -> Int32 {
        switch error {
        case let error as LuaHostError:
            if (try? pushHostError(code: error.code, message: error.message, fields: error.fields)) != nil {
                return STEPWISE_LUA_RAISE
            }
            push(error.message)
            return STEPWISE_LUA_RAISE_WITH_POSITION
        case let error as LuaError where error.kind == .runtime || error.kind == .syntax:
            if case .map(let entries) = error.value, entries[.string("code")] != nil,
               (try? pushHostError(entries: entries)) != nil
            {
                return STEPWISE_LUA_RAISE
            }
            if (try? push(error.value)) != nil { return STEPWISE_LUA_RAISE }
            push(error.message)
            return STEPWISE_LUA_RAISE
        case let error as LuaError where error.kind == .instructionLimit || error.kind == .memoryLimit:
            push(error.message)
            return STEPWISE_LUA_RAISE
        case let error as LuaError:
            push(error.message)
            return STEPWISE_LUA_RAISE_WITH_POSITION
        case let error as LuaArgumentError:
            push(error.message)
            return STEPWISE_LUA_RAISE_WITH_POSITION
        default:
            push(String(describing: error))
            return STEPWISE_LUA_RAISE_WITH_POSITION
        }
    }

    /// [-0, +1] Pushes a host error table with its metatable.
    func pushHostError(code: String, message: String, fields: [String: LuaValue]) throws(LuaError) {
        var entries: [LuaKey: LuaValue] = [:]
        for (key, value) in fields { entries[.string(key)] = value }
        entries[.string("code")] = .string(code)
        entries[.string("message")] = .string(message)
        try pushHostError(entries: entries)
    }

    /// [-0, +1] Pushes a table of `entries` with the host error metatable (`tostring` gives the message).
    func pushHostError(entries: [LuaKey: LuaValue]) throws(LuaError) {
        try push(.map(entries))
        stepwise_lua_push_slot(L, bootstrap.hostErrorMetatable)
        lua_setmetatable(L, -2)
    }
}

import LuaKit
import Testing

/// A state with one sandbox, for tests; `expectBalanced` checks the Lua stack is empty between operations.
struct Lua {
    let state: LuaState
    let sandbox: LuaSandbox

    init(limits: LuaLimits = .unlimited, options: LuaSandboxOptions = LuaSandboxOptions(print: { _ in })) throws {
        state = try LuaState(limits: limits)
        sandbox = try state.makeSandbox(options)
    }

    /// Runs a chunk named `test` and checks the stack is balanced afterwards.
    @discardableResult
    func run(_ code: String, _ arguments: [LuaValue] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> [LuaValue] {
        defer { #expect(state.stackTop == 0, "Lua stack not balanced", sourceLocation: sourceLocation) }
        return try sandbox.run(code, name: "test", arguments: arguments)
    }

    /// Runs a chunk expected to fail and returns its error; checks the stack is balanced afterwards.
    func failure(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) -> LuaError? {
        defer { #expect(state.stackTop == 0, "Lua stack not balanced", sourceLocation: sourceLocation) }
        do {
            let results = try sandbox.run(code, name: "test")
            Issue.record("expected an error, got \(results)", sourceLocation: sourceLocation)
            return nil
        } catch let error as LuaError {
            return error
        } catch {
            Issue.record("expected a LuaError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Passes values through a Lua identity function and returns what comes back.
    func roundTrip(_ values: [LuaValue]) throws -> [LuaValue] {
        let identity = try #require(try run("return function(...) return ... end").first?.reference)
        defer { #expect(state.stackTop == 0) }
        return try state.call(identity, values)
    }
}

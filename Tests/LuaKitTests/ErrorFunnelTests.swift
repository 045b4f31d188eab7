import LuaKit
import Testing

private struct PlainSwiftError: Error, CustomStringConvertible {
    var description: String { "the disk is full" }
}

@Suite("Errors between Swift and Lua")
struct ErrorFunnelTests {
    /// A `graph` module whose `get` checks its argument and throws a host error with extra fields.
    private func graphModule(_ state: LuaState) throws -> LuaModule {
        try state.makeModule(name: "graph", functions: [
            "get": { arguments in
                let path = try arguments.string(1, "path")
                throw LuaHostError(code: "graph.not_found", message: "Graph 404: \(path) was not found",
                                   fields: ["status": 404, "request_id": "req-1"])
            },
            "fail": { _ in throw PlainSwiftError() },
        ])
    }

    @Test func aThrowingHostFunctionCalledFiftyThousandTimesLeaksNothing() throws {
        let lua = try Lua()
        try lua.sandbox.install(graphModule(lua.state))
        let call = try #require(try lua.run("return function() return graph.get('/me') end").first?.reference)
        func attempt() -> LuaError? {
            do {
                _ = try lua.state.call(call)
                return nil
            } catch {
                return error as? LuaError
            }
        }
        for _ in 0..<1_000 { _ = attempt() }
        lua.state.collectGarbage()
        let baseline = lua.state.memoryInUse
        for _ in 0..<50_000 {
            let error = attempt()
            guard error?.code == "graph.not_found" else {
                Issue.record("unexpected error \(String(describing: error))")
                return
            }
        }
        lua.state.collectGarbage()
        #expect(lua.state.stackTop == 0)
        #expect(lua.state.memoryInUse < baseline + 64 * 1024, "memory grew from \(baseline) to \(lua.state.memoryInUse)")
    }

    @Test func luaCanCatchHostErrorsAsTablesWithFields() throws {
        let lua = try Lua()
        try lua.sandbox.install(graphModule(lua.state))
        let results = try lua.run("""
            local caught = 0
            local last
            for i = 1, 50000 do
              local ok, err = pcall(graph.get, "/users/" .. i)
              if not ok and err.code == "graph.not_found" then caught = caught + 1 end
              last = err
            end
            return caught, last.status, last.request_id, tostring(last), getmetatable(last)
            """)
        #expect(results == [50_000, 404, "req-1", "Graph 404: /users/50000 was not found", "host error"])
    }

    @Test func aHostErrorReachesSwiftWithItsFieldsPositionAndTraceback() throws {
        let lua = try Lua()
        try lua.sandbox.install(graphModule(lua.state))
        let error = try #require(lua.failure("local function read()\n  return graph.get('/me')\nend\nlocal value = read()\nreturn value"))
        #expect(error.kind == .runtime)
        #expect(error.code == "graph.not_found")
        #expect(error.value["status"] == 404)
        #expect(error.value["request_id"] == "req-1")
        #expect(error.position == "test:2")
        #expect(error.message == "test:2: Graph 404: /me was not found")
        let traceback = try #require(error.traceback)
        #expect(traceback.hasPrefix("stack traceback:"))
        #expect(traceback.contains("test:2: in"))
        #expect(traceback.contains("test:4: in main chunk"))
    }

    @Test func luaTableErrorsKeepTheirFields() throws {
        let lua = try Lua()
        let error = try #require(lua.failure("\n\nerror({code = 'x', message = 'y', details = {1, 2}})"))
        #expect(error.code == "x")
        #expect(error.value == ["code": "x", "message": "y", "details": [1, 2]])
        #expect(error.message == "test:3: y")
        #expect(error.position == "test:3")
    }

    @Test func stringErrorsReadChunkLineMessage() throws {
        let lua = try Lua()
        #expect(lua.failure("local x = 1\nerror('boom')")?.message == "test:2: boom")
        #expect(lua.failure("local t = nil\nreturn t.field")?.message == "test:2: attempt to index a nil value (local 't')")
        let syntax = try #require(lua.failure("return +"))
        #expect(syntax.kind == .syntax)
        #expect(syntax.message == "test:1: unexpected symbol near '+'")
        #expect(lua.failure("error(setmetatable({}, {}))")?.message == "test:1: (error table without a message)")
    }

    @Test func swiftErrorsBecomeStringErrorsAtTheCaller() throws {
        let lua = try Lua()
        try lua.sandbox.install(graphModule(lua.state))
        #expect(lua.failure("\ngraph.fail()")?.message == "test:2: the disk is full")
        #expect(lua.failure("graph.get()")?.message == "test:1: graph.get: argument 1 (path) must be a string, got nil")
        #expect(lua.failure("graph.get({})")?.message == "test:1: graph.get: argument 1 (path) must be a string, got table")
        // Called by pcall directly there is no Lua caller, so no position (as with Lua's own errors).
        #expect(try lua.run("local ok, e = pcall(graph.get, 5) return e") == ["graph.get: argument 1 (path) must be a string, got number"])
    }

    @Test func hostFunctionsCanCallLuaCallbacksThatCallHostFunctionsAgain() throws {
        let lua = try Lua()
        var polls = 0
        let module = try lua.state.makeModule(name: "wait", functions: [
            "poll": { arguments in
                let probe = try arguments.function(1, "probe")
                let limit = try arguments.integer(2, "attempts")
                for attempt in 1...limit {
                    polls += 1
                    let result = try arguments.state.call(probe, [.integer(attempt)])
                    if result.first?.isTruthy == true { return result }
                }
                throw LuaHostError(code: "wait.timeout", message: "gave up after \(limit) attempts")
            },
            "double": { arguments in [.integer(try arguments.integer(1, "n") * 2)] },
        ])
        try lua.sandbox.install(module)
        #expect(try lua.run("return wait.poll(function(n) if wait.double(n) >= 6 then return n end end, 10)") == [3])
        #expect(polls == 3)
        let timeout = try #require(lua.failure("return wait.poll(function() return false end, 2)"))
        #expect(timeout.code == "wait.timeout")
        let inner = try #require(lua.failure("return wait.poll(function() error({code = 'probe.broken', message = 'no'}) end, 2)"))
        #expect(inner.code == "probe.broken")
        #expect(inner.message == "test:1: no")
        let nested = try #require(lua.failure("return wait.poll(function() return wait.double('x') end, 2)"))
        #expect(nested.message == "test:1: wait.double: argument 1 (n) must be an integer, got string")
    }

    @Test func aReferenceFromAnotherStateIsRefused() throws {
        let first = try Lua()
        let second = try Lua()
        let function = try #require(try first.run("return function() return 1 end").first?.reference)
        #expect { try second.state.call(function) } throws: { error in
            (error as? LuaError)?.kind == .usage && (error as? LuaError)?.message.contains("different Lua state") == true
        }
        #expect(second.state.stackTop == 0)
        #expect(try first.state.call(function) == [1])
    }

    @Test func referencesAreReleasedWhenTheyDie() throws {
        let lua = try Lua()
        let make = try #require(try lua.run("return function() return {big = string.rep('x', 10000)}, function() end end").first?.reference)
        lua.state.collectGarbage()
        let baseline = lua.state.memoryInUse
        for _ in 0..<5_000 {
            _ = try lua.state.call(make)
        }
        lua.state.collectGarbage()
        #expect(lua.state.memoryInUse < baseline + 64 * 1024)
    }
}

import LuaKit
import Testing

@Suite("Line hook")
struct HookTests {
    @Test func collectsTheLinesOfAChunk() throws {
        let lua = try Lua()
        var lines: [String] = []
        lua.state.setLineHook { event in lines.append("\(event.source):\(event.line)") }
        try lua.run("local a = 1\nlocal b = 2\n\nreturn a + b")
        lua.state.removeLineHook()
        #expect(lines == ["test:1", "test:2", "test:4"])
        try lua.run("return 1")
        #expect(lines.count == 3)
    }

    @Test func theHookReadsLocals() throws {
        let lua = try Lua()
        var seen: [LuaLocal] = []
        var callerSeen: [LuaLocal] = []
        lua.state.setLineHook { event in
            if event.line == 3 {
                seen = try event.locals()
                callerSeen = try event.locals(level: 1)
            }
        }
        try lua.run("""
            local function f(x, name)
              local list = {1, 2}
              return x
            end
            local outer = 'o'
            local result = f(42, 'n')
            return result
            """)
        #expect(seen == [LuaLocal(name: "x", value: 42), LuaLocal(name: "name", value: "n"), LuaLocal(name: "list", value: [1, 2])])
        #expect(callerSeen.map(\.name) == ["f", "outer"])
        #expect(callerSeen.last?.value == "o")
    }

    @Test func evaluatesInTheFrameAndWritesBackAssignments() throws {
        let lua = try Lua()
        var evaluated: [[LuaValue]] = []
        var traceback = ""
        lua.state.setLineHook { event in
            guard event.line == 4 else { return }
            evaluated.append(try event.evaluate("x + offset"))
            evaluated.append(try event.evaluate("greeting .. ' ' .. counter"))
            evaluated.append(try event.evaluate("x = x * 10"))
            evaluated.append(try event.evaluate("newglobal = 'set'"))
            traceback = try event.traceback()
        }
        let results = try lua.run("""
            greeting = 'hello'
            local counter = 7
            local function f(x, offset)
              return x + counter
            end
            local result = f(1, 2)
            return result, newglobal
            """)
        #expect(evaluated == [[3], ["hello 7"], [], []])
        #expect(results == [17, "set"])
        #expect(traceback.hasPrefix("stack traceback:"))
        #expect(traceback.contains("test:4: in"))
        #expect(traceback.contains("test:6: in main chunk"))
    }

    @Test func evaluationErrorsAreLuaErrors() throws {
        let lua = try Lua()
        var failure: LuaError?
        lua.state.setLineHook { event in
            do {
                _ = try event.evaluate("nosuch.field")
            } catch let error as LuaError {
                failure = error
            }
        }
        try lua.run("return 1")
        #expect(failure?.message == "(eval):1: attempt to index a nil value (global 'nosuch')")
    }

    @Test func aStaleEventIsRefused() throws {
        let lua = try Lua()
        var kept: LuaLineEvent?
        lua.state.setLineHook { event in kept = event }
        try lua.run("return 1")
        let event = try #require(kept)
        #expect(throws: LuaError.self) { try event.locals() }
    }

    @Test func aThrowingHookStopsTheCode() throws {
        let lua = try Lua()
        lua.state.setLineHook { event in
            if event.line == 2 { throw LuaHostError(code: "debugger.quit", message: "stopped by the debugger") }
        }
        let error = try #require(lua.failure("local a = 1\nlocal b = 2\nreturn a"))
        #expect(error.code == "debugger.quit")
        #expect(error.message == "test:2: stopped by the debugger")
    }

    @Test func theLineHookAndTheBudgetCoexist() throws {
        let lua = try Lua(limits: LuaLimits(instructions: 50_000))
        var count = 0
        lua.state.setLineHook { _ in count += 1 }
        #expect(lua.failure("while true do\nlocal x = 1\nend")?.kind == .instructionLimit)
        #expect(count > 1000)
        #expect(try lua.run("return 'next'") == ["next"])
    }

    @Test func coroutinesReportLines() throws {
        let lua = try Lua()
        var lines: Set<Int> = []
        lua.state.setLineHook { event in lines.insert(event.line) }
        try lua.run("local co = coroutine.wrap(function()\n  coroutine.yield(1)\n  return 2\nend)\nco()\nco()")
        #expect(lines.isSuperset(of: [1, 2, 3, 5, 6]))
    }
}

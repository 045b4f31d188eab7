import LuaKit
import Testing

@Suite("Limits")
struct LimitsTests {
    @Test func anInfiniteLoopStopsAtTheBudgetAndTheStateRunsTheNextChunk() throws {
        let lua = try Lua(limits: LuaLimits(instructions: 1_000_000))
        let error = try #require(lua.failure("local n = 0\nwhile true do\n  n = n + 1\nend"))
        #expect(error.kind == .instructionLimit)
        #expect(error.message.hasSuffix("instruction budget of 1000000 exceeded"))
        #expect(error.message.hasPrefix("test:"))
        #expect(try lua.run("local s = 0 for i = 1, 1000 do s = s + i end return s") == [500_500])
    }

    @Test func catchingTheBudgetErrorDoesNotEscapeIt() throws {
        let lua = try Lua(limits: LuaLimits(instructions: 100_000))
        let error = try #require(lua.failure("""
            while true do
              pcall(function() while true do end end)
              xpcall(function() while true do end end, function(e) while true do end end)
            end
            """))
        #expect(error.kind == .instructionLimit)
    }

    @Test func theBudgetCoversCoroutinesAndNestedHostCalls() throws {
        let lua = try Lua(limits: LuaLimits(instructions: 200_000))
        #expect(lua.failure("local co = coroutine.wrap(function() while true do end end) co()")?.kind == .instructionLimit)
        let module = try lua.state.makeModule(name: "host", functions: [
            "call": { arguments in try arguments.state.call(try arguments.function(1, "callback")) },
        ])
        try lua.sandbox.install(module)
        #expect(lua.failure("host.call(function() while true do end end)")?.kind == .instructionLimit)
        #expect(try lua.run("return host.call(function() return 'fine' end)") == ["fine"])
    }

    @Test func perCallLimitsOverrideTheStateDefault() throws {
        let lua = try Lua(limits: LuaLimits(instructions: 10_000))
        let loop = try #require(try lua.run("return function(n) local s = 0 for i = 1, n do s = s + i end return s end").first?.reference)
        #expect(throws: LuaError.self) { try lua.state.call(loop, [100_000]) }
        #expect(try lua.state.call(loop, [100_000], limits: LuaLimits(instructions: 10_000_000)) == [5_000_050_000])
        #expect(try lua.state.call(loop, [100_000], limits: .unlimited) == [5_000_050_000])
    }

    @Test func aMemoryBombStopsAtTheCapAndTheStateRunsTheNextChunk() throws {
        let lua = try Lua(limits: LuaLimits(instructions: nil, memoryMB: 16))
        let error = try #require(lua.failure("""
            local t = {}
            for i = 1, 1e9 do t[i] = string.rep("x", 1000) .. i end
            """))
        #expect(error.kind == .memoryLimit)
        #expect(error.message == "memory limit of 16 MB exceeded")
        #expect(lua.state.memoryInUse < 16 * 1024 * 1024)
        #expect(try lua.run("local t = {} for i = 1, 1000 do t[i] = i end return #t") == [1000])
    }

    @Test func aBombKeptInAGlobalStillLeavesTheStateUsableForSmallChunks() throws {
        let lua = try Lua(limits: LuaLimits(instructions: nil, memoryMB: 8))
        #expect(lua.failure("hoard = {} for i = 1, 1e9 do hoard[i] = ('y'):rep(100) .. i end")?.kind == .memoryLimit)
        #expect(try lua.run("hoard = nil return 'released'") == ["released"])
        #expect(try lua.run("local t = {} for i = 1, 10000 do t[i] = ('z'):rep(100) .. i end return #t") == [10000])
    }

    @Test func bothLimitsTogether() throws {
        let lua = try Lua(limits: LuaLimits(instructions: 5_000_000, memoryMB: 32))
        #expect(lua.failure("while true do end")?.kind == .instructionLimit)
        #expect(lua.failure("local s = 'x' while true do s = s .. s end")?.kind == .memoryLimit)
        #expect(try lua.run("return 1") == [1])
    }
}

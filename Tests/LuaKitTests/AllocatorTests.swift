import Testing

@testable import LuaKit

@Suite("The Lua allocator's block pool")
struct AllocatorTests {
    /// Makes small strings and tables of every pooled size, none of them kept.
    static let garbage = """
        for n = 1, 20000 do
          local t = { n, tostring(n), ("x"):rep(n % 300) }
          t.more = { n, n }
        end
        """

    @Test("freed small blocks serve the next allocations, and the pool never keeps more than its bound")
    func blocksAreReusedWithinTheBound() throws {
        let lua = try Lua()
        lua.state.collectGarbage()
        let before = lua.state.pooledBlocks
        try lua.run(Self.garbage)
        lua.state.collectGarbage()
        let after = lua.state.pooledBlocks
        #expect(after > before, "a collection of thousands of small blocks left none in the pool")
        #expect(after <= LuaState.pooledBlockBound)
        // The next round is served from the pool: it does not grow past the bound either.
        try lua.run(Self.garbage)
        lua.state.collectGarbage()
        #expect(lua.state.pooledBlocks <= LuaState.pooledBlockBound)
    }

    @Test("memory in use counts what Lua holds, not what the pool keeps: garbage collected, it is back where it was")
    func accountingIgnoresThePool() throws {
        let lua = try Lua()
        try lua.run(Self.garbage)
        lua.state.collectGarbage()
        let settled = lua.state.memoryInUse
        for _ in 0..<3 {
            try lua.run(Self.garbage)
            lua.state.collectGarbage()
            #expect(lua.state.memoryInUse == settled)
        }
    }

    @Test("strings and tables of every size keep their contents while the blocks around them are recycled")
    func contentsSurviveRecycling() throws {
        let lua = try Lua()
        try lua.run("""
            kept = {}
            for n = 1, 400 do
              kept[n] = { s = ("abcdefghijklmnopqrstuvwxyz"):rep(20):sub(1, n), items = { n, n + 1, n + 2 } }
            end
            """)
        try lua.run(Self.garbage)
        lua.state.collectGarbage()
        try lua.run(Self.garbage)
        let check = try lua.run("""
            for n = 1, 400 do
              local k = kept[n]
              if k.s ~= ("abcdefghijklmnopqrstuvwxyz"):rep(20):sub(1, n) then return "string " .. n end
              if k.items[1] ~= n or k.items[3] ~= n + 2 then return "items " .. n end
            end
            return "ok"
            """)
        #expect(check == ["ok"])
    }
}

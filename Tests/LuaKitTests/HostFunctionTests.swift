import LuaKit
import Testing

@Suite("Host functions")
struct HostFunctionTests {
    @Test func receivesAnyNumberOfArgumentsAndReturnsSeveralResults() throws {
        let lua = try Lua()
        var seen: [LuaValue] = []
        var counts: [Int] = []
        let echo = lua.state.makeFunction(name: "test.echo") { arguments in
            seen = arguments.values
            counts.append(arguments.count)
            return arguments.values.reversed()
        }
        try lua.sandbox.setGlobal("echo", .function(echo))
        #expect(try lua.run("return echo(1, 'two', 3.0, nil, {5}, true)") == [true, [5], .nil, 3.0, "two", 1])
        #expect(seen == [1, "two", 3.0, .nil, [5], true])
        #expect(try lua.run("return select('#', echo())") == [0])
        #expect(counts == [6, 0])
    }

    @Test func argumentHelpersCheckTypesAndAcceptAbsentOptionals() throws {
        let lua = try Lua()
        var captured: [String] = []
        let module = try lua.state.makeModule(name: "check", functions: [
            "all": { arguments in
                let name = try arguments.string(1, "name")
                let count = try arguments.integer(2, "count")
                let ratio = try arguments.optionalNumber(3, "ratio")
                let options = try arguments.optionalMap(4, "options")
                let callback = try arguments.optionalFunction(5, "callback")
                captured.append("\(name) \(count) \(ratio ?? -1) \(options?.count ?? -1) \(callback == nil)")
                return []
            },
        ])
        try lua.sandbox.install(module)
        try lua.run("check.all('a', 2.0) check.all('b', 3, 0.5, {x = 1}, print)")
        #expect(captured == ["a 2 -1.0 -1 true", "b 3 0.5 1 false"])
        #expect(lua.failure("check.all('a', 2.5)")?.message == "test:1: check.all: argument 2 (count) must be an integer, got number")
        #expect(lua.failure("check.all('a', 1, 'x')")?.message == "test:1: check.all: argument 3 (ratio) must be a number, got string")
        #expect(lua.failure("check.all('a', 1, nil, 5)")?.message == "test:1: check.all: argument 4 (options) must be a table, got number")
        #expect(lua.failure("check.all('a', 1, nil, nil, {})")?.message
            == "test:1: check.all: argument 5 (callback) must be a function, got table")
        #expect(lua.failure("check.all(json.null)")?.message == "test:1: check.all: argument 1 (name) must be a string, got json.null")
    }

    @Test func resultsThatCannotCrossAreErrors() throws {
        let lua = try Lua()
        var deep: LuaValue = 1
        for _ in 0..<150 { deep = [deep] }
        let result = deep
        let make = lua.state.makeFunction(name: "test.deep") { _ in [result] }
        try lua.sandbox.setGlobal("deep", .function(make))
        #expect(lua.failure("local v = deep()")?.message == "test:1: cannot pass a value to Lua: tables nest deeper than 100 levels")
    }
}

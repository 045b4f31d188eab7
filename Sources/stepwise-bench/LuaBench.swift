import Foundation
import LuaKit

/// `stepwise-bench lua`: the cost of a Lua call into a trivial Swift host function against a call of a trivial
/// Lua function (design §8 budget: within 5x). Writes `bench-results/lua.json`.
enum LuaBench {
    static let iterations = 2_000_000
    static let repetitions = 7
    static let budgetRatio = 5.0

    static func run() throws {
        let state = try LuaState(limits: .pluginDefault)
        let sandbox = try state.makeSandbox(LuaSandboxOptions(installsJSON: false))
        let identity = state.makeFunction(name: "bench.identity") { arguments in [arguments[1]] }
        try sandbox.setGlobal("host_identity", .function(identity))
        let loops = try sandbox.run(
            """
            local host_identity = host_identity
            local function lua_identity(x) return x end
            local function host_loop(n) for i = 1, n do host_identity(i) end end
            local function lua_loop(n) for i = 1, n do lua_identity(i) end end
            local function empty_loop(n) for i = 1, n do end end
            return host_loop, lua_loop, empty_loop
            """,
            name: "bench"
        ).compactMap(\.reference)
        guard loops.count == 3 else { throw LuaError(kind: .usage, message: "bench: the loops did not load") }

        var samples: [[Double]] = [[], [], []]
        for _ in 0..<repetitions {
            for (index, loop) in loops.enumerated() {
                samples[index].append(try nanosecondsPerIteration(of: loop, in: state))
            }
        }
        let (host, lua, empty) = (median(samples[0]), median(samples[1]), median(samples[2]))
        let ratio = host / lua
        let netRatio = (host - empty) / max(lua - empty, 0.001)

        print("lua: host function call \(format(host)) ns, Lua function call \(format(lua)) ns, empty loop \(format(empty)) ns per iteration")
        print("lua: ratio \(format(ratio))x (budget \(format(budgetRatio))x, \(ratio <= budgetRatio ? "within" : "OVER") budget); without the loop \(format(netRatio))x")
        try write(LuaValue([
            "benchmark": "lua.host_call",
            "iterations": .integer(Int64(iterations)),
            "repetitions": .integer(Int64(repetitions)),
            "host_call_ns": .number(host),
            "lua_call_ns": .number(lua),
            "empty_loop_ns": .number(empty),
            "ratio": .number(ratio),
            "ratio_without_loop": .number(netRatio),
            "budget_ratio": .number(budgetRatio),
            "within_budget": .boolean(ratio <= budgetRatio),
            "samples_ns": .map([
                "host_call": .array(samples[0].map(LuaValue.number)),
                "lua_call": .array(samples[1].map(LuaValue.number)),
                "empty_loop": .array(samples[2].map(LuaValue.number)),
            ]),
        ]))
    }

    private static func nanosecondsPerIteration(of loop: LuaRef, in state: LuaState) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        _ = try state.call(loop, [.integer(Int64(iterations))])
        let elapsed = start.duration(to: clock.now)
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        return nanoseconds / Double(iterations)
    }

    private static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    private static func write(_ result: LuaValue) throws {
        try FileManager.default.createDirectory(atPath: "bench-results", withIntermediateDirectories: true)
        try Data(try result.jsonBytes(pretty: true) + [0x0A]).write(to: URL(fileURLWithPath: "bench-results/lua.json"))
        print("lua: wrote bench-results/lua.json")
    }
}

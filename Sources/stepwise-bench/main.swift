import Foundation

// `stepwise-bench [NAME]`: runs the benchmark NAME, or every benchmark; each writes bench-results/NAME.json.
let benchmarks: [String: () throws -> Void] = [
    "lua": { try LuaBench.run() },
    "http": { HTTPBench.run() },
    "cloud": { CloudBench.run() },
    "host": { HostBench.run() },
    "runbook": { RunbookBench.run() },
]

// `stepwise-bench host-calls lua|transport N`: not a benchmark of its own, the loop bench-instructions.sh counts.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "host-calls" {
    do {
        try HostBench.runCalls(Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("stepwise-bench host-calls: \(error)\n".utf8))
        exit(2)
    }
}

let requested = CommandLine.arguments.count > 1 ? [CommandLine.arguments[1]] : benchmarks.keys.sorted()
for name in requested {
    guard let benchmark = benchmarks[name] else {
        FileHandle.standardError.write(Data("stepwise-bench: unknown benchmark '\(name)' (known: \(benchmarks.keys.sorted().joined(separator: ", ")))\n".utf8))
        exit(2)
    }
    do {
        try benchmark()
    } catch {
        FileHandle.standardError.write(Data("stepwise-bench \(name): \(error)\n".utf8))
        exit(1)
    }
}

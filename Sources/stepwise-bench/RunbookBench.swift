import CloudTwin
import Foundation
import MicrosoftCloud
import RunbookEngine
import StepwiseTesting

/// `stepwise-bench runbook`: the Adobe runbook run by the `stepwise` binary built beside this one (stage, Contoso
/// overlay, `--twin-info`) against an in-process twin that adds 50 ms to every request. A run's requests are
/// sequential, so its critical path is every request the twin saw: the budget (design §8) is wall time within
/// 1.10x of (requests x 50 ms), for a first run and for a no-op rerun, which may only read. Also records the
/// start-up time of `stepwise --help` and the peak memory (max RSS, from GNU time in one more, untimed run) of a run.
enum RunbookBench {
    static let latencyMilliseconds = 50
    static let budget = 1.10
    static let repetitions = 5
    static let helpRuns = 9

    static func run() {
        BenchSupport.run("runbook") { try measure() }
    }

    private static func measure() throws {
        let binary = try stepwiseBinary()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-runbook-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let twin = try TwinServer.startBlocking(BenchSupport.twinOptions(TwinOptions(latencyMilliseconds: latencyMilliseconds)))
        defer { twin.stopBlocking() }
        let info = folder.appendingPathComponent("twin.json")
        try twin.infoJSON().write(to: info)
        let control = try TwinControl(base: try TwinConnection(infoJSON: twin.infoJSON()).control)

        /// `stepwise run` of the Adobe runbook with its state under `workspace`.
        func runCommand(in workspace: URL) throws -> [String] {
            try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
            return ["run", "adobe-campaign-d365", "--env", "stage", "--customer", "contoso", "--twin-info", info.path,
                    "--output", "json", "--state-dir", workspace.appendingPathComponent(".stepwise").path]
        }

        var firstRuns: [RunFigures] = []
        var reruns: [RunFigures] = []
        for repetition in 1...repetitions {
            try control.reset()
            let command = try runCommand(in: folder.appendingPathComponent("run-\(repetition)"))
            firstRuns.append(try timedRun(binary, command, control: control))
            reruns.append(try timedRun(binary, command, control: control))
        }
        guard reruns.allSatisfy({ $0.writes == 0 }) else {
            throw BenchFailure(message: "a no-op rerun sent writes: \(reruns.map(\.writePaths))")
        }
        var helpSeconds: [Double] = []
        for _ in 0..<helpRuns {
            var outcome: ChildProcess.Outcome?
            helpSeconds.append(try BenchSupport.time {
                outcome = try ChildProcess.run(binary.path, ["--help"], environment: ProcessInfo.processInfo.environment)
            })
            guard outcome?.status == 0 else { throw BenchFailure(message: "stepwise --help exited \(outcome?.status ?? -1)") }
        }

        // Peak memory, from one more (untimed) first run under GNU time: a child's own rusage cannot tell, since a
        // spawned child starts in this process's memory and its peak counts that too.
        try control.reset()
        let memoryWorkspace = folder.appendingPathComponent("memory")
        let memoryCommand = try runCommand(in: memoryWorkspace)
        let rssFile = memoryWorkspace.appendingPathComponent("rss.txt")
        let measured = try ChildProcess.run(
            "/usr/bin/time", ["-f", "%M", "-o", rssFile.path, binary.path] + memoryCommand,
            environment: ProcessInfo.processInfo.environment)
        guard measured.status == 0, let maxRSS = String(decoding: try Data(contentsOf: rssFile), as: UTF8.self)
            .split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
        else { throw BenchFailure(message: "the memory run failed: " + String(decoding: measured.stderr, as: UTF8.self)) }

        let report = Report(first: firstRuns, rerun: reruns, helpSeconds: helpSeconds, maxRSSKilobytes: maxRSS)
        print(report.summary)
        try report.write(to: URL(fileURLWithPath: "bench-results/runbook.json"))
    }

    /// The `stepwise` binary beside this executable, or `$STEPWISE_BIN`.
    private static func stepwiseBinary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["STEPWISE_BIN"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("stepwise")
        guard FileManager.default.isExecutableFile(atPath: beside.path) else {
            throw BenchFailure(message: "no stepwise binary at \(beside.path); build it first (swift build -c release --product stepwise)")
        }
        return beside
    }

    /// One `stepwise` run, timed from spawn to exit (no wrapper process: its start would be timed too), with its
    /// peak memory and the requests the twin logged meanwhile.
    private static func timedRun(_ binary: URL, _ arguments: [String], control: TwinControl) throws -> RunFigures {
        let mark = try control.requests().last?["seq"]?.intValue ?? 0
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: CrashHook.variable)
        var outcome: ChildProcess.Outcome?
        let seconds = try BenchSupport.time {
            outcome = try ChildProcess.run(binary.path, arguments, environment: environment)
        }
        guard let outcome, outcome.status == 0, !outcome.signaled else {
            throw BenchFailure(message: "stepwise \(arguments.joined(separator: " ")) failed: "
                + String(decoding: outcome?.stderr ?? Data(), as: UTF8.self))
        }
        let events = try String(decoding: outcome.stdout, as: UTF8.self).split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let log = try control.requests(since: Int(mark))
        let reads = log.filter(isRead)
        return RunFigures(
            seconds: seconds, requests: log.count, reads: reads.count, tokenRequests: log.filter(isTokenRequest).count,
            reported: Int(events.last?["requests"]?["total"]?.intValue ?? -1),
            twinSeconds: log.reduce(0) { $0 + ($1["duration_ms"]?.doubleValue ?? 0) } / 1000,
            writePaths: log.filter { !isRead($0) }.map { "\($0["method"]?.stringValue ?? "") \($0["path"]?.stringValue ?? "")" })
    }

    private static func isTokenRequest(_ entry: JSONValue) -> Bool {
        entry["service"]?.stringValue == "identity" && entry["method"]?.stringValue == "POST"
            && (entry["path"]?.stringValue ?? "").hasSuffix("/oauth2/v2.0/token")
    }

    /// GETs and token requests.
    private static func isRead(_ entry: JSONValue) -> Bool {
        entry["method"]?.stringValue == "GET" || isTokenRequest(entry)
    }
}

extension RunbookBench {
    /// One timed run.
    struct RunFigures {
        /// Wall time from spawn to exit.
        var seconds: Double
        /// Requests the twin logged during the run (retries and token requests included).
        var requests: Int
        var reads: Int
        var tokenRequests: Int
        /// `requests.total` of the run's closing JSON event.
        var reported: Int
        /// The sum of the twin's per-request durations (the injected latency included).
        var twinSeconds: Double
        var writePaths: [String]

        var writes: Int { requests - reads }
        /// The critical path: every request is sequential and costs the injected latency.
        var idealSeconds: Double { Double(requests) * Double(RunbookBench.latencyMilliseconds) / 1000 }
        var ratio: Double { seconds / idealSeconds }

        var json: [String: Any] {
            [
                "seconds": seconds, "requests": requests, "reads": reads, "writes": writes, "token_requests": tokenRequests,
                "requests_reported": reported, "ideal_seconds": idealSeconds, "ratio": ratio,
                "twin_seconds": twinSeconds, "outside_twin_seconds": seconds - twinSeconds,
            ]
        }
    }

    /// The figures of one `stepwise-bench runbook` run: the median run of each kind (by ratio).
    struct Report {
        let first: [RunFigures]
        let rerun: [RunFigures]
        let helpSeconds: [Double]
        /// Peak memory of a first run (GNU time), in KiB.
        let maxRSSKilobytes: Int

        func median(_ runs: [RunFigures]) -> RunFigures {
            runs.sorted { $0.ratio < $1.ratio }[runs.count / 2]
        }


        var summary: String {
            let (first, rerun) = (median(self.first), median(self.rerun))
            func line(_ name: String, _ run: RunFigures) -> String {
                "  \(name) \(BenchSupport.format(run.seconds)) s for \(run.requests) requests (\(run.reads) reads, "
                    + "\(run.writes) writes, \(run.tokenRequests) token) x \(RunbookBench.latencyMilliseconds) ms = "
                    + "\(BenchSupport.format(run.idealSeconds)) s: \(BenchSupport.format(run.ratio))x "
                    + "(budget \(RunbookBench.budget)x, \(run.ratio <= RunbookBench.budget ? "within" : "OVER") budget); "
                    + "\(BenchSupport.format(run.seconds - run.twinSeconds)) s outside the twin"
            }
            return """
                runbook: adobe-campaign-d365 stage (contoso) against a twin adding \(RunbookBench.latencyMilliseconds) ms per request, median of \(self.first.count)
                \(line("first run", first))
                \(line("rerun    ", rerun))
                  stepwise --help \(BenchSupport.format(BenchSupport.median(helpSeconds) * 1000, decimals: 1)) ms (median of \(helpSeconds.count)), max RSS of a run \(maxRSSKilobytes / 1024) MiB
                """
        }

        func write(to file: URL) throws {
            let (first, rerun) = (median(self.first), median(self.rerun))
            try BenchSupport.writeJSON(
                [
                    "suite": "runbook", "runbook": "adobe-campaign-d365", "env": "stage", "customer": "contoso",
                    "latency_ms": RunbookBench.latencyMilliseconds, "repetitions": self.first.count,
                    "budget": RunbookBench.budget, "first_run": first.json, "rerun": rerun.json,
                    "first_run_all": self.first.map(\.json), "rerun_all": self.rerun.map(\.json),
                    "within_budget": first.ratio <= RunbookBench.budget && rerun.ratio <= RunbookBench.budget,
                    "rerun_writes": rerun.writes,
                    "help_startup_ms": ["median": BenchSupport.median(helpSeconds) * 1000, "runs": helpSeconds.map { $0 * 1000 }],
                    "max_rss_kb": maxRSSKilobytes,
                ], to: file)
        }
    }
}

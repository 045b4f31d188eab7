import CloudTwin
import Foundation
import MicrosoftCloud
import RunbookEngine
import StepwiseTesting
import Testing

/// The `stepwise` binary built beside this test bundle (`make test` builds it before `swift test`).
let stepwiseBinary: URL = {
    let candidates = [
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
        URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
        repositoryRoot.appendingPathComponent(".build/debug"),
    ]
    for folder in candidates {
        let url = folder.appendingPathComponent("stepwise")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return repositoryRoot.appendingPathComponent(".build/debug/stepwise")
}()

/// The repository's root (runbooks, plugins).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// What a run of the binary printed and how it ended.
struct Outcome: Sendable {
    /// The exit status, or the signal that ended the process.
    var status: Int32
    var signaled = false
    var stdout: String
    var stderr: String

    /// Every line of output, for messages.
    var transcript: String { "\(signaled ? "signal" : "exit") \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// A temporary working folder for one test: the CLI runs in it, so its `.stepwise/` state is the test's own.
final class Workspace: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func path(_ name: String) -> URL { url.appendingPathComponent(name) }

    func read(_ name: String) -> String {
        (try? String(contentsOf: path(name), encoding: .utf8)) ?? ""
    }

    /// Runs `stepwise ARGUMENTS` in this folder (off the cooperative pool) and returns what it printed.
    func stepwise(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) async throws -> Outcome {
        let folder = url
        return try await blocking {
            var env = ProcessInfo.processInfo.environment
            env["NO_COLOR"] = "1"
            env.removeValue(forKey: "STEPWISE_CRASH_AFTER_REQUESTS")
            for (key, value) in environment { env[key] = value }
            let outcome = try ChildProcess.run(
                "/usr/bin/env", ["-C", folder.path, stepwiseBinary.path] + arguments, environment: env,
                input: stdin.map { Data($0.utf8) })
            return Outcome(status: outcome.status, signaled: outcome.signaled,
                           stdout: String(decoding: outcome.stdout, as: UTF8.self),
                           stderr: String(decoding: outcome.stderr, as: UTF8.self))
        }
    }
}

/// A twin in this test process, with its info file written into the workspace for `--twin-info`.
final class TwinUnderTest: Sendable {
    let fixture: TwinFixture
    let infoFile: URL

    private init(fixture: TwinFixture, infoFile: URL) {
        self.fixture = fixture
        self.infoFile = infoFile
    }

    static func start(in workspace: Workspace, _ options: TwinOptions = TwinOptions()) async throws -> TwinUnderTest {
        let fixture = try await TwinFixture.start(options)
        let file = workspace.path("twin.json")
        try fixture.infoJSON.write(to: file)
        return TwinUnderTest(fixture: fixture, infoFile: file)
    }

    func stop() async { await fixture.stop() }

    /// `--customer contoso --twin-info FILE` and the rest.
    func arguments(_ command: String, env: String, _ more: [String] = []) -> [String] {
        [command, "adobe-campaign-d365", "--env", env, "--customer", "contoso", "--twin-info", infoFile.path] + more
    }

    /// The request log after `since`.
    func requests(since: Int = 0) async throws -> [JSONValue] {
        let control = fixture.connection.control
        return try await blocking { try TwinControl(base: control).requests(since: since) }
    }

    /// The last sequence number of the request log (0 when empty).
    func lastSequence() async throws -> Int {
        Int(try await requests().last?["seq"]?.intValue ?? 0)
    }

    /// The twin's state.
    func state() async throws -> JSONValue {
        let control = fixture.connection.control
        return try await blocking { try TwinControl(base: control).state() }
    }

    /// Adds a counted fault rule.
    func addRule(_ rule: JSONValue) async throws {
        let control = fixture.connection.control
        try await blocking { try TwinControl(base: control).addRule(rule) }
    }

    /// Replaces the fault settings (`PUT /faults`; the generator is reseeded from `seed`).
    func setFaults(_ settings: JSONValue) async throws {
        let control = fixture.connection.control
        try await blocking { try TwinControl(base: control).setFaults(settings) }
    }

    /// Back to the scenario's initial state: log, counted rules and faults cleared (`POST /reset`).
    func reset() async throws {
        let control = fixture.connection.control
        try await blocking { try TwinControl(base: control).reset() }
    }
}

/// `GET` and token requests only: what a read-only run may send.
func onlyReads(_ requests: [JSONValue]) -> [String] {
    requests.compactMap { request in
        let method = request["method"]?.stringValue ?? ""
        let service = request["service"]?.stringValue ?? ""
        let path = request["path"]?.stringValue ?? ""
        if method == "GET" || (method == "POST" && service == "identity" && path.hasSuffix("/oauth2/v2.0/token")) { return nil }
        return "\(method) \(service) \(path)"
    }
}

/// The request count a run reported: the sum of `requests.total` over its `step_finished` events.
func reportedRequests(_ outcome: Outcome) throws -> Int {
    try jsonLines(outcome.stdout).filter { $0["event"]?.stringValue == "step_finished" }
        .reduce(0) { $0 + Int($1["requests"]?["total"]?.intValue ?? 0) }
}

/// The `changes` count of a `plan --output json` (its closing `run_finished` event), or nil if it did not finish.
func plannedChanges(_ outcome: Outcome) -> Int? {
    guard outcome.status == 0, let closing = try? jsonLines(outcome.stdout).last,
        closing["event"]?.stringValue == "run_finished"
    else { return nil }
    return closing["changes"]?.intValue.map(Int.init)
}

/// Parses JSON lines.
func jsonLines(_ text: String) throws -> [JSONValue] {
    try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
}

/// Starts a twin for `workspace`, runs `body`, and stops the twin whether `body` succeeded or not.
func withTwin<T: Sendable>(
    _ workspace: Workspace, _ options: TwinOptions = TwinOptions(), _ body: (TwinUnderTest) async throws -> T
) async throws -> T {
    let twin = try await TwinUnderTest.start(in: workspace, options)
    do {
        let result = try await body(twin)
        await twin.stop()
        return result
    } catch {
        await twin.stop()
        throw error
    }
}

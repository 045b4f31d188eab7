import CloudTwin
import Foundation
import HTTPTransport
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting

/// `stepwise-bench host`: `graph.get` calls from a Lua loop in a plugin host (argument checks, the host's scope and
/// write rules, the session's token cache, retries and error decoding, JSON to Lua tables, exchange records)
/// against the same GETs sent with `HTTPTransport` directly from Swift (same token, same URL, same transport and
/// connection), in many short rounds in rotating order against one in-process twin. Also counts the requests sent
/// per token in the twin's log.
///
/// Short rounds because this machine's speed drifts by several percent from one second to the next: with rounds of
/// 500 calls (about 0.2 s) twelve rounds of identical loops differed by up to 4%; rounds of 50 calls, each next to
/// the others, see the same machine.
enum HostBench {
    static let callsPerRound = 50
    /// More rounds steady the median: four runs of 240 rounds read from 1.096x to 1.111x here, where runs of 120
    /// had spread from 1.088x to 1.117x.
    static let rounds = 240
    static let path = "/organization"

    static func run() {
        BenchSupport.run("host") { try measure() }
    }

    /// What every loop shares: an in-process twin, one transport (one connection) under every loop so that the
    /// loops differ only in what runs above it, a host over a session on it, and the raw request.
    struct Fixture {
        let twin: RunningTwin
        let connection: TwinConnection
        let redactor = SecretRedactor()
        let direct: HTTPTransport
        let host: LuaLoop
        let environment: EnvironmentSettings
        let request: HTTPRequest

        init() throws {
            twin = try TwinServer.startBlocking(BenchSupport.twinOptions(TwinOptions()))
            connection = try TwinConnection(infoJSON: twin.infoJSON())
            direct = try HTTPTransport(configuration: HTTPTransportConfiguration(proxy: ProxySettings.none, redactor: redactor))
            let session = Self.session(connection, direct, redactor)
            host = try LuaLoop(PluginHost(session: session, options: PluginHostOptions(pluginPaths: [], secretStore: InMemorySecretStore())))
            environment = HostConfiguration.twinEnvironment(connection, name: "stage")
            let token = try session.accessToken(for: session.graphResource)
            let url = session.graph.base.appendingPathComponent(String(path.dropFirst()))
            var request = HTTPRequest(url: url, headers: ["Accept": "application/json", "Authorization": "Bearer \(token.value)"])
            request.headers.set("client-request-id", UUID().uuidString)
            self.request = request
        }

        /// Another session on the same transport.
        func makeSession() -> CloudSession { Self.session(connection, direct, redactor) }

        /// A session signed in as the twin's admin app, over `transport`.
        static func session(_ connection: TwinConnection, _ transport: any HTTPSending, _ redactor: SecretRedactor) -> CloudSession {
            CloudSession(profile: connection.profile, credential: connection.adminCredential(), transport: transport, redactor: redactor)
        }
    }

    private static func measure() throws {
        let fixture = try Fixture()
        defer { fixture.twin.stopBlocking() }
        let (connection, redactor, direct, host, environment, request) =
            (fixture.connection, fixture.redactor, fixture.direct, fixture.host, fixture.environment, fixture.request)
        let control = try TwinControl(base: connection.control)
        var quietOptions = PluginHostOptions(pluginPaths: [], secretStore: InMemorySecretStore())
        quietOptions.recordsExchanges = false
        let quiet = try LuaLoop(PluginHost(session: fixture.makeSession(), options: quietOptions))

        // Untimed rounds warm the connection, the twin and the caches.
        for _ in 0..<4 {
            _ = try host.time(callsPerRound, environment)
            _ = try quiet.time(callsPerRound, environment)
            _ = try BenchSupport.timeDirect(count: callsPerRound, direct, request)
        }
        var luaSeconds: [Double] = []
        var quietSeconds: [Double] = []
        var directSeconds: [Double] = []
        var cpuSeconds: [[Double]] = [[], [], []]
        var systemSeconds: [[Double]] = [[], [], []]
        /// Runs `body` and adds the CPU seconds the bench's thread spent in it (and of those, in the kernel) to
        /// `cpuSeconds[index]` and `systemSeconds[index]`.
        func charging(_ index: Int, _ body: () throws -> Void) rethrows {
            let start = BenchSupport.threadCPUSeconds()
            let startSystem = BenchSupport.threadSystemSeconds()
            try body()
            cpuSeconds[index].append(BenchSupport.threadCPUSeconds() - start)
            systemSeconds[index].append(BenchSupport.threadSystemSeconds() - startSystem)
        }
        try BenchSupport.rotatingRounds(rounds, [
            { try charging(0) { luaSeconds.append(try host.time(callsPerRound, environment)) } },
            { try charging(1) { quietSeconds.append(try quiet.time(callsPerRound, environment)) } },
            { try charging(2) { directSeconds.append(try BenchSupport.timeDirect(count: callsPerRound, direct, request)) } },
        ])

        // What the host adds per call, without the network: the same loop against one recorded answer.
        let recorded = try direct.send(request)
        let canned = CannedGraphAnswer(answer: recorded, tokens: direct)
        let offline = try LuaLoop(PluginHost(
            session: Fixture.session(connection, canned, redactor),
            options: PluginHostOptions(pluginPaths: [], secretStore: InMemorySecretStore())))
        _ = try offline.time(cannedCalls, environment)
        var cannedSeconds: [Double] = []
        for _ in 0..<12 { cannedSeconds.append(try offline.time(cannedCalls, environment)) }

        // Requests per token: a fresh session and host (empty token cache) making N calls from Lua.
        try control.reset()
        let fresh = try LuaLoop(PluginHost(
            session: try HostConfiguration.session(.twin(connection)),
            options: PluginHostOptions(pluginPaths: [], secretStore: InMemorySecretStore())))
        _ = try fresh.time(freshCalls, environment)
        let log = try control.requests()
        let graphRequests = log.filter { $0["service"]?.stringValue == "graph" }.count
        let tokenRequests = log.filter {
            $0["service"]?.stringValue == "identity" && ($0["path"]?.stringValue ?? "").hasSuffix("/oauth2/v2.0/token")
        }.count

        let report = Report(
            callsPerRound: callsPerRound, rounds: rounds, luaSeconds: luaSeconds, quietSeconds: quietSeconds,
            directSeconds: directSeconds, luaCPUSeconds: cpuSeconds[0], quietCPUSeconds: cpuSeconds[1],
            directCPUSeconds: cpuSeconds[2], luaSystemSeconds: systemSeconds[0], directSystemSeconds: systemSeconds[2],
            cannedSeconds: cannedSeconds,
            graphRequestsLogged: graphRequests, tokenRequestsLogged: tokenRequests)
        print(report.summary)
        try report.write(to: URL(fileURLWithPath: "bench-results/host.json"))
    }

    /// `stepwise-bench host-calls lua|transport N`: after a warm-up, N calls made one way and nothing else, inside
    /// `countedLuaCalls` or `countedTransportCalls`, so that an instruction counter can collect in those alone
    /// (scripts/bench-instructions.sh runs this under callgrind: a count that machine noise cannot move).
    static func runCalls(_ arguments: [String]) throws {
        guard arguments.count == 2, ["lua", "transport"].contains(arguments[0]), let count = Int(arguments[1]), count > 0 else {
            throw BenchFailure(message: "usage: stepwise-bench host-calls lua|transport COUNT")
        }
        let fixture = try Fixture()
        defer { fixture.twin.stopBlocking() }
        // A warm-up outside the counted functions: connection, token, caches.
        _ = try fixture.host.time(callsPerRound, fixture.environment)
        _ = try BenchSupport.timeDirect(count: callsPerRound, fixture.direct, fixture.request)
        if arguments[0] == "lua" {
            try countedLuaCalls(count, fixture)
        } else {
            try countedTransportCalls(count, fixture)
        }
    }

    @inline(never)
    static func countedLuaCalls(_ count: Int, _ fixture: Fixture) throws {
        _ = try fixture.host.time(count, fixture.environment)
    }

    @inline(never)
    static func countedTransportCalls(_ count: Int, _ fixture: Fixture) throws {
        _ = try BenchSupport.timeDirect(count: count, fixture.direct, fixture.request)
    }

    /// Calls made against the recorded answer per timing, and by the fresh host that counts token requests.
    static let cannedCalls = 2_000
    static let freshCalls = 500

    /// The Lua loop of a host, compiled once: `graph.get` `n` times, counting the answers that hold one organization.
    struct LuaLoop {
        let host: PluginHost
        let loop: LuaRef

        init(_ host: PluginHost) throws {
            self.host = host
            let source = """
                return function(n)
                  local count = 0
                  for i = 1, n do
                    local body = graph.get("\(HostBench.path)")
                    if #body.value == 1 then count = count + 1 end
                  end
                  return count
                end
                """
            guard case .function(let loop) = try host.makeSandbox().run(source, name: "=(bench)").first else {
                throw BenchFailure(message: "the bench's Lua loop did not compile to a function")
            }
            self.loop = loop
        }

        /// Seconds for `n` calls.
        func time(_ n: Int, _ environment: EnvironmentSettings) throws -> Double {
            var good: Int64 = 0
            let elapsed = try ContinuousClock().measure {
                good = try host.withScript(environment: environment, allowWrites: false) {
                    try host.luaState.call(loop, [.integer(Int64(n))]).first?.integerValue ?? 0
                }
            }
            guard good == Int64(n) else {
                throw BenchFailure(message: "the Lua loop saw \(good) good answers of \(n)")
            }
            return BenchSupport.seconds(elapsed)
        }
    }
}

extension HostBench {
    /// The figures of one `stepwise-bench host` run.
    struct Report {
        let callsPerRound: Int
        let rounds: Int
        /// Seconds per round of each loop.
        let luaSeconds: [Double]
        let quietSeconds: [Double]
        let directSeconds: [Double]
        /// CPU seconds of the bench's own thread (the client side) per round.
        let luaCPUSeconds: [Double]
        let quietCPUSeconds: [Double]
        let directCPUSeconds: [Double]
        /// Of those, the kernel's share (the default Lua host and the transport).
        let luaSystemSeconds: [Double]
        let directSystemSeconds: [Double]
        /// The Lua loop against one recorded answer (no network), seconds per `cannedCalls` calls.
        let cannedSeconds: [Double]
        let graphRequestsLogged: Int
        let tokenRequestsLogged: Int

        /// Median of the per-round ratios Lua/transport (the headline figure).
        var ratio: Double { BenchSupport.pairedRatio(luaSeconds, directSeconds) }
        var quietRatio: Double { BenchSupport.pairedRatio(quietSeconds, directSeconds) }
        /// All the Lua rounds' time over all the transport rounds' time.
        var ratioOfTotals: Double { luaSeconds.reduce(0, +) / directSeconds.reduce(0, +) }
        /// Median microseconds per call of rounds.
        func microsecondsPerCall(_ rounds: [Double]) -> Double { BenchSupport.median(rounds) / Double(callsPerRound) * 1e6 }
        /// Median microseconds per call the host adds, measured against a recorded answer.
        var hostMicroseconds: Double { BenchSupport.median(cannedSeconds) / Double(HostBench.cannedCalls) * 1e6 }
        var requestsPerToken: Double { Double(graphRequestsLogged) / Double(max(tokenRequestsLogged, 1)) }

        var summary: String {
            func µs(_ value: Double) -> String { BenchSupport.format(value, decimals: 1) + " µs" }
            return """
            host: graph.get \(path) from Lua against an in-process twin, \(rounds) rounds of \(callsPerRound) calls per loop \
            in rotating order, one transport under all; medians per call
              Lua graph.get   \(µs(microsecondsPerCall(luaSeconds))) (exchanges recorded, the default)
              Lua, no records \(µs(microsecondsPerCall(quietSeconds))) (recordsExchanges = false)
              HTTPTransport   \(µs(microsecondsPerCall(directSeconds)))
              ratio Lua/transport \(BenchSupport.format(ratio))x (budget 1.10x; median of per-round ratios; \
            ratio of totals \(BenchSupport.format(ratioOfTotals))x), without records \(BenchSupport.format(quietRatio))x
              client CPU per call: Lua \(µs(microsecondsPerCall(luaCPUSeconds))), no records \(µs(microsecondsPerCall(quietCPUSeconds))), \
            HTTPTransport \(µs(microsecondsPerCall(directCPUSeconds))); in the kernel: Lua \(µs(microsecondsPerCall(luaSystemSeconds))), \
            HTTPTransport \(µs(microsecondsPerCall(directSystemSeconds)))
              host's own time per call (Lua loop against a recorded answer, no network): \(µs(hostMicroseconds))
              requests per token: \(graphRequestsLogged) Graph requests, \(tokenRequestsLogged) token requests (twin log)
            """
        }

        func write(to file: URL) throws {
            let json: [String: Any] = [
                "suite": "host", "calls_per_round": callsPerRound, "rounds": rounds, "path": path,
                "lua_seconds": luaSeconds, "lua_without_records_seconds": quietSeconds, "transport_seconds": directSeconds,
                "microseconds_per_call": [
                    "lua": microsecondsPerCall(luaSeconds), "lua_without_records": microsecondsPerCall(quietSeconds),
                    "transport": microsecondsPerCall(directSeconds),
                ],
                "ratio_without_records": quietRatio, "ratio_of_totals": ratioOfTotals,
                "client_cpu_microseconds_per_call": [
                    "lua": microsecondsPerCall(luaCPUSeconds), "lua_without_records": microsecondsPerCall(quietCPUSeconds),
                    "transport": microsecondsPerCall(directCPUSeconds),
                    "lua_in_kernel": microsecondsPerCall(luaSystemSeconds),
                    "transport_in_kernel": microsecondsPerCall(directSystemSeconds),
                ],
                "host_microseconds_per_call_without_network": hostMicroseconds,
                "ratio": ratio, "budget": 1.1, "within_budget": ratio <= 1.1,
                "graph_requests_logged": graphRequestsLogged, "token_requests_logged": tokenRequestsLogged,
                "requests_per_token": requestsPerToken,
            ]
            try BenchSupport.writeJSON(json, to: file)
        }
    }
}

/// Answers every signed request with one recorded answer and sends the rest (token requests) to `tokens`: what the
/// host does per call, measured without the network.
private final class CannedGraphAnswer: HTTPSending {
    let answer: HTTPResponse
    let tokens: HTTPTransport

    init(answer: HTTPResponse, tokens: HTTPTransport) {
        self.answer = answer
        self.tokens = tokens
    }

    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        request.headers.contains("Authorization") ? answer : try tokens.send(request)
    }
}

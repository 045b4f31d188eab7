import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import PluginHost
import StepwiseTesting

/// `stepwise-bench host`: N `graph.get` calls from a Lua loop in a plugin host (argument checks, the host's
/// scope and write rules, the session's token cache, retries and error decoding, JSON to Lua tables, exchange
/// records) against the same GETs sent with `HTTPTransport` directly from Swift (same token, same URL), in
/// rounds in rotating order against one in-process twin. Also counts the requests sent per token in the twin's log.
enum HostBench {
    static let requestCount = 500
    static let repetitions = 12
    static let path = "/organization"

    static func run() {
        BenchSupport.run("host") { try measure() }
    }

    private static func measure() throws {
        let twin = try TwinServer.startBlocking(BenchSupport.twinOptions(TwinOptions()))
        defer { twin.stopBlocking() }
        let connection = try TwinConnection(infoJSON: twin.infoJSON())
        let control = try TwinControl(base: connection.control)
        let session = try HostConfiguration.session(.twin(connection))
        let host = try PluginHost(session: session, options: PluginHostOptions(pluginPaths: [], secretStore: InMemorySecretStore()))
        var quietOptions = PluginHostOptions(pluginPaths: [], secretStore: InMemorySecretStore())
        quietOptions.recordsExchanges = false
        let quiet = try PluginHost(session: try HostConfiguration.session(.twin(connection)), options: quietOptions)
        let environment = HostConfiguration.twinEnvironment(connection, name: "stage")
        let token = try session.accessToken(for: session.graphResource)
        let url = session.graph.base.appendingPathComponent(String(path.dropFirst()))
        var request = HTTPRequest(url: url, headers: ["Accept": "application/json", "Authorization": "Bearer \(token.value)"])
        request.headers.set("client-request-id", UUID().uuidString)
        let direct = try HTTPTransport(configuration: HTTPTransportConfiguration(proxy: ProxySettings.none))
        let loop = """
            local count = 0
            for i = 1, \(requestCount) do
              local body = graph.get("\(path)")
              if #body.value == 1 then count = count + 1 end
            end
            return count
            """

        // One untimed round of each warms the connections, the twin and the caches.
        _ = try timeLua(host, loop, environment)
        _ = try timeLua(quiet, loop, environment)
        _ = try BenchSupport.timeDirect(count: requestCount, direct, request)
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
        try BenchSupport.rotatingRounds(repetitions, [
            { try charging(0) { luaSeconds.append(try timeLua(host, loop, environment)) } },
            { try charging(1) { quietSeconds.append(try timeLua(quiet, loop, environment)) } },
            { try charging(2) { directSeconds.append(try BenchSupport.timeDirect(count: requestCount, direct, request)) } },
        ])

        // What the host adds per call, without the network: the same loop against one recorded answer.
        let recorded = try direct.send(request)
        let redactor = SecretRedactor()
        let canned = CannedGraphAnswer(
            answer: recorded,
            tokens: try HTTPTransport(configuration: HTTPTransportConfiguration(proxy: ProxySettings.none, redactor: redactor)))
        let offline = try PluginHost(
            session: CloudSession(
                profile: connection.profile, credential: connection.adminCredential(), transport: canned, redactor: redactor),
            options: PluginHostOptions(pluginPaths: [], secretStore: InMemorySecretStore()))
        _ = try timeLua(offline, loop, environment)
        var cannedSeconds: [Double] = []
        for _ in 0..<repetitions { cannedSeconds.append(try timeLua(offline, loop, environment)) }

        // Requests per token: a fresh session and host (empty token cache) making N calls from Lua.
        try control.reset()
        let fresh = try PluginHost(
            session: try HostConfiguration.session(.twin(connection)),
            options: PluginHostOptions(pluginPaths: [], secretStore: InMemorySecretStore()))
        _ = try timeLua(fresh, loop, environment)
        let log = try control.requests()
        let graphRequests = log.filter { $0["service"]?.stringValue == "graph" }.count
        let tokenRequests = log.filter {
            $0["service"]?.stringValue == "identity" && ($0["path"]?.stringValue ?? "").hasSuffix("/oauth2/v2.0/token")
        }.count

        let report = Report(
            requests: requestCount, repetitions: repetitions, luaSeconds: luaSeconds, quietSeconds: quietSeconds,
            directSeconds: directSeconds, luaCPUSeconds: cpuSeconds[0], quietCPUSeconds: cpuSeconds[1],
            directCPUSeconds: cpuSeconds[2], luaSystemSeconds: systemSeconds[0], directSystemSeconds: systemSeconds[2],
            cannedSeconds: cannedSeconds,
            graphRequestsLogged: graphRequests, tokenRequestsLogged: tokenRequests)
        print(report.summary)
        try report.write(to: URL(fileURLWithPath: "bench-results/host.json"))
    }

    private static func timeLua(_ host: PluginHost, _ loop: String, _ environment: EnvironmentSettings) throws -> Double {
        var good: Int64 = 0
        let elapsed = try ContinuousClock().measure {
            good = try host.runScript(loop, name: "=(bench)", environment: environment).first?.integerValue ?? 0
        }
        guard good == Int64(requestCount) else {
            throw BenchFailure(message: "the Lua loop saw \(good) good answers of \(requestCount)")
        }
        return BenchSupport.seconds(elapsed)
    }

}

extension HostBench {
    /// The figures of one `stepwise-bench host` run.
    struct Report {
        let requests: Int
        let repetitions: Int
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
        /// The Lua loop against one recorded answer (no network), per round.
        let cannedSeconds: [Double]
        let graphRequestsLogged: Int
        let tokenRequestsLogged: Int

        var luaMedian: Double { BenchSupport.median(luaSeconds) }
        var quietMedian: Double { BenchSupport.median(quietSeconds) }
        var directMedian: Double { BenchSupport.median(directSeconds) }
        /// Median of the per-round ratios Lua/transport (the headline figure).
        var ratio: Double { BenchSupport.pairedRatio(luaSeconds, directSeconds) }
        var quietRatio: Double { BenchSupport.pairedRatio(quietSeconds, directSeconds) }
        /// Median client CPU microseconds per call.
        func cpuMicroseconds(_ rounds: [Double]) -> Double { BenchSupport.median(rounds) / Double(requests) * 1e6 }
        /// Median microseconds per call the host adds, measured against a recorded answer.
        var hostMicroseconds: Double { BenchSupport.median(cannedSeconds) / Double(requests) * 1e6 }
        var transportMicroseconds: Double { directMedian / Double(requests) * 1e6 }
        var requestsPerToken: Double { Double(graphRequestsLogged) / Double(max(tokenRequestsLogged, 1)) }

        var summary: String {
            """
            host: \(requests) graph.get \(path) from Lua against an in-process twin, \(repetitions) rounds in rotating order, medians
              Lua graph.get   \(BenchSupport.format(luaMedian)) s  \(Int(Double(requests) / luaMedian)) req/s (exchanges recorded, the default)
              Lua, no records \(BenchSupport.format(quietMedian)) s  \(Int(Double(requests) / quietMedian)) req/s (recordsExchanges = false)
              HTTPTransport   \(BenchSupport.format(directMedian)) s  \(Int(Double(requests) / directMedian)) req/s
              ratio Lua/transport \(BenchSupport.format(ratio))x (budget 1.10x; median of per-round ratios; \
            ratio of medians \(BenchSupport.format(luaMedian / directMedian))x), without records \(BenchSupport.format(quietRatio))x
              client CPU per call: Lua \(BenchSupport.format(cpuMicroseconds(luaCPUSeconds), decimals: 1)) µs, \
            no records \(BenchSupport.format(cpuMicroseconds(quietCPUSeconds), decimals: 1)) µs, \
            HTTPTransport \(BenchSupport.format(cpuMicroseconds(directCPUSeconds), decimals: 1)) µs; in the kernel: Lua \
            \(BenchSupport.format(cpuMicroseconds(luaSystemSeconds), decimals: 1)) µs, HTTPTransport \
            \(BenchSupport.format(cpuMicroseconds(directSystemSeconds), decimals: 1)) µs
              host's own time per call (Lua loop against a recorded answer, no network): \
            \(BenchSupport.format(hostMicroseconds, decimals: 1)) µs, against \(BenchSupport.format(transportMicroseconds, decimals: 1)) µs \
            per HTTPTransport round trip
              requests per token: \(graphRequestsLogged) Graph requests, \(tokenRequestsLogged) token requests (twin log)
            """
        }

        func write(to file: URL) throws {
            let json: [String: Any] = [
                "suite": "host", "requests": requests, "repetitions": repetitions, "path": path,
                "lua_seconds": luaSeconds, "lua_without_records_seconds": quietSeconds, "transport_seconds": directSeconds,
                "lua_without_records_median_seconds": quietMedian, "ratio_without_records": quietRatio,
                "ratio_of_medians": luaMedian / directMedian,
                "lua_median_seconds": luaMedian, "transport_median_seconds": directMedian,
                "lua_requests_per_second": Double(requests) / luaMedian,
                "transport_requests_per_second": Double(requests) / directMedian,
                "client_cpu_microseconds_per_call": [
                    "lua": cpuMicroseconds(luaCPUSeconds), "lua_without_records": cpuMicroseconds(quietCPUSeconds),
                    "transport": cpuMicroseconds(directCPUSeconds),
                    "lua_in_kernel": cpuMicroseconds(luaSystemSeconds), "transport_in_kernel": cpuMicroseconds(directSystemSeconds),
                ],
                "host_microseconds_per_call_without_network": hostMicroseconds,
                "transport_microseconds_per_round_trip": transportMicroseconds,
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

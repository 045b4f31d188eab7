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
        try BenchSupport.rotatingRounds(repetitions, [
            { luaSeconds.append(try timeLua(host, loop, environment)) },
            { quietSeconds.append(try timeLua(quiet, loop, environment)) },
            { directSeconds.append(try BenchSupport.timeDirect(count: requestCount, direct, request)) },
        ])

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
            directSeconds: directSeconds,
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
        let graphRequestsLogged: Int
        let tokenRequestsLogged: Int

        var luaMedian: Double { BenchSupport.median(luaSeconds) }
        var quietMedian: Double { BenchSupport.median(quietSeconds) }
        var directMedian: Double { BenchSupport.median(directSeconds) }
        var ratio: Double { luaMedian / directMedian }
        var requestsPerToken: Double { Double(graphRequestsLogged) / Double(max(tokenRequestsLogged, 1)) }

        var summary: String {
            """
            host: \(requests) graph.get \(path) from Lua against an in-process twin, \(repetitions) rounds in rotating order, medians
              Lua graph.get   \(BenchSupport.format(luaMedian)) s  \(Int(Double(requests) / luaMedian)) req/s (exchanges recorded, the default)
              Lua, no records \(BenchSupport.format(quietMedian)) s  \(Int(Double(requests) / quietMedian)) req/s (recordsExchanges = false)
              HTTPTransport   \(BenchSupport.format(directMedian)) s  \(Int(Double(requests) / directMedian)) req/s
              ratio Lua/transport \(BenchSupport.format(ratio))x (budget 1.10x), without records \(BenchSupport.format(quietMedian / directMedian))x
              requests per token: \(graphRequestsLogged) Graph requests, \(tokenRequestsLogged) token requests (twin log)
            """
        }

        func write(to file: URL) throws {
            let json: [String: Any] = [
                "suite": "host", "requests": requests, "repetitions": repetitions, "path": path,
                "lua_seconds": luaSeconds, "lua_without_records_seconds": quietSeconds, "transport_seconds": directSeconds,
                "lua_without_records_median_seconds": quietMedian, "ratio_without_records": quietMedian / directMedian,
                "lua_median_seconds": luaMedian, "transport_median_seconds": directMedian,
                "lua_requests_per_second": Double(requests) / luaMedian,
                "transport_requests_per_second": Double(requests) / directMedian,
                "ratio": ratio, "budget": 1.1, "within_budget": ratio <= 1.1,
                "graph_requests_logged": graphRequestsLogged, "token_requests_logged": tokenRequestsLogged,
                "requests_per_token": requestsPerToken,
            ]
            try BenchSupport.writeJSON(json, to: file)
        }
    }
}

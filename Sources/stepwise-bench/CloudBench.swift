import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting

/// `stepwise-bench cloud`: Graph GETs through `GraphClient` (token cache, retry loop, error decoding, JSON
/// parsing, exchange bookkeeping) against the same GETs sent with `HTTPTransport` directly (same token, same URL,
/// same transport and connection), in many short rounds in rotating order against one in-process twin (see
/// `HostBench` for why short rounds). Also counts the requests sent per token in the twin's log.
enum CloudBench {
    static let callsPerRound = 50
    static let rounds = 120
    static let path = "/organization"

    static func run() {
        BenchSupport.run("cloud") { try measure() }
    }

    private static func measure() throws {
        let twin = try TwinServer.startBlocking(BenchSupport.twinOptions(TwinOptions()))
        defer { twin.stopBlocking() }
        let connection = try TwinConnection(infoJSON: twin.infoJSON())
        let control = try TwinControl(base: connection.control)
        // One transport (one connection) under both loops.
        let redactor = SecretRedactor()
        let direct = try HTTPTransport(configuration: HTTPTransportConfiguration(proxy: ProxySettings.none, redactor: redactor))
        let session = CloudSession(
            profile: connection.profile, credential: connection.adminCredential(), transport: direct, redactor: redactor)
        let token = try session.accessToken(for: session.graphResource)
        let url = session.graph.base.appendingPathComponent(String(path.dropFirst()))
        var request = HTTPRequest(url: url, headers: ["Accept": "application/json", "Authorization": "Bearer \(token.value)"])
        request.headers.set("client-request-id", UUID().uuidString)

        // Untimed rounds warm the connection, the twin and the caches.
        for _ in 0..<4 {
            _ = try timeClient(session)
            _ = try BenchSupport.timeDirect(count: callsPerRound, direct, request)
        }
        var clientSeconds: [Double] = []
        var directSeconds: [Double] = []
        try BenchSupport.rotatingRounds(rounds, [
            { clientSeconds.append(try timeClient(session)) },
            { directSeconds.append(try BenchSupport.timeDirect(count: callsPerRound, direct, request)) },
        ])

        // Requests per token: a fresh session (empty cache) making N calls, counted in the twin's request log.
        try control.reset()
        let fresh = try CloudSession(twin: connection)
        for _ in 0..<freshCalls { _ = try fresh.graph.get(path) }
        let log = try control.requests()
        let graphRequests = log.filter { $0["service"]?.stringValue == "graph" }.count
        let tokenRequests = log.filter {
            $0["service"]?.stringValue == "identity" && ($0["path"]?.stringValue ?? "").hasSuffix("/oauth2/v2.0/token")
        }.count

        let report = Report(
            callsPerRound: callsPerRound, rounds: rounds, clientSeconds: clientSeconds, directSeconds: directSeconds,
            graphRequestsLogged: graphRequests, tokenRequestsLogged: tokenRequests)
        print(report.summary)
        try report.write(to: URL(fileURLWithPath: "bench-results/cloud.json"))
    }

    private static func timeClient(_ session: CloudSession) throws -> Double {
        let graph = session.graph
        let elapsed = try ContinuousClock().measure {
            for _ in 0..<callsPerRound {
                let body = try graph.get(path)
                guard body["value"]?.arrayValue?.count == 1 else {
                    throw BenchFailure(message: "GraphClient got an unexpected body for \(path)")
                }
            }
        }
        return BenchSupport.seconds(elapsed)
    }

    /// Calls made by the fresh session that counts token requests.
    static let freshCalls = 1_000
}

extension CloudBench {
    /// The figures of one `stepwise-bench cloud` run.
    struct Report {
        let callsPerRound: Int
        let rounds: Int
        let clientSeconds: [Double]
        let directSeconds: [Double]
        let graphRequestsLogged: Int
        let tokenRequestsLogged: Int

        /// Median microseconds per call of rounds.
        func microsecondsPerCall(_ rounds: [Double]) -> Double { BenchSupport.median(rounds) / Double(callsPerRound) * 1e6 }
        /// Median of the per-round ratios client/transport.
        var ratio: Double { BenchSupport.pairedRatio(clientSeconds, directSeconds) }
        var requestsPerToken: Double { Double(graphRequestsLogged) / Double(max(tokenRequestsLogged, 1)) }

        var summary: String {
            """
            cloud: Graph GETs \(path) against an in-process twin, \(rounds) rounds of \(callsPerRound) calls per loop in \
            rotating order, one transport under both; medians per call
              GraphClient     \(BenchSupport.format(microsecondsPerCall(clientSeconds), decimals: 1)) µs
              HTTPTransport   \(BenchSupport.format(microsecondsPerCall(directSeconds), decimals: 1)) µs
              ratio client/transport \(BenchSupport.format(ratio))x (median of per-round ratios)
              requests per token: \(graphRequestsLogged) Graph requests, \(tokenRequestsLogged) token requests (twin log)
            """
        }

        func write(to file: URL) throws {
            let json: [String: Any] = [
                "suite": "cloud", "calls_per_round": callsPerRound, "rounds": rounds, "path": path,
                "graph_client_seconds": clientSeconds, "transport_seconds": directSeconds,
                "microseconds_per_call": [
                    "graph_client": microsecondsPerCall(clientSeconds), "transport": microsecondsPerCall(directSeconds),
                ],
                "ratio": ratio, "graph_requests_logged": graphRequestsLogged,
                "token_requests_logged": tokenRequestsLogged, "requests_per_token": requestsPerToken,
            ]
            try BenchSupport.writeJSON(json, to: file)
        }
    }
}

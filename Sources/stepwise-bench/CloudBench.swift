import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting

/// `stepwise-bench cloud`: N Graph GETs through `GraphClient` (token cache, retry loop, error decoding, JSON
/// parsing, exchange bookkeeping) against the same GETs sent with `HTTPTransport` directly (same token, same URL),
/// rounds in rotating order against one in-process twin. Also counts the requests sent per token in the twin's log.
enum CloudBench {
    static let requestCount = 1_000
    static let repetitions = 6
    static let path = "/organization"

    static func run() {
        BenchSupport.run("cloud") { try measure() }
    }

    private static func measure() throws {
        let twin = try TwinServer.startBlocking(BenchSupport.twinOptions(TwinOptions()))
        defer { twin.stopBlocking() }
        let connection = try TwinConnection(infoJSON: twin.infoJSON())
        let control = try TwinControl(base: connection.control)
        let session = try CloudSession(twin: connection)
        let token = try session.accessToken(for: session.graphResource)
        let url = session.graph.base.appendingPathComponent(String(path.dropFirst()))
        var request = HTTPRequest(url: url, headers: ["Accept": "application/json", "Authorization": "Bearer \(token.value)"])
        request.headers.set("client-request-id", UUID().uuidString)
        let direct = try HTTPTransport(configuration: HTTPTransportConfiguration(proxy: ProxySettings.none))

        // One untimed round of each warms the connections, the twin and the caches.
        _ = try timeClient(session)
        _ = try BenchSupport.timeDirect(count: requestCount, direct, request)
        var clientSeconds: [Double] = []
        var directSeconds: [Double] = []
        try BenchSupport.rotatingRounds(repetitions, [
            { clientSeconds.append(try timeClient(session)) },
            { directSeconds.append(try BenchSupport.timeDirect(count: requestCount, direct, request)) },
        ])

        // Requests per token: a fresh session (empty cache) making N calls, counted in the twin's request log.
        try control.reset()
        let fresh = try CloudSession(twin: connection)
        for _ in 0..<requestCount { _ = try fresh.graph.get(path) }
        let log = try control.requests()
        let graphRequests = log.filter { $0["service"]?.stringValue == "graph" }.count
        let tokenRequests = log.filter {
            $0["service"]?.stringValue == "identity" && ($0["path"]?.stringValue ?? "").hasSuffix("/oauth2/v2.0/token")
        }.count

        let report = Report(
            requests: requestCount, repetitions: repetitions, clientSeconds: clientSeconds, directSeconds: directSeconds,
            graphRequestsLogged: graphRequests, tokenRequestsLogged: tokenRequests)
        print(report.summary)
        try report.write(to: URL(fileURLWithPath: "bench-results/cloud.json"))
    }

    private static func timeClient(_ session: CloudSession) throws -> Double {
        let graph = session.graph
        let elapsed = try ContinuousClock().measure {
            for _ in 0..<requestCount {
                let body = try graph.get(path)
                guard body["value"]?.arrayValue?.count == 1 else {
                    throw BenchFailure(message: "GraphClient got an unexpected body for \(path)")
                }
            }
        }
        return BenchSupport.seconds(elapsed)
    }

}

extension CloudBench {
    /// The figures of one `stepwise-bench cloud` run.
    struct Report {
        let requests: Int
        let repetitions: Int
        let clientSeconds: [Double]
        let directSeconds: [Double]
        let graphRequestsLogged: Int
        let tokenRequestsLogged: Int

        var clientMedian: Double { BenchSupport.median(clientSeconds) }
        var directMedian: Double { BenchSupport.median(directSeconds) }
        var ratio: Double { clientMedian / directMedian }
        var requestsPerToken: Double { Double(graphRequestsLogged) / Double(max(tokenRequestsLogged, 1)) }

        var summary: String {
            """
            cloud: \(requests) Graph GETs \(path) against an in-process twin, \(repetitions) rounds in rotating order, medians
              GraphClient     \(BenchSupport.format(clientMedian)) s  \(Int(Double(requests) / clientMedian)) req/s
              HTTPTransport   \(BenchSupport.format(directMedian)) s  \(Int(Double(requests) / directMedian)) req/s
              ratio client/transport \(BenchSupport.format(ratio))x
              requests per token: \(graphRequestsLogged) Graph requests, \(tokenRequestsLogged) token requests (twin log)
            """
        }

        func write(to file: URL) throws {
            let json: [String: Any] = [
                "suite": "cloud", "requests": requests, "repetitions": repetitions, "path": path,
                "graph_client_seconds": clientSeconds, "transport_seconds": directSeconds,
                "graph_client_median_seconds": clientMedian, "transport_median_seconds": directMedian,
                "graph_client_requests_per_second": Double(requests) / clientMedian,
                "transport_requests_per_second": Double(requests) / directMedian,
                "ratio": ratio, "graph_requests_logged": graphRequestsLogged,
                "token_requests_logged": tokenRequestsLogged, "requests_per_token": requestsPerToken,
            ]
            try BenchSupport.writeJSON(json, to: file)
        }
    }
}

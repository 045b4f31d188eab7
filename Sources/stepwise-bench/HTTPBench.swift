import Foundation
import HTTPTransport
import StepwiseTesting

/// `stepwise-bench http`: sequential keep-alive GETs with `HTTPTransport` against the `curl` command fetching the
/// same URLs in one process, alternating, both against one loopback server. Budget: transport within 1.2x of curl.
enum HTTPBench {
    static let requestCount = 2_000
    static let repetitions = 5
    static let budget = 1.2
    static let body = String(repeating: "stepwise loopback benchmark body\n", count: 8)

    static func run() {
        BenchSupport.run("http") { try measure() }
    }

    private static func measure() throws {
        let server = try LoopbackHTTPServer.start { _ in .text(body) }
        defer { server.stop() }
        let urls = (0..<requestCount).map { server.url("/bench/item/\($0)") }
        let configFile = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-http-bench-\(getpid()).curlrc")
        try curlConfig(for: urls).write(to: configFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: configFile) }

        // One untimed round of each warms caches and the server.
        _ = try timeTransport(urls, server: server)
        _ = try timeCurl(configFile, server: server)
        var transportSeconds: [Double] = []
        var curlSeconds: [Double] = []
        for _ in 0..<repetitions {
            transportSeconds.append(try timeTransport(urls, server: server))
            curlSeconds.append(try timeCurl(configFile, server: server))
        }
        let report = Report(
            requests: requestCount, repetitions: repetitions,
            transportSeconds: transportSeconds, curlSeconds: curlSeconds, budget: budget)
        print(report.summary)
        try report.write(to: URL(fileURLWithPath: "bench-results/http.json"))
    }

    /// A fresh transport (so connecting counts, as it does for curl) doing every GET on one kept-alive connection.
    private static func timeTransport(_ urls: [URL], server: LoopbackHTTPServer) throws -> Double {
        server.clearRequests()
        let connectionsBefore = server.acceptedConnections
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let transport = try HTTPTransport(configuration: HTTPTransportConfiguration(proxy: ProxySettings.none))
            for url in urls {
                let response = try transport.send(HTTPRequest(url: url))
                guard response.status == 200, response.body.count == body.utf8.count else {
                    throw BenchFailure(message: "transport got status \(response.status) with \(response.body.count) bytes from \(url)")
                }
            }
        }
        try check(server, connectionsBefore: connectionsBefore, who: "HTTPTransport")
        return BenchSupport.seconds(elapsed)
    }

    /// `curl -s -K FILE`: one curl process fetching every URL in turn on its kept-alive connection.
    private static func timeCurl(_ configFile: URL, server: LoopbackHTTPServer) throws -> Double {
        server.clearRequests()
        let connectionsBefore = server.acceptedConnections
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "--silent", "--show-error", "--fail", "--noproxy", "*", "--config", configFile.path]
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else {
            throw BenchFailure(message: "curl exited with status \(process.terminationStatus)")
        }
        try check(server, connectionsBefore: connectionsBefore, who: "curl")
        return BenchSupport.seconds(elapsed)
    }

    /// Both sides must have made every request, over a single connection.
    private static func check(_ server: LoopbackHTTPServer, connectionsBefore: Int, who: String) throws {
        let requests = server.requests.count
        let connections = server.acceptedConnections - connectionsBefore
        guard requests == requestCount, connections == 1 else {
            throw BenchFailure(message: "\(who) made \(requests) requests over \(connections) connections; expected \(requestCount) over 1")
        }
    }

    private static func curlConfig(for urls: [URL]) -> String {
        urls.map { "url = \"\($0.absoluteString)\"\noutput = \"/dev/null\"\n" }.joined()
    }
}

extension HTTPBench {
    /// The figures of one `stepwise-bench http` run.
    struct Report {
        let requests: Int
        let repetitions: Int
        let transportSeconds: [Double]
        let curlSeconds: [Double]
        let budget: Double

        var transportMedian: Double { BenchSupport.median(transportSeconds) }
        var curlMedian: Double { BenchSupport.median(curlSeconds) }
        var ratio: Double { transportMedian / curlMedian }

        var summary: String {
            """
            http: \(requests) sequential keep-alive GETs, \(repetitions) alternating rounds, medians
              HTTPTransport  \(BenchSupport.format(transportMedian)) s  \(Int(Double(requests) / transportMedian)) req/s
              curl -K        \(BenchSupport.format(curlMedian)) s  \(Int(Double(requests) / curlMedian)) req/s
              ratio transport/curl \(BenchSupport.format(ratio))x (budget \(budget)x): \(ratio <= budget ? "within budget" : "OVER BUDGET")
            """
        }

        func write(to file: URL) throws {
            let json: [String: Any] = [
                "suite": "http", "requests": requests, "repetitions": repetitions,
                "transport_seconds": transportSeconds, "curl_seconds": curlSeconds,
                "transport_median_seconds": transportMedian, "curl_median_seconds": curlMedian,
                "transport_requests_per_second": Double(requests) / transportMedian,
                "curl_requests_per_second": Double(requests) / curlMedian,
                "ratio": ratio, "budget": budget, "within_budget": ratio <= budget,
            ]
            try BenchSupport.writeJSON(json, to: file)
        }
    }
}

import Foundation
import Testing

@testable import CloudTwin

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts a twin on random loopback ports for the duration of `body`, then stops it.
func withTwin<T>(
    _ options: TwinOptions = TwinOptions(), _ body: (RunningTwin) async throws -> T
) async throws -> T {
    let twin = try await TwinServer.start(options)
    do {
        let result = try await body(twin)
        await twin.stop()
        return result
    } catch {
        await twin.stop()
        throw error
    }
}

/// A response as the tests see it.
struct TestResponse {
    var status: Int
    /// Header values by lowercase name.
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSON? { JSON.parse(Array(body)) }

    /// The JSON body, or a test failure naming the status and text.
    func requireJSON(sourceLocation: SourceLocation = #_sourceLocation) throws -> JSON {
        try #require(json, "expected a JSON body, got \(status): \(text)", sourceLocation: sourceLocation)
    }
}

/// A small HTTP client for the contract tests (URLSession; no client targets of Stepwise).
enum TestHTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    /// Sends a request; `fresh` uses a connection of its own, never one reused (on a reused connection that dies
    /// without an answer, the client re-sends the request).
    static func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil, fresh: Bool = false
    ) async throws -> TestResponse {
        var request = URLRequest(url: try #require(URL(string: url), "bad URL \(url)"))
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let client = fresh ? URLSession(configuration: session.configuration) : session
        defer { if fresh { client.finishTasksAndInvalidate() } }
        let (data, response) = try await client.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return TestResponse(status: http.statusCode, headers: fields, body: data)
    }

    static func get(_ url: String, token: String? = nil, headers: [String: String] = [:]) async throws -> TestResponse {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await send("GET", url, headers: headers)
    }

    static func json(
        _ method: String, _ url: String, _ body: JSON?, token: String? = nil, headers: [String: String] = [:],
        fresh: Bool = false
    ) async throws -> TestResponse {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await send(method, url, headers: headers, body: body.map { Data($0.encoded) }, fresh: fresh)
    }

    /// POSTs `application/x-www-form-urlencoded` fields, each value percent-encoded.
    static func form(_ url: String, _ fields: [(String, String)], headers: [String: String] = [:]) async throws -> TestResponse {
        var headers = headers
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        let body = fields.map { "\(FormEncoding.escape($0.0))=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
        return try await send("POST", url, headers: headers, body: Data(body.utf8))
    }
}

extension RunningTwin {
    /// The token endpoint for the scenario's tenant (by domain).
    var tokenURL: String { "\(info.identity)/\(info.tenantDomain)/oauth2/v2.0/token" }

    /// A client-credentials token; by default the admin app's, for Graph.
    func appToken(
        resource: String? = nil, clientId: String? = nil, secret: String? = nil
    ) async throws -> String {
        let response = try await TestHTTP.form(
            tokenURL,
            [
                ("client_id", clientId ?? info.admin.clientId), ("client_secret", secret ?? info.admin.clientSecret),
                ("scope", "\(resource ?? info.graph)/.default"), ("grant_type", "client_credentials"),
            ])
        let body = try response.requireJSON()
        return try #require(body["access_token"]?.stringValue, "no token: \(response.status) \(response.text)")
    }

    /// The control origin's JSON for a GET.
    func control(_ path: String) async throws -> JSON {
        try await TestHTTP.get("\(info.control)\(path)").requireJSON()
    }

    /// POSTs JSON to the control origin.
    func control(_ method: String, _ path: String, _ body: JSON) async throws -> TestResponse {
        try await TestHTTP.json(method, "\(info.control)\(path)", body)
    }

    /// The request log entries since `seq`.
    func requests(since seq: Int = 0) async throws -> [JSON] {
        try await control("/requests?since=\(seq)")["requests"]?.arrayValue ?? []
    }
}

/// Decodes a JWT's payload without checking it (tests inspect claims).
func jwtClaims(_ token: String) throws -> JSON {
    let parts = token.split(separator: ".")
    try #require(parts.count == 3, "not a JWT")
    let bytes = try #require(Base64URL.decode(parts[1]))
    return try #require(JSON.parse(bytes))
}

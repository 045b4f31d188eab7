import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting
import Synchronization
import Testing

/// Servers that answer what the twin never does: redirects, links and oversized bodies pointing elsewhere.
@Suite("Hostile answers from loopback servers")
struct HostileServerTests {
    /// A session whose Graph and only org is `server`, holding a token for that origin.
    static func session(on server: LoopbackHTTPServer, maxResponseBytes: Int = 1 << 20) throws -> CloudSession {
        let origin = try #require(Origin(server.baseURL))
        let profile = CloudProfile.custom(
            authority: origin, graph: origin, powerPlatform: origin, orgs: ["org": origin])
        let token = AccessToken(
            value: "eyJhbGciOiJub25lIn0.eyJhdWQiOiJ0ZXN0In0.c2ln", resource: origin, issuedOn: Date(),
            expiresOn: Date().addingTimeInterval(3600))
        var configuration = HTTPTransportConfiguration(proxy: .none)
        configuration.maxResponseBytes = maxResponseBytes
        return try CloudSession(
            profile: profile, credential: StaticTokenCredential(token: token), configuration: configuration)
    }

    static func json(_ value: JSONValue, status: Int = 200, headers: HTTPHeaders = [:]) -> LoopbackResponse {
        var all = headers
        all.set("Content-Type", "application/json")
        return LoopbackResponse(status: status, headers: all, body: .bytes(value.serialized()))
    }

    @Test("an exchange record keeps the first 64 KiB of a large answer and says how large it was")
    func largeAnswerInRecord() throws {
        let items = (0..<4_000).map { JSONValue.object(["id": .string("item-\($0)"), "note": .string(String(repeating: "x", count: 40))]) }
        let answer: JSONValue = ["value": .array(items)]
        let size = answer.serialized().count
        let server = try LoopbackHTTPServer.start { _ in Self.json(answer) }
        defer { server.stop() }
        let session = try Self.session(on: server)
        let records = Mutex<[ExchangeRecord]>([])
        session.exchangeObserver = { record in records.withLock { $0.append(record) } }
        let body = try session.graph.get("/items")
        #expect(body["value"]?.arrayValue?.count == 4_000)
        let record = try #require(records.withLock { $0.first })
        let shown = try #require(record.responseBody)
        #expect(size > CloudSession.recordedBodyLimit)
        #expect(shown.hasSuffix("... (\(size) bytes)"))
        #expect(shown.utf8.count == CloudSession.recordedBodyLimit + "... (\(size) bytes)".utf8.count)
        #expect(shown.hasPrefix(#"{"value":[{"id":"item-0""#))
    }

    @Test("a redirect to another host is refused and the other host never sees a request")
    func redirect() throws {
        let elsewhere = try LoopbackHTTPServer.start()
        defer { elsewhere.stop() }
        let server = try LoopbackHTTPServer.start { _ in .redirect(to: elsewhere.url("/v1.0/organization").absoluteString) }
        defer { server.stop() }
        let error = try #require(throws: CloudError.self) { try Self.session(on: server).graph.get("/organization") }
        #expect(error.code == .safetyForeignHost)
        #expect(error.message.contains("127.0.0.1:\(elsewhere.port)"))
        #expect(server.requests.count == 1)
        #expect(elsewhere.requests.isEmpty)
    }

    @Test("a Dataverse nextLink to another host is refused and never followed")
    func dataverseNextLink() throws {
        let elsewhere = try LoopbackHTTPServer.start { _ in Self.json(["value": []]) }
        defer { elsewhere.stop() }
        let next = elsewhere.url("/api/data/v9.2/roles?$skiptoken=2").absoluteString
        let server = try LoopbackHTTPServer.start { _ in Self.json(["value": [["roleid": "1"]], "@odata.nextLink": .string(next)]) }
        defer { server.stop() }
        let org = try Self.session(on: server).dataverse("org")
        let error = try #require(throws: CloudError.self) { try org.list("/roles", maxPageSize: 1) }
        #expect(error.code == .safetyForeignHost)
        #expect(elsewhere.requests.isEmpty)
        let sent = try #require(server.requests.first)
        #expect(sent.headers["Prefer"] == "odata.maxpagesize=1")
        #expect(sent.headers["OData-Version"] == "4.0")
        #expect(sent.headers["Authorization"]?.hasPrefix("Bearer ") == true)
    }

    @Test("a 503 with an HTTP-date Retry-After waits until that date")
    func retryAfterDate() throws {
        let answered = ManagedCounter()
        let server = try LoopbackHTTPServer.start { _ in
            if answered.next() == 0 {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                let date = formatter.string(from: Date().addingTimeInterval(3))
                return Self.json(["error": ["code": "ServiceUnavailable", "message": "later"]], status: 503, headers: ["Retry-After": date])
            }
            return Self.json(["value": []])
        }
        defer { server.stop() }
        let start = ContinuousClock.now
        _ = try Self.session(on: server).graph.get("/organization")
        // The date has one-second resolution, so the wait is at least 2 s of the 3 asked for.
        #expect(secondsSince(start) >= 2.0)
        #expect(server.requests.count == 2)
    }

    @Test("an answer larger than the transport's limit fails with http.body_too_large")
    func bodyTooLarge() throws {
        let server = try LoopbackHTTPServer.start { _ in .stream(byteCount: 4 << 20, announceLength: false) }
        defer { server.stop() }
        let error = try #require(throws: CloudError.self) {
            try Self.session(on: server, maxResponseBytes: 64 << 10).graph.get("/organization")
        }
        #expect(error.code == .httpBodyTooLarge)
    }
}

/// A thread-safe counter for handlers that answer differently the n-th time.
final class ManagedCounter: Sendable {
    private let value = Mutex<Int>(0)

    /// The current count, then one more.
    func next() -> Int {
        value.withLock { count in
            defer { count += 1 }
            return count
        }
    }
}

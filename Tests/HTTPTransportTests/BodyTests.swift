import Foundation
import HTTPTransport
import StepwiseTesting
import Testing

@Suite struct BodyTests {
    /// Echoes the request body back, with the method in a header.
    private static func echo(_ request: LoopbackRequest) -> LoopbackResponse {
        LoopbackResponse(headers: ["X-Method": request.method], body: .bytes(request.body))
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE", "GET"])
    func binaryBodiesRoundTripAsBytes(method: String) throws {
        let server = try LoopbackHTTPServer.start(handler: Self.echo)
        defer { server.stop() }
        let body = Data.binarySample(count: 200_000)
        #expect(body.contains(0))
        let response = try makeTransport().send(HTTPRequest(method: method, url: server.url("/echo"), body: body))
        #expect(response.headers["X-Method"] == method)
        #expect(response.body == body)
        let received = try #require(server.requests.first)
        #expect(received.method == method)
        #expect(received.body == body)
    }

    @Test func postWithoutBodySendsContentLengthZero() throws {
        let server = try LoopbackHTTPServer.start(handler: Self.echo)
        defer { server.stop() }
        let response = try makeTransport().send(HTTPRequest(method: "POST", url: server.url("/empty")))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(server.requests.first?.headers["Content-Length"] == "0")
    }

    @Test func headReturnsHeadersWithoutBody() throws {
        let server = try LoopbackHTTPServer.start { _ in .text("a body that HEAD must not read") }
        defer { server.stop() }
        let transport = try makeTransport()
        let response = try transport.send(HTTPRequest(method: "HEAD", url: server.url("/head")))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(server.requests.first?.method == "HEAD")
        // The connection stays usable after a HEAD.
        #expect(try transport.send(HTTPRequest(url: server.url("/after"))).body == Data("a body that HEAD must not read".utf8))
        #expect(server.acceptedConnections == 1)
    }

    @Test(arguments: [true, false])
    func aResponseOverTheLimitIsRefused(announceLength: Bool) throws {
        let server = try LoopbackHTTPServer.start { _ in .stream(byteCount: 50_000_000, announceLength: announceLength) }
        defer { server.stop() }
        let transport = try makeTransport { $0.maxResponseBytes = 10 * 1024 * 1024 }
        let error = transportError { () throws(HTTPTransportError) in try transport.send(HTTPRequest(url: server.url("/huge"))) }
        #expect(error?.kind == .bodyTooLarge)
        #expect(error?.description.contains("127.0.0.1:\(server.port)") == true)
        #expect(error?.description.contains("10 MiB") == true)
    }

    @Test func aResponseExactlyAtTheLimitIsAccepted() throws {
        let server = try LoopbackHTTPServer.start { _ in .stream(byteCount: 1_000_000, announceLength: false) }
        defer { server.stop() }
        let response = try makeTransport { $0.maxResponseBytes = 1_000_000 }.send(HTTPRequest(url: server.url("/exact")))
        #expect(response.body.count == 1_000_000)
    }
}

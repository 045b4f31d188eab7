import Foundation
import HTTPTransport
import StepwiseTesting
import Testing

@Suite struct KeepAliveTests {
    @Test func fiftySequentialRequestsShareOneConnection() throws {
        let server = try LoopbackHTTPServer.start { request in .text("answer to \(request.target)") }
        defer { server.stop() }
        let transport = try makeTransport()
        for index in 0..<50 {
            let response = try transport.send(HTTPRequest(url: server.url("/item/\(index)")))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "answer to /item/\(index)")
            #expect(response.httpVersion == "1.1")
        }
        #expect(server.acceptedConnections == 1)
        #expect(server.requests.count == 50)
        #expect(Set(server.requests.map(\.connection)) == [1])
    }

    @Test func aConnectionClosedByTheServerIsReplacedOnTheNextRequest() throws {
        let server = try LoopbackHTTPServer.start { request in
            var response = LoopbackResponse.text("bye")
            response.closeConnection = request.target == "/last-on-connection"
            return response
        }
        defer { server.stop() }
        let transport = try makeTransport()
        _ = try transport.send(HTTPRequest(url: server.url("/last-on-connection")))
        let response = try transport.send(HTTPRequest(url: server.url("/next")))
        #expect(response.status == 200)
        #expect(server.acceptedConnections == 2)
    }

    @Test func aDroppedConnectionIsReportedAsClosed() throws {
        let server = try LoopbackHTTPServer.start { _ in .drop }
        defer { server.stop() }
        let transport = try makeTransport()
        let error = transportError { () throws(HTTPTransportError) in try transport.send(HTTPRequest(url: server.url("/drop"))) }
        #expect(error?.kind == .connectionClosed)
        #expect(error?.host == "127.0.0.1:\(server.port)")
    }

    @Test func aPostWhoseConnectionDiesIsNeverSentTwice() throws {
        let server = try LoopbackHTTPServer.start { request in request.method == "POST" ? .drop : .text("fine") }
        defer { server.stop() }
        let transport = try makeTransport()
        _ = try transport.send(HTTPRequest(url: server.url("/warm-up")))
        var post = HTTPRequest(method: "POST", url: server.url("/applications"))
        post.body = Data("{}".utf8)
        let error = transportError { () throws(HTTPTransportError) in try transport.send(post) }
        #expect(error?.kind == .connectionClosed)
        #expect(server.requests.filter { $0.method == "POST" }.count == 1, "the POST was resent")
        let after = try transport.send(HTTPRequest(url: server.url("/after")))
        #expect(after.status == 200)
    }

    @Test func readsKeepReusingTheirConnectionAroundWrites() throws {
        let server = try LoopbackHTTPServer.start { _ in .text("fine") }
        defer { server.stop() }
        let transport = try makeTransport()
        for index in 0..<10 { _ = try transport.send(HTTPRequest(url: server.url("/read/\(index)"))) }
        var patch = HTTPRequest(method: "PATCH", url: server.url("/write"))
        patch.body = Data("{}".utf8)
        _ = try transport.send(patch)
        for index in 0..<10 { _ = try transport.send(HTTPRequest(url: server.url("/read-again/\(index)"))) }
        #expect(server.acceptedConnections == 2, "one connection for the reads, a fresh one for the write")
    }
}

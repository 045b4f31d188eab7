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
}

import Foundation
import HTTPTransport
import StepwiseTesting
import Testing

@Suite struct FailureTests {
    @Test func connectTimeoutNamesTheHost() throws {
        let listener = try UnresponsiveListener()
        defer { listener.close() }
        let transport = try makeTransport { $0.connectTimeout = .milliseconds(500) }
        let url = URL(string: "http://127.0.0.1:\(listener.port)/never?secret=query")!
        let error = try #require(transportError { () throws(HTTPTransportError) in try transport.send(HTTPRequest(url: url)) })
        #expect(error.kind == .timeout)
        #expect(error.host == "127.0.0.1:\(listener.port)")
        #expect(error.description == "timed out after 500 ms connecting to 127.0.0.1:\(listener.port)")
        #expect(error.url == "http://127.0.0.1:\(listener.port)/never")
    }

    @Test func totalTimeoutWhileTheServerDelays() throws {
        let server = try LoopbackHTTPServer.start { _ in
            var response = LoopbackResponse.text("late")
            response.delay = .seconds(3)
            return response
        }
        defer { server.stop() }
        let transport = try makeTransport { $0.totalTimeout = .seconds(1) }
        let started = ContinuousClock.now
        let error = try #require(transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(url: server.url("/slow")))
        })
        #expect(ContinuousClock.now - started >= .seconds(1))
        #expect(error.kind == .timeout)
        #expect(error.description == "timed out after 1 s waiting for 127.0.0.1:\(server.port)")
    }

    @Test func aPerRequestTimeoutOverridesTheTotalTimeout() throws {
        let server = try LoopbackHTTPServer.start { _ in LoopbackResponse(delay: .seconds(3)) }
        defer { server.stop() }
        let transport = try makeTransport()
        let error = transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(url: server.url("/slow"), timeout: .milliseconds(300)))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.description.contains("after 300 ms") == true)
    }

    @Test func connectionRefusedNamesHostAndPort() throws {
        let port = try LoopbackPorts.closedPort()
        let transport = try makeTransport()
        let error = try #require(transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/")!))
        })
        #expect(error.kind == .connectionRefused)
        #expect(error.description == "cannot connect to 127.0.0.1:\(port): connection refused")
    }

    @Test func anUnresolvableNameIsADNSFailure() throws {
        let transport = try makeTransport { $0.connectTimeout = .seconds(5) }
        let error = try #require(transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(url: URL(string: "http://stepwise-test.invalid/")!))
        })
        #expect(error.kind == .dnsFailure, "got \(error)")
        #expect(error.host == "stepwise-test.invalid")
        #expect(error.description.hasPrefix("cannot resolve host name stepwise-test.invalid"))
    }

    @Test func speakingTLSToAPlainHTTPServerIsATLSFailure() throws {
        let server = try LoopbackHTTPServer.start()
        defer { server.stop() }
        let transport = try makeTransport { $0.totalTimeout = .seconds(10) }
        let error = try #require(transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(url: URL(string: "https://127.0.0.1:\(server.port)/")!))
        })
        #expect(error.kind == .tls, "got \(error)")
        #expect(error.description.hasPrefix("TLS failure with 127.0.0.1:\(server.port): "))
    }

    @Test func unsupportedSchemesAndMethodsAreInvalidRequests() throws {
        let transport = try makeTransport()
        let ftp = transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(url: URL(string: "ftp://127.0.0.1/file")!))
        }
        #expect(ftp?.kind == .invalidRequest)
        let method = transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(method: "GET /x", url: URL(string: "http://127.0.0.1/")!))
        }
        #expect(method?.kind == .invalidRequest)
    }

    @Test func anInvalidConfigurationIsRefused() {
        #expect(throws: HTTPTransportError.self) {
            try HTTPTransport(configuration: HTTPTransportConfiguration(maxResponseBytes: 0))
        }
    }
}

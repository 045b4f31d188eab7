import Foundation
import HTTPTransport
import StepwiseTesting
import Testing

@Suite struct ProxyTests {
    @Test func anExplicitProxyCarriesTheRequest() throws {
        let origin = try LoopbackHTTPServer.start { request in .text("origin saw \(request.target)") }
        defer { origin.stop() }
        let proxy = try LoopbackHTTPServer.start(forwardingProxyRequests: true)
        defer { proxy.stop() }
        let transport = try makeTransport { $0.proxy = .explicit(url: proxy.baseURL.absoluteString, noProxy: nil) }
        let response = try transport.send(HTTPRequest(url: origin.url("/through?x=1")))
        #expect(String(decoding: response.body, as: UTF8.self) == "origin saw /through?x=1")
        #expect(proxy.requests.map(\.target) == [origin.url("/through?x=1").absoluteString])
        #expect(origin.requests.map(\.target) == ["/through?x=1"])
    }

    @Test func noProxyBypassesTheProxy() throws {
        let origin = try LoopbackHTTPServer.start { _ in .text("direct") }
        defer { origin.stop() }
        let proxy = try LoopbackHTTPServer.start(forwardingProxyRequests: true)
        defer { proxy.stop() }
        let transport = try makeTransport { $0.proxy = .explicit(url: proxy.baseURL.absoluteString, noProxy: "localhost,127.0.0.1") }
        let response = try transport.send(HTTPRequest(url: origin.url("/direct")))
        #expect(String(decoding: response.body, as: UTF8.self) == "direct")
        #expect(proxy.requests.isEmpty)
        #expect(proxy.acceptedConnections == 0)
        #expect(origin.requests.map(\.target) == ["/direct"])
    }

    @Test func theEnvironmentIsReadExplicitlyPerScheme() {
        let environment = [
            "HTTPS_PROXY": "http://secure-proxy:3128", "http_proxy": "http://plain-proxy:3128", "no_proxy": "internal.test",
        ]
        let https = ProxySettings.fromEnvironment.route(for: URL(string: "https://graph.microsoft.com/v1.0")!, environment: environment)
        #expect(https == ProxyRoute(proxy: "http://secure-proxy:3128", noProxy: "internal.test"))
        let http = ProxySettings.fromEnvironment.route(for: URL(string: "http://127.0.0.1:1/")!, environment: environment)
        #expect(http == ProxyRoute(proxy: "http://plain-proxy:3128", noProxy: "internal.test"))
        let uppercaseWins = ProxySettings.fromEnvironment.route(
            for: URL(string: "http://x/")!, environment: ["HTTP_PROXY": "http://upper:1", "http_proxy": "http://lower:1"])
        #expect(uppercaseWins.proxy == "http://upper:1")
        #expect(ProxySettings.fromEnvironment.route(for: URL(string: "http://x/")!, environment: [:]) == ProxyRoute(proxy: nil, noProxy: nil))
        #expect(ProxySettings.none.route(for: URL(string: "http://x/")!, environment: environment).proxy == nil)
    }

    @Test func aRefusingProxyIsNamedInTheError() throws {
        let port = try LoopbackPorts.closedPort()
        let transport = try makeTransport { $0.proxy = .explicit(url: "http://127.0.0.1:\(port)", noProxy: nil) }
        let error = transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(url: URL(string: "http://origin.test/")!))
        }
        #expect(error?.kind == .connectionRefused)
        #expect(error?.description == "cannot connect to origin.test through proxy http://127.0.0.1:\(port): connection refused")
    }
}

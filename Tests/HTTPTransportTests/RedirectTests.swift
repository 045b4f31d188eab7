import Foundation
import HTTPTransport
import StepwiseTesting
import Testing

@Suite struct RedirectTests {
    private let credentials: HTTPHeaders = ["Authorization": "Bearer token-for-the-origin", "Cookie": "session=abc123"]

    @Test func redirectsAreNotFollowedByDefault() throws {
        let server = try LoopbackHTTPServer.start { _ in .redirect(to: "/elsewhere") }
        defer { server.stop() }
        let response = try makeTransport().send(HTTPRequest(url: server.url("/start")))
        #expect(response.status == 302)
        #expect(response.headers["Location"] == "/elsewhere")
        #expect(server.requests.map(\.target) == ["/start"])
    }

    @Test func redirectsAreFollowedWhenEnabledAndCredentialsKeptOnTheSameOrigin() throws {
        let server = try LoopbackHTTPServer.start()
        defer { server.stop() }
        let absoluteEnd = server.url("/end").absoluteString
        server.setHandler { request in
            switch request.target {
            case "/start": .redirect(to: "/middle", status: 301)
            case "/middle": .redirect(to: absoluteEnd, status: 307)
            default: .text("arrived at \(request.target)")
            }
        }
        let transport = try makeTransport { $0.followRedirects = 5 }
        let response = try transport.send(HTTPRequest(url: server.url("/start"), headers: credentials))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "arrived at /end")
        #expect(response.url == server.url("/end"))
        #expect(server.requests.map(\.target) == ["/start", "/middle", "/end"])
        for request in server.requests {
            #expect(request.headers["Authorization"] == "Bearer token-for-the-origin")
            #expect(request.headers["Cookie"] == "session=abc123")
        }
    }

    @Test func credentialsAreDroppedWhenTheRedirectLeavesTheOrigin() throws {
        let other = try LoopbackHTTPServer.start()
        defer { other.stop() }
        let origin = try LoopbackHTTPServer.start()
        defer { origin.stop() }
        let landing = other.url("/landing").absoluteString, home = origin.url("/home").absoluteString
        origin.setHandler { request in request.target == "/start" ? .redirect(to: landing) : .text("home again") }
        other.setHandler { request in request.target == "/landing" ? .redirect(to: "/back") : .redirect(to: home) }
        let transport = try makeTransport { $0.followRedirects = 5 }
        let response = try transport.send(HTTPRequest(url: origin.url("/start"), headers: credentials))
        #expect(String(decoding: response.body, as: UTF8.self) == "home again")
        // 127.0.0.1 on another port is another origin: nothing there, nor after coming back, sees the credentials.
        #expect(other.requests.map(\.target) == ["/landing", "/back"])
        #expect(other.requests.allSatisfy { $0.headers["Authorization"] == nil && $0.headers["Cookie"] == nil })
        #expect(origin.requests.map(\.target) == ["/start", "/home"])
        #expect(origin.requests[0].headers["Authorization"] == "Bearer token-for-the-origin")
        #expect(origin.requests[1].headers["Authorization"] == nil)
    }

    @Test func seeOtherTurnsAPostIntoAGet() throws {
        let server = try LoopbackHTTPServer.start { request in
            request.target == "/submit" ? .redirect(to: "/result", status: 303) : .text("\(request.method) \(request.body.count)")
        }
        defer { server.stop() }
        let transport = try makeTransport { $0.followRedirects = 1 }
        let request = HTTPRequest(method: "POST", url: server.url("/submit"), headers: ["Content-Type": "application/json"], body: Data("{}".utf8))
        let response = try transport.send(request)
        #expect(String(decoding: response.body, as: UTF8.self) == "GET 0")
        #expect(server.requests.last?.headers["Content-Type"] == nil)
    }

    @Test func temporaryRedirectRepeatsMethodAndBody() throws {
        let server = try LoopbackHTTPServer.start { request in
            request.target == "/submit" ? .redirect(to: "/again", status: 307) : LoopbackResponse(body: .bytes(request.body))
        }
        defer { server.stop() }
        let body = Data.binarySample(count: 1000)
        let response = try makeTransport { $0.followRedirects = 1 }
            .send(HTTPRequest(method: "PUT", url: server.url("/submit"), body: body))
        #expect(response.body == body)
        #expect(server.requests.map(\.method) == ["PUT", "PUT"])
    }

    @Test func hopsBeyondTheLimitAreAnError() throws {
        let server = try LoopbackHTTPServer.start { request in .redirect(to: "\(request.target)x") }
        defer { server.stop() }
        let transport = try makeTransport { $0.followRedirects = 3 }
        let error = transportError { () throws(HTTPTransportError) in try transport.send(HTTPRequest(url: server.url("/r"))) }
        #expect(error?.kind == .tooManyRedirects)
        #expect(error?.description.contains("127.0.0.1:\(server.port)") == true)
        #expect(server.requests.count == 4)
    }
}

import Foundation
import HTTPTransport
import StepwiseTesting
import Testing

@Suite struct HeaderTests {
    @Test func responseHeadersKeepTheirSpellingAndRepeats() throws {
        let server = try LoopbackHTTPServer.start { _ in
            var headers = HTTPHeaders()
            headers.add("Set-Cookie", "a=1; Path=/")
            headers.add("Set-Cookie", "b=2; Path=/")
            headers.add("x-lower-case", "lower")
            headers.add("X-MiXeD-CaSe", "  padded value\t")
            return LoopbackResponse(status: 201, headers: headers, body: .bytes(Data("x".utf8)))
        }
        defer { server.stop() }
        let response = try makeTransport().send(HTTPRequest(url: server.url("/cookies")))
        #expect(response.status == 201)
        #expect(response.headers.values(for: "set-cookie") == ["a=1; Path=/", "b=2; Path=/"])
        #expect(response.headers["X-LOWER-CASE"] == "lower")
        #expect(response.headers.fields.contains { $0.name == "x-lower-case" })
        #expect(response.headers["x-mixed-case"] == "padded value")
        #expect(response.headers.fields.contains { $0.name == "X-MiXeD-CaSe" })
        #expect(response.headers["Content-Length"] == "1")
        #expect(!response.headers.fields.contains { $0.value.hasSuffix("\r") || $0.name.hasPrefix("HTTP/") })
    }

    @Test func headerNamesMatchIgnoringASCIICaseOnly() {
        #expect(HTTPHeaders.namesMatch("Content-Type", "content-TYPE"))
        #expect(!HTTPHeaders.namesMatch("Content-Type", "Content-Typ"))
        // `@` and backtick differ from each other only in bit 0x20, like a letter pair: they must not match.
        #expect(!HTTPHeaders.namesMatch("a@b", "a`b"))
        #expect(!HTTPHeaders.namesMatch("x[", "x{"))
        #expect(HTTPHeaders.namesMatch("Ünïcode", "üNÏCODE"))
        var headers: HTTPHeaders = ["X-One": "1", "x-one": "2", "X-Two": "3"]
        #expect(headers.values(for: "X-ONE") == ["1", "2"])
        headers.set("x-ONE", "9")
        #expect(headers.fields.map(\.value) == ["3", "9"])
    }

    @Test func byteSearchFindsExactBytesOnly() {
        #expect(ByteSearch.contains("secretText\"", in: Data(#"{"a":"secret","secretText":"x"}"#.utf8)))
        #expect(!ByteSearch.contains("secretText\"", in: Data(#"{"secrettext":"x"}"#.utf8)))
        #expect(ByteSearch.contains("", in: Data()))
        #expect(!ByteSearch.contains("abc", in: Data("ab".utf8)))
        #expect(ByteSearch.contains("abc", in: Data("aababc".utf8)))
        #expect(ByteSearch.contains("c", in: Data("abc".utf8)))
    }

    @Test func requestHeadersArriveExactlyAsGiven() throws {
        let server = try LoopbackHTTPServer.start()
        defer { server.stop() }
        var headers = HTTPHeaders()
        headers.add("Accept", "application/json;odata.metadata=minimal")
        headers.add("X-Custom", "one")
        headers.add("X-Custom", "two")
        headers.add("Prefer", "return=representation")
        headers.add("X-Empty", "")
        headers.add("Content-Type", "application/json")
        let body = Data(String(repeating: "{\"k\":1}", count: 300).utf8)  // > 1 KiB: where curl would add Expect
        _ = try makeTransport().send(HTTPRequest(method: "POST", url: server.url("/headers"), headers: headers, body: body))
        let received = try #require(server.requests.first).headers
        #expect(received.values(for: "Accept") == ["application/json;odata.metadata=minimal"])
        #expect(received.values(for: "X-Custom") == ["one", "two"])
        #expect(received["Prefer"] == "return=representation")
        #expect(received.values(for: "X-Empty") == [""])
        #expect(received.values(for: "Content-Type") == ["application/json"])
        #expect(received["Expect"] == nil)
        #expect(received["User-Agent"] == "stepwise/\(HTTPTransportConfiguration.stepwiseVersion)")
        #expect(received["Content-Length"] == String(body.count))
        let names = Set(received.fields.map { $0.name.lowercased() })
        #expect(names == ["host", "user-agent", "accept", "x-custom", "prefer", "x-empty", "content-type", "content-length"])
    }

    @Test func libcurlAddsNoAcceptOrContentTypeOfItsOwn() throws {
        let server = try LoopbackHTTPServer.start()
        defer { server.stop() }
        let transport = try makeTransport { $0.userAgent = "test-agent/1" }
        _ = try transport.send(HTTPRequest(method: "PATCH", url: server.url("/plain"), body: Data("a=b".utf8)))
        let received = try #require(server.requests.first).headers
        #expect(received["Accept"] == nil)
        #expect(received["Content-Type"] == nil)
        #expect(received["User-Agent"] == "test-agent/1")
    }

    @Test func headerInjectionIsRefusedBeforeSending() throws {
        let server = try LoopbackHTTPServer.start()
        defer { server.stop() }
        let transport = try makeTransport()
        let request = HTTPRequest(url: server.url("/"), headers: ["X-Bad": "one\r\nInjected: yes"])
        let error = transportError { () throws(HTTPTransportError) in try transport.send(request) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("X-Bad") == true)
        #expect(error?.message.contains("Injected") == false)
        #expect(server.requests.isEmpty)
    }

    @Test func invalidNamesAndValuesAreRefusedByteByByte() throws {
        let server = try LoopbackHTTPServer.start()
        defer { server.stop() }
        let transport = try makeTransport()
        let url = try #require(URL(string: "http://user:pw@127.0.0.1:\(server.port)/path?secret=1#part"))
        let refused: [(HTTPRequest, String)] = [
            (HTTPRequest(url: url, headers: ["X-Nul": "a\u{0}b"]), "the value of header X-Nul contains a line break or NUL"),
            (HTTPRequest(url: url, headers: ["X-Lf": "long \(String(repeating: "x", count: 2_000))\nInjected: 1"]), "X-Lf contains a line break"),
            (HTTPRequest(url: url, headers: ["Bad Name": "v"]), "a header name is not a valid HTTP token"),
            (HTTPRequest(url: url, headers: ["Naïve": "v"]), "a header name is not a valid HTTP token"),
            (HTTPRequest(url: url, headers: ["": "v"]), "a header name is not a valid HTTP token"),
            (HTTPRequest(method: "", url: url), "the method is not a valid HTTP token"),
            (HTTPRequest(method: "GÉT", url: url), "the method is not a valid HTTP token"),
            (HTTPRequest(method: "HEAD", url: url, body: Data("x".utf8)), "a HEAD request cannot have a body"),
        ]
        for (request, expected) in refused {
            let error = try #require(transportError { () throws(HTTPTransportError) in try transport.send(request) })
            #expect(error.kind == .invalidRequest)
            #expect(error.message.contains(expected), "got \(error.message)")
            // Named without user info, query or fragment.
            #expect(error.message.hasPrefix("invalid request to http://127.0.0.1:\(server.port)/path: "), "got \(error.message)")
        }
        // Every token character, non-ASCII values and a long bearer value pass.
        let tokenName = "!#$%&'*+-.^_`|~09azAZ"
        let accepted = HTTPRequest(
            method: "PROPFIND", url: server.url("/plain"),
            headers: [tokenName: "café ☕", "Authorization": "Bearer " + String(repeating: "e30.", count: 500)])
        _ = try transport.send(accepted)
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.headers[tokenName] == "café ☕")
    }
}


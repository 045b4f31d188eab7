import Foundation
@testable import HTTPTransport
import StepwiseTesting
import Testing

@Suite struct ResponseHeaderParserTests {
    private func parse(_ lines: [String]) -> ResponseHeaderParser {
        var parser = ResponseHeaderParser()
        for line in lines {
            Array(line.utf8).withUnsafeBytes { parser.consume($0) }
        }
        return parser
    }

    @Test func theLastResponseWinsOverInterimOnes() {
        let parser = parse([
            "HTTP/1.1 100 Continue\r\n", "\r\n",
            "HTTP/1.1 103 Early Hints\r\n", "Link: </style.css>; rel=preload\r\n", "\r\n",
            "HTTP/1.1 201 Created\r\n", "Location: /things/1\r\n", "\r\n",
        ])
        #expect(parser.statusLine == "HTTP/1.1 201 Created")
        #expect(parser.headers.fields == [HTTPHeaders.Field(name: "Location", value: "/things/1")])
    }

    @Test func linesAreTrimmedAsBytesAndFoldedLinesJoined() {
        let parser = parse([
            "HTTP/2 200\r\n", "content-type:  application/json \r\n", "x-folded: first\r\n", "\t second\r\n",
            "x-no-space:value\n", "x-empty:\r\n", "\r\n",
        ])
        #expect(parser.headers["Content-Type"] == "application/json")
        #expect(parser.headers["x-folded"] == "first second")
        #expect(parser.headers["x-no-space"] == "value")
        #expect(parser.headers.values(for: "x-empty") == [""])
    }

    @Test func interimResponsesFromTheServerAreSkipped() throws {
        let server = try LoopbackHTTPServer.start { _ in
            var response = LoopbackResponse.text("final")
            response.interimStatuses = [100, 103]
            response.headers.add("X-Final", "yes")
            return response
        }
        defer { server.stop() }
        let transport = try HTTPTransport(configuration: HTTPTransportConfiguration(proxy: .none))
        let response = try transport.send(HTTPRequest(url: server.url("/interim")))
        #expect(response.status == 200)
        #expect(response.headers["X-Final"] == "yes")
        #expect(String(decoding: response.body, as: UTF8.self) == "final")
    }
}

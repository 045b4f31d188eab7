import Foundation
import HTTPTransport
import StepwiseTesting
import Testing

@Suite struct RedactionTests {
    static let clientSecret = "Zq8~s3cr3t+V@lue/with:chars\"quote"
    static let bearer = "eyJhbGciOi.header-token-value.sig"
    static let issuedToken = "issued-access-token-0123456789"

    @Test func registeredSecretsAreMaskedInEveryEncoding() {
        let redactor = SecretRedactor()
        redactor.register(Self.clientSecret)
        redactor.register("short")
        redactor.register("")
        let percent = Self.clientSecret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(redactor.redact("raw \(Self.clientSecret) end") == "raw *** end")
        #expect(redactor.redact("form secret=\(percent)&x=1") == "form secret=***&x=1")
        #expect(redactor.redact("lower secret=Zq8%7es3cr3t%2bV%40lue%2fwith%3achars%22quote") == "lower secret=***")
        #expect(redactor.redact("libcurl secret=Zq8~s3cr3t%2BV%40lue%2Fwith%3Achars%22quote") == "libcurl secret=***")
        #expect(redactor.redact(#"{"v":"Zq8~s3cr3t+V@lue\/with:chars\"quote"}"#) == #"{"v":"***"}"#)
        #expect(redactor.redact(#"{"v":"Zq8~s3cr3t+V@lue/with:chars\"quote"}"#) == #"{"v":"***"}"#)
        #expect(redactor.redact("a short word stays") == "a short word stays")
    }

    @Test func percentEncodingMatchesFoundationForEachSet() throws {
        let sets: [(PercentEncoding, CharacterSet)] = [
            (.unreserved, CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")),
            (.alphanumericsOnly, CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")),
            (.queryValue, CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))),
            (.path, CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: "%"))),
            (.query, CharacterSet.urlQueryAllowed.union(CharacterSet(charactersIn: "%")).subtracting(CharacterSet(charactersIn: "+"))),
        ]
        let text = String((0x20..<0x7F).map { Character(Unicode.Scalar($0)!) }) + "é名😀\t\n\u{7F}"
        for (encoding, allowed) in sets {
            #expect(encoding.encode(text) == text.addingPercentEncoding(withAllowedCharacters: allowed))
        }
    }

    @Test func credentialFieldsAreMaskedWithoutRegistration() {
        #expect(CredentialMask.apply(to: "Authorization: Bearer abc.def") == "Authorization: Bearer ***")
        #expect(CredentialMask.apply(to: "authorization:opaque") == "authorization:***")
        #expect(CredentialMask.apply(to: "grant_type=client_credentials&client_secret=x%2By&scope=s")
            == "grant_type=client_credentials&client_secret=***&scope=s")
        #expect(CredentialMask.apply(to: "refresh_token=r1&client_assertion=eyJ.a.b") == "refresh_token=***&client_assertion=***")
        #expect(CredentialMask.apply(to: #"{"access_token": "a\"b", "expires_in": 3599}"#) == #"{"access_token": "***", "expires_in": 3599}"#)
        #expect(CredentialMask.apply(to: #"{"secretText":"s","refresh_token":"r"}"#) == #"{"secretText":"***","refresh_token":"***"}"#)
        #expect(CredentialMask.apply(to: #"{"device_code":"DAQABAAEAAAD","interval":5}"#) == #"{"device_code":"***","interval":5}"#)
        #expect(CredentialMask.apply(to: "grant_type=device_code&device_code=DAQAB&client_id=c")
            == "grant_type=device_code&device_code=***&client_id=c")
        #expect(CredentialMask.apply(to: "nothing to see here") == "nothing to see here")
        // Trigger words are found in any case, at the very start and end, and beside non-ASCII text.
        #expect(CredentialMask.apply(to: "PASSWORD=hunter2") == "PASSWORD=***")
        #expect(CredentialMask.apply(to: #"{"ÄÖ":"é","Password":"p"}"#) == #"{"ÄÖ":"é","Password":"***"}"#)
        #expect(CredentialMask.apply(to: "x&access_token=") == "x&access_token=***")
        #expect(CredentialMask.apply(to: "Cookie: a=b") == "Cookie: ***")
        #expect(CredentialMask.apply(to: "a") == "a")
    }

    @Test func credentialHeadersAreMaskedWhateverTheirCase() {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "SET-COOKIE": "session=abc; Path=/"]
        headers.add("authorization", "Bearer abc.def")
        headers.add("Proxy-Authorization", "Basic dXNlcjpwYXNz")
        headers.add("Cookies", "not a credential header")
        headers.add("X-Authorization-Hint", "kept")
        let masked = CredentialMask.apply(to: headers)
        #expect(masked.fields.map(\.value) == [
            "application/json", "***", "Bearer ***", "Basic ***", "not a credential header", "kept",
        ])
        #expect(headers.fields.map { CredentialMask.maskedValue(of: $0) } == masked.fields.map(\.value))
        // Every credential header name, in any case, and no name one byte longer or shorter.
        for name in ["authorization", "proxy-authorization", "cookie", "set-cookie"] {
            for variant in [name, name.uppercased(), name.capitalized] {
                #expect(CredentialMask.maskedValue(of: .init(name: variant, value: "secret-value")) == "***", "\(variant)")
            }
            #expect(CredentialMask.maskedValue(of: .init(name: name + "s", value: "kept")) == "kept")
            #expect(CredentialMask.maskedValue(of: .init(name: String(name.dropLast()), value: "kept")) == "kept")
        }
    }

    /// A token endpoint look-alike: echoes the form body's secret in a header and issues a token.
    private func startTokenServer() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer.start { _ in
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            headers.add("X-Echo", RedactionTests.clientSecret)
            let json = #"{"token_type":"Bearer","access_token":"\#(RedactionTests.issuedToken)","expires_in":3599}"#
            return LoopbackResponse(headers: headers, body: .bytes(Data(json.utf8)))
        }
    }

    private func tokenRequest(_ server: LoopbackHTTPServer) -> HTTPRequest {
        let encoded = Self.clientSecret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        return HTTPRequest(
            method: "POST", url: server.url("/tenant/oauth2/v2.0/token"),
            headers: ["Authorization": "Bearer \(Self.bearer)", "Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&client_secret=\(encoded)&client_id=app".utf8))
    }

    @Test func traceLinesNeverShowSecretsOrTheAuthorizationValue() throws {
        let server = try startTokenServer()
        defer { server.stop() }
        let redactor = SecretRedactor()
        redactor.register(Self.clientSecret)
        let lines = Collector<String>()
        let transport = try makeTransport {
            $0.redactor = redactor
            $0.trace = { lines.append($0) }
        }
        let response = try transport.send(tokenRequest(server))
        #expect(response.status == 200)
        let trace = lines.all
        #expect(trace.contains { $0.hasPrefix("* ") })
        #expect(trace.contains("> Authorization: Bearer ***"))
        #expect(trace.contains("< X-Echo: ***"))
        #expect(trace.contains { $0.hasPrefix("> [body: ") && $0.contains("client_secret=***") })
        #expect(trace.contains { $0.hasPrefix("< [body: ") && $0.contains(#""access_token":"***""#) })
        let leaked = trace.filter { line in
            [Self.bearer, Self.issuedToken, Self.clientSecret, "s3cr3t"].contains { line.contains($0) }
        }
        #expect(leaked.isEmpty, "leaked: \(leaked)")
    }

    @Test func theExchangeObserverSeesMaskedBoundedData() throws {
        let server = try startTokenServer()
        defer { server.stop() }
        let redactor = SecretRedactor()
        redactor.register(Self.clientSecret)
        let exchanges = Collector<HTTPExchange>()
        let transport = try makeTransport {
            $0.redactor = redactor
            $0.exchangeObserver = { exchanges.append($0) }
        }
        _ = try transport.send(tokenRequest(server))
        let exchange = try #require(exchanges.all.first)
        #expect(exchange.method == "POST")
        #expect(exchange.url == server.url("/tenant/oauth2/v2.0/token").absoluteString)
        #expect(exchange.status == 200)
        #expect(exchange.error == nil)
        #expect(exchange.duration > .zero)
        #expect(exchange.requestHeaders["Authorization"] == "Bearer ***")
        #expect(exchange.requestBody == "grant_type=client_credentials&client_secret=***&client_id=app")
        #expect(exchange.responseHeaders["X-Echo"] == "***")
        #expect(exchange.responseBody == #"{"token_type":"Bearer","access_token":"***","expires_in":3599}"#)

        server.setHandler { _ in .stream(byteCount: 100_000, announceLength: true) }
        _ = try transport.send(HTTPRequest(url: server.url("/big")))
        let big = try #require(exchanges.all.last?.responseBody)
        #expect(big.utf8.count < HTTPExchange.bodyPreviewLimit + 100)
        #expect(big.hasSuffix("(100000 bytes in all)"))
    }

    @Test func failedExchangesCarryTheError() throws {
        let port = try LoopbackPorts.closedPort()
        let exchanges = Collector<HTTPExchange>()
        let transport = try makeTransport { $0.exchangeObserver = { exchanges.append($0) } }
        _ = transportError { () throws(HTTPTransportError) in
            try transport.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/x")!, headers: ["Authorization": "Basic dXNlcjpwYXNz"]))
        }
        let exchange = try #require(exchanges.all.first)
        #expect(exchange.status == nil)
        #expect(exchange.error?.kind == .connectionRefused)
        #expect(exchange.requestHeaders["Authorization"] == "Basic ***")
    }
}

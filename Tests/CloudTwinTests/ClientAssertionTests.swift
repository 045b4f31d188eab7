import Foundation
import JWTKit
import StepwiseTesting
import Testing

@testable import CloudTwin

@Suite("Identity platform: certificate client assertions")
struct ClientAssertionTests {
    struct Assertion: JWTPayload {
        var aud: String
        var iss: String
        var sub: String
        var exp: Int
        var nbf: Int
        var jti: String
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A self-signed certificate and its key, made with the `openssl` command.
    struct TestCertificate {
        let keyPEM: String
        let derBase64: String
        let thumbprint: String

        init() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twin-cert-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let key = directory.appendingPathComponent("key.pem").path
            let cert = directory.appendingPathComponent("cert.pem").path
            _ = try Self.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                              "-days", "2", "-subj", "/CN=stepwise-twin-test"])
            keyPEM = try String(contentsOfFile: key, encoding: .utf8)
            let pem = try String(contentsOfFile: cert, encoding: .utf8)
            derBase64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            let fingerprint = try Self.run(["openssl", "x509", "-in", cert, "-noout", "-fingerprint", "-sha1"])
            let hex = fingerprint.split(separator: "=").last!.trimmingCharacters(in: .whitespacesAndNewlines)
            let bytes = hex.split(separator: ":").compactMap { UInt8($0, radix: 16) }
            thumbprint = Base64URL.encode(bytes)
        }

        static func run(_ arguments: [String]) throws -> String {
            let result = try CommandLineTool.run(arguments)
            try #require(result.status == 0, "\(arguments.joined(separator: " ")) failed: \(result.stderr)")
            return result.stdout
        }

        func sign(_ claims: Assertion, thumbprint: String? = nil) async throws -> String {
            let keys = JWTKeyCollection()
            await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: keyPEM), digestAlgorithm: .sha256)
            var header = JWTHeader()
            header.typ = "JWT"
            header.x5t = thumbprint ?? self.thumbprint
            return try await keys.sign(claims, header: header)
        }
    }

    @Test func aCertificateRegisteredOnTheAppSignsIn() async throws {
        try await withTwin { twin in
            let certificate = try TestCertificate()
            let fixture = GraphFixture(twin)
            let app = try await fixture.createApplication(
                "certificate app",
                extra: ["keyCredentials": [[
                    "type": "AsymmetricX509Cert", "usage": "Verify", "key": .string(certificate.derBase64),
                    "displayName": "CN=stepwise-twin-test",
                ]]])
            try await fixture.createServicePrincipal(appId: app.appId)
            let listed = try await TestHTTP.get("\(fixture.graph)/applications/\(app.id)", token: try await fixture.adminToken())
            #expect(try listed.requireJSON()["keyCredentials"]?.arrayValue?.first?["key"] == .null)

            let now = Int(Date().timeIntervalSince1970)
            func request(_ assertion: String) async throws -> TestResponse {
                try await TestHTTP.form(
                    twin.tokenURL,
                    [("client_id", app.appId), ("scope", "\(twin.info.graph)/.default"), ("grant_type", "client_credentials"),
                     ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                     ("client_assertion", assertion)])
            }
            let good = Assertion(aud: twin.tokenURL, iss: app.appId, sub: app.appId, exp: now + 600, nbf: now, jti: UUID().uuidString)
            let accepted = try await request(try await certificate.sign(good))
            #expect(accepted.status == 200, "\(accepted.text)")
            #expect(try jwtClaims(try #require(accepted.requireJSON()["access_token"]?.stringValue))["appid"]?.stringValue == app.appId)

            var expired = good
            expired.exp = now - 10
            #expect(try await request(try await certificate.sign(expired)).requireJSON()["error_codes"] == [700024])
            var otherClient = good
            otherClient.iss = twin.info.admin.clientId
            #expect(try await request(try await certificate.sign(otherClient)).requireJSON()["error_codes"] == [700021])
            let unknownKey = try await request(try await certificate.sign(good, thumbprint: "AAAAAAAAAAAAAAAAAAAAAAAAAAA"))
            #expect(unknownKey.status == 401)
            #expect(try unknownKey.requireJSON()["error_codes"] == [700027])
            let impostor = try TestCertificate()
            let forged = try await request(try await impostor.sign(good, thumbprint: certificate.thumbprint))
            #expect(try forged.requireJSON()["error_codes"] == [700027])
        }
    }
}

import Foundation
import StepwiseTesting
import Testing

@testable import CloudTwin

@Suite("HTTPS with a generated CA")
struct TLSTests {
    /// Runs a command and returns its exit status and what it printed (standard output, then standard error).
    func run(_ arguments: [String], input: String? = nil) throws -> (Int32, String) {
        let result = try CommandLineTool.run(arguments, input: input)
        return (result.status, result.stdout + result.stderr)
    }

    @Test func everyListenerServesHTTPSVerifiableWithTheCAFile() async throws {
        let caPath = try await withTwin(TwinOptions(tls: true)) { twin in
            let info = twin.info
            let caFile = try #require(info.caFile)
            #expect(FileManager.default.fileExists(atPath: caFile))
            for origin in [info.identity, info.graph, info.powerplatform, info.control, info.foreign] + info.orgs.values.sorted() {
                #expect(origin.hasPrefix("https://127.0.0.1:"))
            }
            let discovery = "\(info.identity)/\(info.tenantDomain)/v2.0/.well-known/openid-configuration"
            let (status, body) = try run(["curl", "-sS", "--fail", "--cacert", caFile, discovery])
            #expect(status == 0, "\(body)")
            #expect(JSON.parse(Array(body.utf8))?["token_endpoint"]?.stringValue?.hasPrefix("https://") == true)

            let port = try #require(URL(string: info.foreign)?.port)
            let (localhostStatus, localhostBody) = try run(["curl", "-sS", "--fail", "--cacert", caFile, "https://localhost:\(port)/x"])
            #expect(localhostStatus == 0, "\(localhostBody)")

            let (untrusted, _) = try run(["curl", "-sS", "--fail", discovery])
            #expect(untrusted != 0)

            let (verified, handshake) = try run(
                ["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", caFile, "-verify_return_error",
                 "-verify_ip", "127.0.0.1", "-brief"], input: "")
            #expect(verified == 0, "\(handshake)")

            let (_, text) = try run(["openssl", "x509", "-in", caFile, "-noout", "-text"])
            #expect(text.contains("CA:TRUE"))
            #expect(text.contains("Certificate Sign"))
            #expect(text.contains("Subject Key Identifier"))
            return caFile
        }
        #expect(!FileManager.default.fileExists(atPath: caPath))
    }

    @Test func theServerCertificateNamesLoopbackAndServerAuth() throws {
        let authority = try TwinCertificateAuthority.generate(host: "127.0.0.1")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("twin-leaf-\(UUID().uuidString).pem")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(authority.serverCertificatePEM.utf8).write(to: file)
        let (status, text) = try run(["openssl", "x509", "-in", file.path, "-noout", "-text"])
        #expect(status == 0)
        #expect(text.contains("IP Address:127.0.0.1"))
        #expect(text.contains("IP Address:0:0:0:0:0:0:0:1"))
        #expect(text.contains("DNS:localhost"))
        #expect(text.contains("TLS Web Server Authentication"))
        #expect(text.contains("Authority Key Identifier"))
        #expect(text.contains("CA:FALSE"))
    }
}

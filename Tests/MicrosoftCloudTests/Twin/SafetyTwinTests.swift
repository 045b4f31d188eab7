import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting
import Testing

@Suite("Secrets and hosts against the twin")
struct SafetyTwinTests {
    @Test("secrets and tokens never appear in logs, traces, exchange records or error texts")
    func secretsNeverShown() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            let output = OutputCollector()
            try await blocking {
                let control = try twin.control()
                var configuration = HTTPTransportConfiguration()
                configuration.trace = { output.append($0) }
                configuration.exchangeObserver = { exchange in
                    output.append([exchange.url, exchange.requestHeaders.description, exchange.requestBody ?? "",
                                   exchange.responseHeaders.description, exchange.responseBody ?? ""].joined(separator: "\n"))
                }
                let session = try twin.session(configuration: configuration)
                session.logger = output.logger()
                session.exchangeObserver = output.record

                // Tokens for Graph and an org, a new app with a secret, a failing and a retried call.
                var secrets: [String] = []
                secrets.append(try session.accessToken(for: session.graphResource).value)
                secrets.append(try session.accessToken(for: try info.profile.org("stage")).value)
                let app = try session.graph.post("/applications", body: ["displayName": "secrets check"])
                let appId = try #require(app["appId"]?.stringValue)
                _ = try session.graph.post("/servicePrincipals", body: ["appId": .string(appId)], expecting: .replication)
                let password = try session.graph.post(
                    "/applications/\(try #require(app["id"]?.stringValue))/addPassword", body: ["passwordCredential": [:]])
                let newSecret = try #require(password["secretText"]?.stringValue)
                session.redactor.register(newSecret)  // what the secret store does the moment it has the value
                secrets.append(newSecret)
                let newApp = session.withCredential(
                    ClientSecretCredential(tenant: info.tenantId, clientId: appId, secret: newSecret, expecting: .replication))
                secrets.append(try newApp.accessToken(for: session.graphResource).value)
                try control.addRule(["service": "graph", "path_prefix": "/v1.0/organization", "status": 503, "retry_after": 0, "count": 1])
                _ = try session.graph.get("/organization")
                let wrong = session.withCredential(
                    ClientSecretCredential(tenant: info.tenantId, clientId: appId, secret: newSecret + "x"))
                do {
                    _ = try wrong.accessToken(for: session.graphResource)
                } catch {
                    output.append("\(error)")
                }
                let admin = try JSONValue.parse(twin.infoJSON)["admin"]?["client_secret"]?.stringValue
                secrets.append(try #require(admin))

                let text = output.text
                #expect(text.contains("/oauth2/v2.0/token"))
                #expect(text.contains("addPassword"))
                #expect(text.contains("retrying"))
                for secret in secrets {
                    #expect(!text.contains(secret), "a secret or token appeared in the output")
                    #expect(!text.contains(FormEncoding.encode(secret)), "an encoded secret appeared in the output")
                }
            }
        }
    }

    @Test("an org of another cloud is refused before any request")
    func cloudMismatch() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let session = try twin.session()
                let error = try #require(throws: CloudError.self) { try session.dataverse("https://contoso.crm.dynamics.com") }
                #expect(error.code == .cloudMismatch)
                #expect(error.message == "org https://contoso.crm.dynamics.com belongs to the global cloud, not custom")
                #expect(session.counters.apiRequests + session.counters.tokenRequests == 0)
                #expect(try twin.control().requests().isEmpty)
            }
        }
    }
}

import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting
import Testing

@Suite("Identity against the twin")
struct IdentityTwinTests {
    @Test("client-credentials tokens for Graph and for an org carry the right aud, tid and appid")
    func clientCredentials() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            try await blocking {
                let session = try twin.session()
                let graph = try session.accessToken(for: session.graphResource).claims()
                #expect(graph["aud"]?.stringValue == info.profile.graph.description)
                #expect(graph["tid"]?.stringValue == info.tenantId)
                #expect(graph["appid"]?.stringValue == info.adminClientId)
                let stage = try info.profile.org("stage")
                let org = try session.accessToken(for: stage).claims()
                #expect(org["aud"]?.stringValue == stage.description)
                #expect(org["tid"]?.stringValue == info.tenantId)
                #expect(org["appid"]?.stringValue == info.adminClientId)
            }
        }
    }

    @Test("the token cache: N Graph calls, one token request")
    func tokenCache() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                for _ in 0..<6 { _ = try session.graph.get("/organization") }
                let tokenRequests = try twin.logged(control, service: "identity").filter { $0.loggedPath.hasSuffix("/oauth2/v2.0/token") }
                let graphRequests = try twin.logged(control, service: "graph")
                #expect(tokenRequests.count == 1)
                #expect(graphRequests.count == 6)
                #expect(graphRequests.allSatisfy { $0["authorization"]?.stringValue == "Bearer <redacted>" })
                let counts = session.counters[session.graphResource]
                #expect(counts.tokenRequests == 1)
                #expect(counts.apiRequests == 6)
                #expect(counts.requestsPerToken == 6)
            }
        }
    }

    @Test("the environment credential signs in with AZURE_* variables and AZURE_AUTHORITY_HOST")
    func environmentCredential() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            try await blocking {
                let admin = try JSONValue.parse(twin.infoJSON)["admin"]
                let credential = try EnvironmentCredential.load(from: [
                    "AZURE_TENANT_ID": info.tenantDomain,
                    "AZURE_CLIENT_ID": try #require(admin?["client_id"]?.stringValue),
                    "AZURE_CLIENT_SECRET": try #require(admin?["client_secret"]?.stringValue),
                    "AZURE_AUTHORITY_HOST": info.profile.authority.description,
                ])
                #expect(credential.authority == info.profile.authority)
                let session = try twin.session(credential: credential)
                let organization = try session.graph.list("/organization")
                #expect(organization.first?["id"]?.stringValue == info.tenantId)
            }
        }
    }

    @Test("tenant discovery from a domain, and AADSTS90002 for an unknown one")
    func tenantDiscovery() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            try await blocking {
                let session = try twin.session()
                let found = try session.identity.discoverTenant(domain: info.tenantDomain)
                #expect(found.tenantId == info.tenantId)
                let error = try #require(throws: CloudError.self) {
                    try session.identity.discoverTenant(domain: "no-such-tenant.onmicrosoft.com")
                }
                #expect(error.code == .oauthUnknownTenant)
                #expect(error.serviceCode == "AADSTS90002")
                #expect(session.counters.tokenRequests == 0)
            }
        }
    }

    @Test("a wrong secret fails with oauth.invalid_client and never shows the secret")
    func wrongSecret() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            try await blocking {
                let wrong = "Wr0ng+secret@[value]:x"
                let credential = ClientSecretCredential(tenant: info.tenantId, clientId: info.adminClientId, secret: wrong)
                let session = try twin.session(credential: credential)
                let error = try #require(throws: CloudError.self) { try session.graph.get("/organization") }
                #expect(error.code == .oauthInvalidClient)
                #expect(error.serviceCode == "AADSTS7000215")
                #expect(error.requestId != nil)
                #expect(!error.description.contains(wrong))
                #expect(!error.description.contains(FormEncoding.encode(wrong)))
            }
        }
    }

    @Test("a secret with + @ [ ] : is form-encoded and accepted by the token endpoint")
    func secretEncoding() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            try await blocking {
                let session = try twin.session()
                let app = try session.graph.post("/applications", body: ["displayName": "encoding check", "signInAudience": "AzureADMyOrg"])
                let appId = try #require(app["appId"]?.stringValue)
                let objectId = try #require(app["id"]?.stringValue)
                _ = try session.graph.post("/servicePrincipals", body: ["appId": .string(appId)], expecting: .replication)
                // Secrets are random: add passwords until one has a character that must be encoded.
                var secret: String?
                for attempt in 1...40 where secret == nil {
                    let credential = try session.graph.post(
                        "/applications/\(objectId)/addPassword", body: ["passwordCredential": ["displayName": .string("try \(attempt)")]])
                    let text = try #require(credential["secretText"]?.stringValue)
                    if text.contains(where: { "+@[]:/=&%".contains($0) }) { secret = text }
                }
                let special = try #require(secret, "no secret with a character to encode in 40 tries")
                #expect(FormEncoding.encode(special) != special)
                let newApp = ClientSecretCredential(tenant: info.tenantId, clientId: appId, secret: special, expecting: .replication)
                let token = try session.withCredential(newApp).accessToken(for: session.graphResource)
                #expect(try token.claims()["appid"]?.stringValue == appId)
            }
        }
    }
}

import Foundation
import Testing

@testable import MicrosoftCloud

@Suite("Tokens, cache and credentials")
struct TokenUnitTests {
    let graph = Origin(string: "https://graph.microsoft.com")!

    func jwt(_ claims: JSONValue) -> String {
        func encode(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return encode(Data(#"{"alg":"RS256","typ":"JWT"}"#.utf8)) + "." + encode(claims.serialized()) + ".c2ln"
    }

    @Test("JWT claims decode from base64url without padding")
    func claims() throws {
        let token = jwt(["aud": "https://graph.microsoft.com", "tid": "t-1", "appid": "a-1", "n": 1])
        let claims = try JWTClaims.decode(token)
        #expect(claims["aud"]?.stringValue == "https://graph.microsoft.com")
        #expect(claims["tid"]?.stringValue == "t-1")
        #expect(claims["appid"]?.stringValue == "a-1")
        #expect(throws: CloudError.self) { try JWTClaims.decode("not.a-jwt") }
    }

    @Test("a cached token is reused until 5 minutes (or 10% of its lifetime) before expiry")
    func cacheLifetime() {
        let cache = TokenCache()
        let issued = Date(timeIntervalSince1970: 1_000_000)
        let key = TokenCache.Key(authority: Origin(string: "https://login.microsoftonline.com")!, tenant: "T", clientId: "C", resource: graph)
        let hour = AccessToken(value: "v", resource: graph, issuedOn: issued, expiresOn: issued + 3600)
        cache.store(hour, for: key)
        #expect(cache.token(for: key, now: issued + 3299) == hour)
        #expect(cache.token(for: key, now: issued + 3301) == nil)
        #expect(cache.count == 0)
        // A 10-minute token is renewed 60 s (10%) before expiry.
        let short = AccessToken(value: "w", resource: graph, issuedOn: issued, expiresOn: issued + 600)
        cache.store(short, for: key)
        #expect(cache.token(for: key, now: issued + 539) == short)
        #expect(cache.token(for: key, now: issued + 541) == nil)
    }

    @Test("cache keys differ by authority, tenant, client and resource, not by case")
    func cacheKeys() {
        let login = Origin(string: "https://login.microsoftonline.com")!
        let key = TokenCache.Key(authority: login, tenant: "Tenant", clientId: "Client", resource: graph)
        #expect(key == TokenCache.Key(authority: login, tenant: "tenant", clientId: "client", resource: graph))
        #expect(key != TokenCache.Key(authority: login, tenant: "tenant", clientId: "client", resource: Origin(string: "https://x.crm.dynamics.com")!))
        #expect(key != TokenCache.Key(authority: Origin(string: "https://login.microsoftonline.us")!, tenant: "tenant", clientId: "client", resource: graph))
    }

    @Test("a token's description never shows its value")
    func description() {
        let token = AccessToken(value: "eyJsecret", resource: graph, issuedOn: Date(), expiresOn: Date() + 60)
        #expect(!"\(token)".contains("eyJsecret"))
    }

    @Test("the environment credential reads the azure-identity variables")
    func environment() throws {
        let credential = try EnvironmentCredential.load(from: [
            "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s",
            "AZURE_AUTHORITY_HOST": "login.microsoftonline.us",
        ])
        #expect(credential.tenant == "t")
        #expect(credential.clientId == "c")
        #expect(credential.authority == Origin(string: "https://login.microsoftonline.us"))
        let missing = try #require(throws: CloudError.self) {
            try EnvironmentCredential.load(from: ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_SECRET": "s"])
        }
        #expect(missing.code == .configInvalid)
        #expect(missing.message.contains("AZURE_CLIENT_ID is not set"))
        #expect(!missing.description.contains("=s"))
        #expect(throws: CloudError.self) {
            try EnvironmentCredential.load(from: [
                "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s",
                "AZURE_AUTHORITY_HOST": "http://login.example.com",
            ])
        }
    }

    @Test("the tenant GUID is the first path segment of token_endpoint or issuer")
    func tenantGUID() {
        #expect(IdentityClient.tenantGUID(in: "https://login.microsoftonline.com/7D8C9F3A-1B2C-4D5E-8F90-A1B2C3D4E5F6/oauth2/v2.0/token") == "7d8c9f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6")
        #expect(IdentityClient.tenantGUID(in: "https://login.microsoftonline.com/common/v2.0") == nil)
    }
}

import Foundation
import JWTKit
import Testing

@testable import CloudTwin

@Suite("Identity platform: discovery and keys")
struct IdentityDiscoveryTests {
    @Test func openIDConfigurationByDomainNamesTheTenantGUID() async throws {
        try await withTwin { twin in
            let info = twin.info
            for name in [info.tenantDomain, info.tenantId, "contoso.com", "CONTOSO.onmicrosoft.com"] {
                let response = try await TestHTTP.get("\(info.identity)/\(name)/v2.0/.well-known/openid-configuration")
                #expect(response.status == 200)
                let document = try response.requireJSON()
                #expect(document["issuer"]?.stringValue == "\(info.identity)/\(info.tenantId)/v2.0")
                #expect(document["token_endpoint"]?.stringValue == "\(info.identity)/\(info.tenantId)/oauth2/v2.0/token")
                #expect(document["device_authorization_endpoint"]?.stringValue == "\(info.identity)/\(info.tenantId)/oauth2/v2.0/devicecode")
                #expect(document["jwks_uri"]?.stringValue == "\(info.identity)/\(info.tenantId)/discovery/v2.0/keys")
                #expect(document["authorization_endpoint"]?.stringValue?.hasSuffix("/oauth2/v2.0/authorize") == true)
                #expect(document["token_endpoint_auth_methods_supported"] == ["client_secret_post", "private_key_jwt", "client_secret_basic"])
                #expect(document["cloud_instance_name"]?.stringValue == "microsoftonline.com")
                #expect(document["tenant_region_scope"]?.stringValue == "NA")
            }
        }
    }

    @Test func unknownDomainIsAADSTS90002WithTheFullErrorShape() async throws {
        try await withTwin { twin in
            let response = try await TestHTTP.get(
                "\(twin.info.identity)/fabrikam.example/v2.0/.well-known/openid-configuration",
                headers: ["client-request-id": "7f1c2d3e-0000-4000-8000-000000000001"])
            #expect(response.status == 400)
            let body = try response.requireJSON()
            #expect(body["error"]?.stringValue == "invalid_tenant")
            #expect(body["error_codes"] == [90002])
            let description = try #require(body["error_description"]?.stringValue)
            #expect(description.hasPrefix("AADSTS90002: Tenant 'fabrikam.example' not found."))
            #expect(description.contains("\r\nTrace ID: \(body["trace_id"]?.stringValue ?? "?")\r\n"))
            #expect(description.contains("\r\nCorrelation ID: 7f1c2d3e-0000-4000-8000-000000000001\r\n"))
            #expect(description.contains("\r\nTimestamp: \(body["timestamp"]?.stringValue ?? "?")"))
            #expect(body["correlation_id"]?.stringValue == "7f1c2d3e-0000-4000-8000-000000000001")
            #expect(body["error_uri"]?.stringValue == "\(twin.info.identity)/error?code=90002")
            #expect(response.headers["x-ms-request-id"] == body["trace_id"]?.stringValue)
        }
    }

    @Test func multiTenantAuthoritiesUseThePlaceholderIssuer() async throws {
        try await withTwin { twin in
            let document = try await TestHTTP.get("\(twin.info.identity)/organizations/v2.0/.well-known/openid-configuration").requireJSON()
            #expect(document["issuer"]?.stringValue == "\(twin.info.identity)/{tenantid}/v2.0")
            #expect(document["token_endpoint"]?.stringValue == "\(twin.info.identity)/organizations/oauth2/v2.0/token")
        }
    }

    @Test func jwksVerifiesTheTokensTheTwinIssues() async throws {
        try await withTwin { twin in
            let keys = try await TestHTTP.get("\(twin.info.identity)/\(twin.info.tenantId)/discovery/v2.0/keys")
            #expect(keys.status == 200)
            let key = try #require(keys.requireJSON()["keys"]?.arrayValue?.first)
            #expect(key["kty"] == "RSA")
            #expect(key["use"] == "sig")
            #expect(key["kid"]?.stringValue?.count == 27)
            #expect(key["x5t"] == key["kid"])

            let token = try await twin.appToken()
            let header = try #require(JSON.parse(Base64URL.decode(token.split(separator: ".")[0]) ?? []))
            #expect(header["alg"] == "RS256")
            #expect(header["kid"] == key["kid"])

            let collection = JWTKeyCollection()
            try await collection.add(jwksJSON: keys.text)
            struct Claims: JWTPayload {
                var aud: String
                func verify(using algorithm: some JWTAlgorithm) async throws {}
            }
            let claims = try await collection.verify(token, as: Claims.self)
            #expect(claims.aud == twin.info.graph)
        }
    }

    @Test func nationalCloudTenantAnnouncesItsCloudInstance() async throws {
        try await withTwin(TwinOptions(scenario: "national-cloud")) { twin in
            #expect(twin.info.tenantDomain == "fabrikamgov.onmicrosoft.us")
            let document = try await TestHTTP.get(
                "\(twin.info.identity)/\(twin.info.tenantDomain)/v2.0/.well-known/openid-configuration").requireJSON()
            #expect(document["cloud_instance_name"] == "microsoftonline.us")
            #expect(document["tenant_region_scope"] == "USGov")
            #expect(document["issuer"]?.stringValue == "\(twin.info.identity)/\(twin.info.tenantId)/v2.0")
        }
    }
}

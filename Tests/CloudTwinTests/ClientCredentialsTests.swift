import Foundation
import Testing

@testable import CloudTwin

@Suite("Identity platform: client credentials")
struct ClientCredentialsTests {
    @Test func issuesAnAppOnlyTokenWithTheRealClaimsAndResponseFields() async throws {
        try await withTwin { twin in
            let info = twin.info
            let response = try await TestHTTP.form(
                twin.tokenURL,
                [("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret),
                 ("scope", "https://graph.microsoft.com/.default"), ("grant_type", "client_credentials")])
            #expect(response.status == 200)
            let body = try response.requireJSON()
            #expect(body["token_type"] == "Bearer")
            #expect(body["expires_in"] == 3599)
            #expect(body["ext_expires_in"] == 3599)
            #expect(body["refresh_token"] == nil)
            let claims = try jwtClaims(try #require(body["access_token"]?.stringValue))
            #expect(claims["aud"]?.stringValue == info.graph)
            #expect(claims["iss"]?.stringValue == "https://sts.windows.net/\(info.tenantId)/")
            #expect(claims["tid"]?.stringValue == info.tenantId)
            #expect(claims["appid"]?.stringValue == info.admin.clientId)
            #expect(claims["azp"]?.stringValue == info.admin.clientId)
            #expect(claims["idtyp"] == "app")
            #expect(claims["ver"] == "1.0")
            #expect(claims["scp"] == nil)
            #expect(claims["roles"] == ["Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All", "Organization.Read.All"])
            #expect(claims["oid"] == claims["sub"])
            #expect(claims["uti"] != nil && claims["uti"] == claims["jti"])
            let issued = try #require(claims["iat"]?.intValue)
            #expect(claims["exp"]?.intValue == issued + 3599)
        }
    }

    @Test func tokensForAnOrgHaveTheOrgOriginAsAudienceAndNoRoles() async throws {
        try await withTwin { twin in
            let stage = try #require(twin.info.orgs["stage"])
            let claims = try jwtClaims(try await twin.appToken(resource: stage))
            #expect(claims["aud"]?.stringValue == stage)
            #expect(claims["roles"] == nil)
            let power = try jwtClaims(try await twin.appToken(resource: "https://api.powerplatform.com"))
            #expect(power["aud"]?.stringValue == twin.info.powerplatform)
        }
    }

    @Test func acceptsTheSecretAsHTTPBasicWithURLEncodedUserinfo() async throws {
        try await withTwin { twin in
            let info = twin.info
            let secret = try await GraphFixture(twin).newSecretForAdminApp()
            let userinfo = "\(FormEncoding.escape(info.admin.clientId)):\(FormEncoding.escape(secret))"
            let response = try await TestHTTP.form(
                twin.tokenURL, [("scope", "\(info.graph)/.default"), ("grant_type", "client_credentials")],
                headers: ["Authorization": "Basic \(Data(userinfo.utf8).base64EncodedString())"])
            #expect(response.status == 200, "\(response.text)")
        }
    }

    @Test func rejectsWrongSecretsUnknownAppsAndMissingParametersWithTheirCodes() async throws {
        try await withTwin { twin in
            let info = twin.info
            func attempt(_ fields: [(String, String)]) async throws -> (Int, JSON) {
                let response = try await TestHTTP.form(twin.tokenURL, fields)
                return (response.status, try response.requireJSON())
            }
            let scope = ("scope", "\(info.graph)/.default")
            let grant = ("grant_type", "client_credentials")

            var (status, body) = try await attempt([("client_id", info.admin.clientId), ("client_secret", "not-it"), scope, grant])
            #expect(status == 401)
            #expect(body["error"] == "invalid_client")
            #expect(body["error_codes"] == [7000215])
            #expect(body["error_description"]?.stringValue?.hasPrefix("AADSTS7000215: Invalid client secret provided.") == true)

            (status, body) = try await attempt([("client_id", "11111111-2222-3333-4444-555555555555"), ("client_secret", "x"), scope, grant])
            #expect(status == 400)
            #expect(body["error"] == "unauthorized_client")
            #expect(body["error_codes"] == [700016])

            (status, body) = try await attempt([("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret), grant])
            #expect(status == 400)
            #expect(body["error_codes"] == [900144])
            #expect(body["error_description"]?.stringValue?.hasPrefix("AADSTS900144: The request body must contain the following parameter: 'scope'.") == true)

            (status, body) = try await attempt([("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret), scope])
            #expect(body["error_codes"] == [900144])

            (status, body) = try await attempt([
                ("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret),
                ("scope", "\(info.graph)/.default \(info.orgs["stage"]!)/.default"), grant,
            ])
            #expect(status == 400)
            #expect(body["error"] == "invalid_scope")
            #expect(body["error_codes"] == [700022])

            (status, body) = try await attempt([
                ("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret),
                ("scope", "\(info.graph)/Application.Read.All"), grant,
            ])
            #expect(body["error"] == "invalid_scope")
            #expect(body["error_codes"] == [1002012])

            (status, body) = try await attempt([
                ("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret),
                ("scope", "https://nowhere.example/.default"), grant,
            ])
            #expect(body["error"] == "invalid_resource")
            #expect(body["error_codes"] == [500011])

            (status, body) = try await attempt([("client_id", info.admin.clientId), ("grant_type", "password")])
            #expect(body["error"] == "unsupported_grant_type")

            (status, body) = try await attempt([("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret), scope, grant, ("x", "y")])
            #expect(status == 200)

            let unknownTenant = try await TestHTTP.form(
                "\(info.identity)/fabrikam.example/oauth2/v2.0/token",
                [("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret), scope, grant])
            #expect(try unknownTenant.requireJSON()["error_codes"] == [90002])

            let get = try await TestHTTP.get(twin.tokenURL)
            #expect(try get.requireJSON()["error_codes"] == [900561])
        }
    }

    @Test func anExpiredSecretIsAADSTS7000222() async throws {
        try await withTwin { twin in
            let info = twin.info
            _ = try await twin.control("POST", "/clock/advance", ["seconds": .int(12 * 365 * 86400)])
            let response = try await TestHTTP.form(
                twin.tokenURL,
                [("client_id", info.admin.clientId), ("client_secret", info.admin.clientSecret),
                 ("scope", "\(info.graph)/.default"), ("grant_type", "client_credentials")])
            #expect(response.status == 401)
            #expect(try response.requireJSON()["error_codes"] == [7000222])
        }
    }

    @Test func anAppWithoutServicePrincipalCannotSignIn() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let app = try await fixture.createApplication("no principal")
            let secret = try await fixture.addPassword(objectId: app.id)
            let response = try await TestHTTP.form(
                twin.tokenURL,
                [("client_id", app.appId), ("client_secret", secret), ("scope", "\(twin.info.graph)/.default"),
                 ("grant_type", "client_credentials")])
            #expect(response.status == 400)
            #expect(try response.requireJSON()["error_codes"] == [7000229])
        }
    }
}

import Foundation
import Testing

@testable import CloudTwin

@Suite("Graph: service principals and permission grants")
struct GraphServicePrincipalTests {
    @Test func microsoftServicePrincipalsArePreSeededWithTheirRealIds() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let crm = try await TestHTTP.get(
                "\(fixture.graph)/servicePrincipals(appId='00000007-0000-0000-c000-000000000000')?$select=id,displayName,oauth2PermissionScopes",
                token: token)
            #expect(crm.status == 200)
            let scopes = try crm.requireJSON()["oauth2PermissionScopes"]?.arrayValue ?? []
            let impersonation = scopes.first { $0["value"] == "user_impersonation" }
            #expect(impersonation?["id"] == "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4")

            let graph = try await TestHTTP.get(
                "\(fixture.graph)/servicePrincipals?$filter=servicePrincipalNames/any(c:c%20eq%20'https://graph.microsoft.com')", token: token)
            let found = try graph.requireJSON()["value"]?.arrayValue ?? []
            #expect(found.count == 1)
            #expect(found.first?["appId"] == "00000003-0000-0000-c000-000000000000")
            let roles = found.first?["appRoles"]?.arrayValue ?? []
            #expect(roles.contains { $0["value"] == "Application.ReadWrite.All" && $0["id"] == "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9" })
        }
    }

    @Test func createsOnceThenConflictsAndLooksUpByAppId() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let app = try await fixture.createApplication("with principal")
            let created = try await TestHTTP.json("POST", "\(fixture.graph)/servicePrincipals", ["appId": .string(app.appId)], token: token)
            #expect(created.status == 201)
            let principal = try created.requireJSON()
            #expect(principal["appId"]?.stringValue == app.appId)
            #expect(principal["displayName"] == "with principal")
            #expect(principal["servicePrincipalType"] == "Application")
            #expect(principal["appOwnerOrganizationId"]?.stringValue == twin.info.tenantId)
            #expect(principal["servicePrincipalNames"] == [.string(app.appId)])

            let duplicate = try await TestHTTP.json("POST", "\(fixture.graph)/servicePrincipals", ["appId": .string(app.appId)], token: token)
            #expect(duplicate.status == 409)
            #expect(try duplicate.requireJSON()["error"]?["code"] == "Request_MultipleObjectsWithSameKeyValue")

            let byAppId = try await TestHTTP.get("\(fixture.graph)/servicePrincipals(appId='\(app.appId)')", token: token)
            #expect(try byAppId.requireJSON()["id"] == principal["id"])
            let filtered = try await TestHTTP.get(
                "\(fixture.graph)/servicePrincipals?$filter=appId%20eq%20'\(app.appId)'", token: token).requireJSON()
            #expect(filtered["value"]?.arrayValue?.count == 1)

            let orphan = try await TestHTTP.json(
                "POST", "\(fixture.graph)/servicePrincipals", ["appId": "11111111-2222-3333-4444-555555555555"], token: token)
            #expect(orphan.status == 400)
            #expect(try orphan.requireJSON()["error"]?["code"] == "Request_BadRequest")
        }
    }

    @Test func permissionGrantsCanBeListedCreatedPatchedAndDeleted() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let app = try await fixture.createApplication("consented")
            let client = try await fixture.createServicePrincipal(appId: app.appId)
            let crm = try #require(
                try await TestHTTP.get("\(fixture.graph)/servicePrincipals(appId='00000007-0000-0000-c000-000000000000')", token: token)
                    .requireJSON()["id"]?.stringValue)
            let body: JSON = [
                "clientId": .string(client), "consentType": "AllPrincipals", "resourceId": .string(crm),
                "scope": "user_impersonation",
            ]
            let created = try await TestHTTP.json("POST", "\(fixture.graph)/oauth2PermissionGrants", body, token: token)
            #expect(created.status == 201)
            let grant = try created.requireJSON()
            #expect(grant["principalId"] == .null)
            #expect(grant["scope"] == "user_impersonation")
            let id = try #require(grant["id"]?.stringValue)

            let duplicate = try await TestHTTP.json("POST", "\(fixture.graph)/oauth2PermissionGrants", body, token: token)
            #expect(duplicate.status == 400)

            let listed = try await TestHTTP.get(
                "\(fixture.graph)/oauth2PermissionGrants?$filter=clientId%20eq%20'\(client)'", token: token).requireJSON()
            #expect(listed["value"]?.arrayValue?.map { $0["id"] } == [.string(id)])

            let patched = try await TestHTTP.json(
                "PATCH", "\(fixture.graph)/oauth2PermissionGrants/\(id)", ["scope": "user_impersonation openid"], token: token)
            #expect(patched.status == 204)
            let after = try await TestHTTP.get("\(fixture.graph)/oauth2PermissionGrants/\(id)", token: token).requireJSON()
            #expect(after["scope"] == "user_impersonation openid")

            let deleted = try await TestHTTP.send(
                "DELETE", "\(fixture.graph)/oauth2PermissionGrants/\(id)", headers: ["Authorization": "Bearer \(token)"])
            #expect(deleted.status == 204)
            let gone = try await TestHTTP.get("\(fixture.graph)/oauth2PermissionGrants/\(id)", token: token)
            #expect(gone.status == 404)
        }
    }
}

@Suite("Graph: authorization")
struct GraphAuthorizationTests {
    @Test func tokensAreCheckedForAudienceLifetimeSignatureAndRights() async throws {
        try await withTwin { twin in
            let url = "\(twin.info.graph)/v1.0/applications"
            func failure(_ token: String?) async throws -> (Int, String?, String?) {
                let response = try await TestHTTP.get(url, token: token)
                let error = try response.requireJSON()["error"]
                return (response.status, error?["code"]?.stringValue, error?["message"]?.stringValue)
            }
            var (status, code, message) = try await failure(nil)
            #expect(status == 401)
            #expect(code == "InvalidAuthenticationToken")
            #expect(message == "Access token is empty.")

            let orgToken = try await twin.appToken(resource: twin.info.orgs["stage"])
            (status, code, message) = try await failure(orgToken)
            #expect(status == 401)
            #expect(message == "Access token validation failure. Invalid audience.")

            let valid = try await twin.appToken()
            var parts = valid.split(separator: ".").map(String.init)
            var claims = try jwtClaims(valid).objectValue ?? [:]
            claims["roles"] = ["Directory.ReadWrite.All"]
            parts[1] = Base64URL.encode(JSON.object(claims).encoded)
            (status, code, message) = try await failure(parts.joined(separator: "."))
            #expect(status == 401)
            #expect(message == "Access token validation failure.")

            (status, _, _) = try await failure("not-a-jwt")
            #expect(status == 401)

            let unprivileged = try await GraphFixture(twin).tokenOfAppWithoutPermissions()
            (status, code, message) = try await failure(unprivileged)
            #expect(status == 403)
            #expect(code == "Authorization_RequestDenied")
            #expect(message == "Insufficient privileges to complete the operation.")
            let create = try await TestHTTP.json("POST", url, ["displayName": "x"], token: unprivileged)
            #expect(create.status == 403)

            _ = try await twin.control("POST", "/clock/advance", ["seconds": 3600])
            (status, _, message) = try await failure(valid)
            #expect(status == 401)
            #expect(message == "Access token has expired or is not yet valid.")
            let challenge = try await TestHTTP.get(url, token: valid)
            #expect(challenge.headers["www-authenticate"]?.hasPrefix("Bearer realm=\"\"") == true)
        }
    }

    @Test func ownedByCallersMayOnlyWriteTheirOwnApplications() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let admin = try await fixture.adminToken()
            let app = try await fixture.createApplication("owned-by caller")
            let principal = try await fixture.createServicePrincipal(appId: app.appId)
            let graphSP = try #require(
                try await TestHTTP.get("\(fixture.graph)/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')", token: admin)
                    .requireJSON()["id"]?.stringValue)
            twin.twin.state.withLock { state in
                state.servicePrincipals[principal]?.appRoleAssignments = [
                    AppRoleAssignment(resourceId: graphSP, appRoleId: "18a4783c-866b-4cc7-a460-3d5e5662c884")
                ]
            }
            let secret = try await fixture.addPassword(objectId: app.id)
            let token = try await twin.appToken(clientId: app.appId, secret: secret)
            #expect(try jwtClaims(token)["roles"] == ["Application.ReadWrite.OwnedBy"])

            let own = try await TestHTTP.json("POST", "\(fixture.graph)/applications", ["displayName": "mine"], token: token)
            #expect(own.status == 201)
            let ownId = try #require(own.requireJSON()["id"]?.stringValue)
            let patchOwn = try await TestHTTP.json("PATCH", "\(fixture.graph)/applications/\(ownId)", ["notes": "ok"], token: token)
            #expect(patchOwn.status == 204)
            let patchOther = try await TestHTTP.json("PATCH", "\(fixture.graph)/applications/\(app.id)", ["notes": "no"], token: token)
            #expect(patchOther.status == 403)
        }
    }
}

@Suite("Graph: organization, /me and $batch")
struct GraphBatchTests {
    @Test func organizationListsTheTenantWithVerifiedDomains() async throws {
        try await withTwin { twin in
            let response = try await TestHTTP.get("\(twin.info.graph)/v1.0/organization", token: try await twin.appToken())
            #expect(response.status == 200)
            let organization = try #require(response.requireJSON()["value"]?.arrayValue?.first)
            #expect(organization["id"]?.stringValue == twin.info.tenantId)
            let domains = organization["verifiedDomains"]?.arrayValue ?? []
            #expect(domains.contains { $0["name"] == "contoso.onmicrosoft.com" && $0["isDefault"] == true && $0["isInitial"] == true })
        }
    }

    @Test func meNeedsADelegatedToken() async throws {
        try await withTwin { twin in
            let response = try await TestHTTP.get("\(twin.info.graph)/v1.0/me", token: try await twin.appToken())
            #expect(response.status == 400)
        }
    }

    @Test func batchRunsSubrequestsThroughTheSameRoutesAndHonoursDependsOn() async throws {
        try await withTwin { twin in
            let token = try await twin.appToken()
            let url = "\(twin.info.graph)/v1.0/$batch"
            let body: JSON = [
                "requests": [
                    ["id": "1", "method": "GET", "url": "/servicePrincipals(appId='00000007-0000-0000-c000-000000000000')?$select=id"],
                    ["id": "2", "method": "POST", "url": "/applications", "headers": ["Content-Type": "application/json"],
                     "body": ["displayName": "from batch"]],
                    ["id": "3", "method": "GET", "url": "/applications/11111111-2222-3333-4444-555555555555"],
                    ["id": "4", "method": "GET", "url": "/organization", "dependsOn": ["3"]],
                ]
            ]
            let response = try await TestHTTP.json("POST", url, body, token: token)
            #expect(response.status == 200)
            let results = try response.requireJSON()["responses"]?.arrayValue ?? []
            func status(_ id: String) -> Int? { results.first { $0["id"]?.stringValue == id }?["status"]?.intValue }
            #expect(status("1") == 200)
            #expect(status("2") == 201)
            #expect(status("3") == 404)
            #expect(status("4") == 424)
            let created = results.first { $0["id"] == "2" }
            #expect(created?["body"]?["displayName"] == "from batch")
            #expect(created?["headers"]?["Location"] != nil)

            let tooMany = JSON.object(["requests": .array((1...21).map { ["id": .string(String($0)), "method": "GET", "url": "/organization"] })])
            #expect(try await TestHTTP.json("POST", url, tooMany, token: token).status == 400)
            let duplicateIds: JSON = ["requests": [["id": "1", "method": "GET", "url": "/organization"], ["id": "1", "method": "GET", "url": "/organization"]]]
            #expect(try await TestHTTP.json("POST", url, duplicateIds, token: token).status == 400)

            let unprivileged = try await GraphFixture(twin).tokenOfAppWithoutPermissions()
            let denied = try await TestHTTP.json(
                "POST", url, ["requests": [["id": "a", "method": "GET", "url": "/applications"]]], token: unprivileged)
            #expect(try denied.requireJSON()["responses"]?.arrayValue?.first?["status"] == 403)
        }
    }
}

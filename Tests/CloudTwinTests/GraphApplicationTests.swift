import Foundation
import Testing

@testable import CloudTwin

@Suite("Graph: applications")
struct GraphApplicationTests {
    @Test func createReturns201WithTheFullObjectAndLocation() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let body: JSON = [
                "displayName": "adobe campaign stage", "signInAudience": "AzureADMyOrg",
                "requiredResourceAccess": [
                    ["resourceAppId": "00000007-0000-0000-c000-000000000000",
                     "resourceAccess": [["id": "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", "type": "Scope"]]],
                ],
            ]
            let response = try await TestHTTP.json(
                "POST", "\(fixture.graph)/applications", body, token: try await fixture.adminToken(),
                headers: ["client-request-id": "0c1d2e3f-0000-4000-8000-00000000abcd"])
            #expect(response.status == 201)
            #expect(response.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(response.headers["client-request-id"] == "0c1d2e3f-0000-4000-8000-00000000abcd")
            #expect(response.headers["request-id"]?.count == 36)
            let app = try response.requireJSON()
            let id = try #require(app["id"]?.stringValue)
            #expect(response.headers["location"]?.hasSuffix("/directoryObjects/\(id)/Microsoft.DirectoryServices.Application") == true)
            #expect(app["@odata.context"]?.stringValue == "\(twin.info.graph)/v1.0/$metadata#applications/$entity")
            #expect(UUID(uuidString: app["appId"]?.stringValue ?? "") != nil)
            #expect(app["displayName"] == "adobe campaign stage")
            #expect(app["signInAudience"] == "AzureADMyOrg")
            #expect(app["publisherDomain"] == "contoso.onmicrosoft.com")
            #expect(app["passwordCredentials"] == [])
            #expect(app["tags"] == [])
            #expect(app["notes"] == .null)
            #expect(app["uniqueName"] == .null)
            #expect(app["createdDateTime"]?.stringValue.flatMap(TwinTime.parse) != nil)
            #expect(app["requiredResourceAccess"] == body["requiredResourceAccess"])
            #expect(app["web"]?["implicitGrantSettings"]?["enableIdTokenIssuance"] == false)
            #expect(app["api"]?["oauth2PermissionScopes"] == [])
        }
    }

    @Test func unknownOrReadOnlyPropertiesAndBadValuesAre400() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let cases: [(JSON, String)] = [
                (["displayName": "x", "colour": "blue"], "Property 'colour' does not exist as a declared property or extension property."),
                (["displayName": "x", "appId": "11111111-2222-3333-4444-555555555555"], "Property 'appId' is read-only and cannot be set."),
                (["signInAudience": "AzureADMyOrg"], "Invalid value specified for property 'displayName' of resource 'Application'."),
                (["displayName": "x", "signInAudience": "Everyone"], "Invalid value specified for property 'signInAudience' of resource 'Application'."),
                (["displayName": "x", "passwordCredentials": []], ""),
            ]
            for (body, message) in cases {
                let response = try await TestHTTP.json("POST", "\(fixture.graph)/applications", body, token: token)
                #expect(response.status == 400)
                let error = try response.requireJSON()["error"]
                #expect(error?["code"] == "Request_BadRequest")
                if !message.isEmpty { #expect(error?["message"]?.stringValue == message) }
                #expect(error?["innerError"]?["request-id"]?.stringValue == response.headers["request-id"])
                #expect(error?["innerError"]?["date"] != nil)
            }
            let empty = try await TestHTTP.send("POST", "\(fixture.graph)/applications", headers: ["Authorization": "Bearer \(token)"])
            #expect(empty.status == 400)
        }
    }

    @Test func getByIdAppIdAndUniqueNamePatchAndDelete() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let created = try await TestHTTP.json(
                "PATCH", "\(fixture.graph)/applications(uniqueName='adobe-campaign-stage')",
                ["displayName": "adobe campaign stage"], token: token, headers: ["Prefer": "create-if-missing"])
            #expect(created.status == 201)
            let app = try created.requireJSON()
            #expect(app["uniqueName"] == "adobe-campaign-stage")
            let id = try #require(app["id"]?.stringValue)
            let appId = try #require(app["appId"]?.stringValue)

            for path in ["applications/\(id)", "applications(appId='\(appId)')", "applications(uniqueName='adobe-campaign-stage')"] {
                let response = try await TestHTTP.get("\(fixture.graph)/\(path)?$select=id,displayName", token: token)
                #expect(response.status == 200)
                #expect(try response.requireJSON()["id"]?.stringValue == id)
                #expect(try response.requireJSON()["appId"] == nil)
            }

            let again = try await TestHTTP.json(
                "PATCH", "\(fixture.graph)/applications(uniqueName='adobe-campaign-stage')",
                ["displayName": "adobe campaign stage", "notes": "managed by Stepwise"], token: token,
                headers: ["Prefer": "create-if-missing"])
            #expect(again.status == 204)
            #expect(again.body.isEmpty)
            let missing = try await TestHTTP.json(
                "PATCH", "\(fixture.graph)/applications(uniqueName='not-there')", ["displayName": "x"], token: token)
            #expect(missing.status == 404)
            #expect(try missing.requireJSON()["error"]?["code"] == "Request_ResourceNotFound")

            let patch = try await TestHTTP.json(
                "PATCH", "\(fixture.graph)/applications/\(id)", ["tags": ["stepwise"], "notes": nil], token: token)
            #expect(patch.status == 204)
            let after = try await TestHTTP.get("\(fixture.graph)/applications/\(id)", token: token).requireJSON()
            #expect(after["tags"] == ["stepwise"])
            #expect(after["notes"] == .null)

            let readOnly = try await TestHTTP.json("PATCH", "\(fixture.graph)/applications/\(id)", ["uniqueName": "other"], token: token)
            #expect(readOnly.status == 400)

            let deleted = try await TestHTTP.send("DELETE", "\(fixture.graph)/applications/\(id)", headers: ["Authorization": "Bearer \(token)"])
            #expect(deleted.status == 204)
            let gone = try await TestHTTP.get("\(fixture.graph)/applications/\(id)", token: token)
            #expect(gone.status == 404)
            #expect(try gone.requireJSON()["error"]?["message"]?.stringValue
                == "Resource '\(id)' does not exist or one of its queried reference-property objects are not present.")
            let badKey = try await TestHTTP.get("\(fixture.graph)/applications/not-a-guid", token: token)
            #expect(badKey.status == 400)
        }
    }

    @Test func listFiltersSelectsAndPagesWithAbsoluteNextLinks() async throws {
        try await withTwin(TwinOptions(scenario: "lookalike")) { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            for index in 1...5 { _ = try await fixture.createApplication("paged app \(index)") }

            let eq = try await TestHTTP.get(
                "\(fixture.graph)/applications?$filter=displayName%20eq%20'ADOBE%20campaign%20stage'&$select=id,displayName,appId", token: token)
            #expect(eq.status == 200)
            let matches = try eq.requireJSON()["value"]?.arrayValue ?? []
            #expect(matches.count == 1)
            #expect(matches.first?["displayName"] == "adobe campaign stage")
            #expect(try eq.requireJSON()["@odata.context"]?.stringValue?.hasSuffix("$metadata#applications(id,displayName,appId)") == true)

            let byAppId = try await TestHTTP.get(
                "\(fixture.graph)/applications?$filter=appId%20eq%20'\(twin.info.admin.clientId)'", token: token).requireJSON()
            #expect(byAppId["value"]?.arrayValue?.count == 1)

            var names: [String] = []
            var next: String? = "\(fixture.graph)/applications?$filter=startswith(displayName,'paged')&$top=2&$select=displayName"
            var pages = 0
            while let url = next {
                let page = try await TestHTTP.get(url, token: token)
                #expect(page.status == 200)
                let body = try page.requireJSON()
                names += (body["value"]?.arrayValue ?? []).compactMap { $0["displayName"]?.stringValue }
                next = body["@odata.nextLink"]?.stringValue
                if let next {
                    #expect(next.hasPrefix("\(twin.info.graph)/v1.0/applications?"))
                    #expect(next.contains("$skiptoken="))
                }
                pages += 1
            }
            #expect(pages == 3)
            #expect(names == (1...5).map { "paged app \($0)" })

            let tooBig = try await TestHTTP.get("\(fixture.graph)/applications?$top=1000", token: token)
            #expect(tooBig.status == 400)
            let badSelect = try await TestHTTP.get("\(fixture.graph)/applications?$select=colour", token: token)
            #expect(badSelect.status == 400)
            let badFilter = try await TestHTTP.get("\(fixture.graph)/applications?$filter=displayName%20eq", token: token)
            #expect(badFilter.status == 400)
            let unsupported = try await TestHTTP.get("\(fixture.graph)/applications?$filter=notes%20eq%20'x'", token: token)
            #expect(try unsupported.requireJSON()["error"]?["code"] == "Request_UnsupportedQuery")
        }
    }

    @Test func advancedQueriesNeedConsistencyLevelAndCount() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let url = "\(fixture.graph)/applications?$filter=endswith(displayName,'Automation')"
            let plain = try await TestHTTP.get(url, token: token)
            #expect(plain.status == 400)
            let error = try plain.requireJSON()["error"]
            #expect(error?["code"] == "Request_UnsupportedQuery")
            #expect(error?["message"]?.stringValue?.hasPrefix("Operator 'endsWith' is not supported because the required parameters might be missing.") == true)
            let headerOnly = try await TestHTTP.get(url, token: token, headers: ["ConsistencyLevel": "eventual"])
            #expect(headerOnly.status == 400)

            let advanced = try await TestHTTP.get(url + "&$count=true", token: token, headers: ["ConsistencyLevel": "eventual"])
            #expect(advanced.status == 200)
            let body = try advanced.requireJSON()
            #expect(body["@odata.count"] == 1)
            #expect(body["value"]?.arrayValue?.first?["displayName"] == "Stepwise Automation")

            let ignoredCount = try await TestHTTP.get("\(fixture.graph)/applications?$count=true", token: token).requireJSON()
            #expect(ignoredCount["@odata.count"] == nil)

            let countSegment = try await TestHTTP.get("\(fixture.graph)/applications/$count", token: token)
            #expect(countSegment.status == 400)
            #expect(try countSegment.requireJSON()["error"]?["message"] == "$count is not currently supported.")
            let counted = try await TestHTTP.get("\(fixture.graph)/applications/$count", token: token, headers: ["ConsistencyLevel": "eventual"])
            #expect(counted.text == "2")
        }
    }

    @Test func addPasswordReturnsTheSecretOnceAndKeepsOnlyAHash() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let app = try await fixture.createApplication("secret holder")
            try await fixture.createServicePrincipal(appId: app.appId)
            var secrets: [String] = []
            for _ in 0..<2 {
                let response = try await TestHTTP.json(
                    "POST", "\(fixture.graph)/applications/\(app.id)/addPassword",
                    ["passwordCredential": ["displayName": "adobe campaign stage secret"]], token: token)
                #expect(response.status == 200)
                let credential = try response.requireJSON()
                let secret = try #require(credential["secretText"]?.stringValue)
                #expect(secret.count == 40)
                #expect(credential["hint"]?.stringValue == String(secret.prefix(3)))
                #expect(credential["displayName"] == "adobe campaign stage secret")
                #expect(UUID(uuidString: credential["keyId"]?.stringValue ?? "") != nil)
                let start = try #require(credential["startDateTime"]?.stringValue.flatMap(TwinTime.parse))
                let end = try #require(credential["endDateTime"]?.stringValue.flatMap(TwinTime.parse))
                let years = Calendar(identifier: .gregorian).dateComponents([.year], from: start, to: end.addingTimeInterval(1)).year
                #expect(years == 2)
                #expect(secret.contains { "~._-".contains($0) })
                secrets.append(secret)
            }
            #expect(secrets.contains { $0.contains { "+@[]:%&=".contains($0) } })

            let listed = try await TestHTTP.get("\(fixture.graph)/applications/\(app.id)", token: token).requireJSON()
            let credentials = listed["passwordCredentials"]?.arrayValue ?? []
            #expect(credentials.count == 2)
            #expect(credentials.allSatisfy { $0["secretText"] == .null })

            let state = try await TestHTTP.get("\(twin.info.control)/state")
            for secret in secrets { #expect(!state.text.contains(secret)) }

            for secret in secrets {
                let token = try await twin.appToken(clientId: app.appId, secret: secret)
                #expect(try jwtClaims(token)["appid"]?.stringValue == app.appId)
            }
        }
    }

    @Test func removePasswordDeletesTheCredential() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let app = try await fixture.createApplication("rotating")
            try await fixture.createServicePrincipal(appId: app.appId)
            let secret = try await fixture.addPassword(objectId: app.id)
            let listed = try await TestHTTP.get("\(fixture.graph)/applications/\(app.id)", token: token).requireJSON()
            let keyId = try #require(listed["passwordCredentials"]?.arrayValue?.first?["keyId"]?.stringValue)
            let removed = try await TestHTTP.json(
                "POST", "\(fixture.graph)/applications/\(app.id)/removePassword", ["keyId": .string(keyId)], token: token)
            #expect(removed.status == 204)
            let again = try await TestHTTP.json(
                "POST", "\(fixture.graph)/applications/\(app.id)/removePassword", ["keyId": .string(keyId)], token: token)
            #expect(again.status == 404)
            let signIn = try await TestHTTP.form(
                twin.tokenURL,
                [("client_id", app.appId), ("client_secret", secret), ("scope", "\(twin.info.graph)/.default"),
                 ("grant_type", "client_credentials")])
            #expect(try signIn.requireJSON()["error_codes"] == [7000215])
        }
    }
}

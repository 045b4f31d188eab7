import Foundation
import Testing

@testable import CloudTwin

@Suite("Dataverse Web API: creates, updates, images, associations")
struct DataverseWriteTests {
    @Test func createsAnApplicationUserAndAnswersWithItsAbsoluteURL() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("adobe campaign stage")
            let token = try await twin.orgToken()
            let response = try await TestHTTP.json(
                "POST", "\(twin.api())/systemusers",
                [
                    "applicationid": .string(app.appId), "accessmode": 4, "isdisabled": false,
                    "businessunitid@odata.bind": .string("/businessunits(\(Demo.stageRootBusinessUnit))"),
                    "firstname": "Adobe API", "lastname": "stage",
                    "domainname": "adobe_api_stage@contosostage.crm.dynamics.com",
                    "internalemailaddress": "adobe_api_stage@contosostage.crm.dynamics.com",
                ], token: token)
            #expect(response.status == 204)
            #expect(response.body.isEmpty)
            let entityId = try #require(response.headers["odata-entityid"])
            #expect(entityId.hasPrefix("\(twin.api())/systemusers("))
            #expect(response.headers["location"] == entityId)
            #expect(response.headers["odata-version"] == "4.0")
            let user = try await TestHTTP.get(entityId, token: token).requireJSON()
            #expect(user["fullname"] == "Adobe API stage")
            #expect(user["applicationid"]?.stringValue == app.appId)
            #expect(user["azureactivedirectoryobjectid"]?.stringValue == app.servicePrincipalId)
            #expect(user["_businessunitid_value"]?.stringValue == Demo.stageRootBusinessUnit)
            #expect(user["accessmode"] == 4)
            #expect(user["isdisabled"] == false)
            #expect(user["islicensed"] == false)
            #expect(user["deletedstate"] == 0)
            #expect(user["_createdby_value"]?.stringValue == Demo.stageAdminAppUser)
        }
    }

    @Test func returnRepresentationGives201WithTheRow() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("represented")
            let response = try await TestHTTP.json(
                "POST", "\(twin.api())/systemusers?$select=fullname,applicationid",
                ["applicationid": .string(app.appId), "businessunitid@odata.bind": .string("/businessunits(\(Demo.stageRootBusinessUnit))")],
                token: try await twin.orgToken(), headers: ["Prefer": "return=representation"])
            #expect(response.status == 201)
            #expect(response.headers["preference-applied"] == "return=representation")
            let body = try response.requireJSON()
            #expect(body["fullname"] == "# represented")
            #expect(body["@odata.etag"]?.stringValue == response.headers["etag"])
            #expect(body["@odata.context"]?.stringValue == "\(twin.api())/$metadata#systemusers(fullname,applicationid)/$entity")
            #expect(response.headers["odata-entityid"] == "\(twin.api())/systemusers(\(body["systemuserid"]?.stringValue ?? ""))")
        }
    }

    @Test func oneApplicationUserPerAppAndOnlyForAppsInTheTenant() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let duplicate = try await TestHTTP.json(
                "POST", "\(twin.api())/systemusers",
                [
                    "applicationid": .string(twin.info.admin.clientId),
                    "businessunitid@odata.bind": .string("/businessunits(\(Demo.stageRootBusinessUnit))"),
                ], token: token)
            #expect(duplicate.status == 412)
            #expect(try duplicate.requireJSON() == ["error": ["code": "0x80040237", "message": "A record with matching key values already exists."]])
            let stranger = try await TestHTTP.json(
                "POST", "\(twin.api())/systemusers",
                [
                    "applicationid": "5a0cbd6d-7c0e-4e5e-9c55-0a6f7d4c2e11",
                    "businessunitid@odata.bind": .string("/businessunits(\(Demo.stageRootBusinessUnit))"),
                ], token: token)
            #expect(stranger.status == 400)
            #expect(stranger.errorMessage?.contains("5a0cbd6d-7c0e-4e5e-9c55-0a6f7d4c2e11") == true)
            let noUnit = try await TestHTTP.json(
                "POST", "\(twin.api())/systemusers", ["applicationid": .string(twin.registerApplication("x").appId)], token: token)
            #expect(noUnit.status == 400)
        }
    }

    @Test func bodiesAreCheckedAgainstTheTable() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let url = "\(twin.api())/systemusers(\(Demo.stageHumanAdmin))"
            let unknown = try await TestHTTP.json("PATCH", url, ["favouritecolour": "blue"], token: token, headers: ["If-Match": "*"])
            #expect(unknown.status == 400)
            #expect(unknown.errorCode == "0x80060888")
            #expect(unknown.errorMessage?.hasPrefix("The property 'favouritecolour' does not exist on type 'Microsoft.Dynamics.CRM.systemuser'.") == true)
            let lookup = try await TestHTTP.json(
                "PATCH", url, ["_businessunitid_value": .string(Demo.stageSalesBusinessUnit)], token: token, headers: ["If-Match": "*"])
            #expect(lookup.status == 400)
            #expect(lookup.errorCode == "0x80048d19")
            let bind = try await TestHTTP.json(
                "PATCH", url, ["parentbusinessunitid@odata.bind": "/businessunits(9b41a18d-4f69-5101-bd75-369a0e277c72)"],
                token: token, headers: ["If-Match": "*"])
            #expect(bind.status == 400)
            #expect(bind.errorMessage?.hasPrefix("An undeclared property 'parentbusinessunitid'") == true)
            let wrongType = try await TestHTTP.json("PATCH", url, ["isdisabled": "no"], token: token, headers: ["If-Match": "*"])
            #expect(wrongType.status == 400)
        }
    }

    @Test func entityImageAcceptsImageFormatsAndRejectsTheRest() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("icon")
            let userId = try await twin.createApplicationUser(app)
            let token = try await twin.orgToken()
            let url = "\(twin.api())/systemusers(\(userId))"
            for image in [TestImages.jpeg, TestImages.gif, TestImages.bmp, TestImages.tiff, TestImages.png] {
                let response = try await TestHTTP.json(
                    "PATCH", url, ["entityimage": .string(Data(image).base64EncodedString())], token: token,
                    headers: ["If-Match": "*"])
                #expect(response.status == 204)
                #expect(response.headers["odata-entityid"] == url)
            }
            let bytes = try await TestHTTP.get("\(url)/entityimage/$value", token: token)
            #expect(bytes.status == 200)
            #expect(Array(bytes.body) == TestImages.png)
            let row = try await TestHTTP.get("\(url)?$select=entityimage_timestamp,entityimage_url", token: token).requireJSON()
            #expect(row["entityimage_timestamp"]?.intValue != nil)
            #expect(row["entityimage_url"]?.stringValue?.hasPrefix("/Image/download.aspx?Entity=systemuser&Attribute=entityimage&Id=\(userId)") == true)

            let text = try await TestHTTP.json(
                "PATCH", url, ["entityimage": .string(Data("not an image".utf8).base64EncodedString())], token: token,
                headers: ["If-Match": "*"])
            #expect(text.status == 400)
            #expect(text.errorCode == "0x80072553")
            let huge = TestImages.png + Array(repeating: 0, count: 10 * 1024 * 1024)
            let tooLarge = try await TestHTTP.json(
                "PATCH", url, ["entityimage": .string(Data(huge).base64EncodedString())], token: token, headers: ["If-Match": "*"])
            #expect(tooLarge.status == 400)
            #expect(tooLarge.errorCode == "0x80072553")
            #expect(Array(try await TestHTTP.get("\(url)/entityimage/$value", token: token).body) == TestImages.png)

            let cleared = try await TestHTTP.send("DELETE", "\(url)/entityimage", headers: ["Authorization": "Bearer \(token)"])
            #expect(cleared.status == 204)
            #expect(try await TestHTTP.get("\(url)/entityimage/$value", token: token).status == 204)
        }
    }

    @Test func conditionalWritesFollowIfMatchAndIfNoneMatch() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let missing = try await TestHTTP.json(
                "PATCH", "\(twin.api())/teams(3f1c6a52-0b7e-4f58-9d8c-6c2a1e0b9f11)", ["name": "ghost"], token: token,
                headers: ["If-Match": "*"])
            #expect(missing.status == 404)
            #expect(try missing.requireJSON() == ["error": ["code": "", "message": "team With Id = 3f1c6a52-0b7e-4f58-9d8c-6c2a1e0b9f11 Does Not Exist"]])

            let upsert = try await TestHTTP.json(
                "PATCH", "\(twin.api())/teams(3f1c6a52-0b7e-4f58-9d8c-6c2a1e0b9f11)", ["name": "Upserted"], token: token)
            #expect(upsert.status == 204)
            let created = try await TestHTTP.get("\(twin.api())/teams(3f1c6a52-0b7e-4f58-9d8c-6c2a1e0b9f11)", token: token)
            #expect(try created.requireJSON()["name"] == "Upserted")
            let etag = try #require(created.headers["etag"])

            let createOnly = try await TestHTTP.json(
                "PATCH", "\(twin.api())/teams(3f1c6a52-0b7e-4f58-9d8c-6c2a1e0b9f11)", ["name": "again"], token: token,
                headers: ["If-None-Match": "*"])
            #expect(createOnly.status == 412)
            #expect(createOnly.errorMessage == "A record with matching key values already exists.")

            let current = try await TestHTTP.json(
                "PATCH", "\(twin.api())/teams(3f1c6a52-0b7e-4f58-9d8c-6c2a1e0b9f11)", ["description": "v2"], token: token,
                headers: ["If-Match": etag, "Prefer": "return=representation"])
            #expect(current.status == 200)
            #expect(current.headers["preference-applied"] == "return=representation")
            #expect(try current.requireJSON()["description"] == "v2")
            #expect(current.headers["etag"] != etag)
            let stale = try await TestHTTP.json(
                "PATCH", "\(twin.api())/teams(3f1c6a52-0b7e-4f58-9d8c-6c2a1e0b9f11)", ["description": "v3"], token: token,
                headers: ["If-Match": etag])
            #expect(stale.status == 412)
            #expect(stale.errorMessage == "The version of the existing record doesn't match the RowVersion property provided.")
        }
    }

    @Test func roleAssociationAddsRemovesAndRefusesDuplicates() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("roles")
            let userId = try await twin.createApplicationUser(app)
            let token = try await twin.orgToken()
            let refs = "\(twin.api())/systemusers(\(userId))/systemuserroles_association/$ref"
            let role = ["@odata.id": JSON.string("\(twin.api())/roles(\(Demo.stageSystemAdministratorRole))")] as JSON
            #expect(try await TestHTTP.json("POST", refs, role, token: token).status == 204)
            let duplicate = try await TestHTTP.json("POST", refs, role, token: token)
            #expect(duplicate.status == 412)
            #expect(try duplicate.requireJSON() == ["error": ["code": "0x80040237", "message": "Cannot insert duplicate key."]])

            let expanded = try await TestHTTP.get(
                "\(twin.api())/systemusers(\(userId))?$select=fullname&$expand=systemuserroles_association($select=name)",
                token: token
            ).requireJSON()
            #expect(expanded["systemuserroles_association"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["System Administrator"])
            let links = try await TestHTTP.get(refs, token: token).requireJSON()
            #expect(links["value"]?.arrayValue?.first?["@odata.id"]?.stringValue == "\(twin.api())/roles(\(Demo.stageSystemAdministratorRole))")
            #expect(try await TestHTTP.get("\(twin.api())/WhoAmI", token: try await twin.orgToken(app: app)).status == 200)

            let byKey = "\(twin.api())/systemusers(\(userId))/systemuserroles_association(\(Demo.stageSystemAdministratorRole))/$ref"
            #expect(try await TestHTTP.send("DELETE", byKey, headers: ["Authorization": "Bearer \(token)"]).status == 204)
            #expect(try await TestHTTP.send("DELETE", byKey, headers: ["Authorization": "Bearer \(token)"]).status == 404)

            #expect(try await TestHTTP.json("POST", refs, role, token: token).status == 204)
            let byId = "\(refs)?$id=\(FormEncoding.escape("\(twin.api())/roles(\(Demo.stageSystemAdministratorRole))"))"
            #expect(try await TestHTTP.send("DELETE", byId, headers: ["Authorization": "Bearer \(token)"]).status == 204)
            let after = try await TestHTTP.get(refs, token: token).requireJSON()
            #expect(after["value"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func ownerTeamsAndTheirMembersAsTheOverlayPluginUsesThem() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("team member")
            let userId = try await twin.createApplicationUser(app)
            let token = try await twin.orgToken()
            let created = try await TestHTTP.json(
                "POST", "\(twin.api())/teams",
                [
                    "name": "Adobe Campaign O'Brien", "teamtype": 0, "description": "Owners of Adobe Campaign processes",
                    "businessunitid@odata.bind": .string("/businessunits(\(Demo.stageRootBusinessUnit))"),
                ], token: token)
            #expect(created.status == 204)
            let teamURL = try #require(created.headers["odata-entityid"])
            let add = try await TestHTTP.json(
                "POST", "\(teamURL)/teammembership_association/$ref",
                ["@odata.id": .string("\(twin.api())/systemusers(\(userId))")], token: token)
            #expect(add.status == 204)
            let filter = FormEncoding.escape("name eq 'Adobe Campaign O''Brien'")
            let expand = FormEncoding.escape("teammembership_association($select=systemuserid)")
            let body = try await TestHTTP.get(
                "\(twin.api())/teams?$select=name,teamtype&$filter=\(filter)&$expand=\(expand)", token: token
            ).requireJSON()
            let teams = try #require(body["value"]?.arrayValue)
            #expect(teams.count == 1)
            #expect(teams.first?["teamtype"] == 0)
            let members = teams.first?["teammembership_association"]?.arrayValue?.compactMap { $0["systemuserid"]?.stringValue }
            #expect(members == [userId])
            let anyFilter = FormEncoding.escape("teammembership_association/any(m:m/systemuserid eq \(userId))")
            let viaAny = try await TestHTTP.get("\(twin.api())/teams?$select=name,isdefault&$filter=\(anyFilter)", token: token)
                .requireJSON()
            let memberOf = viaAny["value"]?.arrayValue ?? []
            #expect(Set(memberOf.compactMap { $0["name"]?.stringValue }) == ["Adobe Campaign O'Brien", "contosostage"])

            let defaultTeam = try #require(memberOf.first { $0["isdefault"] == true }?["teamid"]?.stringValue)
            let refused = try await TestHTTP.json(
                "POST", "\(twin.api())/teams(\(defaultTeam))/teammembership_association/$ref",
                ["@odata.id": .string("\(twin.api())/systemusers(\(Demo.stageHumanAdmin))")], token: token)
            #expect(refused.status == 400)
        }
    }

    @Test func disabledUsersAreSoftDeletedThenPurged() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("to delete")
            let userId = try await twin.createApplicationUser(app)
            let token = try await twin.orgToken()
            let url = "\(twin.api())/systemusers(\(userId))"
            let auth = ["Authorization": "Bearer \(token)"]
            #expect(try await TestHTTP.send("DELETE", url, headers: auth).status == 400)
            #expect(try await TestHTTP.json("PATCH", url, ["isdisabled": true], token: token, headers: ["If-Match": "*"]).status == 204)
            #expect(try await TestHTTP.send("DELETE", url, headers: auth).status == 204)
            #expect(try await TestHTTP.get("\(url)?$select=deletedstate", token: token).requireJSON()["deletedstate"] == 1)
            #expect(try await TestHTTP.send("DELETE", url, headers: auth).status == 204)
            #expect(try await TestHTTP.get(url, token: token).status == 404)
        }
    }
}

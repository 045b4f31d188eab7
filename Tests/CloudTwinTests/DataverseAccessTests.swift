import Foundation
import Testing

@testable import CloudTwin

@Suite("Dataverse Web API: who may call, and what they may do")
struct DataverseAccessTests {
    @Test func badTokensGet401WithTheAuthorizationChallenge() async throws {
        try await withTwin { twin in
            let graphToken = try await twin.appToken()
            let prodToken = try await twin.orgToken("prod")
            for token in [nil, "not-a-jwt", graphToken, prodToken] {
                let response = try await TestHTTP.get("\(twin.api())/WhoAmI", token: token)
                #expect(response.status == 401)
                let challenge = try #require(response.headers["www-authenticate"])
                #expect(challenge.hasPrefix("Bearer authorization_uri=\(twin.info.identity)/\(twin.info.tenantId)/oauth2/authorize"))
                #expect(challenge.contains("resource_id=\(twin.info.orgs["stage"]!)"))
                #expect(response.body.isEmpty)
            }
        }
    }

    @Test func anAppWithoutApplicationUserIsNotAMember() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("outsider")
            let token = try await twin.orgToken(app: app)
            let response = try await TestHTTP.get("\(twin.api())/WhoAmI", token: token)
            #expect(response.status == 403)
            #expect(try response.requireJSON() == ["error": ["code": "0x80072560", "message": "The user is not a member of the organization."]])
            #expect(response.headers["odata-version"] == "4.0")
        }
    }

    @Test func aDisabledApplicationUserIsNotAMember() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("soon disabled")
            let userId = try await twin.createApplicationUser(app, roles: [Demo.stageSystemAdministratorRole])
            let token = try await twin.orgToken(app: app)
            #expect(try await TestHTTP.get("\(twin.api())/WhoAmI", token: token).status == 200)
            let disable = try await TestHTTP.json(
                "PATCH", "\(twin.api())/systemusers(\(userId))", ["isdisabled": true], token: try await twin.orgToken(),
                headers: ["If-Match": "*"])
            #expect(disable.status == 204)
            let response = try await TestHTTP.get("\(twin.api())/WhoAmI", token: token)
            #expect(response.status == 403)
            #expect(response.errorCode == "0x80072560")
        }
    }

    @Test func aMemberWithoutRolesMayOnlyAskWhoItIs() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("no roles")
            let userId = try await twin.createApplicationUser(app)
            let token = try await twin.orgToken(app: app)
            let whoAmI = try await TestHTTP.get("\(twin.api())/WhoAmI", token: token)
            #expect(try whoAmI.requireJSON()["UserId"]?.stringValue == userId)
            let read = try await TestHTTP.get("\(twin.api())/roles?$select=name", token: token)
            #expect(read.status == 403)
            #expect(read.errorCode == "0x80040220")
            let message = try #require(read.errorMessage)
            #expect(message.hasPrefix("Principal user (Id=\(userId), type=8, roleCount=0, privilegeCount=0) is missing prvReadRole privilege"))
            #expect(message.contains("on OTC=1036 for entity 'role'"))
        }
    }

    @Test func aMemberWithoutSystemAdministratorMayReadButNotWrite() async throws {
        try await withTwin { twin in
            let app = twin.registerApplication("basic user")
            let userId = try await twin.createApplicationUser(app, roles: [Demo.stageBasicUserRole])
            let token = try await twin.orgToken(app: app)
            #expect(try await TestHTTP.get("\(twin.api())/workflows?$select=name", token: token).status == 200)
            let write = try await TestHTTP.json(
                "PATCH", "\(twin.api())/workflows(\(Demo.stageBounceDefinition))", ["statecode": 0, "statuscode": 1],
                token: token, headers: ["If-Match": "*"])
            #expect(write.status == 403)
            #expect(write.errorCode == "0x80040220")
            #expect(
                write.errorMessage?.hasPrefix("Principal user (Id=\(userId), type=8, roleCount=1, privilegeCount=494) "
                    + "is missing prvWriteWorkflow privilege") == true)
            let associate = try await TestHTTP.json(
                "POST", "\(twin.api())/systemusers(\(userId))/systemuserroles_association/$ref",
                ["@odata.id": .string("\(twin.api())/roles(\(Demo.stageSystemAdministratorRole))")], token: token)
            #expect(associate.status == 403)
            #expect(associate.errorMessage?.contains("missing prvAssignRole privilege") == true)
        }
    }

    @Test func aNewApplicationUserIsNotAMemberDuringReplicationLag() async throws {
        try await withTwin(TwinOptions(faults: "lag.appuser=60000")) { twin in
            let app = twin.registerApplication("lagging")
            _ = try await twin.createApplicationUser(app, roles: [Demo.stageSystemAdministratorRole])
            let token = try await twin.orgToken(app: app)
            let early = try await TestHTTP.get("\(twin.api())/WhoAmI", token: token)
            #expect(early.status == 403)
            #expect(early.errorCode == "0x80072560")
            let advanced = try await twin.control("POST", "/clock/advance", ["seconds": 61])
            #expect(advanced.status == 200)
            let later = try await TestHTTP.get("\(twin.api())/WhoAmI", token: try await twin.orgToken(app: app))
            #expect(later.status == 200)
        }
    }

    @Test func theAdminUserSignsInWithADelegatedToken() async throws {
        try await withTwin { twin in
            let token = try await twin.userToken(resource: twin.info.orgs["stage"]!)
            let response = try await TestHTTP.get("\(twin.api())/WhoAmI", token: token)
            #expect(response.status == 200, "\(response.text)")
            #expect(try response.requireJSON()["UserId"]?.stringValue == Demo.stageHumanAdmin)
        }
    }

    @Test func impersonationNeedsSystemAdministratorAndActsAsTheOtherUser() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let response = try await TestHTTP.get(
                "\(twin.api())/WhoAmI", token: token, headers: ["CallerObjectId": "993dfb4a-c5d6-52f7-b7c9-6daf1e568133"])
            #expect(try response.requireJSON()["UserId"]?.stringValue == Demo.stageHumanAdmin)
            let app = twin.registerApplication("basic impersonator")
            _ = try await twin.createApplicationUser(app, roles: [Demo.stageBasicUserRole])
            let denied = try await TestHTTP.get(
                "\(twin.api())/WhoAmI", token: try await twin.orgToken(app: app),
                headers: ["MSCRMCallerID": Demo.stageHumanAdmin])
            #expect(denied.status == 403)
            #expect(denied.errorMessage?.contains("prvActOnBehalfOfAnotherUser") == true)
        }
    }

    @Test func injectedThrottlingUsesTheServiceProtectionBody() async throws {
        try await withTwin { twin in
            let rule = try await twin.control(
                "POST", "/faults/rules", ["service": "dataverse:stage", "status": 429, "retry_after": 3, "count": 1])
            #expect(rule.status == 200 || rule.status == 201)
            let response = try await TestHTTP.get("\(twin.api())/WhoAmI", token: try await twin.orgToken())
            #expect(response.status == 429)
            #expect(response.headers["retry-after"] == "3")
            #expect(response.errorCode == "0x80072322")
        }
    }
}

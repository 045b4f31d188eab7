import Foundation
import Testing

@testable import CloudTwin

@Suite("Dataverse Web API: process (workflow) state and owner rules")
struct DataverseWorkflowTests {
    private func patch(_ twin: RunningTwin, _ body: JSON, token: String) async throws -> TestResponse {
        try await TestHTTP.json(
            "PATCH", "\(twin.api())/workflows(\(Demo.stageBounceDefinition))", body, token: token, headers: ["If-Match": "*"])
    }

    @Test func assigningAnActivatedDefinitionFails() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let response = try await patch(
                twin, ["ownerid@odata.bind": .string("/systemusers(\(Demo.stageAdminAppUser))")], token: token)
            #expect(response.status == 400)
            #expect(try response.requireJSON() == ["error": ["code": "0x80045002", "message": "Cannot update a published workflow definition."]])
        }
    }

    @Test func aPatchMixingStateWithOtherColumnsOnAnActivatedDefinitionFails() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let response = try await patch(
                twin,
                [
                    "statecode": 0, "statuscode": 1,
                    "ownerid@odata.bind": .string("/systemusers(\(Demo.stageAdminAppUser))"),
                ], token: token)
            #expect(response.status == 400)
            #expect(response.errorCode == "0x80045002")
            let row = try await TestHTTP.get(
                "\(twin.api())/workflows(\(Demo.stageBounceDefinition))?$select=statecode,_ownerid_value", token: token
            ).requireJSON()
            #expect(row["statecode"] == 1)
            #expect(row["_ownerid_value"]?.stringValue == Demo.stageHumanAdmin)
        }
    }

    @Test func invalidStateAndStatusPairsFail() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let response = try await patch(twin, ["statecode": 1, "statuscode": 1], token: token)
            #expect(response.status == 400)
            #expect(response.errorCode == "0x80048408")
            #expect(
                response.errorMessage
                    == "1 is not a valid status code for state code WorkflowState.Activated on workflow with Id \(Demo.stageBounceDefinition).")
            let unknownState = try await patch(twin, ["statecode": 7], token: token)
            #expect(unknownState.status == 400)
        }
    }

    @Test func deactivateAssignActivateAsThreePatchesSucceeds() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            #expect(try await patch(twin, ["statecode": 0, "statuscode": 1], token: token).status == 204)
            let draft = try await TestHTTP.get(
                "\(twin.api())/workflows(\(Demo.stageBounceDefinition))?$select=statecode,statuscode,_activeworkflowid_value",
                token: token
            ).requireJSON()
            #expect(draft["statecode"] == 0)
            #expect(draft["statuscode"] == 1)
            #expect(draft["_activeworkflowid_value"] == .null)
            #expect(try await TestHTTP.get("\(twin.api())/workflows(\(Demo.stageBounceActivation))", token: token).status == 404)

            let assign = try await patch(
                twin, ["ownerid@odata.bind": .string("/systemusers(\(Demo.stageAdminAppUser))")], token: token)
            #expect(assign.status == 204)
            #expect(try await patch(twin, ["statecode": 1, "statuscode": 2], token: token).status == 204)

            let select = "statecode,statuscode,_ownerid_value,_owninguser_value,_activeworkflowid_value,type"
            let row = try await TestHTTP.get(
                "\(twin.api())/workflows(\(Demo.stageBounceDefinition))?$select=\(select)", token: token
            ).requireJSON()
            #expect(row["statecode"] == 1)
            #expect(row["statuscode"] == 2)
            #expect(row["_ownerid_value"]?.stringValue == Demo.stageAdminAppUser)
            #expect(row["_owninguser_value"]?.stringValue == Demo.stageAdminAppUser)
            let activationId = try #require(row["_activeworkflowid_value"]?.stringValue)
            #expect(activationId != Demo.stageBounceActivation)
            let activation = try await TestHTTP.get(
                "\(twin.api())/workflows(\(activationId))?$select=type,statecode,_ownerid_value,_parentworkflowid_value,name",
                token: token
            ).requireJSON()
            #expect(activation["type"] == 2)
            #expect(activation["statecode"] == 1)
            #expect(activation["name"] == "Adobe Campaign Email Bounce")
            #expect(activation["_ownerid_value"]?.stringValue == Demo.stageAdminAppUser)
            #expect(activation["_parentworkflowid_value"]?.stringValue == Demo.stageBounceDefinition)
            let filter = FormEncoding.escape("name eq 'Adobe Campaign Email Bounce'")
            let all = try await TestHTTP.get("\(twin.api())/workflows?$select=type&$filter=\(filter)", token: token).requireJSON()
            #expect(all["value"]?.arrayValue?.count == 2)
        }
    }

    @Test func activationRowsCannotBeEditedDirectly() async throws {
        try await withTwin { twin in
            let response = try await TestHTTP.json(
                "PATCH", "\(twin.api())/workflows(\(Demo.stageBounceActivation))", ["statecode": 0, "statuscode": 1],
                token: try await twin.orgToken(), headers: ["If-Match": "*"])
            #expect(response.status == 400)
            #expect(response.errorCode == "0x80045002")
        }
    }
}

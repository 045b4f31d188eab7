import Foundation
import Testing

@testable import CloudTwin

@Suite("Control endpoints")
struct ControlTests {
    @Test func theRequestLogRecordsEveryServiceButControlAndNeverASecret() async throws {
        try await withTwin { twin in
            let token = try await twin.appToken()
            _ = try await TestHTTP.get("\(twin.info.graph)/v1.0/organization?client_secret=oops", token: token, headers: ["client-request-id": "abc-123"])
            _ = try await TestHTTP.get("\(twin.info.foreign)/leak", token: token)
            _ = try await twin.control("/state")
            let log = try await twin.requests()
            #expect(log.map { $0["service"] } == ["identity", "graph", "foreign"])
            #expect(log.map { $0["seq"]?.intValue } == [1, 2, 3])
            let graph = log[1]
            #expect(graph["method"] == "GET")
            #expect(graph["path"] == "/v1.0/organization")
            #expect(graph["query"] == "client_secret=<redacted>")
            #expect(graph["authorization"] == "Bearer <redacted>")
            #expect(graph["token_appid"]?.stringValue == twin.info.admin.clientId)
            #expect(graph["client_request_id"] == "abc-123")
            #expect(graph["status"] == 200)
            #expect(graph["duration_ms"]?.doubleValue != nil)
            #expect(graph["origin"]?.stringValue == twin.info.graph)
            #expect(log[2]["authorization"] == "Bearer <redacted>")
            #expect(log[0]["authorization"] == .null)
            let raw = try await TestHTTP.get("\(twin.info.control)/requests").text
            #expect(!raw.contains(token))
            #expect(!raw.contains(twin.info.admin.clientSecret))
            #expect(try await twin.requests(since: 2).count == 1)
        }
    }

    @Test func stateShowsTheDirectoryAndOrgsWithoutSecretValues() async throws {
        try await withTwin { twin in
            let state = try await twin.control("/state")
            let applications = state["applications"]?.arrayValue ?? []
            let admin = try #require(applications.first { $0["appId"]?.stringValue == twin.info.admin.clientId })
            let credential = try #require(admin["passwordCredentials"]?.arrayValue?.first)
            #expect(credential["hint"] == "Twn")
            #expect(credential["secretText"] == nil)
            #expect(credential["returned"] == false)
            #expect(!(try await TestHTTP.get("\(twin.info.control)/state").text.contains(twin.info.admin.clientSecret)))

            let stage = try #require(state["orgs"]?["stage"])
            let units = stage["tables"]?["businessunits"]?.arrayValue ?? []
            #expect(units.filter { $0["_parentbusinessunitid_value"] == .null }.count == 1)
            let roles = stage["tables"]?["roles"]?.arrayValue ?? []
            #expect(roles.filter { $0["_roletemplateid_value"] == "627090ff-40a3-4053-8790-584edc5be201" }.count == units.count)
            let users = stage["tables"]?["systemusers"]?.arrayValue ?? []
            #expect(users.contains { $0["applicationid"]?.stringValue == twin.info.admin.clientId })
            let workflows = stage["tables"]?["workflows"]?.arrayValue ?? []
            let definitions = workflows.filter { $0["type"] == 1 }
            #expect(Set(definitions.compactMap { $0["name"]?.stringValue }) == ["Adobe Campaign Email Bounce", "Adobe Campaign Email Click"])
            #expect(definitions.allSatisfy { $0["statecode"] == 1 && $0["statuscode"] == 2 && $0["category"] == 0 })
            let human = users.first { $0["applicationid"] == .null }
            #expect(definitions.allSatisfy { $0["_ownerid_value"] == human?["systemuserid"] })
            let solutions = stage["tables"]?["solutions"]?.arrayValue ?? []
            #expect(solutions.contains { $0["uniquename"] == "AdobeCampaignStandard" })
            let prodSolutions = state["orgs"]?["prod"]?["tables"]?["solutions"]?.arrayValue ?? []
            #expect(!prodSolutions.contains { $0["uniquename"] == "AdobeCampaignStandard" })
            let associations = stage["associations"]?["systemuserroles_association"]?.arrayValue ?? []
            #expect(associations.count == 2)

            let environments = state["power_platform"]?["environments"]?.objectValue ?? [:]
            let prodPackages = environments[twin.info.environments["prod"]!]?["packages"]?.arrayValue ?? []
            #expect(prodPackages.contains { $0["uniqueName"] == "AdobeCampaignStandardForD365" && $0["state"] == "NotInstalled" })
        }
    }

    @Test func entityImagesAreSummarized() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        let record = Twin.describingImages(["entityimage": .string(Data(png).base64EncodedString()), "fullname": "x"])
        #expect(record["entityimage"]?["type"] == "png")
        #expect(record["entityimage"]?["bytes"] == 11)
        #expect(record["entityimage"]?["sha256"]?.stringValue?.count == 64)
        #expect(record["fullname"] == "x")
    }

    @Test func resetRestoresTheScenarioAndClearsLogAndRules() async throws {
        try await withTwin(TwinOptions(faults: "latency=1")) { twin in
            _ = try await GraphFixture(twin).createApplication("temporary")
            _ = try await twin.control("POST", "/faults/rules", ["service": "graph", "status": 500, "count": 5])
            _ = try await twin.control("PUT", "/faults", ["503": 1])
            #expect(try await twin.control("POST", "/reset", [:]).status == 200)
            #expect(try await twin.requests().isEmpty)
            #expect(try await twin.control("/faults/rules")["rules"] == [])
            #expect(try await twin.control("/faults")["latency"] == 1)
            #expect(try await twin.control("/faults")["503"] == 0.0)
            let names = (try await twin.control("/state")["applications"]?.arrayValue ?? []).compactMap { $0["displayName"]?.stringValue }
            #expect(!names.contains("temporary"))
            #expect(names.count == 2)
        }
    }

    @Test func unknownControlPathsAndBadBodiesAreErrors() async throws {
        try await withTwin { twin in
            let unknown = try await TestHTTP.get("\(twin.info.control)/nothing")
            #expect(unknown.status == 404)
            let approval = try await twin.control("POST", "/device/approve", ["user_code": "NOPE"])
            #expect(approval.status == 404)
            let backwards = try await twin.control("POST", "/clock/advance", ["seconds": -1])
            #expect(backwards.status == 400)
        }
    }
}

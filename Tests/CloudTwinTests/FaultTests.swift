import Foundation
import Testing

@testable import CloudTwin

@Suite("Faults")
struct FaultTests {
    @Test func latencyDelaysEveryRequestByAtLeastTheSetting() async throws {
        try await withTwin(TwinOptions(latencyMilliseconds: 300)) { twin in
            let clock = ContinuousClock()
            let started = clock.now
            let response = try await TestHTTP.get("\(twin.info.foreign)/x")
            #expect(response.status == 200)
            #expect(clock.now - started >= .milliseconds(300))
            let control = clock.now
            _ = try await twin.control("/info")
            #expect(try await twin.control("/faults")["latency"] == 300)
            _ = control
        }
    }

    @Test func injected429And503CarryEachServicesBodyAndRetryAfter() async throws {
        try await withTwin(TwinOptions(faults: "429=1,retry_after=7")) { twin in
            let graph = try await TestHTTP.get("\(twin.info.graph)/v1.0/organization")
            #expect(graph.status == 429)
            #expect(graph.headers["retry-after"] == "7")
            let error = try graph.requireJSON()["error"]
            #expect(error?["code"] == "TooManyRequests")
            #expect(error?["innerError"]?["request-id"]?.stringValue == graph.headers["request-id"])

            let identity = try await TestHTTP.form(twin.tokenURL, [("grant_type", "client_credentials")])
            #expect(identity.status == 429)
            #expect(try identity.requireJSON()["error"] == "temporarily_unavailable")

            let org = try await TestHTTP.get("\(twin.info.orgs["stage"]!)/api/data/v9.2/WhoAmI")
            #expect(org.status == 429)
            #expect(try org.requireJSON()["error"]?["code"] == "0x80072322")
            #expect(org.headers["retry-after"] == "7")

            let power = try await TestHTTP.get("\(twin.info.powerplatform)/appmanagement/environments")
            #expect(power.status == 429)
            #expect(try power.requireJSON()["statusCode"] == 429)

            let control = try await TestHTTP.get("\(twin.info.control)/info")
            #expect(control.status == 200)

            let log = try await twin.requests()
            #expect(log.count == 4)
            #expect(log.allSatisfy { $0["fault"] == "429" && $0["status"] == 429 })
        }
    }

    @Test func injected503IsServiceUnavailable() async throws {
        try await withTwin(TwinOptions(faults: "503=1")) { twin in
            let graph = try await TestHTTP.get("\(twin.info.graph)/v1.0/organization")
            #expect(graph.status == 503)
            #expect(graph.headers["retry-after"] == "1")
            #expect(try graph.requireJSON()["error"]?["code"] == "serviceNotAvailable")
        }
    }

    @Test func droppedConnectionsCloseWithoutAnAnswer() async throws {
        try await withTwin(TwinOptions(faults: "drop=1")) { twin in
            await #expect(throws: (any Error).self) { _ = try await TestHTTP.get("\(twin.info.graph)/v1.0/organization") }
            let log = try await twin.requests()
            #expect(log.first?["fault"] == "drop")
            #expect(log.first?["status"] == 0)
        }
    }

    @Test func countedRulesHitExactlyCountMatchingRequests() async throws {
        try await withTwin { twin in
            let rule: JSON = [
                "service": "graph", "method": "GET", "path_prefix": "/v1.0/organization", "status": 429, "retry_after": 2,
                "count": 2,
            ]
            let added = try await twin.control("POST", "/faults/rules", rule)
            #expect(added.status == 201)
            let token = try await twin.appToken()
            let other = try await TestHTTP.get("\(twin.info.graph)/v1.0/applications?$top=1", token: token)
            #expect(other.status == 200)
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await TestHTTP.get("\(twin.info.graph)/v1.0/organization", token: token).status) }
            #expect(statuses == [429, 429, 200])
            #expect(try await twin.control("/faults/rules")["rules"] == [])

            _ = try await twin.control("POST", "/faults/rules", ["service": "dataverse:stage", "drop": true])
            await #expect(throws: (any Error).self) { _ = try await TestHTTP.get("\(twin.info.orgs["stage"]!)/api/data/v9.2/WhoAmI") }
            let bad = try await twin.control("POST", "/faults/rules", ["service": "graph", "colour": "red", "status": 500])
            #expect(bad.status == 400)
        }
    }

    @Test func aDropAfterRuleAppliesTheRequestButNeverAnswers() async throws {
        try await withTwin { twin in
            let fixture = GraphFixture(twin)
            let app = try await fixture.createApplication("applied but unanswered")
            let rule: JSON = ["service": "graph", "method": "POST", "path_prefix": "/v1.0/applications/", "drop_after": true]
            #expect(try await twin.control("POST", "/faults/rules", rule).status == 201)
            let token = try await fixture.adminToken()
            await #expect(throws: (any Error).self) {
                _ = try await TestHTTP.json(
                    "POST", "\(fixture.graph)/applications/\(app.id)/addPassword", ["passwordCredential": ["displayName": "lost"]],
                    token: token, fresh: true)
            }
            let entry = try #require(try await twin.requests().last)
            #expect(entry["fault"] == "drop_after")
            #expect(entry["status"] == 200, "the log keeps the status the service produced")
            let read = try await TestHTTP.get("\(fixture.graph)/applications/\(app.id)?$select=passwordCredentials", token: token)
            let secrets = try read.requireJSON()["passwordCredentials"]?.arrayValue ?? []
            #expect(secrets.map { $0["displayName"] } == ["lost"], "the secret was added although no answer came back")
            #expect(try await twin.control("/faults/rules")["rules"] == [], "the rule was used up")

            let both = try await twin.control("POST", "/faults/rules", ["drop": true, "drop_after": true])
            #expect(both.status == 400)
        }
    }

    @Test func aSeedReplaysTheSameRandomFaults() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            try await withTwin(TwinOptions(faults: "429=0.3,503=0.2", seed: seed)) { twin in
                var statuses: [Int] = []
                for _ in 0..<30 { statuses.append(try await TestHTTP.get("\(twin.info.foreign)/x").status) }
                return statuses
            }
        }
        let first = try await statuses(seed: 42)
        let second = try await statuses(seed: 42)
        let other = try await statuses(seed: 7)
        #expect(first == second)
        #expect(first != other)
        #expect(first.contains(429) && first.contains(503) && first.contains(200))
    }

    @Test func newApplicationsAndPrincipalsAreInvisibleDuringAppLag() async throws {
        try await withTwin(TwinOptions(faults: "lag.app=60000")) { twin in
            let fixture = GraphFixture(twin)
            let token = try await fixture.adminToken()
            let app = try await fixture.createApplication("lagging")
            let get = try await TestHTTP.get("\(fixture.graph)/applications/\(app.id)", token: token)
            #expect(get.status == 404)
            #expect(try get.requireJSON()["error"]?["code"] == "Request_ResourceNotFound")
            let listed = try await TestHTTP.get("\(fixture.graph)/applications?$filter=appId%20eq%20'\(app.appId)'", token: token)
            #expect(try listed.requireJSON()["value"] == [])
            let principal = try await TestHTTP.json("POST", "\(fixture.graph)/servicePrincipals", ["appId": .string(app.appId)], token: token)
            #expect(principal.status == 400)
            #expect(try principal.requireJSON()["error"]?["message"]?.stringValue?.contains("does not reference a valid application object") == true)
            let signIn = try await TestHTTP.form(
                twin.tokenURL,
                [("client_id", app.appId), ("client_secret", "x"), ("scope", "\(twin.info.graph)/.default"), ("grant_type", "client_credentials")])
            #expect(try signIn.requireJSON()["error_codes"] == [700016])

            _ = try await twin.control("POST", "/clock/advance", ["seconds": 61])
            #expect(try await TestHTTP.get("\(fixture.graph)/applications/\(app.id)", token: token).status == 200)
            let spId = try await fixture.createServicePrincipal(appId: app.appId)
            #expect(try await TestHTTP.get("\(fixture.graph)/servicePrincipals/\(spId)", token: token).status == 404)
            _ = try await twin.control("POST", "/clock/advance", ["seconds": 61])
            #expect(try await TestHTTP.get("\(fixture.graph)/servicePrincipals/\(spId)", token: token).status == 200)
        }
    }

    @Test func aNewSecretIsRejectedDuringSecretLag() async throws {
        try await withTwin(TwinOptions(faults: "lag.secret=30000")) { twin in
            let fixture = GraphFixture(twin)
            let app = try await fixture.createApplication("fresh secret")
            try await fixture.createServicePrincipal(appId: app.appId)
            let secret = try await fixture.addPassword(objectId: app.id)
            let fields = [
                ("client_id", app.appId), ("client_secret", secret), ("scope", "\(twin.info.graph)/.default"),
                ("grant_type", "client_credentials"),
            ]
            let early = try await TestHTTP.form(twin.tokenURL, fields)
            #expect(early.status == 401)
            #expect(try early.requireJSON()["error_codes"] == [7000215])
            _ = try await twin.control("POST", "/clock/advance", ["seconds": 31])
            #expect(try await TestHTTP.form(twin.tokenURL, fields).status == 200)
        }
    }

    @Test func faultSettingsRoundTripAndRejectNonsense() async throws {
        try await withTwin { twin in
            let put = try await twin.control("PUT", "/faults", ["429": 0.25, "lag.app": 1500, "seed": 9])
            #expect(put.status == 200)
            let settings = try await twin.control("/faults")
            #expect(settings["429"] == 0.25)
            #expect(settings["lag.app"] == 1500)
            #expect(settings["latency"] == 0)
            #expect(try await twin.control("PUT", "/faults", ["429": 2]).status == 400)
            #expect(try await twin.control("PUT", "/faults", ["chaos": 1]).status == 400)
            #expect(throws: (any Error).self) { try FaultSettings(spec: "latency=-3") }
            #expect(try FaultSettings(spec: "latency=5,jitter=2,429=0.1,503=0.2,drop=0.05,lag.appuser=9,retry_after=3").lagAppUser == 9)
        }
    }
}

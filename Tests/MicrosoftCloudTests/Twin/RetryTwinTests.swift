import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting
import Testing

@Suite("Retries against the twin")
struct RetryTwinTests {
    @Test("a 429 with Retry-After: 2 waits at least 2 s, then succeeds")
    func throttled() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                _ = try session.accessToken(for: session.graphResource)
                try control.addRule(["service": "graph", "method": "GET", "path_prefix": "/v1.0/organization", "status": 429, "retry_after": 2, "count": 1])
                let start = ContinuousClock.now
                let organization = try session.graph.list("/organization")
                #expect(secondsSince(start) >= 2.0)
                #expect(organization.count == 1)
                let statuses = try twin.logged(control, service: "graph").map(\.loggedStatus)
                #expect(statuses == [429, 200])
            }
        }
    }

    @Test("a 503 is retried and the call succeeds")
    func unavailable() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                try control.addRule(["service": "graph", "path_prefix": "/v1.0/organization", "status": 503, "retry_after": 0, "count": 2])
                _ = try session.graph.get("/organization")
                #expect(try twin.logged(control, service: "graph").map(\.loggedStatus) == [503, 503, 200])
            }
        }
    }

    @Test("a dropped connection is retried for a GET")
    func droppedConnection() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                _ = try session.accessToken(for: session.graphResource)
                try control.addRule(["service": "graph", "path_prefix": "/v1.0/organization", "drop": true, "count": 1])
                let organization = try session.graph.get("/organization")
                #expect(organization["value"]?.arrayValue?.count == 1)
                #expect(session.counters[session.graphResource].apiRequests == 2)
            }
        }
    }

    @Test("replication: a new app answers 404 until visible; retried only when the caller expects it")
    func newApplication() async throws {
        try await TwinFixture.with(TwinOptions(faults: "lag.app=600000")) { twin in
            LagRelease.start(twin, after: 2, of: LagRelease.status(404, method: "GET"))
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                let app = try session.graph.post("/applications", body: ["displayName": "replication check"])
                let id = try #require(app["id"]?.stringValue)
                let unexpected = try #require(throws: CloudError.self) { try session.graph.get("/applications/\(id)") }
                #expect(unexpected.code == .graphNotFound)
                #expect(unexpected.serviceCode == "Request_ResourceNotFound")
                let seen = try session.graph.get("/applications/\(id)", expecting: .replication)
                #expect(seen["id"]?.stringValue == id)
                let statuses = try twin.logged(control, service: "graph").filter { $0.loggedPath.hasSuffix(id) }.map(\.loggedStatus)
                #expect(statuses.first == 404)
                #expect(statuses.last == 200)
                #expect(statuses.count >= 3)
            }
        }
    }

    @Test("a 503 while waiting out replication is still retried: each kind of failure has its own attempt budget")
    func unavailableAfterReplicationWaits() async throws {
        try await TwinFixture.with(TwinOptions(faults: "lag.app=600000")) { twin in
            // Once the client has seen the lag twice (its whole budget for 503s), one 503, then the lag ends.
            let release = Thread {
                guard let control = try? twin.control() else { return }
                while ((try? control.requests()) ?? []).filter(LagRelease.status(404, method: "GET")).count < 2 {
                    Thread.sleep(forTimeInterval: 0.02)
                }
                _ = try? control.addRule(["service": "graph", "method": "GET", "status": 503, "retry_after": 0, "count": 1])
                _ = try? control.call("POST", "/clock/advance", body: ["seconds": 3600])
            }
            release.start()
            try await blocking {
                let control = try twin.control()
                let policy = RetryPolicy(maxAttempts: 2, replicationBaseDelay: .milliseconds(10))
                let session = try twin.session(retryPolicy: policy)
                let app = try session.graph.post("/applications", body: ["displayName": "replication then 503"])
                let id = try #require(app["id"]?.stringValue)
                let seen = try session.graph.get("/applications/\(id)", expecting: .replication)
                #expect(seen["id"]?.stringValue == id)
                let statuses = try twin.logged(control, service: "graph").filter { $0.loggedPath.hasSuffix(id) }.map(\.loggedStatus)
                #expect(statuses.filter { $0 == 404 }.count >= 2)
                #expect(statuses.contains(503))
                #expect(statuses.last == 200)
            }
        }
    }

    @Test("replication: creating the service principal of a new app answers 400 until the app is visible")
    func newServicePrincipal() async throws {
        try await TwinFixture.with(TwinOptions(faults: "lag.app=600000")) { twin in
            LagRelease.start(twin, after: 2, of: LagRelease.status(400, method: "POST"))
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                let app = try session.graph.post("/applications", body: ["displayName": "sp replication check"])
                let appId = try #require(app["appId"]?.stringValue)
                let principal = try session.graph.post("/servicePrincipals", body: ["appId": .string(appId)], expecting: .replication)
                #expect(principal["appId"]?.stringValue == appId)
                let statuses = try twin.logged(control, service: "graph")
                    .filter { $0["method"]?.stringValue == "POST" && $0.loggedPath == "/v1.0/servicePrincipals" }.map(\.loggedStatus)
                #expect(statuses.first == 400)
                #expect(statuses.last == 201)
            }
        }
    }

    @Test("replication: a new secret is rejected with AADSTS7000215 for a while, then a token is issued")
    func newSecret() async throws {
        try await TwinFixture.with(TwinOptions(faults: "lag.secret=600000")) { twin in
            let info = twin.connection
            LagRelease.start(twin, after: 2, of: LagRelease.status(401))
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                let app = try session.graph.post("/applications", body: ["displayName": "secret replication check"])
                let appId = try #require(app["appId"]?.stringValue)
                let objectId = try #require(app["id"]?.stringValue)
                _ = try session.graph.post("/servicePrincipals", body: ["appId": .string(appId)], expecting: .replication)
                let password = try session.graph.post("/applications/\(objectId)/addPassword", body: ["passwordCredential": ["displayName": "check"]])
                let secret = try #require(password["secretText"]?.stringValue)
                let since = try control.requests().last?["seq"]?.intValue ?? 0

                let impatient = session.withCredential(ClientSecretCredential(tenant: info.tenantId, clientId: appId, secret: secret))
                let early = try #require(throws: CloudError.self) { try impatient.accessToken(for: session.graphResource) }
                #expect(early.serviceCode == "AADSTS7000215")
                #expect(!early.description.contains(secret))

                let patient = session.withCredential(
                    ClientSecretCredential(tenant: info.tenantId, clientId: appId, secret: secret, expecting: .replication))
                let token = try patient.accessToken(for: session.graphResource)
                #expect(try token.claims()["appid"]?.stringValue == appId)
                let statuses = try twin.logged(control, service: "identity", since: Int(since)).map(\.loggedStatus)
                #expect(statuses.last == 200)
                #expect(statuses.filter { $0 != 200 }.count >= 2)
            }
        }
    }
}

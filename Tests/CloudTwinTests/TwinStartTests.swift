import Foundation
import Testing

@testable import CloudTwin

@Suite("Starting and stopping a twin")
struct TwinStartTests {
    @Test func startsEveryListenerOnItsOwnLoopbackPortAndStops() async throws {
        let twin = try await TwinServer.start()
        let info = twin.info
        let origins = [info.identity, info.graph, info.powerplatform, info.control, info.foreign] + info.orgs.values.sorted()
        #expect(Set(origins).count == origins.count)
        #expect(origins.allSatisfy { $0.hasPrefix("http://127.0.0.1:") })
        #expect(Set(info.orgs.keys) == ["stage", "prod"])
        let foreign = try await TestHTTP.get("\(info.foreign)/anything")
        #expect(foreign.status == 200)
        #expect(try foreign.requireJSON() == ["value": []])
        await twin.stop()
        await #expect(throws: (any Error).self) { _ = try await TestHTTP.get("\(info.foreign)/anything") }
    }

    @Test func infoMatchesTheControlEndpointAndTheScenario() async throws {
        try await withTwin { twin in
            let info = try await twin.control("/info")
            #expect(info["tenant_id"]?.stringValue == "7d8c9f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6")
            #expect(info["tenant_domain"]?.stringValue == "contoso.onmicrosoft.com")
            #expect(info["graph"]?.stringValue == twin.info.graph)
            #expect(info["admin"]?["client_id"]?.stringValue == twin.info.admin.clientId)
            #expect(info["ca_file"] == nil)
        }
    }
}

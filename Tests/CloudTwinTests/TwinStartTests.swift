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

@Suite("Starting a twin from synchronous code and on fixed ports")
struct TwinStartModesTests {
    @Test func startBlockingWorksFromAThreadOffThePool() async throws {
        let info: TwinInfo = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let twin = try TwinServer.startBlocking()
                    let info = twin.info
                    twin.stopBlocking()
                    continuation.resume(returning: info)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        #expect(info.graph.hasPrefix("http://127.0.0.1:"))
        await #expect(throws: (any Error).self) { _ = try await TestHTTP.get("\(info.graph)/v1.0/organization") }
    }

    @Test func portBaseLaysTheListenersOutInOrder() async throws {
        var lastError: (any Error)?
        for _ in 0..<5 {
            let base = Int.random(in: 20000...60000)
            do {
                try await withTwin(TwinOptions(portBase: base)) { twin in
                    let info = twin.info
                    #expect(info.identity == "http://127.0.0.1:\(base)")
                    #expect(info.graph == "http://127.0.0.1:\(base + 1)")
                    #expect(info.powerplatform == "http://127.0.0.1:\(base + 2)")
                    #expect(info.orgs["prod"] == "http://127.0.0.1:\(base + 3)")
                    #expect(info.orgs["stage"] == "http://127.0.0.1:\(base + 4)")
                    #expect(info.control == "http://127.0.0.1:\(base + 5)")
                    #expect(info.foreign == "http://127.0.0.1:\(base + 6)")
                }
                return
            } catch {
                lastError = error
            }
        }
        Issue.record("no free block of 7 ports found: \(String(describing: lastError))")
    }

    @Test func aBusyPortFailsTheStartWithAnError() async throws {
        try await withTwin { first in
            let port = try #require(URL(string: first.info.identity)?.port)
            await #expect(throws: (any Error).self) { _ = try await TwinServer.start(TwinOptions(portBase: port)) }
        }
    }

    @Test func badOptionsAreExplained() async throws {
        for options in [TwinOptions(faults: "429=maybe"), TwinOptions(scenario: "atlantis")] {
            do {
                _ = try await TwinServer.start(options)
                Issue.record("started with bad options")
            } catch let error as TwinStartError {
                #expect(error.isBadInput)
                #expect(error.description.hasPrefix("twin: "))
            }
        }
    }
}

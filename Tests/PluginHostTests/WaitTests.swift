import CloudTwin
import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting
import Testing

@Suite("wait.poll, the replication barrier")
struct WaitTests {
    @Test("a probe that never succeeds times out with wait.timeout naming what and the elapsed time, after progress lines")
    func timeout() async throws {
        let (error, emitted, seconds) = try await TwinFixture.with { twin in
            try await blocking {
                let harness = try HostHarness(twin: twin)
                let start = ContinuousClock.now
                let error = try harness.script("""
                    local ok, err = pcall(wait.poll, function() return false end,
                      { timeout = 0.6, every = 0.1, what = "the answer" })
                    return err
                    """).first ?? .nil
                return (error, harness.emittedText, secondsSince(start))
            }
        }
        #expect(error["code"] == "wait.timeout")
        #expect(error["what"] == "the answer")
        let message = try #require(error["message"].stringValue)
        #expect(message.hasPrefix("timed out after 0."), "\(message)")
        #expect(message.contains("s waiting for the answer ("))
        #expect(message.hasSuffix("last: not yet)"))
        #expect((error["elapsed"].doubleValue ?? 0) >= 0.6)
        #expect(seconds >= 0.6)
        let progress = emitted.split(separator: "\n").filter { $0.hasPrefix("waiting for the answer: try ") }
        #expect(progress.count >= 3, "progress lines: \(progress)")
        #expect(progress.first?.hasSuffix("(not yet)") == true)
    }

    @Test("errors whose code is in retry_on count as not yet; others propagate at once")
    func retryOn() async throws {
        let values = try await TwinFixture.with { twin in
            try await blocking {
                let harness = try HostHarness(twin: twin)
                return try harness.script("""
                    local tries = 0
                    local value = wait.poll(function()
                      tries = tries + 1
                      if tries < 3 then graph.get("/applications/00000000-0000-0000-0000-000000000009") end
                      return "found", "more"
                    end, { timeout = 10, every = 0.01, retry_on = { "graph.not_found" } })
                    local other_tries = 0
                    local ok, err = pcall(wait.poll, function()
                      other_tries = other_tries + 1
                      error({ code = "app.other", message = "not a waiting matter" })
                    end, { timeout = 10, every = 0.01, retry_on = { "graph.not_found" } })
                    return { value = value, tries = tries, other = err.code, other_tries = other_tries }
                    """).first ?? .nil
            }
        }
        #expect(values["value"] == "found")
        #expect(values["tries"] == .integer(3))
        #expect(values["other"] == "app.other")
        #expect(values["other_tries"] == .integer(1))
    }

    @Test("waits out the twin's replication lag of a new application")
    func replicationLag() async throws {
        // Ten minutes of lag, released only once the plugin has seen two 404s (its own read and wait.poll's first try).
        let (values, emitted) = try await TwinFixture.with(TwinOptions(faults: "lag.app=600000")) { twin in
            try await blocking {
                LagRelease.start(twin, after: 2, of: LagRelease.status(404, method: "GET"))
                let harness = try HostHarness(twin: twin)
                let values = try harness.script("""
                    local app = graph.post("/applications", { displayName = "lagging" })
                    local first_ok = pcall(graph.get, "/applications/" .. app.id)
                    local seen = wait.poll(function() return graph.get("/applications/" .. app.id) end,
                      { timeout = 30, every = 0.1, what = "the new application", retry_on = { "graph.not_found" } })
                    return { first_ok = first_ok, seen = seen.id == app.id }
                    """).first ?? .nil
                return (values, harness.emittedText)
            }
        }
        #expect(values["first_ok"] == false)
        #expect(values["seen"] == true)
        #expect(emitted.contains("waiting for the new application: try 1"))
        #expect(emitted.contains("(graph.not_found)"))
    }
}

/// Seconds since `start`.
func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return Double(seconds) + Double(attoseconds) / 1e18
}

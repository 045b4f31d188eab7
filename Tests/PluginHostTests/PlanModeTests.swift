import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting
import Testing

@Suite("Plan mode is read-only everywhere")
struct PlanModeTests {
    /// Twin log entries after `since` that are neither GETs nor token requests.
    private static func writes(_ control: TwinControl, since: Int) throws -> [String] {
        try control.requests(since: since).compactMap { entry in
            let method = entry["method"]?.stringValue ?? ""
            let path = entry["path"]?.stringValue ?? ""
            if method == "GET" || (method == "POST" && path.hasSuffix("/oauth2/v2.0/token")) { return nil }
            return "\(method) \(path)"
        }
    }

    private static func lastSequence(_ control: TwinControl) throws -> Int {
        Int(try control.requests().compactMap { $0["seq"]?.intValue }.max() ?? 0)
    }

    @Test("every write refuses in a read-only script, naming the call; the twin saw only reads and token requests")
    func readOnlyScript() async throws {
        let (refusals, writes, batchStatus, batchWrites) = try await TwinFixture.with { twin in
            try await blocking {
                let harness = try HostHarness(twin: twin)
                let sandbox = try harness.host.makeSandbox()
                _ = try harness.host.withScript(environment: harness.environment(), allowWrites: true) {
                    try sandbox.run("""
                        app = graph.post("/applications", { displayName = "plan mode test" })
                        graph.post("/servicePrincipals", { appId = app.appId }, { expect = "replication" })
                        handle = graph.post("/applications/" .. app.id .. "/addPassword", { passwordCredential = {} }).secretText
                        secret.store("plan/test", handle)
                        """, name: "=(setup)")
                }
                let mark = try Self.lastSequence(harness.control)
                let refusals = try harness.host.withScript(environment: harness.environment(), allowWrites: false) {
                    try sandbox.run("""
                        local calls = {
                          function() return graph.post("/applications", { displayName = "x" }) end,
                          function() return graph.patch("/applications/" .. app.id, { notes = "x" }) end,
                          function() return graph.delete("/applications/" .. app.id) end,
                          function() return graph.batch({ { id = "1", method = "PATCH", url = "/applications/" .. app.id, body = {} } }) end,
                          function() return dataverse.post("teams", { name = "x" }) end,
                          function() return dataverse.create("teams", { name = "x" }) end,
                          function() return dataverse.patch("teams(00000000-0000-0000-0000-000000000001)", { name = "x" }) end,
                          function() return dataverse.delete("teams(00000000-0000-0000-0000-000000000001)") end,
                          function() return dataverse.associate("teams", "1", "teammembership_association", "systemusers", "2") end,
                          function() return dataverse.disassociate("teams", "1", "teammembership_association", "2") end,
                          function() return powerplatform.install(powerplatform.environment_id(), "AdobeCampaignStandardForD365") end,
                          function() return secret.store("plan/other", handle) end,
                          function() return secret.forget("plan/test") end,
                          function() return report.write("x.md", "text") end,
                          function() return gate("do something by hand") end,
                        }
                        local out = {}
                        for i, call in ipairs(calls) do
                          local ok, err = pcall(call)
                          out[i] = ok and "succeeded" or (err.code .. " | " .. err["function"] .. " | " .. err.message)
                        end
                        -- reads and token requests still work
                        graph.get("/applications/" .. app.id)
                        dataverse.call("WhoAmI")
                        oauth.client_credentials({ client_id = app.appId, secret = secret.ref("plan/test"), resource = "graph" })
                        return out
                        """, name: "=(read-only)")
                }
                let writes = try Self.writes(harness.control, since: mark)
                let mark2 = try Self.lastSequence(harness.control)
                let batch = try harness.host.withScript(environment: harness.environment(), allowWrites: false) {
                    try sandbox.run("""
                        return graph.batch({ { id = "1", method = "GET", url = "/applications/" .. app.id } })["1"].status
                        """, name: "=(read-only batch)")
                }
                let batchWrites = try Self.writes(harness.control, since: mark2)
                return (refusals.first?.arrayValue?.compactMap(\.stringValue) ?? [], writes, batch.first ?? .nil, batchWrites)
            }
        }
        #expect(batchStatus == .integer(200), "a $batch of reads passes in read-only mode")
        #expect(batchWrites == ["POST /v1.0/$batch"], "(a POST on the wire)")
        let functions = [
            "graph.post", "graph.patch", "graph.delete", "graph.batch", "dataverse.post", "dataverse.create",
            "dataverse.patch", "dataverse.delete", "dataverse.associate", "dataverse.disassociate", "powerplatform.install",
            "secret.store", "secret.forget", "report.write", "gate",
        ]
        #expect(refusals.count == functions.count)
        for (refusal, function) in zip(refusals, functions) {
            #expect(refusal.hasPrefix("plan.write_refused | \(function) | \(function) refused ("), "\(refusal)")
            #expect(refusal.hasSuffix("this script runs read-only"), "\(refusal)")
        }
        #expect(writes.isEmpty, "the twin saw writes: \(writes)")
    }

    @Test("planning the runbook's write steps against an empty environment only reads")
    func planningOnlyReads() async throws {
        let (results, writes) = try await TwinFixture.with { twin in
            try await blocking {
                let harness = try HostHarness(twin: twin)
                let mark = try Self.lastSequence(harness.control)
                let unknownApp: [String: StepValue] = [
                    "application_object_id": .unknown("outputs.app.object_id"), "client_id": .unknown("outputs.app.client_id"),
                ]
                let steps: [(String, [String: StepValue])] = [
                    ("entra.tenant", ["domain": .string(twin.connection.tenantDomain)]),
                    ("entra.app_registration", ["display_name": "adobe campaign prod"]),
                    ("entra.api_permission", ["application_object_id": .unknown("outputs.app.object_id")]),
                    ("entra.client_secret", unknownApp),
                    ("dataverse.application_user", ["client_id": .unknown("outputs.app.client_id"), "full_name": "Adobe API prod",
                                                     "icon": "assets/adobe-campaign-icon.png"]),
                    ("dataverse.security_role", ["user_id": .unknown("outputs.app_user.user_id")]),
                    ("powerplatform.app_install", ["solution_unique_name": "AdobeCampaignStandard",
                                                   "package_unique_name": "AdobeCampaignStandardForD365"]),
                    ("dataverse.process_owner", ["owner_id": .unknown("outputs.app_user.user_id")]),
                    ("checks.app_login", ["client_id": .unknown("outputs.app.client_id"), "secret_ref": .unknown("outputs.secret.secret_ref"),
                                          "expected_user_id": .unknown("outputs.app_user.user_id")]),
                ]
                var results: [String] = []
                for (plugin, parameters) in steps {
                    let result = try harness.host.run(harness.context(plugin, parameters: parameters, mode: .plan, env: "prod"))
                    results.append("\(plugin): \(result.status.rawValue) \(result.changes.map(\.summary).joined(separator: "; "))")
                }
                return (results, try Self.writes(harness.control, since: mark))
            }
        }
        #expect(writes.isEmpty, "plan mode wrote: \(writes)")
        #expect(results[0].hasPrefix("entra.tenant: unchanged"))
        #expect(results[1].contains("create application 'adobe campaign prod'"))
        #expect(results[6].contains("create solution 'Adobe Campaign Standard for Dynamics 365'"))
        for line in results[1...7] { #expect(line.contains(": changed "), "\(line)") }
    }

    @Test("a plugin that writes with an empty plan, or while reading, is stopped by the host")
    func buggyPluginsCaught() async throws {
        let folder = try TempPlugins([
            "buggy/empty_plan.lua": TempPlugins.plugin().replacingOccurrences(
                of: "apply = function(ctx, current, changes) return {} end",
                with: "apply = function() graph.post('/applications', { displayName = 'sneaky' }) return {} end"),
            "buggy/writes_in_read.lua": TempPlugins.plugin().replacingOccurrences(
                of: "read = function(ctx) return {} end",
                with: "read = function() graph.post('/applications', { displayName = 'sneaky' }) return {} end"),
        ])
        let root = folder.root.path
        let (errors, writes) = try await TwinFixture.with { twin in
            try await blocking {
                let harness = try HostHarness(twin: twin, pluginPaths: [root])
                let mark = try Self.lastSequence(harness.control)
                var errors: [StepError] = []
                for plugin in ["buggy.empty_plan", "buggy.writes_in_read"] {
                    do {
                        _ = try harness.host.run(harness.context(plugin, step: "bug", mode: .apply))
                    } catch let error as StepError {
                        errors.append(error)
                    }
                }
                return (errors, try Self.writes(harness.control, since: mark))
            }
        }
        #expect(errors.count == 2)
        #expect(errors.first?.code == "plan.write_refused")
        #expect(errors.first?.phase == .apply)
        #expect(errors.first?.description
            == "step bug (buggy.empty_plan) apply: graph.post refused (POST /applications): the plan of step bug is empty, so apply may only compute outputs")
        #expect(errors.last?.phase == .read)
        #expect(errors.last?.message.hasSuffix("read is read-only; only apply writes") == true)
        #expect(errors.first?.position?.contains("buggy/empty_plan.lua:") == true)
        #expect(writes.isEmpty)
    }
}

import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting
import Testing

@Suite("Steps: read, plan, apply, verify")
struct StepRunnerTests {
    static let plugins: [String: String] = [
        "test/forbidden.lua": """
            return {
              summary = "calls Graph in apply",
              params = {}, outputs = {},
              read = function(ctx) return {} end,
              plan = function(ctx, current) return { { action = "update", target = "organization" } } end,
              apply = function(ctx, current, changes)
                log.info("about to call Graph")
                graph.get("/organization")
                return {}
              end,
            }
            """,
        "test/counter.lua": """
            -- plans a change unless a team named params.name exists; outputs the team id
            return {
              summary = "a team by name",
              params = { name = { type = "string", required = true, doc = "team name" },
                         fail_verify = { type = "boolean", default = false, doc = "raise in verify" } },
              outputs = { team_id = "the team", marker = "the ownership marker", params = "the params as JSON" },
              read = function(ctx)
                local rows = dataverse.list("teams?$select=teamid&$filter=name eq '" .. ctx.params.name .. "'")
                return { team = rows[1] }
              end,
              plan = function(ctx, current)
                if current.team then return {} end
                return { { action = "create", target = "team " .. ctx.params.name, detail = "owner team", data = { n = 1 } } }
              end,
              apply = function(ctx, current, changes)
                local id = current.team and current.team.teamid
                if #changes > 0 then id = dataverse.create("teams", { name = ctx.params.name }) end
                return { team_id = id, marker = ctx.marker, params = json.encode(ctx.params) }
              end,
              verify = function(ctx, outputs)
                if ctx.params.fail_verify then error({ code = "team.verify", message = "verify saw " .. outputs.team_id }) end
              end,
            }
            """,
        "test/spin.lua": TempPlugins.plugin().replacingOccurrences(
            of: "read = function(ctx) return {} end", with: "read = function(ctx) while true do end end"),
        "test/bad_plan.lua": TempPlugins.plugin().replacingOccurrences(
            of: "plan = function(ctx, current) return {} end",
            with: "plan = function() return { { action = 'creat', target = 'x' } } end"),
        "test/bad_outputs.lua": TempPlugins.plugin(outputs: "{ client_id = 'id' }").replacingOccurrences(
            of: "apply = function(ctx, current, changes) return {} end",
            with: "apply = function() return { client_idd = 'x' } end"),
        "test/no_outputs.lua": TempPlugins.plugin().replacingOccurrences(
            of: "apply = function(ctx, current, changes) return {} end", with: "apply = function() end"),
        "test/context.lua": """
            return {
              summary = "looks at ctx",
              params = { list = { type = "list", default = { "a", "b" }, doc = "a list" },
                         later = { type = "string", doc = "known after apply" } },
              outputs = { report = "what ctx looked like" },
              read = function(ctx) return {} end,
              plan = function(ctx, current) return {} end,
              apply = function(ctx, current, changes)
                local r = {
                  marker = ctx.marker, mode = ctx.mode, step = ctx.step, env = ctx.env.name, count = #ctx.params.list,
                  first = ctx.params.list[1], type = type(ctx.params.list), encoded = json.encode(ctx.params.list),
                  set = select(2, pcall(function() ctx.params.list = {} end)),
                  set_nested = select(2, pcall(function() ctx.params.list[3] = "c" end)),
                  set_top = select(2, pcall(function() ctx.mode = "apply" end)),
                  unknown = ctx.unknown(ctx.params.later), known = ctx.unknown(ctx.params.list),
                  later = tostring(ctx.params.later),
                  concat = select(2, pcall(function() return "x" .. ctx.params.later end)),
                  earlier = ctx.outputs.app and ctx.outputs.app.client_id,
                }
                local items = {}
                for _, v in ipairs(ctx.params.list) do items[#items + 1] = v end
                r.items = table.concat(items, ",")
                return { report = json.encode(r) }
              end,
            }
            """,
    ]

    private func withHost<T: Sendable>(
        limits: LuaLimits = .pluginDefault, _ body: @escaping @Sendable (HostHarness) throws -> T
    ) async throws -> T {
        let folder = try TempPlugins(Self.plugins)
        let root = folder.root.path
        let result = try await TwinFixture.with { twin in
            try await blocking { try body(try HostHarness(twin: twin, pluginPaths: [root], limits: limits)) }
        }
        withExtendedLifetime(folder) {}
        return result
    }

    @Test("a cloud error becomes a StepError naming step, plugin, phase, the service's code and the request-id")
    func cloudErrorMessage() async throws {
        let error = try await withHost { harness in
            try harness.control.addRule(["service": "graph", "path_prefix": "/v1.0/organization", "status": 403, "count": 1])
            do {
                _ = try harness.host.run(harness.context("test.forbidden", step: "app"))
            } catch let error as StepError {
                return error
            }
            return StepError(step: "", plugin: "", phase: .read, code: "none", message: "the step succeeded")
        }
        #expect(error.code == "graph.forbidden")
        #expect(error.phase == .apply)
        #expect(error.status == 403)
        #expect(error.serviceCode == "Authorization_RequestDenied")
        let requestId = try #require(error.requestId)
        #expect(error.description.hasPrefix(
            "step app (test.forbidden) apply: Graph 403 Authorization_RequestDenied: Injected failure 403. (request-id \(requestId)"))
        #expect(error.position?.contains("test/forbidden.lua:8") == true, "\(error.position ?? "")")
        #expect(error.traceback?.contains("test/forbidden.lua") == true)
        #expect(error.logs.map(\.message) == ["about to call Graph"])
        #expect(error.exchanges.contains { $0.status == 403 && $0.url.hasSuffix("/v1.0/organization") })
    }

    @Test("plan mode: planned changes leave outputs unknown; an empty plan computes them read-only; apply then verify (not after an empty plan)")
    func phasesAndOutputs() async throws {
        let (planned, applied, replanned, verifyError) = try await withHost { harness in
            let parameters: [String: StepValue] = ["name": "runner team"]
            let planned = try harness.host.run(harness.context("test.counter", step: "team", parameters: parameters, mode: .plan))
            let applied = try harness.host.run(harness.context("test.counter", step: "team", parameters: parameters))
            let replanned = try harness.host.run(harness.context("test.counter", step: "team", parameters: parameters, mode: .plan))
            // An empty plan skips verify (nothing was applied); a step that changes something runs it.
            let unchanged = try harness.host.run(harness.context(
                "test.counter", step: "team", parameters: ["name": "runner team", "fail_verify": true]))
            #expect(unchanged.status == .unchanged)
            var verifyError: StepError?
            do {
                _ = try harness.host.run(harness.context(
                    "test.counter", step: "team", parameters: ["name": "second runner team", "fail_verify": true]))
            } catch let error as StepError {
                verifyError = error
            }
            return (planned, applied, replanned, verifyError)
        }
        #expect(planned.status == .changed)
        #expect(planned.changes == [PlannedChange(action: .create, target: "team runner team", detail: "owner team", data: ["n": 1])])
        #expect(planned.outputs == [
            "team_id": .unknown("outputs.team.team_id"), "marker": .unknown("outputs.team.marker"),
            "params": .unknown("outputs.team.params"),
        ])
        #expect(planned.exchanges.allSatisfy { $0.method == "GET" || $0.url.hasSuffix("/token") })
        #expect(applied.status == .changed)
        let teamId = try #require(applied.outputs["team_id"]?.stringValue)
        #expect(applied.outputs["marker"] == "stepwise:adobe-campaign-d365:default:stage")
        #expect(applied.outputs["params"] == #"{"fail_verify":false,"name":"runner team"}"#)
        #expect(applied.exchanges.contains { $0.method == "POST" && $0.status == 204 })
        #expect(replanned.status == .unchanged)
        #expect(replanned.changes.isEmpty)
        #expect(replanned.outputs["team_id"] == .string(teamId))
        #expect(verifyError?.phase == .verify)
        #expect(verifyError?.code == "team.verify")
        #expect(verifyError?.message.hasPrefix("verify saw ") == true)
        #expect(verifyError?.message != "verify saw \(teamId)", "verify ran for the team just created")
    }

    @Test("ctx is a read-only view with the marker, unknown values and earlier outputs")
    func context() async throws {
        let report = try await withHost { harness in
            let context = harness.context(
                "test.context", step: "look", parameters: ["later": .unknown("outputs.app.display_name")], mode: .apply,
                outputs: ["app": ["client_id": "abc"]])
            let result = try harness.host.run(context)
            let plugin = try harness.host.plugin("test.context")
            let evaluated = try plugin.sandbox.run("return ctx.step .. ' ' .. ctx.params.list[2]", name: "=(debugger)")
            return (result.outputs["report"]?.stringValue ?? "", evaluated.first?.stringValue ?? "")
        }
        let json = try JSONValue.parse(report.0)
        #expect(json["marker"] == "stepwise:adobe-campaign-d365:default:stage")
        #expect(json["mode"] == "apply")
        #expect(json["step"] == "look")
        #expect(json["env"] == "stage")
        #expect(json["count"] == 2)
        #expect(json["first"] == "a")
        #expect(json["type"] == "userdata")
        #expect(json["encoded"] == #"["a","b"]"#)
        #expect(json["items"] == "a,b")
        for field in ["set", "set_nested", "set_top"] {
            #expect(json[field]?.stringValue?.contains("read-only") == true, "\(field): \(json[field] ?? .null)")
        }
        #expect(json["unknown"] == true)
        #expect(json["known"] == false)
        #expect(json["later"] == "(known after apply: outputs.app.display_name)")
        #expect(json["concat"]?.stringValue?.contains("outputs.app.display_name is only known after apply") == true)
        #expect(json["earlier"] == "abc")
        #expect(report.1 == "look b")
    }

    @Test("contract violations and limits are named")
    func contractAndLimits() async throws {
        let errors = try await withHost(limits: LuaLimits(instructions: 200_000, memoryMB: 64)) { harness in
            try ["test.bad_plan", "test.bad_outputs", "test.no_outputs", "test.spin"].map { plugin in
                do {
                    _ = try harness.host.run(harness.context(plugin, step: "s"))
                    return StepError(step: "", plugin: plugin, phase: .read, code: "none", message: "succeeded")
                } catch let error as StepError {
                    return error
                }
            }
        }
        #expect(errors[0].code == "plugin.contract")
        #expect(errors[0].phase == .plan)
        #expect(errors[0].message.contains("plan returned change 1 with action 'creat' (did you mean 'create'?)"))
        #expect(errors[1].message.contains("apply returned the output 'client_idd', which the plugin does not declare (did you mean 'client_id'?)"))
        #expect(errors[2].message.contains("apply must return the outputs table"))
        #expect(errors[3].code == "lua.instruction_limit")
        #expect(errors[3].phase == .read)
        #expect(errors[3].message.contains("instruction budget of 200000 exceeded"))
    }

    @Test("exchange bodies are bounded")
    func exchangesBounded() async throws {
        let emitted = try await withHost { harness in
            _ = try harness.script("""
                for i = 1, 30 do graph.post('/applications', { displayName = 'bulk ' .. i, notes = string.rep('n', 500) }) end
                return #graph.list('/applications')
                """)
            return harness.emittedText
        }
        let lines = emitted.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("{") && $0.hasSuffix(" bytes)") }, "a response body over the limit is cut")
        #expect(lines.allSatisfy { $0.utf8.count <= StepExchange.bodyLimit + 40 })
    }

    @Test("a line hook on the host's Lua state sees the plugin's lines and evaluates in the step's frame")
    func lineHook() async throws {
        let (lines, evaluated) = try await withHost { harness in
            var lines: Set<String> = []
            var evaluated: [String] = []
            harness.host.luaState.setLineHook { event in
                guard event.source.hasSuffix("test/context.lua") else { return }
                lines.insert("\(event.line)")
                if event.line == 9, evaluated.isEmpty {
                    evaluated = try event.evaluate("ctx.step .. ':' .. #ctx.params.list").compactMap(\.stringValue)
                }
            }
            _ = try harness.host.run(harness.context("test.context", step: "hooked", parameters: ["later": "x"]))
            harness.host.luaState.removeLineHook()
            return (lines, evaluated)
        }
        #expect(lines.contains("9"), "the hook saw apply's first line: \(lines.sorted())")
        #expect(evaluated == ["hooked:2"])
    }
}

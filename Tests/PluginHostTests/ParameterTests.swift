import Foundation
import PluginHost
import Testing

@Suite("Parameter resolution")
struct ParameterTests {
    private static let source = TempPlugins.plugin(params: """
        {
          display_name = { type = "string", required = true, doc = "the application's display name" },
          lifetime_days = { type = "integer", default = 365, doc = "days until the secret expires" },
          ratio = { type = "number", default = 0.5, doc = "a ratio" },
          consent = { type = "boolean", default = false, doc = "grant consent" },
          processes = { type = "list", default = { "a", "b" }, doc = "process names" },
          extra = { type = "table", doc = "anything" },
        }
        """)

    private func withPlugin(_ body: (Plugin) throws -> Void) throws {
        let folder = try TempPlugins(["entra/app_registration.lua": Self.source])
        let host = try offlineHost(pluginPaths: [folder.root.path])
        try body(try host.plugin("entra.app_registration"))
    }

    @Test("defaults are applied and values normalised to their type")
    func defaults() throws {
        try withPlugin { plugin in
            let resolved = try plugin.resolveParameters(["display_name": "adobe", "lifetime_days": .double(180)], step: "app")
            #expect(resolved == [
                "display_name": "adobe", "lifetime_days": 180, "ratio": 0.5, "consent": false, "processes": ["a", "b"],
            ])
            let empty = try plugin.resolveParameters(["display_name": "x", "processes": .object([:]), "extra": ["k": 1]], step: "app")
            #expect(empty["processes"] == .array([]))
            #expect(empty["extra"] == ["k": 1])
        }
    }

    @Test("a missing required parameter names the plugin, the step and the parameter")
    func missingRequired() throws {
        try withPlugin { plugin in
            let error = try #require(throws: ParameterError.self) { try plugin.resolveParameters([:], step: "app") }
            #expect(error.description
                == "step app (entra.app_registration): parameter 'display_name' is required (the application's display name)")
            #expect(throws: ParameterError.self) { try plugin.resolveParameters(["display_name": .null], step: "app") }
        }
    }

    @Test("a wrong type names the expected and the actual type")
    func wrongTypes() throws {
        try withPlugin { plugin in
            let error = try #require(throws: ParameterError.self) {
                try plugin.resolveParameters(
                    ["display_name": 7, "lifetime_days": "365", "ratio": "x", "consent": 1, "processes": "a", "extra": "b"],
                    step: "app")
            }
            #expect(error.issues == [
                "parameter 'consent' must be a boolean, got integer 1",
                "parameter 'display_name' must be a string, got integer 7",
                "parameter 'extra' must be a table, got string \"b\"",
                "parameter 'lifetime_days' must be an integer, got string \"365\"",
                "parameter 'processes' must be a list, got string \"a\"",
                "parameter 'ratio' must be a number, got string \"x\"",
            ])
            let fraction = try #require(throws: ParameterError.self) {
                try plugin.resolveParameters(["display_name": "x", "lifetime_days": 1.5], step: "app")
            }
            #expect(fraction.issues == ["parameter 'lifetime_days' must be an integer, got number 1.5"])
        }
    }

    @Test("an unknown parameter is refused with a suggestion")
    func unknownParameter() throws {
        try withPlugin { plugin in
            let error = try #require(throws: ParameterError.self) {
                try plugin.resolveParameters(["display_name": "x", "lifetime_day": 3], step: "app")
            }
            #expect(error.issues == ["unknown parameter 'lifetime_day' (did you mean 'lifetime_days'?)"])
        }
    }

    @Test("values only known after apply pass any type check")
    func unknownValues() throws {
        try withPlugin { plugin in
            let resolved = try plugin.resolveParameters(
                ["display_name": .unknown("outputs.app.display_name"), "lifetime_days": .unknown("params.days")], step: "app")
            #expect(resolved["display_name"] == .unknown("outputs.app.display_name"))
            #expect(resolved["lifetime_days"] == .unknown("params.days"))
        }
    }

    @Test("a step with bad parameters fails in the params phase before any Lua runs")
    func stepFailsOnParameters() throws {
        let folder = try TempPlugins(["entra/app_registration.lua": Self.source])
        let host = try offlineHost(pluginPaths: [folder.root.path])
        let error = try #require(throws: StepError.self) {
            try host.run(StepContext(
                step: "app", plugin: "entra.app_registration", parameters: ["lifetime_days": "x"],
                environment: EnvironmentSettings(name: "stage"), mode: .plan, runId: "r", runbook: "rb"))
        }
        #expect(error.phase == .params)
        #expect(error.code == "params.invalid")
        #expect(error.description.hasPrefix("step app (entra.app_registration) params: parameter 'display_name' is required"))
    }
}

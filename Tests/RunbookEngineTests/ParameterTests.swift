import Foundation
import PluginHost
import RunbookEngine
import StepwiseTesting
import Testing

@Suite struct ParameterTests {
    private func runbook() throws -> (Runbook, TempFolder) {
        let folder = try TempFolder()
        let runbook = try Runbook.read(try folder.write("mini.lua", miniRunbook()), display: "mini.lua")
        return (runbook, folder)
    }

    @Test func defaultsResolveForTheEnvironment() throws {
        let (runbook, _) = try runbook()
        let values = try runbook.parameterValues(environment: "prod", settings: try runbook.settings(of: "prod"))
        #expect(values == ["app_name": "app prod", "days": .int(30), "flag": .bool(false)])
    }

    @Test func commandLineValuesAreTypedByTheirDeclaration() throws {
        let (runbook, _) = try runbook()
        let given = try runbook.parseParameterArguments(["days=90", "flag=yes", "app_name=x=y"])
        #expect(given == ["days": .int(90), "flag": .bool(true), "app_name": "x=y"])
        let values = try runbook.parameterValues(environment: "stage", settings: [:], given: given)
        #expect(values["days"] == .int(90))
        #expect(values["app_name"] == "x=y")
    }

    @Test func badCommandLineValuesAreNamed() throws {
        let (runbook, _) = try runbook()
        let found = problems { _ = try runbook.parseParameterArguments(["days=soon", "dayz=3", "novalue"]) }
        #expect(found == [
            "command line: --param days: \"soon\" is not of type integer",
            "command line: --param dayz: the runbook declares no parameter 'dayz' (did you mean 'days'?)",
            "command line: --param novalue: expected NAME=VALUE",
        ])
    }

    @Test func anUnknownEnvironmentIsNamedWithTheKnownOnes() throws {
        let (runbook, _) = try runbook()
        let found = problems { _ = try runbook.settings(of: "prd") }
        #expect(found == ["mini.lua: unknown environment 'prd' (the runbook has prod, stage) (did you mean 'prod'?)"])
    }

    @Test func aRequiredParameterWithoutValueIsAnError() throws {
        let folder = try TempFolder()
        let file = try folder.write("req.lua", """
            return {
              name = "req", summary = "s",
              params = { owner = { type = "string", required = true, doc = "who" } },
              environments = { stage = {} },
              steps = {},
            }
            """)
        let runbook = try Runbook.read(file, display: "req.lua")
        let found = problems { _ = try runbook.parameterValues(environment: "stage", settings: [:]) }
        #expect(found == ["req.lua:3: parameter 'owner' is required: set it in the overlay's params or pass --param owner=VALUE"])
    }
}

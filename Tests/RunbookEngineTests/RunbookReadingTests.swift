import Foundation
import RunbookEngine
import StepwiseTesting
import Testing

@Suite struct RunbookReadingTests {
    @Test func theAdobeRunbookReadsWithItsStepsParametersAndEnvironments() throws {
        let runbook = try Runbook.read(repositoryRoot.appendingPathComponent("runbooks/adobe-campaign-d365.lua"))
        #expect(runbook.name == "adobe-campaign-d365")
        #expect(runbook.steps.map(\.id) == [
            "tenant", "app", "permission", "secret", "app_user", "role", "solution", "processes", "verify", "handoff",
        ])
        #expect(runbook.step("app")?.uses == "entra.app_registration")
        #expect(runbook.step("secret")?.with["lifetime_days"] == .string("${params.secret_lifetime_days}"))
        #expect(runbook.parameters["secret_lifetime_days"]?.type == "integer")
        #expect(runbook.parameters["secret_lifetime_days"]?.defaultValue == .int(365))
        #expect(runbook.environmentNames == ["prod", "stage"])
        #expect(runbook.needsConfirmation("prod"))
        #expect(!runbook.needsConfirmation("stage"))
        #expect(runbook.customer == "default")
    }

    @Test func stepLocationsPointAtTheLineOfTheirId() throws {
        let folder = try TempFolder()
        let file = try folder.write("mini.lua", miniRunbook())
        let runbook = try Runbook.read(file, display: "mini.lua")
        #expect(runbook.step("first")?.location.description == "mini.lua:14")
        #expect(runbook.step("second")?.location.description == "mini.lua:15")
    }

    @Test func aSyntaxErrorIsReportedAsFileLineMessage() throws {
        let folder = try TempFolder()
        let file = try folder.write("broken.lua", "return {\n  name = \"x\",\n  steps = { { id = \"a\" uses = \"b\" } },\n}\n")
        let found = problems { _ = try Runbook.read(file, display: "runbooks/broken.lua") }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("runbooks/broken.lua:3: ") == true, "\(found)")
        #expect(found.first?.contains("'}' expected") == true, "\(found)")
    }

    @Test func aRuntimeErrorNamesItsLineAndARunawayLoopIsStopped() throws {
        let folder = try TempFolder()
        let failing = try folder.write("fail.lua", "local x = nil\nreturn x.y\n")
        #expect(problems { _ = try Runbook.read(failing, display: "fail.lua") }.first?.hasPrefix("fail.lua:2: ") == true)
        let looping = try folder.write("loop.lua", "while true do end\n")
        let found = problems { _ = try Runbook.read(looping, display: "loop.lua") }
        #expect(found.first?.contains("instruction budget") == true, "\(found)")
    }

    @Test func unknownFieldsAreNamedWithTheirLineStepAndASuggestion() throws {
        let folder = try TempFolder()
        let file = try folder.write("typo.lua", miniRunbook(steps: """
                { id = "first", uses = "demo.first" },
                { id = "second", usse = "demo.second",
                  wiht = { x = 1 } },
            """, extra: "\n  sumary = \"typo\","))
        let found = problems { _ = try Runbook.read(file, display: "typo.lua") }
        #expect(found.contains("typo.lua:13: unknown field 'sumary' (did you mean 'summary'?)"), "\(found)")
        #expect(found.contains("typo.lua:16: step 'second': unknown field 'usse' (did you mean 'uses'?)"), "\(found)")
        #expect(found.contains("typo.lua:17: step 'second': unknown field 'wiht' (did you mean 'with'?)"), "\(found)")
        #expect(found.contains("typo.lua:16: step 'second': field 'uses' is missing"), "\(found)")
    }

    @Test func duplicateIdsAndNonStringUsesAreErrors() throws {
        let folder = try TempFolder()
        let file = try folder.write("dup.lua", miniRunbook(steps: """
                { id = "first", uses = "demo.first" },
                { id = "again", uses = 42 },
                { id = "first", uses = "demo.other" },
            """))
        let found = problems { _ = try Runbook.read(file, display: "dup.lua") }
        #expect(found.contains("dup.lua:15: step 'again': field 'uses' must be a string (got number)"), "\(found)")
        #expect(found.contains { $0.hasPrefix("dup.lua:16: step 'first': duplicate step id (first declared at dup.lua:14)") },
                "\(found)")
    }

    @Test func parameterDeclarationsAreChecked() throws {
        let folder = try TempFolder()
        let file = try folder.write("params.lua", """
            return {
              name = "p", summary = "s",
              params = {
                a = { type = "strng", doc = "x" },
                b = { type = "integer", default = "many", doc = "x" },
                c = { type = "string" },
              },
              environments = { stage = {} },
              steps = {},
            }
            """)
        let found = problems { _ = try Runbook.read(file, display: "params.lua") }
        #expect(found.contains(
            "params.lua:4: field 'params.a.type' must be one of string, integer, number, boolean, table, list (got \"strng\") (did you mean 'string'?)"),
            "\(found)")
        #expect(found.contains("params.lua:5: field 'params.b.default' must be of type integer (got string)"), "\(found)")
        #expect(found.contains("params.lua:6: field 'params.c.doc' is missing"), "\(found)")
    }

    @Test func badReferencesAreReportedWhenTheFileIsRead() throws {
        let folder = try TempFolder()
        let file = try folder.write("refs.lua", miniRunbook(steps: """
                { id = "first", uses = "demo.first", with = { name = "${parms.app_name}", other = "${env" } },
            """))
        let found = problems { _ = try Runbook.read(file, display: "refs.lua") }
        #expect(found.contains { $0.hasPrefix("refs.lua:14: step 'first': field 'with.name': unknown reference ${parms.app_name}") },
                "\(found)")
        #expect(found.contains { $0.hasPrefix("refs.lua:14: step 'first': field 'with.other': '${' without a closing '}'") },
                "\(found)")
    }

    @Test func aFileThatReturnsNoTableOrLacksFieldsIsAnError() throws {
        let folder = try TempFolder()
        let nothing = try folder.write("nothing.lua", "return 42\n")
        #expect(problems { _ = try Runbook.read(nothing, display: "nothing.lua") }
            == ["nothing.lua: a runbook must return a table (got number)"])
        let empty = try folder.write("empty.lua", "return { name = \"e\" }\n")
        let found = problems { _ = try Runbook.read(empty, display: "empty.lua") }
        #expect(found.contains("empty.lua: field 'environments' is missing"))
        #expect(found.contains("empty.lua: field 'steps' is missing"))
        #expect(found.contains("empty.lua: field 'summary' is missing"))
    }
}

import Foundation
import PluginHost
import RunbookEngine
import StepwiseTesting
import Testing

@Suite struct OverlayTests {
    @Test func contosoInsertsItsTeamStepAfterRoleAndSetsItsTenantAndLifetime() throws {
        let runbook = try Runbook.read(repositoryRoot.appendingPathComponent("runbooks/adobe-campaign-d365.lua"))
        let overlay = try Overlay.read(repositoryRoot.appendingPathComponent("runbooks/customers/contoso.lua"))
        let merged = try runbook.applying(overlay)
        #expect(merged.customer == "contoso")
        let ids = merged.steps.map(\.id)
        #expect(ids == ["tenant", "app", "permission", "secret", "app_user", "role", "team", "solution", "processes",
                        "verify", "handoff"])
        #expect(merged.step("team")?.uses == "contoso.team_membership")
        #expect(merged.step("team")?.location.file.hasSuffix("contoso.lua") == true)
        #expect(merged.environments["stage"]?["tenant"] == .string("contoso.onmicrosoft.com"))
        #expect(merged.environments["prod"]?["confirm"] == .bool(true), "the runbook's settings stay under the overlay's")
        #expect(merged.pluginPaths.last?.path.hasSuffix("runbooks/customers/contoso/plugins") == true)
        let settings = try merged.settings(of: "stage")
        let values = try merged.parameterValues(environment: "stage", settings: settings)
        #expect(values["secret_lifetime_days"] == .int(180))
        #expect(values["app_name"] == .string("adobe campaign stage"))
        #expect(values["install_through_api"] == .bool(true))
    }

    private func merged(_ overlayText: String, runbook runbookText: String = miniRunbook()) throws -> Runbook {
        let folder = try TempFolder()
        let runbook = try Runbook.read(try folder.write("mini.lua", runbookText), display: "mini.lua")
        let overlay = try Overlay.read(try folder.write("acme.lua", overlayText), display: "acme.lua")
        return try runbook.applying(overlay)
    }

    @Test func insertBeforeAndAfterReplaceAndRemove() throws {
        let runbook = try merged("""
            return {
              extends = "mini", customer = "acme",
              insert = {
                { before = "first", step = { id = "zero", uses = "demo.zero" } },
                { after = "first", step = { id = "middle", uses = "demo.middle", with = { n = 1 } } },
              },
              replace = { second = { uses = "demo.second_v2", with = { days = 7 } } },
              remove = {},
            }
            """)
        #expect(runbook.steps.map(\.id) == ["zero", "first", "middle", "second"])
        #expect(runbook.step("second")?.uses == "demo.second_v2")
        #expect(runbook.step("second")?.with == ["days": .int(7)])
        #expect(runbook.step("middle")?.location.description == "acme.lua:5")

        let removed = try merged("""
            return { extends = "mini", customer = "acme", remove = { "second" } }
            """)
        #expect(removed.steps.map(\.id) == ["first"])
    }

    @Test func overlayMistakesNameTheOverlayFileAndLine() throws {
        let found = problems {
            _ = try merged("""
                return {
                  extends = "mini", customer = "acme",
                  environments = { stag = { tenant = "x" } },
                  params = { dayz = 3, flag = "yes" },
                  remove = { "thrid" },
                  replace = { nope = { uses = "demo.x" } },
                  insert = { { after = "ghost", step = { id = "new", uses = "demo.new" } },
                             { after = "first", step = { id = "first", uses = "demo.dup" } } },
                }
                """)
        }
        #expect(found.contains("acme.lua: environment 'stag' is not one of the runbook's (prod, stage) (did you mean 'stage'?)"), "\(found)")
        #expect(found.contains("acme.lua:4: params.dayz: the runbook declares no parameter 'dayz' (did you mean 'days'?)"), "\(found)")
        #expect(found.contains("acme.lua:4: params.flag must be of type boolean (got string)"), "\(found)")
        #expect(found.contains("acme.lua:5: step 'thrid': remove: the runbook has no step 'thrid'"), "\(found)")
        #expect(found.contains("acme.lua:6: step 'nope': replace: the runbook has no step 'nope'"), "\(found)")
        #expect(found.contains("acme.lua:7: step 'new': insert: 'after' names no step 'ghost'"), "\(found)")
        #expect(found.contains { $0.hasPrefix("acme.lua:8: step 'first': insert: a step with this id already exists") }, "\(found)")
    }

    @Test func anOverlayOfAnotherRunbookIsRefused() throws {
        let found = problems { _ = try merged("return { extends = \"other\", customer = \"acme\" }\n") }
        #expect(found == ["acme.lua: field 'extends' names runbook 'other', but mini.lua is 'mini'"])
    }

    @Test func anInsertionNeedsExactlyOneAnchorAndAReplacementKeepsItsId() throws {
        let found = problems {
            _ = try merged("""
                return {
                  extends = "mini", customer = "acme",
                  insert = { { step = { id = "x", uses = "demo.x" } } },
                  replace = { first = { id = "renamed", uses = "demo.first" } },
                }
                """)
        }
        #expect(found.contains("acme.lua:3: step 'x': field 'insert[1]' needs exactly one of 'after' and 'before'"), "\(found)")
        #expect(found.contains { $0.contains("field 'replace.first.id' must be 'first'") }, "\(found)")
    }
}

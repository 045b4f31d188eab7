import Foundation
import PluginHost
import RunbookEngine
import StepwiseTesting
import Testing

/// The checks made before any request, against the project's real plugins (through a host that cannot send).
@Suite struct ValidationTests {
    private func validate(_ steps: String, extra: String = "") throws -> [String] {
        let folder = try TempFolder()
        let runbook = try Runbook.read(try folder.write("v.lua", miniRunbook(steps: steps, extra: extra)), display: "v.lua")
        let host = try EngineHost.offlineHost(pluginPaths: [repositoryRoot.appendingPathComponent("plugins").path])
        let settings = try runbook.settings(of: "stage")
        let parameters = try runbook.parameterValues(environment: "stage", settings: settings)
        return problems { try runbook.validate(environment: "stage", settings: settings, parameters: parameters, host: host) }
    }

    @Test func aValidRunbookPasses() throws {
        #expect(try validate("""
                { id = "tenant", uses = "entra.tenant", with = { domain = "${env.tenant}" } },
                { id = "app", uses = "entra.app_registration", with = { display_name = "${params.app_name}" } },
                { id = "secret", uses = "entra.client_secret", with = {
                    application_object_id = "${outputs.app.object_id}",
                    client_id = "${outputs.app.client_id}",
                    lifetime_days = "${params.days}",
                } },
            """) == [])
    }

    @Test func anUnknownPluginIsNamedWithASuggestion() throws {
        let found = try validate("""
                { id = "app", uses = "entra.app_registraton", with = { display_name = "x" } },
            """)
        #expect(found == ["v.lua:14: step 'app': unknown plugin 'entra.app_registraton' (did you mean 'entra.app_registration'?)"])
    }

    @Test func outputReferencesMustNameEarlierStepsAndDeclaredOutputs() throws {
        let found = try validate("""
                { id = "secret", uses = "entra.client_secret", with = {
                    application_object_id = "${outputs.app.object_id}",
                    client_id = "${outputs.ghost.client_id}",
                } },
                { id = "app", uses = "entra.app_registration", with = { display_name = "x" } },
                { id = "tenant", uses = "entra.tenant", with = { domain = "${outputs.app.clientid}" } },
            """)
        #expect(found.contains("v.lua:15: step 'secret': field 'with.application_object_id': ${outputs.app.object_id} refers to step 'app', which runs later"), "\(found)")
        #expect(found.contains("v.lua:16: step 'secret': field 'with.client_id': ${outputs.ghost.client_id} refers to an unknown step 'ghost'"), "\(found)")
        #expect(found.contains("v.lua:19: step 'tenant': field 'with.domain': step 'app' (entra.app_registration) has no output 'clientid' (did you mean 'client_id'?)"), "\(found)")
    }

    @Test func parametersAreCheckedAgainstThePluginDeclaration() throws {
        let found = try validate("""
                { id = "app", uses = "entra.app_registration", with = { display_nme = "x" } },
                { id = "secret", uses = "entra.client_secret", with = {
                    application_object_id = "o", client_id = "c",
                    lifetime_days = "${params.app_name}",
                    renew_days = "${params.flag}",
                } },
                { id = "tenant", uses = "entra.tenant", with = { domain = "${params.nope}" } },
            """)
        #expect(found.contains("v.lua:14: step 'app': entra.app_registration: unknown parameter 'display_nme' (did you mean 'display_name'?)"), "\(found)")
        #expect(found.contains("v.lua:14: step 'app': entra.app_registration: parameter 'display_name' is required (the application's display name)"), "\(found)")
        #expect(found.contains("v.lua:17: step 'secret': entra.client_secret: parameter 'lifetime_days' must be an integer, got string \"app stage\""), "\(found)")
        #expect(found.contains("v.lua:18: step 'secret': entra.client_secret: parameter 'renew_days' must be an integer, got boolean false"), "\(found)")
        #expect(found.contains { $0.hasPrefix("v.lua:20: step 'tenant': field 'with.domain': ${params.nope}: the runbook declares no parameter 'nope'") }, "\(found)")
    }

    @Test func aMissingEnvironmentSettingIsNamed() throws {
        let found = try validate("""
                { id = "tenant", uses = "entra.tenant", with = { domain = "${env.org}" } },
            """)
        #expect(found.contains { $0.hasPrefix("v.lua:14: step 'tenant': field 'with.domain': ${env.org}: environment 'stage' has no setting 'org'") },
                "\(found)")
    }
}

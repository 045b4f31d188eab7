import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import Testing

@Suite("Plugin loading and declaration checks")
struct PluginLoadingTests {
    /// The load error of plugin `id` in a folder holding `source` at `path`.
    private func loadError(_ source: String, path: String = "entra/tenant.lua", id: String = "entra.tenant") throws -> String {
        let folder = try TempPlugins([path: source])
        let host = try offlineHost(pluginPaths: [folder.root.path])
        do {
            _ = try host.plugin(id)
        } catch {
            return error.description
        }
        Issue.record("plugin \(id) loaded although it is malformed")
        return ""
    }

    @Test("a mistyped parameter type names the file, the field, the choices and the value")
    func mistypedParameterType() throws {
        let folder = try TempPlugins(["entra/tenant.lua": TempPlugins.plugin(params: #"{ domain = { type = "strng", doc = "d" } }"#)])
        let host = try offlineHost(pluginPaths: [folder.root.path])
        let error = try #require(throws: PluginLoadError.self) { try host.plugin("entra.tenant") }
        #expect(error.description == folder.path("entra/tenant.lua")
            + #": field 'params.domain.type' must be one of string, integer, number, boolean, table, list (got "strng")"#)
        #expect(error.field == "params.domain.type")
    }

    @Test("missing and mistyped fields are named", arguments: [
        ("return { summary = 's', plan = function() end, apply = function() end }", "field 'read' is missing"),
        (TempPlugins.plugin("verify = 'yes',"), "field 'verify' must be a function when present (got \"yes\")"),
        (TempPlugins.plugin().replacingOccurrences(of: "summary = \"a test plugin\",", with: ""), "field 'summary' is missing"),
        (TempPlugins.plugin(outputs: "{ client_id = true }"), "field 'outputs.client_id' must be a string describing the output (got boolean)"),
        (TempPlugins.plugin(outputs: "{ 'a', 'b' }"), "field 'outputs' must be a table of output name = description strings"),
        (TempPlugins.plugin("verfy = function() end,"), "unknown field 'verfy' (did you mean 'verify'?)"),
        (TempPlugins.plugin(params: "{ x = { type = 'string', defualt = 'a', doc = 'd' } }"), "field 'params.x.defualt' is unknown (did you mean 'default'?)"),
        (TempPlugins.plugin(params: "{ x = { type = 'integer', default = 'a', doc = 'd' } }"), "field 'params.x.default' must be an integer like its type (got \"a\")"),
        (TempPlugins.plugin(params: "{ x = { type = 'string', required = 'yes', doc = 'd' } }"), "field 'params.x.required' must be a boolean"),
        (TempPlugins.plugin(params: "{ x = { type = 'string' } }"), "field 'params.x.doc' must be a string describing the parameter (got nil)"),
        (TempPlugins.plugin(params: "{ x = { type = 'string', required = true, default = 'a', doc = 'd' } }"), "is required and has a default"),
        (TempPlugins.plugin().replacingOccurrences(of: "read = function(ctx) return {} end,", with: "read = {},"), "field 'read' must be a function (got table)"),
        ("return 42", "must return the plugin declaration table"),
    ])
    func malformedDeclarations(source: String, expected: String) throws {
        let message = try loadError(source)
        #expect(message.contains("entra/tenant.lua: "), "the message names the file: \(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test("a syntax error and a runtime error at load name the file and line")
    func syntaxAndRuntimeErrors() throws {
        let syntax = try loadError("return {\n  summary = 'x'\n  read = 1 }")
        #expect(syntax.contains("entra/tenant.lua:3:"), "\(syntax)")
        let runtime = try loadError("local x = nil\nreturn x.y")
        #expect(runtime.contains("entra/tenant.lua:2:"), "\(runtime)")
    }

    @Test("top-level code may not call the cloud")
    func noCloudCallsWhileLoading() throws {
        let message = try loadError("graph.get('/organization')\n" + TempPlugins.plugin())
        #expect(message.contains("graph.get cannot be called while"), "\(message)")
    }

    @Test("plugin IDs come from paths relative to their search root; tests, _meta and lib are not plugins")
    func idsFromPaths() throws {
        let folder = try TempPlugins([
            "plugins/entra/app_registration.lua": TempPlugins.plugin(),
            "plugins/entra/app_registration_test.lua": "function test_x() end",
            "plugins/_meta/graph.lua": "---@meta graph",
            "plugins/lib/odata.lua": "return {}",
            "customers/contoso/plugins/contoso/team_membership.lua": TempPlugins.plugin(),
        ])
        let catalogue = PluginCatalogue(roots: [folder.path("plugins"), folder.path("customers/contoso/plugins")])
        #expect(catalogue.files().map(\.id) == ["contoso.team_membership", "entra.app_registration"])
        #expect(try catalogue.file(for: "contoso.team_membership").path
            == folder.path("customers/contoso/plugins/contoso/team_membership.lua"))
        #expect(catalogue.testFiles() == [folder.path("plugins/entra/app_registration_test.lua")])
        #expect(throws: PluginLoadError.self) { try catalogue.file(for: "lib.odata") }
        let unknown = try #require(throws: PluginLoadError.self) { try catalogue.file(for: "entra.app_registraton") }
        #expect(unknown.description.contains("did you mean 'entra.app_registration'?"))
    }

    @Test("the same plugin ID in two folders is refused")
    func duplicateIds() throws {
        let folder = try TempPlugins(["a/x/y.lua": TempPlugins.plugin(), "b/x/y.lua": TempPlugins.plugin()])
        let catalogue = PluginCatalogue(roots: [folder.path("a"), folder.path("b")])
        let error = try #require(throws: PluginLoadError.self) { try catalogue.file(for: "x.y") }
        #expect(error.description.contains("is also defined in \(folder.path("b/x/y.lua"))"))
    }

    @Test("require resolves lib modules across every plugin folder")
    func requireAcrossFolders() throws {
        let folder = try TempPlugins([
            "core/lib/shared.lua": "return { answer = 42 }",
            "overlay/acme/thing.lua": TempPlugins.plugin(outputs: "{ answer = 'the answer' }")
                .replacingOccurrences(of: "apply = function(ctx, current, changes) return {} end",
                                      with: "apply = function() return { answer = require('lib.shared').answer } end"),
        ])
        let host = try offlineHost(pluginPaths: [folder.path("core"), folder.path("overlay")])
        let result = try host.run(StepContext(
            step: "s", plugin: "acme.thing", environment: EnvironmentSettings(name: "stage"), mode: .apply, runId: "r", runbook: "rb"))
        #expect(result.outputs["answer"] == .int(42))
    }

    @Test("each plugin has its own sandbox: globals and library changes do not leak")
    func separateSandboxes() throws {
        let folder = try TempPlugins([
            "a/one.lua": "leaked = 'from one'\nstring.upper = function() return 'hijacked' end\n" + TempPlugins.plugin(),
            "a/two.lua": TempPlugins.plugin(outputs: "{ seen = 'x', upper = 'y' }")
                .replacingOccurrences(of: "apply = function(ctx, current, changes) return {} end",
                                      with: "apply = function() return { seen = tostring(leaked), upper = string.upper('a') } end"),
        ])
        let host = try offlineHost(pluginPaths: [folder.root.path])
        _ = try host.plugin("a.one")
        let result = try host.run(StepContext(
            step: "s", plugin: "a.two", environment: EnvironmentSettings(name: "stage"), mode: .apply, runId: "r", runbook: "rb"))
        #expect(result.outputs["seen"] == "nil")
        #expect(result.outputs["upper"] == "A")
    }

    @Test("the project's plugins all load, and listing shows their summaries")
    func projectPluginsLoad() throws {
        let host = try offlineHost(pluginPaths: [HostHarness.plugins] + HostHarness.overlayPluginFolders)
        let listing = host.listPlugins()
        #expect(listing.map(\.id) == [
            "checks.app_login", "checks.handoff", "contoso.team_membership", "dataverse.application_user",
            "dataverse.process_owner", "dataverse.security_role", "entra.api_permission", "entra.app_registration",
            "entra.client_secret", "entra.tenant", "powerplatform.app_install",
        ])
        for entry in listing {
            #expect(entry.error == nil, "\(entry.id): \(entry.error?.description ?? "")")
            #expect(entry.summary?.isEmpty == false)
        }
        let described = try host.plugin("entra.client_secret").description
        #expect(described.contains("lifetime_days: integer, default 365 - days until the secret expires"))
        #expect(described.contains("secret_ref - name of the secret in the store"))
    }
}

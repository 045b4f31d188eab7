import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting
import Testing

@Suite("Secret handles and tokens never reach Lua or any output")
struct SecretTests {
    private struct Findings: Sendable {
        var results: String
        var emitted: String
        var secret: String
        var tokens: [String]
        var stored: SecretReference?
    }

    @Test("a secretText is a handle: not printable, not encodable, stored before secret.store returns")
    func secretHandles() async throws {
        let findings = try await TwinFixture.with { twin in
            try await blocking {
                let harness = try HostHarness(twin: twin)
                let results = try harness.script("""
                    local app = graph.post("/applications", { displayName = "secret handle test" })
                    graph.post("/servicePrincipals", { appId = app.appId }, { expect = "replication" })
                    local cred = graph.post("/applications/" .. app.id .. "/addPassword",
                      { passwordCredential = { displayName = "test" } })
                    local h = cred.secretText
                    log.info("the secret is %s", h)
                    log.warn("and again: %s %q", h, tostring(h))
                    print("printed:", h)
                    local r = {
                      type = type(h), text = tostring(h), is_handle = secret.is_handle(h), plain = secret.is_handle("x"),
                      format = string.format("value %s", h), meta = getmetatable(h),
                      encode = select(2, pcall(json.encode, { s = h })),
                      concat = select(2, pcall(function() return "x" .. h end)),
                      index = select(2, pcall(function() return h.value end)),
                      length = select(2, pcall(function() return #h end)),
                      raised = tostring(select(2, pcall(error, h))),
                    }
                    local ref = secret.store("test/secret", h, { key_id = cred.keyId, hint = cred.hint })
                    r.ref = ref
                    r.ref_again = secret.ref("test/secret")
                    local token = oauth.client_credentials({ client_id = app.appId, secret = ref, resource = "graph",
                      expect = "replication" })
                    local with_handle = oauth.client_credentials({ client_id = app.appId, secret = h, resource = "graph" })
                    local keys = {}
                    for k in pairs(token) do keys[#keys + 1] = k end
                    table.sort(keys)
                    r.token_keys = table.concat(keys, ",")
                    r.claims = token.claims
                    r.same_app = with_handle.claims.appid == app.appId
                    r.as_error = select(2, pcall(dataverse.call, "WhoAmI", nil,
                      { as = { client_id = app.appId, secret = ref } })).message
                    return r
                    """)
                harness.note(try harness.host.jsonText(of: results) ?? "")
                let secret = try harness.secrets.value(name: "test/secret")
                let tokens = [
                    try harness.session.accessToken(for: harness.session.graphResource).value,
                    try harness.session.accessToken(for: try harness.session.profile.org("stage")).value,
                ]
                return Findings(
                    results: try harness.host.jsonText(of: results) ?? "", emitted: harness.emittedText, secret: secret,
                    tokens: tokens, stored: try harness.secrets.reference(name: "test/secret"))
            }
        }
        let results = try JSONValue.parse(findings.results)
        #expect(results["type"] == "userdata")
        #expect(results["text"] == "<secret>")
        #expect(results["is_handle"] == true)
        #expect(results["plain"] == false)
        #expect(results["format"] == "value <secret>")
        #expect(results["meta"] == "<secret>")
        #expect(results["encode"]?.stringValue?.contains("is a secret handle: its value never leaves the host") == true)
        for field in ["concat", "index", "length"] {
            #expect(results[field]?.stringValue?.contains("a secret handle cannot be read, indexed or concatenated") == true)
        }
        #expect(results["raised"] == "<secret>")
        #expect(results["ref"]?["name"] == "test/secret")
        #expect(results["ref"]?["store"] == "memory")
        #expect(results["ref_again"]?["name"] == "test/secret")
        #expect(results["token_keys"] == "claims,expires_on")
        #expect(results["claims"]?["appid"] != nil)
        #expect(results["same_app"] == true)
        #expect(results["as_error"]?.stringValue?.contains("0x80072560") == true)
        #expect(findings.stored?.keyID != nil)

        #expect(findings.secret.count >= 30)
        #expect(findings.emitted.contains("info: the secret is <secret>"))
        #expect(findings.emitted.contains("info: printed:\t<secret>"))
        #expect(findings.emitted.contains("addPassword"))
        #expect(findings.emitted.contains(#""secretText":"***""#))
        for text in [findings.results, findings.emitted] {
            #expect(!text.contains(findings.secret), "the secret value appeared")
            #expect(!text.contains(FormEncoding.encode(findings.secret)), "the encoded secret value appeared")
            #expect(!text.contains("eyJ"), "something shaped like a JWT appeared")
            for token in findings.tokens { #expect(!text.contains(token), "a token appeared") }
        }
    }

    @Test("a step may not output a secret handle")
    func handleInOutputs() async throws {
        let folder = try TempPlugins(["leaky/secret.lua": """
            return {
              summary = "outputs a secret handle",
              params = { app = { type = "string", required = true, doc = "application object id" } },
              outputs = { value = "the secret" },
              read = function(ctx) return {} end,
              plan = function(ctx, current) return { { action = "create", target = "secret" } } end,
              apply = function(ctx, current, changes)
                local cred = graph.post("/applications/" .. ctx.params.app .. "/addPassword", { passwordCredential = {} })
                return { value = cred.secretText }
              end,
            }
            """])
        let root = folder.root.path
        let error = try await TwinFixture.with { twin in
            try await blocking {
                let harness = try HostHarness(twin: twin, pluginPaths: [root])
                let app = try harness.script("return graph.post('/applications', { displayName = 'leaky' }).id").first?.stringValue ?? ""
                do {
                    _ = try harness.host.run(harness.context("leaky.secret", step: "leak", parameters: ["app": .string(app)]))
                } catch let error as StepError {
                    return error
                }
                return StepError(step: "", plugin: "", phase: .read, code: "none", message: "the step succeeded")
            }
        }
        #expect(error.code == "plugin.contract")
        #expect(error.phase == .apply)
        #expect(error.message.contains("output 'value' is a secret handle: its value never leaves the host"))
    }
}

import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting
import Testing

@Suite("Host modules against a live twin")
struct ModuleTests {
    /// Runs `body` with a host against a fresh twin, on a dedicated thread.
    private func withHost<T: Sendable>(_ body: @escaping @Sendable (HostHarness) throws -> T) async throws -> T {
        try await TwinFixture.with { twin in
            try await blocking { try body(try HostHarness(twin: twin)) }
        }
    }

    @Test("arguments are checked with Lua-style messages naming the function and argument")
    func argumentChecks() async throws {
        let messages = try await withHost { harness in
            try [
                "return select(2, pcall(function() return graph.get() end))",
                "return select(2, pcall(graph.get, '/organization', { expct = 'replication' }))",
                "return select(2, pcall(graph.post, '/applications', function() end))",
                "return select(2, pcall(dataverse.get, 42))",
                "return select(2, pcall(graph.list, '/applications', { top = 'ten' }))",
                "return select(2, pcall(wait.poll, 'not a function'))",
                "return select(2, pcall(secret.store, 'name', 'plain text'))",
                "return select(2, pcall(oauth.client_credentials, { client_id = 'x', resource = 'nowhere', secret = { name = 'n' } }))",
            ].map { code in try harness.script("return tostring(" + code.dropFirst("return ".count) + ")").first?.stringValue ?? "" }
        }
        #expect(messages[0] == "(test):1: graph.get: argument 1 (path) must be a string, got nil")
        #expect(messages[1].contains("graph.get: argument 2 (opts) has an unknown field 'expct' (did you mean 'expect'?)"))
        #expect(messages[2].contains("graph.post: argument 2 (body) is a function, which is not data"))
        #expect(messages[3].contains("dataverse.get: argument 1 (path) must be a string, got number"))
        #expect(messages[4].contains("graph.list: argument 2 (opts) field 'top' must be an integer, got string"))
        #expect(messages[5].contains("wait.poll: argument 1 (probe) must be a function, got string"))
        #expect(messages[6].contains("secret.store: argument 2 (value) must be a secret handle"))
        #expect(messages[7] == "secret n: no value is stored")
    }

    @Test("cloud errors reach Lua as tables with code, status, message, request_id and service_code")
    func errorTables() async throws {
        let error = try await withHost { harness in
            try harness.script("""
                local ok, err = pcall(graph.get, "/applications/00000000-0000-0000-0000-000000000001")
                return { ok = ok, code = err.code, status = err.status, message = err.message, request_id = err.request_id,
                         service_code = err.service_code, service = err.service, text = tostring(err) }
                """).first ?? .nil
        }
        #expect(error["ok"] == .boolean(false))
        #expect(error["code"] == "graph.not_found")
        #expect(error["status"] == .integer(404))
        #expect(error["service_code"] == "Request_ResourceNotFound")
        #expect(error["service"] == "graph")
        let requestId = try #require(error["request_id"].stringValue)
        let message = try #require(error["message"].stringValue)
        #expect(message.hasPrefix("Graph 404 Request_ResourceNotFound: "))
        #expect(message.contains("request-id \(requestId)"))
        #expect(error["text"] == error["message"])
    }

    @Test("graph and dataverse calls return bodies, responses, every page, and created ids")
    func calls() async throws {
        let values = try await withHost { harness in
            try harness.script("""
                local org, response = graph.get("/organization")
                local apps = graph.list("/applications", { top = 1 })
                local rows = dataverse.list("businessunits?$select=name", { page_size = 1 })
                local who = dataverse.call("WhoAmI")
                local team = dataverse.create("teams", { name = "host test team", teamtype = 0 })
                local read = dataverse.get("teams(" .. team .. ")?$select=name")
                local content_type, same_id
                for name, value in pairs(response.headers) do
                  if name:lower() == "content-type" then content_type = value end
                  if name:lower() == "request-id" then same_id = value == response.request_id end
                end
                return { org = org.value[1].id, status = response.status, has_id = response.request_id ~= nil,
                         content_type = content_type, same_id = same_id,
                         apps = #apps, rows = #rows, who = who.UserId ~= nil, team = read.name,
                         quoted = graph.quote("it's"), org_url = dataverse.org_url(),
                         env = powerplatform.environment_id() }
                """).first ?? .nil
        }
        #expect(values["status"] == .integer(200))
        #expect(values["has_id"] == .boolean(true))
        #expect(values["content_type"].stringValue?.hasPrefix("application/json") == true)
        #expect(values["same_id"] == .boolean(true))
        #expect((values["apps"].integerValue ?? 0) >= 2, "graph.list follows nextLink pages of one")
        #expect((values["rows"].integerValue ?? 0) >= 2, "dataverse.list follows nextLink pages of one")
        #expect(values["who"] == .boolean(true))
        #expect(values["team"] == "host test team")
        #expect(values["quoted"] == "it''s")
        #expect(values["org_url"].stringValue?.hasPrefix("http://127.0.0.1:") == true)
        #expect(values["env"].stringValue?.isEmpty == false)
    }

    @Test("json: null and empty arrays survive encoding and decoding")
    func json() async throws {
        let values = try await withHost { harness in
            try harness.script("""
                local text = json.encode({ a = json.null, b = json.array(), c = { 1, 2 }, d = {} })
                local back = json.decode('{"x":null,"y":[]}')
                return text, back.x == json.null, #back.y
                """)
        }
        #expect(values[0] == #"{"a":null,"b":[],"c":[1,2],"d":{}}"#)
        #expect(values[1] == .boolean(true))
        #expect(values[2] == .integer(0))
    }

    @Test("report.write writes atomically under the runbook's folder, report.read reads back, secrets are refused")
    func reports() async throws {
        let (values, folder) = try await withHost { harness in
            harness.session.redactor.register("classified-value-123")
            let values = try harness.script("""
                local before = report.read("notes.md")
                local path = report.write("notes.md", "# notes")
                local content, same_path = report.read("notes.md")
                local ok, err = pcall(report.write, "leak.md", "the value is classified-value-123")
                local bad = select(2, pcall(report.write, "../escape.md", "x"))
                return { before = before, path = path, content = content, same = path == same_path,
                         refused = err.code, message = err.message, bad = bad }
                """).first ?? .nil
            return (values, harness.reports.path)
        }
        #expect(values["before"] == .nil)
        #expect(values["path"] == .string(folder + "/script/default/stage/notes.md"))
        #expect(values["content"] == "# notes")
        #expect(values["same"] == .boolean(true))
        #expect(values["refused"] == "report.secret")
        #expect(values["message"].stringValue?.contains("classified") == false)
        #expect(values["bad"].stringValue?.contains("must be a plain file name") == true)
    }
}

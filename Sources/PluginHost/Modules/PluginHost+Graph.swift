import Foundation
import HTTPTransport
import LuaKit
import MicrosoftCloud

// `graph`: Microsoft Graph v1.0 for plugins (see plugins/_meta/graph.lua).
extension PluginHost {
    /// `graph.get`, `post`, `patch` and `delete`: they push the answer's body (read straight from its bytes) and
    /// the response table on the caller's stack.
    func graphStackFunctions() -> [String: LuaStackHostFunction] {
        [
            "get": { [unowned self] arguments, results in
                let path = try arguments.string(1, "path")
                let options = try GraphCallOptions(arguments, 2)
                try scope.requireCall("graph.get")
                try graphSend("GET", path, body: nil, options, on: results)
            },
            "post": { [unowned self] arguments, results in
                let path = try arguments.string(1, "path")
                let body = try arguments[2].isNil ? nil : bridge.json(arguments[2], argument: "graph.post: argument 2 (body)")
                let options = try GraphCallOptions(arguments, 3)
                try scope.requireWrite("graph.post", Self.target("POST", path))
                try graphSend("POST", path, body: body, options, on: results)
            },
            "patch": { [unowned self] arguments, results in
                let path = try arguments.string(1, "path")
                _ = try arguments.table(2, "body")
                let body = try bridge.json(arguments[2], argument: "graph.patch: argument 2 (body)")
                let options = try GraphCallOptions(arguments, 3)
                try scope.requireWrite("graph.patch", Self.target("PATCH", path))
                try graphSend("PATCH", path, body: body, options, on: results)
            },
            "delete": { [unowned self] arguments, results in
                let path = try arguments.string(1, "path")
                let options = try GraphCallOptions(arguments, 2)
                try scope.requireWrite("graph.delete", Self.target("DELETE", path))
                try graphSend("DELETE", path, body: nil, options, on: results, withBody: false)
            },
        ]
    }

    /// The other Graph functions.
    func graphFunctions() -> [String: LuaHostFunction] {
        [
            "list": { [unowned self] arguments in
                var path = try arguments.string(1, "path")
                let options = try GraphCallOptions(arguments, 2)
                try scope.requireCall("graph.list")
                if let top = options.top { path += (path.contains("?") ? "&" : "?") + "$top=\(top)" }
                let items = try cloud { () throws(CloudError) in
                    try session.graph.list(
                        path, consistencyLevel: options.consistency, headers: options.headers, expecting: options.expect)
                }
                return [.array(try items.map { try bridge.lua(response: $0) })]
            },
            "batch": { [unowned self] arguments in
                let requests = try batchRequests(arguments)
                if let write = requests.first(where: { $0.method != "GET" }) {
                    try scope.requireWrite("graph.batch", "$batch with \(Self.target(write.method, write.url))")
                }
                try scope.requireCall("graph.batch")
                let answers = try cloud { () throws(CloudError) in try session.graph.batch(requests) }
                var result: [LuaKey: LuaValue] = [:]
                for answer in answers {
                    var headers: [LuaKey: LuaValue] = [:]
                    for (name, value) in answer.headers { headers[.string(name)] = .string(value) }
                    result[.string(answer.id)] = .map([
                        "status": .integer(Int64(answer.status)), "body": try bridge.lua(response: answer.body),
                        "headers": .map(headers),
                    ])
                }
                return [.map(result)]
            },
            "quote": { arguments in
                [.string(try arguments.string(1, "s").replacingOccurrences(of: "'", with: "''"))]
            },
        ]
    }

    /// Sends one Graph call and returns the body (nil for none) and the response table.
    /// Sends the call and pushes the answer's body (unless `withBody` is false) and its response table.
    private func graphSend(
        _ method: String, _ path: String, body: JSONValue?, _ options: GraphCallOptions, on results: borrowing LuaResults,
        withBody: Bool = true
    ) throws {
        let response = try cloud { () throws(CloudError) in
            try session.graph.sendForBytes(method, path, body: body, headers: options.headers, expecting: options.expect)
        }
        if withBody { try bridge.push(responseBody: response, on: results) }
        try results.pushTable(fields: 3) { (table: borrowing LuaTableBuilder) throws(LuaError) in
            try Self.fillResponseTable(table, status: response.status, headers: response.headers, requestId: response.requestId)
        }
    }

    private func batchRequests(_ arguments: LuaArguments) throws -> [GraphBatchRequest] {
        let list = try arguments.array(1, "requests")
        return try list.enumerated().map { offset, entry in
            let what = "graph.batch: argument 1 (requests)[\(offset + 1)]"
            guard let fields = entry.mapValue else { throw LuaArgumentError("\(what) must be a table, got \(entry.typeName)") }
            let known: Set = ["id", "method", "url", "body", "headers", "depends_on"]
            for key in fields.keys where !known.contains(key.description) {
                throw LuaArgumentError("\(what) has an unknown field '\(key)'\(Suggestion.hint(for: key.description, in: known))")
            }
            guard let id = entry["id"].stringValue, let url = entry["url"].stringValue else {
                throw LuaArgumentError("\(what) needs the string fields 'id' and 'url'")
            }
            let method = (entry["method"].stringValue ?? "GET").uppercased()
            let body = entry["body"].isNil ? nil : try bridge.json(entry["body"], argument: "\(what).body")
            var headers: [String: String] = [:]
            for (name, value) in entry["headers"].mapValue ?? [:] { headers[name.description] = value.stringValue ?? "" }
            let dependsOn = (entry["depends_on"].arrayValue ?? []).compactMap(\.stringValue)
            return GraphBatchRequest(id: id, method: method, url: url, body: body, headers: headers, dependsOn: dependsOn)
        }
    }

    /// `METHOD /path` without the query, for refusal messages.
    static func target(_ method: String, _ path: String) -> String {
        "\(method) \(path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path)"
    }

    /// `{ status = 200, request_id = "...", headers = { ... } }` (credential headers masked), and `extra`.
    func responseTable(status: Int, headers: HTTPHeaders, requestId: String?, extra: [LuaKey: LuaValue] = [:]) throws -> LuaValue {
        try luaState.makeTable(fields: 3 + extra.count) { (table: borrowing LuaTableBuilder) throws(LuaError) in
            try Self.fillResponseTable(table, status: status, headers: headers, requestId: requestId, extra: extra)
        }
    }

    /// Fills a response table: `status`, `headers` (credential headers masked), `request_id`, and `extra`.
    static func fillResponseTable(
        _ table: borrowing LuaTableBuilder, status: Int, headers: HTTPHeaders, requestId: String?, extra: [LuaKey: LuaValue] = [:]
    ) throws(LuaError) {
        table.set("status", status)
        try table.set("headers", fields: headers.fields.count) { (map: borrowing LuaTableBuilder) throws(LuaError) in
            for field in headers { map.set(field.name, CredentialMask.maskedValue(of: field)) }
        }
        if let requestId { table.set("request_id", requestId) }
        for (key, value) in extra { try table.set(key, value) }
    }
}

/// The `opts` of a Graph call.
private struct GraphCallOptions {
    static let known: Set<String> = ["headers", "consistency", "expect", "top"]
    var headers: HTTPHeaders = [:]
    var consistency: String?
    var expect: Expectation?
    var top: Int?

    init(_ arguments: LuaArguments, _ position: Int) throws {
        // Most calls pass no options: nothing to read.
        if case .nil = arguments[position] { return }
        let options = try LuaOptions(arguments, position, known: Self.known)
        for (name, value) in try options.stringMap("headers") ?? [:] { headers.set(name, value) }
        consistency = try options.choice("consistency", ["eventual"])
        if let consistency { headers.set("ConsistencyLevel", consistency) }
        expect = try options.choice("expect", ["replication"]).map { _ in .replication }
        top = try options.integer("top")
    }
}

import Foundation
import HTTPTransport
import LuaKit
import MicrosoftCloud

// `dataverse`: the Web API of the current environment's org (see plugins/_meta/dataverse.lua).
extension PluginHost {
    func dataverseFunctions() -> [String: LuaHostFunction] {
        [
            "org_url": { [unowned self] _ in
                try scope.requireCall("dataverse.org_url")
                let org = try orgName(nil)
                return [.string(try cloud { () throws(CloudError) in try session.profile.org(org) }.description)]
            },
            "get": { [unowned self] arguments in
                let path = try arguments.string(1, "path")
                let call = try DataverseCall(self, arguments, 2, function: "dataverse.get")
                return try dataverseSend(call, "GET", path, body: nil)
            },
            "list": { [unowned self] arguments in
                let path = try arguments.string(1, "path")
                let call = try DataverseCall(self, arguments, 2, function: "dataverse.list")
                let rows = try cloud { () throws(CloudError) in
                    try call.client.list(path, maxPageSize: call.pageSize, headers: call.headers, expecting: call.expect)
                }
                return [.array(try rows.map { try bridge.lua(response: $0) })]
            },
            "post": { [unowned self] arguments in
                let path = try arguments.string(1, "path")
                let body = try arguments[2].isNil ? nil : bridge.json(arguments[2], argument: "dataverse.post: argument 2 (body)")
                let call = try DataverseCall(self, arguments, 3, function: "dataverse.post")
                try scope.requireWrite("dataverse.post", Self.target("POST", path))
                return try dataverseSend(call, "POST", path, body: body)
            },
            "create": { [unowned self] arguments in
                let entitySet = try arguments.string(1, "entity_set")
                _ = try arguments.table(2, "body")
                let body = try bridge.json(arguments[2], argument: "dataverse.create: argument 2 (body)")
                let call = try DataverseCall(self, arguments, 3, function: "dataverse.create")
                try scope.requireWrite("dataverse.create", "POST \(entitySet)")
                let id = try cloud { () throws(CloudError) in
                    try call.client.create(entitySet, body: body, headers: call.headers, expecting: call.expect)
                }
                return [.string(id.uuidString.lowercased())]
            },
            "patch": { [unowned self] arguments in
                let path = try arguments.string(1, "path")
                _ = try arguments.table(2, "body")
                let body = try bridge.json(arguments[2], argument: "dataverse.patch: argument 2 (body)")
                let call = try DataverseCall(self, arguments, 3, function: "dataverse.patch")
                try scope.requireWrite("dataverse.patch", Self.target("PATCH", path))
                return try dataverseSend(call, "PATCH", path, body: body)
            },
            "delete": { [unowned self] arguments in
                let path = try arguments.string(1, "path")
                let call = try DataverseCall(self, arguments, 2, function: "dataverse.delete")
                try scope.requireWrite("dataverse.delete", Self.target("DELETE", path))
                return try Array(dataverseSend(call, "DELETE", path, body: nil).dropFirst())
            },
            "associate": { [unowned self] arguments in
                let entitySet = try arguments.string(1, "entity_set")
                let id = try arguments.string(2, "id")
                let relationship = try arguments.string(3, "relationship")
                let targetSet = try arguments.string(4, "target_set")
                let targetId = try arguments.string(5, "target_id")
                let call = try DataverseCall(self, arguments, 6, function: "dataverse.associate")
                try scope.requireWrite("dataverse.associate", "POST \(entitySet)(\(id))/\(relationship)/$ref")
                try cloud { () throws(CloudError) in
                    try call.client.associate("\(entitySet)(\(id))", relationship, "\(targetSet)(\(targetId))")
                }
                return []
            },
            "disassociate": { [unowned self] arguments in
                let entitySet = try arguments.string(1, "entity_set")
                let id = try arguments.string(2, "id")
                let relationship = try arguments.string(3, "relationship")
                let targetId = try arguments.string(4, "target_id")
                let call = try DataverseCall(self, arguments, 5, function: "dataverse.disassociate")
                let path = "\(entitySet)(\(id))/\(relationship)(\(targetId))/$ref"
                try scope.requireWrite("dataverse.disassociate", "DELETE \(path)")
                try cloud { () throws(CloudError) in try call.client.delete(path, headers: call.headers) }
                return []
            },
            "call": { [unowned self] arguments in
                let name = try arguments.string(1, "name")
                let parameters = try arguments.optionalMap(2, "params") ?? [:]
                let call = try DataverseCall(self, arguments, 3, function: "dataverse.call")
                let path = try Self.functionPath(name, parameters)
                let body = try cloud { () throws(CloudError) in
                    try call.client.get(path, headers: call.headers, expecting: call.expect)
                }
                return [try bridge.lua(response: body)]
            },
            "file_base64": { [unowned self] arguments in
                [.string(try runbookFile(try arguments.string(1, "path")).base64EncodedString())]
            },
        ]
    }

    /// The org of a call: `opts.org`, else the current environment's.
    func orgName(_ override: String?) throws -> String {
        if let override { return override }
        guard let org = scope.environment?.org else {
            let environment = scope.environment.map { "environment \($0.name)" } ?? "this script"
            throw hostError("dataverse.no_org", "no Dataverse org: ctx.env.org is not set for \(environment)")
        }
        return org
    }

    private func dataverseSend(_ call: DataverseCall, _ method: String, _ path: String, body: JSONValue?) throws -> [LuaValue] {
        let response = try cloud { () throws(CloudError) in
            try call.client.send(method, path, body: body, headers: call.headers, expecting: call.expect)
        }
        var extra: [LuaKey: LuaValue] = [:]
        if let entity = response.headers["OData-EntityId"], let open = entity.lastIndex(of: "("),
            let close = entity.lastIndex(of: ")"), open < close
        {
            extra["entity_id"] = .string(String(entity[entity.index(after: open)..<close]).lowercased())
        }
        let bodyValue: LuaValue = response.body.isNull ? .nil : try bridge.lua(response: response.body)
        return [bodyValue, try responseTable(status: response.status, headers: response.headers, requestId: response.requestId, extra: extra)]
    }

    /// `WhoAmI`, or `Name(A=@A,B=@B)?@A=...&@B=...` with the parameters in OData literal form.
    static func functionPath(_ name: String, _ parameters: [LuaKey: LuaValue]) throws -> String {
        guard !parameters.isEmpty else { return name }
        var names: [String] = []
        var values: [String: String] = [:]
        for (key, value) in parameters {
            guard case .string(let keyText) = key, let text = value.stringValue else {
                throw LuaArgumentError("dataverse.call: argument 2 (params) must map names to OData literals (strings)")
            }
            names.append(keyText.string)
            values[keyText.string] = text
        }
        names.sort()
        let declared = names.map { "\($0)=@\($0)" }.joined(separator: ",")
        let assigned = names.map { "@\($0)=\(values[$0]!)" }.joined(separator: "&")
        return "\(name)(\(declared))?\(assigned)"
    }

    /// The bytes of a file under the runbook's folder (no escaping it, symlinks included).
    func runbookFile(_ path: String) throws -> Data {
        guard let directory = options.runbookDirectory else {
            throw hostError("dataverse.no_runbook_folder", "dataverse.file_base64: no runbook folder is known to read \(path) from")
        }
        let root = directory.resolvingSymlinksInPath().standardizedFileURL.path
        let file = directory.appendingPathComponent(path).resolvingSymlinksInPath().standardizedFileURL.path
        guard !path.hasPrefix("/"), file.hasPrefix(root + "/") else {
            throw hostError("dataverse.file_outside", "dataverse.file_base64: \(path) is outside the runbook folder")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw hostError("dataverse.file_missing", "dataverse.file_base64: cannot read \(path) under \(directory.path)")
        }
        guard data.count <= 10 * 1024 * 1024 else {
            throw hostError("dataverse.file_too_large", "dataverse.file_base64: \(path) is larger than 10 MB")
        }
        return data
    }
}

/// The options of a Dataverse call, resolved to a client (the org, the caller) and headers.
private struct DataverseCall {
    let client: DataverseClient
    var headers: HTTPHeaders = [:]
    var expect: Expectation?
    var pageSize: Int?

    init(_ host: PluginHost, _ arguments: LuaArguments, _ position: Int, function: String) throws {
        let options = try LuaOptions(arguments, position, known: [
            "headers", "prefer", "if_match", "if_none_match", "page_size", "expect", "as", "org", "version",
        ])
        try host.scope.requireCall(function)
        for (name, value) in try options.stringMap("headers") ?? [:] { headers.set(name, value) }
        if let prefer = try options.stringList("prefer"), !prefer.isEmpty { headers.set("Prefer", prefer.joined(separator: ",")) }
        if let ifMatch = try options.string("if_match") { headers.set("If-Match", ifMatch) }
        if let ifNoneMatch = try options.string("if_none_match") { headers.set("If-None-Match", ifNoneMatch) }
        pageSize = try options.integer("page_size")
        expect = try options.choice("expect", ["replication"]).map { _ in .replication }
        var session = host.session
        if case .map = options["as"] {
            let identity = options["as"]
            guard let clientId = identity["client_id"].stringValue else {
                throw LuaArgumentError("\(function): argument \(position) (opts) field 'as' needs a client_id string")
            }
            let secret = try host.secretValue(identity["secret"], what: "\(function): argument \(position) (opts) field 'as.secret'")
            session = session.withCredential(ClientSecretCredential(
                tenant: session.credential.tenant, clientId: clientId, secret: secret, authority: session.credential.authority))
        } else if !options["as"].isNil {
            throw LuaArgumentError("\(function): argument \(position) (opts) field 'as' must be a table {client_id=, secret=}")
        }
        let org = try host.orgName(try options.string("org"))
        let version = try options.string("version") ?? "v9.2"
        client = try cloud { () throws(CloudError) in try session.dataverse(org, apiVersion: version) }
    }
}

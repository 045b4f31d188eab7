import Foundation
import Hummingbird

extension GraphCall {
    /// Most requests one JSON batch may hold.
    static let batchLimit = 20

    /// `POST /$batch`: up to 20 sub-requests, run in order through the same routes and authorization;
    /// a sub-request whose `dependsOn` failed gets 424.
    func batch() async -> TwinResponse {
        guard request.method == "POST" else { return methodNotAllowed() }
        let body: [String: JSON]
        do { body = try objectBody() } catch { return error }
        guard let items = body["requests"]?.arrayValue else {
            return error(400, "BadRequest", "Invalid batch payload format: the 'requests' property is required.")
        }
        guard items.count <= Self.batchLimit else {
            return error(400, "BadRequest", "Invalid batch payload format: the number of requests cannot exceed \(Self.batchLimit).")
        }
        var ids: [String] = []
        for item in items {
            guard let id = item["id"]?.stringValue ?? item["id"]?.intValue.map(String.init), !id.isEmpty,
                item["method"]?.stringValue != nil, item["url"]?.stringValue != nil
            else {
                return error(400, "BadRequest", "Invalid batch payload format: each request needs 'id', 'method' and 'url'.")
            }
            guard !ids.contains(id) else {
                return error(400, "BadRequest", "Invalid batch payload format: request id '\(id)' is not unique.")
            }
            ids.append(id)
        }
        for item in items {
            for dependency in item["dependsOn"]?.arrayValue ?? [] where !ids.contains(dependency.stringValue ?? "") {
                return error(400, "BadRequest", "Invalid batch payload format: dependsOn refers to unknown request '\(dependency.stringValue ?? "")'.")
            }
        }

        var statuses: [String: Int] = [:]
        var responses: [JSON] = []
        for (index, item) in items.enumerated() {
            let id = ids[index]
            let failed = (item["dependsOn"]?.arrayValue ?? []).compactMap(\.stringValue).filter { (statuses[$0] ?? 0) >= 400 || statuses[$0] == nil }
            let response: TwinResponse
            if !failed.isEmpty {
                response = GraphError.response(
                    424, code: "FailedDependency", message: "Request failed because a dependent request failed.",
                    request: request, now: now)
            } else {
                response = await runSubrequest(item)
            }
            statuses[id] = response.status
            var headers: [String: JSON] = [:]
            for (name, value) in response.headers where !["request-id", "client-request-id"].contains(name.lowercased()) {
                headers[name] = .string(value)
            }
            var entry: [String: JSON] = ["id": .string(id), "status": .int(response.status), "headers": .object(headers)]
            if !response.body.isEmpty {
                entry["body"] = response.jsonBody ?? .string(Data(response.body).base64EncodedString())
            }
            responses.append(.object(entry))
        }
        return ok(["responses": .array(responses)])
    }

    private func runSubrequest(_ item: JSON) async -> TwinResponse {
        let method = (item["method"]?.stringValue ?? "GET").uppercased()
        var url = item["url"]?.stringValue ?? ""
        if url.hasPrefix(request.origin) { url.removeFirst(request.origin.count) }
        if url.hasPrefix("/v1.0/") { url.removeFirst(5) }
        if !url.hasPrefix("/") { url = "/" + url }
        let parts = url.split(separator: "?", maxSplits: 1).map(String.init)
        var headers = request.headers
        for (name, value) in item["headers"]?.objectValue ?? [:] {
            if let text = value.stringValue { headers.set(name, text) }
        }
        var body: [UInt8] = []
        if let payload = item["body"], !payload.isNull {
            if case .string(let text) = payload, !(headers.contains { $0.name.canonicalName == "content-type" && $0.value.contains("json") }) {
                body = Data(base64Encoded: text).map(Array.init) ?? Array(text.utf8)
            } else {
                body = payload.encoded
            }
        }
        let subrequest = request.subrequest(
            method: method, path: "/v1.0" + parts[0], query: parts.count > 1 ? parts[1] : "", headers: headers, body: body)
        let decision = twin.faults.decide(service: .graph, method: method, path: subrequest.path)
        if case .status(let status, let retryAfter) = decision.outcome {
            return InjectedResponses.response(status: status, retryAfter: retryAfter, request: subrequest, now: now)
        }
        let call = GraphCall(twin: twin, request: subrequest, caller: caller, now: now)
        return await call.route(Array(subrequest.pathSegments.dropFirst()))
    }
}

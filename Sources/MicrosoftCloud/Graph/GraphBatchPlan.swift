import Foundation
import HTTPTransport

/// The rules of a Graph `$batch`: validation, chunking, the JSON of a request and an answer, what to resend.
enum GraphBatchPlan {
    /// Unique ids, known `dependsOn` targets, no dependency across a 20-request chunk boundary.
    static func validate(_ requests: [GraphBatchRequest]) throws(CloudError) {
        var chunkOf: [String: Int] = [:]
        for (index, request) in requests.enumerated() {
            guard chunkOf[request.id] == nil else {
                throw invalid("the id \"\(request.id)\" is used by more than one request")
            }
            chunkOf[request.id] = index / GraphClient.batchLimit
        }
        for (index, request) in requests.enumerated() {
            for dependency in request.dependsOn {
                guard let chunk = chunkOf[dependency] else {
                    throw invalid("request \"\(request.id)\" depends on \"\(dependency)\", which is not in the batch")
                }
                guard chunk == index / GraphClient.batchLimit else {
                    throw invalid(
                        "request \"\(request.id)\" depends on \"\(dependency)\", which falls in another chunk of "
                            + "\(GraphClient.batchLimit); split the list so dependent requests stay together")
                }
            }
        }
    }

    static func invalid(_ message: String) -> CloudError {
        CloudError(code: .graphInvalidBatch, service: .graph, message: "invalid $batch: \(message)")
    }

    static func json(of request: GraphBatchRequest) -> JSONValue {
        var url = request.url
        if url.hasPrefix("/v1.0/") { url.removeFirst(5) }
        var object: [String: JSONValue] = ["id": .string(request.id), "method": .string(request.method.uppercased()), "url": .string(url)]
        var headers = request.headers
        if let body = request.body {
            object["body"] = body
            if !headers.keys.contains(where: { $0.caseInsensitiveCompare("Content-Type") == .orderedSame }) {
                headers["Content-Type"] = "application/json"
            }
        }
        if !headers.isEmpty { object["headers"] = .object(headers.mapValues(JSONValue.string)) }
        if !request.dependsOn.isEmpty { object["dependsOn"] = .array(request.dependsOn.map(JSONValue.string)) }
        return .object(object)
    }

    static func answer(from json: JSONValue, redactor: SecretRedactor) -> GraphBatchResponse? {
        guard let id = json["id"]?.stringValue, let status = json["status"]?.intValue else { return nil }
        let headers = (json["headers"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let body = json["body"] ?? .null
        var error: CloudError?
        if status >= 400 {
            let inner = body["error"]
            var decoded = CloudError(
                code: .forStatus(Int(status), prefix: "graph"), service: .graph, status: Int(status),
                serviceCode: inner?["code"]?.stringValue,
                message: redactor.redact(inner?["message"]?.stringValue ?? HTTPStatusText.reason(Int(status))),
                requestId: inner?["innerError"]?["request-id"]?.stringValue ?? headers["request-id"],
                clientRequestId: inner?["innerError"]?["client-request-id"]?.stringValue)
            if decoded.serviceCode == "Request_MultipleObjectsWithSameKeyValue" { decoded.code = .graphConflict }
            error = decoded
        }
        return GraphBatchResponse(id: id, status: Int(status), headers: headers, body: body, error: error)
    }

    /// The requests to send again: those answered 429/503/504, and those answered 424 because a dependency was
    /// one of them; `dependsOn` keeps only dependencies that are resent too. Also the longest `Retry-After`.
    static func retryable(
        _ sent: [GraphBatchRequest], answers: [String: GraphBatchResponse], now: Date
    ) -> (requests: [GraphBatchRequest], retryAfter: Duration?) {
        var again: Set<String> = []
        var retryAfter: Duration?
        for request in sent {
            guard let answer = answers[request.id] else { continue }
            if [429, 503, 504].contains(answer.status) {
                again.insert(request.id)
                if let delay = RetryAfter.parse(answer.headers.first { $0.key.lowercased() == "retry-after" }?.value, now: now) {
                    retryAfter = max(retryAfter ?? .zero, delay)
                }
            } else if answer.status == 424, request.dependsOn.contains(where: again.contains) {
                again.insert(request.id)
            }
        }
        let requests = sent.filter { again.contains($0.id) }.map { request in
            var resent = request
            resent.dependsOn = request.dependsOn.filter(again.contains)
            return resent
        }
        return (requests, retryAfter)
    }
}

import Foundation

/// One request of a Graph `$batch`.
public struct GraphBatchRequest: Sendable, Equatable {
    /// Unique within the batch; `dependsOn` refers to it.
    public var id: String
    public var method: String
    /// Relative to the Graph version (`/applications/{id}`); a leading `/v1.0` is dropped.
    public var url: String
    public var headers: [String: String]
    public var body: JSONValue?
    /// Ids of requests that must succeed first; when one fails this request answers 424.
    public var dependsOn: [String]

    public init(
        id: String, method: String = "GET", url: String, body: JSONValue? = nil, headers: [String: String] = [:],
        dependsOn: [String] = []
    ) {
        self.id = id
        self.method = method
        self.url = url
        self.body = body
        self.headers = headers
        self.dependsOn = dependsOn
    }
}

/// One answer of a Graph `$batch`.
public struct GraphBatchResponse: Sendable {
    public let id: String
    public let status: Int
    public let headers: [String: String]
    public let body: JSONValue
    /// The decoded error when `status` is 400 or more (`graph.failed_dependency` for 424).
    public let error: CloudError?
}

extension GraphClient {
    /// The most requests Graph takes in one `$batch`.
    public static let batchLimit = 20

    /// Sends `requests` as `$batch`es of at most 20 and returns one answer per request, in request order.
    /// Larger lists are split into consecutive chunks, which is refused (`graph.invalid_batch`) when a
    /// `dependsOn` would cross a chunk boundary. Requests answered 429/503/504 are sent again (with the requests
    /// that failed because they depended on them) within the retry policy.
    public func batch(_ requests: [GraphBatchRequest]) throws(CloudError) -> [GraphBatchResponse] {
        try GraphBatchPlan.validate(requests)
        var answers: [String: GraphBatchResponse] = [:]
        for start in stride(from: 0, to: requests.count, by: Self.batchLimit) {
            let chunk = Array(requests[start..<min(start + Self.batchLimit, requests.count)])
            for answer in try sendChunk(chunk) { answers[answer.id] = answer }
        }
        return requests.map { answers[$0.id]! }
    }

    private func sendChunk(_ chunk: [GraphBatchRequest]) throws(CloudError) -> [GraphBatchResponse] {
        let started = session.timing.now()
        var pending = chunk
        var done: [String: GraphBatchResponse] = [:]
        var attempt = 1
        while true {
            for answer in try sendOnce(pending) { done[answer.id] = answer }
            let retry = GraphBatchPlan.retryable(pending, answers: done, now: session.timing.date())
            guard !retry.requests.isEmpty,
                let delay = session.retryPolicy.delay(
                    after: .throttled(retryAfter: retry.retryAfter), attempt: attempt,
                    elapsed: session.timing.now() - started, unitRandom: session.timing.unitRandom())
            else { return chunk.map { done[$0.id]! } }
            session.logger.debug("resending \(retry.requests.count) throttled batch requests after \(delay)")
            session.timing.sleep(delay)
            pending = retry.requests
            attempt += 1
        }
    }

    private func sendOnce(_ requests: [GraphBatchRequest]) throws(CloudError) -> [GraphBatchResponse] {
        let envelope = try post("/$batch", body: ["requests": .array(requests.map(GraphBatchPlan.json(of:)))])
        guard let responses = envelope["responses"]?.arrayValue else {
            throw CloudError(code: "graph.invalid_response", service: .graph, message: "the $batch answer has no responses")
        }
        var answers: [String: GraphBatchResponse] = [:]
        for response in responses {
            guard let answer = GraphBatchPlan.answer(from: response, redactor: session.redactor) else { continue }
            answers[answer.id] = answer
        }
        let missing = requests.filter { answers[$0.id] == nil }.map(\.id)
        guard missing.isEmpty else {
            throw CloudError(
                code: "graph.invalid_response", service: .graph,
                message: "the $batch answer has no response for \(missing.joined(separator: ", "))")
        }
        return requests.map { answers[$0.id]! }
    }
}

import Foundation
import HTTPTransport
import Testing

@testable import MicrosoftCloud

@Suite("Graph batch planning")
struct GraphBatchPlanTests {
    @Test("duplicate ids and unknown dependencies are refused")
    func invalid() {
        let duplicate = [GraphBatchRequest(id: "1", url: "/a"), GraphBatchRequest(id: "1", url: "/b")]
        #expect(throws: CloudError.self) { try GraphBatchPlan.validate(duplicate) }
        let unknown = [GraphBatchRequest(id: "1", url: "/a", dependsOn: ["9"])]
        let error = try? #require(throws: CloudError.self) { try GraphBatchPlan.validate(unknown) }
        #expect(error?.code == .graphInvalidBatch)
    }

    @Test("more than 20 requests split only when no dependency crosses a chunk")
    func chunks() throws {
        let independent = (1...45).map { GraphBatchRequest(id: "\($0)", url: "/applications") }
        try GraphBatchPlan.validate(independent)
        var inside = independent
        inside[25].dependsOn = ["21"]  // both in the second chunk (21...40)
        try GraphBatchPlan.validate(inside)
        var crossing = independent
        crossing[20].dependsOn = ["20"]  // request 21 (second chunk) on request 20 (first chunk)
        let error = try #require(throws: CloudError.self) { try GraphBatchPlan.validate(crossing) }
        #expect(error.code == .graphInvalidBatch)
        #expect(error.message.contains("\"21\" depends on \"20\""))
    }

    @Test("request JSON: relative url, Content-Type added with a body, dependsOn kept")
    func requestJSON() {
        let json = GraphBatchPlan.json(of: GraphBatchRequest(
            id: "2", method: "post", url: "/v1.0/servicePrincipals", body: ["appId": "x"], dependsOn: ["1"]))
        #expect(json == [
            "id": "2", "method": "POST", "url": "/servicePrincipals", "body": ["appId": "x"],
            "headers": ["Content-Type": "application/json"], "dependsOn": ["1"],
        ])
    }

    @Test("throttled requests and their 424 dependents are resent, with the longest Retry-After")
    func resend() {
        let sent = [
            GraphBatchRequest(id: "1", url: "/a"), GraphBatchRequest(id: "2", url: "/b"),
            GraphBatchRequest(id: "3", url: "/c", dependsOn: ["2"]), GraphBatchRequest(id: "4", url: "/d", dependsOn: ["1"]),
        ]
        let redactor = SecretRedactor()
        let answers = Dictionary(uniqueKeysWithValues: [
            ["id": "1", "status": 200, "body": [:]],
            ["id": "2", "status": 429, "headers": ["Retry-After": "3"], "body": ["error": ["code": "TooManyRequests", "message": "slow"]]],
            ["id": "3", "status": 424, "body": ["error": ["code": "FailedDependency", "message": "dep"]]],
            ["id": "4", "status": 404, "body": ["error": ["code": "Request_ResourceNotFound", "message": "gone"]]],
        ].compactMap { GraphBatchPlan.answer(from: $0, redactor: redactor) }.map { ($0.id, $0) })
        #expect(answers["3"]?.error?.code == .graphFailedDependency)
        #expect(answers["4"]?.error?.code == .graphNotFound)
        #expect(answers["1"]?.error == nil)
        let retry = GraphBatchPlan.retryable(sent, answers: answers, now: Date())
        #expect(retry.requests.map(\.id) == ["2", "3"])
        #expect(retry.requests[1].dependsOn == ["2"])
        #expect(retry.retryAfter == .seconds(3))
    }
}

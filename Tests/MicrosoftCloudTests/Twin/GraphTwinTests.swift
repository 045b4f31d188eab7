import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting
import Testing

@Suite("Graph against the twin")
struct GraphTwinTests {
    /// Creates `count` applications named `{prefix} NN` in batches (more than 20 are split into chunks).
    static func createApplications(_ session: CloudSession, prefix: String, count: Int) throws -> [GraphBatchResponse] {
        let requests = (1...count).map { index in
            GraphBatchRequest(
                id: "\(index)", method: "POST", url: "/applications",
                body: ["displayName": .string(String(format: "%@ %02d", prefix, index))])
        }
        return try session.graph.batch(requests)
    }

    @Test("paging follows nextLink across pages and resends ConsistencyLevel on each")
    func paging() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                let created = try Self.createApplications(session, prefix: "paging", count: 25)
                #expect(created.allSatisfy { $0.status == 201 })
                #expect(Set(created.map(\.id)).count == 25)

                let total = try session.graph.list("/applications?$top=5")
                #expect(total.count >= 25)
                let pages = try twin.logged(control, service: "graph")
                    .filter { $0["method"]?.stringValue == "GET" && $0.loggedPath == "/v1.0/applications" }
                #expect(pages.count == (total.count + 4) / 5)

                // $orderby needs ConsistencyLevel and $count on every page, so page 2 fails unless the header is resent.
                var records: [ExchangeRecord] = []
                session.exchangeObserver = { records.append($0) }
                let ordered = try session.graph.list(
                    "/applications?$filter=startswith(displayName,'paging')&$count=true&$orderby=displayName&$top=5",
                    consistencyLevel: "eventual")
                #expect(ordered.compactMap { $0["displayName"]?.stringValue } == (1...25).map { String(format: "paging %02d", $0) })
                #expect(records.count == 5)
                #expect(records.allSatisfy { $0.requestHeaders["ConsistencyLevel"] == "eventual" })
            }
        }
    }

    @Test("a batch reports a failed dependency as 424 and answers in request order")
    func batchDependency() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let session = try twin.session()
                let missing = UUID().uuidString.lowercased()
                let answers = try session.graph.batch([
                    GraphBatchRequest(id: "get-missing", url: "/applications/\(missing)"),
                    GraphBatchRequest(
                        id: "patch-missing", method: "PATCH", url: "/applications/\(missing)", body: ["displayName": "x"],
                        dependsOn: ["get-missing"]),
                    GraphBatchRequest(id: "organization", url: "/organization"),
                ])
                #expect(answers.map(\.id) == ["get-missing", "patch-missing", "organization"])
                #expect(answers[0].status == 404)
                #expect(answers[0].error?.code == .graphNotFound)
                #expect(answers[1].status == 424)
                #expect(answers[1].error?.code == .graphFailedDependency)
                #expect(answers[2].status == 200)
                #expect(answers[2].error == nil)
            }
        }
    }

    @Test("errors decode into CloudError with the service's code and both request ids")
    func typedErrors() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let control = try twin.control()
                let session = try twin.session()
                let missing = UUID().uuidString.lowercased()
                let error = try #require(throws: CloudError.self) { try session.graph.get("/applications/\(missing)") }
                #expect(error.code == .graphNotFound)
                #expect(error.status == 404)
                #expect(error.serviceCode == "Request_ResourceNotFound")
                #expect(error.description.hasPrefix("Graph 404 Request_ResourceNotFound: "))
                let logged = try #require(try twin.logged(control, service: "graph").last)
                #expect(error.requestId == logged["request_id"]?.stringValue)
                #expect(error.clientRequestId == logged["client_request_id"]?.stringValue)
                #expect(error.clientRequestId.flatMap(UUID.init(uuidString:)) != nil)
            }
        }
    }

    @Test("a nextLink to another origin is refused and that origin is never contacted")
    func foreignNextLink() async throws {
        try await TwinFixture.with { twin in
            let foreign = twin.connection.foreign
            try await blocking {
                let control = try twin.control()
                // The twin's real answers, with the nextLink of page 1 pointed at the foreign origin, as a hostile
                // or broken server might.
                let transport = try NextLinkRewriter(target: foreign)
                let session = CloudSession(
                    profile: twin.connection.profile, credential: twin.connection.adminCredential(), transport: transport,
                    redactor: SecretRedactor())
                _ = try Self.createApplications(session, prefix: "foreign", count: 6)
                let error = try #require(throws: CloudError.self) { try session.graph.list("/applications?$top=2") }
                #expect(error.code == .safetyForeignHost)
                #expect(error.message.contains(Origin(foreign)!.description))
                #expect(transport.rewrites == 1)

                let direct = try #require(throws: CloudError.self) {
                    try session.graph.get(foreign.absoluteString + "/v1.0/applications")
                }
                #expect(direct.code == .safetyForeignHost)
                #expect(try twin.logged(control, service: "foreign").isEmpty)
            }
        }
    }
}

/// A real transport whose Graph pages come back with their `@odata.nextLink` moved to another origin.
final class NextLinkRewriter: HTTPSending {
    let target: URL
    let transport: HTTPTransport
    private(set) var rewrites = 0

    init(target: URL) throws {
        self.target = target
        var configuration = HTTPTransportConfiguration()
        configuration.proxy = .none
        transport = try HTTPTransport(configuration: configuration)
    }

    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        var response = try transport.send(request)
        guard var page = try? JSONValue.parse(response.body), let next = page["@odata.nextLink"]?.stringValue,
            var components = URLComponents(string: next), let target = URLComponents(url: target, resolvingAgainstBaseURL: false)
        else { return response }
        components.host = target.host
        components.port = target.port
        page["@odata.nextLink"] = .string(components.string!)
        response.body = page.serialized()
        rewrites += 1
        return response
    }
}

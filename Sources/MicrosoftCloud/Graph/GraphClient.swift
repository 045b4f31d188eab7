public import Foundation
public import HTTPTransport

/// Microsoft Graph v1.0: JSON calls with a `client-request-id` on every request, paging, `$batch`, typed errors.
/// Paths are relative to `{graph}/v1.0` (`/applications?$filter=...`); absolute URLs must stay on Graph's origin.
public struct GraphClient {
    let session: CloudSession

    /// `{graph}/v1.0`.
    public var base: URL { session.graphPaths.base }

    /// GETs `path` and returns its JSON body.
    public func get(_ path: String, headers: HTTPHeaders = [:], expecting: Expectation? = nil) throws(CloudError) -> JSONValue {
        try send("GET", path, headers: headers, expecting: expecting).body
    }

    /// POSTs `body` as JSON and returns the answer's JSON (`.null` for 204).
    public func post(
        _ path: String, body: JSONValue? = nil, headers: HTTPHeaders = [:], expecting: Expectation? = nil
    ) throws(CloudError) -> JSONValue {
        try send("POST", path, body: body, headers: headers, expecting: expecting).body
    }

    /// PATCHes `body` as JSON and returns the answer's JSON (`.null` for 204).
    public func patch(
        _ path: String, body: JSONValue, headers: HTTPHeaders = [:], expecting: Expectation? = nil
    ) throws(CloudError) -> JSONValue {
        try send("PATCH", path, body: body, headers: headers, expecting: expecting).body
    }

    /// DELETEs `path`.
    public func delete(_ path: String, headers: HTTPHeaders = [:], expecting: Expectation? = nil) throws(CloudError) {
        _ = try send("DELETE", path, headers: headers, expecting: expecting)
    }

    /// Any call, returning status, headers and body (for `201` vs `204` upserts and the like).
    public func send(
        _ method: String, _ path: String, body: JSONValue? = nil, headers: HTTPHeaders = [:],
        expecting: Expectation? = nil
    ) throws(CloudError) -> APIResponse {
        let target = try session.graphPaths.target(path)
        return try APIResponse(session.perform(call(method, target, body: body, headers: headers, expecting: expecting)), service: .graph)
    }

    /// `send`, with the answer's body left as bytes.
    public func sendForBytes(
        _ method: String, _ path: String, body: JSONValue? = nil, headers: HTTPHeaders = [:],
        expecting: Expectation? = nil
    ) throws(CloudError) -> APIBytesResponse {
        let target = try session.graphPaths.target(path)
        return APIBytesResponse(try session.perform(call(method, target, body: body, headers: headers, expecting: expecting)), service: .graph)
    }

    func call(_ method: String, _ target: APITarget, body: JSONValue?, headers: HTTPHeaders, expecting: Expectation?) -> APICall {
        var allHeaders = headers
        if !allHeaders.contains("Accept") { allHeaders.add("Accept", "application/json") }
        if body != nil, !allHeaders.contains("Content-Type") { allHeaders.add("Content-Type", "application/json") }
        let method = method.uppercased()
        return APICall(
            service: .graph, method: method, target: target, headers: allHeaders, body: body?.serialized(),
            authentication: .bearer(session.graphResource), expecting: expecting,
            isReplicationError: { error in
                Self.isReplicationError(error, method: method, url: target.url)
            },
            decodeError: { response, clientRequestId, redactor in
                ServiceErrors.graph(response, clientRequestId: clientRequestId, redactor: redactor)
            },
            inspectResponse: { [redactor = session.redactor] response in
                Self.registerSecrets(in: response, with: redactor)
            })
    }

    /// Registers the `secretText` of an `addPassword` answer before anything can log it.
    static func registerSecrets(in response: HTTPResponse, with redactor: SecretRedactor) {
        guard ByteSearch.contains(#""secretText""#, in: response.body), let body = try? JSONValue.parse(response.body),
            let secret = body["secretText"]?.stringValue
        else { return }
        redactor.register(secret)
    }

    /// The documented replication errors: 404 `Request_ResourceNotFound` on any call, and 400
    /// `Request_BadRequest` when creating a service principal for an app that is not visible yet.
    static func isReplicationError(_ error: CloudError, method: String, url: URL) -> Bool {
        if error.status == 404, error.serviceCode == "Request_ResourceNotFound" { return true }
        let createsServicePrincipal = method == "POST" && url.path.hasSuffix("/servicePrincipals")
        return createsServicePrincipal && error.status == 400 && error.serviceCode == "Request_BadRequest"
    }
}

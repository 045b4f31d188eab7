public import Foundation
public import HTTPTransport

/// The Dataverse Web API of one org (`{org}/api/data/v9.2`): OData headers, `Prefer`, conditional writes, ids from
/// `OData-EntityId`, associations, functions and paging. Paths are relative to the API base (`/systemusers`).
public struct DataverseClient {
    let session: CloudSession
    /// The org's origin; tokens for it go nowhere else.
    public let org: Origin
    /// `v9.2` unless chosen otherwise.
    public let apiVersion: String

    /// `{org}/api/data/{version}`.
    public var base: URL { org.url.appendingPathComponent("api/data/\(apiVersion)") }

    /// What the `Prefer` header asks for.
    public struct Prefer: Sendable, Equatable {
        /// `return=representation`: POST answers 201 and PATCH 200 with the record.
        public var returnRepresentation = false
        /// `odata.maxpagesize=N`.
        public var maxPageSize: Int?
        /// `odata.include-annotations="..."` (`*` for formatted values and error details).
        public var includeAnnotations: String?

        public init(returnRepresentation: Bool = false, maxPageSize: Int? = nil, includeAnnotations: String? = nil) {
            self.returnRepresentation = returnRepresentation
            self.maxPageSize = maxPageSize
            self.includeAnnotations = includeAnnotations
        }

        var headerValue: String? {
            var parts: [String] = []
            if returnRepresentation { parts.append("return=representation") }
            if let maxPageSize { parts.append("odata.maxpagesize=\(maxPageSize)") }
            if let includeAnnotations { parts.append("odata.include-annotations=\"\(includeAnnotations)\"") }
            return parts.isEmpty ? nil : parts.joined(separator: ",")
        }
    }

    /// GETs `path` and returns its JSON.
    public func get(
        _ path: String, prefer: Prefer = Prefer(), headers: HTTPHeaders = [:], expecting: Expectation? = nil
    ) throws(CloudError) -> JSONValue {
        try send("GET", path, prefer: prefer, headers: headers, expecting: expecting).body
    }

    /// POSTs `body`; with `prefer.returnRepresentation` the answer carries the record.
    public func post(
        _ path: String, body: JSONValue? = nil, prefer: Prefer = Prefer(), headers: HTTPHeaders = [:],
        expecting: Expectation? = nil
    ) throws(CloudError) -> APIResponse {
        try send("POST", path, body: body, prefer: prefer, headers: headers, expecting: expecting)
    }

    /// PATCHes `body`. `ifMatch: "*"` updates only (404 when missing), `ifNoneMatch: "*"` creates only (412 when
    /// present), an ETag in `ifMatch` guards against concurrent changes.
    public func patch(
        _ path: String, body: JSONValue, ifMatch: String? = nil, ifNoneMatch: String? = nil, prefer: Prefer = Prefer(),
        headers: HTTPHeaders = [:], expecting: Expectation? = nil
    ) throws(CloudError) -> APIResponse {
        var allHeaders = headers
        if let ifMatch { allHeaders.set("If-Match", ifMatch) }
        if let ifNoneMatch { allHeaders.set("If-None-Match", ifNoneMatch) }
        return try send("PATCH", path, body: body, prefer: prefer, headers: allHeaders, expecting: expecting)
    }

    /// DELETEs `path` (with `If-Match` when given).
    public func delete(_ path: String, ifMatch: String? = nil, headers: HTTPHeaders = [:]) throws(CloudError) {
        var allHeaders = headers
        if let ifMatch { allHeaders.set("If-Match", ifMatch) }
        _ = try send("DELETE", path, headers: allHeaders)
    }

    /// Creates a record in `entitySet` and returns its id, read from `OData-EntityId` (or the representation).
    public func create(_ entitySet: String, body: JSONValue, headers: HTTPHeaders = [:], expecting: Expectation? = nil) throws(CloudError) -> UUID {
        let response = try post(entitySet, body: body, headers: headers, expecting: expecting)
        let header = response.headers["OData-EntityId"] ?? response.headers["Location"]
        guard let id = header.flatMap(Self.entityId(in:)) else {
            throw CloudError(
                code: "dataverse.invalid_response", service: .dataverse, status: response.status,
                message: "the create in \(entitySet) answered without an OData-EntityId naming the new record",
                requestId: response.requestId, host: org.host)
        }
        return id
    }

    /// Any call, with the OData headers: `Accept`, `OData-MaxVersion`, `OData-Version`, `If-None-Match: null` on
    /// reads (unless the caller sets `If-None-Match`), `Content-Type` with a body, and `Prefer`.
    public func send(
        _ method: String, _ path: String, body: JSONValue? = nil, prefer: Prefer = Prefer(), headers: HTTPHeaders = [:],
        expecting: Expectation? = nil
    ) throws(CloudError) -> APIResponse {
        let url = try APIURL.make(base: base, path: path, service: .dataverse)
        return try APIResponse(
            session.perform(call(method, url: url, body: body, prefer: prefer, headers: headers, expecting: expecting)),
            service: .dataverse)
    }

    func call(
        _ method: String, url: URL, body: JSONValue?, prefer: Prefer, headers: HTTPHeaders, expecting: Expectation?
    ) -> APICall {
        let method = method.uppercased()
        var allHeaders = headers
        for (name, value) in [("Accept", "application/json"), ("OData-MaxVersion", "4.0"), ("OData-Version", "4.0")]
        where !allHeaders.contains(name) {
            allHeaders.set(name, value)
        }
        if method == "GET", !allHeaders.contains("If-None-Match") { allHeaders.set("If-None-Match", "null") }
        if body != nil, !allHeaders.contains("Content-Type") { allHeaders.set("Content-Type", "application/json; charset=utf-8") }
        if let value = prefer.headerValue, !allHeaders.contains("Prefer") { allHeaders.set("Prefer", value) }
        return APICall(
            service: .dataverse, method: method, target: APITarget(url), headers: allHeaders, body: body?.serialized(),
            authentication: .bearer(org), expecting: expecting,
            isReplicationError: Self.isReplicationError,
            decodeError: { response, _, redactor in ServiceErrors.dataverse(response, redactor: redactor) })
    }

    /// Replication errors: 0x80072560 (a new application user is not yet a member of the org) and 0x80072559
    /// (the org cannot see a just-created app's service principal yet, when creating its application user).
    static func isReplicationError(_ error: CloudError) -> Bool {
        error.code == .dataverseUserNotMember || error.serviceCode?.lowercased() == "0x80072559"
    }

    /// The GUID in `https://org/api/data/v9.2/systemusers(00000000-...)`.
    static func entityId(in header: String) -> UUID? {
        guard let open = header.lastIndex(of: "("), let close = header.lastIndex(of: ")"), open < close else { return nil }
        return UUID(uuidString: String(header[header.index(after: open)..<close]))
    }
}

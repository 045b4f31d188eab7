public import Foundation
public import HTTPTransport

/// The answer of `WhoAmI`.
public struct WhoAmI: Sendable, Equatable {
    /// The caller's systemuserid.
    public let userId: UUID
    /// The caller's business unit (not necessarily the root one).
    public let businessUnitId: UUID
    /// The org's id.
    public let organizationId: UUID
}

extension DataverseClient {
    /// Every record of a query: follows `@odata.nextLink` (same origin only), sending
    /// `Prefer: odata.maxpagesize=N` on every page when `maxPageSize` is given.
    public func list(
        _ path: String, maxPageSize: Int? = nil, includeAnnotations: String? = nil, headers: HTTPHeaders = [:],
        expecting: Expectation? = nil
    ) throws(CloudError) -> [JSONValue] {
        let prefer = Prefer(maxPageSize: maxPageSize, includeAnnotations: includeAnnotations)
        var url = try APIURL.make(base: base, path: path, service: .dataverse)
        var items: [JSONValue] = []
        while true {
            let page = try APIResponse(
                session.perform(call("GET", url: url, body: nil, prefer: prefer, headers: headers, expecting: expecting)),
                service: .dataverse
            ).body
            items.append(contentsOf: page["value"]?.arrayValue ?? [])
            guard let next = page["@odata.nextLink"]?.stringValue else { return items }
            url = try PagingLinks.follow(next, from: url, allowed: org, service: .dataverse)
        }
    }

    /// Calls an unbound function such as `WhoAmI` or
    /// `RetrieveCurrentOrganization(AccessType=@p1)?@p1=Microsoft.Dynamics.CRM.EndpointAccessType'Default'`.
    public func function(_ call: String, expecting: Expectation? = nil) throws(CloudError) -> JSONValue {
        try get(call, expecting: expecting)
    }

    /// `WhoAmI`: who the token's caller is in this org. With `expecting: .replication`, a new application user's
    /// 0x80072560 is waited out.
    public func whoAmI(expecting: Expectation? = nil) throws(CloudError) -> WhoAmI {
        let json = try function("WhoAmI", expecting: expecting)
        guard let user = json["UserId"]?.stringValue.flatMap(UUID.init(uuidString:)),
            let unit = json["BusinessUnitId"]?.stringValue.flatMap(UUID.init(uuidString:)),
            let organization = json["OrganizationId"]?.stringValue.flatMap(UUID.init(uuidString:))
        else {
            throw CloudError(
                code: "dataverse.invalid_response", service: .dataverse,
                message: "WhoAmI answered without UserId, BusinessUnitId and OrganizationId", host: org.host)
        }
        return WhoAmI(userId: user, businessUnitId: unit, organizationId: organization)
    }

    /// `RetrieveCurrentOrganization` for the default endpoint access type: the org's `Detail`.
    public func retrieveCurrentOrganization() throws(CloudError) -> JSONValue {
        try function(
            "RetrieveCurrentOrganization(AccessType=@p1)?@p1=Microsoft.Dynamics.CRM.EndpointAccessType'Default'")
    }

    /// Associates two records through a collection-valued navigation property:
    /// `POST {entity}/{relationship}/$ref {"@odata.id": "{base}/{target}"}`, e.g.
    /// `associate("systemusers(<id>)", "systemuserroles_association", "roles(<id>)")`.
    public func associate(_ entity: String, _ relationship: String, _ target: String) throws(CloudError) {
        let reference = base.absoluteString + "/" + Self.trimSlash(target)
        _ = try post("\(Self.trimSlash(entity))/\(relationship)/$ref", body: ["@odata.id": .string(reference)])
    }

    /// Removes an association: `DELETE {entity}/{relationship}/$ref?$id={base}/{target}`.
    public func disassociate(_ entity: String, _ relationship: String, _ target: String) throws(CloudError) {
        let reference = FormEncoding.encode(base.absoluteString + "/" + Self.trimSlash(target))
        try delete("\(Self.trimSlash(entity))/\(relationship)/$ref?$id=\(reference)")
    }

    private static func trimSlash(_ path: String) -> String {
        path.hasPrefix("/") ? String(path.dropFirst()) : path
    }
}

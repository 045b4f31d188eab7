import Foundation

/// What the anonymous OpenID configuration tells about a tenant.
public struct TenantDiscovery: Sendable, Equatable {
    /// The tenant GUID (from `token_endpoint`, else `issuer`).
    public let tenantId: String
    /// `cloud_instance_name` (`microsoftonline.com`, `microsoftonline.us`, ...), when the document has it.
    public let cloudInstanceName: String?
    /// `tenant_region_scope`, when the document has it.
    public let tenantRegionScope: String?
}

extension IdentityClient {
    /// The tenant ID of a domain (`contoso.onmicrosoft.com`) from
    /// `GET {authority}/{domain}/v2.0/.well-known/openid-configuration`, without signing in.
    /// An unknown domain fails with `oauth.unknown_tenant` (AADSTS90002).
    public func discoverTenant(domain: String) throws(CloudError) -> TenantDiscovery {
        var call = APICall(
            service: .identity, method: "GET",
            target: APITarget(endpoint(authority: nil, tenant: domain, path: "v2.0/.well-known/openid-configuration")),
            authentication: .none,
            decodeError: { response, _, redactor in IdentityErrors.decode(response, redactor: redactor) })
        call.headers.set("Accept", "application/json")
        let response = try session.perform(call)
        let json = try? JSONValue.parse(response.body)
        let candidates = [json?["token_endpoint"]?.stringValue, json?["issuer"]?.stringValue].compactMap { $0 }
        guard let tenantId = candidates.lazy.compactMap(Self.tenantGUID(in:)).first else {
            throw CloudError(
                code: .oauthInvalidResponse, service: .identity, status: response.status,
                message: "the OpenID configuration of \(domain) names no tenant GUID in token_endpoint or issuer",
                host: response.url.host)
        }
        return TenantDiscovery(
            tenantId: tenantId, cloudInstanceName: json?["cloud_instance_name"]?.stringValue,
            tenantRegionScope: json?["tenant_region_scope"]?.stringValue)
    }

    /// The first path segment of `url` when it is a GUID (`https://login.../{GUID}/oauth2/v2.0/token`).
    static func tenantGUID(in url: String) -> String? {
        guard let segment = URL(string: url)?.pathComponents.dropFirst().first,
            UUID(uuidString: segment) != nil
        else { return nil }
        return segment.lowercased()
    }
}

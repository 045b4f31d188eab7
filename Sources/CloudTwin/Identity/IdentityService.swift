import Foundation

/// The identity platform: OpenID discovery, JWKS, the v2.0 token endpoint and device authorization.
struct IdentityService: TwinService {
    let twin: Twin

    func respond(to request: TwinRequest) async -> TwinResponse {
        let segments = request.pathSegments
        guard let tenant = segments.first else { return notFound(request) }
        let rest = Array(segments.dropFirst())
        switch rest {
        case ["v2.0", ".well-known", "openid-configuration"]:
            return discovery(request, tenant: tenant, version: .v2)
        case [".well-known", "openid-configuration"]:
            return discovery(request, tenant: tenant, version: .v1)
        case ["discovery", "v2.0", "keys"], ["discovery", "keys"]:
            return keys(request, tenant: tenant)
        case ["oauth2", "v2.0", "token"]:
            return await TokenEndpoint(twin: twin, request: request, tenantSegment: tenant).respond()
        case ["oauth2", "v2.0", "devicecode"]:
            return DeviceCodeEndpoint(twin: twin, request: request, tenantSegment: tenant).respond()
        default:
            return notFound(request)
        }
    }

    private func notFound(_ request: TwinRequest) -> TwinResponse {
        .text(404, "The identity platform twin has no page at \(request.path).")
    }
}

/// How the path's `{tenant}` segment resolves.
enum TenantSegment: Equatable {
    /// The twin's tenant, named by id or verified domain.
    case tenant(String)
    /// `common`, `organizations` or `consumers`.
    case multiTenant(String)
    case unknown(String)

    static let multiTenantNames: Set<String> = ["common", "organizations", "consumers"]

    init(_ segment: String, tenant: Tenant) {
        if Self.multiTenantNames.contains(segment.lowercased()) {
            self = .multiTenant(segment.lowercased())
        } else if tenant.matches(segment) {
            self = .tenant(tenant.id)
        } else {
            self = .unknown(segment)
        }
    }
}

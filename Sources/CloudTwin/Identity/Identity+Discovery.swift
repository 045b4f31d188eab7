import Foundation

extension IdentityService {
    enum DiscoveryVersion { case v1, v2 }

    /// `/{tenant}/v2.0/.well-known/openid-configuration` (and the v1.0 document without `v2.0`).
    func discovery(_ request: TwinRequest, tenant segment: String, version: DiscoveryVersion) -> TwinResponse {
        let now = twin.clock.now()
        let tenant = twin.state.withLock { $0.tenant }
        let pathTenant: String
        switch TenantSegment(segment, tenant: tenant) {
        case .tenant(let id): pathTenant = id
        case .multiTenant(let name): pathTenant = name
        case .unknown(let name):
            return IdentityError.unknownTenant(name, error: "invalid_tenant", request: request, now: now)
        }
        let origins = twin.origins
        let identity = origins.identity
        let issuerTenant = TenantSegment.multiTenantNames.contains(pathTenant) ? "{tenantid}" : pathTenant
        let graphHost = URL(string: origins.graph).map { url in
            url.host.map { host in url.port.map { "\(host):\($0)" } ?? host } ?? origins.graph
        } ?? origins.graph
        let v2 = version == .v2
        let oauth = v2 ? "oauth2/v2.0" : "oauth2"
        var document: [String: JSON] = [
            "issuer": .string(v2 ? "\(identity)/\(issuerTenant)/v2.0" : "https://sts.windows.net/\(issuerTenant)/"),
            "authorization_endpoint": .string("\(identity)/\(pathTenant)/\(oauth)/authorize"),
            "token_endpoint": .string("\(identity)/\(pathTenant)/\(oauth)/token"),
            "device_authorization_endpoint": .string("\(identity)/\(pathTenant)/\(oauth)/devicecode"),
            "end_session_endpoint": .string("\(identity)/\(pathTenant)/\(oauth)/logout"),
            "jwks_uri": .string("\(identity)/\(pathTenant)/discovery/\(v2 ? "v2.0/" : "")keys"),
            "kerberos_endpoint": .string("\(identity)/\(pathTenant)/kerberos"),
            "userinfo_endpoint": .string("\(origins.graph)/oidc/userinfo"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "request_uri_parameter_supported": false,
            "http_logout_supported": true,
            "frontchannel_logout_supported": true,
            "claims_supported": [
                "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host",
                "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash",
                "c_hash", "email",
            ],
            "tenant_region_scope": .string(tenant.regionScope),
            "cloud_instance_name": .string(tenant.cloudInstanceName),
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": .string(graphHost),
            "rbac_url": "https://pas.windows.net",
        ]
        if let subScope = tenant.regionSubScope { document["tenant_region_sub_scope"] = .string(subScope) }
        if !v2 { document["microsoft_multi_refresh_token"] = true }
        return .json(200, .object(document), headers: [("Cache-Control", "max-age=86400, private"), ("Access-Control-Allow-Origin", "*")])
    }

    /// `/{tenant}/discovery/v2.0/keys`: the twin's signing key as a JWKS.
    func keys(_ request: TwinRequest, tenant segment: String) -> TwinResponse {
        let now = twin.clock.now()
        let tenant = twin.state.withLock { $0.tenant }
        var issuer = "\(twin.origins.identity)/{tenantid}/v2.0"
        switch TenantSegment(segment, tenant: tenant) {
        case .tenant(let id): issuer = "\(twin.origins.identity)/\(id)/v2.0"
        case .multiTenant: break
        case .unknown(let name): return IdentityError.unknownTenant(name, error: "invalid_tenant", request: request, now: now)
        }
        var key = SigningKey.shared.jwk
        key["issuer"] = .string(issuer)
        return .json(200, ["keys": [.object(key)]], headers: [("Cache-Control", "max-age=86400, private")])
    }
}

import Foundation

/// `POST /{tenant}/oauth2/v2.0/token`: client credentials, device code and refresh token grants.
struct TokenEndpoint {
    let twin: Twin
    let request: TwinRequest
    let tenantSegment: String
    let now: Date
    /// The form fields (first value wins).
    let form: [String: String]

    init(twin: Twin, request: TwinRequest, tenantSegment: String) {
        self.twin = twin
        self.request = request
        self.tenantSegment = tenantSegment
        now = twin.clock.now()
        var fields: [String: String] = [:]
        let isForm = request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        if isForm { for (name, value) in request.formBody where fields[name] == nil { fields[name] = value } }
        form = fields
    }

    func respond() async -> TwinResponse {
        guard request.method == "POST" else {
            return error(
                error: "invalid_request", code: 900561,
                description: "The endpoint only accepts POST requests. Received a \(request.method) request.")
        }
        let tenant = twin.state.withLock { $0.tenant }
        let segment = TenantSegment(tenantSegment, tenant: tenant)
        if case .unknown(let name) = segment {
            return IdentityError.unknownTenant(name, error: "invalid_request", request: request, now: now)
        }
        guard let grantType = form["grant_type"], !grantType.isEmpty else { return missing("grant_type") }
        switch grantType {
        case "client_credentials":
            if case .multiTenant = segment {
                return error(
                    error: "invalid_request", code: 9001023,
                    description: "The grant type isn't supported over the /common or /consumers endpoints. Please use "
                        + "the /organizations or tenant-specific endpoint.")
            }
            return await clientCredentials()
        case "urn:ietf:params:oauth:grant-type:device_code":
            return await deviceCode()
        case "refresh_token":
            return await refreshToken()
        default:
            return error(
                error: "unsupported_grant_type", code: 70003, description: "The app requested an unsupported grant type '\(grantType)'.")
        }
    }

    // MARK: Shared helpers

    func error(_ status: Int = 400, error: String, code: Int?, description: String) -> TwinResponse {
        IdentityError.response(status, error: error, code: code, description: description, request: request, now: now)
    }

    func missing(_ name: String) -> TwinResponse {
        IdentityError.missingParameter(name, request: request, now: now)
    }

    /// Client id and secret from the form, or from HTTP Basic (RFC 6749 2.3.1: form-urlencoded, then base64).
    var clientCredentialsPresented: (clientId: String?, secret: String?) {
        var clientId = form["client_id"]
        var secret = form["client_secret"]
        if let header = request.header("authorization"), header.lowercased().hasPrefix("basic ") {
            let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
            if let data = Data(base64Encoded: encoded), let decoded = String(data: data, encoding: .utf8),
                let colon = decoded.firstIndex(of: ":")
            {
                let pairs = FormEncoding.decode("u=" + decoded[..<colon] + "&p=" + decoded[decoded.index(after: colon)...])
                clientId = clientId ?? pairs.first { $0.name == "u" }?.value
                secret = secret ?? pairs.first { $0.name == "p" }?.value
            }
        }
        return (clientId, secret)
    }

    /// AADSTS700016 for a client id the tenant does not know (or not yet, under `lag.app`).
    func unknownClient(_ clientId: String, tenantName: String) -> TwinResponse {
        error(
            error: "unauthorized_client", code: 700016,
            description: "Application with identifier '\(clientId)' was not found in the directory '\(tenantName)'. This "
                + "can happen if the application has not been installed by the administrator of the tenant or consented "
                + "to by any user in the tenant. You may have sent your authentication request to the wrong tenant.")
    }

    /// The problem response for a scope parameter that cannot be honoured.
    func scopeProblem(_ problem: ScopeRequest.Problem, scope: String) -> TwinResponse {
        switch problem {
        case .empty:
            return error(
                error: "invalid_scope", code: 70011,
                description: "The provided value for the input parameter 'scope' is not valid. The scope \(scope) is not valid.")
        case .multipleResources:
            return error(
                error: "invalid_scope", code: 700022,
                description: "The provided value for the input parameter scope is not valid because it contains more than "
                    + "one resource. The scope \(scope) is not valid.")
        case .unknownResource(let resource):
            let tenant = twin.state.withLock { $0.tenant.displayName }
            return error(
                error: "invalid_resource", code: 500011,
                description: "The resource principal named \(resource) was not found in the tenant named \(tenant). This "
                    + "can happen if the application has not been installed by the administrator of the tenant or "
                    + "consented to by any user in the tenant. You might have sent your authentication request to the "
                    + "wrong tenant.")
        }
    }

    /// The JSON of a successful token response.
    func success(_ members: [String: JSON]) -> TwinResponse {
        var body = members
        body["token_type"] = "Bearer"
        body["expires_in"] = .int(TokenService.accessTokenLifetime)
        body["ext_expires_in"] = .int(TokenService.accessTokenLifetime)
        return .json(200, .object(body), headers: [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")])
    }
}

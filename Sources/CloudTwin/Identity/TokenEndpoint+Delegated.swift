import Crypto
import Foundation

extension TokenEndpoint {
    /// The device-code grant: pending, slow_down, declined, expired, or tokens for the approving user.
    func deviceCode() async -> TwinResponse {
        guard let clientId = form["client_id"], !clientId.isEmpty else { return missing("client_id") }
        guard let deviceCode = form["device_code"], !deviceCode.isEmpty else { return missing("device_code") }

        enum Poll {
            case unknown, expired, declined, redeemed, slowDown(Int), pending, approved(String, [String])
        }
        let poll: Poll = twin.state.withLock { state in
            guard var sign = state.deviceCodes[deviceCode],
                sign.clientId.caseInsensitiveCompare(clientId) == .orderedSame
            else { return .unknown }
            defer { state.deviceCodes[deviceCode] = sign }
            if sign.expiresAt <= now { return .expired }
            switch sign.status {
            case .declined: return .declined
            case .redeemed: return .redeemed
            case .approved(let userId):
                sign.status = .redeemed
                return .approved(userId, sign.scopes)
            case .pending:
                if let last = sign.lastPolledAt, now.timeIntervalSince(last) < TimeInterval(sign.interval) {
                    sign.interval += 5
                    sign.lastPolledAt = now
                    return .slowDown(sign.interval)
                }
                sign.lastPolledAt = now
                return .pending
            }
        }
        switch poll {
        case .unknown:
            return error(
                error: "bad_verification_code", code: 70018,
                description: "Invalid verification code due to User typing in wrong user code for device code flow.")
        case .expired:
            return error(error: "expired_token", code: 70019, description: "Verification code expired.")
        case .declined:
            return error(error: "authorization_declined", code: 65004, description: "User declined to consent to access the app.")
        case .redeemed:
            return error(
                error: "invalid_grant", code: 54005,
                description: "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use "
                    + "an existing refresh token.")
        case .slowDown(let interval):
            return error(
                error: "slow_down", code: nil,
                description: "The client polled faster than the interval; wait \(interval) seconds between requests (RFC 8628).")
        case .pending:
            return error(
                error: "authorization_pending", code: 70016,
                description: "OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
        case .approved(let userId, let scopes):
            guard let application = twin.state.withLock({ $0.application(appId: clientId) }) else {
                return unknownClient(clientId, tenantName: "")
            }
            guard application.isPublicClient else { return confidentialClientNeedsSecret() }
            return await issueDelegated(userId: userId, application: application, scope: scopes.joined(separator: " "))
        }
    }

    /// The refresh-token grant; a new refresh token is returned every time.
    func refreshToken() async -> TwinResponse {
        guard let clientId = clientCredentialsPresented.clientId, !clientId.isEmpty else { return missing("client_id") }
        guard let token = form["refresh_token"], !token.isEmpty else { return missing("refresh_token") }
        let key = Self.refreshKey(token)
        let (grant, application, tenantName) = twin.state.withLock {
            ($0.refreshTokens[key], $0.application(appId: clientId), $0.tenant.displayName)
        }
        guard let grant else {
            return error(error: "invalid_grant", code: 9002313, description: "Invalid request. Request is malformed or invalid.")
        }
        guard grant.clientId.caseInsensitiveCompare(clientId) == .orderedSame else {
            return error(error: "invalid_grant", code: 70000, description: "Provided grant is invalid or malformed.")
        }
        guard grant.expiresAt > now else {
            return error(
                error: "invalid_grant", code: 700082,
                description: "The refresh token has expired due to inactivity. The token was issued on "
                    + "\(TwinTime.iso8601(grant.issuedAt)) and was inactive for 90.00:00:00.")
        }
        guard let application, application.visibleAt <= now else { return unknownClient(clientId, tenantName: tenantName) }
        if !application.isPublicClient {
            guard let secret = clientCredentialsPresented.secret, !secret.isEmpty else { return confidentialClientNeedsSecret() }
            guard application.passwords.contains(where: { $0.matches(secret) && $0.usableAt <= now && $0.endDateTime > now })
            else { return invalidSecret(clientId) }
        }
        return await issueDelegated(userId: grant.userId, application: application, scope: form["scope"] ?? grant.scope)
    }

    private func confidentialClientNeedsSecret() -> TwinResponse {
        error(
            401, error: "invalid_client", code: 7000218,
            description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
    }

    /// Access token (+ ID token with `openid`, + refresh token with `offline_access`) for a user and a client.
    private func issueDelegated(userId: String, application: DirectoryApplication, scope: String) async -> TwinResponse {
        let parsed: ScopeRequest
        switch ScopeRequest.parse(scope, origins: twin.origins) {
        case .success(let value): parsed = value
        case .failure(let problem): return scopeProblem(problem, scope: scope)
        }
        guard let user = twin.state.withLock({ $0.users[userId] }) else {
            return error(error: "invalid_grant", code: 50034, description: "The user account does not exist in the directory.")
        }
        let audience = parsed.audience ?? twin.origins.graph
        let values = parsed.audience == nil ? [".default"] : parsed.values
        let granted: [String]
        switch twin.consentedScopes(clientAppId: application.appId, userId: userId, audience: audience, requested: values) {
        case .success(let scopes): granted = scopes
        case .failure:
            return error(
                error: "invalid_grant", code: 65001,
                description: "The user or administrator has not consented to use the application with ID "
                    + "'\(application.appId)' named '\(application.displayName)'. Send an interactive authorization "
                    + "request for this user and resource.")
        }
        do {
            let accessToken = try await twin.tokens.sign(
                twin.userTokenClaims(user: user, application: application, audience: audience, scopes: granted, now: now))
            let resource = parsed.resource ?? "https://graph.microsoft.com"
            var scopeList = granted.filter { !ScopeRequest.openIDScopes.contains($0) }.map { "\(resource)/\($0)" }
            scopeList.append(contentsOf: parsed.openID.sorted())
            var body: [String: JSON] = [
                "access_token": .string(accessToken), "scope": .string(scopeList.joined(separator: " ")),
            ]
            if parsed.openID.contains("openid") {
                body["id_token"] = .string(
                    try await twin.tokens.sign(twin.idTokenClaims(user: user, clientId: application.appId, now: now)))
            }
            if parsed.openID.contains("offline_access") || form["grant_type"] == "refresh_token" {
                let refresh = "0.A" + DeviceCodeEndpoint.randomString(length: 200, alphabet: DeviceCodeEndpoint.base64URLAlphabet)
                let record = RefreshGrant(
                    userId: user.id, clientId: application.appId, scope: scope, issuedAt: now,
                    expiresAt: now.addingTimeInterval(90 * 86400))
                twin.state.withLock { $0.refreshTokens[Self.refreshKey(refresh)] = record }
                body["refresh_token"] = .string(refresh)
            }
            return success(body)
        } catch {
            return self.error(500, error: "server_error", code: nil, description: "The twin could not sign a token: \(error)")
        }
    }

    /// Refresh tokens are stored by hash, never in clear.
    static func refreshKey(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension Twin {
    /// Delegated scopes a client may use on the resource behind `audience` for `userId`: all consented ones for
    /// `.default`, else exactly the requested ones; failure lists what is not consented.
    func consentedScopes(clientAppId: String, userId: String, audience: String, requested: [String]) -> Result<[String], ConsentMissing> {
        let resourceAppId = resourceAppId(forAudience: audience)
        return state.withLock { state in
            guard let resource = state.servicePrincipal(appId: resourceAppId) else {
                let values = requested.filter { $0 != ".default" }
                return .success(values.isEmpty ? ["user_impersonation"] : values)
            }
            guard let client = state.servicePrincipal(appId: clientAppId) else { return .failure(ConsentMissing(scopes: requested)) }
            var consented: [String] = []
            for grant in state.grants.all
            where grant.clientId.caseInsensitiveCompare(client.id) == .orderedSame
                && grant.resourceId.caseInsensitiveCompare(resource.id) == .orderedSame
                && (grant.consentType == "AllPrincipals" || grant.principalId?.lowercased() == userId.lowercased())
            {
                for scope in grant.scopes where !consented.contains(scope) { consented.append(scope) }
            }
            if requested.contains(".default") {
                return consented.isEmpty ? .failure(ConsentMissing(scopes: requested)) : .success(consented)
            }
            let missing = requested.filter { value in !consented.contains { $0.caseInsensitiveCompare(value) == .orderedSame } }
            return missing.isEmpty ? .success(requested) : .failure(ConsentMissing(scopes: missing))
        }
    }
}

/// Delegated scopes that have no consent.
struct ConsentMissing: Error {
    var scopes: [String]
}

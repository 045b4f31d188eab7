import Foundation

extension TokenEndpoint {
    /// The client-credentials grant: app + service principal in the tenant, a valid secret, one `/.default` scope.
    func clientCredentials() async -> TwinResponse {
        let (presentedId, presentedSecret) = clientCredentialsPresented
        guard let clientId = presentedId, !clientId.isEmpty else { return missing("client_id") }
        guard let scope = form["scope"], !scope.isEmpty else { return missing("scope") }

        let lookup = twin.state.withLock { state in
            (state.tenant, state.application(appId: clientId), state.servicePrincipal(appId: clientId))
        }
        let (tenant, foundApp, foundPrincipal) = lookup
        guard let application = foundApp, application.visibleAt <= now else {
            return unknownClient(clientId, tenantName: tenant.displayName)
        }
        var usedCredential: PasswordCredential?
        if let assertion = form["client_assertion"], !assertion.isEmpty {
            if let problem = await clientAssertionProblem(assertion, application: application) { return problem }
        } else {
            guard let secret = presentedSecret, !secret.isEmpty else {
                return error(
                    401, error: "invalid_client", code: 7000218,
                    description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
            }
            guard let credential = application.passwords.first(where: { $0.matches(secret) }), credential.usableAt <= now else {
                return invalidSecret(clientId)
            }
            guard credential.endDateTime > now else {
                return error(
                    401, error: "invalid_client", code: 7000222,
                    description: "The provided client secret keys for app '\(clientId)' are expired. Visit the Azure portal "
                        + "to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate "
                        + "credentials for added security: https://aka.ms/certCreds.")
            }
            usedCredential = credential
        }
        guard let principal = foundPrincipal, principal.visibleAt <= now else {
            return error(
                error: "invalid_client", code: 7000229,
                description: "The client application \(clientId) is missing service principal in the tenant \(tenant.id). "
                    + "See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119")
        }

        let parsed: ScopeRequest
        switch ScopeRequest.parse(scope, origins: twin.origins) {
        case .success(let value): parsed = value
        case .failure(let problem): return scopeProblem(problem, scope: scope)
        }
        guard let audience = parsed.audience, parsed.openID.isEmpty, parsed.values.allSatisfy({ $0 == ".default" }) else {
            return error(
                error: "invalid_scope", code: 1002012,
                description: "The provided value for scope \(scope) is not valid. Client credential flows must have a "
                    + "scope value with /.default suffixed to the resource identifier (application ID URI).")
        }

        twin.state.withLock { state in
            guard let credential = usedCredential, var stored = state.applications[application.id],
                let index = stored.passwords.firstIndex(where: { $0.keyId == credential.keyId })
            else { return }
            stored.passwords[index].lastUsed = now
            state.applications[application.id] = stored
        }
        let roles = twin.applicationRoles(of: principal, forAudience: audience)
        do {
            let token = try await twin.tokens.sign(
                twin.appTokenClaims(application: application, principal: principal, audience: audience, roles: roles, now: now))
            return success(["access_token": .string(token)])
        } catch {
            return self.error(500, error: "server_error", code: nil, description: "The twin could not sign a token: \(error)")
        }
    }

    func invalidSecret(_ clientId: String) -> TwinResponse {
        error(
            401, error: "invalid_client", code: 7000215,
            description: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret "
                + "value, not the client secret ID, for a secret added to app '\(clientId)'.")
    }
}

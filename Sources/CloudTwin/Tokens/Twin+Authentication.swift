import Foundation

extension Twin {
    /// Validates the request's bearer token for the listener it arrived on: signature, lifetime, audience
    /// (the listener's origin or its public alias) and tenant.
    func authenticate(_ request: TwinRequest) async -> Result<Caller, TokenRejection> {
        let tenantId = state.withLock { $0.tenant.id }
        let origins = self.origins
        return await tokens.validate(request.bearerToken, tenantId: tenantId) {
            origins.accepts(audience: $0, for: request.service)
        }
    }
}

import Foundation

extension CloudSession {
    /// The authority the credential signs in at: its own override (e.g. `AZURE_AUTHORITY_HOST`) or the cloud's.
    var authority: Origin { credential.authority ?? profile.authority }

    func cacheKey(for resource: Origin) -> TokenCache.Key {
        TokenCache.Key(authority: authority, tenant: credential.tenant, clientId: credential.clientId, resource: resource)
    }

    /// A token for `resource` (e.g. the Graph origin or an org), from the cache while it is good, else from the
    /// credential.
    public func accessToken(for resource: Origin) throws(CloudError) -> AccessToken {
        let key = cacheKey(for: resource)
        if let token = tokenCache.token(for: key, now: timing.date()) { return token }
        let token = try credential.requestToken(for: resource, using: identity)
        tokenCache.store(token, for: key)
        return token
    }

    /// The origin Graph tokens are issued for.
    public var graphResource: Origin { profile.graph }
}

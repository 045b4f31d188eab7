import Foundation

extension CloudSession {
    /// The authority the credential signs in at: its own override (e.g. `AZURE_AUTHORITY_HOST`) or the cloud's.
    var authority: Origin { signer.authority }

    func cacheKey(for resource: Origin) -> TokenCache.Key {
        TokenCache.Key(
            lowercasedTenant: signer.tenant, lowercasedClientId: signer.clientId, authority: signer.authority, resource: resource)
    }

    /// A token for `resource` (e.g. the Graph origin or an org), from the cache while it is good, else from the
    /// credential.
    public func accessToken(for resource: Origin) throws(CloudError) -> AccessToken {
        try accessToken(for: resource, key: cacheKey(for: resource))
    }

    /// `accessToken(for:)` with the resource's cache key already made.
    func accessToken(for resource: Origin, key: TokenCache.Key) throws(CloudError) -> AccessToken {
        if let token = tokenCache.token(for: key, now: timing.date()) { return token }
        let token = try credential.requestToken(for: resource, using: identity)
        tokenCache.store(token, for: key)
        return token
    }

    /// The origin Graph tokens are issued for.
    public var graphResource: Origin { profile.graph }
}

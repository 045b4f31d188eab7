public import Foundation

/// Access tokens by (authority, tenant, client, resource), each reused until `refreshOn`.
/// Confined to its session's thread, like everything else in a run.
public final class TokenCache {
    /// What a cached token is keyed by.
    public struct Key: Hashable, Sendable {
        public let authority: Origin
        public let tenant: String
        public let clientId: String
        public let resource: Origin

        public init(authority: Origin, tenant: String, clientId: String, resource: Origin) {
            self.init(lowercasedTenant: tenant.lowercased(), lowercasedClientId: clientId.lowercased(), authority: authority, resource: resource)
        }

        /// A key from a tenant and client id already lowercased (a session's, made once).
        init(lowercasedTenant tenant: String, lowercasedClientId clientId: String, authority: Origin, resource: Origin) {
            self.authority = authority
            self.tenant = tenant
            self.clientId = clientId
            self.resource = resource
        }

        /// Hashes what tells a session's keys apart (its resource) and its client, not every field: a key is
        /// looked up on every call, and equal keys still hash alike.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(resource)
            hasher.combine(clientId)
        }
    }

    private var tokens: [Key: AccessToken] = [:]

    public init() {}

    /// The token for `key` if it is still good at `now`.
    public func token(for key: Key, now: Date) -> AccessToken? {
        guard let token = tokens[key] else { return nil }
        guard now < token.refreshOn else {
            tokens[key] = nil
            return nil
        }
        return token
    }

    /// Keeps `token` for `key`.
    public func store(_ token: AccessToken, for key: Key) {
        tokens[key] = token
    }

    /// Forgets the token for `key` (e.g. after the service rejected it).
    public func remove(_ key: Key) {
        tokens[key] = nil
    }

    /// Forgets every token.
    public func removeAll() {
        tokens.removeAll()
    }

    /// How many tokens are cached.
    public var count: Int { tokens.count }
}

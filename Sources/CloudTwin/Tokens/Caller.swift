import Foundation

/// Who is calling a service, resolved from a validated bearer token.
struct Caller: Sendable {
    enum Kind: Sendable, Equatable {
        /// App-only (client credentials): `idtyp` is `app`, rights in `roles`.
        case application
        /// Delegated (device code, refresh token): `idtyp` is `user`, rights in `scp`.
        case user
    }

    let kind: Kind
    /// The client id (`appid`).
    let appId: String
    /// The service principal object id (app-only) or the user's object id (delegated).
    let objectId: String
    let tenantId: String
    let audience: String
    /// Application permissions (`roles`), app-only only.
    let roles: Set<String>
    /// Delegated scopes (`scp`), delegated only.
    let scopes: Set<String>
    let claims: AccessTokenClaims

    init(claims: AccessTokenClaims) {
        self.claims = claims
        kind = claims.idtyp == "user" ? .user : .application
        appId = claims.appid
        objectId = claims.oid
        tenantId = claims.tid
        audience = claims.aud
        roles = Set(claims.roles ?? [])
        scopes = Set((claims.scp ?? "").split(separator: " ").map(String.init))
    }

    /// True when the token carries any of these application roles (app-only) or delegated scopes (delegated).
    func hasAny(roles wantedRoles: [String] = [], scopes wantedScopes: [String] = []) -> Bool {
        switch kind {
        case .application: wantedRoles.contains { roles.contains($0) }
        case .user: wantedScopes.contains { scopes.contains($0) }
        }
    }
}

/// Why a bearer token was refused; `graphMessage` is what Graph says in `InvalidAuthenticationToken`.
enum TokenRejection: Error, Sendable, Equatable {
    case missing
    case malformed
    case badSignature
    case expired
    case notYetValid
    case wrongAudience(String)
    case wrongTenant(String)

    var graphMessage: String {
        switch self {
        case .missing: "Access token is empty."
        case .malformed: "Invalid JWT token. The token is not in JWS Compact Serialization Format."
        case .badSignature: "Access token validation failure."
        case .expired, .notYetValid: "Access token has expired or is not yet valid."
        case .wrongAudience: "Access token validation failure. Invalid audience."
        case .wrongTenant: "Access token validation failure. Invalid issuer."
        }
    }
}

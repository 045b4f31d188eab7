import Crypto
import Foundation

extension Twin {
    /// The `iss` of access tokens: v1.0 tokens, as Graph, Dataverse and the Power Platform API receive them.
    func accessTokenIssuer(tenantId: String) -> String { "https://sts.windows.net/\(tenantId)/" }

    /// Application permission values of `principal` on the resource behind `audience`.
    func applicationRoles(of principal: ServicePrincipal, forAudience audience: String) -> [String] {
        let resourceAppId = resourceAppId(forAudience: audience)
        return state.withLock { state in
            guard let resource = state.servicePrincipal(appId: resourceAppId) else { return [] }
            let values = resource.appRoleValues
            return principal.appRoleAssignments
                .filter { $0.resourceId.caseInsensitiveCompare(resource.id) == .orderedSame }
                .compactMap { values[$0.appRoleId.lowercased()] }
                .sorted()
        }
    }

    /// Claims of an app-only access token.
    func appTokenClaims(
        application: DirectoryApplication, principal: ServicePrincipal, audience: String, roles: [String], now: Date
    ) -> AccessTokenClaims {
        let tenant = state.withLock { $0.tenant }
        let issued = Int(now.timeIntervalSince1970)
        let uti = Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
        return AccessTokenClaims(
            aud: audience, iss: accessTokenIssuer(tenantId: tenant.id), iat: issued, nbf: issued,
            exp: issued + TokenService.accessTokenLifetime, tid: tenant.id, appid: application.appId,
            azp: application.appId, appidacr: "1", appDisplayName: application.displayName,
            idp: accessTokenIssuer(tenantId: tenant.id), idtyp: "app", oid: principal.id, sub: principal.id,
            roles: roles.isEmpty ? nil : roles, scp: nil, upn: nil, uniqueName: nil, name: nil, givenName: nil,
            familyName: nil, tenantRegionScope: tenant.regionScope, ver: "1.0", uti: uti, jti: uti, rh: nil)
    }

    /// Claims of a delegated (user) access token.
    func userTokenClaims(
        user: DirectoryUser, application: DirectoryApplication, audience: String, scopes: [String], now: Date
    ) -> AccessTokenClaims {
        let tenant = state.withLock { $0.tenant }
        let issued = Int(now.timeIntervalSince1970)
        let uti = Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
        return AccessTokenClaims(
            aud: audience, iss: accessTokenIssuer(tenantId: tenant.id), iat: issued, nbf: issued,
            exp: issued + TokenService.accessTokenLifetime, tid: tenant.id, appid: application.appId,
            azp: application.appId, appidacr: application.isPublicClient ? "0" : "1",
            appDisplayName: application.displayName, idp: nil, idtyp: "user", oid: user.id,
            sub: Self.pairwiseSubject(user: user.id, client: application.appId), roles: nil,
            scp: scopes.joined(separator: " "), upn: user.userPrincipalName, uniqueName: user.userPrincipalName,
            name: user.displayName, givenName: user.givenName, familyName: user.surname,
            tenantRegionScope: tenant.regionScope, ver: "1.0", uti: uti, jti: uti, rh: nil)
    }

    /// Claims of a v2.0 ID token for `user` and the client `clientId`.
    func idTokenClaims(user: DirectoryUser, clientId: String, now: Date) -> IDTokenClaims {
        let tenant = state.withLock { $0.tenant }
        let issued = Int(now.timeIntervalSince1970)
        return IDTokenClaims(
            aud: clientId, iss: "\(origins.identity)/\(tenant.id)/v2.0", iat: issued, nbf: issued,
            exp: issued + TokenService.accessTokenLifetime, name: user.displayName, oid: user.id,
            preferredUsername: user.userPrincipalName, sub: Self.pairwiseSubject(user: user.id, client: clientId),
            tid: tenant.id, uti: Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255) }), ver: "2.0")
    }

    /// A stable per-(user, client) subject, as Entra's pairwise `sub` (43 base64url characters).
    private static func pairwiseSubject(user: String, client: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array((user.lowercased() + ":" + client.lowercased()).utf8))))
    }
}

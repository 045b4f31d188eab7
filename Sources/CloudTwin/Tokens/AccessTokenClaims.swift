import Foundation
import JWTKit

/// The claims of an access token the twin issues (v1.0 shape, as Graph, Dataverse and Power Platform tokens are),
/// plus `azp` for clients that read the v2.0 name.
struct AccessTokenClaims: JWTPayload, Equatable {
    var aud: String
    var iss: String
    var iat: Int
    var nbf: Int
    var exp: Int
    var tid: String
    var appid: String
    var azp: String
    var appidacr: String
    var appDisplayName: String?
    var idp: String?
    var idtyp: String
    var oid: String
    var sub: String
    var roles: [String]?
    var scp: String?
    var upn: String?
    var uniqueName: String?
    var name: String?
    var givenName: String?
    var familyName: String?
    var tenantRegionScope: String?
    var ver: String
    var uti: String
    var jti: String
    var rh: String?

    enum CodingKeys: String, CodingKey {
        case aud, iss, iat, nbf, exp, tid, appid, azp, appidacr, idp, idtyp, oid, sub, roles, scp, upn, name, ver, uti
        case jti, rh
        case appDisplayName = "app_displayname"
        case uniqueName = "unique_name"
        case givenName = "given_name"
        case familyName = "family_name"
        case tenantRegionScope = "tenant_region_scope"
    }

    /// Expiry and audience are checked by `TokenService.validate` against the twin clock, not here.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The claims of an ID token (v2.0), issued to delegated flows that ask for `openid`.
struct IDTokenClaims: JWTPayload {
    var aud: String
    var iss: String
    var iat: Int
    var nbf: Int
    var exp: Int
    var name: String
    var oid: String
    var preferredUsername: String
    var sub: String
    var tid: String
    var uti: String
    var ver: String

    enum CodingKeys: String, CodingKey {
        case aud, iss, iat, nbf, exp, name, oid, sub, tid, uti, ver
        case preferredUsername = "preferred_username"
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

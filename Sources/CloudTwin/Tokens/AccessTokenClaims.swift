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
    var app_displayname: String?
    var idp: String?
    var idtyp: String
    var oid: String
    var sub: String
    var roles: [String]?
    var scp: String?
    var upn: String?
    var unique_name: String?
    var name: String?
    var given_name: String?
    var family_name: String?
    var tenant_region_scope: String?
    var ver: String
    var uti: String
    var jti: String
    var rh: String?

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
    var preferred_username: String
    var sub: String
    var tid: String
    var uti: String
    var ver: String

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

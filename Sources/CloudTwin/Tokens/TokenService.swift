import Foundation
import JWTKit

/// Issues and validates the twin's RS256 JWTs.
final class TokenService: Sendable {
    /// Lifetime of access tokens (`expires_in`).
    static let accessTokenLifetime = 3599
    /// Clock skew tolerated for `nbf`.
    static let allowedSkew = 300

    private let clock: TwinClock
    private let keys = Locked<JWTKeyCollection?>(nil)

    init(clock: TwinClock) { self.clock = clock }

    /// Starts generating the process-wide signing key in the background, so the first token is quick.
    static func warmUp() {
        Thread.detachNewThread { _ = SigningKey.shared }
    }

    private func keyCollection() async -> JWTKeyCollection {
        if let existing = keys.current { return existing }
        let key = SigningKey.shared
        let collection = JWTKeyCollection()
        await collection.add(rsa: key.privateKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.keyID))
        return keys.withLock { stored in
            if let stored { return stored }
            stored = collection
            return collection
        }
    }

    /// Signs claims with the twin key (`typ: JWT`, `alg: RS256`, `kid` and `x5t`).
    func sign(_ claims: some JWTPayload) async throws -> String {
        var header = JWTHeader()
        header.typ = "JWT"
        header.x5t = SigningKey.shared.keyID
        return try await keyCollection().sign(claims, kid: JWKIdentifier(string: SigningKey.shared.keyID), header: header)
    }

    /// Validates signature, lifetime, audience and tenant against the twin clock.
    func validate(
        _ token: String?, tenantId: String, acceptsAudience: (String) -> Bool
    ) async -> Result<Caller, TokenRejection> {
        guard let token, !token.isEmpty else { return .failure(.missing) }
        guard token.split(separator: ".", omittingEmptySubsequences: false).count == 3 else { return .failure(.malformed) }
        let claims: AccessTokenClaims
        do { claims = try await keyCollection().verify(token, as: AccessTokenClaims.self) } catch {
            if case .some = try? await keyCollection().unverified(token, as: AccessTokenClaims.self) {
                return .failure(.badSignature)
            }
            return .failure(.malformed)
        }
        let now = Int(clock.now().timeIntervalSince1970)
        if claims.exp <= now { return .failure(.expired) }
        if claims.nbf > now + Self.allowedSkew { return .failure(.notYetValid) }
        if !acceptsAudience(claims.aud) { return .failure(.wrongAudience(claims.aud)) }
        if claims.tid.caseInsensitiveCompare(tenantId) != .orderedSame { return .failure(.wrongTenant(claims.tid)) }
        return .success(Caller(claims: claims))
    }

    /// The `appid` claim of a token without checking anything (for the request log only).
    static func unverifiedAppId(_ token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(parts[1]), let claims = JSON.parse(bytes) else { return nil }
        return claims["appid"]?.stringValue ?? claims["azp"]?.stringValue
    }
}

import Foundation
import JWTKit

/// Issues and validates the twin's RS256 JWTs.
final class TokenService: Sendable {
    /// Lifetime of access tokens (`expires_in`).
    static let accessTokenLifetime = 3599
    /// Clock skew tolerated for `nbf`.
    static let allowedSkew = 300

    /// Most tokens whose signature is remembered as verified.
    static let verifiedCacheCapacity = 10_000

    private let clock: TwinClock
    private let keys = Locked<JWTKeyCollection?>(nil)
    /// Claims of tokens whose signature was already verified (a signature cannot become invalid later).
    private let verified = Locked<[String: AccessTokenClaims]>([:])

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
        guard token.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count == 2 else { return .failure(.malformed) }
        let claims: AccessTokenClaims
        if let known = verified.withLock({ $0[token] }) {
            claims = known
        } else {
            do { claims = try await keyCollection().verify(token, as: AccessTokenClaims.self) } catch {
                if case .some = try? await keyCollection().unverified(token, as: AccessTokenClaims.self) {
                    return .failure(.badSignature)
                }
                return .failure(.malformed)
            }
            verified.withLock { cache in
                if cache.count >= Self.verifiedCacheCapacity { cache.removeAll(keepingCapacity: true) }
                cache[token] = claims
            }
        }
        let now = Int(clock.now().timeIntervalSince1970)
        if claims.exp <= now { return .failure(.expired) }
        if claims.nbf > now + Self.allowedSkew { return .failure(.notYetValid) }
        if !acceptsAudience(claims.aud) { return .failure(.wrongAudience(claims.aud)) }
        if claims.tid.lowercased() != tenantId.lowercased() { return .failure(.wrongTenant(claims.tid)) }
        return .success(Caller(claims: claims))
    }

    /// The `appid` claim of a token without checking its signature (for the request log only).
    func appId(ofLoggedToken token: String) -> String? {
        if let known = verified.withLock({ $0[token] }) { return known.appid }
        return Self.unverifiedAppId(token)
    }

    /// The `appid` claim of a token without checking anything.
    static func unverifiedAppId(_ token: String) -> String? {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(String(decoding: parts[1], as: UTF8.self)),
            let claims = JSON.parse(bytes)
        else { return nil }
        return claims["appid"]?.stringValue ?? claims["azp"]?.stringValue
    }
}

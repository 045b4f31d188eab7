import Crypto
import Foundation
import JWTKit
import _CryptoExtras

/// The RSA key the twin signs tokens with: one per process (generating RSA keys is slow), published in the JWKS.
struct SigningKey: Sendable {
    let privateKey: JWTKit.Insecure.RSA.PrivateKey
    /// `kid` and `x5t`: the base64url SHA-1 of the public key, 27 characters like Entra's.
    let keyID: String
    /// The JWK as published at `/{tenant}/discovery/v2.0/keys` (without `issuer`).
    let jwk: [String: JSON]

    /// The process-wide key, generated on first use.
    static let shared: SigningKey = {
        do { return try SigningKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048)) } catch {
            fatalError("twin: cannot generate the token signing key: \(error)")
        }
    }()

    private init(backing: _RSA.Signing.PrivateKey) throws {
        privateKey = try JWTKit.Insecure.RSA.PrivateKey(backing: backing)
        let publicKey = privateKey.publicKey
        let thumbprint = Base64URL.encode(Array(Crypto.Insecure.SHA1.hash(data: publicKey.derRepresentation)))
        keyID = thumbprint
        let (modulus, exponent) = try publicKey.getKeyPrimitives()
        jwk = [
            "kty": "RSA", "use": "sig", "kid": .string(thumbprint), "x5t": .string(thumbprint),
            "n": .string(Base64URL.encode(Array(modulus))), "e": .string(Base64URL.encode(Array(exponent))),
        ]
    }
}

/// Base64url without padding (RFC 7515).
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}

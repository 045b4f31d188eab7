public import Foundation

/// A bearer token for one resource origin. Its description never shows the value.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible {
    /// The bearer value (registered with the session's redactor the moment it was received).
    public let value: String
    /// The origin the token is for: the only origin it is ever sent to.
    public let resource: Origin
    /// When it was received.
    public let issuedOn: Date
    /// When the identity platform said it expires.
    public let expiresOn: Date
    /// `Bearer <value>`, the `Authorization` header value, made once rather than for every request.
    public let authorization: String

    public init(value: String, resource: Origin, issuedOn: Date, expiresOn: Date) {
        self.value = value
        self.resource = resource
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
        authorization = "Bearer " + value
    }

    /// The lifetime the token was issued with.
    public var lifetime: TimeInterval { expiresOn.timeIntervalSince(issuedOn) }

    /// When a cache stops handing it out: 5 minutes or 10% of its lifetime before expiry, whichever is sooner.
    public var refreshOn: Date { expiresOn.addingTimeInterval(-min(300, lifetime * 0.1)) }

    /// The claims of the JWT payload (`aud`, `tid`, `appid`, ...), decoded without checking the signature.
    public func claims() throws(CloudError) -> JSONValue { try JWTClaims.decode(value) }

    public var description: String {
        "AccessToken(resource: \(resource), expires: \(ISO8601DateFormatter().string(from: expiresOn)))"
    }
}

/// Reading the payload of a JWT.
public enum JWTClaims {
    /// The payload of `token` as JSON; fails with `oauth.invalid_response` when it is not a JWT.
    public static func decode(_ token: String) throws(CloudError) -> JSONValue {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = base64URLDecode(String(parts[1])),
            let claims = try? JSONValue.parse(data), claims.objectValue != nil
        else {
            throw CloudError(code: .oauthInvalidResponse, service: .identity, message: "the access token is not a JWT")
        }
        return claims
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

import Crypto
import Foundation
import JWTKit

extension TokenEndpoint {
    /// The only client assertion type Entra accepts (RFC 7523).
    static let jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The claims of a certificate client assertion; checked by hand against the twin clock.
    private struct AssertionClaims: JWTPayload {
        var aud: String
        var iss: String
        var sub: String
        var exp: Int
        var nbf: Int?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// Checks a certificate `client_assertion`: a JWT signed (RS256 or PS256) with the private key of a certificate
    /// in the application's `keyCredentials`, named by its `x5t` header, with `iss` = `sub` = client id, `aud` = this
    /// token endpoint, and a valid lifetime. Returns nil when it holds, else the error to send.
    func clientAssertionProblem(_ assertion: String, application: DirectoryApplication) async -> TwinResponse? {
        guard form["client_assertion_type"] == Self.jwtBearerAssertionType else {
            return error(
                error: "invalid_request", code: 50027,
                description: "JWT token is invalid or malformed. The client_assertion_type must be '\(Self.jwtBearerAssertionType)'.")
        }
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let header = JSON.parse(headerBytes) else {
            return error(error: "invalid_request", code: 50027, description: "JWT token is invalid or malformed.")
        }
        let thumbprint = header["x5t"]?.stringValue ?? ""
        let algorithm = header["alg"]?.stringValue ?? ""
        guard let certificate = Self.certificate(thumbprint: thumbprint, in: application, now: now) else {
            return error(
                401, error: "invalid_client", code: 700027,
                description: "Client assertion failed signature validation. [Reason - The key was not found., Thumbprint "
                    + "of key used by client: '\(thumbprint)'. Please visit the Azure Portal, Graph Explorer or directly "
                    + "use MS Graph to see configured keys for app Id '\(application.appId)'.]")
        }
        let claims: AssertionClaims
        do {
            let publicKey = try JWTKit.Insecure.RSA.PublicKey(certificatePEM: certificate)
            let keys = JWTKeyCollection()
            switch algorithm {
            case "RS256": await keys.add(rsa: publicKey, digestAlgorithm: .sha256)
            case "PS256": await keys.add(pss: publicKey, digestAlgorithm: .sha256)
            default: throw JWTError.generic(identifier: "alg", reason: "unsupported algorithm \(algorithm)")
            }
            claims = try await keys.verify(assertion, as: AssertionClaims.self)
        } catch {
            return self.error(
                401, error: "invalid_client", code: 700027,
                description: "Client assertion failed signature validation. [Reason - The provided signature value did "
                    + "not match the expected signature value.]")
        }
        guard claims.iss.caseInsensitiveCompare(application.appId) == .orderedSame,
            claims.sub.caseInsensitiveCompare(application.appId) == .orderedSame
        else {
            return error(
                error: "invalid_client", code: 700021,
                description: "Client assertion application identifier doesn't match 'client_id' parameter.")
        }
        let tenant = twin.state.withLock { $0.tenant }
        let identity = twin.origins.identity
        let accepted = ([tenantSegment, tenant.id] + tenant.domains.map(\.name)).flatMap { name in
            ["\(identity)/\(name)/oauth2/v2.0/token", "\(identity)/\(name)/v2.0"]
        }
        guard accepted.contains(where: { $0.caseInsensitiveCompare(claims.aud) == .orderedSame }) else {
            return error(
                401, error: "invalid_client", code: 700027,
                description: "Client assertion failed signature validation. [Reason - The audience '\(claims.aud)' is "
                    + "not this token endpoint.]")
        }
        let seconds = Int(now.timeIntervalSince1970)
        guard claims.exp > seconds, (claims.nbf ?? 0) <= seconds + TokenService.allowedSkew else {
            return error(
                401, error: "invalid_client", code: 700024,
                description: "Client assertion is not within its valid time range. Current time: "
                    + "\(TwinTime.iso8601(now)), assertion valid until: "
                    + "\(TwinTime.iso8601(Date(timeIntervalSince1970: TimeInterval(claims.exp)))).")
        }
        return nil
    }

    /// The PEM of the application's certificate whose SHA-1 thumbprint (base64url) is `thumbprint`.
    private static func certificate(thumbprint: String, in application: DirectoryApplication, now: Date) -> String? {
        for credential in application.properties["keyCredentials"]?.arrayValue ?? [] {
            guard let key = credential["key"]?.stringValue, let der = Data(base64Encoded: key) else { continue }
            if let end = credential["endDateTime"]?.stringValue.flatMap(TwinTime.parse), end <= now { continue }
            guard Base64URL.encode(Array(Crypto.Insecure.SHA1.hash(data: der))) == thumbprint else { continue }
            let lines = stride(from: 0, to: key.count, by: 64).map { offset -> String in
                let start = key.index(key.startIndex, offsetBy: offset)
                return String(key[start..<(key.index(start, offsetBy: 64, limitedBy: key.endIndex) ?? key.endIndex)])
            }
            return "-----BEGIN CERTIFICATE-----\n" + lines.joined(separator: "\n") + "\n-----END CERTIFICATE-----\n"
        }
        return nil
    }
}

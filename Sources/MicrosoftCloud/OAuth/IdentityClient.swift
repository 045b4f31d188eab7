import Foundation
import HTTPTransport

/// What the token endpoint granted. Its description never shows a token.
public struct TokenGrant: Sendable, CustomStringConvertible {
    /// The access token.
    public let accessToken: AccessToken
    /// A refresh token, when `offline_access` was asked for (never for client credentials).
    public let refreshToken: String?
    /// The scopes granted, as the endpoint listed them.
    public let scope: String?

    public var description: String {
        "TokenGrant(\(accessToken), refresh token: \(refreshToken == nil ? "no" : "yes"))"
    }
}

/// The identity platform v2.0 endpoints: token grants, device code, anonymous tenant discovery.
public struct IdentityClient {
    let session: CloudSession

    /// Client credentials with a secret: a token for `resource` (`{resource}/.default`).
    public func clientCredentials(
        tenant: String, clientId: String, secret: String, resource: Origin, authority: Origin? = nil,
        expecting: Expectation? = nil
    ) throws(CloudError) -> TokenGrant {
        session.redactor.register(secret)
        return try requestToken(
            tenant: tenant, authority: authority, resource: resource, expecting: expecting,
            fields: [
                ("client_id", clientId), ("scope", resource.defaultScope), ("client_secret", secret),
                ("grant_type", "client_credentials"),
            ])
    }

    /// Redeems `refreshToken` for a token for `resource` (one resource per request). The grant carries the new
    /// refresh token, which replaces the old one.
    public func refresh(
        tenant: String, clientId: String, refreshToken: String, resource: Origin, clientSecret: String? = nil,
        authority: Origin? = nil
    ) throws(CloudError) -> TokenGrant {
        session.redactor.register(refreshToken)
        var fields = [
            ("client_id", clientId), ("scope", "\(resource.defaultScope) offline_access"),
            ("refresh_token", refreshToken), ("grant_type", "refresh_token"),
        ]
        if let clientSecret {
            session.redactor.register(clientSecret)
            fields.append(("client_secret", clientSecret))
        }
        return try requestToken(tenant: tenant, authority: authority, resource: resource, expecting: nil, fields: fields)
    }

    /// `POST {authority}/{tenant}/oauth2/v2.0/token` with a form body; the answer's tokens are registered with the
    /// redactor before anything else sees the answer.
    func requestToken(
        tenant: String, authority: Origin?, resource: Origin, expecting: Expectation?, fields: [(String, String)]
    ) throws(CloudError) -> TokenGrant {
        let issuedOn = session.timing.date()
        let response = try session.perform(
            tokenEndpointCall(tenant: tenant, authority: authority, path: "token", resource: resource, expecting: expecting, fields: fields))
        return try Self.grant(from: response, resource: resource, issuedOn: issuedOn)
    }

    func tokenEndpointCall(
        tenant: String, authority: Origin?, path: String, resource: Origin, expecting: Expectation?,
        fields: [(String, String)]
    ) -> APICall {
        let redactor = session.redactor
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/x-www-form-urlencoded")
        headers.set("Accept", "application/json")
        return APICall(
            service: .identity, method: "POST",
            target: APITarget(endpoint(authority: authority, tenant: tenant, path: "oauth2/v2.0/\(path)")),
            headers: headers, body: Data(FormEncoding.encode(fields).utf8), authentication: .none,
            expecting: expecting, countsAsTokenRequestFor: resource,
            isReplicationError: { error in
                error.serviceCode == "AADSTS700016" || error.serviceCode == "AADSTS7000215"
            },
            decodeError: { response, _, redactor in IdentityErrors.decode(response, redactor: redactor) },
            inspectResponse: { response in Self.registerSecrets(in: response, with: redactor) },
            maskRequestBody: Self.maskForm)
    }

    /// `{authority}/{tenant}/{path}`.
    func endpoint(authority: Origin?, tenant: String, path: String) -> URL {
        let base = (authority ?? session.authority).description
        return URL(string: "\(base)/\(FormEncoding.encode(tenant))/\(path)")!
    }

    /// Registers every token-like value of an identity answer with the redactor.
    static func registerSecrets(in response: HTTPResponse, with redactor: SecretRedactor) {
        guard let json = try? JSONValue.parse(response.body) else { return }
        for field in ["access_token", "refresh_token", "id_token", "device_code"] {
            if let value = json[field]?.stringValue, !value.isEmpty { redactor.register(value) }
        }
    }

    /// A form body with its secret fields masked, for exchange records.
    static func maskForm(_ body: String) -> String {
        let secretFields: Set = ["client_secret", "refresh_token", "device_code", "client_assertion", "password", "code"]
        return FormEncoding.decode(body).map { name, value in
            "\(name)=\(secretFields.contains(name) ? "<redacted>" : FormEncoding.encode(value))"
        }.joined(separator: "&")
    }

    static func grant(from response: HTTPResponse, resource: Origin, issuedOn: Date) throws(CloudError) -> TokenGrant {
        guard let json = try? JSONValue.parse(response.body), let value = json["access_token"]?.stringValue,
            !value.isEmpty
        else {
            throw CloudError(
                code: .oauthInvalidResponse, service: .identity, status: response.status,
                message: "the token endpoint answered without an access_token", host: response.url.host)
        }
        // v2.0 sends numbers; v1-style answers send strings.
        let expiresIn = json["expires_in"]?.intValue ?? json["expires_in"]?.stringValue.flatMap { Int64($0) } ?? 3599
        return TokenGrant(
            accessToken: AccessToken(
                value: value, resource: resource, issuedOn: issuedOn,
                expiresOn: issuedOn.addingTimeInterval(TimeInterval(expiresIn))),
            refreshToken: json["refresh_token"]?.stringValue, scope: json["scope"]?.stringValue)
    }
}

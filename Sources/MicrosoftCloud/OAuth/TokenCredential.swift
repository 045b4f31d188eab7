public import HTTPTransport

/// Who a session signs in as, and how it gets a token for a resource.
public protocol TokenCredential: AnyObject {
    /// The tenant id or domain (or `organizations` for device code).
    var tenant: String { get }
    /// The application (client) id.
    var clientId: String { get }
    /// An authority that overrides the cloud's (from `AZURE_AUTHORITY_HOST`), or nil.
    var authority: Origin? { get }
    /// Registers every secret the credential holds, so no output can show it.
    func registerSecrets(with redactor: SecretRedactor)
    /// A new token for `resource` from the identity platform (the session caches it).
    func requestToken(for resource: Origin, using identity: IdentityClient) throws(CloudError) -> AccessToken
}

/// The client-credentials grant with a client secret (an automation app, or a new app's first sign-in).
public final class ClientSecretCredential: TokenCredential {
    public let tenant: String
    public let clientId: String
    public let authority: Origin?
    let secret: String
    /// `.replication` right after the app or secret was created: AADSTS700016/7000215 are then waited out.
    public var expecting: Expectation?

    public init(tenant: String, clientId: String, secret: String, authority: Origin? = nil, expecting: Expectation? = nil) {
        self.tenant = tenant
        self.clientId = clientId
        self.secret = secret
        self.authority = authority
        self.expecting = expecting
    }

    public func registerSecrets(with redactor: SecretRedactor) {
        redactor.register(secret)
    }

    public func requestToken(for resource: Origin, using identity: IdentityClient) throws(CloudError) -> AccessToken {
        try identity.clientCredentials(
            tenant: tenant, clientId: clientId, secret: secret, resource: resource, authority: authority,
            expecting: expecting
        ).accessToken
    }
}

/// Redeems a refresh token for any resource the user consented to, replacing it with the new one each time.
public final class RefreshTokenCredential: TokenCredential {
    public let tenant: String
    public let clientId: String
    public let authority: Origin?
    let clientSecret: String?
    /// The current refresh token (replaced after every redemption).
    public private(set) var refreshToken: String

    public init(tenant: String, clientId: String, refreshToken: String, clientSecret: String? = nil, authority: Origin? = nil) {
        self.tenant = tenant
        self.clientId = clientId
        self.refreshToken = refreshToken
        self.clientSecret = clientSecret
        self.authority = authority
    }

    public func registerSecrets(with redactor: SecretRedactor) {
        redactor.register(refreshToken)
        if let clientSecret {
            redactor.register(clientSecret)
        }
    }

    public func requestToken(for resource: Origin, using identity: IdentityClient) throws(CloudError) -> AccessToken {
        let grant = try identity.refresh(
            tenant: tenant, clientId: clientId, refreshToken: refreshToken, resource: resource,
            clientSecret: clientSecret, authority: authority)
        if let newToken = grant.refreshToken { refreshToken = newToken }
        return grant.accessToken
    }
}

/// A token obtained elsewhere (e.g. `az account get-access-token`), for its one resource until it expires.
public final class StaticTokenCredential: TokenCredential {
    public let tenant: String
    public let clientId: String
    public let authority: Origin? = nil
    let token: AccessToken

    public init(token: AccessToken, tenant: String = "static", clientId: String = "static") {
        self.token = token
        self.tenant = tenant
        self.clientId = clientId
    }

    public func registerSecrets(with redactor: SecretRedactor) {
        redactor.register(token.value)
    }

    public func requestToken(for resource: Origin, using identity: IdentityClient) throws(CloudError) -> AccessToken {
        guard resource == token.resource else {
            throw CloudError(
                code: .configInvalid, service: .identity,
                message: "the given token is for \(token.resource), not \(resource)")
        }
        return token
    }
}

public import HTTPTransport

/// What the user must be shown to complete a device-code sign-in.
public struct DeviceCodePrompt: Sendable {
    /// The code to type at `verificationURI`.
    public let userCode: String
    /// Where to sign in.
    public let verificationURI: String
    /// The identity platform's own instruction ("To sign in, use a web browser to open ...").
    public let message: String
    /// Seconds until the code expires.
    public let expiresIn: Int
}

/// An interactive admin signs in once with a device code (asking for `offline_access`); tokens for other
/// resources (each Dataverse org) come from the refresh token, which is replaced after every redemption.
public final class DeviceCodeCredential: TokenCredential {
    public let tenant: String
    public let clientId: String
    public let authority: Origin?
    let prompt: (DeviceCodePrompt) -> Void
    /// The refresh token from the last sign-in or redemption, if any.
    public private(set) var refreshToken: String?

    /// - Parameter prompt: shows the user the code and where to enter it (called once per sign-in).
    public init(tenant: String = "organizations", clientId: String, authority: Origin? = nil, prompt: @escaping (DeviceCodePrompt) -> Void) {
        self.tenant = tenant
        self.clientId = clientId
        self.authority = authority
        self.prompt = prompt
    }

    public func registerSecrets(with redactor: SecretRedactor) {
        if let refreshToken { redactor.register(refreshToken) }
    }

    public func requestToken(for resource: Origin, using identity: IdentityClient) throws(CloudError) -> AccessToken {
        if let refreshToken {
            do {
                let grant = try identity.refresh(
                    tenant: tenant, clientId: clientId, refreshToken: refreshToken, resource: resource, authority: authority)
                if let newToken = grant.refreshToken { self.refreshToken = newToken }
                return grant.accessToken
            } catch where error.code == .oauthInvalidGrant || error.code == "oauth.interaction_required" {
                self.refreshToken = nil  // sign in again below
            }
        }
        let start = try identity.startDeviceCode(
            tenant: tenant, clientId: clientId, scopes: [resource.defaultScope, "offline_access", "openid", "profile"],
            resource: resource, authority: authority)
        prompt(start.prompt)
        let grant = try identity.pollDeviceCode(start, tenant: tenant, clientId: clientId, resource: resource, authority: authority)
        refreshToken = grant.refreshToken
        return grant.accessToken
    }
}

import Foundation

/// A started device-code sign-in. Its description never shows the device code.
public struct DeviceCodeStart: Sendable, CustomStringConvertible {
    /// What to show the user.
    public let prompt: DeviceCodePrompt
    let deviceCode: String
    /// Seconds between polls, as the endpoint asked (grows by 5 on `slow_down`).
    public let interval: Int
    let startedAt: Duration

    public var description: String { "DeviceCodeStart(user code \(prompt.userCode), interval \(interval) s)" }
}

extension IdentityClient {
    /// Starts a device-code sign-in (`POST {authority}/{tenant}/oauth2/v2.0/devicecode`).
    public func startDeviceCode(
        tenant: String, clientId: String, scopes: [String], resource: Origin, authority: Origin? = nil
    ) throws(CloudError) -> DeviceCodeStart {
        let startedAt = session.timing.now()
        let response = try session.perform(
            tokenEndpointCall(
                tenant: tenant, authority: authority, path: "devicecode", resource: resource, expecting: nil,
                fields: [("client_id", clientId), ("scope", scopes.joined(separator: " "))]))
        guard let json = try? JSONValue.parse(response.body), let deviceCode = json["device_code"]?.stringValue,
            let userCode = json["user_code"]?.stringValue,
            let verificationURI = json["verification_uri"]?.stringValue ?? json["verification_url"]?.stringValue
        else {
            throw CloudError(
                code: .oauthInvalidResponse, service: .identity, status: response.status,
                message: "the device code endpoint answered without device_code, user_code and verification_uri",
                host: response.url.host)
        }
        // MSAL's defaults when the endpoint leaves them out.
        let expiresIn = Int(json["expires_in"]?.intValue ?? 1800)
        let message = json["message"]?.stringValue
            ?? "To sign in, open \(verificationURI) and enter the code \(userCode) to authenticate."
        return DeviceCodeStart(
            prompt: DeviceCodePrompt(userCode: userCode, verificationURI: verificationURI, message: message, expiresIn: expiresIn),
            deviceCode: deviceCode, interval: Int(json["interval"]?.intValue ?? 5), startedAt: startedAt)
    }

    /// Polls the token endpoint every `interval` seconds (5 more after each `slow_down`) until the user completes
    /// the sign-in; fails with `oauth.authorization_declined` or `oauth.expired`.
    public func pollDeviceCode(
        _ start: DeviceCodeStart, tenant: String, clientId: String, resource: Origin, authority: Origin? = nil
    ) throws(CloudError) -> TokenGrant {
        var interval = max(start.interval, 1)
        let deadline = start.startedAt + .seconds(start.prompt.expiresIn)
        let fields = [
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", clientId),
            ("device_code", start.deviceCode),
        ]
        while true {
            guard session.timing.now() + .seconds(interval) < deadline else {
                throw CloudError(
                    code: .oauthExpired, service: .identity,
                    message: "the device code \(start.prompt.userCode) expired after \(start.prompt.expiresIn) s "
                        + "before the sign-in was completed; start a new sign-in")
            }
            session.timing.sleep(.seconds(interval))
            do {
                return try requestToken(tenant: tenant, authority: authority, resource: resource, expecting: nil, fields: fields)
            } catch where error.code == .oauthAuthorizationPending {
                continue
            } catch where error.code == .oauthSlowDown {
                interval += 5
                session.logger.info("the identity platform asked to slow down; polling every \(interval) s")
            }
        }
    }
}

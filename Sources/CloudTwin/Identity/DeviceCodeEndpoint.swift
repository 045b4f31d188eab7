import Foundation

/// `POST /{tenant}/oauth2/v2.0/devicecode` (RFC 8628 device authorization; no `verification_uri_complete`).
struct DeviceCodeEndpoint {
    let twin: Twin
    let request: TwinRequest
    let tenantSegment: String

    /// Seconds a device code stays valid, and the polling interval, as Entra sends them.
    static let lifetime = 900
    static let interval = 5

    func respond() -> TwinResponse {
        let now = twin.clock.now()
        func fail(_ error: String, _ code: Int?, _ description: String) -> TwinResponse {
            IdentityError.response(error: error, code: code, description: description, request: request, now: now)
        }
        guard request.method == "POST" else {
            return fail(
                "invalid_request", 900561, "The endpoint only accepts POST requests. Received a \(request.method) request.")
        }
        let tenant = twin.state.withLock { $0.tenant }
        if case .unknown(let name) = TenantSegment(tenantSegment, tenant: tenant) {
            return IdentityError.unknownTenant(name, error: "invalid_request", request: request, now: now)
        }
        var form: [String: String] = [:]
        for (name, value) in request.formBody where form[name] == nil { form[name] = value }
        guard let clientId = form["client_id"], !clientId.isEmpty else {
            return IdentityError.missingParameter("client_id", request: request, now: now)
        }
        guard let scope = form["scope"], !scope.isEmpty else {
            return IdentityError.missingParameter("scope", request: request, now: now)
        }
        guard let application = twin.state.withLock({ $0.application(appId: clientId) }), application.visibleAt <= now else {
            return fail(
                "unauthorized_client", 700016,
                "Application with identifier '\(clientId)' was not found in the directory '\(tenant.displayName)'. This "
                    + "can happen if the application has not been installed by the administrator of the tenant or "
                    + "consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.")
        }
        switch ScopeRequest.parse(scope, origins: twin.origins) {
        case .success: break
        case .failure(.multipleResources):
            return fail(
                "invalid_scope", 700022,
                "The provided value for the input parameter scope is not valid because it contains more than one "
                    + "resource. The scope \(scope) is not valid.")
        case .failure(.unknownResource(let resource)):
            return fail(
                "invalid_resource", 500011,
                "The resource principal named \(resource) was not found in the tenant named \(tenant.displayName).")
        case .failure(.empty):
            return fail("invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid.")
        }

        let deviceCode = "DAQABIQEAAAD" + Self.randomString(length: 140, alphabet: Self.base64URLAlphabet)
        let userCode = Self.randomString(length: 9, alphabet: Array("BCDFGHJKLMNPQRSTVWXZ23456789"))
        let sign = DeviceAuthorization(
            deviceCode: deviceCode, userCode: userCode, clientId: application.appId,
            scopes: scope.split(separator: " ").map(String.init), createdAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(Self.lifetime)), interval: Self.interval, lastPolledAt: nil,
            status: .pending)
        twin.state.withLock { $0.deviceCodes[deviceCode] = sign }
        let verificationURI =
            tenant.cloudInstanceName == "microsoftonline.us"
            ? "https://microsoft.com/deviceloginus" : "https://microsoft.com/devicelogin"
        return .json(
            200,
            [
                "user_code": .string(userCode), "device_code": .string(deviceCode),
                "verification_uri": .string(verificationURI), "expires_in": .int(Self.lifetime),
                "interval": .int(Self.interval),
                "message": .string(
                    "To sign in, use a web browser to open the page \(verificationURI) and enter the code \(userCode) "
                        + "to authenticate."),
            ], headers: [("Cache-Control", "no-store, no-cache")])
    }

    static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func randomString(length: Int, alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

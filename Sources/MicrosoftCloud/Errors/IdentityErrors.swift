import Foundation
import HTTPTransport

/// Reads identity platform error answers (`error`, `error_description`, `error_codes`, `trace_id`,
/// `correlation_id`) into `CloudError`s.
enum IdentityErrors {
    static func decode(_ response: HTTPResponse, redactor: SecretRedactor) -> CloudError {
        let json = try? JSONValue.parse(response.body)
        let error = json?["error"]?.stringValue ?? ""
        let description = json?["error_description"]?.stringValue ?? ""
        var number = json?["error_codes"]?[0]?.intValue
        var firstLine = description.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        // "AADSTS7000215: Invalid client secret provided. ..." -> number and the sentence.
        if firstLine.hasPrefix("AADSTS"), let colon = firstLine.firstIndex(of: ":") {
            let digits = firstLine[firstLine.index(firstLine.startIndex, offsetBy: 6)..<colon]
            if number == nil { number = Int64(digits) }
            firstLine = firstLine[firstLine.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let serviceCode = number.map { "AADSTS\($0)" } ?? (error.isEmpty ? nil : error)
        var message = [error, firstLine].filter { !$0.isEmpty }.joined(separator: ": ")
        if message.isEmpty {
            message = json == nil
                ? "the token endpoint answered \(response.status) without an identity error body"
                : "the token endpoint answered \(response.status)"
        }
        return CloudError(
            code: code(error: error, number: number, status: response.status), service: .identity,
            status: response.status, serviceCode: serviceCode, message: redactor.redact(message),
            requestId: json?["trace_id"]?.stringValue ?? response.headers["x-ms-request-id"],
            clientRequestId: json?["correlation_id"]?.stringValue, host: response.url.host)
    }

    /// The stable code: AADSTS numbers that tell more than `error` first, then `error`, then the status.
    static func code(error: String, number: Int64?, status: Int) -> CloudError.Code {
        switch number {
        case 700016, 700011: return .oauthUnknownApp
        case 7000215, 7000222: return .oauthInvalidClient
        case 90002, 90038: return .oauthUnknownTenant
        case 70019: return .oauthExpired
        case 65001: return "oauth.consent_required"
        case 70011, 700022: return "oauth.invalid_scope"
        default: break
        }
        switch error {
        case "authorization_pending": return .oauthAuthorizationPending
        case "slow_down": return .oauthSlowDown
        case "authorization_declined", "access_denied": return .oauthAuthorizationDeclined
        case "expired_token": return .oauthExpired
        case "invalid_client": return .oauthInvalidClient
        case "invalid_grant", "bad_verification_code": return .oauthInvalidGrant
        case "interaction_required": return "oauth.interaction_required"
        case "consent_required": return "oauth.consent_required"
        case "invalid_scope": return "oauth.invalid_scope"
        case "unauthorized_client": return "oauth.unauthorized_client"
        case "temporarily_unavailable": return "oauth.unavailable"
        default: break
        }
        switch status {
        case 429: return "oauth.throttled"
        case 503, 504: return "oauth.unavailable"
        default: return "oauth.error"
        }
    }
}

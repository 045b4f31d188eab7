import Foundation

/// Identity-platform error bodies (`error`, `error_description` with AADSTS code and trace lines, `error_codes`, ...).
enum IdentityError {
    /// An error response; the description gets the `AADSTSnnnn: ` prefix and the Trace ID / Correlation ID /
    /// Timestamp lines the real service appends.
    static func response(
        _ status: Int = 400, error: String, code: Int?, description: String, request: TwinRequest, now: Date
    ) -> TwinResponse {
        let timestamp = TwinTime.identityTimestamp(now)
        let correlation = request.clientRequestID ?? TwinIDs.guid()
        var text = code.map { "AADSTS\($0): " } ?? ""
        text += description
        text += "\r\nTrace ID: \(request.requestID)\r\nCorrelation ID: \(correlation)\r\nTimestamp: \(timestamp)"
        var body: [String: JSON] = [
            "error": .string(error), "error_description": .string(text), "timestamp": .string(timestamp),
            "trace_id": .string(request.requestID), "correlation_id": .string(correlation),
        ]
        if let code {
            body["error_codes"] = [.int(code)]
            body["error_uri"] = .string("\(request.origin)/error?code=\(code)")
        }
        return .json(status, .object(body), headers: [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")])
    }

    /// 400 `invalid_request` AADSTS900144 for a missing form field.
    static func missingParameter(_ name: String, request: TwinRequest, now: Date) -> TwinResponse {
        response(
            error: "invalid_request", code: 900144,
            description: "The request body must contain the following parameter: '\(name)'.", request: request, now: now)
    }

    /// AADSTS90002 for a tenant that is neither a known id nor a verified domain.
    static func unknownTenant(_ tenant: String, error: String, request: TwinRequest, now: Date) -> TwinResponse {
        response(
            error: error, code: 90002,
            description: "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing "
                + "into the correct cloud. Check with your subscription administrator, this may happen if there are no "
                + "active subscriptions for the tenant.",
            request: request, now: now)
    }
}

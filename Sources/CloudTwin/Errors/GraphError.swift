import Foundation

/// Microsoft Graph error bodies: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
enum GraphError {
    /// The content type Graph uses for JSON responses.
    static let contentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

    /// An error response as Graph sends it.
    static func response(
        _ status: Int, code: String, message: String, request: TwinRequest, now: Date,
        headers: [(name: String, value: String)] = []
    ) -> TwinResponse {
        .json(status, body(code: code, message: message, request: request, now: now), contentType: "application/json", headers: headers)
    }

    /// The error JSON.
    static func body(code: String, message: String, request: TwinRequest, now: Date) -> JSON {
        [
            "error": [
                "code": .string(code), "message": .string(message),
                "innerError": [
                    "date": .string(TwinTime.graphErrorDate(now)), "request-id": .string(request.requestID),
                    "client-request-id": .string(request.clientRequestID ?? request.requestID),
                ],
            ]
        ]
    }

    /// 404 `Request_ResourceNotFound` for a directory object id or key.
    static func notFound(_ key: String, request: TwinRequest, now: Date) -> TwinResponse {
        response(
            404, code: "Request_ResourceNotFound",
            message: "Resource '\(key)' does not exist or one of its queried reference-property objects are not present.",
            request: request, now: now)
    }

    /// 403 `Authorization_RequestDenied`.
    static func forbidden(request: TwinRequest, now: Date) -> TwinResponse {
        response(
            403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.",
            request: request, now: now)
    }

    /// 400 `Request_BadRequest`.
    static func badRequest(_ message: String, request: TwinRequest, now: Date) -> TwinResponse {
        response(400, code: "Request_BadRequest", message: message, request: request, now: now)
    }

    /// 401 `InvalidAuthenticationToken` with the `WWW-Authenticate` challenge Graph sends.
    static func unauthorized(_ message: String, request: TwinRequest, identity: String, now: Date) -> TwinResponse {
        response(
            401, code: "InvalidAuthenticationToken", message: message, request: request, now: now,
            headers: [
                (
                    "WWW-Authenticate",
                    "Bearer realm=\"\", authorization_uri=\"\(identity)/common/oauth2/authorize\", "
                        + "client_id=\"00000003-0000-0000-c000-000000000000\""
                )
            ])
    }
}

import Foundation

/// The bodies each service sends when the faults middleware injects a status (429, 503, or a rule's status).
enum InjectedResponses {
    /// The response `service` sends for an injected `status`, with `Retry-After` for 429 and 503.
    static func response(status: Int, retryAfter: Int?, request: TwinRequest, now: Date) -> TwinResponse {
        var response: TwinResponse
        switch request.service {
        case .graph: response = graph(status: status, request: request, now: now)
        case .identity: response = identity(status: status, request: request, now: now)
        case .dataverse: response = dataverse(status: status, retryAfter: retryAfter ?? 1)
        case .powerPlatform: response = powerPlatform(status: status, retryAfter: retryAfter ?? 1)
        case .control, .foreign: response = .text(status, "injected status \(status)")
        }
        if let retryAfter, status == 429 || status == 503 {
            response.headers.append(("Retry-After", String(retryAfter)))
        }
        response.fault = String(status)
        return response
    }

    private static func graph(status: Int, request: TwinRequest, now: Date) -> TwinResponse {
        switch status {
        case 429:
            let body: JSON = [
                "error": [
                    "code": "TooManyRequests", "message": "Please retry again later.",
                    "innerError": [
                        "code": "429", "status": "429", "message": "Please retry after",
                        "date": .string(TwinTime.graphErrorDate(now)), "request-id": .string(request.requestID),
                        "client-request-id": .string(request.clientRequestID ?? request.requestID),
                    ],
                ]
            ]
            return .json(429, body, contentType: "application/json")
        case 503:
            return GraphError.response(
                503, code: "serviceNotAvailable",
                message: "The service is temporarily unavailable for maintenance or is overloaded. You may repeat the "
                    + "request after a delay, the length of which may be specified in a Retry-After header.",
                request: request, now: now)
        default:
            let code =
                switch status {
                case 400: "BadRequest"
                case 401: "InvalidAuthenticationToken"
                case 403: "Authorization_RequestDenied"
                case 404: "Request_ResourceNotFound"
                case 409: "Conflict"
                case 502: "BadGateway"
                case 504: "GatewayTimeout"
                default: "generalException"
                }
            return GraphError.response(status, code: code, message: "Injected failure \(status).", request: request, now: now)
        }
    }

    private static func identity(status: Int, request: TwinRequest, now: Date) -> TwinResponse {
        switch status {
        case 429:
            return IdentityError.response(
                429, error: "temporarily_unavailable", code: 90055,
                description: "TenantThrottlingError - There are too many incoming requests. This exception is thrown "
                    + "for blocked tenants.", request: request, now: now)
        case 503:
            return IdentityError.response(
                503, error: "temporarily_unavailable", code: 90033,
                description: "A transient error has occurred. Please try again.", request: request, now: now)
        default:
            return IdentityError.response(
                status, error: status >= 500 ? "server_error" : "invalid_request", code: nil,
                description: "Injected failure \(status).", request: request, now: now)
        }
    }

    private static func dataverse(status: Int, retryAfter: Int) -> TwinResponse {
        switch status {
        case 429:
            return DataverseError.response(
                429, code: "0x80072322",
                message: "Number of requests exceeded the limit of 6000 over time window of 300 seconds.")
        case 503:
            return DataverseError.response(503, code: "", message: "The service is temporarily unavailable. Try again later.")
        default:
            return DataverseError.response(status, code: "", message: "Injected failure \(status).")
        }
    }

    private static func powerPlatform(status: Int, retryAfter: Int) -> TwinResponse {
        switch status {
        case 429:
            return .json(
                429, ["statusCode": 429, "message": .string("Rate limit is exceeded. Try again in \(retryAfter) seconds.")])
        case 503:
            return .json(503, ["error": ["code": "ServiceUnavailable", "message": "The service is temporarily unavailable."]])
        default:
            return .json(status, ["error": ["code": "InjectedFailure", "message": .string("Injected failure \(status).")]])
        }
    }
}

extension CloudError {
    /// The stable codes callers (and Lua plugins) branch on. This is the complete list.
    ///
    /// | code | when |
    /// |---|---|
    /// | `graph.bad_request` | Graph 400 (e.g. `Request_BadRequest`) |
    /// | `graph.unauthorized` | Graph 401 (token missing, expired or for another audience) |
    /// | `graph.forbidden` | Graph 403 (`Authorization_RequestDenied`) |
    /// | `graph.not_found` | Graph 404 (`Request_ResourceNotFound`) |
    /// | `graph.conflict` | Graph 409, or `Request_MultipleObjectsWithSameKeyValue` with any status |
    /// | `graph.precondition_failed` | Graph 412 |
    /// | `graph.failed_dependency` | Graph 424 (a `$batch` request whose dependency failed) |
    /// | `graph.throttled` | Graph 429 after the retry budget was spent |
    /// | `graph.unavailable` | Graph 503/504 after the retry budget was spent |
    /// | `graph.server_error` | Graph 500 and other 5xx |
    /// | `graph.error` | any other Graph status |
    /// | `graph.invalid_response` | a Graph answer that is not the JSON it should be |
    /// | `graph.invalid_batch` | a `$batch` that cannot be sent (duplicate ids, unknown or cross-chunk `dependsOn`) |
    /// | `dataverse.bad_request`, `.unauthorized`, `.forbidden`, `.not_found` (also `0x80040217`), `.conflict`, `.precondition_failed`, `.throttled`, `.unavailable`, `.server_error`, `.error`, `.invalid_response` | as for Graph |
    /// | `dataverse.user_not_member` | `0x80072560`: the caller is no (enabled) application user of the org |
    /// | `dataverse.duplicate` | `0x80040237`, or 412 "A record with matching key values already exists." |
    /// | `powerplatform.bad_request`, `.unauthorized`, `.forbidden`, `.not_found`, `.conflict`, `.throttled`, `.unavailable`, `.server_error`, `.error`, `.invalid_response` | as for Graph |
    /// | `powerplatform.operation_failed` | an install operation ended in a state other than success |
    /// | `powerplatform.operation_timeout` | an install operation did not finish within the caller's timeout |
    /// | `oauth.invalid_client` | `invalid_client`, AADSTS7000215 (wrong secret), 7000222 (expired secret) |
    /// | `oauth.unknown_app` | AADSTS700016 / 700011: the client id is not known in the tenant |
    /// | `oauth.unknown_tenant` | AADSTS90002: no such tenant or domain (or it lives in another cloud, 90038) |
    /// | `oauth.authorization_declined` | the device-code sign-in was declined |
    /// | `oauth.expired` | the device code expired before the sign-in completed (`expired_token`, AADSTS70019) |
    /// | `oauth.authorization_pending`, `oauth.slow_down` | device-code poll answers; handled inside the poll, never thrown to callers |
    /// | `oauth.invalid_grant` | a refresh token or device code that is no longer valid |
    /// | `oauth.interaction_required` | MFA or conditional access needs the user |
    /// | `oauth.consent_required` | consent is missing (AADSTS65001) |
    /// | `oauth.invalid_scope` | a malformed scope or scopes of several resources (AADSTS70011, 700022) |
    /// | `oauth.unauthorized_client` | the client may not use this grant |
    /// | `oauth.throttled`, `oauth.unavailable` | 429 / 503 from the token endpoint after the retry budget was spent |
    /// | `oauth.error` | any other identity error |
    /// | `oauth.invalid_response` | a token endpoint answer without the fields it must have |
    /// | `http.connection` | connection refused, DNS failure, connection closed without an answer |
    /// | `http.timeout` | the connect or total timeout passed |
    /// | `http.tls` | the TLS handshake or certificate check failed |
    /// | `http.body_too_large` | the response exceeded the transport's size limit |
    /// | `http.redirect` | a redirect was answered (the clients never follow one) |
    /// | `http.error` | any other transport failure |
    /// | `safety.foreign_host` | a token, `nextLink`, redirect or operation URL would have gone to another origin |
    /// | `cloud.mismatch` | an org URL, authority or host that belongs to another cloud than the selected one |
    /// | `cloud.unknown` | a cloud name, or an org URL of no known cloud |
    /// | `config.invalid` | missing or malformed configuration: environment variables, a twin info file, a URL |
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        public static let graphBadRequest: Code = "graph.bad_request"
        public static let graphUnauthorized: Code = "graph.unauthorized"
        public static let graphForbidden: Code = "graph.forbidden"
        public static let graphNotFound: Code = "graph.not_found"
        public static let graphConflict: Code = "graph.conflict"
        public static let graphThrottled: Code = "graph.throttled"
        public static let graphFailedDependency: Code = "graph.failed_dependency"
        public static let graphInvalidBatch: Code = "graph.invalid_batch"
        public static let dataverseNotFound: Code = "dataverse.not_found"
        public static let dataverseUserNotMember: Code = "dataverse.user_not_member"
        public static let dataverseDuplicate: Code = "dataverse.duplicate"
        public static let powerPlatformOperationFailed: Code = "powerplatform.operation_failed"
        public static let powerPlatformOperationTimeout: Code = "powerplatform.operation_timeout"
        public static let oauthInvalidClient: Code = "oauth.invalid_client"
        public static let oauthUnknownApp: Code = "oauth.unknown_app"
        public static let oauthUnknownTenant: Code = "oauth.unknown_tenant"
        public static let oauthAuthorizationDeclined: Code = "oauth.authorization_declined"
        public static let oauthExpired: Code = "oauth.expired"
        public static let oauthInvalidGrant: Code = "oauth.invalid_grant"
        public static let oauthAuthorizationPending: Code = "oauth.authorization_pending"
        public static let oauthSlowDown: Code = "oauth.slow_down"
        public static let oauthInvalidResponse: Code = "oauth.invalid_response"
        public static let httpConnection: Code = "http.connection"
        public static let httpTimeout: Code = "http.timeout"
        public static let httpTLS: Code = "http.tls"
        public static let httpBodyTooLarge: Code = "http.body_too_large"
        public static let httpRedirect: Code = "http.redirect"
        public static let httpError: Code = "http.error"
        public static let safetyForeignHost: Code = "safety.foreign_host"
        public static let cloudMismatch: Code = "cloud.mismatch"
        public static let cloudUnknown: Code = "cloud.unknown"
        public static let configInvalid: Code = "config.invalid"

        /// The code for an HTTP status of an API service (`graph`, `dataverse`, `powerplatform`).
        static func forStatus(_ status: Int, prefix: String) -> Code {
            let suffix = switch status {
            case 400: "bad_request"
            case 401: "unauthorized"
            case 403: "forbidden"
            case 404: "not_found"
            case 409: "conflict"
            case 412: "precondition_failed"
            case 424: "failed_dependency"
            case 429: "throttled"
            case 503, 504: "unavailable"
            case 500...599: "server_error"
            default: "error"
            }
            return Code(rawValue: "\(prefix).\(suffix)")
        }
    }
}

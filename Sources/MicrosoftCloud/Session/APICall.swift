import Foundation
import HTTPTransport

/// What a caller expects to go wrong, so the retry policy may wait it out.
public enum Expectation: Sendable, Equatable {
    /// The call concerns an object created moments ago: retry the documented replication errors
    /// (Graph 404 `Request_ResourceNotFound`, 400 `Request_BadRequest` on service principal creation,
    /// AADSTS700016/7000215 for a new app or secret, Dataverse 0x80072560 for a new application user and
    /// 0x80072559 when creating the application user of an app whose service principal the org cannot see yet).
    case replication
}

/// One logical call: what to send, who to sign it as, how to read its errors. Retries happen below it.
struct APICall {
    /// How the request is signed.
    enum Authentication {
        /// No Authorization header (token endpoint, OpenID configuration).
        case none
        /// A bearer token for this resource origin; the request must go to that origin.
        case bearer(Origin)
    }

    var service: CloudError.Service
    var method: String
    /// Where the call goes, and that place's origin.
    var target: APITarget
    var headers: HTTPHeaders = [:]
    var body: Data?
    var authentication: Authentication
    var expecting: Expectation?
    /// Where the request counts: the token endpoint requests for a resource, or API requests to the URL's origin.
    var countsAsTokenRequestFor: Origin?
    /// Whether a failed answer is one of the replication errors this call may wait out.
    var isReplicationError: (CloudError) -> Bool = { _ in false }
    /// Reads an error answer.
    var decodeError: (HTTPResponse, _ clientRequestId: String?, SecretRedactor) -> CloudError
    /// Sees every answer before it is observed or logged (the token endpoint registers its secrets here).
    var inspectResponse: (HTTPResponse) -> Void = { _ in }
    /// Masks fields of the recorded request body (form secrets).
    var maskRequestBody: (String) -> String = { $0 }

    /// Where the call goes.
    var url: URL { target.url }

    /// Whether sending twice is harmless, so a lost connection may be retried.
    var isIdempotent: Bool { ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method.uppercased()) }
}

import Foundation
public import HTTPTransport

/// One HTTP exchange as the step debugger and logs see it: secrets and tokens already masked.
public struct ExchangeRecord: Sendable {
    /// The service called.
    public var service: CloudError.Service
    /// The HTTP method.
    public var method: String
    /// The URL, redacted.
    public var url: String
    /// The status, or nil when no answer came.
    public var status: Int?
    /// From sending to the last byte (or to the failure).
    public var duration: Duration
    /// Which attempt of the call this was (1 for the first).
    public var attempt: Int
    /// The service's `request-id` (or identity `trace_id`), if any.
    public var requestId: String?
    /// The `client-request-id` sent, if any.
    public var clientRequestId: String?
    /// Request headers; `Authorization` shows as `Bearer <redacted>`.
    public var requestHeaders: HTTPHeaders
    /// The request body, redacted (form secrets masked), or nil.
    public var requestBody: String?
    /// Response headers, redacted.
    public var responseHeaders: HTTPHeaders
    /// The response body, redacted and cut to 64 KiB, or nil.
    public var responseBody: String?
    /// The transport failure, redacted, when no answer came.
    public var failure: String?

    /// One line: `GET https://graph... -> 200 (12 ms, request-id ...)`.
    public var summary: String {
        let outcome = status.map(String.init) ?? "failed: \(failure ?? "no answer")"
        let milliseconds = Int(duration.seconds * 1000)
        let id = requestId.map { ", request-id \($0)" } ?? ""
        return "\(method) \(url) -> \(outcome) (\(milliseconds) ms\(id))"
    }
}

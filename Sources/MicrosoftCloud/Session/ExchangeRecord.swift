import Foundation
public import HTTPTransport
import Synchronization

/// One HTTP exchange as the step debugger and logs see it: secrets and tokens masked.
///
/// The headers and the response body are masked when first read, not when the exchange happens: most records are
/// never shown, and masking every answer's body and headers cost more than the rest of a call. The raw parts are
/// kept only inside the record (the `Authorization` value is replaced at once) and never leave it unmasked.
///
/// A reference: records are passed along (to the step's list, to events, to the debugger) far more often than
/// they are read, and a copy is then one retain instead of one per field.
public final class ExchangeRecord: Sendable {
    /// The service called.
    public let service: CloudError.Service
    /// The HTTP method.
    public let method: String
    /// The status, or nil when no answer came.
    public let status: Int?
    /// From sending to the last byte (or to the failure).
    public let duration: Duration
    /// Which attempt of the call this was (1 for the first).
    public let attempt: Int
    /// The service's `request-id` (or identity `trace_id`), if any.
    public let requestId: String?
    /// The `client-request-id` sent, if any.
    public let clientRequestId: String?
    /// The request body, redacted (form secrets masked), or nil.
    public let requestBody: String?
    /// The transport failure, redacted, when no answer came.
    public let failure: String?
    private let masked: MaskedParts

    /// The URL, redacted.
    public var url: String { masked.value.url }
    /// Request headers; `Authorization` shows as `Bearer <redacted>`.
    public var requestHeaders: HTTPHeaders { masked.value.requestHeaders }
    /// Response headers, redacted.
    public var responseHeaders: HTTPHeaders { masked.value.responseHeaders }
    /// The response body, redacted and cut to 64 KiB, or nil.
    public var responseBody: String? { masked.value.responseBody }

    init(
        service: CloudError.Service, method: String, url: URL, status: Int?, duration: Duration, attempt: Int,
        requestId: String?, clientRequestId: String?, requestBody: String?, failure: String?,
        requestHeaders: HTTPHeaders, response: HTTPResponse?, redactor: SecretRedactor
    ) {
        self.service = service
        self.method = method
        self.status = status
        self.duration = duration
        self.attempt = attempt
        self.requestId = requestId
        self.clientRequestId = clientRequestId
        self.requestBody = requestBody
        self.failure = failure
        masked = MaskedParts(url: url, requestHeaders: requestHeaders, response: response, redactor: redactor)
    }

    /// One line: `GET https://graph... -> 200 (12 ms, request-id ...)`.
    public var summary: String {
        let outcome = status.map(String.init) ?? "failed: \(failure ?? "no answer")"
        let milliseconds = Int(duration.seconds * 1000)
        let id = requestId.map { ", request-id \($0)" } ?? ""
        return "\(method) \(url) -> \(outcome) (\(milliseconds) ms\(id))"
    }
}

/// The URL, headers and response body of a record, masked once on first read.
private final class MaskedParts: Sendable {
    struct Parts: Sendable {
        var url = ""
        var requestHeaders = HTTPHeaders()
        var responseHeaders = HTTPHeaders()
        var responseBody: String?
    }

    /// What is kept of an answer until it is masked: its headers and at most `CloudSession.recordedBodyLimit`
    /// bytes of its body (a step keeps thousands of records; a large answer must not stay whole in each).
    struct Answer: Sendable {
        var headers: HTTPHeaders
        var body: Data
        var bodySize: Int

        init(_ response: HTTPResponse) {
            headers = response.headers
            bodySize = response.body.count
            // A slice would keep the whole buffer alive: large bodies are copied, the rest shared.
            body = bodySize > CloudSession.recordedBodyLimit
                ? Data(response.body.prefix(CloudSession.recordedBodyLimit)) : response.body
        }
    }

    private enum State: Sendable {
        case raw(url: URL, requestHeaders: HTTPHeaders, answer: Answer?, redactor: SecretRedactor)
        case masked(Parts)
    }

    private let state: Mutex<State>

    /// `requestHeaders` must already have their `Authorization` value replaced.
    init(url: URL, requestHeaders: HTTPHeaders, response: HTTPResponse?, redactor: SecretRedactor) {
        state = Mutex(.raw(url: url, requestHeaders: requestHeaders, answer: response.map(Answer.init), redactor: redactor))
    }

    var value: Parts {
        state.withLock { state in
            switch state {
            case .masked(let parts):
                return parts
            case .raw(let url, let requestHeaders, let answer, let redactor):
                let parts = Self.mask(url: url, requestHeaders: requestHeaders, answer: answer, redactor: redactor)
                state = .masked(parts)
                return parts
            }
        }
    }

    private static func mask(url: URL, requestHeaders: HTTPHeaders, answer: Answer?, redactor: SecretRedactor) -> Parts {
        var parts = Parts()
        parts.url = redactor.sanitize(url.absoluteString)
        for field in requestHeaders { parts.requestHeaders.add(field.name, redactor.sanitize(field.value)) }
        guard let answer else { return parts }
        for field in CredentialMask.apply(to: answer.headers) {
            parts.responseHeaders.add(field.name, redactor.sanitize(field.value))
        }
        parts.responseBody = answer.body.isEmpty
            ? nil : redactor.sanitize(CloudSession.bodyText(answer.body, size: answer.bodySize))
        return parts
    }
}

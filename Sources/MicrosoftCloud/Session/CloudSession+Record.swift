import Foundation
import HTTPTransport

extension CloudSession {
    /// The largest body kept in an exchange record.
    public static let recordedBodyLimit = 64 * 1024

    func record(
        of request: HTTPRequest, result: Result<HTTPResponse, HTTPTransportError>, call: APICall, attempt: Int,
        clientRequestId: String?, duration: Duration
    ) -> ExchangeRecord {
        var requestHeaders = request.headers
        requestHeaders.replaceValues(of: "Authorization", with: "Bearer <redacted>")
        let response = try? result.get()
        var failure: String?
        if case .failure(let error) = result { failure = redactor.sanitize(error.message) }
        return ExchangeRecord(
            service: call.service, method: request.method, url: request.url,
            status: response?.status,
            duration: response.map { $0.duration == .zero ? duration : $0.duration } ?? duration,
            attempt: attempt, requestId: response.flatMap { Self.requestId(in: $0.headers) },
            clientRequestId: clientRequestId,
            requestBody: request.body.map { redactor.sanitize(call.maskRequestBody(Self.bodyText($0))) },
            failure: failure, requestHeaders: requestHeaders, response: response, redactor: redactor)
    }

    /// A body as text for records, cut to `recordedBodyLimit` bytes; `size` is the whole body's when `data` is
    /// already a cut.
    static func bodyText(_ data: Data, size: Int? = nil) -> String {
        let size = size ?? data.count
        let text = String(decoding: data.prefix(recordedBodyLimit), as: UTF8.self)
        return size > recordedBodyLimit ? text + "... (\(size) bytes)" : text
    }

    /// The service request id of an answer, from the headers Microsoft services use.
    static func requestId(in headers: HTTPHeaders) -> String? {
        headers["request-id"] ?? headers["x-ms-request-id"] ?? headers["x-ms-service-request-id"] ?? headers["REQ_ID"]
    }

    /// A transport failure as a `CloudError` (`http.connection`, `http.timeout`, ...).
    static func cloudError(
        _ error: HTTPTransportError, service: CloudError.Service, redactor: SecretRedactor
    ) -> CloudError {
        let code: CloudError.Code = switch error.kind {
        case .connectionRefused, .dnsFailure, .connectionClosed: .httpConnection
        case .timeout: .httpTimeout
        case .tls: .httpTLS
        case .bodyTooLarge: .httpBodyTooLarge
        case .tooManyRedirects: .httpRedirect
        default: .httpError
        }
        return CloudError(
            code: code, service: .http, message: "\(redactor.redact(error.message)) (calling \(service.displayName))",
            host: error.host.isEmpty ? nil : error.host)
    }
}

import Foundation

/// One request and its outcome as the step debugger shows it: credentials masked, registered secrets redacted,
/// bodies bounded to `HTTPExchange.bodyPreviewLimit` bytes.
public struct HTTPExchange: Sendable {
    /// How many bytes of each body are kept (as text) in an exchange.
    public static let bodyPreviewLimit = 16 * 1024

    /// The request method.
    public var method: String
    /// The request URL (redacted).
    public var url: String
    /// The request headers as sent by the caller, credential values masked.
    public var requestHeaders: HTTPHeaders
    /// The request body as text, redacted and bounded; nil when there was none.
    public var requestBody: String?
    /// The response status, or nil when the request failed before a response arrived.
    public var status: Int?
    /// The response headers, credential values masked.
    public var responseHeaders: HTTPHeaders
    /// The response body as text, redacted and bounded; nil when there was none.
    public var responseBody: String?
    /// Wall time of the exchange.
    public var duration: Duration
    /// The failure, if the request did not complete.
    public var error: HTTPTransportError?

    /// An exchange with the given parts, already masked by the caller.
    public init(
        method: String, url: String, requestHeaders: HTTPHeaders, requestBody: String?, status: Int?,
        responseHeaders: HTTPHeaders, responseBody: String?, duration: Duration, error: HTTPTransportError?
    ) {
        self.method = method
        self.url = url
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.duration = duration
        self.error = error
    }
}

extension HTTPExchange {
    /// Builds the masked record of `request` and its `response` or `error`.
    init(request: HTTPRequest, response: HTTPResponse?, error: HTTPTransportError?, duration: Duration, redactor: SecretRedactor?) {
        func clean(_ text: String) -> String { redactor?.sanitize(text) ?? CredentialMask.apply(to: text) }
        func cleanHeaders(_ headers: HTTPHeaders) -> HTTPHeaders {
            var result = HTTPHeaders()
            for field in CredentialMask.apply(to: headers) { result.add(field.name, clean(field.value)) }
            return result
        }
        self.init(
            method: request.method,
            url: clean(request.url.absoluteString),
            requestHeaders: cleanHeaders(request.headers),
            requestBody: request.body.map { Self.preview(of: $0, clean: clean) },
            status: response?.status,
            responseHeaders: response.map { cleanHeaders($0.headers) } ?? HTTPHeaders(),
            responseBody: response.flatMap { $0.body.isEmpty ? nil : Self.preview(of: $0.body, clean: clean) },
            duration: duration,
            error: error
        )
    }

    /// The body as masked text, cut at `bodyPreviewLimit` bytes; binary bodies are described, not shown.
    /// Masking runs over a window longer than the preview so a secret that straddles the cut is still caught.
    static func preview(of body: Data, clean: (String) -> String) -> String {
        let window = body.prefix(bodyPreviewLimit + 4096)
        guard let text = BodyText.decode(window, cut: body.count > window.count) else {
            return "<\(body.count) bytes of binary data>"
        }
        let masked = clean(text)
        guard masked.utf8.count > bodyPreviewLimit || body.count > window.count else { return masked }
        return String(decoding: masked.utf8.prefix(bodyPreviewLimit), as: UTF8.self) + "… (\(body.count) bytes in all)"
    }
}

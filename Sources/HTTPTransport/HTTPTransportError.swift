/// Why a request failed, as a sentence naming the host: "cannot connect to 127.0.0.1:4312: connection refused".
///
/// Never contains request headers or bodies. `url` is the request URL without its query.
public struct HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for code that decides whether to retry.
    public enum Kind: String, Sendable, Equatable {
        /// Nothing listens on the host's port.
        case connectionRefused
        /// The host name (or the proxy's) does not resolve.
        case dnsFailure
        /// The connect timeout or the total timeout expired.
        case timeout
        /// The TLS handshake or certificate verification failed.
        case tls
        /// The response body is larger than `maxResponseBytes`.
        case bodyTooLarge
        /// More redirects than `followRedirects` allows.
        case tooManyRedirects
        /// The request cannot be sent as given (URL, method or header).
        case invalidRequest
        /// The connection broke before a complete response arrived.
        case connectionClosed
        /// Anything else libcurl reports.
        case other
    }

    /// The kind of failure.
    public var kind: Kind
    /// The host (with its port when the URL names one), e.g. `graph.microsoft.com` or `127.0.0.1:4312`.
    public var host: String
    /// The request URL without query or fragment.
    public var url: String
    /// The whole sentence, also returned by `description`.
    public var message: String

    /// An error of `kind` about `host`; `message` should be a complete sentence.
    public init(kind: Kind, host: String, url: String, message: String) {
        self.kind = kind
        self.host = host
        self.url = url
        self.message = message
    }

    public var description: String { message }
}

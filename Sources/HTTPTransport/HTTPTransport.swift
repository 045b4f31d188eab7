import Foundation
internal import CCurlShims

/// Sends HTTP requests over one reused libcurl easy handle, so consecutive requests to a host share a kept-alive
/// connection (HTTP/2 over TLS where the server offers it, HTTP/1.1 otherwise).
///
/// Thread confinement: a transport is not `Sendable`. Create it on the thread that uses it and keep it there (or hand
/// it over, never share it); requests on one transport run one after the other. Use one transport per thread.
/// `send` blocks the calling thread, so in async code call it from a dedicated `Thread`, not the cooperative pool.
public final class HTTPTransport {
    /// The limits, trust, proxy and hooks this transport applies to every request.
    public let configuration: HTTPTransportConfiguration
    let easy: CurlEasyHandle
    /// Whether libcurl was built with HTTP/2 (nghttp2); without it every request uses HTTP/1.1.
    let supportsHTTP2: Bool

    /// A transport with its own libcurl handle; fails only when libcurl cannot start or the configuration is invalid.
    public init(configuration: HTTPTransportConfiguration = HTTPTransportConfiguration()) throws(HTTPTransportError) {
        try Self.validate(configuration)
        self.configuration = configuration
        do throws(CurlFailure) {
            self.easy = try CurlEasyHandle()
        } catch {
            throw HTTPTransportError(kind: .other, host: "", url: "", message: "cannot start libcurl: \(error.message)")
        }
        self.supportsHTTP2 = (try? easy.set(CURLOPT_HTTP_VERSION, long: Int(CURL_HTTP_VERSION_2TLS))) != nil
    }

    /// Sends `request` and returns the final response; 3xx responses are returned as they are unless
    /// `followRedirects` allows following them. A non-2xx status is a response, not an error.
    public func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let start = ContinuousClock.now
        var current = request
        var redirects = RedirectState(original: request.url)
        while true {
            var response = try exchange(current)
            guard configuration.followRedirects > 0,
                  let next = try redirects.follow(response, of: current, limit: configuration.followRedirects)
            else {
                response.duration = ContinuousClock.now - start
                return response
            }
            current = next
        }
    }

    private static func validate(_ configuration: HTTPTransportConfiguration) throws(HTTPTransportError) {
        let problem: String? =
            if configuration.connectTimeout <= .zero { "connectTimeout must be positive" }
            else if configuration.totalTimeout <= .zero { "totalTimeout must be positive" }
            else if configuration.maxResponseBytes <= 0 { "maxResponseBytes must be positive" }
            else if configuration.followRedirects < 0 { "followRedirects cannot be negative" }
            else { nil }
        if let problem {
            throw HTTPTransportError(kind: .invalidRequest, host: "", url: "", message: "invalid HTTP transport configuration: \(problem)")
        }
    }
}

@available(*, unavailable, message: "HTTPTransport owns a libcurl handle confined to one thread")
extension HTTPTransport: Sendable {}

import Foundation

/// A request's URL checked for sending, and the names errors use for it.
struct RequestTarget {
    /// The URL as handed to libcurl.
    let urlString: String
    /// The host name or address alone.
    let hostName: String
    /// `host` or `host:port` when the URL names a port; IPv6 addresses in brackets.
    let host: String
    /// The URL without query, fragment or user info, for errors (made only when an error needs it).
    var displayURL: String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        components?.query = nil
        components?.fragment = nil
        components?.user = nil
        components?.password = nil
        return components?.string ?? "\(url.scheme ?? "?")://\(Self.bracketed(hostName))"
    }
    private let url: URL
    private let redactor: SecretRedactor?

    init(_ request: HTTPRequest, redactor: SecretRedactor?) throws(HTTPTransportError) {
        let url = request.url
        self.url = url
        self.redactor = redactor
        self.urlString = url.absoluteString
        let hostName = url.host(percentEncoded: false) ?? ""
        self.hostName = hostName
        let bracketed = Self.bracketed(hostName)
        self.host = url.port.map { "\(bracketed):\($0)" } ?? bracketed
        if let problem = Self.problem(with: request, hostName: hostName) {
            throw error(.invalidRequest, "invalid request to \(displayURL): \(problem)")
        }
    }

    /// A host name as a URL writes it: IPv6 addresses in brackets.
    private static func bracketed(_ hostName: String) -> String {
        hostName.contains(":") ? "[\(hostName)]" : hostName
    }

    /// An error about this target; the message passes through the redactor.
    func error(_ kind: HTTPTransportError.Kind, _ message: String) -> HTTPTransportError {
        HTTPTransportError(kind: kind, host: host, url: displayURL, message: redactor?.sanitize(message) ?? message)
    }

    private static func problem(with request: HTTPRequest, hostName: String) -> String? {
        let scheme = request.url.scheme?.lowercased()
        if scheme != "http" && scheme != "https" { return "only http and https URLs are supported" }
        if hostName.isEmpty { return "the URL has no host" }
        if !isToken(request.method) { return "the method is not a valid HTTP token" }
        if request.method == "HEAD" && request.body != nil { return "a HEAD request cannot have a body" }
        for field in request.headers {
            if !isToken(field.name) { return "a header name is not a valid HTTP token" }
            if containsLineBreakOrNul(field.value) {
                return "the value of header \(field.name) contains a line break or NUL"
            }
        }
        return nil
    }

    /// Whether `value` holds a CR, LF or NUL byte: single bytes in UTF-8, never part of a longer sequence, so
    /// `memchr` finds them (a bearer token is 1-2 KB; a loop over its UTF-8 view took 50,000 instructions).
    private static func containsLineBreakOrNul(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 0x0D, bytes.count) != nil || memchr(base, 0x0A, bytes.count) != nil
                || memchr(base, 0x00, bytes.count) != nil
        }
    }

    /// Whether `text` is a non-empty RFC 9110 token (`!#$%&'*+-.^_`|~`, digits and ASCII letters).
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(tokenCharacters.contains)
    }

    private static let tokenCharacters =
        ASCIIByteSet("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

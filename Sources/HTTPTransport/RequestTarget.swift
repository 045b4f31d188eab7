import Foundation

/// A request's URL checked for sending, and the names errors use for it.
struct RequestTarget {
    /// The URL as handed to libcurl.
    let urlString: String
    /// The host name or address alone.
    let hostName: String
    /// `host` or `host:port` when the URL names a port; IPv6 addresses in brackets.
    let host: String
    /// The URL without query, fragment or user info, for errors.
    let displayURL: String
    private let redactor: SecretRedactor?

    private static let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    init(_ request: HTTPRequest, redactor: SecretRedactor?) throws(HTTPTransportError) {
        let url = request.url
        self.redactor = redactor
        self.urlString = url.absoluteString
        let hostName = url.host(percentEncoded: false) ?? ""
        self.hostName = hostName
        let bracketed = hostName.contains(":") ? "[\(hostName)]" : hostName
        self.host = url.port.map { "\(bracketed):\($0)" } ?? bracketed
        var components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        components?.query = nil
        components?.fragment = nil
        components?.user = nil
        components?.password = nil
        self.displayURL = components?.string ?? "\(url.scheme ?? "?")://\(bracketed)"
        if let problem = Self.problem(with: request, hostName: hostName) {
            throw error(.invalidRequest, "invalid request to \(displayURL): \(problem)")
        }
    }

    /// An error about this target; the message passes through the redactor.
    func error(_ kind: HTTPTransportError.Kind, _ message: String) -> HTTPTransportError {
        HTTPTransportError(kind: kind, host: host, url: displayURL, message: redactor?.sanitize(message) ?? message)
    }

    private static func problem(with request: HTTPRequest, hostName: String) -> String? {
        let scheme = request.url.scheme?.lowercased()
        if scheme != "http" && scheme != "https" { return "only http and https URLs are supported" }
        if hostName.isEmpty { return "the URL has no host" }
        if request.method.isEmpty || !request.method.allSatisfy(tokenCharacters.contains) {
            return "the method is not a valid HTTP token"
        }
        if request.method == "HEAD" && request.body != nil { return "a HEAD request cannot have a body" }
        for field in request.headers {
            if field.name.isEmpty || !field.name.allSatisfy(tokenCharacters.contains) {
                return "a header name is not a valid HTTP token"
            }
            if field.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                return "the value of header \(field.name) contains a line break or NUL"
            }
        }
        return nil
    }
}

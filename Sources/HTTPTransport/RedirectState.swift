import Foundation

/// Follows redirects for one `send`: counts hops and keeps credentials on the original origin.
///
/// `Authorization` and `Cookie` are removed from the first hop that leaves the original origin (scheme, host and
/// port) and stay removed even if a later hop comes back. A 303, and a 301 or 302 answering a POST, become a GET
/// without body; 307 and 308 repeat the method and body.
struct RedirectState {
    private let original: Origin?
    private var redirects = 0
    private var credentialsDropped = false

    private static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]
    private static let credentialHeaders = ["Authorization", "Cookie"]
    private static let bodyHeaders = ["Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding"]

    init(original url: URL) {
        self.original = Origin(url)
    }

    /// The request to send next when `response` is a redirect with a `Location`, or nil to return `response`.
    mutating func follow(_ response: HTTPResponse, of request: HTTPRequest, limit: Int) throws(HTTPTransportError) -> HTTPRequest? {
        guard Self.redirectStatuses.contains(response.status), let location = response.headers["Location"] else { return nil }
        let target = try RequestTarget(request, redactor: nil)
        redirects += 1
        guard redirects <= limit else {
            throw target.error(.tooManyRedirects,
                "too many redirects: \(target.host) redirected again after \(limit) followed (the limit)")
        }
        guard let next = URL(string: location, relativeTo: request.url)?.absoluteURL,
              let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else {
            throw target.error(.invalidRequest, "\(target.host) redirected to a location that is not an http or https URL")
        }
        var redirected = request
        redirected.url = next
        if response.status == 303 && request.method != "HEAD" || [301, 302].contains(response.status) && request.method == "POST" {
            redirected.method = "GET"
            redirected.body = nil
            for name in Self.bodyHeaders { redirected.headers.remove(name) }
        }
        if Origin(next) != original { credentialsDropped = true }
        if credentialsDropped {
            for name in Self.credentialHeaders { redirected.headers.remove(name) }
        }
        return redirected
    }
}

/// Scheme, host and effective port: what "the same site" means for credentials.
struct Origin: Equatable {
    let scheme: String
    let host: String
    let port: Int

    init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host(percentEncoded: false)?.lowercased() else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }
}

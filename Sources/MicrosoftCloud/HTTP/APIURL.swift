import Foundation
import HTTPTransport

/// Joining API paths and queries to a base URL.
enum APIURL {
    /// `base` + `path` (`/applications?$filter=displayName eq 'x'`), or `path` itself when it is an absolute URL.
    /// The path and query are percent-encoded as `CharacterSet.urlPathAllowed` and `.urlQueryAllowed` would
    /// (`%` kept so callers may pre-encode, `+` encoded in the query so it is never read as a space).
    static func make(base: URL, path: String, service: CloudError.Service) throws(CloudError) -> URL {
        if isAbsolute(path) {
            guard let url = URL(string: path) else { throw invalid(path, service: service) }
            return url
        }
        return try joined(baseText(base), path, service: service)
    }

    /// Whether `path` is an absolute `http` or `https` URL rather than a path.
    static func isAbsolute(_ path: String) -> Bool {
        path.hasPrefix("https://") || path.hasPrefix("http://")
    }

    /// `base` as text without a trailing slash, ready for `joined`.
    static func baseText(_ base: URL) -> String {
        var text = base.absoluteString
        if text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The relative `path` after `baseText`, separated by a slash. Whatever `path` holds follows that slash, so
    /// it can never change the URL's scheme, host or port.
    static func joined(_ baseText: String, _ path: String, service: CloudError.Service) throws(CloudError) -> URL {
        var text = baseText
        if !path.hasPrefix("/") { text.append("/") }
        text.append(encoded(path) ?? path)
        guard let url = URL(string: text) else { throw invalid(path, service: service) }
        return url
    }

    /// `path` with every byte its part (path, then query after the first `?`) does not keep percent-encoded; nil
    /// when it keeps them all (the usual path, joined as it is).
    private static func encoded(_ path: String) -> String? {
        var bytes: [UInt8]?
        var encoding = PercentEncoding.path
        var inQuery = false
        for (offset, byte) in path.utf8.enumerated() {
            let startsQuery = !inQuery && byte == UInt8(ascii: "?")
            if startsQuery {
                inQuery = true
                encoding = .query
            }
            if bytes == nil {
                if startsQuery || encoding.keeps(byte) { continue }
                bytes = Array(path.utf8.prefix(offset))
                bytes?.reserveCapacity(path.utf8.count * 3)
            }
            if startsQuery { bytes?.append(byte) } else { encoding.append(byte, to: &bytes!) }
        }
        return bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func invalid(_ path: String, service: CloudError.Service) -> CloudError {
        CloudError(code: .configInvalid, service: service, message: "\"\(path)\" is not a valid \(service.displayName) path or URL")
    }
}

/// A request's URL and its origin, read once for every check and counter of a call.
struct APITarget {
    let url: URL
    /// `Origin(url)`: nil when the URL has no scheme or host.
    let origin: Origin?

    init(_ url: URL) {
        self.url = url
        origin = Origin(url)
    }

    /// A URL whose origin is known without reading it again (a path joined to a base).
    fileprivate init(url: URL, origin: Origin?) {
        assert(Origin(url) == origin, "\(url) does not have the origin \(origin?.description ?? "nil")")
        self.url = url
        self.origin = origin
    }
}

/// Joins paths to one base URL as `APIURL.make` does, and remembers the last path it joined: polling, retry and
/// wait-for-replication loops ask for the same path again and again, and reading a URL costs more than the rest
/// of a call's bookkeeping. Confined to its session's thread.
final class APIURLJoiner {
    let base: URL
    let service: CloudError.Service
    private let baseText: String
    /// The origin of every relative path joined to `base`.
    private let baseOrigin: Origin?
    private var last: (path: String, target: APITarget)?

    init(base: URL, service: CloudError.Service) {
        self.base = base
        self.service = service
        baseText = APIURL.baseText(base)
        baseOrigin = Origin(base)
    }

    /// Where `path` (relative to `base`, or an absolute URL) leads.
    func target(_ path: String) throws(CloudError) -> APITarget {
        if let last, last.path == path { return last.target }
        let target = APIURL.isAbsolute(path)
            ? APITarget(try APIURL.make(base: base, path: path, service: service))
            : APITarget(url: try APIURL.joined(baseText, path, service: service), origin: baseOrigin)
        last = (path, target)
        return target
    }
}

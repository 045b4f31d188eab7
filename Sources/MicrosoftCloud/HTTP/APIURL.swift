import Foundation
import HTTPTransport

/// Joining API paths and queries to a base URL.
enum APIURL {
    /// `base` + `path` (`/applications?$filter=displayName eq 'x'`), or `path` itself when it is an absolute URL.
    /// The path and query are percent-encoded as `CharacterSet.urlPathAllowed` and `.urlQueryAllowed` would
    /// (`%` kept so callers may pre-encode, `+` encoded in the query so it is never read as a space).
    static func make(base: URL, path: String, service: CloudError.Service) throws(CloudError) -> URL {
        if path.hasPrefix("https://") || path.hasPrefix("http://") {
            guard let url = URL(string: path) else { throw invalid(path, service: service) }
            return url
        }
        var text = base.absoluteString
        if text.hasSuffix("/") { text.removeLast() }
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

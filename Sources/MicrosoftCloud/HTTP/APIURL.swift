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
        var bytes = Array(text.utf8)
        if !path.hasPrefix("/") { bytes.append(UInt8(ascii: "/")) }
        var encoding = PercentEncoding.path
        var inQuery = false
        for byte in path.utf8 {
            if !inQuery, byte == UInt8(ascii: "?") {
                inQuery = true
                encoding = .query
                bytes.append(byte)
            } else {
                encoding.append(byte, to: &bytes)
            }
        }
        guard let url = URL(string: String(decoding: bytes, as: UTF8.self)) else { throw invalid(path, service: service) }
        return url
    }

    private static func invalid(_ path: String, service: CloudError.Service) -> CloudError {
        CloudError(code: .configInvalid, service: service, message: "\"\(path)\" is not a valid \(service.displayName) path or URL")
    }
}

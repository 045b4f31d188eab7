import Foundation
public import HTTPTransport

/// A successful API answer: status, headers and the JSON body (`.null` when there was none).
public struct APIResponse: Sendable {
    /// The HTTP status (2xx).
    public let status: Int
    /// The response headers.
    public let headers: HTTPHeaders
    /// The parsed body, or `.null` for an empty one.
    public let body: JSONValue
    /// The service's request id, if any.
    public let requestId: String?

    init(_ response: HTTPResponse, service: CloudError.Service) throws(CloudError) {
        status = response.status
        headers = response.headers
        requestId = CloudSession.requestId(in: response.headers)
        if response.body.isEmpty || response.status == 204 {
            body = .null
        } else {
            do {
                body = try JSONValue.parse(response.body)
            } catch {
                throw CloudError(
                    code: CloudError.Code(rawValue: "\(service.rawValue).invalid_response"), service: service,
                    status: response.status, message: "the answer is not JSON (\(error.message))",
                    requestId: requestId, host: response.url.host)
            }
        }
    }
}

/// Joining API paths and queries to a base URL.
enum APIURL {
    /// Characters kept as they are in a path; everything else is percent-encoded (`%` is kept so callers may
    /// pre-encode).
    private static let pathAllowed = CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: "%"))
    /// Characters kept in a query: `+` is encoded so it is never read as a space.
    private static let queryAllowed = CharacterSet.urlQueryAllowed.union(CharacterSet(charactersIn: "%"))
        .subtracting(CharacterSet(charactersIn: "+"))

    /// `base` + `path` (`/applications?$filter=displayName eq 'x'`), or `path` itself when it is an absolute URL.
    static func make(base: URL, path: String, service: CloudError.Service) throws(CloudError) -> URL {
        if path.hasPrefix("https://") || path.hasPrefix("http://") {
            guard let url = URL(string: path) else { throw invalid(path, service: service) }
            return url
        }
        let relative = path.hasPrefix("/") ? path : "/" + path
        let parts = relative.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var text = base.absoluteString.hasSuffix("/") ? String(base.absoluteString.dropLast()) : base.absoluteString
        text += parts[0].addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? ""
        if parts.count > 1 { text += "?" + (parts[1].addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? "") }
        guard let url = URL(string: text) else { throw invalid(path, service: service) }
        return url
    }

    private static func invalid(_ path: String, service: CloudError.Service) -> CloudError {
        CloudError(code: .configInvalid, service: service, message: "\"\(path)\" is not a valid \(service.displayName) path or URL")
    }
}

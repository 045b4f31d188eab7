import Foundation
import Hummingbird

/// One HTTP request as a twin service sees it: body collected, query parsed, ids assigned.
struct TwinRequest: Sendable {
    let service: ServiceKind
    /// The origin of the listener (`http://127.0.0.1:41002`).
    let origin: String
    let method: String
    /// The path as sent (percent-encoded), without the query.
    let path: String
    /// The raw query string without `?` (empty when absent).
    let query: String
    let headers: HTTPFields
    let body: [UInt8]
    /// The id the twin assigned (`request-id` for Graph, trace id for the identity platform).
    let requestID: String

    init(
        service: ServiceKind, origin: String, method: String, path: String, query: String, headers: HTTPFields,
        body: [UInt8], requestID: String = TwinIDs.guid()
    ) {
        self.service = service
        self.origin = origin
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.queryItems = FormEncoding.decode(query)
    }

    /// Query parameters, decoded, in order.
    let queryItems: [(name: String, value: String)]

    /// The first value of a query parameter.
    func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// A header value (case-insensitive name); repeated headers are joined with ", ".
    func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        var values: [String] = []
        for field in headers where field.name.canonicalName == wanted { values.append(field.value) }
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// The client's `client-request-id` header, if any.
    var clientRequestID: String? { header("client-request-id") }

    /// The bearer token from `Authorization`, if any.
    var bearerToken: String? {
        guard let value = header("authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// Path segments, percent-decoded one by one (`/v1.0/applications(appId='x')` -> `["v1.0", "applications(appId='x')"]`).
    var pathSegments: [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
    }

    /// The body parsed as JSON, or nil when empty or not JSON.
    var jsonBody: JSON? { body.isEmpty ? nil : JSON.parse(body) }

    /// The body parsed as a form (`application/x-www-form-urlencoded`).
    var formBody: [(name: String, value: String)] { FormEncoding.decode(String(decoding: body, as: UTF8.self)) }

    /// A copy of this request with another method, path, query, headers and body (used by `$batch`).
    func subrequest(method: String, path: String, query: String, headers: HTTPFields, body: [UInt8]) -> TwinRequest {
        TwinRequest(
            service: service, origin: origin, method: method, path: path, query: query, headers: headers, body: body,
            requestID: requestID)
    }
}

extension HTTPFields {
    /// Sets or replaces a header by name; names that are not HTTP tokens are ignored.
    mutating func set(_ name: String, _ value: String) {
        guard Self.isToken(name) else { return }
        self[.init(name)!] = value
    }

    /// True for a valid header name (RFC 9110 token).
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// `application/x-www-form-urlencoded` and query-string decoding.
enum FormEncoding {
    /// Splits `a=1&b=2` into decoded pairs; `+` is a space.
    static func decode(_ text: String) -> [(name: String, value: String)] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = unescape(parts[0])
            let value = parts.count > 1 ? unescape(parts[1]) : ""
            return (name, value)
        }
    }

    private static func unescape(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Percent-encodes a value for a query string.
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

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
        self.pathSegments = path.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            segment.utf8.contains(UInt8(ascii: "%")) ? (String(segment).removingPercentEncoding ?? String(segment)) : String(segment)
        }
        var token: String?
        for field in headers where field.name.canonicalName == "authorization" {
            token = Self.bearerToken(in: field.value)
        }
        self.bearerToken = token
    }

    /// The token of an `Authorization: Bearer <token>` value (scanned as bytes: tokens are long).
    private static func bearerToken(in value: String) -> String? {
        let bytes = Array(value.utf8)
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        let scheme = Array("bearer".utf8)
        guard bytes.count > index + scheme.count, bytes[index..<(index + scheme.count)].map({ $0 | 0x20 }) == scheme,
            bytes[index + scheme.count] == 0x20
        else { return nil }
        index += scheme.count
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        var end = index
        while end < bytes.count, bytes[end] != 0x20 { end += 1 }
        return end > index ? String(decoding: bytes[index..<end], as: UTF8.self) : nil
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
    let bearerToken: String?

    /// Path segments, percent-decoded one by one (`/v1.0/applications(appId='x')` -> `["v1.0", "applications(appId='x')"]`).
    let pathSegments: [String]

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

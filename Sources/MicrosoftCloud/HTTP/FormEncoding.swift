import Foundation

/// `application/x-www-form-urlencoded` bodies, as the token endpoint wants them.
public enum FormEncoding {
    /// The only characters left as they are: RFC 3986 unreserved (`A-Z a-z 0-9 - . _ ~`).
    /// Everything else, including the `+ @ [ ] : / = &` that Entra secrets and scopes contain, is percent-encoded.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// One name or value, percent-encoded as UTF-8.
    public static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// `name=value&...` in the given order.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// The fields of a form body (`+` reads as a space), for tests and for masking recorded bodies.
    public static func decode(_ body: String) -> [(String, String)] {
        body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decodePart(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            return (decodePart(parts[0]), parts.count > 1 ? decodePart(parts[1]) : "")
        }
    }
}

import Foundation
import Synchronization

/// Replaces registered secret values (and their percent-encoded and JSON-escaped forms) with `***`.
///
/// Register a token, client secret or password the moment it exists; every trace line, exchange, log line or error
/// text that passes through `redact` or `sanitize` afterwards shows `***` instead. Thread-safe.
public final class SecretRedactor: Sendable {
    /// Values shorter than this are ignored: masking them would garble ordinary text.
    public static let minimumSecretLength = 6

    /// The text that replaces a secret.
    public static let mask = "***"

    /// Every form to look for, longest first so that an encoded form is replaced before the raw value inside it.
    private let patterns = Mutex<[String]>([])

    /// An empty redactor.
    public init() {}

    /// Adds `secret` to the values masked from now on; empty and very short values are ignored.
    public func register(_ secret: String) {
        guard secret.count >= Self.minimumSecretLength else { return }
        let forms = Self.encodedForms(of: secret)
        patterns.withLock { patterns in
            for form in forms where !patterns.contains(form) { patterns.append(form) }
            patterns.sort { $0.utf8.count > $1.utf8.count }
        }
    }

    /// `text` with every registered secret replaced by `***`.
    public func redact(_ text: String) -> String {
        let patterns = patterns.withLock { $0 }
        if patterns.isEmpty || Self.holdsNone(of: patterns, asciiText: text) { return text }
        var result = text
        for pattern in patterns where result.contains(pattern) {
            result = result.replacingOccurrences(of: pattern, with: Self.mask)
        }
        return result
    }

    /// True when `text` is ASCII and no pattern occurs in it byte for byte: then Foundation's search (which also
    /// matches canonically equivalent text) finds nothing either, and the common case costs one byte scan per
    /// pattern instead of a Unicode-aware search. False when it cannot tell (non-ASCII text) or a pattern occurs.
    private static func holdsNone(of patterns: [String], asciiText text: String) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            guard !haystack.isEmpty else { return true }
            guard haystack.allSatisfy({ $0 < 0x80 }) else { return false }
            return !patterns.contains { pattern in
                var pattern = pattern
                return pattern.withUTF8 { ByteSearch.contains(UnsafeRawBufferPointer($0), in: UnsafeRawBufferPointer(haystack)) }
            }
        }
    }

    /// `text` with registered secrets and well-known credential fields (see `CredentialMask`) masked.
    public func sanitize(_ text: String) -> String {
        CredentialMask.apply(to: redact(text))
    }

    /// Character sets that common encoders leave unescaped: RFC 3986 unreserved (libcurl's `curl_easy_escape`),
    /// alphanumerics only (strict form encoders), and URL query characters (Foundation's `URLComponents`).
    private static let unescapedSets: [CharacterSet] = [
        CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"),
        CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#")),
    ]

    /// The raw value, its percent-encoded forms (as several encoders write them, with upper- and lowercase hex and
    /// `+` for spaces) and its JSON-escaped forms (with and without `\/`).
    static func encodedForms(of secret: String) -> [String] {
        var forms = [secret]
        for unescaped in unescapedSets {
            guard let encoded = secret.addingPercentEncoding(withAllowedCharacters: unescaped) else { continue }
            forms.append(encoded)
            forms.append(lowercasingPercentEscapes(encoded))
            forms.append(encoded.replacingOccurrences(of: "%20", with: "+"))
        }
        let json = jsonEscaped(secret)
        forms.append(json)
        forms.append(json.replacingOccurrences(of: "/", with: "\\/"))
        var unique: [String] = []
        for form in forms where !unique.contains(form) { unique.append(form) }
        return unique
    }

    private static func lowercasingPercentEscapes(_ text: String) -> String {
        var result = ""
        var remainingHex = 0
        for character in text {
            if character == "%" {
                remainingHex = 2
                result.append(character)
            } else if remainingHex > 0 {
                remainingHex -= 1
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func jsonEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

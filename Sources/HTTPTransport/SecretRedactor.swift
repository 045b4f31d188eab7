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

    /// What common encoders leave unescaped: RFC 3986 unreserved (libcurl's `curl_easy_escape`), alphanumerics
    /// only (strict form encoders), and URL query characters (Foundation's `URLComponents`).
    private static let encoders: [PercentEncoding] = [.unreserved, .alphanumericsOnly, .queryValue]

    /// The raw value, its percent-encoded forms (as several encoders write them, with upper- and lowercase hex and
    /// `+` for spaces) and its JSON-escaped forms (with and without `\/`).
    static func encodedForms(of secret: String) -> [String] {
        var forms = [secret]
        for encoder in encoders {
            let encoded = encoder.encode(secret)
            forms.append(encoded)
            forms.append(lowercasingPercentEscapes(encoded))
            forms.append(replacing(Array("%20".utf8), with: [UInt8(ascii: "+")], in: encoded))
        }
        let json = jsonEscaped(secret)
        forms.append(json)
        forms.append(replacing([UInt8(ascii: "/")], with: Array("\\/".utf8), in: json))
        var unique: [String] = []
        for form in forms where !unique.contains(form) { unique.append(form) }
        return unique
    }

    // Byte-wise helpers: registering a token (a 1-2 KB JWT) must cost microseconds, not the milliseconds Foundation's
    // Unicode-aware replacing took at every token request.

    private static func lowercasingPercentEscapes(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count {
                for hex in index + 1...index + 2 where bytes[hex] >= UInt8(ascii: "A") && bytes[hex] <= UInt8(ascii: "F") {
                    bytes[hex] |= 0x20
                }
                index += 3
            } else {
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func replacing(_ target: [UInt8], with replacement: [UInt8], in text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == target[0], bytes.count - index >= target.count, Array(bytes[index..<index + target.count]) == target {
                result += replacement
                index += target.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
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

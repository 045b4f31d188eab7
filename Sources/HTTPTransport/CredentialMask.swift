/// Fixed masks for credentials that are recognisable by their field name, whether or not they were registered:
/// `Authorization:`/`Proxy-Authorization:`/`Cookie:`/`Set-Cookie:` header values, the form fields `client_secret=`,
/// `client_assertion=`, `assertion=`, `refresh_token=`, `access_token=`, `device_code=`, `password=`, and the JSON
/// string values of `"access_token"`, `"refresh_token"`, `"id_token"`, `"device_code"`, `"secretText"`, `"client_secret"` and `"password"`.
public enum CredentialMask {
    /// Header names whose values are credentials.
    static let credentialHeaderNames: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    /// Lowercased fragments, one of which must occur for the pattern of the same kind to match: a cheap pre-check
    /// that keeps the (slow) regular expressions off the usual response body, which holds no credential.
    private static let headerTriggers = ["authorization", "cookie"]
    private static let formTriggers = [
        "client_secret=", "assertion=", "refresh_token=", "access_token=", "device_code=", "password=",
    ]
    private static let jsonTriggers = [
        "\"access_token\"", "\"refresh_token\"", "\"id_token\"", "\"device_code\"", "\"secrettext\"",
        "\"client_secret\"", "\"password\"",
    ]

    /// `Authorization: Bearer abc` keeps the scheme word: `Authorization: Bearer ***`.
    nonisolated(unsafe) private static let headerPattern =
        #/(?i)((?:proxy-)?authorization|set-cookie|cookie)([ \t]*:[ \t]*)(?:([A-Za-z][A-Za-z0-9_-]*)[ \t]+)?[^\r\n]*/#
    nonisolated(unsafe) private static let formPattern =
        #/(?i)(client_secret|client_assertion|assertion|refresh_token|access_token|device_code|password)=[^&\s"']*/#
    nonisolated(unsafe) private static let jsonPattern =
        #/(?i)("(?:access_token|refresh_token|id_token|device_code|secretText|client_secret|password)"[ \t\r\n]*:[ \t\r\n]*)"(?:[^"\\]|\\.)*"/#

    /// `text` with every recognisable credential value replaced by `***`.
    public static func apply(to text: String) -> String {
        var result = text
        if occursAny(of: headerTriggers, in: result) {
            result = result.replacing(headerPattern) { match in
                let (_, name, separator, scheme) = match.output
                let keptScheme = scheme.map { "\($0) " } ?? ""
                return "\(name)\(separator)\(keptScheme)\(SecretRedactor.mask)"
            }
        }
        if occursAny(of: formTriggers, in: result) {
            result = result.replacing(formPattern) { match in "\(match.output.1)=\(SecretRedactor.mask)" }
        }
        if occursAny(of: jsonTriggers, in: result) {
            result = result.replacing(jsonPattern) { match in "\(match.output.1)\"\(SecretRedactor.mask)\"" }
        }
        return result
    }

    /// Whether one of `triggers` (lowercase ASCII) occurs in `text`, ignoring case: a byte scan for ASCII text (the
    /// usual header value or JSON body), Foundation's search otherwise.
    private static func occursAny(of triggers: [String], in text: String) -> Bool {
        var text = text
        let ascii: Bool? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return triggers.contains { trigger in
                let trigger = Array(trigger.utf8)
                guard trigger.count <= bytes.count else { return false }
                let first = trigger[0]
                for start in 0...(bytes.count - trigger.count) {
                    let byte = bytes[start]
                    guard (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == first else { continue }
                    var offset = 1
                    while offset < trigger.count {
                        let next = bytes[start + offset]
                        if (next >= 0x41 && next <= 0x5A ? next | 0x20 : next) != trigger[offset] { break }
                        offset += 1
                    }
                    if offset == trigger.count { return true }
                }
                return false
            }
        }
        if let ascii { return ascii }
        let lowered = text.lowercased()
        return triggers.contains { lowered.contains($0) }
    }

    /// `headers` with the values of credential headers replaced by `***` (the scheme word of `Authorization` kept).
    public static func apply(to headers: HTTPHeaders) -> HTTPHeaders {
        var masked = HTTPHeaders()
        for field in headers {
            if credentialHeaderNames.contains(field.name.lowercased()) {
                masked.add(field.name, maskedCredentialValue(field.value))
            } else {
                masked.add(field.name, field.value)
            }
        }
        return masked
    }

    private static func maskedCredentialValue(_ value: String) -> String {
        let words = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        if words.count == 2, words[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            return "\(words[0]) \(SecretRedactor.mask)"
        }
        return SecretRedactor.mask
    }
}

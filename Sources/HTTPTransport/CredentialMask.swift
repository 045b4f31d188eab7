/// Fixed masks for credentials that are recognisable by their field name, whether or not they were registered:
/// `Authorization:`/`Proxy-Authorization:`/`Cookie:`/`Set-Cookie:` header values, the form fields `client_secret=`,
/// `client_assertion=`, `assertion=`, `refresh_token=`, `access_token=`, `device_code=`, `password=`, and the JSON
/// string values of `"access_token"`, `"refresh_token"`, `"id_token"`, `"device_code"`, `"secretText"`, `"client_secret"` and `"password"`.
public enum CredentialMask {
    /// Header names whose values are credentials.
    static let credentialHeaderNames = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    /// Lowercased fragments, one of which must occur for the pattern of its kind to match: a cheap pre-check that
    /// keeps the (slow) regular expressions off the usual response body, which holds no credential.
    private static let triggers = TriggerWords([
        ["authorization", "cookie"],
        ["client_secret=", "assertion=", "refresh_token=", "access_token=", "device_code=", "password="],
        [
            "\"access_token\"", "\"refresh_token\"", "\"id_token\"", "\"device_code\"", "\"secrettext\"",
            "\"client_secret\"", "\"password\"",
        ],
    ])
    private static let headerKind = 1 << 0
    private static let formKind = 1 << 1
    private static let jsonKind = 1 << 2

    /// `Authorization: Bearer abc` keeps the scheme word: `Authorization: Bearer ***`.
    nonisolated(unsafe) private static let headerPattern =
        #/(?i)((?:proxy-)?authorization|set-cookie|cookie)([ \t]*:[ \t]*)(?:([A-Za-z][A-Za-z0-9_-]*)[ \t]+)?[^\r\n]*/#
    nonisolated(unsafe) private static let formPattern =
        #/(?i)(client_secret|client_assertion|assertion|refresh_token|access_token|device_code|password)=[^&\s"']*/#
    nonisolated(unsafe) private static let jsonPattern =
        #/(?i)("(?:access_token|refresh_token|id_token|device_code|secretText|client_secret|password)"[ \t\r\n]*:[ \t\r\n]*)"(?:[^"\\]|\\.)*"/#

    /// `text` with every recognisable credential value replaced by `***`.
    public static func apply(to text: String) -> String {
        let kinds = triggers.groups(in: text)
        if kinds == 0 { return text }
        var result = text
        if kinds & headerKind != 0 {
            result = result.replacing(headerPattern) { match in
                let (_, name, separator, scheme) = match.output
                let keptScheme = scheme.map { "\($0) " } ?? ""
                return "\(name)\(separator)\(keptScheme)\(SecretRedactor.mask)"
            }
        }
        if kinds & formKind != 0 {
            result = result.replacing(formPattern) { match in "\(match.output.1)=\(SecretRedactor.mask)" }
        }
        if kinds & jsonKind != 0 {
            result = result.replacing(jsonPattern) { match in "\(match.output.1)\"\(SecretRedactor.mask)\"" }
        }
        return result
    }

    /// `headers` with the values of credential headers replaced by `***` (the scheme word of `Authorization` kept).
    public static func apply(to headers: HTTPHeaders) -> HTTPHeaders {
        var masked = HTTPHeaders()
        for field in headers { masked.add(field.name, maskedValue(of: field)) }
        return masked
    }

    /// The value of `field` as `apply(to:)` shows it: masked when it is a credential header, else unchanged.
    public static func maskedValue(of field: HTTPHeaders.Field) -> String {
        isCredentialHeader(field.name) ? maskedCredentialValue(field.value) : field.value
    }

    /// Whether a header of this name carries a credential (`Authorization`, `Cookie`, ...), ASCII case ignored.
    static func isCredentialHeader(_ name: String) -> Bool {
        // Most names are ruled out by their length alone: those of `credentialHeaderNames`.
        switch name.utf8.count {
        case 6, 10, 13, 19: credentialHeaderNames.contains { HTTPHeaders.namesMatch($0, name) }
        default: false
        }
    }

    private static func maskedCredentialValue(_ value: String) -> String {
        let words = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        if words.count == 2, words[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            return "\(words[0]) \(SecretRedactor.mask)"
        }
        return SecretRedactor.mask
    }
}

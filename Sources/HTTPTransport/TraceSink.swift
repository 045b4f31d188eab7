internal import CCurlShims

/// Turns libcurl's verbose output into masked lines for `HTTPTransportConfiguration.trace`.
///
/// Connection info is prefixed `*`, headers `>` (out) and `<` (in); of each body only the first chunk is shown, as a
/// short prefix; TLS records are skipped. Every line goes through the fixed credential masks and the redactor.
final class TraceSink {
    /// How many characters of a body appear in the trace.
    static let bodyPrefixLength = 64

    private let hook: @Sendable (String) -> Void
    private let redactor: SecretRedactor?
    private var shownBodyOut = false
    private var shownBodyIn = false

    init(hook: @escaping @Sendable (String) -> Void, redactor: SecretRedactor?) {
        self.hook = hook
        self.redactor = redactor
    }

    func receive(kind: curl_infotype, _ bytes: UnsafeRawBufferPointer) {
        switch kind {
        case CURLINFO_TEXT: emitLines(bytes, prefix: "* ")
        case CURLINFO_HEADER_OUT: emitLines(bytes, prefix: "> ")
        case CURLINFO_HEADER_IN: emitLines(bytes, prefix: "< ")
        case CURLINFO_DATA_OUT:
            if !shownBodyOut { shownBodyOut = true; emitBodyPrefix(bytes, prefix: "> ") }
        case CURLINFO_DATA_IN:
            if !shownBodyIn { shownBodyIn = true; emitBodyPrefix(bytes, prefix: "< ") }
        default: break
        }
    }

    private func emitLines(_ bytes: UnsafeRawBufferPointer, prefix: String) {
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var text = String(decoding: line, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }  // a lone CR (the CRLF pair was split above)
            guard !text.isEmpty else { continue }
            hook(prefix + clean(text))
        }
    }

    /// The body's first characters on one line; masking runs over a longer window than is shown so that a secret
    /// straddling the cut is masked whole.
    private func emitBodyPrefix(_ bytes: UnsafeRawBufferPointer, prefix: String) {
        let window = bytes.prefix(4096)
        guard let text = BodyText.decode(window, cut: true) else {
            hook(prefix + "[body: \(bytes.count) bytes of binary data]")
            return
        }
        let oneLine = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let masked = clean(oneLine)
        let shown = masked.count > Self.bodyPrefixLength ? String(masked.prefix(Self.bodyPrefixLength)) + "…" : masked
        hook(prefix + "[body: \(bytes.count) bytes] " + shown)
    }

    private func clean(_ text: String) -> String {
        redactor?.sanitize(text) ?? CredentialMask.apply(to: text)
    }
}

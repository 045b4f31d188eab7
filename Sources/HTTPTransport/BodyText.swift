/// Body bytes as text for traces and exchanges.
enum BodyText {
    /// `bytes` as UTF-8 text, tolerating a character split at the end when `cut`; nil for binary data
    /// (invalid UTF-8 or NUL bytes).
    static func decode<Bytes: BidirectionalCollection>(_ bytes: Bytes, cut: Bool) -> String? where Bytes.Element == UInt8 {
        guard !bytes.contains(0) else { return nil }
        for dropped in 0...(cut ? 3 : 0) {
            if let text = String(validating: bytes.dropLast(dropped), as: UTF8.self) { return text }
        }
        return nil
    }
}

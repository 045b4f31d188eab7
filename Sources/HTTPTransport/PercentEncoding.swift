/// Byte-wise percent-encoding: every UTF-8 byte outside a set of kept ASCII characters becomes `%XX` (uppercase
/// hex), as Foundation's `addingPercentEncoding(withAllowedCharacters:)` does for the same set, at a fraction of its
/// cost (it showed up in every run's start-up).
public struct PercentEncoding: Sendable {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    private let kept: ASCIIByteSet

    /// Keeps ASCII letters, digits and the ASCII characters in `punctuation`.
    public init(keepingAlphanumericsAnd punctuation: String) {
        kept = ASCIIByteSet(Self.alphanumerics + punctuation)
    }

    /// RFC 3986 unreserved characters (libcurl's `curl_easy_escape`).
    public static let unreserved = PercentEncoding(keepingAlphanumericsAnd: "-._~")
    /// Letters and digits only (strict form encoders).
    public static let alphanumericsOnly = PercentEncoding(keepingAlphanumericsAnd: "")
    /// Foundation's `urlPathAllowed`, with `%` kept so callers may pre-encode.
    public static let path = PercentEncoding(keepingAlphanumericsAnd: "!$&'()*+,-./:=@_~%")
    /// Foundation's `urlQueryAllowed`, with `%` kept and `+` encoded so it is never read as a space.
    public static let query = PercentEncoding(keepingAlphanumericsAnd: "!$&'()*,-./:;=?@_~%")
    /// Foundation's `urlQueryAllowed` without `&`, `=`, `+` and `#` (a query value as `URLComponents` writes it).
    public static let queryValue = PercentEncoding(keepingAlphanumericsAnd: "!$'()*,-./:;?@_~")

    /// Whether `byte` is written as it is.
    public func keeps(_ byte: UInt8) -> Bool {
        kept.contains(byte)
    }

    /// Appends `byte`, encoded when it is not kept.
    public func append(_ byte: UInt8, to bytes: inout [UInt8]) {
        if keeps(byte) {
            bytes.append(byte)
        } else {
            bytes.append(UInt8(ascii: "%"))
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }

    /// `text` encoded.
    public func encode(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 { append(byte, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

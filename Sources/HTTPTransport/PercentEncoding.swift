/// Byte-wise percent-encoding: every UTF-8 byte outside a set of kept ASCII characters becomes `%XX` (uppercase
/// hex), as Foundation's `addingPercentEncoding(withAllowedCharacters:)` does for the same set, at a fraction of its
/// cost (it showed up in every run's start-up).
public struct PercentEncoding: Sendable {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    /// The kept ASCII bytes as bits: 0-63 and 64-127.
    private let keptLow: UInt64
    private let keptHigh: UInt64

    /// Keeps ASCII letters, digits and the ASCII characters in `punctuation`.
    public init(keepingAlphanumericsAnd punctuation: String) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for byte in Array(Self.alphanumerics.utf8) + Array(punctuation.utf8) where byte < 0x80 {
            if byte < 64 { low |= 1 << byte } else { high |= 1 << (byte - 64) }
        }
        keptLow = low
        keptHigh = high
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
        byte < 0x80 && (byte < 64 ? keptLow >> byte : keptHigh >> (byte - 64)) & 1 == 1
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

import Foundation

/// Joining API paths and queries to a base URL.
enum APIURL {
    /// `base` + `path` (`/applications?$filter=displayName eq 'x'`), or `path` itself when it is an absolute URL.
    /// The path and query are percent-encoded as `CharacterSet.urlPathAllowed` and `.urlQueryAllowed` would
    /// (`%` kept so callers may pre-encode, `+` encoded in the query so it is never read as a space).
    static func make(base: URL, path: String, service: CloudError.Service) throws(CloudError) -> URL {
        if path.hasPrefix("https://") || path.hasPrefix("http://") {
            guard let url = URL(string: path) else { throw invalid(path, service: service) }
            return url
        }
        var text = base.absoluteString
        if text.hasSuffix("/") { text.removeLast() }
        var bytes = Array(text.utf8)
        if !path.hasPrefix("/") { bytes.append(UInt8(ascii: "/")) }
        var inQuery = false
        for byte in path.utf8 {
            if !inQuery, byte == UInt8(ascii: "?") {
                inQuery = true
                bytes.append(byte)
            } else if PercentEncoding.keeps(byte, inQuery: inQuery) {
                bytes.append(byte)
            } else {
                PercentEncoding.append(byte, to: &bytes)
            }
        }
        guard let url = URL(string: String(decoding: bytes, as: UTF8.self)) else { throw invalid(path, service: service) }
        return url
    }

    private static func invalid(_ path: String, service: CloudError.Service) -> CloudError {
        CloudError(code: .configInvalid, service: service, message: "\"\(path)\" is not a valid \(service.displayName) path or URL")
    }
}

/// Byte-wise percent-encoding with the sets of Foundation's `urlPathAllowed` (no `;`) and `urlQueryAllowed`.
enum PercentEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let pathTable = table(#"!$&'()*+,-./:=@_~%"#)
    private static let queryTable = table(#"!$&'()*,-./:;=?@_~%"#)

    private static func table(_ punctuation: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 128)
        for byte in Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8) + Array(punctuation.utf8) {
            table[Int(byte)] = true
        }
        return table
    }

    /// Whether `byte` stays as it is in a path (or, with `inQuery`, in a query).
    static func keeps(_ byte: UInt8, inQuery: Bool) -> Bool {
        byte < 0x80 && (inQuery ? queryTable : pathTable)[Int(byte)]
    }

    /// Appends `%XX` (uppercase hex) for `byte`.
    static func append(_ byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "%"))
        bytes.append(hexDigits[Int(byte >> 4)])
        bytes.append(hexDigits[Int(byte & 0x0F)])
    }
}

/// Collects response header lines as libcurl delivers them (one raw line per call, CRLF included) into the
/// status line and fields of the last response: interim 1xx responses and proxy CONNECT replies are discarded
/// when the next status line starts.
struct ResponseHeaderParser {
    private(set) var statusLine = ""
    private(set) var headers = HTTPHeaders()

    private static let space: UInt8 = 0x20, tab: UInt8 = 0x09, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, colon: UInt8 = 0x3A

    /// Consumes one header line. Trimming happens on bytes: in Swift "\r\n" is a single Character.
    mutating func consume(_ line: UnsafeRawBufferPointer) {
        var end = line.count
        while end > 0, line[end - 1] == Self.cr || line[end - 1] == Self.lf { end -= 1 }
        let bytes = UnsafeRawBufferPointer(rebasing: line[0..<end])
        guard !bytes.isEmpty else { return }  // the blank line that ends a header block
        if bytes.starts(with: "HTTP/".utf8) {
            statusLine = String(decoding: bytes, as: UTF8.self)
            headers = HTTPHeaders()
        } else if bytes[0] == Self.space || bytes[0] == Self.tab {
            // Obsolete line folding (RFC 9112 §5.2): the line continues the previous value.
            headers.appendToLastValue(" " + String(decoding: Self.trimmed(bytes[...]), as: UTF8.self))
        } else if let colon = bytes.firstIndex(of: Self.colon) {
            let name = String(decoding: Self.trimmed(bytes[..<colon]), as: UTF8.self)
            let value = String(decoding: Self.trimmed(bytes[(colon + 1)...]), as: UTF8.self)
            headers.add(name, value)
        }
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        return bytes[start..<end]
    }
}

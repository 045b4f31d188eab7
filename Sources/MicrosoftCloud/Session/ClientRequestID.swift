/// Random version-4 UUIDs for `client-request-id`, lowercased as Microsoft's SDKs send them.
///
/// Foundation's `UUID()` opens, reads and closes `/dev/urandom` on Linux for every value; this asks the system
/// generator (`getrandom`) for 16 bytes instead.
enum ClientRequestID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A new `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` (y is 8, 9, a or b).
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<2 {
            let word = generator.next()
            for byte in 0..<8 { bytes[index * 8 + byte] = UInt8(truncatingIfNeeded: word >> (byte * 8)) }
        }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                buffer[position] = hexDigits[Int(byte >> 4)]
                buffer[position + 1] = hexDigits[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }
}

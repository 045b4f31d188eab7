import Synchronization

/// Random version-4 UUIDs for `client-request-id`, lowercased as Microsoft's SDKs send them.
///
/// An id only has to be unique enough to find a request in a service's logs, not secret: it comes from a
/// SplitMix64 sequence seeded once from the system generator. Foundation's `UUID()` opens, reads and closes
/// `/dev/urandom` on Linux for every value, and even one `getrandom` call per request showed in the host bench.
enum ClientRequestID {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let state = Mutex<UInt64>({
        var system = SystemRandomNumberGenerator()
        return system.next()
    }())

    /// The next 64 bits of the SplitMix64 sequence.
    private static func next() -> UInt64 {
        state.withLock { state in
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }

    /// A new `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` (y is 8, 9, a or b).
    static func make() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<2 {
            let word = next()
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

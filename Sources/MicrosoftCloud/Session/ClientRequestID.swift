import Synchronization

/// Random version-4 UUIDs for `client-request-id`, lowercased as Microsoft's SDKs send them.
///
/// An id only has to be unique enough to find a request in a service's logs, not secret: it comes from a
/// SplitMix64 sequence seeded once from the system generator. Foundation's `UUID()` opens, reads and closes
/// `/dev/urandom` on Linux for every value, and even one `getrandom` call per request showed in the host bench.
enum ClientRequestID {
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
        // 128 random bits as two words, with the version (4) and variant (10xx) bits set.
        let high = next() & ~(0xF << 12) | (0x4 << 12)
        let low = next() & ~(0x3 << 62) | (0x2 << 62)
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for digit in 0..<32 {
                if digit == 8 || digit == 12 || digit == 16 || digit == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = digit < 16 ? high : low
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - digit % 16 * 4) & 0xF)
                buffer[position] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble  // 0-9, a-f
                position += 1
            }
            return position
        }
    }
}

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
            let out = buffer.baseAddress!
            /// Writes `count` hex digits of `word`, starting at its nibble `first` (0 is the top one), at `at`.
            func hex(_ word: UInt64, first: Int, count: Int, at: Int) {
                for index in 0..<count {
                    let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - (first + index) * 4) & 0xF)
                    out[at + index] = nibble &+ (nibble < 10 ? 0x30 : 0x57)  // 0-9, a-f
                }
            }
            hex(high, first: 0, count: 8, at: 0)
            hex(high, first: 8, count: 4, at: 9)
            hex(high, first: 12, count: 4, at: 14)
            hex(low, first: 0, count: 4, at: 19)
            hex(low, first: 4, count: 12, at: 24)
            (out[8], out[13], out[18], out[23]) = (0x2D, 0x2D, 0x2D, 0x2D)  // "-"
            return 36
        }
    }
}

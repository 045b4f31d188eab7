/// A set of ASCII bytes as two 64-bit masks: membership is a shift and a test, with no table to look up.
public struct ASCIIByteSet: Sendable {
    private let low: UInt64
    private let high: UInt64

    /// The ASCII bytes of `characters` (others are ignored).
    public init(_ characters: String) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for byte in characters.utf8 where byte < 0x80 {
            if byte < 64 { low |= 1 << byte } else { high |= 1 << (byte - 64) }
        }
        self.low = low
        self.high = high
    }

    /// Whether `byte` is in the set (never for a byte of 0x80 or above).
    public func contains(_ byte: UInt8) -> Bool {
        byte < 0x80 && (byte < 64 ? low >> byte : high >> (byte - 64)) & 1 == 1
    }
}

public import Foundation

/// Exact byte-string search, for scanning bodies and trace text where Foundation's Unicode-aware search is far too
/// slow for the usual answer (one that holds nothing to find).
public enum ByteSearch {
    /// Whether `needle` occurs in `haystack`, byte for byte; an empty needle occurs everywhere.
    public static func contains(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        guard let needleStart = needle.baseAddress, !needle.isEmpty else { return true }
        guard let base = haystack.baseAddress, needle.count <= haystack.count else { return false }
        let first = Int32(needle[0])
        var position = base
        let lastStart = base + (haystack.count - needle.count)
        while position <= lastStart {
            // memchr jumps to the next candidate first byte; memcmp checks the rest.
            guard let found = memchr(position, first, lastStart - position + 1) else { return false }
            if memcmp(found, needleStart, needle.count) == 0 { return true }
            position = UnsafeRawPointer(found) + 1
        }
        return false
    }

    /// Whether the UTF-8 bytes of `needle` occur in `data`.
    public static func contains(_ needle: String, in data: Data) -> Bool {
        var needle = needle
        return needle.withUTF8 { needleBytes in
            data.withUnsafeBytes { contains(UnsafeRawBufferPointer(needleBytes), in: $0) }
        }
    }
}

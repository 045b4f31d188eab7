public import Foundation
internal import CCurlShims

/// Exact byte-string search, for scanning bodies and trace text where Foundation's Unicode-aware search is far too
/// slow for the usual answer (one that holds nothing to find).
public enum ByteSearch {
    /// Whether `needle` occurs in `haystack`, byte for byte; an empty needle occurs everywhere.
    public static func contains(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        guard let needleStart = needle.baseAddress, !needle.isEmpty else { return true }
        guard let base = haystack.baseAddress, needle.count <= haystack.count else { return false }
        // glibc's memmem (two-way search): a needle that starts with a common byte, such as `"secretText"` in a
        // JSON body, would otherwise cost a comparison at every quote.
        return stepwise_memmem(base, haystack.count, needleStart, needle.count) != nil
    }

    /// Whether the UTF-8 bytes of `needle` occur in `data`.
    public static func contains(_ needle: String, in data: Data) -> Bool {
        var needle = needle
        return needle.withUTF8 { needleBytes in
            data.withUnsafeBytes { contains(UnsafeRawBufferPointer(needleBytes), in: $0) }
        }
    }
}

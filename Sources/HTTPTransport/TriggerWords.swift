public import Foundation

/// Finds which of several groups of words occur in a text, ignoring ASCII case, in one pass over its bytes instead
/// of one search per word. A cheap pre-check before slow work: `CredentialMask` runs its regular expressions only
/// for the kinds whose trigger words occur, the plugin host reads an answer the careful way only when it names a
/// secret field.
public struct TriggerWords: Sendable {
    private struct Word: Sendable {
        let bytes: [UInt8]
        let group: Int
    }

    /// The words, and for each lowercase two-byte prefix a flag saying whether a word starts with it: most
    /// positions of a text are passed after one table lookup.
    private let words: [Word]
    private let prefixTable: [Bool]
    private let lowercaseWords: [(group: Int, word: String)]

    /// Groups of words (ASCII, two bytes or more); group `i` is bit `i` of what `groups(in:)` returns.
    public init(_ groups: [[String]]) {
        precondition(groups.count <= Int.bitWidth, "at most \(Int.bitWidth) groups")
        var table = [Bool](repeating: false, count: 1 << 16)
        var words: [Word] = []
        var lowercaseWords: [(group: Int, word: String)] = []
        for (group, list) in groups.enumerated() {
            for text in list {
                let bytes = Array(text.lowercased().utf8)
                precondition(bytes.count >= 2 && bytes.allSatisfy { $0 < 0x80 }, "a trigger word is ASCII, two bytes or more")
                table[Int(bytes[0]) << 8 | Int(bytes[1])] = true
                words.append(Word(bytes: bytes, group: group))
                lowercaseWords.append((group, text.lowercased()))
            }
        }
        self.words = words
        prefixTable = table
        self.lowercaseWords = lowercaseWords
    }

    /// The groups (as bits) with a word in `text`. Text with non-ASCII bytes is searched with Foundation's
    /// Unicode-aware lowercasing instead, so that the result agrees with case-insensitive regular expressions.
    public func groups(in text: String) -> Int {
        var text = text
        let found: Int? = text.withUTF8 { scan(UnsafeRawBufferPointer($0), stopAtNonASCII: true) }
        if let found { return found }
        let lowered = text.lowercased()
        return lowercaseWords.reduce(0) { bits, entry in lowered.contains(entry.word) ? bits | 1 << entry.group : bits }
    }

    /// The groups (as bits) with a word in `data`, byte for byte (ASCII case ignored; other bytes never match).
    public func groups(in data: Data) -> Int {
        data.withUnsafeBytes { scan($0, stopAtNonASCII: false) } ?? 0
    }

    /// The groups found, or nil when `stopAtNonASCII` and a non-ASCII byte was seen.
    private func scan(_ bytes: UnsafeRawBufferPointer, stopAtNonASCII: Bool) -> Int? {
        prefixTable.withUnsafeBufferPointer { table in
            var found = 0
            guard bytes.count >= 2 else { return stopAtNonASCII && bytes.contains { $0 >= 0x80 } ? nil : found }
            var previous = Self.lowercased(bytes[0])
            if stopAtNonASCII, previous >= 0x80 { return nil }
            for start in 1..<bytes.count {
                let current = Self.lowercased(bytes[start])
                if stopAtNonASCII, current >= 0x80 { return nil }
                if table[Int(previous) << 8 | Int(current)] {
                    for word in words where found & (1 << word.group) == 0 && Self.matches(word.bytes, in: bytes, at: start - 1) {
                        found |= 1 << word.group
                    }
                }
                previous = current
            }
            return found
        }
    }

    private static func matches(_ word: [UInt8], in bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
        guard bytes.count - start >= word.count else { return false }
        for offset in 0..<word.count where lowercased(bytes[start + offset]) != word[offset] { return false }
        return true
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

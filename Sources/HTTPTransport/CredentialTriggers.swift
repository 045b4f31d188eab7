/// The kinds of credential text (`CredentialMask`'s header, form and JSON patterns) whose trigger words occur in a
/// text, found in one pass over its bytes instead of one search per word.
struct CredentialTriggers: Sendable {
    /// Which patterns may match.
    struct Kinds: OptionSet, Sendable {
        let rawValue: UInt8
        static let header = Kinds(rawValue: 1)
        static let form = Kinds(rawValue: 2)
        static let json = Kinds(rawValue: 4)
    }

    private struct Word: Sendable {
        let bytes: [UInt8]
        let kind: Kinds
    }

    /// The words, and for each lowercase two-byte prefix a flag saying whether a word starts with it: most
    /// positions of a text are passed after one table lookup.
    private let words: [Word]
    private let prefixTable: [Bool]
    private let lowercaseWords: [(Kinds, String)]

    /// Trigger words (lowercase ASCII, two bytes or more) for each kind.
    init(_ list: [(Kinds, [String])]) {
        var table = [Bool](repeating: false, count: 1 << 16)
        var words: [Word] = []
        for (kind, texts) in list {
            for text in texts {
                let bytes = Array(text.utf8)
                precondition(bytes.count >= 2, "a trigger word has two bytes or more")
                table[Int(bytes[0]) << 8 | Int(bytes[1])] = true
                words.append(Word(bytes: bytes, kind: kind))
            }
        }
        self.words = words
        prefixTable = table
        lowercaseWords = list.flatMap { kind, texts in texts.map { (kind, $0) } }
    }

    /// The kinds whose words occur in `text`, ignoring ASCII case. Text with non-ASCII bytes is searched with
    /// Foundation's Unicode-aware lowercasing instead, as the regular expressions match case-insensitively too.
    func kinds(in text: String) -> Kinds {
        var text = text
        let found: Kinds? = text.withUTF8 { bytes in
            prefixTable.withUnsafeBufferPointer { table in
                var found: Kinds = []
                guard bytes.count >= 2 else { return bytes.allSatisfy { $0 < 0x80 } ? found : nil }
                var previous = Self.lowercased(bytes[0])
                if previous >= 0x80 { return nil }
                for start in 1..<bytes.count {
                    let current = Self.lowercased(bytes[start])
                    if current >= 0x80 { return nil }
                    if table[Int(previous) << 8 | Int(current)] {
                        for word in words where !found.contains(word.kind) && Self.matches(word.bytes, in: bytes, at: start - 1) {
                            found.insert(word.kind)
                        }
                    }
                    previous = current
                }
                return found
            }
        }
        if let found { return found }
        let lowered = text.lowercased()
        return lowercaseWords.reduce(into: Kinds()) { kinds, entry in
            if lowered.contains(entry.1) { kinds.insert(entry.0) }
        }
    }

    private static func matches(_ word: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard bytes.count - start >= word.count else { return false }
        for offset in 1..<word.count where lowercased(bytes[start + offset]) != word[offset] { return false }
        return true
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

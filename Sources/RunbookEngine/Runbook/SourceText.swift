import Foundation

/// The text of a runbook or overlay file, for finding the line a step or field is written on.
struct SourceText: Sendable {
    /// The file as shown in messages.
    let file: String
    private let lines: [Substring]

    init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The location of the whole file (no line).
    var whole: SourceLocation { SourceLocation(file: file) }

    /// The location of `line` (nil stays unknown).
    func at(_ line: Int?) -> SourceLocation { SourceLocation(file: file, line: line) }

    /// The line of `id = "ID"` (the step's declaration).
    func line(ofStep id: String, from: Int = 1) -> Int? {
        firstLine(containing: id, from: from) { code, start, end in
            guard let open = Self.quote(before: start, in: code), Self.isQuote(code, at: end) else { return false }
            var position = Self.skipSpaces(backFrom: open - 1, in: code)
            guard position >= 0, code[position] == UInt8(ascii: "=") else { return false }
            position = Self.skipSpaces(backFrom: position - 1, in: code)
            return position >= 1 && code[position - 1] == UInt8(ascii: "i") && code[position] == UInt8(ascii: "d")
                && !Self.isWordByte(code, at: position - 2)
        }
    }

    /// The line of `key =` (not `key ==`) or `["key"] =` at or after `from`.
    func line(ofKey key: String, from: Int = 1) -> Int? {
        firstLine(containing: key, from: from) { code, start, end in
            if Self.isWordByte(code, at: start - 1) != Self.isWordByte(code, at: start) {
                let equals = Self.skipSpaces(from: end, in: code)
                if equals + 1 < code.count, code[equals] == UInt8(ascii: "="), code[equals + 1] != UInt8(ascii: "=") {
                    return true
                }
            }
            guard let open = Self.quote(before: start, in: code), Self.isQuote(code, at: end) else { return false }
            let bracket = Self.skipSpaces(backFrom: open - 1, in: code)
            guard bracket >= 0, code[bracket] == UInt8(ascii: "[") else { return false }
            let close = Self.skipSpaces(from: end + 1, in: code)
            guard close < code.count, code[close] == UInt8(ascii: "]") else { return false }
            let equals = Self.skipSpaces(from: close + 1, in: code)
            return equals < code.count && code[equals] == UInt8(ascii: "=")
        }
    }

    /// The line of a quoted string `"text"` at or after `from`.
    func line(ofString text: String, from: Int = 1) -> Int? {
        firstLine(containing: text, from: from) { code, start, end in
            Self.quote(before: start, in: code) != nil && Self.isQuote(code, at: end)
        }
    }

    /// The first line (1-based) at or after `from` whose code (comments cut) holds `literal` at a place where
    /// `matches(code, start, end)` (the byte range of that occurrence) says yes. Byte matching by hand: these
    /// look-ups run for every step and parameter of every run, and compiling a regular expression for each cost
    /// milliseconds.
    private func firstLine(
        containing literal: String, from: Int, where matches: ([UInt8], Int, Int) -> Bool
    ) -> Int? {
        let needle = Array(literal.utf8)
        guard !needle.isEmpty else { return nil }
        for index in max(0, from - 1)..<lines.count where lines[index].contains(literal) {
            let code = Array(Self.stripComment(String(lines[index])).utf8)
            var start = 0
            while start + needle.count <= code.count {
                if code[start] == needle[0], Array(code[start..<start + needle.count]) == needle,
                    matches(code, start, start + needle.count)
                {
                    return index + 1
                }
                start += 1
            }
        }
        return nil
    }

    /// The index of the quote right before `start`, or nil.
    private static func quote(before start: Int, in code: [UInt8]) -> Int? {
        isQuote(code, at: start - 1) ? start - 1 : nil
    }

    private static func isQuote(_ code: [UInt8], at index: Int) -> Bool {
        index >= 0 && index < code.count && (code[index] == UInt8(ascii: "\"") || code[index] == UInt8(ascii: "'"))
    }

    /// Whether the byte at `index` is a letter, digit or `_` (false outside the line), as `\b` sees words.
    private static func isWordByte(_ code: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index < code.count else { return false }
        let byte = code[index]
        return byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
            || byte >= 0x80
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    private static func skipSpaces(from index: Int, in code: [UInt8]) -> Int {
        var index = index
        while index < code.count, isSpace(code[index]) { index += 1 }
        return index
    }

    private static func skipSpaces(backFrom index: Int, in code: [UInt8]) -> Int {
        var index = index
        while index >= 0, isSpace(code[index]) { index -= 1 }
        return index
    }

    private static func stripComment(_ line: String) -> String {
        guard let range = line.range(of: "--") else { return line }
        return String(line[..<range.lowerBound])
    }
}

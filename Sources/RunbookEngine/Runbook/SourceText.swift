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

    /// The first line (1-based) at or after `from` whose code (comments cut) matches `pattern`.
    func firstLine(matching pattern: String, from: Int = 1) -> Int? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        for index in max(0, from - 1)..<lines.count {
            let code = Self.stripComment(String(lines[index]))
            if regex.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil { return index + 1 }
        }
        return nil
    }

    /// The line of `id = "ID"` (the step's declaration).
    func line(ofStep id: String, from: Int = 1) -> Int? {
        firstLine(matching: #"\bid\s*=\s*["']"# + NSRegularExpression.escapedPattern(for: id) + #"["']"#, from: from)
    }

    /// The line of `key =` (or `["key"] =`) at or after `from`.
    func line(ofKey key: String, from: Int = 1) -> Int? {
        let name = NSRegularExpression.escapedPattern(for: key)
        return firstLine(matching: #"(\b"# + name + #"\s*=[^=])|(\[\s*["']"# + name + #"["']\s*\]\s*=)"#, from: from)
    }

    /// The line of a quoted string `"text"` at or after `from`.
    func line(ofString text: String, from: Int = 1) -> Int? {
        firstLine(matching: #"["']"# + NSRegularExpression.escapedPattern(for: text) + #"["']"#, from: from)
    }

    private static func stripComment(_ line: String) -> String {
        guard let range = line.range(of: "--") else { return line }
        return String(line[..<range.lowerBound])
    }
}

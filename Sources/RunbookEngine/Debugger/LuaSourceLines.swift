import Foundation

/// The lines of a Lua file and which of them hold code, for checking a breakpoint's line and showing the line
/// where the debugger stopped. Comments (`--`, `--[[ ... ]]`), blank lines and the inner lines of long strings
/// hold no code: Lua never stops there.
struct LuaSourceLines {
    /// The file's lines, without their newlines.
    let lines: [String]
    /// 1-based numbers of the lines that hold code.
    let codeLines: Set<Int>

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingSuffix("\r")) }
        var code = Set<Int>()
        var open: (comment: Bool, closing: String)?
        for (offset, line) in lines.enumerated() {
            let characters = Array(line)
            var index = 0
            var hasCode = false
            scan: while index < characters.count {
                if let long = open {
                    guard let end = Self.find(long.closing, in: characters, from: index) else { break scan }
                    index = end + long.closing.count
                    open = nil
                    continue
                }
                let character = characters[index]
                if character == " " || character == "\t" {
                    index += 1
                } else if character == "-", index + 1 < characters.count, characters[index + 1] == "-" {
                    if let (level, after) = Self.longBracket(characters, at: index + 2) {
                        open = (comment: true, closing: "]" + String(repeating: "=", count: level) + "]")
                        index = after
                    } else {
                        break scan
                    }
                } else if let (level, after) = Self.longBracket(characters, at: index) {
                    hasCode = true
                    open = (comment: false, closing: "]" + String(repeating: "=", count: level) + "]")
                    index = after
                } else if character == "\"" || character == "'" {
                    hasCode = true
                    index += 1
                    while index < characters.count, characters[index] != character {
                        index += characters[index] == "\\" ? 2 : 1
                    }
                    index += 1
                } else {
                    hasCode = true
                    index += 1
                }
            }
            if hasCode { code.insert(offset + 1) }
        }
        codeLines = code
    }

    /// The line's text, or nil past the end.
    func text(_ line: Int) -> String? {
        line >= 1 && line <= lines.count ? lines[line - 1] : nil
    }

    /// The first line with code after `line`, if any.
    func nextCodeLine(after line: Int) -> Int? {
        codeLines.filter { $0 > line }.min()
    }

    /// `[[` or `[==[` at `index`: its level and the index after it.
    private static func longBracket(_ characters: [Character], at index: Int) -> (Int, Int)? {
        guard index < characters.count, characters[index] == "[" else { return nil }
        var cursor = index + 1
        while cursor < characters.count, characters[cursor] == "=" { cursor += 1 }
        guard cursor < characters.count, characters[cursor] == "[" else { return nil }
        return (cursor - index - 1, cursor + 1)
    }

    private static func find(_ needle: String, in characters: [Character], from start: Int) -> Int? {
        let pattern = Array(needle)
        guard characters.count >= pattern.count, start <= characters.count - pattern.count else { return nil }
        for index in start...(characters.count - pattern.count) where Array(characters[index..<index + pattern.count]) == pattern {
            return index
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}

import Foundation

/// Writes `DebugValue`s as Lua table constructors (values from Lua, parameters) or as JSON (HTTP bodies): on one
/// line when it fits, else one entry per line, keys sorted. Secret handles print as `<secret>`; the caller still
/// passes every line through the redactor.
struct DebugValueRenderer {
    enum Syntax {
        case lua, json
    }

    var syntax: Syntax = .lua
    /// Columns a one-line form may take (with its indentation).
    var width = 100
    /// Longer strings are cut (their length is shown).
    var maxString = 2_000

    /// The value as lines, the first starting with `prefix` (such as `name = `), nested lines indented by two
    /// spaces more than `indent`.
    func lines(_ value: DebugValue, prefix: String = "", indent: String = "") -> [String] {
        block(value, indent: indent, prefix: prefix, suffix: "")
    }

    /// The value on one line.
    func inline(_ value: DebugValue) -> String {
        switch value {
        case .nil: return "nil"
        case .null: return syntax == .lua ? "json.null" : "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return Self.number(number)
        case .string(let text): return quoted(text)
        case .secret: return marked("<secret>")
        case .unknown(let reference): return marked("(known after apply: \(reference))")
        case .opaque(let text): return marked("<\(text)>")
        case .function: return marked("<function>")
        case .cycle: return marked("<cycle>")
        case .deep: return syntax == .lua ? "{...}" : "\"...\""
        case .list(let elements):
            if elements.isEmpty { return syntax == .lua ? "{}" : "[]" }
            let body = elements.map(inline).joined(separator: ", ")
            return syntax == .lua ? "{ \(body) }" : "[\(body)]"
        case .table(let entries):
            if entries.isEmpty { return "{}" }
            let body = entries.map { "\(key($0.key))\(inline($0.value))" }.joined(separator: ", ")
            return syntax == .lua ? "{ \(body) }" : "{\(body)}"
        case .truncated(let shown, let more):
            let text = inline(shown)
            let note = "... \(more) more"
            if text == "{}" || text == "[]" { return "{ \(note) }" }
            return String(text.dropLast(syntax == .lua ? 2 : 1)) + ", \(note)" + (syntax == .lua ? " }" : "}")
        }
    }

    private func block(_ value: DebugValue, indent: String, prefix: String, suffix: String) -> [String] {
        let one = inline(value)
        let children: [(label: String, value: DebugValue)]
        var more = 0
        switch value {
        case .list(let elements):
            children = elements.map { (label: "", value: $0) }
        case .table(let entries):
            children = entries.map { (label: key($0.key), value: $0.value) }
        case .truncated(.list(let elements), let count):
            children = elements.map { (label: "", value: $0) }
            more = count
        case .truncated(.table(let entries), let count):
            children = entries.map { (label: key($0.key), value: $0.value) }
            more = count
        default:
            return [indent + prefix + one + suffix]
        }
        if indent.count + prefix.count + one.count + suffix.count <= width || children.isEmpty {
            return [indent + prefix + one + suffix]
        }
        let isList = if case .list = value { true } else if case .truncated(.list, _) = value { true } else { false }
        let (open, close) = syntax == .json && isList ? ("[", "]") : ("{", "}")
        var lines = [indent + prefix + open]
        let inner = indent + "  "
        for (offset, child) in children.enumerated() {
            let last = offset == children.count - 1 && more == 0
            let comma = syntax == .lua || !last ? "," : ""
            lines += block(child.value, indent: inner, prefix: child.label, suffix: comma)
        }
        if more > 0 { lines.append(inner + "... \(more) more") }
        lines.append(indent + close + suffix)
        return lines
    }

    /// `name = `, `["a b"] = `, `[3] = ` (Lua) or `"name": ` (JSON).
    private func key(_ key: DebugKey) -> String {
        switch (syntax, key) {
        case (.json, .name(let name)): return quoted(name) + ": "
        case (.json, .integer(let index)): return "\"\(index)\": "
        case (.lua, .name(let name)): return name.isLuaName ? "\(name) = " : "[\(quoted(name))] = "
        case (.lua, .integer(let index)): return "[\(index)] = "
        }
    }

    private func marked(_ text: String) -> String {
        syntax == .lua ? text : quoted(text)
    }

    /// A string literal with escapes for quotes, backslashes and control characters, cut at `maxString`.
    func quoted(_ text: String) -> String {
        var shown = text
        var note = ""
        if text.count > maxString {
            shown = String(text.prefix(maxString))
            note = "... (\(text.utf8.count) bytes)"
        }
        var result = "\""
        for scalar in shown.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += syntax == .lua ? "\\\(scalar.value)" : String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\"" + note
    }

    /// Lua's way: integral floats keep a `.0`.
    static func number(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number > 0 ? "inf" : "-inf" }
        return "\(number)"
    }
}

extension String {
    /// A Lua name that is not a reserved word (so `name = value` needs no brackets).
    var isLuaName: Bool {
        guard let first = unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        let valid = unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
        return valid && !Self.luaReserved.contains(self)
    }

    private static let luaReserved: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil",
        "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]
}

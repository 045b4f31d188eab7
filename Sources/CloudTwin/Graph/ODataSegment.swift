import Foundation

/// A path segment with an optional key: `applications`, `applications(appId='x')`, `systemusers(<guid>)`.
struct ODataSegment: Equatable {
    var name: String
    /// Key values by name; an unnamed key (`entity(<guid>)` or `entity('x')`) is stored under "".
    var keys: [String: String]

    /// Parses one decoded path segment; nil when the parentheses or quotes do not balance.
    init?(_ segment: String) {
        guard let open = segment.firstIndex(of: "(") else {
            name = segment
            keys = [:]
            return
        }
        guard segment.hasSuffix(")") else { return nil }
        name = String(segment[..<open])
        let inner = segment[segment.index(after: open)..<segment.index(before: segment.endIndex)]
        var keys: [String: String] = [:]
        for part in Self.splitTopLevel(inner) {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let (key, raw) = pieces.count == 2 ? (pieces[0], pieces[1]) : ("", pieces.first ?? "")
            guard let value = Self.literal(raw) else { return nil }
            keys[key] = value
        }
        self.keys = keys
    }

    /// The single key value, named or not.
    var key: String? { keys.count == 1 ? keys.values.first : nil }

    /// `'it''s'` -> `it's`; unquoted values as they are.
    private static func literal(_ raw: String) -> String? {
        guard raw.hasPrefix("'") else { return raw.isEmpty ? nil : raw }
        guard raw.count >= 2, raw.hasSuffix("'") else { return nil }
        return String(raw.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }

    /// Splits on commas outside quotes.
    private static func splitTopLevel(_ text: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "'" { quoted.toggle() }
            if character == ",", !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}

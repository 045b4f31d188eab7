import Foundation

/// Recursive-descent parser for the `$filter` subset Graph supports on directory objects:
/// `eq ne gt ge lt le`, `in (...)`, `startswith(p,'x')`, `endswith(p,'x')`, `p/any(c:c eq 'x')`, `not`, `and`, `or`.
struct ODataFilterParser {
    private enum Token: Equatable {
        case word(String)
        case string(String)
        case number(Double)
        case open, close, comma, colon
    }

    private let text: String
    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0
    private var lexError: ODataFilter.SyntaxError?

    init(_ text: String) {
        self.text = text
        do { tokens = try Self.tokenize(text) } catch { lexError = error }
    }

    mutating func parseAll() throws(ODataFilter.SyntaxError) -> ODataFilter {
        if let lexError { throw lexError }
        let filter = try parseOr()
        guard position == tokens.count else { throw syntaxError() }
        return filter
    }

    private func syntaxError() -> ODataFilter.SyntaxError {
        let offset = position < tokens.count ? tokens[position].offset : text.count
        return .init(message: "Invalid filter clause: Syntax error at position \(offset) in '\(text)'.")
    }

    private var current: Token? { position < tokens.count ? tokens[position].token : nil }

    private mutating func keyword(_ word: String) -> Bool {
        if case .word(let value) = current, value.lowercased() == word {
            position += 1
            return true
        }
        return false
    }

    private mutating func expect(_ token: Token) throws(ODataFilter.SyntaxError) {
        guard current == token else { throw syntaxError() }
        position += 1
    }

    private mutating func parseOr() throws(ODataFilter.SyntaxError) -> ODataFilter {
        var left = try parseAnd()
        while keyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ODataFilter.SyntaxError) -> ODataFilter {
        var left = try parseUnary()
        while keyword("and") { left = .and(left, try parseUnary()) }
        return left
    }

    private mutating func parseUnary() throws(ODataFilter.SyntaxError) -> ODataFilter {
        if keyword("not") { return .not(try parseUnary()) }
        if current == .open {
            position += 1
            let inner = try parseOr()
            try expect(.close)
            return inner
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ODataFilter.SyntaxError) -> ODataFilter {
        guard case .word(let word) = current else { throw syntaxError() }
        position += 1
        let lowered = word.lowercased()
        if ["startswith", "endswith", "contains"].contains(lowered), current == .open {
            position += 1
            guard case .word(let property) = current else { throw syntaxError() }
            position += 1
            try expect(.comma)
            guard case .string(let argument) = current else { throw syntaxError() }
            position += 1
            try expect(.close)
            return .function(lowered, property, argument)
        }
        if lowered.hasSuffix("/any"), current == .open {
            position += 1
            let collection = String(word.dropLast(4))
            guard case .word(let variable) = current else { throw syntaxError() }
            position += 1
            try expect(.colon)
            let predicate = try parseOr()
            try expect(.close)
            return .any(collection, variable, predicate)
        }
        if keyword("in") {
            try expect(.open)
            var values: [JSON] = [try parseValue()]
            while current == .comma {
                position += 1
                values.append(try parseValue())
            }
            try expect(.close)
            return .isIn(word, values)
        }
        guard case .word(let op) = current, let comparison = ODataFilter.Comparison(rawValue: op.lowercased()) else {
            throw syntaxError()
        }
        position += 1
        return .compare(word, comparison, try parseValue())
    }

    private mutating func parseValue() throws(ODataFilter.SyntaxError) -> JSON {
        switch current {
        case .string(let value):
            position += 1
            return .string(value)
        case .number(let value):
            position += 1
            return value.rounded() == value ? .int(Int(value)) : .double(value)
        case .word(let word):
            position += 1
            switch word.lowercased() {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default:
                guard UUID(uuidString: word) != nil else {
                    if let date = TwinTime.parse(word) { return .string(TwinTime.iso8601(date)) }
                    throw syntaxError()
                }
                return .string(word)
            }
        default:
            throw syntaxError()
        }
    }

    private static func tokenize(_ text: String) throws(ODataFilter.SyntaxError) -> [(token: Token, offset: Int)] {
        let characters = Array(text)
        var tokens: [(token: Token, offset: Int)] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case " ", "\t": index += 1
            case "(": tokens.append((.open, index)); index += 1
            case ")": tokens.append((.close, index)); index += 1
            case ",": tokens.append((.comma, index)); index += 1
            case ":": tokens.append((.colon, index)); index += 1
            case "'":
                let start = index
                var value = ""
                index += 1
                var closed = false
                while index < characters.count {
                    if characters[index] == "'" {
                        if index + 1 < characters.count, characters[index + 1] == "'" {
                            value.append("'")
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    value.append(characters[index])
                    index += 1
                }
                guard closed else {
                    throw .init(message: "Invalid filter clause: Unterminated string literal at position \(start) in '\(text)'.")
                }
                tokens.append((.string(value), start))
            default:
                let start = index
                var word = ""
                while index < characters.count, !" \t(),:'".contains(characters[index]) {
                    word.append(characters[index])
                    index += 1
                }
                if let number = Double(word), word.first.map({ $0.isNumber || $0 == "-" }) == true, UUID(uuidString: word) == nil,
                    !word.contains("T")
                {
                    tokens.append((.number(number), start))
                } else {
                    tokens.append((.word(word), start))
                }
            }
        }
        return tokens
    }
}

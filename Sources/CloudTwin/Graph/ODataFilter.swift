import Foundation

/// A parsed Graph `$filter` expression, evaluated against JSON objects.
indirect enum ODataFilter: Equatable {
    enum Comparison: String { case eq, ne, gt, ge, lt, le }

    case compare(String, Comparison, JSON)
    case isIn(String, [JSON])
    case function(String, String, String)
    case any(String, String, ODataFilter)
    case not(ODataFilter)
    case and(ODataFilter, ODataFilter)
    case or(ODataFilter, ODataFilter)

    /// A filter that cannot be parsed, with Graph's message.
    struct SyntaxError: Error, Equatable {
        var message: String
    }

    static func parse(_ text: String) throws(SyntaxError) -> ODataFilter {
        var parser = ODataFilterParser(text)
        return try parser.parseAll()
    }

    /// Operators that need `ConsistencyLevel: eventual` and `$count=true` on directory objects.
    var advancedOperators: [String] {
        switch self {
        case .compare(_, let comparison, _): comparison == .ne ? ["ne"] : []
        case .isIn: []
        case .function(let name, _, _): name == "endswith" ? ["endsWith"] : []
        case .any(_, _, let inner): inner.advancedOperators
        case .not(let inner): ["not"] + inner.advancedOperators
        case .and(let left, let right), .or(let left, let right): left.advancedOperators + right.advancedOperators
        }
    }

    /// Every property the filter reads (collections for `any`).
    var properties: [String] {
        switch self {
        case .compare(let property, _, _), .isIn(let property, _), .function(_, let property, _): [property]
        case .any(let collection, _, _): [collection]
        case .not(let inner): inner.properties
        case .and(let left, let right), .or(let left, let right): left.properties + right.properties
        }
    }

    /// Evaluates against an object; strings compare case-insensitively, as directory queries do.
    func matches(_ object: [String: JSON]) -> Bool {
        switch self {
        case .compare(let property, let comparison, let value):
            return Self.compare(Self.lookup(property, in: object), comparison, value)
        case .isIn(let property, let values):
            let actual = Self.lookup(property, in: object)
            return values.contains { Self.compare(actual, .eq, $0) }
        case .function(let name, let property, let argument):
            guard let actual = Self.lookup(property, in: object).stringValue?.lowercased() else { return false }
            let wanted = argument.lowercased()
            switch name {
            case "startswith": return actual.hasPrefix(wanted)
            case "endswith": return actual.hasSuffix(wanted)
            default: return actual.contains(wanted)
            }
        case .any(let collection, let variable, let predicate):
            let items = Self.lookup(collection, in: object).arrayValue ?? []
            return items.contains { item in
                var scope = object
                scope[variable] = item
                return predicate.matches(scope)
            }
        case .not(let inner): return !inner.matches(object)
        case .and(let left, let right): return left.matches(object) && right.matches(object)
        case .or(let left, let right): return left.matches(object) || right.matches(object)
        }
    }

    private static func lookup(_ path: String, in object: [String: JSON]) -> JSON {
        var current: JSON = .object(object)
        for part in path.split(separator: "/") {
            guard let next = current[String(part)] else { return .null }
            current = next
        }
        return current
    }

    private static func compare(_ actual: JSON, _ comparison: Comparison, _ expected: JSON) -> Bool {
        let order: ComparisonResult?
        switch (actual, expected) {
        case (.string(let a), .string(let b)): order = a.compare(b, options: .caseInsensitive)
        case (.null, .null): order = .orderedSame
        case (_, .null), (.null, _): order = nil
        case (.bool(let a), .bool(let b)): order = a == b ? .orderedSame : nil
        default:
            if let a = actual.doubleValue, let b = expected.doubleValue {
                order = a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
            } else {
                order = nil
            }
        }
        switch comparison {
        case .eq: return order == .orderedSame
        case .ne: return order != .orderedSame
        case .gt: return order == .orderedDescending
        case .ge: return order == .orderedDescending || order == .orderedSame
        case .lt: return order == .orderedAscending
        case .le: return order == .orderedAscending || order == .orderedSame
        }
    }
}

extension JSON {
    var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}

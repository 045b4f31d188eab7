import Foundation

/// The OData query options of a Web API read, parsed and checked against the table they query:
/// `$select`, `$filter`, `$expand` (with nested options), `$orderby`, `$top`, `$count`, `$skiptoken`.
struct DataverseQuery {
    /// One `$expand` item: a navigation property with its own options (`roles($select=name)`).
    struct Expansion {
        var navigation: String
        var query: DataverseQuery
    }

    /// One `$orderby` key.
    struct Ordering {
        var property: String
        var descending: Bool
    }

    var select: [String]?
    var filter: DataverseFilter?
    var expand: [Expansion] = []
    var orderBy: [Ordering] = []
    var top: Int?
    var count = false
    var skipToken: String?

    private static let systemOptions: Set<String> = ["$select", "$filter", "$expand", "$orderby", "$top", "$count", "$skiptoken"]

    /// Parses the request's query options for `entity`.
    static func parse(
        _ items: [(name: String, value: String)], entity: DataverseEntity
    ) throws(TwinResponse) -> DataverseQuery {
        for item in items where item.name.hasPrefix("$") && !systemOptions.contains(item.name.lowercased()) {
            throw DataverseError.odata("The query parameter '\(item.name)' is not supported.")
        }
        return try parse(options: items.map { ($0.name.lowercased(), $0.value) }, entity: entity)
    }

    private static func parse(options: [(String, String)], entity: DataverseEntity) throws(TwinResponse) -> DataverseQuery {
        var query = DataverseQuery()
        for (name, value) in options {
            switch name {
            case "$select":
                let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                for name in names where !entity.readableProperties.contains(name) {
                    throw DataverseError.unknownProperty(name, on: entity)
                }
                query.select = names
            case "$filter":
                query.filter = try DataverseFilter(value, entity: entity)
            case "$expand":
                query.expand = try splitTopLevel(value, separator: ",").map { item throws(TwinResponse) in
                    try expansion(item, entity: entity)
                }
            case "$orderby":
                query.orderBy = try splitTopLevel(value, separator: ",").map { item throws(TwinResponse) in
                    let parts = item.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                    guard let property = parts.first, parts.count <= 2 else {
                        throw DataverseError.odata("Syntax error in $orderby '\(value)'.")
                    }
                    guard entity.readableProperties.contains(property) else {
                        throw DataverseError.unknownProperty(property, on: entity)
                    }
                    let direction = parts.count == 2 ? parts[1].lowercased() : "asc"
                    guard direction == "asc" || direction == "desc" else {
                        throw DataverseError.odata("Syntax error in $orderby '\(value)'.")
                    }
                    return Ordering(property: property, descending: direction == "desc")
                }
            case "$top":
                guard let top = Int(value), top >= 0 else {
                    throw DataverseError.odata("Invalid value '\(value)' for $top query option found. The $top query option requires a non-negative integer value.")
                }
                query.top = top
            case "$count":
                guard ["true", "false"].contains(value.lowercased()) else {
                    throw DataverseError.odata("'\(value)' is not a valid count option.")
                }
                query.count = value.lowercased() == "true"
            case "$skiptoken":
                query.skipToken = value
            default:
                continue
            }
        }
        return query
    }

    /// `nav` or `nav($select=a,b;$filter=...)`, for a lookup or an N:N relationship of `entity`.
    private static func expansion(_ item: String, entity: DataverseEntity) throws(TwinResponse) -> Expansion {
        let trimmed = item.trimmingCharacters(in: .whitespaces)
        var navigation = trimmed
        var nested: [(String, String)] = []
        if let open = trimmed.firstIndex(of: "(") {
            guard trimmed.hasSuffix(")") else { throw DataverseError.odata("Syntax error in $expand '\(item)'.") }
            navigation = String(trimmed[..<open])
            let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            for option in try splitTopLevel(inner, separator: ";") {
                let pieces = option.split(separator: "=", maxSplits: 1).map(String.init)
                guard pieces.count == 2, pieces[0].hasPrefix("$") else {
                    throw DataverseError.odata("Syntax error in $expand '\(item)'.")
                }
                nested.append((pieces[0].trimmingCharacters(in: .whitespaces).lowercased(), pieces[1]))
            }
        }
        guard let target = targetEntity(of: navigation, in: entity) else {
            throw DataverseError.unknownProperty(navigation, on: entity)
        }
        for (name, _) in nested where !["$select", "$filter", "$orderby", "$top", "$expand"].contains(name) {
            throw DataverseError.odata("The query option '\(name)' is not supported inside $expand.")
        }
        return Expansion(navigation: navigation, query: try parse(options: nested, entity: target))
    }

    /// The table a navigation property of `entity` leads to.
    static func targetEntity(of navigation: String, in entity: DataverseEntity) -> DataverseEntity? {
        if let relationship = entity.manyToMany[navigation] { return DataverseEntity.catalog[relationship.targetEntitySet] }
        if let targets = entity.lookups[navigation], let first = targets.first { return DataverseEntity.catalog[first] }
        return nil
    }

    /// Splits on `separator` outside parentheses and single quotes.
    static func splitTopLevel(_ text: String, separator: Character) throws(TwinResponse) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for character in text {
            if character == "'" { quoted.toggle() }
            if !quoted {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth < 0 { throw DataverseError.odata("Syntax error: unbalanced parentheses in '\(text)'.") }
            }
            if character == separator, depth == 0, !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        guard depth == 0, !quoted else { throw DataverseError.odata("Syntax error: unbalanced parentheses in '\(text)'.") }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

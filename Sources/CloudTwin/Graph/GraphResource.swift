import Foundation

/// What Graph allows on one directory object type: which properties exist, and which filter how.
struct GraphResource {
    /// The type name in messages (`Application`).
    let typeName: String
    /// The OData type (`microsoft.graph.application`).
    let odataType: String
    /// The entity set (`applications`).
    let entitySet: String
    /// Properties that accept `eq` (and `in`, `ne`, `not` with advanced queries) in `$filter`.
    let equalityFilterable: Set<String>
    /// Properties that accept `startswith` (and `endswith` with advanced queries).
    let prefixFilterable: Set<String>
    /// Collection properties that accept `any(x:x eq '...')`.
    let collectionFilterable: Set<String>
    /// Properties `$orderby` accepts (with advanced queries).
    let sortable: Set<String>
    /// Every property name, for `$select`.
    let properties: Set<String>
    /// Largest `$top`.
    let maximumPageSize: Int
    let defaultPageSize: Int

    /// Checks that a filter only uses what this resource supports; returns Graph's message otherwise.
    func unsupportedClause(in filter: ODataFilter) -> String? {
        func unsupported(_ property: String) -> String {
            "Unsupported or invalid query filter clause specified for property '\(property)' of resource '\(typeName)'."
        }
        switch filter {
        case .compare(let property, let comparison, _):
            if !equalityFilterable.contains(property) { return unsupported(property) }
            if ![.eq, .ne].contains(comparison), property != "createdDateTime" { return unsupported(property) }
            return nil
        case .isIn(let property, _):
            return equalityFilterable.contains(property) ? nil : unsupported(property)
        case .function(let name, let property, _):
            if name == "contains" { return "Unsupported Query." }
            return prefixFilterable.contains(property) ? nil : unsupported(property)
        case .any(let collection, let variable, let predicate):
            guard collectionFilterable.contains(collection) else { return unsupported(collection) }
            guard case .compare(let property, .eq, _) = predicate, property == variable else {
                if case .function("startswith", let property, _) = predicate, property == variable { return nil }
                return unsupported(collection)
            }
            return nil
        case .not(let inner):
            return unsupportedClause(in: inner)
        case .and(let left, let right), .or(let left, let right):
            return unsupportedClause(in: left) ?? unsupportedClause(in: right)
        }
    }
}

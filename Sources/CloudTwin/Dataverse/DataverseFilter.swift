import Foundation

/// A Web API `$filter`, checked against a table and rewritten to the stored record shape.
///
/// Parsing reuses the twin's OData filter grammar. Dataverse specifics handled here: a lookup may be named by its
/// navigation property when compared with `null` (`parentbusinessunitid eq null`, as Microsoft's Terraform provider
/// sends it), which reads `_parentbusinessunitid_value`; `nav/any(r:r/name eq 'x')` over N:N relationships; and
/// unknown columns answer `0x80060888` naming the type.
struct DataverseFilter {
    let expression: ODataFilter
    /// N:N navigation properties the filter reads through `any`; the reader attaches their rows before matching.
    let collections: Set<String>

    init(_ text: String, entity: DataverseEntity) throws(TwinResponse) {
        let parsed: ODataFilter
        do { parsed = try ODataFilter.parse(text) } catch {
            throw DataverseError.odata(Self.dataverseMessage(error.message))
        }
        var collections: Set<String> = []
        expression = try Self.check(parsed, entity: entity, lambda: nil, collections: &collections)
        self.collections = collections
    }

    /// True when the record (with the `collections` attached as arrays) satisfies the filter.
    func matches(_ record: [String: JSON]) -> Bool { expression.matches(record) }

    private static func dataverseMessage(_ graphMessage: String) -> String {
        let prefix = "Invalid filter clause: "
        return graphMessage.hasPrefix(prefix) ? String(graphMessage.dropFirst(prefix.count)) : graphMessage
    }

    /// A lambda variable in scope (`r` in `roles/any(r: r/name eq 'x')`) and the table its rows belong to.
    private struct Lambda {
        var variable: String
        var entity: DataverseEntity
    }

    private static func check(
        _ filter: ODataFilter, entity: DataverseEntity, lambda: Lambda?, collections: inout Set<String>
    ) throws(TwinResponse) -> ODataFilter {
        switch filter {
        case .compare(let property, let comparison, let value):
            return .compare(try column(property, entity: entity, lambda: lambda, comparedWith: value, comparison), comparison, value)
        case .isIn(let property, let values):
            return .isIn(try column(property, entity: entity, lambda: lambda, comparedWith: nil, nil), values)
        case .function(let name, let property, let argument):
            return .function(name, try column(property, entity: entity, lambda: lambda, comparedWith: nil, nil), argument)
        case .any(let collection, let variable, let predicate):
            guard lambda == nil, let relationship = entity.manyToMany[collection],
                let target = DataverseEntity.catalog[relationship.targetEntitySet]
            else {
                throw DataverseError.unknownProperty(collection, on: entity)
            }
            collections.insert(collection)
            let inner = try check(
                predicate, entity: entity, lambda: Lambda(variable: variable, entity: target), collections: &collections)
            return .any(collection, variable, inner)
        case .not(let inner):
            return .not(try check(inner, entity: entity, lambda: lambda, collections: &collections))
        case .and(let left, let right):
            return .and(
                try check(left, entity: entity, lambda: lambda, collections: &collections),
                try check(right, entity: entity, lambda: lambda, collections: &collections))
        case .or(let left, let right):
            return .or(
                try check(left, entity: entity, lambda: lambda, collections: &collections),
                try check(right, entity: entity, lambda: lambda, collections: &collections))
        }
    }

    /// The stored column a filter property reads.
    private static func column(
        _ property: String, entity: DataverseEntity, lambda: Lambda?, comparedWith value: JSON?,
        _ comparison: ODataFilter.Comparison?
    ) throws(TwinResponse) -> String {
        if let lambda, property.hasPrefix(lambda.variable + "/") {
            let inner = String(property.dropFirst(lambda.variable.count + 1))
            let resolved = try column(inner, entity: lambda.entity, lambda: nil, comparedWith: value, comparison)
            return lambda.variable + "/" + resolved
        }
        if entity.readableProperties.contains(property) { return property }
        if let targets = entity.lookups[property] {
            guard let value, value.isNull else {
                let targetType = DataverseEntity.catalog[targets[0]]?.odataType ?? "Microsoft.Dynamics.CRM.\(property)"
                let operatorName = comparison == .ne ? "NotEqual" : "Equal"
                throw DataverseError.odata(
                    "A binary operator with incompatible types was detected. Found operand types '\(targetType)' and "
                        + "'\(value.map(edmType) ?? "Edm.String")' for operator kind '\(operatorName)'.")
            }
            return DataverseEntity.lookupValueName(property)
        }
        throw DataverseError.unknownProperty(property, on: entity)
    }

    private static func edmType(_ value: JSON) -> String {
        switch value {
        case .string(let text): DataverseIDs.isGUID(text) ? "Edm.Guid" : "Edm.String"
        case .int: "Edm.Int32"
        case .double: "Edm.Double"
        case .bool: "Edm.Boolean"
        default: "Edm.String"
        }
    }
}

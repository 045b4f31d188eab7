import Foundation

/// The body of a create or update, checked against the table: column values and `nav@odata.bind` references.
struct DataverseChanges: Sendable {
    /// A row a lookup is bound to (`/businessunits(<id>)`).
    struct Reference: Sendable, Equatable {
        var entitySet: String
        var id: String
    }

    /// Writable column values, normalized (GUIDs lowercased); `null` clears.
    var columns: [String: JSON] = [:]
    /// Lookups to set (`nil` reference: clear the lookup).
    var binds: [String: Reference?] = [:]
    /// The names of every column and lookup the body mentioned, computed ones included (for workflow rules).
    var mentioned: Set<String> = []

    /// Parses a JSON object body for `entity`; the errors are the Web API's.
    init(body: JSON?, entity: DataverseEntity) throws(TwinResponse) {
        guard let members = body?.objectValue else {
            throw DataverseError.invalidArgument("The request body must be a JSON object describing the \(entity.logicalName) record.")
        }
        for (key, value) in members {
            if key.hasSuffix("@odata.bind") {
                let navigation = String(key.dropLast("@odata.bind".count))
                guard let targets = entity.lookups[navigation] else {
                    throw DataverseError.odata(
                        "An undeclared property '\(navigation)' which only has property annotations in the payload but no "
                            + "property value was found in the payload. In OData, only declared navigation properties and "
                            + "declared named streams can be represented as properties without values.")
                }
                mentioned.insert(navigation)
                if value.isNull {
                    binds[navigation] = .some(nil)
                    continue
                }
                guard let text = value.stringValue, let reference = Self.reference(text) else {
                    throw DataverseError.odata("The URI '\(value.stringValue ?? value.encodedString)' in the payload is not valid.")
                }
                guard targets.contains(reference.entitySet) else {
                    throw DataverseError.odata(
                        "The navigation property '\(navigation)' cannot point to an entity set '\(reference.entitySet)'.")
                }
                binds[navigation] = reference
                continue
            }
            if key.hasPrefix("@") || key.contains("@") { continue }
            if let column = entity.columns[key] {
                mentioned.insert(key)
                guard column.writability == .writable else { continue }
                columns[key] = try Self.normalized(value, as: column.type)
                continue
            }
            if entity.navigation(forLookupValue: key) != nil {
                throw DataverseError.response(
                    400, code: "0x80048d19",
                    message: "CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.")
            }
            if entity.lookups[key] != nil || entity.manyToMany[key] != nil {
                throw DataverseError.odata("Does not support untyped value in non-open type.")
            }
            throw DataverseError.odata(
                "The property '\(key)' does not exist on type '\(entity.odataType)'. Make sure to only use property names "
                    + "that are defined by the type.")
        }
    }

    /// `/businessunits(<id>)`, `businessunits(<id>)` or an absolute `.../api/data/v9.2/businessunits(<id>)`.
    static func reference(_ text: String) -> Reference? {
        var path = text
        if let range = path.range(of: "/api/data/") {
            path = String(path[range.upperBound...])
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = String(path[path.index(after: slash)...])
        }
        while path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/"), let segment = ODataSegment(path), let key = segment.key, DataverseIDs.isGUID(key)
        else { return nil }
        return Reference(entitySet: segment.name, id: DataverseIDs.canonical(key))
    }

    private static func normalized(_ value: JSON, as type: DataverseEntity.ColumnType) throws(TwinResponse) -> JSON {
        if value.isNull { return .null }
        let fits: Bool
        switch type {
        case .string: fits = value.stringValue != nil
        case .int, .bigInt: fits = value.intValue != nil
        case .double: fits = value.doubleValue != nil
        case .bool: fits = value.boolValue != nil
        case .guid:
            if let text = value.stringValue, DataverseIDs.isGUID(text) { return .string(DataverseIDs.canonical(text)) }
            fits = false
        case .dateTime: fits = value.stringValue.flatMap(TwinTime.parse) != nil
        case .image: fits = value.stringValue != nil
        }
        guard fits else {
            throw DataverseError.odata(
                "Cannot convert a primitive value to the expected type '\(type.edmName)'. See the inner exception for more details.")
        }
        if case .int = type, let number = value.intValue { return .int(number) }
        return value
    }
}

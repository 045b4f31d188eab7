import Foundation

/// One Dataverse organization (environment), served on its own origin.
///
/// Records are kept in their Web API read shape (`systemuserid`, `_businessunitid_value`, ...) per entity set, so
/// routes can filter, select and return them directly. Add tables or fields freely; `GET /state` shows them all.
struct DataverseOrg: Sendable {
    /// The environment name used in the info JSON (`stage`).
    var name: String
    var uniqueName: String
    var friendlyName: String
    var organizationId: String
    /// The Power Platform environment id of this org.
    var environmentId: String
    var version: String
    /// Records by entity set name (`systemusers`, `roles`, ...).
    var tables: [String: RecordTable] = [:]
    /// N:N associations by relationship name (`systemuserroles_association`), each a (left id, right id) pair.
    var associations: [String: [RecordPair]] = [:]
    /// Application users become usable for their own tokens at this time (`lag.appuser`), by systemuserid.
    var appUserReadyAt: [String: Date] = [:]

    /// The table for an entity set, created empty on first write.
    subscript(entitySet: String) -> RecordTable {
        get { tables[entitySet] ?? RecordTable(primaryKey: Self.primaryKey(of: entitySet)) }
        set { tables[entitySet] = newValue }
    }

    /// The primary key column of an entity set (`systemusers` -> `systemuserid`).
    static func primaryKey(of entitySet: String) -> String {
        switch entitySet {
        case "businessunits": "businessunitid"
        default: (entitySet.hasSuffix("s") ? String(entitySet.dropLast()) : entitySet) + "id"
        }
    }

    /// The root business unit (the one without a parent).
    var rootBusinessUnit: [String: JSON]? {
        self["businessunits"].all.first { ($0["_parentbusinessunitid_value"] ?? .null).isNull }
    }
}

/// Records of one entity set, keyed by primary key, in insertion order.
struct RecordTable: Sendable {
    var primaryKey: String
    var rows: ObjectTable<[String: JSON]> = .init()

    init(primaryKey: String) { self.primaryKey = primaryKey }

    subscript(id: String) -> [String: JSON]? {
        get { rows[id] }
        set { rows[id] = newValue }
    }

    /// All records in insertion order.
    var all: [[String: JSON]] { rows.all }

    /// Inserts or replaces a record; its primary key column names the row.
    mutating func upsert(_ record: [String: JSON]) {
        guard let id = record[primaryKey]?.stringValue else { return }
        rows[id] = record
    }
}

/// Two record ids related by an N:N relationship.
struct RecordPair: Sendable, Hashable {
    var left: String
    var right: String

    init(_ left: String, _ right: String) {
        self.left = left.lowercased()
        self.right = right.lowercased()
    }
}

import Crypto
import Foundation

/// What the twin knows about one Dataverse table: its names, columns, lookups and N:N relationships.
///
/// Records are stored in Web API read shape, so a lookup `businessunitid` lives in the record as
/// `_businessunitid_value`; clients write it with `businessunitid@odata.bind` and may filter on either name.
struct DataverseEntity: Sendable {
    /// The Edm type of a column, used to check written values.
    enum ColumnType: Sendable {
        case string, int, bigInt, bool, guid, dateTime, image, double

        var edmName: String {
            switch self {
            case .string: "Edm.String"
            case .int: "Edm.Int32"
            case .bigInt: "Edm.Int64"
            case .bool: "Edm.Boolean"
            case .guid: "Edm.Guid"
            case .dateTime: "Edm.DateTimeOffset"
            case .image: "Edm.Binary"
            case .double: "Edm.Double"
            }
        }
    }

    /// Who may change a column.
    enum Writability: Sendable {
        /// Clients may set it on create and update.
        case writable
        /// The platform computes it; values sent by clients are ignored.
        case computed
    }

    /// A column: its type and whether clients write it.
    struct Column: Sendable {
        var type: ColumnType
        var writability: Writability
    }

    /// An N:N relationship seen from this table: the other table and which side of the stored pair is ours.
    struct ManyToMany: Sendable {
        /// The relationship (and navigation property) name, also the key of `DataverseOrg.associations`.
        var name: String
        var targetEntitySet: String
        /// True when this table's ids are the pair's `left`.
        var isLeft: Bool
    }

    let logicalName: String
    let entitySet: String
    let primaryId: String
    let primaryName: String
    let objectTypeCode: Int
    /// The display name in privilege errors (`Security Role`).
    let displayName: String
    /// The privilege suffix (`prvReadUser` -> `User`).
    let privilegeName: String
    let columns: [String: Column]
    /// Single-valued navigation properties (lookups) and the entity sets they may point to.
    let lookups: [String: [String]]
    let manyToMany: [String: ManyToMany]

    /// The OData type name in messages (`Microsoft.Dynamics.CRM.systemuser`).
    var odataType: String { "Microsoft.Dynamics.CRM.\(logicalName)" }

    /// The schema name as `EntityDefinitions` reports it.
    var schemaName: String {
        switch logicalName {
        case "systemuser": "SystemUser"
        case "businessunit": "BusinessUnit"
        default: logicalName.prefix(1).uppercased() + logicalName.dropFirst()
        }
    }

    /// A stable metadata id for `EntityDefinitions`.
    var metadataId: String { DataverseIDs.derived("entity:\(logicalName)") }

    /// Every property a read can return or `$select` can name: columns and lookup values.
    var readableProperties: Set<String> {
        Set(columns.keys).union(lookups.keys.map(Self.lookupValueName))
    }

    /// `businessunitid` -> `_businessunitid_value`.
    static func lookupValueName(_ navigation: String) -> String { "_\(navigation)_value" }

    /// The navigation property behind a lookup value name (`_ownerid_value` -> `ownerid`), if it is one.
    func navigation(forLookupValue name: String) -> String? {
        guard name.hasPrefix("_"), name.hasSuffix("_value") else { return nil }
        let navigation = String(name.dropFirst().dropLast(6))
        return lookups[navigation] != nil ? navigation : nil
    }
}

/// Stable identifiers derived from names (version-5 style GUIDs), so metadata ids never change between runs.
enum DataverseIDs {
    /// A GUID derived from `name` with SHA-1, formatted like the ids Dataverse returns.
    static func derived(_ name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: Array("stepwise-twin:\(name)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// True when `text` is a GUID (with or without braces).
    static func isGUID(_ text: String) -> Bool {
        UUID(uuidString: text.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))) != nil
    }

    /// The GUID in canonical lowercase form.
    static func canonical(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).lowercased()
    }
}

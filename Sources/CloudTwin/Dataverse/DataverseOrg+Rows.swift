import Foundation

/// Row versions, etags and related rows of an org's tables.
extension DataverseOrg {
    /// The row version seeded rows carry until their first write (Dataverse row versions are org-wide numbers).
    static let seededVersion = 4_810_112

    /// A row's version number.
    static func version(of record: [String: JSON]) -> Int {
        record["versionnumber"]?.intValue ?? seededVersion
    }

    /// `W/"4810113"`, the weak etag of a row.
    static func etag(of record: [String: JSON]) -> String { "W/\"\(version(of: record))\"" }

    /// The next org-wide row version (one above every row's current version).
    func nextVersion() -> Int {
        var highest = Self.seededVersion
        for table in tables.values {
            for record in table.all { highest = max(highest, Self.version(of: record)) }
        }
        return highest + 1
    }

    /// Stores a written row with a new version and `modifiedon`.
    mutating func save(_ record: [String: JSON], in entity: DataverseEntity, now: Date, by userId: String) {
        var record = record
        record["versionnumber"] = .int(nextVersion())
        record["modifiedon"] = .string(TwinTime.iso8601(now))
        record["_modifiedby_value"] = .string(userId)
        self[entity.entitySet].upsert(record)
    }

    /// The ids related to `id` through an N:N relationship of `entity`.
    func relatedIds(of id: String, through relationship: DataverseEntity.ManyToMany) -> [String] {
        let id = id.lowercased()
        return (associations[relationship.name] ?? []).compactMap { pair in
            relationship.isLeft ? (pair.left == id ? pair.right : nil) : (pair.right == id ? pair.left : nil)
        }
    }

    /// The stored pair for (`id` of `entity`, `targetId`) in a relationship.
    static func pair(_ id: String, _ targetId: String, relationship: DataverseEntity.ManyToMany) -> RecordPair {
        relationship.isLeft ? RecordPair(id, targetId) : RecordPair(targetId, id)
    }
}

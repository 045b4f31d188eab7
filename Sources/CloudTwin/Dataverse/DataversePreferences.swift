import Foundation

/// The `Prefer` header of a Web API request (`return=representation`, `odata.maxpagesize=N`, ...).
struct DataversePreferences: Sendable {
    /// Each preference by lowercase name, with its value (`"*"` quotes removed).
    private(set) var values: [String: String] = [:]

    init(header: String?) {
        for part in (header ?? "").split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = pieces.first, !name.isEmpty else { continue }
            let value = pieces.count > 1 ? pieces[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : ""
            values[name.lowercased()] = value
        }
    }

    /// `return=representation`: creates answer 201 and updates 200 with the record.
    var returnRepresentation: Bool { values["return"]?.lowercased() == "representation" }

    /// `odata.maxpagesize=N`, when N is a positive number (Dataverse caps it at 5000).
    var maxPageSize: Int? {
        guard let text = values["odata.maxpagesize"], let size = Int(text), size > 0 else { return nil }
        return min(size, 5000)
    }
}

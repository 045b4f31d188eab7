import Foundation

/// Reads typed values out of a scenario document, naming the JSON path in every error.
struct ScenarioReader {
    let value: JSON
    let path: String

    init(_ value: JSON, path: String) {
        self.value = value
        self.path = path
    }

    var keys: [String] { (value.objectValue ?? [:]).keys.sorted() }

    func optional(_ key: String) -> JSON? {
        guard let member = value[key], !member.isNull else { return nil }
        return member
    }

    func string(_ key: String) throws -> String {
        guard let text = optional(key)?.stringValue else { throw missing(key, "a string") }
        return text
    }

    func optionalString(_ key: String) throws -> String? {
        guard let member = optional(key) else { return nil }
        guard let text = member.stringValue else { throw missing(key, "a string") }
        return text
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let member = optional(key) else { return fallback }
        guard let flag = member.boolValue else { throw missing(key, "true or false") }
        return flag
    }

    func object(_ key: String) throws -> ScenarioReader {
        guard let member = optional(key), member.objectValue != nil else { throw missing(key, "an object") }
        return ScenarioReader(member, path: "\(path).\(key)")
    }

    func optionalObject(_ key: String) throws -> ScenarioReader? {
        guard let member = optional(key) else { return nil }
        guard member.objectValue != nil else { throw missing(key, "an object") }
        return ScenarioReader(member, path: "\(path).\(key)")
    }

    func array(_ key: String) throws -> [ScenarioReader] {
        guard let member = optional(key) else { return [] }
        guard let items = member.arrayValue else { throw missing(key, "an array") }
        return items.enumerated().map { ScenarioReader($1, path: "\(path).\(key)[\($0)]") }
    }

    func stringArray(_ key: String) throws -> [String] {
        try array(key).map { item in
            guard let text = item.value.stringValue else {
                throw ScenarioError(description: "twin: scenario: \(item.path) must be a string")
            }
            return text
        }
    }

    func date(_ key: String) throws -> Date? {
        guard let text = try optionalString(key) else { return nil }
        guard let date = TwinTime.parse(text) else { throw missing(key, "an ISO 8601 date") }
        return date
    }

    private func missing(_ key: String, _ kind: String) -> ScenarioError {
        ScenarioError(description: "twin: scenario: \(path).\(key) must be \(kind)")
    }
}

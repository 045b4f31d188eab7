import Foundation

/// The fault knobs of docs/twin.md "Faults", parsed from a spec (`429=0.1,latency=20`) or JSON.
struct FaultSettings: Sendable, Equatable {
    var latency = 0
    var jitter = 0
    var probability429 = 0.0
    var probability503 = 0.0
    var retryAfter = 1
    var drop = 0.0
    var lagApp = 0
    var lagSecret = 0
    var lagAppUser = 0
    /// How long a Power Platform application package install runs before it succeeds.
    var installDelay = 1500
    var seed: UInt64 = 0

    /// A spec key or value the twin does not understand.
    struct InvalidSpec: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `key=value,key=value`.
    init(spec: String) throws(InvalidSpec) {
        for item in spec.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InvalidSpec(description: "fault spec item '\(item)' is not key=value")
            }
            try set(parts[0], to: parts[1])
        }
    }

    init() {}

    /// Applies the keys of a JSON object (`PUT /faults`); unknown keys or wrong types are errors.
    init(json: JSON) throws(InvalidSpec) {
        guard let members = json.objectValue else { throw InvalidSpec(description: "fault settings must be a JSON object") }
        for (key, value) in members {
            switch value {
            case .int(let number): try set(key, to: String(number))
            case .double(let number): try set(key, to: String(number))
            case .string(let text): try set(key, to: text)
            default: throw InvalidSpec(description: "fault setting '\(key)' must be a number, not \(value.typeName)")
            }
        }
    }

    private mutating func set(_ key: String, to text: String) throws(InvalidSpec) {
        func milliseconds() throws(InvalidSpec) -> Int {
            guard let value = Int(text), value >= 0 else {
                throw InvalidSpec(description: "fault setting '\(key)' must be whole milliseconds >= 0, not '\(text)'")
            }
            return value
        }
        func probability() throws(InvalidSpec) -> Double {
            guard let value = Double(text), (0...1).contains(value) else {
                throw InvalidSpec(description: "fault setting '\(key)' must be a probability in 0...1, not '\(text)'")
            }
            return value
        }
        switch key.lowercased() {
        case "latency": latency = try milliseconds()
        case "jitter": jitter = try milliseconds()
        case "429": probability429 = try probability()
        case "503": probability503 = try probability()
        case "drop": drop = try probability()
        case "retry_after", "retry-after":
            guard let value = Int(text), value >= 0 else {
                throw InvalidSpec(description: "fault setting 'retry_after' must be whole seconds >= 0, not '\(text)'")
            }
            retryAfter = value
        case "lag.app": lagApp = try milliseconds()
        case "lag.secret": lagSecret = try milliseconds()
        case "lag.appuser": lagAppUser = try milliseconds()
        case "install": installDelay = try milliseconds()
        case "seed":
            guard let value = UInt64(text) else {
                throw InvalidSpec(description: "fault setting 'seed' must be a non-negative integer, not '\(text)'")
            }
            seed = value
        default:
            throw InvalidSpec(
                description: "unknown fault setting '\(key)' (known: latency, jitter, 429, 503, retry_after, drop, "
                    + "lag.app, lag.secret, lag.appuser, install, seed)")
        }
    }

    var json: JSON {
        [
            "latency": .int(latency), "jitter": .int(jitter), "429": .double(probability429),
            "503": .double(probability503), "retry_after": .int(retryAfter), "drop": .double(drop),
            "lag.app": .int(lagApp), "lag.secret": .int(lagSecret), "lag.appuser": .int(lagAppUser), "install": .int(installDelay),
            "seed": .int(Int(truncatingIfNeeded: seed)),
        ]
    }
}

/// A counted fault rule (`POST /faults/rules`).
struct FaultRule: Sendable {
    var service: String?
    var method: String?
    var pathPrefix: String?
    var status: Int?
    var retryAfter: Int?
    var drop: Bool
    /// The service handles the request, then the connection is closed without the answer: the change is made but
    /// the client never learns of it.
    var dropAfterHandling: Bool
    var latency: Int
    /// Requests still to be hit; the rule disappears at zero.
    var remaining: Int

    init(json: JSON) throws(FaultSettings.InvalidSpec) {
        guard let members = json.objectValue else {
            throw .init(description: "a fault rule must be a JSON object")
        }
        let known: Set<String> = [
            "service", "method", "path_prefix", "status", "retry_after", "drop", "drop_after", "latency", "count",
        ]
        if let unknown = members.keys.first(where: { !known.contains($0) }) {
            throw .init(description: "unknown fault rule key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        service = members["service"]?.stringValue
        method = members["method"]?.stringValue?.uppercased()
        pathPrefix = members["path_prefix"]?.stringValue
        status = members["status"]?.intValue
        retryAfter = members["retry_after"]?.intValue
        drop = members["drop"]?.boolValue ?? false
        dropAfterHandling = members["drop_after"]?.boolValue ?? false
        latency = members["latency"]?.intValue ?? 0
        remaining = members["count"]?.intValue ?? 1
        guard drop || dropAfterHandling || status != nil || latency > 0 else {
            throw .init(description: "a fault rule needs \"status\", \"drop\": true, \"drop_after\": true or \"latency\"")
        }
        guard [drop, dropAfterHandling, status != nil].filter({ $0 }).count <= 1 else {
            throw .init(description: "a fault rule takes only one of \"status\", \"drop\" and \"drop_after\"")
        }
        if let status, !(100...599).contains(status) {
            throw .init(description: "fault rule status \(status) is not an HTTP status")
        }
        guard remaining > 0 else { throw .init(description: "fault rule count must be at least 1") }
    }

    func matches(service kind: ServiceKind, method: String, path: String) -> Bool {
        if let service, !kind.matches(ruleService: service) { return false }
        if let ruleMethod = self.method, ruleMethod != method { return false }
        if let pathPrefix, !path.lowercased().hasPrefix(pathPrefix.lowercased()) { return false }
        return true
    }

    var json: JSON {
        [
            "service": .string(orNull: service), "method": .string(orNull: method),
            "path_prefix": .string(orNull: pathPrefix), "status": status.map(JSON.int) ?? .null,
            "retry_after": retryAfter.map(JSON.int) ?? .null, "drop": .bool(drop), "drop_after": .bool(dropAfterHandling),
            "latency": .int(latency),
            "count": .int(remaining),
        ]
    }
}

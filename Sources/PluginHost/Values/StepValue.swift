public import MicrosoftCloud

/// A parameter or output value as the host passes it between steps: JSON data, or a value only known after
/// apply (`unknown`, named by its reference such as `outputs.app.client_id`), which plan mode carries where an
/// earlier step's output does not exist yet. In Lua an unknown value is an opaque placeholder that
/// `ctx.unknown(v)` recognises.
public indirect enum StepValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([StepValue])
    case object([String: StepValue])
    /// Only known after apply; the text names where it will come from (`outputs.app.client_id`).
    case unknown(String)

    /// The same data as a step value.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .array(let elements): self = .array(elements.map(StepValue.init))
        case .object(let members): self = .object(members.mapValues(StepValue.init))
        }
    }

    /// The value as JSON, or nil when it is or contains an unknown value.
    public var json: JSONValue? {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .array(let elements):
            var result: [JSONValue] = []
            result.reserveCapacity(elements.count)
            for element in elements {
                guard let json = element.json else { return nil }
                result.append(json)
            }
            return .array(result)
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members {
                guard let json = member.json else { return nil }
                result[key] = json
            }
            return .object(result)
        case .unknown: return nil
        }
    }

    /// Whether this value is, or contains, a value only known after apply.
    public var containsUnknown: Bool {
        switch self {
        case .unknown: true
        case .array(let elements): elements.contains { $0.containsUnknown }
        case .object(let members): members.values.contains { $0.containsUnknown }
        default: false
        }
    }

    /// The string, or nil for other kinds.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer (a double with an integral value counts), or nil for other kinds.
    public var intValue: Int64? {
        switch self {
        case .int(let value): value
        case .double(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// The boolean, or nil for other kinds.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> StepValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// How the kind is named in messages: `string`, `integer`, `number`, `boolean`, `list`, `table`, `null`,
    /// `unknown`.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "list"
        case .object: "table"
        case .unknown: "unknown"
        }
    }
}

extension StepValue: CustomStringConvertible {
    /// Compact JSON, with `(known after apply: REF)` for unknown values.
    public var description: String {
        switch self {
        case .unknown(let reference): return "(known after apply: \(reference))"
        case .array(let elements): return "[" + elements.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            let parts = members.keys.sorted().map { key in JSONValue.string(key).description + ":" + members[key]!.description }
            return "{" + parts.joined(separator: ",") + "}"
        default: return json?.description ?? "null"
        }
    }
}

extension StepValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: StepValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, StepValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

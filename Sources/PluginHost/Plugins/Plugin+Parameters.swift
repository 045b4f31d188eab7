/// Parameters of a step that do not fit its plugin's declaration: every problem, each naming the parameter.
public struct ParameterError: Error, Sendable, CustomStringConvertible {
    public var step: String
    public var plugin: String
    /// One sentence per problem: `parameter 'display_name' is required (...)`.
    public var issues: [String]

    /// `step app (entra.app_registration): parameter 'display_name' is required (...); ...`.
    public var description: String { "step \(step) (\(plugin)): " + issues.joined(separator: "; ") }
}

extension Plugin {
    /// The step's parameters checked against the declaration, with defaults applied and values in their type's
    /// normal form. Unknown values (plan mode) pass any type check. `null` counts as not given.
    public func resolveParameters(_ given: [String: StepValue], step: String) throws(ParameterError) -> [String: StepValue] {
        var issues: [String] = []
        var resolved: [String: StepValue] = [:]
        for name in given.keys.sorted() where parameter(name) == nil {
            issues.append("unknown parameter '\(name)'\(Suggestion.hint(for: name, in: parameters.map(\.name)))")
        }
        for spec in parameters {
            guard let value = given[spec.name], value != .null else {
                if let value = spec.defaultValue {
                    resolved[spec.name] = value
                } else if spec.required {
                    issues.append("parameter '\(spec.name)' is required (\(spec.doc))")
                }
                continue
            }
            if case .unknown = value {
                resolved[spec.name] = value
            } else if let accepted = spec.type.accept(value) {
                resolved[spec.name] = accepted
            } else {
                issues.append("parameter '\(spec.name)' must be \(spec.type.article), got \(Self.describe(value))")
            }
        }
        guard issues.isEmpty else { throw ParameterError(step: step, plugin: id, issues: issues) }
        return resolved
    }

    /// `string "365"`, `number 3.5`, `boolean true`, `list`, `table`.
    static func describe(_ value: StepValue) -> String {
        switch value {
        case .string(let text): "string \"\(text.count > 60 ? String(text.prefix(60)) + "..." : text)\""
        case .int, .double, .bool: "\(value.kindName) \(value)"
        default: value.kindName
        }
    }
}

public import PluginHost
import Foundation
import MicrosoftCloud

extension Runbook {
    /// The location used for problems in `--param` values.
    static let commandLine = SourceLocation(file: "command line")

    /// Parses `--param NAME=VALUE` texts, typed by the runbook's declarations (`integer`, `number`, `boolean`
    /// parse their text; `table` and `list` take JSON; `string` takes the text as it is).
    public func parseParameterArguments(_ arguments: [String]) throws(RunbookError) -> [String: StepValue] {
        var problems = ProblemList()
        var out: [String: StepValue] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                problems.add(Self.commandLine, "--param \(argument): expected NAME=VALUE")
                continue
            }
            let name = String(argument[..<equals])
            let text = String(argument[argument.index(after: equals)...])
            guard let declaration = parameters[name] else {
                problems.add(Self.commandLine, "--param \(name): the runbook declares no parameter '\(name)'"
                    + Suggestion.hint(for: name, in: parameters.keys))
                continue
            }
            guard let value = Self.parse(text, as: declaration.type) else {
                problems.add(Self.commandLine, "--param \(name): \"\(text)\" is not of type \(declaration.type)")
                continue
            }
            out[name] = value
        }
        try problems.check()
        return out
    }

    /// Text typed by a declared type; nil when it does not parse.
    static func parse(_ text: String, as type: String) -> StepValue? {
        switch type {
        case "string":
            return .string(text)
        case "integer":
            return Int64(text).map(StepValue.int)
        case "number":
            if let integer = Int64(text) { return .int(integer) }
            return Double(text).map(StepValue.double)
        case "boolean":
            switch text.lowercased() {
            case "true", "yes", "1", "on": return .bool(true)
            case "false", "no", "0", "off": return .bool(false)
            default: return nil
            }
        default:
            guard let json = try? JSONValue.parse(text) else { return nil }
            let value = StepValue(json)
            return value.conforms(to: type) ? value : nil
        }
    }

    /// The settings of `environment` with `${env}` and `${customer}` resolved.
    public func settings(of environment: String) throws(RunbookError) -> [String: StepValue] {
        guard let raw = environments[environment] else {
            throw RunbookError(location, "unknown environment '\(environment)' (the runbook has "
                + "\(environmentNames.joined(separator: ", ")))" + Suggestion.hint(for: environment, in: environmentNames))
        }
        let scope = InterpolationScope(environment: environment, customer: customer)
        var problems = ProblemList()
        var out: [String: StepValue] = [:]
        for (key, value) in raw {
            do throws(InterpolationError) {
                out[key] = try value.interpolated(in: scope, path: "environments.\(environment).\(key)")
            } catch {
                problems.add(location, error.description)
            }
        }
        try problems.check()
        return out
    }

    /// Every parameter's value for one environment: `--param` values, then the overlay's, then defaults, with
    /// `${env}`, `${env.KEY}` and `${customer}` resolved and types checked. A required parameter without a value
    /// is a problem; an optional one without a value is absent.
    public func parameterValues(
        environment: String, settings: [String: StepValue], given: [String: StepValue] = [:]
    ) throws(RunbookError) -> [String: StepValue] {
        var problems = ProblemList()
        let scope = InterpolationScope(environment: environment, settings: settings, customer: customer)
        var out: [String: StepValue] = [:]
        for declaration in parameters.values.sorted(by: { $0.name < $1.name }) {
            let name = declaration.name
            let chosen: (StepValue, SourceLocation)? =
                given[name].map { ($0, Self.commandLine) }
                ?? parameterOverrides[name].map { ($0.value, $0.location) }
                ?? declaration.defaultValue.map { ($0, declaration.location) }
            guard let (raw, place) = chosen else {
                if declaration.required {
                    problems.add(declaration.location, "parameter '\(name)' is required: set it in the overlay's params "
                        + "or pass --param \(name)=VALUE")
                }
                continue
            }
            do throws(InterpolationError) {
                guard let value = try raw.interpolated(in: scope, path: "params.\(name)") else { continue }
                if !value.conforms(to: declaration.type) {
                    problems.add(place, "params.\(name) must be of type \(declaration.type) (got \(value.kindName))")
                    continue
                }
                out[name] = value
            } catch {
                problems.add(place, error.description)
            }
        }
        try problems.check()
        return out
    }
}

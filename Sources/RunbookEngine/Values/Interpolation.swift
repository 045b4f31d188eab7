public import PluginHost
/// What `${...}` references resolve to for one step of one run.
public struct InterpolationScope: Sendable {
    /// The environment's name (`${env}`).
    public var environment: String
    /// The environment's settings (`${env.KEY}`).
    public var settings: [String: StepValue]
    /// The customer's name (`${customer}`).
    public var customer: String
    /// The runbook's resolved parameters (`${params.NAME}`).
    public var parameters: [String: StepValue]
    /// Outputs of earlier steps, by step id (`${outputs.STEP.NAME}`). A step listed in neither this nor
    /// `pendingSteps` has not run: referencing it is an error.
    public var outputs: [String: [String: StepValue]]
    /// Earlier steps whose outputs are only known after apply (while planning): their references are `.unknown`.
    public var pendingSteps: Set<String>

    public init(
        environment: String, settings: [String: StepValue] = [:], customer: String,
        parameters: [String: StepValue] = [:], outputs: [String: [String: StepValue]] = [:], pendingSteps: Set<String> = []
    ) {
        self.environment = environment
        self.settings = settings
        self.customer = customer
        self.parameters = parameters
        self.outputs = outputs
        self.pendingSteps = pendingSteps
    }
}

/// A reference that cannot be resolved, or a value that cannot be put into text.
public struct InterpolationError: Error, Sendable, CustomStringConvertible {
    /// Where in the value, e.g. `with.domain` or `with.processes[2]`.
    public var path: String
    /// What went wrong.
    public var message: String

    public var description: String { "\(path): \(message)" }
}

extension StepValue {
    /// This value with every `${...}` in its strings resolved in `scope`, tables and lists recursively. A string
    /// that is exactly one reference takes the referenced value's type; a reference to an output that is only
    /// known after apply makes the string `.unknown`. Returns nil when the value is a sole reference to an output
    /// the step did not return (the parameter is then absent).
    public func interpolated(in scope: InterpolationScope, path: String) throws(InterpolationError) -> StepValue? {
        switch self {
        case .string(let text):
            return try Self.interpolate(text, in: scope, path: path)
        case .array(let elements):
            var out: [StepValue] = []
            for (index, element) in elements.enumerated() {
                out.append(try element.interpolated(in: scope, path: "\(path)[\(index + 1)]") ?? .null)
            }
            return .array(out)
        case .object(let members):
            var out: [String: StepValue] = [:]
            for (key, member) in members {
                if let value = try member.interpolated(in: scope, path: "\(path).\(key)") { out[key] = value }
            }
            return .object(out)
        default:
            return self
        }
    }

    private static func interpolate(_ text: String, in scope: InterpolationScope, path: String)
        throws(InterpolationError) -> StepValue?
    {
        let template: Template
        do {
            template = try Template(parsing: text)
        } catch {
            throw InterpolationError(path: path, message: error.description)
        }
        if let sole = template.soleReference {
            return try resolve(sole, in: scope, path: path)
        }
        var result = ""
        for segment in template.segments {
            switch segment {
            case .literal(let literal):
                result += literal
            case .reference(let reference):
                guard let value = try resolve(reference, in: scope, path: path) else {
                    throw InterpolationError(path: path, message: "${\(reference)} has no value to put into \"\(text)\"")
                }
                switch value {
                case .unknown: return .unknown(text)
                case .string(let string): result += string
                case .int(let number): result += String(number)
                case .double(let number): result += String(number)
                case .bool(let flag): result += flag ? "true" : "false"
                case .null, .array, .object:
                    throw InterpolationError(path: path, message: "${\(reference)} is a \(value.kindName), which cannot be "
                        + "part of the text \"\(text)\" (write it alone to pass the value itself)")
                }
            }
        }
        return .string(result)
    }

    private static func resolve(_ reference: Reference, in scope: InterpolationScope, path: String)
        throws(InterpolationError) -> StepValue?
    {
        switch reference {
        case .environmentName:
            return .string(scope.environment)
        case .customer:
            return .string(scope.customer)
        case .environmentSetting(let key):
            guard let value = scope.settings[key] else {
                throw InterpolationError(path: path, message: "${env.\(key)}: environment '\(scope.environment)' has no "
                    + "setting '\(key)' (set it in the runbook's or the customer overlay's environments)")
            }
            return value
        case .parameter(let name):
            guard let value = scope.parameters[name] else {
                throw InterpolationError(path: path, message: "${params.\(name)}: parameter '\(name)' has no value")
            }
            return value
        case .output(let step, let name):
            if scope.pendingSteps.contains(step) { return .unknown(reference.description) }
            guard let outputs = scope.outputs[step] else {
                throw InterpolationError(path: path, message: "${outputs.\(step).\(name)}: step '\(step)' has not run")
            }
            return outputs[name]
        }
    }
}

public import PluginHost
public import Foundation

/// A runbook parameter: its type, default and doc (`params = { name = { type =, default =, doc = } }`).
public struct ParameterDeclaration: Sendable, Hashable {
    /// The parameter's name.
    public var name: String
    /// `string`, `integer`, `number`, `boolean`, `table` or `list`.
    public var type: String
    /// The default, which may contain `${env}`, `${env.KEY}` and `${customer}`.
    public var defaultValue: StepValue?
    /// Whether a value must be given (when there is no default).
    public var required: Bool
    /// One line for people.
    public var doc: String
    /// Where it is declared.
    public var location: SourceLocation

    public init(name: String, type: String, defaultValue: StepValue?, required: Bool, doc: String, location: SourceLocation) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.doc = doc
        self.location = location
    }

    /// The types a declaration may name.
    public static let types = ["string", "integer", "number", "boolean", "table", "list"]
}

/// One step of a runbook: `{ id =, uses =, with =, summary = }`.
public struct StepSpec: Sendable, Hashable {
    /// Unique within the runbook; earlier steps' outputs are `${outputs.ID.NAME}`.
    public var id: String
    /// The plugin ID, e.g. `entra.app_registration`.
    public var uses: String
    /// Parameters, whose strings may contain `${...}`.
    public var with: [String: StepValue]
    /// One line for people, if given.
    public var summary: String?
    /// Where the step is written (the runbook, or the overlay that inserted or replaced it).
    public var location: SourceLocation
    /// The line of each `with` parameter, when found.
    public var parameterLines: [String: Int]

    public init(
        id: String, uses: String, with: [String: StepValue] = [:], summary: String? = nil, location: SourceLocation,
        parameterLines: [String: Int] = [:]
    ) {
        self.id = id
        self.uses = uses
        self.with = with
        self.summary = summary
        self.location = location
        self.parameterLines = parameterLines
    }

    /// Where the parameter of a field such as `with.processes[2]` is written (the step's line when unknown).
    public func location(of field: String) -> SourceLocation {
        let name = field.split(separator: ".").dropFirst().first.map { String($0.prefix { $0 != "[" }) } ?? field
        guard let line = parameterLines[name] else { return location }
        return SourceLocation(file: location.file, line: line)
    }
}

/// A runbook, as read from its file and, when a customer overlay is applied, as the overlay changes it.
public struct Runbook: Sendable {
    /// The runbook's name (`adobe-campaign-d365`).
    public var name: String
    /// One line for people.
    public var summary: String
    /// The runbook file.
    public var file: URL
    /// Where the runbook file is (for messages).
    public var location: SourceLocation
    /// Declared parameters by name.
    public var parameters: [String: ParameterDeclaration]
    /// Values given for parameters by an overlay, with where they are written.
    public var parameterOverrides: [String: (value: StepValue, location: SourceLocation)] = [:]
    /// Settings per environment (`tenant`, `org`, `confirm`, ...), after the overlay's are merged over them.
    public var environments: [String: [String: StepValue]]
    /// Extra plugin folders (absolute), the runbook's then the overlay's.
    public var pluginPaths: [URL]
    /// The steps in order.
    public var steps: [StepSpec]
    /// The customer (`default` without an overlay).
    public var customer: String = "default"
    /// The overlay file, when one is applied.
    public var overlayFile: URL?

    public init(
        name: String, summary: String, file: URL, location: SourceLocation, parameters: [String: ParameterDeclaration],
        environments: [String: [String: StepValue]], pluginPaths: [URL], steps: [StepSpec]
    ) {
        self.name = name
        self.summary = summary
        self.file = file
        self.location = location
        self.parameters = parameters
        self.environments = environments
        self.pluginPaths = pluginPaths
        self.steps = steps
    }

    /// The step with this id.
    public func step(_ id: String) -> StepSpec? { steps.first { $0.id == id } }

    /// The environment names, sorted.
    public var environmentNames: [String] { environments.keys.sorted() }

    /// Whether running the environment needs a typed confirmation (`confirm = true`).
    public func needsConfirmation(_ environment: String) -> Bool {
        environments[environment]?["confirm"] == .bool(true)
    }
}

/// An insertion of an overlay: a new step placed after or before an existing one.
public struct StepInsertion: Sendable, Hashable {
    /// The step it goes after, or nil.
    public var after: String?
    /// The step it goes before, or nil.
    public var before: String?
    /// The new step.
    public var step: StepSpec
    /// Where the insertion is written.
    public var location: SourceLocation
}

/// A customer overlay of a runbook (`runbooks/customers/*.lua`).
public struct Overlay: Sendable {
    /// The runbook it extends (its `name`).
    public var extends: String
    /// The customer's name.
    public var customer: String
    /// The overlay file.
    public var file: URL
    /// Where the overlay file is (for messages).
    public var location: SourceLocation
    /// Settings merged over the runbook's, per environment.
    public var environments: [String: [String: StepValue]]
    /// Parameter values, with where each is written.
    public var parameters: [String: (value: StepValue, location: SourceLocation)]
    /// Plugin folders (absolute).
    public var pluginPaths: [URL]
    /// New steps and where they go.
    public var insertions: [StepInsertion]
    /// Replacements by step id.
    public var replacements: [String: StepSpec]
    /// Step ids to remove, with where each is written.
    public var removals: [(id: String, location: SourceLocation)]
}

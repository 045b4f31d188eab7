/// Plan (read-only everywhere) or apply.
public enum StepMode: String, Sendable, Equatable, CaseIterable {
    case plan, apply
}

/// The phases of a step, in order; `params` is the check of the given parameters before any Lua runs.
public enum StepPhase: String, Sendable, Equatable {
    case params, read, plan, apply, verify
}

/// The settings of one environment (`ctx.env`): its name and the runbook's, overlay's or twin's settings
/// (`tenant`, `org`, `environment_id`, anything else a runbook sets).
public struct EnvironmentSettings: Sendable, Equatable {
    /// `stage`, `prod`, ...
    public var name: String
    /// The other settings, by key (`tenant`, `org`, `environment_id`, `confirm`, ...).
    public var settings: [String: StepValue]

    /// Settings for the environment `name`.
    public init(name: String, settings: [String: StepValue] = [:]) {
        self.name = name
        self.settings = settings
    }

    /// Settings with the usual keys.
    public init(name: String, tenant: String?, org: String?, environmentId: String? = nil, other: [String: StepValue] = [:]) {
        var settings = other
        if let tenant { settings["tenant"] = .string(tenant) }
        if let org { settings["org"] = .string(org) }
        if let environmentId { settings["environment_id"] = .string(environmentId) }
        self.init(name: name, settings: settings)
    }

    /// The tenant domain or GUID, when set.
    public var tenant: String? { settings["tenant"]?.stringValue }
    /// The Dataverse org URL (or a twin org name), when set.
    public var org: String? { settings["org"]?.stringValue }
    /// The Power Platform environment id, when set.
    public var environmentId: String? { settings["environment_id"]?.stringValue }

    /// `ctx.env`: the settings plus `name`.
    var value: StepValue {
        var members = settings
        members["name"] = .string(name)
        return .object(members)
    }
}

/// Everything a step needs besides its plugin: what the engine (or the Lua test harness) hands the host.
public struct StepContext: Sendable {
    /// The step's id in the runbook (`app`).
    public var step: String
    /// The plugin it uses (`entra.app_registration`).
    public var plugin: String
    /// The parameters as given (already interpolated; may hold unknown values in plan mode).
    public var parameters: [String: StepValue]
    /// The environment's settings.
    public var environment: EnvironmentSettings
    /// Outputs of earlier steps, by step id.
    public var outputs: [String: [String: StepValue]]
    /// Plan or apply.
    public var mode: StepMode
    /// The run's id.
    public var runId: String
    /// The runbook's name.
    public var runbook: String
    /// The customer (`default` without an overlay).
    public var customer: String
    /// `--rotate-secret` was given.
    public var rotateSecret: Bool

    /// A context with these parts.
    public init(
        step: String, plugin: String, parameters: [String: StepValue] = [:], environment: EnvironmentSettings,
        outputs: [String: [String: StepValue]] = [:], mode: StepMode, runId: String, runbook: String,
        customer: String = "default", rotateSecret: Bool = false
    ) {
        self.step = step
        self.plugin = plugin
        self.parameters = parameters
        self.environment = environment
        self.outputs = outputs
        self.mode = mode
        self.runId = runId
        self.runbook = runbook
        self.customer = customer
        self.rotateSecret = rotateSecret
    }

    /// The ownership marker every object this runbook creates carries: `stepwise:<runbook>:<customer>:<env>`.
    public var marker: String { "stepwise:\(runbook):\(customer):\(environment.name)" }
}

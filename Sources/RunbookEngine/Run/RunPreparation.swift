import Foundation
public import MicrosoftCloud
public import PluginHost

/// A runbook made ready to run for one environment, before any request: read, overlay applied, environment
/// settings resolved (and replaced by a twin's), parameters resolved.
public struct PreparedRunbook: Sendable {
    /// The runbook with its overlay applied.
    public var runbook: Runbook
    /// The environment's name.
    public var environment: String
    /// `ctx.env` settings: `tenant`, `org`, `environment_id`, ...
    public var settings: [String: StepValue]
    /// The runbook's parameters.
    public var parameters: [String: StepValue]

    /// Reads `runbook` (a path or a name), applies `customer` (a path or a name, if any), resolves the settings of
    /// `environment` (a twin's tenant, org and environment id replace the overlay's) and the parameters with
    /// `--param` texts. Every problem is a `RunbookError` naming its file and line.
    public static func prepare(
        runbook argument: String, customer: String?, environment: String, parameterArguments: [String] = [],
        twin: TwinConnection? = nil, layout: ProjectLayout = .standard()
    ) throws(RunbookError) -> PreparedRunbook {
        let file = try layout.runbook(argument)
        var runbook = try Runbook.read(file)
        if let customer {
            let overlay = try Overlay.read(try layout.overlay(customer, runbook: file))
            runbook = try runbook.applying(overlay)
        }
        var settings = try runbook.settings(of: environment)
        if let twin {
            guard let org = twin.profile.orgs[environment] else {
                throw RunbookError(runbook.location, "the twin has no org for environment '\(environment)' "
                    + "(it has \(twin.profile.orgs.keys.sorted().joined(separator: ", ")))")
            }
            settings["tenant"] = .string(twin.tenantDomain)
            settings["org"] = .string(org.description)
            if let id = twin.environments[environment] { settings["environment_id"] = .string(id) }
        }
        let given = try runbook.parseParameterArguments(parameterArguments)
        let parameters = try runbook.parameterValues(environment: environment, settings: settings, given: given)
        return PreparedRunbook(runbook: runbook, environment: environment, settings: settings, parameters: parameters)
    }

    /// The target's journal and lock key.
    public var target: RunTarget { RunTarget(runbook: runbook.name, customer: runbook.customer, environment: environment) }

    /// Checks that the settings a run needs are there: `tenant` and `org`, which come from a customer overlay or a
    /// twin.
    public func requireTarget() throws(RunbookError) {
        var problems = ProblemList()
        for key in ["tenant", "org"] where settings[key]?.stringValue?.isEmpty ?? true {
            problems.add(runbook.overlayFile.map { SourceLocation(file: DisplayPath.of($0)) } ?? runbook.location,
                         "environment '\(environment)' has no '\(key)' setting: set it in a customer overlay's environments "
                            + "(--customer NAME) or run against a twin (--twin, --twin-info FILE)")
        }
        try problems.check()
    }

    /// The plugin folders a host of this runbook searches: the project's, then the runbook's and overlay's.
    public func pluginPaths(layout: ProjectLayout) -> [String] {
        ((layout.pluginFolder.map { [$0] } ?? []) + runbook.pluginPaths).map { DisplayPath.of($0) }
    }

    /// The request for a run of this runbook.
    public func request(mode: StepMode, from: String? = nil, only: String? = nil, restart: Bool = false,
                        rotateSecret: Bool = false, cliVersion: String) -> RunRequest {
        RunRequest(runbook: runbook, environment: environment, settings: settings, parameters: parameters, mode: mode,
                   from: from, only: only, restart: restart, rotateSecret: rotateSecret, cliVersion: cliVersion)
    }
}

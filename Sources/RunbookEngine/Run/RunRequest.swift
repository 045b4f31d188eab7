public import Foundation
public import PluginHost

/// What to run: a runbook (with its overlay applied) for one environment, in plan or apply mode, and how.
public struct RunRequest: Sendable {
    /// The runbook, overlay applied.
    public var runbook: Runbook
    /// The environment's name.
    public var environment: String
    /// The environment's settings as steps see them (`ctx.env`): the runbook's and overlay's, or the twin's.
    public var settings: [String: StepValue]
    /// The runbook's parameters, resolved.
    public var parameters: [String: StepValue]
    /// Plan or apply.
    public var mode: StepMode
    /// Run this step and the ones after it, taking earlier outputs from the journal.
    public var from: String?
    /// Run only this step, taking earlier outputs from the journal.
    public var only: String?
    /// Ignore an unfinished earlier run instead of resuming it.
    public var restart: Bool
    /// `ctx.rotate_secret`.
    public var rotateSecret: Bool
    /// The CLI's version, recorded in the journal.
    public var cliVersion: String

    public init(
        runbook: Runbook, environment: String, settings: [String: StepValue], parameters: [String: StepValue],
        mode: StepMode, from: String? = nil, only: String? = nil, restart: Bool = false, rotateSecret: Bool = false,
        cliVersion: String
    ) {
        self.runbook = runbook
        self.environment = environment
        self.settings = settings
        self.parameters = parameters
        self.mode = mode
        self.from = from
        self.only = only
        self.restart = restart
        self.rotateSecret = rotateSecret
        self.cliVersion = cliVersion
    }

    /// The journal's and lock's target.
    public var target: RunTarget {
        RunTarget(runbook: runbook.name, customer: runbook.customer, environment: environment)
    }

    /// The tenant and org this run changes (from the settings).
    public var identity: TargetIdentity {
        TargetIdentity(tenant: settings["tenant"]?.stringValue ?? "", org: settings["org"]?.stringValue ?? "")
    }

    /// A new run id: UTC time and a random suffix, e.g. `20250131-120000-3f9a`.
    public static func newRunID(now: Date = Date()) -> String {
        let stamp = Timestamp.iso(now)
        let compact = stamp.prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: "T", with: "-")
        return compact + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }
}

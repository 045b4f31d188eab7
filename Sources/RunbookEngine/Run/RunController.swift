public import LuaKit
public import PluginHost

/// What to do with the step at hand, decided before it runs.
public enum StepDecision: Sendable, Equatable {
    /// Run it.
    case run
    /// Run it, then stop before the next step (the next `StepInspection` has `pauseRequested` set).
    case runAndPause
    /// Do not run it. Its outputs come from the journal when an earlier run against the same target recorded
    /// them; otherwise they are unknown, and later steps that need them fail.
    case skip
    /// Stop the run here, paused; the journal keeps it unfinished, so the next `run` resumes it.
    case quit
    /// Read and plan the step again (its parameters changed), then ask `planReady` again.
    case replan
}

/// What to do after a step failed.
public enum FailureDecision: Sendable, Equatable {
    /// Run the step again (read, plan, apply, verify).
    case retry
    /// Go on with the next step as if this one had been skipped.
    case skip
    /// End the run as failed (the default).
    case abort
    /// End the run paused (the operator quit); the next `run` resumes it with this step.
    case quit
}

/// The step at hand, as a controller (the step debugger) sees it: the step, its resolved parameters, its plan and
/// outputs once known, its HTTP exchanges and log lines, and its plugin's sandbox for evaluating expressions.
public final class StepInspection {
    /// The step as written.
    public let step: StepSpec
    /// Its place in the run.
    public let header: StepHeader
    /// Plan or apply.
    public let mode: StepMode
    /// Its parameters with every `${...}` resolved (plan mode: unknown values where outputs are not known yet).
    /// Each attempt of the step runs with the parameters as they are then (the debugger's `set` changes them).
    public internal(set) var parameters: [String: StepValue]
    /// Outputs of the steps before it.
    public let earlierOutputs: [String: [String: StepValue]]
    /// The plugin, when it loaded.
    public let plugin: Plugin?
    /// The plan, once the step has planned.
    public internal(set) var changes: [PlannedChange]?
    /// The outputs, once the step has applied.
    public internal(set) var outputs: [String: StepValue]?
    /// HTTP exchanges of the last attempt (secrets masked).
    public internal(set) var exchanges: [StepExchange] = []
    /// Log lines of the last attempt.
    public internal(set) var logs: [StepLogLine] = []
    /// The failure of the last attempt, if it failed.
    public internal(set) var error: StepError?
    /// Attempts so far (retries count).
    public internal(set) var attempts = 0
    /// The previous decision was `runAndPause`.
    public let pauseRequested: Bool
    private let planner: ([String: StepValue]) throws(StepError) -> StepResult

    init(step: StepSpec, header: StepHeader, mode: StepMode, parameters: [String: StepValue],
         earlierOutputs: [String: [String: StepValue]], plugin: Plugin?, pauseRequested: Bool,
         planner: @escaping ([String: StepValue]) throws(StepError) -> StepResult) {
        self.step = step
        self.header = header
        self.mode = mode
        self.parameters = parameters
        self.earlierOutputs = earlierOutputs
        self.plugin = plugin
        self.pauseRequested = pauseRequested
        self.planner = planner
    }

    /// Reads and plans the step now, read-only (plan mode), and returns its changes (also kept in `changes`):
    /// what the debugger shows before a step runs. Costs the step's reads.
    public func plan() throws(StepError) -> [PlannedChange] {
        let result = try planner(parameters)
        changes = result.changes
        exchanges = result.exchanges
        logs = result.logs
        return result.changes
    }

    /// Evaluates Lua code in the plugin's sandbox (its globals, `require`d helpers and host modules); plan-mode
    /// rules apply to host calls made from it.
    public func evaluate(_ code: String) throws -> [LuaValue] {
        guard let plugin else {
            throw LuaError(kind: .usage, message: "step \(step.id): plugin '\(step.uses)' is not loaded")
        }
        return try plugin.sandbox.run(code, name: "=(eval)")
    }
}

/// Consulted by the run loop before each step, once its plan is ready, as its HTTP exchanges finish and after a
/// failure: the hook of the step debugger. Methods are called on the run's thread.
public protocol RunController: AnyObject {
    /// Before a step runs (not for steps finished in an earlier run).
    func beforeStep(_ step: StepInspection) -> StepDecision
    /// Apply mode: the step has read and planned (`step.changes` is set) and has not written anything yet. `.skip`
    /// and `.quit` stop it before apply; `.replan` reads and plans it again. The default runs it.
    func planReady(_ step: StepInspection) -> StepDecision
    /// An HTTP exchange of the step finished (it is already in `step.exchanges`): a safe point between requests.
    func exchangeFinished(_ exchange: StepExchange, of step: StepInspection)
    /// After the step failed (`step.error` is set).
    func afterFailure(_ step: StepInspection) -> FailureDecision
}

extension RunController {
    public func planReady(_ step: StepInspection) -> StepDecision { .run }

    public func exchangeFinished(_ exchange: StepExchange, of step: StepInspection) {}
}

/// Runs every step and stops at the first failure: the controller of a run without `--step`.
public final class ContinueController: RunController {
    public init() {}

    public func beforeStep(_ step: StepInspection) -> StepDecision { .run }

    public func afterFailure(_ step: StepInspection) -> FailureDecision { .abort }
}

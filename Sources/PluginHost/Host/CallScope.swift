import DequeModule
import LuaKit

/// Who calls host functions right now and what they may do: a plugin file being loaded, a phase of a step, or a
/// script (`stepwise lua`, a Lua test). Host functions read it to refuse writes and to file exchanges and logs.
final class CallScope {
    enum Activity: Equatable {
        /// A plugin file's top-level code: no cloud calls.
        case loading(file: String)
        /// A phase of a step.
        case step(StepPhase)
        /// A script outside any step.
        case script
    }

    var activity: Activity
    let mode: StepMode
    /// Whether writes pass (apply phase with a non-empty plan, or a script allowed to write).
    var writesAllowed: Bool
    /// The step, when the scope is a step's.
    let context: StepContext?
    /// The environment Dataverse and Power Platform calls go to, when known.
    let environment: EnvironmentSettings?
    /// Whether the apply phase runs with an empty plan (to explain a refused write).
    var emptyPlan = false
    /// The newest `exchangeLimit` exchanges (a deque: dropping the oldest is O(1) however many a step makes).
    var exchanges: Deque<StepExchange> = []
    var logs: [StepLogLine] = []
    /// Exchanges dropped from `exchanges` once it held `exchangeLimit`.
    var droppedExchanges = 0

    static let exchangeLimit = 2_000

    init(activity: Activity, mode: StepMode, writesAllowed: Bool, context: StepContext?, environment: EnvironmentSettings?) {
        self.activity = activity
        self.mode = mode
        self.writesAllowed = writesAllowed
        self.context = context
        self.environment = environment
    }

    var stepId: String? { context?.step }

    /// Refuses a write unless this scope may write; the error names the call and why.
    func requireWrite(_ function: String, _ target: String) throws {
        if case .loading(let file) = activity { throw loadingError(function, file: file) }
        guard !writesAllowed else { return }
        let reason: String
        switch activity {
        case .step(let phase) where mode == .plan:
            reason = "step \(context?.step ?? "?") is in plan mode, which is read-only (\(phase.rawValue))"
        case .step(.apply) where emptyPlan:
            reason = "the plan of step \(context?.step ?? "?") is empty, so apply may only compute outputs"
        case .step(let phase):
            reason = "\(phase.rawValue) is read-only; only apply writes"
        case .script:
            reason = "this script runs read-only"
        case .loading:
            reason = "plugins may not write while loading"
        }
        throw LuaHostError(
            code: "plan.write_refused", message: "\(function) refused (\(target)): \(reason)",
            fields: ["function": .string(function), "target": .string(target)])
    }

    /// Refuses a cloud call while a plugin file loads.
    func requireCall(_ function: String) throws {
        if case .loading(let file) = activity { throw loadingError(function, file: file) }
    }

    private func loadingError(_ function: String, file: String) -> LuaHostError {
        LuaHostError(
            code: "host.not_in_step",
            message: "\(function) cannot be called while \(file) loads; call it from read, plan, apply or verify",
            fields: ["function": .string(function)])
    }

    func record(_ exchange: StepExchange) {
        if exchanges.count >= Self.exchangeLimit {
            exchanges.removeFirst()
            droppedExchanges += 1
        }
        exchanges.append(exchange)
    }
}

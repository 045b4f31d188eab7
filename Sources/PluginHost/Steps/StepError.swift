/// A step that failed: which step, plugin and phase, the error's code and message, where in the Lua code, and
/// what the step had done so far (its HTTP exchanges and log lines, for the step debugger).
///
/// The description reads like `step app (entra.app_registration) apply: Graph 403 Authorization_RequestDenied:
/// Insufficient privileges to complete the operation. (request-id ...)`.
public struct StepError: Error, Sendable, CustomStringConvertible {
    public var step: String
    public var plugin: String
    public var phase: StepPhase
    /// The code to branch on: a host error's (`graph.forbidden`, `plan.write_refused`, `wait.timeout`), a
    /// plugin's own (`app.lookalike`), `params.invalid`, `plugin.invalid`, `plugin.contract` (a function returned
    /// something the contract does not allow), `lua.error` (a plain Lua error), `lua.instruction_limit` or
    /// `lua.memory_limit`.
    public var code: String
    /// The cause as a sentence, without the step prefix.
    public var message: String
    /// `file:line` of the Lua code that raised it, when known.
    public var position: String?
    /// The Lua traceback, when known.
    public var traceback: String?
    /// The HTTP status of a cloud error.
    public var status: Int?
    /// The service's request id of a cloud error.
    public var requestId: String?
    /// The service's own code (`Authorization_RequestDenied`, `0x80072560`).
    public var serviceCode: String?
    /// The step's HTTP exchanges up to the failure.
    public var exchanges: [StepExchange]
    /// The step's log lines up to the failure.
    public var logs: [StepLogLine]

    public init(
        step: String, plugin: String, phase: StepPhase, code: String, message: String, position: String? = nil,
        traceback: String? = nil, status: Int? = nil, requestId: String? = nil, serviceCode: String? = nil,
        exchanges: [StepExchange] = [], logs: [StepLogLine] = []
    ) {
        self.step = step
        self.plugin = plugin
        self.phase = phase
        self.code = code
        self.message = message
        self.position = position
        self.traceback = traceback
        self.status = status
        self.requestId = requestId
        self.serviceCode = serviceCode
        self.exchanges = exchanges
        self.logs = logs
    }

    /// `step app (entra.app_registration) apply: <message>`.
    public var description: String { "step \(step) (\(plugin)) \(phase.rawValue): \(message)" }
}

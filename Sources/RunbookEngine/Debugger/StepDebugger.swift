import HTTPTransport
import LuaKit
public import PluginHost

/// The step debugger of `stepwise run --step` and `--debug-on-failure`: a `RunController` that stops before a step
/// applies (showing its parameters and plan), after a failure, at breakpoints (lines of plugin files, HTTP errors)
/// and on Ctrl-C, and reads commands from a `DebugConsole` there. Everything it writes passes through the
/// session's redactor, and Lua values are copied for display by `LuaSnapshot`, so a secret handle shows as
/// `<secret>`. Confined to the run's thread, like the host.
public final class StepDebugger: RunController {
    /// How the run goes on between stops.
    enum Mode {
        /// Stop before each step applies.
        case stepping
        /// Stop only at breakpoints and failures.
        case running
    }

    let host: PluginHost
    let console: any DebugConsole
    let redactor: SecretRedactor
    let text: DebugText
    let snapshot: LuaSnapshot
    let stepOrder: [String]
    let handlesInterrupts: Bool
    var mode: Mode
    var breakpoints: Breakpoints
    /// Stop at the next Lua line (`step`, or Ctrl-C noticed between requests).
    var stepInto = false
    /// `quit` was given inside a step: Lua lines raise until the step has stopped.
    var quitting = false
    /// The prompt is open: line events and exchanges of the debugger's own evaluations are not stops.
    var prompting = false
    /// The step at hand, and the one that ran before it.
    var current: StepInspection?
    var previous: StepInspection?
    /// Parameters changed with `set`, by step.
    var changed: [String: Set<String>] = [:]

    /// A debugger for runs on `host`, reading commands from `console`. `stopBeforeEachStep` (`--step`) stops
    /// before every step applies; otherwise it stops only at failures, breakpoints and Ctrl-C. `stepOrder` lists
    /// the runbook's step ids (for `inspect outputs`). With `handlesInterrupts` it takes Ctrl-C presses from
    /// `DebugInterrupt` (install its handler first).
    public init(
        host: PluginHost, console: any DebugConsole, stopBeforeEachStep: Bool, stepOrder: [String],
        style: TerminalStyle = .plain, handlesInterrupts: Bool = false
    ) throws {
        self.host = host
        self.console = console
        redactor = host.session.redactor
        text = DebugText(style: style)
        snapshot = try LuaSnapshot(host: host)
        self.stepOrder = stepOrder
        self.handlesInterrupts = handlesInterrupts
        mode = stopBeforeEachStep ? .stepping : .running
        breakpoints = Breakpoints(roots: host.options.pluginPaths)
        host.luaState.setLineHook { [unowned self] event in try lineEvent(event) }
    }

    deinit {
        host.luaState.removeLineHook()
    }

    // MARK: RunController

    public func beforeStep(_ step: StepInspection) -> StepDecision {
        if let current, current !== step { previous = current }
        current = step
        return quitting ? .quit : .run
    }

    public func planReady(_ step: StepInspection) -> StepDecision {
        if quitting { return .quit }
        let interrupted = takeInterrupt()
        guard mode == .stepping || interrupted || stepInto else { return .run }
        if interrupted { say([text.style.yellow("paused (Ctrl-C)")]) }
        say(text.ready(step, changed: changed[step.step.id] ?? []))
        switch prompt(.beforeApply, step) {
        case .proceed: return mode == .stepping ? .runAndPause : .run
        case .skip: return .skip
        case .replan: return .replan
        case .quit, .retry: return .quit
        }
    }

    public func exchangeFinished(_ exchange: StepExchange, of step: StepInspection) {
        guard !prompting, !quitting else { return }
        let failed = (exchange.status ?? 0) >= 400 || exchange.status == nil
        let breaks = failed && breakpoints.httpError != nil
        let interrupted = takeInterrupt()
        guard breaks || interrupted else { return }
        var lines = [text.style.bold(interrupted && !breaks
            ? "── paused (Ctrl-C) after an HTTP exchange of step \(step.step.id)"
            : "── breakpoint \(breakpoints.httpError!) (http-error) in step \(step.step.id)")]
        lines += text.exchange(exchange, number: nil, full: false, indent: "   ")
        lines.append(text.style.dim("   inspect, eval, step, next, continue, quit (help lists them)"))
        say(lines)
        if prompt(.exchange, step) == .quit {
            quitting = true
            say(["quitting at the next Lua line of the step"])
        }
    }

    public func afterFailure(_ step: StepInspection) -> FailureDecision {
        guard let error = step.error else { return .abort }
        if quitting {
            quitting = false
            return .quit
        }
        _ = takeInterrupt()
        say(text.failure(step, error))
        switch prompt(.failure, step) {
        case .retry: return .retry
        case .skip: return .skip
        default: return .quit
        }
    }

    // MARK: Support

    /// Writes lines, each through the redactor.
    func say(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        console.write(lines.map(redactor.redact).joined(separator: "\n") + "\n")
    }

    /// Whether Ctrl-C was pressed since the last look.
    func takeInterrupt() -> Bool {
        handlesInterrupts && DebugInterrupt.take()
    }
}

@available(*, unavailable)
extension StepDebugger: Sendable {}

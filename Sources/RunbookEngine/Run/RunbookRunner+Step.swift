import Foundation
import MicrosoftCloud
import PluginHost

extension RunbookRunner {
    /// Whether the run goes on after a step.
    enum StepEnding {
        case next
        case stop(RunStatus)
    }

    /// Resolves, announces and runs one step, asking the controller before it, once its plan is ready (apply
    /// mode), and after a failure.
    func runStep(_ step: StepSpec, _ header: StepHeader, pauseRequested: inout Bool) throws -> StepEnding {
        let startedAt = clock()
        let plugin = try? host.plugin(step.uses)
        var parameters: [String: StepValue] = [:]
        var problem: FailureSummary?
        do {
            parameters = try resolveParameters(of: step)
        } catch {
            problem = FailureSummary(code: error.code, message: "step \(step.id) (\(step.uses)) params: \(error.message)")
        }
        let inspection = StepInspection(
            step: step, header: header, mode: request.mode, parameters: parameters, earlierOutputs: outputs,
            plugin: plugin, pauseRequested: pauseRequested,
            planner: { [unowned self] parameters throws(StepError) -> StepResult in
                var context = self.context(for: step, parameters: parameters)
                context.mode = .plan
                return try host.run(context)
            })
        if problem == nil {
            let decision = controller.beforeStep(inspection)
            pauseRequested = decision == .runAndPause
            switch decision {
            case .skip:
                try skip(step, header, StepOutcome(status: .skipped, durationMs: 0), startedAt: startedAt)
                return .next
            case .quit:
                return .stop(.paused)
            case .run, .runAndPause, .replan:
                break
            }
        }
        current = header
        inspecting = inspection
        defer {
            current = nil
            inspecting = nil
        }
        emit(.stepStarted(header))
        try journal?.append(.stepStarted(StepStartRecord(run: runID, step: step.id, plugin: step.uses, time: Timestamp.iso(startedAt))))
        if let problem {
            pending.insert(step.id)
            try finish(step, header, StepOutcome(status: .failed, durationMs: milliseconds(since: startedAt), failure: problem),
                       startedAt: startedAt)
            return .stop(.failed)
        }
        var held: StepDecision?
        var pauseAfter = false
        var journalFailure: (any Error)?
        let planReady: (([PlannedChange]) -> Bool)? = request.mode != .apply ? nil : { [unowned self] changes in
            inspection.changes = changes
            let decision = controller.planReady(inspection)
            switch decision {
            case .run, .runAndPause:
                pauseAfter = decision == .runAndPause
                // What the journal says so far is on disk before the step changes anything elsewhere.
                do {
                    try journal?.flush()
                } catch {
                    journalFailure = error
                    return false
                }
                return true
            case .skip, .quit, .replan:
                held = decision
                return false
            }
        }
        while true {
            forwarder.resetCount()
            inspection.attempts += 1
            inspection.exchanges = []
            inspection.logs = []
            inspection.error = nil
            held = nil
            let attempt: Result<StepResult, StepError>
            do {
                attempt = .success(try host.run(context(for: step, parameters: inspection.parameters), planReady: planReady))
            } catch {
                attempt = .failure(error)
            }
            if let journalFailure { throw journalFailure }
            if let decision = held {
                switch decision {
                case .replan:
                    requests = requests + forwarder.requests
                    inspection.attempts -= 1
                    continue
                case .skip:
                    try skip(step, header, StepOutcome(status: .skipped, durationMs: milliseconds(since: startedAt),
                                                       requests: forwarder.requests), startedAt: startedAt)
                    pauseRequested = pauseAfter
                    return .next
                default:
                    requests = requests + forwarder.requests
                    return .stop(.paused)
                }
            }
            switch attempt {
            case .success(let result):
                inspection.changes = result.changes
                inspection.outputs = result.outputs
                inspection.exchanges = result.exchanges
                inspection.logs = result.logs
                try succeeded(step, header, result, startedAt: startedAt)
                pauseRequested = pauseRequested || pauseAfter
                return .next
            case .failure(let error):
                if request.mode == .plan, error.code == "plan.write_refused", error.phase == .apply {
                    try plannedWithoutOutputs(step, header, plugin: plugin, startedAt: startedAt)
                    return .next
                }
                inspection.error = error
                inspection.exchanges = error.exchanges
                inspection.logs = error.logs
                let waiting = error.code == "gate.pending"
                let outcome = StepOutcome(
                    status: waiting ? .waiting : .failed, durationMs: milliseconds(since: startedAt),
                    requests: forwarder.requests, failure: FailureSummary(code: error.code, message: error.description))
                switch waiting ? .abort : controller.afterFailure(inspection) {
                case .retry:
                    requests = requests + outcome.requests
                    try journal?.append(.stepFinished(StepEndRecord(
                        run: runID, step: step.id, plugin: step.uses, time: Timestamp.iso(clock()), status: .failed,
                        durationMs: outcome.durationMs, failure: outcome.failure, requests: outcome.requests.total)))
                    emit(.log(header, level: "warn", message: "retrying after: \(error.description)"))
                case .skip:
                    try skip(step, header, outcome, startedAt: startedAt)
                    pauseRequested = pauseAfter
                    return .next
                case .abort:
                    pending.insert(step.id)
                    try finish(step, header, outcome, startedAt: startedAt)
                    return .stop(waiting ? .waiting : .failed)
                case .quit:
                    pending.insert(step.id)
                    try finish(step, header, outcome, startedAt: startedAt)
                    return .stop(.paused)
                }
            }
        }
    }

    /// Records a step skipped on purpose. Its outputs come from the journal when an earlier apply run against the
    /// same target finished it; otherwise they stay unknown and later steps that need them fail.
    private func skip(_ step: StepSpec, _ header: StepHeader, _ outcome: StepOutcome, startedAt: Date) throws {
        var outcome = outcome
        outcome.status = .skipped
        outcome.failure = nil
        if let recorded = history.lastSuccessfulSteps(for: request.identity)[step.id] {
            outputs[step.id] = recorded.values
            outcome.outputs = recorded.outputs
            emit(.log(header, level: "info", message: "skipped; its outputs come from run \(recorded.run)"))
        } else {
            pending.insert(step.id)
            if let plugin = try? host.plugin(step.uses), !plugin.outputs.isEmpty {
                emit(.log(header, level: "warn", message: "skipped; no run recorded its outputs, so steps that need them fail"))
            }
        }
        try finish(step, header, outcome, startedAt: startedAt)
    }

    /// The step's `with`, every `${...}` resolved against the run so far. In apply mode a value that is still
    /// unknown (its step was skipped or failed) is an error.
    func resolveParameters(of step: StepSpec) throws(StepResolutionError) -> [String: StepValue] {
        let scope = InterpolationScope(
            environment: request.environment, settings: request.settings, customer: request.runbook.customer,
            parameters: request.parameters, outputs: outputs, pendingSteps: pending)
        var parameters: [String: StepValue] = [:]
        for name in step.with.keys.sorted() {
            do throws(InterpolationError) {
                if let value = try step.with[name]!.interpolated(in: scope, path: "with.\(name)") { parameters[name] = value }
            } catch {
                throw StepResolutionError(code: "engine.interpolation", message: error.description)
            }
        }
        if request.mode == .apply, let name = parameters.keys.sorted().first(where: { parameters[$0]!.containsUnknown }) {
            let needed = Runbook.references(in: step).compactMap { field, reference -> String? in
                guard field.hasPrefix("with.\(name)"), case .output(let other, _) = reference, pending.contains(other) else { return nil }
                return other
            }
            throw StepResolutionError(code: "engine.missing_outputs", message: "with.\(name) needs the outputs of step "
                + (needed.first.map { "'\($0)'" } ?? "(unknown)") + ", which did not run")
        }
        return parameters
    }

    /// What the host needs for the step.
    func context(for step: StepSpec, parameters: [String: StepValue]) -> StepContext {
        StepContext(
            step: step.id, plugin: step.uses, parameters: parameters,
            environment: EnvironmentSettings(name: request.environment, settings: request.settings),
            outputs: outputs.filter { !pending.contains($0.key) }, mode: request.mode, runId: runID,
            runbook: request.runbook.name, customer: request.runbook.customer, rotateSecret: request.rotateSecret)
    }

    private func succeeded(_ step: StepSpec, _ header: StepHeader, _ result: StepResult, startedAt: Date) throws {
        let changes = result.changes.map { ChangeSummary(action: $0.action.rawValue, target: $0.target, detail: $0.detail) }
        emit(.stepPlanned(header, changes: changes))
        let status: StepState = request.mode == .plan
            ? (changes.isEmpty ? .unchanged : .planned)
            : (result.status == .changed ? .changed : .unchanged)
        changeCount += changes.count
        outputs[step.id] = result.outputs
        try finish(step, header, StepOutcome(
            status: status, durationMs: milliseconds(since: startedAt), outputs: result.outputs.compactMapValues(\.json),
            changes: changes, requests: forwarder.requests), startedAt: startedAt)
    }

    /// Plan mode: the plan was empty, but computing the outputs read-only needs a write (a report): the step is in
    /// sync and its outputs are known only after apply.
    private func plannedWithoutOutputs(_ step: StepSpec, _ header: StepHeader, plugin: Plugin?, startedAt: Date) throws {
        emit(.stepPlanned(header, changes: []))
        var unknown: [String: StepValue] = [:]
        for output in plugin?.outputs ?? [] { unknown[output.name] = .unknown("outputs.\(step.id).\(output.name)") }
        outputs[step.id] = unknown
        try finish(step, header, StepOutcome(status: .unchanged, durationMs: milliseconds(since: startedAt),
                                             requests: forwarder.requests), startedAt: startedAt)
    }
}

/// A step whose parameters cannot be resolved.
struct StepResolutionError: Error {
    var code: String
    var message: String
}

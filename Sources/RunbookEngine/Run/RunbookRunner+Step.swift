import Foundation
import MicrosoftCloud
import PluginHost

extension RunbookRunner {
    /// Whether the run goes on after a step.
    enum StepEnding {
        case next
        case stop(RunStatus)
    }

    /// Resolves, announces and runs one step, asking the controller before it and after a failure.
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
            planner: { [unowned self] () throws(StepError) -> StepResult in
                var context = self.context(for: step, parameters: parameters)
                context.mode = .plan
                return try host.run(context)
            })
        if problem == nil {
            let decision = controller.beforeStep(inspection)
            pauseRequested = decision == .runAndPause
            switch decision {
            case .skip:
                pending.insert(step.id)
                try finish(step, header, StepOutcome(status: .skipped, durationMs: 0), startedAt: startedAt)
                return .next
            case .quit:
                return .stop(.aborted)
            case .run, .runAndPause:
                break
            }
        }
        current = header
        defer { current = nil }
        emit(.stepStarted(header))
        try journal?.append(.stepStarted(StepStartRecord(run: runID, step: step.id, plugin: step.uses, time: Timestamp.iso(startedAt))))
        if let problem {
            pending.insert(step.id)
            try finish(step, header, StepOutcome(status: .failed, durationMs: milliseconds(since: startedAt), failure: problem),
                       startedAt: startedAt)
            return .stop(.failed)
        }
        while true {
            forwarder.resetCount()
            inspection.attempts += 1
            let attempt: Result<StepResult, StepError>
            do {
                attempt = .success(try host.run(context(for: step, parameters: parameters)))
            } catch {
                attempt = .failure(error)
            }
            switch attempt {
            case .success(let result):
                inspection.changes = result.changes
                inspection.outputs = result.outputs
                inspection.exchanges = result.exchanges
                inspection.logs = result.logs
                try succeeded(step, header, result, startedAt: startedAt)
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
                    pending.insert(step.id)
                    try finish(step, header, outcome, startedAt: startedAt)
                    return .next
                case .abort:
                    pending.insert(step.id)
                    try finish(step, header, outcome, startedAt: startedAt)
                    return .stop(waiting ? .waiting : .failed)
                }
            }
        }
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

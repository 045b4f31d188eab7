import LuaKit
import MicrosoftCloud

extension PluginHost {
    /// Runs one step: `read(ctx)`, `plan(ctx, current)`, then `apply(ctx, current, changes)` and `verify(ctx,
    /// outputs)` in apply mode. Apply also runs when the plan is empty, to compute the outputs, and the host then
    /// refuses any write (as in plan mode) and skips `verify`. In plan mode apply runs (read-only) only when the plan is empty and
    /// every parameter is known; otherwise the outputs are unknown. Each call into the plugin gets the host's
    /// limits. Failures become a `StepError` naming the step, plugin and phase.
    ///
    /// In apply mode `planReady` (the step debugger's hook) sees the plan after `plan` and before `apply`; when it
    /// returns false the step stops there, before any write, with the error code `step.held`.
    public func run(_ context: StepContext, planReady: (([PlannedChange]) -> Bool)? = nil) throws(StepError) -> StepResult {
        let plugin: Plugin
        do {
            plugin = try self.plugin(context.plugin)
        } catch {
            throw StepError(step: context.step, plugin: context.plugin, phase: .params, code: "plugin.invalid", message: error.description)
        }
        var resolved = context
        do {
            resolved.parameters = try plugin.resolveParameters(context.parameters, step: context.step)
        } catch {
            throw StepError(
                step: context.step, plugin: context.plugin, phase: .params, code: "params.invalid",
                message: error.issues.joined(separator: "; "))
        }
        let scope = CallScope(
            activity: .step(.read), mode: context.mode, writesAllowed: false, context: resolved,
            environment: context.environment)
        bridge.beginStep()
        defer { bridge.endStep() }
        do {
            return try withScope(scope) { try runPhases(plugin, resolved, scope, planReady: planReady) }
        } catch {
            let phase: StepPhase = if case .step(let phase) = scope.activity { phase } else { .read }
            throw stepError(error, plugin: plugin, context: resolved, phase: phase, scope: scope)
        }
    }

    private func runPhases(
        _ plugin: Plugin, _ context: StepContext, _ scope: CallScope, planReady: (([PlannedChange]) -> Bool)?
    ) throws -> StepResult {
        let ctx = try makeContext(context)
        try plugin.sandbox.setGlobal("ctx", ctx)
        let limits = options.limits

        let current = try luaState.call(plugin.read, [ctx], limits: limits).first ?? .nil
        scope.activity = .step(.plan)
        let changesValue = try luaState.call(plugin.plan, [ctx, current], limits: limits).first ?? .nil
        let changes = try plannedChanges(changesValue)
        if context.mode == .apply, let planReady, !planReady(changes) { throw HeldBeforeApply() }

        var outputs: [String: StepValue] = [:]
        let knowsEverything = !context.parameters.values.contains { $0.containsUnknown }
        if context.mode == .apply || (changes.isEmpty && knowsEverything) {
            scope.activity = .step(.apply)
            scope.writesAllowed = context.mode == .apply && !changes.isEmpty
            scope.emptyPlan = changes.isEmpty
            let returned = try luaState.call(plugin.apply, [ctx, current, changesValue], limits: limits).first ?? .nil
            scope.writesAllowed = false
            outputs = try checkedOutputs(returned, plugin, allowUnknown: context.mode == .plan)
            // verify is apply's postcondition: after an empty plan, the state just read is what the plan accepted,
            // and reading it again would only add requests to a no-op rerun.
            if context.mode == .apply, !changes.isEmpty, let verify = plugin.verify {
                scope.activity = .step(.verify)
                try luaState.call(verify, [ctx, returned], limits: limits)
            }
        } else {
            for output in plugin.outputs { outputs[output.name] = .unknown("outputs.\(context.step).\(output.name)") }
        }
        return StepResult(
            step: context.step, plugin: plugin.id, mode: context.mode, status: changes.isEmpty ? .unchanged : .changed,
            changes: changes, outputs: outputs, exchanges: Array(scope.exchanges), logs: scope.logs)
    }

    /// The step's `ctx`: a read-only view (see `_meta/ctx.lua`).
    func makeContext(_ context: StepContext) throws -> LuaValue {
        var outputs: [String: StepValue] = [:]
        for (step, values) in context.outputs { outputs[step] = .object(values) }
        return try bridge.readOnlyTable([
            "env": try bridge.readOnly(context.environment.value, name: "ctx.env"),
            "params": try bridge.readOnly(.object(context.parameters), name: "ctx.params"),
            "outputs": try bridge.readOnly(.object(outputs), name: "ctx.outputs"),
            "mode": .string(context.mode.rawValue),
            "run_id": .string(context.runId),
            "runbook": .string(context.runbook),
            "customer": .string(context.customer),
            "step": .string(context.step),
            "marker": .string(context.marker),
            "rotate_secret": .boolean(context.rotateSecret),
            "unknown": ctxUnknown,
        ], name: "ctx")
    }

    /// The plan's list of changes, checked against the `Change` contract.
    private func plannedChanges(_ value: LuaValue) throws -> [PlannedChange] {
        guard let list = value.arrayValue else {
            throw ContractError("plan must return a list of changes ({} when in sync), got \(value.typeName)")
        }
        let actions = PlannedChange.Action.allCases.map(\.rawValue)
        return try list.enumerated().map { offset, entry in
            let what = "plan returned change \(offset + 1)"
            guard case .map = entry else { throw ContractError("\(what) as a \(entry.typeName), not a table {action=, target=}") }
            guard let actionName = entry["action"].stringValue, let action = PlannedChange.Action(rawValue: actionName) else {
                let given = entry["action"].stringValue.map { "'\($0)'" } ?? entry["action"].typeName
                throw ContractError(
                    "\(what) with action \(given)\(Suggestion.hint(for: entry["action"].stringValue ?? "", in: actions)), "
                        + "not one of \(actions.joined(separator: ", "))")
            }
            guard let target = entry["target"].stringValue else {
                throw ContractError("\(what) without a target string (what is changed)")
            }
            let detail = entry["detail"]
            guard detail.isNil || detail.stringValue != nil else {
                throw ContractError("\(what) whose detail is a \(detail.typeName), not a string")
            }
            var data: StepValue?
            if !entry["data"].isNil {
                do throws(ValueConversionError) {
                    data = try bridge.stepValue(entry["data"], allowUnknown: true)
                } catch {
                    throw ContractError(error.message(for: "\(what): data"))
                }
            }
            return PlannedChange(action: action, target: target, detail: detail.stringValue, data: data)
        }
    }

    /// What `apply` returned, checked: a table of declared outputs whose values are data (never secret handles).
    private func checkedOutputs(_ value: LuaValue, _ plugin: Plugin, allowUnknown: Bool) throws -> [String: StepValue] {
        guard let entries = value.mapValue else {
            throw ContractError("apply must return the outputs table ({} when there are none), got \(value.typeName)")
        }
        let declared = plugin.outputs.map(\.name)
        var outputs: [String: StepValue] = [:]
        for (key, element) in entries {
            let name = key.description
            guard declared.contains(name) else {
                throw ContractError(
                    "apply returned the output '\(name)', which the plugin does not declare\(Suggestion.hint(for: name, in: declared))")
            }
            do throws(ValueConversionError) {
                outputs[name] = try bridge.stepValue(element, allowUnknown: allowUnknown)
            } catch {
                throw ContractError(error.message(for: "output '\(name)'"))
            }
        }
        return outputs
    }

    private func stepError(_ error: any Error, plugin: Plugin, context: StepContext, phase: StepPhase, scope: CallScope) -> StepError {
        var result = StepError(
            step: context.step, plugin: plugin.id, phase: phase, code: "lua.error", message: "",
            exchanges: Array(scope.exchanges), logs: scope.logs)
        switch error {
        case let error as ContractError:
            result.code = "plugin.contract"
            result.message = "\(plugin.file): \(error.message)"
        case is HeldBeforeApply:
            result.code = "step.held"
            result.message = "held before apply by the step debugger"
        case let error as LuaError:
            result.position = error.position
            result.traceback = error.traceback.map(session.redactor.redact)
            switch error.kind {
            case .instructionLimit: result.code = "lua.instruction_limit"
            case .memoryLimit: result.code = "lua.memory_limit"
            default: result.code = error.code ?? "lua.error"
            }
            if error.code != nil, let message = error.value["message"].stringValue {
                result.message = message
            } else {
                result.message = error.message
            }
            result.status = error.value["status"].integerValue.map { Int($0) }
            result.requestId = error.value["request_id"].stringValue
            result.serviceCode = error.value["service_code"].stringValue
        default:
            result.message = String(describing: error)
        }
        result.message = session.redactor.redact(result.message)
        return result
    }
}

/// `planReady` held the step before apply.
struct HeldBeforeApply: Error {}

/// A plugin function returned something its contract does not allow.
struct ContractError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

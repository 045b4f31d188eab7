import LuaKit
import PluginHost

/// `inspect`, `eval`, `locals` and `where`: what the debugger shows of a step without changing it.
extension StepDebugger {
    func inspect(_ target: InspectTarget, index: Int?, _ place: DebugPlace, _ step: StepInspection) -> [String] {
        switch target {
        case .ctx:
            return evaluate("ctx", place, step)
        case .params:
            return parameters(step)
        case .outputs:
            return outputs(step)
        case .http:
            return text.exchanges(previous: previous, current: step, number: index)
        }
    }

    /// The parameters given to the step and the defaults of the ones left out.
    private func parameters(_ step: StepInspection) -> [String] {
        var lines = text.parameters(step.parameters, changed: changed[step.step.id] ?? [], indent: "  ")
        lines.insert("params of step \(step.step.id):", at: 0)
        let defaults = (step.plugin?.parameters ?? []).filter { step.parameters[$0.name] == nil && $0.defaultValue != nil }
        if !defaults.isEmpty {
            lines.append("defaults (not given):")
            for spec in defaults {
                lines += text.values.lines(DebugValue(spec.defaultValue!), prefix: "\(spec.name) = ", indent: "  ")
            }
        }
        return lines
    }

    /// The outputs of the earlier steps, in the runbook's order.
    private func outputs(_ step: StepInspection) -> [String] {
        let known = stepOrder.filter { step.earlierOutputs[$0] != nil }
        guard !known.isEmpty else { return ["no earlier step has outputs yet"] }
        var lines: [String] = []
        for id in known {
            lines += text.values.lines(DebugValue(.object(step.earlierOutputs[id]!)), prefix: "\(id) = ", indent: "")
        }
        return lines
    }

    /// `eval`: at a line in the running frame (locals first), elsewhere in the plugin's sandbox (with `ctx`).
    func evaluate(_ code: String, _ place: DebugPlace, _ step: StepInspection) -> [String] {
        let values: [DebugValue]
        do {
            if case .line(let event) = place {
                values = try snapshot.values(try event.evaluate(code))
            } else {
                guard let plugin = step.plugin else { return ["error: plugin '\(step.step.uses)' did not load"] }
                values = try snapshot.evaluate(code, in: plugin.sandbox)
            }
        } catch {
            return [text.style.red("error: ") + "\(error)"]
        }
        guard !values.isEmpty else { return ["(no value)"] }
        return values.flatMap { text.values.lines($0) }
    }

    /// `locals`: the frame's local variables, in declaration order.
    func locals(_ event: LuaLineEvent) -> [String] {
        let list: [LuaLocal]
        do {
            list = try event.locals()
        } catch {
            return [text.style.red("error: ") + "\(error)"]
        }
        guard !list.isEmpty else { return ["no locals at \(event.source):\(event.line)"] }
        let values: [DebugValue]
        do {
            values = try snapshot.values(list.map(\.value))
        } catch {
            return [text.style.red("error: ") + "\(error)"]
        }
        return zip(list, values).flatMap { local, value in text.values.lines(value, prefix: "\(local.name) = ") }
    }

    /// `where`: the Lua traceback, without the debugger's own frames.
    func traceback(_ event: LuaLineEvent) -> [String] {
        do {
            return try event.traceback().split(separator: "\n").map { String($0) }
        } catch {
            return [text.style.red("error: ") + "\(error)"]
        }
    }
}

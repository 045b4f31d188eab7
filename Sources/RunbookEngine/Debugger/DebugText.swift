import Foundation
import MicrosoftCloud
import PluginHost

/// The debugger's words: what it shows when it stops (a step ready to apply, a failure, a line, an HTTP error),
/// parameters, plans and HTTP exchanges. Lines only; the debugger redacts them before they are written.
struct DebugText {
    var style: TerminalStyle
    var values = DebugValueRenderer()

    /// `[2/11] app (entra.app_registration)`.
    func title(_ step: StepInspection) -> String {
        "[\(step.header.index)/\(step.header.count)] \(step.step.id) (\(step.step.uses))"
    }

    /// Before apply: the step, its parameters and its plan.
    func ready(_ step: StepInspection, changed: Set<String>) -> [String] {
        var lines = [style.bold("── \(title(step)) is ready to apply")]
        lines.append("   params:")
        lines += parameters(step.parameters, changed: changed, indent: "     ")
        lines += plan(step.changes ?? [], indent: "   ")
        lines.append(style.dim("   next, continue, skip, plan, inspect, eval, set, break, quit (help lists them)"))
        return lines
    }

    /// `key = value` lines, sorted, with `(set)` after values changed in the debugger.
    func parameters(_ parameters: [String: StepValue], changed: Set<String>, indent: String) -> [String] {
        guard !parameters.isEmpty else { return [indent + "(none)"] }
        var lines: [String] = []
        for name in parameters.keys.sorted() {
            var block = values.lines(DebugValue(parameters[name]!), prefix: "\(name) = ", indent: indent)
            if changed.contains(name) { block[block.count - 1] += style.yellow("  (set)") }
            lines += block
        }
        return lines
    }

    /// `plan: 2 changes` and one line per change.
    func plan(_ changes: [PlannedChange], indent: String) -> [String] {
        guard !changes.isEmpty else { return [indent + "plan: no changes (in sync); apply only computes the outputs"] }
        var lines = [indent + "plan: \(changes.count) change\(changes.count == 1 ? "" : "s")"]
        for change in changes {
            lines.append(indent + "  \(style.sign(change.action.rawValue)) \(change.summary)")
        }
        return lines
    }

    /// After a failure: the error, phase, Lua position and the last HTTP exchange.
    func failure(_ step: StepInspection, _ error: StepError) -> [String] {
        var lines = [style.bold("── \(title(step)) failed in \(error.phase.rawValue) (attempt \(step.attempts))")]
        lines.append("   " + style.red("error: ") + "\(error.code): \(error.message)")
        if let position = error.position { lines.append("   at: \(position)") }
        if let last = step.exchanges.last {
            lines.append("   last HTTP exchange:")
            lines += exchange(last, number: nil, full: false, indent: "     ")
        }
        lines.append(style.dim("   retry, skip, plan, inspect, eval, set, break, quit (help lists them)"))
        return lines
    }

    /// One exchange: its summary line, then its bodies (cut to one line each, or in full).
    func exchange(_ exchange: StepExchange, number: Int?, full: Bool, indent: String) -> [String] {
        var lines = [indent + (number.map { "\($0)  " } ?? "") + summary(exchange)]
        let inner = indent + (number.map { String(repeating: " ", count: String($0).count + 2) } ?? "") + "  "
        for (label, body) in [("request", exchange.requestBody), ("response", exchange.responseBody)] {
            guard let body, !body.isEmpty else { continue }
            lines += self.body(body, label: label, full: full, indent: inner)
        }
        return lines
    }

    /// `POST https://.../addPassword -> 403 (12 ms, request-id ...)`, attempts after the first noted.
    func summary(_ exchange: StepExchange) -> String {
        let text = exchange.summary
        let status = exchange.status ?? 0
        let painted = status >= 400 || exchange.status == nil ? style.red(text) : text
        return painted + (exchange.attempt > 1 ? " (attempt \(exchange.attempt))" : "")
    }

    private func body(_ body: String, label: String, full: Bool, indent: String) -> [String] {
        let prefix = "\(label): "
        guard let json = try? JSONValue.parse(body) else {
            let text = full || body.count <= 160 ? body : String(body.prefix(157)) + "..."
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { offset, line in
                (offset == 0 ? indent + prefix : indent + String(repeating: " ", count: prefix.count)) + line
            }
        }
        var renderer = DebugValueRenderer(syntax: .json)
        guard full else {
            renderer.maxString = 60
            let line = renderer.inline(DebugValue(json))
            return [indent + prefix + (line.count > 160 ? String(line.prefix(157)) + "..." : line)]
        }
        renderer.width = 100
        return renderer.lines(DebugValue(json), prefix: prefix, indent: indent)
    }

    /// The exchanges of the step that ran last and of this one so far, numbered; or exchange `number` in full.
    func exchanges(previous: StepInspection?, current: StepInspection, number: Int?) -> [String] {
        var groups: [(String, [StepExchange])] = []
        if let previous, previous !== current {
            groups.append(("step \(previous.step.id) (the step that ran last)", previous.exchanges))
        }
        groups.append(("step \(current.step.id) (this step" + (current.error == nil ? " so far)" : ", the failed attempt)"),
                       current.exchanges))
        let all = groups.flatMap(\.1)
        if let number {
            guard number <= all.count else {
                return ["there is no exchange \(number)" + (all.isEmpty ? " (none yet)" : " (1 to \(all.count))")]
            }
            return exchange(all[number - 1], number: number, full: true, indent: "")
        }
        var lines: [String] = []
        var counter = 0
        for (title, exchanges) in groups {
            lines.append("\(title): \(exchanges.count) HTTP exchange\(exchanges.count == 1 ? "" : "s")")
            for item in exchanges {
                counter += 1
                lines += exchange(item, number: counter, full: false, indent: "  ")
            }
        }
        if counter > 0 { lines.append(style.dim("inspect http N shows exchange N in full")) }
        return lines
    }
}

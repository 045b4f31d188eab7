public import HTTPTransport
import MicrosoftCloud

/// Plain lines, one or more per event (pipes, CI logs, `TERM=dumb`); colours only when the style allows them.
/// Every line passes through the redactor.
public final class PlainRenderer: RunEventSink {
    private let write: (String) -> Void
    private let redactor: SecretRedactor?
    private let style: TerminalStyle

    /// A renderer writing text (whole lines, each ending in a newline) through `write`.
    public init(style: TerminalStyle = .plain, redactor: SecretRedactor?, write: @escaping (String) -> Void) {
        self.style = style
        self.redactor = redactor
        self.write = write
    }

    public func handle(_ event: RunEvent) {
        let lines = EventText.lines(for: event, style: style, includeStart: true)
        guard !lines.isEmpty else { return }
        let text = lines.joined(separator: "\n") + "\n"
        write(redactor?.redact(text) ?? text)
    }
}

/// The words of events, shared by the plain and the live renderer (debug log lines are left to `--output json`).
enum EventText {
    /// The lines an event prints (the live renderer leaves out step starts: its list shows them).
    static func lines(for event: RunEvent, style: TerminalStyle, includeStart: Bool) -> [String] {
        switch event.kind {
        case .runStarted(let opening):
            var lines = [style.bold("\(opening.mode == "plan" ? "plan" : "run") \(opening.target)")
                + " (\(opening.identity)), run \(opening.run)"]
            if let resumes = opening.resumes {
                lines.append("resuming run \(resumes): steps it finished are not run again")
            }
            return lines
        case .stepStarted(let step):
            return includeStart ? ["\(position(step)) \(step.id) (\(step.plugin))"] : []
        case .stepPlanned(_, let changes):
            return changes.map { "    \(style.sign($0.action)) \($0.text)" }
        case .progress(_, let message):
            return ["    .. \(message)"]
        case .log(_, let level, let message):
            if level == "debug" { return [] }
            let label = level == "warn" ? style.yellow("warn") : style.dim(level)
            return ["    \(label): \(message)"]
        case .stepFinished(let step, let outcome):
            return finished(step, outcome, style: style)
        case .runFinished(let closing):
            return [summary(closing, style: style)]
        }
    }

    static func position(_ step: StepHeader) -> String { "[\(step.index)/\(step.count)]" }

    static func finished(_ step: StepHeader, _ outcome: StepOutcome, style: TerminalStyle) -> [String] {
        var head = "\(position(step)) \(step.id): "
        switch outcome.status {
        case .done:
            head += style.dim("done in run \(outcome.doneIn ?? "?")")
        case .skipped:
            head += style.dim("skipped")
        case .planned:
            let count = outcome.changes.count
            head += style.cyan("\(count) change\(count == 1 ? "" : "s")") + details(outcome)
        default:
            head += style.status(outcome.status) + details(outcome)
        }
        var lines = [head]
        if let failure = outcome.failure {
            lines.append("    " + (outcome.status == .waiting ? style.yellow("waiting for the operator: ") : style.red("error: "))
                + failure.message)
        }
        if outcome.status != .planned, outcome.status != .failed, !outcome.outputs.isEmpty {
            lines.append("    " + style.dim("outputs: " + outputsSummary(outcome.outputs)))
        }
        return lines
    }

    private static func details(_ outcome: StepOutcome) -> String {
        let requests = outcome.requests.total
        return " (\(DurationText.of(milliseconds: outcome.durationMs)), \(requests) request\(requests == 1 ? "" : "s"))"
    }

    /// `client_id=0f1e..., processes=[2 items]`: strings cut at 60 characters, tables counted, the whole cut at
    /// 110 characters.
    static func outputsSummary(_ outputs: [String: JSONValue]) -> String {
        let text = outputs.keys.sorted().map { key in
            let value = outputs[key]!
            let text: String
            switch value {
            case .string(let string): text = string.count > 60 ? String(string.prefix(57)) + "..." : string
            case .array(let elements): text = "[\(elements.count) item\(elements.count == 1 ? "" : "s")]"
            case .object(let members): text = "{\(members.count) field\(members.count == 1 ? "" : "s")}"
            default: text = value.serializedString()
            }
            return "\(key)=\(text)"
        }.joined(separator: ", ")
        return text.count > 110 ? String(text.prefix(107)) + "..." : text
    }

    static func summary(_ closing: RunClosing, style: TerminalStyle) -> String {
        let counts = closing.statuses.filter { $0.value > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
        let requests = "\(closing.requests.total) requests"
        if closing.mode == "plan" {
            if closing.status != .succeeded {
                return style.red("plan \(closing.run) failed") + " after \(DurationText.of(milliseconds: closing.durationMs)): \(counts)"
            }
            let changing = closing.statuses[.planned] ?? 0
            let text = closing.changes == 0
                ? style.green("plan: no changes") + ", everything is in sync"
                : style.cyan("plan: \(closing.changes) change\(closing.changes == 1 ? "" : "s")")
                    + " in \(changing) step\(changing == 1 ? "" : "s")"
            return text + " (\(DurationText.of(milliseconds: closing.durationMs)), \(requests))"
        }
        let word: String
        switch closing.status {
        case .succeeded: word = style.green("succeeded")
        case .failed: word = style.red("failed")
        case .waiting: word = style.yellow("is waiting for the operator")
        case .aborted: word = style.yellow("was stopped")
        case .paused: word = style.yellow("is paused (run it again to resume)")
        }
        return "run \(closing.run) \(word) in \(DurationText.of(milliseconds: closing.durationMs)): \(counts) (\(requests))"
    }
}

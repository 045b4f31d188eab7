public import Foundation
public import MicrosoftCloud
public import HTTPTransport
#if canImport(Glibc)
import Glibc
#endif

extension RunEvent {
    /// The event as one JSON object (`--output json`, one per line). Field names are stable and documented in
    /// the README: `event`, `time`, `run`, `step`, `plugin`, `index`, `count`, `status`, `duration_ms`, ...
    public func json(run: String) -> JSONValue {
        var object: [String: JSONValue] = ["time": .string(Timestamp.iso(time)), "run": .string(run)]
        func add(_ step: StepHeader) {
            object["step"] = .string(step.id)
            object["plugin"] = .string(step.plugin)
            object["index"] = .int(Int64(step.index))
            object["count"] = .int(Int64(step.count))
        }
        switch kind {
        case .runStarted(let opening):
            object["event"] = "run_started"
            object["mode"] = .string(opening.mode)
            object["runbook"] = .string(opening.target.runbook)
            object["customer"] = .string(opening.target.customer)
            object["env"] = .string(opening.target.environment)
            object["target"] = opening.identity.json
            object["steps"] = .array(opening.steps.map { ["id": .string($0.id), "plugin": .string($0.plugin)] })
            if let resumes = opening.resumes { object["resumes"] = .string(resumes) }
        case .stepStarted(let step):
            object["event"] = "step_started"
            add(step)
        case .stepPlanned(let step, let changes):
            object["event"] = "step_planned"
            add(step)
            object["changes"] = .array(changes.map(\.json))
        case .progress(let step, let message):
            object["event"] = "progress"
            add(step)
            object["message"] = .string(message)
        case .log(let step, let level, let message):
            object["event"] = "log"
            add(step)
            object["level"] = .string(level)
            object["message"] = .string(message)
        case .stepFinished(let step, let outcome):
            object["event"] = "step_finished"
            add(step)
            object["status"] = .string(outcome.status.rawValue)
            object["duration_ms"] = .int(Int64(outcome.durationMs))
            object["outputs"] = .object(outcome.outputs)
            object["changes"] = .array(outcome.changes.map(\.json))
            object["requests"] = outcome.requests.json
            if let failure = outcome.failure {
                object["error"] = ["code": .string(failure.code), "message": .string(failure.message)]
            }
            if let doneIn = outcome.doneIn { object["done_in"] = .string(doneIn) }
        case .runFinished(let closing):
            object["event"] = "run_finished"
            object["mode"] = .string(closing.mode)
            object["status"] = .string(closing.status.rawValue)
            object["duration_ms"] = .int(Int64(closing.durationMs))
            object["changes"] = .int(Int64(closing.changes))
            object["steps"] = .object(Dictionary(uniqueKeysWithValues: closing.statuses.map { ($0.key.rawValue, JSONValue.int(Int64($0.value))) }))
            object["requests"] = closing.requests.json
        }
        return .object(object)
    }
}

extension RequestCount {
    var json: JSONValue {
        ["total": .int(Int64(total)), "reads": .int(Int64(reads)), "writes": .int(Int64(writes)), "tokens": .int(Int64(tokens))]
    }
}

/// Timestamps as journals and events write them: ISO-8601 UTC with milliseconds.
public enum Timestamp {
    /// `2025-01-31T12:00:00.123Z` (milliseconds rounded).
    public static func iso(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Written by hand: `String(format:)` cost more than the rest of writing an event.
        return padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-"
            + padded(Int(parts.tm_mday), 2) + "T" + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2)
            + ":" + padded(Int(parts.tm_sec), 2) + "." + padded(Int(milliseconds % 1000), 3) + "Z"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Writes each event as one JSON line (`--output json`), redacted.
public final class JSONLinesRenderer: RunEventSink {
    private let write: (String) -> Void
    private let redactor: SecretRedactor?
    private var run = ""

    /// A renderer writing lines (each ending in a newline) through `write`.
    public init(redactor: SecretRedactor?, write: @escaping (String) -> Void) {
        self.redactor = redactor
        self.write = write
    }

    public func handle(_ event: RunEvent) {
        if case .runStarted(let opening) = event.kind { run = opening.run }
        let line = event.json(run: run).serializedString()
        write((redactor?.redact(line) ?? line) + "\n")
    }
}

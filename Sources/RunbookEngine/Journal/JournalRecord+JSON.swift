public import MicrosoftCloud

extension JournalRecord {
    /// The record as one JSON object (the journal's line format; field names are stable).
    public var json: JSONValue {
        switch self {
        case .runStarted(let r):
            var object: [String: JSONValue] = [
                "record": "run_start", "run": .string(r.run), "time": .string(r.time), "mode": .string(r.mode),
                "runbook": .string(r.runbook), "customer": .string(r.customer), "env": .string(r.environment),
                "target": r.target.json, "cli_version": .string(r.cliVersion),
            ]
            if let resumes = r.resumes { object["resumes"] = .string(resumes) }
            return .object(object)
        case .stepStarted(let r):
            return ["record": "step_start", "run": .string(r.run), "step": .string(r.step), "plugin": .string(r.plugin),
                    "time": .string(r.time)]
        case .stepFinished(let r):
            var object: [String: JSONValue] = [
                "record": "step_end", "run": .string(r.run), "step": .string(r.step), "plugin": .string(r.plugin),
                "time": .string(r.time), "status": .string(r.status.rawValue), "duration_ms": .int(Int64(r.durationMs)),
                "outputs": .object(r.outputs), "changes": .array(r.changes.map(\.json)), "requests": .int(Int64(r.requests)),
            ]
            if let failure = r.failure {
                object["error"] = ["code": .string(failure.code), "message": .string(failure.message)]
            }
            if let doneIn = r.doneIn { object["done_in"] = .string(doneIn) }
            return .object(object)
        case .runFinished(let r):
            return ["record": "run_end", "run": .string(r.run), "time": .string(r.time), "status": .string(r.status.rawValue),
                    "duration_ms": .int(Int64(r.durationMs))]
        }
    }

    /// A record from its JSON object; nil for anything that is not one (a line cut short by a crash).
    public init?(json: JSONValue) {
        func string(_ key: String) -> String { json[key]?.stringValue ?? "" }
        func int(_ key: String) -> Int { Int(json[key]?.intValue ?? 0) }
        guard let run = json["run"]?.stringValue else { return nil }
        switch json["record"]?.stringValue {
        case "run_start":
            self = .runStarted(RunStartRecord(
                run: run, time: string("time"), mode: string("mode"), runbook: string("runbook"),
                customer: string("customer"), environment: string("env"), target: TargetIdentity(json: json["target"]),
                cliVersion: string("cli_version"), resumes: json["resumes"]?.stringValue))
        case "step_start":
            self = .stepStarted(StepStartRecord(run: run, step: string("step"), plugin: string("plugin"), time: string("time")))
        case "step_end":
            guard let status = StepState(rawValue: string("status")) else { return nil }
            let failure = json["error"].flatMap { error in
                error.isNull ? nil : FailureSummary(code: error["code"]?.stringValue ?? "", message: error["message"]?.stringValue ?? "")
            }
            self = .stepFinished(StepEndRecord(
                run: run, step: string("step"), plugin: string("plugin"), time: string("time"), status: status,
                durationMs: int("duration_ms"), outputs: json["outputs"]?.objectValue ?? [:],
                changes: (json["changes"]?.arrayValue ?? []).map(ChangeSummary.init(json:)), failure: failure,
                doneIn: json["done_in"]?.stringValue, requests: int("requests")))
        case "run_end":
            guard let status = RunStatus(rawValue: string("status")) else { return nil }
            self = .runFinished(RunEndRecord(run: run, time: string("time"), status: status, durationMs: int("duration_ms")))
        default:
            return nil
        }
    }
}

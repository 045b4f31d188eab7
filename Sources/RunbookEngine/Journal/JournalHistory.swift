public import MicrosoftCloud

/// A step that finished successfully in some run, with the outputs later steps may use.
public struct CompletedStep: Sendable, Hashable {
    /// The step id.
    public var step: String
    /// Its recorded (non-secret) outputs.
    public var outputs: [String: JSONValue]
    /// The run that did the work.
    public var run: String
}

/// An unfinished run that a new run continues.
public struct ResumePoint: Sendable, Hashable {
    /// The unfinished run.
    public var run: String
    /// Why it is unfinished: `did not finish` (crash, Ctrl-C) or how it ended (`failed`, `waiting`, `aborted`).
    public var reason: String
    /// Steps it (or the runs it resumed) finished, by id.
    public var completed: [String: CompletedStep]
}

/// One run as its journal lines tell it.
public struct RunHistory: Sendable, Hashable {
    public var start: RunStartRecord
    /// Step ends in order (a retried step appears more than once).
    public var steps: [StepEndRecord] = []
    /// The end, or nil when the run did not finish (crash, Ctrl-C, SIGKILL).
    public var end: RunEndRecord?
}

/// A journal read back: runs in order, and the decisions a new run takes from them.
public struct JournalHistory: Sendable {
    /// The runs, oldest first.
    public let runs: [RunHistory]

    /// Groups records by run (records of a run whose start line is missing are ignored).
    public init(records: [JournalRecord]) {
        var runs: [RunHistory] = []
        var index: [String: Int] = [:]
        for record in records {
            switch record {
            case .runStarted(let start):
                index[start.run] = runs.count
                runs.append(RunHistory(start: start))
            case .stepStarted:
                break
            case .stepFinished(let end):
                if let at = index[end.run] { runs[at].steps.append(end) }
            case .runFinished(let end):
                if let at = index[end.run] { runs[at].end = end }
            }
        }
        self.runs = runs
    }

    /// The run a new apply run resumes: the last apply run of this target, when it did not succeed and was made
    /// against the same tenant and org. Nil when there is nothing to resume.
    public func resumePoint(for identity: TargetIdentity) -> ResumePoint? {
        guard let last = runs.last(where: { $0.start.mode == "apply" }) else { return nil }
        if last.end?.status == .succeeded { return nil }
        guard last.start.target == identity else { return nil }
        var completed: [String: CompletedStep] = [:]
        for end in last.steps {
            if end.status.isSuccess {
                completed[end.step] = CompletedStep(step: end.step, outputs: end.outputs, run: end.doneIn ?? end.run)
            } else {
                completed[end.step] = nil
            }
        }
        let reason = last.end.map { $0.status.rawValue } ?? "did not finish"
        return ResumePoint(run: last.start.run, reason: reason, completed: completed)
    }

    /// For each step, its latest successful end in an apply run against this target (for `--from` and `--only`).
    public func lastSuccessfulSteps(for identity: TargetIdentity) -> [String: CompletedStep] {
        var out: [String: CompletedStep] = [:]
        for run in runs where run.start.mode == "apply" && run.start.target == identity {
            for end in run.steps where end.status.isSuccess {
                out[end.step] = CompletedStep(step: end.step, outputs: end.outputs, run: end.doneIn ?? end.run)
            }
        }
        return out
    }
}

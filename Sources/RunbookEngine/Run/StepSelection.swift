import MicrosoftCloud
import PluginHost

/// Which steps a run runs, and which it takes from the journal: the decisions of resume, `--from` and `--only`.
public struct StepSelection: Sendable, Equatable {
    /// Steps in the run, in order (`--only` leaves out the steps after its step).
    public var steps: [StepSpec]
    /// Steps not run because an earlier run finished them: their recorded outputs and the run that did the work.
    public var completed: [String: CompletedStep]
    /// Steps that neither run nor have outputs (before `--from`/`--only` and not needed).
    public var omitted: Set<String>
    /// The unfinished run this one resumes.
    public var resumes: String?

    /// Decides for `request` from the journal's history. `--from`/`--only` name a step of the runbook; the earlier
    /// steps whose outputs the run needs must have a successful record against the same target.
    public static func decide(for request: RunRequest, history: JournalHistory) throws(RunbookError) -> StepSelection {
        let runbook = request.runbook
        let all = runbook.steps
        guard request.mode == .apply else {
            return StepSelection(steps: all, completed: [:], omitted: [], resumes: nil)
        }
        let option = request.only.map { ("--only", $0) } ?? request.from.map { ("--from", $0) }
        guard let (flag, name) = option else {
            if !request.restart, let point = history.resumePoint(for: request.identity) {
                let completed = point.completed.filter { id, _ in all.contains { $0.id == id } }
                return StepSelection(steps: all, completed: completed, omitted: [], resumes: point.run)
            }
            return StepSelection(steps: all, completed: [:], omitted: [], resumes: nil)
        }
        guard let index = all.firstIndex(where: { $0.id == name }) else {
            throw RunbookError(Runbook.commandLine, "\(flag) \(name): the runbook has no step '\(name)'"
                + Suggestion.hint(for: name, in: all.map(\.id)))
        }
        let running = request.only != nil ? [all[index]] : Array(all[index...])
        let earlier = all[..<index]
        var needed = Set<String>()
        for step in running {
            for (_, reference) in Runbook.references(in: step) {
                if case .output(let other, _) = reference, earlier.contains(where: { $0.id == other }) { needed.insert(other) }
            }
        }
        let recorded = history.lastSuccessfulSteps(for: request.identity)
        var completed: [String: CompletedStep] = [:]
        var omitted = Set<String>()
        var problems = ProblemList()
        for step in earlier {
            if let record = recorded[step.id] {
                completed[step.id] = record
            } else if needed.contains(step.id) {
                problems.add(Runbook.commandLine, "\(flag) \(name): step '\(step.id)' has no successful run against "
                    + "\(request.identity) in the journal, and '\(name)' needs its outputs; run without \(flag) first")
            } else {
                omitted.insert(step.id)
            }
        }
        try problems.check()
        let steps = request.only != nil ? Array(all[...index]) : all
        return StepSelection(steps: steps, completed: completed, omitted: omitted, resumes: nil)
    }
}

extension CompletedStep {
    /// The recorded outputs as step values.
    var values: [String: StepValue] { outputs.mapValues(StepValue.init) }
}

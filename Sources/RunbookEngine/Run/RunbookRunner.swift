public import Foundation
import HTTPTransport
import MicrosoftCloud
public import PluginHost

/// Runs a runbook for one target, step by step, through a `PluginHost`: plan (read and plan of every step,
/// read-only) or apply (read, plan, apply, verify of each step). It takes the target's lock (apply), resumes an
/// unfinished run, writes the journal, reports events and consults the controller before each step and after a
/// failure. Synchronous, on the calling thread.
public final class RunbookRunner {
    let request: RunRequest
    let host: PluginHost
    let forwarder: HostEventForwarder
    let state: StateLayout
    let sink: any RunEventSink
    let controller: any RunController
    let runID: String
    let clock: () -> Date
    var redactor: SecretRedactor { host.session.redactor }

    /// Outputs of the steps so far, by id.
    var outputs: [String: [String: StepValue]] = [:]
    /// Steps whose outputs are not known (skipped, or failed and skipped).
    var pending: Set<String> = []
    var statuses: [StepState: Int] = [:]
    var changeCount = 0
    var requests = RequestCount()
    var journal: Journal?
    /// The journal as it was when the run began (outputs of skipped steps come from it).
    var history = JournalHistory(records: [])
    var current: StepHeader?
    /// The step running now, as the controller sees it.
    var inspecting: StepInspection?

    /// A run of `request` on `host`; `forwarder` must be the one given to the host's `onEvent`.
    public init(
        request: RunRequest, host: PluginHost, forwarder: HostEventForwarder, state: StateLayout, sink: any RunEventSink,
        controller: any RunController = ContinueController(), clock: @escaping () -> Date = Date.init
    ) {
        self.request = request
        self.host = host
        self.forwarder = forwarder
        self.state = state
        self.sink = sink
        self.controller = controller
        self.clock = clock
        self.runID = RunRequest.newRunID(now: clock())
    }

    /// Runs every selected step and returns how the run ended. Throws `RunLockError` when another run of the target
    /// holds the lock, `RunbookError` for a `--from`/`--only` that cannot be honoured, and file errors of the journal.
    public func run() throws -> RunClosing {
        let target = request.target
        let lock = request.mode == .apply
            ? try RunLock(url: state.lock(target), description: target.description) : nil
        defer { withExtendedLifetime(lock) {} }
        let journalURL = state.journal(target)
        history = JournalHistory(records: try Journal.records(at: journalURL))
        let selection = try StepSelection.decide(for: request, history: history)
        let journal = try Journal(url: journalURL, redactor: redactor)
        self.journal = journal
        forwarder.sink = { [unowned self] event in self.hostEvent(event) }
        defer { forwarder.sink = nil }

        let started = clock()
        let headers = selection.steps.enumerated().map { index, step in
            StepHeader(id: step.id, plugin: step.uses, index: index + 1, count: selection.steps.count)
        }
        try journal.append(.runStarted(RunStartRecord(
            run: runID, time: Timestamp.iso(started), mode: request.mode.rawValue, runbook: target.runbook,
            customer: target.customer, environment: target.environment, target: request.identity,
            cliVersion: request.cliVersion, resumes: selection.resumes)))
        emit(.runStarted(RunOpening(run: runID, mode: request.mode.rawValue, target: target, identity: request.identity,
                                    steps: headers, resumes: selection.resumes)))

        var status = RunStatus.succeeded
        var pauseRequested = false
        loop: for (step, header) in zip(selection.steps, headers) {
            if let done = selection.completed[step.id] {
                try finishFromJournal(step, header, done)
                continue
            }
            if selection.omitted.contains(step.id) {
                pending.insert(step.id)
                try finish(step, header, StepOutcome(status: .skipped, durationMs: 0), startedAt: clock())
                continue
            }
            switch try runStep(step, header, pauseRequested: &pauseRequested) {
            case .next: continue
            case .stop(let ending):
                status = ending
                break loop
            }
        }
        let duration = milliseconds(since: started)
        try journal.append(.runFinished(RunEndRecord(run: runID, time: Timestamp.iso(clock()), status: status, durationMs: duration)))
        try journal.flush()
        let closing = RunClosing(run: runID, mode: request.mode.rawValue, status: status, durationMs: duration,
                                 statuses: statuses, changes: changeCount, requests: requests)
        emit(.runFinished(closing))
        return closing
    }

    /// Records a step finished in an earlier run (resume, `--from`) without running it.
    private func finishFromJournal(_ step: StepSpec, _ header: StepHeader, _ done: CompletedStep) throws {
        outputs[step.id] = done.values
        try finish(step, header, StepOutcome(status: .done, durationMs: 0, outputs: done.outputs, doneIn: done.run),
                   startedAt: clock())
    }

    /// Journals and reports the end of a step.
    func finish(_ step: StepSpec, _ header: StepHeader, _ outcome: StepOutcome, startedAt: Date) throws {
        statuses[outcome.status, default: 0] += 1
        requests = requests + outcome.requests
        try journal?.append(.stepFinished(StepEndRecord(
            run: runID, step: step.id, plugin: step.uses, time: Timestamp.iso(clock()), status: outcome.status,
            durationMs: outcome.durationMs, outputs: outcome.outputs, changes: outcome.changes, failure: outcome.failure,
            doneIn: outcome.doneIn, requests: outcome.requests.total)))
        emit(.stepFinished(header, outcome))
    }

    func emit(_ kind: RunEvent.Kind) {
        sink.handle(RunEvent(time: clock(), kind))
    }

    func milliseconds(since start: Date) -> Int {
        max(0, Int((clock().timeIntervalSince(start) * 1000).rounded()))
    }

    /// Log and progress lines of the host, reported for the current step.
    private func hostEvent(_ event: HostEvent) {
        guard let current else { return }
        switch event {
        case .log(let line):
            emit(.log(current, level: line.level.rawValue, message: line.message))
        case .progress(let progress):
            emit(.progress(current, message: progress.line))
        case .exchange(let exchange):
            guard let inspection = inspecting else { return }
            inspection.exchanges.append(exchange)
            controller.exchangeFinished(exchange, of: inspection)
        }
    }
}

import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import RunbookEngine
import StepwiseTesting
import Testing

/// Collects events.
private final class Recorder: RunEventSink {
    var events: [RunEvent] = []
    func handle(_ event: RunEvent) { events.append(event) }

    var finished: [(String, StepOutcome)] {
        events.compactMap { if case .stepFinished(let step, let outcome) = $0.kind { (step.id, outcome) } else { nil } }
    }
}

/// A controller that follows a script: a decision per step id, a decision after failures, and what it saw.
private final class ScriptedController: RunController {
    var before: [String: StepDecision] = [:]
    var onFailure: FailureDecision = .abort
    var seen: [String] = []
    var evaluated: [String: [LuaValue]] = [:]
    var failures: [(String, String, Int)] = []
    var planned: [PlannedChange]?

    func beforeStep(_ step: StepInspection) -> StepDecision {
        seen.append(step.step.id)
        if step.step.id == "app" {
            evaluated["app"] = try? step.evaluate("return type(graph.get), ctx")
            planned = try? step.plan()
        }
        return before[step.step.id] ?? .run
    }

    func afterFailure(_ step: StepInspection) -> FailureDecision {
        failures.append((step.step.id, step.error?.code ?? "", step.attempts))
        return onFailure
    }
}

/// Runs the Adobe runbook (no overlay) against an in-process twin, synchronously, off the cooperative pool.
private func run(
    _ twin: TwinFixture, state: StateLayout, mode: StepMode = .apply, controller: any RunController = ContinueController(),
    recorder: Recorder
) async throws -> RunClosing {
    let connection = twin.connection
    let box = Box(recorder: recorder, controller: controller)
    return try await blocking {
        let (prepared, host, forwarder) = try stageHost(connection, state: state)
        try prepared.runbook.validate(environment: "stage", settings: prepared.settings, parameters: prepared.parameters, host: host)
        let runner = RunbookRunner(request: prepared.request(mode: mode, cliVersion: "test"), host: host, forwarder: forwarder,
                                   state: state, sink: box.recorder, controller: box.controller)
        return try runner.run()
    }
}

/// Hands the (non-Sendable) recorder and controller to the run's thread; the test reads them after it ended.
private final class Box: @unchecked Sendable {
    let recorder: Recorder
    let controller: any RunController
    init(recorder: Recorder, controller: any RunController) {
        self.recorder = recorder
        self.controller = controller
    }
}

@Suite(.serialized) struct RunnerTests {
    @Test func quittingBeforeAStepLeavesARunThatTheNextRunResumes() async throws {
        let folder = try TempFolder()
        let state = StateLayout(root: folder.path("state"))
        try await TwinFixture.with { twin in
            let controller = ScriptedController()
            controller.before["permission"] = .quit
            let first = Recorder()
            let quit = try await run(twin, state: state, controller: controller, recorder: first)
            #expect(quit.status == .paused)
            #expect(controller.seen == ["tenant", "app", "permission"])
            #expect(first.finished.map(\.0) == ["tenant", "app"])
            #expect(controller.evaluated["app"]?.first == .string("function"), "eval reaches the plugin's host modules")
            #expect(controller.planned?.map(\.action) == [.create, .create], "the debugger can see a step's plan before it runs")

            let second = Recorder()
            let resumed = try await run(twin, state: state, recorder: second)
            #expect(resumed.status == .succeeded)
            let statuses = Dictionary(uniqueKeysWithValues: second.finished.map { ($0.0, $0.1.status) })
            #expect(statuses["tenant"] == .done && statuses["app"] == .done)
            #expect(statuses["permission"] == .changed)
            #expect(second.finished.first { $0.0 == "app" }?.1.doneIn == quit.run)
            guard case .runStarted(let opening) = second.events.first?.kind else {
                Issue.record("no run start")
                return
            }
            #expect(opening.resumes == quit.run)
        }
    }

    @Test func aFailedStepIsRetriedWhenTheControllerSaysSo() async throws {
        let folder = try TempFolder()
        let state = StateLayout(root: folder.path("state"))
        try await TwinFixture.with { twin in
            let control = twin.connection.control
            try await blocking {
                try TwinControl(base: control).addRule(["service": "graph", "method": "POST", "path_prefix": "/v1.0/applications/",
                                                        "status": 403, "count": 1])
            }
            let controller = ScriptedController()
            controller.onFailure = .retry
            let recorder = Recorder()
            let closing = try await run(twin, state: state, controller: controller, recorder: recorder)
            #expect(closing.status == .succeeded)
            #expect(controller.failures.count == 1)
            #expect(controller.failures.first?.0 == "secret")
            #expect(controller.failures.first?.1 == "graph.forbidden")
            #expect(controller.failures.first?.2 == 1)
            let journal = try Journal.records(at: state.journal(RunTarget(runbook: "adobe-campaign-d365", customer: "default", environment: "stage")))
            let secretEnds = journal.compactMap { record -> StepState? in
                if case .stepFinished(let end) = record, end.step == "secret" { end.status } else { nil }
            }
            #expect(secretEnds == [.failed, .changed])
        }
    }

    @Test func skippingAStepFailsTheStepsThatNeedItsOutputs() async throws {
        let folder = try TempFolder()
        let state = StateLayout(root: folder.path("state"))
        try await TwinFixture.with { twin in
            let controller = ScriptedController()
            controller.before["secret"] = .skip
            let recorder = Recorder()
            let closing = try await run(twin, state: state, controller: controller, recorder: recorder)
            #expect(closing.status == .failed)
            let statuses = recorder.finished.map { "\($0.0)=\($0.1.status.rawValue)" }
            #expect(statuses.contains("secret=skipped"))
            let verify = recorder.finished.first { $0.0 == "verify" }?.1
            #expect(verify?.status == .failed)
            #expect(verify?.failure?.code == "engine.missing_outputs")
            #expect(verify?.failure?.message.contains("needs the outputs of step 'secret', which did not run") == true)
        }
    }

    @Test func planModeWritesNothingAndListsTheChanges() async throws {
        let folder = try TempFolder()
        let state = StateLayout(root: folder.path("state"))
        try await TwinFixture.with { twin in
            let recorder = Recorder()
            let closing = try await run(twin, state: state, mode: .plan, recorder: recorder)
            #expect(closing.status == .succeeded)
            #expect(closing.changes > 5)
            let control = twin.connection.control
            let requests = try await blocking { try TwinControl(base: control).requests() }
            let writes = requests.filter {
                $0["method"]?.stringValue != "GET" && !($0["path"]?.stringValue ?? "").hasSuffix("/oauth2/v2.0/token")
            }
            #expect(writes.isEmpty)
            let app = recorder.finished.first { $0.0 == "app" }?.1
            #expect(app?.status == .planned)
            #expect(app?.outputs.isEmpty == true, "outputs known only after apply are not reported")
            #expect(!FileManager.default.fileExists(atPath: state.lock(RunTarget(runbook: "adobe-campaign-d365", customer: "default", environment: "stage")).path))
        }
    }
}

import Foundation
import MicrosoftCloud
import Testing

/// The mission, end to end on the built binary against a twin: plan, run, plan again (empty), rerun (reads only),
/// and the twin's state afterwards; the secret's value never shows anywhere.
@Suite(.serialized) struct RunbookFlowTests {
    @Test func planRunPlanAgainAndRerunConverge() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            // Plan: read-only everywhere.
            let plan = try await workspace.stepwise(twin.arguments("plan", env: "stage"))
            #expect(plan.status == 0, "\(plan.transcript)")
            #expect(plan.stdout.contains("+ create application 'adobe campaign stage'"), "\(plan.transcript)")
            #expect(plan.stdout.contains("plan: "), "\(plan.transcript)")
            let planRequests = try await twin.requests()
            #expect(!planRequests.isEmpty)
            #expect(onlyReads(planRequests) == [], "plan sent writes")

            // Run.
            var mark = try await twin.lastSequence()
            let run = try await workspace.stepwise(twin.arguments("run", env: "stage", ["--output", "json"]))
            #expect(run.status == 0, "\(run.transcript)")
            let events = try jsonLines(run.stdout)
            #expect(events.first?["event"]?.stringValue == "run_started")
            #expect(events.last?["event"]?.stringValue == "run_finished")
            #expect(events.last?["status"]?.stringValue == "succeeded")
            let finished = events.filter { $0["event"]?.stringValue == "step_finished" }
            #expect(finished.map { $0["step"]?.stringValue ?? "" } == [
                "tenant", "app", "permission", "secret", "app_user", "role", "team", "solution", "processes", "verify", "handoff",
            ])
            #expect(finished.first { $0["step"]?.stringValue == "app" }?["status"]?.stringValue == "changed")
            let counted = finished.reduce(0) { $0 + Int($1["requests"]?["total"]?.intValue ?? 0) }
            let sent = try await twin.requests(since: mark).count
            #expect(counted == sent, "requests per step add up to what the twin received")

            // Plan again: nothing to change.
            mark = try await twin.lastSequence()
            let again = try await workspace.stepwise(twin.arguments("plan", env: "stage", ["--output", "json"]))
            #expect(again.status == 0, "\(again.transcript)")
            let closing = try jsonLines(again.stdout).last
            #expect(closing?["changes"]?.intValue == 0, "\(again.transcript)")
            #expect(onlyReads(try await twin.requests(since: mark)) == [])

            // A rerun converges: only reads (and token requests), every step unchanged.
            mark = try await twin.lastSequence()
            let rerun = try await workspace.stepwise(twin.arguments("run", env: "stage"))
            #expect(rerun.status == 0, "\(rerun.transcript)")
            #expect(rerun.stdout.contains("11 unchanged"), "\(rerun.transcript)")
            #expect(onlyReads(try await twin.requests(since: mark)) == [], "a rerun wrote something")

            let problems = ConvergedState(env: "stage").problems(state: try await twin.state(), workspace: workspace)
            #expect(problems.isEmpty, "\(problems)")
            try expectSecretNeverShown(workspace: workspace, outputs: [plan, run, again, rerun])
        }
    }

    /// The secret's value, read from the store file, appears in no output, journal line, event or report.
    private func expectSecretNeverShown(workspace: Workspace, outputs: [Outcome]) throws {
        let secrets = workspace.path(".stepwise/secrets")
        let files = try FileManager.default.contentsOfDirectory(atPath: secrets.path).filter { $0.hasSuffix(".json") }
        #expect(files.count == 1)
        let entry = try JSONValue.parse(Data(contentsOf: secrets.appendingPathComponent(files[0])))
        let value = try #require(entry["value"]?.stringValue)
        #expect(value.count >= 30)
        var places = outputs.flatMap { [$0.stdout, $0.stderr] }
        places.append(workspace.read(".stepwise/journal/adobe-campaign-d365/contoso/stage.jsonl"))
        places.append(workspace.read(".stepwise/reports/adobe-campaign-d365/contoso/stage/handoff.md"))
        places.append(workspace.read(".stepwise/reports/adobe-campaign-d365/contoso/stage/handoff.json"))
        #expect(places[places.count - 3].contains("\"record\":\"run_end\""))
        #expect(places[places.count - 2].contains("adobe-campaign-d365/contoso/stage/client-secret"))
        for (index, text) in places.enumerated() {
            #expect(!text.contains(value), "the secret's value appears in output \(index)")
        }
    }
}

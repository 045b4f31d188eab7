import Foundation
import MicrosoftCloud
import Testing

/// Runs that stop part-way (a failed step, a crash) are resumed; `--from` and `--only` take earlier outputs from the
/// journal.
@Suite struct ResumeTests {
    private func runID(_ outcome: Outcome) -> String? {
        outcome.stdout.firstMatch(of: /, run (\d{8}-\d{6}-[0-9a-f]{4})/).map { String($0.1) }
    }

    @Test func aRunResumesAfterAFailedStep() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            try await twin.addRule(["service": "graph", "method": "POST", "path_prefix": "/v1.0/applications/",
                                    "status": 403, "count": 1])
            let failed = try await workspace.stepwise(twin.arguments("run", env: "stage"))
            #expect(failed.status == 1, "\(failed.transcript)")
            #expect(failed.stdout.contains("[4/11] secret: failed"), "\(failed.transcript)")
            #expect(failed.stdout.contains("error: step secret (entra.client_secret) apply: Graph 403"), "\(failed.transcript)")
            let first = try #require(runID(failed))

            let mark = try await twin.lastSequence()
            let resumed = try await workspace.stepwise(twin.arguments("run", env: "stage", ["--output", "json"]))
            #expect(resumed.status == 0, "\(resumed.transcript)")
            let events = try jsonLines(resumed.stdout)
            #expect(events.first?["resumes"]?.stringValue == first)
            let ends = events.filter { $0["event"]?.stringValue == "step_finished" }
            for step in ["tenant", "app", "permission"] {
                let end = ends.first { $0["step"]?.stringValue == step }
                #expect(end?["status"]?.stringValue == "done", "\(step)")
                #expect(end?["done_in"]?.stringValue == first, "\(step)")
                #expect(end?["outputs"]?.objectValue?.isEmpty == false, "\(step) keeps its recorded outputs")
            }
            #expect(ends.first { $0["step"]?.stringValue == "secret" }?["status"]?.stringValue == "changed")
            let writes = onlyReads(try await twin.requests(since: mark))
            #expect(!writes.contains { $0.contains("servicePrincipals") }, "the app step did not run again: \(writes)")

            let plain = try await workspace.stepwise(["journal", "show", "adobe-campaign-d365", "--customer", "contoso", "--env", "stage"])
            #expect(plain.stdout.contains("run \(first)  apply"), "\(plain.transcript)")
            #expect(plain.stdout.contains("failed"), "\(plain.transcript)")
            #expect(plain.stdout.contains("done in run \(first)"), "\(plain.transcript)")
        }
    }

    @Test func aKilledRunIsResumedAndConverges() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let killed = try await workspace.stepwise(twin.arguments("run", env: "stage"),
                                                      environment: ["STEPWISE_CRASH_AFTER_REQUESTS": "12"])
            #expect(killed.signaled && killed.status == SIGKILL, "the crash hook kills the process: \(killed.transcript)")
            let journal = workspace.read(".stepwise/journal/adobe-campaign-d365/contoso/stage.jsonl")
            #expect(journal.contains("\"record\":\"run_start\"") && !journal.contains("\"record\":\"run_end\""))

            let resumed = try await workspace.stepwise(twin.arguments("run", env: "stage"))
            #expect(resumed.status == 0, "\(resumed.transcript)")
            #expect(resumed.stdout.contains("resuming run "), "\(resumed.transcript)")
            let state = try await twin.state()
            let apps = (state["applications"]?.arrayValue ?? []).filter { $0["displayName"]?.stringValue == "adobe campaign stage" }
            #expect(apps.count == 1)
            #expect(apps.first?["passwordCredentials"]?.arrayValue?.count == 1)
        }
    }

    @Test func fromAndOnlyTakeEarlierOutputsFromTheJournal() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let missing = try await workspace.stepwise(twin.arguments("run", env: "stage", ["--from", "secret"]))
            #expect(missing.status == 2, "\(missing.transcript)")
            #expect(missing.stderr.contains("--from secret: step 'app' has no successful run against"), "\(missing.transcript)")

            let full = try await workspace.stepwise(twin.arguments("run", env: "stage"))
            #expect(full.status == 0, "\(full.transcript)")
            let first = try #require(runID(full))
            let before = try await twin.state()
            let oldKey = (before["applications"]?.arrayValue ?? [])
                .first { $0["displayName"]?.stringValue == "adobe campaign stage" }?["passwordCredentials"]?[0]?["keyId"]

            let rotated = try await workspace.stepwise(twin.arguments("run", env: "stage", ["--from", "secret", "--rotate-secret"]))
            #expect(rotated.status == 0, "\(rotated.transcript)")
            #expect(rotated.stdout.contains("[2/11] app: done in run \(first)"), "\(rotated.transcript)")
            #expect(rotated.stdout.contains("then the current one is removed"), "\(rotated.transcript)")
            let after = try await twin.state()
            let secrets = (after["applications"]?.arrayValue ?? [])
                .first { $0["displayName"]?.stringValue == "adobe campaign stage" }?["passwordCredentials"]?.arrayValue ?? []
            #expect(secrets.count == 1, "rotation leaves exactly one secret")
            #expect(secrets.first?["keyId"] != oldKey, "and it is a new one")

            let only = try await workspace.stepwise(twin.arguments("run", env: "stage", ["--only", "role", "--output", "json"]))
            #expect(only.status == 0, "\(only.transcript)")
            let ends = try jsonLines(only.stdout).filter { $0["event"]?.stringValue == "step_finished" }
            #expect(ends.map { $0["step"]?.stringValue ?? "" } == ["tenant", "app", "permission", "secret", "app_user", "role"])
            #expect(ends.last?["status"]?.stringValue == "unchanged")
        }
    }
}

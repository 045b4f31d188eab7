import Foundation
import MicrosoftCloud
import Testing

/// `quit` (and the end of standard input) leave the run paused; the next run finishes it without redoing the
/// steps that finished, which the twin's request log shows.
@Suite struct DebuggerResumeTests {
    @Test func quitPausesTheRunAndTheNextRunFinishesOnlyTheRest() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let paused = try await DebuggerSessionTests.session(
                workspace, twin, ["--step"], ["next", "next", "next", "next", "inspect outputs", "quit"])
            try Golden.check(DebuggerSessionTests.transcript(paused), "quit", in: workspace)
            #expect(paused.status == 1, "\(paused.transcript)")
            #expect(paused.stdout.contains("is paused (run it again to resume)"), "\(paused.transcript)")
            let journal = workspace.read(".stepwise/journal/adobe-campaign-d365/contoso/stage.jsonl")
            #expect(journal.contains("\"status\":\"paused\""), "the journal marks the run paused")
            let pausedWrites = onlyReads(try await twin.requests())
            #expect(pausedWrites.contains { $0.contains("addPassword") }, "the secret step ran: \(pausedWrites)")
            #expect(!pausedWrites.contains { $0.hasPrefix("POST dataverse") }, "app_user did not run: \(pausedWrites)")

            let mark = try await twin.lastSequence()
            let resumed = try await workspace.stepwise(twin.arguments("run", env: "stage"))
            #expect(resumed.status == 0, "\(resumed.transcript)")
            #expect(resumed.stdout.contains("resuming run "), "\(resumed.transcript)")
            for (index, step) in ["tenant", "app", "permission", "secret"].enumerated() {
                #expect(resumed.stdout.contains("[\(index + 1)/11] \(step): done in run "), "\(step): \(resumed.transcript)")
            }
            let writes = onlyReads(try await twin.requests(since: mark))
            let graphWrites = writes.filter { $0.contains(" graph ") }
            #expect(graphWrites.isEmpty, "no writes for the finished steps (app, permission, secret): \(graphWrites)")
            #expect(writes.contains { $0.hasPrefix("POST dataverse") }, "the remaining steps ran: \(writes)")
            let state = try await twin.state()
            let app = (state["applications"]?.arrayValue ?? []).filter { $0["displayName"]?.stringValue == "adobe campaign stage" }
            #expect(app.count == 1 && app.first?["passwordCredentials"]?.arrayValue?.count == 1)
        }
    }

    @Test func theEndOfStandardInputQuitsBeforeAnyWrite() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let outcome = try await DebuggerSessionTests.session(workspace, twin, ["--step"], [])
            #expect(outcome.status == 1, "\(outcome.transcript)")
            #expect(outcome.stdout.contains("end of input: quitting"), "\(outcome.transcript)")
            #expect(outcome.stdout.contains("is paused"), "\(outcome.transcript)")
            #expect(onlyReads(try await twin.requests()) == [], "nothing was applied")

            let failing = try await DebuggerSessionTests.session(workspace, twin, ["--debug-on-failure"], [])
            #expect(failing.status == 0, "without a failure the debugger never asks: \(failing.transcript)")
        }
    }

    @Test func skipTakesTheOutputsAnEarlierRunRecorded() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let full = try await workspace.stepwise(twin.arguments("run", env: "stage"))
            #expect(full.status == 0, "\(full.transcript)")
            let first = try #require(full.stdout.firstMatch(of: /, run (\d{8}-\d{6}-[0-9a-f]{4})/).map { String($0.1) })

            let mark = try await twin.lastSequence()
            let skipped = try await DebuggerSessionTests.session(
                workspace, twin, ["--step", "--restart"], ["skip", "skip", "inspect outputs", "continue"])
            #expect(skipped.status == 0, "\(skipped.transcript)")
            #expect(skipped.stdout.components(separatedBy: "skipped; its outputs come from run \(first)").count == 3,
                    "\(skipped.transcript)")
            #expect(skipped.stdout.contains("(stepwise permission) inspect outputs\ntenant = { domain = \"contoso.onmicrosoft.com\""),
                    "\(skipped.transcript)")
            #expect(skipped.stdout.contains("[3/11] permission: unchanged"), "later steps ran with them: \(skipped.transcript)")
            #expect(onlyReads(try await twin.requests(since: mark)) == [], "everything was in sync already")
        }
    }
}

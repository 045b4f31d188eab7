import Foundation
import MicrosoftCloud
import Testing

/// Scripted sessions of the step debugger (`stepwise run --step`, `--debug-on-failure`) against the twin: the
/// commands come from standard input, one per line, and the whole output is compared with a golden transcript.
@Suite struct DebuggerSessionTests {
    /// Runs the Adobe runbook for stage with `flags`, typing `commands`, and returns what it printed.
    static func session(_ workspace: Workspace, _ twin: TwinUnderTest, _ flags: [String], _ commands: [String]) async throws -> Outcome {
        try await workspace.stepwise(twin.arguments("run", env: "stage", flags), stdin: commands.map { $0 + "\n" }.joined())
    }

    /// The transcript as a golden file holds it: standard output, then standard error and the exit status.
    static func transcript(_ outcome: Outcome) -> String {
        outcome.stdout + "--- stderr\n" + outcome.stderr + "--- exit \(outcome.status)\n"
    }

    /// The client secret the runs stored (`stepwise secrets list --reveal`).
    static func storedSecret(_ workspace: Workspace) async throws -> String {
        let reveal = try await workspace.stepwise(["secrets", "list", "--reveal", "adobe-campaign-d365/contoso/stage/client-secret"])
        let value = reveal.stdout.trimmingCharacters(in: .newlines)
        try #require(reveal.status == 0 && value.count >= 30, "the secret was stored: \(reveal.transcript)")
        return value
    }

    @Test func steppingShowsEachStepAndTakesCommands() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let outcome = try await Self.session(workspace, twin, ["--step"], [
                "help", "next",
                "inspect params", "eval ctx.params.display_name", "eval 1 +", "bogus", "contnue", "inspect bogus",
                "next now", "delete 3", "break", "set nope 1", "set sign_in_audience 42",
                "set display_name \"adobe campaign debug\"", "plan", "n",
                "inspect outputs", "inspect http", "inspect http 2", "inspect http 99", "skip",
                "retry", "locals", "", "q",
            ])
            try Golden.check(Self.transcript(outcome), "stepping", in: workspace)
            #expect(outcome.status == 1, "a paused run is not a success: \(outcome.transcript)")
            let state = try await twin.state()
            let names = (state["applications"]?.arrayValue ?? []).compactMap { $0["displayName"]?.stringValue }
            #expect(names.contains("adobe campaign debug"), "set changed what the step created: \(names)")
            let writes = onlyReads(try await twin.requests())
            #expect(!writes.contains { $0.contains("/applications/") && $0.hasPrefix("PATCH") },
                    "the skipped permission step wrote nothing: \(writes)")
        }
    }

    @Test func lineBreakpointsShowLocalsAndKeepTheSecretHidden() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let outcome = try await Self.session(workspace, twin, ["--step"], [
                "break dataverse/process_owner.lua:1", "break dataverse/process_owner.lua:500",
                "break dataverse/proces_owner.lua:80", "break dataverse/process_owner.lua:x",
                "break dataverse/process_owner.lua:80", "break entra/client_secret.lua:86", "break entra/client_secret.lua:86",
                "breaks", "where", "continue",
                "locals", "eval cred.secretText", "eval { text = cred.secretText, n = #cred.keyId }", "eval ref", "where",
                "step", "step", "eval ref", "inspect http", "inspect http 3", "delete 2", "c",
                "eval row.name", "eval ctx.params.owner_id == owner", "inspect ctx", "breaks", "delete 1", "continue",
            ])
            try Golden.check(Self.transcript(outcome), "breakpoints", in: workspace)
            #expect(outcome.status == 0, "\(outcome.transcript)")
            let secret = try await Self.storedSecret(workspace)
            #expect(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret), "the secret value was printed")
            #expect(outcome.stdout.contains("<secret>"), "the handle prints as <secret>")
        }
    }

    @Test func debugOnFailureRetriesAFailedStep() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            try await twin.addRule(["service": "dataverse", "method": "PATCH", "path_prefix": "/api/data/v9.2/workflows(",
                                    "status": 500, "count": 1])
            let outcome = try await Self.session(workspace, twin, ["--debug-on-failure"], [
                "help", "continue", "inspect http", "eval ctx.params.processes[1]", "set owner_id 7", "plan", "retry",
            ])
            try Golden.check(Self.transcript(outcome), "failure-retry", in: workspace)
            #expect(outcome.status == 0, "the retry succeeded: \(outcome.transcript)")
            #expect(outcome.stdout.contains("succeeded"), "\(outcome.transcript)")
            let secret = try await Self.storedSecret(workspace)
            #expect(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret))
        }
    }

    @Test func httpErrorBreakpointStopsAfterAFailedExchange() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let outcome = try await Self.session(workspace, twin, ["--step"], [
                "break http-error", "next", "inspect http", "eval ctx.params.display_name", "skip", "set display_name 1", "next",
                "breaks", "delete 1", "continue",
            ])
            try Golden.check(Self.transcript(outcome), "http-error", in: workspace)
            #expect(outcome.status == 0, "\(outcome.transcript)")
        }
    }
}

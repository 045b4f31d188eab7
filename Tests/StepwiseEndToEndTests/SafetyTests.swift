import Foundation
import MicrosoftCloud
import RunbookEngine
import Testing

/// The guards around a run: prod's confirmation, the per-target lock, and the command secret store.
@Suite struct SafetyTests {
    @Test func prodNeedsYesWithoutATerminal() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let refused = try await workspace.stepwise(twin.arguments("run", env: "prod"), stdin: "prod\n")
            #expect(refused.status == 2, "\(refused.transcript)")
            #expect(refused.stderr.contains("environment 'prod' needs a confirmation"), "\(refused.transcript)")
            #expect(refused.stderr.contains("--yes"), "\(refused.transcript)")
            #expect(try await twin.requests().isEmpty)

            let plan = try await workspace.stepwise(twin.arguments("plan", env: "prod"))
            #expect(plan.status == 0, "plan needs no confirmation: \(plan.transcript)")

            let confirmed = try await workspace.stepwise(twin.arguments("run", env: "prod", ["--yes"]))
            #expect(confirmed.status == 0, "\(confirmed.transcript)")
            #expect(confirmed.stdout.contains("succeeded"), "\(confirmed.transcript)")
            let state = try await twin.state()
            let solutions = state["orgs"]?["prod"]?["tables"]?["solutions"]?.arrayValue ?? []
            #expect(solutions.contains { $0["uniquename"]?.stringValue == "AdobeCampaignStandard" },
                    "the solution was installed in prod through the Power Platform API")
        }
    }

    @Test func aSecondRunOfTheSameTargetIsRefusedWhileTheFirstHoldsTheLock() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let lock = try RunLock(url: workspace.path(".stepwise/locks/adobe-campaign-d365--contoso--stage.lock"),
                                   description: "held by the test")
            defer { withExtendedLifetime(lock) {} }

            let second = try await workspace.stepwise(twin.arguments("run", env: "stage"))
            #expect(second.status == 1, "\(second.transcript)")
            #expect(second.stderr.contains("another run of adobe-campaign-d365 for contoso/stage is in progress (pid \(getpid()), started "),
                    "\(second.transcript)")
            #expect(onlyReads(try await twin.requests()) == [], "the refused run changed nothing")

            let otherTarget = try await workspace.stepwise(twin.arguments("plan", env: "stage"))
            #expect(otherTarget.status == 0, "planning needs no lock: \(otherTarget.transcript)")
        }
    }

    @Test func theSecretCommandKeepsTheValueOutOfTheStateFolder() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let vault = workspace.path("vault")
            try FileManager.default.createDirectory(at: vault, withIntermediateDirectories: true)
            try workspace.write("vault.sh", """
                #!/bin/sh
                file="\(vault.path)/$(printf '%s' "$STEPWISE_SECRET_NAME" | tr '/' '_')"
                case "$STEPWISE_SECRET_ACTION" in
                  store) cat > "$file" ;;
                  get) cat "$file" ;;
                  forget) rm -f "$file" ;;
                esac
                """)
            let command = "sh '\(workspace.path("vault.sh").path)'"
            let run = try await workspace.stepwise(twin.arguments("run", env: "stage", ["--secret-command", command]))
            #expect(run.status == 0, "\(run.transcript)")
            let stored = try FileManager.default.contentsOfDirectory(atPath: vault.path)
            #expect(stored == ["adobe-campaign-d365_contoso_stage_client-secret"])
            let name = try #require(stored.first, "the secret command stored nothing")
            let value = try String(contentsOf: vault.appendingPathComponent(name), encoding: .utf8)
            #expect(value.count >= 30)
            #expect(!FileManager.default.fileExists(atPath: workspace.path(".stepwise/secrets").path),
                    "no secret file is written with --secret-command")
            #expect(!run.stdout.contains(value) && !run.stderr.contains(value))
            #expect(run.stdout.contains("signed in as application"), "the check signed in with the stored secret")

            let list = try await workspace.stepwise(["secrets", "list", "--secret-command", command])
            #expect(list.status == 0, "\(list.transcript)")
            #expect(list.stdout.contains("adobe-campaign-d365/contoso/stage/client-secret"), "\(list.transcript)")
            #expect(list.stdout.contains("command"), "\(list.transcript)")
            #expect(!list.stdout.contains(value))

            let reveal = try await workspace.stepwise(
                ["secrets", "list", "--secret-command", command, "--reveal", "adobe-campaign-d365/contoso/stage/client-secret"])
            #expect(reveal.stdout == value + "\n", "--reveal prints the value and nothing else")

            let rerun = try await workspace.stepwise(twin.arguments("run", env: "stage", ["--secret-command", command]))
            #expect(rerun.status == 0, "\(rerun.transcript)")
            #expect(rerun.stdout.contains("11 unchanged"), "the stored secret is found again: \(rerun.transcript)")
        }
    }
}

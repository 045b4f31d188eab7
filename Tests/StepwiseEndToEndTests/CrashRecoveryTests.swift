import CloudTwin
import Foundation
import MicrosoftCloud
import Testing

/// A run interrupted anywhere converges when run again: killed (SIGKILL) after each of its HTTP responses in turn,
/// and with the writes that matter most applied by the service but never answered.
@Suite(.serialized) struct CrashRecoveryTests {
    /// How a target was left after an interrupted run and the reruns that followed.
    struct Recovery {
        var reruns: [Outcome] = []
        var problems: [String] = []
    }

    /// Reruns `stepwise run` without the hook until it exits 0 (at most `limit` times), then checks the tenant's
    /// state and that a new plan is empty.
    private func recover(
        _ workspace: Workspace, twin: TwinUnderTest, env: String = "stage", limit: Int = 2
    ) async throws -> Recovery {
        var recovery = Recovery()
        let confirm = env == "prod" ? ["--yes"] : []
        while recovery.reruns.count < limit, recovery.reruns.last?.status != 0 {
            recovery.reruns.append(try await workspace.stepwise(twin.arguments("run", env: env, confirm)))
        }
        guard let last = recovery.reruns.last, last.status == 0, !last.signaled else {
            recovery.problems.append("no rerun of \(limit) exited 0:\n"
                + recovery.reruns.map(\.transcript).joined(separator: "\n"))
            return recovery
        }
        recovery.problems += ConvergedState(env: env).problems(state: try await twin.state(), workspace: workspace)
        let plan = try await workspace.stepwise(twin.arguments("plan", env: env, ["--output", "json"]))
        if plannedChanges(plan) != 0 {
            recovery.problems.append("the plan after recovery is not empty:\n\(plan.transcript)")
        }
        return recovery
    }

    @Test func aRunKilledAfterAnyOfItsRequestsConvergesWhenRunAgain() async throws {
        let home = try Workspace()
        try await withTwin(home) { twin in
            let clock = ContinuousClock()
            let started = clock.now
            let first = try await home.stepwise(twin.arguments("run", env: "stage", ["--output", "json"]))
            try #require(first.status == 0, "\(first.transcript)")
            let count = try reportedRequests(first)
            let seen = try await twin.requests().count
            try #require(count == seen && count > 20, "the run reported \(count) requests, the twin saw \(seen)")

            var failures: [String] = []
            var rerunCounts: [Int: Int] = [:]
            for k in 1...count {
                try await twin.reset()
                let workspace = try Workspace()
                let killed = try await workspace.stepwise(
                    twin.arguments("run", env: "stage"), environment: ["STEPWISE_CRASH_AFTER_REQUESTS": "\(k)"])
                guard killed.signaled, killed.status == SIGKILL else {
                    failures.append("k=\(k): the crash hook did not kill the run\n\(killed.transcript)")
                    continue
                }
                let recovery = try await recover(workspace, twin: twin)
                rerunCounts[recovery.reruns.count, default: 0] += 1
                if !recovery.problems.isEmpty {
                    failures.append("k=\(k) of \(count): " + recovery.problems.joined(separator: "; "))
                }
            }
            #expect(failures.isEmpty, "\(failures.count) crash points did not converge:\n\(failures.joined(separator: "\n"))")
            print("crash recovery: \(count) crash points, reruns needed \(rerunCounts.sorted { $0.key < $1.key }), "
                + "\(clock.now - started)")
        }
    }

    /// A write the service made whose answer never arrived (the connection closed after the service handled it).
    struct UnansweredWrite: Sendable, CustomTestStringConvertible {
        var name: String
        var env: String
        var rule: JSONValue
        var testDescription: String { name }
    }

    static let unansweredWrites: [UnansweredWrite] = [
        UnansweredWrite(
            name: "addPassword", env: "stage",
            rule: ["service": "graph", "method": "POST", "path_prefix": "/v1.0/applications/", "drop_after": true]),
        UnansweredWrite(
            name: "the application upsert", env: "stage",
            rule: ["service": "graph", "method": "PATCH", "path_prefix": "/v1.0/applications(", "drop_after": true]),
        UnansweredWrite(
            name: "the application user create", env: "stage",
            rule: ["service": "dataverse:stage", "method": "POST", "path_prefix": "/api/data/v9.2/systemusers",
                   "drop_after": true]),
        UnansweredWrite(
            name: "the solution install", env: "prod",
            rule: ["service": "powerplatform", "method": "POST", "path_prefix": "/appmanagement/", "drop_after": true]),
    ]

    @Test(arguments: unansweredWrites)
    func aWriteAppliedButNeverAnsweredIsAdoptedOrCleanedUp(_ write: UnansweredWrite) async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            try await twin.addRule(write.rule)
            let confirm = write.env == "prod" ? ["--yes"] : []
            let interrupted = try await workspace.stepwise(twin.arguments("run", env: write.env, confirm))
            let dropped = try await twin.requests().filter { $0["fault"]?.stringValue == "drop_after" }
            #expect(dropped.count == 1, "the rule hit \(write.name) once")
            #expect(dropped.allSatisfy { (200...299).contains($0["status"]?.intValue ?? 0) },
                    "the service applied \(write.name): \(dropped)")
            #expect(!interrupted.signaled, "\(interrupted.transcript)")

            var recovery = Recovery()
            if interrupted.status == 0 {
                // The client may recover within the run (a retried idempotent call): then it must have converged.
                recovery.problems = ConvergedState(env: write.env).problems(state: try await twin.state(), workspace: workspace)
            } else {
                #expect(interrupted.status == 1, "\(interrupted.transcript)")
                recovery = try await recover(workspace, twin: twin, env: write.env)
            }
            #expect(recovery.problems.isEmpty, "\(write.name): \(recovery.problems)\n\(interrupted.transcript)")
        }
    }
}

import CloudTwin
import Foundation
import MicrosoftCloud
import Testing

/// The built binary against a twin that throttles (429) and fails (503) a fifth of all requests and lags behind
/// every create (applications, secrets, application users): `run` for stage and for prod still ends with exit 0 in
/// one go, a new plan is empty, and the tenant holds exactly one of everything. Each case has a fixed seed, so a
/// failure replays with `stepwise twin serve --faults '<spec>'`.
@Suite(.serialized) struct ConvergenceUnderFaultsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var lagApp: Int
        var lagSecret: Int
        var lagAppUser: Int
        /// Seconds sent in `Retry-After` with every injected 429 and 503.
        var retryAfter: Int

        var spec: String {
            "429=0.1,503=0.1,retry_after=\(retryAfter),lag.app=\(lagApp),lag.secret=\(lagSecret),lag.appuser=\(lagAppUser),seed=\(seed)"
        }
        var testDescription: String { "faults \(spec)" }
    }

    /// Three seeds; lags from a few hundred ms to 2 s. One case honours a real one-second `Retry-After`; the others
    /// answer `Retry-After: 0` so the suite stays fast (waiting is covered by MicrosoftCloud's retry tests).
    static let cases: [Case] = [
        Case(seed: 11, lagApp: 300, lagSecret: 800, lagAppUser: 500, retryAfter: 1),
        Case(seed: 2024, lagApp: 2000, lagSecret: 1500, lagAppUser: 1000, retryAfter: 0),
        Case(seed: 777, lagApp: 1000, lagSecret: 2000, lagAppUser: 2000, retryAfter: 0),
    ]

    @Test(arguments: cases)
    func stageAndProdConvergeUnderThrottlingAndReplicationLag(_ faults: Case) async throws {
        let workspace = try Workspace()
        try await withTwin(workspace, TwinOptions(faults: faults.spec)) { twin in
            let replay = "replay: stepwise twin serve --faults '\(faults.spec)'"
            for env in ["stage", "prod"] {
                let confirm = env == "prod" ? ["--yes"] : []
                let run = try await workspace.stepwise(twin.arguments("run", env: env, confirm + ["--output", "json"]))
                #expect(run.status == 0 && !run.signaled, "\(env), \(replay)\n\(run.transcript)")
                #expect(try jsonLines(run.stdout).last?["status"]?.stringValue == "succeeded", "\(env), \(replay)")

                let plan = try await workspace.stepwise(twin.arguments("plan", env: env, ["--output", "json"]))
                #expect(plannedChanges(plan) == 0, "after the run, \(env)'s plan is empty; \(replay)\n\(plan.transcript)")
            }

            let state = try await twin.state()
            for env in ["stage", "prod"] {
                let problems = ConvergedState(env: env).problems(state: state, workspace: workspace)
                #expect(problems.isEmpty, "\(env) did not converge (\(replay)): \(problems)")
            }
            let log = try await twin.requests()
            let injected = log.filter { ["429", "503"].contains($0["fault"]?.stringValue ?? "") }.count
            #expect(injected >= 10, "the faults were in effect: \(injected) of \(log.count) requests were refused; \(replay)")
        }
    }
}

import Foundation
import Testing

/// `--twin`: the CLI starts its own twin in process (demo tenant, orgs stage and prod) and stops it on exit.
@Suite struct InProcessTwinTests {
    @Test func planForStageAgainstTheInProcessTwinExitsZero() async throws {
        let workspace = try Workspace()
        let plan = try await workspace.stepwise(["plan", "adobe-campaign-d365", "--env", "stage", "--customer", "contoso", "--twin"])
        #expect(plan.status == 0 && !plan.signaled, "\(plan.transcript)")
        #expect(plan.stdout.contains("+ create application 'adobe campaign stage'"), "\(plan.transcript)")
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: workspace.path(".stepwise/secrets").path)) ?? []
        #expect(stored.isEmpty, "a plan stores no secret: \(stored)")
    }
}

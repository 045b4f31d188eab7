import Foundation
import HTTPTransport
import MicrosoftCloud
import RunbookEngine
import StepwiseTesting
import Testing

@Suite struct JournalTests {
    let identity = TargetIdentity(tenant: "contoso.onmicrosoft.com", org: "https://contoso-stage.crm4.dynamics.com")

    private func start(_ run: String, mode: String = "apply", identity: TargetIdentity? = nil) -> JournalRecord {
        .runStarted(RunStartRecord(
            run: run, time: "2025-01-01T00:00:00.000Z", mode: mode, runbook: "r", customer: "c", environment: "stage",
            target: identity ?? self.identity, cliVersion: "0.1.0"))
    }

    private func end(_ run: String, _ step: String, _ status: StepState, outputs: [String: JSONValue] = [:],
                     doneIn: String? = nil) -> JournalRecord {
        .stepFinished(StepEndRecord(run: run, step: step, plugin: "p.\(step)", time: "t", status: status, durationMs: 5,
                                    outputs: outputs, doneIn: doneIn))
    }

    private func finish(_ run: String, _ status: RunStatus) -> JournalRecord {
        .runFinished(RunEndRecord(run: run, time: "t", status: status, durationMs: 10))
    }

    @Test func aFailedFsyncIsReportedByTheNextAppendOrFlush() throws {
        // /dev/null takes every write and refuses fsync (EINVAL): the append that wrote succeeds, the fsync runs
        // in the background, and its failure reaches the caller once, by flush or the next append. The journal is
        // a link to it inside a folder of the test's own (the journal makes its folder private).
        let folder = try TempFolder()
        let url = folder.path("journal/stage.jsonl")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/null")
        let journal = try Journal(url: url, redactor: SecretRedactor())
        try journal.append(start("run1"))
        #expect(throws: (any Error).self) { try journal.flush() }
        try journal.flush()
        try journal.append(finish("run1", .succeeded))
        #expect { try journal.flush() } throws: { "\($0)".contains("fsync \(url.path)") }
    }

    @Test func appendedRecordsAreReadableAtOnceAndOnDiskAfterFlush() throws {
        let folder = try TempFolder()
        let url = folder.path("journal/r/c/stage.jsonl")
        let journal = try Journal(url: url, redactor: SecretRedactor())
        for index in 1...50 { try journal.append(end("run1", "step\(index)", .unchanged)) }
        #expect(try Journal.records(at: url).count == 50)
        try journal.flush()
        #expect(try Journal.records(at: url).count == 50)
    }

    @Test func recordsRoundTripThroughTheFileAndSecretsAreRedacted() throws {
        let folder = try TempFolder()
        let url = folder.path("journal/r/c/stage.jsonl")
        let redactor = SecretRedactor()
        redactor.register("s3cr3t-value-XYZ")
        let journal = try Journal(url: url, redactor: redactor)
        let records: [JournalRecord] = [
            start("run1"),
            .stepStarted(StepStartRecord(run: "run1", step: "app", plugin: "entra.app_registration", time: "t")),
            .stepFinished(StepEndRecord(
                run: "run1", step: "app", plugin: "entra.app_registration", time: "t", status: .changed, durationMs: 12,
                outputs: ["client_id": "abc", "note": "has s3cr3t-value-XYZ inside", "n": 3],
                changes: [ChangeSummary(action: "create", target: "application 'x'", detail: "single tenant")],
                requests: 4)),
            finish("run1", .succeeded),
        ]
        for record in records { try journal.append(record) }
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("s3cr3t-value-XYZ"))
        #expect(text.split(separator: "\n").count == 4)
        let read = try Journal.records(at: url)
        #expect(read.count == 4)
        #expect(read[0] == records[0])
        guard case .stepFinished(let stepEnd) = read[2] else {
            Issue.record("expected a step end, got \(read[2])")
            return
        }
        #expect(stepEnd.outputs["client_id"] == "abc")
        #expect(stepEnd.outputs["n"] == .int(3))
        #expect(stepEnd.outputs["note"] == "has *** inside")
        #expect(stepEnd.changes == [ChangeSummary(action: "create", target: "application 'x'", detail: "single tenant")])
        #expect(stepEnd.requests == 4)

        var info = stat()
        #expect(stat(url.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func aLineCutShortByACrashIsIgnored() throws {
        let folder = try TempFolder()
        let url = folder.path("j.jsonl")
        let journal = try Journal(url: url, redactor: SecretRedactor())
        try journal.append(start("run1"))
        try journal.append(end("run1", "app", .changed))
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data("{\"record\":\"step_end\",\"run\":\"run1\",\"st".utf8))
        try handle.close()
        #expect(try Journal.records(at: url).count == 2)
    }

    @Test func aSucceededRunIsNotResumed() {
        let history = JournalHistory(records: [start("a"), end("a", "app", .changed), finish("a", .succeeded)])
        #expect(history.resumePoint(for: identity) == nil)
    }

    @Test func aFailedRunIsResumedWithTheStepsItFinished() {
        let history = JournalHistory(records: [
            start("a"), end("a", "tenant", .unchanged, outputs: ["tenant_id": "t1"]),
            end("a", "app", .changed, outputs: ["client_id": "c1"]), end("a", "secret", .failed), finish("a", .failed),
        ])
        let point = history.resumePoint(for: identity)
        #expect(point?.run == "a")
        #expect(point?.reason == "failed")
        #expect(point?.completed.keys.sorted() == ["app", "tenant"])
        #expect(point?.completed["app"]?.outputs == ["client_id": "c1"])
    }

    @Test func aCrashedRunIsResumedAndAResumedRunKeepsTheOriginalRunOfEachStep() {
        let history = JournalHistory(records: [
            start("a"), end("a", "tenant", .unchanged), end("a", "app", .changed),
            // run b resumed a and crashed during secret
            start("b"), end("b", "tenant", .done, doneIn: "a"), end("b", "app", .done, doneIn: "a"),
            end("b", "permission", .changed),
        ])
        let point = history.resumePoint(for: identity)
        #expect(point?.run == "b")
        #expect(point?.reason == "did not finish")
        #expect(point?.completed["app"]?.run == "a")
        #expect(point?.completed["permission"]?.run == "b")
    }

    @Test func aRunAgainstAnotherTargetIsNotResumed() {
        let other = TargetIdentity(tenant: "contoso.onmicrosoft.com", org: "http://127.0.0.1:41004")
        let history = JournalHistory(records: [start("a", identity: other), end("a", "app", .changed)])
        #expect(history.resumePoint(for: identity) == nil)
        #expect(history.resumePoint(for: other)?.run == "a")
    }

    @Test func planRunsDoNotCountForResume() {
        let history = JournalHistory(records: [
            start("a"), end("a", "app", .failed), finish("a", .failed),
            start("p", mode: "plan"), end("p", "app", .planned), finish("p", .succeeded),
        ])
        #expect(history.resumePoint(for: identity)?.run == "a")
    }

    @Test func aStepThatFailedAfterSucceedingIsNotCompleted() {
        let history = JournalHistory(records: [
            start("a"), end("a", "app", .changed), end("a", "app", .failed), finish("a", .failed),
        ])
        #expect(history.resumePoint(for: identity)?.completed.isEmpty == true)
    }

    @Test func lastSuccessfulStepsSpanRunsOfTheSameTarget() {
        let other = TargetIdentity(tenant: "x", org: "y")
        let history = JournalHistory(records: [
            start("a"), end("a", "tenant", .unchanged, outputs: ["tenant_id": "old"]), end("a", "app", .changed),
            finish("a", .succeeded),
            start("b"), end("b", "tenant", .unchanged, outputs: ["tenant_id": "new"]), end("b", "app", .failed),
            finish("b", .failed),
            start("c", identity: other), end("c", "role", .changed), finish("c", .succeeded),
        ])
        let steps = history.lastSuccessfulSteps(for: identity)
        #expect(steps["tenant"]?.outputs == ["tenant_id": "new"])
        #expect(steps["app"]?.run == "a")
        #expect(steps["role"] == nil)
    }
}

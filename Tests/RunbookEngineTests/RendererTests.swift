import Foundation
import HTTPTransport
import MicrosoftCloud
import RunbookEngine
import Testing

/// A scripted run: two steps, a plan line, a progress line, a log line, a failure, and the end.
private func scriptedEvents() -> [RunEvent] {
    let base = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z
    func at(_ ms: Int) -> Date { base.addingTimeInterval(Double(ms) / 1000) }
    let app = StepHeader(id: "app", plugin: "entra.app_registration", index: 1, count: 2)
    let secret = StepHeader(id: "secret", plugin: "entra.client_secret", index: 2, count: 2)
    let target = RunTarget(runbook: "adobe-campaign-d365", customer: "contoso", environment: "stage")
    let identity = TargetIdentity(tenant: "contoso.onmicrosoft.com", org: "http://127.0.0.1:4000")
    return [
        RunEvent(time: at(0), .runStarted(RunOpening(run: "R1", mode: "apply", target: target, identity: identity,
                                                     steps: [app, secret], resumes: "R0"))),
        RunEvent(time: at(1), .stepStarted(app)),
        RunEvent(time: at(2), .stepPlanned(app, changes: [
            ChangeSummary(action: "create", target: "application 'adobe campaign stage'", detail: "single tenant"),
            ChangeSummary(action: "update", target: "service principal"),
        ])),
        RunEvent(time: at(3), .log(app, level: "info", message: "created s3cr3t-value-XYZ")),
        RunEvent(time: at(1250), .stepFinished(app, StepOutcome(
            status: .changed, durationMs: 1249, outputs: ["client_id": "c1", "processes": ["a", "b"]],
            changes: [ChangeSummary(action: "create", target: "application 'adobe campaign stage'")],
            requests: RequestCount(total: 5, reads: 2, writes: 2, tokens: 1)))),
        RunEvent(time: at(1251), .stepStarted(secret)),
        RunEvent(time: at(1300), .progress(secret, message: "waiting for the secret: try 2, 1.0 s of 600 s (not yet)")),
        RunEvent(time: at(1700), .stepFinished(secret, StepOutcome(
            status: .failed, durationMs: 449, requests: RequestCount(total: 1, writes: 1),
            failure: FailureSummary(code: "graph.forbidden", message: "step secret (entra.client_secret) apply: Graph 403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id r-1)")))),
        RunEvent(time: at(1701), .runFinished(RunClosing(
            run: "R1", mode: "apply", status: .failed, durationMs: 1701, statuses: [.changed: 1, .failed: 1], changes: 1,
            requests: RequestCount(total: 6, reads: 2, writes: 3, tokens: 1)))),
    ]
}

@Suite struct RendererTests {
    private func redactor() -> SecretRedactor {
        let redactor = SecretRedactor()
        redactor.register("s3cr3t-value-XYZ")
        return redactor
    }

    @Test func plainOutputIsStable() {
        var text = ""
        let renderer = PlainRenderer(style: .plain, redactor: redactor()) { text += $0 }
        for event in scriptedEvents() { renderer.handle(event) }
        #expect(text == """
            run adobe-campaign-d365 for contoso/stage (tenant contoso.onmicrosoft.com, org http://127.0.0.1:4000), run R1
            resuming run R0: steps it finished are not run again
            [1/2] app (entra.app_registration)
                + create application 'adobe campaign stage' (single tenant)
                ~ update service principal
                info: created ***
            [1/2] app: changed (1.2 s, 5 requests)
                outputs: client_id=c1, processes=[2 items]
            [2/2] secret (entra.client_secret)
                .. waiting for the secret: try 2, 1.0 s of 600 s (not yet)
            [2/2] secret: failed (449 ms, 1 request)
                error: step secret (entra.client_secret) apply: Graph 403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id r-1)
            run R1 failed in 1.7 s: 1 changed, 1 failed (6 requests)

            """)
    }

    @Test func jsonLinesAreStable() throws {
        var text = ""
        let renderer = JSONLinesRenderer(redactor: redactor()) { text += $0 }
        for event in scriptedEvents() { renderer.handle(event) }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines[0] == #"{"customer":"contoso","env":"stage","event":"run_started","mode":"apply","resumes":"R0","run":"R1","runbook":"adobe-campaign-d365","steps":[{"id":"app","plugin":"entra.app_registration"},{"id":"secret","plugin":"entra.client_secret"}],"target":{"org":"http://127.0.0.1:4000","tenant":"contoso.onmicrosoft.com"},"time":"2025-01-01T00:00:00.000Z"}"#)
        #expect(lines[2] == #"{"changes":[{"action":"create","detail":"single tenant","target":"application 'adobe campaign stage'"},{"action":"update","target":"service principal"}],"count":2,"event":"step_planned","index":1,"plugin":"entra.app_registration","run":"R1","step":"app","time":"2025-01-01T00:00:00.002Z"}"#)
        #expect(lines[3] == #"{"count":2,"event":"log","index":1,"level":"info","message":"created ***","plugin":"entra.app_registration","run":"R1","step":"app","time":"2025-01-01T00:00:00.003Z"}"#)
        #expect(lines[4] == #"{"changes":[{"action":"create","target":"application 'adobe campaign stage'"}],"count":2,"duration_ms":1249,"event":"step_finished","index":1,"outputs":{"client_id":"c1","processes":["a","b"]},"plugin":"entra.app_registration","requests":{"reads":2,"tokens":1,"total":5,"writes":2},"run":"R1","status":"changed","step":"app","time":"2025-01-01T00:00:01.250Z"}"#)
        #expect(lines[8] == #"{"changes":1,"duration_ms":1701,"event":"run_finished","mode":"apply","requests":{"reads":2,"tokens":1,"total":6,"writes":3},"run":"R1","status":"failed","steps":{"changed":1,"failed":1},"time":"2025-01-01T00:00:01.701Z"}"#)
        for line in lines {
            let json = try JSONValue.parse(line)
            #expect(json["event"]?.stringValue != nil)
            #expect(json["run"]?.stringValue == "R1")
        }
        #expect(!text.contains("s3cr3t"))
    }

    @Test func timestampsAreUTCWithMillisecondsAndZeroPadded() {
        #expect(Timestamp.iso(Date(timeIntervalSince1970: 0.5)) == "1970-01-01T00:00:00.500Z")
        #expect(Timestamp.iso(Date(timeIntervalSince1970: 1_738_329_296.007)) == "2025-01-31T13:14:56.007Z")
        #expect(Timestamp.iso(Date(timeIntervalSince1970: 253_402_300_799.999)) == "9999-12-31T23:59:59.999Z")
    }

    @Test func coloursOnlyOnATerminalAndNeverWithNoColor() throws {
        var primary: Int32 = -1, secondary: Int32 = -1
        #expect(openpty(&primary, &secondary, nil, nil, nil) == 0)
        defer {
            close(primary)
            close(secondary)
        }
        #expect(TerminalStyle.detect(fd: secondary, environment: ["TERM": "xterm"]) == TerminalStyle(colors: true, redraws: true))
        #expect(TerminalStyle.detect(fd: secondary, environment: ["TERM": "xterm", "NO_COLOR": "1"])
            == TerminalStyle(colors: false, redraws: true))
        #expect(TerminalStyle.detect(fd: secondary, environment: ["TERM": "dumb"]) == .plain)
        let pipe = Pipe()
        #expect(TerminalStyle.detect(fd: pipe.fileHandleForWriting.fileDescriptor, environment: ["TERM": "xterm"]) == .plain)

        var coloured = ""
        let renderer = PlainRenderer(style: TerminalStyle(colors: true, redraws: false), redactor: nil) { coloured += $0 }
        for event in scriptedEvents() { renderer.handle(event) }
        #expect(coloured.contains("\u{1B}[31mfailed\u{1B}[0m"))
        var plain = ""
        let noColor = PlainRenderer(style: TerminalStyle.detect(fd: secondary, environment: ["TERM": "xterm", "NO_COLOR": "1"]),
                                    redactor: nil) { plain += $0 }
        for event in scriptedEvents() { noColor.handle(event) }
        #expect(!plain.contains("\u{1B}["))
    }

    @Test func theLiveListRedrawsInPlaceAndEndsWithTheSummary() {
        var text = ""
        let renderer = LiveRenderer(style: TerminalStyle(colors: false, redraws: true), redactor: redactor(), width: { 100 }) {
            text += $0
        }
        for event in scriptedEvents() { renderer.handle(event) }
        #expect(text.contains("\u{1B}[2F\u{1B}[J"), "the two-line list is erased before each redraw")
        #expect(text.contains("  ✓ app     entra.app_registration  changed  1.2 s"))
        #expect(text.contains("  ✗ secret  entra.client_secret     failed  449 ms"))
        #expect(text.hasSuffix("run R1 failed in 1.7 s: 1 changed, 1 failed (6 requests)\n"))
        #expect(!text.contains("s3cr3t"))
    }
}

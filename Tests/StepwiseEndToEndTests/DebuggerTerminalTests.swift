import CloudTwin
import Foundation
import MicrosoftCloud
import RunbookEngine
import StepwiseTesting
import Testing

/// A `stepwise run` in a real pseudo-terminal: a detached tmux session on its own server socket, driven with
/// `send-keys` and read with `capture-pane`. On a terminal the prompt is libedit's (line editing, history).
private final class TmuxSession: Sendable {
    let socket = "stepwise-test-\(UUID().uuidString.prefix(8))"
    let name = "debug"

    /// Starts `command` (a shell line) in a 200x50 terminal; the pane stays open after it ends.
    init(_ command: String) throws {
        try tmux(["new-session", "-d", "-x", "200", "-y", "50", "-s", name, command + "; echo STEPWISE-EXIT=$?; sleep 60"])
        try tmux(["set-option", "-t", name, "history-limit", "20000"])
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let outcome = try ChildProcess.run("/usr/bin/tmux", ["-L", socket, "-f", "/dev/null"] + arguments,
                                           environment: ["PATH": "/usr/bin:/bin", "TERM": "xterm-256color"], input: nil)
        guard outcome.status == 0 else {
            throw TmuxError(text: "tmux \(arguments.first ?? ""): \(String(decoding: outcome.stderr, as: UTF8.self))")
        }
        return String(decoding: outcome.stdout, as: UTF8.self)
    }

    /// Types `text` and Enter.
    func type(_ text: String) throws {
        if !text.isEmpty { try tmux(["send-keys", "-t", name, "-l", text]) }
        try tmux(["send-keys", "-t", name, "Enter"])
    }

    /// The whole pane, history included.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-t", name, "-S", "-20000"])
    }

    /// Waits (up to 60 s) until the pane shows `text` `count` times; returns the pane.
    @discardableResult
    func wait(for text: String, count: Int = 1) throws -> String {
        let deadline = Date().addingTimeInterval(60)
        while true {
            let screen = try screen()
            if screen.components(separatedBy: text).count - 1 >= count { return screen }
            if Date() > deadline || screen.contains("STEPWISE-EXIT=") && !text.hasPrefix("STEPWISE-EXIT") {
                throw TmuxError(text: "the terminal never showed '\(text)' (\(count)x):\n\(screen)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func stop() {
        _ = try? tmux(["kill-server"])
    }
}

private struct TmuxError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}

@Suite struct DebuggerTerminalTests {
    private func command(_ workspace: Workspace, _ twin: TwinUnderTest, _ flags: [String]) -> String {
        let arguments = twin.arguments("run", env: "stage", flags).map { "'\($0)'" }.joined(separator: " ")
        return "cd '\(workspace.url.path)' && NO_COLOR=1 '\(stepwiseBinary.path)' \(arguments)"
    }

    @Test func stepsInspectsBreaksAndEvaluatesInATerminal() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            let line = command(workspace, twin, ["--step"])
            let screen = try await blocking {
                let session = try TmuxSession(line)
                defer { session.stop() }
                try session.wait(for: "(stepwise tenant) ")
                try session.type("next")
                try session.wait(for: "(stepwise app) ")
                try session.type("eval 40 + 2")
                try session.wait(for: "\n42\n")
                try session.tmux(["send-keys", "-t", session.name, "Up", "Enter"])  // history: the same command again
                try session.wait(for: "\n42\n", count: 2)
                try session.tmux(["send-keys", "-t", session.name, "-l", "eval 'ab' .. 'cdX"])
                try session.tmux(["send-keys", "-t", session.name, "BSpace", "Left", "Left"])
                try session.tmux(["send-keys", "-t", session.name, "-l", "Z"])
                try session.tmux(["send-keys", "-t", session.name, "End"])
                try session.tmux(["send-keys", "-t", session.name, "-l", "'"])
                try session.type("")
                try session.wait(for: "\n\"abZcd\"\n")  // edited in place: a backspace, the cursor moved left
                try session.type("n")
                try session.wait(for: "(stepwise permission) ")
                try session.type("inspect http")
                try session.wait(for: "inspect http N shows exchange N in full")
                try session.type("break dataverse/process_owner.lua:80")
                try session.wait(for: "breakpoint 1 at ")
                try session.type("continue")
                try session.wait(for: "── breakpoint 1 at ")
                try session.type("eval row.name .. ' / ' .. owner")
                try session.wait(for: "\"Adobe Campaign Email Bounce / ")
                try session.type("delete 1")
                try session.wait(for: "deleted breakpoint 1")
                try session.type("c")
                return try session.wait(for: "STEPWISE-EXIT=")
            }
            #expect(screen.contains("STEPWISE-EXIT=0"), "\(screen)")
            #expect(screen.contains("(stepwise permission) inspect http\nstep app (the step that ran last): "), "\(screen)")
            #expect(screen.contains("POST http://127.0.0.1:") && screen.contains("/v1.0/servicePrincipals -> 201"),
                    "the app step's exchanges are listed: \(screen)")
            #expect(screen.contains("80  dataverse.patch(\"workflows(\" .. row.workflowid .. \")\","), "\(screen)")
            #expect(screen.contains("succeeded"), "\(screen)")
            #expect(!screen.contains("(stepwise app) next\n(stepwise app) next"), "a terminal line is not echoed twice")
        }
    }

    @Test func aFailedStepIsRetriedInATerminalAndCtrlCAtThePromptQuits() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            try await twin.addRule(["service": "dataverse", "method": "PATCH", "path_prefix": "/api/data/v9.2/workflows(",
                                    "status": 403, "count": 1])
            let failing = command(workspace, twin, ["--debug-on-failure"])
            let screen = try await blocking {
                let session = try TmuxSession(failing)
                defer { session.stop() }
                try session.wait(for: "(stepwise processes) ")
                try session.type("retry")
                return try session.wait(for: "STEPWISE-EXIT=")
            }
            #expect(screen.contains("── [9/11] processes (dataverse.process_owner) failed in apply (attempt 1)"), "\(screen)")
            #expect(screen.contains("-> 403 ("), "the failed exchange is shown: \(screen)")
            #expect(screen.contains("STEPWISE-EXIT=0") && screen.contains("succeeded"), "\(screen)")

            let restart = command(workspace, twin, ["--step", "--restart"])
            let interrupted = try await blocking {
                let session = try TmuxSession(restart)
                defer { session.stop() }
                try session.wait(for: "(stepwise tenant) ")
                try session.tmux(["send-keys", "-t", session.name, "C-c"])
                return try session.wait(for: "STEPWISE-EXIT=")
            }
            #expect(interrupted.contains("Ctrl-C at the prompt: quitting"), "\(interrupted)")
            #expect(interrupted.contains("is paused") && interrupted.contains("STEPWISE-EXIT=1"), "\(interrupted)")
        }
    }

    @Test func ctrlCWhileRunningPausesBetweenRequestsThenQuitPausesTheRun() async throws {
        let workspace = try Workspace()
        try await withTwin(workspace, TwinOptions(latencyMilliseconds: 150)) { twin in
            let line = command(workspace, twin, ["--debug-on-failure"])
            let screen = try await blocking {
                let session = try TmuxSession(line)
                defer { session.stop() }
                try session.wait(for: "[2/11] app (entra.app_registration)")
                try session.tmux(["send-keys", "-t", session.name, "C-c"])
                try session.wait(for: "(stepwise app) ")
                try session.type("inspect http")
                try session.wait(for: "inspect http N shows exchange N in full")
                try session.type("quit")
                return try session.wait(for: "STEPWISE-EXIT=")
            }
            #expect(screen.contains("stepwise: pausing at the next safe point"), "\(screen)")
            #expect(screen.contains("── paused (Ctrl-C) after an HTTP exchange of step app"), "\(screen)")
            #expect(screen.contains("is paused") && screen.contains("STEPWISE-EXIT=1"), "\(screen)")
            let requests = try await twin.requests()
            #expect(requests.allSatisfy { $0["status"]?.intValue != nil }, "every request got its answer: \(requests)")
        }
    }
}

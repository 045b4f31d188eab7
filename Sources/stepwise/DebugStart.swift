import Foundation
import PluginHost
import RunbookEngine

/// How `stepwise run` starts the step debugger: `--step` or `--debug-on-failure`.
enum DebugStart {
    /// Stop before each step applies.
    case step
    /// Stop only when a step fails (and at breakpoints set there).
    case onFailure

    /// The debugger for a run of `runbook` on `host`. Commands come from standard input, one per line (on a
    /// terminal through libedit, with line editing and history); what it shows goes to standard output, or to
    /// standard error when standard output carries JSON lines. Ctrl-C pauses at the next safe point.
    static func debugger(_ start: DebugStart, host: PluginHost, runbook: Runbook, json: Bool) throws -> StepDebugger {
        DebugInterrupt.install()
        let handle = json ? FileHandle.standardError : FileHandle.standardOutput
        let write: (String) -> Void = { text in handle.write(Data(text.utf8)) }
        let console: any DebugConsole
        if Terminal.interactive {
            console = LineEditorConsole(output: write, promptToStandardError: json)
        } else {
            let read: () -> String? = { readLine(strippingNewline: true) }
            console = LineStreamConsole(next: read, output: write, interrupted: DebugInterrupt.take)
        }
        return try StepDebugger(
            host: host, console: console, stopBeforeEachStep: start == .step, stepOrder: runbook.steps.map(\.id),
            style: TerminalStyle.detect(fd: json ? STDERR_FILENO : STDOUT_FILENO), handlesInterrupts: true)
    }
}

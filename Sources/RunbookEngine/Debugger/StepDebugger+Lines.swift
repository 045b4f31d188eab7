import Foundation

import LuaKit
import PluginHost

/// The error a Lua line raises when the operator quit inside a step: it unwinds the plugin's code.
struct DebugQuit: Error, CustomStringConvertible {
    var description: String { "stopped by the operator in the step debugger" }
}

extension StepDebugger {
    /// Before each Lua line: stops at line breakpoints, after `step`, and on Ctrl-C; unwinds the step after `quit`.
    func lineEvent(_ event: LuaLineEvent) throws {
        guard !prompting, let step = current, !event.source.hasPrefix("(") else { return }
        if quitting { throw DebugQuit() }
        let interrupted = takeInterrupt()
        let hit = breakpoints.hasLines ? breakpoints.hit(source: event.source, line: event.line) : nil
        guard hit != nil || stepInto || interrupted else { return }
        stepInto = false
        let reason = if let hit { "breakpoint \(hit.number)" } else if interrupted { "paused (Ctrl-C)" } else { "step" }
        var lines = [text.style.bold("── \(reason) at \(event.source):\(event.line) in step \(step.step.id)")]
        if let code = breakpoints.text(source: event.source, line: event.line) {
            lines.append("   \(event.line)  " + code.trimmingCharacters(in: .whitespaces))
        }
        lines.append(text.style.dim("   locals, where, eval, step, next, continue, inspect, quit (help lists them)"))
        say(lines)
        if prompt(.line(event), step) == .quit {
            quitting = true
            throw DebugQuit()
        }
    }
}

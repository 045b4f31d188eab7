import Foundation
import LuaKit
import MicrosoftCloud

// `wait`: the replication barrier (see plugins/_meta/wait.lua).
extension PluginHost {
    /// How much longer each wait is than the one before, and the longest wait between tries.
    static let pollGrowth = 1.5
    static let pollMaxInterval = 30.0

    func waitFunctions() -> [String: LuaHostFunction] {
        [
            "poll": { [unowned self] arguments in
                let probe = try arguments.function(1, "probe")
                let options = try LuaOptions(arguments, 2, known: ["timeout", "every", "what", "retry_on"])
                let poll = Poll(
                    timeout: max(try options.number("timeout") ?? 60, 0), every: max(try options.number("every") ?? 1, 0.01),
                    what: try options.string("what") ?? "the condition", retryOn: Set(try options.stringList("retry_on") ?? []))
                return try self.poll(probe, poll, state: arguments.state)
            },
            "sleep": { [unowned self] arguments in
                let seconds = try arguments.number(1, "seconds")
                guard seconds >= 0, seconds <= 3600 else {
                    throw LuaArgumentError("wait.sleep: argument 1 (seconds) must be between 0 and 3600, got \(seconds)")
                }
                session.timing.sleep(.milliseconds(Int(seconds * 1000)))
                return []
            },
        ]
    }

    private struct Poll {
        var timeout: Double
        var every: Double
        var what: String
        var retryOn: Set<String>
    }

    /// Calls `probe` until it returns a truthy value (returned), an error outside `retryOn` (raised), or the
    /// timeout (`wait.timeout`); sleeps between tries with backoff and reports a progress line per try.
    private func poll(_ probe: LuaRef, _ poll: Poll, state: LuaState) throws -> [LuaValue] {
        let timing = session.timing
        let started = timing.now()
        var interval = poll.every
        var attempt = 0
        var last = "not yet"
        while true {
            attempt += 1
            do {
                let results = try state.call(probe)
                if let first = results.first, first.isTruthy { return results }
                last = "not yet"
            } catch let error as LuaError {
                guard let code = error.code, poll.retryOn.contains(code) else { throw error }
                last = code
            }
            let elapsed = Self.seconds(timing.now() - started)
            let remaining = poll.timeout - elapsed
            guard remaining > 0 else {
                throw hostError(
                    "wait.timeout",
                    "timed out after \(StepProgress.seconds(elapsed)) s waiting for \(poll.what) (\(attempt) tries, last: \(last))",
                    ["what": .string(poll.what), "elapsed": .number(elapsed), "last": .string(last)])
            }
            progress(StepProgress(what: poll.what, attempt: attempt, elapsed: elapsed, timeout: poll.timeout, detail: last))
            timing.sleep(.milliseconds(Int(min(interval, remaining) * 1000)))
            interval = min(interval * Self.pollGrowth, max(poll.every, Self.pollMaxInterval))
        }
    }
}

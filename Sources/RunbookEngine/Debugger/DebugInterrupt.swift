import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C while the step debugger is on: the first press asks the debugger to pause at the next safe point (the
/// next Lua line, or the end of the HTTP exchange in flight), never in the middle of a request; a press while
/// paused at the prompt quits as `quit` does. Three presses before a safe point is reached end the process as
/// Ctrl-C normally would (the journal keeps the run unfinished, so the next run resumes it).
public enum DebugInterrupt {
    /// Presses not yet taken by the debugger.
    private static let presses = Atomic<Int>(0)
    /// Whether the debugger waits at its prompt (a press there is answered by the prompt, not the handler).
    private static let prompting = Atomic<Bool>(false)

    /// Installs the SIGINT handler (without `SA_RESTART`, so a blocking read at the prompt returns).
    public static func install() {
        // Statics are made on first use, which is not async-signal-safe: make them now, before any signal.
        _ = presses.load(ordering: .relaxed)
        _ = prompting.load(ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in DebugInterrupt.pressed() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Whether Ctrl-C was pressed since the last call; clears it.
    public static func take() -> Bool {
        presses.exchange(0, ordering: .acquiringAndReleasing) > 0
    }

    /// Records a press (for tests, and what the signal handler does).
    public static func press() {
        presses.add(1, ordering: .acquiringAndReleasing)
    }

    /// Tells the handler whether the debugger waits at its prompt.
    public static func setPrompting(_ value: Bool) {
        prompting.store(value, ordering: .releasing)
    }

    /// The signal handler: only async-signal-safe calls (an atomic add, `write`, `signal`, `raise`).
    private static func pressed() {
        let count = presses.add(1, ordering: .acquiringAndReleasing).newValue
        if prompting.load(ordering: .acquiring) { return }
        let note: StaticString = count >= 3
            ? "\nstepwise: stopping now\n"
            : "\nstepwise: pausing at the next safe point (Ctrl-C twice more to stop at once)\n"
        _ = note.withUTF8Buffer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if count >= 3 {
            signal(SIGINT, SIG_DFL)
            raise(SIGINT)
        }
    }
}

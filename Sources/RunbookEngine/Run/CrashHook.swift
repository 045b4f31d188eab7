public import Foundation
public import MicrosoftCloud
#if canImport(Glibc)
import Glibc
#endif

/// Test-only fault injection: with `STEPWISE_CRASH_AFTER_REQUESTS=N` in the environment, the process kills itself
/// with SIGKILL right after its N-th HTTP response has arrived, before anything uses that response. End-to-end
/// tests use it to prove that a run interrupted at any request converges when run again. Never set it otherwise.
public enum CrashHook {
    /// The environment variable.
    public static let variable = "STEPWISE_CRASH_AFTER_REQUESTS"

    /// Wraps the session's exchange observer (install it after the host, which sets its own) when the variable
    /// is set to a positive number.
    public static func install(on session: CloudSession, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let text = environment[variable], let limit = Int(text), limit > 0 else { return }
        let previous = session.exchangeObserver
        var received = 0
        session.exchangeObserver = { record in
            if record.status != nil {
                received += 1
                if received >= limit { kill(getpid(), SIGKILL) }
            }
            previous?(record)
        }
    }
}

public import Foundation

/// The clock, sleeper and jitter source behind retries and polling; replaceable so unit tests of the retry math
/// run without waiting. Sessions use `.system`.
public struct RetryTiming: Sendable {
    /// Monotonic time since an arbitrary fixed point.
    public var now: @Sendable () -> Duration
    /// Wall-clock time, for `Retry-After` dates and token expiry.
    public var date: @Sendable () -> Date
    /// Blocks the calling thread.
    public var sleep: @Sendable (Duration) -> Void
    /// A uniform random number in `0..<1`.
    public var unitRandom: @Sendable () -> Double

    public init(
        now: @escaping @Sendable () -> Duration, date: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Duration) -> Void, unitRandom: @escaping @Sendable () -> Double
    ) {
        self.now = now
        self.date = date
        self.sleep = sleep
        self.unitRandom = unitRandom
    }

    /// Real time: the continuous clock, `Date()`, `Thread.sleep`, the system random generator.
    public static let system: RetryTiming = {
        let origin = ContinuousClock.now
        return RetryTiming(
            now: { ContinuousClock.now - origin },
            date: { Date() },
            sleep: { duration in
                let (seconds, attoseconds) = duration.components
                let interval = Double(seconds) + Double(attoseconds) / 1e18
                if interval > 0 { Thread.sleep(forTimeInterval: interval) }
            },
            unitRandom: { Double.random(in: 0..<1) }
        )
    }()
}

extension Duration {
    /// The duration in seconds as a double.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

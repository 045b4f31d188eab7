/// When and how long to wait before sending a failed call again. One policy serves every client.
///
/// - 429, 503 and 504 are retried, waiting exactly `Retry-After` when the answer has one, else an exponential
///   backoff with full jitter: a uniform delay in `0 ... min(maxDelay, baseDelay * 2^(retry-1))`.
/// - Replication errors (a just-created object not yet visible) are retried only when the caller says it expects
///   them; they get their own, longer budget because Entra replication takes seconds to minutes.
/// - A connection closed without an answer is retried for idempotent methods.
/// - Every retry stays within the attempt budget and the time budget of the call: a `Retry-After` that would end
///   past the time budget is not waited for. A call counts its replication failures and its other failures apart,
///   each against its own attempt budget.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per call for throttling, unavailability and lost connections (the first attempt counts).
    public var maxAttempts: Int
    /// Wall time per call, from the first attempt, within which a retry must start.
    public var timeBudget: Duration
    /// The first backoff ceiling; it doubles with every retry.
    public var baseDelay: Duration
    /// The largest backoff ceiling.
    public var maxDelay: Duration
    /// Attempts per call when the caller expects replication errors.
    public var replicationMaxAttempts: Int
    /// Wall time per call when the caller expects replication errors.
    public var replicationTimeBudget: Duration
    /// The first backoff ceiling for replication errors.
    public var replicationBaseDelay: Duration

    public init(
        maxAttempts: Int = 6, timeBudget: Duration = .seconds(120), baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30), replicationMaxAttempts: Int = 12,
        replicationTimeBudget: Duration = .seconds(180), replicationBaseDelay: Duration = .seconds(1)
    ) {
        self.maxAttempts = maxAttempts
        self.timeBudget = timeBudget
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.replicationMaxAttempts = replicationMaxAttempts
        self.replicationTimeBudget = replicationTimeBudget
        self.replicationBaseDelay = replicationBaseDelay
    }

    /// The defaults.
    public static let standard = RetryPolicy()

    /// No retries at all.
    public static let never = RetryPolicy(maxAttempts: 1, replicationMaxAttempts: 1)

    /// Why a failed attempt might be sent again.
    public enum Reason: Sendable, Equatable {
        /// 429, with the server's `Retry-After` if any.
        case throttled(retryAfter: Duration?)
        /// 503 or 504, with the server's `Retry-After` if any.
        case unavailable(retryAfter: Duration?)
        /// A documented replication error, and the caller expects one.
        case replication
        /// The connection closed before an answer (idempotent methods only).
        case connectionLost
    }

    /// The delay before the next attempt, or nil to give up.
    /// - Parameters:
    ///   - attempt: how many attempts of the call have now failed for this kind of reason (replication, or any
    ///     other), 1 for the first.
    ///   - elapsed: time since the first attempt started.
    ///   - unitRandom: a uniform random number in `0..<1` (the jitter).
    public func delay(after reason: Reason, attempt: Int, elapsed: Duration, unitRandom: Double) -> Duration? {
        let isReplication = reason == .replication
        let attempts = isReplication ? replicationMaxAttempts : maxAttempts
        let budget = isReplication ? replicationTimeBudget : timeBudget
        guard attempt < attempts else { return nil }
        let delay: Duration
        switch reason {
        case .throttled(let retryAfter?), .unavailable(let retryAfter?):
            delay = max(retryAfter, .zero)
        case .replication:
            delay = backoff(retry: attempt, base: replicationBaseDelay, unitRandom: unitRandom)
        default:
            delay = backoff(retry: attempt, base: baseDelay, unitRandom: unitRandom)
        }
        guard elapsed + delay <= budget else { return nil }
        return delay
    }

    /// Full jitter: uniform in `0 ... min(maxDelay, base * 2^(retry-1))`.
    public func backoff(retry: Int, base: Duration, unitRandom: Double) -> Duration {
        let ceiling = min(maxDelay, base * (1 << min(max(retry - 1, 0), 30)))
        return ceiling * min(max(unitRandom, 0), 1)
    }
}

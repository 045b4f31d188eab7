import Foundation
import Testing

@testable import MicrosoftCloud

@Suite("Retry policy math")
struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 4, timeBudget: .seconds(60), baseDelay: .seconds(1), maxDelay: .seconds(10),
        replicationMaxAttempts: 6, replicationTimeBudget: .seconds(100), replicationBaseDelay: .seconds(2))

    @Test("Retry-After is honoured exactly")
    func retryAfterHonoured() {
        let delay = policy.delay(after: .throttled(retryAfter: .seconds(7)), attempt: 1, elapsed: .zero, unitRandom: 0.9)
        #expect(delay == .seconds(7))
        #expect(policy.delay(after: .unavailable(retryAfter: .seconds(3)), attempt: 2, elapsed: .zero, unitRandom: 0) == .seconds(3))
    }

    @Test("without Retry-After: full jitter under a doubling ceiling capped at maxDelay")
    func fullJitter() {
        // ceiling 1, 2, 4, 8, 10, 10 s for retries 1...6; the delay is ceiling * unitRandom.
        #expect(policy.backoff(retry: 1, base: .seconds(1), unitRandom: 0.5) == .milliseconds(500))
        #expect(policy.backoff(retry: 3, base: .seconds(1), unitRandom: 0.5) == .seconds(2))
        #expect(policy.backoff(retry: 4, base: .seconds(1), unitRandom: 1.0) == .seconds(8))
        #expect(policy.backoff(retry: 5, base: .seconds(1), unitRandom: 1.0) == .seconds(10))
        #expect(policy.backoff(retry: 40, base: .seconds(1), unitRandom: 1.0) == .seconds(10))
        #expect(policy.backoff(retry: 2, base: .seconds(1), unitRandom: 0) == .zero)
        #expect(policy.delay(after: .throttled(retryAfter: nil), attempt: 2, elapsed: .zero, unitRandom: 0.25) == .milliseconds(500))
    }

    @Test("the attempt budget ends retries")
    func attemptBudget() {
        #expect(policy.delay(after: .unavailable(retryAfter: nil), attempt: 3, elapsed: .zero, unitRandom: 0.5) != nil)
        #expect(policy.delay(after: .unavailable(retryAfter: nil), attempt: 4, elapsed: .zero, unitRandom: 0.5) == nil)
        #expect(policy.delay(after: .connectionLost, attempt: 4, elapsed: .zero, unitRandom: 0.5) == nil)
    }

    @Test("the time budget ends retries, including a Retry-After that would pass it")
    func timeBudget() {
        #expect(policy.delay(after: .throttled(retryAfter: .seconds(10)), attempt: 1, elapsed: .seconds(49), unitRandom: 0) != nil)
        #expect(policy.delay(after: .throttled(retryAfter: .seconds(10)), attempt: 1, elapsed: .seconds(51), unitRandom: 0) == nil)
    }

    @Test("replication has its own, longer budget and base")
    func replicationBudget() {
        #expect(policy.delay(after: .replication, attempt: 1, elapsed: .zero, unitRandom: 1.0) == .seconds(2))
        #expect(policy.delay(after: .replication, attempt: 5, elapsed: .seconds(70), unitRandom: 0.1) != nil)
        #expect(policy.delay(after: .replication, attempt: 6, elapsed: .zero, unitRandom: 0.1) == nil)
        #expect(RetryPolicy.never.delay(after: .replication, attempt: 1, elapsed: .zero, unitRandom: 0) == nil)
    }
}

@Suite("Retry-After")
struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT

    @Test("delay-seconds")
    func seconds() {
        #expect(RetryAfter.parse("2", now: now) == .seconds(2))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse(nil, now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-3", now: now) == nil)
    }

    @Test("HTTP-date, measured from now; a past date means no wait")
    func httpDate() {
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Tuesday, 14-Nov-23 22:14:20 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == .zero)
    }
}

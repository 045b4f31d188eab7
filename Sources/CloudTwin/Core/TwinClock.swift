import Foundation

/// The twin's notion of time: wall-clock at start plus monotonic elapsed time plus a manual offset.
///
/// Everything time-dependent (token lifetimes, replication lag, device-code expiry, secret expiry) reads this clock,
/// so `POST /clock/advance` on the control listener can move a test forward without sleeping.
final class TwinClock: Sendable {
    private let startDate = Date()
    private let startInstant = ContinuousClock.now
    private let offset = Locked(Duration.zero)

    /// The current twin time.
    func now() -> Date {
        let elapsed = ContinuousClock.now - startInstant + offset.current
        return startDate.addingTimeInterval(elapsed.seconds)
    }

    /// Moves the clock forward (never backward).
    func advance(by amount: Duration) {
        guard amount > .zero else { return }
        offset.withLock { $0 += amount }
    }

    /// How far the clock has been moved by hand.
    var manualOffset: Duration { offset.current }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration in whole milliseconds.
    var milliseconds: Int {
        let parts = components
        return Int(parts.seconds) * 1000 + Int(parts.attoseconds / 1_000_000_000_000_000)
    }
}

/// Timestamp formats the real services use.
enum TwinTime {
    private static func parts(_ date: Date) -> (String, Int) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        var time = time_t(seconds)
        var fields = tm()
        gmtime_r(&time, &fields)
        let text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(fields.tm_year) + 1900, Int(fields.tm_mon) + 1,
            Int(fields.tm_mday), Int(fields.tm_hour), Int(fields.tm_min), Int(fields.tm_sec))
        let ticks = Int(((date.timeIntervalSince1970 - seconds) * 10_000_000).rounded(.down))
        return (text, min(ticks, 9_999_999))
    }

    /// `2025-02-13T10:17:06Z`
    static func iso8601(_ date: Date) -> String { parts(date).0 + "Z" }

    /// `2025-02-13T10:17:06.1234567Z`, as Graph writes `createdDateTime`.
    static func iso8601Precise(_ date: Date) -> String {
        let (text, ticks) = parts(date)
        return text + "." + String(format: "%07d", ticks) + "Z"
    }

    /// `2025-02-13T10:17:06`, as Graph writes `innerError.date`.
    static func graphErrorDate(_ date: Date) -> String { parts(date).0 }

    /// `2025-02-13 10:17:06Z`, as the identity platform writes error timestamps.
    static func identityTimestamp(_ date: Date) -> String {
        parts(date).0.replacingOccurrences(of: "T", with: " ") + "Z"
    }

    /// Parses `2025-02-13T10:17:06Z` or with fractional seconds; nil otherwise.
    static func parse(_ text: String) -> Date? {
        let precise = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let plain = Date.ISO8601FormatStyle()
        return (try? precise.parse(text)) ?? (try? plain.parse(text))
    }
}

/// Fresh identifiers.
enum TwinIDs {
    /// A new lowercase GUID.
    static func guid() -> String { UUID().uuidString.lowercased() }
}

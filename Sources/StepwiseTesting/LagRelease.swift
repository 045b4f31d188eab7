public import Foundation
public import MicrosoftCloud

/// Ends a twin's replication lag once the client under test has been seen waiting for it.
///
/// A lag set in milliseconds of wall time is a race on a loaded machine: a slow client may find the lag already
/// over. Tests instead set a lag far longer than any test (say `lag.app=600000`) and release it with this: a thread
/// of its own watches the request log and, once `count` logged requests match, moves the twin clock forward past
/// the lag. If the client never shows the lag, the twin clock stays put and the client's own timeout fails the test.
public enum LagRelease {
    /// Starts watching `twin` for `count` requests matching `isMiss` (a request-log entry, as `GET /requests` gives),
    /// then advances the twin clock by `seconds`. Gives up after `timeout` seconds of wall time.
    public static func start(
        _ twin: TwinFixture, after count: Int, advancing seconds: Int = 3600, timeout: TimeInterval = 60,
        of isMiss: @escaping @Sendable (JSONValue) -> Bool
    ) {
        let thread = Thread {
            guard let control = try? twin.control() else { return }
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let misses = ((try? control.requests()) ?? []).filter(isMiss).count
                if misses >= count {
                    _ = try? control.call("POST", "/clock/advance", body: ["seconds": .int(Int64(seconds))])
                    return
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        thread.name = "stepwise.lag-release"
        thread.start()
    }

    /// A request-log entry with this status (and, when given, this method).
    public static func status(_ status: Int, method: String? = nil) -> @Sendable (JSONValue) -> Bool {
        { entry in entry["status"]?.intValue == Int64(status) && (method == nil || entry["method"]?.stringValue == method) }
    }
}

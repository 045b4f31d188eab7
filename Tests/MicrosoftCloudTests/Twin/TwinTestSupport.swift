import CloudTwin
import Foundation
import HTTPTransport
import Logging
import MicrosoftCloud
import StepwiseTesting
import Synchronization

/// Every text a session could emit, collected so tests can search it for secrets.
final class OutputCollector: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }

    var text: String { all.joined(separator: "\n") }

    /// A logger at trace level that writes here.
    func logger() -> Logger {
        var logger = Logger(label: "stepwise.cloud.test") { _ in CollectingLogHandler(collector: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Records every field of an exchange record.
    func record(_ record: ExchangeRecord) {
        append(record.summary)
        append(record.url)
        append(record.requestHeaders.description)
        append(record.responseHeaders.description)
        if let body = record.requestBody { append(body) }
        if let body = record.responseBody { append(body) }
        if let failure = record.failure { append(failure) }
    }
}

struct CollectingLogHandler: LogHandler {
    let collector: OutputCollector
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        collector.append("\(event.level) \(event.message)")
    }
}

extension TwinFixture {
    /// The twin's request log entries after `since`, for `service` (`identity`, `graph`, `foreign`, an org's name).
    func logged(_ control: TwinControl, service: String? = nil, since: Int = 0) throws -> [JSONValue] {
        try control.requests(since: since).filter { service == nil || $0["service"]?.stringValue == service }
    }
}

extension JSONValue {
    /// The request log entry's path.
    var loggedPath: String { self["path"]?.stringValue ?? "" }
    /// The request log entry's status.
    var loggedStatus: Int { Int(self["status"]?.intValue ?? 0) }
}

/// Seconds since `start`.
func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return Double(seconds) + Double(attoseconds) / 1e18
}

import Foundation

/// One line of the request log (`GET {control}/requests`). Bodies are not kept; tokens and secrets never appear.
struct RequestLogEntry: Sendable {
    var seq: Int
    var time: Date
    var service: String
    var origin: String
    var method: String
    var path: String
    var query: String
    var status: Int
    var durationMilliseconds: Double
    /// True when the request carried an `Authorization` header (logged as `"Bearer <redacted>"`).
    var hadAuthorization: Bool
    var tokenAppId: String?
    var clientRequestId: String?
    var requestId: String
    var fault: String?

    var json: JSON {
        [
            "seq": .int(seq), "time": .string(TwinTime.iso8601Precise(time)), "service": .string(service),
            "origin": .string(origin), "method": .string(method), "path": .string(path), "query": .string(query),
            "status": .int(status), "duration_ms": .double((durationMilliseconds * 1000).rounded() / 1000),
            "authorization": hadAuthorization ? "Bearer <redacted>" : .null,
            "token_appid": .string(orNull: tokenAppId), "client_request_id": .string(orNull: clientRequestId),
            "request_id": .string(requestId), "fault": .string(orNull: fault),
        ]
    }
}

/// The request log of every listener except control, capped at the most recent `capacity` entries.
final class RequestLog: Sendable {
    private struct Storage {
        var nextSeq = 1
        var entries: [RequestLogEntry] = []
    }

    static let capacity = 100_000
    private let storage = Locked(Storage())

    /// Appends an entry, assigning its sequence number.
    func record(_ entry: RequestLogEntry) {
        storage.withLock { storage in
            var entry = entry
            entry.seq = storage.nextSeq
            storage.nextSeq += 1
            storage.entries.append(entry)
            if storage.entries.count > Self.capacity { storage.entries.removeFirst(storage.entries.count / 10) }
        }
    }

    /// Entries with `seq > since`, oldest first.
    func entries(since: Int = 0) -> [RequestLogEntry] {
        storage.withLock { storage in
            guard let index = storage.entries.firstIndex(where: { $0.seq > since }) else { return [] }
            return Array(storage.entries[index...])
        }
    }

    /// Forgets every entry; sequence numbers keep increasing.
    func clear() {
        storage.withLock { $0.entries.removeAll() }
    }

    /// Query parameters whose values must never be logged.
    static let sensitiveParameters: Set<String> = [
        "client_secret", "client_assertion", "code", "device_code", "refresh_token", "access_token", "password",
        "assertion",
    ]

    /// The query string with sensitive parameter values replaced by `<redacted>`.
    static func redactedQuery(_ query: String) -> String {
        guard !query.isEmpty else { return query }
        return query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            let decoded = (name.removingPercentEncoding ?? name).lowercased()
            return sensitiveParameters.contains(decoded) ? "\(name)=<redacted>" : String(pair)
        }.joined(separator: "&")
    }
}

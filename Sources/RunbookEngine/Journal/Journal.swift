public import Foundation
public import HTTPTransport
import MicrosoftCloud
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The append-only journal of one target (runbook, customer, environment): one JSON object per line, every line
/// passed through the redactor and fsynced. Reading skips a last line cut short by a crash.
///
/// `append` writes its line at once and fsyncs it in the background, so a record's fsync overlaps the request
/// that follows it instead of delaying it; `flush` waits until every appended line is on disk. A written line
/// survives the process dying whatever happens; the fsync only matters if the machine itself stops, so the
/// runner flushes before anything a record describes can have an effect elsewhere (before a step applies
/// changes) and when the run ends. A failed fsync is reported by the next `append` or `flush`.
public final class Journal {
    /// The journal file.
    public let url: URL
    private let fd: Int32
    private let redactor: SecretRedactor
    /// Runs the fsyncs, one after another.
    private let syncQueue = DispatchQueue(label: "stepwise.journal.fsync")
    /// The first fsync that failed and was not reported yet.
    private let syncFailure = FirstFailure()

    /// Opens (creating) the journal for appending; its folder is made private (0700), the file 0600.
    public init(url: URL, redactor: SecretRedactor) throws {
        self.url = url
        self.redactor = redactor
        let folder = url.deletingLastPathComponent()
        try SecureFiles.makePrivateDirectory(folder)
        let existed = FileManager.default.fileExists(atPath: url.path)
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXFailure(operation: "open \(url.path)", code: errno) }
        self.fd = fd
        if !existed { SecureFiles.syncDirectory(folder) }
    }

    deinit {
        syncQueue.sync {}
        close(fd)
    }

    /// Writes one record as a line (redacted) and starts its fsync.
    public func append(_ record: JournalRecord) throws {
        try reportSyncFailure()
        let line = redactor.redact(record.json.serializedString()) + "\n"
        try SecureFiles.writeAll(fd: fd, data: Data(line.utf8), path: url.path)
        syncQueue.async { [fd, path = url.path, syncFailure] in
            guard fsync(fd) != 0 else { return }
            syncFailure.keep(POSIXFailure(operation: "fsync \(path)", code: errno))
        }
    }

    /// Returns once every record appended so far is on disk; throws when an fsync failed.
    public func flush() throws {
        syncQueue.sync {}
        try reportSyncFailure()
    }

    private func reportSyncFailure() throws {
        if let failure = syncFailure.take() { throw failure }
    }

    /// Every readable record of the journal at `url` (none when it does not exist).
    public static func records(at url: URL) throws -> [JournalRecord] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let bytes = [UInt8](try Data(contentsOf: url))
        // Split on the bytes: `Data.split` made a `Data` per line and cost more than parsing them.
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            (try? JSONValue.parse(Data(line))).flatMap(JournalRecord.init(json:))
        }
    }
}

/// The first error kept by any thread, until taken.
private final class FirstFailure: Sendable {
    private let error = Mutex<POSIXFailure?>(nil)

    func keep(_ failure: POSIXFailure) {
        error.withLock { if $0 == nil { $0 = failure } }
    }

    func take() -> POSIXFailure? {
        error.withLock { kept in
            defer { kept = nil }
            return kept
        }
    }
}

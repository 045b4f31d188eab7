public import Foundation
public import HTTPTransport
import MicrosoftCloud
#if canImport(Glibc)
import Glibc
#endif

/// The append-only journal of one target (runbook, customer, environment): one JSON object per line, each line
/// fsynced before `append` returns, every line passed through the redactor. Reading skips a last line cut short
/// by a crash.
public final class Journal {
    /// The journal file.
    public let url: URL
    private let fd: Int32
    private let redactor: SecretRedactor

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
        close(fd)
    }

    /// Writes one record as a line (redacted) and fsyncs it.
    public func append(_ record: JournalRecord) throws {
        let line = redactor.redact(record.json.serializedString()) + "\n"
        try SecureFiles.writeAll(fd: fd, data: Data(line.utf8), path: url.path)
        guard fsync(fd) == 0 else { throw POSIXFailure(operation: "fsync \(url.path)", code: errno) }
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

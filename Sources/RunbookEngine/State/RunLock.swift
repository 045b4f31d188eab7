public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock per run target, so two runs of the same runbook, customer and environment never overlap.
/// Uses `flock`, so a crashed run's lock is released by the kernel; the file records who holds it.
public final class RunLock {
    private let fd: Int32
    /// The lock file.
    public let url: URL

    /// Takes the lock or throws `RunLockError.held` naming the holder.
    public init(url: URL, description: String) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXFailure(operation: "open \(url.path)", code: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw RunLockError(target: description, holder: holder ?? "")
        }
        self.fd = fd
        let note = "pid \(getpid()), started \(Timestamp.iso(Date()))\n"
        ftruncate(fd, 0)
        _ = try? SecureFiles.writeAll(fd: fd, data: Data(note.utf8), path: url.path)
    }

    deinit {
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// Another run holds the lock of the same target.
public struct RunLockError: Error, CustomStringConvertible {
    /// The target, e.g. `adobe-campaign-d365 for contoso/stage`.
    public var target: String
    /// What the holder wrote: its pid and start time.
    public var holder: String

    public var description: String {
        "another run of \(target) is in progress" + (holder.isEmpty ? "" : " (\(holder))")
            + "; wait for it to finish, or stop it first"
    }
}

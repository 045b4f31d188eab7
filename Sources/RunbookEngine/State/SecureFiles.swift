import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File-system helpers for state that must be private and durable.
enum SecureFiles {
    /// Creates `url` (and parents) with mode 0700, or tightens an existing folder to 0700.
    static func makePrivateDirectory(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        if chmod(url.path, 0o700) != 0 {
            throw POSIXFailure(operation: "chmod 0700 \(url.path)", code: errno)
        }
    }

    /// A file name for a secret or target name: letters, digits, `.`, `_`, `-` kept, anything else `%XX`.
    static func fileName(for name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out.hasPrefix(".") ? "%2E" + out.dropFirst() : out
    }

    /// Writes `data` to a temporary file with `mode`, fsyncs it, renames it over `url` and fsyncs the folder.
    static func writeAtomically(_ data: Data, to url: URL, mode: mode_t) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw POSIXFailure(operation: "create \(temporary.path)", code: errno) }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        try writeAll(fd: fd, data: data, path: temporary.path)
        guard fsync(fd) == 0 else { throw POSIXFailure(operation: "fsync \(temporary.path)", code: errno) }
        close(fd)
        closed = true
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw POSIXFailure(operation: "rename to \(url.path)", code: code)
        }
        syncDirectory(folder)
    }

    /// Writes every byte of `data` to `fd`.
    static func writeAll(fd: Int32, data: Data, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw POSIXFailure(operation: "write \(path)", code: errno)
                }
                offset += n
            }
        }
    }

    /// fsyncs a folder so a rename or a new file in it survives a crash.
    static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// A failed system call, with the operation and `strerror` text.
struct POSIXFailure: Error, CustomStringConvertible {
    var operation: String
    var code: Int32
    var description: String { "\(operation): \(String(cString: strerror(code)))" }
}

public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with `posix_spawn`, feeding it standard input and collecting its output.
///
/// Used instead of Foundation's `Process`, whose `run()` on Linux can crash intermittently (a buffer over-read
/// while it scans `/proc/self/fd`; swiftlang/swift-corelibs-foundation#5472) — fatal for a CLI that runs an
/// operator's secret command, and for tests that start many processes at once.
public enum ChildProcess {
    /// How a program ended and what it printed.
    public struct Outcome: Sendable {
        /// The exit status, or the signal number when `signaled`.
        public var status: Int32
        /// Whether a signal ended it.
        public var signaled: Bool
        public var stdout: Data
        public var stderr: Data
    }

    /// A program that could not be started.
    public struct LaunchError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Runs `executable` with `arguments` (not including the program name) and `environment` (the whole
    /// environment), writes `input` to its standard input and closes it, and waits for it to end.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], input: Data? = nil
    ) throws -> Outcome {
        signal(SIGPIPE, SIG_IGN)  // a child that exits without reading its input must not kill us
        // Socket pairs rather than pipes: they can be made close-on-exec atomically, so no other child started
        // meanwhile inherits them (and keeps them open).
        var stdinPipe: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        let kind = Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &stdinPipe) == 0, socketpair(AF_UNIX, kind, 0, &stdoutPipe) == 0,
              socketpair(AF_UNIX, kind, 0, &stderrPipe) == 0 else {
            throw LaunchError(description: "cannot create socket pairs: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP] { sigaddset(&defaults, signal) }
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        for fd in [stdinPipe[0], stdoutPipe[1], stderrPipe[1]] { close(fd) }
        guard spawned == 0 else {
            for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { close(fd) }
            throw LaunchError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let (stdout, stderr) = exchange(input: input ?? Data(), stdin: stdinPipe[1], stdout: stdoutPipe[0], stderr: stderrPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        return Outcome(status: signaled ? status & 0x7f : (status >> 8) & 0xff, signaled: signaled, stdout: stdout, stderr: stderr)
    }

    /// Writes `input` and reads both outputs with `poll`, so no buffer fills up while another waits; closes the fds.
    private static func exchange(input: Data, stdin: Int32, stdout: Int32, stderr: Int32) -> (Data, Data) {
        let pending = [UInt8](input)
        var written = 0
        var out = Data(), err = Data()
        var writer: Int32 = stdin
        if pending.isEmpty {
            shutdown(writer, Int32(SHUT_WR))
            close(writer)
            writer = -1
        } else {
            _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK)
        }
        var readers: [Int32] = [stdout, stderr]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !readers.isEmpty || writer >= 0 {
            var fds = readers.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if writer >= 0 { fds.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == writer {
                    let n = pending.withUnsafeBytes { write(writer, $0.baseAddress! + written, pending.count - written) }
                    if n > 0 { written += n }
                    if n < 0 && errno != EAGAIN && errno != EINTR || written == pending.count {
                        shutdown(writer, Int32(SHUT_WR))
                        close(writer)
                        writer = -1
                    }
                    continue
                }
                let n = read(entry.fd, &buffer, buffer.count)
                if n > 0 {
                    if entry.fd == stdout { out.append(contentsOf: buffer[..<n]) } else { err.append(contentsOf: buffer[..<n]) }
                } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(entry.fd)
                    readers.removeAll { $0 == entry.fd }
                }
            }
        }
        return (out, err)
    }
}

import RunbookEngine
#if canImport(Glibc)
import Glibc
#endif

/// Reads the debugger's commands from a terminal line by line (the kernel's line editing applies) while watching
/// for Ctrl-C: SIGINT may be handled on any thread of the process, so a blocking read on this one would not be
/// interrupted; instead the reader polls standard input and `DebugInterrupt` in turn.
final class TerminalLineReader {
    /// What `next` ended with.
    private(set) var interrupted = false
    private var pending: [UInt8] = []

    /// The next line without its newline; nil at the end of input or after Ctrl-C (`interrupted` tells which).
    func next() -> String? {
        interrupted = false
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if DebugInterrupt.take() {
                interrupted = true
                pending.removeAll()
                return nil
            }
            var watch = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&watch, 1, 100)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if pending.isEmpty { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            pending += buffer[..<count]
        }
    }
}

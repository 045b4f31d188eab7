import CEditLine
import Foundation
import RunbookEngine
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The debugger's prompt on a terminal: libedit's line editing and history (arrow keys, Ctrl-R ...). Ctrl-C at the
/// prompt ends the read as `interrupted`: libedit reads keys through `waitForKey`, which polls standard input and
/// `DebugInterrupt` in turn (SIGINT may be handled on any thread, so a blocking read would not notice it).
final class LineEditorConsole: DebugConsole {
    private let output: (String) -> Void

    /// A console writing what the debugger shows with `output`, and the prompt to standard error when
    /// `promptToStandardError` (standard output carries JSON lines).
    init(output: @escaping (String) -> Void, promptToStandardError: Bool) {
        self.output = output
        using_history()
        if promptToStandardError { stepwise_editline_prompt_to_stderr() }
        stepwise_editline_set_getc { _ in LineEditorConsole.waitForKey() }
    }

    func read(prompt: String) -> DebugInput {
        Self.interrupted.store(false, ordering: .relaxed)
        // libedit does not count what lies between \u{1} and \u{2} (colour codes) in the prompt's width.
        let marked = prompt.replacing(/\u{1B}\[[0-9;]*m/) { "\u{1}" + $0.output + "\u{2}" }
        guard let raw = readline(marked) else {
            if Self.interrupted.load(ordering: .relaxed) || DebugInterrupt.take() {
                output("^C\n")
                return .interrupted
            }
            output("\n")
            return .end
        }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { add_history(raw) }
        return .line(line)
    }

    func write(_ text: String) {
        output(text)
    }

    /// Ctrl-C ended the last read.
    private static let interrupted = Atomic<Bool>(false)

    /// One byte of standard input, or EOF at its end or on Ctrl-C.
    private static func waitForKey() -> Int32 {
        while true {
            if DebugInterrupt.take() {
                interrupted.store(true, ordering: .relaxed)
                return EOF
            }
            var watch = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&watch, 1, 100)
            guard ready > 0 else { continue }
            var byte: UInt8 = 0
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return EOF }
            if byte == 3 {  // Ctrl-C as a key: libedit's editing mode turns the terminal's signal keys off
                interrupted.store(true, ordering: .relaxed)
                return EOF
            }
            return Int32(byte)
        }
    }
}

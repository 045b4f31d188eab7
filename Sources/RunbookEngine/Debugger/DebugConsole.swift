import Foundation

/// What the operator answered at the prompt.
public enum DebugInput: Sendable, Equatable {
    /// A line (without its newline).
    case line(String)
    /// End of input (Ctrl-D, or the end of a script): the debugger quits.
    case end
    /// Ctrl-C at the prompt: the debugger quits.
    case interrupted
}

/// Where the debugger reads commands and writes what it shows: a line editor on a terminal, or lines of a stream.
public protocol DebugConsole: AnyObject {
    /// Shows `prompt` and reads one line.
    func read(prompt: String) -> DebugInput
    /// Writes text made of whole lines (already redacted).
    func write(_ text: String)
}

/// Reads commands one per line from a stream (standard input, a test's script). Unless the terminal already
/// shows what was typed, it echoes each line after its prompt, so the output reads as a transcript.
public final class LineStreamConsole: DebugConsole {
    private let next: () -> String?
    private let output: (String) -> Void
    private let interrupted: () -> Bool
    private let echoes: Bool

    /// A console reading lines with `next` (nil at the end) and writing with `output`; `interrupted` tells whether
    /// a read that ended came from Ctrl-C. `echoes` is false when the lines come from a terminal (which echoes them).
    public init(next: @escaping () -> String? = { Swift.readLine(strippingNewline: true) },
                output: @escaping (String) -> Void, interrupted: @escaping () -> Bool = { false }, echoes: Bool = true) {
        self.next = next
        self.output = output
        self.interrupted = interrupted
        self.echoes = echoes
    }

    public func read(prompt: String) -> DebugInput {
        output(prompt)
        guard let line = next() else {
            if interrupted() {
                output("^C\n")
                return .interrupted
            }
            output("\n")
            return .end
        }
        if echoes { output(line + "\n") }
        return .line(line)
    }

    public func write(_ text: String) {
        output(text)
    }
}

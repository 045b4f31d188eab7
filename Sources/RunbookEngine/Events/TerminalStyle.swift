public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How output may look: colours (only on a TTY, never with `NO_COLOR`) and in-place redraws (a TTY whose `TERM` is
/// not `dumb`).
public struct TerminalStyle: Sendable, Hashable {
    /// ANSI colours are allowed.
    public var colors: Bool
    /// The cursor may move up to redraw a live step list.
    public var redraws: Bool

    public init(colors: Bool, redraws: Bool) {
        self.colors = colors
        self.redraws = redraws
    }

    /// No colours, no redraws (pipes, files, tests).
    public static let plain = TerminalStyle(colors: false, redraws: false)

    /// What standard output (or `fd`) allows, given the environment.
    public static func detect(fd: Int32 = STDOUT_FILENO, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> TerminalStyle
    {
        let tty = isatty(fd) == 1
        let dumb = (environment["TERM"] ?? "") == "dumb" || (environment["TERM"] ?? "").isEmpty
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(colors: tty && !noColor && !dumb, redraws: tty && !dumb)
    }

    func paint(_ text: String, _ code: String) -> String { colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func green(_ text: String) -> String { paint(text, "32") }
    func red(_ text: String) -> String { paint(text, "31") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func cyan(_ text: String) -> String { paint(text, "36") }
    func dim(_ text: String) -> String { paint(text, "2") }
    func bold(_ text: String) -> String { paint(text, "1") }

    /// The status word, coloured.
    func status(_ status: StepState) -> String {
        switch status {
        case .changed: green(status.rawValue)
        case .unchanged, .done, .skipped: dim(status.rawValue)
        case .planned: cyan(status.rawValue)
        case .waiting: yellow(status.rawValue)
        case .failed: red(status.rawValue)
        }
    }

    /// The sign in front of a planned change.
    func sign(_ action: String) -> String {
        switch action {
        case "create": green("+")
        case "delete": red("-")
        case "replace": yellow("-/+")
        case "manual": yellow("!")
        case "assign": cyan(">")
        default: yellow("~")
        }
    }
}

/// Durations for people: `340 ms`, `2.4 s`, `1 min 5 s`.
enum DurationText {
    static func of(milliseconds: Int) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 60_000 { return String(format: "%.1f s", Double(milliseconds) / 1000) }
        return "\(milliseconds / 60_000) min \((milliseconds % 60_000) / 1000) s"
    }
}

import Foundation
public import HTTPTransport
#if canImport(Glibc)
import Glibc
#endif

/// The TTY view: a live step list at the bottom of the screen (spinner, status, durations), redrawn in place,
/// with plans, logs and errors printed above it. A timer thread turns the spinner; everything written goes
/// through one lock and the redactor.
public final class LiveRenderer: RunEventSink, @unchecked Sendable {
    private enum State {
        case pending
        case running(since: Date)
        case finished(StepState, milliseconds: Int, note: String)
    }

    private struct Row {
        var step: StepHeader
        var state: State
        var detail = ""
    }

    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    private let write: (String) -> Void
    private let redactor: SecretRedactor?
    private let style: TerminalStyle
    private let width: () -> Int
    private let lock = NSLock()
    private var rows: [Row] = []
    private var drawnLines = 0
    private var frame = 0
    private var timer: (any DispatchSourceTimer)?

    /// A renderer writing through `write`; `width` gives the terminal's columns.
    public init(style: TerminalStyle, redactor: SecretRedactor?, width: @escaping () -> Int = LiveRenderer.terminalWidth,
                write: @escaping (String) -> Void) {
        self.style = style
        self.redactor = redactor
        self.width = width
        self.write = write
    }

    deinit {
        timer?.cancel()
    }

    public func handle(_ event: RunEvent) {
        lock.lock()
        defer { lock.unlock() }
        var output = erase()
        let permanent = EventText.lines(for: event, style: style, includeStart: false)
        switch event.kind {
        case .runStarted(let opening):
            rows = opening.steps.map { Row(step: $0, state: .pending) }
            startTimer()
        case .stepStarted(let step):
            update(step) { $0.state = .running(since: event.time) }
        case .stepPlanned(let step, let changes):
            update(step) { $0.detail = "\(changes.count) change\(changes.count == 1 ? "" : "s")" }
        case .progress(let step, let message):
            update(step) { $0.detail = message }
        case .log:
            break
        case .stepFinished(let step, let outcome):
            let note = outcome.status == .done ? "done in run \(outcome.doneIn ?? "?")"
                : outcome.status == .planned ? "\(outcome.changes.count) change\(outcome.changes.count == 1 ? "" : "s")" : ""
            update(step) { $0.state = .finished(outcome.status, milliseconds: outcome.durationMs, note: note) }
        case .runFinished:
            output += board()
            drawnLines = 0
            stopTimer()
        }
        // A finished step's head line is what the list shows; its error and outputs print above the list.
        var body = permanent
        if case .stepFinished = event.kind { body = Array(permanent.dropFirst()) }
        if !body.isEmpty { output += body.joined(separator: "\n") + "\n" }
        if case .runFinished = event.kind {} else { output += board() }
        emit(output)
    }

    private func update(_ step: StepHeader, _ change: (inout Row) -> Void) {
        guard let index = rows.firstIndex(where: { $0.step.id == step.id }) else { return }
        change(&rows[index])
    }

    /// Moves the cursor to the start of the list and clears to the end of the screen.
    private func erase() -> String {
        guard drawnLines > 0 else { return "" }
        defer { drawnLines = 0 }
        return "\u{1B}[\(drawnLines)F\u{1B}[J"
    }

    private func board() -> String {
        let columns = max(40, width())
        let idWidth = min(16, rows.map(\.step.id.count).max() ?? 4)
        let pluginWidth = min(30, rows.map(\.step.plugin.count).max() ?? 8)
        var lines: [String] = []
        for row in rows {
            let id = row.step.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let plugin = row.step.plugin.padding(toLength: pluginWidth, withPad: " ", startingAt: 0)
            var mark: String, status: String, tail: String
            switch row.state {
            case .pending:
                (mark, status, tail) = (style.dim("·"), style.dim("pending"), "")
            case .running(let since):
                let elapsed = Int(Date().timeIntervalSince(since) * 1000)
                (mark, status, tail) = (style.cyan(Self.frames[frame % Self.frames.count]), style.cyan("running"),
                                        DurationText.of(milliseconds: max(0, elapsed)) + (row.detail.isEmpty ? "" : "  \(row.detail)"))
            case .finished(let result, let milliseconds, let note):
                mark = result == .failed ? style.red("✗") : result == .waiting ? style.yellow("!") : style.green("✓")
                status = style.status(result)
                tail = result == .done ? note : DurationText.of(milliseconds: milliseconds) + (note.isEmpty ? "" : "  \(note)")
            }
            let plain = "  \(mark) \(id)  \(plugin)  \(status)  \(tail)"
            lines.append(Self.clip(plain, to: columns - 1))
        }
        drawnLines = lines.count
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Cuts a line to `columns` visible characters (escape sequences do not count), so it never wraps.
    static func clip(_ line: String, to columns: Int) -> String {
        var visible = 0
        var out = ""
        var inEscape = false
        for character in line {
            if character == "\u{1B}" { inEscape = true }
            if inEscape {
                out.append(character)
                if character.isLetter { inEscape = false }
                continue
            }
            if visible >= columns { continue }
            visible += 1
            out.append(character)
        }
        return out + (line.contains("\u{1B}") ? "\u{1B}[0m" : "")
    }

    private func emit(_ text: String) {
        guard !text.isEmpty else { return }
        write(redactor?.redact(text) ?? text)
    }

    private func startTimer() {
        guard timer == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
    }

    private func tick() {
        lock.lock()
        defer { lock.unlock() }
        guard drawnLines > 0, rows.contains(where: { if case .running = $0.state { true } else { false } }) else { return }
        frame += 1
        emit(erase() + board())
    }

    /// The terminal's width in columns (80 when unknown).
    public static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

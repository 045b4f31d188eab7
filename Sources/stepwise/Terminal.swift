import Foundation
import HTTPTransport
import PluginHost
import RunbookEngine
#if canImport(Glibc)
import Glibc
#endif

/// The CLI's side of the terminal: renderers, prompts, and error lines.
enum Terminal {
    /// A refusal of the operator or of a missing terminal (bad input: exit status 2).
    struct Refusal: Error {
        var message: String
    }

    /// Writes to standard output.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a line to standard error.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Whether standard input is a terminal someone can type into.
    static var interactive: Bool { isatty(STDIN_FILENO) == 1 }

    /// The renderer for `format`: JSON lines, the live list on a terminal (when `live`), or plain lines.
    static func renderer(_ format: OutputFormat, redactor: SecretRedactor, live: Bool = true) -> any RunEventSink {
        if format == .json { return JSONLinesRenderer(redactor: redactor, write: out) }
        let style = TerminalStyle.detect()
        if style.redraws && live { return LiveRenderer(style: style, redactor: redactor, write: out) }
        return PlainRenderer(style: style, redactor: redactor, write: out)
    }

    /// Asks the operator to type the environment's name; refuses without a terminal.
    static func confirm(environment: String, target: RunTarget) throws {
        guard interactive else {
            throw Refusal(message: "environment '\(environment)' needs a confirmation: run on a terminal to type its name, "
                + "or pass --yes to confirm non-interactively")
        }
        FileHandle.standardError.write(Data(
            "This changes \(target). Type the environment name (\(environment)) to continue: ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces)
        guard answer == environment else {
            throw Refusal(message: "not confirmed (typed \(answer.map { "'\($0)'" } ?? "nothing")); nothing was changed")
        }
    }

    /// The gate handler: on a terminal, shows the manual step and waits for Enter; otherwise (or on `skip`) the
    /// gate stays pending and the run ends waiting for the operator.
    static func gate(_ request: GateRequest) throws {
        guard interactive else { throw GatePendingError(message: request.message) }
        FileHandle.standardError.write(Data(
            "\nManual step\(request.step.map { " (\($0))" } ?? ""): \(request.message)\nPress Enter when done, or type 'skip' to stop here: ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        if answer == nil || answer == "skip" { throw GatePendingError(message: request.message) }
    }
}

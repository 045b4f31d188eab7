import ArgumentParser
import Foundation
import MicrosoftCloud
import RunbookEngine

/// `stepwise journal show`: the recorded runs and their steps.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Show the journal: runs per runbook, customer and environment, with each step's outcome.",
        discussion: """
            Examples:
              stepwise journal show
              stepwise journal show adobe-campaign-d365 --customer contoso --env prod \\
                --output json
            """,
        subcommands: [Show.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the recorded runs and their steps (non-secret outputs only).",
            discussion: """
                Examples:
                  stepwise journal show
                  stepwise journal show adobe-campaign-d365 --customer contoso --env stage
                  stepwise journal show --output json
                """
        )

        @Argument(help: ArgumentHelp("Only this runbook (a name, or a path whose file name is its name).", valueName: "RUNBOOK"))
        var runbook: String?

        @Option(help: ArgumentHelp("Only this customer (`default` for runs without an overlay).", valueName: "C"))
        var customer: String?

        @Option(help: ArgumentHelp("Only this environment.", valueName: "ENV"))
        var env: String?

        @OptionGroup var state: StateFolder
        @OptionGroup var output: OutputOptions

        func run() throws {
            let name = runbook.map { ($0 as NSString).lastPathComponent }.map { $0.hasSuffix(".lua") ? String($0.dropLast(4)) : $0 }
            let journals = state.layout.journals().filter { entry in
                (name == nil || entry.target.runbook == name) && (customer == nil || entry.target.customer == customer)
                    && (env == nil || entry.target.environment == env)
            }
            if journals.isEmpty {
                Terminal.error("no runs recorded in \(DisplayPath.of(state.layout.root))")
                return
            }
            for entry in journals {
                let history = JournalHistory(records: try Journal.records(at: entry.url))
                switch output.output {
                case .json:
                    for run in history.runs { print(Self.json(run, target: entry.target).serializedString()) }
                case .text:
                    print("\(entry.target) (\(DisplayPath.of(entry.url)))")
                    for run in history.runs { print(Self.text(run)) }
                }
            }
        }

        static func text(_ run: RunHistory) -> String {
            let ending = run.end.map { "\($0.status.rawValue) in \(seconds($0.durationMs))" } ?? "did not finish"
            var lines = ["  run \(run.start.run)  \(run.start.mode)  \(run.start.time)  \(ending)  (\(run.start.target), "
                + "stepwise \(run.start.cliVersion))" + (run.start.resumes.map { ", resumes \($0)" } ?? "")]
            let width = run.steps.map(\.step.count).max() ?? 0
            for step in run.steps {
                var line = "    \(step.step.padding(toLength: width, withPad: " ", startingAt: 0))  \(step.status.rawValue)"
                if step.status == .done { line += " in run \(step.doneIn ?? "?")" } else { line += "  \(seconds(step.durationMs))" }
                if !step.changes.isEmpty { line += "  \(step.changes.count) change\(step.changes.count == 1 ? "" : "s")" }
                lines.append(line)
                for change in step.changes { lines.append("        \(change.text)") }
                if let failure = step.failure { lines.append("        error \(failure.code): \(failure.message)") }
                for key in step.outputs.keys.sorted() {
                    lines.append("        \(key) = \(step.outputs[key]!.serializedString())")
                }
            }
            return lines.joined(separator: "\n")
        }

        static func json(_ run: RunHistory, target: RunTarget) -> JSONValue {
            var object: [String: JSONValue] = [
                "runbook": .string(target.runbook), "customer": .string(target.customer), "env": .string(target.environment),
                "run": .string(run.start.run), "mode": .string(run.start.mode), "time": .string(run.start.time),
                "target": ["tenant": .string(run.start.target.tenant), "org": .string(run.start.target.org)],
                "cli_version": .string(run.start.cliVersion),
                "status": .string(run.end?.status.rawValue ?? "unfinished"),
                "steps": .array(run.steps.map { JournalRecord.stepFinished($0).json }),
            ]
            if let end = run.end { object["duration_ms"] = .int(Int64(end.durationMs)) }
            if let resumes = run.start.resumes { object["resumes"] = .string(resumes) }
            return .object(object)
        }

        static func seconds(_ milliseconds: Int) -> String {
            milliseconds < 1000 ? "\(milliseconds) ms" : String(format: "%.1f s", Double(milliseconds) / 1000)
        }
    }
}

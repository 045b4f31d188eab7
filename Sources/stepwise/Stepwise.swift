import ArgumentParser
import Foundation

/// The `stepwise` command line.
///
/// Every command names itself (`commandName`): a name derived from the type costs the Swift runtime a scan of every
/// protocol conformance in this large binary, at every start.
@main
struct Stepwise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Run admin runbooks against Microsoft cloud tenants, step by step.",
        version: "0.1.0",
        subcommands: [
            PlanCommand.self, RunCommand.self, PluginsCommand.self, SecretsCommand.self, JournalCommand.self,
            LuaCommand.self, TwinCommand.self,
        ]
    )

    /// Parses and runs the command; usage errors (unknown flags, missing or invalid values) exit with status 2,
    /// like every other kind of bad input.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

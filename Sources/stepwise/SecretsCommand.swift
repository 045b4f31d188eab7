import ArgumentParser
import Foundation
import PluginHost
import RunbookEngine

/// `stepwise secrets list`: what the secret store holds, never the values (unless one is revealed on purpose).
struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Show the stored secrets (names, key ids, hints, expiry), never their values.",
        discussion: """
            Examples:
              stepwise secrets list
              stepwise secrets list \\
                --reveal adobe-campaign-d365/contoso/stage/client-secret
            """,
        subcommands: [List.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the stored secrets; --reveal NAME prints one value, and nothing else, to standard output.",
            discussion: """
                Examples:
                  stepwise secrets list
                  stepwise secrets list \\
                    --reveal adobe-campaign-d365/contoso/stage/client-secret
                  stepwise secrets list --secret-command 'vault-wrapper'
                """
        )

        @OptionGroup var state: StateOptions

        @Option(help: ArgumentHelp("Print the value of this secret (on purpose: it is the only thing printed).", valueName: "NAME"))
        var reveal: String?

        func run() throws {
            let store: any SecretStore
            do {
                store = try EngineHost.secretStore(state: state.layout, command: state.secretCommand, redactor: nil)
            } catch {
                Terminal.error("error: cannot open the secret store: \(error)")
                throw ExitCode(1)
            }
            if let reveal {
                do {
                    print(try store.value(name: reveal))
                } catch {
                    Terminal.error("error: \(error)")
                    throw ExitCode(2)
                }
                return
            }
            let references = try store.list()
            if references.isEmpty {
                print("no secrets stored")
                return
            }
            let rows = [["NAME", "KEY ID", "HINT", "EXPIRES", "STORE"]] + references.map { reference in
                [reference.name, reference.keyID ?? "-", reference.hint.map { "\($0)…" } ?? "-", reference.expires ?? "-", reference.store]
            }
            let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                print(row.enumerated().map { column, text in
                    column == 4 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }.joined(separator: "  "))
            }
        }
    }
}

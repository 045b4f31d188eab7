import ArgumentParser
import Foundation
import PluginHost
import RunbookEngine

/// `stepwise plugins list|describe`: the plugins a runbook can use.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the plugins, or describe one (parameters, outputs).",
        discussion: """
            Examples:
              stepwise plugins list
              stepwise plugins describe entra.client_secret
            """,
        subcommands: [List.self, Describe.self]
    )

    /// Plugin folders: the project's `plugins/`, then `--path` folders.
    struct Folders: ParsableArguments {
        @Option(name: .customLong("path"), help: ArgumentHelp("Another plugin folder, e.g. an overlay's (repeatable).", valueName: "DIR"))
        var paths: [String] = []

        func host() throws -> PluginHost {
            let project = ProjectLayout.standard().pluginFolder.map { [DisplayPath.of($0)] } ?? []
            return try EngineHost.offlineHost(pluginPaths: project + paths)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every plugin with its summary (and why a plugin does not load).",
            discussion: """
                Examples:
                  stepwise plugins list
                  stepwise plugins list --path runbooks/customers/contoso/plugins
                """
        )

        @OptionGroup var folders: Folders

        func run() throws {
            let listings = try folders.host().listPlugins()
            let width = listings.map(\.id.count).max() ?? 0
            var failed = false
            for listing in listings {
                let id = listing.id.padding(toLength: width, withPad: " ", startingAt: 0)
                if let error = listing.error {
                    failed = true
                    print("\(id)  does not load: \(error)")
                } else {
                    print("\(id)  \(listing.summary ?? "")")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }

    struct Describe: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "describe",
            abstract: "Describe a plugin: its file, parameters (types, defaults, docs) and outputs.",
            discussion: """
                Examples:
                  stepwise plugins describe entra.app_registration
                  stepwise plugins describe contoso.team_membership \\
                    --path runbooks/customers/contoso/plugins
                """
        )

        @Argument(help: ArgumentHelp("The plugin ID, e.g. entra.app_registration.", valueName: "ID"))
        var id: String

        @OptionGroup var folders: Folders

        func run() throws {
            do {
                print(try folders.host().plugin(id).description)
            } catch let error as PluginLoadError {
                Terminal.error("error: \(error)")
                throw ExitCode(2)
            }
        }
    }
}

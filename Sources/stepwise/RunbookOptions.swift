import ArgumentParser
import Foundation
import RunbookEngine

/// The runbook, customer, environment and parameters of `plan` and `run`.
struct TargetOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The runbook: a path, or a name in runbooks/ (adobe-campaign-d365).", valueName: "RUNBOOK"))
    var runbook: String

    @Option(help: ArgumentHelp("The environment (stage, prod, ...).", valueName: "ENV"))
    var env: String

    @Option(help: ArgumentHelp("A customer overlay: a path, or a name in runbooks/customers/ (contoso).", valueName: "C"))
    var customer: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("Set a runbook parameter (repeatable); typed by its declaration.", valueName: "NAME=VALUE"))
    var parameters: [String] = []
}

/// Where a run signs in: a twin, or a real tenant.
struct SignInOptions: ParsableArguments {
    @Flag(help: "Run against an in-process twin (the demo tenant with orgs stage and prod).")
    var twin = false

    @Option(name: .customLong("twin-info"), help: ArgumentHelp("Run against a running `stepwise twin serve --info FILE`.", valueName: "FILE"))
    var twinInfo: String?

    @Option(help: ArgumentHelp("The Microsoft cloud of a real tenant: global, usgovhigh, usdod, china.", valueName: "NAME"))
    var cloud = "global"

    @Flag(name: .customLong("device-code"), help: "Sign in interactively with a device code instead of AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET.")
    var deviceCode = false

    func validate() throws {
        if twin && twinInfo != nil { throw ValidationError("Give either --twin or --twin-info, not both.") }
        if (twin || twinInfo != nil) && deviceCode { throw ValidationError("--device-code signs in to a real tenant; it cannot be combined with a twin.") }
    }
}

/// Where state lives.
struct StateFolder: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: ArgumentHelp("The state folder (journal, locks, secrets, reports).", valueName: "DIR"))
    var stateDir: String?

    var layout: StateLayout {
        stateDir.map { StateLayout(root: URL(fileURLWithPath: $0).standardizedFileURL) } ?? .standard
    }
}

/// Where state lives and which secret store is used.
struct StateOptions: ParsableArguments {
    @OptionGroup var folder: StateFolder

    @Option(name: .customLong("secret-command"), help: ArgumentHelp("Keep secrets with this shell command instead of .stepwise/secrets/ (see README).", valueName: "CMD"))
    var secretCommand: String?

    var layout: StateLayout { folder.layout }
}

/// How events are written.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("text (a live list on a terminal, plain lines otherwise) or json (one event per line).", valueName: "FORMAT"))
    var output: OutputFormat = .text
}

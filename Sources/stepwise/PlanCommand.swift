import ArgumentParser
import RunbookEngine

/// `stepwise plan`: what a run would change, step by step, without changing anything.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a run would change, step by step (read-only everywhere).",
        discussion: """
            Every step reads the current state and plans its changes; nothing is written anywhere (the services \
            see only GET requests and token requests). Exit status: 0 ok, 1 a step failed, 2 bad input.

            Examples:
              stepwise plan adobe-campaign-d365 --env stage --customer contoso --twin
              stepwise plan adobe-campaign-d365 --env stage --customer contoso \\
                --twin-info twin.json --output json
              AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=... \\
                stepwise plan adobe-campaign-d365 --env prod --customer contoso
            """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try RunbookExecution(target: target, signIn: signIn, state: state, output: output).execute(mode: .plan)
    }
}

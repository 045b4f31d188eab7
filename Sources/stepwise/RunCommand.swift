import ArgumentParser
import RunbookEngine

/// `stepwise run`: applies a runbook step by step.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Apply a runbook step by step: read, plan, apply and verify each step.",
        discussion: """
            The run is recorded in the journal under the state folder (.stepwise/ by default). When the last run \
            of the same runbook, customer and environment did not finish (a crash, Ctrl-C, a failed step), the new \
            run resumes it: steps it finished are not run again. Environments marked `confirm = true` (prod) ask \
            you to type their name, or need --yes. Exit status: 0 ok, 1 a step failed, 2 bad input.

            Examples:
              stepwise run adobe-campaign-d365 --env stage --customer contoso --twin
              stepwise run adobe-campaign-d365 --env prod --customer contoso \\
                --twin-info twin.json --yes
              stepwise run adobe-campaign-d365 --env stage --customer contoso \\
                --from secret --rotate-secret
              stepwise run adobe-campaign-d365 --env stage --customer contoso \\
                --secret-command 'vault-wrapper'
              stepwise run adobe-campaign-d365 --env stage --customer contoso --twin --step
            """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Confirm an environment marked `confirm = true` (prod) without typing its name.")
    var yes = false

    @Option(help: ArgumentHelp("Run this step and the ones after it; earlier outputs come from the journal.", valueName: "STEP"))
    var from: String?

    @Option(help: ArgumentHelp("Run only this step; earlier outputs come from the journal.", valueName: "STEP"))
    var only: String?

    @Flag(help: "Start over instead of resuming an unfinished run.")
    var restart = false

    @Flag(name: .customLong("rotate-secret"), help: "Replace the client secret even when it is not close to expiry.")
    var rotateSecret = false

    @Flag(help: ArgumentHelp(
        "Stop before each step applies: show its parameters and plan, then take debugger commands (type help).",
        discussion: "Without a terminal the commands are read from standard input, one per line; its end quits."))
    var step = false

    @Flag(name: .customLong("debug-on-failure"), help: "Open the step debugger when a step fails (retry, skip, eval, inspect, quit).")
    var debugOnFailure = false

    func validate() throws {
        if from != nil && only != nil { throw ValidationError("Give either --from or --only, not both.") }
    }

    func run() throws {
        let choices = RunbookExecution.ApplyChoices(yes: yes, from: from, only: only, restart: restart, rotateSecret: rotateSecret,
                                                       debug: step ? .step : debugOnFailure ? .onFailure : nil)
        try RunbookExecution(target: target, signIn: signIn, state: state, output: output).execute(mode: .apply, choices: choices)
    }
}

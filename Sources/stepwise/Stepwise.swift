import ArgumentParser

/// The `stepwise` command line.
@main
struct Stepwise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Run admin runbooks against Microsoft cloud tenants, step by step.",
        version: "0.1.0",
        subcommands: [LuaCommand.self, TwinCommand.self]
    )
}

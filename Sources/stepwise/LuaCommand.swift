import ArgumentParser
import Foundation
import LuaKit

/// `stepwise lua FILE` / `stepwise lua -e CODE`: runs a chunk in a plugin sandbox and prints its results as JSON.
struct LuaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lua",
        abstract: "Run a Lua chunk in a plugin sandbox and print what it returns as JSON.",
        discussion: """
            One returned value prints as that value, several as a JSON array, none as nothing. Errors print as \
            'file:line: message' on standard error and exit with status 2.
            """
    )

    @Argument(help: "The Lua file to run.")
    var file: String?

    @Option(name: .customShort("e"), help: ArgumentHelp("Lua code to run instead of a file.", valueName: "code"))
    var code: String?

    @Option(help: "Folders that require() may load modules from (repeatable; default: the file's folder, or the current folder with -e).")
    var searchPath: [String] = []

    @Option(help: "The instruction budget.")
    var maxInstructions: Int = 100_000_000

    @Option(name: .customLong("max-memory-mb"), help: "The memory cap in MB.")
    var maxMemoryMB: Int = 256

    func run() throws {
        do {
            let results = try runChunk()
            switch results.count {
            case 0: break
            case 1: print(try results[0].jsonText())
            default: print(try LuaValue.array(results).jsonText())
            }
        } catch let error as LuaError where error.position == nil && error.kind == .memoryLimit {
            try Self.fail("\(chunkDisplayName): \(error.message)")
        } catch let error as LuaError {
            try Self.fail(error.message)
        } catch let error as LuaJSONError {
            try Self.fail("\(chunkDisplayName): cannot print the result: \(error.message)")
        }
    }

    private var chunkDisplayName: String { code == nil ? (file ?? "") : "(command line)" }

    private func runChunk() throws -> [LuaValue] {
        let limits = LuaLimits(instructions: maxInstructions, memoryMB: maxMemoryMB)
        switch (file, code) {
        case (let file?, nil):
            let folder = (file as NSString).deletingLastPathComponent
            let sandbox = try LuaState(limits: limits).makeSandbox(
                LuaSandboxOptions(searchPaths: searchPath.isEmpty ? [folder.isEmpty ? "." : folder] : searchPath))
            return try sandbox.runFile(file)
        case (nil, let code?):
            let sandbox = try LuaState(limits: limits).makeSandbox(
                LuaSandboxOptions(searchPaths: searchPath.isEmpty ? ["."] : searchPath))
            return try sandbox.run(code, name: "=(command line)")
        default:
            try Self.fail("stepwise lua: give either a FILE or -e CODE")
        }
    }

    /// Prints the message on standard error and exits with status 2 (bad input).
    private static func fail(_ message: String) throws -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        throw ExitCode(2)
    }
}

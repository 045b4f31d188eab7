import Foundation
import LuaKit

/// Runs a runbook or overlay file in a bare sandbox (no host modules, no `require` folders, an instruction budget
/// and a memory cap) and returns the value it returns, with the file's text for locating lines.
enum LuaFileEvaluator {
    /// Budgets for evaluating a declaration file: generous for tables, small for anything that loops.
    static let limits = LuaLimits(instructions: 5_000_000, memoryMB: 32)

    /// The value `file` returns; syntax and runtime errors become `file:line: message`.
    static func evaluate(_ file: URL, display: String) throws(RunbookError) -> (LuaValue, SourceText) {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            let reason = FileManager.default.fileExists(atPath: file.path) ? "it cannot be read" : "no such file"
            throw RunbookError(SourceLocation(file: display), "cannot read the file (\(reason))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RunbookError(SourceLocation(file: display), "the file is not UTF-8 text")
        }
        let source = SourceText(file: display, text: text)
        do {
            let state = try LuaState(limits: limits)
            let sandbox = try state.makeSandbox(LuaSandboxOptions(searchPaths: [], installsJSON: true, print: { _ in }))
            let results = try sandbox.run(text, name: "@" + display, limits: limits)
            return (results.first ?? .nil, source)
        } catch let error as LuaError {
            throw RunbookError([problem(from: error, display: display)])
        } catch {
            throw RunbookError(SourceLocation(file: display), "cannot evaluate the file: \(error)")
        }
    }

    /// A Lua error as a problem: `file:line: message` split into its location and message.
    private static func problem(from error: LuaError, display: String) -> RunbookProblem {
        var message = error.message
        var line: Int?
        let prefix = display + ":"
        if message.hasPrefix(prefix) {
            let rest = message.dropFirst(prefix.count)
            let digits = rest.prefix { $0.isNumber }
            if let number = Int(digits), rest.dropFirst(digits.count).hasPrefix(": ") {
                line = number
                message = String(rest.dropFirst(digits.count + 2))
            }
        }
        switch error.kind {
        case .instructionLimit: message = "the file runs too long (instruction budget exhausted): " + message
        case .memoryLimit: message = "the file uses too much memory: " + message
        default: break
        }
        return RunbookProblem(SourceLocation(file: display, line: line), message)
    }
}

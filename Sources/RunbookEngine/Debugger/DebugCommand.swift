import Foundation
import PluginHost

/// What `inspect` shows.
public enum InspectTarget: String, Sendable, Equatable, CaseIterable {
    /// The step's `ctx`, as the plugin sees it.
    case ctx
    /// The step's parameters (given, and the declared defaults).
    case params
    /// The outputs of the earlier steps.
    case outputs
    /// HTTP exchanges of the last step that ran and of this step so far.
    case http
}

/// Where a breakpoint stops.
public enum BreakTarget: Sendable, Equatable {
    /// A line of a plugin file, as typed (`dataverse/process_owner.lua`, line 42).
    case line(file: String, line: Int)
    /// Any HTTP exchange that answers 400 or more (or gets no answer).
    case httpError
}

/// One command typed at the debugger's prompt.
public enum DebugCommand: Sendable, Equatable {
    case `continue`
    case next
    case skip
    case plan
    case inspect(InspectTarget, index: Int?)
    case eval(String)
    case set(name: String, value: String)
    case retry
    case addBreak(BreakTarget)
    case listBreaks
    case delete(Int)
    case quit
    case help
    case locals
    case `where`
    case step

    /// The command's name, as `help` lists it.
    public var name: String {
        switch self {
        case .continue: "continue"
        case .next: "next"
        case .skip: "skip"
        case .plan: "plan"
        case .inspect: "inspect"
        case .eval: "eval"
        case .set: "set"
        case .retry: "retry"
        case .addBreak: "break"
        case .listBreaks: "breaks"
        case .delete: "delete"
        case .quit: "quit"
        case .help: "help"
        case .locals: "locals"
        case .where: "where"
        case .step: "step"
        }
    }
}

/// A line that is not a command, or a command with bad arguments: the message says which and how to fix it.
public struct DebugCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension DebugCommand {
    /// Every command word and its short forms, in the order `help` lists them.
    static let words: [(name: String, aliases: [String])] = [
        ("continue", ["c"]), ("next", ["n"]), ("step", ["s"]), ("skip", ["sk"]), ("retry", ["r"]), ("plan", ["p"]),
        ("inspect", ["i"]), ("eval", ["e", "="]), ("set", []), ("locals", ["l"]), ("where", ["w", "bt"]),
        ("break", ["b"]), ("breaks", ["bl"]), ("delete", ["d"]), ("quit", ["q"]), ("help", ["h", "?"]),
    ]

    /// Parses one line typed at the prompt (leading and trailing blanks ignored). An empty line is not a
    /// command: the caller shows the prompt again.
    public static func parse(_ line: String) throws(DebugCommandError) -> DebugCommand? {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let word: Substring
        let rest: String
        if let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            word = text[..<space]
            rest = text[space...].trimmingCharacters(in: .whitespaces)
        } else {
            word = Substring(text)
            rest = ""
        }
        let lowered = word.lowercased()
        guard let name = words.first(where: { $0.name == lowered || $0.aliases.contains(lowered) })?.name else {
            throw DebugCommandError("unknown command '\(word)'"
                + Suggestion.hint(for: lowered, in: words.map(\.name)) + "; type 'help' for the commands")
        }
        return try command(name, rest)
    }

    private static func command(_ name: String, _ rest: String) throws(DebugCommandError) -> DebugCommand {
        switch name {
        case "continue": return try noArguments(name, rest, .continue)
        case "next": return try noArguments(name, rest, .next)
        case "step": return try noArguments(name, rest, .step)
        case "skip": return try noArguments(name, rest, .skip)
        case "retry": return try noArguments(name, rest, .retry)
        case "plan": return try noArguments(name, rest, .plan)
        case "locals": return try noArguments(name, rest, .locals)
        case "where": return try noArguments(name, rest, .where)
        case "breaks": return try noArguments(name, rest, .listBreaks)
        case "quit": return try noArguments(name, rest, .quit)
        case "help": return .help
        case "inspect": return try inspect(rest)
        case "eval":
            if rest.isEmpty { throw DebugCommandError("eval needs a Lua expression, e.g. eval ctx.params") }
            return .eval(rest)
        case "set": return try set(rest)
        case "break": return try addBreak(rest)
        default: return try delete(rest)
        }
    }

    private static func noArguments(_ name: String, _ rest: String, _ command: DebugCommand) throws(DebugCommandError) -> DebugCommand {
        guard rest.isEmpty else { throw DebugCommandError("\(name) takes no arguments (got '\(rest)')") }
        return command
    }

    private static func inspect(_ rest: String) throws(DebugCommandError) -> DebugCommand {
        let parts = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = parts.first else { return .inspect(.ctx, index: nil) }
        let choices = InspectTarget.allCases.map(\.rawValue)
        guard let target = InspectTarget(rawValue: first.lowercased()) else {
            throw DebugCommandError("inspect what? '\(first)' is not one of \(choices.joined(separator: ", "))"
                + Suggestion.hint(for: first, in: choices))
        }
        guard parts.count > 1 else { return .inspect(target, index: nil) }
        guard target == .http, parts.count == 2, let index = Int(parts[1]), index > 0 else {
            throw DebugCommandError(target == .http
                ? "inspect http takes an exchange number (from the list), e.g. inspect http 2"
                : "inspect \(target.rawValue) takes no more arguments")
        }
        return .inspect(.http, index: index)
    }

    private static func set(_ rest: String) throws(DebugCommandError) -> DebugCommand {
        guard let space = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            throw DebugCommandError("set needs a parameter and a value (a Lua or JSON literal), e.g. set lifetime_days 90")
        }
        let name = String(rest[..<space])
        let value = rest[space...].trimmingCharacters(in: .whitespaces)
        return .set(name: name, value: value)
    }

    private static func addBreak(_ rest: String) throws(DebugCommandError) -> DebugCommand {
        let usage = "break needs FILE:LINE (e.g. break dataverse/process_owner.lua:42) or http-error"
        guard !rest.isEmpty else { throw DebugCommandError(usage) }
        if rest.lowercased() == "http-error" { return .addBreak(.httpError) }
        guard let colon = rest.lastIndex(of: ":"), !rest[..<colon].isEmpty else { throw DebugCommandError(usage) }
        let file = String(rest[..<colon])
        guard let line = Int(rest[rest.index(after: colon)...]), line > 0 else {
            throw DebugCommandError("break \(rest): '\(rest[rest.index(after: colon)...])' is not a line number; \(usage)")
        }
        return .addBreak(.line(file: file, line: line))
    }

    private static func delete(_ rest: String) throws(DebugCommandError) -> DebugCommand {
        guard let number = Int(rest), number > 0 else {
            throw DebugCommandError("delete needs a breakpoint number (see breaks), e.g. delete 1")
        }
        return .delete(number)
    }
}

import Foundation

/// The text of `help`: every command with its short forms, the ones that work where the debugger stopped first.
enum DebugHelp {
    /// A command's usage and what it does.
    private static let entries: [(usage: String, aliases: String, doc: String)] = [
        ("next", "n", "run this step, stop before the next one"),
        ("continue", "c", "run on; stop only at breakpoints and failures"),
        ("step", "s", "go on to the next Lua line of the plugin and stop there"),
        ("skip", "sk", "do not run this step (outputs from the journal, if a run recorded them)"),
        ("retry", "r", "after a failure: run the step again from read"),
        ("plan", "p", "read and plan the step again and show the plan"),
        ("inspect [ctx|params|outputs|http [N]]", "i", "show ctx, the parameters, earlier outputs, HTTP exchanges"),
        ("eval EXPR", "e, =", "evaluate Lua in the step's sandbox (at a line: with its locals)"),
        ("set PARAM VALUE", "", "change a parameter (a Lua or JSON literal); the plan is recomputed"),
        ("locals", "l", "at a Lua line: the local variables"),
        ("where", "w, bt", "at a Lua line: the Lua traceback"),
        ("break FILE:LINE", "b", "stop at a line of a plugin, e.g. break dataverse/process_owner.lua:42"),
        ("break http-error", "b", "stop after any HTTP exchange that answers 400 or more"),
        ("breaks", "bl", "list the breakpoints"),
        ("delete N", "d", "delete breakpoint N"),
        ("quit", "q", "stop here; the run is paused and the next run resumes it"),
        ("help", "h, ?", "this list"),
    ]

    /// Commands that need a particular place, by their first word.
    private static func works(_ word: String, at place: DebugPlace) -> Bool {
        switch (word, place) {
        case ("retry", .failure): true
        case ("retry", _): false
        case ("skip", _), ("set", _): !place.isInside
        case ("locals", .line), ("where", .line): true
        case ("locals", _), ("where", _): false
        case ("next", .failure), ("continue", .failure), ("step", .failure): false
        default: true
        }
    }

    /// The help screen at `place`.
    static func lines(at place: DebugPlace) -> [String] {
        let width = entries.map(\.usage.count).max()! + 2
        func line(_ entry: (usage: String, aliases: String, doc: String)) -> String {
            let usage = entry.usage.padding(toLength: width, withPad: " ", startingAt: 0)
            let aliases = (entry.aliases.isEmpty ? "" : "(\(entry.aliases))").padding(toLength: 8, withPad: " ", startingAt: 0)
            return "  \(usage)\(aliases)\(entry.doc)"
        }
        let word = { (entry: (usage: String, aliases: String, doc: String)) in String(entry.usage.prefix { $0 != " " }) }
        let here = entries.filter { works(word($0), at: place) }
        let elsewhere = entries.filter { !works(word($0), at: place) }
        var lines = ["commands here:"] + here.map(line)
        if !elsewhere.isEmpty { lines += ["elsewhere:"] + elsewhere.map(line) }
        lines.append("an empty line does nothing; end of input (Ctrl-D) quits, as does Ctrl-C at the prompt")
        return lines
    }
}

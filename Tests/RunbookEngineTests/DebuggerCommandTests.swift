@testable import RunbookEngine
import Testing

/// Parsing what the operator types at the debugger's prompt, and the lines of Lua files where breakpoints can go.
@Suite struct DebuggerCommandTests {
    @Test(arguments: [
        ("c", DebugCommand.continue), ("next", .next), ("  n  ", .next), ("s", .step), ("sk", .skip), ("r", .retry),
        ("p", .plan), ("i", .inspect(.ctx, index: nil)), ("inspect HTTP 2", .inspect(.http, index: 2)),
        ("i outputs", .inspect(.outputs, index: nil)), ("= ctx.params", .eval("ctx.params")),
        ("eval  1 + 1 ", .eval("1 + 1")), ("set lifetime_days 90", .set(name: "lifetime_days", value: "90")),
        ("set name \"a b\"", .set(name: "name", value: "\"a b\"")), ("bt", .where), ("l", .locals),
        ("b dataverse/process_owner.lua:42", .addBreak(.line(file: "dataverse/process_owner.lua", line: 42))),
        ("break http-error", .addBreak(.httpError)), ("bl", .listBreaks), ("d 2", .delete(2)), ("q", .quit), ("?", .help),
    ])
    func commandsAndAliasesParse(_ line: String, _ expected: DebugCommand) throws {
        #expect(try DebugCommand.parse(line) == expected)
    }

    @Test func anEmptyLineIsNoCommand() throws {
        #expect(try DebugCommand.parse("   ") == nil)
    }

    @Test(arguments: [
        ("contine", "unknown command 'contine' (did you mean 'continue'?)"),
        ("next 2", "next takes no arguments (got '2')"),
        ("eval", "eval needs a Lua expression"),
        ("set x", "set needs a parameter and a value"),
        ("inspect htp", "'htp' is not one of ctx, params, outputs, http (did you mean 'http'?)"),
        ("inspect http x", "inspect http takes an exchange number"),
        ("inspect params 2", "inspect params takes no more arguments"),
        ("break a.lua:x", "'x' is not a line number"),
        ("break", "break needs FILE:LINE"),
        ("delete one", "delete needs a breakpoint number"),
    ])
    func badLinesSayWhatIsWrong(_ line: String, _ message: String) {
        #expect {
            try DebugCommand.parse(line)
        } throws: { error in
            (error as? DebugCommandError)?.message.contains(message) == true
        }
    }

    @Test func onlyLinesWithCodeTakeBreakpoints() {
        let source = LuaSourceLines(text: """
            -- a comment
            local x = 1

            --[[ a long
            comment ]] local y = [[a long
            string]]
            local s = "--not a comment"
              return x -- trailing
            """)
        #expect(source.codeLines == [2, 5, 7, 8])
        #expect(source.nextCodeLine(after: 2) == 5)
        #expect(source.text(7) == "local s = \"--not a comment\"")
        #expect(source.text(9) == nil)
    }

    @Test func valuesRenderAsLuaWithSecretsMarked() {
        let value = DebugValue.table(from: [
            .name("secret"): .secret, .name("n"): .int(3), .name("list"): .list([.string("a\n"), .null]),
            .name("two words"): .bool(true),
        ])
        #expect(DebugValueRenderer().inline(value)
            == #"{ list = { "a\n", json.null }, n = 3, secret = <secret>, ["two words"] = true }"#)
        var narrow = DebugValueRenderer()
        narrow.width = 32
        #expect(narrow.lines(value, prefix: "v = ") == [
            "v = {", "  list = { \"a\\n\", json.null },", "  n = 3,", "  secret = <secret>,", "  [\"two words\"] = true,", "}",
        ])
    }
}

import Foundation
import Testing

/// Bad input exits 2 with a message naming the place, before any request: the twin's request log stays empty.
@Suite struct BadInputTests {
    /// The real runbook's text with `old` replaced by `new`.
    private static func runbook(replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("runbooks/adobe-campaign-d365.lua"), encoding: .utf8)
        #expect(text.contains(old), "the runbook no longer contains \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The runbook file to write into the workspace (nil: use the real runbook by name).
        var runbook: String?
        var arguments: [String]
        /// Text stderr must contain.
        var message: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "syntax error",
             runbook: "return {\n  name = \"adobe-campaign-d365\",\n  steps = { { id = \"a\" uses = \"b\" } },\n}\n",
             arguments: ["--env", "stage"], message: "bad.lua:3: '}' expected"),
        Case(name: "unknown plugin",
             runbook: try? runbook(replacing: "uses = \"entra.app_registration\"", with: "uses = \"entra.app_registraton\""),
             arguments: ["--env", "stage"],
             message: "bad.lua:27: step 'app': unknown plugin 'entra.app_registraton' (did you mean 'entra.app_registration'?)"),
        Case(name: "missing required parameter",
             runbook: try? runbook(replacing: "with = { display_name = \"${params.app_name}\" }", with: "with = { }"),
             arguments: ["--env", "stage"],
             message: "bad.lua:27: step 'app': entra.app_registration: parameter 'display_name' is required"),
        Case(name: "wrong type in the runbook",
             runbook: try? runbook(replacing: "lifetime_days = \"${params.secret_lifetime_days}\"", with: "lifetime_days = \"many\""),
             arguments: ["--env", "stage"],
             message: "bad.lua:36: step 'secret': entra.client_secret: parameter 'lifetime_days' must be an integer, got string \"many\""),
        Case(name: "wrong type on the command line", runbook: nil,
             arguments: ["--env", "stage", "--param", "secret_lifetime_days=soon"],
             message: "command line: --param secret_lifetime_days: \"soon\" is not of type integer"),
        Case(name: "unknown environment", runbook: nil, arguments: ["--env", "qa"],
             message: "unknown environment 'qa' (the runbook has prod, stage)"),
        Case(name: "unknown step for --from", runbook: nil, arguments: ["--env", "stage", "--from", "secrett"],
             message: "command line: --from secrett: the runbook has no step 'secrett' (did you mean 'secret'?)"),
        Case(name: "unknown flag", runbook: nil, arguments: ["--env", "stage", "--bogus"], message: "Unknown option '--bogus'"),
    ]

    @Test(arguments: cases)
    func badInputExitsTwoBeforeAnyRequest(_ badCase: Case) async throws {
        let workspace = try Workspace()
        try await withTwin(workspace) { twin in
            var runbook = "adobe-campaign-d365"
            if let text = badCase.runbook {
                try workspace.write("bad.lua", text)
                runbook = "bad.lua"
            }
            for command in ["plan", "run"] where !(command == "plan" && badCase.arguments.contains("--from")) {
                let outcome = try await workspace.stepwise(
                    [command, runbook, "--customer", "contoso", "--twin-info", twin.infoFile.path] + badCase.arguments)
                #expect(outcome.status == 2, "\(command): \(outcome.transcript)")
                #expect(outcome.stderr.contains(badCase.message), "\(command): \(outcome.transcript)")
            }
            #expect(try await twin.requests().isEmpty, "a request was sent before the input was checked")
        }
    }
}

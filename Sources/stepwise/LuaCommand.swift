import ArgumentParser
import CloudTwin
import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost

/// `stepwise lua FILE` / `stepwise lua -e CODE`: runs a chunk in a plugin sandbox and prints its results as JSON.
/// With a sign-in (`--twin`, `--twin-info`, `--cloud`/`--tenant`/`--org`/`--device-code`, or `AZURE_*` in the
/// environment) the chunk gets the host modules (`graph`, `dataverse`, `powerplatform`, `oauth`, `secret`, ...).
struct LuaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lua",
        abstract: "Run a Lua chunk in a plugin sandbox and print what it returns as JSON.",
        discussion: """
            One returned value prints as that value, several as a JSON array, none as nothing. Errors print as \
            'file:line: message' on standard error and exit with status 2 (bad input) or 1 (a host call failed).

            With --twin the chunk talks to an in-process demo twin (org 'stage' unless --env prod); with \
            --twin-info to a running 'stepwise twin serve --info FILE'; otherwise, when --cloud, --tenant, --org, \
            --device-code or the AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET variables are given, to a real \
            tenant. The chunk runs read-only (writes raise plan.write_refused) unless --allow-writes is given. \
            Without any sign-in it gets only the sandbox and json.
            """
    )

    @Argument(help: "The Lua file to run.")
    var file: String?

    @Option(name: .customShort("e"), help: ArgumentHelp("Lua code to run instead of a file.", valueName: "code"))
    var code: String?

    @Option(help: "Folders that require() may load modules from (repeatable; default: plugins and the file's folder, or the current folder with -e).")
    var searchPath: [String] = []

    @Option(help: "The instruction budget.")
    var maxInstructions: Int = 100_000_000

    @Option(name: .customLong("max-memory-mb"), help: "The memory cap in MB.")
    var maxMemoryMB: Int = 256

    @Flag(help: "Run against an in-process demo twin.")
    var twin = false

    @Option(name: .customLong("twin-info"), help: ArgumentHelp("Run against a running twin (its info JSON).", valueName: "FILE"))
    var twinInfo: String?

    @Option(help: ArgumentHelp("The Microsoft cloud: global, usgovhigh, usdod, china.", valueName: "NAME"))
    var cloud: String?

    @Option(help: ArgumentHelp("The tenant (domain or GUID).", valueName: "T"))
    var tenant: String?

    @Option(help: ArgumentHelp("The Dataverse org URL (or a twin org name) for dataverse.*.", valueName: "URL"))
    var org: String?

    @Option(help: ArgumentHelp("The environment name (a twin org: stage or prod).", valueName: "NAME"))
    var env: String?

    @Flag(help: "Sign in interactively with a device code.")
    var deviceCode = false

    @Flag(help: "Let the chunk write (Graph/Dataverse/Power Platform writes, secret.store, report.write).")
    var allowWrites = false

    func run() throws {
        let limits = LuaLimits(instructions: maxInstructions, memoryMB: maxMemoryMB)
        let (source, name) = try chunk()
        do {
            if let signIn = try signIn() {
                try runWithHost(source, name: name, signIn: signIn, limits: limits)
            } else {
                let sandbox = try LuaState(limits: limits).makeSandbox(LuaSandboxOptions(searchPaths: searchPaths))
                let results = try sandbox.run(source, name: name)
                if !results.isEmpty { print(try (results.count == 1 ? results[0] : LuaValue.array(results)).jsonText()) }
            }
        } catch let error as LuaError where error.position == nil && error.kind == .memoryLimit {
            try Self.fail("\(name.dropFirst()): \(error.message)", status: 2)
        } catch let error as LuaError {
            try Self.fail(error.message, status: error.code == nil ? 2 : 1)
        } catch let error as LuaJSONError {
            try Self.fail("\(name.dropFirst()): cannot print the result: \(error.message)", status: 2)
        } catch let error as CloudError {
            try Self.fail("stepwise lua: \(error)", status: 1)
        } catch let error as LuaArgumentError {
            try Self.fail("\(name.dropFirst()): cannot print the result: \(error.message)", status: 2)
        }
    }

    private func runWithHost(_ source: String, name: String, signIn: (SignIn, EnvironmentSettings, RunningTwin?), limits: LuaLimits) throws {
        defer { signIn.2?.stopBlocking() }
        let session = try HostConfiguration.session(signIn.0)
        let host = try PluginHost(session: session, options: PluginHostOptions(
            pluginPaths: FileManager.default.fileExists(atPath: "plugins") ? ["plugins"] : [], secretStore: InMemorySecretStore(),
            runbookDirectory: URL(fileURLWithPath: "runbooks", isDirectory: true), limits: limits,
            onEvent: { event in
                switch event {
                case .log(let line): FileHandle.standardError.write(Data("\(line.level.rawValue): \(line.message)\n".utf8))
                case .progress(let progress): FileHandle.standardError.write(Data("\(progress.line)\n".utf8))
                case .exchange: break
                }
            }))
        let results = try host.runScript(
            source, name: name, environment: signIn.1, allowWrites: allowWrites, extraSearchPaths: searchPaths)
        if let text = try host.jsonText(of: results) { print(text) }
    }

    /// The sign-in the options ask for (and the in-process twin to stop), or nil for a plain sandbox.
    private func signIn() throws -> (SignIn, EnvironmentSettings, RunningTwin?)? {
        let environment = ProcessInfo.processInfo.environment
        if twin || twinInfo != nil {
            let running = twin ? try TwinServer.startBlocking(TwinOptions()) : nil
            let connection = try running.map { try TwinConnection(infoJSON: $0.infoJSON()) }
                ?? TwinConnection.load(infoFile: twinInfo!)
            var settings = HostConfiguration.twinEnvironment(connection, name: env ?? "stage")
            if let org { settings.settings["org"] = .string(org) }
            return (.twin(connection), settings, running)
        }
        let asked = cloud != nil || tenant != nil || org != nil || deviceCode
        guard asked || (environment["AZURE_CLIENT_ID"] ?? "").isEmpty == false else { return nil }
        let options = CloudSignIn(cloud: cloud ?? "global", tenant: tenant, deviceCode: deviceCode, environment: environment)
        let settings = EnvironmentSettings(
            name: env ?? "default", tenant: tenant ?? environment["AZURE_TENANT_ID"], org: org)
        return (.cloud(options), settings, nil)
    }

    private var searchPaths: [String] {
        if !searchPath.isEmpty { return searchPath }
        guard let file else { return ["."] }
        let folder = (file as NSString).deletingLastPathComponent
        return [folder.isEmpty ? "." : folder]
    }

    private func chunk() throws -> (String, String) {
        switch (file, code) {
        case (let file?, nil):
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                try Self.fail("\(file): cannot read the file", status: 2)
            }
            return (text, "@" + file)
        case (nil, let code?):
            return (code, "=(command line)")
        default:
            try Self.fail("stepwise lua: give either a FILE or -e CODE", status: 2)
        }
    }

    /// Prints the message on standard error and exits with `status`.
    private static func fail(_ message: String, status: Int32) throws -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        throw ExitCode(status)
    }
}

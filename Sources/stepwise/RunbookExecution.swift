import ArgumentParser
import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import PluginHost
import RunbookEngine

/// What `plan` and `run` share: prepare the runbook, sign in (a twin or a real tenant), check everything that can
/// be checked before any request, confirm, render events, run, and map the outcome to an exit status
/// (0 ok, 1 a step failed, 2 bad input).
struct RunbookExecution {
    var target: TargetOptions
    var signIn: SignInOptions
    var state: StateOptions
    var output: OutputOptions

    /// The run-only choices.
    struct ApplyChoices {
        var yes = false
        var from: String?
        var only: String?
        var restart = false
        var rotateSecret = false
        /// The step debugger, when on.
        var debug: DebugStart?
    }

    func execute(mode: StepMode, choices: ApplyChoices = ApplyChoices()) throws {
        var twin: RunningTwin?
        defer { twin?.stopBlocking() }
        var redactor: SecretRedactor?
        func fail(_ line: String) { Terminal.error(redactor?.redact(line) ?? line) }
        do {
            let connection: TwinConnection?
            if signIn.twin {
                let running = try TwinServer.startBlocking(TwinOptions())
                twin = running
                connection = try TwinConnection(infoJSON: running.infoJSON(), source: "the in-process twin")
            } else if let file = signIn.twinInfo {
                connection = try TwinConnection.load(infoFile: file)
            } else {
                connection = nil
            }
            let prepared = try PreparedRunbook.prepare(
                runbook: target.runbook, customer: target.customer, environment: target.env,
                parameterArguments: target.parameters, twin: connection)
            try prepared.requireTarget()
            let layout = state.layout
            let session = try HostConfiguration.session(connection.map { SignIn.twin($0) } ?? .cloud(CloudSignIn(
                cloud: signIn.cloud, tenant: prepared.settings["tenant"]?.stringValue, deviceCode: signIn.deviceCode)))
            redactor = session.redactor
            let store = try EngineHost.secretStore(state: layout, command: state.secretCommand, redactor: session.redactor)
            let forwarder = HostEventForwarder()
            let host = try EngineHost.host(
                for: prepared, session: session, state: layout, secretStore: store, gate: Terminal.gate, forwarder: forwarder)
            try prepared.runbook.validate(
                environment: prepared.environment, settings: prepared.settings, parameters: prepared.parameters, host: host)
            if mode == .apply, prepared.runbook.needsConfirmation(prepared.environment), !choices.yes {
                try Terminal.confirm(environment: prepared.environment, target: prepared.target)
            }
            let runner = RunbookRunner(
                request: prepared.request(
                    mode: mode, from: choices.from, only: choices.only, restart: choices.restart,
                    rotateSecret: choices.rotateSecret, cliVersion: Stepwise.configuration.version),
                host: host, forwarder: forwarder, state: layout,
                sink: Terminal.renderer(output.output, redactor: session.redactor, live: choices.debug == nil),
                controller: try choices.debug.map { try DebugStart.debugger($0, host: host, runbook: prepared.runbook, json: output.output == .json) }
                    ?? ContinueController())
            let closing = try runner.run()
            if closing.status != .succeeded { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        } catch let error as RunbookError {
            fail(error.description)
            throw ExitCode(2)
        } catch let error as Terminal.Refusal {
            fail(error.message)
            throw ExitCode(2)
        } catch let error as CloudError where error.code == .configInvalid {
            fail("error: \(error.message)")
            throw ExitCode(2)
        } catch let error as TwinStartError {
            fail("error: \(error)")
            throw ExitCode(error.isBadInput ? 2 : 1)
        } catch {
            fail("error: \(error)")
            throw ExitCode(1)
        }
    }
}

import Foundation
public import HTTPTransport
public import MicrosoftCloud
public import PluginHost

/// Builds the pieces a run needs around a `PluginHost`: the secret store, the host with the run's plugin folders,
/// reports folder and event forwarding, and the crash hook.
public enum EngineHost {
    /// The secret store: the command store with `--secret-command`, else the file store under the state folder.
    /// Values already in the file store are registered with `redactor`, so they are masked wherever they appear.
    public static func secretStore(state: StateLayout, command: String?, redactor: SecretRedactor?) throws -> any SecretStore {
        if let command, !command.isEmpty {
            return try CommandSecretStore(command: command, metadataDirectory: state.secretMetadata)
        }
        let store = try FileSecretStore(directory: state.secrets)
        if let redactor {
            for reference in try store.list() {
                if let value = try? store.value(name: reference.name) { redactor.register(value) }
            }
        }
        return store
    }

    /// A host for `prepared` over `session`: plugin folders of the project, runbook and overlay; reports under the
    /// state folder; `dataverse.file_base64` confined to the runbook's folder; host events to `forwarder`. The
    /// crash hook (`STEPWISE_CRASH_AFTER_REQUESTS`) is installed on the session.
    public static func host(
        for prepared: PreparedRunbook, session: CloudSession, state: StateLayout, secretStore: any SecretStore,
        gate: @escaping GateHandler, forwarder: HostEventForwarder, layout: ProjectLayout = .standard()
    ) throws -> PluginHost {
        let options = PluginHostOptions(
            pluginPaths: prepared.pluginPaths(layout: layout), secretStore: secretStore,
            reportsDirectory: state.root.appendingPathComponent("reports"),
            runbookDirectory: prepared.runbook.file.deletingLastPathComponent(), gate: gate, onEvent: forwarder.forward)
        let host = try PluginHost(session: session, options: options)
        CrashHook.install(on: session)
        return host
    }

    /// A host that can load and describe plugins but never sends a request (`stepwise plugins`).
    public static func offlineHost(pluginPaths: [String]) throws -> PluginHost {
        let redactor = SecretRedactor()
        let session = CloudSession(
            profile: .global, credential: ClientSecretCredential(tenant: "offline", clientId: "offline", secret: "offline"),
            transport: OfflineTransport(), redactor: redactor)
        return try PluginHost(session: session, options: PluginHostOptions(pluginPaths: pluginPaths, secretStore: InMemorySecretStore()))
    }
}

/// A transport that refuses every request: for commands that must stay offline.
final class OfflineTransport: HTTPSending {
    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        throw HTTPTransportError(kind: .connectionRefused, host: request.url.host ?? "", url: request.url.absoluteString,
                                 message: "this command does not send requests")
    }
}

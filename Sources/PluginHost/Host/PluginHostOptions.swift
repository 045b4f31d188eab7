public import Foundation
public import LuaKit

/// A manual step waiting for the operator (`gate(message)` in a plugin).
public struct GateRequest: Sendable, Equatable {
    /// The step that opened the gate, or nil outside a step.
    public var step: String?
    /// Its plugin.
    public var plugin: String?
    /// What the operator must do, already redacted.
    public var message: String
}

/// Decides a gate: returns when the operator has done the work and confirmed; throws (any error) to leave it
/// pending, which ends the step with `gate.pending`. The engine passes a TTY prompt, or the default.
public typealias GateHandler = (GateRequest) throws -> Void

/// How a `PluginHost` is set up.
public struct PluginHostOptions {
    /// Plugin folders, searched in order: the project's `plugins/`, then folders a runbook or overlay adds.
    /// `require "lib.x"` resolves across all of them.
    public var pluginPaths: [String]
    /// Where `secret.store` writes (a file or command store; `InMemorySecretStore` in tests).
    public var secretStore: any SecretStore
    /// Where `report.write` puts reports: `<reportsDirectory>/<runbook>/<customer>/<env>/<name>`.
    public var reportsDirectory: URL
    /// The runbook's folder, which `dataverse.file_base64` reads from (and may not leave); nil refuses it.
    public var runbookDirectory: URL?
    /// The instruction budget and memory cap of every call into a plugin (read, plan, apply, verify).
    public var limits: LuaLimits
    /// Decides `gate(message)`; the default leaves every gate pending (`gate.pending`).
    public var gate: GateHandler
    /// Receives log lines, progress lines and HTTP exchanges as they happen (already redacted).
    public var onEvent: (HostEvent) -> Void
    /// Whether each HTTP exchange is recorded (redacted) for `StepResult.exchanges`, `StepError.exchanges` and
    /// `HostEvent.exchange`. Recording redacts every body, which costs time on fast networks; the step debugger
    /// needs it, a fleet run may turn it off.
    public var recordsExchanges = true

    /// Options with these plugin folders and secret store; reports under `.stepwise/reports` of the working folder.
    public init(
        pluginPaths: [String], secretStore: any SecretStore,
        reportsDirectory: URL = URL(fileURLWithPath: ".stepwise/reports", isDirectory: true),
        runbookDirectory: URL? = nil, limits: LuaLimits = .pluginDefault,
        gate: @escaping GateHandler = PluginHostOptions.leavePending,
        onEvent: @escaping (HostEvent) -> Void = { _ in }
    ) {
        self.pluginPaths = pluginPaths
        self.secretStore = secretStore
        self.reportsDirectory = reportsDirectory
        self.runbookDirectory = runbookDirectory
        self.limits = limits
        self.gate = gate
        self.onEvent = onEvent
    }

    /// The default gate handler: every gate stays pending.
    public static func leavePending(_ request: GateRequest) throws {
        throw GatePendingError(message: request.message)
    }
}

/// A gate left pending by the gate handler.
public struct GatePendingError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { "waiting for the operator: \(message)" }
}

import Foundation
import MicrosoftCloud
import PluginHost
import RunbookEngine

/// The repository's root (for the real runbook, overlay and plugins).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The problems of a runbook error as `file:line: ...` lines, or the thrown error's description.
func problems(_ body: () throws -> Void) -> [String] {
    do {
        try body()
        return []
    } catch let error as RunbookError {
        return error.problems.map(\.description)
    } catch {
        return ["unexpected error: \(error)"]
    }
}

/// A small valid runbook for tests; `steps` replaces its step list.
func miniRunbook(steps: String? = nil, extra: String = "") -> String {
    """
    return {
      name = "mini",
      summary = "a runbook for tests",
      params = {
        app_name = { type = "string", default = "app ${env}", doc = "name" },
        days = { type = "integer", default = 30, doc = "days" },
        flag = { type = "boolean", default = false, doc = "a flag" },
      },
      environments = {
        stage = { tenant = "t.example" },
        prod = { tenant = "t.example", confirm = true },
      },\(extra)
      steps = {
    \(steps ?? """
        { id = "first", uses = "demo.first", with = { name = "${params.app_name}" } },
        { id = "second", uses = "demo.second", with = {
            days = "${params.days}",
            source = "${outputs.first.id}",
        } },
    """)
      },
    }
    """
}

/// The Adobe runbook (no overlay) prepared for `stage` against a twin, with its plugin host and event forwarder,
/// as the CLI builds them; call it on the run's own thread.
func stageHost(_ connection: TwinConnection, state: StateLayout) throws -> (PreparedRunbook, PluginHost, HostEventForwarder) {
    let layout = ProjectLayout(roots: [repositoryRoot])
    let prepared = try PreparedRunbook.prepare(
        runbook: "adobe-campaign-d365", customer: nil, environment: "stage", twin: connection, layout: layout)
    let session = try HostConfiguration.session(.twin(connection))
    let store = try EngineHost.secretStore(state: state, command: nil, redactor: session.redactor)
    let forwarder = HostEventForwarder()
    let host = try EngineHost.host(
        for: prepared, session: session, state: state, secretStore: store, gate: PluginHostOptions.leavePending,
        forwarder: forwarder, layout: layout)
    return (prepared, host, forwarder)
}

import Foundation
import Hummingbird
import HummingbirdTLS
import Logging

/// Builds and runs one Hummingbird application per listener, all sharing one `Twin`.
struct TwinListeners: Sendable {
    let twin: Twin
    let host: String
    let tlsConfiguration: TLSConfiguration?
    /// Runs the listeners' tasks on the twin's own threads when set.
    let executor: TwinExecutor?

    /// The listeners in port order: identity, graph, powerplatform, orgs (sorted by name), control, foreign.
    static func kinds(orgs: [String]) -> [ServiceKind] {
        [.identity, .graph, .powerPlatform] + orgs.sorted().map(ServiceKind.dataverse) + [.control, .foreign]
    }

    /// Starts every listener and returns the task running them plus their ports, once all are bound.
    func start(kinds: [ServiceKind], portBase: Int?) async throws -> (Task<Void, any Error>, [ServiceKind: Int]) {
        let latch = StartupLatch(expected: kinds.count)
        var logger = Logger(label: "stepwise.twin")
        logger.logLevel = .critical
        var applications: [Application<ServiceResponder>] = []
        for (index, kind) in kinds.enumerated() {
            let port = portBase.map { $0 + index } ?? 0
            let responder = ServiceResponder(kind: kind, twin: twin, service: makeService(kind))
            let configuration = ApplicationConfiguration(address: .hostname(host, port: port), reuseAddress: false)
            if let tlsConfiguration {
                applications.append(
                    Application(
                        responder: responder, server: try .tls(.http1(), tlsConfiguration: tlsConfiguration),
                        configuration: configuration, onServerRunning: { channel in latch.report(kind, port: channel.localAddress?.port) }, logger: logger))
            } else {
                applications.append(
                    Application(
                        responder: responder, server: .http1(), configuration: configuration, onServerRunning: { channel in latch.report(kind, port: channel.localAddress?.port) },
                        logger: logger))
            }
        }
        let running = Task(executorPreference: executor) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for application in applications {
                    group.addTask {
                        do { try await application.run() } catch {
                            latch.fail(error)
                            throw error
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        do {
            return (running, try await latch.wait())
        } catch {
            running.cancel()
            _ = await running.result
            throw error
        }
    }

    private func makeService(_ kind: ServiceKind) -> any TwinService {
        switch kind {
        case .identity: IdentityService(twin: twin)
        case .graph: GraphService(twin: twin)
        case .powerPlatform: PowerPlatformService(twin: twin)
        case .dataverse(let org): DataverseService(twin: twin, org: org)
        case .control: ControlService(twin: twin)
        case .foreign: ForeignService(twin: twin)
        }
    }
}

/// Collects the bound port of every listener; fails as soon as one listener fails.
private final class StartupLatch: Sendable {
    private struct Storage {
        var ports: [ServiceKind: Int] = [:]
        var failure: (any Error)?
        var waiter: CheckedContinuation<[ServiceKind: Int], any Error>?
    }

    private let expected: Int
    private let storage = Locked(Storage())

    init(expected: Int) { self.expected = expected }

    func report(_ kind: ServiceKind, port: Int?) {
        guard let port else { return fail(TwinStartError(description: "listener \(kind) has no local port")) }
        let (waiter, ports) = storage.withLock { storage -> (CheckedContinuation<[ServiceKind: Int], any Error>?, [ServiceKind: Int]) in
            storage.ports[kind] = port
            guard storage.ports.count == expected, let waiter = storage.waiter else { return (nil, [:]) }
            storage.waiter = nil
            return (waiter, storage.ports)
        }
        waiter?.resume(returning: ports)
    }

    func fail(_ error: any Error) {
        let waiter = storage.withLock { storage -> CheckedContinuation<[ServiceKind: Int], any Error>? in
            if storage.failure == nil { storage.failure = error }
            defer { storage.waiter = nil }
            return storage.waiter
        }
        waiter?.resume(throwing: error)
    }

    func wait() async throws -> [ServiceKind: Int] {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = storage.withLock { storage -> Result<[ServiceKind: Int], any Error>? in
                if let failure = storage.failure { return .failure(failure) }
                if storage.ports.count == expected { return .success(storage.ports) }
                storage.waiter = continuation
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }
}

/// Why a twin could not start.
public struct TwinStartError: Error, CustomStringConvertible, Sendable {
    /// A sentence naming what failed and why.
    public var description: String
    /// True when the options were wrong (scenario, fault spec), false when the environment failed (a busy port).
    public var isBadInput: Bool

    init(description: String, isBadInput: Bool = false) {
        self.description = description
        self.isBadInput = isBadInput
    }
}

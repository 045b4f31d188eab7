public import Foundation
import HummingbirdTLS

/// Starts twins: every listener on its own loopback port, sharing one state.
public enum TwinServer {
    /// Starts a twin and returns once every listener accepts connections.
    public static func start(_ options: TwinOptions = TwinOptions()) async throws -> RunningTwin {
        var settings: FaultSettings
        do { settings = try FaultSettings(spec: options.faults) } catch {
            throw TwinStartError(description: "twin: invalid fault spec: \(error.description)", isBadInput: true)
        }
        if options.latencyMilliseconds > 0 { settings.latency = options.latencyMilliseconds }
        if let seed = options.seed { settings.seed = seed }
        let scenario: Scenario
        do { scenario = try Scenario.load(options.scenario) } catch {
            throw TwinStartError(description: "\(error)", isBadInput: true)
        }
        let twin = Twin(scenario: scenario, faults: settings, tls: options.tls)
        TokenService.warmUp()

        var tlsConfiguration: TLSConfiguration?
        var temporaryDirectory: URL?
        if options.tls {
            if options.directory == nil { temporaryDirectory = try makeTemporaryDirectory() }
            let directory = options.directory ?? temporaryDirectory!
            let authority = try TwinCertificateAuthority.generate(host: options.host)
            let caFile = directory.appendingPathComponent("twin-ca.pem")
            try Data(authority.caPEM.utf8).write(to: caFile, options: .atomic)
            twin.caFile = caFile.path
            tlsConfiguration = try authority.serverConfiguration()
        }

        let kinds = TwinListeners.kinds(orgs: Array(scenario.orgs.keys))
        let listeners = TwinListeners(
            twin: twin, host: options.host, tlsConfiguration: tlsConfiguration,
            executor: options.ownThreads ? TwinExecutor.shared : nil)
        let task: Task<Void, any Error>
        let ports: [ServiceKind: Int]
        do { (task, ports) = try await listeners.start(kinds: kinds, portBase: options.portBase) } catch {
            let range = options.portBase.map { "ports \($0)...\($0 + kinds.count - 1)" } ?? "random ports"
            throw TwinStartError(description: "twin: cannot listen on \(options.host) (\(range)): \(error)")
        }
        let scheme = options.tls ? "https" : "http"
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        func origin(_ kind: ServiceKind) -> String { "\(scheme)://\(host):\(ports[kind]!)" }
        var orgs: [String: String] = [:]
        for name in scenario.orgs.keys { orgs[name] = origin(.dataverse(name)) }
        twin.origins = TwinOrigins(
            identity: origin(.identity), graph: origin(.graph), powerPlatform: origin(.powerPlatform), orgs: orgs,
            control: origin(.control), foreign: origin(.foreign))
        return RunningTwin(twin: twin, task: task, temporaryDirectory: temporaryDirectory)
    }

    /// Starts a twin from synchronous code that is not running on Swift's cooperative pool (a CLI's main thread).
    public static func startBlocking(_ options: TwinOptions = TwinOptions()) throws -> RunningTwin {
        try BlockingBridge.run { try await start(options) }
    }

    private static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-twin-\(TwinIDs.guid())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A running twin: where it listens, and how to stop it.
public final class RunningTwin: Sendable {
    /// The info JSON: origins, tenant, admin credentials, CA file.
    public var info: TwinInfo { twin.info }
    let twin: Twin
    private let task: Task<Void, any Error>
    /// The directory the twin made for its CA file; removed on stop.
    private let temporaryDirectory: URL?

    init(twin: Twin, task: Task<Void, any Error>, temporaryDirectory: URL?) {
        self.twin = twin
        self.task = task
        self.temporaryDirectory = temporaryDirectory
    }

    /// Stops every listener and waits until their ports are closed (and removes a CA file the twin made).
    public func stop() async {
        task.cancel()
        _ = await task.result
        if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
    }

    /// `stop()` for synchronous callers that are not on Swift's cooperative pool.
    public func stopBlocking() {
        try? BlockingBridge.run { await self.stop() }
    }

    /// The info JSON as bytes (what `--info FILE` writes).
    public func infoJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(info)
    }
}

/// Runs async work to completion from a thread that may block.
enum BlockingBridge {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.current!.get()
    }
}

public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 keep-alive server on `127.0.0.1` and a random free port, for transport tests and benchmarks.
///
/// Each request is recorded and answered by the handler, which a test can replace at any time. The server counts
/// accepted TCP connections, can delay answers, stream large bodies, close connections, and (when started with
/// `forwardingProxyRequests`) act as a plain HTTP proxy for absolute-form targets. It runs on SwiftNIO's event loops,
/// never on Swift's cooperative pool, so blocking clients may call it from any thread.
public final class LoopbackHTTPServer: Sendable {
    /// Decides the answer to one request; runs on an event loop, so it must not block.
    public typealias Handler = @Sendable (LoopbackRequest) -> LoopbackResponse

    /// The port the server listens on.
    public let port: Int
    let state: LoopbackServerState
    private let listener: any Channel

    /// Starts a server answering with `handler` (by default `200 ok`).
    public static func start(
        forwardingProxyRequests: Bool = false,
        handler: @escaping Handler = { _ in .text("ok") }
    ) throws -> LoopbackHTTPServer {
        let state = LoopbackServerState(handler: handler, forwardsProxyRequests: forwardingProxyRequests)
        let listener = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let connection = state.accept(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(LoopbackConnectionHandler(state: state, connection: connection))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .wait()
        guard let port = listener.localAddress?.port else {
            try? listener.close().wait()
            throw LoopbackServerError(message: "the loopback server did not get a port")
        }
        return LoopbackHTTPServer(port: port, state: state, listener: listener)
    }

    private init(port: Int, state: LoopbackServerState, listener: any Channel) {
        self.port = port
        self.state = state
        self.listener = listener
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// `http://127.0.0.1:PORT` followed by `path` (which starts with `/` and may carry a query).
    public func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Replaces the handler for the requests that arrive from now on.
    public func setHandler(_ handler: @escaping Handler) { state.setHandler(handler) }

    /// How many TCP connections the server has accepted.
    public var acceptedConnections: Int { state.acceptedConnections }

    /// Every request received so far, in order of arrival.
    public var requests: [LoopbackRequest] { state.requests }

    /// Forgets the recorded requests (connections stay counted).
    public func clearRequests() { state.clearRequests() }

    /// Stops listening and closes every open connection.
    public func stop() {
        try? listener.close().wait()
        for channel in state.openChannels { try? channel.close().wait() }
    }
}

/// Why the loopback server could not start.
public struct LoopbackServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}

/// The server's shared, lock-protected state: the handler, the recorded requests, the open connections.
final class LoopbackServerState: Sendable {
    private struct Storage {
        var handler: LoopbackHTTPServer.Handler
        var requests: [LoopbackRequest] = []
        var accepted = 0
        var open: [ObjectIdentifier: any Channel] = [:]
    }

    let forwardsProxyRequests: Bool
    private let storage: Mutex<Storage>

    init(handler: @escaping LoopbackHTTPServer.Handler, forwardsProxyRequests: Bool) {
        self.storage = Mutex(Storage(handler: handler))
        self.forwardsProxyRequests = forwardsProxyRequests
    }

    /// Counts and tracks a new connection; returns its number (1, 2, ...).
    func accept(_ channel: any Channel) -> Int {
        let key = ObjectIdentifier(channel)
        let number = storage.withLock { storage in
            storage.accepted += 1
            storage.open[key] = channel
            return storage.accepted
        }
        channel.closeFuture.whenComplete { _ in
            _ = self.storage.withLock { $0.open.removeValue(forKey: key) }
        }
        return number
    }

    /// Records `request` and returns the handler to answer it with.
    func receive(_ request: LoopbackRequest) -> LoopbackHTTPServer.Handler {
        storage.withLock { storage in
            storage.requests.append(request)
            return storage.handler
        }
    }

    func setHandler(_ handler: @escaping LoopbackHTTPServer.Handler) { storage.withLock { $0.handler = handler } }
    func clearRequests() { storage.withLock { $0.requests.removeAll() } }
    var acceptedConnections: Int { storage.withLock { $0.accepted } }
    var requests: [LoopbackRequest] { storage.withLock { $0.requests } }
    var openChannels: [any Channel] { storage.withLock { Array($0.open.values) } }
}

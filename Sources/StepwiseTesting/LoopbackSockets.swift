import Glibc

/// Loopback ports with a known misbehaviour, for connection-failure tests.
public enum LoopbackPorts {
    /// A port on 127.0.0.1 that was just bound and released, so nothing listens on it: connecting is refused.
    public static func closedPort() throws -> Int {
        let socket = try LoopbackSocket()
        defer { socket.close() }
        return socket.port
    }
}

/// A listener on 127.0.0.1 whose accept queue is full and never drained: new connections are neither accepted nor
/// refused (Linux drops their SYNs), so a client's connect hangs until its connect timeout.
public final class UnresponsiveListener: Sendable {
    /// The port that does not answer.
    public let port: Int
    private let listener: LoopbackSocket
    private let fillers: [LoopbackSocket]

    /// Starts listening with a backlog of 0 and fills the queue with connections nobody accepts.
    public init() throws {
        listener = try LoopbackSocket()
        guard Glibc.listen(listener.descriptor, 0) == 0 else { throw LoopbackSocketError(operation: "listen") }
        port = listener.port
        var fillers: [LoopbackSocket] = []
        for _ in 0..<3 {
            let filler = try LoopbackSocket(bound: false)
            filler.connectWithoutWaiting(to: listener.port)
            fillers.append(filler)
        }
        self.fillers = fillers
    }

    /// Closes the listener and its queued connections.
    public func close() {
        for filler in fillers { filler.close() }
        listener.close()
    }
}

/// A failed socket call in the loopback helpers.
public struct LoopbackSocketError: Error, CustomStringConvertible {
    /// The call that failed.
    public var operation: String
    public var description: String { "\(operation) on a loopback test socket failed" }
}

/// A TCP socket on 127.0.0.1 (bound to a random port unless `bound` is false).
final class LoopbackSocket: Sendable {
    let descriptor: Int32

    init(bound: Bool = true) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LoopbackSocketError(operation: "socket") }
        guard bound else { return }
        var address = Self.loopback(port: 0)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw LoopbackSocketError(operation: "bind")
        }
    }

    /// The local port.
    var port: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts a non-blocking connect to 127.0.0.1:`port` and returns at once.
    func connectWithoutWaiting(to port: Int) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var address = Self.loopback(port: port)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    func close() { Glibc.close(descriptor) }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

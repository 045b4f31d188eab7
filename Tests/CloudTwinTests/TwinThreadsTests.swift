import Foundation
import Testing

@testable import CloudTwin

#if canImport(Glibc)
import Glibc
#endif

/// An in-process twin answers even when every thread of Swift's cooperative pool is blocked by a synchronous
/// caller, as Stepwise's own clients (libcurl) are: the twin runs on threads of its own.
@Suite struct TwinThreadsTests {
    @Test func answersWhileEveryCooperativeThreadIsBlocked() async throws {
        try await withTwin { twin in
            let port = try #require(URL(string: twin.info.control)?.port)
            let callers = ProcessInfo.processInfo.activeProcessorCount + 1
            let statuses = await withTaskGroup(of: Int?.self) { group in
                for _ in 0..<callers {
                    // Deliberately blocking inside a task: each call holds a pool thread until the twin answers.
                    group.addTask { blockingGet(port: port, path: "/info") }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: callers))
        }
    }
}

/// A minimal blocking HTTP/1.1 GET over a socket with a 20 s receive timeout; the status, or nil on failure.
private func blockingGet(port: Int, path: String) -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 20, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return nil }
    let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    guard request.withCString({ send(fd, $0, strlen($0), 0) }) > 0 else { return nil }
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = recv(fd, &buffer, buffer.count, 0)
    guard count > 12 else { return nil }
    return Int(String(decoding: buffer[9..<12], as: UTF8.self))
}

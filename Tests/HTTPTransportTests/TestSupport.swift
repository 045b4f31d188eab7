import Foundation
import HTTPTransport
import StepwiseTesting
import Synchronization

/// Collects values handed to a `@Sendable` hook (trace lines, exchanges) from libcurl's callbacks.
final class Collector<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// A transport that never consults the environment's proxy variables, with the given changes to the defaults.
func makeTransport(_ change: (inout HTTPTransportConfiguration) -> Void = { _ in }) throws -> HTTPTransport {
    var configuration = HTTPTransportConfiguration()
    configuration.proxy = .none
    change(&configuration)
    return try HTTPTransport(configuration: configuration)
}

/// Runs `body` and returns the transport error it throws, or nil when it succeeds.
func transportError(_ body: () throws(HTTPTransportError) -> HTTPResponse) -> HTTPTransportError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

extension Data {
    /// Deterministic bytes covering every value, NULs included.
    static func binarySample(count: Int) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) })
    }
}

import Foundation

/// Runs synchronous client code (libcurl transports, sessions) on a dedicated thread and awaits its result, so the
/// cooperative pool stays free for an in-process twin's handlers.
public func blocking<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
    let result: Result<T, E> = await withCheckedContinuation { continuation in
        let thread = Thread {
            let outcome: Result<T, E>
            do throws(E) {
                outcome = .success(try body())
            } catch {
                outcome = .failure(error)
            }
            continuation.resume(returning: outcome)
        }
        thread.stackSize = 8 << 20
        thread.name = "stepwise.blocking"
        thread.start()
    }
    return try result.get()
}

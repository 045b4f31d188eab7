import Foundation

/// A small pool of dedicated threads that runs an in-process twin's tasks.
///
/// Stepwise's clients are synchronous: a caller in the same process (the CLI's `--twin`, a test) may block a
/// thread while it waits for the twin's answer. On Swift's shared cooperative pool, which has one thread per core,
/// two such callers would leave the twin no thread to answer with. The twin's tasks prefer this executor instead
/// (`Task(executorPreference:)`; child tasks and default actors follow the preference), so they always have threads.
final class TwinExecutor: TaskExecutor, @unchecked Sendable {
    /// The pool shared by every in-process twin.
    static let shared = TwinExecutor(threads: 4)

    private let condition = NSCondition()
    private var incoming: [UnownedJob] = []
    private var outgoing: [UnownedJob] = []

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in
                // Named from inside: on Linux, only the running thread can set its kernel name.
                Thread.current.name = "stepwise-twin-\(index)"
                self.work()
            }
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        incoming.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Takes the oldest job (a two-stack queue keeps this O(1) amortised).
    private func next() -> UnownedJob {
        condition.lock()
        defer { condition.unlock() }
        while outgoing.isEmpty {
            if incoming.isEmpty {
                condition.wait()
                continue
            }
            outgoing = incoming.reversed()
            incoming.removeAll(keepingCapacity: true)
        }
        return outgoing.removeLast()
    }

    private func work() {
        while true {
            next().runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

import CloudTwin
import Foundation
import HTTPTransport

/// What the benchmarks share: statistics, durations in seconds, printed figures, and `bench-results/NAME.json`.
enum BenchSupport {
    /// `options` for an in-process twin driven from the bench's main thread: the twin keeps to Swift's shared pool,
    /// as `stepwise twin serve` does (its own threads only matter when callers block pool threads, as tests do),
    /// so no thread hop per request is added to what is measured.
    static func twinOptions(_ options: TwinOptions) -> TwinOptions {
        var options = options
        options.ownThreads = false
        return options
    }

    /// Seconds to send `request` `count` times through `transport`, each answered 200 with a body: the baseline
    /// the client benches compare against.
    static func timeDirect(count: Int, _ transport: HTTPTransport, _ request: HTTPRequest) throws -> Double {
        let elapsed = try ContinuousClock().measure {
            for _ in 0..<count {
                let response = try transport.send(request)
                guard response.status == 200, !response.body.isEmpty else {
                    throw BenchFailure(message: "HTTPTransport got status \(response.status) for \(request.url)")
                }
            }
        }
        return seconds(elapsed)
    }

    /// Runs `rounds` rounds of every measurement, each round starting one measurement later than the round before.
    /// The first measurement after a switch runs measurably slower (seen: 10% on the host bench), so a fixed order
    /// would charge that to whichever measurement always comes first.
    static func rotatingRounds(_ rounds: Int, _ measurements: [() throws -> Void]) throws {
        for round in 0..<rounds {
            for offset in measurements.indices {
                try measurements[(round + offset) % measurements.count]()
            }
        }
    }

    /// The middle value; the mean of the two middle values for an even count.
    static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "the median of no values")
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The median of the per-round ratios `numerators[i] / denominators[i]`: a paired comparison, so a machine
    /// that runs faster or slower for a while moves both sides of a round together instead of skewing one median.
    static func pairedRatio(_ numerators: [Double], _ denominators: [Double]) -> Double {
        precondition(numerators.count == denominators.count, "paired ratios of unequal round counts")
        return median(zip(numerators, denominators).map { $0 / $1 })
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// CPU time the calling thread has used so far, in seconds: what the client side of a bench spends, without
    /// the time it waits for the twin's answers (much steadier than wall time on a shared machine).
    static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Of the calling thread's CPU time so far, the seconds spent in the kernel (sending, receiving, waking the
    /// other side up), from `getrusage(RUSAGE_THREAD)`.
    static func threadSystemSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD, which Glibc's module does not show
        return Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Wall time of `body` in seconds.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        seconds(try ContinuousClock().measure(body))
    }

    /// `value` with `decimals` decimals (three by default).
    static func format(_ value: Double, decimals: Int = 3) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// Writes `object` to `file` as pretty JSON with sorted keys, creating its folder.
    static func writeJSON(_ object: [String: Any], to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try (data + Data("\n".utf8)).write(to: file)
    }

    /// Runs a benchmark's measurement; on failure prints `NAME bench failed: ...` and exits 1.
    static func run(_ name: String, _ measure: () throws -> Void) {
        do {
            try measure()
        } catch {
            FileHandle.standardError.write(Data("\(name) bench failed: \(error)\n".utf8))
            exit(1)
        }
    }
}

/// Why a benchmark could not produce figures.
struct BenchFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

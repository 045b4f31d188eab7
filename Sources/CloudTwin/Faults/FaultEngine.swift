import Foundation

/// Decides, per request, what the faults middleware does; random choices come from a seeded generator.
final class FaultEngine: Sendable {
    /// What to do with one request.
    struct Decision: Sendable {
        enum Outcome: Sendable, Equatable {
            case pass
            case drop
            /// Handle the request, then close the connection without answering.
            case dropAfterHandling
            case status(Int, retryAfter: Int?)
        }

        var delayMilliseconds: Int
        var outcome: Outcome
    }

    /// Which replication lag to read.
    enum Lag {
        case app, secret, appUser
        /// The duration of a Power Platform package install (not a lag, but read the same way).
        case install
    }

    private struct Storage {
        var settings: FaultSettings
        var rules: [FaultRule] = []
        var generator: SeededGenerator
    }

    private let baseline: FaultSettings
    private let storage: Locked<Storage>

    init(settings: FaultSettings) {
        baseline = settings
        storage = Locked(Storage(settings: settings, generator: SeededGenerator(seed: settings.seed)))
    }

    /// The current settings.
    var settings: FaultSettings { storage.withLock { $0.settings } }

    /// Replaces the settings and reseeds the generator.
    func replace(_ settings: FaultSettings) {
        storage.withLock {
            $0.settings = settings
            $0.generator = SeededGenerator(seed: settings.seed)
        }
    }

    /// Back to the settings given at start, without rules, generator reseeded.
    func reset() {
        storage.withLock {
            $0 = Storage(settings: baseline, generator: SeededGenerator(seed: baseline.seed))
        }
    }

    /// Adds a counted rule.
    func add(_ rule: FaultRule) { storage.withLock { $0.rules.append(rule) } }

    var rules: [FaultRule] { storage.withLock { $0.rules } }

    /// A replication lag knob.
    func lag(_ lag: Lag) -> Duration {
        let settings = self.settings
        let milliseconds =
            switch lag {
            case .app: settings.lagApp
            case .secret: settings.lagSecret
            case .appUser: settings.lagAppUser
            case .install: settings.installDelay
            }
        return .milliseconds(milliseconds)
    }

    /// The fault decision for one request; counted rules win over random faults.
    func decide(service: ServiceKind, method: String, path: String) -> Decision {
        storage.withLock { storage in
            let settings = storage.settings
            var delay = settings.latency
            if settings.jitter > 0 { delay += Int(storage.generator.next() % UInt64(settings.jitter + 1)) }
            if let index = storage.rules.firstIndex(where: { $0.matches(service: service, method: method, path: path) }) {
                let rule = storage.rules[index]
                storage.rules[index].remaining -= 1
                if storage.rules[index].remaining <= 0 { storage.rules.remove(at: index) }
                delay += rule.latency
                if rule.drop { return Decision(delayMilliseconds: delay, outcome: .drop) }
                if rule.dropAfterHandling { return Decision(delayMilliseconds: delay, outcome: .dropAfterHandling) }
                if let status = rule.status {
                    return Decision(
                        delayMilliseconds: delay, outcome: .status(status, retryAfter: rule.retryAfter ?? settings.retryAfter))
                }
                return Decision(delayMilliseconds: delay, outcome: .pass)
            }
            if settings.drop > 0, storage.generator.nextUnit() < settings.drop {
                return Decision(delayMilliseconds: delay, outcome: .drop)
            }
            if settings.probability429 > 0, storage.generator.nextUnit() < settings.probability429 {
                return Decision(delayMilliseconds: delay, outcome: .status(429, retryAfter: settings.retryAfter))
            }
            if settings.probability503 > 0, storage.generator.nextUnit() < settings.probability503 {
                return Decision(delayMilliseconds: delay, outcome: .status(503, retryAfter: settings.retryAfter))
            }
            return Decision(delayMilliseconds: delay, outcome: .pass)
        }
    }
}

/// SplitMix64: small, fast and reproducible for a given seed.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A uniform value in 0..<1.
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

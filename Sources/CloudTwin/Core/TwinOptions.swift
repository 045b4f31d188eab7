public import Foundation

/// How to start a twin.
public struct TwinOptions: Sendable {
    /// A scenario name (`demo`, `lookalike`, `missing-solution`, `national-cloud`) or a path to a scenario JSON file.
    public var scenario: String
    /// Serve every listener over HTTPS with a CA generated at start (its PEM is written to `TwinInfo.caFile`).
    public var tls: Bool
    /// Latency added to every request, in milliseconds (same as the fault spec's `latency`).
    public var latencyMilliseconds: Int
    /// A fault spec (`429=0.1,latency=20,lag.app=3000`), see docs/twin.md "Faults".
    public var faults: String
    /// Seed of the generator behind random faults; overrides the spec's `seed`.
    public var seed: UInt64?
    /// First port of a contiguous block (identity, graph, powerplatform, orgs..., control, foreign); random ports when nil.
    public var portBase: Int?
    /// The loopback address to bind.
    public var host: String
    /// Where to write the CA PEM with `tls`; a fresh temporary directory when nil.
    public var directory: URL?
    /// Run the twin's tasks on threads of its own instead of Swift's shared cooperative pool. On (the default) for
    /// a twin inside another program, whose synchronous clients may block pool threads; off for `twin serve`.
    public var ownThreads: Bool = true

    /// Options with the defaults: the demo scenario over plain HTTP on random ports, no faults.
    public init(
        scenario: String = "demo", tls: Bool = false, latencyMilliseconds: Int = 0, faults: String = "",
        seed: UInt64? = nil, portBase: Int? = nil, host: String = "127.0.0.1", directory: URL? = nil
    ) {
        self.scenario = scenario
        self.tls = tls
        self.latencyMilliseconds = latencyMilliseconds
        self.faults = faults
        self.seed = seed
        self.portBase = portBase
        self.host = host
        self.directory = directory
    }
}

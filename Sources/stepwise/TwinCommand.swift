import ArgumentParser
import CloudTwin
import Foundation

/// `stepwise twin ...`: the local simulator of the Microsoft services.
struct TwinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twin",
        abstract: "Run the local twin of the Microsoft identity platform, Graph, Dataverse and Power Platform.",
        subcommands: [Serve.self]
    )

    /// `stepwise twin serve`: runs a twin until Ctrl-C or SIGTERM.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Start a twin and keep it running until Ctrl-C or SIGTERM.",
            discussion: """
                Every service listens on its own loopback port; the base URLs and the admin app's credentials are \
                printed on start. FAULTS is comma-separated key=value: latency=MS, jitter=MS, 429=P, 503=P, \
                retry_after=S, drop=P, lag.app=MS, lag.secret=MS, lag.appuser=MS, seed=N (see docs/twin.md).
                """
        )

        @Flag(help: "Serve HTTPS with a CA generated at start (its PEM path is printed and in the info file).")
        var tls = false

        @Option(help: ArgumentHelp("Scenario name (demo, lookalike, missing-solution, national-cloud) or JSON file.", valueName: "FILE|NAME"))
        var scenario = "demo"

        @Option(help: ArgumentHelp("Latency added to every request.", valueName: "MS"))
        var latency: Int?

        @Option(help: ArgumentHelp("Fault spec, e.g. 429=0.1,lag.app=3000.", valueName: "SPEC"))
        var faults: String?

        @Option(help: ArgumentHelp("Seed of the random fault generator.", valueName: "N"))
        var seed: UInt64?

        @Option(help: ArgumentHelp("Write the info JSON (URLs, tenant, admin credentials) to this file.", valueName: "FILE"))
        var info: String?

        @Option(name: .customLong("port-base"), help: ArgumentHelp("Listen on consecutive ports from N instead of random ports.", valueName: "N"))
        var portBase: Int?

        func validate() throws {
            if let latency, latency < 0 { throw ValidationError("--latency must be 0 or more milliseconds.") }
            if let portBase, !(1...65000).contains(portBase) { throw ValidationError("--port-base must be a port number.") }
        }

        func run() throws {
            var options = TwinOptions(
                scenario: scenario, tls: tls, latencyMilliseconds: latency ?? 0, faults: faults ?? "", seed: seed,
                portBase: portBase)
            options.ownThreads = false  // the process is the twin's alone: Swift's pool is all its own
            let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
            let twin: RunningTwin
            do { twin = try TwinServer.startBlocking(options) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode((error as? TwinStartError)?.isBadInput == true ? 2 : 1)
            }
            if let info {
                let url = URL(fileURLWithPath: info)
                try twin.infoJSON().write(to: url, options: .atomic)
            }
            FileHandle.standardOutput.write(Data((Self.banner(twin.info) + "\n").utf8))
            let signal = signals.wait()
            FileHandle.standardOutput.write(Data("twin: stopping (\(signal == SIGINT ? "SIGINT" : "SIGTERM"))\n".utf8))
            twin.stopBlocking()
            if let info { try? FileManager.default.removeItem(atPath: info) }
        }

        static func banner(_ info: TwinInfo) -> String {
            var lines = [
                "twin: scenario \(info.scenario), tenant \(info.tenantDomain) (\(info.tenantId))",
                "  identity       \(info.identity)",
                "  graph          \(info.graph)",
                "  powerplatform  \(info.powerplatform)",
            ]
            for (name, origin) in info.orgs.sorted(by: { $0.key < $1.key }) {
                lines.append("  org \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(origin)  (environment \(info.environments[name] ?? "?"))")
            }
            lines += [
                "  control        \(info.control)",
                "  foreign        \(info.foreign)",
                "  admin app      client_id \(info.admin.clientId)",
                "                 client_secret \(info.admin.clientSecret)  (a twin credential)",
                "  public client  \(info.publicClientId)   admin user \(info.adminUser)",
            ]
            if let ca = info.caFile { lines.append("  CA certificate \(ca)") }
            lines.append("Press Ctrl-C to stop.")
            return lines.joined(separator: "\n")
        }
    }
}

/// Blocks until one of the given signals arrives (the signals are ignored by default handling meanwhile).
final class SignalWaiter: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []
    private var received: Int32 = 0
    private let lock = NSLock()

    init(signals: [Int32]) {
        for number in signals {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                if self.received == 0 { self.received = number }
                self.lock.unlock()
                self.semaphore.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Waits for the first signal and returns its number.
    func wait() -> Int32 {
        semaphore.wait()
        lock.lock()
        defer { lock.unlock() }
        return received
    }
}

public import Foundation

/// What a run is about: a runbook for one customer and one environment. One journal and one lock each.
public struct RunTarget: Sendable, Hashable, CustomStringConvertible {
    public var runbook: String
    public var customer: String
    public var environment: String

    public init(runbook: String, customer: String, environment: String) {
        self.runbook = runbook
        self.customer = customer
        self.environment = environment
    }

    /// `adobe-campaign-d365 for contoso/stage`.
    public var description: String { "\(runbook) for \(customer)/\(environment)" }
}

/// Where Stepwise keeps its state (`.stepwise/` in the working folder, or `--state-dir`).
public struct StateLayout: Sendable {
    /// The state folder.
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// `.stepwise` in the current folder.
    public static var standard: StateLayout {
        StateLayout(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".stepwise"))
    }

    /// `journal/<runbook>/<customer>/<env>.jsonl`.
    public func journal(_ target: RunTarget) -> URL {
        root.appendingPathComponent("journal")
            .appendingPathComponent(SecureFiles.fileName(for: target.runbook))
            .appendingPathComponent(SecureFiles.fileName(for: target.customer))
            .appendingPathComponent(SecureFiles.fileName(for: target.environment) + ".jsonl")
    }

    /// Every journal file, with its target.
    public func journals() -> [(target: RunTarget, url: URL)] {
        let base = root.appendingPathComponent("journal")
        let files = FileManager.default
        var out: [(RunTarget, URL)] = []
        for runbook in ((try? files.contentsOfDirectory(atPath: base.path)) ?? []).sorted() {
            let runbookURL = base.appendingPathComponent(runbook)
            for customer in ((try? files.contentsOfDirectory(atPath: runbookURL.path)) ?? []).sorted() {
                let customerURL = runbookURL.appendingPathComponent(customer)
                for file in ((try? files.contentsOfDirectory(atPath: customerURL.path)) ?? []).sorted() where file.hasSuffix(".jsonl") {
                    let target = RunTarget(
                        runbook: Self.name(runbook), customer: Self.name(customer),
                        environment: Self.name(String(file.dropLast(".jsonl".count))))
                    out.append((target, customerURL.appendingPathComponent(file)))
                }
            }
        }
        return out
    }

    /// `locks/<runbook>--<customer>--<env>.lock`.
    public func lock(_ target: RunTarget) -> URL {
        root.appendingPathComponent("locks").appendingPathComponent(
            [target.runbook, target.customer, target.environment].map(SecureFiles.fileName(for:)).joined(separator: "--") + ".lock")
    }

    /// `secrets/`: the file secret store.
    public var secrets: URL { root.appendingPathComponent("secrets") }

    /// `secrets-meta/`: what the command secret store keeps beside the journal (never values).
    public var secretMetadata: URL { root.appendingPathComponent("secrets-meta") }

    /// `reports/<runbook>/<customer>/<env>/`.
    public func reports(_ target: RunTarget) -> URL {
        root.appendingPathComponent("reports")
            .appendingPathComponent(SecureFiles.fileName(for: target.runbook))
            .appendingPathComponent(SecureFiles.fileName(for: target.customer))
            .appendingPathComponent(SecureFiles.fileName(for: target.environment))
    }

    /// A file name made by `SecureFiles.fileName(for:)`, decoded.
    static func name(_ file: String) -> String {
        file.removingPercentEncoding ?? file
    }
}

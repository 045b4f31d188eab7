public import Foundation
public import PluginHost

/// Secrets handed to an operator-chosen command (`--secret-command 'CMD'`), e.g. a vault CLI wrapper.
///
/// The command runs through `/bin/sh -c` with `STEPWISE_SECRET_ACTION` (`store`, `get` or `forget`) and
/// `STEPWISE_SECRET_NAME` in its environment. For `store` the value arrives on stdin; for `get` the command
/// prints it on stdout. Metadata (never the value) is kept beside the journal so `stepwise secrets list` works.
public final class CommandSecretStore: SecretStore {
    /// The shell command line.
    public let command: String
    private let metadataDirectory: URL

    public init(command: String, metadataDirectory: URL) throws {
        self.command = command
        self.metadataDirectory = metadataDirectory
        try SecureFiles.makePrivateDirectory(metadataDirectory)
    }

    private func metaURL(_ name: String) -> URL {
        metadataDirectory.appendingPathComponent(SecureFiles.fileName(for: name) + ".meta.json")
    }

    public func store(name: String, value: String, metadata: SecretMetadata) throws -> SecretReference {
        _ = try run(action: "store", name: name, input: Data(value.utf8))
        let reference = SecretReference(
            name: name, keyID: metadata.keyID, hint: metadata.hint, expires: metadata.expires,
            created: ISO8601DateFormatter().string(from: Date()), store: "command", description: metadata.description)
        try SecureFiles.writeAtomically(JSONEncoder.sorted.encode(reference), to: metaURL(name), mode: 0o600)
        return reference
    }

    public func reference(name: String) throws -> SecretReference? {
        let url = metaURL(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(SecretReference.self, from: Data(contentsOf: url))
    }

    public func value(name: String) throws -> String {
        let out = try run(action: "get", name: name, input: nil)
        var text = String(decoding: out, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw SecretStoreError(name: name, message: "the secret command printed no value for action get")
        }
        return text
    }

    public func forget(name: String) throws {
        _ = try run(action: "forget", name: name, input: nil)
        try? FileManager.default.removeItem(at: metaURL(name))
    }

    public func list() throws -> [SecretReference] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: metadataDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".meta.json") }.compactMap { file in
            try? JSONDecoder().decode(SecretReference.self,
                                      from: Data(contentsOf: metadataDirectory.appendingPathComponent(file)))
        }.sorted { $0.name < $1.name }
    }

    /// Runs the command for one action; stderr is reported (first line only) when it fails.
    private func run(action: String, name: String, input: Data?) throws -> Data {
        var environment = ProcessInfo.processInfo.environment
        environment["STEPWISE_SECRET_ACTION"] = action
        environment["STEPWISE_SECRET_NAME"] = name
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run("/bin/sh", ["-c", command], environment: environment, input: input)
        } catch {
            throw SecretStoreError(name: name, message: "cannot start the secret command: \(error)")
        }
        guard outcome.status == 0, !outcome.signaled else {
            let firstLine = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            let ending = outcome.signaled ? "signal \(outcome.status)" : "exit \(outcome.status)"
            throw SecretStoreError(name: name, message:
                "the secret command failed for action \(action) (\(ending))" + (firstLine.isEmpty ? "" : ": \(firstLine)"))
        }
        return outcome.stdout
    }
}

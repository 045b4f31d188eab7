public import Foundation
public import PluginHost
#if canImport(Glibc)
import Glibc
#endif

/// Secrets as files under a 0700 folder (default `.stepwise/secrets/`), one 0600 JSON file per secret, written
/// atomically (temporary file, fsync, rename, fsync of the folder) so a value is on disk before `store` returns.
public final class FileSecretStore: SecretStore {
    /// The folder holding the secret files.
    public let directory: URL

    /// Opens the store's folder, creating it with mode 0700 or tightening it to 0700.
    public init(directory: URL) throws {
        self.directory = directory
        try SecureFiles.makePrivateDirectory(directory)
    }

    private struct Entry: Codable {
        var reference: SecretReference
        var value: String
    }

    private func fileURL(_ name: String) -> URL {
        directory.appendingPathComponent(SecureFiles.fileName(for: name) + ".json")
    }

    public func store(name: String, value: String, metadata: SecretMetadata) throws -> SecretReference {
        let reference = SecretReference(
            name: name, keyID: metadata.keyID, hint: metadata.hint, expires: metadata.expires,
            created: ISO8601DateFormatter().string(from: Date()), store: "file", description: metadata.description)
        let data = try JSONEncoder.sorted.encode(Entry(reference: reference, value: value))
        do {
            try SecureFiles.writeAtomically(data, to: fileURL(name), mode: 0o600)
        } catch {
            throw SecretStoreError(name: name, message: "cannot write the secret file: \(error)")
        }
        return reference
    }

    private func entry(_ name: String) throws -> Entry? {
        let url = fileURL(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(Entry.self, from: Data(contentsOf: url))
        } catch {
            throw SecretStoreError(name: name, message: "the secret file \(url.path) is unreadable or corrupt")
        }
    }

    public func reference(name: String) throws -> SecretReference? { try entry(name)?.reference }

    public func value(name: String) throws -> String {
        guard let entry = try entry(name) else {
            throw SecretStoreError(name: name, message: "no value is stored in \(directory.path)")
        }
        return entry.value
    }

    public func forget(name: String) throws {
        let url = fileURL(name)
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
    }

    public func list() throws -> [SecretReference] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".meta.json") }.compactMap { file in
            try? JSONDecoder().decode(Entry.self, from: Data(contentsOf: directory.appendingPathComponent(file))).reference
        }.sorted { $0.name < $1.name }
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, for files people diff.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

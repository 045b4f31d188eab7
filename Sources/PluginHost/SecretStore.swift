import Foundation

/// What is known about a stored secret, never its value.
public struct SecretReference: Codable, Sendable, Equatable {
    /// The name the secret is stored under, e.g. `adobe-campaign-d365/contoso/stage/client-secret`.
    public var name: String
    /// The credential's key ID in Entra, when the secret is a client secret.
    public var keyID: String?
    /// The first characters of the value, as Entra shows them.
    public var hint: String?
    /// Expiry, ISO-8601 UTC.
    public var expires: String?
    /// When the store received the value, ISO-8601 UTC.
    public var created: String
    /// Where the value lives: `file` or `command`.
    public var store: String
    /// Free text, e.g. what the secret is for.
    public var description: String?

    public init(name: String, keyID: String? = nil, hint: String? = nil, expires: String? = nil,
                created: String, store: String, description: String? = nil) {
        self.name = name
        self.keyID = keyID
        self.hint = hint
        self.expires = expires
        self.created = created
        self.store = store
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case name, hint, expires, created, store, description
        case keyID = "key_id"
    }
}

/// Metadata given with a value when it is stored.
public struct SecretMetadata: Sendable, Equatable {
    public var keyID: String?
    public var hint: String?
    public var expires: String?
    public var description: String?

    public init(keyID: String? = nil, hint: String? = nil, expires: String? = nil, description: String? = nil) {
        self.keyID = keyID
        self.hint = hint
        self.expires = expires
        self.description = description
    }
}

/// A place for secret values. `store` is durable when it returns: a value that has arrived is never only in memory.
public protocol SecretStore: AnyObject {
    /// Stores `value` under `name`, replacing an earlier value, and returns its reference.
    func store(name: String, value: String, metadata: SecretMetadata) throws -> SecretReference
    /// The reference of the value stored under `name`, or nil.
    func reference(name: String) throws -> SecretReference?
    /// The value stored under `name`; throws when there is none or the store cannot give it back.
    func value(name: String) throws -> String
    /// Removes the value stored under `name` (no error when there is none).
    func forget(name: String) throws
    /// Every stored secret's reference, sorted by name.
    func list() throws -> [SecretReference]
}

/// An error of a secret store, naming the secret and what went wrong (never the value).
public struct SecretStoreError: Error, CustomStringConvertible, Sendable {
    public var name: String
    public var message: String

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { "secret \(name): \(message)" }
}

/// A store that keeps values in memory only: for tests and `stepwise lua`.
public final class InMemorySecretStore: SecretStore {
    private var values: [String: (String, SecretReference)] = [:]

    public init() {}

    public func store(name: String, value: String, metadata: SecretMetadata) throws -> SecretReference {
        let reference = SecretReference(
            name: name, keyID: metadata.keyID, hint: metadata.hint, expires: metadata.expires,
            created: ISO8601DateFormatter().string(from: Date()), store: "memory", description: metadata.description)
        values[name] = (value, reference)
        return reference
    }

    public func reference(name: String) throws -> SecretReference? { values[name]?.1 }

    public func value(name: String) throws -> String {
        guard let entry = values[name] else { throw SecretStoreError(name: name, message: "no value is stored") }
        return entry.0
    }

    public func forget(name: String) throws { values[name] = nil }

    public func list() throws -> [SecretReference] { values.values.map(\.1).sorted { $0.name < $1.name } }
}

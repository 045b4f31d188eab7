import LuaKit
import MicrosoftCloud

// `secret`: the secret store, by reference; values stay in Swift (see plugins/_meta/secret.lua).
extension PluginHost {
    func secretFunctions() -> [String: LuaHostFunction] {
        [
            "store": { [unowned self] arguments in
                let name = try arguments.string(1, "name")
                guard let value = bridge.secretValue(arguments[2]) else {
                    throw LuaArgumentError(
                        "secret.store: argument 2 (value) must be a secret handle (such as Graph's secretText), "
                            + "got \(arguments[2].isNil ? "nil" : arguments[2].typeName)")
                }
                let options = try LuaOptions(arguments, 3, name: "meta", known: ["key_id", "hint", "expires", "description"])
                let metadata = SecretMetadata(
                    keyID: try options.string("key_id"), hint: try options.string("hint"),
                    expires: try options.string("expires"), description: try options.string("description"))
                try scope.requireWrite("secret.store", name)
                session.redactor.register(value)
                let reference = try secretStoreCall(name) { try secretStore.store(name: name, value: value, metadata: metadata) }
                log(.debug, "secret \(name) stored (\(reference.store))")
                return [Self.referenceTable(reference)]
            },
            "ref": { [unowned self] arguments in
                let name = try arguments.string(1, "name")
                guard let reference = try secretStoreCall(name, { try secretStore.reference(name: name) }) else {
                    return [.nil]
                }
                return [Self.referenceTable(reference)]
            },
            "forget": { [unowned self] arguments in
                let name = try arguments.string(1, "name")
                try scope.requireWrite("secret.forget", name)
                try secretStoreCall(name) { try secretStore.forget(name: name) }
                return []
            },
            "is_handle": { [unowned self] arguments in
                [.boolean(bridge.secretValue(arguments[1]) != nil)]
            },
        ]
    }

    private var secretStore: any SecretStore { options.secretStore }

    /// The value behind a secret argument: a handle, or a reference (`{ name = ... }`, from `secret.ref` or
    /// `secret.store`) read from the store. The value is registered with the redactor and never returned to Lua.
    func secretValue(_ value: LuaValue, what: String) throws -> String {
        if let secret = bridge.secretValue(value) { return secret }
        guard let name = value["name"].stringValue else {
            throw LuaArgumentError("\(what) must be a secret reference (from secret.ref) or a secret handle, got \(value.isNil ? "nil" : value.typeName)")
        }
        let secret = try secretStoreCall(name) { try secretStore.value(name: name) }
        session.redactor.register(secret)
        return secret
    }

    /// Runs a store call; its errors become `secret.store_failed` naming the secret (never a value).
    private func secretStoreCall<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SecretStoreError {
            throw hostError("secret.store_failed", session.redactor.redact(error.description), ["name": .string(name)])
        } catch {
            throw hostError(
                "secret.store_failed", "secret \(name): \(session.redactor.redact(String(describing: error)))",
                ["name": .string(name)])
        }
    }

    /// `{ name, key_id, hint, expires, created, store, description }`.
    static func referenceTable(_ reference: SecretReference) -> LuaValue {
        var table: [LuaKey: LuaValue] = [
            "name": .string(reference.name), "created": .string(reference.created), "store": .string(reference.store),
        ]
        if let keyID = reference.keyID { table["key_id"] = .string(keyID) }
        if let hint = reference.hint { table["hint"] = .string(hint) }
        if let expires = reference.expires { table["expires"] = .string(expires) }
        if let description = reference.description { table["description"] = .string(description) }
        return .map(table)
    }
}

import Foundation

extension GraphCall {
    /// `POST /applications/{id}/addPassword`: a new secret, returned once; only a salted hash is kept.
    func addPassword(_ key: ApplicationKey) -> TwinResponse {
        guard let application = twin.state.withLock({ findApplication(key, in: $0) }) else {
            return GraphError.notFound(key.description, request: request, now: now)
        }
        guard mayWrite(application) else { return forbidden() }
        var requested: [String: JSON] = [:]
        if !request.body.isEmpty {
            guard let body = request.jsonBody?.objectValue else {
                return error(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
            }
            for key in body.keys where key != "passwordCredential" {
                return GraphError.badRequest(
                    "Property '\(key)' does not exist as a declared property or extension property.", request: request, now: now)
            }
            if let credential = body["passwordCredential"], !credential.isNull {
                guard let members = credential.objectValue else {
                    return GraphError.badRequest("Invalid value specified for property 'passwordCredential'.", request: request, now: now)
                }
                requested = members
            }
        }
        let allowedKeys: Set<String> = ["displayName", "endDateTime", "startDateTime", "customKeyIdentifier", "keyId", "hint", "secretText"]
        if let unknown = requested.keys.sorted().first(where: { !allowedKeys.contains($0) }) {
            return GraphError.badRequest(
                "Property '\(unknown)' does not exist as a declared property or extension property.", request: request, now: now)
        }
        func date(_ name: String) throws(TwinResponse) -> Date? {
            guard let value = requested[name], !value.isNull else { return nil }
            guard let text = value.stringValue, let parsed = TwinTime.parse(text) else {
                throw GraphError.badRequest("Invalid value specified for property '\(name)' of resource 'PasswordCredential'.", request: request, now: now)
            }
            return parsed
        }
        let start: Date
        let end: Date
        do {
            start = try date("startDateTime") ?? now
            end = try date("endDateTime") ?? Calendar(identifier: .gregorian).date(byAdding: .year, value: 2, to: start)!
        } catch {
            return error
        }
        guard end > start else {
            return GraphError.badRequest("Key credential end date time must be later than start date time.", request: request, now: now)
        }
        let displayName = requested["displayName"]?.stringValue
        let lag = twin.faults.lag(.secret)
        let secret: String? = twin.state.withLock { state in
            guard var stored = state.applications[application.id] else { return nil }
            let value = SecretGenerator.make(sequence: state.secretsIssued)
            state.secretsIssued += 1
            let credential = PasswordCredential.hashing(
                value, keyId: TwinIDs.guid(), displayName: displayName, start: start, end: end,
                usableAt: now.addingTimeInterval(lag.seconds), returned: true)
            stored.passwords.append(credential)
            state.applications[application.id] = stored
            return value
        }
        guard let secret, let credential = twin.state.withLock({ $0.applications[application.id]?.passwords.last }) else {
            return GraphError.notFound(key.description, request: request, now: now)
        }
        var body = GraphApplicationSchema.render(credential).objectValue ?? [:]
        body["secretText"] = .string(secret)
        body["@odata.context"] = .string("\(request.origin)/v1.0/$metadata#microsoft.graph.passwordCredential")
        return ok(.object(body))
    }

    /// `POST /applications/{id}/removePassword` with `{"keyId": "..."}`: 204; an unknown keyId is 404.
    func removePassword(_ key: ApplicationKey) -> TwinResponse {
        guard let application = twin.state.withLock({ findApplication(key, in: $0) }) else {
            return GraphError.notFound(key.description, request: request, now: now)
        }
        guard mayWrite(application) else { return forbidden() }
        let body: [String: JSON]
        do { body = try objectBody() } catch { return error }
        guard let keyId = body["keyId"]?.stringValue, UUID(uuidString: keyId) != nil else {
            return GraphError.badRequest("Invalid value specified for property 'keyId' of resource 'PasswordCredential'.", request: request, now: now)
        }
        let removed: Bool = twin.state.withLock { state in
            guard var stored = state.applications[application.id],
                let index = stored.passwords.firstIndex(where: { $0.keyId.caseInsensitiveCompare(keyId) == .orderedSame })
            else { return false }
            stored.passwords.remove(at: index)
            state.applications[application.id] = stored
            return true
        }
        guard removed else {
            return error(404, "Request_ResourceNotFound", "No password credential found with keyId '\(keyId)'.")
        }
        return .empty(204)
    }
}

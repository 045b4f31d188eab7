import Foundation

/// How a request names one application.
enum ApplicationKey: Equatable {
    case id(String)
    case appId(String)
    case uniqueName(String)

    var description: String {
        switch self {
        case .id(let value), .appId(let value), .uniqueName(let value): value
        }
    }
}

extension GraphCall {
    /// `/applications...`: the collection, `$count`, one application (by id, appId or uniqueName) and its actions.
    func applications(_ path: [String]) async -> TwinResponse {
        guard let head = ODataSegment(path[0]) else { return error(400, "BadRequest", "Invalid segment '\(path[0])'.") }
        var rest = Array(path.dropFirst())
        let key: ApplicationKey
        if let appId = head.keys["appId"] {
            key = .appId(appId)
        } else if let uniqueName = head.keys["uniqueName"] {
            key = .uniqueName(uniqueName)
        } else if !head.keys.isEmpty {
            return error(400, "Request_BadRequest", "Invalid key in segment '\(path[0])'.")
        } else if rest.isEmpty {
            switch request.method {
            case "GET": return listApplications()
            case "POST": return createApplication()
            default: return methodNotAllowed()
            }
        } else if rest == ["$count"] {
            guard request.method == "GET" else { return methodNotAllowed() }
            guard allowed(.readApplications) else { return forbidden() }
            return count(visibleApplications())
        } else {
            let id = rest.removeFirst()
            guard UUID(uuidString: id) != nil else { return error(400, "Request_BadRequest", "Invalid object identifier '\(id)'.") }
            key = .id(id)
        }
        switch (request.method, rest) {
        case ("GET", []): return getApplication(key)
        case ("PATCH", []): return updateApplication(key)
        case ("DELETE", []): return deleteApplication(key)
        case ("POST", ["addPassword"]), ("POST", ["microsoft.graph.addPassword"]): return addPassword(key)
        case ("POST", ["removePassword"]), ("POST", ["microsoft.graph.removePassword"]): return removePassword(key)
        case (_, []), (_, ["addPassword"]), (_, ["removePassword"]): return methodNotAllowed()
        default:
            return error(400, "BadRequest", "Resource not found for the segment '\(rest[0])'.")
        }
    }

    /// Applications past their replication lag, rendered.
    func visibleApplications() -> [[String: JSON]] {
        twin.state.withLock { state in
            state.applications.all.filter { $0.visibleAt <= now }.map(GraphApplicationSchema.render)
        }
    }

    /// The stored application a key names; `includeInvisible` also finds objects still within `lag.app`.
    func findApplication(_ key: ApplicationKey, in state: TwinState, includeInvisible: Bool = false) -> DirectoryApplication? {
        let found: DirectoryApplication?
        switch key {
        case .id(let id): found = state.applications[id]
        case .appId(let appId): found = state.application(appId: appId)
        case .uniqueName(let name):
            found = state.applications.first { $0.uniqueName?.caseInsensitiveCompare(name) == .orderedSame }
        }
        guard let found, includeInvisible || found.visibleAt <= now else { return nil }
        return found
    }

    private func listApplications() -> TwinResponse {
        guard allowed(.readApplications) else { return forbidden() }
        return list(visibleApplications(), resource: GraphApplicationSchema.resource)
    }

    private func getApplication(_ key: ApplicationKey) -> TwinResponse {
        guard allowed(.readApplications) else { return forbidden() }
        guard let application = twin.state.withLock({ findApplication(key, in: $0) }) else {
            return GraphError.notFound(key.description, request: request, now: now)
        }
        return entity(GraphApplicationSchema.render(application), resource: GraphApplicationSchema.resource)
    }

    /// The JSON object body, or Graph's 400 for an empty or non-JSON payload.
    func objectBody() throws(TwinResponse) -> [String: JSON] {
        guard !request.body.isEmpty else { throw error(400, "BadRequest", "Empty Payload. JSON content expected.") }
        guard let members = request.jsonBody?.objectValue else {
            throw error(
                400, "BadRequest",
                "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
        }
        return members
    }

    private func createApplication() -> TwinResponse {
        guard mayCreateApplications else { return forbidden() }
        let body: [String: JSON]
        do { body = try objectBody() } catch { return error }
        if let problem = GraphApplicationSchema.validationProblem(body, creating: true) {
            return GraphError.badRequest(problem, request: request, now: now)
        }
        return insertApplication(body, uniqueName: body["uniqueName"]?.stringValue)
    }

    /// Creates an application from a validated body; 201 with the full object and `Location`.
    func insertApplication(_ body: [String: JSON], uniqueName: String?) -> TwinResponse {
        let lag = twin.faults.lag(.app)
        let created: DirectoryApplication? = twin.state.withLock { state in
            if let uniqueName, findApplication(.uniqueName(uniqueName), in: state, includeInvisible: true) != nil {
                return nil
            }
            var properties = body.filter { !$0.key.hasPrefix("@odata.") }
            properties["createdDateTime"] = .string(TwinTime.iso8601(now))
            properties["publisherDomain"] = .string(state.tenant.defaultDomain)
            if let uniqueName { properties["uniqueName"] = .string(uniqueName) }
            let application = DirectoryApplication(
                id: TwinIDs.guid(), appId: TwinIDs.guid(), properties: properties, passwords: [],
                visibleAt: now.addingTimeInterval(lag.seconds),
                ownerServicePrincipalIds: caller.kind == .application ? [caller.objectId] : [])
            state.applications[application.id] = application
            return application
        }
        guard let created else {
            return error(
                400, "Request_MultipleObjectsWithSameKeyValue",
                "Another object with the same value for property uniqueName already exists.")
        }
        let tenantId = twin.state.withLock { $0.tenant.id }
        var object = GraphApplicationSchema.render(created)
        object["@odata.context"] = .string("\(request.origin)/v1.0/$metadata#applications/$entity")
        return ok(
            .object(object), status: 201,
            headers: [("Location", "\(request.origin)/v2/\(tenantId)/directoryObjects/\(created.id)/Microsoft.DirectoryServices.Application")])
    }

    private func updateApplication(_ key: ApplicationKey) -> TwinResponse {
        let body: [String: JSON]
        do { body = try objectBody() } catch { return error }
        let upsert = (request.header("prefer") ?? "").lowercased().contains("create-if-missing")
        let existing = twin.state.withLock { findApplication(key, in: $0, includeInvisible: key.isUniqueName) }
        guard let application = existing else {
            guard case .uniqueName(let name) = key, upsert else {
                guard allowed(.readApplications) || mayCreateApplications else { return forbidden() }
                return GraphError.notFound(key.description, request: request, now: now)
            }
            guard mayCreateApplications else { return forbidden() }
            var creation = body
            creation.removeValue(forKey: "uniqueName")
            if let problem = GraphApplicationSchema.validationProblem(creation, creating: true) {
                return GraphError.badRequest(problem, request: request, now: now)
            }
            return insertApplication(creation, uniqueName: name)
        }
        guard mayWrite(application) else { return forbidden() }
        var changes = body
        if key.isUniqueName, changes["uniqueName"]?.stringValue == application.uniqueName { changes.removeValue(forKey: "uniqueName") }
        if let problem = GraphApplicationSchema.validationProblem(changes, creating: false) {
            return GraphError.badRequest(problem, request: request, now: now)
        }
        twin.state.withLock { state in
            guard var stored = state.applications[application.id] else { return }
            for (name, value) in changes where !name.hasPrefix("@odata.") { stored.properties[name] = value }
            state.applications[application.id] = stored
        }
        return .empty(204)
    }

    private func deleteApplication(_ key: ApplicationKey) -> TwinResponse {
        guard let application = twin.state.withLock({ findApplication(key, in: $0) }) else {
            return GraphError.notFound(key.description, request: request, now: now)
        }
        guard mayWrite(application) else { return forbidden() }
        twin.state.withLock { state in
            state.applications[application.id] = nil
            if let principal = state.servicePrincipal(appId: application.appId) {
                state.servicePrincipals[principal.id] = nil
                for grant in state.grants.all where grant.clientId.lowercased() == principal.id.lowercased() {
                    state.grants[grant.id] = nil
                }
            }
        }
        return .empty(204)
    }
}

extension ApplicationKey {
    var isUniqueName: Bool {
        if case .uniqueName = self { return true }
        return false
    }
}

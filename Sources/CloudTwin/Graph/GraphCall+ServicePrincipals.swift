import Foundation

extension GraphCall {
    /// `/servicePrincipals...`: list, create, and one principal by id or `(appId='...')`.
    func servicePrincipals(_ path: [String]) -> TwinResponse {
        guard let head = ODataSegment(path[0]) else { return error(400, "BadRequest", "Invalid segment '\(path[0])'.") }
        var rest = Array(path.dropFirst())
        var key: (isAppId: Bool, value: String)
        if let appId = head.keys["appId"] {
            key = (true, appId)
        } else if !head.keys.isEmpty {
            return error(400, "Request_BadRequest", "Invalid key in segment '\(path[0])'.")
        } else if rest.isEmpty {
            switch request.method {
            case "GET":
                guard allowed(.readApplications) else { return forbidden() }
                return list(visibleServicePrincipals(), resource: GraphServicePrincipalSchema.resource)
            case "POST": return createServicePrincipal()
            default: return methodNotAllowed()
            }
        } else if rest == ["$count"] {
            guard allowed(.readApplications) else { return forbidden() }
            return count(visibleServicePrincipals())
        } else {
            let id = rest.removeFirst()
            guard UUID(uuidString: id) != nil else { return error(400, "Request_BadRequest", "Invalid object identifier '\(id)'.") }
            key = (false, id)
        }
        guard rest.isEmpty else { return error(400, "BadRequest", "Resource not found for the segment '\(rest[0])'.") }
        let found = twin.state.withLock { state in
            (key.isAppId ? state.servicePrincipal(appId: key.value) : state.servicePrincipals[key.value])
                .flatMap { $0.visibleAt <= now ? $0 : nil }
        }
        switch request.method {
        case "GET":
            guard allowed(.readApplications) else { return forbidden() }
            guard let principal = found else { return GraphError.notFound(key.value, request: request, now: now) }
            return entity(GraphServicePrincipalSchema.render(principal), resource: GraphServicePrincipalSchema.resource)
        case "PATCH":
            let upsert = (request.header("prefer") ?? "").lowercased().contains("create-if-missing")
            guard let principal = found else {
                guard key.isAppId, upsert else { return GraphError.notFound(key.value, request: request, now: now) }
                return createServicePrincipal(appId: key.value)
            }
            return updateServicePrincipal(principal)
        case "DELETE":
            guard let principal = found else { return GraphError.notFound(key.value, request: request, now: now) }
            guard mayWriteServicePrincipal(appId: principal.appId) else { return forbidden() }
            twin.state.withLock { $0.servicePrincipals[principal.id] = nil }
            return .empty(204)
        default:
            return methodNotAllowed()
        }
    }

    func visibleServicePrincipals() -> [[String: JSON]] {
        twin.state.withLock { state in
            state.servicePrincipals.all.filter { $0.visibleAt <= now }.map(GraphServicePrincipalSchema.render)
        }
    }

    /// Full write rights, or OwnedBy on an application the caller owns.
    private func mayWriteServicePrincipal(appId: String) -> Bool {
        if allowed(.writeApplications) { return true }
        guard isOwnedByOnly, let application = twin.state.withLock({ $0.application(appId: appId) }) else { return false }
        return mayWrite(application)
    }

    private func createServicePrincipal(appId pathAppId: String? = nil) -> TwinResponse {
        let body: [String: JSON]
        do { body = try objectBody() } catch { return error }
        guard let appId = pathAppId ?? body["appId"]?.stringValue, !appId.isEmpty else {
            return GraphError.badRequest("Invalid value specified for property 'appId' of resource 'ServicePrincipal'.", request: request, now: now)
        }
        guard mayWriteServicePrincipal(appId: appId) || (pathAppId == nil && allowed(.writeApplications)) else {
            return forbidden()
        }
        if let problem = GraphServicePrincipalSchema.validationProblem(body) {
            return GraphError.badRequest(problem, request: request, now: now)
        }
        let lag = twin.faults.lag(.app)
        enum Outcome { case created(ServicePrincipal), duplicate, noApplication }
        let outcome: Outcome = twin.state.withLock { state in
            if state.servicePrincipal(appId: appId) != nil { return .duplicate }
            guard let application = state.application(appId: appId), application.visibleAt <= now else { return .noApplication }
            var properties = GraphServicePrincipalSchema.properties(for: application, tenantId: state.tenant.id)
            for (name, value) in body where name != "appId" && !name.hasPrefix("@odata.") { properties[name] = value }
            let principal = ServicePrincipal(
                id: TwinIDs.guid(), appId: application.appId, properties: properties,
                visibleAt: now.addingTimeInterval(lag.seconds))
            state.servicePrincipals[principal.id] = principal
            return .created(principal)
        }
        switch outcome {
        case .duplicate:
            return error(
                409, "Request_MultipleObjectsWithSameKeyValue",
                "The service principal cannot be created, updated, or restored because the service principal name "
                    + "\(appId) is already in use.")
        case .noApplication:
            return GraphError.badRequest(
                "The appId '\(appId)' of the service principal does not reference a valid application object.",
                request: request, now: now)
        case .created(let principal):
            var object = GraphServicePrincipalSchema.render(principal)
            object["@odata.context"] = .string("\(request.origin)/v1.0/$metadata#servicePrincipals/$entity")
            let tenantId = twin.state.withLock { $0.tenant.id }
            return ok(
                .object(object), status: 201,
                headers: [("Location", "\(request.origin)/v2/\(tenantId)/directoryObjects/\(principal.id)/Microsoft.DirectoryServices.ServicePrincipal")])
        }
    }

    private func updateServicePrincipal(_ principal: ServicePrincipal) -> TwinResponse {
        guard mayWriteServicePrincipal(appId: principal.appId) else { return forbidden() }
        let body: [String: JSON]
        do { body = try objectBody() } catch { return error }
        if body["appId"] != nil, body["appId"]?.stringValue?.lowercased() != principal.appId.lowercased() {
            return GraphError.badRequest("Property 'appId' is read-only and cannot be set.", request: request, now: now)
        }
        if let problem = GraphServicePrincipalSchema.validationProblem(body) {
            return GraphError.badRequest(problem, request: request, now: now)
        }
        twin.state.withLock { state in
            guard var stored = state.servicePrincipals[principal.id] else { return }
            for (name, value) in body where name != "appId" && !name.hasPrefix("@odata.") { stored.properties[name] = value }
            state.servicePrincipals[principal.id] = stored
        }
        return .empty(204)
    }
}

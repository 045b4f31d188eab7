import Foundation

extension GraphCall {
    static let grantResource = GraphResource(
        typeName: "OAuth2PermissionGrant", odataType: "microsoft.graph.oAuth2PermissionGrant",
        entitySet: "oauth2PermissionGrants",
        equalityFilterable: ["clientId", "consentType", "principalId", "resourceId", "id"],
        prefixFilterable: [], collectionFilterable: [], sortable: [],
        properties: ["id", "clientId", "consentType", "principalId", "resourceId", "scope"],
        maximumPageSize: 999, defaultPageSize: 100)

    /// `/oauth2PermissionGrants...`: list (`$filter=clientId eq '...'`), create, get, update scope, delete.
    func grants(_ path: [String]) -> TwinResponse {
        let rest = Array(path.dropFirst())
        if rest.isEmpty {
            switch request.method {
            case "GET":
                guard allowed(.readGrants) else { return forbidden() }
                let all = twin.state.withLock { $0.grants.all.map { $0.json.objectValue ?? [:] } }
                return list(all, resource: Self.grantResource)
            case "POST": return createGrant()
            default: return methodNotAllowed()
            }
        }
        guard rest.count == 1 else { return error(400, "BadRequest", "Resource not found for the segment '\(rest[1])'.") }
        let id = rest[0]
        guard let grant = twin.state.withLock({ $0.grants[id] }) else {
            guard allowed(.readGrants) else { return forbidden() }
            return GraphError.notFound(id, request: request, now: now)
        }
        switch request.method {
        case "GET":
            guard allowed(.readGrants) else { return forbidden() }
            return entity(grant.json.objectValue ?? [:], resource: Self.grantResource)
        case "PATCH":
            guard allowed(.writeGrants) else { return forbidden() }
            let body: [String: JSON]
            do { body = try objectBody() } catch { return error }
            for key in body.keys where key != "scope" && !key.hasPrefix("@odata.") {
                return GraphError.badRequest("Property '\(key)' is read-only and cannot be set.", request: request, now: now)
            }
            guard let scope = body["scope"]?.stringValue else {
                return GraphError.badRequest("Invalid value specified for property 'scope'.", request: request, now: now)
            }
            twin.state.withLock { $0.grants[id]?.scope = scope }
            return .empty(204)
        case "DELETE":
            guard allowed(.writeGrants) else { return forbidden() }
            twin.state.withLock { $0.grants[grant.id] = nil }
            return .empty(204)
        default:
            return methodNotAllowed()
        }
    }

    private func createGrant() -> TwinResponse {
        guard allowed(.writeGrants) else { return forbidden() }
        let body: [String: JSON]
        do { body = try objectBody() } catch { return error }
        let known: Set<String> = ["clientId", "consentType", "principalId", "resourceId", "scope", "startTime", "expiryTime"]
        if let unknown = body.keys.sorted().first(where: { !known.contains($0) && !$0.hasPrefix("@odata.") }) {
            return GraphError.badRequest(
                "Property '\(unknown)' does not exist as a declared property or extension property.", request: request, now: now)
        }
        func field(_ name: String) -> String? { body[name]?.stringValue }
        guard let clientId = field("clientId"), let resourceId = field("resourceId"),
            let consentType = field("consentType"), ["AllPrincipals", "Principal"].contains(consentType)
        else {
            return GraphError.badRequest(
                "Invalid value specified for property 'clientId', 'resourceId' or 'consentType' of resource 'OAuth2PermissionGrant'.",
                request: request, now: now)
        }
        let principalId = field("principalId")
        if (consentType == "Principal") != (principalId != nil) {
            return GraphError.badRequest(
                "Invalid value specified for property 'principalId' of resource 'OAuth2PermissionGrant'.", request: request, now: now)
        }
        let scope = field("scope") ?? ""
        enum Outcome { case created(PermissionGrant), duplicate, missing(String) }
        let outcome: Outcome = twin.state.withLock { state in
            guard state.servicePrincipals[clientId].map({ $0.visibleAt <= now }) == true else { return .missing(clientId) }
            guard state.servicePrincipals[resourceId].map({ $0.visibleAt <= now }) == true else { return .missing(resourceId) }
            if let principalId, state.users[principalId] == nil { return .missing(principalId) }
            let id = Self.grantID(clientId: clientId, resourceId: resourceId, principalId: principalId)
            if state.grants[id] != nil { return .duplicate }
            let grant = PermissionGrant(
                id: id, clientId: clientId.lowercased(), consentType: consentType, principalId: principalId?.lowercased(),
                resourceId: resourceId.lowercased(), scope: scope)
            state.grants[id] = grant
            return .created(grant)
        }
        switch outcome {
        case .missing(let id):
            return GraphError.notFound(id, request: request, now: now)
        case .duplicate:
            return GraphError.badRequest("Permission entry already exists.", request: request, now: now)
        case .created(let grant):
            var object = grant.json.objectValue ?? [:]
            object["@odata.context"] = .string("\(request.origin)/v1.0/$metadata#oauth2PermissionGrants/$entity")
            return ok(.object(object), status: 201)
        }
    }

    /// Grant ids are derived from the client, resource (and principal) ids, as Entra's are.
    static func grantID(clientId: String, resourceId: String, principalId: String?) -> String {
        func bytes(_ id: String) -> [UInt8] {
            guard let uuid = UUID(uuidString: id) else { return Array(id.utf8) }
            return withUnsafeBytes(of: uuid.uuid) { Array($0) }
        }
        return Base64URL.encode(bytes(clientId) + bytes(resourceId) + (principalId.map(bytes) ?? []))
    }

    /// `GET /me` for delegated tokens.
    func me() -> TwinResponse {
        guard caller.kind == .user else {
            return error(400, "BadRequest", "/me request is only valid with delegated authentication flow.")
        }
        guard let user = twin.state.withLock({ $0.users[caller.objectId] }) else {
            return GraphError.notFound(caller.objectId, request: request, now: now)
        }
        return ok([
            "@odata.context": .string("\(request.origin)/v1.0/$metadata#users/$entity"), "id": .string(user.id),
            "userPrincipalName": .string(user.userPrincipalName), "displayName": .string(user.displayName),
            "givenName": .string(orNull: user.givenName), "surname": .string(orNull: user.surname),
            "mail": .string(orNull: user.mail), "businessPhones": [], "jobTitle": nil, "mobilePhone": nil,
            "officeLocation": nil, "preferredLanguage": nil,
        ])
    }
}

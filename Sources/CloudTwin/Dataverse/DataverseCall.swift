import Foundation

/// One authenticated Web API request being answered, under the state lock.
struct DataverseCall {
    let twin: Twin
    /// The environment name of the org (`stage`).
    let orgName: String
    let request: TwinRequest
    /// The API version in the path (`v9.2`); links and contexts repeat it.
    let version: String
    let principal: DataversePrincipal
    let now: Date
    let preferences: DataversePreferences
    let annotations: DataverseAnnotations

    init(twin: Twin, orgName: String, request: TwinRequest, version: String, principal: DataversePrincipal, now: Date) {
        self.twin = twin
        self.orgName = orgName
        self.request = request
        self.version = version
        self.principal = principal
        self.now = now
        preferences = DataversePreferences(header: request.header("prefer"))
        annotations = DataverseAnnotations(preferences: preferences)
    }

    /// `https://org.crm.dynamics.com/api/data/v9.2`
    var apiBase: String { "\(request.origin)/api/data/\(version)" }

    /// The absolute URL of a row (`.../systemusers(<id>)`), as in `OData-EntityId` and `@odata.id`.
    func rowURL(_ entity: DataverseEntity, _ id: String) -> String { "\(apiBase)/\(entity.entitySet)(\(id))" }

    /// Routes the path after `/api/data/v9.x`.
    func route(_ path: [String], state: inout TwinState) -> TwinResponse {
        guard let first = path.first else {
            return request.method == "GET" ? serviceDocument() : DataverseError.methodNotAllowed(request.method)
        }
        if first == "WhoAmI" || first == "WhoAmI()" {
            guard path.count == 1 else { return DataverseError.unknownSegment(path[1]) }
            guard request.method == "GET" else { return DataverseError.methodNotAllowed(request.method) }
            return whoAmI(org: state.orgs[orgName]!)
        }
        if first.hasPrefix("RetrieveCurrentOrganization(") {
            guard path.count == 1 else { return DataverseError.unknownSegment(path[1]) }
            guard request.method == "GET" else { return DataverseError.methodNotAllowed(request.method) }
            return retrieveCurrentOrganization(first, state: state)
        }
        if first == "EntityDefinitions" || first.hasPrefix("EntityDefinitions(") {
            guard request.method == "GET" else { return DataverseError.methodNotAllowed(request.method) }
            return entityDefinitions(path)
        }
        guard let segment = ODataSegment(first) else { return DataverseError.odata("Bad Request - Error in query syntax.") }
        guard let entity = DataverseEntity.catalog[segment.name] else { return DataverseError.unknownSegment(first) }
        if segment.keys.isEmpty {
            guard path.count == 1 else { return DataverseError.unknownSegment(path[1]) }
            switch request.method {
            case "GET": return list(entity, state: state)
            case "POST": return create(entity, state: &state)
            default: return DataverseError.methodNotAllowed(request.method)
            }
        }
        guard let key = segment.keys[""] ?? segment.keys[entity.primaryId], segment.keys.count == 1,
            DataverseIDs.isGUID(key)
        else {
            return DataverseError.odata("Bad Request - Error in query syntax.")
        }
        let id = DataverseIDs.canonical(key)
        if path.count == 1 {
            switch request.method {
            case "GET": return retrieve(entity, id: id, state: state)
            case "PATCH": return update(entity, id: id, state: &state)
            case "DELETE": return delete(entity, id: id, state: &state)
            default: return DataverseError.methodNotAllowed(request.method)
            }
        }
        return routeBelowRow(entity, id: id, rest: Array(path.dropFirst()), state: &state)
    }

    /// `row/column`, `row/column/$value`, `row/nav`, `row/nav/$ref`, `row/nav(id)/$ref`.
    private func routeBelowRow(
        _ entity: DataverseEntity, id: String, rest: [String], state: inout TwinState
    ) -> TwinResponse {
        guard let segment = ODataSegment(rest[0]) else { return DataverseError.odata("Bad Request - Error in query syntax.") }
        let name = segment.name
        if entity.manyToMany[name] != nil {
            if rest.count == 1, segment.keys.isEmpty, request.method == "GET" {
                return relatedRows(entity, id: id, navigation: name, state: state)
            }
            guard rest.count == 2, rest[1] == "$ref" else { return DataverseError.unknownSegment(rest.last ?? name) }
            switch (request.method, segment.key) {
            case ("POST", nil): return associate(entity, id: id, navigation: name, state: &state)
            case ("GET", nil): return references(entity, id: id, navigation: name, state: state)
            case ("DELETE", let target): return disassociate(entity, id: id, navigation: name, targetKey: target, state: &state)
            default: return DataverseError.methodNotAllowed(request.method)
            }
        }
        guard segment.keys.isEmpty, entity.readableProperties.contains(name) || entity.lookups[name] != nil else {
            return DataverseError.unknownSegment(rest[0])
        }
        if rest.count == 2, rest[1] == "$value" {
            guard request.method == "GET" else { return DataverseError.methodNotAllowed(request.method) }
            return propertyRawValue(entity, id: id, column: name, state: state)
        }
        guard rest.count == 1 else { return DataverseError.unknownSegment(rest[1]) }
        switch request.method {
        case "GET": return propertyValue(entity, id: id, property: name, state: state)
        case "DELETE": return clearProperty(entity, id: id, column: name, state: &state)
        default: return DataverseError.methodNotAllowed(request.method)
        }
    }

    /// The `Preference-Applied` header for the preferences this response honoured (annotations included).
    func preferenceApplied(_ applied: [String]) -> [(name: String, value: String)] {
        let all = applied + [annotations.applied].compactMap { $0 }
        return all.isEmpty ? [] : [("Preference-Applied", all.joined(separator: ","))]
    }

    /// A successful JSON body with the Web API's content type and `OData-Version`.
    func ok(_ body: JSON, status: Int = 200, headers: [(name: String, value: String)] = []) -> TwinResponse {
        .json(status, body, contentType: DataverseError.contentType, headers: [("OData-Version", "4.0")] + headers)
    }

    /// Checks that the principal may do `right` on `entity`; `nil` when allowed, else the 403.
    func authorize(_ right: DataversePrincipal.Right, _ operation: String, _ entity: DataverseEntity) -> TwinResponse? {
        principal.check(right, privilege: "prv\(operation)\(entity.privilegeName)", entity: entity)
    }
}

import Foundation

extension DataverseCall {
    /// `POST entityset`: 204 with `OData-EntityId` (and `Location`), or 201 with the row for `return=representation`.
    func create(_ entity: DataverseEntity, state: inout TwinState) -> TwinResponse {
        if let denied = authorize(.write, "Create", entity) { return denied }
        let changes: DataverseChanges
        do { changes = try DataverseChanges(body: request.jsonBody, entity: entity) } catch { return error }
        let id = changes.columns[entity.primaryId]?.stringValue ?? TwinIDs.guid()
        return insert(entity, id: id, changes: changes, state: &state)
    }

    /// Creates a row with `id` (from `POST`, or from a `PATCH` upsert of a missing row).
    func insert(_ entity: DataverseEntity, id: String, changes: DataverseChanges, state: inout TwinState) -> TwinResponse {
        guard state.orgs[orgName]![entity.entitySet][id] == nil else { return DataverseError.duplicateRecord() }
        var record: [String: JSON] = [entity.primaryId: .string(id)]
        if let problem = apply(changes, to: &record, entity: entity, org: state.orgs[orgName]!) { return problem }
        let prepared: Result<[String: JSON], TwinResponse>
        switch entity.entitySet {
        case "systemusers": prepared = prepareNewSystemUser(record, changes: changes, state: &state)
        case "teams": prepared = prepareNewTeam(record, org: state.orgs[orgName]!)
        case "businessunits": prepared = prepareNewBusinessUnit(record)
        default:
            return DataverseError.invalidArgument(
                "The twin does not support creating \(entity.logicalName) rows through the Web API.")
        }
        var row: [String: JSON]
        switch prepared {
        case .success(let value): row = value
        case .failure(let response): return response
        }
        row["createdon"] = .string(TwinTime.iso8601(now))
        row["_createdby_value"] = .string(principal.userId)
        state.orgs[orgName]!.save(row, in: entity, now: now, by: principal.userId)
        return written(entity, id: id, status: preferences.returnRepresentation ? 201 : 204, state: state)
    }

    /// `PATCH entityset(id)`: update, or upsert when the row is missing and no `If-Match` forbids it.
    func update(_ entity: DataverseEntity, id: String, state: inout TwinState) -> TwinResponse {
        if let denied = authorize(.write, "Write", entity) { return denied }
        let existing = state.orgs[orgName]![entity.entitySet][id]
        if let problem = checkConditions(entity, id: id, existing: existing) { return problem }
        let changes: DataverseChanges
        do { changes = try DataverseChanges(body: request.jsonBody, entity: entity) } catch { return error }
        guard var record = existing else {
            if let denied = authorize(.write, "Create", entity) { return denied }
            return insert(entity, id: id, changes: changes, state: &state)
        }
        let before = record
        if let problem = apply(changes, to: &record, entity: entity, org: state.orgs[orgName]!) { return problem }
        switch entity.entitySet {
        case "systemusers":
            if let problem = updateSystemUser(&record, before: before, changes: changes, state: &state) { return problem }
        case "workflows":
            if let problem = updateWorkflow(&record, before: before, changes: changes, state: &state) { return problem }
        default:
            break
        }
        state.orgs[orgName]!.save(record, in: entity, now: now, by: principal.userId)
        return written(entity, id: id, status: preferences.returnRepresentation ? 200 : 204, state: state)
    }

    /// `If-Match: *` (update only), `If-Match: W/"n"` (optimistic concurrency), `If-None-Match: *` (create only).
    private func checkConditions(_ entity: DataverseEntity, id: String, existing: [String: JSON]?) -> TwinResponse? {
        if let condition = request.header("if-none-match"), condition != "null", condition == "*", existing != nil {
            return DataverseError.response(412, code: "", message: "A record with matching key values already exists.")
        }
        guard let condition = request.header("if-match") else { return nil }
        guard let existing else {
            return DataverseError.response(404, code: "", message: "\(entity.logicalName) With Id = \(id) Does Not Exist")
        }
        if condition == "*" { return nil }
        let current = DataverseOrg.etag(of: existing)
        let accepted = condition.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return accepted.contains(current) ? nil : DataverseError.versionMismatch()
    }

    /// Copies column values and bound lookups into a record; bound rows must exist.
    func apply(
        _ changes: DataverseChanges, to record: inout [String: JSON], entity: DataverseEntity, org: DataverseOrg
    ) -> TwinResponse? {
        for (name, value) in changes.columns where name != entity.primaryId { record[name] = value }
        for (navigation, reference) in changes.binds {
            let column = DataverseEntity.lookupValueName(navigation)
            guard let reference else {
                record[column] = .null
                continue
            }
            guard org[reference.entitySet][reference.id] != nil else {
                let logical = DataverseEntity.catalog[reference.entitySet]?.logicalName ?? reference.entitySet
                return DataverseError.notFound(entity: logical, id: reference.id)
            }
            record[column] = .string(reference.id)
        }
        return nil
    }

    /// The answer to a successful write: the row (201/200 with `return=representation`) or 204.
    private func written(_ entity: DataverseEntity, id: String, status: Int, state: TwinState) -> TwinResponse {
        let org = self.org(state)
        let record = org[entity.entitySet][id] ?? [:]
        var headers: [(name: String, value: String)] = [("OData-EntityId", rowURL(entity, id))]
        if request.method == "POST" || status == 201 { headers.append(("Location", rowURL(entity, id))) }
        guard status != 204 else { return .empty(204, headers: headers + [("OData-Version", "4.0")]) }
        let query: DataverseQuery
        do { query = try DataverseQuery.parse(request.queryItems, entity: entity) } catch { return error }
        var body = render(record, entity: entity, query: query, org: org)
        body["@odata.context"] = .string(contextURL(entity, query: query, entity: true))
        headers.append(("ETag", DataverseOrg.etag(of: record)))
        return ok(.object(body), status: status, headers: headers + preferenceApplied(["return=representation"]))
    }

    /// `DELETE entityset(id)`: teams are removed; users are soft-deleted once disabled, then purged.
    func delete(_ entity: DataverseEntity, id: String, state: inout TwinState) -> TwinResponse {
        if let denied = authorize(.write, "Delete", entity) { return denied }
        guard let record = state.orgs[orgName]![entity.entitySet][id] else {
            return DataverseError.notFound(entity: entity.logicalName, id: id)
        }
        switch entity.entitySet {
        case "systemusers":
            guard record["isdisabled"]?.boolValue == true else {
                return DataverseError.invalidArgument(
                    "The user with Id = \(id) is enabled. Only disabled users can be deleted; set isdisabled to true first.")
            }
            if (record["deletedstate"]?.intValue ?? 0) == 0 {
                var deleted = record
                deleted["deletedstate"] = 1
                state.orgs[orgName]!.save(deleted, in: entity, now: now, by: principal.userId)
                return .empty(204, headers: [("OData-Version", "4.0")])
            }
        case "teams":
            guard record["isdefault"]?.boolValue != true else {
                return DataverseError.invalidArgument("The default team of a business unit cannot be deleted.")
            }
        default:
            return DataverseError.invalidArgument("The twin does not support deleting \(entity.logicalName) rows.")
        }
        state.orgs[orgName]![entity.entitySet][id] = nil
        for (name, pairs) in state.orgs[orgName]!.associations {
            state.orgs[orgName]!.associations[name] = pairs.filter { $0.left != id && $0.right != id }
        }
        state.orgs[orgName]!.appUserReadyAt[id] = nil
        return .empty(204, headers: [("OData-Version", "4.0")])
    }

    /// `DELETE entityset(id)/column`: clears a writable column (the icon: `systemusers(id)/entityimage`).
    func clearProperty(_ entity: DataverseEntity, id: String, column: String, state: inout TwinState) -> TwinResponse {
        if let denied = authorize(.write, "Write", entity) { return denied }
        guard var record = state.orgs[orgName]![entity.entitySet][id] else {
            return DataverseError.notFound(entity: entity.logicalName, id: id)
        }
        guard entity.columns[column]?.writability == .writable else {
            return DataverseError.odata("The property '\(column)' cannot be deleted.")
        }
        record[column] = .null
        if column == "entityimage" { DataverseImage.clear(&record) }
        state.orgs[orgName]!.save(record, in: entity, now: now, by: principal.userId)
        return .empty(204, headers: [("OData-Version", "4.0")])
    }
}

import Foundation

/// N:N associations through `$ref`: security roles of users and teams, team membership.
extension DataverseCall {
    /// The privilege an association needs: assigning a role, or writing the team whose members change.
    private func privilege(for relationship: DataverseEntity.ManyToMany) -> (String, DataverseEntity) {
        relationship.name.hasSuffix("roles_association") ? ("prvAssignRole", .role) : ("prvWriteTeam", .team)
    }

    /// Default business unit teams take their members from the unit; their membership cannot be edited.
    private func defaultTeamRefusal(
        _ entity: DataverseEntity, id: String, relationship: DataverseEntity.ManyToMany, targetId: String, org: DataverseOrg
    ) -> TwinResponse? {
        guard relationship.name == "teammembership_association" else { return nil }
        let teamId = entity.entitySet == "teams" ? id : targetId
        guard org["teams"][teamId]?["isdefault"]?.boolValue == true else { return nil }
        return DataverseError.invalidArgument(
            "The members of the default team \(teamId) of a business unit cannot be changed: they are the unit's users.")
    }

    /// `POST row/nav/$ref` with `{"@odata.id": ".../roles(<id>)"}`: 204; an existing pair is `0x80040237`.
    func associate(_ entity: DataverseEntity, id: String, navigation: String, state: inout TwinState) -> TwinResponse {
        guard let relationship = entity.manyToMany[navigation] else { return DataverseError.unknownSegment(navigation) }
        let (privilege, privilegeEntity) = privilege(for: relationship)
        if !principal.isSystemAdministrator {
            return DataverseError.missingPrivilege(privilege, entity: privilegeEntity, principal: principal)
        }
        guard let link = request.jsonBody?["@odata.id"]?.stringValue else {
            return DataverseError.odata("The request body must contain an @odata.id naming the row to associate.")
        }
        guard let target = DataverseChanges.reference(link), target.entitySet == relationship.targetEntitySet else {
            return DataverseError.odata("The URI '\(link)' in the payload is not a row of '\(relationship.targetEntitySet)'.")
        }
        let org = state.orgs[orgName]!
        guard org[entity.entitySet][id] != nil else { return DataverseError.notFound(entity: entity.logicalName, id: id) }
        guard org[target.entitySet][target.id] != nil else {
            return DataverseError.notFound(entity: DataverseEntity.catalog[target.entitySet]?.logicalName ?? target.entitySet, id: target.id)
        }
        if let refusal = defaultTeamRefusal(entity, id: id, relationship: relationship, targetId: target.id, org: org) {
            return refusal
        }
        let pair = DataverseOrg.pair(id, target.id, relationship: relationship)
        var pairs = org.associations[relationship.name] ?? []
        guard !pairs.contains(pair) else {
            return DataverseError.response(412, code: "0x80040237", message: "Cannot insert duplicate key.")
        }
        pairs.append(pair)
        state.orgs[orgName]!.associations[relationship.name] = pairs
        return .empty(204, headers: [("OData-Version", "4.0")])
    }

    /// `DELETE row/nav(<id>)/$ref` or `DELETE row/nav/$ref?$id=<url>`: 204; a missing pair is 404.
    func disassociate(
        _ entity: DataverseEntity, id: String, navigation: String, targetKey: String?, state: inout TwinState
    ) -> TwinResponse {
        guard let relationship = entity.manyToMany[navigation] else { return DataverseError.unknownSegment(navigation) }
        let (privilege, privilegeEntity) = privilege(for: relationship)
        if !principal.isSystemAdministrator {
            return DataverseError.missingPrivilege(privilege, entity: privilegeEntity, principal: principal)
        }
        let targetId: String
        if let targetKey {
            guard DataverseIDs.isGUID(targetKey) else { return DataverseError.odata("Bad Request - Error in query syntax.") }
            targetId = DataverseIDs.canonical(targetKey)
        } else if let link = request.queryValue("$id"), let reference = DataverseChanges.reference(link),
            reference.entitySet == relationship.targetEntitySet
        {
            targetId = reference.id
        } else {
            return DataverseError.odata("The $id query option must name a row of '\(relationship.targetEntitySet)'.")
        }
        if let refusal = defaultTeamRefusal(
            entity, id: id, relationship: relationship, targetId: targetId, org: state.orgs[orgName]!)
        {
            return refusal
        }
        let pair = DataverseOrg.pair(id, targetId, relationship: relationship)
        let pairs = state.orgs[orgName]!.associations[relationship.name] ?? []
        guard pairs.contains(pair) else {
            let target = DataverseEntity.catalog[relationship.targetEntitySet]?.logicalName ?? relationship.targetEntitySet
            return DataverseError.response(
                404, code: "0x80040217",
                message: "The \(relationship.name) association between \(entity.logicalName) With Id = \(id) and "
                    + "\(target) With Id = \(targetId) Does Not Exist")
        }
        state.orgs[orgName]!.associations[relationship.name] = pairs.filter { $0 != pair }
        return .empty(204, headers: [("OData-Version", "4.0")])
    }

    /// `GET row/nav/$ref`: the associated rows as `@odata.id` links.
    func references(_ entity: DataverseEntity, id: String, navigation: String, state: TwinState) -> TwinResponse {
        guard let relationship = entity.manyToMany[navigation],
            let target = DataverseEntity.catalog[relationship.targetEntitySet]
        else { return DataverseError.unknownSegment(navigation) }
        if let denied = authorize(.read, "Read", target) { return denied }
        let org = self.org(state)
        guard org[entity.entitySet][id] != nil else { return DataverseError.notFound(entity: entity.logicalName, id: id) }
        let links = org.relatedIds(of: id, through: relationship).map { ["@odata.id": .string(rowURL(target, $0))] as JSON }
        return ok(["@odata.context": .string("\(apiBase)/$metadata#Collection($ref)"), "value": .array(links)])
    }
}

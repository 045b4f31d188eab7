import Foundation

/// Process (workflow) rules: state and status pairs, published definitions are read-only apart from deactivation,
/// activation rows (type 2) follow the definition's state, and assigning moves the owning user or team.
extension DataverseCall {
    /// The (statecode, statuscode) pairs of classic processes: Draft 0/1, Activated 1/2.
    private static let classicPairs: [Int: Int] = [0: 1, 1: 2]
    /// Cloud and desktop flows (categories 5, 6) may also be Suspended 2/3.
    private static let flowPairs: [Int: Int] = [0: 1, 1: 2, 2: 3]

    private static func stateName(_ state: Int) -> String {
        switch state {
        case 0: "WorkflowState.Draft"
        case 1: "WorkflowState.Activated"
        case 2: "WorkflowState.Suspended"
        default: "WorkflowState.\(state)"
        }
    }

    /// Applies a PATCH to a process definition; `nil` when allowed, else the error Dataverse sends.
    func updateWorkflow(
        _ workflow: inout [String: JSON], before: [String: JSON], changes: DataverseChanges, state: inout TwinState
    ) -> TwinResponse? {
        let id = workflow["workflowid"]?.stringValue ?? ""
        let stateColumns: Set<String> = ["statecode", "statuscode"]
        let changesState = !changes.mentioned.isDisjoint(with: stateColumns)
        let otherColumns = changes.mentioned.subtracting(stateColumns)
        let wasActivated = before["statecode"]?.intValue == 1
        if before["type"]?.intValue == 2 {
            return DataverseError.response(
                400, code: "0x80045002",
                message: "Cannot update a published workflow definition. Workflow \(id) is an activation record; "
                    + "update its definition \(before["_parentworkflowid_value"]?.stringValue ?? "") instead.")
        }
        if wasActivated && !otherColumns.isEmpty {
            return DataverseError.response(400, code: "0x80045002", message: "Cannot update a published workflow definition.")
        }
        if changes.binds.keys.contains("ownerid"), let problem = assignOwner(&workflow, org: state.orgs[orgName]!) {
            return problem
        }
        guard changesState else { return nil }

        let pairs = [5, 6].contains(before["category"]?.intValue ?? 0) ? Self.flowPairs : Self.classicPairs
        let oldState = before["statecode"]?.intValue ?? 0
        let requestedStatus = changes.columns["statuscode"]?.intValue
        let newState: Int
        if let requested = changes.columns["statecode"]?.intValue {
            newState = requested
        } else if let requestedStatus, let inferred = pairs.first(where: { $0.value == requestedStatus })?.key {
            newState = inferred
        } else {
            newState = oldState
        }
        guard let defaultStatus = pairs[newState] else {
            return DataverseError.response(
                400, code: "0x80048408", message: "\(newState) is not a valid state code on workflow with Id \(id).")
        }
        let newStatus = requestedStatus ?? defaultStatus
        guard newStatus == defaultStatus else {
            return DataverseError.response(
                400, code: "0x80048408",
                message: "\(newStatus) is not a valid status code for state code \(Self.stateName(newState)) on workflow with Id \(id).")
        }
        workflow["statecode"] = .int(newState)
        workflow["statuscode"] = .int(newStatus)
        if newState == 1 && oldState != 1 {
            workflow["_activeworkflowid_value"] = .string(activate(workflow, state: &state))
        } else if newState != 1 && oldState == 1 {
            removeActivations(of: id, state: &state)
            workflow["_activeworkflowid_value"] = .null
        }
        return nil
    }

    /// Moves the owning user or team and business unit to the bound owner.
    private func assignOwner(_ workflow: inout [String: JSON], org: DataverseOrg) -> TwinResponse? {
        guard let ownerId = workflow["_ownerid_value"]?.stringValue else {
            return DataverseError.invalidArgument("A process must have an owner.")
        }
        if let user = org["systemusers"][ownerId] {
            guard DataversePrincipal.isActive(user) else {
                return DataverseError.invalidArgument("The user with Id = \(ownerId) is disabled and cannot own records.")
            }
            workflow["_owninguser_value"] = .string(ownerId)
            workflow["_owningteam_value"] = .null
            workflow["_owningbusinessunit_value"] = user["_businessunitid_value"] ?? .null
        } else if let team = org["teams"][ownerId] {
            workflow["_owninguser_value"] = .null
            workflow["_owningteam_value"] = .string(ownerId)
            workflow["_owningbusinessunit_value"] = team["_businessunitid_value"] ?? .null
        }
        return nil
    }

    /// Creates the activation row (type 2) of an activated definition and returns its id.
    private func activate(_ definition: [String: JSON], state: inout TwinState) -> String {
        let definitionId = definition["workflowid"]?.stringValue ?? ""
        removeActivations(of: definitionId, state: &state)
        let activationId = TwinIDs.guid()
        var activation = definition
        activation["workflowid"] = .string(activationId)
        activation["type"] = 2
        activation["statecode"] = 1
        activation["statuscode"] = 2
        activation["_activeworkflowid_value"] = .null
        activation["_parentworkflowid_value"] = .string(definitionId)
        activation["createdon"] = .string(TwinTime.iso8601(now))
        activation["_createdby_value"] = .string(principal.userId)
        state.orgs[orgName]!.save(activation, in: .workflow, now: now, by: principal.userId)
        return activationId
    }

    /// Deletes the activation rows of a definition (deactivation).
    private func removeActivations(of definitionId: String, state: inout TwinState) {
        let activations = state.orgs[orgName]!["workflows"].all.filter {
            $0["type"]?.intValue == 2
                && $0["_parentworkflowid_value"]?.stringValue?.caseInsensitiveCompare(definitionId) == .orderedSame
        }
        for activation in activations {
            if let activationId = activation["workflowid"]?.stringValue { state.orgs[orgName]!["workflows"][activationId] = nil }
        }
    }
}

import Foundation

/// The Dataverse user a request acts as, with its security roles.
///
/// An app-only token maps to the application user whose `applicationid` is the token's `appid`; a delegated token
/// to the user whose `azureactivedirectoryobjectid` is the token's `oid`. Roles come from the user's own role
/// associations and from the owner teams the user belongs to.
struct DataversePrincipal: Sendable {
    /// The System Administrator role template, the same in every org.
    static let systemAdministratorTemplate = "627090ff-40a3-4053-8790-584edc5be201"

    let userId: String
    let businessUnitId: String
    let roleIds: [String]
    /// True when one of the roles is a copy of System Administrator: every privilege.
    let isSystemAdministrator: Bool
    /// The privilege count Dataverse prints in privilege errors.
    let privilegeCount: Int
    /// The user's Entra object id (`azureactivedirectoryobjectid`).
    let objectId: String?

    /// What a request may do.
    enum Right {
        case whoAmI
        case read
        case write
    }

    /// The principal for a validated token, or the response Dataverse gives a caller who is not a usable member.
    ///
    /// Honours impersonation (`CallerObjectId`, `MSCRMCallerID`) for callers that hold System Administrator.
    static func resolve(
        caller: Caller, request: TwinRequest, org: DataverseOrg, now: Date
    ) -> Result<DataversePrincipal, TwinResponse> {
        let users = org["systemusers"].all
        let record: [String: JSON]?
        switch caller.kind {
        case .application:
            record = users.first { matches($0["applicationid"], caller.appId) && isActive($0) }
        case .user:
            record = users.first { matches($0["azureactivedirectoryobjectid"], caller.objectId) && isActive($0) }
        }
        guard let record, let principal = make(record, org: org) else { return .failure(DataverseError.notMember()) }
        if let readyAt = org.appUserReadyAt[principal.userId.lowercased()], readyAt > now {
            return .failure(DataverseError.notMember())
        }
        return principal.impersonating(request: request, org: org)
    }

    /// The effective principal when the request asks to act on behalf of another user.
    private func impersonating(request: TwinRequest, org: DataverseOrg) -> Result<DataversePrincipal, TwinResponse> {
        let byObjectId = request.header("callerobjectid")
        let bySystemUserId = request.header("mscrmcallerid")
        guard byObjectId != nil || bySystemUserId != nil else { return .success(self) }
        guard isSystemAdministrator else {
            return .failure(DataverseError.missingPrivilege("prvActOnBehalfOfAnotherUser", entity: nil, principal: self))
        }
        let wanted = (bySystemUserId ?? byObjectId ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "{} "))
        let column = bySystemUserId != nil ? "systemuserid" : "azureactivedirectoryobjectid"
        guard let target = org["systemusers"].all.first(where: { Self.matches($0[column], wanted) }),
            Self.isActive(target), let principal = Self.make(target, org: org)
        else {
            return .failure(DataverseError.notFound(entity: "systemuser", id: wanted))
        }
        return .success(principal)
    }

    private static func make(_ record: [String: JSON], org: DataverseOrg) -> DataversePrincipal? {
        guard let id = record["systemuserid"]?.stringValue?.lowercased() else { return nil }
        var roleIds = (org.associations["systemuserroles_association"] ?? []).filter { $0.left == id }.map(\.right)
        let teams = (org.associations["teammembership_association"] ?? []).filter { $0.left == id }.map(\.right)
        for pair in org.associations["teamroles_association"] ?? [] where teams.contains(pair.left) {
            if !roleIds.contains(pair.right) { roleIds.append(pair.right) }
        }
        let roles = org["roles"]
        let isAdmin = roleIds.contains { roleId in
            roles[roleId]?["_roletemplateid_value"]?.stringValue?.lowercased() == systemAdministratorTemplate
        }
        let count =
            isAdmin
            ? 1052 : roleIds.reduce(0) { total, roleId in total + privilegeCount(ofRoleNamed: roles[roleId]?["name"]?.stringValue) }
        return DataversePrincipal(
            userId: id, businessUnitId: record["_businessunitid_value"]?.stringValue?.lowercased() ?? "",
            roleIds: roleIds, isSystemAdministrator: isAdmin, privilegeCount: count,
            objectId: record["azureactivedirectoryobjectid"]?.stringValue)
    }

    /// Plausible privilege counts for the seeded roles (the real numbers vary by org version).
    private static func privilegeCount(ofRoleNamed name: String?) -> Int {
        switch name {
        case "Basic User": 494
        case "System Customizer": 610
        case "Environment Maker": 183
        default: 120
        }
    }

    /// An enabled, not soft-deleted user.
    static func isActive(_ record: [String: JSON]) -> Bool {
        record["isdisabled"]?.boolValue != true && (record["deletedstate"]?.intValue ?? 0) == 0
    }

    private static func matches(_ value: JSON?, _ wanted: String) -> Bool {
        guard let text = value?.stringValue else { return false }
        return text.caseInsensitiveCompare(wanted) == .orderedSame
    }

    /// Checks a right; `nil` when granted, else the 403 Dataverse sends.
    ///
    /// No role: only WhoAmI. Any role: reads. System Administrator: everything.
    func check(_ right: Right, privilege: String, entity: DataverseEntity?) -> TwinResponse? {
        switch right {
        case .whoAmI: return nil
        case .read where !roleIds.isEmpty: return nil
        case .write where isSystemAdministrator: return nil
        default: return DataverseError.missingPrivilege(privilege, entity: entity, principal: self)
        }
    }
}

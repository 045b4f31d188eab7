import Foundation

extension DataverseCall {
    /// Completes a new `systemuser`: an application user (`applicationid`, resolved to the app's service principal in
    /// the tenant, one per app per org) or a user synchronized from a directory user (`azureactivedirectoryobjectid`).
    /// The user joins its business unit's default team.
    func prepareNewSystemUser(
        _ record: [String: JSON], changes: DataverseChanges, state: inout TwinState
    ) -> Result<[String: JSON], TwinResponse> {
        var user = record
        let id = user["systemuserid"]?.stringValue ?? ""
        let org = state.orgs[orgName]!
        guard user["_businessunitid_value"]?.stringValue != nil else {
            return .failure(
                DataverseError.invalidArgument(
                    "A business unit is required to create a systemuser: bind businessunitid@odata.bind to /businessunits(<id>)."))
        }
        if let appId = user["applicationid"]?.stringValue {
            guard let principal = state.servicePrincipal(appId: appId), principal.visibleAt <= now else {
                return .failure(
                    DataverseError.response(
                        400, code: "0x80072559",
                        message: "Error from Microsoft Entra ID: no application with application id \(appId) and a service "
                            + "principal exists in tenant \(state.tenant.id). Register the application and create its service "
                            + "principal before adding it as an application user."))
            }
            let taken = org["systemusers"].all.contains {
                $0["applicationid"]?.stringValue?.caseInsensitiveCompare(appId) == .orderedSame
            }
            guard !taken else { return .failure(DataverseError.duplicateRecord()) }
            user["azureactivedirectoryobjectid"] = .string(principal.id.lowercased())
            if user["firstname"] == nil && user["lastname"] == nil {
                user["firstname"] = "#"
                user["lastname"] = .string(principal.displayName)
            }
            let defaultName = "\(appId)@\(state.tenant.defaultDomain)"
            user["domainname"] = user["domainname"].flatMap { $0.isNull ? nil : $0 } ?? .string(defaultName)
            user["internalemailaddress"] = user["internalemailaddress"].flatMap { $0.isNull ? nil : $0 } ?? user["domainname"]
            user["accessmode"] = user["accessmode"] ?? 4
            user["islicensed"] = false
            user["applicationiduri"] = .null
            let ready = now.addingTimeInterval(twin.faults.lag(.appUser).seconds)
            state.orgs[orgName]!.appUserReadyAt[id.lowercased()] = ready
        } else {
            guard let objectId = user["azureactivedirectoryobjectid"]?.stringValue, let directoryUser = state.users[objectId]
            else {
                return .failure(
                    DataverseError.invalidArgument(
                        "A systemuser needs an applicationid (application user) or the azureactivedirectoryobjectid of a user "
                            + "in tenant \(state.tenant.id)."))
            }
            let taken = org["systemusers"].all.contains {
                $0["azureactivedirectoryobjectid"]?.stringValue?.caseInsensitiveCompare(objectId) == .orderedSame
            }
            guard !taken else { return .failure(DataverseError.duplicateRecord()) }
            user["firstname"] = user["firstname"] ?? .string(orNull: directoryUser.givenName)
            user["lastname"] = user["lastname"] ?? .string(orNull: directoryUser.surname)
            user["domainname"] = user["domainname"] ?? .string(directoryUser.userPrincipalName)
            user["internalemailaddress"] = user["internalemailaddress"] ?? .string(orNull: directoryUser.mail)
            user["accessmode"] = user["accessmode"] ?? 0
            user["islicensed"] = true
            user["applicationid"] = .null
        }
        user["isdisabled"] = user["isdisabled"] ?? false
        user["deletedstate"] = 0
        user["fullname"] = .string(Self.fullName(user))
        if let image = changes.columns["entityimage"],
            let problem = DataverseImage.set(image, on: &user, entity: .systemUser, id: id, now: now)
        {
            return .failure(problem)
        }
        moveToDefaultTeam(id, from: nil, to: user["_businessunitid_value"]?.stringValue, state: &state)
        return .success(user)
    }

    /// Keeps a user in the default team of its business unit, as Dataverse does.
    private func moveToDefaultTeam(_ userId: String, from oldUnit: String?, to newUnit: String?, state: inout TwinState) {
        let org = state.orgs[orgName]!
        func defaultTeam(of unit: String?) -> String? {
            guard let unit else { return nil }
            return org["teams"].all.first {
                $0["isdefault"]?.boolValue == true
                    && $0["_businessunitid_value"]?.stringValue?.caseInsensitiveCompare(unit) == .orderedSame
            }?["teamid"]?.stringValue
        }
        var pairs = org.associations["teammembership_association"] ?? []
        if let old = defaultTeam(of: oldUnit) { pairs.removeAll { $0 == RecordPair(userId, old) } }
        if let new = defaultTeam(of: newUnit), !pairs.contains(RecordPair(userId, new)) { pairs.append(RecordPair(userId, new)) }
        state.orgs[orgName]!.associations["teammembership_association"] = pairs
    }

    /// Rules of a `systemuser` update: the application id is fixed, the icon is checked, a new business unit drops
    /// the user's roles (they belong to the old one) and moves it to that unit's default team, `fullname` follows
    /// the names.
    func updateSystemUser(
        _ user: inout [String: JSON], before: [String: JSON], changes: DataverseChanges, state: inout TwinState
    ) -> TwinResponse? {
        if let appId = changes.columns["applicationid"],
            appId.stringValue?.lowercased() != before["applicationid"]?.stringValue?.lowercased()
        {
            return DataverseError.invalidArgument("The applicationid of an existing user cannot be changed.")
        }
        let id = user["systemuserid"]?.stringValue ?? ""
        if let image = changes.columns["entityimage"],
            let problem = DataverseImage.set(image, on: &user, entity: .systemUser, id: id, now: now)
        {
            return problem
        }
        if user["_businessunitid_value"] != before["_businessunitid_value"] {
            let pairs = state.orgs[orgName]!.associations["systemuserroles_association"] ?? []
            state.orgs[orgName]!.associations["systemuserroles_association"] = pairs.filter { $0.left != id.lowercased() }
            moveToDefaultTeam(
                id, from: before["_businessunitid_value"]?.stringValue, to: user["_businessunitid_value"]?.stringValue,
                state: &state)
        }
        user["fullname"] = .string(Self.fullName(user))
        return nil
    }

    /// `fullname` as the default "First Name Last Name" format computes it.
    static func fullName(_ user: [String: JSON]) -> String {
        [user["firstname"]?.stringValue, user["lastname"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// Completes a new team: a name is required; owner team in the caller's business unit unless bound elsewhere.
    func prepareNewTeam(_ record: [String: JSON], org: DataverseOrg) -> Result<[String: JSON], TwinResponse> {
        var team = record
        guard let name = team["name"]?.stringValue, !name.isEmpty else {
            return .failure(DataverseError.invalidArgument("A team name is required."))
        }
        let teamType = team["teamtype"]?.intValue ?? 0
        guard (0...3).contains(teamType) else {
            return .failure(DataverseError.invalidArgument("\(teamType) is not a valid value for teamtype."))
        }
        team["teamtype"] = .int(teamType)
        if team["_businessunitid_value"] == nil { team["_businessunitid_value"] = .string(principal.businessUnitId) }
        if team["_administratorid_value"] == nil { team["_administratorid_value"] = .string(principal.userId) }
        team["isdefault"] = false
        team["systemmanaged"] = false
        team["membershiptype"] = team["membershiptype"] ?? 0
        return .success(team)
    }

    /// Completes a new business unit: it needs a name and a parent (there is one root per org).
    func prepareNewBusinessUnit(_ record: [String: JSON]) -> Result<[String: JSON], TwinResponse> {
        var unit = record
        guard unit["name"]?.stringValue?.isEmpty == false else {
            return .failure(DataverseError.invalidArgument("A business unit name is required."))
        }
        guard unit["_parentbusinessunitid_value"]?.stringValue != nil else {
            return .failure(
                DataverseError.invalidArgument("A new business unit needs a parent: bind parentbusinessunitid@odata.bind."))
        }
        unit["isdisabled"] = false
        return .success(unit)
    }
}

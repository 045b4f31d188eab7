import Foundation
import MicrosoftCloud

/// What the Adobe runbook leaves in a tenant once it has converged for one environment, checked against the twin's
/// `GET /state` and the workspace's secret store. Problems are returned as sentences (empty when converged) so a
/// test that loops (over seeds, over crash points) can say which iteration broke and how.
struct ConvergedState {
    static let systemAdministratorTemplate = "627090ff-40a3-4053-8790-584edc5be201"
    static let processes = ["Adobe Campaign Email Bounce", "Adobe Campaign Email Click"]
    static let contosoTeam = "Adobe Campaign Integrations"

    var env: String
    var customer = "contoso"

    var marker: String { "stepwise:adobe-campaign-d365:\(customer):\(env)" }
    var secretName: String { "adobe-campaign-d365/\(customer)/\(env)/client-secret" }

    /// Exactly one app (by marker), one service principal, one usable secret of ours whose keyId is the stored one
    /// (no other secret on the app), one enabled app user with System Administrator, Contoso's team membership, both
    /// processes active and owned by the app user, the solution installed once.
    func problems(state: JSONValue, workspace: Workspace) -> [String] {
        var problems: [String] = []
        let apps = (state["applications"]?.arrayValue ?? []).filter {
            $0["tags"]?.arrayValue?.contains(.string(marker)) == true
                || $0["displayName"]?.stringValue == "adobe campaign \(env)"
        }
        guard apps.count == 1, let app = apps.first, let appId = app["appId"]?.stringValue else {
            return ["expected one application marked \(marker), found \(apps.count)"]
        }
        if app["tags"]?.arrayValue?.contains(.string(marker)) != true { problems.append("the application lacks the marker") }
        if app["signInAudience"]?.stringValue != "AzureADMyOrg" { problems.append("the application is not single tenant") }
        let principals = (state["service_principals"]?.arrayValue ?? []).filter { $0["appId"]?.stringValue == appId }
        if principals.count != 1 { problems.append("expected one service principal, found \(principals.count)") }
        problems += secretProblems(app: app, workspace: workspace)

        let org = state["orgs"]?[env]
        let users = (org?["tables"]?["systemusers"]?.arrayValue ?? []).filter { $0["applicationid"]?.stringValue == appId }
        guard users.count == 1, let user = users.first, let userId = user["systemuserid"]?.stringValue else {
            return problems + ["expected one application user, found \(users.count)"]
        }
        if user["isdisabled"]?.boolValue == true { problems.append("the application user is disabled") }
        if user["entityimage"] == nil || user["entityimage"] == .null { problems.append("the application user has no icon") }
        let adminRoles = (org?["tables"]?["roles"]?.arrayValue ?? [])
            .filter { $0["_roletemplateid_value"]?.stringValue == Self.systemAdministratorTemplate }
            .compactMap { $0["roleid"]?.stringValue }
        let userRoles = pairs(org, "systemuserroles_association", left: userId)
        if userRoles.count != 1 || !userRoles.allSatisfy(adminRoles.contains) {
            problems.append("expected the app user to hold System Administrator once, it holds \(userRoles)")
        }
        if customer == "contoso" {
            let teams = (org?["tables"]?["teams"]?.arrayValue ?? []).filter { $0["name"]?.stringValue == Self.contosoTeam }
            if teams.count != 1 {
                problems.append("expected one team '\(Self.contosoTeam)', found \(teams.count)")
            } else if let teamId = teams[0]["teamid"]?.stringValue,
                !pairs(org, "teammembership_association", left: userId).contains(teamId) {
                problems.append("the app user is not a member of '\(Self.contosoTeam)'")
            }
        }
        let workflows = (org?["tables"]?["workflows"]?.arrayValue ?? []).filter { $0["type"]?.intValue == 1 }
        for name in Self.processes {
            let matching = workflows.filter { $0["name"]?.stringValue == name }
            if matching.count != 1 {
                problems.append("expected one process '\(name)', found \(matching.count)")
            } else if matching[0]["statecode"]?.intValue != 1 || matching[0]["_ownerid_value"]?.stringValue != userId {
                problems.append("process '\(name)' is not active and owned by the app user")
            }
        }
        let solutions = (org?["tables"]?["solutions"]?.arrayValue ?? [])
            .filter { $0["uniquename"]?.stringValue == "AdobeCampaignStandard" }
        if solutions.count != 1 { problems.append("expected the Adobe solution installed once, found \(solutions.count)") }
        return problems
    }

    /// One secret on the app, ours, usable, and the one whose value the store holds.
    private func secretProblems(app: JSONValue, workspace: Workspace) -> [String] {
        let secrets = app["passwordCredentials"]?.arrayValue ?? []
        guard secrets.count == 1, let secret = secrets.first else {
            let names = secrets.map { "\($0["displayName"]?.stringValue ?? "?") (key \($0["keyId"]?.stringValue ?? "?"))" }
            return ["expected exactly one client secret on the application, found \(secrets.count): \(names)"]
        }
        var problems: [String] = []
        if secret["displayName"]?.stringValue != marker { problems.append("the client secret is not marked as ours") }
        if secret["usable"]?.boolValue != true { problems.append("the client secret is not usable") }
        guard let stored = storedSecret(workspace) else { return problems + ["the secret store holds no \(secretName)"] }
        if stored["reference"]?["key_id"] != secret["keyId"] {
            problems.append("the stored secret's key \(stored["reference"]?["key_id"]?.stringValue ?? "?") is not the "
                + "application's \(secret["keyId"]?.stringValue ?? "?")")
        }
        if (stored["value"]?.stringValue ?? "").count < 30 { problems.append("the stored secret has no value") }
        return problems
    }

    /// The secret store's entry for this environment's client secret.
    func storedSecret(_ workspace: Workspace) -> JSONValue? {
        let folder = workspace.path(".stepwise/secrets")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in files where file.hasSuffix(".json") {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
                let entry = try? JSONValue.parse(data)
            else { continue }
            if entry["reference"]?["name"]?.stringValue == secretName { return entry }
        }
        return nil
    }

    /// The right-hand ids associated with `left` in an org's many-to-many relationship.
    private func pairs(_ org: JSONValue?, _ relationship: String, left: String) -> [String] {
        (org?["associations"]?[relationship]?.arrayValue ?? [])
            .filter { $0[0]?.stringValue == left }.compactMap { $0[1]?.stringValue }
    }
}

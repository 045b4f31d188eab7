import Crypto
import Foundation

/// Builds the initial `TwinState` from a merged scenario document.
enum ScenarioState {
    static func build(from document: JSON, now: Date) throws -> TwinState {
        let root = ScenarioReader(document, path: "scenario")
        let seeded = now.addingTimeInterval(-3600)
        var state = TwinState(tenant: try tenant(try root.object("tenant")))

        let users = try root.object("users")
        for id in users.keys {
            let user = try users.object(id)
            state.users[id] = DirectoryUser(
                id: id, userPrincipalName: try user.string("userPrincipalName"), displayName: try user.string("displayName"),
                givenName: try user.optionalString("givenName"), surname: try user.optionalString("surname"),
                mail: try user.optionalString("mail"))
        }

        let applications = try root.object("applications")
        for id in applications.keys {
            state.applications[id] = try application(id: id, try applications.object(id), seeded: seeded)
        }

        let principals = try root.object("service_principals")
        for id in principals.keys {
            let reader = try principals.object(id)
            var properties = reader.value.objectValue ?? [:]
            properties.removeValue(forKey: "appRoleAssignments")
            let appId = try reader.string("appId")
            properties.removeValue(forKey: "appId")
            properties.removeValue(forKey: "id")
            let assignments = try reader.array("appRoleAssignments").map {
                AppRoleAssignment(resourceId: try $0.string("resourceId"), appRoleId: try $0.string("appRoleId"))
            }
            state.servicePrincipals[id] = ServicePrincipal(
                id: id, appId: appId, properties: properties, visibleAt: seeded, appRoleAssignments: assignments)
        }

        if let grants = try root.optionalObject("grants") {
            for id in grants.keys {
                let grant = try grants.object(id)
                state.grants[id] = PermissionGrant(
                    id: id, clientId: try grant.string("clientId"), consentType: try grant.string("consentType"),
                    principalId: try grant.optionalString("principalId"), resourceId: try grant.string("resourceId"),
                    scope: try grant.string("scope"))
            }
        }

        let orgs = try root.object("orgs")
        for name in orgs.keys { state.orgs[name] = try org(name: name, try orgs.object(name)) }

        if let power = try root.optionalObject("power_platform") {
            state.powerPlatform.managementApplications = try power.stringArray("management_applications")
            let environments = try power.optionalObject("environments")
            for org in state.orgs.values {
                var environment = PowerPlatformEnvironment(id: org.environmentId, orgName: org.name)
                if let packages = try environments?.optionalObject(org.name)?.optionalObject("packages") {
                    for uniqueName in packages.keys {
                        environment.packages[uniqueName] = try package(uniqueName, try packages.object(uniqueName))
                    }
                }
                state.powerPlatform.environments[org.environmentId.lowercased()] = environment
            }
        }
        return state
    }

    private static func tenant(_ reader: ScenarioReader) throws -> Tenant {
        let domains = try reader.array("domains").map {
            VerifiedDomain(
                name: try $0.string("name"), isDefault: try $0.bool("is_default", default: false),
                isInitial: try $0.bool("is_initial", default: false))
        }
        guard !domains.isEmpty else { throw ScenarioError(description: "twin: scenario: \(reader.path).domains is empty") }
        return Tenant(
            id: try reader.string("id"), displayName: try reader.string("display_name"), domains: domains,
            cloudInstanceName: try reader.string("cloud_instance_name"),
            regionScope: try reader.string("tenant_region_scope"),
            regionSubScope: try reader.optionalString("tenant_region_sub_scope"),
            countryLetterCode: try reader.optionalString("country_letter_code") ?? "US")
    }

    private static func application(id: String, _ reader: ScenarioReader, seeded: Date) throws -> DirectoryApplication {
        var properties = reader.value.objectValue ?? [:]
        let appId = try reader.string("appId")
        for key in ["appId", "id", "passwordCredentials", "owners"] { properties.removeValue(forKey: key) }
        let passwords = try reader.array("passwordCredentials").map { credential in
            let secret = try credential.string("secretText")
            let start = try credential.date("startDateTime") ?? seeded
            return PasswordCredential.hashing(
                secret, keyId: try credential.string("keyId"), displayName: try credential.optionalString("displayName"),
                start: start, end: try credential.date("endDateTime") ?? start.addingTimeInterval(2 * 365 * 86400),
                usableAt: seeded, returned: false)
        }
        return DirectoryApplication(
            id: id, appId: appId, properties: properties, passwords: passwords, visibleAt: seeded,
            ownerServicePrincipalIds: try reader.stringArray("owners"))
    }

    private static func org(name: String, _ reader: ScenarioReader) throws -> DataverseOrg {
        var org = DataverseOrg(
            name: name, uniqueName: try reader.string("unique_name"), friendlyName: try reader.string("friendly_name"),
            organizationId: try reader.string("organization_id"), environmentId: try reader.string("environment_id"),
            version: try reader.string("version"))
        if let tables = try reader.optionalObject("tables") {
            for entitySet in tables.keys {
                let rows = try tables.object(entitySet)
                var table = RecordTable(primaryKey: DataverseOrg.primaryKey(of: entitySet))
                for id in rows.keys {
                    var record = rows.value[id]?.objectValue ?? [:]
                    record[table.primaryKey] = .string(id)
                    table.upsert(record)
                }
                org.tables[entitySet] = table
            }
        }
        if let associations = try reader.optionalObject("associations") {
            for relationship in associations.keys {
                org.associations[relationship] = try associations.array(relationship).map { pair in
                    guard let ids = pair.value.arrayValue?.compactMap(\.stringValue), ids.count == 2 else {
                        throw ScenarioError(description: "twin: scenario: \(pair.path) must be [left id, right id]")
                    }
                    return RecordPair(ids[0], ids[1])
                }
            }
        }
        return org
    }

    private static func package(_ uniqueName: String, _ reader: ScenarioReader) throws -> ApplicationPackage {
        var properties = reader.value.objectValue ?? [:]
        properties.removeValue(forKey: "install")
        properties["uniqueName"] = .string(uniqueName)
        var installs: [String: [[String: JSON]]] = [:]
        if let install = try reader.optionalObject("install") {
            for entitySet in install.keys {
                installs[entitySet] = try install.array(entitySet).map { record in
                    guard let members = record.value.objectValue else {
                        throw ScenarioError(description: "twin: scenario: \(record.path) must be an object")
                    }
                    return members
                }
            }
        }
        return ApplicationPackage(uniqueName: uniqueName, properties: properties, installs: installs)
    }
}

extension PasswordCredential {
    /// A credential for `secret`, keeping only a salted SHA-256 of it.
    static func hashing(
        _ secret: String, keyId: String, displayName: String?, start: Date, end: Date, usableAt: Date, returned: Bool
    ) -> PasswordCredential {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return PasswordCredential(
            keyId: keyId, displayName: displayName, hint: String(secret.prefix(3)), startDateTime: start,
            endDateTime: end, salt: salt, hash: digest(secret, salt: salt), usableAt: usableAt, returned: returned)
    }

    /// True when `secret` is this credential's value.
    func matches(_ secret: String) -> Bool {
        let candidate = Self.digest(secret, salt: salt)
        return candidate.count == hash.count && zip(candidate, hash).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func digest(_ secret: String, salt: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: salt + Array(secret.utf8)))
    }
}

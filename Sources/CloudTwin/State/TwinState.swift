import Foundation

/// Everything the twin knows, in one value guarded by `Twin.state`.
///
/// Routes read and mutate it through `twin.state.withLock { state in ... }`; never `await` inside that closure.
struct TwinState: Sendable {
    /// The directory tenant every service belongs to.
    var tenant: Tenant
    /// Entra applications by object id.
    var applications: ObjectTable<DirectoryApplication> = .init()
    /// Service principals by object id.
    var servicePrincipals: ObjectTable<ServicePrincipal> = .init()
    /// Delegated permission grants by id.
    var grants: ObjectTable<PermissionGrant> = .init()
    /// Users by object id.
    var users: ObjectTable<DirectoryUser> = .init()
    /// Dataverse organizations by environment name (`stage`, `prod`).
    var orgs: [String: DataverseOrg] = [:]
    /// The Power Platform API's view of the tenant.
    var powerPlatform: PowerPlatformState = .init()
    /// Device-code sign-ins by device code.
    var deviceCodes: [String: DeviceAuthorization] = [:]
    /// Refresh tokens the twin issued, by their (opaque) value's hash.
    var refreshTokens: [String: RefreshGrant] = [:]
    /// How many client secrets `addPassword` has generated (every other one uses form-hostile characters).
    var secretsIssued = 0

    /// The application with this client id, if any (regardless of replication lag).
    func application(appId: String) -> DirectoryApplication? {
        applications.first { $0.appId.caseInsensitiveCompare(appId) == .orderedSame }
    }

    /// The service principal for this client id, if any (regardless of replication lag).
    func servicePrincipal(appId: String) -> ServicePrincipal? {
        servicePrincipals.first { $0.appId.caseInsensitiveCompare(appId) == .orderedSame }
    }

    /// The org whose environment id is `environmentId`.
    func org(environmentId: String) -> DataverseOrg? {
        orgs.values.first { $0.environmentId.caseInsensitiveCompare(environmentId) == .orderedSame }
    }
}

/// Objects with a string id kept in insertion order, so listings are stable.
struct ObjectTable<Element: Sendable>: Sendable {
    private(set) var ids: [String] = []
    private var byID: [String: Element] = [:]

    /// The element with this id (ids compare case-insensitively, as GUIDs do).
    subscript(id: String) -> Element? {
        get { byID[id.lowercased()] }
        set {
            let key = id.lowercased()
            if let newValue {
                if byID.updateValue(newValue, forKey: key) == nil { ids.append(key) }
            } else if byID.removeValue(forKey: key) != nil {
                ids.removeAll { $0 == key }
            }
        }
    }

    /// All elements in insertion order.
    var all: [Element] { ids.compactMap { byID[$0] } }

    var count: Int { ids.count }

    func first(where predicate: (Element) -> Bool) -> Element? {
        for id in ids { if let element = byID[id], predicate(element) { return element } }
        return nil
    }
}

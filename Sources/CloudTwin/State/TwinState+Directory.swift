import Foundation

/// The directory tenant.
struct Tenant: Sendable {
    var id: String
    var displayName: String
    var domains: [VerifiedDomain]
    var cloudInstanceName: String
    var regionScope: String
    var regionSubScope: String?
    var countryLetterCode: String

    /// The default verified domain (`contoso.onmicrosoft.com`).
    var defaultDomain: String { (domains.first { $0.isDefault } ?? domains[0]).name }

    /// True when `name` is the tenant id or one of its verified domains.
    func matches(_ name: String) -> Bool {
        name.caseInsensitiveCompare(id) == .orderedSame
            || domains.contains { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// A verified domain of the tenant.
struct VerifiedDomain: Sendable {
    var name: String
    var isDefault: Bool
    var isInitial: Bool
}

/// An Entra application registration.
struct DirectoryApplication: Sendable {
    var id: String
    var appId: String
    /// Graph properties other than `id`, `appId` and `passwordCredentials` (which are derived).
    var properties: [String: JSON]
    var passwords: [PasswordCredential] = []
    /// Reads see the object only from this time on (replication lag).
    var visibleAt: Date
    /// Object ids of the service principals that own the application (`Application.ReadWrite.OwnedBy`).
    var ownerServicePrincipalIds: [String] = []
    /// A public client (device code allowed, no secret required).
    var isPublicClient: Bool { properties["isFallbackPublicClient"]?.boolValue == true }
    var displayName: String { properties["displayName"]?.stringValue ?? "" }
    var uniqueName: String? { properties["uniqueName"]?.stringValue }
}

/// A client secret; the value is kept only as a salted SHA-256.
struct PasswordCredential: Sendable {
    var keyId: String
    var displayName: String?
    var hint: String
    var startDateTime: Date
    var endDateTime: Date
    var salt: [UInt8]
    var hash: [UInt8]
    /// Token requests with this secret fail with AADSTS7000215 until then (replication lag).
    var usableAt: Date
    /// True once `addPassword` handed the value out.
    var returned: Bool
    /// The last time the secret authenticated a token request.
    var lastUsed: Date?
}

/// A service principal (enterprise application) in the tenant.
struct ServicePrincipal: Sendable {
    var id: String
    var appId: String
    /// Graph properties other than `id` and `appId`.
    var properties: [String: JSON]
    var visibleAt: Date
    /// Application permissions granted to this principal, as (resource service principal id, app role id).
    var appRoleAssignments: [AppRoleAssignment] = []
    var displayName: String { properties["displayName"]?.stringValue ?? "" }

    /// The app role values (`Application.ReadWrite.All`) this principal defines, by role id.
    var appRoleValues: [String: String] {
        var values: [String: String] = [:]
        for role in properties["appRoles"]?.arrayValue ?? [] {
            if let id = role["id"]?.stringValue, let value = role["value"]?.stringValue { values[id.lowercased()] = value }
        }
        return values
    }

    /// The delegated scope values (`user_impersonation`) this principal exposes.
    var scopeValues: [String] {
        (properties["oauth2PermissionScopes"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
    }
}

/// An application permission assigned to a service principal.
struct AppRoleAssignment: Sendable {
    var resourceId: String
    var appRoleId: String
}

/// An oauth2PermissionGrant (delegated permission consent).
struct PermissionGrant: Sendable {
    var id: String
    var clientId: String
    var consentType: String
    var principalId: String?
    var resourceId: String
    var scope: String

    var json: JSON {
        [
            "id": .string(id), "clientId": .string(clientId), "consentType": .string(consentType),
            "principalId": .string(orNull: principalId), "resourceId": .string(resourceId), "scope": .string(scope),
        ]
    }

    /// The scope values as a list.
    var scopes: [String] { scope.split(separator: " ").map(String.init) }
}

/// A user in the tenant.
struct DirectoryUser: Sendable {
    var id: String
    var userPrincipalName: String
    var displayName: String
    var givenName: String?
    var surname: String?
    var mail: String?
}

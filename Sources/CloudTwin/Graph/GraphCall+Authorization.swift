import Foundation

/// The Graph permissions each kind of call needs (application roles for app-only tokens, scopes for delegated).
enum GraphPermission {
    case readApplications
    case writeApplications
    case readGrants
    case writeGrants
    case readOrganization

    var applicationRoles: [String] {
        switch self {
        case .readApplications:
            ["Application.Read.All", "Application.ReadWrite.All", "Application.ReadWrite.OwnedBy", "Directory.Read.All",
             "Directory.ReadWrite.All"]
        case .writeApplications: ["Application.ReadWrite.All", "Directory.ReadWrite.All"]
        case .readGrants:
            ["DelegatedPermissionGrant.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All",
             "Directory.ReadWrite.All"]
        case .writeGrants: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"]
        case .readOrganization:
            ["Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]
        }
    }

    var delegatedScopes: [String] {
        switch self {
        case .readApplications:
            ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All",
             "Directory.AccessAsUser.All"]
        case .writeApplications: ["Application.ReadWrite.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"]
        case .readGrants:
            ["DelegatedPermissionGrant.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All",
             "Directory.ReadWrite.All", "Directory.AccessAsUser.All"]
        case .writeGrants: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"]
        case .readOrganization:
            ["User.Read", "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.AccessAsUser.All"]
        }
    }
}

extension GraphCall {
    /// True when the caller holds the permission.
    func allowed(_ permission: GraphPermission) -> Bool {
        caller.hasAny(roles: permission.applicationRoles, scopes: permission.delegatedScopes)
    }

    /// True when an app-only caller holds only `Application.ReadWrite.OwnedBy` (it may then write its own apps).
    var isOwnedByOnly: Bool {
        caller.kind == .application && !allowed(.writeApplications) && caller.roles.contains("Application.ReadWrite.OwnedBy")
    }

    /// True when the caller may modify this application (full write rights, or OwnedBy and an owner).
    func mayWrite(_ application: DirectoryApplication) -> Bool {
        if allowed(.writeApplications) { return true }
        return isOwnedByOnly && application.ownerServicePrincipalIds.contains { $0.lowercased() == caller.objectId.lowercased() }
    }

    /// True when the caller may create applications (full write rights or OwnedBy).
    var mayCreateApplications: Bool { allowed(.writeApplications) || isOwnedByOnly }

    func forbidden() -> TwinResponse { GraphError.forbidden(request: request, now: now) }
}

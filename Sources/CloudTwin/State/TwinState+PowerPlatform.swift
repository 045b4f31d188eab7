import Foundation

/// The Power Platform API's state: which apps may call it, the application packages per environment, operations.
struct PowerPlatformState: Sendable {
    /// Client ids registered as Power Platform management applications (allowed to call the API app-only).
    var managementApplications: [String] = []
    /// Environments by environment id.
    var environments: [String: PowerPlatformEnvironment] = [:]
    /// Install operations by operation id.
    var operations: ObjectTable<PackageOperation> = .init()
}

/// A Power Platform environment with its Dataverse org and application packages.
struct PowerPlatformEnvironment: Sendable {
    var id: String
    /// The `orgs` key of the Dataverse org behind this environment.
    var orgName: String
    /// Application packages offered to this environment, by `uniqueName`.
    var packages: ObjectTable<ApplicationPackage> = .init()
}

/// An application package (AppSource app) as the `applicationPackages` API lists it.
struct ApplicationPackage: Sendable {
    var uniqueName: String
    /// The API's JSON fields (`applicationId`, `applicationName`, `state`, `version`, ...).
    var properties: [String: JSON]
    /// Records an install creates in the org, by entity set (the package's solution, its workflows, ...).
    var installs: [String: [[String: JSON]]]
}

/// A package install operation.
struct PackageOperation: Sendable {
    var id: String
    var environmentId: String
    var packageUniqueName: String
    var createdAt: Date
    /// The operation's JSON fields (`status`, `createdDateTime`, ...).
    var properties: [String: JSON]
}

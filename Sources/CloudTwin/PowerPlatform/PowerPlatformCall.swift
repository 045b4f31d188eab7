import Foundation

/// One authenticated Power Platform API request for an environment, answered under the state lock.
struct PowerPlatformCall {
    let request: TwinRequest
    let caller: Caller
    /// The environment id from the path, as sent.
    let environmentId: String
    let apiVersion: String
    let now: Date
    let installDelay: Duration

    /// The environment, or the 404 the API sends for an unknown one.
    func environment(in state: TwinState) -> Result<PowerPlatformEnvironment, TwinResponse> {
        guard let environment = state.powerPlatform.environments[environmentId.lowercased()] else {
            return .failure(
                PowerPlatformError.response(
                    404, code: "EnvironmentNotFound",
                    message: "The environment '\(environmentId)' could not be found in tenant '\(state.tenant.id)'."))
        }
        return .success(environment)
    }

    /// Whether the caller may manage the environment's packages: the caller's enabled Dataverse user on success.
    ///
    /// App-only callers must be registered management applications; delegated callers must be System
    /// Administrators of the environment's org. Either way the install runs as the caller's user in that org.
    func authorize(in environment: PowerPlatformEnvironment, state: TwinState) -> Result<[String: JSON], TwinResponse> {
        if caller.kind == .application,
            !state.powerPlatform.managementApplications.contains(where: { $0.caseInsensitiveCompare(caller.appId) == .orderedSame })
        {
            return .failure(
                PowerPlatformError.response(
                    403, code: "Forbidden",
                    message: "The application '\(caller.appId)' is not registered as a Power Platform management "
                        + "application and is not allowed to call this API."))
        }
        guard let org = state.orgs[environment.orgName] else {
            return .failure(forbiddenInEnvironment())
        }
        let column = caller.kind == .application ? "applicationid" : "azureactivedirectoryobjectid"
        let wanted = caller.kind == .application ? caller.appId : caller.objectId
        guard let user = org["systemusers"].all.first(where: {
                $0[column]?.stringValue?.caseInsensitiveCompare(wanted) == .orderedSame && DataversePrincipal.isActive($0)
            }),
            case .success(let principal) = DataversePrincipal.resolve(caller: caller, request: request, org: org, now: now)
        else {
            return .failure(forbiddenInEnvironment())
        }
        if caller.kind == .user && !principal.isSystemAdministrator { return .failure(forbiddenInEnvironment()) }
        return .success(user)
    }

    private func forbiddenInEnvironment() -> TwinResponse {
        PowerPlatformError.response(
            403, code: "Forbidden",
            message: "The caller '\(caller.kind == .application ? caller.appId : caller.objectId)' is not an enabled "
                + "administrator of environment '\(environmentId)'.")
    }

    /// The JSON of a package as `applicationPackages` lists it.
    func packageJSON(_ package: ApplicationPackage) -> JSON {
        var body: [String: JSON] = ["id": .string(DataverseIDs.derived("package:\(environmentId.lowercased()):\(package.uniqueName)"))]
        let fields = [
            "uniqueName", "version", "localizedName", "localizedDescription", "applicationId", "applicationName",
            "applicationDescription", "publisherName", "publisherId", "learnMoreUrl", "catalogVisibility",
            "applicationVisibility", "lastError", "state",
        ]
        for field in fields { body[field] = package.properties[field] ?? .null }
        body["uniqueName"] = .string(package.uniqueName)
        return .object(body)
    }

    /// The JSON of an install operation.
    func operationJSON(_ operation: PackageOperation) -> JSON {
        var body: [String: JSON] = ["id": .string(operation.id), "operationId": .string(operation.id)]
        for field in ["status", "statusMessage", "createdDateTime", "lastActionDateTime", "error"] {
            if let value = operation.properties[field] { body[field] = value }
        }
        return .object(body)
    }

    /// The `Operation-Location` of an operation.
    func operationLocation(_ operationId: String) -> String {
        "\(request.origin)/appmanagement/environments/\(environmentId)/operations/\(operationId)?api-version=\(FormEncoding.escape(apiVersion))"
    }
}

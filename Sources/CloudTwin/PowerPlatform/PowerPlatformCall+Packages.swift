import Foundation

extension PowerPlatformCall {
    /// `GET .../applicationPackages[?appInstallState=Installed]`: the environment's catalogue with install states.
    func listPackages(state: TwinState) -> TwinResponse {
        let environment: PowerPlatformEnvironment
        switch self.environment(in: state) {
        case .success(let found): environment = found
        case .failure(let response): return response
        }
        if case .failure(let response) = authorize(in: environment, state: state) { return response }
        var packages = environment.packages.all
        if let wanted = request.queryValue("appInstallState") {
            packages = packages.filter {
                ($0.properties["state"]?.stringValue ?? "").caseInsensitiveCompare(wanted) == .orderedSame
            }
        }
        return .json(200, ["value": .array(packages.map(packageJSON))])
    }

    /// `POST .../applicationPackages/{uniqueName}/install`: 202 with `Operation-Location`; the install finishes after
    /// the install delay. Unknown packages are 404, installed or installing ones 409.
    func install(_ uniqueName: String, state: inout TwinState) -> TwinResponse {
        let environment: PowerPlatformEnvironment
        switch self.environment(in: state) {
        case .success(let found): environment = found
        case .failure(let response): return response
        }
        let user: [String: JSON]
        switch authorize(in: environment, state: state) {
        case .success(let found): user = found
        case .failure(let response): return response
        }
        guard var package = environment.packages.first(where: { $0.uniqueName.caseInsensitiveCompare(uniqueName) == .orderedSame })
        else {
            return PowerPlatformError.response(
                404, code: "ApplicationPackageNotFound",
                message: "The application package '\(uniqueName)' is not available for environment '\(environmentId)'.")
        }
        let currentState = package.properties["state"]?.stringValue ?? "NotInstalled"
        guard currentState != "Installed" && currentState != "Installing" else {
            return PowerPlatformError.response(
                409, code: currentState == "Installed" ? "ApplicationPackageAlreadyInstalled" : "ApplicationPackageInstalling",
                message: "The application package '\(package.uniqueName)' is already \(currentState.lowercased()) in "
                    + "environment '\(environmentId)'.")
        }
        let operationId = TwinIDs.guid()
        let created = TwinTime.iso8601Precise(now)
        let operation = PackageOperation(
            id: operationId, environmentId: environment.id, packageUniqueName: package.uniqueName, createdAt: now,
            properties: [
                "status": "NotStarted", "statusMessage": "", "createdDateTime": .string(created),
                "lastActionDateTime": .string(created),
                PackageInstaller.installingUserKey: user["systemuserid"] ?? .null,
            ])
        state.powerPlatform.operations[operationId] = operation
        package.properties["state"] = "Installing"
        state.powerPlatform.environments[environment.id.lowercased()]?.packages[package.uniqueName] = package
        return .json(
            202, ["id": .string(operationId), "status": "NotStarted", "createdDateTime": .string(created)],
            headers: [("Operation-Location", operationLocation(operationId))])
    }

    /// `GET .../operations/{operationId}`: the operation, with `Retry-After` while it runs.
    func operation(_ operationId: String, state: inout TwinState) -> TwinResponse {
        let environment: PowerPlatformEnvironment
        switch self.environment(in: state) {
        case .success(let found): environment = found
        case .failure(let response): return response
        }
        if case .failure(let response) = authorize(in: environment, state: state) { return response }
        guard var operation = state.powerPlatform.operations[operationId],
            operation.environmentId.caseInsensitiveCompare(environment.id) == .orderedSame
        else {
            return PowerPlatformError.response(
                404, code: "OperationNotFound",
                message: "The operation '\(operationId)' was not found in environment '\(environmentId)'.")
        }
        var headers: [(name: String, value: String)] = []
        if operation.properties["status"]?.stringValue == "NotStarted" {
            operation.properties["status"] = "Running"
            operation.properties["lastActionDateTime"] = .string(TwinTime.iso8601Precise(now))
            state.powerPlatform.operations[operationId] = operation
        }
        if operation.properties["status"]?.stringValue == "Running" {
            let remaining = operation.createdAt.addingTimeInterval(installDelay.seconds).timeIntervalSince(now)
            headers.append(("Retry-After", String(max(1, min(10, Int(remaining.rounded(.up)))))))
        }
        return .json(200, operationJSON(operation), headers: headers)
    }
}

import Foundation

/// Runs application package installs: an operation completes once its install delay (the `install` fault knob) has
/// passed on the twin clock, and then the package's records appear in the environment's Dataverse org.
///
/// Settling is lazy: every Power Platform and Dataverse request settles due operations first, so no timer is needed
/// and `POST /clock/advance` finishes an install at once.
enum PackageInstaller {
    /// The operation property naming the system user the install acts as (the caller's user in the org).
    static let installingUserKey = "installingUserId"

    /// Completes every operation whose delay has passed.
    static func settle(_ state: inout TwinState, now: Date, delay: Duration) {
        for operation in state.powerPlatform.operations.all {
            let status = operation.properties["status"]?.stringValue
            guard status == "NotStarted" || status == "Running" else { continue }
            guard now >= operation.createdAt.addingTimeInterval(delay.seconds) else { continue }
            complete(operation, state: &state, now: now)
        }
    }

    private static func complete(_ operation: PackageOperation, state: inout TwinState, now: Date) {
        var finished = operation
        finished.properties["lastActionDateTime"] = .string(TwinTime.iso8601Precise(now))
        let environmentKey = operation.environmentId.lowercased()
        guard let environment = state.powerPlatform.environments[environmentKey],
            var package = environment.packages[operation.packageUniqueName],
            var org = state.orgs[environment.orgName],
            let userId = operation.properties[installingUserKey]?.stringValue,
            let user = org["systemusers"][userId]
        else {
            fail(&finished, state: &state, message: "The installing user is no longer a member of the environment.")
            return
        }
        for (entitySet, records) in package.installs.sorted(by: { $0.key < $1.key }) {
            for template in records {
                var record = template
                record["createdon"] = .string(TwinTime.iso8601(now))
                record["_createdby_value"] = .string(userId)
                if entitySet == "solutions" { record["installedon"] = .string(TwinTime.iso8601(now)) }
                if entitySet == "workflows" {
                    record["_ownerid_value"] = .string(userId)
                    record["_owninguser_value"] = .string(userId)
                    record["_owningbusinessunit_value"] = user["_businessunitid_value"] ?? .null
                }
                if let entity = DataverseEntity.catalog[entitySet] {
                    org.save(record, in: entity, now: now, by: userId)
                } else {
                    org[entitySet].upsert(record)
                }
            }
        }
        state.orgs[environment.orgName] = org
        package.properties["state"] = "Installed"
        package.properties["lastError"] = .null
        state.powerPlatform.environments[environmentKey]?.packages[operation.packageUniqueName] = package
        finished.properties["status"] = "Succeeded"
        state.powerPlatform.operations[operation.id] = finished
    }

    private static func fail(_ operation: inout PackageOperation, state: inout TwinState, message: String) {
        let error: JSON = [
            "errorName": "InstallFailed", "errorCode": 500, "message": .string(message), "type": "InstallFailedException",
            "statusCode": 500, "source": "Dataverse",
        ]
        operation.properties["status"] = "Failed"
        operation.properties["error"] = error
        let environmentKey = operation.environmentId.lowercased()
        if var package = state.powerPlatform.environments[environmentKey]?.packages[operation.packageUniqueName] {
            package.properties["state"] = "InstallFailed"
            package.properties["lastError"] = error
            state.powerPlatform.environments[environmentKey]?.packages[operation.packageUniqueName] = package
        }
        state.powerPlatform.operations[operation.id] = operation
    }
}

import Foundation
import LuaKit
import MicrosoftCloud

// `powerplatform`: application packages of an environment (see plugins/_meta/powerplatform.lua).
extension PluginHost {
    func powerPlatformFunctions() -> [String: LuaHostFunction] {
        [
            "environment_id": { [unowned self] _ in
                try scope.requireCall("powerplatform.environment_id")
                if let id = scope.environment?.environmentId { return [.string(id)] }
                let org = try orgName(nil)
                let detail = try cloud { () throws(CloudError) in
                    try session.dataverse(org).retrieveCurrentOrganization()
                }
                guard let id = detail["Detail"]?["EnvironmentId"]?.stringValue, !id.isEmpty else {
                    throw hostError(
                        "powerplatform.no_environment",
                        "the org \(org) did not name its Power Platform environment (RetrieveCurrentOrganization has no "
                            + "Detail.EnvironmentId); set environment_id in the environment's settings")
                }
                return [.string(id)]
            },
            "packages": { [unowned self] arguments in
                let environment = try arguments.string(1, "environment_id")
                try scope.requireCall("powerplatform.packages")
                let packages = try cloud { () throws(CloudError) in
                    try session.powerPlatform.applicationPackages(environmentId: environment)
                }
                return [.array(try packages.map { try bridge.lua(response: $0) })]
            },
            "install": { [unowned self] arguments in
                let environment = try arguments.string(1, "environment_id")
                let name = try arguments.string(2, "unique_name")
                let options = try LuaOptions(arguments, 3, known: ["timeout", "every"])
                let timeout = try options.number("timeout") ?? 1800
                let every = max(try options.number("every") ?? 2, 0.05)
                try scope.requireWrite("powerplatform.install", "install \(name) in environment \(environment)")
                let operation = try installPackage(name, environment: environment, timeout: timeout, every: every)
                return [try bridge.lua(response: operation)]
            },
        ]
    }

    /// Starts the install and polls its operation, reporting progress, until it ends or `timeout` passes.
    private func installPackage(_ name: String, environment: String, timeout: Double, every: Double) throws -> JSONValue {
        let client = session.powerPlatform
        let timing = session.timing
        let started = timing.now()
        let location = try cloud { () throws(CloudError) in
            try client.installApplicationPackage(uniqueName: name, environmentId: environment)
        }
        log(.info, "installing \(name) in environment \(environment)")
        var attempt = 0
        while true {
            attempt += 1
            let operation = try cloud { () throws(CloudError) in try client.operation(at: location) }
            let status = operation["status"]?.stringValue ?? ""
            switch status.lowercased() {
            case "succeeded":
                return operation
            case "failed", "canceled", "cancelled":
                let reason = operation["error"]?["message"]?.stringValue ?? "no reason given"
                throw hostError(
                    "powerplatform.operation_failed",
                    "installing \(name) ended \(status): \(session.redactor.redact(reason))",
                    ["status": .string(status)])
            default:
                let elapsed = Self.seconds(timing.now() - started)
                guard elapsed + every <= timeout else {
                    throw hostError(
                        "powerplatform.operation_timeout",
                        "installing \(name) was still \(status.isEmpty ? "running" : status) after \(Int(elapsed)) s")
                }
                progress(StepProgress(
                    what: "the install of \(name)", attempt: attempt, elapsed: elapsed, timeout: timeout,
                    detail: status.isEmpty ? "running" : status))
                timing.sleep(.milliseconds(Int(every * 1000)))
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

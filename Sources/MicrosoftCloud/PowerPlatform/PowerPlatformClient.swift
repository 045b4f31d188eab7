public import Foundation
import HTTPTransport

/// The Power Platform API's application packages (AppSource apps) of an environment: list, install, and the
/// install operation polled to its end.
public struct PowerPlatformClient {
    let session: CloudSession

    /// The `api-version` sent with every call (the one Microsoft's Terraform provider uses).
    public static let apiVersion = "2022-03-01-preview"

    /// Statuses after which an operation no longer changes.
    static let finalStatuses: Set = ["succeeded", "failed", "canceled", "cancelled"]

    /// The application packages of an environment, installed or not (each with `uniqueName`, `state`, ...).
    public func applicationPackages(environmentId: String) throws(CloudError) -> [JSONValue] {
        var url = try packagesURL(environmentId: environmentId, suffix: "")
        var packages: [JSONValue] = []
        while true {
            let page = try send("GET", url).body
            packages.append(contentsOf: page["value"]?.arrayValue ?? [])
            guard let next = page["@odata.nextLink"]?.stringValue ?? page["nextLink"]?.stringValue else { return packages }
            url = try PagingLinks.follow(next, from: url, allowed: session.profile.powerPlatform, service: .powerPlatform)
        }
    }

    /// Starts installing the package `uniqueName` (202 Accepted) and returns the operation's URL from
    /// `Operation-Location` (checked to be on the Power Platform API's origin).
    public func installApplicationPackage(uniqueName: String, environmentId: String) throws(CloudError) -> URL {
        let url = try packagesURL(environmentId: environmentId, suffix: "/\(FormEncoding.encode(uniqueName))/install")
        let response = try send("POST", url, body: .object([:]))
        guard let location = response.headers["Operation-Location"] ?? response.headers["Location"] else {
            throw CloudError(
                code: "powerplatform.invalid_response", service: .powerPlatform, status: response.status,
                message: "the install of \(uniqueName) answered without an Operation-Location",
                requestId: response.requestId, host: url.host)
        }
        return try PagingLinks.follow(location, from: url, allowed: session.profile.powerPlatform, service: .powerPlatform)
    }

    /// The operation's current state (`status`: `NotStarted`, `Running`, `Succeeded`, `Failed`, `Canceled`).
    public func operation(at url: URL) throws(CloudError) -> JSONValue {
        try send("GET", url).body
    }

    /// Polls the operation until it succeeds (returning its final JSON), fails (`powerplatform.operation_failed`)
    /// or `timeout` passes (`powerplatform.operation_timeout`). Waits `Retry-After` between polls when the
    /// service sends one, else `pollInterval`.
    public func waitForOperation(at url: URL, timeout: Duration, pollInterval: Duration = .seconds(2)) throws(CloudError) -> JSONValue {
        let started = session.timing.now()
        while true {
            let response = try send("GET", url)
            let status = response.body["status"]?.stringValue ?? ""
            if Self.finalStatuses.contains(status.lowercased()) {
                guard status.lowercased() == "succeeded" else {
                    let reason = response.body["error"]?["message"]?.stringValue ?? "no reason given"
                    throw CloudError(
                        code: .powerPlatformOperationFailed, service: .powerPlatform, status: response.status,
                        serviceCode: response.body["error"]?["code"]?.stringValue,
                        message: "the operation ended \(status): \(session.redactor.redact(reason))",
                        requestId: response.requestId, host: url.host)
                }
                return response.body
            }
            let wait = RetryAfter.parse(response.headers["Retry-After"], now: session.timing.date()) ?? pollInterval
            guard session.timing.now() - started + wait <= timeout else {
                throw CloudError(
                    code: .powerPlatformOperationTimeout, service: .powerPlatform,
                    message: "the operation was still \(status.isEmpty ? "running" : status) after "
                        + "\(Int(timeout.seconds)) s", requestId: response.requestId, host: url.host)
            }
            session.timing.sleep(wait)
        }
    }

    /// Installs `uniqueName` and waits for the operation to succeed.
    public func install(uniqueName: String, environmentId: String, timeout: Duration, pollInterval: Duration = .seconds(2)) throws(CloudError) -> JSONValue {
        let operation = try installApplicationPackage(uniqueName: uniqueName, environmentId: environmentId)
        return try waitForOperation(at: operation, timeout: timeout, pollInterval: pollInterval)
    }

    private func packagesURL(environmentId: String, suffix: String) throws(CloudError) -> URL {
        try APIURL.make(
            base: session.profile.powerPlatform.url,
            path: "/appmanagement/environments/\(FormEncoding.encode(environmentId))/applicationPackages\(suffix)"
                + "?api-version=\(Self.apiVersion)",
            service: .powerPlatform)
    }

    private func send(_ method: String, _ url: URL, body: JSONValue? = nil) throws(CloudError) -> APIResponse {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if body != nil { headers.set("Content-Type", "application/json") }
        let call = APICall(
            service: .powerPlatform, method: method, target: APITarget(url), headers: headers, body: body?.serialized(),
            authentication: .bearer(session.profile.powerPlatform),
            decodeError: { response, _, redactor in ServiceErrors.powerPlatform(response, redactor: redactor) })
        return try APIResponse(session.perform(call), service: .powerPlatform)
    }
}

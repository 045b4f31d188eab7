import Foundation

/// The Power Platform API's application-package routes (`/appmanagement/environments/{environmentId}/...`).
///
/// Callers need a token for the Power Platform origin (or `https://api.powerplatform.com`); app-only callers must be
/// registered management applications, delegated callers System Administrators of the environment's org.
struct PowerPlatformService: TwinService {
    let twin: Twin

    func respond(to request: TwinRequest) async -> TwinResponse {
        let caller: Caller
        switch await twin.authenticate(request) {
        case .success(let resolved): caller = resolved
        case .failure:
            return PowerPlatformError.response(
                401, code: "Unauthorized", message: "The access token is missing or invalid.",
                headers: [("WWW-Authenticate", "Bearer")])
        }
        guard let apiVersion = request.queryValue("api-version"), !apiVersion.isEmpty else {
            return PowerPlatformError.response(
                400, code: "MissingApiVersionParameter",
                message: "The api-version query parameter (?api-version=) is required for all requests.")
        }
        let segments = request.pathSegments
        guard segments.count >= 4, segments[0] == "appmanagement", segments[1] == "environments" else {
            return PowerPlatformError.noRoute(request)
        }
        let now = twin.clock.now()
        let delay = twin.faults.lag(.install)
        return twin.state.withLock { state -> TwinResponse in
            PackageInstaller.settle(&state, now: now, delay: delay)
            let call = PowerPlatformCall(
                request: request, caller: caller, environmentId: segments[2], apiVersion: apiVersion, now: now,
                installDelay: delay)
            let rest = Array(segments.dropFirst(3))
            switch (request.method, rest.count, rest.first) {
            case ("GET", 1, "applicationPackages"):
                return call.listPackages(state: state)
            case ("POST", 3, "applicationPackages") where rest[2] == "install":
                return call.install(rest[1], state: &state)
            case ("GET", 2, "operations"):
                return call.operation(rest[1], state: &state)
            default:
                return PowerPlatformError.noRoute(request)
            }
        }
    }
}

/// Power Platform API error bodies: `{"error":{"code","message"}}`.
enum PowerPlatformError {
    static func response(
        _ status: Int, code: String, message: String, headers: [(name: String, value: String)] = []
    ) -> TwinResponse {
        .json(status, ["error": ["code": .string(code), "message": .string(message)]], headers: headers)
    }

    static func noRoute(_ request: TwinRequest) -> TwinResponse {
        response(404, code: "NotFound", message: "No route matches \(request.method) \(request.path).")
    }
}

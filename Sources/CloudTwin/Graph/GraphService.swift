import Foundation

/// Microsoft Graph v1.0: applications, service principals, oauth2PermissionGrants, organization, `$batch`.
struct GraphService: TwinService {
    let twin: Twin

    func respond(to request: TwinRequest) async -> TwinResponse {
        let now = twin.clock.now()
        let segments = request.pathSegments
        guard segments.first == "v1.0" else {
            return GraphError.response(
                400, code: "BadRequest", message: "Invalid version: \(segments.first ?? "")", request: request, now: now)
        }
        let caller: Caller
        switch await twin.authenticate(request) {
        case .success(let resolved): caller = resolved
        case .failure(let rejection):
            return GraphError.unauthorized(rejection.graphMessage, request: request, identity: twin.origins.identity, now: now)
        }
        let call = GraphCall(twin: twin, request: request, caller: caller, now: now)
        return await call.route(Array(segments.dropFirst()))
    }
}

/// One authenticated Graph request being answered.
struct GraphCall {
    let twin: Twin
    let request: TwinRequest
    let caller: Caller
    let now: Date

    func route(_ path: [String]) async -> TwinResponse {
        guard let first = path.first else { return GraphError.badRequest("Resource not found for the segment ''.", request: request, now: now) }
        let name = first.split(separator: "(", maxSplits: 1).first.map(String.init) ?? first
        switch name {
        case "organization":
            return organization(path)
        case "applications":
            return await applications(path)
        case "servicePrincipals":
            return servicePrincipals(path)
        case "oauth2PermissionGrants":
            return grants(path)
        case "me" where path.count == 1:
            return me()
        case "$batch" where path.count == 1:
            return await batch()
        default:
            return GraphError.response(
                400, code: "BadRequest", message: "Resource not found for the segment '\(first)'.", request: request, now: now)
        }
    }

    func error(_ status: Int, _ code: String, _ message: String) -> TwinResponse {
        GraphError.response(status, code: code, message: message, request: request, now: now)
    }
}

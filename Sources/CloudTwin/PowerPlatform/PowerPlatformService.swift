/// The Power Platform API (`/appmanagement/environments/{environmentId}/...`).
///
/// Routes are added by the Power Platform engineer; until then every request is authenticated and answered with 404.
struct PowerPlatformService: TwinService {
    let twin: Twin

    func respond(to request: TwinRequest) async -> TwinResponse {
        guard case .success = await twin.authenticate(request) else {
            return .json(401, ["error": ["code": "Unauthorized", "message": "The access token is missing or invalid."]])
        }
        return .json(404, ["error": ["code": "NotFound", "message": .string("No route matches \(request.method) \(request.path).")]])
    }
}

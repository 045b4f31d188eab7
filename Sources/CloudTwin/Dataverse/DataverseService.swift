/// The Dataverse Web API of one org (`/api/data/v9.0` ... `/api/data/v9.2`).
///
/// Routes are added by the Dataverse engineer; until then every request is authenticated and answered with 404.
struct DataverseService: TwinService {
    let twin: Twin
    /// The environment name (`stage`).
    let org: String

    func respond(to request: TwinRequest) async -> TwinResponse {
        let origins = twin.origins
        guard case .success = await twin.authenticate(request) else {
            let tenantId = twin.state.withLock { $0.tenant.id }
            return DataverseError.unauthorized(
                identity: origins.identity, tenantId: tenantId, resource: origins.origin(of: request.service))
        }
        return DataverseError.response(
            404, code: "0x80060888", message: "Resource not found for the segment '\(request.pathSegments.last ?? "")'.")
    }
}

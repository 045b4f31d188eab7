import Foundation

/// The Dataverse Web API of one org (`/api/data/v9.0` ... `/api/data/v9.2`).
///
/// Every call needs a token whose audience is this org's origin and whose caller is an enabled user of the org
/// (docs/twin.md "Adding a service's routes"); the request is then answered under the state lock, so each call
/// sees and leaves a consistent org.
struct DataverseService: TwinService {
    let twin: Twin
    /// The environment name (`stage`).
    let org: String

    /// The Web API versions served.
    static let versions: Set<String> = ["v9.0", "v9.1", "v9.2"]

    func respond(to request: TwinRequest) async -> TwinResponse {
        let segments = request.pathSegments
        guard segments.count >= 3, segments[0] == "api", segments[1] == "data", Self.versions.contains(segments[2]) else {
            let shown = segments.count >= 3 && segments[0] == "api" ? segments[2] : (segments.first ?? "")
            return DataverseError.unknownSegment(shown)
        }
        let caller: Caller
        switch await twin.authenticate(request) {
        case .success(let resolved): caller = resolved
        case .failure:
            let tenantId = twin.state.withLock { $0.tenant.id }
            return DataverseError.unauthorized(identity: twin.origins.identity, tenantId: tenantId, resource: request.origin)
        }
        let now = twin.clock.now()
        let installDelay = twin.faults.lag(.install)
        return twin.state.withLock { state -> TwinResponse in
            PackageInstaller.settle(&state, now: now, delay: installDelay)
            guard let org = state.orgs[org] else { return DataverseError.unknownSegment(segments[2]) }
            var response: TwinResponse
            switch DataversePrincipal.resolve(caller: caller, request: request, org: org, now: now) {
            case .failure(let refusal):
                response = refusal
            case .success(let principal):
                let call = DataverseCall(
                    twin: twin, orgName: self.org, request: request, version: segments[2], principal: principal, now: now)
                response = call.route(Array(segments.dropFirst(3)), state: &state)
            }
            DataverseAnnotations(preferences: DataversePreferences(header: request.header("prefer"))).annotateError(&response)
            response.addHeaderIfMissing("OData-Version", "4.0")
            return response
        }
    }
}

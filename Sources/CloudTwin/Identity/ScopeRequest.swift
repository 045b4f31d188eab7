import Foundation

/// A `scope` parameter split into its single resource, the values for that resource, and the OpenID scopes.
struct ScopeRequest: Equatable {
    /// `openid`, `profile`, `email`, `offline_access`.
    static let openIDScopes: Set<String> = ["openid", "profile", "email", "offline_access"]

    /// The resource as written (`https://graph.microsoft.com`), nil when only OpenID scopes were asked for.
    var resource: String?
    /// The twin origin the resource stands for (the token's `aud`).
    var audience: String?
    /// Values for the resource (`.default`, `User.Read`).
    var values: [String]
    var openID: Set<String>

    /// Why a scope parameter cannot be honoured.
    enum Problem: Error, Equatable {
        case empty
        case multipleResources
        case unknownResource(String)
    }

    /// Parses a space-separated scope parameter; bare values (`User.Read`) mean Microsoft Graph, as in Entra.
    static func parse(_ scope: String, origins: TwinOrigins) -> Result<ScopeRequest, Problem> {
        var request = ScopeRequest(resource: nil, audience: nil, values: [], openID: [])
        var resources: [String] = []
        for item in scope.split(whereSeparator: { $0 == " " || $0 == "+" }).map(String.init) {
            if openIDScopes.contains(item.lowercased()) {
                request.openID.insert(item.lowercased())
                continue
            }
            let resource: String
            let value: String
            if let slash = item.range(of: "/", options: .backwards) {
                resource = String(item[..<slash.lowerBound])
                value = String(item[slash.upperBound...])
            } else {
                resource = "https://graph.microsoft.com"
                value = item
            }
            let normalized = resource.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if !resources.contains(normalized) { resources.append(normalized) }
            request.resource = request.resource ?? resource
            request.values.append(value)
        }
        guard !resources.isEmpty || !request.openID.isEmpty else { return .failure(.empty) }
        guard resources.count <= 1 else { return .failure(.multipleResources) }
        if let resource = request.resource {
            guard let audience = origins.audience(forResource: resource) else { return .failure(.unknownResource(resource)) }
            request.audience = audience
        }
        return .success(request)
    }
}

extension Twin {
    /// The client id of the resource application behind a twin origin (Graph, Dataverse, Power Platform API).
    func resourceAppId(forAudience audience: String) -> String {
        let origins = self.origins
        if audience == origins.graph { return "00000003-0000-0000-c000-000000000000" }
        if audience == origins.powerPlatform { return "8578e004-a5c6-46e7-913e-12f58912df43" }
        return "00000007-0000-0000-c000-000000000000"
    }
}

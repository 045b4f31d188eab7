import Foundation

/// Dataverse Web API error bodies: `{"error":{"code":"0x...","message":"..."}}`.
enum DataverseError {
    /// The content type Dataverse uses for JSON responses.
    static let contentType = "application/json; odata.metadata=minimal"

    /// An error response as the Web API sends it (`code` is often empty for 404/412, as in the real service).
    static func response(
        _ status: Int, code: String, message: String, headers: [(name: String, value: String)] = []
    ) -> TwinResponse {
        .json(
            status, ["error": ["code": .string(code), "message": .string(message)]], contentType: contentType,
            headers: [("OData-Version", "4.0")] + headers)
    }

    /// 401 without a body, with the challenge that tells clients where to get a token.
    static func unauthorized(identity: String, tenantId: String, resource: String) -> TwinResponse {
        .empty(
            401,
            headers: [
                (
                    "WWW-Authenticate",
                    "Bearer authorization_uri=\(identity)/\(tenantId)/oauth2/authorize, resource_id=\(resource)/"
                )
            ])
    }

    /// 404 `0x80040217` "<entity> With Id = <id> Does Not Exist".
    static func notFound(entity: String, id: String) -> TwinResponse {
        response(404, code: "0x80040217", message: "\(entity) With Id = \(id) Does Not Exist")
    }

    /// 403 `0x80072560` "The user is not a member of the organization." (no or disabled application user).
    static func notMember() -> TwinResponse {
        response(403, code: "0x80072560", message: "The user is not a member of the organization.")
    }
}

import Foundation

/// The Web API errors the Dataverse routes send, with the codes and messages of the real service.
extension DataverseError {
    /// 400 `0x80060888` for an OData problem (unknown property, bad query option, unknown segment).
    static func odata(_ message: String, status: Int = 400) -> TwinResponse {
        response(status, code: "0x80060888", message: message)
    }

    /// 400 `0x80060888` "Could not find a property named 'x' on type 'Microsoft.Dynamics.CRM.systemuser'."
    static func unknownProperty(_ name: String, on entity: DataverseEntity) -> TwinResponse {
        odata("Could not find a property named '\(name)' on type '\(entity.odataType)'.")
    }

    /// 404 `0x80060888` "Resource not found for the segment 'x'."
    static func unknownSegment(_ segment: String) -> TwinResponse {
        odata("Resource not found for the segment '\(segment)'.", status: 404)
    }

    /// 400 `0x80040203` (InvalidArgument) with a message.
    static func invalidArgument(_ message: String) -> TwinResponse {
        response(400, code: "0x80040203", message: message)
    }

    /// 405 for a method a resource does not support.
    static func methodNotAllowed(_ method: String) -> TwinResponse {
        response(405, code: "0x80060888", message: "The requested resource does not support http method '\(method)'.")
    }

    /// 412 `0x80040237` "A record with matching key values already exists." (duplicate create).
    static func duplicateRecord() -> TwinResponse {
        response(412, code: "0x80040237", message: "A record with matching key values already exists.")
    }

    /// 403 `0x80040220`: the principal lacks a privilege, in the wording of the real service.
    static func missingPrivilege(
        _ privilege: String, entity: DataverseEntity?, principal: DataversePrincipal
    ) -> TwinResponse {
        let id = DataverseIDs.derived("privilege:\(privilege)")
        var message =
            "Principal user (Id=\(principal.userId), type=8, roleCount=\(principal.roleIds.count), "
            + "privilegeCount=\(principal.privilegeCount)) is missing \(privilege) privilege (Id=\(id))"
        if let entity {
            message += " on OTC=\(entity.objectTypeCode) for entity '\(entity.logicalName)' (LocalizedName='\(entity.displayName)')"
        }
        message += ". Consider assigning a role with the required privilege to the user or team."
        return response(403, code: "0x80040220", message: message)
    }

    /// 412 with an empty code: the row's version does not match `If-Match`.
    static func versionMismatch() -> TwinResponse {
        response(
            412, code: "", message: "The version of the existing record doesn't match the RowVersion property provided.")
    }
}

import Foundation

extension GraphCall {
    /// `GET /organization` and `GET /organization/{id}`.
    func organization(_ path: [String]) -> TwinResponse {
        guard request.method == "GET" else { return methodNotAllowed() }
        guard allowed(.readOrganization) else { return forbidden() }
        let tenant = twin.state.withLock { $0.tenant }
        let organization: JSON = [
            "id": .string(tenant.id), "displayName": .string(tenant.displayName), "deletedDateTime": nil,
            "countryLetterCode": .string(tenant.countryLetterCode), "preferredLanguage": "en",
            "tenantType": "AAD", "createdDateTime": "2024-01-10T08:00:00Z", "onPremisesSyncEnabled": nil,
            "businessPhones": [], "city": nil, "country": nil, "postalCode": nil, "state": nil, "street": nil,
            "technicalNotificationMails": [], "securityComplianceNotificationMails": [], "marketingNotificationEmails": [],
            "assignedPlans": [], "provisionedPlans": [], "privacyProfile": nil,
            "verifiedDomains": .array(tenant.domains.map { domain in
                [
                    "capabilities": domain.isInitial ? "Email, OfficeCommunicationsOnline" : "Email",
                    "isDefault": .bool(domain.isDefault), "isInitial": .bool(domain.isInitial),
                    "name": .string(domain.name), "type": "Managed",
                ]
            }),
        ]
        switch path.count {
        case 1:
            return ok(["@odata.context": .string("\(request.origin)/v1.0/$metadata#organization"), "value": [organization]])
        case 2 where path[1].caseInsensitiveCompare(tenant.id) == .orderedSame:
            var single = organization.objectValue ?? [:]
            single["@odata.context"] = .string("\(request.origin)/v1.0/$metadata#organization/$entity")
            return ok(.object(single))
        default:
            return GraphError.notFound(path.count > 1 ? path[1] : "", request: request, now: now)
        }
    }

    /// 200 with Graph's JSON content type.
    func ok(_ body: JSON, status: Int = 200, headers: [(name: String, value: String)] = []) -> TwinResponse {
        .json(status, body, contentType: GraphError.contentType, headers: headers)
    }

    /// 405 as Graph answers an unsupported method on a known path.
    func methodNotAllowed() -> TwinResponse {
        error(405, "Request_BadRequest", "The HTTP method '\(request.method)' is not allowed for the requested resource.")
    }
}

import Foundation

/// The Graph `servicePrincipal` resource: defaults, writable properties, rendering.
enum GraphServicePrincipalSchema {
    static let resource = GraphResource(
        typeName: "ServicePrincipal", odataType: "microsoft.graph.servicePrincipal", entitySet: "servicePrincipals",
        equalityFilterable: [
            "id", "appId", "displayName", "accountEnabled", "servicePrincipalType", "appOwnerOrganizationId",
            "preferredSingleSignOnMode",
        ],
        prefixFilterable: ["displayName"],
        collectionFilterable: ["servicePrincipalNames", "tags", "alternativeNames"],
        sortable: ["displayName"],
        properties: Set(defaults.keys).union(["id", "appId"]),
        maximumPageSize: 999, defaultPageSize: 100)

    static let writable: [String: String] = [
        "accountEnabled": "boolean", "appRoleAssignmentRequired": "boolean", "description": "string",
        "displayName": "string", "homepage": "string", "loginUrl": "string", "logoutUrl": "string", "notes": "string",
        "notificationEmailAddresses": "array", "preferredSingleSignOnMode": "string", "replyUrls": "array",
        "tags": "array", "alternativeNames": "array", "servicePrincipalNames": "array", "info": "object",
        "samlSingleSignOnSettings": "object", "appRoles": "array", "oauth2PermissionScopes": "array",
        "keyCredentials": "array", "addIns": "array", "preferredTokenSigningKeyThumbprint": "string",
        "tokenEncryptionKeyId": "string",
    ]

    static let defaults: [String: JSON] = [
        "deletedDateTime": nil, "accountEnabled": true, "alternativeNames": [], "appDisplayName": nil,
        "appDescription": nil, "appOwnerOrganizationId": nil, "appRoleAssignmentRequired": false,
        "applicationTemplateId": nil, "description": nil, "disabledByMicrosoftStatus": nil, "displayName": nil,
        "homepage": nil, "loginUrl": nil, "logoutUrl": nil, "notes": nil, "notificationEmailAddresses": [],
        "preferredSingleSignOnMode": nil, "preferredTokenSigningKeyThumbprint": nil, "replyUrls": [],
        "servicePrincipalNames": [], "servicePrincipalType": "Application", "signInAudience": nil, "tags": [],
        "tokenEncryptionKeyId": nil, "samlSingleSignOnSettings": nil, "addIns": [], "appRoles": [],
        "info": ["logoUrl": nil, "marketingUrl": nil, "privacyStatementUrl": nil, "supportUrl": nil, "termsOfServiceUrl": nil],
        "keyCredentials": [], "oauth2PermissionScopes": [], "passwordCredentials": [],
        "resourceSpecificApplicationPermissions": [],
        "verifiedPublisher": ["displayName": nil, "verifiedPublisherId": nil, "addedDateTime": nil],
    ]

    static func render(_ principal: ServicePrincipal) -> [String: JSON] {
        var object = defaults
        for (key, value) in principal.properties { object[key] = value }
        object["id"] = .string(principal.id)
        object["appId"] = .string(principal.appId)
        return object
    }

    /// The properties a new service principal takes from its application.
    static func properties(for application: DirectoryApplication, tenantId: String) -> [String: JSON] {
        let properties = application.properties
        var names: [JSON] = [.string(application.appId)]
        names += properties["identifierUris"]?.arrayValue ?? []
        return [
            "displayName": .string(application.displayName), "appDisplayName": .string(application.displayName),
            "appOwnerOrganizationId": .string(tenantId), "servicePrincipalNames": .array(names),
            "signInAudience": properties["signInAudience"] ?? "AzureADandPersonalMicrosoftAccount",
            "appRoles": properties["appRoles"] ?? [],
            "oauth2PermissionScopes": properties["api"]?["oauth2PermissionScopes"] ?? [],
            "replyUrls": properties["web"]?["redirectUris"] ?? [], "tags": [],
            "info": properties["info"] ?? GraphServicePrincipalSchema.defaults["info"]!,
        ]
    }

    static func validationProblem(_ body: [String: JSON]) -> String? {
        for (key, value) in body.sorted(by: { $0.key < $1.key }) where !key.hasPrefix("@odata.") && key != "appId" {
            guard let kind = writable[key] else {
                if defaults[key] != nil || key == "id" { return "Property '\(key)' is read-only and cannot be set." }
                return "Property '\(key)' does not exist as a declared property or extension property."
            }
            if !value.isNull, value.typeName != kind {
                return "Invalid value specified for property '\(key)' of resource 'ServicePrincipal'."
            }
        }
        return nil
    }
}

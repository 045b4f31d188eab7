import Foundation

/// The Graph `application` resource: defaults, writable properties, and how a stored application renders.
enum GraphApplicationSchema {
    static let resource = GraphResource(
        typeName: "Application", odataType: "microsoft.graph.application", entitySet: "applications",
        equalityFilterable: ["id", "appId", "displayName", "uniqueName", "publisherDomain", "signInAudience", "createdDateTime"],
        prefixFilterable: ["displayName", "uniqueName"],
        collectionFilterable: ["identifierUris", "tags"],
        sortable: ["displayName", "createdDateTime"],
        properties: Set(defaults.keys).union(["id", "appId", "passwordCredentials", "createdDateTime", "publisherDomain"]),
        maximumPageSize: 999, defaultPageSize: 100)

    /// Properties a client may set with POST or PATCH, and the JSON type each needs.
    static let writable: [String: String] = [
        "displayName": "string", "description": "string", "signInAudience": "string", "notes": "string",
        "tags": "array", "identifierUris": "array", "requiredResourceAccess": "array", "appRoles": "array",
        "keyCredentials": "array", "addIns": "array", "isFallbackPublicClient": "boolean",
        "isDeviceOnlyAuthSupported": "boolean", "groupMembershipClaims": "string", "serviceManagementReference": "string",
        "tokenEncryptionKeyId": "string", "defaultRedirectUri": "string", "samlMetadataUrl": "string",
        "publicClient": "object", "web": "object", "spa": "object", "api": "object", "info": "object",
        "optionalClaims": "object", "parentalControlSettings": "object", "requestSignatureVerification": "object",
        "servicePrincipalLockConfiguration": "object", "nativeAuthenticationApisEnabled": "string",
    ]

    /// Properties that exist but cannot be written.
    static let readOnly: Set<String> = [
        "id", "appId", "createdDateTime", "publisherDomain", "deletedDateTime", "passwordCredentials", "certification",
        "verifiedPublisher", "applicationTemplateId", "disabledByMicrosoftStatus", "uniqueName",
    ]

    static let signInAudiences: Set<String> = [
        "AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount",
    ]

    /// Every property of a fresh application, as Graph returns them.
    static let defaults: [String: JSON] = [
        "deletedDateTime": nil, "applicationTemplateId": nil, "disabledByMicrosoftStatus": nil, "description": nil,
        "displayName": nil, "groupMembershipClaims": nil, "identifierUris": [], "isDeviceOnlyAuthSupported": nil,
        "isFallbackPublicClient": nil, "nativeAuthenticationApisEnabled": nil, "notes": nil,
        "serviceManagementReference": nil, "signInAudience": "AzureADandPersonalMicrosoftAccount", "tags": [],
        "tokenEncryptionKeyId": nil, "uniqueName": nil, "samlMetadataUrl": nil, "defaultRedirectUri": nil,
        "certification": nil, "optionalClaims": nil, "requestSignatureVerification": nil, "addIns": [],
        "api": [
            "acceptMappedClaims": nil, "knownClientApplications": [], "requestedAccessTokenVersion": nil,
            "oauth2PermissionScopes": [], "preAuthorizedApplications": [],
        ],
        "appRoles": [],
        "info": [
            "logoUrl": nil, "marketingUrl": nil, "privacyStatementUrl": nil, "supportUrl": nil, "termsOfServiceUrl": nil,
        ],
        "keyCredentials": [],
        "parentalControlSettings": ["countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"],
        "publicClient": ["redirectUris": []],
        "requiredResourceAccess": [],
        "verifiedPublisher": ["displayName": nil, "verifiedPublisherId": nil, "addedDateTime": nil],
        "web": [
            "homePageUrl": nil, "logoutUrl": nil, "redirectUris": [],
            "implicitGrantSettings": ["enableAccessTokenIssuance": false, "enableIdTokenIssuance": false],
            "redirectUriSettings": [],
        ],
        "spa": ["redirectUris": []],
        "servicePrincipalLockConfiguration": [
            "isEnabled": true, "allProperties": true, "credentialsWithUsageVerify": true,
            "credentialsWithUsageSign": true, "identifierUris": false, "tokenEncryptionKeyId": true,
        ],
    ]

    /// The full Graph JSON of a stored application (secret values never included).
    static func render(_ application: DirectoryApplication) -> [String: JSON] {
        var object = defaults
        for (key, value) in application.properties { object[key] = value }
        object["id"] = .string(application.id)
        object["appId"] = .string(application.appId)
        object["passwordCredentials"] = .array(application.passwords.map(render))
        if let keys = object["keyCredentials"]?.arrayValue {
            object["keyCredentials"] = .array(keys.map { key in
                guard var members = key.objectValue else { return key }
                members["key"] = .null
                return .object(members)
            })
        }
        return object
    }

    /// A password credential as applications list it (`secretText` always null).
    static func render(_ credential: PasswordCredential) -> JSON {
        [
            "customKeyIdentifier": nil, "displayName": .string(orNull: credential.displayName),
            "endDateTime": .string(TwinTime.iso8601Precise(credential.endDateTime)), "hint": .string(credential.hint),
            "keyId": .string(credential.keyId), "secretText": nil,
            "startDateTime": .string(TwinTime.iso8601Precise(credential.startDateTime)),
        ]
    }

    /// Checks a POST or PATCH body; returns Graph's 400 message for the first problem.
    static func validationProblem(_ body: [String: JSON], creating: Bool) -> String? {
        for (key, value) in body.sorted(by: { $0.key < $1.key }) {
            if key.hasPrefix("@odata.") { continue }
            if key == "passwordCredentials" {
                return creating
                    ? "Adding passwordCredentials when creating an application is not supported. Use the addPassword "
                        + "method to add passwords or secrets for an application."
                    : "Updating passwordCredentials is not supported. Use the addPassword and removePassword methods."
            }
            if readOnly.contains(key) {
                if creating && key == "uniqueName" { continue }
                return "Property '\(key)' is read-only and cannot be set."
            }
            guard let kind = writable[key] else {
                return "Property '\(key)' does not exist as a declared property or extension property."
            }
            if value.isNull { continue }
            if value.typeName != kind || (key == "displayName" && (value.stringValue ?? "").isEmpty) {
                return "Invalid value specified for property '\(key)' of resource 'Application'."
            }
        }
        if let audience = body["signInAudience"]?.stringValue, !signInAudiences.contains(audience) {
            return "Invalid value specified for property 'signInAudience' of resource 'Application'."
        }
        if let access = body["requiredResourceAccess"]?.arrayValue {
            for entry in access {
                guard entry["resourceAppId"]?.stringValue.flatMap(UUID.init(uuidString:)) != nil,
                    let permissions = entry["resourceAccess"]?.arrayValue,
                    permissions.allSatisfy({
                        $0["id"]?.stringValue.flatMap(UUID.init(uuidString:)) != nil
                            && ["Scope", "Role"].contains($0["type"]?.stringValue ?? "")
                    })
                else { return "Invalid value specified for property 'requiredResourceAccess' of resource 'Application'." }
            }
        }
        if creating, (body["displayName"]?.stringValue ?? "").isEmpty {
            return "Invalid value specified for property 'displayName' of resource 'Application'."
        }
        return nil
    }
}

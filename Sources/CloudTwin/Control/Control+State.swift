import Crypto
import Foundation

extension Twin {
    /// The whole state for `GET /state`: secrets as metadata only, images as `{type, bytes, sha256}`.
    func stateJSON() -> JSON {
        let now = clock.now()
        return state.withLock { state in
            var orgs: [String: JSON] = [:]
            for (name, org) in state.orgs {
                var tables: [String: JSON] = [:]
                for (entitySet, table) in org.tables {
                    tables[entitySet] = .array(table.all.map { .object(Self.describingImages($0)) })
                }
                var associations: [String: JSON] = [:]
                for (relationship, pairs) in org.associations {
                    associations[relationship] = .array(pairs.map { [.string($0.left), .string($0.right)] })
                }
                orgs[name] = [
                    "unique_name": .string(org.uniqueName), "friendly_name": .string(org.friendlyName),
                    "organization_id": .string(org.organizationId), "environment_id": .string(org.environmentId),
                    "version": .string(org.version), "tables": .object(tables), "associations": .object(associations),
                ]
            }
            var environments: [String: JSON] = [:]
            for environment in state.powerPlatform.environments.values {
                environments[environment.id] = [
                    "org": .string(environment.orgName),
                    "packages": .array(environment.packages.all.map { .object($0.properties) }),
                ]
            }
            return [
                "tenant": [
                    "id": .string(state.tenant.id), "display_name": .string(state.tenant.displayName),
                    "domains": .array(state.tenant.domains.map { .string($0.name) }),
                    "cloud_instance_name": .string(state.tenant.cloudInstanceName),
                ],
                "applications": .array(state.applications.all.map { Self.describe($0, now: now) }),
                "service_principals": .array(state.servicePrincipals.all.map { principal in
                    var members = principal.properties
                    members["id"] = .string(principal.id)
                    members["appId"] = .string(principal.appId)
                    members["visible"] = .bool(principal.visibleAt <= now)
                    members["appRoleAssignments"] = .array(principal.appRoleAssignments.map {
                        ["resourceId": .string($0.resourceId), "appRoleId": .string($0.appRoleId)]
                    })
                    return .object(members)
                }),
                "grants": .array(state.grants.all.map(\.json)),
                "users": .array(state.users.all.map {
                    ["id": .string($0.id), "userPrincipalName": .string($0.userPrincipalName),
                     "displayName": .string($0.displayName)]
                }),
                "orgs": .object(orgs),
                "power_platform": [
                    "management_applications": .array(state.powerPlatform.managementApplications.map(JSON.string)),
                    "environments": .object(environments),
                    "operations": .array(state.powerPlatform.operations.all.map { operation in
                        var members = operation.properties
                        members["id"] = .string(operation.id)
                        members["environmentId"] = .string(operation.environmentId)
                        members["packageUniqueName"] = .string(operation.packageUniqueName)
                        return .object(members)
                    }),
                ],
                "device_codes": .array(state.deviceCodes.values.sorted { $0.createdAt < $1.createdAt }.map { sign in
                    ["user_code": .string(sign.userCode), "client_id": .string(sign.clientId),
                     "scope": .string(sign.scopes.joined(separator: " ")), "status": .string(sign.status.name),
                     "expires_at": .string(TwinTime.iso8601(sign.expiresAt))]
                }),
            ]
        }
    }

    private static func describe(_ application: DirectoryApplication, now: Date) -> JSON {
        var members = application.properties
        members["id"] = .string(application.id)
        members["appId"] = .string(application.appId)
        members["visible"] = .bool(application.visibleAt <= now)
        members["owners"] = .array(application.ownerServicePrincipalIds.map(JSON.string))
        members["passwordCredentials"] = .array(application.passwords.map { credential in
            [
                "keyId": .string(credential.keyId), "hint": .string(credential.hint),
                "displayName": .string(orNull: credential.displayName),
                "startDateTime": .string(TwinTime.iso8601(credential.startDateTime)),
                "endDateTime": .string(TwinTime.iso8601(credential.endDateTime)),
                "returned": .bool(credential.returned),
                "usable": .bool(credential.usableAt <= now && credential.endDateTime > now),
                "lastUsed": .string(orNull: credential.lastUsed.map(TwinTime.iso8601)),
            ]
        })
        return .object(members)
    }

    /// Replaces base64 image columns (`entityimage`) by `{type, bytes, sha256}`.
    static func describingImages(_ record: [String: JSON]) -> [String: JSON] {
        var record = record
        for (column, value) in record where column == "entityimage" || column.hasSuffix("_image") {
            guard let text = value.stringValue, let bytes = Data(base64Encoded: text) else { continue }
            record[column] = [
                "type": .string(ImageKind.detect(Array(bytes))), "bytes": .int(bytes.count),
                "sha256": .string(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()),
            ]
        }
        return record
    }
}

/// Recognizes image formats by their magic bytes.
enum ImageKind {
    static func detect(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpeg" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "gif" }
        if bytes.starts(with: Array("BM".utf8)) { return "bmp" }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "tiff" }
        return "unknown"
    }
}

extension DeviceAuthorization.Status {
    var name: String {
        switch self {
        case .pending: "pending"
        case .approved: "approved"
        case .declined: "declined"
        case .redeemed: "redeemed"
        }
    }
}

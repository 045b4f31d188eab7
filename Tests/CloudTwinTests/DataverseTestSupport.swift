import Foundation
import Testing

@testable import CloudTwin

/// Fixed ids of the demo scenario the Dataverse and Power Platform tests rely on.
enum Demo {
    static let stageRootBusinessUnit = "9b41a18d-4f69-5101-bd75-369a0e277c72"
    static let stageSalesBusinessUnit = "4d7d15aa-c91d-5bcd-a524-5fad0f2637ea"
    static let stageAdminAppUser = "e4899a6a-e8af-580f-9b17-d969647ad66a"
    static let stageHumanAdmin = "fb1b2ac9-9d36-5438-87fe-f85aa8e837ad"
    static let stageSystemAdministratorRole = "65a207b3-a500-52b6-bdd9-5ed903e7c4eb"
    static let stageBasicUserRole = "8747d13b-5e77-57bc-ae32-13a42666c97f"
    static let stageOrganizationId = "b7562523-6bec-5276-847f-d392aebfb237"
    static let stageBounceDefinition = "40b8fdcb-1dac-5744-aede-055a5fa4b61c"
    static let stageBounceActivation = "60adadd4-bbc1-578a-80cc-c7dd82cd3dd5"
    static let prodAdminAppUser = "f8fd9363-3b32-567d-8388-fe3a5d24ea5f"
    static let prodRootBusinessUnit = "f27e6d2b-e990-5412-8b8b-bd099cff142a"
    static let adobePackage = "AdobeCampaignStandardForD365"
}

/// An Entra application the test registered directly in the twin's state (no Graph calls needed).
struct TestApplication {
    var appId: String
    var servicePrincipalId: String
    var secret: String
}

extension RunningTwin {
    /// The Web API base of an org (`http://127.0.0.1:PORT/api/data/v9.2`).
    func api(_ org: String = "stage", version: String = "v9.2") -> String {
        "\(info.orgs[org]!)/api/data/\(version)"
    }

    /// A client-credentials token for an org, by default the admin app's.
    func orgToken(_ org: String = "stage", app: TestApplication? = nil) async throws -> String {
        try await appToken(resource: info.orgs[org]!, clientId: app?.appId, secret: app?.secret)
    }

    /// Registers an application with a service principal and a secret in the tenant.
    func registerApplication(_ displayName: String) -> TestApplication {
        let app = TestApplication(appId: TwinIDs.guid(), servicePrincipalId: TwinIDs.guid(), secret: "Twn8Q~test-\(TwinIDs.guid())")
        let now = twin.clock.now().addingTimeInterval(-60)
        twin.state.withLock { state in
            let credential = PasswordCredential.hashing(
                app.secret, keyId: TwinIDs.guid(), displayName: "test", start: now,
                end: now.addingTimeInterval(86400 * 30), usableAt: now, returned: true)
            let objectId = TwinIDs.guid()
            state.applications[objectId] = DirectoryApplication(
                id: objectId, appId: app.appId, properties: ["displayName": .string(displayName)],
                passwords: [credential], visibleAt: now)
            state.servicePrincipals[app.servicePrincipalId] = ServicePrincipal(
                id: app.servicePrincipalId, appId: app.appId, properties: ["displayName": .string(displayName)],
                visibleAt: now)
        }
        return app
    }

    /// Creates an application user for `app` through the Web API as the admin app; returns its systemuserid.
    func createApplicationUser(
        _ app: TestApplication, org: String = "stage", businessUnit: String = Demo.stageRootBusinessUnit,
        roles: [String] = []
    ) async throws -> String {
        let token = try await orgToken(org)
        let response = try await TestHTTP.json(
            "POST", "\(api(org))/systemusers",
            ["applicationid": .string(app.appId), "businessunitid@odata.bind": .string("/businessunits(\(businessUnit))")],
            token: token)
        try #require(response.status == 204, "creating the application user failed: \(response.status) \(response.text)")
        let location = try #require(response.headers["odata-entityid"])
        let id = String(location.dropFirst(location.count - 37).dropLast())
        for role in roles {
            let associate = try await TestHTTP.json(
                "POST", "\(api(org))/systemusers(\(id))/systemuserroles_association/$ref",
                ["@odata.id": .string("\(api(org))/roles(\(role))")], token: token)
            try #require(associate.status == 204, "associating role \(role) failed: \(associate.text)")
        }
        return id
    }

    /// A delegated token for the scenario's admin user through the device-code flow, approved on the control origin.
    func userToken(resource: String) async throws -> String {
        let start = try await TestHTTP.form(
            "\(info.identity)/\(info.tenantDomain)/oauth2/v2.0/devicecode",
            [("client_id", info.publicClientId), ("scope", "\(resource)/user_impersonation offline_access")])
        let codes = try start.requireJSON()
        let userCode = try #require(codes["user_code"]?.stringValue, "no user code: \(start.text)")
        let deviceCode = try #require(codes["device_code"]?.stringValue)
        let approved = try await control("POST", "/device/approve", ["user_code": .string(userCode)])
        try #require(approved.status == 200, "approve failed: \(approved.text)")
        let token = try await TestHTTP.form(
            tokenURL,
            [
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", info.publicClientId),
                ("device_code", deviceCode),
            ])
        return try #require(token.requireJSON()["access_token"]?.stringValue, "no token: \(token.text)")
    }

    /// A row read through the control origin's state dump.
    func stateRows(_ org: String, _ table: String) async throws -> [JSON] {
        try await control("/state")["orgs"]?[org]?["tables"]?[table]?.arrayValue ?? []
    }
}

extension TestResponse {
    /// The `error.code` of a Dataverse or Power Platform error body.
    var errorCode: String? { json?["error"]?["code"]?.stringValue }
    /// The `error.message` of an error body.
    var errorMessage: String? { json?["error"]?["message"]?.stringValue }
}

/// Small images of each accepted format (valid magic bytes).
enum TestImages {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x11, count: 56)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x22, count: 60)
    static let gif: [UInt8] = Array("GIF89a".utf8) + Array(repeating: 0x33, count: 58)
    static let bmp: [UInt8] = Array("BM".utf8) + Array(repeating: 0x44, count: 62)
    static let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Array(repeating: 0x55, count: 60)
}

import Foundation
import Testing

@testable import CloudTwin

/// Graph calls the tests use to set things up, as the admin app.
struct GraphFixture {
    let twin: RunningTwin

    init(_ twin: RunningTwin) { self.twin = twin }

    var graph: String { "\(twin.info.graph)/v1.0" }

    func adminToken() async throws -> String { try await twin.appToken() }

    /// Creates an application and returns its object id and client id.
    func createApplication(_ name: String, extra: [String: JSON] = [:]) async throws -> (id: String, appId: String) {
        var body: [String: JSON] = ["displayName": .string(name), "signInAudience": "AzureADMyOrg"]
        for (key, value) in extra { body[key] = value }
        let response = try await TestHTTP.json("POST", "\(graph)/applications", .object(body), token: try await adminToken())
        try #require(response.status == 201, "create application: \(response.status) \(response.text)")
        let json = try response.requireJSON()
        return (try #require(json["id"]?.stringValue), try #require(json["appId"]?.stringValue))
    }

    /// Adds a secret and returns its value.
    func addPassword(objectId: String) async throws -> String {
        let response = try await TestHTTP.json(
            "POST", "\(graph)/applications/\(objectId)/addPassword", ["passwordCredential": ["displayName": "test"]],
            token: try await adminToken())
        try #require(response.status == 200, "addPassword: \(response.status) \(response.text)")
        return try #require(response.requireJSON()["secretText"]?.stringValue)
    }

    /// Creates the service principal of an application.
    @discardableResult
    func createServicePrincipal(appId: String) async throws -> String {
        let response = try await TestHTTP.json(
            "POST", "\(graph)/servicePrincipals", ["appId": .string(appId)], token: try await adminToken())
        try #require(response.status == 201, "create service principal: \(response.status) \(response.text)")
        return try #require(response.requireJSON()["id"]?.stringValue)
    }

    /// A new secret on the scenario's admin app.
    func newSecretForAdminApp() async throws -> String {
        let response = try await TestHTTP.get(
            "\(graph)/applications(appId='\(twin.info.admin.clientId)')?$select=id", token: try await adminToken())
        let id = try #require(response.requireJSON()["id"]?.stringValue)
        return try await addPassword(objectId: id)
    }

    /// An app with a service principal and a secret but no Graph permissions; returns its token for Graph.
    func tokenOfAppWithoutPermissions() async throws -> String {
        let app = try await createApplication("no permissions \(UUID().uuidString.prefix(8))")
        try await createServicePrincipal(appId: app.appId)
        let secret = try await addPassword(objectId: app.id)
        return try await twin.appToken(clientId: app.appId, secret: secret)
    }
}

import Foundation
import HTTPTransport
import Testing

@testable import MicrosoftCloud

@Suite("Error decoding")
struct ErrorDecodingTests {
    let redactor = SecretRedactor()

    func response(_ status: Int, _ body: String, headers: HTTPHeaders = [:], host: String = "login.microsoftonline.com") -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8), url: URL(string: "https://\(host)/x")!)
    }

    @Test("identity errors: AADSTS code, error, first line only, trace and correlation ids")
    func identity() {
        let body = #"""
        {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: t1\r\nCorrelation ID: c1\r\nTimestamp: 2024-01-01 00:00:00Z","error_codes":[7000215],"trace_id":"t1","correlation_id":"c1"}
        """#
        let error = IdentityErrors.decode(response(401, body), redactor: redactor)
        #expect(error.code == .oauthInvalidClient)
        #expect(error.serviceCode == "AADSTS7000215")
        #expect(error.message == "invalid_client: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.")
        #expect(error.requestId == "t1")
        #expect(error.clientRequestId == "c1")
        #expect(error.description.hasPrefix("Identity 401 AADSTS7000215: invalid_client: Invalid client secret provided."))
        #expect(error.description.hasSuffix("(trace-id t1, correlation-id c1)"))
    }

    @Test("identity error codes map to the stable codes")
    func identityCodes() {
        #expect(IdentityErrors.code(error: "unauthorized_client", number: 700016, status: 400) == .oauthUnknownApp)
        #expect(IdentityErrors.code(error: "invalid_request", number: 90002, status: 400) == .oauthUnknownTenant)
        #expect(IdentityErrors.code(error: "authorization_declined", number: nil, status: 400) == .oauthAuthorizationDeclined)
        #expect(IdentityErrors.code(error: "expired_token", number: 70019, status: 400) == .oauthExpired)
        #expect(IdentityErrors.code(error: "authorization_pending", number: 70016, status: 400) == .oauthAuthorizationPending)
        #expect(IdentityErrors.code(error: "slow_down", number: nil, status: 400) == .oauthSlowDown)
        #expect(IdentityErrors.code(error: "invalid_grant", number: 70008, status: 400) == .oauthInvalidGrant)
        #expect(IdentityErrors.code(error: "", number: nil, status: 429) == "oauth.throttled")
    }

    @Test("a registered secret in an identity message is masked")
    func identityRedaction() {
        redactor.register("hunter2-secret-value")
        let body = #"{"error":"invalid_request","error_description":"AADSTS900144: bad value hunter2-secret-value"}"#
        let error = IdentityErrors.decode(response(400, body), redactor: redactor)
        #expect(!error.description.contains("hunter2-secret-value"))
        #expect(error.serviceCode == "AADSTS900144")
    }

    @Test("Graph errors: code, message, request ids from innerError")
    func graph() {
        let body = #"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2025-02-13T10:17:06","request-id":"r-1","client-request-id":"c-1"}}}"#
        let error = ServiceErrors.graph(response(403, body, host: "graph.microsoft.com"), clientRequestId: "c-sent", redactor: redactor)
        #expect(error.code == .graphForbidden)
        #expect(error.description == "Graph 403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id r-1, client-request-id c-1)")
        let conflict = ServiceErrors.graph(
            response(400, #"{"error":{"code":"Request_MultipleObjectsWithSameKeyValue","message":"exists"}}"#),
            clientRequestId: "c-sent", redactor: redactor)
        #expect(conflict.code == .graphConflict)
        #expect(conflict.clientRequestId == "c-sent")
    }

    @Test("Dataverse errors: hex codes, an empty code falls back on status and message")
    func dataverse() {
        let notMember = ServiceErrors.dataverse(
            response(403, #"{"error":{"code":"0x80072560","message":"The user is not a member of the organization."}}"#, headers: ["REQ_ID": "q-1"]),
            redactor: redactor)
        #expect(notMember.code == .dataverseUserNotMember)
        #expect(notMember.requestId == "q-1")
        let duplicate = ServiceErrors.dataverse(
            response(412, #"{"error":{"code":"","message":"A record with matching key values already exists."}}"#), redactor: redactor)
        #expect(duplicate.code == .dataverseDuplicate)
        #expect(duplicate.serviceCode == nil)
        let missing = ServiceErrors.dataverse(
            response(404, #"{"error":{"code":"","message":"account With Id = 1 Does Not Exist"}}"#), redactor: redactor)
        #expect(missing.code == .dataverseNotFound)
        #expect(missing.description == "Dataverse 404: account With Id = 1 Does Not Exist")
        let html = ServiceErrors.dataverse(response(502, "<html>bad gateway</html>"), redactor: redactor)
        #expect(html.code == "dataverse.server_error")
        #expect(html.message == "<html>bad gateway</html>")
    }
}

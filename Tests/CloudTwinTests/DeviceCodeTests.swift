import Foundation
import Testing

@testable import CloudTwin

@Suite("Identity platform: device code and refresh tokens")
struct DeviceCodeTests {
    struct Flow {
        let twin: RunningTwin
        let deviceCode: String
        let userCode: String
        let interval: Int

        func poll() async throws -> (Int, JSON) {
            let response = try await TestHTTP.form(
                twin.tokenURL,
                [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", twin.info.publicClientId),
                 ("device_code", deviceCode)])
            return (response.status, try response.requireJSON())
        }

        /// Moves the twin clock past the polling interval so the next poll is not `slow_down`.
        func waitInterval() async throws {
            _ = try await twin.control("POST", "/clock/advance", ["seconds": .int(interval + 1)])
        }
    }

    static let scope = "https://graph.microsoft.com/.default offline_access openid profile"

    func start(_ twin: RunningTwin, clientId: String? = nil, scope: String = scope) async throws -> Flow {
        let response = try await TestHTTP.form(
            "\(twin.info.identity)/organizations/oauth2/v2.0/devicecode",
            [("client_id", clientId ?? twin.info.publicClientId), ("scope", scope)])
        #expect(response.status == 200, "\(response.text)")
        let body = try response.requireJSON()
        #expect(body["verification_uri"] == "https://microsoft.com/devicelogin")
        #expect(body["verification_uri_complete"] == nil)
        #expect(body["expires_in"] == 900)
        #expect(body["interval"] == 5)
        let userCode = try #require(body["user_code"]?.stringValue)
        #expect(body["message"]?.stringValue?.contains(userCode) == true)
        return Flow(
            twin: twin, deviceCode: try #require(body["device_code"]?.stringValue), userCode: userCode,
            interval: try #require(body["interval"]?.intValue))
    }

    @Test func pendingThenApprovedYieldsAccessIdAndRefreshTokens() async throws {
        try await withTwin { twin in
            let flow = try await start(twin)
            var (status, body) = try await flow.poll()
            #expect(status == 400)
            #expect(body["error"] == "authorization_pending")
            #expect(body["error_codes"] == [70016])

            let pending = try await twin.control("/device/pending")["pending"]?.arrayValue ?? []
            #expect(pending.map { $0["user_code"] } == [.string(flow.userCode)])
            #expect(pending.first?["device_code"] == nil)
            let approval = try await twin.control("POST", "/device/approve", ["user_code": .string(flow.userCode)])
            #expect(approval.status == 200)

            try await flow.waitInterval()
            (status, body) = try await flow.poll()
            #expect(status == 200, "\(body)")
            #expect(body["token_type"] == "Bearer")
            #expect(body["expires_in"] == 3599)
            #expect(body["ext_expires_in"] == 3599)
            #expect(body["refresh_token"]?.stringValue?.isEmpty == false)
            let scope = try #require(body["scope"]?.stringValue)
            #expect(scope.contains("https://graph.microsoft.com/Application.ReadWrite.All"))
            #expect(scope.contains("offline_access"))
            let access = try jwtClaims(try #require(body["access_token"]?.stringValue))
            #expect(access["idtyp"] == "user")
            #expect(access["aud"]?.stringValue == twin.info.graph)
            #expect(access["upn"]?.stringValue == twin.info.adminUser)
            #expect(access["scp"]?.stringValue?.split(separator: " ").contains("Application.ReadWrite.All") == true)
            #expect(access["roles"] == nil)
            let id = try jwtClaims(try #require(body["id_token"]?.stringValue))
            #expect(id["aud"]?.stringValue == twin.info.publicClientId)
            #expect(id["preferred_username"]?.stringValue == twin.info.adminUser)
            #expect(id["iss"]?.stringValue == "\(twin.info.identity)/\(twin.info.tenantId)/v2.0")

            try await flow.waitInterval()
            (status, body) = try await flow.poll()
            #expect(status == 400)
            #expect(body["error_codes"] == [54005])
        }
    }

    @Test func pollingFasterThanTheIntervalIsSlowDown() async throws {
        try await withTwin { twin in
            let flow = try await start(twin)
            // Two polls in a row are within the interval unless the machine stalls between them; a few pairs make
            // a stall on a loaded machine harmless while a twin that never answers slow_down still fails.
            var answers: [(Int, String?)] = []
            for _ in 0..<5 {
                _ = try await flow.poll()
                let (status, body) = try await flow.poll()
                answers.append((status, body["error"]?.stringValue))
                if body["error"] == "slow_down" { break }
            }
            #expect(answers.last?.0 == 400)
            #expect(answers.last?.1 == "slow_down", "answers: \(answers)")
        }
    }

    @Test func declinedExpiredAndUnknownCodes() async throws {
        try await withTwin { twin in
            let declined = try await start(twin)
            _ = try await twin.control("POST", "/device/decline", ["user_code": .string(declined.userCode)])
            var (_, body) = try await declined.poll()
            #expect(body["error"] == "authorization_declined")

            let expiring = try await start(twin)
            _ = try await twin.control("POST", "/clock/advance", ["seconds": 901])
            (_, body) = try await expiring.poll()
            #expect(body["error"] == "expired_token")
            #expect(body["error_codes"] == [70019])

            let unknown = Flow(twin: twin, deviceCode: "DAQABIQEAAADnotacode", userCode: "", interval: 5)
            (_, body) = try await unknown.poll()
            #expect(body["error"] == "bad_verification_code")

            let missing = try await TestHTTP.form(
                twin.tokenURL, [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", twin.info.publicClientId)])
            #expect(try missing.requireJSON()["error_codes"] == [900144])
        }
    }

    @Test func aConfidentialClientCannotFinishTheDeviceFlow() async throws {
        try await withTwin { twin in
            let flow = try await start(twin, clientId: twin.info.admin.clientId)
            _ = try await twin.control("POST", "/device/approve", ["user_code": .string(flow.userCode)])
            let response = try await TestHTTP.form(
                twin.tokenURL,
                [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", twin.info.admin.clientId),
                 ("device_code", flow.deviceCode)])
            #expect(response.status == 401)
            #expect(try response.requireJSON()["error_codes"] == [7000218])
        }
    }

    @Test func aRefreshTokenIsRedeemedForAnOrgWithUserImpersonation() async throws {
        try await withTwin { twin in
            let flow = try await start(twin)
            _ = try await twin.control("POST", "/device/approve", ["user_code": .string(flow.userCode)])
            let (_, tokens) = try await flow.poll()
            let refresh = try #require(tokens["refresh_token"]?.stringValue)
            let stage = try #require(twin.info.orgs["stage"])
            let response = try await TestHTTP.form(
                twin.tokenURL,
                [("grant_type", "refresh_token"), ("client_id", twin.info.publicClientId), ("refresh_token", refresh),
                 ("scope", "\(stage)/.default offline_access")])
            #expect(response.status == 200, "\(response.text)")
            let body = try response.requireJSON()
            let claims = try jwtClaims(try #require(body["access_token"]?.stringValue))
            #expect(claims["aud"]?.stringValue == stage)
            #expect(claims["scp"] == "user_impersonation")
            #expect(body["refresh_token"]?.stringValue != refresh)

            let bad = try await TestHTTP.form(
                twin.tokenURL,
                [("grant_type", "refresh_token"), ("client_id", twin.info.publicClientId), ("refresh_token", "0.Anot-a-token"),
                 ("scope", "\(stage)/.default")])
            #expect(bad.status == 400)
            #expect(try bad.requireJSON()["error"] == "invalid_grant")

            let unconsented = try await TestHTTP.form(
                twin.tokenURL,
                [("grant_type", "refresh_token"), ("client_id", twin.info.publicClientId), ("refresh_token", refresh),
                 ("scope", "https://graph.microsoft.com/Mail.Send")])
            #expect(try unconsented.requireJSON()["error_codes"] == [65001])
        }
    }

    @Test func deviceCodeRequestsNeedAKnownClientAndOneResource() async throws {
        try await withTwin { twin in
            let unknown = try await TestHTTP.form(
                "\(twin.info.identity)/organizations/oauth2/v2.0/devicecode",
                [("client_id", "11111111-2222-3333-4444-555555555555"), ("scope", Self.scope)])
            #expect(try unknown.requireJSON()["error_codes"] == [700016])
            let twoResources = try await TestHTTP.form(
                "\(twin.info.identity)/organizations/oauth2/v2.0/devicecode",
                [("client_id", twin.info.publicClientId), ("scope", "\(twin.info.graph)/.default \(twin.info.orgs["stage"]!)/.default")])
            #expect(try twoResources.requireJSON()["error_codes"] == [700022])
        }
    }
}

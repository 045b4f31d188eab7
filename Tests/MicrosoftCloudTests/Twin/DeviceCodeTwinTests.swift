import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting
import Synchronization
import Testing

@Suite("Device code and refresh tokens against the twin")
struct DeviceCodeTwinTests {
    /// Decides the sign-in whose user code the prompt shows, from another thread, through the control endpoint.
    final class SignInOperator: Sendable {
        let shown = Mutex<DeviceCodePrompt?>(nil)
        let decided = Mutex<String?>(nil)

        func prompt(_ prompt: DeviceCodePrompt) { shown.withLock { $0 = prompt } }

        /// Starts a thread that waits for the prompt, checks the code is pending, and approves or declines it.
        func start(_ twin: TwinFixture, approve: Bool) {
            let thread = Thread {
                do {
                    let control = try twin.control()
                    let deadline = Date().addingTimeInterval(60)
                    while Date() < deadline {
                        if let code = self.shown.withLock({ $0?.userCode }),
                            try control.pendingDeviceCodes().contains(where: { $0["user_code"]?.stringValue == code })
                        {
                            if approve { try control.approveDeviceCode(code) } else { try control.declineDeviceCode(code) }
                            self.decided.withLock { $0 = code }
                            return
                        }
                        Thread.sleep(forTimeInterval: 0.1)
                    }
                } catch {
                    self.decided.withLock { $0 = "failed: \(error)" }
                }
            }
            thread.start()
        }
    }

    @Test("device code from start to completion, approved from another thread")
    func approved() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            let person = SignInOperator()
            person.start(twin, approve: true)
            try await blocking {
                let credential = try info.deviceCodeCredential(prompt: person.prompt)
                let session = try twin.session(credential: credential)
                let claims = try session.accessToken(for: session.graphResource).claims()
                #expect(claims["aud"]?.stringValue == info.profile.graph.description)
                #expect(claims["tid"]?.stringValue == info.tenantId)
                let shown = try #require(person.shown.withLock { $0 })
                #expect(person.decided.withLock { $0 } == shown.userCode)
                #expect(shown.message.contains(shown.userCode))
                #expect(!shown.verificationURI.isEmpty)
                #expect(credential.refreshToken != nil)
            }
        }
    }

    @Test("a declined device code fails with oauth.authorization_declined")
    func declined() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            let person = SignInOperator()
            person.start(twin, approve: false)
            try await blocking {
                let session = try twin.session(credential: try info.deviceCodeCredential(prompt: person.prompt))
                let error = try #require(throws: CloudError.self) { try session.accessToken(for: session.graphResource) }
                #expect(error.code == .oauthAuthorizationDeclined)
                #expect(person.decided.withLock { $0 } == person.shown.withLock { $0?.userCode })
            }
        }
    }

    @Test("the refresh token is exchanged for an org's token and replaced by the new one")
    func refreshForOrg() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            let person = SignInOperator()
            person.start(twin, approve: true)
            try await blocking {
                let control = try twin.control()
                let credential = try info.deviceCodeCredential(prompt: person.prompt)
                let session = try twin.session(credential: credential)
                _ = try session.accessToken(for: session.graphResource)
                let first = try #require(credential.refreshToken)
                let since = Int(try control.requests().last?["seq"]?.intValue ?? 0)

                let stage = try info.profile.org("stage")
                let org = try session.accessToken(for: stage).claims()
                #expect(org["aud"]?.stringValue == stage.description)
                let second = try #require(credential.refreshToken)
                #expect(second != first)
                let prod = try info.profile.org("prod")
                #expect(try session.accessToken(for: prod).claims()["aud"]?.stringValue == prod.description)
                #expect(credential.refreshToken != second)
                // Exactly one token request per org, no new device-code sign-in.
                let identity = try twin.logged(control, service: "identity", since: since)
                #expect(identity.count == 2)
                #expect(identity.allSatisfy { $0.loggedPath.hasSuffix("/oauth2/v2.0/token") && $0.loggedStatus == 200 })
            }
        }
    }
}

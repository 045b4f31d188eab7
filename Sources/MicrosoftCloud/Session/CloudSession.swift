public import Foundation
public import HTTPTransport
public import Logging

/// Sends one HTTP request; `HTTPTransport` is the real one. A seam so the session does not care how.
public protocol HTTPSending: AnyObject {
    /// Sends `request` and returns the answer, whatever its status.
    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse
}

extension HTTPTransport: HTTPSending {}

/// One signed-in connection to a Microsoft cloud: the cloud's hosts, a credential, the transport, the token cache,
/// the retry policy, the redactor and the counters. Synchronous and confined to one thread, like its transport.
///
/// The clients (`graph`, `dataverse(_:)`, `powerPlatform`, `identity`) are cheap views on the session.
public final class CloudSession {
    /// The cloud's hosts.
    public let profile: CloudProfile
    /// Who the session signs in as.
    public let credential: any TokenCredential
    /// Joins Graph paths to `profile.graphBase` (made once: every Graph call starts from it).
    let graphPaths: APIURLJoiner
    /// Who signs the session's tokens, as token cache keys name them (made once: every call looks a token up).
    let signer: (authority: Origin, tenant: String, clientId: String)
    let shared: Shared

    /// What sessions derived with `withCredential(_:)` share with this one.
    final class Shared {
        let transport: any HTTPSending
        let redactor: SecretRedactor
        let tokenCache = TokenCache()
        let counters = RequestCounters()
        var retryPolicy: RetryPolicy
        var timing: RetryTiming
        var logger: Logger
        var exchangeObserver: ((ExchangeRecord) -> Void)?

        init(transport: any HTTPSending, redactor: SecretRedactor, retryPolicy: RetryPolicy, timing: RetryTiming, logger: Logger) {
            self.transport = transport
            self.redactor = redactor
            self.retryPolicy = retryPolicy
            self.timing = timing
            self.logger = logger
        }
    }

    /// A session over an existing transport. `redactor` must be the one the transport masks its traces with.
    public init(
        profile: CloudProfile, credential: any TokenCredential, transport: any HTTPSending, redactor: SecretRedactor,
        retryPolicy: RetryPolicy = .standard, timing: RetryTiming = .system,
        logger: Logger = Logger(label: "stepwise.cloud")
    ) {
        self.profile = profile
        self.credential = credential
        graphPaths = APIURLJoiner(base: profile.graphBase, service: .graph)
        signer = Self.signer(of: credential, in: profile)
        self.shared = Shared(transport: transport, redactor: redactor, retryPolicy: retryPolicy, timing: timing, logger: logger)
        credential.registerSecrets(with: redactor)
    }

    private init(profile: CloudProfile, credential: any TokenCredential, shared: Shared) {
        self.profile = profile
        self.credential = credential
        graphPaths = APIURLJoiner(base: profile.graphBase, service: .graph)
        signer = Self.signer(of: credential, in: profile)
        self.shared = shared
        credential.registerSecrets(with: shared.redactor)
    }

    private static func signer(
        of credential: any TokenCredential, in profile: CloudProfile
    ) -> (authority: Origin, tenant: String, clientId: String) {
        (credential.authority ?? profile.authority, credential.tenant.lowercased(), credential.clientId.lowercased())
    }

    /// A session that signs in as `credential` but shares this one's transport, token cache, redactor, counters,
    /// policy and observer (e.g. to check that a new app's secret works).
    public func withCredential(_ credential: any TokenCredential) -> CloudSession {
        CloudSession(profile: profile, credential: credential, shared: shared)
    }

    /// The redactor every token, refresh token and secret is registered with.
    public var redactor: SecretRedactor { shared.redactor }

    /// Requests sent, per origin.
    public var counters: RequestCounters { shared.counters }

    /// The tokens this session (and its derived sessions) hold.
    public var tokenCache: TokenCache { shared.tokenCache }

    /// The retry policy of every call.
    public var retryPolicy: RetryPolicy {
        get { shared.retryPolicy }
        set { shared.retryPolicy = newValue }
    }

    /// The clock, sleeper and jitter behind retries and polling.
    public var timing: RetryTiming {
        get { shared.timing }
        set { shared.timing = newValue }
    }

    /// Where retries and sign-in progress are logged (messages are redacted).
    public var logger: Logger {
        get { shared.logger }
        set { shared.logger = newValue }
    }

    /// Called after every HTTP exchange with a redacted record (the step debugger's feed).
    public var exchangeObserver: ((ExchangeRecord) -> Void)? {
        get { shared.exchangeObserver }
        set { shared.exchangeObserver = newValue }
    }

    /// The Microsoft Graph client.
    public var graph: GraphClient { GraphClient(session: self) }

    /// The identity platform client (token endpoint, device code, tenant discovery).
    public var identity: IdentityClient { IdentityClient(session: self) }

    /// The Power Platform API client.
    public var powerPlatform: PowerPlatformClient { PowerPlatformClient(session: self) }

    /// A Dataverse client for the org named `nameOrURL` (a custom cloud's `stage`) or at that URL; fails with
    /// `cloud.mismatch` when the org belongs to another cloud, before any request.
    public func dataverse(_ nameOrURL: String, apiVersion: String = "v9.2") throws(CloudError) -> DataverseClient {
        DataverseClient(session: self, org: try profile.org(nameOrURL), apiVersion: apiVersion)
    }

    /// A Dataverse client for the org at `url` (checked like `dataverse(_:)`).
    public func dataverse(url: URL, apiVersion: String = "v9.2") throws(CloudError) -> DataverseClient {
        DataverseClient(session: self, org: try profile.validateOrg(url), apiVersion: apiVersion)
    }
}

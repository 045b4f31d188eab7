public import HTTPTransport
public import Logging

extension CloudSession {
    /// A session that owns a new `HTTPTransport` built from `configuration`. The configuration's redactor is used
    /// (one is made when it has none), so transport traces and exchanges mask what the session registers.
    /// Redirects are never followed, whatever the configuration says: a redirect is an error.
    public convenience init(
        profile: CloudProfile, credential: any TokenCredential,
        configuration: HTTPTransportConfiguration = HTTPTransportConfiguration(),
        retryPolicy: RetryPolicy = .standard, logger: Logger = Logger(label: "stepwise.cloud")
    ) throws(CloudError) {
        var configuration = configuration
        let redactor = configuration.redactor ?? SecretRedactor()
        configuration.redactor = redactor
        configuration.followRedirects = 0
        let transport: HTTPTransport
        do {
            transport = try HTTPTransport(configuration: configuration)
        } catch {
            throw Self.cloudError(error, service: .http, redactor: redactor)
        }
        self.init(
            profile: profile, credential: credential, transport: transport, redactor: redactor,
            retryPolicy: retryPolicy, logger: logger)
    }

    /// A session on a twin, signed in as its scenario's admin app (or `credential`), trusting its CA when it
    /// serves TLS.
    public convenience init(
        twin: TwinConnection, credential: (any TokenCredential)? = nil,
        configuration: HTTPTransportConfiguration = HTTPTransportConfiguration(),
        retryPolicy: RetryPolicy = .standard, logger: Logger = Logger(label: "stepwise.cloud")
    ) throws(CloudError) {
        var configuration = configuration
        if configuration.caFile == nil { configuration.caFile = twin.caFile }
        configuration.proxy = .none
        try self.init(
            profile: twin.profile, credential: credential ?? twin.adminCredential(), configuration: configuration,
            retryPolicy: retryPolicy, logger: logger)
    }
}

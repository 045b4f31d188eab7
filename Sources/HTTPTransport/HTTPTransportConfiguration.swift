/// How an `HTTPTransport` connects, how long it waits, what it accepts and what it reports.
///
/// TLS verification is always on (peer and host name); `caFile` can only add trust, never remove checks.
public struct HTTPTransportConfiguration: Sendable {
    /// The version sent in the default `User-Agent`.
    public static let stepwiseVersion = "0.1.0"

    /// Longest wait for the TCP (and TLS) connection to be established.
    public var connectTimeout: Duration = .seconds(10)
    /// Longest wait for a whole request, from connecting to the last byte of the body; `HTTPRequest.timeout` overrides it.
    public var totalTimeout: Duration = .seconds(100)
    /// Largest response body accepted; a larger one fails with `.bodyTooLarge` before it is buffered.
    public var maxResponseBytes: Int = 64 * 1024 * 1024
    /// Most redirects followed per request; 0 returns every 3xx response as is.
    public var followRedirects: Int = 0
    /// An extra PEM bundle of trusted certificate authorities, on top of the system's (`/etc/ssl/certs`).
    public var caFile: String?
    /// The `User-Agent` sent when the request does not set one.
    public var userAgent: String = "stepwise/\(HTTPTransportConfiguration.stepwiseVersion)"
    /// Which proxy to use, if any.
    public var proxy: ProxySettings = .fromEnvironment
    /// Masks registered secrets in traces and in the exchanges given to `exchangeObserver`.
    public var redactor: SecretRedactor?
    /// Receives libcurl's verbose lines (connection info, headers, short body prefixes), already masked.
    public var trace: (@Sendable (String) -> Void)?
    /// Receives every request/response pair (one per redirect hop), with secrets masked and bodies bounded.
    public var exchangeObserver: (@Sendable (HTTPExchange) -> Void)?

    /// The defaults; change the fields you need.
    public init() {}

    /// A configuration with the given limits and hooks; unspecified fields keep their defaults.
    public init(
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(100),
        maxResponseBytes: Int = 64 * 1024 * 1024,
        followRedirects: Int = 0,
        caFile: String? = nil,
        userAgent: String? = nil,
        proxy: ProxySettings = .fromEnvironment,
        redactor: SecretRedactor? = nil,
        trace: (@Sendable (String) -> Void)? = nil,
        exchangeObserver: (@Sendable (HTTPExchange) -> Void)? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        self.followRedirects = followRedirects
        self.caFile = caFile
        if let userAgent { self.userAgent = userAgent }
        self.proxy = proxy
        self.redactor = redactor
        self.trace = trace
        self.exchangeObserver = exchangeObserver
    }
}

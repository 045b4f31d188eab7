/// How many requests a session (and the sessions derived from it) sent, per origin: requests to the token
/// endpoint made to get tokens for that origin, and API requests sent to it.
public final class RequestCounters {
    /// The counts for one origin.
    public struct Entry: Sendable, Equatable {
        /// HTTP requests to the token endpoint (including device-code polls) for tokens for this origin.
        public var tokenRequests = 0
        /// HTTP requests sent to this origin (each retry counts).
        public var apiRequests = 0

        public init(tokenRequests: Int = 0, apiRequests: Int = 0) {
            self.tokenRequests = tokenRequests
            self.apiRequests = apiRequests
        }

        /// API requests per token request (the cache's effect), or nil before any token request.
        public var requestsPerToken: Double? {
            tokenRequests == 0 ? nil : Double(apiRequests) / Double(tokenRequests)
        }
    }

    /// Counts by origin.
    public private(set) var byOrigin: [Origin: Entry] = [:]

    public init() {}

    /// The counts for `origin` (zeros if none).
    public subscript(origin: Origin) -> Entry { byOrigin[origin] ?? Entry() }

    /// All token requests.
    public var tokenRequests: Int { byOrigin.values.reduce(0) { $0 + $1.tokenRequests } }

    /// All API requests.
    public var apiRequests: Int { byOrigin.values.reduce(0) { $0 + $1.apiRequests } }

    func countTokenRequest(for resource: Origin) {
        byOrigin[resource, default: Entry()].tokenRequests += 1
    }

    func countAPIRequest(to origin: Origin) {
        byOrigin[origin, default: Entry()].apiRequests += 1
    }

    /// Sets every count back to zero.
    public func reset() {
        byOrigin.removeAll()
    }
}

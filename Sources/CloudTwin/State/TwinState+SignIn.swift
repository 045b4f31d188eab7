import Foundation

/// A device-code sign-in in progress (RFC 8628).
struct DeviceAuthorization: Sendable {
    enum Status: Sendable, Equatable {
        case pending
        case approved(userId: String)
        case declined
        case redeemed
    }

    var deviceCode: String
    var userCode: String
    var clientId: String
    var scopes: [String]
    var createdAt: Date
    var expiresAt: Date
    var interval: Int
    var lastPolledAt: Date?
    var status: Status
}

/// What a refresh token the twin issued stands for.
struct RefreshGrant: Sendable {
    var userId: String
    var clientId: String
    /// The scope parameter of the sign-in that produced it (used when a refresh request omits `scope`).
    var scope: String
    var issuedAt: Date
    var expiresAt: Date
}

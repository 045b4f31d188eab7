public import Foundation

/// The hosts of one Microsoft cloud: where to sign in, where Graph, Dataverse and the Power Platform API live.
public struct CloudProfile: Sendable, Equatable {
    /// `global`, `usgovhigh`, `usdod`, `china` or `custom`.
    public let name: String
    /// The identity platform's origin (`https://login.microsoftonline.com`).
    public let authority: Origin
    /// Microsoft Graph's origin; the API base is this plus `/v1.0`.
    public let graph: Origin
    /// The Power Platform API's origin.
    public let powerPlatform: Origin
    /// Host suffixes of the cloud's Dataverse orgs (`crm.dynamics.com`, `crm4.dynamics.com`, ...).
    public let dataverseHostSuffixes: [String]
    /// Named org URLs (custom clouds only, e.g. the twin's `stage` and `prod`).
    public let orgs: [String: Origin]

    public init(
        name: String, authority: Origin, graph: Origin, powerPlatform: Origin,
        dataverseHostSuffixes: [String] = [], orgs: [String: Origin] = [:]
    ) {
        self.name = name
        self.authority = authority
        self.graph = graph
        self.powerPlatform = powerPlatform
        self.dataverseHostSuffixes = dataverseHostSuffixes
        self.orgs = orgs
    }

    /// The commercial cloud (also US GCC, which signs in and calls Graph there and has its orgs on `crm9`).
    public static let global = CloudProfile(
        name: "global",
        authority: Origin(string: "https://login.microsoftonline.com")!,
        graph: Origin(string: "https://graph.microsoft.com")!,
        powerPlatform: Origin(string: "https://api.powerplatform.com")!,
        dataverseHostSuffixes: ["crm.dynamics.com"] + (2...21).map { "crm\($0).dynamics.com" }
    )

    /// US Government GCC High.
    public static let usGovHigh = CloudProfile(
        name: "usgovhigh",
        authority: Origin(string: "https://login.microsoftonline.us")!,
        graph: Origin(string: "https://graph.microsoft.us")!,
        powerPlatform: Origin(string: "https://api.high.powerplatform.microsoft.us")!,
        dataverseHostSuffixes: ["crm.microsoftdynamics.us"]
    )

    /// US Government DoD.
    public static let usDoD = CloudProfile(
        name: "usdod",
        authority: Origin(string: "https://login.microsoftonline.us")!,
        graph: Origin(string: "https://dod-graph.microsoft.us")!,
        powerPlatform: Origin(string: "https://api.appsplatform.us")!,
        dataverseHostSuffixes: ["crm.appsplatform.us"]
    )

    /// China, operated by 21Vianet.
    public static let china = CloudProfile(
        name: "china",
        authority: Origin(string: "https://login.partner.microsoftonline.cn")!,
        graph: Origin(string: "https://microsoftgraph.chinacloudapi.cn")!,
        powerPlatform: Origin(string: "https://api.powerplatform.partner.microsoftonline.cn")!,
        dataverseHostSuffixes: ["crm.dynamics.cn"]
    )

    /// The four public clouds, in the order they are searched when telling where an org belongs.
    public static let knownClouds: [CloudProfile] = [.global, .usGovHigh, .usDoD, .china]

    /// A cloud of explicit origins, such as the twin's.
    public static func custom(
        name: String = "custom", authority: Origin, graph: Origin, powerPlatform: Origin, orgs: [String: Origin]
    ) -> CloudProfile {
        CloudProfile(name: name, authority: authority, graph: graph, powerPlatform: powerPlatform, orgs: orgs)
    }

    /// The public cloud called `name` (`global`/`public`, `usgovhigh`/`gcchigh`, `usdod`/`dod`, `china`).
    public static func named(_ name: String) throws(CloudError) -> CloudProfile {
        switch name.lowercased() {
        case "global", "public", "commercial", "gcc": return .global
        case "usgovhigh", "gcchigh", "usgov": return .usGovHigh
        case "usdod", "dod": return .usDoD
        case "china", "mooncake": return .china
        default:
            throw CloudError(
                code: .cloudUnknown, service: .cloud,
                message: "unknown cloud \"\(name)\"; expected global, usgovhigh, usdod or china")
        }
    }

    /// The Graph API base (`https://graph.microsoft.com/v1.0`).
    public var graphBase: URL { graph.url.appendingPathComponent("v1.0") }

    /// Whether `host` is a Dataverse host of this cloud (`org.crm4.dynamics.com`, `org.api.crm.dynamics.com`).
    public func isDataverseHost(_ host: String) -> Bool {
        let host = host.lowercased()
        return dataverseHostSuffixes.contains { host.hasSuffix(".\($0)") }
    }
}

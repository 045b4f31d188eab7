import Foundation

/// The shared heart of one running twin: scenario, state, clock, log, faults and token keys.
///
/// Every listener's service holds a reference to it. State lives in `state` (one lock); the request log and the
/// fault engine have their own locks so logging never contends with route work.
final class Twin: Sendable {
    let scenario: Scenario
    let clock = TwinClock()
    let state: Locked<TwinState>
    let log = RequestLog()
    let faults: FaultEngine
    let tokens: TokenService
    let tls: Bool
    private let originsBox = Locked<TwinOrigins?>(nil)
    private let caFileBox = Locked<String?>(nil)

    init(scenario: Scenario, faults: FaultSettings, tls: Bool) {
        self.scenario = scenario
        self.tls = tls
        self.faults = FaultEngine(settings: faults)
        self.state = Locked(scenario.makeState(now: clock.now()))
        self.tokens = TokenService(clock: clock)
    }

    /// The listeners' origins; set once every listener is bound.
    var origins: TwinOrigins {
        get { originsBox.current ?? TwinOrigins.unbound }
        set { originsBox.withLock { $0 = newValue } }
    }

    /// True once `origins` is set (requests arriving before get 503).
    var isReady: Bool { originsBox.current != nil }

    var caFile: String? {
        get { caFileBox.current }
        set { caFileBox.withLock { $0 = newValue } }
    }

    /// Back to the scenario's initial state; clears the request log and the faults.
    func reset() {
        let fresh = scenario.makeState(now: clock.now())
        state.withLock { $0 = fresh }
        log.clear()
        faults.reset()
    }

    /// The info JSON.
    var info: TwinInfo {
        let origins = self.origins
        let tenant = state.withLock { $0.tenant }
        return TwinInfo(
            tenantId: tenant.id, tenantDomain: tenant.defaultDomain, cloud: "custom",
            cloudInstanceName: tenant.cloudInstanceName, identity: origins.identity, graph: origins.graph,
            powerplatform: origins.powerPlatform, orgs: origins.orgs,
            environments: scenario.orgs.mapValues { $0.environmentId },
            admin: .init(clientId: scenario.admin.clientId, clientSecret: scenario.admin.clientSecret),
            publicClientId: scenario.publicClientId, adminUser: scenario.adminUserPrincipalName,
            control: origins.control, foreign: origins.foreign, caFile: caFile, scenario: scenario.name)
    }
}

/// The origin of every listener (`http://127.0.0.1:PORT`, or `https://` with TLS).
struct TwinOrigins: Sendable, Equatable {
    var identity: String
    var graph: String
    var powerPlatform: String
    /// Dataverse org origins by environment name.
    var orgs: [String: String]
    var control: String
    var foreign: String

    static let unbound = TwinOrigins(identity: "", graph: "", powerPlatform: "", orgs: [:], control: "", foreign: "")

    /// The origin of a listener.
    func origin(of service: ServiceKind) -> String {
        switch service {
        case .identity: identity
        case .graph: graph
        case .powerPlatform: powerPlatform
        case .dataverse(let org): orgs[org] ?? ""
        case .control: control
        case .foreign: foreign
        }
    }

    /// Public resource identifiers that stand for a twin origin in scopes and audiences.
    static let graphAliases = [
        "https://graph.microsoft.com", "https://graph.microsoft.us", "https://dod-graph.microsoft.us",
        "https://microsoftgraph.chinacloudapi.cn", "00000003-0000-0000-c000-000000000000",
    ]
    static let powerPlatformAliases = ["https://api.powerplatform.com"]

    /// The twin origin a resource identifier (`https://graph.microsoft.com`, an org origin, ...) stands for.
    func audience(forResource resource: String) -> String? {
        var resource = resource
        while resource.hasSuffix("/") { resource.removeLast() }
        let lowered = resource.lowercased()
        if lowered == graph.lowercased() || Self.graphAliases.contains(lowered) { return graph }
        if lowered == powerPlatform.lowercased() || Self.powerPlatformAliases.contains(lowered) { return powerPlatform }
        if let org = orgs.values.first(where: { $0.lowercased() == lowered }) { return org }
        return nil
    }

    /// True when a token's `aud` is acceptable to the listener `service`.
    func accepts(audience: String, for service: ServiceKind) -> Bool {
        var audience = audience.lowercased()
        while audience.hasSuffix("/") { audience.removeLast() }
        let own = origin(of: service).lowercased()
        if !own.isEmpty && audience == own { return true }
        switch service {
        case .graph: return Self.graphAliases.contains(audience)
        case .powerPlatform: return Self.powerPlatformAliases.contains(audience)
        default: return false
        }
    }
}

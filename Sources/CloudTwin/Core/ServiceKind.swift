/// The listener a request arrived on; each has its own loopback origin.
enum ServiceKind: Sendable, Hashable, CustomStringConvertible {
    case identity
    case graph
    case powerPlatform
    /// A Dataverse org, by environment name (`stage`).
    case dataverse(String)
    case control
    case foreign

    /// The name used in the request log and in fault rules (`dataverse:stage` for an org).
    var description: String {
        switch self {
        case .identity: "identity"
        case .graph: "graph"
        case .powerPlatform: "powerplatform"
        case .dataverse(let org): "dataverse:\(org)"
        case .control: "control"
        case .foreign: "foreign"
        }
    }

    /// True when a fault rule's `service` value selects this listener (`dataverse` selects every org).
    func matches(ruleService name: String) -> Bool {
        let name = name.lowercased()
        if name == description.lowercased() { return true }
        if case .dataverse(let org) = self { return name == "dataverse" || name == "orgs.\(org.lowercased())" }
        return false
    }
}

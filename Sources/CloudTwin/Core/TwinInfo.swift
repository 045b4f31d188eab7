/// Where a running twin listens and how to sign in to it (the info JSON of docs/twin.md).
public struct TwinInfo: Sendable, Codable, Equatable {
    /// Credentials of the scenario's admin automation app.
    public struct Credentials: Sendable, Codable, Equatable {
        public var clientId: String
        public var clientSecret: String

        enum CodingKeys: String, CodingKey {
            case clientId = "client_id"
            case clientSecret = "client_secret"
        }
    }

    public var tenantId: String
    public var tenantDomain: String
    public var cloud: String
    public var cloudInstanceName: String
    public var identity: String
    public var graph: String
    public var powerplatform: String
    /// Dataverse org origins by environment name.
    public var orgs: [String: String]
    /// Power Platform environment ids by environment name.
    public var environments: [String: String]
    public var admin: Credentials
    public var publicClientId: String
    public var adminUser: String
    public var control: String
    public var foreign: String
    /// The CA certificate (PEM) to trust, with TLS only.
    public var caFile: String?
    public var scenario: String

    enum CodingKeys: String, CodingKey {
        case tenantId = "tenant_id"
        case tenantDomain = "tenant_domain"
        case cloud
        case cloudInstanceName = "cloud_instance_name"
        case identity, graph, powerplatform, orgs, environments, admin
        case publicClientId = "public_client_id"
        case adminUser = "admin_user"
        case control, foreign
        case caFile = "ca_file"
        case scenario
    }
}

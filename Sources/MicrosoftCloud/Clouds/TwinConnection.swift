public import Foundation

/// How to reach a running twin, read from its info JSON (`stepwise twin serve --info FILE`, `GET {control}/info`):
/// its origins as a custom `CloudProfile`, the tenant, and the scenario's admin credentials.
public struct TwinConnection: Sendable {
    /// The twin's origins as a cloud (`custom`), with its orgs by name.
    public let profile: CloudProfile
    /// The tenant GUID.
    public let tenantId: String
    /// The tenant's verified domain.
    public let tenantDomain: String
    /// The admin automation app's client id.
    public let adminClientId: String
    let adminClientSecret: String
    /// The public client for device code sign-ins.
    public let publicClientId: String?
    /// The scenario's human admin.
    public let adminUser: String?
    /// Power Platform environment ids by org name.
    public let environments: [String: String]
    /// The control origin (inspection and faults).
    public let control: URL
    /// The origin that must never receive a token.
    public let foreign: URL
    /// The CA certificate to trust when the twin serves TLS.
    public let caFile: String?

    /// Reads an info file.
    public static func load(infoFile path: String) throws(CloudError) -> TwinConnection {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CloudError(code: .configInvalid, service: .config, message: "cannot read the twin info file \(path)")
        }
        return try TwinConnection(infoJSON: data, source: path)
    }

    /// Reads the info JSON.
    public init(infoJSON data: Data, source: String = "twin info") throws(CloudError) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            throw CloudError(code: .configInvalid, service: .config, message: "\(source) is not JSON: \(error.message)")
        }
        func string(_ key: String, in object: JSONValue? = nil) throws(CloudError) -> String {
            guard let value = (object ?? json)[key]?.stringValue, !value.isEmpty else {
                throw CloudError(code: .configInvalid, service: .config, message: "\(source) has no \"\(key)\"")
            }
            return value
        }
        func origin(_ key: String, _ text: String) throws(CloudError) -> Origin {
            guard let origin = Origin(string: text) else {
                throw CloudError(code: .configInvalid, service: .config, message: "\(source): \"\(key)\" is not a URL: \(text)")
            }
            return origin
        }
        var orgs: [String: Origin] = [:]
        for (name, value) in json["orgs"]?.objectValue ?? [:] {
            guard let text = value.stringValue else { continue }
            orgs[name] = try origin("orgs.\(name)", text)
        }
        let admin = json["admin"]
        profile = CloudProfile.custom(
            name: try string("cloud"),
            authority: try origin("identity", try string("identity")),
            graph: try origin("graph", try string("graph")),
            powerPlatform: try origin("powerplatform", try string("powerplatform")),
            orgs: orgs)
        tenantId = try string("tenant_id")
        tenantDomain = try string("tenant_domain")
        adminClientId = try string("client_id", in: admin)
        adminClientSecret = try string("client_secret", in: admin)
        publicClientId = json["public_client_id"]?.stringValue
        adminUser = json["admin_user"]?.stringValue
        environments = (json["environments"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        control = try origin("control", try string("control")).url
        foreign = try origin("foreign", try string("foreign")).url
        caFile = json["ca_file"]?.stringValue
    }

    /// The admin automation app's client-credentials credential.
    public func adminCredential() -> ClientSecretCredential {
        ClientSecretCredential(tenant: tenantId, clientId: adminClientId, secret: adminClientSecret)
    }

    /// A device-code credential for the scenario's public client.
    public func deviceCodeCredential(prompt: @escaping (DeviceCodePrompt) -> Void) throws(CloudError) -> DeviceCodeCredential {
        guard let publicClientId else {
            throw CloudError(code: .configInvalid, service: .config, message: "the twin info has no public_client_id")
        }
        return DeviceCodeCredential(tenant: tenantId, clientId: publicClientId, prompt: prompt)
    }
}

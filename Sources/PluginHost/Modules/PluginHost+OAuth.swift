import Foundation
import LuaKit
import MicrosoftCloud

// `oauth`: sign-in primitives for checks; tokens stay in Swift, only their claims reach Lua.
extension PluginHost {
    func oauthFunctions() -> [String: LuaHostFunction] {
        [
            "client_credentials": { [unowned self] arguments in
                let options = try LuaOptions(
                    arguments, 1, name: "args", known: ["client_id", "secret", "resource", "tenant", "expect"])
                guard let clientId = try options.string("client_id"), let resource = try options.string("resource") else {
                    throw LuaArgumentError("oauth.client_credentials: argument 1 (args) needs client_id and resource strings")
                }
                let secret = try secretValue(options["secret"], what: "oauth.client_credentials: argument 1 (args) field 'secret'")
                let expect = try options.choice("expect", ["replication"]).map { _ in Expectation.replication }
                let tenant = try options.string("tenant") ?? session.credential.tenant
                try scope.requireCall("oauth.client_credentials")
                let origin = try resourceOrigin(resource)
                let grant = try cloud { () throws(CloudError) in
                    try session.identity.clientCredentials(
                        tenant: tenant, clientId: clientId, secret: secret, resource: origin,
                        authority: session.credential.authority, expecting: expect)
                }
                let claims = try cloud { () throws(CloudError) in try grant.accessToken.claims() }
                return [.map([
                    "claims": try bridge.lua(response: claims),
                    "expires_on": .integer(Int64(grant.accessToken.expiresOn.timeIntervalSince1970)),
                ])]
            },
            "tenant_id": { [unowned self] arguments in
                let domain = try arguments.string(1, "domain")
                try scope.requireCall("oauth.tenant_id")
                let discovery = try cloud { () throws(CloudError) in try session.identity.discoverTenant(domain: domain) }
                var configuration: [LuaKey: LuaValue] = ["tenant_id": .string(discovery.tenantId)]
                if let name = discovery.cloudInstanceName { configuration["cloud_instance_name"] = .string(name) }
                if let scope = discovery.tenantRegionScope { configuration["tenant_region_scope"] = .string(scope) }
                return [.string(discovery.tenantId), .map(configuration)]
            },
        ]
    }

    /// `graph`, `dataverse` (the current org), `powerplatform`, or an origin URL.
    private func resourceOrigin(_ resource: String) throws -> Origin {
        switch resource {
        case "graph": return session.profile.graph
        case "powerplatform": return session.profile.powerPlatform
        case "dataverse":
            let org = try orgName(nil)
            return try cloud { () throws(CloudError) in try session.profile.org(org) }
        default:
            guard resource.contains("://"), let origin = Origin(string: resource) else {
                throw LuaArgumentError(
                    "oauth.client_credentials: argument 1 (args) field 'resource' must be \"graph\", \"dataverse\", "
                        + "\"powerplatform\" or an origin URL, got \"\(resource)\"")
            }
            return origin
        }
    }
}

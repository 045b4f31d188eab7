public import Foundation

/// The client-secret credential from the environment, read as azure-identity's `EnvironmentCredential` reads it:
/// `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, and optionally `AZURE_AUTHORITY_HOST`
/// (a host such as `login.microsoftonline.us` or an https URL).
public enum EnvironmentCredential {
    /// The credential, or `config.invalid` naming the variables that are missing.
    public static func load(
        from environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CloudError) -> ClientSecretCredential {
        let names = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"]
        let missing = names.filter { (environment[$0] ?? "").isEmpty }
        guard missing.isEmpty else {
            throw CloudError(
                code: .configInvalid, service: .config,
                message: "environment credential incomplete: \(missing.joined(separator: ", ")) "
                    + "\(missing.count == 1 ? "is" : "are") not set (it needs \(names.joined(separator: ", ")))")
        }
        let authority = try environment["AZURE_AUTHORITY_HOST"].flatMap { value throws(CloudError) in
            value.isEmpty ? nil : try authorityOrigin(value)
        }
        return ClientSecretCredential(
            tenant: environment["AZURE_TENANT_ID"]!, clientId: environment["AZURE_CLIENT_ID"]!,
            secret: environment["AZURE_CLIENT_SECRET"]!, authority: authority)
    }

    /// `login.microsoftonline.us` or `https://login.microsoftonline.us/` as an origin. Only https is accepted,
    /// except on loopback hosts (a local twin).
    static func authorityOrigin(_ value: String) throws(CloudError) -> Origin {
        let text = value.contains("://") ? value : "https://\(value)"
        guard let origin = Origin(string: text) else {
            throw CloudError(
                code: .configInvalid, service: .config, message: "AZURE_AUTHORITY_HOST \"\(value)\" is not a host or URL")
        }
        let isLoopback = ["127.0.0.1", "localhost", "::1"].contains(origin.host)
        guard origin.scheme == "https" || isLoopback else {
            throw CloudError(
                code: .configInvalid, service: .config,
                message: "AZURE_AUTHORITY_HOST \"\(value)\" must be an https URL")
        }
        return origin
    }
}

public import Foundation
public import MicrosoftCloud

/// Where a run signs in.
public enum SignIn {
    /// A running twin (in process, or `stepwise twin serve --info FILE` read with `TwinConnection.load`), as its
    /// scenario's admin automation app.
    case twin(TwinConnection)
    /// A Microsoft cloud (`global`, `usgovhigh`, `usdod`, `china`) with the `AZURE_*` client-secret credential
    /// from `environment`, or a device-code sign-in when `deviceCode` is set.
    case cloud(CloudSignIn)
}

/// The options of a sign-in to a real cloud.
public struct CloudSignIn {
    /// The cloud's name (see `CloudProfile.named`).
    public var cloud: String
    /// The tenant (domain or GUID); device code defaults to `organizations`.
    public var tenant: String?
    /// Sign in interactively with a device code instead of the environment credential.
    public var deviceCode: Bool
    /// The public client for device code (default: the Azure CLI's well-known client ID).
    public var clientId: String?
    /// Where `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_AUTHORITY_HOST` are read.
    public var environment: [String: String]
    /// Shows the device code prompt (the code and where to enter it).
    public var prompt: (DeviceCodePrompt) -> Void

    public init(
        cloud: String = "global", tenant: String? = nil, deviceCode: Bool = false, clientId: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        prompt: @escaping (DeviceCodePrompt) -> Void = { FileHandle.standardError.write(Data(($0.message + "\n").utf8)) }
    ) {
        self.cloud = cloud
        self.tenant = tenant
        self.deviceCode = deviceCode
        self.clientId = clientId
        self.environment = environment
        self.prompt = prompt
    }

    /// The Azure CLI's public client ID, which Microsoft pre-authorizes in every tenant.
    public static let azureCLIClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
}

/// Builds what a host needs from sign-in options, so the CLI and the runbook engine wire it the same way.
public enum HostConfiguration {
    /// A signed-in session (tokens are requested lazily, on the first call).
    public static func session(_ signIn: SignIn) throws(CloudError) -> CloudSession {
        switch signIn {
        case .twin(let twin):
            return try CloudSession(twin: twin)
        case .cloud(let options):
            let profile = try CloudProfile.named(options.cloud)
            let credential: any TokenCredential
            if options.deviceCode {
                credential = DeviceCodeCredential(
                    tenant: options.tenant ?? options.environment["AZURE_TENANT_ID"] ?? "organizations",
                    clientId: options.clientId ?? CloudSignIn.azureCLIClientId, prompt: options.prompt)
            } else {
                credential = try EnvironmentCredential.load(from: options.environment)
            }
            return try CloudSession(profile: profile, credential: credential)
        }
    }

    /// `ctx.env` for one of a twin's orgs (`stage`, `prod`): its tenant domain, org URL and environment id.
    public static func twinEnvironment(_ twin: TwinConnection, name: String) -> EnvironmentSettings {
        EnvironmentSettings(
            name: name, tenant: twin.tenantDomain, org: twin.profile.orgs[name]?.description,
            environmentId: twin.environments[name])
    }
}

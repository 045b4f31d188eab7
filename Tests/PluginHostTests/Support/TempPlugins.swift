import Foundation
import MicrosoftCloud
import PluginHost
import StepwiseTesting

/// A temporary plugin folder with files written by a test; removed on deinit.
final class TempPlugins {
    private let folder: TempFolder
    var root: URL { folder.url }

    init(_ files: [String: String] = [:]) throws {
        folder = try TempFolder(prefix: "stepwise-plugins")
        for (path, text) in files { try write(path, text) }
    }

    /// Writes `text` to `path` under the root (folders made as needed).
    func write(_ path: String, _ text: String) throws {
        try folder.write(path, text)
    }

    /// The path of `relative` under the root, as messages show it.
    func path(_ relative: String) -> String { root.path + "/" + relative }

    /// A plugin source whose declaration is `fields` plus working read/plan/apply functions.
    static func plugin(_ fields: String = "", params: String = "{}", outputs: String = "{}") -> String {
        """
        return {
          summary = "a test plugin",
          params = \(params),
          outputs = \(outputs),
          read = function(ctx) return {} end,
          plan = function(ctx, current) return {} end,
          apply = function(ctx, current, changes) return {} end,
          \(fields)
        }
        """
    }
}

/// A host whose session never reaches the network (for loading and parameter tests). Use on one thread.
func offlineHost(pluginPaths: [String]) throws -> PluginHost {
    let token = AccessToken(
        value: "offline.token.value", resource: CloudProfile.global.graph, issuedOn: Date(),
        expiresOn: Date().addingTimeInterval(3600))
    let session = try CloudSession(profile: .global, credential: StaticTokenCredential(token: token))
    return try PluginHost(session: session, options: PluginHostOptions(pluginPaths: pluginPaths, secretStore: InMemorySecretStore()))
}

import LuaKit

/// One line of `stepwise plugins list`: a plugin and its summary, or why it does not load.
public struct PluginListing: Sendable {
    public var id: String
    public var file: String
    public var summary: String?
    public var error: PluginLoadError?
}

extension PluginHost {
    /// The plugin `id`, loaded from its file and validated once, then cached.
    public func plugin(_ id: String) throws(PluginLoadError) -> Plugin {
        if let plugin = loaded[id] { return plugin }
        let plugin = try load(try catalogue.file(for: id))
        loaded[id] = plugin
        return plugin
    }

    /// Loads and validates a plugin file in a new sandbox of its own (not cached). Its top-level code may not call
    /// the cloud; errors name the file and the field.
    public func load(_ file: PluginFile) throws(PluginLoadError) -> Plugin {
        let sandbox: LuaSandbox
        let results: [LuaValue]
        do {
            sandbox = try makeSandbox()
            let scope = CallScope(activity: .loading(file: file.path), mode: .plan, writesAllowed: false, context: nil, environment: nil)
            results = try withScope(scope) { try sandbox.runFile(file.path, limits: options.limits) }
        } catch let error as LuaError {
            throw PluginLoadError(file: file.path, message: error.message)
        } catch {
            throw PluginLoadError(file: file.path, message: String(describing: error))
        }
        let validator = DeclarationValidator(file: file.path, bridge: bridge)
        let declaration = try validator.validate(results.first ?? .nil)
        return Plugin(
            id: file.id, file: file.path, summary: declaration.summary, parameters: declaration.parameters,
            outputs: declaration.outputs, sandbox: sandbox, read: declaration.read, plan: declaration.plan,
            apply: declaration.apply, verify: declaration.verify)
    }

    /// Every plugin of the catalogue with its summary, or the error that keeps it from loading.
    public func listPlugins() -> [PluginListing] {
        catalogue.files().map { file in
            do throws(PluginLoadError) {
                let plugin = try plugin(file.id)
                return PluginListing(id: file.id, file: file.path, summary: plugin.summary, error: nil)
            } catch {
                return PluginListing(id: file.id, file: file.path, summary: nil, error: error)
            }
        }
    }
}

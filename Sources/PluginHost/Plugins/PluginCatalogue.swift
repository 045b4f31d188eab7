import Foundation

/// A plugin file found in a search root.
public struct PluginFile: Sendable, Equatable {
    /// The plugin ID: the path relative to its root, without `.lua`, with `.` for `/` (`entra.app_registration`).
    public var id: String
    /// The file as shown in messages: the root as given joined with the relative path (`plugins/entra/tenant.lua`).
    public var path: String
    /// The search root it was found in, as given.
    public var root: String
}

/// An error finding or loading a plugin; it names the file and, for a bad declaration, the field.
public struct PluginLoadError: Error, Sendable, CustomStringConvertible {
    /// The file, when known.
    public var file: String?
    /// The declaration field at fault (`params.domain.type`), when there is one.
    public var field: String?
    /// What is wrong.
    public var message: String

    public init(file: String?, field: String? = nil, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    /// `plugins/entra/tenant.lua: field 'params.domain.type' must be one of ...` (a Lua message that already
    /// starts with the file, such as a syntax error's `plugins/x.lua:3: ...`, is left as it is).
    public var description: String {
        guard let file, !message.hasPrefix(file + ":") else { return message }
        return "\(file): \(message)"
    }
}

/// The plugin folders, searched in order. IDs come from paths; `*_test.lua` files and `_meta` and `lib` folders
/// are not plugins.
public struct PluginCatalogue: Sendable {
    /// The search roots, as given (`plugins`, `runbooks/customers/contoso/plugins`).
    public let roots: [String]

    public init(roots: [String]) {
        self.roots = roots
    }

    /// Folders that never hold plugins.
    static let skippedFolders: Set<String> = ["_meta", "lib"]

    /// Every plugin file of every root, sorted by ID (a file shadowed by an earlier root's same ID is left out).
    public func files() -> [PluginFile] {
        var seen: Set<String> = []
        var result: [PluginFile] = []
        for root in roots {
            for relative in Self.luaFiles(under: root) where !Self.isTest(relative) && !Self.isHelper(relative) {
                let file = PluginFile(id: Self.id(forRelativePath: relative), path: Self.join(root, relative), root: root)
                if seen.insert(file.id).inserted { result.append(file) }
            }
        }
        return result.sorted { $0.id < $1.id }
    }

    /// The file of plugin `id`; fails naming the roots searched (with a suggestion), or both files when two roots
    /// define the same ID.
    public func file(for id: String) throws(PluginLoadError) -> PluginFile {
        let relative = id.split(separator: ".", omittingEmptySubsequences: false).joined(separator: "/") + ".lua"
        let valid = !id.isEmpty && id.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
        let found = valid ? roots.filter { FileManager.default.fileExists(atPath: Self.join($0, relative)) } : []
        guard let root = found.first, !Self.isTest(relative), !Self.isHelper(relative) else {
            let hint = Suggestion.hint(for: id, in: files().map(\.id))
            throw PluginLoadError(
                file: nil, message: "no plugin '\(id)'\(hint) in \(roots.isEmpty ? "(no plugin folders)" : roots.joined(separator: ", "))")
        }
        guard found.count == 1 else {
            throw PluginLoadError(
                file: Self.join(root, relative),
                message: "plugin '\(id)' is also defined in \(Self.join(found[1], relative)); plugin IDs must be unique across plugin folders")
        }
        return PluginFile(id: id, path: Self.join(root, relative), root: root)
    }

    /// Every `*_test.lua` file of every root (paths as shown), sorted.
    public func testFiles() -> [String] {
        roots.flatMap { root in
            Self.luaFiles(under: root).filter { Self.isTest($0) && !$0.hasPrefix("_meta/") }.map { Self.join(root, $0) }
        }.sorted()
    }

    /// `entra/app_registration.lua` -> `entra.app_registration`.
    public static func id(forRelativePath path: String) -> String {
        String(path.dropLast(".lua".count)).split(separator: "/").joined(separator: ".")
    }

    static func isTest(_ relative: String) -> Bool { relative.hasSuffix("_test.lua") }

    static func isHelper(_ relative: String) -> Bool {
        relative.split(separator: "/").dropLast().contains { skippedFolders.contains(String($0)) }
    }

    static func join(_ root: String, _ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// Relative paths of the `.lua` files under `root` (hidden files and folders left out).
    static func luaFiles(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if relative.hasSuffix(".lua") { files.append(relative) }
        }
        return files.sorted()
    }
}

import Foundation

/// Finds the file of `require("a.b")`: `a/b.lua` inside one of the allowed folders, and nowhere else.
///
/// Names are dotted words of letters, digits, `_` and `-` (so no `..`, `/` or absolute paths), and the file's real
/// path (symlinks resolved) must stay inside the real path of the folder it was found in.
struct LuaModuleResolver: Sendable {
    /// The allowed folders: as given (for chunk names) and their real paths.
    private let folders: [(given: String, real: String)]

    init(searchPaths: [String]) {
        folders = searchPaths.compactMap { path in
            Self.realPath(path).map { (given: path, real: $0) }
        }
    }

    /// The module's source and chunk name, or a message saying why it cannot be loaded.
    func resolve(_ name: String) -> Result<(source: [UInt8], chunkName: String), RequireFailure> {
        guard Self.isValidName(name) else {
            return .failure(RequireFailure(
                "require: invalid module name '\(name)': use dotted names of letters, digits, '_' and '-', such as 'lib.util'"))
        }
        let relative = name.split(separator: ".").joined(separator: "/") + ".lua"
        for folder in folders {
            let candidate = (folder.real as NSString).appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: candidate) else { continue }
            guard let real = Self.realPath(candidate), real.hasPrefix(folder.real + "/") else {
                return .failure(RequireFailure("require: module '\(name)' resolves outside the plugin folders"))
            }
            guard let data = FileManager.default.contents(atPath: real) else {
                return .failure(RequireFailure("require: cannot read module '\(name)' (\(relative))"))
            }
            let shown = (folder.given as NSString).appendingPathComponent(relative)
            return .success((source: [UInt8](data), chunkName: "@" + shown))
        }
        let searched = folders.isEmpty ? "no plugin folders are allowed" : "searched " + folders.map(\.given).joined(separator: ", ")
        return .failure(RequireFailure("require: module '\(name)' not found (\(searched))"))
    }

    private static func isValidName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
        }
    }

    /// The canonical absolute path with symlinks resolved, or nil when it does not exist.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Why `require` cannot load a module (its message reaches Lua).
struct RequireFailure: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

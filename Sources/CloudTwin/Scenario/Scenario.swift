import Foundation

/// A scenario: the initial state of a tenant and its orgs, loaded from `Scenarios/*.json` or a file.
///
/// A scenario file may say `"extends": "demo"`; it is then a JSON merge patch (RFC 7396) over that scenario:
/// objects merge key by key, `null` removes a key, arrays and scalars replace. Collections are objects keyed by
/// id so a patch can add or remove single objects.
struct Scenario: Sendable {
    /// An org's identity outside its records.
    struct Org: Sendable {
        var environmentId: String
    }

    /// The scenario's admin automation app.
    struct Admin: Sendable {
        var clientId: String
        var clientSecret: String
    }

    let name: String
    /// The merged scenario document; `makeState` reads it afresh on every reset.
    let document: JSON
    let admin: Admin
    let publicClientId: String
    let adminUserId: String
    let adminUserPrincipalName: String
    let orgs: [String: Org]

    /// Loads a scenario by name (a bundled file) or by path (anything with `/` or ending in `.json`).
    static func load(_ nameOrPath: String) throws -> Scenario {
        let document = try ScenarioFiles.resolve(nameOrPath, seen: [])
        return try Scenario(document: document, fallbackName: nameOrPath)
    }

    init(document: JSON, fallbackName: String) throws {
        let reader = ScenarioReader(document, path: "scenario")
        self.document = document
        name = (try? reader.string("name")) ?? fallbackName
        let adminReader = try reader.object("admin")
        admin = Admin(clientId: try adminReader.string("app_id"), clientSecret: try adminReader.string("client_secret"))
        publicClientId = try reader.string("public_client_id")
        adminUserId = try reader.string("admin_user")
        let users = try reader.object("users")
        adminUserPrincipalName = try users.object(adminUserId).string("userPrincipalName")
        var orgs: [String: Org] = [:]
        let orgsReader = try reader.object("orgs")
        for key in orgsReader.keys { orgs[key] = Org(environmentId: try orgsReader.object(key).string("environment_id")) }
        self.orgs = orgs
        _ = try ScenarioState.build(from: document, now: Date())
    }

    /// The initial state, with every seeded object visible from `now` on.
    func makeState(now: Date) -> TwinState {
        do { return try ScenarioState.build(from: document, now: now) } catch {
            fatalError("twin: scenario \(name) became invalid after loading: \(error)")
        }
    }
}

/// A scenario file that cannot be used, with the file and the JSON path of the problem.
struct ScenarioError: Error, CustomStringConvertible {
    var description: String
}

/// Finding scenario files and applying `extends`.
enum ScenarioFiles {
    /// Names of the bundled scenarios.
    static var bundledNames: [String] {
        guard let directory = bundledDirectory,
            let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    private static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "Scenarios", withExtension: nil)
    }

    static func resolve(_ nameOrPath: String, seen: Set<String>) throws -> JSON {
        let url: URL
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            url = URL(fileURLWithPath: nameOrPath)
        } else if let bundled = bundledDirectory?.appendingPathComponent("\(nameOrPath).json"),
            FileManager.default.fileExists(atPath: bundled.path)
        {
            url = bundled
        } else {
            throw ScenarioError(
                description: "twin: no scenario named '\(nameOrPath)' (bundled: \(bundledNames.joined(separator: ", ")); "
                    + "or pass a path to a .json file)")
        }
        guard !seen.contains(url.path) else {
            throw ScenarioError(description: "twin: scenario \(url.path) extends itself through a cycle")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ScenarioError(description: "twin: cannot read scenario file \(url.path): \(error.localizedDescription)")
        }
        var document: JSON
        switch JSON.parseOrExplain(Array(data)) {
        case .success(let parsed): document = parsed
        case .failure(let reason): throw ScenarioError(description: "twin: scenario file \(url.path) is not JSON: \(reason)")
        }
        guard case .object(var members) = document else {
            throw ScenarioError(description: "twin: scenario file \(url.path) must hold a JSON object")
        }
        if let base = members.removeValue(forKey: "extends") {
            guard let baseName = base.stringValue else {
                throw ScenarioError(description: "twin: scenario file \(url.path): \"extends\" must be a scenario name")
            }
            let baseDocument = try resolve(resolveRelative(baseName, to: url), seen: seen.union([url.path]))
            document = baseDocument.mergePatched(with: .object(members))
        }
        return document
    }

    private static func resolveRelative(_ name: String, to file: URL) -> String {
        guard name.hasSuffix(".json"), !name.hasPrefix("/") else { return name }
        return file.deletingLastPathComponent().appendingPathComponent(name).path
    }
}

extension JSON {
    /// RFC 7396 JSON merge patch.
    func mergePatched(with patch: JSON) -> JSON {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = objectValue ?? [:]
        for (key, value) in patchMembers {
            if value.isNull {
                members.removeValue(forKey: key)
            } else {
                members[key] = (members[key] ?? .null).mergePatched(with: value)
            }
        }
        return .object(members)
    }
}

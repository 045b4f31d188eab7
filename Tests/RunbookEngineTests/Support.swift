import Foundation
import RunbookEngine

/// A fresh folder under the system's temporary folder, removed when the value is released.
final class TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `text` to `name` (folders created) and returns its URL.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// The repository's root (for the real runbook, overlay and plugins).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The problems of a runbook error as `file:line: ...` lines, or the thrown error's description.
func problems(_ body: () throws -> Void) -> [String] {
    do {
        try body()
        return []
    } catch let error as RunbookError {
        return error.problems.map(\.description)
    } catch {
        return ["unexpected error: \(error)"]
    }
}

/// A small valid runbook for tests; `steps` replaces its step list.
func miniRunbook(steps: String? = nil, extra: String = "") -> String {
    """
    return {
      name = "mini",
      summary = "a runbook for tests",
      params = {
        app_name = { type = "string", default = "app ${env}", doc = "name" },
        days = { type = "integer", default = 30, doc = "days" },
        flag = { type = "boolean", default = false, doc = "a flag" },
      },
      environments = {
        stage = { tenant = "t.example" },
        prod = { tenant = "t.example", confirm = true },
      },\(extra)
      steps = {
    \(steps ?? """
        { id = "first", uses = "demo.first", with = { name = "${params.app_name}" } },
        { id = "second", uses = "demo.second", with = {
            days = "${params.days}",
            source = "${outputs.first.id}",
        } },
    """)
      },
    }
    """
}

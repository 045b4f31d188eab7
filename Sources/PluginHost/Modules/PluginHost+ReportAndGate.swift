import Foundation
import LuaKit
import MicrosoftCloud

// `report` (files for the operator) and `gate(message)` (manual steps).
extension PluginHost {
    func reportFunctions() -> [String: LuaHostFunction] {
        [
            "write": { [unowned self] arguments in
                let name = try Self.reportName(arguments)
                let content = try arguments.string(2, "content")
                try scope.requireWrite("report.write", name)
                guard session.redactor.redact(content) == content else {
                    throw hostError(
                        "report.secret", "report.write refused \(name): the content contains a secret value",
                        ["name": .string(name)])
                }
                let file = reportFolder().appendingPathComponent(name)
                do {
                    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(content.utf8).write(to: file, options: .atomic)
                } catch {
                    throw hostError("report.failed", "report.write: cannot write \(file.path): \(error.localizedDescription)")
                }
                log(.info, "report \(name) written to \(file.path)")
                return [.string(file.path)]
            },
            "read": { [unowned self] arguments in
                let name = try Self.reportName(arguments)
                let file = reportFolder().appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: file.path) else { return [.nil, .string(file.path)] }
                return [.string(LuaString(bytes: [UInt8](data))), .string(file.path)]
            },
        ]
    }

    func gateFunction() -> LuaHostFunction {
        { [unowned self] arguments in
            let message = session.redactor.redact(try arguments.string(1, "message"))
            try scope.requireWrite("gate", "manual step: \(message)")
            let request = GateRequest(step: scope.stepId, plugin: scope.context?.plugin, message: message)
            log(.warn, "waiting for the operator: \(message)")
            do {
                try options.gate(request)
            } catch let error as LuaHostError {
                throw error
            } catch {
                throw hostError("gate.pending", message, ["step": scope.stepId.map(LuaValue.string) ?? .nil])
            }
            log(.info, "the operator confirmed: \(message)")
            return []
        }
    }

    /// `<reportsDirectory>/<runbook>/<customer>/<env>/`; scripts write under `script/default/<env or none>`.
    func reportFolder() -> URL {
        let context = scope.context
        return options.reportsDirectory
            .appendingPathComponent(context?.runbook ?? "script", isDirectory: true)
            .appendingPathComponent(context?.customer ?? "default", isDirectory: true)
            .appendingPathComponent(scope.environment?.name ?? "none", isDirectory: true)
    }

    /// A plain file name: no folders, no `..`, no hidden files.
    private static func reportName(_ arguments: LuaArguments) throws -> String {
        let name = try arguments.string(1, "name")
        guard !name.isEmpty, !name.contains("/"), !name.contains("\\"), !name.hasPrefix("."), !name.contains("\0") else {
            throw LuaArgumentError("\(arguments.function): argument 1 (name) must be a plain file name such as handoff.md, got \"\(name)\"")
        }
        return name
    }
}

import PluginHost
public import Foundation
import LuaKit

extension Runbook {
    /// The fields a runbook may have.
    static let fields = ["name", "summary", "params", "environments", "plugin_paths", "steps"]
    /// The fields a step may have.
    static let stepFields = ["id", "uses", "with", "summary"]
    /// The fields a parameter declaration may have.
    static let parameterFields = ["type", "default", "doc", "required"]

    /// Reads and checks a runbook file: every problem in its shape is reported at once, each naming the file, the
    /// line where it can be found, the step and the field. `display` is the file as messages show it.
    public static func read(_ file: URL, display: String? = nil) throws(RunbookError) -> Runbook {
        let display = display ?? DisplayPath.of(file)
        let (value, source) = try LuaFileEvaluator.evaluate(file, display: display)
        var reader = DeclarationReader(source: source)
        guard let top = reader.table(value, field: "(the returned value)", line: nil) else {
            throw RunbookError(source.whole, "a runbook must return a table (got \(value.typeName))")
        }
        reader.rejectUnknownKeys(top, allowed: fields, context: "", line: 1)
        let name = reader.string(top, "name", required: true, line: source.line(ofKey: "name"))
        let summary = reader.string(top, "summary", required: true, line: source.line(ofKey: "summary"))
        let parameters = readParameters(top["params"], reader: &reader)
        let environments = readEnvironments(top["environments"], required: true, reader: &reader)
        let folders = reader.folders(top["plugin_paths"], base: file.deletingLastPathComponent(),
                                     line: source.line(ofKey: "plugin_paths"))
        let steps = readSteps(top["steps"], reader: &reader)
        try reader.problems.check()
        return Runbook(
            name: name ?? "", summary: summary ?? "", file: file, location: source.whole, parameters: parameters,
            environments: environments, pluginPaths: folders, steps: steps)
    }

    static func readParameters(_ value: LuaValue?, reader: inout DeclarationReader) -> [String: ParameterDeclaration] {
        guard let value, !value.isNil else { return [:] }
        let source = reader.source
        let paramsLine = source.line(ofKey: "params")
        guard let table = reader.table(value, field: "params", line: paramsLine) else { return [:] }
        var out: [String: ParameterDeclaration] = [:]
        for (name, entry) in table.sorted(by: { $0.key < $1.key }) {
            let line = source.line(ofKey: name, from: paramsLine ?? 1)
            guard let spec = reader.table(entry, field: "params.\(name)", line: line) else { continue }
            reader.rejectUnknownKeys(spec, allowed: parameterFields, context: "params.\(name).", line: line)
            let type = reader.string(spec, "type", field: "params.\(name).type", required: true, line: line)
            if let type, !ParameterDeclaration.types.contains(type) {
                reader.problems.add(source.at(line), "field 'params.\(name).type' must be one of "
                    + "\(ParameterDeclaration.types.joined(separator: ", ")) (got \"\(type)\")"
                    + Suggestion.hint(for: type, in: ParameterDeclaration.types))
            }
            let doc = reader.string(spec, "doc", field: "params.\(name).doc", required: true, line: line)
            var required = false
            if let flag = spec["required"], !flag.isNil {
                if let bool = flag.boolValue { required = bool } else {
                    reader.problems.add(source.at(line), "field 'params.\(name).required' must be a boolean (got \(flag.typeName))")
                }
            }
            var defaultValue: StepValue?
            if let given = spec["default"], !given.isNil {
                defaultValue = reader.value(given, field: "params.\(name).default", line: line)
                if let defaultValue, let type, !defaultValue.conforms(to: type), !Self.isTemplate(defaultValue) {
                    reader.problems.add(source.at(line), "field 'params.\(name).default' must be of type \(type) "
                        + "(got \(defaultValue.kindName))")
                }
                if let defaultValue { checkTemplates(defaultValue, field: "params.\(name).default", line: line, step: nil, reader: &reader) }
            }
            out[name] = ParameterDeclaration(
                name: name, type: type ?? "string", defaultValue: defaultValue, required: required, doc: doc ?? "",
                location: source.at(line))
        }
        return out
    }

    static func readEnvironments(_ value: LuaValue?, required: Bool, reader: inout DeclarationReader) -> [String: [String: StepValue]] {
        let source = reader.source
        let line = source.line(ofKey: "environments")
        guard let value, !value.isNil else {
            if required { reader.problems.add(source.whole, "field 'environments' is missing") }
            return [:]
        }
        guard let table = reader.table(value, field: "environments", line: line) else { return [:] }
        var out: [String: [String: StepValue]] = [:]
        for (name, entry) in table {
            let at = source.line(ofKey: name, from: line ?? 1)
            guard let settings = reader.table(entry, field: "environments.\(name)", line: at) else { continue }
            var converted: [String: StepValue] = [:]
            for (key, setting) in settings {
                guard let value = reader.value(setting, field: "environments.\(name).\(key)", line: at) else { continue }
                checkTemplates(value, field: "environments.\(name).\(key)", line: at, step: nil, reader: &reader)
                converted[key] = value
            }
            if let confirm = converted["confirm"], confirm.kindName != "boolean" {
                reader.problems.add(source.at(at), "field 'environments.\(name).confirm' must be a boolean (got \(confirm.kindName))")
            }
            out[name] = converted
        }
        return out
    }

    static func readSteps(_ value: LuaValue?, reader: inout DeclarationReader) -> [StepSpec] {
        let source = reader.source
        let line = source.line(ofKey: "steps")
        guard let value, !value.isNil else {
            reader.problems.add(source.whole, "field 'steps' is missing")
            return []
        }
        guard let elements = reader.list(value, field: "steps", line: line) else { return [] }
        var steps: [StepSpec] = []
        var seen: [String: SourceLocation] = [:]
        var cursor = line ?? 1
        for (index, element) in elements.enumerated() {
            guard let step = readStep(element, field: "steps[\(index + 1)]", fallbackLine: line, searchFrom: cursor,
                                      reader: &reader) else { continue }
            cursor = (step.location.line ?? cursor - 1) + 1
            if let first = seen[step.id] {
                reader.problems.add(step.location, step: step.id, "duplicate step id (first declared at \(first))")
                continue
            }
            seen[step.id] = step.location
            steps.append(step)
        }
        return steps
    }

    /// One step table; nil (with problems recorded) when it cannot be used.
    static func readStep(
        _ value: LuaValue, field: String, fallbackLine: Int?, searchFrom: Int = 1, reader: inout DeclarationReader
    ) -> StepSpec? {
        let source = reader.source
        guard let table = reader.table(value, field: field, line: fallbackLine) else { return nil }
        guard let idValue = table["id"], let id = idValue.stringValue else {
            let got = table["id"].map { "got \($0.typeName)" } ?? "missing"
            reader.problems.add(source.at(fallbackLine), "field '\(field).id' must be a string (\(got))")
            return nil
        }
        let line = source.line(ofStep: id, from: searchFrom) ?? source.line(ofStep: id) ?? fallbackLine
        if !Reference.isName(id) {
            reader.problems.add(source.at(line), step: id,
                                "field 'id' must start with a letter and hold only letters, digits, '_' and '-'")
        }
        reader.rejectUnknownKeys(table, allowed: stepFields, context: "", line: line, step: id)
        let uses = reader.string(table, "uses", required: true, line: line, step: id)
        let summary = reader.string(table, "summary", required: false, line: line, step: id)
        var with: [String: StepValue] = [:]
        var lines: [String: Int] = [:]
        if let given = table["with"], !given.isNil {
            if let parameters = reader.table(given, field: "with", line: line, step: id) {
                for (name, entry) in parameters {
                    let at = source.line(ofKey: name, from: line ?? 1) ?? line
                    lines[name] = at
                    guard let value = reader.value(entry, field: "with.\(name)", line: at, step: id) else { continue }
                    checkTemplates(value, field: "with.\(name)", line: at, step: id, reader: &reader)
                    with[name] = value
                }
            }
        }
        guard let uses else { return nil }
        return StepSpec(id: id, uses: uses, with: with, summary: summary, location: source.at(line), parameterLines: lines)
    }

    /// Records a problem for every string in `value` whose `${...}` cannot be parsed.
    static func checkTemplates(_ value: StepValue, field: String, line: Int?, step: String?, reader: inout DeclarationReader) {
        switch value {
        case .string(let text):
            do throws(TemplateError) {
                _ = try Template(parsing: text)
            } catch {
                reader.problems.add(reader.source.at(line), step: step, "field '\(field)': \(error)")
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                checkTemplates(element, field: "\(field)[\(index + 1)]", line: line, step: step, reader: &reader)
            }
        case .object(let members):
            for (key, member) in members {
                checkTemplates(member, field: "\(field).\(key)", line: line, step: step, reader: &reader)
            }
        default:
            break
        }
    }

    /// Whether a value is a string with a `${...}` in it (its type is known only once it is resolved).
    static func isTemplate(_ value: StepValue) -> Bool {
        guard let text = value.stringValue else { return false }
        return (try? Template(parsing: text))?.references.isEmpty == false
    }
}

/// How files are shown in messages: relative to the working folder when inside it, else absolute.
public enum DisplayPath {
    /// `runbooks/x.lua` for a file under the working folder, the absolute path otherwise.
    public static func of(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

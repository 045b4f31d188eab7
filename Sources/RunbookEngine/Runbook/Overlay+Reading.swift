import PluginHost
public import Foundation
import LuaKit

extension Overlay {
    /// The fields an overlay may have.
    static let fields = ["extends", "customer", "environments", "params", "plugin_paths", "insert", "replace", "remove"]
    /// The fields of one insertion.
    static let insertionFields = ["after", "before", "step"]

    /// Reads and checks an overlay file's shape (what it changes is checked when it is applied to its runbook).
    public static func read(_ file: URL, display: String? = nil) throws(RunbookError) -> Overlay {
        let display = display ?? DisplayPath.of(file)
        let (value, source) = try LuaFileEvaluator.evaluate(file, display: display)
        var reader = DeclarationReader(source: source)
        guard let top = reader.table(value, field: "(the returned value)", line: nil) else {
            throw RunbookError(source.whole, "an overlay must return a table (got \(value.typeName))")
        }
        reader.rejectUnknownKeys(top, allowed: fields, context: "", line: 1)
        let extends = reader.string(top, "extends", required: true, line: source.line(ofKey: "extends"))
        let customerLine = source.line(ofKey: "customer")
        let customer = reader.string(top, "customer", required: true, line: customerLine)
        if let customer, !Reference.isName(customer) {
            reader.problems.add(source.at(customerLine), "field 'customer' must be a name of letters, digits, '_' and '-' (got \"\(customer)\")")
        }
        let environments = Runbook.readEnvironments(top["environments"], required: false, reader: &reader)
        let parameters = readParameterValues(top["params"], reader: &reader)
        let folders = reader.folders(top["plugin_paths"], base: file.deletingLastPathComponent(),
                                     line: source.line(ofKey: "plugin_paths"))
        let insertions = readInsertions(top["insert"], reader: &reader)
        let replacements = readReplacements(top["replace"], reader: &reader)
        let removals = readRemovals(top["remove"], reader: &reader)
        try reader.problems.check()
        return Overlay(
            extends: extends ?? "", customer: customer ?? "", file: file, location: source.whole,
            environments: environments, parameters: parameters, pluginPaths: folders, insertions: insertions,
            replacements: replacements, removals: removals)
    }

    private static func readParameterValues(_ value: LuaValue?, reader: inout DeclarationReader)
        -> [String: (value: StepValue, location: SourceLocation)]
    {
        guard let value, !value.isNil else { return [:] }
        let source = reader.source
        let line = source.line(ofKey: "params")
        guard let table = reader.table(value, field: "params", line: line) else { return [:] }
        var out: [String: (value: StepValue, location: SourceLocation)] = [:]
        for (name, entry) in table {
            let at = source.line(ofKey: name, from: line ?? 1) ?? line
            guard let converted = reader.value(entry, field: "params.\(name)", line: at) else { continue }
            Runbook.checkTemplates(converted, field: "params.\(name)", line: at, step: nil, reader: &reader)
            out[name] = (converted, source.at(at))
        }
        return out
    }

    private static func readInsertions(_ value: LuaValue?, reader: inout DeclarationReader) -> [StepInsertion] {
        guard let value, !value.isNil else { return [] }
        let source = reader.source
        let line = source.line(ofKey: "insert")
        guard let elements = reader.list(value, field: "insert", line: line) else { return [] }
        var out: [StepInsertion] = []
        for (index, element) in elements.enumerated() {
            let field = "insert[\(index + 1)]"
            guard let table = reader.table(element, field: field, line: line) else { continue }
            let stepID = table["step"]?["id"].stringValue
            let at = stepID.flatMap { source.line(ofStep: $0) } ?? line
            reader.rejectUnknownKeys(table, allowed: insertionFields, context: "\(field).", line: at, step: stepID)
            let after = reader.string(table, "after", field: "\(field).after", required: false, line: at, step: stepID)
            let before = reader.string(table, "before", field: "\(field).before", required: false, line: at, step: stepID)
            if (after == nil) == (before == nil) {
                reader.problems.add(source.at(at), step: stepID, "field '\(field)' needs exactly one of 'after' and 'before'")
            }
            guard let stepValue = table["step"], !stepValue.isNil else {
                reader.problems.add(source.at(at), "field '\(field).step' is missing")
                continue
            }
            guard let step = Runbook.readStep(stepValue, field: "\(field).step", fallbackLine: at, reader: &reader) else { continue }
            out.append(StepInsertion(after: after, before: before, step: step, location: source.at(at)))
        }
        return out
    }

    private static func readReplacements(_ value: LuaValue?, reader: inout DeclarationReader) -> [String: StepSpec] {
        guard let value, !value.isNil else { return [:] }
        let source = reader.source
        let line = source.line(ofKey: "replace")
        guard let table = reader.table(value, field: "replace", line: line) else { return [:] }
        var out: [String: StepSpec] = [:]
        for (id, entry) in table.sorted(by: { $0.key < $1.key }) {
            let at = source.line(ofKey: id, from: line ?? 1) ?? line
            var stepValue = entry
            if case .map(var members) = entry, members["id"] == nil {
                members["id"] = .string(id)
                stepValue = .map(members)
            }
            guard let step = Runbook.readStep(stepValue, field: "replace.\(id)", fallbackLine: at, reader: &reader) else { continue }
            if step.id != id {
                reader.problems.add(step.location, step: id, "field 'replace.\(id).id' must be '\(id)' (a replacement keeps the id; got '\(step.id)')")
                continue
            }
            out[id] = step
        }
        return out
    }

    private static func readRemovals(_ value: LuaValue?, reader: inout DeclarationReader) -> [(id: String, location: SourceLocation)] {
        guard let value, !value.isNil else { return [] }
        let source = reader.source
        let line = source.line(ofKey: "remove")
        guard let elements = reader.list(value, field: "remove", line: line) else { return [] }
        var out: [(id: String, location: SourceLocation)] = []
        for (index, element) in elements.enumerated() {
            guard let id = element.stringValue else {
                reader.problems.add(source.at(line), "field 'remove[\(index + 1)]' must be a step id (got \(element.typeName))")
                continue
            }
            out.append((id, source.at(source.line(ofString: id, from: line ?? 1) ?? line)))
        }
        return out
    }
}

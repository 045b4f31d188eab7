import PluginHost
import Foundation
import LuaKit

/// Reads the tables a runbook or overlay returns, collecting problems that name the file, line, step and field.
struct DeclarationReader {
    let source: SourceText
    var problems = ProblemList()

    init(source: SourceText) {
        self.source = source
    }

    /// The string-keyed entries of a table; a problem (and nil) for anything else.
    mutating func table(_ value: LuaValue, field: String, line: Int?, step: String? = nil) -> [String: LuaValue]? {
        guard let map = value.mapValue else {
            problems.add(source.at(line), step: step, "field '\(field)' must be a table (got \(value.typeName))")
            return nil
        }
        var out: [String: LuaValue] = [:]
        for (key, entry) in map {
            guard case .string(let name) = key else {
                problems.add(source.at(line), step: step, "field '\(field)' must have names as keys (found [\(key)])")
                continue
            }
            out[name.string] = entry
        }
        return out
    }

    /// The elements of a list; a problem (and nil) for anything else.
    mutating func list(_ value: LuaValue, field: String, line: Int?, step: String? = nil) -> [LuaValue]? {
        guard let elements = value.arrayValue else {
            problems.add(source.at(line), step: step, "field '\(field)' must be a list (got \(value.typeName))")
            return nil
        }
        return elements
    }

    /// A string field; a problem when it is missing (and `required`) or not a string.
    mutating func string(
        _ table: [String: LuaValue], _ key: String, field: String? = nil, required: Bool, line: Int?, step: String? = nil
    ) -> String? {
        let value = table[key] ?? .nil
        if value.isNil {
            if required { problems.add(source.at(line), step: step, "field '\(field ?? key)' is missing") }
            return nil
        }
        guard let text = value.stringValue else {
            problems.add(source.at(source.line(ofKey: key, from: line ?? 1) ?? line), step: step,
                         "field '\(field ?? key)' must be a string (got \(value.typeName))")
            return nil
        }
        return text
    }

    /// Reports every key of `table` that is not in `allowed`, suggesting the closest allowed one.
    mutating func rejectUnknownKeys(
        _ table: [String: LuaValue], allowed: [String], context: String, line: Int?, step: String? = nil
    ) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            let at = source.line(ofKey: key, from: line ?? 1) ?? line
            problems.add(source.at(at), step: step,
                         "unknown field '\(context)\(key)'\(Suggestion.hint(for: key, in: allowed))")
        }
    }

    /// A Lua value as a runbook value; functions and other Lua-only values are problems.
    mutating func value(_ value: LuaValue, field: String, line: Int?, step: String? = nil) -> StepValue? {
        do throws(ConversionFailure) {
            return try Self.convert(value, path: field)
        } catch {
            problems.add(source.at(line), step: step, error.message)
            return nil
        }
    }

    /// Plugin folders relative to `base` (the file's folder).
    mutating func folders(_ value: LuaValue?, base: URL, line: Int?) -> [URL] {
        guard let value, !value.isNil else { return [] }
        guard let elements = list(value, field: "plugin_paths", line: line) else { return [] }
        var out: [URL] = []
        for (index, element) in elements.enumerated() {
            guard let path = element.stringValue, !path.isEmpty else {
                problems.add(source.at(line), "field 'plugin_paths[\(index + 1)]' must be a folder path (got \(element.typeName))")
                continue
            }
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) || !isFolder.boolValue {
                problems.add(source.at(source.line(ofString: path) ?? line),
                             "plugin_paths: folder '\(path)' does not exist (\(url.standardizedFileURL.path))")
                continue
            }
            out.append(url.standardizedFileURL)
        }
        return out
    }

    struct ConversionFailure: Error {
        var message: String
    }

    static func convert(_ value: LuaValue, path: String) throws(ConversionFailure) -> StepValue {
        switch value {
        case .nil, .null: return .null
        case .boolean(let flag): return .bool(flag)
        case .integer(let number): return .int(number)
        case .number(let number): return .double(number)
        case .string(let text):
            guard let string = text.validString else {
                throw ConversionFailure(message: "field '\(path)' is not UTF-8 text")
            }
            return .string(string)
        case .array(let elements):
            var out: [StepValue] = []
            for (index, element) in elements.enumerated() { out.append(try convert(element, path: "\(path)[\(index + 1)]")) }
            return .array(out)
        case .map(let entries):
            var out: [String: StepValue] = [:]
            for (key, entry) in entries {
                guard case .string(let name) = key else {
                    throw ConversionFailure(message: "field '\(path)' mixes a list and names (key [\(key)])")
                }
                out[name.string] = try convert(entry, path: "\(path).\(name.string)")
            }
            return .object(out)
        case .function:
            throw ConversionFailure(message: "field '\(path)' must be data, not a function")
        case .table:
            throw ConversionFailure(message: "field '\(path)' must be data, not a host module")
        }
    }
}

import Foundation
import LuaKit

/// Checks the table a plugin file returns against the contract of `_meta/plugin.lua`; every error names the file
/// and the field, and unknown fields get a suggestion (typo protection).
struct DeclarationValidator {
    let file: String
    let bridge: ValueBridge

    static let topLevelFields = ["summary", "params", "outputs", "read", "plan", "apply", "verify"]
    static let paramFields = ["type", "required", "default", "doc"]

    struct Declaration {
        var summary: String
        var parameters: [ParamSpec]
        var outputs: [OutputSpec]
        var read: LuaRef
        var plan: LuaRef
        var apply: LuaRef
        var verify: LuaRef?
    }

    func validate(_ value: LuaValue) throws(PluginLoadError) -> Declaration {
        guard case .map(let entries) = value else {
            throw error(nil, "must return the plugin declaration table { summary, params, outputs, read, plan, apply }, got \(describe(value))")
        }
        var fields: [String: LuaValue] = [:]
        for (key, field) in entries {
            let name = key.description
            guard case .string = key, Self.topLevelFields.contains(name) else {
                throw error(
                    name,
                    "unknown field '\(name)'\(Suggestion.hint(for: name, in: Self.topLevelFields)); a plugin declares "
                        + Self.topLevelFields.joined(separator: ", "))
            }
            fields[name] = field
        }
        return Declaration(
            summary: try summary(fields["summary"] ?? .nil),
            parameters: try parameters(fields["params"] ?? .nil),
            outputs: try outputs(fields["outputs"] ?? .nil),
            read: try function("read", fields["read"] ?? .nil, "function(ctx) returning the current state or nil"),
            plan: try function("plan", fields["plan"] ?? .nil, "function(ctx, current) returning the list of changes"),
            apply: try function("apply", fields["apply"] ?? .nil, "function(ctx, current, changes) returning the outputs"),
            verify: try optionalFunction("verify", fields["verify"] ?? .nil))
    }

    private func summary(_ value: LuaValue) throws(PluginLoadError) -> String {
        guard !value.isNil else { throw error("summary", "field 'summary' is missing: one line saying what the plugin does") }
        guard let text = value.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error("summary", "field 'summary' must be a non-empty string (got \(describe(value)))")
        }
        guard !text.contains("\n") else { throw error("summary", "field 'summary' must be one line") }
        return text
    }

    private func parameters(_ value: LuaValue) throws(PluginLoadError) -> [ParamSpec] {
        if value.isNil { return [] }
        guard let entries = value.mapValue, !(value.arrayValue.map { !$0.isEmpty } ?? false) else {
            throw error("params", "field 'params' must be a table of name = { type =, required =, default =, doc = } (got \(describe(value)))")
        }
        var specs: [ParamSpec] = []
        for (key, spec) in entries {
            guard case .string(let nameText) = key, nameText.string.isIdentifier else {
                throw error("params", "field 'params' has a parameter named \(key), which is not an identifier")
            }
            specs.append(try parameter(nameText.string, spec))
        }
        return specs.sorted { $0.name < $1.name }
    }

    private func parameter(_ name: String, _ value: LuaValue) throws(PluginLoadError) -> ParamSpec {
        let field = "params.\(name)"
        guard case .map(let entries) = value else {
            throw error(field, "field '\(field)' must be a table { type =, required =, default =, doc = } (got \(describe(value)))")
        }
        for key in entries.keys {
            let keyName = key.description
            guard Self.paramFields.contains(keyName) else {
                throw error(
                    "\(field).\(keyName)",
                    "field '\(field).\(keyName)' is unknown\(Suggestion.hint(for: keyName, in: Self.paramFields)); "
                        + "a parameter declares type, required, default and doc")
            }
        }
        let choices = ParamType.allCases.map(\.rawValue).joined(separator: ", ")
        let typeValue = entries["type"] ?? .nil
        guard !typeValue.isNil else { throw error("\(field).type", "field '\(field).type' is missing: one of \(choices)") }
        guard let typeName = typeValue.stringValue, let type = ParamType(rawValue: typeName) else {
            throw error("\(field).type", "field '\(field).type' must be one of \(choices) (got \(describe(typeValue)))")
        }
        let requiredValue = entries["required"] ?? .nil
        guard requiredValue.isNil || requiredValue.boolValue != nil else {
            throw error("\(field).required", "field '\(field).required' must be a boolean (got \(describe(requiredValue)))")
        }
        let required = requiredValue.boolValue ?? false
        let docValue = entries["doc"] ?? .nil
        guard let doc = docValue.stringValue, !doc.isEmpty else {
            throw error("\(field).doc", "field '\(field).doc' must be a string describing the parameter (got \(describe(docValue)))")
        }
        var defaultValue: StepValue?
        if let raw = entries["default"], !raw.isNil {
            if required {
                throw error("\(field).default", "field '\(field)' is required and has a default; a parameter is one or the other")
            }
            let converted: StepValue
            do {
                converted = try bridge.stepValue(raw, allowUnknown: false)
            } catch {
                throw self.error("\(field).default", "field '\(field).default' \(error.reason)")
            }
            guard let accepted = type.accept(converted) else {
                throw error("\(field).default", "field '\(field).default' must be \(type.article) like its type (got \(describe(raw)))")
            }
            defaultValue = accepted
        }
        return ParamSpec(name: name, type: type, required: required, defaultValue: defaultValue, doc: doc)
    }

    private func outputs(_ value: LuaValue) throws(PluginLoadError) -> [OutputSpec] {
        if value.isNil { return [] }
        guard let entries = value.mapValue, !(value.arrayValue.map { !$0.isEmpty } ?? false) else {
            throw error("outputs", "field 'outputs' must be a table of output name = description strings (got \(describe(value)))")
        }
        var specs: [OutputSpec] = []
        for (key, doc) in entries {
            guard case .string(let nameText) = key, nameText.string.isIdentifier else {
                throw error("outputs", "field 'outputs' has an output named \(key), which is not an identifier")
            }
            guard let text = doc.stringValue else {
                throw error(
                    "outputs.\(nameText.string)",
                    "field 'outputs.\(nameText.string)' must be a string describing the output (got \(describe(doc)))")
            }
            specs.append(OutputSpec(name: nameText.string, doc: text))
        }
        return specs.sorted { $0.name < $1.name }
    }

    private func function(_ name: String, _ value: LuaValue, _ expected: String) throws(PluginLoadError) -> LuaRef {
        guard !value.isNil else { throw error(name, "field '\(name)' is missing: \(expected)") }
        guard case .function(let ref) = value else {
            throw error(name, "field '\(name)' must be a function (got \(describe(value)))")
        }
        return ref
    }

    private func optionalFunction(_ name: String, _ value: LuaValue) throws(PluginLoadError) -> LuaRef? {
        if value.isNil { return nil }
        guard case .function(let ref) = value else {
            throw error(name, "field '\(name)' must be a function when present (got \(describe(value)))")
        }
        return ref
    }

    private func error(_ field: String?, _ message: String) -> PluginLoadError {
        PluginLoadError(file: file, field: field, message: message)
    }

    /// `"strng"` for strings, the type name otherwise.
    private func describe(_ value: LuaValue) -> String {
        if let text = value.stringValue { return "\"\(text)\"" }
        return value.typeName
    }
}

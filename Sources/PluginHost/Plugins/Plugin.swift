public import LuaKit

/// The types a parameter may declare.
public enum ParamType: String, Sendable, CaseIterable {
    case string, integer, number, boolean, table, list

    /// `value` in this type's normal form (whole numbers as integers, `{}` as an empty list), or nil when it is not
    /// of this type. Unknown values are the caller's business.
    public func accept(_ value: StepValue) -> StepValue? {
        switch (self, value) {
        case (.string, .string), (.boolean, .bool), (.number, .int), (.number, .double), (.integer, .int),
            (.table, .object), (.table, .array), (.list, .array):
            return value
        case (.integer, .double(let number)):
            return Int64(exactly: number).map(StepValue.int)
        case (.list, .object(let members)) where members.isEmpty:
            return .array([])
        default:
            return nil
        }
    }

    /// `a string`, `an integer`, ...
    var article: String {
        switch self {
        case .integer: "an integer"
        case .list: "a list"
        default: "a \(rawValue)"
        }
    }
}

/// One declared parameter of a plugin.
public struct ParamSpec: Sendable, Equatable {
    public var name: String
    public var type: ParamType
    public var required: Bool
    /// The default, already of `type`.
    public var defaultValue: StepValue?
    public var doc: String
}

/// One declared output of a plugin.
public struct OutputSpec: Sendable, Equatable {
    public var name: String
    public var doc: String
}

/// A loaded and validated plugin: its declaration and the functions, in its own sandbox.
public final class Plugin: CustomStringConvertible {
    public let id: String
    /// The file, as shown in messages.
    public let file: String
    /// One line.
    public let summary: String
    /// The parameters, sorted by name.
    public let parameters: [ParamSpec]
    /// The outputs, sorted by name.
    public let outputs: [OutputSpec]
    /// The plugin's own sandbox: evaluate expressions here for the step debugger (`sandbox.run("return x")`).
    public let sandbox: LuaSandbox
    let read: LuaRef
    let plan: LuaRef
    let apply: LuaRef
    let verify: LuaRef?

    init(
        id: String, file: String, summary: String, parameters: [ParamSpec], outputs: [OutputSpec], sandbox: LuaSandbox,
        read: LuaRef, plan: LuaRef, apply: LuaRef, verify: LuaRef?
    ) {
        self.id = id
        self.file = file
        self.summary = summary
        self.parameters = parameters
        self.outputs = outputs
        self.sandbox = sandbox
        self.read = read
        self.plan = plan
        self.apply = apply
        self.verify = verify
    }

    /// Whether the plugin declares `verify`.
    public var hasVerify: Bool { verify != nil }

    /// The spec of parameter `name`.
    public func parameter(_ name: String) -> ParamSpec? { parameters.first { $0.name == name } }

    /// `describe`: the summary, the parameters with types, defaults and docs, and the outputs.
    public var description: String {
        var lines = ["\(id): \(summary)", "  file: \(file)", "  parameters:"]
        if parameters.isEmpty { lines.append("    (none)") }
        for spec in parameters {
            var text = "    \(spec.name): \(spec.type.rawValue)"
            if spec.required { text += ", required" }
            if let value = spec.defaultValue { text += ", default \(value)" }
            lines.append(text + " - \(spec.doc)")
        }
        lines.append("  outputs:")
        if outputs.isEmpty { lines.append("    (none)") }
        for output in outputs { lines.append("    \(output.name) - \(output.doc)") }
        return lines.joined(separator: "\n")
    }
}

@available(*, unavailable)
extension Plugin: Sendable {}

/// What `${...}` may name in a runbook value.
public enum Reference: Hashable, Sendable, CustomStringConvertible {
    /// `${env}`: the environment's name.
    case environmentName
    /// `${env.KEY}`: a setting of the environment (`tenant`, `org`, ...).
    case environmentSetting(String)
    /// `${params.NAME}`: a runbook parameter.
    case parameter(String)
    /// `${customer}`: the customer's name (`default` without an overlay).
    case customer
    /// `${outputs.STEP.NAME}`: an output of an earlier step.
    case output(step: String, name: String)

    /// The reference as written, without `${` and `}`.
    public var description: String {
        switch self {
        case .environmentName: "env"
        case .environmentSetting(let key): "env.\(key)"
        case .parameter(let name): "params.\(name)"
        case .customer: "customer"
        case .output(let step, let name): "outputs.\(step).\(name)"
        }
    }

    /// Parses the text between `${` and `}`; nil when it names nothing a runbook can reference.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy(Self.isName) else { return nil }
        switch (parts.first, parts.count) {
        case ("env", 1): self = .environmentName
        case ("env", 2): self = .environmentSetting(parts[1])
        case ("params", 2): self = .parameter(parts[1])
        case ("customer", 1): self = .customer
        case ("outputs", 3): self = .output(step: parts[1], name: parts[2])
        default: return nil
        }
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}

/// A string value split into literal text and `${...}` references.
public struct Template: Hashable, Sendable {
    /// One piece of a template.
    public enum Segment: Hashable, Sendable {
        case literal(String)
        case reference(Reference)
    }

    /// The pieces, in order.
    public let segments: [Segment]

    /// The references, in order.
    public var references: [Reference] {
        segments.compactMap { if case .reference(let reference) = $0 { reference } else { nil } }
    }

    /// The reference when the whole string is exactly one `${...}` (such a value keeps the referenced type).
    public var soleReference: Reference? {
        if segments.count == 1, case .reference(let reference) = segments[0] { return reference }
        return nil
    }

    /// Parses `text`; a `${` without `}` or a reference to something unknown is an error.
    public init(parsing text: String) throws(TemplateError) {
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            literal += rest[..<start.lowerBound]
            let inner = rest[start.upperBound...]
            guard let end = inner.firstIndex(of: "}") else {
                throw TemplateError(text: text, message: "'${' without a closing '}'")
            }
            let name = String(inner[..<end])
            guard let reference = Reference(parsing: name) else {
                throw TemplateError(text: text, message: "unknown reference ${\(name)} (use ${env}, ${env.KEY}, "
                    + "${params.NAME}, ${customer} or ${outputs.STEP.NAME})")
            }
            if !literal.isEmpty { segments.append(.literal(literal)) }
            literal = ""
            segments.append(.reference(reference))
            rest = inner[inner.index(after: end)...]
        }
        literal += rest
        if !literal.isEmpty || segments.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }
}

/// A string value whose `${...}` cannot be understood.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// The whole string.
    public var text: String
    /// What is wrong.
    public var message: String

    public var description: String { "\(message) in \"\(text)\"" }
}

import LuaKit
import MicrosoftCloud

/// A Lua value that cannot become data: where in the value (`.processes[2]`) and why.
struct ValueConversionError: Error, CustomStringConvertible {
    /// The path inside the value, empty at the top.
    var path: String
    var reason: String

    /// `what.path: reason`, e.g. `graph.post: argument 2 (body).notes: is a secret handle ...`.
    func message(for what: String) -> String { "\(what)\(path) \(reason)" }

    var description: String { message(for: "value") }
}

extension ValueBridge {
    /// A Lua value as a step value: tables as lists and objects, read-only views as their data, placeholders as
    /// `.unknown` (when `allowUnknown`). Secret handles, functions and other userdata are refused.
    func stepValue(_ value: LuaValue, allowUnknown: Bool) throws(ValueConversionError) -> StepValue {
        try convert(value, path: "", allowUnknown: allowUnknown)
    }

    /// A Lua value as JSON (no placeholders, no handles).
    func json(_ value: LuaValue) throws(ValueConversionError) -> JSONValue {
        // Without placeholders every step value has a JSON form.
        try convert(value, path: "", allowUnknown: false).json ?? .null
    }

    /// A Lua value as JSON, or a Lua argument error naming the host function and argument.
    func json(_ value: LuaValue, argument: String) throws -> JSONValue {
        do {
            return try json(value)
        } catch {
            throw LuaArgumentError(error.message(for: argument))
        }
    }

    private func convert(_ value: LuaValue, path: String, allowUnknown: Bool) throws(ValueConversionError) -> StepValue {
        switch value {
        case .nil, .null:
            return .null
        case .boolean(let flag):
            return .bool(flag)
        case .integer(let integer):
            return .int(integer)
        case .number(let number):
            guard number.isFinite else { throw ValueConversionError(path: path, reason: "is \(number), which JSON cannot represent") }
            return .double(number)
        case .string(let string):
            guard let text = string.validString else { throw ValueConversionError(path: path, reason: "is not UTF-8 text") }
            return .string(text)
        case .array(let elements):
            var values: [StepValue] = []
            values.reserveCapacity(elements.count)
            for (offset, element) in elements.enumerated() {
                values.append(try convert(element, path: "\(path)[\(offset + 1)]", allowUnknown: allowUnknown))
            }
            return .array(values)
        case .map(let entries):
            var members: [String: StepValue] = [:]
            for (key, element) in entries {
                let name: String
                let childPath: String
                switch key {
                case .string(let string):
                    guard let text = string.validString else {
                        throw ValueConversionError(path: path, reason: "has a key that is not UTF-8 text")
                    }
                    name = text
                    childPath = text.isIdentifier ? "\(path).\(text)" : "\(path)[\"\(text)\"]"
                case .integer(let integer):
                    name = String(integer)
                    childPath = "\(path)[\(integer)]"
                }
                guard members[name] == nil else {
                    throw ValueConversionError(path: path, reason: "has both the integer key \(name) and the string key \"\(name)\"")
                }
                members[name] = try convert(element, path: childPath, allowUnknown: allowUnknown)
            }
            return .object(members)
        case .function:
            throw ValueConversionError(path: path, reason: "is a function, which is not data")
        case .table:
            if secretValue(value) != nil {
                throw ValueConversionError(
                    path: path,
                    reason: "is a secret handle: its value never leaves the host (store it with secret.store and use the reference)")
            }
            if let reference = unknownReference(value) {
                guard allowUnknown else {
                    throw ValueConversionError(
                        path: path, reason: "is only known after apply (\(reference)); check ctx.unknown(v) first")
                }
                return .unknown(reference)
            }
            if let ref = value.reference, let data = viewData(ref) { return data }
            throw ValueConversionError(path: path, reason: "is a host module or userdata, which is not data")
        }
    }
}

extension String {
    /// Whether the text is a Lua identifier (for paths such as `.items[3].name`).
    var isIdentifier: Bool {
        guard let first = unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}

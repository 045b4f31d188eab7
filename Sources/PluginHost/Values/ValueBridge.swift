import Foundation
import HTTPTransport
import LuaKit
import MicrosoftCloud

/// Moves values between Lua and Swift for one host: JSON and step values to Lua tables, Lua tables back to JSON,
/// and the three kinds of userdata the host hands out, which Swift recognises by reference:
/// secret handles (the value stays in Swift), "known after apply" placeholders, and read-only views (`ctx`),
/// whose data Swift keeps so a view passed back (in a request body, `json.encode`, outputs) reads as data.
final class ValueBridge {
    let state: LuaState
    let redactor: SecretRedactor
    private let makeSecret: LuaRef
    private let makeUnknown: LuaRef
    /// Secret handles and their values (for the whole run: Lua may keep a handle between steps).
    private var secrets: [LuaRef: String] = [:]
    /// Placeholders and the reference they stand for (per step).
    private var unknowns: [LuaRef: String] = [:]
    /// Read-only views and their data (per step).
    private var views: [LuaRef: StepValue] = [:]
    /// Placeholders and views made since each running step began (steps nest when a Lua test runs one).
    private var madeInStep: [[LuaRef]] = []

    /// JSON keys of API answers whose string values are secrets and reach Lua only as handles.
    static let secretKeys: Set<String> = [
        "secretText", "client_secret", "password", "access_token", "refresh_token", "id_token",
    ]
    /// Turns the string values of `secretKeys` members into secret handles while an answer is read into Lua.
    private var secretFields: LuaJSONStringReplacement?

    init(state: LuaState, redactor: SecretRedactor) throws {
        self.state = state
        self.redactor = redactor
        makeSecret = try state.makeOpaqueConstructor(name: "<secret>")
        makeUnknown = try state.makeOpaqueConstructor(name: "<known after apply>")
        secretFields = LuaJSONStringReplacement(keys: Self.secretKeys) { [unowned self] secret in
            try secretHandle(secret)
        }
    }

    // MARK: Handles, placeholders, views

    /// A new secret handle for `value`, registered with the redactor first.
    func secretHandle(_ value: String) throws -> LuaValue {
        redactor.register(value)
        let handle = try single(state.call(makeSecret, [
            .string("<secret>"),
            .string(
                "a secret handle cannot be read, indexed or concatenated: its value never reaches Lua "
                    + "(store it with secret.store, or pass it to a host call that takes a secret)"),
        ]))
        if let ref = handle.reference { secrets[ref] = value }
        return handle
    }

    /// The value behind a secret handle, or nil when `value` is not one.
    func secretValue(_ value: LuaValue) -> String? {
        guard case .table(let ref) = value else { return nil }
        return secrets[ref]
    }

    /// A placeholder for a value only known after apply.
    func unknown(_ reference: String) throws -> LuaValue {
        let placeholder = try single(state.call(makeUnknown, [
            .string("(known after apply: \(reference))"),
            .string("\(reference) is only known after apply; check ctx.unknown(v) before using it in plan mode"),
        ]))
        if let ref = placeholder.reference {
            unknowns[ref] = reference
            madeDuringStep(ref)
        }
        return placeholder
    }

    /// The reference a placeholder stands for, or nil when `value` is not one.
    func unknownReference(_ value: LuaValue) -> String? {
        guard case .table(let ref) = value else { return nil }
        return unknowns[ref]
    }

    /// A read-only view of `value` (nested tables are views too; unknown values become placeholders).
    func readOnly(_ value: StepValue, name: String) throws -> LuaValue {
        switch value {
        case .array(let elements):
            var children: [LuaValue] = []
            children.reserveCapacity(elements.count)
            for (offset, element) in elements.enumerated() {
                children.append(try readOnly(element, name: "\(name)[\(offset + 1)]"))
            }
            let ref = try state.makeReadOnly(.array(children), name: name)
            views[ref] = value
            madeDuringStep(ref)
            return .table(ref)
        case .object(let members):
            var children: [LuaKey: LuaValue] = [:]
            for (key, member) in members {
                children[.string(key)] = try readOnly(member, name: "\(name).\(key)")
            }
            let ref = try state.makeReadOnly(.map(children), name: name)
            views[ref] = value
            madeDuringStep(ref)
            return .table(ref)
        default:
            return try lua(value)
        }
    }

    /// The data behind a read-only view, or nil when `ref` is not one.
    func viewData(_ ref: LuaRef) -> StepValue? { views[ref] }

    /// Makes a read-only view of a table that also holds Lua values (functions, views): `ctx` itself.
    func readOnlyTable(_ entries: [String: LuaValue], name: String) throws -> LuaValue {
        var map: [LuaKey: LuaValue] = [:]
        for (key, value) in entries { map[.string(key)] = value }
        return .table(try state.makeReadOnly(.map(map), name: name))
    }

    /// Starts remembering the placeholders and views a step makes.
    func beginStep() {
        madeInStep.append([])
    }

    /// Forgets the placeholders and views of the step that ended (those made before it stay).
    func endStep() {
        for ref in madeInStep.popLast() ?? [] {
            unknowns[ref] = nil
            views[ref] = nil
        }
    }

    private func madeDuringStep(_ ref: LuaRef) {
        guard !madeInStep.isEmpty else { return }
        madeInStep[madeInStep.count - 1].append(ref)
    }

    // MARK: Swift to Lua

    /// A step value as a plain Lua table (unknown values become placeholders).
    func lua(_ value: StepValue) throws -> LuaValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .boolean(flag)
        case .int(let integer): return .integer(integer)
        case .double(let number): return .number(number)
        case .string(let text): return .string(text)
        case .array(let elements): return .array(try elements.map { try lua($0) })
        case .object(let members):
            var map: [LuaKey: LuaValue] = [:]
            for (key, member) in members { map[.string(key)] = try lua(member) }
            return .map(map)
        case .unknown(let reference): return try unknown(reference)
        }
    }

    /// An answer's body as a Lua value (nil for none and for JSON null). The bytes are read straight into Lua
    /// tables, the string values of secret fields (`secretText`, ...) becoming secret handles on the way.
    func lua(responseBody answer: APIBytesResponse) throws -> LuaValue {
        if answer.body.isEmpty { return .nil }
        if let value = try? answer.body.withUnsafeBytes({ try state.value(fromJSON: $0, replacing: secretFields) }) {
            return value == .null ? .nil : value
        }
        return try luaReadBySwift(answer)
    }

    /// An answer's body the C reader refused, read by the Swift parser. Also the way for a body that is not JSON:
    /// `json()` throws the service's `invalid_response` error.
    private func luaReadBySwift(_ answer: APIBytesResponse) throws -> LuaValue {
        let json = try cloud { () throws(CloudError) in try answer.json() }
        return json.isNull ? .nil : try lua(response: json)
    }

    /// `lua(responseBody:)`, pushed on `results` (no reference to the table is made).
    func push(responseBody answer: APIBytesResponse, on results: borrowing LuaResults) throws {
        if answer.body.isEmpty { return try results.push(.nil) }
        let read: Void? = try? answer.body.withUnsafeBytes { try results.pushJSON($0, replacing: secretFields, nullAsNil: true) }
        if read != nil { return }
        try results.push(luaReadBySwift(answer))
    }

    /// An API answer as a Lua table: JSON null stays `json.null`, and the string values of secret fields
    /// (`secretText`, ...) become secret handles.
    func lua(response json: JSONValue) throws -> LuaValue {
        switch json {
        case .null: return .null
        case .bool(let flag): return .boolean(flag)
        case .int(let integer): return .integer(integer)
        case .double(let number): return .number(number)
        case .string(let text): return .string(text)
        case .array(let elements):
            var values: [LuaValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try lua(response: element)) }
            return .array(values)
        case .object(let members):
            var map: [LuaKey: LuaValue] = [:]
            map.reserveCapacity(members.count)
            for (key, member) in members {
                if Self.secretKeys.contains(key), case .string(let secret) = member, !secret.isEmpty {
                    map[.string(key)] = try secretHandle(secret)
                } else {
                    map[.string(key)] = try lua(response: member)
                }
            }
            return .map(map)
        }
    }

    private func single(_ results: [LuaValue]) throws -> LuaValue {
        guard let first = results.first, first.reference != nil else {
            throw LuaError(kind: .usage, message: "the opaque value constructor returned no userdata")
        }
        return first
    }
}

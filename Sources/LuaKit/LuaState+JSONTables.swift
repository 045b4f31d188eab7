internal import CLuaShims
import JSONParsing

/// String members of a JSON document that must not reach Lua as plain strings (a service's secret fields): the
/// string value of a member with one of `keys` is handed to `replace`, and what it returns takes its place.
public struct LuaJSONStringReplacement {
    /// The member names, as UTF-8, one after the other.
    private let joinedKeys: [UInt8]
    /// Where each name ends in `joinedKeys`.
    private let keyEnds: [Int]
    /// Makes the Lua value that stands for a string found under one of the keys.
    let replace: (String) throws -> LuaValue

    /// Replaces the string values of members named `keys` (exact names, after escapes are resolved) with what
    /// `replace` returns for them. Strings elsewhere (array elements, other members, nested values) stay strings.
    public init(keys: Set<String>, replace: @escaping (String) throws -> LuaValue) {
        var joined: [UInt8] = []
        var ends: [Int] = []
        for key in keys.sorted() {
            joined += key.utf8
            ends.append(joined.count)
        }
        self.joinedKeys = joined
        self.keyEnds = ends
        self.replace = replace
    }

    /// Calls `body` with the keys as the C reader takes them (valid only during the call).
    func withCKeys<Result>(_ body: (UnsafeBufferPointer<stepwise_json_key>) throws -> Result) rethrows -> Result {
        try joinedKeys.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
            var start = 0
            let keys = keyEnds.map { end in
                defer { start = end }
                return stepwise_json_key(bytes: base.map { $0 + start }, length: end - start)
            }
            return try keys.withUnsafeBufferPointer(body)
        }
    }
}

extension LuaState {
    /// The value of a UTF-8 JSON document, read straight into Lua: objects and arrays become Lua tables (returned
    /// as `.table` references; arrays marked as `json.array` does), scalars come back as values, JSON null as
    /// `.null`. Same meaning as `LuaValue(jsonBytes:)`, without building Swift values first: reading a service's
    /// answer this way costs a fraction of the Swift detour. Nesting is bounded by the state's `maxDepth`.
    /// With `replacing`, the string values of the members it names become what it makes of them.
    public func value(fromJSON bytes: [UInt8], replacing replacement: LuaJSONStringReplacement? = nil) throws -> LuaValue {
        try bytes.withUnsafeBytes { try value(fromJSON: $0, replacing: replacement) }
    }

    /// `value(fromJSON:replacing:)` for bytes in memory the caller holds (a response body), without copying them.
    public func value(fromJSON bytes: UnsafeRawBufferPointer, replacing replacement: LuaJSONStringReplacement? = nil) throws -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let replacing = replacement.map { JSONReplacementCall(state: self, replacement: $0) }
        let status = try withJSONOptions(replacing) { options in
            withUnsafePointer(to: options) { options in
                stepwise_json_push(L, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, options)
            }
        }
        switch status {
        case STEPWISE_JSON_OK:
            if lua_type(L, -1) == LUA_TTABLE { return .table(makeRef(at: -1, kind: .table)) }
            return try readValue(at: -1, name: "JSON")
        case STEPWISE_JSON_REPLACEMENT_FAILED:
            throw replacing?.failure ?? LuaError(kind: .conversion, message: "cannot read JSON into Lua: a replacement failed")
        case STEPWISE_JSON_STACK_FULL:
            throw LuaError(kind: .conversion, message: "cannot read JSON into Lua: the Lua stack is full")
        case STEPWISE_JSON_NO_MEMORY:
            throw LuaError(kind: .conversion, message: "cannot read JSON into Lua: out of memory")
        default:
            // The C reader does not say why; the Swift parser reads the text again to name the byte.
            do {
                try JSONParser.check(Array(bytes), maxDepth: maxDepth)
            } catch {
                throw LuaJSONError(error.description)
            }
            throw LuaJSONError("invalid JSON: the reader refused the text")
        }
    }

    /// Calls `body` with the C reader's options for this state and `replacing` (valid only during the call).
    private func withJSONOptions<Result>(
        _ replacing: JSONReplacementCall?, _ body: (stepwise_json_options) throws -> Result
    ) rethrows -> Result {
        var options = stepwise_json_options()
        options.max_depth = Int32(clamping: maxDepth)
        options.null_slot = bootstrap.null
        options.array_meta_slot = bootstrap.arrayMeta
        guard let replacing else { return try body(options) }
        return try withExtendedLifetime(replacing) {
            try replacing.replacement.withCKeys { keys in
                options.replaced_keys = keys.baseAddress
                options.replaced_key_count = keys.count
                options.replace = jsonReplace
                options.replace_context = Unmanaged.passUnretained(replacing).toOpaque()
                return try body(options)
            }
        }
    }
}

/// One read's replacement, as the C reader's callback finds it; keeps the first error the replacement threw.
private final class JSONReplacementCall {
    let state: LuaState
    let replacement: LuaJSONStringReplacement
    var failure: (any Error)?

    init(state: LuaState, replacement: LuaJSONStringReplacement) {
        self.state = state
        self.replacement = replacement
    }

    /// Pushes what stands for `text`; 0, or 1 (nothing pushed) when the replacement failed.
    func push(_ text: String) -> Int32 {
        do {
            try state.push(try replacement.replace(text))
            return 0
        } catch {
            failure = error
            return 1
        }
    }
}

/// The C reader's replacement callback: hands the string to the `JSONReplacementCall` in `context`.
private let jsonReplace: stepwise_json_replace = { context, _, bytes, length in
    let call = Unmanaged<JSONReplacementCall>.fromOpaque(context!).takeUnretainedValue()
    let text = String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    return call.push(text)
}

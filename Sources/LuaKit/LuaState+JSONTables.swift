internal import CLuaShims
import JSONParsing

/// String members of a JSON document that must not reach Lua as plain strings (a service's secret fields): the
/// string value of a member with one of `keys` is handed to `replace`, and what it returns takes its place.
public struct LuaJSONStringReplacement {
    /// The member names, as the C reader takes them (made once: a replacement serves every answer of a host).
    let keys: JSONKeyList
    /// Makes the Lua value that stands for a string found under one of the keys.
    let replace: (String) throws -> LuaValue

    /// Replaces the string values of members named `keys` (exact names, after escapes are resolved) with what
    /// `replace` returns for them. Strings elsewhere (array elements, other members, nested values) stay strings.
    public init(keys: Set<String>, replace: @escaping (String) throws -> LuaValue) {
        self.keys = JSONKeyList(keys.sorted())
        self.replace = replace
    }
}

/// Member names in memory the C reader can point at, for as long as the list lives.
final class JSONKeyList {
    let keys: UnsafeMutableBufferPointer<stepwise_json_key>
    private let bytes: UnsafeMutableBufferPointer<CChar>

    init(_ names: [String]) {
        bytes = .allocate(capacity: max(1, names.reduce(0) { $0 + $1.utf8.count }))
        keys = .allocate(capacity: names.count)
        var offset = 0
        for (index, name) in names.enumerated() {
            let start = bytes.baseAddress! + offset
            for byte in name.utf8 {
                bytes[offset] = CChar(bitPattern: byte)
                offset += 1
            }
            keys[index] = stepwise_json_key(bytes: start, length: name.utf8.count)
        }
    }

    deinit {
        keys.deallocate()
        bytes.deallocate()
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
        try pushJSON(bytes, replacing: replacement)
        if lua_type(L, -1) == LUA_TTABLE { return .table(makeRef(at: -1, kind: .table)) }
        return try readValue(at: -1, name: "JSON")
    }

    /// [-0, +1] Pushes the value of a JSON document as `value(fromJSON:replacing:)` reads it (JSON null as the
    /// `json.null` sentinel); pushes nothing when it throws.
    func pushJSON(_ bytes: UnsafeRawBufferPointer, replacing replacement: LuaJSONStringReplacement?) throws {
        var options = stepwise_json_options()
        options.max_depth = Int32(clamping: maxDepth)
        options.null_slot = bootstrap.null
        options.array_meta_slot = bootstrap.arrayMeta
        options.key_cache = stepwise_lua_json_keys(runtime)
        options.key_cache_slot = bootstrap.jsonKeyPins
        var call = JSONReplacementCall(state: self, replace: replacement?.replace ?? { .string($0) })
        let status = withExtendedLifetime(replacement) {
            withUnsafeMutablePointer(to: &call) { call in
                if let replacement {
                    options.replaced_keys = UnsafePointer(replacement.keys.keys.baseAddress)
                    options.replaced_key_count = replacement.keys.keys.count
                    options.replace = jsonReplace
                    options.replace_context = UnsafeMutableRawPointer(call)
                }
                return stepwise_json_push(L, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &options)
            }
        }
        switch status {
        case STEPWISE_JSON_OK:
            return
        case STEPWISE_JSON_REPLACEMENT_FAILED:
            throw call.failure ?? LuaError(kind: .conversion, message: "cannot read JSON into Lua: a replacement failed")
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
}

/// One read's replacement, as the C reader's callback finds it; keeps the first error the replacement threw.
private struct JSONReplacementCall {
    let state: LuaState
    let replace: (String) throws -> LuaValue
    var failure: (any Error)?

    init(state: LuaState, replace: @escaping (String) throws -> LuaValue) {
        self.state = state
        self.replace = replace
    }

    /// Pushes what stands for `text`; 0, or 1 (nothing pushed) when the replacement failed.
    mutating func push(_ text: String) -> Int32 {
        do {
            try state.push(try replace(text))
            return 0
        } catch {
            failure = error
            return 1
        }
    }
}

/// The C reader's replacement callback: hands the string to the `JSONReplacementCall` in `context`.
private let jsonReplace: stepwise_json_replace = { context, _, bytes, length in
    let text = String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    return context!.assumingMemoryBound(to: JSONReplacementCall.self).pointee.push(text)
}

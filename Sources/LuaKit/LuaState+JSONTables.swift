internal import CLuaShims
import JSONParsing

/// String members of a JSON document that must not reach Lua as plain strings (a service's secret fields): the
/// string value of a member with one of `keys` is handed to `replace`, and what it returns takes its place.
public struct LuaJSONStringReplacement {
    /// The member names, as UTF-8.
    let keys: [[UInt8]]
    /// Makes the Lua value that stands for a string found under one of the keys.
    let replace: (String) throws -> LuaValue

    /// Replaces the string values of members named `keys` (exact names, after escapes are resolved) with what
    /// `replace` returns for them. Strings elsewhere (array elements, other members, nested values) stay strings.
    public init(keys: Set<String>, replace: @escaping (String) throws -> LuaValue) {
        self.keys = keys.map { Array($0.utf8) }
        self.replace = replace
    }

    func matches(_ key: ArraySlice<UInt8>) -> Bool {
        keys.contains { $0.count == key.count && $0.elementsEqual(key) }
    }
}

extension LuaState {
    /// The value of a UTF-8 JSON document, read straight into Lua: objects and arrays become Lua tables (returned
    /// as `.table` references; arrays marked as `json.array` does), scalars come back as values, JSON null as
    /// `.null`. Same meaning as `LuaValue(jsonBytes:)`, without building Swift values first: reading a service's
    /// answer this way costs a fraction of the Swift detour. Nesting is bounded by the state's `maxDepth`.
    /// With `replacing`, the string values of the members it names become what it makes of them.
    public func value(fromJSON bytes: [UInt8], replacing replacement: LuaJSONStringReplacement? = nil) throws -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        var handler = LuaStackJSONHandler(state: self, replacement: replacement)
        do {
            try parser.parseDocument(into: &handler)
        } catch let error as JSONSyntaxError {
            throw LuaJSONError(error.description)
        }
        if lua_type(L, -1) == LUA_TTABLE { return .table(makeRef(at: -1, kind: .table)) }
        return try readValue(at: -1, name: "JSON")
    }
}

/// Pushes a JSON document onto the Lua stack as it is read. Raw access only, on the running thread, with the memory
/// cap suspended (Swift is running).
///
/// A container's members wait on the stack (key and value, or element) until it closes, and only then is its
/// table made, at its final size: growing a table one member at a time rehashes it at every power of two, which
/// cost a third of reading a typical answer. A container with more than `pendingLimit` members gets its table
/// then and is filled member by member from there on, so the stack stays small however long an array is.
private struct LuaStackJSONHandler: JSONEventHandler {
    /// A container being read.
    private struct Container {
        /// The stack index just below its first pending member (or its table, once made).
        let base: Int32
        let isArray: Bool
        /// Members waiting on the stack; none once `hasTable`.
        var pending: Int32 = 0
        var hasTable = false
    }

    static let pendingLimit: Int32 = 256

    let state: LuaState
    let replacement: LuaJSONStringReplacement?
    private var containers: [Container] = []
    /// The member just named is one whose string value `replacement` takes.
    private var replacesNextString = false
    var L: OpaquePointer { state.L }

    init(state: LuaState, replacement: LuaJSONStringReplacement?) {
        self.state = state
        self.replacement = replacement
        containers.reserveCapacity(8)
    }

    mutating func null() throws { try reserve(1); replacesNextString = false; stepwise_lua_push_slot(L, state.bootstrap.null) }
    mutating func bool(_ value: Bool) throws { try reserve(1); replacesNextString = false; lua_pushboolean(L, value ? 1 : 0) }
    mutating func integer(_ value: Int64) throws { try reserve(1); replacesNextString = false; lua_pushinteger(L, lua_Integer(value)) }
    mutating func number(_ value: Double) throws { try reserve(1); replacesNextString = false; lua_pushnumber(L, value) }

    mutating func string(_ utf8: ArraySlice<UInt8>) throws {
        try reserve(1)
        if replacesNextString, let replacement, !utf8.isEmpty {
            replacesNextString = false
            try state.push(try replacement.replace(String(decoding: utf8, as: UTF8.self)))
        } else {
            replacesNextString = false
            pushBytes(utf8)
        }
    }

    mutating func key(_ utf8: ArraySlice<UInt8>) throws {
        try reserve(2)
        replacesNextString = replacement?.matches(utf8) ?? false
        pushBytes(utf8)
    }

    mutating func beginObject() throws { try begin(isArray: false) }
    mutating func beginArray() throws { try begin(isArray: true) }

    mutating func endMember() throws { try endMember(position: 0) }
    mutating func endElement(_ position: Int) throws { try endMember(position: position) }

    mutating func endObject() throws { finish() }

    mutating func endArray() throws {
        finish()
        state.markArray(at: -1)
    }

    private mutating func begin(isArray: Bool) throws {
        try reserve(1)
        replacesNextString = false
        containers.append(Container(base: lua_gettop(L), isArray: isArray))
    }

    /// Files the member just read: leaves it waiting, or stores it in the container's table once that exists.
    private mutating func endMember(position: Int) throws {
        let last = containers.count - 1
        if containers[last].hasTable {
            if containers[last].isArray {
                lua_rawseti(L, -2, lua_Integer(position))
            } else {
                lua_rawset(L, -3)
            }
            return
        }
        containers[last].pending += 1
        if containers[last].pending == Self.pendingLimit { makeTable(for: last) }
    }

    /// The container is complete: its table (made now if its members are still waiting) is left on top.
    private mutating func finish() {
        let last = containers.count - 1
        if !containers[last].hasTable { makeTable(for: last) }
        containers.removeLast()
    }

    /// Makes the table of `containers[index]`, sized for its waiting members, files them in document order (a
    /// repeated key keeps its last value) and leaves the table alone on the stack in their place.
    private mutating func makeTable(for index: Int) {
        let container = containers[index]
        let count = container.pending
        let first = container.base + 1
        if container.isArray {
            lua_createtable(L, count, 0)
            for offset in 0..<count {
                lua_pushvalue(L, first + offset)
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
        } else {
            lua_createtable(L, 0, count)
            for offset in 0..<count {
                lua_pushvalue(L, first + 2 * offset)
                lua_pushvalue(L, first + 2 * offset + 1)
                lua_rawset(L, -3)
            }
        }
        lua_copy(L, -1, first)
        lua_settop(L, first)
        containers[index].pending = 0
        containers[index].hasTable = true
    }

    /// Room for `slots` more values, and for the table and copies `makeTable` pushes.
    private func reserve(_ slots: Int32) throws {
        guard lua_checkstack(L, slots + 3) != 0 else {
            throw LuaError(kind: .conversion, message: "cannot read JSON into Lua: the Lua stack is full")
        }
    }

    private func pushBytes(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { buffer in
            _ = lua_pushlstring(L, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), buffer.count)
        }
    }
}

internal import CLuaShims

// Lua to Swift, on the running thread `L`, with raw access only (no metamethod runs, nothing raises).
extension LuaState {
    /// How to treat values that cannot be copied (cycles, nesting past `maxDepth`, threads).
    enum ReadMode {
        /// Fail with a conversion error.
        case strict
        /// Keep such tables as `.table` references and describe threads as strings (for the debugger).
        case lenient
    }

    /// [-0, +0] Copies the value at `index`; `name` describes it in errors ("argument 2", "result 1").
    @inline(__always)
    func readValue(at index: Int32, name: @autoclosure () -> String = "value", mode: ReadMode = .strict)
        throws(LuaError) -> LuaValue
    {
        let L = self.L
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            return lua_isinteger(L, index) != 0 ? .integer(Int64(lua_tointegerx(L, index, nil))) : .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            return .string(readString(at: index))
        default:
            return try readReference(at: index, name: name, mode: mode)
        }
    }

    /// Copies a table, or references a function or userdata; restores the stack on error.
    @inline(never)
    private func readReference(at index: Int32, name: () -> String, mode: ReadMode) throws(LuaError) -> LuaValue {
        let top = lua_gettop(L)
        var reader = TableReader(state: self, mode: mode)
        do {
            return try reader.read(at: lua_absindex(L, index))
        } catch {
            lua_settop(L, top)
            throw LuaError(kind: .conversion, message: "\(name())\(reader.pathDescription): \(error.message)")
        }
    }

    /// The bytes of the string at `index` (which must be a string, so nothing is converted in place).
    func readString(at index: Int32) -> LuaString {
        var length = 0
        guard let chars = lua_tolstring(L, index, &length) else { return LuaString(bytes: []) }
        return LuaString(bytes: [UInt8](UnsafeRawBufferPointer(start: chars, count: length)))
    }
}

/// Copies tables, functions and userdata, tracking the path for messages and the tables being visited for cycles.
private struct TableReader {
    let state: LuaState
    let mode: LuaState.ReadMode
    var path: [LuaKey] = []
    var visiting: Set<UInt> = []

    init(state: LuaState, mode: LuaState.ReadMode) {
        self.state = state
        self.mode = mode
    }

    /// Where in the value the error happened, as ".items[3].name" (empty at the top).
    var pathDescription: String {
        path.map { key in
            switch key {
            case .integer(let integer): "[\(integer)]"
            case .string(let string): string.string.isLuaIdentifier ? ".\(string.string)" : "[\"\(string.string)\"]"
            }
        }.joined()
    }

    mutating func read(at index: Int32) throws(LuaError) -> LuaValue {
        let L = state.L
        switch lua_type(L, index) {
        case LUA_TTABLE:
            return try readTable(at: index)
        case LUA_TFUNCTION:
            return .function(state.makeRef(at: index, kind: .function))
        case LUA_TUSERDATA:
            if UnsafeRawPointer(lua_touserdata(L, index)) == state.nullAddress { return .null }
            return .table(state.makeRef(at: index, kind: .userdata))
        case LUA_TTHREAD, LUA_TLIGHTUSERDATA:
            let typeName = String(cString: lua_typename(L, lua_type(L, index)))
            if mode == .lenient { return .string("\(typeName): 0x\(String(UInt(bitPattern: lua_topointer(L, index)), radix: 16))") }
            throw LuaError(kind: .conversion, message: "a \(typeName) cannot be passed to Swift")
        default:
            return try state.readValue(at: index)
        }
    }

    private mutating func readTable(at table: Int32) throws(LuaError) -> LuaValue {
        let L = state.L
        let address = UInt(bitPattern: lua_topointer(L, table))
        if visiting.contains(address) {
            if mode == .lenient { return .table(state.makeRef(at: table, kind: .table)) }
            throw LuaError(kind: .conversion, message: "the table contains itself (a cycle)")
        }
        if visiting.count >= state.maxDepth {
            if mode == .lenient { return .table(state.makeRef(at: table, kind: .table)) }
            throw LuaError(kind: .conversion, message: "tables nest deeper than \(state.maxDepth) levels")
        }
        guard lua_checkstack(L, 4) != 0 else {
            throw LuaError(kind: .conversion, message: "the Lua stack is full")
        }
        visiting.insert(address)
        defer { visiting.remove(address) }

        var elements: [LuaValue] = []
        var entries: [LuaKey: LuaValue] = [:]
        var isSequence = true
        lua_pushnil(L)
        while lua_next(L, table) != 0 {
            let key = try readKey(at: -2)
            path.append(key)
            let value = try read(at: lua_absindex(L, -1))
            path.removeLast()
            stepwise_lua_pop(L, 1)
            if isSequence, key == .integer(Int64(elements.count + 1)) {
                elements.append(value)
                continue
            }
            if isSequence {
                isSequence = false
                for (offset, element) in elements.enumerated() { entries[.integer(Int64(offset + 1))] = element }
                elements = []
            }
            entries[key] = value
        }
        if isSequence {
            if elements.isEmpty && !isMarkedArray(table) { return .map([:]) }
            return .array(elements)
        }
        return Self.sequence(from: entries).map(LuaValue.array) ?? .map(entries)
    }

    /// The elements when the keys are exactly 1...n (a sequence whose keys came out of order).
    private static func sequence(from entries: [LuaKey: LuaValue]) -> [LuaValue]? {
        var elements = [LuaValue](repeating: .nil, count: entries.count)
        for (key, value) in entries {
            guard case .integer(let index) = key, index >= 1, index <= Int64(entries.count) else { return nil }
            elements[Int(index - 1)] = value
        }
        return elements
    }

    private func readKey(at index: Int32) throws(LuaError) -> LuaKey {
        let L = state.L
        switch lua_type(L, index) {
        case LUA_TSTRING:
            return .string(state.readString(at: index))
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(lua_tointegerx(L, index, nil))) }
            throw LuaError(kind: .conversion, message: "a table key is the float \(lua_tonumberx(L, index, nil)) (only string and integer keys can be passed to Swift)")
        default:
            let typeName = String(cString: lua_typename(L, lua_type(L, index)))
            throw LuaError(kind: .conversion, message: "a table key is a \(typeName) (only string and integer keys can be passed to Swift)")
        }
    }

    private func isMarkedArray(_ table: Int32) -> Bool {
        let L = state.L
        if lua_getmetatable(L, table) != 0 {
            stepwise_lua_push_slot(L, state.bootstrap.arrayMeta)
            let shared = lua_rawequal(L, -1, -2) != 0
            stepwise_lua_pop(L, 2)
            if shared { return true }
        }
        stepwise_lua_push_slot(L, state.bootstrap.arrayMarks)
        lua_pushvalue(L, table)
        let marked = lua_rawget(L, -2) != LUA_TNIL
        stepwise_lua_pop(L, 2)
        return marked
    }
}

extension String {
    /// True for names Lua accepts as identifiers (used to print paths such as `.items[3].name`).
    var isLuaIdentifier: Bool {
        guard let first = utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else {
            return false
        }
        return utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}

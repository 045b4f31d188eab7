extension LuaValue: ExpressibleByStringLiteral {
    /// A string value from a literal.
    public init(stringLiteral value: String) {
        self = .string(LuaString(value))
    }
}

extension LuaValue: ExpressibleByIntegerLiteral {
    /// An integer value from a literal.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension LuaValue: ExpressibleByFloatLiteral {
    /// A float value from a literal.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }
}

extension LuaValue: ExpressibleByBooleanLiteral {
    /// A boolean value from a literal.
    public init(booleanLiteral value: Bool) {
        self = .boolean(value)
    }
}

extension LuaValue: ExpressibleByArrayLiteral {
    /// An array value from a literal.
    public init(arrayLiteral elements: LuaValue...) {
        self = .array(elements)
    }
}

extension LuaValue: ExpressibleByDictionaryLiteral {
    /// A map value from a literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (LuaKey, LuaValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension LuaValue {
    /// A string value holding the UTF-8 encoding of `text`.
    public init(_ text: String) {
        self = .string(LuaString(text))
    }

    /// An integer value.
    public init(_ integer: Int) {
        self = .integer(Int64(integer))
    }

    /// A map from string keys.
    public init(_ entries: [String: LuaValue]) {
        var map: [LuaKey: LuaValue] = [:]
        map.reserveCapacity(entries.count)
        for (key, value) in entries { map[.string(key)] = value }
        self = .map(map)
    }
}

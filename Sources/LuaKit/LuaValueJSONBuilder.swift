import JSONParsing

/// Builds `LuaValue`s for `JSONParser`: objects become `.map`, arrays `.array`, null `.null`.
struct LuaValueJSONBuilder: JSONBuilder {
    func null() -> LuaValue { .null }
    func bool(_ value: Bool) -> LuaValue { .boolean(value) }
    func integer(_ value: Int64) -> LuaValue { .integer(value) }
    func number(_ value: Double) -> LuaValue { .number(value) }
    func string(_ utf8: ArraySlice<UInt8>) -> LuaValue { .string(LuaString(bytes: Array(utf8))) }
    func key(_ utf8: ArraySlice<UInt8>) -> LuaKey { .string(LuaString(bytes: Array(utf8))) }
    func object(_ members: [LuaKey: LuaValue]) -> LuaValue { .map(members) }
    func array(_ elements: [LuaValue]) -> LuaValue { .array(elements) }

    /// The value of the JSON document in `bytes`, or a `LuaJSONError` naming the byte at fault.
    static func value(of bytes: [UInt8], maxDepth: Int) throws -> LuaValue {
        do {
            return try JSONParser.value(of: bytes, builder: LuaValueJSONBuilder(), maxDepth: maxDepth)
        } catch {
            throw LuaJSONError(error.description)
        }
    }
}

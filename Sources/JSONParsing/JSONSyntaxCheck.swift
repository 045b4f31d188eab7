extension JSONParser {
    /// Checks that `bytes` hold one JSON document nested at most `maxDepth` levels, without making any value: the
    /// way to name what is wrong with a text that a faster reader refused.
    public static func check(_ bytes: [UInt8], maxDepth: Int) throws(JSONSyntaxError) {
        var ignoring = IgnoringHandler()
        try parse(bytes, maxDepth: maxDepth, into: &ignoring)
    }
}

/// Takes every event and keeps nothing.
private struct IgnoringHandler: JSONEventHandler {
    mutating func null() {}
    mutating func bool(_ value: Bool) {}
    mutating func integer(_ value: Int64) {}
    mutating func number(_ value: Double) {}
    mutating func string(_ utf8: ArraySlice<UInt8>) {}
    mutating func beginObject() {}
    mutating func key(_ utf8: ArraySlice<UInt8>) {}
    mutating func endMember() {}
    mutating func endObject() {}
    mutating func beginArray() {}
    mutating func endElement(_ position: Int) {}
    mutating func endArray() {}
}

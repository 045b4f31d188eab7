public import PluginHost



extension StepValue {
    /// Whether a value of this kind satisfies a declared type (`integer` accepts whole numbers, `number` integers,
    /// `list` lists and the empty table, `table` tables and lists). Unknown values satisfy every type.
    public func conforms(to type: String) -> Bool {
        switch (type, self) {
        case (_, .unknown): return true
        case ("string", .string), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double):
            return true
        case ("integer", .double(let value)): return value.rounded() == value && abs(value) < 9.2e18
        case ("list", .array): return true
        case ("list", .object(let members)): return members.isEmpty
        case ("table", .object), ("table", .array): return true
        default: return false
        }
    }
}

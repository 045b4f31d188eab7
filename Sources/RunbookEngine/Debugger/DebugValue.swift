import LuaKit
import MicrosoftCloud
import PluginHost

/// A value as the debugger shows it: data, or a stand-in for what must not or cannot be shown (a secret handle, a
/// placeholder, a function, a cycle). Made from step values, JSON, or Lua values copied by `LuaSnapshot`, which
/// replaces every secret handle with `.secret` before anything reaches the renderer.
indirect enum DebugValue: Equatable {
    case `nil`
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([DebugValue])
    /// Entries in display order (integer keys ascending, then names sorted).
    case table([(key: DebugKey, value: DebugValue)])
    /// A secret handle: its value never reaches Lua nor the debugger.
    case secret
    /// A value only known after apply (`outputs.app.client_id`).
    case unknown(String)
    /// Userdata the debugger cannot look into, with what `tostring` says of it.
    case opaque(String)
    case function
    /// A table that contains itself, shown where it repeats.
    case cycle
    /// A table nested deeper than the debugger copies.
    case deep
    /// A table with more entries than the debugger copies: the entries shown and how many were left out.
    case truncated(DebugValue, more: Int)

    static func == (lhs: DebugValue, rhs: DebugValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil), (.null, .null), (.secret, .secret), (.function, .function), (.cycle, .cycle), (.deep, .deep):
            true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)), (.unknown(let a), .unknown(let b)), (.opaque(let a), .opaque(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.table(let a), .table(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        case (.truncated(let a, let m), .truncated(let b, let n)): a == b && m == n
        default: false
        }
    }
}

/// A table key: a name or an integer.
enum DebugKey: Hashable, Comparable {
    case integer(Int64)
    case name(String)

    static func < (lhs: DebugKey, rhs: DebugKey) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): a < b
        case (.integer, .name): true
        case (.name, .integer): false
        case (.name(let a), .name(let b)): a < b
        }
    }
}

extension DebugValue {
    /// A table from unordered entries (sorted for display), or a list when the keys are exactly 1...n.
    static func table(from entries: [DebugKey: DebugValue]) -> DebugValue {
        let sorted = entries.keys.sorted()
        if !sorted.isEmpty, sorted.enumerated().allSatisfy({ $0.element == .integer(Int64($0.offset + 1)) }) {
            return .list(sorted.map { entries[$0]! })
        }
        return .table(sorted.map { (key: $0, value: entries[$0]!) })
    }

    /// A step value (parameters, outputs).
    init(_ value: StepValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .list(elements.map(DebugValue.init))
        case .object(let members):
            var entries: [DebugKey: DebugValue] = [:]
            for (key, member) in members { entries[.name(key)] = DebugValue(member) }
            self = members.isEmpty ? .table([]) : .table(from: entries)
        case .unknown(let reference): self = .unknown(reference)
        }
    }

    /// JSON data (HTTP bodies, journal outputs).
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .list(elements.map(DebugValue.init))
        case .object(let members):
            self = .table(members.keys.sorted().map { (key: DebugKey.name($0), value: DebugValue(members[$0]!)) })
        }
    }

    /// A Lua value as `LuaSnapshot` copied it: plain tables, with the snapshot's markers for what it replaced.
    /// A reference that was not copied is shown as opaque.
    init(snapshot value: LuaValue) {
        switch value {
        case .nil: self = .nil
        case .null: self = .null
        case .boolean(let flag): self = .bool(flag)
        case .integer(let number): self = .int(number)
        case .number(let number): self = .double(number)
        case .string(let text): self = .string(text.string)
        case .array(let elements): self = .list(elements.map { DebugValue(snapshot: $0) })
        case .map(let entries): self = DebugValue(snapshotTable: entries)
        case .function: self = .function
        case .table: self = .opaque("userdata")
        }
    }

    private init(snapshotTable entries: [LuaKey: LuaValue]) {
        if let marker = entries[.string(LuaString(LuaSnapshot.marker))]?.stringValue {
            let text = entries[.string("text")]?.stringValue ?? ""
            switch marker {
            case "secret": self = .secret
            case "function": self = .function
            case "cycle": self = .cycle
            case "deep": self = .deep
            case "unknown": self = .unknown(text)
            case "more":
                var rest = entries
                rest[.string(LuaString(LuaSnapshot.marker))] = nil
                rest[.string(LuaString(LuaSnapshot.countKey))] = nil
                let more = entries[.string(LuaString(LuaSnapshot.countKey))]?.integerValue ?? 0
                self = .truncated(DebugValue(snapshotTable: rest), more: Int(more))
            default: self = .opaque(text)
            }
            return
        }
        var converted: [DebugKey: DebugValue] = [:]
        for (key, element) in entries {
            switch key {
            case .integer(let index): converted[.integer(index)] = DebugValue(snapshot: element)
            case .string(let name): converted[.name(name.string)] = DebugValue(snapshot: element)
            }
        }
        self = entries.isEmpty ? .table([]) : .table(from: converted)
    }
}

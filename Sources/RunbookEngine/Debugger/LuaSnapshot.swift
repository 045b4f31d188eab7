import LuaKit
import MicrosoftCloud
import PluginHost

/// Copies Lua values for display, inside Lua, so that nothing secret leaves it: a secret handle (recognised by the
/// host's `secret.is_handle`) becomes a marker, read-only views (`ctx`) are copied through their `pairs`, other
/// userdata are described by `tostring`, functions, cycles and deep nesting by markers. It also evaluates `eval`
/// expressions in a plugin's sandbox and parses the literals of `set`.
final class LuaSnapshot {
    /// The key of a marker table; no Lua code makes keys with a NUL byte by accident.
    static let marker = "\u{0}stepwise-debug"
    /// The key of a truncated table's count of entries left out.
    static let countKey = "\u{0}stepwise-debug-more"
    /// Tables deeper than this are not copied.
    static let maxDepth = 12
    /// Entries copied per table.
    static let maxEntries = 300

    private let state: LuaState
    private let snapshot: LuaRef
    private let evaluate: LuaRef
    private let literals: LuaSandbox

    /// The helpers, made in a sandbox of `host` (which has the host modules, so `secret.is_handle` and `json.null`).
    init(host: PluginHost) throws {
        state = host.luaState
        let sandbox = try host.makeSandbox()
        let helpers = try sandbox.run(Self.source(), name: "=(debugger)", arguments: [
            .string(LuaString(Self.marker)), .string(LuaString(Self.countKey)), .integer(Int64(Self.maxDepth)),
            .integer(Int64(Self.maxEntries)),
        ], limits: .unlimited)
        guard helpers.count == 2, case .function(let snapshot) = helpers[0], case .function(let evaluate) = helpers[1] else {
            throw LuaError(kind: .usage, message: "the debugger's Lua helpers did not load")
        }
        self.snapshot = snapshot
        self.evaluate = evaluate
        literals = try state.makeSandbox(LuaSandboxOptions(installsJSON: false, print: { _ in }))
    }

    /// Values for display; values without references are converted directly.
    func values(_ values: [LuaValue]) throws -> [DebugValue] {
        guard values.contains(where: \.holdsReference) else { return values.map { DebugValue(snapshot: $0) } }
        let copied = try state.call(snapshot, values, limits: Self.limits)
        return copied.map { DebugValue(snapshot: $0) }
    }

    /// Evaluates `code` (an expression, or else statements) with `sandbox`'s globals and returns its results for
    /// display.
    func evaluate(_ code: String, in sandbox: LuaSandbox) throws -> [DebugValue] {
        let function: LuaRef
        do {
            function = try sandbox.load("return " + code, name: "=(eval)")
        } catch let asExpression {
            do {
                function = try sandbox.load(code, name: "=(eval)")
            } catch {
                throw asExpression
            }
        }
        let results = try state.call(evaluate, [.function(function)], limits: Self.limits)
        return results.map { DebugValue(snapshot: $0) }
    }

    /// A Lua or JSON literal as a step value; nil for `nil` and `null` (the parameter's default applies).
    func literal(_ text: String) throws(DebugCommandError) -> StepValue? {
        if text == "nil" || text == "null" { return nil }
        if let json = try? JSONValue.parse(text) { return StepValue(json) }
        let values: [LuaValue]
        do {
            values = try literals.run("return " + text, name: "=(value)", limits: LuaLimits(instructions: 100_000))
        } catch {
            throw DebugCommandError("'\(text)' is not a Lua or JSON literal (\(error)); quote strings, e.g. \"text\"")
        }
        guard values.count == 1, let value = Self.stepValue(values[0]) else {
            throw DebugCommandError("'\(text)' is not a literal value: use a string, number, boolean or table")
        }
        return value
    }

    private static let limits = LuaLimits(instructions: 10_000_000)

    private static func stepValue(_ value: LuaValue) -> StepValue? {
        switch value {
        case .nil, .function, .table: return nil
        case .null: return .null
        case .boolean(let flag): return .bool(flag)
        case .integer(let number): return .int(number)
        case .number(let number): return .double(number)
        case .string(let text): return .string(text.string)
        case .array(let elements):
            var result: [StepValue] = []
            for element in elements {
                guard let converted = stepValue(element) else { return nil }
                result.append(converted)
            }
            return .array(result)
        case .map(let entries):
            var result: [String: StepValue] = [:]
            for (key, element) in entries {
                guard case .string(let name) = key, let converted = stepValue(element) else { return nil }
                result[name.string] = converted
            }
            return .object(result)
        }
    }

    /// `snapshot(...)` copies each argument; `evaluate(f)` calls `f` and copies its results.
    private static func source() -> String {
        #"""
        local MARK, COUNT, MAX_DEPTH, MAX_ENTRIES = ...
        local is_secret, null = secret.is_handle, json.null
        local type, pairs, pcall, tostring, select, mathtype = type, pairs, pcall, tostring, select, math.type

        local copy

        local function entries(value)
          local out = {}
          for k, v in pairs(value) do out[#out + 1] = { k, v } end
          return out
        end

        local function copy_table(value, list, depth, seen)
          if seen[value] then return { [MARK] = "cycle" } end
          if depth >= MAX_DEPTH then return { [MARK] = "deep" } end
          seen[value] = true
          local out, count = {}, 0
          for _, entry in ipairs(list) do
            count = count + 1
            if count > MAX_ENTRIES then
              out[MARK], out[COUNT] = "more", #list - MAX_ENTRIES
              break
            end
            local k = entry[1]
            if type(k) ~= "string" and mathtype(k) ~= "integer" then k = "[" .. tostring(k) .. "]" end
            out[k] = copy(entry[2], depth + 1, seen)
          end
          seen[value] = nil
          return out
        end

        copy = function(value, depth, seen)
          local kind = type(value)
          if kind == "table" then
            return copy_table(value, entries(value), depth, seen)
          elseif kind == "userdata" then
            if value == null then return value end
            if is_secret(value) then return { [MARK] = "secret" } end
            local text = tostring(value)
            local unknown = text:match("^%(known after apply: (.*)%)$")
            if unknown then return { [MARK] = "unknown", text = unknown } end
            local ok, list = pcall(entries, value)
            if ok then return copy_table(value, list, depth, seen) end
            return { [MARK] = "opaque", text = text }
          elseif kind == "function" then
            return { [MARK] = "function" }
          elseif kind == "thread" then
            return { [MARK] = "opaque", text = "thread" }
          end
          return value
        end

        local function copy_all(n, ...)
          local out = {}
          for i = 1, n do out[i] = copy((select(i, ...)), 0, {}) end
          return table.unpack(out, 1, n)
        end

        local function snapshot(...) return copy_all(select("#", ...), ...) end
        local function evaluate(f) return snapshot(f()) end
        return snapshot, evaluate
        """#
    }
}

extension LuaValue {
    /// Whether the value is, or holds, a reference to a Lua function, table or userdata.
    var holdsReference: Bool {
        switch self {
        case .function, .table: true
        case .array(let elements): elements.contains(where: \.holdsReference)
        case .map(let entries): entries.values.contains(where: \.holdsReference)
        default: false
        }
    }
}

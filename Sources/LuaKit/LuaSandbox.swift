import Foundation
internal import CLuaShims

/// How to build a sandbox.
public struct LuaSandboxOptions {
    /// The folders `require("a.b")` may load `a/b.lua` from (nothing outside them, symlinks included).
    public var searchPaths: [String]
    /// Whether the `json` module is installed (as global `json` and for `require "json"`).
    public var installsJSON: Bool
    /// Where `print` writes its line (the arguments through `tostring`, joined by tabs).
    public var print: (String) -> Void

    /// Options with these folders for `require`, the `json` module, and `print` to standard output.
    public init(
        searchPaths: [String] = [], installsJSON: Bool = true, print: @escaping (String) -> Void = { Swift.print($0) }
    ) {
        self.searchPaths = searchPaths
        self.installsJSON = installsJSON
        self.print = print
    }
}

/// One plugin's environment: its own globals and its own copies of `string`, `table`, `math`, `utf8`,
/// `coroutine` and `os` (`time`, `clock`, `date` only), safe base functions, `load` for text chunks only,
/// `print` to a Swift sink and a `require` confined to the allowed folders. A module loaded by `require` runs in
/// the requiring sandbox (it shares the plugin's globals) and is cached per sandbox.
/// No `io`, `debug`, `package`, `dofile`, `loadfile`, `string.dump` or `collectgarbage`.
public final class LuaSandbox {
    /// The state this sandbox lives in.
    public let state: LuaState
    let environment: LuaRef
    let loaded: LuaRef

    init(state: LuaState, environment: LuaRef, loaded: LuaRef) {
        self.state = state
        self.environment = environment
        self.loaded = loaded
    }

    /// Installs a read-only host module as a global and for `require` (under `name`, or the module's name).
    public func install(_ module: LuaModule, as name: String? = nil) throws {
        try state.rawSet(in: environment, key: name ?? module.name, value: module.value)
        try state.rawSet(in: loaded, key: name ?? module.name, value: module.value)
    }

    /// Sets a global of this sandbox.
    public func setGlobal(_ name: String, _ value: LuaValue) throws {
        try state.rawSet(in: environment, key: name, value: value)
    }

    /// A global of this sandbox (tables copied, functions as references).
    public func global(_ name: String) throws -> LuaValue {
        try state.rawGet(in: environment, key: name)
    }

    /// Compiles a text chunk with this sandbox's globals; `name` shows in messages (`@path` and `=name` are Lua's
    /// chunk names and pass through).
    public func load(_ code: String, name: String) throws -> LuaRef {
        try state.load(code, name: name, environment: environment)
    }

    /// Compiles and runs a text chunk with `arguments` (its `...`); returns what it returns.
    @discardableResult
    public func run(_ code: String, name: String, arguments: [LuaValue] = [], limits: LuaLimits? = nil) throws -> [LuaValue] {
        try state.run(code, name: name, environment: environment, arguments: arguments, limits: limits)
    }

    /// Reads and runs a Lua file; messages name it as given (`path:line: ...`).
    @discardableResult
    public func runFile(_ path: String, arguments: [LuaValue] = [], limits: LuaLimits? = nil) throws -> [LuaValue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw LuaError(kind: .file, message: "\(path): cannot read the file (\(reason))")
        }
        guard let code = String(data: data, encoding: .utf8) else {
            throw LuaError(kind: .file, message: "\(path): the file is not UTF-8 text")
        }
        return try run(code, name: "@" + path, arguments: arguments, limits: limits)
    }
}

@available(*, unavailable)
extension LuaSandbox: Sendable {}

extension LuaState {
    /// Makes a sandbox (see `LuaSandbox`).
    public func makeSandbox(_ options: LuaSandboxOptions = LuaSandboxOptions()) throws -> LuaSandbox {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        let resolver = LuaModuleResolver(searchPaths: options.searchPaths)
        let print = options.print
        stepwise_lua_push_message_handler(L)
        stepwise_lua_push_slot(L, bootstrap.makeSandbox)
        pushHostFunction(name: "print") { arguments in
            print(arguments[1].stringValue ?? "")
            return []
        }
        pushHostFunction(name: "require") { arguments in
            switch resolver.resolve(try arguments.string(1, "name")) {
            case .success(let module): return [.string(LuaString(bytes: module.source)), .string(module.chunkName)]
            case .failure(let failure): return [.nil, .string(failure.message)]
            }
        }
        if let error = runProtected(arguments: 2, handler: base + 1, limits: .unlimited) { throw error }
        let sandbox = LuaSandbox(
            state: self,
            environment: makeRef(at: base + 2, kind: .table),
            loaded: makeRef(at: base + 3, kind: .table)
        )
        if options.installsJSON { try sandbox.install(jsonModule()) }
        return sandbox
    }

    /// Sets `table[key] = value` without metamethods.
    func rawSet(in table: LuaRef, key: String, value: LuaValue) throws {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        try push(table)
        push(key)
        try push(value)
        lua_rawset(L, -3)
    }

    /// `table[key]` without metamethods.
    func rawGet(in table: LuaRef, key: String) throws -> LuaValue {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        try push(table)
        push(key)
        lua_rawget(L, -2)
        return try readValue(at: -1, name: key)
    }
}

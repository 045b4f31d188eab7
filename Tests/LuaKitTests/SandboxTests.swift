import Foundation
import LuaKit
import Testing

@Suite("Sandbox")
struct SandboxTests {
    @Test func onlyTheSafeLibrariesAndFunctionsAreThere() throws {
        let lua = try Lua()
        let absent = try lua.run("""
            return io, debug, package, dofile, loadfile, collectgarbage, string.dump, os.execute, os.getenv,
              os.remove, os.exit, ("").dump, require ~= nil, type(os.time), type(coroutine.wrap), type(utf8.char)
            """)
        #expect(absent == [.nil, .nil, .nil, .nil, .nil, .nil, .nil, .nil, .nil, .nil, .nil, .nil, true, "function", "function", "function"])
    }

    @Test func escapesFail() throws {
        let lua = try Lua()
        let cases: [(String, String)] = [
            ("os.execute('true')", "test:1: attempt to call a nil value (field 'execute')"),
            ("io.open('/etc/passwd')", "test:1: attempt to index a nil value (global 'io')"),
            ("return load(string.dump(function() end))", "test:1: attempt to call a nil value (field 'dump')"),
            ("return debug.getregistry()", "test:1: attempt to index a nil value (global 'debug')"),
            ("collectgarbage()", "test:1: attempt to call a nil value (global 'collectgarbage')"),
            ("return setmetatable({}, {__gc = function() end})", "test:1: setmetatable: metatables with __gc are not allowed in the sandbox"),
            ("getmetatable('').__index.upper = nil", "test:1: getmetatable: the string metatable is not accessible in the sandbox"),
            ("return package.loadlib('libc.so.6', 'system')", "test:1: attempt to index a nil value (global 'package')"),
        ]
        for (code, message) in cases {
            #expect(lua.failure(code)?.message == message, "\(code)")
        }
    }

    @Test func binaryChunksAreRefused() throws {
        let lua = try Lua()
        let results = try lua.run(#"return load("\27LuaT\0\25\147\r\n\26\n" .. string.rep("\0", 40), "bin", "b")"#)
        #expect(results == [.nil, "attempt to load a binary chunk (mode is 't')"])
        #expect { try lua.sandbox.run("\u{1B}LuaT\0", name: "blob") } throws: { error in
            (error as? LuaError)?.message == "blob: binary chunks are refused (only Lua source text can be loaded)"
        }
    }

    @Test func loadUsesTheSandboxByDefault() throws {
        let lua = try Lua()
        #expect(try lua.run("secret = 42 return load('return secret')(), load('return secret', 'x', 't', {})()") == [42, .nil])
    }

    @Test func pluginsCannotSeeOrChangeEachOthersGlobalsOrLibraries() throws {
        let state = try LuaState()
        let first = try state.makeSandbox()
        let second = try state.makeSandbox()
        try first.run("""
            shared = 'from first'
            string.upper = function() return 'hacked' end
            table.insert = nil
            math.pi = 3
            _G.also = 1
            """, name: "first")
        let seen = try second.run("""
            return shared, also, string.upper('x'), ('y'):upper(), table.insert ~= nil, math.pi > 3.14
            """, name: "second")
        #expect(seen == [.nil, .nil, "X", "Y", true, true])
        #expect(try first.run("return ('y'):upper(), string.upper('y')", name: "first") == ["Y", "hacked"])
    }

    @Test func hostTablesAreReadOnly() throws {
        let state = try LuaState()
        let module = try state.makeModule(
            name: "graph", functions: ["get": { _ in ["ok"] }], values: ["version": 2, "limits": ["pages": 10]])
        let first = try state.makeSandbox()
        let second = try state.makeSandbox()
        try first.install(module)
        try second.install(module)
        func failure(_ code: String) -> String? {
            do {
                _ = try first.run(code, name: "first")
                return nil
            } catch {
                return (error as? LuaError)?.message
            }
        }
        #expect(failure("graph.get = nil") == "first:1: cannot set 'get' in 'graph': host modules are read-only")
        #expect(failure("graph.limits.pages = 1") == "first:1: cannot set 'pages' in 'graph.limits': host modules are read-only")
        #expect(failure("rawset(graph, 'get', nil)") == "first:1: bad argument #1 to 'rawset' (table expected, got host module)")
        #expect(failure("setmetatable(graph, {})") == "first:1: bad argument #1 to 'setmetatable' (table expected, got userdata)")
        #expect(try first.run("return getmetatable(graph), type(graph)", name: "first") == ["module graph is read-only", "userdata"])
        // Replacing the global only changes the first plugin's own name for it.
        try first.run("graph = nil", name: "first")
        #expect(try second.run("""
            local keys = {}
            for key in pairs(graph) do keys[#keys + 1] = key end
            table.sort(keys)
            return graph.get(), graph.version, graph.limits.pages, table.concat(keys, ","), require('graph') == graph
            """, name: "second") == ["ok", 2, 10, "get,limits,version", true])
    }

    @Test func printGoesToTheSink() throws {
        var lines: [String] = []
        let lua = try Lua(options: LuaSandboxOptions(print: { lines.append($0) }))
        try lua.run("print('a', 1, nil, true, 2.5) print()")
        #expect(lines == ["a\t1\tnil\ttrue\t2.5", ""])
    }

    @Test func theStringMetatableStaysShared() throws {
        let lua = try Lua()
        #expect(try lua.run("return ('%d'):format(5), #('abc'):rep(2)") == ["5", 6])
    }
}

@Suite("require")
struct RequireTests {
    /// A plugin folder with modules, a folder beside it, and a symlink that points out of the plugin folder.
    private func makeFolders() throws -> (plugins: String, outside: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("luakit-\(UUID().uuidString)").path
        let plugins = root + "/plugins"
        let outside = root + "/outside"
        try FileManager.default.createDirectory(atPath: plugins + "/lib", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "loads = (loads or 0) + 1\nreturn { name = ..., twice = function(x) return 2 * x end }"
            .write(toFile: plugins + "/lib/util.lua", atomically: true, encoding: .utf8)
        try "return require('lib.util').twice(21)".write(toFile: plugins + "/lib/user.lua", atomically: true, encoding: .utf8)
        try "return require('lib.loop')".write(toFile: plugins + "/lib/loop.lua", atomically: true, encoding: .utf8)
        try "error({code = 'lib.broken', message = 'broken on load'})".write(toFile: plugins + "/lib/broken.lua", atomically: true, encoding: .utf8)
        try "return 'secret'".write(toFile: outside + "/x.lua", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: plugins + "/escape.lua", withDestinationPath: outside + "/x.lua")
        try FileManager.default.createSymbolicLink(atPath: plugins + "/linked", withDestinationPath: outside)
        return (plugins, outside)
    }

    @Test func requireLoadsModulesFromThePluginFoldersOnceInTheRequiringSandbox() throws {
        let folders = try makeFolders()
        let lua = try Lua(options: LuaSandboxOptions(searchPaths: [folders.plugins], print: { _ in }))
        let results = try lua.run("""
            local util = require('lib.util')
            local again = require('lib.util')
            return util.name, util == again, loads, require('lib.user'), require('string') == string, require('json') == json
            """)
        #expect(results == ["lib.util", true, 1, 42, true, true])
    }

    @Test func sandboxesShareCompiledModulesButNeverTheirValues() throws {
        let folders = try makeFolders()
        try "local n = 0\nreturn { bump = function() n = n + 1 return n end,\n  fail = function() error('failed here') end }"
            .write(toFile: folders.plugins + "/lib/counter.lua", atomically: true, encoding: .utf8)
        let state = try LuaState(limits: .unlimited)
        let options = LuaSandboxOptions(searchPaths: [folders.plugins], print: { _ in })
        let first = try state.makeSandbox(options)
        let second = try state.makeSandbox(options)
        let script = "local c = require('lib.counter') c.bump() return c.bump(), select(2, pcall(c.fail)), loads"
        // The second sandbox loads the module the first one compiled: its own module state, its own globals,
        // and errors still name the file and line.
        let a = try first.run("require('lib.util') " + script, name: "a")
        let b = try second.run("require('lib.util') " + script, name: "b")
        #expect(a[0] == 2 && b[0] == 2)
        #expect(a[1].stringValue?.hasSuffix("lib/counter.lua:3: failed here") == true)
        #expect(b[1] == a[1])
        #expect(a[2] == 1 && b[2] == 1)
        // A changed file is compiled again.
        try "return { bump = function() return 'new' end }".write(
            toFile: folders.plugins + "/lib/counter.lua", atomically: true, encoding: .utf8)
        let third = try state.makeSandbox(options)
        #expect(try third.run("return require('lib.counter').bump()", name: "c") == ["new"])
    }

    @Test func requireRefusesPathsOutsideThePluginFolders() throws {
        let folders = try makeFolders()
        let lua = try Lua(options: LuaSandboxOptions(searchPaths: [folders.plugins], print: { _ in }))
        let invalid = "use dotted names of letters, digits, '_' and '-', such as 'lib.util'"
        #expect(lua.failure("require '../outside/x'")?.message == "test:1: require: invalid module name '../outside/x': \(invalid)")
        #expect(lua.failure("require('" + folders.outside + "/x')")?.message
            == "test:1: require: invalid module name '\(folders.outside)/x': \(invalid)")
        #expect(lua.failure("require '..x'")?.message == "test:1: require: invalid module name '..x': \(invalid)")
        #expect(lua.failure("require 'escape'")?.message == "test:1: require: module 'escape' resolves outside the plugin folders")
        #expect(lua.failure("require 'linked.x'")?.message == "test:1: require: module 'linked.x' resolves outside the plugin folders")
        #expect(lua.failure("require 'missing.module'")?.message
            == "test:1: require: module 'missing.module' not found (searched \(folders.plugins))")
        #expect(lua.failure("require 'lib.loop'")?.message.hasSuffix("require: module 'lib.loop' requires itself") == true)
        let broken = try #require(lua.failure("require 'lib.broken'"))
        #expect(broken.code == "lib.broken")
        #expect(broken.position?.hasSuffix("/lib/broken.lua:1") == true)
    }

    @Test func requireWithoutFoldersFindsNothing() throws {
        let lua = try Lua()
        // A tail call keeps the caller's position too.
        #expect(lua.failure("return require 'lib.util'")?.message == "test:1: require: module 'lib.util' not found (no plugin folders are allowed)")
    }
}

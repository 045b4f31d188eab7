// Drives LuaKit's C boundary (error trampoline, hooks, allocator, value conversion, sandbox) hard enough for
// AddressSanitizer to see a mistake. `make asan` builds this one small product with `--sanitize=address` and runs
// it; `make test` includes it. It exits 1 naming the first check that did not hold.
import LuaKit

#if canImport(Glibc)
import Glibc
#endif

/// Fails the run with `message`.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard condition else {
        print("stepwise-lua-stress: FAILED: \(message())")
        exit(1)
    }
}

/// Runs `code` in `sandbox` and returns the error it raises (failing the run if it raises none).
func failure(_ sandbox: LuaSandbox, _ code: String) -> LuaError {
    do {
        let results = try sandbox.run(code, name: "stress")
        check(false, "expected an error from \(code), got \(results)")
    } catch let error as LuaError {
        return error
    } catch {
        check(false, "expected a LuaError from \(code), got \(error)")
    }
    fatalError("unreachable")
}

struct DiskFull: Error {}

func errorFunnel() throws {
    let state = try LuaState(limits: .unlimited)
    let sandbox = try state.makeSandbox(LuaSandboxOptions(print: { _ in }))
    try sandbox.install(try state.makeModule(name: "graph", functions: [
        "get": { arguments in
            let path = try arguments.string(1, "path")
            throw LuaHostError(code: "graph.not_found", message: "Graph 404: \(path)", fields: ["status": 404])
        },
        "fail": { _ in throw DiskFull() },
        "echo": { arguments in [arguments[1]] },
    ]))
    let call = try sandbox.run("return function(p) return graph.get(p) end", name: "stress").first?.reference
    for index in 0..<10_000 {
        do {
            _ = try state.call(call!, [.string(LuaString("/users/\(index)"))])
            check(false, "graph.get returned")
        } catch let error as LuaError {
            check(error.code == "graph.not_found", "code \(String(describing: error.code))")
        }
    }
    let caught = try sandbox.run("""
        local caught = 0
        for i = 1, 20000 do
          local ok, err = pcall(graph.get, "/x/" .. i)
          if not ok and err.status == 404 then caught = caught + 1 end
          local ok2 = pcall(graph.fail)
          local ok3, err3 = pcall(graph.get, nil)
          if ok2 or ok3 or not tostring(err3):find("argument 1 %(path%) must be a string") then return -1 end
        end
        return caught
        """, name: "stress")
    check(caught == [20_000], "pcall caught \(caught)")
    check(state.stackTop == 0, "stack not balanced: \(state.stackTop)")
}

func values() throws {
    let state = try LuaState(limits: .unlimited)
    let sandbox = try state.makeSandbox(LuaSandboxOptions(print: { _ in }))
    let identity = try sandbox.run("return function(...) return ... end", name: "stress").first!.reference!
    let bytes = LuaString(bytes: [0x61, 0x00, 0x62, 0xff])
    let nested: LuaValue = ["list": [1, 2.5, "three", .string(bytes), .boolean(false)], "map": ["a": ["b": ["c": "d"]]]]
    for _ in 0..<5_000 {
        let back = try state.call(identity, [nested, .string(bytes), 42, 0.5])
        check(back == [nested, .string(bytes), 42, 0.5], "round trip changed the values: \(back)")
    }
    var deep: LuaValue = 1
    for _ in 0..<150 { deep = [deep] }
    do {
        _ = try state.call(identity, [deep])
        check(false, "nesting beyond the limit was accepted")
    } catch {}
    let cyclic = failure(sandbox, "local t = {} t.self = t return t")
    check(cyclic.message.contains("cycl"), "cyclic table: \(cyclic.message)")
    check(state.stackTop == 0, "stack not balanced: \(state.stackTop)")
}

/// The C JSON reader on valid, cut and corrupted texts: every text must read, or be refused with an error that
/// names a byte, and leave the stack as it was.
func jsonReader() throws {
    let state = try LuaState(limits: .unlimited)
    let sandbox = try state.makeSandbox(LuaSandboxOptions(print: { _ in }))
    let replacement = LuaJSONStringReplacement(keys: ["secretText"]) { _ in .string(LuaString("<secret>")) }
    let documents = [
        #"{"value": [{"id": "1", "secretText": "s", "n": -12.5e3, "ok": true, "none": null, "list": [], "o": {}}]}"#,
        #"["\u00e9\ud83c\udf89\n\"", 9223372036854775807, -9223372036854775809, 1e-300, "日本", ["deep", [[[]]]]]"#,
        "\u{FEFF}" + #"{"@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=abc", "k": "k", "k": 2}"#,
    ]
    var seed: UInt64 = 0x7E57
    func random(_ bound: Int) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((seed >> 33) % UInt64(bound))
    }
    let bytes: [UInt8] = [0x22, 0x5C, 0x75, 0x2C, 0x5D, 0x7D, 0x00, 0x1F, 0x80, 0xC0, 0xED, 0xF4, 0xFF, 0x65, 0x2D, 0x30]
    var read = 0
    var refused = 0
    for index in 0..<30_000 {
        var text = Array(documents[index % documents.count].utf8)
        if index % 3 != 0 {
            switch random(3) {
            case 0: text.removeLast(random(text.count) + 1)
            case 1: text[random(text.count)] = bytes[random(bytes.count)]
            default: text.insert(bytes[random(bytes.count)], at: random(text.count + 1))
            }
        }
        do {
            _ = try state.value(fromJSON: text, replacing: replacement)
            read += 1
        } catch let error as LuaJSONError {
            check(error.message.contains("at byte") || error.message.contains("UTF-8"), "JSON error: \(error.message)")
            refused += 1
        }
        check(state.stackTop == 0, "stack not balanced after JSON: \(state.stackTop)")
    }
    check(read >= 10_000 && refused > 0, "JSON texts read \(read), refused \(refused)")
    let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    check((try? state.value(fromJSON: Array(deep.utf8))) != nil, "100 levels were refused")
    check((try? state.value(fromJSON: Array(("[" + deep + "]").utf8))) == nil, "101 levels were read")
    let tooDeep = failure(sandbox, #"return json.decode(string.rep("[1,", 5000) .. "1" .. string.rep("]", 5000))"#)
    check(tooDeep.message.contains("nest deeper"), "deep json.decode: \(tooDeep.message)")
    check(state.stackTop == 0, "stack not balanced: \(state.stackTop)")
}

func limitsAndEscapes() throws {
    let state = try LuaState(limits: LuaLimits(instructions: 2_000_000, memoryMB: 16))
    let sandbox = try state.makeSandbox(LuaSandboxOptions(print: { _ in }))
    for _ in 0..<5 {
        check(failure(sandbox, "while true do end").kind == .instructionLimit, "the budget did not stop a loop")
        check(failure(sandbox, "local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(64) .. i end").kind == .memoryLimit,
              "the cap did not stop a memory bomb")
        check(try sandbox.run("return 1 + 1", name: "stress") == [2], "the state is not usable after a limit")
    }
    for escape in [
        "os.execute('true')", "io.open('/etc/passwd')", "load(string.dump(function() end))()",
        "debug.getregistry()", "require('../x')", "package.loadlib('libc.so.6', 'puts')", "dofile('/etc/passwd')",
    ] {
        _ = failure(sandbox, escape)
    }
    var lines = 0
    state.setLineHook { _ in lines += 1 }
    _ = try sandbox.run("local s = 0\nfor i = 1, 100 do\n  s = s + i\nend\nreturn s", name: "stress")
    state.removeLineHook()
    check(lines > 100, "the line hook saw \(lines) lines")
}

/// Builds strings of 1 to 600 bytes a byte at a time (each step a new block, the last one freed), arrays grown to
/// up to 300 items then cut to 3 (their parts reallocated up through the classes and down again), and garbage
/// between; keeps them in the global `kept`.
let allocatorBuild = """
    local strings, arrays = {}, {}
    for n = 1, 600 do
      local s = ""
      for i = 1, n do s = s .. string.char(97 + (i + n) % 26) end
      strings[n] = s
      local a = {}
      for i = 1, n % 300 + 1 do a[i] = i * n end
      for i = #a, 4, -1 do a[i] = nil end
      arrays[n] = a
      local garbage = { tostring(n), { n }, ("g"):rep(n % 40) }
    end
    kept = { strings = strings, arrays = arrays }
    """

/// Checks every string and array of `kept` (after a collection recycled the blocks around them): "ok", or what
/// differs.
let allocatorCheck = """
    for n = 1, 600 do
      local s = kept.strings[n]
      if #s ~= n then return "the string of " .. n .. " bytes has " .. #s end
      for i = 1, n do
        if s:byte(i) ~= 97 + (i + n) % 26 then return "byte " .. i .. " of the string of " .. n end
      end
      for i = 1, math.min(3, n % 300 + 1) do
        if kept.arrays[n][i] ~= i * n then return "item " .. i .. " of array " .. n end
      end
    end
    kept = nil
    return "ok"
    """

/// Lua's allocations through the block pool: strings and tables of every size class, grown and shrunk across the
/// pooled sizes and beyond, their contents checked after the collector has recycled the blocks around them.
func allocator() throws {
    let state = try LuaState()
    let sandbox = try state.makeSandbox(LuaSandboxOptions(print: { _ in }))
    for round in 0..<3 {
        _ = try sandbox.run(allocatorBuild, name: "stress")
        state.collectGarbage()
        let result = try sandbox.run(allocatorCheck, name: "stress")
        check(result == ["ok"], "round \(round): blocks of the pool lost their contents: \(result)")
        state.collectGarbage()
    }
}

try allocator()
try errorFunnel()
try values()
try jsonReader()
try limitsAndEscapes()
print("stepwise-lua-stress: allocator, error funnel, values, JSON reader, limits, escapes and hooks all held")

internal import CLuaShims

/// The Lua half of LuaKit, run once per state with the real globals: sandbox construction, read-only proxies,
/// `json.null` and `json.array`, and the metatable of host errors. Sandboxes never see the real globals.
enum LuaBootstrap {
    /// Registry slots of what the bootstrap chunk returns.
    struct Slots {
        var makeSandbox: Int32 = 0
        var readonly: Int32 = 0
        var null: Int32 = 0
        var jsonArray: Int32 = 0
        var arrayMeta: Int32 = 0
        var arrayMarks: Int32 = 0
        var hostErrorMetatable: Int32 = 0
        /// The table that keeps the JSON reader's cached member names alive (see `stepwise_json_key_cache`).
        var jsonKeyPins: Int32 = 0
    }

    static let chunkName = "=(LuaKit)"

    static let source = #"""
    -- newproxy(metatable) makes an empty userdata; cwrap(f) wraps f in a C function, so that f's errors at
    -- level 3 name the caller's line even when the caller tail-calls it (`return require "x"`).
    local newproxy, cwrap = ...
    local next, type, error, select, tostring, ipairs = next, type, error, select, tostring, ipairs
    local rawget, setmetatable, getmetatable, load, pcall = rawget, setmetatable, getmetatable, load, pcall
    local format, concat = string.format, table.concat
    local os_time, os_clock, os_date = os.time, os.clock, os.date

    -- Strings share one metatable whose __index is the real string library: take `dump` out of it and lock it.
    -- The bootstrap keeps it, only to cache compiled modules (below).
    local dump = string.dump
    string.dump = nil
    getmetatable("").__metatable = false

    local function copy(source, names)
      local result = {}
      if names then
        for _, name in ipairs(names) do result[name] = source[name] end
      else
        for key, value in next, source do result[key] = value end
      end
      return result
    end

    -- Tables marked as arrays (json.array, arrays read from JSON or passed from Swift). A table without a
    -- metatable gets `array_meta`, shared and protected (getmetatable answers "json.array", setmetatable refuses),
    -- which costs nothing to collect; a table with a metatable of its own is marked in `array_marks` instead,
    -- whose weak keys keep nothing alive.
    local array_meta = { __metatable = "json.array" }
    local array_marks = setmetatable({}, { __mode = "k" })

    local json_array = cwrap(function(t)
      if t == nil then t = {} end
      if type(t) ~= "table" then
        error(format("json.array: argument 1 (table) must be a table, got %s", type(t)), 3)
      end
      if getmetatable(t) == nil then setmetatable(t, array_meta) else array_marks[t] = true end
      return t
    end)

    local null = newproxy({
      __tostring = function() return "null" end,
      __name = "json.null",
      __metatable = "json.null",
    })

    local host_error_metatable = {
      __tostring = function(e)
        local message = rawget(e, "message")
        if type(message) == "string" then return message end
        return tostring(rawget(e, "code"))
      end,
      __metatable = "host error",
    }

    -- A host table: an empty userdata whose metatable (locked) reads from the hidden table and refuses writes.
    local function readonly(hidden, name)
      for key, value in next, hidden do
        if type(value) == "table" then hidden[key] = readonly(value, name .. "." .. tostring(key)) end
      end
      local proxy
      local function iterate(_, key) return next(hidden, key) end
      proxy = newproxy({
        __index = hidden,
        __newindex = function(_, key)
          error(format("cannot set '%s' in '%s': host modules are read-only", tostring(key), name), 2)
        end,
        __pairs = function() return iterate, proxy, nil end,
        __len = function() return #hidden end,
        __tostring = function() return "module " .. name end,
        __name = "host module",
        __metatable = "module " .. name .. " is read-only",
      })
      return proxy
    end

    local base_names = {
      "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "select", "tonumber", "tostring", "type",
      "rawequal", "rawget", "rawlen", "rawset", "_VERSION",
    }
    local library_names = { "string", "table", "math", "utf8", "coroutine" }

    local sandbox_setmetatable = cwrap(function(t, metatable)
      if type(t) ~= "table" then
        error(format("bad argument #1 to 'setmetatable' (table expected, got %s)", type(t)), 3)
      end
      if type(metatable) == "table" and rawget(metatable, "__gc") ~= nil then
        error("setmetatable: metatables with __gc are not allowed in the sandbox", 3)
      end
      -- A protected metatable (an array's, `json.array`) is refused at the caller's line, not inside LuaKit.
      local changed, result = pcall(setmetatable, t, metatable)
      if not changed then error(format("setmetatable: %s", tostring(result)), 3) end
      return result
    end)

    local sandbox_getmetatable = cwrap(function(value)
      if type(value) == "string" then
        error("getmetatable: the string metatable is not accessible in the sandbox", 3)
      end
      return getmetatable(value)
    end)

    local loading = {}

    -- Compiled modules by chunk name and source, for the whole state: every plugin's sandbox requires the same
    -- libraries, and loading a compiled chunk costs a fraction of compiling it again. Only code is shared (each
    -- sandbox still runs the module in its own environment), and a changed source is a different key.
    local compiled = {}

    local function load_module(source, chunkname, env)
      local key = chunkname .. "\0" .. source
      local binary = compiled[key]
      if binary then return load(binary, chunkname, "b", env) end
      local chunk, message = load(source, chunkname, "t", env)
      if chunk then compiled[key] = dump(chunk) end
      return chunk, message
    end

    -- A to-be-closed guard that forgets a module whose loading failed (so a later require tries again).
    local function forget_on_failure(loaded, name)
      return setmetatable({}, {
        __close = function() if loaded[name] == loading then loaded[name] = nil end end,
      })
    end

    -- A new environment: copies of the safe libraries, safe base functions, print to `print_sink`, and a
    -- require that asks `resolve(name)` for (source, chunkname) or (nil, message) and caches per sandbox.
    local function make_sandbox(print_sink, resolve)
      local env = copy(_G, base_names)
      local loaded = {}
      for _, name in ipairs(library_names) do
        local library = copy(_G[name])
        env[name] = library
        loaded[name] = library
      end
      env.os = { time = os_time, clock = os_clock, date = os_date }
      loaded.os = env.os
      env._G = env
      env.setmetatable = sandbox_setmetatable
      env.getmetatable = sandbox_getmetatable
      env.load = cwrap(function(chunk, chunkname, _, ...)
        if type(chunk) ~= "string" and type(chunk) ~= "function" then
          error(format("bad argument #1 to 'load' (string expected, got %s)", type(chunk)), 3)
        end
        if select("#", ...) > 0 then return load(chunk, chunkname, "t", (...)) end
        return load(chunk, chunkname, "t", env)
      end)
      env.print = function(...)
        local parts = {}
        for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
        print_sink(concat(parts, "\t"))
      end
      env.require = cwrap(function(name)
        if type(name) ~= "string" then
          error(format("require: module name must be a string, got %s", type(name)), 3)
        end
        local cached = loaded[name]
        if cached == loading then error(format("require: module '%s' requires itself", name), 3) end
        if cached ~= nil then return cached end
        local source, chunkname = resolve(name)
        if source == nil then error(chunkname, 3) end
        local chunk, message = load_module(source, chunkname, env)
        if not chunk then error(message, 0) end
        loaded[name] = loading
        local guard <close> = forget_on_failure(loaded, name)
        local result = chunk(name)
        if result == nil then result = true end
        loaded[name] = result
        return result
      end)
      return env, loaded
    end

    return {
      make_sandbox = make_sandbox,
      readonly = readonly,
      null = null,
      json_array = json_array,
      array_meta = array_meta,
      array_marks = array_marks,
      host_error_metatable = host_error_metatable,
    }
    """#
}

extension LuaState {
    /// Runs the bootstrap chunk with the real globals and keeps what it returns in the registry.
    func runBootstrap() throws {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        stepwise_lua_push_message_handler(L)
        try compile(LuaBootstrap.source, chunkName: LuaBootstrap.chunkName)
        stepwise_lua_push_bootstrap_helpers(L)
        if let error = runProtected(arguments: 2, handler: base + 1, limits: .unlimited) { throw error }
        let exports = base + 2
        func slot(_ name: String) -> Int32 {
            push(name)
            lua_rawget(L, exports)
            return stepwise_lua_store_slot(L)
        }
        bootstrap.makeSandbox = slot("make_sandbox")
        bootstrap.readonly = slot("readonly")
        bootstrap.jsonArray = slot("json_array")
        bootstrap.arrayMeta = slot("array_meta")
        bootstrap.arrayMarks = slot("array_marks")
        bootstrap.hostErrorMetatable = slot("host_error_metatable")
        bootstrap.null = slot("null")
        lua_createtable(L, Int32(STEPWISE_JSON_KEY_CACHE_SIZE), 0)
        bootstrap.jsonKeyPins = stepwise_lua_store_slot(L)
        stepwise_lua_push_slot(L, bootstrap.null)
        nullAddress = UnsafeRawPointer(lua_touserdata(L, -1))
    }
}

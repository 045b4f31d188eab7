#ifndef STEPWISE_CLUASHIMS_H
#define STEPWISE_CLUASHIMS_H
/*
 * The C side of LuaKit: only what must be C.
 *
 *  - the error trampoline: a lua_CFunction that calls Swift through a function pointer and raises the Lua error
 *    itself, after the Swift frame has returned (Swift never sees a longjmp);
 *  - the hook dispatcher: the count hook enforces the instruction budget in C, line events go to Swift;
 *  - the message handler for lua_pcall: records a traceback and the error position, keeps the error value intact;
 *  - an allocator with a memory cap that is suspended while Swift code runs;
 *  - Lua's macros as static inline functions, so Swift can call them;
 *  - the JSON reader that builds service answers as Lua tables (CLuaJSON.h): the host's hottest path.
 *
 * Stack effects follow the Lua manual's notation [-o, +p, x]: pops o, pushes p; x is '-' (never raises),
 * 'm' (raises only on memory errors) or 'e' (may raise any error).
 */
#include "../../CLua/CLua.h"
#include "CLuaJSON.h"
#include <stddef.h>

/* What a Swift host function returns to the trampoline (other than a result count >= 0). */
/* The error value is on top of the stack: raise it as it is. */
#define STEPWISE_LUA_RAISE (-1)
/* An error message string is on top of the stack: prefix it with the caller's position, then raise it. */
#define STEPWISE_LUA_RAISE_WITH_POSITION (-2)

/* Swift's entry point for host functions: `function` is the Swift closure's box, arguments are on L's stack. */
typedef int (*stepwise_lua_host_dispatch)(void *context, lua_State *L, void *function);

/* Swift's entry point for line events; returns 0, or STEPWISE_LUA_RAISE with an error value pushed. */
typedef int (*stepwise_lua_line_dispatch)(void *context, lua_State *L, lua_Debug *ar);

/* Per-state runtime data, owned by Swift; it is the allocator's user data, so every thread of a state finds it. */
/* Small blocks (up to STEPWISE_LUA_POOL_MAX bytes, in classes 16 bytes apart) that Lua freed, kept for its next
 * allocations of the same class: a Lua state allocates and frees many small, short-lived blocks (an answer's
 * tables and strings), and taking one from a list costs a fraction of malloc and free. At most
 * STEPWISE_LUA_POOL_LIMIT blocks per class are kept; the rest go back to malloc. */
#define STEPWISE_LUA_POOL_GRAIN 16
#define STEPWISE_LUA_POOL_MAX 256
#define STEPWISE_LUA_POOL_CLASSES (STEPWISE_LUA_POOL_MAX / STEPWISE_LUA_POOL_GRAIN)
#define STEPWISE_LUA_POOL_LIMIT 256

typedef struct stepwise_lua_block_pool {
    void *free_blocks[STEPWISE_LUA_POOL_CLASSES]; /* singly linked through each block's first word */
    unsigned counts[STEPWISE_LUA_POOL_CLASSES];
} stepwise_lua_block_pool;

typedef struct stepwise_lua_runtime {
    /* memory */
    size_t memory_used;       /* bytes currently allocated by Lua */
    size_t memory_limit;      /* 0: no cap */
    int cap_suspended;        /* non-zero while Swift code runs: the cap does not apply */
    int memory_limit_hit;     /* set when the allocator refused a request because of the cap */
    stepwise_lua_block_pool pool;
    /* instruction budget */
    long long budget_limit;      /* 0: no budget */
    long long budget_remaining;  /* instructions left in the current top-level call */
    int budget_exhausted;        /* set once the budget ran out; every later instruction raises again */
    /* line hook */
    int line_hook_enabled;
    /* Swift */
    lua_State *current;                         /* the thread Swift works on (the caller's, in host functions) */
    void *context;                              /* the LuaState, unretained */
    stepwise_lua_host_dispatch host_dispatch;
    stepwise_lua_line_dispatch line_dispatch;
    /* JSON member names (see stepwise_json_key_cache); the pin table's registry slot is LuaKit's. */
    stepwise_json_key_cache json_keys;
} stepwise_lua_runtime;

/* The JSON reader's key cache of a state. */
static inline stepwise_json_key_cache *stepwise_lua_json_keys(stepwise_lua_runtime *runtime) { return &runtime->json_keys; }

/* Creates a state whose allocator and hooks use `runtime`; NULL when out of memory. */
lua_State *stepwise_lua_newstate(stepwise_lua_runtime *runtime);

/* Closes a state made by stepwise_lua_newstate (NULL: none was made) and frees the blocks its pool kept. */
void stepwise_lua_close(lua_State *L, stepwise_lua_runtime *runtime);

/* Opens base, string, table, math, utf8, coroutine and os in a protected call; returns a Lua status. */
int stepwise_lua_open_libraries(lua_State *L);

/* [-0, +1, m] Pushes a host function: a C closure of the trampoline whose upvalue (a light userdata) points at
 * the Swift closure's box, which the Swift state keeps alive. */
void stepwise_lua_push_host_function(lua_State *L, void *function);

/* The message handler for lua_pcall: keeps the error value unchanged and records, in the registry, the
 * traceback (stepwise_lua_take_traceback) and the position of the nearest Lua frame (stepwise_lua_take_where). */
int stepwise_lua_message_handler(lua_State *L);

/* [-0, +1, -] Pushes the traceback recorded by the last message handler run (or nil) and clears it. */
void stepwise_lua_take_traceback(lua_State *L);

/* [-0, +1, -] Pushes the position ("chunk:line") recorded by the last message handler run (or nil), clears it. */
void stepwise_lua_take_where(lua_State *L);

/* Lua-callable [-1, +1, m]: (metatable) -> a new zero-sized userdata with that metatable (read-only proxies). */
int stepwise_lua_newproxy(lua_State *L);

/* Lua-callable [-1, +1, m]: (function) -> a C closure that calls it with its arguments and returns its results.
 * A C function keeps its caller's frame even in a tail call, so `error(message, 3)` inside the wrapped function
 * names the caller's line (`return require "x"` still reports where it was called). */
int stepwise_lua_cwrap(lua_State *L);

/* [-0, +1, -] Pushes a traceback of L1 starting at `level` (0: the running function), computed in a protected
 * call; returns a Lua status (on failure the error value is pushed instead). */
int stepwise_lua_traceback(lua_State *L, lua_State *L1, int level);

/* Starts (limit > 0) or ends (limit == 0) the instruction budget of a top-level call and resets L's hook. */
void stepwise_lua_set_budget(lua_State *L, long long limit);

/* Enables or disables line events for Swift and updates L's hook (other threads follow at their next count). */
void stepwise_lua_set_line_hook(lua_State *L, int enabled);

/* MARK: Lua's macros as functions */

/* The pseudo-index of the registry. */
static inline int stepwise_lua_registryindex(void) { return LUA_REGISTRYINDEX; }

/* The pseudo-index of the current C function's upvalue `i`. */
static inline int stepwise_lua_upvalueindex(int i) { return lua_upvalueindex(i); }

/* [-n, +0, -] Pops n values. */
static inline void stepwise_lua_pop(lua_State *L, int n) { lua_pop(L, n); }

/* [-0, +1, m] Pushes a new empty table. */
static inline void stepwise_lua_newtable(lua_State *L) { lua_newtable(L); }

/* [-1, +1, -] Moves the top value to `index`, shifting the values above it up. */
static inline void stepwise_lua_insert(lua_State *L, int index) { lua_insert(L, index); }

/* [-1, +0, -] Removes the value at `index`, shifting the values above it down. */
static inline void stepwise_lua_remove(lua_State *L, int index) { lua_remove(L, index); }

/* [-0, +1, m] Pushes the message handler. */
static inline void stepwise_lua_push_message_handler(lua_State *L) {
    lua_pushcfunction(L, stepwise_lua_message_handler);
}

/* [-0, +2, m] Pushes the proxy constructor and the C wrapper maker (the bootstrap chunk's arguments). */
static inline void stepwise_lua_push_bootstrap_helpers(lua_State *L) {
    lua_pushcfunction(L, stepwise_lua_newproxy);
    lua_pushcfunction(L, stepwise_lua_cwrap);
}

/* [-(nargs+1), +(nresults|*), -] lua_pcall: calls in protected mode with the message handler at `handler`. */
static inline int stepwise_lua_pcall(lua_State *L, int nargs, int nresults, int handler) {
    return lua_pcall(L, nargs, nresults, handler);
}

/* [-0, +1, -] Loads a text chunk (binary chunks are refused); pushes the function or the error message. */
static inline int stepwise_lua_load_text(lua_State *L, const char *code, size_t size, const char *name) {
    return luaL_loadbufferx(L, code, size, name, "t");
}

/* [-0, +0, -] Runs a full garbage collection (finalizer errors only become warnings). */
static inline void stepwise_lua_collect_garbage(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }

/* [-0, +1, -] Pushes the registry's value at integer key `slot`. */
static inline int stepwise_lua_push_slot(lua_State *L, int slot) {
    return lua_rawgeti(L, LUA_REGISTRYINDEX, slot);
}

/* [-1, +0, m] Pops a value and stores it in the registry; returns its slot (luaL_ref). */
static inline int stepwise_lua_store_slot(lua_State *L) { return luaL_ref(L, LUA_REGISTRYINDEX); }

/* [-0, +0, -] Frees a registry slot (luaL_unref). */
static inline void stepwise_lua_free_slot(lua_State *L, int slot) { luaL_unref(L, LUA_REGISTRYINDEX, slot); }

/* The multiple-results marker for calls. */
static inline int stepwise_lua_multret(void) { return LUA_MULTRET; }

#endif

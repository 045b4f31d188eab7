#include "CLuaShims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many instructions run between two count events when no smaller budget remains. */
#define STEPWISE_LUA_HOOK_STEP 1000

/* Registry keys (their addresses) for what the message handler records. */
static const char traceback_key = 't';
static const char where_key = 'w';

static stepwise_lua_runtime *runtime_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (stepwise_lua_runtime *)ud;
}

/* MARK: Allocator */

/* Under AddressSanitizer a pooled block is poisoned while it waits in the pool, and so are the bytes of a block
 * beyond the size Lua asked for: a use after free or an overflow into the class's slack is still reported. */
#include <sanitizer/asan_interface.h>

static inline size_t class_size(int class) { return (size_t)(class + 1) * STEPWISE_LUA_POOL_GRAIN; }

/* The pool class of a block of `size` bytes (1...STEPWISE_LUA_POOL_MAX), or -1 for a larger one. Every block of
 * a pooled size is class_size(class) bytes long, whichever way it was made. */
static inline int pool_class(size_t size) {
    return size <= STEPWISE_LUA_POOL_MAX ? (int)((size - 1) / STEPWISE_LUA_POOL_GRAIN) : -1;
}

/* Marks the first `size` bytes of a block of class `class` usable and the rest not (sanitizer builds only). */
static inline void expose(void *block, int class, size_t size) {
    ASAN_UNPOISON_MEMORY_REGION(block, size);
    ASAN_POISON_MEMORY_REGION((char *)block + size, class_size(class) - size);
}

/* A block of class `class` for `size` bytes: a pooled one, or a new one. */
static void *pool_take(stepwise_lua_block_pool *pool, int class, size_t size) {
    void *block = pool->free_blocks[class];
    if (block == NULL) {
        block = malloc(class_size(class));
    } else {
        ASAN_UNPOISON_MEMORY_REGION(block, sizeof(void *));
        pool->free_blocks[class] = *(void **)block;
        pool->counts[class]--;
    }
    if (block != NULL) expose(block, class, size);
    return block;
}

static void pool_give(stepwise_lua_block_pool *pool, int class, void *block) {
    if (pool->counts[class] >= STEPWISE_LUA_POOL_LIMIT) {
        ASAN_UNPOISON_MEMORY_REGION(block, class_size(class));
        free(block);
        return;
    }
    ASAN_UNPOISON_MEMORY_REGION(block, sizeof(void *));
    *(void **)block = pool->free_blocks[class];
    ASAN_POISON_MEMORY_REGION(block, class_size(class));
    pool->free_blocks[class] = block;
    pool->counts[class]++;
}

/* realloc with the pool: `ptr` (NULL or a block of `old` bytes) becomes a block of `nsize` (> 0) bytes. */
static void *pool_realloc(stepwise_lua_block_pool *pool, void *ptr, size_t old, size_t nsize) {
    int to = pool_class(nsize);
    if (ptr == NULL) return to >= 0 ? pool_take(pool, to, nsize) : malloc(nsize);
    int from = pool_class(old);
    if (from < 0 && to < 0) return realloc(ptr, nsize);
    if (from == to) {
        expose(ptr, to, nsize);
        return ptr;
    }
    void *block = to >= 0 ? pool_take(pool, to, nsize) : malloc(nsize);
    if (block == NULL) return NULL;
    memcpy(block, ptr, old < nsize ? old : nsize);
    if (from >= 0) pool_give(pool, from, ptr); else free(ptr);
    return block;
}

static void pool_release(stepwise_lua_block_pool *pool, void *ptr, size_t old) {
    int class = pool_class(old);
    if (class >= 0) pool_give(pool, class, ptr); else free(ptr);
}

static void *stepwise_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    stepwise_lua_runtime *rt = (stepwise_lua_runtime *)ud;
    size_t old = ptr != NULL ? osize : 0; /* for a new block, osize is a type tag */
    if (nsize == 0) {
        if (ptr != NULL) pool_release(&rt->pool, ptr, old);
        rt->memory_used -= old;
        return NULL;
    }
    if (nsize > old && rt->memory_limit != 0 && !rt->cap_suspended
        && rt->memory_used - old + nsize > rt->memory_limit) {
        rt->memory_limit_hit = 1;
        return NULL; /* Lua collects garbage and retries once before raising a memory error */
    }
    void *block = pool_realloc(&rt->pool, ptr, old, nsize);
    if (block == NULL) {
        if (rt->cap_suspended) {
            /* Swift code is on the stack: a memory error now would unwind through it. */
            fputs("LuaKit: the system is out of memory while Swift code was using Lua\n", stderr);
            abort();
        }
        return NULL;
    }
    rt->memory_used = rt->memory_used - old + nsize;
    return block;
}

static int stepwise_lua_panic(lua_State *L) {
    const char *message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object is not a string)";
    fprintf(stderr, "LuaKit: unprotected Lua error: %s\n", message);
    abort();
    return 0;
}

lua_State *stepwise_lua_newstate(stepwise_lua_runtime *runtime) {
    runtime->cap_suspended = 1;
    lua_State *L = lua_newstate(stepwise_lua_alloc, runtime);
    if (L != NULL) {
        lua_atpanic(L, stepwise_lua_panic);
        lua_gc(L, LUA_GCGEN, 0, 0);
    }
    return L;
}

void stepwise_lua_close(lua_State *L, stepwise_lua_runtime *runtime) {
    if (L != NULL) lua_close(L);
    stepwise_lua_block_pool *pool = &runtime->pool;
    for (int class = 0; class < STEPWISE_LUA_POOL_CLASSES; class++) {
        while (pool->free_blocks[class] != NULL) {
            void *block = pool->free_blocks[class];
            ASAN_UNPOISON_MEMORY_REGION(block, class_size(class));
            pool->free_blocks[class] = *(void **)block;
            free(block);
        }
        pool->counts[class] = 0;
    }
}

/* MARK: Libraries */

static int open_libraries(lua_State *L) {
    static const luaL_Reg libraries[] = {
        {LUA_GNAME, luaopen_base},          {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_TABLIBNAME, luaopen_table},    {LUA_OSLIBNAME, luaopen_os},
        {LUA_STRLIBNAME, luaopen_string},   {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},    {NULL, NULL},
    };
    for (const luaL_Reg *library = libraries; library->func != NULL; library++) {
        luaL_requiref(L, library->name, library->func, 1);
        lua_pop(L, 1);
    }
    return 0;
}

int stepwise_lua_open_libraries(lua_State *L) {
    lua_pushcfunction(L, open_libraries);
    int status = lua_pcall(L, 0, 0, 0);
    if (status != LUA_OK) lua_pop(L, 1);
    return status;
}

/* MARK: Error trampoline */

/* Upvalue 1: the Swift closure's box. The Swift frame returns before any error is raised. */
static int stepwise_lua_trampoline(lua_State *L) {
    stepwise_lua_runtime *rt = runtime_of(L);
    void *function = lua_touserdata(L, lua_upvalueindex(1));
    int saved = rt->cap_suspended;
    rt->cap_suspended = 1;
    int results = rt->host_dispatch(rt->context, L, function);
    rt->cap_suspended = saved;
    if (results >= 0) return results;
    if (results == STEPWISE_LUA_RAISE_WITH_POSITION) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

void stepwise_lua_push_host_function(lua_State *L, void *function) {
    lua_pushlightuserdata(L, function);
    lua_pushcclosure(L, stepwise_lua_trampoline, 1);
}

/* MARK: Message handler */

/* [-0, +1, m] Pushes "chunk:line" of the nearest Lua frame at or above `level`, or nil. */
static void push_where(lua_State *L, int level) {
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
    lua_pushnil(L);
}

int stepwise_lua_message_handler(lua_State *L) {
    stepwise_lua_runtime *rt = runtime_of(L);
    int saved = rt->cap_suspended;
    rt->cap_suspended = 1;
    lua_settop(L, 1);
    luaL_traceback(L, L, NULL, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &traceback_key);
    push_where(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &where_key);
    rt->cap_suspended = saved;
    return 1; /* the error value, unchanged */
}

static void take(lua_State *L, const void *key) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, key);
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

void stepwise_lua_take_traceback(lua_State *L) { take(L, &traceback_key); }

void stepwise_lua_take_where(lua_State *L) { take(L, &where_key); }

/* MARK: Proxies and tracebacks */

int stepwise_lua_newproxy(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_newuserdatauv(L, 0, 0);
    lua_pushvalue(L, 1);
    lua_setmetatable(L, -2);
    return 1;
}

static int call_wrapped(lua_State *L) {
    int arguments = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, arguments, LUA_MULTRET);
    return lua_gettop(L);
}

int stepwise_lua_cwrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_pushcclosure(L, call_wrapped, 1);
    return 1;
}

static int traceback_protected(lua_State *L) {
    lua_State *L1 = (lua_State *)lua_touserdata(L, 1);
    int level = (int)lua_tointeger(L, 2);
    luaL_traceback(L, L1, NULL, level);
    return 1;
}

int stepwise_lua_traceback(lua_State *L, lua_State *L1, int level) {
    lua_pushcfunction(L, traceback_protected);
    lua_pushlightuserdata(L, L1);
    /* On L itself, the protected C function adds one level. */
    lua_pushinteger(L, L1 == L ? level + 1 : level);
    return lua_pcall(L, 2, 1, 0);
}

/* MARK: Hooks */

static void stepwise_lua_hook(lua_State *L, lua_Debug *ar);

static int desired_mask(const stepwise_lua_runtime *rt) {
    /* The count hook stays on so that coroutines inherit a hook and later follow the state's settings. */
    return LUA_MASKCOUNT | (rt->line_hook_enabled ? LUA_MASKLINE : 0);
}

static int desired_count(const stepwise_lua_runtime *rt) {
    if (rt->budget_limit <= 0) return STEPWISE_LUA_HOOK_STEP;
    if (rt->budget_exhausted) return 1;
    return rt->budget_remaining < STEPWISE_LUA_HOOK_STEP ? (int)rt->budget_remaining : STEPWISE_LUA_HOOK_STEP;
}

static void reset_hook(lua_State *L, const stepwise_lua_runtime *rt) {
    lua_sethook(L, stepwise_lua_hook, desired_mask(rt), desired_count(rt));
}

static int raise_budget_error(lua_State *L, stepwise_lua_runtime *rt) {
    rt->cap_suspended++;
    luaL_where(L, 0); /* in a hook, level 0 is the function being run */
    lua_pushfstring(L, "%sinstruction budget of %I exceeded", lua_tostring(L, -1), (lua_Integer)rt->budget_limit);
    lua_remove(L, -2);
    rt->cap_suspended--;
    return lua_error(L);
}

static void stepwise_lua_hook(lua_State *L, lua_Debug *ar) {
    stepwise_lua_runtime *rt = runtime_of(L);
    if (ar->event == LUA_HOOKCOUNT) {
        if (rt->budget_limit > 0 && !rt->budget_exhausted) {
            rt->budget_remaining -= lua_gethookcount(L);
            if (rt->budget_remaining <= 0) rt->budget_exhausted = 1;
        }
        reset_hook(L, rt);
        if (rt->budget_limit > 0 && rt->budget_exhausted) raise_budget_error(L, rt);
        return;
    }
    if (ar->event != LUA_HOOKLINE) return;
    if (!rt->line_hook_enabled) {
        lua_sethook(L, stepwise_lua_hook, desired_mask(rt), lua_gethookcount(L));
        return;
    }
    lua_getinfo(L, "Sl", ar);
    int saved = rt->cap_suspended;
    rt->cap_suspended = 1;
    int status = rt->line_dispatch(rt->context, L, ar);
    rt->cap_suspended = saved;
    if (status != 0) lua_error(L);
}

void stepwise_lua_set_budget(lua_State *L, long long limit) {
    stepwise_lua_runtime *rt = runtime_of(L);
    rt->budget_limit = limit > 0 ? limit : 0;
    rt->budget_remaining = rt->budget_limit;
    rt->budget_exhausted = 0;
    reset_hook(L, rt);
}

void stepwise_lua_set_line_hook(lua_State *L, int enabled) {
    stepwise_lua_runtime *rt = runtime_of(L);
    rt->line_hook_enabled = enabled;
    reset_hook(L, rt);
}

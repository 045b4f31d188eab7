#ifndef STEPWISE_CLUAJSON_H
#define STEPWISE_CLUAJSON_H
/*
 * Reads a JSON document (RFC 8259, UTF-8) straight into Lua values: LuaKit's reader of service answers, the
 * host's hottest path. It means what LuaKit's Swift JSON reader means (integers apart from floats, JSON null as
 * the `json.null` sentinel, arrays marked as `json.array` marks them, a leading byte order mark ignored, nesting
 * bounded, a repeated key keeping its last value) and is checked against it by tests.
 *
 * Two passes: the first checks the whole text, counts every container's members and measures every string, the
 * second makes each table at its final size and fills it, taking strings without escapes straight from the text. A text the first pass refuses allocates nothing in Lua. The reader does not say
 * why a text is refused: the caller reads it again with the Swift parser, whose errors name the byte.
 */
#include "../../CLua/CLua.h"
#include <stddef.h>

/* The document's value is on top of the stack. */
#define STEPWISE_JSON_OK 0
/* Not JSON, or a number out of range, or nested deeper than allowed. Nothing was pushed. */
#define STEPWISE_JSON_REFUSED 1
/* The replacement function failed (it keeps its own error). Nothing was pushed. */
#define STEPWISE_JSON_REPLACEMENT_FAILED 2
/* The Lua stack cannot grow. Nothing was pushed. */
#define STEPWISE_JSON_STACK_FULL 3
/* The system is out of memory for the reader's own bookkeeping. Nothing was pushed. */
#define STEPWISE_JSON_NO_MEMORY 4

/* Pushes what stands for the string value (`bytes`, escapes resolved) of a member whose name is one of
 * `replaced_keys`; returns 0, or non-zero (nothing pushed) to abandon the document. */
typedef int (*stepwise_json_replace)(void *context, lua_State *L, const char *bytes, size_t length);

/* A member name, as UTF-8 bytes. */
typedef struct stepwise_json_key {
    const char *bytes;
    size_t length;
} stepwise_json_key;

/* Member names read before, kept (pinned) in a Lua table so that a name seen again is pushed from there instead of
 * being hashed and looked up in Lua's string table: answers repeat the same few dozen names. Entry `i` holds the
 * bytes of the string at index `i + 1` of the pin table; only the reader writes either. */
#define STEPWISE_JSON_KEY_CACHE_SIZE 512
/* Longer names are not cached (Lua interns strings up to 40 bytes; longer ones are never shared). */
#define STEPWISE_JSON_KEY_CACHE_MAX_LENGTH 40
typedef struct stepwise_json_key_cache {
    const char *bytes[STEPWISE_JSON_KEY_CACHE_SIZE];
    size_t lengths[STEPWISE_JSON_KEY_CACHE_SIZE];
} stepwise_json_key_cache;

typedef struct stepwise_json_options {
    /* Containers may nest this many levels (the outermost is level 1). */
    int max_depth;
    /* Registry slots of the `json.null` sentinel and of the metatable that marks arrays (arrays are new tables,
     * so none has a metatable of its own). */
    int null_slot;
    int array_meta_slot;
    /* The string values of members with these names go through `replace` (empty strings excepted). */
    const stepwise_json_key *replaced_keys;
    size_t replaced_key_count;
    stepwise_json_replace replace;
    void *replace_context;
    /* Optional: the key cache and the registry slot of its pin table (a table with STEPWISE_JSON_KEY_CACHE_SIZE
     * array slots). */
    stepwise_json_key_cache *key_cache;
    int key_cache_slot;
} stepwise_json_options;

/* [-0, +(1|0), m] Reads `length` bytes of JSON text and pushes its value; returns a STEPWISE_JSON_ code. */
int stepwise_json_push(lua_State *L, const unsigned char *bytes, size_t length, const stepwise_json_options *options);

#endif

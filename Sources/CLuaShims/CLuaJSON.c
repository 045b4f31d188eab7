#include "CLuaJSON.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* MARK: Growable arrays with inline room, so small documents never allocate */

#define INLINE_ROOM 64

typedef struct {
    uint32_t *items;
    size_t count, capacity;
    uint32_t room[INLINE_ROOM];
} u32_array;

static void u32_init(u32_array *a) {
    a->items = a->room;
    a->count = 0;
    a->capacity = INLINE_ROOM;
}

static void u32_free(u32_array *a) {
    if (a->items != a->room) free(a->items);
}

/* Doubles the room of `a`; 0 when out of memory. */
static int u32_grow(u32_array *a) {
    size_t capacity = a->capacity * 2;
    uint32_t *items = a->items == a->room ? malloc(capacity * sizeof *items) : realloc(a->items, capacity * sizeof *items);
    if (items == NULL) return 0;
    if (a->items == a->room) memcpy(items, a->room, sizeof a->room);
    a->items = items;
    a->capacity = capacity;
    return 1;
}

/* Appends `value`; 0 when out of memory. */
static inline int u32_append(u32_array *a, uint32_t value) {
    if (a->count == a->capacity && !u32_grow(a)) return 0;
    a->items[a->count++] = value;
    return 1;
}

/* MARK: Pass 1: check the text, count the members of every container */

/* A container being checked: the index of its count, and its kind in the low bit. */
#define LEVEL(index, is_array) ((uint32_t)(index) << 1 | (uint32_t)(is_array))
#define LEVEL_INDEX(level) ((level) >> 1)
#define LEVEL_IS_ARRAY(level) ((level) & 1)

/* A string's span (kept by pass 1 for pass 2): its length between the quotes, with SPAN_ESCAPED when it holds an
 * escape; SPAN_SCAN when it is too long to keep, and pass 2 scans for its end. */
#define SPAN_ESCAPED 0x80000000u
#define SPAN_SCAN 0xFFFFFFFFu

typedef struct {
    const unsigned char *p, *end;
    /* Member counts, one per container in document order. */
    u32_array counts;
    /* String spans, one per string (names and values) in document order. */
    u32_array spans;
    /* The longest string (between its quotes) that holds an escape: the room pass 2 needs to resolve one. */
    size_t longest_escaped;
} census;

static void skip_whitespace(const unsigned char **p, const unsigned char *end) {
    /* Every byte that may start a token is above the space; compact texts have no whitespace at all. */
    if (*p < end && **p > ' ') return;
    while (*p < end && (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')) (*p)++;
}

static int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The four hex digits at `p` (which has at least 4 bytes), or -1. */
static long hex4(const unsigned char *p) {
    long value = 0;
    for (int i = 0; i < 4; i++) {
        int digit = hex_value(p[i]);
        if (digit < 0) return -1;
        value = value << 4 | digit;
    }
    return value;
}

/* The length of the well-formed UTF-8 sequence at `p` (Unicode table 3-7: no overlong forms, no surrogates,
 * nothing above U+10FFFF), or 0. */
static size_t utf8_sequence(const unsigned char *p, const unsigned char *end) {
    unsigned char c = p[0];
    size_t length;
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) length = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else return 0;
    if ((size_t)(end - p) < length) return 0;
    if (p[1] < low || p[1] > high) return 0;
    for (size_t i = 2; i < length; i++) {
        if (p[i] < 0x80 || p[i] > 0xBF) return 0;
    }
    return length;
}

/* MARK: Eight bytes at a time
 *
 * Strings are scanned a word at a time for the bytes that end or interrupt a plain run. The masks below flag
 * matching bytes with their high bit; the lowest flag is always exact (a false flag can only follow a true one, from
 * a borrow), so its position is the first match. Little-endian machines only; others scan byte by byte. */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_SCAN 1
#else
#define WORD_SCAN 0
#endif

#define EVERY_BYTE(b) (0x0101010101010101ull * (uint64_t)(b))

static inline uint64_t load8(const unsigned char *p) {
    uint64_t word;
    memcpy(&word, p, sizeof word);
    return word;
}

/* Flags the bytes of `word` below `limit` (at most 0x80). */
static inline uint64_t bytes_below(uint64_t word, unsigned char limit) {
    return (word - EVERY_BYTE(limit)) & ~word & EVERY_BYTE(0x80);
}

/* Flags the bytes of `word` equal to `byte`. */
static inline uint64_t bytes_equal(uint64_t word, unsigned char byte) {
    return bytes_below(word ^ EVERY_BYTE(byte), 1);
}

/* The offset of the first flagged byte of a non-zero mask. */
static inline size_t first_flagged(uint64_t flags) {
    return (size_t)__builtin_ctzll(flags) / 8;
}

/* Checks the string whose opening quote is at the cursor, files its span and steps past its closing quote: 1, or
 * 0 when the text is refused, or -1 when out of memory. */
static int check_string(census *c) {
    const unsigned char *p = c->p + 1, *end = c->end, *start = p;
    int escaped = 0;
    for (;;) {
#if WORD_SCAN
        /* Skip to the next quote, backslash, control byte or non-ASCII byte. */
        if (end - p >= 8) {
            uint64_t word = load8(p);
            uint64_t flags = bytes_equal(word, '"') | bytes_equal(word, '\\') | bytes_below(word, 0x20)
                | (word & EVERY_BYTE(0x80));
            if (flags == 0) {
                p += 8;
                continue;
            }
            p += first_flagged(flags);
        }
#endif
        if (p >= end) return 0;
        unsigned char b = *p;
        if (b == '"') break;
        if (b == '\\') {
            escaped = 1;
            if (end - p < 2) return 0;
            switch (p[1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                p += 2;
                break;
            case 'u': {
                if (end - p < 6) return 0;
                long unit = hex4(p + 2);
                if (unit < 0 || (unit >= 0xDC00 && unit < 0xE000)) return 0;
                p += 6;
                if (unit >= 0xD800 && unit < 0xDC00) {
                    if (end - p < 6 || p[0] != '\\' || p[1] != 'u') return 0;
                    long low = hex4(p + 2);
                    if (low < 0xDC00 || low >= 0xE000) return 0;
                    p += 6;
                }
                break;
            }
            default:
                return 0;
            }
        } else if (b < 0x20) {
            return 0;
        } else if (b < 0x80) {
            p++;
        } else {
            size_t length = utf8_sequence(p, end);
            if (length == 0) return 0;
            p += length;
        }
    }
    size_t length = (size_t)(p - start);
    if (escaped && length > c->longest_escaped) c->longest_escaped = length;
    uint32_t span = length >= SPAN_ESCAPED ? SPAN_SCAN : (uint32_t)length | (escaped ? SPAN_ESCAPED : 0);
    if (!u32_append(&c->spans, span)) return -1;
    c->p = p + 1;
    return 1;
}

static int is_digit(const unsigned char *p, const unsigned char *end) { return p < end && *p >= '0' && *p <= '9'; }

/* Checks the number at the cursor against the JSON grammar and steps past it. */
static int check_number(census *c) {
    const unsigned char *p = c->p, *end = c->end;
    if (*p == '-') p++;
    if (!is_digit(p, end)) return 0;
    if (*p == '0') {
        p++;
        if (is_digit(p, end)) return 0;
    } else {
        while (is_digit(p, end)) p++;
    }
    if (p < end && *p == '.') {
        p++;
        if (!is_digit(p, end)) return 0;
        while (is_digit(p, end)) p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (!is_digit(p, end)) return 0;
        while (is_digit(p, end)) p++;
    }
    c->p = p;
    return 1;
}

static int check_literal(census *c, const char *literal, size_t length) {
    if ((size_t)(c->end - c->p) < length || memcmp(c->p, literal, length) != 0) return 0;
    c->p += length;
    return 1;
}

/* Pass 1. Returns STEPWISE_JSON_OK with every container's member count in `c->counts`, or a refusal. */
static int take_census(census *c, int max_depth) {
    u32_array levels;
    u32_init(&levels);
    int status = STEPWISE_JSON_REFUSED;
    const unsigned char *end = c->end;
    for (;;) {
        /* A value. */
        skip_whitespace(&c->p, end);
        if (c->p >= end) goto done;
        switch (*c->p) {
        case '{':
        case '[': {
            int is_array = *c->p == '[';
            if (levels.count >= (size_t)max_depth) goto done;
            if (!u32_append(&levels, LEVEL(c->counts.count, is_array)) || !u32_append(&c->counts, 0)) {
                status = STEPWISE_JSON_NO_MEMORY;
                goto done;
            }
            c->p++;
            skip_whitespace(&c->p, end);
            if (c->p < end && *c->p == (is_array ? ']' : '}')) {
                c->p++;
                levels.count--;
                break;  /* an empty container is a complete value */
            }
            if (is_array) continue;
            goto key;
        }
        case '"': {
            int checked = check_string(c);
            if (checked < 0) status = STEPWISE_JSON_NO_MEMORY;
            if (checked <= 0) goto done;
            break;
        }
        case 't':
            if (!check_literal(c, "true", 4)) goto done;
            break;
        case 'f':
            if (!check_literal(c, "false", 5)) goto done;
            break;
        case 'n':
            if (!check_literal(c, "null", 4)) goto done;
            break;
        default:
            if (*c->p != '-' && !(*c->p >= '0' && *c->p <= '9')) goto done;
            if (!check_number(c)) goto done;
        }
        /* After a complete value: file it in its container, then a separator, a closing bracket or the end. */
        for (;;) {
            skip_whitespace(&c->p, end);
            if (levels.count == 0) {
                if (c->p == end) status = STEPWISE_JSON_OK;
                goto done;
            }
            uint32_t level = levels.items[levels.count - 1];
            c->counts.items[LEVEL_INDEX(level)]++;
            if (c->p >= end) goto done;
            if (*c->p == ',') {
                c->p++;
                if (LEVEL_IS_ARRAY(level)) break;
                goto key;
            }
            if (*c->p != (LEVEL_IS_ARRAY(level) ? ']' : '}')) goto done;
            c->p++;
            levels.count--;
        }
        continue;
    key:
        skip_whitespace(&c->p, end);
        if (c->p >= end || *c->p != '"') goto done;
        int checked = check_string(c);
        if (checked < 0) status = STEPWISE_JSON_NO_MEMORY;
        if (checked <= 0) goto done;
        skip_whitespace(&c->p, end);
        if (c->p >= end || *c->p != ':') goto done;
        c->p++;
    }
done:
    u32_free(&levels);
    return status;
}

/* MARK: Pass 2: make the tables (the text is known to be valid) */

typedef struct {
    lua_State *L;
    /* The text is valid (pass 1), so only a number can run to its end. */
    const unsigned char *p, *end;
    const stepwise_json_options *options;
    const uint32_t *counts;
    /* The strings' spans, and the next one's index. */
    const uint32_t *spans;
    size_t next_span;
    /* Room to resolve escapes in, as long as the longest escaped string. */
    char *scratch;
    int meta_index, null_index;
    /* The pin table's stack index, when there is a key cache. */
    int key_pins_index;
} builder;

static void append_utf8(char **out, unsigned long scalar) {
    char *o = *out;
    if (scalar < 0x80) {
        *o++ = (char)scalar;
    } else if (scalar < 0x800) {
        *o++ = (char)(0xC0 | scalar >> 6);
        *o++ = (char)(0x80 | (scalar & 0x3F));
    } else if (scalar < 0x10000) {
        *o++ = (char)(0xE0 | scalar >> 12);
        *o++ = (char)(0x80 | (scalar >> 6 & 0x3F));
        *o++ = (char)(0x80 | (scalar & 0x3F));
    } else {
        *o++ = (char)(0xF0 | scalar >> 18);
        *o++ = (char)(0x80 | (scalar >> 12 & 0x3F));
        *o++ = (char)(0x80 | (scalar >> 6 & 0x3F));
        *o++ = (char)(0x80 | (scalar & 0x3F));
    }
    *out = o;
}

/* The string at the cursor (escapes resolved, in the text itself when it has none); steps past it. */
static void read_string(builder *b, const char **bytes, size_t *length) {
    const unsigned char *p = b->p + 1, *start = p;
    uint32_t span = b->spans[b->next_span++];
    if ((span & SPAN_ESCAPED) == 0) {
        /* Pass 1 measured it: no escape, so the text is the string. */
        *bytes = (const char *)start;
        *length = span;
        b->p = start + span + 1;
        return;
    }
    /* An escaped string, or one too long to measure: find its first escape (or its end), then resolve. */
#if WORD_SCAN
    while (b->end - p >= 8) {
        uint64_t word = load8(p);
        uint64_t flags = bytes_equal(word, '"') | bytes_equal(word, '\\');
        if (flags != 0) {
            p += first_flagged(flags);
            break;
        }
        p += 8;
    }
#endif
    while (*p != '"' && *p != '\\') p++;
    if (*p == '"') {
        *bytes = (const char *)start;
        *length = (size_t)(p - start);
        b->p = p + 1;
        return;
    }
    char *out = b->scratch;
    memcpy(out, start, (size_t)(p - start));
    out += p - start;
    while (*p != '"') {
        if (*p != '\\') {
            *out++ = (char)*p++;
            continue;
        }
        unsigned char e = p[1];
        p += 2;
        switch (e) {
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'u': {
            unsigned long scalar = (unsigned long)hex4(p);
            p += 4;
            if (scalar >= 0xD800 && scalar < 0xDC00) {
                unsigned long low = (unsigned long)hex4(p + 2);
                p += 6;
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00);
            }
            append_utf8(&out, scalar);
            break;
        }
        default: *out++ = (char)e; /* '"', '\\' or '/' */
        }
    }
    *bytes = b->scratch;
    *length = (size_t)(out - b->scratch);
    b->p = p + 1;
}

/* Pushes the number at the cursor (an integer when it has no fraction or exponent and fits in 64 bits) and steps
 * past it; 0 when it is out of range. */
static int push_number(builder *b) {
    const unsigned char *p = b->p, *start = p, *end = b->end;
    int negative = *p == '-';
    if (negative) p++;
    uint64_t magnitude = 0;
    int fits = 1;
    const uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; is_digit(p, end); p++) {
        uint64_t digit = (uint64_t)(*p - '0');
        if (magnitude > (limit - digit) / 10) fits = 0;
        else magnitude = magnitude * 10 + digit;
    }
    int is_integer = 1;
    if (p < end && *p == '.') {
        is_integer = 0;
        for (p++; is_digit(p, end); p++) {}
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        is_integer = 0;
        p++;
        if (*p == '+' || *p == '-') p++;  /* pass 1 saw digits after the exponent mark */
        for (; is_digit(p, end); p++) {}
    }
    b->p = p;
    if (is_integer && fits) {
        lua_pushinteger(b->L, negative ? (lua_Integer)(0 - magnitude) : (lua_Integer)magnitude);
        return 1;
    }
    /* Lua's own conversion: locale independent, and correctly rounded (strtod). */
    size_t length = (size_t)(p - start);
    char room[64];
    char *text = length < sizeof room ? room : malloc(length + 1);
    if (text == NULL) return 0;
    memcpy(text, start, length);
    text[length] = '\0';
    size_t used = lua_stringtonumber(b->L, text);
    if (text != room) free(text);
    if (used != length + 1) return 0;
    if (!isfinite(lua_tonumberx(b->L, -1, NULL))) {
        lua_pop(b->L, 1);
        return 0;
    }
    return 1;
}

static int is_replaced_key(const stepwise_json_options *options, const char *bytes, size_t length) {
    for (size_t i = 0; i < options->replaced_key_count; i++) {
        const stepwise_json_key *key = &options->replaced_keys[i];
        if (key->length == length && memcmp(key->bytes, bytes, length) == 0) return 1;
    }
    return 0;
}

/* The cache entry of a name of 1 to STEPWISE_JSON_KEY_CACHE_MAX_LENGTH bytes: its first and last eight bytes (all
 * of them when shorter) and its length, mixed by a multiplication whose top bits pick the entry. */
static size_t key_cache_entry(const unsigned char *bytes, size_t length) {
    uint64_t mixed = length;
    if (length >= 8) {
        uint64_t first, last;
        memcpy(&first, bytes, 8);
        memcpy(&last, bytes + length - 8, 8);
        mixed ^= first ^ (last << 29 | last >> 35);
    } else {
        for (size_t i = 0; i < length; i++) mixed = mixed << 8 | bytes[i];
    }
    return (size_t)((mixed * 0x9E3779B97F4A7C15ull) >> 52) % STEPWISE_JSON_KEY_CACHE_SIZE;
}

/* [-0, +1, m] Pushes a member name: from the key cache when it holds the name, else as a new string (which then
 * takes the name's cache entry). `pins` is the stack index of the cache's pin table. */
static void push_cached_key(lua_State *L, stepwise_json_key_cache *cache, int pins, const char *bytes, size_t length) {
    if (cache == NULL || length == 0 || length > STEPWISE_JSON_KEY_CACHE_MAX_LENGTH) {
        lua_pushlstring(L, bytes, length);
        return;
    }
    size_t entry = key_cache_entry((const unsigned char *)bytes, length);
    if (cache->lengths[entry] == length && memcmp(cache->bytes[entry], bytes, length) == 0) {
        lua_rawgeti(L, pins, (lua_Integer)entry + 1);
        return;
    }
    const char *pinned = lua_pushlstring(L, bytes, length);
    lua_pushvalue(L, -1);
    lua_rawseti(L, pins, (lua_Integer)entry + 1);
    cache->bytes[entry] = pinned;
    cache->lengths[entry] = length;
}

static void skip_ws(builder *b) {
    if (*b->p > ' ') return;
    while (*b->p == ' ' || *b->p == '\n' || *b->p == '\r' || *b->p == '\t') b->p++;
}

/* [-0, +0] Marks the table on top as an array. */
static void mark_array(builder *b) {
    lua_pushvalue(b->L, b->meta_index);
    lua_setmetatable(b->L, -2);
}

/* A container being filled: its kind in the low bit, the elements filed so far (arrays) above it. */
#define OPEN(is_array) ((uint64_t)(is_array))
#define OPEN_IS_ARRAY(open) ((open) & 1)
#define OPEN_POSITION(open) ((open) >> 1)
#define OPEN_ADVANCED(open) ((open) + 2)

/* Pass 2: pushes the document's value. Pass 1 checked the text, so every scan below meets what ends it (a closing
 * quote or bracket, a value) before the end of the text; only a number at the very end needs a bounds check. */
static int build(builder *b) {
    lua_State *L = b->L;
    uint64_t room[INLINE_ROOM];
    uint64_t *open = room;
    size_t depth = 0, capacity = INLINE_ROOM;
    size_t next_count = 0;
    int replace_next = 0;
    int status = STEPWISE_JSON_OK;
    for (;;) {
        /* A value. */
        skip_ws(b);
        int replace_this = replace_next;
        replace_next = 0;
        switch (*b->p) {
        case '{':
        case '[': {
            int is_array = *b->p == '[';
            uint32_t count = b->counts[next_count++];
            if (!lua_checkstack(L, 4)) {
                status = STEPWISE_JSON_STACK_FULL;
                goto done;
            }
            if (is_array) lua_createtable(L, (int)count, 0);
            else lua_createtable(L, 0, (int)count);
            b->p++;
            if (count == 0) {
                skip_ws(b);
                b->p++;  /* the closing bracket */
                if (is_array) mark_array(b);
                break;
            }
            if (depth == capacity) {
                size_t bigger = capacity * 2;
                uint64_t *grown = open == room ? malloc(bigger * sizeof *grown) : realloc(open, bigger * sizeof *grown);
                if (grown == NULL) {
                    status = STEPWISE_JSON_NO_MEMORY;
                    goto done;
                }
                if (open == room) memcpy(grown, room, sizeof room);
                open = grown;
                capacity = bigger;
            }
            open[depth++] = OPEN(is_array);
            if (is_array) continue;
            goto key;
        }
        case '"': {
            const char *bytes;
            size_t length;
            read_string(b, &bytes, &length);
            if (replace_this && length > 0) {
                if (b->options->replace(b->options->replace_context, L, bytes, length) != 0) {
                    status = STEPWISE_JSON_REPLACEMENT_FAILED;
                    goto done;
                }
            } else {
                lua_pushlstring(L, bytes, length);
            }
            break;
        }
        case 't': lua_pushboolean(L, 1); b->p += 4; break;
        case 'f': lua_pushboolean(L, 0); b->p += 5; break;
        case 'n': lua_pushvalue(L, b->null_index); b->p += 4; break;
        default:
            if (!push_number(b)) {
                status = STEPWISE_JSON_REFUSED;
                goto done;
            }
        }
        /* After a complete value (on top): file it, then a separator or the container's end. */
        for (;;) {
            if (depth == 0) goto done;
            uint64_t *top = &open[depth - 1];
            if (OPEN_IS_ARRAY(*top)) {
                *top = OPEN_ADVANCED(*top);
                lua_rawseti(L, -2, (lua_Integer)OPEN_POSITION(*top));
            } else {
                lua_rawset(L, -3);
            }
            skip_ws(b);
            if (*b->p++ == ',') break;
            if (OPEN_IS_ARRAY(*top)) mark_array(b);
            depth--;
        }
        if (OPEN_IS_ARRAY(open[depth - 1])) continue;
    key: {
        skip_ws(b);
        const char *bytes;
        size_t length;
        read_string(b, &bytes, &length);
        replace_next = b->options->replaced_key_count > 0 && is_replaced_key(b->options, bytes, length);
        push_cached_key(L, b->options->key_cache, b->key_pins_index, bytes, length);
        skip_ws(b);
        b->p++;  /* ':' */
    }
    }
done:
    if (open != room) free(open);
    return status;
}

/* MARK: Entry point */

int stepwise_json_push(lua_State *L, const unsigned char *bytes, size_t length, const stepwise_json_options *options) {
    if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        bytes += 3;
        length -= 3;
    }
    census c = {.p = bytes, .end = bytes + length, .longest_escaped = 0};
    u32_init(&c.counts);
    u32_init(&c.spans);
    int status = take_census(&c, options->max_depth);
    int top = lua_gettop(L);
    if (status == STEPWISE_JSON_OK && !lua_checkstack(L, 8)) status = STEPWISE_JSON_STACK_FULL;
    builder b = {
        .L = L, .p = bytes, .end = bytes + length, .options = options, .counts = c.counts.items, .spans = c.spans.items,
    };
    if (status == STEPWISE_JSON_OK && c.longest_escaped > 0 && (b.scratch = malloc(c.longest_escaped)) == NULL) {
        status = STEPWISE_JSON_NO_MEMORY;
    }
    if (status != STEPWISE_JSON_OK) {
        u32_free(&c.counts);
        u32_free(&c.spans);
        return status;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, options->array_meta_slot);
    b.meta_index = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, options->null_slot);
    b.null_index = lua_gettop(L);
    if (options->key_cache != NULL) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, options->key_cache_slot);
        b.key_pins_index = lua_gettop(L);
    }
    status = build(&b);
    free(b.scratch);
    u32_free(&c.counts);
    u32_free(&c.spans);
    if (status != STEPWISE_JSON_OK) {
        lua_settop(L, top);
        return status;
    }
    lua_copy(L, -1, top + 1);
    lua_settop(L, top + 1);
    return STEPWISE_JSON_OK;
}

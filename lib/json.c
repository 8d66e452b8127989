/* json: JSON values, parser and serializer.  See json.h. */
#include <config.h>
#include "json.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"

/* An explicit stack of pointers, used by the iterative tree walks. */
struct json_stack {
    struct json **items;
    size_t n;
    size_t allocated;
};

static void
json_stack_push(struct json_stack *stack, struct json *json)
{
    if (stack->n >= stack->allocated) {
        stack->items = x2nrealloc(stack->items, &stack->allocated,
                                  sizeof *stack->items);
    }
    stack->items[stack->n++] = json;
}

static const char *const type_names[JSON_N_TYPES] = {
    [JSON_NULL] = "null",
    [JSON_FALSE] = "false",
    [JSON_TRUE] = "true",
    [JSON_OBJECT] = "object",
    [JSON_ARRAY] = "array",
    [JSON_INTEGER] = "integer",
    [JSON_REAL] = "real",
    [JSON_STRING] = "string",
};

const char *
json_type_to_string(enum json_type type)
{
    return (unsigned int) type < JSON_N_TYPES ? type_names[type] : "<invalid>";
}

/* Constructors. */

static struct json *
json_create(enum json_type type)
{
    struct json *json = xmalloc(sizeof *json);
    json->type = type;
    json->count = 1;
    return json;
}

struct json *
json_null_create(void)
{
    return json_create(JSON_NULL);
}

struct json *
json_boolean_create(bool value)
{
    return json_create(value ? JSON_TRUE : JSON_FALSE);
}

struct json *
json_string_create_nocopy(char *s)
{
    struct json *json = json_create(JSON_STRING);
    json->string = s;
    return json;
}

struct json *
json_string_create(const char *s)
{
    return json_string_create_nocopy(xstrdup(s));
}

struct json *
json_string_create_format(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *s = xvasprintf(format, args);
    va_end(args);
    return json_string_create_nocopy(s);
}

struct json *
json_integer_create(int64_t value)
{
    struct json *json = json_create(JSON_INTEGER);
    json->integer = value;
    return json;
}

struct json *
json_real_create(double value)
{
    struct json *json = json_create(JSON_REAL);
    json->real = value;
    return json;
}

struct json *
json_array_create(struct json **elems, size_t n)
{
    struct json *json = json_create(JSON_ARRAY);
    json->array.elems = elems;
    json->array.n = n;
    json->array.allocated = n;
    return json;
}

struct json *
json_array_create_empty(void)
{
    return json_array_create(NULL, 0);
}

struct json *
json_array_create_1(struct json *elem0)
{
    struct json **elems = xmalloc(sizeof *elems);
    elems[0] = elem0;
    return json_array_create(elems, 1);
}

struct json *
json_array_create_2(struct json *elem0, struct json *elem1)
{
    struct json **elems = xmalloc(2 * sizeof *elems);
    elems[0] = elem0;
    elems[1] = elem1;
    return json_array_create(elems, 2);
}

struct json *
json_array_create_3(struct json *elem0, struct json *elem1,
                    struct json *elem2)
{
    struct json **elems = xmalloc(3 * sizeof *elems);
    elems[0] = elem0;
    elems[1] = elem1;
    elems[2] = elem2;
    return json_array_create(elems, 3);
}

struct json *
json_object_create(void)
{
    struct json *json = json_create(JSON_OBJECT);
    shash_init(&json->object);
    return json;
}

void
json_array_add(struct json *array, struct json *elem)
{
    sluice_assert(array->type == JSON_ARRAY);
    struct json_array *a = &array->array;
    if (a->n >= a->allocated) {
        a->elems = x2nrealloc(a->elems, &a->allocated, sizeof *a->elems);
    }
    a->elems[a->n++] = elem;
}

void
json_object_put_nocopy(struct json *object, char *name, struct json *value)
{
    sluice_assert(object->type == JSON_OBJECT);
    struct shash_node *node = shash_find(&object->object, name);
    if (node) {
        free(name);
        json_destroy(node->data);
        node->data = value;
    } else {
        shash_add_nocopy(&object->object, name, value);
    }
}

void
json_object_put(struct json *object, const char *name, struct json *value)
{
    json_object_put_nocopy(object, xstrdup(name), value);
}

void
json_object_put_string(struct json *object, const char *name,
                       const char *value)
{
    json_object_put(object, name, json_string_create(value));
}

bool
json_object_delete(struct json *object, const char *name)
{
    sluice_assert(object->type == JSON_OBJECT);
    struct shash_node *node = shash_find(&object->object, name);
    if (!node) {
        return false;
    }
    json_destroy(node->data);
    shash_delete(&object->object, node);
    return true;
}

/* Reference counting. */

struct json *
json_clone(const struct json *json_)
{
    struct json *json = (struct json *) json_;
    if (json) {
        sluice_assert(json->count < UINT_MAX);
        json->count++;
    }
    return json;
}

bool
json_is_shared(const struct json *json)
{
    return json->count > 1;
}

/* Returns a copy of JSON whose elements or members are still to be filled
 * in (by json_deep_clone()). */
static struct json *
json_clone_shallow(const struct json *json)
{
    switch (json->type) {
    case JSON_NULL:
    case JSON_FALSE:
    case JSON_TRUE:
        return json_create(json->type);
    case JSON_OBJECT:
        return json_object_create();
    case JSON_ARRAY: {
        size_t n = json->array.n;
        struct json **elems = n ? xmalloc(n * sizeof *elems) : NULL;
        struct json *copy = json_array_create(elems, n);
        copy->array.n = 0;
        return copy;
    }
    case JSON_INTEGER:
        return json_integer_create(json->integer);
    case JSON_REAL:
        return json_real_create(json->real);
    case JSON_STRING:
        return json_string_create(json->string);
    case JSON_N_TYPES:
    default:
        sluice_abort("json: invalid type %d", (int) json->type);
    }
}

struct json *
json_deep_clone(const struct json *json)
{
    if (!json) {
        return NULL;
    }

    /* Pairs (source, copy) whose children still need copying. */
    struct json_stack stack = { NULL, 0, 0 };
    struct json *root = json_clone_shallow(json);
    json_stack_push(&stack, (struct json *) json);
    json_stack_push(&stack, root);
    while (stack.n) {
        struct json *copy = stack.items[--stack.n];
        const struct json *src = stack.items[--stack.n];
        if (src->type == JSON_ARRAY) {
            for (size_t i = 0; i < src->array.n; i++) {
                const struct json *child = src->array.elems[i];
                struct json *child_copy = json_clone_shallow(child);
                copy->array.elems[copy->array.n++] = child_copy;
                json_stack_push(&stack, (struct json *) child);
                json_stack_push(&stack, child_copy);
            }
        } else if (src->type == JSON_OBJECT) {
            struct shash_node *node;
            SHASH_FOR_EACH (node, &src->object) {
                const struct json *child = node->data;
                struct json *child_copy = json_clone_shallow(child);
                shash_add(&copy->object, node->name, child_copy);
                json_stack_push(&stack, (struct json *) child);
                json_stack_push(&stack, child_copy);
            }
        }
    }
    free(stack.items);
    return root;
}

/* Frees JSON, whose reference count has reached zero, and pushes onto
 * STACK those of its children whose counts reach zero in turn. */
static void
json_free_one(struct json *json, struct json_stack *stack)
{
    switch (json->type) {
    case JSON_OBJECT: {
        struct shash_node *node;
        SHASH_FOR_EACH (node, &json->object) {
            struct json *child = node->data;
            if (!--child->count) {
                json_stack_push(stack, child);
            }
        }
        shash_destroy(&json->object);
        break;
    }
    case JSON_ARRAY:
        for (size_t i = 0; i < json->array.n; i++) {
            struct json *child = json->array.elems[i];
            if (!--child->count) {
                json_stack_push(stack, child);
            }
        }
        free(json->array.elems);
        break;
    case JSON_STRING:
        free(json->string);
        break;
    case JSON_NULL:
    case JSON_FALSE:
    case JSON_TRUE:
    case JSON_INTEGER:
    case JSON_REAL:
    case JSON_N_TYPES:
    default:
        break;
    }
    free(json);
}

void
json_destroy(struct json *json)
{
    if (!json) {
        return;
    }
    sluice_assert(json->count > 0);
    if (--json->count) {
        return;
    }

    struct json_stack stack = { NULL, 0, 0 };
    json_free_one(json, &stack);
    while (stack.n) {
        json_free_one(stack.items[--stack.n], &stack);
    }
    free(stack.items);
}

/* Accessors. */

const char *
json_string(const struct json *json)
{
    sluice_assert(json->type == JSON_STRING);
    return json->string;
}

int64_t
json_integer(const struct json *json)
{
    sluice_assert(json->type == JSON_INTEGER);
    return json->integer;
}

double
json_real(const struct json *json)
{
    sluice_assert(json->type == JSON_REAL || json->type == JSON_INTEGER);
    return json->type == JSON_REAL ? json->real : (double) json->integer;
}

bool
json_boolean(const struct json *json)
{
    sluice_assert(json->type == JSON_TRUE || json->type == JSON_FALSE);
    return json->type == JSON_TRUE;
}

const struct json_array *
json_array(const struct json *json)
{
    sluice_assert(json->type == JSON_ARRAY);
    return &json->array;
}

struct shash *
json_object(const struct json *json)
{
    sluice_assert(json->type == JSON_OBJECT);
    return (struct shash *) &json->object;
}

struct json *
json_object_get(const struct json *object, const char *name)
{
    return shash_find_data(json_object(object), name);
}

/* Comparing and hashing. */

bool
json_equal(const struct json *a, const struct json *b)
{
    /* Pairs still to compare. */
    struct json_stack stack = { NULL, 0, 0 };
    bool equal = true;

    json_stack_push(&stack, (struct json *) a);
    json_stack_push(&stack, (struct json *) b);
    while (equal && stack.n) {
        b = stack.items[--stack.n];
        a = stack.items[--stack.n];
        if (a == b) {
            continue;
        } else if (!a || !b || a->type != b->type) {
            equal = false;
            break;
        }

        switch (a->type) {
        case JSON_NULL:
        case JSON_FALSE:
        case JSON_TRUE:
            break;
        case JSON_INTEGER:
            equal = a->integer == b->integer;
            break;
        case JSON_REAL:
            equal = a->real == b->real;
            break;
        case JSON_STRING:
            equal = !strcmp(a->string, b->string);
            break;
        case JSON_ARRAY:
            if (a->array.n != b->array.n) {
                equal = false;
                break;
            }
            for (size_t i = 0; i < a->array.n; i++) {
                json_stack_push(&stack, a->array.elems[i]);
                json_stack_push(&stack, b->array.elems[i]);
            }
            break;
        case JSON_OBJECT: {
            if (shash_count(&a->object) != shash_count(&b->object)) {
                equal = false;
                break;
            }
            struct shash_node *node;
            SHASH_FOR_EACH (node, &a->object) {
                struct json *other = shash_find_data(&b->object, node->name);
                if (!other) {
                    equal = false;
                    break;
                }
                json_stack_push(&stack, node->data);
                json_stack_push(&stack, other);
            }
            break;
        }
        case JSON_N_TYPES:
        default:
            sluice_abort("json: invalid type %d", (int) a->type);
        }
    }
    free(stack.items);
    return equal;
}

/* A container whose children json_hash() is still hashing. */
struct json_hash_frame {
    const struct json *json;
    size_t i;                   /* Next child to hash. */
    const struct shash_node **nodes;    /* Object members. */
    uint32_t acc;               /* Hash of the children so far. */
};

static uint32_t
json_hash_scalar(const struct json *json, uint32_t basis)
{
    uint32_t hash = hash_int(json->type, basis);
    switch (json->type) {
    case JSON_INTEGER:
        return hash_uint64_basis(json->integer, hash);
    case JSON_REAL: {
        /* 0.0 == -0.0, so both must hash alike. */
        double real = json->real == 0.0 ? 0.0 : json->real;
        uint64_t bits;
        memcpy(&bits, &real, sizeof bits);
        return hash_uint64_basis(bits, hash);
    }
    case JSON_STRING:
        return hash_string(json->string, hash);
    case JSON_NULL:
    case JSON_FALSE:
    case JSON_TRUE:
    case JSON_OBJECT:
    case JSON_ARRAY:
    case JSON_N_TYPES:
    default:
        return hash;
    }
}

static size_t
json_n_children(const struct json *json)
{
    return (json->type == JSON_ARRAY ? json->array.n
            : json->type == JSON_OBJECT ? shash_count(&json->object)
            : 0);
}

/* Collects the members of OBJECT in an array, sorted by name if SORT.
 * The caller frees the array. */
static const struct shash_node **
json_object_nodes(const struct json *object, bool sort)
{
    if (sort) {
        return shash_sort(&object->object);
    }
    size_t n = shash_count(&object->object);
    const struct shash_node **nodes = xmalloc((n ? n : 1) * sizeof *nodes);
    size_t i = 0;
    struct shash_node *node;
    SHASH_FOR_EACH (node, &object->object) {
        nodes[i++] = node;
    }
    return nodes;
}

uint32_t
json_hash(const struct json *json, uint32_t basis)
{
    struct json_hash_frame *frames = NULL;
    size_t n_frames = 0, allocated = 0;
    uint32_t result = 0;

    /* Each iteration either starts on 'json' (when non-null) or continues
     * with the innermost unfinished container. */
    for (;;) {
        if (json) {
            size_t n = json_n_children(json);
            if (!n) {
                result = json_hash_scalar(json, basis);
                json = NULL;
            } else {
                if (n_frames >= allocated) {
                    frames = x2nrealloc(frames, &allocated, sizeof *frames);
                }
                struct json_hash_frame *f = &frames[n_frames++];
                f->json = json;
                f->i = 0;
                f->nodes = (json->type == JSON_OBJECT
                            ? json_object_nodes(json, false) : NULL);
                f->acc = json_hash_scalar(json, basis);
                json = NULL;
                continue;
            }
        }

        if (!n_frames) {
            break;
        }
        struct json_hash_frame *f = &frames[n_frames - 1];
        if (f->i > 0) {
            /* 'result' is the hash of child f->i - 1. */
            if (f->nodes) {
                /* Addition is commutative: member order does not count. */
                f->acc += hash_string(f->nodes[f->i - 1]->name, result);
            } else {
                f->acc = hash_add(f->acc, result);
            }
        }
        size_t n = json_n_children(f->json);
        if (f->i < n) {
            json = (f->nodes
                    ? f->nodes[f->i]->data
                    : f->json->array.elems[f->i]);
            f->i++;
        } else {
            result = hash_finish(f->acc, n);
            free(f->nodes);
            n_frames--;
        }
    }
    free(frames);
    return result;
}

/* Serializing. */

/* Appends the LENGTH bytes of S, a JSON string's contents, to DS quoted and
 * escaped.  Invalid UTF-8 becomes \ufffd. */
static void
json_put_string(const char *s_, size_t length, struct ds *ds)
{
    const uint8_t *s = (const uint8_t *) s_;
    const uint8_t *end = s + length;

    ds_put_char(ds, '"');
    while (s < end) {
        /* Copy a run of plain ASCII at once. */
        const uint8_t *run = s;
        while (s < end && *s >= 0x20 && *s < 0x80 && *s != '"'
               && *s != '\\') {
            s++;
        }
        if (s > run) {
            ds_put_buffer(ds, (const char *) run, s - run);
            if (s >= end) {
                break;
            }
        }

        uint8_t c = *s;
        if (c < 0x80) {
            switch (c) {
            case '"':
                ds_put_cstr(ds, "\\\"");
                break;
            case '\\':
                ds_put_cstr(ds, "\\\\");
                break;
            case '\b':
                ds_put_cstr(ds, "\\b");
                break;
            case '\f':
                ds_put_cstr(ds, "\\f");
                break;
            case '\n':
                ds_put_cstr(ds, "\\n");
                break;
            case '\r':
                ds_put_cstr(ds, "\\r");
                break;
            case '\t':
                ds_put_cstr(ds, "\\t");
                break;
            default:
                ds_put_format(ds, "\\u%04x", c);
                break;
            }
            s++;
            continue;
        }

        /* A multibyte sequence: validate it per RFC 3629. */
        size_t n;
        uint8_t lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            lo = c == 0xe0 ? 0xa0 : 0x80;
            hi = c == 0xed ? 0x9f : 0xbf;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            lo = c == 0xf0 ? 0x90 : 0x80;
            hi = c == 0xf4 ? 0x8f : 0xbf;
        } else {
            n = 0;
        }
        bool valid = n && (size_t) (end - s) >= n;
        for (size_t i = 1; valid && i < n; i++) {
            valid = s[i] >= lo && s[i] <= hi;
            lo = 0x80;
            hi = 0xbf;
        }
        if (valid) {
            ds_put_buffer(ds, (const char *) s, n);
            s += n;
        } else {
            ds_put_cstr(ds, "\\ufffd");
            s++;
        }
    }
    ds_put_char(ds, '"');
}

void
json_string_escape(const char *s, struct ds *ds)
{
    json_put_string(s, strlen(s), ds);
}

/* Appends REAL to DS in the shortest "%.Ng" form that reads back as the
 * same double, with ".0" added if it would otherwise read as an integer.
 * Non-finite values become null. */
static void
json_put_real(double real, struct ds *ds)
{
    if (!isfinite(real)) {
        ds_put_cstr(ds, "null");
        return;
    }

    char buf[64];
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buf, sizeof buf, "%.*g", precision, real);
        if (precision == 17 || strtod(buf, NULL) == real) {
            break;
        }
    }
    ds_put_cstr(ds, buf);
    if (!strpbrk(buf, ".eE")) {
        ds_put_cstr(ds, ".0");
    }
}

static void
json_put_scalar(const struct json *json, struct ds *ds)
{
    switch (json->type) {
    case JSON_NULL:
        ds_put_cstr(ds, "null");
        break;
    case JSON_FALSE:
        ds_put_cstr(ds, "false");
        break;
    case JSON_TRUE:
        ds_put_cstr(ds, "true");
        break;
    case JSON_INTEGER:
        ds_put_format(ds, "%lld", (long long) json->integer);
        break;
    case JSON_REAL:
        json_put_real(json->real, ds);
        break;
    case JSON_STRING:
        json_put_string(json->string, strlen(json->string), ds);
        break;
    case JSON_OBJECT:
    case JSON_ARRAY:
    case JSON_N_TYPES:
    default:
        sluice_abort("json: invalid type %d", (int) json->type);
    }
}

/* A container that json_to_ds() is still writing. */
struct json_put_frame {
    const struct json *json;
    size_t i;                   /* Next child to write. */
    size_t n;                   /* Number of children. */
    const struct shash_node **nodes;    /* Object members, in order. */
};

static void
json_put_newline(size_t depth, struct ds *ds)
{
    ds_put_char(ds, '\n');
    ds_put_char_multiple(ds, ' ', 2 * depth);
}

void
json_to_ds(const struct json *json, int flags, struct ds *ds)
{
    bool pretty = (flags & JSSF_PRETTY) != 0;
    bool sort = (flags & JSSF_SORT) != 0;
    struct json_put_frame *frames = NULL;
    size_t n_frames = 0, allocated = 0;

    for (;;) {
        /* Write 'json', or open it if it is a nonempty container. */
        if (json) {
            size_t n = json_n_children(json);
            if (json->type == JSON_ARRAY || json->type == JSON_OBJECT) {
                bool is_array = json->type == JSON_ARRAY;
                ds_put_char(ds, is_array ? '[' : '{');
                if (!n) {
                    ds_put_char(ds, is_array ? ']' : '}');
                } else {
                    if (n_frames >= allocated) {
                        frames = x2nrealloc(frames, &allocated,
                                            sizeof *frames);
                    }
                    struct json_put_frame *f = &frames[n_frames++];
                    f->json = json;
                    f->i = 0;
                    f->n = n;
                    f->nodes = (is_array ? NULL
                                : json_object_nodes(json, sort));
                }
            } else {
                json_put_scalar(json, ds);
            }
            json = NULL;
        }

        if (!n_frames) {
            break;
        }
        struct json_put_frame *f = &frames[n_frames - 1];
        if (f->i < f->n) {
            if (f->i > 0) {
                ds_put_char(ds, ',');
            }
            if (pretty) {
                json_put_newline(n_frames, ds);
            }
            if (f->nodes) {
                const struct shash_node *node = f->nodes[f->i];
                json_put_string(node->name, strlen(node->name), ds);
                ds_put_cstr(ds, pretty ? ": " : ":");
                json = node->data;
            } else {
                json = f->json->array.elems[f->i];
            }
            f->i++;
        } else {
            if (pretty) {
                json_put_newline(n_frames - 1, ds);
            }
            ds_put_char(ds, f->nodes ? '}' : ']');
            free(f->nodes);
            n_frames--;
        }
    }
    free(frames);
}

char *
json_to_string(const struct json *json, int flags)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    json_to_ds(json, flags, &ds);
    return ds_steal_cstr(&ds);
}

/* Parsing. */

/* What the parser expects next. */
enum json_parse_state {
    JPS_VALUE,                  /* A value. */
    JPS_VALUE_OR_CLOSE,         /* A value or ']' (after '['). */
    JPS_NAME_OR_CLOSE,          /* A member name or '}' (after '{'). */
    JPS_NAME,                   /* A member name (after ',' in an object). */
    JPS_COLON,                  /* ':' after a member name. */
    JPS_COMMA_OR_CLOSE,         /* ',' or the container's closer. */
    JPS_TRAILER,                /* Only white space (JSPF_WHOLE_INPUT). */
    JPS_DONE,                   /* A complete value (stream mode). */
    JPS_ERROR                   /* An error occurred. */
};

/* What the lexer is in the middle of. */
enum json_lex_state {
    JLS_IDLE,                   /* Between tokens. */
    JLS_STRING,                 /* Inside a string. */
    JLS_NUMBER,                 /* Inside a number. */
    JLS_KEYWORD                 /* Inside true, false or null. */
};

/* Where the string lexer is. */
enum json_string_state {
    JSS_NORMAL,                 /* Ordinary characters. */
    JSS_ESCAPE,                 /* After '\'. */
    JSS_HEX,                    /* In the 4 hex digits of \u. */
    JSS_LOW_BACKSLASH,          /* After a high surrogate: expects '\'. */
    JSS_LOW_U                   /* After a high surrogate and '\'. */
};

/* An open array or object. */
struct json_parser_frame {
    struct json *container;
    char *name;                 /* Object: name of the member being read. */
    unsigned long long line;    /* Position of the '[' or '{'. */
    unsigned long long column;
};

struct json_parser {
    int flags;
    enum json_parse_state state;
    enum json_lex_state lex;

    /* Position of the next byte. */
    unsigned long long line;
    unsigned long long column;

    /* Position of the current token's first byte. */
    unsigned long long token_line;
    unsigned long long token_column;

    /* Text of the current token (string contents, number, keyword). */
    struct ds buffer;

    /* String lexer. */
    enum json_string_state string_state;
    unsigned int n_hex;         /* Hex digits of \u seen so far. */
    uint32_t code_point;        /* \u value being accumulated. */
    uint32_t high_surrogate;    /* Pending high surrogate, or 0. */
    unsigned int utf8_left;     /* Continuation bytes still expected. */
    uint8_t utf8_lo, utf8_hi;   /* Range of the next continuation byte. */

    /* Open containers, outermost first. */
    struct json_parser_frame *stack;
    size_t depth;
    size_t allocated;

    struct json *result;        /* The complete top-level value. */
    char *error;                /* Error message, if state is JPS_ERROR. */
};

struct json_parser *
json_parser_create(int flags)
{
    struct json_parser *p = xzalloc(sizeof *p);
    p->flags = flags;
    p->state = JPS_VALUE;
    p->lex = JLS_IDLE;
    p->line = 1;
    p->column = 1;
    ds_init(&p->buffer);
    return p;
}

/* Records an error at LINE and COLUMN.  Only the first error counts. */
static void
json_parser_error_valist(struct json_parser *p, unsigned long long line,
                         unsigned long long column, const char *format,
                         va_list args)
{
    if (p->state == JPS_ERROR) {
        return;
    }

    char *reason = xvasprintf(format, args);
    p->error = xasprintf("line %llu, column %llu: %s", line, column, reason);
    free(reason);
    p->state = JPS_ERROR;
    p->lex = JLS_IDLE;
}

static void json_parser_error(struct json_parser *, const char *format, ...)
    SLUICE_PRINTF_FORMAT(2, 3);
static void json_parser_token_error(struct json_parser *,
                                    const char *format, ...)
    SLUICE_PRINTF_FORMAT(2, 3);

/* Records an error at the position of the next byte. */
static void
json_parser_error(struct json_parser *p, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    json_parser_error_valist(p, p->line, p->column, format, args);
    va_end(args);
}

/* Records an error at the start of the current token. */
static void
json_parser_token_error(struct json_parser *p, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    json_parser_error_valist(p, p->token_line, p->token_column, format,
                             args);
    va_end(args);
}

/* Describes byte C for a message: 'x' for printable ASCII, else its
 * value. */
static const char *
describe_byte(uint8_t c, char buf[16])
{
    if (c > 0x20 && c < 0x7f) {
        snprintf(buf, 16, "'%c'", c);
    } else {
        snprintf(buf, 16, "byte 0x%02x", c);
    }
    return buf;
}

/* Token kinds, for the grammar. */
enum json_token {
    JT_BEGIN_ARRAY = '[',
    JT_END_ARRAY = ']',
    JT_BEGIN_OBJECT = '{',
    JT_END_OBJECT = '}',
    JT_COLON = ':',
    JT_COMMA = ',',
    JT_STRING = 256,
    JT_SCALAR                   /* A number or keyword. */
};

static const char *
json_parser_expected(const struct json_parser *p)
{
    switch (p->state) {
    case JPS_VALUE:
        return "a value";
    case JPS_VALUE_OR_CLOSE:
        return "a value or ']'";
    case JPS_NAME_OR_CLOSE:
        return "a member name (a string) or '}'";
    case JPS_NAME:
        return "a member name (a string)";
    case JPS_COLON:
        return "':'";
    case JPS_COMMA_OR_CLOSE:
        return (p->stack[p->depth - 1].container->type == JSON_ARRAY
                ? "',' or ']'" : "',' or '}'");
    case JPS_TRAILER:
    case JPS_DONE:
    case JPS_ERROR:
    default:
        return "nothing";
    }
}

/* Reports that the current token, described by DESC, is out of place. */
static void
json_parser_unexpected(struct json_parser *p, const char *desc)
{
    json_parser_token_error(p, "syntax error: unexpected %s (expected %s)",
                            desc, json_parser_expected(p));
}

/* Stores VALUE, a complete value, in the innermost open container or as
 * the result. */
static void
json_parser_put_value(struct json_parser *p, struct json *value)
{
    if (!p->depth) {
        p->result = value;
        p->state = (p->flags & JSPF_WHOLE_INPUT ? JPS_TRAILER : JPS_DONE);
        return;
    }

    struct json_parser_frame *f = &p->stack[p->depth - 1];
    if (f->container->type == JSON_ARRAY) {
        json_array_add(f->container, value);
    } else {
        shash_add_nocopy(&f->container->object, f->name, value);
        f->name = NULL;
    }
    p->state = JPS_COMMA_OR_CLOSE;
}

static void
json_parser_push(struct json_parser *p, struct json *container)
{
    if (p->depth >= JSON_MAX_DEPTH) {
        json_destroy(container);
        json_parser_token_error(p, "nesting too deep (the limit is %d "
                                "levels of arrays and objects)",
                                JSON_MAX_DEPTH);
        return;
    }
    if (p->depth >= p->allocated) {
        p->stack = x2nrealloc(p->stack, &p->allocated, sizeof *p->stack);
    }
    struct json_parser_frame *f = &p->stack[p->depth++];
    f->container = container;
    f->name = NULL;
    f->line = p->token_line;
    f->column = p->token_column;
    p->state = (container->type == JSON_ARRAY
                ? JPS_VALUE_OR_CLOSE : JPS_NAME_OR_CLOSE);
}

static void
json_parser_pop(struct json_parser *p)
{
    struct json *container = p->stack[--p->depth].container;
    json_parser_put_value(p, container);
}

/* Handles a complete token.  For JT_STRING, STRING is its contents (which
 * this function takes over); for JT_SCALAR, VALUE is the value. */
static void
json_parser_token(struct json_parser *p, enum json_token token,
                  char *string, struct json *value)
{
    enum json_parse_state state = p->state;
    bool in_array = (p->depth
                     && p->stack[p->depth - 1].container->type == JSON_ARRAY);

    if (state == JPS_NAME_OR_CLOSE || state == JPS_NAME) {
        if (token == JT_STRING) {
            struct json_parser_frame *f = &p->stack[p->depth - 1];
            if (shash_find(&f->container->object, string)) {
                struct ds msg = DS_EMPTY_INITIALIZER;
                ds_put_cstr(&msg, "duplicate member name ");
                json_string_escape(string, &msg);
                json_parser_token_error(p, "%s", ds_cstr(&msg));
                ds_destroy(&msg);
                free(string);
                return;
            }
            f->name = string;
            p->state = JPS_COLON;
            return;
        } else if (token == JT_END_OBJECT && state == JPS_NAME_OR_CLOSE) {
            json_parser_pop(p);
            return;
        }
    } else if (state == JPS_COLON) {
        if (token == JT_COLON) {
            p->state = JPS_VALUE;
            return;
        }
    } else if (state == JPS_COMMA_OR_CLOSE) {
        if (token == JT_COMMA) {
            p->state = in_array ? JPS_VALUE : JPS_NAME;
            return;
        } else if (token == (in_array ? JT_END_ARRAY : JT_END_OBJECT)) {
            json_parser_pop(p);
            return;
        }
    } else if (state == JPS_VALUE || state == JPS_VALUE_OR_CLOSE) {
        switch (token) {
        case JT_STRING:
            json_parser_put_value(p, json_string_create_nocopy(string));
            return;
        case JT_SCALAR:
            json_parser_put_value(p, value);
            return;
        case JT_BEGIN_ARRAY:
            json_parser_push(p, json_array_create_empty());
            return;
        case JT_BEGIN_OBJECT:
            json_parser_push(p, json_object_create());
            return;
        case JT_END_ARRAY:
            if (state == JPS_VALUE_OR_CLOSE) {
                json_parser_pop(p);
                return;
            }
            break;
        case JT_END_OBJECT:
        case JT_COLON:
        case JT_COMMA:
        default:
            break;
        }
    }

    /* The token is out of place. */
    char desc[16];
    if (token == JT_STRING) {
        json_parser_unexpected(p, "string");
    } else if (token == JT_SCALAR) {
        json_parser_unexpected(p, (value->type == JSON_INTEGER
                                   || value->type == JSON_REAL
                                   ? "number"
                                   : json_type_to_string(value->type)));
    } else {
        json_parser_unexpected(p, describe_byte(token, desc));
    }
    free(string);
    json_destroy(value);
}

/* Returns true if C may appear in a number token. */
static bool
is_number_byte(uint8_t c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'
            || c == 'e' || c == 'E';
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reports an invalid number token, quoting (the start of) its text. */
static void
json_parser_number_error(struct json_parser *p, const char *reason)
{
    const char *text = ds_cstr(&p->buffer);
    int length = p->buffer.length > 40 ? 40 : (int) p->buffer.length;
    json_parser_token_error(p, "invalid number '%.*s%s': %s", length, text,
                            p->buffer.length > 40 ? "..." : "", reason);
}

/* Completes the number token in the buffer. */
static void
json_parser_number_done(struct json_parser *p)
{
    const char *s = ds_cstr(&p->buffer);
    size_t length = p->buffer.length;
    size_t i = 0;
    bool negative = false;

    p->lex = JLS_IDLE;

    /* Check the grammar of RFC 8259 section 6. */
    if (s[i] == '-') {
        negative = true;
        i++;
    }
    if (s[i] == '0') {
        i++;
        if (is_digit(s[i])) {
            json_parser_number_error(p, "leading zeros are not allowed");
            return;
        }
    } else if (is_digit(s[i])) {
        while (is_digit(s[i])) {
            i++;
        }
    } else {
        json_parser_number_error(p, "a digit must follow '-'");
        return;
    }
    size_t int_end = i;
    if (s[i] == '.') {
        i++;
        if (!is_digit(s[i])) {
            json_parser_number_error(p, "a digit must follow '.'");
            return;
        }
        while (is_digit(s[i])) {
            i++;
        }
    }
    if (s[i] == 'e' || s[i] == 'E') {
        i++;
        if (s[i] == '+' || s[i] == '-') {
            i++;
        }
        if (!is_digit(s[i])) {
            json_parser_number_error(p, "the exponent has no digits");
            return;
        }
        while (is_digit(s[i])) {
            i++;
        }
    }
    if (i != length) {
        json_parser_number_error(p, "unexpected characters");
        return;
    }

    if (int_end == length) {
        /* An integer literal: exact if it fits int64_t. */
        uint64_t magnitude = 0;
        uint64_t limit = negative ? (uint64_t) INT64_MAX + 1 : INT64_MAX;
        bool fits = true;
        for (i = negative; i < length; i++) {
            unsigned int digit = s[i] - '0';
            if (magnitude > (limit - digit) / 10) {
                fits = false;
                break;
            }
            magnitude = magnitude * 10 + digit;
        }
        if (fits) {
            int64_t value = (negative
                             ? (int64_t) (0 - magnitude)
                             : (int64_t) magnitude);
            json_parser_token(p, JT_SCALAR, NULL,
                              json_integer_create(value));
            return;
        }
    }

    double real = strtod(s, NULL);
    if (!isfinite(real)) {
        json_parser_number_error(p, "out of range");
        return;
    }
    json_parser_token(p, JT_SCALAR, NULL, json_real_create(real));
}

/* Keywords: true, false, null. */
static const char *
keyword_for(uint8_t first)
{
    return (first == 't' ? "true"
            : first == 'f' ? "false"
            : first == 'n' ? "null"
            : NULL);
}

/* Adds byte C to the keyword being lexed. */
static void
json_parser_keyword_byte(struct json_parser *p, uint8_t c)
{
    const char *keyword = keyword_for(p->buffer.string[0]);
    size_t length = p->buffer.length;
    if (c != (uint8_t) keyword[length]) {
        char buf[16];
        json_parser_error(p, "invalid literal: expected '%s' but found %s "
                          "after '%.*s'", keyword, describe_byte(c, buf),
                          (int) length, keyword);
        return;
    }
    ds_put_char(&p->buffer, c);
    if (!keyword[length + 1]) {
        p->lex = JLS_IDLE;
        json_parser_token(p, JT_SCALAR, NULL,
                          json_create(keyword[0] == 't' ? JSON_TRUE
                                      : keyword[0] == 'f' ? JSON_FALSE
                                      : JSON_NULL));
    }
}

/* Handles code point CP from a \u escape. */
static void
json_parser_escaped_code_point(struct json_parser *p, uint32_t cp)
{
    if (p->high_surrogate) {
        uint32_t high = p->high_surrogate;
        p->high_surrogate = 0;
        if (cp < 0xdc00 || cp > 0xdfff) {
            json_parser_error(p, "unpaired high surrogate \\u%04X in string "
                              "(\\u%04X follows it)", (unsigned int) high,
                              (unsigned int) cp);
            return;
        }
        cp = 0x10000 + ((high - 0xd800) << 10) + (cp - 0xdc00);
    } else if (cp >= 0xd800 && cp <= 0xdbff) {
        p->high_surrogate = cp;
        p->string_state = JSS_LOW_BACKSLASH;
        return;
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        json_parser_error(p, "unpaired low surrogate \\u%04X in string",
                          (unsigned int) cp);
        return;
    } else if (!cp) {
        json_parser_error(p, "\\u0000 is not supported in strings");
        return;
    }
    ds_put_utf8(&p->buffer, cp);
    p->string_state = JSS_NORMAL;
}

/* Lexes string bytes from the N bytes at S.  Returns the number consumed;
 * stops after the closing quote or at an error. */
static size_t
json_parser_lex_string(struct json_parser *p, const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n && p->state != JPS_ERROR) {
        uint8_t c = s[i];

        if (p->utf8_left) {
            if (c < p->utf8_lo || c > p->utf8_hi) {
                char buf[16];
                json_parser_error(p, "invalid UTF-8 in string: %s is not a "
                                  "valid continuation byte here",
                                  describe_byte(c, buf));
                break;
            }
            ds_put_char(&p->buffer, c);
            p->utf8_left--;
            p->utf8_lo = 0x80;
            p->utf8_hi = 0xbf;
            p->column++;
            i++;
            continue;
        }

        switch (p->string_state) {
        case JSS_NORMAL: {
            /* Copy a run of plain ASCII at once. */
            size_t start = i;
            while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"'
                   && s[i] != '\\') {
                i++;
            }
            if (i > start) {
                ds_put_buffer(&p->buffer, (const char *) &s[start],
                              i - start);
                p->column += i - start;
                continue;
            }

            if (c == '"') {
                p->column++;
                p->lex = JLS_IDLE;
                json_parser_token(p, JT_STRING,
                                  ds_steal_cstr(&p->buffer), NULL);
                return i + 1;
            } else if (c == '\\') {
                p->string_state = JSS_ESCAPE;
            } else if (c < 0x20) {
                json_parser_error(p, "control character 0x%02x in string "
                                  "(it must be escaped)", c);
                break;
            } else if (c >= 0xc2 && c <= 0xdf) {
                p->utf8_left = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                p->utf8_left = 2;
                p->utf8_lo = c == 0xe0 ? 0xa0 : 0x80;
                p->utf8_hi = c == 0xed ? 0x9f : 0xbf;
            } else if (c >= 0xf0 && c <= 0xf4) {
                p->utf8_left = 3;
                p->utf8_lo = c == 0xf0 ? 0x90 : 0x80;
                p->utf8_hi = c == 0xf4 ? 0x8f : 0xbf;
            } else {
                json_parser_error(p, "invalid UTF-8 in string: byte 0x%02x "
                                  "cannot start a character", c);
                break;
            }
            if (c >= 0x80) {
                ds_put_char(&p->buffer, c);
            }
            break;
        }

        case JSS_ESCAPE: {
            char out = 0;
            switch (c) {
            case '"':
            case '\\':
            case '/':
                out = c;
                break;
            case 'b':
                out = '\b';
                break;
            case 'f':
                out = '\f';
                break;
            case 'n':
                out = '\n';
                break;
            case 'r':
                out = '\r';
                break;
            case 't':
                out = '\t';
                break;
            case 'u':
                p->string_state = JSS_HEX;
                p->n_hex = 0;
                p->code_point = 0;
                break;
            default: {
                char buf[16];
                json_parser_error(p, "invalid escape in string: '\\' "
                                  "followed by %s", describe_byte(c, buf));
                break;
            }
            }
            if (out) {
                ds_put_char(&p->buffer, out);
                p->string_state = JSS_NORMAL;
            }
            break;
        }

        case JSS_HEX: {
            unsigned int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            } else {
                char buf[16];
                json_parser_error(p, "invalid \\u escape in string: %s is "
                                  "not a hex digit", describe_byte(c, buf));
                break;
            }
            p->code_point = (p->code_point << 4) | digit;
            if (++p->n_hex == 4) {
                json_parser_escaped_code_point(p, p->code_point);
            }
            break;
        }

        case JSS_LOW_BACKSLASH:
        case JSS_LOW_U:
            if (c == (p->string_state == JSS_LOW_BACKSLASH ? '\\' : 'u')) {
                p->string_state = (p->string_state == JSS_LOW_BACKSLASH
                                   ? JSS_LOW_U : JSS_HEX);
                p->n_hex = 0;
                p->code_point = 0;
            } else {
                json_parser_error(p, "unpaired high surrogate \\u%04X in "
                                  "string", (unsigned int) p->high_surrogate);
            }
            break;

        default:
            sluice_abort("json: bad string state %d", (int) p->string_state);
        }

        if (p->state == JPS_ERROR) {
            break;
        }
        p->column++;
        i++;
    }
    return i;
}

static bool
json_parser_stopped(const struct json_parser *p)
{
    return p->state == JPS_DONE || p->state == JPS_ERROR;
}

size_t
json_parser_feed(struct json_parser *p, const void *data, size_t n)
{
    const uint8_t *s = data;
    size_t i = 0;

    while (i < n && !json_parser_stopped(p)) {
        if (p->lex == JLS_STRING) {
            i += json_parser_lex_string(p, &s[i], n - i);
            continue;
        }

        uint8_t c = s[i];
        if (p->lex == JLS_NUMBER) {
            if (is_number_byte(c)) {
                ds_put_char(&p->buffer, c);
                p->column++;
                i++;
            } else {
                /* C ends the number; look at it again as a new token. */
                json_parser_number_done(p);
            }
            continue;
        } else if (p->lex == JLS_KEYWORD) {
            json_parser_keyword_byte(p, c);
            if (p->state != JPS_ERROR) {
                p->column++;
                i++;
            }
            continue;
        }

        /* Between tokens. */
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (c == '\n') {
                p->line++;
                p->column = 1;
            } else {
                p->column++;
            }
            i++;
            continue;
        }

        p->token_line = p->line;
        p->token_column = p->column;
        if (p->state == JPS_TRAILER) {
            char buf[16];
            json_parser_error(p, "unexpected %s after the end of the value",
                              describe_byte(c, buf));
            break;
        }
        ds_clear(&p->buffer);
        switch (c) {
        case '"':
            p->lex = JLS_STRING;
            p->string_state = JSS_NORMAL;
            p->high_surrogate = 0;
            p->utf8_left = 0;
            p->utf8_lo = 0x80;
            p->utf8_hi = 0xbf;
            break;
        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            p->lex = JLS_NUMBER;
            ds_put_char(&p->buffer, c);
            break;
        case 't':
        case 'f':
        case 'n':
            p->lex = JLS_KEYWORD;
            ds_put_char(&p->buffer, c);
            break;
        case '[':
        case ']':
        case '{':
        case '}':
        case ':':
        case ',':
            json_parser_token(p, c, NULL, NULL);
            break;
        default: {
            char buf[16];
            json_parser_unexpected(p, describe_byte(c, buf));
            break;
        }
        }
        if (p->state == JPS_ERROR) {
            break;
        }
        p->column++;
        i++;
    }
    return i;
}

bool
json_parser_is_done(const struct json_parser *p)
{
    return json_parser_stopped(p);
}

bool
json_parser_is_idle(const struct json_parser *p)
{
    return (p->state == JPS_VALUE && !p->depth && p->lex == JLS_IDLE);
}

/* Frees everything P holds, except P itself. */
static void
json_parser_clear(struct json_parser *p)
{
    for (size_t i = 0; i < p->depth; i++) {
        json_destroy(p->stack[i].container);
        free(p->stack[i].name);
    }
    free(p->stack);
    p->stack = NULL;
    p->depth = 0;
    json_destroy(p->result);
    p->result = NULL;
    ds_destroy(&p->buffer);
    free(p->error);
    p->error = NULL;
}

char *
json_parser_finish(struct json_parser *p, struct json **jsonp)
{
    if (p->state != JPS_ERROR) {
        switch (p->lex) {
        case JLS_NUMBER:
            json_parser_number_done(p);
            break;
        case JLS_STRING:
            json_parser_error(p, "unexpected end of input inside a string "
                              "(started at line %llu, column %llu)",
                              p->token_line, p->token_column);
            break;
        case JLS_KEYWORD:
            json_parser_error(p, "unexpected end of input: invalid literal "
                              "'%s'", ds_cstr(&p->buffer));
            break;
        case JLS_IDLE:
        default:
            break;
        }
    }
    if (p->state != JPS_ERROR && !p->result) {
        if (p->depth) {
            const struct json_parser_frame *f = &p->stack[p->depth - 1];
            bool is_array = f->container->type == JSON_ARRAY;
            json_parser_error(p, "unexpected end of input: the %s opened "
                              "with '%c' at line %llu, column %llu is not "
                              "closed", is_array ? "array" : "object",
                              is_array ? '[' : '{', f->line, f->column);
        } else {
            json_parser_error(p, "unexpected end of input: no value");
        }
    }

    char *error = NULL;
    if (p->state == JPS_ERROR) {
        error = p->error;
        p->error = NULL;
        *jsonp = NULL;
    } else {
        *jsonp = p->result;
        p->result = NULL;
    }
    json_parser_clear(p);
    free(p);
    return error;
}

void
json_parser_abort(struct json_parser *p)
{
    if (p) {
        json_parser_clear(p);
        free(p);
    }
}

char *
json_from_buffer(const void *data, size_t size, struct json **jsonp)
{
    struct json_parser *p = json_parser_create(JSPF_WHOLE_INPUT);
    json_parser_feed(p, data, size);
    return json_parser_finish(p, jsonp);
}

char *
json_from_string(const char *s, struct json **jsonp)
{
    return json_from_buffer(s, strlen(s), jsonp);
}

char *
json_from_file(const char *file_name, struct json **jsonp)
{
    *jsonp = NULL;

    FILE *stream = fopen(file_name, "rb");
    if (!stream) {
        return xasprintf("%s: could not open: %s", file_name,
                         sluice_strerror(errno));
    }

    struct json_parser *p = json_parser_create(JSPF_WHOLE_INPUT);
    char *error = NULL;
    enum { BUF_SIZE = 65536 };
    char *buf = xmalloc(BUF_SIZE);
    while (!json_parser_is_done(p)) {
        size_t n = fread(buf, 1, BUF_SIZE, stream);
        if (n) {
            json_parser_feed(p, buf, n);
        }
        if (n < BUF_SIZE) {
            if (ferror(stream)) {
                error = xasprintf("%s: read error: %s", file_name,
                                  sluice_strerror(errno));
            }
            break;
        }
    }
    fclose(stream);
    free(buf);

    if (error) {
        json_parser_abort(p);
        return error;
    }

    char *parse_error = json_parser_finish(p, jsonp);
    if (parse_error) {
        error = xasprintf("%s: %s", file_name, parse_error);
        free(parse_error);
    }
    return error;
}

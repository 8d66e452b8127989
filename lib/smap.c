/* smap: string-to-string map.  See smap.h. */
#include <config.h>
#include "smap.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"

static size_t
smap_hash(const char *key, size_t length)
{
    return hash_bytes(key, length, 0);
}

void
smap_init(struct smap *smap)
{
    hmap_init(&smap->map);
}

void
smap_destroy(struct smap *smap)
{
    if (smap) {
        smap_clear(smap);
        hmap_destroy(&smap->map);
    }
}

static void
smap_node_free(struct smap_node *node)
{
    free(node->key);
    free(node->value);
    free(node);
}

void
smap_clear(struct smap *smap)
{
    struct smap_node *node;

    HMAP_FOR_EACH_POP (node, node, &smap->map) {
        smap_node_free(node);
    }
}

void
smap_clone(struct smap *dst, const struct smap *src)
{
    const struct smap_node *node;

    smap_init(dst);
    hmap_reserve(&dst->map, smap_count(src));
    SMAP_FOR_EACH (node, src) {
        smap_add(dst, node->key, node->value);
    }
}

void
smap_swap(struct smap *a, struct smap *b)
{
    hmap_swap(&a->map, &b->map);
}

static struct smap_node *
smap_find__(const struct smap *smap, const char *key, size_t length,
            size_t hash)
{
    struct smap_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, node, hash, &smap->map) {
        if (!strncmp(node->key, key, length) && !node->key[length]) {
            return node;
        }
    }
    return NULL;
}

struct smap_node *
smap_add_nocopy(struct smap *smap, char *key, char *value)
{
    size_t length = strlen(key);
    size_t hash = smap_hash(key, length);

    if (smap_find__(smap, key, length, hash)) {
        sluice_abort("smap: key \"%s\" added twice", key);
    }

    struct smap_node *node = xmalloc(sizeof *node);
    node->key = key;
    node->value = value;
    hmap_insert(&smap->map, &node->node, hash);
    return node;
}

struct smap_node *
smap_add(struct smap *smap, const char *key, const char *value)
{
    return smap_add_nocopy(smap, xstrdup(key), xstrdup(value));
}

struct smap_node *
smap_add_format(struct smap *smap, const char *key, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    char *value = xvasprintf(format, args);
    va_end(args);

    return smap_add_nocopy(smap, xstrdup(key), value);
}

bool
smap_add_once(struct smap *smap, const char *key, const char *value)
{
    if (smap_get_node(smap, key)) {
        return false;
    }
    smap_add(smap, key, value);
    return true;
}

void
smap_replace(struct smap *smap, const char *key, const char *value)
{
    struct smap_node *node = smap_get_node(smap, key);

    if (node) {
        char *old = node->value;
        node->value = xstrdup(value);
        free(old);
    } else {
        smap_add(smap, key, value);
    }
}

bool
smap_remove(struct smap *smap, const char *key)
{
    struct smap_node *node = smap_get_node(smap, key);

    if (node) {
        smap_remove_node(smap, node);
        return true;
    }
    return false;
}

void
smap_remove_node(struct smap *smap, struct smap_node *node)
{
    hmap_remove(&smap->map, &node->node);
    smap_node_free(node);
}

struct smap_node *
smap_get_node(const struct smap *smap, const char *key)
{
    size_t length = strlen(key);

    return smap_find__(smap, key, length, smap_hash(key, length));
}

const char *
smap_get(const struct smap *smap, const char *key)
{
    const struct smap_node *node = smap_get_node(smap, key);

    return node ? node->value : NULL;
}

const char *
smap_get_def(const struct smap *smap, const char *key, const char *def)
{
    const char *value = smap_get(smap, key);

    return value ? value : def;
}

int
smap_get_int(const struct smap *smap, const char *key, int def)
{
    const char *value = smap_get(smap, key);
    int x;

    return value && str_to_int(value, 10, &x) ? x : def;
}

unsigned int
smap_get_uint(const struct smap *smap, const char *key, unsigned int def)
{
    const char *value = smap_get(smap, key);
    unsigned long long x;

    return (value && str_to_ullong(value, 10, &x) && x <= UINT_MAX
            ? x : def);
}

unsigned long long
smap_get_ullong(const struct smap *smap, const char *key,
                unsigned long long def)
{
    const char *value = smap_get(smap, key);
    unsigned long long x;

    return value && str_to_ullong(value, 10, &x) ? x : def;
}

bool
smap_get_bool(const struct smap *smap, const char *key, bool def)
{
    const char *value = smap_get(smap, key);

    if (value && !strcmp(value, "true")) {
        return true;
    } else if (value && !strcmp(value, "false")) {
        return false;
    }
    return def;
}

size_t
smap_count(const struct smap *smap)
{
    return hmap_count(&smap->map);
}

bool
smap_is_empty(const struct smap *smap)
{
    return hmap_is_empty(&smap->map);
}

bool
smap_equal(const struct smap *a, const struct smap *b)
{
    const struct smap_node *node;

    if (smap_count(a) != smap_count(b)) {
        return false;
    }
    SMAP_FOR_EACH (node, a) {
        const char *value = smap_get(b, node->key);
        if (!value || strcmp(value, node->value)) {
            return false;
        }
    }
    return true;
}

static int
compare_nodes_by_key(const void *a_, const void *b_)
{
    const struct smap_node *const *a = a_;
    const struct smap_node *const *b = b_;

    return strcmp((*a)->key, (*b)->key);
}

const struct smap_node **
smap_sort(const struct smap *smap)
{
    size_t n = smap_count(smap);
    const struct smap_node **nodes = xmalloc((n ? n : 1) * sizeof *nodes);
    const struct smap_node *node;
    size_t i = 0;

    SMAP_FOR_EACH (node, smap) {
        nodes[i++] = node;
    }
    qsort(nodes, n, sizeof *nodes, compare_nodes_by_key);
    return nodes;
}

/* Text form. */

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
           || c == '\v';
}

static const char *
skip_spaces(const char *p)
{
    while (is_space(*p)) {
        p++;
    }
    return p;
}

/* Parses one key or value starting at *PP (after whitespace): a quoted
 * string, or the run of characters up to one of STOPS or the end, without
 * trailing whitespace.  An unquoted key may not hold '"'.  Stores the
 * token in *TOKENP and returns NULL and advances *PP past it and the
 * whitespace after it, or returns an error message.  WHAT is "key" or
 * "value". */
static char *
parse_token(const char **pp, const char *stops, const char *what,
            char **tokenp)
{
    const char *p = skip_spaces(*pp);
    struct ds token = DS_EMPTY_INITIALIZER;

    *tokenp = NULL;
    if (*p == '"') {
        const char *start = p;
        for (p++; *p != '"'; p++) {
            if (*p == '\0') {
                ds_destroy(&token);
                return xasprintf("unterminated quoted %s starting at %.20s",
                                 what, start);
            } else if (*p == '\\') {
                p++;
                if (*p != '"' && *p != '\\') {
                    ds_destroy(&token);
                    return (*p
                            ? xasprintf("invalid escape \\%c in quoted %s "
                                        "(only \\\" and \\\\ are allowed)",
                                        *p, what)
                            : xasprintf("unterminated quoted %s starting "
                                        "at %.20s", what, start));
                }
            }
            ds_put_char(&token, *p);
        }
        p = skip_spaces(p + 1);
        if (*p && !strchr(stops, *p)) {
            char *error = xasprintf("unexpected character '%c' after "
                                    "quoted %s \"%s\"", *p, what,
                                    ds_cstr(&token));
            ds_destroy(&token);
            return error;
        }
    } else {
        const char *start = p;
        while (*p && !strchr(stops, *p)) {
            if (*p == '"') {
                ds_destroy(&token);
                return xasprintf("unexpected '\"' in %s \"%.*s\" (quote "
                                 "the whole %s)", what, (int) (p - start),
                                 start, what);
            }
            p++;
        }
        const char *end = p;
        while (end > start && is_space(end[-1])) {
            end--;
        }
        ds_put_buffer(&token, start, end - start);
    }

    *pp = p;
    *tokenp = ds_steal_cstr(&token);
    if (!*tokenp) {
        *tokenp = xstrdup("");
    }
    return NULL;
}

int
smap_from_string(struct smap *smap, const char *s, char **errp)
{
    struct smap parsed = SMAP_INITIALIZER(&parsed);
    const char *p = skip_spaces(s);
    char *error = NULL;

    while (*p && !error) {
        char *key, *value;

        if (*p == ',') {
            error = xstrdup(smap_is_empty(&parsed)
                            ? "missing key before ','"
                            : "missing key after ','");
            break;
        }
        error = parse_token(&p, "=,", "key", &key);
        if (error) {
            break;
        }
        if (*p != '=') {
            error = xasprintf("missing '=' after key \"%s\"", key);
            free(key);
            break;
        }
        if (!key[0]) {
            error = xstrdup("empty key before '='");
            free(key);
            break;
        }
        p++;

        error = parse_token(&p, ",", "value", &value);
        if (error) {
            free(key);
            break;
        }
        if (smap_get_node(&parsed, key) || smap_get_node(smap, key)) {
            error = xasprintf("duplicate key \"%s\"", key);
            free(key);
            free(value);
            break;
        }
        smap_add_nocopy(&parsed, key, value);

        if (*p == ',') {
            p = skip_spaces(p + 1);
            if (!*p) {
                error = xstrdup("missing key after ','");
            }
        }
    }

    if (error) {
        smap_destroy(&parsed);
        if (errp) {
            *errp = error;
        } else {
            free(error);
        }
        return EINVAL;
    }

    struct smap_node *node;
    SMAP_FOR_EACH_SAFE (node, &parsed) {
        hmap_remove(&parsed.map, &node->node);
        smap_add_nocopy(smap, node->key, node->value);
        free(node);
    }
    smap_destroy(&parsed);
    if (errp) {
        *errp = NULL;
    }
    return 0;
}

/* Returns true if S must be quoted to be read back by smap_from_string(). */
static bool
needs_quotes(const char *s)
{
    return (!s[0] || is_space(s[0]) || is_space(s[strlen(s) - 1])
            || strpbrk(s, ",=\"\\"));
}

static void
put_token(struct ds *ds, const char *s)
{
    if (!needs_quotes(s)) {
        ds_put_cstr(ds, s);
        return;
    }
    ds_put_char(ds, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            ds_put_char(ds, '\\');
        }
        ds_put_char(ds, *s);
    }
    ds_put_char(ds, '"');
}

void
smap_format(const struct smap *smap, struct ds *ds)
{
    const struct smap_node **nodes = smap_sort(smap);
    size_t n = smap_count(smap);

    for (size_t i = 0; i < n; i++) {
        if (i) {
            ds_put_char(ds, ',');
        }
        put_token(ds, nodes[i]->key);
        ds_put_char(ds, '=');
        put_token(ds, nodes[i]->value);
    }
    free(nodes);
}

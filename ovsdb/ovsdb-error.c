/* ovsdb-error: OVSDB error objects.  See ovsdb-error.h. */
#include <config.h>
#include "ovsdb-error.h"

#include <string.h>
#include "dynamic-string.h"
#include "json.h"
#include "util.h"

struct ovsdb_error {
    char *tag;                  /* "syntax error" and so on. */
    char *details;              /* Human-readable explanation. */
    char *syntax;               /* JSON text that was wrong, or null. */
};

/* Longest piece of JSON text that ovsdb_error_to_string() shows, in
 * bytes, so that an error about a whole schema stays one readable line. */
#define SYNTAX_EXCERPT_MAX 80

struct ovsdb_error *
ovsdb_error_create_valist(const char *tag, const char *format, va_list args)
{
    sluice_assert(tag != NULL);

    struct ovsdb_error *error = xmalloc(sizeof *error);
    error->tag = xstrdup(tag);
    error->details = xvasprintf(format, args);
    error->syntax = NULL;
    return error;
}

struct ovsdb_error *
ovsdb_error_create(const char *tag, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    struct ovsdb_error *error = ovsdb_error_create_valist(tag, format, args);
    va_end(args);
    return error;
}

struct ovsdb_error *
ovsdb_syntax_error(const struct json *json, const char *tag,
                   const char *format, ...)
{
    va_list args;

    va_start(args, format);
    struct ovsdb_error *error
        = ovsdb_error_create_valist(tag ? tag : "syntax error", format, args);
    va_end(args);

    if (json) {
        error->syntax = json_to_string(json, JSSF_SORT);
    }
    return error;
}

struct ovsdb_error *
ovsdb_error_wrap(struct ovsdb_error *error, const char *format, ...)
{
    if (!error) {
        return NULL;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    va_list args;

    va_start(args, format);
    ds_put_format_valist(&ds, format, args);
    va_end(args);

    ds_put_format(&ds, ": %s", error->details);
    free(error->details);
    error->details = ds_steal_cstr(&ds);
    return error;
}

struct ovsdb_error *
ovsdb_error_check_members(const struct json *object,
                          const char *const *allowed, const char *what)
{
    const struct shash_node **nodes = shash_sort(json_object(object));
    size_t n = shash_count(json_object(object));
    struct ovsdb_error *error = NULL;

    for (size_t i = 0; i < n && !error; i++) {
        const char *name = nodes[i]->name;
        bool found = false;

        for (size_t j = 0; allowed[j] && !found; j++) {
            found = !strcmp(name, allowed[j]);
        }
        if (!found) {
            error = ovsdb_syntax_error(object, NULL,
                                       "unexpected member \"%s\" in %s",
                                       name, what);
        }
    }
    free(nodes);
    return error;
}

struct ovsdb_error *
ovsdb_error_clone(const struct ovsdb_error *old)
{
    if (!old) {
        return NULL;
    }

    struct ovsdb_error *error = xmalloc(sizeof *error);
    error->tag = xstrdup(old->tag);
    error->details = xstrdup(old->details);
    error->syntax = old->syntax ? xstrdup(old->syntax) : NULL;
    return error;
}

void
ovsdb_error_destroy(struct ovsdb_error *error)
{
    if (error) {
        free(error->tag);
        free(error->details);
        free(error->syntax);
        free(error);
    }
}

const char *
ovsdb_error_get_tag(const struct ovsdb_error *error)
{
    return error->tag;
}

const char *
ovsdb_error_get_details(const struct ovsdb_error *error)
{
    return error->details;
}

const char *
ovsdb_error_get_syntax(const struct ovsdb_error *error)
{
    return error->syntax;
}

struct json *
ovsdb_error_to_json(const struct ovsdb_error *error)
{
    struct json *json = json_object_create();
    json_object_put_string(json, "error", error->tag);
    json_object_put_string(json, "details", error->details);
    if (error->syntax) {
        json_object_put_string(json, "syntax", error->syntax);
    }
    return json;
}

char *
ovsdb_error_to_string(const struct ovsdb_error *error)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ds_put_format(&ds, "%s: %s", error->tag, error->details);
    if (error->syntax) {
        size_t length = strlen(error->syntax);
        if (length <= SYNTAX_EXCERPT_MAX) {
            ds_put_format(&ds, " (in JSON %s)", error->syntax);
        } else {
            /* Back up to the start of a character, so that the excerpt
             * does not end in the middle of a UTF-8 sequence. */
            length = SYNTAX_EXCERPT_MAX;
            while (length > 0
                   && (error->syntax[length] & 0xc0) == 0x80) {
                length--;
            }
            ds_put_cstr(&ds, " (in JSON ");
            ds_put_buffer(&ds, error->syntax, length);
            ds_put_cstr(&ds, "...)");
        }
    }
    return ds_steal_cstr(&ds);
}

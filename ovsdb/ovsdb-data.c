/* ovsdb-data: OVSDB atoms and datums.  See ovsdb-data.h. */
#include <config.h>
#include "ovsdb-data.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"
#include "json.h"
#include "ovsdb-error.h"
#include "util.h"
#include "uuid.h"

BUILD_ASSERT_DECL(sizeof(long long) == sizeof(int64_t));

/* Character classes of the text syntax, in ASCII whatever the locale. */
static bool
is_ascii_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_ascii_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool
is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r'
        || c == '\f' || c == '\v';
}

/* Returns the number of characters in S if S is valid UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), otherwise
 * SIZE_MAX. */
static size_t
utf8_length(const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t n = 0;

    while (*p) {
        unsigned int c = *p;
        unsigned int length;
        uint32_t code, min;

        if (c < 0x80) {
            p++;
            n++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            length = 2;
            code = c & 0x1f;
            min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            length = 3;
            code = c & 0x0f;
            min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            length = 4;
            code = c & 0x07;
            min = 0x10000;
        } else {
            return SIZE_MAX;
        }

        /* A null terminator is not a continuation byte, so this never
         * reads past the end of S. */
        for (unsigned int i = 1; i < length; i++) {
            if ((p[i] & 0xc0) != 0x80) {
                return SIZE_MAX;
            }
            code = (code << 6) | (p[i] & 0x3f);
        }
        if (code < min || code > 0x10ffff
            || (code >= 0xd800 && code <= 0xdfff)) {
            return SIZE_MAX;
        }
        p += length;
        n++;
    }
    return n;
}

/* Appends REAL to OUT the way the JSON printer writes it: the fewest
 * digits that read back as the same number, always with a '.' or an
 * exponent. */
static void
put_real(double real, struct ds *out)
{
    struct json *json = json_real_create(real);
    json_to_ds(json, 0, out);
    json_destroy(json);
}

/* Atoms. */

void
ovsdb_atom_init_default(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        atom->integer = 0;
        break;
    case OVSDB_TYPE_REAL:
        atom->real = 0.0;
        break;
    case OVSDB_TYPE_BOOLEAN:
        atom->boolean = false;
        break;
    case OVSDB_TYPE_STRING:
        atom->string = xstrdup("");
        break;
    case OVSDB_TYPE_UUID:
        uuid_zero(&atom->uuid);
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_init_default: invalid atomic type %d",
                     (int) type);
    }
}

bool
ovsdb_atom_is_default(const union ovsdb_atom *atom,
                      enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return atom->integer == 0;
    case OVSDB_TYPE_REAL:
        return atom->real == 0.0;
    case OVSDB_TYPE_BOOLEAN:
        return !atom->boolean;
    case OVSDB_TYPE_STRING:
        return atom->string[0] == '\0';
    case OVSDB_TYPE_UUID:
        return uuid_is_zero(&atom->uuid);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_is_default: invalid atomic type %d",
                     (int) type);
    }
}

void
ovsdb_atom_clone(union ovsdb_atom *dst, const union ovsdb_atom *src,
                 enum ovsdb_atomic_type type)
{
    if (type == OVSDB_TYPE_STRING) {
        dst->string = xstrdup(src->string);
    } else {
        *dst = *src;
    }
}

void
ovsdb_atom_destroy(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    if (type == OVSDB_TYPE_STRING) {
        free(atom->string);
        atom->string = NULL;
    }
}

/* Compares reals A and B numerically, with NaN after every number. */
static int
compare_reals(double a, double b)
{
    if (isnan(a) || isnan(b)) {
        return isnan(a) - isnan(b);
    }
    return a < b ? -1 : a > b;
}

int
ovsdb_atom_compare_3way(const union ovsdb_atom *a, const union ovsdb_atom *b,
                        enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return a->integer < b->integer ? -1 : a->integer > b->integer;
    case OVSDB_TYPE_REAL:
        return compare_reals(a->real, b->real);
    case OVSDB_TYPE_BOOLEAN:
        return (int) a->boolean - (int) b->boolean;
    case OVSDB_TYPE_STRING:
        return strcmp(a->string, b->string);
    case OVSDB_TYPE_UUID:
        return uuid_compare(&a->uuid, &b->uuid);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_compare_3way: invalid atomic type %d",
                     (int) type);
    }
}

bool
ovsdb_atom_equals(const union ovsdb_atom *a, const union ovsdb_atom *b,
                  enum ovsdb_atomic_type type)
{
    return !ovsdb_atom_compare_3way(a, b, type);
}

uint32_t
ovsdb_atom_hash(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
                uint32_t basis)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return hash_uint64_basis(atom->integer, basis);
    case OVSDB_TYPE_REAL: {
        /* Values that compare equal must hash equally: -0.0 and 0.0, and
         * every NaN. */
        double real = atom->real == 0.0 ? 0.0 : atom->real;
        uint64_t bits;

        if (isnan(real)) {
            real = NAN;
        }
        memcpy(&bits, &real, sizeof bits);
        return hash_uint64_basis(bits, basis);
    }
    case OVSDB_TYPE_BOOLEAN:
        return hash_int(atom->boolean, basis);
    case OVSDB_TYPE_STRING:
        return hash_string(atom->string, basis);
    case OVSDB_TYPE_UUID:
        return hash_words(atom->uuid.parts, ARRAY_SIZE(atom->uuid.parts),
                          basis);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_hash: invalid atomic type %d", (int) type);
    }
}

/* Appends ATOM of TYPE to OUT for an error message: strings always in
 * double quotes, so that the message shows where they begin and end, other
 * atoms in the text syntax. */
static void
put_atom_for_message(const union ovsdb_atom *atom,
                     enum ovsdb_atomic_type type, struct ds *out)
{
    if (type == OVSDB_TYPE_STRING) {
        json_string_escape(atom->string, out);
    } else {
        ovsdb_atom_to_string(atom, type, out);
    }
}

/* Returns ATOM of TYPE as put_atom_for_message() writes it, in a string the
 * caller frees. */
static char *
atom_for_message(const union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    put_atom_for_message(atom, type, &ds);
    return ds_steal_cstr(&ds);
}

/* Returns S in double quotes with JSON escapes, for an error message, in a
 * string the caller frees. */
static char *
quote_for_message(const char *s)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    json_string_escape(s, &ds);
    return ds_steal_cstr(&ds);
}

/* Returns the error for ATOM, which is not in BASE's enum. */
static struct ovsdb_error *
enum_violation(const union ovsdb_atom *atom,
               const struct ovsdb_base_type *base)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    put_atom_for_message(atom, base->type, &ds);
    ds_put_cstr(&ds, " is not one of the allowed values [");
    for (size_t i = 0; i < base->enum_->n; i++) {
        if (i) {
            ds_put_cstr(&ds, ", ");
        }
        put_atom_for_message(&base->enum_->keys[i], base->type, &ds);
    }
    ds_put_char(&ds, ']');

    struct ovsdb_error *error = ovsdb_error_create("constraint violation",
                                                   "%s", ds_cstr(&ds));
    ds_destroy(&ds);
    return error;
}

static struct ovsdb_error *
check_integer(int64_t x, const struct ovsdb_base_type *base)
{
    int64_t min = base->integer.min;
    int64_t max = base->integer.max;

    if (x >= min && x <= max) {
        return NULL;
    } else if (min != INT64_MIN && max != INT64_MAX) {
        return ovsdb_error_create("constraint violation",
                                  "%"PRId64" is not in the valid range "
                                  "%"PRId64" to %"PRId64" (inclusive)",
                                  x, min, max);
    } else if (x < min) {
        return ovsdb_error_create("constraint violation",
                                  "%"PRId64" is less than the minimum "
                                  "allowed value %"PRId64, x, min);
    } else {
        return ovsdb_error_create("constraint violation",
                                  "%"PRId64" is greater than the maximum "
                                  "allowed value %"PRId64, x, max);
    }
}

static struct ovsdb_error *
check_real(double x, const struct ovsdb_base_type *base)
{
    double min = base->real.min;
    double max = base->real.max;

    if (x >= min && x <= max) {
        return NULL;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    put_real(x, &ds);
    if (isnan(x)) {
        ds_put_cstr(&ds, " (not a number) is not allowed");
    } else if (min != -DBL_MAX && max != DBL_MAX) {
        ds_put_cstr(&ds, " is not in the valid range ");
        put_real(min, &ds);
        ds_put_cstr(&ds, " to ");
        put_real(max, &ds);
        ds_put_cstr(&ds, " (inclusive)");
    } else if (x < min) {
        ds_put_cstr(&ds, " is less than the minimum allowed value ");
        put_real(min, &ds);
    } else {
        ds_put_cstr(&ds, " is greater than the maximum allowed value ");
        put_real(max, &ds);
    }

    struct ovsdb_error *error = ovsdb_error_create("constraint violation",
                                                   "%s", ds_cstr(&ds));
    ds_destroy(&ds);
    return error;
}

static struct ovsdb_error *
check_string(const char *s, const struct ovsdb_base_type *base)
{
    size_t length = utf8_length(s);
    unsigned int min = base->string.min_length;
    unsigned int max = base->string.max_length;
    struct ovsdb_error *error = NULL;

    if (length == SIZE_MAX) {
        char *quoted = quote_for_message(s);
        error = ovsdb_error_create("constraint violation",
                                   "%s is not valid UTF-8", quoted);
        free(quoted);
    } else if (length < min || length > max) {
        char *quoted = quote_for_message(s);
        error = ovsdb_error_create("constraint violation",
                                   "%s length %zu is %s than the %s "
                                   "allowed length %u", quoted, length,
                                   length < min ? "less" : "greater",
                                   length < min ? "minimum" : "maximum",
                                   length < min ? min : max);
        free(quoted);
    }
    return error;
}

struct ovsdb_error *
ovsdb_atom_check_constraints(const union ovsdb_atom *atom,
                             const struct ovsdb_base_type *base)
{
    if (base->enum_
        && !ovsdb_datum_find_key(base->enum_, atom, base->type, NULL)) {
        return enum_violation(atom, base);
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        return check_integer(atom->integer, base);
    case OVSDB_TYPE_REAL:
        return check_real(atom->real, base);
    case OVSDB_TYPE_STRING:
        return check_string(atom->string, base);
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_TYPE_UUID:
        return NULL;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_check_constraints: invalid atomic type %d",
                     (int) base->type);
    }
}

/* Resolves the named-uuid NAME through SYMTAB into ATOM, for a uuid of
 * BASE.  JSON is the value being parsed, for error messages. */
static struct ovsdb_error *
resolve_named_uuid(union ovsdb_atom *atom, const char *name,
                   const struct ovsdb_base_type *base,
                   struct ovsdb_symbol_table *symtab,
                   const struct json *json)
{
    if (!ovsdb_type_is_valid_id(name)) {
        return ovsdb_syntax_error(json, NULL, "\"%s\" is not a valid name "
                                  "for a named-uuid", name);
    }
    if (!symtab) {
        return ovsdb_syntax_error(json, NULL, "named-uuid \"%s\" is not "
                                  "allowed here", name);
    }

    struct ovsdb_symbol *symbol = ovsdb_symbol_table_insert(symtab, name);
    atom->uuid = symbol->uuid;
    if (ovsdb_base_type_is_strong_ref(base)) {
        symbol->strong_ref = true;
    } else if (ovsdb_base_type_is_weak_ref(base)) {
        symbol->weak_ref = true;
    }
    return NULL;
}

/* Parses JSON as ["uuid", "<uuid>"] or ["named-uuid", "<name>"]. */
static struct ovsdb_error *
uuid_atom_from_json(union ovsdb_atom *atom,
                    const struct ovsdb_base_type *base,
                    const struct json *json,
                    struct ovsdb_symbol_table *symtab)
{
    if (json->type == JSON_ARRAY && json->array.n == 2
        && json->array.elems[0]->type == JSON_STRING
        && json->array.elems[1]->type == JSON_STRING) {
        const char *class = json_string(json->array.elems[0]);
        const char *value = json_string(json->array.elems[1]);

        if (!strcmp(class, "uuid")) {
            if (!uuid_from_string(&atom->uuid, value)) {
                return ovsdb_syntax_error(json, NULL, "\"%s\" is not a "
                                          "valid UUID", value);
            }
            return NULL;
        } else if (!strcmp(class, "named-uuid")) {
            return resolve_named_uuid(atom, value, base, symtab, json);
        }
    }
    return ovsdb_syntax_error(json, NULL, "expected [\"uuid\", <uuid>] or "
                              "[\"named-uuid\", <name>], found %s",
                              json_type_to_string(json->type));
}

/* Returns the error for JSON, which is not a value of TYPE. */
static struct ovsdb_error *
wrong_json_type(const struct json *json, enum ovsdb_atomic_type type)
{
    return ovsdb_syntax_error(json, NULL, "expected %s, found %s",
                              ovsdb_atomic_type_to_string(type),
                              json_type_to_string(json->type));
}

/* Does the work of ovsdb_atom_from_json() apart from the constraints. */
static struct ovsdb_error *
atom_from_json__(union ovsdb_atom *atom, const struct ovsdb_base_type *base,
                 const struct json *json, struct ovsdb_symbol_table *symtab)
{
    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        if (json->type != JSON_INTEGER) {
            return wrong_json_type(json, base->type);
        }
        atom->integer = json_integer(json);
        return NULL;

    case OVSDB_TYPE_REAL:
        if (json->type != JSON_INTEGER && json->type != JSON_REAL) {
            return wrong_json_type(json, base->type);
        }
        atom->real = json_real(json);
        return NULL;

    case OVSDB_TYPE_BOOLEAN:
        if (json->type != JSON_TRUE && json->type != JSON_FALSE) {
            return wrong_json_type(json, base->type);
        }
        atom->boolean = json->type == JSON_TRUE;
        return NULL;

    case OVSDB_TYPE_STRING:
        if (json->type != JSON_STRING) {
            return wrong_json_type(json, base->type);
        }
        atom->string = xstrdup(json_string(json));
        return NULL;

    case OVSDB_TYPE_UUID:
        return uuid_atom_from_json(atom, base, json, symtab);

    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_from_json: invalid atomic type %d",
                     (int) base->type);
    }
}

struct ovsdb_error *
ovsdb_atom_from_json(union ovsdb_atom *atom,
                     const struct ovsdb_base_type *base,
                     const struct json *json,
                     struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_error *error = atom_from_json__(atom, base, json, symtab);
    if (!error) {
        error = ovsdb_atom_check_constraints(atom, base);
        if (error) {
            ovsdb_atom_destroy(atom, base->type);
        }
    }
    return error;
}

struct json *
ovsdb_atom_to_json(const union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return json_integer_create(atom->integer);
    case OVSDB_TYPE_REAL:
        return json_real_create(atom->real);
    case OVSDB_TYPE_BOOLEAN:
        return json_boolean_create(atom->boolean);
    case OVSDB_TYPE_STRING:
        return json_string_create(atom->string);
    case OVSDB_TYPE_UUID:
        return json_array_create_2(
            json_string_create("uuid"),
            json_string_create_format(UUID_FMT, UUID_ARGS(&atom->uuid)));
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_to_json: invalid atomic type %d",
                     (int) type);
    }
}

/* Returns true if string S must be quoted in the text syntax: unless it
 * looks like an identifier, is not a boolean and does not look like a
 * uuid, it would read back as something else or not at all. */
static bool
string_needs_quotes(const char *s)
{
    if (!is_ascii_alpha(s[0]) && s[0] != '_') {
        return true;
    }
    for (const char *p = s + 1; *p; p++) {
        if (!is_ascii_alpha(*p) && !is_ascii_digit(*p)
            && *p != '_' && *p != '-' && *p != '.') {
            return true;
        }
    }

    struct uuid uuid;
    return (!strcmp(s, "true") || !strcmp(s, "false")
            || uuid_from_string(&uuid, s));
}

void
ovsdb_atom_to_string(const union ovsdb_atom *atom,
                     enum ovsdb_atomic_type type, struct ds *out)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        ds_put_format(out, "%"PRId64, atom->integer);
        break;
    case OVSDB_TYPE_REAL:
        put_real(atom->real, out);
        break;
    case OVSDB_TYPE_BOOLEAN:
        ds_put_cstr(out, atom->boolean ? "true" : "false");
        break;
    case OVSDB_TYPE_STRING:
        if (string_needs_quotes(atom->string)) {
            json_string_escape(atom->string, out);
        } else {
            ds_put_cstr(out, atom->string);
        }
        break;
    case OVSDB_TYPE_UUID:
        ds_put_format(out, UUID_FMT, UUID_ARGS(&atom->uuid));
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_to_string: invalid atomic type %d",
                     (int) type);
    }
}

/* Returns a "syntax error" that says that S is not a valid WHAT. */
static struct ovsdb_error *
not_valid(const char *s, const char *what)
{
    char *quoted = quote_for_message(s);
    struct ovsdb_error *error = ovsdb_error_create("syntax error",
                                                   "%s is not a valid %s",
                                                   quoted, what);
    free(quoted);
    return error;
}

/* Parses S as a string in the text syntax into *STRINGP. */
static struct ovsdb_error *
string_from_string(const char *s, char **stringp)
{
    if (s[0] != '"') {
        if (utf8_length(s) == SIZE_MAX) {
            return not_valid(s, "UTF-8 string");
        }
        *stringp = xstrdup(s);
        return NULL;
    }

    struct json *json;
    char *msg = json_from_string(s, &json);
    if (msg || json->type != JSON_STRING) {
        char *quoted = quote_for_message(s);
        struct ovsdb_error *error;

        error = ovsdb_error_create("syntax error", "%s is not a valid "
                                   "quoted string%s%s%s", quoted,
                                   msg ? " (" : "", msg ? msg : "",
                                   msg ? ")" : "");
        free(quoted);
        free(msg);
        json_destroy(json);
        return error;
    }
    *stringp = xstrdup(json_string(json));
    json_destroy(json);
    return NULL;
}

/* Does the work of ovsdb_atom_from_string() apart from the constraints. */
static struct ovsdb_error *
atom_from_string__(union ovsdb_atom *atom,
                   const struct ovsdb_base_type *base, const char *s,
                   struct ovsdb_symbol_table *symtab)
{
    switch (base->type) {
    case OVSDB_TYPE_INTEGER: {
        long long integer;
        if (!str_to_llong(s, 10, &integer)) {
            return not_valid(s, "integer");
        }
        atom->integer = integer;
        return NULL;
    }

    case OVSDB_TYPE_REAL:
        if (!str_to_double(s, &atom->real) || !isfinite(atom->real)) {
            return not_valid(s, "real number");
        }
        return NULL;

    case OVSDB_TYPE_BOOLEAN:
        if (!strcmp(s, "true")) {
            atom->boolean = true;
        } else if (!strcmp(s, "false")) {
            atom->boolean = false;
        } else {
            return not_valid(s, "boolean (use \"true\" or \"false\")");
        }
        return NULL;

    case OVSDB_TYPE_STRING:
        return string_from_string(s, &atom->string);

    case OVSDB_TYPE_UUID:
        if (s[0] == '@') {
            struct ovsdb_error *error;

            error = resolve_named_uuid(atom, s + 1, base, symtab, NULL);
            if (error) {
                ovsdb_error_destroy(error);
                return not_valid(s, (symtab
                                     ? "UUID or @name"
                                     : "UUID (@name is not allowed here)"));
            }
            return NULL;
        }
        if (!uuid_from_string(&atom->uuid, s)) {
            return not_valid(s, "UUID");
        }
        return NULL;

    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        sluice_abort("ovsdb_atom_from_string: invalid atomic type %d",
                     (int) base->type);
    }
}

struct ovsdb_error *
ovsdb_atom_from_string(union ovsdb_atom *atom,
                       const struct ovsdb_base_type *base, const char *s,
                       struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_error *error = atom_from_string__(atom, base, s, symtab);
    if (!error) {
        error = ovsdb_atom_check_constraints(atom, base);
        if (error) {
            ovsdb_atom_destroy(atom, base->type);
        }
    }
    return error;
}

/* Datums. */

/* Frees the first N atoms of TYPE in ATOMS, and ATOMS. */
static void
free_atoms(union ovsdb_atom *atoms, size_t n, enum ovsdb_atomic_type type)
{
    if (atoms && type == OVSDB_TYPE_STRING) {
        for (size_t i = 0; i < n; i++) {
            free(atoms[i].string);
        }
    }
    free(atoms);
}

/* Makes DATUM an uninitialized datum with room for N keys and, if IS_MAP,
 * N values.  The caller fills them in. */
static void
datum_alloc(struct ovsdb_datum *datum, size_t n, bool is_map)
{
    datum->n = n;
    datum->keys = n ? xmalloc(n * sizeof *datum->keys) : NULL;
    datum->values = n && is_map ? xmalloc(n * sizeof *datum->values) : NULL;
}

void
ovsdb_datum_init_empty(struct ovsdb_datum *datum)
{
    datum->n = 0;
    datum->keys = NULL;
    datum->values = NULL;
}

void
ovsdb_datum_init_default(struct ovsdb_datum *datum,
                         const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);

    datum_alloc(datum, type->n_min, is_map);
    for (size_t i = 0; i < datum->n; i++) {
        ovsdb_atom_init_default(&datum->keys[i], type->key.type);
        if (is_map) {
            ovsdb_atom_init_default(&datum->values[i], type->value.type);
        }
    }
}

bool
ovsdb_datum_is_default(const struct ovsdb_datum *datum,
                       const struct ovsdb_type *type)
{
    if (datum->n != type->n_min) {
        return false;
    }
    for (size_t i = 0; i < datum->n; i++) {
        if (!ovsdb_atom_is_default(&datum->keys[i], type->key.type)
            || (datum->values
                && !ovsdb_atom_is_default(&datum->values[i],
                                          type->value.type))) {
            return false;
        }
    }
    return true;
}

void
ovsdb_datum_clone(struct ovsdb_datum *dst, const struct ovsdb_datum *src,
                  const struct ovsdb_type *type)
{
    datum_alloc(dst, src->n, src->values != NULL);
    for (size_t i = 0; i < src->n; i++) {
        ovsdb_atom_clone(&dst->keys[i], &src->keys[i], type->key.type);
        if (src->values) {
            ovsdb_atom_clone(&dst->values[i], &src->values[i],
                             type->value.type);
        }
    }
}

void
ovsdb_datum_destroy(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    if (datum) {
        free_atoms(datum->keys, datum->n, type->key.type);
        free_atoms(datum->values, datum->n, type->value.type);
        ovsdb_datum_init_empty(datum);
    }
}

void
ovsdb_datum_swap(struct ovsdb_datum *a, struct ovsdb_datum *b)
{
    struct ovsdb_datum tmp = *a;
    *a = *b;
    *b = tmp;
}

/* Returns true if JSON is of the form ["set", ...]. */
static bool
is_set_json(const struct json *json)
{
    return (json->type == JSON_ARRAY && json->array.n > 0
            && json->array.elems[0]->type == JSON_STRING
            && !strcmp(json_string(json->array.elems[0]), "set"));
}

/* Parses the elements of JSON, ["set", [...]] or ["map", [...]] as TYPE
 * says, into DATUM, without sorting them.  On error, DATUM holds the
 * elements parsed so far. */
static struct ovsdb_error *
parse_elements(struct ovsdb_datum *datum, const struct ovsdb_type *type,
               const struct json *json, struct ovsdb_symbol_table *symtab)
{
    bool is_map = ovsdb_type_is_map(type);
    const char *class = is_map ? "map" : "set";

    if (json->type != JSON_ARRAY || json->array.n != 2
        || json->array.elems[0]->type != JSON_STRING
        || strcmp(json_string(json->array.elems[0]), class)
        || json->array.elems[1]->type != JSON_ARRAY) {
        return ovsdb_syntax_error(json, NULL, "expected %s",
                                  (is_map
                                   ? "[\"map\", [[<key>, <value>], ...]]"
                                   : "[\"set\", [<atom>, ...]]"));
    }

    const struct json_array *elems = json_array(json->array.elems[1]);
    datum_alloc(datum, elems->n, is_map);
    datum->n = 0;
    for (size_t i = 0; i < elems->n; i++) {
        const struct json *elem = elems->elems[i];
        struct ovsdb_error *error;

        if (!is_map) {
            error = ovsdb_atom_from_json(&datum->keys[i], &type->key, elem,
                                         symtab);
            if (error) {
                return error;
            }
        } else {
            if (elem->type != JSON_ARRAY || elem->array.n != 2) {
                return ovsdb_syntax_error(elem, NULL, "expected a "
                                          "[<key>, <value>] pair");
            }
            error = ovsdb_atom_from_json(&datum->keys[i], &type->key,
                                         elem->array.elems[0], symtab);
            if (error) {
                return error;
            }
            error = ovsdb_atom_from_json(&datum->values[i], &type->value,
                                         elem->array.elems[1], symtab);
            if (error) {
                ovsdb_atom_destroy(&datum->keys[i], type->key.type);
                return error;
            }
        }
        datum->n++;
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_datum_from_json(struct ovsdb_datum *datum,
                      const struct ovsdb_type *type,
                      const struct json *json,
                      struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_error *error;

    ovsdb_datum_init_empty(datum);
    if (ovsdb_type_is_map(type) || is_set_json(json)) {
        error = parse_elements(datum, type, json, symtab);
    } else {
        datum_alloc(datum, 1, false);
        error = ovsdb_atom_from_json(&datum->keys[0], &type->key, json,
                                     symtab);
        if (error) {
            datum->n = 0;
        }
    }

    if (!error) {
        error = ovsdb_datum_sort(datum, type);
    }
    if (!error) {
        error = ovsdb_datum_check_size(datum, type);
    }
    if (error) {
        ovsdb_datum_destroy(datum, type);
    }
    return error;
}

struct json *
ovsdb_datum_to_json(const struct ovsdb_datum *datum,
                    const struct ovsdb_type *type)
{
    if (ovsdb_type_is_map(type)) {
        struct json **pairs = (datum->n
                               ? xmalloc(datum->n * sizeof *pairs)
                               : NULL);
        for (size_t i = 0; i < datum->n; i++) {
            pairs[i] = json_array_create_2(
                ovsdb_atom_to_json(&datum->keys[i], type->key.type),
                ovsdb_atom_to_json(&datum->values[i], type->value.type));
        }
        return json_array_create_2(json_string_create("map"),
                                   json_array_create(pairs, datum->n));
    } else if (datum->n == 1) {
        return ovsdb_atom_to_json(&datum->keys[0], type->key.type);
    } else {
        struct json **atoms = (datum->n
                               ? xmalloc(datum->n * sizeof *atoms)
                               : NULL);
        for (size_t i = 0; i < datum->n; i++) {
            atoms[i] = ovsdb_atom_to_json(&datum->keys[i], type->key.type);
        }
        return json_array_create_2(json_string_create("set"),
                                   json_array_create(atoms, datum->n));
    }
}

struct ovsdb_error *
ovsdb_datum_check_size(const struct ovsdb_datum *datum,
                       const struct ovsdb_type *type)
{
    size_t n = datum->n;
    if (n >= type->n_min && n <= type->n_max) {
        return NULL;
    }

    bool is_map = ovsdb_type_is_map(type);
    const char *what = (is_map ? "map"
                        : ovsdb_type_is_scalar(type) ? "value"
                        : "set");
    const char *unit = (is_map
                        ? (n == 1 ? "pair" : "pairs")
                        : (n == 1 ? "element" : "elements"));

    if (type->n_min == type->n_max) {
        return ovsdb_error_create("constraint violation",
                                  "%s has %zu %s, but exactly %u %s "
                                  "required", what, n, unit, type->n_min,
                                  type->n_min == 1 ? "is" : "are");
    } else if (n < type->n_min) {
        return ovsdb_error_create("constraint violation",
                                  "%s has %zu %s, but at least %u %s "
                                  "required", what, n, unit, type->n_min,
                                  type->n_min == 1 ? "is" : "are");
    } else {
        return ovsdb_error_create("constraint violation",
                                  "%s has %zu %s, but at most %u %s "
                                  "allowed", what, n, unit, type->n_max,
                                  type->n_max == 1 ? "is" : "are");
    }
}

struct ovsdb_error *
ovsdb_datum_check_constraints(const struct ovsdb_datum *datum,
                              const struct ovsdb_type *type)
{
    for (size_t i = 0; i < datum->n; i++) {
        struct ovsdb_error *error;

        error = ovsdb_atom_check_constraints(&datum->keys[i], &type->key);
        if (!error && datum->values) {
            error = ovsdb_atom_check_constraints(&datum->values[i],
                                                 &type->value);
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

int
ovsdb_datum_compare_3way(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    size_t n = MIN(a->n, b->n);

    for (size_t i = 0; i < n; i++) {
        int cmp = ovsdb_atom_compare_3way(&a->keys[i], &b->keys[i],
                                          type->key.type);
        if (!cmp && a->values && b->values) {
            cmp = ovsdb_atom_compare_3way(&a->values[i], &b->values[i],
                                          type->value.type);
        }
        if (cmp) {
            return cmp < 0 ? -1 : 1;
        }
    }
    return a->n < b->n ? -1 : a->n > b->n;
}

bool
ovsdb_datum_equals(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
                   const struct ovsdb_type *type)
{
    return a->n == b->n && !ovsdb_datum_compare_3way(a, b, type);
}

uint32_t
ovsdb_datum_hash(const struct ovsdb_datum *datum,
                 const struct ovsdb_type *type, uint32_t basis)
{
    for (size_t i = 0; i < datum->n; i++) {
        basis = ovsdb_atom_hash(&datum->keys[i], type->key.type, basis);
        if (datum->values) {
            basis = ovsdb_atom_hash(&datum->values[i], type->value.type,
                                    basis);
        }
    }
    return hash_int(datum->n, basis);
}

bool
ovsdb_datum_find_key(const struct ovsdb_datum *datum,
                     const union ovsdb_atom *key,
                     enum ovsdb_atomic_type key_type, size_t *idxp)
{
    size_t low = 0;
    size_t high = datum->n;

    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int cmp = ovsdb_atom_compare_3way(key, &datum->keys[mid], key_type);
        if (cmp < 0) {
            high = mid;
        } else if (cmp > 0) {
            low = mid + 1;
        } else {
            if (idxp) {
                *idxp = mid;
            }
            return true;
        }
    }
    if (idxp) {
        *idxp = low;
    }
    return false;
}

void
ovsdb_datum_union(struct ovsdb_datum *a, const struct ovsdb_datum *b,
                  const struct ovsdb_type *type)
{
    if (!b->n) {
        return;
    }

    bool is_map = ovsdb_type_is_map(type);
    struct ovsdb_datum result;
    size_t i = 0, j = 0, k = 0;

    datum_alloc(&result, a->n + b->n, is_map);
    while (i < a->n || j < b->n) {
        int cmp = (i >= a->n ? 1
                   : j >= b->n ? -1
                   : ovsdb_atom_compare_3way(&a->keys[i], &b->keys[j],
                                             type->key.type));
        if (cmp <= 0) {
            /* A's element moves over; on a tie it keeps its value and B's
             * element is skipped. */
            result.keys[k] = a->keys[i];
            if (is_map) {
                result.values[k] = a->values[i];
            }
            i++;
            if (!cmp) {
                j++;
            }
        } else {
            ovsdb_atom_clone(&result.keys[k], &b->keys[j], type->key.type);
            if (is_map) {
                ovsdb_atom_clone(&result.values[k], &b->values[j],
                                 type->value.type);
            }
            j++;
        }
        k++;
    }
    result.n = k;

    /* The atoms of A now belong to RESULT: free only the arrays. */
    free(a->keys);
    free(a->values);
    *a = result;
}

void
ovsdb_datum_subtract(struct ovsdb_datum *a, const struct ovsdb_type *a_type,
                     const struct ovsdb_datum *b,
                     const struct ovsdb_type *b_type)
{
    bool by_pair = ovsdb_type_is_map(b_type);
    enum ovsdb_atomic_type key_type = a_type->key.type;

    sluice_assert(a_type->key.type == b_type->key.type);
    sluice_assert(!by_pair || (ovsdb_type_is_map(a_type)
                               && a_type->value.type == b_type->value.type));

    size_t j = 0, k = 0;
    for (size_t i = 0; i < a->n; i++) {
        while (j < b->n
               && ovsdb_atom_compare_3way(&b->keys[j], &a->keys[i],
                                          key_type) < 0) {
            j++;
        }

        bool remove = (j < b->n
                       && ovsdb_atom_equals(&b->keys[j], &a->keys[i],
                                            key_type)
                       && (!by_pair
                           || ovsdb_atom_equals(&b->values[j],
                                                &a->values[i],
                                                a_type->value.type)));
        if (remove) {
            ovsdb_atom_destroy(&a->keys[i], key_type);
            if (a->values) {
                ovsdb_atom_destroy(&a->values[i], a_type->value.type);
            }
        } else {
            a->keys[k] = a->keys[i];
            if (a->values) {
                a->values[k] = a->values[i];
            }
            k++;
        }
    }
    a->n = k;
    if (!k) {
        free(a->keys);
        free(a->values);
        ovsdb_datum_init_empty(a);
    }
}

/* Context for compare_indexes(). */
struct sort_context {
    const struct ovsdb_datum *datum;
    enum ovsdb_atomic_type key_type;
};

/* qsort_r() comparison of two indexes into a datum's keys: by key, then by
 * index, which makes the sort stable. */
static int
compare_indexes(const void *a_, const void *b_, void *context_)
{
    const struct sort_context *context = context_;
    size_t a = *(const size_t *) a_;
    size_t b = *(const size_t *) b_;
    int cmp = ovsdb_atom_compare_3way(&context->datum->keys[a],
                                      &context->datum->keys[b],
                                      context->key_type);
    return cmp ? cmp : a < b ? -1 : a > b;
}

/* Sorts the keys of DATUM, of TYPE, and their values, stably. */
static void
sort_stable(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    if (datum->n < 2) {
        return;
    }

    struct sort_context context = { datum, type->key.type };
    size_t *order = xmalloc(datum->n * sizeof *order);
    for (size_t i = 0; i < datum->n; i++) {
        order[i] = i;
    }
    qsort_r(order, datum->n, sizeof *order, compare_indexes, &context);

    struct ovsdb_datum sorted;
    datum_alloc(&sorted, datum->n, datum->values != NULL);
    for (size_t i = 0; i < datum->n; i++) {
        sorted.keys[i] = datum->keys[order[i]];
        if (datum->values) {
            sorted.values[i] = datum->values[order[i]];
        }
    }
    free(order);
    free(datum->keys);
    free(datum->values);
    *datum = sorted;
}

struct ovsdb_error *
ovsdb_datum_sort(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    sort_stable(datum, type);
    for (size_t i = 1; i < datum->n; i++) {
        if (ovsdb_atom_equals(&datum->keys[i - 1], &datum->keys[i],
                              type->key.type)) {
            char *s = atom_for_message(&datum->keys[i], type->key.type);
            struct ovsdb_error *error;

            error = ovsdb_error_create("constraint violation",
                                       (ovsdb_type_is_map(type)
                                        ? "map contains duplicate key %s"
                                        : "set contains duplicate value %s"),
                                       s);
            free(s);
            return error;
        }
    }
    return NULL;
}

void
ovsdb_datum_sort_unique(struct ovsdb_datum *datum,
                        const struct ovsdb_type *type)
{
    sort_stable(datum, type);

    size_t k = 0;
    for (size_t i = 0; i < datum->n; i++) {
        if (k && ovsdb_atom_equals(&datum->keys[k - 1], &datum->keys[i],
                                   type->key.type)) {
            ovsdb_atom_destroy(&datum->keys[i], type->key.type);
            if (datum->values) {
                ovsdb_atom_destroy(&datum->values[i], type->value.type);
            }
        } else {
            datum->keys[k] = datum->keys[i];
            if (datum->values) {
                datum->values[k] = datum->values[i];
            }
            k++;
        }
    }
    datum->n = k;
}

void
ovsdb_datum_to_string(const struct ovsdb_datum *datum,
                      const struct ovsdb_type *type, struct ds *out)
{
    bool is_map = ovsdb_type_is_map(type);

    /* Like ovs-vsctl, brackets (braces for maps) go around every value of
     * a type that may hold more than one element, and around the empty
     * value, but not around the single element of a scalar or optional
     * value. */
    bool brackets = type->n_max > 1 || !datum->n;
    if (brackets) {
        ds_put_char(out, is_map ? '{' : '[');
    }
    for (size_t i = 0; i < datum->n; i++) {
        if (i) {
            ds_put_cstr(out, ", ");
        }
        ovsdb_atom_to_string(&datum->keys[i], type->key.type, out);
        if (is_map) {
            ds_put_char(out, '=');
            ovsdb_atom_to_string(&datum->values[i], type->value.type, out);
        }
    }
    if (brackets) {
        ds_put_char(out, is_map ? '}' : ']');
    }
}

/* Returns a "syntax error" about the text S, at position P within it,
 * saying MESSAGE. */
static struct ovsdb_error *
text_error(const char *s, const char *p, const char *message)
{
    char *quoted = quote_for_message(s);
    struct ovsdb_error *error;

    if (*p) {
        error = ovsdb_error_create("syntax error", "%s: %s at offset %td "
                                   "(\"%c\")", quoted, message, p - s, *p);
    } else {
        error = ovsdb_error_create("syntax error", "%s: %s at end of text",
                                   quoted, message);
    }
    free(quoted);
    return error;
}

/* Characters that end an unquoted element in the text syntax. */
static bool
is_delimiter(int c)
{
    return c == '\0' || is_space(c) || strchr(",={}[]", c);
}

/* Returns P advanced past white space. */
static const char *
skip_spaces(const char *p)
{
    while (is_space(*p)) {
        p++;
    }
    return p;
}

/* Parses the element that starts at *P in the text syntax, a quoted
 * string (with JSON escapes) or a run of characters up to a delimiter,
 * as an atom of BASE into ATOM, and advances *P past it.  WHOLE is the
 * whole text, for error messages. */
static struct ovsdb_error *
parse_text_atom(const char **p, const char *whole,
                const struct ovsdb_base_type *base, union ovsdb_atom *atom,
                struct ovsdb_symbol_table *symtab)
{
    const char *start = *p;
    const char *end = start;

    if (*start == '"') {
        for (end = start + 1; *end != '"'; end++) {
            if (*end == '\\' && end[1]) {
                end++;
            } else if (!*end) {
                return text_error(whole, end, "missing closing quote");
            }
        }
        end++;
    } else {
        while (!is_delimiter(*end)) {
            end++;
        }
    }

    if (end == start) {
        char *message = xasprintf("expected %s",
                                  ovsdb_atomic_type_to_string(base->type));
        struct ovsdb_error *error = text_error(whole, start, message);
        free(message);
        return error;
    }

    char *token = xmemdup0(start, end - start);
    struct ovsdb_error *error = ovsdb_atom_from_string(atom, base, token,
                                                       symtab);
    free(token);
    *p = end;
    return error;
}

/* Does the work of ovsdb_datum_from_string() up to sorting.  On error,
 * DATUM holds the elements parsed so far. */
static struct ovsdb_error *
datum_from_string__(struct ovsdb_datum *datum, const struct ovsdb_type *type,
                    const char *s, struct ovsdb_symbol_table *symtab)
{
    bool is_map = ovsdb_type_is_map(type);
    char open = is_map ? '{' : '[';
    char close = is_map ? '}' : ']';
    size_t allocated = 0;
    const char *p = skip_spaces(s);

    bool bracketed = *p == open;
    if (bracketed) {
        p = skip_spaces(p + 1);
    }

    while (*p && *p != close) {
        struct ovsdb_error *error;
        union ovsdb_atom key, value;

        if (datum->n) {
            if (*p != ',') {
                return text_error(s, p, "expected \",\" or end of list");
            }
            p = skip_spaces(p + 1);
        }

        error = parse_text_atom(&p, s, &type->key, &key, symtab);
        if (error) {
            return error;
        }
        if (is_map) {
            p = skip_spaces(p);
            if (*p != '=') {
                ovsdb_atom_destroy(&key, type->key.type);
                return text_error(s, p, "expected \"=\" after key");
            }
            p = skip_spaces(p + 1);
            error = parse_text_atom(&p, s, &type->value, &value, symtab);
            if (error) {
                ovsdb_atom_destroy(&key, type->key.type);
                return error;
            }
        }

        if (datum->n >= allocated) {
            size_t n_allocated = allocated;
            datum->keys = x2nrealloc(datum->keys, &allocated,
                                     sizeof *datum->keys);
            if (is_map) {
                datum->values = x2nrealloc(datum->values, &n_allocated,
                                           sizeof *datum->values);
            }
        }
        datum->keys[datum->n] = key;
        if (is_map) {
            datum->values[datum->n] = value;
        }
        datum->n++;
        p = skip_spaces(p);
    }

    if (bracketed) {
        if (*p != close) {
            return text_error(s, p, is_map ? "missing \"}\""
                              : "missing \"]\"");
        }
        p = skip_spaces(p + 1);
    }
    if (*p) {
        return text_error(s, p, "unexpected text after the value");
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_datum_from_string(struct ovsdb_datum *datum,
                        const struct ovsdb_type *type, const char *s,
                        struct ovsdb_symbol_table *symtab)
{
    ovsdb_datum_init_empty(datum);

    struct ovsdb_error *error = datum_from_string__(datum, type, s, symtab);
    if (!error) {
        error = ovsdb_datum_sort(datum, type);
    }
    if (!error) {
        error = ovsdb_datum_check_size(datum, type);
    }
    if (error) {
        ovsdb_datum_destroy(datum, type);
    }
    return error;
}

/* Symbol tables. */

struct ovsdb_symbol_table *
ovsdb_symbol_table_create(void)
{
    struct ovsdb_symbol_table *symtab = xmalloc(sizeof *symtab);
    shash_init(&symtab->sh);
    return symtab;
}

void
ovsdb_symbol_table_destroy(struct ovsdb_symbol_table *symtab)
{
    if (symtab) {
        shash_destroy_free_data(&symtab->sh);
        free(symtab);
    }
}

struct ovsdb_symbol *
ovsdb_symbol_table_find(const struct ovsdb_symbol_table *symtab,
                        const char *name)
{
    return shash_find_data(&symtab->sh, name);
}

struct ovsdb_symbol *
ovsdb_symbol_table_insert(struct ovsdb_symbol_table *symtab,
                          const char *name)
{
    struct ovsdb_symbol *symbol = ovsdb_symbol_table_find(symtab, name);
    if (!symbol) {
        symbol = xzalloc(sizeof *symbol);
        uuid_generate(&symbol->uuid);
        shash_add(&symtab->sh, name, symbol);
    }
    return symbol;
}

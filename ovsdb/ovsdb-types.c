/* ovsdb-types: OVSDB column types.  See ovsdb-types.h. */
#include <config.h>
#include "ovsdb-types.h"

#include <ctype.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "util.h"

static const char *const atomic_type_names[OVSDB_N_TYPES] = {
    [OVSDB_TYPE_VOID] = "void",
    [OVSDB_TYPE_INTEGER] = "integer",
    [OVSDB_TYPE_REAL] = "real",
    [OVSDB_TYPE_BOOLEAN] = "boolean",
    [OVSDB_TYPE_STRING] = "string",
    [OVSDB_TYPE_UUID] = "uuid",
};

const char *
ovsdb_atomic_type_to_string(enum ovsdb_atomic_type type)
{
    sluice_assert(type < OVSDB_N_TYPES);
    return atomic_type_names[type];
}

bool
ovsdb_atomic_type_from_string(const char *name, enum ovsdb_atomic_type *type)
{
    /* Starts after OVSDB_TYPE_VOID: schemas cannot name it. */
    for (int i = OVSDB_TYPE_VOID + 1; i < OVSDB_N_TYPES; i++) {
        if (!strcmp(name, atomic_type_names[i])) {
            *type = i;
            return true;
        }
    }
    return false;
}

bool
ovsdb_type_is_valid_id(const char *name)
{
    if (!isalpha((unsigned char) name[0]) && name[0] != '_') {
        return false;
    }
    for (const char *p = name + 1; *p; p++) {
        if (!isalnum((unsigned char) *p) && *p != '_') {
            return false;
        }
    }
    return true;
}

const char *
ovsdb_ref_type_to_string(enum ovsdb_ref_type type)
{
    return type == OVSDB_REF_WEAK ? "weak" : "strong";
}

/* Base types. */

void
ovsdb_base_type_init(struct ovsdb_base_type *base,
                     enum ovsdb_atomic_type type)
{
    *base = (struct ovsdb_base_type) OVSDB_BASE_TYPE_INITIALIZER(type);
}

void
ovsdb_base_type_clone(struct ovsdb_base_type *dst,
                      const struct ovsdb_base_type *src)
{
    *dst = *src;
    if (src->enum_) {
        struct ovsdb_type enum_type;

        ovsdb_base_type_get_enum_type(src, &enum_type);
        dst->enum_ = xmalloc(sizeof *dst->enum_);
        ovsdb_datum_clone(dst->enum_, src->enum_, &enum_type);
    }
    if (src->uuid.ref_table_name) {
        dst->uuid.ref_table_name = xstrdup(src->uuid.ref_table_name);
    }
}

void
ovsdb_base_type_clear_constraints(struct ovsdb_base_type *base)
{
    if (base->enum_) {
        struct ovsdb_type enum_type;

        ovsdb_base_type_get_enum_type(base, &enum_type);
        ovsdb_datum_destroy(base->enum_, &enum_type);
        free(base->enum_);
    }
    free(base->uuid.ref_table_name);
    ovsdb_base_type_init(base, base->type);
}

void
ovsdb_base_type_destroy(struct ovsdb_base_type *base)
{
    if (base) {
        ovsdb_base_type_clear_constraints(base);
    }
}

void
ovsdb_base_type_get_enum_type(const struct ovsdb_base_type *base,
                              struct ovsdb_type *enum_type)
{
    enum_type->key = *base;
    enum_type->key.enum_ = NULL;
    ovsdb_base_type_init(&enum_type->value, OVSDB_TYPE_VOID);
    enum_type->n_min = 1;
    enum_type->n_max = UINT_MAX;
}

bool
ovsdb_base_type_has_constraints(const struct ovsdb_base_type *base)
{
    if (base->enum_) {
        return true;
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        return base->integer.min != INT64_MIN
            || base->integer.max != INT64_MAX;
    case OVSDB_TYPE_REAL:
        return base->real.min != -DBL_MAX || base->real.max != DBL_MAX;
    case OVSDB_TYPE_STRING:
        return base->string.min_length != 0
            || base->string.max_length != UINT_MAX;
    case OVSDB_TYPE_UUID:
        return base->uuid.ref_table_name != NULL;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        return false;
    }
}

bool
ovsdb_base_type_is_strong_ref(const struct ovsdb_base_type *base)
{
    return (base->type == OVSDB_TYPE_UUID && base->uuid.ref_table_name
            && base->uuid.ref_type == OVSDB_REF_STRONG);
}

bool
ovsdb_base_type_is_weak_ref(const struct ovsdb_base_type *base)
{
    return (base->type == OVSDB_TYPE_UUID && base->uuid.ref_table_name
            && base->uuid.ref_type == OVSDB_REF_WEAK);
}

/* Returns true if A and B are both null or are equal strings. */
static bool
nullable_string_equals(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

bool
ovsdb_base_type_equals(const struct ovsdb_base_type *a,
                       const struct ovsdb_base_type *b)
{
    if (a->type != b->type || !a->enum_ != !b->enum_) {
        return false;
    }
    if (a->enum_) {
        struct ovsdb_type enum_type;

        ovsdb_base_type_get_enum_type(a, &enum_type);
        if (!ovsdb_datum_equals(a->enum_, b->enum_, &enum_type)) {
            return false;
        }
    }

    switch (a->type) {
    case OVSDB_TYPE_INTEGER:
        return (a->integer.min == b->integer.min
                && a->integer.max == b->integer.max);
    case OVSDB_TYPE_REAL:
        return a->real.min == b->real.min && a->real.max == b->real.max;
    case OVSDB_TYPE_STRING:
        return (a->string.min_length == b->string.min_length
                && a->string.max_length == b->string.max_length);
    case OVSDB_TYPE_UUID:
        return (nullable_string_equals(a->uuid.ref_table_name,
                                       b->uuid.ref_table_name)
                && (!a->uuid.ref_table_name
                    || a->uuid.ref_type == b->uuid.ref_type));
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        return true;
    }
}

struct ovsdb_error *
ovsdb_base_type_validate(const struct ovsdb_base_type *base)
{
    if (base->type >= OVSDB_N_TYPES) {
        return ovsdb_syntax_error(NULL, NULL, "invalid atomic type %d",
                                  (int) base->type);
    }
    if (base->type != OVSDB_TYPE_UUID && base->uuid.ref_table_name) {
        return ovsdb_syntax_error(NULL, NULL, "only uuids may have a "
                                  "\"refTable\", not %s",
                                  atomic_type_names[base->type]);
    }
    if (base->type == OVSDB_TYPE_VOID) {
        /* Look at every constraint, since none belongs to void. */
        if (base->enum_
            || base->integer.min != INT64_MIN
            || base->integer.max != INT64_MAX
            || base->real.min != -DBL_MAX || base->real.max != DBL_MAX
            || base->string.min_length || base->string.max_length != UINT_MAX
            || base->uuid.ref_type != OVSDB_REF_STRONG) {
            return ovsdb_syntax_error(NULL, NULL,
                                      "type \"void\" cannot have "
                                      "constraints");
        }
        return NULL;
    }

    if (base->enum_) {
        /* The enum's elements must be atoms of this type, so the datum
         * must be a nonempty set. */
        if (!base->enum_->n || base->enum_->values) {
            return ovsdb_syntax_error(NULL, NULL, "\"enum\" must be a "
                                      "nonempty set of %s values",
                                      atomic_type_names[base->type]);
        }
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        if (base->integer.min > base->integer.max) {
            return ovsdb_syntax_error(
                NULL, NULL, "\"minInteger\" %"PRId64" is greater than "
                "\"maxInteger\" %"PRId64,
                base->integer.min, base->integer.max);
        }
        break;

    case OVSDB_TYPE_REAL:
        if (!isfinite(base->real.min) || !isfinite(base->real.max)) {
            return ovsdb_syntax_error(NULL, NULL, "\"minReal\" and "
                                      "\"maxReal\" must be finite");
        }
        if (base->real.min > base->real.max) {
            return ovsdb_syntax_error(
                NULL, NULL, "\"minReal\" %.17g is greater than "
                "\"maxReal\" %.17g", base->real.min, base->real.max);
        }
        break;

    case OVSDB_TYPE_STRING:
        if (base->string.min_length > base->string.max_length) {
            return ovsdb_syntax_error(
                NULL, NULL, "\"minLength\" %u is greater than "
                "\"maxLength\" %u",
                base->string.min_length, base->string.max_length);
        }
        break;

    case OVSDB_TYPE_UUID:
        if (base->uuid.ref_table_name
            && !ovsdb_type_is_valid_id(base->uuid.ref_table_name)) {
            return ovsdb_syntax_error(NULL, NULL, "\"refTable\" \"%s\" is "
                                      "not a valid table name",
                                      base->uuid.ref_table_name);
        }
        if (base->uuid.ref_type != OVSDB_REF_STRONG
            && base->uuid.ref_type != OVSDB_REF_WEAK) {
            return ovsdb_syntax_error(NULL, NULL, "invalid \"refType\" %d",
                                      (int) base->uuid.ref_type);
        }
        if (!base->uuid.ref_table_name
            && base->uuid.ref_type != OVSDB_REF_STRONG) {
            return ovsdb_syntax_error(NULL, NULL, "\"refType\" requires "
                                      "\"refTable\"");
        }
        break;

    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        break;
    }
    return NULL;
}

/* Returns the members that a base type object of TYPE may have, in a
 * null-terminated array. */
static const char *const *
base_type_members(enum ovsdb_atomic_type type)
{
    static const char *const integer[] = {
        "type", "enum", "minInteger", "maxInteger", NULL
    };
    static const char *const real[] = {
        "type", "enum", "minReal", "maxReal", NULL
    };
    static const char *const string[] = {
        "type", "enum", "minLength", "maxLength", NULL
    };
    static const char *const uuid[] = {
        "type", "enum", "refTable", "refType", NULL
    };
    static const char *const other[] = { "type", "enum", NULL };

    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return integer;
    case OVSDB_TYPE_REAL:
        return real;
    case OVSDB_TYPE_STRING:
        return string;
    case OVSDB_TYPE_UUID:
        return uuid;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        return other;
    }
}

/* Parses member NAME of OBJECT, if present, as an integer from MIN to MAX
 * into *VALUE.  Leaves *VALUE alone if the member is absent. */
static struct ovsdb_error *
parse_integer_member(const struct json *object, const char *name,
                     int64_t min, int64_t max, int64_t *value)
{
    const struct json *json = json_object_get(object, name);
    if (!json) {
        return NULL;
    }
    if (json->type != JSON_INTEGER) {
        return ovsdb_syntax_error(json, NULL, "\"%s\" must be an integer",
                                  name);
    }
    if (json->integer < min || json->integer > max) {
        return ovsdb_syntax_error(json, NULL, "\"%s\" must be between "
                                  "%"PRId64" and %"PRId64, name, min, max);
    }
    *value = json->integer;
    return NULL;
}

/* Parses member NAME of OBJECT, if present, as a number into *VALUE.
 * Leaves *VALUE alone if the member is absent. */
static struct ovsdb_error *
parse_real_member(const struct json *object, const char *name,
                  double *value)
{
    const struct json *json = json_object_get(object, name);
    if (!json) {
        return NULL;
    }
    if (json->type != JSON_INTEGER && json->type != JSON_REAL) {
        return ovsdb_syntax_error(json, NULL, "\"%s\" must be a number",
                                  name);
    }
    *value = json_real(json);
    return NULL;
}

/* Parses the constraint members of OBJECT that belong to BASE's atomic
 * type into BASE. */
static struct ovsdb_error *
parse_constraints(struct ovsdb_base_type *base, const struct json *object)
{
    struct ovsdb_error *error = NULL;
    int64_t min, max;

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        error = parse_integer_member(object, "minInteger", INT64_MIN,
                                     INT64_MAX, &base->integer.min);
        if (!error) {
            error = parse_integer_member(object, "maxInteger", INT64_MIN,
                                         INT64_MAX, &base->integer.max);
        }
        break;

    case OVSDB_TYPE_REAL:
        error = parse_real_member(object, "minReal", &base->real.min);
        if (!error) {
            error = parse_real_member(object, "maxReal", &base->real.max);
        }
        break;

    case OVSDB_TYPE_STRING:
        min = base->string.min_length;
        max = base->string.max_length;
        error = parse_integer_member(object, "minLength", 0, UINT_MAX, &min);
        if (!error) {
            error = parse_integer_member(object, "maxLength", 0, UINT_MAX,
                                         &max);
        }
        base->string.min_length = min;
        base->string.max_length = max;
        break;

    case OVSDB_TYPE_UUID: {
        const struct json *table = json_object_get(object, "refTable");
        const struct json *type = json_object_get(object, "refType");
        if (table) {
            if (table->type != JSON_STRING
                || !ovsdb_type_is_valid_id(json_string(table))) {
                return ovsdb_syntax_error(table, NULL, "\"refTable\" must "
                                          "be a table name");
            }
            base->uuid.ref_table_name = xstrdup(json_string(table));
        }
        if (type) {
            if (!table) {
                return ovsdb_syntax_error(object, NULL, "\"refType\" "
                                          "requires \"refTable\"");
            }
            if (type->type == JSON_STRING
                && !strcmp(json_string(type), "strong")) {
                base->uuid.ref_type = OVSDB_REF_STRONG;
            } else if (type->type == JSON_STRING
                       && !strcmp(json_string(type), "weak")) {
                base->uuid.ref_type = OVSDB_REF_WEAK;
            } else {
                return ovsdb_syntax_error(type, NULL, "\"refType\" must be "
                                          "\"strong\" or \"weak\"");
            }
        }
        break;
    }

    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        break;
    }
    return error;
}

/* Parses JSON, a string, as an atomic type name into *TYPE. */
static struct ovsdb_error *
atomic_type_from_json(enum ovsdb_atomic_type *type, const struct json *json)
{
    if (json->type != JSON_STRING) {
        return ovsdb_syntax_error(json, NULL, "atomic type must be a "
                                  "string");
    }
    if (!ovsdb_atomic_type_from_string(json_string(json), type)) {
        return ovsdb_syntax_error(json, NULL, "unknown atomic type \"%s\" "
                                  "(expected \"integer\", \"real\", "
                                  "\"boolean\", \"string\" or \"uuid\")",
                                  json_string(json));
    }
    return NULL;
}

/* Does the work of ovsdb_base_type_from_json(), except that on error BASE
 * may hold constraints. */
static struct ovsdb_error *
base_type_from_json__(struct ovsdb_base_type *base, const struct json *json)
{
    enum ovsdb_atomic_type type = OVSDB_TYPE_VOID;
    struct ovsdb_error *error;

    if (json->type == JSON_STRING) {
        error = atomic_type_from_json(&type, json);
        if (!error) {
            ovsdb_base_type_init(base, type);
        }
        return error;
    }
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "base type must be a type "
                                  "name or an object");
    }

    const struct json *type_json = json_object_get(json, "type");
    if (!type_json) {
        return ovsdb_syntax_error(json, NULL, "base type object lacks "
                                  "required member \"type\"");
    }
    error = atomic_type_from_json(&type, type_json);
    if (error) {
        return error;
    }
    ovsdb_base_type_init(base, type);

    char *what = xasprintf("base type \"%s\"", atomic_type_names[type]);
    error = ovsdb_error_check_members(json, base_type_members(type), what);
    free(what);
    if (!error) {
        error = parse_constraints(base, json);
    }

    const struct json *enum_json = json_object_get(json, "enum");
    if (!error && enum_json) {
        struct ovsdb_type enum_type;
        struct ovsdb_datum *datum = xmalloc(sizeof *datum);

        ovsdb_base_type_get_enum_type(base, &enum_type);
        error = ovsdb_datum_from_json(datum, &enum_type, enum_json, NULL);
        if (error) {
            /* A bad enum makes a bad type: report a syntax error, whatever
             * the datum parser called the problem. */
            struct ovsdb_error *syntax_error = ovsdb_syntax_error(
                enum_json, NULL, "\"enum\": %s",
                ovsdb_error_get_details(error));
            ovsdb_error_destroy(error);
            error = syntax_error;
            free(datum);
        } else {
            base->enum_ = datum;
        }
    }

    if (!error) {
        error = ovsdb_base_type_validate(base);
    }
    return error;
}

struct ovsdb_error *
ovsdb_base_type_from_json(struct ovsdb_base_type *base,
                          const struct json *json)
{
    ovsdb_base_type_init(base, OVSDB_TYPE_VOID);
    struct ovsdb_error *error = base_type_from_json__(base, json);
    if (error) {
        ovsdb_base_type_destroy(base);
        ovsdb_base_type_init(base, OVSDB_TYPE_VOID);
    }
    return error;
}

struct json *
ovsdb_base_type_to_json(const struct ovsdb_base_type *base)
{
    const char *name = ovsdb_atomic_type_to_string(base->type);
    if (!ovsdb_base_type_has_constraints(base)) {
        return json_string_create(name);
    }

    struct json *json = json_object_create();
    json_object_put_string(json, "type", name);
    if (base->enum_) {
        struct ovsdb_type enum_type;

        ovsdb_base_type_get_enum_type(base, &enum_type);
        json_object_put(json, "enum",
                        ovsdb_datum_to_json(base->enum_, &enum_type));
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        if (base->integer.min != INT64_MIN) {
            json_object_put(json, "minInteger",
                            json_integer_create(base->integer.min));
        }
        if (base->integer.max != INT64_MAX) {
            json_object_put(json, "maxInteger",
                            json_integer_create(base->integer.max));
        }
        break;

    case OVSDB_TYPE_REAL:
        if (base->real.min != -DBL_MAX) {
            json_object_put(json, "minReal",
                            json_real_create(base->real.min));
        }
        if (base->real.max != DBL_MAX) {
            json_object_put(json, "maxReal",
                            json_real_create(base->real.max));
        }
        break;

    case OVSDB_TYPE_STRING:
        if (base->string.min_length != 0) {
            json_object_put(json, "minLength",
                            json_integer_create(base->string.min_length));
        }
        if (base->string.max_length != UINT_MAX) {
            json_object_put(json, "maxLength",
                            json_integer_create(base->string.max_length));
        }
        break;

    case OVSDB_TYPE_UUID:
        if (base->uuid.ref_table_name) {
            json_object_put_string(json, "refTable",
                                   base->uuid.ref_table_name);
            if (base->uuid.ref_type == OVSDB_REF_WEAK) {
                json_object_put_string(json, "refType", "weak");
            }
        }
        break;

    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        break;
    }
    return json;
}

/* Types. */

void
ovsdb_type_init(struct ovsdb_type *type, enum ovsdb_atomic_type key_type)
{
    ovsdb_base_type_init(&type->key, key_type);
    ovsdb_base_type_init(&type->value, OVSDB_TYPE_VOID);
    type->n_min = 1;
    type->n_max = 1;
}

void
ovsdb_type_clone(struct ovsdb_type *dst, const struct ovsdb_type *src)
{
    ovsdb_base_type_clone(&dst->key, &src->key);
    ovsdb_base_type_clone(&dst->value, &src->value);
    dst->n_min = src->n_min;
    dst->n_max = src->n_max;
}

void
ovsdb_type_destroy(struct ovsdb_type *type)
{
    if (type) {
        ovsdb_base_type_destroy(&type->key);
        ovsdb_base_type_destroy(&type->value);
    }
}

bool
ovsdb_type_equals(const struct ovsdb_type *a, const struct ovsdb_type *b)
{
    return (ovsdb_base_type_equals(&a->key, &b->key)
            && ovsdb_base_type_equals(&a->value, &b->value)
            && a->n_min == b->n_min
            && a->n_max == b->n_max);
}

bool
ovsdb_type_is_scalar(const struct ovsdb_type *type)
{
    return (type->value.type == OVSDB_TYPE_VOID
            && type->n_min == 1 && type->n_max == 1);
}

bool
ovsdb_type_is_optional(const struct ovsdb_type *type)
{
    return (type->value.type == OVSDB_TYPE_VOID
            && type->n_min == 0 && type->n_max == 1);
}

bool
ovsdb_type_is_set(const struct ovsdb_type *type)
{
    return (type->value.type == OVSDB_TYPE_VOID
            && (type->n_min != 1 || type->n_max != 1));
}

bool
ovsdb_type_is_map(const struct ovsdb_type *type)
{
    return type->value.type != OVSDB_TYPE_VOID;
}

bool
ovsdb_type_is_composite(const struct ovsdb_type *type)
{
    return type->n_max > 1;
}

struct ovsdb_error *
ovsdb_type_validate(const struct ovsdb_type *type)
{
    if (type->key.type == OVSDB_TYPE_VOID) {
        return ovsdb_syntax_error(NULL, NULL, "key type cannot be void");
    }

    struct ovsdb_error *error = ovsdb_base_type_validate(&type->key);
    if (error) {
        return ovsdb_error_wrap(error, "key");
    }
    error = ovsdb_base_type_validate(&type->value);
    if (error) {
        return ovsdb_error_wrap(error, "value");
    }

    if (type->n_min > 1) {
        return ovsdb_syntax_error(NULL, NULL, "\"min\" must be 0 or 1, "
                                  "not %u", type->n_min);
    }
    if (type->n_max < 1) {
        return ovsdb_syntax_error(NULL, NULL, "\"max\" must be at least 1");
    }
    return NULL;
}

/* Parses member NAME of OBJECT, if present, as the "min" or "max" of a type
 * into *N.  If UNLIMITED_OK, "unlimited" is allowed and means UINT_MAX. */
static struct ovsdb_error *
parse_n_member(const struct json *object, const char *name,
               bool unlimited_ok, unsigned int *n)
{
    const struct json *json = json_object_get(object, name);
    if (!json) {
        return NULL;
    }
    if (unlimited_ok && json->type == JSON_STRING
        && !strcmp(json_string(json), "unlimited")) {
        *n = UINT_MAX;
        return NULL;
    }
    if (json->type != JSON_INTEGER || json->integer < 0
        || json->integer >= UINT_MAX) {
        return ovsdb_syntax_error(json, NULL, "\"%s\" must be %s", name,
                                  (unlimited_ok
                                   ? "a positive integer or \"unlimited\""
                                   : "0 or 1"));
    }
    *n = json->integer;
    return NULL;
}

/* Does the work of ovsdb_type_from_json(), except that on error TYPE may
 * hold constraints. */
static struct ovsdb_error *
type_from_json__(struct ovsdb_type *type, const struct json *json)
{
    static const char *const members[] = {
        "key", "value", "min", "max", NULL
    };
    struct ovsdb_error *error;

    if (json->type == JSON_STRING) {
        enum ovsdb_atomic_type key_type = OVSDB_TYPE_VOID;

        error = atomic_type_from_json(&key_type, json);
        if (!error) {
            ovsdb_type_init(type, key_type);
        }
        return error;
    }
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "type must be a type name or "
                                  "an object");
    }

    error = ovsdb_error_check_members(json, members, "type");
    if (error) {
        return error;
    }

    const struct json *key = json_object_get(json, "key");
    if (!key) {
        return ovsdb_syntax_error(json, NULL, "type object lacks required "
                                  "member \"key\"");
    }
    error = ovsdb_base_type_from_json(&type->key, key);
    if (error) {
        return ovsdb_error_wrap(error, "key");
    }

    const struct json *value = json_object_get(json, "value");
    if (value) {
        error = ovsdb_base_type_from_json(&type->value, value);
        if (error) {
            return ovsdb_error_wrap(error, "value");
        }
    }

    error = parse_n_member(json, "min", false, &type->n_min);
    if (!error) {
        error = parse_n_member(json, "max", true, &type->n_max);
    }
    if (!error) {
        error = ovsdb_type_validate(type);
    }
    return error;
}

struct ovsdb_error *
ovsdb_type_from_json(struct ovsdb_type *type, const struct json *json)
{
    ovsdb_type_init(type, OVSDB_TYPE_VOID);
    struct ovsdb_error *error = type_from_json__(type, json);
    if (error) {
        ovsdb_type_destroy(type);
        ovsdb_type_init(type, OVSDB_TYPE_VOID);
    }
    return error;
}

struct json *
ovsdb_type_to_json(const struct ovsdb_type *type)
{
    if (ovsdb_type_is_scalar(type)
        && !ovsdb_base_type_has_constraints(&type->key)) {
        return ovsdb_base_type_to_json(&type->key);
    }

    struct json *json = json_object_create();
    json_object_put(json, "key", ovsdb_base_type_to_json(&type->key));
    if (type->value.type != OVSDB_TYPE_VOID) {
        json_object_put(json, "value",
                        ovsdb_base_type_to_json(&type->value));
    }
    if (type->n_min != 1) {
        json_object_put(json, "min", json_integer_create(type->n_min));
    }
    if (type->n_max == UINT_MAX) {
        json_object_put_string(json, "max", "unlimited");
    } else if (type->n_max != 1) {
        json_object_put(json, "max", json_integer_create(type->n_max));
    }
    return json;
}

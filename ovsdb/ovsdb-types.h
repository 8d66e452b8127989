/*
 * ovsdb-types: the column types of OVSDB (RFC 7047 section 3.2).
 *
 * An atomic type is one of integer, real, boolean, string and uuid, plus
 * void, which only stands for "no value type" in the type of a set.
 *
 * A base type ('struct ovsdb_base_type') is an atomic type with optional
 * constraints: a set of allowed values ("enum"), a range for integers
 * ("minInteger", "maxInteger") and reals ("minReal", "maxReal"), a range
 * of lengths in characters for strings ("minLength", "maxLength"), and for
 * uuids the table that the uuid refers to ("refTable") and whether the
 * reference is strong or weak ("refType").  An absent bound is stored as
 * the widest value (INT64_MIN, DBL_MAX, UINT_MAX and so on).
 *
 * A type ('struct ovsdb_type') is a key base type, a value base type (void
 * for sets and scalars) and the range of the number of elements, 'n_min'
 * (0 or 1) to 'n_max' (at least 1, UINT_MAX for "unlimited").  A scalar
 * holds exactly one key; an optional value zero or one; a set a range of
 * keys; a map a range of key-value pairs.
 *
 * JSON.  ovsdb_type_from_json() accepts RFC 7047's <type>: a bare atomic
 * type name ("integer"), or an object with "key", optional "value", "min"
 * and "max" members, where "key" and "value" are a name or an object with
 * "type" and constraint members.  ovsdb_type_to_json() writes the
 * shortest such form, as Open vSwitch writes its schemas, so that parsing
 * its output gives an equal type.  Errors name the member that is wrong.
 *
 * Ownership.  A base type owns its enum datum and its refTable name; a
 * type owns its two base types.  Initialize with ovsdb_base_type_init() or
 * ovsdb_type_init(), or fill with a *_from_json() or *_clone() function;
 * release with the matching *_destroy().  Constant types without enum or
 * refTable, such as those OVSDB_TYPE_INITIALIZER() makes, need no
 * destroy.
 *
 * Thread safety: a type belongs to one thread while it is being built;
 * after that, any number of threads may read it concurrently.
 */
#ifndef SLUICE_OVSDB_TYPES_H
#define SLUICE_OVSDB_TYPES_H 1

#include <float.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include "util.h"

struct json;
struct ovsdb_datum;
struct ovsdb_error;
struct ovsdb_type;

/* Atomic types. */
enum ovsdb_atomic_type {
    OVSDB_TYPE_VOID,            /* No value (for the value type of sets). */
    OVSDB_TYPE_INTEGER,         /* int64_t. */
    OVSDB_TYPE_REAL,            /* double. */
    OVSDB_TYPE_BOOLEAN,         /* bool. */
    OVSDB_TYPE_STRING,          /* UTF-8 string. */
    OVSDB_TYPE_UUID,            /* struct uuid. */
    OVSDB_N_TYPES
};

/* Returns the name of TYPE as RFC 7047 spells it: "integer", "real",
 * "boolean", "string", "uuid", or "void" for OVSDB_TYPE_VOID. */
const char *ovsdb_atomic_type_to_string(enum ovsdb_atomic_type type);

/* Stores in *TYPE the atomic type named NAME, one of "integer", "real",
 * "boolean", "string" and "uuid", and returns true; returns false for any
 * other NAME (including "void", which no schema may name). */
bool ovsdb_atomic_type_from_string(const char *name,
                                   enum ovsdb_atomic_type *type);

/* Returns true if NAME is an RFC 7047 <id>: a letter or '_' followed by
 * letters, digits and '_'.  The names of refTables, named-uuids, tables,
 * columns and schemas must all be <id>s. */
bool ovsdb_type_is_valid_id(const char *name);

/* Reference types of uuid columns that name a "refTable". */
enum ovsdb_ref_type {
    OVSDB_REF_STRONG,           /* The referenced row must exist. */
    OVSDB_REF_WEAK              /* Dangling references are removed. */
};

/* Returns "strong" or "weak". */
const char *ovsdb_ref_type_to_string(enum ovsdb_ref_type type);

/* An atomic type and its constraints.  Only the constraints for 'type'
 * are meaningful; the others stay at their defaults. */
struct ovsdb_base_type {
    enum ovsdb_atomic_type type;

    /* Allowed values, a set of 'type' atoms, or null to allow any value
     * (subject to the constraints below). */
    struct ovsdb_datum *enum_;

    struct {                    /* OVSDB_TYPE_INTEGER. */
        int64_t min;            /* INT64_MIN if no "minInteger". */
        int64_t max;            /* INT64_MAX if no "maxInteger". */
    } integer;
    struct {                    /* OVSDB_TYPE_REAL. */
        double min;             /* -DBL_MAX if no "minReal". */
        double max;             /* DBL_MAX if no "maxReal". */
    } real;
    struct {                    /* OVSDB_TYPE_STRING. */
        unsigned int min_length;    /* In characters; 0 if absent. */
        unsigned int max_length;    /* UINT_MAX if absent. */
    } string;
    struct {                    /* OVSDB_TYPE_UUID. */
        char *ref_table_name;   /* "refTable", or null. */
        enum ovsdb_ref_type ref_type;   /* Strong if no "refType". */
    } uuid;
};

/* A constant initializer for an unconstrained base type of atomic type
 * TYPE. */
#define OVSDB_BASE_TYPE_INITIALIZER(TYPE)                       \
    {                                                           \
        .type = (TYPE),                                         \
        .enum_ = NULL,                                          \
        .integer = { .min = INT64_MIN, .max = INT64_MAX },      \
        .real = { .min = -DBL_MAX, .max = DBL_MAX },            \
        .string = { .min_length = 0, .max_length = UINT_MAX },  \
        .uuid = { .ref_table_name = NULL,                       \
                  .ref_type = OVSDB_REF_STRONG },               \
    }

/* Initializes BASE as an unconstrained base type of atomic type TYPE. */
void ovsdb_base_type_init(struct ovsdb_base_type *base,
                          enum ovsdb_atomic_type type);

/* Initializes DST as a deep copy of SRC. */
void ovsdb_base_type_clone(struct ovsdb_base_type *dst,
                           const struct ovsdb_base_type *src);

/* Frees what BASE owns (its enum and refTable name).  BASE itself is not
 * freed; a null BASE is a no-op. */
void ovsdb_base_type_destroy(struct ovsdb_base_type *base);

/* Returns true if BASE has any constraint beyond its atomic type: an enum,
 * a bound, or a refTable. */
bool ovsdb_base_type_has_constraints(const struct ovsdb_base_type *base);

/* Removes every constraint from BASE, freeing what they owned, and leaves
 * its atomic type. */
void ovsdb_base_type_clear_constraints(struct ovsdb_base_type *base);

/* Returns true if BASE is a uuid that refers to a table, with a strong
 * or (for the second function) weak reference. */
bool ovsdb_base_type_is_strong_ref(const struct ovsdb_base_type *base);
bool ovsdb_base_type_is_weak_ref(const struct ovsdb_base_type *base);

/* Initializes ENUM_TYPE as the type of BASE's enum: a set of one or more
 * atoms of BASE without its enum.  ENUM_TYPE shares BASE's refTable name,
 * so it must not be destroyed nor used after BASE is destroyed. */
void ovsdb_base_type_get_enum_type(const struct ovsdb_base_type *base,
                                   struct ovsdb_type *enum_type);

/* Returns true if A and B have the same atomic type and the same
 * constraints. */
bool ovsdb_base_type_equals(const struct ovsdb_base_type *a,
                            const struct ovsdb_base_type *b);

/* Checks that BASE is a consistent base type: no constraints on void, each
 * minimum no greater than its maximum, bounds on reals finite, an enum (if
 * any) that is a nonempty set, a refTable only on a uuid and with a
 * valid name, a valid refType.
 * Returns null if so, otherwise a "syntax error" that says what is
 * wrong. */
struct ovsdb_error *ovsdb_base_type_validate(
    const struct ovsdb_base_type *base) SLUICE_WARN_UNUSED_RESULT;

/* Parses JSON, an RFC 7047 <base-type> (an atomic type name or an object
 * with "type" and constraint members), into BASE and validates it.  Only
 * the constraint members of the given type are accepted ("minLength" on
 * an integer is an error), and the values of an "enum" must satisfy the
 * other constraints.  On success returns null and BASE must later be
 * destroyed; on failure returns a "syntax error" and leaves BASE
 * unconstrained void (destroying it is then harmless). */
struct ovsdb_error *ovsdb_base_type_from_json(struct ovsdb_base_type *base,
                                              const struct json *json)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns BASE as JSON: the bare type name if BASE has no constraints,
 * otherwise an object with "type" and one member per constraint that is
 * not at its default.  The caller owns the result. */
struct json *ovsdb_base_type_to_json(const struct ovsdb_base_type *base);

/* A column type. */
struct ovsdb_type {
    struct ovsdb_base_type key;
    struct ovsdb_base_type value;   /* OVSDB_TYPE_VOID if not a map. */
    unsigned int n_min;             /* 0 or 1. */
    unsigned int n_max;             /* At least 1; UINT_MAX: unlimited. */
};

/* A constant initializer for the unconstrained type of KEY_TYPE atoms,
 * VALUE_TYPE values (OVSDB_TYPE_VOID for a set), N_MIN to N_MAX
 * elements. */
#define OVSDB_TYPE_INITIALIZER(KEY_TYPE, VALUE_TYPE, N_MIN, N_MAX)      \
    {                                                                   \
        .key = OVSDB_BASE_TYPE_INITIALIZER(KEY_TYPE),                   \
        .value = OVSDB_BASE_TYPE_INITIALIZER(VALUE_TYPE),               \
        .n_min = (N_MIN),                                               \
        .n_max = (N_MAX),                                               \
    }

/* Initializes TYPE as the unconstrained scalar type of KEY_TYPE atoms:
 * exactly one key, no value. */
void ovsdb_type_init(struct ovsdb_type *type,
                     enum ovsdb_atomic_type key_type);

/* Initializes DST as a deep copy of SRC. */
void ovsdb_type_clone(struct ovsdb_type *dst, const struct ovsdb_type *src);

/* Frees what TYPE owns.  TYPE itself is not freed; null is a no-op. */
void ovsdb_type_destroy(struct ovsdb_type *type);

/* Returns true if A and B are the same type, constraints included. */
bool ovsdb_type_equals(const struct ovsdb_type *a,
                       const struct ovsdb_type *b);

/* Returns true if TYPE holds exactly one key and no value. */
bool ovsdb_type_is_scalar(const struct ovsdb_type *type);

/* Returns true if TYPE holds zero or one key and no value. */
bool ovsdb_type_is_optional(const struct ovsdb_type *type);

/* Returns true if TYPE is a set other than a scalar: no value, and a
 * range of sizes other than exactly 1 (optional values count as sets). */
bool ovsdb_type_is_set(const struct ovsdb_type *type);

/* Returns true if TYPE maps keys to values. */
bool ovsdb_type_is_map(const struct ovsdb_type *type);

/* Returns true if TYPE may hold more than one element. */
bool ovsdb_type_is_composite(const struct ovsdb_type *type);

/* Checks that TYPE is consistent: a non-void key, valid key and value base
 * types, 'n_min' 0 or 1, 'n_max' at least 1 and at least 'n_min'.
 * Returns null if so, otherwise a "syntax error" saying what is wrong. */
struct ovsdb_error *ovsdb_type_validate(const struct ovsdb_type *type)
    SLUICE_WARN_UNUSED_RESULT;

/* Parses JSON, an RFC 7047 <type>, into TYPE and validates it.  On success
 * returns null and TYPE must later be destroyed; on failure returns a
 * "syntax error" naming what is wrong and leaves TYPE holding nothing
 * that needs destroying. */
struct ovsdb_error *ovsdb_type_from_json(struct ovsdb_type *type,
                                         const struct json *json)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns TYPE as JSON in its shortest form: the bare atomic type name for
 * an unconstrained scalar, otherwise an object with "key", "value" if
 * TYPE is a map, "min" if not 1 and "max" if not 1 ("unlimited" for
 * UINT_MAX).  The caller owns the result. */
struct json *ovsdb_type_to_json(const struct ovsdb_type *type);

#endif /* ovsdb-types.h */

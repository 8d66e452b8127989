/*
 * ovsdb-data: the values of OVSDB columns (RFC 7047 section 5.1).
 *
 * Atoms.  A 'union ovsdb_atom' holds one value of an atomic type; which
 * member is meaningful depends on the type, which the caller always knows
 * from the column and passes along.  String atoms own their string.
 *
 * Datums.  A 'struct ovsdb_datum' is the value of a column: 'n' keys and,
 * for maps, 'n' values ('values' is null for sets and scalars).  A datum
 * is always in canonical form: keys sorted in ovsdb_atom_compare_3way()
 * order, each key at most once.  Every function here keeps that form;
 * callers that build a datum by hand call ovsdb_datum_sort() or
 * ovsdb_datum_sort_unique() to restore it.  The number of elements is
 * checked against the type's 'n_min' and 'n_max' by the parsers and by
 * ovsdb_datum_check_size(), but the mutation helpers (union, subtract)
 * leave that check to the caller, which decides when the result is
 * final.
 *
 * JSON.  Atoms and datums are read and written in the RFC 7047 wire form:
 * integers as JSON integers, reals as JSON numbers (an integer is accepted
 * for a real), booleans, strings, ["uuid", "<uuid>"] and, where a symbol
 * table is given, ["named-uuid", "<id>"]; a set as an atom (a set of one)
 * or ["set", [<atom>, ...]], a map as ["map", [[<key>, <value>], ...]].
 * Output writes a set of exactly one element as the bare atom, as Open
 * vSwitch does.  The parsers check every atom against its base type's
 * constraints.
 *
 * Text.  ovsdb_atom_to_string() and ovsdb_datum_to_string() write the
 * syntax of ovs-vsctl, which sluice-vsctl shares: integers and reals as
 * numbers, "true" and "false", uuids in canonical form, strings bare when
 * they look like an identifier (a letter or '_' followed by letters,
 * digits, '_', '-' and '.'), are not "true" or "false" and do not look like
 * a uuid, and otherwise in double quotes with JSON escapes; sets as
 * [a, b, c] and maps as {k=v, k2=v2}, with the brackets or braces always
 * written for a type that may hold more than one element ("[9]", "{}")
 * and for an empty value ("[]"), but left out around the single element
 * of a scalar or optional type ("5").  ovsdb_atom_from_string() and
 * ovsdb_datum_from_string() parse that syntax back; they also accept the
 * brackets around a set of one, no brackets or braces at all, any amount
 * of white space around elements, and "@name" for a uuid through a symbol
 * table.
 *
 * Symbol tables map the names of ["named-uuid", NAME] (and "@NAME" in the
 * text syntax) to uuids during one transaction.  A symbol is created with
 * a fresh random uuid the first time its name is used, whether by a
 * reference or by an insert that declares it; 'created' records whether
 * an insert has declared it.
 *
 * Ownership.  A datum owns its arrays and atoms; release it with
 * ovsdb_datum_destroy() and the type it was built for.  Functions that
 * take a 'const' atom or datum copy what they keep.  Errors are returned
 * as 'struct ovsdb_error *' that the caller owns; on error, an output
 * atom or datum is left empty or default, so that destroying it is always
 * safe and never needed.
 *
 * Thread safety: none.  An atom, datum or symbol table belongs to one
 * thread at a time; const functions may run concurrently on the same
 * value.
 */
#ifndef SLUICE_OVSDB_DATA_H
#define SLUICE_OVSDB_DATA_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ovsdb-types.h"
#include "shash.h"
#include "util.h"
#include "uuid.h"

struct ds;
struct json;
struct ovsdb_error;
struct ovsdb_symbol_table;

/* One value of an atomic type. */
union ovsdb_atom {
    int64_t integer;
    double real;
    bool boolean;
    char *string;               /* Owned, UTF-8, null-terminated. */
    struct uuid uuid;
};

/* Initializes ATOM to the default value of TYPE: 0, 0.0, false, "" or the
 * all-zero uuid.  (TYPE must not be void.) */
void ovsdb_atom_init_default(union ovsdb_atom *atom,
                             enum ovsdb_atomic_type type);

/* Returns true if ATOM is the default value of TYPE. */
bool ovsdb_atom_is_default(const union ovsdb_atom *atom,
                           enum ovsdb_atomic_type type);

/* Initializes DST as a copy of SRC, both of TYPE. */
void ovsdb_atom_clone(union ovsdb_atom *dst, const union ovsdb_atom *src,
                      enum ovsdb_atomic_type type);

/* Frees what ATOM of TYPE owns (the string of a string atom).  ATOM itself
 * is not freed. */
void ovsdb_atom_destroy(union ovsdb_atom *atom, enum ovsdb_atomic_type type);

/* Returns a negative number, zero or a positive number as A sorts before,
 * equal to or after B, both of TYPE.  The order is total: integers and
 * reals numerically (-0.0 equals 0.0; a NaN, which no parser accepts,
 * sorts after every number), false before true, strings by strcmp(),
 * uuids as by uuid_compare(). */
int ovsdb_atom_compare_3way(const union ovsdb_atom *a,
                            const union ovsdb_atom *b,
                            enum ovsdb_atomic_type type);

/* Returns true if A and B, both of TYPE, compare equal. */
bool ovsdb_atom_equals(const union ovsdb_atom *a, const union ovsdb_atom *b,
                       enum ovsdb_atomic_type type);

/* Returns a hash of ATOM of TYPE, starting from BASIS.  Atoms that compare
 * equal hash equally. */
uint32_t ovsdb_atom_hash(const union ovsdb_atom *atom,
                         enum ovsdb_atomic_type type, uint32_t basis);

/* Parses JSON as an atom of BASE's atomic type into ATOM and checks it
 * against BASE's constraints.  ["named-uuid", NAME] is accepted only if
 * SYMTAB is nonnull: the uuid is that of NAME's symbol, which is created
 * if needed and marked as referenced strongly or weakly per BASE.
 * Returns null on success, otherwise a "syntax error" for JSON of the
 * wrong form or a "constraint violation", and then ATOM holds nothing
 * that needs destroying. */
struct ovsdb_error *ovsdb_atom_from_json(union ovsdb_atom *atom,
                                         const struct ovsdb_base_type *base,
                                         const struct json *json,
                                         struct ovsdb_symbol_table *symtab)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns ATOM of TYPE in RFC 7047 JSON form.  The caller owns it. */
struct json *ovsdb_atom_to_json(const union ovsdb_atom *atom,
                                enum ovsdb_atomic_type type);

/* Checks ATOM against BASE's constraints: the enum, the integer or real
 * range, the string length in characters (and that the string is valid
 * UTF-8).  Returns null if ATOM satisfies them, otherwise a "constraint
 * violation" whose details name the value and the constraint. */
struct ovsdb_error *ovsdb_atom_check_constraints(
    const union ovsdb_atom *atom, const struct ovsdb_base_type *base)
    SLUICE_WARN_UNUSED_RESULT;

/* Appends ATOM of TYPE to OUT in the ovs-vsctl text syntax. */
void ovsdb_atom_to_string(const union ovsdb_atom *atom,
                          enum ovsdb_atomic_type type, struct ds *out);

/* Parses S, all of it, as an atom of BASE's atomic type in the ovs-vsctl
 * text syntax into ATOM and checks BASE's constraints.  A string is S
 * itself, or, if S starts with a double quote, the JSON string S.  A uuid
 * may be given as "@NAME" if SYMTAB is nonnull, as for
 * ovsdb_atom_from_json().  Returns null on success, otherwise a "syntax
 * error" that quotes S, or a "constraint violation"; ATOM then holds
 * nothing that needs destroying. */
struct ovsdb_error *ovsdb_atom_from_string(union ovsdb_atom *atom,
                                           const struct ovsdb_base_type *base,
                                           const char *s,
                                           struct ovsdb_symbol_table *symtab)
    SLUICE_WARN_UNUSED_RESULT;

/* The value of a column. */
struct ovsdb_datum {
    size_t n;                   /* Number of keys (and values). */
    union ovsdb_atom *keys;     /* Sorted, unique; null if 'n' is 0. */
    union ovsdb_atom *values;   /* Null unless a nonempty map. */
};

/* Initializes DATUM as the empty set or map. */
void ovsdb_datum_init_empty(struct ovsdb_datum *datum);

/* Initializes DATUM as the default value of TYPE: empty if 'n_min' is 0,
 * otherwise one default key (and value). */
void ovsdb_datum_init_default(struct ovsdb_datum *datum,
                              const struct ovsdb_type *type);

/* Returns true if DATUM is the default value of TYPE. */
bool ovsdb_datum_is_default(const struct ovsdb_datum *datum,
                            const struct ovsdb_type *type);

/* Initializes DST as a deep copy of SRC of TYPE. */
void ovsdb_datum_clone(struct ovsdb_datum *dst,
                       const struct ovsdb_datum *src,
                       const struct ovsdb_type *type);

/* Frees what DATUM of TYPE owns and leaves it empty.  DATUM itself is not
 * freed; a null DATUM is a no-op. */
void ovsdb_datum_destroy(struct ovsdb_datum *datum,
                         const struct ovsdb_type *type);

/* Exchanges the contents of A and B. */
void ovsdb_datum_swap(struct ovsdb_datum *a, struct ovsdb_datum *b);

/* Parses JSON as a datum of TYPE into DATUM: for a map ["map", [[k, v],
 * ...]], for any other type ["set", [...]] or a single atom.  Checks each
 * atom against its constraints, sorts the keys, rejects duplicate keys
 * and checks the number of elements against TYPE.  SYMTAB is as for
 * ovsdb_atom_from_json().  Returns null on success, otherwise a "syntax
 * error" or a "constraint violation", and DATUM is then empty. */
struct ovsdb_error *ovsdb_datum_from_json(struct ovsdb_datum *datum,
                                          const struct ovsdb_type *type,
                                          const struct json *json,
                                          struct ovsdb_symbol_table *symtab)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns DATUM of TYPE in RFC 7047 JSON form: a map as ["map", [...]],
 * a set of exactly one element as the bare atom, any other set as ["set",
 * [...]].  The caller owns the result. */
struct json *ovsdb_datum_to_json(const struct ovsdb_datum *datum,
                                 const struct ovsdb_type *type);

/* Returns null if the number of elements of DATUM is within TYPE's
 * 'n_min' to 'n_max', otherwise a "constraint violation" saying how many
 * elements there are and how many are allowed. */
struct ovsdb_error *ovsdb_datum_check_size(const struct ovsdb_datum *datum,
                                           const struct ovsdb_type *type)
    SLUICE_WARN_UNUSED_RESULT;

/* Checks every key and value of DATUM against the constraints of TYPE's
 * key and value base types, as ovsdb_atom_check_constraints() does.  (The
 * number of elements is ovsdb_datum_check_size()'s business.) */
struct ovsdb_error *ovsdb_datum_check_constraints(
    const struct ovsdb_datum *datum, const struct ovsdb_type *type)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns true if A and B, both of TYPE, hold the same elements. */
bool ovsdb_datum_equals(const struct ovsdb_datum *a,
                        const struct ovsdb_datum *b,
                        const struct ovsdb_type *type);

/* Compares A and B, both of TYPE, for sorting rows: element by element
 * (each key, then its value), and a datum that is a prefix of the other
 * sorts first.  Returns a negative number, zero or a positive number. */
int ovsdb_datum_compare_3way(const struct ovsdb_datum *a,
                             const struct ovsdb_datum *b,
                             const struct ovsdb_type *type);

/* Returns a hash of DATUM of TYPE, starting from BASIS.  Equal datums hash
 * equally. */
uint32_t ovsdb_datum_hash(const struct ovsdb_datum *datum,
                          const struct ovsdb_type *type, uint32_t basis);

/* Searches DATUM, whose keys are of KEY_TYPE, for KEY by binary search.
 * Returns true and stores KEY's index in *IDXP if KEY is present;
 * otherwise returns false and stores in *IDXP the index at which KEY
 * would be inserted.  IDXP may be null. */
bool ovsdb_datum_find_key(const struct ovsdb_datum *datum,
                          const union ovsdb_atom *key,
                          enum ovsdb_atomic_type key_type, size_t *idxp);

/* Adds to A every element of B, both of TYPE: for sets the union, for maps
 * every pair of B whose key is not in A (a key already in A keeps its
 * value, as RFC 7047's "insert" mutator requires).  Does not check the
 * size of the result. */
void ovsdb_datum_union(struct ovsdb_datum *a, const struct ovsdb_datum *b,
                       const struct ovsdb_type *type);

/* Removes from A, of A_TYPE, the elements given by B, of B_TYPE.  If A is
 * a set, B is a set of the same key type and each of its elements is
 * removed.  If A is a map, B is either a set of keys of A's key type,
 * whose pairs are removed whatever their values, or a map of A's key and
 * value types, whose pairs are removed where both key and value match (RFC
 * 7047's "delete" mutator).  Does not check the size of the result. */
void ovsdb_datum_subtract(struct ovsdb_datum *a,
                          const struct ovsdb_type *a_type,
                          const struct ovsdb_datum *b,
                          const struct ovsdb_type *b_type);

/* Sorts the keys of DATUM, of TYPE, into canonical order.  Returns null if
 * the keys are unique; otherwise returns a "constraint violation" whose
 * details name a duplicate ("set contains duplicate value 5", "map
 * contains duplicate key \"a\""), and DATUM is sorted but keeps its
 * duplicates. */
struct ovsdb_error *ovsdb_datum_sort(struct ovsdb_datum *datum,
                                     const struct ovsdb_type *type)
    SLUICE_WARN_UNUSED_RESULT;

/* Sorts the keys of DATUM, of TYPE, into canonical order and removes
 * duplicate keys, keeping for each key the element that came first in
 * DATUM (for a map, that element's value). */
void ovsdb_datum_sort_unique(struct ovsdb_datum *datum,
                             const struct ovsdb_type *type);

/* Appends DATUM of TYPE to OUT in the ovs-vsctl text syntax. */
void ovsdb_datum_to_string(const struct ovsdb_datum *datum,
                           const struct ovsdb_type *type, struct ds *out);

/* Parses S, all of it, in the ovs-vsctl text syntax as a datum of TYPE
 * into DATUM: for a map "{k=v, k2=v2}" (the braces may be left out), for
 * other types "[a, b]" (the brackets may be left out); each element as
 * for ovsdb_atom_from_string(), quoted if it holds white space or any of
 * ",={}[]".  Sorts, rejects duplicate keys and checks the size against
 * TYPE.  Returns null on success, otherwise a "syntax error" that quotes
 * the bad text, or a "constraint violation"; DATUM is then empty. */
struct ovsdb_error *ovsdb_datum_from_string(struct ovsdb_datum *datum,
                                            const struct ovsdb_type *type,
                                            const char *s,
                                            struct ovsdb_symbol_table *symtab)
    SLUICE_WARN_UNUSED_RESULT;

/* Symbol tables. */

/* A named uuid. */
struct ovsdb_symbol {
    struct uuid uuid;           /* Random, chosen at creation. */
    bool created;               /* Declared by an insert's "uuid-name". */
    bool strong_ref;            /* Used through a strong reference. */
    bool weak_ref;              /* Used through a weak reference. */
};

struct ovsdb_symbol_table {
    struct shash sh;            /* Name -> struct ovsdb_symbol *. */
};

/* Returns a new, empty symbol table. */
struct ovsdb_symbol_table *ovsdb_symbol_table_create(void);

/* Frees SYMTAB and its symbols.  A null SYMTAB is a no-op. */
void ovsdb_symbol_table_destroy(struct ovsdb_symbol_table *symtab);

/* Returns the symbol named NAME in SYMTAB, or null if there is none.  The
 * symbol belongs to SYMTAB. */
struct ovsdb_symbol *ovsdb_symbol_table_find(
    const struct ovsdb_symbol_table *symtab, const char *name);

/* Returns the symbol named NAME in SYMTAB, creating it first if there is
 * none, with a fresh random uuid and 'created', 'strong_ref' and
 * 'weak_ref' false.  The caller sets 'created' when an insert declares
 * NAME.  The symbol belongs to SYMTAB. */
struct ovsdb_symbol *ovsdb_symbol_table_insert(
    struct ovsdb_symbol_table *symtab, const char *name);

#endif /* ovsdb-data.h */

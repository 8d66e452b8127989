/*
 * ovsdb-schema: OVSDB database schemas (RFC 7047 section 3.2).
 *
 * A schema has a name, a version "x.y.z", an optional checksum and a set
 * of tables.  Each table has columns, a maximum number of rows, whether it
 * is a root table, and indexes (sets of columns whose values must be
 * unique together).  Each column has a name, a type (ovsdb-types.h), and
 * is mutable or not, ephemeral or persistent.
 *
 * Implicit columns.  As in Open vSwitch, every table also has the columns
 * "_uuid" (index 0, the row's identity) and "_version" (index 1, changed
 * by every modification of the row), both of type uuid and not mutable;
 * "_version" is ephemeral, because it need not survive a restart.  The
 * columns of the schema follow from index 2 in strcmp() order of their
 * names, so that column indexes do not depend on the order of members in
 * the JSON text.  The implicit columns are not written by
 * ovsdb_schema_to_json().
 *
 * Root tables.  RFC 7047 says that rows of a table whose "isRoot" is
 * false or absent exist only while a strong reference points to them, and
 * that, for compatibility with schemas older than "isRoot", if no table in
 * the schema has "isRoot" true, then every table is a root table.  This
 * module applies that rule when it parses a schema, so 'is_root' is final;
 * ovsdb_schema_to_json() writes "isRoot": true on root tables unless every
 * table is a root table, in which case it writes no "isRoot" at all.
 *
 * Validation.  ovsdb_schema_from_json() accepts only what RFC 7047
 * allows, and rejects unknown members: names are <id>s, table and column
 * names do not begin with '_' (reserved), the version is "x.y.z", every
 * column type is valid and every "refTable" names a table of the schema,
 * "maxRows" is positive, index columns exist, are not ephemeral and
 * appear once per index.  Errors are "syntax error"s whose details name
 * the table and column ("table Bridge: column ports: type: key: ...").
 *
 * Ownership.  A schema owns its tables, which own their columns, which own
 * their types.  Callers treat a parsed schema as read-only; pointers to
 * its tables and columns stay valid until ovsdb_schema_destroy().
 *
 * Thread safety: a schema is built by one thread; afterwards any number of
 * threads may read it concurrently.
 */
#ifndef SLUICE_OVSDB_SCHEMA_H
#define SLUICE_OVSDB_SCHEMA_H 1

#include <stdbool.h>
#include <stddef.h>
#include "ovsdb-types.h"
#include "shash.h"
#include "util.h"

struct json;
struct ovsdb_error;

/* Indexes of the implicit columns of every table. */
enum {
    OVSDB_COL_UUID = 0,         /* "_uuid". */
    OVSDB_COL_VERSION = 1,      /* "_version". */
    OVSDB_N_IMPLICIT_COLUMNS = 2
};

/* A column. */
struct ovsdb_column {
    unsigned int index;         /* Position in the table's 'columns'. */
    char *name;
    bool mutable;               /* False if "mutable": false. */
    bool ephemeral;             /* True if "ephemeral": true. */
    struct ovsdb_type type;
};

/* A set of columns of one table, in the order the schema gives. */
struct ovsdb_column_set {
    const struct ovsdb_column **columns;
    size_t n_columns;
};

/* A table. */
struct ovsdb_table_schema {
    char *name;
    bool is_root;               /* Rows exist without references. */
    unsigned int max_rows;      /* UINT_MAX if no "maxRows". */

    struct shash columns_by_name;   /* Name -> struct ovsdb_column *. */
    struct ovsdb_column **columns;  /* By 'index'. */
    size_t n_columns;               /* Including the implicit columns. */

    struct ovsdb_column_set *indexes;
    size_t n_indexes;
};

/* A database schema. */
struct ovsdb_schema {
    char *name;
    char *version;              /* "x.y.z". */
    char *cksum;                /* Null if absent. */
    struct shash tables;        /* Name -> struct ovsdb_table_schema *. */
};

/* Parses JSON, an RFC 7047 <database-schema>, and validates it.  On
 * success returns null and stores a new schema in *SCHEMAP, which the
 * caller destroys; on failure returns a "syntax error" and stores null
 * in *SCHEMAP. */
struct ovsdb_error *ovsdb_schema_from_json(const struct json *json,
                                           struct ovsdb_schema **schemap)
    SLUICE_WARN_UNUSED_RESULT;

/* Reads the file FILE_NAME and parses it as ovsdb_schema_from_json() does.
 * An error whose file cannot be read is an "I/O error"; one whose
 * contents are not a valid schema a "syntax error".  Either names the
 * file. */
struct ovsdb_error *ovsdb_schema_from_file(const char *file_name,
                                           struct ovsdb_schema **schemap)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns SCHEMA as an RFC 7047 <database-schema>, as get_schema sends it.
 * Parsing the result gives a schema equal to SCHEMA.  The caller owns
 * it. */
struct json *ovsdb_schema_to_json(const struct ovsdb_schema *schema);

/* Returns a deep copy of SCHEMA, which the caller destroys. */
struct ovsdb_schema *ovsdb_schema_clone(const struct ovsdb_schema *schema);

/* Frees SCHEMA and everything it owns.  A null SCHEMA is a no-op. */
void ovsdb_schema_destroy(struct ovsdb_schema *schema);

/* Returns true if A and B are the same schema: same name, version and
 * checksum, and tables with the same names, properties, columns (with
 * the same indexes, types and flags) and indexes. */
bool ovsdb_schema_equal(const struct ovsdb_schema *a,
                        const struct ovsdb_schema *b);

/* Returns true if VERSION has the form "x.y.z", three decimal numbers of
 * at most 9 digits each, as RFC 7047 requires of a schema version. */
bool ovsdb_schema_version_is_valid(const char *version);

/* Returns the table named NAME in SCHEMA, or null if there is none. */
const struct ovsdb_table_schema *ovsdb_schema_find_table(
    const struct ovsdb_schema *schema, const char *name);

/* Returns the column named NAME in TABLE (implicit columns included), or
 * null if there is none. */
const struct ovsdb_column *ovsdb_table_schema_find_column(
    const struct ovsdb_table_schema *table, const char *name);

#endif /* ovsdb-schema.h */

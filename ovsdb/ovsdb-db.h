/*
 * ovsdb-db: an OVSDB database held in memory (RFC 7047).
 *
 * A database ('struct ovsdb') has a schema and one table ('struct
 * ovsdb_table') per table of the schema.  A table holds its rows ('struct
 * ovsdb_row') in a hash map by _uuid, and one hash map per unique index
 * that the schema declares ("indexes"), which holds the committed rows so
 * that a transaction can check that its changes keep each index unique.
 *
 * A row has one datum per column of its table schema, in the schema's
 * column order: 'fields[OVSDB_COL_UUID]' is its _uuid (a uuid scalar),
 * 'fields[OVSDB_COL_VERSION]' its _version (a fresh uuid each time a
 * transaction changes the row), and the schema's columns follow.  'n_refs'
 * counts the strong references to the row from the rows of the database
 * (each occurrence of its uuid as a key or value of a column whose type
 * refers to the row's table with "refType": "strong"); a row of a table
 * that is not a root table is deleted by the transaction that drops its
 * count to zero (garbage collection).  Weak references are not counted.
 *
 * Changes.  Rows are only ever changed through a transaction
 * (ovsdb-txn.h), which copies a row before changing it (copy on write)
 * and keeps the committed version until it commits or aborts.  While a
 * transaction is in progress, a table's 'rows' hold the versions that the
 * transaction sees (inserted and modified rows, not deleted ones), so that
 * later operations of the same transaction see the effects of earlier
 * ones; aborting puts the committed versions back.  Readers other than the
 * transaction in progress must not look at the rows until it ends.
 *
 * Journal records.  ovsdb_to_snapshot_json() and ovsdb_apply_record_json()
 * read and write the JSON records of Open vSwitch's database files, so
 * that the journal layer (ovsdb-log.h) can store a database and replay it:
 *
 *     {"TABLE": {"UUID": ROW, ...}, ..., "_date": MSEC,
 *      "_comment": TEXT, "_is_diff": true}
 *
 * where ROW is null for a deleted row or an object that maps column names
 * to datums in RFC 7047 JSON form.  See the functions for the details.
 *
 * Ownership.  A database owns its schema (taken over at creation), its
 * tables and its rows.  Pointers to tables stay valid until the database is
 * destroyed; pointers to rows until a transaction that modifies or deletes
 * them commits or aborts.
 *
 * Thread safety: none.  A database belongs to the server's main thread.
 */
#ifndef SLUICE_OVSDB_DB_H
#define SLUICE_OVSDB_DB_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hmap.h"
#include "list.h"
#include "ovsdb-data.h"
#include "ovsdb-schema.h"
#include "shash.h"
#include "util.h"
#include "uuid.h"

struct json;
struct ovsdb_error;
struct ovsdb_txn;
struct ovsdb_txn_row;

/* A database. */
struct ovsdb {
    struct ovsdb_schema *schema;    /* Owned. */
    struct shash tables;            /* Name -> struct ovsdb_table *. */
    struct list observers;          /* struct ovsdb_observer (ovsdb-txn.h). */
    struct ovsdb_txn *txn;          /* Transaction in progress, or null. */
};

/* A table. */
struct ovsdb_table {
    const struct ovsdb_table_schema *schema;   /* In the database's. */
    struct hmap rows;               /* struct ovsdb_row, by uuid_hash(). */
    struct hmap *indexes;           /* One per schema index: committed
                                     * rows' struct ovsdb_index_node, by
                                     * ovsdb_row_hash_columns(). */
};

/* A row's place in one of its table's index hash maps. */
struct ovsdb_index_node {
    struct hmap_node hmap_node;     /* In an element of 'indexes'. */
    struct ovsdb_row *row;          /* The row this node belongs to. */
};

/* A row. */
struct ovsdb_row {
    struct hmap_node hmap_node;     /* In the table's 'rows'. */
    struct ovsdb_table *table;
    struct ovsdb_txn_row *txn_row;  /* Owner in the transaction in progress,
                                     * or null. */
    size_t n_refs;                  /* Strong references to this row. */
    struct ovsdb_index_node *index_nodes;   /* One per index. */
    struct ovsdb_datum fields[];    /* One per column, by column index. */
};

/* Returns a new database with SCHEMA, which it takes over, and an empty
 * table for each table of SCHEMA. */
struct ovsdb *ovsdb_create(struct ovsdb_schema *schema);

/* Frees DB, its schema, tables and rows.  A transaction in progress on DB
 * must have been destroyed first.  A null DB is a no-op. */
void ovsdb_destroy(struct ovsdb *db);

/* Returns DB's table named NAME, or null if there is none. */
struct ovsdb_table *ovsdb_find_table(const struct ovsdb *db,
                                     const char *name);

/* Returns the tables of DB sorted by name, in an array of
 * shash_count(&DB->tables) elements that the caller frees. */
struct ovsdb_table **ovsdb_sorted_tables(const struct ovsdb *db);

/* Returns the row of TABLE whose _uuid is UUID, or null if there is
 * none.  While a transaction is in progress, this is the version the
 * transaction sees. */
struct ovsdb_row *ovsdb_table_find_row(const struct ovsdb_table *table,
                                       const struct uuid *uuid);

/* Returns the number of rows in TABLE. */
size_t ovsdb_table_n_rows(const struct ovsdb_table *table);

/* Returns the rows of TABLE sorted by _uuid, in an array of
 * ovsdb_table_n_rows(TABLE) elements that the caller frees (null if
 * TABLE is empty).  For output that must not depend on hash order. */
struct ovsdb_row **ovsdb_table_sorted_rows(const struct ovsdb_table *table);

/* Iterates ROW (a 'struct ovsdb_row *' or 'const struct ovsdb_row *')
 * over the rows of TABLE in hash order.  The loop must not insert, modify
 * or delete rows of TABLE. */
#define OVSDB_TABLE_FOR_EACH_ROW(ROW, TABLE) \
    HMAP_FOR_EACH (ROW, hmap_node, &(TABLE)->rows)

/* Returns a new row of TABLE, not in any table yet, whose columns all hold
 * their default values (the _uuid and _version are the all-zero uuid).
 * The transaction module puts rows into tables; other callers use a row
 * from here only as scratch space and free it with ovsdb_row_destroy(). */
struct ovsdb_row *ovsdb_row_create(struct ovsdb_table *table);

/* Returns a new row, not in any table, with a deep copy of ROW's columns
 * and its 'n_refs'. */
struct ovsdb_row *ovsdb_row_clone(const struct ovsdb_row *row);

/* Frees ROW, which must not be in its table's 'rows' or indexes.  A null
 * ROW is a no-op. */
void ovsdb_row_destroy(struct ovsdb_row *row);

/* Returns ROW's _uuid. */
const struct uuid *ovsdb_row_get_uuid(const struct ovsdb_row *row);

/* Returns ROW's _version. */
const struct uuid *ovsdb_row_get_version(const struct ovsdb_row *row);

/* Returns ROW as an RFC 7047 <row>: an object that maps the name of each
 * column in COLUMNS to its datum in JSON form, or, if COLUMNS is null,
 * every column of the table, _uuid and _version included.  The caller
 * owns the result. */
struct json *ovsdb_row_to_json(const struct ovsdb_row *row,
                               const struct ovsdb_column_set *columns);

/* Returns a hash of the values of ROW's COLUMNS, starting from BASIS. */
uint32_t ovsdb_row_hash_columns(const struct ovsdb_row *row,
                                const struct ovsdb_column_set *columns,
                                uint32_t basis);

/* Returns true if rows A and B, of the same table, hold equal values in
 * each of COLUMNS. */
bool ovsdb_row_equal_columns(const struct ovsdb_row *a,
                             const struct ovsdb_row *b,
                             const struct ovsdb_column_set *columns);

/* Adds ROW to, or removes it from, TABLE's index hash maps.  For the
 * transaction module, which keeps the indexes holding committed rows. */
void ovsdb_table_index_insert(struct ovsdb_table *table,
                              struct ovsdb_row *row);
void ovsdb_table_index_remove(struct ovsdb_table *table,
                              struct ovsdb_row *row);

/* Returns the whole content of DB as one JSON object in the form of the
 * record that Open vSwitch writes when it compacts a database file:
 *
 *     {"TABLE": {"UUID": {"COLUMN": DATUM, ...}, ...}, ...}
 *
 * with one member per table that has rows (tables without rows are left
 * out), one member per row named by its _uuid in canonical text form,
 * and in each row one member per persistent column whose value is not
 * its type's default, in RFC 7047 JSON form (ovsdb_datum_to_json()).
 * _uuid, _version and ephemeral columns are left out; a row whose columns
 * all hold their defaults is {}.  There is no "_date", "_comment" or
 * "_is_diff" member: the journal layer adds "_date" and "_comment" if it
 * wants them.  Must not be called while a transaction is in progress.  The
 * caller owns the result. */
struct json *ovsdb_to_snapshot_json(const struct ovsdb *db);

/* Applies RECORD, a snapshot from ovsdb_to_snapshot_json() or a
 * transaction record from ovsdb_txn_to_record_json() (or either written by
 * Open vSwitch), to DB as one transaction:
 *
 *   - Each member whose name is a table maps row uuids to null, which
 *     deletes the row (an error if it does not exist), or to an object of
 *     columns, which inserts the row with that uuid if it does not exist
 *     (other columns at their defaults) and otherwise sets the columns
 *     given.  Column values are parsed as ovsdb_datum_from_json() does,
 *     without named-uuids.
 *
 *   - "_date" (a number) and "_comment" (a string) are accepted and
 *     ignored.
 *
 *   - With "_is_diff": true, the value of a column of an existing row that
 *     may hold more than one element (a set or map whose "max" is above 1)
 *     is the difference to apply, as Open vSwitch writes it: each set
 *     element present in the difference is added if absent and removed if
 *     present; for a map, a key absent from the row is added with its
 *     value, a key present with the same value is removed, a key present
 *     with another value takes the new value.  Values of other columns,
 *     and all values of inserted rows, are whole values.  "_is_diff":
 *     false means whole values everywhere.
 *
 * Any other member is an "unknown table" error.  The transaction is
 * committed with every check of ovsdb_txn_commit() (referential integrity,
 * garbage collection, constraints), durable false.  Returns null on
 * success; on error, DB is unchanged and the error names the table, row
 * and column concerned.  Must not be called while a transaction is in
 * progress. */
struct ovsdb_error *ovsdb_apply_record_json(struct ovsdb *db,
                                            const struct json *record)
    SLUICE_WARN_UNUSED_RESULT;

#endif /* ovsdb-db.h */

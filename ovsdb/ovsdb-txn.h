/*
 * ovsdb-txn: transactions on an in-memory OVSDB database (RFC 7047).
 *
 * A transaction ('struct ovsdb_txn') inserts, modifies and deletes rows of
 * one database and then either commits, making every change at once, or
 * aborts, leaving the database as it was.  At most one transaction is in
 * progress on a database at a time.
 *
 * Changes are made in place, copy on write: ovsdb_txn_modify() copies a
 * committed row, puts the copy in the table in its place and returns the
 * copy for the caller to change; the committed version is kept until the
 * transaction ends.  Later lookups in the table see the copy, so the
 * operations of one RFC 7047 "transact" see each other's effects.  A
 * caller that changes a row's datums directly keeps them canonical
 * (ovsdb-data.h) but need not check them: the commit does.
 *
 * Commit.  ovsdb_txn_commit() checks and completes the transaction in
 * this order, and stops at the first error, after which the transaction is
 * aborted (the database is exactly as before it began):
 *
 *   1. Every column that the transaction changed in a row (for an inserted
 *      row, every column that does not hold its default) must satisfy its
 *      type: the number of elements ("constraint violation" from
 *      ovsdb_datum_check_size()) and the constraints of each atom.
 *
 *   2. Strong references: every uuid in a strong reference column of an
 *      inserted row (even a default all-zero uuid), and every uuid added
 *      to such a column of a modified row, must be the _uuid of a row of
 *      the referenced table ("referential integrity violation", naming
 *      table, column, row and the missing uuid).  The reference counts of
 *      the referenced rows are updated.
 *
 *   3. Garbage collection: rows of tables that are not root tables and to
 *      which no strong reference remains are deleted, which may drop the
 *      counts of other rows to zero, until nothing changes.  Then a row
 *      that the transaction deletes while strong references to it remain
 *      is a "referential integrity violation".
 *
 *   4. Weak references to rows that do not exist (deleted by this
 *      transaction, including by garbage collection, or never existing)
 *      are removed from every row that holds one (for a map, the pairs
 *      whose key or value is such a reference).  A column left with fewer
 *      elements than its type's "min" is a "constraint violation".  This
 *      comes after garbage collection, as in Open vSwitch, so that weak
 *      references to collected rows are removed too.
 *
 *   5. "maxRows": a table left with more rows is a "constraint violation".
 *
 *   6. Unique indexes: two rows of a table with equal values in the
 *      columns of an index are a "constraint violation" that names the
 *      table, the index's columns, both rows and the value.
 *
 *   7. Every row whose columns changed gets a fresh _version; then each
 *      observer's commit function is called (the first may still veto the
 *      commit); then the changes take effect.
 *
 * Changes.  After a successful commit, and while observers are called,
 * ovsdb_txn_for_each_change() gives each row the transaction inserted,
 * modified or deleted, with a bitmap of the columns that changed, and
 * ovsdb_txn_to_record_json() gives the transaction's record for the
 * journal.  Both are available until ovsdb_txn_destroy() and only until
 * the next transaction on the database commits.
 *
 * Ownership.  The caller owns the transaction and destroys it with
 * ovsdb_txn_destroy(), committed, aborted or neither (then it is aborted).
 * Rows returned by ovsdb_txn_insert() and ovsdb_txn_modify() belong to
 * the database; they may be changed until the transaction ends.
 *
 * Thread safety: none; the server's main thread only.
 */
#ifndef SLUICE_OVSDB_TXN_H
#define SLUICE_OVSDB_TXN_H 1

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "list.h"
#include "util.h"
#include "uuid.h"

struct json;
struct ovsdb;
struct ovsdb_error;
struct ovsdb_row;
struct ovsdb_table;
struct ovsdb_txn;

/* Returns a new transaction on DB, which must have no other transaction in
 * progress. */
struct ovsdb_txn *ovsdb_txn_create(struct ovsdb *db);

/* Returns the database of TXN. */
struct ovsdb *ovsdb_txn_get_db(const struct ovsdb_txn *txn);

/* Returns true if TXN may insert a row with UUID into TABLE: no row of
 * TABLE has that uuid, and TXN has not deleted one that had it. */
bool ovsdb_txn_may_create_row(const struct ovsdb_txn *txn,
                              const struct ovsdb_table *table,
                              const struct uuid *uuid);

/* Inserts a new row into TABLE in TXN and returns it, for the caller to
 * fill in.  Its _uuid is UUID, or a fresh random uuid if UUID is null (a
 * given UUID must satisfy ovsdb_txn_may_create_row()); its _version is a
 * fresh uuid; its other columns hold their defaults. */
struct ovsdb_row *ovsdb_txn_insert(struct ovsdb_txn *txn,
                                   struct ovsdb_table *table,
                                   const struct uuid *uuid);

/* Returns the version of ROW, a row currently in its table, that TXN may
 * change: ROW itself if TXN inserted or already modified it, otherwise a
 * copy that replaces ROW in the table (ROW then stays as the committed
 * version and must no longer be used by the caller). */
struct ovsdb_row *ovsdb_txn_modify(struct ovsdb_txn *txn,
                                   const struct ovsdb_row *row);

/* Deletes ROW, a row currently in its table, in TXN.  ROW must no longer be
 * used by the caller. */
void ovsdb_txn_delete(struct ovsdb_txn *txn, const struct ovsdb_row *row);

/* Adds COMMENT to TXN's comment, which goes into the journal record; the
 * comments of one transaction are joined with new-lines. */
void ovsdb_txn_add_comment(struct ovsdb_txn *txn, const char *comment);

/* Returns TXN's comment, or null if it has none. */
const char *ovsdb_txn_get_comment(const struct ovsdb_txn *txn);

/* Checks and commits TXN as the comment at the top of this file says,
 * passing DURABLE to the observers.  Returns null on success.  On error
 * TXN is aborted, the database is unchanged, and the error ("constraint
 * violation", "referential integrity violation", or an observer's) names
 * the table, column and row concerned.  Either way the caller still
 * destroys TXN. */
struct ovsdb_error *ovsdb_txn_commit(struct ovsdb_txn *txn, bool durable)
    SLUICE_WARN_UNUSED_RESULT;

/* Undoes every change of TXN, which must not have committed.  The
 * database is left as before TXN began and TXN holds no changes. */
void ovsdb_txn_abort(struct ovsdb_txn *txn);

/* Aborts TXN if it has neither committed nor aborted, then frees it.  A
 * null TXN is a no-op. */
void ovsdb_txn_destroy(struct ovsdb_txn *txn);

/* Returns true if bit INDEX of the changed-columns bitmap CHANGED is set,
 * i.e. if column INDEX changed. */
static inline bool
ovsdb_txn_column_changed(const unsigned long *changed, unsigned int index)
{
    unsigned int bits = sizeof *changed * CHAR_BIT;
    return (changed[index / bits] >> (index % bits)) & 1;
}

/* The function that ovsdb_txn_for_each_change() calls for each changed
 * row of TABLE: OLD is the version before the transaction (null for an
 * inserted row), NEW the version after (null for a deleted row), CHANGED
 * a bitmap over the table's column indexes, to test with
 * ovsdb_txn_column_changed().  For an inserted or deleted row every bit is
 * set; for a modified row exactly the columns whose values differ,
 * _version included.  Return false to stop the iteration. */
typedef bool ovsdb_txn_change_cb(const struct ovsdb_table *table,
                                 const struct ovsdb_row *old,
                                 const struct ovsdb_row *new,
                                 const unsigned long *changed, void *aux);

/* Calls CB with AUX for each row that TXN, which must have committed (or
 * be committing, inside an observer), inserted, deleted or modified, in
 * the order the transaction first touched them.  Rows that were inserted
 * and deleted again, and rows whose only change was their reference count,
 * are left out.  Returns false if CB stopped the iteration. */
bool ovsdb_txn_for_each_change(const struct ovsdb_txn *txn,
                               ovsdb_txn_change_cb *cb, void *aux);

/* Returns the journal record of TXN, which must have committed (or be
 * committing, inside an observer), in the form of Open vSwitch's
 * database file transaction records:
 *
 *     {"TABLE": {"UUID": ROW, ...}, ..., "_date": MSEC,
 *      "_is_diff": true, "_comment": TEXT}
 *
 * with one member per table with a changed row, and in it one member per
 * changed row, named by its _uuid in canonical form, where ROW is
 *
 *   - for a deleted row, null;
 *   - for an inserted row, an object with each persistent column (neither
 *     ephemeral nor _uuid/_version) whose value is not its default, as the
 *     whole value in RFC 7047 JSON form ({} if all hold defaults);
 *   - for a modified row, an object with each persistent column that
 *     changed: for a set or map type that may hold more than one element,
 *     the difference from the old value as ovsdb_apply_record_json()
 *     applies it (a set's symmetric difference; for a map, the removed
 *     pairs with their old values, the added pairs, and the changed keys
 *     with their new values); for other types the whole new value.
 *     Modified rows whose only changes are to ephemeral columns are left
 *     out.
 *
 * "_date" is the wall-clock time of the call in milliseconds since the
 * epoch, "_is_diff" is always true, "_comment" is present only if TXN has
 * a comment.  Returns null if no table member would be present (nothing
 * persistent changed), in which case there is nothing to write.  The
 * caller owns the result. */
struct json *ovsdb_txn_to_record_json(const struct ovsdb_txn *txn);

/* Observers see each transaction that commits on a database: the journal,
 * which writes the record, and the server's monitors, which send updates.
 * The owner embeds 'struct ovsdb_observer' in its own structure, sets
 * 'commit' and registers it with ovsdb_add_observer(). */
struct ovsdb_observer {
    struct list list_node;      /* In the database's 'observers'. */

    /* Called by ovsdb_txn_commit() after every check has passed and before
     * the changes take effect, with the transaction (for
     * ovsdb_txn_for_each_change() and ovsdb_txn_to_record_json()) and the
     * caller's DURABLE flag.  Observers are called in the order they were
     * added.  The first observer may return an error (for example an "I/O
     * error" of the journal), which makes the commit fail and the
     * transaction abort; later observers must return null, because there
     * is no two-phase commit to undo what earlier ones did. */
    struct ovsdb_error *(*commit)(struct ovsdb_observer *observer,
                                  const struct ovsdb_txn *txn,
                                  bool durable);
};

/* Adds OBSERVER to DB's observers, after those already there. */
void ovsdb_add_observer(struct ovsdb *db, struct ovsdb_observer *observer);

/* Removes OBSERVER from its database's observers. */
void ovsdb_remove_observer(struct ovsdb_observer *observer);

#endif /* ovsdb-txn.h */

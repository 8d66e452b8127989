/*
 * ovsdb-idl: a client's replica of a remote OVSDB database.
 *
 * A long-lived client (sluice-vswitchd) keeps a copy of the database it is
 * configured from and reacts to changes.  An IDL connects to REMOTE
 * ("unix:PATH", "tcp:IP:PORT", "ssl:...") and, each time it connects
 * (again), asks for the schema of DATABASE ("get_schema") and monitors
 * every column of every table ("monitor", RFC 7047 section 4.1.5); it keeps
 * the rows in a 'struct ovsdb' (ovsdb-db.h) that it updates from the
 * server's "update" notifications.  Any RFC 7047 server will do, Open
 * vSwitch's included.
 *
 * Reading.  ovsdb_idl_get_db() returns the replica once the first
 * complete contents arrived (null before, and again while reconnecting
 * after the connection was lost: a new connection brings the whole
 * database again, since changes may have been missed).  The replica
 * changes only inside ovsdb_idl_run(); ovsdb_idl_get_seqno() changes
 * whenever it did, so a client compares it with the value it last acted
 * on.  The accessors below read columns by name; they are for
 * configuration code, not for hot paths.
 *
 * Writing.  ovsdb_idl_transact() sends a "transact" request with the
 * caller's operations; the reply arrives through a callback.  The replica
 * is not changed by the request itself: the server's update notification
 * for the committed transaction changes it (and reaches the IDL before the
 * reply does).
 *
 * Thread safety: none; one thread owns an IDL.
 */
#ifndef SLUICE_OVSDB_IDL_H
#define SLUICE_OVSDB_IDL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json;
struct ovsdb;
struct ovsdb_datum;
struct ovsdb_row;
struct smap;
struct uuid;

/* Returns a new IDL of DATABASE on REMOTE.  It connects, and reconnects
 * with backoff, from ovsdb_idl_run(). */
struct ovsdb_idl *ovsdb_idl_create(const char *remote, const char *database);

/* Closes IDL's connection and frees it.  Callbacks of transactions still
 * in flight are called with the error "canceled".  Null is a no-op. */
void ovsdb_idl_destroy(struct ovsdb_idl *idl);

/* Does IDL's work: connects, fetches the schema and contents, applies
 * updates, delivers transaction replies. */
void ovsdb_idl_run(struct ovsdb_idl *idl);

/* Arranges for poll_block() to wake when ovsdb_idl_run() has work. */
void ovsdb_idl_wait(struct ovsdb_idl *idl);

/* Returns the replica, or null while there is none (see above). */
const struct ovsdb *ovsdb_idl_get_db(const struct ovsdb_idl *idl);

/* Returns a number that changes whenever the replica changed, appeared or
 * went away. */
uint64_t ovsdb_idl_get_seqno(const struct ovsdb_idl *idl);

/* Returns true while IDL is connected and holds the replica. */
bool ovsdb_idl_is_connected(const struct ovsdb_idl *idl);

/* Returns the last error with which the connection failed (an errno value),
 * or 0. */
int ovsdb_idl_get_last_error(const struct ovsdb_idl *idl);

/* Called with the "result" array of a "transact" reply, or with a null
 * RESULT and an ERROR message if the request failed as a whole (an
 * error reply, or the connection was lost before the reply came:
 * "connection lost", or the IDL was destroyed: "canceled"). */
typedef void ovsdb_idl_txn_cb(void *aux, const struct json *result,
                              const char *error);

/* Sends a "transact" of OPS (a JSON array of RFC 7047 operations, taken
 * over) to IDL's database.  CB, if nonnull, is called with AUX from a
 * later ovsdb_idl_run() or ovsdb_idl_destroy().  Returns false (and
 * calls nothing) if IDL is not connected. */
bool ovsdb_idl_transact(struct ovsdb_idl *idl, struct json *ops,
                        ovsdb_idl_txn_cb *cb, void *aux);

/* Returns the number of transactions waiting for their replies. */
size_t ovsdb_idl_n_pending(const struct ovsdb_idl *idl);

/* Accessors.  COLUMN names a column of ROW's table; naming a column that
 * does not exist, or one of another type than the accessor reads, is a
 * programming error and aborts. */

/* The first (for an optional column, the only) string of string column
 * COLUMN, or null if it is empty. */
const char *ovsdb_idl_row_get_string(const struct ovsdb_row *row,
                                     const char *column);

/* Stores the integer of integer column COLUMN in *VALUE and returns true,
 * or returns false if the column is empty. */
bool ovsdb_idl_row_get_integer(const struct ovsdb_row *row,
                               const char *column, int64_t *value);

/* Stores the boolean of boolean column COLUMN in *VALUE and returns true,
 * or returns false if the column is empty. */
bool ovsdb_idl_row_get_boolean(const struct ovsdb_row *row,
                               const char *column, bool *value);

/* Returns the datum of COLUMN of ROW, whatever its type (for sets, which
 * the accessors above do not cover). */
const struct ovsdb_datum *ovsdb_idl_row_get_datum(
    const struct ovsdb_row *row, const char *column);

/* Adds to SMAP every key and value of COLUMN, a map from strings to
 * strings. */
void ovsdb_idl_row_get_smap(const struct ovsdb_row *row, const char *column,
                            struct smap *smap);

/* Returns the rows of DB that COLUMN of ROW (a set of references, or a map
 * whose values are references) refers to, in an array of *N elements that
 * the caller frees (null if there are none).  References to rows that are
 * not there are left out. */
const struct ovsdb_row **ovsdb_idl_row_get_refs(const struct ovsdb *db,
                                                const struct ovsdb_row *row,
                                                const char *column,
                                                size_t *n);

/* Returns the rows of TABLE in DB in _uuid order, in an array of *N
 * elements that the caller frees (null if there are none or there is no
 * such table). */
const struct ovsdb_row **ovsdb_idl_table_rows(const struct ovsdb *db,
                                              const char *table, size_t *n);

/* Returns the first row of TABLE in DB in _uuid order (the row of a
 * table that holds just one, such as Open_vSwitch), or null. */
const struct ovsdb_row *ovsdb_idl_first_row(const struct ovsdb *db,
                                            const char *table);

#endif /* ovsdb-idl.h */

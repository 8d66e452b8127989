/*
 * ovsdb-exec: the RFC 7047 "transact" method (section 5.2) on an
 * in-memory database.
 *
 * ovsdb_execute() runs the operations of one "transact" request as one
 * transaction (ovsdb-txn.h) and returns the "result" array of the reply.
 * Operations: "insert", "select", "update", "mutate", "delete", "wait",
 * "commit", "abort", "comment" and "assert", with RFC 7047's members plus
 * Open vSwitch's "uuid" member of "insert", which asks for a given _uuid.
 *
 * Results.  One element per operation: the operation's result object
 * ({"uuid": ["uuid", U]} for insert, {"rows": [...]} for select, {"count":
 * N} for update, mutate and delete, {} for the others).  At the first
 * operation that fails, its element is the error object {"error": TAG,
 * "details": TEXT} (with "syntax" for some syntax errors), the remaining
 * operations are not attempted and their elements are null, as RFC 7047
 * requires, and the transaction is aborted.  If every operation succeeds
 * but the transaction cannot commit, the array has one element more than
 * there are operations: the commit's error object.  Malformed params (not
 * an array) give an array that holds just a "syntax error".
 *
 * Decisions where RFC 7047 and Open vSwitch leave room:
 *
 *   - Conditions ("where") are [column, function, value] with functions
 *     "==", "!=", "includes", "excludes" on any column and "<", "<=", ">",
 *     ">=" on integer and real scalar columns only, or the boolean true
 *     (matches every row) or false (matches none), as Open vSwitch
 *     accepts.  The value is checked against the column's type without
 *     its constraints (an out-of-range value simply matches nothing); for
 *     "includes" and "excludes" on a column that is not a scalar, it may
 *     hold any number of elements.  For maps, "includes" and "excludes"
 *     compare key-value pairs.
 *
 *   - Rows are visited, and "select" returns them, in _uuid order.
 *     "select" returns one object per matching row (Open vSwitch removes
 *     duplicates when "columns" leaves out _uuid; RFC 7047 does not); with
 *     no "columns", every column, "_uuid" and "_version" included.
 *
 *   - A named-uuid ["named-uuid", NAME] may be used before or after the
 *     "insert" whose "uuid-name" is NAME.  A NAME that no insert of the
 *     transaction declares makes the transaction fail like a failed
 *     commit: the results of all operations followed by a "referential
 *     integrity violation" that names NAME.  (Open vSwitch gives such a
 *     name a random uuid, which fails for a strong reference and silently
 *     vanishes from a weak one.)  An insert may not give both "uuid" and a
 *     "uuid-name" that an earlier operation already used.
 *
 *   - "insert" and "update" may not set _uuid or _version ("constraint
 *     violation"); "update" and "mutate" may not change a column whose
 *     "mutable" is false.
 *
 *   - "mutate": "+=", "-=", "*=", "/=" on integer and real columns
 *     (scalars and sets), "%=" on integer ones, applied to each element;
 *     "insert" and "delete" on sets and maps ("delete" on a map takes a
 *     map, removing pairs that match, or a set of keys).  Division or
 *     remainder by zero is a "domain error", an integer result that
 *     overflows or a real one that is not finite a "range error", a result
 *     that breaks a constraint of the column (range, enum, the number of
 *     elements, or elements of a set made equal by arithmetic) a
 *     "constraint violation".
 *
 *   - "wait" compares the set of distinct matching rows, restricted to
 *     "columns" (all the table's own columns if "columns" is absent), with
 *     the set of rows in "rows", whose members must be among "columns".
 *     If the comparison fails and "timeout" is present and has expired
 *     (it is no greater than the context's 'elapsed_msec', so 0 always
 *     has), the operation fails with "timed out".  Otherwise, if the
 *     caller passed 'retry_msec', ovsdb_execute() aborts the transaction,
 *     returns null and stores in *RETRY_MSEC the time left until the
 *     timeout (LLONG_MAX if there is none): the caller runs the same
 *     request again, with the time elapsed since it first arrived, when
 *     the database changes or that time has passed.  A caller that
 *     passes no 'retry_msec' gets "timed out" at once.
 *
 *   - "commit" with "durable": true makes ovsdb_execute() report
 *     *DURABLE as true (and passes it to the observers of the commit);
 *     "abort" fails with "aborted"; "comment" adds its text to the
 *     transaction's journal record; "assert" fails with "not owner" unless
 *     the context's 'lock_held' says the session holds the lock.
 *
 *   - Unknown members of an operation are a "syntax error"; an unknown
 *     "op" is an "unknown operation", an unknown table an "unknown
 *     table", an unknown column an "unknown column".
 *
 * Ownership: the caller owns the returned JSON.  ovsdb_execute() creates
 * and ends its own transaction; the database must have none in progress.
 *
 * Thread safety: none; the server's main thread only.
 */
#ifndef SLUICE_OVSDB_EXEC_H
#define SLUICE_OVSDB_EXEC_H 1

#include <stdbool.h>
#include "util.h"

struct json;
struct ovsdb;

/* Returns true if the session that sent the request holds the lock named
 * LOCK_NAME.  AUX is the context's 'lock_aux'. */
typedef bool ovsdb_lock_held_func(const char *lock_name, void *aux);

/* What ovsdb_execute() needs to know about the request's session. */
struct ovsdb_exec_context {
    ovsdb_lock_held_func *lock_held;    /* Null if no lock is held. */
    void *lock_aux;                     /* Passed to 'lock_held'. */
    long long int elapsed_msec;         /* Since the request arrived. */
    const char *read_only;              /* Nonnull: "insert", "update",
                                         * "mutate" and "delete" fail with
                                         * "not allowed", details "OP
                                         * operation not allowed on table
                                         * in " followed by this. */
};

/* Executes PARAMS, the array of operations of an RFC 7047 "transact"
 * request (what follows the database name), on DB, as the comment at the
 * top of this file describes.  CTX may be null (no locks held, no time
 * elapsed).  If DURABLE is nonnull, stores in it whether the transaction
 * committed and asked to be durable.  Returns the "result" array, or null
 * if a "wait" must be retried, in which case *RETRY_MSEC (RETRY_MSEC must
 * then be nonnull) says when at the latest. */
struct json *ovsdb_execute(struct ovsdb *db, const struct json *params,
                           const struct ovsdb_exec_context *ctx,
                           bool *durable, long long int *retry_msec);

/* Conditions.  A condition is a parsed "where" array of one table, with
 * the syntax and functions described above (no named-uuids).  The
 * server's monitors use them too ("where" of Open vSwitch's monitor_cond),
 * where a row matches when any clause does rather than all of them. */
struct ovsdb_condition;
struct ovsdb_row;
struct ovsdb_table;
struct ovsdb_error;

/* Parses JSON, a "where" array on TABLE, into a new condition stored in
 * *CONDP.  Returns null, or an error ("syntax error", "unknown column",
 * "unknown function", "constraint violation") with *CONDP null. */
struct ovsdb_error *ovsdb_condition_from_json(const struct ovsdb_table *table,
                                              const struct json *json,
                                              struct ovsdb_condition **condp)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns true if ROW, a row of the condition's table, satisfies every
 * clause of COND (transact's "where"; an empty COND matches every row). */
bool ovsdb_condition_match_all(const struct ovsdb_condition *cond,
                               const struct ovsdb_row *row);

/* Returns true if ROW satisfies at least one clause of COND, or if COND
 * has no clauses (a monitor's "where"). */
bool ovsdb_condition_match_any(const struct ovsdb_condition *cond,
                               const struct ovsdb_row *row);

/* Returns true if ovsdb_condition_match_any() is true for every row: COND
 * is empty or has a clause that is the constant true. */
bool ovsdb_condition_is_true(const struct ovsdb_condition *cond);

/* Frees COND.  Null is a no-op. */
void ovsdb_condition_destroy(struct ovsdb_condition *cond);

#endif /* ovsdb-exec.h */

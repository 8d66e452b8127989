/*
 * ovsdb-server: the OVSDB JSON-RPC server (RFC 7047 section 4) for one
 * database, as sluice-dbserver runs it.
 *
 * Clients connect to the server's remotes ("punix:PATH", "ptcp:PORT",
 * "pssl:PORT", any passive stream name), as many at once as they like;
 * an active remote ("tcp:IP:PORT", "unix:PATH", ...) makes the server
 * connect out, and reconnect with backoff, and then serve that connection
 * as it serves the others (how a manager reaches a switch's database in
 * Open vSwitch).  Remotes can also come from the database itself:
 * "db:DB,TABLE,COLUMN" means every target that COLUMN of TABLE's rows
 * names, either directly (a string column) or through references to rows
 * with a "target" column (Open vSwitch's Open_vSwitch.manager_options and
 * its Manager table); the server follows them as they change.  Every 2.5
 * seconds it writes into such rows, when they have "is_connected" and
 * "status" columns, their remote's status as Open vSwitch's ovsdb-server
 * does (is_connected; status "state", "sec_since_connect",
 * "sec_since_disconnect", "bound_port", "n_connections"; see
 * ovsdb-server.c for the details).
 * Each connection is a JSON-RPC session of its own, and one that sends
 * something that is not JSON-RPC is dropped (lib/jsonrpc) without
 * affecting the others.  Methods:
 *
 *   - "list_dbs", "get_schema", "echo", "transact" (ovsdb-exec.h; a
 *     "wait" that must be retried is run again when the database changes
 *     or its timeout passes), "cancel" (of a waiting transact).
 *   - "monitor" (RFC 7047, "update" notifications), and Open vSwitch's
 *     "monitor_cond" ("update2", with the changed elements of sets and
 *     maps only) and "monitor_cond_since" ("update3"), "monitor_cancel"
 *     (an unknown id gets the bare error string "unknown monitor", as
 *     Open vSwitch answers).  Without "columns", a table's every column
 *     but _uuid is monitored, _version included (RFC 7047 4.1.5).
 *   - Conditions: each <monitor-cond-request> of monitor_cond and
 *     monitor_cond_since may have a "where", an array of clauses with the
 *     syntax of transact's "where" (ovsdb-exec.h), of which a row must
 *     match at least one (an empty array matches every row, [false]
 *     none), as in Open vSwitch.  They select the initial contents and
 *     every update: a row that starts to match arrives as "insert", one
 *     that stops matching as "delete", one that keeps matching as
 *     "modify".  "monitor" (version 1) takes no "where" (a syntax error).
 *     "monitor_cond_change" [ID, NEW-ID, {TABLE: [{"where": [...]}]}]
 *     replaces the conditions of the tables it names (a table without
 *     "where" keeps its condition; "columns" may not change) and renames
 *     the monitor; the rows that the change brings in and takes out are
 *     sent as one update2/update3 before the empty reply.  Errors are
 *     Open vSwitch's "syntax error"s ("unknown monitor session",
 *     "duplicate monitor ID", "no table named T in monitor session",
 *     "changing columns is unsupported", "invalid parameters").
 *   - History: each transaction that commits gets a random id, the one
 *     update3 carries.  The server keeps the changes of the last 100
 *     transactions, and at most 10,000 changed rows in all (copies of
 *     their old and new versions; the oldest transactions are dropped
 *     first).  monitor_cond_since with a last-txn-id that is in the
 *     history (or is the latest) answers [true, LATEST, CHANGES], CHANGES
 *     being one update per row from its version then to its version now
 *     under the monitor's conditions; with any other id (the all-zero
 *     one included) [false, LATEST, INITIAL-CONTENTS].  LATEST is all
 *     zeros until the first transaction.  The history does not survive a
 *     restart.  A client sees the updates of its own transaction before
 *     the transaction's reply.
 *   - "lock", "steal", "unlock", with "locked" and "stolen"
 *     notifications; "get_server_id", "set_db_change_aware".
 *   - The "_Server" database (ovsdb-server(5) of Open vSwitch), which
 *     list_dbs lists after or before the database by name order and
 *     get_schema describes: table "Database" with one row for the
 *     database and one for "_Server", each with "name", "model"
 *     ("standalone"), "connected" and "leader" (true), "schema" (the
 *     database's schema as JSON text) and empty "cid", "sid" and
 *     "index".  The server generates it at start and it never changes.
 *     It can be monitored (with conditions; monitor_cond_since on it
 *     always answers "not found" with an all-zero id) and read by
 *     transact, where "insert", "update", "mutate" and "delete" fail
 *     with "not allowed", as in Open vSwitch.
 *
 * Ownership: the server does not own the database (or its file); the
 * caller destroys the server first.  It owns _Server and the history.
 * Thread safety: one thread.
 */
#ifndef SLUICE_OVSDB_SERVER_H
#define SLUICE_OVSDB_SERVER_H 1

#include <stddef.h>
#include "util.h"

struct ovsdb;
struct ovsdb_server;

/* Returns a new server of DB, which clients know by its schema's name. */
struct ovsdb_server *ovsdb_server_create(struct ovsdb *db);

/* Serves REMOTE: a passive stream name to listen on, an active one to
 * connect to, or "db:DB,TABLE,COLUMN" (see above; DB must be the served
 * database's name).  Returns 0 or an errno value with a message in *ERRP
 * (for a "db:" remote, a bad table or column). */
int ovsdb_server_add_remote(struct ovsdb_server *server, const char *remote,
                            char **errp);

/* Accepts connections, reads and answers requests, sends updates. */
void ovsdb_server_run(struct ovsdb_server *server);

/* Makes the next poll_block() wake when ovsdb_server_run() has work. */
void ovsdb_server_wait(struct ovsdb_server *server);

/* Returns the number of connected clients. */
size_t ovsdb_server_n_clients(const struct ovsdb_server *server);

/* Closes every connection and remote.  Null is a no-op. */
void ovsdb_server_destroy(struct ovsdb_server *server);

#endif /* ovsdb-server.h */

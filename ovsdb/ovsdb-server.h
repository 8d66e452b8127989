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
 * its Manager table); the server follows them as they change.
 * each connection is a JSON-RPC session of its own, and one that sends
 * something that is not JSON-RPC is dropped (lib/jsonrpc) without
 * affecting the others.  Methods:
 *
 *   - "list_dbs", "get_schema", "echo", "transact" (ovsdb-exec.h; a
 *     "wait" that must be retried is run again when the database changes
 *     or its timeout passes), "cancel" (of a waiting transact).
 *   - "monitor" (RFC 7047, "update" notifications), and Open vSwitch's
 *     "monitor_cond" ("update2", with the changed elements of sets and
 *     maps only) and "monitor_cond_since" ("update3"; the server keeps
 *     no history, so it always answers that the client's last transaction
 *     was not found and sends the whole content), "monitor_cancel".
 *     Conditions ("where") are accepted only when they select every row
 *     (absent, [] or [true]); others are refused with an error that says
 *     so.  A client sees the updates of its own transaction before the
 *     transaction's reply.
 *   - "lock", "steal", "unlock", with "locked" and "stolen"
 *     notifications; "get_server_id", "set_db_change_aware".
 *   - The "_Server" database is not served: get_schema for it fails with
 *     "unknown database", and Open vSwitch's clients then fall back to
 *     the database itself.
 *
 * Ownership: the server does not own the database (or its file); the
 * caller destroys the server first.  Thread safety: one thread.
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

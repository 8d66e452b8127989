/* ovsdb-server: the OVSDB JSON-RPC server.  See ovsdb-server.h. */

#include <config.h>
#include "ovsdb-server.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "jsonrpc.h"
#include "list.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-exec.h"
#include "ovsdb-schema.h"
#include "ovsdb-txn.h"
#include "ovsdb-types.h"
#include "poll-loop.h"
#include "reconnect.h"
#include "shash.h"
#include "stream.h"
#include "timeval.h"
#include "uuid.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_server);

/* A remote: a listener, or an active connection's name (its client is
 * in 'clients', with 'remote' set). */
struct remote {
    char *name;
    struct pstream *pstream;            /* Null for an active remote. */
    bool from_db;                       /* Configured by a "db:" remote. */
};

/* A "db:DB,TABLE,COLUMN" remote. */
struct db_remote {
    const struct ovsdb_table *table;
    const struct ovsdb_column *column;
};

/* How much transaction history monitor_cond_since can draw on: the
 * changes of at most HISTORY_MAX_TXNS transactions, and of at most
 * HISTORY_MAX_ROWS changed rows in all (each kept as copies of its old and
 * new versions).  The oldest transactions go first when either bound is
 * passed; a client whose last transaction has gone gets everything. */
#define HISTORY_MAX_TXNS 100
#define HISTORY_MAX_ROWS 10000

/* One row changed by a transaction in the history.  The rows are copies,
 * owned by the history. */
struct txn_change {
    const struct ovsdb_table *table;
    struct ovsdb_row *old;              /* Null if inserted. */
    struct ovsdb_row *new;              /* Null if deleted. */
};

/* A committed transaction in the history. */
struct txn_record {
    struct list node;                   /* In server->history. */
    struct uuid id;                     /* Sent in update3. */
    struct txn_change *changes;
    size_t n_changes;
};

struct ovsdb_server {
    struct ovsdb *db;
    struct ovsdb *server_db;            /* "_Server", owned. */
    struct ovsdb_observer observer;     /* For the monitors. */
    struct list history;                /* struct txn_record, oldest
                                         * first. */
    size_t n_history_rows;              /* Changes in 'history'. */
    struct uuid last_txn_id;            /* All-zero: none yet. */
    struct remote *remotes;
    size_t n_remotes;
    struct db_remote *db_remotes;
    size_t n_db_remotes;
    struct list clients;                /* struct client. */
    struct shash locks;                 /* Name -> struct lock. */
    struct uuid server_id;
    bool db_changed;                    /* Since waits last ran. */
    long long int next_status;          /* When to write remotes' status
                                         * into the database next. */
};

/* How often the status of the remotes from the database is written into
 * it, as Open vSwitch's ovsdb-server does. */
#define STATUS_INTERVAL_MSEC 2500

struct client {
    struct list node;                   /* In server->clients. */
    struct ovsdb_server *server;
    struct jsonrpc_session *js;
    char *remote;                       /* An active remote's name (the
                                         * session reconnects), or null. */
    char *listener;                     /* The passive remote it came
                                         * from, or null. */
    unsigned int seqno;                 /* Its connection's, last seen. */
    struct list monitors;               /* struct monitor. */
    struct list waits;                  /* struct wait. */
};

/* A monitored table. */
struct mon_table {
    const struct ovsdb_table *table;
    struct ovsdb_column_set columns;    /* Malloc'd array. */
    bool initial, insert, delete, modify;
    struct ovsdb_condition *cond;       /* Null: every row. */
};

struct monitor {
    struct list node;                   /* In client->monitors. */
    struct ovsdb *db;                   /* server->db or server_db. */
    struct json *id;
    int version;                        /* 1: update, 2: update2,
                                         * 3: update3. */
    struct shash tables;                /* Name -> struct mon_table. */
    struct json *updates;               /* Being built, or null. */
};

/* A transact request that waits for a "wait" to be satisfied. */
struct wait {
    struct list node;                   /* In client->waits. */
    struct jsonrpc_msg *request;
    long long int received;             /* time_msec(). */
    long long int deadline;             /* LLONG_MAX: none. */
};

/* A lock: its owner and the clients waiting for it, in order. */
struct lock {
    struct client *owner;               /* Null: free. */
    struct client **waiters;
    size_t n_waiters;
};

static struct ovsdb_error *server_commit(struct ovsdb_observer *,
                                         const struct ovsdb_txn *,
                                         bool durable);

/* The "_Server" database, as ovsdb-server(5) of Open vSwitch documents
 * it: one row per database the server serves, "_Server" included. */
static const char server_schema_text[] =
    "{\"name\": \"_Server\", \"version\": \"1.2.0\",\n"
    " \"tables\": {\"Database\": {\"columns\": {\n"
    "  \"name\": {\"type\": \"string\"},\n"
    "  \"model\": {\"type\": {\"key\": {\"type\": \"string\",\n"
    "      \"enum\": [\"set\", [\"clustered\", \"relay\", "
    "\"standalone\"]]}}},\n"
    "  \"connected\": {\"type\": \"boolean\"},\n"
    "  \"leader\": {\"type\": \"boolean\"},\n"
    "  \"schema\": {\"type\": {\"key\": \"string\", \"min\": 0}},\n"
    "  \"cid\": {\"type\": {\"key\": \"uuid\", \"min\": 0}},\n"
    "  \"sid\": {\"type\": {\"key\": \"uuid\", \"min\": 0}},\n"
    "  \"index\": {\"type\": {\"key\": \"integer\", \"min\": 0}}}}}}";

/* Adds to OPS an insert of the _Server row that describes SCHEMA's
 * database: a standalone database, always connected and leader. */
static void
add_server_db_row(struct json *ops, const struct ovsdb_schema *schema)
{
    struct json *schema_json = ovsdb_schema_to_json(schema);
    struct json *row = json_object_create();
    json_object_put_string(row, "name", schema->name);
    json_object_put_string(row, "model", "standalone");
    json_object_put(row, "connected", json_boolean_create(true));
    json_object_put(row, "leader", json_boolean_create(true));
    json_object_put(row, "schema", json_string_create_nocopy(
                        json_to_string(schema_json, JSSF_SORT)));
    json_destroy(schema_json);

    struct json *op = json_object_create();
    json_object_put_string(op, "op", "insert");
    json_object_put_string(op, "table", "Database");
    json_object_put(op, "row", row);
    json_array_add(ops, op);
}

/* Returns the "_Server" database that describes itself and DB. */
static struct ovsdb *
server_db_create(const struct ovsdb *db)
{
    struct json *json;
    char *error_s = json_from_string(server_schema_text, &json);
    if (error_s) {
        sluice_abort("_Server schema: %s", error_s);
    }
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
    json_destroy(json);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        sluice_abort("_Server schema: %s", s);
    }
    struct ovsdb *server_db = ovsdb_create(schema);

    struct json *ops = json_array_create_empty();
    add_server_db_row(ops, server_db->schema);
    add_server_db_row(ops, db->schema);
    struct json *result = ovsdb_execute(server_db, ops, NULL, NULL, NULL);
    const struct json_array *r = json_array(result);
    if (r->n != 2 || json_object_get(r->elems[0], "error")
        || json_object_get(r->elems[1], "error")) {
        char *s = json_to_string(result, 0);
        sluice_abort("_Server contents: %s", s);
    }
    json_destroy(result);
    json_destroy(ops);
    return server_db;
}

struct ovsdb_server *
ovsdb_server_create(struct ovsdb *db)
{
    struct ovsdb_server *server = xzalloc(sizeof *server);
    server->db = db;
    server->server_db = server_db_create(db);
    server->observer.commit = server_commit;
    ovsdb_add_observer(db, &server->observer);
    list_init(&server->history);
    list_init(&server->clients);
    shash_init(&server->locks);
    uuid_generate(&server->server_id);
    return server;
}

/* Returns the database that clients call NAME, or null. */
static struct ovsdb *
server_find_db(const struct ovsdb_server *server, const char *name)
{
    return (!strcmp(name, server->db->schema->name) ? server->db
            : !strcmp(name, server->server_db->schema->name)
            ? server->server_db
            : NULL);
}

static void client_destroy(struct client *);

static struct client *
client_create(struct ovsdb_server *server, struct jsonrpc_session *js,
              const char *remote)
{
    struct client *client = xzalloc(sizeof *client);
    client->server = server;
    client->js = js;
    client->remote = remote ? xstrdup(remote) : NULL;
    list_init(&client->monitors);
    list_init(&client->waits);
    list_push_back(&server->clients, &client->node);
    return client;
}

/* Starts serving the passive or active remote NAME. */
static int
remote_open(struct ovsdb_server *server, const char *name, bool from_db,
            char **errp)
{
    struct pstream *pstream = NULL;

    *errp = NULL;
    if (pstream_verify_name(name)) {
        int error = pstream_open(name, &pstream, 0);
        if (error) {
            *errp = xasprintf("%s: could not listen: %s", name,
                              sluice_strerror(error));
            return error;
        }
    } else if (stream_verify_name(name)) {
        client_create(server, jsonrpc_session_open(name, true), name);
    } else {
        *errp = xasprintf("%s: not a stream name", name);
        return EINVAL;
    }
    server->remotes = xrealloc(server->remotes, (server->n_remotes + 1)
                               * sizeof *server->remotes);
    struct remote *r = &server->remotes[server->n_remotes++];
    r->name = xstrdup(name);
    r->pstream = pstream;
    r->from_db = from_db;
    return 0;
}

/* Stops serving remote I (its listener, or its active connection). */
static void
remote_close(struct ovsdb_server *server, size_t i)
{
    struct remote *r = &server->remotes[i];
    if (r->pstream) {
        pstream_close(r->pstream);
    } else {
        struct client *client;
        LIST_FOR_EACH_SAFE (client, node, &server->clients) {
            if (client->remote && !strcmp(client->remote, r->name)) {
                client_destroy(client);
            }
        }
    }
    free(r->name);
    server->remotes[i] = server->remotes[--server->n_remotes];
}

/* Parses "db:DB,TABLE,COLUMN". */
static int
add_db_remote(struct ovsdb_server *server, const char *spec, char **errp)
{
    char *copy = xstrdup(spec + 3);
    char *save = NULL;
    char *db = strtok_r(copy, ",", &save);
    char *table_name = db ? strtok_r(NULL, ",", &save) : NULL;
    char *column_name = table_name ? strtok_r(NULL, ",", &save) : NULL;
    const struct ovsdb_table *table = NULL;
    const struct ovsdb_column *column = NULL;

    *errp = NULL;
    if (!column_name || strtok_r(NULL, ",", &save)) {
        *errp = xasprintf("%s: expected db:DB,TABLE,COLUMN", spec);
    } else if (strcmp(db, server->db->schema->name)) {
        *errp = xasprintf("%s: no database %s", spec, db);
    } else if (!(table = ovsdb_find_table(server->db, table_name))) {
        *errp = xasprintf("%s: no table %s", spec, table_name);
    } else if (!(column = ovsdb_table_schema_find_column(table->schema,
                                                         column_name))) {
        *errp = xasprintf("%s: table %s has no column %s", spec, table_name,
                          column_name);
    } else if (column->type.key.type != OVSDB_TYPE_STRING
               && column->type.key.type != OVSDB_TYPE_UUID) {
        *errp = xasprintf("%s: column %s holds neither strings nor "
                          "references", spec, column_name);
    }
    free(copy);
    if (*errp) {
        return EINVAL;
    }
    server->db_remotes = xrealloc(server->db_remotes,
                                  (server->n_db_remotes + 1)
                                  * sizeof *server->db_remotes);
    server->db_remotes[server->n_db_remotes].table = table;
    server->db_remotes[server->n_db_remotes].column = column;
    server->n_db_remotes++;
    return 0;
}

/* Adds to TARGETS the targets that DR names now. */
static void
collect_db_targets(const struct ovsdb_server *server,
                   const struct db_remote *dr, struct shash *targets)
{
    const struct ovsdb_column *c = dr->column;
    struct ovsdb_row **rows = ovsdb_table_sorted_rows(dr->table);
    size_t n = ovsdb_table_n_rows(dr->table);

    for (size_t i = 0; i < n; i++) {
        const struct ovsdb_datum *d = &rows[i]->fields[c->index];
        for (size_t j = 0; j < d->n; j++) {
            if (c->type.key.type == OVSDB_TYPE_STRING) {
                shash_add_once(targets, d->keys[j].string, NULL);
                continue;
            }
            const char *ref_table = c->type.key.uuid.ref_table_name;
            const struct ovsdb_table *t = (ref_table
                                           ? ovsdb_find_table(server->db,
                                                              ref_table)
                                           : NULL);
            const struct ovsdb_column *tc = (t
                ? ovsdb_table_schema_find_column(t->schema, "target")
                : NULL);
            const struct ovsdb_row *row = (tc && tc->type.key.type
                                           == OVSDB_TYPE_STRING
                                           ? ovsdb_table_find_row(
                                               t, &d->keys[j].uuid)
                                           : NULL);
            const struct ovsdb_datum *target = row ? &row->fields[tc->index]
                                                   : NULL;
            if (target && target->n == 1) {
                shash_add_once(targets, target->keys[0].string, NULL);
            }
        }
    }
    free(rows);
}

/* Makes the remotes from the database what the database says now. */
static void
reconfigure_db_remotes(struct ovsdb_server *server)
{
    if (!server->n_db_remotes) {
        return;
    }
    struct shash targets = SHASH_INITIALIZER(&targets);
    for (size_t i = 0; i < server->n_db_remotes; i++) {
        collect_db_targets(server, &server->db_remotes[i], &targets);
    }
    for (size_t i = 0; i < server->n_remotes; ) {
        struct remote *r = &server->remotes[i];
        if (r->from_db && !shash_find(&targets, r->name)) {
            VLOG_INFO("%s: removed remote (no longer in the database)",
                      r->name);
            remote_close(server, i);
        } else {
            if (r->from_db) {
                /* Still configured, and already open. */
                shash_find_and_delete(&targets, r->name);
            }
            i++;
        }
    }
    struct shash_node *node;
    SHASH_FOR_EACH (node, &targets) {
        const char *name = node->name;
        char *err;
        if (remote_open(server, name, true, &err)) {
            VLOG_WARN("remote from the database: %s", err);
            free(err);
        } else {
            VLOG_INFO("%s: added remote from the database", name);
        }
    }
    shash_destroy(&targets);
}

int
ovsdb_server_add_remote(struct ovsdb_server *server, const char *name,
                        char **errp)
{
    if (!strncmp(name, "db:", 3)) {
        int error = add_db_remote(server, name, errp);
        if (!error) {
            reconfigure_db_remotes(server);
        }
        return error;
    }
    return remote_open(server, name, false, errp);
}

/* The status of the remotes from the database.
 *
 * For a "db:" remote whose column refers to rows with a "target" (Open
 * vSwitch's Manager table), the server writes into each such row that
 * has the columns "is_connected" (a boolean) and "status" (a map from
 * strings to strings) what Open vSwitch's ovsdb-server writes there:
 *
 *   - for a passive target, "is_connected" true while at least one client
 *     is connected through it; "status" has "bound_port" (a TCP
 *     listener's port), "n_connections" (when more than one), and
 *     "sec_since_connect" and "sec_since_disconnect", which Open vSwitch
 *     3.1 always writes as "0" for a listener;
 *   - for an active target, "is_connected" while connected; "status" has
 *     "state" (the reconnection state: "BACKOFF", "CONNECTING", "ACTIVE",
 *     "IDLE", ...), and "sec_since_connect" and "sec_since_disconnect"
 *     once there was such an event.  (Open vSwitch's "last_error" is the
 *     error of the connection in progress, which this server does not
 *     track; "locks_held", "locks_waiting" and "locks_lost" are not
 *     written either.)
 *
 * Rows are written only when their values change, every
 * STATUS_INTERVAL_MSEC. */

/* Adds to STATUS (name -> malloc'd value) and *IS_CONNECTED the status of
 * remote TARGET.  Returns false if the server has no such remote. */
static bool
remote_get_status(const struct ovsdb_server *server, const char *target,
                  bool *is_connected, struct shash *status)
{
    const struct remote *r = NULL;
    for (size_t i = 0; i < server->n_remotes; i++) {
        if (!strcmp(server->remotes[i].name, target)) {
            r = &server->remotes[i];
            break;
        }
    }
    if (!r) {
        return false;
    }

    const struct client *client;
    *is_connected = false;
    if (r->pstream) {
        size_t n = 0;
        LIST_FOR_EACH (client, node, &server->clients) {
            if (client->listener && !strcmp(client->listener, target)
                && jsonrpc_session_is_connected(client->js)) {
                n++;
            }
        }
        *is_connected = n > 0;
        if (n > 1) {
            shash_add(status, "n_connections", xasprintf("%zu", n));
        }
        uint16_t port = pstream_get_bound_port(r->pstream);
        if (port) {
            shash_add(status, "bound_port", xasprintf("%u", port));
        }
        shash_add(status, "sec_since_connect", xstrdup("0"));
        shash_add(status, "sec_since_disconnect", xstrdup("0"));
        return true;
    }
    LIST_FOR_EACH (client, node, &server->clients) {
        if (client->remote && !strcmp(client->remote, target)) {
            struct reconnect_stats stats;
            jsonrpc_session_get_reconnect_stats(client->js, &stats);
            *is_connected = jsonrpc_session_is_connected(client->js);
            shash_add(status, "state", xstrdup(stats.state));
            if (stats.msec_since_connect >= 0) {
                shash_add(status, "sec_since_connect",
                          xasprintf("%lld", stats.msec_since_connect / 1000));
            }
            if (stats.msec_since_disconnect >= 0) {
                shash_add(status, "sec_since_disconnect",
                          xasprintf("%lld",
                                    stats.msec_since_disconnect / 1000));
            }
            return true;
        }
    }
    return false;
}

/* Returns true if column NAME of TS exists with exactly the type that
 * TYPE_JSON describes. */
static bool
has_column(const struct ovsdb_table_schema *ts, const char *name,
           const char *type_json)
{
    const struct ovsdb_column *c = ovsdb_table_schema_find_column(ts, name);
    if (!c) {
        return false;
    }
    struct json *json = ovsdb_type_to_json(&c->type);
    char *s = json_to_string(json, JSSF_SORT);
    bool ok = !strcmp(s, type_json);
    free(s);
    json_destroy(json);
    return ok;
}

/* The types of the columns that get a remote's status, as
 * ovsdb_type_to_json() writes them. */
#define BOOLEAN_TYPE "\"boolean\""
#define STATUS_TYPE "{\"key\":\"string\",\"max\":\"unlimited\"," \
    "\"min\":0,\"value\":\"string\"}"

/* Adds to OPS an update of ROW of TABLE to the status of its target, if
 * it differs from what the row holds. */
static void
add_status_update(const struct ovsdb_server *server,
                  const struct ovsdb_table *table,
                  const struct ovsdb_row *row, struct json *ops)
{
    const struct ovsdb_table_schema *ts = table->schema;
    const struct ovsdb_column *tc = ovsdb_table_schema_find_column(
        ts, "target");
    const struct ovsdb_column *cc = (has_column(ts, "is_connected",
                                                BOOLEAN_TYPE)
                                     ? ovsdb_table_schema_find_column(
                                         ts, "is_connected")
                                     : NULL);
    const struct ovsdb_column *sc = (has_column(ts, "status", STATUS_TYPE)
                                     ? ovsdb_table_schema_find_column(
                                         ts, "status")
                                     : NULL);
    const struct ovsdb_datum *target = &row->fields[tc->index];
    bool is_connected;
    struct shash status = SHASH_INITIALIZER(&status);

    if (target->n != 1
        || !remote_get_status(server, target->keys[0].string,
                              &is_connected, &status)) {
        shash_destroy_free_data(&status);
        return;
    }

    struct json *pairs = json_array_create_empty();
    const struct shash_node **nodes = shash_sort(&status);
    for (size_t i = 0; i < shash_count(&status); i++) {
        json_array_add(pairs, json_array_create_2(
                           json_string_create(nodes[i]->name),
                           json_string_create(nodes[i]->data)));
    }
    free(nodes);
    shash_destroy_free_data(&status);
    struct json *status_json = json_array_create_2(json_string_create("map"),
                                                   pairs);

    struct json *new_row = json_object_create();
    if (cc) {
        const struct ovsdb_datum *d = &row->fields[cc->index];
        if (d->n != 1 || d->keys[0].boolean != is_connected) {
            json_object_put(new_row, "is_connected",
                            json_boolean_create(is_connected));
        }
    }
    if (sc) {
        struct json *old = ovsdb_datum_to_json(&row->fields[sc->index],
                                               &sc->type);
        if (!json_equal(old, status_json)) {
            json_object_put(new_row, "status", json_clone(status_json));
        }
        json_destroy(old);
    }
    json_destroy(status_json);
    if (shash_is_empty(json_object(new_row))) {
        json_destroy(new_row);
        return;
    }

    char uuid[UUID_STRING_SIZE];
    uuid_to_string(ovsdb_row_get_uuid(row), uuid);
    struct json *op = json_object_create();
    json_object_put_string(op, "op", "update");
    json_object_put_string(op, "table", ts->name);
    json_object_put(op, "where", json_array_create_1(json_array_create_3(
        json_string_create("_uuid"), json_string_create("=="),
        json_array_create_2(json_string_create("uuid"),
                            json_string_create(uuid)))));
    json_object_put(op, "row", new_row);
    json_array_add(ops, op);
}

/* Writes the status of the remotes from the database into the rows that
 * name them (see above). */
static void
update_remote_status(struct ovsdb_server *server)
{
    struct json *ops = json_array_create_empty();
    struct shash done = SHASH_INITIALIZER(&done);

    for (size_t i = 0; i < server->n_db_remotes; i++) {
        const struct ovsdb_column *c = server->db_remotes[i].column;
        const char *ref_name = c->type.key.uuid.ref_table_name;
        const struct ovsdb_table *t = (c->type.key.type == OVSDB_TYPE_UUID
                                       && ref_name
                                       ? ovsdb_find_table(server->db,
                                                          ref_name)
                                       : NULL);
        if (!t || !has_column(t->schema, "target", "\"string\"")
            || (!has_column(t->schema, "is_connected", BOOLEAN_TYPE)
                && !has_column(t->schema, "status", STATUS_TYPE))) {
            continue;
        }
        const struct ovsdb_table *table = server->db_remotes[i].table;
        const struct ovsdb_row *row;
        OVSDB_TABLE_FOR_EACH_ROW (row, table) {
            const struct ovsdb_datum *d = &row->fields[c->index];
            for (size_t j = 0; j < d->n; j++) {
                const struct ovsdb_row *ref = ovsdb_table_find_row(
                    t, &d->keys[j].uuid);
                char uuid[UUID_STRING_SIZE];
                if (!ref) {
                    continue;
                }
                uuid_to_string(ovsdb_row_get_uuid(ref), uuid);
                if (shash_add_once(&done, uuid, NULL)) {
                    add_status_update(server, t, ref, ops);
                }
            }
        }
    }
    shash_destroy(&done);

    if (json_array(ops)->n) {
        struct json *result = ovsdb_execute(server->db, ops, NULL, NULL,
                                            NULL);
        const struct json_array *r = json_array(result);
        for (size_t i = 0; i < r->n; i++) {
            const struct json *error = json_object_get(r->elems[i],
                                                       "error");
            if (error) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
                char *s = json_to_string(r->elems[i], 0);
                VLOG_WARN_RL(&rl, "writing the status of remotes: %s", s);
                free(s);
                break;
            }
        }
        json_destroy(result);
    }
    json_destroy(ops);
}

/* Monitors. */

static void
mon_table_destroy(struct mon_table *mt)
{
    free(mt->columns.columns);
    ovsdb_condition_destroy(mt->cond);
    free(mt);
}

static void
monitor_destroy(struct monitor *m)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &m->tables) {
        mon_table_destroy(node->data);
    }
    shash_destroy(&m->tables);
    json_destroy(m->id);
    json_destroy(m->updates);
    list_remove(&m->node);
    free(m);
}

/* Parses WHERE, the "where" of a <monitor-cond-request> or
 * <monitor-cond-update> for TABLE, into *CONDP: null if it selects every
 * row. */
static struct ovsdb_error *
parse_monitor_condition(const struct ovsdb_table *table,
                        const struct json *where,
                        struct ovsdb_condition **condp)
{
    struct ovsdb_error *error = ovsdb_condition_from_json(table, where,
                                                          condp);
    if (!error && ovsdb_condition_is_true(*condp)) {
        ovsdb_condition_destroy(*condp);
        *condp = NULL;
    }
    return error;
}

/* Parses one <monitor-request> (VERSION 1) or <monitor-cond-request>
 * (VERSION 2 or 3) for TABLE into MT. */
static struct ovsdb_error *
parse_monitor_request(const struct ovsdb_table *table, const struct json *req,
                      int version, struct mon_table *mt)
{
    const struct ovsdb_table_schema *ts = table->schema;
    if (req->type != JSON_OBJECT) {
        return ovsdb_syntax_error(req, NULL, "table %s: monitor request "
                                  "is not an object", ts->name);
    }
    const struct json *columns = json_object_get(req, "columns");
    const struct json *select = json_object_get(req, "select");
    const struct json *where = json_object_get(req, "where");

    if (where && version == 1) {
        return ovsdb_syntax_error(req, NULL, "Parsing table %s failed: "
                                  "Member 'where' is present but not "
                                  "allowed here.", ts->name);
    }
    if (where) {
        struct ovsdb_error *error = parse_monitor_condition(table, where,
                                                            &mt->cond);
        if (error) {
            return error;
        }
    }

    mt->columns.columns = xmalloc(ts->n_columns
                                  * sizeof *mt->columns.columns);
    mt->columns.n_columns = 0;
    if (columns) {
        if (columns->type != JSON_ARRAY) {
            return ovsdb_syntax_error(columns, NULL, "table %s: "
                                      "\"columns\" is not an array",
                                      ts->name);
        }
        for (size_t i = 0; i < json_array(columns)->n; i++) {
            const struct json *c = json_array(columns)->elems[i];
            const struct ovsdb_column *column =
                (c->type == JSON_STRING
                 ? ovsdb_table_schema_find_column(ts, json_string(c))
                 : NULL);
            if (!column) {
                return ovsdb_syntax_error(c, "unknown column",
                                          "table %s has no such column",
                                          ts->name);
            }
            if (mt->columns.n_columns < ts->n_columns) {
                mt->columns.columns[mt->columns.n_columns++] = column;
            }
        }
    } else {
        /* Every column but _uuid (RFC 7047 4.1.5), as Open vSwitch. */
        for (size_t i = OVSDB_COL_VERSION; i < ts->n_columns; i++) {
            mt->columns.columns[mt->columns.n_columns++] = ts->columns[i];
        }
    }

    mt->initial = mt->insert = mt->delete = mt->modify = true;
    if (select) {
        if (select->type != JSON_OBJECT) {
            return ovsdb_syntax_error(select, NULL, "\"select\" is not an "
                                      "object");
        }
        const struct json *v;
        if ((v = json_object_get(select, "initial"))) {
            mt->initial = v->type == JSON_TRUE;
        }
        if ((v = json_object_get(select, "insert"))) {
            mt->insert = v->type == JSON_TRUE;
        }
        if ((v = json_object_get(select, "delete"))) {
            mt->delete = v->type == JSON_TRUE;
        }
        if ((v = json_object_get(select, "modify"))) {
            mt->modify = v->type == JSON_TRUE;
        }
    }
    return NULL;
}

/* Returns true if ROW, which may be null, is a row that MT's condition
 * selects. */
static bool
mon_table_selects(const struct mon_table *mt, const struct ovsdb_row *row)
{
    return row && (!mt->cond || ovsdb_condition_match_any(mt->cond, row));
}

/* Returns ROW's monitored columns as an object, those holding their
 * defaults left out if SKIP_DEFAULTS. */
static struct json *
row_json(const struct ovsdb_row *row, const struct mon_table *mt,
         bool skip_defaults)
{
    struct json *obj = json_object_create();
    for (size_t i = 0; i < mt->columns.n_columns; i++) {
        const struct ovsdb_column *c = mt->columns.columns[i];
        const struct ovsdb_datum *d = &row->fields[c->index];
        if (!skip_defaults || !ovsdb_datum_is_default(d, &c->type)) {
            json_object_put(obj, c->name, ovsdb_datum_to_json(d, &c->type));
        }
    }
    return obj;
}

/* Returns the "modify" value of an update2 for column C from OLD to NEW:
 * the new value, or for a set or map that may hold more than one element
 * the elements that toggle (as Open vSwitch's update2 sends them). */
static struct json *
column_diff_json(const struct ovsdb_column *c, const struct ovsdb_datum *old,
                 const struct ovsdb_datum *new)
{
    const struct ovsdb_type *type = &c->type;
    if (type->n_max <= 1) {
        return ovsdb_datum_to_json(new, type);
    }
    struct ovsdb_datum added, removed;
    ovsdb_datum_clone(&added, new, type);
    ovsdb_datum_subtract(&added, type, old, type);
    ovsdb_datum_clone(&removed, old, type);
    if (ovsdb_type_is_map(type)) {
        /* The old pairs whose keys are gone. */
        struct ovsdb_type keys_type = *type;
        keys_type.value.type = OVSDB_TYPE_VOID;
        struct ovsdb_datum keys = { .n = new->n, .keys = new->keys };
        ovsdb_datum_subtract(&removed, type, &keys, &keys_type);
    } else {
        ovsdb_datum_subtract(&removed, type, new, type);
    }
    ovsdb_datum_union(&added, &removed, type);
    struct json *json = ovsdb_datum_to_json(&added, type);
    ovsdb_datum_destroy(&added, type);
    ovsdb_datum_destroy(&removed, type);
    return json;
}


/* Adds to M's updates, for its table MT, the change of one row from OLD
 * to NEW (either may be null, not both), both of which MT's condition
 * selects; CHANGED is as for ovsdb_txn_change_cb. */
static void
monitor_add_row(struct monitor *m, const struct mon_table *mt,
                const struct ovsdb_row *old, const struct ovsdb_row *new,
                const unsigned long *changed)
{
    if ((!old && !mt->insert) || (!new && !mt->delete)
        || (old && new && !mt->modify)) {
        return;
    }

    struct json *row_update;
    if (old && new) {
        struct json *diff = json_object_create();
        struct json *old_cols = json_object_create();
        for (size_t i = 0; i < mt->columns.n_columns; i++) {
            const struct ovsdb_column *c = mt->columns.columns[i];
            if (!ovsdb_txn_column_changed(changed, c->index)) {
                continue;
            }
            json_object_put(diff, c->name,
                            column_diff_json(c, &old->fields[c->index],
                                             &new->fields[c->index]));
            json_object_put(old_cols, c->name,
                            ovsdb_datum_to_json(&old->fields[c->index],
                                                &c->type));
        }
        if (shash_is_empty(json_object(diff))) {
            json_destroy(diff);
            json_destroy(old_cols);
            return;
        }
        row_update = json_object_create();
        if (m->version == 1) {
            json_destroy(diff);
            json_object_put(row_update, "old", old_cols);
            json_object_put(row_update, "new", row_json(new, mt, false));
        } else {
            json_destroy(old_cols);
            json_object_put(row_update, "modify", diff);
        }
    } else {
        row_update = json_object_create();
        if (m->version == 1) {
            json_object_put(row_update, old ? "old" : "new",
                            row_json(old ? old : new, mt, false));
        } else if (new) {
            json_object_put(row_update, "insert", row_json(new, mt, true));
        } else {
            json_object_put(row_update, "delete", json_null_create());
        }
    }

    if (!m->updates) {
        m->updates = json_object_create();
    }
    const char *table_name = mt->table->schema->name;
    struct json *t = json_object_get(m->updates, table_name);
    if (!t) {
        t = json_object_create();
        json_object_put(m->updates, table_name, t);
    }
    char uuid[UUID_STRING_SIZE];
    uuid_to_string(ovsdb_row_get_uuid(old ? old : new), uuid);
    json_object_put(t, uuid, row_update);
}

/* Adds to M's updates the change of one row of TABLE, as its condition
 * sees it: a row that starts to match is inserted, one that stops
 * matching deleted.  An ovsdb_txn_change_cb. */
static bool
monitor_change(const struct ovsdb_table *table, const struct ovsdb_row *old,
               const struct ovsdb_row *new, const unsigned long *changed,
               void *m_)
{
    struct monitor *m = m_;
    const struct mon_table *mt = shash_find_data(&m->tables,
                                                 table->schema->name);
    if (mt) {
        old = mon_table_selects(mt, old) ? old : NULL;
        new = mon_table_selects(mt, new) ? new : NULL;
        if (old || new) {
            monitor_add_row(m, mt, old, new, changed);
        }
    }
    return true;
}

/* Returns the id of DB's last committed transaction, all-zero if there
 * was none since the server started (the _Server database never
 * changes). */
static const struct uuid *
last_txn_id(const struct ovsdb_server *server, const struct ovsdb *db)
{
    static const struct uuid zero;
    return db == server->db ? &server->last_txn_id : &zero;
}

/* Sends M's pending updates, if any: update3 as of DB's last
 * transaction. */
static void
monitor_flush(struct client *client, struct monitor *m)
{
    if (!m->updates) {
        return;
    }
    struct json *params;
    const char *method;
    if (m->version == 3) {
        char txn_id[UUID_STRING_SIZE];
        uuid_to_string(last_txn_id(client->server, m->db), txn_id);
        method = "update3";
        params = json_array_create_3(json_clone(m->id),
                                     json_string_create(txn_id), m->updates);
    } else {
        method = m->version == 2 ? "update2" : "update";
        params = json_array_create_2(json_clone(m->id), m->updates);
    }
    m->updates = NULL;
    jsonrpc_session_send(client->js, jsonrpc_create_notify(method, params));
}

/* Transaction history. */

static void
txn_record_destroy(struct txn_record *rec)
{
    for (size_t i = 0; i < rec->n_changes; i++) {
        ovsdb_row_destroy(rec->changes[i].old);
        ovsdb_row_destroy(rec->changes[i].new);
    }
    free(rec->changes);
    free(rec);
}

/* An ovsdb_txn_change_cb that copies a change into a txn_record. */
static bool
history_add_change(const struct ovsdb_table *table,
                   const struct ovsdb_row *old, const struct ovsdb_row *new,
                   const unsigned long *changed SLUICE_UNUSED, void *rec_)
{
    struct txn_record *rec = rec_;
    rec->changes = xrealloc(rec->changes, (rec->n_changes + 1)
                            * sizeof *rec->changes);
    struct txn_change *c = &rec->changes[rec->n_changes++];
    c->table = table;
    c->old = old ? ovsdb_row_clone(old) : NULL;
    c->new = new ? ovsdb_row_clone(new) : NULL;
    return true;
}

/* Adds TXN, whose id is ID, to the history, and drops the oldest records
 * beyond the bounds. */
static void
history_add(struct ovsdb_server *server, const struct ovsdb_txn *txn,
            const struct uuid *id)
{
    struct txn_record *rec = xzalloc(sizeof *rec);
    rec->id = *id;
    ovsdb_txn_for_each_change(txn, history_add_change, rec);
    list_push_back(&server->history, &rec->node);
    server->n_history_rows += rec->n_changes;

    while (!list_is_empty(&server->history)
           && (list_size(&server->history) > HISTORY_MAX_TXNS
               || server->n_history_rows > HISTORY_MAX_ROWS)) {
        struct txn_record *oldest = CONTAINER_OF(
            list_pop_front(&server->history), struct txn_record, node);
        server->n_history_rows -= oldest->n_changes;
        txn_record_destroy(oldest);
    }
}

/* One row's changes since a point in the history: its version then (null
 * if it did not exist) and now (null if it does not exist). */
struct row_since {
    const struct ovsdb_table *table;
    const struct ovsdb_row *old, *new;
};

/* Adds to M's updates the changes that the transactions after AFTER, a
 * record of the history, made: one update per row, from its version
 * before the first of them to its version after the last. */
static void
monitor_add_history(struct ovsdb_server *server, struct monitor *m,
                    const struct txn_record *after)
{
    struct shash rows = SHASH_INITIALIZER(&rows);
    const struct txn_record *rec = after;
    while (rec->node.next != &server->history) {
        rec = CONTAINER_OF(rec->node.next, struct txn_record, node);
        for (size_t i = 0; i < rec->n_changes; i++) {
            const struct txn_change *c = &rec->changes[i];
            char uuid[UUID_STRING_SIZE];
            uuid_to_string(ovsdb_row_get_uuid(c->old ? c->old : c->new),
                           uuid);
            char *key = xasprintf("%s %s", c->table->schema->name, uuid);
            struct row_since *rs = shash_find_data(&rows, key);
            if (rs) {
                rs->new = c->new;
                free(key);
            } else {
                rs = xmalloc(sizeof *rs);
                rs->table = c->table;
                rs->old = c->old;
                rs->new = c->new;
                shash_add_nocopy(&rows, key, rs);
            }
        }
    }

    const struct shash_node **nodes = shash_sort(&rows);
    for (size_t i = 0; i < shash_count(&rows); i++) {
        struct row_since *rs = nodes[i]->data;
        const struct ovsdb_table_schema *ts = rs->table->schema;
        size_t bits = sizeof(unsigned long) * CHAR_BIT;
        unsigned long *changed = xcalloc((ts->n_columns + bits - 1) / bits,
                                         sizeof *changed);
        for (size_t j = 0; j < ts->n_columns; j++) {
            if (!rs->old || !rs->new
                || !ovsdb_datum_equals(&rs->old->fields[j],
                                       &rs->new->fields[j],
                                       &ts->columns[j]->type)) {
                changed[j / bits] |= 1UL << (j % bits);
            }
        }
        if (rs->old || rs->new) {
            monitor_change(rs->table, rs->old, rs->new, changed, m);
        }
        free(changed);
    }
    free(nodes);
    shash_destroy_free_data(&rows);
}

/* Returns the record of the history whose id is ID, or null. */
static const struct txn_record *
history_find(const struct ovsdb_server *server, const struct uuid *id)
{
    const struct txn_record *rec;
    LIST_FOR_EACH (rec, node, &server->history) {
        if (uuid_equals(&rec->id, id)) {
            return rec;
        }
    }
    return NULL;
}

/* The commit observer: each monitor gets the transaction's changes before
 * the client that sent it gets its reply, and the history keeps them. */
static struct ovsdb_error *
server_commit(struct ovsdb_observer *observer, const struct ovsdb_txn *txn,
              bool durable SLUICE_UNUSED)
{
    struct ovsdb_server *server = CONTAINER_OF(observer, struct ovsdb_server,
                                               observer);
    struct client *client;

    uuid_generate(&server->last_txn_id);
    history_add(server, txn, &server->last_txn_id);
    LIST_FOR_EACH (client, node, &server->clients) {
        struct monitor *m;
        LIST_FOR_EACH (m, node, &client->monitors) {
            if (m->db == server->db) {
                ovsdb_txn_for_each_change(txn, monitor_change, m);
                monitor_flush(client, m);
            }
        }
    }
    server->db_changed = true;
    return NULL;
}

/* Returns the monitor of CLIENT whose id is ID, or null. */
static struct monitor *
find_monitor(const struct client *client, const struct json *id)
{
    struct monitor *m;
    LIST_FOR_EACH (m, node, &client->monitors) {
        if (json_equal(m->id, id)) {
            return m;
        }
    }
    return NULL;
}

/* Returns M's initial contents: the rows its conditions select, of the
 * tables whose "initial" is selected. */
static struct json *
monitor_initial(const struct monitor *m)
{
    struct json *initial = json_object_create();
    struct shash_node *node;
    SHASH_FOR_EACH (node, &m->tables) {
        const struct mon_table *mt = node->data;
        if (!mt->initial) {
            continue;
        }
        struct ovsdb_row **rows = ovsdb_table_sorted_rows(mt->table);
        size_t n = ovsdb_table_n_rows(mt->table);
        struct json *t = NULL;
        for (size_t i = 0; i < n; i++) {
            if (!mon_table_selects(mt, rows[i])) {
                continue;
            }
            struct json *row = json_object_create();
            json_object_put(row, m->version == 1 ? "new" : "initial",
                            row_json(rows[i], mt, m->version != 1));
            char uuid[UUID_STRING_SIZE];
            uuid_to_string(ovsdb_row_get_uuid(rows[i]), uuid);
            if (!t) {
                t = json_object_create();
            }
            json_object_put(t, uuid, row);
        }
        free(rows);
        if (t) {
            json_object_put(initial, node->name, t);
        }
    }
    return initial;
}

/* Handles monitor, monitor_cond and monitor_cond_since (VERSION 1, 2, 3).
 * Returns the reply's result, or an error (with *RESULTP null). */
static struct ovsdb_error *
handle_monitor(struct client *client, const struct json *params,
               int version, struct json **resultp)
{
    struct ovsdb_server *server = client->server;
    const struct json_array *a = json_array(params);
    struct uuid since;
    *resultp = NULL;

    if (a->n < 3 || a->elems[0]->type != JSON_STRING
        || a->elems[2]->type != JSON_OBJECT) {
        return ovsdb_syntax_error(params, NULL, "bad monitor parameters");
    }
    if (version == 3
        && (a->n != 4 || a->elems[3]->type != JSON_STRING
            || !uuid_from_string(&since, json_string(a->elems[3])))) {
        return ovsdb_syntax_error(params, NULL, "monitor_cond_since needs "
                                  "the last transaction's id, a uuid");
    }
    struct ovsdb *db = server_find_db(server, json_string(a->elems[0]));
    if (!db) {
        return ovsdb_error_create("unknown database", "%s",
                                  json_string(a->elems[0]));
    }
    if (find_monitor(client, a->elems[1])) {
        return ovsdb_error_create("duplicate monitor ID", NULL);
    }

    struct monitor *m = xzalloc(sizeof *m);
    m->db = db;
    m->id = json_clone(a->elems[1]);
    m->version = version;
    shash_init(&m->tables);
    list_push_back(&client->monitors, &m->node);

    struct shash_node *node;
    SHASH_FOR_EACH (node, json_object(a->elems[2])) {
        const struct ovsdb_table *table = ovsdb_find_table(db, node->name);
        if (!table) {
            monitor_destroy(m);
            return ovsdb_error_create("unknown table", "%s", node->name);
        }
        /* One request or an array of them: use the first's columns,
         * selection and condition (Open vSwitch clients send one). */
        const struct json *req = node->data;
        if (req->type == JSON_ARRAY) {
            if (!json_array(req)->n) {
                continue;
            }
            req = json_array(req)->elems[0];
        }
        struct mon_table *mt = xzalloc(sizeof *mt);
        mt->table = table;
        shash_add(&m->tables, node->name, mt);
        struct ovsdb_error *error = parse_monitor_request(table, req,
                                                          version, mt);
        if (error) {
            monitor_destroy(m);
            return error;
        }
    }

    if (version != 3) {
        *resultp = monitor_initial(m);
        return NULL;
    }

    /* monitor_cond_since: the changes since the client's last
     * transaction, if the history reaches back that far. */
    const struct uuid *last = last_txn_id(server, db);
    bool found = false;
    if (db == server->db && !uuid_is_zero(&since)) {
        const struct txn_record *rec = history_find(server, &since);
        if (rec) {
            monitor_add_history(server, m, rec);
            found = true;
        } else if (uuid_equals(&since, last)) {
            found = true;
        }
    }
    struct json *contents;
    if (found) {
        contents = m->updates ? m->updates : json_object_create();
        m->updates = NULL;
    } else {
        contents = monitor_initial(m);
    }
    char last_s[UUID_STRING_SIZE];
    uuid_to_string(last, last_s);
    *resultp = json_array_create_3(json_boolean_create(found),
                                   json_string_create(last_s), contents);
    return NULL;
}

/* Handles monitor_cond_change [ID, NEW-ID, {TABLE: [<monitor-cond-update>,
 * ...], ...}]: gives the monitor its new conditions and id, and sends it
 * the rows that the new conditions select and the old ones did not (as
 * inserts) and those that they no longer select (as deletes), before the
 * reply. */
static struct ovsdb_error *
handle_monitor_cond_change(struct client *client, const struct json *params,
                           struct json **resultp)
{
    const struct json_array *a = json_array(params);
    *resultp = NULL;

    if (a->n != 3 || a->elems[2]->type != JSON_OBJECT) {
        return ovsdb_syntax_error(params, NULL, "invalid parameters");
    }
    struct monitor *m = find_monitor(client, a->elems[0]);
    if (!m || m->version == 1) {
        return ovsdb_syntax_error(a->elems[0], NULL,
                                  "unknown monitor session");
    }
    const struct json *new_id = a->elems[1];
    if (!json_equal(new_id, m->id) && find_monitor(client, new_id)) {
        return ovsdb_syntax_error(new_id, NULL, "duplicate monitor ID");
    }

    /* Parse every new condition before changing anything. */
    const struct shash_node **nodes = shash_sort(json_object(a->elems[2]));
    size_t n = shash_count(json_object(a->elems[2]));
    struct mon_table **mts = xcalloc(n ? n : 1, sizeof *mts);
    struct ovsdb_condition **conds = xcalloc(n ? n : 1, sizeof *conds);
    struct ovsdb_error *error = NULL;
    for (size_t i = 0; i < n && !error; i++) {
        mts[i] = shash_find_data(&m->tables, nodes[i]->name);
        const struct json *upd = nodes[i]->data;
        if (upd->type == JSON_ARRAY && json_array(upd)->n) {
            upd = json_array(upd)->elems[0];
        }
        if (!mts[i]) {
            error = ovsdb_error_create("syntax error", "no table named %s "
                                       "in monitor session",
                                       nodes[i]->name);
        } else if (upd->type != JSON_OBJECT) {
            error = ovsdb_syntax_error(upd, NULL, "table %s: monitor "
                                       "condition update is not an object",
                                       nodes[i]->name);
        } else if (json_object_get(upd, "columns")) {
            error = ovsdb_syntax_error(upd, NULL, "changing columns is "
                                       "unsupported");
        } else if (json_object_get(upd, "where")) {
            error = parse_monitor_condition(mts[i]->table,
                                            json_object_get(upd, "where"),
                                            &conds[i]);
        } else {
            mts[i] = NULL;              /* No "where": unchanged. */
        }
    }

    if (!error) {
        for (size_t i = 0; i < n; i++) {
            struct mon_table *mt = mts[i];
            if (!mt) {
                continue;
            }
            struct ovsdb_condition *old_cond = mt->cond;
            struct ovsdb_row **rows = ovsdb_table_sorted_rows(mt->table);
            size_t n_rows = ovsdb_table_n_rows(mt->table);
            for (size_t j = 0; j < n_rows; j++) {
                mt->cond = old_cond;
                bool was = mon_table_selects(mt, rows[j]);
                mt->cond = conds[i];
                bool is = mon_table_selects(mt, rows[j]);
                if (was != is) {
                    monitor_add_row(m, mt, was ? rows[j] : NULL,
                                    is ? rows[j] : NULL, NULL);
                }
            }
            free(rows);
            ovsdb_condition_destroy(old_cond);
            mt->cond = conds[i];
            conds[i] = NULL;
        }
        json_destroy(m->id);
        m->id = json_clone(new_id);
        monitor_flush(client, m);
        *resultp = json_object_create();
    }
    for (size_t i = 0; i < n; i++) {
        ovsdb_condition_destroy(conds[i]);
    }
    free(conds);
    free(mts);
    free(nodes);
    return error;
}

/* Locks. */

static void
lock_notify(struct client *client, const char *method, const char *name)
{
    jsonrpc_session_send(client->js, jsonrpc_create_notify(
                             method, json_array_create_1(
                                 json_string_create(name))));
}

/* Removes CLIENT from LOCK's waiters, if it is one. */
static void
lock_remove_waiter(struct lock *lock, const struct client *client)
{
    for (size_t i = 0; i < lock->n_waiters; i++) {
        if (lock->waiters[i] == client) {
            memmove(&lock->waiters[i], &lock->waiters[i + 1],
                    (--lock->n_waiters - i) * sizeof *lock->waiters);
            return;
        }
    }
}

/* Gives lock NAME to its next waiter, or frees it. */
static void
lock_pass_on(struct ovsdb_server *server, const char *name,
             struct lock *lock)
{
    if (lock->n_waiters) {
        lock->owner = lock->waiters[0];
        memmove(lock->waiters, lock->waiters + 1,
                --lock->n_waiters * sizeof *lock->waiters);
        lock_notify(lock->owner, "locked", name);
    } else {
        shash_find_and_delete(&server->locks, name);
        free(lock->waiters);
        free(lock);
    }
}

static void
lock_forget_client(struct ovsdb_server *server, struct client *client)
{
    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, &server->locks) {
        struct lock *lock = node->data;
        lock_remove_waiter(lock, client);
        if (lock->owner == client) {
            char *name = xstrdup(node->name);
            lock_pass_on(server, name, lock);
            free(name);
        }
    }
}

static bool
lock_held(const char *name, void *client_)
{
    struct client *client = client_;
    struct lock *lock = shash_find_data(&client->server->locks, name);
    return lock && lock->owner == client;
}

static bool
client_waits(const struct lock *lock, const struct client *client)
{
    for (size_t i = 0; i < lock->n_waiters; i++) {
        if (lock->waiters[i] == client) {
            return true;
        }
    }
    return false;
}

static struct json *
handle_lock(struct client *client, const char *method, const char *name)
{
    struct ovsdb_server *server = client->server;
    struct lock *lock = shash_find_data(&server->locks, name);

    if (!strcmp(method, "unlock")) {
        if (lock && lock->owner == client) {
            lock_pass_on(server, name, lock);
        } else if (lock) {
            lock_remove_waiter(lock, client);
        }
        return json_object_create();
    }
    if (!lock) {
        lock = xzalloc(sizeof *lock);
        shash_add(&server->locks, name, lock);
    }
    bool locked;
    if (!lock->owner || lock->owner == client) {
        lock->owner = client;
        locked = true;
    } else if (!strcmp(method, "steal")) {
        lock_notify(lock->owner, "stolen", name);
        lock->owner = client;
        lock_remove_waiter(lock, client);
        locked = true;
    } else if (client_waits(lock, client)) {
        locked = false;
    } else {
        lock->waiters = xrealloc(lock->waiters, (lock->n_waiters + 1)
                                 * sizeof *lock->waiters);
        lock->waiters[lock->n_waiters++] = client;
        locked = false;
    }
    struct json *result = json_object_create();
    json_object_put(result, "locked", json_boolean_create(locked));
    return result;
}

/* Requests. */

static void
reply_error(struct client *client, const struct jsonrpc_msg *request,
            struct ovsdb_error *error)
{
    jsonrpc_session_send(client->js, jsonrpc_create_error(
                             ovsdb_error_to_json(error), request->id));
    ovsdb_error_destroy(error);
}

/* Runs transact REQUEST.  Returns true if it was answered, false if it
 * must wait (then *DEADLINE says until when at the latest). */
static bool
run_transact(struct client *client, const struct jsonrpc_msg *request,
             long long int received, long long int *deadline)
{
    struct ovsdb_server *server = client->server;
    const struct json_array *a = json_array(request->params);

    if (!a->n || a->elems[0]->type != JSON_STRING) {
        reply_error(client, request, ovsdb_syntax_error(
                        request->params, NULL, "transact needs a database "
                        "name"));
        return true;
    }
    struct ovsdb *db = server_find_db(server, json_string(a->elems[0]));
    if (!db) {
        reply_error(client, request, ovsdb_error_create(
                        "unknown database", "%s", json_string(a->elems[0])));
        return true;
    }
    struct json *ops = json_array_create_empty();
    for (size_t i = 1; i < a->n; i++) {
        json_array_add(ops, json_clone(a->elems[i]));
    }
    struct ovsdb_exec_context ctx = {
        .lock_held = lock_held,
        .lock_aux = client,
        .elapsed_msec = time_msec() - received,
        .read_only = (db == server->server_db
                      ? "reserved database _Server" : NULL),
    };
    long long int retry_msec = LLONG_MAX;
    struct json *result = ovsdb_execute(db, ops, &ctx, NULL, &retry_msec);
    json_destroy(ops);
    if (!result) {
        *deadline = (retry_msec == LLONG_MAX ? LLONG_MAX
                     : time_msec() + retry_msec);
        return false;
    }
    jsonrpc_session_send(client->js,
                         jsonrpc_create_reply(result, request->id));
    return true;
}

static void
handle_request(struct client *client, struct jsonrpc_msg *request)
{
    struct ovsdb_server *server = client->server;
    const char *method = request->method;
    const struct json_array *a = json_array(request->params);
    struct json *result = NULL;

    if (!strcmp(method, "transact")) {
        long long int deadline;
        long long int now = time_msec();
        if (!run_transact(client, request, now, &deadline)) {
            struct wait *w = xzalloc(sizeof *w);
            w->request = request;
            w->received = now;
            w->deadline = deadline;
            list_push_back(&client->waits, &w->node);
            return;             /* Keeps REQUEST. */
        }
    } else if (!strcmp(method, "list_dbs")) {
        const char *name = server->db->schema->name;
        const char *server_name = server->server_db->schema->name;
        bool first = strcmp(name, server_name) < 0;
        result = json_array_create_2(
            json_string_create(first ? name : server_name),
            json_string_create(first ? server_name : name));
    } else if (!strcmp(method, "get_schema")) {
        const struct ovsdb *db = (a->n >= 1
                                  && a->elems[0]->type == JSON_STRING
                                  ? server_find_db(server,
                                                   json_string(a->elems[0]))
                                  : NULL);
        if (db) {
            result = ovsdb_schema_to_json(db->schema);
        } else {
            reply_error(client, request, ovsdb_error_create(
                            "unknown database", "%s",
                            a->n && a->elems[0]->type == JSON_STRING
                            ? json_string(a->elems[0]) : "(none)"));
        }
    } else if (!strcmp(method, "echo")) {
        result = json_clone(request->params);
    } else if (!strcmp(method, "monitor") || !strcmp(method, "monitor_cond")
               || !strcmp(method, "monitor_cond_since")) {
        int version = (!strcmp(method, "monitor") ? 1
                       : !strcmp(method, "monitor_cond") ? 2 : 3);
        struct ovsdb_error *error = handle_monitor(client, request->params,
                                                   version, &result);
        if (error) {
            reply_error(client, request, error);
        }
    } else if (!strcmp(method, "monitor_cond_change")) {
        struct ovsdb_error *error = handle_monitor_cond_change(
            client, request->params, &result);
        if (error) {
            reply_error(client, request, error);
        }
    } else if (!strcmp(method, "monitor_cancel")) {
        struct monitor *m, *found = NULL;
        LIST_FOR_EACH (m, node, &client->monitors) {
            if (a->n == 1 && json_equal(m->id, a->elems[0])) {
                found = m;
                break;
            }
        }
        if (found) {
            monitor_destroy(found);
            result = json_object_create();
        } else {
            /* A bare string, as Open vSwitch answers. */
            jsonrpc_session_send(client->js, jsonrpc_create_error(
                                     json_string_create("unknown monitor"),
                                     request->id));
        }
    } else if (!strcmp(method, "lock") || !strcmp(method, "steal")
               || !strcmp(method, "unlock")) {
        if (a->n == 1 && a->elems[0]->type == JSON_STRING) {
            result = handle_lock(client, method, json_string(a->elems[0]));
        } else {
            reply_error(client, request, ovsdb_syntax_error(
                            request->params, NULL, "%s needs a lock name",
                            method));
        }
    } else if (!strcmp(method, "get_server_id")) {
        char id[UUID_STRING_SIZE];
        uuid_to_string(&server->server_id, id);
        result = json_string_create(id);
    } else if (!strcmp(method, "set_db_change_aware")) {
        result = json_object_create();
    } else if (!strcmp(method, "cancel")) {
        struct wait *w;
        LIST_FOR_EACH (w, node, &client->waits) {
            if (a->n == 1 && json_equal(w->request->id, a->elems[0])) {
                jsonrpc_session_send(client->js, jsonrpc_create_error(
                                         json_string_create("canceled"),
                                         w->request->id));
                list_remove(&w->node);
                jsonrpc_msg_destroy(w->request);
                free(w);
                break;
            }
        }
    } else {
        reply_error(client, request, ovsdb_error_create(
                        "unknown method", "%s", method));
    }
    if (result) {
        jsonrpc_session_send(client->js,
                             jsonrpc_create_reply(result, request->id));
    }
    jsonrpc_msg_destroy(request);
}

/* Runs the waiting transactions again (after a change, or a timeout). */
static void
run_waits(struct ovsdb_server *server, bool changed)
{
    long long int now = time_msec();
    struct client *client;
    LIST_FOR_EACH (client, node, &server->clients) {
        struct wait *w;
        LIST_FOR_EACH_SAFE (w, node, &client->waits) {
            if (!changed && now < w->deadline) {
                continue;
            }
            long long int deadline;
            if (run_transact(client, w->request, w->received, &deadline)) {
                list_remove(&w->node);
                jsonrpc_msg_destroy(w->request);
                free(w);
            } else {
                w->deadline = deadline;
            }
        }
    }
}

/* Drops what CLIENT's peer set up on its connection. */
static void
client_reset(struct client *client)
{
    struct monitor *m;
    LIST_FOR_EACH_SAFE (m, node, &client->monitors) {
        monitor_destroy(m);
    }
    struct wait *w;
    LIST_FOR_EACH_SAFE (w, node, &client->waits) {
        jsonrpc_msg_destroy(w->request);
        free(w);
    }
    list_init(&client->waits);
    lock_forget_client(client->server, client);
}

static void
client_destroy(struct client *client)
{
    client_reset(client);
    jsonrpc_session_close(client->js);
    list_remove(&client->node);
    free(client->remote);
    free(client->listener);
    free(client);
}

void
ovsdb_server_run(struct ovsdb_server *server)
{
    for (size_t i = 0; i < server->n_remotes; i++) {
        if (!server->remotes[i].pstream) {
            continue;
        }
        for (;;) {
            struct stream *stream;
            int error = pstream_accept(server->remotes[i].pstream, &stream);
            if (error) {
                if (error != EAGAIN) {
                    VLOG_WARN("%s: accept failed: %s",
                              server->remotes[i].name,
                              sluice_strerror(error));
                }
                break;
            }
            struct client *c = client_create(
                server, jsonrpc_session_open_unreliably(jsonrpc_open(stream)),
                NULL);
            c->listener = xstrdup(server->remotes[i].name);
        }
    }

    struct client *client;
    LIST_FOR_EACH_SAFE (client, node, &server->clients) {
        jsonrpc_session_run(client->js);
        for (int i = 0; i < 50 && jsonrpc_session_is_alive(client->js);
             i++) {
            struct jsonrpc_msg *msg = jsonrpc_session_recv(client->js);
            if (!msg) {
                break;
            }
            if (msg->type == JSONRPC_REQUEST) {
                handle_request(client, msg);
            } else {
                jsonrpc_msg_destroy(msg);
            }
        }
        if (!client->remote && !jsonrpc_session_is_alive(client->js)) {
            client_destroy(client);
        } else if (client->remote
                   && jsonrpc_session_get_seqno(client->js)
                      != client->seqno) {
            /* An active remote reconnected: its peer's monitors and
             * locks were for the old connection. */
            client->seqno = jsonrpc_session_get_seqno(client->js);
            client_reset(client);
        }
    }

    if (server->n_db_remotes && time_msec() >= server->next_status) {
        update_remote_status(server);
        server->next_status = time_msec() + STATUS_INTERVAL_MSEC;
    }

    bool changed = server->db_changed;
    server->db_changed = false;
    if (changed) {
        reconfigure_db_remotes(server);
    }
    run_waits(server, changed);
}

void
ovsdb_server_wait(struct ovsdb_server *server)
{
    for (size_t i = 0; i < server->n_remotes; i++) {
        if (server->remotes[i].pstream) {
            pstream_wait(server->remotes[i].pstream);
        }
    }
    struct client *client;
    LIST_FOR_EACH (client, node, &server->clients) {
        jsonrpc_session_wait(client->js);
        jsonrpc_session_recv_wait(client->js);
        struct wait *w;
        LIST_FOR_EACH (w, node, &client->waits) {
            if (w->deadline != LLONG_MAX) {
                poll_timer_wait_until(w->deadline);
            }
        }
    }
    if (server->db_changed) {
        poll_immediate_wake();
    }
    if (server->n_db_remotes) {
        poll_timer_wait_until(server->next_status);
    }
}

size_t
ovsdb_server_n_clients(const struct ovsdb_server *server)
{
    return list_size(&server->clients);
}

void
ovsdb_server_destroy(struct ovsdb_server *server)
{
    if (!server) {
        return;
    }
    struct client *client;
    LIST_FOR_EACH_SAFE (client, node, &server->clients) {
        client_destroy(client);
    }
    for (size_t i = 0; i < server->n_remotes; i++) {
        pstream_close(server->remotes[i].pstream);
        free(server->remotes[i].name);
    }
    free(server->remotes);
    free(server->db_remotes);
    shash_destroy(&server->locks);
    ovsdb_remove_observer(&server->observer);
    struct txn_record *rec;
    LIST_FOR_EACH_SAFE (rec, node, &server->history) {
        txn_record_destroy(rec);
    }
    ovsdb_destroy(server->server_db);
    free(server);
}

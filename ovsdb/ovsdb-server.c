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
#include "poll-loop.h"
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

struct ovsdb_server {
    struct ovsdb *db;
    struct ovsdb_observer observer;     /* For the monitors. */
    struct remote *remotes;
    size_t n_remotes;
    struct db_remote *db_remotes;
    size_t n_db_remotes;
    struct list clients;                /* struct client. */
    struct shash locks;                 /* Name -> struct lock. */
    struct uuid server_id;
    bool db_changed;                    /* Since waits last ran. */
};

struct client {
    struct list node;                   /* In server->clients. */
    struct ovsdb_server *server;
    struct jsonrpc_session *js;
    char *remote;                       /* An active remote's name (the
                                         * session reconnects), or null. */
    unsigned int seqno;                 /* Its connection's, last seen. */
    struct list monitors;               /* struct monitor. */
    struct list waits;                  /* struct wait. */
};

/* A monitored table. */
struct mon_table {
    const struct ovsdb_table *table;
    struct ovsdb_column_set columns;    /* Malloc'd array. */
    bool initial, insert, delete, modify;
};

struct monitor {
    struct list node;                   /* In client->monitors. */
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

struct ovsdb_server *
ovsdb_server_create(struct ovsdb *db)
{
    struct ovsdb_server *server = xzalloc(sizeof *server);
    server->db = db;
    server->observer.commit = server_commit;
    ovsdb_add_observer(db, &server->observer);
    list_init(&server->clients);
    shash_init(&server->locks);
    uuid_generate(&server->server_id);
    return server;
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

/* Monitors. */

static void
monitor_destroy(struct monitor *m)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &m->tables) {
        struct mon_table *mt = node->data;
        free(mt->columns.columns);
        free(mt);
    }
    shash_destroy(&m->tables);
    json_destroy(m->id);
    json_destroy(m->updates);
    list_remove(&m->node);
    free(m);
}

/* Parses one <monitor-request> (or <monitor-cond-request>) for TABLE into
 * MT. */
static struct ovsdb_error *
parse_monitor_request(const struct ovsdb_table *table, const struct json *req,
                      struct mon_table *mt)
{
    const struct ovsdb_table_schema *ts = table->schema;
    if (req->type != JSON_OBJECT) {
        return ovsdb_syntax_error(req, NULL, "table %s: monitor request "
                                  "is not an object", ts->name);
    }
    const struct json *columns = json_object_get(req, "columns");
    const struct json *select = json_object_get(req, "select");
    const struct json *where = json_object_get(req, "where");

    if (where && !(where->type == JSON_ARRAY
                   && (!json_array(where)->n
                       || (json_array(where)->n == 1
                           && json_array(where)->elems[0]->type
                              == JSON_TRUE)))) {
        return ovsdb_error_create("not supported", "table %s: monitor "
                                  "conditions that do not select every "
                                  "row are not supported", ts->name);
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
        /* Every column but the implicit ones. */
        for (size_t i = 2; i < ts->n_columns; i++) {
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

/* Adds to M's updates the change of one row. */
static bool
monitor_change(const struct ovsdb_table *table, const struct ovsdb_row *old,
               const struct ovsdb_row *new, const unsigned long *changed,
               void *m_)
{
    struct monitor *m = m_;
    const struct mon_table *mt = shash_find_data(&m->tables,
                                                 table->schema->name);
    if (!mt || (!old && !mt->insert) || (!new && !mt->delete)
        || (old && new && !mt->modify)) {
        return true;
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
            return true;
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
    struct json *t = json_object_get(m->updates, table->schema->name);
    if (!t) {
        t = json_object_create();
        json_object_put(m->updates, table->schema->name, t);
    }
    char uuid[UUID_STRING_SIZE];
    uuid_to_string(ovsdb_row_get_uuid(old ? old : new), uuid);
    json_object_put(t, uuid, row_update);
    return true;
}

/* Sends M's pending updates, as of transaction TXN_ID (update3). */
static void
monitor_flush(struct client *client, struct monitor *m, const char *txn_id)
{
    if (!m->updates) {
        return;
    }
    struct json *params;
    const char *method;
    if (m->version == 3) {
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

/* The commit observer: each monitor gets the transaction's changes before
 * the client that sent it gets its reply. */
static struct ovsdb_error *
server_commit(struct ovsdb_observer *observer, const struct ovsdb_txn *txn,
              bool durable SLUICE_UNUSED)
{
    struct ovsdb_server *server = CONTAINER_OF(observer, struct ovsdb_server,
                                               observer);
    struct uuid txn_uuid;
    char txn_id[UUID_STRING_SIZE];
    struct client *client;

    uuid_generate(&txn_uuid);
    uuid_to_string(&txn_uuid, txn_id);
    LIST_FOR_EACH (client, node, &server->clients) {
        struct monitor *m;
        LIST_FOR_EACH (m, node, &client->monitors) {
            ovsdb_txn_for_each_change(txn, monitor_change, m);
            monitor_flush(client, m, txn_id);
        }
    }
    server->db_changed = true;
    return NULL;
}

/* Handles monitor, monitor_cond and monitor_cond_since (VERSION 1, 2, 3).
 * Returns the reply's result, or an error (with *RESULTP null). */
static struct ovsdb_error *
handle_monitor(struct client *client, const struct json *params,
               int version, struct json **resultp)
{
    struct ovsdb_server *server = client->server;
    const struct json_array *a = json_array(params);
    *resultp = NULL;

    if (a->n < 3 || a->elems[0]->type != JSON_STRING
        || a->elems[2]->type != JSON_OBJECT) {
        return ovsdb_syntax_error(params, NULL, "bad monitor parameters");
    }
    if (strcmp(json_string(a->elems[0]), server->db->schema->name)) {
        return ovsdb_error_create("unknown database", "%s",
                                  json_string(a->elems[0]));
    }
    struct monitor *m;
    LIST_FOR_EACH (m, node, &client->monitors) {
        if (json_equal(m->id, a->elems[1])) {
            return ovsdb_error_create("duplicate monitor ID", NULL);
        }
    }

    m = xzalloc(sizeof *m);
    m->id = json_clone(a->elems[1]);
    m->version = version;
    shash_init(&m->tables);
    list_push_back(&client->monitors, &m->node);

    struct shash_node *node;
    SHASH_FOR_EACH (node, json_object(a->elems[2])) {
        const struct ovsdb_table *table = ovsdb_find_table(server->db,
                                                           node->name);
        if (!table) {
            monitor_destroy(m);
            return ovsdb_error_create("unknown table", "%s", node->name);
        }
        /* One request or an array of them: use the first's columns and
         * selection (Open vSwitch clients send one). */
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
        struct ovsdb_error *error = parse_monitor_request(table, req, mt);
        if (error) {
            monitor_destroy(m);
            return error;
        }
    }

    /* The initial contents. */
    struct json *initial = json_object_create();
    SHASH_FOR_EACH (node, &m->tables) {
        const struct mon_table *mt = node->data;
        if (!mt->initial) {
            continue;
        }
        struct ovsdb_row **rows = ovsdb_table_sorted_rows(mt->table);
        size_t n = ovsdb_table_n_rows(mt->table);
        struct json *t = n ? json_object_create() : NULL;
        for (size_t i = 0; i < n; i++) {
            struct json *row = json_object_create();
            json_object_put(row, version == 1 ? "new" : "initial",
                            row_json(rows[i], mt, version != 1));
            char uuid[UUID_STRING_SIZE];
            uuid_to_string(ovsdb_row_get_uuid(rows[i]), uuid);
            json_object_put(t, uuid, row);
        }
        free(rows);
        if (t) {
            json_object_put(initial, node->name, t);
        }
    }
    if (version == 3) {
        /* No history is kept: "not found", and everything. */
        char zero[UUID_STRING_SIZE];
        struct uuid z;
        uuid_zero(&z);
        uuid_to_string(&z, zero);
        *resultp = json_array_create_3(json_boolean_create(false),
                                       json_string_create(zero), initial);
    } else {
        *resultp = initial;
    }
    return NULL;
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
    if (strcmp(json_string(a->elems[0]), server->db->schema->name)) {
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
    };
    long long int retry_msec = LLONG_MAX;
    struct json *result = ovsdb_execute(server->db, ops, &ctx, NULL,
                                        &retry_msec);
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
        result = json_array_create_1(
            json_string_create(server->db->schema->name));
    } else if (!strcmp(method, "get_schema")) {
        if (a->n == 1 && a->elems[0]->type == JSON_STRING
            && !strcmp(json_string(a->elems[0]), server->db->schema->name)) {
            result = ovsdb_schema_to_json(server->db->schema);
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
            reply_error(client, request,
                        ovsdb_error_create("unknown monitor", NULL));
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
            client_create(server, jsonrpc_session_open_unreliably(
                              jsonrpc_open(stream)), NULL);
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
    free(server);
}

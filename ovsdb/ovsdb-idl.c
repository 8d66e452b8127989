/* ovsdb-idl: a client's replica of a remote database.  See ovsdb-idl.h. */

#include <config.h>
#include "ovsdb-idl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "jsonrpc.h"
#include "list.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "poll-loop.h"
#include "shash.h"
#include "smap.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_idl);

enum idl_state {
    IDL_WAITING,                /* For a connection. */
    IDL_SCHEMA_REQUESTED,       /* "get_schema" sent. */
    IDL_MONITOR_REQUESTED,      /* "monitor" sent; 'pending_db' built. */
    IDL_MONITORING,             /* 'db' is the replica. */
};

struct pending_txn {
    struct list node;           /* In 'struct ovsdb_idl''s 'txns'. */
    struct json *id;
    ovsdb_idl_txn_cb *cb;
    void *aux;
};

struct ovsdb_idl {
    char *database;
    struct jsonrpc_session *session;
    unsigned int session_seqno; /* Of 'session' when last (re)started. */
    enum idl_state state;
    struct json *request_id;    /* Of "get_schema" or "monitor". */
    struct ovsdb *pending_db;   /* Empty replica awaiting the contents. */
    struct ovsdb *db;           /* The replica, in IDL_MONITORING. */
    uint64_t seqno;
    struct list txns;           /* struct pending_txn. */
};

static const char monitor_id[] = "sluice-idl";

struct ovsdb_idl *
ovsdb_idl_create(const char *remote, const char *database)
{
    struct ovsdb_idl *idl = xzalloc(sizeof *idl);
    idl->database = xstrdup(database);
    idl->session = jsonrpc_session_open(remote, true);
    idl->session_seqno = jsonrpc_session_get_seqno(idl->session);
    idl->state = IDL_WAITING;
    idl->seqno = 1;
    list_init(&idl->txns);
    return idl;
}

/* Calls the callbacks of every pending transaction with ERROR and forgets
 * them. */
static void
fail_pending(struct ovsdb_idl *idl, const char *error)
{
    struct pending_txn *p;
    LIST_FOR_EACH_SAFE (p, node, &idl->txns) {
        list_remove(&p->node);
        if (p->cb) {
            p->cb(p->aux, NULL, error);
        }
        json_destroy(p->id);
        free(p);
    }
}

/* Forgets the replica and the protocol state, as after a lost
 * connection. */
static void
reset(struct ovsdb_idl *idl)
{
    if (idl->db) {
        ovsdb_destroy(idl->db);
        idl->db = NULL;
        idl->seqno++;
    }
    ovsdb_destroy(idl->pending_db);
    idl->pending_db = NULL;
    json_destroy(idl->request_id);
    idl->request_id = NULL;
    idl->state = IDL_WAITING;
    fail_pending(idl, "connection lost");
}

void
ovsdb_idl_destroy(struct ovsdb_idl *idl)
{
    if (!idl) {
        return;
    }
    fail_pending(idl, "canceled");
    reset(idl);
    jsonrpc_session_close(idl->session);
    free(idl->database);
    free(idl);
}

static void
send_request(struct ovsdb_idl *idl, const char *method, struct json *params,
             enum idl_state next)
{
    json_destroy(idl->request_id);
    jsonrpc_session_send(idl->session,
                         jsonrpc_create_request(method, params,
                                                &idl->request_id));
    idl->state = next;
}

/* Gives up on the connection after a protocol problem: logs MESSAGE and
 * reconnects, which brings the whole database again. */
static void
restart(struct ovsdb_idl *idl, char *message)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    VLOG_WARN_RL(&rl, "%s: %s; reconnecting",
                 jsonrpc_session_get_name(idl->session), message);
    free(message);
    reset(idl);
    jsonrpc_session_force_reconnect(idl->session);
}

/* Handles the reply to "get_schema": builds the empty replica and asks for
 * every column of every table. */
static void
got_schema(struct ovsdb_idl *idl, const struct json *result)
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(result, &schema);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        ovsdb_error_destroy(error);
        restart(idl, xasprintf("bad schema for %s (%s)", idl->database, s));
        free(s);
        return;
    }

    struct json *requests = json_object_create();
    struct shash_node *node;
    SHASH_FOR_EACH (node, &schema->tables) {
        const struct ovsdb_table_schema *ts = node->data;
        struct json *columns = json_array_create_empty();
        for (size_t i = 0; i < ts->n_columns; i++) {
            const char *name = ts->columns[i]->name;
            if (name[0] != '_') {
                json_array_add(columns, json_string_create(name));
            }
        }
        struct json *request = json_object_create();
        json_object_put(request, "columns", columns);
        json_object_put(requests, node->name, request);
    }
    idl->pending_db = ovsdb_create(schema);
    send_request(idl, "monitor",
                 json_array_create_3(json_string_create(idl->database),
                                     json_string_create(monitor_id),
                                     requests),
                 IDL_MONITOR_REQUESTED);
}

/* Converts UPDATES, RFC 7047 <table-updates>, into a record that
 * ovsdb_apply_record_json() applies: each <row-update> becomes its "new"
 * row (without _uuid or _version) or null.  Returns null if UPDATES is
 * malformed. */
static struct json *
updates_to_record(const struct json *updates)
{
    if (updates->type != JSON_OBJECT) {
        return NULL;
    }
    struct json *record = json_object_create();
    struct shash_node *t;
    SHASH_FOR_EACH (t, json_object(updates)) {
        const struct json *rows = t->data;
        if (rows->type != JSON_OBJECT) {
            json_destroy(record);
            return NULL;
        }
        struct json *out = json_object_create();
        struct shash_node *r;
        SHASH_FOR_EACH (r, json_object(rows)) {
            const struct json *update = r->data;
            const struct json *new = (update->type == JSON_OBJECT
                                      ? json_object_get(update, "new")
                                      : NULL);
            struct json *row;
            if (new && new->type == JSON_OBJECT) {
                row = json_deep_clone(new);
                json_object_delete(row, "_uuid");
                json_object_delete(row, "_version");
            } else {
                row = json_null_create();
            }
            json_object_put(out, r->name, row);
        }
        json_object_put(record, t->name, out);
    }
    return record;
}

/* Applies UPDATES to DB.  Returns null or a message. */
static char *
apply_updates(struct ovsdb *db, const struct json *updates)
{
    struct json *record = updates_to_record(updates);
    if (!record) {
        return xstrdup("malformed table updates");
    }
    struct ovsdb_error *error = ovsdb_apply_record_json(db, record);
    json_destroy(record);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        ovsdb_error_destroy(error);
        return s;
    }
    return NULL;
}

static void
got_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (idl->request_id && json_equal(msg->id, idl->request_id)) {
        json_destroy(idl->request_id);
        idl->request_id = NULL;
        if (msg->type == JSONRPC_ERROR) {
            char *e = json_to_string(msg->error, 0);
            restart(idl, xasprintf("%s failed (%s)",
                                   idl->state == IDL_SCHEMA_REQUESTED
                                   ? "get_schema" : "monitor", e));
            free(e);
        } else if (idl->state == IDL_SCHEMA_REQUESTED) {
            got_schema(idl, msg->result);
        } else if (idl->state == IDL_MONITOR_REQUESTED) {
            char *error = apply_updates(idl->pending_db, msg->result);
            if (error) {
                restart(idl, xasprintf("bad monitor reply (%s)", error));
                free(error);
                return;
            }
            idl->db = idl->pending_db;
            idl->pending_db = NULL;
            idl->state = IDL_MONITORING;
            idl->seqno++;
            VLOG_INFO("%s: connected, %s database replicated",
                      jsonrpc_session_get_name(idl->session),
                      idl->database);
        }
        return;
    }

    struct pending_txn *p;
    LIST_FOR_EACH (p, node, &idl->txns) {
        if (json_equal(msg->id, p->id)) {
            list_remove(&p->node);
            if (p->cb) {
                if (msg->type == JSONRPC_ERROR) {
                    char *e = json_to_string(msg->error, 0);
                    p->cb(p->aux, NULL, e);
                    free(e);
                } else {
                    p->cb(p->aux, msg->result, NULL);
                }
            }
            json_destroy(p->id);
            free(p);
            return;
        }
    }
}

static void
got_notification(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (strcmp(msg->method, "update") || idl->state != IDL_MONITORING) {
        return;
    }
    const struct json_array *params = json_array(msg->params);
    if (params->n != 2) {
        restart(idl, xstrdup("malformed update notification"));
        return;
    }
    char *error = apply_updates(idl->db, params->elems[1]);
    if (error) {
        restart(idl, xasprintf("cannot apply update (%s)", error));
        free(error);
        return;
    }
    idl->seqno++;
}

void
ovsdb_idl_run(struct ovsdb_idl *idl)
{
    jsonrpc_session_run(idl->session);

    unsigned int seqno = jsonrpc_session_get_seqno(idl->session);
    if (seqno != idl->session_seqno) {
        idl->session_seqno = seqno;
        reset(idl);
    }
    if (idl->state == IDL_WAITING
        && jsonrpc_session_is_connected(idl->session)) {
        send_request(idl, "get_schema",
                     json_array_create_1(json_string_create(idl->database)),
                     IDL_SCHEMA_REQUESTED);
    }

    for (int i = 0; i < 50; i++) {
        struct jsonrpc_msg *msg = jsonrpc_session_recv(idl->session);
        if (!msg) {
            break;
        }
        if (msg->type == JSONRPC_REPLY || msg->type == JSONRPC_ERROR) {
            got_reply(idl, msg);
        } else if (msg->type == JSONRPC_NOTIFY) {
            got_notification(idl, msg);
        }
        jsonrpc_msg_destroy(msg);
    }
}

void
ovsdb_idl_wait(struct ovsdb_idl *idl)
{
    jsonrpc_session_wait(idl->session);
    jsonrpc_session_recv_wait(idl->session);
}

const struct ovsdb *
ovsdb_idl_get_db(const struct ovsdb_idl *idl)
{
    return idl->db;
}

uint64_t
ovsdb_idl_get_seqno(const struct ovsdb_idl *idl)
{
    return idl->seqno;
}

bool
ovsdb_idl_is_connected(const struct ovsdb_idl *idl)
{
    return idl->state == IDL_MONITORING
           && jsonrpc_session_is_connected(idl->session);
}

int
ovsdb_idl_get_last_error(const struct ovsdb_idl *idl)
{
    return jsonrpc_session_get_last_error(idl->session);
}

bool
ovsdb_idl_transact(struct ovsdb_idl *idl, struct json *ops,
                   ovsdb_idl_txn_cb *cb, void *aux)
{
    if (!ovsdb_idl_is_connected(idl)) {
        json_destroy(ops);
        return false;
    }
    struct json *params = json_array_create_1(
        json_string_create(idl->database));
    const struct json_array *a = json_array(ops);
    for (size_t i = 0; i < a->n; i++) {
        json_array_add(params, json_clone(a->elems[i]));
    }
    json_destroy(ops);

    struct pending_txn *p = xzalloc(sizeof *p);
    p->cb = cb;
    p->aux = aux;
    jsonrpc_session_send(idl->session,
                         jsonrpc_create_request("transact", params, &p->id));
    list_push_back(&idl->txns, &p->node);
    return true;
}

size_t
ovsdb_idl_n_pending(const struct ovsdb_idl *idl)
{
    return list_size(&idl->txns);
}

/* Accessors. */

/* Returns COLUMN of ROW's table; aborts if there is none (a programming
 * error: see ovsdb-idl.h). */
static const struct ovsdb_column *
find_column(const struct ovsdb_row *row, const char *column)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    const struct ovsdb_column *c = ovsdb_table_schema_find_column(ts, column);
    if (!c) {
        sluice_abort("%s.%s: no such column", ts->name, column);
    }
    return c;
}

static const struct ovsdb_datum *
get_datum(const struct ovsdb_row *row, const char *column,
          enum ovsdb_atomic_type key_type, enum ovsdb_atomic_type value_type)
{
    const struct ovsdb_column *c = find_column(row, column);
    if (c->type.key.type != key_type || c->type.value.type != value_type) {
        sluice_abort("%s.%s: not of the type read",
                     row->table->schema->name, column);
    }
    return &row->fields[c->index];
}

const char *
ovsdb_idl_row_get_string(const struct ovsdb_row *row, const char *column)
{
    const struct ovsdb_datum *d = get_datum(row, column, OVSDB_TYPE_STRING,
                                            OVSDB_TYPE_VOID);
    return d->n ? d->keys[0].string : NULL;
}

bool
ovsdb_idl_row_get_integer(const struct ovsdb_row *row, const char *column,
                          int64_t *value)
{
    const struct ovsdb_datum *d = get_datum(row, column, OVSDB_TYPE_INTEGER,
                                            OVSDB_TYPE_VOID);
    if (d->n) {
        *value = d->keys[0].integer;
    }
    return d->n > 0;
}

bool
ovsdb_idl_row_get_boolean(const struct ovsdb_row *row, const char *column,
                          bool *value)
{
    const struct ovsdb_datum *d = get_datum(row, column, OVSDB_TYPE_BOOLEAN,
                                            OVSDB_TYPE_VOID);
    if (d->n) {
        *value = d->keys[0].boolean;
    }
    return d->n > 0;
}

const struct ovsdb_datum *
ovsdb_idl_row_get_datum(const struct ovsdb_row *row, const char *column)
{
    return &row->fields[find_column(row, column)->index];
}

void
ovsdb_idl_row_get_smap(const struct ovsdb_row *row, const char *column,
                       struct smap *smap)
{
    const struct ovsdb_datum *d = get_datum(row, column, OVSDB_TYPE_STRING,
                                            OVSDB_TYPE_STRING);
    for (size_t i = 0; i < d->n; i++) {
        smap_replace(smap, d->keys[i].string, d->values[i].string);
    }
}

const struct ovsdb_row **
ovsdb_idl_row_get_refs(const struct ovsdb *db, const struct ovsdb_row *row,
                       const char *column, size_t *n)
{
    const struct ovsdb_column *c = find_column(row, column);
    const struct ovsdb_base_type *base = (c->type.value.type
                                          == OVSDB_TYPE_VOID
                                          ? &c->type.key : &c->type.value);
    if (base->type != OVSDB_TYPE_UUID || !base->uuid.ref_table_name) {
        sluice_abort("%s.%s: not a column of references",
                     row->table->schema->name, column);
    }

    const struct ovsdb_datum *d = &row->fields[c->index];
    const union ovsdb_atom *atoms = (c->type.value.type == OVSDB_TYPE_VOID
                                     ? d->keys : d->values);
    const struct ovsdb_table *table = ovsdb_find_table(
        db, base->uuid.ref_table_name);

    const struct ovsdb_row **rows = NULL;
    *n = 0;
    if (table && d->n) {
        rows = xmalloc(d->n * sizeof *rows);
        for (size_t i = 0; i < d->n; i++) {
            const struct ovsdb_row *r = ovsdb_table_find_row(table,
                                                             &atoms[i].uuid);
            if (r) {
                rows[(*n)++] = r;
            }
        }
    }
    return rows;
}

const struct ovsdb_row **
ovsdb_idl_table_rows(const struct ovsdb *db, const char *table, size_t *n)
{
    const struct ovsdb_table *t = ovsdb_find_table(db, table);
    *n = t ? ovsdb_table_n_rows(t) : 0;
    return *n ? (const struct ovsdb_row **) ovsdb_table_sorted_rows(t)
              : NULL;
}

const struct ovsdb_row *
ovsdb_idl_first_row(const struct ovsdb *db, const char *table)
{
    size_t n;
    const struct ovsdb_row **rows = ovsdb_idl_table_rows(db, table, &n);
    const struct ovsdb_row *row = n ? rows[0] : NULL;
    free(rows);
    return row;
}

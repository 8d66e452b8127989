/* Unit tests for ovsdb/ovsdb-idl.c: a replica of a database served, in
 * the same process, by ovsdb/ovsdb-server.c over a Unix socket. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "json.h"
#include "ovsdb/ovsdb-db.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-idl.h"
#include "ovsdb/ovsdb-schema.h"
#include "ovsdb/ovsdb-server.h"
#include "poll-loop.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"

/* ' stands for " in these JSON texts. */
static const char test_schema[] =
    "{'name': 'Open_vSwitch', 'version': '1.0.0', 'tables': {"
    " 'Open_vSwitch': {'isRoot': true, 'maxRows': 1, 'columns': {"
    "   'bridges': {'type': {'key': {'type': 'uuid', 'refTable': 'Bridge'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "   'next_cfg': {'type': 'integer'},"
    "   'cur_cfg': {'type': 'integer'}}},"
    " 'Bridge': {'columns': {"
    "   'name': {'type': 'string', 'mutable': false},"
    "   'fail_mode': {'type': {'key': 'string', 'min': 0, 'max': 1}},"
    "   'stp': {'type': {'key': 'boolean', 'min': 0, 'max': 1}},"
    "   'other_config': {'type': {'key': 'string', 'value': 'string',"
    "                             'min': 0, 'max': 'unlimited'}}},"
    "  'indexes': [['name']]}}}";

static char *
quote(const char *s)
{
    char *q = xstrdup(s);
    for (char *p = q; *p; p++) {
        if (*p == '\'') {
            *p = '"';
        }
    }
    return q;
}

static struct json *
parse(const char *s)
{
    char *q = quote(s);
    struct json *json;
    char *error = json_from_string(q, &json);
    assert_null(error);
    free(q);
    return json;
}

struct fixture {
    char dir[64];
    char *sock;
    char *remote;
    struct ovsdb_server *server;
    struct ovsdb *server_db;
    struct ovsdb_idl *idl;
};

static void
start_server(struct fixture *f)
{
    struct ovsdb_schema *schema;
    struct json *json = parse(test_schema);
    assert_null(ovsdb_schema_from_json(json, &schema));
    json_destroy(json);
    f->server_db = ovsdb_create(schema);
    f->server = ovsdb_server_create(f->server_db);
    char *remote = xasprintf("punix:%s", f->sock);
    char *error = NULL;
    assert_int_equal(ovsdb_server_add_remote(f->server, remote, &error), 0);
    free(remote);
}

static void
stop_server(struct fixture *f)
{
    ovsdb_server_destroy(f->server);
    ovsdb_destroy(f->server_db);
    f->server = NULL;
    f->server_db = NULL;
}

static int
setup(void **state)
{
    struct fixture *f = xzalloc(sizeof *f);
    strcpy(f->dir, "/tmp/test-ovsdb-idl.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    f->sock = xasprintf("%s/db.sock", f->dir);
    f->remote = xasprintf("unix:%s", f->sock);
    start_server(f);
    f->idl = ovsdb_idl_create(f->remote, "Open_vSwitch");
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    ovsdb_idl_destroy(f->idl);
    if (f->server) {
        stop_server(f);
    }
    unlink(f->sock);
    rmdir(f->dir);
    free(f->sock);
    free(f->remote);
    free(f);
    return 0;
}

/* Runs the server and the IDL until DONE(F) or 10 s pass. */
static void
run_until(struct fixture *f, bool (*done)(struct fixture *))
{
    long long deadline = time_msec() + 10000;
    while (!done(f)) {
        assert_true(time_msec() < deadline);
        if (f->server) {
            ovsdb_server_run(f->server);
            ovsdb_server_wait(f->server);
        }
        ovsdb_idl_run(f->idl);
        ovsdb_idl_wait(f->idl);
        poll_timer_wait(100);
        poll_block();
    }
}

static bool
has_db(struct fixture *f)
{
    return ovsdb_idl_get_db(f->idl) != NULL;
}

static bool
has_no_db(struct fixture *f)
{
    return ovsdb_idl_get_db(f->idl) == NULL;
}

/* Transaction replies. */
static struct json *last_result;
static char *last_error;
static int n_replies;

static void
txn_cb(void *aux, const struct json *result, const char *error)
{
    int *counter = aux;
    (*counter)++;
    json_destroy(last_result);
    free(last_error);
    last_result = result ? json_clone(result) : NULL;
    last_error = error ? xstrdup(error) : NULL;
}

static bool
replied(struct fixture *f)
{
    return !ovsdb_idl_n_pending(f->idl);
}

static void
transact(struct fixture *f, const char *ops)
{
    int before = n_replies;
    assert_true(ovsdb_idl_transact(f->idl, parse(ops), txn_cb, &n_replies));
    run_until(f, replied);
    assert_int_equal(n_replies, before + 1);
    assert_null(last_error);
}

static const struct ovsdb_row *
bridge(struct fixture *f, size_t i, size_t expected_n)
{
    const struct ovsdb *db = ovsdb_idl_get_db(f->idl);
    const struct ovsdb_row *ovs = ovsdb_idl_first_row(db, "Open_vSwitch");
    assert_non_null(ovs);
    size_t n;
    const struct ovsdb_row **rows = ovsdb_idl_row_get_refs(db, ovs,
                                                          "bridges", &n);
    assert_int_equal(n, expected_n);
    const struct ovsdb_row *row = i < n ? rows[i] : NULL;
    free(rows);
    return row;
}

static void
test_replica_follows_changes(void **state)
{
    struct fixture *f = *state;
    assert_false(ovsdb_idl_transact(f->idl, json_array_create_empty(),
                                    NULL, NULL));
    run_until(f, has_db);
    uint64_t seqno = ovsdb_idl_get_seqno(f->idl);
    assert_true(ovsdb_idl_is_connected(f->idl));
    assert_null(ovsdb_idl_first_row(ovsdb_idl_get_db(f->idl),
                                    "Open_vSwitch"));

    transact(f, "[{'op': 'insert', 'table': 'Open_vSwitch', 'row': {"
                "   'next_cfg': 3, 'bridges': ['named-uuid', 'b']}},"
                " {'op': 'insert', 'table': 'Bridge', 'uuid-name': 'b',"
                "  'row': {'name': 'br0', 'fail_mode': 'secure',"
                "          'other_config': ['map', [['k', 'v']]]}}]");
    /* The update came before the reply. */
    assert_true(ovsdb_idl_get_seqno(f->idl) != seqno);
    assert_int_equal(json_array(last_result)->n, 2);

    const struct ovsdb_row *br = bridge(f, 0, 1);
    assert_string_equal(ovsdb_idl_row_get_string(br, "name"), "br0");
    assert_string_equal(ovsdb_idl_row_get_string(br, "fail_mode"),
                        "secure");
    bool b = true;
    assert_false(ovsdb_idl_row_get_boolean(br, "stp", &b));
    struct smap smap = SMAP_INITIALIZER(&smap);
    ovsdb_idl_row_get_smap(br, "other_config", &smap);
    assert_string_equal(smap_get(&smap, "k"), "v");
    smap_destroy(&smap);
    int64_t v;
    assert_true(ovsdb_idl_row_get_integer(
                    ovsdb_idl_first_row(ovsdb_idl_get_db(f->idl),
                                        "Open_vSwitch"), "next_cfg", &v));
    assert_int_equal(v, 3);

    /* A change; then a deletion (garbage collection on the server). */
    transact(f, "[{'op': 'update', 'table': 'Bridge', 'where': [],"
                "  'row': {'fail_mode': ['set', []], 'stp': true}}]");
    br = bridge(f, 0, 1);
    assert_null(ovsdb_idl_row_get_string(br, "fail_mode"));
    assert_true(ovsdb_idl_row_get_boolean(br, "stp", &b));
    assert_true(b);
    transact(f, "[{'op': 'update', 'table': 'Open_vSwitch', 'where': [],"
                "  'row': {'bridges': ['set', []]}}]");
    bridge(f, 0, 0);
    size_t n;
    assert_null(ovsdb_idl_table_rows(ovsdb_idl_get_db(f->idl), "Bridge",
                                     &n));
    assert_int_equal(n, 0);

    /* An operation that fails is reported in the result, not as an
     * error. */
    transact(f, "[{'op': 'insert', 'table': 'Bridge', 'row': {'nope': 1}}]");
    assert_non_null(json_object_get(json_array(last_result)->elems[0],
                                    "error"));
}

static void
test_reconnects(void **state)
{
    struct fixture *f = *state;
    run_until(f, has_db);
    transact(f, "[{'op': 'insert', 'table': 'Open_vSwitch', 'row': {"
                "   'next_cfg': 1}}]");

    /* The server goes away with a transaction in flight: its callback
     * hears "connection lost", and the replica goes. */
    assert_true(ovsdb_idl_transact(
                    f->idl, parse("[{'op': 'comment', 'comment': 'x'}]"),
                    txn_cb, &n_replies));
    int before = n_replies;
    stop_server(f);
    unlink(f->sock);
    run_until(f, has_no_db);
    assert_int_equal(n_replies, before + 1);
    assert_string_equal(last_error, "connection lost");

    /* A new server, with other contents: the replica is rebuilt. */
    start_server(f);
    run_until(f, has_db);
    assert_null(ovsdb_idl_first_row(ovsdb_idl_get_db(f->idl),
                                    "Open_vSwitch"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_replica_follows_changes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_reconnects, setup, teardown),
    };
    int status = cmocka_run_group_tests(tests, NULL, NULL);
    json_destroy(last_result);
    free(last_error);
    return status;
}

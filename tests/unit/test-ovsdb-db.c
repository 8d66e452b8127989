/* Unit tests for ovsdb/ovsdb-db.c and ovsdb/ovsdb-txn.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb/ovsdb-data.h"
#include "ovsdb/ovsdb-db.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-schema.h"
#include "ovsdb/ovsdb-txn.h"
#include "util.h"
#include "uuid.h"

/* In the JSON texts of these tests, ' stands for ", to keep them
 * readable. */

/* A schema modelled on Open vSwitch's: a root table with strong references
 * to bridges, bridges with strong references to ports and weak references
 * to mirrors, a unique index on bridge names, "maxRows", an ephemeral
 * column, and a root table with a weak reference that must not be
 * empty. */
static const char test_schema[] =
    "{'name': 'Test', 'version': '1.0.0', 'tables': {"
    " 'Root': {'isRoot': true, 'maxRows': 1, 'columns': {"
    "   'bridges': {'type': {'key': {'type': 'uuid', 'refTable': 'Bridge'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "   'next_cfg': {'type': 'integer'},"
    "   'cur_cfg': {'type': 'integer', 'ephemeral': true}}},"
    " 'Bridge': {'columns': {"
    "   'name': {'type': 'string', 'mutable': false},"
    "   'ports': {'type': {'key': {'type': 'uuid', 'refTable': 'Port'},"
    "                      'min': 0, 'max': 'unlimited'}},"
    "   'mirrors': {'type': {'key': {'type': 'uuid', 'refTable': 'Mirror',"
    "                                'refType': 'weak'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "   'other_config': {'type': {'key': 'string', 'value': 'string',"
    "                             'min': 0, 'max': 'unlimited'}},"
    "   'flood_vlans': {'type': {'key': {'type': 'integer',"
    "                                    'minInteger': 0,"
    "                                    'maxInteger': 4095},"
    "                            'min': 0, 'max': 4096}}},"
    "  'indexes': [['name']]},"
    " 'Port': {'columns': {"
    "   'name': {'type': 'string'},"
    "   'tag': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
    "                            'maxInteger': 4095},"
    "                    'min': 0, 'max': 1}}}},"
    " 'Mirror': {'isRoot': true, 'columns': {"
    "   'name': {'type': 'string'}}},"
    " 'Watcher': {'isRoot': true, 'columns': {"
    "   'target': {'type': {'key': {'type': 'uuid', 'refTable': 'Mirror',"
    "                               'refType': 'weak'}}}}}}}";

#define ROOT "aaaaaaaa-0000-4000-8000-000000000000"
#define BR1 "bbbbbbbb-0000-4000-8000-000000000001"
#define BR2 "bbbbbbbb-0000-4000-8000-000000000002"
#define BRX "bbbbbbbb-0000-4000-8000-00000000000a"
#define BRY "bbbbbbbb-0000-4000-8000-00000000000b"
#define P1 "cccccccc-0000-4000-8000-000000000001"
#define P2 "cccccccc-0000-4000-8000-000000000002"
#define P3 "cccccccc-0000-4000-8000-000000000003"
#define P4 "cccccccc-0000-4000-8000-000000000004"
#define P9 "cccccccc-0000-4000-8000-000000000009"
#define M1 "dddddddd-0000-4000-8000-000000000001"
#define M2 "dddddddd-0000-4000-8000-000000000002"
#define M9 "dddddddd-0000-4000-8000-000000000009"
#define W1 "eeeeeeee-0000-4000-8000-000000000001"
#define ROOT2 "aaaaaaaa-0000-4000-8000-000000000002"

/* The content that most tests start from: a root with two bridges, three
 * ports, two mirrors. */
static const char initial_record[] =
    "{'Root': {'" ROOT "': {"
    "   'bridges': ['set', [['uuid', '" BR1 "'], ['uuid', '" BR2 "']]],"
    "   'next_cfg': 3, 'cur_cfg': 3}},"
    " 'Bridge': {"
    "  '" BR1 "': {'name': 'br1',"
    "      'ports': ['set', [['uuid', '" P1 "'], ['uuid', '" P2 "']]]},"
    "  '" BR2 "': {'name': 'br2', 'ports': ['uuid', '" P3 "'],"
    "      'mirrors': ['set', [['uuid', '" M1 "'], ['uuid', '" M2 "']]]}},"
    " 'Port': {'" P1 "': {'name': 'p1'}, '" P2 "': {'name': 'p2'},"
    "          '" P3 "': {'name': 'p3', 'tag': 10}},"
    " 'Mirror': {'" M1 "': {'name': 'm1'}, '" M2 "': {'name': 'm2'}},"
    " '_date': 1700000000000, '_comment': 'initial'}";

/* Helpers. */

/* Parses S, valid JSON with ' for ", and returns it. */
static struct json *
parse_json(const char *s)
{
    char *copy = xstrdup(s);
    struct json *json;
    char *error;

    for (char *p = copy; *p; p++) {
        if (*p == '\'') {
            *p = '"';
        }
    }
    error = json_from_string(copy, &json);
    if (error) {
        fail_msg("parsing JSON %s failed: %s", copy, error);
    }
    free(copy);
    return json;
}

/* Asserts that ERROR is null, printing it otherwise. */
static void
check_ok(struct ovsdb_error *error, const char *what)
{
    if (error) {
        char *s = ovsdb_error_to_string(error);
        fail_msg("%s: unexpected error: %s", what, s);
    }
}

/* Asserts that ERROR has TAG and DETAILS, and frees it. */
static void
check_error(struct ovsdb_error *error, const char *tag, const char *details)
{
    if (!error) {
        fail_msg("expected error \"%s: %s\" but got success", tag, details);
    }
    assert_string_equal(ovsdb_error_get_tag(error), tag);
    assert_string_equal(ovsdb_error_get_details(error), details);
    ovsdb_error_destroy(error);
}

/* Asserts that JSON, which is released, equals EXPECTED (with ' for "). */
static void
check_json(struct json *json, const char *expected)
{
    struct json *expected_json = parse_json(expected);

    if (!json_equal(json, expected_json)) {
        char *a = json_to_string(json, JSSF_SORT);
        char *b = json_to_string(expected_json, JSSF_SORT);
        fail_msg("JSON differs:\n  actual:   %s\n  expected: %s", a, b);
    }
    json_destroy(json);
    json_destroy(expected_json);
}

static struct ovsdb *
create_db(void)
{
    struct json *json = parse_json(test_schema);
    struct ovsdb_schema *schema;

    check_ok(ovsdb_schema_from_json(json, &schema), "test schema");
    json_destroy(json);
    return ovsdb_create(schema);
}

/* Applies record TEXT to DB, which must succeed. */
static void
apply(struct ovsdb *db, const char *text)
{
    struct json *json = parse_json(text);
    check_ok(ovsdb_apply_record_json(db, json), text);
    json_destroy(json);
}

/* Returns a database holding the initial record. */
static struct ovsdb *
create_initial_db(void)
{
    struct ovsdb *db = create_db();
    apply(db, initial_record);
    return db;
}

static struct uuid
uuid_of(const char *s)
{
    struct uuid uuid;
    assert_true(uuid_from_string(&uuid, s));
    return uuid;
}

/* Returns the row with UUID in TABLE of DB, or null. */
static struct ovsdb_row *
find_row(const struct ovsdb *db, const char *table, const char *uuid_s)
{
    struct uuid uuid = uuid_of(uuid_s);
    struct ovsdb_table *t = ovsdb_find_table(db, table);

    assert_non_null(t);
    return ovsdb_table_find_row(t, &uuid);
}

static const struct ovsdb_column *
column_of(const struct ovsdb_row *row, const char *name)
{
    const struct ovsdb_column *c;

    c = ovsdb_table_schema_find_column(row->table->schema, name);
    assert_non_null(c);
    return c;
}

/* Sets column NAME of ROW to the datum in JSON TEXT. */
static void
set_column(struct ovsdb_row *row, const char *name, const char *text)
{
    const struct ovsdb_column *c = column_of(row, name);
    struct json *json = parse_json(text);
    struct ovsdb_datum datum;

    check_ok(ovsdb_datum_from_json(&datum, &c->type, json, NULL), text);
    ovsdb_datum_swap(&row->fields[c->index], &datum);
    ovsdb_datum_destroy(&datum, &c->type);
    json_destroy(json);
}

/* Asserts that column NAME of ROW holds the datum in JSON TEXT. */
static void
check_column(const struct ovsdb_row *row, const char *name,
             const char *expected)
{
    const struct ovsdb_column *c = column_of(row, name);
    check_json(ovsdb_datum_to_json(&row->fields[c->index], &c->type),
               expected);
}

/* Asserts that DB's snapshot equals SNAPSHOT, which is released. */
static void
check_snapshot_unchanged(const struct ovsdb *db, struct json *snapshot)
{
    struct json *now = ovsdb_to_snapshot_json(db);
    assert_true(json_equal(now, snapshot));
    json_destroy(now);
    json_destroy(snapshot);
}

/* Commits TXN, which must succeed, and destroys it. */
static void
commit_ok(struct ovsdb_txn *txn)
{
    check_ok(ovsdb_txn_commit(txn, false), "commit");
    ovsdb_txn_destroy(txn);
}

/* Commits TXN, which must fail with TAG and DETAILS, and destroys it. */
static void
commit_fails(struct ovsdb_txn *txn, const char *tag, const char *details)
{
    check_error(ovsdb_txn_commit(txn, false), tag, details);
    ovsdb_txn_destroy(txn);
}

/* Tests. */

static void
test_create(void **state)
{
    struct ovsdb *db = create_db();
    struct ovsdb_table **tables = ovsdb_sorted_tables(db);
    static const char *const names[] = {
        "Bridge", "Mirror", "Port", "Root", "Watcher"
    };

    assert_int_equal(shash_count(&db->tables), ARRAY_SIZE(names));
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        assert_string_equal(tables[i]->schema->name, names[i]);
        assert_ptr_equal(ovsdb_find_table(db, names[i]), tables[i]);
        assert_int_equal(ovsdb_table_n_rows(tables[i]), 0);
        assert_null(ovsdb_table_sorted_rows(tables[i]));
    }
    free(tables);
    assert_null(ovsdb_find_table(db, "Nope"));
    check_json(ovsdb_to_snapshot_json(db), "{}");

    ovsdb_destroy(db);
    ovsdb_destroy(NULL);
    ovsdb_txn_destroy(NULL);
    ovsdb_row_destroy(NULL);
}

static void
test_insert_modify_delete_abort(void **state)
{
    struct ovsdb *db = create_db();
    struct ovsdb_table *mirrors = ovsdb_find_table(db, "Mirror");
    struct uuid m1 = uuid_of(M1);
    struct ovsdb_row *row, *committed;
    struct ovsdb_txn *txn;
    struct uuid version;

    /* Insert, abort: nothing. */
    txn = ovsdb_txn_create(db);
    assert_ptr_equal(ovsdb_txn_get_db(txn), db);
    assert_true(ovsdb_txn_may_create_row(txn, mirrors, &m1));
    row = ovsdb_txn_insert(txn, mirrors, &m1);
    assert_ptr_equal(ovsdb_table_find_row(mirrors, &m1), row);
    assert_false(ovsdb_txn_may_create_row(txn, mirrors, &m1));
    ovsdb_txn_abort(txn);
    ovsdb_txn_destroy(txn);
    assert_null(ovsdb_table_find_row(mirrors, &m1));

    /* Insert, commit. */
    txn = ovsdb_txn_create(db);
    row = ovsdb_txn_insert(txn, mirrors, &m1);
    set_column(row, "name", "'m1'");
    commit_ok(txn);
    committed = ovsdb_table_find_row(mirrors, &m1);
    assert_non_null(committed);
    assert_true(uuid_equals(ovsdb_row_get_uuid(committed), &m1));
    assert_false(uuid_is_zero(ovsdb_row_get_version(committed)));
    version = *ovsdb_row_get_version(committed);
    check_column(committed, "name", "'m1'");

    /* Modify, abort: the committed version is back. */
    txn = ovsdb_txn_create(db);
    row = ovsdb_txn_modify(txn, committed);
    assert_ptr_not_equal(row, committed);
    assert_ptr_equal(ovsdb_txn_modify(txn, row), row);
    set_column(row, "name", "'x'");
    assert_ptr_equal(ovsdb_table_find_row(mirrors, &m1), row);
    ovsdb_txn_destroy(txn);
    assert_ptr_equal(ovsdb_table_find_row(mirrors, &m1), committed);
    check_column(committed, "name", "'m1'");

    /* Modify without a change: the version stays. */
    txn = ovsdb_txn_create(db);
    ovsdb_txn_modify(txn, committed);
    commit_ok(txn);
    row = ovsdb_table_find_row(mirrors, &m1);
    assert_true(uuid_equals(ovsdb_row_get_version(row), &version));

    /* Modify, commit: a new version. */
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_modify(txn, row), "name", "'m1b'");
    commit_ok(txn);
    row = ovsdb_table_find_row(mirrors, &m1);
    check_column(row, "name", "'m1b'");
    assert_false(uuid_equals(ovsdb_row_get_version(row), &version));

    /* Delete, abort; delete, commit. */
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, row);
    assert_null(ovsdb_table_find_row(mirrors, &m1));
    assert_false(ovsdb_txn_may_create_row(txn, mirrors, &m1));
    ovsdb_txn_abort(txn);
    ovsdb_txn_destroy(txn);
    assert_ptr_equal(ovsdb_table_find_row(mirrors, &m1), row);
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, row);
    commit_ok(txn);
    assert_int_equal(ovsdb_table_n_rows(mirrors), 0);

    /* Insert and delete in one transaction: no change at all. */
    txn = ovsdb_txn_create(db);
    row = ovsdb_txn_insert(txn, mirrors, NULL);
    assert_false(uuid_is_zero(ovsdb_row_get_uuid(row)));
    ovsdb_txn_delete(txn, row);
    check_ok(ovsdb_txn_commit(txn, false), "commit");
    assert_null(ovsdb_txn_to_record_json(txn));
    ovsdb_txn_destroy(txn);
    assert_int_equal(ovsdb_table_n_rows(mirrors), 0);

    ovsdb_destroy(db);
}

/* Appends "TABLE UUID KIND CHANGED-COLUMNS" to the ds in AUX. */
static bool
describe_change(const struct ovsdb_table *table, const struct ovsdb_row *old,
                const struct ovsdb_row *new, const unsigned long *changed,
                void *aux)
{
    const struct ovsdb_table_schema *ts = table->schema;
    struct ds *ds = aux;

    ds_put_format(ds, "%s "UUID_FMT" %s", ts->name,
                  UUID_ARGS(ovsdb_row_get_uuid(new ? new : old)),
                  !old ? "insert" : !new ? "delete" : "modify");
    if (old && new) {
        for (size_t i = 0; i < ts->n_columns; i++) {
            if (ovsdb_txn_column_changed(changed, i)) {
                ds_put_format(ds, " %s", ts->columns[i]->name);
            }
        }
    } else {
        for (size_t i = 0; i < ts->n_columns; i++) {
            assert_true(ovsdb_txn_column_changed(changed, i));
        }
    }
    ds_put_char(ds, ';');
    return true;
}

static void
test_reference_counts_and_gc(void **state)
{
    struct ovsdb *db = create_initial_db();
    struct ds changes = DS_EMPTY_INITIALIZER;
    struct ovsdb_txn *txn;
    struct ovsdb_row *root;

    assert_int_equal(find_row(db, "Bridge", BR1)->n_refs, 1);
    assert_int_equal(find_row(db, "Bridge", BR2)->n_refs, 1);
    assert_int_equal(find_row(db, "Port", P1)->n_refs, 1);
    assert_int_equal(find_row(db, "Port", P3)->n_refs, 1);
    assert_int_equal(find_row(db, "Mirror", M1)->n_refs, 0);
    assert_int_equal(find_row(db, "Root", ROOT)->n_refs, 0);

    /* Dropping br1 from the root collects br1 and its ports. */
    txn = ovsdb_txn_create(db);
    root = ovsdb_txn_modify(txn, find_row(db, "Root", ROOT));
    set_column(root, "bridges", "['uuid', '" BR2 "']");
    check_ok(ovsdb_txn_commit(txn, false), "commit");
    assert_true(ovsdb_txn_for_each_change(txn, describe_change, &changes));
    assert_string_equal(ds_cstr(&changes),
                        "Root " ROOT " modify _version bridges;"
                        "Bridge " BR1 " delete;"
                        "Port " P1 " delete;"
                        "Port " P2 " delete;");
    ovsdb_txn_destroy(txn);
    assert_null(find_row(db, "Bridge", BR1));
    assert_null(find_row(db, "Port", P1));
    assert_null(find_row(db, "Port", P2));
    assert_int_equal(find_row(db, "Bridge", BR2)->n_refs, 1);
    assert_int_equal(find_row(db, "Port", P3)->n_refs, 1);
    assert_int_equal(ovsdb_table_n_rows(ovsdb_find_table(db, "Port")), 1);

    /* A port that nothing refers to does not survive its insertion. */
    txn = ovsdb_txn_create(db);
    struct uuid p9 = uuid_of(P9);
    ovsdb_txn_insert(txn, ovsdb_find_table(db, "Port"), &p9);
    commit_ok(txn);
    assert_null(find_row(db, "Port", P9));

    /* Moving a port from one bridge to another keeps it. */
    txn = ovsdb_txn_create(db);
    struct uuid brx = uuid_of(BRX);
    struct ovsdb_row *bridge = ovsdb_txn_insert(
        txn, ovsdb_find_table(db, "Bridge"), &brx);
    set_column(bridge, "name", "'brx'");
    set_column(bridge, "ports", "['uuid', '" P3 "']");
    set_column(ovsdb_txn_modify(txn, find_row(db, "Bridge", BR2)), "ports",
               "['set', []]");
    set_column(ovsdb_txn_modify(txn, find_row(db, "Root", ROOT)), "bridges",
               "['set', [['uuid', '" BR2 "'], ['uuid', '" BRX "']]]");
    commit_ok(txn);
    assert_int_equal(find_row(db, "Port", P3)->n_refs, 1);
    assert_int_equal(find_row(db, "Bridge", BRX)->n_refs, 1);

    ds_destroy(&changes);
    ovsdb_destroy(db);
}

static void
test_strong_reference_errors(void **state)
{
    struct ovsdb *db = create_initial_db();
    struct json *before = ovsdb_to_snapshot_json(db);
    struct ovsdb_txn *txn;

    /* A reference to a row that does not exist aborts everything. */
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_modify(txn, find_row(db, "Mirror", M1)), "name",
               "'changed'");
    set_column(ovsdb_txn_modify(txn, find_row(db, "Bridge", BR2)), "ports",
               "['set', [['uuid', '" P3 "'], ['uuid', '" P9 "']]]");
    commit_fails(txn, "referential integrity violation",
                 "table Bridge column ports row " BR2 ": reference to "
                 "nonexistent row " P9 " of table Port");
    check_snapshot_unchanged(db, json_clone(before));
    check_column(find_row(db, "Mirror", M1), "name", "'m1'");
    assert_int_equal(find_row(db, "Port", P3)->n_refs, 1);

    /* Deleting a row that is still referred to. */
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, find_row(db, "Port", P3));
    commit_fails(txn, "referential integrity violation",
                 "cannot delete Port row " P3 " because of 1 remaining "
                 "reference(s)");
    check_snapshot_unchanged(db, json_clone(before));

    /* Deleting a row that an unchanged column of a modified row refers
     * to. */
    txn = ovsdb_txn_create(db);
    struct ovsdb_row *bridge = ovsdb_txn_modify(txn,
                                                find_row(db, "Bridge", BR1));
    ovsdb_txn_delete(txn, find_row(db, "Port", P1));
    set_column(bridge, "other_config", "['map', [['a', 'b']]]");
    commit_fails(txn, "referential integrity violation",
                 "cannot delete Port row " P1 " because of 1 remaining "
                 "reference(s)");
    check_snapshot_unchanged(db, json_clone(before));

    /* Deleting a port explicitly while its bridge is collected is fine. */
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, find_row(db, "Port", P1));
    set_column(ovsdb_txn_modify(txn, find_row(db, "Root", ROOT)), "bridges",
               "['uuid', '" BR2 "']");
    commit_ok(txn);
    assert_null(find_row(db, "Bridge", BR1));
    assert_null(find_row(db, "Port", P2));

    json_destroy(before);
    ovsdb_destroy(db);
}

static void
test_weak_references(void **state)
{
    struct ovsdb *db = create_initial_db();
    struct ovsdb_txn *txn;
    struct json *before;

    /* Deleting a mirror removes it from the bridge. */
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, find_row(db, "Mirror", M1));
    commit_ok(txn);
    check_column(find_row(db, "Bridge", BR2), "mirrors",
                 "['uuid', '" M2 "']");

    /* A weak reference to a row that never existed vanishes. */
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_modify(txn, find_row(db, "Bridge", BR1)), "mirrors",
               "['set', [['uuid', '" M2 "'], ['uuid', '" M9 "']]]");
    commit_ok(txn);
    check_column(find_row(db, "Bridge", BR1), "mirrors",
                 "['uuid', '" M2 "']");

    /* A column that may not be empty makes the deletion fail. */
    txn = ovsdb_txn_create(db);
    struct uuid w1 = uuid_of(W1);
    set_column(ovsdb_txn_insert(txn, ovsdb_find_table(db, "Watcher"), &w1),
               "target", "['uuid', '" M2 "']");
    commit_ok(txn);
    before = ovsdb_to_snapshot_json(db);
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, find_row(db, "Mirror", M2));
    commit_fails(txn, "constraint violation",
                 "table Watcher column target row " W1 ": removing 1 weak "
                 "reference(s) to deleted or nonexistent rows of table "
                 "Mirror leaves the column empty, but it requires at least "
                 "1 element(s)");
    check_snapshot_unchanged(db, before);
    check_column(find_row(db, "Bridge", BR2), "mirrors",
                 "['uuid', '" M2 "']");

    /* Deleting a mirror that two bridges refer to removes it from
     * both. */
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, find_row(db, "Watcher", W1));
    ovsdb_txn_delete(txn, find_row(db, "Mirror", M2));
    commit_ok(txn);
    check_column(find_row(db, "Bridge", BR1), "mirrors", "['set', []]");
    check_column(find_row(db, "Bridge", BR2), "mirrors", "['set', []]");

    ovsdb_destroy(db);
}

static void
test_unique_index(void **state)
{
    struct ovsdb *db = create_initial_db();
    struct ovsdb_table *bridges = ovsdb_find_table(db, "Bridge");
    struct uuid brx = uuid_of(BRX), bry = uuid_of(BRY);
    struct json *before = ovsdb_to_snapshot_json(db);
    struct ovsdb_txn *txn;
    struct ovsdb_row *row;

    /* A new bridge with an existing name. */
    txn = ovsdb_txn_create(db);
    row = ovsdb_txn_insert(txn, bridges, &brx);
    set_column(row, "name", "'br1'");
    set_column(ovsdb_txn_modify(txn, find_row(db, "Root", ROOT)), "bridges",
               "['set', [['uuid', '" BR1 "'], ['uuid', '" BR2 "'],"
               "         ['uuid', '" BRX "']]]");
    commit_fails(txn, "constraint violation",
                 "table Bridge: rows " BRX " (inserted by this transaction) "
                 "and " BR1 " (existing, not modified by this transaction) "
                 "would have the same value (\"br1\") for the index on "
                 "column(s) name");
    check_snapshot_unchanged(db, json_clone(before));

    /* Two new bridges with the same name. */
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_insert(txn, bridges, &brx), "name", "'new'");
    set_column(ovsdb_txn_insert(txn, bridges, &bry), "name", "'new'");
    set_column(ovsdb_txn_modify(txn, find_row(db, "Root", ROOT)), "bridges",
               "['set', [['uuid', '" BRX "'], ['uuid', '" BRY "']]]");
    commit_fails(txn, "constraint violation",
                 "table Bridge: rows " BRX " (inserted by this transaction) "
                 "and " BRY " (inserted by this transaction) would have the "
                 "same value (\"new\") for the index on column(s) name");
    check_snapshot_unchanged(db, json_clone(before));

    /* An unreferenced duplicate is collected before the check. */
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_insert(txn, bridges, &brx), "name", "'br1'");
    commit_ok(txn);
    check_snapshot_unchanged(db, json_clone(before));

    /* Swapping two names in one transaction is fine. */
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_modify(txn, find_row(db, "Bridge", BR1)), "name",
               "'br2'");
    set_column(ovsdb_txn_modify(txn, find_row(db, "Bridge", BR2)), "name",
               "'br1'");
    commit_ok(txn);
    check_column(find_row(db, "Bridge", BR1), "name", "'br2'");

    /* And the index follows the committed names. */
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_modify(txn, find_row(db, "Bridge", BR1)), "name",
               "'br1'");
    commit_fails(txn, "constraint violation",
                 "table Bridge: rows " BR1 " (modified by this transaction) "
                 "and " BR2 " (existing, not modified by this transaction) "
                 "would have the same value (\"br1\") for the index on "
                 "column(s) name");

    json_destroy(before);
    ovsdb_destroy(db);
}

static void
test_max_rows_and_datums(void **state)
{
    struct ovsdb *db = create_initial_db();
    struct json *before = ovsdb_to_snapshot_json(db);
    struct uuid root2 = uuid_of(ROOT2);
    struct ovsdb_txn *txn;
    struct ovsdb_row *row;

    txn = ovsdb_txn_create(db);
    ovsdb_txn_insert(txn, ovsdb_find_table(db, "Root"), &root2);
    commit_fails(txn, "constraint violation",
                 "transaction causes table Root to contain 2 rows, more "
                 "than its \"maxRows\" of 1");

    /* Values that break their column's constraints. */
    txn = ovsdb_txn_create(db);
    row = ovsdb_txn_modify(txn, find_row(db, "Bridge", BR2));
    set_column(row, "flood_vlans", "['set', [1, 2]]");
    row->fields[column_of(row, "flood_vlans")->index].keys[1].integer = 5000;
    commit_fails(txn, "constraint violation",
                 "table Bridge column flood_vlans row " BR2 ": 5000 is not "
                 "in the valid range 0 to 4095 (inclusive)");

    txn = ovsdb_txn_create(db);
    row = ovsdb_txn_modify(txn, find_row(db, "Port", P3));
    {
        /* Two tags in a column that holds at most one. */
        const struct ovsdb_column *c = column_of(row, "tag");
        struct ovsdb_type set_type = c->type;
        struct json *json = parse_json("['set', [1, 2]]");
        struct ovsdb_datum datum;

        set_type.n_max = 2;
        check_ok(ovsdb_datum_from_json(&datum, &set_type, json, NULL), "");
        ovsdb_datum_swap(&row->fields[c->index], &datum);
        ovsdb_datum_destroy(&datum, &c->type);
        json_destroy(json);
    }
    commit_fails(txn, "constraint violation",
                 "table Port column tag row " P3 ": set has 2 elements, but "
                 "at most 1 is allowed");

    check_snapshot_unchanged(db, before);
    ovsdb_destroy(db);
}

/* The snapshot of the initial record. */
static const char initial_snapshot[] =
    "{'Root': {'" ROOT "': {"
    "   'bridges': ['set', [['uuid', '" BR1 "'], ['uuid', '" BR2 "']]],"
    "   'next_cfg': 3}},"
    " 'Bridge': {"
    "  '" BR1 "': {'name': 'br1',"
    "      'ports': ['set', [['uuid', '" P1 "'], ['uuid', '" P2 "']]]},"
    "  '" BR2 "': {'name': 'br2', 'ports': ['uuid', '" P3 "'],"
    "      'mirrors': ['set', [['uuid', '" M1 "'], ['uuid', '" M2 "']]]}},"
    " 'Port': {'" P1 "': {'name': 'p1'}, '" P2 "': {'name': 'p2'},"
    "          '" P3 "': {'name': 'p3', 'tag': 10}},"
    " 'Mirror': {'" M1 "': {'name': 'm1'}, '" M2 "': {'name': 'm2'}}}";

static void
test_snapshot_round_trip(void **state)
{
    struct ovsdb *a = create_initial_db();
    struct ovsdb *b = create_db();
    struct json *snapshot = ovsdb_to_snapshot_json(a);
    struct json *snapshot_b;

    /* Ephemeral columns and defaults are left out. */
    check_json(json_clone(snapshot), initial_snapshot);

    check_ok(ovsdb_apply_record_json(b, snapshot), "apply snapshot");
    snapshot_b = ovsdb_to_snapshot_json(b);
    assert_true(json_equal(snapshot, snapshot_b));
    assert_int_equal(find_row(b, "Bridge", BR1)->n_refs, 1);
    assert_int_equal(find_row(b, "Port", P2)->n_refs, 1);
    check_column(find_row(b, "Root", ROOT), "cur_cfg", "0");

    /* A row whose columns all hold defaults is {}. */
    apply(b, "{'Mirror': {'" M9 "': {}}}");
    json_destroy(snapshot_b);
    snapshot_b = ovsdb_to_snapshot_json(b);
    check_json(json_clone(json_object_get(snapshot_b, "Mirror")),
               "{'" M1 "': {'name': 'm1'}, '" M2 "': {'name': 'm2'},"
               " '" M9 "': {}}");

    json_destroy(snapshot);
    json_destroy(snapshot_b);
    ovsdb_destroy(a);
    ovsdb_destroy(b);
}

static void
test_record_json(void **state)
{
    struct ovsdb *a = create_initial_db();
    struct ovsdb *b = create_initial_db();
    struct uuid p4 = uuid_of(P4);
    struct ovsdb_txn *txn;
    struct ovsdb_row *row;
    struct json *record;
    struct json *date;

    txn = ovsdb_txn_create(a);
    row = ovsdb_txn_insert(txn, ovsdb_find_table(a, "Port"), &p4);
    set_column(row, "name", "'p4'");
    row = ovsdb_txn_modify(txn, find_row(a, "Bridge", BR2));
    set_column(row, "ports", "['set', [['uuid', '" P3 "'],"
                             "         ['uuid', '" P4 "']]]");
    set_column(row, "other_config", "['map', [['a', '1'], ['b', '2']]]");
    set_column(row, "flood_vlans", "['set', [5, 6]]");
    row = ovsdb_txn_modify(txn, find_row(a, "Root", ROOT));
    set_column(row, "next_cfg", "4");
    set_column(row, "cur_cfg", "4");
    row = ovsdb_txn_modify(txn, find_row(a, "Port", P3));
    set_column(row, "tag", "['set', []]");
    ovsdb_txn_delete(txn, find_row(a, "Mirror", M1));
    ovsdb_txn_add_comment(txn, "first");
    ovsdb_txn_add_comment(txn, "second");
    assert_string_equal(ovsdb_txn_get_comment(txn), "first\nsecond");
    check_ok(ovsdb_txn_commit(txn, true), "commit");

    record = ovsdb_txn_to_record_json(txn);
    date = json_object_get(record, "_date");
    assert_non_null(date);
    assert_int_equal(date->type, JSON_INTEGER);
    assert_true(json_integer(date) > 1700000000000LL);
    json_object_delete(record, "_date");
    check_json(json_clone(record),
               "{'Port': {'" P4 "': {'name': 'p4'},"
               "          '" P3 "': {'tag': ['set', []]}},"
               " 'Bridge': {'" BR2 "': {"
               "    'ports': ['uuid', '" P4 "'],"
               "    'mirrors': ['uuid', '" M1 "'],"
               "    'other_config': ['map', [['a', '1'], ['b', '2']]],"
               "    'flood_vlans': ['set', [5, 6]]}},"
               " 'Root': {'" ROOT "': {'next_cfg': 4}},"
               " 'Mirror': {'" M1 "': null},"
               " '_is_diff': true, '_comment': 'first\\nsecond'}");
    ovsdb_txn_destroy(txn);

    /* Replaying the record on a copy gives the same content. */
    check_ok(ovsdb_apply_record_json(b, record), "apply record");
    struct json *snap_a = ovsdb_to_snapshot_json(a);
    struct json *snap_b = ovsdb_to_snapshot_json(b);
    assert_true(json_equal(snap_a, snap_b));
    json_destroy(snap_a);
    json_destroy(snap_b);
    json_destroy(record);

    /* A second change: map values replaced and removed, set elements
     * removed, given as differences. */
    txn = ovsdb_txn_create(a);
    row = ovsdb_txn_modify(txn, find_row(a, "Bridge", BR2));
    set_column(row, "other_config", "['map', [['a', '9'], ['c', '3']]]");
    set_column(row, "flood_vlans", "['set', [6]]");
    commit_ok(txn);
    txn = ovsdb_txn_create(a);
    commit_ok(txn);

    txn = ovsdb_txn_create(a);
    row = ovsdb_txn_modify(txn, find_row(a, "Bridge", BR2));
    set_column(row, "other_config", "['map', [['a', '9'], ['d', '4']]]");
    check_ok(ovsdb_txn_commit(txn, false), "commit");
    record = ovsdb_txn_to_record_json(txn);
    json_object_delete(record, "_date");
    check_json(record,
               "{'Bridge': {'" BR2 "': {"
               "    'other_config': ['map', [['c', '3'], ['d', '4']]]}},"
               " '_is_diff': true}");
    ovsdb_txn_destroy(txn);

    /* Only an ephemeral column changes: nothing to write. */
    txn = ovsdb_txn_create(a);
    set_column(ovsdb_txn_modify(txn, find_row(a, "Root", ROOT)), "cur_cfg",
               "5");
    check_ok(ovsdb_txn_commit(txn, false), "commit");
    assert_null(ovsdb_txn_to_record_json(txn));
    ovsdb_txn_destroy(txn);

    ovsdb_destroy(a);
    ovsdb_destroy(b);
}

static void
test_apply_record_diffs(void **state)
{
    struct ovsdb *db = create_initial_db();
    struct ovsdb_row *row;

    apply(db, "{'Bridge': {'" BR2 "': {"
              "   'mirrors': ['uuid', '" M1 "'],"
              "   'other_config': ['map', [['k', 'v'], ['l', 'w']]],"
              "   'name': 'renamed'}},"
              " 'Port': {'" P3 "': {'tag': 11}},"
              " '_is_diff': true}");
    row = find_row(db, "Bridge", BR2);
    check_column(row, "mirrors", "['uuid', '" M2 "']");
    check_column(row, "other_config", "['map', [['k', 'v'], ['l', 'w']]]");
    check_column(row, "name", "'renamed'");
    check_column(find_row(db, "Port", P3), "tag", "11");

    /* A changed value, a removed pair, an element added back. */
    apply(db, "{'Bridge': {'" BR2 "': {"
              "   'mirrors': ['uuid', '" M1 "'],"
              "   'other_config': ['map', [['k', 'x'], ['l', 'w']]]}},"
              " '_is_diff': true}");
    row = find_row(db, "Bridge", BR2);
    check_column(row, "mirrors",
                 "['set', [['uuid', '" M1 "'], ['uuid', '" M2 "']]]");
    check_column(row, "other_config", "['map', [['k', 'x']]]");

    /* Without "_is_diff", values are whole. */
    apply(db, "{'Bridge': {'" BR2 "': {'mirrors': ['uuid', '" M1 "']}}}");
    check_column(find_row(db, "Bridge", BR2), "mirrors",
                 "['uuid', '" M1 "']");

    ovsdb_destroy(db);
}

/* Applies record TEXT to DB, which must fail with TAG and DETAILS and leave
 * DB unchanged. */
static void
apply_fails(struct ovsdb *db, const char *text, const char *tag,
            const char *details)
{
    struct json *before = ovsdb_to_snapshot_json(db);
    struct json *json = parse_json(text);

    check_error(ovsdb_apply_record_json(db, json), tag, details);
    json_destroy(json);
    check_snapshot_unchanged(db, before);
}

static void
test_apply_record_errors(void **state)
{
    struct ovsdb *db = create_initial_db();

    apply_fails(db, "[]", "syntax error",
                "database record must be a JSON object");
    apply_fails(db, "{'Nope': {}}", "unknown table", "No table named Nope.");
    apply_fails(db, "{'_is_diff': 1}", "syntax error",
                "\"_is_diff\" must be true or false");
    apply_fails(db, "{'Port': {'xyz': null}}", "syntax error",
                "table Port: \"xyz\" is not a valid UUID");
    apply_fails(db, "{'Port': {'" P9 "': null}}", "syntax error",
                "table Port: record deletes row " P9 " that does not "
                "exist");
    apply_fails(db, "{'Port': {'" P3 "': {'nope': 1}}}", "unknown column",
                "table Port row " P3 ": column nope: No column nope in "
                "table Port.");
    apply_fails(db, "{'Port': {'" P3 "': {'tag': 5000}}}",
                "constraint violation",
                "table Port row " P3 ": column tag: 5000 is not in the "
                "valid range 0 to 4095 (inclusive)");
    apply_fails(db, "{'Port': {'" P3 "': {'_version': ['uuid', '" P1 "']}}}",
                "syntax error",
                "table Port row " P3 ": column _version: column _version "
                "of table Port may not appear in a record");
    apply_fails(db, "{'Bridge': {'" BR1 "': {'ports': ['uuid', '" P9 "']}}}",
                "referential integrity violation",
                "table Bridge column ports row " BR1 ": reference to "
                "nonexistent row " P9 " of table Port");
    ovsdb_destroy(db);
}

/* An observer that can veto and keeps the last record it saw. */
struct test_observer {
    struct ovsdb_observer up;
    bool veto;
    bool durable;
    int n_calls;
    struct json *record;
};

static struct ovsdb_error *
test_observer_commit(struct ovsdb_observer *observer,
                     const struct ovsdb_txn *txn, bool durable)
{
    struct test_observer *o = CONTAINER_OF(observer, struct test_observer,
                                           up);

    o->n_calls++;
    o->durable = durable;
    json_destroy(o->record);
    o->record = ovsdb_txn_to_record_json(txn);
    if (o->veto) {
        return ovsdb_error_create("I/O error", "disk full");
    }
    return NULL;
}

static void
test_observers(void **state)
{
    struct ovsdb *db = create_initial_db();
    struct test_observer o = { .up.commit = test_observer_commit };
    struct json *before = ovsdb_to_snapshot_json(db);
    struct ovsdb_txn *txn;

    ovsdb_add_observer(db, &o.up);

    /* The first observer may veto. */
    o.veto = true;
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_modify(txn, find_row(db, "Port", P3)), "name",
               "'vetoed'");
    commit_fails(txn, "I/O error", "disk full");
    assert_int_equal(o.n_calls, 1);
    check_snapshot_unchanged(db, before);

    /* Otherwise it sees the record. */
    o.veto = false;
    txn = ovsdb_txn_create(db);
    set_column(ovsdb_txn_modify(txn, find_row(db, "Port", P3)), "name",
               "'ok'");
    ovsdb_txn_add_comment(txn, "why");
    check_ok(ovsdb_txn_commit(txn, true), "commit");
    ovsdb_txn_destroy(txn);
    assert_int_equal(o.n_calls, 2);
    assert_true(o.durable);
    json_object_delete(o.record, "_date");
    check_json(o.record, "{'Port': {'" P3 "': {'name': 'ok'}},"
                         " '_is_diff': true, '_comment': 'why'}");
    o.record = NULL;

    ovsdb_remove_observer(&o.up);
    txn = ovsdb_txn_create(db);
    ovsdb_txn_delete(txn, find_row(db, "Mirror", M1));
    commit_ok(txn);
    assert_int_equal(o.n_calls, 2);

    ovsdb_destroy(db);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create),
        cmocka_unit_test(test_insert_modify_delete_abort),
        cmocka_unit_test(test_reference_counts_and_gc),
        cmocka_unit_test(test_strong_reference_errors),
        cmocka_unit_test(test_weak_references),
        cmocka_unit_test(test_unique_index),
        cmocka_unit_test(test_max_rows_and_datums),
        cmocka_unit_test(test_snapshot_round_trip),
        cmocka_unit_test(test_record_json),
        cmocka_unit_test(test_apply_record_diffs),
        cmocka_unit_test(test_apply_record_errors),
        cmocka_unit_test(test_observers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Tests for ovsdb/ovsdb-file: a database kept in a journal file, and
 * interoperability with Open vSwitch's ovsdb-tool. */

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
#include "ovsdb/ovsdb-file.h"
#include "ovsdb/ovsdb-schema.h"
#include "util.h"
#include "uuid.h"

static const char schema_text[] =
    "{\"name\": \"T\", \"version\": \"1.0.0\", \"tables\": {"
    " \"Root\": {\"isRoot\": true, \"columns\": {"
    "   \"things\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                \"refTable\": \"Thing\"}, \"min\": 0,"
    "                \"max\": \"unlimited\"}},"
    "   \"n\": {\"type\": \"integer\"}}},"
    " \"Thing\": {\"columns\": {"
    "   \"name\": {\"type\": \"string\"},"
    "   \"tags\": {\"type\": {\"key\": \"string\", \"value\": \"string\","
    "             \"min\": 0, \"max\": \"unlimited\"}}}}}}";

static char *dir;

static struct ovsdb_schema *
test_schema(void)
{
    struct json *json;
    char *error = json_from_string(schema_text, &json);
    assert_null(error);
    struct ovsdb_schema *schema;
    struct ovsdb_error *oerror = ovsdb_schema_from_json(json, &schema);
    assert_null(oerror);
    json_destroy(json);
    return schema;
}

static void
apply(struct ovsdb *db, const char *record)
{
    struct json *json;
    char *error = json_from_string(record, &json);
    assert_null(error);
    struct ovsdb_error *oerror = ovsdb_apply_record_json(db, json);
    if (oerror) {
        char *s = ovsdb_error_to_string(oerror);
        fail_msg("%s", s);
    }
    json_destroy(json);
}

static char *
snapshot_string(const struct ovsdb *db)
{
    struct json *json = ovsdb_to_snapshot_json(db);
    char *s = json_to_string(json, JSSF_SORT);
    json_destroy(json);
    return s;
}

static int
setup(void **state SLUICE_UNUSED)
{
    char template[] = "/tmp/test-ovsdb-file-XXXXXX";
    assert_non_null(mkdtemp(template));
    dir = xstrdup(template);
    return 0;
}

static int
teardown(void **state SLUICE_UNUSED)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
    return 0;
}

#define ROOT_UUID "00000000-0000-0000-0000-000000000001"
#define THING_UUID "00000000-0000-0000-0000-000000000002"

/* Changes go to the file and come back on reopening; a compaction keeps
 * the content; a second writer is refused. */
static void
test_round_trip(void **state SLUICE_UNUSED)
{
    char *path = xasprintf("%s/db", dir);
    struct ovsdb_schema *schema = test_schema();
    assert_null(ovsdb_file_create(path, schema));
    struct ovsdb_error *error = ovsdb_file_create(path, schema);
    assert_non_null(error);
    assert_string_equal(ovsdb_error_get_tag(error), "I/O error");
    ovsdb_error_destroy(error);
    ovsdb_schema_destroy(schema);

    struct ovsdb *db;
    struct ovsdb_file *file;
    assert_null(ovsdb_file_open(path, false, &db, &file));
    apply(db, "{\"Root\": {\"" ROOT_UUID "\": {\"n\": 1,"
              " \"things\": [\"uuid\", \"" THING_UUID "\"]}},"
              " \"Thing\": {\"" THING_UUID "\": {\"name\": \"a\","
              " \"tags\": [\"map\", [[\"k\", \"v\"]]]}}}");
    apply(db, "{\"Root\": {\"" ROOT_UUID "\": {\"n\": 2}},"
              " \"Thing\": {\"" THING_UUID "\": {"
              " \"tags\": [\"map\", [[\"k2\", \"v2\"]]]}}, \"_is_diff\": true}");
    char *before = snapshot_string(db);

    /* Locked against a second writer. */
    struct ovsdb *db2;
    struct ovsdb_file *file2;
    error = ovsdb_file_open(path, false, &db2, &file2);
    assert_non_null(error);
    ovsdb_error_destroy(error);

    ovsdb_file_close(file);
    ovsdb_destroy(db);

    assert_null(ovsdb_file_open(path, true, &db, NULL));
    char *after = snapshot_string(db);
    assert_string_equal(before, after);
    assert_non_null(strstr(after, "\"k2\""));
    free(after);
    ovsdb_destroy(db);

    /* Compaction: two records, same content. */
    assert_null(ovsdb_file_open(path, false, &db, &file));
    off_t size = ovsdb_file_get_size(file);
    for (int i = 0; i < 50; i++) {
        char *rec = xasprintf("{\"Root\": {\"" ROOT_UUID "\": {\"n\": %d}}}",
                              i + 10);
        apply(db, rec);
        free(rec);
    }
    apply(db, "{\"Root\": {\"" ROOT_UUID "\": {\"n\": 2}}}");
    assert_true(ovsdb_file_get_size(file) > size);
    assert_null(ovsdb_file_run(file));      /* Too small to compact. */
    assert_null(ovsdb_file_compact(file));
    assert_true(ovsdb_file_get_size(file) < size);
    ovsdb_file_close(file);
    ovsdb_destroy(db);
    assert_null(ovsdb_file_open(path, true, &db, NULL));
    after = snapshot_string(db);
    assert_string_equal(before, after);
    free(after);
    ovsdb_destroy(db);

    free(before);
    free(path);
}

/* A torn record at the end is dropped; the rest loads. */
static void
test_torn_tail(void **state SLUICE_UNUSED)
{
    char *path = xasprintf("%s/db", dir);
    struct ovsdb_schema *schema = test_schema();
    assert_null(ovsdb_file_create(path, schema));
    ovsdb_schema_destroy(schema);

    struct ovsdb *db;
    struct ovsdb_file *file;
    assert_null(ovsdb_file_open(path, false, &db, &file));
    apply(db, "{\"Root\": {\"" ROOT_UUID "\": {\"n\": 1}}}");
    off_t good = ovsdb_file_get_size(file);
    char *expected = snapshot_string(db);
    apply(db, "{\"Root\": {\"" ROOT_UUID "\": {\"n\": 7}}}");
    off_t full = ovsdb_file_get_size(file);
    ovsdb_file_close(file);
    ovsdb_destroy(db);

    assert_int_equal(truncate(path, good + (full - good) / 2), 0);
    assert_null(ovsdb_file_open(path, false, &db, &file));
    char *actual = snapshot_string(db);
    assert_string_equal(actual, expected);
    free(actual);
    /* Writing goes on after the good records. */
    apply(db, "{\"Root\": {\"" ROOT_UUID "\": {\"n\": 9}}}");
    ovsdb_file_close(file);
    ovsdb_destroy(db);
    assert_null(ovsdb_file_open(path, true, &db, NULL));
    actual = snapshot_string(db);
    assert_non_null(strstr(actual, "\"n\":9"));
    free(actual);
    ovsdb_destroy(db);
    free(expected);
    free(path);
}

/* Open vSwitch's ovsdb-tool: its files load here, and it reads ours. */
static void
test_ovsdb_tool(void **state SLUICE_UNUSED)
{
    const char *ovs_schema = "/usr/share/openvswitch/vswitch.ovsschema";
    if (access("/usr/bin/ovsdb-tool", X_OK) || access(ovs_schema, R_OK)) {
        print_message("ovsdb-tool or vswitch.ovsschema missing: skipped\n");
        return;
    }
    char *path = xasprintf("%s/conf.db", dir);
    char *cmd = xasprintf(
        "ovsdb-tool create %s %s && ovsdb-tool transact %s "
        "'[\"Open_vSwitch\", {\"op\": \"insert\", \"table\": "
        "\"Open_vSwitch\", \"row\": {\"next_cfg\": 5}}]' >/dev/null",
        path, ovs_schema, path);
    assert_int_equal(system(cmd), 0);
    free(cmd);

    struct ovsdb *db;
    struct ovsdb_file *file;
    assert_null(ovsdb_file_open(path, false, &db, &file));
    char *s = snapshot_string(db);
    assert_non_null(strstr(s, "\"next_cfg\":5"));
    free(s);
    struct ovsdb_table *table = ovsdb_find_table(db, "Open_vSwitch");
    assert_non_null(table);
    struct ovsdb_row **rows = ovsdb_table_sorted_rows(table);
    char uuid[64];
    assert_int_equal(ovsdb_table_n_rows(table), 1);
    snprintf(uuid, sizeof uuid, UUID_FMT,
             UUID_ARGS(ovsdb_row_get_uuid(rows[0])));
    free(rows);
    char *rec = xasprintf("{\"Open_vSwitch\": {\"%s\": {\"cur_cfg\": 5}}}",
                          uuid);
    apply(db, rec);
    free(rec);
    ovsdb_file_close(file);
    ovsdb_destroy(db);

    /* ovsdb-tool sees Sluice's change. */
    cmd = xasprintf("ovsdb-tool query %s '[\"Open_vSwitch\", {\"op\": "
                    "\"select\", \"table\": \"Open_vSwitch\", \"where\": [],"
                    " \"columns\": [\"cur_cfg\", \"next_cfg\"]}]' "
                    "> %s/query.out", path, dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *out_path = xasprintf("%s/query.out", dir);
    struct json *out;
    char *error = json_from_file(out_path, &out);
    assert_null(error);
    char *out_s = json_to_string(out, JSSF_SORT);
    assert_string_equal(out_s,
                        "[{\"rows\":[{\"cur_cfg\":5,\"next_cfg\":5}]}]");
    free(out_s);
    json_destroy(out);
    free(out_path);
    free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ovsdb_tool, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

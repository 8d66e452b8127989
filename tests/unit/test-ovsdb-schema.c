/* Unit tests for ovsdb/ovsdb-schema.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "json.h"
#include "ovsdb/ovsdb-data.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-schema.h"
#include "ovsdb/ovsdb-types.h"
#include "util.h"

/* A small schema: switches with ports, a strong and a weak reference, an
 * index on one table and a two-column index on the other. */
static const char lab_schema[] =
    "{\"name\": \"Lab\", \"version\": \"1.2.3\", \"cksum\": \"12345 678\","
    " \"tables\": {"
    "  \"Switch\": {"
    "   \"columns\": {"
    "    \"name\": {\"type\": \"string\"},"
    "    \"ports\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                                   \"refTable\": \"Port\"},"
    "                          \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"mirror_to\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                                       \"refTable\": \"Port\","
    "                                       \"refType\": \"weak\"},"
    "                              \"min\": 0, \"max\": 1}},"
    "    \"other_config\": {\"type\": {\"key\": \"string\","
    "                                 \"value\": \"string\","
    "                                 \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"stats\": {\"type\": {\"key\": \"string\", \"value\": \"integer\","
    "                          \"min\": 0, \"max\": \"unlimited\"},"
    "               \"ephemeral\": true},"
    "    \"datapath_id\": {\"type\": \"string\", \"mutable\": false}},"
    "   \"isRoot\": true, \"maxRows\": 10, \"indexes\": [[\"name\"]]},"
    "  \"Port\": {"
    "   \"columns\": {"
    "    \"name\": {\"type\": \"string\"},"
    "    \"tag\": {\"type\": {\"key\": {\"type\": \"integer\","
    "                                 \"minInteger\": 0,"
    "                                 \"maxInteger\": 4095},"
    "                        \"min\": 0}}},"
    "   \"indexes\": [[\"name\", \"tag\"]]}}}";

/* Parses S, which must be valid JSON. */
static struct json *
parse_json(const char *s)
{
    struct json *json;
    char *error = json_from_string(s, &json);
    if (error) {
        fail_msg("parsing JSON failed: %s", error);
    }
    return json;
}

/* Parses schema text S, which must be valid. */
static struct ovsdb_schema *
parse_schema(const char *s)
{
    struct json *json = parse_json(s);
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
    if (error) {
        fail_msg("schema: %s", ovsdb_error_to_string(error));
    }
    json_destroy(json);
    assert_non_null(schema);
    return schema;
}

/* Returns the column TABLE.COLUMN of SCHEMA, which must exist. */
static const struct ovsdb_column *
get_column(const struct ovsdb_schema *schema, const char *table,
           const char *column)
{
    const struct ovsdb_table_schema *ts = ovsdb_schema_find_table(schema,
                                                                  table);
    assert_non_null(ts);
    const struct ovsdb_column *c = ovsdb_table_schema_find_column(ts,
                                                                  column);
    if (!c) {
        fail_msg("no column %s in table %s", column, table);
    }
    return c;
}

/* Asserts that converting SCHEMA to JSON and back, and cloning it, give
 * equal schemas. */
static void
check_round_trip(const struct ovsdb_schema *schema)
{
    struct json *json = ovsdb_schema_to_json(schema);
    struct ovsdb_schema *schema2;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema2);
    if (error) {
        fail_msg("reparsing: %s", ovsdb_error_to_string(error));
    }
    assert_true(ovsdb_schema_equal(schema, schema2));

    /* The JSON is stable too. */
    struct json *json2 = ovsdb_schema_to_json(schema2);
    assert_true(json_equal(json, json2));

    struct ovsdb_schema *clone = ovsdb_schema_clone(schema);
    assert_true(ovsdb_schema_equal(schema, clone));

    ovsdb_schema_destroy(clone);
    ovsdb_schema_destroy(schema2);
    json_destroy(json2);
    json_destroy(json);
}

static void
test_lab_schema(void **state)
{
    struct ovsdb_schema *schema = parse_schema(lab_schema);

    assert_string_equal(schema->name, "Lab");
    assert_string_equal(schema->version, "1.2.3");
    assert_string_equal(schema->cksum, "12345 678");
    assert_int_equal(shash_count(&schema->tables), 2);
    assert_null(ovsdb_schema_find_table(schema, "Bridge"));

    /* Switch: root (explicitly), at most 10 rows. */
    const struct ovsdb_table_schema *sw = ovsdb_schema_find_table(schema,
                                                                  "Switch");
    assert_non_null(sw);
    assert_string_equal(sw->name, "Switch");
    assert_true(sw->is_root);
    assert_int_equal(sw->max_rows, 10);

    /* Implicit columns first, then the others in name order. */
    static const char *const names[] = {
        "_uuid", "_version", "datapath_id", "mirror_to", "name",
        "other_config", "ports", "stats"
    };
    assert_int_equal(sw->n_columns, ARRAY_SIZE(names));
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        const struct ovsdb_column *column = sw->columns[i];
        assert_string_equal(column->name, names[i]);
        assert_int_equal(column->index, i);
        assert_ptr_equal(ovsdb_table_schema_find_column(sw, names[i]),
                         column);
    }
    assert_null(ovsdb_table_schema_find_column(sw, "tag"));

    const struct ovsdb_column *uuid = sw->columns[OVSDB_COL_UUID];
    assert_string_equal(uuid->name, "_uuid");
    assert_false(uuid->mutable);
    assert_false(uuid->ephemeral);
    assert_true(ovsdb_type_is_scalar(&uuid->type));
    assert_int_equal(uuid->type.key.type, OVSDB_TYPE_UUID);
    const struct ovsdb_column *version = sw->columns[OVSDB_COL_VERSION];
    assert_string_equal(version->name, "_version");
    assert_false(version->mutable);
    assert_true(version->ephemeral);

    const struct ovsdb_column *ports = get_column(schema, "Switch", "ports");
    assert_true(ovsdb_base_type_is_strong_ref(&ports->type.key));
    assert_string_equal(ports->type.key.uuid.ref_table_name, "Port");
    assert_int_equal(ports->type.n_min, 0);
    assert_int_equal(ports->type.n_max, UINT_MAX);
    assert_true(ports->mutable);
    assert_false(ports->ephemeral);

    const struct ovsdb_column *mirror = get_column(schema, "Switch",
                                                   "mirror_to");
    assert_true(ovsdb_base_type_is_weak_ref(&mirror->type.key));
    assert_true(ovsdb_type_is_optional(&mirror->type));

    assert_false(get_column(schema, "Switch", "datapath_id")->mutable);
    assert_true(get_column(schema, "Switch", "stats")->ephemeral);
    assert_true(ovsdb_type_is_map(&get_column(schema, "Switch",
                                              "other_config")->type));

    assert_int_equal(sw->n_indexes, 1);
    assert_int_equal(sw->indexes[0].n_columns, 1);
    assert_ptr_equal(sw->indexes[0].columns[0],
                     get_column(schema, "Switch", "name"));

    /* Port: not root, because another table is; no row limit. */
    const struct ovsdb_table_schema *port = ovsdb_schema_find_table(schema,
                                                                    "Port");
    assert_false(port->is_root);
    assert_int_equal(port->max_rows, UINT_MAX);
    assert_int_equal(port->n_columns, 4);
    assert_int_equal(port->n_indexes, 1);
    assert_int_equal(port->indexes[0].n_columns, 2);
    assert_string_equal(port->indexes[0].columns[0]->name, "name");
    assert_string_equal(port->indexes[0].columns[1]->name, "tag");
    const struct ovsdb_column *tag = get_column(schema, "Port", "tag");
    assert_int_equal(tag->type.key.integer.max, 4095);

    /* The JSON form, exactly. */
    struct json *json = ovsdb_schema_to_json(schema);
    char *text = json_to_string(json, JSSF_SORT);
    assert_string_equal(
        text,
        "{\"cksum\":\"12345 678\",\"name\":\"Lab\",\"tables\":{"
        "\"Port\":{\"columns\":{\"name\":{\"type\":\"string\"},"
        "\"tag\":{\"type\":{\"key\":{\"maxInteger\":4095,\"minInteger\":0,"
        "\"type\":\"integer\"},\"min\":0}}},"
        "\"indexes\":[[\"name\",\"tag\"]]},"
        "\"Switch\":{\"columns\":{"
        "\"datapath_id\":{\"mutable\":false,\"type\":\"string\"},"
        "\"mirror_to\":{\"type\":{\"key\":{\"refTable\":\"Port\","
        "\"refType\":\"weak\",\"type\":\"uuid\"},\"min\":0}},"
        "\"name\":{\"type\":\"string\"},"
        "\"other_config\":{\"type\":{\"key\":\"string\","
        "\"max\":\"unlimited\",\"min\":0,\"value\":\"string\"}},"
        "\"ports\":{\"type\":{\"key\":{\"refTable\":\"Port\","
        "\"type\":\"uuid\"},\"max\":\"unlimited\",\"min\":0}},"
        "\"stats\":{\"ephemeral\":true,\"type\":{\"key\":\"string\","
        "\"max\":\"unlimited\",\"min\":0,\"value\":\"integer\"}}},"
        "\"indexes\":[[\"name\"]],\"isRoot\":true,\"maxRows\":10}},"
        "\"version\":\"1.2.3\"}");
    free(text);
    json_destroy(json);

    check_round_trip(schema);

    /* A changed clone is no longer equal. */
    struct ovsdb_schema *clone = ovsdb_schema_clone(schema);
    struct ovsdb_table_schema *clone_port = shash_find_data(&clone->tables,
                                                            "Port");
    clone_port->columns[3]->type.key.integer.max = 4094;
    assert_false(ovsdb_schema_equal(schema, clone));
    ovsdb_schema_destroy(clone);

    clone = ovsdb_schema_clone(schema);
    free(clone->cksum);
    clone->cksum = NULL;
    assert_false(ovsdb_schema_equal(schema, clone));
    ovsdb_schema_destroy(clone);

    ovsdb_schema_destroy(schema);
    ovsdb_schema_destroy(NULL);
}

static void
test_root_default(void **state)
{
    /* No "isRoot" anywhere, or only false: every table is a root. */
    static const char *const all_root[] = {
        "{\"name\": \"S\", \"version\": \"0.0.1\", \"tables\": {"
        " \"A\": {\"columns\": {\"x\": {\"type\": \"integer\"}}},"
        " \"B\": {\"columns\": {\"y\": {\"type\": \"integer\"}}}}}",
        "{\"name\": \"S\", \"version\": \"0.0.1\", \"tables\": {"
        " \"A\": {\"columns\": {\"x\": {\"type\": \"integer\"}},"
        "        \"isRoot\": false},"
        " \"B\": {\"columns\": {\"y\": {\"type\": \"integer\"}}}}}",
    };
    for (size_t i = 0; i < ARRAY_SIZE(all_root); i++) {
        struct ovsdb_schema *schema = parse_schema(all_root[i]);
        assert_true(ovsdb_schema_find_table(schema, "A")->is_root);
        assert_true(ovsdb_schema_find_table(schema, "B")->is_root);

        /* Written back without "isRoot", which reads back the same. */
        struct json *json = ovsdb_schema_to_json(schema);
        struct json *tables = json_object_get(json, "tables");
        assert_null(json_object_get(json_object_get(tables, "A"),
                                    "isRoot"));
        json_destroy(json);
        check_round_trip(schema);
        ovsdb_schema_destroy(schema);
    }

    /* One root table: the other is not. */
    struct ovsdb_schema *schema = parse_schema(
        "{\"name\": \"S\", \"version\": \"10.20.30\", \"tables\": {"
        " \"A\": {\"columns\": {\"x\": {\"type\": \"integer\"}},"
        "        \"isRoot\": true},"
        " \"B\": {\"columns\": {\"y\": {\"type\": \"integer\"}},"
        "        \"isRoot\": false}}}");
    assert_true(ovsdb_schema_find_table(schema, "A")->is_root);
    assert_false(ovsdb_schema_find_table(schema, "B")->is_root);
    assert_null(schema->cksum);
    check_round_trip(schema);
    ovsdb_schema_destroy(schema);
}

/* Checks that schema text S fails to parse with DETAILS. */
static void
check_schema_error(const char *s, const char *details)
{
    struct json *json = parse_json(s);
    struct ovsdb_schema *schema = (struct ovsdb_schema *) 1;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);

    if (!error) {
        fail_msg("schema %s was accepted", s);
    }
    assert_null(schema);
    assert_string_equal(ovsdb_error_get_tag(error), "syntax error");
    assert_string_equal(ovsdb_error_get_details(error), details);
    ovsdb_error_destroy(error);
    json_destroy(json);
}

/* Builds a schema text with one table T whose "columns" member is COLUMNS
 * and with EXTRA members (may be empty) after it. */
static char *
one_table(const char *columns, const char *extra)
{
    return xasprintf("{\"name\": \"S\", \"version\": \"1.0.0\", "
                     "\"tables\": {\"T\": {\"columns\": %s%s}}}",
                     columns, extra);
}

static void
check_table_error(const char *columns, const char *extra,
                  const char *details)
{
    char *s = one_table(columns, extra);
    check_schema_error(s, details);
    free(s);
}

static void
test_bad_schemas(void **state)
{
    const char *c = "{\"c\": {\"type\": \"integer\"}}";

    check_schema_error("[]", "database schema must be an object");
    check_schema_error("{\"version\": \"1.0.0\", \"tables\": {}}",
                       "database schema lacks required member \"name\"");
    check_schema_error("{\"name\": 5, \"version\": \"1.0.0\", "
                       "\"tables\": {}}", "\"name\" must be a string");
    check_schema_error("{\"name\": \"1abc\", \"version\": \"1.0.0\", "
                       "\"tables\": {}}",
                       "schema name \"1abc\" is not a valid identifier");
    check_schema_error("{\"name\": \"S\", \"tables\": {}}",
                       "database schema lacks required member "
                       "\"version\"");
    check_schema_error("{\"name\": \"S\", \"version\": \"1.0.0\"}",
                       "database schema lacks required member "
                       "\"tables\"");
    check_schema_error("{\"name\": \"S\", \"version\": \"1.0.0\", "
                       "\"tables\": []}", "\"tables\" must be an object");
    check_schema_error("{\"name\": \"S\", \"version\": \"1.0.0\", "
                       "\"tables\": {}, \"comment\": \"x\"}",
                       "unexpected member \"comment\" in database schema");
    check_schema_error("{\"name\": \"S\", \"version\": \"1.0.0\", "
                       "\"cksum\": 5, \"tables\": {}}",
                       "\"cksum\" must be a string");

    static const char *const bad_versions[] = {
        "1.2", "1.2.3.4", "a.b.c", "1..2", "", "1.2.3 ", "-1.2.3",
        "1.2.1234567890",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_versions); i++) {
        char *s = xasprintf("{\"name\": \"S\", \"version\": \"%s\", "
                            "\"tables\": {}}", bad_versions[i]);
        char *details = xasprintf("schema version \"%s\" is not of the "
                                  "form x.y.z", bad_versions[i]);
        check_schema_error(s, details);
        assert_false(ovsdb_schema_version_is_valid(bad_versions[i]));
        free(s);
        free(details);
    }
    assert_true(ovsdb_schema_version_is_valid("0.0.0"));
    assert_true(ovsdb_schema_version_is_valid("8.3.1"));

    /* Tables. */
    check_schema_error("{\"name\": \"S\", \"version\": \"1.0.0\", "
                       "\"tables\": {\"_T\": {\"columns\": {}}}}",
                       "table _T: table name \"_T\" begins with \"_\", "
                       "which is reserved");
    check_schema_error("{\"name\": \"S\", \"version\": \"1.0.0\", "
                       "\"tables\": {\"a-b\": {\"columns\": {}}}}",
                       "table a-b: table name \"a-b\" is not a valid "
                       "identifier");
    check_schema_error("{\"name\": \"S\", \"version\": \"1.0.0\", "
                       "\"tables\": {\"T\": {}}}",
                       "table T: table schema lacks required member "
                       "\"columns\"");
    check_schema_error("{\"name\": \"S\", \"version\": \"1.0.0\", "
                       "\"tables\": {\"T\": 1}}",
                       "table T: table schema must be an object");
    check_table_error("{}", "", "table T: \"columns\" must be an object "
                      "with at least one column");
    check_table_error(c, ", \"maxRows\": 0",
                      "table T: \"maxRows\" must be a positive integer");
    check_table_error(c, ", \"maxRows\": 4294967296",
                      "table T: \"maxRows\" must be a positive integer");
    check_table_error(c, ", \"isRoot\": \"yes\"",
                      "table T: \"isRoot\" must be true or false");
    check_table_error(c, ", \"rows\": 1",
                      "table T: unexpected member \"rows\" in table "
                      "schema");

    /* Columns. */
    check_table_error("{\"_c\": {\"type\": \"integer\"}}", "",
                      "table T: column _c: column name \"_c\" begins with "
                      "\"_\", which is reserved");
    check_table_error("{\"c d\": {\"type\": \"integer\"}}", "",
                      "table T: column c d: column name \"c d\" is not a "
                      "valid identifier");
    check_table_error("{\"c\": {}}", "",
                      "table T: column c: column schema lacks required "
                      "member \"type\"");
    check_table_error("{\"c\": \"integer\"}", "",
                      "table T: column c: column schema must be an "
                      "object");
    check_table_error("{\"c\": {\"type\": \"integer\", \"default\": 1}}",
                      "", "table T: column c: unexpected member "
                      "\"default\" in column schema");
    check_table_error("{\"c\": {\"type\": \"integer\", \"ephemeral\": 1}}",
                      "", "table T: column c: \"ephemeral\" must be true "
                      "or false");
    check_table_error("{\"c\": {\"type\": {\"key\": \"integer\", "
                      "\"min\": 2}}}", "",
                      "table T: column c: type: \"min\" must be 0 or 1, "
                      "not 2");
    check_table_error("{\"c\": {\"type\": {\"key\": {\"type\": \"uuid\", "
                      "\"refTable\": \"Nope\"}}}}", "",
                      "table T: column c: key refers to table \"Nope\", "
                      "which is not in the schema");
    check_table_error("{\"c\": {\"type\": {\"key\": \"string\", \"value\": "
                      "{\"type\": \"uuid\", \"refTable\": \"U\"}}}}", "",
                      "table T: column c: value refers to table \"U\", "
                      "which is not in the schema");

    /* Indexes. */
    const char *cd = "{\"c\": {\"type\": \"integer\"}, "
                     "\"d\": {\"type\": \"integer\", \"ephemeral\": true}}";
    check_table_error(cd, ", \"indexes\": [\"c\"]",
                      "table T: each index must be a nonempty array of "
                      "column names");
    check_table_error(cd, ", \"indexes\": [[]]",
                      "table T: each index must be a nonempty array of "
                      "column names");
    check_table_error(cd, ", \"indexes\": {}",
                      "table T: \"indexes\" must be an array of arrays of "
                      "column names");
    check_table_error(cd, ", \"indexes\": [[\"c\", 1]]",
                      "table T: index elements must be column names");
    check_table_error(cd, ", \"indexes\": [[\"c\"], [\"e\"]]",
                      "table T: index column \"e\" does not exist");
    check_table_error(cd, ", \"indexes\": [[\"d\"]]",
                      "table T: index column \"d\" is ephemeral, and "
                      "ephemeral columns may not be indexed");
    check_table_error(cd, ", \"indexes\": [[\"_version\"]]",
                      "table T: index column \"_version\" is ephemeral, "
                      "and ephemeral columns may not be indexed");
    check_table_error(cd, ", \"indexes\": [[\"c\", \"c\"]]",
                      "table T: column \"c\" appears twice in one index");
}

static void
test_schema_file(void **state)
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error;

    error = ovsdb_schema_from_file("/nonexistent/lab.ovsschema", &schema);
    assert_null(schema);
    assert_non_null(error);
    assert_string_equal(ovsdb_error_get_tag(error), "I/O error");
    assert_string_equal(ovsdb_error_get_details(error),
                        "/nonexistent/lab.ovsschema: could not open "
                        "schema: No such file or directory");
    ovsdb_error_destroy(error);

    char file_name[] = "/tmp/test-ovsdb-schema-XXXXXX";
    int fd = mkstemp(file_name);
    assert_true(fd >= 0);
    FILE *stream = fdopen(fd, "w");
    assert_non_null(stream);

    /* Not JSON. */
    fputs("{\"name\": ", stream);
    fflush(stream);
    error = ovsdb_schema_from_file(file_name, &schema);
    assert_null(schema);
    assert_string_equal(ovsdb_error_get_tag(error), "syntax error");
    char *prefix = xasprintf("%s: line 1, column ", file_name);
    assert_memory_equal(ovsdb_error_get_details(error), prefix,
                        strlen(prefix));
    free(prefix);
    ovsdb_error_destroy(error);

    /* JSON, but not a valid schema. */
    assert_int_equal(ftruncate(fd, 0), 0);
    rewind(stream);
    fputs("{\"name\": \"S\", \"version\": \"1\", \"tables\": {}}\n", stream);
    fflush(stream);
    error = ovsdb_schema_from_file(file_name, &schema);
    char *details = xasprintf("%s: schema version \"1\" is not of the form "
                              "x.y.z", file_name);
    assert_string_equal(ovsdb_error_get_tag(error), "syntax error");
    assert_string_equal(ovsdb_error_get_details(error), details);
    free(details);
    ovsdb_error_destroy(error);

    /* The lab schema. */
    assert_int_equal(ftruncate(fd, 0), 0);
    rewind(stream);
    fputs(lab_schema, stream);
    fflush(stream);
    error = ovsdb_schema_from_file(file_name, &schema);
    assert_null(error);
    struct ovsdb_schema *expected = parse_schema(lab_schema);
    assert_true(ovsdb_schema_equal(schema, expected));
    ovsdb_schema_destroy(expected);
    ovsdb_schema_destroy(schema);

    fclose(stream);
    unlink(file_name);
}

#define VSWITCH_SCHEMA "/usr/share/openvswitch/vswitch.ovsschema"

static void
test_vswitch_schema(void **state)
{
    if (access(VSWITCH_SCHEMA, R_OK)) {
        print_message("skipping: %s not found (install openvswitch-common "
                      "to run this test)\n", VSWITCH_SCHEMA);
        skip();
    }

    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_file(VSWITCH_SCHEMA,
                                                       &schema);
    if (error) {
        fail_msg("%s", ovsdb_error_to_string(error));
    }

    assert_string_equal(schema->name, "Open_vSwitch");
    assert_true(ovsdb_schema_version_is_valid(schema->version));
    assert_non_null(schema->cksum);

    const struct ovsdb_table_schema *ovs = ovsdb_schema_find_table(
        schema, "Open_vSwitch");
    assert_non_null(ovs);
    assert_int_equal(ovs->max_rows, 1);
    assert_true(ovs->is_root);

    const struct ovsdb_table_schema *bridge = ovsdb_schema_find_table(
        schema, "Bridge");
    assert_non_null(bridge);
    assert_false(bridge->is_root);
    assert_int_equal(bridge->max_rows, UINT_MAX);
    assert_int_equal(bridge->n_indexes, 1);
    assert_string_equal(bridge->indexes[0].columns[0]->name, "name");

    const struct ovsdb_column *ports = get_column(schema, "Bridge", "ports");
    assert_int_equal(ports->type.key.type, OVSDB_TYPE_UUID);
    assert_true(ovsdb_base_type_is_strong_ref(&ports->type.key));
    assert_string_equal(ports->type.key.uuid.ref_table_name, "Port");
    assert_int_equal(ports->type.value.type, OVSDB_TYPE_VOID);
    assert_int_equal(ports->type.n_min, 0);
    assert_int_equal(ports->type.n_max, UINT_MAX);
    assert_true(ovsdb_type_is_set(&ports->type));

    const struct ovsdb_column *select = get_column(schema, "Mirror",
                                                   "select_src_port");
    assert_true(ovsdb_base_type_is_weak_ref(&select->type.key));
    assert_string_equal(select->type.key.uuid.ref_table_name, "Port");

    const struct ovsdb_column *bridges = get_column(schema, "Open_vSwitch",
                                                    "bridges");
    assert_string_equal(bridges->type.key.uuid.ref_table_name, "Bridge");

    check_round_trip(schema);
    ovsdb_schema_destroy(schema);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lab_schema),
        cmocka_unit_test(test_root_default),
        cmocka_unit_test(test_bad_schemas),
        cmocka_unit_test(test_schema_file),
        cmocka_unit_test(test_vswitch_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

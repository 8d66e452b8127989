/* Unit tests for ovsdb/ovsdb-exec.c: the RFC 7047 "transact" method. */
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
#include "ovsdb/ovsdb-db.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-exec.h"
#include "ovsdb/ovsdb-schema.h"
#include "ovsdb/ovsdb-txn.h"
#include "shash.h"
#include "util.h"
#include "uuid.h"

/* In the JSON texts of these tests, ' stands for ", to keep them
 * readable. */

/* A schema modelled on Open vSwitch's (a root with strong references to
 * bridges, bridges with strong references to ports, "maxRows") plus a
 * table with a column of each kind for conditions and mutations. */
static const char test_schema[] =
    "{'name': 'Test', 'version': '1.0.0', 'tables': {"
    " 'Root': {'isRoot': true, 'maxRows': 1, 'columns': {"
    "   'bridges': {'type': {'key': {'type': 'uuid', 'refTable': 'Bridge'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "   'next_cfg': {'type': 'integer'}}},"
    " 'Bridge': {'columns': {"
    "   'name': {'type': 'string', 'mutable': false},"
    "   'ports': {'type': {'key': {'type': 'uuid', 'refTable': 'Port'},"
    "                      'min': 0, 'max': 'unlimited'}}},"
    "  'indexes': [['name']]},"
    " 'Port': {'columns': {"
    "   'name': {'type': 'string'}}},"
    " 'Numbers': {'isRoot': true, 'maxRows': 3, 'columns': {"
    "   'i': {'type': 'integer'},"
    "   'r': {'type': 'real'},"
    "   's': {'type': 'string'},"
    "   'b': {'type': 'boolean'},"
    "   'u': {'type': 'uuid'},"
    "   'bounded': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
    "                                'maxInteger': 10}}},"
    "   'iset': {'type': {'key': 'integer', 'min': 0, 'max': 'unlimited'}},"
    "   'rset': {'type': {'key': 'real', 'min': 0, 'max': 'unlimited'}},"
    "   'sset': {'type': {'key': 'string', 'min': 0, 'max': 3}},"
    "   'smap': {'type': {'key': 'string', 'value': 'integer',"
    "                     'min': 0, 'max': 'unlimited'}},"
    "   'fixed': {'type': 'integer', 'mutable': false}}}}}";

#define N1 "11111111-0000-4000-8000-000000000001"
#define N2 "11111111-0000-4000-8000-000000000002"
#define N3 "11111111-0000-4000-8000-000000000003"
#define N9 "11111111-0000-4000-8000-000000000009"

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

static void
check_ok(struct ovsdb_error *error, const char *what)
{
    if (error) {
        char *s = ovsdb_error_to_string(error);
        fail_msg("%s: unexpected error: %s", what, s);
    }
}

static struct ovsdb *
create_db_from(const char *schema_text)
{
    struct json *json = parse_json(schema_text);
    struct ovsdb_schema *schema;

    check_ok(ovsdb_schema_from_json(json, &schema), "schema");
    json_destroy(json);
    return ovsdb_create(schema);
}

/* Runs the operations in OPS (with ' for ") on DB with CTX and returns the
 * result, which must not be null. */
static struct json *
transact_ctx(struct ovsdb *db, const char *ops,
             const struct ovsdb_exec_context *ctx, bool *durable)
{
    struct json *params = parse_json(ops);
    long long int retry = -1;
    struct json *result = ovsdb_execute(db, params, ctx, durable, &retry);

    json_destroy(params);
    assert_non_null(result);
    assert_int_equal(retry, -1);
    return result;
}

static struct json *
transact(struct ovsdb *db, const char *ops)
{
    return transact_ctx(db, ops, NULL, NULL);
}

/* Replaces each ["uuid", X] in JSON by ["uuid", "#N"], numbering distinct
 * uuids in the order they appear (object members in name order). */
static struct json *
normalize_uuids__(const struct json *json, struct shash *seen)
{
    if (json->type == JSON_ARRAY) {
        const struct json_array *a = json_array(json);
        struct json *copy = json_array_create_empty();

        if (a->n == 2 && a->elems[0]->type == JSON_STRING
            && !strcmp(json_string(a->elems[0]), "uuid")
            && a->elems[1]->type == JSON_STRING) {
            const char *s = json_string(a->elems[1]);
            if (!shash_find(seen, s)) {
                shash_add(seen, s, (void *) (uintptr_t) shash_count(seen));
            }
            json_array_add(copy, json_string_create("uuid"));
            json_array_add(copy, json_string_create_format(
                               "#%zu",
                               (size_t) (uintptr_t) shash_find_data(seen,
                                                                    s)));
            return copy;
        }
        for (size_t i = 0; i < a->n; i++) {
            json_array_add(copy, normalize_uuids__(a->elems[i], seen));
        }
        return copy;
    } else if (json->type == JSON_OBJECT) {
        const struct shash_node **nodes = shash_sort(json_object(json));
        size_t n = shash_count(json_object(json));
        struct json *copy = json_object_create();

        for (size_t i = 0; i < n; i++) {
            json_object_put(copy, nodes[i]->name,
                            normalize_uuids__(nodes[i]->data, seen));
        }
        free(nodes);
        return copy;
    }
    return json_clone(json);
}

static struct json *
normalize_uuids(const struct json *json)
{
    struct shash seen = SHASH_INITIALIZER(&seen);
    struct json *result = normalize_uuids__(json, &seen);

    shash_destroy(&seen);
    return result;
}

/* Asserts that JSON, which is released, equals EXPECTED (with ' for "),
 * after normalize_uuids() if NORMALIZE. */
static void
check_json__(struct json *json, const char *expected, bool normalize)
{
    struct json *expected_json = parse_json(expected);

    if (normalize) {
        struct json *normalized = normalize_uuids(json);
        json_destroy(json);
        json = normalized;
    }
    if (!json_equal(json, expected_json)) {
        char *a = json_to_string(json, JSSF_SORT);
        char *b = json_to_string(expected_json, JSSF_SORT);
        fail_msg("JSON differs:\n  actual:   %s\n  expected: %s", a, b);
    }
    json_destroy(json);
    json_destroy(expected_json);
}

static void
check_json(struct json *json, const char *expected)
{
    check_json__(json, expected, false);
}

/* Runs OPS on DB and checks the result against EXPECTED. */
static void
check_transact(struct ovsdb *db, const char *ops, const char *expected)
{
    check_json(transact(db, ops), expected);
}

/* Like check_transact() with uuids normalized. */
static void
check_transact_normalized(struct ovsdb *db, const char *ops,
                          const char *expected)
{
    check_json__(transact(db, ops), expected, true);
}

/* Asserts that element INDEX of the result array RESULT is an error with
 * TAG and DETAILS. */
static void
check_error_at(const struct json *result, size_t index, const char *tag,
               const char *details)
{
    const struct json *error;

    assert_true(result->type == JSON_ARRAY);
    assert_true(index < json_array(result)->n);
    error = json_array(result)->elems[index];
    if (error->type != JSON_OBJECT || !json_object_get(error, "error")) {
        char *s = json_to_string(result, JSSF_SORT);
        fail_msg("expected error \"%s: %s\" at %zu in %s", tag, details,
                 index, s);
    }
    assert_string_equal(json_string(json_object_get(error, "error")), tag);
    assert_string_equal(json_string(json_object_get(error, "details")),
                        details);
}

/* Runs OPS, a single operation in an array, on DB; asserts that the result
 * is that one operation's error with TAG and DETAILS. */
static void
check_op_error(struct ovsdb *db, const char *ops, const char *tag,
               const char *details)
{
    struct json *result = transact(db, ops);

    assert_int_equal(json_array(result)->n, 1);
    check_error_at(result, 0, tag, details);
    json_destroy(result);
}

/* The table Numbers with three rows. */
static struct ovsdb *
create_numbers_db(void)
{
    struct ovsdb *db = create_db_from(test_schema);

    check_transact(
        db,
        "[{'op': 'insert', 'table': 'Numbers', 'uuid': '" N1 "',"
        "  'row': {'i': 1, 'r': 1.5, 's': 'a', 'b': true, 'bounded': 5,"
        "          'iset': 1, 'sset': ['set', ['a']],"
        "          'smap': ['map', [['x', 1]]]}},"
        " {'op': 'insert', 'table': 'Numbers', 'uuid': '" N2 "',"
        "  'row': {'i': 2, 'r': 2.5, 's': 'b',"
        "          'iset': ['set', [1, 2]], 'rset': ['set', [0.5, 1.5]],"
        "          'smap': ['map', [['x', 2], ['y', 3]]]}},"
        " {'op': 'insert', 'table': 'Numbers', 'uuid': '" N3 "',"
        "  'row': {'i': 3, 'r': 3.5, 's': 'c', 'u': ['uuid', '" N1 "']}}]",
        "[{'uuid': ['uuid', '" N1 "']}, {'uuid': ['uuid', '" N2 "']},"
        " {'uuid': ['uuid', '" N3 "']}]");
    return db;
}

/* Checks that "select" of column "i" of Numbers with WHERE (a JSON array
 * text) gives the rows whose "i" values are in EXPECTED, e.g. "[1, 3]". */
static void
check_where(struct ovsdb *db, const char *where, const char *expected)
{
    struct json *expected_i = parse_json(expected);
    struct json *rows = json_array_create_empty();
    char *ops = xasprintf("[{'op': 'select', 'table': 'Numbers', "
                          "'where': %s, 'columns': ['i']}]", where);
    struct json *result = transact(db, ops);

    for (size_t k = 0; k < json_array(expected_i)->n; k++) {
        struct json *row = json_object_create();
        json_object_put(row, "i",
                        json_clone(json_array(expected_i)->elems[k]));
        json_array_add(rows, row);
    }
    struct json *expected_result = json_object_create();
    json_object_put(expected_result, "rows", rows);
    struct json *expected_json = json_array_create_1(expected_result);
    if (!json_equal(result, expected_json)) {
        char *a = json_to_string(result, JSSF_SORT);
        char *b = json_to_string(expected_json, JSSF_SORT);
        fail_msg("where %s:\n  actual:   %s\n  expected: %s", where, a, b);
    }
    json_destroy(expected_json);
    json_destroy(expected_i);
    json_destroy(result);
    free(ops);
}

/* Checks that the columns COLUMNS (a JSON array text) of row N1 of Numbers
 * are as in EXPECTED (a JSON object text). */
static void
check_n1(struct ovsdb *db, const char *columns, const char *expected)
{
    char *ops = xasprintf("[{'op': 'select', 'table': 'Numbers', "
                          "'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                          " 'columns': %s}]", columns);
    char *expected_result = xasprintf("[{'rows': [%s]}]", expected);

    check_transact(db, ops, expected_result);
    free(ops);
    free(expected_result);
}

/* Tests. */

static void
test_insert_select(void **state)
{
    struct ovsdb *db = create_numbers_db();
    struct json *result;
    struct json *row;

    /* All columns, _uuid and _version included. */
    result = transact(db, "[{'op': 'select', 'table': 'Numbers',"
                          "  'where': [['i', '==', 3]]}]");
    row = json_array(json_object_get(json_array(result)->elems[0],
                                     "rows"))->elems[0];
    const struct json *version = json_object_get(row, "_version");
    assert_non_null(version);
    assert_int_equal(json_array(version)->n, 2);
    assert_string_equal(json_string(json_array(version)->elems[0]), "uuid");
    json_object_delete(row, "_version");
    check_json(result,
               "[{'rows': [{'_uuid': ['uuid', '" N3 "'], 'i': 3,"
               "  'r': 3.5, 's': 'c', 'b': false,"
               "  'u': ['uuid', '" N1 "'], 'bounded': 0,"
               "  'iset': ['set', []], 'rset': ['set', []],"
               "  'sset': ['set', []], 'smap': ['map', []], 'fixed': 0}]}]");

    /* Chosen columns; rows in _uuid order. */
    check_transact(db, "[{'op': 'select', 'table': 'Numbers', 'where': [],"
                       "  'columns': ['s', 'iset']}]",
                   "[{'rows': [{'s': 'a', 'iset': 1},"
                   "           {'s': 'b', 'iset': ['set', [1, 2]]},"
                   "           {'s': 'c', 'iset': ['set', []]}]}]");

    /* An insert with a fresh uuid and no row. */
    check_transact_normalized(db, "[{'op': 'insert', 'table': 'Port'}]",
                              "[{'uuid': ['uuid', '#0']}]");

    /* Errors. */
    check_op_error(db, "[{'op': 'insert', 'table': 'Numbers', 'uuid': '"
                       N1 "'}]",
                   "duplicate uuid",
                   "This UUID would duplicate a UUID already present "
                   "within table Numbers or deleted within the same "
                   "transaction.");
    check_op_error(db, "[{'op': 'insert', 'table': 'Numbers', 'uuid': 'x'}]",
                   "syntax error", "\"x\" is not a valid UUID");
    check_op_error(db, "[{'op': 'insert', 'table': 'Nope', 'row': {}}]",
                   "unknown table", "No table named Nope.");
    check_op_error(db, "[{'op': 'insert', 'table': 'Port',"
                       "  'row': {'nope': 1}}]",
                   "unknown column", "No column nope in table Port.");
    check_op_error(db, "[{'op': 'insert', 'table': 'Port',"
                       "  'row': {'_uuid': ['uuid', '" N9 "']}}]",
                   "constraint violation",
                   "Cannot set column _uuid in table Port: the database "
                   "maintains it.");
    check_op_error(db, "[{'op': 'insert', 'table': 'Numbers',"
                       "  'row': {'bounded': 11}}]",
                   "constraint violation",
                   "table Numbers column bounded: 11 is not in the valid "
                   "range 0 to 10 (inclusive)");
    check_op_error(db, "[{'op': 'insert', 'table': 'Numbers',"
                       "  'row': {'i': 'one'}}]",
                   "syntax error",
                   "table Numbers column i: expected integer, found "
                   "string");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers', 'where': [],"
                       "  'columns': ['i', 'i']}]",
                   "syntax error", "array of distinct column names expected");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers'}]",
                   "syntax error",
                   "\"select\" operation: required member \"where\" is "
                   "missing");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers', 'where': {}}]",
                   "syntax error",
                   "\"select\" operation: member \"where\" has the wrong "
                   "type (object)");

    /* The fourth row breaks "maxRows" at commit. */
    result = transact(db, "[{'op': 'insert', 'table': 'Numbers'}]");
    assert_int_equal(json_array(result)->n, 2);
    check_error_at(result, 1, "constraint violation",
                   "transaction causes table Numbers to contain 4 rows, "
                   "more than its \"maxRows\" of 3");
    json_destroy(result);

    ovsdb_destroy(db);
}

static void
test_conditions(void **state)
{
    struct ovsdb *db = create_numbers_db();

    check_where(db, "[]", "[1, 2, 3]");
    check_where(db, "[true]", "[1, 2, 3]");
    check_where(db, "[false]", "[]");
    check_where(db, "[['i', '==', 2]]", "[2]");
    check_where(db, "[['i', '!=', 2]]", "[1, 3]");
    check_where(db, "[['i', '<', 2]]", "[1]");
    check_where(db, "[['i', '<=', 2]]", "[1, 2]");
    check_where(db, "[['i', '>', 2]]", "[3]");
    check_where(db, "[['i', '>=', 2]]", "[2, 3]");
    check_where(db, "[['r', '<', 2.5]]", "[1]");
    check_where(db, "[['r', '>=', 2]]", "[2, 3]");
    check_where(db, "[['r', '==', 3.5]]", "[3]");
    check_where(db, "[['s', '==', 'b']]", "[2]");
    check_where(db, "[['s', '!=', 'b']]", "[1, 3]");
    check_where(db, "[['b', '==', true]]", "[1]");
    check_where(db, "[['u', '==', ['uuid', '" N1 "']]]", "[3]");
    check_where(db, "[['_uuid', '==', ['uuid', '" N2 "']]]", "[2]");
    check_where(db, "[['_uuid', '!=', ['uuid', '" N2 "']]]", "[1, 3]");

    /* Sets: equality, includes, excludes. */
    check_where(db, "[['iset', '==', ['set', [1, 2]]]]", "[2]");
    check_where(db, "[['iset', '==', ['set', []]]]", "[3]");
    check_where(db, "[['iset', '!=', ['set', []]]]", "[1, 2]");
    check_where(db, "[['iset', 'includes', 1]]", "[1, 2]");
    check_where(db, "[['iset', 'includes', ['set', [1, 2]]]]", "[2]");
    check_where(db, "[['iset', 'includes', ['set', []]]]", "[1, 2, 3]");
    check_where(db, "[['iset', 'excludes', 2]]", "[1, 3]");
    check_where(db, "[['iset', 'excludes', ['set', [1, 2]]]]", "[3]");
    check_where(db, "[['i', 'includes', 2]]", "[2]");
    check_where(db, "[['i', 'excludes', 2]]", "[1, 3]");

    /* Maps: pairs. */
    check_where(db, "[['smap', 'includes', ['map', [['x', 2]]]]]", "[2]");
    check_where(db, "[['smap', 'includes', ['map', [['x', 1]]]]]", "[1]");
    check_where(db, "[['smap', 'excludes', ['map', [['x', 1]]]]]",
                "[2, 3]");
    check_where(db, "[['smap', '==', ['map', [['x', 2], ['y', 3]]]]]",
                "[2]");

    /* Several clauses must all hold. */
    check_where(db, "[['i', '>', 1], ['s', '!=', 'c']]", "[2]");
    check_where(db, "[['i', '>', 1], false]", "[]");

    /* Values outside the column's constraints just match nothing. */
    check_where(db, "[['bounded', '==', 99]]", "[]");

    /* Errors. */
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers',"
                       "  'where': [['s', '<', 'b']]}]",
                   "syntax error",
                   "Type mismatch: \"<\" operator may not be applied to "
                   "column s of type \"string\".");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers',"
                       "  'where': [['iset', '>', 1]]}]",
                   "syntax error",
                   "Type mismatch: \">\" operator may not be applied to "
                   "column iset of type "
                   "{\"key\":\"integer\",\"max\":\"unlimited\",\"min\":0}.");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers',"
                       "  'where': [['i', '~=', 1]]}]",
                   "unknown function", "No function named ~=.");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers',"
                       "  'where': [['nope', '==', 1]]}]",
                   "unknown column", "No column nope in table Numbers.");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers',"
                       "  'where': [['i', '==']]}]",
                   "syntax error",
                   "Parse error in condition: expected [column, function, "
                   "value], true or false.");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers',"
                       "  'where': [['i', '==', 'x']]}]",
                   "syntax error",
                   "condition on column i of table Numbers: expected "
                   "integer, found string");
    check_op_error(db, "[{'op': 'select', 'table': 'Numbers',"
                       "  'where': [['i', '==', ['set', [1, 2]]]]}]",
                   "constraint violation",
                   "condition on column i of table Numbers: value has 2 "
                   "elements, but exactly 1 is required");

    ovsdb_destroy(db);
}

static void
test_update_delete(void **state)
{
    struct ovsdb *db = create_numbers_db();

    check_transact(db, "[{'op': 'update', 'table': 'Numbers',"
                       "  'where': [['i', '>=', 2]],"
                       "  'row': {'s': 'z', 'sset': ['set', ['p', 'q']]}},"
                       " {'op': 'select', 'table': 'Numbers', 'where': [],"
                       "  'columns': ['s', 'sset']}]",
                   "[{'count': 2},"
                   " {'rows': [{'s': 'a', 'sset': 'a'},"
                   "           {'s': 'z', 'sset': ['set', ['p', 'q']]},"
                   "           {'s': 'z', 'sset': ['set', ['p', 'q']]}]}]");
    check_transact(db, "[{'op': 'update', 'table': 'Numbers',"
                       "  'where': [['i', '==', 7]], 'row': {'s': 'y'}}]",
                   "[{'count': 0}]");

    check_op_error(db, "[{'op': 'update', 'table': 'Numbers', 'where': [],"
                       "  'row': {'fixed': 1}}]",
                   "constraint violation",
                   "Cannot update immutable column fixed in table "
                   "Numbers.");
    check_op_error(db, "[{'op': 'update', 'table': 'Numbers', 'where': [],"
                       "  'row': {'_version': ['uuid', '" N1 "']}}]",
                   "constraint violation",
                   "Cannot update immutable column _version in table "
                   "Numbers.");
    check_op_error(db, "[{'op': 'update', 'table': 'Numbers', 'where': []}]",
                   "syntax error",
                   "\"update\" operation: required member \"row\" is "
                   "missing");

    /* A constraint broken by an update is caught when the row is
     * parsed. */
    check_op_error(db, "[{'op': 'update', 'table': 'Numbers', 'where': [],"
                       "  'row': {'sset': ['set', ['a', 'b', 'c', 'd']]}}]",
                   "constraint violation",
                   "table Numbers column sset: set has 4 elements, but at "
                   "most 3 are allowed");

    /* _version changes when a transaction that changes the row
     * commits. */
    struct json *before = transact(
        db, "[{'op': 'select', 'table': 'Numbers', 'where': [],"
            "  'columns': ['_version']}]");
    check_transact(db, "[{'op': 'update', 'table': 'Numbers',"
                       "  'where': [['i', '==', 1]], 'row': {'i': 4}},"
                       " {'op': 'update', 'table': 'Numbers',"
                       "  'where': [['i', '==', 2]], 'row': {'i': 2}}]",
                   "[{'count': 1}, {'count': 1}]");
    struct json *after = transact(
        db, "[{'op': 'select', 'table': 'Numbers', 'where': [],"
            "  'columns': ['_version']}]");
    const struct json_array *rows_before = json_array(json_object_get(
        json_array(before)->elems[0], "rows"));
    const struct json_array *rows_after = json_array(json_object_get(
        json_array(after)->elems[0], "rows"));
    assert_false(json_equal(rows_before->elems[0], rows_after->elems[0]));
    assert_true(json_equal(rows_before->elems[1], rows_after->elems[1]));
    assert_true(json_equal(rows_before->elems[2], rows_after->elems[2]));
    json_destroy(before);
    json_destroy(after);

    check_transact(db, "[{'op': 'delete', 'table': 'Numbers',"
                       "  'where': [['s', '==', 'z']]},"
                       " {'op': 'delete', 'table': 'Numbers',"
                       "  'where': [['s', '==', 'z']]},"
                       " {'op': 'select', 'table': 'Numbers', 'where': [],"
                       "  'columns': ['i']}]",
                   "[{'count': 2}, {'count': 0}, {'rows': [{'i': 4}]}]");
    ovsdb_destroy(db);
}

static void
test_mutate(void **state)
{
    struct ovsdb *db = create_numbers_db();

    check_transact(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['i', '+=', 10], ['i', '*=', 3],"
                       "                ['i', '-=', 4], ['i', '/=', 4],"
                       "                ['r', '*=', 2], ['r', '-=', 0.5],"
                       "                ['r', '/=', 4],"
                       "                ['bounded', '%=', 3],"
                       "                ['iset', '+=', 5]]}]",
                   "[{'count': 1}]");
    check_n1(db, "['i', 'r', 'bounded', 'iset']",
             "{'i': 7, 'r': 0.625, 'bounded': 2, 'iset': 6}");

    /* Remainder and division follow C for negative numbers. */
    check_transact(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['i', '-=', 13], ['i', '%=', 4]]}]",
                   "[{'count': 1}]");
    check_n1(db, "['i']", "{'i': -2}");
    check_transact(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['i', '/=', 2]]}]",
                   "[{'count': 1}]");
    check_n1(db, "['i']", "{'i': -1}");

    /* Arithmetic on every element of a set, on several rows. */
    check_transact(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['i', '>=', 2]],"
                       "  'mutations': [['iset', '*=', 10],"
                       "                ['rset', '+=', 1]]},"
                       " {'op': 'select', 'table': 'Numbers',"
                       "  'where': [['i', '>=', 2]],"
                       "  'columns': ['iset', 'rset']}]",
                   "[{'count': 2},"
                   " {'rows': [{'iset': ['set', [10, 20]],"
                   "            'rset': ['set', [1.5, 2.5]]},"
                   "           {'iset': ['set', []], 'rset': ['set', []]}]}]");

    /* insert and delete on sets and maps. */
    check_transact(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': ["
                       "    ['iset', 'insert', ['set', [1, 6, 7]]],"
                       "    ['iset', 'delete', 7],"
                       "    ['sset', 'insert', ['set', ['b', 'c']]],"
                       "    ['sset', 'delete', ['set', ['a', 'z']]],"
                       "    ['smap', 'insert', ['map', [['x', 9],"
                       "                               ['y', 2],"
                       "                               ['z', 3]]]]]}]",
                   "[{'count': 1}]");
    check_n1(db, "['iset', 'sset', 'smap']",
             "{'iset': ['set', [1, 6]], 'sset': ['set', ['b', 'c']],"
             " 'smap': ['map', [['x', 1], ['y', 2], ['z', 3]]]}");
    check_transact(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': ["
                       "    ['smap', 'delete', ['map', [['x', 1],"
                       "                               ['y', 5]]]],"
                       "    ['smap', 'delete', ['set', ['z']]]]}]",
                   "[{'count': 1}]");
    check_n1(db, "['smap']", "{'smap': ['map', [['y', 2]]]}");

    /* Errors, each of which leaves the row as it was. */
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['i', '/=', 0]]}]",
                   "domain error",
                   "Division by zero in \"/=\" mutation of column i in "
                   "table Numbers.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['i', '%=', 0]]}]",
                   "domain error",
                   "Division by zero in \"%=\" mutation of column i in "
                   "table Numbers.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['r', '/=', 0.0]]}]",
                   "domain error",
                   "Division by zero in \"/=\" mutation of column r in "
                   "table Numbers.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['i', '+=', 2],"
                       "    ['i', '+=', 9223372036854775807]]}]",
                   "range error",
                   "\"+=\" mutation of column i in table Numbers row " N1
                   ": Result of \"+=\" operation is out of range.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['i', '*=', -9223372036854775807],"
                       "    ['i', '*=', 2]]}]",
                   "range error",
                   "\"*=\" mutation of column i in table Numbers row " N1
                   ": Result of \"*=\" operation is out of range.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['r', '+=', 1e308],"
                       "                ['r', '*=', 10]]}]",
                   "range error",
                   "\"*=\" mutation of column r in table Numbers row " N1
                   ": Result of \"*=\" operation is out of range.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['bounded', '+=', 9]]}]",
                   "constraint violation",
                   "\"+=\" mutation of column bounded in table Numbers row "
                   N1 ": 11 is not in the valid range 0 to 10 "
                   "(inclusive)");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['iset', '*=', 0]]}]",
                   "constraint violation",
                   "\"*=\" mutation of column iset in table Numbers row "
                   N1 ": Result of \"*=\" operation contains duplicates.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers',"
                       "  'where': [['_uuid', '==', ['uuid', '" N1 "']]],"
                       "  'mutations': [['sset', 'insert',"
                       "                 ['set', ['x', 'y']]]]}]",
                   "constraint violation",
                   "\"insert\" mutation of column sset in table Numbers row "
                   N1 ": set has 4 elements, but at most 3 are allowed");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['s', '+=', 'x']]}]",
                   "syntax error",
                   "Type mismatch: \"+=\" operator may not be applied to "
                   "column s of type \"string\".");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['r', '%=', 2]]}]",
                   "syntax error",
                   "Type mismatch: \"%=\" operator may not be applied to "
                   "column r of type \"real\".");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['smap', '+=', 1]]}]",
                   "syntax error",
                   "Type mismatch: \"+=\" operator may not be applied to "
                   "column smap of type {\"key\":\"string\","
                   "\"max\":\"unlimited\",\"min\":0,\"value\":\"integer\"}.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['i', 'insert', 1]]}]",
                   "syntax error",
                   "Type mismatch: \"insert\" operator may not be applied "
                   "to column i of type \"integer\".");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['fixed', '+=', 1]]}]",
                   "constraint violation",
                   "Cannot mutate immutable column fixed in table "
                   "Numbers.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['i', '^=', 1]]}]",
                   "unknown mutator", "No mutator named ^=.");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['i', '+=']]}]",
                   "syntax error",
                   "Parse error in mutation: expected [column, mutator, "
                   "value].");
    check_op_error(db, "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
                       "  'mutations': [['i', '+=', 1.5]]}]",
                   "syntax error",
                   "\"+=\" mutation of column i in table Numbers: expected "
                   "integer, found real");

    check_n1(db, "['i', 'r', 'bounded', 'iset', 'sset']",
             "{'i': -1, 'r': 0.625, 'bounded': 2, 'iset': ['set', [1, 6]],"
             " 'sset': ['set', ['b', 'c']]}");
    ovsdb_destroy(db);
}

static void
test_wait(void **state)
{
    struct ovsdb *db = create_numbers_db();
    struct ovsdb_exec_context ctx = { .elapsed_msec = 300 };
    long long int retry;
    struct json *params, *result;

    check_transact(db, "[{'op': 'wait', 'table': 'Numbers',"
                       "  'where': [['i', '<=', 2]], 'columns': ['s'],"
                       "  'until': '==', 'rows': [{'s': 'b'}, {'s': 'a'}],"
                       "  'timeout': 0},"
                       " {'op': 'wait', 'table': 'Numbers',"
                       "  'where': [['i', '<=', 2]], 'columns': ['s'],"
                       "  'until': '!=', 'rows': [{'s': 'a'}]},"
                       " {'op': 'wait', 'table': 'Numbers',"
                       "  'where': [false], 'until': '==', 'rows': []}]",
                   "[{}, {}, {}]");

    /* Timed out at once; what comes before is undone. */
    result = transact(db, "[{'op': 'delete', 'table': 'Numbers',"
                          "  'where': []},"
                          " {'op': 'wait', 'table': 'Numbers',"
                          "  'where': [], 'columns': ['i'],"
                          "  'until': '==', 'rows': [{'i': 1}],"
                          "  'timeout': 0},"
                          " {'op': 'select', 'table': 'Numbers',"
                          "  'where': []}]");
    assert_int_equal(json_array(result)->n, 3);
    check_error_at(result, 1, "timed out",
                   "\"wait\" on table Numbers: condition \"==\" not met");
    assert_int_equal(json_array(result)->elems[2]->type, JSON_NULL);
    json_destroy(result);
    check_where(db, "[]", "[1, 2, 3]");

    /* A wait that may be retried. */
    params = parse_json("[{'op': 'delete', 'table': 'Numbers', 'where': []},"
                        " {'op': 'wait', 'table': 'Numbers', 'where': [],"
                        "  'until': '!=', 'rows': [], 'timeout': 1000}]");
    retry = 0;
    assert_null(ovsdb_execute(db, params, &ctx, NULL, &retry));
    assert_int_equal(retry, 700);
    check_where(db, "[]", "[1, 2, 3]");
    json_destroy(params);

    params = parse_json("[{'op': 'wait', 'table': 'Numbers', 'where': [],"
                        "  'until': '==', 'rows': []}]");
    assert_null(ovsdb_execute(db, params, NULL, NULL, &retry));
    assert_int_equal(retry, LLONG_MAX);
    /* Without a way to retry, it times out. */
    result = ovsdb_execute(db, params, NULL, NULL, NULL);
    check_error_at(result, 0, "timed out",
                   "\"wait\" on table Numbers: condition \"==\" not met");
    json_destroy(result);
    json_destroy(params);

    /* Once the timeout has passed, it times out. */
    params = parse_json("[{'op': 'wait', 'table': 'Numbers', 'where': [],"
                        "  'until': '==', 'rows': [], 'timeout': 300}]");
    result = ovsdb_execute(db, params, &ctx, NULL, &retry);
    check_error_at(result, 0, "timed out",
                   "\"wait\" on table Numbers: condition \"==\" not met");
    json_destroy(result);
    json_destroy(params);

    check_op_error(db, "[{'op': 'wait', 'table': 'Numbers', 'where': [],"
                       "  'columns': ['i'], 'until': '==',"
                       "  'rows': [{'s': 'a'}]}]",
                   "syntax error",
                   "\"wait\" operation: row has column s, which is not in "
                   "\"columns\"");
    check_op_error(db, "[{'op': 'wait', 'table': 'Numbers', 'where': [],"
                       "  'until': '<', 'rows': []}]",
                   "syntax error",
                   "\"wait\" operation: \"until\" must be \"==\" or "
                   "\"!=\", not \"<\"");
    check_op_error(db, "[{'op': 'wait', 'table': 'Numbers', 'where': [],"
                       "  'until': '==', 'rows': [], 'timeout': -1}]",
                   "syntax error",
                   "\"wait\" operation: \"timeout\" must not be negative");
    ovsdb_destroy(db);
}

/* An observer that keeps the last record. */
struct record_observer {
    struct ovsdb_observer up;
    struct json *record;
    bool durable;
};

static struct ovsdb_error *
record_observer_commit(struct ovsdb_observer *observer,
                       const struct ovsdb_txn *txn, bool durable)
{
    struct record_observer *o = CONTAINER_OF(observer,
                                             struct record_observer, up);
    json_destroy(o->record);
    o->record = ovsdb_txn_to_record_json(txn);
    o->durable = durable;
    return NULL;
}

static bool
lock_held(const char *name, void *aux)
{
    return !strcmp(name, aux);
}

static void
test_commit_abort_comment_assert(void **state)
{
    struct ovsdb *db = create_db_from(test_schema);
    struct record_observer o = { .up.commit = record_observer_commit };
    struct ovsdb_exec_context ctx = {
        .lock_held = lock_held, .lock_aux = (void *) "mine",
    };
    struct json *result;
    bool durable = false;

    ovsdb_add_observer(db, &o.up);
    result = transact_ctx(db, "[{'op': 'insert', 'table': 'Numbers',"
                              "  'uuid': '" N1 "', 'row': {'i': 1}},"
                              " {'op': 'comment', 'comment': 'hello'},"
                              " {'op': 'comment', 'comment': 'world'},"
                              " {'op': 'assert', 'lock': 'mine'},"
                              " {'op': 'commit', 'durable': true}]",
                          &ctx, &durable);
    check_json(result, "[{'uuid': ['uuid', '" N1 "']}, {}, {}, {}, {}]");
    assert_true(durable);
    assert_true(o.durable);
    json_object_delete(o.record, "_date");
    check_json(o.record, "{'Numbers': {'" N1 "': {'i': 1}},"
                         " '_is_diff': true, '_comment': 'hello\\nworld'}");
    o.record = NULL;

    result = transact_ctx(db, "[{'op': 'commit', 'durable': false}]", &ctx,
                          &durable);
    check_json(result, "[{}]");
    assert_false(durable);
    assert_null(o.record);

    /* "abort" undoes what came before; later operations are not run. */
    result = transact(db, "[{'op': 'delete', 'table': 'Numbers',"
                          "  'where': []},"
                          " {'op': 'abort'},"
                          " {'op': 'delete', 'table': 'Numbers',"
                          "  'where': []}]");
    assert_int_equal(json_array(result)->n, 3);
    check_json(json_clone(json_array(result)->elems[0]), "{'count': 1}");
    check_error_at(result, 1, "aborted", "Aborted by request.");
    assert_int_equal(json_array(result)->elems[2]->type, JSON_NULL);
    json_destroy(result);
    check_where(db, "[]", "[1]");

    result = transact_ctx(db, "[{'op': 'assert', 'lock': 'theirs'}]", &ctx,
                          NULL);
    check_error_at(result, 0, "not owner", "Asserted lock theirs not held.");
    json_destroy(result);
    check_op_error(db, "[{'op': 'assert', 'lock': 'mine'}]", "not owner",
                   "Asserted lock mine not held.");
    check_op_error(db, "[{'op': 'commit'}]", "syntax error",
                   "\"commit\" operation: required member \"durable\" is "
                   "missing");
    check_op_error(db, "[{'op': 'comment', 'comment': 5}]", "syntax error",
                   "\"comment\" operation: member \"comment\" has the wrong "
                   "type (integer)");

    ovsdb_remove_observer(&o.up);
    json_destroy(o.record);
    ovsdb_destroy(db);
}

static void
test_named_uuids_and_gc(void **state)
{
    struct ovsdb *db = create_db_from(test_schema);
    struct json *result;

    /* References before and after the insert that names a row. */
    check_transact_normalized(
        db,
        "[{'op': 'insert', 'table': 'Bridge', 'uuid-name': 'br2',"
        "  'uuid': '" N2 "', 'row': {'name': 'br2'}},"
        " {'op': 'insert', 'table': 'Root',"
        "  'row': {'bridges': ['set', [['named-uuid', 'br1'],"
        "                              ['named-uuid', 'br2']]]}},"
        " {'op': 'insert', 'table': 'Bridge', 'uuid-name': 'br1',"
        "  'row': {'name': 'br1', 'ports': ['named-uuid', 'p1']}},"
        " {'op': 'insert', 'table': 'Port', 'uuid-name': 'p1',"
        "  'row': {'name': 'p1'}},"
        " {'op': 'select', 'table': 'Bridge',"
        "  'where': [['_uuid', '==', ['named-uuid', 'br1']]],"
        "  'columns': ['_uuid', 'name', 'ports']}]",
        "[{'uuid': ['uuid', '#0']}, {'uuid': ['uuid', '#1']},"
        " {'uuid': ['uuid', '#2']}, {'uuid': ['uuid', '#3']},"
        " {'rows': [{'_uuid': ['uuid', '#2'], 'name': 'br1',"
        "            'ports': ['uuid', '#3']}]}]");
    check_transact(db, "[{'op': 'select', 'table': 'Bridge',"
                       "  'where': [['name', '==', 'br2']],"
                       "  'columns': ['_uuid']}]",
                   "[{'rows': [{'_uuid': ['uuid', '" N2 "']}]}]");

    /* A name that no insert declares. */
    result = transact(db, "[{'op': 'insert', 'table': 'Port',"
                          "  'row': {'name': 'p9'}},"
                          " {'op': 'mutate', 'table': 'Bridge',"
                          "  'where': [['name', '==', 'br2']],"
                          "  'mutations': [['ports', 'insert',"
                          "                 ['named-uuid', 'nope']]]}]");
    assert_int_equal(json_array(result)->n, 3);
    check_error_at(result, 2, "referential integrity violation",
                   "named-uuid \"nope\" is not the \"uuid-name\" of any "
                   "\"insert\" in this transaction");
    json_destroy(result);

    /* Named uuids must be declared once. */
    result = transact(db, "[{'op': 'insert', 'table': 'Port',"
                          "  'uuid-name': 'a', 'row': {'name': 'x'}},"
                          " {'op': 'insert', 'table': 'Port',"
                          "  'uuid-name': 'a', 'row': {'name': 'y'}}]");
    assert_int_equal(json_array(result)->n, 2);
    check_error_at(result, 1, "duplicate uuid-name",
                   "This \"uuid-name\" (a) appeared on an earlier "
                   "\"insert\" operation.");
    json_destroy(result);
    result = transact(db, "[{'op': 'select', 'table': 'Port',"
                          "  'where': [['_uuid', '==',"
                          "             ['named-uuid', 'q']]]},"
                          " {'op': 'insert', 'table': 'Port',"
                          "  'uuid-name': 'q', 'uuid': '" N9 "'}]");
    check_json(json_clone(json_array(result)->elems[0]), "{'rows': []}");
    check_error_at(result, 1, "syntax error",
                   "named-uuid \"q\" was used before this insert, so the "
                   "insert cannot choose its \"uuid\"");
    json_destroy(result);
    check_op_error(db, "[{'op': 'insert', 'table': 'Port',"
                       "  'uuid-name': '1a'}]",
                   "syntax error", "\"1a\" is not a valid uuid-name");

    /* A strong reference to a row that does not exist fails the commit
     * and undoes everything. */
    result = transact(db, "[{'op': 'insert', 'table': 'Port',"
                          "  'uuid-name': 'p', 'row': {'name': 'p2'}},"
                          " {'op': 'mutate', 'table': 'Bridge',"
                          "  'where': [['name', '==', 'br2']],"
                          "  'mutations': [['ports', 'insert',"
                          "     ['set', [['named-uuid', 'p'],"
                          "              ['uuid', '" N9 "']]]]]}]");
    assert_int_equal(json_array(result)->n, 3);
    check_error_at(result, 2, "referential integrity violation",
                   "table Bridge column ports row " N2 ": reference to "
                   "nonexistent row " N9 " of table Port");
    json_destroy(result);
    check_transact(db, "[{'op': 'select', 'table': 'Port', 'where': [],"
                       "  'columns': ['name']}]",
                   "[{'rows': [{'name': 'p1'}]}]");

    /* Removing br1 from the root deletes it and its port when the
     * transaction commits. */
    check_transact(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                       "  'mutations': [['bridges', 'delete',"
                       "                 ['set', [['uuid', '" N9 "']]]]]},"
                       " {'op': 'update', 'table': 'Root', 'where': [],"
                       "  'row': {'bridges': ['uuid', '" N2 "']}},"
                       " {'op': 'select', 'table': 'Bridge',"
                       "  'where': [['name', '==', 'br1']],"
                       "  'columns': ['name']},"
                       " {'op': 'select', 'table': 'Port', 'where': [],"
                       "  'columns': ['name']}]",
                   "[{'count': 1}, {'count': 1},"
                   " {'rows': [{'name': 'br1'}]},"
                   " {'rows': [{'name': 'p1'}]}]");
    check_transact(db, "[{'op': 'select', 'table': 'Bridge', 'where': [],"
                       "  'columns': ['name']},"
                       " {'op': 'select', 'table': 'Port', 'where': [],"
                       "  'columns': ['name']}]",
                   "[{'rows': [{'name': 'br2'}]}, {'rows': []}]");

    /* The unique index on bridge names. */
    result = transact(db, "[{'op': 'insert', 'table': 'Bridge',"
                          "  'uuid-name': 'b', 'uuid': '" N3 "',"
                          "  'row': {'name': 'br2'}},"
                          " {'op': 'mutate', 'table': 'Root', 'where': [],"
                          "  'mutations': [['bridges', 'insert',"
                          "                 ['named-uuid', 'b']]]}]");
    check_error_at(result, 2, "constraint violation",
                   "table Bridge: rows " N3 " (inserted by this "
                   "transaction) and " N2 " (existing, not modified by this "
                   "transaction) would have the same value (\"br2\") for "
                   "the index on column(s) name");
    json_destroy(result);

    ovsdb_destroy(db);
}

static void
test_malformed_requests(void **state)
{
    struct ovsdb *db = create_db_from(test_schema);
    struct json *params = parse_json("{}");
    struct json *result = ovsdb_execute(db, params, NULL, NULL, NULL);

    assert_int_equal(json_array(result)->n, 1);
    check_error_at(result, 0, "syntax error",
                   "\"transact\" parameters must be an array of "
                   "operations");
    json_destroy(result);
    json_destroy(params);

    check_transact(db, "[]", "[]");
    check_op_error(db, "[5]", "syntax error",
                   "operation 0 is not a JSON object");
    check_op_error(db, "[{'table': 'Port'}]", "syntax error",
                   "operation 0 has no \"op\" string");
    check_op_error(db, "[{'op': 'frobnicate'}]", "unknown operation",
                   "No operation \"frobnicate\".");
    check_op_error(db, "[{'op': 'delete', 'table': 'Port', 'where': [],"
                       "  'extra': 1}]",
                   "syntax error",
                   "unexpected member \"extra\" in \"delete\" operation");

    /* An error in the middle: the results before it, nulls after it, and
     * nothing done. */
    result = transact(db, "[{'op': 'insert', 'table': 'Root'},"
                          " {'op': 'select', 'table': 'Nope', 'where': []},"
                          " {'op': 'insert', 'table': 'Root'}]");
    assert_int_equal(json_array(result)->n, 3);
    assert_non_null(json_object_get(json_array(result)->elems[0], "uuid"));
    check_error_at(result, 1, "unknown table", "No table named Nope.");
    assert_int_equal(json_array(result)->elems[2]->type, JSON_NULL);
    json_destroy(result);
    check_transact(db, "[{'op': 'select', 'table': 'Root', 'where': [],"
                       "  'columns': []}]",
                   "[{'rows': []}]");

    ovsdb_destroy(db);
}

/* Returns the uuid string in result element INDEX's "uuid" member. */
static const char *
result_uuid(const struct json *result, size_t index)
{
    const struct json *uuid = json_object_get(
        json_array(result)->elems[index], "uuid");
    assert_non_null(uuid);
    return json_string(json_array(uuid)->elems[1]);
}

static void
test_vswitch_schema(void **state)
{
    static const char file_name[] = "/usr/share/openvswitch/vswitch.ovsschema";
    struct ovsdb_schema *schema;
    struct json *result, *check;
    struct ovsdb *db;

    if (access(file_name, R_OK)) {
        print_message("skipped: %s is not readable\n", file_name);
        skip();
    }
    check_ok(ovsdb_schema_from_file(file_name, &schema), file_name);
    db = ovsdb_create(schema);

    /* "ovs-vsctl init". */
    check_transact_normalized(db, "[{'op': 'insert',"
                                  "  'table': 'Open_vSwitch', 'row': {}}]",
                              "[{'uuid': ['uuid', '#0']}]");

    /* "ovs-vsctl add-br br0". */
    result = transact(
        db,
        "[{'op': 'insert', 'table': 'Interface', 'uuid-name': 'iface',"
        "  'row': {'name': 'br0', 'type': 'internal'}},"
        " {'op': 'insert', 'table': 'Port', 'uuid-name': 'port',"
        "  'row': {'name': 'br0', 'interfaces': ['named-uuid', 'iface']}},"
        " {'op': 'insert', 'table': 'Bridge', 'uuid-name': 'br',"
        "  'row': {'name': 'br0', 'ports': ['named-uuid', 'port']}},"
        " {'op': 'mutate', 'table': 'Open_vSwitch', 'where': [],"
        "  'mutations': [['bridges', 'insert',"
        "                 ['set', [['named-uuid', 'br']]]],"
        "                ['next_cfg', '+=', 1]]},"
        " {'op': 'select', 'table': 'Open_vSwitch', 'where': [],"
        "  'columns': ['next_cfg']},"
        " {'op': 'comment', 'comment': 'ovs-vsctl: ovs-vsctl add-br br0'}]");
    check_json__(json_clone(result),
                 "[{'uuid': ['uuid', '#0']}, {'uuid': ['uuid', '#1']},"
                 " {'uuid': ['uuid', '#2']}, {'count': 1},"
                 " {'rows': [{'next_cfg': 1}]}, {}]", true);

    /* The rows exist and refer to each other. */
    char *expected = xasprintf(
        "[{'rows': [{'bridges': ['uuid', '%s']}]},"
        " {'rows': [{'_uuid': ['uuid', '%s'], 'name': 'br0',"
        "            'ports': ['uuid', '%s']}]},"
        " {'rows': [{'_uuid': ['uuid', '%s'], 'name': 'br0',"
        "            'interfaces': ['uuid', '%s']}]},"
        " {'rows': [{'_uuid': ['uuid', '%s'], 'name': 'br0',"
        "            'type': 'internal'}]}]",
        result_uuid(result, 2), result_uuid(result, 2),
        result_uuid(result, 1), result_uuid(result, 1),
        result_uuid(result, 0), result_uuid(result, 0));
    check = transact(db, "[{'op': 'select', 'table': 'Open_vSwitch',"
                         "  'where': [], 'columns': ['bridges']},"
                         " {'op': 'select', 'table': 'Bridge', 'where': [],"
                         "  'columns': ['_uuid', 'name', 'ports']},"
                         " {'op': 'select', 'table': 'Port', 'where': [],"
                         "  'columns': ['_uuid', 'name', 'interfaces']},"
                         " {'op': 'select', 'table': 'Interface',"
                         "  'where': [],"
                         "  'columns': ['_uuid', 'name', 'type']}]");
    check_json(check, expected);
    free(expected);
    json_destroy(result);

    /* "ovs-vsctl del-br br0" removes the bridge, port and interface. */
    check_transact(db, "[{'op': 'update', 'table': 'Open_vSwitch',"
                       "  'where': [], 'row': {'bridges': ['set', []]}},"
                       " {'op': 'select', 'table': 'Interface',"
                       "  'where': [], 'columns': ['name']}]",
                   "[{'count': 1}, {'rows': [{'name': 'br0'}]}]");
    check_transact(db, "[{'op': 'select', 'table': 'Bridge', 'where': [],"
                       "  'columns': ['name']},"
                       " {'op': 'select', 'table': 'Interface',"
                       "  'where': [], 'columns': ['name']}]",
                   "[{'rows': []}, {'rows': []}]");
    ovsdb_destroy(db);
}

/* Returns the values of column "i" of the rows of Numbers that COND
 * selects, with match_any() if ANY and match_all() otherwise, as a string
 * like "1 3". */
static char *
condition_rows(struct ovsdb *db, const struct ovsdb_condition *cond,
               bool any)
{
    const struct ovsdb_table *table = ovsdb_find_table(db, "Numbers");
    const struct ovsdb_column *i_col = ovsdb_table_schema_find_column(
        table->schema, "i");
    struct ovsdb_row **rows = ovsdb_table_sorted_rows(table);
    size_t n = ovsdb_table_n_rows(table);
    char *s = xstrdup("");

    for (size_t k = 0; k < n; k++) {
        if (any ? ovsdb_condition_match_any(cond, rows[k])
            : ovsdb_condition_match_all(cond, rows[k])) {
            char *t = xasprintf("%s%s%lld", s, *s ? " " : "",
                                (long long int)
                                rows[k]->fields[i_col->index].keys[0]
                                .integer);
            free(s);
            s = t;
        }
    }
    free(rows);
    return s;
}

/* Parses WHERE on Numbers and checks which rows match any of its clauses
 * (ANY_EXPECTED), all of them (ALL_EXPECTED), and ovsdb_condition_is_true()
 * (IS_TRUE). */
static void
check_condition(struct ovsdb *db, const char *where, const char *any_expected,
                const char *all_expected, bool is_true)
{
    struct json *json = parse_json(where);
    struct ovsdb_condition *cond;

    check_ok(ovsdb_condition_from_json(ovsdb_find_table(db, "Numbers"),
                                       json, &cond), where);
    char *any = condition_rows(db, cond, true);
    char *all = condition_rows(db, cond, false);
    if (strcmp(any, any_expected) || strcmp(all, all_expected)
        || ovsdb_condition_is_true(cond) != is_true) {
        fail_msg("condition %s: any \"%s\" (expected \"%s\"), all \"%s\" "
                 "(expected \"%s\"), is_true %d", where, any, any_expected,
                 all, all_expected, ovsdb_condition_is_true(cond));
    }
    free(any);
    free(all);
    ovsdb_condition_destroy(cond);
    json_destroy(json);
}

/* The conditions that the server's monitors use: parsed once, matched
 * with "or" (monitors) or "and" (transact). */
static void
test_condition_api(void **state)
{
    struct ovsdb *db = create_numbers_db();
    const struct ovsdb_table *table = ovsdb_find_table(db, "Numbers");
    struct ovsdb_condition *cond;
    struct ovsdb_error *error;
    struct json *json;

    (void) state;
    check_condition(db, "[]", "1 2 3", "1 2 3", true);
    check_condition(db, "[false]", "", "", false);
    check_condition(db, "[['i', '<', 2], false]", "1", "", false);
    check_condition(db, "[['i', '==', 5], true]", "1 2 3", "", true);
    check_condition(db, "[['i', '==', 1], ['s', '==', 'c']]", "1 3", "",
                    false);
    check_condition(db, "[['iset', 'includes', 1], ['r', '>', 2.0]]",
                    "1 2 3", "2", false);
    check_condition(db, "[['smap', 'excludes', ['map', [['x', 1]]]]]",
                    "2 3", "2 3", false);

    json = parse_json("[['nosuch', '==', 1]]");
    error = ovsdb_condition_from_json(table, json, &cond);
    assert_non_null(error);
    assert_null(cond);
    char *s = ovsdb_error_to_string(error);
    assert_non_null(strstr(s, "No column nosuch in table Numbers."));
    free(s);
    ovsdb_error_destroy(error);
    json_destroy(json);

    json = parse_json("5");
    error = ovsdb_condition_from_json(table, json, &cond);
    assert_non_null(error);
    assert_null(cond);
    ovsdb_error_destroy(error);
    json_destroy(json);

    /* Named uuids need a transaction: not allowed here. */
    json = parse_json("[['u', '==', ['named-uuid', 'x']]]");
    error = ovsdb_condition_from_json(table, json, &cond);
    assert_non_null(error);
    ovsdb_error_destroy(error);
    json_destroy(json);

    ovsdb_condition_destroy(NULL);
    ovsdb_destroy(db);
}

/* A read-only context refuses the operations that write and allows the
 * others. */
static void
test_read_only(void **state)
{
    struct ovsdb *db = create_numbers_db();
    const struct ovsdb_exec_context ctx = { .read_only = "the test" };
    struct json *result;

    (void) state;
    static const char *const writes[][2] = {
        { "[{'op': 'insert', 'table': 'Numbers', 'row': {}}]", "insert" },
        { "[{'op': 'update', 'table': 'Numbers', 'where': [],"
          "  'row': {'i': 9}}]", "update" },
        { "[{'op': 'mutate', 'table': 'Numbers', 'where': [],"
          "  'mutations': [['i', '+=', 1]]}]", "mutate" },
        { "[{'op': 'delete', 'table': 'Numbers', 'where': []}]", "delete" },
    };
    for (size_t k = 0; k < ARRAY_SIZE(writes); k++) {
        char *details = xasprintf("%s operation not allowed on table in "
                                  "the test", writes[k][1]);
        result = transact_ctx(db, writes[k][0], &ctx, NULL);
        check_error_at(result, 0, "not allowed", details);
        json_destroy(result);
        free(details);
    }
    check_json(transact_ctx(db, "[{'op': 'select', 'table': 'Numbers',"
                            " 'where': [['i', '==', 2]], 'columns': ['s']},"
                            " {'op': 'comment', 'comment': 'x'}]",
                            &ctx, NULL),
               "[{'rows': [{'s': 'b'}]}, {}]");
    check_where(db, "[]", "[1, 2, 3]");
    ovsdb_destroy(db);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_select),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_update_delete),
        cmocka_unit_test(test_mutate),
        cmocka_unit_test(test_wait),
        cmocka_unit_test(test_commit_abort_comment_assert),
        cmocka_unit_test(test_named_uuids_and_gc),
        cmocka_unit_test(test_malformed_requests),
        cmocka_unit_test(test_vswitch_schema),
        cmocka_unit_test(test_condition_api),
        cmocka_unit_test(test_read_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

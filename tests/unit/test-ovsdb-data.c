/* Unit tests for ovsdb/ovsdb-types.c and ovsdb/ovsdb-data.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb/ovsdb-data.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-types.h"
#include "util.h"
#include "uuid.h"

/* Helpers. */

/* Parses S, which must be valid JSON. */
static struct json *
parse_json(const char *s)
{
    struct json *json;
    char *error = json_from_string(s, &json);
    if (error) {
        fail_msg("parsing JSON \"%s\" failed: %s", s, error);
    }
    return json;
}

/* Returns JSON serialized with sorted members, in a string the caller
 * frees, and releases JSON. */
static char *
json_to_text(struct json *json)
{
    char *s = json_to_string(json, JSSF_SORT);
    json_destroy(json);
    return s;
}

/* Asserts that ERROR is an error with TAG and DETAILS, and frees it. */
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

/* Asserts that ERROR is null, printing it otherwise. */
static void
check_ok(struct ovsdb_error *error, const char *what)
{
    if (error) {
        char *s = ovsdb_error_to_string(error);
        fail_msg("%s: unexpected error: %s", what, s);
    }
}

/* Parses type TEXT, which must be valid, into TYPE. */
static void
parse_type(const char *text, struct ovsdb_type *type)
{
    struct json *json = parse_json(text);
    check_ok(ovsdb_type_from_json(type, json), text);
    json_destroy(json);
}

/* Types. */

static void
test_atomic_types(void **state)
{
    static const char *const names[] = {
        "integer", "real", "boolean", "string", "uuid"
    };
    enum ovsdb_atomic_type type;

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        assert_true(ovsdb_atomic_type_from_string(names[i], &type));
        assert_string_equal(ovsdb_atomic_type_to_string(type), names[i]);
    }
    assert_string_equal(ovsdb_atomic_type_to_string(OVSDB_TYPE_VOID),
                        "void");
    assert_false(ovsdb_atomic_type_from_string("void", &type));
    assert_false(ovsdb_atomic_type_from_string("Integer", &type));
    assert_false(ovsdb_atomic_type_from_string("", &type));

    assert_true(ovsdb_type_is_valid_id("Open_vSwitch"));
    assert_true(ovsdb_type_is_valid_id("_uuid"));
    assert_true(ovsdb_type_is_valid_id("a1"));
    assert_false(ovsdb_type_is_valid_id(""));
    assert_false(ovsdb_type_is_valid_id("1a"));
    assert_false(ovsdb_type_is_valid_id("a-b"));
    assert_false(ovsdb_type_is_valid_id("a b"));
}

/* Parses type INPUT, checks that it prints as EXPECTED (members sorted),
 * and that EXPECTED parses to an equal type. */
static void
check_type_round_trip(const char *input, const char *expected)
{
    struct ovsdb_type type, type2, clone;

    parse_type(input, &type);
    char *output = json_to_text(ovsdb_type_to_json(&type));
    assert_string_equal(output, expected);

    parse_type(output, &type2);
    assert_true(ovsdb_type_equals(&type, &type2));
    ovsdb_type_clone(&clone, &type);
    assert_true(ovsdb_type_equals(&type, &clone));

    free(output);
    ovsdb_type_destroy(&type);
    ovsdb_type_destroy(&type2);
    ovsdb_type_destroy(&clone);
}

static void
test_type_round_trips(void **state)
{
    check_type_round_trip("\"integer\"", "\"integer\"");
    check_type_round_trip("{\"key\": \"string\"}", "\"string\"");
    check_type_round_trip("{\"key\": \"real\", \"min\": 1, \"max\": 1}",
                          "\"real\"");
    check_type_round_trip("{\"key\": \"integer\", \"min\": 0}",
                          "{\"key\":\"integer\",\"min\":0}");
    check_type_round_trip("{\"key\": \"integer\", \"max\": 5}",
                          "{\"key\":\"integer\",\"max\":5}");
    check_type_round_trip(
        "{\"key\": {\"type\": \"uuid\", \"refTable\": \"Port\"}, "
        "\"min\": 0, \"max\": \"unlimited\"}",
        "{\"key\":{\"refTable\":\"Port\",\"type\":\"uuid\"},"
        "\"max\":\"unlimited\",\"min\":0}");
    check_type_round_trip(
        "{\"key\": {\"type\": \"uuid\", \"refTable\": \"Port\", "
        "\"refType\": \"strong\"}}",
        "{\"key\":{\"refTable\":\"Port\",\"type\":\"uuid\"}}");
    check_type_round_trip(
        "{\"key\": {\"type\": \"uuid\", \"refTable\": \"Mirror\", "
        "\"refType\": \"weak\"}, \"min\": 0, \"max\": \"unlimited\"}",
        "{\"key\":{\"refTable\":\"Mirror\",\"refType\":\"weak\","
        "\"type\":\"uuid\"},\"max\":\"unlimited\",\"min\":0}");
    check_type_round_trip(
        "{\"key\": \"string\", \"value\": \"string\", \"min\": 0, "
        "\"max\": \"unlimited\"}",
        "{\"key\":\"string\",\"max\":\"unlimited\",\"min\":0,"
        "\"value\":\"string\"}");
    check_type_round_trip(
        "{\"key\": {\"type\": \"integer\", \"minInteger\": 0, "
        "\"maxInteger\": 4095}}",
        "{\"key\":{\"maxInteger\":4095,\"minInteger\":0,"
        "\"type\":\"integer\"}}");
    check_type_round_trip(
        "{\"key\": {\"type\": \"real\", \"minReal\": 0}, \"min\": 0}",
        "{\"key\":{\"minReal\":0.0,\"type\":\"real\"},\"min\":0}");
    check_type_round_trip(
        "{\"key\": {\"type\": \"string\", \"minLength\": 1, "
        "\"maxLength\": 10}}",
        "{\"key\":{\"maxLength\":10,\"minLength\":1,\"type\":\"string\"}}");
    /* An enum comes out sorted, and as a bare atom when it has one
     * element. */
    check_type_round_trip(
        "{\"key\": {\"type\": \"string\", "
        "\"enum\": [\"set\", [\"standalone\", \"secure\"]]}, \"min\": 0}",
        "{\"key\":{\"enum\":[\"set\",[\"secure\",\"standalone\"]],"
        "\"type\":\"string\"},\"min\":0}");
    check_type_round_trip(
        "{\"key\": {\"type\": \"integer\", \"enum\": [\"set\", [7]]}}",
        "{\"key\":{\"enum\":7,\"type\":\"integer\"}}");
    check_type_round_trip(
        "{\"key\": \"string\", \"value\": {\"type\": \"integer\", "
        "\"minInteger\": 1}, \"min\": 0, \"max\": 3}",
        "{\"key\":\"string\",\"max\":3,\"min\":0,"
        "\"value\":{\"minInteger\":1,\"type\":\"integer\"}}");
}

static void
test_type_predicates(void **state)
{
    static const struct {
        const char *type;
        bool scalar, optional, set, map, composite;
    } cases[] = {
        { "\"integer\"", true, false, false, false, false },
        { "{\"key\": \"integer\", \"min\": 0}",
          false, true, true, false, false },
        { "{\"key\": \"integer\", \"min\": 0, \"max\": \"unlimited\"}",
          false, false, true, false, true },
        { "{\"key\": \"integer\", \"max\": 2}",
          false, false, true, false, true },
        { "{\"key\": \"string\", \"value\": \"string\", \"min\": 0, "
          "\"max\": \"unlimited\"}", false, false, false, true, true },
        { "{\"key\": \"string\", \"value\": \"string\"}",
          false, false, false, true, false },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ovsdb_type type;

        parse_type(cases[i].type, &type);
        assert_int_equal(ovsdb_type_is_scalar(&type), cases[i].scalar);
        assert_int_equal(ovsdb_type_is_optional(&type), cases[i].optional);
        assert_int_equal(ovsdb_type_is_set(&type), cases[i].set);
        assert_int_equal(ovsdb_type_is_map(&type), cases[i].map);
        assert_int_equal(ovsdb_type_is_composite(&type),
                         cases[i].composite);
        ovsdb_type_destroy(&type);
    }

    /* The parsed bounds and reference details. */
    struct ovsdb_type type;
    parse_type("{\"key\": {\"type\": \"uuid\", \"refTable\": \"Mirror\", "
               "\"refType\": \"weak\"}, \"min\": 0, \"max\": \"unlimited\"}",
               &type);
    assert_int_equal(type.key.type, OVSDB_TYPE_UUID);
    assert_string_equal(type.key.uuid.ref_table_name, "Mirror");
    assert_int_equal(type.key.uuid.ref_type, OVSDB_REF_WEAK);
    assert_true(ovsdb_base_type_is_weak_ref(&type.key));
    assert_false(ovsdb_base_type_is_strong_ref(&type.key));
    assert_int_equal(type.value.type, OVSDB_TYPE_VOID);
    assert_int_equal(type.n_min, 0);
    assert_int_equal(type.n_max, UINT_MAX);
    ovsdb_type_destroy(&type);

    /* Constant initializers are unconstrained. */
    struct ovsdb_type set = OVSDB_TYPE_INITIALIZER(OVSDB_TYPE_REAL,
                                                   OVSDB_TYPE_VOID, 0, 4);
    assert_false(ovsdb_base_type_has_constraints(&set.key));
    assert_true(set.key.real.min == -DBL_MAX);
    assert_true(ovsdb_type_is_set(&set));
    check_ok(ovsdb_type_validate(&set), "initializer");
    char *s = json_to_text(ovsdb_type_to_json(&set));
    assert_string_equal(s, "{\"key\":\"real\",\"max\":4,\"min\":0}");
    free(s);
}

/* Checks that parsing type INPUT fails with a "syntax error" whose details
 * are DETAILS. */
static void
check_type_error(const char *input, const char *details)
{
    struct json *json = parse_json(input);
    struct ovsdb_type type;

    check_error(ovsdb_type_from_json(&type, json), "syntax error", details);
    /* The type is left harmless to destroy. */
    ovsdb_type_destroy(&type);
    json_destroy(json);
}

static void
test_type_errors(void **state)
{
    check_type_error("\"void\"",
                     "unknown atomic type \"void\" (expected \"integer\", "
                     "\"real\", \"boolean\", \"string\" or \"uuid\")");
    check_type_error("5", "type must be a type name or an object");
    check_type_error("{\"value\": \"integer\"}",
                     "type object lacks required member \"key\"");
    check_type_error("{\"key\": \"integer\", \"foo\": 1}",
                     "unexpected member \"foo\" in type");
    check_type_error("{\"key\": \"integer\", \"min\": 2}",
                     "\"min\" must be 0 or 1, not 2");
    check_type_error("{\"key\": \"integer\", \"min\": -1}",
                     "\"min\" must be 0 or 1");
    check_type_error("{\"key\": \"integer\", \"max\": 0}",
                     "\"max\" must be at least 1");
    check_type_error("{\"key\": \"integer\", \"max\": \"lots\"}",
                     "\"max\" must be a positive integer or "
                     "\"unlimited\"");
    check_type_error("{\"key\": {\"type\": \"integer\", \"minLength\": 1}}",
                     "key: unexpected member \"minLength\" in base type "
                     "\"integer\"");
    check_type_error("{\"key\": {\"minInteger\": 1}}",
                     "key: base type object lacks required member "
                     "\"type\"");
    check_type_error("{\"key\": \"string\", \"value\": [\"integer\"]}",
                     "value: base type must be a type name or an object");
    check_type_error("{\"key\": {\"type\": \"integer\", \"minInteger\": 5, "
                     "\"maxInteger\": 4}}",
                     "key: \"minInteger\" 5 is greater than \"maxInteger\" "
                     "4");
    check_type_error("{\"key\": {\"type\": \"integer\", "
                     "\"minInteger\": 1.5}}",
                     "key: \"minInteger\" must be an integer");
    check_type_error("{\"key\": {\"type\": \"real\", \"minReal\": 2, "
                     "\"maxReal\": 1.5}}",
                     "key: \"minReal\" 2 is greater than \"maxReal\" 1.5");
    check_type_error("{\"key\": {\"type\": \"real\", \"maxReal\": \"x\"}}",
                     "key: \"maxReal\" must be a number");
    check_type_error("{\"key\": {\"type\": \"string\", \"maxLength\": -1}}",
                     "key: \"maxLength\" must be between 0 and "
                     "4294967295");
    check_type_error("{\"key\": {\"type\": \"string\", \"minLength\": 3, "
                     "\"maxLength\": 2}}",
                     "key: \"minLength\" 3 is greater than \"maxLength\" 2");
    check_type_error("{\"key\": {\"type\": \"string\", \"refTable\": "
                     "\"T\"}}",
                     "key: unexpected member \"refTable\" in base type "
                     "\"string\"");
    check_type_error("{\"key\": {\"type\": \"uuid\", \"refType\": "
                     "\"weak\"}}",
                     "key: \"refType\" requires \"refTable\"");
    check_type_error("{\"key\": {\"type\": \"uuid\", \"refTable\": \"T\", "
                     "\"refType\": \"soft\"}}",
                     "key: \"refType\" must be \"strong\" or \"weak\"");
    check_type_error("{\"key\": {\"type\": \"uuid\", \"refTable\": "
                     "\"1T\"}}",
                     "key: \"refTable\" must be a table name");
    check_type_error("{\"key\": {\"type\": \"string\", \"enum\": "
                     "[\"set\", []]}}",
                     "key: \"enum\": set has 0 elements, but at least 1 is "
                     "required");
    check_type_error("{\"key\": {\"type\": \"integer\", \"enum\": "
                     "[\"set\", [1, \"a\"]]}}",
                     "key: \"enum\": expected integer, found string");
    check_type_error("{\"key\": {\"type\": \"integer\", \"enum\": "
                     "[\"set\", [1, 2, 1]]}}",
                     "key: \"enum\": set contains duplicate value 1");
    /* Enum values must satisfy the other constraints. */
    check_type_error("{\"key\": {\"type\": \"integer\", \"maxInteger\": 5, "
                     "\"enum\": [\"set\", [1, 9]]}}",
                     "key: \"enum\": 9 is greater than the maximum allowed "
                     "value 5");

    /* Validation of types built by hand. */
    struct ovsdb_type type = OVSDB_TYPE_INITIALIZER(OVSDB_TYPE_VOID,
                                                    OVSDB_TYPE_VOID, 1, 1);
    check_error(ovsdb_type_validate(&type), "syntax error",
                "key type cannot be void");
    type.key.type = OVSDB_TYPE_INTEGER;
    type.key.integer.min = 3;
    type.key.integer.max = 2;
    check_error(ovsdb_type_validate(&type), "syntax error",
                "key: \"minInteger\" 3 is greater than \"maxInteger\" 2");
    type.key.integer.max = 3;
    check_ok(ovsdb_type_validate(&type), "fixed");
    type.key.uuid.ref_table_name = "T";
    check_error(ovsdb_type_validate(&type), "syntax error",
                "key: only uuids may have a \"refTable\", not integer");
    type.key.uuid.ref_table_name = NULL;
    type.value.enum_ = type.key.enum_;
    type.value.real.max = 1.0;
    check_error(ovsdb_type_validate(&type), "syntax error",
                "value: type \"void\" cannot have constraints");
}

/* Atoms. */

/* Parses JSON text INPUT as an atom of the base type in JSON text BASE,
 * checks that it prints back as EXPECTED, and destroys it. */
static void
check_atom_round_trip(const char *base_text, const char *input,
                      const char *expected)
{
    struct json *base_json = parse_json(base_text);
    struct json *json = parse_json(input);
    struct ovsdb_base_type base;
    union ovsdb_atom atom, clone;

    check_ok(ovsdb_base_type_from_json(&base, base_json), base_text);
    check_ok(ovsdb_atom_from_json(&atom, &base, json, NULL), input);
    char *output = json_to_text(ovsdb_atom_to_json(&atom, base.type));
    assert_string_equal(output, expected);

    ovsdb_atom_clone(&clone, &atom, base.type);
    assert_true(ovsdb_atom_equals(&atom, &clone, base.type));
    assert_int_equal(ovsdb_atom_hash(&atom, base.type, 0),
                     ovsdb_atom_hash(&clone, base.type, 0));

    free(output);
    ovsdb_atom_destroy(&atom, base.type);
    ovsdb_atom_destroy(&clone, base.type);
    ovsdb_base_type_destroy(&base);
    json_destroy(json);
    json_destroy(base_json);
}

/* Checks that parsing JSON text INPUT as an atom of the base type in JSON
 * text BASE fails with TAG and DETAILS. */
static void
check_atom_error(const char *base_text, const char *input, const char *tag,
                 const char *details)
{
    struct json *base_json = parse_json(base_text);
    struct json *json = parse_json(input);
    struct ovsdb_base_type base;
    union ovsdb_atom atom;

    check_ok(ovsdb_base_type_from_json(&base, base_json), base_text);
    check_error(ovsdb_atom_from_json(&atom, &base, json, NULL), tag,
                details);
    ovsdb_base_type_destroy(&base);
    json_destroy(json);
    json_destroy(base_json);
}

static void
test_atom_json(void **state)
{
    check_atom_round_trip("\"integer\"", "42", "42");
    check_atom_round_trip("\"integer\"", "-9223372036854775808",
                          "-9223372036854775808");
    check_atom_round_trip("\"real\"", "2.5", "2.5");
    check_atom_round_trip("\"real\"", "3", "3.0");
    check_atom_round_trip("\"boolean\"", "true", "true");
    check_atom_round_trip("\"boolean\"", "false", "false");
    check_atom_round_trip("\"string\"", "\"h\\u00e9llo\\n\"",
                          "\"h\xc3\xa9llo\\n\"");
    check_atom_round_trip("\"string\"", "\"\"", "\"\"");
    check_atom_round_trip("\"uuid\"",
                          "[\"uuid\", \"550E8400-e29b-41d4-a716-"
                          "446655440000\"]",
                          "[\"uuid\",\"550e8400-e29b-41d4-a716-"
                          "446655440000\"]");

    check_atom_error("\"integer\"", "1.5", "syntax error",
                     "expected integer, found real");
    check_atom_error("\"integer\"", "\"1\"", "syntax error",
                     "expected integer, found string");
    check_atom_error("\"real\"", "true", "syntax error",
                     "expected real, found true");
    check_atom_error("\"boolean\"", "0", "syntax error",
                     "expected boolean, found integer");
    check_atom_error("\"string\"", "null", "syntax error",
                     "expected string, found null");
    check_atom_error("\"uuid\"", "\"550e8400-e29b-41d4-a716-446655440000\"",
                     "syntax error",
                     "expected [\"uuid\", <uuid>] or [\"named-uuid\", "
                     "<name>], found string");
    check_atom_error("\"uuid\"", "[\"uuid\", \"550e8400\"]", "syntax error",
                     "\"550e8400\" is not a valid UUID");
    check_atom_error("\"uuid\"", "[\"uuid\"]", "syntax error",
                     "expected [\"uuid\", <uuid>] or [\"named-uuid\", "
                     "<name>], found array");
    check_atom_error("\"uuid\"", "[\"named-uuid\", \"row1\"]",
                     "syntax error",
                     "named-uuid \"row1\" is not allowed here");
    check_atom_error("\"uuid\"", "[\"named-uuid\", \"row 1\"]",
                     "syntax error",
                     "\"row 1\" is not a valid name for a named-uuid");

    /* The syntax error carries the offending JSON. */
    struct ovsdb_base_type base = OVSDB_BASE_TYPE_INITIALIZER(
        OVSDB_TYPE_INTEGER);
    struct json *json = parse_json("[1, 2]");
    union ovsdb_atom atom;
    struct ovsdb_error *error = ovsdb_atom_from_json(&atom, &base, json,
                                                     NULL);
    assert_non_null(error);
    assert_string_equal(ovsdb_error_get_syntax(error), "[1,2]");
    char *text = json_to_text(ovsdb_error_to_json(error));
    assert_string_equal(text, "{\"details\":\"expected integer, found "
                        "array\",\"error\":\"syntax error\","
                        "\"syntax\":\"[1,2]\"}");
    free(text);
    text = ovsdb_error_to_string(error);
    assert_string_equal(text, "syntax error: expected integer, found array "
                        "(in JSON [1,2])");
    free(text);
    ovsdb_error_destroy(error);
    json_destroy(json);
}

static void
test_named_uuids(void **state)
{
    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    struct json *base_json = parse_json("{\"type\": \"uuid\", "
                                        "\"refTable\": \"Port\"}");
    struct json *ref = parse_json("[\"named-uuid\", \"port1\"]");
    struct ovsdb_base_type strong, plain, weak;
    union ovsdb_atom a, b, c;

    check_ok(ovsdb_base_type_from_json(&strong, base_json), "base");
    ovsdb_base_type_init(&plain, OVSDB_TYPE_UUID);
    ovsdb_base_type_clone(&weak, &strong);
    weak.uuid.ref_type = OVSDB_REF_WEAK;

    assert_null(ovsdb_symbol_table_find(symtab, "port1"));
    check_ok(ovsdb_atom_from_json(&a, &plain, ref, symtab), "plain");
    struct ovsdb_symbol *symbol = ovsdb_symbol_table_find(symtab, "port1");
    assert_non_null(symbol);
    assert_true(uuid_equals(&symbol->uuid, &a.uuid));
    assert_false(uuid_is_zero(&a.uuid));
    assert_false(symbol->created);
    assert_false(symbol->strong_ref);
    assert_false(symbol->weak_ref);

    /* The same name gives the same uuid, and records how it was used. */
    check_ok(ovsdb_atom_from_json(&b, &strong, ref, symtab), "strong");
    assert_true(uuid_equals(&a.uuid, &b.uuid));
    assert_true(symbol->strong_ref);
    assert_false(symbol->weak_ref);
    check_ok(ovsdb_atom_from_json(&c, &weak, ref, symtab), "weak");
    assert_true(symbol->weak_ref);

    /* An insert's uuid-name finds the same symbol and marks it. */
    struct ovsdb_symbol *inserted = ovsdb_symbol_table_insert(symtab,
                                                              "port1");
    assert_ptr_equal(inserted, symbol);
    inserted->created = true;

    /* A new name gets a new uuid. */
    struct ovsdb_symbol *other = ovsdb_symbol_table_insert(symtab, "port2");
    assert_false(uuid_equals(&other->uuid, &symbol->uuid));
    assert_false(other->created);
    assert_int_equal(shash_count(&symtab->sh), 2);

    /* The text syntax's "@name". */
    union ovsdb_atom d;
    check_ok(ovsdb_atom_from_string(&d, &plain, "@port2", symtab), "@");
    assert_true(uuid_equals(&d.uuid, &other->uuid));
    check_error(ovsdb_atom_from_string(&d, &plain, "@port2", NULL),
                "syntax error",
                "\"@port2\" is not a valid UUID (@name is not allowed "
                "here)");

    ovsdb_base_type_destroy(&strong);
    ovsdb_base_type_destroy(&weak);
    json_destroy(ref);
    json_destroy(base_json);
    ovsdb_symbol_table_destroy(symtab);
    ovsdb_symbol_table_destroy(NULL);
}

static void
test_atom_compare_hash(void **state)
{
    union ovsdb_atom a, b;

    a.integer = INT64_MIN;
    b.integer = INT64_MAX;
    assert_true(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_INTEGER) < 0);
    assert_true(ovsdb_atom_compare_3way(&b, &a, OVSDB_TYPE_INTEGER) > 0);

    a.real = -0.0;
    b.real = 0.0;
    assert_true(ovsdb_atom_equals(&a, &b, OVSDB_TYPE_REAL));
    assert_int_equal(ovsdb_atom_hash(&a, OVSDB_TYPE_REAL, 7),
                     ovsdb_atom_hash(&b, OVSDB_TYPE_REAL, 7));
    a.real = -1e300;
    b.real = 1e-300;
    assert_true(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_REAL) < 0);

    a.boolean = false;
    b.boolean = true;
    assert_true(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_BOOLEAN) < 0);
    assert_false(ovsdb_atom_equals(&a, &b, OVSDB_TYPE_BOOLEAN));

    a.string = "abc";
    b.string = "abd";
    assert_true(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_STRING) < 0);
    b.string = "ab";
    assert_true(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_STRING) > 0);

    uuid_from_string(&a.uuid, "00000000-0000-0000-0000-000000000001");
    uuid_from_string(&b.uuid, "10000000-0000-0000-0000-000000000000");
    assert_true(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_UUID) < 0);

    /* Defaults. */
    static const enum ovsdb_atomic_type types[] = {
        OVSDB_TYPE_INTEGER, OVSDB_TYPE_REAL, OVSDB_TYPE_BOOLEAN,
        OVSDB_TYPE_STRING, OVSDB_TYPE_UUID
    };
    static const char *const defaults[] = {
        "0", "0.0", "false", "\"\"", "[\"uuid\",\"00000000-0000-0000-0000-"
        "000000000000\"]"
    };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        ovsdb_atom_init_default(&a, types[i]);
        assert_true(ovsdb_atom_is_default(&a, types[i]));
        char *s = json_to_text(ovsdb_atom_to_json(&a, types[i]));
        assert_string_equal(s, defaults[i]);
        free(s);
        ovsdb_atom_destroy(&a, types[i]);
    }
}

static void
test_atom_constraints(void **state)
{
    const char *range = "{\"type\": \"integer\", \"minInteger\": 1, "
                        "\"maxInteger\": 4094}";
    check_atom_round_trip(range, "1", "1");
    check_atom_round_trip(range, "4094", "4094");
    check_atom_error(range, "0", "constraint violation",
                     "0 is not in the valid range 1 to 4094 (inclusive)");
    check_atom_error(range, "4095", "constraint violation",
                     "4095 is not in the valid range 1 to 4094 "
                     "(inclusive)");
    check_atom_error("{\"type\": \"integer\", \"minInteger\": 0}", "-1",
                     "constraint violation",
                     "-1 is less than the minimum allowed value 0");
    check_atom_error("{\"type\": \"integer\", \"maxInteger\": 100}", "101",
                     "constraint violation",
                     "101 is greater than the maximum allowed value 100");

    check_atom_round_trip("{\"type\": \"real\", \"minReal\": 0, "
                          "\"maxReal\": 1}", "0.5", "0.5");
    check_atom_error("{\"type\": \"real\", \"minReal\": 0, \"maxReal\": 1}",
                     "1.5", "constraint violation",
                     "1.5 is not in the valid range 0.0 to 1.0 "
                     "(inclusive)");
    check_atom_error("{\"type\": \"real\", \"minReal\": 0.25}", "0",
                     "constraint violation",
                     "0.0 is less than the minimum allowed value 0.25");

    /* Lengths count characters, not bytes: "h\u00e9llo" is 5 characters
     * in 6 bytes. */
    const char *length = "{\"type\": \"string\", \"minLength\": 2, "
                         "\"maxLength\": 5}";
    check_atom_round_trip(length, "\"h\\u00e9llo\"", "\"h\xc3\xa9llo\"");
    check_atom_error(length, "\"x\"", "constraint violation",
                     "\"x\" length 1 is less than the minimum allowed "
                     "length 2");
    check_atom_error(length, "\"h\\u00e9llo!\"", "constraint violation",
                     "\"h\xc3\xa9llo!\" length 6 is greater than the "
                     "maximum allowed length 5");

    const char *modes = "{\"type\": \"string\", \"enum\": [\"set\", "
                        "[\"secure\", \"standalone\"]]}";
    check_atom_round_trip(modes, "\"secure\"", "\"secure\"");
    check_atom_error(modes, "\"open\"", "constraint violation",
                     "\"open\" is not one of the allowed values "
                     "[\"secure\", \"standalone\"]");
    check_atom_error("{\"type\": \"integer\", \"enum\": [\"set\", [1, 2]]}",
                     "3", "constraint violation",
                     "3 is not one of the allowed values [1, 2]");

    /* Strings that did not come through the JSON parser may be invalid
     * UTF-8. */
    struct ovsdb_base_type base = OVSDB_BASE_TYPE_INITIALIZER(
        OVSDB_TYPE_STRING);
    union ovsdb_atom atom;
    static const char *const bad_utf8[] = {
        "\xff", "a\xc3", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_utf8); i++) {
        atom.string = (char *) bad_utf8[i];
        struct ovsdb_error *error = ovsdb_atom_check_constraints(&atom,
                                                                 &base);
        assert_non_null(error);
        assert_string_equal(ovsdb_error_get_tag(error),
                            "constraint violation");
        assert_non_null(strstr(ovsdb_error_get_details(error),
                               "is not valid UTF-8"));
        ovsdb_error_destroy(error);
    }
    atom.string = "\xf0\x9f\x98\x80";   /* U+1F600, one character. */
    base.string.max_length = 1;
    check_ok(ovsdb_atom_check_constraints(&atom, &base), "emoji");
}

/* Datums. */

/* Parses JSON text INPUT as a datum of type TYPE_TEXT, checks that it
 * prints as EXPECTED, that EXPECTED parses to an equal datum, and that a
 * clone is equal and hashes equally. */
static void
check_datum_round_trip(const char *type_text, const char *input,
                       const char *expected)
{
    struct ovsdb_type type;
    struct ovsdb_datum datum, datum2, clone;

    parse_type(type_text, &type);
    struct json *json = parse_json(input);
    check_ok(ovsdb_datum_from_json(&datum, &type, json, NULL), input);
    json_destroy(json);

    char *output = json_to_text(ovsdb_datum_to_json(&datum, &type));
    assert_string_equal(output, expected);

    json = parse_json(output);
    check_ok(ovsdb_datum_from_json(&datum2, &type, json, NULL), output);
    json_destroy(json);
    assert_true(ovsdb_datum_equals(&datum, &datum2, &type));

    ovsdb_datum_clone(&clone, &datum, &type);
    assert_true(ovsdb_datum_equals(&datum, &clone, &type));
    assert_int_equal(ovsdb_datum_compare_3way(&datum, &clone, &type), 0);
    assert_int_equal(ovsdb_datum_hash(&datum, &type, 1),
                     ovsdb_datum_hash(&clone, &type, 1));
    check_ok(ovsdb_datum_check_constraints(&datum, &type), "constraints");
    check_ok(ovsdb_datum_check_size(&datum, &type), "size");

    free(output);
    ovsdb_datum_destroy(&datum, &type);
    ovsdb_datum_destroy(&datum2, &type);
    ovsdb_datum_destroy(&clone, &type);
    ovsdb_type_destroy(&type);
}

/* Checks that parsing JSON text INPUT as a datum of type TYPE_TEXT fails
 * with TAG and DETAILS. */
static void
check_datum_error(const char *type_text, const char *input, const char *tag,
                  const char *details)
{
    struct ovsdb_type type;
    struct ovsdb_datum datum;

    parse_type(type_text, &type);
    struct json *json = parse_json(input);
    check_error(ovsdb_datum_from_json(&datum, &type, json, NULL), tag,
                details);
    assert_int_equal(datum.n, 0);
    json_destroy(json);
    ovsdb_type_destroy(&type);
}

#define INT_SET "{\"key\": \"integer\", \"min\": 0, \"max\": \"unlimited\"}"
#define STR_SET "{\"key\": \"string\", \"min\": 0, \"max\": \"unlimited\"}"
#define STR_MAP "{\"key\": \"string\", \"value\": \"string\", " \
                "\"min\": 0, \"max\": \"unlimited\"}"
#define STR_INT_MAP "{\"key\": \"string\", \"value\": \"integer\", " \
                    "\"min\": 0, \"max\": \"unlimited\"}"

static void
test_datum_json(void **state)
{
    check_datum_round_trip("\"integer\"", "5", "5");
    check_datum_round_trip("\"integer\"", "[\"set\", [5]]", "5");
    check_datum_round_trip("{\"key\": \"integer\", \"min\": 0}",
                           "[\"set\", []]", "[\"set\",[]]");
    check_datum_round_trip(INT_SET, "[\"set\", [3, 1, 2]]",
                           "[\"set\",[1,2,3]]");
    check_datum_round_trip(INT_SET, "7", "7");
    check_datum_round_trip(STR_SET, "[\"set\", [\"b\", \"a\", \"B\"]]",
                           "[\"set\",[\"B\",\"a\",\"b\"]]");
    check_datum_round_trip(
        "{\"key\": \"uuid\", \"min\": 0, \"max\": \"unlimited\"}",
        "[\"set\", [[\"uuid\", \"ffffffff-0000-0000-0000-000000000000\"], "
        "[\"uuid\", \"00000000-0000-0000-0000-00000000000a\"]]]",
        "[\"set\",[[\"uuid\",\"00000000-0000-0000-0000-00000000000a\"],"
        "[\"uuid\",\"ffffffff-0000-0000-0000-000000000000\"]]]");
    check_datum_round_trip(
        "{\"key\": \"uuid\", \"min\": 0, \"max\": \"unlimited\"}",
        "[\"uuid\", \"00000000-0000-0000-0000-00000000000a\"]",
        "[\"uuid\",\"00000000-0000-0000-0000-00000000000a\"]");
    check_datum_round_trip(STR_MAP, "[\"map\", [[\"b\", \"2\"], "
                           "[\"a\", \"1\"]]]",
                           "[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"]]]");
    check_datum_round_trip(STR_MAP, "[\"map\", [[\"k\", \"v\"]]]",
                           "[\"map\",[[\"k\",\"v\"]]]");
    check_datum_round_trip(STR_MAP, "[\"map\", []]", "[\"map\",[]]");
    check_datum_round_trip("{\"key\": \"real\", \"max\": 3}",
                           "[\"set\", [2, 1.5]]", "[\"set\",[1.5,2.0]]");
}

static void
test_datum_errors(void **state)
{
    check_datum_error(INT_SET, "[\"set\", [1, 2, 1]]",
                      "constraint violation",
                      "set contains duplicate value 1");
    check_datum_error(STR_SET, "[\"set\", [\"x\", \"y\", \"x\"]]",
                      "constraint violation",
                      "set contains duplicate value \"x\"");
    check_datum_error(STR_MAP, "[\"map\", [[\"a\", \"1\"], [\"a\", "
                      "\"2\"]]]", "constraint violation",
                      "map contains duplicate key \"a\"");
    check_datum_error("\"integer\"", "[\"set\", []]",
                      "constraint violation",
                      "value has 0 elements, but exactly 1 is required");
    check_datum_error("\"integer\"", "[\"set\", [1, 2]]",
                      "constraint violation",
                      "value has 2 elements, but exactly 1 is required");
    check_datum_error("{\"key\": \"integer\", \"min\": 0, \"max\": 2}",
                      "[\"set\", [1, 2, 3]]", "constraint violation",
                      "set has 3 elements, but at most 2 are allowed");
    check_datum_error("{\"key\": \"integer\", \"max\": \"unlimited\"}",
                      "[\"set\", []]", "constraint violation",
                      "set has 0 elements, but at least 1 is required");
    check_datum_error("{\"key\": \"string\", \"value\": \"string\", "
                      "\"max\": 5}", "[\"map\", []]",
                      "constraint violation",
                      "map has 0 pairs, but at least 1 is required");
    check_datum_error("{\"key\": \"string\", \"value\": \"string\", "
                      "\"min\": 0, \"max\": 1}",
                      "[\"map\", [[\"a\", \"1\"], [\"b\", \"2\"]]]",
                      "constraint violation",
                      "map has 2 pairs, but at most 1 is allowed");
    check_datum_error(STR_MAP, "\"a\"", "syntax error",
                      "expected [\"map\", [[<key>, <value>], ...]]");
    check_datum_error(STR_MAP, "[\"set\", [\"a\"]]", "syntax error",
                      "expected [\"map\", [[<key>, <value>], ...]]");
    check_datum_error(STR_MAP, "[\"map\", [[\"a\"]]]", "syntax error",
                      "expected a [<key>, <value>] pair");
    check_datum_error(STR_INT_MAP, "[\"map\", [[\"a\", 1], [\"b\", "
                      "\"2\"]]]", "syntax error",
                      "expected integer, found string");
    check_datum_error(INT_SET, "[\"set\", 1]", "syntax error",
                      "expected [\"set\", [<atom>, ...]]");
    check_datum_error(INT_SET, "[\"set\", [1, \"x\"]]", "syntax error",
                      "expected integer, found string");
    check_datum_error("{\"key\": {\"type\": \"integer\", \"maxInteger\": "
                      "10}, \"min\": 0, \"max\": \"unlimited\"}",
                      "[\"set\", [1, 20]]", "constraint violation",
                      "20 is greater than the maximum allowed value 10");
    /* A map's elements are sorted by key, whatever their values. */
    check_datum_round_trip(STR_INT_MAP, "[\"map\", [[\"z\", 1], "
                           "[\"a\", 2]]]",
                           "[\"map\",[[\"a\",2],[\"z\",1]]]");
}

static void
test_datum_default(void **state)
{
    static const struct {
        const char *type;
        const char *json;
    } cases[] = {
        { "\"integer\"", "0" },
        { "\"string\"", "\"\"" },
        { "\"uuid\"", "[\"uuid\",\"00000000-0000-0000-0000-000000000000\"]" },
        { "{\"key\": \"integer\", \"min\": 0}", "[\"set\",[]]" },
        { STR_MAP, "[\"map\",[]]" },
        { "{\"key\": \"string\", \"value\": \"boolean\"}",
          "[\"map\",[[\"\",false]]]" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ovsdb_type type;
        struct ovsdb_datum datum;

        parse_type(cases[i].type, &type);
        ovsdb_datum_init_default(&datum, &type);
        assert_true(ovsdb_datum_is_default(&datum, &type));
        check_ok(ovsdb_datum_check_size(&datum, &type), cases[i].type);
        char *s = json_to_text(ovsdb_datum_to_json(&datum, &type));
        assert_string_equal(s, cases[i].json);
        free(s);
        ovsdb_datum_destroy(&datum, &type);
        assert_int_equal(datum.n, 0);
        ovsdb_type_destroy(&type);
    }

    struct ovsdb_type type;
    struct ovsdb_datum datum;
    parse_type("\"integer\"", &type);
    struct json *json = parse_json("1");
    check_ok(ovsdb_datum_from_json(&datum, &type, json, NULL), "1");
    assert_false(ovsdb_datum_is_default(&datum, &type));
    ovsdb_datum_destroy(&datum, &type);
    ovsdb_datum_destroy(NULL, &type);
    json_destroy(json);
}

/* Parses JSON text S as a datum of TYPE, which must succeed. */
static void
datum_from_text(struct ovsdb_datum *datum, const struct ovsdb_type *type,
                const char *s)
{
    struct json *json = parse_json(s);
    check_ok(ovsdb_datum_from_json(datum, type, json, NULL), s);
    json_destroy(json);
}

/* Asserts that DATUM of TYPE prints in JSON as EXPECTED. */
static void
check_datum_json(const struct ovsdb_datum *datum,
                 const struct ovsdb_type *type, const char *expected)
{
    char *s = json_to_text(ovsdb_datum_to_json(datum, type));
    assert_string_equal(s, expected);
    free(s);
}

static void
test_datum_union(void **state)
{
    struct ovsdb_type set, map;
    struct ovsdb_datum a, b;

    parse_type(STR_SET, &set);
    parse_type(STR_MAP, &map);

    datum_from_text(&a, &set, "[\"set\", [\"a\", \"c\", \"e\"]]");
    datum_from_text(&b, &set, "[\"set\", [\"b\", \"c\", \"f\"]]");
    ovsdb_datum_union(&a, &b, &set);
    check_datum_json(&a, &set, "[\"set\",[\"a\",\"b\",\"c\",\"e\",\"f\"]]");
    check_datum_json(&b, &set, "[\"set\",[\"b\",\"c\",\"f\"]]");
    ovsdb_datum_destroy(&b, &set);

    /* With an empty set, either way round. */
    ovsdb_datum_init_empty(&b);
    ovsdb_datum_union(&a, &b, &set);
    check_datum_json(&a, &set, "[\"set\",[\"a\",\"b\",\"c\",\"e\",\"f\"]]");
    ovsdb_datum_union(&b, &a, &set);
    assert_true(ovsdb_datum_equals(&a, &b, &set));
    ovsdb_datum_destroy(&a, &set);
    ovsdb_datum_destroy(&b, &set);

    /* Maps: keys already present keep their values. */
    datum_from_text(&a, &map, "[\"map\", [[\"a\", \"1\"], [\"b\", "
                    "\"2\"]]]");
    datum_from_text(&b, &map, "[\"map\", [[\"b\", \"9\"], [\"c\", \"3\"], "
                    "[\"0\", \"0\"]]]");
    ovsdb_datum_union(&a, &b, &map);
    check_datum_json(&a, &map, "[\"map\",[[\"0\",\"0\"],[\"a\",\"1\"],"
                     "[\"b\",\"2\"],[\"c\",\"3\"]]]");
    ovsdb_datum_destroy(&a, &map);
    ovsdb_datum_destroy(&b, &map);

    /* The size is the caller's to check. */
    struct ovsdb_type small;
    parse_type("{\"key\": \"string\", \"min\": 0, \"max\": 2}", &small);
    datum_from_text(&a, &small, "[\"set\", [\"a\", \"b\"]]");
    datum_from_text(&b, &small, "\"c\"");
    ovsdb_datum_union(&a, &b, &small);
    assert_int_equal(a.n, 3);
    check_error(ovsdb_datum_check_size(&a, &small), "constraint violation",
                "set has 3 elements, but at most 2 are allowed");
    ovsdb_datum_destroy(&a, &small);
    ovsdb_datum_destroy(&b, &small);

    ovsdb_type_destroy(&small);
    ovsdb_type_destroy(&set);
    ovsdb_type_destroy(&map);
}

static void
test_datum_subtract(void **state)
{
    struct ovsdb_type set, map;
    struct ovsdb_datum a, b;

    parse_type(STR_SET, &set);
    parse_type(STR_MAP, &map);

    datum_from_text(&a, &set, "[\"set\", [\"a\", \"b\", \"c\", \"e\"]]");
    datum_from_text(&b, &set, "[\"set\", [\"0\", \"b\", \"e\", \"z\"]]");
    ovsdb_datum_subtract(&a, &set, &b, &set);
    check_datum_json(&a, &set, "[\"set\",[\"a\",\"c\"]]");
    ovsdb_datum_destroy(&b, &set);

    /* Removing everything leaves an empty datum. */
    datum_from_text(&b, &set, "[\"set\", [\"a\", \"c\"]]");
    ovsdb_datum_subtract(&a, &set, &b, &set);
    assert_int_equal(a.n, 0);
    assert_null(a.keys);
    check_datum_json(&a, &set, "[\"set\",[]]");
    ovsdb_datum_destroy(&a, &set);
    ovsdb_datum_destroy(&b, &set);

    /* A map minus a set of keys: those keys go whatever their values. */
    const char *abc = "[\"map\", [[\"a\", \"1\"], [\"b\", \"2\"], "
                      "[\"c\", \"3\"]]]";
    datum_from_text(&a, &map, abc);
    datum_from_text(&b, &set, "[\"set\", [\"a\", \"z\"]]");
    ovsdb_datum_subtract(&a, &map, &b, &set);
    check_datum_json(&a, &map, "[\"map\",[[\"b\",\"2\"],[\"c\",\"3\"]]]");
    ovsdb_datum_destroy(&a, &map);
    ovsdb_datum_destroy(&b, &set);

    /* A map minus a map: only pairs that match in key and value go. */
    datum_from_text(&a, &map, abc);
    datum_from_text(&b, &map, "[\"map\", [[\"b\", \"2\"], [\"c\", \"4\"], "
                    "[\"d\", \"4\"]]]");
    ovsdb_datum_subtract(&a, &map, &b, &map);
    check_datum_json(&a, &map, "[\"map\",[[\"a\",\"1\"],[\"c\",\"3\"]]]");
    ovsdb_datum_destroy(&a, &map);
    ovsdb_datum_destroy(&b, &map);

    ovsdb_type_destroy(&set);
    ovsdb_type_destroy(&map);
}

static void
test_datum_find_key(void **state)
{
    struct ovsdb_type set;
    struct ovsdb_datum datum;
    union ovsdb_atom key;
    size_t idx;

    parse_type(INT_SET, &set);
    datum_from_text(&datum, &set, "[\"set\", [40, 10, 30, 20]]");

    static const struct {
        int64_t key;
        bool found;
        size_t idx;
    } cases[] = {
        { 10, true, 0 }, { 20, true, 1 }, { 30, true, 2 }, { 40, true, 3 },
        { 5, false, 0 }, { 15, false, 1 }, { 35, false, 3 },
        { 45, false, 4 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        key.integer = cases[i].key;
        idx = SIZE_MAX;
        assert_int_equal(ovsdb_datum_find_key(&datum, &key,
                                              OVSDB_TYPE_INTEGER, &idx),
                         cases[i].found);
        assert_int_equal(idx, cases[i].idx);
    }
    key.integer = 30;
    assert_true(ovsdb_datum_find_key(&datum, &key, OVSDB_TYPE_INTEGER,
                                     NULL));
    ovsdb_datum_destroy(&datum, &set);

    /* The empty datum. */
    ovsdb_datum_init_empty(&datum);
    assert_false(ovsdb_datum_find_key(&datum, &key, OVSDB_TYPE_INTEGER,
                                      &idx));
    assert_int_equal(idx, 0);
    ovsdb_type_destroy(&set);
}

static void
test_datum_sort(void **state)
{
    struct ovsdb_type map;
    struct ovsdb_datum datum;

    parse_type(STR_INT_MAP, &map);

    /* Built by hand, out of order, with duplicate keys. */
    static const char *const keys[] = { "m", "a", "z", "a", "m", "b" };
    static const int64_t values[] = { 1, 2, 3, 4, 5, 6 };
    datum.n = ARRAY_SIZE(keys);
    datum.keys = xmalloc(datum.n * sizeof *datum.keys);
    datum.values = xmalloc(datum.n * sizeof *datum.values);
    for (size_t i = 0; i < datum.n; i++) {
        datum.keys[i].string = xstrdup(keys[i]);
        datum.values[i].integer = values[i];
    }

    check_error(ovsdb_datum_sort(&datum, &map), "constraint violation",
                "map contains duplicate key \"a\"");
    assert_int_equal(datum.n, 6);
    for (size_t i = 1; i < datum.n; i++) {
        assert_true(strcmp(datum.keys[i - 1].string,
                           datum.keys[i].string) <= 0);
    }

    /* Each key keeps the value that came first. */
    ovsdb_datum_sort_unique(&datum, &map);
    check_datum_json(&datum, &map, "[\"map\",[[\"a\",2],[\"b\",6],"
                     "[\"m\",1],[\"z\",3]]]");
    check_ok(ovsdb_datum_sort(&datum, &map), "sorted");
    ovsdb_datum_destroy(&datum, &map);
    ovsdb_type_destroy(&map);
}

static void
test_datum_compare(void **state)
{
    struct ovsdb_type set, map;
    struct ovsdb_datum a, b, c;

    parse_type(INT_SET, &set);
    datum_from_text(&a, &set, "[\"set\", [1, 2]]");
    datum_from_text(&b, &set, "[\"set\", [1, 2, 3]]");
    datum_from_text(&c, &set, "[\"set\", [1, 3]]");
    assert_true(ovsdb_datum_compare_3way(&a, &b, &set) < 0);
    assert_true(ovsdb_datum_compare_3way(&b, &c, &set) < 0);
    assert_true(ovsdb_datum_compare_3way(&c, &a, &set) > 0);
    assert_false(ovsdb_datum_equals(&a, &b, &set));

    struct ovsdb_datum empty;
    ovsdb_datum_init_empty(&empty);
    assert_true(ovsdb_datum_compare_3way(&empty, &a, &set) < 0);

    ovsdb_datum_swap(&a, &c);
    check_datum_json(&a, &set, "[\"set\",[1,3]]");
    check_datum_json(&c, &set, "[\"set\",[1,2]]");
    ovsdb_datum_destroy(&a, &set);
    ovsdb_datum_destroy(&b, &set);
    ovsdb_datum_destroy(&c, &set);

    parse_type(STR_INT_MAP, &map);
    datum_from_text(&a, &map, "[\"map\", [[\"a\", 1]]]");
    datum_from_text(&b, &map, "[\"map\", [[\"a\", 2]]]");
    assert_true(ovsdb_datum_compare_3way(&a, &b, &map) < 0);
    assert_false(ovsdb_datum_equals(&a, &b, &map));
    assert_int_not_equal(ovsdb_datum_hash(&a, &map, 0),
                         ovsdb_datum_hash(&b, &map, 0));
    ovsdb_datum_destroy(&a, &map);
    ovsdb_datum_destroy(&b, &map);

    ovsdb_type_destroy(&set);
    ovsdb_type_destroy(&map);
}

/* Text syntax. */

/* Checks that string atom S prints in the text syntax as EXPECTED and
 * reads back as S. */
static void
check_string_text(const char *s, const char *expected)
{
    struct ovsdb_base_type base = OVSDB_BASE_TYPE_INITIALIZER(
        OVSDB_TYPE_STRING);
    struct ds ds = DS_EMPTY_INITIALIZER;
    union ovsdb_atom atom, atom2;

    atom.string = (char *) s;
    ovsdb_atom_to_string(&atom, OVSDB_TYPE_STRING, &ds);
    assert_string_equal(ds_cstr(&ds), expected);
    check_ok(ovsdb_atom_from_string(&atom2, &base, ds_cstr(&ds), NULL),
             expected);
    assert_string_equal(atom2.string, s);
    ovsdb_atom_destroy(&atom2, OVSDB_TYPE_STRING);
    ds_destroy(&ds);
}

static void
test_atom_text(void **state)
{
    check_string_text("br0", "br0");
    check_string_text("br-int", "br-int");
    check_string_text("_x-y.z9", "_x-y.z9");
    check_string_text("", "\"\"");
    check_string_text("true", "\"true\"");
    check_string_text("false", "\"false\"");
    check_string_text("True", "True");
    check_string_text("123", "\"123\"");
    check_string_text("-1", "\"-1\"");
    check_string_text("a b", "\"a b\"");
    check_string_text("a,b", "\"a,b\"");
    check_string_text("k=v", "\"k=v\"");
    check_string_text("tcp:1.2.3.4:6653", "\"tcp:1.2.3.4:6653\"");
    check_string_text("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"");
    check_string_text("line\nbreak", "\"line\\nbreak\"");
    check_string_text("caf\xc3\xa9", "\"caf\xc3\xa9\"");
    check_string_text("abcdef01-2345-6789-abcd-ef0123456789",
                      "\"abcdef01-2345-6789-abcd-ef0123456789\"");

    /* Other atomic types. */
    struct ds ds = DS_EMPTY_INITIALIZER;
    union ovsdb_atom atom;
    atom.integer = -42;
    ovsdb_atom_to_string(&atom, OVSDB_TYPE_INTEGER, &ds);
    ds_put_char(&ds, ' ');
    atom.real = 0.1;
    ovsdb_atom_to_string(&atom, OVSDB_TYPE_REAL, &ds);
    ds_put_char(&ds, ' ');
    atom.real = 2;
    ovsdb_atom_to_string(&atom, OVSDB_TYPE_REAL, &ds);
    ds_put_char(&ds, ' ');
    atom.boolean = true;
    ovsdb_atom_to_string(&atom, OVSDB_TYPE_BOOLEAN, &ds);
    ds_put_char(&ds, ' ');
    uuid_from_string(&atom.uuid, "550E8400-E29B-41D4-A716-446655440000");
    ovsdb_atom_to_string(&atom, OVSDB_TYPE_UUID, &ds);
    assert_string_equal(ds_cstr(&ds), "-42 0.1 2.0 true "
                        "550e8400-e29b-41d4-a716-446655440000");
    ds_destroy(&ds);

    /* Parsing atoms. */
    struct ovsdb_base_type integer = OVSDB_BASE_TYPE_INITIALIZER(
        OVSDB_TYPE_INTEGER);
    struct ovsdb_base_type real = OVSDB_BASE_TYPE_INITIALIZER(
        OVSDB_TYPE_REAL);
    struct ovsdb_base_type boolean = OVSDB_BASE_TYPE_INITIALIZER(
        OVSDB_TYPE_BOOLEAN);
    struct ovsdb_base_type uuid = OVSDB_BASE_TYPE_INITIALIZER(
        OVSDB_TYPE_UUID);
    struct ovsdb_base_type string = OVSDB_BASE_TYPE_INITIALIZER(
        OVSDB_TYPE_STRING);

    check_ok(ovsdb_atom_from_string(&atom, &integer, "-17", NULL), "int");
    assert_int_equal(atom.integer, -17);
    check_ok(ovsdb_atom_from_string(&atom, &real, "1e3", NULL), "real");
    assert_true(atom.real == 1000.0);
    check_ok(ovsdb_atom_from_string(&atom, &boolean, "false", NULL), "b");
    assert_false(atom.boolean);

    check_error(ovsdb_atom_from_string(&atom, &integer, "12abc", NULL),
                "syntax error", "\"12abc\" is not a valid integer");
    check_error(ovsdb_atom_from_string(&atom, &integer,
                                       "99999999999999999999", NULL),
                "syntax error",
                "\"99999999999999999999\" is not a valid integer");
    check_error(ovsdb_atom_from_string(&atom, &real, "inf", NULL),
                "syntax error", "\"inf\" is not a valid real number");
    check_error(ovsdb_atom_from_string(&atom, &boolean, "yes", NULL),
                "syntax error", "\"yes\" is not a valid boolean (use "
                "\"true\" or \"false\")");
    check_error(ovsdb_atom_from_string(&atom, &uuid, "550e8400", NULL),
                "syntax error", "\"550e8400\" is not a valid UUID");
    check_error(ovsdb_atom_from_string(&atom, &string, "\"abc\" x", NULL),
                "syntax error", "\"\\\"abc\\\" x\" is not a valid quoted "
                "string (line 1, column 7: unexpected 'x' after the "
                "end of the value)");
    check_error(ovsdb_atom_from_string(&atom, &string, "bad\xff", NULL),
                "syntax error",
                "\"bad\\ufffd\" is not a valid UTF-8 string");

    /* Constraints apply to text too. */
    integer.integer.min = 1;
    integer.integer.max = 4094;
    check_error(ovsdb_atom_from_string(&atom, &integer, "4095", NULL),
                "constraint violation",
                "4095 is not in the valid range 1 to 4094 (inclusive)");
}

/* Parses TEXT in the text syntax as a datum of type TYPE_TEXT, checks that
 * it prints as EXPECTED, and that EXPECTED parses to an equal datum. */
static void
check_datum_text(const char *type_text, const char *text,
                 const char *expected)
{
    struct ovsdb_type type;
    struct ovsdb_datum datum, datum2;
    struct ds ds = DS_EMPTY_INITIALIZER;

    parse_type(type_text, &type);
    check_ok(ovsdb_datum_from_string(&datum, &type, text, NULL), text);
    ovsdb_datum_to_string(&datum, &type, &ds);
    assert_string_equal(ds_cstr(&ds), expected);

    check_ok(ovsdb_datum_from_string(&datum2, &type, ds_cstr(&ds), NULL),
             expected);
    assert_true(ovsdb_datum_equals(&datum, &datum2, &type));

    ds_destroy(&ds);
    ovsdb_datum_destroy(&datum, &type);
    ovsdb_datum_destroy(&datum2, &type);
    ovsdb_type_destroy(&type);
}

/* Checks that parsing TEXT as a datum of type TYPE_TEXT fails with TAG and
 * DETAILS. */
static void
check_datum_text_error(const char *type_text, const char *text,
                       const char *tag, const char *details)
{
    struct ovsdb_type type;
    struct ovsdb_datum datum;

    parse_type(type_text, &type);
    check_error(ovsdb_datum_from_string(&datum, &type, text, NULL), tag,
                details);
    assert_int_equal(datum.n, 0);
    ovsdb_type_destroy(&type);
}

#define OPT_INT "{\"key\": \"integer\", \"min\": 0}"

static void
test_datum_text(void **state)
{
    /* Scalars and optional values: bare, "[]" when empty. */
    check_datum_text("\"integer\"", "5", "5");
    check_datum_text("\"integer\"", "[5]", "5");
    check_datum_text("\"integer\"", "  -3 ", "-3");
    check_datum_text(OPT_INT, "[]", "[]");
    check_datum_text(OPT_INT, "", "[]");
    check_datum_text(OPT_INT, "7", "7");
    check_datum_text("\"string\"", "\"\"", "\"\"");
    check_datum_text("\"string\"", "\"a, b\"", "\"a, b\"");

    /* Sets that may hold more than one element: always in brackets. */
    check_datum_text(INT_SET, "[]", "[]");
    check_datum_text(INT_SET, "[ 3 , 1,2 ]", "[1, 2, 3]");
    check_datum_text(INT_SET, "3,1,2", "[1, 2, 3]");
    check_datum_text(INT_SET, "9", "[9]");
    check_datum_text(STR_SET, "[b, \"a b\", \"true\", c-d]",
                     "[\"a b\", b, c-d, \"true\"]");
    check_datum_text("{\"key\": \"real\", \"max\": 3}", "[2, 0.5]",
                     "[0.5, 2.0]");

    /* Maps: always in braces. */
    check_datum_text(STR_MAP, "{}", "{}");
    check_datum_text(STR_MAP, "", "{}");
    check_datum_text(STR_MAP, "{b=2, a=1}", "{a=\"1\", b=\"2\"}");
    check_datum_text(STR_MAP, "k=v", "{k=v}");
    check_datum_text(STR_MAP, "{ \"a b\" = \"c,d\" , x=\"\\n\" }",
                     "{\"a b\"=\"c,d\", x=\"\\n\"}");
    check_datum_text(STR_MAP, "{target=\"tcp:1.2.3.4:6653\"}",
                     "{target=\"tcp:1.2.3.4:6653\"}");
    check_datum_text(STR_INT_MAP, "{z=1, a=-2}", "{a=-2, z=1}");
    check_datum_text("{\"key\": \"string\", \"value\": \"string\", "
                     "\"min\": 0}", "{a=b}", "a=b");

    /* Errors name the text and the place. */
    check_datum_text_error(INT_SET, "[1, 2", "syntax error",
                           "\"[1, 2\": missing \"]\" at end of text");
    check_datum_text_error(INT_SET, "[1,,2]", "syntax error",
                           "\"[1,,2]\": expected integer at offset 3 "
                           "(\",\")");
    check_datum_text_error(INT_SET, "[1, 2,]", "syntax error",
                           "\"[1, 2,]\": expected integer at offset 6 "
                           "(\"]\")");
    check_datum_text_error(INT_SET, "1 2", "syntax error",
                           "\"1 2\": expected \",\" or end of list at "
                           "offset 2 (\"2\")");
    check_datum_text_error(INT_SET, "[1] x", "syntax error",
                           "\"[1] x\": unexpected text after the value at "
                           "offset 4 (\"x\")");
    check_datum_text_error(INT_SET, "[1, abc]", "syntax error",
                           "\"abc\" is not a valid integer");
    check_datum_text_error(STR_MAP, "{a}", "syntax error",
                           "\"{a}\": expected \"=\" after key at offset 2 "
                           "(\"}\")");
    check_datum_text_error(STR_MAP, "a", "syntax error",
                           "\"a\": expected \"=\" after key at end of "
                           "text");
    check_datum_text_error(STR_MAP, "{a=\"b}", "syntax error",
                           "\"{a=\\\"b}\": missing closing quote at end of "
                           "text");
    check_datum_text_error(STR_MAP, "{a=1, a=2}", "constraint violation",
                           "map contains duplicate key \"a\"");
    check_datum_text_error(INT_SET, "[1, 1]", "constraint violation",
                           "set contains duplicate value 1");
    check_datum_text_error("\"integer\"", "[]", "constraint violation",
                           "value has 0 elements, but exactly 1 is "
                           "required");
    check_datum_text_error("\"integer\"", "1, 2", "constraint violation",
                           "value has 2 elements, but exactly 1 is "
                           "required");
    check_datum_text_error("{\"key\": {\"type\": \"string\", \"enum\": "
                           "[\"set\", [\"a\", \"b\"]]}, \"min\": 0, "
                           "\"max\": 2}", "[a, c]", "constraint violation",
                           "\"c\" is not one of the allowed values "
                           "[\"a\", \"b\"]");
}

static void
test_error_objects(void **state)
{
    struct ovsdb_error *error = ovsdb_error_create("I/O error",
                                                   "%s: could not open",
                                                   "/x");
    assert_string_equal(ovsdb_error_get_tag(error), "I/O error");
    assert_null(ovsdb_error_get_syntax(error));

    struct ovsdb_error *clone = ovsdb_error_clone(error);
    ovsdb_error_destroy(error);
    char *s = ovsdb_error_to_string(clone);
    assert_string_equal(s, "I/O error: /x: could not open");
    free(s);
    s = json_to_text(ovsdb_error_to_json(clone));
    assert_string_equal(s, "{\"details\":\"/x: could not open\","
                        "\"error\":\"I/O error\"}");
    free(s);

    clone = ovsdb_error_wrap(clone, "table %s", "Bridge");
    assert_string_equal(ovsdb_error_get_details(clone),
                        "table Bridge: /x: could not open");
    ovsdb_error_destroy(clone);
    assert_null(ovsdb_error_wrap(NULL, "nothing"));
    assert_null(ovsdb_error_clone(NULL));
    ovsdb_error_destroy(NULL);

    /* A null tag means "syntax error", and long JSON is cut short in the
     * text form but kept whole in the JSON form. */
    struct json *json = json_array_create_empty();
    for (int i = 0; i < 40; i++) {
        json_array_add(json, json_integer_create(1000 + i));
    }
    error = ovsdb_syntax_error(json, NULL, "too long");
    assert_string_equal(ovsdb_error_get_tag(error), "syntax error");
    assert_int_equal(strlen(ovsdb_error_get_syntax(error)), 40 * 5 + 1);
    s = ovsdb_error_to_string(error);
    assert_string_equal(s, "syntax error: too long (in JSON [1000,1001,"
                        "1002,1003,1004,1005,1006,1007,1008,1009,1010,"
                        "1011,1012,1013,1014,1015...)");
    free(s);
    ovsdb_error_destroy(error);
    json_destroy(json);

    error = ovsdb_syntax_error(NULL, "referential integrity violation",
                               "row %d", 5);
    s = ovsdb_error_to_string(error);
    assert_string_equal(s, "referential integrity violation: row 5");
    free(s);
    ovsdb_error_destroy(error);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomic_types),
        cmocka_unit_test(test_type_round_trips),
        cmocka_unit_test(test_type_predicates),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_atom_json),
        cmocka_unit_test(test_named_uuids),
        cmocka_unit_test(test_atom_compare_hash),
        cmocka_unit_test(test_atom_constraints),
        cmocka_unit_test(test_datum_json),
        cmocka_unit_test(test_datum_errors),
        cmocka_unit_test(test_datum_default),
        cmocka_unit_test(test_datum_union),
        cmocka_unit_test(test_datum_subtract),
        cmocka_unit_test(test_datum_find_key),
        cmocka_unit_test(test_datum_sort),
        cmocka_unit_test(test_datum_compare),
        cmocka_unit_test(test_atom_text),
        cmocka_unit_test(test_datum_text),
        cmocka_unit_test(test_error_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

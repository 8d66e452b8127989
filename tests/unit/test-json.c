/* Unit tests for lib/json.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "json.h"
#include "timeval.h"
#include "util.h"

/* Parses S, which must be valid, and returns the value. */
static struct json *
parse_ok(const char *s)
{
    struct json *json;
    char *error = json_from_string(s, &json);
    if (error) {
        fail_msg("parsing \"%s\" failed: %s", s, error);
    }
    assert_non_null(json);
    return json;
}

/* Parses S, serializes it with FLAGS, and checks the text is EXPECTED; then
 * checks that EXPECTED parses back to an equal value. */
static void
check_round_trip(const char *s, int flags, const char *expected)
{
    struct json *json = parse_ok(s);
    char *text = json_to_string(json, flags);
    assert_string_equal(text, expected);

    struct json *again = parse_ok(text);
    assert_true(json_equal(json, again));
    assert_int_equal(json_hash(json, 0), json_hash(again, 0));

    /* The pretty form reads back as the same value too. */
    char *pretty = json_to_string(json, flags | JSSF_PRETTY);
    json_destroy(again);
    again = parse_ok(pretty);
    assert_true(json_equal(json, again));

    free(pretty);
    free(text);
    json_destroy(again);
    json_destroy(json);
}

static const char rfc8259_image[] =
    "{\n"
    "  \"Image\": {\n"
    "      \"Width\":  800,\n"
    "      \"Height\": 600,\n"
    "      \"Title\":  \"View from 15th Floor\",\n"
    "      \"Thumbnail\": {\n"
    "          \"Url\":    \"http://www.example.com/image/481989943\",\n"
    "          \"Height\": 125,\n"
    "          \"Width\":  100\n"
    "      },\n"
    "      \"Animated\" : false,\n"
    "      \"IDs\": [116, 943, 234, 38793]\n"
    "    }\n"
    "}\n";

static const char rfc8259_addresses[] =
    "[\n"
    "  {\n"
    "     \"precision\": \"zip\",\n"
    "     \"Latitude\":  37.7668,\n"
    "     \"Longitude\": -122.3959,\n"
    "     \"Address\":   \"\",\n"
    "     \"City\":      \"SAN FRANCISCO\",\n"
    "     \"State\":     \"CA\",\n"
    "     \"Zip\":       \"94107\",\n"
    "     \"Country\":   \"US\"\n"
    "  },\n"
    "  {\n"
    "     \"precision\": \"zip\",\n"
    "     \"Latitude\":  37.371991,\n"
    "     \"Longitude\": -122.026020,\n"
    "     \"Address\":   \"\",\n"
    "     \"City\":      \"SUNNYVALE\",\n"
    "     \"State\":     \"CA\",\n"
    "     \"Zip\":       \"94085\",\n"
    "     \"Country\":   \"US\"\n"
    "  }\n"
    "]\n";

/* The examples of RFC 8259 section 13 round-trip to their canonical
 * (sorted, compact) text, and the pretty form is exactly as documented. */
static void
test_rfc8259_examples(void **state)
{
    check_round_trip(rfc8259_image, JSSF_SORT,
                     "{\"Image\":{\"Animated\":false,\"Height\":600,"
                     "\"IDs\":[116,943,234,38793],"
                     "\"Thumbnail\":{\"Height\":125,"
                     "\"Url\":\"http://www.example.com/image/481989943\","
                     "\"Width\":100},"
                     "\"Title\":\"View from 15th Floor\",\"Width\":800}}");
    check_round_trip(rfc8259_addresses, JSSF_SORT,
                     "[{\"Address\":\"\",\"City\":\"SAN FRANCISCO\","
                     "\"Country\":\"US\",\"Latitude\":37.7668,"
                     "\"Longitude\":-122.3959,\"State\":\"CA\","
                     "\"Zip\":\"94107\",\"precision\":\"zip\"},"
                     "{\"Address\":\"\",\"City\":\"SUNNYVALE\","
                     "\"Country\":\"US\",\"Latitude\":37.371991,"
                     "\"Longitude\":-122.02602,\"State\":\"CA\","
                     "\"Zip\":\"94085\",\"precision\":\"zip\"}]");
    check_round_trip("\"Hello world!\"", 0, "\"Hello world!\"");
    check_round_trip("42", 0, "42");
    check_round_trip("true", 0, "true");

    /* Types and values of the parsed image object. */
    struct json *json = parse_ok(rfc8259_image);
    struct json *image = json_object_get(json, "Image");
    assert_int_equal(image->type, JSON_OBJECT);
    assert_int_equal(shash_count(json_object(image)), 6);
    assert_int_equal(json_integer(json_object_get(image, "Width")), 800);
    assert_string_equal(json_string(json_object_get(image, "Title")),
                        "View from 15th Floor");
    assert_false(json_boolean(json_object_get(image, "Animated")));
    const struct json_array *ids
        = json_array(json_object_get(image, "IDs"));
    assert_int_equal(ids->n, 4);
    assert_int_equal(json_integer(ids->elems[3]), 38793);
    assert_null(json_object_get(image, "Missing"));

    /* Pretty, sorted output. */
    char *pretty = json_to_string(json, JSSF_PRETTY | JSSF_SORT);
    assert_string_equal(
        pretty,
        "{\n"
        "  \"Image\": {\n"
        "    \"Animated\": false,\n"
        "    \"Height\": 600,\n"
        "    \"IDs\": [\n"
        "      116,\n"
        "      943,\n"
        "      234,\n"
        "      38793\n"
        "    ],\n"
        "    \"Thumbnail\": {\n"
        "      \"Height\": 125,\n"
        "      \"Url\": \"http://www.example.com/image/481989943\",\n"
        "      \"Width\": 100\n"
        "    },\n"
        "    \"Title\": \"View from 15th Floor\",\n"
        "    \"Width\": 800\n"
        "  }\n"
        "}");
    free(pretty);
    json_destroy(json);

    check_round_trip("{\"a\":[],\"b\":{}}", JSSF_SORT | JSSF_PRETTY,
                     "{\n  \"a\": [],\n  \"b\": {}\n}");
}

/* Integers are exact over the whole int64_t range; reals print in their
 * shortest exact form and never read back as integers. */
static void
test_numbers(void **state)
{
    check_round_trip("9223372036854775807", 0, "9223372036854775807");
    check_round_trip("-9223372036854775808", 0, "-9223372036854775808");
    check_round_trip("-0", 0, "0");
    check_round_trip("0", 0, "0");
    check_round_trip("[1,-1,10,123456789012]", 0,
                     "[1,-1,10,123456789012]");

    struct json *json = parse_ok("9223372036854775807");
    assert_int_equal(json->type, JSON_INTEGER);
    assert_true(json_integer(json) == INT64_MAX);
    json_destroy(json);
    json = parse_ok("-9223372036854775808");
    assert_int_equal(json->type, JSON_INTEGER);
    assert_true(json_integer(json) == INT64_MIN);
    json_destroy(json);

    /* Out of int64_t range: the nearest double, as a real. */
    json = parse_ok("9223372036854775808");
    assert_int_equal(json->type, JSON_REAL);
    assert_true(json_real(json) == 9223372036854775808.0);
    json_destroy(json);
    json = parse_ok("-9223372036854775809");
    assert_int_equal(json->type, JSON_REAL);
    json_destroy(json);
    json = parse_ok("18446744073709551615");
    assert_int_equal(json->type, JSON_REAL);
    assert_true(json_real(json) == 18446744073709551616.0);
    json_destroy(json);
    check_round_trip("18446744073709551615", 0, "1.8446744073709552e+19");

    /* Reals. */
    check_round_trip("0.1", 0, "0.1");
    check_round_trip("1.0", 0, "1.0");
    check_round_trip("-2.5", 0, "-2.5");
    check_round_trip("1E2", 0, "100.0");
    check_round_trip("1e300", 0, "1e+300");
    check_round_trip("-0.0", 0, "-0.0");
    check_round_trip("5e-324", 0, "4.94065645841247e-324");
    check_round_trip("1.7976931348623157e308", 0, "1.7976931348623157e+308");
    check_round_trip("0.30000000000000004", 0, "0.30000000000000004");
    check_round_trip("3.141592653589793", 0, "3.141592653589793");
    check_round_trip("1e-400", 0, "0.0");

    json = parse_ok("1.0");
    assert_int_equal(json->type, JSON_REAL);
    struct json *one = json_integer_create(1);
    assert_false(json_equal(json, one));
    assert_true(json_real(one) == 1.0);
    json_destroy(one);
    json_destroy(json);

    /* Every double survives the trip. */
    uint64_t bits = 0x123456789abcdefULL;
    for (int i = 0; i < 2000; i++) {
        double d;
        bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;
        memcpy(&d, &bits, sizeof d);
        if (!isfinite(d)) {
            continue;
        }
        struct json *real = json_real_create(d);
        char *text = json_to_string(real, 0);
        struct json *back = parse_ok(text);
        assert_int_equal(back->type, JSON_REAL);
        assert_memory_equal(&back->real, &d, sizeof d);
        free(text);
        json_destroy(back);
        json_destroy(real);
    }

    /* Non-finite reals cannot be expressed: they print as null. */
    json = json_array_create_2(json_real_create(NAN),
                               json_real_create(-INFINITY));
    char *text = json_to_string(json, 0);
    assert_string_equal(text, "[null,null]");
    free(text);
    json_destroy(json);
}

/* Escapes decode to the right UTF-8; serializing escapes exactly what must
 * be escaped and keeps other UTF-8 as is. */
static void
test_strings(void **state)
{
    struct json *json = parse_ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
    assert_string_equal(json_string(json), "\"\\/\b\f\n\r\t");
    char *text = json_to_string(json, 0);
    assert_string_equal(text, "\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
    free(text);
    json_destroy(json);

    /* \u escapes: one, two and three byte UTF-8, and a surrogate pair. */
    json = parse_ok("\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"");
    assert_string_equal(json_string(json),
                        "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    text = json_to_string(json, 0);
    assert_string_equal(text, "\"A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
    free(text);
    json_destroy(json);

    /* The extremes of each UTF-8 length are accepted as is. */
    check_round_trip("\"\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf"
                     "\xee\x80\x80\xef\xbf\xbf\xf0\x90\x80\x80"
                     "\xf4\x8f\xbf\xbf\"", 0,
                     "\"\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf"
                     "\xee\x80\x80\xef\xbf\xbf\xf0\x90\x80\x80"
                     "\xf4\x8f\xbf\xbf\"");
    check_round_trip("\"\\uDBFF\\uDFFF\\uD800\\uDC00\"", 0,
                     "\"\xf4\x8f\xbf\xbf\xf0\x90\x80\x80\"");

    /* Control characters are escaped on output. */
    json = json_string_create("\x01\x1f a\x7f");
    text = json_to_string(json, 0);
    assert_string_equal(text, "\"\\u0001\\u001f a\x7f\"");
    free(text);
    json_destroy(json);

    /* Invalid UTF-8 put in by a caller becomes U+FFFD, so the output is
     * still valid. */
    json = json_string_create("a\xff" "b\xc3(\xed\xa0\x80\xe2\x82");
    text = json_to_string(json, 0);
    assert_string_equal(text, "\"a\\ufffdb\\ufffd(\\ufffd\\ufffd\\ufffd"
                        "\\ufffd\\ufffd\"");
    struct json *back = parse_ok(text);
    assert_string_equal(json_string(back), "a\xef\xbf\xbd" "b\xef\xbf\xbd("
                        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                        "\xef\xbf\xbd\xef\xbf\xbd");
    json_destroy(back);
    free(text);
    json_destroy(json);

    /* json_string_escape(). */
    struct ds ds = DS_EMPTY_INITIALIZER;
    json_string_escape("say \"hi\"\n", &ds);
    assert_string_equal(ds_cstr(&ds), "\"say \\\"hi\\\"\\n\"");
    ds_destroy(&ds);

    json = json_string_create_format("%s-%d", "br", 7);
    assert_string_equal(json_string(json), "br-7");
    json_destroy(json);
}

struct invalid_case {
    const char *input;
    size_t size;                /* 0: strlen(input). */
    const char *error;          /* Expected substring of the message. */
};

#define BAD(INPUT, ERROR) { INPUT, 0, ERROR }
#define BAD_N(INPUT, ERROR) { INPUT, sizeof INPUT - 1, ERROR }

static const struct invalid_case invalid_cases[] = {
    /* Empty and unbalanced input. */
    BAD("", "line 1, column 1: unexpected end of input: no value"),
    BAD(" \n ", "line 2, column 2: unexpected end of input: no value"),
    BAD("[", "the array opened with '[' at line 1, column 1 is not closed"),
    BAD("[[1]", "the array opened with '[' at line 1, column 1 is not "
        "closed"),
    BAD("{\"a\":[1", "the array opened with '[' at line 1, column 6 is not "
        "closed"),
    BAD("{\"a\":1", "the object opened with '{' at line 1, column 1 is not "
        "closed"),
    BAD("{\"a\"", "the object opened with '{'"),
    BAD("]", "line 1, column 1: syntax error: unexpected ']' (expected a "
        "value)"),
    BAD("}", "unexpected '}' (expected a value)"),
    BAD("[1,2]]", "line 1, column 6: unexpected ']' after the end of the "
        "value"),
    BAD("{}}", "unexpected '}' after the end of the value"),
    BAD("[1}", "line 1, column 3: syntax error: unexpected '}' (expected "
        "',' or ']')"),
    BAD("{\"a\":1]", "unexpected ']' (expected ',' or '}')"),
    BAD("[\n1,\n2,\n}", "line 4, column 1: syntax error: unexpected '}' "
        "(expected a value)"),
    BAD("{\"a\" 1}", "unexpected number (expected ':')"),
    BAD("{1:2}", "unexpected number (expected a member name (a string) or "
        "'}')"),
    BAD("{\"a\":1,}", "unexpected '}' (expected a member name (a string))"),
    BAD("{\"a\":1,\"b\"}", "unexpected '}' (expected ':')"),
    BAD("{,}", "unexpected ','"),
    BAD("[1,]", "unexpected ']' (expected a value)"),
    BAD("[,1]", "unexpected ','"),
    BAD("[1 2]", "unexpected number (expected ',' or ']')"),
    BAD("[1 true]", "unexpected true (expected ',' or ']')"),
    BAD("[\"a\" \"b\"]", "unexpected string (expected ',' or ']')"),
    BAD("[1:2]", "unexpected ':'"),
    BAD("{\"a\"::1}", "unexpected ':' (expected a value)"),

    /* Trailing garbage. */
    BAD("{} x", "line 1, column 4: unexpected 'x' after the end of the "
        "value"),
    BAD("1 2", "line 1, column 3: unexpected '2' after the end of the "
        "value"),
    BAD("\"a\"\"b\"", "unexpected '\"' after the end of the value"),
    BAD("truex", "unexpected 'x' after the end of the value"),
    BAD("nullnull", "unexpected 'n' after the end of the value"),

    /* Bad numbers. */
    BAD("01", "line 1, column 1: invalid number '01': leading zeros are "
        "not allowed"),
    BAD("-01", "leading zeros are not allowed"),
    BAD("[00]", "line 1, column 2: invalid number '00'"),
    BAD("-", "invalid number '-': a digit must follow '-'"),
    BAD("--1", "a digit must follow '-'"),
    BAD("-a", "a digit must follow '-'"),
    BAD("1.", "invalid number '1.': a digit must follow '.'"),
    BAD("1.e5", "a digit must follow '.'"),
    BAD("1e", "invalid number '1e': the exponent has no digits"),
    BAD("1e+", "the exponent has no digits"),
    BAD("1E-", "the exponent has no digits"),
    BAD("1.5.3", "invalid number '1.5.3': unexpected characters"),
    BAD("1e5e3", "unexpected characters"),
    BAD("1-2", "unexpected characters"),
    BAD(".5", "syntax error: unexpected '.'"),
    BAD("+1", "syntax error: unexpected '+'"),
    BAD("0x10", "unexpected 'x' after the end of the value"),
    BAD("1e400", "invalid number '1e400': out of range"),
    BAD("-1e400", "out of range"),
    BAD("[1,2,1111111111111111111111111111111111111111111111111.5e999]",
        "line 1, column 6: invalid number "
        "'1111111111111111111111111111111111111111...': out of range"),
    BAD("NaN", "syntax error: unexpected 'N' (expected a value)"),
    BAD("Infinity", "unexpected 'I'"),

    /* Bad literals. */
    BAD("tru", "unexpected end of input: invalid literal 'tru'"),
    BAD("trUe", "line 1, column 3: invalid literal: expected 'true' but "
        "found 'U' after 'tr'"),
    BAD("[nul]", "expected 'null' but found ']' after 'nul'"),
    BAD("fals e", "expected 'false' but found byte 0x20 after 'fals'"),
    BAD("True", "unexpected 'T'"),
    BAD("undefined", "unexpected 'u'"),
    BAD("'a'", "unexpected '''"),

    /* Bad strings. */
    BAD("\"abc", "unexpected end of input inside a string (started at "
        "line 1, column 1)"),
    BAD("[\"a\\\"]", "inside a string"),
    BAD("\"a\tb\"", "line 1, column 3: control character 0x09 in string "
        "(it must be escaped)"),
    BAD("\"a\nb\"", "control character 0x0a in string"),
    BAD_N("\"a\0b\"", "control character 0x00 in string"),
    BAD("\"\\x\"", "invalid escape in string: '\\' followed by 'x'"),
    BAD("\"\\U0041\"", "invalid escape in string: '\\' followed by 'U'"),
    BAD("\"\\u12G4\"", "invalid \\u escape in string: 'G' is not a hex "
        "digit"),
    BAD("\"\\u12\"", "'\"' is not a hex digit"),
    BAD("\"\\u0000\"", "\\u0000 is not supported in strings"),

    /* Lone surrogates. */
    BAD("\"\\ud800\"", "unpaired high surrogate \\uD800 in string"),
    BAD("\"\\uDBFFx\"", "unpaired high surrogate \\uDBFF in string"),
    BAD("\"\\ud800\\n\"", "unpaired high surrogate \\uD800 in string"),
    BAD("\"\\ud800\\u0041\"", "unpaired high surrogate \\uD800 in string "
        "(\\u0041 follows it)"),
    BAD("\"\\ud800\\ud800\"", "(\\uD800 follows it)"),
    BAD("\"\\udc00\"", "unpaired low surrogate \\uDC00 in string"),
    BAD("\"\\uDFFF\\uD800\"", "unpaired low surrogate \\uDFFF"),

    /* Invalid UTF-8 (RFC 3629). */
    BAD("\"\x80\"", "line 1, column 2: invalid UTF-8 in string: byte 0x80 "
        "cannot start a character"),
    BAD("\"\xbf\"", "byte 0xbf cannot start a character"),
    BAD("\"\xc0\x80\"", "byte 0xc0 cannot start a character"),
    BAD("\"\xc1\xbf\"", "byte 0xc1 cannot start a character"),
    BAD("\"\xe0\x80\xaf\"", "line 1, column 3: invalid UTF-8 in string: "
        "byte 0x80 is not a valid continuation byte here"),
    BAD("\"\xe0\x9f\xbf\"", "byte 0x9f is not a valid continuation byte"),
    BAD("\"\xf0\x80\x80\xaf\"", "byte 0x80 is not a valid continuation"),
    BAD("\"\xf0\x8f\xbf\xbf\"", "byte 0x8f is not a valid continuation"),
    BAD("\"\xed\xa0\x80\"", "byte 0xa0 is not a valid continuation"),
    BAD("\"\xed\xbf\xbf\"", "byte 0xbf is not a valid continuation"),
    BAD("\"\xf4\x90\x80\x80\"", "byte 0x90 is not a valid continuation"),
    BAD("\"\xf5\x80\x80\x80\"", "byte 0xf5 cannot start a character"),
    BAD("\"\xf8\x88\x80\x80\x80\"", "byte 0xf8 cannot start"),
    BAD("\"\xfe\"", "byte 0xfe cannot start a character"),
    BAD("\"\xff\"", "byte 0xff cannot start a character"),
    BAD("\"\xc3\"", "'\"' is not a valid continuation byte here"),
    BAD("\"\xe2\x82\"", "'\"' is not a valid continuation byte here"),
    BAD("\"\xf0\x9f\x98\"", "'\"' is not a valid continuation byte here"),
    BAD("\"\xc3\xc3\xa9\"", "byte 0xc3 is not a valid continuation"),
    BAD("\"\xe2\x82", "unexpected end of input inside a string"),
    BAD("\xc3\xa9", "unexpected byte 0xc3"),
    BAD("\xef\xbb\xbf{}", "line 1, column 1: syntax error: unexpected byte "
        "0xef"),
    BAD_N("[\0]", "line 1, column 2: syntax error: unexpected byte 0x00"),

    /* Objects. */
    BAD("{\"a\":1,\"b\":2,\"a\":3}", "line 1, column 14: duplicate member "
        "name \"a\""),
    BAD("{\"a\\n\":1,\"a\\u000a\":2}", "duplicate member name \"a\\n\""),
};

/* Each invalid input gives the expected error, both when parsed at once and
 * when fed one byte at a time, and consumes nothing after the error. */
static void
test_invalid(void **state)
{
    for (size_t i = 0; i < ARRAY_SIZE(invalid_cases); i++) {
        const struct invalid_case *c = &invalid_cases[i];
        size_t size = c->size ? c->size : strlen(c->input);

        struct json *json = (struct json *) 1;
        char *error = json_from_buffer(c->input, size, &json);
        if (!error || !strstr(error, c->error)) {
            fail_msg("case %zu (%s): expected error containing \"%s\", got "
                     "\"%s\"", i, c->input, c->error,
                     error ? error : "success");
        }
        assert_null(json);

        struct json_parser *p = json_parser_create(JSPF_WHOLE_INPUT);
        for (size_t j = 0; j < size; j++) {
            if (!json_parser_feed(p, &c->input[j], 1)) {
                assert_true(json_parser_is_done(p));
                assert_int_equal(json_parser_feed(p, &c->input[j], 1), 0);
                break;
            }
        }
        char *error2 = json_parser_finish(p, &json);
        assert_non_null(error2);
        assert_string_equal(error, error2);
        assert_null(json);
        free(error2);
        free(error);
    }
}

/* Returns "[[[...]]]" nested DEPTH deep, or objects {"a":{"a":...}}. */
static char *
nested(int depth, bool objects)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    for (int i = 0; i < depth; i++) {
        ds_put_cstr(&ds, objects ? "{\"a\":" : "[");
    }
    ds_put_cstr(&ds, "1");
    for (int i = 0; i < depth; i++) {
        ds_put_char(&ds, objects ? '}' : ']');
    }
    return ds_steal_cstr(&ds);
}

/* JSON_MAX_DEPTH levels are accepted, one more is an error; values built
 * far deeper by hand still serialize, compare, hash, copy and free without
 * recursion. */
static void
test_nesting(void **state)
{
    for (int objects = 0; objects < 2; objects++) {
        char *s = nested(JSON_MAX_DEPTH, objects);
        struct json *json = parse_ok(s);
        char *text = json_to_string(json, 0);
        assert_string_equal(text, s);
        free(text);
        text = json_to_string(json, JSSF_PRETTY);
        struct json *again = parse_ok(text);
        assert_true(json_equal(json, again));
        free(text);
        json_destroy(again);
        json_destroy(json);
        free(s);

        s = nested(JSON_MAX_DEPTH + 1, objects);
        char *error = json_from_string(s, &json);
        assert_null(json);
        assert_non_null(error);
        char *expected = xasprintf("line 1, column %d: nesting too deep "
                                   "(the limit is 1000 levels of arrays "
                                   "and objects)",
                                   objects ? 5 * JSON_MAX_DEPTH + 1
                                   : JSON_MAX_DEPTH + 1);
        assert_string_equal(error, expected);
        free(expected);
        free(error);
        free(s);
    }

    /* Unclosed deep input is freed without leaks (checked by ASan). */
    char *s = xmalloc(5000 + 1);
    memset(s, '[', 5000);
    s[5000] = '\0';
    struct json *json;
    char *error = json_from_string(s, &json);
    assert_non_null(strstr(error, "nesting too deep"));
    free(error);
    s[900] = '\0';
    error = json_from_string(s, &json);
    assert_non_null(strstr(error, "line 1, column 900 is not closed"));
    free(error);
    free(s);

    /* 200000 levels built by hand. */
    enum { DEEP = 200000 };
    struct json *deep = json_integer_create(7);
    for (int i = 0; i < DEEP; i++) {
        if (i % 2) {
            struct json *object = json_object_create();
            json_object_put(object, "k", deep);
            deep = object;
        } else {
            deep = json_array_create_1(deep);
        }
    }
    char *text = json_to_string(deep, 0);
    assert_int_equal(strlen(text), 1 + 4 * DEEP);
    assert_memory_equal(text, "{\"k\":[{\"k\":[", 12);
    free(text);
    struct json *copy = json_deep_clone(deep);
    assert_true(copy != deep);
    assert_true(json_equal(deep, copy));
    assert_int_equal(json_hash(deep, 3), json_hash(copy, 3));
    json_destroy(copy);
    json_destroy(deep);
}

/* Byte-at-a-time feeding of several concatenated values gives them back in
 * order, exactly as feeding larger chunks does. */
static void
test_streaming(void **state)
{
    static const char stream[] =
        "{\"method\":\"echo\",\"params\":[1,2.5],\"id\":\"x\"}"
        "[1,[2,{}]]\n\"s\\u00e9\\ud83d\\ude00\xc3\xa9\" 42 true"
        "null{}-7.5e1 \t\"\"[]17";
    static const char *const expected[] = {
        "{\"id\":\"x\",\"method\":\"echo\",\"params\":[1,2.5]}",
        "[1,[2,{}]]",
        "\"s\xc3\xa9\xf0\x9f\x98\x80\xc3\xa9\"",
        "42",
        "true",
        "null",
        "{}",
        "-75.0",
        "\"\"",
        "[]",
        "17",
    };
    size_t chunk_sizes[] = { 1, 2, 3, 7, sizeof stream };

    for (size_t c = 0; c < ARRAY_SIZE(chunk_sizes); c++) {
        size_t chunk = chunk_sizes[c];
        size_t n_values = 0;
        size_t ofs = 0;
        struct json_parser *p = json_parser_create(0);
        assert_true(json_parser_is_idle(p));

        while (ofs < sizeof stream - 1) {
            size_t n = MIN(chunk, sizeof stream - 1 - ofs);
            ofs += json_parser_feed(p, &stream[ofs], n);
            if (json_parser_is_done(p)) {
                struct json *json;
                char *error = json_parser_finish(p, &json);
                assert_null(error);
                assert_true(n_values < ARRAY_SIZE(expected));
                char *text = json_to_string(json, JSSF_SORT);
                assert_string_equal(text, expected[n_values]);
                free(text);
                json_destroy(json);
                n_values++;
                p = json_parser_create(0);
            }
        }
        /* The last number ends only at the end of input. */
        assert_false(json_parser_is_done(p));
        assert_false(json_parser_is_idle(p));
        struct json *json;
        char *error = json_parser_finish(p, &json);
        assert_null(error);
        assert_int_equal(json_integer(json), 17);
        json_destroy(json);
        n_values++;
        assert_int_equal(n_values, ARRAY_SIZE(expected));
    }

    /* A complete value stops the parser right after its last byte. */
    struct json_parser *p = json_parser_create(0);
    assert_int_equal(json_parser_feed(p, "  [1] [2]", 9), 5);
    assert_true(json_parser_is_done(p));
    assert_int_equal(json_parser_feed(p, "[2]", 3), 0);
    struct json *json;
    assert_null(json_parser_finish(p, &json));
    json_destroy(json);

    /* White space alone leaves the parser idle. */
    p = json_parser_create(0);
    assert_int_equal(json_parser_feed(p, " \r\n\t", 4), 4);
    assert_true(json_parser_is_idle(p));
    assert_false(json_parser_is_done(p));
    json_parser_abort(p);
    json_parser_abort(NULL);

    /* An error in a stream stops the parser at the offending byte. */
    p = json_parser_create(0);
    assert_int_equal(json_parser_feed(p, "[1,}", 4), 3);
    assert_true(json_parser_is_done(p));
    char *error = json_parser_finish(p, &json);
    assert_string_equal(error, "line 1, column 4: syntax error: "
                        "unexpected '}' (expected a value)");
    assert_null(json);
    free(error);
}

/* Builds a deterministic document of about TARGET bytes. */
static struct json *
make_large_document(size_t target)
{
    struct json *rows = json_array_create_empty();
    size_t approx = 0;
    uint64_t seed = 12345;
    for (int i = 0; approx < target; i++) {
        struct json *row = json_object_create();
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        json_object_put(row, "_uuid", json_string_create_format(
                            "%08x-%04x-4%03x-a%03x-%012llx",
                            (unsigned int) (seed >> 32),
                            (unsigned int) (seed >> 16) & 0xffff,
                            (unsigned int) seed & 0xfff,
                            (unsigned int) (seed >> 20) & 0xfff,
                            (unsigned long long) (seed >> 8)
                            & 0xffffffffffffULL));
        json_object_put(row, "name", json_string_create_format(
                            "port-%d \xc3\xa9\xe2\x82\xac \"quoted\"\n", i));
        json_object_put(row, "ofport", json_integer_create(
                            (int64_t) (seed >> 1) * (i % 2 ? -1 : 1)));
        json_object_put(row, "load", json_real_create(i / 7.0));
        json_object_put(row, "enabled", json_boolean_create(i % 3));
        json_object_put(row, "external_ids", json_null_create());
        struct json *tags = json_array_create_empty();
        for (int j = 0; j < i % 5; j++) {
            json_array_add(tags, json_array_create_2(
                               json_string_create("map"),
                               json_integer_create(j)));
        }
        json_object_put(row, "tags", tags);
        json_array_add(rows, row);
        approx += 200;
    }
    struct json *doc = json_object_create();
    json_object_put(doc, "Interface", rows);
    return doc;
}

/* A 10 MiB document round-trips exactly, through memory and through a file,
 * in reasonable time. */
static void
test_large_document(void **state)
{
    struct json *doc = make_large_document(10 * 1024 * 1024);
    char *text = json_to_string(doc, JSSF_SORT);
    size_t size = strlen(text);
    assert_true(size >= 10 * 1024 * 1024);

    long long start = time_msec();
    struct json *parsed;
    char *error = json_from_buffer(text, size, &parsed);
    long long elapsed = time_msec() - start;
    assert_null(error);
    /* Generous enough for sanitizer builds on a busy machine. */
    assert_true(elapsed < 5000);
    assert_true(json_equal(doc, parsed));
    assert_int_equal(json_hash(doc, 0), json_hash(parsed, 0));

    char *text2 = json_to_string(parsed, JSSF_SORT);
    assert_string_equal(text, text2);
    free(text2);

    /* Through a file, with pretty printing. */
    char file_name[] = "/tmp/test-json-XXXXXX";
    int fd = mkstemp(file_name);
    assert_true(fd >= 0);
    char *pretty = json_to_string(doc, JSSF_PRETTY);
    size_t pretty_size = strlen(pretty);
    assert_int_equal(write(fd, pretty, pretty_size), pretty_size);
    close(fd);
    struct json *from_file;
    error = json_from_file(file_name, &from_file);
    assert_null(error);
    assert_true(json_equal(doc, from_file));
    json_destroy(from_file);

    /* A file with an error: the message names the file and the place. */
    fd = open(file_name, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "{\n  \"a\": [1, 2,,]\n}\n", 20), 20);
    close(fd);
    error = json_from_file(file_name, &from_file);
    char *expected = xasprintf("%s: line 2, column 14: syntax error: "
                               "unexpected ',' (expected a value)",
                               file_name);
    assert_string_equal(error, expected);
    assert_null(from_file);
    free(expected);
    free(error);
    unlink(file_name);

    error = json_from_file(file_name, &from_file);
    expected = xasprintf("%s: could not open: No such file or directory",
                         file_name);
    assert_string_equal(error, expected);
    assert_null(from_file);
    free(expected);
    free(error);

    free(pretty);
    free(text);
    json_destroy(parsed);
    json_destroy(doc);
}

/* Equality ignores member order, hashing agrees with it, cloning shares
 * and deep cloning copies. */
static void
test_equal_hash_clone(void **state)
{
    struct json *a = parse_ok("{\"x\":1,\"y\":[true,null,\"s\"],\"z\":{}}");
    struct json *b = parse_ok("{\"z\":{},\"y\":[true,null,\"s\"],\"x\":1}");
    assert_true(json_equal(a, b));
    assert_int_equal(json_hash(a, 0), json_hash(b, 0));
    assert_int_not_equal(json_hash(a, 0), json_hash(a, 1));

    static const char *const different[] = {
        "{\"x\":1,\"y\":[true,null,\"s\"]}",
        "{\"x\":1,\"y\":[true,null,\"t\"],\"z\":{}}",
        "{\"x\":1,\"y\":[null,true,\"s\"],\"z\":{}}",
        "{\"x\":1.0,\"y\":[true,null,\"s\"],\"z\":{}}",
        "{\"x\":1,\"y\":[true,null,\"s\"],\"z\":[]}",
        "{\"x\":1,\"y\":[true,null,\"s\"],\"w\":{}}",
        "{\"x\":1,\"y\":[true,null,\"s\",1],\"z\":{}}",
        "[{\"x\":1,\"y\":[true,null,\"s\"],\"z\":{}}]",
    };
    for (size_t i = 0; i < ARRAY_SIZE(different); i++) {
        struct json *c = parse_ok(different[i]);
        assert_false(json_equal(a, c));
        assert_false(json_equal(c, a));
        assert_int_not_equal(json_hash(a, 0), json_hash(c, 0));
        json_destroy(c);
    }

    /* -0.0 equals 0.0 and hashes alike. */
    struct json *zero = json_real_create(0.0);
    struct json *neg_zero = json_real_create(-0.0);
    assert_true(json_equal(zero, neg_zero));
    assert_int_equal(json_hash(zero, 0), json_hash(neg_zero, 0));
    json_destroy(zero);
    json_destroy(neg_zero);
    assert_true(json_equal(NULL, NULL));
    assert_false(json_equal(a, NULL));

    /* Reference counting. */
    assert_false(json_is_shared(a));
    struct json *shared = json_clone(a);
    assert_ptr_equal(shared, a);
    assert_true(json_is_shared(a));
    json_destroy(shared);
    assert_false(json_is_shared(a));
    assert_null(json_clone(NULL));
    assert_null(json_deep_clone(NULL));
    json_destroy(NULL);

    /* A subtree shared by two parents survives the first parent. */
    struct json *list = json_clone(json_object_get(a, "y"));
    struct json *parent = json_array_create_1(json_clone(list));
    json_destroy(a);
    assert_int_equal(json_array(list)->n, 3);
    json_destroy(parent);
    assert_string_equal(json_string(json_array(list)->elems[2]), "s");
    json_destroy(list);

    struct json *copy = json_deep_clone(b);
    assert_true(json_equal(copy, b));
    assert_ptr_not_equal(json_object_get(copy, "y"),
                         json_object_get(b, "y"));
    json_object_put(copy, "x", json_integer_create(2));
    assert_false(json_equal(copy, b));
    assert_int_equal(json_integer(json_object_get(b, "x")), 1);
    assert_true(json_object_delete(copy, "x"));
    assert_false(json_object_delete(copy, "x"));
    json_object_put_string(copy, "name", "br0");
    json_object_put_nocopy(copy, xstrdup("name"), json_string_create("br1"));
    char *text = json_to_string(copy, JSSF_SORT);
    assert_string_equal(text, "{\"name\":\"br1\",\"y\":[true,null,\"s\"],"
                        "\"z\":{}}");
    free(text);
    json_destroy(copy);
    json_destroy(b);

    /* Constructors of arrays. */
    struct json *array = json_array_create_3(json_null_create(),
                                             json_boolean_create(true),
                                             json_integer_create(-5));
    json_array_add(array, json_string_create("x"));
    text = json_to_string(array, 0);
    assert_string_equal(text, "[null,true,-5,\"x\"]");
    free(text);
    json_destroy(array);

    assert_string_equal(json_type_to_string(JSON_REAL), "real");
    assert_string_equal(json_type_to_string(JSON_OBJECT), "object");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8259_examples),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_streaming),
        cmocka_unit_test(test_large_document),
        cmocka_unit_test(test_equal_hash_clone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/smap.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "smap.h"
#include "unit-test.h"

/* Asserts that SMAP holds exactly the N keys and values in KV, given as
 * { key0, value0, key1, value1, ... } in key order. */
static void
check_smap(const struct smap *smap, const char *const *kv, size_t n)
{
    assert_int_equal(smap_count(smap), n);
    assert_int_equal(smap_is_empty(smap), n == 0);

    const struct smap_node **nodes = smap_sort(smap);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(nodes[i]->key, kv[2 * i]);
        assert_string_equal(nodes[i]->value, kv[2 * i + 1]);
        assert_string_equal(smap_get(smap, kv[2 * i]), kv[2 * i + 1]);
    }
    free(nodes);
}

static void
test_add_get_remove(void **state)
{
    struct smap smap = SMAP_INITIALIZER(&smap);

    check_smap(&smap, NULL, 0);
    assert_null(smap_get(&smap, "a"));

    smap_add(&smap, "b", "2");
    smap_add_format(&smap, "a", "%d-%s", 1, "x");
    struct smap_node *node = smap_add_nocopy(&smap, xstrdup("c"),
                                             xstrdup(""));
    assert_string_equal(node->key, "c");
    check_smap(&smap, (const char *[]) { "a", "1-x", "b", "2", "c", "" },
               3);

    /* smap_add_once() and smap_replace(). */
    assert_false(smap_add_once(&smap, "a", "other"));
    assert_string_equal(smap_get(&smap, "a"), "1-x");
    assert_true(smap_add_once(&smap, "d", "4"));
    smap_replace(&smap, "a", "new");
    smap_replace(&smap, "e", "5");
    check_smap(&smap, (const char *[]) { "a", "new", "b", "2", "c", "",
                                         "d", "4", "e", "5" }, 5);

    /* Lookups are exact: no prefix matches. */
    assert_null(smap_get(&smap, "aa"));
    assert_null(smap_get(&smap, ""));
    assert_string_equal(smap_get_def(&smap, "zz", "dflt"), "dflt");
    assert_string_equal(smap_get_def(&smap, "b", "dflt"), "2");
    assert_ptr_equal(smap_get_node(&smap, "d")->value,
                     smap_get(&smap, "d"));

    /* Removal. */
    assert_true(smap_remove(&smap, "b"));
    assert_false(smap_remove(&smap, "b"));
    smap_remove_node(&smap, smap_get_node(&smap, "e"));
    check_smap(&smap, (const char *[]) { "a", "new", "c", "", "d", "4" },
               3);

    /* Removal while iterating. */
    SMAP_FOR_EACH_SAFE (node, &smap) {
        if (strcmp(node->key, "c")) {
            smap_remove_node(&smap, node);
        }
    }
    check_smap(&smap, (const char *[]) { "c", "" }, 1);

    smap_clear(&smap);
    check_smap(&smap, NULL, 0);
    smap_add(&smap, "again", "ok");
    check_smap(&smap, (const char *[]) { "again", "ok" }, 1);
    smap_destroy(&smap);
    smap_destroy(NULL);
}

static void
test_many_keys(void **state)
{
    struct smap smap;
    char key[32], value[32];

    smap_init(&smap);
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "key%d", i);
        snprintf(value, sizeof value, "%d", i * 7);
        smap_add(&smap, key, value);
    }
    assert_int_equal(smap_count(&smap), 1000);
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "key%d", i);
        assert_int_equal(smap_get_int(&smap, key, -1), i * 7);
    }
    for (int i = 0; i < 1000; i += 2) {
        snprintf(key, sizeof key, "key%d", i);
        assert_true(smap_remove(&smap, key));
    }
    assert_int_equal(smap_count(&smap), 500);
    assert_null(smap_get(&smap, "key0"));
    assert_int_equal(smap_get_int(&smap, "key1", -1), 7);
    smap_destroy(&smap);
}

static void
test_typed_getters(void **state)
{
    struct smap smap = SMAP_INITIALIZER(&smap);

    smap_add(&smap, "int", "-42");
    smap_add(&smap, "big", "4294967295");
    smap_add(&smap, "huge", "18446744073709551615");
    smap_add(&smap, "junk", "12abc");
    smap_add(&smap, "empty", "");
    smap_add(&smap, "t", "true");
    smap_add(&smap, "f", "false");
    smap_add(&smap, "yes", "yes");

    assert_int_equal(smap_get_int(&smap, "int", 7), -42);
    assert_int_equal(smap_get_int(&smap, "big", 7), 7);
    assert_int_equal(smap_get_int(&smap, "junk", 7), 7);
    assert_int_equal(smap_get_int(&smap, "empty", 7), 7);
    assert_int_equal(smap_get_int(&smap, "absent", 7), 7);

    assert_int_equal(smap_get_uint(&smap, "big", 7), 4294967295U);
    assert_int_equal(smap_get_uint(&smap, "int", 7), 7);
    assert_int_equal(smap_get_uint(&smap, "huge", 7), 7);
    assert_int_equal(smap_get_uint(&smap, "junk", 7), 7);

    assert_true(smap_get_ullong(&smap, "huge", 7)
                == 18446744073709551615ULL);
    assert_true(smap_get_ullong(&smap, "int", 7) == 7);
    assert_true(smap_get_ullong(&smap, "absent", 9) == 9);

    assert_true(smap_get_bool(&smap, "t", false));
    assert_false(smap_get_bool(&smap, "f", true));
    assert_true(smap_get_bool(&smap, "yes", true));
    assert_false(smap_get_bool(&smap, "yes", false));
    assert_true(smap_get_bool(&smap, "absent", true));
    smap_destroy(&smap);
}

static void
test_clone_equal_swap(void **state)
{
    struct smap a = SMAP_INITIALIZER(&a);
    struct smap b, c;

    smap_add(&a, "x", "1");
    smap_add(&a, "y", "2");
    smap_clone(&b, &a);
    assert_true(smap_equal(&a, &b));

    smap_replace(&b, "y", "3");
    assert_false(smap_equal(&a, &b));
    smap_replace(&b, "y", "2");
    assert_true(smap_equal(&a, &b));
    smap_add(&b, "z", "");
    assert_false(smap_equal(&a, &b));
    assert_false(smap_equal(&b, &a));

    smap_init(&c);
    smap_swap(&b, &c);
    assert_true(smap_is_empty(&b));
    check_smap(&c, (const char *[]) { "x", "1", "y", "2", "z", "" }, 3);

    /* The clone owns its strings. */
    smap_destroy(&a);
    check_smap(&c, (const char *[]) { "x", "1", "y", "2", "z", "" }, 3);
    smap_destroy(&b);
    smap_destroy(&c);
}

/* Parses S into a fresh map and checks it against KV. */
static void
check_parse(const char *s, const char *const *kv, size_t n)
{
    struct smap smap = SMAP_INITIALIZER(&smap);
    char *error = (char *) "not set";

    if (smap_from_string(&smap, s, &error)) {
        fail_msg("parsing \"%s\" failed: %s", s, error);
    }
    assert_null(error);
    check_smap(&smap, kv, n);

    /* Formatting and parsing again gives the same map. */
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct smap again = SMAP_INITIALIZER(&again);
    smap_format(&smap, &ds);
    assert_int_equal(smap_from_string(&again, ds_cstr(&ds), NULL), 0);
    assert_true(smap_equal(&smap, &again));

    ds_destroy(&ds);
    smap_destroy(&again);
    smap_destroy(&smap);
}

/* Checks that parsing S fails with exactly the message EXPECTED and leaves
 * a map that already holds "old=1" unchanged. */
static void
check_parse_error(const char *s, const char *expected)
{
    struct smap smap = SMAP_INITIALIZER(&smap);
    char *error = NULL;

    smap_add(&smap, "old", "1");
    assert_int_equal(smap_from_string(&smap, s, &error), EINVAL);
    if (!error || strcmp(error, expected)) {
        fail_msg("parsing \"%s\": expected error \"%s\", got \"%s\"",
                 s, expected, error ? error : "(none)");
    }
    check_smap(&smap, (const char *[]) { "old", "1" }, 1);
    free(error);

    /* A null ERRP is allowed. */
    assert_int_equal(smap_from_string(&smap, s, NULL), EINVAL);
    smap_destroy(&smap);
}

static void
test_from_string(void **state)
{
    check_parse("", NULL, 0);
    check_parse("   ", NULL, 0);
    check_parse("a=1", (const char *[]) { "a", "1" }, 1);
    check_parse(" n_rxq = 2 , mtu=9000 ",
                (const char *[]) { "mtu", "9000", "n_rxq", "2" }, 2);
    check_parse("a=", (const char *[]) { "a", "" }, 1);
    check_parse("a=,b=x", (const char *[]) { "a", "", "b", "x" }, 2);

    /* Unquoted values may hold '=' and inner spaces. */
    check_parse("dpdk-extra=--file-prefix=x --no-pci",
                (const char *[]) { "dpdk-extra",
                                   "--file-prefix=x --no-pci" }, 1);

    /* Quoted keys and values, escapes. */
    check_parse("dpdk-devargs=\"net_pcap0,rx_pcap=in.pcap\",n_rxq=2",
                (const char *[]) { "dpdk-devargs",
                                   "net_pcap0,rx_pcap=in.pcap",
                                   "n_rxq", "2" }, 2);
    check_parse("\"odd key=\"=\"say \\\"hi\\\" \\\\ bye\"",
                (const char *[]) { "odd key=", "say \"hi\" \\ bye" }, 1);
    check_parse("a=\" padded \" , b = \"\"",
                (const char *[]) { "a", " padded ", "b", "" }, 2);
}

static void
test_from_string_errors(void **state)
{
    check_parse_error("a", "missing '=' after key \"a\"");
    check_parse_error("a=1,b", "missing '=' after key \"b\"");
    check_parse_error("=1", "empty key before '='");
    check_parse_error("\"\"=1", "empty key before '='");
    check_parse_error(",a=1", "missing key before ','");
    check_parse_error("a=1,,b=2", "missing key after ','");
    check_parse_error("a=1,", "missing key after ','");
    check_parse_error("a=1,a=2", "duplicate key \"a\"");
    check_parse_error("old=2", "duplicate key \"old\"");
    check_parse_error("a=\"unterminated",
                      "unterminated quoted value starting at \"unterminated");
    check_parse_error("a=\"ends in backslash\\",
                      "unterminated quoted value starting at "
                      "\"ends in backslash\\");
    check_parse_error("a=\"x\\n\"",
                      "invalid escape \\n in quoted value (only \\\" and "
                      "\\\\ are allowed)");
    check_parse_error("a=\"x\"y", "unexpected character 'y' after quoted "
                      "value \"x\"");
    check_parse_error("a=x\"y\"",
                      "unexpected '\"' in value \"x\" (quote the whole "
                      "value)");
    check_parse_error("k\"ey=1",
                      "unexpected '\"' in key \"k\" (quote the whole key)");
}

static void
test_format(void **state)
{
    struct smap smap = SMAP_INITIALIZER(&smap);
    struct ds ds = DS_EMPTY_INITIALIZER;

    smap_format(&smap, &ds);
    assert_string_equal(ds_cstr(&ds), "");

    smap_add(&smap, "b", "x,y");
    smap_add(&smap, "a", "1");
    smap_add(&smap, "c", "");
    smap_add(&smap, "d", "q\"b\\");
    smap_add(&smap, "e", " lead");
    smap_add(&smap, "f", "k=v");
    smap_add(&smap, "g", "in ner");
    smap_format(&smap, &ds);
    assert_string_equal(ds_cstr(&ds),
                        "a=1,b=\"x,y\",c=\"\",d=\"q\\\"b\\\\\","
                        "e=\" lead\",f=\"k=v\",g=in ner");
    ds_destroy(&ds);
    smap_destroy(&smap);
}

static void
add_twice(void)
{
    struct smap smap = SMAP_INITIALIZER(&smap);

    smap_add(&smap, "dup", "1");
    smap_add(&smap, "dup", "2");
}

static void
test_add_twice_aborts(void **state)
{
    check_aborts(add_twice, "smap: key \"dup\" added twice");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_get_remove),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_typed_getters),
        cmocka_unit_test(test_clone_equal_swap),
        cmocka_unit_test(test_from_string),
        cmocka_unit_test(test_from_string_errors),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_add_twice_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

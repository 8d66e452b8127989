/* Unit tests for lib/util.c, lib/dynamic-string.c and lib/timeval.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include "dynamic-string.h"
#include "timeval.h"
#include "util.h"

static void
test_xasprintf(void **state)
{
    char *s = xasprintf("%s-%d", "br", 42);
    assert_string_equal(s, "br-42");
    free(s);
    s = xmemdup0("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
}

static void
test_str_to(void **state)
{
    int i;
    unsigned int u;
    unsigned long long ull;
    double d;

    assert_true(str_to_int("-12", 10, &i));
    assert_int_equal(i, -12);
    assert_false(str_to_int("12x", 10, &i));
    assert_false(str_to_int("99999999999", 10, &i));
    assert_true(str_to_uint("0x1f", 16, &u));
    assert_int_equal(u, 31);
    assert_false(str_to_uint("-1", 10, &u));
    assert_true(str_to_ullong("18446744073709551615", 10, &ull));
    assert_true(ull == UINT64_MAX);
    assert_false(str_to_ullong("18446744073709551616", 10, &ull));
    assert_true(str_to_double("1.5", &d));
    assert_true(d == 1.5);
    assert_false(str_to_double("", &d));
}

static void
test_names(void **state)
{
    char *s;
    s = base_name("/var/run/sluice/db.sock");
    assert_string_equal(s, "db.sock");
    free(s);
    s = dir_name("/var/run/sluice/db.sock");
    assert_string_equal(s, "/var/run/sluice");
    free(s);
    s = dir_name("db.sock");
    assert_string_equal(s, ".");
    free(s);
    s = base_name("/");
    assert_string_equal(s, "/");
    free(s);
    s = abs_file_name("/run", "x.pid");
    assert_string_equal(s, "/run/x.pid");
    free(s);
}

static void
test_bits(void **state)
{
    assert_int_equal(count_1bits(0xf0f0), 8);
    assert_int_equal(rightmost_1bit_idx(0x80), 7);
    assert_int_equal(rightmost_1bit_idx(0), 64);
    assert_int_equal(leftmost_1bit_idx(1ULL << 63), 63);
    assert_true(is_all_zeros("\0\0\0", 3));
    assert_false(is_all_ones("\xff\xfe", 2));
    assert_int_equal(ROUND_UP(13, 8), 16);
    assert_int_equal(DIV_ROUND_UP(17, 8), 3);
}

static void
test_strerror(void **state)
{
    assert_string_equal(sluice_strerror(0), "Success");
    assert_string_equal(sluice_strerror(EOF), "End of file");
    assert_string_equal(sluice_strerror(ENOENT), "No such file or directory");
}

static void
test_ds(void **state)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    assert_string_equal(ds_cstr(&ds), "");
    for (int i = 0; i < 1000; i++) {
        ds_put_format(&ds, "%d,", i);
    }
    assert_int_equal(ds.length, strlen(ds_cstr(&ds)));
    assert_true(ds_chomp(&ds, ','));
    assert_int_equal(ds_last(&ds), '9');
    ds_clear(&ds);
    ds_put_utf8(&ds, 0x20ac);
    assert_string_equal(ds_cstr(&ds), "\xe2\x82\xac");
    ds_clear(&ds);
    ds_put_hex(&ds, "\x01\xab", 2);
    assert_string_equal(ds_cstr(&ds), "01ab");
    ds_clear(&ds);
    ds_put_char_multiple(&ds, 'x', 3);
    ds_truncate(&ds, 2);
    assert_string_equal(ds_cstr(&ds), "xx");
    ds_clear(&ds);
    ds_put_hex_dump(&ds, "ABCDEFGHIJKLMNOPQ", 17, 0, true);
    assert_string_equal(ds_cstr(&ds),
        "00000000  41 42 43 44 45 46 47 48-49 4a 4b 4c 4d 4e 4f 50 "
        "|ABCDEFGHIJKLMNOP|\n"
        "00000010  51                                              "
        "|Q               |\n");
    char *s = ds_steal_cstr(&ds);
    assert_null(ds.string);
    free(s);
    ds_destroy(&ds);
}

static void
test_time(void **state)
{
    long long a = time_msec();
    xnanosleep(2 * 1000 * 1000);
    long long b = time_msec();
    assert_true(b >= a + 2);
    assert_true(time_wall_msec() > 1600000000000LL);
    char *s = xastrftime_msec("%Y-%m-%dT%H:%M:%S%.###Z", 1234567890123LL, 1);
    assert_string_equal(s, "2009-02-13T23:31:30.123Z");
    free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xasprintf),
        cmocka_unit_test(test_str_to),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_bits),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_ds),
        cmocka_unit_test(test_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

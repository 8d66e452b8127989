/* Unit tests for lib/uuid.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"
#include "uuid.h"

static int
compare_uuids(const void *a, const void *b)
{
    return uuid_compare(a, b);
}

static int
compare_u32(const void *a_, const void *b_)
{
    uint32_t a = *(const uint32_t *) a_;
    uint32_t b = *(const uint32_t *) b_;
    return a < b ? -1 : a > b;
}

static void
test_generate(void **state)
{
    enum { N = 1000 };
    struct uuid *uuids = xmalloc(N * sizeof *uuids);
    uint32_t *hashes = xmalloc(N * sizeof *hashes);

    for (size_t i = 0; i < N; i++) {
        char s[UUID_STRING_SIZE];

        uuid_generate(&uuids[i]);
        assert_false(uuid_is_zero(&uuids[i]));
        uuid_to_string(&uuids[i], s);

        /* Version 4 and variant 10xx in the text form. */
        assert_int_equal(s[14], '4');
        assert_non_null(strchr("89ab", s[19]));
        assert_int_equal(uuids[i].parts[1] & 0xf000, 0x4000);
        assert_int_equal(uuids[i].parts[2] >> 30, 2);
        hashes[i] = uuid_hash(&uuids[i]);
    }

    /* No two are equal. */
    qsort(uuids, N, sizeof *uuids, compare_uuids);
    for (size_t i = 1; i < N; i++) {
        assert_false(uuid_equals(&uuids[i - 1], &uuids[i]));
        assert_true(uuid_compare(&uuids[i - 1], &uuids[i]) < 0);
    }

    /* Hashes spread: with 32-bit hashes of 1000 random uuids, more than a
     * couple of collisions means the hash ignores most of the bits. */
    qsort(hashes, N, sizeof *hashes, compare_u32);
    size_t n_distinct = 1;
    for (size_t i = 1; i < N; i++) {
        n_distinct += hashes[i] != hashes[i - 1];
    }
    assert_true(n_distinct >= N - 2);

    free(uuids);
    free(hashes);
}

static void
test_zero(void **state)
{
    struct uuid uuid;
    char s[UUID_STRING_SIZE];

    uuid_generate(&uuid);
    assert_false(uuid_is_zero(&uuid));
    uuid_zero(&uuid);
    assert_true(uuid_is_zero(&uuid));
    assert_string_equal(uuid_to_string(&uuid, s),
                        "00000000-0000-0000-0000-000000000000");

    uuid.parts[3] = 1;
    assert_false(uuid_is_zero(&uuid));
}

static void
test_to_string(void **state)
{
    struct uuid uuid = { { 0x550e8400, 0xe29b41d4, 0xa7164466, 0x55440000 } };
    char s[UUID_STRING_SIZE];
    char buf[64];

    assert_ptr_equal(uuid_to_string(&uuid, s), s);
    assert_string_equal(s, "550e8400-e29b-41d4-a716-446655440000");
    assert_int_equal(strlen(s), UUID_STRING_LEN);

    snprintf(buf, sizeof buf, "<" UUID_FMT ">", UUID_ARGS(&uuid));
    assert_string_equal(buf, "<550e8400-e29b-41d4-a716-446655440000>");

    struct uuid ones = { { 0xffffffff, 0xffffffff, 0xffffffff,
                           0xffffffff } };
    assert_string_equal(uuid_to_string(&ones, s),
                        "ffffffff-ffff-ffff-ffff-ffffffffffff");

    struct uuid small = { { 1, 2, 3, 4 } };
    assert_string_equal(uuid_to_string(&small, s),
                        "00000001-0000-0002-0000-000300000004");
}

static void
test_from_string(void **state)
{
    struct uuid uuid;
    struct uuid expected = { { 0x550e8400, 0xe29b41d4, 0xa7164466,
                               0x55440000 } };

    assert_true(uuid_from_string(&uuid,
                                 "550e8400-e29b-41d4-a716-446655440000"));
    assert_true(uuid_equals(&uuid, &expected));

    /* Either case. */
    struct uuid mixed = { { 0xabcdef01, 0x2345abcd, 0xef012345,
                            0xabcdef01 } };
    assert_true(uuid_from_string(&uuid,
                                 "ABCDEF01-2345-ABCD-ef01-2345AbCdEf01"));
    assert_true(uuid_equals(&uuid, &mixed));

    /* Round trip of random uuids. */
    for (int i = 0; i < 100; i++) {
        struct uuid a, b;
        char s[UUID_STRING_SIZE];

        uuid_generate(&a);
        assert_true(uuid_from_string(&b, uuid_to_string(&a, s)));
        assert_true(uuid_equals(&a, &b));
    }

    static const char *const bad[] = {
        "",
        "550e8400",
        "550e8400-e29b-41d4-a716-44665544000",      /* One digit short. */
        "550e8400-e29b-41d4-a716-4466554400000",    /* One digit long. */
        "550e8400e29b-41d4-a716-446655440000-",     /* Dash moved. */
        "550e8400-e29b-41d4-a716_446655440000",     /* Not a dash. */
        "550e8400-e29b-41d4-a716-44665544000g",     /* Not hex. */
        "{550e8400-e29b-41d4-a716-446655440000}",
        " 550e8400-e29b-41d4-a716-446655440000",
        "550e8400-e29b-41d4-a716-446655440000 ",
        "550e840-0e29b-41d4-a716-446655440000",
        "550e8400-e29b-41d4-a716-4466-55440000",
        "550e8400-+29b-41d4-a716-446655440000",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        uuid = expected;
        if (uuid_from_string(&uuid, bad[i])) {
            fail_msg("\"%s\" was accepted as a UUID", bad[i]);
        }
        assert_true(uuid_is_zero(&uuid));
    }
}

static void
test_compare(void **state)
{
    struct uuid a = { { 1, 0, 0, 0 } };
    struct uuid b = { { 0, 0xffffffff, 0xffffffff, 0xffffffff } };
    struct uuid c = { { 1, 0, 0, 1 } };
    struct uuid a2 = a;

    assert_true(uuid_compare(&b, &a) < 0);
    assert_true(uuid_compare(&a, &b) > 0);
    assert_true(uuid_compare(&a, &c) < 0);
    assert_int_equal(uuid_compare(&a, &a2), 0);
    assert_true(uuid_equals(&a, &a2));
    assert_false(uuid_equals(&a, &c));
    assert_int_equal(uuid_hash(&a), uuid_hash(&a2));

    /* The order is that of the text forms. */
    for (int i = 0; i < 200; i++) {
        struct uuid x, y;
        char sx[UUID_STRING_SIZE], sy[UUID_STRING_SIZE];

        uuid_generate(&x);
        uuid_generate(&y);
        /* Make some pairs share a prefix, to exercise later parts. */
        if (i % 2) {
            y.parts[0] = x.parts[0];
            y.parts[1] = x.parts[1];
        }
        int cmp = uuid_compare(&x, &y);
        int scmp = strcmp(uuid_to_string(&x, sx), uuid_to_string(&y, sy));
        assert_int_equal(cmp < 0, scmp < 0);
        assert_int_equal(cmp > 0, scmp > 0);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate),
        cmocka_unit_test(test_zero),
        cmocka_unit_test(test_to_string),
        cmocka_unit_test(test_from_string),
        cmocka_unit_test(test_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

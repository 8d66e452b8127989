/* Tests for lib/coverage: counters register themselves and count. */

#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "coverage.h"
#include "util.h"

COVERAGE_DEFINE(test_event_a);
COVERAGE_DEFINE(test_event_b);

static void
test_counts(void **state SLUICE_UNUSED)
{
    assert_int_equal(coverage_get_total("test_event_a"), 0);
    COVERAGE_INC(test_event_a);
    COVERAGE_INC(test_event_a);
    COVERAGE_ADD(test_event_b, 40);
    COVERAGE_INC(test_event_b);
    assert_int_equal(coverage_get_total("test_event_a"), 2);
    assert_int_equal(coverage_get_total("test_event_b"), 41);
    assert_true(coverage_get_total("no_such_event") == UINT64_MAX);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

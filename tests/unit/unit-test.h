/*
 * unit-test: helpers shared by the cmocka unit tests.  Include after
 * <cmocka.h>.
 */
#ifndef SLUICE_UNIT_TEST_H
#define SLUICE_UNIT_TEST_H 1

/* Runs FUNCTION in a child process and asserts that it aborts (SIGABRT)
 * with a message on stderr that contains every string in EXPECTED, a list
 * terminated by NULL.  For checks that a misuse is caught rather than
 * corrupting memory. */
void check_aborts_all(void (*function)(void), const char *const *expected);

/* Like check_aborts_all() with the single string EXPECTED ("" accepts any
 * message). */
static inline void
check_aborts(void (*function)(void), const char *expected)
{
    check_aborts_all(function, (const char *const[]) { expected, NULL });
}

#endif /* unit-test.h */

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

struct rte_mempool;

/* Starts DPDK's EAL for the unit test NAME (no hugepages, no PCI, its own
 * file prefix) and creates a packet pool of N_MBUFS buffers with DATA_ROOM
 * bytes each in *POOLP.  Returns 0, or -1 after printing why, as a cmocka
 * group setup does.  Only one per process: the EAL starts once. */
int unit_test_eal_setup(const char *name, unsigned int n_mbufs,
                        unsigned int data_room, struct rte_mempool **poolp);

/* Frees POOL and stops the EAL. */
void unit_test_eal_teardown(struct rte_mempool *pool);

#endif /* unit-test.h */

/*
 * coverage: event counters for the slow path, as Open vSwitch's coverage
 * counters: cheap counts of things that happen (a flow_mod handled, an
 * upcall translated, a bundle committed) that an operator reads with
 * "sluice-appctl coverage/show" to see what a daemon has been doing,
 * instead of logging each event.
 *
 * Use: COVERAGE_DEFINE(name) once at file scope in the .c file that owns
 * the event (the name must be a C identifier, unique in the program), and
 * COVERAGE_INC(name) or COVERAGE_ADD(name, n) where it happens.  Counters
 * register themselves before main() runs.  They are relaxed atomics, for
 * events of the slow path: do not count per packet on the fast path
 * (PMD threads count in their own statistics instead).
 *
 * coverage_run(), called from a daemon's main loop, samples every counter
 * every 5 seconds and keeps an hour of samples, from which coverage/show
 * prints each counter's average rate over the last 5 seconds, minute and
 * hour, and its total, as Open vSwitch does:
 *
 *   Event coverage, avg rate over last: 5 seconds, last minute, last hour:
 *   ofproto_flow_mod          12.4/sec     1.033/sec        0.0172/sec   total: 62
 *   ...
 *   12 events never hit
 *
 * Thread safety: COVERAGE_INC/ADD from any thread; coverage_run() and the
 * unixctl command from the main thread only.
 */
#ifndef SLUICE_COVERAGE_H
#define SLUICE_COVERAGE_H 1

#include <stdint.h>
#include "atomic.h"

struct coverage_counter {
    const char *name;
    _Atomic uint64_t total;
    struct coverage_counter *next;  /* In the registry. */
    uint64_t *samples;              /* Totals at the last samples (a ring,
                                     * main thread). */
};

/* Adds COUNTER to the registry (COVERAGE_DEFINE does it). */
void coverage_counter_register(struct coverage_counter *counter);

#define COVERAGE_DEFINE(NAME)                                           \
    static struct coverage_counter coverage_##NAME = { .name = #NAME }; \
    static void coverage_register_##NAME(void)                          \
        __attribute__((constructor));                                   \
    static void coverage_register_##NAME(void)                          \
    {                                                                   \
        coverage_counter_register(&coverage_##NAME);                    \
    }

#define COVERAGE_ADD(NAME, N) \
    atomic_add_relaxed(&coverage_##NAME.total, (N))
#define COVERAGE_INC(NAME) COVERAGE_ADD(NAME, 1)

/* Returns NAME's total so far, or UINT64_MAX if no counter has that
 * name. */
uint64_t coverage_get_total(const char *name);

/* Samples the counters if 5 seconds have passed since the last sample. */
void coverage_run(void);

/* Makes the next poll_block() wake for the next sample. */
void coverage_wait(void);

/* Registers "coverage/show". */
void coverage_register_unixctl_commands(void);

#endif /* coverage.h */

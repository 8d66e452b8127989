/* coverage: event counters.  See coverage.h. */

#include <config.h>
#include "coverage.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "poll-loop.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

/* One sample every SAMPLE_MSEC, an hour of them. */
#define SAMPLE_MSEC 5000
#define N_SAMPLES (3600 * 1000 / SAMPLE_MSEC)

static struct coverage_counter *counters;   /* The registry. */
static size_t n_counters;
static unsigned int n_taken;                /* Samples taken so far. */
static long long int next_sample;

void
coverage_counter_register(struct coverage_counter *counter)
{
    counter->next = counters;
    counters = counter;
    n_counters++;
}

uint64_t
coverage_get_total(const char *name)
{
    for (struct coverage_counter *c = counters; c; c = c->next) {
        if (!strcmp(c->name, name)) {
            return atomic_read_relaxed(&c->total);
        }
    }
    return UINT64_MAX;
}

void
coverage_run(void)
{
    long long int now = time_msec();
    if (!next_sample) {
        next_sample = now + SAMPLE_MSEC;
        return;
    }
    if (now < next_sample) {
        return;
    }
    next_sample = now + SAMPLE_MSEC;
    for (struct coverage_counter *c = counters; c; c = c->next) {
        if (!c->samples) {
            c->samples = xcalloc(N_SAMPLES, sizeof *c->samples);
        }
        c->samples[n_taken % N_SAMPLES] = atomic_read_relaxed(&c->total);
    }
    n_taken++;
}

void
coverage_wait(void)
{
    if (next_sample) {
        poll_timer_wait_until(next_sample);
    }
}

/* Returns C's average rate per second over the last N samples (as many as
 * were taken, if fewer), or 0 before the first sample. */
static double
rate(const struct coverage_counter *c, unsigned int n)
{
    if (!n_taken || !c->samples) {
        return 0.0;
    }
    unsigned int last = (n_taken - 1) % N_SAMPLES;
    uint64_t newest = c->samples[last];
    uint64_t oldest = 0;
    if (n_taken > n) {
        oldest = c->samples[(n_taken - 1 - n) % N_SAMPLES];
    } else {
        n = n_taken;
    }
    return (double) (newest - oldest) / (n * (SAMPLE_MSEC / 1000.0));
}

static int
compare_names(const void *a_, const void *b_)
{
    const struct coverage_counter *const *a = a_;
    const struct coverage_counter *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

static void
coverage_show(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
              const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    struct coverage_counter **sorted = xmalloc((n_counters + 1)
                                               * sizeof *sorted);
    struct ds ds = DS_EMPTY_INITIALIZER;
    size_t n = 0, n_never = 0;

    for (struct coverage_counter *c = counters; c; c = c->next) {
        sorted[n++] = c;
    }
    qsort(sorted, n, sizeof *sorted, compare_names);
    ds_put_cstr(&ds, "Event coverage, avg rate over last: 5 seconds, "
                "last minute, last hour:\n");
    for (size_t i = 0; i < n; i++) {
        const struct coverage_counter *c = sorted[i];
        uint64_t total = atomic_read_relaxed(&((struct coverage_counter *)
                                               c)->total);
        if (!total) {
            n_never++;
            continue;
        }
        ds_put_format(&ds, "%-24s %5.1f/sec %9.3f/sec %13.4f/sec   "
                      "total: %"PRIu64"\n", c->name, rate(c, 1),
                      rate(c, 60 * 1000 / SAMPLE_MSEC),
                      rate(c, N_SAMPLES), total);
    }
    ds_put_format(&ds, "%zu events never hit\n", n_never);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
    free(sorted);
}

void
coverage_register_unixctl_commands(void)
{
    unixctl_command_register("coverage/show", "", 0, 0, coverage_show, NULL);
}

/*
 * latch: a flag one thread sets and another thread's poll loop wakes on.
 *
 * Built on an eventfd.  latch_set() may be called from any thread (and from
 * a signal handler); latch_poll() and latch_wait() belong to the thread
 * that owns the latch.
 */
#ifndef SLUICE_LATCH_H
#define SLUICE_LATCH_H 1

#include <stdbool.h>

struct latch {
    int fd;
};

void latch_init(struct latch *);
void latch_destroy(struct latch *);
/* Returns true if the latch was set, and clears it. */
bool latch_poll(struct latch *);
void latch_set(struct latch *);
/* Returns true if set, without clearing. */
bool latch_is_set(const struct latch *);
/* Makes the next poll_block() wake if the latch is set. */
void latch_wait_at(const struct latch *, const char *where);
#define latch_wait(LATCH) latch_wait_at(LATCH, __func__)

#endif /* latch.h */

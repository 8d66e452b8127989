/*
 * poll-loop: the event loop every slow-path thread runs.
 *
 * A thread's main loop calls each module's run() function, then each
 * module's wait() function, then poll_block().  wait() functions register
 * what should end the sleep: a file descriptor becoming readable or
 * writable (poll_fd_wait), a deadline (poll_timer_wait*), or "right away"
 * (poll_immediate_wake).  poll_block() sleeps in poll(2) until one of them
 * happens, then forgets all registrations, so every iteration registers
 * afresh.  No callbacks: after waking, the run() functions look for work.
 *
 * State is per thread: each thread has its own independent loop.  To wake
 * another thread's loop, use a latch (latch.h).  PMD threads never use this
 * module.
 */
#ifndef SLUICE_POLL_LOOP_H
#define SLUICE_POLL_LOOP_H 1

#include <poll.h>
#include <stdbool.h>

/* Wakes the next poll_block() when FD has any of EVENTS (POLLIN, POLLOUT).
 * WHERE names the caller for debugging. */
void poll_fd_wait_at(int fd, short events, const char *where);
#define poll_fd_wait(FD, EVENTS) poll_fd_wait_at(FD, EVENTS, __func__)

/* Wakes the next poll_block() after MSEC milliseconds (<= 0: immediately). */
void poll_timer_wait_at(long long msec, const char *where);
#define poll_timer_wait(MSEC) poll_timer_wait_at(MSEC, __func__)

/* Wakes the next poll_block() at monotonic time WHEN (ms, see time_msec()).
 * LLONG_MAX means never. */
void poll_timer_wait_until_at(long long when, const char *where);
#define poll_timer_wait_until(WHEN) poll_timer_wait_until_at(WHEN, __func__)

/* Makes the next poll_block() return at once. */
void poll_immediate_wake_at(const char *where);
#define poll_immediate_wake() poll_immediate_wake_at(__func__)

/* Sleeps until one of the registered events happens, then clears all of
 * them.  With nothing registered it sleeps until a signal arrives. */
void poll_block(void);

/* Makes this thread's poll_block(), when its previous call returned for
 * an fd, look at the fds again without sleeping for up to USEC
 * microseconds (yielding the CPU between looks) before it sleeps: a
 * thread that answers requests then often has the client's next request
 * before it sleeps, and the request costs no wake-up.  0 (the default)
 * turns this off. */
void poll_set_spin(unsigned int usec);

/* Returns the caller names of the registrations that woke the last
 * poll_block() of this thread, for diagnostics ("" if none). */
const char *poll_last_wakeup(void);

#endif /* poll-loop.h */

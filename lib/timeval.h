/*
 * timeval: monotonic and wall-clock time.
 *
 * time_msec()/time_usec()/time_nsec() read CLOCK_MONOTONIC: use them for
 * timeouts and intervals; they never go backward.  time_wall_*() read
 * CLOCK_REALTIME: use them only for timestamps shown to people or written
 * to protocols.  Thread-safe; no locks; each call is one vDSO read.
 */
#ifndef SLUICE_TIMEVAL_H
#define SLUICE_TIMEVAL_H 1

#include <stdint.h>
#include <time.h>

long long time_msec(void);
long long time_usec(void);
long long time_nsec(void);
time_t time_now(void);          /* Monotonic seconds. */
long long time_wall_msec(void);
long long time_wall_usec(void);
time_t time_wall(void);

/* Sleeps at least NANOSECONDS, resuming after signals. */
void xnanosleep(uint64_t nanoseconds);
/* Sleeps at least SECONDS. */
void xsleep(unsigned int seconds);

/* Formats wall-clock time WHEN_MS (ms since the epoch) per strftime FORMAT,
 * with "%.###" extended to milliseconds, in UTC if UTC.  Returns a new
 * string. */
char *xastrftime_msec(const char *format, long long when_ms, int utc);

#endif /* timeval.h */

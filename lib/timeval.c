/* timeval: clocks.  See timeval.h. */
#include <config.h>
#include "timeval.h"

#include <errno.h>
#include <string.h>
#include "dynamic-string.h"
#include "util.h"

static void
read_clock(clockid_t id, struct timespec *ts)
{
    if (clock_gettime(id, ts)) {
        sluice_abort("clock_gettime failed (%s)", sluice_strerror(errno));
    }
}

long long
time_nsec(void)
{
    struct timespec ts;
    read_clock(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long
time_usec(void)
{
    return time_nsec() / 1000;
}

long long
time_msec(void)
{
    return time_nsec() / 1000000;
}

time_t
time_now(void)
{
    struct timespec ts;
    read_clock(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

long long
time_wall_usec(void)
{
    struct timespec ts;
    read_clock(CLOCK_REALTIME, &ts);
    return (long long) ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

long long
time_wall_msec(void)
{
    return time_wall_usec() / 1000;
}

time_t
time_wall(void)
{
    struct timespec ts;
    read_clock(CLOCK_REALTIME, &ts);
    return ts.tv_sec;
}

void
xnanosleep(uint64_t nanoseconds)
{
    struct timespec ts = {
        .tv_sec = nanoseconds / 1000000000,
        .tv_nsec = nanoseconds % 1000000000,
    };
    while (nanosleep(&ts, &ts) && errno == EINTR) {
        continue;
    }
}

void
xsleep(unsigned int seconds)
{
    xnanosleep((uint64_t) seconds * 1000000000);
}

char *
xastrftime_msec(const char *format, long long when_ms, int utc)
{
    time_t secs = when_ms / 1000;
    struct tm tm;
    if (utc) {
        gmtime_r(&secs, &tm);
    } else {
        localtime_r(&secs, &tm);
    }

    /* Expand "%.###" (or any number of #) to the milliseconds first. */
    struct ds fmt = DS_EMPTY_INITIALIZER;
    for (const char *p = format; *p; p++) {
        if (p[0] == '%' && p[1] == '.' && p[2] == '#') {
            int n = 0;
            p += 2;
            while (*p == '#') {
                n++;
                p++;
            }
            char digits[16];
            snprintf(digits, sizeof digits, "%03lld", when_ms % 1000);
            ds_put_char(&fmt, '.');
            ds_put_buffer(&fmt, digits, MIN((size_t) n, strlen(digits)));
            p--;
        } else {
            ds_put_char(&fmt, *p);
        }
    }

    char buf[256];
    size_t n = strftime(buf, sizeof buf, ds_cstr(&fmt), &tm);
    ds_destroy(&fmt);
    return xmemdup0(buf, n);
}

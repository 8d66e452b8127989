/* backtrace: stack traces with libunwind.  See backtrace.h. */
#include <config.h>
#include "backtrace.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "atomic.h"
#include "dynamic-string.h"
#include "thread.h"
#include "util.h"

void
backtrace_capture(struct backtrace *bt)
{
    unw_context_t context;
    unw_cursor_t cursor;

    bt->n_frames = 0;
    if (unw_getcontext(&context) || unw_init_local(&cursor, &context)) {
        return;
    }
    while (bt->n_frames < BACKTRACE_MAX_FRAMES && unw_step(&cursor) > 0) {
        struct backtrace_frame *f = &bt->frames[bt->n_frames++];
        unw_word_t ip = 0, offset = 0;
        unw_get_reg(&cursor, UNW_REG_IP, &ip);
        f->ip = ip;
        if (unw_get_proc_name(&cursor, f->name, sizeof f->name, &offset)) {
            f->name[0] = '\0';
            offset = 0;
        }
        f->offset = offset;
    }
}

/* Cross-thread capture: the requester stores the target buffer, signals
 * the thread and waits for 'capture_done'. */
static struct mutex capture_mutex = MUTEX_INITIALIZER;
static struct backtrace *_Atomic capture_target;
static _Atomic bool capture_done;

static void
capture_signal_handler(int sig SLUICE_UNUSED)
{
    int saved_errno = errno;
    struct backtrace *bt = atomic_exchange(&capture_target, NULL);
    if (bt) {
        backtrace_capture(bt);
        atomic_store_explicit(&capture_done, true, memory_order_release);
    }
    errno = saved_errno;
}

bool
backtrace_capture_thread(pthread_t thread, struct backtrace *bt,
                         long long int timeout_ms)
{
    static bool installed;
    bool ok = false;

    bt->n_frames = 0;
    mutex_lock(&capture_mutex);
    if (!installed) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = capture_signal_handler;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGURG, &sa, NULL)) {
            goto out;
        }
        installed = true;
    }

    atomic_store(&capture_done, false);
    atomic_store(&capture_target, bt);
    if (pthread_kill(thread, SIGURG)) {
        atomic_store(&capture_target, NULL);
        goto out;
    }
    for (long long int waited = 0; waited < timeout_ms; waited++) {
        if (atomic_load_explicit(&capture_done, memory_order_acquire)) {
            ok = true;
            goto out;
        }
        struct timespec ms = { 0, 1000 * 1000 };
        nanosleep(&ms, NULL);
    }
    /* Too late: withdraw the buffer, unless the handler already took it,
     * in which case it is finishing and will be done soon. */
    if (!atomic_exchange(&capture_target, NULL)) {
        while (!atomic_load_explicit(&capture_done, memory_order_acquire)) {
            struct timespec ms = { 0, 1000 * 1000 };
            nanosleep(&ms, NULL);
        }
        ok = true;
    }

out:
    mutex_unlock(&capture_mutex);
    if (!ok) {
        bt->n_frames = 0;
    }
    return ok;
}

void
backtrace_format(struct ds *s, const struct backtrace *bt, const char *prefix)
{
    for (size_t i = 0; i < bt->n_frames; i++) {
        const struct backtrace_frame *f = &bt->frames[i];
        ds_put_format(s, "%s#%zu 0x%016"PRIxPTR" %s+0x%"PRIxPTR"\n",
                      prefix, i, f->ip, f->name[0] ? f->name : "??",
                      f->offset);
    }
}

/* Async-signal-safe formatting helpers: no stdio, no malloc. */
static char *
put_str(char *p, char *end, const char *s)
{
    while (*s && p < end) {
        *p++ = *s++;
    }
    return p;
}

static char *
put_hex(char *p, char *end, uintptr_t x, int min_digits)
{
    char digits[2 * sizeof x];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[x & 15];
        x >>= 4;
    } while (x);
    while (n < min_digits && n < (int) sizeof digits) {
        digits[n++] = '0';
    }
    p = put_str(p, end, "0x");
    while (n > 0 && p < end) {
        *p++ = digits[--n];
    }
    return p;
}

static char *
put_dec(char *p, char *end, size_t x)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = '0' + x % 10;
        x /= 10;
    } while (x);
    while (n > 0 && p < end) {
        *p++ = digits[--n];
    }
    return p;
}

void
backtrace_write(void (*writer)(const char *line, size_t length))
{
    unw_context_t context;
    unw_cursor_t cursor;

    if (unw_getcontext(&context) || unw_init_local(&cursor, &context)) {
        return;
    }
    for (size_t i = 0; i < BACKTRACE_MAX_FRAMES && unw_step(&cursor) > 0;
         i++) {
        char name[128];
        unw_word_t ip = 0, offset = 0;
        unw_get_reg(&cursor, UNW_REG_IP, &ip);
        if (unw_get_proc_name(&cursor, name, sizeof name, &offset)) {
            strcpy(name, "??");
            offset = 0;
        }

        char line[256];
        char *end = line + sizeof line - 1;
        char *p = put_str(line, end, "#");
        p = put_dec(p, end, i);
        p = put_str(p, end, " ");
        p = put_hex(p, end, ip, 16);
        p = put_str(p, end, " ");
        p = put_str(p, end, name);
        p = put_str(p, end, "+");
        p = put_hex(p, end, offset, 1);
        *p++ = '\n';
        writer(line, p - line);
    }
}

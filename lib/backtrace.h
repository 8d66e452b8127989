/*
 * backtrace: symbolized stack traces through libunwind.
 *
 * backtrace_write() walks the calling thread's stack and hands one line per
 * frame, "#N 0xADDRESS FUNCTION+0xOFFSET", to a writer function, using
 * only async-signal-safe calls (no malloc, no stdio), so the fatal-signal
 * handler can call it.  backtrace_capture() records the frames for later
 * formatting with backtrace_format(); backtrace_capture_thread() does the
 * same for another thread, to show where a stalled thread is stuck.
 */
#ifndef SLUICE_BACKTRACE_H
#define SLUICE_BACKTRACE_H 1

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BACKTRACE_MAX_FRAMES 64
#define BACKTRACE_NAME_SIZE 64

struct backtrace_frame {
    uintptr_t ip;
    uintptr_t offset;
    char name[BACKTRACE_NAME_SIZE];     /* "" if unknown. */
};

struct backtrace {
    size_t n_frames;
    struct backtrace_frame frames[BACKTRACE_MAX_FRAMES];
};

struct ds;

/* Records the calling thread's stack in BT. */
void backtrace_capture(struct backtrace *bt);
/* Appends BT to S, one frame a line, each prefixed by PREFIX. */
void backtrace_format(struct ds *s, const struct backtrace *bt,
                      const char *prefix);
/* Records the stack of THREAD, another running thread of this process, in
 * BT: interrupts THREAD with SIGURG (whose handler this installs on first
 * use) and waits up to TIMEOUT_MS for its handler to capture its own
 * stack.  The top frames are then the handler's and the signal
 * trampoline's, followed by wherever THREAD was.  Returns false, with BT
 * empty, if THREAD did not answer in time (it blocks SIGURG, or is stopped).
 * For diagnosing stalls: one capture runs at a time; it is not meant for
 * any per-packet or periodic use. */
bool backtrace_capture_thread(pthread_t thread, struct backtrace *bt,
                              long long int timeout_ms);

/* Passes the calling thread's stack, one line at a time, to WRITER
 * (async-signal-safe if WRITER is). */
void backtrace_write(void (*writer)(const char *line, size_t length));

#endif /* backtrace.h */

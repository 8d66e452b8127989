/*
 * fatal-signal: orderly exit on termination signals, backtraces on crashes.
 *
 * fatal_signal_init() (called by daemons from main) installs handlers:
 *
 *   - SIGTERM, SIGINT, SIGHUP, SIGALRM: the handler only records the signal
 *     and wakes the poll loop; fatal_signal_run(), called from the main
 *     loop, runs the registered hooks (unlinking pidfiles and sockets,
 *     for example) and then re-raises the signal with its default action,
 *     so the exit status tells which signal ended the process.
 *
 *   - SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT: the handler writes
 *     "SIGNAME detected, backtrace:" and a symbolized backtrace (libunwind)
 *     to stderr and the log file, on an alternate stack so that stack
 *     overflows are reported too, runs the hooks marked run_at_crash, and
 *     re-raises the signal (core dump as configured).
 *
 * Hooks run at most once, in the main thread or in the crashing thread.
 * fatal_signal_add_hook() and _add_file_to_unlink() are for the main thread.
 */
#ifndef SLUICE_FATAL_SIGNAL_H
#define SLUICE_FATAL_SIGNAL_H 1

#include <stdbool.h>

void fatal_signal_init(void);
/* Registers HOOK(AUX) to run on a fatal signal (and at exit() if
 * RUN_AT_EXIT).  CANCEL(AUX), if nonnull, is called instead when the
 * process forks and the hook belongs to the parent. */
void fatal_signal_add_hook(void (*hook)(void *aux), void (*cancel)(void *aux),
                           void *aux, bool run_at_exit);
/* Unlinks FILE on exit or fatal signal, until fatal_signal_remove_file. */
void fatal_signal_add_file_to_unlink(const char *file);
void fatal_signal_remove_file_to_unlink(const char *file);
/* Unlinks FILE now and stops tracking it. Returns 0 or errno. */
int fatal_signal_unlink_file_now(const char *file);
/* Runs hooks and dies if a termination signal arrived. */
void fatal_signal_run(void);
/* Makes poll_block() wake when a termination signal arrives. */
void fatal_signal_wait(void);
/* Forgets the hooks after fork() in the child (runs their cancel). */
void fatal_signal_fork(void);
/* Blocks the termination signals in the calling thread, for helper threads
 * so that the main thread receives them. */
void fatal_signal_block(void);

#endif /* fatal-signal.h */

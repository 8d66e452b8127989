/* fatal-signal: signal handling.  See fatal-signal.h. */
#include <config.h>
#include "fatal-signal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "backtrace.h"
#include "latch.h"
#include "poll-loop.h"
#include "shash.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(fatal_signal);

static const int term_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM };
static const int crash_signals[] = {
    SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
};

struct hook {
    void (*hook)(void *aux);
    void (*cancel)(void *aux);
    void *aux;
    bool run_at_exit;
};

#define MAX_HOOKS 32
static struct hook hooks[MAX_HOOKS];
static volatile sig_atomic_t n_hooks;

static volatile sig_atomic_t stored_sig_nr = -1;
static struct latch signal_latch;   /* fd is written from the handler. */
static pthread_mutex_t hook_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static bool inited;

static struct shash files = SHASH_INITIALIZER(&files);

static void call_hooks(int sig_nr);

static const char *
signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGHUP: return "SIGHUP";
    case SIGALRM: return "SIGALRM";
    default: return "signal";
    }
}

static void
term_handler(int sig_nr)
{
    stored_sig_nr = sig_nr;
    latch_set(&signal_latch);
}

static void
crash_handler(int sig_nr)
{
    static volatile sig_atomic_t in_crash;
    if (!in_crash) {
        in_crash = 1;

        const char *name = signal_name(sig_nr);
        vlog_write_async_signal_safe(name, strlen(name));
        static const char msg[] = " detected, backtrace:\n";
        vlog_write_async_signal_safe(msg, sizeof msg - 1);
        backtrace_write(vlog_write_async_signal_safe);
        call_hooks(sig_nr);
    }
    signal(sig_nr, SIG_DFL);
    raise(sig_nr);
}

static void
install(int sig, void (*handler)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = flags;
    if (sigaction(sig, &sa, NULL)) {
        VLOG_FATAL("sigaction(%s) failed (%s)", signal_name(sig),
                   sluice_strerror(errno));
    }
}

void
fatal_signal_init(void)
{
    if (inited) {
        return;
    }
    inited = true;
    latch_init(&signal_latch);

    /* An alternate stack lets the crash handler run after a stack
     * overflow. */
    static char *alt_stack;
    size_t alt_size = MAX(SIGSTKSZ, 64 * 1024);
    alt_stack = xmalloc(alt_size);
    stack_t ss = { .ss_sp = alt_stack, .ss_size = alt_size };
    if (sigaltstack(&ss, NULL)) {
        VLOG_WARN("sigaltstack failed (%s)", sluice_strerror(errno));
    }

    for (size_t i = 0; i < ARRAY_SIZE(term_signals); i++) {
        install(term_signals[i], term_handler, SA_RESTART);
    }
    for (size_t i = 0; i < ARRAY_SIZE(crash_signals); i++) {
        install(crash_signals[i], crash_handler, SA_ONSTACK | SA_RESETHAND);
    }
    signal(SIGPIPE, SIG_IGN);
}

void
fatal_signal_add_hook(void (*hook)(void *aux), void (*cancel)(void *aux),
                      void *aux, bool run_at_exit)
{
    pthread_mutex_lock(&hook_mutex);
    sluice_assert(n_hooks < MAX_HOOKS);
    hooks[n_hooks] = (struct hook) { hook, cancel, aux, run_at_exit };
    n_hooks++;
    pthread_mutex_unlock(&hook_mutex);
}

/* Runs every hook once.  SIG_NR is 0 at exit(). */
static void
call_hooks(int sig_nr)
{
    static volatile sig_atomic_t recurse;
    if (recurse) {
        return;
    }
    recurse = 1;
    for (int i = 0; i < n_hooks; i++) {
        struct hook *h = &hooks[i];
        if (sig_nr || h->run_at_exit) {
            h->hook(h->aux);
        }
    }
}

void
fatal_signal_run(void)
{
    int sig_nr = stored_sig_nr;
    if (sig_nr != -1) {
        VLOG_WARN("terminating with signal %d (%s)", sig_nr,
                  signal_name(sig_nr));
        call_hooks(sig_nr);
        /* Die by the signal so that the exit status tells. */
        signal(sig_nr, SIG_DFL);
        raise(sig_nr);
        _exit(128 + sig_nr);
    }
}

void
fatal_signal_wait(void)
{
    if (inited) {
        latch_wait(&signal_latch);
    }
}

void
fatal_signal_fork(void)
{
    for (int i = 0; i < n_hooks; i++) {
        if (hooks[i].cancel) {
            hooks[i].cancel(hooks[i].aux);
        }
    }
    n_hooks = 0;
    /* Files registered in the parent belong to the parent. */
    shash_clear(&files);
}

void
fatal_signal_block(void)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < ARRAY_SIZE(term_signals); i++) {
        sigaddset(&set, term_signals[i]);
    }
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/* Files to unlink. */

static void
unlink_files(void *aux SLUICE_UNUSED)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &files) {
        unlink(node->name);
    }
}

static void
cancel_files(void *aux SLUICE_UNUSED)
{
    shash_clear(&files);
}

static void
atexit_hook(void)
{
    call_hooks(0);
}

void
fatal_signal_add_file_to_unlink(const char *file)
{
    static bool added_hook;
    pthread_mutex_lock(&hook_mutex);
    if (!added_hook) {
        added_hook = true;
        fatal_signal_add_hook(unlink_files, cancel_files, NULL, true);
        atexit(atexit_hook);
    }
    shash_add_once(&files, file, NULL);
    pthread_mutex_unlock(&hook_mutex);
}

void
fatal_signal_remove_file_to_unlink(const char *file)
{
    pthread_mutex_lock(&hook_mutex);
    struct shash_node *node = shash_find(&files, file);
    if (node) {
        shash_delete(&files, node);
    }
    pthread_mutex_unlock(&hook_mutex);
}

int
fatal_signal_unlink_file_now(const char *file)
{
    int error = unlink(file) ? errno : 0;
    if (error) {
        VLOG_WARN("could not unlink \"%s\" (%s)", file,
                  sluice_strerror(error));
    }
    fatal_signal_remove_file_to_unlink(file);
    return error;
}

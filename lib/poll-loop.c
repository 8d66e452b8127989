/* poll-loop: per-thread poll(2) event loop.  See poll-loop.h. */
#include <config.h>
#include "poll-loop.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "rcu.h"
#include "timeval.h"
#include "util.h"

struct poll_loop {
    struct pollfd *fds;
    const char **fd_where;
    size_t n_fds;
    size_t allocated_fds;
    long long deadline;         /* LLONG_MAX: none. */
    const char *deadline_where;
    struct ds last_wakeup;
    unsigned int spin_usec;     /* poll_set_spin(). */
    bool woken_by_fd;           /* The last poll_block() returned for an
                                 * fd. */
};

static _Thread_local struct poll_loop *thread_loop;
static pthread_key_t loop_key;
static pthread_once_t loop_key_once = PTHREAD_ONCE_INIT;

static void
poll_loop_free(void *loop_)
{
    struct poll_loop *loop = loop_;
    free(loop->fds);
    free(loop->fd_where);
    ds_destroy(&loop->last_wakeup);
    free(loop);
}

static void
create_loop_key(void)
{
    /* The key's destructor frees a thread's loop when the thread exits. */
    if (pthread_key_create(&loop_key, poll_loop_free)) {
        sluice_abort("pthread_key_create failed");
    }
}

static struct poll_loop *
poll_loop(void)
{
    if (!thread_loop) {
        pthread_once(&loop_key_once, create_loop_key);
        thread_loop = xzalloc(sizeof *thread_loop);
        thread_loop->deadline = LLONG_MAX;
        ds_init(&thread_loop->last_wakeup);
        pthread_setspecific(loop_key, thread_loop);
    }
    return thread_loop;
}

void
poll_fd_wait_at(int fd, short events, const char *where)
{
    struct poll_loop *loop = poll_loop();

    /* Merge with an existing registration of the same fd. */
    for (size_t i = 0; i < loop->n_fds; i++) {
        if (loop->fds[i].fd == fd) {
            loop->fds[i].events |= events;
            return;
        }
    }
    if (loop->n_fds >= loop->allocated_fds) {
        size_t n = loop->allocated_fds;
        loop->fds = x2nrealloc(loop->fds, &n, sizeof *loop->fds);
        loop->fd_where = xrealloc(loop->fd_where, n * sizeof *loop->fd_where);
        loop->allocated_fds = n;
    }
    loop->fds[loop->n_fds] = (struct pollfd) { .fd = fd, .events = events };
    loop->fd_where[loop->n_fds] = where;
    loop->n_fds++;
}

void
poll_timer_wait_until_at(long long when, const char *where)
{
    struct poll_loop *loop = poll_loop();
    if (when < loop->deadline) {
        loop->deadline = when;
        loop->deadline_where = where;
    }
}

void
poll_timer_wait_at(long long msec, const char *where)
{
    long long now = time_msec();
    long long when = msec <= 0 ? now
                     : msec >= LLONG_MAX - now ? LLONG_MAX
                     : now + msec;
    poll_timer_wait_until_at(when, where);
}

void
poll_immediate_wake_at(const char *where)
{
    poll_timer_wait_until_at(LLONG_MIN, where);
}

void
poll_block(void)
{
    struct poll_loop *loop = poll_loop();
    int timeout;

    if (loop->deadline == LLONG_MAX) {
        timeout = -1;
    } else {
        long long now = time_msec();
        long long delta = loop->deadline > now ? loop->deadline - now : 0;
        timeout = delta > INT_MAX ? INT_MAX : (int) delta;
    }

    /* Sleeping in poll() is a quiescent state: RCU need not wait for a
     * thread blocked here. */
    rcu_quiesce_start();
    int retval = 0;
    if (loop->spin_usec && loop->woken_by_fd && timeout) {
        /* Busy: look again for a moment before going to sleep, so that
         * the answer to what this thread just sent (the next request of
         * a client in a request-reply exchange) finds it awake.  Yields
         * the CPU between looks to whoever else wants to run here. */
        long long int until = time_usec() + loop->spin_usec;
        if (loop->deadline != LLONG_MAX
            && loop->deadline * 1000 < until) {
            until = loop->deadline * 1000;
        }
        do {
            retval = poll(loop->fds, loop->n_fds, 0);
            if (retval) {
                break;
            }
            sched_yield();
        } while (time_usec() < until);
    }
    if (!retval) {
        if (timeout > 0 && loop->deadline != LLONG_MAX) {
            long long now = time_msec();
            timeout = loop->deadline > now ? loop->deadline - now : 0;
        }
        retval = poll(loop->fds, loop->n_fds, timeout);
    }
    rcu_quiesce_end();
    loop->woken_by_fd = retval > 0;

    ds_clear(&loop->last_wakeup);
    if (retval > 0) {
        for (size_t i = 0; i < loop->n_fds; i++) {
            if (loop->fds[i].revents) {
                ds_put_format(&loop->last_wakeup, "%s(fd %d) ",
                              loop->fd_where[i], loop->fds[i].fd);
            }
        }
    } else if (retval == 0 && loop->deadline_where) {
        ds_put_format(&loop->last_wakeup, "%s(timer) ", loop->deadline_where);
    }
    ds_chomp(&loop->last_wakeup, ' ');

    loop->n_fds = 0;
    loop->deadline = LLONG_MAX;
    loop->deadline_where = NULL;
}

void
poll_set_spin(unsigned int usec)
{
    poll_loop()->spin_usec = usec;
}

const char *
poll_last_wakeup(void)
{
    return ds_cstr(&poll_loop()->last_wakeup);
}


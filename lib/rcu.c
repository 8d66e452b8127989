/* rcu: quiescent-state-based RCU.  See rcu.h.
 *
 * Grace periods are tracked with one global sequence number.  Each
 * registered thread publishes, in its own cache line, the value of the
 * global number it saw at its last quiescent point, or RCU_OFFLINE while it
 * is quiescent.  A batch of callbacks gets a target: the global number
 * after an increment made when the batch is queued.  A thread whose
 * published number is at least the target (or RCU_OFFLINE) has passed a
 * quiescent point after the batch was queued, so once every registered
 * thread has, the batch may run.
 *
 * Memory ordering.  A reader's loads of RCU data come before the release
 * store of its sequence number; the acquire load of that number in the
 * grace-period check orders them before the callbacks.  A reader that
 * loads the incremented global number with acquire also sees the
 * unpublication that preceded the increment.  A thread coming online
 * stores its number and issues a full fence before it loads any RCU
 * pointer, and the check issues a full fence after the increment before it
 * loads the numbers: so either the check sees the thread online (and
 * waits for it) or the thread sees the new pointers.
 */
#include <config.h>
#include "rcu.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "backtrace.h"
#include "dynamic-string.h"
#include "list.h"
#include "thread.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(rcu);

/* A registered thread's sequence number while it is quiescent. */
#define RCU_OFFLINE UINT64_MAX

/* Callbacks a registered thread collects before it queues them. */
#define RCU_BATCH_SIZE 16

struct rcu_callback {
    void (*function)(void *);
    void *arg;
};

struct rcu_batch {
    struct list list_node;      /* In 'cb_queue' or a runner's list. */
    uint64_t target;            /* Runs when every thread is at least at
                                 * this sequence number. */
    uint64_t serial;            /* Position in queueing order, from 1. */
    size_t n;                   /* Callbacks in 'cbs'. */
    size_t allocated;           /* Room in 'cbs'. */
    struct rcu_callback cbs[];
};

/* A registered thread.  Aligned to a cache line of its own, which only its
 * owner writes (apart from list neighbors' registrations). */
struct rcu_thread {
    /* Read by grace-period checks; written only by the owner. */
    _Atomic uint64_t seqno;     /* Global number at the last quiescent
                                 * point, or RCU_OFFLINE. */

    /* Owner only. */
    bool online;
    struct rcu_batch *batch;    /* Callbacks not yet queued, or NULL. */

    /* Guarded by 'threads_mutex'. */
    struct list list_node;      /* In 'threads'. */
    char name[THREAD_NAME_MAX + 1];
    pthread_t tid;
};

/* The global sequence number, alone in its cache line: every quiescent
 * point reads it, and it changes only when callbacks are queued or a
 * grace period is awaited. */
static _Atomic uint64_t global_seqno SLUICE_CACHE_ALIGNED = 1;

/* Every registered thread. */
static struct mutex threads_mutex = MUTEX_INITIALIZER;
static struct list threads SLUICE_GUARDED_BY(threads_mutex)
    = LIST_INITIALIZER(&threads);

/* Queued batches, in queueing order.  'cb_cond' wakes the background
 * thread when a batch is queued. */
static struct mutex cb_mutex = MUTEX_INITIALIZER;
static struct list cb_queue SLUICE_GUARDED_BY(cb_mutex)
    = LIST_INITIALIZER(&cb_queue);
static struct cond cb_cond;
static uint64_t cb_serial SLUICE_GUARDED_BY(cb_mutex);   /* Last queued. */

/* The 'serial' of the last batch whose callbacks have run.  Batches run in
 * queueing order, so all earlier ones have run too. */
static _Atomic uint64_t done_serial;

/* Held while callbacks run, so that they run one at a time and in order. */
static struct mutex run_mutex = MUTEX_INITIALIZER;

/* The calling thread's registration, or NULL. */
static _Thread_local struct rcu_thread *rcu_self;

/* Its destructor unregisters a thread that exits while registered. */
static pthread_key_t rcu_key;

static void rcu_unregister__(struct rcu_thread *);

static void
rcu_thread_exit(void *thread_)
{
    rcu_unregister__(thread_);
}

static void
rcu_init_module(void)
{
    static struct thread_once once = THREAD_ONCE_INITIALIZER;
    if (thread_once_start(&once)) {
        int error = pthread_key_create(&rcu_key, rcu_thread_exit);
        if (error) {
            sluice_abort("rcu: pthread_key_create failed (%s)",
                         sluice_strerror(error));
        }
        cond_init(&cb_cond);
        thread_once_done(&once);
    }
}

static struct rcu_batch *
rcu_batch_create(size_t allocated)
{
    struct rcu_batch *batch = xmalloc(sizeof *batch
                                      + allocated * sizeof *batch->cbs);
    batch->target = 0;
    batch->n = 0;
    batch->allocated = allocated;
    return batch;
}

/* Returns the lowest sequence number of all registered threads (and so
 * the highest target whose batches may run), or RCU_OFFLINE if every
 * thread is quiescent or none is registered.  If STUCK is nonnull and
 * some thread is below TARGET, copies the name of one such thread there
 * (THREAD_NAME_MAX + 1 bytes). */
static uint64_t
rcu_min_seqno(uint64_t target, char *stuck)
{
    uint64_t min = RCU_OFFLINE;
    struct rcu_thread *thread;

    /* Pairs with the fence in rcu_quiesce_end() and
     * rcu_register_thread(): see the comment at the top. */
    atomic_thread_fence(memory_order_seq_cst);

    mutex_lock(&threads_mutex);
    LIST_FOR_EACH (thread, list_node, &threads) {
        uint64_t seqno = atomic_read_acquire(&thread->seqno);
        if (seqno < min) {
            min = seqno;
        }
        if (stuck && seqno < target) {
            memcpy(stuck, thread->name, sizeof thread->name);
            stuck = NULL;
        }
    }
    mutex_unlock(&threads_mutex);
    return min;
}

static void *rcu_background_main(void *);

/* How long the background thread lets queued callbacks gather. */
#define RCU_BATCH_DELAY_NS (2 * 1000 * 1000)

static void
rcu_start_background(void)
{
    static struct thread_once once = THREAD_ONCE_INITIALIZER;
    if (thread_once_start(&once)) {
        pthread_t thread = thread_create("rcu", rcu_background_main, NULL);
        pthread_detach(thread);
        thread_once_done(&once);
    }
}

/* Gives BATCH a target and queues it. */
static void
rcu_queue(struct rcu_batch *batch)
{
    rcu_init_module();
    batch->target = atomic_fetch_add(&global_seqno, 1) + 1;

    mutex_lock(&cb_mutex);
    batch->serial = ++cb_serial;
    list_push_back(&cb_queue, &batch->list_node);
    cond_signal(&cb_cond);
    mutex_unlock(&cb_mutex);

    rcu_start_background();
}

/* Queues THREAD's pending callbacks, if any. */
static void
rcu_flush(struct rcu_thread *thread)
{
    struct rcu_batch *batch = thread->batch;
    if (batch) {
        thread->batch = NULL;
        rcu_queue(batch);
    }
}

void
rcu_register_thread(void)
{
    if (rcu_self) {
        return;
    }
    rcu_init_module();

    struct rcu_thread *thread = xzalloc_cacheline(sizeof *thread);
    thread->online = true;
    thread->batch = NULL;
    snprintf(thread->name, sizeof thread->name, "%s", thread_get_name());
    thread->tid = pthread_self();

    mutex_lock(&threads_mutex);
    atomic_store(&thread->seqno, atomic_load(&global_seqno));
    list_push_back(&threads, &thread->list_node);
    mutex_unlock(&threads_mutex);
    atomic_thread_fence(memory_order_seq_cst);

    rcu_self = thread;
    pthread_setspecific(rcu_key, thread);
}

static void
rcu_unregister__(struct rcu_thread *thread)
{
    rcu_flush(thread);

    mutex_lock(&threads_mutex);
    list_remove(&thread->list_node);
    mutex_unlock(&threads_mutex);

    rcu_self = NULL;
    free_cacheline(thread);
}

void
rcu_unregister_thread(void)
{
    struct rcu_thread *thread = rcu_self;
    if (thread) {
        pthread_setspecific(rcu_key, NULL);
        rcu_unregister__(thread);
    }
}

bool
rcu_is_registered(void)
{
    return rcu_self != NULL;
}

void
rcu_quiesce(void)
{
    struct rcu_thread *thread = rcu_self;
    if (SLUICE_UNLIKELY(!thread)) {
        rcu_register_thread();
        thread = rcu_self;
    }

    if (SLUICE_UNLIKELY(thread->batch != NULL)) {
        rcu_flush(thread);
    }
    if (SLUICE_LIKELY(thread->online)) {
        uint64_t global = atomic_read_acquire(&global_seqno);
        if (global != atomic_read_relaxed(&thread->seqno)) {
            atomic_store_release(&thread->seqno, global);
        }
    }
}

void
rcu_quiesce_start(void)
{
    struct rcu_thread *thread = rcu_self;
    if (thread) {
        rcu_flush(thread);
        if (thread->online) {
            thread->online = false;
            atomic_store_release(&thread->seqno, RCU_OFFLINE);
        }
    }
}

void
rcu_quiesce_end(void)
{
    struct rcu_thread *thread = rcu_self;
    if (!thread) {
        rcu_register_thread();
    } else if (!thread->online) {
        thread->online = true;
        atomic_store(&thread->seqno, atomic_load(&global_seqno));
        atomic_thread_fence(memory_order_seq_cst);
    }
}

bool
rcu_is_quiescent(void)
{
    return !rcu_self || !rcu_self->online;
}

void
rcu_postpone(void (*function)(void *), void *arg)
{
    struct rcu_thread *thread = rcu_self;
    struct rcu_batch *batch;

    if (!thread || !thread->online) {
        /* No quiescent point is coming to queue a per-thread batch, so
         * queue this callback on its own. */
        batch = rcu_batch_create(1);
        batch->cbs[batch->n++] = (struct rcu_callback) { function, arg };
        rcu_queue(batch);
        return;
    }

    batch = thread->batch;
    if (!batch) {
        batch = thread->batch = rcu_batch_create(RCU_BATCH_SIZE);
    }
    batch->cbs[batch->n++] = (struct rcu_callback) { function, arg };
    if (batch->n >= batch->allocated) {
        rcu_flush(thread);
    }
}

/* Logs the stack of a registered thread that has not reached TARGET
 * (that is, not quiesced since the wait began), if there still is one. */
static void
rcu_report_stall(uint64_t target, long long int elapsed)
{
    struct rcu_thread *thread;
    struct backtrace bt;
    char name[THREAD_NAME_MAX + 1];
    bool found = false, captured = false;

    mutex_lock(&threads_mutex);
    LIST_FOR_EACH (thread, list_node, &threads) {
        if (atomic_read_acquire(&thread->seqno) < target
            && !pthread_equal(thread->tid, pthread_self())) {
            /* Under 'threads_mutex' the thread cannot finish exiting, so
             * its id stays valid. */
            memcpy(name, thread->name, sizeof name);
            captured = backtrace_capture_thread(thread->tid, &bt, 1000);
            found = true;
            break;
        }
    }
    mutex_unlock(&threads_mutex);

    if (found) {
        struct ds s = DS_EMPTY_INITIALIZER;
        if (captured) {
            backtrace_format(&s, &bt, "  ");
        } else {
            ds_put_cstr(&s, "  (it did not answer the request for its "
                        "stack)\n");
        }
        VLOG_WARN("%s has not quiesced for %lld ms; its stack:\n%s", name,
                  elapsed, ds_cstr(&s));
        ds_destroy(&s);
    }
}

/* Waits until every registered thread's sequence number is at least
 * TARGET, checking after FIRST_SLEEP_NS and then after sleeps that double
 * up to 1 ms, logging a warning each time the wait doubles past a second
 * and, once past RCU_STALL_REPORT_MSEC, the stack of a thread that is
 * holding it up. */
#define RCU_STALL_REPORT_MSEC 4000
static void
rcu_wait_for(uint64_t target, uint64_t first_sleep_ns)
{
    char stuck[THREAD_NAME_MAX + 1];
    long long int start = time_msec();
    long long int warn_after = 1000;
    uint64_t sleep_ns = first_sleep_ns;
    bool reported = false;

    while (rcu_min_seqno(target, stuck) < target) {
        long long int elapsed = time_msec() - start;
        if (elapsed >= warn_after) {
            VLOG_WARN("blocked %lld ms waiting for %s to quiesce",
                      elapsed, stuck);
            warn_after *= 2;
        }
        if (!reported && elapsed >= RCU_STALL_REPORT_MSEC) {
            rcu_report_stall(target, elapsed);
            reported = true;
        }
        xnanosleep(sleep_ns);
        sleep_ns = MIN(sleep_ns * 2, 1000 * 1000);
    }
}

void
rcu_synchronize(void)
{
    struct rcu_thread *thread = rcu_self;
    bool was_online = thread && thread->online;

    rcu_quiesce_start();
    rcu_wait_for(atomic_fetch_add(&global_seqno, 1) + 1, 10 * 1000);
    if (was_online) {
        rcu_quiesce_end();
    }
}

size_t
rcu_run(void)
{
    struct list pending = LIST_INITIALIZER(&pending);
    struct list ready = LIST_INITIALIZER(&ready);
    struct rcu_batch *batch;
    size_t n = 0;

    mutex_lock(&run_mutex);

    /* Only batches queued before the check of the threads may be judged
     * by it: take them first. */
    mutex_lock(&cb_mutex);
    list_splice_back(&pending, &cb_queue);
    mutex_unlock(&cb_mutex);

    uint64_t min = rcu_min_seqno(0, NULL);
    while (!list_is_empty(&pending)) {
        batch = CONTAINER_OF(list_front(&pending), struct rcu_batch,
                             list_node);
        if (batch->target > min) {
            break;
        }
        list_remove(&batch->list_node);
        list_push_back(&ready, &batch->list_node);
    }

    /* Put the rest back in front of anything queued meanwhile. */
    mutex_lock(&cb_mutex);
    list_splice_back(&pending, &cb_queue);
    list_splice_back(&cb_queue, &pending);
    mutex_unlock(&cb_mutex);

    LIST_FOR_EACH_POP (batch, list_node, &ready) {
        for (size_t i = 0; i < batch->n; i++) {
            batch->cbs[i].function(batch->cbs[i].arg);
        }
        n += batch->n;
        atomic_store_release(&done_serial, batch->serial);
        free(batch);
    }

    mutex_unlock(&run_mutex);
    return n;
}

static void *
rcu_background_main(void *arg SLUICE_UNUSED)
{
    /* This thread reads no RCU data, so it must not hold up grace
     * periods. */
    rcu_unregister_thread();

    for (;;) {
        uint64_t target = 0;
        struct rcu_batch *batch;

        mutex_lock(&cb_mutex);
        while (list_is_empty(&cb_queue)) {
            cond_wait(&cb_cond, &cb_mutex);
        }
        mutex_unlock(&cb_mutex);

        /* Let callbacks gather for a moment, so that a thread that queues
         * a few at a time (a controller installing flows one by one)
         * costs one grace period per batch instead of a wake-up and a
         * grace period each. */
        xnanosleep(RCU_BATCH_DELAY_NS);

        mutex_lock(&cb_mutex);
        LIST_FOR_EACH (batch, list_node, &cb_queue) {
            target = MAX(target, batch->target);
        }
        mutex_unlock(&cb_mutex);

        /* Nobody waits for these callbacks: check on the other threads
         * once a millisecond rather than wake up often. */
        rcu_wait_for(target, 1000 * 1000);
        rcu_run();
    }
    return NULL;
}

/* Returns the highest target of the queued batches whose serial is at most
 * SERIAL. */
static uint64_t
rcu_queued_target(uint64_t serial)
{
    struct rcu_batch *batch;
    uint64_t target = 0;

    mutex_lock(&cb_mutex);
    LIST_FOR_EACH (batch, list_node, &cb_queue) {
        if (batch->serial <= serial) {
            target = MAX(target, batch->target);
        }
    }
    mutex_unlock(&cb_mutex);
    return target;
}

void
rcu_barrier(void)
{
    struct rcu_thread *thread = rcu_self;
    bool was_online = thread && thread->online;

    /* Queue the caller's own callbacks, then wait for everything queued
     * so far: the grace periods that those batches need, no more. */
    rcu_quiesce_start();
    mutex_lock(&cb_mutex);
    uint64_t serial = cb_serial;
    mutex_unlock(&cb_mutex);

    while (atomic_read_acquire(&done_serial) < serial) {
        rcu_wait_for(rcu_queued_target(serial), 10 * 1000);
        rcu_run();
    }
    if (was_online) {
        rcu_quiesce_end();
    }
}

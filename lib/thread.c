/* thread: threads and locks.  See thread.h. */
#include <config.h>
#include "thread.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "rcu.h"

static pthread_t main_thread;

static void thread_init_main(void) __attribute__((constructor));

/* The calling thread's name for logs; empty until set or first asked. */
static _Thread_local char thread_name[THREAD_NAME_MAX + 1];

/* The calling thread's thread_id(), or UINT_MAX until first asked. */
static _Thread_local unsigned int thread_id_ = UINT_MAX;
static atomic_uint next_thread_id = 1;

/* Constructors run in the main thread before main(). */
static void
thread_init_main(void)
{
    main_thread = pthread_self();
    thread_id_ = 0;
}

/* Aborts with a message about the failure ERROR of FUNCTION, called at
 * WHERE, on a lock last acquired at HOLDER (if nonnull). */
static SLUICE_NORETURN void
lock_abort(const char *function, int error, const char *where,
           const char *holder)
{
    if (holder) {
        sluice_abort("%s: %s failed (%s); lock last acquired at %s",
                     where, function, sluice_strerror(error), holder);
    }
    sluice_abort("%s: %s failed (%s)", where, function,
                 sluice_strerror(error));
}

/* Threads. */

struct thread_start {
    void *(*func)(void *);
    void *arg;
    char name[THREAD_NAME_MAX + 1];
};

static void *
thread_main(void *start_)
{
    struct thread_start start = *(struct thread_start *) start_;
    free(start_);

    thread_set_name(start.name);
    rcu_register_thread();
    void *retval = start.func(start.arg);
    rcu_unregister_thread();
    return retval;
}

pthread_t
thread_create(const char *name, void *(*func)(void *), void *arg)
{
    struct thread_start *start = xmalloc(sizeof *start);
    start->func = func;
    start->arg = arg;
    snprintf(start->name, sizeof start->name, "%s", name);

    pthread_t thread;
    int error = pthread_create(&thread, NULL, thread_main, start);
    if (error) {
        sluice_abort("could not create thread \"%s\" (%s)", name,
                     sluice_strerror(error));
    }
    return thread;
}

void
thread_join(pthread_t thread, void **retval)
{
    int error = pthread_join(thread, retval);
    if (error) {
        sluice_abort("pthread_join failed (%s)", sluice_strerror(error));
    }
}

bool
thread_is_main(void)
{
    return pthread_equal(pthread_self(), main_thread);
}

const char *
thread_get_name(void)
{
    if (!thread_name[0]) {
        if (thread_is_main()) {
            snprintf(thread_name, sizeof thread_name, "main");
        } else {
            snprintf(thread_name, sizeof thread_name, "thread%u",
                     thread_id());
        }
    }
    return thread_name;
}

void
thread_set_name(const char *name)
{
    snprintf(thread_name, sizeof thread_name, "%s", name);
    if (!thread_is_main()) {
        /* The kernel keeps 15 bytes and a null; pthread_setname_np() fails
         * with ERANGE for anything longer, so cut it here. */
        char kernel_name[16];
        snprintf(kernel_name, sizeof kernel_name, "%s", name);
        pthread_setname_np(pthread_self(), kernel_name);
    }
}

unsigned int
thread_id(void)
{
    if (thread_id_ == UINT_MAX) {
        thread_id_ = atomic_add_relaxed(&next_thread_id, 1);
    }
    return thread_id_;
}

int
count_cpu_cores(void)
{
    cpu_set_t set;
    if (!sched_getaffinity(0, sizeof set, &set)) {
        int n = CPU_COUNT(&set);
        if (n > 0) {
            return n;
        }
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int) MIN(n, INT_MAX) : 1;
}

/* Mutexes. */

static void
mutex_init__(struct mutex *mutex, int type)
{
    pthread_mutexattr_t attr;
    int error;

    mutex->where = "<unlocked>";
    error = pthread_mutexattr_init(&attr);
    if (!error) {
        error = pthread_mutexattr_settype(&attr, type);
    }
    if (!error) {
        error = pthread_mutex_init(&mutex->lock, &attr);
        pthread_mutexattr_destroy(&attr);
    }
    if (error) {
        lock_abort("pthread_mutex_init", error, __func__, NULL);
    }
}

void
mutex_init(struct mutex *mutex)
{
    mutex_init__(mutex, PTHREAD_MUTEX_ERRORCHECK);
}

void
mutex_init_recursive(struct mutex *mutex)
{
    mutex_init__(mutex, PTHREAD_MUTEX_RECURSIVE);
}

void
mutex_destroy(struct mutex *mutex)
{
    if (mutex) {
        int error = pthread_mutex_destroy(&mutex->lock);
        if (error) {
            lock_abort("pthread_mutex_destroy", error, __func__,
                       mutex->where);
        }
    }
}

void
mutex_lock_at(struct mutex *mutex, const char *where)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    int error = pthread_mutex_lock(&mutex->lock);
    if (error) {
        lock_abort("pthread_mutex_lock", error, where, mutex->where);
    }
    mutex->where = where;
}

int
mutex_trylock_at(struct mutex *mutex, const char *where)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    int error = pthread_mutex_trylock(&mutex->lock);
    if (!error) {
        mutex->where = where;
    } else if (error != EBUSY) {
        lock_abort("pthread_mutex_trylock", error, where, mutex->where);
    }
    return error;
}

void
mutex_unlock(struct mutex *mutex)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    const char *where = mutex->where;
    mutex->where = "<unlocked>";
    int error = pthread_mutex_unlock(&mutex->lock);
    if (error) {
        mutex->where = where;
        lock_abort("pthread_mutex_unlock", error, __func__, where);
    }
}

/* Reader-writer locks. */

void
rwlock_init(struct rwlock *rwlock)
{
    pthread_rwlockattr_t attr;
    int error;

    rwlock->where = "<unlocked>";
    error = pthread_rwlockattr_init(&attr);
    if (!error) {
        error = pthread_rwlockattr_setkind_np(
            &attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    }
    if (!error) {
        error = pthread_rwlock_init(&rwlock->lock, &attr);
        pthread_rwlockattr_destroy(&attr);
    }
    if (error) {
        lock_abort("pthread_rwlock_init", error, __func__, NULL);
    }
}

void
rwlock_destroy(struct rwlock *rwlock)
{
    if (rwlock) {
        int error = pthread_rwlock_destroy(&rwlock->lock);
        if (error) {
            lock_abort("pthread_rwlock_destroy", error, __func__,
                       rwlock->where);
        }
    }
}

void
rwlock_rdlock_at(struct rwlock *rwlock, const char *where)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    int error = pthread_rwlock_rdlock(&rwlock->lock);
    if (error) {
        lock_abort("pthread_rwlock_rdlock", error, where, NULL);
    }
}

void
rwlock_wrlock_at(struct rwlock *rwlock, const char *where)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    int error = pthread_rwlock_wrlock(&rwlock->lock);
    if (error) {
        lock_abort("pthread_rwlock_wrlock", error, where, rwlock->where);
    }
    rwlock->where = where;
}

int
rwlock_tryrdlock_at(struct rwlock *rwlock, const char *where)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    int error = pthread_rwlock_tryrdlock(&rwlock->lock);
    if (error && error != EBUSY) {
        lock_abort("pthread_rwlock_tryrdlock", error, where, NULL);
    }
    return error;
}

int
rwlock_trywrlock_at(struct rwlock *rwlock, const char *where)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    int error = pthread_rwlock_trywrlock(&rwlock->lock);
    if (!error) {
        rwlock->where = where;
    } else if (error != EBUSY) {
        lock_abort("pthread_rwlock_trywrlock", error, where, rwlock->where);
    }
    return error;
}

void
rwlock_unlock(struct rwlock *rwlock)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    /* 'where' is written only by writers, so a reader must not reset it;
     * it is a diagnostic that may go stale after a read unlock. */
    int error = pthread_rwlock_unlock(&rwlock->lock);
    if (error) {
        lock_abort("pthread_rwlock_unlock", error, __func__, NULL);
    }
}

/* Spinlocks. */

void
spinlock_init(struct spinlock *spinlock)
{
    spinlock->where = "<unlocked>";
    int error = pthread_spin_init(&spinlock->lock, PTHREAD_PROCESS_PRIVATE);
    if (error) {
        lock_abort("pthread_spin_init", error, __func__, NULL);
    }
}

void
spinlock_destroy(struct spinlock *spinlock)
{
    if (spinlock) {
        int error = pthread_spin_destroy(&spinlock->lock);
        if (error) {
            lock_abort("pthread_spin_destroy", error, __func__,
                       spinlock->where);
        }
    }
}

void
spinlock_lock_at(struct spinlock *spinlock, const char *where)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    int error = pthread_spin_lock(&spinlock->lock);
    if (error) {
        lock_abort("pthread_spin_lock", error, where, spinlock->where);
    }
    spinlock->where = where;
}

int
spinlock_trylock_at(struct spinlock *spinlock, const char *where)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    int error = pthread_spin_trylock(&spinlock->lock);
    if (!error) {
        spinlock->where = where;
    } else if (error != EBUSY) {
        lock_abort("pthread_spin_trylock", error, where, spinlock->where);
    }
    return error;
}

void
spinlock_unlock(struct spinlock *spinlock)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    const char *where = spinlock->where;
    spinlock->where = "<unlocked>";
    int error = pthread_spin_unlock(&spinlock->lock);
    if (error) {
        lock_abort("pthread_spin_unlock", error, __func__, where);
    }
}

/* Condition variables. */

void
cond_init(struct cond *cond)
{
    pthread_condattr_t attr;
    int error;

    error = pthread_condattr_init(&attr);
    if (!error) {
        error = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    }
    if (!error) {
        error = pthread_cond_init(&cond->cond, &attr);
        pthread_condattr_destroy(&attr);
    }
    if (error) {
        lock_abort("pthread_cond_init", error, __func__, NULL);
    }
}

void
cond_destroy(struct cond *cond)
{
    if (cond) {
        int error = pthread_cond_destroy(&cond->cond);
        if (error) {
            lock_abort("pthread_cond_destroy", error, __func__, NULL);
        }
    }
}

void
cond_wait_at(struct cond *cond, struct mutex *mutex, const char *where)
{
    int error = pthread_cond_wait(&cond->cond, &mutex->lock);
    if (error) {
        lock_abort("pthread_cond_wait", error, where, mutex->where);
    }
    mutex->where = where;
}

bool
cond_timedwait_at(struct cond *cond, struct mutex *mutex,
                  long long int msec, const char *where)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    msec = MAX(msec, 0);
    ts.tv_sec += msec / 1000;
    ts.tv_nsec += (msec % 1000) * 1000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }

    int error = pthread_cond_timedwait(&cond->cond, &mutex->lock, &ts);
    if (error && error != ETIMEDOUT) {
        lock_abort("pthread_cond_timedwait", error, where, mutex->where);
    }
    mutex->where = where;
    return error != ETIMEDOUT;
}

void
cond_signal(struct cond *cond)
{
    int error = pthread_cond_signal(&cond->cond);
    if (error) {
        lock_abort("pthread_cond_signal", error, __func__, NULL);
    }
}

void
cond_broadcast(struct cond *cond)
{
    int error = pthread_cond_broadcast(&cond->cond);
    if (error) {
        lock_abort("pthread_cond_broadcast", error, __func__, NULL);
    }
}

/* One-time initialization. */

bool
thread_once_start__(struct thread_once *once)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    mutex_lock(&once->mutex);
    if (atomic_read_relaxed(&once->done)) {
        mutex_unlock(&once->mutex);
        return false;
    }
    return true;
}

void
thread_once_done(struct thread_once *once)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    atomic_store_release(&once->done, true);
    mutex_unlock(&once->mutex);
}

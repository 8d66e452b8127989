/*
 * thread: threads and locks for the slow path.
 *
 * Threads: thread_create() starts a named thread that is registered with
 * RCU (rcu.h) for its whole life: it may read RCU-protected data at once,
 * and must pass quiescent points from time to time (a PMD loop calls
 * rcu_quiesce() once per iteration; a blocking call is bracketed by
 * rcu_quiesce_start() and rcu_quiesce_end()), or every deferred free in
 * the process waits for it.  It unregisters itself when it returns.  Each
 * thread has a name for logs (thread_get_name()): "main" for the main
 * thread, the name given to thread_create(), or "thread<N>" for threads
 * created some other way.
 *
 * Locks: 'struct mutex', 'struct rwlock', 'struct spinlock' and 'struct
 * cond' wrap their pthread counterparts.  A failure of the underlying call
 * (deadlock on an error-checking mutex, unlocking a lock one does not
 * hold, destroying a held lock) is a programming error: it aborts the
 * process with a message naming the call, the reason, the caller's source
 * location and the location of the last acquisition.  So every lock
 * function returns void except the try-lock functions, which return 0 or
 * EBUSY.  Mutexes are error-checking by default: relocking from the same
 * thread aborts instead of hanging.
 *
 * Locks are for the slow path only: a PMD thread never takes one (see
 * rcu.h and cmap.h for what it does instead).  Where a function needs a
 * lock held, say so with the annotations below; clang's -Wthread-safety
 * checks them, other compilers ignore them.
 *
 * Thread safety: every function may be called from any thread.  A lock
 * may be destroyed only when no thread holds or waits for it.
 */
#ifndef SLUICE_THREAD_H
#define SLUICE_THREAD_H 1

#include <pthread.h>
#include <stdbool.h>
#include "atomic.h"
#include "util.h"

/* "FILE:LINE" of the place where it is expanded, as a string literal. */
#ifndef SLUICE_SOURCE_LOCATOR
#define SLUICE_STRINGIZE__(X) #X
#define SLUICE_STRINGIZE(X) SLUICE_STRINGIZE__(X)
#define SLUICE_SOURCE_LOCATOR __FILE__ ":" SLUICE_STRINGIZE(__LINE__)
#endif

/* Thread-safety annotations, checked by clang -Wthread-safety:
 *
 *   SLUICE_LOCKABLE               on a lock type.
 *   SLUICE_GUARDED_BY(L)          on a variable that L protects.
 *   SLUICE_PT_GUARDED_BY(L)       on a pointer whose target L protects.
 *   SLUICE_REQUIRES(L...)         the caller holds L exclusively.
 *   SLUICE_REQUIRES_SHARED(L...)  the caller holds L at least shared.
 *   SLUICE_ACQUIRES(L...)         the function takes L and keeps it.
 *   SLUICE_ACQUIRES_SHARED(L...)  the same, shared.
 *   SLUICE_TRY_ACQUIRES(V, L...)  takes L if it returns V.
 *   SLUICE_TRY_ACQUIRES_SHARED(V, L...)
 *   SLUICE_RELEASES(L...)         the function releases L (held in any
 *                                 mode).
 *   SLUICE_EXCLUDES(L...)         the caller must not hold L.
 *   SLUICE_NO_THREAD_SAFETY_ANALYSIS  switches the check off for one
 *                                 function whose locking it cannot follow.
 */
#if defined(__clang__) && defined(__has_attribute)
#if __has_attribute(capability)
#define SLUICE_THREAD_SAFETY__(X) __attribute__((X))
#endif
#endif
#ifdef SLUICE_THREAD_SAFETY__
#define SLUICE_LOCKABLE SLUICE_THREAD_SAFETY__(capability("mutex"))
#define SLUICE_GUARDED_BY(...) SLUICE_THREAD_SAFETY__(guarded_by(__VA_ARGS__))
#define SLUICE_PT_GUARDED_BY(...) \
    SLUICE_THREAD_SAFETY__(pt_guarded_by(__VA_ARGS__))
#define SLUICE_REQUIRES(...) \
    SLUICE_THREAD_SAFETY__(requires_capability(__VA_ARGS__))
#define SLUICE_REQUIRES_SHARED(...) \
    SLUICE_THREAD_SAFETY__(requires_shared_capability(__VA_ARGS__))
#define SLUICE_ACQUIRES(...) \
    SLUICE_THREAD_SAFETY__(acquire_capability(__VA_ARGS__))
#define SLUICE_ACQUIRES_SHARED(...) \
    SLUICE_THREAD_SAFETY__(acquire_shared_capability(__VA_ARGS__))
#define SLUICE_TRY_ACQUIRES(...) \
    SLUICE_THREAD_SAFETY__(try_acquire_capability(__VA_ARGS__))
#define SLUICE_TRY_ACQUIRES_SHARED(...) \
    SLUICE_THREAD_SAFETY__(try_acquire_shared_capability(__VA_ARGS__))
#define SLUICE_RELEASES(...) \
    SLUICE_THREAD_SAFETY__(release_generic_capability(__VA_ARGS__))
#define SLUICE_EXCLUDES(...) \
    SLUICE_THREAD_SAFETY__(locks_excluded(__VA_ARGS__))
#define SLUICE_NO_THREAD_SAFETY_ANALYSIS \
    SLUICE_THREAD_SAFETY__(no_thread_safety_analysis)
#else
#define SLUICE_LOCKABLE
#define SLUICE_GUARDED_BY(...)
#define SLUICE_PT_GUARDED_BY(...)
#define SLUICE_REQUIRES(...)
#define SLUICE_REQUIRES_SHARED(...)
#define SLUICE_ACQUIRES(...)
#define SLUICE_ACQUIRES_SHARED(...)
#define SLUICE_TRY_ACQUIRES(...)
#define SLUICE_TRY_ACQUIRES_SHARED(...)
#define SLUICE_RELEASES(...)
#define SLUICE_EXCLUDES(...)
#define SLUICE_NO_THREAD_SAFETY_ANALYSIS
#endif

/* Threads. */

/* The longest thread name kept for logs, not counting the null byte.  The
 * kernel's copy (shown by ps and top) is cut to 15 bytes. */
#define THREAD_NAME_MAX 31

/* Starts a thread that runs FUNC(ARG) under the name NAME (cut to
 * THREAD_NAME_MAX bytes) and returns its id, for thread_join().  The thread
 * is registered with RCU before FUNC runs and unregistered when FUNC
 * returns or the thread exits.  Aborts if the thread cannot be created
 * (the system is out of threads or memory): a daemon cannot run without
 * its threads.  A pointer to RCU-protected data that the caller holds must
 * not be passed in ARG: the new thread's references count only from its
 * own registration. */
pthread_t thread_create(const char *name, void *(*func)(void *), void *arg);

/* Waits for THREAD to finish and stores its return value in *RETVAL if
 * RETVAL is nonnull.  Aborts on failure (THREAD is not joinable, or is the
 * caller). */
void thread_join(pthread_t thread, void **retval);

/* Returns true if the caller is the process's main thread (the one that
 * ran main()). */
bool thread_is_main(void);

/* Returns the calling thread's name for logs.  The string belongs to the
 * thread and stays valid until its next thread_set_name() or exit. */
const char *thread_get_name(void);

/* Sets the calling thread's name to NAME (cut to THREAD_NAME_MAX bytes),
 * and the kernel's copy too, except in the main thread, whose kernel name
 * is the program's name that pidof and ps look for. */
void thread_set_name(const char *name);

/* Returns a small number that identifies the calling thread for the life
 * of the process: 0 for the main thread, then 1, 2, ... in order of first
 * use.  Never reused. */
unsigned int thread_id(void);

/* Returns the number of CPU cores the process may run on (its affinity
 * mask), at least 1. */
int count_cpu_cores(void);

/* Mutexes. */

struct SLUICE_LOCKABLE mutex {
    pthread_mutex_t lock;
    const char *where;          /* Last acquisition, for abort messages. */
};

/* Static initializer for an error-checking mutex. */
#define MUTEX_INITIALIZER \
    { PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP, "<unlocked>" }

/* Initializes MUTEX as an error-checking mutex: relocking it from the
 * thread that holds it, or unlocking it from another thread, aborts. */
void mutex_init(struct mutex *mutex);

/* Initializes MUTEX as a recursive mutex: the holder may lock it again and
 * must unlock it as many times. */
void mutex_init_recursive(struct mutex *mutex);

/* Destroys MUTEX, which must not be held.  A null MUTEX is a no-op. */
void mutex_destroy(struct mutex *mutex);

/* Locks MUTEX, waiting as long as it takes.  WHERE names the caller; use
 * the mutex_lock() macro, which passes the source location. */
void mutex_lock_at(struct mutex *mutex, const char *where)
    SLUICE_ACQUIRES(mutex);
#define mutex_lock(MUTEX) mutex_lock_at(MUTEX, SLUICE_SOURCE_LOCATOR)

/* Locks MUTEX if no thread holds it and returns 0; otherwise returns
 * EBUSY at once. */
int mutex_trylock_at(struct mutex *mutex, const char *where)
    SLUICE_TRY_ACQUIRES(0, mutex);
#define mutex_trylock(MUTEX) mutex_trylock_at(MUTEX, SLUICE_SOURCE_LOCATOR)

/* Unlocks MUTEX, which the caller holds. */
void mutex_unlock(struct mutex *mutex) SLUICE_RELEASES(mutex);

/* Reader-writer locks.  They prefer writers: once a writer waits, new
 * readers wait behind it, so a stream of readers cannot starve it.  As a
 * consequence a thread must not take a read lock it already holds while
 * another thread may be waiting to write. */

struct SLUICE_LOCKABLE rwlock {
    pthread_rwlock_t lock;
    const char *where;          /* Last write acquisition. */
};

/* Initializes RWLOCK. */
void rwlock_init(struct rwlock *rwlock);

/* Destroys RWLOCK, which must not be held.  A null RWLOCK is a no-op. */
void rwlock_destroy(struct rwlock *rwlock);

/* Takes RWLOCK for reading, shared with other readers. */
void rwlock_rdlock_at(struct rwlock *rwlock, const char *where)
    SLUICE_ACQUIRES_SHARED(rwlock);
#define rwlock_rdlock(RWLOCK) rwlock_rdlock_at(RWLOCK, SLUICE_SOURCE_LOCATOR)

/* Takes RWLOCK for writing, exclusively. */
void rwlock_wrlock_at(struct rwlock *rwlock, const char *where)
    SLUICE_ACQUIRES(rwlock);
#define rwlock_wrlock(RWLOCK) rwlock_wrlock_at(RWLOCK, SLUICE_SOURCE_LOCATOR)

/* Like rwlock_rdlock() and rwlock_wrlock() but return EBUSY at once instead
 * of waiting; 0 when the lock was taken. */
int rwlock_tryrdlock_at(struct rwlock *rwlock, const char *where)
    SLUICE_TRY_ACQUIRES_SHARED(0, rwlock);
#define rwlock_tryrdlock(RWLOCK) \
    rwlock_tryrdlock_at(RWLOCK, SLUICE_SOURCE_LOCATOR)
int rwlock_trywrlock_at(struct rwlock *rwlock, const char *where)
    SLUICE_TRY_ACQUIRES(0, rwlock);
#define rwlock_trywrlock(RWLOCK) \
    rwlock_trywrlock_at(RWLOCK, SLUICE_SOURCE_LOCATOR)

/* Releases RWLOCK, held for reading or writing. */
void rwlock_unlock(struct rwlock *rwlock) SLUICE_RELEASES(rwlock);

/* Spinlocks, for critical sections of a few instructions between slow-path
 * threads that do not sleep while holding them. */

struct SLUICE_LOCKABLE spinlock {
    pthread_spinlock_t lock;
    const char *where;
};

/* Initializes SPINLOCK. */
void spinlock_init(struct spinlock *spinlock);

/* Destroys SPINLOCK, which must not be held.  A null SPINLOCK is a
 * no-op. */
void spinlock_destroy(struct spinlock *spinlock);

/* Takes SPINLOCK, spinning until it is free. */
void spinlock_lock_at(struct spinlock *spinlock, const char *where)
    SLUICE_ACQUIRES(spinlock);
#define spinlock_lock(SPINLOCK) \
    spinlock_lock_at(SPINLOCK, SLUICE_SOURCE_LOCATOR)

/* Takes SPINLOCK and returns 0 if it is free, otherwise returns EBUSY. */
int spinlock_trylock_at(struct spinlock *spinlock, const char *where)
    SLUICE_TRY_ACQUIRES(0, spinlock);
#define spinlock_trylock(SPINLOCK) \
    spinlock_trylock_at(SPINLOCK, SLUICE_SOURCE_LOCATOR)

/* Releases SPINLOCK. */
void spinlock_unlock(struct spinlock *spinlock) SLUICE_RELEASES(spinlock);

/* Condition variables, timed against the monotonic clock. */

struct cond {
    pthread_cond_t cond;
};

/* Initializes COND. */
void cond_init(struct cond *cond);

/* Destroys COND, which no thread may be waiting on.  A null COND is a
 * no-op. */
void cond_destroy(struct cond *cond);

/* Atomically releases MUTEX and waits for COND to be signaled, then takes
 * MUTEX again.  Wake-ups may be spurious: wait in a loop that checks the
 * condition. */
void cond_wait_at(struct cond *cond, struct mutex *mutex, const char *where)
    SLUICE_REQUIRES(mutex);
#define cond_wait(COND, MUTEX) cond_wait_at(COND, MUTEX, SLUICE_SOURCE_LOCATOR)

/* Like cond_wait() but gives up after MSEC milliseconds.  Returns false if
 * the time ran out, true otherwise (which includes spurious wake-ups). */
bool cond_timedwait_at(struct cond *cond, struct mutex *mutex,
                       long long int msec, const char *where)
    SLUICE_REQUIRES(mutex);
#define cond_timedwait(COND, MUTEX, MSEC) \
    cond_timedwait_at(COND, MUTEX, MSEC, SLUICE_SOURCE_LOCATOR)

/* Wakes one thread waiting on COND. */
void cond_signal(struct cond *cond);

/* Wakes every thread waiting on COND. */
void cond_broadcast(struct cond *cond);

/* One-time initialization:
 *
 *     static struct thread_once once = THREAD_ONCE_INITIALIZER;
 *     if (thread_once_start(&once)) {
 *         ...initialize...
 *         thread_once_done(&once);
 *     }
 *
 * Exactly one caller gets true and runs the initialization; callers that
 * arrive meanwhile wait until it calls thread_once_done(); later callers
 * get false at the cost of one acquire load. */

struct thread_once {
    atomic_bool done;
    struct mutex mutex;
};

#define THREAD_ONCE_INITIALIZER { false, MUTEX_INITIALIZER }

bool thread_once_start__(struct thread_once *once)
    SLUICE_TRY_ACQUIRES(true, once->mutex);

/* Returns true if the caller must run the initialization that ONCE guards
 * and then call thread_once_done(), false if it has already run. */
static inline bool
thread_once_start(struct thread_once *once)
    SLUICE_TRY_ACQUIRES(true, once->mutex)
{
    return (SLUICE_UNLIKELY(!atomic_read_acquire(&once->done))
            && thread_once_start__(once));
}

/* Marks the initialization that ONCE guards as complete and lets waiting
 * callers continue. */
void thread_once_done(struct thread_once *once) SLUICE_RELEASES(once->mutex);

#endif /* thread.h */

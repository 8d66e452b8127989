/*
 * rcu: read-copy-update with quiescent states: readers that never lock,
 * writers that free memory only when no reader can still hold it.
 *
 * The model.  Data that the fast path reads while the slow path changes it
 * is reached through a pointer declared RCU(TYPE *).  Readers load it with
 * rcu_get() and use what it points to without any lock.  A writer builds a
 * new version, publishes it with rcu_set(), and hands the old version to
 * rcu_postpone(), which frees it (or runs any other callback) only after a
 * grace period: once every registered thread has passed a quiescent point
 * after the rcu_postpone() call.  A reference obtained with rcu_get() stays
 * valid until the reading thread's next quiescent point, and must not be
 * kept beyond it.
 *
 * Quiescent points.  A thread that reads RCU-protected data is registered
 * (thread_create() does it; otherwise rcu_register_thread(), or the first
 * rcu_quiesce() or rcu_quiesce_end()).  A registered thread is either
 * online (it may hold references) or quiescent (it holds none):
 *
 *   - rcu_quiesce() is a momentary quiescent point: a PMD thread calls it
 *     once per iteration of its poll loop, between batches.  It costs one
 *     load of a shared, rarely written counter and one store to the
 *     thread's own cache line: no lock, no atomic read-modify-write.
 *   - rcu_quiesce_start() ... rcu_quiesce_end() brackets a stretch without
 *     references, typically a blocking call such as the poll(2) in
 *     poll_block(), so that a sleeping thread never delays a grace period.
 *
 * A registered thread that stays online without quiescing holds up every
 * deferred callback in the process (memory grows) and every
 * rcu_synchronize() (which logs a warning naming the thread after a
 * second, and the thread's stack after four, through
 * backtrace_capture_thread()).  A thread unregisters when it exits (automatically) or with
 * rcu_unregister_thread().
 *
 * Callbacks run in a background thread named "rcu" that starts with the
 * first rcu_postpone(), or in any thread that calls rcu_run().  They run
 * one at a time, in the order the threads that postponed them reached
 * quiescent points, and must not call rcu_run() or rcu_barrier().
 *
 * Thread safety: every function may be called from any thread.  Readers
 * never block; rcu_synchronize() and rcu_barrier() block the caller (and
 * put it in a quiescent state while they do).  A process that forks must
 * do so before it creates threads or postpones callbacks (daemonize
 * first): the child would wait forever for threads that do not exist in
 * it.
 */
#ifndef SLUICE_RCU_H
#define SLUICE_RCU_H 1

#include <stdbool.h>
#include <stddef.h>
#include "atomic.h"

/* Declares an RCU-protected pointer to TYPE, e.g.:
 *
 *     RCU(struct flow_table *) table;
 *
 * Read and write it only with the macros below. */
#define RCU(TYPE) _Atomic(TYPE)

/* Returns the value of the RCU pointer *VARP for reading the object it
 * points to (acquire semantics: the object's contents as the writer left
 * them before rcu_set() are visible).  Free on x86 and most other CPUs. */
#define rcu_get(VARP) atomic_load_explicit(VARP, memory_order_acquire)

/* Returns the value of the RCU pointer *VARP in a writer, which must hold
 * the lock that serializes writers of *VARP, so no ordering is needed. */
#define rcu_get_protected(VARP) \
    atomic_load_explicit(VARP, memory_order_relaxed)

/* Publishes VALUE in the RCU pointer *VARP with release semantics: a reader
 * that sees VALUE also sees everything written to the object before. */
#define rcu_set(VARP, VALUE) \
    atomic_store_explicit(VARP, VALUE, memory_order_release)

/* Sets the RCU pointer *VARP to VALUE while no reader can see *VARP yet
 * (during initialization), or to a value (such as NULL) that readers do
 * not dereference into newly written memory. */
#define rcu_init(VARP, VALUE) \
    atomic_store_explicit(VARP, VALUE, memory_order_relaxed)

/* Registers the calling thread as a reader, online.  Does nothing if it is
 * registered already. */
void rcu_register_thread(void);

/* Unregisters the calling thread, which must hold no references; its
 * postponed callbacks are queued first.  Does nothing if it is not
 * registered.  Threads unregister automatically when they exit. */
void rcu_unregister_thread(void);

/* Returns true if the calling thread is registered. */
bool rcu_is_registered(void);

/* Declares a quiescent point: the calling thread holds no reference
 * obtained before this call.  Queues the callbacks the thread postponed
 * since its last quiescent point (the only case in which it takes a
 * lock).  Registers the thread if needed.  Never waits. */
void rcu_quiesce(void);

/* Puts the calling thread in a quiescent state: it holds no references
 * until rcu_quiesce_end().  Queues its postponed callbacks.  Does nothing
 * for an unregistered thread.  Never waits. */
void rcu_quiesce_start(void);

/* Ends the calling thread's quiescent state: it may take references again.
 * Registers the thread if needed.  Never waits. */
void rcu_quiesce_end(void);

/* Returns true if the calling thread holds no references as far as RCU is
 * concerned: it is unregistered, or between rcu_quiesce_start() and
 * rcu_quiesce_end(). */
bool rcu_is_quiescent(void);

/* Arranges for FUNCTION(ARG) to be called after every registered thread
 * has passed a quiescent point after this call, e.g.:
 *
 *     rcu_postpone(free, old_table);
 *
 * In an online registered thread the callback waits in a per-thread
 * batch, with no lock taken, until the thread's next quiescent point (or
 * until 16 have gathered); otherwise it is queued at once.  Never waits
 * for a grace period and never calls FUNCTION itself. */
void rcu_postpone(void (*function)(void *), void *arg);

/* Waits until every registered thread other than the caller has passed a
 * quiescent point after this call.  The caller must hold no references; it
 * is quiescent while it waits.  Logs a warning naming the thread that
 * holds it up every time the wait doubles past one second. */
void rcu_synchronize(void);

/* Runs the postponed callbacks whose grace period has ended, in the
 * calling thread, and returns how many ran.  Never waits for a grace
 * period.  Programs need not call it (the background thread does the
 * same), but a single-threaded tool may. */
size_t rcu_run(void);

/* Waits until every callback that the calling thread postponed before
 * this call, and every callback that other threads had queued (at their
 * quiescent points) before it, has run.  The caller must hold no
 * references.  For orderly shutdown and tests. */
void rcu_barrier(void);

#endif /* rcu.h */

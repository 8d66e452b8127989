/*
 * atomic: thin wrappers over C11 <stdatomic.h>.
 *
 * Shared variables that more than one thread touches without a lock are
 * declared _Atomic and accessed only through these macros (or the C11
 * functions themselves), so that every access names its memory order:
 *
 *     relaxed  - no ordering; for counters and statistics.
 *     acquire  - later reads and writes of this thread stay after it; pairs
 *                with a release write to the same variable.
 *     release  - earlier reads and writes of this thread stay before it.
 *
 * P is always a pointer to an _Atomic object.  Nothing here allocates,
 * locks or makes a system call, so all of it may run on the fast path.
 *
 * Thread safety: that is what it is for.
 */
#ifndef SLUICE_ATOMIC_H
#define SLUICE_ATOMIC_H 1

#include <stdatomic.h>
#include <stdbool.h>

/* Loads *P with no ordering. */
#define atomic_read_relaxed(P) atomic_load_explicit(P, memory_order_relaxed)

/* Loads *P with acquire semantics. */
#define atomic_read_acquire(P) atomic_load_explicit(P, memory_order_acquire)

/* Stores VALUE into *P with no ordering. */
#define atomic_store_relaxed(P, VALUE) \
    atomic_store_explicit(P, VALUE, memory_order_relaxed)

/* Stores VALUE into *P with release semantics. */
#define atomic_store_release(P, VALUE) \
    atomic_store_explicit(P, VALUE, memory_order_release)

/* Adds VALUE to *P with no ordering and returns the previous value.  For
 * statistics that only need to be exact eventually. */
#define atomic_add_relaxed(P, VALUE) \
    atomic_fetch_add_explicit(P, VALUE, memory_order_relaxed)

/* Subtracts VALUE from *P with no ordering and returns the previous
 * value. */
#define atomic_sub_relaxed(P, VALUE) \
    atomic_fetch_sub_explicit(P, VALUE, memory_order_relaxed)

/* Tells the CPU that the caller is busy-waiting, so that a sibling
 * hyperthread gets the execution resources and the memory system is not
 * flooded with speculative loads.  Use it in every spin loop. */
static inline void
atomic_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield" ::: "memory");
#else
    atomic_signal_fence(memory_order_seq_cst);
#endif
}

#endif /* atomic.h */

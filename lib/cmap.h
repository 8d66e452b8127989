/*
 * cmap: a concurrent hash map that any number of threads read without
 * locks while one thread at a time writes.
 *
 * Use.  Embed a 'struct cmap_node' in each element and insert it with a
 * 32-bit hash that the caller computes (hash.h).  Lookups return the nodes
 * with a given hash; the caller compares keys.  Several elements may share
 * a hash (and a key): they form a list in insertion order.  The map never
 * allocates or frees elements, only its table.
 *
 * Concurrency.  Readers (PMD threads among them) call cmap_find(),
 * cmap_find_batch() and the iteration macros at any time, with no lock,
 * no atomic read-modify-write and no store to shared memory; they must be
 * threads registered with RCU (rcu.h), online while they read.  Writers
 * (cmap_insert(), cmap_remove(), cmap_replace(), cmap_destroy()) must be
 * serialized by the caller: the map has no writer lock of its own, because
 * its users already hold one for the object it belongs to (a flow table,
 * a port map); say which in a comment beside the map.  Two writers at once
 * corrupt the map.
 *
 * A reader sees every element that stays in the map for the whole of its
 * lookup; an element inserted or removed during the lookup may or may not
 * be seen.  Elements are never seen half-written: the writer fills an
 * element before inserting it.  After cmap_remove() readers may still hold
 * the element, so free it with rcu_postpone() (rcu.h), never directly;
 * likewise for an element replaced by cmap_replace().  A pointer a reader
 * obtains stays valid until its next RCU quiescent point.
 *
 * Iteration (CMAP_FOR_EACH) concurrent with a writer visits every element
 * that stays in the map and is not moved meanwhile; it may miss elements
 * the writer moves between buckets (to make room) and may visit such an
 * element twice.  A writer iterating its own map sees each element exactly
 * once and may remove the current element (freed with rcu_postpone());
 * it must then be a registered, online RCU thread, so that neither that
 * element nor a table replaced meanwhile is freed before the iteration
 * ends.
 *
 * Design.  The table is an array of 2^N buckets of one 64-byte cache line
 * each.  A bucket holds CMAP_K entries (5 on 64-bit systems): a 32-bit hash
 * and a pointer to the first node of the list with that hash, plus a
 * version counter.  Each hash has two candidate buckets, chosen by two
 * functions of the hash mixed with a random per-table basis (so that a
 * flood of crafted hashes cannot be aimed at buckets), and lives in one of
 * them (cuckoo hashing).  A lookup reads at most two cache lines and never
 * follows a pointer before it has found the hash.  When both candidates
 * are full, an insertion searches breadth-first for a short chain of
 * entries that can each move to their other bucket and moves them, last
 * first, so that every entry is always in at least one of its buckets.
 *
 * A writer makes the counter of a bucket odd while it changes the bucket
 * and even again after.  A reader reads the counter, waits while it is
 * odd, reads the entries, and retries if the counter has changed
 * (optimistic concurrency, as in a seqlock).  A lookup that misses in both
 * buckets rechecks the first bucket's counter, which catches an entry
 * moving from the second bucket to the first between the two reads.
 *
 * The table grows (to twice the size) when 85% of its entries are in use
 * or an insertion finds no free path, and shrinks when fewer than 20% are,
 * always by building a new table, publishing it with rcu_set() and freeing
 * the old one with rcu_postpone(): readers still in the old table finish
 * their lookups there.  The lists of nodes are shared between the old and
 * new tables and are never rewritten by a resize.
 *
 * Thread safety: as above.
 */
#ifndef SLUICE_CMAP_H
#define SLUICE_CMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rcu.h"
#include "util.h"

/* An element's link into a cmap. */
struct cmap_node {
    RCU(struct cmap_node *) next;   /* Next node with the same hash. */
};

/* A concurrent map.  All members are private. */
struct cmap {
    RCU(struct cmap_impl *) impl;
};

/* The table of every empty map, which is never written. */
extern struct cmap_impl cmap_empty_impl__;

/* Static initializer for an empty map, which allocates nothing until the
 * first insertion. */
#define CMAP_INITIALIZER { &cmap_empty_impl__ }

/* The most hashes cmap_find_batch() looks up at once. */
#define CMAP_BATCH_MAX 32

/* Initializes CMAP as an empty map.  Allocates nothing. */
void cmap_init(struct cmap *cmap);

/* Frees CMAP's table, after a grace period since readers may still use
 * it.  Does not touch the elements, which the caller frees (with
 * rcu_postpone() if readers may still hold them).  A null CMAP is a
 * no-op.  A writer operation. */
void cmap_destroy(struct cmap *cmap);

/* Returns the number of elements in CMAP.  Exact for a writer; a reader
 * gets a recent value. */
size_t cmap_count(const struct cmap *cmap);

/* Returns true if CMAP has no elements (see cmap_count()). */
bool cmap_is_empty(const struct cmap *cmap);

/* Returns how many distinct hashes CMAP's current table has room for
 * before it must grow; for memory reporting and tests. */
size_t cmap_capacity(const struct cmap *cmap);

/* Inserts NODE, which must not be in any map, into CMAP with HASH.  If
 * elements with HASH are present, NODE goes at the end of their list.
 * May grow the table.  A writer operation; aborts if NODE is already in
 * CMAP's list for HASH. */
void cmap_insert(struct cmap *cmap, struct cmap_node *node, uint32_t hash);

/* Removes NODE, which must be in CMAP with HASH.  NODE keeps its link, so
 * that readers standing on it continue to the rest of the list; free it
 * only after a grace period.  May shrink the table.  A writer operation;
 * aborts if NODE is not in CMAP with HASH, which would mean a wrong hash
 * and a corrupted caller. */
void cmap_remove(struct cmap *cmap, struct cmap_node *node, uint32_t hash);

/* Puts NEW_NODE, which must not be in any map, in the place of OLD_NODE,
 * which must be in CMAP with HASH.  Readers see one or the other, never
 * neither.  Free OLD_NODE only after a grace period.  A writer operation;
 * aborts if OLD_NODE is not in CMAP with HASH. */
void cmap_replace(struct cmap *cmap, struct cmap_node *old_node,
                  struct cmap_node *new_node, uint32_t hash);

/* Returns the first node with HASH in CMAP, or NULL.  The rest follow with
 * cmap_node_next(); CMAP_FOR_EACH_WITH_HASH walks them all. */
struct cmap_node *cmap_find(const struct cmap *cmap, uint32_t hash);

/* Looks up several hashes at once, which overlaps their cache misses: for
 * each bit I set in MAP (at most CMAP_BATCH_MAX of them, so MAP is 32
 * bits), sets NODES[I] to the first node with HASHES[I] or to NULL.
 * Returns the bits of MAP whose hash was found.  Entries of HASHES and
 * NODES whose bit is clear are not touched. */
uint32_t cmap_find_batch(const struct cmap *cmap, uint32_t map,
                         const uint32_t hashes[],
                         struct cmap_node *nodes[]);

/* Returns the node after NODE with the same hash, or NULL. */
static inline struct cmap_node *
cmap_node_next(const struct cmap_node *node)
{
    return rcu_get(&node->next);
}

/* Iteration state for CMAP_FOR_EACH.  Private. */
struct cmap_cursor {
    const struct cmap_impl *impl;
    size_t bucket_idx;
    int entry_idx;
    struct cmap_node *node;
};

struct cmap_cursor cmap_cursor_start(const struct cmap *cmap);
void cmap_cursor_advance(struct cmap_cursor *cursor);

/* The iteration macros keep their state in hidden variables named after
 * NODE.  After a loop that ran to its end, NODE is NULL. */
#define CMAP_ITER__(NODE) NODE##__cmap_iter

/* Iterates NODE (a pointer to the element type, which contains a 'struct
 * cmap_node' named MEMBER) over the elements of CMAP with HASH, in
 * insertion order. */
#define CMAP_FOR_EACH_WITH_HASH(NODE, MEMBER, HASH, CMAP)               \
    CMAP_NODE_FOR_EACH(NODE, MEMBER, cmap_find(CMAP, HASH))

/* Iterates NODE over the element containing CMAP_NODE (which may be
 * NULL) and the elements that follow it with the same hash, e.g. over a
 * result of cmap_find_batch(). */
#define CMAP_NODE_FOR_EACH(NODE, MEMBER, CMAP_NODE)                     \
    for (struct cmap_node *CMAP_ITER__(NODE) = (CMAP_NODE);             \
         (CMAP_ITER__(NODE)                                             \
          ? (INIT_CONTAINER(NODE, CMAP_ITER__(NODE), MEMBER), 1)        \
          : ((NODE) = NULL, 0));                                        \
         CMAP_ITER__(NODE) = cmap_node_next(CMAP_ITER__(NODE)))

/* Iterates NODE over every element of CMAP, in no particular order.  See
 * the top of this file for what a concurrent writer does to it. */
#define CMAP_FOR_EACH(NODE, MEMBER, CMAP)                               \
    for (struct cmap_cursor CMAP_ITER__(NODE) = cmap_cursor_start(CMAP); \
         (CMAP_ITER__(NODE).node                                        \
          ? (INIT_CONTAINER(NODE, CMAP_ITER__(NODE).node, MEMBER), 1)   \
          : ((NODE) = NULL, 0));                                        \
         cmap_cursor_advance(&CMAP_ITER__(NODE)))

#endif /* cmap.h */

/* cmap: concurrent cuckoo hash map.  See cmap.h for the design. */
#include <config.h>
#include "cmap.h"

#include <inttypes.h>
#include <string.h>
#include "atomic.h"
#include "hash.h"
#include "timeval.h"

/* Entries per bucket: as many as fit in a cache line beside the
 * counter. */
#define CMAP_K ((SLUICE_CACHE_LINE_SIZE - 4) / (4 + sizeof(void *)))

/* A bucket: one cache line. */
struct cmap_bucket {
    /* Odd while a writer changes the bucket; bumped twice per change. */
    atomic_uint counter;

    /* Entry I, if NODES[I] is nonnull, is the list of nodes with hash
     * HASHES[I].  An entry with a null node is free (its hash is stale). */
    _Atomic uint32_t hashes[CMAP_K];
    RCU(struct cmap_node *) nodes[CMAP_K];
};
BUILD_ASSERT_DECL(sizeof(struct cmap_bucket) == SLUICE_CACHE_LINE_SIZE);

/* Load factors, in percent of entries in use, beyond which the table
 * grows, below which it shrinks, and at which it is rebuilt. */
#define CMAP_MAX_LOAD 85
#define CMAP_MIN_LOAD 20
#define CMAP_NEW_LOAD 50

/* The breadth-first search for room gives up beyond this many moves or
 * this many buckets examined; the table grows instead. */
#define CMAP_MAX_DEPTH 4
#define CMAP_MAX_QUEUE 512

struct cmap_impl {
    /* Read by every lookup; written only before the table is published. */
    struct cmap_bucket *buckets;    /* 'mask + 1' buckets. */
    size_t mask;
    uint32_t basis;                 /* Mixed into every hash. */

    /* Written by the writer on every change, so on another cache line
     * than the members above.  'n' is read by cmap_count() too. */
    _Atomic size_t n SLUICE_CACHE_ALIGNED;  /* Nodes. */
    size_t n_unique;                /* Entries in use (distinct hashes). */
    size_t max_n_unique;            /* Grow beyond this many. */
    size_t min_n_unique;            /* Shrink below this many. */
};

static struct cmap_bucket cmap_empty_bucket;

struct cmap_impl cmap_empty_impl__ = {
    .buckets = &cmap_empty_bucket,
    .mask = 0,
    .basis = 0,
    .n = 0,
    .n_unique = 0,
    .max_n_unique = 0,          /* So that the first insertion grows. */
    .min_n_unique = 0,
};

/* Hashing. */

/* Returns the first bucket index (before masking) of HASH in IMPL: HASH
 * mixed with the table's basis, so that buckets are well spread even when
 * the caller's hashes vary only in a few bits. */
static inline uint32_t
cmap_hash1(const struct cmap_impl *impl, uint32_t hash)
{
    uint32_t h = hash ^ impl->basis;
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    h ^= h >> 16;
    return h;
}

/* Returns the second bucket index (before masking) given the first. */
static inline uint32_t
cmap_hash2(uint32_t h1)
{
    return (h1 << 16) | (h1 >> 16);
}

static inline struct cmap_bucket *
cmap_bucket1(const struct cmap_impl *impl, uint32_t hash)
{
    return &impl->buckets[cmap_hash1(impl, hash) & impl->mask];
}

static inline struct cmap_bucket *
cmap_bucket2(const struct cmap_impl *impl, uint32_t hash)
{
    return &impl->buckets[cmap_hash2(cmap_hash1(impl, hash)) & impl->mask];
}

/* Reading. */

/* Returns BUCKET's counter once it is even (no writer inside). */
static inline unsigned int
read_even_counter(const struct cmap_bucket *bucket)
{
    unsigned int counter;
    for (;;) {
        counter = atomic_read_acquire(&bucket->counter);
        if (SLUICE_LIKELY(!(counter & 1))) {
            return counter;
        }
        atomic_pause();
    }
}

/* Returns true if BUCKET changed since its counter read COUNTER.  Orders
 * the reads of the entries before the second read of the counter. */
static inline bool
counter_changed(const struct cmap_bucket *bucket, unsigned int counter)
{
    atomic_thread_fence(memory_order_acquire);
    return SLUICE_UNLIKELY(atomic_read_relaxed(&bucket->counter) != counter);
}

/* Returns the list of nodes with HASH in BUCKET, or NULL.  The result is
 * meaningful only if the bucket's counter did not change meanwhile. */
static inline struct cmap_node *
bucket_find(const struct cmap_bucket *bucket, uint32_t hash)
{
    for (size_t i = 0; i < CMAP_K; i++) {
        if (atomic_read_relaxed(&bucket->hashes[i]) == hash) {
            struct cmap_node *node = rcu_get(&bucket->nodes[i]);
            if (node) {
                return node;
            }
        }
    }
    return NULL;
}

/* Looks up HASH in buckets B1 and B2 of a table, consistently. */
static struct cmap_node *
cmap_find_in_buckets(const struct cmap_bucket *b1,
                     const struct cmap_bucket *b2, uint32_t hash)
{
    for (;;) {
        unsigned int c1 = read_even_counter(b1);
        struct cmap_node *node = bucket_find(b1, hash);
        if (counter_changed(b1, c1)) {
            continue;
        }
        if (node) {
            return node;
        }

        unsigned int c2 = read_even_counter(b2);
        node = bucket_find(b2, hash);
        if (counter_changed(b2, c2)) {
            continue;
        }
        if (node) {
            return node;
        }

        /* Missed in both.  If the entry moved from B2 to B1 after B1 was
         * read, B1's counter tells. */
        if (!counter_changed(b1, c1)) {
            return NULL;
        }
    }
}

struct cmap_node *
cmap_find(const struct cmap *cmap, uint32_t hash)
{
    const struct cmap_impl *impl = rcu_get(&cmap->impl);
    uint32_t h1 = cmap_hash1(impl, hash);
    uint32_t h2 = cmap_hash2(h1);
    return cmap_find_in_buckets(&impl->buckets[h1 & impl->mask],
                                &impl->buckets[h2 & impl->mask], hash);
}

uint32_t
cmap_find_batch(const struct cmap *cmap, uint32_t map,
                const uint32_t hashes[], struct cmap_node *nodes[])
{
    const struct cmap_impl *impl = rcu_get(&cmap->impl);
    const struct cmap_bucket *b1s[CMAP_BATCH_MAX];
    const struct cmap_bucket *b2s[CMAP_BATCH_MAX];
    unsigned int c1s[CMAP_BATCH_MAX];
    unsigned int c2s[CMAP_BATCH_MAX];
    uint32_t found = 0;
    uint32_t b1_misses = 0;
    uint32_t bits;

    /* Compute every pair of buckets and start loading the first ones. */
    for (bits = map; bits; bits &= bits - 1) {
        int i = __builtin_ctz(bits);
        uint32_t h1 = cmap_hash1(impl, hashes[i]);
        b1s[i] = &impl->buckets[h1 & impl->mask];
        b2s[i] = &impl->buckets[cmap_hash2(h1) & impl->mask];
        __builtin_prefetch(b1s[i]);
    }

    /* Search the first buckets; start loading the second ones of the
     * misses. */
    for (bits = map; bits; bits &= bits - 1) {
        int i = __builtin_ctz(bits);
        c1s[i] = read_even_counter(b1s[i]);
        nodes[i] = bucket_find(b1s[i], hashes[i]);
        if (nodes[i]) {
            found |= UINT32_C(1) << i;
        } else {
            b1_misses |= UINT32_C(1) << i;
            __builtin_prefetch(b2s[i]);
        }
    }

    /* Search the second buckets of the misses. */
    for (bits = b1_misses; bits; bits &= bits - 1) {
        int i = __builtin_ctz(bits);
        c2s[i] = read_even_counter(b2s[i]);
        nodes[i] = bucket_find(b2s[i], hashes[i]);
        if (nodes[i]) {
            found |= UINT32_C(1) << i;
        }
    }

    /* Check that no bucket changed meanwhile; redo the lookups that saw a
     * change, one at a time. */
    for (bits = map; bits; bits &= bits - 1) {
        int i = __builtin_ctz(bits);
        uint32_t bit = UINT32_C(1) << i;
        if (counter_changed(b1s[i], c1s[i])
            || (b1_misses & bit && counter_changed(b2s[i], c2s[i]))) {
            nodes[i] = cmap_find_in_buckets(b1s[i], b2s[i], hashes[i]);
            if (nodes[i]) {
                found |= bit;
            } else {
                found &= ~bit;
            }
        }
    }
    return found;
}

size_t
cmap_count(const struct cmap *cmap)
{
    const struct cmap_impl *impl = rcu_get(&cmap->impl);
    return atomic_read_relaxed(&impl->n);
}

bool
cmap_is_empty(const struct cmap *cmap)
{
    return cmap_count(cmap) == 0;
}

size_t
cmap_capacity(const struct cmap *cmap)
{
    const struct cmap_impl *impl = rcu_get(&cmap->impl);
    return impl->max_n_unique;
}

/* Iteration. */

/* Moves CURSOR to the first used entry at or after its position, or sets
 * its node to NULL at the end of the table. */
static void
cmap_cursor_seek(struct cmap_cursor *cursor)
{
    const struct cmap_impl *impl = cursor->impl;
    for (; cursor->bucket_idx <= impl->mask; cursor->bucket_idx++) {
        const struct cmap_bucket *b = &impl->buckets[cursor->bucket_idx];
        for (; cursor->entry_idx < (int) CMAP_K; cursor->entry_idx++) {
            struct cmap_node *node = rcu_get(&b->nodes[cursor->entry_idx]);
            if (node) {
                cursor->node = node;
                return;
            }
        }
        cursor->entry_idx = 0;
    }
    cursor->node = NULL;
}

struct cmap_cursor
cmap_cursor_start(const struct cmap *cmap)
{
    struct cmap_cursor cursor = {
        .impl = rcu_get(&cmap->impl),
        .bucket_idx = 0,
        .entry_idx = 0,
        .node = NULL,
    };
    cmap_cursor_seek(&cursor);
    return cursor;
}

void
cmap_cursor_advance(struct cmap_cursor *cursor)
{
    cursor->node = cmap_node_next(cursor->node);
    if (!cursor->node) {
        cursor->entry_idx++;
        cmap_cursor_seek(cursor);
    }
}

/* Writing. */

/* Sets entry I of BUCKET to the list NODE with HASH (NODE may be NULL to
 * free the entry), as one change that readers see whole. */
static void
bucket_set(struct cmap_bucket *bucket, size_t i, struct cmap_node *node,
           uint32_t hash)
{
    unsigned int counter = atomic_read_relaxed(&bucket->counter);
    atomic_store_relaxed(&bucket->counter, counter + 1);
    atomic_thread_fence(memory_order_release);
    atomic_store_relaxed(&bucket->hashes[i], hash);
    rcu_set(&bucket->nodes[i], node);
    atomic_store_release(&bucket->counter, counter + 2);
}

/* Returns the index of a free entry in BUCKET, or -1. */
static int
bucket_free_entry(const struct cmap_bucket *bucket)
{
    for (size_t i = 0; i < CMAP_K; i++) {
        if (!rcu_get_protected(&bucket->nodes[i])) {
            return i;
        }
    }
    return -1;
}

/* Finds the entry for HASH in IMPL.  Returns true and sets *BUCKETP and
 * *IDXP if there is one.  For the writer. */
static bool
cmap_find_entry(const struct cmap_impl *impl, uint32_t hash,
                struct cmap_bucket **bucketp, size_t *idxp)
{
    struct cmap_bucket *buckets[2] = {
        cmap_bucket1(impl, hash), cmap_bucket2(impl, hash)
    };
    for (int b = 0; b < 2; b++) {
        for (size_t i = 0; i < CMAP_K; i++) {
            if (rcu_get_protected(&buckets[b]->nodes[i])
                && atomic_read_relaxed(&buckets[b]->hashes[i]) == hash) {
                *bucketp = buckets[b];
                *idxp = i;
                return true;
            }
        }
    }
    return false;
}

/* One step of the search for room: bucket BUCKET_IDX, reached by moving
 * the entry in slot SLOT of the bucket of step PARENT (-1 for the two
 * candidate buckets of the new entry). */
struct cmap_step {
    size_t bucket_idx;
    int parent;
    int slot;
    int depth;
};

/* Returns the index of the bucket other than BUCKET_IDX where the entry
 * with HASH may live in IMPL (BUCKET_IDX itself if both are the same). */
static size_t
cmap_other_bucket(const struct cmap_impl *impl, uint32_t hash,
                  size_t bucket_idx)
{
    uint32_t h1 = cmap_hash1(impl, hash);
    size_t i1 = h1 & impl->mask;
    size_t i2 = cmap_hash2(h1) & impl->mask;
    return i1 == bucket_idx ? i2 : i1;
}

/* Adds an entry for the list NODE with HASH, which IMPL does not have, to
 * IMPL, moving other entries to make room if needed.  Returns false if no
 * room was found (IMPL is unchanged then). */
static bool
cmap_add_entry(struct cmap_impl *impl, struct cmap_node *node, uint32_t hash)
{
    struct cmap_step queue[CMAP_MAX_QUEUE];
    size_t n_queue = 0;
    uint32_t h1 = cmap_hash1(impl, hash);
    size_t i1 = h1 & impl->mask;
    size_t i2 = cmap_hash2(h1) & impl->mask;

    queue[n_queue++] = (struct cmap_step) { i1, -1, -1, 0 };
    if (i2 != i1) {
        queue[n_queue++] = (struct cmap_step) { i2, -1, -1, 0 };
    }

    for (size_t head = 0; head < n_queue; head++) {
        const struct cmap_step *step = &queue[head];
        struct cmap_bucket *bucket = &impl->buckets[step->bucket_idx];
        int free_idx = bucket_free_entry(bucket);

        if (free_idx >= 0) {
            /* Move the entries along the path, last first, each into the
             * entry its successor just vacated (or the free one); then the
             * first bucket on the path has room.  Every moved entry is in
             * its new bucket before its old place is overwritten. */
            size_t cur = head;
            size_t dst_idx = free_idx;
            while (queue[cur].parent >= 0) {
                const struct cmap_step *s = &queue[cur];
                struct cmap_bucket *src
                    = &impl->buckets[queue[s->parent].bucket_idx];
                bucket_set(&impl->buckets[s->bucket_idx], dst_idx,
                           rcu_get_protected(&src->nodes[s->slot]),
                           atomic_read_relaxed(&src->hashes[s->slot]));
                dst_idx = s->slot;
                cur = s->parent;
            }
            bucket_set(&impl->buckets[queue[cur].bucket_idx], dst_idx,
                       node, hash);
            return true;
        }

        if (step->depth >= CMAP_MAX_DEPTH) {
            continue;
        }
        for (size_t i = 0; i < CMAP_K && n_queue < CMAP_MAX_QUEUE; i++) {
            uint32_t entry_hash = atomic_read_relaxed(&bucket->hashes[i]);
            size_t other = cmap_other_bucket(impl, entry_hash,
                                             step->bucket_idx);
            if (other != step->bucket_idx) {
                queue[n_queue++] = (struct cmap_step) {
                    other, (int) head, (int) i, step->depth + 1
                };
            }
        }
    }
    return false;
}

/* Returns the number of buckets for a new table that will hold N distinct
 * hashes at no more than CMAP_NEW_LOAD. */
static size_t
cmap_calc_n_buckets(size_t n)
{
    size_t n_buckets = 1;
    while (n_buckets * CMAP_K * CMAP_NEW_LOAD / 100 < n) {
        if (n_buckets >= (SIZE_MAX / 2) / SLUICE_CACHE_LINE_SIZE / 100) {
            out_of_memory();
        }
        n_buckets *= 2;
    }
    return n_buckets;
}

static struct cmap_impl *
cmap_impl_create(size_t n_buckets)
{
    static atomic_uint serial;
    size_t header = ROUND_UP(sizeof(struct cmap_impl),
                             SLUICE_CACHE_LINE_SIZE);
    size_t capacity = n_buckets * CMAP_K;
    struct cmap_impl *impl = xmalloc_cacheline(
        header + n_buckets * sizeof(struct cmap_bucket));

    memset(impl, 0, header);
    impl->buckets = (struct cmap_bucket *) (void *) ((char *) impl + header);
    memset(impl->buckets, 0, n_buckets * sizeof(struct cmap_bucket));
    impl->mask = n_buckets - 1;
    impl->basis = hash_int(atomic_add_relaxed(&serial, 1),
                           (uint32_t) time_nsec());
    atomic_init(&impl->n, 0);
    impl->n_unique = 0;
    impl->max_n_unique = capacity * CMAP_MAX_LOAD / 100;
    impl->min_n_unique = capacity * CMAP_MIN_LOAD / 100;
    return impl;
}

/* Replaces CMAP's table by a new one of at least N_BUCKETS buckets (more if
 * the entries do not fit) and returns it.  The old table is freed after a
 * grace period. */
static struct cmap_impl *
cmap_rehash(struct cmap *cmap, size_t n_buckets)
{
    struct cmap_impl *old = rcu_get_protected(&cmap->impl);
    struct cmap_impl *new;

    for (;;) {
        bool ok = true;

        new = cmap_impl_create(n_buckets);
        for (size_t b = 0; ok && b <= old->mask; b++) {
            const struct cmap_bucket *bucket = &old->buckets[b];
            for (size_t i = 0; i < CMAP_K; i++) {
                struct cmap_node *node
                    = rcu_get_protected(&bucket->nodes[i]);
                if (node
                    && !cmap_add_entry(new, node,
                                       atomic_read_relaxed(
                                           &bucket->hashes[i]))) {
                    ok = false;
                    break;
                }
            }
        }
        if (ok) {
            break;
        }
        free_cacheline(new);
        n_buckets *= 2;
    }

    atomic_init(&new->n, atomic_read_relaxed(&old->n));
    new->n_unique = old->n_unique;
    rcu_set(&cmap->impl, new);
    if (old != &cmap_empty_impl__) {
        rcu_postpone(free_cacheline, old);
    }
    return new;
}

void
cmap_init(struct cmap *cmap)
{
    rcu_init(&cmap->impl, &cmap_empty_impl__);
}

void
cmap_destroy(struct cmap *cmap)
{
    if (cmap) {
        struct cmap_impl *impl = rcu_get_protected(&cmap->impl);
        rcu_set(&cmap->impl, &cmap_empty_impl__);
        if (impl != &cmap_empty_impl__) {
            rcu_postpone(free_cacheline, impl);
        }
    }
}

static void
cmap_set_count(struct cmap_impl *impl, size_t n)
{
    atomic_store_relaxed(&impl->n, n);
}

void
cmap_insert(struct cmap *cmap, struct cmap_node *node, uint32_t hash)
{
    struct cmap_impl *impl = rcu_get_protected(&cmap->impl);
    struct cmap_bucket *bucket;
    size_t idx;

    rcu_init(&node->next, NULL);
    if (cmap_find_entry(impl, hash, &bucket, &idx)) {
        /* Append to the list with this hash.  NODE becomes visible with
         * the release store into its predecessor. */
        struct cmap_node *tail = rcu_get_protected(&bucket->nodes[idx]);
        for (;;) {
            if (tail == node) {
                sluice_abort("cmap_insert: node %p is already in the map "
                             "with hash %#"PRIx32, (void *) node, hash);
            }
            struct cmap_node *next = rcu_get_protected(&tail->next);
            if (!next) {
                break;
            }
            tail = next;
        }
        rcu_set(&tail->next, node);
    } else {
        if (impl->n_unique >= impl->max_n_unique) {
            impl = cmap_rehash(cmap, cmap_calc_n_buckets(impl->n_unique + 1));
        }
        while (!cmap_add_entry(impl, node, hash)) {
            impl = cmap_rehash(cmap, (impl->mask + 1) * 2);
        }
        impl->n_unique++;
    }
    cmap_set_count(impl, atomic_read_relaxed(&impl->n) + 1);
}

/* Finds NODE in CMAP with HASH.  Sets *BUCKETP and *IDXP to its entry, and
 * *PREVP to the node before it in the list, or to NULL if it is the first.
 * Aborts with a message naming FUNCTION if NODE is not there. */
static void
cmap_locate(const struct cmap_impl *impl, const struct cmap_node *node,
            uint32_t hash, const char *function,
            struct cmap_bucket **bucketp, size_t *idxp,
            struct cmap_node **prevp)
{
    if (cmap_find_entry(impl, hash, bucketp, idxp)) {
        struct cmap_node *prev = NULL;
        struct cmap_node *cur = rcu_get_protected(&(*bucketp)->nodes[*idxp]);
        for (; cur; prev = cur, cur = rcu_get_protected(&cur->next)) {
            if (cur == node) {
                *prevp = prev;
                return;
            }
        }
    }
    sluice_abort("%s: node %p is not in the map with hash %#"PRIx32,
                 function, (void *) node, hash);
}

void
cmap_remove(struct cmap *cmap, struct cmap_node *node, uint32_t hash)
{
    struct cmap_impl *impl = rcu_get_protected(&cmap->impl);
    struct cmap_bucket *bucket;
    struct cmap_node *prev;
    size_t idx;

    cmap_locate(impl, node, hash, __func__, &bucket, &idx, &prev);

    /* NODE keeps its 'next', so a reader standing on it goes on. */
    struct cmap_node *next = rcu_get_protected(&node->next);
    if (prev) {
        rcu_set(&prev->next, next);
    } else {
        bucket_set(bucket, idx, next, hash);
        if (!next) {
            impl->n_unique--;
        }
    }
    cmap_set_count(impl, atomic_read_relaxed(&impl->n) - 1);

    if (impl->n_unique < impl->min_n_unique && impl->mask > 0) {
        cmap_rehash(cmap, cmap_calc_n_buckets(impl->n_unique));
    }
}

void
cmap_replace(struct cmap *cmap, struct cmap_node *old_node,
             struct cmap_node *new_node, uint32_t hash)
{
    struct cmap_impl *impl = rcu_get_protected(&cmap->impl);
    struct cmap_bucket *bucket;
    struct cmap_node *prev;
    size_t idx;

    cmap_locate(impl, old_node, hash, __func__, &bucket, &idx, &prev);

    /* NEW_NODE's link is set before it becomes visible, by the release
     * store that publishes it. */
    rcu_init(&new_node->next, rcu_get_protected(&old_node->next));
    if (prev) {
        rcu_set(&prev->next, new_node);
    } else {
        bucket_set(bucket, idx, new_node, hash);
    }
}

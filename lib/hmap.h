/*
 * hmap: an intrusive hash map with chaining.
 *
 * Embed a 'struct hmap_node' in each element and insert it with a hash the
 * caller computes; lookups walk the nodes with that hash and the caller
 * compares keys.  Duplicates are allowed.  The map never allocates or frees
 * elements, only its bucket array.  Not thread-safe: for maps that the fast
 * path reads while the slow path writes, use cmap.
 *
 * The bucket array doubles when the element count exceeds twice the number
 * of buckets and halves when it falls well below, so a lookup costs O(1).
 */
#ifndef SLUICE_HMAP_H
#define SLUICE_HMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct hmap_node {
    size_t hash;
    struct hmap_node *next;
};

struct hmap {
    struct hmap_node **buckets;  /* 'mask + 1' buckets. */
    struct hmap_node *one;       /* Storage for the single initial bucket. */
    size_t mask;
    size_t n;
};

#define HMAP_INITIALIZER(HMAP) { (struct hmap_node **) &(HMAP)->one, NULL, 0, 0 }

static inline size_t
hmap_node_hash(const struct hmap_node *node)
{
    return node->hash;
}

void hmap_init(struct hmap *);
void hmap_destroy(struct hmap *);
void hmap_clear(struct hmap *);
void hmap_swap(struct hmap *, struct hmap *);
/* Fixes up HMAP after it was moved in memory from ORIG (e.g. by realloc). */
void hmap_moved(struct hmap *hmap);

static inline size_t hmap_count(const struct hmap *hmap) { return hmap->n; }
static inline bool hmap_is_empty(const struct hmap *hmap) { return !hmap->n; }

void hmap_expand_at(struct hmap *, const char *where);
void hmap_shrink_at(struct hmap *, const char *where);
void hmap_reserve(struct hmap *, size_t capacity);

static inline void
hmap_insert_fast(struct hmap *hmap, struct hmap_node *node, size_t hash)
{
    struct hmap_node **bucket = &hmap->buckets[hash & hmap->mask];
    node->hash = hash;
    node->next = *bucket;
    *bucket = node;
    hmap->n++;
}

/* Inserts NODE with HASH, growing the map if needed. */
static inline void
hmap_insert(struct hmap *hmap, struct hmap_node *node, size_t hash)
{
    hmap_insert_fast(hmap, node, hash);
    if (hmap->n / 2 > hmap->mask) {
        hmap_expand_at(hmap, __func__);
    }
}

static inline void
hmap_remove(struct hmap *hmap, struct hmap_node *node)
{
    struct hmap_node **bucket = &hmap->buckets[node->hash & hmap->mask];
    while (*bucket != node) {
        bucket = &(*bucket)->next;
    }
    *bucket = node->next;
    hmap->n--;
}

/* Puts NEW in OLD's place; both must have the same hash. */
void hmap_replace(struct hmap *, const struct hmap_node *old,
                  struct hmap_node *new_node);

static inline struct hmap_node *
hmap_next_with_hash__(const struct hmap_node *node, size_t hash)
{
    while (node && node->hash != hash) {
        node = node->next;
    }
    return (struct hmap_node *) node;
}

static inline struct hmap_node *
hmap_first_with_hash(const struct hmap *hmap, size_t hash)
{
    return hmap_next_with_hash__(hmap->buckets[hash & hmap->mask], hash);
}

static inline struct hmap_node *
hmap_next_with_hash(const struct hmap_node *node)
{
    return hmap_next_with_hash__(node->next, node->hash);
}

struct hmap_node *hmap_first(const struct hmap *);
struct hmap_node *hmap_next(const struct hmap *, const struct hmap_node *);

/* The iteration macros walk a hidden 'struct hmap_node *' named after
 * NODE and convert it only when it is non-null, so that NODE is never
 * computed from a null pointer.  After a loop that ran to its end, NODE is
 * NULL. */
#define HMAP_ITER__(NODE) NODE##__hmap_iter

/* Iterates over the elements with HASH. */
#define HMAP_FOR_EACH_WITH_HASH(NODE, MEMBER, HASH, HMAP)               \
    for (struct hmap_node *HMAP_ITER__(NODE)                            \
             = hmap_first_with_hash(HMAP, HASH);                        \
         (HMAP_ITER__(NODE)                                             \
          ? (INIT_CONTAINER(NODE, HMAP_ITER__(NODE), MEMBER), 1)        \
          : ((NODE) = NULL, 0));                                        \
         HMAP_ITER__(NODE) = hmap_next_with_hash(HMAP_ITER__(NODE)))

/* Iterates over every element.  Do not remove NODE inside; use _SAFE. */
#define HMAP_FOR_EACH(NODE, MEMBER, HMAP)                               \
    for (struct hmap_node *HMAP_ITER__(NODE) = hmap_first(HMAP);        \
         (HMAP_ITER__(NODE)                                             \
          ? (INIT_CONTAINER(NODE, HMAP_ITER__(NODE), MEMBER), 1)        \
          : ((NODE) = NULL, 0));                                        \
         HMAP_ITER__(NODE) = hmap_next(HMAP, HMAP_ITER__(NODE)))

/* Iterates over every element; NODE may be removed inside the loop. */
#define HMAP_FOR_EACH_SAFE(NODE, MEMBER, HMAP)                    \
    for (struct hmap_node *HMAP_ITER__(NODE) = hmap_first(HMAP),        \
             *NODE##__hmap_next = NULL;                                 \
         (HMAP_ITER__(NODE)                                             \
          ? (INIT_CONTAINER(NODE, HMAP_ITER__(NODE), MEMBER),           \
             NODE##__hmap_next = hmap_next(HMAP, HMAP_ITER__(NODE)),    \
                 1)                                                         \
          : ((NODE) = NULL, 0));                                        \
         HMAP_ITER__(NODE) = NODE##__hmap_next)

/* Removes and iterates over every element. */
#define HMAP_FOR_EACH_POP(NODE, MEMBER, HMAP)                           \
    for (struct hmap_node *HMAP_ITER__(NODE);                           \
         ((HMAP_ITER__(NODE) = hmap_first(HMAP))                        \
          ? (hmap_remove(HMAP, HMAP_ITER__(NODE)),                      \
             INIT_CONTAINER(NODE, HMAP_ITER__(NODE), MEMBER), 1)        \
          : 0);)

#endif /* hmap.h */

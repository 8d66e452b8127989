/* hmap: intrusive hash map.  See hmap.h. */
#include <config.h>
#include "hmap.h"

#include <string.h>

void
hmap_init(struct hmap *hmap)
{
    hmap->buckets = &hmap->one;
    hmap->one = NULL;
    hmap->mask = 0;
    hmap->n = 0;
}

void
hmap_destroy(struct hmap *hmap)
{
    if (hmap && hmap->buckets != &hmap->one) {
        free(hmap->buckets);
    }
}

void
hmap_clear(struct hmap *hmap)
{
    if (hmap->n > 0) {
        hmap->n = 0;
        memset(hmap->buckets, 0, (hmap->mask + 1) * sizeof *hmap->buckets);
    }
}

void
hmap_swap(struct hmap *a, struct hmap *b)
{
    struct hmap tmp = *a;
    *a = *b;
    *b = tmp;
    hmap_moved(a);
    hmap_moved(b);
}

void
hmap_moved(struct hmap *hmap)
{
    if (!hmap->mask) {
        hmap->buckets = &hmap->one;
    }
}

static void
resize(struct hmap *hmap, size_t new_mask)
{
    struct hmap tmp;

    tmp.buckets = new_mask ? xcalloc(new_mask + 1, sizeof *tmp.buckets)
                           : &tmp.one;
    tmp.one = NULL;
    tmp.mask = new_mask;
    tmp.n = 0;
    for (size_t i = 0; i <= hmap->mask; i++) {
        struct hmap_node *node, *next;
        for (node = hmap->buckets[i]; node; node = next) {
            next = node->next;
            hmap_insert_fast(&tmp, node, node->hash);
        }
    }
    hmap_swap(hmap, &tmp);
    hmap_destroy(&tmp);
}

static size_t
calc_mask(size_t capacity)
{
    size_t mask = capacity / 2;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
#if SIZE_MAX > UINT32_MAX
    mask |= mask >> 32;
#endif
    /* Keep at least two buckets once there is anything to hold. */
    if (mask) {
        mask |= 1;
    }
    return mask;
}

void
hmap_expand_at(struct hmap *hmap, const char *where SLUICE_UNUSED)
{
    size_t new_mask = calc_mask(hmap->n);
    if (new_mask > hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_shrink_at(struct hmap *hmap, const char *where SLUICE_UNUSED)
{
    size_t new_mask = calc_mask(hmap->n);
    if (new_mask < hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_reserve(struct hmap *hmap, size_t n)
{
    size_t new_mask = calc_mask(n);
    if (new_mask > hmap->mask) {
        resize(hmap, new_mask);
    }
}

void
hmap_replace(struct hmap *hmap, const struct hmap_node *old,
             struct hmap_node *new_node)
{
    struct hmap_node **bucket = &hmap->buckets[old->hash & hmap->mask];
    while (*bucket != old) {
        bucket = &(*bucket)->next;
    }
    *bucket = new_node;
    new_node->hash = old->hash;
    new_node->next = old->next;
}

static struct hmap_node *
first_in_bucket(const struct hmap *hmap, size_t start)
{
    for (size_t i = start; i <= hmap->mask; i++) {
        if (hmap->buckets[i]) {
            return hmap->buckets[i];
        }
    }
    return NULL;
}

struct hmap_node *
hmap_first(const struct hmap *hmap)
{
    return first_in_bucket(hmap, 0);
}

struct hmap_node *
hmap_next(const struct hmap *hmap, const struct hmap_node *node)
{
    return node->next ? node->next
                      : first_in_bucket(hmap, (node->hash & hmap->mask) + 1);
}

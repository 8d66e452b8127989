/*
 * shash: a map from strings to arbitrary pointers, built on hmap.
 *
 * The map owns copies of the keys; it does not own the data pointers
 * (shash_destroy_free_data() frees them with free()).  Not thread-safe.
 */
#ifndef SLUICE_SHASH_H
#define SLUICE_SHASH_H 1

#include "hmap.h"

struct shash_node {
    struct hmap_node node;
    char *name;
    void *data;
};

struct shash {
    struct hmap map;
};

#define SHASH_INITIALIZER(SHASH) { HMAP_INITIALIZER(&(SHASH)->map) }

#define SHASH_FOR_EACH(NODE, SHASH) \
    HMAP_FOR_EACH (NODE, node, &(SHASH)->map)

#define SHASH_FOR_EACH_SAFE(NODE, SHASH) \
    HMAP_FOR_EACH_SAFE (NODE, node, &(SHASH)->map)

void shash_init(struct shash *);
void shash_destroy(struct shash *);
void shash_destroy_free_data(struct shash *);
void shash_clear(struct shash *);
void shash_clear_free_data(struct shash *);
bool shash_is_empty(const struct shash *);
size_t shash_count(const struct shash *);
/* Adds NAME -> DATA even if NAME is already present. */
struct shash_node *shash_add(struct shash *, const char *name, const void *);
/* Like shash_add() but takes ownership of NAME. */
struct shash_node *shash_add_nocopy(struct shash *, char *name, const void *);
/* Adds NAME -> DATA only if NAME is absent; returns false otherwise. */
bool shash_add_once(struct shash *, const char *name, const void *);
/* Sets NAME -> DATA, returning the old data or NULL. */
void *shash_replace(struct shash *, const char *name, const void *data);
void shash_delete(struct shash *, struct shash_node *);
/* Removes NODE and returns its key, which the caller frees. */
char *shash_steal(struct shash *, struct shash_node *);
struct shash_node *shash_find(const struct shash *, const char *name);
struct shash_node *shash_find_len(const struct shash *, const char *name,
                                  size_t length);
void *shash_find_data(const struct shash *, const char *name);
/* Removes NAME and returns its data, or NULL if absent. */
void *shash_find_and_delete(struct shash *, const char *name);
/* Returns the nodes sorted by name, in an array the caller frees. */
const struct shash_node **shash_sort(const struct shash *);

#endif /* shash.h */

/* shash: string-keyed map.  See shash.h. */
#include <config.h>
#include "shash.h"

#include <stdlib.h>
#include <string.h>
#include "hash.h"

static size_t
hash_name(const char *name, size_t length)
{
    return hash_bytes(name, length, 0);
}

void
shash_init(struct shash *sh)
{
    hmap_init(&sh->map);
}

void
shash_destroy(struct shash *sh)
{
    if (sh) {
        shash_clear(sh);
        hmap_destroy(&sh->map);
    }
}

void
shash_destroy_free_data(struct shash *sh)
{
    if (sh) {
        shash_clear_free_data(sh);
        hmap_destroy(&sh->map);
    }
}

void
shash_clear(struct shash *sh)
{
    struct shash_node *node;
    HMAP_FOR_EACH_POP (node, node, &sh->map) {
        free(node->name);
        free(node);
    }
}

void
shash_clear_free_data(struct shash *sh)
{
    struct shash_node *node;
    HMAP_FOR_EACH_POP (node, node, &sh->map) {
        free(node->data);
        free(node->name);
        free(node);
    }
}

bool
shash_is_empty(const struct shash *sh)
{
    return hmap_is_empty(&sh->map);
}

size_t
shash_count(const struct shash *sh)
{
    return hmap_count(&sh->map);
}

struct shash_node *
shash_add_nocopy(struct shash *sh, char *name, const void *data)
{
    struct shash_node *node = xmalloc(sizeof *node);
    node->name = name;
    node->data = (void *) data;
    hmap_insert(&sh->map, &node->node, hash_name(name, strlen(name)));
    return node;
}

struct shash_node *
shash_add(struct shash *sh, const char *name, const void *data)
{
    return shash_add_nocopy(sh, xstrdup(name), data);
}

bool
shash_add_once(struct shash *sh, const char *name, const void *data)
{
    if (!shash_find(sh, name)) {
        shash_add(sh, name, data);
        return true;
    }
    return false;
}

void *
shash_replace(struct shash *sh, const char *name, const void *data)
{
    struct shash_node *node = shash_find(sh, name);
    if (!node) {
        shash_add(sh, name, data);
        return NULL;
    }
    void *old = node->data;
    node->data = (void *) data;
    return old;
}

void
shash_delete(struct shash *sh, struct shash_node *node)
{
    free(shash_steal(sh, node));
}

char *
shash_steal(struct shash *sh, struct shash_node *node)
{
    char *name = node->name;
    hmap_remove(&sh->map, &node->node);
    free(node);
    return name;
}

struct shash_node *
shash_find_len(const struct shash *sh, const char *name, size_t length)
{
    struct shash_node *node;
    HMAP_FOR_EACH_WITH_HASH (node, node, hash_name(name, length), &sh->map) {
        if (!strncmp(node->name, name, length) && !node->name[length]) {
            return node;
        }
    }
    return NULL;
}

struct shash_node *
shash_find(const struct shash *sh, const char *name)
{
    return shash_find_len(sh, name, strlen(name));
}

void *
shash_find_data(const struct shash *sh, const char *name)
{
    struct shash_node *node = shash_find(sh, name);
    return node ? node->data : NULL;
}

void *
shash_find_and_delete(struct shash *sh, const char *name)
{
    struct shash_node *node = shash_find(sh, name);
    if (!node) {
        return NULL;
    }
    void *data = node->data;
    shash_delete(sh, node);
    return data;
}

static int
compare_nodes_by_name(const void *a_, const void *b_)
{
    const struct shash_node *const *a = a_;
    const struct shash_node *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

const struct shash_node **
shash_sort(const struct shash *sh)
{
    size_t n = shash_count(sh);
    const struct shash_node **nodes = xmalloc((n ? n : 1) * sizeof *nodes);
    size_t i = 0;
    struct shash_node *node;
    SHASH_FOR_EACH (node, sh) {
        nodes[i++] = node;
    }
    qsort(nodes, n, sizeof *nodes, compare_nodes_by_name);
    return nodes;
}

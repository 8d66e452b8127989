/*
 * smap: a map from strings to strings, for options, other_config and
 * status columns ("dpdk-devargs" -> "net_pcap0,rx_pcap=in.pcap").
 *
 * The map owns copies of its keys and values and frees them.  Each key is
 * present at most once: smap_add() is for keys the caller knows to be
 * absent (adding one twice is a bug and aborts), smap_add_once() and
 * smap_replace() are for keys that may already be there.  Iteration order
 * is unspecified; smap_sort() gives the nodes in key order.
 *
 * Text form, for command lines and logs: smap_from_string() parses
 * "key=value,key2=value2" and smap_format() prints a map the same way.
 * Whitespace around keys and values is ignored.  A key or value that holds
 * a comma, an equals sign, a double quote, a backslash or leading or
 * trailing whitespace, or that is empty, is written in double quotes, in
 * which \" and \\ stand for a quote and a backslash:
 *
 *     dpdk-devargs="net_pcap0,rx_pcap=in.pcap",n_rxq=2
 *
 * An unquoted value runs to the next comma and may hold '=' signs
 * ("dpdk-extra=--file-prefix=x").
 *
 * Thread safety: none; a map has one owner at a time, and const functions
 * may run concurrently with each other.
 */
#ifndef SLUICE_SMAP_H
#define SLUICE_SMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include "hmap.h"
#include "util.h"

struct ds;

struct smap_node {
    struct hmap_node node;      /* In struct smap's 'map'. */
    char *key;                  /* Owned by the map. */
    char *value;                /* Owned by the map. */
};

struct smap {
    struct hmap map;            /* Contains "struct smap_node"s. */
};

#define SMAP_INITIALIZER(SMAP) { HMAP_INITIALIZER(&(SMAP)->map) }

/* Iterates over every node of SMAP, in no particular order.  Do not add or
 * remove nodes inside; use SMAP_FOR_EACH_SAFE to remove NODE. */
#define SMAP_FOR_EACH(NODE, SMAP) \
    HMAP_FOR_EACH (NODE, node, &(SMAP)->map)

#define SMAP_FOR_EACH_SAFE(NODE, SMAP) \
    HMAP_FOR_EACH_SAFE (NODE, node, &(SMAP)->map)

/* Initializes SMAP as an empty map. */
void smap_init(struct smap *smap);

/* Frees every key and value of SMAP and its memory.  SMAP must be
 * initialized again before reuse.  A null SMAP is a no-op. */
void smap_destroy(struct smap *smap);

/* Removes and frees every node of SMAP, leaving it empty and usable. */
void smap_clear(struct smap *smap);

/* Initializes DST as a copy of SRC. */
void smap_clone(struct smap *dst, const struct smap *src);

/* Exchanges the contents of A and B. */
void smap_swap(struct smap *a, struct smap *b);

/* Adds KEY=VALUE to SMAP (copying both) and returns the new node.  KEY must
 * not be in SMAP: adding a key twice is a bug and aborts.  Use
 * smap_add_once() or smap_replace() for keys that may be present. */
struct smap_node *smap_add(struct smap *smap, const char *key,
                           const char *value);

/* Like smap_add() but takes ownership of KEY and VALUE, which must come
 * from malloc(). */
struct smap_node *smap_add_nocopy(struct smap *smap, char *key,
                                  char *value);

/* Like smap_add() with a value formatted as by printf(). */
struct smap_node *smap_add_format(struct smap *smap, const char *key,
                                  const char *format, ...)
    SLUICE_PRINTF_FORMAT(3, 4);

/* Adds KEY=VALUE to SMAP if KEY is absent and returns true; otherwise
 * leaves SMAP alone and returns false. */
bool smap_add_once(struct smap *smap, const char *key, const char *value);

/* Sets KEY's value in SMAP to VALUE, adding KEY if it is absent. */
void smap_replace(struct smap *smap, const char *key, const char *value);

/* Removes KEY and its value from SMAP.  Returns true if KEY was present,
 * false (and does nothing) otherwise. */
bool smap_remove(struct smap *smap, const char *key);

/* Removes NODE, which must be in SMAP, and frees it. */
void smap_remove_node(struct smap *smap, struct smap_node *node);

/* Returns the node for KEY in SMAP, or NULL if KEY is absent. */
struct smap_node *smap_get_node(const struct smap *smap, const char *key);

/* Returns the value of KEY in SMAP, or NULL if KEY is absent.  The string
 * belongs to SMAP and stays valid until KEY is removed or replaced. */
const char *smap_get(const struct smap *smap, const char *key);

/* Returns the value of KEY in SMAP, or DEF if KEY is absent. */
const char *smap_get_def(const struct smap *smap, const char *key,
                         const char *def);

/* Returns the value of KEY in SMAP as a decimal int, or DEF if KEY is
 * absent or its value is not a whole decimal int (trailing characters and
 * out-of-range numbers count as invalid). */
int smap_get_int(const struct smap *smap, const char *key, int def);

/* Like smap_get_int() for an unsigned int: a sign makes the value
 * invalid. */
unsigned int smap_get_uint(const struct smap *smap, const char *key,
                           unsigned int def);

/* Like smap_get_uint() for an unsigned long long. */
unsigned long long smap_get_ullong(const struct smap *smap, const char *key,
                                   unsigned long long def);

/* Returns true if KEY's value in SMAP is "true", false if it is "false",
 * and DEF if KEY is absent or has any other value. */
bool smap_get_bool(const struct smap *smap, const char *key, bool def);

/* Returns the number of keys in SMAP. */
size_t smap_count(const struct smap *smap);

/* Returns true if SMAP has no keys. */
bool smap_is_empty(const struct smap *smap);

/* Returns true if A and B hold the same keys with the same values. */
bool smap_equal(const struct smap *a, const struct smap *b);

/* Returns SMAP's nodes sorted by key, in an array of smap_count(SMAP)
 * pointers that the caller frees with free() (the nodes stay SMAP's). */
const struct smap_node **smap_sort(const struct smap *smap);

/* Parses S, in the text form described at the top of this file, and adds
 * its keys and values to SMAP.  Returns 0 on success.  On failure returns
 * EINVAL, leaves SMAP unchanged and, if ERRP is nonnull, stores in *ERRP a
 * newly allocated message that names the problem and where it is, such as
 * "missing '=' after key \"n_rxq\"" or "duplicate key \"mtu\"" (a key
 * that SMAP already holds counts as a duplicate).  The empty string and a
 * string of whitespace are an empty map.  On success *ERRP is set to
 * NULL. */
int smap_from_string(struct smap *smap, const char *s, char **errp);

/* Appends SMAP to DS in the text form that smap_from_string() parses,
 * sorted by key, "a=1,b=\"x,y\"" (nothing for an empty map). */
void smap_format(const struct smap *smap, struct ds *ds);

#endif /* smap.h */

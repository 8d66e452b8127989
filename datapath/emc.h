/*
 * emc: the exact-match cache, the first lookup stage of a PMD thread: from
 * a packet's full key (dp-key.h) to the megaflow rule (dpcls.h) that
 * matched a packet with the same key before.
 *
 * Layout.  A table of 2^N entries of 128 bytes (two cache lines) holding
 * keys as struct dp_key lays them out, and beside it an array of 8-byte
 * references to their rules.  Each key has two candidate entries, chosen
 * by two different parts of its hash (so a key displaced from one can live
 * in the other).  A lookup compares the 64-byte head of the key (its hash,
 * size, map and first 6 values, zero past its own; see dp-key.h) with the
 * head of each candidate in a few vector instructions, and the rest of the
 * key only for longer keys: a typical IPv4 key (in_port, Ethernet, IPv4
 * and L4 words) fits in the head, so a hit reads one cache line of the
 * table and one reference.  Keys larger than EMC_MAX_KEY_LEN (15 or more
 * nonzero words of struct flow, e.g. neighbour discovery with both
 * link-layer options under a VLAN tag) are never cached: they go on to the
 * next stage, which is rare and harmless.
 *
 * References.  An entry refers to its rule by the rule's index in the
 * classifier's rule table and its stamp (see dpcls.h), not by pointer: a
 * cache entry outlives RCU grace periods, so a pointer would dangle once
 * the megaflow was removed and freed.  A lookup that finds the key reads
 * the slot: if it holds no rule, or a rule with another stamp (the slot
 * was reused), the megaflow is gone; the entry is cleared and the lookup
 * misses.  So the cache never returns a removed rule beyond the reader's
 * grace period, and needs no reference counts, no "dead" flags and no
 * help from whoever removes megaflows.  A rule returned by a lookup is
 * valid until the caller's next RCU quiescent point.  Stamps are 32 bits:
 * emc_sweep() clears entries of removed rules well before a stamp can
 * come round again (2^32 insertions).
 *
 * Replacement.  A new key takes a free candidate entry (empty, or cleared
 * because its rule is gone) if there is one.  If both are in use, it
 * replaces one of them (at random) only with probability 1/P (P, the
 * "inverse replacement probability", is EMC_DEFAULT_REPLACE_INV_PROB
 * unless set).  With fewer active flows than entries, nearly every key
 * finds a free entry and the cache behaves as a plain cache.  With more,
 * as when a traffic generator cycles through more flows than the cache
 * holds, a cache that always replaced would mostly evict each key before
 * its next packet and seldom hit; with rare replacement the keys in the
 * cache stay long enough to be hit, so the hit rate stays near
 * entries/flows instead of collapsing, and the flows that do not fit are
 * served by the next stage (smc.h), which holds many more.
 *
 * Size.  The default, 32,768 entries (4.25 MB with the references), holds
 * 10,000 active flows with almost no conflicts between candidates; 8,192
 * entries (Open vSwitch's size) keep only about three quarters of them.
 * bench/dpcls-lookup measures the choices (see bench/README.md).
 *
 * Thread safety: none.  A cache belongs to one thread (a PMD thread, or
 * the thread that stands in for PMDs for non-PMD ports), which must be an
 * RCU reader of the classifier the cache refers to.  Statistics (hits and
 * misses) are the caller's to keep: a lookup returns which keys hit.
 */
#ifndef SLUICE_EMC_H
#define SLUICE_EMC_H 1

#include "dp-key.h"            /* First: see dp-key.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dpcls.h"

struct emc_entry;

/* The default number of entries: 4 MB of cache per PMD thread. */
#define EMC_DEFAULT_ENTRIES 32768

/* The most entries a cache may have. */
#define EMC_MAX_ENTRIES (UINT32_C(1) << 20)

/* The most keys one emc_lookup_batch() takes. */
#define EMC_BATCH_MAX 32

/* The largest key (struct dp_key's 'len') the cache holds: the map and 14
 * values. */
#define EMC_MAX_KEY_LEN (15 * 8)

/* The default inverse probability of replacing a live entry. */
#define EMC_DEFAULT_REPLACE_INV_PROB 32

/* A cache.  All members are private. */
struct emc {
    struct emc_entry *entries;
    uint64_t *refs;                 /* The entries' rules. */
    uint32_t mask;                  /* Number of entries minus 1. */
    uint32_t replace_inv_prob;
    const struct dpcls *cls;
    uint64_t rng;                   /* Random state for replacement. */
    uint32_t sweep_pos;             /* Next entry emc_sweep() checks. */
};

/* Initializes EMC as an empty cache of the rules of CLS, which must outlive
 * the cache's use, with N_ENTRIES rounded up to a power of 2 (0 for
 * EMC_DEFAULT_ENTRIES; at least 2, at most EMC_MAX_ENTRIES). */
void emc_init(struct emc *emc, const struct dpcls *cls, size_t n_entries);

/* Frees EMC's table.  A null EMC is a no-op. */
void emc_destroy(struct emc *emc);

/* Sets the inverse probability of replacing a live entry with a new key
 * to INV_PROB: 1 always replaces, N replaces once in N tries on average,
 * 0 never replaces (only free entries are filled). */
void emc_set_replace_inv_prob(struct emc *emc, unsigned int inv_prob);

/* Looks up the N keys in KEYS (N <= EMC_BATCH_MAX): sets RULES[i] to the
 * rule cached for KEYS[i] if any, otherwise to NULL, and returns a map
 * with bit i set for each hit.  First prefetches every candidate entry,
 * so that their cache misses overlap.  Clears entries whose rule is gone.
 * The rules are valid until the caller's next RCU quiescent point. */
uint32_t emc_lookup_batch(struct emc *emc, const struct dp_key *const keys[],
                          size_t n, struct dpcls_rule *rules[]);

/* Returns the rule cached for KEY, or NULL.  Like emc_lookup_batch() with
 * one key. */
struct dpcls_rule *emc_lookup(struct emc *emc, const struct dp_key *key);

/* Caches RULE, which must be in the cache's classifier, for KEY, as
 * described above.  Returns true if KEY is now cached, false if KEY is too
 * large or its candidate entries were left to the keys in them. */
bool emc_insert(struct emc *emc, const struct dp_key *key,
                const struct dpcls_rule *rule);

/* Empties EMC. */
void emc_flush(struct emc *emc);

/* Checks the next N entries (cyclically) and clears those whose rule is
 * gone; returns how many it cleared.  The owner must call it regularly,
 * e.g. for a few entries per iteration of its poll loop: it frees the
 * entries of removed megaflows for new keys, and it is what keeps an
 * entry from outliving 2^32 insertions into the classifier, after which
 * its stamp could come round again. */
size_t emc_sweep(struct emc *emc, size_t n);

/* Returns the number of entries in use, including those whose rule is
 * gone but that no lookup or sweep has cleared yet.  Walks the whole
 * table: for tests and statistics. */
size_t emc_count(const struct emc *emc);

/* Returns the number of entries of EMC. */
size_t emc_capacity(const struct emc *emc);

#endif /* emc.h */

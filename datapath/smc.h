/*
 * smc: the signature-match cache, the second lookup stage of a PMD
 * thread, between the exact-match cache (emc.h) and the megaflow
 * classifier (dpcls.h).
 *
 * Purpose.  The exact-match cache holds whole keys, 128 bytes each, so it
 * holds tens of thousands of flows at most.  This cache holds only a
 * key's 32-bit hash (its signature) and the index of the rule it matched,
 * 8 bytes, so the default 262,144 entries take 2 MB and serve hundreds of
 * thousands of active flows: past the exact-match cache's size, a lookup
 * costs one bucket, one rule and a masked compare instead of a walk
 * through the classifier's subtables.
 *
 * Layout.  Buckets of 8 entries, one cache line each: 8 signatures, then 8
 * rule indexes.  A key's bucket comes from its hash; a lookup compares the
 * hash with the bucket's 8 signatures and, for each that is equal, takes
 * the rule in that slot of the classifier's rule table and checks that
 * the key matches it (dpcls_rule_matches_key()).  Since the check is the
 * rule's own match, a hash collision or a slot reused for another rule
 * can cost a compare but never give a wrong answer: megaflows do not
 * overlap, so any rule that matches the key is its rule.  An entry of a
 * removed rule simply stops matching.
 *
 * Replacement.  A key that is inserted takes the entry with its own
 * signature if there is one, else an empty entry, else one whose rule is
 * gone, else a random one of the bucket's 8.
 *
 * Thread safety: none.  A cache belongs to one thread, which must be an
 * RCU reader of the classifier the cache refers to.  A rule returned by a
 * lookup is valid until the caller's next RCU quiescent point.  Hit and
 * miss statistics are the caller's to keep.
 */
#ifndef SLUICE_SMC_H
#define SLUICE_SMC_H 1

#include "dp-key.h"            /* First: see dp-key.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dpcls.h"

struct smc_bucket;

/* The number of entries per bucket. */
#define SMC_WAYS 8

/* The default number of entries: 2 MB per PMD thread. */
#define SMC_DEFAULT_ENTRIES (UINT32_C(1) << 18)

/* The most entries a cache may have. */
#define SMC_MAX_ENTRIES (UINT32_C(1) << 24)

/* The most keys one smc_lookup_batch() takes. */
#define SMC_BATCH_MAX 32

/* A cache.  All members are private. */
struct smc {
    struct smc_bucket *buckets;
    uint32_t mask;                  /* Number of buckets minus 1. */
    const struct dpcls *cls;
    uint64_t rng;                   /* Random state for replacement. */
};

/* Initializes SMC as an empty cache of the rules of CLS, which must outlive
 * the cache's use, with N_ENTRIES rounded up to a power of 2 (0 for
 * SMC_DEFAULT_ENTRIES; at least SMC_WAYS, at most SMC_MAX_ENTRIES). */
void smc_init(struct smc *smc, const struct dpcls *cls, size_t n_entries);

/* Frees SMC's table.  A null SMC is a no-op. */
void smc_destroy(struct smc *smc);

/* Looks up the N keys in KEYS (N <= SMC_BATCH_MAX): sets RULES[i] to a
 * rule that KEYS[i] matches, found through the cache, or to NULL, and
 * returns a map with bit i set for each hit.  First prefetches every
 * bucket, so that their cache misses overlap. */
uint32_t smc_lookup_batch(const struct smc *smc,
                          const struct dp_key *const keys[], size_t n,
                          struct dpcls_rule *rules[]);

/* Returns a rule that KEY matches, found through the cache, or NULL.  Like
 * smc_lookup_batch() with one key. */
struct dpcls_rule *smc_lookup(const struct smc *smc,
                              const struct dp_key *key);

/* Caches RULE, which must be in the cache's classifier and match KEY, for
 * KEY, as described above. */
void smc_insert(struct smc *smc, const struct dp_key *key,
                const struct dpcls_rule *rule);

/* Empties SMC. */
void smc_flush(struct smc *smc);

/* Returns the number of entries in use, including those whose rule is
 * gone.  Walks the whole table: for tests and statistics. */
size_t smc_count(const struct smc *smc);

/* Returns the number of entries of SMC. */
size_t smc_capacity(const struct smc *smc);

#endif /* smc.h */

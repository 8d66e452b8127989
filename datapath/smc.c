/* smc: the signature-match cache.  See smc.h. */
#include <config.h>
#include "smc.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "util.h"

/* An index that is never a rule's: it marks an empty entry. */
#define SMC_EMPTY UINT32_MAX

struct smc_bucket {
    uint32_t sig[SMC_WAYS];         /* Keys' hashes. */
    uint32_t index[SMC_WAYS];       /* Rules' indexes, or SMC_EMPTY. */
};
BUILD_ASSERT_DECL(sizeof(struct smc_bucket) == SLUICE_CACHE_LINE_SIZE);
BUILD_ASSERT_DECL(SMC_BATCH_MAX <= 32);

void
smc_init(struct smc *smc, const struct dpcls *cls, size_t n_entries)
{
    if (!n_entries) {
        n_entries = SMC_DEFAULT_ENTRIES;
    }
    n_entries = MAX(n_entries, SMC_WAYS);
    n_entries = MIN(n_entries, SMC_MAX_ENTRIES);
    size_t n_buckets = 1;
    while (n_buckets * SMC_WAYS < n_entries) {
        n_buckets *= 2;
    }

    smc->buckets = xmalloc_cacheline(n_buckets * sizeof *smc->buckets);
    smc->mask = n_buckets - 1;
    smc->cls = cls;
    smc->rng = UINT64_C(0x6a09e667f3bcc909);
    smc_flush(smc);
}

void
smc_destroy(struct smc *smc)
{
    if (smc) {
        free_cacheline(smc->buckets);
        smc->buckets = NULL;
    }
}

static inline struct smc_bucket *
smc_bucket(const struct smc *smc, uint32_t hash)
{
    return &smc->buckets[hash & smc->mask];
}

/* Returns a map of the entries of B whose signature is HASH: with SSE2
 * (every x86-64 CPU), two vector compares. */
static inline uint32_t
smc_bucket_find(const struct smc_bucket *b, uint32_t hash)
{
#ifdef __SSE2__
    BUILD_ASSERT_DECL(SMC_WAYS == 8);
    __m128i h = _mm_set1_epi32(hash);
    __m128i lo = _mm_cmpeq_epi32(_mm_load_si128((const __m128i *) b->sig), h);
    __m128i hi = _mm_cmpeq_epi32(
        _mm_load_si128((const __m128i *) &b->sig[4]), h);
    return (_mm_movemask_ps(_mm_castsi128_ps(lo))
            | _mm_movemask_ps(_mm_castsi128_ps(hi)) << 4);
#else
    uint32_t map = 0;
    for (int i = 0; i < SMC_WAYS; i++) {
        map |= (uint32_t) (b->sig[i] == hash) << i;
    }
    return map;
#endif
}

uint32_t
smc_lookup_batch(const struct smc *smc, const struct dp_key *const keys[],
                 size_t n, struct dpcls_rule *rules[])
{
    const struct dpcls_rule_table *table = dpcls_get_rule_table(smc->cls);
    const struct smc_bucket *buckets[SMC_BATCH_MAX];
    uint32_t maps[SMC_BATCH_MAX];
    uint32_t found = 0;

    sluice_assert(n <= SMC_BATCH_MAX);

    /* Start loading every bucket. */
    for (size_t i = 0; i < n; i++) {
        buckets[i] = smc_bucket(smc, keys[i]->hash);
        __builtin_prefetch(buckets[i]);
    }

    /* Find the keys' signatures and start loading the rule table's slot
     * for the first candidate of each. */
    for (size_t i = 0; i < n; i++) {
        maps[i] = smc_bucket_find(buckets[i], keys[i]->hash);
        rules[i] = NULL;
        if (maps[i]) {
            uint32_t index = buckets[i]->index[__builtin_ctz(maps[i])];
            if (index < table->n) {
                __builtin_prefetch(&table->rules[index]);
            }
            found |= UINT32_C(1) << i;
        }
    }

    /* Start loading those rules. */
    for (uint32_t bits = found; bits; bits &= bits - 1) {
        int i = __builtin_ctz(bits);
        struct dpcls_rule *rule = dpcls_rule_table_get(
            table, buckets[i]->index[__builtin_ctz(maps[i])]);
        if (rule) {
            __builtin_prefetch(rule);
        }
    }

    /* Check the candidates. */
    uint32_t hits = 0;
    for (; found; found &= found - 1) {
        int i = __builtin_ctz(found);
        for (uint32_t map = maps[i]; map; map &= map - 1) {
            int way = __builtin_ctz(map);
            struct dpcls_rule *rule;
            rule = dpcls_rule_table_get(table, buckets[i]->index[way]);
            if (rule && dpcls_rule_matches_key(rule, keys[i])) {
                rules[i] = rule;
                hits |= UINT32_C(1) << i;
                break;
            }
        }
    }
    return hits;
}

struct dpcls_rule *
smc_lookup(const struct smc *smc, const struct dp_key *key)
{
    struct dpcls_rule *rule;
    smc_lookup_batch(smc, &key, 1, &rule);
    return rule;
}

void
smc_insert(struct smc *smc, const struct dp_key *key,
           const struct dpcls_rule *rule)
{
    struct smc_bucket *b = smc_bucket(smc, key->hash);
    uint32_t map = smc_bucket_find(b, key->hash);
    int way = -1;

    if (map) {
        way = __builtin_ctz(map);
    } else {
        for (int i = 0; i < SMC_WAYS; i++) {
            if (b->index[i] == SMC_EMPTY) {
                way = i;
                break;
            }
        }
        for (int i = 0; way < 0 && i < SMC_WAYS; i++) {
            if (!dpcls_rule_by_index(smc->cls, b->index[i])) {
                way = i;
            }
        }
        if (way < 0) {
            uint64_t x = smc->rng;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            smc->rng = x;
            way = ((x * UINT64_C(0x2545f4914f6cdd1d)) >> 32) % SMC_WAYS;
        }
    }
    b->sig[way] = key->hash;
    b->index[way] = dpcls_rule_index(rule);
}

void
smc_flush(struct smc *smc)
{
    for (size_t i = 0; i <= smc->mask; i++) {
        struct smc_bucket *b = &smc->buckets[i];
        for (int j = 0; j < SMC_WAYS; j++) {
            b->sig[j] = 0;
            b->index[j] = SMC_EMPTY;
        }
    }
}

size_t
smc_count(const struct smc *smc)
{
    size_t n = 0;
    for (size_t i = 0; i <= smc->mask; i++) {
        const struct smc_bucket *b = &smc->buckets[i];
        for (int j = 0; j < SMC_WAYS; j++) {
            n += b->index[j] != SMC_EMPTY;
        }
    }
    return n;
}

size_t
smc_capacity(const struct smc *smc)
{
    return ((size_t) smc->mask + 1) * SMC_WAYS;
}

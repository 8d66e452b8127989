/* emc: the exact-match cache.  See emc.h. */
#include <config.h>
#include "emc.h"

#include <string.h>
#include "util.h"

/* The words of an entry's key: the key's hash and size, map and values,
 * laid out as in struct dp_key, so that the first DP_KEY_HEAD_SIZE bytes
 * of both compare directly.  An empty entry is all zeros: its size, 0,
 * is no key's. */
#define EMC_KEY_WORDS (2 * SLUICE_CACHE_LINE_SIZE / 8)
struct emc_entry {
    uint64_t words[EMC_KEY_WORDS];
};
BUILD_ASSERT_DECL(sizeof(struct emc_entry) == 2 * SLUICE_CACHE_LINE_SIZE);
BUILD_ASSERT_DECL(8 + EMC_MAX_KEY_LEN <= sizeof(struct emc_entry));
BUILD_ASSERT_DECL(EMC_MAX_KEY_LEN % 8 == 0);
BUILD_ASSERT_DECL(EMC_MAX_KEY_LEN <= DP_KEY_MAX_LEN);
BUILD_ASSERT_DECL(DP_KEY_HEAD_SIZE == SLUICE_CACHE_LINE_SIZE);
BUILD_ASSERT_DECL(EMC_BATCH_MAX <= 32);

/* An entry's rule: the rule's stamp in the upper 32 bits, its index in the
 * lower; 0 (stamp 0) for none. */
static inline uint64_t
emc_ref(const struct dpcls_rule *rule)
{
    return (uint64_t) dpcls_rule_stamp(rule) << 32 | dpcls_rule_index(rule);
}

static inline uint32_t
emc_ref_index(uint64_t ref)
{
    return ref;
}

static inline uint32_t
emc_ref_stamp(uint64_t ref)
{
    return ref >> 32;
}

void
emc_init(struct emc *emc, const struct dpcls *cls, size_t n_entries)
{
    if (!n_entries) {
        n_entries = EMC_DEFAULT_ENTRIES;
    }
    n_entries = MAX(n_entries, 2);
    n_entries = MIN(n_entries, EMC_MAX_ENTRIES);
    size_t n = 2;
    while (n < n_entries) {
        n *= 2;
    }

    emc->entries = xzalloc_cacheline(n * sizeof *emc->entries);
    emc->refs = xzalloc_cacheline(n * sizeof *emc->refs);
    emc->mask = n - 1;
    emc->replace_inv_prob = EMC_DEFAULT_REPLACE_INV_PROB;
    emc->cls = cls;
    emc->rng = UINT64_C(0x9e3779b97f4a7c15);
    emc->sweep_pos = 0;
}

void
emc_destroy(struct emc *emc)
{
    if (emc) {
        free_cacheline(emc->entries);
        free_cacheline(emc->refs);
        emc->entries = NULL;
        emc->refs = NULL;
    }
}

void
emc_set_replace_inv_prob(struct emc *emc, unsigned int inv_prob)
{
    emc->replace_inv_prob = inv_prob;
}

/* Returns a pseudo-random number (xorshift64*). */
static inline uint64_t
emc_random(struct emc *emc)
{
    uint64_t x = emc->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    emc->rng = x;
    return x * UINT64_C(0x2545f4914f6cdd1d);
}

/* The two candidate positions of a key with HASH in a table with MASK:
 * the second comes from the hash's other half, so the two are
 * independent for tables of up to 2^16 entries and mostly so beyond. */
static inline uint32_t
emc_pos1(uint32_t mask, uint32_t hash)
{
    return hash & mask;
}

static inline uint32_t
emc_pos2(uint32_t mask, uint32_t hash)
{
    return ((hash >> 16) | (hash << 16)) & mask;
}

/* Two words, for comparing 16 bytes at a time (SSE2 or its equivalent;
 * plain integer code where there is none). */
typedef uint64_t emc_u64x2 __attribute__((vector_size(16)));

static inline emc_u64x2
emc_load2(const uint64_t *p)
{
    emc_u64x2 v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Returns true if entry E holds KEY.  Compares the heads (hash, size, map
 * and 6 values, zero past the key's own) at once, then, for a longer key,
 * the rest. */
static inline bool
emc_entry_matches(const struct emc_entry *e, const struct dp_key *key)
{
    const uint64_t *a = e->words;
    const uint64_t *b = (const uint64_t *) (const void *) key;
    emc_u64x2 diff = ((emc_load2(a) ^ emc_load2(b))
                      | (emc_load2(a + 2) ^ emc_load2(b + 2))
                      | (emc_load2(a + 4) ^ emc_load2(b + 4))
                      | (emc_load2(a + 6) ^ emc_load2(b + 6)));
    if (diff[0] | diff[1]) {
        return false;
    }

    /* Equal heads: equal sizes, so E's size is at most EMC_MAX_KEY_LEN. */
    size_t n_words = (8 + key->len) / 8;
    uint64_t rest = 0;
    for (size_t i = DP_KEY_HEAD_SIZE / 8; i < n_words; i++) {
        rest |= a[i] ^ b[i];
    }
    return !rest;
}

static inline void
emc_clear(struct emc *emc, uint32_t pos)
{
    memset(&emc->entries[pos], 0, DP_KEY_HEAD_SIZE);
    emc->refs[pos] = 0;
}

/* Returns the rule of the entry at POS, if it has one that is still in the
 * classifier, otherwise NULL. */
static inline struct dpcls_rule *
emc_rule(const struct emc *emc, uint32_t pos)
{
    uint64_t ref = emc->refs[pos];
    struct dpcls_rule *rule = dpcls_rule_by_index(emc->cls,
                                                  emc_ref_index(ref));
    return (rule && emc_ref_stamp(ref)
            && dpcls_rule_stamp(rule) == emc_ref_stamp(ref) ? rule : NULL);
}

uint32_t
emc_lookup_batch(struct emc *emc, const struct dp_key *const keys[],
                 size_t n, struct dpcls_rule *rules[])
{
    const struct dpcls_rule_table *table = dpcls_get_rule_table(emc->cls);
    const struct emc_entry *entries = emc->entries;
    const uint64_t *refs = emc->refs;
    const uint32_t mask = emc->mask;
    uint32_t stamps[EMC_BATCH_MAX];
    uint32_t positions[EMC_BATCH_MAX];
    uint32_t found = 0;

    sluice_assert(n <= EMC_BATCH_MAX);

    /* Start loading every candidate entry. */
    for (size_t i = 0; i < n; i++) {
        uint32_t hash = keys[i]->hash;
        __builtin_prefetch(&entries[emc_pos1(mask, hash)]);
        __builtin_prefetch(&entries[emc_pos2(mask, hash)]);
    }

    /* Find the keys' entries and start loading their rules. */
    for (size_t i = 0; i < n; i++) {
        const struct dp_key *key = keys[i];
        struct dpcls_rule *rule = NULL;
        uint32_t pos = emc_pos1(mask, key->hash);

        if (emc_entry_matches(&entries[pos], key)
            || (pos = emc_pos2(mask, key->hash),
                emc_entry_matches(&entries[pos], key))) {
            uint64_t ref = refs[pos];
            rule = dpcls_rule_table_get(table, emc_ref_index(ref));
            if (rule) {
                __builtin_prefetch(rule);
                stamps[i] = emc_ref_stamp(ref);
                positions[i] = pos;
                found |= UINT32_C(1) << i;
            } else {
                emc_clear(emc, pos);
            }
        }
        rules[i] = rule;
    }

    /* Check that each rule is the one its entry was made for; clear the
     * entries of rules that are gone. */
    uint32_t hits = found;
    for (; found; found &= found - 1) {
        int i = __builtin_ctz(found);
        if (dpcls_rule_stamp(rules[i]) != stamps[i]) {
            emc_clear(emc, positions[i]);
            rules[i] = NULL;
            hits &= ~(UINT32_C(1) << i);
        }
    }
    return hits;
}

struct dpcls_rule *
emc_lookup(struct emc *emc, const struct dp_key *key)
{
    struct dpcls_rule *rule;
    emc_lookup_batch(emc, &key, 1, &rule);
    return rule;
}

bool
emc_insert(struct emc *emc, const struct dp_key *key,
           const struct dpcls_rule *rule)
{
    if (key->len > EMC_MAX_KEY_LEN) {
        return false;
    }

    uint32_t pos1 = emc_pos1(emc->mask, key->hash);
    uint32_t pos2 = emc_pos2(emc->mask, key->hash);
    uint32_t pos;
    if (emc_entry_matches(&emc->entries[pos1], key)) {
        pos = pos1;
    } else if (emc_entry_matches(&emc->entries[pos2], key)) {
        pos = pos2;
    } else if (!emc->refs[pos1]) {
        pos = pos1;
    } else if (!emc->refs[pos2]) {
        pos = pos2;
    } else {
        uint64_t r = emc_random(emc);
        if (!emc->replace_inv_prob || (r >> 1) % emc->replace_inv_prob) {
            return false;
        }
        pos = r & 1 ? pos1 : pos2;
    }

    /* The key's head is defined in full, zeros included, and copied
     * whole; the words past the size of a shorter key are never
     * compared. */
    struct emc_entry *e = &emc->entries[pos];
    const uint64_t *src = (const uint64_t *) (const void *) key;
    for (size_t i = 0; i < DP_KEY_HEAD_SIZE / 8; i += 2) {
        emc_u64x2 v = emc_load2(&src[i]);
        memcpy(&e->words[i], &v, sizeof v);
    }
    for (size_t i = DP_KEY_HEAD_SIZE / 8; i < (8 + key->len) / 8; i++) {
        e->words[i] = src[i];
    }
    emc->refs[pos] = emc_ref(rule);
    return true;
}

void
emc_flush(struct emc *emc)
{
    memset(emc->entries, 0, ((size_t) emc->mask + 1) * sizeof *emc->entries);
    memset(emc->refs, 0, ((size_t) emc->mask + 1) * sizeof *emc->refs);
}

size_t
emc_sweep(struct emc *emc, size_t n)
{
    size_t n_cleared = 0;

    n = MIN(n, (size_t) emc->mask + 1);
    for (size_t i = 0; i < n; i++) {
        uint32_t pos = emc->sweep_pos;
        emc->sweep_pos = (pos + 1) & emc->mask;
        if (emc->refs[pos] && !emc_rule(emc, pos)) {
            emc_clear(emc, pos);
            n_cleared++;
        }
    }
    return n_cleared;
}

size_t
emc_count(const struct emc *emc)
{
    size_t n = 0;
    for (size_t i = 0; i <= emc->mask; i++) {
        n += emc->refs[i] != 0;
    }
    return n;
}

size_t
emc_capacity(const struct emc *emc)
{
    return (size_t) emc->mask + 1;
}

/* dpcls: the megaflow classifier.  See dpcls.h. */
#include <config.h>
#include "dpcls.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "util.h"

/* The words of struct flow, as a map. */
#define FLOW_MAP_ALL ((UINT64_C(1) << FLOW_U64S) - 1)

struct dpcls_subtable;

/* Finds the keys in KEYS_MAP among a subtable's rules: for each that
 * matches a rule, sets RULES[i] and bit i of the result. */
typedef uint32_t subtable_lookup_func(const struct dpcls_subtable *,
                                      uint32_t keys_map,
                                      const uint64_t words[][FLOW_U64S],
                                      struct dpcls_rule *rules[]);

/* The size of a subtable's filter of hashes. */
#define FILTER_BITS 4096
#define FILTER_WORDS (FILTER_BITS / 64)

/* A subtable: the rules with one mask.  Lookups read everything above
 * 'hmap_node' (and write 'hits'); the rest is the writer's. */
struct dpcls_subtable {
    subtable_lookup_func *lookup;   /* Chosen by 'n_values'. */
    uint32_t n_values;              /* Number of nonzero mask words. */
    uint8_t idx[FLOW_U64S];         /* Index in struct flow of each. */
    uint64_t mask[FLOW_U64S];       /* The nonzero mask words. */
    struct cmap rules;              /* Rules by hash of their 'values'. */
    atomic_ullong hits;             /* Keys matched here, ever. */

    /* The filter: bit filter_bit(hash) is set if some rule may have that
     * hash, so that a key whose masked hash finds its bit clear skips
     * the map.  With 100 rules, about 98% of the keys that match none
     * skip it, which makes a search through many subtables about twice
     * as fast.  A bit is set before its rule enters the map and cleared
     * after the last rule with it leaves. */
    atomic_ullong filter[FILTER_WORDS];

    /* Writers only. */
    struct hmap_node hmap_node;     /* In dpcls's 'subtables_by_mask'. */
    uint64_t map;                   /* Bit i: word i of the mask nonzero. */
    size_t n_rules;
    unsigned long long hits_at_rank;    /* 'hits' at the last ranking. */
    uint8_t filter_counts[FILTER_BITS]; /* Rules per filter bit; 255 is
                                         * "many" and never decreases. */
};

static inline uint32_t
filter_bit(uint32_t hash)
{
    return (hash * UINT32_C(0x9e3779b1)) >> (32 - 12);
}
BUILD_ASSERT_DECL(FILTER_BITS == 1 << 12);

static inline bool
filter_test(const struct dpcls_subtable *st, uint32_t hash)
{
    uint32_t bit = filter_bit(hash);
    return (atomic_read_relaxed(&st->filter[bit / 64]) >> (bit % 64)) & 1;
}

static void
filter_add(struct dpcls_subtable *st, uint32_t hash)
{
    uint32_t bit = filter_bit(hash);
    if (st->filter_counts[bit] < UINT8_MAX) {
        if (!st->filter_counts[bit]++) {
            atomic_ullong *word = &st->filter[bit / 64];
            atomic_store_release(word, (atomic_read_relaxed(word)
                                        | UINT64_C(1) << (bit % 64)));
        }
    }
}

static void
filter_remove(struct dpcls_subtable *st, uint32_t hash)
{
    uint32_t bit = filter_bit(hash);
    if (st->filter_counts[bit] < UINT8_MAX) {
        if (!--st->filter_counts[bit]) {
            atomic_ullong *word = &st->filter[bit / 64];
            atomic_store_relaxed(word, (atomic_read_relaxed(word)
                                        & ~(UINT64_C(1) << (bit % 64))));
        }
    }
}

/* The subtables in rank order, as readers see them.  Never changed once
 * published: a writer publishes a new vector instead. */
struct dpcls_subtables {
    size_t n;
    struct dpcls_subtable *subtables[];
};

/* What a classifier points to before it has subtables or rules; never
 * freed or written. */
static struct dpcls_subtables empty_subtables;
static struct dpcls_rule_table empty_rule_table;

/* The most slots a rule table may have: indexes stay below UINT32_MAX,
 * which the caches use for "no rule". */
#define RULE_TABLE_MAX (UINT32_C(1) << 31)

/* Hashing of masked keys.
 *
 * A rule's hash covers its masked key's words under its subtable's mask,
 * in order; a lookup computes the same from a packet's key.  The hash is
 * only ever compared within the process, so it may differ between
 * builds: with SSE 4.2 it is CRC-32C, one instruction per word, since a
 * lookup may hash a key once for every subtable; otherwise it is
 * lib/hash.h's mixer.  cmap mixes every hash with a random basis before
 * choosing buckets, so a linear hash such as a CRC spreads well. */
static inline uint32_t
mhash_add(uint32_t hash, uint64_t word)
{
#ifdef __SSE4_2__
    return __builtin_ia32_crc32di(hash, word);
#else
    return hash_add64(hash, word);
#endif
}

static inline uint32_t
mhash_finish(uint32_t hash, uint32_t n_values)
{
#ifdef __SSE4_2__
    return hash ^ n_values;
#else
    return hash_finish(hash, n_values * 8);
#endif
}

static uint32_t
values_hash(const uint64_t values[], uint32_t n_values)
{
    uint32_t hash = 0;
    for (uint32_t i = 0; i < n_values; i++) {
        hash = mhash_add(hash, values[i]);
    }
    return mhash_finish(hash, n_values);
}

/* Stores the flow that KEY represents, as FLOW_U64S words, in WORDS.
 * Zeroes the words with one 16-byte store per pair, written out: the
 * compiler turns a loop or a memset() of this size into "rep stos",
 * whose start-up costs more than all the rest. */
typedef uint64_t u64x2 __attribute__((vector_size(16)));
BUILD_ASSERT_DECL(FLOW_U64S == 18);

static inline void
expand_key(const struct dp_key *key, uint64_t words[FLOW_U64S])
{
    const uint64_t *values = miniflow_get_values(&key->mf.mf);
    uint64_t map = key->mf.mf.map & FLOW_MAP_ALL;
    const u64x2 zero = { 0, 0 };

#define ZERO_PAIR(I) memcpy(&words[I], &zero, sizeof zero)
    ZERO_PAIR(0); ZERO_PAIR(2); ZERO_PAIR(4); ZERO_PAIR(6); ZERO_PAIR(8);
    ZERO_PAIR(10); ZERO_PAIR(12); ZERO_PAIR(14); ZERO_PAIR(16);
#undef ZERO_PAIR
    for (; map; map = zero_rightmost_1bit(map)) {
        words[__builtin_ctzll(map)] = *values++;
    }
}

/* Lookups within a subtable.  The generic code takes the number of mask
 * words as a parameter; it is inlined into one function per common count,
 * in which the loops over the words are unrolled. */

static inline __attribute__((always_inline)) uint32_t
subtable_hash__(const struct dpcls_subtable *st, uint32_t n_values,
                const uint64_t words[FLOW_U64S])
{
    uint32_t hash = 0;
    for (uint32_t i = 0; i < n_values; i++) {
        hash = mhash_add(hash, words[st->idx[i]] & st->mask[i]);
    }
    return mhash_finish(hash, n_values);
}

static inline __attribute__((always_inline)) bool
subtable_rule_matches__(const struct dpcls_subtable *st, uint32_t n_values,
                        const struct dpcls_rule *rule,
                        const uint64_t words[FLOW_U64S])
{
    uint64_t diff = 0;
    for (uint32_t i = 0; i < n_values; i++) {
        diff |= (words[st->idx[i]] & st->mask[i]) ^ rule->values[i];
    }
    return !diff;
}

static inline __attribute__((always_inline)) uint32_t
subtable_lookup__(const struct dpcls_subtable *st, uint32_t n_values,
                  uint32_t keys_map, const uint64_t words[][FLOW_U64S],
                  struct dpcls_rule *rules[])
{
    uint32_t hashes[DPCLS_BATCH_MAX];
    struct cmap_node *nodes[DPCLS_BATCH_MAX];

    uint32_t candidates = 0;
    for (uint32_t bits = keys_map; bits; bits &= bits - 1) {
        int i = __builtin_ctz(bits);
        hashes[i] = subtable_hash__(st, n_values, words[i]);
        candidates |= (uint32_t) filter_test(st, hashes[i]) << i;
    }
    if (!candidates) {
        return 0;
    }

    uint32_t found = cmap_find_batch(&st->rules, candidates, hashes, nodes);
    for (uint32_t bits = found; bits; bits &= bits - 1) {
        struct dpcls_rule *rule;
        INIT_CONTAINER(rule, nodes[__builtin_ctz(bits)], cmap_node);
        __builtin_prefetch(rule);
    }
    for (uint32_t bits = found; bits; bits &= bits - 1) {
        int i = __builtin_ctz(bits);
        struct dpcls_rule *rule;

        CMAP_NODE_FOR_EACH (rule, cmap_node, nodes[i]) {
            if (subtable_rule_matches__(st, n_values, rule, words[i])) {
                rules[i] = rule;
                goto next;
            }
        }
        found &= ~(UINT32_C(1) << i);
    next:;
    }
    return found;
}

static uint32_t
subtable_lookup_generic(const struct dpcls_subtable *st, uint32_t keys_map,
                        const uint64_t words[][FLOW_U64S],
                        struct dpcls_rule *rules[])
{
    return subtable_lookup__(st, st->n_values, keys_map, words, rules);
}

#define SUBTABLE_LOOKUP_N(N)                                            \
    static uint32_t                                                     \
    subtable_lookup_##N(const struct dpcls_subtable *st,                \
                        uint32_t keys_map,                              \
                        const uint64_t words[][FLOW_U64S],              \
                        struct dpcls_rule *rules[])                     \
    {                                                                   \
        return subtable_lookup__(st, N, keys_map, words, rules);        \
    }
SUBTABLE_LOOKUP_N(1)
SUBTABLE_LOOKUP_N(2)
SUBTABLE_LOOKUP_N(3)
SUBTABLE_LOOKUP_N(4)
SUBTABLE_LOOKUP_N(5)
SUBTABLE_LOOKUP_N(6)
SUBTABLE_LOOKUP_N(7)
SUBTABLE_LOOKUP_N(8)
SUBTABLE_LOOKUP_N(9)
SUBTABLE_LOOKUP_N(10)

/* Returns the lookup function for a subtable with N_VALUES mask words. */
static subtable_lookup_func *
choose_subtable_lookup(uint32_t n_values)
{
    switch (n_values) {
    case 1: return subtable_lookup_1;
    case 2: return subtable_lookup_2;
    case 3: return subtable_lookup_3;
    case 4: return subtable_lookup_4;
    case 5: return subtable_lookup_5;
    case 6: return subtable_lookup_6;
    case 7: return subtable_lookup_7;
    case 8: return subtable_lookup_8;
    case 9: return subtable_lookup_9;
    case 10: return subtable_lookup_10;
    default: return subtable_lookup_generic;
    }
}

/* Initialization and destruction. */

void
dpcls_init(struct dpcls *cls)
{
    rcu_init(&cls->subtables, &empty_subtables);
    rcu_init(&cls->rule_table, &empty_rule_table);
    atomic_store_relaxed(&cls->n_rules, 0);
    atomic_store_relaxed(&cls->n_subtables, 0);
    hmap_init(&cls->subtables_by_mask);
    cls->free_indexes = NULL;
    cls->n_free_indexes = 0;
    cls->allocated_free_indexes = 0;
    cls->next_stamp = 1;
}

static void
postpone_free_subtables(struct dpcls_subtables *subtables)
{
    if (subtables != &empty_subtables) {
        rcu_postpone(free, subtables);
    }
}

static void
postpone_free_rule_table(struct dpcls_rule_table *table)
{
    if (table != &empty_rule_table) {
        rcu_postpone(free, table);
    }
}

void
dpcls_destroy(struct dpcls *cls)
{
    if (!cls) {
        return;
    }

    struct dpcls_subtable *st;
    HMAP_FOR_EACH_POP (st, hmap_node, &cls->subtables_by_mask) {
        cmap_destroy(&st->rules);
        rcu_postpone(free_cacheline, st);
    }
    hmap_destroy(&cls->subtables_by_mask);
    hmap_init(&cls->subtables_by_mask);

    postpone_free_subtables(rcu_get_protected(&cls->subtables));
    rcu_set(&cls->subtables, &empty_subtables);
    postpone_free_rule_table(rcu_get_protected(&cls->rule_table));
    rcu_set(&cls->rule_table, &empty_rule_table);

    free(cls->free_indexes);
    cls->free_indexes = NULL;
    cls->n_free_indexes = cls->allocated_free_indexes = 0;
    atomic_store_relaxed(&cls->n_rules, 0);
    atomic_store_relaxed(&cls->n_subtables, 0);
}

/* Subtables. */

/* Publishes a copy of CLS's subtable vector without REMOVE (if nonnull)
 * and with ADD (if nonnull) at the end. */
static void
update_subtables(struct dpcls *cls, const struct dpcls_subtable *remove,
                 struct dpcls_subtable *add)
{
    struct dpcls_subtables *old = rcu_get_protected(&cls->subtables);
    struct dpcls_subtables *new;
    size_t n = 0;

    new = xmalloc(sizeof *new + (old->n + 1) * sizeof new->subtables[0]);
    for (size_t i = 0; i < old->n; i++) {
        if (old->subtables[i] != remove) {
            new->subtables[n++] = old->subtables[i];
        }
    }
    if (add) {
        new->subtables[n++] = add;
    }
    new->n = n;

    rcu_set(&cls->subtables, new);
    postpone_free_subtables(old);
    atomic_store_relaxed(&cls->n_subtables, n);
}

/* Returns the subtable of CLS whose mask has MAP and the nonzero words
 * VALUES, if there is one; MASK_HASH is their hash. */
static struct dpcls_subtable *
find_subtable(const struct dpcls *cls, uint64_t map, const uint64_t values[],
              uint32_t mask_hash)
{
    struct dpcls_subtable *st;
    HMAP_FOR_EACH_WITH_HASH (st, hmap_node, mask_hash,
                             &cls->subtables_by_mask) {
        if (st->map == map
            && !memcmp(st->mask, values, st->n_values * sizeof values[0])) {
            return st;
        }
    }
    return NULL;
}

static struct dpcls_subtable *
create_subtable(struct dpcls *cls, uint64_t map, const uint64_t values[],
                uint32_t mask_hash)
{
    struct dpcls_subtable *st = xzalloc_cacheline(sizeof *st);
    uint32_t n = 0;

    cmap_init(&st->rules);
    atomic_store_relaxed(&st->hits, 0);
    for (uint64_t bits = map; bits; bits = zero_rightmost_1bit(bits)) {
        st->idx[n] = __builtin_ctzll(bits);
        st->mask[n] = values[n];
        n++;
    }
    st->n_values = n;
    st->lookup = choose_subtable_lookup(n);
    st->map = map;
    st->n_rules = 0;
    st->hits_at_rank = 0;
    hmap_insert(&cls->subtables_by_mask, &st->hmap_node, mask_hash);

    update_subtables(cls, NULL, st);
    return st;
}

static void
destroy_subtable(struct dpcls *cls, struct dpcls_subtable *st)
{
    hmap_remove(&cls->subtables_by_mask, &st->hmap_node);
    update_subtables(cls, st, NULL);
    cmap_destroy(&st->rules);
    rcu_postpone(free_cacheline, st);
}

/* The rule table. */

/* Returns a free slot of CLS's rule table, growing the table if none is
 * left. */
static uint32_t
alloc_index(struct dpcls *cls)
{
    if (cls->n_free_indexes) {
        return cls->free_indexes[--cls->n_free_indexes];
    }

    struct dpcls_rule_table *old = rcu_get_protected(&cls->rule_table);
    uint32_t old_n = old->n;
    sluice_assert(old_n < RULE_TABLE_MAX);
    uint32_t new_n = old_n ? old_n * 2 : 64;

    struct dpcls_rule_table *new = xmalloc(sizeof *new
                                           + new_n * sizeof new->rules[0]);
    new->n = new_n;
    for (uint32_t i = 0; i < old_n; i++) {
        rcu_init(&new->rules[i], rcu_get_protected(&old->rules[i]));
    }
    for (uint32_t i = old_n; i < new_n; i++) {
        rcu_init(&new->rules[i], NULL);
    }
    rcu_set(&cls->rule_table, new);
    postpone_free_rule_table(old);

    /* Hand out the new slots lowest first. */
    while (cls->allocated_free_indexes < new_n - old_n - 1) {
        cls->free_indexes = x2nrealloc(cls->free_indexes,
                                       &cls->allocated_free_indexes,
                                       sizeof *cls->free_indexes);
    }
    for (uint32_t i = new_n - 1; i > old_n; i--) {
        cls->free_indexes[cls->n_free_indexes++] = i;
    }
    return old_n;
}

static void
free_index(struct dpcls *cls, uint32_t index)
{
    if (cls->n_free_indexes >= cls->allocated_free_indexes) {
        cls->free_indexes = x2nrealloc(cls->free_indexes,
                                       &cls->allocated_free_indexes,
                                       sizeof *cls->free_indexes);
    }
    cls->free_indexes[cls->n_free_indexes++] = index;
}

/* Insertion and removal. */

int
dpcls_insert(struct dpcls *cls, struct dpcls_rule *rule,
             const struct flow *mask, const struct flow *key)
{
    const uint64_t *mask_words = flow_u64s(mask);
    const uint64_t *key_words = flow_u64s(key);
    uint64_t mask_values[FLOW_U64S];
    uint64_t values[FLOW_U64S];
    uint64_t map = 0;
    uint32_t n = 0;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if (mask_words[i]) {
            map |= UINT64_C(1) << i;
            mask_values[n] = mask_words[i];
            values[n] = key_words[i] & mask_words[i];
            n++;
        }
    }
    uint32_t mask_hash = hash_words64(mask_values, n, hash_uint64(map));
    uint32_t hash = values_hash(values, n);

    struct dpcls_subtable *st = find_subtable(cls, map, mask_values,
                                              mask_hash);
    if (st) {
        const struct dpcls_rule *other;
        CMAP_FOR_EACH_WITH_HASH (other, cmap_node, hash, &st->rules) {
            if (!memcmp(other->values, values, n * sizeof values[0])) {
                return EEXIST;
            }
        }
    } else {
        st = create_subtable(cls, map, mask_values, mask_hash);
    }

    memset(rule, 0, sizeof *rule);
    memcpy(rule->values, values, n * sizeof values[0]);
    rule->subtable = st;
    rule->hash = hash;
    rule->stamp = cls->next_stamp++;
    if (!cls->next_stamp) {
        cls->next_stamp = 1;
    }
    rule->index = alloc_index(cls);

    /* Both publish RULE with release semantics, after it is complete. */
    struct dpcls_rule_table *table = rcu_get_protected(&cls->rule_table);
    rcu_set(&table->rules[rule->index], rule);
    filter_add(st, hash);
    cmap_insert(&st->rules, &rule->cmap_node, hash);

    st->n_rules++;
    atomic_store_relaxed(&cls->n_rules,
                         atomic_read_relaxed(&cls->n_rules) + 1);
    return 0;
}

void
dpcls_remove(struct dpcls *cls, struct dpcls_rule *rule)
{
    struct dpcls_rule_table *table = rcu_get_protected(&cls->rule_table);
    if (rule->index >= table->n
        || rcu_get_protected(&table->rules[rule->index]) != rule) {
        sluice_abort("dpcls_remove: rule %p is not in classifier %p",
                     (void *) rule, (void *) cls);
    }

    struct dpcls_subtable *st = rule->subtable;
    cmap_remove(&st->rules, &rule->cmap_node, rule->hash);
    filter_remove(st, rule->hash);
    rcu_set(&table->rules[rule->index], NULL);
    free_index(cls, rule->index);
    if (!--st->n_rules) {
        destroy_subtable(cls, st);
    }
    atomic_store_relaxed(&cls->n_rules,
                         atomic_read_relaxed(&cls->n_rules) - 1);
}

/* Lookup. */

bool
dpcls_lookup(const struct dpcls *cls, const struct dp_key *const keys[],
             size_t n, struct dpcls_rule *rules[], unsigned int *n_lookups)
{
    uint64_t words[DPCLS_BATCH_MAX][FLOW_U64S];
    unsigned int lookups = 0;

    sluice_assert(n <= DPCLS_BATCH_MAX);
    uint32_t keys_map = (n == 32 ? UINT32_MAX
                         : (UINT32_C(1) << n) - 1);
    for (size_t i = 0; i < n; i++) {
        rules[i] = NULL;
        expand_key(keys[i], words[i]);
    }

    const struct dpcls_subtables *subtables = rcu_get(&cls->subtables);
    for (size_t s = 0; keys_map && s < subtables->n; s++) {
        struct dpcls_subtable *st = subtables->subtables[s];
        uint32_t found = st->lookup(st, keys_map, words, rules);
        if (found) {
            unsigned int n_found = count_1bits(found);
            atomic_store_relaxed(&st->hits,
                                 atomic_read_relaxed(&st->hits) + n_found);
            lookups += n_found * (s + 1);
            keys_map &= ~found;
        }
    }

    if (n_lookups) {
        *n_lookups = lookups;
    }
    return !keys_map;
}

bool
dpcls_rule_matches_key(const struct dpcls_rule *rule,
                       const struct dp_key *key)
{
    const struct dpcls_subtable *st = rule->subtable;
    const uint64_t *values = miniflow_get_values(&key->mf.mf);
    uint64_t map = key->mf.mf.map;
    uint64_t diff = 0;

    for (uint32_t i = 0; i < st->n_values; i++) {
        uint64_t bit = UINT64_C(1) << st->idx[i];
        uint64_t word = (map & bit
                         ? values[count_1bits(map & (bit - 1))]
                         : 0);
        diff |= (word & st->mask[i]) ^ rule->values[i];
    }
    return !diff;
}

void
dpcls_rule_get_match(const struct dpcls_rule *rule, struct flow *mask,
                     struct flow *key)
{
    const struct dpcls_subtable *st = rule->subtable;
    uint64_t *mask_words = (uint64_t *) (void *) mask;
    uint64_t *key_words = (uint64_t *) (void *) key;

    memset(mask, 0, sizeof *mask);
    memset(key, 0, sizeof *key);
    for (uint32_t i = 0; i < st->n_values; i++) {
        mask_words[st->idx[i]] = st->mask[i];
        key_words[st->idx[i]] = rule->values[i];
    }
}

/* Ranking. */

struct subtable_rank {
    unsigned long long hits;        /* Since the previous ranking. */
    size_t pos;                     /* In the current order. */
    struct dpcls_subtable *st;
};

static int
compare_ranks(const void *a_, const void *b_)
{
    const struct subtable_rank *a = a_;
    const struct subtable_rank *b = b_;
    if (a->hits != b->hits) {
        return a->hits > b->hits ? -1 : 1;
    }
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

void
dpcls_sort_subtables(struct dpcls *cls)
{
    struct dpcls_subtables *old = rcu_get_protected(&cls->subtables);
    size_t n = old->n;
    if (!n) {
        return;
    }

    struct subtable_rank *ranks = xmalloc(n * sizeof *ranks);
    for (size_t i = 0; i < n; i++) {
        struct dpcls_subtable *st = old->subtables[i];
        unsigned long long hits = atomic_read_relaxed(&st->hits);
        ranks[i].hits = hits - st->hits_at_rank;
        ranks[i].pos = i;
        ranks[i].st = st;
        st->hits_at_rank = hits;
    }
    qsort(ranks, n, sizeof *ranks, compare_ranks);

    bool changed = false;
    for (size_t i = 0; i < n; i++) {
        if (ranks[i].pos != i) {
            changed = true;
            break;
        }
    }
    if (changed) {
        struct dpcls_subtables *new;
        new = xmalloc(sizeof *new + n * sizeof new->subtables[0]);
        new->n = n;
        for (size_t i = 0; i < n; i++) {
            new->subtables[i] = ranks[i].st;
        }
        rcu_set(&cls->subtables, new);
        postpone_free_subtables(old);
    }
    free(ranks);
}

/* Statistics. */

size_t
dpcls_count(const struct dpcls *cls)
{
    return atomic_read_relaxed(&cls->n_rules);
}

size_t
dpcls_n_subtables(const struct dpcls *cls)
{
    return atomic_read_relaxed(&cls->n_subtables);
}

size_t
dpcls_get_subtables(const struct dpcls *cls, struct flow masks[],
                    uint64_t hits[], size_t n)
{
    const struct dpcls_subtables *subtables = rcu_get(&cls->subtables);
    for (size_t i = 0; i < n && i < subtables->n; i++) {
        const struct dpcls_subtable *st = subtables->subtables[i];
        uint64_t *words = (uint64_t *) (void *) &masks[i];

        memset(&masks[i], 0, sizeof masks[i]);
        for (uint32_t j = 0; j < st->n_values; j++) {
            words[st->idx[j]] = st->mask[j];
        }
        if (hits) {
            hits[i] = atomic_read_relaxed(&st->hits);
        }
    }
    return subtables->n;
}

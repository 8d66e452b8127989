/*
 * dpcls: the megaflow classifier of the fast path, a tuple-space search
 * over masks that the PMD threads read without locks while a writer
 * changes it.
 *
 * Rules.  A rule (a megaflow's match) is a mask and a key: it matches a
 * packet's key K when K & mask == key & mask, word by word over struct
 * flow.  The caller embeds a 'struct dpcls_rule' in its own megaflow
 * object and gets back to it with CONTAINER_OF() when a lookup returns
 * the rule.  Megaflows do not overlap (the slow path makes them so), so
 * there are no priorities: a lookup returns a rule that matches, and if
 * several do (only a caller's error can make them), which one is
 * unspecified.
 *
 * Structure.  Rules with the same mask form a subtable: the mask's
 * nonzero words and a cmap (lib/cmap.h) of the subtable's rules by the
 * hash of their masked key, with a 4096-bit filter of the hashes present.
 * A lookup expands each key once into a full struct flow, then visits the
 * subtables in rank order; in each it computes the masked hash of every
 * key still unmatched, drops the keys whose filter bit is clear (most of
 * those that match nothing there), finds the others with one
 * cmap_find_batch() and verifies the candidates word by word, until every
 * key has matched or the subtables are exhausted.  The code for masks of
 * 1 to 10 words is specialized for their size.  Each subtable counts the
 * keys it matched; dpcls_sort_subtables() ranks the subtables by the hits
 * since the previous ranking, so that with skewed traffic the first
 * subtable usually matches.
 *
 * Rule table.  Every inserted rule also gets a small index into the
 * classifier's rule table, and a stamp unique to the insertion (a 32-bit
 * counter, never 0).  The exact-match caches (emc.h, smc.h) store indexes
 * rather than pointers: a cache entry outlives RCU grace periods, so a
 * pointer in it could dangle once the megaflow is freed, whereas
 * dpcls_rule_by_index() returns only rules that are in the classifier (or
 * were removed within the reader's current grace period).  Freed indexes
 * are reused, most recently freed first, so the table stays dense; the
 * caches tell a new rule from the old one in the same slot by its stamp or
 * by checking that it matches the key.
 *
 * Concurrency.  Writers (dpcls_insert(), dpcls_remove(),
 * dpcls_sort_subtables(), dpcls_destroy()) must be serialized by the
 * caller, normally with the mutex that guards the datapath's flow table
 * for this classifier; a PMD thread that ranks its own classifier takes
 * that mutex with a trylock.  Readers (dpcls_lookup(),
 * dpcls_rule_by_index(), dpcls_rule_matches_key() and the counters) take
 * no lock, make no atomic read-modify-write and never block; they must be
 * RCU-registered threads (rcu.h), online while they read, and may run at
 * any time, concurrently with a writer.  A reader sees the rule set as it
 * was before or after each change, never a half-inserted rule or a freed
 * one: rules are fully written before they are published, and a removed
 * rule stays valid for readers until their next quiescent point.
 *
 * Ownership.  The caller allocates and frees rules.  After
 * dpcls_remove(), readers may still hold the rule, so free it (or the
 * megaflow around it) with rcu_postpone(), never directly, and do not
 * reuse it for another insertion before that.  The classifier frees its
 * own subtables and tables, also after a grace period.
 *
 * Lookups count subtable hits with plain (non-atomic) increments of
 * relaxed atomics: if several threads look up in one classifier at once,
 * some hits may be lost, which only affects ranking.  A classifier
 * normally belongs to one PMD thread.
 */
#ifndef SLUICE_DPCLS_H
#define SLUICE_DPCLS_H 1

#include "dp-key.h"            /* First: see dp-key.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cmap.h"
#include "flow.h"
#include "hmap.h"
#include "rcu.h"

struct dpcls_subtable;
struct dpcls_subtables;

/* The most keys one dpcls_lookup() takes. */
#define DPCLS_BATCH_MAX 32
BUILD_ASSERT_DECL(DPCLS_BATCH_MAX <= CMAP_BATCH_MAX);

/* A rule, embedded by the caller in its megaflow.  All members are private
 * to dpcls; the caller must not change them while the rule is inserted.
 *
 * What lookups read comes first, so that for masks of up to 6 words it
 * fits in one cache line if the rule starts one (allocate the megaflow
 * with xmalloc_cacheline() and put the rule first). */
struct dpcls_rule {
    uint32_t stamp;                     /* Nonzero, unique per insertion. */
    uint32_t index;                     /* In the classifier's rule table. */
    struct dpcls_subtable *subtable;    /* Its mask; kept after removal. */
    uint64_t values[FLOW_U64S];         /* Masked key, mask's words only. */
    struct cmap_node cmap_node;         /* In its subtable's 'rules'. */
    uint32_t hash;                      /* Hash of 'values'. */
};

/* The rule table: readers index it without locks.  Private. */
struct dpcls_rule_table {
    uint32_t n;                         /* Number of slots. */
    RCU(struct dpcls_rule *) rules[];   /* NULL for a free slot. */
};

/* A classifier.  All members are private. */
struct dpcls {
    /* Read by lookups. */
    RCU(struct dpcls_subtables *) subtables;    /* In rank order. */
    RCU(struct dpcls_rule_table *) rule_table;
    atomic_size_t n_rules;
    atomic_size_t n_subtables;

    /* Writers only. */
    struct hmap subtables_by_mask;      /* Subtables by hash of mask. */
    uint32_t *free_indexes;             /* Free slots of 'rule_table'. */
    size_t n_free_indexes;
    size_t allocated_free_indexes;
    uint32_t next_stamp;
};

/* Initializes CLS as an empty classifier. */
void dpcls_init(struct dpcls *cls);

/* Frees CLS's subtables and tables (after a grace period, since readers
 * may still use them) and leaves CLS empty, as dpcls_init() does.  Rules
 * still in CLS are forgotten, not freed: the caller frees them, after a
 * grace period if readers may still hold them.  A null CLS is a no-op.  A
 * writer operation. */
void dpcls_destroy(struct dpcls *cls);

/* Inserts RULE, which must not be in any classifier, with the given MASK
 * and KEY (only KEY's bits under MASK count; the others may be anything).
 * Creates the subtable for MASK if there is none yet, ranked last.
 * Returns 0, or EEXIST without inserting anything if CLS already holds a
 * rule with the same mask and masked key.  A writer operation. */
int dpcls_insert(struct dpcls *cls, struct dpcls_rule *rule,
                 const struct flow *mask, const struct flow *key);

/* Removes RULE, which must be in CLS, and frees its index for reuse; the
 * last rule of a subtable takes the subtable with it.  Readers may still
 * hold RULE until their next quiescent point: free it with rcu_postpone().
 * A writer operation. */
void dpcls_remove(struct dpcls *cls, struct dpcls_rule *rule);

/* Looks up the N keys in KEYS (N <= DPCLS_BATCH_MAX): sets RULES[i] to a
 * rule that matches KEYS[i], or to NULL.  Returns true if every key
 * matched.  If N_LOOKUPS is nonnull, stores in it the sum, over the keys
 * that matched, of the rank (1 for the first) of the subtable in which
 * they did: divided by the number of matches, the average number of
 * subtables a matching key costs.  A reader operation: no lock, no
 * allocation, no system call. */
bool dpcls_lookup(const struct dpcls *cls, const struct dp_key *const keys[],
                  size_t n, struct dpcls_rule *rules[],
                  unsigned int *n_lookups);

/* Returns true if KEY matches RULE's mask and masked key.  RULE may have
 * been removed, if the caller obtained it in its current grace period.  A
 * reader operation. */
bool dpcls_rule_matches_key(const struct dpcls_rule *rule,
                            const struct dp_key *key);

/* Returns CLS's current rule table, for dpcls_rule_table_get().  It stays
 * valid until the caller's next quiescent point, so a batch lookup reads
 * it once for the whole batch.  A reader operation. */
static inline const struct dpcls_rule_table *
dpcls_get_rule_table(const struct dpcls *cls)
{
    return rcu_get(&cls->rule_table);
}

/* Returns the rule in slot INDEX of TABLE, or NULL if the slot is free or
 * out of range (any INDEX is safe, UINT32_MAX included).  The rule stays
 * valid until the caller's next quiescent point even if a writer removes
 * it meanwhile.  A reader operation, for the caches. */
static inline struct dpcls_rule *
dpcls_rule_table_get(const struct dpcls_rule_table *table, uint32_t index)
{
    return index < table->n ? rcu_get(&table->rules[index]) : NULL;
}

/* Returns the rule in slot INDEX of CLS's rule table, as
 * dpcls_rule_table_get() does.  A reader operation. */
static inline struct dpcls_rule *
dpcls_rule_by_index(const struct dpcls *cls, uint32_t index)
{
    return dpcls_rule_table_get(dpcls_get_rule_table(cls), index);
}

/* Returns RULE's index in its classifier's rule table.  RULE must be
 * inserted. */
static inline uint32_t
dpcls_rule_index(const struct dpcls_rule *rule)
{
    return rule->index;
}

/* Returns RULE's stamp: nonzero, and different from the stamp of every
 * other rule inserted into its classifier within the last 2^32 - 1
 * insertions.  RULE must be inserted. */
static inline uint32_t
dpcls_rule_stamp(const struct dpcls_rule *rule)
{
    return rule->stamp;
}

/* Stores RULE's mask in *MASK and its masked key in *KEY.  RULE must be
 * inserted, or removed within the caller's grace period.  For dumps and
 * tests. */
void dpcls_rule_get_match(const struct dpcls_rule *rule, struct flow *mask,
                          struct flow *key);

/* Re-ranks CLS's subtables by the number of keys each matched since the
 * previous ranking, most first (ties keep their order), and publishes the
 * new order to readers if it changed.  The owner calls it periodically
 * (about once a second).  A writer operation. */
void dpcls_sort_subtables(struct dpcls *cls);

/* Returns the number of rules in CLS: exact for a writer, recent for
 * anyone else. */
size_t dpcls_count(const struct dpcls *cls);

/* Returns the number of subtables (distinct masks) in CLS: exact for a
 * writer, recent for anyone else. */
size_t dpcls_n_subtables(const struct dpcls *cls);

/* Stores in MASKS (room for N) the masks of CLS's first N subtables in
 * rank order and in HITS, if nonnull, the keys each has matched since
 * CLS was initialized.  Returns the number of subtables, which may exceed
 * N.  For statistics and tests; a reader operation. */
size_t dpcls_get_subtables(const struct dpcls *cls, struct flow masks[],
                           uint64_t hits[], size_t n);

#endif /* dpcls.h */

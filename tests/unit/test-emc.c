/* Unit tests for datapath/emc.c and datapath/smc.c: hits and misses,
 * entries of removed or replaced rules, replacement, sweeping, the whole
 * lookup pipeline (exact-match cache, signature cache, classifier) against
 * the classifier alone, and the pipeline concurrent with a writer. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "datapath/dpcls.h"     /* First: see dp-key.h. */
#include <arpa/inet.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include "atomic.h"
#include "datapath/dp-key.h"
#include "datapath/emc.h"
#include "datapath/smc.h"
#include "flow.h"
#include "rcu.h"
#include "thread.h"
#include "util.h"
#include "unit-test.h"

#define RULE_LIVE 0x52554c45u
#define RULE_DEAD 0xdeadbeefu

struct test_rule {
    struct dpcls_rule cr;
    uint32_t magic;             /* RULE_LIVE until freed. */
    uint32_t id;
};

static struct test_rule *
test_rule_from_cr(const struct dpcls_rule *cr)
{
    return cr ? CONTAINER_OF(cr, struct test_rule, cr) : NULL;
}

static void
test_rule_free_cb(void *r_)
{
    struct test_rule *r = r_;
    r->magic = RULE_DEAD;
    free(r);
}

/* A small, fast, reproducible random number generator (xorshift64*). */
static uint64_t
random_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dull;
}

static uint32_t
random_range(uint64_t *state, uint32_t n)
{
    return random_next(state) % n;
}

/* The flow of a UDP packet of "connection" ID. */
static void
conn_flow(uint32_t id, struct flow *flow)
{
    memset(flow, 0, sizeof *flow);
    flow->in_port = 1 + id % 3;
    flow->dl_dst.ea[5] = 1;
    flow->dl_src.ea[5] = 2;
    flow->dl_type = htons(0x0800);
    flow->nw_src = htonl(0x0a000000 + id);
    flow->nw_dst = htonl(0x0a640001);
    flow->nw_proto = 17;
    flow->nw_ttl = 64;
    flow->tp_src = htons(1000 + id % 50000);
    flow->tp_dst = htons(53);
}

static void
conn_key(uint32_t id, struct dp_key *key)
{
    struct flow flow;
    conn_flow(id, &flow);
    dp_key_from_flow(key, &flow);
}

/* Inserts into CLS an exact rule (every field of conn_flow()) for
 * connection ID, if EXACT, or otherwise one for every connection with the
 * same in_port and nw_src. */
static struct test_rule *
insert_conn_rule(struct dpcls *cls, uint32_t id, bool exact)
{
    struct test_rule *r = xzalloc(sizeof *r);
    struct flow key, mask;

    conn_flow(id, &key);
    if (exact) {
        memset(&mask, 0xff, sizeof mask);
    } else {
        memset(&mask, 0, sizeof mask);
        mask.in_port = UINT32_MAX;
        mask.nw_src = htonl(UINT32_MAX);
    }
    r->magic = RULE_LIVE;
    r->id = id;
    assert_int_equal(dpcls_insert(cls, &r->cr, &mask, &key), 0);
    return r;
}

static void
remove_rule(struct dpcls *cls, struct test_rule *r)
{
    dpcls_remove(cls, &r->cr);
    rcu_postpone(test_rule_free_cb, r);
}

/* The exact-match cache. */

static void
test_emc_basic(void **state)
{
    enum { N = 100 };
    struct test_rule *rules[N];
    struct dp_key keys[N + 1];
    struct dpcls cls;
    struct emc emc;

    dpcls_init(&cls);
    emc_init(&emc, &cls, 1000);
    assert_int_equal(emc_capacity(&emc), 1024);
    assert_int_equal(emc_count(&emc), 0);

    for (int i = 0; i < N; i++) {
        rules[i] = insert_conn_rule(&cls, i, true);
        conn_key(i, &keys[i]);
        assert_null(emc_lookup(&emc, &keys[i]));
    }
    conn_key(N, &keys[N]);

    /* Nothing replaces a live entry in this test. */
    emc_set_replace_inv_prob(&emc, 0);
    int n_cached = 0;
    for (int i = 0; i < N; i++) {
        n_cached += emc_insert(&emc, &keys[i], &rules[i]->cr);
    }
    assert_int_equal(emc_count(&emc), n_cached);
    print_message("%d of %d keys cached in 1024 entries\n", n_cached, N);
    assert_true(n_cached >= N - 2);

    /* A batch of every key and one that is not cached. */
    const struct dp_key *ptrs[EMC_BATCH_MAX];
    struct dpcls_rule *found[EMC_BATCH_MAX];
    for (int start = 0; start < N; start += EMC_BATCH_MAX - 1) {
        size_t n = 0;
        for (int i = start; i < N && n < EMC_BATCH_MAX - 1; i++) {
            ptrs[n++] = &keys[i];
        }
        ptrs[n++] = &keys[N];
        uint32_t hits = emc_lookup_batch(&emc, ptrs, n, found);
        for (size_t j = 0; j < n; j++) {
            const struct dp_key *k = ptrs[j];
            struct dpcls_rule *want = NULL;
            if (k != &keys[N]) {
                struct dpcls_rule *in_cache = emc_lookup(&emc, k);
                want = &rules[k - keys]->cr;
                /* Either cached (then for the right rule) or not. */
                assert_true(in_cache == want || in_cache == NULL);
                want = in_cache;
            }
            assert_ptr_equal(found[j], want);
            assert_int_equal(!!(hits & (UINT32_C(1) << j)), want != NULL);
        }
    }

    /* Inserting a cached key again updates its entry in place. */
    size_t count = emc_count(&emc);
    for (int i = 0; i < N; i++) {
        if (emc_lookup(&emc, &keys[i])) {
            assert_true(emc_insert(&emc, &keys[i], &rules[(i + 1) % N]->cr));
            assert_ptr_equal(emc_lookup(&emc, &keys[i]),
                             &rules[(i + 1) % N]->cr);
        }
    }
    assert_int_equal(emc_count(&emc), count);

    emc_flush(&emc);
    assert_int_equal(emc_count(&emc), 0);
    for (int i = 0; i < N; i++) {
        assert_null(emc_lookup(&emc, &keys[i]));
    }

    /* Sizes. */
    emc_destroy(&emc);
    emc_init(&emc, &cls, 0);
    assert_int_equal(emc_capacity(&emc), EMC_DEFAULT_ENTRIES);
    emc_destroy(&emc);
    emc_init(&emc, &cls, 1);
    assert_int_equal(emc_capacity(&emc), 2);
    emc_destroy(&emc);
    emc_init(&emc, &cls, 5000);
    assert_int_equal(emc_capacity(&emc), 8192);
    emc_destroy(&emc);
    emc_destroy(NULL);

    for (int i = 0; i < N; i++) {
        remove_rule(&cls, rules[i]);
    }
    dpcls_destroy(&cls);
    rcu_barrier();
}

/* A cached key whose rule is removed misses, even when the rule's slot is
 * reused by another rule, or by the same rule inserted again. */
static void
test_emc_removed_rules(void **state)
{
    struct test_rule *r1, *r2;
    struct dp_key k1, k2;
    struct dpcls cls;
    struct emc emc;

    dpcls_init(&cls);
    emc_init(&emc, &cls, 64);
    r1 = insert_conn_rule(&cls, 1, true);
    r2 = insert_conn_rule(&cls, 2, true);
    conn_key(1, &k1);
    conn_key(2, &k2);
    assert_true(emc_insert(&emc, &k1, &r1->cr));
    assert_true(emc_insert(&emc, &k2, &r2->cr));
    assert_ptr_equal(emc_lookup(&emc, &k1), &r1->cr);
    assert_int_equal(emc_count(&emc), 2);

    /* Removed: a miss, and the lookup frees the entry. */
    uint32_t index = dpcls_rule_index(&r1->cr);
    dpcls_remove(&cls, &r1->cr);
    assert_null(emc_lookup(&emc, &k1));
    assert_int_equal(emc_count(&emc), 1);
    assert_ptr_equal(emc_lookup(&emc, &k2), &r2->cr);

    /* Inserted again (no reader here needs a grace period first), the
     * rule takes the same slot with a new stamp: an entry cached for the
     * earlier insertion misses. */
    struct flow key, mask;
    conn_flow(1, &key);
    memset(&mask, 0xff, sizeof mask);
    assert_int_equal(dpcls_insert(&cls, &r1->cr, &mask, &key), 0);
    assert_true(emc_insert(&emc, &k1, &r1->cr));
    assert_ptr_equal(emc_lookup(&emc, &k1), &r1->cr);
    uint32_t stamp = dpcls_rule_stamp(&r1->cr);
    dpcls_remove(&cls, &r1->cr);
    assert_int_equal(dpcls_insert(&cls, &r1->cr, &mask, &key), 0);
    assert_int_equal(dpcls_rule_index(&r1->cr), index);
    assert_int_not_equal(dpcls_rule_stamp(&r1->cr), stamp);
    assert_int_equal(emc_count(&emc), 2);
    assert_null(emc_lookup(&emc, &k1));
    assert_int_equal(emc_count(&emc), 1);
    assert_true(emc_insert(&emc, &k1, &r1->cr));
    assert_ptr_equal(emc_lookup(&emc, &k1), &r1->cr);

    /* Another rule in the slot. */
    dpcls_remove(&cls, &r1->cr);
    struct test_rule *r3 = insert_conn_rule(&cls, 3, true);
    assert_int_equal(dpcls_rule_index(&r3->cr), index);
    assert_null(emc_lookup(&emc, &k1));
    free(r1);

    /* Sweeping frees the entries of removed rules, and only those. */
    emc_flush(&emc);
    enum { N = 20 };
    struct test_rule *rules[N];
    struct dp_key keys[N];
    int n_cached = 0;
    for (int i = 0; i < N; i++) {
        rules[i] = insert_conn_rule(&cls, 100 + i, i % 2);
        conn_key(100 + i, &keys[i]);
        n_cached += emc_insert(&emc, &keys[i], &rules[i]->cr);
    }
    assert_int_equal(emc_count(&emc), n_cached);
    int n_removed = 0;
    for (int i = 0; i < N; i += 3) {
        n_removed += emc_lookup(&emc, &keys[i]) != NULL;
        remove_rule(&cls, rules[i]);
        rules[i] = NULL;
    }
    assert_int_equal(emc_count(&emc), n_cached);
    assert_int_equal(emc_sweep(&emc, 10) + emc_sweep(&emc, 1000),
                     n_removed);
    assert_int_equal(emc_count(&emc), n_cached - n_removed);
    assert_int_equal(emc_sweep(&emc, 1000), 0);
    for (int i = 0; i < N; i++) {
        struct dpcls_rule *rule = emc_lookup(&emc, &keys[i]);
        if (!rules[i]) {
            assert_null(rule);
        } else if (rule) {
            assert_ptr_equal(rule, &rules[i]->cr);
        }
    }

    for (int i = 0; i < N; i++) {
        if (rules[i]) {
            remove_rule(&cls, rules[i]);
        }
    }
    remove_rule(&cls, r2);
    remove_rule(&cls, r3);
    emc_destroy(&emc);
    dpcls_destroy(&cls);
    rcu_barrier();
}

/* Finds N keys (connection ids from *NEXT_ID on) whose two candidate
 * entries in a cache of 2 entries differ, so that each can go in
 * either. */
static void
two_way_keys(uint32_t *next_id, struct dp_key keys[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        do {
            conn_key((*next_id)++, &keys[i]);
        } while ((keys[i].hash & 1) == ((keys[i].hash >> 16) & 1));
    }
}

static void
test_emc_replacement(void **state)
{
    struct dp_key a_b[2], c;
    struct test_rule *rule;
    uint32_t next_id = 0;
    struct dpcls cls;
    struct emc emc;

    dpcls_init(&cls);
    rule = insert_conn_rule(&cls, 0, false);
    emc_init(&emc, &cls, 2);
    assert_int_equal(emc_capacity(&emc), 2);
    two_way_keys(&next_id, a_b, 2);
    two_way_keys(&next_id, &c, 1);

    /* Two keys fill both entries. */
    assert_true(emc_insert(&emc, &a_b[0], &rule->cr));
    assert_true(emc_insert(&emc, &a_b[1], &rule->cr));
    assert_int_equal(emc_count(&emc), 2);

    /* Never replacing: the third stays out. */
    emc_set_replace_inv_prob(&emc, 0);
    for (int i = 0; i < 100; i++) {
        assert_false(emc_insert(&emc, &c, &rule->cr));
    }
    assert_ptr_equal(emc_lookup(&emc, &a_b[0]), &rule->cr);
    assert_ptr_equal(emc_lookup(&emc, &a_b[1]), &rule->cr);
    assert_null(emc_lookup(&emc, &c));

    /* Always replacing: it takes the place of one of them. */
    emc_set_replace_inv_prob(&emc, 1);
    assert_true(emc_insert(&emc, &c, &rule->cr));
    assert_ptr_equal(emc_lookup(&emc, &c), &rule->cr);
    assert_int_equal((emc_lookup(&emc, &a_b[0]) != NULL)
                     + (emc_lookup(&emc, &a_b[1]) != NULL), 1);
    assert_int_equal(emc_count(&emc), 2);

    /* One in 4: about 1000 replacements in 4000 tries. */
    emc_set_replace_inv_prob(&emc, 4);
    int n_replaced = 0;
    for (int i = 0; i < 4000; i++) {
        struct dp_key k;
        two_way_keys(&next_id, &k, 1);
        n_replaced += emc_insert(&emc, &k, &rule->cr);
    }
    print_message("%d replacements in 4000 tries at 1 in 4\n", n_replaced);
    assert_true(n_replaced > 850 && n_replaced < 1150);

    /* An entry whose rule is gone, once swept, is free: taken without a
     * draw. */
    emc_set_replace_inv_prob(&emc, 0);
    struct test_rule *rule2 = insert_conn_rule(&cls, 1, false);
    emc_flush(&emc);
    assert_true(emc_insert(&emc, &a_b[0], &rule2->cr));
    assert_true(emc_insert(&emc, &a_b[1], &rule->cr));
    remove_rule(&cls, rule2);
    assert_false(emc_insert(&emc, &c, &rule->cr));
    assert_int_equal(emc_sweep(&emc, 2), 1);
    assert_true(emc_insert(&emc, &c, &rule->cr));
    assert_ptr_equal(emc_lookup(&emc, &c), &rule->cr);
    assert_ptr_equal(emc_lookup(&emc, &a_b[1]), &rule->cr);
    assert_null(emc_lookup(&emc, &a_b[0]));

    remove_rule(&cls, rule);
    emc_destroy(&emc);
    dpcls_destroy(&cls);
    rcu_barrier();
}

/* Keys of up to 14 values are cached; larger ones are not. */
static void
test_emc_key_sizes(void **state)
{
    struct test_rule *rule;
    struct dpcls cls;
    struct emc emc;
    struct dp_key key;
    struct flow flow;

    dpcls_init(&cls);
    rule = insert_conn_rule(&cls, 0, false);
    emc_init(&emc, &cls, 16);
    emc_set_replace_inv_prob(&emc, 1);

    memset(&flow, 0, sizeof flow);
    uint64_t *words = (uint64_t *) (void *) &flow;
    for (size_t i = 0; i < FLOW_U64S; i++) {
        words[i] = UINT64_C(1) << 63;
        dp_key_from_flow(&key, &flow);
        size_t n_values = miniflow_n_values(dp_key_miniflow(&key));
        assert_int_equal(n_values, i + 1);
        assert_int_equal(emc_insert(&emc, &key, &rule->cr), n_values <= 14);
        assert_ptr_equal(emc_lookup(&emc, &key),
                         n_values <= 14 ? &rule->cr : NULL);
    }
    assert_int_equal(key.len, DP_KEY_MAX_LEN);

    remove_rule(&cls, rule);
    emc_destroy(&emc);
    dpcls_destroy(&cls);
    rcu_barrier();
}

static void
emc_lookup_too_many(void)
{
    const struct dp_key *keys[EMC_BATCH_MAX + 1];
    struct dpcls_rule *rules[EMC_BATCH_MAX + 1];
    struct dp_key key;
    struct dpcls cls;
    struct emc emc;

    dpcls_init(&cls);
    emc_init(&emc, &cls, 16);
    conn_key(0, &key);
    for (int i = 0; i <= EMC_BATCH_MAX; i++) {
        keys[i] = &key;
    }
    emc_lookup_batch(&emc, keys, EMC_BATCH_MAX + 1, rules);
}

static void
smc_lookup_too_many(void)
{
    const struct dp_key *keys[SMC_BATCH_MAX + 1];
    struct dpcls_rule *rules[SMC_BATCH_MAX + 1];
    struct dp_key key;
    struct dpcls cls;
    struct smc smc;

    dpcls_init(&cls);
    smc_init(&smc, &cls, 16);
    conn_key(0, &key);
    for (int i = 0; i <= SMC_BATCH_MAX; i++) {
        keys[i] = &key;
    }
    smc_lookup_batch(&smc, keys, SMC_BATCH_MAX + 1, rules);
}

static void
test_misuse_aborts(void **state)
{
    check_aborts(emc_lookup_too_many, "n <= EMC_BATCH_MAX");
    check_aborts(smc_lookup_too_many, "n <= SMC_BATCH_MAX");
}

/* The signature-match cache. */

static void
test_smc_basic(void **state)
{
    enum { N = 5000 };
    struct test_rule *exact[N];
    struct test_rule *wide;
    struct dp_key *keys = xcalloc(N, sizeof *keys);
    struct dpcls cls;
    struct smc smc;

    dpcls_init(&cls);
    smc_init(&smc, &cls, 100);
    assert_int_equal(smc_capacity(&smc), 128);
    smc_destroy(&smc);
    smc_init(&smc, &cls, 0);
    assert_int_equal(smc_capacity(&smc), SMC_DEFAULT_ENTRIES);
    smc_destroy(&smc);
    smc_init(&smc, &cls, 1);
    assert_int_equal(smc_capacity(&smc), SMC_WAYS);
    smc_destroy(&smc);
    smc_destroy(NULL);

    smc_init(&smc, &cls, 16384);
    assert_int_equal(smc_count(&smc), 0);
    for (int i = 0; i < N; i++) {
        exact[i] = insert_conn_rule(&cls, i, true);
        conn_key(i, &keys[i]);
        assert_null(smc_lookup(&smc, &keys[i]));
        smc_insert(&smc, &keys[i], &exact[i]->cr);
    }
    /* 5000 keys in 2048 buckets of 8: all fit unless a bucket got more
     * than 8, which the binomial distribution makes rare. */
    size_t count = smc_count(&smc);
    print_message("%zu of %d keys in the cache\n", count, N);
    assert_true(count >= N - 10 && count <= N);

    const struct dp_key *ptrs[SMC_BATCH_MAX];
    struct dpcls_rule *found[SMC_BATCH_MAX];
    size_t n_hits = 0;
    for (int start = 0; start < N; start += SMC_BATCH_MAX) {
        size_t n = MIN(SMC_BATCH_MAX, N - start);
        for (size_t j = 0; j < n; j++) {
            ptrs[j] = &keys[start + j];
        }
        uint32_t hits = smc_lookup_batch(&smc, ptrs, n, found);
        for (size_t j = 0; j < n; j++) {
            if (hits & (UINT32_C(1) << j)) {
                assert_ptr_equal(found[j], &exact[start + j]->cr);
                n_hits++;
            } else {
                assert_null(found[j]);
            }
        }
    }
    assert_int_equal(n_hits, count);

    /* Removed rules miss; a rule that takes over a slot and matches the
     * key (any matching rule is the key's) hits. */
    uint32_t last_index = dpcls_rule_index(&exact[N - 2]->cr);
    for (int i = 0; i < N; i += 2) {
        remove_rule(&cls, exact[i]);
        exact[i] = NULL;
    }
    for (int i = 0; i < N; i++) {
        struct dpcls_rule *rule = smc_lookup(&smc, &keys[i]);
        if (exact[i]) {
            assert_true(rule == &exact[i]->cr || !rule);
        } else {
            assert_null(rule);
        }
    }
    wide = insert_conn_rule(&cls, N - 2, false);
    assert_int_equal(dpcls_rule_index(&wide->cr), last_index);
    for (int i = 0; i < N; i += 2) {
        struct dpcls_rule *rule = smc_lookup(&smc, &keys[i]);
        if (i == N - 2 && count == N) {
            assert_ptr_equal(rule, &wide->cr);
        } else if (i != N - 2) {
            assert_null(rule);
        }
    }

    /* Overfilling: 40000 keys into 16384 entries, each inserted after a
     * miss; the last key inserted into a bucket is always found. */
    smc_flush(&smc);
    assert_int_equal(smc_count(&smc), 0);
    for (uint32_t i = 0; i < 40000; i++) {
        struct dp_key k;
        conn_key(i % 3 ? 1 : N - 2, &k);
        k.hash = i * 0x9e3779b9u;
        smc_insert(&smc, &k, &wide->cr);
        if (i % 3 == 0) {
            assert_ptr_equal(smc_lookup(&smc, &k), &wide->cr);
        } else {
            assert_null(smc_lookup(&smc, &k));
        }
    }
    assert_int_equal(smc_count(&smc), 16384);

    for (int i = 0; i < N; i++) {
        if (exact[i]) {
            remove_rule(&cls, exact[i]);
        }
    }
    remove_rule(&cls, wide);
    smc_destroy(&smc);
    dpcls_destroy(&cls);
    rcu_barrier();
    free(keys);
}

/* The whole pipeline, as a PMD thread runs it. */

struct pipeline {
    struct dpcls *cls;
    struct emc emc;
    struct smc smc;
    unsigned long long emc_hits, smc_hits, cls_hits, misses;
};

static void
pipeline_init(struct pipeline *p, struct dpcls *cls, size_t emc_entries,
              size_t smc_entries)
{
    p->cls = cls;
    emc_init(&p->emc, cls, emc_entries);
    smc_init(&p->smc, cls, smc_entries);
    p->emc_hits = p->smc_hits = p->cls_hits = p->misses = 0;
}

static void
pipeline_destroy(struct pipeline *p)
{
    emc_destroy(&p->emc);
    smc_destroy(&p->smc);
}

/* Looks up the N keys: EMC, then SMC for the misses, then the classifier
 * for the rest, caching what the later stages find. */
static void
pipeline_lookup(struct pipeline *p, const struct dp_key *const keys[],
                size_t n, struct dpcls_rule *rules[])
{
    const struct dp_key *miss_keys[DPCLS_BATCH_MAX];
    struct dpcls_rule *miss_rules[DPCLS_BATCH_MAX];
    size_t miss_idx[DPCLS_BATCH_MAX];
    size_t n_miss = 0;

    uint32_t hits = emc_lookup_batch(&p->emc, keys, n, rules);
    p->emc_hits += count_1bits(hits);
    for (size_t i = 0; i < n; i++) {
        if (!(hits & (UINT32_C(1) << i))) {
            miss_idx[n_miss] = i;
            miss_keys[n_miss++] = keys[i];
        }
    }
    if (!n_miss) {
        return;
    }

    hits = smc_lookup_batch(&p->smc, miss_keys, n_miss, miss_rules);
    p->smc_hits += count_1bits(hits);
    size_t n_miss2 = 0;
    for (size_t j = 0; j < n_miss; j++) {
        size_t i = miss_idx[j];
        if (hits & (UINT32_C(1) << j)) {
            rules[i] = miss_rules[j];
            emc_insert(&p->emc, keys[i], rules[i]);
        } else {
            miss_idx[n_miss2] = i;
            miss_keys[n_miss2++] = keys[i];
        }
    }
    if (!n_miss2) {
        return;
    }

    dpcls_lookup(p->cls, miss_keys, n_miss2, miss_rules, NULL);
    for (size_t j = 0; j < n_miss2; j++) {
        size_t i = miss_idx[j];
        rules[i] = miss_rules[j];
        if (rules[i]) {
            p->cls_hits++;
            smc_insert(&p->smc, keys[i], rules[i]);
            emc_insert(&p->emc, keys[i], rules[i]);
        } else {
            p->misses++;
        }
    }
}

/* Random traffic over more connections than the EMC holds, with rules
 * removed and added as it goes: the pipeline always gives the
 * classifier's answer. */
static void
test_pipeline_against_dpcls(void **state)
{
    enum { N_CONNS = 3000, N_BATCHES = 3000 };
    struct test_rule **rules = xcalloc(N_CONNS, sizeof *rules);
    struct dp_key *keys = xcalloc(N_CONNS, sizeof *keys);
    struct pipeline p;
    struct dpcls cls;
    uint64_t rng = 5;

    dpcls_init(&cls);
    pipeline_init(&p, &cls, 1024, 2048);
    for (uint32_t i = 0; i < N_CONNS; i++) {
        conn_key(i, &keys[i]);
        if (i % 10) {
            rules[i] = insert_conn_rule(&cls, i, i % 4);
        }
    }

    for (int b = 0; b < N_BATCHES; b++) {
        const struct dp_key *ptrs[DPCLS_BATCH_MAX];
        struct dpcls_rule *got[DPCLS_BATCH_MAX];
        struct dpcls_rule *want[DPCLS_BATCH_MAX];
        size_t n = 1 + random_range(&rng, DPCLS_BATCH_MAX);

        for (size_t i = 0; i < n; i++) {
            /* Skewed: half the packets from the first 200. */
            uint32_t id = random_range(&rng, random_range(&rng, 2)
                                       ? 200 : N_CONNS);
            ptrs[i] = &keys[id];
        }
        pipeline_lookup(&p, ptrs, n, got);
        dpcls_lookup(&cls, ptrs, n, want, NULL);
        for (size_t i = 0; i < n; i++) {
            assert_ptr_equal(got[i], want[i]);
        }

        /* Churn: replace a random connection's rule, or remove it, or
         * add one. */
        uint32_t id = random_range(&rng, N_CONNS);
        if (rules[id]) {
            remove_rule(&cls, rules[id]);
            rules[id] = NULL;
        }
        if (random_range(&rng, 3)) {
            rules[id] = insert_conn_rule(&cls, id, random_range(&rng, 2));
        }
        if (b % 100 == 0) {
            emc_sweep(&p.emc, 64);
            dpcls_sort_subtables(&cls);
        }
    }
    print_message("EMC %llu, SMC %llu, classifier %llu hits, %llu misses\n",
                  p.emc_hits, p.smc_hits, p.cls_hits, p.misses);
    assert_true(p.emc_hits > 0 && p.smc_hits > 0 && p.cls_hits > 0
                && p.misses > 0);

    for (uint32_t i = 0; i < N_CONNS; i++) {
        if (rules[i]) {
            remove_rule(&cls, rules[i]);
        }
    }
    pipeline_destroy(&p);
    dpcls_destroy(&cls);
    rcu_barrier();
    free(keys);
    free(rules);
}

/* With more connections than the EMC holds, cycled through in order (as a
 * traffic generator replays a capture), rare replacement keeps the EMC
 * useful where always replacing makes it miss every time, and the SMC
 * catches the rest. */
static void
test_pipeline_cyclic_overflow(void **state)
{
    enum { N_CONNS = 3000, N_PASSES = 20 };
    struct test_rule **rules = xcalloc(N_CONNS, sizeof *rules);
    struct dp_key *keys = xcalloc(N_CONNS, sizeof *keys);
    struct dpcls cls;

    dpcls_init(&cls);
    for (uint32_t i = 0; i < N_CONNS; i++) {
        conn_key(i, &keys[i]);
        rules[i] = insert_conn_rule(&cls, i, true);
    }

    for (int always = 0; always < 2; always++) {
        struct pipeline p;
        pipeline_init(&p, &cls, 1024, 8192);
        emc_set_replace_inv_prob(&p.emc, always ? 1 : 32);
        for (int pass = 0; pass < N_PASSES; pass++) {
            for (uint32_t i = 0; i < N_CONNS; i += DPCLS_BATCH_MAX) {
                const struct dp_key *ptrs[DPCLS_BATCH_MAX];
                struct dpcls_rule *got[DPCLS_BATCH_MAX];
                size_t n = MIN(DPCLS_BATCH_MAX, N_CONNS - i);
                for (size_t j = 0; j < n; j++) {
                    ptrs[j] = &keys[i + j];
                }
                pipeline_lookup(&p, ptrs, n, got);
                for (size_t j = 0; j < n; j++) {
                    assert_ptr_equal(got[j], &rules[i + j]->cr);
                }
            }
        }
        unsigned long long total = (unsigned long long) N_CONNS * N_PASSES;
        print_message("replace %s: EMC %llu, SMC %llu, classifier %llu of "
                      "%llu\n", always ? "always" : "1 in 32", p.emc_hits,
                      p.smc_hits, p.cls_hits, total);
        assert_int_equal(p.misses, 0);
        assert_int_equal(p.emc_hits + p.smc_hits + p.cls_hits, total);
        /* Every connection fits in the SMC: the classifier sees each
         * about once. */
        assert_true(p.cls_hits < N_CONNS + N_CONNS / 10);
        if (always) {
            /* Each key is evicted by the keys between its packets. */
            assert_true(p.emc_hits < total / 10);
        } else {
            /* Close to 1024 of 3000 keys stay in the EMC. */
            assert_true(p.emc_hits > total / 5);
        }
        pipeline_destroy(&p);
    }

    for (uint32_t i = 0; i < N_CONNS; i++) {
        remove_rule(&cls, rules[i]);
    }
    dpcls_destroy(&cls);
    rcu_barrier();
    free(keys);
    free(rules);
}

/* Concurrency: a reader runs the pipeline (its own EMC and SMC) while a
 * writer removes and re-adds rules, freeing the removed ones after a
 * grace period.  Every rule the reader gets must be intact and match its
 * key; keys of rules that the writer never touches must always find
 * them. */

#define N_STABLE 64
#define N_CHURN 512
#define N_ROUNDS 40

static struct dpcls shared_cls;
static struct test_rule *stable_rules[N_STABLE];
static atomic_bool writer_done;

struct reader_stats {
    long long int batches;
    long long int found;
    long long int errors;
    unsigned long long emc_hits, smc_hits;
};

static void *
concurrent_reader_main(void *stats_)
{
    struct reader_stats *stats = stats_;
    struct dp_key *keys = xcalloc(N_STABLE + N_CHURN, sizeof *keys);
    struct pipeline p;
    uint64_t rng = 17;

    pipeline_init(&p, &shared_cls, 256, 512);
    for (uint32_t i = 0; i < N_STABLE + N_CHURN; i++) {
        conn_key(i, &keys[i]);
    }
    do {
        const struct dp_key *ptrs[DPCLS_BATCH_MAX];
        struct dpcls_rule *got[DPCLS_BATCH_MAX];
        uint32_t ids[DPCLS_BATCH_MAX];

        for (int i = 0; i < DPCLS_BATCH_MAX; i++) {
            ids[i] = random_range(&rng, N_STABLE + N_CHURN);
            ptrs[i] = &keys[ids[i]];
        }
        pipeline_lookup(&p, ptrs, DPCLS_BATCH_MAX, got);
        for (int i = 0; i < DPCLS_BATCH_MAX; i++) {
            struct test_rule *r = test_rule_from_cr(got[i]);
            if (ids[i] < N_STABLE) {
                stats->errors += r != stable_rules[ids[i]];
            } else if (r) {
                stats->errors += (r->magic != RULE_LIVE || r->id != ids[i]
                                  || !dpcls_rule_matches_key(got[i],
                                                             ptrs[i]));
                stats->found++;
            }
        }
        emc_sweep(&p.emc, 8);
        stats->batches++;
        rcu_quiesce();
    } while (!atomic_read_acquire(&writer_done));

    stats->emc_hits = p.emc_hits;
    stats->smc_hits = p.smc_hits;
    pipeline_destroy(&p);
    free(keys);
    return NULL;
}

static void *
concurrent_writer_main(void *aux)
{
    struct test_rule *churn[N_CHURN];
    uint64_t rng = 23;

    for (uint32_t i = 0; i < N_CHURN; i++) {
        churn[i] = insert_conn_rule(&shared_cls, N_STABLE + i, i % 2);
    }
    for (int round = 0; round < N_ROUNDS; round++) {
        for (uint32_t i = 0; i < N_CHURN; i++) {
            if (churn[i] && random_range(&rng, 3) == 0) {
                remove_rule(&shared_cls, churn[i]);
                churn[i] = NULL;
            } else if (!churn[i]) {
                churn[i] = insert_conn_rule(&shared_cls, N_STABLE + i,
                                            random_range(&rng, 2));
            }
            if (i % 64 == 0) {
                rcu_quiesce();
                /* Give the reader time to cache the new rules. */
                sched_yield();
            }
        }
        dpcls_sort_subtables(&shared_cls);
        rcu_quiesce();
    }
    for (uint32_t i = 0; i < N_CHURN; i++) {
        if (churn[i]) {
            remove_rule(&shared_cls, churn[i]);
        }
    }
    atomic_store_release(&writer_done, true);
    return NULL;
}

static void
test_concurrent(void **state)
{
    struct reader_stats stats;

    memset(&stats, 0, sizeof stats);
    atomic_store_relaxed(&writer_done, false);
    dpcls_init(&shared_cls);
    for (uint32_t i = 0; i < N_STABLE; i++) {
        stable_rules[i] = insert_conn_rule(&shared_cls, i, i % 2);
    }

    pthread_t reader = thread_create("emc-reader", concurrent_reader_main,
                                     &stats);
    pthread_t writer = thread_create("emc-writer", concurrent_writer_main,
                                     NULL);
    thread_join(writer, NULL);
    thread_join(reader, NULL);

    print_message("reader: %lld batches, %lld churn keys found, EMC %llu "
                  "and SMC %llu hits, %lld errors\n", stats.batches,
                  stats.found, stats.emc_hits, stats.smc_hits,
                  stats.errors);
    assert_int_equal(stats.errors, 0);
    assert_true(stats.batches >= 1);
    assert_int_equal(dpcls_count(&shared_cls), N_STABLE);

    for (uint32_t i = 0; i < N_STABLE; i++) {
        remove_rule(&shared_cls, stable_rules[i]);
    }
    dpcls_destroy(&shared_cls);
    rcu_barrier();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        /* Forks: first, while there are few threads. */
        cmocka_unit_test(test_misuse_aborts),
        cmocka_unit_test(test_emc_basic),
        cmocka_unit_test(test_emc_removed_rules),
        cmocka_unit_test(test_emc_replacement),
        cmocka_unit_test(test_emc_key_sizes),
        cmocka_unit_test(test_smc_basic),
        cmocka_unit_test(test_pipeline_against_dpcls),
        cmocka_unit_test(test_pipeline_cyclic_overflow),
        cmocka_unit_test(test_concurrent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for datapath/dpcls.c and datapath/dp-key.h: exact results on
 * hand-made rules, a brute-force reference on random rules and keys,
 * ranking, the rule table, misuse, and lookups concurrent with a
 * writer. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "datapath/dpcls.h"     /* First: see dp-key.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "atomic.h"
#include "datapath/dp-key.h"
#include "flow.h"
#include "rcu.h"
#include "thread.h"
#include "util.h"
#include "tests/flow-shapes/shapes.h"
#include "unit-test.h"

#define RULE_LIVE 0x52554c45u
#define RULE_DEAD 0xdeadbeefu

/* A megaflow as a datapath would have it: the rule embedded, and beside it
 * the match it was inserted with, for the reference model. */
struct test_rule {
    struct dpcls_rule cr;
    uint32_t magic;             /* RULE_LIVE until freed. */
    struct flow mask;
    struct flow key;            /* Masked by 'mask'. */
    bool inserted;
};

static struct test_rule *
test_rule_from_cr(const struct dpcls_rule *cr)
{
    return cr ? CONTAINER_OF(cr, struct test_rule, cr) : NULL;
}

static uint64_t *
words_of(struct flow *flow)
{
    return (uint64_t *) (void *) flow;
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

/* Initializes R's match from MASK and KEY (which it masks). */
static void
test_rule_init(struct test_rule *r, const struct flow *mask,
               const struct flow *key)
{
    memset(r, 0xa5, sizeof r->cr);
    r->magic = RULE_LIVE;
    r->mask = *mask;
    r->key = *key;
    for (size_t i = 0; i < FLOW_U64S; i++) {
        words_of(&r->key)[i] &= flow_u64s(mask)[i];
    }
    r->inserted = false;
}

static void
test_rule_insert(struct dpcls *cls, struct test_rule *r)
{
    assert_false(r->inserted);
    assert_int_equal(dpcls_insert(cls, &r->cr, &r->mask, &r->key), 0);
    r->inserted = true;
}

static void
test_rule_remove(struct dpcls *cls, struct test_rule *r)
{
    assert_true(r->inserted);
    dpcls_remove(cls, &r->cr);
    r->inserted = false;
}

static void
test_rule_free_cb(void *r_)
{
    struct test_rule *r = r_;
    r->magic = RULE_DEAD;
    free(r);
}

/* Returns true if FLOW matches R. */
static bool
test_rule_matches(const struct test_rule *r, const struct flow *flow)
{
    for (size_t i = 0; i < FLOW_U64S; i++) {
        if ((flow_u64s(flow)[i] & flow_u64s(&r->mask)[i])
            != flow_u64s(&r->key)[i]) {
            return false;
        }
    }
    return true;
}

/* Returns true if some flow matches both A and B. */
static bool
test_rules_overlap(const struct test_rule *a, const struct test_rule *b)
{
    for (size_t i = 0; i < FLOW_U64S; i++) {
        uint64_t common = flow_u64s(&a->mask)[i] & flow_u64s(&b->mask)[i];
        if ((flow_u64s(&a->key)[i] ^ flow_u64s(&b->key)[i]) & common) {
            return false;
        }
    }
    return true;
}

/* Looks up FLOW alone and returns the rule found, or NULL. */
static struct test_rule *
lookup_flow(const struct dpcls *cls, const struct flow *flow)
{
    struct dp_key key;
    const struct dp_key *keys[1] = { &key };
    struct dpcls_rule *rule = (struct dpcls_rule *) 1;
    unsigned int n_lookups = 12345;

    dp_key_from_flow(&key, flow);
    bool all = dpcls_lookup(cls, keys, 1, &rule, &n_lookups);
    assert_int_equal(all, rule != NULL);
    if (!rule) {
        assert_int_equal(n_lookups, 0);
    } else {
        assert_true(n_lookups >= 1);
        assert_true(n_lookups <= dpcls_n_subtables(cls));
        assert_true(dpcls_rule_matches_key(rule, &key));
    }
    return test_rule_from_cr(rule);
}

/* Keys. */

static void
test_dp_key_shapes(void **state)
{
    for (size_t i = 0; i < flow_shapes_count(); i++) {
        struct flow_shape_packet pkt;
        struct dp_packet packet;
        struct dp_key from_packet, from_flow;
        struct flow flow, expanded;

        flow_shape_build(i, &pkt);
        dp_packet_use_const(&packet, pkt.data, pkt.size);
        packet.md.in_port = 7;
        packet.md.recirc_id = i;
        flow_extract(&packet, &flow);

        memset(&from_packet, 0x5a, sizeof from_packet);
        dp_key_from_packet(&from_packet, &packet);
        dp_key_from_flow(&from_flow, &flow);
        assert_true(dp_key_equal(&from_packet, &from_flow));
        assert_int_equal(from_packet.hash, flow_hash(&flow, 0));
        assert_int_equal(from_packet.len,
                         miniflow_size(dp_key_miniflow(&from_packet)));
        assert_true(from_packet.len <= DP_KEY_MAX_LEN);
        assert_int_equal(from_packet.len,
                         8 + 8 * miniflow_n_values(&from_flow.mf.mf));

        /* The head is defined: values past the key's own are zero. */
        for (size_t j = miniflow_n_values(dp_key_miniflow(&from_packet));
             j < DP_KEY_HEAD_VALUES; j++) {
            assert_true(from_packet.mf.values[j] == 0);
        }

        dp_key_to_flow(&from_packet, &expanded);
        assert_true(flow_equal(&expanded, &flow));

        /* One bit of metadata makes another key. */
        flow.dp_hash ^= 1;
        dp_key_from_flow(&from_flow, &flow);
        assert_false(dp_key_equal(&from_packet, &from_flow));
        dp_packet_uninit(&packet);
    }
}

/* Hand-made rules. */

static void
make_flow(struct flow *flow, uint32_t in_port, uint16_t dl_type,
          const char *nw_dst)
{
    memset(flow, 0, sizeof *flow);
    flow->in_port = in_port;
    flow->dl_type = htons(dl_type);
    if (nw_dst) {
        assert_int_equal(inet_pton(AF_INET, nw_dst, &flow->nw_dst), 1);
    }
    flow->nw_proto = 17;
    flow->tp_src = htons(1234);
}

static void
test_basic(void **state)
{
    struct test_rule r1, r2, r3, r4;
    struct flow mask_a, mask_b, key, flow;
    struct dpcls cls;

    dpcls_init(&cls);
    assert_int_equal(dpcls_count(&cls), 0);
    assert_int_equal(dpcls_n_subtables(&cls), 0);

    /* Mask A: in_port and dl_type.  Mask B: in_port and nw_dst/24. */
    memset(&mask_a, 0, sizeof mask_a);
    mask_a.in_port = UINT32_MAX;
    mask_a.dl_type = htons(0xffff);
    memset(&mask_b, 0, sizeof mask_b);
    mask_b.in_port = UINT32_MAX;
    mask_b.nw_dst = htonl(0xffffff00);

    make_flow(&key, 1, 0x0800, "192.168.1.1");
    test_rule_init(&r1, &mask_a, &key);
    test_rule_insert(&cls, &r1);
    make_flow(&key, 2, 0x0800, NULL);
    test_rule_init(&r2, &mask_a, &key);
    test_rule_insert(&cls, &r2);
    make_flow(&key, 3, 0x86dd, "10.0.0.1");
    test_rule_init(&r3, &mask_b, &key);
    test_rule_insert(&cls, &r3);
    assert_int_equal(dpcls_count(&cls), 3);
    assert_int_equal(dpcls_n_subtables(&cls), 2);

    /* The same match, whatever the bits outside the mask, is a
     * duplicate; the rule is left alone. */
    make_flow(&key, 1, 0x0800, "172.16.0.1");
    key.tp_dst = htons(80);
    memset(&r4.cr, 0x77, sizeof r4.cr);
    assert_int_equal(dpcls_insert(&cls, &r4.cr, &mask_a, &key), EEXIST);
    for (size_t i = 0; i < sizeof r4.cr; i++) {
        assert_int_equal(((uint8_t *) &r4.cr)[i], 0x77);
    }
    assert_int_equal(dpcls_count(&cls), 3);

    /* Lookups. */
    make_flow(&flow, 1, 0x0800, "8.8.8.8");
    assert_ptr_equal(lookup_flow(&cls, &flow), &r1);
    make_flow(&flow, 2, 0x0800, NULL);
    assert_ptr_equal(lookup_flow(&cls, &flow), &r2);
    make_flow(&flow, 2, 0x0806, NULL);
    assert_null(lookup_flow(&cls, &flow));
    make_flow(&flow, 3, 0x0800, "10.0.0.77");
    assert_ptr_equal(lookup_flow(&cls, &flow), &r3);
    make_flow(&flow, 3, 0x0800, "10.0.1.77");
    assert_null(lookup_flow(&cls, &flow));
    make_flow(&flow, 4, 0x0800, "10.0.0.77");
    assert_null(lookup_flow(&cls, &flow));
    memset(&flow, 0, sizeof flow);
    assert_null(lookup_flow(&cls, &flow));

    /* A batch: the rank sum is 1 (first subtable) + 2 (second). */
    struct dp_key k1, k3, kmiss;
    make_flow(&flow, 1, 0x0800, NULL);
    dp_key_from_flow(&k1, &flow);
    make_flow(&flow, 3, 0x0800, "10.0.0.200");
    dp_key_from_flow(&k3, &flow);
    make_flow(&flow, 9, 0x0800, NULL);
    dp_key_from_flow(&kmiss, &flow);
    const struct dp_key *keys[4] = { &kmiss, &k3, &k1, &k1 };
    struct dpcls_rule *rules[4];
    unsigned int n_lookups;
    assert_false(dpcls_lookup(&cls, keys, 4, rules, &n_lookups));
    assert_null(rules[0]);
    assert_ptr_equal(rules[1], &r3.cr);
    assert_ptr_equal(rules[2], &r1.cr);
    assert_ptr_equal(rules[3], &r1.cr);
    assert_int_equal(n_lookups, 2 + 1 + 1);
    assert_true(dpcls_lookup(&cls, keys + 1, 3, rules, NULL));

    /* An empty batch finds everything. */
    n_lookups = 99;
    assert_true(dpcls_lookup(&cls, keys, 0, rules, &n_lookups));
    assert_int_equal(n_lookups, 0);

    /* The match as inserted: masked. */
    struct flow got_mask, got_key;
    dpcls_rule_get_match(&r3.cr, &got_mask, &got_key);
    assert_true(flow_equal(&got_mask, &mask_b));
    assert_true(flow_equal(&got_key, &r3.key));
    assert_int_equal(got_key.nw_dst, htonl(0x0a000000));
    assert_int_equal(got_key.dl_type, 0);

    /* Matching a key directly. */
    assert_true(dpcls_rule_matches_key(&r3.cr, &k3));
    assert_false(dpcls_rule_matches_key(&r3.cr, &k1));
    assert_true(dpcls_rule_matches_key(&r1.cr, &k1));

    /* Removal: the subtable goes with its last rule. */
    test_rule_remove(&cls, &r3);
    assert_int_equal(dpcls_count(&cls), 2);
    assert_int_equal(dpcls_n_subtables(&cls), 1);
    make_flow(&flow, 3, 0x0800, "10.0.0.77");
    assert_null(lookup_flow(&cls, &flow));
    make_flow(&flow, 1, 0x0800, NULL);
    assert_ptr_equal(lookup_flow(&cls, &flow), &r1);

    /* A removed rule may be inserted again (here no reader can hold
     * it). */
    test_rule_insert(&cls, &r3);
    make_flow(&flow, 3, 0x0800, "10.0.0.77");
    assert_ptr_equal(lookup_flow(&cls, &flow), &r3);

    test_rule_remove(&cls, &r1);
    test_rule_remove(&cls, &r2);
    test_rule_remove(&cls, &r3);
    assert_int_equal(dpcls_count(&cls), 0);
    assert_int_equal(dpcls_n_subtables(&cls), 0);
    make_flow(&flow, 1, 0x0800, NULL);
    assert_null(lookup_flow(&cls, &flow));

    dpcls_destroy(&cls);
    dpcls_destroy(NULL);
    rcu_barrier();
}

/* A rule with an all-zero mask matches every key (and so overlaps every
 * other rule, which a datapath never does: then either may be found);
 * destroying a classifier that still has rules leaves them to the
 * caller. */
static void
test_catchall_and_destroy(void **state)
{
    struct test_rule any, exact;
    struct flow zero, mask, flow;
    struct dpcls cls;
    uint64_t rng = 11;

    dpcls_init(&cls);
    memset(&zero, 0, sizeof zero);
    test_rule_init(&any, &zero, &zero);
    test_rule_insert(&cls, &any);
    assert_int_equal(dpcls_n_subtables(&cls), 1);

    for (int i = 0; i < 100; i++) {
        for (size_t j = 0; j < FLOW_U64S; j++) {
            words_of(&flow)[j] = (random_next(&rng) & 1
                                  ? random_next(&rng) : 0);
        }
        assert_ptr_equal(lookup_flow(&cls, &flow), &any);
    }
    memset(&flow, 0, sizeof flow);
    assert_ptr_equal(lookup_flow(&cls, &flow), &any);

    /* Every bit of every word. */
    memset(&mask, 0xff, sizeof mask);
    memset(&flow, 0x3c, sizeof flow);
    test_rule_init(&exact, &mask, &flow);
    test_rule_insert(&cls, &exact);
    assert_int_equal(dpcls_n_subtables(&cls), 2);
    struct test_rule *found = lookup_flow(&cls, &flow);
    assert_true(found == &exact || found == &any);
    struct dp_key zero_key;
    dp_key_from_flow(&zero_key, &zero);
    assert_false(dpcls_rule_matches_key(&exact.cr, &zero_key));
    assert_true(dpcls_rule_matches_key(&any.cr, &zero_key));

    dpcls_destroy(&cls);
    assert_int_equal(dpcls_count(&cls), 0);
    assert_int_equal(dpcls_n_subtables(&cls), 0);
    assert_null(lookup_flow(&cls, &flow));
    dpcls_destroy(&cls);        /* Twice is harmless. */
    rcu_barrier();
    assert_int_equal(any.magic, RULE_LIVE);
}

/* Ranking. */

static void
test_ranking(void **state)
{
    struct test_rule rules[3];
    struct flow masks[3], key, flow, got[4];
    uint64_t hits[4];
    struct dpcls cls;

    dpcls_init(&cls);
    for (int i = 0; i < 3; i++) {
        memset(&masks[i], 0, sizeof masks[i]);
        masks[i].in_port = UINT32_MAX;
        masks[i].tp_src = htons(0xff00 >> (4 * i));
        make_flow(&key, i + 1, 0x0800, NULL);
        test_rule_init(&rules[i], &masks[i], &key);
        test_rule_insert(&cls, &rules[i]);
    }

    /* Insertion order at first. */
    assert_int_equal(dpcls_get_subtables(&cls, got, hits, 4), 3);
    for (int i = 0; i < 3; i++) {
        assert_true(flow_equal(&got[i], &masks[i]));
        assert_true(hits[i] == 0);
    }

    /* Five hits in the third, two in the second: ranked 3, 2, 1. */
    for (int i = 0; i < 5; i++) {
        make_flow(&flow, 3, 0, NULL);
        assert_ptr_equal(lookup_flow(&cls, &flow), &rules[2]);
    }
    for (int i = 0; i < 2; i++) {
        make_flow(&flow, 2, 0, NULL);
        assert_ptr_equal(lookup_flow(&cls, &flow), &rules[1]);
    }
    assert_int_equal(dpcls_get_subtables(&cls, got, hits, 4), 3);
    assert_true(hits[0] == 0 && hits[1] == 2 && hits[2] == 5);

    dpcls_sort_subtables(&cls);
    assert_int_equal(dpcls_get_subtables(&cls, got, hits, 2), 3);
    assert_true(flow_equal(&got[0], &masks[2]));
    assert_true(flow_equal(&got[1], &masks[1]));
    assert_true(hits[0] == 5 && hits[1] == 2);
    assert_int_equal(dpcls_get_subtables(&cls, got, NULL, 4), 3);
    assert_true(flow_equal(&got[2], &masks[0]));

    /* The third is now found first. */
    struct dp_key k;
    const struct dp_key *keys[1] = { &k };
    struct dpcls_rule *found;
    unsigned int n_lookups;
    make_flow(&flow, 3, 0, NULL);
    dp_key_from_flow(&k, &flow);
    assert_true(dpcls_lookup(&cls, keys, 1, &found, &n_lookups));
    assert_ptr_equal(found, &rules[2].cr);
    assert_int_equal(n_lookups, 1);
    make_flow(&flow, 1, 0, NULL);
    dp_key_from_flow(&k, &flow);
    assert_true(dpcls_lookup(&cls, keys, 1, &found, &n_lookups));
    assert_int_equal(n_lookups, 3);

    /* Only hits since the last ranking count: one for the third rule
     * and, with one more now, two for the first, which moves to the
     * front; the other two keep their order. */
    assert_true(dpcls_lookup(&cls, keys, 1, &found, &n_lookups));
    assert_int_equal(n_lookups, 3);
    dpcls_sort_subtables(&cls);
    assert_int_equal(dpcls_get_subtables(&cls, got, NULL, 4), 3);
    assert_true(flow_equal(&got[0], &masks[0]));
    assert_true(flow_equal(&got[1], &masks[2]));
    assert_true(flow_equal(&got[2], &masks[1]));

    /* No hits at all: nothing moves. */
    dpcls_sort_subtables(&cls);
    assert_int_equal(dpcls_get_subtables(&cls, got, NULL, 4), 3);
    assert_true(flow_equal(&got[0], &masks[0]));
    assert_true(flow_equal(&got[1], &masks[2]));
    assert_true(flow_equal(&got[2], &masks[1]));

    /* Removing a subtable keeps the others' order. */
    test_rule_remove(&cls, &rules[2]);
    assert_int_equal(dpcls_get_subtables(&cls, got, NULL, 4), 2);
    assert_true(flow_equal(&got[0], &masks[0]));
    assert_true(flow_equal(&got[1], &masks[1]));

    test_rule_remove(&cls, &rules[0]);
    test_rule_remove(&cls, &rules[1]);
    dpcls_sort_subtables(&cls);
    assert_int_equal(dpcls_get_subtables(&cls, got, NULL, 4), 0);
    dpcls_destroy(&cls);
    rcu_barrier();
}

/* The rule table: dense indexes, unique stamps, reuse. */
static void
test_rule_table(void **state)
{
    enum { N = 1000 };
    struct test_rule *rules = xcalloc(N, sizeof *rules);
    bool *used = xcalloc(N, sizeof *used);
    struct flow mask, key;
    struct dpcls cls;

    dpcls_init(&cls);
    assert_null(dpcls_rule_by_index(&cls, 0));
    assert_null(dpcls_rule_by_index(&cls, UINT32_MAX));

    memset(&mask, 0, sizeof mask);
    mask.in_port = UINT32_MAX;
    memset(&key, 0, sizeof key);
    for (int i = 0; i < N; i++) {
        key.in_port = i;
        test_rule_init(&rules[i], &mask, &key);
        test_rule_insert(&cls, &rules[i]);
    }
    for (int i = 0; i < N; i++) {
        uint32_t index = dpcls_rule_index(&rules[i].cr);
        assert_true(index < N);
        assert_false(used[index]);
        used[index] = true;
        assert_ptr_equal(dpcls_rule_by_index(&cls, index), &rules[i].cr);
        assert_int_equal(dpcls_rule_stamp(&rules[i].cr), i + 1);
    }
    assert_null(dpcls_rule_by_index(&cls, N));
    assert_null(dpcls_rule_by_index(&cls, 1023));
    assert_null(dpcls_rule_by_index(&cls, 1024));
    assert_null(dpcls_rule_by_index(&cls, UINT32_MAX));

    /* A freed index is reused first, with a new stamp. */
    uint32_t index = dpcls_rule_index(&rules[500].cr);
    test_rule_remove(&cls, &rules[500]);
    assert_null(dpcls_rule_by_index(&cls, index));
    key.in_port = 500;
    assert_null(lookup_flow(&cls, &key));
    test_rule_insert(&cls, &rules[500]);
    assert_int_equal(dpcls_rule_index(&rules[500].cr), index);
    assert_int_equal(dpcls_rule_stamp(&rules[500].cr), N + 1);
    assert_ptr_equal(dpcls_rule_by_index(&cls, index), &rules[500].cr);
    assert_ptr_equal(lookup_flow(&cls, &key), &rules[500]);

    for (int i = 0; i < N; i++) {
        test_rule_remove(&cls, &rules[i]);
    }
    for (uint32_t i = 0; i < 1100; i++) {
        assert_null(dpcls_rule_by_index(&cls, i));
    }
    assert_int_equal(dpcls_count(&cls), 0);
    dpcls_destroy(&cls);
    rcu_barrier();
    free(used);
    free(rules);
}

/* The brute-force reference: random masks and non-overlapping rules, and
 * keys that are either derived from a rule or random; dpcls must find
 * exactly the rule that the reference finds, in batches of every size. */

#define N_MASKS 40

static void
random_mask(uint64_t *rng, struct flow *mask)
{
    static const uint64_t patterns[] = {
        0xff, 0x0f, 0xf0, 0x3, 0x80, UINT64_MAX, 0xff00ff, 0xffffffff00,
    };
    uint64_t *words = words_of(mask);

    memset(mask, 0, sizeof *mask);
    /* Every mask looks at word 0, as megaflows look at in_port, and
     * half at the low bits of the last, so that many rules can coexist
     * without overlapping. */
    words[0] = 0xff;
    if (random_range(rng, 2)) {
        words[FLOW_U64S - 1] = 0xffff;
    }
    int n_words = (random_range(rng, 8) == 0
                   ? 8 + random_range(rng, 12)
                   : random_range(rng, 5));
    for (int i = 0; i < n_words; i++) {
        words[random_range(rng, FLOW_U64S)]
            |= patterns[random_range(rng, ARRAY_SIZE(patterns))];
    }
}

/* A random flow: words that are zero (absent from the miniflow) a third of
 * the time, and otherwise mostly small. */
static void
random_flow(uint64_t *rng, struct flow *flow)
{
    uint64_t *words = words_of(flow);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        uint32_t r = random_range(rng, 6);
        words[i] = (r < 2 ? 0
                    : r < 5 ? random_range(rng, 256)
                    : random_next(rng));
    }
}

/* A random flow that matches R. */
static void
random_flow_for_rule(uint64_t *rng, const struct test_rule *r,
                     struct flow *flow)
{
    random_flow(rng, flow);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        uint64_t m = flow_u64s(&r->mask)[i];
        words_of(flow)[i] = (words_of(flow)[i] & ~m) | flow_u64s(&r->key)[i];
    }
}

struct reference {
    struct test_rule **rules;   /* Inserted rules. */
    size_t n;
};

static struct test_rule *
reference_lookup(const struct reference *ref, const struct flow *flow)
{
    struct test_rule *found = NULL;
    for (size_t i = 0; i < ref->n; i++) {
        if (test_rule_matches(ref->rules[i], flow)) {
            assert_null(found);     /* Rules do not overlap. */
            found = ref->rules[i];
        }
    }
    return found;
}

/* Checks N_BATCHES random batches against the reference. */
static void
check_against_reference(const struct dpcls *cls, const struct reference *ref,
                        uint64_t *rng, int n_batches)
{
    struct dp_key keys[DPCLS_BATCH_MAX];
    const struct dp_key *key_ptrs[DPCLS_BATCH_MAX];
    struct dpcls_rule *rules[DPCLS_BATCH_MAX];
    struct test_rule *expected[DPCLS_BATCH_MAX];
    size_t n_found = 0, n_total = 0;

    assert_int_equal(dpcls_count(cls), ref->n);
    for (int b = 0; b < n_batches; b++) {
        size_t n = 1 + random_range(rng, DPCLS_BATCH_MAX);
        bool all = true;

        for (size_t i = 0; i < n; i++) {
            struct flow flow;
            if (ref->n && random_range(rng, 3)) {
                random_flow_for_rule(
                    rng, ref->rules[random_range(rng, ref->n)], &flow);
            } else {
                random_flow(rng, &flow);
            }
            dp_key_from_flow(&keys[i], &flow);
            key_ptrs[i] = &keys[i];
            expected[i] = reference_lookup(ref, &flow);
            all = all && expected[i];
            rules[i] = (struct dpcls_rule *) 1;
        }

        unsigned int n_lookups;
        assert_int_equal(dpcls_lookup(cls, key_ptrs, n, rules, &n_lookups),
                         all);
        unsigned int min_lookups = 0;
        for (size_t i = 0; i < n; i++) {
            assert_ptr_equal(test_rule_from_cr(rules[i]), expected[i]);
            if (expected[i]) {
                assert_true(dpcls_rule_matches_key(rules[i], &keys[i]));
                n_found++;
                min_lookups++;
            }
            n_total++;
        }
        assert_true(n_lookups >= min_lookups);
        assert_true(n_lookups <= min_lookups * dpcls_n_subtables(cls));
    }
    if (ref->n) {
        assert_true(n_found > n_total / 2);
    } else {
        assert_int_equal(n_found, 0);
    }
}

/* dpcls_rule_matches_key() against the reference, for random pairs. */
static void
check_matches_key(const struct reference *ref, uint64_t *rng, int n)
{
    int n_matches = 0;
    for (int i = 0; i < n && ref->n; i++) {
        const struct test_rule *r = ref->rules[random_range(rng, ref->n)];
        struct dp_key key;
        struct flow flow;

        if (random_range(rng, 2)) {
            random_flow_for_rule(rng, r, &flow);
        } else {
            random_flow(rng, &flow);
        }
        dp_key_from_flow(&key, &flow);
        bool match = test_rule_matches(r, &flow);
        assert_int_equal(dpcls_rule_matches_key(&r->cr, &key), match);
        n_matches += match;
    }
    assert_true(!ref->n || n_matches >= n / 2);
}

static void
reference_add(struct dpcls *cls, struct reference *ref, struct test_rule *r)
{
    test_rule_insert(cls, r);
    ref->rules[ref->n++] = r;
}

static void
reference_remove(struct dpcls *cls, struct reference *ref, size_t idx)
{
    test_rule_remove(cls, ref->rules[idx]);
    ref->rules[idx] = ref->rules[--ref->n];
}

static void
test_brute_force(void **state)
{
    enum { N_ATTEMPTS = 1500 };
    struct test_rule *rules = xcalloc(N_ATTEMPTS, sizeof *rules);
    struct reference ref = { xcalloc(N_ATTEMPTS, sizeof *ref.rules), 0 };
    struct flow masks[N_MASKS];
    uint64_t rng = 0x1234;
    struct dpcls cls;
    size_t n_rules = 0;

    dpcls_init(&cls);
    check_against_reference(&cls, &ref, &rng, 20);

    for (int i = 0; i < N_MASKS; i++) {
        random_mask(&rng, &masks[i]);
    }
    for (int i = 0; i < N_ATTEMPTS; i++) {
        struct test_rule *r = &rules[n_rules];
        struct flow key;

        random_flow(&rng, &key);
        test_rule_init(r, &masks[random_range(&rng, N_MASKS)], &key);

        bool overlaps = false;
        for (size_t j = 0; j < ref.n && !overlaps; j++) {
            overlaps = test_rules_overlap(r, ref.rules[j]);
        }
        if (overlaps) {
            /* An identical match is refused. */
            for (size_t j = 0; j < ref.n; j++) {
                if (flow_equal(&r->mask, &ref.rules[j]->mask)
                    && flow_equal(&r->key, &ref.rules[j]->key)) {
                    assert_int_equal(dpcls_insert(&cls, &r->cr, &r->mask,
                                                  &r->key), EEXIST);
                }
            }
            continue;
        }
        reference_add(&cls, &ref, r);
        n_rules++;
        if (n_rules % 100 == 0) {
            check_against_reference(&cls, &ref, &rng, 10);
        }
    }
    print_message("%zu rules in %zu subtables\n", ref.n,
                  dpcls_n_subtables(&cls));
    assert_true(ref.n >= 500);
    assert_true(dpcls_n_subtables(&cls) >= N_MASKS / 2);
    check_against_reference(&cls, &ref, &rng, 300);
    check_matches_key(&ref, &rng, 3000);

    /* Rank by the last batches' hits, and check again. */
    dpcls_sort_subtables(&cls);
    check_against_reference(&cls, &ref, &rng, 100);

    /* Remove half, at random. */
    size_t half = ref.n / 2;
    while (ref.n > half) {
        reference_remove(&cls, &ref, random_range(&rng, ref.n));
    }
    check_against_reference(&cls, &ref, &rng, 300);
    check_matches_key(&ref, &rng, 1000);

    /* Put them back: removed rules are not in 'ref'. */
    for (size_t i = 0; i < n_rules; i++) {
        if (!rules[i].inserted) {
            reference_add(&cls, &ref, &rules[i]);
        }
    }
    assert_int_equal(ref.n, n_rules);
    dpcls_sort_subtables(&cls);
    check_against_reference(&cls, &ref, &rng, 300);

    while (ref.n) {
        reference_remove(&cls, &ref, random_range(&rng, ref.n));
        if (ref.n % 97 == 0) {
            check_against_reference(&cls, &ref, &rng, 5);
        }
    }
    assert_int_equal(dpcls_n_subtables(&cls), 0);
    check_against_reference(&cls, &ref, &rng, 20);

    dpcls_destroy(&cls);
    rcu_barrier();
    free(ref.rules);
    free(rules);
}

/* Hash collisions: many rules of one subtable with the same masked hash
 * share a list in the map and a bit of the subtable's filter (whose count
 * saturates), and lookups still tell them apart.  The hash is CRC-32C
 * when the build has SSE 4.2, which is linear: two words with the same
 * CRC differ by a combination of the words whose CRC is zero, and those
 * form a 32-dimensional space that Gaussian elimination finds.  Without
 * SSE 4.2 the hash is not linear and the test is skipped. */

/* Stores in KERNEL[] up to MAX nonzero 64-bit words whose CRC-32C (from
 * 0) is 0 and returns how many. */
static size_t
crc_kernel(uint64_t kernel[], size_t max)
{
#ifdef __SSE4_2__
    /* Rows: (crc of the combination, the combination); reduce the crcs to
     * echelon form, the combinations following along. */
    uint32_t crcs[64];
    uint64_t combos[64];
    size_t n = 0;

    for (int i = 0; i < 64; i++) {
        crcs[i] = __builtin_ia32_crc32di(0, UINT64_C(1) << i);
        combos[i] = UINT64_C(1) << i;
    }
    size_t row = 0;
    for (int bit = 31; bit >= 0 && row < 64; bit--) {
        size_t pivot = row;
        while (pivot < 64 && !((crcs[pivot] >> bit) & 1)) {
            pivot++;
        }
        if (pivot == 64) {
            continue;
        }
        uint32_t tc = crcs[pivot];
        uint64_t tm = combos[pivot];
        crcs[pivot] = crcs[row];
        combos[pivot] = combos[row];
        crcs[row] = tc;
        combos[row] = tm;
        for (size_t r = 0; r < 64; r++) {
            if (r != row && (crcs[r] >> bit) & 1) {
                crcs[r] ^= crcs[row];
                combos[r] ^= combos[row];
            }
        }
        row++;
    }
    for (size_t r = row; r < 64 && n < max; r++) {
        assert_int_equal(crcs[r], 0);
        assert_int_equal(__builtin_ia32_crc32di(0, combos[r]), 0);
        kernel[n++] = combos[r];
    }
    return n;
#else
    return 0;
#endif
}

static void
test_hash_collisions(void **state)
{
    enum { N = 600 };
    struct test_rule *rules = xcalloc(N, sizeof *rules);
    uint64_t kernel[32];
    struct flow mask, key;
    struct dpcls cls;

    if (crc_kernel(kernel, 32) < 10) {
        print_message("hash is not CRC-32C: skipped\n");
        free(rules);
        skip();
    }

    /* One word of mask: nw_src and nw_dst (word 7), all bits. */
    memset(&mask, 0, sizeof mask);
    mask.nw_src = mask.nw_dst = UINT32_MAX;
    dpcls_init(&cls);
    for (int i = 0; i < N; i++) {
        memset(&key, 0, sizeof key);
        uint64_t w = 0x0123456789abcdefull;
        for (int j = 0; j < 10; j++) {
            if (i >> j & 1) {
                w ^= kernel[j];
            }
        }
        words_of(&key)[FLOW_U64_INDEX(nw_src)] = w;
        test_rule_init(&rules[i], &mask, &key);
        test_rule_insert(&cls, &rules[i]);
        assert_int_equal(rules[i].cr.hash, rules[0].cr.hash);
    }

    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < N; i++) {
            struct flow flow = rules[i].key;
            flow.in_port = i;
            flow.tp_src = htons(i);
            assert_ptr_equal(lookup_flow(&cls, &flow),
                             rules[i].inserted ? &rules[i] : NULL);
        }
        /* A key with the same hash that matches none. */
        memset(&key, 0, sizeof key);
        words_of(&key)[FLOW_U64_INDEX(nw_src)]
            = 0x0123456789abcdefull ^ kernel[10];
        assert_null(lookup_flow(&cls, &key));

        /* Remove two in three: the saturated filter bit stays set, and
         * the rest are still found. */
        for (int i = 0; i < N && !round; i++) {
            if (i % 3) {
                test_rule_remove(&cls, &rules[i]);
            }
        }
    }

    for (int i = 0; i < N; i += 3) {
        test_rule_remove(&cls, &rules[i]);
    }
    assert_int_equal(dpcls_n_subtables(&cls), 0);
    dpcls_destroy(&cls);
    rcu_barrier();
    free(rules);
}

/* Misuse. */

static void
remove_absent(void)
{
    struct test_rule r1, r2;
    struct flow mask, key;
    struct dpcls cls;

    dpcls_init(&cls);
    memset(&mask, 0, sizeof mask);
    mask.in_port = UINT32_MAX;
    memset(&key, 0, sizeof key);
    test_rule_init(&r1, &mask, &key);
    test_rule_insert(&cls, &r1);
    key.in_port = 1;
    test_rule_init(&r2, &mask, &key);
    r2.cr.index = 0;
    dpcls_remove(&cls, &r2.cr);
}

static void
remove_twice(void)
{
    struct test_rule r;
    struct flow mask, key;
    struct dpcls cls;

    dpcls_init(&cls);
    memset(&mask, 0, sizeof mask);
    memset(&key, 0, sizeof key);
    test_rule_init(&r, &mask, &key);
    test_rule_insert(&cls, &r);
    dpcls_remove(&cls, &r.cr);
    dpcls_remove(&cls, &r.cr);
}

static void
lookup_too_many(void)
{
    struct dp_key key;
    const struct dp_key *keys[DPCLS_BATCH_MAX + 1];
    struct dpcls_rule *rules[DPCLS_BATCH_MAX + 1];
    struct flow flow;
    struct dpcls cls;

    dpcls_init(&cls);
    memset(&flow, 0, sizeof flow);
    dp_key_from_flow(&key, &flow);
    for (int i = 0; i <= DPCLS_BATCH_MAX; i++) {
        keys[i] = &key;
    }
    dpcls_lookup(&cls, keys, DPCLS_BATCH_MAX + 1, rules, NULL);
}

static void
test_misuse_aborts(void **state)
{
    check_aborts(remove_absent, "dpcls_remove: rule");
    check_aborts(remove_absent, "is not in classifier");
    check_aborts(remove_twice, "is not in classifier");
    check_aborts(lookup_too_many, "n <= DPCLS_BATCH_MAX");
}

/* Concurrency: a reader looks up keys of stable rules, which must always
 * be found, and keys of rules that a writer inserts and removes, in new
 * and existing subtables, while the writer also ranks the subtables and
 * frees removed rules after a grace period.  ASan catches a reader that
 * touches a freed rule, subtable or table; the magic numbers catch the
 * rest. */

#define N_STABLE 64
#define N_CHURN 256
#define N_ROUNDS 60

static struct dpcls shared_cls;
static struct test_rule *stable_rules;
static atomic_bool writer_done;

struct reader_stats {
    long long int batches;
    long long int stable_found;
    long long int churn_found;
    long long int errors;
};

/* Stable rules match in_port 1 and tp_src exactly; churn rules in_port 2
 * and a varying set of other fields. */
static void
stable_flow(uint32_t i, struct flow *flow)
{
    memset(flow, 0, sizeof *flow);
    flow->in_port = 1;
    flow->tp_src = htons(i);
    flow->nw_src = htonl(0x0a000000 | i);
}

static void
churn_match(uint64_t *rng, uint32_t i, struct flow *mask, struct flow *key)
{
    memset(mask, 0, sizeof *mask);
    memset(key, 0, sizeof *key);
    mask->in_port = UINT32_MAX;
    key->in_port = 2;
    mask->tp_dst = htons(0xffff);
    key->tp_dst = htons(i);
    /* One of 8 extra masks, so subtables come and go. */
    uint32_t variant = random_range(rng, 8);
    mask->nw_dst = htonl(UINT32_MAX << variant);
    key->nw_dst = htonl(0xc0a80000 | i << 8);
}

static void *
concurrent_reader_main(void *stats_)
{
    struct reader_stats *stats = stats_;
    uint64_t rng = 99;

    do {
        struct dp_key keys[DPCLS_BATCH_MAX];
        const struct dp_key *key_ptrs[DPCLS_BATCH_MAX];
        struct dpcls_rule *rules[DPCLS_BATCH_MAX];
        uint32_t stable_ids[DPCLS_BATCH_MAX];
        struct flow flow;

        for (int i = 0; i < DPCLS_BATCH_MAX; i++) {
            if (i % 2) {
                stable_ids[i] = random_range(&rng, N_STABLE);
                stable_flow(stable_ids[i], &flow);
            } else {
                memset(&flow, 0, sizeof flow);
                flow.in_port = 2;
                flow.tp_dst = htons(random_range(&rng, N_CHURN));
                flow.nw_dst = htonl(0xc0a80000
                                    | ntohs(flow.tp_dst) << 8
                                    | random_range(&rng, 2));
            }
            dp_key_from_flow(&keys[i], &flow);
            key_ptrs[i] = &keys[i];
        }
        dpcls_lookup(&shared_cls, key_ptrs, DPCLS_BATCH_MAX, rules, NULL);
        for (int i = 0; i < DPCLS_BATCH_MAX; i++) {
            struct test_rule *r = test_rule_from_cr(rules[i]);
            if (i % 2) {
                if (r == &stable_rules[stable_ids[i]]) {
                    stats->stable_found++;
                } else {
                    stats->errors++;
                }
            } else if (r) {
                /* The writer may have removed it since, but not freed
                 * it. */
                if (r->magic != RULE_LIVE
                    || !dpcls_rule_matches_key(rules[i], &keys[i])) {
                    stats->errors++;
                }
                stats->churn_found++;
            }
        }
        stats->batches++;
        rcu_quiesce();
    } while (!atomic_read_acquire(&writer_done));
    return NULL;
}

static void *
concurrent_writer_main(void *aux)
{
    struct test_rule *churn[N_CHURN];
    uint64_t rng = 7;

    memset(churn, 0, sizeof churn);
    for (int round = 0; round < N_ROUNDS; round++) {
        for (uint32_t i = 0; i < N_CHURN; i++) {
            if (churn[i] && random_range(&rng, 2)) {
                dpcls_remove(&shared_cls, &churn[i]->cr);
                rcu_postpone(test_rule_free_cb, churn[i]);
                churn[i] = NULL;
            } else if (!churn[i]) {
                struct flow mask, key;
                churn_match(&rng, i, &mask, &key);
                churn[i] = xmalloc(sizeof *churn[i]);
                test_rule_init(churn[i], &mask, &key);
                assert_int_equal(dpcls_insert(&shared_cls, &churn[i]->cr,
                                              &mask, &key), 0);
            }
            if (i % 32 == 0) {
                rcu_quiesce();
            }
        }
        dpcls_sort_subtables(&shared_cls);
        rcu_quiesce();
    }
    for (uint32_t i = 0; i < N_CHURN; i++) {
        if (churn[i]) {
            dpcls_remove(&shared_cls, &churn[i]->cr);
            rcu_postpone(test_rule_free_cb, churn[i]);
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
    stable_rules = xcalloc(N_STABLE, sizeof *stable_rules);
    for (uint32_t i = 0; i < N_STABLE; i++) {
        struct flow mask, key;
        memset(&mask, 0, sizeof mask);
        mask.in_port = UINT32_MAX;
        mask.tp_src = htons(0xffff);
        if (i % 2) {
            mask.nw_src = htonl(0xffffff00);
        }
        stable_flow(i, &key);
        test_rule_init(&stable_rules[i], &mask, &key);
        test_rule_insert(&shared_cls, &stable_rules[i]);
    }

    pthread_t reader = thread_create("dpcls-reader", concurrent_reader_main,
                                     &stats);
    pthread_t writer = thread_create("dpcls-writer", concurrent_writer_main,
                                     NULL);
    thread_join(writer, NULL);
    thread_join(reader, NULL);

    print_message("reader: %lld batches, %lld stable and %lld churn keys "
                  "found, %lld errors\n", stats.batches, stats.stable_found,
                  stats.churn_found, stats.errors);
    assert_int_equal(stats.errors, 0);
    assert_true(stats.batches >= 1);
    assert_int_equal(stats.stable_found, stats.batches * DPCLS_BATCH_MAX / 2);
    assert_int_equal(dpcls_count(&shared_cls), N_STABLE);
    assert_int_equal(dpcls_n_subtables(&shared_cls), 2);

    for (uint32_t i = 0; i < N_STABLE; i++) {
        test_rule_remove(&shared_cls, &stable_rules[i]);
    }
    dpcls_destroy(&shared_cls);
    rcu_barrier();
    free(stable_rules);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        /* Forks: first, while there are few threads. */
        cmocka_unit_test(test_misuse_aborts),
        cmocka_unit_test(test_dp_key_shapes),
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_catchall_and_destroy),
        cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_rule_table),
        cmocka_unit_test(test_brute_force),
        cmocka_unit_test(test_hash_collisions),
        cmocka_unit_test(test_concurrent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

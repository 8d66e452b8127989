/* Unit tests for lib/classifier.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "atomic.h"
#include "classifier.h"
#include "match.h"
#include "oflow.h"
#include "packets.h"
#include "rcu.h"
#include "thread.h"
#include "timeval.h"
#include "util.h"

#define RULE_LIVE 0x52554c45u
#define RULE_DEAD 0xdeadbeefu

/* A rule as a caller would embed it, with the reference model's view of
 * its versions. */
struct test_rule {
    uint32_t magic;                     /* RULE_LIVE until freed. */
    struct cls_rule cr;
    bool inserted;
    cls_version_t add_version;          /* Reference copies. */
    cls_version_t remove_version;
};

static struct test_rule *
test_rule_from_cls(const struct cls_rule *cr)
{
    return cr ? CONTAINER_OF(cr, struct test_rule, cr) : NULL;
}

static struct test_rule *
test_rule_new(const struct match *match, int priority)
{
    struct test_rule *r = xzalloc(sizeof *r);

    r->magic = RULE_LIVE;
    cls_rule_init(&r->cr, match, priority);
    return r;
}

static void
test_rule_free(void *r_)
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

/* Match helpers.  Values are in host order. */

static uint32_t
prefix_mask(unsigned int plen)
{
    return plen ? UINT32_MAX << (32 - plen) : 0;
}

static void
match_in_port(struct match *m, uint32_t port)
{
    m->flow.dp.in_port = port;
    m->mask.dp.in_port = UINT32_MAX;
}

static void
match_dl_type(struct match *m, uint16_t type)
{
    m->flow.dp.dl_type = htons(type);
    m->mask.dp.dl_type = htons(0xffff);
}

static void
match_nw_src(struct match *m, uint32_t addr, uint32_t mask)
{
    m->flow.dp.nw_src = htonl(addr & mask);
    m->mask.dp.nw_src = htonl(mask);
}

static void
match_nw_dst(struct match *m, uint32_t addr, uint32_t mask)
{
    m->flow.dp.nw_dst = htonl(addr & mask);
    m->mask.dp.nw_dst = htonl(mask);
}

static void
match_nw_proto(struct match *m, uint8_t proto)
{
    m->flow.dp.nw_proto = proto;
    m->mask.dp.nw_proto = 0xff;
}

static void
match_tp_dst(struct match *m, uint16_t port, uint16_t mask)
{
    m->flow.dp.tp_dst = htons(port & mask);
    m->mask.dp.tp_dst = htons(mask);
}

static void
ipv6_from_string(const char *s, struct in6_addr *addr)
{
    assert_int_equal(inet_pton(AF_INET6, s, addr), 1);
}

static void
ipv6_prefix_mask(unsigned int plen, struct in6_addr *mask)
{
    memset(mask, 0, sizeof *mask);
    for (unsigned int i = 0; i < plen; i++) {
        mask->s6_addr[i / 8] |= 0x80 >> (i % 8);
    }
}

static void
match_ipv6_dst(struct match *m, const char *s, unsigned int plen)
{
    struct in6_addr addr, mask;

    ipv6_from_string(s, &addr);
    ipv6_prefix_mask(plen, &mask);
    for (size_t i = 0; i < 16; i++) {
        addr.s6_addr[i] &= mask.s6_addr[i];
    }
    m->flow.dp.ipv6_dst = addr;
    m->mask.dp.ipv6_dst = mask;
}

static bool
oflow_is_zero(const struct oflow *f)
{
    return is_all_zeros(f, sizeof *f);
}

/* Asserts that WC has exactly the bits of EXPECTED. */
static void
assert_wc_equal(const struct oflow *wc, const struct oflow *expected)
{
    const uint64_t *a = oflow_u64s(wc);
    const uint64_t *b = oflow_u64s(expected);

    for (size_t i = 0; i < OFLOW_U64S; i++) {
        if (a[i] != b[i]) {
            fail_msg("wc word %zu is 0x%016llx, expected 0x%016llx", i,
                     (unsigned long long) a[i], (unsigned long long) b[i]);
        }
    }
}

/* An empty classifier. */
static void
test_empty(void **state SLUICE_UNUSED)
{
    struct classifier cls;
    struct oflow flow, wc;

    classifier_init(&cls);
    memset(&flow, 0, sizeof flow);
    memset(&wc, 0, sizeof wc);
    flow.dp.in_port = 5;
    assert_null(classifier_lookup(&cls, CLS_VERSION_MIN, &flow, &wc));
    assert_true(oflow_is_zero(&wc));
    assert_int_equal(classifier_count(&cls), 0);
    assert_true(classifier_is_empty(&cls));
    assert_int_equal(classifier_n_subtables(&cls), 0);
    classifier_destroy(&cls);
    classifier_destroy(NULL);
}

/* Priorities, subtables and the basic operations with hand-made rules. */
static void
test_basics(void **state SLUICE_UNUSED)
{
    struct classifier cls;
    struct match m;
    struct oflow flow, wc;

    classifier_init(&cls);

    /* Catch-all at 0, in_port=1 at 10, in_port=1,tcp at 20. */
    match_init_catchall(&m);
    struct test_rule *any = test_rule_new(&m, 0);
    match_in_port(&m, 1);
    struct test_rule *port1 = test_rule_new(&m, 10);
    match_dl_type(&m, ETH_TYPE_IP);
    match_nw_proto(&m, 6);
    struct test_rule *tcp = test_rule_new(&m, 20);
    assert_int_equal(classifier_insert(&cls, &any->cr, 0), 0);
    assert_int_equal(classifier_insert(&cls, &port1->cr, 0), 0);
    assert_int_equal(classifier_insert(&cls, &tcp->cr, 0), 0);
    assert_int_equal(classifier_count(&cls), 3);
    assert_int_equal(classifier_n_subtables(&cls), 3);

    /* A duplicate of match and priority. */
    struct test_rule *dup = test_rule_new(&port1->cr.match, 10);
    assert_int_equal(classifier_insert(&cls, &dup->cr, 0), EEXIST);
    assert_false(cls_rule_is_inserted(&dup->cr));

    memset(&flow, 0, sizeof flow);
    flow.dp.in_port = 1;
    flow.dp.dl_type = htons(ETH_TYPE_IP);
    flow.dp.nw_proto = 6;
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, NULL), &tcp->cr);
    flow.dp.nw_proto = 17;
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, NULL), &port1->cr);
    flow.dp.in_port = 2;
    memset(&wc, 0, sizeof wc);
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, &wc), &any->cr);

    /* The tcp subtable failed at its first stage (in_port), port1 too, so
     * only in_port was examined. */
    struct oflow expected;
    memset(&expected, 0, sizeof expected);
    expected.dp.in_port = UINT32_MAX;
    assert_wc_equal(&wc, &expected);

    /* Finds. */
    assert_ptr_equal(classifier_find_rule_exactly(&cls, &dup->cr, 0),
                     &port1->cr);
    assert_null(classifier_find_match_exactly(&cls, &port1->cr.match, 11,
                                              0));
    assert_ptr_equal(classifier_find_match_exactly(&cls, &any->cr.match, 0,
                                                   0), &any->cr);

    /* Same match, other priority: both kept, the higher one wins. */
    struct test_rule *port1_hi = test_rule_new(&port1->cr.match, 30);
    assert_int_equal(classifier_insert(&cls, &port1_hi->cr, 0), 0);
    flow.dp.in_port = 1;
    flow.dp.nw_proto = 6;
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, NULL),
                     &port1_hi->cr);
    classifier_remove(&cls, &port1_hi->cr);
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, NULL), &tcp->cr);

    /* Removing the head of a same-match chain leaves the rest. */
    assert_int_equal(classifier_insert(&cls, &port1_hi->cr, 0), 0);
    classifier_remove(&cls, &port1_hi->cr);
    flow.dp.nw_proto = 17;
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, NULL), &port1->cr);

    /* Replace. */
    assert_ptr_equal(classifier_replace(&cls, &dup->cr, 0), &port1->cr);
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, NULL), &dup->cr);
    classifier_remove(&cls, &port1->cr);
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, NULL), &dup->cr);
    assert_int_equal(classifier_count(&cls), 3);

    classifier_remove(&cls, &dup->cr);
    classifier_remove(&cls, &tcp->cr);
    assert_int_equal(classifier_n_subtables(&cls), 1);
    classifier_remove(&cls, &any->cr);
    assert_true(classifier_is_empty(&cls));
    assert_int_equal(classifier_n_subtables(&cls), 0);
    assert_null(classifier_lookup(&cls, 0, &flow, NULL));

    classifier_destroy(&cls);
    test_rule_free(any);
    test_rule_free(port1);
    test_rule_free(port1_hi);
    test_rule_free(tcp);
    test_rule_free(dup);
}

/* Versions: visibility windows, invisibility, restore and versioned
 * replacement. */
static void
test_versions(void **state SLUICE_UNUSED)
{
    struct classifier cls;
    struct match m;
    struct oflow flow;

    classifier_init(&cls);
    match_init_catchall(&m);
    match_in_port(&m, 7);
    memset(&flow, 0, sizeof flow);
    flow.dp.in_port = 7;

    struct test_rule *a = test_rule_new(&m, 5);
    assert_int_equal(classifier_insert(&cls, &a->cr, 1), 0);
    assert_null(classifier_lookup(&cls, 0, &flow, NULL));
    assert_ptr_equal(classifier_lookup(&cls, 1, &flow, NULL), &a->cr);
    assert_null(classifier_find_rule_exactly(&cls, &a->cr, 0));
    assert_ptr_equal(classifier_find_rule_exactly(&cls, &a->cr, 1), &a->cr);

    cls_rule_make_invisible_in_version(&a->cr, 3);
    assert_ptr_equal(classifier_lookup(&cls, 2, &flow, NULL), &a->cr);
    assert_null(classifier_lookup(&cls, 3, &flow, NULL));
    assert_null(classifier_lookup(&cls, CLS_VERSION_MAX, &flow, NULL));

    /* A rule of the same match and priority may come back from 3. */
    struct test_rule *b = test_rule_new(&m, 5);
    assert_int_equal(classifier_insert(&cls, &b->cr, 2), EEXIST);
    assert_int_equal(classifier_insert(&cls, &b->cr, 3), 0);
    assert_ptr_equal(classifier_lookup(&cls, 2, &flow, NULL), &a->cr);
    assert_ptr_equal(classifier_lookup(&cls, 3, &flow, NULL), &b->cr);
    classifier_remove(&cls, &a->cr);
    assert_null(classifier_lookup(&cls, 2, &flow, NULL));

    /* Versioned replacement: the old rule stays for older versions. */
    struct test_rule *c = test_rule_new(&m, 5);
    assert_ptr_equal(classifier_replace(&cls, &c->cr, 10), &b->cr);
    assert_ptr_equal(classifier_lookup(&cls, 9, &flow, NULL), &b->cr);
    assert_ptr_equal(classifier_lookup(&cls, 10, &flow, NULL), &c->cr);

    /* A rollback restores the old rule, after the new one goes. */
    classifier_remove(&cls, &c->cr);
    cls_rule_restore_visibility(&b->cr);
    assert_ptr_equal(classifier_lookup(&cls, 10, &flow, NULL), &b->cr);
    assert_int_equal(classifier_count(&cls), 1);

    /* Iteration in a version, and in all of them. */
    cls_rule_make_invisible_in_version(&b->cr, 4);
    size_t n = 0;
    for (struct cls_cursor cur = cls_cursor_start(&cls, CLS_CURSOR_ALL, NULL,
                                                  0, 5);
         cur.rule; cls_cursor_advance(&cur)) {
        n++;
    }
    assert_int_equal(n, 0);
    struct test_rule *r;
    CLS_FOR_EACH (r, cr, &cls) {
        assert_ptr_equal(r, b);
        n++;
    }
    assert_int_equal(n, 1);

    classifier_remove(&cls, &b->cr);
    classifier_destroy(&cls);
    test_rule_free(a);
    test_rule_free(b);
    test_rule_free(c);
}

/* Staged lookup: a subtable that fails at a stage un-wildcards only the
 * stages up to it. */
static void
test_staged_wildcards(void **state SLUICE_UNUSED)
{
    struct classifier cls;
    struct match m;
    struct oflow flow, wc, expected;

    classifier_init(&cls);
    match_init_catchall(&m);
    match_in_port(&m, 1);
    match_dl_type(&m, ETH_TYPE_IP);
    match_nw_proto(&m, 6);
    match_tp_dst(&m, 80, 0xffff);
    struct test_rule *r = test_rule_new(&m, 100);
    assert_int_equal(classifier_insert(&cls, &r->cr, 0), 0);

    memset(&flow, 0, sizeof flow);
    flow.dp.in_port = 1;
    flow.dp.dl_type = htons(ETH_TYPE_IPV6);
    flow.dp.nw_proto = 6;
    flow.dp.tp_dst = htons(80);

    /* Fails at L2: in_port and dl_type only. */
    memset(&wc, 0, sizeof wc);
    assert_null(classifier_lookup(&cls, 0, &flow, &wc));
    memset(&expected, 0, sizeof expected);
    expected.dp.in_port = UINT32_MAX;
    expected.dp.dl_type = htons(0xffff);
    assert_wc_equal(&wc, &expected);

    /* Fails at L3: in_port, dl_type and nw_proto. */
    flow.dp.dl_type = htons(ETH_TYPE_IP);
    flow.dp.nw_proto = 17;
    memset(&wc, 0, sizeof wc);
    assert_null(classifier_lookup(&cls, 0, &flow, &wc));
    expected.dp.nw_proto = 0xff;
    assert_wc_equal(&wc, &expected);

    /* Fails at the last stage, and matches: the whole mask. */
    flow.dp.nw_proto = 6;
    flow.dp.tp_dst = htons(81);
    memset(&wc, 0, sizeof wc);
    assert_null(classifier_lookup(&cls, 0, &flow, &wc));
    assert_wc_equal(&wc, &r->cr.match.mask);
    flow.dp.tp_dst = htons(80);
    memset(&wc, 0, sizeof wc);
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, &wc), &r->cr);
    assert_wc_equal(&wc, &r->cr.match.mask);

    /* A higher-priority subtable that matches stops the lookup before a
     * lower one: a catch-all at priority 1 adds nothing to the mask. */
    match_init_catchall(&m);
    struct test_rule *low = test_rule_new(&m, 1);
    assert_int_equal(classifier_insert(&cls, &low->cr, 0), 0);
    memset(&wc, 0, sizeof wc);
    assert_ptr_equal(classifier_lookup(&cls, 0, &flow, &wc), &r->cr);
    assert_wc_equal(&wc, &r->cr.match.mask);

    classifier_remove(&cls, &r->cr);
    classifier_remove(&cls, &low->cr);
    classifier_destroy(&cls);
    test_rule_free(r);
    test_rule_free(low);
}

/* Looks FLOW up in CLS and asserts that it returns EXPECTED with exactly
 * the wildcard bits in EXPECTED_WC. */
static void
check_lookup_wc(const struct classifier *cls, const struct oflow *flow,
                const struct test_rule *expected,
                const struct oflow *expected_wc)
{
    struct oflow wc;

    memset(&wc, 0, sizeof wc);
    assert_ptr_equal(classifier_lookup(cls, 0, flow, &wc),
                     expected ? &expected->cr : NULL);
    assert_wc_equal(&wc, expected_wc);
}

/* The prefix tries: hand-made cases with the exact bits expected. */
static void
test_prefix_tries(void **state SLUICE_UNUSED)
{
    struct classifier cls;
    struct match m;
    struct oflow flow, expected;
    uint64_t plens[3];

    classifier_init(&cls);

    /* 10.1.2.0/24 alone. */
    match_init_catchall(&m);
    match_nw_dst(&m, 0x0a010200, prefix_mask(24));
    struct test_rule *r24 = test_rule_new(&m, 10);
    assert_int_equal(classifier_insert(&cls, &r24->cr, 0), 0);

    memset(&flow, 0, sizeof flow);
    memset(&expected, 0, sizeof expected);

    /* 192.168.0.1 differs in the first bit: one bit decides. */
    flow.dp.nw_dst = htonl(0xc0a80001);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_NW_DST, &flow,
                                            plens), 1);
    assert_true(!plens[0] && !plens[1] && !plens[2]);
    expected.dp.nw_dst = htonl(prefix_mask(1));
    check_lookup_wc(&cls, &flow, NULL, &expected);

    /* 10.1.130.5 differs in bit 16 (counting from 0): 17 bits. */
    flow.dp.nw_dst = htonl(0x0a018205);
    expected.dp.nw_dst = htonl(prefix_mask(17));
    check_lookup_wc(&cls, &flow, NULL, &expected);

    /* 10.1.3.1 differs in bit 23: 24 bits, the whole prefix. */
    flow.dp.nw_dst = htonl(0x0a010301);
    expected.dp.nw_dst = htonl(prefix_mask(24));
    check_lookup_wc(&cls, &flow, NULL, &expected);

    /* 10.1.2.77 matches. */
    flow.dp.nw_dst = htonl(0x0a01024d);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_NW_DST, &flow,
                                            plens), 24);
    assert_true(plens[0] == UINT64_C(1) << 24 && !plens[1] && !plens[2]);
    check_lookup_wc(&cls, &flow, r24, &expected);

    /* Add 10.0.0.0/8 at a lower priority.  10.2.0.1: the /24 subtable is
     * skipped after 15 bits (the walk fails at bit 14, inside the second
     * octet), the /8 one matches. */
    match_init_catchall(&m);
    match_nw_dst(&m, 0x0a000000, prefix_mask(8));
    struct test_rule *r8 = test_rule_new(&m, 5);
    assert_int_equal(classifier_insert(&cls, &r8->cr, 0), 0);
    flow.dp.nw_dst = htonl(0x0a020001);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_NW_DST, &flow,
                                            plens), 15);
    assert_true(plens[0] == UINT64_C(1) << 8);
    expected.dp.nw_dst = htonl(prefix_mask(15));
    check_lookup_wc(&cls, &flow, r8, &expected);

    /* 11.0.0.1 differs from 10 in bit 7: both subtables are skipped after
     * 8 bits. */
    flow.dp.nw_dst = htonl(0x0b000001);
    expected.dp.nw_dst = htonl(prefix_mask(8));
    check_lookup_wc(&cls, &flow, NULL, &expected);

    /* 128.0.0.1: one bit for both. */
    flow.dp.nw_dst = htonl(0x80000001);
    expected.dp.nw_dst = htonl(prefix_mask(1));
    check_lookup_wc(&cls, &flow, NULL, &expected);

    /* Removing the /24 leaves only the /8 in the trie. */
    classifier_remove(&cls, &r24->cr);
    flow.dp.nw_dst = htonl(0x0a010201);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_NW_DST, &flow,
                                            plens), 8);
    expected.dp.nw_dst = htonl(prefix_mask(8));
    check_lookup_wc(&cls, &flow, r8, &expected);
    classifier_remove(&cls, &r8->cr);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_NW_DST, &flow,
                                            plens), 0);

    /* A subtable with in_port and a prefix: the trie skips it without
     * looking at in_port. */
    match_init_catchall(&m);
    match_in_port(&m, 3);
    match_nw_src(&m, 0xac100000, prefix_mask(12));
    struct test_rule *rport = test_rule_new(&m, 10);
    assert_int_equal(classifier_insert(&cls, &rport->cr, 0), 0);
    memset(&flow, 0, sizeof flow);
    memset(&expected, 0, sizeof expected);
    flow.dp.in_port = 3;
    flow.dp.nw_src = htonl(0xac200001);         /* 172.32.0.1. */
    expected.dp.nw_src = htonl(prefix_mask(11));
    check_lookup_wc(&cls, &flow, NULL, &expected);
    flow.dp.nw_src = htonl(0xac1f0001);         /* 172.31.0.1. */
    expected.dp.in_port = UINT32_MAX;
    expected.dp.nw_src = htonl(prefix_mask(12));
    check_lookup_wc(&cls, &flow, rport, &expected);
    classifier_remove(&cls, &rport->cr);

    /* A mask that is not a prefix does not use the trie. */
    match_init_catchall(&m);
    match_nw_dst(&m, 0x0a000001, 0xff0000ff);
    struct test_rule *rodd = test_rule_new(&m, 10);
    assert_int_equal(classifier_insert(&cls, &rodd->cr, 0), 0);
    memset(&flow, 0, sizeof flow);
    memset(&expected, 0, sizeof expected);
    flow.dp.nw_dst = htonl(0xc0000001);
    expected.dp.nw_dst = htonl(0xff0000ff);
    check_lookup_wc(&cls, &flow, NULL, &expected);
    classifier_remove(&cls, &rodd->cr);

    /* IPv6: 2001:db8::/32. */
    match_init_catchall(&m);
    match_ipv6_dst(&m, "2001:db8::", 32);
    struct test_rule *r6 = test_rule_new(&m, 10);
    assert_int_equal(classifier_insert(&cls, &r6->cr, 0), 0);
    memset(&flow, 0, sizeof flow);
    memset(&expected, 0, sizeof expected);
    ipv6_from_string("2001:db9::1", &flow.dp.ipv6_dst);
    ipv6_prefix_mask(32, &expected.dp.ipv6_dst);
    check_lookup_wc(&cls, &flow, NULL, &expected);
    ipv6_from_string("3001::1", &flow.dp.ipv6_dst);
    ipv6_prefix_mask(4, &expected.dp.ipv6_dst);
    check_lookup_wc(&cls, &flow, NULL, &expected);
    ipv6_from_string("2001:db8:ffff::1", &flow.dp.ipv6_dst);
    ipv6_prefix_mask(32, &expected.dp.ipv6_dst);
    check_lookup_wc(&cls, &flow, r6, &expected);

    /* And a /100 under it: 2001:db8::1:0:0 is 2001:db8:: up to bit 100
     * but for bit 95. */
    match_init_catchall(&m);
    match_ipv6_dst(&m, "2001:db8::", 100);
    struct test_rule *r100 = test_rule_new(&m, 20);
    assert_int_equal(classifier_insert(&cls, &r100->cr, 0), 0);
    ipv6_from_string("2001:db8::1:0:0", &flow.dp.ipv6_dst);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_IPV6_DST, &flow,
                                            plens), 96);
    assert_true(plens[0] == UINT64_C(1) << 32 && !plens[1] && !plens[2]);
    ipv6_prefix_mask(96, &expected.dp.ipv6_dst);
    check_lookup_wc(&cls, &flow, r6, &expected);
    ipv6_from_string("2001:db8::0fff:ffff", &flow.dp.ipv6_dst);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_IPV6_DST, &flow,
                                            plens), 100);
    assert_true(plens[0] == UINT64_C(1) << 32
                && plens[1] == UINT64_C(1) << (100 - 64) && !plens[2]);
    ipv6_prefix_mask(100, &expected.dp.ipv6_dst);
    check_lookup_wc(&cls, &flow, r100, &expected);

    classifier_remove(&cls, &r6->cr);
    classifier_remove(&cls, &r100->cr);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_IPV6_DST, &flow,
                                            plens), 0);
    classifier_destroy(&cls);
    test_rule_free(r24);
    test_rule_free(r8);
    test_rule_free(rport);
    test_rule_free(rodd);
    test_rule_free(r6);
    test_rule_free(r100);
}

/* With the tries turned off, a miss un-wildcards the whole prefix. */
static void
test_no_tries(void **state SLUICE_UNUSED)
{
    struct classifier cls;
    struct match m;
    struct oflow flow, expected;

    classifier_init(&cls);
    assert_int_equal(classifier_set_prefix_fields(&cls, 0), 0);
    match_init_catchall(&m);
    match_nw_dst(&m, 0x0a010200, prefix_mask(24));
    struct test_rule *r24 = test_rule_new(&m, 10);
    assert_int_equal(classifier_insert(&cls, &r24->cr, 0), 0);
    assert_int_equal(classifier_set_prefix_fields(&cls, CLS_ALL_TRIES),
                     EBUSY);

    memset(&flow, 0, sizeof flow);
    memset(&expected, 0, sizeof expected);
    flow.dp.nw_dst = htonl(0xc0a80001);
    expected.dp.nw_dst = htonl(prefix_mask(24));
    check_lookup_wc(&cls, &flow, NULL, &expected);

    classifier_remove(&cls, &r24->cr);
    classifier_destroy(&cls);
    test_rule_free(r24);
}

/* Many prefixes in and out of a trie, against a brute-force reference of
 * which prefix lengths match. */
static void
test_trie_random(void **state SLUICE_UNUSED)
{
    enum { N = 400 };
    struct classifier cls;
    struct test_rule *rules[N];
    uint64_t rng = 0x1234567;

    classifier_init(&cls);
    for (size_t i = 0; i < N; i++) {
        struct match m;
        /* Few distinct high bits, so that prefixes share paths. */
        uint32_t addr = ((random_range(&rng, 4) << 30)
                         | (random_range(&rng, 4) << 20)
                         | random_range(&rng, 1 << 20));
        match_init_catchall(&m);
        match_nw_src(&m, addr, prefix_mask(1 + random_range(&rng, 32)));
        rules[i] = test_rule_new(&m, (int) i);
        assert_int_equal(classifier_insert(&cls, &rules[i]->cr, 0), 0);
        rules[i]->inserted = true;
    }
    for (int round = 0; round < 3000; round++) {
        size_t i = random_range(&rng, N);
        if (rules[i]->inserted) {
            classifier_remove(&cls, &rules[i]->cr);
        } else {
            assert_int_equal(classifier_insert(&cls, &rules[i]->cr, 0), 0);
        }
        rules[i]->inserted = !rules[i]->inserted;

        struct oflow flow;
        memset(&flow, 0, sizeof flow);
        uint32_t addr = ((random_range(&rng, 4) << 30)
                         | (random_range(&rng, 4) << 20)
                         | random_range(&rng, 1 << 20));
        flow.dp.nw_src = htonl(addr);

        uint64_t expected = 0;
        for (size_t j = 0; j < N; j++) {
            if (rules[j]->inserted) {
                const struct match *m = &rules[j]->cr.match;
                uint32_t mask = ntohl(m->mask.dp.nw_src);
                if ((addr & mask) == ntohl(m->flow.dp.nw_src)) {
                    expected |= UINT64_C(1) << count_1bits(mask);
                }
            }
        }
        uint64_t plens[3];
        unsigned int checkbits = classifier_trie_lookup(
            &cls, CLS_TRIE_NW_SRC, &flow, plens);
        assert_true(plens[0] == expected);
        assert_true(checkbits <= 32);

        /* Every address that shares the checked bits gets the same
         * answer. */
        struct oflow flow2 = flow;
        uint32_t keep = prefix_mask(checkbits);
        flow2.dp.nw_src = htonl((addr & keep)
                                | ((uint32_t) random_next(&rng) & ~keep));
        uint64_t plens2[3];
        classifier_trie_lookup(&cls, CLS_TRIE_NW_SRC, &flow2, plens2);
        assert_true(plens2[0] == expected);
    }
    for (size_t i = 0; i < N; i++) {
        if (rules[i]->inserted) {
            classifier_remove(&cls, &rules[i]->cr);
        }
        test_rule_free(rules[i]);
    }

    /* The trie is empty again: no node is left behind. */
    struct oflow flow;
    uint64_t plens[3];
    memset(&flow, 0, sizeof flow);
    assert_int_equal(classifier_trie_lookup(&cls, CLS_TRIE_NW_SRC, &flow,
                                            plens), 0);
    classifier_destroy(&cls);
}

/* The random tests: rules over a small universe of values, so that they
 * overlap a lot, checked against a linear search. */

static const uint32_t ipv4_universe[] = {
    0x0a010203, 0x0a0102c8, 0x0a018205, 0x0a020001,
    0xc0a80101, 0xc0a80102, 0x0b000001, 0x80000001,
};

static uint32_t
random_addr(uint64_t *rng)
{
    return (random_range(rng, 8)
            ? ipv4_universe[random_range(rng, ARRAY_SIZE(ipv4_universe))]
            : (uint32_t) random_next(rng));
}

static uint32_t
random_addr_mask(uint64_t *rng)
{
    static const unsigned int plens[] = { 0, 0, 8, 16, 24, 30, 32, 32 };
    if (!random_range(rng, 10)) {
        return (uint32_t) random_next(rng);
    }
    return prefix_mask(plens[random_range(rng, ARRAY_SIZE(plens))]);
}

static void
random_ipv6(uint64_t *rng, struct in6_addr *a)
{
    static const char *const universe[] = {
        "2001:db8::1", "2001:db8::2", "2001:db8:1::1", "fe80::1",
    };
    if (random_range(rng, 6)) {
        ipv6_from_string(universe[random_range(rng, ARRAY_SIZE(universe))],
                         a);
    } else {
        for (size_t i = 0; i < 16; i++) {
            a->s6_addr[i] = random_next(rng);
        }
    }
}

/* A random flow from the universe. */
static void
random_flow(uint64_t *rng, struct oflow *flow)
{
    memset(flow, 0, sizeof *flow);
    flow->dp.in_port = 1 + random_range(rng, 3);
    flow->dp.dl_type = htons(random_range(rng, 2) ? ETH_TYPE_IP
                             : ETH_TYPE_IPV6);
    flow->dp.vlans[0].tci = htons(random_range(rng, 4) << 12
                                  | random_range(rng, 3));
    flow->dp.nw_src = htonl(random_addr(rng));
    flow->dp.nw_dst = htonl(random_addr(rng));
    random_ipv6(rng, &flow->dp.ipv6_dst);
    flow->dp.nw_proto = random_range(rng, 2) ? 6 : 17;
    flow->dp.tp_src = htons(random_range(rng, 2) ? 1024 : 2048);
    flow->dp.tp_dst = htons(random_range(rng, 2) ? 80
                            : 0x100 * random_range(rng, 4));
    flow->metadata = htonll(random_range(rng, 2));
    flow->regs[0] = random_range(rng, 3);
}

/* A random match: each field wildcarded, matched exactly or partly. */
static void
random_match(uint64_t *rng, struct match *m)
{
    struct oflow values;

    random_flow(rng, &values);
    match_init_catchall(m);
    m->flow = values;
    if (random_range(rng, 3) == 0) {
        m->mask.dp.in_port = UINT32_MAX;
    }
    if (random_range(rng, 2) == 0) {
        m->mask.dp.dl_type = htons(0xffff);
    }
    if (random_range(rng, 5) == 0) {
        m->mask.dp.vlans[0].tci = htons(random_range(rng, 2)
                                        ? 0x0fff : 0xf000);
    }
    m->mask.dp.nw_src = htonl(random_addr_mask(rng));
    m->mask.dp.nw_dst = htonl(random_addr_mask(rng));
    if (random_range(rng, 4) == 0) {
        ipv6_prefix_mask(random_range(rng, 129), &m->mask.dp.ipv6_dst);
    }
    if (random_range(rng, 3) == 0) {
        m->mask.dp.nw_proto = 0xff;
    }
    if (random_range(rng, 4) == 0) {
        m->mask.dp.tp_src = htons(0xffff);
    }
    if (random_range(rng, 3) == 0) {
        m->mask.dp.tp_dst = htons(random_range(rng, 2) ? 0xffff : 0xff00);
    }
    if (random_range(rng, 6) == 0) {
        m->mask.metadata = htonll(1);
    }
    if (random_range(rng, 6) == 0) {
        m->mask.regs[0] = UINT32_MAX;
    }
    match_normalize(m);
}

struct reference {
    struct test_rule **rules;
    size_t n;
};

static bool
ref_visible(const struct test_rule *r, cls_version_t version)
{
    return (r->inserted && r->add_version <= version
            && version < r->remove_version);
}

/* Returns the best priority in REF for FLOW in VERSION, or INT_MIN if no
 * rule matches. */
static int
ref_lookup(const struct reference *ref, cls_version_t version,
           const struct oflow *flow)
{
    int best = INT_MIN;

    for (size_t i = 0; i < ref->n; i++) {
        const struct test_rule *r = ref->rules[i];
        if (ref_visible(r, version)
            && oflow_matches(flow, &r->cr.match.flow, &r->cr.match.mask)
            && r->cr.priority > best) {
            best = r->cr.priority;
        }
    }
    return best;
}

/* Returns true if A and B have the same match and priority. */
static bool
same_rule(const struct test_rule *a, const struct test_rule *b)
{
    return (a->cr.priority == b->cr.priority
            && match_equal(&a->cr.match, &b->cr.match));
}

/* Checks one lookup of FLOW in VERSION against REF, and its wildcards. */
static void
check_random_lookup(const struct classifier *cls,
                    const struct reference *ref, cls_version_t version,
                    const struct oflow *flow, const struct oflow *all_masks,
                    uint64_t *rng)
{
    struct oflow wc;

    memset(&wc, 0, sizeof wc);
    const struct cls_rule *cr = classifier_lookup(cls, version, flow, &wc);
    int best = ref_lookup(ref, version, flow);
    if (best == INT_MIN) {
        assert_null(cr);
    } else {
        assert_non_null(cr);
        struct test_rule *r = test_rule_from_cls(cr);
        assert_int_equal(r->magic, RULE_LIVE);
        assert_true(ref_visible(r, version));
        assert_true(oflow_matches(flow, &cr->match.flow, &cr->match.mask));
        assert_int_equal(cr->priority, best);
    }

    /* The wildcards lie within the masks in use. */
    const uint64_t *w = oflow_u64s(&wc);
    const uint64_t *all = oflow_u64s(all_masks);
    for (size_t i = 0; i < OFLOW_U64S; i++) {
        assert_true(!(w[i] & ~all[i]));
    }

    /* Any flow that agrees on the wildcards gets the same rule. */
    for (int k = 0; k < 4; k++) {
        struct oflow other;
        uint64_t *o = oflow_u64s_rw(&other);
        const uint64_t *f = oflow_u64s(flow);
        for (size_t i = 0; i < OFLOW_U64S; i++) {
            uint64_t noise = random_next(rng);
            if (k == 0) {
                noise = ~f[i];          /* Every unexamined bit flipped. */
            } else if (k == 1) {
                noise = 0;
            }
            o[i] = (f[i] & w[i]) | (noise & ~w[i]);
        }
        assert_ptr_equal(classifier_lookup(cls, version, &other, NULL), cr);
    }
}

/* One round: a classifier of random rules, changed at random, checked
 * after each change. */
static void
random_round(uint64_t *rng, size_t max_rules, int n_priorities)
{
    struct classifier cls;
    struct reference ref;
    struct oflow all_masks;
    size_t n_rules = 1 + random_range(rng, max_rules);

    classifier_init(&cls);
    ref.rules = xcalloc(n_rules * 2, sizeof *ref.rules);
    ref.n = 0;
    memset(&all_masks, 0, sizeof all_masks);

    for (size_t i = 0; i < n_rules * 2; i++) {
        struct test_rule *r;
        struct match m;
        cls_version_t version = random_range(rng, 4);
        int priority = random_range(rng, n_priorities);

        /* Some rules repeat an earlier match, some its priority too. */
        if (ref.n && random_range(rng, 5) == 0) {
            const struct test_rule *old = ref.rules[random_range(rng,
                                                                 ref.n)];
            m = old->cr.match;
            if (random_range(rng, 2)) {
                priority = old->cr.priority;
            }
        } else {
            random_match(rng, &m);
        }
        r = test_rule_new(&m, priority);
        oflow_union(&all_masks, &r->cr.match.mask);

        /* Expected outcome. */
        struct test_rule *conflict = NULL;
        for (size_t j = 0; j < ref.n; j++) {
            struct test_rule *o = ref.rules[j];
            if (o->inserted && same_rule(o, r)
                && o->remove_version > version) {
                conflict = o;
            }
        }
        bool replace = random_range(rng, 2);
        if (replace) {
            struct cls_rule *displaced = classifier_replace(&cls, &r->cr,
                                                            version);
            if (conflict) {
                struct test_rule *d = test_rule_from_cls(displaced);
                assert_non_null(d);
                assert_true(same_rule(d, r));
                assert_true(d->remove_version > version);
                for (size_t j = 0; j < ref.n; j++) {
                    struct test_rule *o = ref.rules[j];
                    if (o->inserted && same_rule(o, r)
                        && o->remove_version > version) {
                        o->remove_version = version;
                    }
                }
            } else {
                assert_null(displaced);
            }
        } else if (conflict) {
            assert_int_equal(classifier_insert(&cls, &r->cr, version),
                             EEXIST);
            test_rule_free(r);
            continue;
        } else {
            assert_int_equal(classifier_insert(&cls, &r->cr, version), 0);
        }
        r->inserted = true;
        r->add_version = version;
        r->remove_version = CLS_VERSION_NOT_REMOVED;
        ref.rules[ref.n++] = r;

        /* Now and then, hide or remove a rule. */
        size_t j = random_range(rng, ref.n);
        struct test_rule *o = ref.rules[j];
        switch (random_range(rng, 6)) {
        case 0:
            if (o->inserted) {
                cls_version_t v = o->add_version + random_range(rng, 4);
                if (v < o->remove_version) {
                    cls_rule_make_invisible_in_version(&o->cr, v);
                    o->remove_version = v;
                }
            }
            break;
        case 1:
            if (o->inserted) {
                classifier_remove(&cls, &o->cr);
                o->inserted = false;
            }
            break;
        default:
            break;
        }

        struct oflow flow;
        random_flow(rng, &flow);
        check_random_lookup(&cls, &ref, random_range(rng, 8), &flow,
                            &all_masks, rng);
    }

    size_t n_in = 0;
    for (size_t i = 0; i < ref.n; i++) {
        n_in += ref.rules[i]->inserted;
    }
    assert_int_equal(classifier_count(&cls), n_in);

    for (int k = 0; k < 20; k++) {
        struct oflow flow;
        random_flow(rng, &flow);
        check_random_lookup(&cls, &ref, random_range(rng, 8), &flow,
                            &all_masks, rng);
    }

    /* Iteration: all rules, then loose and strict targets, and the finds
     * and the overlap check. */
    size_t n_seen = 0;
    struct test_rule *r;
    CLS_FOR_EACH (r, cr, &cls) {
        assert_true(r->inserted);
        n_seen++;
    }
    assert_int_equal(n_seen, n_in);

    for (int k = 0; k < 5; k++) {
        struct match target;
        cls_version_t version = random_range(rng, 8);
        random_match(rng, &target);

        size_t n_loose = 0;
        int best = INT_MIN;
        for (size_t i = 0; i < ref.n; i++) {
            const struct test_rule *o = ref.rules[i];
            if (ref_visible(o, version)
                && cls_rule_is_loose_match(&o->cr, &target)) {
                n_loose++;
                best = MAX(best, o->cr.priority);
            }
        }
        n_seen = 0;
        CLS_FOR_EACH_TARGET (r, cr, &cls, CLS_CURSOR_LOOSE, &target, 0,
                             version) {
            assert_true(ref_visible(r, version));
            assert_true(cls_rule_is_loose_match(&r->cr, &target));
            n_seen++;
        }
        assert_int_equal(n_seen, n_loose);
        const struct cls_rule *loose = classifier_find_loosely(&cls, &target,
                                                               version);
        if (best == INT_MIN) {
            assert_null(loose);
        } else {
            assert_non_null(loose);
            assert_int_equal(loose->priority, best);
        }

        /* Strict and exact, with an existing rule's match. */
        if (ref.n) {
            const struct test_rule *o = ref.rules[random_range(rng, ref.n)];
            const struct test_rule *visible = NULL;
            for (size_t i = 0; i < ref.n; i++) {
                if (same_rule(ref.rules[i], o)
                    && ref_visible(ref.rules[i], version)) {
                    assert_null(visible);
                    visible = ref.rules[i];
                }
            }
            assert_ptr_equal(classifier_find_rule_exactly(&cls, &o->cr,
                                                          version),
                             visible ? &visible->cr : NULL);
            n_seen = 0;
            CLS_FOR_EACH_TARGET (r, cr, &cls, CLS_CURSOR_STRICT,
                                 &o->cr.match, o->cr.priority, version) {
                assert_ptr_equal(r, visible);
                n_seen++;
            }
            assert_int_equal(n_seen, visible != NULL);

            /* Overlap of a new rule with TARGET's match at O's
             * priority. */
            struct test_rule *t = test_rule_new(&target, o->cr.priority);
            bool overlaps = false;
            for (size_t i = 0; i < ref.n; i++) {
                const struct test_rule *x = ref.rules[i];
                if (ref_visible(x, version)
                    && x->cr.priority == t->cr.priority) {
                    const uint64_t *xf = oflow_u64s(&x->cr.match.flow);
                    const uint64_t *xm = oflow_u64s(&x->cr.match.mask);
                    const uint64_t *tf = oflow_u64s(&t->cr.match.flow);
                    const uint64_t *tm = oflow_u64s(&t->cr.match.mask);
                    bool ok = true;
                    for (size_t w = 0; w < OFLOW_U64S; w++) {
                        ok &= !((xf[w] ^ tf[w]) & xm[w] & tm[w]);
                    }
                    overlaps |= ok;
                }
            }
            assert_int_equal(classifier_rule_overlaps(&cls, &t->cr, version),
                             overlaps);
            test_rule_free(t);
        }
    }

    /* Remove everything, through a cursor, half of it. */
    CLS_FOR_EACH (r, cr, &cls) {
        if (random_range(rng, 2)) {
            classifier_remove(&cls, &r->cr);
            r->inserted = false;
        }
    }
    for (size_t i = 0; i < ref.n; i++) {
        if (ref.rules[i]->inserted) {
            classifier_remove(&cls, &ref.rules[i]->cr);
        }
    }
    assert_true(classifier_is_empty(&cls));
    assert_int_equal(classifier_n_subtables(&cls), 0);
    classifier_destroy(&cls);
    for (size_t i = 0; i < ref.n; i++) {
        test_rule_free(ref.rules[i]);
    }
    free(ref.rules);
}

static void
test_random_few_priorities(void **state SLUICE_UNUSED)
{
    uint64_t rng = 0x9e3779b97f4a7c15ull;

    /* Few priorities: many ties and same-match chains.  The test removes
     * rules while it iterates, so it must be an online RCU thread. */
    rcu_register_thread();
    for (int round = 0; round < 1500; round++) {
        random_round(&rng, 30, 4);
        rcu_quiesce();
    }
    rcu_unregister_thread();
}

static void
test_random_many_priorities(void **state SLUICE_UNUSED)
{
    uint64_t rng = 0x0123456789abcdefull;

    rcu_register_thread();
    for (int round = 0; round < 300; round++) {
        random_round(&rng, 200, 1000);
        rcu_quiesce();
    }
    rcu_unregister_thread();
}

/* Concurrency: a reader looks up flows that stable rules (never removed)
 * match, and checks that it always gets a live rule that matches with at
 * least the stable rule's priority, while the writer inserts and removes
 * other rules that overlap them. */

#define N_STABLE 64
#define CONCURRENT_MSEC 600

static struct classifier shared_cls;
static atomic_bool concurrent_stop;
static struct oflow stable_flows[N_STABLE];

struct reader_stats {
    long long int lookups;
    long long int errors;
};

static void *
reader_main(void *stats_)
{
    struct reader_stats *stats = stats_;

    while (!atomic_read_relaxed(&concurrent_stop)) {
        for (size_t i = 0; i < N_STABLE; i++) {
            struct oflow wc;
            memset(&wc, 0, sizeof wc);
            const struct cls_rule *cr = classifier_lookup(
                &shared_cls, CLS_VERSION_MIN, &stable_flows[i], &wc);
            const struct test_rule *r = test_rule_from_cls(cr);
            if (!r || r->magic != RULE_LIVE || cr->priority < 100
                || !oflow_matches(&stable_flows[i], &cr->match.flow,
                                  &cr->match.mask)) {
                stats->errors++;
            }
            stats->lookups++;
        }
        rcu_quiesce();
    }
    return NULL;
}

static void
test_concurrent_readers(void **state SLUICE_UNUSED)
{
    enum { N_CHURN = 512 };
    struct test_rule *stable[N_STABLE];
    struct test_rule *churn[N_CHURN] = { NULL };
    struct reader_stats stats = { 0, 0 };
    uint64_t rng = 42;

    rcu_register_thread();
    classifier_init(&shared_cls);
    for (size_t i = 0; i < N_STABLE; i++) {
        struct match m;
        struct oflow *f = &stable_flows[i];
        memset(f, 0, sizeof *f);
        f->dp.in_port = 1 + i % 4;
        f->dp.dl_type = htons(ETH_TYPE_IP);
        f->dp.nw_src = htonl(0x0a000000 + i);
        f->dp.nw_dst = htonl(0x0a800000 + (i % 8) * 256 + i);
        f->dp.nw_proto = 6;
        f->dp.tp_dst = htons(80 + i % 3);

        match_init_catchall(&m);
        match_in_port(&m, f->dp.in_port);
        match_dl_type(&m, ETH_TYPE_IP);
        match_nw_src(&m, ntohl(f->dp.nw_src), UINT32_MAX);
        stable[i] = test_rule_new(&m, 100);
        assert_int_equal(classifier_insert(&shared_cls, &stable[i]->cr, 0),
                         0);
    }

    atomic_store_relaxed(&concurrent_stop, false);
    pthread_t reader = thread_create("cls-reader", reader_main, &stats);

    long long int deadline = time_msec() + CONCURRENT_MSEC;
    long long int n_changes = 0;
    while (time_msec() < deadline) {
        for (int k = 0; k < 64; k++) {
            size_t i = random_range(&rng, N_CHURN);
            if (churn[i]) {
                classifier_remove(&shared_cls, &churn[i]->cr);
                rcu_postpone(test_rule_free, churn[i]);
                churn[i] = NULL;
            } else {
                /* Rules that the stable flows often match, at priorities
                 * around the stable rules', under several masks. */
                const struct oflow *f = &stable_flows[random_range(&rng,
                                                                   N_STABLE)];
                struct match m;
                match_init_catchall(&m);
                switch (random_range(&rng, 4)) {
                case 0:
                    match_in_port(&m, f->dp.in_port);
                    break;
                case 1:
                    match_nw_dst(&m, ntohl(f->dp.nw_dst),
                                 prefix_mask(8 + random_range(&rng, 25)));
                    break;
                case 2:
                    match_nw_dst(&m, ntohl(f->dp.nw_dst), UINT32_MAX);
                    match_tp_dst(&m, ntohs(f->dp.tp_dst), 0xffff);
                    break;
                default:
                    match_nw_src(&m, ntohl(f->dp.nw_src),
                                 prefix_mask(16 + random_range(&rng, 17)));
                    match_nw_proto(&m, 6);
                    break;
                }
                churn[i] = test_rule_new(&m, 50 + random_range(&rng, 100));
                if (classifier_insert(&shared_cls, &churn[i]->cr, 0)) {
                    test_rule_free(churn[i]);
                    churn[i] = NULL;
                }
            }
            n_changes++;
        }
        rcu_quiesce();
    }
    atomic_store_relaxed(&concurrent_stop, true);
    thread_join(reader, NULL);

    print_message("%lld changes, %lld lookups, %lld errors\n", n_changes,
                  stats.lookups, stats.errors);
    assert_int_equal(stats.errors, 0);
    assert_true(stats.lookups > 0);
    assert_true(n_changes > 1000);

    for (size_t i = 0; i < N_CHURN; i++) {
        if (churn[i]) {
            classifier_remove(&shared_cls, &churn[i]->cr);
            rcu_postpone(test_rule_free, churn[i]);
        }
    }
    for (size_t i = 0; i < N_STABLE; i++) {
        classifier_remove(&shared_cls, &stable[i]->cr);
        rcu_postpone(test_rule_free, stable[i]);
    }
    classifier_destroy(&shared_cls);
    rcu_unregister_thread();
    rcu_barrier();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_basics),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_staged_wildcards),
        cmocka_unit_test(test_prefix_tries),
        cmocka_unit_test(test_no_tries),
        cmocka_unit_test(test_trie_random),
        cmocka_unit_test(test_random_few_priorities),
        cmocka_unit_test(test_random_many_priorities),
        cmocka_unit_test(test_concurrent_readers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

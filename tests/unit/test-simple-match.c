/* Unit tests for datapath/simple-match.c: which megaflows are simple, the
 * per-port choice of the shortcut, and lookups of every test packet shape
 * checked against flow extraction (the shortcut must find exactly the
 * fields, and TCP flags, that flow_extract() finds, or leave the packet to
 * the full parser). */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "datapath/simple-match.h"     /* First: see dp-key.h. */
#include <arpa/inet.h>
#include <string.h>
#include "buffer.h"
#include "dp-packet.h"
#include "flow.h"
#include "odp-util.h"
#include "tests/flow-shapes/shapes.h"
#include "util.h"
#include "unit-test.h"

#define IN_PORT 5

/* Parses datapath flow S and actions ACTIONS and returns their kind. */
static int
kind_of(const char *s, const char *actions)
{
    struct flow key, mask;
    struct buffer b;
    char *error;

    error = odp_flow_from_string(s, &key, &mask);
    if (error) {
        fail_msg("%s: %s", s, error);
    }
    buffer_init(&b, 0);
    error = odp_actions_from_string(actions, &b);
    if (error) {
        fail_msg("%s: %s", actions, error);
    }
    mask.recirc_id = UINT32_MAX;        /* As the datapath makes it. */
    int kind = simple_match_kind(&key, &mask, b.data, b.size);
    buffer_uninit(&b);
    return kind;
}

static void
test_kinds(void **state SLUICE_UNUSED)
{
    /* Without vlan(), the datapath syntax means "untagged". */
    assert_int_equal(kind_of("in_port(1),eth_type(0x0800)", "2"),
                     SIMPLE_MATCH_VLAN_TPID);
    assert_int_equal(kind_of("in_port(1),eth_type(0x86dd)", "2,3"),
                     SIMPLE_MATCH_VLAN_TPID);
    assert_int_equal(kind_of("in_port(1),eth_type(0x0800),ipv4(frag=no)",
                             "2"),
                     SIMPLE_MATCH_VLAN_TPID | SIMPLE_MATCH_FRAG);
    /* A VLAN id but not the whole tag word: not simple. */
    assert_int_equal(kind_of("in_port(1),eth_type(0x8100),vlan(vid=10),"
                             "encap(eth_type(0x0800))", "pop_vlan,2"),
                     -1);
    assert_int_equal(kind_of("in_port(7),eth_type(0x0806)",
                             "push_vlan(vid=5,pcp=0),2"),
                     SIMPLE_MATCH_VLAN_TPID);
    assert_int_equal(kind_of("in_port(7),eth_type(0x0806)",
                             "set(eth(src=00:00:00:00:00:01)),2"),
                     SIMPLE_MATCH_VLAN_TPID);

    /* Actions that need layer offsets. */
    assert_int_equal(kind_of("in_port(1),eth_type(0x0800)",
                             "set(ipv4(ttl=9)),2"), -1);
    assert_int_equal(kind_of("in_port(1),eth_type(0x0800)",
                             "clone(set(ipv4(ttl=9)),2),3"), -1);

    /* More than the simple fields. */
    assert_int_equal(kind_of("in_port(1),eth(src=00:00:00:00:00:01),"
                             "eth_type(0x0800)", "2"), -1);
    assert_int_equal(kind_of("in_port(1),eth_type(0x0800),"
                             "ipv4(proto=17)", "2"), -1);
    assert_int_equal(kind_of("in_port(1),eth_type(0x0800),"
                             "ipv4(frag=no,ttl=64)", "2"), -1);
    assert_int_equal(kind_of("recirc_id(3),in_port(1),eth_type(0x0800)",
                             "2"), -1);
    assert_int_equal(kind_of("in_port(1),eth_type(0x0800/0x0f00)", "2"),
                     -1);

    /* In_port alone. */
    assert_int_equal(kind_of("in_port(1)", "2"), SIMPLE_MATCH_ANY_TYPE);

    /* A whole VLAN word, exactly. */
    struct flow key, mask;
    memset(&key, 0, sizeof key);
    memset(&mask, 0, sizeof mask);
    key.in_port = 1;
    key.dl_type = htons(0x0800);
    key.vlans[0].tpid = htons(0x8100);
    key.vlans[0].tci = htons(10);
    mask.in_port = mask.recirc_id = UINT32_MAX;
    mask.dl_type = htons(0xffff);
    memset(mask.vlans, 0xff, sizeof mask.vlans);
    assert_int_equal(simple_match_kind(&key, &mask, NULL, 0),
                     SIMPLE_MATCH_VLAN);
    mask.vlans[1].tci = htons(0x0fff);
    assert_int_equal(simple_match_kind(&key, &mask, NULL, 0), -1);
}

/* The mask that a simple megaflow of KIND has. */
static void
kind_mask(int kind, struct flow *mask)
{
    memset(mask, 0, sizeof *mask);
    mask->in_port = mask->recirc_id = UINT32_MAX;
    mask->dl_type = kind & SIMPLE_MATCH_ANY_TYPE ? 0 : htons(0xffff);
    if (kind & SIMPLE_MATCH_VLAN) {
        memset(mask->vlans, 0xff, sizeof mask->vlans);
    } else if (kind & SIMPLE_MATCH_VLAN_TPID) {
        mask->vlans[0].tpid = htons(0xffff);
    }
    if (kind & SIMPLE_MATCH_FRAG) {
        mask->nw_frag = FLOW_NW_FRAG_MASK;
    }
}

static void
mask_flow(const struct flow *flow, const struct flow *mask, struct flow *out)
{
    const uint64_t *f = flow_u64s(flow);
    const uint64_t *m = flow_u64s(mask);
    uint64_t *o = (uint64_t *) (void *) out;
    for (size_t i = 0; i < FLOW_U64S; i++) {
        o[i] = f[i] & m[i];
    }
}

/* Shapes that the shortcut leaves to the full parser: 802.3 frames,
 * frames too short for Ethernet, IP headers that fail a check, IPv6 with
 * extension headers. */
static const char *const full_way_shapes[] = {
    "eth-8023-llc", "eth-8023-snap-ipv4-udp", "eth-8023-snap-cisco",
    "snap-truncated", "eth-truncated", "eth-header-only",
    "ipv4-header-truncated", "ipv4-bad-ihl", "ipv4-ihl-too-big",
    "ipv4-totlen-too-big", "ipv4-totlen-too-small", "ipv4-bad-version",
    "ipv6-hopopts-udp", "ipv6-routing-tcp", "ipv6-dstopts-udp",
    "ipv6-hop-dst-routing-tcp", "ipv6-frag-first-udp",
    "ipv6-frag-later-udp", "ipv6-atomic-frag-icmpv6", "ipv6-ah-tcp",
    "ipv6-header-truncated", "ipv6-plen-too-big", "ipv6-bad-version",
    "ipv6-hopopts-truncated", "ipv6-dstopts-short",
    "ipv6-fraghdr-truncated",
};

static bool
takes_full_way(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(full_way_shapes); i++) {
        if (!strcmp(name, full_way_shapes[i])) {
            return true;
        }
    }
    return false;
}

static const int all_kinds[] = {
    0, SIMPLE_MATCH_VLAN_TPID, SIMPLE_MATCH_VLAN,
    SIMPLE_MATCH_FRAG, SIMPLE_MATCH_VLAN_TPID | SIMPLE_MATCH_FRAG,
    SIMPLE_MATCH_VLAN | SIMPLE_MATCH_FRAG,
    SIMPLE_MATCH_ANY_TYPE, SIMPLE_MATCH_ANY_TYPE | SIMPLE_MATCH_VLAN_TPID,
    SIMPLE_MATCH_ANY_TYPE | SIMPLE_MATCH_VLAN | SIMPLE_MATCH_FRAG,
};

/* For every shape and kind: a megaflow built from the packet's own
 * extracted flow is found, with the packet's TCP flags; the same megaflow
 * on another port is not. */
static void
test_shapes_agree_with_extraction(void **state SLUICE_UNUSED)
{
    size_t n_hits = 0, n_full = 0;

    for (size_t i = 0; i < flow_shapes_count(); i++) {
        struct flow_shape_packet pkt;
        flow_shape_build(i, &pkt);

        for (size_t k = 0; k < ARRAY_SIZE(all_kinds); k++) {
            int kind = all_kinds[k];
            uint8_t *copy = xmemdup(pkt.data, pkt.size);
            struct dp_packet packet;
            struct flow flow, mask, key, other;

            dp_packet_use_const(&packet, copy, pkt.size);
            packet.md.in_port = IN_PORT;
            flow_extract(&packet, &flow);
            dp_packet_reset_metadata(&packet);

            kind_mask(kind, &mask);
            mask_flow(&flow, &mask, &key);
            assert_int_equal(simple_match_kind(&key, &mask, NULL, 0), kind);
            other = key;
            other.in_port = IN_PORT + 1;

            struct simple_match sm;
            struct dpcls_rule rule, other_rule;
            simple_match_init(&sm);
            simple_match_add(&sm, &other, kind, &other_rule);
            simple_match_add(&sm, &key, kind, &rule);
            assert_int_equal(simple_match_port_kind(&sm, IN_PORT), kind);
            assert_int_equal(simple_match_port_kind(&sm, IN_PORT + 2), -1);

            struct dp_packet *packets[1] = { &packet };
            struct dpcls_rule *rules[1];
            uint16_t tcp_flags[1];
            uint32_t hits = simple_match_lookup_batch(&sm, IN_PORT, kind,
                                                      packets, 1, rules,
                                                      tcp_flags);
            if (takes_full_way(pkt.name)) {
                if (hits) {
                    fail_msg("%s, kind %d: expected the full way",
                             pkt.name, kind);
                }
                assert_null(rules[0]);
                n_full++;
            } else {
                if (hits != 1 || rules[0] != &rule) {
                    fail_msg("%s, kind %d: no hit", pkt.name, kind);
                }
                assert_int_equal(tcp_flags[0], ntohs(flow.tcp_flags));
                n_hits++;
            }

            simple_match_remove(&sm, &key, kind, &rule);
            hits = simple_match_lookup_batch(&sm, IN_PORT, kind, packets, 1,
                                             rules, tcp_flags);
            assert_int_equal(hits, 0);
            simple_match_remove(&sm, &other, kind, &other_rule);
            assert_int_equal(simple_match_count(&sm), 0);
            assert_int_equal(simple_match_port_kind(&sm, IN_PORT), -1);
            simple_match_destroy(&sm);
            free(copy);
        }
    }
    assert_int_equal(n_full, ARRAY_SIZE(full_way_shapes)
                             * ARRAY_SIZE(all_kinds));
    assert_true(n_hits > 60 * ARRAY_SIZE(all_kinds));
}

/* A simple flow's key for in_port PORT and dl_type DL_TYPE, untagged. */
static void
simple_key(uint32_t port, uint16_t dl_type, uint32_t recirc_id,
           struct flow *key)
{
    memset(key, 0, sizeof *key);
    key->in_port = port;
    key->recirc_id = recirc_id;
    key->dl_type = htons(dl_type);
}

static void
test_port_kind(void **state SLUICE_UNUSED)
{
    const int k = SIMPLE_MATCH_VLAN_TPID;
    struct dpcls_rule r[6];
    struct flow ip, arp, ip6, other, recirc;
    struct simple_match sm;

    simple_key(1, 0x0800, 0, &ip);
    simple_key(1, 0x0806, 0, &arp);
    simple_key(1, 0x86dd, 0, &ip6);
    simple_key(1, 0x8847, 0, &other);
    simple_key(1, 0x0800, 9, &recirc);

    simple_match_init(&sm);
    assert_int_equal(simple_match_port_kind(&sm, 1), -1);
    simple_match_add(&sm, &ip, k, &r[0]);
    simple_match_add(&sm, &arp, k, &r[1]);
    assert_int_equal(simple_match_port_kind(&sm, 1), k);

    /* Megaflows after recirculation do not count. */
    simple_match_add(&sm, &recirc, k, &r[2]);
    simple_match_add(&sm, &recirc, -1, &r[3]);
    assert_int_equal(simple_match_port_kind(&sm, 1), k);
    assert_int_equal(simple_match_count(&sm), 2);

    /* One megaflow that is not simple turns the shortcut off... */
    simple_match_add(&sm, &other, -1, &r[4]);
    assert_int_equal(simple_match_port_kind(&sm, 1), -1);
    simple_match_remove(&sm, &other, -1, &r[4]);
    assert_int_equal(simple_match_port_kind(&sm, 1), k);

    /* ...and so does one of another kind. */
    simple_match_add(&sm, &ip6, SIMPLE_MATCH_FRAG, &r[5]);
    assert_int_equal(simple_match_port_kind(&sm, 1), -1);
    assert_int_equal(simple_match_count(&sm), 3);
    simple_match_remove(&sm, &ip6, SIMPLE_MATCH_FRAG, &r[5]);
    assert_int_equal(simple_match_port_kind(&sm, 1), k);

    simple_match_remove(&sm, &recirc, k, &r[2]);
    simple_match_remove(&sm, &recirc, -1, &r[3]);
    simple_match_remove(&sm, &ip, k, &r[0]);
    assert_int_equal(simple_match_port_kind(&sm, 1), k);
    simple_match_remove(&sm, &arp, k, &r[1]);
    assert_int_equal(simple_match_port_kind(&sm, 1), -1);
    assert_int_equal(simple_match_count(&sm), 0);
    simple_match_destroy(&sm);
    simple_match_destroy(NULL);
}

/* A batch of packets of three types, two of them with megaflows. */
static void
test_batch(void **state SLUICE_UNUSED)
{
    static const char *const names[] = {
        "ipv4-udp", "ipv4-tcp-syn", "arp-request", "ipv6-udp",
        "ipv4-tcp-fin-psh-ack", "ipv6-udp", "arp-reply", "ipv4-udp",
    };
    enum { N = ARRAY_SIZE(names) };
    const int k = SIMPLE_MATCH_VLAN_TPID;
    struct flow_shape_packet pkts[N];
    struct dp_packet packet_objs[N];
    struct dp_packet *packets[N];
    struct dpcls_rule ip_rule, arp_rule;
    struct flow ip, arp;
    struct simple_match sm;

    for (size_t i = 0; i < N; i++) {
        assert_true(flow_shape_build_by_name(names[i], &pkts[i]));
        dp_packet_use_const(&packet_objs[i], pkts[i].data, pkts[i].size);
        packets[i] = &packet_objs[i];
    }
    simple_key(2, 0x0800, 0, &ip);
    simple_key(2, 0x0806, 0, &arp);
    simple_match_init(&sm);
    simple_match_add(&sm, &ip, k, &ip_rule);
    simple_match_add(&sm, &arp, k, &arp_rule);

    struct dpcls_rule *rules[N];
    uint16_t tcp_flags[N];
    uint32_t hits = simple_match_lookup_batch(&sm, 2, k, packets, N, rules,
                                              tcp_flags);
    assert_int_equal(hits, 0xd7);   /* All but the IPv6 packets. */
    assert_ptr_equal(rules[0], &ip_rule);
    assert_ptr_equal(rules[1], &ip_rule);
    assert_ptr_equal(rules[2], &arp_rule);
    assert_null(rules[3]);
    assert_ptr_equal(rules[4], &ip_rule);
    assert_null(rules[5]);
    assert_ptr_equal(rules[6], &arp_rule);
    assert_ptr_equal(rules[7], &ip_rule);
    assert_int_equal(tcp_flags[0], 0);
    assert_int_equal(tcp_flags[1], 0x002);          /* SYN. */
    assert_int_equal(tcp_flags[4], 0x019);          /* FIN, PSH, ACK. */

    /* The same packets from another port find nothing. */
    hits = simple_match_lookup_batch(&sm, 3, k, packets, N, rules,
                                     tcp_flags);
    assert_int_equal(hits, 0);

    simple_match_remove(&sm, &ip, k, &ip_rule);
    simple_match_remove(&sm, &arp, k, &arp_rule);
    simple_match_destroy(&sm);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_shapes_agree_with_extraction),
        cmocka_unit_test(test_port_kind),
        cmocka_unit_test(test_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/flow.c and lib/packets.c: exact keys for the test
 * shapes (tests/flow-shapes/shapes.c), every truncation of every shape,
 * miniflow properties, formatting and the header helpers. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "dp-packet.h"
#include "dynamic-string.h"
#include "flow.h"
#include "packets.h"
#include "tests/flow-shapes/shapes.h"

#define IN_PORT 5

/* Parses the first N bytes of PKT, copied into a buffer of exactly N bytes
 * so that ASan catches any read past them, into *FLOW, and stores the
 * layer offsets in *OFS (l2_5, l3, l4).  Checks that miniflow_extract()
 * agrees with flow_extract() and that the miniflow is canonical. */
static void
extract_n(const uint8_t *data, size_t n, struct flow *flow, uint16_t ofs[3])
{
    uint8_t *copy = xmemdup(data, n);
    struct dp_packet packet;

    dp_packet_use_const(&packet, copy, n);
    packet.md.in_port = IN_PORT;
    flow_extract(&packet, flow);
    ofs[0] = packet.l2_5_ofs;
    ofs[1] = packet.l3_ofs;
    ofs[2] = packet.l4_ofs;

    /* The fast-path form gives the same key and offsets. */
    struct miniflow_buf mf;
    memset(&mf, 0xa5, sizeof mf);
    miniflow_extract(&packet, &mf.mf);
    assert_int_equal(packet.l2_5_ofs, ofs[0]);
    assert_int_equal(packet.l3_ofs, ofs[1]);
    assert_int_equal(packet.l4_ofs, ofs[2]);

    struct flow expanded;
    miniflow_expand(&mf.mf, &expanded);
    assert_true(flow_equal(&expanded, flow));

    /* Canonical: exactly the nonzero words, in order, and equal to the
     * miniflow built from the full flow. */
    const uint64_t *words = flow_u64s(flow);
    size_t n_values = 0;
    for (size_t i = 0; i < FLOW_U64S; i++) {
        bool present = (mf.mf.map >> i) & 1;
        assert_int_equal(present, words[i] != 0);
        if (present) {
            assert_true(mf.values[n_values] == words[i]);
            n_values++;
        }
        assert_true(miniflow_get(&mf.mf, i) == words[i]);
    }
    assert_int_equal(miniflow_n_values(&mf.mf), n_values);
    assert_int_equal(miniflow_size(&mf.mf), 8 + 8 * n_values);

    struct miniflow_buf mf2;
    miniflow_init(&mf2.mf, flow);
    assert_true(miniflow_equal(&mf.mf, &mf2.mf));
    assert_int_equal(miniflow_hash(&mf.mf, 42), flow_hash(flow, 42));

    /* Offsets stay inside the packet. */
    for (int i = 0; i < 3; i++) {
        assert_true(ofs[i] == UINT16_MAX || ofs[i] <= n);
    }
    free(copy);
}

static void
build(const char *name, struct flow_shape_packet *pkt)
{
    if (!flow_shape_build_by_name(name, pkt)) {
        fail_msg("no shape named %s", name);
    }
}

static void
extract_shape(const char *name, struct flow *flow, uint16_t ofs[3])
{
    struct flow_shape_packet pkt;
    build(name, &pkt);
    extract_n(pkt.data, pkt.size, flow, ofs);
}

/* Helpers to write expected keys. */

static struct eth_addr
mac(const char *s)
{
    struct eth_addr ea;
    assert_true(eth_addr_from_string(s, &ea));
    return ea;
}

static be32
ip4(const char *s)
{
    struct in_addr a;
    assert_int_equal(inet_pton(AF_INET, s, &a), 1);
    return a.s_addr;
}

static struct in6_addr
ip6(const char *s)
{
    struct in6_addr a;
    assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
    return a;
}

static void
exp_eth(struct flow *f, const char *dst, const char *src, uint16_t type)
{
    memset(f, 0, sizeof *f);
    f->in_port = IN_PORT;
    f->dl_dst = mac(dst);
    f->dl_src = mac(src);
    f->dl_type = htons(type);
}

static void
exp_vlan(struct flow *f, int i, uint16_t tpid, int pcp, bool dei,
         uint16_t vid)
{
    f->vlans[i].tpid = htons(tpid);
    f->vlans[i].tci = htons((pcp << VLAN_PCP_SHIFT) | (dei ? VLAN_DEI : 0)
                            | vid);
}

static void
exp_ip4(struct flow *f, const char *src, const char *dst, uint8_t proto,
        uint8_t tos, uint8_t ttl, uint8_t frag)
{
    f->nw_src = ip4(src);
    f->nw_dst = ip4(dst);
    f->nw_proto = proto;
    f->nw_tos = tos;
    f->nw_ttl = ttl;
    f->nw_frag = frag;
}

static void
exp_ip6(struct flow *f, const char *src, const char *dst, uint32_t label,
        uint8_t proto, uint8_t tclass, uint8_t hlim, uint8_t frag)
{
    f->ipv6_src = ip6(src);
    f->ipv6_dst = ip6(dst);
    f->ipv6_label = htonl(label);
    f->nw_proto = proto;
    f->nw_tos = tclass;
    f->nw_ttl = hlim;
    f->nw_frag = frag;
}

static void
exp_tp(struct flow *f, uint16_t src, uint16_t dst, uint16_t tcp_flags)
{
    f->tp_src = htons(src);
    f->tp_dst = htons(dst);
    f->tcp_flags = htons(tcp_flags);
}

static void
assert_flow(const char *name, const struct flow *expected,
            const struct flow *actual)
{
    if (flow_equal(expected, actual)) {
        return;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    ds_put_format(&ds, "shape %s:\nexpected ", name);
    flow_format(&ds, expected);
    ds_put_cstr(&ds, "\nactual   ");
    flow_format(&ds, actual);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        uint64_t e = flow_u64s(expected)[i], a = flow_u64s(actual)[i];
        if (e != a) {
            ds_put_format(&ds, "\nword %zu: expected %016"PRIx64
                          " actual %016"PRIx64, i, e, a);
        }
    }
    print_error("%s\n", ds_cstr(&ds));
    ds_destroy(&ds);
    fail();
}

static void
assert_ofs(const uint16_t ofs[3], int l2_5, int l3, int l4)
{
    assert_int_equal(ofs[0], l2_5 < 0 ? UINT16_MAX : l2_5);
    assert_int_equal(ofs[1], l3 < 0 ? UINT16_MAX : l3);
    assert_int_equal(ofs[2], l4 < 0 ? UINT16_MAX : l4);
}

#define MAC_A "52:54:00:12:34:56"
#define MAC_B "02:1b:21:3c:4d:5e"
#define MAC_C "0a:0b:0c:0d:0e:0f"
#define MAC_0 "00:00:00:00:00:00"
#define BCAST "ff:ff:ff:ff:ff:ff"
#define IP4_A "192.168.1.10"
#define IP4_B "10.20.30.40"
#define IP6_A "2001:db8::10"
#define IP6_B "2001:db8:0:1::20"

static void
test_l2_shapes(void **state)
{
    struct flow e, a;
    uint16_t ofs[3];

    extract_shape("eth-unknown-type", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, 0x88b5);
    assert_flow("eth-unknown-type", &e, &a);
    assert_ofs(ofs, -1, 14, -1);

    extract_shape("eth-8023-llc", &a, ofs);
    exp_eth(&e, "01:80:c2:00:00:00", MAC_B, FLOW_DL_TYPE_NONE);
    assert_flow("eth-8023-llc", &e, &a);
    assert_ofs(ofs, -1, 14, -1);

    extract_shape("eth-8023-snap-ipv4-udp", &a, ofs);
    exp_eth(&e, "01:80:c2:00:00:00", MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_UDP, 0, 64, 0);
    exp_tp(&e, 40001, 50001, 0);
    assert_flow("eth-8023-snap-ipv4-udp", &e, &a);
    assert_ofs(ofs, -1, 22, 42);

    extract_shape("vlan-ipv4-udp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_vlan(&e, 0, ETH_TYPE_VLAN_8021Q, 5, false, 100);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_UDP, 0, 64, 0);
    exp_tp(&e, 40002, 50002, 0);
    assert_flow("vlan-ipv4-udp", &e, &a);
    assert_ofs(ofs, -1, 18, 38);

    extract_shape("vlan-dei-ipv4-tcp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_vlan(&e, 0, ETH_TYPE_VLAN_8021Q, 0, true, 4094);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_TCP, 0, 64, 0);
    exp_tp(&e, 40003, 443, TCP_ACK);
    assert_flow("vlan-dei-ipv4-tcp", &e, &a);

    extract_shape("qinq-88a8-ipv4-tcp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_vlan(&e, 0, ETH_TYPE_VLAN_8021AD, 3, false, 10);
    exp_vlan(&e, 1, ETH_TYPE_VLAN_8021Q, 6, false, 2000);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_TCP, 0, 64, 0);
    exp_tp(&e, 40004, 22, TCP_SYN);
    assert_flow("qinq-88a8-ipv4-tcp", &e, &a);
    assert_ofs(ofs, -1, 22, 42);

    /* A third tag is not parsed: its TPID is the type. */
    extract_shape("vlan3-ipv4-udp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_VLAN_8021Q);
    exp_vlan(&e, 0, ETH_TYPE_VLAN_8021AD, 0, false, 11);
    exp_vlan(&e, 1, ETH_TYPE_VLAN_8021Q, 0, false, 22);
    assert_flow("vlan3-ipv4-udp", &e, &a);
    assert_ofs(ofs, -1, 22, -1);
}

static void
test_arp_shapes(void **state)
{
    struct flow e, a;
    uint16_t ofs[3];

    extract_shape("arp-request", &a, ofs);
    exp_eth(&e, BCAST, MAC_B, ETH_TYPE_ARP);
    e.nw_src = ip4("192.168.1.20");
    e.nw_dst = ip4("192.168.1.1");
    e.nw_proto = ARP_OP_REQUEST;
    e.arp_sha = mac(MAC_B);
    assert_flow("arp-request", &e, &a);
    assert_ofs(ofs, -1, 14, -1);

    extract_shape("arp-reply", &a, ofs);
    exp_eth(&e, MAC_B, MAC_A, ETH_TYPE_ARP);
    e.nw_src = ip4("192.168.1.1");
    e.nw_dst = ip4("192.168.1.20");
    e.nw_proto = ARP_OP_REPLY;
    e.arp_sha = mac(MAC_A);
    e.arp_tha = mac(MAC_B);
    assert_flow("arp-reply", &e, &a);

    extract_shape("rarp-request", &a, ofs);
    exp_eth(&e, BCAST, MAC_C, ETH_TYPE_RARP);
    e.nw_proto = ARP_OP_RARP_REQUEST;
    e.arp_sha = mac(MAC_C);
    e.arp_tha = mac(MAC_C);
    assert_flow("rarp-request", &e, &a);

    /* An opcode above 255 does not fit nw_proto. */
    extract_shape("arp-op-256", &a, ofs);
    exp_eth(&e, MAC_B, MAC_A, ETH_TYPE_ARP);
    e.nw_src = ip4("192.168.1.1");
    e.nw_dst = ip4("192.168.1.20");
    e.arp_sha = mac(MAC_A);
    e.arp_tha = mac(MAC_B);
    assert_flow("arp-op-256", &e, &a);

    extract_shape("vlan-arp-request", &a, ofs);
    exp_eth(&e, BCAST, MAC_C, ETH_TYPE_ARP);
    exp_vlan(&e, 0, ETH_TYPE_VLAN_8021Q, 0, false, 42);
    e.nw_src = ip4("10.0.42.5");
    e.nw_dst = ip4("10.0.42.1");
    e.nw_proto = ARP_OP_REQUEST;
    e.arp_sha = mac(MAC_C);
    assert_flow("vlan-arp-request", &e, &a);
    assert_ofs(ofs, -1, 18, -1);

    /* Malformed ARP: the type only. */
    static const char *const bad[] = {
        "arp-truncated", "arp-bad-hln", "arp-bad-proto",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        extract_shape(bad[i], &a, ofs);
        exp_eth(&e, BCAST, MAC_B, ETH_TYPE_ARP);
        assert_flow(bad[i], &e, &a);
        assert_ofs(ofs, -1, 14, -1);
    }
}

static void
test_ipv4_shapes(void **state)
{
    struct flow e, a;
    uint16_t ofs[3];

    extract_shape("ipv4-tcp-syn", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_TCP, 0, 64, 0);
    exp_tp(&e, 40010, 80, TCP_SYN);
    assert_flow("ipv4-tcp-syn", &e, &a);
    assert_ofs(ofs, -1, 14, 34);

    extract_shape("ipv4-tcp-synack", &a, ofs);
    exp_eth(&e, MAC_B, MAC_A, ETH_TYPE_IP);
    exp_ip4(&e, IP4_B, IP4_A, IPPROTO_TCP, 0, 64, 0);
    exp_tp(&e, 80, 40010, TCP_SYN | TCP_ACK);
    assert_flow("ipv4-tcp-synack", &e, &a);

    extract_shape("ipv4-tcp-ecn-urg-ns", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_TCP, 0x03, 64, 0);
    exp_tp(&e, 40013, 5001,
           TCP_NS | TCP_CWR | TCP_ECE | TCP_URG | TCP_ACK);
    assert_flow("ipv4-tcp-ecn-urg-ns", &e, &a);

    /* Options are skipped. */
    extract_shape("ipv4-options-max-tcp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_TCP, 0, 64, 0);
    exp_tp(&e, 40009, 8080, TCP_PSH | TCP_ACK);
    assert_flow("ipv4-options-max-tcp", &e, &a);
    assert_ofs(ofs, -1, 14, 74);

    extract_shape("ipv4-sctp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_SCTP, 0, 64, 0);
    exp_tp(&e, 2905, 2906, 0);
    assert_flow("ipv4-sctp", &e, &a);

    /* ICMP: type and code; the quoted packet is not parsed. */
    extract_shape("ipv4-icmp-port-unreach", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_ICMP, 0xc0, 64, 0);
    exp_tp(&e, ICMP4_DST_UNREACH, 3, 0);
    assert_flow("ipv4-icmp-port-unreach", &e, &a);

    extract_shape("ipv4-icmp-echo-request", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_ICMP, 0, 64, 0);
    exp_tp(&e, ICMP4_ECHO_REQUEST, 0, 0);
    assert_flow("ipv4-icmp-echo-request", &e, &a);

    /* Fragments. */
    extract_shape("ipv4-frag-first-udp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_UDP, 0, 64, FLOW_NW_FRAG_ANY);
    exp_tp(&e, 40014, 50014, 0);
    assert_flow("ipv4-frag-first-udp", &e, &a);
    assert_ofs(ofs, -1, 14, 34);

    extract_shape("ipv4-frag-middle-tcp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_TCP, 0, 64,
            FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    assert_flow("ipv4-frag-middle-tcp", &e, &a);
    assert_ofs(ofs, -1, 14, -1);

    extract_shape("ipv4-frag-last-udp", &a, ofs);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_UDP, 0, 64,
            FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    assert_flow("ipv4-frag-last-udp", &e, &a);

    /* DF is not a fragment. */
    extract_shape("ipv4-df-tos-ttl-udp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_UDP, 0xb9, 1, 0);
    exp_tp(&e, 40015, 50015, 0);
    assert_flow("ipv4-df-tos-ttl-udp", &e, &a);

    /* Ethernet padding after the IP datagram is ignored. */
    extract_shape("ipv4-udp-padded", &a, ofs);
    exp_tp(&e, 40007, 50007, 0);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_UDP, 0, 64, 0);
    assert_flow("ipv4-udp-padded", &e, &a);

    extract_shape("ipv4-ipip", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
    exp_ip4(&e, IP4_A, IP4_B, IPPROTO_IPIP, 0, 64, 0);
    assert_flow("ipv4-ipip", &e, &a);
    assert_ofs(ofs, -1, 14, 34);
}

static void
test_ipv4_malformed(void **state)
{
    struct flow e, a;
    uint16_t ofs[3];

    /* A bad IPv4 header: Ethernet and type only. */
    static const char *const bad_header[] = {
        "ipv4-header-truncated", "ipv4-bad-ihl", "ipv4-ihl-too-big",
        "ipv4-totlen-too-big", "ipv4-totlen-too-small", "ipv4-bad-version",
        "eth-header-only",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_header); i++) {
        extract_shape(bad_header[i], &a, ofs);
        exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
        assert_flow(bad_header[i], &e, &a);
        assert_ofs(ofs, -1, 14, -1);
    }

    /* A bad L4 header: IP fields but no ports. */
    static const struct {
        const char *name;
        uint8_t proto;
    } bad_l4[] = {
        { "ipv4-tcp-truncated", IPPROTO_TCP },
        { "ipv4-tcp-bad-doff", IPPROTO_TCP },
        { "ipv4-tcp-doff-too-big", IPPROTO_TCP },
        { "ipv4-udp-truncated", IPPROTO_UDP },
        { "ipv4-sctp-truncated", IPPROTO_SCTP },
        { "ipv4-icmp-truncated", IPPROTO_ICMP },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_l4); i++) {
        extract_shape(bad_l4[i].name, &a, ofs);
        exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IP);
        exp_ip4(&e, IP4_A, IP4_B, bad_l4[i].proto, 0, 64, 0);
        assert_flow(bad_l4[i].name, &e, &a);
        assert_ofs(ofs, -1, 14, 34);
    }
}

static void
test_ipv6_shapes(void **state)
{
    struct flow e, a;
    uint16_t ofs[3];

    extract_shape("ipv6-udp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IPV6);
    exp_ip6(&e, IP6_A, IP6_B, 0xfffff, IPPROTO_UDP, 0xff, 255, 0);
    exp_tp(&e, 546, 547, 0);
    assert_flow("ipv6-udp", &e, &a);
    assert_ofs(ofs, -1, 14, 54);

    extract_shape("ipv6-hop-dst-routing-tcp", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IPV6);
    exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, IPPROTO_TCP, 0x28, 64, 0);
    exp_tp(&e, 40021, 179, TCP_PSH | TCP_ACK);
    assert_flow("ipv6-hop-dst-routing-tcp", &e, &a);
    assert_ofs(ofs, -1, 14, 14 + 40 + 8 + 8 + 24 + 8);

    extract_shape("ipv6-ah-tcp", &a, ofs);
    exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, IPPROTO_TCP, 0x28, 64, 0);
    exp_tp(&e, 40023, 500, TCP_ACK);
    assert_flow("ipv6-ah-tcp", &e, &a);
    assert_ofs(ofs, -1, 14, 14 + 40 + 24);

    extract_shape("ipv6-frag-first-udp", &a, ofs);
    exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, IPPROTO_UDP, 0x28, 64,
            FLOW_NW_FRAG_ANY);
    exp_tp(&e, 40022, 50022, 0);
    assert_flow("ipv6-frag-first-udp", &e, &a);

    extract_shape("ipv6-frag-later-udp", &a, ofs);
    exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, IPPROTO_UDP, 0x28, 64,
            FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    exp_tp(&e, 0, 0, 0);
    assert_flow("ipv6-frag-later-udp", &e, &a);
    assert_ofs(ofs, -1, 14, -1);

    extract_shape("ipv6-atomic-frag-icmpv6", &a, ofs);
    exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, IPPROTO_ICMPV6, 0x28, 64,
            FLOW_NW_FRAG_ANY);
    exp_tp(&e, ICMP6_TYPE_ECHO_REQUEST, 0, 0);
    assert_flow("ipv6-atomic-frag-icmpv6", &e, &a);

    extract_shape("ipv6-esp", &a, ofs);
    exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, IPPROTO_ESP, 0x28, 64, 0);
    exp_tp(&e, 0, 0, 0);
    assert_flow("ipv6-esp", &e, &a);
    assert_ofs(ofs, -1, 14, 54);

    /* Truncated extension headers: nw_proto names the bad header. */
    static const struct {
        const char *name;
        uint8_t proto;
    } bad_ext[] = {
        { "ipv6-hopopts-truncated", IPPROTO_HOPOPTS },
        { "ipv6-dstopts-short", IPPROTO_DSTOPTS },
        { "ipv6-fraghdr-truncated", IPPROTO_FRAGMENT },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_ext); i++) {
        extract_shape(bad_ext[i].name, &a, ofs);
        exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IPV6);
        exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, bad_ext[i].proto, 0x28, 64, 0);
        assert_flow(bad_ext[i].name, &e, &a);
        assert_ofs(ofs, -1, 14, -1);
    }

    static const char *const bad_header[] = {
        "ipv6-header-truncated", "ipv6-plen-too-big", "ipv6-bad-version",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_header); i++) {
        extract_shape(bad_header[i], &a, ofs);
        exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IPV6);
        assert_flow(bad_header[i], &e, &a);
        assert_ofs(ofs, -1, 14, -1);
    }

    extract_shape("ipv6-tcp-truncated", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IPV6);
    exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, IPPROTO_TCP, 0x28, 64, 0);
    assert_flow("ipv6-tcp-truncated", &e, &a);
    assert_ofs(ofs, -1, 14, 54);

    /* Two bytes of ICMPv6 are not enough for type and code. */
    extract_shape("ipv6-icmpv6-truncated", &a, ofs);
    exp_ip6(&e, IP6_A, IP6_B, 0x9abcd, IPPROTO_ICMPV6, 0x28, 64, 0);
    assert_flow("ipv6-icmpv6-truncated", &e, &a);
}

static void
test_nd_shapes(void **state)
{
    struct flow e, a;
    uint16_t ofs[3];

    extract_shape("nd-ns-sll", &a, ofs);
    exp_eth(&e, "33:33:ff:00:00:20", MAC_B, ETH_TYPE_IPV6);
    exp_ip6(&e, IP6_A, "ff02::1:ff00:20", 0, IPPROTO_ICMPV6, 0, 255, 0);
    exp_tp(&e, ND_TYPE_NEIGHBOR_SOLICIT, 0, 0);
    e.nd_target = ip6(IP6_B);
    e.nd_sll = mac(MAC_B);
    assert_flow("nd-ns-sll", &e, &a);
    assert_ofs(ofs, -1, 14, 54);

    extract_shape("nd-ns-dad", &a, ofs);
    exp_eth(&e, "33:33:ff:00:00:10", MAC_B, ETH_TYPE_IPV6);
    exp_ip6(&e, "::", "ff02::1:ff00:10", 0, IPPROTO_ICMPV6, 0, 255, 0);
    exp_tp(&e, ND_TYPE_NEIGHBOR_SOLICIT, 0, 0);
    e.nd_target = ip6(IP6_A);
    assert_flow("nd-ns-dad", &e, &a);

    /* Unknown options are skipped. */
    extract_shape("nd-na-tll-mtu", &a, ofs);
    exp_eth(&e, "33:33:00:00:00:01", MAC_A, ETH_TYPE_IPV6);
    exp_ip6(&e, IP6_B, "ff02::1", 0, IPPROTO_ICMPV6, 0, 255, 0);
    exp_tp(&e, ND_TYPE_NEIGHBOR_ADVERT, 0, 0);
    e.nd_target = ip6(IP6_B);
    e.nd_tll = mac(MAC_C);
    assert_flow("nd-na-tll-mtu", &e, &a);

    extract_shape("nd-ns-sll-tll", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IPV6);
    exp_ip6(&e, IP6_A, IP6_B, 0, IPPROTO_ICMPV6, 0, 255, 0);
    exp_tp(&e, ND_TYPE_NEIGHBOR_SOLICIT, 0, 0);
    e.nd_target = ip6("fe80::1");
    e.nd_sll = mac(MAC_B);
    e.nd_tll = mac(MAC_C);
    assert_flow("nd-ns-sll-tll", &e, &a);

    /* Malformed options: the target stays, both addresses go. */
    static const struct {
        const char *name;
        uint8_t type;
        const char *target;
    } bad_opts[] = {
        { "nd-ns-zero-len-opt", ND_TYPE_NEIGHBOR_SOLICIT, IP6_B },
        { "nd-ns-opt-overrun", ND_TYPE_NEIGHBOR_SOLICIT, IP6_B },
        { "nd-na-dup-tll", ND_TYPE_NEIGHBOR_ADVERT, IP6_A },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_opts); i++) {
        extract_shape(bad_opts[i].name, &a, ofs);
        exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IPV6);
        exp_ip6(&e, IP6_A, IP6_B, 0, IPPROTO_ICMPV6, 0, 255, 0);
        exp_tp(&e, bad_opts[i].type, 0, 0);
        e.nd_target = ip6(bad_opts[i].target);
        assert_flow(bad_opts[i].name, &e, &a);
    }

    /* A message too short for the target: type and code only. */
    extract_shape("nd-ns-truncated", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_IPV6);
    exp_ip6(&e, IP6_A, IP6_B, 0, IPPROTO_ICMPV6, 0, 255, 0);
    exp_tp(&e, ND_TYPE_NEIGHBOR_SOLICIT, 0, 0);
    assert_flow("nd-ns-truncated", &e, &a);
}

static void
test_mpls_shapes(void **state)
{
    struct flow e, a;
    uint16_t ofs[3];

    extract_shape("mpls-1-ipv4", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_MPLS);
    e.mpls_lse[0] = mpls_lse_from_fields(16, 0, true, 64);
    assert_flow("mpls-1-ipv4", &e, &a);
    assert_ofs(ofs, 14, 18, -1);

    extract_shape("mpls-2", &a, ofs);
    e.mpls_lse[0] = mpls_lse_from_fields(1048575, 7, false, 255);
    e.mpls_lse[1] = mpls_lse_from_fields(3, 5, true, 1);
    assert_flow("mpls-2", &e, &a);

    /* Only the first three entries are kept. */
    extract_shape("mpls-4", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_MPLS);
    e.mpls_lse[0] = mpls_lse_from_fields(1000, 0, false, 64);
    e.mpls_lse[1] = mpls_lse_from_fields(2000, 0, false, 63);
    e.mpls_lse[2] = mpls_lse_from_fields(3000, 0, false, 62);
    assert_flow("mpls-4", &e, &a);
    assert_ofs(ofs, 14, 30, -1);

    extract_shape("mpls-mcast-1", &a, ofs);
    exp_eth(&e, "01:00:5e:80:00:01", MAC_B, ETH_TYPE_MPLS_MCAST);
    e.mpls_lse[0] = mpls_lse_from_fields(299776, 4, true, 32);
    assert_flow("mpls-mcast-1", &e, &a);

    extract_shape("vlan-mpls-2", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_MPLS);
    exp_vlan(&e, 0, ETH_TYPE_VLAN_8021Q, 2, false, 300);
    e.mpls_lse[0] = mpls_lse_from_fields(17, 0, false, 64);
    e.mpls_lse[1] = mpls_lse_from_fields(18, 0, true, 64);
    assert_flow("vlan-mpls-2", &e, &a);
    assert_ofs(ofs, 18, 26, -1);

    /* No bottom of stack: complete entries only, no L3 offset. */
    extract_shape("mpls-no-bos", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_MPLS);
    e.mpls_lse[0] = mpls_lse_from_fields(500, 0, false, 64);
    e.mpls_lse[1] = mpls_lse_from_fields(501, 0, false, 64);
    assert_flow("mpls-no-bos", &e, &a);
    assert_ofs(ofs, 14, -1, -1);
}

static void
test_truncated_l2(void **state)
{
    struct flow e, a;
    uint16_t ofs[3];

    /* Less than an Ethernet header: metadata only. */
    extract_shape("eth-truncated", &a, ofs);
    memset(&e, 0, sizeof e);
    e.in_port = IN_PORT;
    assert_flow("eth-truncated", &e, &a);
    assert_ofs(ofs, -1, -1, -1);

    /* An incomplete tag: its TPID is the type. */
    extract_shape("vlan-truncated", &a, ofs);
    exp_eth(&e, MAC_A, MAC_B, ETH_TYPE_VLAN_8021Q);
    assert_flow("vlan-truncated", &e, &a);
    assert_ofs(ofs, -1, 14, -1);

    /* An incomplete SNAP header. */
    extract_shape("snap-truncated", &a, ofs);
    exp_eth(&e, "01:80:c2:00:00:00", MAC_B, FLOW_DL_TYPE_NONE);
    assert_flow("snap-truncated", &e, &a);
    assert_ofs(ofs, -1, 14, -1);
}

static void
test_metadata(void **state)
{
    struct flow_shape_packet pkt;
    struct dp_packet packet;
    struct flow flow;

    build("ipv4-udp", &pkt);
    dp_packet_use_const(&packet, pkt.data, pkt.size);
    packet.md.in_port = 0xfffffff0;
    packet.md.recirc_id = 77;
    packet.md.dp_hash = 0x89abcdef;
    flow_extract(&packet, &flow);
    assert_int_equal(flow.in_port, 0xfffffff0);
    assert_int_equal(flow.recirc_id, 77);
    assert_int_equal(flow.dp_hash, 0x89abcdef);
    assert_int_equal(flow.pad_md, 0);

    /* Metadata alone for an empty packet; an all-zero key has an empty
     * miniflow. */
    struct miniflow_buf mf;
    dp_packet_use_const(&packet, NULL, 0);
    packet.md.recirc_id = 1;
    miniflow_extract(&packet, &mf.mf);
    assert_true(mf.mf.map == UINT64_C(1) << FLOW_U64_INDEX(recirc_id));
    packet.md.recirc_id = 0;
    miniflow_extract(&packet, &mf.mf);
    assert_true(mf.mf.map == 0);
    assert_int_equal(miniflow_size(&mf.mf), sizeof(struct miniflow));
}

/* Returns the key that the first N bytes of PKT must give, from the key
 * FULL of the whole packet, and the offsets in EXP_OFS.  This restates the
 * parsing rules in flow.h layer by layer: a layer is in the key only if
 * the prefix holds all of it (for IP, the whole datagram that the header's
 * length field declares). */
static void
expected_prefix(const struct flow_shape_packet *pkt, const struct flow *full,
                const uint16_t full_ofs[3], size_t n, struct flow *exp,
                int exp_ofs[3])
{
    memset(exp, 0, sizeof *exp);
    exp->in_port = full->in_port;
    exp_ofs[0] = exp_ofs[1] = exp_ofs[2] = -1;
    if (n < ETH_HEADER_LEN) {
        return;
    }
    exp->dl_dst = full->dl_dst;
    exp->dl_src = full->dl_src;

    size_t ofs = ETH_HEADER_LEN;
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS && full->vlans[i].tpid; i++) {
        if (n < ofs + VLAN_HEADER_LEN) {
            exp->dl_type = full->vlans[i].tpid;
            exp_ofs[1] = ofs;
            return;
        }
        exp->vlans[i] = full->vlans[i];
        ofs += VLAN_HEADER_LEN;
    }

    be16 raw_type = get_unaligned_be16(pkt->data + ofs - 2);
    if (ntohs(raw_type) < ETH_TYPE_MIN) {
        if (full->dl_type == htons(FLOW_DL_TYPE_NONE)
            || n < ofs + LLC_SNAP_HEADER_LEN) {
            exp->dl_type = htons(FLOW_DL_TYPE_NONE);
            exp_ofs[1] = ofs;
            return;
        }
        ofs += LLC_SNAP_HEADER_LEN;
    }
    exp->dl_type = full->dl_type;

    if (eth_type_mpls(full->dl_type)) {
        exp_ofs[0] = ofs;
        for (int i = 0; i < FLOW_MAX_MPLS_LABELS; i++) {
            if (n >= ofs + MPLS_HLEN * (i + 1)) {
                exp->mpls_lse[i] = full->mpls_lse[i];
            }
        }
        if (full_ofs[1] != UINT16_MAX && n >= full_ofs[1]) {
            exp_ofs[1] = full_ofs[1];
        }
        return;
    }

    /* Both parsers agree on where L3 starts. */
    assert_int_equal(full_ofs[1], ofs);
    exp_ofs[1] = ofs;

    size_t l3_end;
    if (full->dl_type == htons(ETH_TYPE_ARP)
        || full->dl_type == htons(ETH_TYPE_RARP)) {
        l3_end = ofs + ARP_ETH_HEADER_LEN;
    } else if (full->dl_type == htons(ETH_TYPE_IP) && pkt->size >= ofs + 4) {
        l3_end = ofs + ntohs(get_unaligned_be16(pkt->data + ofs + 2));
    } else if (full->dl_type == htons(ETH_TYPE_IPV6)
               && pkt->size >= ofs + 6) {
        l3_end = (ofs + IPV6_HEADER_LEN
                  + ntohs(get_unaligned_be16(pkt->data + ofs + 4)));
    } else {
        l3_end = pkt->size;
    }
    if (n >= l3_end) {
        *exp = *full;
        exp_ofs[2] = full_ofs[2] == UINT16_MAX ? -1 : full_ofs[2];
    }
}

static void
test_every_truncation(void **state)
{
    size_t n_checked = 0;

    for (size_t i = 0; i < flow_shapes_count(); i++) {
        struct flow_shape_packet pkt;
        struct flow full;
        uint16_t full_ofs[3];

        flow_shape_build(i, &pkt);
        extract_n(pkt.data, pkt.size, &full, full_ofs);
        for (size_t n = 0; n <= pkt.size; n++) {
            struct flow exp, act;
            int exp_ofs[3];
            uint16_t ofs[3];

            expected_prefix(&pkt, &full, full_ofs, n, &exp, exp_ofs);
            extract_n(pkt.data, n, &act, ofs);

            char *name = xasprintf("%s, first %zu of %zu bytes", pkt.name,
                                   n, pkt.size);
            assert_flow(name, &exp, &act);
            free(name);
            assert_ofs(ofs, exp_ofs[0], exp_ofs[1], exp_ofs[2]);
            n_checked++;
        }
    }
    assert_true(n_checked > 5000);
}

/* Mutated shapes: random bytes changed, random lengths.  Nothing to
 * predict except that parsing is consistent and stays in bounds. */
static void
test_mutations(void **state)
{
    uint32_t seed = 0x2545f491;

    for (size_t i = 0; i < flow_shapes_count(); i++) {
        struct flow_shape_packet pkt;
        flow_shape_build(i, &pkt);

        for (int iter = 0; iter < 100; iter++) {
            uint8_t data[FLOW_SHAPE_MAX_SIZE];
            memcpy(data, pkt.data, pkt.size);
            for (int j = 0; j < 1 + iter % 4; j++) {
                seed = seed * 1103515245 + 12345;
                data[(seed >> 8) % pkt.size] = seed >> 24;
            }
            seed = seed * 1103515245 + 12345;
            size_t n = iter % 2 ? pkt.size : (seed >> 8) % (pkt.size + 1);

            struct flow flow;
            uint16_t ofs[3];
            extract_n(data, n, &flow, ofs);
        }
    }
}

static void
test_miniflow_hash_equal(void **state)
{
    struct flow_shape_packet pkt;
    struct dp_packet packet;
    struct miniflow_buf a, b;

    build("ipv4-tcp-syn", &pkt);
    dp_packet_use_const(&packet, pkt.data, pkt.size);
    miniflow_extract(&packet, &a.mf);
    miniflow_extract(&packet, &b.mf);
    assert_true(miniflow_equal(&a.mf, &b.mf));
    assert_int_equal(miniflow_hash(&a.mf, 0), miniflow_hash(&b.mf, 0));
    assert_int_not_equal(miniflow_hash(&a.mf, 0), miniflow_hash(&a.mf, 1));

    /* Every single-field difference is seen. */
    packet.md.in_port = 2;
    miniflow_extract(&packet, &b.mf);
    assert_false(miniflow_equal(&a.mf, &b.mf));
    assert_int_not_equal(miniflow_hash(&a.mf, 0), miniflow_hash(&b.mf, 0));

    /* Hashing covers the MAC addresses, not only a 5-tuple. */
    uint8_t copy[FLOW_SHAPE_MAX_SIZE];
    memcpy(copy, pkt.data, pkt.size);
    copy[11] ^= 1;
    dp_packet_use_const(&packet, copy, pkt.size);
    miniflow_extract(&packet, &b.mf);
    assert_false(miniflow_equal(&a.mf, &b.mf));
    assert_int_not_equal(miniflow_hash(&a.mf, 0), miniflow_hash(&b.mf, 0));

    /* The same values in different words differ (the map is hashed). */
    struct flow f1, f2;
    memset(&f1, 0, sizeof f1);
    memset(&f2, 0, sizeof f2);
    f1.nw_src = htonl(1);
    memcpy(&f2.tp_src, &f1.nw_src, 4);      /* tp_src and tp_dst. */
    miniflow_init(&a.mf, &f1);
    miniflow_init(&b.mf, &f2);
    assert_true(a.values[0] == b.values[0]);
    assert_false(miniflow_equal(&a.mf, &b.mf));
    assert_int_not_equal(flow_hash(&f1, 0), flow_hash(&f2, 0));

    /* Distinct shapes hash apart. */
    uint32_t hashes[128];
    size_t n = MIN(flow_shapes_count(), ARRAY_SIZE(hashes));
    for (size_t i = 0; i < n; i++) {
        flow_shape_build(i, &pkt);
        dp_packet_use_const(&packet, pkt.data, pkt.size);
        miniflow_extract(&packet, &a.mf);
        hashes[i] = miniflow_hash(&a.mf, 0);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            struct flow_shape_packet p1, p2;
            struct flow k1, k2;
            uint16_t o[3];
            flow_shape_build(i, &p1);
            flow_shape_build(j, &p2);
            extract_n(p1.data, p1.size, &k1, o);
            extract_n(p2.data, p2.size, &k2, o);
            if (!flow_equal(&k1, &k2)) {
                assert_int_not_equal(hashes[i], hashes[j]);
            }
        }
    }
}

static void
check_format(const char *shape, const char *expected)
{
    struct flow flow;
    uint16_t ofs[3];

    extract_shape(shape, &flow, ofs);
    char *s = flow_to_string(&flow);
    assert_string_equal(s, expected);
    free(s);
}

static void
test_format(void **state)
{
    check_format("ipv4-tcp-syn",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=52:54:00:12:34:56),eth_type(0x0800),"
                 "ipv4(src=192.168.1.10,dst=10.20.30.40,proto=6,tos=0,"
                 "ttl=64,frag=no),tcp(src=40010,dst=80),tcp_flags(syn)");
    check_format("qinq-88a8-ipv4-tcp",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=52:54:00:12:34:56),"
                 "vlan(tpid=0x88a8,vid=10,pcp=3),"
                 "vlan(tpid=0x8100,vid=2000,pcp=6),eth_type(0x0800),"
                 "ipv4(src=192.168.1.10,dst=10.20.30.40,proto=6,tos=0,"
                 "ttl=64,frag=no),tcp(src=40004,dst=22),tcp_flags(syn)");
    check_format("vlan-dei-ipv4-tcp",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=52:54:00:12:34:56),"
                 "vlan(tpid=0x8100,vid=4094,pcp=0,dei=1),eth_type(0x0800),"
                 "ipv4(src=192.168.1.10,dst=10.20.30.40,proto=6,tos=0,"
                 "ttl=64,frag=no),tcp(src=40003,dst=443),tcp_flags(ack)");
    check_format("arp-request",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),"
                 "arp(sip=192.168.1.20,tip=192.168.1.1,op=1,"
                 "sha=02:1b:21:3c:4d:5e,tha=00:00:00:00:00:00)");
    check_format("ipv6-frag-later-udp",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=52:54:00:12:34:56),eth_type(0x86dd),"
                 "ipv6(src=2001:db8::10,dst=2001:db8:0:1::20,label=0x9abcd,"
                 "proto=17,tclass=40,hlimit=64,frag=later)");
    check_format("nd-ns-sll",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=33:33:ff:00:00:20),eth_type(0x86dd),"
                 "ipv6(src=2001:db8::10,dst=ff02::1:ff00:20,label=0x00000,"
                 "proto=58,tclass=0,hlimit=255,frag=no),"
                 "icmpv6(type=135,code=0),nd(target=2001:db8:0:1::20,"
                 "sll=02:1b:21:3c:4d:5e,tll=00:00:00:00:00:00)");
    check_format("mpls-2",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=52:54:00:12:34:56),eth_type(0x8847),"
                 "mpls(label=1048575,tc=7,ttl=255,bos=0),"
                 "mpls(label=3,tc=5,ttl=1,bos=1)");
    check_format("ipv4-icmp-echo-reply",
                 "in_port(5),eth(src=52:54:00:12:34:56,"
                 "dst=02:1b:21:3c:4d:5e),eth_type(0x0800),"
                 "ipv4(src=10.20.30.40,dst=192.168.1.10,proto=1,tos=0,"
                 "ttl=64,frag=no),icmp(type=0,code=0)");
    check_format("ipv4-frag-first-udp",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=52:54:00:12:34:56),eth_type(0x0800),"
                 "ipv4(src=192.168.1.10,dst=10.20.30.40,proto=17,tos=0,"
                 "ttl=64,frag=first),udp(src=40014,dst=50014)");
    check_format("ipv6-sctp",
                 "in_port(5),eth(src=02:1b:21:3c:4d:5e,"
                 "dst=52:54:00:12:34:56),eth_type(0x86dd),"
                 "ipv6(src=2001:db8::10,dst=2001:db8:0:1::20,label=0x9abcd,"
                 "proto=132,tclass=40,hlimit=64,frag=no),"
                 "sctp(src=36412,dst=36412)");
    check_format("eth-truncated", "in_port(5)");

    /* Metadata and TCP flag names. */
    struct flow f;
    memset(&f, 0, sizeof f);
    f.recirc_id = 3;
    f.dp_hash = 0xabc;
    f.in_port = 2;
    f.dl_type = htons(ETH_TYPE_IP);
    f.nw_proto = IPPROTO_TCP;
    f.tcp_flags = htons(TCP_FIN | TCP_RST | TCP_URG | TCP_NS | 0x800);
    char *s = flow_to_string(&f);
    assert_string_equal(s, "recirc_id(3),dp_hash(0x00000abc),in_port(2),"
                        "eth(src=00:00:00:00:00:00,dst=00:00:00:00:00:00),"
                        "eth_type(0x0800),ipv4(src=0.0.0.0,dst=0.0.0.0,"
                        "proto=6,tos=0,ttl=0,frag=no),tcp(src=0,dst=0),"
                        "tcp_flags(fin|rst|urg|ns|0x800)");
    free(s);
}

static void
test_flow_layout(void **state)
{
    /* The word boundaries that struct flow's comments promise. */
    assert_int_equal(FLOW_U64S, 18);
    assert_int_equal(FLOW_U64_INDEX(in_port), 0);
    assert_int_equal(FLOW_U64_INDEX(dp_hash), 1);
    assert_int_equal(FLOW_U64_INDEX(dl_dst), 2);
    assert_int_equal(FLOW_U64_INDEX(vlans), 4);
    assert_int_equal(FLOW_U64_INDEX(mpls_lse), 5);
    assert_int_equal(FLOW_U64_INDEX(nw_src), 7);
    assert_int_equal(FLOW_U64_INDEX(ipv6_src), 8);
    assert_int_equal(FLOW_U64_INDEX(nw_proto), 12);
    assert_int_equal(FLOW_U64_INDEX(nd_target), 13);
    assert_int_equal(FLOW_U64_INDEX(arp_sha), 15);
    assert_int_equal(FLOW_U64_INDEX(tp_src), 17);
    assert_int_equal(offsetof(struct flow, nd_sll),
                     offsetof(struct flow, arp_sha));
    assert_int_equal(offsetof(struct flow, nd_tll),
                     offsetof(struct flow, arp_tha));
    assert_int_equal(_Alignof(struct flow), 8);
}

/* packets.h and packets.c. */

static void
test_eth_addr(void **state)
{
    struct eth_addr ea;

    assert_true(eth_addr_from_string("00:1b:21:0a:0b:0c", &ea));
    assert_true(eth_addr_to_uint64(ea) == UINT64_C(0x001b210a0b0c));
    assert_true(eth_addr_from_string("1:2:3:a:B:Cd", &ea));
    assert_true(eth_addr_to_uint64(ea) == UINT64_C(0x0102030a0bcd));
    assert_true(eth_addr_equals(ea, eth_addr_from_uint64(0x0102030a0bcd)));

    static const char *const bad[] = {
        "", "00:11:22:33:44", "00:11:22:33:44:55:66", "001:1:2:3:4:5",
        "g0:11:22:33:44:55", "00:11:22:33:44:55:", "00-11-22-33-44-55",
        "00:11:22:33:44:5 ", ":00:11:22:33:44", "00::11:22:33:44",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        ea = eth_addr_broadcast;
        assert_false(eth_addr_from_string(bad[i], &ea));
        assert_true(eth_addr_is_zero(ea));
    }

    assert_true(eth_addr_is_broadcast(eth_addr_broadcast));
    assert_true(eth_addr_is_multicast(eth_addr_broadcast));
    assert_false(eth_addr_is_broadcast(mac("ff:ff:ff:ff:ff:fe")));
    assert_true(eth_addr_is_multicast(mac("01:00:5e:00:00:01")));
    assert_false(eth_addr_is_multicast(mac(MAC_A)));
    assert_true(eth_addr_is_local(mac(MAC_B)));
    assert_false(eth_addr_is_local(mac("00:1b:21:0a:0b:0c")));
    assert_true(eth_addr_is_zero(eth_addr_zero));

    struct ds ds = DS_EMPTY_INITIALIZER;
    eth_addr_format(&ds, mac("0A:0b:0c:0D:0e:0f"));
    ds_put_char(&ds, ' ');
    ip_format(&ds, ip4("10.0.255.1"));
    ds_put_char(&ds, ' ');
    struct in6_addr a6 = ip6("2001:0db8:0000:0000:0000:0000:0000:0001");
    ipv6_format_addr(&ds, &a6);
    assert_string_equal(ds_cstr(&ds), "0a:0b:0c:0d:0e:0f 10.0.255.1 "
                        "2001:db8::1");
    assert_true(ipv6_addr_is_zero(&in6addr_any));
    assert_false(ipv6_addr_is_zero(&a6));
    ds_destroy(&ds);
}

static void
test_byte_order_helpers(void **state)
{
    assert_int_equal(BE16_C(0x1234), htons(0x1234));
    assert_int_equal(BE32_C(0x12345678), htonl(0x12345678));
    assert_true(BE64_C(UINT64_C(0x0102030405060708))
                == htonll(UINT64_C(0x0102030405060708)));
    assert_true(ntohll(htonll(UINT64_C(0xfedcba9876543210)))
                == UINT64_C(0xfedcba9876543210));

    uint8_t buf[11] = { 0 };
    put_unaligned_be32(buf + 1, htonl(0xdeadbeef));
    assert_int_equal(buf[1], 0xde);
    assert_int_equal(buf[4], 0xef);
    assert_int_equal(ntohl(get_unaligned_be32(buf + 1)), 0xdeadbeef);
    put_unaligned_be16(buf + 5, htons(0xcafe));
    assert_int_equal(ntohs(get_unaligned_be16(buf + 5)), 0xcafe);
    put_unaligned_be64(buf + 3, htonll(UINT64_C(0x1122334455667788)));
    assert_true(ntohll(get_unaligned_be64(buf + 3))
                == UINT64_C(0x1122334455667788));

    be32_a16 x;
    put_be32_a16(&x, htonl(0x01020304));
    assert_int_equal(ntohl(get_be32_a16(&x)), 0x01020304);
}

static void
test_header_helpers(void **state)
{
    be32 lse = mpls_lse_from_fields(0xabcde, 5, true, 200);
    assert_int_equal(ntohl(lse), 0xabcdeb00 | 200);
    assert_int_equal(mpls_lse_to_label(lse), 0xabcde);
    assert_int_equal(mpls_lse_to_tc(lse), 5);
    assert_true(mpls_lse_to_bos(lse));
    assert_int_equal(mpls_lse_to_ttl(lse), 200);
    lse = mpls_lse_from_fields(0x1fffff, 9, false, 0);
    assert_int_equal(mpls_lse_to_label(lse), 0xfffff);
    assert_int_equal(mpls_lse_to_tc(lse), 1);
    assert_false(mpls_lse_to_bos(lse));

    be16 tci = htons(0xb00a);
    assert_int_equal(vlan_tci_to_vid(tci), 10);
    assert_int_equal(vlan_tci_to_pcp(tci), 5);
    assert_true(vlan_tci_to_dei(tci));
    assert_true(eth_type_vlan(htons(0x88a8)));
    assert_false(eth_type_vlan(htons(0x8847)));
    assert_true(eth_type_mpls(htons(0x8848)));

    struct ds ds = DS_EMPTY_INITIALIZER;
    tcp_flags_format(&ds, 0);
    ds_put_char(&ds, ' ');
    tcp_flags_format(&ds, TCP_SYN | TCP_ACK);
    ds_put_char(&ds, ' ');
    tcp_flags_format(&ds, 0xfff);
    assert_string_equal(ds_cstr(&ds), "none syn|ack fin|syn|rst|psh|ack|"
                        "urg|ece|cwr|ns|0x200|0x400|0x800");
    ds_destroy(&ds);

    /* TCP_FLAGS() and TCP_OFFSET() split the control word. */
    assert_int_equal(TCP_FLAGS(htons(0x5012)), 0x012);
    assert_int_equal(TCP_OFFSET(htons(0x5012)), 5);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_layout),
        cmocka_unit_test(test_l2_shapes),
        cmocka_unit_test(test_arp_shapes),
        cmocka_unit_test(test_ipv4_shapes),
        cmocka_unit_test(test_ipv4_malformed),
        cmocka_unit_test(test_ipv6_shapes),
        cmocka_unit_test(test_nd_shapes),
        cmocka_unit_test(test_mpls_shapes),
        cmocka_unit_test(test_truncated_l2),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_miniflow_hash_equal),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_eth_addr),
        cmocka_unit_test(test_byte_order_helpers),
        cmocka_unit_test(test_header_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

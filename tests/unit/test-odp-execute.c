/* Unit tests for lib/odp-execute.c: every action on real packets built
 * here, checksums checked against a full recomputation, ownership of the
 * packets with and without stealing (leaks show up under ASan), and DPDK
 * mbufs from a real mempool (the EAL runs without hugepages). */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mempool.h>
#include "buffer.h"
#include "csum.h"
#include "dp-packet-batch.h"
#include "dp-packet.h"
#include "flow.h"
#include "odp-actions.h"
#include "odp-execute.h"
#include "odp-util.h"
#include "packets.h"
#include "util.h"
#include "unit-test.h"

/* Building packets. */

static const struct eth_addr mac_dst = ETH_ADDR_C(02, 00, 00, 00, 00, 02);
static const struct eth_addr mac_src = ETH_ADDR_C(02, 00, 00, 00, 00, 01);
#define IP4_SRC 0x0a000001      /* 10.0.0.1 */
#define IP4_DST 0x0a000002      /* 10.0.0.2 */

static struct in6_addr
ip6(const char *s)
{
    struct in6_addr a;
    assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
    return a;
}

/* What to build. */
struct pkt_spec {
    uint16_t l3;                /* ETH_TYPE_IP, ETH_TYPE_IPV6 or other. */
    uint8_t proto;              /* IPPROTO_*. */
    size_t payload;             /* L4 payload bytes. */
    bool udp_no_csum;           /* UDP checksum 0. */
    uint16_t frag_off;          /* IPv4 flags and fragment offset. */
    bool ipv6_routing;          /* A routing header with a segment left. */
    bool ipv6_hopopts;          /* A hop-by-hop options header. */
    size_t eth_pad;             /* Bytes of Ethernet padding after IP. */
};

static const struct in6_addr *
final_dst6(void)
{
    static struct in6_addr final;
    final = ip6("2001:db8::99");
    return &final;
}

static void
fill_payload(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = i * 7 + 3;
    }
}

/* Builds the L4 header and payload at L4 (L4_SIZE bytes) for SPEC,
 * checksum left zero. */
static void
build_l4(uint8_t *l4, size_t l4_size, const struct pkt_spec *spec)
{
    switch (spec->proto) {
    case IPPROTO_TCP: {
        struct tcp_header *tcp = (void *) l4;
        tcp->tcp_src = htons(1234);
        tcp->tcp_dst = htons(80);
        put_be32_a16(&tcp->tcp_seq, htonl(0x01020304));
        put_be32_a16(&tcp->tcp_ack, htonl(0x05060708));
        tcp->tcp_ctl = htons(5 << 12 | TCP_SYN | TCP_ACK);
        tcp->tcp_winsz = htons(65535);
        fill_payload(l4 + TCP_HEADER_LEN, l4_size - TCP_HEADER_LEN);
        break;
    }
    case IPPROTO_UDP: {
        struct udp_header *udp = (void *) l4;
        udp->udp_src = htons(1234);
        udp->udp_dst = htons(53);
        udp->udp_len = htons(l4_size);
        fill_payload(l4 + UDP_HEADER_LEN, l4_size - UDP_HEADER_LEN);
        break;
    }
    case IPPROTO_SCTP: {
        struct sctp_header *sctp = (void *) l4;
        sctp->sctp_src = htons(1234);
        sctp->sctp_dst = htons(80);
        put_be32_a16(&sctp->sctp_vtag, htonl(0xdeadbeef));
        fill_payload(l4 + SCTP_HEADER_LEN, l4_size - SCTP_HEADER_LEN);
        break;
    }
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6:
        l4[0] = spec->proto == IPPROTO_ICMP ? ICMP4_ECHO_REQUEST
                : ICMP6_TYPE_ECHO_REQUEST;
        fill_payload(l4 + 4, l4_size - 4);
        break;
    default:
        fill_payload(l4, l4_size);
        break;
    }
}

static size_t
l4_header_size(uint8_t proto)
{
    return (proto == IPPROTO_TCP ? TCP_HEADER_LEN
            : proto == IPPROTO_UDP ? UDP_HEADER_LEN
            : proto == IPPROTO_SCTP ? SCTP_HEADER_LEN
            : proto == IPPROTO_ICMP ? ICMP_HEADER_LEN
            : ICMP6_HEADER_LEN);
}

/* Returns true if PROTO's header has a checksum these tests check. */
static bool
has_l4_csum(uint8_t proto)
{
    return (proto == IPPROTO_TCP || proto == IPPROTO_UDP
            || proto == IPPROTO_SCTP || proto == IPPROTO_ICMP
            || proto == IPPROTO_ICMPV6);
}

/* Returns the offset of the checksum in an L4 header of PROTO. */
static size_t
l4_csum_ofs(uint8_t proto)
{
    return (proto == IPPROTO_TCP ? offsetof(struct tcp_header, tcp_csum)
            : proto == IPPROTO_UDP ? offsetof(struct udp_header, udp_csum)
            : 2);
}

/* Computes the L4 checksum of the L4_SIZE bytes at L4 from scratch, with
 * its checksum field taken as zero.  For IPv4, SRC4 and DST4; for IPv6,
 * SRC6 and DST6 (the pseudo-header's). */
static uint32_t
full_l4_csum(const uint8_t *l4_, size_t l4_size, uint8_t proto, bool v6,
             be32 src4, be32 dst4, const struct in6_addr *src6,
             const struct in6_addr *dst6)
{
    uint8_t *l4 = xmemdup(l4_, l4_size);
    uint32_t result;

    if (proto == IPPROTO_SCTP) {
        result = sctp_csum(l4, l4_size);
    } else {
        memset(l4 + l4_csum_ofs(proto), 0, 2);
        uint32_t partial = 0;
        if (proto != IPPROTO_ICMP) {
            partial = (v6 ? csum_pseudo_ipv6(src6, dst6, proto, l4_size)
                       : csum_pseudo_ipv4(src4, dst4, proto, l4_size));
        }
        be16 c = csum_finish(csum_continue(partial, l4, l4_size));
        if (proto == IPPROTO_UDP && !c) {
            c = htons(0xffff);
        }
        result = c;
    }
    free(l4);
    return result;
}

/* Returns a new heap packet for SPEC, with 64 bytes of headroom, correct
 * checksums and its layer offsets set. */
static struct dp_packet *
make_packet(const struct pkt_spec *spec)
{
    /* Room for the whole packet up front, so that the header pointers
     * below stay valid as headers are appended. */
    struct dp_packet *b = dp_packet_new_with_headroom(2048, 64);
    size_t l4_size = l4_header_size(spec->proto) + spec->payload;

    struct eth_header *eth = dp_packet_put_zeros(b, ETH_HEADER_LEN);
    eth->eth_dst = mac_dst;
    eth->eth_src = mac_src;
    eth->eth_type = htons(spec->l3);

    size_t l4_ofs;
    if (spec->l3 == ETH_TYPE_IP) {
        struct ip_header *ip = dp_packet_put_zeros(b, IP_HEADER_LEN);
        ip->ip_ihl_ver = IP_IHL_VER(5, 4);
        ip->ip_tos = 0x10;
        ip->ip_tot_len = htons(IP_HEADER_LEN + l4_size);
        ip->ip_id = htons(0x1234);
        ip->ip_frag_off = htons(spec->frag_off ? spec->frag_off
                                : IP_DONT_FRAGMENT);
        ip->ip_ttl = 64;
        ip->ip_proto = spec->proto;
        put_be32_a16(&ip->ip_src, htonl(IP4_SRC));
        put_be32_a16(&ip->ip_dst, htonl(IP4_DST));
        ip->ip_csum = csum(ip, IP_HEADER_LEN);
    } else if (spec->l3 == ETH_TYPE_IPV6) {
        size_t ext = (spec->ipv6_routing ? 24 : 0) + (spec->ipv6_hopopts
                                                      ? 8 : 0);
        struct ip6_header *ip6h = dp_packet_put_zeros(b, IPV6_HEADER_LEN);
        struct in6_addr src = ip6("2001:db8::1"), dst = ip6("2001:db8::2");
        put_be32_a16(&ip6h->ip6_vtc_flow,
                     htonl(6u << 28 | 0x20u << 20 | 0x12345));
        ip6h->ip6_payload_len = htons(ext + l4_size);
        ip6h->ip6_hop_limit = 64;
        put_in6_addr_a16(&ip6h->ip6_src, &src);
        put_in6_addr_a16(&ip6h->ip6_dst, &dst);
        uint8_t *nxt = &ip6h->ip6_next_header;
        if (spec->ipv6_hopopts) {
            uint8_t *h = dp_packet_put_zeros(b, 8);
            *nxt = IPPROTO_HOPOPTS;
            nxt = &h[0];
            h[2] = 1;           /* PadN option filling the header. */
            h[3] = 4;
        }
        if (spec->ipv6_routing) {
            uint8_t *h = dp_packet_put_zeros(b, 24);
            *nxt = IPPROTO_ROUTING;
            nxt = &h[0];
            h[1] = 2;           /* 24 bytes. */
            h[2] = 0;           /* Type 0. */
            h[3] = 1;           /* One segment left. */
            memcpy(h + 8, final_dst6(), 16);
        }
        *nxt = spec->proto;
    }
    l4_ofs = dp_packet_size(b);

    uint8_t *l4 = dp_packet_put_zeros(b, l4_size);
    build_l4(l4, l4_size, spec);
    if ((spec->l3 == ETH_TYPE_IP || spec->l3 == ETH_TYPE_IPV6)
        && has_l4_csum(spec->proto)) {
        bool v6 = spec->l3 == ETH_TYPE_IPV6;
        struct in6_addr src = ip6("2001:db8::1"), dst = ip6("2001:db8::2");
        uint32_t c = full_l4_csum(l4, l4_size, spec->proto, v6,
                                  htonl(IP4_SRC), htonl(IP4_DST), &src,
                                  spec->ipv6_routing ? final_dst6() : &dst);
        if (spec->proto == IPPROTO_SCTP) {
            put_be32_a16(&((struct sctp_header *) (void *) l4)->sctp_csum,
                         c);
        } else if (!(spec->proto == IPPROTO_UDP && spec->udp_no_csum)) {
            put_unaligned_be16(l4 + l4_csum_ofs(spec->proto), c);
        }
    }
    if (spec->eth_pad) {
        memset(dp_packet_put_uninit(b, spec->eth_pad), 0xee, spec->eth_pad);
    }

    struct flow flow;
    flow_extract(b, &flow);
    if (spec->l3 == ETH_TYPE_IP && !(spec->frag_off & IP_FRAG_OFF_MASK)) {
        assert_int_equal(b->l4_ofs, l4_ofs);
    }
    return b;
}

static struct dp_packet *
make_simple(uint16_t l3, uint8_t proto)
{
    struct pkt_spec spec = { .l3 = l3, .proto = proto, .payload = 40 };
    return make_packet(&spec);
}

/* Checks B's IPv4 header checksum and its L4 checksum against a full
 * recomputation.  PSEUDO_DST6, if nonnull, is the IPv6 pseudo-header's
 * destination (for a routing header). */
static void
check_csums(struct dp_packet *b, const struct in6_addr *pseudo_dst6)
{
    struct flow flow;
    flow_extract(b, &flow);

    uint8_t *l3 = dp_packet_l3(b);
    uint8_t *l4 = dp_packet_l4(b);
    bool v6 = flow.dl_type == htons(ETH_TYPE_IPV6);
    size_t l4_size;

    if (flow.dl_type == htons(ETH_TYPE_IP)) {
        struct ip_header *ip = (void *) l3;
        be16 stored = ip->ip_csum;
        ip->ip_csum = 0;
        assert_int_equal(stored, csum(ip, IP_IHL(ip->ip_ihl_ver) * 4));
        ip->ip_csum = stored;
        l4_size = ntohs(ip->ip_tot_len) - IP_IHL(ip->ip_ihl_ver) * 4;
    } else {
        assert_true(v6);
        struct ip6_header *ip6h = (void *) l3;
        l4_size = l3 + IPV6_HEADER_LEN + ntohs(ip6h->ip6_payload_len) - l4;
    }
    if (!l4 || !has_l4_csum(flow.nw_proto)) {
        return;
    }

    struct in6_addr src6, dst6;
    be32 src4 = 0, dst4 = 0;
    if (v6) {
        struct ip6_header *ip6h = (void *) l3;
        get_in6_addr_a16(&src6, &ip6h->ip6_src);
        get_in6_addr_a16(&dst6, &ip6h->ip6_dst);
    } else {
        struct ip_header *ip = (void *) l3;
        src4 = get_be32_a16(&ip->ip_src);
        dst4 = get_be32_a16(&ip->ip_dst);
    }

    uint32_t expected = full_l4_csum(l4, l4_size, flow.nw_proto, v6, src4,
                                     dst4, &src6,
                                     pseudo_dst6 ? pseudo_dst6 : &dst6);
    if (flow.nw_proto == IPPROTO_SCTP) {
        struct sctp_header *sctp = (void *) l4;
        assert_int_equal(get_be32_a16(&sctp->sctp_csum), expected);
    } else {
        be16 stored = get_unaligned_be16(l4 + l4_csum_ofs(flow.nw_proto));
        if (flow.nw_proto == IPPROTO_UDP && !stored) {
            return;
        }
        assert_int_equal(stored, expected);
    }
}

/* Parses the action list S into B. */
static void
parse_actions(const char *s, struct buffer *b)
{
    buffer_init(b, 0);
    char *error = odp_actions_from_string(s, b);
    if (error) {
        fail_msg("\"%s\": %s", s, error);
    }
    assert_int_equal(odp_actions_validate(b->data, b->size, NULL), 0);
}

/* The test datapath: records what the callback sees. */

#define MAX_OUT 4096

struct sink {
    /* Packets handed to datapath actions: OUTPUT's port, or 1000 + the
     * type for the others. */
    size_t n_out;
    uint32_t out_port[MAX_OUT];
    struct dp_packet *out[MAX_OUT];

    /* Calls. */
    size_t n_calls;
    uint16_t call_type[64];
    bool call_steal[64];
    size_t call_count[64];

    /* METER drops every packet whose index modulo this is odd (2: every
     * other packet; 1: none; 0: all). */
    int meter_keep_modulo;
};

static void
sink_cb(void *dp, struct dp_packet_batch *batch, const struct odp_action *a,
        bool should_steal)
{
    struct sink *sink = dp;
    struct dp_packet *packet;

    assert_true(sink->n_calls < ARRAY_SIZE(sink->call_type));
    sink->call_type[sink->n_calls] = a->type;
    sink->call_steal[sink->n_calls] = should_steal;
    sink->call_count[sink->n_calls] = batch->count;
    sink->n_calls++;

    if (a->type == ODP_ACTION_METER) {
        DP_PACKET_BATCH_REFILL_FOR_EACH (i, n, packet, batch) {
            if (sink->meter_keep_modulo && i % sink->meter_keep_modulo == 0) {
                dp_packet_batch_refill(batch, packet, i);
            } else {
                dp_packet_delete(packet);
            }
        }
        if (!should_steal) {
            return;
        }
    }

    uint32_t port = (a->type == ODP_ACTION_OUTPUT ? odp_action_get_u32(a)
                     : 1000u + a->type);
    DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
        assert_true(sink->n_out < MAX_OUT);
        sink->out_port[sink->n_out] = port;
        sink->out[sink->n_out] = should_steal ? packet
                                 : dp_packet_clone(packet);
        sink->n_out++;
    }
    if (should_steal) {
        batch->count = 0;
    }
}

static void
sink_init(struct sink *sink)
{
    memset(sink, 0, sizeof *sink);
    sink->meter_keep_modulo = 1;
}

static void
sink_destroy(struct sink *sink)
{
    for (size_t i = 0; i < sink->n_out; i++) {
        dp_packet_delete(sink->out[i]);
    }
    sink->n_out = 0;
}

/* Counts the packets output to PORT. */
static size_t
sink_count(const struct sink *sink, uint32_t port)
{
    size_t n = 0;
    for (size_t i = 0; i < sink->n_out; i++) {
        n += sink->out_port[i] == port;
    }
    return n;
}

/* Returns the Nth packet output to PORT. */
static struct dp_packet *
sink_get(const struct sink *sink, uint32_t port, size_t n)
{
    for (size_t i = 0; i < sink->n_out; i++) {
        if (sink->out_port[i] == port && !n--) {
            return sink->out[i];
        }
    }
    fail_msg("no packet %zu on port %"PRIu32, n, port);
    return NULL;
}

/* Runs the action list S with stealing on a copy of PACKET alone and
 * returns the one packet output to port 1 (the caller frees it). */
static struct dp_packet *
run_one(const char *s, const struct dp_packet *packet)
{
    struct buffer actions;
    struct dp_packet_batch batch;
    struct sink sink;

    parse_actions(s, &actions);
    sink_init(&sink);
    dp_packet_batch_init_packet(&batch, dp_packet_clone(packet));
    odp_execute_actions(&sink, &batch, true, actions.data, actions.size,
                        sink_cb);
    assert_int_equal(batch.count, 0);
    assert_int_equal(sink.n_out, 1);
    assert_int_equal(sink.out_port[0], 1);
    buffer_uninit(&actions);
    return sink.out[0];
}

static void
assert_packets_equal(const struct dp_packet *a, const struct dp_packet *b)
{
    assert_int_equal(dp_packet_size(a), dp_packet_size(b));
    assert_memory_equal(dp_packet_data(a), dp_packet_data(b),
                        dp_packet_size(a));
}

/* VLAN tags. */

static void
test_push_pop_vlan(void **state)
{
    struct dp_packet *orig = make_simple(ETH_TYPE_IP, IPPROTO_TCP);
    size_t size = dp_packet_size(orig);

    struct dp_packet *p = run_one("push_vlan(vid=10,pcp=3),1", orig);
    assert_int_equal(dp_packet_size(p), size + 4);
    const uint8_t *d = dp_packet_data(p);
    const uint8_t *o = dp_packet_data(orig);
    assert_memory_equal(d, o, 12);
    assert_memory_equal(d + 12, "\x81\x00\x60\x0a", 4);
    assert_memory_equal(d + 16, o + 12, size - 12);
    /* The offsets moved with the headers. */
    assert_int_equal(p->l3_ofs, orig->l3_ofs + 4);
    assert_int_equal(p->l4_ofs, orig->l4_ofs + 4);
    struct flow flow;
    flow_extract(p, &flow);
    assert_int_equal(ntohs(flow.vlans[0].tpid), ETH_TYPE_VLAN_8021Q);
    assert_int_equal(ntohs(flow.vlans[0].tci), 0x600a);
    assert_int_equal(ntohs(flow.dl_type), ETH_TYPE_IP);

    /* Popping restores the packet. */
    struct dp_packet *q = run_one("pop_vlan,1", p);
    assert_packets_equal(q, orig);
    assert_int_equal(q->l3_ofs, orig->l3_ofs);
    assert_int_equal(q->l4_ofs, orig->l4_ofs);
    dp_packet_delete(q);
    dp_packet_delete(p);

    /* Two pushes: the second is outermost.  A set after them finds the IP
     * header through the moved offsets. */
    p = run_one("push_vlan(vid=10,pcp=0),push_vlan(tpid=0x88a8,vid=20,"
                "pcp=1,dei=1),set(ipv4(ttl=9)),1", orig);
    flow_extract(p, &flow);
    assert_int_equal(ntohs(flow.vlans[0].tpid), ETH_TYPE_VLAN_8021AD);
    assert_int_equal(ntohs(flow.vlans[0].tci), 0x3014);
    assert_int_equal(ntohs(flow.vlans[1].tpid), ETH_TYPE_VLAN_8021Q);
    assert_int_equal(ntohs(flow.vlans[1].tci), 10);
    assert_int_equal(flow.nw_ttl, 9);
    check_csums(p, NULL);
    q = run_one("pop_vlan,pop_vlan,set(ipv4(ttl=64)),1", p);
    assert_packets_equal(q, orig);
    dp_packet_delete(q);
    dp_packet_delete(p);

    /* Popping an untagged packet changes nothing. */
    p = run_one("pop_vlan,1", orig);
    assert_packets_equal(p, orig);
    dp_packet_delete(p);

    /* Nor does popping a tag that is cut short, or pushing onto a packet
     * too short for an Ethernet header. */
    struct dp_packet *shorty = dp_packet_clone_data(
        "\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x81\x00\x00", 15);
    dp_packet_reset_offsets(shorty);
    p = run_one("pop_vlan,1", shorty);
    assert_packets_equal(p, shorty);
    dp_packet_delete(p);
    dp_packet_set_size(shorty, 13);
    p = run_one("push_vlan(vid=1,pcp=0),1", shorty);
    assert_packets_equal(p, shorty);
    dp_packet_delete(p);
    dp_packet_delete(shorty);

    /* A heap packet without headroom grows. */
    struct dp_packet *tight = dp_packet_clone_data(dp_packet_data(orig),
                                                   size);
    flow_extract(tight, &flow);
    p = run_one("push_vlan(vid=7,pcp=0),1", tight);
    assert_int_equal(dp_packet_size(p), size + 4);
    assert_int_equal(p->l3_ofs, 18);
    dp_packet_delete(p);
    dp_packet_delete(tight);

    dp_packet_delete(orig);
}

/* Ethernet and IPv4. */

static void
test_set_ethernet(void **state)
{
    struct dp_packet *orig = make_simple(ETH_TYPE_IP, IPPROTO_UDP);
    struct dp_packet *p = run_one(
        "set(eth(src=aa:bb:cc:dd:ee:ff,dst=11:22:00:00:00:00/"
        "ff:ff:00:00:00:00)),1", orig);
    struct eth_header *eth = dp_packet_eth(p);
    struct eth_addr src = ETH_ADDR_C(aa, bb, cc, dd, ee, ff);
    struct eth_addr dst = ETH_ADDR_C(11, 22, 00, 00, 00, 02);
    assert_true(eth_addr_equals(eth->eth_src, src));
    assert_true(eth_addr_equals(eth->eth_dst, dst));
    assert_memory_equal((uint8_t *) dp_packet_data(p) + 12,
                        (uint8_t *) dp_packet_data(orig) + 12,
                        dp_packet_size(orig) - 12);
    dp_packet_delete(p);
    dp_packet_delete(orig);
}

static void
test_set_ipv4(void **state)
{
    static const uint8_t protos[] = {
        IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP, 47,
    };

    for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
        struct dp_packet *orig = make_simple(ETH_TYPE_IP, protos[i]);
        check_csums(orig, NULL);

        struct dp_packet *p = run_one(
            "set(ipv4(src=192.168.1.1,dst=172.16.0.0/255.255.0.0,"
            "tos=0x2/0x3,ttl=5)),1", orig);
        struct ip_header *ip = dp_packet_l3(p);
        assert_int_equal(ntohl(get_be32_a16(&ip->ip_src)), 0xc0a80101);
        assert_int_equal(ntohl(get_be32_a16(&ip->ip_dst)), 0xac100002);
        assert_int_equal(ip->ip_tos, 0x12);
        assert_int_equal(ip->ip_ttl, 5);
        check_csums(p, NULL);
        if (protos[i] == IPPROTO_ICMP || protos[i] == IPPROTO_SCTP
            || protos[i] == 47) {
            /* No pseudo-header: the L4 bytes do not change. */
            assert_memory_equal(dp_packet_l4(p), dp_packet_l4(orig),
                                dp_packet_l4_size(orig));
        }
        dp_packet_delete(p);

        /* A set that changes nothing changes no byte. */
        p = run_one("set(ipv4(src=10.0.0.1,ttl=64/0xf0)),1", orig);
        assert_packets_equal(p, orig);
        dp_packet_delete(p);
        dp_packet_delete(orig);
    }

    /* A UDP checksum of zero stays zero. */
    struct pkt_spec spec = { .l3 = ETH_TYPE_IP, .proto = IPPROTO_UDP,
                             .payload = 20, .udp_no_csum = true };
    struct dp_packet *orig = make_packet(&spec);
    struct dp_packet *p = run_one("set(ipv4(src=1.1.1.1,dst=2.2.2.2)),1",
                                  orig);
    struct udp_header *udp = dp_packet_l4(p);
    assert_int_equal(udp->udp_csum, 0);
    check_csums(p, NULL);
    dp_packet_delete(p);
    dp_packet_delete(orig);

    /* A later fragment has no L4 header to update. */
    spec = (struct pkt_spec) { .l3 = ETH_TYPE_IP, .proto = IPPROTO_TCP,
                               .payload = 20, .frag_off = 100 };
    orig = make_packet(&spec);
    assert_int_equal(orig->l4_ofs, UINT16_MAX);
    p = run_one("set(ipv4(src=1.1.1.1)),1", orig);
    check_csums(p, NULL);
    assert_memory_equal((uint8_t *) dp_packet_data(p) + 34,
                        (uint8_t *) dp_packet_data(orig) + 34,
                        dp_packet_size(orig) - 34);
    dp_packet_delete(p);
    dp_packet_delete(orig);
}

/* An address change in a first fragment updates the L4 checksum by the
 * same amount as in the whole datagram. */
static void
test_set_ipv4_first_fragment(void **state)
{
    struct pkt_spec spec = { .l3 = ETH_TYPE_IP, .proto = IPPROTO_TCP,
                             .payload = 200 };
    struct dp_packet *whole = make_packet(&spec);

    /* The first fragment: the same bytes cut after 64 bytes of TCP. */
    struct dp_packet *frag = dp_packet_clone_data(dp_packet_data(whole),
                                                  14 + 20 + 64);
    struct ip_header *ip = (void *) ((uint8_t *) dp_packet_data(frag) + 14);
    ip->ip_frag_off = htons(IP_MORE_FRAGMENTS);
    ip->ip_tot_len = htons(20 + 64);
    ip->ip_csum = 0;
    ip->ip_csum = csum(ip, 20);
    struct flow flow;
    flow_extract(frag, &flow);
    assert_int_equal(flow.nw_frag, FLOW_NW_FRAG_ANY);
    assert_int_equal(frag->l4_ofs, 34);

    const char *actions = "set(ipv4(src=172.31.255.254,dst=1.2.3.4)),1";
    struct dp_packet *p = run_one(actions, whole);
    struct dp_packet *q = run_one(actions, frag);
    check_csums(p, NULL);
    struct tcp_header *tp = dp_packet_l4(p);
    struct tcp_header *tq = dp_packet_l4(q);
    assert_int_equal(tq->tcp_csum, tp->tcp_csum);
    assert_int_not_equal(tq->tcp_csum,
                         ((struct tcp_header *) dp_packet_l4(frag))
                         ->tcp_csum);
    dp_packet_delete(p);
    dp_packet_delete(q);
    dp_packet_delete(frag);
    dp_packet_delete(whole);
}

/* IPv6. */

static void
test_set_ipv6(void **state)
{
    static const uint8_t protos[] = {
        IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMPV6,
    };

    for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
        for (int hop = 0; hop < 2; hop++) {
            struct pkt_spec spec = { .l3 = ETH_TYPE_IPV6,
                                     .proto = protos[i], .payload = 33,
                                     .ipv6_hopopts = hop };
            struct dp_packet *orig = make_packet(&spec);
            check_csums(orig, NULL);

            struct dp_packet *p = run_one(
                "set(ipv6(src=fe80::1234,dst=2002::/ffff::,"
                "label=0xabcde/0xff00f,tclass=0x3/0x3,hlimit=1)),1", orig);
            struct ip6_header *ip6h = dp_packet_l3(p);
            struct in6_addr a, want_src = ip6("fe80::1234");
            struct in6_addr want_dst = ip6("2002:db8::2");
            get_in6_addr_a16(&a, &ip6h->ip6_src);
            assert_memory_equal(&a, &want_src, sizeof a);
            get_in6_addr_a16(&a, &ip6h->ip6_dst);
            assert_memory_equal(&a, &want_dst, sizeof a);
            /* Label 0x12345 under 0xff00f becomes 0xab34e; the class 0x20
             * gets its low bits 0x3. */
            assert_int_equal(ntohl(get_be32_a16(&ip6h->ip6_vtc_flow)),
                             6u << 28 | 0x23u << 20 | 0xab34e);
            assert_int_equal(ip6h->ip6_hop_limit, 1);
            check_csums(p, NULL);
            if (protos[i] == IPPROTO_SCTP) {
                assert_memory_equal(dp_packet_l4(p), dp_packet_l4(orig),
                                    dp_packet_l4_size(orig));
            }
            dp_packet_delete(p);
            dp_packet_delete(orig);
        }
    }

    /* With a routing header that has segments left, the pseudo-header
     * holds the final destination: changing ip6_dst leaves the L4
     * checksum alone, changing the source does not. */
    struct pkt_spec spec = { .l3 = ETH_TYPE_IPV6, .proto = IPPROTO_UDP,
                             .payload = 10, .ipv6_routing = true };
    struct dp_packet *orig = make_packet(&spec);
    assert_int_equal(orig->l4_ofs, 14 + 40 + 24);
    check_csums(orig, final_dst6());
    struct dp_packet *p = run_one("set(ipv6(dst=2001:db8::77)),1", orig);
    assert_memory_equal(dp_packet_l4(p), dp_packet_l4(orig),
                        dp_packet_l4_size(orig));
    check_csums(p, final_dst6());
    struct dp_packet *q = run_one("set(ipv6(src=2001:db8::55)),1", p);
    check_csums(q, final_dst6());
    assert_memory_not_equal(dp_packet_l4(q), dp_packet_l4(orig), 8);
    dp_packet_delete(q);
    dp_packet_delete(p);
    dp_packet_delete(orig);

    /* set(ipv4(...)) does not touch an IPv6 packet, nor set(ipv6(...)) an
     * IPv4 one. */
    orig = make_simple(ETH_TYPE_IPV6, IPPROTO_TCP);
    p = run_one("set(ipv4(src=1.2.3.4,ttl=1)),1", orig);
    assert_packets_equal(p, orig);
    dp_packet_delete(p);
    dp_packet_delete(orig);
    orig = make_simple(ETH_TYPE_IP, IPPROTO_TCP);
    p = run_one("set(ipv6(src=::1,hlimit=1)),1", orig);
    assert_packets_equal(p, orig);
    dp_packet_delete(p);
    dp_packet_delete(orig);
}

/* Transport ports. */

static void
test_set_ports(void **state)
{
    for (int v6 = 0; v6 < 2; v6++) {
        uint16_t l3 = v6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP;

        struct dp_packet *orig = make_simple(l3, IPPROTO_TCP);
        struct dp_packet *p = run_one("set(tcp(src=4321,dst=8080)),1", orig);
        struct tcp_header *tcp = dp_packet_l4(p);
        assert_int_equal(ntohs(tcp->tcp_src), 4321);
        assert_int_equal(ntohs(tcp->tcp_dst), 8080);
        check_csums(p, NULL);
        dp_packet_delete(p);

        /* The wrong protocol leaves the packet alone. */
        p = run_one("set(udp(src=1)),set(sctp(src=1)),1", orig);
        assert_packets_equal(p, orig);
        dp_packet_delete(p);
        dp_packet_delete(orig);

        orig = make_simple(l3, IPPROTO_UDP);
        p = run_one("set(udp(src=0/0xff00,dst=9999)),1", orig);
        struct udp_header *udp = dp_packet_l4(p);
        assert_int_equal(ntohs(udp->udp_src), 1234 & 0xff);
        assert_int_equal(ntohs(udp->udp_dst), 9999);
        check_csums(p, NULL);
        dp_packet_delete(p);
        p = run_one("set(tcp(src=1)),1", orig);
        assert_packets_equal(p, orig);
        dp_packet_delete(p);
        dp_packet_delete(orig);

        /* SCTP, with Ethernet padding that the CRC must not cover. */
        struct pkt_spec spec = { .l3 = l3, .proto = IPPROTO_SCTP,
                                 .payload = 8, .eth_pad = 6 };
        orig = make_packet(&spec);
        check_csums(orig, NULL);
        p = run_one("set(sctp(src=5,dst=6)),1", orig);
        struct sctp_header *sctp = dp_packet_l4(p);
        assert_int_equal(ntohs(sctp->sctp_src), 5);
        assert_int_equal(ntohs(sctp->sctp_dst), 6);
        check_csums(p, NULL);
        dp_packet_delete(p);

        /* A wrong CRC stays wrong by the same bits. */
        struct dp_packet *bad = dp_packet_clone(orig);
        sctp = dp_packet_l4(bad);
        be32 good = get_be32_a16(&sctp->sctp_csum);
        put_be32_a16(&sctp->sctp_csum, good ^ htonl(0x00ff1234));
        p = run_one("set(sctp(dst=7)),1", bad);
        sctp = dp_packet_l4(p);
        size_t sctp_size = dp_packet_l4_size(p) - spec.eth_pad;
        assert_int_equal(get_be32_a16(&sctp->sctp_csum),
                         sctp_csum(sctp, sctp_size) ^ htonl(0x00ff1234));
        dp_packet_delete(p);
        dp_packet_delete(bad);
        dp_packet_delete(orig);
    }

    /* A zero UDP checksum stays zero. */
    struct pkt_spec spec = { .l3 = ETH_TYPE_IP, .proto = IPPROTO_UDP,
                             .payload = 4, .udp_no_csum = true };
    struct dp_packet *orig = make_packet(&spec);
    struct dp_packet *p = run_one("set(udp(src=1,dst=2)),1", orig);
    struct udp_header *udp = dp_packet_l4(p);
    assert_int_equal(ntohs(udp->udp_src), 1);
    assert_int_equal(udp->udp_csum, 0);
    dp_packet_delete(p);
    dp_packet_delete(orig);

    /* A UDP checksum that comes out as zero is sent as 0xffff: find a
     * source port that makes it so. */
    orig = make_simple(ETH_TYPE_IP, IPPROTO_UDP);
    udp = dp_packet_l4(orig);
    uint16_t sum = ~ntohs(udp->udp_csum) & 0xffff;
    /* Replacing the source port 1234 by X adds X - 1234 to the sum; make
     * the sum 0xffff (checksum 0). */
    uint32_t x = (0xffff - sum + 1234) % 0xffff;
    char list[64];
    snprintf(list, sizeof list, "set(udp(src=%"PRIu32")),1", x);
    p = run_one(list, orig);
    udp = dp_packet_l4(p);
    assert_int_equal(ntohs(udp->udp_src), x);
    assert_int_equal(ntohs(udp->udp_csum), 0xffff);
    check_csums(p, NULL);
    dp_packet_delete(p);
    dp_packet_delete(orig);
}

/* A batch of packets of every kind, some malformed: each action changes
 * only the packets that have its header, and nothing crashes. */
static void
test_mixed_batch(void **state)
{
    struct dp_packet_batch batch;
    struct dp_packet *orig[8];
    struct pkt_spec specs[] = {
        { .l3 = ETH_TYPE_IP, .proto = IPPROTO_TCP, .payload = 10 },
        { .l3 = ETH_TYPE_IPV6, .proto = IPPROTO_UDP, .payload = 10 },
        { .l3 = ETH_TYPE_ARP, .proto = 0, .payload = 28 },
        { .l3 = ETH_TYPE_IP, .proto = IPPROTO_UDP, .payload = 0 },
        { .l3 = ETH_TYPE_MPLS, .proto = 0, .payload = 30 },
    };

    dp_packet_batch_init(&batch);
    for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
        orig[i] = make_packet(&specs[i]);
        dp_packet_batch_add(&batch, dp_packet_clone(orig[i]));
    }
    /* An IPv4 packet cut inside its header, and a 3-byte runt, with
     * offsets that claim an IPv4 header. */
    orig[5] = dp_packet_clone_data(dp_packet_data(orig[0]), 14 + 12);
    struct flow flow;
    flow_extract(orig[5], &flow);
    dp_packet_batch_add(&batch, dp_packet_clone(orig[5]));
    orig[6] = dp_packet_clone_data("abc", 3);
    dp_packet_batch_add(&batch, dp_packet_clone(orig[6]));
    struct dp_packet *liar = dp_packet_clone(orig[6]);
    liar->l3_ofs = 2;
    liar->l4_ofs = 3;
    orig[7] = dp_packet_clone(liar);
    dp_packet_batch_add(&batch, liar);

    struct buffer actions;
    parse_actions("set(eth(src=00:00:00:00:00:09)),set(ipv4(ttl=1)),"
                  "set(ipv6(hlimit=1)),set(tcp(dst=1)),set(udp(dst=1)),"
                  "pop_vlan,hash(l4(0)),push_vlan(vid=3,pcp=0),pop_vlan,1",
                  &actions);
    struct sink sink;
    sink_init(&sink);
    odp_execute_actions(&sink, &batch, true, actions.data, actions.size,
                        sink_cb);
    assert_int_equal(sink_count(&sink, 1), 8);

    for (size_t i = 0; i < 8; i++) {
        struct dp_packet *p = sink_get(&sink, 1, i);
        const uint8_t *d = dp_packet_data(p);
        const uint8_t *o = dp_packet_data(orig[i]);
        assert_int_equal(dp_packet_size(p), dp_packet_size(orig[i]));
        if (i >= 6) {
            assert_memory_equal(d, o, 3);
            continue;
        }
        assert_memory_equal(d, "\x02\0\0\0\0\x02\0\0\0\0\0\x09", 12);
        if (i == 0 || i == 1 || i == 3) {
            check_csums(p, NULL);
            flow_extract(p, &flow);
            assert_int_equal(flow.nw_ttl, 1);
            assert_int_equal(ntohs(flow.tp_dst), 1);
        } else {
            /* ARP, MPLS and the cut IPv4 header: only the MAC changed. */
            assert_memory_equal(d + 12, o + 12, dp_packet_size(p) - 12);
        }
    }
    sink_destroy(&sink);
    for (size_t i = 0; i < 8; i++) {
        dp_packet_delete(orig[i]);
    }
    buffer_uninit(&actions);
}

/* Hash. */

static uint32_t
expected_hash(const struct dp_packet *packet, uint32_t basis)
{
    struct dp_packet *copy = dp_packet_clone(packet);
    struct miniflow_buf mf;

    copy->md = (struct pkt_metadata) { 0 };
    miniflow_extract(copy, &mf.mf);
    uint32_t hash = miniflow_hash(&mf.mf, basis);
    dp_packet_delete(copy);
    return hash ? hash : 1;
}

static void
test_hash(void **state)
{
    struct dp_packet *a = make_simple(ETH_TYPE_IP, IPPROTO_TCP);
    struct dp_packet *b = make_simple(ETH_TYPE_IPV6, IPPROTO_UDP);

    a->md.in_port = 1;
    struct dp_packet *p = run_one("hash(l4(0)),1", a);
    uint32_t h = p->md.dp_hash;
    assert_int_equal(h, expected_hash(a, 0));
    assert_int_not_equal(h, 0);
    assert_int_equal(p->md.in_port, 1);
    dp_packet_delete(p);

    /* The metadata does not enter the hash. */
    a->md = (struct pkt_metadata) { 7, 3, 99 };
    p = run_one("hash(l4(0)),1", a);
    assert_int_equal(p->md.dp_hash, h);
    assert_int_equal(p->md.in_port, 7);
    assert_int_equal(p->md.recirc_id, 3);
    dp_packet_delete(p);

    /* The basis and the headers do. */
    p = run_one("hash(l4(1)),1", a);
    assert_int_equal(p->md.dp_hash, expected_hash(a, 1));
    assert_int_not_equal(p->md.dp_hash, h);
    dp_packet_delete(p);
    p = run_one("hash(l4(0)),1", b);
    assert_int_equal(p->md.dp_hash, expected_hash(b, 0));
    assert_int_not_equal(p->md.dp_hash, h);
    dp_packet_delete(p);

    dp_packet_delete(a);
    dp_packet_delete(b);
}

/* Ownership. */

static void
make_batch(struct dp_packet_batch *batch, struct dp_packet **originals,
           size_t n)
{
    dp_packet_batch_init(batch);
    for (size_t i = 0; i < n; i++) {
        struct pkt_spec spec = { .l3 = ETH_TYPE_IP, .proto = IPPROTO_UDP,
                                 .payload = i };
        originals[i] = make_packet(&spec);
        dp_packet_batch_add(batch, originals[i]);
    }
}

static void
run_list(struct sink *sink, const char *s, struct dp_packet_batch *batch,
         bool steal)
{
    struct buffer actions;
    parse_actions(s, &actions);
    odp_execute_actions(sink, batch, steal, actions.data, actions.size,
                        sink_cb);
    buffer_uninit(&actions);
}

static void
test_steal(void **state)
{
    struct dp_packet *pkts[4];
    struct dp_packet_batch batch;
    struct sink sink;

    /* The last output takes the packets themselves. */
    make_batch(&batch, pkts, 4);
    sink_init(&sink);
    run_list(&sink, "1", &batch, true);
    assert_int_equal(batch.count, 0);
    assert_int_equal(sink.n_calls, 1);
    assert_true(sink.call_steal[0]);
    assert_int_equal(sink.call_count[0], 4);
    for (size_t i = 0; i < 4; i++) {
        assert_ptr_equal(sink_get(&sink, 1, i), pkts[i]);
    }
    sink_destroy(&sink);

    /* Earlier outputs get copies. */
    make_batch(&batch, pkts, 4);
    sink_init(&sink);
    run_list(&sink, "1,2", &batch, true);
    assert_int_equal(sink.n_calls, 2);
    assert_false(sink.call_steal[0]);
    assert_true(sink.call_steal[1]);
    for (size_t i = 0; i < 4; i++) {
        assert_ptr_not_equal(sink_get(&sink, 1, i), pkts[i]);
        assert_packets_equal(sink_get(&sink, 1, i), pkts[i]);
        assert_ptr_equal(sink_get(&sink, 2, i), pkts[i]);
    }
    sink_destroy(&sink);

    /* Actions after the last output free the packets (ASan would report
     * a leak otherwise), as does an empty list and a drop. */
    static const char *const dropping[] = {
        "1,set(ipv4(ttl=1))", "", "drop", "1,drop", "userspace(pid=1),"
        "recirc(0x5),trunc(10),meter(2),set(eth(src=00:00:00:00:00:01))",
    };
    for (size_t i = 0; i < ARRAY_SIZE(dropping); i++) {
        make_batch(&batch, pkts, 4);
        sink_init(&sink);
        run_list(&sink, dropping[i], &batch, true);
        assert_int_equal(batch.count, 0);
        for (size_t j = 0; j < sink.n_out; j++) {
            assert_false(sink.out[j] == pkts[0] || sink.out[j] == pkts[1]
                         || sink.out[j] == pkts[2]
                         || sink.out[j] == pkts[3]);
        }
        sink_destroy(&sink);
    }

    /* Every datapath action goes to the callback, in order. */
    make_batch(&batch, pkts, 2);
    sink_init(&sink);
    run_list(&sink, "userspace(pid=1),recirc(0x5),trunc(10),meter(2),3",
             &batch, true);
    static const uint16_t types[] = {
        ODP_ACTION_USERSPACE, ODP_ACTION_RECIRC, ODP_ACTION_TRUNC,
        ODP_ACTION_METER, ODP_ACTION_OUTPUT,
    };
    assert_int_equal(sink.n_calls, ARRAY_SIZE(types));
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        assert_int_equal(sink.call_type[i], types[i]);
        assert_int_equal(sink.call_steal[i], i == ARRAY_SIZE(types) - 1);
        assert_int_equal(sink.call_count[i], 2);
    }
    assert_int_equal(sink_count(&sink, 1000 + ODP_ACTION_RECIRC), 2);
    assert_int_equal(sink_count(&sink, 3), 2);
    sink_destroy(&sink);

    /* An empty batch reaches no callback. */
    dp_packet_batch_init(&batch);
    sink_init(&sink);
    run_list(&sink, "clone(1),2", &batch, true);
    run_list(&sink, "1", &batch, false);
    assert_int_equal(sink.n_calls, 0);

    /* Without a callback the packets are simply freed. */
    make_batch(&batch, pkts, 3);
    struct buffer actions;
    parse_actions("1,set(ipv4(ttl=2)),2", &actions);
    odp_execute_actions(NULL, &batch, true, actions.data, actions.size,
                        NULL);
    assert_int_equal(batch.count, 0);
    buffer_uninit(&actions);
}

static void
test_no_steal(void **state)
{
    struct dp_packet *pkts[3], *copies[3];
    struct dp_packet_batch batch;
    struct sink sink;

    /* The caller's packets stay in the batch, unchanged; the outputs get
     * modified copies. */
    make_batch(&batch, pkts, 3);
    for (size_t i = 0; i < 3; i++) {
        copies[i] = dp_packet_clone(pkts[i]);
    }
    sink_init(&sink);
    run_list(&sink, "set(eth(src=00:00:00:00:00:07)),push_vlan(vid=1,"
             "pcp=0),1,pop_vlan,2", &batch, false);
    assert_int_equal(batch.count, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_ptr_equal(batch.packets[i], pkts[i]);
        assert_packets_equal(pkts[i], copies[i]);
        struct dp_packet *out1 = sink_get(&sink, 1, i);
        struct dp_packet *out2 = sink_get(&sink, 2, i);
        assert_ptr_not_equal(out1, pkts[i]);
        assert_ptr_not_equal(out2, pkts[i]);
        assert_int_equal(dp_packet_size(out1), dp_packet_size(pkts[i]) + 4);
        assert_int_equal(dp_packet_size(out2), dp_packet_size(pkts[i]));
        assert_memory_equal(dp_packet_data(out2), "\x02\0\0\0\0\x02\0\0\0"
                            "\0\0\x07", 12);
        dp_packet_delete(copies[i]);
    }
    assert_true(sink.call_steal[1]);
    sink_destroy(&sink);

    /* An empty list does nothing at all. */
    run_list(&sink, "", &batch, false);
    assert_int_equal(batch.count, 3);
    dp_packet_batch_delete_all(&batch);
}

static void
test_meter_drops(void **state)
{
    struct dp_packet *pkts[8];
    struct dp_packet_batch batch;
    struct sink sink;

    /* The meter keeps the even packets, in order; the output takes
     * them. */
    make_batch(&batch, pkts, 8);
    sink_init(&sink);
    sink.meter_keep_modulo = 2;
    run_list(&sink, "meter(0),1", &batch, true);
    assert_int_equal(sink_count(&sink, 1), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_ptr_equal(sink_get(&sink, 1, i), pkts[2 * i]);
    }
    sink_destroy(&sink);

    /* A meter that drops everything ends the list. */
    make_batch(&batch, pkts, 8);
    sink_init(&sink);
    sink.meter_keep_modulo = 0;
    run_list(&sink, "meter(0),1,2", &batch, true);
    assert_int_equal(sink.n_calls, 1);
    assert_int_equal(sink.n_out, 0);
    sink_destroy(&sink);

    /* Without stealing, the meter drops copies. */
    make_batch(&batch, pkts, 8);
    sink_init(&sink);
    sink.meter_keep_modulo = 2;
    run_list(&sink, "meter(0),1", &batch, false);
    assert_int_equal(batch.count, 8);
    assert_int_equal(sink_count(&sink, 1), 4);
    sink_destroy(&sink);
    dp_packet_batch_delete_all(&batch);
}

/* Clone and sample. */

static void
test_clone(void **state)
{
    struct dp_packet *pkts[3];
    struct dp_packet_batch batch;
    struct sink sink;

    make_batch(&batch, pkts, 3);
    sink_init(&sink);
    run_list(&sink, "clone(set(eth(src=00:00:00:00:00:05)),1),2", &batch,
             true);
    for (size_t i = 0; i < 3; i++) {
        struct dp_packet *c = sink_get(&sink, 1, i);
        assert_ptr_not_equal(c, pkts[i]);
        assert_int_equal(((uint8_t *) dp_packet_data(c))[11], 5);
        assert_ptr_equal(sink_get(&sink, 2, i), pkts[i]);
        assert_int_equal(((uint8_t *) dp_packet_data(pkts[i]))[11], 1);
    }
    /* Inside the clone, the last output takes the copies. */
    assert_true(sink.call_steal[0]);
    sink_destroy(&sink);

    /* A clone at the end of the list runs on the packets themselves. */
    make_batch(&batch, pkts, 3);
    sink_init(&sink);
    run_list(&sink, "1,clone(push_vlan(vid=5,pcp=0),2)", &batch, true);
    for (size_t i = 0; i < 3; i++) {
        assert_ptr_equal(sink_get(&sink, 2, i), pkts[i]);
        assert_int_equal(dp_packet_size(sink_get(&sink, 2, i)),
                         dp_packet_size(sink_get(&sink, 1, i)) + 4);
    }
    sink_destroy(&sink);

    /* Nested clones each see their own copy. */
    make_batch(&batch, pkts, 3);
    sink_init(&sink);
    run_list(&sink, "clone(clone(set(ipv4(ttl=1)),1),set(ipv4(ttl=2)),2),"
             "3", &batch, true);
    for (size_t i = 0; i < 3; i++) {
        struct flow f1, f2, f3;
        flow_extract(sink_get(&sink, 1, i), &f1);
        flow_extract(sink_get(&sink, 2, i), &f2);
        flow_extract(sink_get(&sink, 3, i), &f3);
        assert_int_equal(f1.nw_ttl, 1);
        assert_int_equal(f2.nw_ttl, 2);
        assert_int_equal(f3.nw_ttl, 64);
        check_csums(sink_get(&sink, 1, i), NULL);
        check_csums(sink_get(&sink, 2, i), NULL);
        assert_ptr_equal(sink_get(&sink, 3, i), pkts[i]);
    }
    sink_destroy(&sink);

    /* A clone that drops frees its copies; the rest goes on. */
    make_batch(&batch, pkts, 3);
    sink_init(&sink);
    run_list(&sink, "clone(set(ipv4(ttl=1))),clone(drop),1", &batch, true);
    assert_int_equal(sink.n_out, 3);
    assert_ptr_equal(sink_get(&sink, 1, 2), pkts[2]);
    sink_destroy(&sink);
}

static void
test_sample(void **state)
{
    struct dp_packet *pkts[DP_PACKET_BATCH_SIZE];
    struct dp_packet_batch batch;
    struct sink sink;

    /* Never and always. */
    make_batch(&batch, pkts, 4);
    sink_init(&sink);
    run_list(&sink, "sample(sample=0.0%,actions(1)),2", &batch, true);
    assert_int_equal(sink_count(&sink, 1), 0);
    assert_int_equal(sink_count(&sink, 2), 4);
    sink_destroy(&sink);

    make_batch(&batch, pkts, 4);
    sink_init(&sink);
    run_list(&sink, "sample(sample=100.0%,actions(1)),2", &batch, true);
    assert_int_equal(sink_count(&sink, 1), 4);
    assert_int_equal(sink_count(&sink, 2), 4);
    sink_destroy(&sink);

    /* At the end of the list, the sampled packets themselves go on and
     * the others are freed. */
    make_batch(&batch, pkts, 4);
    sink_init(&sink);
    run_list(&sink, "2,sample(sample=100.0%,actions(1))", &batch, true);
    for (size_t i = 0; i < 4; i++) {
        assert_ptr_equal(sink_get(&sink, 1, i), pkts[i]);
    }
    sink_destroy(&sink);
    make_batch(&batch, pkts, 4);
    sink_init(&sink);
    run_list(&sink, "sample(sample=0.0%,actions(1))", &batch, true);
    assert_int_equal(sink.n_out, 0);
    assert_int_equal(sink.n_calls, 0);
    sink_destroy(&sink);

    /* 30%: about 30% of 3200 packets, and the same ones again from the
     * same seed. */
    bool picked[2][100][DP_PACKET_BATCH_SIZE];
    size_t n_picked[2] = { 0, 0 };
    for (int run = 0; run < 2; run++) {
        odp_execute_seed_random(12345);
        for (int round = 0; round < 100; round++) {
            make_batch(&batch, pkts, DP_PACKET_BATCH_SIZE);
            sink_init(&sink);
            run_list(&sink, "sample(sample=30.0%,actions(1))", &batch,
                     true);
            for (size_t i = 0; i < DP_PACKET_BATCH_SIZE; i++) {
                picked[run][round][i] = false;
                for (size_t j = 0; j < sink.n_out; j++) {
                    picked[run][round][i] |= sink.out[j] == pkts[i];
                }
                n_picked[run] += picked[run][round][i];
            }
            sink_destroy(&sink);
        }
    }
    assert_true(n_picked[0] > 3200 * 25 / 100);
    assert_true(n_picked[0] < 3200 * 35 / 100);
    assert_memory_equal(picked[0], picked[1], sizeof picked[0]);

    /* A different seed picks differently. */
    odp_execute_seed_random(54321);
    size_t same = 0;
    for (int round = 0; round < 100; round++) {
        make_batch(&batch, pkts, DP_PACKET_BATCH_SIZE);
        sink_init(&sink);
        run_list(&sink, "sample(sample=30.0%,actions(1)),2", &batch, true);
        for (size_t i = 0; i < DP_PACKET_BATCH_SIZE; i++) {
            /* Port 1 gets copies; the batch's packets differ in size, so
             * the size tells which packet a copy is of. */
            bool p = false;
            for (size_t j = 0; j < sink.n_out; j++) {
                p |= (sink.out_port[j] == 1
                      && dp_packet_size(sink.out[j])
                         == dp_packet_size(pkts[i]));
            }
            same += p == picked[0][round][i];
        }
        sink_destroy(&sink);
    }
    assert_true(same < 3200 * 9 / 10);
}

/* DPDK mbufs. */

#define POOL_SIZE 127
#define DATA_ROOM 2048

static struct rte_mempool *pool;

static int
setup_eal(void **state)
{
    return unit_test_eal_setup("test-odp-execute", POOL_SIZE, DATA_ROOM, &pool);
}

static int
teardown_eal(void **state)
{
    unit_test_eal_teardown(pool);
    return 0;
}

/* Returns a copy of HEAP in an mbuf from the pool. */
static struct dp_packet *
to_mbuf(const struct dp_packet *heap)
{
    struct dp_packet *b = dp_packet_pool_alloc(pool);
    assert_non_null(b);
    memcpy(dp_packet_put_uninit(b, dp_packet_size(heap)),
           dp_packet_data(heap), dp_packet_size(heap));
    struct flow flow;
    flow_extract(b, &flow);
    return b;
}

static void
test_dpdk_actions(void **state)
{
    unsigned int avail = rte_mempool_avail_count(pool);
    struct dp_packet *heap = make_simple(ETH_TYPE_IP, IPPROTO_TCP);
    struct dp_packet_batch batch;
    struct sink sink;

    /* Pushes use the mbuf's headroom; clones come from its pool. */
    dp_packet_batch_init(&batch);
    for (int i = 0; i < 4; i++) {
        dp_packet_batch_add(&batch, to_mbuf(heap));
    }
    struct dp_packet *first = batch.packets[0];
    sink_init(&sink);
    run_list(&sink, "push_vlan(vid=9,pcp=0),clone(set(ipv4(ttl=3)),1),"
             "pop_vlan,set(tcp(dst=99)),2", &batch, true);
    assert_int_equal(sink_count(&sink, 1), 4);
    assert_int_equal(sink_count(&sink, 2), 4);
    assert_ptr_equal(sink_get(&sink, 2, 0), first);
    for (size_t i = 0; i < 4; i++) {
        struct dp_packet *c = sink_get(&sink, 1, i);
        struct dp_packet *o = sink_get(&sink, 2, i);
        assert_int_equal(dp_packet_source(c), DPBUF_DPDK);
        assert_int_equal(dp_packet_source(o), DPBUF_DPDK);
        assert_int_equal(dp_packet_size(c), dp_packet_size(heap) + 4);
        assert_int_equal(dp_packet_size(o), dp_packet_size(heap));
        struct flow f;
        flow_extract(c, &f);
        assert_int_equal(f.nw_ttl, 3);
        assert_int_equal(vlan_tci_to_vid(f.vlans[0].tci), 9);
        check_csums(c, NULL);
        flow_extract(o, &f);
        assert_int_equal(ntohs(f.tp_dst), 99);
        assert_int_equal(f.vlans[0].tpid, 0);
        check_csums(o, NULL);
    }
    assert_int_equal(rte_mempool_avail_count(pool), avail - 8);
    sink_destroy(&sink);
    assert_int_equal(rte_mempool_avail_count(pool), avail);

    /* A DPDK packet without headroom cannot take a tag. */
    struct dp_packet *b = dp_packet_pool_alloc(pool);
    b->mbuf.data_off = 0;
    memcpy(dp_packet_put_uninit(b, dp_packet_size(heap)),
           dp_packet_data(heap), dp_packet_size(heap));
    dp_packet_batch_init_packet(&batch, b);
    sink_init(&sink);
    run_list(&sink, "push_vlan(vid=9,pcp=0),1", &batch, true);
    assert_packets_equal(sink_get(&sink, 1, 0), heap);
    sink_destroy(&sink);

    /* With the pool exhausted, copies come from the heap. */
    struct dp_packet *hold[POOL_SIZE];
    size_t n_hold = 0;
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, to_mbuf(heap));
    dp_packet_batch_add(&batch, to_mbuf(heap));
    while ((hold[n_hold] = dp_packet_pool_alloc(pool)) != NULL) {
        n_hold++;
    }
    sink_init(&sink);
    run_list(&sink, "clone(1),2", &batch, true);
    assert_int_equal(dp_packet_source(sink_get(&sink, 1, 0)), DPBUF_MALLOC);
    assert_int_equal(dp_packet_source(sink_get(&sink, 2, 0)), DPBUF_DPDK);
    assert_packets_equal(sink_get(&sink, 1, 1), heap);
    sink_destroy(&sink);
    for (size_t i = 0; i < n_hold; i++) {
        dp_packet_delete(hold[i]);
    }

    /* Not stealing copies mbufs into mbufs and gives them all back. */
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, to_mbuf(heap));
    sink_init(&sink);
    run_list(&sink, "set(ipv4(ttl=7)),1", &batch, false);
    assert_int_equal(dp_packet_source(sink_get(&sink, 1, 0)), DPBUF_DPDK);
    assert_packets_equal(batch.packets[0], heap);
    sink_destroy(&sink);
    dp_packet_batch_delete_all(&batch);
    assert_int_equal(rte_mempool_avail_count(pool), avail);

    dp_packet_delete(heap);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_pop_vlan),
        cmocka_unit_test(test_set_ethernet),
        cmocka_unit_test(test_set_ipv4),
        cmocka_unit_test(test_set_ipv4_first_fragment),
        cmocka_unit_test(test_set_ipv6),
        cmocka_unit_test(test_set_ports),
        cmocka_unit_test(test_mixed_batch),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_steal),
        cmocka_unit_test(test_no_steal),
        cmocka_unit_test(test_meter_drops),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_sample),
    };
    const struct CMUnitTest dpdk_tests[] = {
        cmocka_unit_test(test_dpdk_actions),
    };
    int failures = cmocka_run_group_tests(tests, NULL, NULL);
    failures += cmocka_run_group_tests(dpdk_tests, setup_eal, teardown_eal);
    return failures;
}

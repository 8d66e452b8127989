/* shapes: the packet shapes for flow extraction tests.  See shapes.h. */
#include <config.h>
#include "shapes.h"

#include <arpa/inet.h>
#include <string.h>
#include "csum.h"
#include "packets.h"
#include "util.h"

#define NONE SIZE_MAX

/* Default addresses. */
#define MAC_A "52:54:00:12:34:56"
#define MAC_B "02:1b:21:3c:4d:5e"
#define MAC_C "0a:0b:0c:0d:0e:0f"
#define IP4_A "192.168.1.10"
#define IP4_B "10.20.30.40"
#define IP6_A "2001:db8::10"
#define IP6_B "2001:db8:0:1::20"

/* A packet under construction.  The builder remembers where the lengths
 * and checksums that depend on later bytes live, and finish() fills them
 * in. */
struct builder {
    struct flow_shape_packet *pkt;
    size_t len_8023_ofs;        /* 802.3 length field, or NONE. */
    size_t ip_ofs;              /* Outer IPv4 or IPv6 header, or NONE. */
    int ip_version;
    size_t l4_ofs;              /* Upper-layer header, or NONE. */
    uint8_t l4_proto;
    size_t final_dst_ofs;       /* IPv6 final destination in a routing
                                 * header, or NONE. */
};

static uint8_t *
put(struct builder *b, const void *p, size_t n)
{
    struct flow_shape_packet *pkt = b->pkt;

    if (n > FLOW_SHAPE_MAX_SIZE - pkt->size) {
        sluice_abort("shape %s: more than %d bytes", pkt->name,
                     FLOW_SHAPE_MAX_SIZE);
    }

    uint8_t *dst = pkt->data + pkt->size;
    if (p) {
        memcpy(dst, p, n);
    } else {
        memset(dst, 0, n);
    }
    pkt->size += n;
    return dst;
}

static void
put8(struct builder *b, uint8_t x)
{
    put(b, &x, 1);
}

static void
put16(struct builder *b, uint16_t x)
{
    be16 v = htons(x);
    put(b, &v, sizeof v);
}

static void
put32(struct builder *b, uint32_t x)
{
    be32 v = htonl(x);
    put(b, &v, sizeof v);
}

/* Appends N bytes of the pattern 0x00, 0x01, 0x02, .... */
static void
put_pattern(struct builder *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put8(b, i);
    }
}

static void
put_mac(struct builder *b, const char *s)
{
    struct eth_addr ea;
    sluice_assert(eth_addr_from_string(s, &ea));
    put(b, &ea, sizeof ea);
}

static void
put_ip4(struct builder *b, const char *s)
{
    struct in_addr a;
    sluice_assert(inet_pton(AF_INET, s, &a) == 1);
    put(b, &a, sizeof a);
}

static void
put_ip6(struct builder *b, const char *s)
{
    struct in6_addr a;
    sluice_assert(inet_pton(AF_INET6, s, &a) == 1);
    put(b, &a, sizeof a);
}

static uint8_t *
at(struct builder *b, size_t ofs)
{
    sluice_assert(ofs < b->pkt->size);
    return b->pkt->data + ofs;
}

/* L2. */

static void
eth_macs(struct builder *b, const char *dst, const char *src,
         uint16_t type)
{
    put_mac(b, dst);
    put_mac(b, src);
    put16(b, type);
}

static void
eth(struct builder *b, uint16_t type)
{
    eth_macs(b, MAC_A, MAC_B, type);
}

/* An 802.3 header whose length field finish() fills in. */
static void
eth_8023(struct builder *b)
{
    put_mac(b, "01:80:c2:00:00:00");
    put_mac(b, MAC_B);
    b->len_8023_ofs = b->pkt->size;
    put16(b, 0);
}

static void
llc_snap(struct builder *b, uint16_t type)
{
    static const uint8_t hdr[] = { 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00 };
    put(b, hdr, sizeof hdr);
    put16(b, type);
}

/* The TCI and next type of a tag whose TPID was the previous type. */
static void
vlan(struct builder *b, int pcp, bool dei, uint16_t vid, uint16_t next_type)
{
    put16(b, (pcp << VLAN_PCP_SHIFT) | (dei ? VLAN_DEI : 0) | vid);
    put16(b, next_type);
}

static void
mpls(struct builder *b, uint32_t label, int tc, bool bos, int ttl)
{
    put32(b, ntohl(mpls_lse_from_fields(label, tc, bos, ttl)));
}

static void
arp(struct builder *b, uint16_t op, const char *sha, const char *spa,
    const char *tha, const char *tpa)
{
    put16(b, ARP_HRD_ETHERNET);
    put16(b, ARP_PRO_IP);
    put8(b, ETH_ADDR_LEN);
    put8(b, 4);
    put16(b, op);
    put_mac(b, sha);
    put_ip4(b, spa);
    put_mac(b, tha);
    put_ip4(b, tpa);
}

/* L3. */

struct ip4_spec {
    uint8_t proto;
    uint8_t tos;
    uint8_t ttl;                /* 0 means 64. */
    uint16_t frag;              /* Flags and offset, host order. */
    const char *src, *dst;      /* NULL means IP4_A, IP4_B. */
    const void *options;
    size_t options_len;         /* Multiple of 4, at most 40. */
};

static void
ipv4(struct builder *b, const struct ip4_spec *s)
{
    size_t ihl = IP_HEADER_LEN + s->options_len;

    sluice_assert(ihl % 4 == 0 && ihl <= 60);
    b->ip_ofs = b->pkt->size;
    b->ip_version = 4;
    put8(b, IP_IHL_VER(ihl / 4, IP_VERSION));
    put8(b, s->tos);
    put16(b, 0);                /* Total length: finish(). */
    put16(b, 0x1c46);
    put16(b, s->frag);
    put8(b, s->ttl ? s->ttl : 64);
    put8(b, s->proto);
    put16(b, 0);                /* Checksum: finish(). */
    put_ip4(b, s->src ? s->src : IP4_A);
    put_ip4(b, s->dst ? s->dst : IP4_B);
    if (s->options_len) {
        put(b, s->options, s->options_len);
    }
    b->l4_proto = s->proto;
    b->l4_ofs = s->frag & IP_FRAG_OFF_MASK ? NONE : b->pkt->size;
}

static void
ipv4_simple(struct builder *b, uint8_t proto)
{
    ipv4(b, &(struct ip4_spec) { .proto = proto });
}

/* Appends a complete 28-byte IPv4 + UDP header, as quoted by ICMP errors
 * or carried by IP-in-IP. */
static void
inner_ipv4_udp(struct builder *b, size_t payload)
{
    size_t ofs = b->pkt->size;

    put8(b, IP_IHL_VER(5, IP_VERSION));
    put8(b, 0);
    put16(b, IP_HEADER_LEN + UDP_HEADER_LEN + payload);
    put16(b, 0x4242);
    put16(b, 0);
    put8(b, 17);
    put8(b, IPPROTO_UDP);
    put16(b, 0);
    put_ip4(b, "172.16.0.1");
    put_ip4(b, "172.16.0.2");
    be16 ip_csum = csum(at(b, ofs), IP_HEADER_LEN);
    memcpy(at(b, ofs + offsetof(struct ip_header, ip_csum)), &ip_csum,
           sizeof ip_csum);
    put16(b, 33434);
    put16(b, 33435);
    put16(b, UDP_HEADER_LEN + payload);
    put16(b, 0);                /* No checksum. */
    put_pattern(b, payload);
}

struct ip6_spec {
    uint8_t nxt;
    uint8_t tclass;
    uint8_t hlim;               /* 0 means 64. */
    uint32_t label;
    const char *src, *dst;      /* NULL means IP6_A, IP6_B. */
};

static void
ipv6(struct builder *b, const struct ip6_spec *s)
{
    b->ip_ofs = b->pkt->size;
    b->ip_version = 6;
    put32(b, ((uint32_t) IPV6_VERSION << 28)
          | ((uint32_t) s->tclass << IPV6_TCLASS_SHIFT)
          | (s->label & IPV6_LABEL_MASK));
    put16(b, 0);                /* Payload length: finish(). */
    put8(b, s->nxt);
    put8(b, s->hlim ? s->hlim : 64);
    put_ip6(b, s->src ? s->src : IP6_A);
    put_ip6(b, s->dst ? s->dst : IP6_B);
    b->l4_proto = s->nxt;
    b->l4_ofs = b->pkt->size;
}

static void
ipv6_simple(struct builder *b, uint8_t nxt)
{
    ipv6(b, &(struct ip6_spec) { .nxt = nxt, .tclass = 0x28,
                                 .label = 0x9abcd });
}

static void
ext_done(struct builder *b, uint8_t nxt)
{
    b->l4_proto = nxt;
    b->l4_ofs = b->pkt->size;
}

/* A hop-by-hop or destination options header of LEN bytes (a multiple of
 * 8) that holds a router alert option (if ROUTER_ALERT) and padding. */
static void
ip6_opts(struct builder *b, uint8_t nxt, size_t len, bool router_alert)
{
    sluice_assert(len % 8 == 0 && len >= 8);
    put8(b, nxt);
    put8(b, len / 8 - 1);
    size_t left = len - 2;
    if (router_alert) {
        put8(b, 5);             /* Router alert: type 5, length 2. */
        put8(b, 2);
        put16(b, 0);            /* MLD. */
        left -= 4;
    }
    if (left == 1) {
        put8(b, 0);             /* Pad1. */
    } else if (left >= 2) {
        put8(b, 1);             /* PadN. */
        put8(b, left - 2);
        put(b, NULL, left - 2);
    }
    ext_done(b, nxt);
}

/* A type 2 routing header (RFC 6275): 24 bytes.  Its address is the
 * final destination, which upper-layer checksums use (RFC 8200 section
 * 8.1). */
static void
ip6_routing(struct builder *b, uint8_t nxt)
{
    put8(b, nxt);
    put8(b, 2);
    put8(b, 2);                 /* Routing type. */
    put8(b, 1);                 /* Segments left. */
    put32(b, 0);
    b->final_dst_ofs = b->pkt->size;
    put_ip6(b, "2001:db8:ffff::1");
    ext_done(b, nxt);
}

static void
ip6_frag(struct builder *b, uint8_t nxt, uint16_t offset, bool more)
{
    put8(b, nxt);
    put8(b, 0);
    put16(b, (offset & IPV6_FRAG_OFF_MASK) | (more ? IPV6_FRAG_MORE : 0));
    put32(b, 0xabcd1234);
    ext_done(b, nxt);
    if (offset) {
        b->l4_ofs = NONE;
    }
}

/* An authentication header with a 12-byte ICV: 24 bytes. */
static void
ip6_ah(struct builder *b, uint8_t nxt)
{
    put8(b, nxt);
    put8(b, 24 / 4 - 2);
    put16(b, 0);
    put32(b, 0x1000);           /* SPI. */
    put32(b, 7);                /* Sequence number. */
    put_pattern(b, 12);
    ext_done(b, nxt);
}

/* L4. */

static void
tcp(struct builder *b, uint16_t src, uint16_t dst, uint16_t flags,
    size_t opt_len, size_t payload)
{
    sluice_assert(opt_len % 4 == 0 && opt_len <= 40);
    put16(b, src);
    put16(b, dst);
    put32(b, 0x01020304);
    put32(b, flags & TCP_ACK ? 0x0a0b0c0d : 0);
    put16(b, ((TCP_HEADER_LEN + opt_len) / 4) << 12 | flags);
    put16(b, 29200);
    put16(b, 0);                /* Checksum: finish(). */
    put16(b, 0);
    if (opt_len) {
        put8(b, 2);             /* MSS. */
        put8(b, 4);
        put16(b, 1460);
        for (size_t i = 4; i < opt_len; i++) {
            put8(b, 1);         /* NOP. */
        }
    }
    put_pattern(b, payload);
}

static void
udp(struct builder *b, uint16_t src, uint16_t dst, size_t payload)
{
    put16(b, src);
    put16(b, dst);
    put16(b, UDP_HEADER_LEN + payload);
    put16(b, 0);                /* Checksum: finish(). */
    put_pattern(b, payload);
}

static void
sctp(struct builder *b, uint16_t src, uint16_t dst)
{
    put16(b, src);
    put16(b, dst);
    put32(b, 0x5ca1ab1e);       /* Verification tag. */
    put32(b, 0);                /* Checksum: finish(). */
    put8(b, 0);                 /* DATA chunk, unfragmented. */
    put8(b, 3);
    put16(b, 20);
    put32(b, 1);                /* TSN. */
    put16(b, 0);                /* Stream. */
    put16(b, 0);                /* Stream sequence. */
    put32(b, 0);                /* Payload protocol. */
    put32(b, 0x11223344);
}

static void
icmp(struct builder *b, uint8_t type, uint8_t code, uint32_t rest,
     size_t payload)
{
    put8(b, type);
    put8(b, code);
    put16(b, 0);                /* Checksum: finish(). */
    put32(b, rest);
    put_pattern(b, payload);
}

/* ICMPv6 has the same 8-byte start as ICMPv4 for the messages used here. */
#define icmp6 icmp

static void
nd(struct builder *b, uint8_t type, uint32_t rso, const char *target)
{
    put8(b, type);
    put8(b, 0);
    put16(b, 0);                /* Checksum: finish(). */
    put32(b, rso);
    put_ip6(b, target);
}

static void
nd_lladdr(struct builder *b, uint8_t type, const char *mac)
{
    put8(b, type);
    put8(b, 1);
    put_mac(b, mac);
}

/* Fixing up. */

/* Fills in the 802.3 length and the outer IP header's length (and IPv4
 * header checksum) from the packet's current size. */
static void
fix_lengths(struct builder *b)
{
    size_t size = b->pkt->size;

    if (b->len_8023_ofs != NONE) {
        put_unaligned_be16(at(b, b->len_8023_ofs),
                           htons(size - b->len_8023_ofs - 2));
    }
    if (b->ip_ofs != NONE && b->ip_version == 4) {
        uint8_t *ip = at(b, b->ip_ofs);
        size_t ihl = IP_IHL(ip[0]) * 4;
        put_unaligned_be16(ip + offsetof(struct ip_header, ip_tot_len),
                           htons(size - b->ip_ofs));
        put_unaligned_be16(ip + offsetof(struct ip_header, ip_csum), 0);
        put_unaligned_be16(ip + offsetof(struct ip_header, ip_csum),
                           csum(ip, ihl));
    } else if (b->ip_ofs != NONE) {
        uint8_t *ip = at(b, b->ip_ofs);
        put_unaligned_be16(ip + offsetof(struct ip6_header, ip6_payload_len),
                           htons(size - b->ip_ofs - IPV6_HEADER_LEN));
    }
}

/* Recomputes the IPv4 header checksum after a deliberate change. */
static void
fix_ip4_csum(struct builder *b)
{
    uint8_t *ip = at(b, b->ip_ofs);
    size_t ihl = MAX(IP_IHL(ip[0]) * 4, IP_HEADER_LEN);

    put_unaligned_be16(ip + offsetof(struct ip_header, ip_csum), 0);
    put_unaligned_be16(ip + offsetof(struct ip_header, ip_csum),
                       csum(ip, ihl));
}

static void
fix_l4_csum(struct builder *b)
{
    if (b->ip_ofs == NONE || b->l4_ofs == NONE
        || b->l4_ofs >= b->pkt->size) {
        return;
    }

    uint8_t *ip = at(b, b->ip_ofs);
    uint8_t *l4 = at(b, b->l4_ofs);
    size_t n = b->pkt->size - b->l4_ofs;
    uint32_t pseudo;
    if (b->ip_version == 4) {
        pseudo = csum_pseudo_ipv4(
            get_unaligned_be32(ip + offsetof(struct ip_header, ip_src)),
            get_unaligned_be32(ip + offsetof(struct ip_header, ip_dst)),
            b->l4_proto, n);
    } else {
        struct in6_addr src, dst;
        memcpy(&src, ip + offsetof(struct ip6_header, ip6_src), 16);
        memcpy(&dst, (b->final_dst_ofs != NONE ? at(b, b->final_dst_ofs)
                      : ip + offsetof(struct ip6_header, ip6_dst)), 16);
        pseudo = csum_pseudo_ipv6(&src, &dst, b->l4_proto, n);
    }

    size_t csum_ofs;
    bool use_pseudo = true;
    switch (b->l4_proto) {
    case IPPROTO_TCP:
        csum_ofs = offsetof(struct tcp_header, tcp_csum);
        break;
    case IPPROTO_UDP:
        csum_ofs = offsetof(struct udp_header, udp_csum);
        break;
    case IPPROTO_ICMP:
        if (b->ip_version != 4) {
            return;
        }
        csum_ofs = offsetof(struct icmp_header, icmp_csum);
        use_pseudo = false;
        break;
    case IPPROTO_ICMPV6:
        if (b->ip_version != 6) {
            return;
        }
        csum_ofs = offsetof(struct icmp6_header, icmp6_csum);
        break;
    case IPPROTO_SCTP:
        if (n >= SCTP_HEADER_LEN) {
            put_unaligned_be32(l4 + offsetof(struct sctp_header, sctp_csum),
                               sctp_csum(l4, n));
        }
        return;
    default:
        return;
    }
    if (n < csum_ofs + 2) {
        return;
    }

    put_unaligned_be16(l4 + csum_ofs, 0);
    be16 sum = csum_finish(csum_continue(use_pseudo ? pseudo : 0, l4, n));
    if (b->l4_proto == IPPROTO_UDP && !sum) {
        sum = 0xffff;
    }
    put_unaligned_be16(l4 + csum_ofs, sum);
}

static void
finish(struct builder *b)
{
    fix_lengths(b);
    fix_l4_csum(b);
}

/* Cuts the packet to SIZE bytes and fixes the lengths and, if the field
 * is still there, the L4 checksum to match: a well-formed IP packet with
 * a truncated L4 header. */
static void
chop(struct builder *b, size_t size)
{
    sluice_assert(size <= b->pkt->size);
    b->pkt->size = size;
    finish(b);
}

/* The shapes.  Each function builds one packet. */

static void
s_eth_unknown_type(struct builder *b)
{
    eth(b, 0x88b5);
    put_pattern(b, 46);
}

static void
s_eth_8023_llc(struct builder *b)
{
    eth_8023(b);
    put8(b, 0x42);              /* Spanning tree LLC. */
    put8(b, 0x42);
    put8(b, 0x03);
    put(b, NULL, 35);           /* Configuration BPDU. */
    finish(b);
}

static void
s_eth_8023_snap_ipv4_udp(struct builder *b)
{
    eth_8023(b);
    llc_snap(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40001, 50001, 12);
    finish(b);
}

/* SNAP with a nonzero OUI: the type is not an Ethernet type. */
static void
s_eth_8023_snap_cisco(struct builder *b)
{
    static const uint8_t hdr[] = { 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c };

    eth_8023(b);
    put(b, hdr, sizeof hdr);
    put16(b, 0x2000);           /* CDP. */
    put8(b, 2);                 /* Version. */
    put8(b, 180);               /* TTL. */
    put16(b, 0);                /* Checksum. */
    put(b, NULL, 28);
    finish(b);
}

static void
s_vlan_ipv4_udp(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021Q);
    vlan(b, 5, false, 100, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40002, 50002, 18);
    finish(b);
}

static void
s_vlan_dei_ipv4_tcp(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021Q);
    vlan(b, 0, true, 4094, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40003, 443, TCP_ACK, 0, 10);
    finish(b);
}

static void
s_qinq_88a8_ipv4_tcp(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021AD);
    vlan(b, 3, false, 10, ETH_TYPE_VLAN_8021Q);
    vlan(b, 6, false, 2000, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40004, 22, TCP_SYN, 4, 0);
    finish(b);
}

static void
s_qinq_8100_8100_ipv4_udp(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021Q);
    vlan(b, 1, false, 1, ETH_TYPE_VLAN_8021Q);
    vlan(b, 7, true, 4095, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40005, 50005, 8);
    finish(b);
}

static void
s_vlan3_ipv4_udp(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021AD);
    vlan(b, 0, false, 11, ETH_TYPE_VLAN_8021Q);
    vlan(b, 0, false, 22, ETH_TYPE_VLAN_8021Q);
    vlan(b, 0, false, 33, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40006, 50006, 8);
    finish(b);
}

static void
s_arp_request(struct builder *b)
{
    eth_macs(b, "ff:ff:ff:ff:ff:ff", MAC_B, ETH_TYPE_ARP);
    arp(b, ARP_OP_REQUEST, MAC_B, "192.168.1.20", "00:00:00:00:00:00",
        "192.168.1.1");
    put(b, NULL, 18);           /* Padding to the minimum frame. */
}

static void
s_arp_reply(struct builder *b)
{
    eth_macs(b, MAC_B, MAC_A, ETH_TYPE_ARP);
    arp(b, ARP_OP_REPLY, MAC_A, "192.168.1.1", MAC_B, "192.168.1.20");
}

static void
s_rarp_request(struct builder *b)
{
    eth_macs(b, "ff:ff:ff:ff:ff:ff", MAC_C, ETH_TYPE_RARP);
    arp(b, ARP_OP_RARP_REQUEST, MAC_C, "0.0.0.0", MAC_C, "0.0.0.0");
}

static void
s_arp_op_256(struct builder *b)
{
    eth_macs(b, MAC_B, MAC_A, ETH_TYPE_ARP);
    arp(b, 256, MAC_A, "192.168.1.1", MAC_B, "192.168.1.20");
}

static void
s_vlan_arp_request(struct builder *b)
{
    eth_macs(b, "ff:ff:ff:ff:ff:ff", MAC_C, ETH_TYPE_VLAN_8021Q);
    vlan(b, 0, false, 42, ETH_TYPE_ARP);
    arp(b, ARP_OP_REQUEST, MAC_C, "10.0.42.5", "00:00:00:00:00:00",
        "10.0.42.1");
}

static void
s_ipv4_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 53000, 53, 32);
    finish(b);
}

static void
s_ipv4_udp_padded(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40007, 50007, 2);
    finish(b);
    put(b, NULL, ETH_TOTAL_MIN - b->pkt->size);
}

static void
s_ipv4_options_udp(struct builder *b)
{
    static const uint8_t router_alert[] = { 0x94, 0x04, 0x00, 0x00 };

    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_UDP, .ttl = 1,
                                 .options = router_alert,
                                 .options_len = sizeof router_alert });
    udp(b, 40008, 50008, 4);
    finish(b);
}

static void
s_ipv4_options_max_tcp(struct builder *b)
{
    uint8_t options[40];

    memset(options, 1, sizeof options);     /* NOPs... */
    options[sizeof options - 1] = 0;         /* ...and end of list. */
    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_TCP, .options = options,
                                 .options_len = sizeof options });
    tcp(b, 40009, 8080, TCP_PSH | TCP_ACK, 0, 5);
    finish(b);
}

static void
s_ipv4_tcp_syn(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_TCP,
                                 .frag = IP_DONT_FRAGMENT });
    tcp(b, 40010, 80, TCP_SYN, 4, 0);
    finish(b);
}

static void
s_ipv4_tcp_synack(struct builder *b)
{
    eth_macs(b, MAC_B, MAC_A, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_TCP, .src = IP4_B,
                                 .dst = IP4_A,
                                 .frag = IP_DONT_FRAGMENT });
    tcp(b, 80, 40010, TCP_SYN | TCP_ACK, 4, 0);
    finish(b);
}

static void
s_ipv4_tcp_fin_psh_ack(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40011, 80, TCP_FIN | TCP_PSH | TCP_ACK, 12, 20);
    finish(b);
}

static void
s_ipv4_tcp_rst(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40012, 25, TCP_RST, 0, 0);
    finish(b);
}

static void
s_ipv4_tcp_ecn_urg_ns(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_TCP, .tos = 0x03 });
    tcp(b, 40013, 5001, TCP_NS | TCP_CWR | TCP_ECE | TCP_URG | TCP_ACK,
        0, 4);
    finish(b);
}

/* The three reserved bits after the data offset count as flags. */
static void
s_ipv4_tcp_reserved_bits(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40043, 80, 0xe00 | TCP_SYN, 0, 0);
    finish(b);
}

static void
s_ipv4_sctp(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_SCTP);
    sctp(b, 2905, 2906);
    finish(b);
}

static void
s_ipv4_icmp_echo_request(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_ICMP);
    icmp(b, ICMP4_ECHO_REQUEST, 0, 0x12340001, 56);
    finish(b);
}

static void
s_ipv4_icmp_echo_reply(struct builder *b)
{
    eth_macs(b, MAC_B, MAC_A, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_ICMP, .src = IP4_B,
                                 .dst = IP4_A });
    icmp(b, ICMP4_ECHO_REPLY, 0, 0x12340001, 56);
    finish(b);
}

static void
s_ipv4_icmp_port_unreach(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_ICMP, .tos = 0xc0 });
    icmp(b, ICMP4_DST_UNREACH, 3, 0, 0);
    inner_ipv4_udp(b, 4);
    finish(b);
}

static void
s_ipv4_frag_first_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_UDP,
                                 .frag = IP_MORE_FRAGMENTS });
    udp(b, 40014, 50014, 96);
    /* The UDP length covers the whole datagram, not just this fragment. */
    put_unaligned_be16(at(b, b->l4_ofs + 4), htons(UDP_HEADER_LEN + 1400));
    finish(b);
}

static void
s_ipv4_frag_middle_tcp(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_TCP,
                                 .frag = IP_MORE_FRAGMENTS | 185 });
    put_pattern(b, 96);
    finish(b);
}

static void
s_ipv4_frag_last_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_UDP, .frag = 370 });
    put_pattern(b, 40);
    finish(b);
}

static void
s_ipv4_df_tos_ttl_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4(b, &(struct ip4_spec) { .proto = IPPROTO_UDP, .tos = 0xb9,
                                 .ttl = 1, .frag = IP_DONT_FRAGMENT });
    udp(b, 40015, 50015, 8);
    finish(b);
}

static void
s_ipv4_ipip(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_IPIP);
    inner_ipv4_udp(b, 8);
    finish(b);
}

static void
s_ipv4_proto_253(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, 253);
    put_pattern(b, 30);
    finish(b);
}

static void
s_ipv6_tcp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_TCP);
    tcp(b, 40016, 443, TCP_SYN, 4, 0);
    finish(b);
}

static void
s_ipv6_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_UDP, .tclass = 0xff,
                                 .label = 0xfffff, .hlim = 255 });
    udp(b, 546, 547, 20);
    finish(b);
}

static void
s_ipv6_sctp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_SCTP);
    sctp(b, 36412, 36412);
    finish(b);
}

static void
s_ipv6_icmpv6_echo_request(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_ICMPV6);
    icmp6(b, ICMP6_TYPE_ECHO_REQUEST, 0, 0x77770001, 32);
    finish(b);
}

static void
s_ipv6_icmpv6_echo_reply(struct builder *b)
{
    eth_macs(b, MAC_B, MAC_A, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .src = IP6_B,
                                 .dst = IP6_A });
    icmp6(b, ICMP6_TYPE_ECHO_REPLY, 0, 0x77770001, 32);
    finish(b);
}

static void
s_ipv6_icmpv6_unreach(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_ICMPV6);
    icmp6(b, ICMP6_TYPE_DST_UNREACH, 4, 0, 0);
    /* The quoted packet: an IPv6 header and a UDP header. */
    put32(b, (uint32_t) IPV6_VERSION << 28);
    put16(b, UDP_HEADER_LEN);
    put8(b, IPPROTO_UDP);
    put8(b, 3);
    put_ip6(b, IP6_B);
    put_ip6(b, "2001:db8::99");
    put16(b, 40017);
    put16(b, 50017);
    put16(b, UDP_HEADER_LEN);
    put16(b, 0x1234);
    finish(b);
}

static void
s_ipv6_hopopts_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_HOPOPTS);
    ip6_opts(b, IPPROTO_UDP, 8, true);
    udp(b, 40018, 50018, 8);
    finish(b);
}

static void
s_ipv6_routing_tcp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_ROUTING);
    ip6_routing(b, IPPROTO_TCP);
    tcp(b, 40019, 80, TCP_SYN, 0, 0);
    finish(b);
}

static void
s_ipv6_dstopts_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_DSTOPTS);
    ip6_opts(b, IPPROTO_UDP, 16, false);
    udp(b, 40020, 50020, 8);
    finish(b);
}

static void
s_ipv6_hop_dst_routing_tcp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_HOPOPTS);
    ip6_opts(b, IPPROTO_DSTOPTS, 8, false);
    ip6_opts(b, IPPROTO_ROUTING, 8, false);
    ip6_routing(b, IPPROTO_DSTOPTS);
    ip6_opts(b, IPPROTO_TCP, 8, false);
    tcp(b, 40021, 179, TCP_PSH | TCP_ACK, 0, 19);
    finish(b);
}

static void
s_ipv6_frag_first_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_FRAGMENT);
    ip6_frag(b, IPPROTO_UDP, 0, true);
    udp(b, 40022, 50022, 64);
    finish(b);
}

static void
s_ipv6_frag_later_udp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_FRAGMENT);
    ip6_frag(b, IPPROTO_UDP, 1232, false);
    put_pattern(b, 48);
    finish(b);
}

static void
s_ipv6_atomic_frag_icmpv6(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_FRAGMENT);
    ip6_frag(b, IPPROTO_ICMPV6, 0, false);
    icmp6(b, ICMP6_TYPE_ECHO_REQUEST, 0, 0x88880002, 16);
    finish(b);
}

static void
s_ipv6_ah_tcp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_AH);
    ip6_ah(b, IPPROTO_TCP);
    tcp(b, 40023, 500, TCP_ACK, 0, 8);
    finish(b);
}

static void
s_ipv6_esp(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_ESP);
    put32(b, 0x2000);           /* SPI. */
    put32(b, 1);                /* Sequence. */
    put_pattern(b, 40);
    finish(b);
}

static void
s_ipv6_no_next(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_NONE);
    finish(b);
}

static void
s_nd_ns_sll(struct builder *b)
{
    eth_macs(b, "33:33:ff:00:00:20", MAC_B, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255,
                                 .dst = "ff02::1:ff00:20" });
    nd(b, ND_TYPE_NEIGHBOR_SOLICIT, 0, IP6_B);
    nd_lladdr(b, ND_OPT_SOURCE_LINKADDR, MAC_B);
    finish(b);
}

static void
s_nd_ns_dad(struct builder *b)
{
    eth_macs(b, "33:33:ff:00:00:10", MAC_B, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255,
                                 .src = "::", .dst = "ff02::1:ff00:10" });
    nd(b, ND_TYPE_NEIGHBOR_SOLICIT, 0, IP6_A);
    finish(b);
}

static void
s_nd_na_tll(struct builder *b)
{
    eth_macs(b, MAC_B, MAC_A, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255,
                                 .src = IP6_B, .dst = IP6_A });
    nd(b, ND_TYPE_NEIGHBOR_ADVERT, ND_RSO_SOLICITED | ND_RSO_OVERRIDE,
       IP6_B);
    nd_lladdr(b, ND_OPT_TARGET_LINKADDR, MAC_A);
    finish(b);
}

static void
s_nd_na_tll_mtu(struct builder *b)
{
    eth_macs(b, "33:33:00:00:00:01", MAC_A, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255,
                                 .src = IP6_B, .dst = "ff02::1" });
    nd(b, ND_TYPE_NEIGHBOR_ADVERT, ND_RSO_ROUTER | ND_RSO_OVERRIDE, IP6_B);
    put8(b, 5);                 /* MTU option. */
    put8(b, 1);
    put16(b, 0);
    put32(b, 1500);
    nd_lladdr(b, ND_OPT_TARGET_LINKADDR, MAC_C);
    finish(b);
}

static void
s_nd_ns_sll_tll(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255 });
    nd(b, ND_TYPE_NEIGHBOR_SOLICIT, 0, "fe80::1");
    nd_lladdr(b, ND_OPT_SOURCE_LINKADDR, MAC_B);
    nd_lladdr(b, ND_OPT_TARGET_LINKADDR, MAC_C);
    finish(b);
}

static void
s_mpls_1_ipv4(struct builder *b)
{
    eth(b, ETH_TYPE_MPLS);
    mpls(b, 16, 0, true, 64);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40024, 50024, 8);
    finish(b);
}

static void
s_mpls_2(struct builder *b)
{
    eth(b, ETH_TYPE_MPLS);
    mpls(b, 1048575, 7, false, 255);
    mpls(b, 3, 5, true, 1);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40025, 80, TCP_SYN, 0, 0);
    finish(b);
}

static void
s_mpls_3(struct builder *b)
{
    eth(b, ETH_TYPE_MPLS);
    mpls(b, 100, 1, false, 10);
    mpls(b, 200, 2, false, 20);
    mpls(b, 300, 3, true, 30);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40026, 50026, 8);
    finish(b);
}

static void
s_mpls_4(struct builder *b)
{
    eth(b, ETH_TYPE_MPLS);
    mpls(b, 1000, 0, false, 64);
    mpls(b, 2000, 0, false, 63);
    mpls(b, 3000, 0, false, 62);
    mpls(b, 4000, 0, true, 61);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40027, 50027, 8);
    finish(b);
}

static void
s_mpls_mcast_1(struct builder *b)
{
    eth_macs(b, "01:00:5e:80:00:01", MAC_B, ETH_TYPE_MPLS_MCAST);
    mpls(b, 299776, 4, true, 32);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40028, 50028, 8);
    finish(b);
}

static void
s_vlan_mpls_2(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021Q);
    vlan(b, 2, false, 300, ETH_TYPE_MPLS);
    mpls(b, 17, 0, false, 64);
    mpls(b, 18, 0, true, 64);
    ipv4_simple(b, IPPROTO_ICMP);
    icmp(b, ICMP4_ECHO_REQUEST, 0, 1, 8);
    finish(b);
}

static void
s_vlan_ipv6_tcp(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021Q);
    vlan(b, 4, false, 512, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_TCP);
    tcp(b, 40029, 22, TCP_FIN | TCP_ACK, 0, 0);
    finish(b);
}

static void
s_qinq_ipv6_icmpv6_echo(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021AD);
    vlan(b, 1, false, 7, ETH_TYPE_VLAN_8021Q);
    vlan(b, 2, false, 8, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_ICMPV6);
    icmp6(b, ICMP6_TYPE_ECHO_REQUEST, 0, 0x00010002, 8);
    finish(b);
}

static void
s_vlan_nd_na(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021Q);
    vlan(b, 0, false, 99, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255,
                                 .src = IP6_B, .dst = IP6_A });
    nd(b, ND_TYPE_NEIGHBOR_ADVERT, ND_RSO_SOLICITED, IP6_B);
    nd_lladdr(b, ND_OPT_TARGET_LINKADDR, MAC_B);
    finish(b);
}

/* Truncated and malformed shapes. */

static void
m_eth_truncated(struct builder *b)
{
    put_mac(b, MAC_A);
    put(b, NULL, 4);
}

static void
m_eth_header_only(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
}

static void
m_vlan_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_VLAN_8021Q);
    put16(b, 100);              /* TCI, without the next type. */
}

static void
m_snap_truncated(struct builder *b)
{
    eth_8023(b);
    put8(b, 0xaa);
    put8(b, 0xaa);
    put8(b, 0x03);
    put8(b, 0x00);
    put8(b, 0x00);
    finish(b);
}

static void
m_mpls_no_bos(struct builder *b)
{
    eth(b, ETH_TYPE_MPLS);
    mpls(b, 500, 0, false, 64);
    mpls(b, 501, 0, false, 64);
    put16(b, 0x1f4);            /* Half a label stack entry. */
}

static void
m_arp_truncated(struct builder *b)
{
    eth_macs(b, "ff:ff:ff:ff:ff:ff", MAC_B, ETH_TYPE_ARP);
    arp(b, ARP_OP_REQUEST, MAC_B, "192.168.1.20", "00:00:00:00:00:00",
        "192.168.1.1");
    b->pkt->size -= 8;
}

static void
m_arp_bad_hln(struct builder *b)
{
    eth_macs(b, "ff:ff:ff:ff:ff:ff", MAC_B, ETH_TYPE_ARP);
    size_t ofs = b->pkt->size;
    arp(b, ARP_OP_REQUEST, MAC_B, "192.168.1.20", "00:00:00:00:00:00",
        "192.168.1.1");
    *at(b, ofs + offsetof(struct arp_eth_header, ar_hln)) = 8;
    put(b, NULL, 4);            /* Room for the longer addresses. */
}

static void
m_arp_bad_proto(struct builder *b)
{
    eth_macs(b, "ff:ff:ff:ff:ff:ff", MAC_B, ETH_TYPE_ARP);
    size_t ofs = b->pkt->size;
    arp(b, ARP_OP_REQUEST, MAC_B, "192.168.1.20", "00:00:00:00:00:00",
        "192.168.1.1");
    put_unaligned_be16(at(b, ofs + offsetof(struct arp_eth_header, ar_pro)),
                       htons(0x0801));
}

static void
m_ipv4_header_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    finish(b);
    b->pkt->size -= 4;
}

static void
m_ipv4_bad_ihl(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40030, 50030, 8);
    finish(b);
    *at(b, b->ip_ofs) = IP_IHL_VER(4, IP_VERSION);
    fix_ip4_csum(b);
}

static void
m_ipv4_ihl_too_big(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40031, 50031, 8);
    finish(b);
    *at(b, b->ip_ofs) = IP_IHL_VER(15, IP_VERSION);
}

static void
m_ipv4_totlen_too_big(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40032, 50032, 8);
    finish(b);
    put_unaligned_be16(at(b, b->ip_ofs + 2),
                       htons(b->pkt->size - b->ip_ofs + 10));
    fix_ip4_csum(b);
}

static void
m_ipv4_totlen_too_small(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40033, 50033, 8);
    finish(b);
    put_unaligned_be16(at(b, b->ip_ofs + 2), htons(16));
    fix_ip4_csum(b);
}

static void
m_ipv4_bad_version(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40034, 50034, 8);
    finish(b);
    *at(b, b->ip_ofs) = IP_IHL_VER(5, 5);
    fix_ip4_csum(b);
}

static void
m_ipv4_tcp_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40035, 80, TCP_SYN, 0, 0);
    finish(b);
    chop(b, b->l4_ofs + 10);
}

static void
m_ipv4_tcp_bad_doff(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40036, 80, TCP_SYN, 0, 4);
    uint8_t *ctl = at(b, b->l4_ofs + offsetof(struct tcp_header, tcp_ctl));
    *ctl = (*ctl & 0x0f) | (4 << 4);
    finish(b);
}

static void
m_ipv4_tcp_doff_too_big(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_TCP);
    tcp(b, 40037, 80, TCP_SYN, 0, 4);
    uint8_t *ctl = at(b, b->l4_ofs + offsetof(struct tcp_header, tcp_ctl));
    *ctl = (*ctl & 0x0f) | (15 << 4);
    finish(b);
}

static void
m_ipv4_udp_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_UDP);
    udp(b, 40038, 50038, 0);
    finish(b);
    chop(b, b->l4_ofs + 6);
}

static void
m_ipv4_sctp_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_SCTP);
    sctp(b, 40039, 50039);
    finish(b);
    chop(b, b->l4_ofs + 8);
}

static void
m_ipv4_icmp_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IP);
    ipv4_simple(b, IPPROTO_ICMP);
    icmp(b, ICMP4_ECHO_REQUEST, 0, 1, 0);
    finish(b);
    chop(b, b->l4_ofs + 4);
}

static void
m_ipv6_header_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_NONE);
    finish(b);
    b->pkt->size -= 8;
}

static void
m_ipv6_plen_too_big(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_UDP);
    udp(b, 40040, 50040, 8);
    finish(b);
    put_unaligned_be16(at(b, b->ip_ofs + 4),
                       htons(b->pkt->size - b->ip_ofs - IPV6_HEADER_LEN
                             + 8));
}

static void
m_ipv6_bad_version(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_UDP);
    udp(b, 40041, 50041, 8);
    finish(b);
    uint8_t *ip = at(b, b->ip_ofs);
    ip[0] = (ip[0] & 0x0f) | (7 << 4);
}

static void
m_ipv6_hopopts_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_HOPOPTS);
    size_t ofs = b->pkt->size;
    ip6_opts(b, IPPROTO_UDP, 8, false);
    *at(b, ofs + 1) = 1;        /* Claims 16 bytes; 8 are present. */
    finish(b);
}

static void
m_ipv6_dstopts_short(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_DSTOPTS);
    put8(b, IPPROTO_UDP);
    put8(b, 0);
    put8(b, 1);                 /* PadN, cut short. */
    put8(b, 2);
    put16(b, 0);
    finish(b);
}

static void
m_ipv6_fraghdr_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_FRAGMENT);
    put8(b, IPPROTO_UDP);
    put8(b, 0);
    put16(b, IPV6_FRAG_MORE);
    finish(b);
}

static void
m_ipv6_tcp_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_TCP);
    tcp(b, 40042, 80, TCP_SYN, 0, 0);
    finish(b);
    chop(b, b->l4_ofs + 12);
}

static void
m_ipv6_icmpv6_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6_simple(b, IPPROTO_ICMPV6);
    icmp6(b, ICMP6_TYPE_ECHO_REQUEST, 0, 0, 0);
    finish(b);
    chop(b, b->l4_ofs + 2);
}

static void
m_nd_ns_truncated(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255 });
    nd(b, ND_TYPE_NEIGHBOR_SOLICIT, 0, IP6_B);
    finish(b);
    chop(b, b->l4_ofs + 20);
}

static void
m_nd_ns_zero_len_opt(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255 });
    nd(b, ND_TYPE_NEIGHBOR_SOLICIT, 0, IP6_B);
    nd_lladdr(b, ND_OPT_SOURCE_LINKADDR, MAC_B);
    put8(b, 14);                /* Nonce option with length 0. */
    put8(b, 0);
    put(b, NULL, 6);
    finish(b);
}

static void
m_nd_ns_opt_overrun(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255 });
    nd(b, ND_TYPE_NEIGHBOR_SOLICIT, 0, IP6_B);
    size_t ofs = b->pkt->size;
    nd_lladdr(b, ND_OPT_SOURCE_LINKADDR, MAC_B);
    *at(b, ofs + 1) = 2;        /* Claims 16 bytes; 8 are present. */
    finish(b);
}

static void
m_nd_na_dup_tll(struct builder *b)
{
    eth(b, ETH_TYPE_IPV6);
    ipv6(b, &(struct ip6_spec) { .nxt = IPPROTO_ICMPV6, .hlim = 255 });
    nd(b, ND_TYPE_NEIGHBOR_ADVERT, ND_RSO_SOLICITED, IP6_A);
    nd_lladdr(b, ND_OPT_TARGET_LINKADDR, MAC_A);
    nd_lladdr(b, ND_OPT_TARGET_LINKADDR, MAC_C);
    finish(b);
}

struct shape {
    const char *name;
    bool malformed;
    void (*build)(struct builder *);
};

static const struct shape shapes[] = {
#define S(NAME, FUNC) { NAME, false, FUNC }
#define M(NAME, FUNC) { NAME, true, FUNC }
    S("eth-unknown-type", s_eth_unknown_type),
    S("eth-8023-llc", s_eth_8023_llc),
    S("eth-8023-snap-ipv4-udp", s_eth_8023_snap_ipv4_udp),
    S("eth-8023-snap-cisco", s_eth_8023_snap_cisco),
    S("vlan-ipv4-udp", s_vlan_ipv4_udp),
    S("vlan-dei-ipv4-tcp", s_vlan_dei_ipv4_tcp),
    S("qinq-88a8-ipv4-tcp", s_qinq_88a8_ipv4_tcp),
    S("qinq-8100-8100-ipv4-udp", s_qinq_8100_8100_ipv4_udp),
    S("vlan3-ipv4-udp", s_vlan3_ipv4_udp),
    S("arp-request", s_arp_request),
    S("arp-reply", s_arp_reply),
    S("rarp-request", s_rarp_request),
    S("arp-op-256", s_arp_op_256),
    S("vlan-arp-request", s_vlan_arp_request),
    S("ipv4-udp", s_ipv4_udp),
    S("ipv4-udp-padded", s_ipv4_udp_padded),
    S("ipv4-options-udp", s_ipv4_options_udp),
    S("ipv4-options-max-tcp", s_ipv4_options_max_tcp),
    S("ipv4-tcp-syn", s_ipv4_tcp_syn),
    S("ipv4-tcp-synack", s_ipv4_tcp_synack),
    S("ipv4-tcp-fin-psh-ack", s_ipv4_tcp_fin_psh_ack),
    S("ipv4-tcp-rst", s_ipv4_tcp_rst),
    S("ipv4-tcp-ecn-urg-ns", s_ipv4_tcp_ecn_urg_ns),
    S("ipv4-tcp-reserved-bits", s_ipv4_tcp_reserved_bits),
    S("ipv4-sctp", s_ipv4_sctp),
    S("ipv4-icmp-echo-request", s_ipv4_icmp_echo_request),
    S("ipv4-icmp-echo-reply", s_ipv4_icmp_echo_reply),
    S("ipv4-icmp-port-unreach", s_ipv4_icmp_port_unreach),
    S("ipv4-frag-first-udp", s_ipv4_frag_first_udp),
    S("ipv4-frag-middle-tcp", s_ipv4_frag_middle_tcp),
    S("ipv4-frag-last-udp", s_ipv4_frag_last_udp),
    S("ipv4-df-tos-ttl-udp", s_ipv4_df_tos_ttl_udp),
    S("ipv4-ipip", s_ipv4_ipip),
    S("ipv4-proto-253", s_ipv4_proto_253),
    S("ipv6-tcp", s_ipv6_tcp),
    S("ipv6-udp", s_ipv6_udp),
    S("ipv6-sctp", s_ipv6_sctp),
    S("ipv6-icmpv6-echo-request", s_ipv6_icmpv6_echo_request),
    S("ipv6-icmpv6-echo-reply", s_ipv6_icmpv6_echo_reply),
    S("ipv6-icmpv6-unreach", s_ipv6_icmpv6_unreach),
    S("ipv6-hopopts-udp", s_ipv6_hopopts_udp),
    S("ipv6-routing-tcp", s_ipv6_routing_tcp),
    S("ipv6-dstopts-udp", s_ipv6_dstopts_udp),
    S("ipv6-hop-dst-routing-tcp", s_ipv6_hop_dst_routing_tcp),
    S("ipv6-frag-first-udp", s_ipv6_frag_first_udp),
    S("ipv6-frag-later-udp", s_ipv6_frag_later_udp),
    S("ipv6-atomic-frag-icmpv6", s_ipv6_atomic_frag_icmpv6),
    S("ipv6-ah-tcp", s_ipv6_ah_tcp),
    S("ipv6-esp", s_ipv6_esp),
    S("ipv6-no-next", s_ipv6_no_next),
    S("nd-ns-sll", s_nd_ns_sll),
    S("nd-ns-dad", s_nd_ns_dad),
    S("nd-na-tll", s_nd_na_tll),
    S("nd-na-tll-mtu", s_nd_na_tll_mtu),
    S("nd-ns-sll-tll", s_nd_ns_sll_tll),
    S("mpls-1-ipv4", s_mpls_1_ipv4),
    S("mpls-2", s_mpls_2),
    S("mpls-3", s_mpls_3),
    S("mpls-4", s_mpls_4),
    S("mpls-mcast-1", s_mpls_mcast_1),
    S("vlan-mpls-2", s_vlan_mpls_2),
    S("vlan-ipv6-tcp", s_vlan_ipv6_tcp),
    S("qinq-ipv6-icmpv6-echo", s_qinq_ipv6_icmpv6_echo),
    S("vlan-nd-na", s_vlan_nd_na),
    M("eth-truncated", m_eth_truncated),
    M("eth-header-only", m_eth_header_only),
    M("vlan-truncated", m_vlan_truncated),
    M("snap-truncated", m_snap_truncated),
    M("mpls-no-bos", m_mpls_no_bos),
    M("arp-truncated", m_arp_truncated),
    M("arp-bad-hln", m_arp_bad_hln),
    M("arp-bad-proto", m_arp_bad_proto),
    M("ipv4-header-truncated", m_ipv4_header_truncated),
    M("ipv4-bad-ihl", m_ipv4_bad_ihl),
    M("ipv4-ihl-too-big", m_ipv4_ihl_too_big),
    M("ipv4-totlen-too-big", m_ipv4_totlen_too_big),
    M("ipv4-totlen-too-small", m_ipv4_totlen_too_small),
    M("ipv4-bad-version", m_ipv4_bad_version),
    M("ipv4-tcp-truncated", m_ipv4_tcp_truncated),
    M("ipv4-tcp-bad-doff", m_ipv4_tcp_bad_doff),
    M("ipv4-tcp-doff-too-big", m_ipv4_tcp_doff_too_big),
    M("ipv4-udp-truncated", m_ipv4_udp_truncated),
    M("ipv4-sctp-truncated", m_ipv4_sctp_truncated),
    M("ipv4-icmp-truncated", m_ipv4_icmp_truncated),
    M("ipv6-header-truncated", m_ipv6_header_truncated),
    M("ipv6-plen-too-big", m_ipv6_plen_too_big),
    M("ipv6-bad-version", m_ipv6_bad_version),
    M("ipv6-hopopts-truncated", m_ipv6_hopopts_truncated),
    M("ipv6-dstopts-short", m_ipv6_dstopts_short),
    M("ipv6-fraghdr-truncated", m_ipv6_fraghdr_truncated),
    M("ipv6-tcp-truncated", m_ipv6_tcp_truncated),
    M("ipv6-icmpv6-truncated", m_ipv6_icmpv6_truncated),
    M("nd-ns-truncated", m_nd_ns_truncated),
    M("nd-ns-zero-len-opt", m_nd_ns_zero_len_opt),
    M("nd-ns-opt-overrun", m_nd_ns_opt_overrun),
    M("nd-na-dup-tll", m_nd_na_dup_tll),
#undef S
#undef M
};

size_t
flow_shapes_count(void)
{
    return ARRAY_SIZE(shapes);
}

void
flow_shape_build(size_t idx, struct flow_shape_packet *pkt)
{
    sluice_assert(idx < ARRAY_SIZE(shapes));

    struct builder b = {
        .pkt = pkt,
        .len_8023_ofs = NONE,
        .ip_ofs = NONE,
        .l4_ofs = NONE,
        .final_dst_ofs = NONE,
    };
    pkt->name = shapes[idx].name;
    pkt->malformed = shapes[idx].malformed;
    pkt->size = 0;
    shapes[idx].build(&b);
}

bool
flow_shape_build_by_name(const char *name, struct flow_shape_packet *pkt)
{
    for (size_t i = 0; i < ARRAY_SIZE(shapes); i++) {
        if (!strcmp(shapes[i].name, name)) {
            flow_shape_build(i, pkt);
            return true;
        }
    }
    return false;
}

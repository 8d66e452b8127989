/*
 * packets: protocol header layouts, constants and small helpers for the
 * headers Sluice parses and rewrites (Ethernet, 802.1Q/802.1ad, LLC/SNAP,
 * MPLS, ARP, IPv4, IPv6 and its extension headers, TCP, UDP, SCTP, ICMPv4,
 * ICMPv6 and neighbour discovery).
 *
 * Byte order: be16, be32 and be64 hold values in network byte order, as
 * they appear on the wire.  They are plain integer typedefs, so the
 * compiler does not check them: a name or a comment says which order a
 * value is in, and every conversion goes through htons()/ntohs() and
 * friends (or BE16_C()/BE32_C() for constants).
 *
 * Alignment: packet data is only guaranteed to be 2-byte aligned (an IP
 * header follows a 14-byte Ethernet header), so every header structure
 * here has 2-byte alignment: 32-bit fields are 'be32_a16' and IPv6
 * addresses 'union in6_addr_a16', read and written with the helpers below.
 * Code that may see data at any address (the flow parser) uses the
 * get_unaligned_*() helpers, which are safe at every alignment.
 *
 * Thread safety: everything here is a pure function or a constant.
 */
#ifndef SLUICE_PACKETS_H
#define SLUICE_PACKETS_H 1

#include <arpa/inet.h>
#include <endian.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "util.h"

struct ds;

/* Network byte order integers. */
typedef uint16_t be16;
typedef uint32_t be32;
typedef uint64_t be64;

/* Network byte order versions of integer constants, usable where a
 * constant expression is required (case labels, static initializers). */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define BE16_C(X) ((be16) (X))
#define BE32_C(X) ((be32) (X))
#define BE64_C(X) ((be64) (X))
#else
#define BE16_C(X) ((be16) ((((X) & 0xff) << 8) | (((X) >> 8) & 0xff)))
#define BE32_C(X)                                      \
    ((be32) ((((X) & UINT32_C(0x000000ff)) << 24)      \
             | (((X) & UINT32_C(0x0000ff00)) << 8)     \
             | (((X) & UINT32_C(0x00ff0000)) >> 8)     \
             | (((X) & UINT32_C(0xff000000)) >> 24)))
#define BE64_C(X)                                              \
    ((be64) (((uint64_t) BE32_C((uint64_t) (X) & 0xffffffff) << 32) \
             | BE32_C((uint64_t) (X) >> 32)))
#endif

static inline be64
htonll(uint64_t x)
{
    return htobe64(x);
}

static inline uint64_t
ntohll(be64 x)
{
    return be64toh(x);
}

/* Unaligned access.  These read or write a field in network byte order at
 * any address; they compile to plain loads and stores on x86. */
static inline be16
get_unaligned_be16(const void *p)
{
    be16 x;
    memcpy(&x, p, sizeof x);
    return x;
}

static inline be32
get_unaligned_be32(const void *p)
{
    be32 x;
    memcpy(&x, p, sizeof x);
    return x;
}

static inline be64
get_unaligned_be64(const void *p)
{
    be64 x;
    memcpy(&x, p, sizeof x);
    return x;
}

static inline void
put_unaligned_be16(void *p, be16 x)
{
    memcpy(p, &x, sizeof x);
}

static inline void
put_unaligned_be32(void *p, be32 x)
{
    memcpy(p, &x, sizeof x);
}

static inline void
put_unaligned_be64(void *p, be64 x)
{
    memcpy(p, &x, sizeof x);
}

/* A 32-bit network byte order field with 2-byte alignment, as found in
 * header structures below.  Access it with get_be32_a16() and
 * put_be32_a16(). */
typedef struct {
    be16 hi, lo;
} be32_a16;

static inline be32
get_be32_a16(const be32_a16 *x)
{
    be32 v;
    memcpy(&v, x, sizeof v);
    return v;
}

static inline void
put_be32_a16(be32_a16 *x, be32 v)
{
    memcpy(x, &v, sizeof v);
}

/* An IPv6 address with 2-byte alignment, for header structures. */
union in6_addr_a16 {
    uint8_t be8[16];
    be16 be16[8];
};

static inline void
get_in6_addr_a16(struct in6_addr *dst, const union in6_addr_a16 *src)
{
    memcpy(dst, src, sizeof *dst);
}

static inline void
put_in6_addr_a16(union in6_addr_a16 *dst, const struct in6_addr *src)
{
    memcpy(dst, src, sizeof *dst);
}

/* Ethernet addresses. */
#define ETH_ADDR_LEN 6

struct eth_addr {
    union {
        uint8_t ea[ETH_ADDR_LEN];
        be16 be16[ETH_ADDR_LEN / 2];
    };
};
BUILD_ASSERT_DECL(sizeof(struct eth_addr) == ETH_ADDR_LEN);

#define ETH_ADDR_C(A, B, C, D, E, F) \
    { { { 0x##A, 0x##B, 0x##C, 0x##D, 0x##E, 0x##F } } }

extern const struct eth_addr eth_addr_zero;
extern const struct eth_addr eth_addr_broadcast;

/* printf() format and arguments for an Ethernet address, e.g.
 * printf("mac " ETH_ADDR_FMT "\n", ETH_ADDR_ARGS(addr)). */
#define ETH_ADDR_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define ETH_ADDR_ARGS(EA) ETH_ADDR_BYTES_ARGS((EA).ea)
#define ETH_ADDR_BYTES_ARGS(EAB) \
    (EAB)[0], (EAB)[1], (EAB)[2], (EAB)[3], (EAB)[4], (EAB)[5]

static inline bool
eth_addr_equals(struct eth_addr a, struct eth_addr b)
{
    return !memcmp(&a, &b, sizeof a);
}

static inline bool
eth_addr_is_zero(struct eth_addr a)
{
    return !(a.be16[0] | a.be16[1] | a.be16[2]);
}

static inline bool
eth_addr_is_broadcast(struct eth_addr a)
{
    return (a.be16[0] & a.be16[1] & a.be16[2]) == 0xffff;
}

/* True for multicast and broadcast addresses (group bit set). */
static inline bool
eth_addr_is_multicast(struct eth_addr a)
{
    return a.ea[0] & 1;
}

static inline bool
eth_addr_is_local(struct eth_addr a)
{
    return a.ea[0] & 2;
}

/* Returns the address as the low 48 bits of an integer, first byte most
 * significant (00:00:00:00:00:01 is 1). */
static inline uint64_t
eth_addr_to_uint64(struct eth_addr a)
{
    return ((uint64_t) a.ea[0] << 40 | (uint64_t) a.ea[1] << 32
            | (uint64_t) a.ea[2] << 24 | (uint64_t) a.ea[3] << 16
            | (uint64_t) a.ea[4] << 8 | a.ea[5]);
}

/* Inverse of eth_addr_to_uint64(); bits above the low 48 are ignored. */
static inline struct eth_addr
eth_addr_from_uint64(uint64_t x)
{
    struct eth_addr a;
    for (int i = ETH_ADDR_LEN - 1; i >= 0; i--) {
        a.ea[i] = x & 0xff;
        x >>= 8;
    }
    return a;
}

/* Parses S, exactly six colon-separated groups of one or two hex digits
 * ("00:1b:21:0a:0b:0c"), into *EA.  Returns true on success; on failure
 * returns false and sets *EA to all zeros. */
bool eth_addr_from_string(const char *s, struct eth_addr *ea);

/* Appends EA in ETH_ADDR_FMT form to DS. */
void eth_addr_format(struct ds *ds, struct eth_addr ea);

/* Ethernet. */
#define ETH_HEADER_LEN 14
#define ETH_PAYLOAD_MIN 46
#define ETH_TOTAL_MIN (ETH_HEADER_LEN + ETH_PAYLOAD_MIN)

/* Ethernet types (host byte order). */
#define ETH_TYPE_IP            0x0800
#define ETH_TYPE_ARP           0x0806
#define ETH_TYPE_VLAN_8021Q    0x8100
#define ETH_TYPE_RARP          0x8035
#define ETH_TYPE_IPV6          0x86dd
#define ETH_TYPE_LACP          0x8809
#define ETH_TYPE_MPLS          0x8847
#define ETH_TYPE_MPLS_MCAST    0x8848
#define ETH_TYPE_VLAN_8021AD   0x88a8

/* Type fields below this value are 802.3 length fields: an LLC header
 * follows. */
#define ETH_TYPE_MIN 0x600

struct eth_header {
    struct eth_addr eth_dst;
    struct eth_addr eth_src;
    be16 eth_type;
};
BUILD_ASSERT_DECL(sizeof(struct eth_header) == ETH_HEADER_LEN);

static inline bool
eth_type_vlan(be16 eth_type)
{
    return (eth_type == BE16_C(ETH_TYPE_VLAN_8021Q)
            || eth_type == BE16_C(ETH_TYPE_VLAN_8021AD));
}

static inline bool
eth_type_mpls(be16 eth_type)
{
    return (eth_type == BE16_C(ETH_TYPE_MPLS)
            || eth_type == BE16_C(ETH_TYPE_MPLS_MCAST));
}

/* 802.2 LLC with a SNAP header: DSAP and SSAP 0xaa, control 0x03, then a
 * three-byte OUI and a two-byte type.  With OUI 00-00-00 the type is an
 * Ethernet type (RFC 1042). */
#define LLC_SNAP_HEADER_LEN 8
#define LLC_DSAP_SNAP 0xaa
#define LLC_SSAP_SNAP 0xaa
#define LLC_CNTL_SNAP 0x03

struct llc_snap_header {
    uint8_t llc_dsap;
    uint8_t llc_ssap;
    uint8_t llc_cntl;
    uint8_t snap_org[3];
    be16 snap_type;
};
BUILD_ASSERT_DECL(sizeof(struct llc_snap_header) == LLC_SNAP_HEADER_LEN);

/* 802.1Q / 802.1ad tags.  The TPID (0x8100 or 0x88a8) sits where the
 * Ethernet type would be; the tag proper is the TCI and the next type. */
#define VLAN_HEADER_LEN 4
#define VLAN_VID_MASK   0x0fff
#define VLAN_DEI        0x1000  /* Drop eligible (formerly CFI). */
#define VLAN_PCP_MASK   0xe000
#define VLAN_PCP_SHIFT  13

struct vlan_header {
    be16 vlan_tci;
    be16 vlan_next_type;
};
BUILD_ASSERT_DECL(sizeof(struct vlan_header) == VLAN_HEADER_LEN);

/* An Ethernet header with one tag, as built by a VLAN push. */
struct vlan_eth_header {
    struct eth_addr veth_dst;
    struct eth_addr veth_src;
    be16 veth_type;             /* TPID. */
    be16 veth_tci;
    be16 veth_next_type;
};
BUILD_ASSERT_DECL(sizeof(struct vlan_eth_header)
                  == ETH_HEADER_LEN + VLAN_HEADER_LEN);

static inline uint16_t
vlan_tci_to_vid(be16 tci)
{
    return ntohs(tci) & VLAN_VID_MASK;
}

static inline int
vlan_tci_to_pcp(be16 tci)
{
    return (ntohs(tci) & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT;
}

static inline bool
vlan_tci_to_dei(be16 tci)
{
    return (ntohs(tci) & VLAN_DEI) != 0;
}

/* MPLS label stack entries (RFC 3032): label 20 bits, traffic class 3,
 * bottom of stack 1, TTL 8. */
#define MPLS_HLEN 4
#define MPLS_LABEL_MASK  0xfffff000
#define MPLS_LABEL_SHIFT 12
#define MPLS_TC_MASK     0x00000e00
#define MPLS_TC_SHIFT    9
#define MPLS_BOS_MASK    0x00000100
#define MPLS_BOS_SHIFT   8
#define MPLS_TTL_MASK    0x000000ff

struct mpls_header {
    be32_a16 mpls_lse;
};
BUILD_ASSERT_DECL(sizeof(struct mpls_header) == MPLS_HLEN);

static inline uint32_t
mpls_lse_to_label(be32 lse)
{
    return (ntohl(lse) & MPLS_LABEL_MASK) >> MPLS_LABEL_SHIFT;
}

static inline int
mpls_lse_to_tc(be32 lse)
{
    return (ntohl(lse) & MPLS_TC_MASK) >> MPLS_TC_SHIFT;
}

static inline bool
mpls_lse_to_bos(be32 lse)
{
    return (ntohl(lse) & MPLS_BOS_MASK) != 0;
}

static inline int
mpls_lse_to_ttl(be32 lse)
{
    return ntohl(lse) & MPLS_TTL_MASK;
}

/* Returns the label stack entry with the given fields (LABEL is truncated
 * to 20 bits, TC to 3). */
static inline be32
mpls_lse_from_fields(uint32_t label, int tc, bool bos, int ttl)
{
    return htonl(((label << MPLS_LABEL_SHIFT) & MPLS_LABEL_MASK)
                 | (((uint32_t) tc << MPLS_TC_SHIFT) & MPLS_TC_MASK)
                 | (bos ? MPLS_BOS_MASK : 0)
                 | ((uint32_t) ttl & MPLS_TTL_MASK));
}

/* ARP for IPv4 over Ethernet (RFC 826). */
#define ARP_HRD_ETHERNET 1
#define ARP_PRO_IP 0x0800
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
#define ARP_OP_RARP_REQUEST 3
#define ARP_OP_RARP_REPLY 4
#define ARP_ETH_HEADER_LEN 28

struct arp_eth_header {
    be16 ar_hrd;                /* ARP_HRD_ETHERNET. */
    be16 ar_pro;                /* ARP_PRO_IP. */
    uint8_t ar_hln;             /* 6. */
    uint8_t ar_pln;             /* 4. */
    be16 ar_op;
    struct eth_addr ar_sha;
    be32_a16 ar_spa;
    struct eth_addr ar_tha;
    be32_a16 ar_tpa;
};
BUILD_ASSERT_DECL(sizeof(struct arp_eth_header) == ARP_ETH_HEADER_LEN);

/* IPv4 (RFC 791). */
#define IP_HEADER_LEN 20
#define IP_VERSION 4
#define IP_VER(IHL_VER) ((IHL_VER) >> 4)
#define IP_IHL(IHL_VER) ((IHL_VER) & 15)
#define IP_IHL_VER(IHL, VER) (((VER) << 4) | (IHL))
#define IP_DSCP_MASK 0xfc
#define IP_ECN_MASK 0x03
#define IP_DONT_FRAGMENT  0x4000    /* In ip_frag_off, host order. */
#define IP_MORE_FRAGMENTS 0x2000
#define IP_FRAG_OFF_MASK  0x1fff    /* In units of 8 bytes. */

struct ip_header {
    uint8_t ip_ihl_ver;
    uint8_t ip_tos;
    be16 ip_tot_len;
    be16 ip_id;
    be16 ip_frag_off;
    uint8_t ip_ttl;
    uint8_t ip_proto;
    be16 ip_csum;
    be32_a16 ip_src;
    be32_a16 ip_dst;
};
BUILD_ASSERT_DECL(sizeof(struct ip_header) == IP_HEADER_LEN);

/* printf() format and arguments for an IPv4 address in network byte
 * order (any be32 expression). */
#define IP_FMT "%u.%u.%u.%u"
#define IP_ARGS(IP)                                     \
    (unsigned int) ((ntohl(IP) >> 24) & 0xff),          \
    (unsigned int) ((ntohl(IP) >> 16) & 0xff),          \
    (unsigned int) ((ntohl(IP) >> 8) & 0xff),           \
    (unsigned int) (ntohl(IP) & 0xff)

/* Appends IP (network byte order) in dotted-quad form to DS. */
void ip_format(struct ds *ds, be32 ip);

/* IPv6 (RFC 8200). */
#define IPV6_HEADER_LEN 40
#define IPV6_VERSION 6
#define IPV6_LABEL_MASK 0x000fffff      /* Host order, of the first word. */
#define IPV6_TCLASS_SHIFT 20

struct ip6_header {
    be32_a16 ip6_vtc_flow;      /* Version 4 bits, class 8, label 20. */
    be16 ip6_payload_len;              /* Payload length: after this header. */
    uint8_t ip6_next_header;
    uint8_t ip6_hop_limit;
    union in6_addr_a16 ip6_src;
    union in6_addr_a16 ip6_dst;
};
BUILD_ASSERT_DECL(sizeof(struct ip6_header) == IPV6_HEADER_LEN);

/* Generic extension header prefix (hop-by-hop, routing, destination
 * options): the header is (ip6e_len + 1) * 8 bytes long.  For AH the
 * length is (ip6e_len + 2) * 4 bytes. */
struct ip6_ext_header {
    uint8_t ip6e_nxt;
    uint8_t ip6e_len;
};

#define IPV6_FRAG_HEADER_LEN 8
#define IPV6_FRAG_OFF_MASK  0xfff8       /* In ip6f_offlg, host order, bytes. */
#define IPV6_FRAG_MORE 0x0001

struct ip6_frag_header {
    uint8_t ip6f_nxt;
    uint8_t ip6f_reserved;
    be16 ip6f_offlg;
    be32_a16 ip6f_ident;
};
BUILD_ASSERT_DECL(sizeof(struct ip6_frag_header) == IPV6_FRAG_HEADER_LEN);

/* Appends ADDR in RFC 5952 text form ("2001:db8::1") to DS. */
void ipv6_format_addr(struct ds *ds, const struct in6_addr *addr);

static inline bool
ipv6_addr_is_zero(const struct in6_addr *addr)
{
    return is_all_zeros(addr, sizeof *addr);
}

/* TCP (RFC 9293). */
#define TCP_HEADER_LEN 20
#define TCP_FIN 0x001
#define TCP_SYN 0x002
#define TCP_RST 0x004
#define TCP_PSH 0x008
#define TCP_ACK 0x010
#define TCP_URG 0x020
#define TCP_ECE 0x040
#define TCP_CWR 0x080
#define TCP_NS  0x100
#define TCP_FLAGS_MASK 0x0fff       /* Flags plus the 3 reserved bits. */

/* Extracts the flags (host order) or the header length in 32-bit words
 * from the tcp_ctl field. */
#define TCP_FLAGS(TCP_CTL) (ntohs(TCP_CTL) & TCP_FLAGS_MASK)
#define TCP_OFFSET(TCP_CTL) (ntohs(TCP_CTL) >> 12)

struct tcp_header {
    be16 tcp_src;
    be16 tcp_dst;
    be32_a16 tcp_seq;
    be32_a16 tcp_ack;
    be16 tcp_ctl;               /* Data offset 4 bits, then flags. */
    be16 tcp_winsz;
    be16 tcp_csum;
    be16 tcp_urg;
};
BUILD_ASSERT_DECL(sizeof(struct tcp_header) == TCP_HEADER_LEN);

/* Appends the names of the TCP flags set in FLAGS (host order, as
 * TCP_FLAGS() returns) to DS, separated by '|' ("syn|ack"); reserved bits
 * appear as hex ("0x200"); no flags at all appear as "none". */
void tcp_flags_format(struct ds *ds, uint16_t flags);

/* UDP (RFC 768). */
#define UDP_HEADER_LEN 8

struct udp_header {
    be16 udp_src;
    be16 udp_dst;
    be16 udp_len;
    be16 udp_csum;
};
BUILD_ASSERT_DECL(sizeof(struct udp_header) == UDP_HEADER_LEN);

/* SCTP common header (RFC 9260). */
#define SCTP_HEADER_LEN 12

struct sctp_header {
    be16 sctp_src;
    be16 sctp_dst;
    be32_a16 sctp_vtag;
    be32_a16 sctp_csum;         /* CRC32c, see csum.h. */
};
BUILD_ASSERT_DECL(sizeof(struct sctp_header) == SCTP_HEADER_LEN);

/* ICMPv4 (RFC 792).  Every message starts with these 8 bytes. */
#define ICMP_HEADER_LEN 8
#define ICMP4_ECHO_REPLY 0
#define ICMP4_DST_UNREACH 3
#define ICMP4_ECHO_REQUEST 8
#define ICMP4_TIME_EXCEEDED 11

struct icmp_header {
    uint8_t icmp_type;
    uint8_t icmp_code;
    be16 icmp_csum;
    be32_a16 icmp_rest;         /* Identifier and sequence for echo. */
};
BUILD_ASSERT_DECL(sizeof(struct icmp_header) == ICMP_HEADER_LEN);

/* ICMPv6 (RFC 4443) and neighbour discovery (RFC 4861). */
#define ICMP6_HEADER_LEN 4
#define ICMP6_TYPE_DST_UNREACH 1
#define ICMP6_TYPE_ECHO_REQUEST 128
#define ICMP6_TYPE_ECHO_REPLY 129
#define ND_TYPE_ROUTER_SOLICIT 133
#define ND_TYPE_ROUTER_ADVERT 134
#define ND_TYPE_NEIGHBOR_SOLICIT 135
#define ND_TYPE_NEIGHBOR_ADVERT 136
#define ND_OPT_SOURCE_LINKADDR 1
#define ND_OPT_TARGET_LINKADDR 2
#define ND_MSG_LEN 24               /* ICMPv6 header, flags, target. */
#define ND_LLADDR_OPT_LEN 8         /* Type, length, Ethernet address. */
#define ND_RSO_ROUTER    0x80000000 /* In nd_rso_flags, host order. */
#define ND_RSO_SOLICITED 0x40000000
#define ND_RSO_OVERRIDE  0x20000000

struct icmp6_header {
    uint8_t icmp6_type;
    uint8_t icmp6_code;
    be16 icmp6_csum;
};
BUILD_ASSERT_DECL(sizeof(struct icmp6_header) == ICMP6_HEADER_LEN);

/* A neighbour solicitation or advertisement, before its options. */
struct nd_msg {
    struct icmp6_header icmph;
    be32_a16 nd_rso_flags;      /* Reserved in solicitations. */
    union in6_addr_a16 nd_target;
};
BUILD_ASSERT_DECL(sizeof(struct nd_msg) == ND_MSG_LEN);

/* A neighbour discovery option: nd_opt_len is in units of 8 bytes and
 * counts the type and length bytes. */
struct nd_opt_header {
    uint8_t nd_opt_type;
    uint8_t nd_opt_len;
};

/* A source or target link-layer address option for Ethernet. */
struct nd_lladdr_opt {
    uint8_t nd_opt_type;
    uint8_t nd_opt_len;         /* 1. */
    struct eth_addr nd_opt_mac;
};
BUILD_ASSERT_DECL(sizeof(struct nd_lladdr_opt) == ND_LLADDR_OPT_LEN);

#endif /* packets.h */

/*
 * flow: flow keys and their extraction from packets.
 *
 * A 'struct flow' is the full key of a packet: its metadata and the header
 * fields the datapath can match on, laid out as FLOW_U64S 64-bit words so
 * that masking, hashing and comparing work a word at a time.  Fields that
 * a packet does not have are zero, and so is every pad byte.
 *
 * A 'struct miniflow' is the compact form the fast path hashes and
 * matches: a bitmap with one bit per word of struct flow, set for exactly
 * the words that are nonzero, followed by those words in ascending order.
 * Two flows are equal if and only if their miniflows are byte-for-byte
 * equal, so hashing and comparing a miniflow never looks at absent fields.
 * A miniflow is followed in memory by its values; 'struct miniflow_buf'
 * has room for any flow.
 *
 * miniflow_extract() parses a packet straight into a miniflow (the fast
 * path); flow_extract() produces the full struct flow.  Both record the
 * packet's layer offsets (see dp-packet.h).  Parsing never reads outside
 * the packet's data, whatever the data contains; every rule below for
 * malformed input yields a well-defined partial key.
 *
 * Parsing rules ("stop" means: keep what was parsed so far, leave every
 * later field zero):
 *
 *   Ethernet: needs all 14 bytes, otherwise the key holds only metadata.
 *     A type below 0x600 is an 802.3 length: with a complete LLC/SNAP
 *     header with OUI 00-00-00, dl_type is the SNAP type; otherwise
 *     dl_type is FLOW_DL_TYPE_NONE and parsing stops.
 *   VLAN: up to two tags (TPID 0x8100 or 0x88a8, any order) go into
 *     vlans[], outermost first, with their TPID and raw TCI (a present tag
 *     has a nonzero tpid; the TCI is not altered).  A tag is taken only if
 *     its TCI and the following type are complete; otherwise, and for a
 *     third tag, the tag's TPID is dl_type and parsing stops.
 *   MPLS (0x8847, 0x8848): label stack entries are taken while complete,
 *     up to and including the one with the bottom-of-stack bit; the first
 *     FLOW_MAX_MPLS_LABELS are kept.  Parsing always stops after MPLS (the
 *     payload's type is not known).
 *   ARP and RARP: parsed only for a complete 28-byte header with hardware
 *     type Ethernet (1), protocol IPv4 (0x0800) and address lengths 6 and
 *     4: nw_src/nw_dst are the sender and target protocol addresses,
 *     arp_sha/arp_tha the hardware addresses and nw_proto the opcode if it
 *     is at most 255 (otherwise 0).  Otherwise dl_type only.
 *   IPv4: the header must have version 4, IHL >= 5, all IHL*4 bytes
 *     present, and a total length that covers the header and does not
 *     exceed the bytes present; otherwise the key stops at dl_type (no L3
 *     field at all).  Bytes beyond the total length (Ethernet padding) are
 *     ignored.  nw_frag is FLOW_NW_FRAG_ANY for any fragment (MF set or
 *     offset nonzero), plus FLOW_NW_FRAG_LATER if the offset is nonzero;
 *     later fragments have no L4 fields.  Options are skipped.
 *   IPv6: the 40-byte header must be complete, have version 6 and a
 *     payload length that does not exceed the bytes present; otherwise the
 *     key stops at dl_type.  Bytes beyond the payload length are ignored.
 *     Hop-by-hop, routing, destination options and AH headers are skipped,
 *     a fragment header sets nw_frag as for IPv4 (an atomic fragment,
 *     offset 0 without M, counts as FLOW_NW_FRAG_ANY).  nw_proto is the
 *     first header that is not one of these (the upper-layer protocol).
 *     For a later fragment nw_proto is the fragment header's next header
 *     and parsing stops.  If an extension header is truncated, nw_proto is
 *     that header's type (0, 43, 44, 51 or 60) and parsing stops, with the
 *     other IPv6 fields kept.  (So a jumbogram, payload length 0 with a
 *     hop-by-hop jumbo option, has nw_proto 0; Ethernet cannot carry
 *     one.)
 *   TCP: needs 20 bytes and a data offset of at least 5 words that fits
 *     in the bytes present; then tp_src, tp_dst and tcp_flags (the 12 bits
 *     after the data offset: NS, CWR ... FIN and the reserved bits).
 *     Otherwise no L4 field.  The same holds below for each protocol's
 *     minimum: UDP 8 bytes (ports), SCTP 12 (ports), ICMPv4 8 (tp_src is
 *     the type, tp_dst the code; only over IPv4), ICMPv6 4 (type and
 *     code; only over IPv6).  Other protocols have no L4 fields.
 *   Neighbour discovery: an ICMPv6 neighbour solicitation (135) or
 *     advertisement (136) with code 0 and all 24 bytes up to the target
 *     address sets nd_target.  Its options are then walked: a source or
 *     target link-layer address option of length 1 (8 bytes) sets nd_sll
 *     or nd_tll, other options are skipped.  If any option has length 0,
 *     runs past the end of the message, or repeats an already-seen SLL or
 *     TLL, the options are malformed: nd_sll and nd_tll are both zero (the
 *     target stays).
 *
 * Layer offsets: l3_ofs is set whenever the 14-byte Ethernet header is
 * complete and dl_type is not MPLS: it is the offset just past the tags
 * and the SNAP header that were taken, where a header of type dl_type
 * would start, whether or not one is there and valid.  For MPLS, l2_5_ofs
 * is the start of the label stack and l3_ofs, only if a bottom-of-stack
 * entry was found, follows it.  l4_ofs is set when the IPv4 or IPv6 header
 * (with its extension headers) was valid and complete and the packet is
 * not a later fragment, whether or not the L4 header is complete.
 *
 * Thread safety: all functions are reentrant; a packet or flow has one
 * owner at a time.
 */
#ifndef SLUICE_FLOW_H
#define SLUICE_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "dp-packet.h"
#include "packets.h"
#include "util.h"

struct ds;

#define FLOW_MAX_VLAN_HEADERS 2
#define FLOW_MAX_MPLS_LABELS 3

/* dl_type for 802.3 frames without a SNAP header. */
#define FLOW_DL_TYPE_NONE 0x5ff

/* nw_frag bits. */
#define FLOW_NW_FRAG_ANY   (1 << 0)     /* Any fragment, first or later. */
#define FLOW_NW_FRAG_LATER (1 << 1)     /* Not the first fragment. */
#define FLOW_NW_FRAG_MASK  (FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER)

/* One 802.1Q or 802.1ad tag: tpid is nonzero exactly when the tag is
 * present. */
struct flow_vlan {
    be16 tpid;
    be16 tci;
};

struct flow {
    /* Metadata: words 0 and 1. */
    uint32_t in_port;           /* Datapath input port. */
    uint32_t recirc_id;         /* Recirculation id. */
    uint32_t dp_hash;           /* Datapath hash. */
    uint32_t pad_md;            /* Reserved for more metadata; zero. */

    /* L2: words 2 to 4. */
    struct eth_addr dl_dst;
    struct eth_addr dl_src;
    be16 dl_type;               /* Innermost type (after tags and SNAP). */
    uint8_t pad_l2[2];
    struct flow_vlan vlans[FLOW_MAX_VLAN_HEADERS];  /* Outermost first. */

    /* MPLS: words 5 and 6. */
    be32 mpls_lse[FLOW_MAX_MPLS_LABELS];    /* Top of stack first. */
    uint8_t pad_mpls[4];

    /* L3: words 7 to 12. */
    be32 nw_src;                /* IPv4 source, or ARP sender address. */
    be32 nw_dst;                /* IPv4 destination, or ARP target. */
    struct in6_addr ipv6_src;
    struct in6_addr ipv6_dst;
    be32 ipv6_label;            /* Flow label, in the low 20 bits. */
    uint8_t nw_frag;            /* FLOW_NW_FRAG_* bits. */
    uint8_t nw_tos;             /* IPv4 TOS or IPv6 traffic class byte. */
    uint8_t nw_ttl;             /* IPv4 TTL or IPv6 hop limit. */
    uint8_t nw_proto;           /* IP protocol, or ARP opcode (<= 255). */

    /* Neighbour discovery and ARP: words 13 to 16. */
    struct in6_addr nd_target;
    union {
        struct eth_addr arp_sha;    /* ARP sender hardware address. */
        struct eth_addr nd_sll;     /* ND source link-layer address. */
    };
    union {
        struct eth_addr arp_tha;    /* ARP target hardware address. */
        struct eth_addr nd_tll;     /* ND target link-layer address. */
    };
    uint8_t pad_arp[4];

    /* L4: word 17. */
    be16 tp_src;                /* Source port, or ICMP type. */
    be16 tp_dst;                /* Destination port, or ICMP code. */
    be16 tcp_flags;             /* TCP_FLAGS_MASK bits of TCP's ctl. */
    uint8_t pad_l4[2];
} __attribute__((aligned(8)));

#define FLOW_U64S (sizeof(struct flow) / sizeof(uint64_t))
BUILD_ASSERT_DECL(sizeof(struct flow) % sizeof(uint64_t) == 0);
BUILD_ASSERT_DECL(FLOW_U64S <= 64);
BUILD_ASSERT_DECL(sizeof(struct flow) == 18 * 8);

/* The index of the 64-bit word of struct flow that holds FIELD. */
#define FLOW_U64_INDEX(FIELD) (offsetof(struct flow, FIELD) / 8)

/* Returns FLOW viewed as FLOW_U64S words. */
static inline const uint64_t *
flow_u64s(const struct flow *flow)
{
    return (const uint64_t *) (const void *) flow;
}

/* Parses PACKET, whose metadata supplies in_port, recirc_id and dp_hash,
 * into FLOW, and sets PACKET's layer offsets.  See the rules above. */
void flow_extract(struct dp_packet *packet, struct flow *flow);

/* Returns true if A and B are the same key. */
static inline bool
flow_equal(const struct flow *a, const struct flow *b)
{
    return !memcmp(a, b, sizeof *a);
}

/* Returns a hash of FLOW's nonzero words and their positions; equal to
 * miniflow_hash() of the same key. */
uint32_t flow_hash(const struct flow *flow, uint32_t basis);

/* Appends FLOW to DS in datapath style, printing only the parts a packet
 * with FLOW's dl_type can have, e.g.
 *   in_port(1),eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),
 *   eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0,
 *   ttl=64,frag=no),tcp(src=1024,dst=80),tcp_flags(syn)
 * (on one line). */
void flow_format(struct ds *ds, const struct flow *flow);

/* Returns a malloc'd flow_format() string. */
char *flow_to_string(const struct flow *flow);

/* Header-walking steps that flow extraction shares with the fast path's
 * shortcuts (datapath/simple-match.c), so that both read a packet by the
 * same rules (see the top of this file). */

/* Takes up to FLOW_MAX_VLAN_HEADERS VLAN tags from the *SIZEP bytes at
 * *DATAP, which follow an Ethernet type field holding DL_TYPE: stores
 * them in VLANS (zeroed first; outermost first), advances *DATAP and
 * *SIZEP past them and returns the type that follows the last tag
 * taken. */
static inline be16
flow_parse_vlans(const uint8_t **datap, size_t *sizep, be16 dl_type,
                 struct flow_vlan vlans[FLOW_MAX_VLAN_HEADERS])
{
    const uint8_t *data = *datap;
    size_t size = *sizep;

    memset(vlans, 0, FLOW_MAX_VLAN_HEADERS * sizeof *vlans);
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        if (!eth_type_vlan(dl_type) || size < VLAN_HEADER_LEN) {
            break;
        }
        vlans[i].tpid = dl_type;
        vlans[i].tci = get_unaligned_be16(
            data + offsetof(struct vlan_header, vlan_tci));
        dl_type = get_unaligned_be16(
            data + offsetof(struct vlan_header, vlan_next_type));
        data += VLAN_HEADER_LEN;
        size -= VLAN_HEADER_LEN;
    }
    *datap = data;
    *sizep = size;
    return dl_type;
}

/* Checks the IPv4 header at DATA, with SIZE bytes present: version 4, a
 * header length of at least 20 bytes within SIZE, and a total length
 * between the header length and SIZE.  If it is valid, stores the header
 * length in *IHL and the total length in *TOT_LEN and returns true. */
static inline bool
flow_check_ipv4(const uint8_t *data, size_t size, size_t *ihl,
                size_t *tot_len)
{
    if (size < IP_HEADER_LEN) {
        return false;
    }
    uint8_t ihl_ver = data[offsetof(struct ip_header, ip_ihl_ver)];
    *ihl = IP_IHL(ihl_ver) * 4;
    *tot_len = ntohs(get_unaligned_be16(
                         data + offsetof(struct ip_header, ip_tot_len)));
    return (IP_VER(ihl_ver) == IP_VERSION && *ihl >= IP_HEADER_LEN
            && *ihl <= size && *tot_len >= *ihl && *tot_len <= size);
}

/* Returns the FLOW_NW_FRAG_* bits of the IPv4 header at DATA (checked by
 * flow_check_ipv4()). */
static inline uint8_t
flow_ipv4_frag(const uint8_t *data)
{
    uint16_t frag_off = ntohs(get_unaligned_be16(
                                  data + offsetof(struct ip_header,
                                                  ip_frag_off)));
    uint8_t nw_frag = 0;
    if (frag_off & (IP_MORE_FRAGMENTS | IP_FRAG_OFF_MASK)) {
        nw_frag = FLOW_NW_FRAG_ANY;
        if (frag_off & IP_FRAG_OFF_MASK) {
            nw_frag |= FLOW_NW_FRAG_LATER;
        }
    }
    return nw_frag;
}

/* Miniflows. */

struct miniflow {
    uint64_t map;               /* Bit i: word i of struct flow is nonzero. */
    /* Followed by count_1bits(map) uint64_t values. */
};

/* A miniflow with room for the values of any flow. */
struct miniflow_buf {
    struct miniflow mf;
    uint64_t values[FLOW_U64S];
};

BUILD_ASSERT_DECL(offsetof(struct miniflow_buf, values)
                  == sizeof(struct miniflow));

static inline uint64_t *
miniflow_values(struct miniflow *mf)
{
    return (uint64_t *) (void *) (mf + 1);
}

static inline const uint64_t *
miniflow_get_values(const struct miniflow *mf)
{
    return (const uint64_t *) (const void *) (mf + 1);
}

/* Returns the number of values that follow MF. */
static inline size_t
miniflow_n_values(const struct miniflow *mf)
{
    return count_1bits(mf->map);
}

/* Returns the size in bytes of MF with its values. */
static inline size_t
miniflow_size(const struct miniflow *mf)
{
    return sizeof *mf + miniflow_n_values(mf) * sizeof(uint64_t);
}

/* Returns word IDX of the flow that MF represents (zero if absent). */
static inline uint64_t
miniflow_get(const struct miniflow *mf, unsigned int idx)
{
    uint64_t bit = UINT64_C(1) << idx;
    return (mf->map & bit
            ? miniflow_get_values(mf)[count_1bits(mf->map & (bit - 1))]
            : 0);
}

/* Parses PACKET straight into DST, which must have room for FLOW_U64S
 * values (use a struct miniflow_buf), and sets PACKET's layer offsets.
 * The fast-path parser: no allocation, no struct flow in between; the
 * same rules as flow_extract(), whose result miniflow_expand() of DST
 * equals. */
void miniflow_extract(struct dp_packet *packet, struct miniflow *dst);

/* Stores the compact form of FLOW in DST, which must have room for
 * FLOW_U64S values. */
void miniflow_init(struct miniflow *dst, const struct flow *flow);

/* Stores the flow that MF represents in FLOW. */
void miniflow_expand(const struct miniflow *mf, struct flow *flow);

/* Returns a hash of everything MF holds: its map and all its values. */
uint32_t miniflow_hash(const struct miniflow *mf, uint32_t basis);

/* Returns true if A and B represent the same flow. */
bool miniflow_equal(const struct miniflow *a, const struct miniflow *b);

#endif /* flow.h */

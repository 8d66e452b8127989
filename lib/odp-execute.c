/* odp-execute: runs datapath action lists.  See odp-execute.h. */
#include <config.h>
#include "odp-execute.h"

#include <string.h>
#include <time.h>
#include "csum.h"
#include "flow.h"
#include "hash.h"
#include "packets.h"

/* The sampling generator: xorshift64* (Vigna), one state per thread; zero
 * means "not seeded yet". */
static _Thread_local uint64_t random_state;

void
odp_execute_seed_random(uint32_t seed)
{
    /* Any seed, but never the all-zero state, which xorshift cannot
     * leave. */
    random_state = (uint64_t) seed << 32 | (uint32_t) ~seed;
    if (!random_state) {
        random_state = 1;
    }
}

static void
seed_random_from_clock(void)
{
    struct timespec ts;

    /* Once per thread, so not a per-packet system call (and a vDSO call on
     * Linux anyway).  The state's address differs between threads. */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t seed = ((uint64_t) ts.tv_sec * 1000000000 + ts.tv_nsec)
                    ^ (uintptr_t) &random_state;
    random_state = hash_uint64(seed) | (uint64_t) 1 << 63;
}

static uint32_t
random_u32(void)
{
    if (SLUICE_UNLIKELY(!random_state)) {
        seed_random_from_clock();
    }

    uint64_t x = random_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    random_state = x;
    return (x * UINT64_C(0x2545f4914f6cdd1d)) >> 32;
}

/* Copies. */

static void
clone_batch(struct dp_packet_batch *dst, const struct dp_packet_batch *src)
{
    dst->count = src->count;
    for (size_t i = 0; i < src->count; i++) {
        dst->packets[i] = dp_packet_clone_pooled(src->packets[i]);
    }
}

/* Headers.  Each helper returns NULL unless the packet has the complete
 * header where its layer offsets say, so that no action reads or writes
 * outside the data.  The type that precedes the L3 header (the Ethernet,
 * last VLAN or SNAP type) must name the protocol: offsets from an MPLS
 * packet never match, because the byte before its payload has the
 * bottom-of-stack bit set. */

static bool
l3_type_is(const struct dp_packet *b, uint16_t eth_type)
{
    return (b->l3_ofs != UINT16_MAX && b->l3_ofs >= ETH_HEADER_LEN
            && b->l3_ofs <= dp_packet_size(b)
            && get_unaligned_be16((const uint8_t *) dp_packet_data(b)
                                  + b->l3_ofs - 2) == htons(eth_type));
}

static struct ip_header *
packet_ipv4(struct dp_packet *b)
{
    if (!l3_type_is(b, ETH_TYPE_IP) || dp_packet_l3_size(b) < IP_HEADER_LEN) {
        return NULL;
    }

    struct ip_header *ip = dp_packet_l3(b);
    size_t ihl = IP_IHL(ip->ip_ihl_ver);
    if (IP_VER(ip->ip_ihl_ver) != IP_VERSION || ihl < 5
        || ihl * 4 > dp_packet_l3_size(b)) {
        return NULL;
    }
    return ip;
}

static struct ip6_header *
packet_ipv6(struct dp_packet *b)
{
    if (!l3_type_is(b, ETH_TYPE_IPV6)
        || dp_packet_l3_size(b) < IPV6_HEADER_LEN) {
        return NULL;
    }

    struct ip6_header *ip6 = dp_packet_l3(b);
    if (ntohl(get_be32_a16(&ip6->ip6_vtc_flow)) >> 28 != IPV6_VERSION) {
        return NULL;
    }
    return ip6;
}

/* What lies at a packet's L4 offset. */
struct l4_info {
    uint8_t *l4;                /* The L4 header. */
    size_t size;                /* Its bytes up to the end of the IP
                                 * payload (without Ethernet padding). */
    uint8_t proto;              /* Its IP protocol. */
    bool rh_segments_left;      /* IPv6: a routing header has segments
                                 * left (the pseudo-header then holds the
                                 * final destination, not ip6_dst). */
};

/* Walks the IPv6 extension headers from the end of IP6's fixed header to
 * B's L4 offset, to find the upper-layer protocol.  Returns false if the
 * headers do not end exactly at the L4 offset. */
static bool
ipv6_walk_ext_headers(const struct dp_packet *b,
                      const struct ip6_header *ip6, struct l4_info *info)
{
    const uint8_t *data = dp_packet_data(b);
    size_t ofs = b->l3_ofs + IPV6_HEADER_LEN;
    uint8_t nxt = ip6->ip6_next_header;

    info->rh_segments_left = false;
    while (ofs < b->l4_ofs) {
        const uint8_t *h = data + ofs;
        size_t left = b->l4_ofs - ofs;
        size_t len;

        if (left < 8) {
            return false;
        }
        switch (nxt) {
        case IPPROTO_HOPOPTS:
        case IPPROTO_DSTOPTS:
            len = (h[1] + 1) * 8;
            break;
        case IPPROTO_ROUTING:
            len = (h[1] + 1) * 8;
            if (h[3]) {
                info->rh_segments_left = true;
            }
            break;
        case IPPROTO_FRAGMENT:
            len = IPV6_FRAG_HEADER_LEN;
            break;
        case IPPROTO_AH:
            len = (h[1] + 2) * 4;
            break;
        default:
            return false;
        }
        nxt = h[0];
        ofs += len;
    }
    info->proto = nxt;
    return ofs == b->l4_ofs;
}

/* Finds B's L4 header and protocol under IPv4 or IPv6.  Returns false if
 * B has none (not IP, a later fragment, inconsistent offsets). */
static bool
packet_l4(struct dp_packet *b, struct l4_info *info)
{
    if (b->l4_ofs == UINT16_MAX || b->l4_ofs > dp_packet_size(b)) {
        return false;
    }

    size_t l4_avail = dp_packet_l4_size(b);
    struct ip_header *ip = packet_ipv4(b);
    if (ip) {
        size_t hlen = IP_IHL(ip->ip_ihl_ver) * 4;
        size_t tot_len = ntohs(ip->ip_tot_len);
        if (b->l4_ofs != b->l3_ofs + hlen || tot_len < hlen
            || tot_len - hlen > l4_avail) {
            return false;
        }
        info->size = tot_len - hlen;
        info->proto = ip->ip_proto;
        info->rh_segments_left = false;
    } else {
        struct ip6_header *ip6 = packet_ipv6(b);
        if (!ip6 || b->l4_ofs < b->l3_ofs + IPV6_HEADER_LEN
            || !ipv6_walk_ext_headers(b, ip6, info)) {
            return false;
        }
        size_t end = b->l3_ofs + IPV6_HEADER_LEN + ntohs(ip6->ip6_payload_len);
        if (end < b->l4_ofs || end > dp_packet_size(b)) {
            return false;
        }
        info->size = end - b->l4_ofs;
    }
    info->l4 = dp_packet_l4(b);
    return true;
}

/* VLAN tags. */

static bool
can_push(const struct dp_packet *b, size_t n)
{
    if (dp_packet_headroom(b) >= n) {
        return true;
    }
    /* A DPDK buffer cannot grow; a heap one can, within the maximum. */
    return (dp_packet_source(b) != DPBUF_DPDK
            && dp_packet_size(b) + dp_packet_tailroom(b) + n
               <= DP_PACKET_MAX_SIZE);
}

static void
push_vlan(struct dp_packet *b, be16 tpid, be16 tci)
{
    if (dp_packet_size(b) < ETH_HEADER_LEN || !can_push(b, VLAN_HEADER_LEN)) {
        return;
    }

    uint8_t *eth = dp_packet_resize_l2(b, VLAN_HEADER_LEN);
    memmove(eth, eth + VLAN_HEADER_LEN, 2 * ETH_ADDR_LEN);
    put_unaligned_be16(eth + 2 * ETH_ADDR_LEN, tpid);
    put_unaligned_be16(eth + 2 * ETH_ADDR_LEN + 2, tci);
}

static void
pop_vlan(struct dp_packet *b)
{
    uint8_t *eth = dp_packet_data(b);
    size_t tagged_len = ETH_HEADER_LEN + VLAN_HEADER_LEN;

    if (dp_packet_size(b) < tagged_len
        || !eth_type_vlan(get_unaligned_be16(eth + 2 * ETH_ADDR_LEN))) {
        return;
    }

    /* Offsets into the tag cannot have come from parsing this packet; they
     * are stale, so forget them rather than move them. */
    if ((b->l2_5_ofs != UINT16_MAX && b->l2_5_ofs < tagged_len)
        || (b->l3_ofs != UINT16_MAX && b->l3_ofs < tagged_len)
        || (b->l4_ofs != UINT16_MAX && b->l4_ofs < tagged_len)) {
        dp_packet_reset_offsets(b);
    }
    memmove(eth + VLAN_HEADER_LEN, eth, 2 * ETH_ADDR_LEN);
    dp_packet_resize_l2(b, -VLAN_HEADER_LEN);
}

/* Masked sets. */

static void
set_bytes_masked(uint8_t *dst, const uint8_t *value, const uint8_t *mask,
                 size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dst[i] = (dst[i] & ~mask[i]) | value[i];
    }
}

static void
set_ethernet(struct dp_packet *b, const struct odp_key_ethernet *value,
             const struct odp_key_ethernet *mask)
{
    if (dp_packet_size(b) < ETH_HEADER_LEN) {
        return;
    }

    struct eth_header *eth = dp_packet_eth(b);
    set_bytes_masked(eth->eth_src.ea, value->src.ea, mask->src.ea,
                     ETH_ADDR_LEN);
    set_bytes_masked(eth->eth_dst.ea, value->dst.ea, mask->dst.ea,
                     ETH_ADDR_LEN);
}

/* Returns UDP checksum CSUM as an incremental update leaves it: 0 means
 * "no checksum", so a computed 0 is sent as 0xffff. */
static be16
udp_csum_fixup(be16 csum)
{
    return csum ? csum : htons(0xffff);
}

/* Updates the L4 checksum of B, whose IPv4 source or destination changes
 * from OLD to NEW, for the pseudo-header. */
static void
update_l4_csum_ipv4_addr(struct dp_packet *b, be32 old, be32 new)
{
    struct l4_info l4;

    if (!packet_l4(b, &l4)) {
        return;
    }
    if (l4.proto == IPPROTO_TCP && l4.size >= TCP_HEADER_LEN) {
        struct tcp_header *tcp = (void *) l4.l4;
        tcp->tcp_csum = recalc_csum32(tcp->tcp_csum, old, new);
    } else if (l4.proto == IPPROTO_UDP && l4.size >= UDP_HEADER_LEN) {
        struct udp_header *udp = (void *) l4.l4;
        if (udp->udp_csum) {
            udp->udp_csum = udp_csum_fixup(recalc_csum32(udp->udp_csum,
                                                         old, new));
        }
    }
}

static void
set_ipv4(struct dp_packet *b, const struct odp_key_ipv4 *value,
         const struct odp_key_ipv4 *mask)
{
    struct ip_header *ip = packet_ipv4(b);
    if (!ip) {
        return;
    }

    be16 csum = ip->ip_csum;
    if (mask->src) {
        be32 old = get_be32_a16(&ip->ip_src);
        be32 new = (old & ~mask->src) | value->src;
        if (old != new) {
            update_l4_csum_ipv4_addr(b, old, new);
            csum = recalc_csum32(csum, old, new);
            put_be32_a16(&ip->ip_src, new);
        }
    }
    if (mask->dst) {
        be32 old = get_be32_a16(&ip->ip_dst);
        be32 new = (old & ~mask->dst) | value->dst;
        if (old != new) {
            update_l4_csum_ipv4_addr(b, old, new);
            csum = recalc_csum32(csum, old, new);
            put_be32_a16(&ip->ip_dst, new);
        }
    }
    if (mask->tos) {
        /* TOS shares a 16-bit word with the version and IHL. */
        be16 old = get_unaligned_be16(&ip->ip_ihl_ver);
        ip->ip_tos = (ip->ip_tos & ~mask->tos) | value->tos;
        be16 new = get_unaligned_be16(&ip->ip_ihl_ver);
        if (old != new) {
            csum = recalc_csum16(csum, old, new);
        }
    }
    if (mask->ttl) {
        /* TTL shares a 16-bit word with the protocol. */
        be16 old = get_unaligned_be16(&ip->ip_ttl);
        ip->ip_ttl = (ip->ip_ttl & ~mask->ttl) | value->ttl;
        be16 new = get_unaligned_be16(&ip->ip_ttl);
        if (old != new) {
            csum = recalc_csum16(csum, old, new);
        }
    }
    ip->ip_csum = csum;
}

/* Sets the IPv6 address at ADDR, B's source or (if IS_DST) destination, to
 * VALUE under MASK and updates the L4 checksum that covers it through the
 * pseudo-header. */
static void
set_ipv6_addr(struct dp_packet *b, union in6_addr_a16 *addr,
              const struct in6_addr *value, const struct in6_addr *mask,
              bool is_dst)
{
    struct in6_addr old, new;
    struct l4_info l4;

    get_in6_addr_a16(&old, addr);
    new = old;
    set_bytes_masked(new.s6_addr, value->s6_addr, mask->s6_addr,
                     sizeof new);
    if (!memcmp(&old, &new, sizeof old)) {
        return;
    }

    if (packet_l4(b, &l4) && !(is_dst && l4.rh_segments_left)) {
        if (l4.proto == IPPROTO_TCP && l4.size >= TCP_HEADER_LEN) {
            struct tcp_header *tcp = (void *) l4.l4;
            tcp->tcp_csum = recalc_csum128(tcp->tcp_csum, &old, &new);
        } else if (l4.proto == IPPROTO_UDP && l4.size >= UDP_HEADER_LEN) {
            struct udp_header *udp = (void *) l4.l4;
            if (udp->udp_csum) {
                udp->udp_csum = udp_csum_fixup(
                    recalc_csum128(udp->udp_csum, &old, &new));
            }
        } else if (l4.proto == IPPROTO_ICMPV6
                   && l4.size >= ICMP6_HEADER_LEN) {
            struct icmp6_header *icmp6 = (void *) l4.l4;
            icmp6->icmp6_csum = recalc_csum128(icmp6->icmp6_csum, &old,
                                               &new);
        }
    }
    put_in6_addr_a16(addr, &new);
}

static void
set_ipv6(struct dp_packet *b, const struct odp_key_ipv6 *value,
         const struct odp_key_ipv6 *mask)
{
    struct ip6_header *ip6 = packet_ipv6(b);
    if (!ip6) {
        return;
    }

    if (!ipv6_addr_is_zero(&mask->src)) {
        set_ipv6_addr(b, &ip6->ip6_src, &value->src, &mask->src, false);
    }
    if (!ipv6_addr_is_zero(&mask->dst)) {
        set_ipv6_addr(b, &ip6->ip6_dst, &value->dst, &mask->dst, true);
    }
    if (mask->label || mask->tclass) {
        uint32_t vtc = ntohl(get_be32_a16(&ip6->ip6_vtc_flow));
        uint32_t m = (ntohl(mask->label)
                      | (uint32_t) mask->tclass << IPV6_TCLASS_SHIFT);
        uint32_t v = (ntohl(value->label)
                      | (uint32_t) value->tclass << IPV6_TCLASS_SHIFT);
        put_be32_a16(&ip6->ip6_vtc_flow, htonl((vtc & ~m) | v));
    }
    if (mask->hlimit) {
        ip6->ip6_hop_limit = (ip6->ip6_hop_limit & ~mask->hlimit) | value->hlimit;
    }
}

/* Sets *PORT to VALUE under MASK and updates the Internet checksum *CSUM
 * that covers it. */
static void
set_port_csum(be16 *port, be16 value, be16 mask, be16 *csum)
{
    be16 old = *port;
    be16 new = (old & ~mask) | value;

    if (old != new) {
        *port = new;
        *csum = recalc_csum16(*csum, old, new);
    }
}

static void
set_l4_ports(struct dp_packet *b, enum odp_set_group group,
             const struct odp_key_l4 *value, const struct odp_key_l4 *mask)
{
    struct l4_info l4;

    if (!packet_l4(b, &l4)) {
        return;
    }

    if (group == ODP_SET_TCP) {
        struct tcp_header *tcp = (void *) l4.l4;
        if (l4.proto != IPPROTO_TCP || l4.size < TCP_HEADER_LEN) {
            return;
        }
        set_port_csum(&tcp->tcp_src, value->src, mask->src, &tcp->tcp_csum);
        set_port_csum(&tcp->tcp_dst, value->dst, mask->dst, &tcp->tcp_csum);
    } else if (group == ODP_SET_UDP) {
        struct udp_header *udp = (void *) l4.l4;
        if (l4.proto != IPPROTO_UDP || l4.size < UDP_HEADER_LEN) {
            return;
        }
        be16 csum = udp->udp_csum;
        set_port_csum(&udp->udp_src, value->src, mask->src, &csum);
        set_port_csum(&udp->udp_dst, value->dst, mask->dst, &csum);
        if (udp->udp_csum) {
            udp->udp_csum = udp_csum_fixup(csum);
        }
    } else {
        struct sctp_header *sctp = (void *) l4.l4;
        if (l4.proto != IPPROTO_SCTP || l4.size < SCTP_HEADER_LEN) {
            return;
        }

        /* The CRC is not incremental: recompute it, keeping whatever error
         * the stored one had (CRC32c is linear over messages of one
         * length, so stored ^ old ^ new is right exactly when stored
         * was). */
        be32 before = sctp_csum(sctp, l4.size);
        be16 unused = 0;
        set_port_csum(&sctp->sctp_src, value->src, mask->src, &unused);
        set_port_csum(&sctp->sctp_dst, value->dst, mask->dst, &unused);
        be32 after = sctp_csum(sctp, l4.size);
        if (before != after) {
            put_be32_a16(&sctp->sctp_csum,
                         get_be32_a16(&sctp->sctp_csum) ^ before ^ after);
        }
    }
}

static void
set_masked(struct dp_packet *b, const struct odp_action *a)
{
    const struct odp_set_masked *set = (const void *) a;
    const void *value = odp_set_value(a);
    const void *mask = odp_set_mask(a);

    switch ((enum odp_set_group) set->group) {
    case ODP_SET_ETHERNET:
        set_ethernet(b, value, mask);
        break;
    case ODP_SET_IPV4:
        set_ipv4(b, value, mask);
        break;
    case ODP_SET_IPV6:
        set_ipv6(b, value, mask);
        break;
    case ODP_SET_TCP:
    case ODP_SET_UDP:
    case ODP_SET_SCTP:
        set_l4_ports(b, set->group, value, mask);
        break;
    }
}

/* Sets B's dp_hash from its headers and BASIS. */
static void
hash_packet(struct dp_packet *b, uint32_t basis)
{
    struct pkt_metadata md = b->md;
    struct miniflow_buf mf;

    b->md = (struct pkt_metadata) { 0 };
    miniflow_extract(b, &mf.mf);
    b->md = md;

    uint32_t hash = miniflow_hash(&mf.mf, basis);
    b->md.dp_hash = hash ? hash : 1;
}

/* Execution. */

static void execute_list(void *dp, struct dp_packet_batch *batch,
                         const void *actions, size_t size,
                         odp_execute_cb cb);

static bool
sample_packet(uint32_t probability)
{
    return probability == UINT32_MAX || random_u32() < probability;
}

/* Runs the SAMPLE action A on the packets of BATCH that it picks: on the
 * packets themselves if A is the LAST action of its list (the others are
 * freed and BATCH is left empty), otherwise on copies. */
static void
execute_sample(void *dp, struct dp_packet_batch *batch,
               const struct odp_action *a, bool last, odp_execute_cb cb)
{
    const struct odp_nested *sample = (const void *) a;
    struct dp_packet_batch sampled;
    struct dp_packet *packet;

    dp_packet_batch_init(&sampled);
    DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
        bool picked = sample_packet(sample->arg);
        if (last) {
            if (picked) {
                dp_packet_batch_add(&sampled, packet);
            } else {
                dp_packet_delete(packet);
            }
        } else if (picked) {
            dp_packet_batch_add(&sampled, dp_packet_clone_pooled(packet));
        }
    }
    if (last) {
        batch->count = 0;
    }
    if (!dp_packet_batch_is_empty(&sampled)) {
        execute_list(dp, &sampled, odp_nested_actions(a),
                     odp_nested_size(a), cb);
    }
}

/* Runs ACTIONS on BATCH, whose packets this call owns: it sends, hands on
 * or frees each of them and leaves BATCH empty. */
static void
execute_list(void *dp, struct dp_packet_batch *batch, const void *actions,
             size_t size, odp_execute_cb cb)
{
    const char *end = (const char *) actions + size;
    struct dp_packet *packet;

    ODP_ACTIONS_FOR_EACH (a, actions, size) {
        bool last = (const char *) a + a->len == end;

        switch (odp_action_type(a)) {
        case ODP_ACTION_OUTPUT:
        case ODP_ACTION_USERSPACE:
        case ODP_ACTION_RECIRC:
        case ODP_ACTION_METER:
        case ODP_ACTION_TRUNC:
            if (cb) {
                cb(dp, batch, a, last);
                if (last) {
                    /* The callback took the packets. */
                    batch->count = 0;
                    return;
                }
                if (dp_packet_batch_is_empty(batch)) {
                    return;
                }
            }
            break;

        case ODP_ACTION_PUSH_VLAN: {
            const struct odp_push_vlan *p = (const void *) a;
            DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
                push_vlan(packet, p->tpid, p->tci);
            }
            break;
        }

        case ODP_ACTION_POP_VLAN:
            DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
                pop_vlan(packet);
            }
            break;

        case ODP_ACTION_SET_MASKED:
            DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
                set_masked(packet, a);
            }
            break;

        case ODP_ACTION_HASH:
            DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
                hash_packet(packet, odp_action_get_u32(a));
            }
            break;

        case ODP_ACTION_CLONE:
            if (last) {
                /* Nothing follows: the clone may have the packets. */
                execute_list(dp, batch, odp_nested_actions(a),
                             odp_nested_size(a), cb);
                return;
            } else {
                struct dp_packet_batch copy;
                clone_batch(&copy, batch);
                execute_list(dp, &copy, odp_nested_actions(a),
                             odp_nested_size(a), cb);
            }
            break;

        case ODP_ACTION_SAMPLE:
            execute_sample(dp, batch, a, last, cb);
            if (last) {
                return;
            }
            break;

        case ODP_ACTION_DROP:
            dp_packet_batch_delete_all(batch);
            return;
        }
    }
    dp_packet_batch_delete_all(batch);
}

void
odp_execute_actions(void *dp, struct dp_packet_batch *batch, bool steal,
                    const void *actions, size_t size,
                    odp_execute_cb dp_execute_action)
{
    if (dp_packet_batch_is_empty(batch)) {
        return;
    } else if (steal) {
        execute_list(dp, batch, actions, size, dp_execute_action);
    } else if (size) {
        struct dp_packet_batch copy;
        clone_batch(&copy, batch);
        execute_list(dp, &copy, actions, size, dp_execute_action);
    }
}

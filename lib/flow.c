/* flow: flow keys and their extraction from packets.  See flow.h. */
#include <config.h>
#include "flow.h"

#include <inttypes.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"

/* The first word of each group of fields that the parser fills together.
 * IMG_PUT_*() below check at compile time that each field lies in the
 * words of its group, so a change to struct flow's layout that breaks the
 * parser does not compile. */
enum {
    W_MD = FLOW_U64_INDEX(in_port),         /* 2 words. */
    W_L2 = FLOW_U64_INDEX(dl_dst),          /* 2 words. */
    W_VLAN = FLOW_U64_INDEX(vlans),         /* 1 word. */
    W_MPLS = FLOW_U64_INDEX(mpls_lse),      /* 2 words. */
    W_NW = FLOW_U64_INDEX(nw_src),          /* 1 word. */
    W_IPV6 = FLOW_U64_INDEX(ipv6_src),      /* 4 words. */
    W_IP = FLOW_U64_INDEX(nw_proto),        /* 1 word. */
    W_ND = FLOW_U64_INDEX(nd_target),       /* 4 words. */
    W_ARP = FLOW_U64_INDEX(arp_sha),        /* 2 words. */
    W_L4 = FLOW_U64_INDEX(tp_src),          /* 1 word. */
};

/* The groups follow one another in this order, which is the order in which
 * the parser emits them: a miniflow's values are in ascending word
 * order. */
BUILD_ASSERT_DECL(W_MD == 0);
BUILD_ASSERT_DECL(W_L2 == W_MD + 2);
BUILD_ASSERT_DECL(W_VLAN == W_L2 + 2);
BUILD_ASSERT_DECL(W_MPLS == W_VLAN + 1);
BUILD_ASSERT_DECL(W_NW == W_MPLS + 2);
BUILD_ASSERT_DECL(W_IPV6 == W_NW + 1);
BUILD_ASSERT_DECL(W_IP == W_IPV6 + 4);
BUILD_ASSERT_DECL(W_ND == W_IP + 1);
BUILD_ASSERT_DECL(W_ARP == W_ND + 2);
BUILD_ASSERT_DECL(W_L4 == W_ARP + 2);
BUILD_ASSERT_DECL(W_L4 + 1 == FLOW_U64S);

#define FLOW_FIELD_SIZE(FIELD) sizeof(((struct flow *) NULL)->FIELD)

/* Asserts at compile time that FIELD lies within the words of the image
 * IMG (an array of uint64_t) that starts at word BASE of struct flow. */
#define IMG_CHECK(IMG, BASE, FIELD)                                     \
    _Static_assert(offsetof(struct flow, FIELD) >= (BASE) * 8           \
                   && (offsetof(struct flow, FIELD)                     \
                       + FLOW_FIELD_SIZE(FIELD)                         \
                       <= (BASE) * 8 + sizeof (IMG)),                   \
                   "field " #FIELD " lies outside its image")

/* Copies FIELD's worth of bytes from SRC (any alignment) into FIELD's place
 * in the image IMG of the words starting at word BASE. */
#define IMG_PUT_BYTES(IMG, BASE, FIELD, SRC)                            \
    do {                                                                \
        IMG_CHECK(IMG, BASE, FIELD);                                    \
        memcpy((uint8_t *) (IMG) + offsetof(struct flow, FIELD)         \
               - (BASE) * 8, (SRC), FLOW_FIELD_SIZE(FIELD));            \
    } while (0)

/* Stores VALUE, converted to FIELD's type, in FIELD's place in IMG. */
#define IMG_PUT_VALUE(IMG, BASE, FIELD, VALUE)                          \
    do {                                                                \
        __typeof__(((struct flow *) NULL)->FIELD) value__ = (VALUE);    \
        IMG_PUT_BYTES(IMG, BASE, FIELD, &value__);                      \
    } while (0)

/* Builds a miniflow's values and map in ascending word order. */
struct mf_builder {
    uint64_t *values;
    uint64_t map;
    unsigned int n;
};

/* Appends word IDX with value W, if W is nonzero.  Branch-free: the value
 * is always stored and only counted if nonzero.  Every word is pushed at
 * most once, so 'n' never exceeds FLOW_U64S - 1 before a store. */
static inline void
mf_push(struct mf_builder *mf, unsigned int idx, uint64_t w)
{
    mf->values[mf->n] = w;
    mf->map |= (uint64_t) (w != 0) << idx;
    mf->n += w != 0;
}

static inline void
mf_push_words(struct mf_builder *mf, unsigned int idx, const uint64_t *img,
              size_t n_words)
{
    for (size_t i = 0; i < n_words; i++) {
        mf_push(mf, idx + i, img[i]);
    }
}

/* Skips the IPv6 extension headers at *DATAP, *SIZEP bytes long, the first
 * of type *NXTP.  Updates *DATAP and *SIZEP past them, *NXTP to the first
 * header that is not an extension header (or, for a later fragment, the
 * fragment header's next header), and *NW_FRAG from a fragment header.
 * Returns false, with *NXTP the type of the offending header, if a header
 * is truncated. */
static inline bool
parse_ipv6_ext_headers(const uint8_t **datap, size_t *sizep, uint8_t *nxtp,
                       uint8_t *nw_frag)
{
    const uint8_t *data = *datap;
    size_t size = *sizep;
    uint8_t nxt = *nxtp;
    bool ok = true;

    for (;;) {
        size_t len;

        if (nxt == IPPROTO_HOPOPTS || nxt == IPPROTO_ROUTING
            || nxt == IPPROTO_DSTOPTS) {
            if (size < 8) {
                ok = false;
                break;
            }
            len = ((size_t) data[1] + 1) * 8;
        } else if (nxt == IPPROTO_AH) {
            if (size < 8) {
                ok = false;
                break;
            }
            len = ((size_t) data[1] + 2) * 4;
        } else if (nxt == IPPROTO_FRAGMENT) {
            if (size < IPV6_FRAG_HEADER_LEN) {
                ok = false;
                break;
            }
            len = IPV6_FRAG_HEADER_LEN;
            *nw_frag = FLOW_NW_FRAG_ANY;
            if (ntohs(get_unaligned_be16(data + 2)) & IPV6_FRAG_OFF_MASK) {
                *nw_frag |= FLOW_NW_FRAG_LATER;
                nxt = data[0];
                data += len;
                size -= len;
                break;
            }
        } else {
            break;
        }

        if (len > size) {
            ok = false;
            break;
        }
        nxt = data[0];
        data += len;
        size -= len;
    }

    *datap = data;
    *sizep = size;
    *nxtp = nxt;
    return ok;
}

/* Fills the neighbour discovery image ND (words W_ND to W_ND + 3) from the
 * SIZE-byte NS or NA message at DATA, which holds at least ND_MSG_LEN
 * bytes. *ND must be zero on entry. */
static inline void
parse_nd(const uint8_t *data, size_t size, uint64_t (*nd)[4])
{
    bool have_sll = false;
    bool have_tll = false;
    bool ok = true;

    IMG_PUT_BYTES(*nd, W_ND, nd_target,
                  data + offsetof(struct nd_msg, nd_target));

    data += ND_MSG_LEN;
    size -= ND_MSG_LEN;
    while (size > 0) {
        if (size < sizeof(struct nd_opt_header)) {
            ok = false;
            break;
        }

        size_t opt_len = (size_t) data[1] * 8;
        if (!opt_len || opt_len > size) {
            ok = false;
            break;
        }
        if (opt_len == ND_LLADDR_OPT_LEN) {
            const uint8_t *mac = data + offsetof(struct nd_lladdr_opt,
                                                 nd_opt_mac);
            if (data[0] == ND_OPT_SOURCE_LINKADDR) {
                if (have_sll) {
                    ok = false;
                    break;
                }
                have_sll = true;
                IMG_PUT_BYTES(*nd, W_ND, nd_sll, mac);
            } else if (data[0] == ND_OPT_TARGET_LINKADDR) {
                if (have_tll) {
                    ok = false;
                    break;
                }
                have_tll = true;
                IMG_PUT_BYTES(*nd, W_ND, nd_tll, mac);
            }
        }
        data += opt_len;
        size -= opt_len;
    }

    if (!ok) {
        IMG_PUT_BYTES(*nd, W_ND, nd_sll, &eth_addr_zero);
        IMG_PUT_BYTES(*nd, W_ND, nd_tll, &eth_addr_zero);
    }
}

void
miniflow_extract(struct dp_packet *packet, struct miniflow *dst)
{
    const struct pkt_metadata *md = &packet->md;
    const uint8_t *const frame = dp_packet_data(packet);
    const uint8_t *data = frame;
    size_t size = dp_packet_size(packet);
    struct mf_builder mf = { miniflow_values(dst), 0, 0 };

    dp_packet_reset_offsets(packet);

    /* Metadata. */
    uint64_t md_img[2] = { 0, 0 };
    IMG_PUT_VALUE(md_img, W_MD, in_port, md->in_port);
    IMG_PUT_VALUE(md_img, W_MD, recirc_id, md->recirc_id);
    IMG_PUT_VALUE(md_img, W_MD, dp_hash, md->dp_hash);
    mf_push_words(&mf, W_MD, md_img, 2);

    /* Ethernet. */
    if (size < ETH_HEADER_LEN) {
        goto out;
    }
    uint64_t l2_img[2] = { 0, 0 };
    IMG_PUT_BYTES(l2_img, W_L2, dl_dst,
                  data + offsetof(struct eth_header, eth_dst));
    IMG_PUT_BYTES(l2_img, W_L2, dl_src,
                  data + offsetof(struct eth_header, eth_src));
    be16 dl_type = get_unaligned_be16(
        data + offsetof(struct eth_header, eth_type));
    data += ETH_HEADER_LEN;
    size -= ETH_HEADER_LEN;

    /* VLAN tags. */
    struct flow_vlan vlans[FLOW_MAX_VLAN_HEADERS];
    dl_type = flow_parse_vlans(&data, &size, dl_type, vlans);

    /* 802.3 length field: LLC, possibly with SNAP. */
    if (ntohs(dl_type) < ETH_TYPE_MIN) {
        if (size >= LLC_SNAP_HEADER_LEN
            && data[0] == LLC_DSAP_SNAP && data[1] == LLC_SSAP_SNAP
            && data[2] == LLC_CNTL_SNAP
            && !data[3] && !data[4] && !data[5]) {
            dl_type = get_unaligned_be16(
                data + offsetof(struct llc_snap_header, snap_type));
            data += LLC_SNAP_HEADER_LEN;
            size -= LLC_SNAP_HEADER_LEN;
        } else {
            dl_type = BE16_C(FLOW_DL_TYPE_NONE);
        }
    }

    IMG_PUT_VALUE(l2_img, W_L2, dl_type, dl_type);
    mf_push_words(&mf, W_L2, l2_img, 2);
    uint64_t vlan_img[1] = { 0 };
    IMG_PUT_BYTES(vlan_img, W_VLAN, vlans, vlans);
    mf_push_words(&mf, W_VLAN, vlan_img, 1);

    /* MPLS. */
    if (eth_type_mpls(dl_type)) {
        be32 lses[FLOW_MAX_MPLS_LABELS];
        memset(lses, 0, sizeof lses);

        packet->l2_5_ofs = data - frame;
        for (size_t n = 0; size >= MPLS_HLEN; n++) {
            be32 lse = get_unaligned_be32(data);
            data += MPLS_HLEN;
            size -= MPLS_HLEN;
            if (n < FLOW_MAX_MPLS_LABELS) {
                lses[n] = lse;
            }
            if (lse & BE32_C(MPLS_BOS_MASK)) {
                packet->l3_ofs = data - frame;
                break;
            }
        }

        uint64_t mpls_img[2] = { 0, 0 };
        IMG_PUT_BYTES(mpls_img, W_MPLS, mpls_lse, lses);
        mf_push_words(&mf, W_MPLS, mpls_img, 2);
        goto out;
    }

    packet->l3_ofs = data - frame;

    /* L3. */
    uint8_t nw_proto;
    if (dl_type == BE16_C(ETH_TYPE_IP)) {
        size_t ihl, tot_len;
        if (!flow_check_ipv4(data, size, &ihl, &tot_len)) {
            goto out;
        }
        size = tot_len;

        uint64_t nw_img[1] = { 0 };
        IMG_PUT_BYTES(nw_img, W_NW, nw_src,
                      data + offsetof(struct ip_header, ip_src));
        IMG_PUT_BYTES(nw_img, W_NW, nw_dst,
                      data + offsetof(struct ip_header, ip_dst));
        mf_push_words(&mf, W_NW, nw_img, 1);

        uint8_t nw_frag = flow_ipv4_frag(data);
        nw_proto = data[offsetof(struct ip_header, ip_proto)];

        uint64_t ip_img[1] = { 0 };
        IMG_PUT_VALUE(ip_img, W_IP, nw_frag, nw_frag);
        IMG_PUT_VALUE(ip_img, W_IP, nw_tos,
                      data[offsetof(struct ip_header, ip_tos)]);
        IMG_PUT_VALUE(ip_img, W_IP, nw_ttl,
                      data[offsetof(struct ip_header, ip_ttl)]);
        IMG_PUT_VALUE(ip_img, W_IP, nw_proto, nw_proto);
        mf_push_words(&mf, W_IP, ip_img, 1);

        data += ihl;
        size -= ihl;
        if (nw_frag & FLOW_NW_FRAG_LATER) {
            goto out;
        }
    } else if (dl_type == BE16_C(ETH_TYPE_IPV6)) {
        if (size < IPV6_HEADER_LEN) {
            goto out;
        }
        uint32_t vtc_flow = ntohl(get_unaligned_be32(
                                      data + offsetof(struct ip6_header,
                                                      ip6_vtc_flow)));
        if (vtc_flow >> 28 != IPV6_VERSION) {
            goto out;
        }
        size_t plen = ntohs(get_unaligned_be16(
                                data + offsetof(struct ip6_header,
                                                ip6_payload_len)));
        if (plen > size - IPV6_HEADER_LEN) {
            goto out;
        }

        uint64_t ipv6_img[4] = { 0, 0, 0, 0 };
        IMG_PUT_BYTES(ipv6_img, W_IPV6, ipv6_src,
                      data + offsetof(struct ip6_header, ip6_src));
        IMG_PUT_BYTES(ipv6_img, W_IPV6, ipv6_dst,
                      data + offsetof(struct ip6_header, ip6_dst));
        mf_push_words(&mf, W_IPV6, ipv6_img, 4);

        uint8_t nxt = data[offsetof(struct ip6_header, ip6_next_header)];
        uint8_t hlim = data[offsetof(struct ip6_header, ip6_hop_limit)];
        uint8_t nw_frag = 0;
        data += IPV6_HEADER_LEN;
        size = plen;
        bool ok = parse_ipv6_ext_headers(&data, &size, &nxt, &nw_frag);
        nw_proto = nxt;

        uint64_t ip_img[1] = { 0 };
        IMG_PUT_VALUE(ip_img, W_IP, ipv6_label,
                      htonl(vtc_flow & IPV6_LABEL_MASK));
        IMG_PUT_VALUE(ip_img, W_IP, nw_frag, nw_frag);
        IMG_PUT_VALUE(ip_img, W_IP, nw_tos,
                      (vtc_flow >> IPV6_TCLASS_SHIFT) & 0xff);
        IMG_PUT_VALUE(ip_img, W_IP, nw_ttl, hlim);
        IMG_PUT_VALUE(ip_img, W_IP, nw_proto, nw_proto);
        mf_push_words(&mf, W_IP, ip_img, 1);

        if (!ok || nw_frag & FLOW_NW_FRAG_LATER) {
            goto out;
        }
    } else if (dl_type == BE16_C(ETH_TYPE_ARP)
               || dl_type == BE16_C(ETH_TYPE_RARP)) {
        if (size >= ARP_ETH_HEADER_LEN
            && (get_unaligned_be16(data + offsetof(struct arp_eth_header,
                                                   ar_hrd))
                == BE16_C(ARP_HRD_ETHERNET))
            && (get_unaligned_be16(data + offsetof(struct arp_eth_header,
                                                   ar_pro))
                == BE16_C(ARP_PRO_IP))
            && data[offsetof(struct arp_eth_header, ar_hln)] == ETH_ADDR_LEN
            && data[offsetof(struct arp_eth_header, ar_pln)] == 4) {
            uint16_t op = ntohs(get_unaligned_be16(
                                    data + offsetof(struct arp_eth_header,
                                                    ar_op)));

            uint64_t nw_img[1] = { 0 };
            IMG_PUT_BYTES(nw_img, W_NW, nw_src,
                          data + offsetof(struct arp_eth_header, ar_spa));
            IMG_PUT_BYTES(nw_img, W_NW, nw_dst,
                          data + offsetof(struct arp_eth_header, ar_tpa));
            mf_push_words(&mf, W_NW, nw_img, 1);

            uint64_t ip_img[1] = { 0 };
            IMG_PUT_VALUE(ip_img, W_IP, nw_proto, op <= 0xff ? op : 0);
            mf_push_words(&mf, W_IP, ip_img, 1);

            uint64_t arp_img[2] = { 0, 0 };
            IMG_PUT_BYTES(arp_img, W_ARP, arp_sha,
                          data + offsetof(struct arp_eth_header, ar_sha));
            IMG_PUT_BYTES(arp_img, W_ARP, arp_tha,
                          data + offsetof(struct arp_eth_header, ar_tha));
            mf_push_words(&mf, W_ARP, arp_img, 2);
        }
        goto out;
    } else {
        goto out;
    }

    /* L4. */
    packet->l4_ofs = data - frame;
    uint64_t l4_img[1] = { 0 };
    if (nw_proto == IPPROTO_TCP) {
        if (size >= TCP_HEADER_LEN) {
            be16 ctl = get_unaligned_be16(
                data + offsetof(struct tcp_header, tcp_ctl));
            size_t tcp_len = TCP_OFFSET(ctl) * 4;
            if (tcp_len >= TCP_HEADER_LEN && tcp_len <= size) {
                IMG_PUT_BYTES(l4_img, W_L4, tp_src,
                              data + offsetof(struct tcp_header, tcp_src));
                IMG_PUT_BYTES(l4_img, W_L4, tp_dst,
                              data + offsetof(struct tcp_header, tcp_dst));
                IMG_PUT_VALUE(l4_img, W_L4, tcp_flags,
                              ctl & BE16_C(TCP_FLAGS_MASK));
            }
        }
    } else if (nw_proto == IPPROTO_UDP) {
        if (size >= UDP_HEADER_LEN) {
            IMG_PUT_BYTES(l4_img, W_L4, tp_src,
                          data + offsetof(struct udp_header, udp_src));
            IMG_PUT_BYTES(l4_img, W_L4, tp_dst,
                          data + offsetof(struct udp_header, udp_dst));
        }
    } else if (nw_proto == IPPROTO_SCTP) {
        if (size >= SCTP_HEADER_LEN) {
            IMG_PUT_BYTES(l4_img, W_L4, tp_src,
                          data + offsetof(struct sctp_header, sctp_src));
            IMG_PUT_BYTES(l4_img, W_L4, tp_dst,
                          data + offsetof(struct sctp_header, sctp_dst));
        }
    } else if (nw_proto == IPPROTO_ICMP
               && dl_type == BE16_C(ETH_TYPE_IP)) {
        if (size >= ICMP_HEADER_LEN) {
            IMG_PUT_VALUE(l4_img, W_L4, tp_src,
                          htons(data[offsetof(struct icmp_header,
                                              icmp_type)]));
            IMG_PUT_VALUE(l4_img, W_L4, tp_dst,
                          htons(data[offsetof(struct icmp_header,
                                              icmp_code)]));
        }
    } else if (nw_proto == IPPROTO_ICMPV6
               && dl_type == BE16_C(ETH_TYPE_IPV6)) {
        if (size >= ICMP6_HEADER_LEN) {
            uint8_t type = data[offsetof(struct icmp6_header, icmp6_type)];
            uint8_t code = data[offsetof(struct icmp6_header, icmp6_code)];

            IMG_PUT_VALUE(l4_img, W_L4, tp_src, htons(type));
            IMG_PUT_VALUE(l4_img, W_L4, tp_dst, htons(code));
            if ((type == ND_TYPE_NEIGHBOR_SOLICIT
                 || type == ND_TYPE_NEIGHBOR_ADVERT)
                && code == 0 && size >= ND_MSG_LEN) {
                uint64_t nd_img[4] = { 0, 0, 0, 0 };
                parse_nd(data, size, &nd_img);
                mf_push_words(&mf, W_ND, nd_img, 4);
            }
        }
    }
    mf_push_words(&mf, W_L4, l4_img, 1);

out:
    dst->map = mf.map;
}

void
flow_extract(struct dp_packet *packet, struct flow *flow)
{
    struct miniflow_buf buf;

    miniflow_extract(packet, &buf.mf);
    miniflow_expand(&buf.mf, flow);
}

void
miniflow_init(struct miniflow *dst, const struct flow *flow)
{
    const uint64_t *words = flow_u64s(flow);
    struct mf_builder mf = { miniflow_values(dst), 0, 0 };

    for (size_t i = 0; i < FLOW_U64S; i++) {
        mf_push(&mf, i, words[i]);
    }
    dst->map = mf.map;
}

void
miniflow_expand(const struct miniflow *mf, struct flow *flow)
{
    uint64_t *words = (uint64_t *) (void *) flow;
    const uint64_t *values = miniflow_get_values(mf);

    memset(flow, 0, sizeof *flow);
    for (uint64_t map = mf->map; map; map = zero_rightmost_1bit(map)) {
        words[rightmost_1bit_idx(map)] = *values++;
    }
}

uint32_t
miniflow_hash(const struct miniflow *mf, uint32_t basis)
{
    const uint64_t *values = miniflow_get_values(mf);
    size_t n = miniflow_n_values(mf);
    uint32_t hash = hash_add64(basis, mf->map);

    for (size_t i = 0; i < n; i++) {
        hash = hash_add64(hash, values[i]);
    }
    return hash_finish(hash, (n + 1) * 8);
}

uint32_t
flow_hash(const struct flow *flow, uint32_t basis)
{
    const uint64_t *words = flow_u64s(flow);
    uint64_t map = 0;
    size_t n = 0;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        if (words[i]) {
            map |= UINT64_C(1) << i;
            n++;
        }
    }

    uint32_t hash = hash_add64(basis, map);
    for (; map; map = zero_rightmost_1bit(map)) {
        hash = hash_add64(hash, words[rightmost_1bit_idx(map)]);
    }
    return hash_finish(hash, (n + 1) * 8);
}

bool
miniflow_equal(const struct miniflow *a, const struct miniflow *b)
{
    return (a->map == b->map
            && !memcmp(miniflow_get_values(a), miniflow_get_values(b),
                       miniflow_n_values(a) * sizeof(uint64_t)));
}

static const char *
frag_name(uint8_t nw_frag)
{
    return (!(nw_frag & FLOW_NW_FRAG_ANY) ? "no"
            : nw_frag & FLOW_NW_FRAG_LATER ? "later"
            : "first");
}

static void
format_l4(struct ds *ds, const struct flow *flow)
{
    uint16_t dl_type = ntohs(flow->dl_type);
    uint16_t src = ntohs(flow->tp_src);
    uint16_t dst = ntohs(flow->tp_dst);

    switch (flow->nw_proto) {
    case IPPROTO_TCP:
        ds_put_format(ds, ",tcp(src=%u,dst=%u),tcp_flags(", src, dst);
        tcp_flags_format(ds, ntohs(flow->tcp_flags));
        ds_put_char(ds, ')');
        break;
    case IPPROTO_UDP:
        ds_put_format(ds, ",udp(src=%u,dst=%u)", src, dst);
        break;
    case IPPROTO_SCTP:
        ds_put_format(ds, ",sctp(src=%u,dst=%u)", src, dst);
        break;
    case IPPROTO_ICMP:
        if (dl_type == ETH_TYPE_IP) {
            ds_put_format(ds, ",icmp(type=%u,code=%u)", src, dst);
        }
        break;
    case IPPROTO_ICMPV6:
        if (dl_type == ETH_TYPE_IPV6) {
            ds_put_format(ds, ",icmpv6(type=%u,code=%u)", src, dst);
            if ((src == ND_TYPE_NEIGHBOR_SOLICIT
                 || src == ND_TYPE_NEIGHBOR_ADVERT) && dst == 0) {
                ds_put_cstr(ds, ",nd(target=");
                ipv6_format_addr(ds, &flow->nd_target);
                ds_put_format(ds, ",sll=" ETH_ADDR_FMT ",tll=" ETH_ADDR_FMT
                              ")", ETH_ADDR_ARGS(flow->nd_sll),
                              ETH_ADDR_ARGS(flow->nd_tll));
            }
        }
        break;
    }
}

void
flow_format(struct ds *ds, const struct flow *flow)
{
    uint16_t dl_type = ntohs(flow->dl_type);

    if (flow->recirc_id) {
        ds_put_format(ds, "recirc_id(%"PRIu32"),", flow->recirc_id);
    }
    if (flow->dp_hash) {
        ds_put_format(ds, "dp_hash(0x%08"PRIx32"),", flow->dp_hash);
    }
    ds_put_format(ds, "in_port(%"PRIu32")", flow->in_port);

    if (!dl_type && eth_addr_is_zero(flow->dl_src)
        && eth_addr_is_zero(flow->dl_dst) && !flow->vlans[0].tpid) {
        /* No Ethernet header. */
        return;
    }

    ds_put_format(ds, ",eth(src=" ETH_ADDR_FMT ",dst=" ETH_ADDR_FMT ")",
                  ETH_ADDR_ARGS(flow->dl_src), ETH_ADDR_ARGS(flow->dl_dst));
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        const struct flow_vlan *vlan = &flow->vlans[i];
        if (vlan->tpid) {
            ds_put_format(ds, ",vlan(tpid=0x%04x,vid=%u,pcp=%d",
                          ntohs(vlan->tpid), vlan_tci_to_vid(vlan->tci),
                          vlan_tci_to_pcp(vlan->tci));
            if (vlan_tci_to_dei(vlan->tci)) {
                ds_put_cstr(ds, ",dei=1");
            }
            ds_put_char(ds, ')');
        }
    }
    ds_put_format(ds, ",eth_type(0x%04x)", dl_type);

    if (eth_type_mpls(flow->dl_type)) {
        for (int i = 0; i < FLOW_MAX_MPLS_LABELS; i++) {
            be32 lse = flow->mpls_lse[i];
            if (lse) {
                ds_put_format(ds, ",mpls(label=%"PRIu32",tc=%d,ttl=%d,"
                              "bos=%d)", mpls_lse_to_label(lse),
                              mpls_lse_to_tc(lse), mpls_lse_to_ttl(lse),
                              mpls_lse_to_bos(lse));
            }
        }
    } else if (dl_type == ETH_TYPE_IP) {
        ds_put_format(ds, ",ipv4(src=" IP_FMT ",dst=" IP_FMT ",proto=%u,"
                      "tos=%u,ttl=%u,frag=%s)", IP_ARGS(flow->nw_src),
                      IP_ARGS(flow->nw_dst), flow->nw_proto, flow->nw_tos,
                      flow->nw_ttl, frag_name(flow->nw_frag));
        if (!(flow->nw_frag & FLOW_NW_FRAG_LATER)) {
            format_l4(ds, flow);
        }
    } else if (dl_type == ETH_TYPE_IPV6) {
        ds_put_cstr(ds, ",ipv6(src=");
        ipv6_format_addr(ds, &flow->ipv6_src);
        ds_put_cstr(ds, ",dst=");
        ipv6_format_addr(ds, &flow->ipv6_dst);
        ds_put_format(ds, ",label=0x%05"PRIx32",proto=%u,tclass=%u,"
                      "hlimit=%u,frag=%s)", ntohl(flow->ipv6_label),
                      flow->nw_proto, flow->nw_tos, flow->nw_ttl,
                      frag_name(flow->nw_frag));
        if (!(flow->nw_frag & FLOW_NW_FRAG_LATER)) {
            format_l4(ds, flow);
        }
    } else if (dl_type == ETH_TYPE_ARP || dl_type == ETH_TYPE_RARP) {
        ds_put_format(ds, ",arp(sip=" IP_FMT ",tip=" IP_FMT ",op=%u,"
                      "sha=" ETH_ADDR_FMT ",tha=" ETH_ADDR_FMT ")",
                      IP_ARGS(flow->nw_src), IP_ARGS(flow->nw_dst),
                      flow->nw_proto, ETH_ADDR_ARGS(flow->arp_sha),
                      ETH_ADDR_ARGS(flow->arp_tha));
    }
}

char *
flow_to_string(const struct flow *flow)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    flow_format(&ds, flow);
    return ds_steal_cstr(&ds);
}

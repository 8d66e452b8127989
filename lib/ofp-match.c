/* OpenFlow 1.0 and 1.1 fixed-layout matches.  See ofp-match.h. */
#include <config.h>
#include "ofp-match.h"
#include <netinet/in.h>
#include <string.h>
#include "buffer.h"
#include "match.h"
#include "nx-match.h"
#include "util.h"

/* The "VLAN present" bit of vlans[0].tpid (oflow.h). */
#define TPID_PRESENT 0x8000

/* The VLAN match kinds a fixed-layout match can express. */
enum vlan_kind {
    VLAN_ANY,                   /* VLAN not matched. */
    VLAN_UNTAGGED,              /* Only untagged packets. */
    VLAN_TAGGED,                /* Tagged; VID and PCP exact or wild. */
    VLAN_OTHER,                 /* Something only NXM/OXM can say. */
};

/* Classifies MATCH's outer VLAN match. */
static enum vlan_kind
classify_vlan(const struct match *match)
{
    uint16_t tpid = ntohs(match->flow.dp.vlans[0].tpid);
    uint16_t tpid_mask = ntohs(match->mask.dp.vlans[0].tpid);
    uint16_t tci_mask = ntohs(match->mask.dp.vlans[0].tci);

    if (!tpid_mask && !tci_mask) {
        return VLAN_ANY;
    }
    if (!(tpid_mask & TPID_PRESENT)) {
        return VLAN_OTHER;
    }
    if (!(tpid & TPID_PRESENT)) {
        return VLAN_UNTAGGED;
    }
    if (tpid_mask != TPID_PRESENT) {
        return VLAN_OTHER;
    }
    uint16_t vid = tci_mask & VLAN_VID_MASK;
    uint16_t pcp = tci_mask & VLAN_PCP_MASK;
    if ((tci_mask & VLAN_DEI)
        || (vid && vid != VLAN_VID_MASK)
        || (pcp && pcp != VLAN_PCP_MASK)) {
        return VLAN_OTHER;
    }
    return VLAN_TAGGED;
}

/* Sets MATCH's VLAN match to "untagged", as meta-flow does for dl_vlan
 * 0xffff. */
static void
set_vlan_untagged(struct match *match)
{
    match->flow.dp.vlans[0].tpid = 0;
    match->mask.dp.vlans[0].tpid = htons(0xffff);
    match->flow.dp.vlans[0].tci = 0;
    match->mask.dp.vlans[0].tci = htons(0xffff & ~VLAN_DEI);
}

/* Sets MATCH's VLAN match to "tagged" with the TCI bits of MASK equal to
 * those of TCI. */
static void
set_vlan_tagged(struct match *match, uint16_t tci, uint16_t mask)
{
    match->flow.dp.vlans[0].tpid = htons(TPID_PRESENT);
    match->mask.dp.vlans[0].tpid = htons(TPID_PRESENT);
    match->flow.dp.vlans[0].tci = htons(tci & mask);
    match->mask.dp.vlans[0].tci = htons(mask);
}

/* Returns the number of wildcarded low bits of netmask MASK (32 for 0),
 * or -1 if MASK is not a CIDR mask. */
static int
netmask_to_wcbits(be32 mask_)
{
    uint32_t mask = ntohl(mask_);
    uint32_t wild = ~mask;
    if (wild & (wild + 1)) {
        return -1;
    }
    return mask ? 32 - count_1bits(mask) : 32;
}

/* Returns the netmask with the low WCBITS bits (0 to 63) wildcarded. */
static be32
wcbits_to_netmask(unsigned int wcbits)
{
    wcbits &= 0x3f;
    return wcbits < 32 ? htonl(UINT32_MAX << wcbits) : 0;
}

static be16
dl_type_to_openflow(be16 dl_type)
{
    return dl_type;
}

static be16
dl_type_from_openflow(be16 dl_type)
{
    return ntohs(dl_type) < ETH_TYPE_MIN ? htons(FLOW_DL_TYPE_NONE)
                                         : dl_type;
}

static bool
eth_mask_is_exact(struct eth_addr mask)
{
    return is_all_ones(&mask, sizeof mask);
}

static struct eth_addr
eth_addr_invert(struct eth_addr a)
{
    for (size_t i = 0; i < ETH_ADDR_LEN; i++) {
        a.ea[i] = ~a.ea[i];
    }
    return a;
}

/* OpenFlow 1.0. */

void
ofp10_match_from_match(const struct match *match, struct ofp10_match *om)
{
    const struct flow *f = &match->flow.dp;
    const struct flow *m = &match->mask.dp;
    uint32_t wc = 0;
    uint16_t in_port = 0;

    memset(om, 0, sizeof *om);
    if (!m->in_port) {
        wc |= OFPFW10_IN_PORT;
    } else if (!port_to_ofp10_port(f->in_port, &in_port)) {
        in_port = f->in_port;   /* Not representable; see fits(). */
    }
    if (!m->dl_type) {
        wc |= OFPFW10_DL_TYPE;
    }
    if (!m->nw_proto) {
        wc |= OFPFW10_NW_PROTO;
    }
    int src_bits = netmask_to_wcbits(m->nw_src);
    int dst_bits = netmask_to_wcbits(m->nw_dst);
    wc |= (uint32_t) (src_bits < 0 ? 32 : src_bits) << OFPFW10_NW_SRC_SHIFT;
    wc |= (uint32_t) (dst_bits < 0 ? 32 : dst_bits) << OFPFW10_NW_DST_SHIFT;
    if (!(m->nw_tos & IP_DSCP_MASK)) {
        wc |= OFPFW10_NW_TOS;
    }
    if (!m->tp_src) {
        wc |= OFPFW10_TP_SRC;
    }
    if (!m->tp_dst) {
        wc |= OFPFW10_TP_DST;
    }
    if (eth_addr_is_zero(m->dl_src)) {
        wc |= OFPFW10_DL_SRC;
    }
    if (eth_addr_is_zero(m->dl_dst)) {
        wc |= OFPFW10_DL_DST;
    }

    uint16_t tci = ntohs(f->vlans[0].tci);
    uint16_t tci_mask = ntohs(m->vlans[0].tci);
    switch (classify_vlan(match)) {
    case VLAN_ANY:
        wc |= OFPFW10_DL_VLAN | OFPFW10_DL_VLAN_PCP;
        break;
    case VLAN_UNTAGGED:
        om->dl_vlan = htons(OFP10_VLAN_NONE);
        break;
    case VLAN_TAGGED:
    case VLAN_OTHER:
    default:
        if (tci_mask & VLAN_VID_MASK) {
            om->dl_vlan = htons(tci & VLAN_VID_MASK);
        } else {
            wc |= OFPFW10_DL_VLAN;
        }
        if (tci_mask & VLAN_PCP_MASK) {
            om->dl_vlan_pcp = (tci & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT;
        } else {
            wc |= OFPFW10_DL_VLAN_PCP;
        }
        break;
    }

    om->wildcards = htonl(wc);
    om->in_port = htons(in_port);
    om->dl_src = f->dl_src;
    om->dl_dst = f->dl_dst;
    om->dl_type = dl_type_to_openflow(f->dl_type);
    om->nw_tos = f->nw_tos & IP_DSCP_MASK;
    om->nw_proto = f->nw_proto;
    om->nw_src = f->nw_src;
    om->nw_dst = f->nw_dst;
    om->tp_src = f->tp_src;
    om->tp_dst = f->tp_dst;
}

void
ofp10_match_to_match(const struct ofp10_match *om, struct match *match)
{
    uint32_t wc = ntohl(om->wildcards) & OFPFW10_ALL;
    struct flow *f = &match->flow.dp;
    struct flow *m = &match->mask.dp;

    match_init_catchall(match);
    if (!(wc & OFPFW10_IN_PORT)) {
        f->in_port = ofp10_port_to_port(ntohs(om->in_port));
        m->in_port = UINT32_MAX;
    }
    if (!(wc & OFPFW10_DL_SRC)) {
        f->dl_src = om->dl_src;
        memset(&m->dl_src, 0xff, sizeof m->dl_src);
    }
    if (!(wc & OFPFW10_DL_DST)) {
        f->dl_dst = om->dl_dst;
        memset(&m->dl_dst, 0xff, sizeof m->dl_dst);
    }
    if (!(wc & OFPFW10_DL_TYPE)) {
        f->dl_type = dl_type_from_openflow(om->dl_type);
        m->dl_type = htons(0xffff);
    }
    if (!(wc & OFPFW10_NW_TOS)) {
        f->nw_tos = om->nw_tos & IP_DSCP_MASK;
        m->nw_tos = IP_DSCP_MASK;
    }
    if (!(wc & OFPFW10_NW_PROTO)) {
        f->nw_proto = om->nw_proto;
        m->nw_proto = UINT8_MAX;
    }
    m->nw_src = wcbits_to_netmask(wc >> OFPFW10_NW_SRC_SHIFT);
    f->nw_src = om->nw_src & m->nw_src;
    m->nw_dst = wcbits_to_netmask(wc >> OFPFW10_NW_DST_SHIFT);
    f->nw_dst = om->nw_dst & m->nw_dst;
    if (!(wc & OFPFW10_TP_SRC)) {
        f->tp_src = om->tp_src;
        m->tp_src = htons(0xffff);
    }
    if (!(wc & OFPFW10_TP_DST)) {
        f->tp_dst = om->tp_dst;
        m->tp_dst = htons(0xffff);
    }

    if (!(wc & OFPFW10_DL_VLAN) && om->dl_vlan == htons(OFP10_VLAN_NONE)) {
        /* Untagged only.  A PCP match along with it contradicts that;
         * like Open vSwitch, ignore the PCP. */
        set_vlan_untagged(match);
    } else {
        uint16_t tci = 0, mask = 0;
        if (!(wc & OFPFW10_DL_VLAN)) {
            tci |= ntohs(om->dl_vlan) & VLAN_VID_MASK;
            mask |= VLAN_VID_MASK;
        }
        if (!(wc & OFPFW10_DL_VLAN_PCP)) {
            tci |= (om->dl_vlan_pcp << VLAN_PCP_SHIFT) & VLAN_PCP_MASK;
            mask |= VLAN_PCP_MASK;
        }
        if (mask) {
            set_vlan_tagged(match, tci, mask);
        }
    }
}

/* Returns true if MATCH's metadata words (metadata, registers, packet
 * mark, action set output) are all wildcarded. */
static bool
metadata_is_wild(const struct match *match)
{
    const struct oflow *m = &match->mask;
    uint32_t regs = 0;

    for (size_t i = 0; i < OFLOW_N_REGS; i++) {
        regs |= m->regs[i];
    }
    return !regs && !m->pkt_mark && !m->actset_output;
}

/* The checks that OpenFlow 1.0 and 1.1 standard matches share: returns
 * false if MATCH uses a field that neither can express. */
static bool
fits_std_common(const struct match *match)
{
    const struct flow *f = &match->flow.dp;
    const struct flow *m = &match->mask.dp;
    const struct in6_addr zero6 = IN6ADDR_ANY_INIT;

    if (!metadata_is_wild(match)
        || m->recirc_id || m->dp_hash
        || m->vlans[1].tpid || m->vlans[1].tci
        || m->mpls_lse[1] || m->mpls_lse[2]
        || memcmp(&m->ipv6_src, &zero6, sizeof zero6)
        || memcmp(&m->ipv6_dst, &zero6, sizeof zero6)
        || memcmp(&m->nd_target, &zero6, sizeof zero6)
        || m->ipv6_label
        || m->nw_frag
        || (m->nw_tos & IP_ECN_MASK)
        || (m->nw_tos && (m->nw_tos & IP_DSCP_MASK) != IP_DSCP_MASK)
        || m->nw_ttl
        || m->tcp_flags
        || !eth_addr_is_zero(m->arp_sha)
        || !eth_addr_is_zero(m->arp_tha)
        || (m->nw_proto && m->nw_proto != UINT8_MAX)
        || (m->dl_type && m->dl_type != htons(0xffff))
        || (m->in_port && m->in_port != UINT32_MAX)
        || (m->tp_src && m->tp_src != htons(0xffff))
        || (m->tp_dst && m->tp_dst != htons(0xffff))
        || classify_vlan(match) == VLAN_OTHER) {
        return false;
    }

    /* Only IPv4, ARP and RARP have standard L3 fields, only IPv4 L4. */
    bool ipv4 = f->dl_type == htons(ETH_TYPE_IP);
    bool arp = (f->dl_type == htons(ETH_TYPE_ARP)
                || f->dl_type == htons(ETH_TYPE_RARP));
    if (!ipv4 && !arp && (m->nw_proto || m->nw_tos || m->nw_src
                          || m->nw_dst)) {
        return false;
    }
    if (arp && m->nw_tos) {
        return false;
    }
    if (!ipv4 && (m->tp_src || m->tp_dst)) {
        return false;
    }
    return true;
}

bool
ofp10_match_fits(const struct match *match)
{
    const struct flow *m = &match->mask.dp;
    uint16_t port;

    return (fits_std_common(match)
            && !match->mask.metadata
            && !m->mpls_lse[0]
            && (eth_addr_is_zero(m->dl_src) || eth_mask_is_exact(m->dl_src))
            && (eth_addr_is_zero(m->dl_dst) || eth_mask_is_exact(m->dl_dst))
            && netmask_to_wcbits(m->nw_src) >= 0
            && netmask_to_wcbits(m->nw_dst) >= 0
            && (!m->in_port
                || port_to_ofp10_port(match->flow.dp.in_port, &port))
            && (classify_vlan(match) != VLAN_TAGGED
                || (ntohs(m->vlans[0].tci) & (VLAN_VID_MASK
                                              | VLAN_PCP_MASK))));
}

/* Returns true if OpenFlow 1.1's standard match represents MATCH. */
static bool
ofp11_match_fits(const struct match *match)
{
    const struct flow *f = &match->flow.dp;
    const struct flow *m = &match->mask.dp;
    uint32_t lse_mask = ntohl(m->mpls_lse[0]);

    if (!fits_std_common(match)) {
        return false;
    }
    if (lse_mask & ~(MPLS_LABEL_MASK | MPLS_TC_MASK)
        || (lse_mask & MPLS_LABEL_MASK
            && (lse_mask & MPLS_LABEL_MASK) != MPLS_LABEL_MASK)
        || (lse_mask & MPLS_TC_MASK
            && (lse_mask & MPLS_TC_MASK) != MPLS_TC_MASK)) {
        return false;
    }

    /* OpenFlow 1.1 has no IPv4 L4 fields other than TCP, UDP, SCTP and
     * ICMP ports, and no DSCP outside IPv4. */
    if ((m->tp_src || m->tp_dst)
        && f->nw_proto != IPPROTO_TCP && f->nw_proto != IPPROTO_UDP
        && f->nw_proto != IPPROTO_SCTP && f->nw_proto != IPPROTO_ICMP) {
        return false;
    }
    if (m->nw_tos && f->dl_type != htons(ETH_TYPE_IP)) {
        return false;
    }
    if (lse_mask && !eth_type_mpls(f->dl_type)) {
        return false;
    }
    return true;
}

uint32_t
ofp_match_usable_protocols(const struct match *match)
{
    uint32_t protocols = (OFP_PROTO_OF10_NXM_ANY | OFP_PROTO_OF12_OXM
                          | OFP_PROTO_OF13_OXM | OFP_PROTO_OF14_OXM
                          | OFP_PROTO_OF15_OXM);
    if (ofp10_match_fits(match)) {
        protocols |= OFP_PROTO_OF10_STD_ANY;
    }
    if (ofp11_match_fits(match)) {
        protocols |= OFP_PROTO_OF11_STD;
    }
    return protocols;
}

/* OpenFlow 1.1. */

void
ofp11_match_from_match(const struct match *match, struct ofp11_match *om)
{
    const struct flow *f = &match->flow.dp;
    const struct flow *m = &match->mask.dp;
    uint32_t wc = 0;

    memset(om, 0, sizeof *om);
    om->type = htons(OFPMT_STANDARD);
    om->length = htons(OFP11_MATCH_SIZE);

    if (!m->in_port) {
        wc |= OFPFW11_IN_PORT;
    } else {
        om->in_port = htonl(f->in_port);
    }
    om->dl_src = f->dl_src;
    om->dl_src_mask = eth_addr_invert(m->dl_src);
    om->dl_dst = f->dl_dst;
    om->dl_dst_mask = eth_addr_invert(m->dl_dst);

    uint16_t tci = ntohs(f->vlans[0].tci);
    uint16_t tci_mask = ntohs(m->vlans[0].tci);
    switch (classify_vlan(match)) {
    case VLAN_ANY:
        wc |= OFPFW11_DL_VLAN | OFPFW11_DL_VLAN_PCP;
        break;
    case VLAN_UNTAGGED:
        om->dl_vlan = htons(OFPVID11_NONE);
        wc |= OFPFW11_DL_VLAN_PCP;
        break;
    case VLAN_TAGGED:
    case VLAN_OTHER:
    default:
        om->dl_vlan = htons(tci_mask & VLAN_VID_MASK ? tci & VLAN_VID_MASK
                                                     : OFPVID11_ANY);
        if (tci_mask & VLAN_PCP_MASK) {
            om->dl_vlan_pcp = (tci & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT;
        } else {
            wc |= OFPFW11_DL_VLAN_PCP;
        }
        break;
    }

    if (!m->dl_type) {
        wc |= OFPFW11_DL_TYPE;
    } else {
        om->dl_type = dl_type_to_openflow(f->dl_type);
    }
    if (!(m->nw_tos & IP_DSCP_MASK)) {
        wc |= OFPFW11_NW_TOS;
    } else {
        om->nw_tos = f->nw_tos & IP_DSCP_MASK;
    }
    if (!m->nw_proto) {
        wc |= OFPFW11_NW_PROTO;
    } else {
        om->nw_proto = f->nw_proto;
    }
    om->nw_src = f->nw_src;
    om->nw_src_mask = ~m->nw_src;
    om->nw_dst = f->nw_dst;
    om->nw_dst_mask = ~m->nw_dst;
    if (!m->tp_src) {
        wc |= OFPFW11_TP_SRC;
    } else {
        om->tp_src = f->tp_src;
    }
    if (!m->tp_dst) {
        wc |= OFPFW11_TP_DST;
    } else {
        om->tp_dst = f->tp_dst;
    }

    uint32_t lse = ntohl(f->mpls_lse[0]);
    uint32_t lse_mask = ntohl(m->mpls_lse[0]);
    if (!(lse_mask & MPLS_LABEL_MASK)) {
        wc |= OFPFW11_MPLS_LABEL;
    } else {
        om->mpls_label = htonl((lse & MPLS_LABEL_MASK) >> MPLS_LABEL_SHIFT);
    }
    if (!(lse_mask & MPLS_TC_MASK)) {
        wc |= OFPFW11_MPLS_TC;
    } else {
        om->mpls_tc = (lse & MPLS_TC_MASK) >> MPLS_TC_SHIFT;
    }

    put_unaligned_be64(om->metadata, match->flow.metadata);
    put_unaligned_be64(om->metadata_mask, ~match->mask.metadata);
    om->wildcards = htonl(wc);
}

enum ofperr
ofp11_match_to_match(const struct ofp11_match *om, struct match *match)
{
    uint32_t wc = ntohl(om->wildcards);
    struct flow *f = &match->flow.dp;
    struct flow *m = &match->mask.dp;

    match_init_catchall(match);

    if (!(wc & OFPFW11_IN_PORT)) {
        uint32_t port = ntohl(om->in_port);
        if (port > OFPP_MAX && port < OFPP_IN_PORT) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        f->in_port = port;
        m->in_port = UINT32_MAX;
    }

    struct eth_addr src_mask = eth_addr_invert(om->dl_src_mask);
    struct eth_addr dst_mask = eth_addr_invert(om->dl_dst_mask);
    m->dl_src = src_mask;
    m->dl_dst = dst_mask;
    for (size_t i = 0; i < ETH_ADDR_LEN; i++) {
        f->dl_src.ea[i] = om->dl_src.ea[i] & src_mask.ea[i];
        f->dl_dst.ea[i] = om->dl_dst.ea[i] & dst_mask.ea[i];
    }

    if (!(wc & OFPFW11_DL_VLAN)) {
        uint16_t vid = ntohs(om->dl_vlan);
        if (vid == OFPVID11_NONE) {
            set_vlan_untagged(match);
        } else {
            uint16_t tci = 0, mask = 0;
            if (vid != OFPVID11_ANY) {
                if (vid > VLAN_VID_MASK) {
                    return OFPERR_OFPBMC_BAD_VALUE;
                }
                tci = vid;
                mask = VLAN_VID_MASK;
            }
            if (!(wc & OFPFW11_DL_VLAN_PCP)) {
                if (om->dl_vlan_pcp > 7) {
                    return OFPERR_OFPBMC_BAD_VALUE;
                }
                tci |= om->dl_vlan_pcp << VLAN_PCP_SHIFT;
                mask |= VLAN_PCP_MASK;
            }
            set_vlan_tagged(match, tci, mask);
        }
    }

    if (!(wc & OFPFW11_DL_TYPE)) {
        f->dl_type = dl_type_from_openflow(om->dl_type);
        m->dl_type = htons(0xffff);
    }

    bool ipv4 = f->dl_type == htons(ETH_TYPE_IP);
    bool arp = (f->dl_type == htons(ETH_TYPE_ARP)
                || f->dl_type == htons(ETH_TYPE_RARP));
    if (ipv4 && !(wc & OFPFW11_NW_TOS)) {
        if (om->nw_tos & ~IP_DSCP_MASK) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        f->nw_tos = om->nw_tos;
        m->nw_tos = IP_DSCP_MASK;
    }
    if (ipv4 || arp) {
        if (!(wc & OFPFW11_NW_PROTO)) {
            f->nw_proto = om->nw_proto;
            m->nw_proto = UINT8_MAX;
        }
        m->nw_src = ~om->nw_src_mask;
        f->nw_src = om->nw_src & m->nw_src;
        m->nw_dst = ~om->nw_dst_mask;
        f->nw_dst = om->nw_dst & m->nw_dst;
    }

    if (ipv4 && m->nw_proto) {
        switch (f->nw_proto) {
        case IPPROTO_ICMP:
            if (!(wc & OFPFW11_TP_SRC)) {
                if (ntohs(om->tp_src) > UINT8_MAX) {
                    return OFPERR_OFPBMC_BAD_FIELD;
                }
                f->tp_src = om->tp_src;
                m->tp_src = htons(0xffff);
            }
            if (!(wc & OFPFW11_TP_DST)) {
                if (ntohs(om->tp_dst) > UINT8_MAX) {
                    return OFPERR_OFPBMC_BAD_FIELD;
                }
                f->tp_dst = om->tp_dst;
                m->tp_dst = htons(0xffff);
            }
            break;
        case IPPROTO_TCP:
        case IPPROTO_UDP:
        case IPPROTO_SCTP:
            if (!(wc & OFPFW11_TP_SRC)) {
                f->tp_src = om->tp_src;
                m->tp_src = htons(0xffff);
            }
            if (!(wc & OFPFW11_TP_DST)) {
                f->tp_dst = om->tp_dst;
                m->tp_dst = htons(0xffff);
            }
            break;
        default:
            break;
        }
    }

    if (eth_type_mpls(f->dl_type)) {
        uint32_t lse = 0, mask = 0;
        if (!(wc & OFPFW11_MPLS_LABEL)) {
            lse |= (ntohl(om->mpls_label) << MPLS_LABEL_SHIFT)
                   & MPLS_LABEL_MASK;
            mask |= MPLS_LABEL_MASK;
        }
        if (!(wc & OFPFW11_MPLS_TC)) {
            lse |= ((uint32_t) om->mpls_tc << MPLS_TC_SHIFT) & MPLS_TC_MASK;
            mask |= MPLS_TC_MASK;
        }
        f->mpls_lse[0] = htonl(lse);
        m->mpls_lse[0] = htonl(mask);
    }

    match->mask.metadata = ~get_unaligned_be64(om->metadata_mask);
    match->flow.metadata = (get_unaligned_be64(om->metadata)
                            & match->mask.metadata);
    return 0;
}

enum ofperr
ofp11_pull_match(struct buffer *b, struct match *match, size_t *padded_len)
{
    if (b->size < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    uint16_t type = ntohs(get_unaligned_be16(b->data));
    uint16_t length = ntohs(get_unaligned_be16((const char *) b->data + 2));

    switch (type) {
    case OFPMT_STANDARD: {
        struct ofp11_match om;
        if (length != OFP11_MATCH_SIZE || b->size < OFP11_MATCH_SIZE) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        memcpy(&om, buffer_pull(b, sizeof om), sizeof om);
        if (padded_len) {
            *padded_len = OFP11_MATCH_SIZE;
        }
        return ofp11_match_to_match(&om, match);
    }
    case OFPMT_OXM:
        if (padded_len) {
            *padded_len = ROUND_UP(length, 8);
        }
        return oxm_pull_match(b, true, match);
    default:
        return OFPERR_OFPBMC_BAD_TYPE;
    }
}

size_t
ofp11_put_match(struct buffer *b, const struct match *match,
                enum ofp_protocol protocol)
{
    if (protocol == OFP_PROTO_OF11_STD) {
        struct ofp11_match om;
        ofp11_match_from_match(match, &om);
        buffer_put(b, &om, sizeof om);
        return sizeof om;
    } else {
        size_t start = b->size;
        oxm_put_match(b, match, ofp_protocol_to_version(protocol));
        return b->size - start;
    }
}

/* The OpenFlow field registry: see meta-flow.h. */
#include <config.h>
#include "meta-flow.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "dynamic-string.h"
#include "match.h"
#include "openflow.h"
#include "util.h"

/* NXM/OXM header layout (also in nx-match.h, which includes this
 * header). */
#define MF_HEADER(CLASS, FIELD, LENGTH)                                 \
    (((uint32_t) (CLASS) << 16) | ((uint32_t) (FIELD) << 9) | (LENGTH))

#define NXM0 0x0000             /* NXM_OF_* class. */
#define NXM1 0x0001             /* NXM_NX_* class. */
#define OXM  0x8000             /* OXM_OF_* class. */
#define PREG 0x8001             /* OXM_OF_PKT_REG* class. */

/* The "VLAN present" bit of vlan_tci and vlan_vid values, and of
 * vlans[0].tpid (oflow.h). */
#define VLAN_CFI 0x1000
#define TPID_PRESENT 0x8000

#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136

/* One field of the table below. */
#define FIELD(ID, NAME, EXTRA, BYTES, BITS, MASKABLE, WRITABLE, STRING,  \
              PREREQS, NXM_CLASS, NXM_FIELD, NXM_NAME, OXM_CLASS,       \
              OXM_FIELD, OXM_NAME, OXM_VERSION)                         \
    [ID] = {                                                            \
        .id = ID, .name = NAME, .extra_name = EXTRA,                    \
        .n_bytes = BYTES, .n_bits = BITS, .maskable = MASKABLE,         \
        .writable = WRITABLE, .string = STRING, .prereqs = PREREQS,     \
        .nxm_header = (NXM_NAME                                         \
                       ? MF_HEADER(NXM_CLASS, NXM_FIELD,                \
                                   ID == MFF_IN_PORT ? 2 : BYTES)       \
                       : 0),                                            \
        .nxm_name = NXM_NAME,                                           \
        .oxm_header = (OXM_NAME                                         \
                       ? MF_HEADER(OXM_CLASS, OXM_FIELD, BYTES) : 0),   \
        .oxm_name = OXM_NAME, .oxm_version = OXM_VERSION,               \
    }

#define REG(N)                                                          \
    FIELD(MFF_REG0 + N, "reg" #N, NULL, 4, 32, true, true,              \
          MFS_HEXADECIMAL, MFP_NONE, NXM1, N, "NXM_NX_REG" #N,          \
          0, 0, NULL, 0)
#define XREG(N)                                                         \
    FIELD(MFF_XREG0 + N, "xreg" #N, NULL, 8, 64, true, true,            \
          MFS_HEXADECIMAL, MFP_NONE, 0, 0, NULL,                        \
          PREG, N, "OXM_OF_PKT_REG" #N, OFP13_VERSION)
#define XXREG(N)                                                        \
    FIELD(MFF_XXREG0 + N, "xxreg" #N, NULL, 16, 128, true, true,        \
          MFS_HEXADECIMAL, MFP_NONE, NXM1, 111 + N, "NXM_NX_XXREG" #N,  \
          0, 0, NULL, 0)

static const struct mf_field mf_fields[MFF_N_IDS] = {
    FIELD(MFF_IN_PORT, "in_port", NULL, 4, 32, false, true, MFS_OFP_PORT,
          MFP_NONE, NXM0, 0, "NXM_OF_IN_PORT", OXM, 0, "OXM_OF_IN_PORT",
          OFP12_VERSION),
    FIELD(MFF_METADATA, "metadata", NULL, 8, 64, true, true,
          MFS_HEXADECIMAL, MFP_NONE, 0, 0, NULL, OXM, 2, "OXM_OF_METADATA",
          OFP12_VERSION),
    REG(0), REG(1), REG(2), REG(3), REG(4), REG(5), REG(6), REG(7),
    REG(8), REG(9), REG(10), REG(11), REG(12), REG(13), REG(14), REG(15),
    XREG(0), XREG(1), XREG(2), XREG(3), XREG(4), XREG(5), XREG(6), XREG(7),
    XXREG(0), XXREG(1), XXREG(2), XXREG(3),
    FIELD(MFF_PKT_MARK, "pkt_mark", NULL, 4, 32, true, true,
          MFS_HEXADECIMAL, MFP_NONE, NXM1, 33, "NXM_NX_PKT_MARK",
          0, 0, NULL, 0),
    FIELD(MFF_ACTSET_OUTPUT, "actset_output", NULL, 4, 32, false, false,
          MFS_OFP_PORT, MFP_NONE, 0, 0, NULL, OXM, 43,
          "OXM_OF_ACTSET_OUTPUT", OFP15_VERSION),

    FIELD(MFF_ETH_SRC, "eth_src", "dl_src", 6, 48, true, true,
          MFS_ETHERNET, MFP_NONE, NXM0, 2, "NXM_OF_ETH_SRC",
          OXM, 4, "OXM_OF_ETH_SRC", OFP12_VERSION),
    FIELD(MFF_ETH_DST, "eth_dst", "dl_dst", 6, 48, true, true,
          MFS_ETHERNET, MFP_NONE, NXM0, 1, "NXM_OF_ETH_DST",
          OXM, 3, "OXM_OF_ETH_DST", OFP12_VERSION),
    FIELD(MFF_ETH_TYPE, "eth_type", "dl_type", 2, 16, false, false,
          MFS_HEXADECIMAL, MFP_NONE, NXM0, 3, "NXM_OF_ETH_TYPE",
          OXM, 5, "OXM_OF_ETH_TYPE", OFP12_VERSION),
    FIELD(MFF_VLAN_TCI, "vlan_tci", NULL, 2, 16, true, true,
          MFS_HEXADECIMAL, MFP_NONE, NXM0, 4, "NXM_OF_VLAN_TCI",
          0, 0, NULL, 0),
    FIELD(MFF_DL_VLAN, "dl_vlan", NULL, 2, 12, false, true,
          MFS_DECIMAL, MFP_NONE, 0, 0, NULL, 0, 0, NULL, 0),
    FIELD(MFF_VLAN_VID, "vlan_vid", NULL, 2, 13, true, true,
          MFS_DECIMAL, MFP_NONE, 0, 0, NULL,
          OXM, 6, "OXM_OF_VLAN_VID", OFP12_VERSION),
    FIELD(MFF_DL_VLAN_PCP, "dl_vlan_pcp", NULL, 1, 3, false, true,
          MFS_DECIMAL, MFP_NONE, 0, 0, NULL, 0, 0, NULL, 0),
    FIELD(MFF_VLAN_PCP, "vlan_pcp", NULL, 1, 3, false, true,
          MFS_DECIMAL, MFP_VLAN_VID, 0, 0, NULL,
          OXM, 7, "OXM_OF_VLAN_PCP", OFP12_VERSION),

    FIELD(MFF_MPLS_LABEL, "mpls_label", NULL, 4, 20, false, true,
          MFS_DECIMAL, MFP_MPLS, 0, 0, NULL,
          OXM, 34, "OXM_OF_MPLS_LABEL", OFP12_VERSION),
    FIELD(MFF_MPLS_TC, "mpls_tc", NULL, 1, 3, false, true,
          MFS_DECIMAL, MFP_MPLS, 0, 0, NULL,
          OXM, 35, "OXM_OF_MPLS_TC", OFP12_VERSION),
    FIELD(MFF_MPLS_BOS, "mpls_bos", NULL, 1, 1, false, false,
          MFS_DECIMAL, MFP_MPLS, 0, 0, NULL,
          OXM, 36, "OXM_OF_MPLS_BOS", OFP13_VERSION),
    FIELD(MFF_MPLS_TTL, "mpls_ttl", NULL, 1, 8, false, true,
          MFS_DECIMAL, MFP_MPLS, NXM1, 30, "NXM_NX_MPLS_TTL",
          0, 0, NULL, 0),

    FIELD(MFF_IPV4_SRC, "ip_src", "nw_src", 4, 32, true, true,
          MFS_IPV4, MFP_IPV4, NXM0, 7, "NXM_OF_IP_SRC",
          OXM, 11, "OXM_OF_IPV4_SRC", OFP12_VERSION),
    FIELD(MFF_IPV4_DST, "ip_dst", "nw_dst", 4, 32, true, true,
          MFS_IPV4, MFP_IPV4, NXM0, 8, "NXM_OF_IP_DST",
          OXM, 12, "OXM_OF_IPV4_DST", OFP12_VERSION),
    FIELD(MFF_IPV6_SRC, "ipv6_src", NULL, 16, 128, true, true,
          MFS_IPV6, MFP_IPV6, NXM1, 19, "NXM_NX_IPV6_SRC",
          OXM, 26, "OXM_OF_IPV6_SRC", OFP12_VERSION),
    FIELD(MFF_IPV6_DST, "ipv6_dst", NULL, 16, 128, true, true,
          MFS_IPV6, MFP_IPV6, NXM1, 20, "NXM_NX_IPV6_DST",
          OXM, 27, "OXM_OF_IPV6_DST", OFP12_VERSION),
    FIELD(MFF_IPV6_LABEL, "ipv6_label", NULL, 4, 20, true, true,
          MFS_HEXADECIMAL, MFP_IPV6, NXM1, 27, "NXM_NX_IPV6_LABEL",
          OXM, 28, "OXM_OF_IPV6_FLABEL", OFP12_VERSION),
    FIELD(MFF_IP_PROTO, "nw_proto", "ip_proto", 1, 8, false, false,
          MFS_DECIMAL, MFP_IP_ANY, NXM0, 6, "NXM_OF_IP_PROTO",
          OXM, 10, "OXM_OF_IP_PROTO", OFP12_VERSION),
    FIELD(MFF_IP_DSCP, "nw_tos", NULL, 1, 8, false, true,
          MFS_DECIMAL, MFP_IP_ANY, NXM0, 5, "NXM_OF_IP_TOS",
          0, 0, NULL, 0),
    FIELD(MFF_IP_DSCP_SHIFTED, "ip_dscp", NULL, 1, 6, false, true,
          MFS_DECIMAL, MFP_IP_ANY, 0, 0, NULL,
          OXM, 8, "OXM_OF_IP_DSCP", OFP12_VERSION),
    FIELD(MFF_IP_ECN, "nw_ecn", "ip_ecn", 1, 2, false, true,
          MFS_DECIMAL, MFP_IP_ANY, NXM1, 28, "NXM_NX_IP_ECN",
          OXM, 9, "OXM_OF_IP_ECN", OFP12_VERSION),
    FIELD(MFF_IP_TTL, "nw_ttl", NULL, 1, 8, false, true,
          MFS_DECIMAL, MFP_IP_ANY, NXM1, 29, "NXM_NX_IP_TTL",
          0, 0, NULL, 0),
    FIELD(MFF_IP_FRAG, "ip_frag", "nw_frag", 1, 2, true, false,
          MFS_FRAG, MFP_IP_ANY, NXM1, 26, "NXM_NX_IP_FRAG",
          0, 0, NULL, 0),

    FIELD(MFF_ARP_OP, "arp_op", NULL, 2, 16, false, true,
          MFS_DECIMAL, MFP_ARP, NXM0, 15, "NXM_OF_ARP_OP",
          OXM, 21, "OXM_OF_ARP_OP", OFP12_VERSION),
    FIELD(MFF_ARP_SPA, "arp_spa", NULL, 4, 32, true, true,
          MFS_IPV4, MFP_ARP, NXM0, 16, "NXM_OF_ARP_SPA",
          OXM, 22, "OXM_OF_ARP_SPA", OFP12_VERSION),
    FIELD(MFF_ARP_TPA, "arp_tpa", NULL, 4, 32, true, true,
          MFS_IPV4, MFP_ARP, NXM0, 17, "NXM_OF_ARP_TPA",
          OXM, 23, "OXM_OF_ARP_TPA", OFP12_VERSION),
    FIELD(MFF_ARP_SHA, "arp_sha", NULL, 6, 48, true, true,
          MFS_ETHERNET, MFP_ARP, NXM1, 17, "NXM_NX_ARP_SHA",
          OXM, 24, "OXM_OF_ARP_SHA", OFP12_VERSION),
    FIELD(MFF_ARP_THA, "arp_tha", NULL, 6, 48, true, true,
          MFS_ETHERNET, MFP_ARP, NXM1, 18, "NXM_NX_ARP_THA",
          OXM, 25, "OXM_OF_ARP_THA", OFP12_VERSION),

    FIELD(MFF_TCP_SRC, "tcp_src", "tp_src", 2, 16, true, true,
          MFS_DECIMAL, MFP_TCP, NXM0, 9, "NXM_OF_TCP_SRC",
          OXM, 13, "OXM_OF_TCP_SRC", OFP12_VERSION),
    FIELD(MFF_TCP_DST, "tcp_dst", "tp_dst", 2, 16, true, true,
          MFS_DECIMAL, MFP_TCP, NXM0, 10, "NXM_OF_TCP_DST",
          OXM, 14, "OXM_OF_TCP_DST", OFP12_VERSION),
    FIELD(MFF_TCP_FLAGS, "tcp_flags", NULL, 2, 12, true, false,
          MFS_TCP_FLAGS, MFP_TCP, NXM1, 34, "NXM_NX_TCP_FLAGS",
          OXM, 42, "OXM_OF_TCP_FLAGS", OFP15_VERSION),
    FIELD(MFF_UDP_SRC, "udp_src", NULL, 2, 16, true, true,
          MFS_DECIMAL, MFP_UDP, NXM0, 11, "NXM_OF_UDP_SRC",
          OXM, 15, "OXM_OF_UDP_SRC", OFP12_VERSION),
    FIELD(MFF_UDP_DST, "udp_dst", NULL, 2, 16, true, true,
          MFS_DECIMAL, MFP_UDP, NXM0, 12, "NXM_OF_UDP_DST",
          OXM, 16, "OXM_OF_UDP_DST", OFP12_VERSION),
    FIELD(MFF_SCTP_SRC, "sctp_src", NULL, 2, 16, true, true,
          MFS_DECIMAL, MFP_SCTP, 0, 0, NULL,
          OXM, 17, "OXM_OF_SCTP_SRC", OFP12_VERSION),
    FIELD(MFF_SCTP_DST, "sctp_dst", NULL, 2, 16, true, true,
          MFS_DECIMAL, MFP_SCTP, 0, 0, NULL,
          OXM, 18, "OXM_OF_SCTP_DST", OFP12_VERSION),
    FIELD(MFF_ICMPV4_TYPE, "icmp_type", NULL, 1, 8, false, true,
          MFS_DECIMAL, MFP_ICMPV4, NXM0, 13, "NXM_OF_ICMP_TYPE",
          OXM, 19, "OXM_OF_ICMPV4_TYPE", OFP12_VERSION),
    FIELD(MFF_ICMPV4_CODE, "icmp_code", NULL, 1, 8, false, true,
          MFS_DECIMAL, MFP_ICMPV4, NXM0, 14, "NXM_OF_ICMP_CODE",
          OXM, 20, "OXM_OF_ICMPV4_CODE", OFP12_VERSION),
    FIELD(MFF_ICMPV6_TYPE, "icmpv6_type", NULL, 1, 8, false, true,
          MFS_DECIMAL, MFP_ICMPV6, NXM1, 21, "NXM_NX_ICMPV6_TYPE",
          OXM, 29, "OXM_OF_ICMPV6_TYPE", OFP12_VERSION),
    FIELD(MFF_ICMPV6_CODE, "icmpv6_code", NULL, 1, 8, false, true,
          MFS_DECIMAL, MFP_ICMPV6, NXM1, 22, "NXM_NX_ICMPV6_CODE",
          OXM, 30, "OXM_OF_ICMPV6_CODE", OFP12_VERSION),

    FIELD(MFF_ND_TARGET, "nd_target", NULL, 16, 128, true, true,
          MFS_IPV6, MFP_ND, NXM1, 23, "NXM_NX_ND_TARGET",
          OXM, 31, "OXM_OF_IPV6_ND_TARGET", OFP12_VERSION),
    FIELD(MFF_ND_SLL, "nd_sll", NULL, 6, 48, true, true,
          MFS_ETHERNET, MFP_ND_SOLICIT, NXM1, 24, "NXM_NX_ND_SLL",
          OXM, 32, "OXM_OF_IPV6_ND_SLL", OFP12_VERSION),
    FIELD(MFF_ND_TLL, "nd_tll", NULL, 6, 48, true, true,
          MFS_ETHERNET, MFP_ND_ADVERT, NXM1, 25, "NXM_NX_ND_TLL",
          OXM, 33, "OXM_OF_IPV6_ND_TLL", OFP12_VERSION),
};

const struct mf_field *
mf_from_id(enum mf_field_id id)
{
    if ((unsigned int) id >= MFF_N_IDS) {
        abort();
    }
    return &mf_fields[id];
}

static bool
name_matches(const char *candidate, const char *name, size_t len)
{
    return candidate && strlen(candidate) == len
           && !memcmp(candidate, name, len);
}

const struct mf_field *
mf_from_name_len(const char *name, size_t len)
{
    for (size_t i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *f = &mf_fields[i];
        if (name_matches(f->name, name, len)
            || name_matches(f->extra_name, name, len)
            || name_matches(f->nxm_name, name, len)
            || name_matches(f->oxm_name, name, len)) {
            return f;
        }
    }
    if (name_matches("in_port_oxm", name, len)) {
        return &mf_fields[MFF_IN_PORT];
    }
    return NULL;
}

const struct mf_field *
mf_from_name(const char *name)
{
    return mf_from_name_len(name, strlen(name));
}

/* Value access. */

static be32
xreg_get_hi(const struct oflow *flow, int n)
{
    return htonl(flow->regs[2 * n]);
}

static be32
xreg_get_lo(const struct oflow *flow, int n)
{
    return htonl(flow->regs[2 * n + 1]);
}

/* Reads FIELD from FLOW, which may be a flow or a mask (the VLAN views
 * then read the mask of the "present" bit). */
void
mf_get_value(const struct mf_field *field, const struct oflow *flow,
             union mf_value *value)
{
    const struct flow *dp = &flow->dp;
    uint16_t tci = ntohs(dp->vlans[0].tci);
    bool present = (ntohs(dp->vlans[0].tpid) & TPID_PRESENT) != 0;
    uint32_t lse = ntohl(dp->mpls_lse[0]);

    memset(value, 0, sizeof *value);
    switch (field->id) {
    case MFF_IN_PORT:
        value->be32 = htonl(dp->in_port);
        break;
    case MFF_METADATA:
        value->be64 = flow->metadata;
        break;
    case MFF_REG0 ... MFF_REG15:
        value->be32 = htonl(flow->regs[field->id - MFF_REG0]);
        break;
    case MFF_XREG0 ... MFF_XREG7: {
        int n = field->id - MFF_XREG0;
        be32 words[2] = { xreg_get_hi(flow, n), xreg_get_lo(flow, n) };
        memcpy(value->b, words, 8);
        break;
    }
    case MFF_XXREG0 ... MFF_XXREG3: {
        int n = field->id - MFF_XXREG0;
        for (int i = 0; i < 4; i++) {
            be32 w = htonl(flow->regs[4 * n + i]);
            memcpy(&value->b[4 * i], &w, 4);
        }
        break;
    }
    case MFF_PKT_MARK:
        value->be32 = htonl(flow->pkt_mark);
        break;
    case MFF_ACTSET_OUTPUT:
        value->be32 = htonl(flow->actset_output);
        break;
    case MFF_ETH_SRC:
        value->mac = dp->dl_src;
        break;
    case MFF_ETH_DST:
        value->mac = dp->dl_dst;
        break;
    case MFF_ETH_TYPE:
        value->be16 = dp->dl_type;
        break;
    case MFF_VLAN_TCI:
        value->be16 = htons((tci & ~VLAN_CFI) | (present ? VLAN_CFI : 0));
        break;
    case MFF_DL_VLAN:
        value->be16 = htons(tci & VLAN_VID_MASK);
        break;
    case MFF_VLAN_VID:
        value->be16 = htons((tci & VLAN_VID_MASK)
                            | (present ? VLAN_CFI : 0));
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        value->u8 = tci >> 13;
        break;
    case MFF_MPLS_LABEL:
        value->be32 = htonl((lse & MPLS_LABEL_MASK) >> MPLS_LABEL_SHIFT);
        break;
    case MFF_MPLS_TC:
        value->u8 = (lse & MPLS_TC_MASK) >> MPLS_TC_SHIFT;
        break;
    case MFF_MPLS_BOS:
        value->u8 = (lse & MPLS_BOS_MASK) >> MPLS_BOS_SHIFT;
        break;
    case MFF_MPLS_TTL:
        value->u8 = lse & MPLS_TTL_MASK;
        break;
    case MFF_IPV4_SRC:
    case MFF_ARP_SPA:
        value->be32 = dp->nw_src;
        break;
    case MFF_IPV4_DST:
    case MFF_ARP_TPA:
        value->be32 = dp->nw_dst;
        break;
    case MFF_IPV6_SRC:
        value->ipv6 = dp->ipv6_src;
        break;
    case MFF_IPV6_DST:
        value->ipv6 = dp->ipv6_dst;
        break;
    case MFF_IPV6_LABEL:
        value->be32 = dp->ipv6_label;
        break;
    case MFF_IP_PROTO:
        value->u8 = dp->nw_proto;
        break;
    case MFF_IP_DSCP:
        value->u8 = dp->nw_tos & IP_DSCP_MASK;
        break;
    case MFF_IP_DSCP_SHIFTED:
        value->u8 = dp->nw_tos >> 2;
        break;
    case MFF_IP_ECN:
        value->u8 = dp->nw_tos & IP_ECN_MASK;
        break;
    case MFF_IP_TTL:
        value->u8 = dp->nw_ttl;
        break;
    case MFF_IP_FRAG:
        value->u8 = dp->nw_frag & FLOW_NW_FRAG_MASK;
        break;
    case MFF_ARP_OP:
        value->be16 = htons(dp->nw_proto);
        break;
    case MFF_ARP_SHA:
    case MFF_ND_SLL:
        value->mac = dp->arp_sha;
        break;
    case MFF_ARP_THA:
    case MFF_ND_TLL:
        value->mac = dp->arp_tha;
        break;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        value->be16 = dp->tp_src;
        break;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        value->be16 = dp->tp_dst;
        break;
    case MFF_TCP_FLAGS:
        value->be16 = dp->tcp_flags;
        break;
    case MFF_ICMPV4_TYPE:
    case MFF_ICMPV6_TYPE:
        value->u8 = ntohs(dp->tp_src);
        break;
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_CODE:
        value->u8 = ntohs(dp->tp_dst);
        break;
    case MFF_ND_TARGET:
        value->ipv6 = dp->nd_target;
        break;
    case MFF_N_IDS:
    default:
        abort();
    }
}

void
mf_get_mask(const struct mf_field *field, const struct match *match,
            union mf_value *mask)
{
    mf_get_value(field, &match->mask, mask);
    switch (field->id) {
    case MFF_ARP_OP:
        /* The opcode lives in the 8-bit nw_proto. */
        if (match->mask.dp.nw_proto == 0xff) {
            mask->be16 = htons(0xffff);
        }
        return;
    case MFF_IP_DSCP:
        if ((mask->u8 & IP_DSCP_MASK) == IP_DSCP_MASK) {
            mask->u8 = 0xff;
        }
        return;
    case MFF_TCP_FLAGS:
        /* Open vSwitch keeps 0x0fff as tcp_flags' exact mask. */
        return;
    default:
        break;
    }

    /* A mask that covers all of a narrow field's bits is exact. */
    unsigned int extra = field->n_bytes * 8 - field->n_bits;
    for (unsigned int i = extra; i < field->n_bytes * 8; i++) {
        if (!(mask->b[i / 8] & (0x80 >> (i % 8)))) {
            return;
        }
    }
    memset(mask, 0xff, field->n_bytes);
}

/* Stores the bits of FIELD in V into the oflow F, which is a flow (IS_MASK
 * false) or a mask.  VLAN views are handled by the callers. */
static void
store_field(const struct mf_field *field, const union mf_value *v,
            struct oflow *f, bool is_mask)
{
    struct flow *dp = &f->dp;
    uint32_t lse = ntohl(dp->mpls_lse[0]);

    switch (field->id) {
    case MFF_IN_PORT:
        dp->in_port = ntohl(v->be32);
        break;
    case MFF_METADATA:
        f->metadata = v->be64;
        break;
    case MFF_REG0 ... MFF_REG15:
        f->regs[field->id - MFF_REG0] = ntohl(v->be32);
        break;
    case MFF_XREG0 ... MFF_XREG7: {
        int n = field->id - MFF_XREG0;
        be32 words[2];
        memcpy(words, v->b, 8);
        f->regs[2 * n] = ntohl(words[0]);
        f->regs[2 * n + 1] = ntohl(words[1]);
        break;
    }
    case MFF_XXREG0 ... MFF_XXREG3: {
        int n = field->id - MFF_XXREG0;
        for (int i = 0; i < 4; i++) {
            be32 w;
            memcpy(&w, &v->b[4 * i], 4);
            f->regs[4 * n + i] = ntohl(w);
        }
        break;
    }
    case MFF_PKT_MARK:
        f->pkt_mark = ntohl(v->be32);
        break;
    case MFF_ACTSET_OUTPUT:
        f->actset_output = ntohl(v->be32);
        break;
    case MFF_ETH_SRC:
        dp->dl_src = v->mac;
        break;
    case MFF_ETH_DST:
        dp->dl_dst = v->mac;
        break;
    case MFF_ETH_TYPE:
        dp->dl_type = v->be16;
        break;
    case MFF_MPLS_LABEL:
        lse = ((lse & ~MPLS_LABEL_MASK)
               | ((ntohl(v->be32) << MPLS_LABEL_SHIFT) & MPLS_LABEL_MASK));
        dp->mpls_lse[0] = htonl(lse);
        break;
    case MFF_MPLS_TC:
        lse = ((lse & ~MPLS_TC_MASK)
               | (((uint32_t) v->u8 << MPLS_TC_SHIFT) & MPLS_TC_MASK));
        dp->mpls_lse[0] = htonl(lse);
        break;
    case MFF_MPLS_BOS:
        lse = ((lse & ~MPLS_BOS_MASK)
               | (((uint32_t) v->u8 << MPLS_BOS_SHIFT) & MPLS_BOS_MASK));
        dp->mpls_lse[0] = htonl(lse);
        break;
    case MFF_MPLS_TTL:
        lse = (lse & ~MPLS_TTL_MASK) | v->u8;
        dp->mpls_lse[0] = htonl(lse);
        break;
    case MFF_IPV4_SRC:
    case MFF_ARP_SPA:
        dp->nw_src = v->be32;
        break;
    case MFF_IPV4_DST:
    case MFF_ARP_TPA:
        dp->nw_dst = v->be32;
        break;
    case MFF_IPV6_SRC:
        dp->ipv6_src = v->ipv6;
        break;
    case MFF_IPV6_DST:
        dp->ipv6_dst = v->ipv6;
        break;
    case MFF_IPV6_LABEL:
        dp->ipv6_label = v->be32 & htonl(IPV6_LABEL_MASK);
        break;
    case MFF_IP_PROTO:
        dp->nw_proto = v->u8;
        break;
    case MFF_IP_DSCP:
        dp->nw_tos = (dp->nw_tos & ~IP_DSCP_MASK) | (v->u8 & IP_DSCP_MASK);
        break;
    case MFF_IP_DSCP_SHIFTED:
        dp->nw_tos = (dp->nw_tos & ~IP_DSCP_MASK)
                     | ((v->u8 << 2) & IP_DSCP_MASK);
        break;
    case MFF_IP_ECN:
        dp->nw_tos = (dp->nw_tos & ~IP_ECN_MASK) | (v->u8 & IP_ECN_MASK);
        break;
    case MFF_IP_TTL:
        dp->nw_ttl = v->u8;
        break;
    case MFF_IP_FRAG:
        dp->nw_frag = v->u8 & FLOW_NW_FRAG_MASK;
        break;
    case MFF_ARP_OP:
        dp->nw_proto = ntohs(v->be16) & 0xff;
        break;
    case MFF_ARP_SHA:
    case MFF_ND_SLL:
        dp->arp_sha = v->mac;
        break;
    case MFF_ARP_THA:
    case MFF_ND_TLL:
        dp->arp_tha = v->mac;
        break;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        dp->tp_src = v->be16;
        break;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        dp->tp_dst = v->be16;
        break;
    case MFF_TCP_FLAGS:
        dp->tcp_flags = v->be16 & htons(TCP_FLAGS_MASK);
        break;
    case MFF_ICMPV4_TYPE:
    case MFF_ICMPV6_TYPE:
        dp->tp_src = is_mask && v->u8 == 0xff ? htons(0xffff)
                                               : htons(v->u8);
        break;
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_CODE:
        dp->tp_dst = is_mask && v->u8 == 0xff ? htons(0xffff)
                                               : htons(v->u8);
        break;
    case MFF_ND_TARGET:
        dp->nd_target = v->ipv6;
        break;
    case MFF_VLAN_TCI:
    case MFF_DL_VLAN:
    case MFF_VLAN_VID:
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
    case MFF_N_IDS:
    default:
        abort();
    }
}

static bool
is_vlan_view(const struct mf_field *field)
{
    switch (field->id) {
    case MFF_VLAN_TCI:
    case MFF_DL_VLAN:
    case MFF_VLAN_VID:
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        return true;
    default:
        return false;
    }
}

/* Sets FLOW's outer tag present (keeping its TPID if it has one) or
 * absent. */
static void
flow_set_vlan_present(struct flow *dp, bool present)
{
    if (!present) {
        dp->vlans[0].tpid = 0;
        dp->vlans[0].tci = 0;
    } else if (!dp->vlans[0].tpid) {
        dp->vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
    }
}

void
mf_set_flow_value(const struct mf_field *field, const union mf_value *value,
                  struct oflow *flow)
{
    struct flow *dp = &flow->dp;
    uint16_t tci = ntohs(dp->vlans[0].tci);
    uint16_t v;

    switch (field->id) {
    case MFF_VLAN_TCI:
        v = ntohs(value->be16);
        flow_set_vlan_present(dp, v & VLAN_CFI);
        if (v & VLAN_CFI) {
            dp->vlans[0].tci = htons((v & ~VLAN_CFI) | (tci & VLAN_CFI));
        }
        break;
    case MFF_DL_VLAN:
    case MFF_VLAN_VID:
        v = ntohs(value->be16);
        if (field->id == MFF_DL_VLAN
            ? v == OFP10_VLAN_NONE : !(v & VLAN_CFI)) {
            flow_set_vlan_present(dp, false);
        } else {
            flow_set_vlan_present(dp, true);
            dp->vlans[0].tci = htons((tci & ~VLAN_VID_MASK)
                                     | (v & VLAN_VID_MASK));
        }
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        flow_set_vlan_present(dp, true);
        dp->vlans[0].tci = htons((tci & ~VLAN_PCP_MASK)
                                 | ((value->u8 & 7) << VLAN_PCP_SHIFT));
        break;
    default:
        store_field(field, value, flow, false);
        break;
    }
}

/* VLAN views in matches.  The present bit's match is kept in
 * vlans[0].tpid (oflow.h): "tagged" is 0x8000/0x8000, "untagged"
 * 0/0xffff. */
static void
match_set_vlan_present(struct match *match, bool matched, bool present)
{
    struct flow_vlan *fv = &match->flow.dp.vlans[0];
    struct flow_vlan *mv = &match->mask.dp.vlans[0];

    if (!matched) {
        fv->tpid = mv->tpid = 0;
    } else if (present) {
        fv->tpid = mv->tpid = htons(TPID_PRESENT);
    } else {
        fv->tpid = 0;
        mv->tpid = htons(0xffff);
    }
}

/* Sets the bits BITS of the outer TCI in MATCH to VALUE under MASK. */
static void
match_set_tci_bits(struct match *match, uint16_t bits, uint16_t value,
                   uint16_t mask)
{
    struct flow_vlan *fv = &match->flow.dp.vlans[0];
    struct flow_vlan *mv = &match->mask.dp.vlans[0];
    uint16_t m = (ntohs(mv->tci) & ~bits) | (mask & bits);
    uint16_t f = (ntohs(fv->tci) & ~bits) | (value & mask & bits);

    mv->tci = htons(m);
    fv->tci = htons(f & m);
}

static void
mf_set_vlan(const struct mf_field *field, const union mf_value *value,
            const union mf_value *mask, struct match *match)
{
    uint16_t v, m;

    switch (field->id) {
    case MFF_VLAN_TCI:
        v = ntohs(value->be16);
        m = ntohs(mask->be16);
        match_set_vlan_present(match, m & VLAN_CFI, v & m & VLAN_CFI);
        match_set_tci_bits(match, 0xffff, v & ~VLAN_CFI, m & ~VLAN_CFI);
        break;
    case MFF_DL_VLAN:
        v = ntohs(value->be16);
        if (v == OFP10_VLAN_NONE) {
            match_set_vlan_present(match, true, false);
            match_set_tci_bits(match, 0xffff, 0, ~VLAN_CFI);
        } else {
            match_set_vlan_present(match, true, true);
            match_set_tci_bits(match, VLAN_VID_MASK, v, 0xffff);
        }
        break;
    case MFF_VLAN_VID:
        v = ntohs(value->be16);
        m = ntohs(mask->be16);
        match_set_vlan_present(match, m & VLAN_CFI, v & m & VLAN_CFI);
        match_set_tci_bits(match, VLAN_VID_MASK, v, m);
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        match_set_vlan_present(match, true, true);
        match_set_tci_bits(match, VLAN_PCP_MASK,
                           (value->u8 & 7) << VLAN_PCP_SHIFT, 0xffff);
        break;
    default:
        abort();
    }
}

static void
mf_set_wild_vlan(const struct mf_field *field, struct match *match)
{
    uint16_t tci_mask = ntohs(match->mask.dp.vlans[0].tci);

    switch (field->id) {
    case MFF_VLAN_TCI:
        match_set_vlan_present(match, false, false);
        match_set_tci_bits(match, 0xffff, 0, 0);
        break;
    case MFF_DL_VLAN:
    case MFF_VLAN_VID:
        if (tci_mask & VLAN_PCP_MASK) {
            match_set_tci_bits(match, VLAN_VID_MASK, 0, 0);
        } else {
            match_set_vlan_present(match, false, false);
            match_set_tci_bits(match, 0xffff, 0, 0);
        }
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        if (tci_mask & VLAN_VID_MASK) {
            match_set_tci_bits(match, VLAN_PCP_MASK, 0, 0);
        } else {
            match_set_vlan_present(match, false, false);
            match_set_tci_bits(match, 0xffff, 0, 0);
        }
        break;
    default:
        abort();
    }
}

void
mf_set_wild(const struct mf_field *field, struct match *match)
{
    union mf_value zero;

    if (is_vlan_view(field)) {
        mf_set_wild_vlan(field, match);
        return;
    }
    memset(&zero, 0, sizeof zero);
    store_field(field, &zero, &match->mask, true);
    store_field(field, &zero, &match->flow, false);
}

void
mf_set(const struct mf_field *field, const union mf_value *value,
       const union mf_value *mask, struct match *match)
{
    union mf_value exact, v;

    if (!mask) {
        memset(&exact, 0xff, sizeof exact);
        mask = &exact;
    }
    if (is_all_zeros(mask, field->n_bytes)) {
        mf_set_wild(field, match);
        return;
    }
    if (is_vlan_view(field)) {
        mf_set_vlan(field, value, mask, match);
        return;
    }

    memset(&v, 0, sizeof v);
    for (size_t i = 0; i < field->n_bytes; i++) {
        v.b[i] = value->b[i] & mask->b[i];
    }
    store_field(field, mask, &match->mask, true);
    store_field(field, &v, &match->flow, false);
    match_normalize(match);
}

bool
mf_is_all_wild(const struct mf_field *field, const struct match *match)
{
    union mf_value mask;

    mf_get_mask(field, match, &mask);
    return is_all_zeros(&mask, field->n_bytes);
}

bool
mf_is_value_valid(const struct mf_field *field, const union mf_value *value)
{
    switch (field->id) {
    case MFF_IN_PORT: {
        uint32_t port = ntohl(value->be32);
        return port <= OFPP_MAX || port >= OFPP_IN_PORT;
    }
    case MFF_DL_VLAN:
        return (value->be16 == htons(OFP10_VLAN_NONE)
                || !(value->be16 & ~htons(VLAN_VID_MASK)));
    case MFF_VLAN_VID:
        return !(value->be16 & ~htons(VLAN_VID_MASK | VLAN_CFI));
    case MFF_ARP_OP:
        return !(value->be16 & htons(0xff00));
    case MFF_IP_DSCP:
        return !(value->u8 & ~IP_DSCP_MASK);
    default:
        break;
    }

    /* Generic: no bits above n_bits. */
    unsigned int extra = field->n_bytes * 8 - field->n_bits;
    for (unsigned int i = 0; i < extra; i++) {
        unsigned int byte = i / 8;
        if (value->b[byte] & (0x80 >> (i % 8))) {
            return false;
        }
    }
    return true;
}

bool
mf_is_mask_valid(const struct mf_field *field, const union mf_value *mask)
{
    if (!field->maskable) {
        return is_all_ones(mask, field->n_bytes);
    }
    return true;
}

static bool
dl_type_is(const struct oflow *flow, uint16_t type)
{
    return flow->dp.dl_type == htons(type);
}

static bool
is_ip_any(const struct oflow *flow)
{
    return dl_type_is(flow, ETH_TYPE_IP) || dl_type_is(flow, ETH_TYPE_IPV6);
}

bool
mf_are_prereqs_ok(const struct mf_field *field, const struct oflow *flow)
{
    const struct flow *dp = &flow->dp;

    switch (field->prereqs) {
    case MFP_NONE:
        return true;
    case MFP_VLAN_VID:
        return (ntohs(dp->vlans[0].tpid) & TPID_PRESENT) != 0;
    case MFP_ARP:
        return dl_type_is(flow, ETH_TYPE_ARP)
               || dl_type_is(flow, ETH_TYPE_RARP);
    case MFP_IPV4:
        return dl_type_is(flow, ETH_TYPE_IP);
    case MFP_IPV6:
        return dl_type_is(flow, ETH_TYPE_IPV6);
    case MFP_IP_ANY:
        return is_ip_any(flow);
    case MFP_MPLS:
        return eth_type_mpls(dp->dl_type);
    case MFP_TCP:
        return is_ip_any(flow) && dp->nw_proto == IPPROTO_TCP;
    case MFP_UDP:
        return is_ip_any(flow) && dp->nw_proto == IPPROTO_UDP;
    case MFP_SCTP:
        return is_ip_any(flow) && dp->nw_proto == IPPROTO_SCTP;
    case MFP_ICMPV4:
        return dl_type_is(flow, ETH_TYPE_IP) && dp->nw_proto == IPPROTO_ICMP;
    case MFP_ICMPV6:
        return (dl_type_is(flow, ETH_TYPE_IPV6)
                && dp->nw_proto == IPPROTO_ICMPV6);
    case MFP_ND:
    case MFP_ND_SOLICIT:
    case MFP_ND_ADVERT:
        if (!dl_type_is(flow, ETH_TYPE_IPV6)
            || dp->nw_proto != IPPROTO_ICMPV6 || dp->tp_dst) {
            return false;
        }
        if (field->prereqs == MFP_ND_SOLICIT) {
            return dp->tp_src == htons(ND_NEIGHBOR_SOLICIT);
        } else if (field->prereqs == MFP_ND_ADVERT) {
            return dp->tp_src == htons(ND_NEIGHBOR_ADVERT);
        }
        return (dp->tp_src == htons(ND_NEIGHBOR_SOLICIT)
                || dp->tp_src == htons(ND_NEIGHBOR_ADVERT));
    default:
        abort();
    }
}

/* Sets in MASK the bits that FIELD's prerequisites look at. */
static void
mask_prereqs(const struct mf_field *field, struct oflow *mask)
{
    struct flow *dp = &mask->dp;

    switch (field->prereqs) {
    case MFP_ND:
    case MFP_ND_SOLICIT:
    case MFP_ND_ADVERT:
        dp->tp_src = dp->tp_dst = htons(0xffff);
        /* Fall through. */
    case MFP_TCP:
    case MFP_UDP:
    case MFP_SCTP:
    case MFP_ICMPV4:
    case MFP_ICMPV6:
        dp->nw_proto = 0xff;
        /* Fall through. */
    case MFP_ARP:
    case MFP_IPV4:
    case MFP_IPV6:
    case MFP_IP_ANY:
    case MFP_MPLS:
        dp->dl_type = htons(0xffff);
        break;
    case MFP_VLAN_VID:
        dp->vlans[0].tpid |= htons(TPID_PRESENT);
        break;
    case MFP_NONE:
    default:
        break;
    }
}

bool
mf_are_match_prereqs_ok(const struct mf_field *field,
                        const struct match *match)
{
    struct oflow need;

    if (!mf_are_prereqs_ok(field, &match->flow)) {
        return false;
    }

    /* Every bit the check looked at must be matched, except that ND's
     * ICMPv6 code of 0 may also come from a wildcarded code. */
    memset(&need, 0, sizeof need);
    mask_prereqs(field, &need);
    need.dp.tp_dst = 0;
    for (size_t i = 0; i < OFLOW_U64S; i++) {
        if (oflow_u64s(&need)[i] & ~oflow_u64s(&match->mask)[i]) {
            return false;
        }
    }
    return true;
}

void
mf_mask_field_and_prereqs(const struct mf_field *field, struct oflow *mask)
{
    union mf_value ones;
    struct flow *dp = &mask->dp;

    memset(&ones, 0xff, sizeof ones);
    if (is_vlan_view(field)) {
        uint16_t bits = (field->id == MFF_VLAN_TCI ? 0xffff
                         : field->id == MFF_DL_VLAN
                           || field->id == MFF_VLAN_VID ? VLAN_VID_MASK
                         : VLAN_PCP_MASK);
        dp->vlans[0].tci |= htons(bits & ~VLAN_CFI);
        dp->vlans[0].tpid |= htons(TPID_PRESENT);
    } else {
        store_field(field, &ones, mask, true);
    }
    mask_prereqs(field, mask);
}

/* Ports. */

static const struct {
    uint32_t port;
    const char *name;
} port_names[] = {
    { OFPP_IN_PORT, "IN_PORT" },
    { OFPP_TABLE, "TABLE" },
    { OFPP_NORMAL, "NORMAL" },
    { OFPP_FLOOD, "FLOOD" },
    { OFPP_ALL, "ALL" },
    { OFPP_CONTROLLER, "CONTROLLER" },
    { OFPP_LOCAL, "LOCAL" },
    { OFPP_ANY, "ANY" },
    { OFPP_ANY, "NONE" },
    { OFPP_UNSET, "UNSET" },
};

bool
mf_parse_ofp_port(const char *s, uint32_t *port)
{
    unsigned long long int n;

    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (!strcasecmp(s, port_names[i].name)) {
            *port = port_names[i].port;
            return true;
        }
    }
    if (!str_to_ullong(s, 0, &n) || n > UINT32_MAX) {
        return false;
    }
    if (n >= OFPP10_IN_PORT && n <= 0xffff) {
        n = ofp10_port_to_port(n);
    } else if (n == 0xfff7) {
        n = OFPP_UNSET;
    } else if (n > OFPP_MAX && n < OFPP_UNSET) {
        return false;
    }
    *port = n;
    return true;
}

void
mf_format_ofp_port(uint32_t port, struct ds *ds)
{
    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (port_names[i].port == port) {
            ds_put_cstr(ds, port_names[i].name);
            return;
        }
    }
    ds_put_format(ds, "%"PRIu32, port);
}

/* Value syntax. */

static int
hex_digit(int c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

/* Parses the integer S ("123" or "0x..." of any length) into the N bytes
 * at DST, right-aligned.  Returns 0, EINVAL or ERANGE. */
static int
parse_int_bytes(const char *s, uint8_t *dst, size_t n)
{
    memset(dst, 0, n);
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        const char *p = s + 2;
        size_t len = strlen(p);
        if (!len) {
            return EINVAL;
        }
        for (size_t i = 0; i < len; i++) {
            if (!isxdigit((unsigned char) p[i])) {
                return EINVAL;
            }
        }
        /* Skip leading zeros, then fill from the right. */
        while (len > 1 && *p == '0') {
            p++;
            len--;
        }
        if (len > 2 * n) {
            return ERANGE;
        }
        for (size_t i = 0; i < len; i++) {
            int d = hex_digit((unsigned char) p[len - 1 - i]);
            dst[n - 1 - i / 2] |= d << (4 * (i % 2));
        }
        return 0;
    } else {
        unsigned long long int x;
        if (!isdigit((unsigned char) s[0]) || !str_to_ullong(s, 10, &x)) {
            return EINVAL;
        }
        if (n < 8 && x >> (8 * n)) {
            return ERANGE;
        }
        for (size_t i = 0; i < n && i < 8; i++) {
            dst[n - 1 - i] = x >> (8 * i);
        }
        return 0;
    }
}

static char *
parse_integer(const struct mf_field *field, const char *s,
              union mf_value *value, union mf_value *mask)
{
    char *copy = xstrdup(s);
    char *slash = strchr(copy, '/');
    char *error = NULL;
    int err;

    if (slash) {
        *slash = '\0';
    }
    memset(value, 0, sizeof *value);
    err = parse_int_bytes(copy, value->b, field->n_bytes);
    if (!err && slash) {
        memset(mask, 0, sizeof *mask);
        err = parse_int_bytes(slash + 1, mask->b, field->n_bytes);
    } else if (!err) {
        memset(mask, 0xff, sizeof *mask);
    }
    if (err == ERANGE) {
        error = xasprintf("%s: value too large for %u-byte field %s",
                          s, field->n_bytes, field->name);
    } else if (err) {
        error = xasprintf("%s: bad syntax for %s", s, field->name);
    }
    free(copy);
    return error;
}

static char *
parse_ethernet(const struct mf_field *field, const char *s,
               union mf_value *value, union mf_value *mask)
{
    char *copy = xstrdup(s);
    char *slash = strchr(copy, '/');
    bool ok;

    if (slash) {
        *slash = '\0';
    }
    memset(value, 0, sizeof *value);
    memset(mask, 0xff, sizeof *mask);
    ok = eth_addr_from_string(copy, &value->mac);
    if (ok && slash) {
        memset(mask, 0, sizeof *mask);
        ok = eth_addr_from_string(slash + 1, &mask->mac);
    }
    free(copy);
    return (ok ? NULL
            : xasprintf("%s: invalid Ethernet address for %s", s,
                        field->name));
}

static bool
parse_ipv4_addr(const char *s, be32 *ip)
{
    struct in_addr a;
    if (inet_pton(AF_INET, s, &a) != 1) {
        return false;
    }
    *ip = a.s_addr;
    return true;
}

static char *
parse_ip(const struct mf_field *field, const char *s,
         union mf_value *value, union mf_value *mask)
{
    char *copy = xstrdup(s);
    char *slash = strchr(copy, '/');
    char *error = NULL;
    bool v6 = field->string == MFS_IPV6;
    int prefix;

    if (slash) {
        *slash = '\0';
    }
    memset(value, 0, sizeof *value);
    memset(mask, 0xff, sizeof *mask);
    if (v6 ? inet_pton(AF_INET6, copy, &value->ipv6) != 1
        : !parse_ipv4_addr(copy, &value->be32)) {
        error = xasprintf("%s: invalid IP address", s);
        goto out;
    }
    if (slash) {
        const char *m = slash + 1;
        memset(mask, 0, sizeof *mask);
        if (str_to_int(m, 10, &prefix)) {
            if (prefix < 0 || prefix > (v6 ? 128 : 32)) {
                error = xasprintf("%s: IP prefix length must be between "
                                  "0 and %d", s, v6 ? 128 : 32);
                goto out;
            }
            for (int i = 0; i < prefix; i++) {
                mask->b[i / 8] |= 0x80 >> (i % 8);
            }
        } else if (v6 ? inet_pton(AF_INET6, m, &mask->ipv6) != 1
                   : !parse_ipv4_addr(m, &mask->be32)) {
            error = xasprintf("%s: invalid IP mask", s);
            goto out;
        }
    }
out:
    free(copy);
    return error;
}

static const struct {
    const char *name;
    uint8_t value;
    uint8_t mask;
} frag_names[] = {
    { "no", 0, FLOW_NW_FRAG_MASK },
    { "yes", FLOW_NW_FRAG_ANY, FLOW_NW_FRAG_ANY },
    { "first", FLOW_NW_FRAG_ANY, FLOW_NW_FRAG_MASK },
    { "later", FLOW_NW_FRAG_MASK, FLOW_NW_FRAG_MASK },
    { "not_later", 0, FLOW_NW_FRAG_LATER },
};

static char *
parse_frag(const struct mf_field *field, const char *s,
           union mf_value *value, union mf_value *mask)
{
    memset(value, 0, sizeof *value);
    memset(mask, 0, sizeof *mask);
    for (size_t i = 0; i < ARRAY_SIZE(frag_names); i++) {
        if (!strcasecmp(s, frag_names[i].name)) {
            value->u8 = frag_names[i].value;
            mask->u8 = frag_names[i].mask;
            return NULL;
        }
    }
    return xasprintf("%s: unknown fragment type for %s (valid types are "
                     "\"no\", \"yes\", \"first\", \"later\", "
                     "\"not_later\")", s, field->name);
}

static const char *const tcp_flag_names[12] = {
    "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
    "[200]", "[400]", "[800]",
};

static int
tcp_flag_from_name(const char *name, size_t len)
{
    for (int i = 0; i < 12; i++) {
        if (strlen(tcp_flag_names[i]) == len
            && !strncmp(tcp_flag_names[i], name, len)) {
            return 1 << i;
        }
    }
    return 0;
}

static char *
parse_tcp_flags(const struct mf_field *field, const char *s,
                union mf_value *value, union mf_value *mask)
{
    uint16_t flags = 0, fmask = 0;

    memset(value, 0, sizeof *value);
    memset(mask, 0, sizeof *mask);
    if (isdigit((unsigned char) s[0])) {
        char *error = parse_integer(field, s, value, mask);
        if (!error && ((ntohs(value->be16) & ~TCP_FLAGS_MASK)
                       || (mask->be16 != htons(0xffff)
                           && (ntohs(mask->be16) & ~TCP_FLAGS_MASK)))) {
            error = xasprintf("%s: value out of range for %s", s,
                              field->name);
        }
        if (!error && mask->be16 == htons(0xffff)) {
            mask->be16 = htons(TCP_FLAGS_MASK);
        }
        return error;
    }

    if (*s == '+' || *s == '-') {
        /* "+syn-ack": the named flags set or clear, the others wild. */
        while (*s) {
            bool set = *s == '+';
            size_t len;
            int bit;

            if (*s != '+' && *s != '-') {
                return xasprintf("%s: expected + or - before TCP flag "
                                 "for %s", s, field->name);
            }
            s++;
            len = strcspn(s, "+-");
            bit = tcp_flag_from_name(s, len);
            if (!bit) {
                return xasprintf("%.*s: unknown TCP flag for %s",
                                 (int) len, s, field->name);
            }
            if (fmask & bit) {
                return xasprintf("%.*s: TCP flag given twice for %s",
                                 (int) len, s, field->name);
            }
            fmask |= bit;
            if (set) {
                flags |= bit;
            }
            s += len;
        }
    } else {
        /* "syn|ack": exactly these flags. */
        fmask = TCP_FLAGS_MASK;
        while (*s) {
            size_t len = strcspn(s, "|");
            int bit = tcp_flag_from_name(s, len);
            if (!bit) {
                return xasprintf("%.*s: unknown TCP flag for %s",
                                 (int) len, s, field->name);
            }
            flags |= bit;
            s += len;
            if (*s == '|') {
                s++;
            }
        }
    }
    value->be16 = htons(flags);
    mask->be16 = htons(fmask);
    return NULL;
}

char *
mf_parse(const struct mf_field *field, const char *s,
         union mf_value *value, union mf_value *mask)
{
    char *error;

    if (!strcmp(s, "*") || !strcmp(s, "0/0")) {
        /* Wildcard. */
        memset(value, 0, sizeof *value);
        memset(mask, 0, sizeof *mask);
        return NULL;
    }

    switch (field->string) {
    case MFS_DECIMAL:
    case MFS_HEXADECIMAL:
        error = parse_integer(field, s, value, mask);
        break;
    case MFS_ETHERNET:
        error = parse_ethernet(field, s, value, mask);
        break;
    case MFS_IPV4:
    case MFS_IPV6:
        error = parse_ip(field, s, value, mask);
        break;
    case MFS_OFP_PORT: {
        uint32_t port;
        memset(value, 0, sizeof *value);
        memset(mask, 0xff, sizeof *mask);
        if (!mf_parse_ofp_port(s, &port)) {
            return xasprintf("%s: port value out of range for %s", s,
                             field->name);
        }
        value->be32 = htonl(port);
        error = NULL;
        break;
    }
    case MFS_FRAG:
        error = parse_frag(field, s, value, mask);
        break;
    case MFS_TCP_FLAGS:
        error = parse_tcp_flags(field, s, value, mask);
        break;
    default:
        abort();
    }

    if (!error && !mf_is_mask_valid(field, mask)) {
        error = xasprintf("%s: invalid mask for field %s", s, field->name);
    }
    if (!error && field->id != MFF_TCP_FLAGS
        && !mf_is_value_valid(field, value)) {
        error = xasprintf("%s: value out of range for field %s", s,
                          field->name);
    }
    return error;
}

char *
mf_parse_value(const struct mf_field *field, const char *s,
               union mf_value *value)
{
    union mf_value mask;
    char *error = mf_parse(field, s, value, &mask);

    if (!error && !is_all_ones(&mask, field->n_bytes)
        && field->string != MFS_TCP_FLAGS) {
        error = xasprintf("%s: a mask is not allowed here for %s", s,
                          field->name);
    }
    return error;
}

/* Appends the N bytes at P as ovs-ofctl's hex: "0x" and the value without
 * leading zero bytes, or "0". */
static void
put_hex(struct ds *ds, const uint8_t *p, size_t n)
{
    bool printed = false;

    for (size_t i = 0; i < n; i++) {
        if (p[i] || printed) {
            ds_put_format(ds, printed ? "%02"PRIx8 : "0x%"PRIx8, p[i]);
            printed = true;
        }
    }
    if (!printed) {
        ds_put_char(ds, '0');
    }
}

static int
prefix_length(const uint8_t *mask, size_t n)
{
    size_t bits = 0;

    while (bits < n * 8 && mask[bits / 8] & (0x80 >> (bits % 8))) {
        bits++;
    }
    for (size_t i = bits; i < n * 8; i++) {
        if (mask[i / 8] & (0x80 >> (i % 8))) {
            return -1;
        }
    }
    return bits;
}

static void
format_tcp_flags(struct ds *ds, uint16_t flags, uint16_t mask)
{
    if (mask == TCP_FLAGS_MASK) {
        if (!flags) {
            ds_put_char(ds, '0');
            return;
        }
        bool first = true;
        for (int i = 0; i < 12; i++) {
            if (flags & (1 << i)) {
                if (!first) {
                    ds_put_char(ds, '|');
                }
                ds_put_cstr(ds, tcp_flag_names[i]);
                first = false;
            }
        }
    } else if (!mask) {
        ds_put_cstr(ds, "0/0");
    } else {
        for (int i = 0; i < 12; i++) {
            if (mask & (1 << i)) {
                ds_put_format(ds, "%c%s", flags & (1 << i) ? '+' : '-',
                              tcp_flag_names[i]);
            }
        }
    }
}

void
mf_format(const struct mf_field *field, const union mf_value *value,
          const union mf_value *mask, struct ds *ds)
{
    if (mask && is_all_ones(mask, field->n_bytes)) {
        mask = NULL;
    }

    switch (field->string) {
    case MFS_DECIMAL:
    case MFS_HEXADECIMAL:
        if (field->string == MFS_HEXADECIMAL) {
            put_hex(ds, value->b, field->n_bytes);
        } else {
            unsigned long long int x = 0;
            for (size_t i = 0; i < field->n_bytes; i++) {
                x = (x << 8) | value->b[i];
            }
            ds_put_format(ds, "%llu", x);
        }
        if (mask) {
            ds_put_char(ds, '/');
            put_hex(ds, mask->b, field->n_bytes);
        }
        break;
    case MFS_ETHERNET:
        eth_addr_format(ds, value->mac);
        if (mask) {
            ds_put_char(ds, '/');
            eth_addr_format(ds, mask->mac);
        }
        break;
    case MFS_IPV4:
    case MFS_IPV6: {
        bool v6 = field->string == MFS_IPV6;
        if (v6) {
            ipv6_format_addr(ds, &value->ipv6);
        } else {
            ip_format(ds, value->be32);
        }
        if (mask) {
            int plen = prefix_length(mask->b, field->n_bytes);
            if (plen >= 0) {
                ds_put_format(ds, "/%d", plen);
            } else if (v6) {
                ds_put_char(ds, '/');
                ipv6_format_addr(ds, &mask->ipv6);
            } else {
                ds_put_char(ds, '/');
                ip_format(ds, mask->be32);
            }
        }
        break;
    }
    case MFS_OFP_PORT:
        mf_format_ofp_port(ntohl(value->be32), ds);
        break;
    case MFS_FRAG: {
        uint8_t m = mask ? mask->u8 & FLOW_NW_FRAG_MASK : FLOW_NW_FRAG_MASK;
        uint8_t v = value->u8 & m;
        for (size_t i = 0; i < ARRAY_SIZE(frag_names); i++) {
            if (frag_names[i].value == v && frag_names[i].mask == m) {
                ds_put_cstr(ds, frag_names[i].name);
                return;
            }
        }
        ds_put_cstr(ds, "<error>");
        break;
    }
    case MFS_TCP_FLAGS:
        format_tcp_flags(ds, ntohs(value->be16) & TCP_FLAGS_MASK,
                         mask ? ntohs(mask->be16) & TCP_FLAGS_MASK
                              : TCP_FLAGS_MASK);
        break;
    default:
        abort();
    }
}

/* Subfields. */

char *
mf_parse_subfield(struct mf_subfield *sf, const char **sp)
{
    const char *s = *sp;
    size_t name_len = 0;
    const struct mf_field *field;
    unsigned long start, end;
    char *tail;

    while (isalnum((unsigned char) s[name_len]) || s[name_len] == '_') {
        name_len++;
    }
    field = name_len ? mf_from_name_len(s, name_len) : NULL;
    if (!field) {
        return xasprintf("%s: unknown field `%.*s'", *sp, (int) name_len, s);
    }
    s += name_len;

    start = 0;
    end = field->n_bits - 1;
    if (*s == '[') {
        if (s[1] == ']') {
            s += 2;
        } else if (isdigit((unsigned char) s[1])) {
            start = strtoul(s + 1, &tail, 10);
            if (!strncmp(tail, "..", 2)
                && isdigit((unsigned char) tail[2])) {
                end = strtoul(tail + 2, &tail, 10);
            } else {
                end = start;
            }
            if (*tail != ']') {
                goto syntax;
            }
            s = tail + 1;
        } else {
            goto syntax;
        }
    }

    if (start > end) {
        return xasprintf("%s: starting bit %lu is after ending bit %lu",
                         *sp, start, end);
    } else if (start >= field->n_bits) {
        return xasprintf("%s: starting bit %lu is not valid because field "
                         "is only %u bits wide", *sp, start, field->n_bits);
    } else if (end >= field->n_bits) {
        return xasprintf("%s: ending bit %lu is not valid because field is "
                         "only %u bits wide", *sp, end, field->n_bits);
    }
    sf->field = field;
    sf->ofs = start;
    sf->n_bits = end - start + 1;
    *sp = s;
    return NULL;

syntax:
    return xasprintf("%s: syntax error expecting [] or [<bit>] or "
                     "[<start>..<end>]", *sp);
}

void
mf_format_subfield(const struct mf_subfield *sf, struct ds *ds)
{
    const struct mf_field *f = sf->field;

    ds_put_cstr(ds, (f->nxm_name ? f->nxm_name
                     : f->oxm_name ? f->oxm_name : f->name));
    if (sf->ofs == 0 && sf->n_bits == f->n_bits) {
        ds_put_cstr(ds, "[]");
    } else if (sf->n_bits == 1) {
        ds_put_format(ds, "[%u]", sf->ofs);
    } else {
        ds_put_format(ds, "[%u..%u]", sf->ofs, sf->ofs + sf->n_bits - 1);
    }
}

bool
mf_subfield_is_valid(const struct mf_subfield *sf)
{
    return (sf->field && sf->n_bits >= 1
            && sf->ofs < sf->field->n_bits
            && sf->n_bits <= sf->field->n_bits - sf->ofs);
}

void
mf_value_to_subvalue(const struct mf_field *field,
                     const union mf_value *value, union mf_subvalue *sv)
{
    memset(sv, 0, sizeof *sv);
    memcpy(&sv->u8[16 - field->n_bytes], value->b, field->n_bytes);
}

void
mf_subvalue_to_value(const struct mf_field *field,
                     const union mf_subvalue *sv, union mf_value *value)
{
    memset(value, 0, sizeof *value);
    memcpy(value->b, &sv->u8[16 - field->n_bytes], field->n_bytes);
}

static bool
sv_get_bit(const union mf_subvalue *sv, unsigned int bit)
{
    return (sv->u8[15 - bit / 8] >> (bit % 8)) & 1;
}

static void
sv_set_bit(union mf_subvalue *sv, unsigned int bit, bool on)
{
    uint8_t b = 1 << (bit % 8);
    if (on) {
        sv->u8[15 - bit / 8] |= b;
    } else {
        sv->u8[15 - bit / 8] &= ~b;
    }
}

void
mf_read_subfield(const struct mf_subfield *sf, const struct oflow *flow,
                 union mf_subvalue *sv)
{
    union mf_value value;
    union mf_subvalue whole;

    mf_get_value(sf->field, flow, &value);
    mf_value_to_subvalue(sf->field, &value, &whole);
    memset(sv, 0, sizeof *sv);
    for (unsigned int i = 0; i < sf->n_bits; i++) {
        sv_set_bit(sv, i, sv_get_bit(&whole, sf->ofs + i));
    }
}

/* Copies the low n_bits of SRC into the subfield SF position of DST. */
static void
splice_bits(const struct mf_subfield *sf, const union mf_subvalue *src,
            union mf_subvalue *dst)
{
    for (unsigned int i = 0; i < sf->n_bits; i++) {
        sv_set_bit(dst, sf->ofs + i, sv_get_bit(src, i));
    }
}

void
mf_write_subfield(const struct mf_subfield *sf,
                  const union mf_subvalue *value, struct match *match)
{
    const struct mf_field *field = sf->field;
    union mf_value v, m;
    union mf_subvalue sv, sm, ones;

    mf_get_value(field, &match->flow, &v);
    mf_get_mask(field, match, &m);
    mf_value_to_subvalue(field, &v, &sv);
    mf_value_to_subvalue(field, &m, &sm);
    memset(&ones, 0xff, sizeof ones);
    splice_bits(sf, value, &sv);
    splice_bits(sf, &ones, &sm);
    mf_subvalue_to_value(field, &sv, &v);
    mf_subvalue_to_value(field, &sm, &m);
    mf_set(field, &v, &m, match);
}

void
mf_write_subfield_flow(const struct mf_subfield *sf,
                       const union mf_subvalue *value, struct oflow *flow)
{
    const struct mf_field *field = sf->field;
    union mf_value v;
    union mf_subvalue sv;

    mf_get_value(field, flow, &v);
    mf_value_to_subvalue(field, &v, &sv);
    splice_bits(sf, value, &sv);
    mf_subvalue_to_value(field, &sv, &v);
    mf_set_flow_value(field, &v, flow);
}

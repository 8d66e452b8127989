/*
 * ofp-match: OpenFlow 1.0's and 1.1's fixed-layout matches (struct
 * ofp10_match, and struct ofp11_match of type OFPMT_STANDARD), converted
 * to and from struct match (match.h), and the choice of match encoding
 * for a protocol (ofp-protocol.h).
 *
 * OpenFlow 1.0's match can say much less than a struct match: exact or
 * wildcarded in_port (16 bits), Ethernet addresses, dl_type, nw_proto,
 * transport ports, DSCP (the top six bits of the TOS byte), CIDR-masked
 * IPv4 (or ARP) addresses, and a VLAN id and priority where dl_vlan
 * OFP10_VLAN_NONE (0xffff) means "untagged".  OpenFlow 1.1 adds arbitrary
 * Ethernet and IPv4 masks, "any VLAN tag" (OFPVID11_ANY), the MPLS label
 * and traffic class, and the metadata register.  The encoders here drop
 * whatever the format cannot hold, so a caller must first ask
 * ofp_match_usable_protocols() (or ofp10_match_fits()) and use NXM or OXM
 * (nx-match.h) when the answer excludes the protocol it wanted.
 *
 * VLANs follow oflow.h's convention: "tagged" is vlans[0].tpid
 * 0x8000/0x8000, "untagged" is tpid 0/0xffff, and the VLAN id and PCP are
 * bits of vlans[0].tci.
 *
 * Thread safety: functions are reentrant; the structs are plain data.
 */
#ifndef SLUICE_OFP_MATCH_H
#define SLUICE_OFP_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-errors.h"
#include "ofp-protocol.h"
#include "openflow.h"
#include "packets.h"

struct buffer;
struct match;

/* OpenFlow 1.0 wildcard bits (1: the field is wildcarded). */
enum ofp10_flow_wildcards {
    OFPFW10_IN_PORT = 1 << 0,
    OFPFW10_DL_VLAN = 1 << 1,
    OFPFW10_DL_SRC = 1 << 2,
    OFPFW10_DL_DST = 1 << 3,
    OFPFW10_DL_TYPE = 1 << 4,
    OFPFW10_NW_PROTO = 1 << 5,
    OFPFW10_TP_SRC = 1 << 6,
    OFPFW10_TP_DST = 1 << 7,

    /* The number of low bits of nw_src (nw_dst) that are wildcarded, 0 to
     * 63 (32 and above: all of them), in the 6 bits from the shift. */
    OFPFW10_NW_SRC_SHIFT = 8,
    OFPFW10_NW_SRC_BITS = 6,
    OFPFW10_NW_SRC_MASK = 0x3f << 8,
    OFPFW10_NW_SRC_ALL = 32 << 8,
    OFPFW10_NW_DST_SHIFT = 14,
    OFPFW10_NW_DST_BITS = 6,
    OFPFW10_NW_DST_MASK = 0x3f << 14,
    OFPFW10_NW_DST_ALL = 32 << 14,

    OFPFW10_DL_VLAN_PCP = 1 << 20,
    OFPFW10_NW_TOS = 1 << 21,
    OFPFW10_ALL = (1 << 22) - 1,
};

/* OpenFlow 1.0's match (40 bytes). */
struct ofp10_match {
    be32 wildcards;                 /* OFPFW10_*. */
    be16 in_port;
    struct eth_addr dl_src;
    struct eth_addr dl_dst;
    be16 dl_vlan;                   /* VLAN id, or OFP10_VLAN_NONE. */
    uint8_t dl_vlan_pcp;
    uint8_t pad1[1];
    be16 dl_type;
    uint8_t nw_tos;                 /* DSCP in the top 6 bits. */
    uint8_t nw_proto;               /* IP protocol, or ARP opcode. */
    uint8_t pad2[2];
    be32 nw_src;
    be32 nw_dst;
    be16 tp_src;                    /* Port, or ICMP type. */
    be16 tp_dst;                    /* Port, or ICMP code. */
};
BUILD_ASSERT_DECL(sizeof(struct ofp10_match) == 40);

/* OpenFlow 1.1 wildcard bits (1: the field is wildcarded). */
enum ofp11_flow_wildcards {
    OFPFW11_IN_PORT = 1 << 0,
    OFPFW11_DL_VLAN = 1 << 1,
    OFPFW11_DL_VLAN_PCP = 1 << 2,
    OFPFW11_DL_TYPE = 1 << 3,
    OFPFW11_NW_TOS = 1 << 4,
    OFPFW11_NW_PROTO = 1 << 5,
    OFPFW11_TP_SRC = 1 << 6,
    OFPFW11_TP_DST = 1 << 7,
    OFPFW11_MPLS_LABEL = 1 << 8,
    OFPFW11_MPLS_TC = 1 << 9,
    OFPFW11_ALL = (1 << 10) - 1,
};

/* OpenFlow 1.1's dl_vlan values beyond VLAN ids. */
#define OFPVID11_ANY 0xfffe             /* Any tagged packet. */
#define OFPVID11_NONE 0xffff            /* Untagged packets only. */

/* OpenFlow 1.1's ofp_match of type OFPMT_STANDARD (88 bytes).  Its masks
 * are inverted: a 1 bit is wildcarded. */
struct ofp11_match {
    be16 type;                      /* OFPMT_STANDARD (0). */
    be16 length;                    /* OFP11_MATCH_SIZE. */
    be32 in_port;
    be32 wildcards;                 /* OFPFW11_*. */
    struct eth_addr dl_src;
    struct eth_addr dl_src_mask;
    struct eth_addr dl_dst;
    struct eth_addr dl_dst_mask;
    be16 dl_vlan;                   /* VLAN id, OFPVID11_ANY or _NONE. */
    uint8_t dl_vlan_pcp;
    uint8_t pad1[1];
    be16 dl_type;
    uint8_t nw_tos;                 /* DSCP in the top 6 bits. */
    uint8_t nw_proto;
    be32 nw_src;
    be32 nw_src_mask;
    be32 nw_dst;
    be32 nw_dst_mask;
    be16 tp_src;
    be16 tp_dst;
    be32 mpls_label;                /* In the low 20 bits. */
    uint8_t mpls_tc;
    uint8_t pad2[3];
    uint8_t metadata[8];            /* be64 (the struct is 4-aligned). */
    uint8_t metadata_mask[8];
};
#define OFP11_MATCH_SIZE 88
BUILD_ASSERT_DECL(sizeof(struct ofp11_match) == OFP11_MATCH_SIZE);

/* Converts MATCH to OpenFlow 1.0's form in *OM.  Anything MATCH says that
 * the form cannot hold is left out (see ofp10_match_fits()). */
void ofp10_match_from_match(const struct match *match, struct ofp10_match *om);

/* Converts OpenFlow 1.0 match OM into MATCH, as Open vSwitch reads it:
 * wildcard bits outside OFPFW10_ALL and the ECN bits of nw_tos are
 * ignored; dl_vlan OFP10_VLAN_NONE matches untagged packets (whatever
 * dl_vlan_pcp says); a dl_type below 0x600 is FLOW_DL_TYPE_NONE.  Fields
 * without their prerequisites are kept: match_normalize_prereqs() drops
 * them where the caller wants that. */
void ofp10_match_to_match(const struct ofp10_match *om, struct match *match);

/* Returns true if OpenFlow 1.0's ofp10_match represents MATCH exactly,
 * false if MATCH needs NXM (or a later version). */
bool ofp10_match_fits(const struct match *match);

/* Converts MATCH to OpenFlow 1.1's standard match in *OM, leaving out what
 * that cannot hold (see ofp_match_usable_protocols()). */
void ofp11_match_from_match(const struct match *match, struct ofp11_match *om);

/* Converts OpenFlow 1.1 standard match OM into MATCH.  Fields whose
 * prerequisites OM does not match are ignored, as the specification says.
 * Returns 0 or an error: OFPBMC_BAD_VALUE for an in_port that is not a
 * valid port, a VLAN id above 4095 (other than OFPVID11_ANY and _NONE), a
 * PCP above 7 or a TOS with ECN bits; OFPBMC_BAD_FIELD for an ICMP type or
 * code above 255. */
enum ofperr ofp11_match_to_match(const struct ofp11_match *om,
                                 struct match *match);

/* Pulls an OpenFlow 1.1+ ofp_match from the front of B into MATCH: type
 * OFPMT_STANDARD (exactly 88 bytes) or OFPMT_OXM (nx-match.h, strict).
 * Stores the bytes pulled, padding included, in *PADDED_LEN if it is
 * nonnull.  Errors: OFPBMC_BAD_LEN for a truncated match or a standard
 * match of another length, OFPBMC_BAD_TYPE for another type, and the
 * decoders' errors. */
enum ofperr ofp11_pull_match(struct buffer *b, struct match *match,
                             size_t *padded_len);

/* Appends MATCH as the ofp_match of PROTOCOL (a single protocol of
 * OpenFlow 1.1 or later): the standard match for OFP_PROTO_OF11_STD, OXM
 * otherwise.  Returns the bytes appended, padding included. */
size_t ofp11_put_match(struct buffer *b, const struct match *match,
                       enum ofp_protocol protocol);

/* Returns the set of protocols (enum ofp_protocol bits) whose match
 * encoding can express MATCH exactly: all of them when OpenFlow 1.0's
 * match can, else NXM and OXM, plus OpenFlow 1.1 when its standard match
 * can (masked Ethernet or IPv4 addresses, metadata, MPLS label and TC,
 * "any VLAN tag"). */
uint32_t ofp_match_usable_protocols(const struct match *match);

#endif /* ofp-match.h */

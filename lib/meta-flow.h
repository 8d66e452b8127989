/*
 * meta-flow: the registry of the fields an OpenFlow match or action can
 * name, and the one place that knows how each maps onto struct oflow
 * (oflow.h).
 *
 * Each field has a 'struct mf_field', found by id (mf_from_id()) or by any
 * of the names ovs-ofctl accepts for it (mf_from_name(): "ip_dst",
 * "nw_dst", "NXM_OF_IP_DST", "OXM_OF_IPV4_DST", ...).  The descriptor
 * gives the field's width, whether a match may mask it, whether actions
 * may write it, what it depends on (its prerequisites: ip_dst needs
 * dl_type=0x0800) and its NXM and OXM headers (nx-match.h encodes and
 * decodes them).  Field names, value syntaxes and printed forms follow
 * ovs-fields(7) and what Open vSwitch's ovs-ofctl prints.
 *
 * Values.  A field's value travels as a 'union mf_value' of the field's
 * n_bytes, in network byte order, starting at the union's first byte (so
 * a 2-byte field is 'be16', a 6-byte field 'mac').  A mask has the same
 * form; all-ones means "exact".  Fields narrower than their bytes (vlan_vid
 * is 13 bits in 2 bytes, ip_dscp 6 bits in 1) keep their value in the low
 * bits; mf_is_value_valid() rejects values with other bits set.
 *
 * Fields that are views of one another: vlan_tci, dl_vlan, vlan_vid,
 * dl_vlan_pcp and vlan_pcp all live in the outer VLAN tag (oflow.h
 * explains the "present" bit); ip_dscp and ip_dscp_shifted are the same
 * six bits; the MPLS fields are parts of the top label stack entry.
 *
 * Subfields.  A 'struct mf_subfield' names bits OFS to OFS + N_BITS - 1
 * of a field, bit 0 being the least significant; "reg0[0..15]",
 * "NXM_OF_ETH_SRC[]" (the whole field), "reg0[5]".  Subfield values
 * travel as 'union mf_subvalue', 128 bits right-aligned.
 *
 * Errors: parsers return NULL on success or a malloc'd message that names
 * the field and the reason, which the caller frees.
 *
 * Thread safety: the registry is constant after the first call (built on
 * first use under a lock); every function is reentrant.
 */
#ifndef SLUICE_META_FLOW_H
#define SLUICE_META_FLOW_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "oflow.h"
#include "packets.h"

struct ds;
struct match;

/* Every field, in the order ovs-fields(7) lists them. */
enum mf_field_id {
    /* Metadata. */
    MFF_IN_PORT,                /* be32: OpenFlow port (OpenFlow 1.1 form).*/
    MFF_METADATA,               /* be64. */
    MFF_REG0, MFF_REG1, MFF_REG2, MFF_REG3,         /* be32 each. */
    MFF_REG4, MFF_REG5, MFF_REG6, MFF_REG7,
    MFF_REG8, MFF_REG9, MFF_REG10, MFF_REG11,
    MFF_REG12, MFF_REG13, MFF_REG14, MFF_REG15,
    MFF_XREG0, MFF_XREG1, MFF_XREG2, MFF_XREG3,     /* be64 each. */
    MFF_XREG4, MFF_XREG5, MFF_XREG6, MFF_XREG7,
    MFF_XXREG0, MFF_XXREG1, MFF_XXREG2, MFF_XXREG3, /* 128 bits each. */
    MFF_PKT_MARK,               /* be32. */
    MFF_ACTSET_OUTPUT,          /* be32: OpenFlow port. */

    /* Ethernet and VLAN. */
    MFF_ETH_SRC,                /* mac. */
    MFF_ETH_DST,                /* mac. */
    MFF_ETH_TYPE,               /* be16. */
    MFF_VLAN_TCI,               /* be16: TCI, 0x1000 = tag present. */
    MFF_DL_VLAN,                /* be16: 12-bit VID (0: untagged too). */
    MFF_VLAN_VID,               /* be16: OFPVID_PRESENT | VID (13 bits). */
    MFF_DL_VLAN_PCP,            /* u8: 3-bit PCP (OpenFlow 1.0 style). */
    MFF_VLAN_PCP,               /* u8: 3-bit PCP (OXM style). */

    /* MPLS: the top label stack entry. */
    MFF_MPLS_LABEL,             /* be32: 20 bits. */
    MFF_MPLS_TC,                /* u8: 3 bits. */
    MFF_MPLS_BOS,               /* u8: 1 bit. */
    MFF_MPLS_TTL,               /* u8. */

    /* IPv4, IPv6 and IP in general. */
    MFF_IPV4_SRC,               /* be32. */
    MFF_IPV4_DST,               /* be32. */
    MFF_IPV6_SRC,               /* ipv6. */
    MFF_IPV6_DST,               /* ipv6. */
    MFF_IPV6_LABEL,             /* be32: 20 bits. */
    MFF_IP_PROTO,               /* u8. */
    MFF_IP_DSCP,                /* u8: DSCP in the top 6 bits (TOS byte). */
    MFF_IP_DSCP_SHIFTED,        /* u8: DSCP in the low 6 bits. */
    MFF_IP_ECN,                 /* u8: 2 bits. */
    MFF_IP_TTL,                 /* u8. */
    MFF_IP_FRAG,                /* u8: FLOW_NW_FRAG_* bits. */

    /* ARP and RARP. */
    MFF_ARP_OP,                 /* be16. */
    MFF_ARP_SPA,                /* be32. */
    MFF_ARP_TPA,                /* be32. */
    MFF_ARP_SHA,                /* mac. */
    MFF_ARP_THA,                /* mac. */

    /* Layer 4. */
    MFF_TCP_SRC,                /* be16. */
    MFF_TCP_DST,                /* be16. */
    MFF_TCP_FLAGS,              /* be16: 12 bits. */
    MFF_UDP_SRC,                /* be16. */
    MFF_UDP_DST,                /* be16. */
    MFF_SCTP_SRC,               /* be16. */
    MFF_SCTP_DST,               /* be16. */
    MFF_ICMPV4_TYPE,            /* u8. */
    MFF_ICMPV4_CODE,            /* u8. */
    MFF_ICMPV6_TYPE,            /* u8. */
    MFF_ICMPV6_CODE,            /* u8. */

    /* IPv6 neighbour discovery. */
    MFF_ND_TARGET,              /* ipv6. */
    MFF_ND_SLL,                 /* mac. */
    MFF_ND_TLL,                 /* mac. */

    MFF_N_IDS
};

/* A field's value or mask (see "Values" above). */
union mf_value {
    uint8_t u8;
    be16 be16;
    be32 be32;
    be64 be64;
    struct eth_addr mac;
    struct in6_addr ipv6;
    uint8_t b[16];
};

/* A value or mask of up to 128 bits, right-aligned in network byte order
 * (the least significant bit is bit 0 of u8[15]). */
union mf_subvalue {
    uint8_t u8[16];
    be64 be64[2];
};
BUILD_ASSERT_DECL(sizeof(union mf_subvalue) == 16);

/* What a field needs the rest of the match to say before it means
 * anything.  The ids of the checks are in mf_are_prereqs_ok(). */
enum mf_prereqs {
    MFP_NONE,
    MFP_VLAN_VID,               /* A VLAN tag is present. */
    MFP_ARP,                    /* dl_type is ARP (0x0806) or RARP. */
    MFP_IPV4,                   /* dl_type 0x0800. */
    MFP_IPV6,                   /* dl_type 0x86dd. */
    MFP_IP_ANY,                 /* IPv4 or IPv6. */
    MFP_MPLS,                   /* dl_type 0x8847 or 0x8848. */
    MFP_TCP,                    /* IPv4 or IPv6, nw_proto 6. */
    MFP_UDP,                    /* IPv4 or IPv6, nw_proto 17. */
    MFP_SCTP,                   /* IPv4 or IPv6, nw_proto 132. */
    MFP_ICMPV4,                 /* IPv4, nw_proto 1. */
    MFP_ICMPV6,                 /* IPv6, nw_proto 58. */
    MFP_ND,                     /* ICMPv6 type 135 or 136, code 0. */
    MFP_ND_SOLICIT,             /* ICMPv6 type 135, code 0. */
    MFP_ND_ADVERT,              /* ICMPv6 type 136, code 0. */
};

/* How a field's value is written in ovs-ofctl syntax. */
enum mf_string {
    MFS_DECIMAL,
    MFS_HEXADECIMAL,
    MFS_ETHERNET,               /* 00:11:22:33:44:55. */
    MFS_IPV4,                   /* 10.0.0.1, 10.0.0.0/8. */
    MFS_IPV6,                   /* 2001:db8::1, 2001:db8::/32. */
    MFS_OFP_PORT,               /* 1, LOCAL, CONTROLLER, ... */
    MFS_FRAG,                   /* no, yes, first, later, not_later. */
    MFS_TCP_FLAGS,              /* +syn-ack, or 0x012/0xfff. */
};

/* A field's descriptor. */
struct mf_field {
    enum mf_field_id id;
    const char *name;           /* Preferred name, e.g. "ip_dst". */
    const char *extra_name;     /* Other name ("nw_dst") or NULL. */
    unsigned int n_bytes;       /* Width of the value in union mf_value. */
    unsigned int n_bits;        /* Meaningful bits (the low ones). */
    bool maskable;              /* May a match mask it arbitrarily? */
    bool writable;              /* May set-field/load/move write it? */
    enum mf_string string;      /* Text syntax of values. */
    enum mf_prereqs prereqs;

    /* Headers (see nx-match.h for the layout): the NXM_* header, the
     * OXM_OF_* (or other OXM class) header and the OpenFlow version that
     * defined the latter; 0 for "none".  hasmask is 0, length n_bytes
     * (in_port's NXM header has length 2: it is the 16-bit port). */
    uint32_t nxm_header;
    const char *nxm_name;       /* "NXM_OF_IP_DST" or NULL. */
    uint32_t oxm_header;
    const char *oxm_name;       /* "OXM_OF_IPV4_DST" or NULL. */
    uint8_t oxm_version;        /* enum ofp_version, 0 if no OXM. */
};

/* A bit range of a field. */
struct mf_subfield {
    const struct mf_field *field;
    unsigned int ofs;           /* Least significant bit, 0-based. */
    unsigned int n_bits;        /* At least 1. */
};

/* Returns the descriptor of field ID, which must be < MFF_N_IDS. */
const struct mf_field *mf_from_id(enum mf_field_id id);

/* Returns the field that NAME names, or NULL.  Accepts every name
 * ovs-ofctl accepts for a field: "ip_dst", "nw_dst", "NXM_OF_IP_DST",
 * "OXM_OF_IPV4_DST", "reg0", "NXM_NX_REG0", "xreg0", "in_port_oxm", ...;
 * the NXM and OXM names are case-insensitive, the others are not. */
const struct mf_field *mf_from_name(const char *name);

/* Like mf_from_name() for the first LEN bytes of NAME. */
const struct mf_field *mf_from_name_len(const char *name, size_t len);

/* Stores FIELD's value in FLOW into *VALUE (zeroing the bytes of *VALUE
 * beyond the field's width). */
void mf_get_value(const struct mf_field *field, const struct oflow *flow,
                  union mf_value *value);

/* Stores VALUE into FIELD of FLOW; does not touch the prerequisite
 * fields.  Setting vlan_vid or dl_vlan on a flow without a tag, or a
 * nonzero vlan_tci, marks the tag present (tpid 0x8100 unless one is
 * already there); a VLAN id or TCI without the present bit removes it. */
void mf_set_flow_value(const struct mf_field *field,
                       const union mf_value *value, struct oflow *flow);

/* Stores FIELD's mask in MATCH into *MASK. */
void mf_get_mask(const struct mf_field *field, const struct match *match,
                 union mf_value *mask);

/* Sets FIELD in MATCH to VALUE under MASK (MASK NULL: exact), replacing
 * what MATCH said about FIELD; VALUE is masked.  An all-zero MASK makes
 * the field wildcarded (see mf_set_wild()).  The VLAN views set the
 * "present" bit's match as ovs-ofctl does: "dl_vlan=10" matches only
 * tagged packets, "vlan_tci=0" only untagged ones. */
void mf_set(const struct mf_field *field, const union mf_value *value,
            const union mf_value *mask, struct match *match);

/* Makes FIELD wildcarded in MATCH. */
void mf_set_wild(const struct mf_field *field, struct match *match);

/* Returns true if MATCH wildcards FIELD completely. */
bool mf_is_all_wild(const struct mf_field *field, const struct match *match);

/* Returns true if VALUE has no bits set beyond FIELD's n_bits (and, for
 * vlan_tci, dl_vlan and the like, is a value the field can hold). */
bool mf_is_value_valid(const struct mf_field *field,
                       const union mf_value *value);

/* Returns true if MASK is a mask FIELD accepts: all-ones over its bits,
 * or anything within its bits for a maskable field. */
bool mf_is_mask_valid(const struct mf_field *field,
                      const union mf_value *mask);

/* Returns true if FLOW satisfies FIELD's prerequisites (e.g. ip_dst needs
 * dl_type=0x0800). */
bool mf_are_prereqs_ok(const struct mf_field *field,
                       const struct oflow *flow);

/* Returns true if MATCH matches FIELD's prerequisites exactly: the flow
 * values are right and their masks select them (what OpenFlow 1.2+ and
 * ovs-ofctl --strict require). */
bool mf_are_match_prereqs_ok(const struct mf_field *field,
                             const struct match *match);

/* Sets in MASK the bits of FIELD and of the fields its prerequisites
 * look at (for translation's megaflow mask). */
void mf_mask_field_and_prereqs(const struct mf_field *field,
                               struct oflow *mask);

/* Parses S, a value for FIELD in ovs-ofctl syntax, into *VALUE: "10.0.0.1",
 * "0x800", "00:11:22:33:44:55", "LOCAL" for ports, "first"/"later"/"no"/
 * "yes"/"not_later" for ip_frag, "+syn-ack" for tcp_flags.  A mask is not
 * allowed here (see mf_parse()).  Returns NULL, or a malloc'd error that
 * names the field. */
char *mf_parse_value(const struct mf_field *field, const char *s,
                     union mf_value *value);

/* Parses S, "value" or "value/mask" for FIELD ("10.0.0.0/8",
 * "0x5/0xff", "+syn-ack" which implies its own mask), into *VALUE and
 * *MASK (all-ones for a plain value).  Rejects masks on fields that are
 * not maskable unless all-ones.  Returns NULL or a malloc'd error. */
char *mf_parse(const struct mf_field *field, const char *s,
               union mf_value *value, union mf_value *mask);

/* Appends VALUE of FIELD under MASK (NULL: exact) to DS as ovs-ofctl
 * prints it: "10.0.0.0/8", "0x5/0xff", "LOCAL", "+syn-ack", "later". */
void mf_format(const struct mf_field *field, const union mf_value *value,
               const union mf_value *mask, struct ds *ds);

/* Parses a subfield from *SP ("NXM_OF_ETH_SRC[]", "NXM_NX_REG0[0..15]",
 * "reg0[5]", "eth_dst[]", or a bare field name meaning the whole field)
 * into *SF and advances *SP past it.  Returns NULL or a malloc'd error;
 * on error *SP is unchanged. */
char *mf_parse_subfield(struct mf_subfield *sf, const char **sp);

/* Appends SF to DS in the form ovs-ofctl prints it: the field's NXM or
 * OXM name (or its plain name if it has neither) then "[]" for the whole
 * field, "[OFS]" for one bit or "[OFS..END]". */
void mf_format_subfield(const struct mf_subfield *sf, struct ds *ds);

/* Returns true if SF lies within its field. */
bool mf_subfield_is_valid(const struct mf_subfield *sf);

/* Stores SF's bits of FLOW, right-aligned, in *SV (other bits zero). */
void mf_read_subfield(const struct mf_subfield *sf, const struct oflow *flow,
                      union mf_subvalue *sv);

/* Writes the low n_bits of VALUE into the subfield SF of MATCH's flow and
 * sets those mask bits. */
void mf_write_subfield(const struct mf_subfield *sf,
                       const union mf_subvalue *value, struct match *match);

/* Writes the low n_bits of VALUE into the subfield SF of FLOW
 * (translation of load and move). */
void mf_write_subfield_flow(const struct mf_subfield *sf,
                            const union mf_subvalue *value,
                            struct oflow *flow);

/* Converts between a field-width value and a right-aligned subvalue. */
void mf_value_to_subvalue(const struct mf_field *field,
                          const union mf_value *value,
                          union mf_subvalue *sv);
void mf_subvalue_to_value(const struct mf_field *field,
                          const union mf_subvalue *sv,
                          union mf_value *value);

/* Parses an OpenFlow port name or number as ovs-ofctl accepts it: a
 * decimal or 0x number, or IN_PORT, TABLE, NORMAL, FLOOD, ALL,
 * CONTROLLER, LOCAL, ANY (also NONE), UNSET.  OpenFlow 1.0 reserved
 * numbers 0xfff8 to 0xffff are taken as their 32-bit forms.  Returns
 * true on success. */
bool mf_parse_ofp_port(const char *s, uint32_t *port);

/* Appends PORT as ovs-ofctl prints it: a reserved name or decimal. */
void mf_format_ofp_port(uint32_t port, struct ds *ds);

#endif /* meta-flow.h */

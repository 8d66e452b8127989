/*
 * ofp-actions: OpenFlow actions and instructions in a version-independent
 * form ("ofpacts"), their wire codecs for OpenFlow 1.0 to 1.5 and the
 * Nicira extensions, their ovs-ofctl text syntax and their validation.
 *
 * Representation.  An ofpact list is a byte array (usually the data of a
 * struct buffer) of variable-length actions, each starting with a
 * 'struct ofpact' header (type, raw form, length).  The length counts the
 * header, the payload and the zero padding that rounds every action up to
 * a multiple of OFPACT_ALIGN (8) bytes, so that the next one is aligned;
 * a list must itself start OFPACT_ALIGN-aligned (malloc'd memory is).
 * OFPACT_FOR_EACH walks a list.  An empty list means "drop".
 *
 * Instructions are ofpacts too.  A list is, in this order: an optional
 * METER, the actions of the apply-actions instruction (the bare actions),
 * then at most one each of CLEAR_ACTIONS, WRITE_ACTIONS (which nests an
 * action list), WRITE_METADATA and GOTO_TABLE.  OpenFlow 1.0 has no
 * instructions: its action list is the bare actions; encoding a list for
 * OpenFlow 1.0 writes GOTO_TABLE as Nicira resubmit(,TABLE) and
 * WRITE_METADATA as Nicira write_metadata, and leaves out METER,
 * CLEAR_ACTIONS and WRITE_ACTIONS, which it cannot express (as Open
 * vSwitch does).  OpenFlow 1.5 has no meter instruction: METER is encoded
 * as the OFPAT_METER action at the start of the apply-actions.
 *
 * The "raw" byte of the header records the form an action was written
 * in where two forms mean the same (OFPACT_RAW_*): "load" versus
 * "set_field", OpenFlow 1.0's "strip_vlan" versus 1.1's "pop_vlan", and
 * OpenFlow 1.1's set_vlan_vid/set_vlan_pcp versus OpenFlow 1.0's
 * mod_vlan_vid/mod_vlan_pcp.  Printing follows it, so that text printed
 * for a decoded list matches what ovs-ofctl prints for the same message.
 * Encoding prefers it when the version has that form.
 *
 * Wire codecs.  Decoders take OpenFlow actions or instructions of a given
 * version and append ofpacts to a caller's buffer; they return 0 or the
 * exact OFPERR_OFPBAC_* / OFPERR_OFPBIC_* (or OFPBMC_* for a bad OXM in
 * set_field) error that Open vSwitch returns for the malformed input.
 * Encoders append the version's form; an action the version lacks is
 * written as the Nicira extension when one exists.
 *
 * Validation: ofpacts_check() checks a decoded or parsed list against a
 * context (match, number of ports, current table), fixing up what the
 * match implies (whether a VLAN tag is already there for mod_vlan_vid).
 *
 * Text: ofpacts_parse() accepts what ovs-ofctl accepts after "actions=";
 * ofpacts_format() prints what ovs-ofctl prints.
 *
 * Ownership and thread safety: a list is plain bytes owned by whoever
 * holds its buffer.  set_field, move, load and output:reg actions point to
 * the field registry's constant descriptors (meta-flow.h), so a list may be
 * copied with memcpy() and read by any number of threads at once.  All
 * functions are reentrant.
 */
#ifndef SLUICE_OFP_ACTIONS_H
#define SLUICE_OFP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "meta-flow.h"
#include "ofp-errors.h"
#include "openflow.h"
#include "packets.h"
#include "util.h"

struct buffer;
struct ds;
struct match;

/* Every action's length is a multiple of this. */
#define OFPACT_ALIGN 8

enum ofpact_type {
    /* Output. */
    OFPACT_OUTPUT = 1,          /* struct ofpact_output. */
    OFPACT_CONTROLLER,          /* struct ofpact_controller. */
    OFPACT_ENQUEUE,             /* struct ofpact_enqueue. */
    OFPACT_OUTPUT_REG,          /* struct ofpact_output_reg. */
    OFPACT_GROUP,               /* struct ofpact_group. */
    OFPACT_RESUBMIT,            /* struct ofpact_resubmit. */

    /* Queues. */
    OFPACT_SET_QUEUE,           /* struct ofpact_queue. */
    OFPACT_POP_QUEUE,           /* struct ofpact (no payload). */

    /* VLAN. */
    OFPACT_PUSH_VLAN,           /* struct ofpact_push_vlan. */
    OFPACT_STRIP_VLAN,          /* struct ofpact; raw: STRIP_VLAN or
                                 * POP_VLAN. */
    OFPACT_SET_VLAN_VID,        /* struct ofpact_vlan_vid. */
    OFPACT_SET_VLAN_PCP,        /* struct ofpact_vlan_pcp. */

    /* The OpenFlow 1.0 and 1.1 "set" actions. */
    OFPACT_SET_ETH_SRC,         /* struct ofpact_mac. */
    OFPACT_SET_ETH_DST,         /* struct ofpact_mac. */
    OFPACT_SET_IPV4_SRC,        /* struct ofpact_ipv4. */
    OFPACT_SET_IPV4_DST,        /* struct ofpact_ipv4. */
    OFPACT_SET_IP_DSCP,         /* struct ofpact_u8: TOS byte form. */
    OFPACT_SET_IP_ECN,          /* struct ofpact_u8: low 2 bits. */
    OFPACT_SET_IP_TTL,          /* struct ofpact_u8. */
    OFPACT_SET_L4_SRC_PORT,     /* struct ofpact_l4_port. */
    OFPACT_SET_L4_DST_PORT,     /* struct ofpact_l4_port. */

    /* Fields. */
    OFPACT_SET_FIELD,           /* struct ofpact_set_field; raw: SET_FIELD
                                 * or LOAD. */
    OFPACT_REG_MOVE,            /* struct ofpact_reg_move. */

    /* TTLs. */
    OFPACT_DEC_TTL,             /* struct ofpact_cnt_ids. */
    OFPACT_SET_MPLS_TTL,        /* struct ofpact_u8. */
    OFPACT_DEC_MPLS_TTL,        /* struct ofpact (no payload). */

    /* Other. */
    OFPACT_NOTE,                /* struct ofpact_note. */

    /* Instructions, in the order a list must have them (see above; the
     * bare actions come between METER and CLEAR_ACTIONS). */
    OFPACT_METER,               /* struct ofpact_meter. */
    OFPACT_CLEAR_ACTIONS,       /* struct ofpact (no payload). */
    OFPACT_WRITE_ACTIONS,       /* struct ofpact_nest. */
    OFPACT_WRITE_METADATA,      /* struct ofpact_metadata. */
    OFPACT_GOTO_TABLE,          /* struct ofpact_goto_table. */
};

#define OFPACT_N_TYPES (OFPACT_GOTO_TABLE + 1)

/* The form an action was written in (struct ofpact's 'raw'), where two
 * forms mean the same.  OFPACT_RAW_DEFAULT is every other action's. */
enum ofpact_raw {
    OFPACT_RAW_DEFAULT = 0,
    OFPACT_RAW_STRIP_VLAN,      /* OpenFlow 1.0 "strip_vlan". */
    OFPACT_RAW_POP_VLAN,        /* OpenFlow 1.1+ "pop_vlan". */
    OFPACT_RAW_SET_FIELD,       /* "set_field". */
    OFPACT_RAW_LOAD,            /* Nicira "load". */
    OFPACT_RAW_OF11_SET_VLAN,   /* OpenFlow 1.1 set_vlan_vid/pcp. */
};

/* The header of every action. */
struct ofpact {
    uint8_t type;               /* enum ofpact_type. */
    uint8_t raw;                /* enum ofpact_raw. */
    uint16_t len;               /* Bytes, with header and padding. */
};
BUILD_ASSERT_DECL(sizeof(struct ofpact) == 4);

/* OFPACT_OUTPUT. */
struct ofpact_output {
    struct ofpact ofpact;
    uint32_t port;              /* Port or reserved port (not CONTROLLER,
                                 * which is OFPACT_CONTROLLER). */
    uint16_t max_len;           /* Bytes to send to the controller (unused
                                 * for other ports, kept for the wire). */
};

/* The packet-in reasons that a controller action may give. */
enum ofp_packet_in_reason {
    OFPR_NO_MATCH = 0,
    OFPR_ACTION = 1,
    OFPR_INVALID_TTL = 2,
    OFPR_ACTION_SET = 3,
    OFPR_GROUP = 4,
    OFPR_PACKET_OUT = 5,
};

/* OFPACT_CONTROLLER: send to the controller. */
struct ofpact_controller {
    struct ofpact ofpact;
    uint16_t max_len;           /* Bytes of the packet to send. */
    uint16_t controller_id;     /* 0: every controller. */
    uint8_t reason;             /* enum ofp_packet_in_reason. */
};

/* OFPACT_ENQUEUE: output to a port's queue (OpenFlow 1.0). */
struct ofpact_enqueue {
    struct ofpact ofpact;
    uint32_t port;
    uint32_t queue;
};

/* OFPACT_OUTPUT_REG: output to the port in a subfield. */
struct ofpact_output_reg {
    struct ofpact ofpact;
    uint16_t max_len;
    struct mf_subfield src;
};

/* OFPACT_GROUP. */
struct ofpact_group {
    struct ofpact ofpact;
    uint32_t group_id;
};

/* OFPACT_RESUBMIT: look the packet up again in another table, as if it
 * had come in on another port.  OFPP_IN_PORT and 0xff mean "the same". */
struct ofpact_resubmit {
    struct ofpact ofpact;
    uint32_t in_port;
    uint8_t table_id;           /* 0xff: the current table. */
};

/* OFPACT_SET_QUEUE. */
struct ofpact_queue {
    struct ofpact ofpact;
    uint32_t queue_id;
};

/* OFPACT_PUSH_VLAN. */
struct ofpact_push_vlan {
    struct ofpact ofpact;
    be16 ethertype;             /* 0x8100 or 0x88a8. */
};

/* OFPACT_SET_VLAN_VID and OFPACT_SET_VLAN_PCP.  'push_vlan_if_needed'
 * (OpenFlow 1.0 semantics and the mod_vlan_* text) adds a tag when the
 * packet has none; OpenFlow 1.1+ encodings then write an explicit
 * push_vlan, unless ofpacts_check() found a tag in the match
 * ('flow_has_vlan'). */
struct ofpact_vlan_vid {
    struct ofpact ofpact;
    uint16_t vlan_vid;          /* 0 to 4095. */
    bool push_vlan_if_needed;
    bool flow_has_vlan;
};

struct ofpact_vlan_pcp {
    struct ofpact ofpact;
    uint8_t vlan_pcp;           /* 0 to 7. */
    bool push_vlan_if_needed;
    bool flow_has_vlan;
};

/* OFPACT_SET_ETH_SRC and OFPACT_SET_ETH_DST. */
struct ofpact_mac {
    struct ofpact ofpact;
    struct eth_addr mac;
};

/* OFPACT_SET_IPV4_SRC and OFPACT_SET_IPV4_DST. */
struct ofpact_ipv4 {
    struct ofpact ofpact;
    be32 ipv4;
};

/* OFPACT_SET_IP_DSCP (the TOS byte with ECN bits zero), OFPACT_SET_IP_ECN,
 * OFPACT_SET_IP_TTL and OFPACT_SET_MPLS_TTL. */
struct ofpact_u8 {
    struct ofpact ofpact;
    uint8_t value;
};

/* OFPACT_SET_L4_SRC_PORT and OFPACT_SET_L4_DST_PORT. */
struct ofpact_l4_port {
    struct ofpact ofpact;
    uint16_t port;
    uint8_t flow_ip_proto;      /* The match's nw_proto, set by
                                 * ofpacts_check(), to pick the OXM field
                                 * (tcp_src, udp_src, sctp_src). */
};

/* OFPACT_SET_FIELD: field = (field & ~mask) | value.  'value' has no bits
 * outside 'mask', and 'mask' none outside the field's n_bits (a set of the
 * whole field has exactly the field's n_bits set in 'mask').  A "load" to
 * a subfield is a set_field whose mask covers the subfield's bits. */
struct ofpact_set_field {
    struct ofpact ofpact;
    const struct mf_field *field;
    union mf_value value;
    union mf_value mask;
};

/* OFPACT_REG_MOVE: copy src's bits to dst (same n_bits). */
struct ofpact_reg_move {
    struct ofpact ofpact;
    struct mf_subfield src;
    struct mf_subfield dst;
};

/* OFPACT_DEC_TTL: the controller ids to send a packet-in with reason
 * invalid_ttl when the TTL runs out (plain "dec_ttl" is the one id 0). */
struct ofpact_cnt_ids {
    struct ofpact ofpact;
    uint16_t n_controllers;
    bool ids_given;             /* Written as dec_ttl(ids). */
    uint8_t pad;
    uint16_t cnt_ids[];
};
BUILD_ASSERT_DECL(offsetof(struct ofpact_cnt_ids, cnt_ids)
                  == OFPACT_ALIGN);

/* OFPACT_NOTE: opaque bytes. */
struct ofpact_note {
    struct ofpact ofpact;
    uint16_t length;            /* Bytes in 'data'. */
    uint8_t pad[2];
    uint8_t data[];
};
BUILD_ASSERT_DECL(offsetof(struct ofpact_note, data) == OFPACT_ALIGN);

/* OFPACT_METER. */
struct ofpact_meter {
    struct ofpact ofpact;
    uint32_t meter_id;
};

/* OFPACT_WRITE_ACTIONS: the nested action list follows the header and
 * fills the rest of the action. */
struct ofpact_nest {
    struct ofpact ofpact;
    uint8_t pad[4];
    /* Followed by the nested actions. */
};
BUILD_ASSERT_DECL(sizeof(struct ofpact_nest) == OFPACT_ALIGN);

/* OFPACT_WRITE_METADATA. */
struct ofpact_metadata {
    struct ofpact ofpact;
    be64 metadata;
    be64 mask;
};

/* OFPACT_GOTO_TABLE. */
struct ofpact_goto_table {
    struct ofpact ofpact;
    uint8_t table_id;
};

/* Returns the nested list of a WRITE_ACTIONS action and its size. */
static inline const struct ofpact *
ofpact_nest_actions(const struct ofpact *a)
{
    return (const struct ofpact *) (const void *)
           ((const char *) a + sizeof(struct ofpact_nest));
}

static inline size_t
ofpact_nest_size(const struct ofpact *a)
{
    return a->len - sizeof(struct ofpact_nest);
}

/* Returns the action after A. */
static inline const struct ofpact *
ofpact_next(const struct ofpact *a)
{
    return (const void *) ((const char *) a + a->len);
}

/* Iterates A (declared by the macro) over the LEN-byte list at OFPACTS.
 * The list must be well formed (from a decoder, the parser or the
 * ofpact_put_*() builders). */
#define OFPACT_FOR_EACH(A, OFPACTS, LEN)                                \
    for (const struct ofpact *A = (const void *) (OFPACTS),             \
             *A##_end__ = (const void *) ((const char *) (OFPACTS)      \
                                          + (LEN));                     \
         A < A##_end__; A = ofpact_next(A))

/* Returns the name of TYPE as the text syntax spells it ("output",
 * "set_field", "goto_table", ...), or NULL for an unknown type. */
const char *ofpact_type_name(enum ofpact_type type);

/* Returns true if TYPE is an instruction other than apply-actions. */
bool ofpact_is_instruction(enum ofpact_type type);

/* Building.  ofpact_put() appends an action of TYPE with a zeroed payload
 * of SIZE bytes (the size of the type's struct, header included) and
 * returns it; the caller fills the payload.  Appending may move B's data:
 * earlier pointers into it are then stale.  ofpact_finish() pads and fixes
 * the length of the last action after its variable-length tail (note,
 * DEC_TTL ids, WRITE_ACTIONS' nested list) has been appended to B; pass the
 * action's offset in B.  It returns false, removing the action from B, if
 * the action would exceed 65535 bytes. */
struct ofpact *ofpact_put(struct buffer *b, enum ofpact_type type,
                          size_t size);
bool ofpact_finish(struct buffer *b, size_t offset)
    SLUICE_WARN_UNUSED_RESULT;

/* Decoding.  Each appends to OFPACTS (which it may move) and returns 0 or
 * an error; on error OFPACTS is left as it was. */

/* Decodes the SIZE bytes at ACTIONS, OpenFlow VERSION actions. */
enum ofperr ofpacts_decode_actions(const void *actions, size_t size,
                                   enum ofp_version version,
                                   struct buffer *ofpacts);

/* Decodes the SIZE bytes at INSTS, OpenFlow VERSION (1.1+) instructions;
 * for OpenFlow 1.0 the same as ofpacts_decode_actions(). */
enum ofperr ofpacts_decode_instructions(const void *insts, size_t size,
                                        enum ofp_version version,
                                        struct buffer *ofpacts);

/* Encoding.  Each appends the encoding of the LEN-byte list OFPACTS in
 * VERSION to B and returns the number of bytes appended.  A list given to
 * ofpacts_encode_actions() must not have instructions (they are ignored,
 * but GOTO_TABLE and WRITE_METADATA in OpenFlow 1.0, see the top of this
 * file). */
size_t ofpacts_encode_actions(const void *ofpacts, size_t len,
                              enum ofp_version version, struct buffer *b);
size_t ofpacts_encode_instructions(const void *ofpacts, size_t len,
                                   enum ofp_version version,
                                   struct buffer *b);

/* Validation context for ofpacts_check(). */
struct ofpact_check_params {
    struct match *match;        /* The rule's match, or NULL: no
                                 * prerequisite checks.  Not changed. */
    uint32_t max_ports;         /* Ordinary ports are below this. */
    uint8_t table_id;           /* Table of the rule (goto_table must go
                                 * beyond it); 0xff: none. */
    uint8_t n_tables;           /* Tables 0 to n_tables - 1 exist. */
};

/* Checks the LEN-byte list OFPACTS (which it may update as the top of
 * this file says) against PARAMS.  Returns 0 or the first error:
 * ofpacts_verify_order()'s errors; OFPBAC_BAD_OUT_PORT for an output or
 * enqueue to a port that is neither below max_ports nor a reserved port
 * that may be output to (ANY may not); OFPBIC_BAD_TABLE_ID for goto_table
 * to a table that does not exist or does not come after the rule's;
 * OFPBRC_BAD_TABLE_ID for resubmit to a table that does not exist;
 * OFPBAC_MATCH_INCONSISTENT for an action whose prerequisites the match (as
 * changed by earlier actions: push_vlan, pop_vlan) does not meet
 * (set_field, load, move, output:reg, mod_nw_*, mod_tp_*, pop_vlan and
 * OpenFlow 1.1's set_vlan_* without a tag, MPLS TTL actions);
 * OFPBAC_BAD_SET_ARGUMENT for a move or output:reg beyond its field. */
enum ofperr ofpacts_check(void *ofpacts, size_t len,
                          const struct ofpact_check_params *params);

/* Checks that the list is in instruction order and has each instruction at
 * most once.  Returns 0 or OFPBIC_UNSUP_INST (bad order) or
 * OFPBIC_DUP_INST. */
enum ofperr ofpacts_verify_order(const void *ofpacts, size_t len);

/* Text. */

/* Parses S, the text after "actions=" in ovs-ofctl's syntax, appending to
 * OFPACTS.  Returns NULL or a malloc'd error message naming the action
 * and the reason, which the caller frees; on error OFPACTS is left as it
 * was. */
char *ofpacts_parse(const char *s, struct buffer *ofpacts)
    SLUICE_WARN_UNUSED_RESULT;

/* Appends the LEN-byte list OFPACTS to DS as ovs-ofctl prints it ("drop"
 * for an empty list). */
void ofpacts_format(const void *ofpacts, size_t len, struct ds *ds);

/* Returns true if A and B, lists of A_LEN and B_LEN bytes, are the same. */
bool ofpacts_equal(const void *a, size_t a_len, const void *b, size_t b_len);

/* Returns true if the LEN-byte list OFPACTS outputs to PORT (unless PORT
 * is OFPP_ANY) or to group GROUP (unless GROUP is OFPG_ANY), write_actions
 * included; for flow_mod's out_port and out_group filters.  An output:reg
 * matches no port. */
bool ofpacts_output_to(const void *ofpacts, size_t len, uint32_t port,
                       uint32_t group);

#endif /* ofp-actions.h */

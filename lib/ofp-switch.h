/*
 * ofp-switch: OpenFlow messages about the switch as a whole, in every
 * version from OpenFlow 1.0 to 1.5, and their text form as ovs-ofctl
 * prints it:
 *
 *   - echo request and reply (with their payload), barrier request and
 *     reply, features request;
 *   - features reply (datapath id, buffers, tables, auxiliary id,
 *     capabilities, OpenFlow 1.0's action bitmap, and for OpenFlow 1.0 to
 *     1.2 the port list, which ofp-port encodes and decodes);
 *   - get-config request and reply, set-config (fragment handling,
 *     invalid-TTL flag, miss_send_len);
 *   - description statistics request and reply;
 *   - role request and reply (OpenFlow 1.2+ OFPT_ROLE_*, and Nicira's
 *     NXT_ROLE_* which OpenFlow 1.0 and 1.1 need), role status (1.4+);
 *   - get-async request and reply and set-async (OpenFlow 1.3's masks,
 *     1.4's properties, Nicira's NXT_SET_ASYNC_CONFIG and
 *     NXT_SET_ASYNC_CONFIG2), in one version-independent struct;
 *   - NXT_SET_CONTROLLER_ID.
 *
 * Encoders return a whole new message (ofp-msgs frames it); the caller
 * owns it and frees it with buffer_delete().  Encoding a message that the
 * version does not have, or values that the wire cannot carry where a
 * comment says "must", is a programming error and aborts.
 *
 * Decoders take a whole message OH whose ntohs(OH->length) bytes the
 * caller holds.  They check its framing with ofp-msgs (returning the
 * OFPERR_OFPBRC_* error that ofpraw_decode() gives, and
 * OFPERR_OFPBRC_BAD_TYPE if OH is not a message the decoder is for) and
 * then its body, returning 0 or the error the specification gives.  On
 * error the outputs are unspecified.  Decoders never print.
 *
 * Text: the *_format() functions append what "ovs-ofctl ofp-print" prints
 * for a message after its "NAME (OF1.x) (xid=0x0):" label, as in ofp-port;
 * the printer of whole messages joins the two and ends the text with a
 * newline if it does not already end with one.
 *
 * Thread safety: every function here may be called from any thread; the
 * objects passed belong to the caller.
 */
#ifndef SLUICE_OFP_SWITCH_H
#define SLUICE_OFP_SWITCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-errors.h"
#include "openflow.h"
#include "packets.h"

struct buffer;
struct ds;

/* Echo, barrier, features request. */

/* Returns a new echo request in VERSION with a fresh xid, carrying the
 * SIZE bytes at PAYLOAD (which may be NULL if SIZE is 0). */
struct buffer *ofp_encode_echo_request(enum ofp_version version,
                                       const void *payload, size_t size);

/* Returns a new echo reply to echo request REQUEST: its version, its xid
 * and a copy of its payload. */
struct buffer *ofp_encode_echo_reply(const struct ofp_header *request);

/* Decodes echo request or reply OH: stores in *PAYLOAD and *SIZE its
 * payload (pointing into OH). */
enum ofperr ofp_decode_echo(const struct ofp_header *oh,
                            const void **payload, size_t *size);

/* Appends the text of an echo request or reply carrying the SIZE bytes at
 * PAYLOAD to S: " N bytes of payload" and a hex dump. */
void ofp_echo_format(struct ds *s, const void *payload, size_t size);

/* Returns a new barrier request in VERSION with a fresh xid. */
struct buffer *ofp_encode_barrier_request(enum ofp_version version);

/* Returns a new barrier reply to barrier request REQUEST. */
struct buffer *ofp_encode_barrier_reply(const struct ofp_header *request);

/* Returns a new features request in VERSION with a fresh xid. */
struct buffer *ofp_encode_features_request(enum ofp_version version);

/* Features reply. */

/* Switch capabilities, independent of the version.  Each version's wire
 * form has a subset of them, at bit positions of its own: OpenFlow 1.0
 * has STP in bit 3 where later versions have GROUP_STATS, ARP_MATCH_IP
 * exists in 1.0 and 1.1 only, PORT_BLOCKED from 1.2 on, BUNDLES and
 * FLOW_MONITORING from 1.4 on.  The bit order here is the order in which
 * ovs-ofctl prints them. */
enum ofp_capabilities {
    OFPC_FLOW_STATS      = 1 << 0,
    OFPC_TABLE_STATS     = 1 << 1,
    OFPC_PORT_STATS      = 1 << 2,
    OFPC_STP             = 1 << 3,  /* OpenFlow 1.0 only. */
    OFPC_GROUP_STATS     = 1 << 4,  /* OpenFlow 1.1+ (wire bit 3). */
    OFPC_IP_REASM        = 1 << 5,
    OFPC_QUEUE_STATS     = 1 << 6,
    OFPC_ARP_MATCH_IP    = 1 << 7,  /* OpenFlow 1.0 and 1.1 only. */
    OFPC_PORT_BLOCKED    = 1 << 8,  /* OpenFlow 1.2+. */
    OFPC_BUNDLES         = 1 << 9,  /* OpenFlow 1.4+. */
    OFPC_FLOW_MONITORING = 1 << 10, /* OpenFlow 1.4+. */
};

/* OpenFlow 1.0's action bitmap: bit N set if the switch supports action
 * type N (OFPAT10_OUTPUT = 0 ... OFPAT10_ENQUEUE = 11). */
#define OFP10_ACTIONS_ALL 0xfffu

/* The fixed part of a features reply. */
struct ofp_switch_features {
    uint64_t datapath_id;
    uint32_t n_buffers;         /* Packets the switch can buffer. */
    uint8_t n_tables;           /* Flow tables. */
    uint8_t auxiliary_id;       /* OpenFlow 1.3+: the connection's id. */
    uint32_t capabilities;      /* OFPC_* bits above. */
    uint32_t ofp10_actions;     /* OpenFlow 1.0 only: action bitmap. */
};

/* Returns a new features reply in VERSION with XID that carries FEATURES
 * (those of its capabilities that VERSION has; the auxiliary id from
 * OpenFlow 1.3 on, the action bitmap in OpenFlow 1.0 only) and, in
 * OpenFlow 1.0 to 1.2, the PORTS_SIZE bytes at PORTS: ports already
 * encoded by ofp_port_descs_encode() for VERSION.  From OpenFlow 1.3 on
 * PORTS_SIZE must be 0 (ports are in the port-desc reply). */
struct buffer *ofp_encode_features_reply(
    const struct ofp_switch_features *features, enum ofp_version version,
    be32 xid, const void *ports, size_t ports_size);

/* Decodes features reply OH into *FEATURES, and makes PORTS (uninitialized
 * before) a read-only view of the reply's port list for
 * ofp_port_descs_decode() in OH's version: empty from OpenFlow 1.3 on.
 * Capability bits that OH's version does not define are dropped. */
enum ofperr ofp_decode_features_reply(const struct ofp_header *oh,
                                      struct ofp_switch_features *features,
                                      struct buffer *ports);

/* Appends the text of a features reply in VERSION with FEATURES and the
 * port list PORTS (as ofp_decode_features_reply() gives it; NULL for
 * none) to S: datapath id, tables, buffers, auxiliary id if nonzero,
 * capabilities, OpenFlow 1.0's actions, and the ports sorted by number.
 * Returns 0, or the error decoding the ports gave (S is then unchanged).
 * PORTS itself is not consumed. */
enum ofperr ofp_switch_features_format(
    struct ds *s, const struct ofp_switch_features *features,
    enum ofp_version version, const struct buffer *ports);

/* Switch configuration. */

/* How the switch handles IP fragments (the low two bits of the flags). */
enum ofp_frag_handling {
    OFPC_FRAG_NORMAL = 0,       /* No special handling. */
    OFPC_FRAG_DROP = 1,         /* Drop fragments. */
    OFPC_FRAG_REASM = 2,        /* Reassemble (not supported by Sluice). */
    OFPC_FRAG_NX_MATCH = 3,     /* Nicira: match on fragment fields. */
};

/* The largest miss_send_len that asks for buffering (OpenFlow 1.2+), and
 * the value that asks for the whole packet without buffering. */
#define OFPCML_MAX 0xffe5
#define OFPCML_NO_BUFFER 0xffff

struct ofp_switch_config {
    enum ofp_frag_handling frag;
    bool invalid_ttl_to_controller; /* OpenFlow 1.0 to 1.2 only: send
                                     * packets with an invalid TTL to the
                                     * controller. */
    uint16_t miss_send_len;     /* Bytes of a packet sent on table miss. */
};

/* Returns a new get-config request in VERSION with a fresh xid. */
struct buffer *ofp_encode_get_config_request(enum ofp_version version);

/* Returns a new get-config reply to get-config request REQUEST carrying
 * CONFIG (its invalid-TTL flag dropped from OpenFlow 1.3 on). */
struct buffer *ofp_encode_get_config_reply(
    const struct ofp_header *request, const struct ofp_switch_config *);

/* Returns a new set-config in VERSION with a fresh xid carrying CONFIG (its
 * invalid-TTL flag dropped from OpenFlow 1.3 on). */
struct buffer *ofp_encode_set_config(const struct ofp_switch_config *config,
                                     enum ofp_version version);

/* Decodes set-config OH into *CONFIG.  Returns OFPERR_OFPSCFC_BAD_FLAGS if
 * a flag that OH's version does not define is set (the invalid-TTL flag
 * from OpenFlow 1.3 on).  Every miss_send_len is accepted, as Open
 * vSwitch does; OFPERR_OFPSCFC_BAD_LEN and OFPERR_OFPSCFC_EPERM are left
 * to the switch's policy. */
enum ofperr ofp_decode_set_config(const struct ofp_header *oh,
                                  struct ofp_switch_config *config);

/* Decodes get-config reply OH into *CONFIG, ignoring unknown flags (as a
 * controller does with what a switch reports). */
enum ofperr ofp_decode_get_config_reply(const struct ofp_header *oh,
                                        struct ofp_switch_config *config);

/* Appends the text of a get-config reply or set-config with CONFIG to S:
 * " frags=normal invalid_ttl_to_controller miss_send_len=128". */
void ofp_switch_config_format(struct ds *s,
                              const struct ofp_switch_config *config);

/* Description statistics. */

#define OFP_DESC_STR_LEN 256    /* Bytes of each string on the wire... */
#define OFP_SERIAL_NUM_LEN 32   /* ...but the serial number's. */

/* A switch's description.  On the wire each string is a fixed-size field
 * padded with zeros, with no terminator if it fills the field; here each
 * has room for a full field and a null terminator. */
struct ofp_switch_desc {
    char mfr_desc[OFP_DESC_STR_LEN + 1];     /* Manufacturer. */
    char hw_desc[OFP_DESC_STR_LEN + 1];      /* Hardware. */
    char sw_desc[OFP_DESC_STR_LEN + 1];      /* Software. */
    char serial_num[OFP_SERIAL_NUM_LEN + 1]; /* Serial number. */
    char dp_desc[OFP_DESC_STR_LEN + 1];      /* The datapath, in words. */
};

/* Returns a new description statistics request in VERSION with a fresh
 * xid. */
struct buffer *ofp_encode_desc_stats_request(enum ofp_version version);

/* Returns a new description statistics reply to request REQUEST carrying
 * DESC.  A string longer than its field is cut to the field's size. */
struct buffer *ofp_encode_desc_stats_reply(const struct ofp_header *request,
                                           const struct ofp_switch_desc *);

/* Decodes description statistics reply OH into *DESC. */
enum ofperr ofp_decode_desc_stats_reply(const struct ofp_header *oh,
                                        struct ofp_switch_desc *desc);

/* Appends the text of a description statistics reply with DESC to S: a
 * newline and one "Manufacturer: ..." line per string. */
void ofp_switch_desc_format(struct ds *s, const struct ofp_switch_desc *);

/* Controller roles. */

/* Roles, with OpenFlow 1.2's numbers.  ovs-ofctl prints MASTER as
 * "primary" and SLAVE as "secondary". */
enum ofp_controller_role {
    OFPCR_ROLE_NOCHANGE = 0,    /* Request only: just ask for the role. */
    OFPCR_ROLE_EQUAL = 1,       /* Full access, one of many. */
    OFPCR_ROLE_MASTER = 2,      /* Full access, at most one. */
    OFPCR_ROLE_SLAVE = 3,       /* Read-only access. */
};

/* A role request or reply. */
struct ofp_role_request {
    enum ofp_controller_role role;
    bool have_generation_id;    /* False: no generation id (Nicira forms,
                                 * a request with role NOCHANGE, a reply
                                 * with generation id 0xffff...ff). */
    uint64_t generation_id;
};

/* Returns a new role request in VERSION with a fresh xid carrying RR:
 * Nicira's NXT_ROLE_REQUEST before OpenFlow 1.2 (which has no generation
 * id, and whose ROLE must not be NOCHANGE), OFPT_ROLE_REQUEST from 1.2 on
 * (with generation id 0xffff...ff if RR has none). */
struct buffer *ofp_encode_role_request(const struct ofp_role_request *rr,
                                       enum ofp_version version);

/* Returns a new role reply to role request REQUEST carrying RR, in the
 * request's form (Nicira's or the standard one).  RR's role must not be
 * NOCHANGE for a Nicira request. */
struct buffer *ofp_encode_role_reply(const struct ofp_header *request,
                                     const struct ofp_role_request *rr);

/* Decodes role request or role reply OH, in either form, into *RR.
 * Returns OFPERR_OFPRRFC_BAD_ROLE for a role the form does not have. */
enum ofperr ofp_decode_role_message(const struct ofp_header *oh,
                                    struct ofp_role_request *rr);

/* Appends the text of a role request or reply with RR to S:
 * " role=primary generation_id=5". */
void ofp_role_request_format(struct ds *s, const struct ofp_role_request *);

/* Why a role status message was sent (OpenFlow 1.4+). */
enum ofp_role_reason {
    OFPCRR_MASTER_REQUEST = 0,  /* Another controller asked to be master. */
    OFPCRR_CONFIG = 1,          /* Configuration changed on the switch. */
    OFPCRR_EXPERIMENTER = 2,    /* Experimenter data changed. */
};

/* A role status message (OpenFlow 1.4+). */
struct ofp_role_status {
    enum ofp_controller_role role;
    uint8_t reason;             /* enum ofp_role_reason. */
    uint64_t generation_id;     /* 0xffff...ff: none. */
};

/* Returns a new role status in VERSION (1.4 or later) with xid 0, as
 * asynchronous messages have, carrying RS. */
struct buffer *ofp_encode_role_status(const struct ofp_role_status *rs,
                                      enum ofp_version version);

/* Decodes role status OH into *RS.  Its properties are ignored. */
enum ofperr ofp_decode_role_status(const struct ofp_header *oh,
                                   struct ofp_role_status *rs);

/* Appends the text of a role status with RS to S:
 * " role=secondary generation_id=5 reason=primary_request". */
void ofp_role_status_format(struct ds *s, const struct ofp_role_status *);

/* Asynchronous message configuration. */

/* The kinds of asynchronous messages a controller may ask for. */
enum ofp_async_msg_type {
    OAM_PACKET_IN,              /* Bits: OFPR_* packet-in reasons. */
    OAM_PORT_STATUS,            /* Bits: OFPPR_* port-status reasons. */
    OAM_FLOW_REMOVED,           /* Bits: OFPRR_* flow-removed reasons. */
    OAM_ROLE_STATUS,            /* Bits: OFPCRR_* (OpenFlow 1.4+). */
    OAM_TABLE_STATUS,           /* Bits: OFPTR_* (OpenFlow 1.4+). */
    OAM_REQUESTFORWARD,         /* Bits: OFPRFR_* (OpenFlow 1.4+). */
    OAM_N_TYPES
};

/* Which asynchronous messages a controller receives: for each kind, a
 * bitmap of reasons, bit N for reason number N, for controllers in the
 * master or equal role ('master') and in the slave role ('slave'). */
struct ofp_async_config {
    uint32_t master[OAM_N_TYPES];
    uint32_t slave[OAM_N_TYPES];
};

/* Returns the reason bits that VERSION defines for messages of kind TYPE:
 * packet-in reasons 0 to 2 before OpenFlow 1.4 and 0 to 5 from 1.4 on,
 * port-status reasons 0 to 2, flow-removed reasons 0 to 5, role-status
 * reasons 0 to 2, table-status reasons 3 and 4, request-forward reasons 0
 * and 1. */
uint32_t ofp_async_config_allowed(enum ofp_async_msg_type type,
                                  enum ofp_version version);

/* Returns a new get-async request in VERSION (1.3 or later) with a fresh
 * xid. */
struct buffer *ofp_encode_get_async_request(enum ofp_version version);

/* Returns a new get-async reply to get-async request REQUEST carrying AC:
 * OpenFlow 1.3's three pairs of masks, or from 1.4 on one property per
 * kind and role.  Bits that the version does not define are dropped. */
struct buffer *ofp_encode_get_async_reply(const struct ofp_header *request,
                                          const struct ofp_async_config *ac);

/* Returns a new message in VERSION with a fresh xid that sets the
 * configuration of the kinds in OAMS (a bitmap of 1 << OAM_*) to AC's:
 * from OpenFlow 1.4 on OFPT_SET_ASYNC with one property per kind in OAMS
 * and role; before, if OAMS has only packet-in, port-status and
 * flow-removed, OpenFlow 1.3's OFPT_SET_ASYNC or (1.0 to 1.2) Nicira's
 * NXT_SET_ASYNC_CONFIG, which set all three; otherwise Nicira's
 * NXT_SET_ASYNC_CONFIG2 with properties.  Bits that the version does not
 * define are dropped. */
struct buffer *ofp_encode_set_async_config(const struct ofp_async_config *ac,
                                           uint32_t oams,
                                           enum ofp_version version);

/* Decodes set-async OH (any of the forms above) or get-async reply OH into
 * *AC.  The mask forms set every kind they carry and clear the rest; the
 * property forms start from BASIS and change the kinds their properties
 * name.  If LOOSE (as a controller reading a switch's reply would), bits
 * and properties that the version does not define are ignored;
 * otherwise (as a switch handling a controller's request) they are
 * errors: OFPERR_OFPACFC_INVALID for a bit, OFPERR_OFPACFC_UNSUPPORTED for
 * a property type, OFPERR_OFPBPC_BAD_EXP_TYPE for an experimenter
 * property.  A malformed property is OFPERR_OFPBPC_BAD_LEN even if LOOSE.
 * The mask forms are always read loosely. */
enum ofperr ofp_decode_set_async_config(const struct ofp_header *oh,
                                        bool loose,
                                        const struct ofp_async_config *basis,
                                        struct ofp_async_config *ac);

/* Appends the text of a set-async or get-async reply with AC to S: for the
 * master ("primary") and then the slave ("secondary") role, one line per
 * kind naming its reasons, or "(off)". */
void ofp_async_config_format(struct ds *s, const struct ofp_async_config *);

/* NXT_SET_CONTROLLER_ID. */

/* Returns a new NXT_SET_CONTROLLER_ID in VERSION with a fresh xid that
 * gives the connection controller id ID. */
struct buffer *ofp_encode_set_controller_id(uint16_t id,
                                            enum ofp_version version);

/* Decodes NXT_SET_CONTROLLER_ID OH into *ID. */
enum ofperr ofp_decode_set_controller_id(const struct ofp_header *oh,
                                         uint16_t *id);

/* Appends the text of an NXT_SET_CONTROLLER_ID with ID to S: " id=123". */
void ofp_controller_id_format(struct ds *s, uint16_t id);

#endif /* ofp-switch.h */

/*
 * ofp-flow: OpenFlow flow messages in a version-independent form.
 *
 * A 'struct ofp_flow_mod' is what a flow_mod of any OpenFlow version (or
 * Nicira's NXT_FLOW_MOD) asks for, decoded; the switch (ofproto/) acts on
 * it and sluice-ofctl builds it from ovs-ofctl's flow syntax.  The wire
 * forms live in the codec functions of this module.
 *
 * Ownership: a decoded flow_mod's 'ofpacts' points into a buffer that the
 * caller of the decoder provides and owns (see ofp-actions.h); the struct
 * itself is plain data.
 *
 * Codecs.  Each message has an encoder that takes the protocol
 * (ofp-protocol.h) to speak, or the request being answered, and returns a
 * new message, and a decoder that takes a whole message whose headers
 * ofp-msgs has already checked (its type must be the one the decoder is
 * for) and returns 0 or the OpenFlow error to send back.  Wire forms:
 *
 *   protocol        flow_mod       flow_removed     flow/aggregate stats
 *   OF1.0 std       OFPT_FLOW_MOD  OFPT_FLOW_REMOVED OFPST_FLOW/AGGREGATE
 *   OF1.0 NXM       NXT_FLOW_MOD   NXT_FLOW_REMOVED  NXST_FLOW/AGGREGATE
 *   OF1.1           ofp11 forms with the standard ofp11_match (ofp-match.h)
 *   OF1.2 to 1.4    ofp11 forms with an OXM match (nx-match.h)
 *   OF1.5           flow_mod and stats requests as in 1.4; flow_removed,
 *                   flow stats ("flow description") and aggregate replies
 *                   carry their counters as an OXS list (OpenFlow 1.5.1
 *                   section 7.2.4) after an OXM match
 *
 * OXS lets OpenFlow 1.5 leave a statistic out, and the decoders report a
 * missing one as unknown: UINT32_MAX for durations (seconds and
 * nanoseconds) and flow counts, UINT64_MAX for packet and byte counts, -1
 * for an idle age, as Open vSwitch does.  The encoders leave unknown ones
 * out in turn.  A 1.5 flow stats reply carries a known 'idle_age' as the
 * OXS idle time.
 *
 * With the "table_id" protocols of OpenFlow 1.0 (NXT_FLOW_MOD_TABLE_ID)
 * a flow_mod's table id travels in the high byte of its command.
 *
 * Cookies (as Open vSwitch does them): an add's cookie is 'new_cookie'.
 * OpenFlow 1.0 flow_mods carry only 'new_cookie' (a cookie of all-ones
 * means "keep"), NXM adds a cookie match (NXM_NX_COOKIE_W) for modify and
 * delete, OpenFlow 1.1 and later carry cookie and cookie_mask, except that
 * an OpenFlow 1.1 modify without a mask carries the new cookie.
 *
 * Text.  ofp_parse_flow_mod() reads ovs-ofctl's flow syntax (add-flow,
 * mod-flows, del-flows, dump-flows) and tells which protocols can carry
 * the result; ofp_flow_stats_format() prints a flow as "ovs-ofctl
 * dump-flows" does and ofp_flow_removed_format() as "ovs-ofctl monitor"
 * does.
 */
#ifndef SLUICE_OFP_FLOW_H
#define SLUICE_OFP_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "match.h"
#include "ofp-errors.h"
#include "ofp-protocol.h"
#include "openflow.h"
#include "packets.h"

struct buffer;
struct ds;

/* flow_mod commands: the same numbers in every version. */
enum ofp_flow_mod_command {
    OFPFC_ADD = 0,
    OFPFC_MODIFY = 1,
    OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3,
    OFPFC_DELETE_STRICT = 4,
};

/* flow_mod flags, version-independent (the wire bits differ between
 * OpenFlow 1.0 and later versions; the codec translates). */
enum ofp_flow_mod_flags {
    OFP_FF_SEND_FLOW_REM = 1 << 0,  /* Send flow_removed when removed. */
    OFP_FF_CHECK_OVERLAP = 1 << 1,  /* Refuse an overlapping add. */
    OFP_FF_RESET_COUNTS = 1 << 2,   /* Modify resets the counters. */
    OFP_FF_NO_PKT_COUNTS = 1 << 3,  /* OpenFlow 1.3+: may skip counting. */
    OFP_FF_NO_BYT_COUNTS = 1 << 4,
    OFP_FF_EMERG = 1 << 5,          /* OpenFlow 1.0 only: refused. */
};

/* The cookie value meaning "leave the cookie as it is" in a modify
 * (OpenFlow 1.0's NXM and 1.1+'s modify use new_cookie). */
#define OFP_FLOW_MOD_KEEP_COOKIE UINT64_MAX

struct ofp_flow_mod {
    struct match match;
    int priority;                   /* 0 to 65535. */
    enum ofp_flow_mod_command command;
    uint8_t table_id;               /* OFPTT_ALL: every table (delete) or
                                     * "not given" (OpenFlow 1.0 add and
                                     * modify, which mean table 0). */

    /* Cookies.  For add: 'new_cookie' is the rule's cookie.  For modify
     * and delete: only rules with (cookie & cookie_mask) ==
     * (rule's cookie & cookie_mask) are affected, and modify sets the
     * cookie to 'new_cookie' unless it is OFP_FLOW_MOD_KEEP_COOKIE. */
    be64 cookie;
    be64 cookie_mask;
    be64 new_cookie;

    uint16_t idle_timeout;          /* Seconds; 0: none. */
    uint16_t hard_timeout;
    uint16_t importance;            /* OpenFlow 1.4+. */
    uint32_t buffer_id;             /* OFP_NO_BUFFER: none. */
    uint32_t out_port;              /* Delete filter; OFPP_ANY: none. */
    uint32_t out_group;             /* Delete filter; OFPG_ANY: none. */
    uint32_t flags;                 /* OFP_FF_*. */
    bool modify_may_add;            /* A modify that selects no rule adds
                                     * one (OpenFlow 1.0 and 1.1, when no
                                     * cookie mask is given). */
    bool keep_cookie_on_modify;     /* A modify leaves the rules' cookies
                                     * alone; 'new_cookie' is only for the
                                     * rule it may add (OpenFlow 1.1). */

    /* The actions and instructions (ofp-actions.h), version-independent:
     * empty means drop. */
    const void *ofpacts;
    size_t ofpacts_len;
};

/* Why a rule was removed (flow_removed's reason). */
enum ofp_flow_removed_reason {
    OFPRR_IDLE_TIMEOUT = 0,
    OFPRR_HARD_TIMEOUT = 1,
    OFPRR_DELETE = 2,
    OFPRR_GROUP_DELETE = 3,         /* OpenFlow 1.3+. */
    OFPRR_METER_DELETE = 4,         /* OpenFlow 1.4+. */
    OFPRR_EVICTION = 5,             /* OpenFlow 1.4+. */
};

/* A flow_removed message, decoded. */
struct ofp_flow_removed {
    struct match match;
    be64 cookie;
    int priority;
    enum ofp_flow_removed_reason reason;
    uint8_t table_id;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint64_t packet_count;
    uint64_t byte_count;
};

/* One flow of a flow stats reply, decoded. */
struct ofp_flow_stats {
    struct match match;
    be64 cookie;
    uint8_t table_id;
    int priority;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    int idle_age;                   /* Seconds since last hit; -1 unknown
                                     * (Nicira extension). */
    int hard_age;                   /* Seconds since last modified; -1. */
    uint16_t importance;
    uint32_t flags;                 /* OFP_FF_*. */
    uint64_t packet_count;          /* UINT64_MAX: not counted. */
    uint64_t byte_count;
    const void *ofpacts;
    size_t ofpacts_len;
};

/* A flow or aggregate stats request, decoded: which rules to report. */
struct ofp_flow_stats_request {
    bool aggregate;                 /* Aggregate rather than per flow. */
    struct match match;
    be64 cookie;
    be64 cookie_mask;
    uint32_t out_port;              /* OFPP_ANY: no filter. */
    uint32_t out_group;             /* OFPG_ANY: no filter. */
    uint8_t table_id;               /* OFPTT_ALL: every table. */
};

/* An aggregate stats reply, decoded. */
struct ofp_aggregate_stats {
    uint64_t packet_count;          /* UINT64_MAX: unknown. */
    uint64_t byte_count;
    uint32_t flow_count;            /* UINT32_MAX: unknown (only an
                                     * OpenFlow 1.5 reply can say so). */
};

/* The priority of a flow that names none. */
#define OFP_DEFAULT_PRIORITY 0x8000

/* Flow mods. */

/* Decodes flow_mod OH (OFPT_FLOW_MOD of any version, or NXT_FLOW_MOD),
 * received over a connection speaking PROTOCOL (which says whether
 * OpenFlow 1.0's command carries a table id), into *FM, with the actions
 * appended to OFPACTS (which the caller initializes and owns; FM's
 * 'ofpacts' points into it).  Sets 'modify_may_add' and normalizes an
 * OpenFlow 1.0 match's prerequisites.  Errors: OFPFMFC_BAD_COMMAND,
 * OFPFMFC_BAD_FLAGS (a flag bit the version does not define),
 * OFPFMFC_BAD_TABLE_ID (table 255 for other than a 1.2+ delete, or any
 * OpenFlow 1.1 flow_mod), OFPFMFC_BAD_EMERG_TIMEOUT or TABLE_FULL for
 * OpenFlow 1.0's emergency flag (unsupported), NXBRC_NXM_INVALID for an
 * NXM add with a cookie mask, OFPBRC_BAD_LEN, and the match's and
 * actions' errors. */
enum ofperr ofp_decode_flow_mod(struct ofp_flow_mod *fm,
                                const struct ofp_header *oh,
                                enum ofp_protocol protocol,
                                struct buffer *ofpacts);

/* Returns a new flow_mod that asks for FM in PROTOCOL (a single
 * protocol), with a fresh xid.  The match must be one PROTOCOL can carry
 * (ofp_match_usable_protocols()); fields whose prerequisites it does not
 * match are dropped first, as Open vSwitch does. */
struct buffer *ofp_encode_flow_mod(const struct ofp_flow_mod *fm,
                                   enum ofp_protocol protocol);

/* Flow removed. */

/* Returns a new flow_removed message for FR in PROTOCOL: NXT_FLOW_REMOVED
 * for the NXM protocols, else OFPT_FLOW_REMOVED of PROTOCOL's version. */
struct buffer *ofp_encode_flow_removed(const struct ofp_flow_removed *fr,
                                       enum ofp_protocol protocol);

/* Decodes flow_removed OH (OFPT_FLOW_REMOVED or NXT_FLOW_REMOVED) into
 * *FR.  OpenFlow 1.0 messages have no table id (FR gets 255) or hard
 * timeout (0).  Errors: OFPBRC_BAD_LEN, OFPBMC_BAD_LEN for an OpenFlow
 * 1.5 OXS list that does not fit, and the match's errors. */
enum ofperr ofp_decode_flow_removed(struct ofp_flow_removed *fr,
                                    const struct ofp_header *oh);

/* Flow and aggregate stats. */

/* Returns a new flow stats request (aggregate stats request if
 * FSR->aggregate) for FSR in PROTOCOL, with a fresh xid. */
struct buffer *ofp_encode_flow_stats_request(
    const struct ofp_flow_stats_request *fsr, enum ofp_protocol protocol);

/* Decodes flow or aggregate stats request OH (OFPST_FLOW, OFPST_AGGREGATE,
 * NXST_FLOW or NXST_AGGREGATE of any version) into *FSR.  Errors:
 * OFPBRC_BAD_LEN, OFPBRC_BAD_PORT (1.1+ out_port) and the match's. */
enum ofperr ofp_decode_flow_stats_request(struct ofp_flow_stats_request *fsr,
                                          const struct ofp_header *oh);

/* Appends FS as one flow of the flow stats reply REPLIES (started with
 * ofpmp_init() from the request), starting a new message when the current
 * one would exceed 64 kB.  Counts of UINT64_MAX become 0 where the
 * version has no "unknown" value (OpenFlow 1.1 to 1.4) and are left out in
 * OpenFlow 1.5, which also carries a known idle age. */
void ofp_append_flow_stats_reply(const struct ofp_flow_stats *fs,
                                 struct list *replies);

/* Decodes the next flow of flow stats reply MSG into *FS, with its actions
 * appended to OFPACTS (cleared first; FS->ofpacts points into it).  MSG
 * must hold one whole reply; the first call pulls its headers, later
 * calls continue after the previous flow, so MSG must not be touched in
 * between.  FLOW_AGE_EXTENSION: trust NXST_FLOW's idle and hard ages
 * (-1 otherwise).  Returns 0, EOF when no flow is left, or an OpenFlow
 * error (OFPBRC_BAD_LEN for a truncated or inconsistent flow, OFPBMC_BAD_LEN
 * for an OpenFlow 1.5 OXS list that does not fit). */
int ofp_decode_flow_stats_reply(struct ofp_flow_stats *fs,
                                struct buffer *msg, bool flow_age_extension,
                                struct buffer *ofpacts);

/* Returns a new aggregate stats reply to REQUEST (an aggregate stats
 * request that decodes) holding STATS. */
struct buffer *ofp_encode_aggregate_stats_reply(
    const struct ofp_aggregate_stats *stats, const struct ofp_header *request);

/* Decodes aggregate stats reply OH into *STATS.  Errors: OFPBRC_BAD_TYPE
 * for another message, OFPBMC_BAD_LEN for an OpenFlow 1.5 OXS list that
 * does not fit, OFPBRC_BAD_LEN for bytes after it. */
enum ofperr ofp_decode_aggregate_stats_reply(struct ofp_aggregate_stats *,
                                             const struct ofp_header *oh);

/* Text. */

/* The COMMAND argument of ofp_parse_flow_mod() for a flow or aggregate
 * stats request ("ovs-ofctl dump-flows"), and for a line that may start
 * with a command name ("add", "modify", "modify_strict", "delete",
 * "delete_strict"; none means add), as "ovs-ofctl --bundle add-flows"
 * files have. */
#define OFP_PARSE_STATS_REQUEST (-1)
#define OFP_PARSE_ANY_COMMAND (-2)

/* Parses S, a flow in ovs-ofctl's syntax for a flow_mod with COMMAND
 * (enum ofp_flow_mod_command, or a value above), into *FM, with the
 * actions appended to OFPACTS (FM's 'ofpacts' points into it; without
 * "actions=" there are none, which for add and modify is an error).
 * Stores in *USABLE the protocols that can carry the result (at least
 * one when it succeeds).  Keywords: priority, cookie (value, or
 * value/mask to select rules), table, idle_timeout, hard_timeout,
 * importance, send_flow_rem, check_overlap, reset_counts,
 * no_packet_counts, no_byte_counts, out_port, out_group, actions (last:
 * the rest of S), match keywords (match_parse_keyword()), and the
 * statistics dump-flows prints (duration, n_packets, n_bytes, idle_age,
 * hard_age), which are ignored.  Which keywords a command takes follows
 * ovs-ofctl.  Returns NULL or a malloc'd error message naming the
 * keyword. */
char *ofp_parse_flow_mod(struct ofp_flow_mod *fm, int command,
                         const char *s, struct buffer *ofpacts,
                         uint32_t *usable) SLUICE_WARN_UNUSED_RESULT;

/* Parses S, a "dump-flows" or "dump-aggregate" flow, into *FSR.  Returns
 * NULL or a malloc'd error; *USABLE as for ofp_parse_flow_mod() (table
 * ids need no protocol extension here). */
char *ofp_parse_flow_stats_request(struct ofp_flow_stats_request *fsr,
                                   bool aggregate, const char *s,
                                   uint32_t *usable)
    SLUICE_WARN_UNUSED_RESULT;

/* Appends FS to DS as "ovs-ofctl dump-flows" prints it (without the
 * leading space and newline): " cookie=0x0, duration=1.234s, table=0,
 * n_packets=0, n_bytes=0, idle_timeout=10, priority=100,ip,
 * nw_src=10.0.0.1 actions=output:2".  SHOW_STATS false is --no-stats:
 * no duration, counters or ages, and cookie and table only when nonzero,
 * which is the form "ovs-ofctl add-flows" reads back. */
void ofp_flow_stats_format(const struct ofp_flow_stats *fs, bool show_stats,
                           struct ds *ds);

/* Appends FR to DS as "ovs-ofctl monitor" prints a flow_removed after its
 * "OFPT_FLOW_REMOVED (xid=0x0):" label: " priority=100,ip reason=delete
 * table_id=0 duration1.5s idle0 pkts0 bytes0". */
void ofp_flow_removed_format(const struct ofp_flow_removed *fr,
                             struct ds *ds);

/* Appends FM to DS as "ovs-ofctl ofp-print" prints a flow_mod after its
 * label: " ADD table:1 priority=100,ip idle:10 actions=output:2".  VERSION
 * is the version of the message FM came in (1.0 and 1.1 have no
 * reset_counts flag to show). */
void ofp_flow_mod_format(const struct ofp_flow_mod *fm,
                         enum ofp_version version, struct ds *ds);

#endif /* ofp-flow.h */

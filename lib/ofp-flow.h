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
 */
#ifndef SLUICE_OFP_FLOW_H
#define SLUICE_OFP_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "match.h"
#include "openflow.h"
#include "packets.h"

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

#endif /* ofp-flow.h */

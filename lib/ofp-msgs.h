/*
 * ofp-msgs: the registry of OpenFlow message types, and the framing of
 * OpenFlow messages (their headers and lengths).
 *
 * Two enums name messages:
 *
 *   - enum ofpraw: one value per wire format of a message.  When a message
 *     changed its number or its body between versions, or has a Nicira or
 *     ONF extension form, each form has its own value, named after the
 *     first version that uses it: OFPRAW_OFPT10_FLOW_MOD (OpenFlow 1.0),
 *     OFPRAW_OFPT11_FLOW_MOD (1.1 and later), OFPRAW_NXT_FLOW_MOD (the
 *     Nicira form).  The kinds are OFPT (a standard message), OFPST (a
 *     standard statistics or multipart message), NXT and NXST (Nicira
 *     vendor messages and statistics), and ONFT (ONF experimenter
 *     messages).  Each raw type has a range of versions, and a body rule:
 *     a fixed size, or a minimum size followed by any number of elements
 *     of a given size.
 *
 *   - enum ofptype: what a message means, whatever its form:
 *     OFPTYPE_FLOW_MOD covers the three forms above.
 *
 * Header forms (the "headers" that ofpraw_pull() removes):
 *   OFPT:  struct ofp_header (8 bytes).
 *   OFPST: ofp_header, be16 type, be16 flags (12 bytes in OpenFlow 1.0), and
 *          4 bytes of padding from 1.1 on (16 bytes).
 *   NXT, ONFT: ofp_header with type OFPT_VENDOR/OFPT_EXPERIMENTER (4),
 *          be32 vendor id, be32 subtype (16 bytes).
 *   NXST:  the OFPST header with type 0xffff, be32 vendor id, be32 subtype,
 *          and padding to 24 bytes in every version.
 *
 * Decoding (ofpraw_decode(), ofptype_decode()) checks, in this order, and
 * returns the OpenFlow error the specification gives:
 *   1. the version (OFPERR_OFPBRC_BAD_VERSION, except that hello, error and
 *      echo messages are accepted in any version but 0, as the specification
 *      promises their form never changes);
 *   2. the header length is at least 8 and the buffer holds it
 *      (OFPERR_OFPBRC_BAD_LEN);
 *   3. the type (OFPERR_OFPBRC_BAD_TYPE, also for a type the version does
 *      not have), the statistics type (OFPERR_OFPBRC_BAD_STAT), the vendor
 *      (OFPERR_OFPBRC_BAD_EXPERIMENTER) and the subtype
 *      (OFPERR_OFPBRC_BAD_SUBTYPE), each after checking that the message
 *      is long enough to hold it (OFPERR_OFPBRC_BAD_LEN);
 *   4. the body length against the raw type's rule (OFPERR_OFPBRC_BAD_LEN).
 *
 * Encoding: ofpraw_alloc*() and ofpraw_put*() write a raw type's headers for
 * a version and xid into a struct buffer, set its header mark at the
 * ofp_header and its message mark at the body (buffer.h); the caller
 * appends the body and calls ofpmsg_update_length().
 *
 * Multipart replies longer than 64 kB are split over several messages,
 * every one but the last with the "more" flag: ofpmp_*() below.
 *
 * Ownership: buffers returned belong to the caller (buffer_delete()).
 * Thread safety: every function may be called from any thread; xids come
 * from one atomic counter.
 */
#ifndef SLUICE_OFP_MSGS_H
#define SLUICE_OFP_MSGS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "ofp-errors.h"
#include "openflow.h"

struct buffer;

/* Raw message types.  The comment gives the kind, versions, number (type,
 * statistics type, or vendor subtype) and body. */
enum ofpraw {
    /* Immutable messages: every version. */
    OFPRAW_OFPT_HELLO,                  /* OFPT (0): uint8_t[]. */
    OFPRAW_OFPT_ERROR,                  /* OFPT (1): 4 bytes, uint8_t[]. */
    OFPRAW_OFPT_ECHO_REQUEST,           /* OFPT (2): uint8_t[]. */
    OFPRAW_OFPT_ECHO_REPLY,             /* OFPT (3): uint8_t[]. */

    /* Standard messages. */
    OFPRAW_OFPT_FEATURES_REQUEST,       /* OFPT 1.0+ (5): void. */
    OFPRAW_OFPT10_FEATURES_REPLY,       /* OFPT 1.0 (6): 24, ports[48]. */
    OFPRAW_OFPT11_FEATURES_REPLY,       /* OFPT 1.1-1.2 (6): 24, ports[64]. */
    OFPRAW_OFPT13_FEATURES_REPLY,       /* OFPT 1.3+ (6): 24. */
    OFPRAW_OFPT_GET_CONFIG_REQUEST,     /* OFPT 1.0+ (7): void. */
    OFPRAW_OFPT_GET_CONFIG_REPLY,       /* OFPT 1.0+ (8): 4. */
    OFPRAW_OFPT_SET_CONFIG,             /* OFPT 1.0+ (9): 4. */
    OFPRAW_OFPT10_PACKET_IN,            /* OFPT 1.0 (10): 10, uint8_t[]. */
    OFPRAW_OFPT11_PACKET_IN,            /* OFPT 1.1 (10): 16, uint8_t[]. */
    OFPRAW_OFPT12_PACKET_IN,            /* OFPT 1.2 (10): 8, uint8_t[]. */
    OFPRAW_OFPT13_PACKET_IN,            /* OFPT 1.3+ (10): 16, uint8_t[]. */
    OFPRAW_NXT_PACKET_IN,               /* NXT 1.0+ (17): 24, uint8_t[]. */
    OFPRAW_NXT_PACKET_IN2,              /* NXT 1.0+ (30): uint8_t[8][]. */
    OFPRAW_OFPT10_FLOW_REMOVED,         /* OFPT 1.0 (11): 80. */
    OFPRAW_OFPT11_FLOW_REMOVED,         /* OFPT 1.1-1.4 (11): 40, [8][]. */
    OFPRAW_OFPT15_FLOW_REMOVED,         /* OFPT 1.5+ (11): 16, [8][]. */
    OFPRAW_NXT_FLOW_REMOVED,            /* NXT 1.0+ (14): 40, [8][]. */
    OFPRAW_OFPT10_PORT_STATUS,          /* OFPT 1.0 (12): 56. */
    OFPRAW_OFPT11_PORT_STATUS,          /* OFPT 1.1-1.3 (12): 72. */
    OFPRAW_OFPT14_PORT_STATUS,          /* OFPT 1.4+ (12): 48, [8][]. */
    OFPRAW_OFPT10_PACKET_OUT,           /* OFPT 1.0 (13): 8, uint8_t[]. */
    OFPRAW_OFPT11_PACKET_OUT,           /* OFPT 1.1+ (13): 16, uint8_t[]. */
    OFPRAW_OFPT10_FLOW_MOD,             /* OFPT 1.0 (14): 64, [8][]. */
    OFPRAW_OFPT11_FLOW_MOD,             /* OFPT 1.1+ (14): 40, [8][]. */
    OFPRAW_NXT_FLOW_MOD,                /* NXT 1.0+ (13): 32, [8][]. */
    OFPRAW_OFPT11_GROUP_MOD,            /* OFPT 1.1-1.4 (15): 8, [8][]. */
    OFPRAW_OFPT15_GROUP_MOD,            /* OFPT 1.5+ (15): 16, [8][]. */
    OFPRAW_OFPT10_PORT_MOD,             /* OFPT 1.0 (15): 24. */
    OFPRAW_OFPT11_PORT_MOD,             /* OFPT 1.1-1.3 (16): 32. */
    OFPRAW_OFPT14_PORT_MOD,             /* OFPT 1.4+ (16): 24, [8][]. */
    OFPRAW_OFPT11_TABLE_MOD,            /* OFPT 1.1-1.3 (17): 8. */
    OFPRAW_OFPT14_TABLE_MOD,            /* OFPT 1.4+ (17): 8, [8][]. */
    OFPRAW_OFPT10_BARRIER_REQUEST,      /* OFPT 1.0 (18): void. */
    OFPRAW_OFPT11_BARRIER_REQUEST,      /* OFPT 1.1+ (20): void. */
    OFPRAW_OFPT10_BARRIER_REPLY,        /* OFPT 1.0 (19): void. */
    OFPRAW_OFPT11_BARRIER_REPLY,        /* OFPT 1.1+ (21): void. */
    OFPRAW_OFPT10_QUEUE_GET_CONFIG_REQUEST, /* OFPT 1.0 (20): 4. */
    OFPRAW_OFPT11_QUEUE_GET_CONFIG_REQUEST, /* OFPT 1.1-1.3 (22): 8. */
    OFPRAW_OFPT10_QUEUE_GET_CONFIG_REPLY,   /* OFPT 1.0 (21): 8, [8][]. */
    OFPRAW_OFPT11_QUEUE_GET_CONFIG_REPLY,   /* OFPT 1.1-1.3 (23): 8,
                                             * [8][]. */
    OFPRAW_OFPT12_ROLE_REQUEST,         /* OFPT 1.2+ (24): 16. */
    OFPRAW_NXT_ROLE_REQUEST,            /* NXT 1.0+ (10): 4. */
    OFPRAW_OFPT12_ROLE_REPLY,           /* OFPT 1.2+ (25): 16. */
    OFPRAW_NXT_ROLE_REPLY,              /* NXT 1.0+ (11): 4. */
    OFPRAW_OFPT13_GET_ASYNC_REQUEST,    /* OFPT 1.3 (26): void. */
    OFPRAW_OFPT14_GET_ASYNC_REQUEST,    /* OFPT 1.4+ (26): void. */
    OFPRAW_OFPT13_GET_ASYNC_REPLY,      /* OFPT 1.3 (27): 24. */
    OFPRAW_OFPT14_GET_ASYNC_REPLY,      /* OFPT 1.4+ (27): [8][]. */
    OFPRAW_OFPT13_SET_ASYNC,            /* OFPT 1.3 (28): 24. */
    OFPRAW_NXT_SET_ASYNC_CONFIG,        /* NXT 1.0+ (19): 24. */
    OFPRAW_NXT_SET_ASYNC_CONFIG2,       /* NXT 1.0-1.3 (27): [8][]. */
    OFPRAW_OFPT14_SET_ASYNC,            /* OFPT 1.4+ (28): [8][]. */
    OFPRAW_OFPT13_METER_MOD,            /* OFPT 1.3+ (29): 8, [8][]. */
    OFPRAW_OFPT14_ROLE_STATUS,          /* OFPT 1.4+ (30): 16, [8][]. */
    OFPRAW_OFPT14_TABLE_STATUS,         /* OFPT 1.4+ (31): 8, [8][]. */
    OFPRAW_OFPT14_REQUESTFORWARD,       /* OFPT 1.4+ (32): 8, [8][]. */
    OFPRAW_OFPT14_BUNDLE_CONTROL,       /* OFPT 1.4+ (33): 8, [8][]. */
    OFPRAW_ONFT13_BUNDLE_CONTROL,       /* ONFT 1.3 (2300): 8, [8][]. */
    OFPRAW_OFPT14_BUNDLE_ADD_MESSAGE,   /* OFPT 1.4+ (34): 8, uint8_t[]. */
    OFPRAW_ONFT13_BUNDLE_ADD_MESSAGE,   /* ONFT 1.3 (2301): 8, uint8_t[]. */

    /* Standard statistics (multipart). */
    OFPRAW_OFPST_DESC_REQUEST,          /* OFPST 1.0+ (0): void. */
    OFPRAW_OFPST_DESC_REPLY,            /* OFPST 1.0+ (0): 1056. */
    OFPRAW_OFPST10_FLOW_REQUEST,        /* OFPST 1.0 (1): 44. */
    OFPRAW_OFPST11_FLOW_REQUEST,        /* OFPST 1.1+ (1): 32, [8][]. */
    OFPRAW_NXST_FLOW_REQUEST,           /* NXST 1.0 (0): 8, [8][]. */
    OFPRAW_OFPST10_FLOW_REPLY,          /* OFPST 1.0 (1): uint8_t[]. */
    OFPRAW_OFPST11_FLOW_REPLY,          /* OFPST 1.1-1.2 (1): uint8_t[]. */
    OFPRAW_OFPST13_FLOW_REPLY,          /* OFPST 1.3-1.4 (1): uint8_t[]. */
    OFPRAW_OFPST15_FLOW_REPLY,          /* OFPST 1.5+ (1): uint8_t[]. */
    OFPRAW_NXST_FLOW_REPLY,             /* NXST 1.0 (0): uint8_t[]. */
    OFPRAW_OFPST10_AGGREGATE_REQUEST,   /* OFPST 1.0 (2): 44. */
    OFPRAW_OFPST11_AGGREGATE_REQUEST,   /* OFPST 1.1+ (2): 32, [8][]. */
    OFPRAW_NXST_AGGREGATE_REQUEST,      /* NXST 1.0 (1): 8, [8][]. */
    OFPRAW_OFPST_AGGREGATE_REPLY,       /* OFPST 1.0-1.4 (2): 24. */
    OFPRAW_OFPST15_AGGREGATE_REPLY,     /* OFPST 1.5+ (2): 8, [8][]. */
    OFPRAW_NXST_AGGREGATE_REPLY,        /* NXST 1.0 (1): 24. */
    OFPRAW_OFPST_TABLE_REQUEST,         /* OFPST 1.0+ (3): void. */
    OFPRAW_OFPST10_TABLE_REPLY,         /* OFPST 1.0 (3): [64][]. */
    OFPRAW_OFPST11_TABLE_REPLY,         /* OFPST 1.1 (3): [88][]. */
    OFPRAW_OFPST12_TABLE_REPLY,         /* OFPST 1.2 (3): [128][]. */
    OFPRAW_OFPST13_TABLE_REPLY,         /* OFPST 1.3+ (3): [24][]. */
    OFPRAW_OFPST10_PORT_REQUEST,        /* OFPST 1.0 (4): 8. */
    OFPRAW_OFPST11_PORT_REQUEST,        /* OFPST 1.1+ (4): 8. */
    OFPRAW_OFPST10_PORT_REPLY,          /* OFPST 1.0 (4): [104][]. */
    OFPRAW_OFPST11_PORT_REPLY,          /* OFPST 1.1-1.2 (4): [104][]. */
    OFPRAW_OFPST13_PORT_REPLY,          /* OFPST 1.3 (4): [112][]. */
    OFPRAW_OFPST14_PORT_REPLY,          /* OFPST 1.4+ (4): [8][]. */
    OFPRAW_OFPST10_QUEUE_REQUEST,       /* OFPST 1.0 (5): 8. */
    OFPRAW_OFPST11_QUEUE_REQUEST,       /* OFPST 1.1+ (5): 8. */
    OFPRAW_OFPST10_QUEUE_REPLY,         /* OFPST 1.0 (5): [32][]. */
    OFPRAW_OFPST11_QUEUE_REPLY,         /* OFPST 1.1-1.2 (5): [32][]. */
    OFPRAW_OFPST13_QUEUE_REPLY,         /* OFPST 1.3 (5): [40][]. */
    OFPRAW_OFPST14_QUEUE_REPLY,         /* OFPST 1.4+ (5): [8][]. */
    OFPRAW_OFPST11_GROUP_REQUEST,       /* OFPST 1.1+ (6): 8. */
    OFPRAW_OFPST11_GROUP_REPLY,         /* OFPST 1.1-1.2 (6): [8][]. */
    OFPRAW_OFPST13_GROUP_REPLY,         /* OFPST 1.3+ (6): [8][]. */
    OFPRAW_OFPST11_GROUP_DESC_REQUEST,  /* OFPST 1.1-1.4 (7): void. */
    OFPRAW_OFPST15_GROUP_DESC_REQUEST,  /* OFPST 1.5+ (7): 8. */
    OFPRAW_OFPST11_GROUP_DESC_REPLY,    /* OFPST 1.1+ (7): [8][]. */
    OFPRAW_OFPST12_GROUP_FEATURES_REQUEST, /* OFPST 1.2+ (8): void. */
    OFPRAW_OFPST12_GROUP_FEATURES_REPLY,   /* OFPST 1.2+ (8): 40. */
    OFPRAW_OFPST13_METER_REQUEST,       /* OFPST 1.3+ (9): 8. */
    OFPRAW_OFPST13_METER_REPLY,         /* OFPST 1.3+ (9): [8][]. */
    OFPRAW_OFPST13_METER_CONFIG_REQUEST, /* OFPST 1.3+ (10): 8. */
    OFPRAW_OFPST13_METER_CONFIG_REPLY,  /* OFPST 1.3+ (10): [8][]. */
    OFPRAW_OFPST13_METER_FEATURES_REQUEST, /* OFPST 1.3+ (11): void. */
    OFPRAW_OFPST13_METER_FEATURES_REPLY,   /* OFPST 1.3+ (11): 16. */
    OFPRAW_OFPST13_TABLE_FEATURES_REQUEST, /* OFPST 1.3+ (12): [8][]. */
    OFPRAW_OFPST13_TABLE_FEATURES_REPLY,   /* OFPST 1.3+ (12): [8][]. */
    OFPRAW_OFPST10_PORT_DESC_REQUEST,   /* OFPST 1.0-1.4 (13): void. */
    OFPRAW_OFPST15_PORT_DESC_REQUEST,   /* OFPST 1.5+ (13): 8. */
    OFPRAW_OFPST10_PORT_DESC_REPLY,     /* OFPST 1.0 (13): [48][]. */
    OFPRAW_OFPST11_PORT_DESC_REPLY,     /* OFPST 1.1-1.3 (13): [64][]. */
    OFPRAW_OFPST14_PORT_DESC_REPLY,     /* OFPST 1.4+ (13): [8][]. */
    OFPRAW_OFPST14_TABLE_DESC_REQUEST,  /* OFPST 1.4+ (14): void. */
    OFPRAW_OFPST14_TABLE_DESC_REPLY,    /* OFPST 1.4+ (14): [8][]. */
    OFPRAW_OFPST14_QUEUE_DESC_REQUEST,  /* OFPST 1.4+ (15): 8. */
    OFPRAW_OFPST14_QUEUE_DESC_REPLY,    /* OFPST 1.4+ (15): [8][]. */
    OFPRAW_OFPST14_FLOW_MONITOR_REQUEST, /* OFPST 1.4+ (16): [8][]. */
    OFPRAW_NXST_FLOW_MONITOR_REQUEST,   /* NXST 1.0 (2): [8][]. */
    OFPRAW_OFPST14_FLOW_MONITOR_REPLY,  /* OFPST 1.4+ (16): [8][]. */
    OFPRAW_NXST_FLOW_MONITOR_REPLY,     /* NXST 1.0 (2): [8][]. */

    /* Nicira extensions without a standard equivalent. */
    OFPRAW_NXT_SET_FLOW_FORMAT,         /* NXT 1.0 (12): 4. */
    OFPRAW_NXT_FLOW_MOD_TABLE_ID,       /* NXT 1.0+ (15): 8. */
    OFPRAW_NXT_SET_PACKET_IN_FORMAT,    /* NXT 1.0+ (16): 4. */
    OFPRAW_NXT_FLOW_AGE,                /* NXT 1.0+ (18): void. */
    OFPRAW_NXT_SET_CONTROLLER_ID,       /* NXT 1.0+ (20): 8. */
    OFPRAW_NXT_FLOW_MONITOR_CANCEL,     /* NXT 1.0+ (21): 4. */
    OFPRAW_NXT_FLOW_MONITOR_PAUSED,     /* NXT 1.0+ (22): void. */
    OFPRAW_NXT_FLOW_MONITOR_RESUMED,    /* NXT 1.0+ (23): void. */
    OFPRAW_NXT_TLV_TABLE_MOD,           /* NXT 1.0+ (24): 8, [8][]. */
    OFPRAW_NXT_TLV_TABLE_REQUEST,       /* NXT 1.0+ (25): void. */
    OFPRAW_NXT_TLV_TABLE_REPLY,         /* NXT 1.0+ (26): 16, [8][]. */
    OFPRAW_NXT_RESUME,                  /* NXT 1.0+ (28): [8][]. */
    OFPRAW_NXT_CT_FLUSH_ZONE,           /* NXT 1.0+ (29): 8. */
};

/* The number of enum ofpraw values. */
#define OFPRAW_N_RAWS (OFPRAW_NXT_CT_FLUSH_ZONE + 1)

/* Version-independent message types. */
enum ofptype {
    OFPTYPE_HELLO,
    OFPTYPE_ERROR,
    OFPTYPE_ECHO_REQUEST,
    OFPTYPE_ECHO_REPLY,
    OFPTYPE_FEATURES_REQUEST,
    OFPTYPE_FEATURES_REPLY,
    OFPTYPE_GET_CONFIG_REQUEST,
    OFPTYPE_GET_CONFIG_REPLY,
    OFPTYPE_SET_CONFIG,
    OFPTYPE_PACKET_IN,
    OFPTYPE_FLOW_REMOVED,
    OFPTYPE_PORT_STATUS,
    OFPTYPE_PACKET_OUT,
    OFPTYPE_FLOW_MOD,
    OFPTYPE_GROUP_MOD,
    OFPTYPE_PORT_MOD,
    OFPTYPE_TABLE_MOD,
    OFPTYPE_BARRIER_REQUEST,
    OFPTYPE_BARRIER_REPLY,
    OFPTYPE_QUEUE_GET_CONFIG_REQUEST,
    OFPTYPE_QUEUE_GET_CONFIG_REPLY,
    OFPTYPE_ROLE_REQUEST,
    OFPTYPE_ROLE_REPLY,
    OFPTYPE_GET_ASYNC_REQUEST,
    OFPTYPE_GET_ASYNC_REPLY,
    OFPTYPE_SET_ASYNC_CONFIG,
    OFPTYPE_METER_MOD,
    OFPTYPE_ROLE_STATUS,
    OFPTYPE_TABLE_STATUS,
    OFPTYPE_REQUESTFORWARD,
    OFPTYPE_BUNDLE_CONTROL,
    OFPTYPE_BUNDLE_ADD_MESSAGE,
    OFPTYPE_DESC_STATS_REQUEST,
    OFPTYPE_DESC_STATS_REPLY,
    OFPTYPE_FLOW_STATS_REQUEST,
    OFPTYPE_FLOW_STATS_REPLY,
    OFPTYPE_AGGREGATE_STATS_REQUEST,
    OFPTYPE_AGGREGATE_STATS_REPLY,
    OFPTYPE_TABLE_STATS_REQUEST,
    OFPTYPE_TABLE_STATS_REPLY,
    OFPTYPE_PORT_STATS_REQUEST,
    OFPTYPE_PORT_STATS_REPLY,
    OFPTYPE_QUEUE_STATS_REQUEST,
    OFPTYPE_QUEUE_STATS_REPLY,
    OFPTYPE_GROUP_STATS_REQUEST,
    OFPTYPE_GROUP_STATS_REPLY,
    OFPTYPE_GROUP_DESC_STATS_REQUEST,
    OFPTYPE_GROUP_DESC_STATS_REPLY,
    OFPTYPE_GROUP_FEATURES_STATS_REQUEST,
    OFPTYPE_GROUP_FEATURES_STATS_REPLY,
    OFPTYPE_METER_STATS_REQUEST,
    OFPTYPE_METER_STATS_REPLY,
    OFPTYPE_METER_CONFIG_STATS_REQUEST,
    OFPTYPE_METER_CONFIG_STATS_REPLY,
    OFPTYPE_METER_FEATURES_STATS_REQUEST,
    OFPTYPE_METER_FEATURES_STATS_REPLY,
    OFPTYPE_TABLE_FEATURES_STATS_REQUEST,
    OFPTYPE_TABLE_FEATURES_STATS_REPLY,
    OFPTYPE_PORT_DESC_STATS_REQUEST,
    OFPTYPE_PORT_DESC_STATS_REPLY,
    OFPTYPE_TABLE_DESC_REQUEST,
    OFPTYPE_TABLE_DESC_REPLY,
    OFPTYPE_QUEUE_DESC_STATS_REQUEST,
    OFPTYPE_QUEUE_DESC_STATS_REPLY,
    OFPTYPE_FLOW_MONITOR_STATS_REQUEST,
    OFPTYPE_FLOW_MONITOR_STATS_REPLY,
    OFPTYPE_SET_FLOW_FORMAT,
    OFPTYPE_FLOW_MOD_TABLE_ID,
    OFPTYPE_SET_PACKET_IN_FORMAT,
    OFPTYPE_FLOW_AGE,
    OFPTYPE_SET_CONTROLLER_ID,
    OFPTYPE_FLOW_MONITOR_CANCEL,
    OFPTYPE_FLOW_MONITOR_PAUSED,
    OFPTYPE_FLOW_MONITOR_RESUMED,
    OFPTYPE_NXT_TLV_TABLE_MOD,
    OFPTYPE_NXT_TLV_TABLE_REQUEST,
    OFPTYPE_NXT_TLV_TABLE_REPLY,
    OFPTYPE_NXT_RESUME,
    OFPTYPE_CT_FLUSH_ZONE,
};

/* The number of enum ofptype values. */
#define OFPTYPE_N_TYPES (OFPTYPE_CT_FLUSH_ZONE + 1)

/* Wire constants of message framing. */
#define OFPT_HELLO 0
#define OFPT_ERROR 1
#define OFPT_ECHO_REQUEST 2
#define OFPT_ECHO_REPLY 3
#define OFPT_VENDOR 4                  /* OFPT_EXPERIMENTER from 1.1 on. */
#define OFPT10_STATS_REQUEST 16
#define OFPT10_STATS_REPLY 17
#define OFPT11_STATS_REQUEST 18        /* OFPT_MULTIPART_REQUEST in 1.3+. */
#define OFPT11_STATS_REPLY 19          /* OFPT_MULTIPART_REPLY in 1.3+. */
#define OFPST_VENDOR 0xffff            /* OFPMP_EXPERIMENTER in 1.3+. */
#define OFPSF_REPLY_MORE 0x0001        /* Statistics flag: more to come. */
#define OFPSF_REQ_MORE 0x0001
#define NX_VENDOR_ID 0x00002320u       /* Nicira. */
#define ONF_VENDOR_ID 0x4f4e4600u      /* Open Networking Foundation. */

/* The largest OpenFlow message. */
#define OFPMSG_MAX_SIZE 65535

/* Decoding. */

/* Decodes the headers of message OH, of which the caller holds at least
 * ntohs(OH->length) bytes (and at least the 8-byte header), into *RAW.
 * Returns 0 or an OFPERR_OFPBRC_* error as described at the top; on error
 * *RAW is unchanged. */
enum ofperr ofpraw_decode(enum ofpraw *raw, const struct ofp_header *oh);

/* Like ofpraw_decode() but takes the message from B's data, which must be
 * exactly one message (OFPERR_OFPBRC_BAD_LEN otherwise).  On success sets
 * B's header mark to the ofp_header and its message mark to the body,
 * and pulls the headers, so that B's data is the body. */
enum ofperr ofpraw_pull(enum ofpraw *raw, struct buffer *b);

/* Like ofpraw_decode() and ofpraw_pull() but yield the enum ofptype. */
enum ofperr ofptype_decode(enum ofptype *type, const struct ofp_header *oh);
enum ofperr ofptype_pull(enum ofptype *type, struct buffer *b);

/* Information about raw types and types. */

/* Returns RAW's type. */
enum ofptype ofptype_from_ofpraw(enum ofpraw raw);

/* Returns RAW's name, the one ovs-ofctl prints ("OFPT_HELLO",
 * "OFPST_FLOW request", "NXT_SET_FLOW_FORMAT", "OFPT_BUNDLE_CONTROL",
 * "ONFT_BUNDLE_CONTROL"). */
const char *ofpraw_get_name(enum ofpraw raw);

/* Returns TYPE's name without the prefix, e.g. "FLOW_MOD". */
const char *ofptype_get_name(enum ofptype type);

/* Returns true if RAW exists in VERSION. */
bool ofpraw_in_version(enum ofpraw raw, enum ofp_version version);

/* Returns the size of RAW's headers in VERSION (8, 12, 16 or 24). */
size_t ofpraw_header_size(enum ofpraw raw, enum ofp_version version);

/* Returns the smallest valid body size of RAW, and in *ELEMENT_SIZE (if
 * nonnull) the size of the elements that may follow it (0 if the body
 * has a fixed size, 1 for any number of bytes). */
size_t ofpraw_min_body_size(enum ofpraw raw, size_t *element_size);

/* Returns the raw type of the reply to statistics request RAW in VERSION
 * (e.g. OFPRAW_OFPST13_FLOW_REPLY for OFPRAW_OFPST11_FLOW_REQUEST in 1.3).
 * RAW must be a statistics request that exists in VERSION. */
enum ofpraw ofpraw_stats_request_to_reply(enum ofpraw raw,
                                          enum ofp_version version);

/* Returns true if OH is a statistics (multipart) request. */
bool ofpmsg_is_stat_request(const struct ofp_header *oh);

/* Returns true if OH is a statistics (multipart) reply. */
bool ofpmsg_is_stat_reply(const struct ofp_header *oh);

/* Returns the statistics flags (OFPSF_*) of statistics message OH. */
uint16_t ofpmp_flags(const struct ofp_header *oh);

/* Returns true if statistics message OH has the "more" flag. */
bool ofpmp_more(const struct ofp_header *oh);

/* Encoding. */

/* Returns a fresh transaction id. */
be32 ofp_alloc_xid(void);

/* Returns a new buffer holding RAW's headers for VERSION with XID (or a
 * fresh xid for ofpraw_alloc()), with room for EXTRA_TAILROOM more bytes,
 * and its header and message marks set.  The body is empty; statistics
 * flags are 0.  RAW must exist in VERSION. */
struct buffer *ofpraw_alloc(enum ofpraw raw, enum ofp_version version,
                            size_t extra_tailroom);
struct buffer *ofpraw_alloc_xid(enum ofpraw raw, enum ofp_version version,
                                be32 xid, size_t extra_tailroom);

/* Like ofpraw_alloc_xid() with REQUEST's version and xid. */
struct buffer *ofpraw_alloc_reply(enum ofpraw raw,
                                  const struct ofp_header *request,
                                  size_t extra_tailroom);

/* Returns a new reply to statistics request REQUEST (which must decode),
 * of the raw type ofpraw_stats_request_to_reply() gives, with its version
 * and xid. */
struct buffer *ofpraw_alloc_stats_reply(const struct ofp_header *request,
                                        size_t extra_tailroom);

/* Appends RAW's headers for VERSION with XID to B, setting B's header mark
 * at them and its message mark after them. */
void ofpraw_put_xid(enum ofpraw raw, enum ofp_version version, be32 xid,
                    struct buffer *b);

/* Sets the length field of the message that starts at B's header mark to
 * the bytes from there to the end of B's data.  Aborts if that is more than
 * OFPMSG_MAX_SIZE: a message too large for OpenFlow is a programming
 * error. */
void ofpmsg_update_length(struct buffer *b);

/* Multipart replies.  REPLIES is a list of buffers (through their
 * 'list_node'), each one message; every message but the last has the
 * "more" flag, and every message's length field is correct after each
 * call.  Free the list with buffer_list_delete(). */

/* Initializes REPLIES with one empty reply to statistics request
 * REQUEST. */
void ofpmp_init(struct list *replies, const struct ofp_header *request);

/* Makes sure that the last message of REPLIES has room for SIZE more bytes
 * (SIZE at most 65535 minus the headers), starting a new message if it
 * does not, and returns the last message. */
struct buffer *ofpmp_reserve(struct list *replies, size_t size);

/* Appends SIZE zeroed bytes to REPLIES, as one piece that is never split
 * over two messages, and returns a pointer to them. */
void *ofpmp_append(struct list *replies, size_t size);

/* For a piece of variable size appended directly to the last message of
 * REPLIES from offset START_OFS (from the start of its data): if the
 * message is now over 64 kB, moves the piece into a new message.  The
 * piece must fit in one message. */
void ofpmp_postappend(struct list *replies, size_t start_ofs);

/* Returns the version of the messages in REPLIES. */
enum ofp_version ofpmp_version(const struct list *replies);

#endif /* ofp-msgs.h */

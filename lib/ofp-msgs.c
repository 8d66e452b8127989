/* ofp-msgs: OpenFlow message types and framing.  See ofp-msgs.h. */
#include <config.h>
#include "ofp-msgs.h"

#include <arpa/inet.h>
#include <string.h>
#include "atomic.h"
#include "buffer.h"
#include "util.h"

/* The kinds of header a raw type has. */
enum raw_kind {
    K_OFPT,                     /* Standard. */
    K_OFPST,                    /* Standard statistics. */
    K_NXT,                      /* Nicira vendor message. */
    K_NXST,                     /* Nicira vendor statistics. */
    K_ONFT,                     /* ONF experimenter message. */
};

struct raw_info {
    const char *name;           /* As ovs-ofctl prints it. */
    enum ofptype type;
    enum raw_kind kind;
    bool reply;                 /* Statistics: a reply, not a request. */
    uint8_t min_version;        /* First version that has it. */
    uint8_t max_version;        /* Last version that has it. */
    uint32_t number;            /* Type, statistics type or subtype. */
    uint16_t min_body;          /* Smallest body size. */
    uint16_t element;           /* 0: fixed size; else element size. */
};

/* Version ranges, as (minimum, maximum). */
#define ALL 0x01, 0xff
#define V(A, B) OFP##A##_VERSION, OFP##B##_VERSION
#define VP(A) OFP##A##_VERSION, 0xff

#define T(RAW, NAME, TYPE, VERSIONS, NUM, BODY, ELEM)                 \
    [OFPRAW_##RAW] = { NAME, OFPTYPE_##TYPE, K_OFPT, false,           \
                       VERSIONS, NUM, BODY, ELEM }
#define NXT(RAW, NAME, TYPE, VERSIONS, NUM, BODY, ELEM)               \
    [OFPRAW_##RAW] = { NAME, OFPTYPE_##TYPE, K_NXT, false,            \
                       VERSIONS, NUM, BODY, ELEM }
#define ONFT(RAW, NAME, TYPE, VERSIONS, NUM, BODY, ELEM)              \
    [OFPRAW_##RAW] = { NAME, OFPTYPE_##TYPE, K_ONFT, false,           \
                       VERSIONS, NUM, BODY, ELEM }
#define STQ(RAW, NAME, TYPE, VERSIONS, NUM, BODY, ELEM)               \
    [OFPRAW_##RAW] = { NAME " request", OFPTYPE_##TYPE, K_OFPST,      \
                       false, VERSIONS, NUM, BODY, ELEM }
#define STR(RAW, NAME, TYPE, VERSIONS, NUM, BODY, ELEM)               \
    [OFPRAW_##RAW] = { NAME " reply", OFPTYPE_##TYPE, K_OFPST,        \
                       true, VERSIONS, NUM, BODY, ELEM }
#define NXSTQ(RAW, NAME, TYPE, VERSIONS, NUM, BODY, ELEM)             \
    [OFPRAW_##RAW] = { NAME " request", OFPTYPE_##TYPE, K_NXST,       \
                       false, VERSIONS, NUM, BODY, ELEM }
#define NXSTR(RAW, NAME, TYPE, VERSIONS, NUM, BODY, ELEM)             \
    [OFPRAW_##RAW] = { NAME " reply", OFPTYPE_##TYPE, K_NXST,         \
                       true, VERSIONS, NUM, BODY, ELEM }

/* Body sizes are those of the structures the specifications define, less
 * their headers. */
static const struct raw_info raw_infos[OFPRAW_N_RAWS] = {
    T(OFPT_HELLO, "OFPT_HELLO", HELLO, ALL, 0, 0, 1),
    T(OFPT_ERROR, "OFPT_ERROR", ERROR, ALL, 1, 4, 1),
    T(OFPT_ECHO_REQUEST, "OFPT_ECHO_REQUEST", ECHO_REQUEST, ALL, 2, 0, 1),
    T(OFPT_ECHO_REPLY, "OFPT_ECHO_REPLY", ECHO_REPLY, ALL, 3, 0, 1),

    T(OFPT_FEATURES_REQUEST, "OFPT_FEATURES_REQUEST", FEATURES_REQUEST,
      VP(10), 5, 0, 0),
    T(OFPT10_FEATURES_REPLY, "OFPT_FEATURES_REPLY", FEATURES_REPLY,
      V(10, 10), 6, 24, 48),
    T(OFPT11_FEATURES_REPLY, "OFPT_FEATURES_REPLY", FEATURES_REPLY,
      V(11, 12), 6, 24, 64),
    T(OFPT13_FEATURES_REPLY, "OFPT_FEATURES_REPLY", FEATURES_REPLY,
      VP(13), 6, 24, 0),
    T(OFPT_GET_CONFIG_REQUEST, "OFPT_GET_CONFIG_REQUEST",
      GET_CONFIG_REQUEST, VP(10), 7, 0, 0),
    T(OFPT_GET_CONFIG_REPLY, "OFPT_GET_CONFIG_REPLY", GET_CONFIG_REPLY,
      VP(10), 8, 4, 0),
    T(OFPT_SET_CONFIG, "OFPT_SET_CONFIG", SET_CONFIG, VP(10), 9, 4, 0),
    T(OFPT10_PACKET_IN, "OFPT_PACKET_IN", PACKET_IN, V(10, 10), 10, 10, 1),
    T(OFPT11_PACKET_IN, "OFPT_PACKET_IN", PACKET_IN, V(11, 11), 10, 16, 1),
    T(OFPT12_PACKET_IN, "OFPT_PACKET_IN", PACKET_IN, V(12, 12), 10, 8, 1),
    T(OFPT13_PACKET_IN, "OFPT_PACKET_IN", PACKET_IN, VP(13), 10, 16, 1),
    NXT(NXT_PACKET_IN, "NXT_PACKET_IN", PACKET_IN, VP(10), 17, 24, 1),
    NXT(NXT_PACKET_IN2, "NXT_PACKET_IN2", PACKET_IN, VP(10), 30, 0, 8),
    T(OFPT10_FLOW_REMOVED, "OFPT_FLOW_REMOVED", FLOW_REMOVED, V(10, 10),
      11, 80, 0),
    T(OFPT11_FLOW_REMOVED, "OFPT_FLOW_REMOVED", FLOW_REMOVED, V(11, 14),
      11, 40, 8),
    T(OFPT15_FLOW_REMOVED, "OFPT_FLOW_REMOVED", FLOW_REMOVED, VP(15),
      11, 16, 8),
    NXT(NXT_FLOW_REMOVED, "NXT_FLOW_REMOVED", FLOW_REMOVED, VP(10),
        14, 40, 8),
    T(OFPT10_PORT_STATUS, "OFPT_PORT_STATUS", PORT_STATUS, V(10, 10),
      12, 56, 0),
    T(OFPT11_PORT_STATUS, "OFPT_PORT_STATUS", PORT_STATUS, V(11, 13),
      12, 72, 0),
    T(OFPT14_PORT_STATUS, "OFPT_PORT_STATUS", PORT_STATUS, VP(14),
      12, 48, 8),
    T(OFPT10_PACKET_OUT, "OFPT_PACKET_OUT", PACKET_OUT, V(10, 10),
      13, 8, 1),
    T(OFPT11_PACKET_OUT, "OFPT_PACKET_OUT", PACKET_OUT, VP(11), 13, 16, 1),
    T(OFPT10_FLOW_MOD, "OFPT_FLOW_MOD", FLOW_MOD, V(10, 10), 14, 64, 8),
    T(OFPT11_FLOW_MOD, "OFPT_FLOW_MOD", FLOW_MOD, VP(11), 14, 40, 8),
    NXT(NXT_FLOW_MOD, "NXT_FLOW_MOD", FLOW_MOD, VP(10), 13, 32, 8),
    T(OFPT11_GROUP_MOD, "OFPT_GROUP_MOD", GROUP_MOD, V(11, 14), 15, 8, 8),
    T(OFPT15_GROUP_MOD, "OFPT_GROUP_MOD", GROUP_MOD, VP(15), 15, 16, 8),
    T(OFPT10_PORT_MOD, "OFPT_PORT_MOD", PORT_MOD, V(10, 10), 15, 24, 0),
    T(OFPT11_PORT_MOD, "OFPT_PORT_MOD", PORT_MOD, V(11, 13), 16, 32, 0),
    T(OFPT14_PORT_MOD, "OFPT_PORT_MOD", PORT_MOD, VP(14), 16, 24, 8),
    T(OFPT11_TABLE_MOD, "OFPT_TABLE_MOD", TABLE_MOD, V(11, 13), 17, 8, 0),
    T(OFPT14_TABLE_MOD, "OFPT_TABLE_MOD", TABLE_MOD, VP(14), 17, 8, 8),
    T(OFPT10_BARRIER_REQUEST, "OFPT_BARRIER_REQUEST", BARRIER_REQUEST,
      V(10, 10), 18, 0, 0),
    T(OFPT11_BARRIER_REQUEST, "OFPT_BARRIER_REQUEST", BARRIER_REQUEST,
      VP(11), 20, 0, 0),
    T(OFPT10_BARRIER_REPLY, "OFPT_BARRIER_REPLY", BARRIER_REPLY,
      V(10, 10), 19, 0, 0),
    T(OFPT11_BARRIER_REPLY, "OFPT_BARRIER_REPLY", BARRIER_REPLY,
      VP(11), 21, 0, 0),
    T(OFPT10_QUEUE_GET_CONFIG_REQUEST, "OFPT_QUEUE_GET_CONFIG_REQUEST",
      QUEUE_GET_CONFIG_REQUEST, V(10, 10), 20, 4, 0),
    T(OFPT11_QUEUE_GET_CONFIG_REQUEST, "OFPT_QUEUE_GET_CONFIG_REQUEST",
      QUEUE_GET_CONFIG_REQUEST, V(11, 13), 22, 8, 0),
    T(OFPT10_QUEUE_GET_CONFIG_REPLY, "OFPT_QUEUE_GET_CONFIG_REPLY",
      QUEUE_GET_CONFIG_REPLY, V(10, 10), 21, 8, 8),
    T(OFPT11_QUEUE_GET_CONFIG_REPLY, "OFPT_QUEUE_GET_CONFIG_REPLY",
      QUEUE_GET_CONFIG_REPLY, V(11, 13), 23, 8, 8),
    T(OFPT12_ROLE_REQUEST, "OFPT_ROLE_REQUEST", ROLE_REQUEST, VP(12),
      24, 16, 0),
    NXT(NXT_ROLE_REQUEST, "NXT_ROLE_REQUEST", ROLE_REQUEST, VP(10),
        10, 4, 0),
    T(OFPT12_ROLE_REPLY, "OFPT_ROLE_REPLY", ROLE_REPLY, VP(12), 25, 16, 0),
    NXT(NXT_ROLE_REPLY, "NXT_ROLE_REPLY", ROLE_REPLY, VP(10), 11, 4, 0),
    T(OFPT13_GET_ASYNC_REQUEST, "OFPT_GET_ASYNC_REQUEST",
      GET_ASYNC_REQUEST, V(13, 13), 26, 0, 0),
    T(OFPT14_GET_ASYNC_REQUEST, "OFPT_GET_ASYNC_REQUEST",
      GET_ASYNC_REQUEST, VP(14), 26, 0, 0),
    T(OFPT13_GET_ASYNC_REPLY, "OFPT_GET_ASYNC_REPLY", GET_ASYNC_REPLY,
      V(13, 13), 27, 24, 0),
    T(OFPT14_GET_ASYNC_REPLY, "OFPT_GET_ASYNC_REPLY", GET_ASYNC_REPLY,
      VP(14), 27, 0, 8),
    T(OFPT13_SET_ASYNC, "OFPT_SET_ASYNC", SET_ASYNC_CONFIG, V(13, 13),
      28, 24, 0),
    NXT(NXT_SET_ASYNC_CONFIG, "NXT_SET_ASYNC_CONFIG", SET_ASYNC_CONFIG,
        VP(10), 19, 24, 0),
    NXT(NXT_SET_ASYNC_CONFIG2, "NXT_SET_ASYNC_CONFIG2", SET_ASYNC_CONFIG,
        V(10, 13), 27, 0, 8),
    T(OFPT14_SET_ASYNC, "OFPT_SET_ASYNC", SET_ASYNC_CONFIG, VP(14),
      28, 0, 8),
    T(OFPT13_METER_MOD, "OFPT_METER_MOD", METER_MOD, VP(13), 29, 8, 8),
    T(OFPT14_ROLE_STATUS, "OFPT_ROLE_STATUS", ROLE_STATUS, VP(14),
      30, 16, 8),
    T(OFPT14_TABLE_STATUS, "OFPT_TABLE_STATUS", TABLE_STATUS, VP(14),
      31, 8, 8),
    T(OFPT14_REQUESTFORWARD, "OFPT_REQUESTFORWARD", REQUESTFORWARD,
      VP(14), 32, 8, 8),
    T(OFPT14_BUNDLE_CONTROL, "OFPT_BUNDLE_CONTROL", BUNDLE_CONTROL,
      VP(14), 33, 8, 8),
    ONFT(ONFT13_BUNDLE_CONTROL, "ONFT_BUNDLE_CONTROL", BUNDLE_CONTROL,
         V(13, 13), 2300, 8, 8),
    T(OFPT14_BUNDLE_ADD_MESSAGE, "OFPT_BUNDLE_ADD_MESSAGE",
      BUNDLE_ADD_MESSAGE, VP(14), 34, 8, 1),
    ONFT(ONFT13_BUNDLE_ADD_MESSAGE, "ONFT_BUNDLE_ADD_MESSAGE",
         BUNDLE_ADD_MESSAGE, V(13, 13), 2301, 8, 1),

    STQ(OFPST_DESC_REQUEST, "OFPST_DESC", DESC_STATS_REQUEST, VP(10),
        0, 0, 0),
    STR(OFPST_DESC_REPLY, "OFPST_DESC", DESC_STATS_REPLY, VP(10),
        0, 1056, 0),
    STQ(OFPST10_FLOW_REQUEST, "OFPST_FLOW", FLOW_STATS_REQUEST, V(10, 10),
        1, 44, 0),
    STQ(OFPST11_FLOW_REQUEST, "OFPST_FLOW", FLOW_STATS_REQUEST, VP(11),
        1, 32, 8),
    NXSTQ(NXST_FLOW_REQUEST, "NXST_FLOW", FLOW_STATS_REQUEST, V(10, 10),
          0, 8, 8),
    STR(OFPST10_FLOW_REPLY, "OFPST_FLOW", FLOW_STATS_REPLY, V(10, 10),
        1, 0, 1),
    STR(OFPST11_FLOW_REPLY, "OFPST_FLOW", FLOW_STATS_REPLY, V(11, 12),
        1, 0, 1),
    STR(OFPST13_FLOW_REPLY, "OFPST_FLOW", FLOW_STATS_REPLY, V(13, 14),
        1, 0, 1),
    STR(OFPST15_FLOW_REPLY, "OFPST_FLOW", FLOW_STATS_REPLY, VP(15),
        1, 0, 1),
    NXSTR(NXST_FLOW_REPLY, "NXST_FLOW", FLOW_STATS_REPLY, V(10, 10),
          0, 0, 1),
    STQ(OFPST10_AGGREGATE_REQUEST, "OFPST_AGGREGATE",
        AGGREGATE_STATS_REQUEST, V(10, 10), 2, 44, 0),
    STQ(OFPST11_AGGREGATE_REQUEST, "OFPST_AGGREGATE",
        AGGREGATE_STATS_REQUEST, VP(11), 2, 32, 8),
    NXSTQ(NXST_AGGREGATE_REQUEST, "NXST_AGGREGATE",
          AGGREGATE_STATS_REQUEST, V(10, 10), 1, 8, 8),
    STR(OFPST_AGGREGATE_REPLY, "OFPST_AGGREGATE", AGGREGATE_STATS_REPLY,
        V(10, 14), 2, 24, 0),
    STR(OFPST15_AGGREGATE_REPLY, "OFPST_AGGREGATE", AGGREGATE_STATS_REPLY,
        VP(15), 2, 8, 8),
    NXSTR(NXST_AGGREGATE_REPLY, "NXST_AGGREGATE", AGGREGATE_STATS_REPLY,
          V(10, 10), 1, 24, 0),
    STQ(OFPST_TABLE_REQUEST, "OFPST_TABLE", TABLE_STATS_REQUEST, VP(10),
        3, 0, 0),
    STR(OFPST10_TABLE_REPLY, "OFPST_TABLE", TABLE_STATS_REPLY, V(10, 10),
        3, 0, 64),
    STR(OFPST11_TABLE_REPLY, "OFPST_TABLE", TABLE_STATS_REPLY, V(11, 11),
        3, 0, 88),
    STR(OFPST12_TABLE_REPLY, "OFPST_TABLE", TABLE_STATS_REPLY, V(12, 12),
        3, 0, 128),
    STR(OFPST13_TABLE_REPLY, "OFPST_TABLE", TABLE_STATS_REPLY, VP(13),
        3, 0, 24),
    STQ(OFPST10_PORT_REQUEST, "OFPST_PORT", PORT_STATS_REQUEST, V(10, 10),
        4, 8, 0),
    STQ(OFPST11_PORT_REQUEST, "OFPST_PORT", PORT_STATS_REQUEST, VP(11),
        4, 8, 0),
    STR(OFPST10_PORT_REPLY, "OFPST_PORT", PORT_STATS_REPLY, V(10, 10),
        4, 0, 104),
    STR(OFPST11_PORT_REPLY, "OFPST_PORT", PORT_STATS_REPLY, V(11, 12),
        4, 0, 104),
    STR(OFPST13_PORT_REPLY, "OFPST_PORT", PORT_STATS_REPLY, V(13, 13),
        4, 0, 112),
    STR(OFPST14_PORT_REPLY, "OFPST_PORT", PORT_STATS_REPLY, VP(14),
        4, 0, 8),
    STQ(OFPST10_QUEUE_REQUEST, "OFPST_QUEUE", QUEUE_STATS_REQUEST,
        V(10, 10), 5, 8, 0),
    STQ(OFPST11_QUEUE_REQUEST, "OFPST_QUEUE", QUEUE_STATS_REQUEST,
        VP(11), 5, 8, 0),
    STR(OFPST10_QUEUE_REPLY, "OFPST_QUEUE", QUEUE_STATS_REPLY, V(10, 10),
        5, 0, 32),
    STR(OFPST11_QUEUE_REPLY, "OFPST_QUEUE", QUEUE_STATS_REPLY, V(11, 12),
        5, 0, 32),
    STR(OFPST13_QUEUE_REPLY, "OFPST_QUEUE", QUEUE_STATS_REPLY, V(13, 13),
        5, 0, 40),
    STR(OFPST14_QUEUE_REPLY, "OFPST_QUEUE", QUEUE_STATS_REPLY, VP(14),
        5, 0, 8),
    STQ(OFPST11_GROUP_REQUEST, "OFPST_GROUP", GROUP_STATS_REQUEST, VP(11),
        6, 8, 0),
    STR(OFPST11_GROUP_REPLY, "OFPST_GROUP", GROUP_STATS_REPLY, V(11, 12),
        6, 0, 8),
    STR(OFPST13_GROUP_REPLY, "OFPST_GROUP", GROUP_STATS_REPLY, VP(13),
        6, 0, 8),
    STQ(OFPST11_GROUP_DESC_REQUEST, "OFPST_GROUP_DESC",
        GROUP_DESC_STATS_REQUEST, V(11, 14), 7, 0, 0),
    STQ(OFPST15_GROUP_DESC_REQUEST, "OFPST_GROUP_DESC",
        GROUP_DESC_STATS_REQUEST, VP(15), 7, 8, 0),
    STR(OFPST11_GROUP_DESC_REPLY, "OFPST_GROUP_DESC",
        GROUP_DESC_STATS_REPLY, VP(11), 7, 0, 8),
    STQ(OFPST12_GROUP_FEATURES_REQUEST, "OFPST_GROUP_FEATURES",
        GROUP_FEATURES_STATS_REQUEST, VP(12), 8, 0, 0),
    STR(OFPST12_GROUP_FEATURES_REPLY, "OFPST_GROUP_FEATURES",
        GROUP_FEATURES_STATS_REPLY, VP(12), 8, 40, 0),
    STQ(OFPST13_METER_REQUEST, "OFPST_METER", METER_STATS_REQUEST, VP(13),
        9, 8, 0),
    STR(OFPST13_METER_REPLY, "OFPST_METER", METER_STATS_REPLY, VP(13),
        9, 0, 8),
    STQ(OFPST13_METER_CONFIG_REQUEST, "OFPST_METER_CONFIG",
        METER_CONFIG_STATS_REQUEST, VP(13), 10, 8, 0),
    STR(OFPST13_METER_CONFIG_REPLY, "OFPST_METER_CONFIG",
        METER_CONFIG_STATS_REPLY, VP(13), 10, 0, 8),
    STQ(OFPST13_METER_FEATURES_REQUEST, "OFPST_METER_FEATURES",
        METER_FEATURES_STATS_REQUEST, VP(13), 11, 0, 0),
    STR(OFPST13_METER_FEATURES_REPLY, "OFPST_METER_FEATURES",
        METER_FEATURES_STATS_REPLY, VP(13), 11, 16, 0),
    STQ(OFPST13_TABLE_FEATURES_REQUEST, "OFPST_TABLE_FEATURES",
        TABLE_FEATURES_STATS_REQUEST, VP(13), 12, 0, 8),
    STR(OFPST13_TABLE_FEATURES_REPLY, "OFPST_TABLE_FEATURES",
        TABLE_FEATURES_STATS_REPLY, VP(13), 12, 0, 8),
    STQ(OFPST10_PORT_DESC_REQUEST, "OFPST_PORT_DESC",
        PORT_DESC_STATS_REQUEST, V(10, 14), 13, 0, 0),
    STQ(OFPST15_PORT_DESC_REQUEST, "OFPST_PORT_DESC",
        PORT_DESC_STATS_REQUEST, VP(15), 13, 8, 0),
    STR(OFPST10_PORT_DESC_REPLY, "OFPST_PORT_DESC", PORT_DESC_STATS_REPLY,
        V(10, 10), 13, 0, 48),
    STR(OFPST11_PORT_DESC_REPLY, "OFPST_PORT_DESC", PORT_DESC_STATS_REPLY,
        V(11, 13), 13, 0, 64),
    STR(OFPST14_PORT_DESC_REPLY, "OFPST_PORT_DESC", PORT_DESC_STATS_REPLY,
        VP(14), 13, 0, 8),
    STQ(OFPST14_TABLE_DESC_REQUEST, "OFPST_TABLE_DESC", TABLE_DESC_REQUEST,
        VP(14), 14, 0, 0),
    STR(OFPST14_TABLE_DESC_REPLY, "OFPST_TABLE_DESC", TABLE_DESC_REPLY,
        VP(14), 14, 0, 8),
    STQ(OFPST14_QUEUE_DESC_REQUEST, "OFPST_QUEUE_DESC",
        QUEUE_DESC_STATS_REQUEST, VP(14), 15, 8, 0),
    STR(OFPST14_QUEUE_DESC_REPLY, "OFPST_QUEUE_DESC",
        QUEUE_DESC_STATS_REPLY, VP(14), 15, 0, 8),
    STQ(OFPST14_FLOW_MONITOR_REQUEST, "OFPST_FLOW_MONITOR",
        FLOW_MONITOR_STATS_REQUEST, VP(14), 16, 0, 8),
    NXSTQ(NXST_FLOW_MONITOR_REQUEST, "NXST_FLOW_MONITOR",
          FLOW_MONITOR_STATS_REQUEST, V(10, 10), 2, 0, 8),
    STR(OFPST14_FLOW_MONITOR_REPLY, "OFPST_FLOW_MONITOR",
        FLOW_MONITOR_STATS_REPLY, VP(14), 16, 0, 8),
    NXSTR(NXST_FLOW_MONITOR_REPLY, "NXST_FLOW_MONITOR",
          FLOW_MONITOR_STATS_REPLY, V(10, 10), 2, 0, 8),

    NXT(NXT_SET_FLOW_FORMAT, "NXT_SET_FLOW_FORMAT", SET_FLOW_FORMAT,
        V(10, 10), 12, 4, 0),
    NXT(NXT_FLOW_MOD_TABLE_ID, "NXT_FLOW_MOD_TABLE_ID", FLOW_MOD_TABLE_ID,
        VP(10), 15, 8, 0),
    NXT(NXT_SET_PACKET_IN_FORMAT, "NXT_SET_PACKET_IN_FORMAT",
        SET_PACKET_IN_FORMAT, VP(10), 16, 4, 0),
    NXT(NXT_FLOW_AGE, "NXT_FLOW_AGE", FLOW_AGE, VP(10), 18, 0, 0),
    NXT(NXT_SET_CONTROLLER_ID, "NXT_SET_CONTROLLER_ID", SET_CONTROLLER_ID,
        VP(10), 20, 8, 0),
    NXT(NXT_FLOW_MONITOR_CANCEL, "NXT_FLOW_MONITOR_CANCEL",
        FLOW_MONITOR_CANCEL, VP(10), 21, 4, 0),
    NXT(NXT_FLOW_MONITOR_PAUSED, "NXT_FLOW_MONITOR_PAUSED",
        FLOW_MONITOR_PAUSED, VP(10), 22, 0, 0),
    NXT(NXT_FLOW_MONITOR_RESUMED, "NXT_FLOW_MONITOR_RESUMED",
        FLOW_MONITOR_RESUMED, VP(10), 23, 0, 0),
    NXT(NXT_TLV_TABLE_MOD, "NXT_TLV_TABLE_MOD", NXT_TLV_TABLE_MOD, VP(10),
        24, 8, 8),
    NXT(NXT_TLV_TABLE_REQUEST, "NXT_TLV_TABLE_REQUEST",
        NXT_TLV_TABLE_REQUEST, VP(10), 25, 0, 0),
    NXT(NXT_TLV_TABLE_REPLY, "NXT_TLV_TABLE_REPLY", NXT_TLV_TABLE_REPLY,
        VP(10), 26, 16, 8),
    NXT(NXT_RESUME, "NXT_RESUME", NXT_RESUME, VP(10), 28, 0, 8),
    NXT(NXT_CT_FLUSH_ZONE, "NXT_CT_FLUSH_ZONE", CT_FLUSH_ZONE, VP(10),
        29, 8, 0),
};

static const char *const type_names[OFPTYPE_N_TYPES] = {
#define N(TYPE) [OFPTYPE_##TYPE] = #TYPE
    N(HELLO), N(ERROR), N(ECHO_REQUEST), N(ECHO_REPLY),
    N(FEATURES_REQUEST), N(FEATURES_REPLY), N(GET_CONFIG_REQUEST),
    N(GET_CONFIG_REPLY), N(SET_CONFIG), N(PACKET_IN), N(FLOW_REMOVED),
    N(PORT_STATUS), N(PACKET_OUT), N(FLOW_MOD), N(GROUP_MOD), N(PORT_MOD),
    N(TABLE_MOD), N(BARRIER_REQUEST), N(BARRIER_REPLY),
    N(QUEUE_GET_CONFIG_REQUEST), N(QUEUE_GET_CONFIG_REPLY),
    N(ROLE_REQUEST), N(ROLE_REPLY), N(GET_ASYNC_REQUEST),
    N(GET_ASYNC_REPLY), N(SET_ASYNC_CONFIG), N(METER_MOD), N(ROLE_STATUS),
    N(TABLE_STATUS), N(REQUESTFORWARD), N(BUNDLE_CONTROL),
    N(BUNDLE_ADD_MESSAGE), N(DESC_STATS_REQUEST), N(DESC_STATS_REPLY),
    N(FLOW_STATS_REQUEST), N(FLOW_STATS_REPLY),
    N(AGGREGATE_STATS_REQUEST), N(AGGREGATE_STATS_REPLY),
    N(TABLE_STATS_REQUEST), N(TABLE_STATS_REPLY), N(PORT_STATS_REQUEST),
    N(PORT_STATS_REPLY), N(QUEUE_STATS_REQUEST), N(QUEUE_STATS_REPLY),
    N(GROUP_STATS_REQUEST), N(GROUP_STATS_REPLY),
    N(GROUP_DESC_STATS_REQUEST), N(GROUP_DESC_STATS_REPLY),
    N(GROUP_FEATURES_STATS_REQUEST), N(GROUP_FEATURES_STATS_REPLY),
    N(METER_STATS_REQUEST), N(METER_STATS_REPLY),
    N(METER_CONFIG_STATS_REQUEST), N(METER_CONFIG_STATS_REPLY),
    N(METER_FEATURES_STATS_REQUEST), N(METER_FEATURES_STATS_REPLY),
    N(TABLE_FEATURES_STATS_REQUEST), N(TABLE_FEATURES_STATS_REPLY),
    N(PORT_DESC_STATS_REQUEST), N(PORT_DESC_STATS_REPLY),
    N(TABLE_DESC_REQUEST), N(TABLE_DESC_REPLY),
    N(QUEUE_DESC_STATS_REQUEST), N(QUEUE_DESC_STATS_REPLY),
    N(FLOW_MONITOR_STATS_REQUEST), N(FLOW_MONITOR_STATS_REPLY),
    N(SET_FLOW_FORMAT), N(FLOW_MOD_TABLE_ID), N(SET_PACKET_IN_FORMAT),
    N(FLOW_AGE), N(SET_CONTROLLER_ID), N(FLOW_MONITOR_CANCEL),
    N(FLOW_MONITOR_PAUSED), N(FLOW_MONITOR_RESUMED),
    N(NXT_TLV_TABLE_MOD), N(NXT_TLV_TABLE_REQUEST),
    N(NXT_TLV_TABLE_REPLY), N(NXT_RESUME), N(CT_FLUSH_ZONE),
#undef N
};

static bool
is_known_version(uint8_t version)
{
    return version >= OFP_MIN_VERSION && version <= OFP_MAX_VERSION;
}

static void
stats_types(uint8_t version, uint8_t *request, uint8_t *reply)
{
    if (version == OFP10_VERSION) {
        *request = OFPT10_STATS_REQUEST;
        *reply = OFPT10_STATS_REPLY;
    } else {
        *request = OFPT11_STATS_REQUEST;
        *reply = OFPT11_STATS_REPLY;
    }
}

/* The size of a standard statistics header in VERSION. */
static size_t
stats_header_size(uint8_t version)
{
    return version == OFP10_VERSION ? 12 : 16;
}

/* The identity of a message, as its headers give it. */
struct raw_key {
    enum raw_kind kind;
    bool reply;
    uint32_t number;
    size_t header_size;
};

/* Reads the key of message OH of LENGTH bytes (at least 8). */
static enum ofperr
decode_key(const struct ofp_header *oh, size_t length, struct raw_key *key)
{
    const uint8_t *p = (const uint8_t *) oh;
    uint8_t st_request, st_reply;

    stats_types(oh->version, &st_request, &st_reply);
    memset(key, 0, sizeof *key);
    if (oh->type == OFPT_VENDOR) {
        uint32_t vendor;

        if (length < 12) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        vendor = ntohl(get_unaligned_be32(p + 8));
        if (vendor == NX_VENDOR_ID) {
            key->kind = K_NXT;
        } else if (vendor == ONF_VENDOR_ID) {
            key->kind = K_ONFT;
        } else {
            return OFPERR_OFPBRC_BAD_EXPERIMENTER;
        }
        if (length < 16) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        key->number = ntohl(get_unaligned_be32(p + 12));
        key->header_size = 16;
    } else if (is_known_version(oh->version)
               && (oh->type == st_request || oh->type == st_reply)) {
        size_t hs = stats_header_size(oh->version);
        uint16_t stat;

        if (length < hs) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        key->reply = oh->type == st_reply;
        stat = ntohs(get_unaligned_be16(p + 8));
        if (stat == OFPST_VENDOR) {
            uint32_t vendor;

            if (length < hs + 4) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            vendor = ntohl(get_unaligned_be32(p + hs));
            if (vendor != NX_VENDOR_ID) {
                return OFPERR_OFPBRC_BAD_EXPERIMENTER;
            }
            if (length < 24) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            key->kind = K_NXST;
            key->number = ntohl(get_unaligned_be32(p + hs + 4));
            key->header_size = 24;
        } else {
            key->kind = K_OFPST;
            key->number = stat;
            key->header_size = hs;
        }
    } else {
        key->kind = K_OFPT;
        key->number = oh->type;
        key->header_size = 8;
    }
    return 0;
}

static bool
key_matches(const struct raw_info *info, const struct raw_key *key)
{
    return (info->kind == key->kind
            && info->number == key->number
            && ((info->kind != K_OFPST && info->kind != K_NXST)
                || info->reply == key->reply));
}

static enum ofperr
unknown_key_error(const struct raw_key *key)
{
    switch (key->kind) {
    case K_OFPT:
        return OFPERR_OFPBRC_BAD_TYPE;
    case K_OFPST:
        return OFPERR_OFPBRC_BAD_STAT;
    case K_NXT:
    case K_NXST:
    case K_ONFT:
    default:
        return OFPERR_OFPBRC_BAD_SUBTYPE;
    }
}

static enum ofperr
decode__(const struct ofp_header *oh, size_t length, enum ofpraw *rawp)
{
    struct raw_key key;
    enum ofperr error;
    size_t body;
    int raw;

    if (!oh->version
        || (!is_known_version(oh->version) && oh->type > OFPT_ECHO_REPLY)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (length < sizeof *oh) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = decode_key(oh, length, &key);
    if (error) {
        return error;
    }
    for (raw = 0; raw < OFPRAW_N_RAWS; raw++) {
        const struct raw_info *info = &raw_infos[raw];

        if (key_matches(info, &key)
            && oh->version >= info->min_version
            && oh->version <= info->max_version) {
            break;
        }
    }
    if (raw >= OFPRAW_N_RAWS) {
        return unknown_key_error(&key);
    }

    body = length - key.header_size;
    if (body < raw_infos[raw].min_body) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    body -= raw_infos[raw].min_body;
    if (raw_infos[raw].element
        ? body % raw_infos[raw].element != 0
        : body != 0) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *rawp = raw;
    return 0;
}

enum ofperr
ofpraw_decode(enum ofpraw *rawp, const struct ofp_header *oh)
{
    return decode__(oh, ntohs(oh->length), rawp);
}

enum ofperr
ofpraw_pull(enum ofpraw *rawp, struct buffer *b)
{
    const struct ofp_header *oh;
    enum ofperr error;
    enum ofpraw raw;

    oh = buffer_at(b, 0, sizeof *oh);
    if (!oh) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (ntohs(oh->length) != b->size) {
        /* A version we do not know says nothing about the length. */
        return (!is_known_version(oh->version) && oh->type > OFPT_ECHO_REPLY
                ? OFPERR_OFPBRC_BAD_VERSION : OFPERR_OFPBRC_BAD_LEN);
    }
    error = decode__(oh, b->size, &raw);
    if (error) {
        return error;
    }
    buffer_set_header(b, b->data);
    buffer_pull(b, ofpraw_header_size(raw, oh->version));
    buffer_set_msg(b, b->data);
    *rawp = raw;
    return 0;
}

enum ofperr
ofptype_decode(enum ofptype *typep, const struct ofp_header *oh)
{
    enum ofpraw raw;
    enum ofperr error = ofpraw_decode(&raw, oh);

    if (!error) {
        *typep = ofptype_from_ofpraw(raw);
    }
    return error;
}

enum ofperr
ofptype_pull(enum ofptype *typep, struct buffer *b)
{
    enum ofpraw raw;
    enum ofperr error = ofpraw_pull(&raw, b);

    if (!error) {
        *typep = ofptype_from_ofpraw(raw);
    }
    return error;
}

enum ofptype
ofptype_from_ofpraw(enum ofpraw raw)
{
    sluice_assert((unsigned) raw < OFPRAW_N_RAWS);
    return raw_infos[raw].type;
}

const char *
ofpraw_get_name(enum ofpraw raw)
{
    return (unsigned) raw < OFPRAW_N_RAWS ? raw_infos[raw].name : "<invalid>";
}

const char *
ofptype_get_name(enum ofptype type)
{
    return ((unsigned) type < OFPTYPE_N_TYPES
            ? type_names[type] : "<invalid>");
}

bool
ofpraw_in_version(enum ofpraw raw, enum ofp_version version)
{
    return ((unsigned) raw < OFPRAW_N_RAWS
            && version >= raw_infos[raw].min_version
            && version <= raw_infos[raw].max_version);
}

size_t
ofpraw_header_size(enum ofpraw raw, enum ofp_version version)
{
    switch (raw_infos[raw].kind) {
    case K_OFPT:
        return 8;
    case K_OFPST:
        return stats_header_size(version);
    case K_NXT:
    case K_ONFT:
        return 16;
    case K_NXST:
    default:
        return 24;
    }
}

size_t
ofpraw_min_body_size(enum ofpraw raw, size_t *element_size)
{
    if (element_size) {
        *element_size = raw_infos[raw].element;
    }
    return raw_infos[raw].min_body;
}

enum ofpraw
ofpraw_stats_request_to_reply(enum ofpraw request, enum ofp_version version)
{
    const struct raw_info *rq = &raw_infos[request];
    int raw;

    sluice_assert((rq->kind == K_OFPST || rq->kind == K_NXST)
                  && !rq->reply);
    for (raw = 0; raw < OFPRAW_N_RAWS; raw++) {
        const struct raw_info *info = &raw_infos[raw];

        if (info->kind == rq->kind && info->reply
            && info->number == rq->number
            && version >= info->min_version
            && version <= info->max_version) {
            return raw;
        }
    }
    sluice_abort("%s: no reply in version 0x%02x", rq->name, version);
}

static bool
ofpmsg_is_stats(const struct ofp_header *oh, bool reply)
{
    uint8_t st_request, st_reply;

    if (!is_known_version(oh->version)) {
        return false;
    }
    stats_types(oh->version, &st_request, &st_reply);
    return oh->type == (reply ? st_reply : st_request);
}

bool
ofpmsg_is_stat_request(const struct ofp_header *oh)
{
    return ofpmsg_is_stats(oh, false);
}

bool
ofpmsg_is_stat_reply(const struct ofp_header *oh)
{
    return ofpmsg_is_stats(oh, true);
}

uint16_t
ofpmp_flags(const struct ofp_header *oh)
{
    return ntohs(get_unaligned_be16((const uint8_t *) oh + 10));
}

bool
ofpmp_more(const struct ofp_header *oh)
{
    return (ofpmp_flags(oh) & OFPSF_REPLY_MORE) != 0;
}

/* Encoding. */

be32
ofp_alloc_xid(void)
{
    static _Atomic uint32_t next_xid = 1;

    return htonl(atomic_fetch_add_explicit(&next_xid, 1,
                                           memory_order_relaxed));
}

void
ofpraw_put_xid(enum ofpraw raw, enum ofp_version version, be32 xid,
               struct buffer *b)
{
    const struct raw_info *info = &raw_infos[raw];
    size_t start = b->size;
    size_t hs = ofpraw_header_size(raw, version);
    struct ofp_header *oh;
    uint8_t *p;

    sluice_assert(ofpraw_in_version(raw, version));
    p = buffer_put_zeros(b, hs);
    oh = (struct ofp_header *) p;
    oh->version = version;
    oh->length = htons(hs);
    oh->xid = xid;
    switch (info->kind) {
    case K_OFPT:
        oh->type = info->number;
        break;
    case K_NXT:
    case K_ONFT:
        oh->type = OFPT_VENDOR;
        put_unaligned_be32(p + 8, htonl(info->kind == K_NXT
                                        ? NX_VENDOR_ID : ONF_VENDOR_ID));
        put_unaligned_be32(p + 12, htonl(info->number));
        break;
    case K_OFPST:
    case K_NXST: {
        uint8_t st_request, st_reply;

        stats_types(version, &st_request, &st_reply);
        oh->type = info->reply ? st_reply : st_request;
        if (info->kind == K_OFPST) {
            put_unaligned_be16(p + 8, htons(info->number));
        } else {
            size_t shs = stats_header_size(version);

            put_unaligned_be16(p + 8, htons(OFPST_VENDOR));
            put_unaligned_be32(p + shs, htonl(NX_VENDOR_ID));
            put_unaligned_be32(p + shs + 4, htonl(info->number));
        }
        break;
    }
    }
    buffer_set_header(b, (char *) b->data + start);
    buffer_set_msg(b, (char *) b->data + start + hs);
}

struct buffer *
ofpraw_alloc_xid(enum ofpraw raw, enum ofp_version version, be32 xid,
                 size_t extra_tailroom)
{
    struct buffer *b;

    b = buffer_new(ofpraw_header_size(raw, version)
                   + raw_infos[raw].min_body + extra_tailroom);
    ofpraw_put_xid(raw, version, xid, b);
    return b;
}

struct buffer *
ofpraw_alloc(enum ofpraw raw, enum ofp_version version, size_t extra)
{
    return ofpraw_alloc_xid(raw, version, ofp_alloc_xid(), extra);
}

struct buffer *
ofpraw_alloc_reply(enum ofpraw raw, const struct ofp_header *request,
                   size_t extra_tailroom)
{
    return ofpraw_alloc_xid(raw, request->version, request->xid,
                            extra_tailroom);
}

struct buffer *
ofpraw_alloc_stats_reply(const struct ofp_header *request,
                         size_t extra_tailroom)
{
    enum ofpraw raw;
    enum ofperr error;

    error = ofpraw_decode(&raw, request);
    sluice_assert(!error);
    return ofpraw_alloc_reply(ofpraw_stats_request_to_reply(
                                  raw, request->version),
                              request, extra_tailroom);
}

void
ofpmsg_update_length(struct buffer *b)
{
    struct ofp_header *oh = buffer_header(b);
    size_t size;

    sluice_assert(oh != NULL);
    size = (char *) buffer_tail(b) - (char *) oh;
    if (size > OFPMSG_MAX_SIZE) {
        sluice_abort("OpenFlow message of %zu bytes exceeds the maximum",
                     size);
    }
    oh->length = htons(size);
}

/* Multipart replies. */

void
ofpmp_init(struct list *replies, const struct ofp_header *request)
{
    struct buffer *msg;

    list_init(replies);
    msg = ofpraw_alloc_stats_reply(request, 1000);
    list_push_back(replies, &msg->list_node);
}

static struct buffer *
ofpmp_last(const struct list *replies)
{
    return CONTAINER_OF(list_back(replies), struct buffer, list_node);
}

/* Ends the last message of REPLIES, whose first SIZE bytes are complete,
 * with the "more" flag, and starts and returns a new one. */
static struct buffer *
ofpmp_start_next(struct list *replies, size_t size)
{
    struct buffer *msg = ofpmp_last(replies);
    struct ofp_header *oh = msg->data;
    struct buffer *next;
    enum ofpraw raw;
    uint16_t flags;

    oh->length = htons(size);
    sluice_assert(!ofpraw_decode(&raw, oh));
    flags = ofpmp_flags(oh) | OFPSF_REPLY_MORE;
    put_unaligned_be16((uint8_t *) oh + 10, htons(flags));

    next = ofpraw_alloc_xid(raw, oh->version, oh->xid, 1000);
    list_push_back(replies, &next->list_node);
    return next;
}

struct buffer *
ofpmp_reserve(struct list *replies, size_t size)
{
    struct buffer *msg = ofpmp_last(replies);

    if (msg->size + size > OFPMSG_MAX_SIZE) {
        msg = ofpmp_start_next(replies, msg->size);
    }
    return msg;
}

void *
ofpmp_append(struct list *replies, size_t size)
{
    struct buffer *msg = ofpmp_reserve(replies, size);
    void *p = buffer_put_zeros(msg, size);

    ofpmsg_update_length(msg);
    return p;
}

void
ofpmp_postappend(struct list *replies, size_t start_ofs)
{
    struct buffer *msg = ofpmp_last(replies);

    if (msg->size > OFPMSG_MAX_SIZE) {
        size_t piece = msg->size - start_ofs;
        struct buffer *next = ofpmp_start_next(replies, start_ofs);

        buffer_put(next, (char *) msg->data + start_ofs, piece);
        buffer_truncate(msg, start_ofs);
        ofpmsg_update_length(next);
    } else {
        ofpmsg_update_length(msg);
    }
}

enum ofp_version
ofpmp_version(const struct list *replies)
{
    const struct ofp_header *oh = ofpmp_last(replies)->data;

    return oh->version;
}

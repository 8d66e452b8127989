/* libFuzzer target for OpenFlow message decoding (lib/ofp-msgs.c and the
 * decoders of lib/ofp-*.c), as a switch meets it on a connection.
 *
 * The input is one OpenFlow message, header included; its length field is
 * set to the input's size (inputs of fewer than 8 or more than 65535 bytes
 * are ignored), so that only the framing a stream has already checked is
 * given.  ofptype_decode() identifies it, and then the decoder for its
 * type runs: flow_mod (with the switch's action checks), packet_out,
 * group_mod, meter_mod, port_mod, table_mod, bundle control and add (whose
 * inner message is decoded the same way), set_config, role, async
 * configuration, the Nicira protocol messages, flow and aggregate stats
 * requests, the other multipart requests, and the asynchronous messages a
 * controller decodes (packet_in, flow_removed, port_status).  Decoding
 * must not read outside the message or leak, whether it succeeds or
 * not; what decodes is printed where a printer exists. */
#include <config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "match.h"
#include "ofp-actions.h"
#include "ofp-bundle.h"
#include "ofp-errors.h"
#include "ofp-flow.h"
#include "ofp-group.h"
#include "ofp-meter.h"
#include "ofp-msgs.h"
#include "ofp-packet.h"
#include "ofp-port.h"
#include "ofp-protocol.h"
#include "ofp-queue.h"
#include "ofp-switch.h"
#include "ofp-table.h"
#include "openflow.h"
#include "packets.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode_msg(const struct ofp_header *oh, int depth);

/* Checks decoded actions as ofproto does for a rule in TABLE_ID with
 * MATCH, and prints them. */
static void
check_ofpacts(const struct match *match, uint8_t table_id,
              const void *ofpacts, size_t len)
{
    struct match m = *match;
    struct ofpact_check_params params = {
        .match = &m,
        .max_ports = OFPP_MAX,
        .table_id = table_id,
        .n_tables = 255,
    };
    if (!ofpacts_verify_order(ofpacts, len)) {
        ofpacts_check((void *) ofpacts, len, &params);
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    ofpacts_format(ofpacts, len, &ds);
    ds_destroy(&ds);
}

static void
decode_flow_mod(const struct ofp_header *oh)
{
    struct ofp_flow_mod fm;
    struct buffer ofpacts;

    /* OpenFlow 1.0 is tried both with and without the table id in the
     * command, as the Nicira extension lets a controller choose. */
    enum ofp_protocol protocol = ofp_protocol_from_version(oh->version);
    for (int tid = 0; tid < 2; tid++) {
        buffer_init(&ofpacts, 64);
        if (!ofp_decode_flow_mod(&fm, oh, ofp_protocol_set_tid(protocol,
                                                                tid),
                                 &ofpacts)) {
            check_ofpacts(&fm.match,
                          fm.table_id == OFPTT_ALL ? 0 : fm.table_id,
                          fm.ofpacts, fm.ofpacts_len);
        }
        buffer_uninit(&ofpacts);
    }
}

static void
decode_packet_out(const struct ofp_header *oh)
{
    struct ofp_packet_out po;
    struct buffer ofpacts;

    buffer_init(&ofpacts, 64);
    if (!ofp_decode_packet_out(&po, oh, &ofpacts)) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ofp_packet_out_format(&po, &ds);
        ds_destroy(&ds);
        ofp_packet_out_check_buffer(&po);
    }
    buffer_uninit(&ofpacts);
}

static void
decode_group_mod(const struct ofp_header *oh)
{
    struct ofp_group_mod gm;

    if (!ofp_decode_group_mod(&gm, oh)) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ofp_group_mod_format(&gm, oh->version, &ds);
        ds_destroy(&ds);
    }
    ofp_group_mod_uninit(&gm);
}

static void
decode_bundle_add(const struct ofp_header *oh, int depth)
{
    struct ofp_bundle_add ba;
    enum ofptype inner_type;

    if (!ofp_decode_bundle_add(oh, &ba, &inner_type)) {
        decode_msg(ba.msg, depth + 1);
    }
}

/* Decodes the body of OH, whose headers ofptype_pull() has pulled from B,
 * with the decoders that take a body. */
static void
decode_body(enum ofptype type, struct buffer *b, enum ofp_version version)
{
    switch (type) {
    case OFPTYPE_METER_MOD: {
        struct ofp_meter_mod mm;
        ofp_meter_mod_decode(b, &mm);
        ofp_meter_config_uninit(&mm.meter);
        break;
    }
    case OFPTYPE_METER_STATS_REQUEST:
    case OFPTYPE_METER_CONFIG_STATS_REQUEST: {
        uint32_t meter_id;
        ofp_meter_request_decode(b, &meter_id);
        break;
    }
    case OFPTYPE_PORT_MOD: {
        struct ofp_port_mod pm;
        ofp_port_mod_decode(b, version, &pm);
        break;
    }
    case OFPTYPE_PORT_STATUS: {
        struct ofp_port_status ps;
        ofp_port_status_decode(b, version, &ps);
        break;
    }
    case OFPTYPE_TABLE_MOD: {
        struct ofp_table_mod tm;
        ofp_table_mod_decode(b, version, &tm);
        break;
    }
    case OFPTYPE_PORT_STATS_REQUEST: {
        uint32_t port;
        ofp_port_stats_request_decode(b, version, &port);
        break;
    }
    case OFPTYPE_PORT_DESC_STATS_REQUEST: {
        uint32_t port;
        ofp_port_desc_request_decode(b, version, &port);
        break;
    }
    case OFPTYPE_QUEUE_STATS_REQUEST: {
        struct ofp_queue_stats_request rq;
        ofp_queue_stats_request_decode(b, version, &rq);
        break;
    }
    case OFPTYPE_QUEUE_DESC_STATS_REQUEST: {
        struct ofp_queue_stats_request rq;
        ofp_queue_desc_request_decode(b, &rq);
        break;
    }
    case OFPTYPE_QUEUE_GET_CONFIG_REQUEST: {
        uint32_t port;
        ofp_queue_get_config_request_decode(b, version, &port);
        break;
    }
    default:
        break;
    }
}

/* Decodes message OH, of exactly ntohs(OH->length) bytes, with the
 * decoder for its type.  DEPTH counts the bundle add-messages around it. */
static void
decode_msg(const struct ofp_header *oh, int depth)
{
    enum ofptype type;

    if (depth > 2 || ofptype_decode(&type, oh)) {
        return;
    }
    switch (type) {
    case OFPTYPE_FLOW_MOD:
        decode_flow_mod(oh);
        break;
    case OFPTYPE_PACKET_OUT:
        decode_packet_out(oh);
        break;
    case OFPTYPE_GROUP_MOD:
        decode_group_mod(oh);
        break;
    case OFPTYPE_BUNDLE_CONTROL: {
        struct ofp_bundle_ctrl bc;
        ofp_decode_bundle_ctrl(oh, &bc);
        break;
    }
    case OFPTYPE_BUNDLE_ADD_MESSAGE:
        decode_bundle_add(oh, depth);
        break;
    case OFPTYPE_SET_CONFIG: {
        struct ofp_switch_config config;
        ofp_decode_set_config(oh, &config);
        break;
    }
    case OFPTYPE_ROLE_REQUEST:
    case OFPTYPE_ROLE_REPLY: {
        struct ofp_role_request rr;
        ofp_decode_role_message(oh, &rr);
        break;
    }
    case OFPTYPE_SET_ASYNC_CONFIG:
    case OFPTYPE_GET_ASYNC_REPLY: {
        struct ofp_async_config basis, ac;
        memset(&basis, 0, sizeof basis);
        ofp_decode_set_async_config(oh, false, &basis, &ac);
        ofp_decode_set_async_config(oh, true, &basis, &ac);
        break;
    }
    case OFPTYPE_SET_CONTROLLER_ID: {
        uint16_t id;
        ofp_decode_set_controller_id(oh, &id);
        break;
    }
    case OFPTYPE_SET_FLOW_FORMAT: {
        enum nx_flow_format format;
        ofp_decode_set_flow_format(oh, &format);
        break;
    }
    case OFPTYPE_FLOW_MOD_TABLE_ID: {
        bool enable;
        ofp_decode_flow_mod_table_id(oh, &enable);
        break;
    }
    case OFPTYPE_SET_PACKET_IN_FORMAT: {
        enum nx_packet_in_format format;
        ofp_decode_set_packet_in_format(oh, &format);
        break;
    }
    case OFPTYPE_FLOW_STATS_REQUEST:
    case OFPTYPE_AGGREGATE_STATS_REQUEST: {
        struct ofp_flow_stats_request fsr;
        ofp_decode_flow_stats_request(&fsr, oh);
        break;
    }
    case OFPTYPE_GROUP_STATS_REQUEST: {
        uint32_t group_id;
        ofp_decode_group_stats_request(oh, &group_id);
        break;
    }
    case OFPTYPE_GROUP_DESC_STATS_REQUEST: {
        uint32_t group_id;
        ofp_decode_group_desc_request(oh, &group_id);
        break;
    }
    case OFPTYPE_ECHO_REQUEST:
    case OFPTYPE_ECHO_REPLY: {
        const void *payload;
        size_t n;
        ofp_decode_echo(oh, &payload, &n);
        break;
    }
    case OFPTYPE_PACKET_IN: {
        struct ofp_packet_in pin;
        ofp_decode_packet_in(&pin, oh);
        break;
    }
    case OFPTYPE_FLOW_REMOVED: {
        struct ofp_flow_removed fr;
        ofp_decode_flow_removed(&fr, oh);
        break;
    }
    default: {
        struct buffer b;
        enum ofptype type2;

        buffer_use_const(&b, oh, ntohs(oh->length));
        if (!ofptype_pull(&type2, &b)) {
            decode_body(type2, &b, oh->version);
        }
        break;
    }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < sizeof(struct ofp_header) || size > OFPMSG_MAX_SIZE) {
        return 0;
    }

    /* Exactly SIZE bytes of aligned memory, so that ASan catches any read
     * past the message. */
    struct ofp_header *oh = xmalloc(size);
    memcpy(oh, data, size);
    oh->length = htons(size);
    decode_msg(oh, 0);
    free(oh);
    return 0;
}

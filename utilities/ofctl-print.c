/* OpenFlow messages as text, as ovs-ofctl prints them.  See
 * ofctl-print.h. */
#include <config.h>
#include "ofctl-print.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "match.h"
#include "meta-flow.h"
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
#include "util.h"

static void format_whole_msg(struct ds *, const struct ofp_header *,
                             size_t size, int verbosity);

/* Appends OH's label: "NAME (OF1.x) (xid=0x..):", without the version for
 * OpenFlow 1.0. */
static void
format_label(struct ds *s, const struct ofp_header *oh, enum ofpraw raw)
{
    ds_put_cstr(s, ofpraw_get_name(raw));
    if (oh->version != OFP10_VERSION) {
        if (oh->version >= OFP10_VERSION && oh->version <= OFP15_VERSION) {
            ds_put_format(s, " (OF1.%d)", oh->version - 1);
        } else {
            ds_put_format(s, " (OF 0x%02"PRIx8")", oh->version);
        }
    }
    ds_put_format(s, " (xid=0x%"PRIx32"):", ntohl(oh->xid));
}

/* Appends the flags of statistics message OH, if it has any. */
static void
format_stats_flags(struct ds *s, const struct ofp_header *oh)
{
    uint16_t flags = ofpmp_flags(oh);

    if (flags) {
        ds_put_cstr(s, " flags=");
        if ((!ofpmsg_is_stat_request(oh) || oh->version >= OFP13_VERSION)
            && flags & OFPSF_REPLY_MORE) {
            ds_put_cstr(s, "[more]");
            flags &= ~OFPSF_REPLY_MORE;
        }
        if (flags) {
            ds_put_format(s, "[***unknown flags 0x%04"PRIx16"***]", flags);
        }
    }
}

/* Appends the SIZE bytes at P as text, escaping what is not printable. */
static void
put_printable(struct ds *s, const void *p_, size_t size)
{
    const uint8_t *p = p_;

    for (size_t i = 0; i < size; i++) {
        if (isprint(p[i]) || p[i] == '\n') {
            ds_put_char(s, p[i]);
        } else {
            ds_put_format(s, "\\x%02"PRIx8, p[i]);
        }
    }
}

static enum ofperr
format_error(struct ds *s, const struct ofp_header *oh)
{
    const void *payload;
    size_t payload_size;
    enum ofperr error = ofperr_decode_msg(oh, ntohs(oh->length), &payload,
                                          &payload_size);
    if (!error) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    ds_put_format(s, " %s\n", ofperr_get_name(error));
    if (error == OFPERR_OFPHFC_INCOMPATIBLE || error == OFPERR_OFPHFC_EPERM) {
        put_printable(s, payload, payload_size);
    } else {
        format_whole_msg(s, payload, payload_size, 1);
    }
    return 0;
}

static enum ofperr
format_hello(struct ds *s, const struct ofp_header *oh)
{
    uint32_t versions;
    bool ok = ofp_decode_hello(oh, &versions);

    ds_put_cstr(s, "\n version bitmap: ");
    ofp_format_version_bitmap(s, versions);
    if (!ok) {
        ds_put_cstr(s, "\n unknown data in hello:\n");
        ds_put_hex_dump(s, oh, ntohs(oh->length), 0, true);
    }
    return 0;
}

static enum ofperr
format_echo(struct ds *s, const struct ofp_header *oh)
{
    const void *payload;
    size_t size;
    enum ofperr error = ofp_decode_echo(oh, &payload, &size);

    if (!error) {
        ofp_echo_format(s, payload, size);
    }
    return error;
}

static enum ofperr
format_features_reply(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_switch_features features;
    struct buffer ports;
    enum ofperr error = ofp_decode_features_reply(oh, &features, &ports);

    return (error ? error
            : ofp_switch_features_format(s, &features, oh->version, &ports));
}

static enum ofperr
format_switch_config(struct ds *s, const struct ofp_header *oh,
                     enum ofptype type)
{
    struct ofp_switch_config config;
    enum ofperr error = (type == OFPTYPE_SET_CONFIG
                         ? ofp_decode_set_config(oh, &config)
                         : ofp_decode_get_config_reply(oh, &config));
    if (!error) {
        ofp_switch_config_format(s, &config);
    }
    return error;
}

static enum ofperr
format_desc_reply(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_switch_desc desc;
    enum ofperr error = ofp_decode_desc_stats_reply(oh, &desc);

    if (!error) {
        ofp_switch_desc_format(s, &desc);
    }
    return error;
}

static enum ofperr
format_role(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_role_request rr;
    enum ofperr error = ofp_decode_role_message(oh, &rr);

    if (!error) {
        ofp_role_request_format(s, &rr);
    }
    return error;
}

static enum ofperr
format_role_status(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_role_status rs;
    enum ofperr error = ofp_decode_role_status(oh, &rs);

    if (!error) {
        ofp_role_status_format(s, &rs);
    }
    return error;
}

static enum ofperr
format_async_config(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_async_config basis, ac;
    enum ofperr error;

    memset(&basis, 0, sizeof basis);
    error = ofp_decode_set_async_config(oh, true, &basis, &ac);
    if (!error) {
        ofp_async_config_format(s, &ac);
    }
    return error;
}

static enum ofperr
format_controller_id(struct ds *s, const struct ofp_header *oh)
{
    uint16_t id;
    enum ofperr error = ofp_decode_set_controller_id(oh, &id);

    if (!error) {
        ofp_controller_id_format(s, id);
    }
    return error;
}

static enum ofperr
format_bundle_ctrl(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_bundle_ctrl bc;
    enum ofperr error = ofp_decode_bundle_ctrl(oh, &bc);

    if (!error) {
        ofp_bundle_ctrl_format(s, &bc);
    }
    return error;
}

static void
format_inner_msg(struct ds *s, const struct ofp_header *oh,
                 void *aux SLUICE_UNUSED)
{
    format_whole_msg(s, oh, ntohs(oh->length), 1);
}

static enum ofperr
format_bundle_add(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_bundle_add ba;
    enum ofperr error = ofp_decode_bundle_add(oh, &ba, NULL);

    if (!error) {
        ofp_bundle_add_format(s, &ba, format_inner_msg, NULL);
    }
    return error;
}

/* Flow messages. */

static enum ofperr
format_flow_mod(struct ds *s, const struct ofp_header *oh)
{
    /* As ovs-ofctl, read an OpenFlow 1.0 command's high byte as a table
     * id. */
    enum ofp_protocol protocol = ofp_protocol_set_tid(
        ofp_protocol_from_version(oh->version), true);
    struct ofp_flow_mod fm;
    struct buffer ofpacts;

    buffer_init(&ofpacts, 64);
    enum ofperr error = ofp_decode_flow_mod(&fm, oh, protocol, &ofpacts);
    if (!error) {
        ofp_flow_mod_format(&fm, oh->version, s);
    }
    buffer_uninit(&ofpacts);
    return error;
}

static enum ofperr
format_flow_removed(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_flow_removed fr;
    enum ofperr error = ofp_decode_flow_removed(&fr, oh);

    if (!error) {
        ofp_flow_removed_format(&fr, s);
    }
    return error;
}

static enum ofperr
format_flow_stats_request(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_flow_stats_request fsr;
    enum ofperr error = ofp_decode_flow_stats_request(&fsr, oh);

    if (!error) {
        if (fsr.table_id != OFPTT_ALL) {
            ds_put_format(s, " table=%"PRIu8, fsr.table_id);
        }
        if (fsr.out_port != OFPP_ANY) {
            ds_put_cstr(s, " out_port=");
            mf_format_ofp_port(fsr.out_port, s);
        }
        ds_put_char(s, ' ');
        match_format(&fsr.match, s);
    }
    return error;
}

/* Appends each flow of flow stats reply OH, each on a line of its own
 * that starts with a space, as "ovs-ofctl dump-flows" prints them. */
static enum ofperr
format_flow_stats_reply(struct ds *s, const struct ofp_header *oh)
{
    struct buffer msg, ofpacts;

    buffer_use_const(&msg, oh, ntohs(oh->length));
    buffer_init(&ofpacts, 64);
    for (;;) {
        struct ofp_flow_stats fs;
        int retval = ofp_decode_flow_stats_reply(&fs, &msg, true, &ofpacts);
        if (retval) {
            if (retval != EOF) {
                ds_put_cstr(s, " ***parse error***");
            }
            break;
        }
        ds_put_cstr(s, "\n ");
        ofp_flow_stats_format(&fs, true, s);
    }
    buffer_uninit(&ofpacts);
    return 0;
}

static enum ofperr
format_aggregate_stats_reply(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_aggregate_stats as;
    enum ofperr error = ofp_decode_aggregate_stats_reply(&as, oh);

    if (!error) {
        ds_put_format(s, " packet_count=%"PRIu64" byte_count=%"PRIu64
                      " flow_count=%"PRIu32,
                      as.packet_count, as.byte_count, as.flow_count);
    }
    return error;
}

static enum ofperr
format_packet_in(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_packet_in pin;
    enum ofperr error = ofp_decode_packet_in(&pin, oh);

    if (!error) {
        ofp_packet_in_format(&pin, s);
    }
    return error;
}

static enum ofperr
format_packet_out(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_packet_out po;
    struct buffer ofpacts;

    buffer_init(&ofpacts, 64);
    enum ofperr error = ofp_decode_packet_out(&po, oh, &ofpacts);
    if (!error) {
        ofp_packet_out_format(&po, s);
    }
    buffer_uninit(&ofpacts);
    return error;
}

static enum ofperr
format_set_flow_format(struct ds *s, const struct ofp_header *oh)
{
    enum nx_flow_format format;
    enum ofperr error = ofp_decode_set_flow_format(oh, &format);

    if (!error) {
        ds_put_format(s, " format=%s",
                      format == NXFF_NXM ? "nxm" : "openflow10");
    }
    return error;
}

static enum ofperr
format_flow_mod_table_id(struct ds *s, const struct ofp_header *oh)
{
    bool enable;
    enum ofperr error = ofp_decode_flow_mod_table_id(oh, &enable);

    if (!error) {
        ds_put_cstr(s, enable ? " enable" : " disable");
    }
    return error;
}

static enum ofperr
format_set_packet_in_format(struct ds *s, const struct ofp_header *oh)
{
    static const char *const names[] = {
        [NXPIF_STANDARD] = "standard",
        [NXPIF_NXT_PACKET_IN] = "nxt_packet_in",
        [NXPIF_NXT_PACKET_IN2] = "nxt_packet_in2",
    };
    enum nx_packet_in_format format;
    enum ofperr error = ofp_decode_set_packet_in_format(oh, &format);

    if (!error) {
        ds_put_format(s, " format=%s", names[format]);
    }
    return error;
}

static enum ofperr
format_group_mod(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_group_mod gm;
    enum ofperr error = ofp_decode_group_mod(&gm, oh);

    if (!error) {
        ofp_group_mod_format(&gm, oh->version, s);
    }
    ofp_group_mod_uninit(&gm);
    return error;
}

static enum ofperr
format_group_reply(struct ds *s, const struct ofp_header *oh,
                   enum ofptype type)
{
    struct buffer b;

    buffer_use_const(&b, oh, ntohs(oh->length));
    return (type == OFPTYPE_GROUP_STATS_REPLY
            ? ofp_group_stats_reply_format(&b, s)
            : ofp_group_desc_reply_format(&b, s));
}

static enum ofperr
format_group_features(struct ds *s, const struct ofp_header *oh)
{
    struct ofp_group_features gf;
    enum ofperr error = ofp_decode_group_features_reply(oh, &gf);

    if (!error) {
        ofp_group_features_format(&gf, s);
    }
    return error;
}

/* Formats the body B (headers already pulled) of a message of TYPE in
 * VERSION by one of the body-level codecs.  Returns 0, an error, or -1 if
 * no module formats TYPE. */
static int
format_body(struct ds *s, enum ofptype type, enum ofp_version version,
            struct buffer *b)
{
    enum ofperr error;
    uint32_t port;

    switch (type) {
    case OFPTYPE_PORT_STATUS: {
        struct ofp_port_status ps;
        error = ofp_port_status_decode(b, version, &ps);
        if (!error) {
            ofp_port_status_format(s, &ps);
        }
        return error;
    }
    case OFPTYPE_PORT_MOD: {
        struct ofp_port_mod pm;
        error = ofp_port_mod_decode(b, version, &pm);
        if (!error) {
            ofp_port_mod_format(s, &pm);
        }
        return error;
    }
    case OFPTYPE_TABLE_MOD: {
        struct ofp_table_mod tm;
        error = ofp_table_mod_decode(b, version, &tm);
        if (!error) {
            ofp_table_mod_format(s, &tm);
        }
        return error;
    }
    case OFPTYPE_PORT_STATS_REQUEST:
        error = ofp_port_stats_request_decode(b, version, &port);
        if (!error) {
            ofp_port_stats_request_format(s, port);
        }
        return error;
    case OFPTYPE_PORT_STATS_REPLY:
        return ofp_port_stats_reply_format(s, b, version);
    case OFPTYPE_PORT_DESC_STATS_REQUEST:
        error = ofp_port_desc_request_decode(b, version, &port);
        if (!error) {
            ofp_port_desc_request_format(s, port);
        }
        return error;
    case OFPTYPE_PORT_DESC_STATS_REPLY:
        return ofp_port_desc_reply_format(s, b, version);
    case OFPTYPE_TABLE_STATS_REPLY:
        return ofp_table_stats_reply_format(s, b, version);
    case OFPTYPE_TABLE_FEATURES_STATS_REQUEST:
    case OFPTYPE_TABLE_FEATURES_STATS_REPLY:
        return ofp_table_features_reply_format(s, b, version);
    case OFPTYPE_METER_MOD: {
        struct ofp_meter_mod mm;
        error = ofp_meter_mod_decode(b, &mm);
        if (!error) {
            ofp_meter_mod_format(s, &mm);
        }
        ofp_meter_config_uninit(&mm.meter);
        return error;
    }
    case OFPTYPE_METER_STATS_REQUEST:
    case OFPTYPE_METER_CONFIG_STATS_REQUEST: {
        uint32_t meter_id;
        error = ofp_meter_request_decode(b, &meter_id);
        if (!error) {
            ofp_meter_request_format(s, meter_id);
        }
        return error;
    }
    case OFPTYPE_METER_STATS_REPLY:
        return ofp_meter_stats_reply_format(s, b);
    case OFPTYPE_METER_CONFIG_STATS_REPLY:
        return ofp_meter_config_reply_format(s, b);
    case OFPTYPE_METER_FEATURES_STATS_REPLY: {
        struct ofp_meter_features mf;
        error = ofp_meter_features_decode(b, &mf);
        if (!error) {
            ofp_meter_features_format(s, &mf);
        }
        return error;
    }
    case OFPTYPE_QUEUE_STATS_REQUEST: {
        struct ofp_queue_stats_request rq;
        error = ofp_queue_stats_request_decode(b, version, &rq);
        if (!error) {
            ofp_queue_stats_request_format(s, &rq);
        }
        return error;
    }
    case OFPTYPE_QUEUE_STATS_REPLY:
        return ofp_queue_stats_reply_format(s, b, version);
    case OFPTYPE_QUEUE_GET_CONFIG_REQUEST:
        error = ofp_queue_get_config_request_decode(b, version, &port);
        if (!error) {
            ofp_queue_get_config_request_format(s, port);
        }
        return error;
    case OFPTYPE_QUEUE_GET_CONFIG_REPLY:
        return ofp_queue_get_config_reply_format(s, b, version);
    case OFPTYPE_QUEUE_DESC_STATS_REQUEST: {
        struct ofp_queue_stats_request rq;
        error = ofp_queue_desc_request_decode(b, &rq);
        if (!error) {
            ofp_queue_desc_request_format(s, &rq);
        }
        return error;
    }
    case OFPTYPE_QUEUE_DESC_STATS_REPLY:
        return ofp_queue_desc_reply_format(s, b);
    default:
        return -1;
    }
}

/* Appends the body text of OH, whose raw type is RAW, to S.  Returns 0 or
 * the error decoding the body gave. */
static enum ofperr
format_msg_body(struct ds *s, const struct ofp_header *oh, enum ofpraw raw)
{
    enum ofptype type = ofptype_from_ofpraw(raw);

    switch (type) {
    case OFPTYPE_HELLO:
        return format_hello(s, oh);
    case OFPTYPE_ERROR:
        return format_error(s, oh);
    case OFPTYPE_ECHO_REQUEST:
    case OFPTYPE_ECHO_REPLY:
        return format_echo(s, oh);
    case OFPTYPE_FEATURES_REQUEST:
    case OFPTYPE_GET_CONFIG_REQUEST:
    case OFPTYPE_BARRIER_REQUEST:
    case OFPTYPE_BARRIER_REPLY:
    case OFPTYPE_DESC_STATS_REQUEST:
    case OFPTYPE_TABLE_STATS_REQUEST:
    case OFPTYPE_METER_FEATURES_STATS_REQUEST:
    case OFPTYPE_GROUP_FEATURES_STATS_REQUEST:
    case OFPTYPE_GET_ASYNC_REQUEST:
    case OFPTYPE_TABLE_DESC_REQUEST:
    case OFPTYPE_NXT_TLV_TABLE_REQUEST:
    case OFPTYPE_FLOW_MONITOR_PAUSED:
    case OFPTYPE_FLOW_MONITOR_RESUMED:
        return 0;
    case OFPTYPE_FEATURES_REPLY:
        return format_features_reply(s, oh);
    case OFPTYPE_GET_CONFIG_REPLY:
    case OFPTYPE_SET_CONFIG:
        return format_switch_config(s, oh, type);
    case OFPTYPE_DESC_STATS_REPLY:
        return format_desc_reply(s, oh);
    case OFPTYPE_ROLE_REQUEST:
    case OFPTYPE_ROLE_REPLY:
        return format_role(s, oh);
    case OFPTYPE_ROLE_STATUS:
        return format_role_status(s, oh);
    case OFPTYPE_GET_ASYNC_REPLY:
    case OFPTYPE_SET_ASYNC_CONFIG:
        return format_async_config(s, oh);
    case OFPTYPE_SET_CONTROLLER_ID:
        return format_controller_id(s, oh);
    case OFPTYPE_BUNDLE_CONTROL:
        return format_bundle_ctrl(s, oh);
    case OFPTYPE_BUNDLE_ADD_MESSAGE:
        return format_bundle_add(s, oh);
    case OFPTYPE_FLOW_MOD:
        return format_flow_mod(s, oh);
    case OFPTYPE_FLOW_REMOVED:
        return format_flow_removed(s, oh);
    case OFPTYPE_FLOW_STATS_REQUEST:
    case OFPTYPE_AGGREGATE_STATS_REQUEST:
        return format_flow_stats_request(s, oh);
    case OFPTYPE_FLOW_STATS_REPLY:
        return format_flow_stats_reply(s, oh);
    case OFPTYPE_AGGREGATE_STATS_REPLY:
        return format_aggregate_stats_reply(s, oh);
    case OFPTYPE_PACKET_IN:
        return format_packet_in(s, oh);
    case OFPTYPE_PACKET_OUT:
        return format_packet_out(s, oh);
    case OFPTYPE_SET_FLOW_FORMAT:
        return format_set_flow_format(s, oh);
    case OFPTYPE_FLOW_MOD_TABLE_ID:
        return format_flow_mod_table_id(s, oh);
    case OFPTYPE_SET_PACKET_IN_FORMAT:
        return format_set_packet_in_format(s, oh);
    case OFPTYPE_GROUP_MOD:
        return format_group_mod(s, oh);
    case OFPTYPE_GROUP_STATS_REQUEST:
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
        return ofp_group_request_format(oh, s);
    case OFPTYPE_GROUP_STATS_REPLY:
    case OFPTYPE_GROUP_DESC_STATS_REPLY:
        return format_group_reply(s, oh, type);
    case OFPTYPE_GROUP_FEATURES_STATS_REPLY:
        return format_group_features(s, oh);
    default:
        break;
    }

    struct buffer b;
    enum ofpraw raw2;
    buffer_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw2, &b);
    if (error) {
        return error;
    }
    int retval = format_body(s, type, oh->version, &b);
    if (retval < 0) {
        /* No Sluice module formats this message yet: show its bytes. */
        size_t body_ofs = (const uint8_t *) b.data - (const uint8_t *) oh;
        if (b.size) {
            ds_put_char(s, '\n');
            ds_put_hex_dump(s, b.data, b.size, body_ofs, true);
        }
        return 0;
    }
    return retval;
}

/* Appends "***decode error: NAME***" for ERROR on a line of its own. */
static void
format_decode_error(struct ds *s, enum ofperr error)
{
    if (s->length && ds_last(s) != '\n') {
        ds_put_char(s, '\n');
    }
    ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
}

static void
format_whole_msg(struct ds *s, const struct ofp_header *oh, size_t size,
                 int verbosity)
{
    if (!size) {
        ds_put_cstr(s, "OpenFlow message is empty\n");
        return;
    } else if (size < sizeof *oh) {
        ds_put_format(s, "OpenFlow packet too short (only %zu bytes):\n",
                      size);
    } else if (ntohs(oh->length) > size) {
        /* Truncated (as in an error's copy of a request): its headers still
         * tell what it was.  Decode them from a zero-padded copy, whose
         * length field is the shortest that decodes: the body's length
         * rule must not matter here. */
        size_t length = ntohs(oh->length);
        uint8_t *copy = xzalloc(length);
        struct ofp_header *copy_oh = (struct ofp_header *) copy;

        memcpy(copy, oh, size);
        for (size_t try = sizeof *oh; try <= length; try++) {
            enum ofpraw raw;

            copy_oh->length = htons(try);
            if (!ofpraw_decode(&raw, copy_oh)) {
                format_label(s, oh, raw);
                ds_put_char(s, '\n');
                break;
            }
        }
        free(copy);
        ds_put_format(s, "(***truncated to %zu bytes from %zu***)\n",
                      size, length);
    } else if (ntohs(oh->length) < size) {
        ds_put_format(s, "(***only uses %"PRIu16" bytes out of %zu***)\n",
                      ntohs(oh->length), size);
    } else {
        enum ofpraw raw;
        enum ofperr error = ofpraw_decode(&raw, oh);

        if (!error) {
            format_label(s, oh, raw);
            if (ofpmsg_is_stat_request(oh) || ofpmsg_is_stat_reply(oh)) {
                format_stats_flags(s, oh);
            }
            error = format_msg_body(s, oh, raw);
            if (!error) {
                if (verbosity >= 5) {
                    if (ds_last(s) != '\n') {
                        ds_put_char(s, '\n');
                    }
                    ds_put_hex_dump(s, oh, size, 0, true);
                }
                if (ds_last(s) != '\n') {
                    ds_put_char(s, '\n');
                }
                return;
            }
        }
        format_decode_error(s, error);
    }
    ds_put_hex_dump(s, oh, size, 0, true);
}

void
ofctl_format_msg(struct ds *s, const void *data, size_t size, int verbosity)
{
    format_whole_msg(s, data, size, verbosity);
}

char *
ofctl_msg_to_string(const void *data, size_t size, int verbosity)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ofctl_format_msg(&s, data, size, verbosity);
    return ds_steal_cstr(&s);
}

/* ofp-packet: OpenFlow packet-in and packet-out.  See ofp-packet.h. */
#include <config.h>
#include "ofp-packet.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dp-packet.h"
#include "dynamic-string.h"
#include "flow.h"
#include "meta-flow.h"
#include "nx-match.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "ofp-switch.h"
#include "util.h"

/* Wire formats (bodies after the headers that ofp-msgs pulls).  Packed, so
 * that they may be read where a message has them. */

/* OpenFlow 1.0 ofp_packet_in, followed by the packet. */
struct pin10_wire {
    be32 buffer_id;
    be16 total_len;
    be16 in_port;
    uint8_t reason;
    uint8_t pad;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct pin10_wire) == 10);

/* OpenFlow 1.1 ofp_packet_in, followed by the packet. */
struct pin11_wire {
    be32 buffer_id;
    be32 in_port;
    be32 in_phy_port;
    be16 total_len;
    uint8_t reason;
    uint8_t table_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct pin11_wire) == 16);

/* OpenFlow 1.2 ofp_packet_in (1.3 and later add the cookie), followed by
 * an OXM ofp_match, 2 bytes of padding and the packet. */
struct pin12_wire {
    be32 buffer_id;
    be16 total_len;
    uint8_t reason;
    uint8_t table_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct pin12_wire) == 8);

struct pin13_wire {
    be32 buffer_id;
    be16 total_len;
    uint8_t reason;
    uint8_t table_id;
    be64 cookie;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct pin13_wire) == 16);

/* Nicira nx_packet_in, followed by an NXM match of match_len bytes padded
 * to 8, 2 bytes of padding and the packet. */
struct nx_pin_wire {
    be32 buffer_id;
    be16 total_len;
    uint8_t reason;
    uint8_t table_id;
    be64 cookie;
    be16 match_len;
    uint8_t pad[6];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct nx_pin_wire) == 24);

/* NXT_PACKET_IN2 property types. */
enum {
    NXPINT_PACKET = 0,              /* The packet's bytes. */
    NXPINT_FULL_LEN = 1,            /* be32: total_len, if truncated. */
    NXPINT_BUFFER_ID = 2,           /* be32: if buffered. */
    NXPINT_TABLE_ID = 3,            /* u8. */
    NXPINT_COOKIE = 4,              /* 4 bytes of padding, be64. */
    NXPINT_REASON = 5,              /* u8. */
    NXPINT_METADATA = 6,            /* OXM (or NXM) entries. */
};

/* OpenFlow 1.0 ofp_packet_out, followed by actions and the packet. */
struct po10_wire {
    be32 buffer_id;
    be16 in_port;
    be16 actions_len;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct po10_wire) == 8);

/* OpenFlow 1.1 to 1.4 ofp_packet_out, followed by actions and packet. */
struct po11_wire {
    be32 buffer_id;
    be32 in_port;
    be16 actions_len;
    uint8_t pad[6];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct po11_wire) == 16);

/* OpenFlow 1.5 ofp_packet_out, followed by an OXM match, actions and the
 * packet. */
struct po15_wire {
    be32 buffer_id;
    be16 actions_len;
    uint8_t pad[2];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct po15_wire) == 8);

/* Reasons. */

static const char *const reason_names[OFPR_N_REASONS] = {
    [OFPR_NO_MATCH] = "no_match",
    [OFPR_ACTION] = "action",
    [OFPR_INVALID_TTL] = "invalid_ttl",
    [OFPR_ACTION_SET] = "action_set",
    [OFPR_GROUP] = "group",
    [OFPR_PACKET_OUT] = "packet_out",
};

const char *
ofp_packet_in_reason_to_string(enum ofp_packet_in_reason reason)
{
    return (unsigned int) reason < OFPR_N_REASONS ? reason_names[reason]
                                                  : NULL;
}

bool
ofp_packet_in_reason_from_string(const char *s,
                                 enum ofp_packet_in_reason *reason)
{
    for (int i = 0; i < OFPR_N_REASONS; i++) {
        if (!strcmp(s, reason_names[i])) {
            *reason = i;
            return true;
        }
    }
    return false;
}

/* The reason as VERSION's standard and NXT_PACKET_IN messages carry it:
 * versions before 1.4 know only the first three. */
static uint8_t
encode_reason(enum ofp_packet_in_reason reason, enum ofp_version version)
{
    if (version < OFP14_VERSION
        && (reason == OFPR_ACTION_SET || reason == OFPR_GROUP
            || reason == OFPR_PACKET_OUT)) {
        return OFPR_ACTION;
    }
    return reason;
}

/* Metadata. */

static uint32_t
metadata_in_port(const struct match *match)
{
    return match->mask.dp.in_port ? match->flow.dp.in_port : 0;
}

static void
set_in_port(struct match *match, uint32_t in_port)
{
    match->flow.dp.in_port = in_port;
    match->mask.dp.in_port = UINT32_MAX;
}

void
ofp_packet_in_set_metadata(struct ofp_packet_in *pin,
                           const struct oflow *flow)
{
    struct match *m = &pin->flow_metadata;

    match_init_catchall(m);
    set_in_port(m, flow->dp.in_port);
    if (flow->metadata) {
        m->flow.metadata = flow->metadata;
        m->mask.metadata = UINT64_MAX;
    }
    for (int i = 0; i < OFLOW_N_REGS; i++) {
        if (flow->regs[i]) {
            m->flow.regs[i] = flow->regs[i];
            m->mask.regs[i] = UINT32_MAX;
        }
    }
    if (flow->pkt_mark) {
        m->flow.pkt_mark = flow->pkt_mark;
        m->mask.pkt_mark = UINT32_MAX;
    }
}

void
ofp_packet_in_init(struct ofp_packet_in *pin, const void *packet,
                   size_t packet_len, enum ofp_packet_in_reason reason,
                   uint8_t table_id, be64 cookie, const struct oflow *flow)
{
    memset(pin, 0, sizeof *pin);
    pin->packet = packet;
    pin->packet_len = packet_len;
    pin->total_len = packet_len;
    pin->buffer_id = OFP_NO_BUFFER;
    pin->reason = reason;
    pin->table_id = table_id;
    pin->cookie = cookie;
    ofp_packet_in_set_metadata(pin, flow);
}

uint32_t
ofp_packet_in_get_in_port(const struct ofp_packet_in *pin)
{
    return metadata_in_port(&pin->flow_metadata);
}

size_t
ofp_packet_in_truncated_len(size_t packet_len, uint16_t max_len)
{
    return max_len == OFPCML_NO_BUFFER ? packet_len
                                       : MIN(packet_len, max_len);
}

/* Appends the metadata fields of MATCH as raw OXM (or NXM) entries in
 * VERSION's form: in_port, metadata, registers, pkt_mark. */
static void
put_metadata_entries(struct buffer *b, const struct match *match,
                     enum ofp_version version)
{
    for (enum mf_field_id id = MFF_IN_PORT; id <= MFF_PKT_MARK; id++) {
        const struct mf_field *field = mf_from_id(id);
        union mf_value value, mask;

        if (id >= MFF_XREG0 && id <= MFF_XXREG3) {
            continue;
        }
        mf_get_mask(field, match, &mask);
        if (is_all_zeros(&mask, field->n_bytes)) {
            continue;
        }
        mf_get_value(field, &match->flow, &value);
        nx_put_entry(b, field, version, &value, &mask);
    }
}

/* Encoders. */

static void
put_packet_in2_u32(struct buffer *b, uint16_t type, uint32_t value)
{
    size_t start = ofp_prop_start(b, type);
    be32 v = htonl(value);
    buffer_put(b, &v, sizeof v);
    ofp_prop_end(b, start);
}

static void
put_packet_in2_u8(struct buffer *b, uint16_t type, uint8_t value)
{
    size_t start = ofp_prop_start(b, type);
    buffer_put(b, &value, 1);
    ofp_prop_end(b, start);
}

static void
encode_packet_in2(const struct ofp_packet_in *pin, struct buffer *b,
                  enum ofp_version version)
{
    size_t start = ofp_prop_start(b, NXPINT_PACKET);
    buffer_put(b, pin->packet, pin->packet_len);
    ofp_prop_end(b, start);

    if (pin->total_len != pin->packet_len) {
        put_packet_in2_u32(b, NXPINT_FULL_LEN, pin->total_len);
    }
    if (pin->buffer_id != OFP_NO_BUFFER) {
        put_packet_in2_u32(b, NXPINT_BUFFER_ID, pin->buffer_id);
    }
    if (pin->table_id) {
        put_packet_in2_u8(b, NXPINT_TABLE_ID, pin->table_id);
    }
    if (pin->cookie != UINT64_MAX) {
        start = ofp_prop_start(b, NXPINT_COOKIE);
        buffer_put_zeros(b, 4);
        buffer_put(b, &pin->cookie, sizeof pin->cookie);
        ofp_prop_end(b, start);
    }
    if (pin->reason != OFPR_ACTION) {
        put_packet_in2_u8(b, NXPINT_REASON, pin->reason);
    }
    start = ofp_prop_start(b, NXPINT_METADATA);
    put_metadata_entries(b, &pin->flow_metadata,
                         MAX(version, OFP12_VERSION));
    ofp_prop_end(b, start);
}

struct buffer *
ofp_encode_packet_in(const struct ofp_packet_in *pin,
                     enum ofp_version version,
                     enum nx_packet_in_format format)
{
    uint8_t reason = encode_reason(pin->reason, version);
    uint16_t total_len = MIN(pin->total_len, UINT16_MAX);
    uint32_t in_port = ofp_packet_in_get_in_port(pin);
    be64 cookie = pin->cookie == UINT64_MAX ? 0 : pin->cookie;
    struct buffer *b;

    if (format == NXPIF_NXT_PACKET_IN2) {
        b = ofpraw_alloc_xid(OFPRAW_NXT_PACKET_IN2, version, 0,
                             pin->packet_len + 64);
        encode_packet_in2(pin, b, version);
    } else if (format == NXPIF_NXT_PACKET_IN) {
        struct nx_pin_wire *w;
        size_t w_ofs, match_len;

        b = ofpraw_alloc_xid(OFPRAW_NXT_PACKET_IN, version, 0,
                             pin->packet_len + 64);
        w_ofs = b->size;
        w = buffer_put_zeros(b, sizeof *w);
        w->buffer_id = htonl(pin->buffer_id);
        w->total_len = htons(total_len);
        w->reason = reason;
        w->table_id = pin->table_id;
        w->cookie = cookie;
        match_len = nx_put_match(b, &pin->flow_metadata, 0, 0);
        w = buffer_at_assert(b, w_ofs, sizeof *w);
        w->match_len = htons(match_len);
        buffer_put_zeros(b, 2);
        buffer_put(b, pin->packet, pin->packet_len);
    } else if (version == OFP10_VERSION) {
        struct pin10_wire *w;
        uint16_t port10;

        if (!port_to_ofp10_port(in_port, &port10)) {
            port10 = OFPP10_NONE;
        }
        b = ofpraw_alloc_xid(OFPRAW_OFPT10_PACKET_IN, version, 0,
                             pin->packet_len);
        w = buffer_put_zeros(b, sizeof *w);
        w->buffer_id = htonl(pin->buffer_id);
        w->total_len = htons(total_len);
        w->in_port = htons(port10);
        w->reason = reason;
        buffer_put(b, pin->packet, pin->packet_len);
    } else if (version == OFP11_VERSION) {
        struct pin11_wire *w;

        b = ofpraw_alloc_xid(OFPRAW_OFPT11_PACKET_IN, version, 0,
                             pin->packet_len);
        w = buffer_put_zeros(b, sizeof *w);
        w->buffer_id = htonl(pin->buffer_id);
        w->in_port = htonl(in_port);
        w->in_phy_port = htonl(in_port);
        w->total_len = htons(total_len);
        w->reason = reason;
        w->table_id = pin->table_id;
        buffer_put(b, pin->packet, pin->packet_len);
    } else {
        if (version == OFP12_VERSION) {
            struct pin12_wire *w;

            b = ofpraw_alloc_xid(OFPRAW_OFPT12_PACKET_IN, version, 0,
                                 pin->packet_len + 64);
            w = buffer_put_zeros(b, sizeof *w);
            w->buffer_id = htonl(pin->buffer_id);
            w->total_len = htons(total_len);
            w->reason = reason;
            w->table_id = pin->table_id;
        } else {
            struct pin13_wire *w;

            b = ofpraw_alloc_xid(OFPRAW_OFPT13_PACKET_IN, version, 0,
                                 pin->packet_len + 64);
            w = buffer_put_zeros(b, sizeof *w);
            w->buffer_id = htonl(pin->buffer_id);
            w->total_len = htons(total_len);
            w->reason = reason;
            w->table_id = pin->table_id;
            w->cookie = cookie;
        }
        oxm_put_match(b, &pin->flow_metadata, version);
        buffer_put_zeros(b, 2);
        buffer_put(b, pin->packet, pin->packet_len);
    }
    ofpmsg_update_length(b);
    return b;
}

/* Decoders. */

static enum ofperr
decode_packet_in2(struct ofp_packet_in *pin, struct buffer *b,
                  enum ofp_version version)
{
    bool have_packet = false;

    pin->reason = OFPR_ACTION;
    while (b->size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(b, &prop, &type);
        if (error) {
            return error;
        }
        switch (type) {
        case NXPINT_PACKET:
            pin->packet = prop.data;
            pin->packet_len = prop.size;
            have_packet = true;
            break;
        case NXPINT_FULL_LEN:
        case NXPINT_BUFFER_ID:
            if (prop.size != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            if (type == NXPINT_FULL_LEN) {
                pin->total_len = ntohl(get_unaligned_be32(prop.data));
            } else {
                pin->buffer_id = ntohl(get_unaligned_be32(prop.data));
            }
            break;
        case NXPINT_TABLE_ID:
        case NXPINT_REASON:
            if (prop.size != 1) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            if (type == NXPINT_TABLE_ID) {
                pin->table_id = *(const uint8_t *) prop.data;
            } else {
                pin->reason = *(const uint8_t *) prop.data;
            }
            break;
        case NXPINT_COOKIE:
            if (prop.size != 12) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            pin->cookie = get_unaligned_be64((const uint8_t *) prop.data
                                             + 4);
            break;
        case NXPINT_METADATA:
            error = oxm_decode_entries(prop.data, prop.size, false,
                                       &pin->flow_metadata);
            if (error) {
                return error;
            }
            break;
        default:
            /* Unknown properties (userdata, continuations) are for
             * features Sluice does not have: skip them. */
            break;
        }
    }
    (void) version;
    if (!have_packet) {
        return OFPERR_OFPBRC_BAD_PACKET;
    }
    if (pin->total_len < pin->packet_len) {
        pin->total_len = pin->packet_len;
    }
    return 0;
}

/* Pulls the 2 bytes of padding that follow a packet-in's match. */
static enum ofperr
pull_match_pad(struct buffer *b)
{
    return buffer_try_pull(b, 2) ? 0 : OFPERR_OFPBRC_BAD_LEN;
}

enum ofperr
ofp_decode_packet_in(struct ofp_packet_in *pin, const struct ofp_header *oh)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    memset(pin, 0, sizeof *pin);
    pin->cookie = UINT64_MAX;
    buffer_use_const(&b, oh, ntohs(oh->length));
    error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    switch (raw) {
    case OFPRAW_OFPT10_PACKET_IN: {
        const struct pin10_wire *w = buffer_try_pull(&b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pin->buffer_id = ntohl(w->buffer_id);
        pin->total_len = ntohs(w->total_len);
        pin->reason = w->reason;
        set_in_port(&pin->flow_metadata,
                    ofp10_port_to_port(ntohs(w->in_port)));
        break;
    }
    case OFPRAW_OFPT11_PACKET_IN: {
        const struct pin11_wire *w = buffer_try_pull(&b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pin->buffer_id = ntohl(w->buffer_id);
        pin->total_len = ntohs(w->total_len);
        pin->reason = w->reason;
        pin->table_id = w->table_id;
        set_in_port(&pin->flow_metadata, ntohl(w->in_port));
        break;
    }
    case OFPRAW_OFPT12_PACKET_IN:
    case OFPRAW_OFPT13_PACKET_IN: {
        if (raw == OFPRAW_OFPT12_PACKET_IN) {
            const struct pin12_wire *w = buffer_try_pull(&b, sizeof *w);
            if (!w) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            pin->buffer_id = ntohl(w->buffer_id);
            pin->total_len = ntohs(w->total_len);
            pin->reason = w->reason;
            pin->table_id = w->table_id;
        } else {
            const struct pin13_wire *w = buffer_try_pull(&b, sizeof *w);
            if (!w) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            pin->buffer_id = ntohl(w->buffer_id);
            pin->total_len = ntohs(w->total_len);
            pin->reason = w->reason;
            pin->table_id = w->table_id;
            pin->cookie = w->cookie;
        }
        error = oxm_pull_match(&b, false, &pin->flow_metadata);
        if (!error) {
            error = pull_match_pad(&b);
        }
        if (error) {
            return error;
        }
        break;
    }
    case OFPRAW_NXT_PACKET_IN: {
        const struct nx_pin_wire *w = buffer_try_pull(&b, sizeof *w);
        const void *nxm;
        size_t match_len;

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pin->buffer_id = ntohl(w->buffer_id);
        pin->total_len = ntohs(w->total_len);
        pin->reason = w->reason;
        pin->table_id = w->table_id;
        pin->cookie = w->cookie;
        match_len = ntohs(w->match_len);
        nxm = buffer_try_pull(&b, ROUND_UP(match_len, 8));
        if (!nxm) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = nx_decode_match(nxm, match_len, false, &pin->flow_metadata,
                                NULL, NULL);
        if (!error) {
            error = pull_match_pad(&b);
        }
        if (error) {
            return error;
        }
        break;
    }
    case OFPRAW_NXT_PACKET_IN2:
        pin->buffer_id = OFP_NO_BUFFER;
        return decode_packet_in2(pin, &b, oh->version);
    default:
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    pin->packet = b.data;
    pin->packet_len = b.size;
    return 0;
}

/* Text. */

/* Sets in MASK every field of FLOW, a packet's key, that the packet has,
 * as Open vSwitch shows a packet: Ethernet addresses, type and the outer
 * VLAN (even when there is none), then per L3 protocol its fields and, for
 * IP, its L4 fields unless a later fragment. */
static void
mask_packet_fields(const struct flow *flow, struct flow *mask)
{
    memset(mask, 0, sizeof *mask);
    memset(&mask->dl_dst, 0xff, sizeof mask->dl_dst);
    memset(&mask->dl_src, 0xff, sizeof mask->dl_src);
    mask->dl_type = htons(UINT16_MAX);
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        mask->vlans[i].tpid = htons(UINT16_MAX);
        mask->vlans[i].tci = htons(UINT16_MAX);
        if (!flow->vlans[i].tpid) {
            break;
        }
    }

    if (flow->dl_type == htons(ETH_TYPE_IP)) {
        mask->nw_src = UINT32_MAX;
        mask->nw_dst = UINT32_MAX;
    } else if (flow->dl_type == htons(ETH_TYPE_IPV6)) {
        memset(&mask->ipv6_src, 0xff, sizeof mask->ipv6_src);
        memset(&mask->ipv6_dst, 0xff, sizeof mask->ipv6_dst);
        mask->ipv6_label = htonl(IPV6_LABEL_MASK);
    } else if (flow->dl_type == htons(ETH_TYPE_ARP)
               || flow->dl_type == htons(ETH_TYPE_RARP)) {
        mask->nw_src = UINT32_MAX;
        mask->nw_dst = UINT32_MAX;
        mask->nw_proto = UINT8_MAX;
        memset(&mask->arp_sha, 0xff, sizeof mask->arp_sha);
        memset(&mask->arp_tha, 0xff, sizeof mask->arp_tha);
        return;
    } else if (flow->dl_type == htons(ETH_TYPE_MPLS)
               || flow->dl_type == htons(ETH_TYPE_MPLS_MCAST)) {
        for (int i = 0; i < FLOW_MAX_MPLS_LABELS; i++) {
            mask->mpls_lse[i] = UINT32_MAX;
            if (flow->mpls_lse[i] & htonl(MPLS_BOS_MASK)) {
                break;
            }
        }
        return;
    } else {
        return;
    }

    mask->nw_frag = FLOW_NW_FRAG_MASK;
    mask->nw_tos = UINT8_MAX;
    mask->nw_ttl = UINT8_MAX;
    mask->nw_proto = UINT8_MAX;
    if (flow->nw_frag & FLOW_NW_FRAG_LATER) {
        return;
    }
    switch (flow->nw_proto) {
    case IPPROTO_TCP:
        mask->tcp_flags = htons(TCP_FLAGS_MASK);
        /* Fall through. */
    case IPPROTO_UDP:
    case IPPROTO_SCTP:
    case IPPROTO_ICMP:
        mask->tp_src = htons(UINT16_MAX);
        mask->tp_dst = htons(UINT16_MAX);
        break;
    case IPPROTO_ICMPV6:
        mask->tp_src = htons(UINT16_MAX);
        mask->tp_dst = htons(UINT16_MAX);
        memset(&mask->nd_target, 0xff, sizeof mask->nd_target);
        memset(&mask->arp_sha, 0xff, sizeof mask->arp_sha);
        memset(&mask->arp_tha, 0xff, sizeof mask->arp_tha);
        break;
    default:
        break;
    }
}

void
ofp_packet_summary(const void *data, size_t size, struct ds *ds)
{
    struct dp_packet packet;
    struct match match;
    size_t l4_size;
    const uint8_t *l4;

    dp_packet_use_const(&packet, data, size);
    match_init_catchall(&match);
    flow_extract(&packet, &match.flow.dp);
    mask_packet_fields(&match.flow.dp, &match.mask.dp);
    match_normalize(&match);

    /* match_format() shows only the outer VLAN tag; Open vSwitch shows the
     * inner one of a tagged packet too, as "vlan_tci1" (with the CFI bit
     * meaning "present") just before dl_src. */
    struct ds text = DS_EMPTY_INITIALIZER;
    match_format(&match, &text);
    const char *dl_src = strstr(ds_cstr(&text), "dl_src=");
    if (match.flow.dp.vlans[0].tpid && dl_src) {
        const struct flow_vlan *inner = &match.flow.dp.vlans[1];
        uint16_t tci = ntohs(inner->tci) & ~VLAN_DEI;

        if (inner->tpid) {
            tci |= VLAN_DEI;
        }
        ds_put_buffer(ds, ds_cstr(&text), dl_src - ds_cstr(&text));
        ds_put_format(ds, "vlan_tci1=0x%04"PRIx16",%s", tci, dl_src);
    } else {
        ds_put_cstr(ds, ds_cstr(&text));
    }
    ds_destroy(&text);

    l4 = dp_packet_l4(&packet);
    l4_size = dp_packet_l4_size(&packet);
    if (l4) {
        switch (match.flow.dp.nw_proto) {
        case IPPROTO_TCP:
            if (l4_size >= TCP_HEADER_LEN) {
                ds_put_format(ds, " tcp_csum:%"PRIx16, ntohs(
                                  get_unaligned_be16(
                                      l4 + offsetof(struct tcp_header,
                                                    tcp_csum))));
            }
            break;
        case IPPROTO_UDP:
            if (l4_size >= UDP_HEADER_LEN) {
                ds_put_format(ds, " udp_csum:%"PRIx16, ntohs(
                                  get_unaligned_be16(
                                      l4 + offsetof(struct udp_header,
                                                    udp_csum))));
            }
            break;
        case IPPROTO_SCTP:
            if (l4_size >= SCTP_HEADER_LEN) {
                ds_put_format(ds, " sctp_csum:%"PRIx32, ntohl(
                                  get_unaligned_be32(
                                      l4 + offsetof(struct sctp_header,
                                                    sctp_csum))));
            }
            break;
        case IPPROTO_ICMP:
            if (l4_size >= ICMP_HEADER_LEN) {
                ds_put_format(ds, " icmp_csum:%"PRIx16, ntohs(
                                  get_unaligned_be16(
                                      l4 + offsetof(struct icmp_header,
                                                    icmp_csum))));
            }
            break;
        case IPPROTO_ICMPV6:
            if (l4_size >= ICMP6_HEADER_LEN) {
                ds_put_format(ds, " icmp6_csum:%"PRIx16, ntohs(
                                  get_unaligned_be16(
                                      l4 + offsetof(struct icmp6_header,
                                                    icmp6_csum))));
            }
            break;
        default:
            break;
        }
    }
    ds_put_char(ds, '\n');
    dp_packet_uninit(&packet);
}

void
ofp_packet_in_format(const struct ofp_packet_in *pin, struct ds *ds)
{
    const char *reason = ofp_packet_in_reason_to_string(pin->reason);

    if (pin->table_id) {
        ds_put_format(ds, " table_id=%"PRIu8, pin->table_id);
    }
    if (pin->cookie != UINT64_MAX) {
        ds_put_format(ds, " cookie=0x%"PRIx64, ntohll(pin->cookie));
    }
    ds_put_format(ds, " total_len=%"PRIu32" ", pin->total_len);
    match_format(&pin->flow_metadata, ds);
    if (reason) {
        ds_put_format(ds, " (via %s)", reason);
    } else {
        ds_put_format(ds, " (via %d)", (int) pin->reason);
    }
    ds_put_format(ds, " data_len=%zu", pin->packet_len);
    if (pin->buffer_id == OFP_NO_BUFFER) {
        ds_put_cstr(ds, " (unbuffered)");
        if (pin->total_len != pin->packet_len) {
            ds_put_cstr(ds, " (***total_len != data_len***)");
        }
    } else {
        ds_put_format(ds, " buffer=0x%08"PRIx32, pin->buffer_id);
        if (pin->total_len < pin->packet_len) {
            ds_put_cstr(ds, " (***total_len < data_len***)");
        }
    }
    ds_put_char(ds, '\n');
    ofp_packet_summary(pin->packet, pin->packet_len, ds);
}

/* Packet-out. */

uint32_t
ofp_packet_out_get_in_port(const struct ofp_packet_out *po)
{
    return metadata_in_port(&po->flow_metadata);
}

void
ofp_packet_out_set_in_port(struct ofp_packet_out *po, uint32_t in_port)
{
    set_in_port(&po->flow_metadata, in_port);
}

struct buffer *
ofp_encode_packet_out(const struct ofp_packet_out *po,
                      enum ofp_version version)
{
    uint32_t in_port = ofp_packet_out_get_in_port(po);
    size_t packet_len = po->buffer_id == OFP_NO_BUFFER ? po->packet_len : 0;
    struct buffer *b;
    size_t w_ofs, actions_len;

    if (version == OFP10_VERSION) {
        struct po10_wire *w;
        uint16_t port10;

        if (!port_to_ofp10_port(in_port, &port10)) {
            port10 = OFPP10_NONE;
        }
        b = ofpraw_alloc(OFPRAW_OFPT10_PACKET_OUT, version,
                         packet_len + po->ofpacts_len);
        w_ofs = b->size;
        w = buffer_put_zeros(b, sizeof *w);
        w->buffer_id = htonl(po->buffer_id);
        w->in_port = htons(port10);
        actions_len = ofpacts_encode_actions(po->ofpacts, po->ofpacts_len,
                                             version, b);
        w = buffer_at_assert(b, w_ofs, sizeof *w);
        w->actions_len = htons(actions_len);
    } else if (version < OFP15_VERSION) {
        struct po11_wire *w;

        b = ofpraw_alloc(OFPRAW_OFPT11_PACKET_OUT, version,
                         packet_len + po->ofpacts_len);
        w_ofs = b->size;
        w = buffer_put_zeros(b, sizeof *w);
        w->buffer_id = htonl(po->buffer_id);
        w->in_port = htonl(in_port);
        actions_len = ofpacts_encode_actions(po->ofpacts, po->ofpacts_len,
                                             version, b);
        w = buffer_at_assert(b, w_ofs, sizeof *w);
        w->actions_len = htons(actions_len);
    } else {
        struct po15_wire *w;

        b = ofpraw_alloc(OFPRAW_OFPT11_PACKET_OUT, version,
                         packet_len + po->ofpacts_len + 64);
        w_ofs = b->size;
        w = buffer_put_zeros(b, sizeof *w);
        w->buffer_id = htonl(po->buffer_id);
        oxm_put_match(b, &po->flow_metadata, version);
        actions_len = ofpacts_encode_actions(po->ofpacts, po->ofpacts_len,
                                             version, b);
        w = buffer_at_assert(b, w_ofs, sizeof *w);
        w->actions_len = htons(actions_len);
    }
    if (packet_len) {
        buffer_put(b, po->packet, packet_len);
    }
    ofpmsg_update_length(b);
    return b;
}

/* Returns true if PORT may be a packet-out's in_port. */
static bool
is_valid_packet_out_port(uint32_t port)
{
    return (port < OFPP_MAX || port == OFPP_LOCAL || port == OFPP_ANY
            || port == OFPP_CONTROLLER);
}

/* Returns true if MATCH matches only pipeline metadata fields. */
static bool
match_is_metadata_only(const struct match *match)
{
    struct flow packet_mask = match->mask.dp;

    packet_mask.in_port = 0;
    return (is_all_zeros(&packet_mask, sizeof packet_mask)
            && !match->mask.actset_output);
}

enum ofperr
ofp_decode_packet_out(struct ofp_packet_out *po, const struct ofp_header *oh,
                      struct buffer *ofpacts)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;
    size_t actions_len;
    const void *actions;

    memset(po, 0, sizeof *po);
    buffer_use_const(&b, oh, ntohs(oh->length));
    error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    if (raw == OFPRAW_OFPT10_PACKET_OUT) {
        const struct po10_wire *w = buffer_try_pull(&b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        uint16_t port10 = ntohs(w->in_port);

        /* 0xff00 to 0xfff7 are neither ports nor reserved ports. */
        if (port10 >= OFPP10_MAX && port10 < OFPP10_IN_PORT) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        po->buffer_id = ntohl(w->buffer_id);
        set_in_port(&po->flow_metadata, ofp10_port_to_port(port10));
        actions_len = ntohs(w->actions_len);
    } else if (raw == OFPRAW_OFPT11_PACKET_OUT
               && oh->version < OFP15_VERSION) {
        const struct po11_wire *w = buffer_try_pull(&b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        po->buffer_id = ntohl(w->buffer_id);
        set_in_port(&po->flow_metadata, ntohl(w->in_port));
        actions_len = ntohs(w->actions_len);
    } else if (raw == OFPRAW_OFPT11_PACKET_OUT) {
        const struct po15_wire *w = buffer_try_pull(&b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        po->buffer_id = ntohl(w->buffer_id);
        actions_len = ntohs(w->actions_len);
        error = oxm_pull_match(&b, true, &po->flow_metadata);
        if (error) {
            return error;
        }
        if (!match_is_metadata_only(&po->flow_metadata)) {
            return OFPERR_OFPBRC_PIPELINE_FIELDS_ONLY;
        }
        if (!po->flow_metadata.mask.dp.in_port) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }

    if (!is_valid_packet_out_port(ofp_packet_out_get_in_port(po))) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    actions = buffer_try_pull(&b, actions_len);
    if (!actions) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t ofpacts_start = ofpacts->size;
    error = ofpacts_decode_actions(actions, actions_len, oh->version,
                                   ofpacts);
    if (error) {
        return error;
    }
    po->ofpacts = (const char *) ofpacts->data + ofpacts_start;
    po->ofpacts_len = ofpacts->size - ofpacts_start;
    if (po->buffer_id == OFP_NO_BUFFER) {
        po->packet = b.data;
        po->packet_len = b.size;
    }
    return 0;
}

enum ofperr
ofp_packet_out_check_buffer(const struct ofp_packet_out *po)
{
    return po->buffer_id == OFP_NO_BUFFER ? 0 : OFPERR_OFPBRC_BUFFER_UNKNOWN;
}

void
ofp_packet_out_format(const struct ofp_packet_out *po, struct ds *ds)
{
    ds_put_char(ds, ' ');
    match_format(&po->flow_metadata, ds);
    ds_put_cstr(ds, " actions=");
    ofpacts_format(po->ofpacts, po->ofpacts_len, ds);
    if (po->buffer_id == OFP_NO_BUFFER) {
        ds_put_format(ds, " data_len=%zu", po->packet_len);
        if (po->packet_len) {
            ds_put_char(ds, '\n');
            ofp_packet_summary(po->packet, po->packet_len, ds);
        } else {
            ds_put_char(ds, '\n');
        }
    } else {
        ds_put_format(ds, " buffer=0x%08"PRIx32"\n", po->buffer_id);
    }
}

/* Text. */


char *
ofp_parse_hex_packet(const char *s, struct buffer *packet)
{
    size_t start = packet->size;
    while (*s) {
        if (isspace((unsigned char) *s)) {
            s++;
            continue;
        }
        int hi = hexit_value(s[0]);
        int lo = hi >= 0 ? hexit_value(s[1]) : -1;
        if (lo < 0) {
            buffer_truncate(packet, start);
            return xstrdup("Trailing garbage in packet data");
        }
        uint8_t byte = hi * 16 + lo;
        buffer_put(packet, &byte, 1);
        s += 2;
    }
    return NULL;
}

char *
ofp_parse_packet_out(const char *s, struct ofp_packet_out *po,
                     struct buffer *packet, struct buffer *ofpacts)
{
    char *copy = xstrdup(s);
    char *error = NULL;
    bool have_packet = false;

    memset(po, 0, sizeof *po);
    po->buffer_id = OFP_NO_BUFFER;
    match_init_catchall(&po->flow_metadata);
    ofp_packet_out_set_in_port(po, OFPP_CONTROLLER);

    char *p = copy;
    while (*p && !error) {
        p += strspn(p, ", \t");
        if (!*p) {
            break;
        }
        char *key = p;
        size_t key_len = strcspn(p, "=, \t");
        char *value;
        if (key[key_len] == '=') {
            key[key_len] = '\0';
            value = key + key_len + 1;
        } else {
            error = xasprintf("%.*s: field requires a value",
                              (int) key_len, key);
            break;
        }
        if (!strcmp(key, "actions")) {
            /* The rest of the string. */
            error = ofpacts_parse(value, ofpacts);
            break;
        }
        size_t value_len = strcspn(value, ",");
        char *next = value + value_len;
        if (*next) {
            *next++ = '\0';
        }
        if (!strcmp(key, "in_port")) {
            uint32_t port;
            if (!ofp_port_from_string(value, &port)) {
                error = xasprintf("%s is not a valid OpenFlow port", value);
            } else {
                ofp_packet_out_set_in_port(po, port);
            }
        } else if (!strcmp(key, "packet")) {
            char *e = ofp_parse_hex_packet(value, packet);
            if (e) {
                error = xasprintf("packet: %s", e);
                free(e);
            }
            have_packet = true;
        } else {
            error = xasprintf("%s: unknown packet-out field (in_port, "
                              "packet, actions)", key);
        }
        p = next;
    }
    if (!error && !have_packet) {
        error = xstrdup("must specify packet");
    }
    free(copy);
    if (!error) {
        po->packet = packet->data;
        po->packet_len = packet->size;
        po->ofpacts = ofpacts->data;
        po->ofpacts_len = ofpacts->size;
    }
    return error;
}

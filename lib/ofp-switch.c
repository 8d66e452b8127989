/* ofp-switch: OpenFlow switch-level messages.  See ofp-switch.h. */
#include <config.h>
#include "ofp-switch.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "util.h"

/* Wire formats. */

/* Features reply body, every version.  'aux_pad' is three bytes of padding
 * before OpenFlow 1.3 and the auxiliary id and two of padding from 1.3 on;
 * 'actions' is OpenFlow 1.0's action bitmap, reserved later. */
struct features_wire {
    be64 datapath_id;
    be32 n_buffers;
    uint8_t n_tables;
    uint8_t aux_pad[3];
    be32 capabilities;
    be32 actions;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct features_wire) == 24);

struct switch_config_wire {
    be16 flags;
    be16 miss_send_len;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct switch_config_wire) == 4);

/* The flag bits of a switch configuration besides the fragment handling. */
#define OFPC_FRAG_MASK 3
#define OFPC_INVALID_TTL_TO_CONTROLLER 4   /* OpenFlow 1.0 to 1.2. */

struct desc_wire {
    char mfr_desc[OFP_DESC_STR_LEN];
    char hw_desc[OFP_DESC_STR_LEN];
    char sw_desc[OFP_DESC_STR_LEN];
    char serial_num[OFP_SERIAL_NUM_LEN];
    char dp_desc[OFP_DESC_STR_LEN];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct desc_wire) == 1056);

/* OpenFlow 1.2+ role request and reply. */
struct role12_wire {
    be32 role;
    uint8_t pad[4];
    be64 generation_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct role12_wire) == 16);

/* Nicira's roles (NXT_ROLE_REQUEST, NXT_ROLE_REPLY): one be32. */
enum nx_role {
    NX_ROLE_OTHER = 0,          /* OFPCR_ROLE_EQUAL. */
    NX_ROLE_MASTER = 1,
    NX_ROLE_SLAVE = 2,
};

struct role_status_wire {
    be32 role;
    uint8_t reason;
    uint8_t pad[3];
    be64 generation_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct role_status_wire) == 16);

/* OpenFlow 1.3's get-async reply and set-async, and NXT_SET_ASYNC_CONFIG:
 * six be32 masks, for packet-in, port-status and flow-removed in turn the
 * master/equal mask and then the slave mask. */
#define ASYNC_MASKS_SIZE 24

/* Returns the offset in the body above of kind TYPE's mask for the master
 * role if MASTER, otherwise for the slave role. */
static size_t
async_mask_ofs(int type, bool master)
{
    return 8 * type + (master ? 0 : 4);
}

/* OpenFlow 1.4's async config property types: kind K's slave property is
 * 2 * K and its master property 2 * K + 1; experimenter properties are
 * 0xfffe (slave) and 0xffff (master). */
#define ASYNC_PROP_EXPERIMENTER_SLAVE 0xfffe
#define ASYNC_PROP_EXPERIMENTER_MASTER 0xffff

struct controller_id_wire {
    uint8_t pad[6];
    be16 controller_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct controller_id_wire) == 8);

/* Makes B a read-only view of message OH and pulls its headers, storing
 * its raw type in *RAW. */
static enum ofperr
pull_msg(const struct ofp_header *oh, struct buffer *b, enum ofpraw *raw)
{
    buffer_use_const(b, oh, ntohs(oh->length));
    return ofpraw_pull(raw, b);
}

/* Echo, barrier, features request. */

struct buffer *
ofp_encode_echo_request(enum ofp_version version, const void *payload,
                        size_t size)
{
    struct buffer *b = ofpraw_alloc(OFPRAW_OFPT_ECHO_REQUEST, version, size);

    if (size) {
        buffer_put(b, payload, size);
    }
    ofpmsg_update_length(b);
    return b;
}

struct buffer *
ofp_encode_echo_reply(const struct ofp_header *request)
{
    size_t size = ntohs(request->length) - sizeof *request;
    struct buffer *b = ofpraw_alloc_reply(OFPRAW_OFPT_ECHO_REPLY, request,
                                          size);

    if (size) {
        buffer_put(b, request + 1, size);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_echo(const struct ofp_header *oh, const void **payload,
                size_t *size)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPT_ECHO_REQUEST && raw != OFPRAW_OFPT_ECHO_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    *payload = b.data;
    *size = b.size;
    return 0;
}

void
ofp_echo_format(struct ds *s, const void *payload, size_t size)
{
    ds_put_format(s, " %zu bytes of payload\n", size);
    ds_put_hex_dump(s, payload, size, 0, true);
}

struct buffer *
ofp_encode_barrier_request(enum ofp_version version)
{
    return ofpraw_alloc(version == OFP10_VERSION
                        ? OFPRAW_OFPT10_BARRIER_REQUEST
                        : OFPRAW_OFPT11_BARRIER_REQUEST, version, 0);
}

struct buffer *
ofp_encode_barrier_reply(const struct ofp_header *request)
{
    return ofpraw_alloc_reply(request->version == OFP10_VERSION
                              ? OFPRAW_OFPT10_BARRIER_REPLY
                              : OFPRAW_OFPT11_BARRIER_REPLY, request, 0);
}

struct buffer *
ofp_encode_features_request(enum ofp_version version)
{
    return ofpraw_alloc(OFPRAW_OFPT_FEATURES_REQUEST, version, 0);
}

/* Features reply. */

/* Where each capability sits on the wire, and in which versions. */
static const struct capability_info {
    uint32_t capability;        /* OFPC_*. */
    uint8_t wire_bit;
    enum ofp_version min_version;
    enum ofp_version max_version;
} capability_infos[] = {
    { OFPC_FLOW_STATS,      0, OFP10_VERSION, OFP15_VERSION },
    { OFPC_TABLE_STATS,     1, OFP10_VERSION, OFP15_VERSION },
    { OFPC_PORT_STATS,      2, OFP10_VERSION, OFP15_VERSION },
    { OFPC_STP,             3, OFP10_VERSION, OFP10_VERSION },
    { OFPC_GROUP_STATS,     3, OFP11_VERSION, OFP15_VERSION },
    { OFPC_IP_REASM,        5, OFP10_VERSION, OFP15_VERSION },
    { OFPC_QUEUE_STATS,     6, OFP10_VERSION, OFP15_VERSION },
    { OFPC_ARP_MATCH_IP,    7, OFP10_VERSION, OFP11_VERSION },
    { OFPC_PORT_BLOCKED,    8, OFP12_VERSION, OFP15_VERSION },
    { OFPC_BUNDLES,         9, OFP14_VERSION, OFP15_VERSION },
    { OFPC_FLOW_MONITORING, 10, OFP14_VERSION, OFP15_VERSION },
};

static uint32_t
capabilities_to_wire(uint32_t capabilities, enum ofp_version version)
{
    uint32_t wire = 0;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(capability_infos); i++) {
        const struct capability_info *ci = &capability_infos[i];

        if (capabilities & ci->capability
            && version >= ci->min_version && version <= ci->max_version) {
            wire |= UINT32_C(1) << ci->wire_bit;
        }
    }
    return wire;
}

static uint32_t
capabilities_from_wire(uint32_t wire, enum ofp_version version)
{
    uint32_t capabilities = 0;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(capability_infos); i++) {
        const struct capability_info *ci = &capability_infos[i];

        if (wire & (UINT32_C(1) << ci->wire_bit)
            && version >= ci->min_version && version <= ci->max_version) {
            capabilities |= ci->capability;
        }
    }
    return capabilities;
}

/* The size of one port in a features reply of VERSION, or 0 if the reply
 * carries no ports. */
static size_t
features_port_size(enum ofp_version version)
{
    return (version == OFP10_VERSION ? 48
            : version <= OFP12_VERSION ? 64
            : 0);
}

struct buffer *
ofp_encode_features_reply(const struct ofp_switch_features *features,
                          enum ofp_version version, be32 xid,
                          const void *ports, size_t ports_size)
{
    size_t port_size = features_port_size(version);
    enum ofpraw raw = (version == OFP10_VERSION
                       ? OFPRAW_OFPT10_FEATURES_REPLY
                       : version <= OFP12_VERSION
                       ? OFPRAW_OFPT11_FEATURES_REPLY
                       : OFPRAW_OFPT13_FEATURES_REPLY);
    struct features_wire *w;
    struct buffer *b;

    sluice_assert(port_size ? ports_size % port_size == 0 : !ports_size);
    b = ofpraw_alloc_xid(raw, version, xid, sizeof *w + ports_size);
    w = buffer_put_zeros(b, sizeof *w);
    w->datapath_id = htonll(features->datapath_id);
    w->n_buffers = htonl(features->n_buffers);
    w->n_tables = features->n_tables;
    if (version >= OFP13_VERSION) {
        w->aux_pad[0] = features->auxiliary_id;
    }
    w->capabilities = htonl(capabilities_to_wire(features->capabilities,
                                                 version));
    if (version == OFP10_VERSION) {
        w->actions = htonl(features->ofp10_actions & OFP10_ACTIONS_ALL);
    }
    if (ports_size) {
        buffer_put(b, ports, ports_size);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_features_reply(const struct ofp_header *oh,
                          struct ofp_switch_features *features,
                          struct buffer *ports)
{
    const struct features_wire *w;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPT10_FEATURES_REPLY
        && raw != OFPRAW_OFPT11_FEATURES_REPLY
        && raw != OFPRAW_OFPT13_FEATURES_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    /* ofpraw_pull() checked that the body holds the fixed part. */
    w = buffer_pull(&b, sizeof *w);
    memset(features, 0, sizeof *features);
    features->datapath_id = ntohll(w->datapath_id);
    features->n_buffers = ntohl(w->n_buffers);
    features->n_tables = w->n_tables;
    if (oh->version >= OFP13_VERSION) {
        features->auxiliary_id = w->aux_pad[0];
    }
    features->capabilities = capabilities_from_wire(ntohl(w->capabilities),
                                                    oh->version);
    if (oh->version == OFP10_VERSION) {
        features->ofp10_actions = ntohl(w->actions) & OFP10_ACTIONS_ALL;
    }
    buffer_use_const(ports, b.data, b.size);
    return 0;
}

static const char *const capability_names[] = {
    "FLOW_STATS", "TABLE_STATS", "PORT_STATS", "STP", "GROUP_STATS",
    "IP_REASM", "QUEUE_STATS", "ARP_MATCH_IP", "PORT_BLOCKED", "BUNDLES",
    "FLOW_MONITORING",
};

/* OpenFlow 1.0 actions in the order ovs-ofctl prints them, by type. */
static const struct {
    uint8_t type;
    const char *name;
} ofp10_action_names[] = {
    { 0, "output" }, { 11, "enqueue" }, { 1, "set_vlan_vid" },
    { 2, "set_vlan_pcp" }, { 3, "strip_vlan" }, { 4, "mod_dl_src" },
    { 5, "mod_dl_dst" }, { 6, "mod_nw_src" }, { 7, "mod_nw_dst" },
    { 8, "mod_nw_tos" }, { 9, "mod_tp_src" }, { 10, "mod_tp_dst" },
};

enum ofperr
ofp_switch_features_format(struct ds *s,
                           const struct ofp_switch_features *features,
                           enum ofp_version version,
                           const struct buffer *ports)
{
    struct ofp_port_desc *descs = NULL;
    size_t n_descs = 0;
    size_t i;

    if (ports && ports->size) {
        struct buffer copy;
        enum ofperr error;

        buffer_use_const(&copy, ports->data, ports->size);
        error = ofp_port_descs_decode(&copy, version, &descs, &n_descs);
        if (error) {
            return error;
        }
    }

    ds_put_format(s, " dpid:%016"PRIx64"\n", features->datapath_id);
    ds_put_format(s, "n_tables:%"PRIu8", n_buffers:%"PRIu32,
                  features->n_tables, features->n_buffers);
    if (features->auxiliary_id) {
        ds_put_format(s, ", auxiliary_id:%"PRIu8, features->auxiliary_id);
    }
    ds_put_cstr(s, "\ncapabilities: ");
    ofp_format_bit_names(s, features->capabilities, capability_names,
                         ARRAY_SIZE(capability_names));
    ds_put_char(s, '\n');
    if (version == OFP10_VERSION && features->ofp10_actions) {
        const char *sep = "";

        ds_put_cstr(s, "actions: ");
        for (i = 0; i < ARRAY_SIZE(ofp10_action_names); i++) {
            if (features->ofp10_actions
                & (UINT32_C(1) << ofp10_action_names[i].type)) {
                ds_put_format(s, "%s%s", sep, ofp10_action_names[i].name);
                sep = " ";
            }
        }
        ds_put_char(s, '\n');
    }
    if (n_descs) {
        ofp_port_descs_format(s, descs, n_descs);
    }
    free(descs);
    return 0;
}

/* Switch configuration. */

/* Returns CONFIG's flags in VERSION's wire form. */
static be16
switch_config_wire_flags(const struct ofp_switch_config *config,
                         enum ofp_version version)
{
    uint16_t flags = config->frag & OFPC_FRAG_MASK;

    if (config->invalid_ttl_to_controller && version < OFP13_VERSION) {
        flags |= OFPC_INVALID_TTL_TO_CONTROLLER;
    }
    return htons(flags);
}

static struct buffer *
encode_switch_config(enum ofpraw raw, enum ofp_version version, be32 xid,
                     const struct ofp_switch_config *config)
{
    struct buffer *b = ofpraw_alloc_xid(raw, version, xid, 0);
    struct switch_config_wire *w = buffer_put_zeros(b, sizeof *w);

    w->flags = switch_config_wire_flags(config, version);
    w->miss_send_len = htons(config->miss_send_len);
    ofpmsg_update_length(b);
    return b;
}

struct buffer *
ofp_encode_get_config_request(enum ofp_version version)
{
    return ofpraw_alloc(OFPRAW_OFPT_GET_CONFIG_REQUEST, version, 0);
}

struct buffer *
ofp_encode_get_config_reply(const struct ofp_header *request,
                            const struct ofp_switch_config *config)
{
    return encode_switch_config(OFPRAW_OFPT_GET_CONFIG_REPLY,
                                request->version, request->xid, config);
}

struct buffer *
ofp_encode_set_config(const struct ofp_switch_config *config,
                      enum ofp_version version)
{
    return encode_switch_config(OFPRAW_OFPT_SET_CONFIG, version,
                                ofp_alloc_xid(), config);
}

/* Decodes switch configuration message OH, which must be of raw type WANT,
 * into *CONFIG; if STRICT, an unknown flag is an error. */
static enum ofperr
decode_switch_config(const struct ofp_header *oh, enum ofpraw want,
                     bool strict, struct ofp_switch_config *config)
{
    const struct switch_config_wire *w;
    uint16_t flags, valid;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw != want) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    w = buffer_pull(&b, sizeof *w);
    flags = ntohs(w->flags);
    valid = OFPC_FRAG_MASK;
    if (oh->version < OFP13_VERSION) {
        valid |= OFPC_INVALID_TTL_TO_CONTROLLER;
    }
    if (strict && flags & ~valid) {
        return OFPERR_OFPSCFC_BAD_FLAGS;
    }
    config->frag = flags & OFPC_FRAG_MASK;
    config->invalid_ttl_to_controller
        = (flags & valid & OFPC_INVALID_TTL_TO_CONTROLLER) != 0;
    config->miss_send_len = ntohs(w->miss_send_len);
    return 0;
}

enum ofperr
ofp_decode_set_config(const struct ofp_header *oh,
                      struct ofp_switch_config *config)
{
    return decode_switch_config(oh, OFPRAW_OFPT_SET_CONFIG, true, config);
}

enum ofperr
ofp_decode_get_config_reply(const struct ofp_header *oh,
                            struct ofp_switch_config *config)
{
    return decode_switch_config(oh, OFPRAW_OFPT_GET_CONFIG_REPLY, false,
                                config);
}

void
ofp_switch_config_format(struct ds *s, const struct ofp_switch_config *config)
{
    static const char *const frag_names[] = {
        [OFPC_FRAG_NORMAL] = "normal",
        [OFPC_FRAG_DROP] = "drop",
        [OFPC_FRAG_REASM] = "reassemble",
        [OFPC_FRAG_NX_MATCH] = "nx-match",
    };

    ds_put_format(s, " frags=%s", frag_names[config->frag & OFPC_FRAG_MASK]);
    if (config->invalid_ttl_to_controller) {
        ds_put_cstr(s, " invalid_ttl_to_controller");
    }
    ds_put_format(s, " miss_send_len=%"PRIu16, config->miss_send_len);
}

/* Description statistics. */

struct buffer *
ofp_encode_desc_stats_request(enum ofp_version version)
{
    return ofpraw_alloc(OFPRAW_OFPST_DESC_REQUEST, version, 0);
}

/* Copies null-terminated SRC into the SIZE-byte wire field DST, cutting it
 * to SIZE bytes; DST is already zeroed. */
static void
put_desc_string(char *dst, const char *src, size_t size)
{
    memcpy(dst, src, strnlen(src, size));
}

/* Copies the SIZE-byte wire field SRC into DST, which has room for SIZE + 1
 * bytes, and terminates it. */
static void
get_desc_string(char *dst, const char *src, size_t size)
{
    size_t len = strnlen(src, size);

    memcpy(dst, src, len);
    dst[len] = '\0';
}

struct buffer *
ofp_encode_desc_stats_reply(const struct ofp_header *request,
                            const struct ofp_switch_desc *desc)
{
    struct buffer *b = ofpraw_alloc_reply(OFPRAW_OFPST_DESC_REPLY, request,
                                          0);
    struct desc_wire *w = buffer_put_zeros(b, sizeof *w);

    put_desc_string(w->mfr_desc, desc->mfr_desc, sizeof w->mfr_desc);
    put_desc_string(w->hw_desc, desc->hw_desc, sizeof w->hw_desc);
    put_desc_string(w->sw_desc, desc->sw_desc, sizeof w->sw_desc);
    put_desc_string(w->serial_num, desc->serial_num, sizeof w->serial_num);
    put_desc_string(w->dp_desc, desc->dp_desc, sizeof w->dp_desc);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_desc_stats_reply(const struct ofp_header *oh,
                            struct ofp_switch_desc *desc)
{
    const struct desc_wire *w;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST_DESC_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    w = buffer_pull(&b, sizeof *w);
    get_desc_string(desc->mfr_desc, w->mfr_desc, sizeof w->mfr_desc);
    get_desc_string(desc->hw_desc, w->hw_desc, sizeof w->hw_desc);
    get_desc_string(desc->sw_desc, w->sw_desc, sizeof w->sw_desc);
    get_desc_string(desc->serial_num, w->serial_num, sizeof w->serial_num);
    get_desc_string(desc->dp_desc, w->dp_desc, sizeof w->dp_desc);
    return 0;
}

void
ofp_switch_desc_format(struct ds *s, const struct ofp_switch_desc *desc)
{
    ds_put_format(s, "\nManufacturer: %s\n", desc->mfr_desc);
    ds_put_format(s, "Hardware: %s\n", desc->hw_desc);
    ds_put_format(s, "Software: %s\n", desc->sw_desc);
    ds_put_format(s, "Serial Num: %s\n", desc->serial_num);
    ds_put_format(s, "DP Description: %s\n", desc->dp_desc);
}

/* Roles. */

static bool
is_valid_role(uint32_t role)
{
    return role <= OFPCR_ROLE_SLAVE;
}

/* Returns a new role request or reply of raw type RAW (a Nicira or a
 * standard form) in VERSION with XID, carrying RR. */
static struct buffer *
encode_role(enum ofpraw raw, enum ofp_version version, be32 xid,
            const struct ofp_role_request *rr)
{
    struct buffer *b = ofpraw_alloc_xid(raw, version, xid, 0);

    if (raw == OFPRAW_NXT_ROLE_REQUEST || raw == OFPRAW_NXT_ROLE_REPLY) {
        sluice_assert(rr->role != OFPCR_ROLE_NOCHANGE
                      && is_valid_role(rr->role));
        put_unaligned_be32(buffer_put_zeros(b, 4), htonl(rr->role - 1));
    } else {
        struct role12_wire *w = buffer_put_zeros(b, sizeof *w);

        sluice_assert(is_valid_role(rr->role));
        w->role = htonl(rr->role);
        w->generation_id = htonll(rr->have_generation_id
                                  ? rr->generation_id : UINT64_MAX);
    }
    ofpmsg_update_length(b);
    return b;
}

struct buffer *
ofp_encode_role_request(const struct ofp_role_request *rr,
                        enum ofp_version version)
{
    return encode_role(version < OFP12_VERSION
                       ? OFPRAW_NXT_ROLE_REQUEST
                       : OFPRAW_OFPT12_ROLE_REQUEST,
                       version, ofp_alloc_xid(), rr);
}

struct buffer *
ofp_encode_role_reply(const struct ofp_header *request,
                      const struct ofp_role_request *rr)
{
    enum ofpraw raw;
    enum ofperr error = ofpraw_decode(&raw, request);

    sluice_assert(!error);
    return encode_role(raw == OFPRAW_NXT_ROLE_REQUEST
                       ? OFPRAW_NXT_ROLE_REPLY : OFPRAW_OFPT12_ROLE_REPLY,
                       request->version, request->xid, rr);
}

enum ofperr
ofp_decode_role_message(const struct ofp_header *oh,
                        struct ofp_role_request *rr)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw == OFPRAW_OFPT12_ROLE_REQUEST
        || raw == OFPRAW_OFPT12_ROLE_REPLY) {
        const struct role12_wire *w = buffer_pull(&b, sizeof *w);
        uint32_t role = ntohl(w->role);

        if (!is_valid_role(role)) {
            return OFPERR_OFPRRFC_BAD_ROLE;
        }
        rr->role = role;
        rr->generation_id = ntohll(w->generation_id);
        rr->have_generation_id = (raw == OFPRAW_OFPT12_ROLE_REQUEST
                                  ? role != OFPCR_ROLE_NOCHANGE
                                  : rr->generation_id != UINT64_MAX);
        if (!rr->have_generation_id) {
            rr->generation_id = 0;
        }
    } else if (raw == OFPRAW_NXT_ROLE_REQUEST
               || raw == OFPRAW_NXT_ROLE_REPLY) {
        uint32_t nx_role = ntohl(get_unaligned_be32(b.data));

        if (nx_role > NX_ROLE_SLAVE) {
            return OFPERR_OFPRRFC_BAD_ROLE;
        }
        rr->role = nx_role + 1;
        rr->have_generation_id = false;
        rr->generation_id = 0;
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    return 0;
}

static const char *
role_name(enum ofp_controller_role role)
{
    switch (role) {
    case OFPCR_ROLE_NOCHANGE:
        return "nochange";
    case OFPCR_ROLE_EQUAL:
        return "equal";
    case OFPCR_ROLE_MASTER:
        return "primary";
    case OFPCR_ROLE_SLAVE:
        return "secondary";
    default:
        return "<invalid>";
    }
}

void
ofp_role_request_format(struct ds *s, const struct ofp_role_request *rr)
{
    ds_put_format(s, " role=%s", role_name(rr->role));
    if (rr->have_generation_id) {
        ds_put_format(s, " generation_id=%"PRIu64, rr->generation_id);
    }
}

struct buffer *
ofp_encode_role_status(const struct ofp_role_status *rs,
                       enum ofp_version version)
{
    struct buffer *b = ofpraw_alloc_xid(OFPRAW_OFPT14_ROLE_STATUS, version,
                                        htonl(0), 0);
    struct role_status_wire *w = buffer_put_zeros(b, sizeof *w);

    sluice_assert(is_valid_role(rs->role));
    w->role = htonl(rs->role);
    w->reason = rs->reason;
    w->generation_id = htonll(rs->generation_id);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_role_status(const struct ofp_header *oh,
                       struct ofp_role_status *rs)
{
    const struct role_status_wire *w;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPT14_ROLE_STATUS) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    w = buffer_pull(&b, sizeof *w);
    if (!is_valid_role(ntohl(w->role))) {
        return OFPERR_OFPRRFC_BAD_ROLE;
    }
    rs->role = ntohl(w->role);
    rs->reason = w->reason;
    rs->generation_id = ntohll(w->generation_id);
    return 0;
}

void
ofp_role_status_format(struct ds *s, const struct ofp_role_status *rs)
{
    ds_put_format(s, " role=%s", role_name(rs->role));
    if (rs->generation_id != UINT64_MAX) {
        ds_put_format(s, " generation_id=%"PRIu64, rs->generation_id);
    }
    ds_put_cstr(s, " reason=");
    switch (rs->reason) {
    case OFPCRR_MASTER_REQUEST:
        ds_put_cstr(s, "primary_request");
        break;
    case OFPCRR_CONFIG:
        ds_put_cstr(s, "configuration_changed");
        break;
    case OFPCRR_EXPERIMENTER:
        ds_put_cstr(s, "experimenter_data_changed");
        break;
    default:
        ds_put_cstr(s, "(unknown)");
        break;
    }
}

/* Asynchronous message configuration. */

static const struct async_type_info {
    const char *name;
    const char *const *reasons; /* Indexed by bit number. */
    size_t n_reasons;
} async_types[OAM_N_TYPES] = {
#define REASONS(...)                                            \
    (const char *const[]) { __VA_ARGS__ },                      \
    ARRAY_SIZE(((const char *const[]) { __VA_ARGS__ }))
    [OAM_PACKET_IN] = { "PACKET_IN", REASONS(
            "no_match", "action", "invalid_ttl", "action_set", "group",
            "packet_out") },
    [OAM_PORT_STATUS] = { "PORT_STATUS", REASONS(
            "add", "delete", "modify") },
    [OAM_FLOW_REMOVED] = { "FLOW_REMOVED", REASONS(
            "idle", "hard", "delete", "group_delete", "meter_delete",
            "eviction") },
    [OAM_ROLE_STATUS] = { "ROLE_STATUS", REASONS(
            "primary_request", "configuration_changed",
            "experimenter_data_changed") },
    [OAM_TABLE_STATUS] = { "TABLE_STATUS", REASONS(
            NULL, NULL, NULL, "vacancy_down", "vacancy_up") },
    [OAM_REQUESTFORWARD] = { "REQUESTFORWARD", REASONS(
            "group_mod_request", "meter_mod_request") },
#undef REASONS
};

uint32_t
ofp_async_config_allowed(enum ofp_async_msg_type type,
                         enum ofp_version version)
{
    switch (type) {
    case OAM_PACKET_IN:
        return version >= OFP14_VERSION ? 0x3f : 0x7;
    case OAM_PORT_STATUS:
        return 0x7;
    case OAM_FLOW_REMOVED:
        return 0x3f;
    case OAM_ROLE_STATUS:
        return 0x7;
    case OAM_TABLE_STATUS:
        return 0x18;
    case OAM_REQUESTFORWARD:
        return 0x3;
    case OAM_N_TYPES:
    default:
        return 0;
    }
}

/* The kinds that OpenFlow 1.3's masks and NXT_SET_ASYNC_CONFIG carry. */
#define OAMS_LEGACY ((1u << OAM_PACKET_IN) | (1u << OAM_PORT_STATUS)    \
                     | (1u << OAM_FLOW_REMOVED))
#define OAMS_ALL ((1u << OAM_N_TYPES) - 1)

struct buffer *
ofp_encode_get_async_request(enum ofp_version version)
{
    return ofpraw_alloc(version == OFP13_VERSION
                        ? OFPRAW_OFPT13_GET_ASYNC_REQUEST
                        : OFPRAW_OFPT14_GET_ASYNC_REQUEST, version, 0);
}

static void
put_async_masks(struct buffer *b, const struct ofp_async_config *ac,
                enum ofp_version version)
{
    uint8_t *w = buffer_put_zeros(b, ASYNC_MASKS_SIZE);
    int type;

    for (type = 0; type < 3; type++) {
        uint32_t allowed = ofp_async_config_allowed(type, version);

        put_unaligned_be32(w + async_mask_ofs(type, true),
                           htonl(ac->master[type] & allowed));
        put_unaligned_be32(w + async_mask_ofs(type, false),
                           htonl(ac->slave[type] & allowed));
    }
}

static void
put_async_props(struct buffer *b, const struct ofp_async_config *ac,
                uint32_t oams, enum ofp_version version)
{
    int type;

    for (type = 0; type < OAM_N_TYPES; type++) {
        uint32_t allowed = ofp_async_config_allowed(type, version);
        int master;

        if (!(oams & (1u << type))) {
            continue;
        }
        for (master = 0; master < 2; master++) {
            uint32_t mask = master ? ac->master[type] : ac->slave[type];
            size_t start = ofp_prop_start(b, 2 * type + master);

            put_unaligned_be32(buffer_put_uninit(b, 4), htonl(mask
                                                              & allowed));
            ofp_prop_end(b, start);
        }
    }
}

struct buffer *
ofp_encode_get_async_reply(const struct ofp_header *request,
                           const struct ofp_async_config *ac)
{
    struct buffer *b;

    if (request->version < OFP14_VERSION) {
        b = ofpraw_alloc_reply(OFPRAW_OFPT13_GET_ASYNC_REPLY, request, 0);
        put_async_masks(b, ac, request->version);
    } else {
        b = ofpraw_alloc_reply(OFPRAW_OFPT14_GET_ASYNC_REPLY, request,
                               OAM_N_TYPES * 16);
        put_async_props(b, ac, OAMS_ALL, request->version);
    }
    ofpmsg_update_length(b);
    return b;
}

struct buffer *
ofp_encode_set_async_config(const struct ofp_async_config *ac, uint32_t oams,
                            enum ofp_version version)
{
    enum ofpraw raw = (version >= OFP14_VERSION ? OFPRAW_OFPT14_SET_ASYNC
                       : oams & OAMS_ALL & ~OAMS_LEGACY
                       ? OFPRAW_NXT_SET_ASYNC_CONFIG2
                       : version == OFP13_VERSION ? OFPRAW_OFPT13_SET_ASYNC
                       : OFPRAW_NXT_SET_ASYNC_CONFIG);
    struct buffer *b = ofpraw_alloc(raw, version, OAM_N_TYPES * 16);

    if (raw == OFPRAW_OFPT13_SET_ASYNC || raw == OFPRAW_NXT_SET_ASYNC_CONFIG) {
        put_async_masks(b, ac, version);
    } else {
        put_async_props(b, ac, oams, version);
    }
    ofpmsg_update_length(b);
    return b;
}

/* Sets *DST to MASK for TYPE in VERSION, checking its bits unless
 * LOOSE. */
static enum ofperr
decode_async_mask(uint32_t mask, enum ofp_async_msg_type type,
                  enum ofp_version version, bool loose, uint32_t *dst)
{
    uint32_t allowed = ofp_async_config_allowed(type, version);

    if (mask & ~allowed && !loose) {
        return OFPERR_OFPACFC_INVALID;
    }
    *dst = mask & allowed;
    return 0;
}

static enum ofperr
decode_async_props(struct buffer *b, enum ofp_version version, bool loose,
                   struct ofp_async_config *ac)
{
    while (b->size) {
        struct buffer prop;
        uint16_t prop_type;
        enum ofperr error = ofp_prop_pull(b, &prop, &prop_type);
        int type;

        if (error) {
            return error;
        }
        if (prop_type == ASYNC_PROP_EXPERIMENTER_SLAVE
            || prop_type == ASYNC_PROP_EXPERIMENTER_MASTER) {
            /* No experimenter property is known. */
            if (!loose) {
                return OFPERR_OFPBPC_BAD_EXP_TYPE;
            }
            continue;
        }
        type = prop_type / 2;
        if (type >= OAM_N_TYPES) {
            if (!loose) {
                return OFPERR_OFPACFC_UNSUPPORTED;
            }
            continue;
        }
        if (prop.size != 4) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        error = decode_async_mask(ntohl(get_unaligned_be32(prop.data)), type,
                                  version, loose,
                                  (prop_type & 1
                                   ? &ac->master[type] : &ac->slave[type]));
        if (error) {
            return error;
        }
    }
    return 0;
}

enum ofperr
ofp_decode_set_async_config(const struct ofp_header *oh, bool loose,
                            const struct ofp_async_config *basis,
                            struct ofp_async_config *ac)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    switch (raw) {
    case OFPRAW_OFPT13_SET_ASYNC:
    case OFPRAW_OFPT13_GET_ASYNC_REPLY:
    case OFPRAW_NXT_SET_ASYNC_CONFIG: {
        const uint8_t *w = buffer_pull(&b, ASYNC_MASKS_SIZE);
        int type;

        memset(ac, 0, sizeof *ac);
        for (type = 0; type < 3; type++) {
            be32 master = get_unaligned_be32(w + async_mask_ofs(type, true));
            be32 slave = get_unaligned_be32(w + async_mask_ofs(type, false));

            decode_async_mask(ntohl(master), type, oh->version, true,
                              &ac->master[type]);
            decode_async_mask(ntohl(slave), type, oh->version, true,
                              &ac->slave[type]);
        }
        return 0;
    }
    case OFPRAW_OFPT14_SET_ASYNC:
    case OFPRAW_OFPT14_GET_ASYNC_REPLY:
    case OFPRAW_NXT_SET_ASYNC_CONFIG2: {
        struct ofp_async_config tmp = *basis;

        error = decode_async_props(&b, oh->version, loose, &tmp);
        if (!error) {
            *ac = tmp;
        }
        return error;
    }
    default:
        return OFPERR_OFPBRC_BAD_TYPE;
    }
}

static void
format_async_role(struct ds *s, const uint32_t masks[OAM_N_TYPES])
{
    int type;

    for (type = 0; type < OAM_N_TYPES; type++) {
        const struct async_type_info *info = &async_types[type];
        uint32_t mask = masks[type];
        int bit;

        ds_put_format(s, "%16s:", info->name);
        if (!mask) {
            ds_put_cstr(s, " (off)");
        }
        for (bit = 0; bit < 32; bit++) {
            if (!(mask & (UINT32_C(1) << bit))) {
                continue;
            }
            if ((size_t) bit < info->n_reasons && info->reasons[bit]) {
                ds_put_format(s, " %s", info->reasons[bit]);
            } else {
                ds_put_format(s, " %d", bit);
            }
        }
        ds_put_char(s, '\n');
    }
}

void
ofp_async_config_format(struct ds *s, const struct ofp_async_config *ac)
{
    ds_put_cstr(s, "\n primary:\n");
    format_async_role(s, ac->master);
    ds_put_cstr(s, "\n secondary:\n");
    format_async_role(s, ac->slave);
}

/* NXT_SET_CONTROLLER_ID. */

struct buffer *
ofp_encode_set_controller_id(uint16_t id, enum ofp_version version)
{
    struct buffer *b = ofpraw_alloc(OFPRAW_NXT_SET_CONTROLLER_ID, version, 0);
    struct controller_id_wire *w = buffer_put_zeros(b, sizeof *w);

    w->controller_id = htons(id);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_set_controller_id(const struct ofp_header *oh, uint16_t *id)
{
    const struct controller_id_wire *w;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw != OFPRAW_NXT_SET_CONTROLLER_ID) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    w = buffer_pull(&b, sizeof *w);
    *id = ntohs(w->controller_id);
    return 0;
}

void
ofp_controller_id_format(struct ds *s, uint16_t id)
{
    ds_put_format(s, " id=%"PRIu16, id);
}

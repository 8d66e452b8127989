/* ofp-bundle: OpenFlow bundles.  See ofp-bundle.h. */
#include <config.h>
#include "ofp-bundle.h"

#include <inttypes.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-port.h"
#include "packets.h"
#include "util.h"

/* The start of both bodies. */
struct bundle_wire {
    be32 bundle_id;
    be16 type;                  /* Padding in an add-message. */
    be16 flags;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct bundle_wire) == 8);

/* The experimenter property type. */
#define OFPBPT_EXPERIMENTER 0xffff

bool
ofp_bundle_version_ok(enum ofp_version version)
{
    return version >= OFP13_VERSION && version <= OFP_MAX_VERSION;
}

/* Makes B a read-only view of message OH and pulls its headers, storing
 * its raw type in *RAW. */
static enum ofperr
pull_msg(const struct ofp_header *oh, struct buffer *b, enum ofpraw *raw)
{
    buffer_use_const(b, oh, ntohs(oh->length));
    return ofpraw_pull(raw, b);
}

/* Checks the bundle properties that make up all of B. */
static enum ofperr
check_props(struct buffer *b)
{
    while (b->size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(b, &prop, &type);

        if (error) {
            return error;
        }
        if (type != OFPBPT_EXPERIMENTER) {
            return OFPERR_OFPBPC_BAD_TYPE;
        }
    }
    return 0;
}

/* Bundle control. */

struct buffer *
ofp_encode_bundle_ctrl(const struct ofp_bundle_ctrl *bc,
                       enum ofp_version version, be32 xid)
{
    struct bundle_wire *w;
    struct buffer *b;

    sluice_assert(ofp_bundle_version_ok(version));
    b = ofpraw_alloc_xid(version == OFP13_VERSION
                         ? OFPRAW_ONFT13_BUNDLE_CONTROL
                         : OFPRAW_OFPT14_BUNDLE_CONTROL, version, xid, 0);
    w = buffer_put_zeros(b, sizeof *w);
    w->bundle_id = htonl(bc->bundle_id);
    w->type = htons(bc->type);
    w->flags = htons(bc->flags);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_bundle_ctrl(const struct ofp_header *oh, struct ofp_bundle_ctrl *bc)
{
    const struct bundle_wire *w;
    uint16_t type, flags;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPT14_BUNDLE_CONTROL
        && raw != OFPRAW_ONFT13_BUNDLE_CONTROL) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    w = buffer_pull(&b, sizeof *w);
    type = ntohs(w->type);
    flags = ntohs(w->flags);
    if (type > OFPBCT_DISCARD_REPLY) {
        return OFPERR_OFPBFC_BAD_TYPE;
    }
    if (flags & ~OFPBF_ALL) {
        return OFPERR_OFPBFC_BAD_FLAGS;
    }
    error = check_props(&b);
    if (error) {
        return error;
    }
    bc->bundle_id = ntohl(w->bundle_id);
    bc->type = type;
    bc->flags = flags;
    return 0;
}

const char *
ofp_bundle_ctrl_type_to_string(enum ofp_bundle_ctrl_type type)
{
    static const char *const names[] = {
        [OFPBCT_OPEN_REQUEST] = "OPEN_REQUEST",
        [OFPBCT_OPEN_REPLY] = "OPEN_REPLY",
        [OFPBCT_CLOSE_REQUEST] = "CLOSE_REQUEST",
        [OFPBCT_CLOSE_REPLY] = "CLOSE_REPLY",
        [OFPBCT_COMMIT_REQUEST] = "COMMIT_REQUEST",
        [OFPBCT_COMMIT_REPLY] = "COMMIT_REPLY",
        [OFPBCT_DISCARD_REQUEST] = "DISCARD_REQUEST",
        [OFPBCT_DISCARD_REPLY] = "DISCARD_REPLY",
    };

    return (unsigned) type < ARRAY_SIZE(names) ? names[type] : "";
}

static void
format_flags(struct ds *s, uint16_t flags)
{
    static const char *const names[] = { "atomic", "ordered" };

    ds_put_cstr(s, " flags=");
    ofp_format_bit_names(s, flags, names, ARRAY_SIZE(names));
}

void
ofp_bundle_ctrl_format(struct ds *s, const struct ofp_bundle_ctrl *bc)
{
    ds_put_format(s, "\n bundle_id=%#"PRIx32" type=%s", bc->bundle_id,
                  ofp_bundle_ctrl_type_to_string(bc->type));
    format_flags(s, bc->flags);
}

/* Bundle add-message. */

bool
ofp_bundle_is_bundlable(enum ofptype type)
{
    switch (type) {
    case OFPTYPE_FLOW_MOD:
    case OFPTYPE_GROUP_MOD:
    case OFPTYPE_PORT_MOD:
    case OFPTYPE_PACKET_OUT:
        return true;
    default:
        return false;
    }
}

struct buffer *
ofp_encode_bundle_add(const struct ofp_bundle_add *ba,
                      enum ofp_version version)
{
    size_t inner_len = ntohs(ba->msg->length);
    struct bundle_wire *w;
    struct buffer *b;

    sluice_assert(ofp_bundle_version_ok(version));
    sluice_assert(ba->msg->version == version);
    b = ofpraw_alloc_xid(version == OFP13_VERSION
                         ? OFPRAW_ONFT13_BUNDLE_ADD_MESSAGE
                         : OFPRAW_OFPT14_BUNDLE_ADD_MESSAGE,
                         version, ba->msg->xid, sizeof *w + inner_len);
    w = buffer_put_zeros(b, sizeof *w);
    w->bundle_id = htonl(ba->bundle_id);
    w->flags = htons(ba->flags);
    buffer_put(b, ba->msg, inner_len);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_bundle_add(const struct ofp_header *oh, struct ofp_bundle_add *ba,
                      enum ofptype *inner_type)
{
    const struct ofp_header *inner;
    const struct bundle_wire *w;
    enum ofptype type;
    size_t inner_len;
    uint16_t flags;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error = pull_msg(oh, &b, &raw);

    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPT14_BUNDLE_ADD_MESSAGE
        && raw != OFPRAW_ONFT13_BUNDLE_ADD_MESSAGE) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    w = buffer_pull(&b, sizeof *w);
    flags = ntohs(w->flags);
    if (flags & ~OFPBF_ALL) {
        return OFPERR_OFPBFC_BAD_FLAGS;
    }

    inner = buffer_at(&b, 0, sizeof *inner);
    if (!inner) {
        return OFPERR_OFPBFC_MSG_BAD_LEN;
    }
    if (inner->version != oh->version) {
        return OFPERR_OFPBFC_BAD_VERSION;
    }
    inner_len = ntohs(inner->length);
    if (inner_len < sizeof *inner || inner_len > b.size) {
        return OFPERR_OFPBFC_MSG_BAD_LEN;
    }
    if (inner->xid != oh->xid) {
        return OFPERR_OFPBFC_MSG_BAD_XID;
    }
    if (ofptype_decode(&type, inner) || !ofp_bundle_is_bundlable(type)) {
        return OFPERR_OFPBFC_MSG_UNSUP;
    }
    buffer_pull(&b, inner_len);

    /* Properties, if any, start at the next multiple of 8 bytes. */
    if (b.size) {
        size_t pad = ROUND_UP(inner_len, 8) - inner_len;

        if (!buffer_try_pull(&b, pad)) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        error = check_props(&b);
        if (error) {
            return error;
        }
    }

    ba->bundle_id = ntohl(w->bundle_id);
    ba->flags = flags;
    ba->msg = inner;
    if (inner_type) {
        *inner_type = type;
    }
    return 0;
}

void
ofp_bundle_add_format(struct ds *s, const struct ofp_bundle_add *ba,
                      void (*format_msg)(struct ds *,
                                         const struct ofp_header *,
                                         void *aux),
                      void *aux)
{
    ds_put_format(s, "\n bundle_id=%#"PRIx32, ba->bundle_id);
    format_flags(s, ba->flags);
    ds_put_char(s, '\n');
    if (format_msg) {
        format_msg(s, ba->msg, aux);
    }
}

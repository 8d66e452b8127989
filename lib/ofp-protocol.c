/* ofp-protocol: OpenFlow versions, negotiation, protocols.  See
 * ofp-protocol.h. */
#include <config.h>
#include "ofp-protocol.h"

#include <arpa/inet.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-msgs.h"
#include "util.h"

/* The hello element that carries a version bitmap. */
#define OFPHET_VERSIONBITMAP 1

static const char *const version_names[] = {
    [OFP10_VERSION] = "OpenFlow10",
    [OFP11_VERSION] = "OpenFlow11",
    [OFP12_VERSION] = "OpenFlow12",
    [OFP13_VERSION] = "OpenFlow13",
    [OFP14_VERSION] = "OpenFlow14",
    [OFP15_VERSION] = "OpenFlow15",
};

const char *
ofp_version_to_string(enum ofp_version version)
{
    return (version >= OFP_MIN_VERSION && version <= OFP_MAX_VERSION
            ? version_names[version] : NULL);
}

bool
ofp_version_from_string(const char *s, enum ofp_version *version)
{
    int v;

    for (v = OFP_MIN_VERSION; v <= OFP_MAX_VERSION; v++) {
        if (!strcmp(s, version_names[v])) {
            *version = v;
            return true;
        }
    }
    return false;
}

/* Splits S at commas, trimming spaces, and calls PARSE on each word with
 * AUX; stops at the first error PARSE returns. */
static char *
parse_list(const char *s, const char *what,
           char *(*parse)(const char *word, void *aux), void *aux)
{
    char *copy = xstrdup(s);
    char *save = NULL;
    char *word;
    char *error = NULL;
    bool any = false;

    for (word = strtok_r(copy, ", \t", &save); word && !error;
         word = strtok_r(NULL, ", \t", &save)) {
        error = parse(word, aux);
        any = true;
    }
    if (!any && !error) {
        error = xasprintf("\"%s\": empty list of %s", s, what);
    }
    free(copy);
    return error;
}

static char *
parse_version_word(const char *word, void *versions_)
{
    uint32_t *versions = versions_;
    enum ofp_version version;

    if (!ofp_version_from_string(word, &version)) {
        return xasprintf("%s: unknown OpenFlow version (expected one of "
                         "OpenFlow10 to OpenFlow15)", word);
    }
    *versions |= OFP_VERSION_BIT(version);
    return NULL;
}

char *
ofp_versions_from_string(const char *s, uint32_t *versionsp)
{
    uint32_t versions = 0;
    char *error = parse_list(s, "OpenFlow versions", parse_version_word,
                             &versions);

    if (!error) {
        *versionsp = versions;
    }
    return error;
}

void
ofp_format_version_names(struct ds *s, uint32_t versions)
{
    const char *sep = "";
    int v;

    for (v = OFP_MIN_VERSION; v <= OFP_MAX_VERSION; v++) {
        if (versions & OFP_VERSION_BIT(v)) {
            ds_put_format(s, "%s%s", sep, version_names[v]);
            sep = ", ";
        }
    }
}

void
ofp_format_version_bitmap(struct ds *s, uint32_t versions)
{
    const char *sep = "";
    int v;

    for (v = 0; v < 32; v++) {
        if (versions & OFP_VERSION_BIT(v)) {
            ds_put_format(s, "%s0x%02x", sep, v);
            sep = ", ";
        }
    }
}

enum ofp_version
ofp_versions_max(uint32_t versions)
{
    versions &= OFP_ALL_VERSIONS;
    return versions ? leftmost_1bit_idx(versions) : 0;
}

/* Hello. */

struct buffer *
ofp_encode_hello(uint32_t versions)
{
    enum ofp_version max = ofp_versions_max(versions);
    struct buffer *b;

    sluice_assert(max != 0);
    versions &= OFP_ALL_VERSIONS;
    b = ofpraw_alloc(OFPRAW_OFPT_HELLO, max, 16);
    /* A hello needs no bitmap if its sender supports 1.0 to MAX. */
    if (versions != OFP_VERSION_BIT(max + 1) - OFP_VERSION_BIT(1)) {
        uint8_t *e = buffer_put_zeros(b, 8);

        put_unaligned_be16(e, htons(OFPHET_VERSIONBITMAP));
        put_unaligned_be16(e + 2, htons(8));
        put_unaligned_be32(e + 4, htonl(versions));
    }
    ofpmsg_update_length(b);
    return b;
}

bool
ofp_decode_hello(const struct ofp_header *oh, uint32_t *versionsp)
{
    const uint8_t *p = (const uint8_t *) (oh + 1);
    size_t left = ntohs(oh->length) - MIN(ntohs(oh->length), sizeof *oh);
    uint32_t versions;
    bool ok = true;

    /* Without a bitmap: every version up to the header's. */
    versions = (oh->version >= 31
                ? UINT32_MAX : OFP_VERSION_BIT(oh->version + 1) - 1);
    versions &= ~UINT32_C(1);

    while (left >= 4) {
        uint16_t type = ntohs(get_unaligned_be16(p));
        uint16_t len = ntohs(get_unaligned_be16(p + 2));
        size_t padded = ROUND_UP(len, 8);

        if (len < 4 || len > left) {
            ok = false;
            break;
        }
        if (type == OFPHET_VERSIONBITMAP) {
            if (len < 8) {
                ok = false;
                break;
            }
            /* Only the first 32 bits can name versions Sluice knows. */
            versions = ntohl(get_unaligned_be32(p + 4)) & ~UINT32_C(1);
            if (!versions) {
                ok = false;
            }
        }
        if (padded >= left) {
            break;
        }
        p += padded;
        left -= padded;
    }
    *versionsp = versions;
    return ok;
}

enum ofp_version
ofp_negotiate_version(uint32_t ours, uint32_t theirs)
{
    return ofp_versions_max(ours & theirs);
}

struct buffer *
ofp_encode_hello_failed(uint32_t ours, uint32_t theirs, be32 xid)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer *b;

    ds_put_cstr(&s, "We support ");
    ofp_format_version_names(&s, ours);
    ds_put_cstr(&s, ", you support ");
    if (theirs & OFP_ALL_VERSIONS) {
        ofp_format_version_names(&s, theirs);
    } else {
        ds_put_cstr(&s, "versions ");
        ofp_format_version_bitmap(&s, theirs);
    }
    ds_put_cstr(&s, ", no common versions.");
    b = ofperr_encode_msg(OFPERR_OFPHFC_INCOMPATIBLE, ofp_versions_max(ours),
                          xid, s.string, s.length);
    ds_destroy(&s);
    return b;
}

/* Protocols. */

enum ofp_protocol
ofp_protocol_from_version(enum ofp_version version)
{
    switch (version) {
    case OFP10_VERSION:
        return OFP_PROTO_OF10_STD;
    case OFP11_VERSION:
        return OFP_PROTO_OF11_STD;
    case OFP12_VERSION:
        return OFP_PROTO_OF12_OXM;
    case OFP13_VERSION:
        return OFP_PROTO_OF13_OXM;
    case OFP14_VERSION:
        return OFP_PROTO_OF14_OXM;
    case OFP15_VERSION:
        return OFP_PROTO_OF15_OXM;
    default:
        return 0;
    }
}

enum ofp_version
ofp_protocol_to_version(enum ofp_protocol protocol)
{
    switch (protocol) {
    case OFP_PROTO_OF10_STD:
    case OFP_PROTO_OF10_STD_TID:
    case OFP_PROTO_OF10_NXM:
    case OFP_PROTO_OF10_NXM_TID:
        return OFP10_VERSION;
    case OFP_PROTO_OF11_STD:
        return OFP11_VERSION;
    case OFP_PROTO_OF12_OXM:
        return OFP12_VERSION;
    case OFP_PROTO_OF13_OXM:
        return OFP13_VERSION;
    case OFP_PROTO_OF14_OXM:
        return OFP14_VERSION;
    case OFP_PROTO_OF15_OXM:
        return OFP15_VERSION;
    default:
        sluice_abort("ofp_protocol_to_version: bad protocol %#x",
                     (unsigned) protocol);
    }
}

uint32_t
ofp_protocols_to_versions(uint32_t protocols)
{
    uint32_t versions = 0;

    while (protocols & OFP_PROTO_ANY) {
        enum ofp_protocol p = 1u << rightmost_1bit_idx(protocols);

        versions |= OFP_VERSION_BIT(ofp_protocol_to_version(p));
        protocols &= ~(uint32_t) p;
    }
    return versions;
}

enum ofp_protocol
ofp_protocol_set_tid(enum ofp_protocol protocol, bool enable)
{
    switch (protocol) {
    case OFP_PROTO_OF10_STD:
    case OFP_PROTO_OF10_STD_TID:
        return enable ? OFP_PROTO_OF10_STD_TID : OFP_PROTO_OF10_STD;
    case OFP_PROTO_OF10_NXM:
    case OFP_PROTO_OF10_NXM_TID:
        return enable ? OFP_PROTO_OF10_NXM_TID : OFP_PROTO_OF10_NXM;
    default:
        return protocol;
    }
}

/* Names of single protocols, in bit order. */
static const char *const protocol_names[] = {
    "OpenFlow10-table_id", "OpenFlow10+table_id",
    "NXM-table_id", "NXM+table_id",
    "OpenFlow11",
    "OXM-OpenFlow12", "OXM-OpenFlow13", "OXM-OpenFlow14", "OXM-OpenFlow15",
};

/* Names of sets of protocols, tried first when printing. */
static const struct {
    uint32_t protocols;
    const char *name;
} protocol_sets[] = {
    { OFP_PROTO_ANY, "any" },
    { OFP_PROTO_OF10_STD_ANY, "OpenFlow10" },
    { OFP_PROTO_OF10_NXM_ANY, "NXM" },
    { OFP_PROTO_OF12_OXM | OFP_PROTO_OF13_OXM | OFP_PROTO_OF14_OXM
      | OFP_PROTO_OF15_OXM, "OXM" },
};

const char *
ofp_protocol_to_string(enum ofp_protocol protocol)
{
    if (IS_POW2(protocol) && (protocol & OFP_PROTO_ANY)) {
        return protocol_names[rightmost_1bit_idx(protocol)];
    }
    return "<invalid>";
}

static char *
parse_protocol_word(const char *word, void *protocols_)
{
    uint32_t *protocols = protocols_;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(protocol_names); i++) {
        if (!strcasecmp(word, protocol_names[i])) {
            *protocols |= 1u << i;
            return NULL;
        }
    }
    for (i = 0; i < ARRAY_SIZE(protocol_sets); i++) {
        if (!strcasecmp(word, protocol_sets[i].name)) {
            *protocols |= protocol_sets[i].protocols;
            return NULL;
        }
    }
    for (i = OFP12_VERSION; i <= OFP15_VERSION; i++) {
        if (!strcasecmp(word, version_names[i])) {
            *protocols |= ofp_protocol_from_version(i);
            return NULL;
        }
    }
    return xasprintf("%s: unknown flow protocol", word);
}

char *
ofp_protocols_from_string(const char *s, uint32_t *protocolsp)
{
    uint32_t protocols = 0;
    char *error = parse_list(s, "flow protocols", parse_protocol_word,
                             &protocols);

    if (!error) {
        *protocolsp = protocols;
    }
    return error;
}

void
ofp_format_protocols(struct ds *s, uint32_t protocols)
{
    const char *sep = "";
    size_t i;

    protocols &= OFP_PROTO_ANY;
    for (i = 0; i < ARRAY_SIZE(protocol_sets); i++) {
        uint32_t set = protocol_sets[i].protocols;

        if ((protocols & set) == set) {
            ds_put_format(s, "%s%s", sep, protocol_sets[i].name);
            sep = ",";
            protocols &= ~set;
        }
    }
    while (protocols) {
        int bit = rightmost_1bit_idx(protocols);

        ds_put_format(s, "%s%s", sep, protocol_names[bit]);
        sep = ",";
        protocols &= ~(1u << bit);
    }
}

/* Nicira protocol-control messages.  Each body is one be32 (flow format,
 * packet-in format) or a byte and 7 bytes of padding (table id). */

struct buffer *
ofp_encode_set_flow_format(enum nx_flow_format format)
{
    struct buffer *b = ofpraw_alloc(OFPRAW_NXT_SET_FLOW_FORMAT,
                                    OFP10_VERSION, 0);

    buffer_put(b, &(be32) { htonl(format) }, 4);
    ofpmsg_update_length(b);
    return b;
}

/* Checks that OH is a RAW message and returns a pointer to its body. */
static const uint8_t *
body_of(const struct ofp_header *oh, enum ofpraw expected,
        enum ofperr *error)
{
    enum ofpraw raw;

    *error = ofpraw_decode(&raw, oh);
    if (!*error && raw != expected) {
        *error = OFPERR_OFPBRC_BAD_TYPE;
    }
    return (*error ? NULL
            : (const uint8_t *) oh + ofpraw_header_size(raw, oh->version));
}

enum ofperr
ofp_decode_set_flow_format(const struct ofp_header *oh,
                           enum nx_flow_format *format)
{
    enum ofperr error;
    const uint8_t *body = body_of(oh, OFPRAW_NXT_SET_FLOW_FORMAT, &error);
    uint32_t f;

    if (error) {
        return error;
    }
    f = ntohl(get_unaligned_be32(body));
    if (f != NXFF_OPENFLOW10 && f != NXFF_NXM) {
        return OFPERR_OFPBRC_EPERM;
    }
    *format = f;
    return 0;
}

struct buffer *
ofp_encode_flow_mod_table_id(enum ofp_version version, bool enable)
{
    struct buffer *b = ofpraw_alloc(OFPRAW_NXT_FLOW_MOD_TABLE_ID, version,
                                    0);
    uint8_t *body = buffer_put_zeros(b, 8);

    body[0] = enable;
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_flow_mod_table_id(const struct ofp_header *oh, bool *enable)
{
    enum ofperr error;
    const uint8_t *body = body_of(oh, OFPRAW_NXT_FLOW_MOD_TABLE_ID, &error);

    if (!error) {
        *enable = body[0] != 0;
    }
    return error;
}

struct buffer *
ofp_encode_set_packet_in_format(enum ofp_version version,
                                enum nx_packet_in_format format)
{
    struct buffer *b = ofpraw_alloc(OFPRAW_NXT_SET_PACKET_IN_FORMAT,
                                    version, 0);

    buffer_put(b, &(be32) { htonl(format) }, 4);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_set_packet_in_format(const struct ofp_header *oh,
                                enum nx_packet_in_format *format)
{
    enum ofperr error;
    const uint8_t *body = body_of(oh, OFPRAW_NXT_SET_PACKET_IN_FORMAT,
                                  &error);
    uint32_t f;

    if (error) {
        return error;
    }
    f = ntohl(get_unaligned_be32(body));
    if (f > NXPIF_NXT_PACKET_IN2) {
        return OFPERR_OFPBRC_EPERM;
    }
    *format = f;
    return 0;
}

struct buffer *
ofp_encode_set_protocol(enum ofp_protocol current, enum ofp_protocol want,
                        enum ofp_protocol *next)
{
    bool cur_nxm = (current & OFP_PROTO_OF10_NXM_ANY) != 0;
    bool want_nxm = (want & OFP_PROTO_OF10_NXM_ANY) != 0;
    bool cur_tid = (current & OFP_PROTO_TID) != 0;
    bool want_tid = (want & OFP_PROTO_TID) != 0;

    if (current == want
        || !(current & OFP_PROTO_OF10_ANY) || !(want & OFP_PROTO_OF10_ANY)) {
        return NULL;
    }
    if (cur_nxm != want_nxm) {
        /* Changing the flow format keeps the table id setting. */
        *next = (want_nxm
                 ? ofp_protocol_set_tid(OFP_PROTO_OF10_NXM, cur_tid)
                 : ofp_protocol_set_tid(OFP_PROTO_OF10_STD, cur_tid));
        return ofp_encode_set_flow_format(want_nxm ? NXFF_NXM
                                          : NXFF_OPENFLOW10);
    }
    sluice_assert(cur_tid != want_tid);
    *next = ofp_protocol_set_tid(current, want_tid);
    return ofp_encode_flow_mod_table_id(OFP10_VERSION, want_tid);
}

/* OpenFlow flow messages: flow_mod, flow_removed, flow and aggregate
 * statistics, and ovs-ofctl's flow syntax.  See ofp-flow.h. */
#include <config.h>
#include "ofp-flow.h"

#include "ofp-actions.h"
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "meta-flow.h"
#include "nx-match.h"
#include "ofp-match.h"
#include "ofp-msgs.h"
#include "util.h"

/* Wire formats (bodies, after the headers ofp-msgs handles).  64-bit
 * fields that the specifications place at 4-byte offsets are byte
 * arrays; bodies are always copied out of or into messages with
 * memcpy(), so alignment never matters. */

struct ofp10_flow_mod {
    struct ofp10_match match;
    be64 cookie;
    be16 command;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 priority;
    be32 buffer_id;
    be16 out_port;
    be16 flags;
};
BUILD_ASSERT_DECL(sizeof(struct ofp10_flow_mod) == 64);

struct ofp11_flow_mod {
    be64 cookie;
    be64 cookie_mask;
    uint8_t table_id;
    uint8_t command;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 priority;
    be32 buffer_id;
    be32 out_port;
    be32 out_group;
    be16 flags;
    be16 importance;                /* OpenFlow 1.4+; padding before. */
};
BUILD_ASSERT_DECL(sizeof(struct ofp11_flow_mod) == 40);

struct nx_flow_mod {
    be64 cookie;
    be16 command;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 priority;
    be32 buffer_id;
    be16 out_port;
    be16 flags;
    be16 match_len;
    uint8_t pad[6];
};
BUILD_ASSERT_DECL(sizeof(struct nx_flow_mod) == 32);

struct ofp10_flow_removed {
    struct ofp10_match match;
    be64 cookie;
    be16 priority;
    uint8_t reason;
    uint8_t pad[1];
    be32 duration_sec;
    be32 duration_nsec;
    be16 idle_timeout;
    uint8_t pad2[2];
    be64 packet_count;
    be64 byte_count;
};
BUILD_ASSERT_DECL(sizeof(struct ofp10_flow_removed) == 80);

struct ofp11_flow_removed {
    be64 cookie;
    be16 priority;
    uint8_t reason;
    uint8_t table_id;
    be32 duration_sec;
    be32 duration_nsec;
    be16 idle_timeout;
    be16 hard_timeout;
    be64 packet_count;
    be64 byte_count;
};
BUILD_ASSERT_DECL(sizeof(struct ofp11_flow_removed) == 40);

struct nx_flow_removed {
    be64 cookie;
    be16 priority;
    uint8_t reason;
    uint8_t table_id;               /* Table id plus 1; 0: unknown. */
    be32 duration_sec;
    be32 duration_nsec;
    be16 idle_timeout;
    be16 match_len;
    be64 packet_count;
    be64 byte_count;
};
BUILD_ASSERT_DECL(sizeof(struct nx_flow_removed) == 40);

struct ofp10_flow_stats_request {
    struct ofp10_match match;
    uint8_t table_id;
    uint8_t pad;
    be16 out_port;
};
BUILD_ASSERT_DECL(sizeof(struct ofp10_flow_stats_request) == 44);

struct ofp11_flow_stats_request {
    uint8_t table_id;
    uint8_t pad[3];
    be32 out_port;
    be32 out_group;
    uint8_t pad2[4];
    be64 cookie;
    be64 cookie_mask;
};
BUILD_ASSERT_DECL(sizeof(struct ofp11_flow_stats_request) == 32);

struct nx_flow_stats_request {
    be16 out_port;
    be16 match_len;
    uint8_t table_id;
    uint8_t pad[3];
};
BUILD_ASSERT_DECL(sizeof(struct nx_flow_stats_request) == 8);

struct ofp10_flow_stats {
    be16 length;
    uint8_t table_id;
    uint8_t pad;
    struct ofp10_match match;
    be32 duration_sec;
    be32 duration_nsec;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    uint8_t pad2[6];
    uint8_t cookie[8];
    uint8_t packet_count[8];
    uint8_t byte_count[8];
};
BUILD_ASSERT_DECL(sizeof(struct ofp10_flow_stats) == 88);

struct ofp11_flow_stats {
    be16 length;
    uint8_t table_id;
    uint8_t pad;
    be32 duration_sec;
    be32 duration_nsec;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 flags;                     /* OpenFlow 1.3+. */
    be16 importance;                /* OpenFlow 1.4+. */
    uint8_t pad2[2];
    uint8_t cookie[8];
    uint8_t packet_count[8];
    uint8_t byte_count[8];
};
BUILD_ASSERT_DECL(sizeof(struct ofp11_flow_stats) == 48);

struct nx_flow_stats {
    be16 length;
    uint8_t table_id;
    uint8_t pad;
    be32 duration_sec;
    be32 duration_nsec;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 match_len;
    be16 idle_age;                  /* Seconds plus 1; 0: unknown. */
    be16 hard_age;
    uint8_t cookie[8];
    uint8_t packet_count[8];
    uint8_t byte_count[8];
};
BUILD_ASSERT_DECL(sizeof(struct nx_flow_stats) == 48);

struct ofp_aggregate_stats_reply {
    uint8_t packet_count[8];
    uint8_t byte_count[8];
    be32 flow_count;
    uint8_t pad[4];
};
BUILD_ASSERT_DECL(sizeof(struct ofp_aggregate_stats_reply) == 24);

/* OpenFlow 1.5 moved the statistics of flow_removed, flow stats (which
 * the specification calls "flow description") and aggregate stats into an
 * OXS list (see "OXS" below), which follows the match; the aggregate
 * reply's body is the OXS list alone. */
struct ofp15_flow_removed {
    uint8_t table_id;
    uint8_t reason;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    be64 cookie;
    /* Followed by an ofp_match and an OXS list. */
};
BUILD_ASSERT_DECL(sizeof(struct ofp15_flow_removed) == 16);

struct ofp15_flow_desc {
    be16 length;
    uint8_t pad[2];
    uint8_t table_id;
    uint8_t pad2;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 flags;
    be16 importance;
    uint8_t cookie[8];
    /* Followed by an ofp_match, an OXS list and the instructions. */
};
BUILD_ASSERT_DECL(sizeof(struct ofp15_flow_desc) == 24);

/* Wire flow_mod flags. */
#define OFPFF_SEND_FLOW_REM (1 << 0)
#define OFPFF_CHECK_OVERLAP (1 << 1)
#define OFPFF10_EMERG (1 << 2)
#define OFPFF12_RESET_COUNTS (1 << 2)
#define OFPFF13_NO_PKT_COUNTS (1 << 3)
#define OFPFF13_NO_BYT_COUNTS (1 << 4)

/* Helpers. */

static uint64_t
get_u64(const uint8_t p[8])
{
    return ntohll(get_unaligned_be64(p));
}

static void
put_u64(uint8_t p[8], uint64_t x)
{
    put_unaligned_be64(p, htonll(x));
}

/* Returns COUNT, except UINT64_MAX ("not counted") becomes 0, for
 * versions without an "unknown" value. */
static uint64_t
unknown_to_zero(uint64_t count)
{
    return count != UINT64_MAX ? count : 0;
}

/* Copies the SIZE bytes at the front of B into P and pulls them, or
 * returns false if B holds fewer. */
static bool
pull_copy(struct buffer *b, void *p, size_t size)
{
    const void *data = buffer_try_pull(b, size);
    if (!data) {
        return false;
    }
    memcpy(p, data, size);
    return true;
}

/* OXS: OpenFlow 1.5's extensible statistics (OpenFlow 1.5.1, 7.2.4).
 *
 * An OXS list is a 4-byte ofp_stats header (be16 reserved, zero; be16
 * length of the header and the fields, without padding), the fields, and
 * zeros up to a multiple of 8 bytes.  A field is a 32-bit header (class in
 * the top 16 bits, field number in the next 7, a reserved bit, and the
 * payload size in the low 8 bits) followed by its payload.  Experimenter
 * fields (class 0xffff) count their 4-byte experimenter id in the payload
 * size, so every field is skipped the same way.
 *
 * Fields are written in the order Open vSwitch writes them (duration, idle
 * time, packet count, byte count, flow count), so that the bytes match;
 * readers accept any order, skip fields they do not know (as Open vSwitch
 * does), and treat a missing field as unknown. */
#define OXS_CLASS_BASIC 0x8002

enum oxs_field {
    OXS_DURATION = 0,               /* be64: seconds << 32 | nanoseconds. */
    OXS_IDLE_TIME = 1,              /* be64: the same form. */
    OXS_FLOW_COUNT = 3,             /* be32. */
    OXS_PACKET_COUNT = 4,           /* be64. */
    OXS_BYTE_COUNT = 5,             /* be64. */
};

#define OXS_HEADER(FIELD, SIZE) \
    (((uint32_t) OXS_CLASS_BASIC << 16) | ((FIELD) << 9) | (SIZE))

/* The statistics an OXS list carries. */
struct oxs_stats {
    uint32_t duration_sec;          /* UINT32_MAX: absent. */
    uint32_t duration_nsec;         /* UINT32_MAX when absent. */
    int idle_age;                   /* Whole seconds idle; -1: absent. */
    uint64_t packet_count;          /* UINT64_MAX: absent. */
    uint64_t byte_count;            /* UINT64_MAX: absent. */
    uint32_t flow_count;            /* UINT32_MAX: absent. */
};

static void
oxs_put64(struct buffer *b, enum oxs_field field, uint64_t value)
{
    uint8_t *p = buffer_put_uninit(b, 12);

    put_unaligned_be32(p, htonl(OXS_HEADER(field, 8)));
    put_unaligned_be64(p + 4, htonll(value));
}

/* Appends STATS to B as an OXS list, padding included. */
static void
oxs_put_stats(struct buffer *b, const struct oxs_stats *stats)
{
    size_t start = b->size;

    buffer_put_zeros(b, 4);
    if (stats->duration_sec != UINT32_MAX) {
        oxs_put64(b, OXS_DURATION, ((uint64_t) stats->duration_sec << 32)
                                   | stats->duration_nsec);
    }
    if (stats->idle_age >= 0) {
        oxs_put64(b, OXS_IDLE_TIME, (uint64_t) stats->idle_age << 32);
    }
    if (stats->packet_count != UINT64_MAX) {
        oxs_put64(b, OXS_PACKET_COUNT, stats->packet_count);
    }
    if (stats->byte_count != UINT64_MAX) {
        oxs_put64(b, OXS_BYTE_COUNT, stats->byte_count);
    }
    if (stats->flow_count != UINT32_MAX) {
        uint8_t *p = buffer_put_uninit(b, 8);

        put_unaligned_be32(p, htonl(OXS_HEADER(OXS_FLOW_COUNT, 4)));
        put_unaligned_be32(p + 4, htonl(stats->flow_count));
    }
    put_unaligned_be16((uint8_t *) b->data + start + 2,
                       htons(b->size - start));
    buffer_put_zeros(b, ROUND_UP(b->size - start, 8) - (b->size - start));
}

/* Pulls an OXS list, padding included, off the front of B into *STATS.
 * Returns 0 or OFPERR_OFPBMC_BAD_LEN (the error Open vSwitch gives) for a
 * list or field that does not fit. */
static enum ofperr
oxs_pull_stats(struct buffer *b, struct oxs_stats *stats)
{
    const uint8_t *p;
    size_t len;

    stats->duration_sec = UINT32_MAX;
    stats->duration_nsec = UINT32_MAX;
    stats->idle_age = -1;
    stats->packet_count = UINT64_MAX;
    stats->byte_count = UINT64_MAX;
    stats->flow_count = UINT32_MAX;

    p = buffer_at(b, 0, 4);
    if (!p) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    len = ntohs(get_unaligned_be16(p + 2));
    if (len < 4 || !buffer_try_pull(b, ROUND_UP(len, 8))) {
        return OFPERR_OFPBMC_BAD_LEN;
    }

    for (size_t ofs = 4; ofs < len; ) {
        if (len - ofs < 4) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        uint32_t header = ntohl(get_unaligned_be32(p + ofs));
        size_t size = header & 0xff;
        const uint8_t *value = p + ofs + 4;

        if (len - ofs - 4 < size) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        ofs += 4 + size;

        if (header == OXS_HEADER(OXS_DURATION, 8)) {
            uint64_t d = ntohll(get_unaligned_be64(value));
            stats->duration_sec = d >> 32;
            stats->duration_nsec = d;
        } else if (header == OXS_HEADER(OXS_IDLE_TIME, 8)) {
            uint64_t sec = ntohll(get_unaligned_be64(value)) >> 32;
            stats->idle_age = sec < INT_MAX ? sec : INT_MAX;
        } else if (header == OXS_HEADER(OXS_PACKET_COUNT, 8)) {
            stats->packet_count = ntohll(get_unaligned_be64(value));
        } else if (header == OXS_HEADER(OXS_BYTE_COUNT, 8)) {
            stats->byte_count = ntohll(get_unaligned_be64(value));
        } else if (header == OXS_HEADER(OXS_FLOW_COUNT, 4)) {
            stats->flow_count = ntohl(get_unaligned_be32(value));
        }
    }
    return 0;
}

/* Starts decoding message OH: points B at its bytes and pulls the headers,
 * storing the raw type in *RAW. */
static enum ofperr
start_decode(struct buffer *b, const struct ofp_header *oh,
             enum ofpraw *raw)
{
    buffer_use_const(b, oh, ntohs(oh->length));
    return ofpraw_pull(raw, b);
}

static uint16_t
port_to_wire10(uint32_t port)
{
    uint16_t p;
    return port_to_ofp10_port(port, &p) ? p : OFPP10_NONE;
}

/* Checks OpenFlow 1.1+ port PORT from the wire. */
static enum ofperr
port_from_wire11(be32 port_, uint32_t *port)
{
    uint32_t p = ntohl(port_);
    if (p > OFPP_MAX && p < OFPP_IN_PORT) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    *port = p;
    return 0;
}

static enum ofp_version
proto_version(enum ofp_protocol protocol)
{
    return ofp_protocol_to_version(protocol);
}

static bool
proto_is_of10_std(enum ofp_protocol protocol)
{
    return (protocol & OFP_PROTO_OF10_STD_ANY) != 0;
}

static bool
proto_is_nxm(enum ofp_protocol protocol)
{
    return (protocol & OFP_PROTO_OF10_NXM_ANY) != 0;
}

/* Actions: the actions (OpenFlow 1.0, Nicira) or instructions (1.1 and
 * later) of flow messages, through ofp-actions. */

static enum ofperr
flow_pull_actions(struct buffer *b, size_t len, enum ofp_version version,
                  struct buffer *ofpacts)
{
    if (len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    const void *data = buffer_pull(b, len);
    return ofpacts_decode_instructions(data, len, version, ofpacts);
}

static void
flow_put_actions(const void *ofpacts, size_t len, enum ofp_version version,
                 struct buffer *b)
{
    if (version == OFP10_VERSION) {
        ofpacts_encode_actions(ofpacts, len, version, b);
    } else {
        ofpacts_encode_instructions(ofpacts, len, version, b);
    }
}

/* Parses the actions S into OFPACTS and narrows *USABLE to the protocols
 * that can carry them: instructions that OpenFlow 1.0 cannot express
 * (meter, clear_actions, write_actions) need OpenFlow 1.1 or later. */
static char *
flow_parse_actions(const char *s, struct buffer *ofpacts, uint32_t *usable)
{
    size_t start = ofpacts->size;
    char *error = ofpacts_parse(s, ofpacts);
    if (error) {
        return error;
    }
    const void *list = (const char *) ofpacts->data + start;
    OFPACT_FOR_EACH (a, list, ofpacts->size - start) {
        if (a->type == OFPACT_METER) {
            /* Meters came with OpenFlow 1.3. */
            *usable &= ~(OFP_PROTO_OF10_ANY | OFP_PROTO_OF11_STD
                         | OFP_PROTO_OF12_OXM);
        } else if (a->type == OFPACT_CLEAR_ACTIONS
                   || a->type == OFPACT_WRITE_ACTIONS) {
            *usable &= ~OFP_PROTO_OF10_ANY;
        }
    }
    return NULL;
}

static void
flow_format_actions(const void *ofpacts, size_t len, struct ds *ds)
{
    ofpacts_format(ofpacts, len, ds);
}

/* Flow mod flags. */

static enum ofperr
decode_flow_mod_flags(uint16_t raw, int command, enum ofp_version version,
                      uint32_t *flagsp)
{
    uint32_t flags = 0;

    if (raw & OFPFF_SEND_FLOW_REM) {
        flags |= OFP_FF_SEND_FLOW_REM;
        raw &= ~OFPFF_SEND_FLOW_REM;
    }
    if (raw & OFPFF_CHECK_OVERLAP) {
        flags |= OFP_FF_CHECK_OVERLAP;
        raw &= ~OFPFF_CHECK_OVERLAP;
    }
    if (version == OFP10_VERSION && raw & OFPFF10_EMERG) {
        flags |= OFP_FF_EMERG;
        raw &= ~OFPFF10_EMERG;
    }
    if (version >= OFP12_VERSION && raw & OFPFF12_RESET_COUNTS) {
        flags |= OFP_FF_RESET_COUNTS;
        raw &= ~OFPFF12_RESET_COUNTS;
    }
    if (version >= OFP13_VERSION && raw & OFPFF13_NO_PKT_COUNTS) {
        flags |= OFP_FF_NO_PKT_COUNTS;
        raw &= ~OFPFF13_NO_PKT_COUNTS;
    }
    if (version >= OFP13_VERSION && raw & OFPFF13_NO_BYT_COUNTS) {
        flags |= OFP_FF_NO_BYT_COUNTS;
        raw &= ~OFPFF13_NO_BYT_COUNTS;
    }

    /* In OpenFlow 1.0 and 1.1 an add always resets the counters (and
     * other commands never do). */
    if (version <= OFP11_VERSION && command == OFPFC_ADD) {
        flags |= OFP_FF_RESET_COUNTS;
    }
    *flagsp = flags;
    return raw ? OFPERR_OFPFMFC_BAD_FLAGS : 0;
}

static uint16_t
encode_flow_mod_flags(uint32_t flags, enum ofp_version version)
{
    uint16_t raw = 0;

    if (flags & OFP_FF_SEND_FLOW_REM) {
        raw |= OFPFF_SEND_FLOW_REM;
    }
    if (flags & OFP_FF_CHECK_OVERLAP) {
        raw |= OFPFF_CHECK_OVERLAP;
    }
    if (flags & OFP_FF_EMERG && version == OFP10_VERSION) {
        raw |= OFPFF10_EMERG;
    }
    if (flags & OFP_FF_RESET_COUNTS && version >= OFP12_VERSION) {
        raw |= OFPFF12_RESET_COUNTS;
    }
    if (flags & OFP_FF_NO_PKT_COUNTS && version >= OFP13_VERSION) {
        raw |= OFPFF13_NO_PKT_COUNTS;
    }
    if (flags & OFP_FF_NO_BYT_COUNTS && version >= OFP13_VERSION) {
        raw |= OFPFF13_NO_BYT_COUNTS;
    }
    return raw;
}

/* Flow mods. */

static enum ofperr
decode_ofp11_flow_mod(struct ofp_flow_mod *fm, struct buffer *b,
                      enum ofp_version version, uint16_t *raw_flags)
{
    struct ofp11_flow_mod ofm;
    enum ofperr error;

    if (!pull_copy(b, &ofm, sizeof ofm)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = ofp11_pull_match(b, &fm->match, NULL);
    if (error) {
        return error;
    }

    fm->priority = ntohs(ofm.priority);
    fm->command = ofm.command;
    if (ofm.command == OFPFC_ADD
        || (version == OFP11_VERSION
            && (ofm.command == OFPFC_MODIFY
                || ofm.command == OFPFC_MODIFY_STRICT)
            && !ofm.cookie_mask)) {
        fm->cookie = 0;
        fm->cookie_mask = 0;
        fm->new_cookie = ofm.cookie;
        /* OpenFlow 1.1's modify gives a cookie only to the flow it adds
         * when it selects none, as Open vSwitch reads it. */
        fm->keep_cookie_on_modify = ofm.command != OFPFC_ADD;
    } else {
        fm->cookie = ofm.cookie;
        fm->cookie_mask = ofm.cookie_mask;
        fm->new_cookie = OFP_FLOW_MOD_KEEP_COOKIE;
    }

    /* Table 255 means every table, for deletes only. */
    fm->table_id = ofm.table_id;
    if (ofm.table_id == OFPTT_ALL
        && ofm.command != OFPFC_DELETE
        && ofm.command != OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }

    fm->idle_timeout = ntohs(ofm.idle_timeout);
    fm->hard_timeout = ntohs(ofm.hard_timeout);
    fm->importance = (version >= OFP14_VERSION && ofm.command == OFPFC_ADD
                      ? ntohs(ofm.importance) : 0);
    fm->buffer_id = ntohl(ofm.buffer_id);
    error = port_from_wire11(ofm.out_port, &fm->out_port);
    if (error) {
        return error;
    }
    fm->out_group = (ofm.command == OFPFC_DELETE
                     || ofm.command == OFPFC_DELETE_STRICT
                     ? ntohl(ofm.out_group) : OFPG_ANY);
    *raw_flags = ntohs(ofm.flags);
    return 0;
}

enum ofperr
ofp_decode_flow_mod(struct ofp_flow_mod *fm, const struct ofp_header *oh,
                    enum ofp_protocol protocol, struct buffer *ofpacts)
{
    uint16_t raw_flags = 0;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    memset(fm, 0, sizeof *fm);
    error = start_decode(&b, oh, &raw);
    if (error) {
        return error;
    }

    if (raw == OFPRAW_OFPT11_FLOW_MOD) {
        error = decode_ofp11_flow_mod(fm, &b, oh->version, &raw_flags);
        if (error) {
            return error;
        }
    } else {
        uint16_t command;

        if (raw == OFPRAW_OFPT10_FLOW_MOD) {
            struct ofp10_flow_mod ofm;

            if (!pull_copy(&b, &ofm, sizeof ofm)) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            ofp10_match_to_match(&ofm.match, &fm->match);
            match_normalize_prereqs(&fm->match, NULL);

            /* OpenFlow 1.0: an exact-match rule has the highest
             * priority. */
            fm->priority = (ofm.match.wildcards & htonl(OFPFW10_ALL)
                            ? ntohs(ofm.priority) : UINT16_MAX);
            command = ntohs(ofm.command);
            fm->new_cookie = ofm.cookie;
            fm->idle_timeout = ntohs(ofm.idle_timeout);
            fm->hard_timeout = ntohs(ofm.hard_timeout);
            fm->buffer_id = ntohl(ofm.buffer_id);
            fm->out_port = ofp10_port_to_port(ntohs(ofm.out_port));
            raw_flags = ntohs(ofm.flags);
        } else if (raw == OFPRAW_NXT_FLOW_MOD) {
            struct nx_flow_mod nfm;

            if (!pull_copy(&b, &nfm, sizeof nfm)) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            size_t match_len = ntohs(nfm.match_len);
            size_t padded = ROUND_UP(match_len, 8);
            const void *nxm = buffer_try_pull(&b, padded);
            if (!nxm) {
                return OFPERR_OFPBMC_BAD_LEN;
            }
            error = nx_decode_match(nxm, match_len, true, &fm->match,
                                    &fm->cookie, &fm->cookie_mask);
            if (error) {
                return error;
            }
            command = ntohs(nfm.command);
            if ((command & 0xff) == OFPFC_ADD && fm->cookie_mask) {
                return OFPERR_NXBRC_NXM_INVALID;
            }
            fm->priority = ntohs(nfm.priority);
            fm->new_cookie = nfm.cookie;
            fm->idle_timeout = ntohs(nfm.idle_timeout);
            fm->hard_timeout = ntohs(nfm.hard_timeout);
            fm->buffer_id = ntohl(nfm.buffer_id);
            fm->out_port = ofp10_port_to_port(ntohs(nfm.out_port));
            raw_flags = ntohs(nfm.flags);
        } else {
            return OFPERR_OFPBRC_BAD_TYPE;
        }

        fm->out_group = OFPG_ANY;
        fm->importance = 0;
        if (protocol & OFP_PROTO_TID) {
            fm->command = command & 0xff;
            fm->table_id = command >> 8;
        } else {
            fm->command = command;
            fm->table_id = OFPTT_ALL;
        }
    }

    if ((unsigned int) fm->command > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }

    error = flow_pull_actions(&b, b.size, oh->version, ofpacts);
    if (error) {
        return error;
    }
    fm->ofpacts = ofpacts->data;
    fm->ofpacts_len = ofpacts->size;

    error = decode_flow_mod_flags(raw_flags, fm->command, oh->version,
                                  &fm->flags);
    if (error) {
        return error;
    }
    if (fm->flags & OFP_FF_EMERG) {
        /* The emergency flow cache is optional in OpenFlow 1.0.1 and gone
         * from 1.1; OpenFlow 1.0 names the error for nonzero timeouts. */
        return (fm->idle_timeout || fm->hard_timeout
                ? OFPERR_OFPFMFC_BAD_EMERG_TIMEOUT
                : OFPERR_OFPFMFC_TABLE_FULL);
    }

    fm->modify_may_add = ((fm->command == OFPFC_MODIFY
                           || fm->command == OFPFC_MODIFY_STRICT)
                          && fm->new_cookie != OFP_FLOW_MOD_KEEP_COOKIE
                          && !fm->cookie_mask);
    return 0;
}

/* Returns the command field of an OpenFlow 1.0 flow_mod for FM. */
static be16
tid_command(const struct ofp_flow_mod *fm, enum ofp_protocol protocol)
{
    return htons(protocol & OFP_PROTO_TID
                 ? (fm->command & 0xff) | (fm->table_id << 8)
                 : fm->command);
}

struct buffer *
ofp_encode_flow_mod(const struct ofp_flow_mod *fm_,
                    enum ofp_protocol protocol)
{
    enum ofp_version version = proto_version(protocol);
    uint16_t raw_flags = encode_flow_mod_flags(fm_->flags, version);
    struct ofp_flow_mod fm = *fm_;
    struct buffer *msg;

    match_normalize_prereqs(&fm.match, NULL);

    if (proto_is_of10_std(protocol)) {
        struct ofp10_flow_mod ofm;

        msg = ofpraw_alloc(OFPRAW_OFPT10_FLOW_MOD, OFP10_VERSION,
                           sizeof ofm + fm.ofpacts_len);
        memset(&ofm, 0, sizeof ofm);
        ofp10_match_from_match(&fm.match, &ofm.match);
        ofm.cookie = fm.new_cookie;
        ofm.command = tid_command(&fm, protocol);
        ofm.idle_timeout = htons(fm.idle_timeout);
        ofm.hard_timeout = htons(fm.hard_timeout);
        ofm.priority = htons(fm.priority);
        ofm.buffer_id = htonl(fm.buffer_id);
        ofm.out_port = htons(port_to_wire10(fm.out_port));
        ofm.flags = htons(raw_flags);
        buffer_put(msg, &ofm, sizeof ofm);
    } else if (proto_is_nxm(protocol)) {
        struct nx_flow_mod nfm;

        msg = ofpraw_alloc(OFPRAW_NXT_FLOW_MOD, OFP10_VERSION,
                           sizeof nfm + 64 + fm.ofpacts_len);
        size_t start = msg->size;
        buffer_put_zeros(msg, sizeof nfm);
        size_t match_len = nx_put_match(msg, &fm.match, fm.cookie,
                                        fm.cookie_mask);
        memset(&nfm, 0, sizeof nfm);
        nfm.cookie = fm.new_cookie;
        nfm.command = tid_command(&fm, protocol);
        nfm.idle_timeout = htons(fm.idle_timeout);
        nfm.hard_timeout = htons(fm.hard_timeout);
        nfm.priority = htons(fm.priority);
        nfm.buffer_id = htonl(fm.buffer_id);
        nfm.out_port = htons(port_to_wire10(fm.out_port));
        nfm.flags = htons(raw_flags);
        nfm.match_len = htons(match_len);
        memcpy((char *) msg->data + start, &nfm, sizeof nfm);
    } else {
        struct ofp11_flow_mod ofm;
        bool is_delete = (fm.command == OFPFC_DELETE
                          || fm.command == OFPFC_DELETE_STRICT);

        msg = ofpraw_alloc(OFPRAW_OFPT11_FLOW_MOD, version,
                           sizeof ofm + OFP11_MATCH_SIZE + fm.ofpacts_len);
        memset(&ofm, 0, sizeof ofm);
        if (fm.command == OFPFC_ADD
            || (protocol == OFP_PROTO_OF11_STD
                && (fm.command == OFPFC_MODIFY
                    || fm.command == OFPFC_MODIFY_STRICT)
                && !fm.cookie_mask)) {
            ofm.cookie = fm.new_cookie;
        } else {
            ofm.cookie = fm.cookie & fm.cookie_mask;
        }
        ofm.cookie_mask = fm.cookie_mask;
        ofm.table_id = (fm.table_id != OFPTT_ALL
                        || (protocol != OFP_PROTO_OF11_STD && is_delete)
                        ? fm.table_id : 0);
        ofm.command = fm.command;
        ofm.idle_timeout = htons(fm.idle_timeout);
        ofm.hard_timeout = htons(fm.hard_timeout);
        ofm.priority = htons(fm.priority);
        ofm.buffer_id = htonl(fm.buffer_id);
        ofm.out_port = htonl(fm.out_port);
        ofm.out_group = htonl(fm.out_group);
        ofm.flags = htons(raw_flags);
        ofm.importance = htons(version >= OFP14_VERSION
                               && fm.command == OFPFC_ADD
                               ? fm.importance : 0);
        buffer_put(msg, &ofm, sizeof ofm);
        ofp11_put_match(msg, &fm.match, protocol);
    }
    flow_put_actions(fm.ofpacts, fm.ofpacts_len, version, msg);
    ofpmsg_update_length(msg);
    return msg;
}

/* Flow removed. */

/* Returns REASON as VERSION can send it: versions before 1.4 have no
 * meter-delete or eviction reasons and report a delete. */
static uint8_t
encode_removed_reason(enum ofp_flow_removed_reason reason,
                      enum ofp_version version)
{
    if (version < OFP14_VERSION
        && (reason == OFPRR_METER_DELETE || reason == OFPRR_EVICTION)) {
        return OFPRR_DELETE;
    }
    return reason;
}

struct buffer *
ofp_encode_flow_removed(const struct ofp_flow_removed *fr,
                        enum ofp_protocol protocol)
{
    enum ofp_version version = proto_version(protocol);
    uint8_t reason = encode_removed_reason(fr->reason, version);
    struct buffer *msg;

    if (proto_is_of10_std(protocol)) {
        struct ofp10_flow_removed ofr;

        msg = ofpraw_alloc_xid(OFPRAW_OFPT10_FLOW_REMOVED, OFP10_VERSION,
                               0, sizeof ofr);
        memset(&ofr, 0, sizeof ofr);
        ofp10_match_from_match(&fr->match, &ofr.match);
        ofr.cookie = fr->cookie;
        ofr.priority = htons(fr->priority);
        ofr.reason = reason;
        ofr.duration_sec = htonl(fr->duration_sec);
        ofr.duration_nsec = htonl(fr->duration_nsec);
        ofr.idle_timeout = htons(fr->idle_timeout);
        ofr.packet_count = htonll(unknown_to_zero(fr->packet_count));
        ofr.byte_count = htonll(unknown_to_zero(fr->byte_count));
        buffer_put(msg, &ofr, sizeof ofr);
    } else if (proto_is_nxm(protocol)) {
        struct nx_flow_removed nfr;

        msg = ofpraw_alloc_xid(OFPRAW_NXT_FLOW_REMOVED, OFP10_VERSION,
                               0, sizeof nfr + 64);
        size_t start = msg->size;
        buffer_put_zeros(msg, sizeof nfr);
        size_t match_len = nx_put_match(msg, &fr->match, 0, 0);
        memset(&nfr, 0, sizeof nfr);
        nfr.cookie = fr->cookie;
        nfr.priority = htons(fr->priority);
        nfr.reason = reason;
        nfr.table_id = fr->table_id + 1;
        nfr.duration_sec = htonl(fr->duration_sec);
        nfr.duration_nsec = htonl(fr->duration_nsec);
        nfr.idle_timeout = htons(fr->idle_timeout);
        nfr.match_len = htons(match_len);
        nfr.packet_count = htonll(fr->packet_count);
        nfr.byte_count = htonll(fr->byte_count);
        memcpy((char *) msg->data + start, &nfr, sizeof nfr);
    } else if (version >= OFP15_VERSION) {
        struct ofp15_flow_removed ofr;
        struct oxs_stats oxs = {
            .duration_sec = fr->duration_sec,
            .duration_nsec = fr->duration_nsec,
            .idle_age = -1,
            .packet_count = fr->packet_count,
            .byte_count = fr->byte_count,
            .flow_count = UINT32_MAX,
        };

        msg = ofpraw_alloc_xid(OFPRAW_OFPT15_FLOW_REMOVED, version, 0,
                               sizeof ofr + 64 + 40);
        memset(&ofr, 0, sizeof ofr);
        ofr.table_id = fr->table_id;
        ofr.reason = reason;
        ofr.priority = htons(fr->priority);
        ofr.idle_timeout = htons(fr->idle_timeout);
        ofr.hard_timeout = htons(fr->hard_timeout);
        ofr.cookie = fr->cookie;
        buffer_put(msg, &ofr, sizeof ofr);
        ofp11_put_match(msg, &fr->match, protocol);
        oxs_put_stats(msg, &oxs);
    } else {
        struct ofp11_flow_removed ofr;

        msg = ofpraw_alloc_xid(OFPRAW_OFPT11_FLOW_REMOVED, version, 0,
                               sizeof ofr + OFP11_MATCH_SIZE);
        memset(&ofr, 0, sizeof ofr);
        ofr.cookie = fr->cookie;
        ofr.priority = htons(fr->priority);
        ofr.reason = reason;
        ofr.table_id = fr->table_id;
        ofr.duration_sec = htonl(fr->duration_sec);
        ofr.duration_nsec = htonl(fr->duration_nsec);
        ofr.idle_timeout = htons(fr->idle_timeout);
        ofr.hard_timeout = htons(fr->hard_timeout);
        ofr.packet_count = htonll(fr->packet_count);
        ofr.byte_count = htonll(fr->byte_count);
        buffer_put(msg, &ofr, sizeof ofr);
        ofp11_put_match(msg, &fr->match, protocol);
    }
    ofpmsg_update_length(msg);
    return msg;
}

enum ofperr
ofp_decode_flow_removed(struct ofp_flow_removed *fr,
                        const struct ofp_header *oh)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    memset(fr, 0, sizeof *fr);
    error = start_decode(&b, oh, &raw);
    if (error) {
        return error;
    }

    if (raw == OFPRAW_OFPT11_FLOW_REMOVED) {
        struct ofp11_flow_removed ofr;

        if (!pull_copy(&b, &ofr, sizeof ofr)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = ofp11_pull_match(&b, &fr->match, NULL);
        if (error) {
            return error;
        }
        fr->priority = ntohs(ofr.priority);
        fr->cookie = ofr.cookie;
        fr->reason = ofr.reason;
        fr->table_id = ofr.table_id;
        fr->duration_sec = ntohl(ofr.duration_sec);
        fr->duration_nsec = ntohl(ofr.duration_nsec);
        fr->idle_timeout = ntohs(ofr.idle_timeout);
        fr->hard_timeout = ntohs(ofr.hard_timeout);
        fr->packet_count = ntohll(ofr.packet_count);
        fr->byte_count = ntohll(ofr.byte_count);
    } else if (raw == OFPRAW_OFPT15_FLOW_REMOVED) {
        struct ofp15_flow_removed ofr;
        struct oxs_stats oxs;

        if (!pull_copy(&b, &ofr, sizeof ofr)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = ofp11_pull_match(&b, &fr->match, NULL);
        if (error) {
            return error;
        }
        error = oxs_pull_stats(&b, &oxs);
        if (error) {
            return error;
        }
        fr->priority = ntohs(ofr.priority);
        fr->cookie = ofr.cookie;
        fr->reason = ofr.reason;
        fr->table_id = ofr.table_id;
        fr->duration_sec = oxs.duration_sec;
        fr->duration_nsec = oxs.duration_nsec;
        fr->idle_timeout = ntohs(ofr.idle_timeout);
        fr->hard_timeout = ntohs(ofr.hard_timeout);
        fr->packet_count = oxs.packet_count;
        fr->byte_count = oxs.byte_count;
    } else if (raw == OFPRAW_OFPT10_FLOW_REMOVED) {
        struct ofp10_flow_removed ofr;

        if (!pull_copy(&b, &ofr, sizeof ofr)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ofp10_match_to_match(&ofr.match, &fr->match);
        fr->priority = ntohs(ofr.priority);
        fr->cookie = ofr.cookie;
        fr->reason = ofr.reason;
        fr->table_id = OFPTT_ALL;
        fr->duration_sec = ntohl(ofr.duration_sec);
        fr->duration_nsec = ntohl(ofr.duration_nsec);
        fr->idle_timeout = ntohs(ofr.idle_timeout);
        fr->hard_timeout = 0;
        fr->packet_count = ntohll(ofr.packet_count);
        fr->byte_count = ntohll(ofr.byte_count);
    } else if (raw == OFPRAW_NXT_FLOW_REMOVED) {
        struct nx_flow_removed nfr;

        if (!pull_copy(&b, &nfr, sizeof nfr)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t match_len = ntohs(nfr.match_len);
        const void *nxm = buffer_try_pull(&b, ROUND_UP(match_len, 8));
        if (!nxm) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = nx_decode_match(nxm, match_len, true, &fr->match, NULL,
                                NULL);
        if (error) {
            return error;
        }
        fr->priority = ntohs(nfr.priority);
        fr->cookie = nfr.cookie;
        fr->reason = nfr.reason;
        fr->table_id = nfr.table_id ? nfr.table_id - 1 : OFPTT_ALL;
        fr->duration_sec = ntohl(nfr.duration_sec);
        fr->duration_nsec = ntohl(nfr.duration_nsec);
        fr->idle_timeout = ntohs(nfr.idle_timeout);
        fr->hard_timeout = 0;
        fr->packet_count = ntohll(nfr.packet_count);
        fr->byte_count = ntohll(nfr.byte_count);
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (b.size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

/* Flow and aggregate stats requests. */

struct buffer *
ofp_encode_flow_stats_request(const struct ofp_flow_stats_request *fsr,
                              enum ofp_protocol protocol)
{
    enum ofp_version version = proto_version(protocol);
    struct buffer *msg;

    if (proto_is_of10_std(protocol)) {
        struct ofp10_flow_stats_request ofsr;

        msg = ofpraw_alloc(fsr->aggregate ? OFPRAW_OFPST10_AGGREGATE_REQUEST
                                          : OFPRAW_OFPST10_FLOW_REQUEST,
                           OFP10_VERSION, sizeof ofsr);
        memset(&ofsr, 0, sizeof ofsr);
        ofp10_match_from_match(&fsr->match, &ofsr.match);
        ofsr.table_id = fsr->table_id;
        ofsr.out_port = htons(port_to_wire10(fsr->out_port));
        buffer_put(msg, &ofsr, sizeof ofsr);
    } else if (proto_is_nxm(protocol)) {
        struct nx_flow_stats_request nfsr;

        msg = ofpraw_alloc(fsr->aggregate ? OFPRAW_NXST_AGGREGATE_REQUEST
                                          : OFPRAW_NXST_FLOW_REQUEST,
                           OFP10_VERSION, sizeof nfsr + 64);
        size_t start = msg->size;
        buffer_put_zeros(msg, sizeof nfsr);
        size_t match_len = nx_put_match(msg, &fsr->match, fsr->cookie,
                                        fsr->cookie_mask);
        memset(&nfsr, 0, sizeof nfsr);
        nfsr.out_port = htons(port_to_wire10(fsr->out_port));
        nfsr.match_len = htons(match_len);
        nfsr.table_id = fsr->table_id;
        memcpy((char *) msg->data + start, &nfsr, sizeof nfsr);
    } else {
        struct ofp11_flow_stats_request ofsr;

        msg = ofpraw_alloc(fsr->aggregate ? OFPRAW_OFPST11_AGGREGATE_REQUEST
                                          : OFPRAW_OFPST11_FLOW_REQUEST,
                           version, sizeof ofsr + OFP11_MATCH_SIZE);
        memset(&ofsr, 0, sizeof ofsr);
        ofsr.table_id = fsr->table_id;
        ofsr.out_port = htonl(fsr->out_port);
        ofsr.out_group = htonl(fsr->out_group);
        ofsr.cookie = fsr->cookie;
        ofsr.cookie_mask = fsr->cookie_mask;
        buffer_put(msg, &ofsr, sizeof ofsr);
        ofp11_put_match(msg, &fsr->match, protocol);
    }
    ofpmsg_update_length(msg);
    return msg;
}

enum ofperr
ofp_decode_flow_stats_request(struct ofp_flow_stats_request *fsr,
                              const struct ofp_header *oh)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    memset(fsr, 0, sizeof *fsr);
    error = start_decode(&b, oh, &raw);
    if (error) {
        return error;
    }

    switch (raw) {
    case OFPRAW_OFPST10_FLOW_REQUEST:
    case OFPRAW_OFPST10_AGGREGATE_REQUEST: {
        struct ofp10_flow_stats_request ofsr;

        if (!pull_copy(&b, &ofsr, sizeof ofsr)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fsr->aggregate = raw == OFPRAW_OFPST10_AGGREGATE_REQUEST;
        ofp10_match_to_match(&ofsr.match, &fsr->match);
        fsr->out_port = ofp10_port_to_port(ntohs(ofsr.out_port));
        fsr->out_group = OFPG_ANY;
        fsr->table_id = ofsr.table_id;
        break;
    }

    case OFPRAW_OFPST11_FLOW_REQUEST:
    case OFPRAW_OFPST11_AGGREGATE_REQUEST: {
        struct ofp11_flow_stats_request ofsr;

        if (!pull_copy(&b, &ofsr, sizeof ofsr)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fsr->aggregate = raw == OFPRAW_OFPST11_AGGREGATE_REQUEST;
        fsr->table_id = ofsr.table_id;
        error = port_from_wire11(ofsr.out_port, &fsr->out_port);
        if (error) {
            return error;
        }
        fsr->out_group = ntohl(ofsr.out_group);
        fsr->cookie = ofsr.cookie;
        fsr->cookie_mask = ofsr.cookie_mask;
        error = ofp11_pull_match(&b, &fsr->match, NULL);
        if (error) {
            return error;
        }
        break;
    }

    case OFPRAW_NXST_FLOW_REQUEST:
    case OFPRAW_NXST_AGGREGATE_REQUEST: {
        struct nx_flow_stats_request nfsr;

        if (!pull_copy(&b, &nfsr, sizeof nfsr)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t match_len = ntohs(nfsr.match_len);
        const void *nxm = buffer_try_pull(&b, ROUND_UP(match_len, 8));
        if (!nxm) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = nx_decode_match(nxm, match_len, true, &fsr->match,
                                &fsr->cookie, &fsr->cookie_mask);
        if (error) {
            return error;
        }
        fsr->aggregate = raw == OFPRAW_NXST_AGGREGATE_REQUEST;
        fsr->out_port = ofp10_port_to_port(ntohs(nfsr.out_port));
        fsr->out_group = OFPG_ANY;
        fsr->table_id = nfsr.table_id;
        break;
    }

    default:
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (b.size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

/* Flow stats replies. */

void
ofp_append_flow_stats_reply(const struct ofp_flow_stats *fs,
                            struct list *replies)
{
    struct buffer *reply = CONTAINER_OF(list_back(replies), struct buffer,
                                        list_node);
    enum ofp_version version = ofpmp_version(replies);
    size_t start_ofs = reply->size;
    enum ofpraw raw;

    if (ofpraw_decode(&raw, buffer_header(reply))) {
        sluice_assert(false);
    }

    if (raw == OFPRAW_OFPST11_FLOW_REPLY
        || raw == OFPRAW_OFPST13_FLOW_REPLY) {
        struct ofp11_flow_stats ofs;
        enum ofp_protocol protocol = ofp_protocol_from_version(version);

        buffer_put_zeros(reply, sizeof ofs);
        ofp11_put_match(reply, &fs->match, protocol);
        flow_put_actions(fs->ofpacts, fs->ofpacts_len, version, reply);

        memset(&ofs, 0, sizeof ofs);
        ofs.length = htons(reply->size - start_ofs);
        ofs.table_id = fs->table_id;
        ofs.duration_sec = htonl(fs->duration_sec);
        ofs.duration_nsec = htonl(fs->duration_nsec);
        ofs.priority = htons(fs->priority);
        ofs.idle_timeout = htons(fs->idle_timeout);
        ofs.hard_timeout = htons(fs->hard_timeout);
        ofs.importance = htons(version >= OFP14_VERSION ? fs->importance
                                                        : 0);
        ofs.flags = htons(raw == OFPRAW_OFPST13_FLOW_REPLY
                          ? encode_flow_mod_flags(fs->flags, version) : 0);
        memcpy(ofs.cookie, &fs->cookie, 8);
        put_u64(ofs.packet_count, unknown_to_zero(fs->packet_count));
        put_u64(ofs.byte_count, unknown_to_zero(fs->byte_count));
        memcpy((char *) reply->data + start_ofs, &ofs, sizeof ofs);
    } else if (raw == OFPRAW_OFPST15_FLOW_REPLY) {
        struct ofp15_flow_desc ofd;
        enum ofp_protocol protocol = ofp_protocol_from_version(version);
        struct oxs_stats oxs = {
            .duration_sec = fs->duration_sec,
            .duration_nsec = fs->duration_nsec,
            .idle_age = fs->idle_age,
            .packet_count = fs->packet_count,
            .byte_count = fs->byte_count,
            .flow_count = UINT32_MAX,
        };

        buffer_put_zeros(reply, sizeof ofd);
        ofp11_put_match(reply, &fs->match, protocol);
        oxs_put_stats(reply, &oxs);
        flow_put_actions(fs->ofpacts, fs->ofpacts_len, version, reply);

        memset(&ofd, 0, sizeof ofd);
        ofd.length = htons(reply->size - start_ofs);
        ofd.table_id = fs->table_id;
        ofd.priority = htons(fs->priority);
        ofd.idle_timeout = htons(fs->idle_timeout);
        ofd.hard_timeout = htons(fs->hard_timeout);
        ofd.flags = htons(encode_flow_mod_flags(fs->flags, version));
        ofd.importance = htons(fs->importance);
        memcpy(ofd.cookie, &fs->cookie, 8);
        memcpy((char *) reply->data + start_ofs, &ofd, sizeof ofd);
    } else if (raw == OFPRAW_OFPST10_FLOW_REPLY) {
        struct ofp10_flow_stats ofs;

        buffer_put_zeros(reply, sizeof ofs);
        flow_put_actions(fs->ofpacts, fs->ofpacts_len, version, reply);

        memset(&ofs, 0, sizeof ofs);
        ofs.length = htons(reply->size - start_ofs);
        ofs.table_id = fs->table_id;
        ofp10_match_from_match(&fs->match, &ofs.match);
        ofs.duration_sec = htonl(fs->duration_sec);
        ofs.duration_nsec = htonl(fs->duration_nsec);
        ofs.priority = htons(fs->priority);
        ofs.idle_timeout = htons(fs->idle_timeout);
        ofs.hard_timeout = htons(fs->hard_timeout);
        memcpy(ofs.cookie, &fs->cookie, 8);
        put_u64(ofs.packet_count, unknown_to_zero(fs->packet_count));
        put_u64(ofs.byte_count, unknown_to_zero(fs->byte_count));
        memcpy((char *) reply->data + start_ofs, &ofs, sizeof ofs);
    } else {
        struct nx_flow_stats nfs;

        sluice_assert(raw == OFPRAW_NXST_FLOW_REPLY);
        buffer_put_zeros(reply, sizeof nfs);
        size_t match_len = nx_put_match(reply, &fs->match, 0, 0);
        flow_put_actions(fs->ofpacts, fs->ofpacts_len, version, reply);

        memset(&nfs, 0, sizeof nfs);
        nfs.length = htons(reply->size - start_ofs);
        nfs.table_id = fs->table_id;
        nfs.duration_sec = htonl(fs->duration_sec);
        nfs.duration_nsec = htonl(fs->duration_nsec);
        nfs.priority = htons(fs->priority);
        nfs.idle_timeout = htons(fs->idle_timeout);
        nfs.hard_timeout = htons(fs->hard_timeout);
        nfs.idle_age = htons(fs->idle_age < 0 ? 0
                             : fs->idle_age < UINT16_MAX ? fs->idle_age + 1
                             : UINT16_MAX);
        nfs.hard_age = htons(fs->hard_age < 0 ? 0
                             : fs->hard_age < UINT16_MAX ? fs->hard_age + 1
                             : UINT16_MAX);
        nfs.match_len = htons(match_len);
        memcpy(nfs.cookie, &fs->cookie, 8);
        put_u64(nfs.packet_count, fs->packet_count);
        put_u64(nfs.byte_count, fs->byte_count);
        memcpy((char *) reply->data + start_ofs, &nfs, sizeof nfs);
    }
    ofpmp_postappend(replies, start_ofs);
}

int
ofp_decode_flow_stats_reply(struct ofp_flow_stats *fs, struct buffer *msg,
                            bool flow_age_extension, struct buffer *ofpacts)
{
    const struct ofp_header *oh;
    size_t actions_len;
    enum ofperr error;
    enum ofpraw raw;

    memset(fs, 0, sizeof *fs);
    if (buffer_header(msg)) {
        error = ofpraw_decode(&raw, buffer_header(msg));
    } else {
        error = ofpraw_pull(&raw, msg);
    }
    if (error) {
        return error;
    }
    oh = buffer_header(msg);
    if (!msg->size) {
        return EOF;
    }

    if (raw == OFPRAW_OFPST11_FLOW_REPLY
        || raw == OFPRAW_OFPST13_FLOW_REPLY) {
        struct ofp11_flow_stats ofs;
        size_t padded_match_len;

        if (!pull_copy(msg, &ofs, sizeof ofs)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t length = ntohs(ofs.length);
        if (length < sizeof ofs) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = ofp11_pull_match(msg, &fs->match, &padded_match_len);
        if (error) {
            return error;
        }
        if (length < sizeof ofs + padded_match_len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        actions_len = length - sizeof ofs - padded_match_len;

        fs->priority = ntohs(ofs.priority);
        fs->table_id = ofs.table_id;
        fs->duration_sec = ntohl(ofs.duration_sec);
        fs->duration_nsec = ntohl(ofs.duration_nsec);
        fs->idle_timeout = ntohs(ofs.idle_timeout);
        fs->hard_timeout = ntohs(ofs.hard_timeout);
        fs->importance = (oh->version >= OFP14_VERSION
                          ? ntohs(ofs.importance) : 0);
        if (raw == OFPRAW_OFPST13_FLOW_REPLY) {
            error = decode_flow_mod_flags(ntohs(ofs.flags), -1, oh->version,
                                          &fs->flags);
            if (error) {
                return error;
            }
        }
        fs->idle_age = -1;
        fs->hard_age = -1;
        memcpy(&fs->cookie, ofs.cookie, 8);
        fs->packet_count = get_u64(ofs.packet_count);
        fs->byte_count = get_u64(ofs.byte_count);
    } else if (raw == OFPRAW_OFPST15_FLOW_REPLY) {
        struct ofp15_flow_desc ofd;
        size_t padded_match_len;
        struct oxs_stats oxs;

        if (!pull_copy(msg, &ofd, sizeof ofd)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t length = ntohs(ofd.length);
        error = ofp11_pull_match(msg, &fs->match, &padded_match_len);
        if (error) {
            return error;
        }
        size_t stats_start = msg->size;
        error = oxs_pull_stats(msg, &oxs);
        if (error) {
            return error;
        }
        size_t fixed_len = (sizeof ofd + padded_match_len
                            + (stats_start - msg->size));
        if (length < fixed_len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        actions_len = length - fixed_len;

        fs->priority = ntohs(ofd.priority);
        fs->table_id = ofd.table_id;
        fs->duration_sec = oxs.duration_sec;
        fs->duration_nsec = oxs.duration_nsec;
        fs->idle_timeout = ntohs(ofd.idle_timeout);
        fs->hard_timeout = ntohs(ofd.hard_timeout);
        fs->importance = ntohs(ofd.importance);
        error = decode_flow_mod_flags(ntohs(ofd.flags), -1, oh->version,
                                      &fs->flags);
        if (error) {
            return error;
        }
        fs->idle_age = oxs.idle_age;
        fs->hard_age = -1;
        memcpy(&fs->cookie, ofd.cookie, 8);
        fs->packet_count = oxs.packet_count;
        fs->byte_count = oxs.byte_count;
    } else if (raw == OFPRAW_OFPST10_FLOW_REPLY) {
        struct ofp10_flow_stats ofs;

        if (!pull_copy(msg, &ofs, sizeof ofs)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t length = ntohs(ofs.length);
        if (length < sizeof ofs) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        actions_len = length - sizeof ofs;

        memcpy(&fs->cookie, ofs.cookie, 8);
        ofp10_match_to_match(&ofs.match, &fs->match);
        fs->priority = ntohs(ofs.priority);
        fs->table_id = ofs.table_id;
        fs->duration_sec = ntohl(ofs.duration_sec);
        fs->duration_nsec = ntohl(ofs.duration_nsec);
        fs->idle_timeout = ntohs(ofs.idle_timeout);
        fs->hard_timeout = ntohs(ofs.hard_timeout);
        fs->idle_age = -1;
        fs->hard_age = -1;
        fs->packet_count = get_u64(ofs.packet_count);
        fs->byte_count = get_u64(ofs.byte_count);
    } else if (raw == OFPRAW_NXST_FLOW_REPLY) {
        struct nx_flow_stats nfs;

        if (!pull_copy(msg, &nfs, sizeof nfs)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t length = ntohs(nfs.length);
        size_t match_len = ntohs(nfs.match_len);
        if (length < sizeof nfs + ROUND_UP(match_len, 8)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        const void *nxm = buffer_try_pull(msg, ROUND_UP(match_len, 8));
        if (!nxm) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        error = nx_decode_match(nxm, match_len, true, &fs->match, NULL,
                                NULL);
        if (error) {
            return error;
        }
        actions_len = length - sizeof nfs - ROUND_UP(match_len, 8);

        memcpy(&fs->cookie, nfs.cookie, 8);
        fs->table_id = nfs.table_id;
        fs->duration_sec = ntohl(nfs.duration_sec);
        fs->duration_nsec = ntohl(nfs.duration_nsec);
        fs->priority = ntohs(nfs.priority);
        fs->idle_timeout = ntohs(nfs.idle_timeout);
        fs->hard_timeout = ntohs(nfs.hard_timeout);
        fs->idle_age = -1;
        fs->hard_age = -1;
        if (flow_age_extension) {
            if (nfs.idle_age) {
                fs->idle_age = ntohs(nfs.idle_age) - 1;
            }
            if (nfs.hard_age) {
                fs->hard_age = ntohs(nfs.hard_age) - 1;
            }
        }
        fs->packet_count = get_u64(nfs.packet_count);
        fs->byte_count = get_u64(nfs.byte_count);
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }

    buffer_clear(ofpacts);
    error = flow_pull_actions(msg, actions_len, oh->version, ofpacts);
    if (error) {
        return error;
    }
    fs->ofpacts = ofpacts->data;
    fs->ofpacts_len = ofpacts->size;
    return 0;
}

/* Aggregate stats replies. */

struct buffer *
ofp_encode_aggregate_stats_reply(const struct ofp_aggregate_stats *stats,
                                 const struct ofp_header *request)
{
    struct ofp_aggregate_stats_reply asr;
    uint64_t packets = stats->packet_count;
    uint64_t bytes = stats->byte_count;
    struct buffer *msg;
    enum ofpraw raw;

    if (!ofpraw_decode(&raw, request)
        && raw == OFPRAW_OFPST10_AGGREGATE_REQUEST) {
        packets = unknown_to_zero(packets);
        bytes = unknown_to_zero(bytes);
    }
    msg = ofpraw_alloc_stats_reply(request, sizeof asr + 8);
    if (request->version >= OFP15_VERSION) {
        struct oxs_stats oxs = {
            .duration_sec = UINT32_MAX,
            .idle_age = -1,
            .packet_count = packets,
            .byte_count = bytes,
            .flow_count = stats->flow_count,
        };

        oxs_put_stats(msg, &oxs);
        ofpmsg_update_length(msg);
        return msg;
    }
    memset(&asr, 0, sizeof asr);
    put_u64(asr.packet_count, packets);
    put_u64(asr.byte_count, bytes);
    asr.flow_count = htonl(stats->flow_count);
    buffer_put(msg, &asr, sizeof asr);
    ofpmsg_update_length(msg);
    return msg;
}

enum ofperr
ofp_decode_aggregate_stats_reply(struct ofp_aggregate_stats *stats,
                                 const struct ofp_header *oh)
{
    struct ofp_aggregate_stats_reply asr;
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    memset(stats, 0, sizeof *stats);
    error = start_decode(&b, oh, &raw);
    if (error) {
        return error;
    }
    if (raw == OFPRAW_OFPST15_AGGREGATE_REPLY) {
        struct oxs_stats oxs;

        error = oxs_pull_stats(&b, &oxs);
        if (error) {
            return error;
        }
        if (b.size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        stats->packet_count = oxs.packet_count;
        stats->byte_count = oxs.byte_count;
        stats->flow_count = oxs.flow_count;
        return 0;
    }
    if (raw != OFPRAW_OFPST_AGGREGATE_REPLY
        && raw != OFPRAW_NXST_AGGREGATE_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (!pull_copy(&b, &asr, sizeof asr)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    stats->packet_count = get_u64(asr.packet_count);
    stats->byte_count = get_u64(asr.byte_count);
    stats->flow_count = ntohl(asr.flow_count);
    return 0;
}

/* Text: parsing. */

/* Splits the next "key=value", "key:value", "key(value)" or bare "key"
 * off the front of *SP (keywords are separated by commas and white
 * space; parentheses nest in values).  Stores pointers into the modified
 * string in *KEYP and *VALUEP ("" for no value) and returns true, or
 * returns false at the end of the string. */
static bool
parse_key_value(char **sp, char **keyp, char **valuep)
{
    char *s = *sp;

    s += strspn(s, ", \t\r\n");
    if (!*s) {
        *sp = s;
        return false;
    }

    char *key = s;
    s += strcspn(s, ":=(, \t\r\n");
    char delim = *s;
    char *value = (char *) "";
    if (delim == '=' || delim == ':' || delim == '(') {
        *s++ = '\0';
        value = s;
        int depth = delim == '(' ? 1 : 0;
        for (; *s; s++) {
            if (*s == '(') {
                depth++;
            } else if (*s == ')') {
                if (depth == 1 && delim == '(') {
                    break;
                }
                depth--;
            } else if (!depth && strchr(", \t\r\n", *s)) {
                break;
            }
        }
        if (*s) {
            *s++ = '\0';
        }
    } else if (delim) {
        *s++ = '\0';
    }
    *keyp = key;
    *valuep = value;
    *sp = s;
    return true;
}

static char *
parse_u16(const char *name, const char *value, uint16_t *out)
{
    unsigned int x;
    if (!str_to_uint(value, 0, &x) || x > UINT16_MAX) {
        return xasprintf("%s: \"%s\" is not a number between 0 and 65535",
                         name, value);
    }
    *out = x;
    return NULL;
}

static char *
parse_be64(const char *name, const char *value, be64 *out)
{
    unsigned long long x;
    if (!str_to_ullong(value, 0, &x)) {
        return xasprintf("%s: \"%s\" is not a 64-bit number", name, value);
    }
    *out = htonll(x);
    return NULL;
}

/* What a command's flow syntax may contain. */
enum {
    F_OUT_PORT = 1 << 0,
    F_ACTIONS = 1 << 1,
    F_IMPORTANCE = 1 << 2,
    F_TIMEOUT = 1 << 3,
    F_PRIORITY = 1 << 4,
    F_FLAGS = 1 << 5,
};

#define PROTO_OXM (OFP_PROTO_OF12_OXM | OFP_PROTO_OF13_OXM      \
                   | OFP_PROTO_OF14_OXM | OFP_PROTO_OF15_OXM)
#define PROTO_OF11_UP (OFP_PROTO_OF11_STD | PROTO_OXM)
#define PROTO_NXM_OF11_UP (OFP_PROTO_OF10_NXM_ANY | PROTO_OF11_UP)
#define PROTO_TID_ANY (OFP_PROTO_TID | PROTO_OF11_UP)

static const struct {
    const char *name;
    uint32_t flag;
    uint32_t protocols;
} flag_keywords[] = {
    { "send_flow_rem", OFP_FF_SEND_FLOW_REM, OFP_PROTO_ANY },
    { "check_overlap", OFP_FF_CHECK_OVERLAP, OFP_PROTO_ANY },
    { "reset_counts", OFP_FF_RESET_COUNTS, PROTO_OXM },
    { "no_packet_counts", OFP_FF_NO_PKT_COUNTS,
      OFP_PROTO_OF13_OXM | OFP_PROTO_OF14_OXM | OFP_PROTO_OF15_OXM },
    { "no_byte_counts", OFP_FF_NO_BYT_COUNTS,
      OFP_PROTO_OF13_OXM | OFP_PROTO_OF14_OXM | OFP_PROTO_OF15_OXM },
};

/* Parses a group number for out_group: "any", "all" or a number. */
static bool
parse_group(const char *s, uint32_t *group)
{
    unsigned int x;

    if (!strcasecmp(s, "any")) {
        *group = OFPG_ANY;
    } else if (!strcasecmp(s, "all")) {
        *group = OFPG_ALL;
    } else if (str_to_uint(s, 0, &x) && x <= OFPG_MAX) {
        *group = x;
    } else {
        return false;
    }
    return true;
}

/* Returns the text after "action" (and its '=') in S and cuts S there, or
 * NULL if S has no actions. */
static char *
extract_actions(char *s)
{
    s = strstr(s, "action");
    if (!s) {
        return NULL;
    }
    *s = '\0';
    s = strchr(s + 1, '=');
    return s ? s + 1 : NULL;
}

static char *
parse_flow__(struct ofp_flow_mod *fm, int command, char *string,
             struct buffer *ofpacts, uint32_t *usable)
{
    char *act_str = NULL;
    char *name, *value;
    unsigned int fields;

    *usable = OFP_PROTO_ANY;
    if (command == OFP_PARSE_ANY_COMMAND) {
        static const struct {
            const char *name;
            int command;
        } commands[] = {
            { "add", OFPFC_ADD },
            { "delete", OFPFC_DELETE },
            { "delete_strict", OFPFC_DELETE_STRICT },
            { "modify", OFPFC_MODIFY },
            { "modify_strict", OFPFC_MODIFY_STRICT },
        };
        string += strspn(string, " \t\r\n");
        size_t len = strcspn(string, ", \t\r\n");

        command = OFPFC_ADD;
        for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
            if (len == strlen(commands[i].name)
                && !strncmp(string, commands[i].name, len)) {
                command = commands[i].command;
                string += len;
                break;
            }
        }
    }

    switch (command) {
    case OFP_PARSE_STATS_REQUEST:
    case OFPFC_DELETE:
        fields = F_OUT_PORT;
        break;
    case OFPFC_DELETE_STRICT:
        fields = F_OUT_PORT | F_PRIORITY;
        break;
    case OFPFC_ADD:
        fields = F_ACTIONS | F_TIMEOUT | F_PRIORITY | F_FLAGS | F_IMPORTANCE;
        break;
    case OFPFC_MODIFY:
    case OFPFC_MODIFY_STRICT:
        fields = F_ACTIONS | F_TIMEOUT | F_PRIORITY | F_FLAGS;
        break;
    default:
        return xasprintf("unknown flow_mod command %d", command);
    }

    memset(fm, 0, sizeof *fm);
    match_init_catchall(&fm->match);
    fm->priority = OFP_DEFAULT_PRIORITY;
    fm->table_id = OFPTT_ALL;
    fm->command = command < 0 ? OFPFC_ADD : command;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    fm->new_cookie = (command == OFPFC_MODIFY
                      || command == OFPFC_MODIFY_STRICT
                      ? OFP_FLOW_MOD_KEEP_COOKIE : 0);

    if (fields & F_ACTIONS) {
        act_str = extract_actions(string);
        if (!act_str) {
            return xstrdup("must specify an action");
        }
    }

    while (parse_key_value(&string, &name, &value)) {
        char *error = NULL;
        bool done = false;

        for (size_t i = 0; i < ARRAY_SIZE(flag_keywords); i++) {
            if (fields & F_FLAGS && !strcmp(name, flag_keywords[i].name)) {
                fm->flags |= flag_keywords[i].flag;
                *usable &= flag_keywords[i].protocols;
                done = true;
                break;
            }
        }
        if (done) {
            continue;
        }

        switch (match_parse_keyword(&fm->match, name, value, &error)) {
        case MATCH_PARSE_OK:
            continue;
        case MATCH_PARSE_ERROR:
            return error;
        case MATCH_PARSE_NOT_MATCH:
        default:
            break;
        }

        if (!*value) {
            return xasprintf("field %s missing value", name);
        }
        if (!strcmp(name, "table")) {
            unsigned int table;
            if (!str_to_uint(value, 0, &table) || table > OFPTT_ALL) {
                return xasprintf("unknown table \"%s\"", value);
            }
            fm->table_id = table;
            if (table != OFPTT_ALL) {
                *usable &= PROTO_TID_ANY;
            }
        } else if (fields & F_OUT_PORT && !strcmp(name, "out_port")) {
            if (!mf_parse_ofp_port(value, &fm->out_port)) {
                return xasprintf("%s is not a valid OpenFlow port", value);
            }
        } else if (fields & F_OUT_PORT && !strcmp(name, "out_group")) {
            *usable &= PROTO_OF11_UP;
            if (!parse_group(value, &fm->out_group)) {
                return xasprintf("%s is not a valid OpenFlow group", value);
            }
        } else if (fields & F_PRIORITY && !strcmp(name, "priority")) {
            uint16_t priority = 0;
            error = parse_u16(name, value, &priority);
            fm->priority = priority;
        } else if (fields & F_TIMEOUT && !strcmp(name, "idle_timeout")) {
            error = parse_u16(name, value, &fm->idle_timeout);
        } else if (fields & F_TIMEOUT && !strcmp(name, "hard_timeout")) {
            error = parse_u16(name, value, &fm->hard_timeout);
        } else if (fields & F_IMPORTANCE && !strcmp(name, "importance")) {
            error = parse_u16(name, value, &fm->importance);
        } else if (!strcmp(name, "cookie")) {
            char *mask = strchr(value, '/');
            if (mask) {
                if (command == OFPFC_ADD) {
                    return xstrdup("flow additions cannot use a cookie "
                                   "mask");
                }
                *mask = '\0';
                error = parse_be64(name, value, &fm->cookie);
                if (!error) {
                    error = parse_be64(name, mask + 1, &fm->cookie_mask);
                }
                if (!error && fm->cookie_mask) {
                    *usable &= PROTO_NXM_OF11_UP;
                }
            } else {
                if (command != OFPFC_ADD && command != OFPFC_MODIFY
                    && command != OFPFC_MODIFY_STRICT) {
                    return xstrdup("cannot set cookie");
                }
                error = parse_be64(name, value, &fm->new_cookie);
            }
        } else if (!strcmp(name, "duration") || !strcmp(name, "n_packets")
                   || !strcmp(name, "n_bytes") || !strcmp(name, "idle_age")
                   || !strcmp(name, "hard_age")) {
            /* What dump-flows prints, so that its output reads back. */
        } else {
            error = xasprintf("unknown keyword %s", name);
        }
        if (error) {
            return error;
        }
    }

    /* A modify without a cookie mask may add a flow; its cookie is then
     * zero unless one was given. */
    if (!fm->cookie_mask && fm->new_cookie == OFP_FLOW_MOD_KEEP_COOKIE
        && (command == OFPFC_MODIFY || command == OFPFC_MODIFY_STRICT)) {
        fm->new_cookie = 0;
    }

    struct match normalized = fm->match;
    match_normalize_prereqs(&normalized, NULL);
    *usable &= ofp_match_usable_protocols(&normalized);

    if (fields & F_ACTIONS) {
        uint32_t action_usable = OFP_PROTO_ANY;
        char *error = flow_parse_actions(act_str, ofpacts, &action_usable);
        if (error) {
            return error;
        }

        /* Check the actions against the match, as ovs-ofctl does: this
         * also records what encoding needs to know of the match (whether
         * a VLAN tag is there already for mod_vlan_vid). */
        struct match m = fm->match;
        struct ofpact_check_params params = {
            .match = &m,
            .max_ports = OFPP_MAX,
            .table_id = fm->table_id == OFPTT_ALL ? 0 : fm->table_id,
            .n_tables = 255,
        };
        enum ofperr ofperr = ofpacts_check(ofpacts->data, ofpacts->size,
                                           &params);
        if (ofperr) {
            return xasprintf("actions are invalid with specified match "
                             "(%s)", ofperr_get_name(ofperr));
        }
        *usable &= action_usable;
        if (!*usable) {
            return xstrdup("actions are invalid with specified match "
                           "(OFPBAC_MATCH_INCONSISTENT)");
        }
    }
    fm->ofpacts = ofpacts->data;
    fm->ofpacts_len = ofpacts->size;
    if (!*usable) {
        return xstrdup("no OpenFlow protocol can express this flow");
    }
    return NULL;
}

char *
ofp_parse_flow_mod(struct ofp_flow_mod *fm, int command, const char *s,
                   struct buffer *ofpacts, uint32_t *usable)
{
    char *string = xstrdup(s);
    char *error = parse_flow__(fm, command, string, ofpacts, usable);
    free(string);
    if (error) {
        fm->ofpacts = NULL;
        fm->ofpacts_len = 0;
        *usable = 0;
    }
    return error;
}

char *
ofp_parse_flow_stats_request(struct ofp_flow_stats_request *fsr,
                             bool aggregate, const char *s, uint32_t *usable)
{
    struct ofp_flow_mod fm;
    struct buffer ofpacts;

    buffer_init(&ofpacts, 0);
    char *error = ofp_parse_flow_mod(&fm, OFP_PARSE_STATS_REQUEST, s,
                                     &ofpacts, usable);
    buffer_uninit(&ofpacts);
    if (error) {
        return error;
    }

    /* A stats request carries its table id in every protocol. */
    if (*usable & OFP_PROTO_OF10_STD_TID) {
        *usable |= OFP_PROTO_OF10_STD;
    }
    if (*usable & OFP_PROTO_OF10_NXM_TID) {
        *usable |= OFP_PROTO_OF10_NXM;
    }

    memset(fsr, 0, sizeof *fsr);
    fsr->aggregate = aggregate;
    fsr->match = fm.match;
    fsr->cookie = fm.cookie;
    fsr->cookie_mask = fm.cookie_mask;
    fsr->out_port = fm.out_port;
    fsr->out_group = fm.out_group;
    fsr->table_id = fm.table_id;
    return NULL;
}

/* Text: printing. */

/* Appends a duration as ovs-ofctl does: "5s", "1.5s" with three decimals
 * for whole milliseconds, else nine. */
static void
format_duration(struct ds *ds, uint32_t sec, uint32_t nsec)
{
    ds_put_format(ds, "%"PRIu32, sec);
    if (nsec > 0) {
        if (nsec % 1000000) {
            ds_put_format(ds, ".%09"PRIu32, nsec);
        } else {
            ds_put_format(ds, ".%03"PRIu32, nsec / 1000000);
        }
    }
    ds_put_char(ds, 's');
}

static void
format_flags(struct ds *ds, uint32_t flags)
{
    for (size_t i = 0; i < ARRAY_SIZE(flag_keywords); i++) {
        if (flags & flag_keywords[i].flag) {
            ds_put_format(ds, "%s ", flag_keywords[i].name);
        }
    }
}

/* Appends "priority=N," (unless PRIORITY is the default) and MATCH, with
 * no trailing comma. */
static void
format_match_priority(const struct match *match, int priority,
                      struct ds *ds)
{
    size_t start = ds->length;

    if (priority != OFP_DEFAULT_PRIORITY) {
        ds_put_format(ds, "priority=%d,", priority);
    }
    match_format(match, ds);
    if (ds->length > start && ds->string[ds->length - 1] == ',') {
        ds_truncate(ds, ds->length - 1);
    }
}

static void
format_count(struct ds *ds, const char *name, uint64_t count)
{
    if (count != UINT64_MAX) {
        ds_put_format(ds, "%s=%"PRIu64", ", name, count);
    } else {
        ds_put_format(ds, "%s=?, ", name);
    }
}

void
ofp_flow_stats_format(const struct ofp_flow_stats *fs, bool show_stats,
                      struct ds *ds)
{
    if (show_stats || fs->cookie) {
        ds_put_format(ds, "cookie=0x%"PRIx64", ", ntohll(fs->cookie));
    }
    if (show_stats) {
        ds_put_cstr(ds, "duration=");
        format_duration(ds, fs->duration_sec, fs->duration_nsec);
        ds_put_cstr(ds, ", ");
    }
    if (show_stats || fs->table_id) {
        ds_put_format(ds, "table=%"PRIu8", ", fs->table_id);
    }
    if (show_stats) {
        format_count(ds, "n_packets", fs->packet_count);
        format_count(ds, "n_bytes", fs->byte_count);
    }
    if (fs->idle_timeout) {
        ds_put_format(ds, "idle_timeout=%"PRIu16", ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        ds_put_format(ds, "hard_timeout=%"PRIu16", ", fs->hard_timeout);
    }
    format_flags(ds, fs->flags);
    if (fs->importance) {
        ds_put_format(ds, "importance=%"PRIu16", ", fs->importance);
    }
    if (show_stats && fs->idle_age >= 0) {
        ds_put_format(ds, "idle_age=%d, ", fs->idle_age);
    }
    if (show_stats && fs->hard_age >= 0
        && (uint32_t) fs->hard_age != fs->duration_sec) {
        ds_put_format(ds, "hard_age=%d, ", fs->hard_age);
    }

    size_t length = ds->length;
    format_match_priority(&fs->match, fs->priority, ds);
    if (ds->length != length) {
        ds_put_char(ds, ' ');
    }
    ds_put_cstr(ds, "actions=");
    flow_format_actions(fs->ofpacts, fs->ofpacts_len, ds);
}

void
ofp_flow_removed_format(const struct ofp_flow_removed *fr, struct ds *ds)
{
    static const char *const reasons[] = {
        [OFPRR_IDLE_TIMEOUT] = "idle",
        [OFPRR_HARD_TIMEOUT] = "hard",
        [OFPRR_DELETE] = "delete",
        [OFPRR_GROUP_DELETE] = "group_delete",
        [OFPRR_METER_DELETE] = "meter_delete",
        [OFPRR_EVICTION] = "eviction",
    };

    ds_put_char(ds, ' ');
    format_match_priority(&fr->match, fr->priority, ds);
    if ((unsigned int) fr->reason < ARRAY_SIZE(reasons)) {
        ds_put_format(ds, " reason=%s", reasons[fr->reason]);
    } else {
        ds_put_format(ds, " reason=%d", (int) fr->reason);
    }
    if (fr->table_id != OFPTT_ALL) {
        ds_put_format(ds, " table_id=%"PRIu8, fr->table_id);
    }
    if (fr->cookie) {
        ds_put_format(ds, " cookie:0x%"PRIx64, ntohll(fr->cookie));
    }
    ds_put_cstr(ds, " duration");
    format_duration(ds, fr->duration_sec, fr->duration_nsec);
    ds_put_format(ds, " idle%"PRIu16, fr->idle_timeout);
    if (fr->hard_timeout) {
        ds_put_format(ds, " hard%"PRIu16, fr->hard_timeout);
    }
    ds_put_format(ds, " pkts%"PRIu64" bytes%"PRIu64,
                  fr->packet_count, fr->byte_count);
}

void
ofp_flow_mod_format(const struct ofp_flow_mod *fm, enum ofp_version version,
                    struct ds *ds)
{
    static const char *const commands[] = {
        [OFPFC_ADD] = "ADD",
        [OFPFC_MODIFY] = "MOD",
        [OFPFC_MODIFY_STRICT] = "MOD_STRICT",
        [OFPFC_DELETE] = "DEL",
        [OFPFC_DELETE_STRICT] = "DEL_STRICT",
    };

    ds_put_char(ds, ' ');
    if ((unsigned int) fm->command < ARRAY_SIZE(commands)) {
        ds_put_cstr(ds, commands[fm->command]);
    } else {
        ds_put_format(ds, "cmd:%d", (int) fm->command);
    }
    if (fm->table_id) {
        ds_put_format(ds, " table:%"PRIu8, fm->table_id);
    }
    ds_put_char(ds, ' ');
    size_t match_start = ds->length;
    format_match_priority(&fm->match, fm->priority, ds);
    if (ds->string[ds->length - 1] != ' ') {
        ds_put_char(ds, ' ');
    }
    if (fm->new_cookie && fm->new_cookie != OFP_FLOW_MOD_KEEP_COOKIE) {
        ds_put_format(ds, "cookie:0x%"PRIx64" ", ntohll(fm->new_cookie));
    }
    if (fm->cookie_mask) {
        ds_put_format(ds, "cookie:0x%"PRIx64"/0x%"PRIx64" ",
                      ntohll(fm->cookie), ntohll(fm->cookie_mask));
    }
    if (fm->idle_timeout) {
        ds_put_format(ds, "idle:%"PRIu16" ", fm->idle_timeout);
    }
    if (fm->hard_timeout) {
        ds_put_format(ds, "hard:%"PRIu16" ", fm->hard_timeout);
    }
    if (fm->importance) {
        ds_put_format(ds, "importance:%"PRIu16" ", fm->importance);
    }
    if (fm->priority != OFP_DEFAULT_PRIORITY
        && !strstr(ds->string + match_start, "priority")) {
        ds_put_format(ds, "pri:%d ", fm->priority);
    }
    if (fm->buffer_id != OFP_NO_BUFFER) {
        ds_put_format(ds, "buf:0x%"PRIx32" ", fm->buffer_id);
    }
    if (fm->out_port != OFPP_ANY) {
        ds_put_cstr(ds, "out_port:");
        mf_format_ofp_port(fm->out_port, ds);
        ds_put_char(ds, ' ');
    }
    uint32_t flags = fm->flags;
    if (version <= OFP11_VERSION) {
        /* These versions have no reset_counts flag to show. */
        flags &= ~OFP_FF_RESET_COUNTS;
    }
    format_flags(ds, flags);
    ds_put_cstr(ds, "actions=");
    flow_format_actions(fm->ofpacts, fm->ofpacts_len, ds);
}

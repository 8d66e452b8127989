/* ofp-table: OpenFlow tables.  See ofp-table.h. */
#include <config.h>
#include "ofp-table.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "meta-flow.h"
#include "nx-match.h"
#include "ofp-port.h"
#include "packets.h"
#include "util.h"

/* Wire formats. */

struct table_mod_wire {
    uint8_t table_id;
    uint8_t pad[3];
    be32 config;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct table_mod_wire) == 8);

/* OpenFlow 1.1 and 1.2 table config: the miss behaviour. */
#define TC11_MISS_CONTROLLER 0
#define TC11_MISS_CONTINUE 1
#define TC11_MISS_DROP 2
#define TC11_MISS_MASK 3

/* OpenFlow 1.4 table config bits and table-mod properties. */
#define TC14_EVICTION (1u << 2)
#define TC14_VACANCY_EVENTS (1u << 3)
#define TMPT14_EVICTION 2
#define TMPT14_VACANCY 3
#define TMPT14_EXPERIMENTER 0xffff

struct table_stats10_wire {
    uint8_t table_id;
    uint8_t pad[3];
    char name[32];
    be32 wildcards;
    be32 max_entries;
    be32 active_count;
    be64 lookup_count;
    be64 matched_count;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct table_stats10_wire) == 64);

struct table_stats11_wire {
    uint8_t table_id;
    uint8_t pad[7];
    char name[32];
    be32 wildcards;             /* OFPFMF11_* bits. */
    be32 match;                 /* OFPFMF11_* bits. */
    be32 instructions;
    be32 write_actions;
    be32 apply_actions;
    be32 config;
    be32 max_entries;
    be32 active_count;
    be64 lookup_count;
    be64 matched_count;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct table_stats11_wire) == 88);

struct table_stats12_wire {
    uint8_t table_id;
    uint8_t pad[7];
    char name[32];
    be64 match;                 /* 1 << OXM basic field number. */
    be64 wildcards;
    be32 write_actions;
    be32 apply_actions;
    be64 write_setfields;
    be64 apply_setfields;
    be64 metadata_match;
    be64 metadata_write;
    be32 instructions;
    be32 config;
    be32 max_entries;
    be32 active_count;
    be64 lookup_count;
    be64 matched_count;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct table_stats12_wire) == 128);

struct table_stats13_wire {
    uint8_t table_id;
    uint8_t pad[3];
    be32 active_count;
    be64 lookup_count;
    be64 matched_count;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct table_stats13_wire) == 24);

struct table_features_wire {
    be16 length;
    uint8_t table_id;
    uint8_t pad[5];
    char name[32];
    be64 metadata_match;
    be64 metadata_write;
    be32 capabilities;
    be32 max_entries;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct table_features_wire) == 64);

/* Table features property types. */
enum {
    TFPT_INSTRUCTIONS = 0,
    TFPT_INSTRUCTIONS_MISS = 1,
    TFPT_NEXT_TABLES = 2,
    TFPT_NEXT_TABLES_MISS = 3,
    TFPT_WRITE_ACTIONS = 4,
    TFPT_WRITE_ACTIONS_MISS = 5,
    TFPT_APPLY_ACTIONS = 6,
    TFPT_APPLY_ACTIONS_MISS = 7,
    TFPT_MATCH = 8,
    TFPT_WILDCARDS = 10,
    TFPT_WRITE_SETFIELD = 12,
    TFPT_WRITE_SETFIELD_MISS = 13,
    TFPT_APPLY_SETFIELD = 14,
    TFPT_APPLY_SETFIELD_MISS = 15,
    TFPT_EXPERIMENTER = 0xfffe,
    TFPT_EXPERIMENTER_MISS = 0xffff,
};

/* Table names: copies a 32-byte, null-padded wire name. */
static void
name_from_wire(char *dst, const char *name)
{
    memcpy(dst, name, OFP_TABLE_NAME_MAX);
    dst[OFP_TABLE_NAME_MAX] = '\0';
}

static void
name_to_wire(char *dst, const char *name)
{
    memset(dst, 0, 32);
    memcpy(dst, name, strnlen(name, OFP_TABLE_NAME_MAX));
}

/* Table-mod. */

void
ofp_table_mod_encode(const struct ofp_table_mod *tm,
                     enum ofp_version version, struct buffer *b)
{
    sluice_assert(version >= OFP11_VERSION);

    struct table_mod_wire *w = buffer_put_zeros(b, sizeof *w);
    w->table_id = tm->table_id;
    if (version <= OFP12_VERSION) {
        w->config = htonl(tm->miss == OFP_TABLE_MISS_CONTINUE
                          ? TC11_MISS_CONTINUE
                          : tm->miss == OFP_TABLE_MISS_DROP
                          ? TC11_MISS_DROP
                          : TC11_MISS_CONTROLLER);
    } else if (version >= OFP14_VERSION) {
        uint32_t config = 0;
        if (tm->eviction == OFP_TABLE_SETTING_ON) {
            config |= TC14_EVICTION;
        }
        if (tm->vacancy == OFP_TABLE_SETTING_ON) {
            config |= TC14_VACANCY_EVENTS;
        }
        w->config = htonl(config);

        if (tm->eviction_flags != UINT32_MAX) {
            size_t prop = ofp_prop_start(b, TMPT14_EVICTION);
            put_unaligned_be32(buffer_put_uninit(b, 4),
                               htonl(tm->eviction_flags));
            ofp_prop_end(b, prop);
        }
        if (tm->vacancy == OFP_TABLE_SETTING_ON) {
            size_t prop = ofp_prop_start(b, TMPT14_VACANCY);
            uint8_t *v = buffer_put_zeros(b, 4);
            v[0] = tm->vacancy_down;
            v[1] = tm->vacancy_up;
            ofp_prop_end(b, prop);
        }
    }
}

enum ofperr
ofp_table_mod_decode(struct buffer *b, enum ofp_version version,
                     struct ofp_table_mod *tm)
{
    memset(tm, 0, sizeof *tm);
    tm->eviction_flags = UINT32_MAX;

    const struct table_mod_wire *w = buffer_try_pull(b, sizeof *w);
    if (!w || (version <= OFP13_VERSION && b->size)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    tm->table_id = w->table_id;
    uint32_t config = ntohl(w->config);

    if (version <= OFP12_VERSION) {
        switch (config & TC11_MISS_MASK) {
        case TC11_MISS_CONTROLLER:
            tm->miss = OFP_TABLE_MISS_CONTROLLER;
            break;
        case TC11_MISS_CONTINUE:
            tm->miss = OFP_TABLE_MISS_CONTINUE;
            break;
        case TC11_MISS_DROP:
            tm->miss = OFP_TABLE_MISS_DROP;
            break;
        default:
            return OFPERR_OFPTMFC_BAD_CONFIG;
        }
        return 0;
    } else if (version == OFP13_VERSION) {
        return 0;
    }

    tm->eviction = (config & TC14_EVICTION ? OFP_TABLE_SETTING_ON
                    : OFP_TABLE_SETTING_OFF);
    tm->vacancy = (config & TC14_VACANCY_EVENTS ? OFP_TABLE_SETTING_ON
                   : OFP_TABLE_SETTING_OFF);
    while (b->size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(b, &prop, &type);
        if (error) {
            return error;
        }
        switch (type) {
        case TMPT14_EVICTION:
            if (prop.size != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            tm->eviction_flags = ntohl(get_unaligned_be32(prop.data));
            break;
        case TMPT14_VACANCY: {
            const uint8_t *v = prop.data;
            if (prop.size != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            if (v[2] || v[0] > v[1]) {
                return OFPERR_OFPBPC_BAD_VALUE;
            }
            tm->vacancy_down = v[0];
            tm->vacancy_up = v[1];
            break;
        }
        case TMPT14_EXPERIMENTER:
            break;
        default:
            return OFPERR_OFPBPC_BAD_TYPE;
        }
    }
    return 0;
}

/* Appends eviction flags FLAGS to S as ovs-ofctl prints them in a table
 * description: "(default)" for UINT32_MAX, else "OTHER|IMPORTANCE" and
 * any unknown bits in hex. */
static void
format_eviction_flags(struct ds *s, uint32_t flags)
{
    static const char *const names[] = { "OTHER", "IMPORTANCE", "LIFETIME" };
    const char *sep = "";

    if (flags == UINT32_MAX) {
        ds_put_cstr(s, "(default)");
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & (UINT32_C(1) << i)) {
            ds_put_format(s, "%s%s", sep, names[i]);
            flags &= ~(UINT32_C(1) << i);
            sep = "|";
        }
    }
    if (flags || !*sep) {
        ds_put_format(s, "%s0x%"PRIx32, sep, flags);
    }
}

static const char *
setting_to_string(enum ofp_table_setting setting)
{
    return setting == OFP_TABLE_SETTING_ON ? "on" : "off";
}

void
ofp_table_mod_format(struct ds *s, const struct ofp_table_mod *tm)
{
    if (tm->table_id == OFPTT_ALL) {
        ds_put_cstr(s, " table_id: ALL_TABLES");
    } else {
        ds_put_format(s, " table_id=%u", tm->table_id);
    }
    if (tm->miss != OFP_TABLE_MISS_DEFAULT) {
        ds_put_format(s, ", flow_miss_config=%s",
                      (tm->miss == OFP_TABLE_MISS_CONTROLLER ? "controller"
                       : tm->miss == OFP_TABLE_MISS_CONTINUE ? "continue"
                       : "drop"));
    }
    if (tm->eviction != OFP_TABLE_SETTING_DEFAULT) {
        ds_put_format(s, ", eviction=%s", setting_to_string(tm->eviction));
    }
    if (tm->eviction_flags != UINT32_MAX) {
        /* ovs-ofctl garbles these ("eviction=***error***"); this is the
         * form of its table descriptions. */
        ds_put_cstr(s, ", eviction_flags=");
        format_eviction_flags(s, tm->eviction_flags);
    }
    if (tm->vacancy != OFP_TABLE_SETTING_DEFAULT) {
        ds_put_format(s, ", vacancy=%s", setting_to_string(tm->vacancy));
        if (tm->vacancy == OFP_TABLE_SETTING_ON) {
            ds_put_format(s, " vacancy:%u,%u", tm->vacancy_down,
                          tm->vacancy_up);
        }
    }
}

/* Table descriptions. */

struct table_desc_wire {
    be16 length;
    uint8_t table_id;
    uint8_t pad;
    be32 config;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct table_desc_wire) == 8);

void
ofp_table_desc_encode(const struct ofp_table_desc *td, struct buffer *b)
{
    size_t start = b->size;
    struct table_desc_wire *w = buffer_put_zeros(b, sizeof *w);
    w->table_id = td->table_id;
    w->config = htonl((td->eviction == OFP_TABLE_SETTING_ON
                       ? TC14_EVICTION : 0)
                      | (td->vacancy == OFP_TABLE_SETTING_ON
                         ? TC14_VACANCY_EVENTS : 0));
    if (td->eviction_flags != UINT32_MAX) {
        size_t prop = ofp_prop_start(b, TMPT14_EVICTION);
        put_unaligned_be32(buffer_put_uninit(b, 4),
                           htonl(td->eviction_flags));
        ofp_prop_end(b, prop);
    }
    if (td->vacancy == OFP_TABLE_SETTING_ON) {
        size_t prop = ofp_prop_start(b, TMPT14_VACANCY);
        uint8_t *v = buffer_put_zeros(b, 4);
        v[0] = td->vacancy_down;
        v[1] = td->vacancy_up;
        v[2] = td->current_vacancy;
        ofp_prop_end(b, prop);
    }
    w = buffer_at_assert(b, start, sizeof *w);
    w->length = htons(b->size - start);
}

int
ofp_table_desc_pull(struct buffer *b, struct ofp_table_desc *td)
{
    memset(td, 0, sizeof *td);
    td->eviction_flags = UINT32_MAX;
    if (!b->size) {
        return EOF;
    }

    const struct table_desc_wire *w = buffer_at(b, 0, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(w->length);
    if (len < sizeof *w || len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    uint32_t config = ntohl(w->config);
    td->table_id = w->table_id;
    td->eviction = (config & TC14_EVICTION ? OFP_TABLE_SETTING_ON
                    : OFP_TABLE_SETTING_OFF);
    td->vacancy = (config & TC14_VACANCY_EVENTS ? OFP_TABLE_SETTING_ON
                   : OFP_TABLE_SETTING_OFF);

    struct buffer props;
    buffer_use_const(&props, w + 1, len - sizeof *w);
    while (props.size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(&props, &prop, &type);
        if (error) {
            return error;
        }
        if (type == TMPT14_EVICTION || type == TMPT14_VACANCY) {
            if (prop.size != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            const uint8_t *v = prop.data;
            if (type == TMPT14_EVICTION) {
                td->eviction_flags = ntohl(get_unaligned_be32(v));
            } else {
                td->vacancy_down = v[0];
                td->vacancy_up = v[1];
                td->current_vacancy = v[2];
            }
        }
    }
    buffer_pull(b, len);
    return 0;
}

void
ofp_table_desc_format(struct ds *s, const struct ofp_table_desc *td)
{
    ds_put_format(s, "\n  table %u:\n   eviction=%s eviction_flags=",
                  td->table_id, setting_to_string(td->eviction));
    format_eviction_flags(s, td->eviction_flags);
    ds_put_format(s, "\n   vacancy=%s", setting_to_string(td->vacancy));
    if (td->vacancy == OFP_TABLE_SETTING_ON) {
        ds_put_format(s, " vacancy_down=%u%% vacancy_up=%u%% vacancy=%u%%",
                      td->vacancy_down, td->vacancy_up,
                      td->current_vacancy);
    }
    ds_put_char(s, '\n');
}

enum ofperr
ofp_table_desc_reply_format(struct ds *s, struct buffer *b)
{
    struct ds body = DS_EMPTY_INITIALIZER;

    for (;;) {
        struct ofp_table_desc td;
        int error = ofp_table_desc_pull(b, &td);
        if (error == EOF) {
            break;
        } else if (error) {
            ds_destroy(&body);
            return error;
        }
        ofp_table_desc_format(&body, &td);
    }
    ds_put_buffer(s, body.string ? body.string : "", body.length);
    ds_destroy(&body);
    return 0;
}

void
ofp_table_status_encode(enum ofp_table_status_reason reason,
                        const struct ofp_table_desc *td, struct buffer *b)
{
    uint8_t *p = buffer_put_zeros(b, 8);
    p[0] = reason;
    ofp_table_desc_encode(td, b);
}

enum ofperr
ofp_table_status_decode(struct buffer *b,
                        enum ofp_table_status_reason *reason,
                        struct ofp_table_desc *td)
{
    const uint8_t *p = buffer_try_pull(b, 8);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (p[0] != OFP_TSR_VACANCY_DOWN && p[0] != OFP_TSR_VACANCY_UP) {
        return OFPERR_OFPBPC_BAD_VALUE;
    }
    *reason = p[0];

    int error = ofp_table_desc_pull(b, td);
    if (error == EOF || (!error && b->size)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return error;
}

void
ofp_table_status_format(struct ds *s, enum ofp_table_status_reason reason,
                        const struct ofp_table_desc *td)
{
    ds_put_format(s, " reason=%s\ntable_desc:-",
                  reason == OFP_TSR_VACANCY_DOWN ? "VACANCY_DOWN"
                  : "VACANCY_UP");
    ofp_table_desc_format(s, td);
}

/* Table statistics. */

bool
ofp_table_stats_version_ok(enum ofp_version version)
{
    return version == OFP10_VERSION || version >= OFP13_VERSION;
}

void
ofp_table_stats_encode(const struct ofp_table_stats *stats,
                       const struct ofp_table_info *info,
                       enum ofp_version version, struct buffer *b)
{
    sluice_assert(ofp_table_stats_version_ok(version));
    if (version == OFP10_VERSION) {
        struct table_stats10_wire *w = buffer_put_zeros(b, sizeof *w);
        w->table_id = stats->table_id;
        name_to_wire(w->name, info->name);
        w->wildcards = htonl(info->wildcards);
        w->max_entries = htonl(info->max_entries);
        w->active_count = htonl(stats->active_count);
        w->lookup_count = htonll(stats->lookup_count);
        w->matched_count = htonll(stats->matched_count);
    } else {
        struct table_stats13_wire *w = buffer_put_zeros(b, sizeof *w);
        w->table_id = stats->table_id;
        w->active_count = htonl(stats->active_count);
        w->lookup_count = htonll(stats->lookup_count);
        w->matched_count = htonll(stats->matched_count);
    }
}

int
ofp_table_stats_pull(struct buffer *b, enum ofp_version version,
                     struct ofp_table_stats *stats,
                     struct ofp_table_info *info)
{
    memset(info, 0, sizeof *info);
    if (!ofp_table_stats_version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (!b->size) {
        return EOF;
    }
    if (version == OFP10_VERSION) {
        const struct table_stats10_wire *w = buffer_try_pull(b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        stats->table_id = w->table_id;
        name_from_wire(info->name, w->name);
        info->wildcards = ntohl(w->wildcards) & OFP_TW10_ALL;
        info->max_entries = ntohl(w->max_entries);
        stats->active_count = ntohl(w->active_count);
        stats->lookup_count = ntohll(w->lookup_count);
        stats->matched_count = ntohll(w->matched_count);
    } else {
        const struct table_stats13_wire *w = buffer_try_pull(b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        stats->table_id = w->table_id;
        stats->active_count = ntohl(w->active_count);
        stats->lookup_count = ntohll(w->lookup_count);
        stats->matched_count = ntohll(w->matched_count);
    }
    return 0;
}

/* OpenFlow 1.1 and 1.2 table stats. */

/* OpenFlow 1.1's match field bits (OFPFMF11_*) and the headers that stand
 * for them in a struct ofp_table_features: in_port as NXM_OF_IN_PORT and
 * nw_tos as NXM_OF_IP_TOS, which ovs-ofctl names as it names 1.1's fields
 * ("in_port", "nw_tos"); bit 10, the match type, names no field. */
static const struct {
    int bit;
    uint32_t header;
} fields11[] = {
    { 15, 0x80000408 },         /* metadata */
    { 0, 0x00000002 },          /* in_port */
    { 11, 0x80000806 },         /* eth_src */
    { 12, 0x80000606 },         /* eth_dst */
    { 3, 0x80000a02 },          /* eth_type */
    { 1, 0x80000c02 },          /* vlan_vid */
    { 2, 0x80000e01 },          /* vlan_pcp */
    { 8, 0x80004404 },          /* mpls_label */
    { 9, 0x80004601 },          /* mpls_tc */
    { 13, 0x80001604 },         /* ip_src */
    { 14, 0x80001804 },         /* ip_dst */
    { 5, 0x80001401 },          /* nw_proto */
    { 4, 0x00000a01 },          /* nw_tos */
    { 6, 0x80001a02 },          /* tcp_src */
    { 7, 0x80001c02 },          /* tcp_dst */
};

/* Returns the OpenFlow 1.1 match bits of the N fields at OXMS. */
static uint32_t
oxms_to_fields11(const uint64_t *oxms, size_t n)
{
    uint32_t bits = 0;
    for (size_t i = 0; i < n; i++) {
        const struct mf_field *field = (oxms[i] <= UINT32_MAX
                                        ? mf_from_nxm_header(oxms[i])
                                        : NULL);
        for (size_t j = 0; field && j < ARRAY_SIZE(fields11); j++) {
            if (mf_from_nxm_header(fields11[j].header) == field) {
                bits |= UINT32_C(1) << fields11[j].bit;
            }
        }
    }
    return bits;
}

static void
fields11_to_oxms(uint32_t bits, uint64_t **oxmsp, size_t *np)
{
    *oxmsp = xmalloc(ARRAY_SIZE(fields11) * sizeof **oxmsp);
    *np = 0;
    for (size_t j = 0; j < ARRAY_SIZE(fields11); j++) {
        if (bits & (UINT32_C(1) << fields11[j].bit)) {
            (*oxmsp)[(*np)++] = fields11[j].header;
        }
    }
}

/* Returns the OpenFlow 1.2 bitmap (1 << OXM basic field number) of the N
 * fields at OXMS. */
static uint64_t
oxms_to_fields12(const uint64_t *oxms, size_t n)
{
    uint64_t bits = 0;
    for (size_t i = 0; i < n; i++) {
        if (oxms[i] >> 16 == 0x8000) {
            bits |= UINT64_C(1) << ((oxms[i] >> 9) & 0x3f);
        }
    }
    return bits;
}

static void
fields12_to_oxms(uint64_t bits, uint64_t **oxmsp, size_t *np)
{
    *oxmsp = xmalloc(64 * sizeof **oxmsp);
    *np = 0;
    for (; bits; bits = zero_rightmost_1bit(bits)) {
        uint32_t header = 0x80000000u | (rightmost_1bit_idx(bits) << 9);
        const struct mf_field *field = mf_from_nxm_header(header);
        uint32_t full = field ? mf_oxm_header(field->id, OFP12_VERSION) : 0;
        (*oxmsp)[(*np)++] = full && full >> 9 == header >> 9 ? full : header;
    }
}

static uint32_t
miss_to_config11(enum ofp_table_miss miss)
{
    return (miss == OFP_TABLE_MISS_CONTINUE ? TC11_MISS_CONTINUE
            : miss == OFP_TABLE_MISS_DROP ? TC11_MISS_DROP
            : TC11_MISS_CONTROLLER);
}

static enum ofp_table_miss
config11_to_miss(uint32_t config)
{
    /* Like ovs-ofctl, takes the undefined value 3 as "controller". */
    switch (config & TC11_MISS_MASK) {
    case TC11_MISS_CONTINUE:
        return OFP_TABLE_MISS_CONTINUE;
    case TC11_MISS_DROP:
        return OFP_TABLE_MISS_DROP;
    default:
        return OFP_TABLE_MISS_CONTROLLER;
    }
}

void
ofp_table_stats_encode_11(const struct ofp_table_stats *stats,
                          const struct ofp_table_features *tf,
                          enum ofp_table_miss miss,
                          enum ofp_version version, struct buffer *b)
{
    const struct ofp_table_feature_set *set = &tf->nonmiss;
    /* The instructions (goto_table to clear_actions) and actions (output
     * to dec_nw_ttl, and set_field in 1.2) that these versions have. */
    uint32_t instructions = set->instructions & 0x3e;
    uint32_t actions_mask = (version == OFP11_VERSION ? (1u << 25) - 1
                             : (1u << 26) - 1);
    uint32_t write_actions = set->write_actions & actions_mask;
    uint32_t apply_actions = set->apply_actions & actions_mask;

    sluice_assert(version == OFP11_VERSION || version == OFP12_VERSION);
    if (version == OFP11_VERSION) {
        struct table_stats11_wire *w = buffer_put_zeros(b, sizeof *w);
        w->table_id = stats->table_id;
        name_to_wire(w->name, tf->name);
        w->wildcards = htonl(oxms_to_fields11(tf->wildcards,
                                              tf->n_wildcards));
        w->match = htonl(oxms_to_fields11(tf->match, tf->n_match));
        w->instructions = htonl(instructions);
        w->write_actions = htonl(write_actions);
        w->apply_actions = htonl(apply_actions);
        w->config = htonl(miss_to_config11(miss));
        w->max_entries = htonl(tf->max_entries);
        w->active_count = htonl(stats->active_count);
        w->lookup_count = htonll(stats->lookup_count);
        w->matched_count = htonll(stats->matched_count);
    } else {
        struct table_stats12_wire *w = buffer_put_zeros(b, sizeof *w);
        w->table_id = stats->table_id;
        name_to_wire(w->name, tf->name);
        w->match = htonll(oxms_to_fields12(tf->match, tf->n_match));
        w->wildcards = htonll(oxms_to_fields12(tf->wildcards,
                                               tf->n_wildcards));
        w->write_actions = htonl(write_actions);
        w->apply_actions = htonl(apply_actions);
        w->write_setfields = htonll(oxms_to_fields12(
                                        set->write_setfield,
                                        set->n_write_setfield));
        w->apply_setfields = htonll(oxms_to_fields12(
                                        set->apply_setfield,
                                        set->n_apply_setfield));
        w->metadata_match = htonll(tf->metadata_match);
        w->metadata_write = htonll(tf->metadata_write);
        w->instructions = htonl(instructions);
        w->config = htonl(miss_to_config11(miss));
        w->max_entries = htonl(tf->max_entries);
        w->active_count = htonl(stats->active_count);
        w->lookup_count = htonll(stats->lookup_count);
        w->matched_count = htonll(stats->matched_count);
    }
}

/* Makes DST a deep copy of SRC. */
static void
feature_set_clone(struct ofp_table_feature_set *dst,
                  const struct ofp_table_feature_set *src)
{
    *dst = *src;
    dst->write_setfield = (src->n_write_setfield
                           ? xmemdup(src->write_setfield,
                                     src->n_write_setfield
                                     * sizeof *src->write_setfield)
                           : NULL);
    dst->apply_setfield = (src->n_apply_setfield
                           ? xmemdup(src->apply_setfield,
                                     src->n_apply_setfield
                                     * sizeof *src->apply_setfield)
                           : NULL);
}

int
ofp_table_stats_pull_11(struct buffer *b, enum ofp_version version,
                        struct ofp_table_stats *stats,
                        struct ofp_table_features *tf,
                        enum ofp_table_miss *miss)
{
    memset(tf, 0, sizeof *tf);
    if (version != OFP11_VERSION && version != OFP12_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (!b->size) {
        return EOF;
    }

    struct ofp_table_feature_set *set = &tf->nonmiss;
    if (version == OFP11_VERSION) {
        const struct table_stats11_wire *w = buffer_try_pull(b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        stats->table_id = w->table_id;
        name_from_wire(tf->name, w->name);
        fields11_to_oxms(ntohl(w->wildcards), &tf->wildcards,
                         &tf->n_wildcards);
        fields11_to_oxms(ntohl(w->match), &tf->match, &tf->n_match);
        set->instructions = ntohl(w->instructions);
        set->write_actions = ntohl(w->write_actions);
        set->apply_actions = ntohl(w->apply_actions);
        *miss = config11_to_miss(ntohl(w->config));
        tf->max_entries = ntohl(w->max_entries);
        stats->active_count = ntohl(w->active_count);
        stats->lookup_count = ntohll(w->lookup_count);
        stats->matched_count = ntohll(w->matched_count);
    } else {
        const struct table_stats12_wire *w = buffer_try_pull(b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        stats->table_id = w->table_id;
        name_from_wire(tf->name, w->name);
        fields12_to_oxms(ntohll(w->match), &tf->match, &tf->n_match);
        fields12_to_oxms(ntohll(w->wildcards), &tf->wildcards,
                         &tf->n_wildcards);
        set->write_actions = ntohl(w->write_actions);
        set->apply_actions = ntohl(w->apply_actions);
        fields12_to_oxms(ntohll(w->write_setfields), &set->write_setfield,
                         &set->n_write_setfield);
        fields12_to_oxms(ntohll(w->apply_setfields), &set->apply_setfield,
                         &set->n_apply_setfield);
        tf->metadata_match = ntohll(w->metadata_match);
        tf->metadata_write = ntohll(w->metadata_write);
        set->instructions = ntohl(w->instructions);
        *miss = config11_to_miss(ntohl(w->config));
        tf->max_entries = ntohl(w->max_entries);
        stats->active_count = ntohl(w->active_count);
        stats->lookup_count = ntohll(w->lookup_count);
        stats->matched_count = ntohll(w->matched_count);
    }
    tf->table_id = stats->table_id;
    feature_set_clone(&tf->miss, &tf->nonmiss);
    return 0;
}

/* Appends the N field names at NAMES to S, separated by spaces, as
 * ovs-ofctl prints a set of fields: a run of names with the same prefix up
 * to their first '_' as "prefix_{a,b,c}" ("in_{port,port_oxm}"). */
static void
format_field_names(struct ds *s, const char *const names[], size_t n)
{
    for (size_t i = 0; i < n; ) {
        const char *us = strchr(names[i], '_');
        size_t prefix_len = us ? us - names[i] + 1 : 0;
        size_t j = i + 1;
        while (prefix_len && j < n
               && !strncmp(names[j], names[i], prefix_len)) {
            j++;
        }
        if (i) {
            ds_put_char(s, ' ');
        }
        if (j - i == 1) {
            ds_put_cstr(s, names[i]);
        } else {
            ds_put_buffer(s, names[i], prefix_len);
            ds_put_char(s, '{');
            for (size_t k = i; k < j; k++) {
                ds_put_format(s, "%s%s", k > i ? "," : "",
                              names[k] + prefix_len);
            }
            ds_put_char(s, '}');
        }
        i = j;
    }
}

/* Table features. */

static void
feature_set_uninit(struct ofp_table_feature_set *set)
{
    free(set->write_setfield);
    free(set->apply_setfield);
    set->write_setfield = set->apply_setfield = NULL;
    set->n_write_setfield = set->n_apply_setfield = 0;
}

void
ofp_table_features_uninit(struct ofp_table_features *tf)
{
    if (tf) {
        feature_set_uninit(&tf->nonmiss);
        feature_set_uninit(&tf->miss);
        free(tf->match);
        free(tf->wildcards);
        tf->match = tf->wildcards = NULL;
        tf->n_match = tf->n_wildcards = 0;
    }
}

void
ofp_table_features_add_next_table(uint64_t next_tables[4], uint8_t table_id)
{
    next_tables[table_id / 64] |= UINT64_C(1) << (table_id % 64);
}

/* Appends a property of type TYPE listing the instructions or actions in
 * BITMAP, each as a 4-byte type and length. */
static void
put_id_list(struct buffer *b, uint16_t type, uint64_t bitmap)
{
    size_t prop = ofp_prop_start(b, type);
    for (; bitmap; bitmap = zero_rightmost_1bit(bitmap)) {
        uint8_t *p = buffer_put_uninit(b, 4);
        put_unaligned_be16(p, htons(rightmost_1bit_idx(bitmap)));
        put_unaligned_be16(p + 2, htons(4));
    }
    ofp_prop_end(b, prop);
}

static void
put_next_tables(struct buffer *b, uint16_t type, const uint64_t next[4])
{
    size_t prop = ofp_prop_start(b, type);
    for (int i = 0; i < 256; i++) {
        if (next[i / 64] & (UINT64_C(1) << (i % 64))) {
            *(uint8_t *) buffer_put_uninit(b, 1) = i;
        }
    }
    ofp_prop_end(b, prop);
}

static void
put_oxm_list(struct buffer *b, uint16_t type, const uint64_t *oxms,
             size_t n)
{
    size_t prop = ofp_prop_start(b, type);
    for (size_t i = 0; i < n; i++) {
        if (oxms[i] > UINT32_MAX) {
            put_unaligned_be64(buffer_put_uninit(b, 8), htonll(oxms[i]));
        } else {
            put_unaligned_be32(buffer_put_uninit(b, 4), htonl(oxms[i]));
        }
    }
    ofp_prop_end(b, prop);
}

void
ofp_table_features_encode(const struct ofp_table_features *tf,
                          struct buffer *b)
{
    size_t start = b->size;
    struct table_features_wire *w = buffer_put_zeros(b, sizeof *w);
    w->table_id = tf->table_id;
    name_to_wire(w->name, tf->name);
    w->metadata_match = htonll(tf->metadata_match);
    w->metadata_write = htonll(tf->metadata_write);
    w->capabilities = htonl(tf->capabilities);
    w->max_entries = htonl(tf->max_entries);

    put_id_list(b, TFPT_INSTRUCTIONS, tf->nonmiss.instructions);
    put_id_list(b, TFPT_INSTRUCTIONS_MISS, tf->miss.instructions);
    put_next_tables(b, TFPT_NEXT_TABLES, tf->nonmiss.next_tables);
    put_next_tables(b, TFPT_NEXT_TABLES_MISS, tf->miss.next_tables);
    put_id_list(b, TFPT_WRITE_ACTIONS, tf->nonmiss.write_actions);
    put_id_list(b, TFPT_WRITE_ACTIONS_MISS, tf->miss.write_actions);
    put_id_list(b, TFPT_APPLY_ACTIONS, tf->nonmiss.apply_actions);
    put_id_list(b, TFPT_APPLY_ACTIONS_MISS, tf->miss.apply_actions);
    put_oxm_list(b, TFPT_MATCH, tf->match, tf->n_match);
    put_oxm_list(b, TFPT_WILDCARDS, tf->wildcards, tf->n_wildcards);
    put_oxm_list(b, TFPT_WRITE_SETFIELD, tf->nonmiss.write_setfield,
                 tf->nonmiss.n_write_setfield);
    put_oxm_list(b, TFPT_WRITE_SETFIELD_MISS, tf->miss.write_setfield,
                 tf->miss.n_write_setfield);
    put_oxm_list(b, TFPT_APPLY_SETFIELD, tf->nonmiss.apply_setfield,
                 tf->nonmiss.n_apply_setfield);
    put_oxm_list(b, TFPT_APPLY_SETFIELD_MISS, tf->miss.apply_setfield,
                 tf->miss.n_apply_setfield);

    w = buffer_at_assert(b, start, sizeof *w);
    w->length = htons(b->size - start);
}

/* Decodes PROP, a list of instruction or action ids, into *BITMAP.  An id
 * is a 4-byte type and length, or longer for an experimenter's (type
 * 0xffff), which is skipped. */
static enum ofperr
pull_id_list(struct buffer *prop, uint64_t *bitmap, unsigned int max_id)
{
    *bitmap = 0;
    while (prop->size) {
        const uint8_t *p = buffer_at(prop, 0, 4);
        if (!p) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        uint16_t type = ntohs(get_unaligned_be16(p));
        uint16_t len = ntohs(get_unaligned_be16(p + 2));
        if (len < 4 || len > prop->size) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        if (type != 0xffff) {
            if (len != 4) {
                return OFPERR_OFPTFFC_BAD_LEN;
            }
            if (type > max_id) {
                return OFPERR_OFPTFFC_BAD_ARGUMENT;
            }
            *bitmap |= UINT64_C(1) << type;
        }
        buffer_pull(prop, len);
    }
    return 0;
}

static enum ofperr
pull_oxm_list(struct buffer *prop, uint64_t **oxmsp, size_t *np)
{
    uint64_t *oxms = xmalloc(prop->size / 4 * sizeof *oxms + 1);
    size_t n = 0;

    while (prop->size) {
        const uint8_t *p = buffer_at(prop, 0, 4);
        if (!p) {
            free(oxms);
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        uint32_t header = ntohl(get_unaligned_be32(p));
        if (header >> 16 == 0xffff) {
            p = buffer_try_pull(prop, 8);
            if (!p) {
                free(oxms);
                return OFPERR_OFPTFFC_BAD_LEN;
            }
            oxms[n++] = ntohll(get_unaligned_be64(p));
        } else {
            buffer_pull(prop, 4);
            oxms[n++] = header;
        }
    }
    free(*oxmsp);
    *oxmsp = oxms;
    *np = n;
    return 0;
}

static enum ofperr
pull_feature_property(struct ofp_table_features *tf, uint16_t type,
                      struct buffer *prop)
{
    struct ofp_table_feature_set *set = type & 1 ? &tf->miss : &tf->nonmiss;
    uint64_t bitmap;
    enum ofperr error;

    switch (type) {
    case TFPT_INSTRUCTIONS:
    case TFPT_INSTRUCTIONS_MISS:
        error = pull_id_list(prop, &bitmap, 31);
        set->instructions = bitmap;
        return error;

    case TFPT_NEXT_TABLES:
    case TFPT_NEXT_TABLES_MISS:
        memset(set->next_tables, 0, sizeof set->next_tables);
        for (size_t i = 0; i < prop->size; i++) {
            ofp_table_features_add_next_table(
                set->next_tables, ((const uint8_t *) prop->data)[i]);
        }
        return 0;

    case TFPT_WRITE_ACTIONS:
    case TFPT_WRITE_ACTIONS_MISS:
        return pull_id_list(prop, &set->write_actions, 63);

    case TFPT_APPLY_ACTIONS:
    case TFPT_APPLY_ACTIONS_MISS:
        return pull_id_list(prop, &set->apply_actions, 63);

    case TFPT_MATCH:
        return pull_oxm_list(prop, &tf->match, &tf->n_match);

    case TFPT_WILDCARDS:
        return pull_oxm_list(prop, &tf->wildcards, &tf->n_wildcards);

    case TFPT_WRITE_SETFIELD:
    case TFPT_WRITE_SETFIELD_MISS:
        return pull_oxm_list(prop, &set->write_setfield,
                             &set->n_write_setfield);

    case TFPT_APPLY_SETFIELD:
    case TFPT_APPLY_SETFIELD_MISS:
        return pull_oxm_list(prop, &set->apply_setfield,
                             &set->n_apply_setfield);

    case TFPT_EXPERIMENTER:
    case TFPT_EXPERIMENTER_MISS:
        return 0;

    default:
        return OFPERR_OFPTFFC_BAD_TYPE;
    }
}

int
ofp_table_features_pull(struct buffer *b, struct ofp_table_features *tf)
{
    memset(tf, 0, sizeof *tf);
    if (!b->size) {
        return EOF;
    }

    const struct table_features_wire *w = buffer_at(b, 0, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(w->length);
    if (len < sizeof *w || len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    tf->table_id = w->table_id;
    name_from_wire(tf->name, w->name);
    tf->metadata_match = ntohll(w->metadata_match);
    tf->metadata_write = ntohll(w->metadata_write);
    tf->capabilities = ntohl(w->capabilities);
    tf->max_entries = ntohl(w->max_entries);

    struct buffer props;
    buffer_use_const(&props, w + 1, len - sizeof *w);
    while (props.size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(&props, &prop, &type);
        if (!error) {
            error = pull_feature_property(tf, type, &prop);
        }
        if (error) {
            ofp_table_features_uninit(tf);
            return error;
        }
    }
    buffer_pull(b, len);
    return 0;
}

/* Table features as text.
 *
 * ovs-ofctl prints a set of fields in the order of its own field registry,
 * which this list gives in terms of Sluice's; FIELD_IN_PORT_OXM stands for
 * in_port named by its OXM header, which ovs-ofctl calls "in_port_oxm". */
#define FIELD_IN_PORT_OXM MFF_N_IDS
#define N_FIELDS (MFF_N_IDS + 1)

struct field_set {
    uint64_t bits[DIV_ROUND_UP(N_FIELDS, 64)];
};

static const int field_order[] = {
    MFF_METADATA, MFF_IN_PORT, FIELD_IN_PORT_OXM, MFF_ACTSET_OUTPUT,
    MFF_PKT_MARK,
    MFF_REG0, MFF_REG1, MFF_REG2, MFF_REG3, MFF_REG4, MFF_REG5, MFF_REG6,
    MFF_REG7, MFF_REG8, MFF_REG9, MFF_REG10, MFF_REG11, MFF_REG12,
    MFF_REG13, MFF_REG14, MFF_REG15,
    MFF_XREG0, MFF_XREG1, MFF_XREG2, MFF_XREG3, MFF_XREG4, MFF_XREG5,
    MFF_XREG6, MFF_XREG7,
    MFF_XXREG0, MFF_XXREG1, MFF_XXREG2, MFF_XXREG3,
    MFF_ETH_SRC, MFF_ETH_DST, MFF_ETH_TYPE, MFF_VLAN_TCI, MFF_DL_VLAN,
    MFF_VLAN_VID, MFF_DL_VLAN_PCP, MFF_VLAN_PCP,
    MFF_MPLS_LABEL, MFF_MPLS_TC, MFF_MPLS_BOS, MFF_MPLS_TTL,
    MFF_IPV4_SRC, MFF_IPV4_DST, MFF_IPV6_SRC, MFF_IPV6_DST, MFF_IPV6_LABEL,
    MFF_IP_PROTO, MFF_IP_DSCP, MFF_IP_DSCP_SHIFTED, MFF_IP_ECN, MFF_IP_TTL,
    MFF_IP_FRAG,
    MFF_ARP_OP, MFF_ARP_SPA, MFF_ARP_TPA, MFF_ARP_SHA, MFF_ARP_THA,
    MFF_TCP_SRC, MFF_TCP_DST, MFF_TCP_FLAGS, MFF_UDP_SRC, MFF_UDP_DST,
    MFF_SCTP_SRC, MFF_SCTP_DST,
    MFF_ICMPV4_TYPE, MFF_ICMPV4_CODE, MFF_ICMPV6_TYPE, MFF_ICMPV6_CODE,
    MFF_ND_TARGET, MFF_ND_SLL, MFF_ND_TLL,
};
BUILD_ASSERT_DECL(ARRAY_SIZE(field_order) == N_FIELDS);

static void
field_set_add(struct field_set *set, int id)
{
    set->bits[id / 64] |= UINT64_C(1) << (id % 64);
}

static bool
field_set_contains(const struct field_set *set, int id)
{
    return (set->bits[id / 64] >> (id % 64)) & 1;
}

static bool
field_set_is_empty(const struct field_set *set)
{
    return is_all_zeros(set, sizeof *set);
}

static bool
field_set_equals(const struct field_set *a, const struct field_set *b)
{
    return !memcmp(a, b, sizeof *a);
}

/* Builds the set of the fields that the N OXM headers at OXMS name (and,
 * if MASKABLE is nonnull, the set of those with the "has mask" bit), as
 * ovs-ofctl does for VERSION: headers of fields it does not know, OXM
 * headers that VERSION does not have (from 1.2 on; before, the headers
 * only stand for the version's own fields), and experimenter headers, are
 * left out. */
static void
field_set_from_oxms(const uint64_t *oxms, size_t n, enum ofp_version version,
                    struct field_set *set, struct field_set *maskable)
{
    memset(set, 0, sizeof *set);
    if (maskable) {
        memset(maskable, 0, sizeof *maskable);
    }
    for (size_t i = 0; i < n; i++) {
        if (oxms[i] > UINT32_MAX) {
            continue;
        }
        uint32_t header = oxms[i];
        const struct mf_field *field = mf_from_nxm_header(header);
        if (!field
            || (header >> 16 == 0x8000 && version >= OFP12_VERSION
                && field->oxm_version > version)) {
            continue;
        }
        int id = field->id;
        if (id == MFF_IN_PORT && header >> 16 == 0x8000) {
            id = FIELD_IN_PORT_OXM;
        }
        field_set_add(set, id);
        if (maskable && header & 0x100) {
            field_set_add(maskable, id);
        }
    }
}

static const char *
field_set_name(int id)
{
    return id == FIELD_IN_PORT_OXM ? "in_port_oxm" : mf_from_id(id)->name;
}

/* Appends LABEL and the fields in SET to S as one line, unless SET is
 * empty. */
static void
format_field_set(struct ds *s, const char *label, const struct field_set *set)
{
    const char *names[N_FIELDS];
    size_t n = 0;

    for (size_t i = 0; i < ARRAY_SIZE(field_order); i++) {
        if (field_set_contains(set, field_order[i])) {
            names[n++] = field_set_name(field_order[i]);
        }
    }
    if (n) {
        ds_put_cstr(s, label);
        format_field_names(s, names, n);
        ds_put_char(s, '\n');
    }
}

/* One instruction or action feature set, as ovs-ofctl compares them. */
struct feature_summary {
    uint64_t next_tables[4];
    uint32_t instructions;
    uint64_t write_actions, apply_actions;
    struct field_set write_setfield, apply_setfield;
};

/* The instructions (bit numbers of OpenFlow's OFPIT_*) that ovs-ofctl
 * names, in its order. */
static const struct {
    int bit;
    const char *name;
} instruction_names[] = {
    { 6, "meter" }, { 4, "apply_actions" }, { 5, "clear_actions" },
    { 3, "write_actions" }, { 2, "write_metadata" }, { 1, "goto_table" },
};

/* The actions (bit numbers of OpenFlow's OFPAT_*) that ovs-ofctl names, in
 * its order, with the versions whose action of that number it is: bits 1
 * to 10 are OpenFlow 1.1's set_* actions, which 1.2 replaced by
 * set_field.  ovs-ofctl leaves out the others (copy_ttl_out, push_pbb,
 * ...). */
static const struct {
    int bit;
    const char *name;
    enum ofp_version min_version, max_version;
} action_names[] = {
    { 0, "output", OFP11_VERSION, OFP15_VERSION },
    { 22, "group", OFP11_VERSION, OFP15_VERSION },
    { 25, "set_field", OFP12_VERSION, OFP15_VERSION },
    { 1, "set_vlan_vid", OFP11_VERSION, OFP11_VERSION },
    { 2, "set_vlan_pcp", OFP11_VERSION, OFP11_VERSION },
    { 18, "strip_vlan", OFP11_VERSION, OFP15_VERSION },
    { 17, "push_vlan", OFP11_VERSION, OFP15_VERSION },
    { 3, "mod_dl_src", OFP11_VERSION, OFP11_VERSION },
    { 4, "mod_dl_dst", OFP11_VERSION, OFP11_VERSION },
    { 5, "mod_nw_src", OFP11_VERSION, OFP11_VERSION },
    { 6, "mod_nw_dst", OFP11_VERSION, OFP11_VERSION },
    { 7, "mod_nw_tos", OFP11_VERSION, OFP11_VERSION },
    { 8, "mod_nw_ecn", OFP11_VERSION, OFP11_VERSION },
    { 23, "mod_nw_ttl", OFP11_VERSION, OFP15_VERSION },
    { 9, "mod_tp_src", OFP11_VERSION, OFP11_VERSION },
    { 10, "mod_tp_dst", OFP11_VERSION, OFP11_VERSION },
    { 24, "dec_ttl", OFP11_VERSION, OFP15_VERSION },
    { 13, "set_mpls_label", OFP11_VERSION, OFP11_VERSION },
    { 14, "set_mpls_tc", OFP11_VERSION, OFP11_VERSION },
    { 15, "set_mpls_ttl", OFP11_VERSION, OFP15_VERSION },
    { 16, "dec_mpls_ttl", OFP11_VERSION, OFP15_VERSION },
    { 19, "push_mpls", OFP11_VERSION, OFP15_VERSION },
    { 20, "pop_mpls", OFP11_VERSION, OFP15_VERSION },
    { 21, "set_queue", OFP11_VERSION, OFP15_VERSION },
};

static bool
action_in_version(size_t i, enum ofp_version version)
{
    return (version >= action_names[i].min_version
            && version <= action_names[i].max_version);
}

/* Returns the instructions in BITS that ovs-ofctl names in VERSION (the
 * meter instruction exists from OpenFlow 1.3 on). */
static uint32_t
known_instructions(uint32_t bits, enum ofp_version version)
{
    uint32_t known = 0;
    for (size_t i = 0; i < ARRAY_SIZE(instruction_names); i++) {
        known |= UINT32_C(1) << instruction_names[i].bit;
    }
    if (version < OFP13_VERSION) {
        known &= ~(UINT32_C(1) << 6);
    }
    return bits & known;
}

static uint64_t
known_actions(uint64_t bits, enum ofp_version version)
{
    uint64_t known = 0;
    for (size_t i = 0; i < ARRAY_SIZE(action_names); i++) {
        if (action_in_version(i, version)) {
            known |= UINT64_C(1) << action_names[i].bit;
        }
    }
    return bits & known;
}

static void
summarize(const struct ofp_table_feature_set *set, enum ofp_version version,
          struct feature_summary *sum)
{
    memset(sum, 0, sizeof *sum);
    memcpy(sum->next_tables, set->next_tables, sizeof sum->next_tables);
    /* Table 255 cannot be a next table. */
    sum->next_tables[3] &= ~(UINT64_C(1) << 63);
    sum->instructions = known_instructions(set->instructions, version);
    sum->write_actions = known_actions(set->write_actions, version);
    sum->apply_actions = known_actions(set->apply_actions, version);
    field_set_from_oxms(set->write_setfield, set->n_write_setfield,
                        version, &sum->write_setfield, NULL);
    field_set_from_oxms(set->apply_setfield, set->n_apply_setfield,
                        version, &sum->apply_setfield, NULL);
}

static bool
summary_equals(const struct feature_summary *a,
               const struct feature_summary *b)
{
    return !memcmp(a, b, sizeof *a);
}

static bool
summary_is_empty(const struct feature_summary *sum)
{
    return is_all_zeros(sum, sizeof *sum);
}

static bool
write_equals_apply(const struct feature_summary *sum)
{
    return (sum->write_actions == sum->apply_actions
            && field_set_equals(&sum->write_setfield, &sum->apply_setfield));
}

static void
format_action_features(struct ds *s, uint64_t actions,
                       const struct field_set *setfield)
{
    if (actions) {
        ds_put_cstr(s, "        actions:");
        for (size_t i = 0; i < ARRAY_SIZE(action_names); i++) {
            if (actions & (UINT64_C(1) << action_names[i].bit)) {
                ds_put_format(s, " %s", action_names[i].name);
            }
        }
        ds_put_char(s, '\n');
    }
    format_field_set(s, "        supported on Set-Field: ", setfield);
}

static void
format_instruction_features(struct ds *s, const struct feature_summary *sum,
                            const struct feature_summary *prev)
{
    if (!is_all_zeros(sum->next_tables, sizeof sum->next_tables)) {
        const char *sep = "";
        ds_put_cstr(s, "      next tables: ");
        for (int start = 0; start < 255; start++) {
            if (!((sum->next_tables[start / 64] >> (start % 64)) & 1)) {
                continue;
            }
            int end = start + 1;
            while (end < 255 && (sum->next_tables[end / 64] >> (end % 64))
                                & 1) {
                end++;
            }
            if (end == start + 1) {
                ds_put_format(s, "%s%d", sep, start);
            } else {
                ds_put_format(s, "%s%d-%d", sep, start, end - 1);
            }
            sep = ",";
            start = end;
        }
        ds_put_char(s, '\n');
    }

    if (sum->instructions) {
        if (prev && sum->instructions == prev->instructions) {
            ds_put_cstr(s, "      (same instructions)\n");
        } else {
            ds_put_cstr(s, "      instructions:");
            for (size_t i = 0; i < ARRAY_SIZE(instruction_names); i++) {
                if (sum->instructions
                    & (UINT32_C(1) << instruction_names[i].bit)) {
                    ds_put_format(s, " %s", instruction_names[i].name);
                }
            }
            ds_put_char(s, '\n');
        }
    }

    if (prev && sum->write_actions == prev->write_actions
        && sum->apply_actions == prev->apply_actions
        && field_set_equals(&sum->write_setfield, &prev->write_setfield)
        && field_set_equals(&sum->apply_setfield, &prev->apply_setfield)
        && !field_set_is_empty(&sum->write_setfield)) {
        ds_put_cstr(s, "      (same actions)\n");
    } else if (!write_equals_apply(sum)) {
        ds_put_cstr(s, "      Write-Actions features:\n");
        format_action_features(s, sum->write_actions, &sum->write_setfield);
        ds_put_cstr(s, "      Apply-Actions features:\n");
        format_action_features(s, sum->apply_actions, &sum->apply_setfield);
    } else if (sum->write_actions
               || !field_set_is_empty(&sum->write_setfield)) {
        ds_put_cstr(s, "      Write-Actions and Apply-Actions features:\n");
        format_action_features(s, sum->write_actions, &sum->write_setfield);
    }
}

/* Everything of one table's features that ovs-ofctl compares with the
 * previous table's. */
struct table_summary {
    uint64_t metadata_match, metadata_write;
    enum ofp_table_miss miss;
    uint32_t capabilities;
    uint32_t max_entries;
    struct feature_summary nonmiss, miss_features;
    struct field_set match;
};

/* The state of printing a list of tables (their statistics, features, or
 * both) as ovs-ofctl does: each table is compared with the one before. */
struct table_printer {
    struct ds *s;
    enum ofp_version version;
    bool have_prev;
    struct table_summary prev;
    struct ofp_table_stats prev_stats;
    int first_ditto, last_ditto;
};

static void
table_printer_init(struct table_printer *p, struct ds *s,
                   enum ofp_version version)
{
    memset(p, 0, sizeof *p);
    p->s = s;
    p->version = version;
    p->first_ditto = p->last_ditto = -1;
}

/* Prints the run of tables that were "ditto", if any. */
static void
table_printer_flush(struct table_printer *p)
{
    if (p->first_ditto < 0) {
        return;
    } else if (p->first_ditto == p->last_ditto) {
        ds_put_format(p->s, "\n  table %d: ditto\n", p->first_ditto);
    } else {
        ds_put_format(p->s, "\n  tables %d...%d: ditto\n", p->first_ditto,
                      p->last_ditto);
    }
    p->first_ditto = -1;
}

static void
summarize_table(const struct ofp_table_features *tf, enum ofp_table_miss miss,
                enum ofp_version version, struct table_summary *sum,
                struct field_set *maskable, struct field_set *wildcards)
{
    memset(sum, 0, sizeof *sum);
    sum->metadata_match = tf->metadata_match;
    sum->metadata_write = tf->metadata_write;
    sum->miss = miss;
    sum->capabilities = (version >= OFP14_VERSION
                         ? tf->capabilities & (TC14_EVICTION
                                               | TC14_VACANCY_EVENTS)
                         : 0);
    sum->max_entries = tf->max_entries;
    summarize(&tf->nonmiss, version, &sum->nonmiss);
    summarize(&tf->miss, version, &sum->miss_features);
    field_set_from_oxms(tf->match, tf->n_match, version, &sum->match,
                        maskable);
    field_set_from_oxms(tf->wildcards, tf->n_wildcards, version, wildcards,
                        NULL);
}

static void
format_table_features(struct ds *s, const struct table_summary *sum,
                      const struct table_summary *prev,
                      const struct field_set *maskable,
                      const struct field_set *wildcards,
                      enum ofp_version version)
{
    if (sum->metadata_match || sum->metadata_write) {
        ds_put_format(s, "    metadata: match=%#"PRIx64" write=%#"PRIx64
                      "\n", sum->metadata_match, sum->metadata_write);
    }
    if (sum->miss != OFP_TABLE_MISS_DEFAULT) {
        ds_put_format(s, "    config=%s\n",
                      (sum->miss == OFP_TABLE_MISS_CONTROLLER ? "controller"
                       : sum->miss == OFP_TABLE_MISS_CONTINUE ? "continue"
                       : "drop"));
    }
    if (version >= OFP14_VERSION) {
        ds_put_format(s, "    eviction: %s\n    vacancy events: %s\n",
                      (sum->capabilities & TC14_EVICTION
                       ? "supported" : "not supported"),
                      (sum->capabilities & TC14_VACANCY_EVENTS
                       ? "supported" : "not supported"));
    }
    ds_put_format(s, "    max_entries=%"PRIu32"\n", sum->max_entries);

    if (prev && summary_equals(&sum->nonmiss, &prev->nonmiss)
        && summary_equals(&sum->miss_features, &prev->miss_features)) {
        if (!summary_is_empty(&sum->nonmiss)) {
            ds_put_cstr(s, "    (same instructions)\n");
        }
    } else if (!summary_equals(&sum->nonmiss, &sum->miss_features)) {
        ds_put_cstr(s, "    instructions (other than table miss):\n");
        format_instruction_features(s, &sum->nonmiss,
                                    prev ? &prev->nonmiss : NULL);
        ds_put_cstr(s, "    instructions (table miss):\n");
        format_instruction_features(s, &sum->miss_features,
                                    prev ? &prev->miss_features : NULL);
    } else if (!summary_is_empty(&sum->nonmiss)) {
        ds_put_cstr(s, "    instructions (table miss and others):\n");
        format_instruction_features(s, &sum->nonmiss,
                                    prev ? &prev->nonmiss : NULL);
    }

    if (!field_set_is_empty(&sum->match)) {
        if (prev && field_set_equals(&sum->match, &prev->match)) {
            ds_put_cstr(s, "    (same matching)\n");
        } else {
            struct field_set exact, wild;
            memset(&exact, 0, sizeof exact);
            memset(&wild, 0, sizeof wild);
            for (int id = 0; id < N_FIELDS; id++) {
                if (field_set_contains(&sum->match, id)
                    && !field_set_contains(maskable, id)) {
                    field_set_add(field_set_contains(wildcards, id)
                                  ? &wild : &exact, id);
                }
            }
            ds_put_cstr(s, "    matching:\n");
            format_field_set(s, "      arbitrary mask: ", maskable);
            format_field_set(s, "      exact match or wildcard: ", &wild);
            format_field_set(s, "      must exact match: ", &exact);
        }
    }
}

/* Prints table TABLE_ID: its features TF (NULL for the table stats of
 * OpenFlow 1.3 and later, which have none) with MISS, its table-miss
 * behaviour, and its statistics STATS (NULL in a table features reply). */
static void
table_printer_add(struct table_printer *p, uint8_t table_id,
                  const struct ofp_table_features *tf,
                  const struct ofp_table_stats *stats,
                  enum ofp_table_miss miss)
{
    struct table_summary sum;
    struct field_set maskable, wildcards;
    struct ds *s = p->s;

    memset(&sum, 0, sizeof sum);
    if (tf) {
        summarize_table(tf, miss, p->version, &sum, &maskable, &wildcards);
    }
    bool same_features = p->have_prev && !memcmp(&sum, &p->prev, sizeof sum);
    bool same_stats = (!stats
                       || (p->have_prev
                           && stats->active_count
                              == p->prev_stats.active_count
                           && stats->lookup_count
                              == p->prev_stats.lookup_count
                           && stats->matched_count
                              == p->prev_stats.matched_count));
    const char *name = tf ? tf->name : "";
    const struct table_summary prev = p->prev;
    bool have_prev = p->have_prev;

    p->prev = sum;
    if (stats) {
        p->prev_stats = *stats;
    }
    p->have_prev = true;

    if (same_features && same_stats && !name[0]) {
        if (p->first_ditto < 0) {
            p->first_ditto = table_id;
        }
        p->last_ditto = table_id;
        return;
    }
    table_printer_flush(p);

    ds_put_format(s, "\n  table %u", table_id);
    if (name[0]) {
        ds_put_format(s, " (\"%s\")", name);
    }
    ds_put_char(s, ':');
    if (same_features && same_stats) {
        ds_put_cstr(s, " ditto");
        return;
    }
    ds_put_char(s, '\n');

    if (stats) {
        ds_put_format(s, "    active=%"PRIu32", lookup=%"PRIu64
                      ", matched=%"PRIu64"\n", stats->active_count,
                      stats->lookup_count, stats->matched_count);
    }
    if (!tf) {
        return;
    } else if (same_features) {
        ds_put_cstr(s, "    (same features)\n");
    } else {
        format_table_features(s, &sum, have_prev ? &prev : NULL,
                              &maskable, &wildcards, p->version);
    }
}

enum ofperr
ofp_table_features_reply_format(struct ds *s, struct buffer *b,
                                enum ofp_version version)
{
    struct ds body = DS_EMPTY_INITIALIZER;
    struct table_printer p;

    table_printer_init(&p, &body, version);
    for (;;) {
        struct ofp_table_features tf;
        int error = ofp_table_features_pull(b, &tf);
        if (error == EOF) {
            break;
        } else if (error) {
            ds_destroy(&body);
            return error;
        }
        table_printer_add(&p, tf.table_id, &tf, NULL,
                          OFP_TABLE_MISS_DEFAULT);
        ofp_table_features_uninit(&tf);
    }
    table_printer_flush(&p);
    ds_put_buffer(s, body.string ? body.string : "", body.length);
    ds_destroy(&body);
    return 0;
}

/* OpenFlow 1.0's wildcard bits and the headers that stand for the fields
 * in a struct ofp_table_features, in_port and nw_tos by their NXM headers
 * (which ovs-ofctl names as it names 1.0's fields). */
static const struct {
    uint32_t bits;
    uint32_t header;
} fields10[] = {
    { OFP_TW10_IN_PORT, 0x00000002 },
    { OFP_TW10_DL_SRC, 0x80000806 },
    { OFP_TW10_DL_DST, 0x80000606 },
    { OFP_TW10_DL_TYPE, 0x80000a02 },
    { OFP_TW10_DL_VLAN, 0x80000c02 },
    { OFP_TW10_DL_VLAN_PCP, 0x80000e01 },
    { OFP_TW10_NW_SRC_MASK, 0x80001604 },
    { OFP_TW10_NW_DST_MASK, 0x80001804 },
    { OFP_TW10_NW_PROTO, 0x80001401 },
    { OFP_TW10_NW_TOS, 0x00000a01 },
    { OFP_TW10_TP_SRC, 0x80001a02 },
    { OFP_TW10_TP_DST, 0x80001c02 },
};

enum ofperr
ofp_table_stats_reply_format(struct ds *s, struct buffer *b,
                             enum ofp_version version)
{
    struct ds body = DS_EMPTY_INITIALIZER;
    struct table_printer p;

    table_printer_init(&p, &body, version);
    for (;;) {
        struct ofp_table_stats stats;
        struct ofp_table_features tf;
        enum ofp_table_miss miss = OFP_TABLE_MISS_DEFAULT;
        int error;

        if (version == OFP11_VERSION || version == OFP12_VERSION) {
            error = ofp_table_stats_pull_11(b, version, &stats, &tf, &miss);
            if (!error && version == OFP11_VERSION) {
                /* ovs-ofctl shows an OpenFlow 1.1 table's write actions as
                 * its apply actions too. */
                tf.nonmiss.apply_actions = tf.nonmiss.write_actions;
                tf.miss.apply_actions = tf.miss.write_actions;
            }
        } else {
            struct ofp_table_info info;
            error = ofp_table_stats_pull(b, version, &stats, &info);
            memset(&tf, 0, sizeof tf);
            if (!error && version == OFP10_VERSION) {
                /* OpenFlow 1.0 says only which fields may be wildcarded,
                 * which ovs-ofctl shows as "exact match or wildcard". */
                uint64_t oxms[ARRAY_SIZE(fields10)];
                size_t n = 0;
                for (size_t i = 0; i < ARRAY_SIZE(fields10); i++) {
                    if (info.wildcards & fields10[i].bits) {
                        oxms[n++] = fields10[i].header;
                    }
                }
                memcpy(tf.name, info.name, sizeof tf.name);
                tf.max_entries = info.max_entries;
                tf.match = xmemdup(oxms, sizeof oxms);
                tf.wildcards = xmemdup(oxms, sizeof oxms);
                tf.n_match = tf.n_wildcards = n;
            }
        }
        if (error == EOF) {
            break;
        } else if (error) {
            ds_destroy(&body);
            return error;
        }
        table_printer_add(&p, stats.table_id,
                          version >= OFP13_VERSION ? NULL : &tf, &stats,
                          miss);
        ofp_table_features_uninit(&tf);
    }
    table_printer_flush(&p);
    ds_put_buffer(s, body.string ? body.string : "", body.length);
    ds_destroy(&body);
    return 0;
}

/*
 * ofp-table: OpenFlow table-mod (1.1 to 1.5), table statistics (1.0 to
 * 1.5) and table features (1.3 to 1.5), with their text as ovs-ofctl
 * prints it.
 *
 * As in ofp-port.h, the encoders append a message body to a struct buffer
 * after the caller has put the message's header (and multipart header)
 * with ofp-msgs, the decoders pull a body whose headers are already gone,
 * and the *_format() functions append what "ovs-ofctl ofp-print" prints
 * after a message's "(xid=0x0):" label.
 *
 * Also OpenFlow 1.4's table descriptions: the table-desc reply and
 * table-status messages.
 *
 * Ownership: a struct ofp_table_features owns its OXM arrays; release
 * them with ofp_table_features_uninit().
 *
 * Thread safety: every function here may be called from any thread; the
 * objects passed belong to the caller.
 */
#ifndef SLUICE_OFP_TABLE_H
#define SLUICE_OFP_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-errors.h"
#include "openflow.h"

struct buffer;
struct ds;
struct ofp_table_features;

/* Table-mod. */

/* What a table does with a packet that no flow matches (OpenFlow 1.1 and
 * 1.2 only). */
enum ofp_table_miss {
    OFP_TABLE_MISS_DEFAULT,     /* Not said: OpenFlow 1.3 and later. */
    OFP_TABLE_MISS_CONTROLLER,
    OFP_TABLE_MISS_CONTINUE,
    OFP_TABLE_MISS_DROP,
};

/* An on/off setting of OpenFlow 1.4 and later. */
enum ofp_table_setting {
    OFP_TABLE_SETTING_DEFAULT,  /* Not said: before OpenFlow 1.4. */
    OFP_TABLE_SETTING_ON,
    OFP_TABLE_SETTING_OFF,
};

struct ofp_table_mod {
    uint8_t table_id;           /* A table, or OFPTT_ALL. */
    enum ofp_table_miss miss;
    enum ofp_table_setting eviction;
    uint32_t eviction_flags;    /* OFP_TABLE_EVICTION_*, or UINT32_MAX. */
    enum ofp_table_setting vacancy;
    uint8_t vacancy_down;       /* Percentages, for vacancy ON. */
    uint8_t vacancy_up;
};

/* Appends the body of TM in VERSION (1.1 or later) to B: the miss
 * behaviour in 1.1 and 1.2 (OFP_TABLE_MISS_DEFAULT as "controller"),
 * nothing but the table in 1.3, eviction and vacancy (with their
 * properties) from 1.4. */
void ofp_table_mod_encode(const struct ofp_table_mod *tm,
                          enum ofp_version version, struct buffer *b);

/* Decodes the table-mod body B in VERSION (1.1 or later) into *TM.
 * Returns 0 or: OFPERR_OFPBRC_BAD_LEN for a body of the wrong size,
 * OFPERR_OFPTMFC_BAD_CONFIG for an unknown miss behaviour (1.1, 1.2), and
 * from 1.4 a property error: OFPERR_OFPBPC_BAD_LEN, OFPERR_OFPBPC_BAD_TYPE
 * for a property other than eviction and vacancy, OFPERR_OFPBPC_BAD_VALUE
 * for a vacancy property whose current vacancy is not 0 or whose
 * vacancy_down is above vacancy_up. */
enum ofperr ofp_table_mod_decode(struct buffer *b, enum ofp_version version,
                                 struct ofp_table_mod *tm);

/* Appends the text of TM (" table_id=1, flow_miss_config=drop"). */
void ofp_table_mod_format(struct ds *s, const struct ofp_table_mod *tm);

/* Table descriptions (OpenFlow 1.4+): the table-desc reply and the
 * table-status message.  The table-desc request has an empty body. */

/* Eviction flags (OFPTMPEF14_*). */
enum {
    OFP_TABLE_EVICTION_OTHER = 1 << 0,
    OFP_TABLE_EVICTION_IMPORTANCE = 1 << 1,
    OFP_TABLE_EVICTION_LIFETIME = 1 << 2,
};

struct ofp_table_desc {
    uint8_t table_id;
    enum ofp_table_setting eviction;    /* ON or OFF. */
    uint32_t eviction_flags;    /* OFP_TABLE_EVICTION_*, UINT32_MAX if not
                                 * said. */
    enum ofp_table_setting vacancy;     /* ON or OFF. */
    uint8_t vacancy_down;       /* Percentages, for vacancy ON. */
    uint8_t vacancy_up;
    uint8_t current_vacancy;    /* The table's vacancy now. */
};

/* Appends TD, one element of a table-desc reply, to B: with an eviction
 * property if 'eviction_flags' is said, a vacancy property if vacancy
 * events are on. */
void ofp_table_desc_encode(const struct ofp_table_desc *td,
                           struct buffer *b);

/* Pulls one element of a table-desc reply off B into *TD.  Returns 0, EOF
 * if B is empty, OFPERR_OFPBRC_BAD_LEN for a truncated element, or
 * OFPERR_OFPBPC_BAD_LEN for a malformed property (unknown properties are
 * ignored). */
int ofp_table_desc_pull(struct buffer *b, struct ofp_table_desc *td);

/* Appends the text of TD: a newline, "  table 1:", and its eviction and
 * vacancy lines, each ending in a newline. */
void ofp_table_desc_format(struct ds *s, const struct ofp_table_desc *td);

/* Decodes the table-desc reply body B and appends its text to S.  Returns
 * 0 or the decoding error (then S is unchanged). */
enum ofperr ofp_table_desc_reply_format(struct ds *s, struct buffer *b);

/* Table-status reasons. */
enum ofp_table_status_reason {
    OFP_TSR_VACANCY_DOWN = 3,
    OFP_TSR_VACANCY_UP = 4,
};

/* Appends the body of a table-status message with REASON about table TD
 * to B. */
void ofp_table_status_encode(enum ofp_table_status_reason reason,
                             const struct ofp_table_desc *td,
                             struct buffer *b);

/* Decodes the table-status body B into *REASON and *TD.  Returns 0,
 * OFPERR_OFPBPC_BAD_VALUE for an unknown reason, or OFPERR_OFPBRC_BAD_LEN
 * unless B holds exactly one table description. */
enum ofperr ofp_table_status_decode(struct buffer *b,
                                    enum ofp_table_status_reason *reason,
                                    struct ofp_table_desc *td);

/* Appends the text of a table-status message: " reason=VACANCY_DOWN", a
 * newline, "table_desc:-" and the table as ofp_table_desc_format() puts
 * it. */
void ofp_table_status_format(struct ds *s,
                             enum ofp_table_status_reason reason,
                             const struct ofp_table_desc *td);

/* Table statistics.  The request has an empty body. */

struct ofp_table_stats {
    uint8_t table_id;
    uint32_t active_count;      /* Flows in the table. */
    uint64_t lookup_count;      /* Packets looked up in the table. */
    uint64_t matched_count;     /* Packets that hit the table. */
};

/* What OpenFlow 1.0's table stats also say about a table. */
#define OFP_TABLE_NAME_MAX 31
struct ofp_table_info {
    char name[OFP_TABLE_NAME_MAX + 1];  /* Null-terminated. */
    uint32_t wildcards;         /* OpenFlow 1.0 OFP_TW10_* bits. */
    uint32_t max_entries;
};

/* OpenFlow 1.0's wildcard bits. */
enum {
    OFP_TW10_IN_PORT = 1 << 0,
    OFP_TW10_DL_VLAN = 1 << 1,
    OFP_TW10_DL_SRC = 1 << 2,
    OFP_TW10_DL_DST = 1 << 3,
    OFP_TW10_DL_TYPE = 1 << 4,
    OFP_TW10_NW_PROTO = 1 << 5,
    OFP_TW10_TP_SRC = 1 << 6,
    OFP_TW10_TP_DST = 1 << 7,
    OFP_TW10_NW_SRC_MASK = 0x3f << 8,
    OFP_TW10_NW_DST_MASK = 0x3f << 14,
    OFP_TW10_DL_VLAN_PCP = 1 << 20,
    OFP_TW10_NW_TOS = 1 << 21,
    OFP_TW10_ALL = (1 << 22) - 1,
};

/* Returns true if VERSION's table stats are the plain kind that
 * ofp_table_stats_encode() and ofp_table_stats_pull() handle (1.0, and 1.3
 * and later); 1.1 and 1.2 have their own functions below. */
bool ofp_table_stats_version_ok(enum ofp_version version);

/* Appends STATS, one element of a table stats reply, to B in VERSION's
 * form; OpenFlow 1.0 also takes INFO (which must then be nonnull), later
 * versions ignore it.  VERSION must pass ofp_table_stats_version_ok(). */
void ofp_table_stats_encode(const struct ofp_table_stats *stats,
                            const struct ofp_table_info *info,
                            enum ofp_version version, struct buffer *b);

/* Pulls one element of a table stats reply in VERSION off B into *STATS
 * and, for OpenFlow 1.0, *INFO (which is otherwise zeroed).  Returns 0,
 * EOF if B is empty, OFPERR_OFPBRC_BAD_LEN if it is truncated, or
 * OFPERR_OFPBRC_BAD_VERSION for OpenFlow 1.1 and 1.2 (see
 * ofp_table_stats_pull_11()). */
int ofp_table_stats_pull(struct buffer *b, enum ofp_version version,
                         struct ofp_table_stats *stats,
                         struct ofp_table_info *info);

/* OpenFlow 1.1 and 1.2 table stats also describe each table, as table
 * features do from 1.3 on.  ofp_table_stats_encode_11() appends STATS to B
 * in VERSION's form (1.1 or 1.2) with what TF says of the table (its name,
 * max_entries, metadata, match and wildcard fields, and its 'nonmiss'
 * instructions, actions and set-field fields, as far as the version has
 * them; in 1.1 action bits 1 to 10 are its set_* actions) and MISS, its
 * table-miss behaviour.  ofp_table_stats_pull_11() is the reverse, filling
 * both 'nonmiss' and 'miss' of *TF (which the caller uninitializes); it
 * returns 0, EOF if B is empty, OFPERR_OFPBRC_BAD_LEN, or
 * OFPERR_OFPBRC_BAD_VERSION for another version. */
void ofp_table_stats_encode_11(const struct ofp_table_stats *stats,
                               const struct ofp_table_features *tf,
                               enum ofp_table_miss miss,
                               enum ofp_version version, struct buffer *b);
int ofp_table_stats_pull_11(struct buffer *b, enum ofp_version version,
                            struct ofp_table_stats *stats,
                            struct ofp_table_features *tf,
                            enum ofp_table_miss *miss);

/* Decodes the table stats reply body B in VERSION (any) and appends its
 * text to S as "ovs-ofctl dump-tables" prints it.  Returns 0 or the decoding
 * error (then S is unchanged). */
enum ofperr ofp_table_stats_reply_format(struct ds *s, struct buffer *b,
                                         enum ofp_version version);

/* Table features (OpenFlow 1.3+). */

/* What a table supports for its flows ('nonmiss') or for its table-miss
 * flow ('miss'). */
struct ofp_table_feature_set {
    uint32_t instructions;      /* 1 << OFPIT_* (goto_table 1 ... meter 6). */
    uint64_t next_tables[4];    /* Bitmap of 256 table ids. */
    uint64_t write_actions;     /* 1 << OFPAT_* (output 0 ... 63). */
    uint64_t apply_actions;     /* 1 << OFPAT_*. */
    size_t n_write_setfield;    /* OXM headers, as 'match' below. */
    uint64_t *write_setfield;
    size_t n_apply_setfield;
    uint64_t *apply_setfield;
};

/* One table's features.  An OXM field is named by its header, which is
 * how the caller gives it: a 32-bit OXM or NXM header in the low bits of
 * a uint64_t, or for an experimenter OXM (class 0xffff) the header in the
 * high 32 bits and the experimenter id in the low 32 bits. */
struct ofp_table_features {
    uint8_t table_id;
    char name[OFP_TABLE_NAME_MAX + 1];
    uint64_t metadata_match;
    uint64_t metadata_write;
    uint32_t capabilities;      /* 1.4+: OFPTC14_EVICTION and ...VACANCY;
                                 * 1.3: the deprecated config. */
    uint32_t max_entries;
    struct ofp_table_feature_set nonmiss;
    struct ofp_table_feature_set miss;
    size_t n_match;             /* Fields it matches (OXM headers; the */
    uint64_t *match;            /* "has mask" bit says it can mask them). */
    size_t n_wildcards;         /* Fields it can wildcard. */
    uint64_t *wildcards;
};

/* Frees TF's OXM arrays.  TF may be NULL. */
void ofp_table_features_uninit(struct ofp_table_features *tf);

/* Sets bit TABLE_ID in the 256-bit bitmap NEXT_TABLES. */
void ofp_table_features_add_next_table(uint64_t next_tables[4],
                                       uint8_t table_id);

/* Appends TF, one element of a table features request or reply, to B:
 * the fixed part and every property of OpenFlow 1.3 (instructions,
 * next tables, write and apply actions, match, wildcards, write and apply
 * set-field, each with its table-miss form). */
void ofp_table_features_encode(const struct ofp_table_features *tf,
                               struct buffer *b);

/* Pulls one element of a table features request or reply off B into *TF.
 * Returns 0, EOF if B is empty, or: OFPERR_OFPBRC_BAD_LEN for a truncated
 * element, OFPERR_OFPTFFC_BAD_LEN for a malformed property or list
 * entry, OFPERR_OFPTFFC_BAD_TYPE for an unknown property (experimenter
 * properties are skipped), OFPERR_OFPTFFC_BAD_ARGUMENT for an
 * instruction, action or table id that cannot be held.  On error *TF
 * holds nothing to free. */
int ofp_table_features_pull(struct buffer *b, struct ofp_table_features *tf);

/* Decodes the table features reply body B in VERSION and appends its text
 * to S as "ovs-ofctl dump-table-features" prints it: each table's
 * features, or "ditto" for a table like the one before (a run of such
 * tables without names as "tables 1...253: ditto").  As ovs-ofctl does,
 * it names only the instructions, actions and fields that Open vSwitch
 * knows, and leaves the others out.  Returns 0 or the decoding error
 * (then S is unchanged). */
enum ofperr ofp_table_features_reply_format(struct ds *s, struct buffer *b,
                                            enum ofp_version version);

#endif /* ofp-table.h */

/*
 * ofp-group: OpenFlow groups in a version-independent form: group-mod,
 * group statistics, group descriptions and group features, their wire
 * codecs for OpenFlow 1.1 to 1.5 and ovs-ofctl's text syntax.
 *
 * A group ('struct ofp_group_desc') has an id, a type (all, select,
 * indirect, fast failover) and a list of buckets, each with a weight
 * (select groups), a port and a group to watch (fast failover), an id
 * (OpenFlow 1.5) and actions (ofp-actions.h).  Wire forms:
 *
 *   OpenFlow 1.1 to 1.4: OFPT_GROUP_MOD and OFPST_GROUP_DESC with
 *     ofp11_bucket (weight, watch_port, watch_group, actions).
 *   OpenFlow 1.5: OFPT_GROUP_MOD with a bucket array length and a
 *     command_bucket_id, and ofp15_bucket (bucket id, actions, then weight,
 *     watch_port and watch_group properties); insert_bucket and
 *     remove_bucket commands.  Group properties (selection methods) are
 *     not supported: a group-mod that has one is OFPBPC_BAD_TYPE.
 *   Group stats: 1.1 and 1.2 without the duration, 1.3+ with it.
 *   Group features: 1.2+.
 * Groups in OpenFlow 1.0 (Open vSwitch's Nicira extension) are not
 * supported.
 *
 * Encoding follows Open vSwitch 3.1: OpenFlow 1.5 buckets carry a weight
 * property only in select groups and watch properties only when they
 * watch something.
 *
 * Text: ofp_parse_group_mod() reads what "ovs-ofctl add-group",
 * "mod-group", "del-groups", "insert-buckets" and "remove-buckets" accept,
 * e.g. "group_id=1,type=select,bucket=weight:10,output:1,bucket=output:2";
 * the formatters print what "ovs-ofctl dump-groups", "dump-group-stats",
 * "dump-group-features" and "ofp-print" print after a message's
 * "NAME (OF1.x) (xid=0x0):" label.
 *
 * Ownership: a group owns its buckets and each bucket its actions (copies
 * in malloc'd memory); ofp_group_desc_uninit() frees them.  Decoders fill
 * caller-provided structs that the caller then uninitializes.  Returned
 * buffers and error strings belong to the caller.
 *
 * Thread safety: plain data and reentrant functions.
 */
#ifndef SLUICE_OFP_GROUP_H
#define SLUICE_OFP_GROUP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "ofp-errors.h"
#include "openflow.h"

struct buffer;
struct ds;

/* Group types: the wire numbers of every version. */
enum ofp_group_type {
    OFPGT_ALL = 0,              /* Every bucket. */
    OFPGT_SELECT = 1,           /* One bucket, by weight. */
    OFPGT_INDIRECT = 2,         /* The one bucket. */
    OFPGT_FF = 3,               /* The first live bucket. */
};
#define OFPGT_N_TYPES 4

/* Group-mod commands: the wire numbers (INSERT_BUCKET and REMOVE_BUCKET
 * exist only in OpenFlow 1.5; ADD_OR_MOD is Open vSwitch's extension,
 * "ovs-ofctl --may-create mod-group"). */
enum ofp_group_mod_command {
    OFPGC_ADD = 0,
    OFPGC_MODIFY = 1,
    OFPGC_DELETE = 2,
    OFPGC_INSERT_BUCKET = 3,
    OFPGC_REMOVE_BUCKET = 5,
    OFPGC_ADD_OR_MOD = 0x8000,
};

/* Bucket ids (OpenFlow 1.5): ordinary ids are at most OFPG_BUCKET_MAX. */
#define OFPG_BUCKET_MAX   0xffffff00u
#define OFPG_BUCKET_FIRST 0xfffffffdu
#define OFPG_BUCKET_LAST  0xfffffffeu
#define OFPG_BUCKET_ALL   0xffffffffu

/* Group features capabilities (OFPGFC_*). */
#define OFPGFC_SELECT_WEIGHT   (1u << 0)
#define OFPGFC_SELECT_LIVENESS (1u << 1)
#define OFPGFC_CHAINING        (1u << 2)
#define OFPGFC_CHAINING_CHECKS (1u << 3)

/* Returns TYPE's name as ovs-ofctl prints it ("all", "select",
 * "indirect", "ff"), or NULL for an unknown type. */
const char *ofp_group_type_to_string(enum ofp_group_type type);

/* One bucket. */
struct ofp_bucket {
    uint16_t weight;            /* Select groups; 0 in other types. */
    uint32_t watch_port;        /* OFPP_ANY: none. */
    uint32_t watch_group;       /* OFPG_ANY: none. */
    uint32_t bucket_id;         /* OpenFlow 1.5; OFPG_BUCKET_ALL: none. */
    void *ofpacts;              /* Owned copy of the actions. */
    size_t ofpacts_len;
};

/* A group: what group-mod sets and group desc reports. */
struct ofp_group_desc {
    uint32_t group_id;
    enum ofp_group_type type;
    struct ofp_bucket *buckets;
    size_t n_buckets;
};

/* Initializes GROUP as a group of TYPE with id GROUP_ID and no buckets. */
void ofp_group_desc_init(struct ofp_group_desc *group, uint32_t group_id,
                         enum ofp_group_type type);

/* Frees GROUP's buckets and their actions. */
void ofp_group_desc_uninit(struct ofp_group_desc *group);

/* Appends a bucket to GROUP with a copy of the OFPACTS_LEN bytes of
 * actions at OFPACTS, the default weight of GROUP's type (1 for select, 0
 * otherwise), nothing to watch and no id, and returns it (valid until the
 * next bucket is added). */
struct ofp_bucket *ofp_group_add_bucket(struct ofp_group_desc *group,
                                        const void *ofpacts,
                                        size_t ofpacts_len);

/* Appends GROUP to DS as "ovs-ofctl dump-groups" prints it, without
 * leading space: "group_id=1,type=select,bucket=weight:10,
 * actions=output:1,bucket=actions=output:2".  Bucket ids are printed for
 * OpenFlow 1.5 (VERSION) only. */
void ofp_group_desc_format(const struct ofp_group_desc *group,
                           enum ofp_version version, struct ds *ds);

/* Group-mod. */
struct ofp_group_mod {
    enum ofp_group_mod_command command;
    uint32_t command_bucket_id; /* OpenFlow 1.5: where to insert or which
                                 * to remove; OFPG_BUCKET_ALL otherwise. */
    struct ofp_group_desc group;
};

/* Initializes GM for COMMAND on an empty group with no buckets. */
void ofp_group_mod_init(struct ofp_group_mod *gm,
                        enum ofp_group_mod_command command);

/* Frees GM's buckets. */
void ofp_group_mod_uninit(struct ofp_group_mod *gm);

/* Returns a new group-mod for GM in VERSION (1.1 or later) with a fresh
 * xid.  Bucket ids are sent only in OpenFlow 1.5; the insert and remove
 * commands exist only there (asking for them in another version is a
 * programming error, which aborts). */
struct buffer *ofp_encode_group_mod(const struct ofp_group_mod *gm,
                                    enum ofp_version version);

/* Decodes group-mod OH into *GM (initialized here; the caller uninits it
 * also on error) and checks it with ofp_group_mod_check().  Errors:
 * OFPGMFC_BAD_COMMAND for insert or remove before OpenFlow 1.5,
 * OFPBRC_BAD_LEN, OFPGMFC_BAD_BUCKET for a bucket whose length is wrong,
 * OFPGMFC_BAD_WATCH for a watch port that is no port, OFPBPC_* for bad
 * bucket properties, the actions' errors, and ofp_group_mod_check()'s. */
enum ofperr ofp_decode_group_mod(struct ofp_group_mod *gm,
                                 const struct ofp_header *oh);

/* Checks GM as Open vSwitch does: OFPGMFC_BAD_COMMAND for an unknown
 * command, OFPGMFC_BAD_TYPE for an unknown type (add and modify),
 * OFPGMFC_INVALID_GROUP for an indirect group without exactly one bucket,
 * a weight outside a select group or a fast failover bucket that watches
 * nothing, OFPGMFC_WATCH_UNSUPPORTED for a watch in an all or indirect
 * group, OFPGMFC_BUCKET_EXISTS for two buckets with one id, and
 * OFPGMFC_UNKNOWN_BUCKET for a command_bucket_id that is neither an
 * ordinary id nor first, last or all. */
enum ofperr ofp_group_mod_check(const struct ofp_group_mod *gm);

/* Appends GM to DS as "ovs-ofctl ofp-print" prints it after the label:
 * "\n ADD group_id=1,type=select,bucket=...". */
void ofp_group_mod_format(const struct ofp_group_mod *gm,
                          enum ofp_version version, struct ds *ds);

/* Parses S, a group in ovs-ofctl's syntax for COMMAND, into *GM
 * (initialized here; uninit it also on error).  Keywords: group_id (a
 * number, or "all" for delete), type (all, select, indirect, ff or
 * fast_failover), command_bucket_id (first, last, all or a number; insert
 * and remove only) and bucket, whose value runs to the next "bucket=" and
 * holds bucket_id:N, weight:N, watch_port:PORT, watch_group:N and actions
 * (after "actions=", or any other word).  An empty S for delete means
 * every group.  Returns NULL or a malloc'd error naming the keyword. */
char *ofp_parse_group_mod(struct ofp_group_mod *gm,
                          enum ofp_group_mod_command command, const char *s)
    SLUICE_WARN_UNUSED_RESULT;

/* Group statistics. */

struct ofp_bucket_counter {
    uint64_t packet_count;
    uint64_t byte_count;
};

struct ofp_group_stats {
    uint32_t group_id;
    uint32_t ref_count;         /* Flows and groups that use the group. */
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t duration_sec;      /* UINT32_MAX: unknown (OpenFlow 1.1 and
                                 * 1.2 have none). */
    uint32_t duration_nsec;
    struct ofp_bucket_counter *buckets;     /* One per bucket. */
    size_t n_buckets;
};

/* Frees GS's bucket counters (from a decoder). */
void ofp_group_stats_uninit(struct ofp_group_stats *gs);

/* Returns a new group stats request for GROUP_ID (OFPG_ALL: every group)
 * in VERSION (1.1+), with a fresh xid. */
struct buffer *ofp_encode_group_stats_request(enum ofp_version version,
                                              uint32_t group_id);

/* Decodes group stats request OH into *GROUP_ID. */
enum ofperr ofp_decode_group_stats_request(const struct ofp_header *oh,
                                           uint32_t *group_id);

/* Appends GS to the group stats reply REPLIES (from ofpmp_init()). */
void ofp_append_group_stats(const struct ofp_group_stats *gs,
                            struct list *replies);

/* Decodes the next group of group stats reply MSG (a whole message; the
 * first call pulls its headers, later calls continue, so MSG must not be
 * touched in between) into *GS, whose bucket counters the caller frees
 * with ofp_group_stats_uninit().  Returns 0, EOF when no group is left,
 * or OFPBRC_BAD_LEN. */
int ofp_decode_group_stats_reply(struct ofp_group_stats *gs,
                                 struct buffer *msg);

/* Appends GS to DS as "ovs-ofctl dump-group-stats" prints it, without
 * leading space: "group_id=1,duration=10.000000187s,ref_count=2,
 * packet_count=16,byte_count=1024,bucket0:packet_count=7,byte_count=256". */
void ofp_group_stats_format(const struct ofp_group_stats *gs,
                            struct ds *ds);

/* Group descriptions. */

/* Returns a new group desc request in VERSION (1.1+) with a fresh xid;
 * GROUP_ID (OpenFlow 1.5 only; earlier versions ask for every group)
 * names one group or OFPG_ALL. */
struct buffer *ofp_encode_group_desc_request(enum ofp_version version,
                                             uint32_t group_id);

/* Decodes group desc request OH into *GROUP_ID (OFPG_ALL before 1.5). */
enum ofperr ofp_decode_group_desc_request(const struct ofp_header *oh,
                                          uint32_t *group_id);

/* Appends GROUP to the group desc reply REPLIES (from ofpmp_init()). */
void ofp_append_group_desc(const struct ofp_group_desc *group,
                           struct list *replies);

/* Decodes the next group of group desc reply MSG (as
 * ofp_decode_group_stats_reply() walks its message) into *GROUP
 * (initialized here; uninit it also on error).  Returns 0, EOF, or an
 * error as ofp_decode_group_mod() gives for buckets. */
int ofp_decode_group_desc_reply(struct ofp_group_desc *group,
                                struct buffer *msg);

/* Group features. */
struct ofp_group_features {
    uint32_t types;             /* Bit 1 << OFPGT_*: supported types. */
    uint32_t capabilities;      /* OFPGFC_*. */
    uint32_t max_groups[OFPGT_N_TYPES];
    uint32_t actions[OFPGT_N_TYPES];    /* Bit N: OpenFlow 1.2+ action
                                         * type N is supported. */
};

/* Returns a new group features request in VERSION (1.2+). */
struct buffer *ofp_encode_group_features_request(enum ofp_version version);

/* Returns a new group features reply to REQUEST holding GF. */
struct buffer *ofp_encode_group_features_reply(
    const struct ofp_group_features *gf, const struct ofp_header *request);

/* Decodes group features reply OH into *GF. */
enum ofperr ofp_decode_group_features_reply(const struct ofp_header *oh,
                                            struct ofp_group_features *gf);

/* Appends GF to DS as "ovs-ofctl dump-group-features" prints it after the
 * label: "\n Group table:\n    Types:  0xf\n    Capabilities:  0x5\n
 * all group:\n       max_groups=0xffffff00\n       actions: output
 * group ...\n" (one section per supported type). */
void ofp_group_features_format(const struct ofp_group_features *gf,
                               struct ds *ds);

/* Appends GROUP_ID to DS as ovs-ofctl prints a group in requests: "ALL",
 * "ANY" or the number in decimal. */
void ofp_group_id_format(uint32_t group_id, struct ds *ds);

/* Appends group stats or group desc request OH to DS as "ovs-ofctl
 * ofp-print" prints it after the label (" group_id=ALL").  Returns 0 or
 * the decoding error. */
enum ofperr ofp_group_request_format(const struct ofp_header *oh,
                                     struct ds *ds);

/* Whole replies, as "ovs-ofctl ofp-print" prints them after the label:
 * each group on its own line, "\n group_id=...".  MSG is a whole reply
 * message; returns 0 or the decoding error. */
enum ofperr ofp_group_stats_reply_format(struct buffer *msg, struct ds *ds);
enum ofperr ofp_group_desc_reply_format(struct buffer *msg, struct ds *ds);

#endif /* ofp-group.h */

/* ofp-group: OpenFlow groups.  See ofp-group.h. */
#include <config.h>
#include "ofp-group.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "util.h"

/* Wire formats (after the headers that ofp-msgs pulls).  Packed, so that
 * they may be read where a message has them. */

/* OpenFlow 1.1 to 1.4 ofp_group_mod, followed by buckets. */
struct gm11_wire {
    be16 command;
    uint8_t type;
    uint8_t pad;
    be32 group_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct gm11_wire) == 8);

/* OpenFlow 1.5 ofp_group_mod, followed by buckets and properties. */
struct gm15_wire {
    be16 command;
    uint8_t type;
    uint8_t pad;
    be32 group_id;
    be16 bucket_array_len;
    uint8_t pad2[2];
    be32 command_bucket_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct gm15_wire) == 16);

/* OpenFlow 1.1 to 1.4 ofp_bucket, followed by actions. */
struct bucket11_wire {
    be16 len;
    be16 weight;
    be32 watch_port;
    be32 watch_group;
    uint8_t pad[4];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct bucket11_wire) == 16);

/* OpenFlow 1.5 ofp_bucket, followed by actions and properties. */
struct bucket15_wire {
    be16 len;
    be16 action_array_len;
    be32 bucket_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct bucket15_wire) == 8);

/* OpenFlow 1.5 bucket property types. */
enum {
    OFPGBPT_WEIGHT = 0,         /* be16 weight, 2 bytes of padding. */
    OFPGBPT_WATCH_PORT = 1,     /* be32. */
    OFPGBPT_WATCH_GROUP = 2,    /* be32. */
};

/* OpenFlow 1.1 to 1.4 ofp_group_desc, followed by buckets. */
struct desc11_wire {
    be16 length;
    uint8_t type;
    uint8_t pad;
    be32 group_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct desc11_wire) == 8);

/* OpenFlow 1.5 ofp_group_desc, followed by buckets and properties. */
struct desc15_wire {
    be16 length;
    uint8_t type;
    uint8_t pad;
    be32 group_id;
    be16 bucket_list_len;
    uint8_t pad2[6];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct desc15_wire) == 16);

/* Group stats request (every version), and the group desc request of
 * OpenFlow 1.5. */
struct group_request_wire {
    be32 group_id;
    uint8_t pad[4];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct group_request_wire) == 8);

/* OpenFlow 1.1 and 1.2 ofp_group_stats (1.3+ adds the duration), followed
 * by bucket counters. */
struct group_stats11_wire {
    be16 length;
    uint8_t pad[2];
    be32 group_id;
    be32 ref_count;
    uint8_t pad2[4];
    be64 packet_count;
    be64 byte_count;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct group_stats11_wire) == 32);

struct bucket_counter_wire {
    be64 packet_count;
    be64 byte_count;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct bucket_counter_wire) == 16);

/* OpenFlow 1.2+ ofp_group_features. */
struct group_features_wire {
    be32 types;
    be32 capabilities;
    be32 max_groups[4];
    be32 actions[4];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct group_features_wire) == 40);

/* Types. */

static const char *const type_names[OFPGT_N_TYPES] = {
    [OFPGT_ALL] = "all",
    [OFPGT_SELECT] = "select",
    [OFPGT_INDIRECT] = "indirect",
    [OFPGT_FF] = "ff",
};

const char *
ofp_group_type_to_string(enum ofp_group_type type)
{
    return (unsigned int) type < OFPGT_N_TYPES ? type_names[type] : NULL;
}

/* Groups and buckets. */

void
ofp_group_desc_init(struct ofp_group_desc *group, uint32_t group_id,
                    enum ofp_group_type type)
{
    memset(group, 0, sizeof *group);
    group->group_id = group_id;
    group->type = type;
}

void
ofp_group_desc_uninit(struct ofp_group_desc *group)
{
    if (group) {
        for (size_t i = 0; i < group->n_buckets; i++) {
            free(group->buckets[i].ofpacts);
        }
        free(group->buckets);
        group->buckets = NULL;
        group->n_buckets = 0;
    }
}

struct ofp_bucket *
ofp_group_add_bucket(struct ofp_group_desc *group, const void *ofpacts,
                     size_t ofpacts_len)
{
    struct ofp_bucket *bucket;

    group->buckets = xrealloc(group->buckets,
                              (group->n_buckets + 1) * sizeof *bucket);
    bucket = &group->buckets[group->n_buckets++];
    bucket->weight = group->type == OFPGT_SELECT ? 1 : 0;
    bucket->watch_port = OFPP_ANY;
    bucket->watch_group = OFPG_ANY;
    bucket->bucket_id = OFPG_BUCKET_ALL;
    bucket->ofpacts = xmemdup(ofpacts ? ofpacts : "", ofpacts_len);
    bucket->ofpacts_len = ofpacts_len;
    return bucket;
}

void
ofp_group_mod_init(struct ofp_group_mod *gm,
                   enum ofp_group_mod_command command)
{
    memset(gm, 0, sizeof *gm);
    gm->command = command;
    gm->command_bucket_id = OFPG_BUCKET_ALL;
    ofp_group_desc_init(&gm->group, 0, OFPGT_ALL);
}

void
ofp_group_mod_uninit(struct ofp_group_mod *gm)
{
    if (gm) {
        ofp_group_desc_uninit(&gm->group);
    }
}

/* Bucket codecs. */

static void
put_prop_be32(struct buffer *b, uint16_t type, uint32_t value)
{
    size_t start = ofp_prop_start(b, type);
    be32 v = htonl(value);
    buffer_put(b, &v, sizeof v);
    ofp_prop_end(b, start);
}

/* Appends GROUP's buckets to B in VERSION's form and returns their size. */
static size_t
put_buckets(const struct ofp_group_desc *group, enum ofp_version version,
            struct buffer *b)
{
    size_t start = b->size;

    for (size_t i = 0; i < group->n_buckets; i++) {
        const struct ofp_bucket *bucket = &group->buckets[i];
        size_t ofs = b->size;

        if (version < OFP15_VERSION) {
            struct bucket11_wire *w = buffer_put_zeros(b, sizeof *w);
            w->weight = htons(bucket->weight);
            w->watch_port = htonl(bucket->watch_port);
            w->watch_group = htonl(bucket->watch_group);
            ofpacts_encode_actions(bucket->ofpacts, bucket->ofpacts_len,
                                   version, b);
            w = buffer_at_assert(b, ofs, sizeof *w);
            w->len = htons(b->size - ofs);
        } else {
            struct bucket15_wire *w = buffer_put_zeros(b, sizeof *w);
            size_t actions_len;

            w->bucket_id = htonl(bucket->bucket_id);
            actions_len = ofpacts_encode_actions(bucket->ofpacts,
                                                 bucket->ofpacts_len,
                                                 version, b);
            if (group->type == OFPGT_SELECT) {
                size_t prop = ofp_prop_start(b, OFPGBPT_WEIGHT);
                be16 weight = htons(bucket->weight);
                buffer_put(b, &weight, sizeof weight);
                buffer_put_zeros(b, 2);
                ofp_prop_end(b, prop);
            }
            if (bucket->watch_port != OFPP_ANY) {
                put_prop_be32(b, OFPGBPT_WATCH_PORT, bucket->watch_port);
            }
            if (bucket->watch_group != OFPG_ANY) {
                put_prop_be32(b, OFPGBPT_WATCH_GROUP, bucket->watch_group);
            }
            w = buffer_at_assert(b, ofs, sizeof *w);
            w->len = htons(b->size - ofs);
            w->action_array_len = htons(actions_len);
        }
    }
    return b->size - start;
}

/* Returns true if PORT may be watched: an ordinary port, or ANY. */
static bool
is_valid_watch_port(uint32_t port)
{
    return port < OFPP_MAX || port == OFPP_ANY || port == OFPP_LOCAL
           || port == OFPP_IN_PORT;
}

/* Decodes the actions of a bucket into a fresh bucket of GROUP. */
static enum ofperr
add_decoded_bucket(struct ofp_group_desc *group, const void *actions,
                   size_t actions_len, enum ofp_version version,
                   struct ofp_bucket **bucketp)
{
    struct buffer ofpacts;
    enum ofperr error;

    buffer_init(&ofpacts, 64);
    error = ofpacts_decode_actions(actions, actions_len, version, &ofpacts);
    if (!error) {
        *bucketp = ofp_group_add_bucket(group, ofpacts.data, ofpacts.size);
    }
    buffer_uninit(&ofpacts);
    return error;
}

static enum ofperr
pull_bucket_props15(struct buffer *props, struct ofp_bucket *bucket)
{
    /* Without a weight property, a bucket's weight is 0 (the default of
     * ofp_group_add_bucket() for select groups is 1). */
    bucket->weight = 0;
    while (props->size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(props, &prop, &type);
        if (error) {
            return error;
        }
        switch (type) {
        case OFPGBPT_WEIGHT:
            if (prop.size != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            bucket->weight = ntohs(get_unaligned_be16(prop.data));
            break;
        case OFPGBPT_WATCH_PORT:
        case OFPGBPT_WATCH_GROUP:
            if (prop.size != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            if (type == OFPGBPT_WATCH_PORT) {
                bucket->watch_port = ntohl(get_unaligned_be32(prop.data));
            } else {
                bucket->watch_group = ntohl(get_unaligned_be32(prop.data));
            }
            break;
        default:
            return OFPERR_OFPBPC_BAD_TYPE;
        }
    }
    return 0;
}

/* Pulls SIZE bytes of buckets in VERSION's form from B into GROUP. */
static enum ofperr
pull_buckets(struct buffer *b, size_t size, enum ofp_version version,
             struct ofp_group_desc *group)
{
    struct buffer buckets;
    const void *data = buffer_try_pull(b, size);

    if (!data) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    buffer_use_const(&buckets, data, size);
    while (buckets.size) {
        struct ofp_bucket *bucket;
        enum ofperr error;

        if (version < OFP15_VERSION) {
            const struct bucket11_wire *w = buffer_at(&buckets, 0,
                                                      sizeof *w);
            size_t len = w ? ntohs(w->len) : 0;

            if (!w || len < sizeof *w || len > buckets.size || len % 8) {
                return OFPERR_OFPGMFC_BAD_BUCKET;
            }
            buffer_pull(&buckets, len);
            error = add_decoded_bucket(group, w + 1, len - sizeof *w,
                                       version, &bucket);
            if (error) {
                return error;
            }
            bucket->weight = ntohs(w->weight);
            bucket->watch_port = ntohl(w->watch_port);
            bucket->watch_group = ntohl(w->watch_group);
        } else {
            const struct bucket15_wire *w = buffer_at(&buckets, 0,
                                                      sizeof *w);
            size_t len = w ? ntohs(w->len) : 0;
            size_t actions_len = w ? ntohs(w->action_array_len) : 0;
            struct buffer props;

            if (!w || len < sizeof *w || len > buckets.size || len % 8
                || actions_len > len - sizeof *w) {
                return OFPERR_OFPGMFC_BAD_BUCKET;
            }
            buffer_pull(&buckets, len);
            error = add_decoded_bucket(group, w + 1, actions_len, version,
                                       &bucket);
            if (error) {
                return error;
            }
            bucket->bucket_id = ntohl(w->bucket_id);
            buffer_use_const(&props, (const uint8_t *) (w + 1) + actions_len,
                             len - sizeof *w - actions_len);
            error = pull_bucket_props15(&props, bucket);
            if (error) {
                return error;
            }
        }
        if (!is_valid_watch_port(bucket->watch_port)) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
    }
    return 0;
}

/* Group-mod. */

struct buffer *
ofp_encode_group_mod(const struct ofp_group_mod *gm,
                     enum ofp_version version)
{
    struct buffer *b;

    sluice_assert(version >= OFP15_VERSION
                  || (gm->command != OFPGC_INSERT_BUCKET
                      && gm->command != OFPGC_REMOVE_BUCKET));
    if (version < OFP15_VERSION) {
        struct gm11_wire *w;

        b = ofpraw_alloc(OFPRAW_OFPT11_GROUP_MOD, version, 256);
        w = buffer_put_zeros(b, sizeof *w);
        w->command = htons(gm->command);
        w->type = gm->group.type;
        w->group_id = htonl(gm->group.group_id);
        put_buckets(&gm->group, version, b);
    } else {
        struct gm15_wire *w;
        size_t ofs, len;

        b = ofpraw_alloc(OFPRAW_OFPT15_GROUP_MOD, version, 256);
        ofs = b->size;
        w = buffer_put_zeros(b, sizeof *w);
        w->command = htons(gm->command);
        w->type = gm->group.type;
        w->group_id = htonl(gm->group.group_id);
        w->command_bucket_id = htonl(gm->command_bucket_id);
        len = put_buckets(&gm->group, version, b);
        w = buffer_at_assert(b, ofs, sizeof *w);
        w->bucket_array_len = htons(len);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_group_mod(struct ofp_group_mod *gm, const struct ofp_header *oh)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    ofp_group_mod_init(gm, OFPGC_ADD);
    buffer_use_const(&b, oh, ntohs(oh->length));
    error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw == OFPRAW_OFPT11_GROUP_MOD) {
        const struct gm11_wire *w = buffer_try_pull(&b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        gm->command = ntohs(w->command);
        gm->group.type = w->type;
        gm->group.group_id = ntohl(w->group_id);
        if (gm->command == OFPGC_INSERT_BUCKET
            || gm->command == OFPGC_REMOVE_BUCKET) {
            return OFPERR_OFPGMFC_BAD_COMMAND;
        }
        error = pull_buckets(&b, b.size, oh->version, &gm->group);
    } else if (raw == OFPRAW_OFPT15_GROUP_MOD) {
        const struct gm15_wire *w = buffer_try_pull(&b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        gm->command = ntohs(w->command);
        gm->group.type = w->type;
        gm->group.group_id = ntohl(w->group_id);
        gm->command_bucket_id = ntohl(w->command_bucket_id);
        error = pull_buckets(&b, ntohs(w->bucket_array_len), oh->version,
                             &gm->group);
        if (!error && b.size) {
            /* Group properties: selection methods are not supported. */
            struct buffer prop;
            uint16_t type;
            error = ofp_prop_pull(&b, &prop, &type);
            if (!error) {
                error = OFPERR_OFPBPC_BAD_TYPE;
            }
        }
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    return error ? error : ofp_group_mod_check(gm);
}

/* Checks GM (see ofp_group_mod_check()); on error stores in *REASON a
 * static text that says why. */
static enum ofperr
check_group_mod(const struct ofp_group_mod *gm, const char **reason)
{
    const struct ofp_group_desc *group = &gm->group;

    switch (gm->command) {
    case OFPGC_ADD:
    case OFPGC_MODIFY:
    case OFPGC_ADD_OR_MOD:
    case OFPGC_DELETE:
        break;
    case OFPGC_INSERT_BUCKET:
    case OFPGC_REMOVE_BUCKET:
        if (gm->command_bucket_id > OFPG_BUCKET_MAX
            && gm->command_bucket_id != OFPG_BUCKET_FIRST
            && gm->command_bucket_id != OFPG_BUCKET_LAST
            && gm->command_bucket_id != OFPG_BUCKET_ALL) {
            *reason = "command_bucket_id is not a bucket id";
            return OFPERR_OFPGMFC_UNKNOWN_BUCKET;
        }
        break;
    default:
        *reason = "unknown command";
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }

    if (gm->command == OFPGC_DELETE || gm->command == OFPGC_REMOVE_BUCKET) {
        return 0;
    }
    if (gm->command != OFPGC_INSERT_BUCKET) {
        if ((unsigned int) group->type >= OFPGT_N_TYPES) {
            *reason = "unknown group type";
            return OFPERR_OFPGMFC_BAD_TYPE;
        }
        if (group->type == OFPGT_INDIRECT && group->n_buckets != 1) {
            *reason = "an indirect group needs exactly one bucket";
            return OFPERR_OFPGMFC_INVALID_GROUP;
        }
    }
    for (size_t i = 0; i < group->n_buckets; i++) {
        const struct ofp_bucket *bucket = &group->buckets[i];
        bool watches = (bucket->watch_port != OFPP_ANY
                        || bucket->watch_group != OFPG_ANY);

        if (gm->command != OFPGC_INSERT_BUCKET) {
            if (bucket->weight && group->type != OFPGT_SELECT) {
                *reason = "only select groups have bucket weights";
                return OFPERR_OFPGMFC_INVALID_GROUP;
            }
            if (group->type == OFPGT_FF && !watches) {
                *reason = "a fast failover bucket must watch a port "
                          "or a group";
                return OFPERR_OFPGMFC_INVALID_GROUP;
            }
            if ((group->type == OFPGT_ALL || group->type == OFPGT_INDIRECT)
                && watches) {
                *reason = "only fast failover and select groups watch "
                          "ports and groups";
                return OFPERR_OFPGMFC_WATCH_UNSUPPORTED;
            }
        }
        if (bucket->bucket_id <= OFPG_BUCKET_MAX) {
            for (size_t j = 0; j < i; j++) {
                if (group->buckets[j].bucket_id == bucket->bucket_id) {
                    *reason = "two buckets have the same bucket_id";
                    return OFPERR_OFPGMFC_BUCKET_EXISTS;
                }
            }
        }
    }
    return 0;
}

enum ofperr
ofp_group_mod_check(const struct ofp_group_mod *gm)
{
    const char *reason;
    return check_group_mod(gm, &reason);
}

static void
format_bucket_id(uint32_t id, struct ds *ds)
{
    if (id == OFPG_BUCKET_FIRST) {
        ds_put_cstr(ds, "first");
    } else if (id == OFPG_BUCKET_LAST) {
        ds_put_cstr(ds, "last");
    } else if (id == OFPG_BUCKET_ALL) {
        ds_put_cstr(ds, "all");
    } else {
        ds_put_format(ds, "%"PRIu32, id);
    }
}

/* Formats GROUP, leaving out its type if SHOW_TYPE is false. */
static void
format_group(const struct ofp_group_desc *group, enum ofp_version version,
             bool show_type, struct ds *ds)
{
    const char *type = ofp_group_type_to_string(group->type);

    ds_put_format(ds, "group_id=%"PRIu32, group->group_id);
    if (show_type) {
        if (type) {
            ds_put_format(ds, ",type=%s", type);
        } else {
            ds_put_format(ds, ",type=%d", (int) group->type);
        }
    }
    for (size_t i = 0; i < group->n_buckets; i++) {
        const struct ofp_bucket *bucket = &group->buckets[i];

        ds_put_cstr(ds, ",bucket=");
        if (version >= OFP15_VERSION) {
            ds_put_cstr(ds, "bucket_id:");
            format_bucket_id(bucket->bucket_id, ds);
            ds_put_char(ds, ',');
        }
        if (bucket->weight != (group->type == OFPGT_SELECT ? 1 : 0)) {
            ds_put_format(ds, "weight:%"PRIu16",", bucket->weight);
        }
        if (bucket->watch_port != OFPP_ANY) {
            ds_put_cstr(ds, "watch_port:");
            ofp_port_format(bucket->watch_port, ds);
            ds_put_char(ds, ',');
        }
        if (bucket->watch_group != OFPG_ANY) {
            ds_put_format(ds, "watch_group:%"PRIu32",", bucket->watch_group);
        }
        ds_put_cstr(ds, "actions=");
        ofpacts_format(bucket->ofpacts, bucket->ofpacts_len, ds);
    }
}

void
ofp_group_desc_format(const struct ofp_group_desc *group,
                      enum ofp_version version, struct ds *ds)
{
    format_group(group, version, true, ds);
}

void
ofp_group_mod_format(const struct ofp_group_mod *gm,
                     enum ofp_version version, struct ds *ds)
{
    bool bucket_command = (gm->command == OFPGC_INSERT_BUCKET
                           || gm->command == OFPGC_REMOVE_BUCKET);

    ds_put_cstr(ds, "\n ");
    switch (gm->command) {
    case OFPGC_ADD:
        ds_put_cstr(ds, "ADD");
        break;
    case OFPGC_MODIFY:
        ds_put_cstr(ds, "MOD");
        break;
    case OFPGC_ADD_OR_MOD:
        ds_put_cstr(ds, "ADD_OR_MOD");
        break;
    case OFPGC_DELETE:
        ds_put_cstr(ds, "DEL");
        break;
    case OFPGC_INSERT_BUCKET:
        ds_put_cstr(ds, "INSERT_BUCKET");
        break;
    case OFPGC_REMOVE_BUCKET:
        ds_put_cstr(ds, "REMOVE_BUCKET");
        break;
    default:
        ds_put_format(ds, "cmd:%d", (int) gm->command);
        break;
    }
    ds_put_char(ds, ' ');
    if (bucket_command) {
        ds_put_cstr(ds, "command_bucket_id:");
        format_bucket_id(gm->command_bucket_id, ds);
        ds_put_char(ds, ',');
    }
    format_group(&gm->group, version, !bucket_command, ds);
}

/* Text parsing. */

/* Parses S as a 32-bit number (decimal or 0x hex) into *VALUE. */
static bool
parse_u32(const char *s, uint32_t *value)
{
    unsigned long long x;

    if (!str_to_ullong(s, 0, &x) || x > UINT32_MAX) {
        return false;
    }
    *value = x;
    return true;
}

static char *
parse_bucket_id(const char *s, uint32_t *id)
{
    if (!strcmp(s, "first")) {
        *id = OFPG_BUCKET_FIRST;
    } else if (!strcmp(s, "last")) {
        *id = OFPG_BUCKET_LAST;
    } else if (!strcmp(s, "all")) {
        *id = OFPG_BUCKET_ALL;
    } else if (!parse_u32(s, id) || *id > OFPG_BUCKET_MAX) {
        return xasprintf("invalid bucket id %s", s);
    }
    return NULL;
}

/* Splits the next word off the front of *SP (modified), which it
 * advances: words end at a comma or white space outside parentheses.
 * Then splits the word at its first '=' or ':' (if one comes before any
 * '(') into *KEY and *VALUE (NULL if there is none); *SEP receives the
 * separator.  Returns false at the end of the string. */
static bool
next_word(char **sp, char **key, char **value, char *sep)
{
    char *s = *sp;
    int depth = 0;

    s += strspn(s, ", \t");
    if (!*s) {
        return false;
    }
    *key = s;
    for (; *s; s++) {
        if (*s == '(') {
            depth++;
        } else if (*s == ')' && depth) {
            depth--;
        } else if (!depth && (*s == ',' || *s == ' ' || *s == '\t')) {
            break;
        }
    }
    if (*s) {
        *s++ = '\0';
    }
    *sp = s;

    size_t n = strcspn(*key, "=:(");
    if ((*key)[n] == '=' || (*key)[n] == ':') {
        *sep = (*key)[n];
        (*key)[n] = '\0';
        *value = *key + n + 1;
    } else {
        *sep = '\0';
        *value = NULL;
    }
    return true;
}

/* Parses one bucket, the text S (modified), into a new bucket of GM. */
static char *
parse_bucket(struct ofp_group_mod *gm, char *s)
{
    struct ds actions = DS_EMPTY_INITIALIZER;
    uint16_t weight = gm->group.type == OFPGT_SELECT ? 1 : 0;
    uint32_t watch_port = OFPP_ANY, watch_group = OFPG_ANY;
    uint32_t bucket_id = OFPG_BUCKET_ALL;
    char *key, *value, *error = NULL;
    char sep;

    /* Drop the separator before the next "bucket=". */
    for (size_t n = strlen(s); n && strchr(", \t", s[n - 1]); n--) {
        s[n - 1] = '\0';
    }
    while (!error && next_word(&s, &key, &value, &sep)) {
        if (!strcmp(key, "actions")) {
            /* The rest of the bucket. */
            ds_put_format(&actions, "%s%s%s%s", actions.length ? "," : "",
                          value ? value : "", *s ? "," : "", s);
            s += strlen(s);
        } else if (value && !strcmp(key, "weight")) {
            uint32_t x;
            if (!parse_u32(value, &x) || x > UINT16_MAX) {
                error = xasprintf("invalid weight \"%s\"", value);
            } else {
                weight = x;
            }
        } else if (value && !strcmp(key, "watch_port")) {
            if (!ofp_port_from_string(value, &watch_port)
                || !is_valid_watch_port(watch_port)) {
                error = xasprintf("%s: invalid watch_port", value);
            }
        } else if (value && !strcmp(key, "watch_group")) {
            if (!strcmp(value, "any") || !strcmp(value, "ANY")) {
                watch_group = OFPG_ANY;
            } else if (!parse_u32(value, &watch_group)
                       || watch_group > OFPG_MAX) {
                error = xasprintf("invalid watch_group id %s", value);
            }
        } else if (value && !strcmp(key, "bucket_id")) {
            error = parse_bucket_id(value, &bucket_id);
            if (!error && bucket_id > OFPG_BUCKET_MAX) {
                error = xasprintf("invalid bucket id %s", value);
            }
        } else {
            /* An action: put the word back together. */
            if (actions.length) {
                ds_put_char(&actions, ',');
            }
            ds_put_cstr(&actions, key);
            if (value) {
                ds_put_format(&actions, "%c%s", sep, value);
            }
        }
    }

    if (!error) {
        struct buffer ofpacts;
        buffer_init(&ofpacts, 64);
        error = ofpacts_parse(ds_cstr(&actions), &ofpacts);
        if (!error) {
            struct ofp_bucket *bucket = ofp_group_add_bucket(
                &gm->group, ofpacts.data, ofpacts.size);
            bucket->weight = weight;
            bucket->watch_port = watch_port;
            bucket->watch_group = watch_group;
            bucket->bucket_id = bucket_id;
        }
        buffer_uninit(&ofpacts);
    }
    ds_destroy(&actions);
    return error;
}

static char *
parse_group_mod__(struct ofp_group_mod *gm, char *s)
{
    char *buckets = strstr(s, "bucket=");
    bool have_group_id = false, have_type = false;
    char *key, *value, *error;
    char sep;

    if (buckets) {
        *buckets = '\0';
        buckets += strlen("bucket=");
    }

    while (next_word(&s, &key, &value, &sep)) {
        if (!value) {
            return xasprintf("field %s missing value", key);
        } else if (!strcmp(key, "group_id")) {
            if (!strcmp(value, "all")) {
                gm->group.group_id = OFPG_ALL;
            } else if (!strcmp(value, "any")) {
                gm->group.group_id = OFPG_ANY;
            } else if (!parse_u32(value, &gm->group.group_id)
                       || gm->group.group_id > OFPG_MAX) {
                return xasprintf("invalid group id %s", value);
            }
            have_group_id = true;
        } else if (!strcmp(key, "type")) {
            if (!strcmp(value, "all")) {
                gm->group.type = OFPGT_ALL;
            } else if (!strcmp(value, "select")) {
                gm->group.type = OFPGT_SELECT;
            } else if (!strcmp(value, "indirect")) {
                gm->group.type = OFPGT_INDIRECT;
            } else if (!strcmp(value, "ff")
                       || !strcmp(value, "fast_failover")) {
                gm->group.type = OFPGT_FF;
            } else {
                return xasprintf("invalid group type %s", value);
            }
            have_type = true;
        } else if (!strcmp(key, "command_bucket_id")) {
            if (gm->command != OFPGC_INSERT_BUCKET
                && gm->command != OFPGC_REMOVE_BUCKET) {
                return xstrdup("command_bucket_id is not needed");
            }
            error = parse_bucket_id(value, &gm->command_bucket_id);
            if (error) {
                return error;
            }
        } else {
            return xasprintf("unknown keyword %s", key);
        }
    }

    if (!have_group_id) {
        if (gm->command == OFPGC_DELETE) {
            gm->group.group_id = OFPG_ALL;
        } else {
            return xstrdup("must specify a group_id");
        }
    }
    if (!have_type && (gm->command == OFPGC_ADD
                       || gm->command == OFPGC_MODIFY
                       || gm->command == OFPGC_ADD_OR_MOD)) {
        return xstrdup("must specify a type");
    }
    if (buckets && (gm->command == OFPGC_DELETE
                    || gm->command == OFPGC_REMOVE_BUCKET)) {
        return xstrdup("buckets are not allowed when deleting");
    }

    while (buckets) {
        char *next = strstr(buckets, "bucket=");
        if (next) {
            *next = '\0';
            next += strlen("bucket=");
        }
        error = parse_bucket(gm, buckets);
        if (error) {
            char *msg = xasprintf("group %"PRIu32": bucket %zu: %s",
                                  gm->group.group_id,
                                  gm->group.n_buckets + 1, error);
            free(error);
            return msg;
        }
        buckets = next;
    }

    /* Open vSwitch numbers buckets without ids from 0 in order, past the
     * ids that are given. */
    uint32_t next_id = 0;
    for (size_t i = 0; i < gm->group.n_buckets; i++) {
        uint32_t id = gm->group.buckets[i].bucket_id;
        if (id != OFPG_BUCKET_ALL && id >= next_id) {
            next_id = id + 1;
        }
    }
    for (size_t i = 0; i < gm->group.n_buckets; i++) {
        if (gm->group.buckets[i].bucket_id == OFPG_BUCKET_ALL) {
            gm->group.buckets[i].bucket_id = next_id++;
        }
    }

    if (gm->command == OFPGC_INSERT_BUCKET
        || gm->command == OFPGC_REMOVE_BUCKET) {
        return NULL;
    }
    const char *reason;
    if (check_group_mod(gm, &reason)) {
        return xasprintf("group %"PRIu32": %s", gm->group.group_id, reason);
    }
    return NULL;
}

char *
ofp_parse_group_mod(struct ofp_group_mod *gm,
                    enum ofp_group_mod_command command, const char *s)
{
    char *copy = xstrdup(s);
    char *error;

    ofp_group_mod_init(gm, command);
    error = parse_group_mod__(gm, copy);
    free(copy);
    return error;
}

/* Group stats. */

void
ofp_group_stats_uninit(struct ofp_group_stats *gs)
{
    if (gs) {
        free(gs->buckets);
        gs->buckets = NULL;
        gs->n_buckets = 0;
    }
}

struct buffer *
ofp_encode_group_stats_request(enum ofp_version version, uint32_t group_id)
{
    struct buffer *b = ofpraw_alloc(OFPRAW_OFPST11_GROUP_REQUEST, version,
                                    0);
    struct group_request_wire *w = buffer_put_zeros(b, sizeof *w);
    w->group_id = htonl(group_id);
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_group_stats_request(const struct ofp_header *oh,
                               uint32_t *group_id)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    buffer_use_const(&b, oh, ntohs(oh->length));
    error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST11_GROUP_REQUEST) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const struct group_request_wire *w = buffer_try_pull(&b, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *group_id = ntohl(w->group_id);
    return 0;
}

void
ofp_append_group_stats(const struct ofp_group_stats *gs,
                       struct list *replies)
{
    enum ofp_version version = ofpmp_version(replies);
    size_t base = (version >= OFP13_VERSION ? 40 : 32);
    size_t size = base + gs->n_buckets * sizeof(struct bucket_counter_wire);
    uint8_t *p = ofpmp_append(replies, size);
    struct group_stats11_wire *w = (struct group_stats11_wire *) p;

    w->length = htons(size);
    w->group_id = htonl(gs->group_id);
    w->ref_count = htonl(gs->ref_count);
    w->packet_count = htonll(gs->packet_count);
    w->byte_count = htonll(gs->byte_count);
    if (version >= OFP13_VERSION) {
        put_unaligned_be32(p + 32, htonl(gs->duration_sec));
        put_unaligned_be32(p + 36, htonl(gs->duration_nsec));
    }
    for (size_t i = 0; i < gs->n_buckets; i++) {
        struct bucket_counter_wire *bc = (struct bucket_counter_wire *)
            (p + base + i * sizeof *bc);
        bc->packet_count = htonll(gs->buckets[i].packet_count);
        bc->byte_count = htonll(gs->buckets[i].byte_count);
    }
}

/* Pulls MSG's headers on the first call; returns its raw type. */
static enum ofperr
start_reply(struct buffer *msg, enum ofpraw *raw)
{
    if (buffer_header(msg)) {
        return ofpraw_decode(raw, buffer_header(msg));
    }
    return ofpraw_pull(raw, msg);
}

int
ofp_decode_group_stats_reply(struct ofp_group_stats *gs, struct buffer *msg)
{
    enum ofpraw raw;
    enum ofperr error;

    memset(gs, 0, sizeof *gs);
    error = start_reply(msg, &raw);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST11_GROUP_REPLY
        && raw != OFPRAW_OFPST13_GROUP_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (!msg->size) {
        return EOF;
    }

    size_t base = raw == OFPRAW_OFPST13_GROUP_REPLY ? 40 : 32;
    const uint8_t *p = buffer_at(msg, 0, base);
    size_t length = p ? ntohs(get_unaligned_be16(p)) : 0;
    if (!p || length < base || length > msg->size
        || (length - base) % sizeof(struct bucket_counter_wire)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    buffer_pull(msg, length);

    const struct group_stats11_wire *w = (const void *) p;
    gs->group_id = ntohl(w->group_id);
    gs->ref_count = ntohl(w->ref_count);
    gs->packet_count = ntohll(get_unaligned_be64(&w->packet_count));
    gs->byte_count = ntohll(get_unaligned_be64(&w->byte_count));
    if (base == 40) {
        gs->duration_sec = ntohl(get_unaligned_be32(p + 32));
        gs->duration_nsec = ntohl(get_unaligned_be32(p + 36));
    } else {
        gs->duration_sec = gs->duration_nsec = UINT32_MAX;
    }
    gs->n_buckets = (length - base) / sizeof(struct bucket_counter_wire);
    gs->buckets = xcalloc(gs->n_buckets ? gs->n_buckets : 1,
                          sizeof *gs->buckets);
    for (size_t i = 0; i < gs->n_buckets; i++) {
        const uint8_t *bc = p + base + i * sizeof(struct bucket_counter_wire);
        gs->buckets[i].packet_count = ntohll(get_unaligned_be64(bc));
        gs->buckets[i].byte_count = ntohll(get_unaligned_be64(bc + 8));
    }
    return 0;
}

void
ofp_group_stats_format(const struct ofp_group_stats *gs, struct ds *ds)
{
    ds_put_format(ds, "group_id=%"PRIu32",", gs->group_id);
    if (gs->duration_sec != UINT32_MAX) {
        ds_put_format(ds, "duration=%"PRIu32".%09"PRIu32"s,",
                      gs->duration_sec, gs->duration_nsec);
    }
    ds_put_format(ds, "ref_count=%"PRIu32",packet_count=%"PRIu64","
                  "byte_count=%"PRIu64, gs->ref_count, gs->packet_count,
                  gs->byte_count);
    for (size_t i = 0; i < gs->n_buckets; i++) {
        ds_put_format(ds, ",bucket%zu:packet_count=%"PRIu64","
                      "byte_count=%"PRIu64, i, gs->buckets[i].packet_count,
                      gs->buckets[i].byte_count);
    }
}

enum ofperr
ofp_group_stats_reply_format(struct buffer *msg, struct ds *ds)
{
    for (;;) {
        struct ofp_group_stats gs;
        int error = ofp_decode_group_stats_reply(&gs, msg);
        if (error == EOF) {
            return 0;
        } else if (error) {
            return error;
        }
        ds_put_cstr(ds, "\n ");
        ofp_group_stats_format(&gs, ds);
        ofp_group_stats_uninit(&gs);
    }
}

/* Group desc. */

struct buffer *
ofp_encode_group_desc_request(enum ofp_version version, uint32_t group_id)
{
    struct buffer *b;

    if (version < OFP15_VERSION) {
        b = ofpraw_alloc(OFPRAW_OFPST11_GROUP_DESC_REQUEST, version, 0);
    } else {
        struct group_request_wire *w;
        b = ofpraw_alloc(OFPRAW_OFPST15_GROUP_DESC_REQUEST, version, 0);
        w = buffer_put_zeros(b, sizeof *w);
        w->group_id = htonl(group_id);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_group_desc_request(const struct ofp_header *oh,
                              uint32_t *group_id)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    buffer_use_const(&b, oh, ntohs(oh->length));
    error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw == OFPRAW_OFPST11_GROUP_DESC_REQUEST) {
        *group_id = OFPG_ALL;
        return 0;
    } else if (raw == OFPRAW_OFPST15_GROUP_DESC_REQUEST) {
        const struct group_request_wire *w = buffer_try_pull(&b, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        *group_id = ntohl(w->group_id);
        return 0;
    }
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
ofp_append_group_desc(const struct ofp_group_desc *group,
                      struct list *replies)
{
    enum ofp_version version = ofpmp_version(replies);
    struct buffer *msg = ofpmp_reserve(replies, 0);
    size_t start = msg->size;

    if (version < OFP15_VERSION) {
        struct desc11_wire *w = buffer_put_zeros(msg, sizeof *w);
        w->type = group->type;
        w->group_id = htonl(group->group_id);
        put_buckets(group, version, msg);
        w = buffer_at_assert(msg, start, sizeof *w);
        w->length = htons(msg->size - start);
    } else {
        struct desc15_wire *w = buffer_put_zeros(msg, sizeof *w);
        size_t len;
        w->type = group->type;
        w->group_id = htonl(group->group_id);
        len = put_buckets(group, version, msg);
        w = buffer_at_assert(msg, start, sizeof *w);
        w->length = htons(msg->size - start);
        w->bucket_list_len = htons(len);
    }
    ofpmp_postappend(replies, start);
}

int
ofp_decode_group_desc_reply(struct ofp_group_desc *group, struct buffer *msg)
{
    enum ofpraw raw;
    enum ofperr error;
    enum ofp_version version;

    ofp_group_desc_init(group, 0, OFPGT_ALL);
    error = start_reply(msg, &raw);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST11_GROUP_DESC_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (!msg->size) {
        return EOF;
    }
    version = ((const struct ofp_header *) buffer_header(msg))->version;

    size_t base = version < OFP15_VERSION ? sizeof(struct desc11_wire)
                                          : sizeof(struct desc15_wire);
    const uint8_t *p = buffer_at(msg, 0, base);
    size_t length = p ? ntohs(get_unaligned_be16(p)) : 0;
    if (!p || length < base || length > msg->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    buffer_pull(msg, length);

    struct buffer body;
    size_t buckets_len = length - base;
    buffer_use_const(&body, p + base, buckets_len);
    group->type = p[2];
    group->group_id = ntohl(get_unaligned_be32(p + 4));
    if (version >= OFP15_VERSION) {
        size_t list_len = ntohs(get_unaligned_be16(p + 8));
        if (list_len > buckets_len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        /* Group properties after the buckets are skipped. */
        buckets_len = list_len;
    }
    return pull_buckets(&body, buckets_len, version, group);
}

enum ofperr
ofp_group_desc_reply_format(struct buffer *msg, struct ds *ds)
{
    for (;;) {
        struct ofp_group_desc group;
        int error = ofp_decode_group_desc_reply(&group, msg);
        if (error) {
            ofp_group_desc_uninit(&group);
            return error == EOF ? 0 : error;
        }
        ds_put_cstr(ds, "\n ");
        ofp_group_desc_format(&group, ((const struct ofp_header *)
                                       buffer_header(msg))->version, ds);
        ofp_group_desc_uninit(&group);
    }
}

/* Group features. */

struct buffer *
ofp_encode_group_features_request(enum ofp_version version)
{
    struct buffer *b = ofpraw_alloc(OFPRAW_OFPST12_GROUP_FEATURES_REQUEST,
                                    version, 0);
    ofpmsg_update_length(b);
    return b;
}

struct buffer *
ofp_encode_group_features_reply(const struct ofp_group_features *gf,
                                const struct ofp_header *request)
{
    struct buffer *b = ofpraw_alloc_stats_reply(request, 0);
    struct group_features_wire *w = buffer_put_zeros(b, sizeof *w);

    w->types = htonl(gf->types);
    w->capabilities = htonl(gf->capabilities);
    for (int i = 0; i < OFPGT_N_TYPES; i++) {
        w->max_groups[i] = htonl(gf->max_groups[i]);
        w->actions[i] = htonl(gf->actions[i]);
    }
    ofpmsg_update_length(b);
    return b;
}

enum ofperr
ofp_decode_group_features_reply(const struct ofp_header *oh,
                                struct ofp_group_features *gf)
{
    struct buffer b;
    enum ofpraw raw;
    enum ofperr error;

    buffer_use_const(&b, oh, ntohs(oh->length));
    error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST12_GROUP_FEATURES_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const struct group_features_wire *w = buffer_try_pull(&b, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gf->types = ntohl(w->types);
    gf->capabilities = ntohl(w->capabilities);
    for (int i = 0; i < OFPGT_N_TYPES; i++) {
        gf->max_groups[i] = ntohl(w->max_groups[i]);
        gf->actions[i] = ntohl(w->actions[i]);
    }
    return 0;
}

/* The OpenFlow 1.2+ action types that group features report, in the order
 * and with the names Open vSwitch prints them. */
static const struct {
    int bit;
    const char *name;
} feature_actions[] = {
    { 0, "output" },
    { 22, "group" },
    { 25, "set_field" },
    { 18, "strip_vlan" },
    { 17, "push_vlan" },
    { 23, "mod_nw_ttl" },
    { 24, "dec_ttl" },
    { 15, "set_mpls_ttl" },
    { 16, "dec_mpls_ttl" },
    { 19, "push_mpls" },
    { 20, "pop_mpls" },
    { 21, "set_queue" },
};

void
ofp_group_features_format(const struct ofp_group_features *gf,
                          struct ds *ds)
{
    static const char *const section_names[OFPGT_N_TYPES] = {
        "all", "select", "indirect", "fast failover",
    };

    ds_put_format(ds, "\n Group table:\n    Types:  0x%"PRIx32"\n"
                  "    Capabilities:  0x%"PRIx32"\n",
                  gf->types, gf->capabilities);
    for (int i = 0; i < OFPGT_N_TYPES; i++) {
        if (!(gf->types & (1u << i))) {
            continue;
        }
        ds_put_format(ds, "    %s group:\n       max_groups=0x%"PRIx32"\n"
                      "       actions: ", section_names[i],
                      gf->max_groups[i]);
        bool first = true;
        for (size_t j = 0; j < ARRAY_SIZE(feature_actions); j++) {
            if (gf->actions[i] & (1u << feature_actions[j].bit)) {
                ds_put_format(ds, "%s%s", first ? "" : " ",
                              feature_actions[j].name);
                first = false;
            }
        }
        ds_put_char(ds, '\n');
    }
}

void
ofp_group_id_format(uint32_t group_id, struct ds *ds)
{
    if (group_id == OFPG_ALL) {
        ds_put_cstr(ds, "ALL");
    } else if (group_id == OFPG_ANY) {
        ds_put_cstr(ds, "ANY");
    } else {
        ds_put_format(ds, "%"PRIu32, group_id);
    }
}

enum ofperr
ofp_group_request_format(const struct ofp_header *oh, struct ds *ds)
{
    uint32_t group_id;
    enum ofperr error = ofp_decode_group_stats_request(oh, &group_id);

    if (error == OFPERR_OFPBRC_BAD_TYPE) {
        error = ofp_decode_group_desc_request(oh, &group_id);
    }
    if (!error) {
        ds_put_cstr(ds, " group_id=");
        ofp_group_id_format(group_id, ds);
    }
    return error;
}

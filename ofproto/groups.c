/* groups: a switch's OpenFlow group table.  See groups.h. */

#include <config.h>
#include "groups.h"

#include "ofproto-private.h"

#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "connmgr.h"
#include "hash.h"
#include "list.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "tables.h"
#include "timeval.h"
#include "upcall.h"
#include "util.h"

/* How deep liveness follows watched groups (chains deeper than this are
 * taken as dead). */
#define MAX_WATCH_DEPTH 32

struct ofgroup *
ofgroup_find(const struct ofproto *ofproto, uint32_t group_id)
{
    struct ofgroup *group;
    HMAP_FOR_EACH_WITH_HASH (group, node, hash_int(group_id, 0),
                             &ofproto->groups) {
        if (group->desc.group_id == group_id) {
            return group;
        }
    }
    return NULL;
}

static bool
port_is_live(const struct ofproto *ofproto, uint32_t ofp_port)
{
    const struct ofport *port = ofport_find(ofproto, ofp_port);
    return port && !(port->config & OFP_PC_PORT_DOWN)
           && (port->desc.state & OFP_PS_LIVE);
}

bool
ofgroup_bucket_is_live(const struct ofproto *ofproto,
                       const struct ofp_bucket *bucket, int depth)
{
    if (bucket->watch_port != OFPP_ANY
        && !port_is_live(ofproto, bucket->watch_port)) {
        return false;
    }
    if (bucket->watch_group != OFPG_ANY) {
        const struct ofgroup *g = ofgroup_find(ofproto, bucket->watch_group);
        if (!g || depth >= MAX_WATCH_DEPTH
            || !ofgroup_is_live(ofproto, g, depth + 1)) {
            return false;
        }
    }
    return true;
}

bool
ofgroup_is_live(const struct ofproto *ofproto, const struct ofgroup *group,
                int depth)
{
    for (size_t i = 0; i < group->desc.n_buckets; i++) {
        if (ofgroup_bucket_is_live(ofproto, &group->desc.buckets[i], depth)) {
            return true;
        }
    }
    return false;
}

int
ofgroup_select_bucket(const struct ofproto *ofproto,
                      const struct ofgroup *group, uint32_t hash)
{
    uint64_t best_score = 0;
    int best = -1;

    for (size_t i = 0; i < group->desc.n_buckets; i++) {
        const struct ofp_bucket *b = &group->desc.buckets[i];
        if (!b->weight || !ofgroup_bucket_is_live(ofproto, b, 0)) {
            continue;
        }
        /* Highest random weight: each bucket draws a number from the
         * packet's hash and its own id; the largest, scaled by the
         * weight, wins. */
        uint64_t score = (uint64_t) ((hash_int(b->bucket_id, hash) & 0xffff)
                                     + 1) * b->weight;
        if (score > best_score) {
            best_score = score;
            best = i;
        }
    }
    return best;
}

void
ofgroup_account(struct ofgroup *group, int bucket, uint64_t n_packets,
                uint64_t n_bytes)
{
    if (bucket < 0) {
        group->n_packets += n_packets;
        group->n_bytes += n_bytes;
    } else if ((size_t) bucket < group->desc.n_buckets) {
        group->bucket_stats[bucket].packet_count += n_packets;
        group->bucket_stats[bucket].byte_count += n_bytes;
    }
}

/* Group-mod. */

static void
ofgroup_free(struct ofgroup *group)
{
    if (group) {
        ofp_group_desc_uninit(&group->desc);
        free(group->bucket_stats);
        free(group);
    }
}

/* Copies bucket SRC to the end of DST's buckets. */
static void
copy_bucket(struct ofp_group_desc *dst, const struct ofp_bucket *src)
{
    struct ofp_bucket *b = ofp_group_add_bucket(dst, src->ofpacts,
                                                src->ofpacts_len);
    b->weight = src->weight;
    b->watch_port = src->watch_port;
    b->watch_group = src->watch_group;
    b->bucket_id = src->bucket_id;
}

/* Gives every bucket of DESC without an id the next one after the highest
 * id so far. */
static void
number_buckets(struct ofp_group_desc *desc)
{
    uint32_t next = 0;
    for (size_t i = 0; i < desc->n_buckets; i++) {
        uint32_t id = desc->buckets[i].bucket_id;
        if (id <= OFPG_BUCKET_MAX && id >= next) {
            next = id + 1;
        }
    }
    for (size_t i = 0; i < desc->n_buckets; i++) {
        if (desc->buckets[i].bucket_id > OFPG_BUCKET_MAX) {
            desc->buckets[i].bucket_id = next++;
        }
    }
}

static int
find_bucket(const struct ofp_group_desc *desc, uint32_t bucket_id)
{
    for (size_t i = 0; i < desc->n_buckets; i++) {
        if (desc->buckets[i].bucket_id == bucket_id) {
            return i;
        }
    }
    return -1;
}

/* Checks the actions of the buckets of DESC as Open vSwitch does: what
 * any action list must pass, without a match for prerequisites.  A bucket
 * may name a group that does not exist (it then drops) or, through a
 * chain, its own group: translation bounds the work either way. */
static enum ofperr
check_buckets(const struct ofp_group_desc *desc)
{
    for (size_t i = 0; i < desc->n_buckets; i++) {
        const struct ofp_bucket *b = &desc->buckets[i];
        struct ofpact_check_params params = {
            .match = NULL,
            .max_ports = OFPP_MAX,
            .table_id = 0xff,
            .n_tables = OFTABLES_N,
        };
        enum ofperr error = ofpacts_verify_order(b->ofpacts, b->ofpacts_len);
        if (!error) {
            error = ofpacts_check(b->ofpacts, b->ofpacts_len, &params);
        }
        if (error) {
            return error;
        }
    }
    return 0;
}

/* Makes NEW the group of its id in OFPROTO, in place of OLD (if
 * nonnull), keeping OLD's counters for the buckets that stay. */
static void
install_group(struct ofproto *ofproto, struct ofgroup *old,
              struct ofgroup *new)
{
    new->bucket_stats = xcalloc(new->desc.n_buckets + 1,
                                sizeof *new->bucket_stats);
    mutex_lock(&ofproto_mutex);
    if (old) {
        new->created = old->created;
        new->n_packets = old->n_packets;
        new->n_bytes = old->n_bytes;
        for (size_t i = 0; i < new->desc.n_buckets; i++) {
            int j = find_bucket(&old->desc, new->desc.buckets[i].bucket_id);
            if (j >= 0) {
                new->bucket_stats[i] = old->bucket_stats[j];
            }
        }
        hmap_replace(&ofproto->groups, &old->node, &new->node);
    } else {
        hmap_insert(&ofproto->groups, &new->node,
                    hash_int(new->desc.group_id, 0));
    }
    mutex_unlock(&ofproto_mutex);
    ofgroup_free(old);
    upcall_request_revalidation();
}

static bool
uses_group(const void *ofpacts, size_t len, void *group_id_)
{
    const uint32_t *group_id = group_id_;
    return ofpacts_output_to(ofpacts, len, OFPP_ANY, *group_id);
}

static void
delete_group(struct ofproto *ofproto, struct ofgroup *group)
{
    uint32_t id = group->desc.group_id;
    tables_delete_if(&ofproto->tables, uses_group, &id, OFPRR_GROUP_DELETE);
    mutex_lock(&ofproto_mutex);
    hmap_remove(&ofproto->groups, &group->node);
    mutex_unlock(&ofproto_mutex);
    ofgroup_free(group);
    upcall_request_revalidation();
}

static struct ofgroup *
new_group_from(const struct ofp_group_desc *desc)
{
    struct ofgroup *g = xzalloc(sizeof *g);
    ofp_group_desc_init(&g->desc, desc->group_id, desc->type);
    for (size_t i = 0; i < desc->n_buckets; i++) {
        copy_bucket(&g->desc, &desc->buckets[i]);
    }
    number_buckets(&g->desc);
    g->created = time_msec();
    return g;
}

static enum ofperr
add_or_modify(struct ofproto *ofproto, const struct ofp_group_mod *gm)
{
    struct ofgroup *old = ofgroup_find(ofproto, gm->group.group_id);

    if (gm->group.group_id > OFPG_MAX) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    if (gm->command == OFPGC_ADD && old) {
        return OFPERR_OFPGMFC_GROUP_EXISTS;
    }
    if (gm->command == OFPGC_MODIFY && !old) {
        return OFPERR_OFPGMFC_UNKNOWN_GROUP;
    }
    enum ofperr error = check_buckets(&gm->group);
    if (error) {
        return error;
    }
    install_group(ofproto, old, new_group_from(&gm->group));
    return 0;
}

static enum ofperr
insert_buckets(struct ofproto *ofproto, const struct ofp_group_mod *gm)
{
    struct ofgroup *old = ofgroup_find(ofproto, gm->group.group_id);
    if (!old) {
        return OFPERR_OFPGMFC_UNKNOWN_GROUP;
    }

    /* Where: first, last, or just after the bucket that command_bucket_id
     * names (as Open vSwitch does). */
    size_t at = old->desc.n_buckets;
    if (gm->command_bucket_id == OFPG_BUCKET_FIRST) {
        at = 0;
    } else if (gm->command_bucket_id <= OFPG_BUCKET_MAX) {
        int i = find_bucket(&old->desc, gm->command_bucket_id);
        if (i < 0) {
            return OFPERR_OFPGMFC_UNKNOWN_BUCKET;
        }
        at = i + 1;
    }
    for (size_t i = 0; i < gm->group.n_buckets; i++) {
        uint32_t id = gm->group.buckets[i].bucket_id;
        if (id <= OFPG_BUCKET_MAX && find_bucket(&old->desc, id) >= 0) {
            return OFPERR_OFPGMFC_BUCKET_EXISTS;
        }
    }

    struct ofp_group_desc desc;
    ofp_group_desc_init(&desc, old->desc.group_id, old->desc.type);
    for (size_t i = 0; i < at; i++) {
        copy_bucket(&desc, &old->desc.buckets[i]);
    }
    for (size_t i = 0; i < gm->group.n_buckets; i++) {
        copy_bucket(&desc, &gm->group.buckets[i]);
        if (old->desc.type != OFPGT_SELECT) {
            desc.buckets[desc.n_buckets - 1].weight = 0;
        }
    }
    for (size_t i = at; i < old->desc.n_buckets; i++) {
        copy_bucket(&desc, &old->desc.buckets[i]);
    }
    enum ofperr error = check_buckets(&desc);
    if (!error && desc.type == OFPGT_INDIRECT && desc.n_buckets != 1) {
        error = OFPERR_OFPGMFC_INVALID_GROUP;
    }
    if (!error) {
        install_group(ofproto, old, new_group_from(&desc));
    }
    ofp_group_desc_uninit(&desc);
    return error;
}

static enum ofperr
remove_buckets(struct ofproto *ofproto, const struct ofp_group_mod *gm)
{
    struct ofgroup *old = ofgroup_find(ofproto, gm->group.group_id);
    if (!old) {
        return OFPERR_OFPGMFC_UNKNOWN_GROUP;
    }

    int only = -1;                  /* Remove just this index, or... */
    if (gm->command_bucket_id == OFPG_BUCKET_FIRST) {
        only = old->desc.n_buckets ? 0 : -2;
    } else if (gm->command_bucket_id == OFPG_BUCKET_LAST) {
        only = old->desc.n_buckets ? (int) old->desc.n_buckets - 1 : -2;
    } else if (gm->command_bucket_id <= OFPG_BUCKET_MAX) {
        only = find_bucket(&old->desc, gm->command_bucket_id);
        if (only < 0) {
            return OFPERR_OFPGMFC_UNKNOWN_BUCKET;
        }
    }
    if (only == -2) {
        return 0;                   /* No bucket to remove. */
    }

    struct ofp_group_desc desc;
    ofp_group_desc_init(&desc, old->desc.group_id, old->desc.type);
    for (size_t i = 0; i < old->desc.n_buckets; i++) {
        if (only >= 0 && (size_t) only != i) {
            copy_bucket(&desc, &old->desc.buckets[i]);
        }
    }
    install_group(ofproto, old, new_group_from(&desc));
    ofp_group_desc_uninit(&desc);
    return 0;
}

enum ofperr
groups_handle_mod(struct ofproto *ofproto, const struct ofp_header *oh)
{
    struct ofp_group_mod gm;
    enum ofperr error = ofp_decode_group_mod(&gm, oh);

    if (!error) {
        switch (gm.command) {
        case OFPGC_ADD:
        case OFPGC_MODIFY:
        case OFPGC_ADD_OR_MOD:
            error = add_or_modify(ofproto, &gm);
            break;
        case OFPGC_DELETE:
            if (gm.group.group_id == OFPG_ALL) {
                struct ofgroup *g;
                HMAP_FOR_EACH_SAFE (g, node, &ofproto->groups) {
                    delete_group(ofproto, g);
                }
            } else {
                struct ofgroup *g = ofgroup_find(ofproto, gm.group.group_id);
                if (g) {
                    delete_group(ofproto, g);
                }
            }
            break;
        case OFPGC_INSERT_BUCKET:
            error = insert_buckets(ofproto, &gm);
            break;
        case OFPGC_REMOVE_BUCKET:
            error = remove_buckets(ofproto, &gm);
            break;
        default:
            error = OFPERR_OFPGMFC_BAD_COMMAND;
            break;
        }
    }
    ofp_group_mod_uninit(&gm);
    return error;
}

void
groups_destroy(struct ofproto *ofproto)
{
    struct ofgroup *g;
    mutex_lock(&ofproto_mutex);
    HMAP_FOR_EACH_POP (g, node, &ofproto->groups) {
        ofgroup_free(g);
    }
    mutex_unlock(&ofproto_mutex);
}

/* Requests. */

/* Returns OFPROTO's groups that GROUP_ID selects (OFPG_ALL: every group),
 * sorted by id, in a malloc'd array of *N. */
static struct ofgroup **
selected_groups(const struct ofproto *ofproto, uint32_t group_id, size_t *n)
{
    struct ofgroup **groups;

    *n = 0;
    if (group_id != OFPG_ALL) {
        struct ofgroup *g = ofgroup_find(ofproto, group_id);
        groups = xmalloc(sizeof *groups);
        if (g) {
            groups[(*n)++] = g;
        }
        return groups;
    }
    groups = xmalloc((hmap_count(&ofproto->groups) + 1) * sizeof *groups);
    struct ofgroup *g;
    HMAP_FOR_EACH (g, node, &ofproto->groups) {
        groups[(*n)++] = g;
    }
    for (size_t i = 1; i < *n; i++) {      /* Insertion sort by id. */
        struct ofgroup *x = groups[i];
        size_t j = i;
        for (; j > 0 && groups[j - 1]->desc.group_id > x->desc.group_id;
             j--) {
            groups[j] = groups[j - 1];
        }
        groups[j] = x;
    }
    return groups;
}

/* Answers request OH on OFPROTO's connection OFCONN with a multipart
 * reply that APPEND fills with each group that GROUP_ID selects, in order
 * of id. */
static void
reply_per_group(struct ofproto *ofproto, struct ofconn *ofconn,
                const struct ofp_header *oh, uint32_t group_id,
                void (*append)(struct ofproto *, struct ofgroup *,
                               struct list *replies))
{
    struct list replies;
    size_t n;

    ofpmp_init(&replies, oh);
    struct ofgroup **groups = selected_groups(ofproto, group_id, &n);
    for (size_t i = 0; i < n; i++) {
        append(ofproto, groups[i], &replies);
    }
    free(groups);
    ofconn_send_replies(ofconn, &replies);
}

static void
append_group_stats(struct ofproto *ofproto, struct ofgroup *g,
                   struct list *replies)
{
    uint32_t id = g->desc.group_id;
    long long int now = time_msec();
    struct ofp_group_stats gs = {
        .group_id = id,
        .ref_count = tables_count_if(&ofproto->tables, uses_group, &id),
        .duration_sec = (now - g->created) / 1000,
        .duration_nsec = ((now - g->created) % 1000) * 1000000,
        .n_buckets = g->desc.n_buckets,
    };
    gs.buckets = xcalloc(g->desc.n_buckets + 1, sizeof *gs.buckets);
    mutex_lock(&ofproto_mutex);
    gs.packet_count = g->n_packets;
    gs.byte_count = g->n_bytes;
    memcpy(gs.buckets, g->bucket_stats,
           g->desc.n_buckets * sizeof *gs.buckets);
    mutex_unlock(&ofproto_mutex);
    ofp_append_group_stats(&gs, replies);
    free(gs.buckets);
}

static void
append_group_desc(struct ofproto *ofproto SLUICE_UNUSED, struct ofgroup *g,
                  struct list *replies)
{
    ofp_append_group_desc(&g->desc, replies);
}

enum ofperr
groups_handle_stats(struct ofproto *ofproto, struct ofconn *ofconn,
                    const struct ofp_header *oh)
{
    uint32_t group_id;
    enum ofperr error = ofp_decode_group_stats_request(oh, &group_id);
    if (!error) {
        reply_per_group(ofproto, ofconn, oh, group_id, append_group_stats);
    }
    return error;
}

enum ofperr
groups_handle_desc(struct ofproto *ofproto, struct ofconn *ofconn,
                   const struct ofp_header *oh)
{
    uint32_t group_id;
    enum ofperr error = ofp_decode_group_desc_request(oh, &group_id);
    if (!error) {
        reply_per_group(ofproto, ofconn, oh, group_id, append_group_desc);
    }
    return error;
}

enum ofperr
groups_handle_features(struct ofconn *ofconn, const struct ofp_header *oh)
{
    /* The OpenFlow 1.2+ actions a bucket may hold, as bits by action
     * type: output, copy TTLs, MPLS TTLs, push/pop VLAN and MPLS, set
     * queue, group, set and decrement the IP TTL, set field. */
    static const uint32_t actions = ((1u << 0) | (1u << 11) | (1u << 12)
                                     | (1u << 15) | (1u << 16) | (1u << 17)
                                     | (1u << 18) | (1u << 19) | (1u << 20)
                                     | (1u << 21) | (1u << 22) | (1u << 23)
                                     | (1u << 24) | (1u << 25));
    struct ofp_group_features gf = {
        .types = (1u << OFPGT_N_TYPES) - 1,
        .capabilities = (OFPGFC_SELECT_WEIGHT | OFPGFC_SELECT_LIVENESS
                         | OFPGFC_CHAINING),
    };
    for (int i = 0; i < OFPGT_N_TYPES; i++) {
        gf.max_groups[i] = OFGROUPS_MAX;
        gf.actions[i] = actions;
    }
    ofconn_send_reply(ofconn, ofp_encode_group_features_reply(&gf, oh));
    return 0;
}

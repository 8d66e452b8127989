/*
 * groups: a switch's OpenFlow group table.
 *
 * A group (struct ofgroup) is a group description (ofp-group.h: id, type,
 * buckets) plus the counters that group statistics report.  The switch
 * keeps its groups in 'ofproto->groups', by id.  This module applies
 * group-mods (add, modify, delete, insert and remove buckets, add-or-mod)
 * with the errors Open vSwitch gives, answers group statistics, group
 * description and group features requests, and picks the bucket that
 * translation (xlate.c) runs: every bucket of an "all" group, the one
 * bucket of an "indirect" group, the first live bucket of a "fast
 * failover" group and, for a "select" group, one live bucket chosen by
 * a hash of the packet's addresses and ports weighted by the buckets'
 * weights (highest random weight, so that changing one bucket moves only
 * the flows that bucket gains or loses).
 *
 * Deleting a group deletes the flows whose actions use it (reason
 * OFPRR_GROUP_DELETE).  As in Open vSwitch, a bucket may name a group
 * that does not exist, or its own group through a chain: such a bucket
 * drops, and translation bounds the work a loop can make; deleting a
 * group that another group's bucket names leaves that bucket.
 *
 * Bucket ids: buckets added without one (every bucket before OpenFlow
 * 1.5) get the next id after the group's highest, from 0 on, as Open
 * vSwitch numbers them.
 *
 * Liveness: a port is live if it exists, is not administratively down
 * and has its link up; a group is live if one of its buckets is (its
 * watched port or group is live, or it watches nothing).  A change of
 * liveness reaches translation through revalidation, which port status
 * changes trigger.
 *
 * Locking: the group table and the counters are guarded by
 * 'ofproto_mutex': translation reads groups and the revalidators add to
 * their counters with it held; the main thread takes it to change the
 * table.  The main thread may read the table without it.
 */
#ifndef SLUICE_OFPROTO_GROUPS_H
#define SLUICE_OFPROTO_GROUPS_H 1

#include <stdbool.h>
#include <stdint.h>
#include "hmap.h"
#include "ofp-errors.h"
#include "ofp-group.h"

struct ofconn;
struct ofp_header;
struct ofproto;
struct oflow;

struct ofgroup {
    struct hmap_node node;          /* In ofproto->groups, by id. */
    struct ofp_group_desc desc;
    long long int created;          /* time_msec() of the add. */
    uint64_t n_packets;
    uint64_t n_bytes;
    struct ofp_bucket_counter *bucket_stats;    /* One per bucket. */
};

/* The most groups a switch holds (Open vSwitch's limit per type). */
#define OFGROUPS_MAX OFPG_MAX

/* Returns OFPROTO's group GROUP_ID, or NULL. */
struct ofgroup *ofgroup_find(const struct ofproto *ofproto,
                             uint32_t group_id);

/* Returns true if GROUP has a live bucket (DEPTH limits the chain of
 * watched groups that it follows). */
bool ofgroup_is_live(const struct ofproto *ofproto,
                     const struct ofgroup *group, int depth);

/* Returns true if BUCKET of a fast failover or select group is live. */
bool ofgroup_bucket_is_live(const struct ofproto *ofproto,
                            const struct ofp_bucket *bucket, int depth);

/* Returns the index of the bucket of select group GROUP that a packet
 * with hash HASH goes to, or -1 if no bucket is live. */
int ofgroup_select_bucket(const struct ofproto *ofproto,
                          const struct ofgroup *group, uint32_t hash);

/* Adds a packet count and byte count to GROUP's counters (BUCKET -1) or
 * to those of its bucket BUCKET.  The caller holds ofproto_mutex. */
void ofgroup_account(struct ofgroup *group, int bucket, uint64_t n_packets,
                     uint64_t n_bytes);

/* Request handlers: return 0 or the error to send back. */
enum ofperr groups_handle_mod(struct ofproto *ofproto,
                              const struct ofp_header *oh);
enum ofperr groups_handle_stats(struct ofproto *ofproto,
                                struct ofconn *ofconn,
                                const struct ofp_header *oh);
enum ofperr groups_handle_desc(struct ofproto *ofproto,
                               struct ofconn *ofconn,
                               const struct ofp_header *oh);
enum ofperr groups_handle_features(struct ofconn *ofconn,
                                   const struct ofp_header *oh);

/* Deletes every group of OFPROTO (without touching its flows), as the
 * switch is destroyed. */
void groups_destroy(struct ofproto *ofproto);

#endif /* ofproto/groups.h */

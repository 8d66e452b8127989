/*
 * meters: a switch's OpenFlow meter table, enforced by datapath meters.
 *
 * Each OpenFlow meter of a switch (ids 1 to OFPM_MAX) is one meter of
 * the shared datapath (dpif_meter_set()), whose id this module allocates
 * from one pool for every switch; translation turns a flow's meter
 * instruction into a datapath METER action on that id, so meters are
 * enforced in the fast path, per packet, with no upcall.  Bands: drop
 * and DSCP remark (dpif.h says how the remark raises the drop
 * precedence), rates in kb/s or packets/s, optional burst sizes.
 *
 * Errors, as Open vSwitch gives them: adding a meter that exists is
 * OFPMMFC_METER_EXISTS, modifying one that does not is
 * OFPMMFC_UNKNOWN_METER, deleting one that does not is no error; the
 * "controller" and "slowpath" meters (which rate-limit packets to the
 * slow path in Open vSwitch) are not supported and get
 * OFPMMFC_INVALID_METER.  A modify gives the meter fresh buckets and
 * zeroed statistics, as the datapath does.  Deleting a meter deletes
 * the flows that use it (reason OFPRR_METER_DELETE).  A flow whose meter
 * instruction names a meter that does not exist is refused with
 * OFPMMFC_INVALID_METER.
 *
 * Locking: the table is changed by the main thread with 'ofproto_mutex'
 * held; translation reads it with the mutex held; the main thread reads
 * it freely.
 */
#ifndef SLUICE_OFPROTO_METERS_H
#define SLUICE_OFPROTO_METERS_H 1

#include <stdbool.h>
#include <stdint.h>
#include "hmap.h"
#include "ofp-errors.h"
#include "ofp-meter.h"

struct ofconn;
struct ofp_header;
struct ofproto;

struct ofmeter {
    struct hmap_node node;          /* In ofproto->meters, by id. */
    struct ofp_meter_config config; /* OpenFlow id, flags, bands. */
    uint32_t dp_meter_id;           /* In the shared datapath. */
    long long int created;          /* time_msec() of the add/modify. */
};

/* Returns OFPROTO's meter METER_ID, or NULL. */
struct ofmeter *ofmeter_find(const struct ofproto *ofproto,
                             uint32_t meter_id);

/* Request handlers: return 0 or the error to send back. */
enum ofperr meters_handle_mod(struct ofproto *ofproto,
                              const struct ofp_header *oh);
enum ofperr meters_handle_stats(struct ofproto *ofproto,
                                struct ofconn *ofconn,
                                const struct ofp_header *oh);
enum ofperr meters_handle_config(struct ofproto *ofproto,
                                 struct ofconn *ofconn,
                                 const struct ofp_header *oh);
enum ofperr meters_handle_features(struct ofconn *ofconn,
                                   const struct ofp_header *oh);

/* Deletes every meter of OFPROTO from the datapath, as the switch is
 * destroyed. */
void meters_destroy(struct ofproto *ofproto);

#endif /* ofproto/meters.h */

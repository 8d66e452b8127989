/*
 * lacp: the Link Aggregation Control Protocol of IEEE 802.1AX-2008
 * (formerly 802.3ad), as a protocol object that its caller drives.
 *
 * A 'struct lacp' stands for one aggregation (a bond, in vswitchd's
 * words) and holds its members, each identified by an opaque 'member_id'
 * pointer that the caller chooses and that must be unique within the lacp.
 * This module knows nothing of bridges, ports or netdevs: the caller hands
 * it received slow-protocol frames (lacp_process_packet()), tells it about
 * carrier changes, lets it run its timers (lacp_run()), transmits the frames
 * it asks to send, and asks which members may carry traffic
 * (lacp_member_may_enable()).
 *
 * State machines: per member, the receive machine (CURRENT, EXPIRED,
 * DEFAULTED, with the current_while timer of 3 s when the actor uses fast
 * timeouts and 90 s otherwise), periodic transmission (every 1 s when the
 * partner asked for fast timeouts, every 30 s otherwise, never when both
 * ends are passive; changes are sent at once, at most 3 PDUs a second), and
 * per aggregation the selection logic (the largest group of members whose
 * partners share system, system priority and key, and whose actor keys are
 * equal, is attached; ties go to the group holding the member with the best
 * port priority and number) with a mux in coupled control mode: an attached
 * member is Synchronized, and Collecting and Distributing as soon as its
 * partner is in sync.  Marker PDUs are counted and otherwise ignored.
 *
 * Fallback: with 'fallback_ab' set, while the aggregation is not
 * negotiated, members whose partner sends nothing (DEFAULTED) may still be
 * enabled, so that the caller can use them active-backup style.
 *
 * Time model: there is no clock here.  lacp_run() receives the time as
 * 'now' (milliseconds, any monotonic origin) and does all timed work; a PDU
 * received by lacp_process_packet() takes effect at once, and its
 * current_while timer starts at the next lacp_run().  lacp_next_wakeup()
 * says when lacp_run() has work to do next, so a poll loop can sleep until
 * then, and a test can advance a simulated clock to it.
 *
 * Ownership and thread safety: the caller owns the 'struct lacp' and frees
 * it with lacp_destroy().  Frames passed to lacp_process_packet() and to the
 * send callback are only borrowed for the call.  A 'struct lacp' has no
 * lock and no thread of its own: all calls on one lacp must be serialized
 * by the caller (in vswitchd, the main thread); distinct lacps are
 * independent.  The send callback must not call back into the same lacp.
 */
#ifndef SLUICE_LACP_H
#define SLUICE_LACP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "packets.h"

struct ds;

/* Per-aggregation settings, as in the Port table's 'lacp' column and
 * other_config keys lacp-system-id, lacp-system-priority, lacp-time and
 * lacp-fallback-ab.  The caller chooses the defaults (Open vSwitch uses the
 * bridge's MAC and priority 65534). */
struct lacp_settings {
    const char *name;           /* Name for lacp/show, e.g. "bond0". */
    struct eth_addr id;         /* System id. */
    uint16_t priority;          /* System priority. */
    bool active;                /* Active (true) or passive LACP. */
    bool fast;                  /* Fast (1 s) or slow (30 s) timeouts. */
    bool fallback_ab;           /* May fall back to active-backup. */
};

/* Per-member settings. */
struct lacp_member_settings {
    const char *name;           /* Name for lacp/show, e.g. "p1". */
    uint16_t id;                /* Port id, nonzero. */
    uint16_t priority;          /* Port priority. */
    uint16_t key;               /* Aggregation key, 0 for the lacp's key. */
    struct eth_addr mac;        /* Source MAC of the PDUs it sends. */
};

/* Per-member counters. */
struct lacp_member_stats {
    uint64_t tx_pdus;           /* LACPDUs sent. */
    uint64_t rx_pdus;           /* Valid LACPDUs received. */
    uint64_t rx_errors;         /* Malformed frames received. */
    uint64_t rx_markers;        /* Marker PDUs received (and ignored). */
    uint64_t n_expired;         /* Transitions to EXPIRED. */
    uint64_t n_defaulted;       /* Transitions to DEFAULTED. */
    uint64_t n_carrier_changes; /* Carrier changes reported. */
};

enum lacp_status {
    LACP_NEGOTIATED,            /* At least one member is attached. */
    LACP_CONFIGURED,            /* LACP is configured, not negotiated. */
    LACP_DISABLED               /* LACP is not configured. */
};

/* Actor and partner state bits, as carried in LACPDUs. */
#define LACP_STATE_ACTIVITY     0x01
#define LACP_STATE_TIMEOUT      0x02
#define LACP_STATE_AGGREGATION  0x04
#define LACP_STATE_SYNC         0x08
#define LACP_STATE_COLLECTING   0x10
#define LACP_STATE_DISTRIBUTING 0x20
#define LACP_STATE_DEFAULTED    0x40
#define LACP_STATE_EXPIRED      0x80

/* Size of the LACPDU (after the Ethernet header) and of the whole frame
 * that lacp_run() sends. */
#define LACP_PDU_SIZE 110
#define LACP_FRAME_SIZE (14 + LACP_PDU_SIZE)

/* Asks the caller to transmit FRAME, SIZE bytes of a complete Ethernet
 * frame, on the member MEMBER_ID.  AUX is lacp_run()'s AUX. */
typedef void lacp_send_cb(void *aux, void *member_id, const void *frame,
                          size_t size);

/* Creates an aggregation with no members; configure it with
 * lacp_configure() before use.  Destroy it with lacp_destroy(). */
struct lacp *lacp_create(void);

/* Frees LACP and its members.  A null LACP is a no-op. */
void lacp_destroy(struct lacp *lacp);

/* Applies SETTINGS (copied) to LACP.  Changes reach the partners through
 * the next lacp_run(). */
void lacp_configure(struct lacp *lacp, const struct lacp_settings *settings);

/* Adds the member MEMBER_ID to LACP, or updates its SETTINGS (copied) if it
 * is already there.  A new member starts DEFAULTED with its carrier up; the
 * first lacp_run() sends it a PDU if LACP is active. */
void lacp_member_register(struct lacp *lacp, void *member_id,
                          const struct lacp_member_settings *settings);

/* Removes MEMBER_ID from LACP; does nothing if it is not a member. */
void lacp_member_unregister(struct lacp *lacp, const void *member_id);

/* Tells LACP that the carrier of MEMBER_ID went up or down.  A member whose
 * carrier is down sends nothing, forgets its partner (DEFAULTED) and may not
 * be enabled. */
void lacp_member_carrier_changed(struct lacp *lacp, const void *member_id,
                                 bool carrier_up);

/* Processes FRAME, SIZE bytes of a whole Ethernet frame (with no VLAN tag)
 * received on MEMBER_ID, which should be a slow-protocols frame.  Returns 0
 * if it was a valid LACPDU (now recorded) or a marker PDU (counted and
 * ignored), EINVAL if it was malformed (counted in rx_errors, nothing else
 * changes), ENOENT if MEMBER_ID is not a member. */
int lacp_process_packet(struct lacp *lacp, const void *member_id,
                        const void *frame, size_t size);

/* Runs LACP's timers and state machines at time NOW (in ms) and calls SEND
 * with AUX for each PDU due: periodic ones and those that carry a change
 * (need to transmit). */
void lacp_run(struct lacp *lacp, long long int now, lacp_send_cb *send,
              void *aux);

/* Returns the time at which lacp_run() next has something to do: NOW of
 * the last lacp_run() if work is pending already (LLONG_MIN before the
 * first lacp_run()), LLONG_MAX if nothing is ever due. */
long long int lacp_next_wakeup(const struct lacp *lacp);

/* Returns LACP's status; LACP_DISABLED for a null LACP. */
enum lacp_status lacp_status(const struct lacp *lacp);

/* Returns true if MEMBER_ID may carry traffic: its carrier is up and either
 * it is attached to the aggregation with its partner in sync (collecting and
 * distributing) or, with fallback-ab while LACP is not negotiated, its
 * partner sends nothing (DEFAULTED).  False for a non-member. */
bool lacp_member_may_enable(const struct lacp *lacp, const void *member_id);

/* Returns true if MEMBER_ID's partner information is current, i.e. a PDU
 * was received within the current_while time (the lacp_current column).
 * False for a non-member. */
bool lacp_member_is_current(const struct lacp *lacp, const void *member_id);

/* Returns the actor state bits (LACP_STATE_*) that MEMBER_ID sends, or 0
 * for a non-member. */
uint8_t lacp_member_actor_state(const struct lacp *lacp,
                                const void *member_id);

/* Returns the partner state bits (LACP_STATE_*) that MEMBER_ID recorded,
 * or 0 for a non-member. */
uint8_t lacp_member_partner_state(const struct lacp *lacp,
                                  const void *member_id);

/* Copies MEMBER_ID's counters to *STATS.  Returns false, zeroing *STATS,
 * for a non-member. */
bool lacp_member_get_stats(const struct lacp *lacp, const void *member_id,
                           struct lacp_member_stats *stats);

/* Appends LACP's details to DS as Open vSwitch's "lacp/show" prints them:
 * "---- NAME ----", status, system, key and time, then each member, sorted
 * by name, with its actor and partner information. */
void lacp_format(const struct lacp *lacp, struct ds *ds);

/* Appends LACP's counters to DS as Open vSwitch's "lacp/show-stats" prints
 * them. */
void lacp_format_stats(const struct lacp *lacp, struct ds *ds);

/* Appends the names of the bits set in STATE to DS, each preceded by a
 * space ("activity timeout aggregation ..."). */
void lacp_format_state(uint8_t state, struct ds *ds);

#endif /* lacp.h */

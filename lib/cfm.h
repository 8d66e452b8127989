/*
 * cfm: IEEE 802.1ag Connectivity Fault Management continuity checks, as a
 * protocol object without I/O, compatible on the wire with Open vSwitch
 * 3.1's CFM.
 *
 * One struct cfm is one Maintenance End Point (MEP) on one link.  It
 * sends Continuity Check Messages (CCMs) every interval, listens to the
 * CCMs of the remote MEPs, and reports a fault when the link does not
 * carry them as it should.  The module knows nothing of interfaces,
 * bridges or the database: the caller hands it received frames and gives
 * it a function that transmits the frames it composes.
 *
 * Wire format (as OVS 3.1 sends it, checked against captures): ethertype
 * 0x8902, MD level 0, version 0, opcode 1 (CCM), first TLV offset 70, a
 * 48-byte MAID made of the character-string MD name "ovs" and the
 * character-string short MA name "ovs", the 16 bytes that Y.1731 reserves
 * for frame counters, and an End TLV: 75 bytes after the Ethernet header.
 * Destination 01:80:c2:00:00:30.  In standard mode the flags carry the
 * 802.1ag interval code (1 = 3.33 ms ... 7 = 10 min; a configured
 * interval is rounded down to one of these) and the MPID is 13 bits
 * (1...8191).  In OVS's extended mode the destination is
 * 01:23:20:00:00:30; an interval (1...65535 ms) that is not one of the
 * standard ones gets interval code 0 and goes, in milliseconds, in the
 * first two reserved bytes; the 64-bit MPID goes in the next eight, and
 * an "operationally down" flag in the next one; the 16-bit MPID field
 * then holds a hash of the 64-bit MPID.
 * CCMs carry RDI while this MEP is in fault for any reason but "rdi"
 * (802.1ag's presentRDI: a received RDI is not echoed, or two MEPs would
 * hold each other in fault).
 *
 * Time model: the caller passes the time NOW, in milliseconds on any
 * monotonic clock (time_msec() in production, a simulated clock in
 * tests), to cfm_run(), and calls it again no later than
 * cfm_next_wakeup().  The first cfm_run() after cfm_configure() changes
 * the interval or mode sends a CCM at once and starts the fault
 * interval, 3.5 transmission intervals.  At the end of each fault
 * interval the fault is re-evaluated from what arrived during it, as
 * 802.1ag and OVS do:
 *
 *   recv      no CCM arrived from any remote MEP.  Remote MEPs that sent
 *             nothing during the interval are forgotten.  A link that is
 *             cut therefore faults at the end of the first whole fault
 *             interval without CCMs: 3.5 to 7 intervals after the last
 *             CCM that got through (OVS 3.1 checks in the same fixed
 *             windows, as "recv since check" in its cfm/show shows).
 *   rdi       a remote MEP's latest CCM carried RDI.
 *   maid      a CCM arrived with a MAID other than ours.
 *   loopback  a CCM arrived with our own MPID.
 *   overflow  a CCM came from a new remote MEP beyond CFM_MAX_REMOTE_MPS.
 *   override  the fault is forced by cfm_set_fault_override().
 *
 * cfm_process_packet() takes no time: a CCM counts as received at the
 * time of the latest cfm_run().  Health (OVS's cfm_health) is refreshed
 * every 6 fault intervals (21 transmission intervals): the percentage of
 * the 21 expected CCMs that arrived from the one remote MEP without RDI
 * and in sequence, at most 100; 0 with no remote MEP, -1 ("undefined")
 * with several or before the first refresh.
 *
 * Ownership and thread safety: cfm_create() returns an object that the
 * caller owns and frees with cfm_destroy().  Nothing here locks; every
 * call on one struct cfm must come from one thread at a time (the caller
 * holds its own lock if several threads share one).  Distinct objects
 * are independent.  The send callback runs inside cfm_run(), on the
 * caller's thread, with a frame that is valid only during the call.
 */
#ifndef SLUICE_CFM_H
#define SLUICE_CFM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "packets.h"

struct ds;

/* Ethertype of CFM frames. */
#define CFM_ETH_TYPE 0x8902

/* Most remote MEPs tracked at once (beyond: the "overflow" fault). */
#define CFM_MAX_REMOTE_MPS 256

/* Largest MPID in standard 802.1ag mode. */
#define CFM_MAX_STANDARD_MPID 8191

/* Largest interval in extended mode, in milliseconds. */
#define CFM_MAX_EXTENDED_INTERVAL 65535

/* Reasons for a fault, as bits of cfm_get_fault()'s result. */
enum cfm_fault_reason {
    CFM_FAULT_RECV = 1 << 0,
    CFM_FAULT_RDI = 1 << 1,
    CFM_FAULT_MAID = 1 << 2,
    CFM_FAULT_LOOPBACK = 1 << 3,
    CFM_FAULT_OVERFLOW = 1 << 4,
    CFM_FAULT_OVERRIDE = 1 << 5,
};
#define CFM_N_FAULT_REASONS 6

/* Configuration of one MEP. */
struct cfm_settings {
    uint64_t mpid;              /* 1...8191, or any value when extended. */
    int interval;               /* Milliseconds between CCMs, > 0. */
    bool extended;              /* OVS's extended mode. */
    bool opup;                  /* Operational state sent (extended only). */
    uint16_t ccm_vlan;          /* VLAN ID to tag CCMs with, 0 for none. */
    bool ccm_vlan_random;       /* Tag each CCM with a random VLAN ID
                                 * (1...4095) instead (OVS's
                                 * cfm_ccm_vlan=random). */
    uint8_t ccm_pcp;            /* Priority to tag CCMs with, 0...7. */
    struct eth_addr hw_addr;    /* Source MAC of CCMs. */
};

/* Counters of one MEP. */
struct cfm_stats {
    uint64_t tx_ccms;           /* CCMs sent. */
    uint64_t rx_ccms;           /* Valid CCMs received. */
    uint64_t rx_errors;         /* Frames rejected as not a valid CCM. */
};

struct cfm;

/* Sends FRAME, a complete Ethernet frame of SIZE bytes.  AUX is the
 * argument given to cfm_run(). */
typedef void cfm_send_cb(void *aux, const void *frame, size_t size);

/* Returns a new MEP named NAME (used only in cfm_format()), not yet
 * configured: cfm_run() does nothing until cfm_configure() succeeds. */
struct cfm *cfm_create(const char *name);

/* Frees CFM.  A null CFM is a no-op. */
void cfm_destroy(struct cfm *cfm);

/* Applies SETTINGS to CFM.  Returns 0, or EINVAL (and leaves CFM as it
 * was) if the MPID or interval is out of range for the mode, the VLAN is
 * above 4095 or the priority above 7.  Changing the interval or the mode
 * restarts transmission and the fault interval at the next cfm_run();
 * remote MEPs, fault and health are kept. */
int cfm_configure(struct cfm *cfm, const struct cfm_settings *settings);

/* Processes FRAME, SIZE bytes of a received Ethernet frame with at most
 * one 802.1Q or 802.1ad tag.  Returns true if it was a valid CCM (counted
 * in rx_ccms), false otherwise (counted in rx_errors and otherwise
 * ignored).  The caller passes only frames with ethertype CFM_ETH_TYPE
 * addressed to CFM; anything else counts as an error. */
bool cfm_process_packet(struct cfm *cfm, const void *frame, size_t size);

/* Advances CFM to time NOW: sends the CCMs that are due through SEND (with
 * AUX) and, at the end of a fault interval, re-evaluates the fault. */
void cfm_run(struct cfm *cfm, long long now, cfm_send_cb *send, void *aux);

/* Returns the time at which cfm_run() should next be called: LLONG_MIN
 * if it has something to do at once, LLONG_MAX if it is not
 * configured. */
long long cfm_next_wakeup(const struct cfm *cfm);

/* Returns the fault, a bitmap of enum cfm_fault_reason, 0 if none.  With
 * an override in effect, CFM_FAULT_OVERRIDE or 0. */
unsigned int cfm_get_fault(const struct cfm *cfm);

/* Forces the reported fault: OVERRIDE > 0 faults, 0 does not, < 0
 * returns to normal.  Only cfm_get_fault() is affected: CCMs carry the
 * RDI of the fault the protocol computed, and the flap count counts only
 * its changes. */
void cfm_set_fault_override(struct cfm *cfm, int override);

/* Returns the effective transmission interval in milliseconds. */
int cfm_get_interval(const struct cfm *cfm);

/* Stores in *MPIDSP a newly allocated array, sorted in ascending order, of
 * the MPIDs of the remote MEPs currently known, and in *N_MPIDSP its
 * length.  The caller frees *MPIDSP. */
void cfm_get_remote_mpids(const struct cfm *cfm, uint64_t **mpidsp,
                          size_t *n_mpidsp);

/* What is known of one remote MEP. */
struct cfm_remote_mp_info {
    uint64_t mpid;
    int interval;               /* Its interval, ms, from its latest CCM. */
    bool rdi;                   /* Its latest CCM carried RDI. */
    bool opup;                  /* Its latest CCM said "up" (extended). */
    long long last_rx;          /* When its latest CCM arrived. */
};

/* Stores in *MPSP a newly allocated array of what is known of each remote
 * MEP currently known, sorted by MPID, and returns its length.  The caller
 * frees *MPSP. */
size_t cfm_get_remote_mps(const struct cfm *cfm,
                          struct cfm_remote_mp_info **mpsp);

/* Returns the health, 0...100, or -1 if undefined (see above). */
int cfm_get_health(const struct cfm *cfm);

/* Returns 1 if every remote MEP reported itself operationally up at the
 * last fault evaluation, 0 if one reported down, -1 if not in extended
 * mode (only extended CCMs carry the state). */
int cfm_get_opup(const struct cfm *cfm);

/* Returns how many times the fault changed from none to some or back. */
uint64_t cfm_get_flap_count(const struct cfm *cfm);

/* Copies CFM's counters into *STATS. */
void cfm_get_stats(const struct cfm *cfm, struct cfm_stats *stats);

/* Returns the name of REASON, a single bit: "recv", "rdi", "maid",
 * "loopback", "overflow", "override" (OVS's cfm_fault_status values), or
 * NULL for anything else. */
const char *cfm_fault_reason_to_string(enum cfm_fault_reason reason);

/* Appends the names of the reasons in FAULT to DS, separated by
 * spaces. */
void cfm_format_fault(unsigned int fault, struct ds *ds);

/* Appends CFM's state to DS in the layout of OVS 3.1's "cfm/show", with
 * times relative to NOW. */
void cfm_format(const struct cfm *cfm, long long now, struct ds *ds);

#endif /* cfm.h */

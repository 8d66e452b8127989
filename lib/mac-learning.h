/*
 * mac-learning: the MAC learning table behind the OpenFlow NORMAL action
 * (a bridge's forwarding database, "fdb").
 *
 * An entry maps a (MAC, VLAN) pair to a port: an opaque pointer that the
 * caller chooses (a bundle, a port structure, or a port number cast with
 * MAC_PORT()) and that the table only compares and hands back.  Entries
 * are learned from the source addresses of received frames with
 * mac_learning_learn(), looked up for destinations with
 * mac_learning_lookup(), and configured by hand with
 * mac_learning_add_static() ("fdb/add").
 *
 * Time: functions that depend on time take the current time NOW in
 * milliseconds (time_msec() in production, any monotonic clock in tests).
 *
 * Aging: a learned entry that has not been refreshed for the idle time
 * (default MAC_DEFAULT_IDLE_TIME seconds, "other_config:mac-aging-time")
 * is removed by mac_learning_run(); lookups already ignore it.  Static
 * entries never age.
 *
 * Size limit and fairness: the table holds at most max_entries entries
 * (default MAC_DEFAULT_MAX, "other_config:mac-table-size").  To learn a
 * new entry in a full table, the least recently refreshed learned entry of
 * the port that has the most learned entries is evicted, so that a port
 * flooding random source addresses evicts its own entries, not the
 * others'.  Static entries are never evicted (a full table refuses new
 * static entries).
 *
 * Moves and locks: an entry learned again on another port moves there.
 * A gratuitous ARP that a bond reflects back to the bridge would move a
 * VM's address to the bond just after the VM announced it from its own
 * port.  So, as Open vSwitch does, the caller passes MAC_LEARN_LOCK when
 * it learns from a gratuitous ARP received on a port that is not a bond,
 * which locks the entry to that port for MAC_LOCK_MSEC, and
 * MAC_LEARN_RESPECT_LOCK when it learns from a gratuitous ARP received on
 * a bond, which then cannot move a locked entry.
 *
 * Generations: mac_learning_seq() returns a number that changes whenever
 * an entry is added, moved or removed (not when it is merely refreshed).
 * A revalidator that translated megaflows through NORMAL compares it with
 * the value it saw then to know whether they must be translated again.
 *
 * Thread safety: every function may be called from any thread.  The table
 * holds a reader-writer lock: lookups, formatting and statistics take it
 * for reading; learning takes it for reading only to find that the entry
 * is already up to date (at most one write per entry per second in the
 * steady state), and for writing otherwise, as do aging, flushing and
 * configuration.  Upcall handler threads learn and look up; the main
 * thread ages, flushes, configures and dumps.  The fast path (PMD
 * threads) never calls this module.
 *
 * Ownership: the creator destroys the table.  Ports are not owned: before
 * a port goes away, remove its entries with mac_learning_flush_port().
 */
#ifndef SLUICE_MAC_LEARNING_H
#define SLUICE_MAC_LEARNING_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "packets.h"

struct ds;
struct mac_learning;

/* Defaults and limits of the configuration, in Open vSwitch's units. */
#define MAC_DEFAULT_IDLE_TIME 300       /* Seconds. */
#define MAC_MIN_IDLE_TIME 15            /* Seconds. */
#define MAC_MAX_IDLE_TIME 3600          /* Seconds. */
#define MAC_DEFAULT_MAX 8192            /* Entries. */
#define MAC_MIN_MAX 10                  /* Entries. */

/* How long MAC_LEARN_LOCK locks an entry to its port. */
#define MAC_LOCK_MSEC 5000

/* The highest VLAN id an entry may have (0 means untagged). */
#define MAC_MAX_VLAN 4095

/* Turns a port number into the opaque port pointer this module stores,
 * for callers that identify ports by number.  Port number 0 would become
 * the null pointer, which is not a valid port: do not use it. */
#define MAC_PORT(NUMBER) ((void *) (uintptr_t) (NUMBER))

/* Creates an empty table whose learned entries expire after IDLE_TIME
 * seconds (clamped to MAC_MIN_IDLE_TIME...MAC_MAX_IDLE_TIME), holding at
 * most MAC_DEFAULT_MAX entries. */
struct mac_learning *mac_learning_create(unsigned int idle_time);

/* Destroys ML and its entries.  A null ML is a no-op. */
void mac_learning_destroy(struct mac_learning *ml);

/* Sets ML's idle time to IDLE_TIME seconds, clamped to
 * MAC_MIN_IDLE_TIME...MAC_MAX_IDLE_TIME.  It applies at once to every
 * learned entry (a shorter time can make entries expire at the next
 * mac_learning_run()).  Returns the value in effect. */
unsigned int mac_learning_set_idle_time(struct mac_learning *ml,
                                        unsigned int idle_time);

/* Sets the most entries ML may hold to MAX_ENTRIES (at least
 * MAC_MIN_MAX).  If ML holds more, learned entries are evicted at once,
 * fairly across ports as for learning.  Returns the value in effect. */
size_t mac_learning_set_max_entries(struct mac_learning *ml,
                                    size_t max_entries);

/* Returns true if a frame with source address MAC may be learned in VLAN:
 * the address is unicast and not zero, and VLAN is at most MAC_MAX_VLAN. */
bool mac_learning_may_learn(struct eth_addr mac, uint16_t vlan);

/* What mac_learning_learn() did. */
enum mac_learn_result {
    MAC_LEARN_UNCHANGED,        /* Already on PORT: refreshed. */
    MAC_LEARN_NEW,              /* A new entry. */
    MAC_LEARN_MOVED,            /* Moved to PORT from another port. */
    MAC_LEARN_LOCKED,           /* Locked to another port: not moved. */
    MAC_LEARN_STATIC,           /* A static entry: not changed. */
    MAC_LEARN_REFUSED           /* Not learnable, or the table is full of
                                 * static entries. */
};

/* Flags for mac_learning_learn(). */
enum mac_learn_flags {
    MAC_LEARN_LOCK = 1 << 0,         /* Lock the entry to PORT for
                                      * MAC_LOCK_MSEC (a gratuitous ARP
                                      * received on a port that is not a
                                      * bond). */
    MAC_LEARN_RESPECT_LOCK = 1 << 1  /* Do not move the entry if it is
                                      * locked (a gratuitous ARP received
                                      * on a bond). */
};

/* Learns that MAC in VLAN is on PORT (nonnull) at time NOW, as seen in the
 * source address of a frame received on PORT, with FLAGS (a combination
 * of enum mac_learn_flags).  A new or moved entry changes
 * mac_learning_seq(); a full table first evicts an entry (see above). */
enum mac_learn_result mac_learning_learn(struct mac_learning *ml,
                                         struct eth_addr mac, uint16_t vlan,
                                         void *port, unsigned int flags,
                                         long long int now);

/* Returns the port on which MAC in VLAN was learned, or NULL if ML has no
 * such entry or it has expired at time NOW. */
void *mac_learning_lookup(const struct mac_learning *ml, struct eth_addr mac,
                          uint16_t vlan, long long int now);

/* Adds a static entry for MAC in VLAN on PORT ("fdb/add"), replacing a
 * learned or static entry for the pair.  Returns 0, EINVAL if MAC and VLAN
 * are not learnable (see mac_learning_may_learn()), or ENOSPC if the table
 * is full of static entries. */
int mac_learning_add_static(struct mac_learning *ml, struct eth_addr mac,
                            uint16_t vlan, void *port);

/* Deletes the static entry for MAC in VLAN ("fdb/del").  Returns 0, or
 * ENOENT if there is none (a learned entry is not deleted). */
int mac_learning_del_static(struct mac_learning *ml, struct eth_addr mac,
                            uint16_t vlan);

/* Removes the learned entries that have expired at time NOW.  Returns true
 * if it removed any. */
bool mac_learning_run(struct mac_learning *ml, long long int now);

/* Returns the time at which the next learned entry expires, for the
 * caller's poll loop timer, or LLONG_MAX if ML has no learned entry. */
long long int mac_learning_next_expiry(const struct mac_learning *ml);

/* Removes every entry, learned and static ("fdb/flush").  Returns the
 * number removed. */
size_t mac_learning_flush(struct mac_learning *ml);

/* Removes every entry on PORT, learned and static: call it before PORT
 * goes away or when its VLAN configuration changes.  Returns the number
 * removed. */
size_t mac_learning_flush_port(struct mac_learning *ml, const void *port);

/* Removes every entry in VLAN, learned and static.  Returns the number
 * removed. */
size_t mac_learning_flush_vlan(struct mac_learning *ml, uint16_t vlan);

/* Returns ML's generation number, which changes whenever an entry is
 * added, moved or removed.  Lock-free. */
uint64_t mac_learning_seq(const struct mac_learning *ml);

/* ML's counters, for "fdb/stats-show". */
struct mac_learning_stats {
    size_t n_entries;           /* Entries now, learned and static. */
    size_t max_entries;         /* The configured limit. */
    size_t n_static;            /* Static entries now. */
    uint64_t n_learned;         /* Entries learned (new ones, not
                                 * refreshes). */
    uint64_t n_expired;         /* Learned entries that aged out. */
    uint64_t n_evicted;         /* Learned entries evicted to make room. */
    uint64_t n_moved;           /* Entries moved to another port. */
};

/* Stores ML's counters in *STATS. */
void mac_learning_get_stats(const struct mac_learning *ml,
                            struct mac_learning_stats *stats);

/* Zeros ML's cumulative counters ("fdb/stats-clear"). */
void mac_learning_clear_stats(struct mac_learning *ml);

/* Appends "fdb/stats-show" text for bridge BRIDGE to DS, as Open vSwitch
 * prints it:
 *
 *   Statistics for bridge "br0":
 *     Current/maximum MAC entries in the table: 2/8192
 *     Current static MAC entries in the table : 0
 *     Total number of learned MAC entries     : 2
 *     Total number of expired MAC entries     : 0
 *     Total number of evicted MAC entries     : 0
 *     Total number of port moved MAC entries  : 0
 */
void mac_learning_format_stats(const struct mac_learning *ml,
                               const char *bridge, struct ds *ds);

/* Writes PORT's name for "fdb/show" (Open vSwitch prints the OpenFlow port
 * number, or "LOCAL") into the SIZE-byte buffer NAME, null-terminated. */
typedef void mac_learning_port_name_cb(const void *port, void *aux,
                                       char *name, size_t size);

/* Appends "fdb/show" text to DS, as Open vSwitch prints it: a header line
 * " port  VLAN  MAC                Age", then one line per entry from the
 * least to the most recently refreshed, static entries first, with each
 * entry's age in seconds at time NOW or "static":
 *
 *       1     0  50:54:00:00:00:01    3
 *   LOCAL    10  50:54:00:00:00:02  static
 *
 * PORT_NAME(port, AUX, ...) names each entry's port. */
void mac_learning_format(const struct mac_learning *ml, long long int now,
                         mac_learning_port_name_cb *port_name, void *aux,
                         struct ds *ds);

#endif /* mac-learning.h */

/*
 * simple-match: the fast path's shortcut for megaflows that match little
 * more than the input port.
 *
 * Purpose.  A bridge that forwards port to port (a controller's
 * "in_port=1,actions=output:2", or a VM's uplink) produces megaflows that
 * match only in_port and the Ethernet type, sometimes the VLAN tags and
 * the IP fragment bits as well.  For these, parsing each packet into a
 * full key (dp-key.h), hashing the key and looking it up in the
 * exact-match cache costs more than the rest of the packet's way through
 * the switch.  This module keeps such megaflows in a table keyed by
 * exactly those fields, which a PMD thread reads from a few bytes of the
 * packet.
 *
 * Which megaflows qualify ("simple" megaflows).  recirc_id 0; a mask that
 * is exact on in_port and recirc_id and either exact or zero on dl_type;
 * that on the VLAN
 * word (both tags' TPIDs and TCIs) is zero, exact on the outer TPID only
 * (the datapath syntax's "no vlan()": untagged packets) or exact on all
 * of it; that is zero or exact on nw_frag's two bits, and zero everywhere
 * else (simple_match_kind() tells); and actions that need no layer
 * offsets (odp_actions_need_layers() is false), since the shortcut does
 * not set them.  The combinations of dl_type, VLAN and fragment matching
 * are the kinds.
 *
 * When it is used.  The shortcut pays only if it usually hits, so it is
 * taken for packets from a port only while every recirc_id-0 megaflow of
 * that port is simple and of one kind (simple_match_port_kind()).  A
 * packet that the shortcut cannot parse in a few steps (an 802.3 frame,
 * a malformed IP header, IPv6 with extension headers) or that finds no
 * entry goes the full way, so the shortcut never changes which megaflows
 * a packet can match: only how fast it finds one.
 *
 * Statistics.  A megaflow's TCP flags are part of its statistics, so the
 * shortcut reads them too (from the first IP fragment's TCP header, as
 * flow extraction does).
 *
 * Thread safety.  Writers (simple_match_add(), simple_match_remove())
 * must be serialized by the caller; readers (the lookups) take no lock
 * and must be RCU readers: a rule returned by a lookup is valid until the
 * reader's next quiescent point, and removed entries are freed after a
 * grace period.
 */
#ifndef SLUICE_SIMPLE_MATCH_H
#define SLUICE_SIMPLE_MATCH_H 1

#include "dp-key.h"            /* First: see dp-key.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cmap.h"
#include "dpcls.h"
#include "flow.h"

/* Kind bits: what a simple megaflow matches besides in_port and
 * dl_type.  At most one of the two VLAN bits is set. */
#define SIMPLE_MATCH_VLAN_TPID 1    /* The outer tag's TPID only: "tagged
                                     * or not" (untagged: TPID 0). */
#define SIMPLE_MATCH_VLAN 2         /* The whole VLAN word: both tags. */
#define SIMPLE_MATCH_FRAG 4         /* nw_frag's FLOW_NW_FRAG_MASK bits. */
#define SIMPLE_MATCH_ANY_TYPE 8     /* Not dl_type: any Ethernet type. */
#define SIMPLE_MATCH_N_KINDS 16

/* The most packets one simple_match_lookup_batch() takes. */
#define SIMPLE_MATCH_BATCH_MAX 32

/* A table.  All members are private. */
struct simple_match {
    struct cmap ports;              /* struct simple_match_port. */
    struct cmap entries;            /* struct simple_match_entry. */
};

/* Initializes SM as an empty table. */
void simple_match_init(struct simple_match *sm);

/* Destroys SM, whose entries are freed after a grace period.  No reader
 * may start using SM any more.  A null SM is a no-op. */
void simple_match_destroy(struct simple_match *sm);

/* Returns the kind (0 to SIMPLE_MATCH_N_KINDS - 1) of a megaflow with
 * mask MASK if such a megaflow qualifies as simple, or -1.  KEY (masked
 * by MASK) must have recirc_id 0 and ACTIONS (a validated list of SIZE
 * bytes) must need no layer offsets; otherwise this returns -1 too. */
int simple_match_kind(const struct flow *key, const struct flow *mask,
                      const void *actions, size_t size);

/* Accounts for megaflow RULE with the masked KEY and KIND (from
 * simple_match_kind()) being added to the classifier that SM shadows: if
 * KIND >= 0, RULE becomes reachable through the shortcut.  Megaflows with
 * a nonzero recirc_id are ignored (pass them anyway: it is checked). */
void simple_match_add(struct simple_match *sm, const struct flow *key,
                      int kind, struct dpcls_rule *rule);

/* Undoes simple_match_add() with the same arguments. */
void simple_match_remove(struct simple_match *sm, const struct flow *key,
                         int kind, struct dpcls_rule *rule);

/* Returns the kind of shortcut to take for packets (at recirc_id 0) from
 * IN_PORT, or -1 if they must take the full way. */
int simple_match_port_kind(const struct simple_match *sm, uint32_t in_port);

/* Looks up the N packets in PACKETS (N <= SIMPLE_MATCH_BATCH_MAX), all
 * received on IN_PORT at recirc_id 0, whose port kind is KIND (>= 0): for
 * each hit sets RULES[i] to its megaflow's rule and TCP_FLAGS[i] to the
 * packet's TCP flags (host order, 0 for other packets); returns a map
 * with bit i set for each hit.  Misses must take the full way. */
uint32_t simple_match_lookup_batch(const struct simple_match *sm,
                                   uint32_t in_port, int kind,
                                   struct dp_packet *const packets[],
                                   size_t n, struct dpcls_rule *rules[],
                                   uint16_t tcp_flags[]);

/* Returns the number of entries in SM (for statistics and tests). */
size_t simple_match_count(const struct simple_match *sm);

#endif /* simple-match.h */

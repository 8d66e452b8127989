/*
 * odp-util: the text form of datapath flows and actions, compatible with
 * Open vSwitch's ovs-dpctl and "ovs-appctl dpctl/..." syntax in both
 * directions.  dpctl, the tests and the logs all print and parse through
 * this one module.
 *
 * Flows.  A datapath flow is a key and a mask, both struct flow (flow.h):
 * a packet matches if its key agrees with the flow's key on every mask
 * bit.  The text lists attributes, each "name(fields)":
 *
 *   recirc_id(0),dp_hash(0x5/0xff),in_port(1),
 *   eth(src=00:11:22:33:44:55,dst=ff:ff:ff:ff:ff:ff/01:00:00:00:00:00),
 *   eth_type(0x0800),
 *   ipv4(src=10.0.0.1/255.255.255.0,dst=10.0.0.2,proto=6,tos=0,ttl=64,
 *        frag=no),
 *   tcp(src=80,dst=0/0xff00),tcp_flags(syn|ack)
 *
 * A field given as "value" is matched exactly, "value/mask" on the mask's
 * bits (IPv4 and IPv6 masks may also be prefix lengths, "10.0.0.0/24"),
 * and a field or attribute that is not given is wildcarded.  The other
 * attributes are ipv6(src,dst,label,proto,tclass,hlimit,frag),
 * arp(sip,tip,op,sha,tha), mpls(label,tc,ttl,bos), udp(src,dst),
 * sctp(src,dst), icmp(type,code), icmpv6(type,code) and
 * nd(target,sll,tll).  Numbers are decimal or 0x-prefixed hexadecimal.
 * frag is no, first or later (or a number, see FLOW_NW_FRAG_*); with a
 * mask other than both bits, "frag=no/0x1" and the like.  tcp_flags is
 * "syn|ack" (exactly these flags set, "0" for none) or, with a mask,
 * "+syn-ack" (SYN set and ACK clear, the others wildcarded).  mpls() holds
 * up to three label stack entries, top first; a field named again starts
 * the next entry.  For OVS compatibility the parser also accepts, as
 * no-ops, attributes that every Sluice packet has at zero
 * (skb_priority(0), skb_mark(0), ct_state(0), ct_zone(0), ct_mark(0),
 * ct_label(0), packet_type(ns=0,id=0)).
 *
 * VLAN tags.  struct flow keeps the innermost Ethernet type in dl_type and
 * up to two tags in vlans[] (outermost first, a TPID that is nonzero
 * exactly when the tag is present, and the raw TCI).  The text nests them
 * the way OVS does:
 *
 *   eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x0800),ipv4(...))
 *
 * Mapping, for nesting level L (0 at the top, 1 inside the first encap(),
 * 2 inside the second):
 *   - An "eth_type(T)" at level L that is followed at the same level by
 *     "vlan(...)" gives the TPID of tag L: vlans[L].tpid is T, under the
 *     mask given with T.  vlan(vid=V,pcp=P,dei=D) gives vlans[L].tci (a
 *     field not given is wildcarded: "vlan()" matches any TCI), and
 *     encap(...) holds level L+1; without encap() the deeper levels are
 *     wildcarded.  A TPID matched exactly must be 0x8100 or 0x88a8 (or 0,
 *     see below).
 *   - An "eth_type(T)" at level L without vlan() is dl_type, and says
 *     that the packet has no further tag: vlans[L].tpid is matched
 *     exactly as 0 (for L < 2).  So "eth_type(0x0800),ipv4(...)" at the
 *     top matches untagged IPv4 packets only, as in OVS.
 *   - No eth_type at level L: the packet may or may not have tag L, and
 *     dl_type is wildcarded.
 *   - The L3 and L4 attributes belong at the innermost level, with the
 *     eth_type that gives dl_type; in_port, recirc_id, dp_hash and eth()
 *     at the top level only.
 * The printer uses this form for every key and mask, including masks
 * that OVS cannot express: a tag that is wildcarded while later fields
 * are matched prints as "eth_type(0x0000/0x0000),vlan(),encap(...)"; an
 * untagged packet whose dl_type is wildcarded as
 * "eth_type(0x0000/0x0000)".
 *
 * The DEI bit of the TCI is "dei=0" or "dei=1" and wildcarded if not
 * given; OVS's "cfi=1" (its marker for a present tag) is accepted and
 * ignored.
 *
 * Prerequisites.  A flow must match what its fields depend on, so that
 * its meaning does not depend on fields it ignores: ipv4() needs
 * eth_type(0x0800) (arp() 0x0806 or 0x8035, ipv6() 0x86dd, mpls() 0x8847
 * or 0x8848), tcp() and tcp_flags() need proto=6 (udp() 17, sctp() 132,
 * icmp() 1 under ipv4(), icmpv6() 58 under ipv6()), and nd() needs
 * icmpv6(type=135) or icmpv6(type=136), all matched exactly.
 * odp_flow_check() checks them, and the parser calls it.
 *
 * Printing omits wildcarded fields, and attributes all of whose fields are
 * wildcarded, prints exactly matched fields without a mask and others
 * with "/mask", in OVS's order: recirc_id, dp_hash, in_port, eth, the
 * VLAN nesting, eth_type, the L3 attribute, the L4 attribute, tcp_flags,
 * nd.  For every key and mask that satisfy the prerequisites and whose
 * mask has no bits outside the fields' widths (the flow label's 20 bits,
 * tcp_flags' 12, nw_frag's 2, and no pad bytes),
 * parse(print(key, mask)) gives back KEY & MASK and MASK; for every
 * canonical text (the printer's own output), print(parse(text)) is TEXT.
 * A key and mask that do not satisfy the prerequisites still print every
 * matched field (under the attribute its storage belongs to), so that a
 * dump never hides part of a match.
 *
 * Actions: a comma-separated list, "drop" for none:
 *
 *   1,2                             output to ports 1 and 2
 *   drop                            an explicit drop
 *   push_vlan(vid=10,pcp=3)         push an 802.1Q tag (also tpid=0x88a8,
 *                                   dei=1; OVS's cfi=1 is ignored)
 *   pop_vlan
 *   set(eth(src=...,dst=...))       masked sets, printed the way newer OVS
 *   set(ipv4(src=1.2.3.4/255.255.255.0,dst=...,tos=...,ttl=...))
 *   set(ipv6(src=...,dst=...,label=...,tclass=...,hlimit=...))
 *   set(tcp(src=...,dst=...))       also udp() and sctp()
 *   recirc(0x1)
 *   clone(push_vlan(vid=5),2)
 *   sample(sample=50.0%,actions(1))
 *   userspace(pid=0,userdata(01020304))
 *   meter(0)
 *   hash(l4(0))                     also accepts OVS's older hash_l4(0)
 *   trunc(100)
 *
 * A masked set prints every field whose mask is nonzero, with "/mask"
 * unless the mask is all ones (OVS prints masked sets this way); a set
 * field given without a mask is set entirely.  Fields that OVS prints but
 * a datapath cannot set (ipv4 proto and frag, ipv6 proto and frag) are
 * rejected.  An empty list and an explicit DROP action both print as
 * "drop"; "drop" parses to an explicit DROP action.  A sample's
 * probability prints with one decimal, as OVS does, or with as many more
 * as it takes to parse back to the same probability.
 *
 * Errors: the parsers return NULL on success or a malloc'd message that
 * names the offending token, e.g.
 *   ipv4(src=10.0.0.300): invalid IPv4 address "10.0.0.300"
 * which the caller frees.  They never read past the string's null
 * terminator, whatever it contains.
 *
 * Thread safety: every function is reentrant.
 */
#ifndef SLUICE_ODP_UTIL_H
#define SLUICE_ODP_UTIL_H 1

#include <stddef.h>
#include "flow.h"
#include "util.h"

struct buffer;
struct ds;

/* Parses the datapath flow S into KEY and MASK (both fully overwritten;
 * KEY holds only bits that MASK selects).  Returns NULL on success, or a
 * malloc'd error message, in which case KEY and MASK are unspecified. */
char *odp_flow_from_string(const char *s, struct flow *key,
                           struct flow *mask) SLUICE_WARN_UNUSED_RESULT;

/* Appends the datapath flow KEY under MASK to DS (see the top of this
 * file).  Only KEY's bits under MASK are printed.  A fully wildcarded flow
 * appends nothing. */
void odp_flow_format(struct ds *ds, const struct flow *key,
                     const struct flow *mask);

/* Returns odp_flow_format() of KEY and MASK as a malloc'd string. */
char *odp_flow_to_string(const struct flow *key, const struct flow *mask);

/* Checks that KEY under MASK satisfies the prerequisites (see the top of
 * this file).  Returns NULL if so, otherwise a malloc'd message naming the
 * attribute and what it needs, e.g. "tcp() requires ipv4(proto=6) or
 * ipv6(proto=6)". */
char *odp_flow_check(const struct flow *key, const struct flow *mask)
    SLUICE_WARN_UNUSED_RESULT;

/* Parses the action list S and appends its actions to ACTIONS (see
 * odp-actions.h).  Returns NULL on success, or a malloc'd error message,
 * in which case ACTIONS holds what it held before.  The resulting list
 * always passes odp_actions_validate(). */
char *odp_actions_from_string(const char *s, struct buffer *actions)
    SLUICE_WARN_UNUSED_RESULT;

/* Appends the SIZE-byte action list at ACTIONS to DS; "drop" if it is
 * empty.  A list that does not pass odp_actions_validate() is printed as
 * "<invalid actions: REASON>" instead, without reading outside it. */
void odp_actions_format(struct ds *ds, const void *actions, size_t size);

/* Returns odp_actions_format() of ACTIONS as a malloc'd string. */
char *odp_actions_to_string(const void *actions, size_t size);

#endif /* odp-util.h */

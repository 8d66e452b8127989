/*
 * odp-execute: runs datapath action lists (odp-actions.h) on a batch of
 * packets.
 *
 * odp_execute_actions() carries out itself every action that only changes
 * packets: PUSH_VLAN, POP_VLAN, SET_MASKED (with incremental checksum
 * updates), HASH, CLONE, SAMPLE and DROP.  It hands the actions that need
 * the datapath (OUTPUT, USERSPACE, RECIRC, METER and TRUNC) to the
 * caller's callback, with the batch as it stands at that point of the
 * list.
 *
 * Packets: the actions find headers through the layer offsets that flow
 * extraction records (miniflow_extract() or flow_extract(), see flow.h),
 * and keep those offsets right as they push and pop tags.  An action whose
 * header a packet does not have, or has truncated (set(tcp(...)) on a UDP
 * packet, pop_vlan on an untagged one), leaves that packet unchanged;
 * nothing is ever read or written outside a packet's data.
 *
 * Checksums: changing IPv4 fields updates the IPv4 header checksum;
 * changing IPv4 or IPv6 addresses updates the TCP, UDP or ICMPv6 checksum
 * that covers them through the pseudo-header (not for an IPv6 destination
 * while a routing header has segments left, since the checksum then
 * covers the final destination); changing ports updates the TCP or UDP
 * checksum.  All of these are incremental (RFC 1624), so a checksum that
 * was wrong stays wrong by the same amount, and a UDP checksum of zero
 * ("none") stays zero.  SCTP's CRC32c is recomputed over the packet and
 * stored so that a CRC that was wrong stays wrong.
 *
 * HASH sets the packet's dp_hash metadata to a hash of its headers (the
 * miniflow of the packet without its metadata, so that the same packet
 * hashes alike on every port and pass) with the action's basis, never 0.
 *
 * SAMPLE draws one 32-bit number per packet from a per-thread
 * pseudo-random generator (no system call, no lock) and samples the
 * packet if the number is below the action's probability (always for
 * UINT32_MAX).
 *
 * Ownership: see odp_execute_actions().  Copies that CLONE, SAMPLE and a
 * non-stealing call need are taken from the packet's own mempool when it
 * is a DPDK packet (falling back to the heap if the pool is exhausted),
 * from the heap otherwise.  Nothing else allocates, except that pushing a
 * tag onto a heap packet without 4 bytes of headroom grows its buffer (a
 * DPDK packet cannot grow: without the headroom it is left untagged).
 *
 * Thread safety: reentrant; any number of threads may execute the same
 * (validated, unchanging) action list at once on their own batches.
 */
#ifndef SLUICE_ODP_EXECUTE_H
#define SLUICE_ODP_EXECUTE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dp-packet-batch.h"
#include "odp-actions.h"

/* The datapath's part of execution: called by odp_execute_actions() for
 * each OUTPUT, USERSPACE, RECIRC, METER and TRUNC action A, with the DP
 * pointer given to odp_execute_actions().
 *
 * The packets in BATCH belong to the execution at that point.  If
 * SHOULD_STEAL is true (A is the last action of the list), the callback
 * takes all of them: it sends, queues or frees every packet, and
 * odp_execute_actions() does not look at BATCH again.  If SHOULD_STEAL is
 * false, later actions still need the packets: the callback copies what
 * it keeps (an output sends copies), and leaves the packets in BATCH,
 * except that it may free packets and remove them from BATCH (a meter
 * dropping packets over its rate), keeping the others in order.  If that
 * empties BATCH, execution stops. */
typedef void (*odp_execute_cb)(void *dp, struct dp_packet_batch *batch,
                               const struct odp_action *a,
                               bool should_steal);

/* Runs the SIZE-byte action list at ACTIONS, which must have passed
 * odp_actions_validate(), on the packets of BATCH.  DP_EXECUTE_ACTION
 * carries out the datapath actions (if it is NULL they are skipped).
 *
 * If STEAL is true, the call owns BATCH's packets: every one is sent,
 * handed on or freed by the time it returns, and BATCH is left empty.
 * This is the fast path: the actions change the packets in place and the
 * last datapath action takes them without a copy.
 *
 * If STEAL is false, the caller keeps BATCH and its packets, which are
 * left unchanged: the actions run on copies, made when the call starts
 * (only if the list has any action at all).
 *
 * An empty BATCH is left alone: no callback sees an empty batch. */
void odp_execute_actions(void *dp, struct dp_packet_batch *batch,
                         bool steal, const void *actions, size_t size,
                         odp_execute_cb dp_execute_action);

/* Seeds the calling thread's generator that SAMPLE draws from, so that a
 * test can reproduce a run.  Without it each thread seeds itself on first
 * use. */
void odp_execute_seed_random(uint32_t seed);

#endif /* odp-execute.h */

/*
 * pinsched: rate limiting of packet-in messages to a controller, with fair
 * queueing across input ports.
 *
 * This is what a bridge's Controller "controller_rate_limit" and
 * "controller_burst_limit" settings do in Open vSwitch.  A token bucket
 * allows RATE_LIMIT packet-ins per second, with bursts of up to
 * BURST_LIMIT.  While nothing is queued and a token is available, a
 * packet-in passes straight to the caller's transmit queue ("normal").
 * Otherwise it is "limited": it waits in a queue of its input port, and
 * pinsched_run() releases queued packet-ins as tokens arrive, taking one
 * from each non-empty port queue in turn (round robin), so that a port that
 * floods packet-ins cannot crowd out the others.  At most BURST_LIMIT
 * packet-ins wait in all queues together: beyond that, the oldest packet-in
 * of the longest queue (the first such queue in round-robin order on a
 * tie) is dropped to make room, and counted.
 *
 * Defaults and bounds, as in Open vSwitch: RATE_LIMIT <= 0 means 1000
 * packets per second; BURST_LIMIT <= 0 means RATE_LIMIT / 4, and it is at
 * least 1.
 *
 * Time: the functions that need the time take NOW in milliseconds
 * (time_msec() in production, any clock in tests); the bucket starts full.
 *
 * A null 'struct pinsched *' means "no rate limit": pinsched_send() then
 * passes every packet-in through and the other functions do nothing.
 *
 * Ownership: pinsched_send() takes over its packet, which ends up either
 * in the caller's TXQ (a list of 'struct buffer' linked through
 * 'list_node') or freed when dropped.  pinsched_destroy() frees packets
 * still queued.
 *
 * Thread safety: a pinsched belongs to one thread at a time.
 */
#ifndef SLUICE_PINSCHED_H
#define SLUICE_PINSCHED_H 1

#include <stdint.h>
#include "list.h"

struct buffer;
struct pinsched;

/* Returns a new scheduler with the given limits (see above), its bucket
 * full at time NOW. */
struct pinsched *pinsched_create(int rate_limit, int burst_limit,
                                 long long now);

/* Frees PS and the packet-ins it holds.  NULL is a no-op. */
void pinsched_destroy(struct pinsched *ps);

/* Changes PS's limits (see above).  Queued packet-ins beyond the new burst
 * limit are dropped from the longest queues. */
void pinsched_set_limits(struct pinsched *ps, int rate_limit,
                         int burst_limit);

/* Stores PS's limits, after defaults and bounds, in *RATE_LIMIT and
 * *BURST_LIMIT (both 0 for a null PS). */
void pinsched_get_limits(const struct pinsched *ps, int *rate_limit,
                         int *burst_limit);

/* Schedules PACKET (taken over), a packet-in from input port PORT_NO:
 * appends it to TXQ if it may go now, otherwise queues or drops it. */
void pinsched_send(struct pinsched *ps, uint32_t port_no,
                   struct buffer *packet, struct list *txq, long long now);

/* Appends to TXQ the queued packet-ins that the tokens at NOW allow (at
 * most 50 per call, so that a caller's other work is not held up). */
void pinsched_run(struct pinsched *ps, struct list *txq, long long now);

/* Makes the next poll_block() wake when pinsched_run() can release a
 * packet-in. */
void pinsched_wait(struct pinsched *ps, long long now);

struct pinsched_stats {
    unsigned int n_queued;              /* Packet-ins waiting now. */
    unsigned long long n_normal;        /* Sent without waiting. */
    unsigned long long n_limited;       /* Queued (or dropped) by limit. */
    unsigned long long n_queue_dropped; /* Dropped from a full queue. */
};

/* Fills *STATS for PS (all zero for a null PS). */
void pinsched_get_stats(const struct pinsched *ps,
                        struct pinsched_stats *stats);

#endif /* pinsched.h */

/*
 * dp-packet-batch: a burst of packets that moves through the fast path
 * together.
 *
 * Every stage of the datapath works on batches of up to
 * DP_PACKET_BATCH_SIZE packets: a receive queue fills one, the lookup
 * stages split it per megaflow, actions run on it, and a transmit queue
 * sends it.  A batch is a plain array of pointers that lives on the stack;
 * it owns the packets it holds (whoever holds the batch frees or passes on
 * each packet exactly once).  Not thread-safe: one owner at a time.
 */
#ifndef SLUICE_DP_PACKET_BATCH_H
#define SLUICE_DP_PACKET_BATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include "dp-packet.h"
#include "util.h"

/* The burst size of every stage: receive, lookup, execute, transmit. */
#define DP_PACKET_BATCH_SIZE 32

struct dp_packet_batch {
    size_t count;
    struct dp_packet *packets[DP_PACKET_BATCH_SIZE];
};

static inline void
dp_packet_batch_init(struct dp_packet_batch *batch)
{
    batch->count = 0;
}

static inline size_t
dp_packet_batch_size(const struct dp_packet_batch *batch)
{
    return batch->count;
}

static inline bool
dp_packet_batch_is_empty(const struct dp_packet_batch *batch)
{
    return !batch->count;
}

static inline bool
dp_packet_batch_is_full(const struct dp_packet_batch *batch)
{
    return batch->count == DP_PACKET_BATCH_SIZE;
}

/* Appends PACKET; the batch must not be full. */
static inline void
dp_packet_batch_add(struct dp_packet_batch *batch, struct dp_packet *packet)
{
    sluice_assert(batch->count < DP_PACKET_BATCH_SIZE);
    batch->packets[batch->count++] = packet;
}

/* Initializes BATCH with the single PACKET. */
static inline void
dp_packet_batch_init_packet(struct dp_packet_batch *batch,
                            struct dp_packet *packet)
{
    batch->count = 1;
    batch->packets[0] = packet;
}

/* Frees every packet in BATCH and empties it. */
static inline void
dp_packet_batch_delete_all(struct dp_packet_batch *batch)
{
    for (size_t i = 0; i < batch->count; i++) {
        dp_packet_delete(batch->packets[i]);
    }
    batch->count = 0;
}

/* Returns the total size in bytes of BATCH's packets. */
static inline size_t
dp_packet_batch_bytes(const struct dp_packet_batch *batch)
{
    size_t bytes = 0;
    for (size_t i = 0; i < batch->count; i++) {
        bytes += dp_packet_size(batch->packets[i]);
    }
    return bytes;
}

/* Iterates over BATCH's packets: PACKET is each packet, IDX its index. */
#define DP_PACKET_BATCH_FOR_EACH(IDX, PACKET, BATCH)                    \
    for (size_t IDX = 0; IDX < (BATCH)->count                           \
             && ((PACKET) = (BATCH)->packets[IDX], true); IDX++)

/* Iterates over BATCH for in-place filtering: keep a packet with
 * dp_packet_batch_refill(BATCH, PACKET, IDX); packets not refilled must be
 * freed or passed on by the loop body.  SIZE__ and IDX are the loop's. */
#define DP_PACKET_BATCH_REFILL_FOR_EACH(IDX, SIZE, PACKET, BATCH)       \
    for (size_t IDX = 0, SIZE = dp_packet_batch_reset_for_refill(BATCH); \
         IDX < SIZE && ((PACKET) = (BATCH)->packets[IDX], true); IDX++)

static inline size_t
dp_packet_batch_reset_for_refill(struct dp_packet_batch *batch)
{
    size_t size = batch->count;
    batch->count = 0;
    return size;
}

static inline void
dp_packet_batch_refill(struct dp_packet_batch *batch,
                       struct dp_packet *packet, size_t idx SLUICE_UNUSED)
{
    batch->packets[batch->count++] = packet;
}

#endif /* dp-packet-batch.h */

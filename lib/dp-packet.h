/*
 * dp-packet: the datapath's packet buffer.
 *
 * A 'struct dp_packet' is one contiguous run of packet bytes (the data)
 * inside a larger buffer, with headroom before it for pushing headers and
 * tailroom after it for appending, plus per-packet metadata (input port,
 * recirculation id, datapath hash) and the offsets of the L2.5 (MPLS), L3
 * and L4 headers that flow extraction found.
 *
 * Every packet embeds an rte_mbuf as its first member, and the data,
 * headroom and size live in that mbuf's buf_addr, data_off, data_len and
 * buf_len whatever the buffer's source, so the accessors never branch on
 * the source.  The sources:
 *
 *   DPBUF_DPDK    The packet is an mbuf from a pool made by
 *                 dp_packet_pool_create(): the dp_packet fields live in the
 *                 mbuf's private area, so dp_packet_from_mbuf() and
 *                 dp_packet_to_mbuf() are casts, and the fast path neither
 *                 allocates nor copies.  Only single-segment mbufs are
 *                 supported.  Its buffer cannot grow: pushing or putting
 *                 more than its headroom or tailroom is a bug (checked,
 *                 aborts), so callers check dp_packet_headroom() first.
 *   DPBUF_MALLOC  The buffer comes from malloc() and grows on demand.
 *   DPBUF_STUB    The buffer is the caller's (often on the stack); if the
 *                 packet must grow, the data moves to a malloc'd buffer
 *                 and the source becomes DPBUF_MALLOC.
 *   DPBUF_CONST   A read-only view of the caller's data, for parsing:
 *                 nothing may write through it and it cannot grow.
 *
 * Sizes: the data, headroom and tailroom together fit in 16 bits, so a
 * packet holds at most DP_PACKET_MAX_SIZE bytes; asking a heap packet to
 * grow beyond that is a bug (checked, aborts).  Callers that build packets
 * from untrusted lengths check against DP_PACKET_MAX_SIZE first.
 *
 * Layer offsets count bytes from the start of the data and are
 * UINT16_MAX when absent.  Pushing or pulling bytes at the front with
 * dp_packet_push*() and dp_packet_pull() leaves them alone (they then
 * point at the wrong bytes); dp_packet_resize_l2() moves the front and
 * adjusts them.
 *
 * Ownership: a packet from dp_packet_new*(), dp_packet_clone*() or
 * dp_packet_pool_alloc() is freed with dp_packet_delete(); a caller-owned
 * struct set up with dp_packet_init(), dp_packet_use_stub() or
 * dp_packet_use_const() is released with dp_packet_uninit().  Both accept
 * NULL.
 *
 * Thread safety: a packet has one owner at a time; nothing here locks.
 * Pools are DPDK mempools, which are thread-safe.
 */
#ifndef SLUICE_DP_PACKET_H
#define SLUICE_DP_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rte_mbuf.h>
#include "util.h"

enum dp_packet_source {
    DPBUF_MALLOC,
    DPBUF_STUB,
    DPBUF_CONST,
    DPBUF_DPDK,
};

/* Metadata that travels with a packet through the datapath and becomes
 * part of its flow key. */
struct pkt_metadata {
    uint32_t in_port;           /* Datapath port number of arrival. */
    uint32_t recirc_id;         /* Recirculation id; 0 on the first pass. */
    uint32_t dp_hash;           /* Hash computed by a hash action, or 0. */
};

struct dp_packet {
    struct rte_mbuf mbuf;       /* Must be first; see the comment above. */
    uint8_t source;             /* enum dp_packet_source. */
    uint16_t l2_5_ofs;          /* MPLS label stack, or UINT16_MAX. */
    uint16_t l3_ofs;            /* Network header, or UINT16_MAX. */
    uint16_t l4_ofs;            /* Transport header, or UINT16_MAX. */
    struct pkt_metadata md;
};

/* The most bytes a packet's buffer (headroom, data and tailroom) can
 * hold. */
#define DP_PACKET_MAX_SIZE UINT16_MAX

/* The private area size that a pool's mbufs need to hold the rest of a
 * struct dp_packet. */
#define DP_PACKET_MBUF_PRIV_SIZE                                        \
    ROUND_UP(sizeof(struct dp_packet) - sizeof(struct rte_mbuf),        \
             RTE_MBUF_PRIV_ALIGN)

/* Creating and destroying heap packets. */

/* Returns a new empty packet with room for SIZE bytes of data and no
 * headroom.  SIZE must not exceed DP_PACKET_MAX_SIZE. */
struct dp_packet *dp_packet_new(size_t size);

/* Returns a new empty packet with HEADROOM bytes of headroom and room for
 * SIZE bytes of data after it. */
struct dp_packet *dp_packet_new_with_headroom(size_t size, size_t headroom);

/* Returns a new heap packet holding a copy of the SIZE bytes at DATA,
 * with HEADROOM bytes of headroom.  Metadata and offsets are cleared. */
struct dp_packet *dp_packet_clone_data_with_headroom(const void *data,
                                                     size_t size,
                                                     size_t headroom);

/* Like dp_packet_clone_data_with_headroom() with no headroom. */
struct dp_packet *dp_packet_clone_data(const void *data, size_t size);

/* Returns a new heap packet with a copy of B's data, the same headroom,
 * metadata and layer offsets, whatever B's source. */
struct dp_packet *dp_packet_clone(const struct dp_packet *b);

/* Returns a copy of B, with its metadata: an mbuf from B's own pool if B
 * is a DPDK packet and the pool has a free buffer with room (so that the
 * copy can be sent on a DPDK port without another copy), otherwise a heap
 * packet as from dp_packet_clone(). */
struct dp_packet *dp_packet_clone_pooled(const struct dp_packet *b);

/* Frees B, its buffer and (for DPDK packets) returns the mbuf to its pool.
 * For packets from dp_packet_new*(), dp_packet_clone*() and
 * dp_packet_pool_alloc() only.  Does nothing if B is NULL. */
void dp_packet_delete(struct dp_packet *b);

/* Caller-owned structs. */

/* Initializes the caller's B as an empty packet with a malloc'd buffer of
 * SIZE bytes and no headroom.  Release with dp_packet_uninit(). */
void dp_packet_init(struct dp_packet *b, size_t size);

/* Initializes the caller's B as an empty packet that uses the ALLOCATED
 * bytes at BASE as its buffer, which must stay valid until
 * dp_packet_uninit() (or until growth moves the data to the heap). */
void dp_packet_use_stub(struct dp_packet *b, void *base, size_t allocated);

/* Initializes the caller's B as a read-only view of the SIZE bytes at
 * DATA, which must stay valid and unchanged while B is in use.  Parsing
 * and the accessors work; anything that writes or grows the packet is a
 * bug. */
void dp_packet_use_const(struct dp_packet *b, const void *data, size_t size);

/* Releases the malloc'd buffer of a caller-owned B, if it has one.  B must
 * be reinitialized before reuse.  Does nothing if B is NULL. */
void dp_packet_uninit(struct dp_packet *b);

/* DPDK mbufs. */

/* Creates a pool of N_MBUFS packets named NAME on SOCKET_ID (or
 * SOCKET_ID_ANY), each with RTE_PKTMBUF_HEADROOM bytes of headroom and
 * DATA_ROOM bytes for data, with a per-lcore cache of CACHE_SIZE.  Its
 * mbufs are dp_packets (DPBUF_DPDK).  Returns 0 and stores the pool in
 * *POOLP, or a positive errno (EINVAL for a DATA_ROOM that does not fit,
 * ENOMEM, EEXIST for a duplicate name, ...) and stores NULL.  The EAL must
 * be initialized.  Free the pool with rte_mempool_free(). */
int dp_packet_pool_create(const char *name, unsigned int n_mbufs,
                          unsigned int cache_size, uint16_t data_room,
                          int socket_id, struct rte_mempool **poolp);

/* Allocates an empty packet from POOL (made by dp_packet_pool_create())
 * with cleared metadata and offsets.  Returns NULL if the pool is
 * exhausted. */
struct dp_packet *dp_packet_pool_alloc(struct rte_mempool *pool);

/* Returns the packet that is mbuf M.  M must come from a pool made by
 * dp_packet_pool_create() and have one segment.  The metadata and offsets
 * are whatever the mbuf's previous user left: for a received mbuf, call
 * dp_packet_reset_metadata() next. */
static inline struct dp_packet *
dp_packet_from_mbuf(struct rte_mbuf *m)
{
    return (struct dp_packet *) (void *) m;
}

/* Returns B's mbuf, for transmission.  Only DPDK packets may be passed to
 * DPDK functions that free or keep the mbuf. */
static inline struct rte_mbuf *
dp_packet_to_mbuf(struct dp_packet *b)
{
    return &b->mbuf;
}

static inline enum dp_packet_source
dp_packet_source(const struct dp_packet *b)
{
    return (enum dp_packet_source) b->source;
}

/* Data and room. */

/* Returns the first byte of B's buffer. */
static inline void *
dp_packet_base(const struct dp_packet *b)
{
    return b->mbuf.buf_addr;
}

/* Returns the size of B's whole buffer: headroom, data and tailroom. */
static inline size_t
dp_packet_allocated(const struct dp_packet *b)
{
    return b->mbuf.buf_len;
}

/* Returns the first byte of B's data. */
static inline void *
dp_packet_data(const struct dp_packet *b)
{
    return (char *) b->mbuf.buf_addr + b->mbuf.data_off;
}

/* Returns the number of bytes of data in B. */
static inline uint32_t
dp_packet_size(const struct dp_packet *b)
{
    return b->mbuf.data_len;
}

/* Returns the byte just past B's data. */
static inline void *
dp_packet_tail(const struct dp_packet *b)
{
    return (char *) dp_packet_data(b) + dp_packet_size(b);
}

/* Returns the byte just past B's buffer. */
static inline void *
dp_packet_end(const struct dp_packet *b)
{
    return (char *) dp_packet_base(b) + dp_packet_allocated(b);
}

static inline size_t
dp_packet_headroom(const struct dp_packet *b)
{
    return b->mbuf.data_off;
}

static inline size_t
dp_packet_tailroom(const struct dp_packet *b)
{
    return (size_t) b->mbuf.buf_len - b->mbuf.data_off - b->mbuf.data_len;
}

/* Sets B's data size to SIZE, which must fit before the end of the
 * buffer: bytes that this exposes are uninitialized. */
static inline void
dp_packet_set_size(struct dp_packet *b, size_t size)
{
    sluice_assert(size <= (size_t) b->mbuf.buf_len - b->mbuf.data_off);
    b->mbuf.data_len = size;
    b->mbuf.pkt_len = size;
}

/* Ensures that B has at least SIZE bytes of headroom (or tailroom),
 * moving a heap or stub packet's data to a bigger buffer if needed. */
void dp_packet_prealloc_headroom(struct dp_packet *b, size_t size);
void dp_packet_prealloc_tailroom(struct dp_packet *b, size_t size);

/* Adds SIZE bytes of headroom to empty packet B by moving the start of
 * its data forward; the room must be available. */
void dp_packet_reserve(struct dp_packet *b, size_t size);

/* Prepends SIZE uninitialized bytes to B's data (growing the headroom if
 * needed) and returns a pointer to them. */
void *dp_packet_push_uninit(struct dp_packet *b, size_t size);

/* Prepends a copy of the SIZE bytes at P to B's data and returns a
 * pointer to the copy in B. */
void *dp_packet_push(struct dp_packet *b, const void *p, size_t size);

/* Appends SIZE uninitialized bytes to B's data (growing the tailroom if
 * needed) and returns a pointer to them. */
void *dp_packet_put_uninit(struct dp_packet *b, size_t size);

/* Appends a copy of the SIZE bytes at P to B's data and returns a pointer
 * to the copy in B. */
void *dp_packet_put(struct dp_packet *b, const void *p, size_t size);

/* Appends SIZE zero bytes to B's data and returns a pointer to them. */
void *dp_packet_put_zeros(struct dp_packet *b, size_t size);

/* Removes SIZE bytes from the front of B's data, which must hold at least
 * that many, and returns a pointer to the removed bytes (still valid until
 * B is changed again). */
void *dp_packet_pull(struct dp_packet *b, size_t size);

/* Like dp_packet_pull(), but returns NULL and leaves B alone if it holds
 * fewer than SIZE bytes. */
void *dp_packet_try_pull(struct dp_packet *b, size_t size);

/* Empties B's data, keeping its headroom. */
void dp_packet_clear(struct dp_packet *b);

/* Layers. */

/* Clears the layer offsets. */
static inline void
dp_packet_reset_offsets(struct dp_packet *b)
{
    b->l2_5_ofs = UINT16_MAX;
    b->l3_ofs = UINT16_MAX;
    b->l4_ofs = UINT16_MAX;
}

/* Clears B's metadata and layer offsets (not its data or RSS hash), as a
 * freshly received packet needs. */
static inline void
dp_packet_reset_metadata(struct dp_packet *b)
{
    b->md = (struct pkt_metadata) { 0 };
    dp_packet_reset_offsets(b);
}

/* Returns the Ethernet header: the start of the data. */
static inline void *
dp_packet_eth(const struct dp_packet *b)
{
    return dp_packet_data(b);
}

static inline void *
dp_packet_layer__(const struct dp_packet *b, uint16_t ofs)
{
    return ofs != UINT16_MAX ? (char *) dp_packet_data(b) + ofs : NULL;
}

static inline size_t
dp_packet_layer_size__(const struct dp_packet *b, uint16_t ofs)
{
    return ofs != UINT16_MAX && ofs <= dp_packet_size(b)
           ? dp_packet_size(b) - ofs : 0;
}

/* Returns the MPLS label stack, the network header or the transport
 * header, or NULL if flow extraction did not find one. */
static inline void *
dp_packet_l2_5(const struct dp_packet *b)
{
    return dp_packet_layer__(b, b->l2_5_ofs);
}

static inline void *
dp_packet_l3(const struct dp_packet *b)
{
    return dp_packet_layer__(b, b->l3_ofs);
}

static inline void *
dp_packet_l4(const struct dp_packet *b)
{
    return dp_packet_layer__(b, b->l4_ofs);
}

/* Returns the number of bytes from the network (or transport) header to
 * the end of the data, 0 if there is none. */
static inline size_t
dp_packet_l3_size(const struct dp_packet *b)
{
    return dp_packet_layer_size__(b, b->l3_ofs);
}

static inline size_t
dp_packet_l4_size(const struct dp_packet *b)
{
    return dp_packet_layer_size__(b, b->l4_ofs);
}

/* Grows (INCREMENT > 0) or shrinks (INCREMENT < 0) the front of B's data
 * by INCREMENT bytes and moves the layer offsets that are set by the same
 * amount, so that they keep pointing at the same headers.  Used to insert
 * or remove headers before the L3 header: the caller then moves the
 * Ethernet header into place.  Shrinking must not remove a header whose
 * offset is set (checked).  Returns the new start of the data. */
void *dp_packet_resize_l2(struct dp_packet *b, int increment);

/* RSS hash.  A NIC may deliver a hash of the packet's addresses with it;
 * ports fed from software do not. */

/* Returns true and stores B's RSS hash in *HASH if it has one. */
static inline bool
dp_packet_rss_hash(const struct dp_packet *b, uint32_t *hash)
{
    if (b->mbuf.ol_flags & RTE_MBUF_F_RX_RSS_HASH) {
        *hash = b->mbuf.hash.rss;
        return true;
    }
    return false;
}

static inline void
dp_packet_set_rss_hash(struct dp_packet *b, uint32_t hash)
{
    b->mbuf.hash.rss = hash;
    b->mbuf.ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
}

#endif /* dp-packet.h */

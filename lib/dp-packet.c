/* dp-packet: the datapath's packet buffer.  See dp-packet.h. */
#include <config.h>
#include "dp-packet.h"

#include <errno.h>
#include <string.h>
#include <rte_errno.h>
#include <rte_mempool.h>

/* The dp_packet fields after the mbuf are exactly the mbuf's private area,
 * which DPDK places right after struct rte_mbuf. */
BUILD_ASSERT_DECL(offsetof(struct dp_packet, mbuf) == 0);
BUILD_ASSERT_DECL(offsetof(struct dp_packet, source)
                  == sizeof(struct rte_mbuf));
BUILD_ASSERT_DECL(DP_PACKET_MBUF_PRIV_SIZE <= UINT16_MAX);

/* The buffer of an empty read-only packet, so that no packet has a null
 * buffer. */
static uint8_t empty_buffer[1];

static const char *
dp_packet_source_name(enum dp_packet_source source)
{
    switch (source) {
    case DPBUF_MALLOC:
        return "heap";
    case DPBUF_STUB:
        return "stub";
    case DPBUF_CONST:
        return "read-only";
    case DPBUF_DPDK:
        return "DPDK";
    }
    return "unknown";
}

static void
dp_packet_init__(struct dp_packet *b, void *base, size_t allocated,
                 enum dp_packet_source source)
{
    if (allocated > DP_PACKET_MAX_SIZE) {
        sluice_abort("dp_packet: a %zu-byte buffer exceeds the maximum "
                     "packet buffer size %d", allocated, DP_PACKET_MAX_SIZE);
    }
    memset(b, 0, sizeof *b);
    b->mbuf.buf_addr = base;
    b->mbuf.buf_len = allocated;
    b->mbuf.nb_segs = 1;
    b->source = source;
    dp_packet_reset_metadata(b);
}

void
dp_packet_init(struct dp_packet *b, size_t size)
{
    if (size > DP_PACKET_MAX_SIZE) {
        sluice_abort("dp_packet: a %zu-byte buffer exceeds the maximum "
                     "packet buffer size %d", size, DP_PACKET_MAX_SIZE);
    }
    dp_packet_init__(b, xmalloc(size), size, DPBUF_MALLOC);
}

void
dp_packet_use_stub(struct dp_packet *b, void *base, size_t allocated)
{
    dp_packet_init__(b, base, MIN(allocated, DP_PACKET_MAX_SIZE),
                     DPBUF_STUB);
}

void
dp_packet_use_const(struct dp_packet *b, const void *data, size_t size)
{
    dp_packet_init__(b, size ? (void *) data : empty_buffer, size,
                     DPBUF_CONST);
    dp_packet_set_size(b, size);
}

void
dp_packet_uninit(struct dp_packet *b)
{
    if (b && b->source == DPBUF_MALLOC) {
        free(b->mbuf.buf_addr);
        b->mbuf.buf_addr = empty_buffer;
        b->mbuf.buf_len = 0;
        b->mbuf.data_off = 0;
        b->mbuf.data_len = 0;
        b->mbuf.pkt_len = 0;
    }
}

struct dp_packet *
dp_packet_new_with_headroom(size_t size, size_t headroom)
{
    if (size > DP_PACKET_MAX_SIZE || headroom > DP_PACKET_MAX_SIZE - size) {
        sluice_abort("dp_packet: %zu bytes of data and %zu of headroom "
                     "exceed the maximum packet buffer size %d",
                     size, headroom, DP_PACKET_MAX_SIZE);
    }

    struct dp_packet *b = xmalloc_cacheline(sizeof *b);
    dp_packet_init(b, size + headroom);
    dp_packet_reserve(b, headroom);
    return b;
}

struct dp_packet *
dp_packet_new(size_t size)
{
    return dp_packet_new_with_headroom(size, 0);
}

struct dp_packet *
dp_packet_clone_data_with_headroom(const void *data, size_t size,
                                   size_t headroom)
{
    struct dp_packet *b = dp_packet_new_with_headroom(size, headroom);
    dp_packet_put(b, data, size);
    return b;
}

struct dp_packet *
dp_packet_clone_data(const void *data, size_t size)
{
    return dp_packet_clone_data_with_headroom(data, size, 0);
}

/* Copies SRC's metadata, layer offsets and RSS hash to DST. */
static void
copy_metadata(struct dp_packet *dst, const struct dp_packet *src)
{
    uint32_t hash;

    dst->md = src->md;
    dst->l2_5_ofs = src->l2_5_ofs;
    dst->l3_ofs = src->l3_ofs;
    dst->l4_ofs = src->l4_ofs;
    if (dp_packet_rss_hash(src, &hash)) {
        dp_packet_set_rss_hash(dst, hash);
    }
}

struct dp_packet *
dp_packet_clone(const struct dp_packet *b)
{
    struct dp_packet *clone = dp_packet_clone_data_with_headroom(
        dp_packet_data(b), dp_packet_size(b), dp_packet_headroom(b));
    copy_metadata(clone, b);
    return clone;
}

struct dp_packet *
dp_packet_clone_pooled(const struct dp_packet *b)
{
    if (b->source == DPBUF_DPDK && b->mbuf.pool) {
        struct dp_packet *c = dp_packet_pool_alloc(b->mbuf.pool);
        if (c) {
            size_t size = dp_packet_size(b);
            if (size <= dp_packet_tailroom(c)) {
                memcpy(dp_packet_put_uninit(c, size), dp_packet_data(b),
                       size);
                copy_metadata(c, b);
                return c;
            }
            dp_packet_delete(c);
        }
    }
    return dp_packet_clone(b);
}

void
dp_packet_delete(struct dp_packet *b)
{
    if (!b) {
        return;
    }
    if (b->source == DPBUF_DPDK) {
        rte_pktmbuf_free(&b->mbuf);
    } else {
        dp_packet_uninit(b);
        free_cacheline(b);
    }
}

/* Moves B's data into a new heap buffer with NEW_HEADROOM bytes before it
 * and NEW_TAILROOM after it. */
static void
dp_packet_resize__(struct dp_packet *b, size_t new_headroom,
                   size_t new_tailroom)
{
    size_t size = dp_packet_size(b);

    if (b->source != DPBUF_MALLOC && b->source != DPBUF_STUB) {
        sluice_abort("dp_packet: cannot grow a %s packet to %zu bytes of "
                     "headroom and %zu of tailroom (it has %zu and %zu)",
                     dp_packet_source_name(b->source), new_headroom,
                     new_tailroom, dp_packet_headroom(b),
                     dp_packet_tailroom(b));
    }
    if (new_headroom > DP_PACKET_MAX_SIZE - size
        || new_tailroom > DP_PACKET_MAX_SIZE - size - new_headroom) {
        sluice_abort("dp_packet: %zu bytes of headroom, %zu of data and "
                     "%zu of tailroom exceed the maximum packet buffer "
                     "size %d", new_headroom, size, new_tailroom,
                     DP_PACKET_MAX_SIZE);
    }

    size_t new_allocated = new_headroom + size + new_tailroom;
    uint8_t *new_base = xmalloc(new_allocated);
    memcpy(new_base + new_headroom, dp_packet_data(b), size);
    if (b->source == DPBUF_MALLOC) {
        free(b->mbuf.buf_addr);
    }
    b->source = DPBUF_MALLOC;
    b->mbuf.buf_addr = new_base;
    b->mbuf.buf_len = new_allocated;
    b->mbuf.data_off = new_headroom;
}

/* Returns how much room to ask for when SIZE bytes are needed at one end
 * of B and OTHER_ROOM are kept at the other: some slack, so that a series
 * of small pushes or puts does not copy every time, within the limit. */
static size_t
dp_packet_grow_room(const struct dp_packet *b, size_t size,
                    size_t other_room)
{
    size_t room = MAX(size, 64);
    size_t used = dp_packet_size(b) + other_room;
    if (used + room > DP_PACKET_MAX_SIZE) {
        room = size;
    }
    return room;
}

void
dp_packet_prealloc_headroom(struct dp_packet *b, size_t size)
{
    if (size > dp_packet_headroom(b)) {
        size_t tailroom = dp_packet_tailroom(b);
        dp_packet_resize__(b, dp_packet_grow_room(b, size, tailroom),
                           tailroom);
    }
}

void
dp_packet_prealloc_tailroom(struct dp_packet *b, size_t size)
{
    if (size > dp_packet_tailroom(b)) {
        size_t headroom = dp_packet_headroom(b);
        dp_packet_resize__(b, headroom,
                           dp_packet_grow_room(b, size, headroom));
    }
}

void
dp_packet_reserve(struct dp_packet *b, size_t size)
{
    sluice_assert(dp_packet_size(b) == 0);
    sluice_assert(size <= dp_packet_tailroom(b));
    b->mbuf.data_off += size;
}

void *
dp_packet_push_uninit(struct dp_packet *b, size_t size)
{
    dp_packet_prealloc_headroom(b, size);
    b->mbuf.data_off -= size;
    b->mbuf.data_len += size;
    b->mbuf.pkt_len += size;
    return dp_packet_data(b);
}

void *
dp_packet_push(struct dp_packet *b, const void *p, size_t size)
{
    void *dst = dp_packet_push_uninit(b, size);
    if (size) {
        memcpy(dst, p, size);
    }
    return dst;
}

void *
dp_packet_put_uninit(struct dp_packet *b, size_t size)
{
    dp_packet_prealloc_tailroom(b, size);
    void *dst = dp_packet_tail(b);
    b->mbuf.data_len += size;
    b->mbuf.pkt_len += size;
    return dst;
}

void *
dp_packet_put(struct dp_packet *b, const void *p, size_t size)
{
    void *dst = dp_packet_put_uninit(b, size);
    if (size) {
        memcpy(dst, p, size);
    }
    return dst;
}

void *
dp_packet_put_zeros(struct dp_packet *b, size_t size)
{
    void *dst = dp_packet_put_uninit(b, size);
    memset(dst, 0, size);
    return dst;
}

void *
dp_packet_pull(struct dp_packet *b, size_t size)
{
    sluice_assert(size <= dp_packet_size(b));

    void *data = dp_packet_data(b);
    b->mbuf.data_off += size;
    b->mbuf.data_len -= size;
    b->mbuf.pkt_len -= size;
    return data;
}

void *
dp_packet_try_pull(struct dp_packet *b, size_t size)
{
    return size <= dp_packet_size(b) ? dp_packet_pull(b, size) : NULL;
}

void
dp_packet_clear(struct dp_packet *b)
{
    b->mbuf.data_len = 0;
    b->mbuf.pkt_len = 0;
}

static void
adjust_offset(uint16_t *ofs, int increment)
{
    if (*ofs != UINT16_MAX) {
        *ofs += increment;
    }
}

void *
dp_packet_resize_l2(struct dp_packet *b, int increment)
{
    if (increment >= 0) {
        dp_packet_push_uninit(b, increment);
    } else {
        size_t decrement = -(long) increment;
        sluice_assert(b->l2_5_ofs == UINT16_MAX
                      || b->l2_5_ofs >= decrement);
        sluice_assert(b->l3_ofs == UINT16_MAX || b->l3_ofs >= decrement);
        sluice_assert(b->l4_ofs == UINT16_MAX || b->l4_ofs >= decrement);
        dp_packet_pull(b, decrement);
    }
    adjust_offset(&b->l2_5_ofs, increment);
    adjust_offset(&b->l3_ofs, increment);
    adjust_offset(&b->l4_ofs, increment);
    return dp_packet_data(b);
}

/* rte_mempool_obj_iter() callback: makes each mbuf of a new pool a
 * dp_packet.  The private area is never touched by DPDK afterwards, so
 * 'source' stays set across allocations. */
static void
dp_packet_mbuf_init(struct rte_mempool *mp SLUICE_UNUSED,
                    void *opaque SLUICE_UNUSED, void *obj,
                    unsigned int idx SLUICE_UNUSED)
{
    struct dp_packet *b = obj;

    b->source = DPBUF_DPDK;
    dp_packet_reset_metadata(b);
}

int
dp_packet_pool_create(const char *name, unsigned int n_mbufs,
                      unsigned int cache_size, uint16_t data_room,
                      int socket_id, struct rte_mempool **poolp)
{
    *poolp = NULL;
    if (data_room > UINT16_MAX - RTE_PKTMBUF_HEADROOM) {
        return EINVAL;
    }

    struct rte_mempool *pool = rte_pktmbuf_pool_create(
        name, n_mbufs, cache_size, DP_PACKET_MBUF_PRIV_SIZE,
        data_room + RTE_PKTMBUF_HEADROOM, socket_id);
    if (!pool) {
        return rte_errno > 0 ? rte_errno : ENOMEM;
    }
    rte_mempool_obj_iter(pool, dp_packet_mbuf_init, NULL);
    *poolp = pool;
    return 0;
}

struct dp_packet *
dp_packet_pool_alloc(struct rte_mempool *pool)
{
    struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
    if (!m) {
        return NULL;
    }

    struct dp_packet *b = dp_packet_from_mbuf(m);
    dp_packet_reset_metadata(b);
    return b;
}

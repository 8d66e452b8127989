/* dpif-netdev-meter: the userspace datapath's meters, token buckets that
 * every poller updates with atomics (no lock on the packet path).  See
 * dpif.h and dpif-netdev-private.h. */
#include <config.h>
#include "dpif-netdev-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "csum.h"
#include "dp-packet.h"
#include "dpif.h"
#include "flow.h"
#include "hash.h"
#include "packets.h"
#include "timeval.h"

/* Meters. */

static struct dp_meter *
meter_find(const struct dp_netdev *dp, uint32_t id)
{
    struct dp_meter *meter;
    CMAP_FOR_EACH_WITH_HASH (meter, node, hash_int(id, 0), &dp->meters) {
        if (meter->id == id) {
            return meter;
        }
    }
    return NULL;
}

/* Tokens per packet: a bucket holds a band's burst in millibits (kbps) or
 * micropackets (pktps), and a band's rate in these units per microsecond
 * is its configured rate. */
static int64_t
meter_packet_cost(const struct dp_meter *meter, uint32_t size)
{
    return (meter->flags & DPIF_METER_KBPS
            ? (int64_t) size * 8 * 1000 : INT64_C(1000000));
}

int
dpif_meter_set(struct dpif *dpif, uint32_t meter_id, uint32_t flags,
               const struct dpif_meter_band bands[], size_t n_bands,
               char **errp)
{
    struct dp_netdev *dp = dpif->dp;
    char *err = NULL;

    if (meter_id >= DPIF_MAX_METERS) {
        err = xasprintf("meter %"PRIu32": id out of range (0 to %u)",
                        meter_id, DPIF_MAX_METERS - 1);
    } else if (!(flags & DPIF_METER_KBPS) == !(flags & DPIF_METER_PKTPS)) {
        err = xasprintf("meter %"PRIu32": exactly one of kbps and pktps "
                        "is required", meter_id);
    } else if (flags & ~(DPIF_METER_KBPS | DPIF_METER_PKTPS
                         | DPIF_METER_BURST | DPIF_METER_STATS)) {
        err = xasprintf("meter %"PRIu32": unknown flags 0x%"PRIx32,
                        meter_id, flags);
    } else if (!n_bands || n_bands > DPIF_MAX_BANDS) {
        err = xasprintf("meter %"PRIu32": %zu bands (1 to %d allowed)",
                        meter_id, n_bands, DPIF_MAX_BANDS);
    } else {
        for (size_t i = 0; i < n_bands && !err; i++) {
            if (bands[i].type != DPIF_METER_BAND_DROP
                && bands[i].type != DPIF_METER_BAND_DSCP_REMARK) {
                err = xasprintf("meter %"PRIu32": band %zu: unsupported "
                                "band type %d (only drop and dscp_remark)",
                                meter_id, i, bands[i].type);
            } else if (bands[i].type != DPIF_METER_BAND_DSCP_REMARK
                       && bands[i].prec_level) {
                err = xasprintf("meter %"PRIu32": band %zu: prec_level is "
                                "only for dscp_remark bands", meter_id, i);
            } else if (!bands[i].rate) {
                err = xasprintf("meter %"PRIu32": band %zu: rate must not "
                                "be 0", meter_id, i);
            }
        }
    }
    if (err) {
        if (errp) {
            *errp = err;
        } else {
            free(err);
        }
        return EINVAL;
    }

    struct dp_meter *meter = xzalloc(sizeof *meter
                                     + n_bands * sizeof meter->bands[0]);
    meter->id = meter_id;
    meter->flags = flags;
    meter->created = time_msec();
    atomic_init(&meter->last_fill_usec, time_usec());
    meter->n_bands = n_bands;
    for (size_t i = 0; i < n_bands; i++) {
        struct dp_meter_band *b = &meter->bands[i];
        uint64_t burst = (bands[i].burst_size ? bands[i].burst_size
                          : bands[i].rate);
        b->type = bands[i].type;
        b->rate = bands[i].rate;
        b->burst_size = bands[i].burst_size;
        b->prec_level = bands[i].prec_level;
        b->bucket_max = burst * 1000000;
        atomic_init(&b->tokens, b->bucket_max);
    }

    mutex_lock(&dp->mutex);
    struct dp_meter *old = meter_find(dp, meter_id);
    if (old) {
        cmap_replace(&dp->meters, &old->node, &meter->node,
                     hash_int(meter_id, 0));
        rcu_postpone(free, old);
    } else {
        cmap_insert(&dp->meters, &meter->node, hash_int(meter_id, 0));
    }
    mutex_unlock(&dp->mutex);
    if (errp) {
        *errp = NULL;
    }
    return 0;
}

static void
meter_get_stats(const struct dp_meter *meter, struct dpif_meter_stats *stats)
{
    struct dp_meter *m = (struct dp_meter *) meter;

    memset(stats, 0, sizeof *stats);
    stats->n_packets = atomic_read_relaxed(&m->n_packets);
    stats->n_bytes = atomic_read_relaxed(&m->n_bytes);
    stats->created = meter->created;
    stats->n_bands = meter->n_bands;
    for (size_t i = 0; i < meter->n_bands; i++) {
        stats->bands[i].n_packets
            = atomic_read_relaxed(&m->bands[i].n_packets);
        stats->bands[i].n_bytes = atomic_read_relaxed(&m->bands[i].n_bytes);
    }
}

int
dpif_meter_get(const struct dpif *dpif, uint32_t meter_id,
               struct dpif_meter_stats *stats)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->mutex);
    struct dp_meter *meter = meter_find(dp, meter_id);
    if (meter) {
        meter_get_stats(meter, stats);
    }
    mutex_unlock(&dp->mutex);
    return meter ? 0 : ENOENT;
}

int
dpif_meter_del(struct dpif *dpif, uint32_t meter_id,
               struct dpif_meter_stats *stats)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->mutex);
    struct dp_meter *meter = meter_find(dp, meter_id);
    if (meter) {
        if (stats) {
            meter_get_stats(meter, stats);
        }
        cmap_remove(&dp->meters, &meter->node, hash_int(meter_id, 0));
        rcu_postpone(free, meter);
    }
    mutex_unlock(&dp->mutex);
    return meter ? 0 : ENOENT;
}

int
dpif_meter_get_config(const struct dpif *dpif, uint32_t meter_id,
                      struct dpif_meter_config *config)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->mutex);
    const struct dp_meter *meter = meter_find(dp, meter_id);
    if (meter) {
        memset(config, 0, sizeof *config);
        config->flags = meter->flags;
        config->n_bands = meter->n_bands;
        for (size_t i = 0; i < meter->n_bands; i++) {
            const struct dp_meter_band *b = &meter->bands[i];
            config->bands[i].type = b->type;
            config->bands[i].rate = b->rate;
            config->bands[i].burst_size = b->burst_size;
            config->bands[i].prec_level = b->prec_level;
        }
    }
    mutex_unlock(&dp->mutex);
    return meter ? 0 : ENOENT;
}

static int
compare_u32(const void *a_, const void *b_)
{
    const uint32_t *a = a_, *b = b_;
    return *a < *b ? -1 : *a > *b;
}

size_t
dpif_meter_list(const struct dpif *dpif, uint32_t **ids)
{
    struct dp_netdev *dp = dpif->dp;
    size_t n = 0;

    mutex_lock(&dp->mutex);
    /* Writers hold dp->mutex, so the count cannot change under us. */
    *ids = xmalloc(MAX(cmap_count(&dp->meters), 1) * sizeof **ids);
    struct dp_meter *meter;
    CMAP_FOR_EACH (meter, node, &dp->meters) {
        (*ids)[n++] = meter->id;
    }
    mutex_unlock(&dp->mutex);
    qsort(*ids, n, sizeof **ids, compare_u32);
    return n;
}

/* Raises the drop precedence of the Assured Forwarding codepoint DSCP by
 * PREC_LEVEL, up to the highest (3).  Other codepoints come back as they
 * are. */
static uint8_t
dscp_raise_drop_precedence(uint8_t dscp, uint8_t prec_level)
{
    unsigned int class = dscp >> 3;
    unsigned int prec = (dscp >> 1) & 3;

    if (class < 1 || class > 4 || prec < 1 || dscp & 1) {
        return dscp;
    }
    prec = MIN(prec + prec_level, 3);
    return class << 3 | prec << 1;
}

/* Applies a DSCP remark band with PREC_LEVEL to PACKET.  It finds the IP
 * header itself, past the Ethernet header and VLAN tags, rather than
 * trusting the layer offsets: megaflows that the simple-match shortcut
 * serves reach their actions without them (odp_actions_need_layers()
 * cannot know that a METER action's meter remarks, since the meter may
 * change after the megaflow is installed).  Only packets over a remark
 * band's rate pay for it. */
static void
meter_remark_dscp(struct dp_packet *packet, uint8_t prec_level)
{
    uint8_t *data = dp_packet_data(packet);
    size_t size = dp_packet_size(packet);

    if (size < ETH_HEADER_LEN) {
        return;
    }
    be16 dl_type = get_unaligned_be16(data
                                      + offsetof(struct eth_header, eth_type));
    const uint8_t *l3 = data + ETH_HEADER_LEN;
    size -= ETH_HEADER_LEN;
    struct flow_vlan vlans[FLOW_MAX_VLAN_HEADERS];
    dl_type = flow_parse_vlans(&l3, &size, dl_type, vlans);
    uint8_t *l3w = data + (l3 - data);      /* Writable. */

    size_t ihl, tot_len;
    if (dl_type == htons(ETH_TYPE_IP)
        && flow_check_ipv4(l3, size, &ihl, &tot_len)) {
        struct ip_header *ip = (struct ip_header *) l3w;
        uint8_t dscp = ip->ip_tos >> 2;
        uint8_t new_dscp = dscp_raise_drop_precedence(dscp, prec_level);
        if (new_dscp != dscp) {
            /* The TOS shares a 16-bit word with the version and IHL. */
            be16 old = get_unaligned_be16(&ip->ip_ihl_ver);
            ip->ip_tos = new_dscp << 2 | (ip->ip_tos & IP_ECN_MASK);
            be16 csum = get_unaligned_be16(&ip->ip_csum);
            put_unaligned_be16(&ip->ip_csum, recalc_csum16(
                                   csum, old,
                                   get_unaligned_be16(&ip->ip_ihl_ver)));
        }
    } else if (dl_type == htons(ETH_TYPE_IPV6) && size >= IPV6_HEADER_LEN) {
        uint8_t *ip6 = l3w;
        uint32_t vtc = ntohl(get_unaligned_be32(ip6));
        if (vtc >> 28 != IPV6_VERSION) {
            return;
        }
        uint8_t tclass = vtc >> IPV6_TCLASS_SHIFT;
        uint8_t dscp = tclass >> 2;
        uint8_t new_dscp = dscp_raise_drop_precedence(dscp, prec_level);
        if (new_dscp != dscp) {
            tclass = new_dscp << 2 | (tclass & IP_ECN_MASK);
            vtc = ((vtc & ~(UINT32_C(0xff) << IPV6_TCLASS_SHIFT))
                   | (uint32_t) tclass << IPV6_TCLASS_SHIFT);
            put_unaligned_be32(ip6, htonl(vtc));
        }
    }
}

/* Adds the tokens that METER's bands earned since the last fill at
 * NOW_USEC.  Lock-free: the thread that advances the fill time adds the
 * tokens for the interval. */
static void
meter_fill(struct dp_meter *meter, long long int now_usec)
{
    long long int last = atomic_read_relaxed(&meter->last_fill_usec);
    if (now_usec <= last
        || !atomic_compare_exchange_strong(&meter->last_fill_usec, &last,
                                           now_usec)) {
        return;
    }
    uint64_t delta = now_usec - last;
    for (size_t i = 0; i < meter->n_bands; i++) {
        struct dp_meter_band *b = &meter->bands[i];
        /* Cap the interval so that the product cannot overflow. */
        uint64_t max_delta = b->bucket_max / b->rate + 1;
        int64_t add = MIN(delta, max_delta) * b->rate;
        int64_t tokens = atomic_read_relaxed(&b->tokens);
        int64_t new;
        do {
            new = MIN(tokens + add, b->bucket_max);
        } while (!atomic_compare_exchange_weak(&b->tokens, &tokens, new));
    }
}

void
dp_meter_run(struct dp_netdev *dp, uint32_t meter_id,
             struct dp_packet_batch *batch, long long int now_usec)
{
    struct dp_meter *meter = meter_find(dp, meter_id);
    struct dp_packet *packet;

    if (!meter) {
        return;
    }
    meter_fill(meter, now_usec);
    atomic_add_relaxed(&meter->n_packets, batch->count);
    atomic_add_relaxed(&meter->n_bytes, dp_packet_batch_bytes(batch));

    DP_PACKET_BATCH_REFILL_FOR_EACH (i, size, packet, batch) {
        uint32_t bytes = dp_packet_size(packet);
        int64_t cost = meter_packet_cost(meter, bytes);
        int exceeded = -1;

        for (size_t j = 0; j < meter->n_bands; j++) {
            struct dp_meter_band *b = &meter->bands[j];
            if (atomic_fetch_sub_explicit(&b->tokens, cost,
                                          memory_order_relaxed) < cost) {
                /* Not enough tokens: give them back. */
                atomic_add_relaxed(&b->tokens, cost);
                if (exceeded < 0 || b->rate > meter->bands[exceeded].rate) {
                    exceeded = j;
                }
            }
        }
        if (exceeded >= 0) {
            struct dp_meter_band *b = &meter->bands[exceeded];
            atomic_add_relaxed(&b->n_packets, 1);
            atomic_add_relaxed(&b->n_bytes, bytes);
            if (b->type == DPIF_METER_BAND_DROP) {
                dp_packet_delete(packet);
                continue;
            }
            meter_remark_dscp(packet, b->prec_level);
        }
        dp_packet_batch_refill(batch, packet, i);
    }
}

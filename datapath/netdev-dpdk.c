/* netdev-dpdk: DPDK ethdev and vhost-user ports.  See netdev.h.
 *
 * Three classes share this file: "dpdk" (an ethdev named by devargs),
 * "dpdkvhostuser" (librte_vhost, Sluice listens) and
 * "dpdkvhostuserclient" (librte_vhost, Sluice connects and reconnects).
 *
 * Buffers.  Each port has its own mbuf pool, made by
 * dp_packet_pool_create(), sized from the port's queues (see pool_size())
 * with a data room of the port's MTU class (the frame size rounded up to a
 * KB: 2 KB for MTU 1500, 9 KB for MTU 9000).  A reconfiguration that
 * changes the MTU class or the queues makes a new pool and retires the old
 * one, which is freed by netdev_run() once every mbuf has come back (they
 * may sit in other ports' transmit rings for a while).
 *
 * Locking.  'dpdk_mutex' protects 'dpdk_list' (every port of these
 * classes) and is taken before a port's 'mutex', which protects the
 * port's configuration against the slow path and the vhost-user callbacks
 * (which run in DPDK's vhost thread).  The fast path takes neither: it
 * reads 'vid', 'vhost_ready' and 'started' atomically, and the queue
 * arrays only change in reconfigure(), which no receive or send overlaps.
 *
 * A vhost-user guest that goes away: destroy_device() stores -1 in 'vid'
 * and waits for an RCU grace period before it returns to librte_vhost,
 * which then frees the rings; a PMD thread that read the old 'vid' has
 * finished its burst by its next quiescent point.
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "dp-packet-batch.h"
#include "netdev-provider.h"

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mempool.h>
#include <rte_random.h>
#include <rte_spinlock.h>
#include <rte_vhost.h>
#include "dirs.h"
#include "dp-packet.h"
#include "dpdk.h"
#include "dynamic-string.h"
#include "list.h"
#include "poll-loop.h"
#include "rcu.h"
#include "smap.h"
#include "socket-util.h"
#include "thread.h"
#include "timeval.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_dpdk);

/* Frame overhead on top of the MTU: Ethernet header, two VLAN tags and
 * the CRC that some NICs write into the buffer. */
#define FRAME_OVERHEAD (RTE_ETHER_HDR_LEN + 2 * RTE_VLAN_HLEN \
                        + RTE_ETHER_CRC_LEN)

/* The largest frame a port with MTU may send: without the CRC. */
#define MTU_TO_MAX_FRAME(MTU) ((MTU) + RTE_ETHER_HDR_LEN + 2 * RTE_VLAN_HLEN)

/* Buffer data rooms are multiples of this: the MTU classes. */
#define MBUF_SIZE_CLASS 1024

/* Descriptors per queue: default and limits for n_rxq_desc and
 * n_txq_desc. */
#define DEFAULT_QUEUE_SIZE 2048
#define MIN_QUEUE_SIZE 64
#define MAX_QUEUE_SIZE 4096

/* Buffers a pool holds beyond its port's queues, for packets in flight:
 * in batches, in the slow path, in other ports' transmit rings. */
#define POOL_EXTRA_MBUFS 2048

/* The most buffers options:n_mbufs may ask for. */
#define MAX_MBUFS (1 << 22)

/* Per-lcore cache of each pool. */
#define POOL_CACHE_SIZE 256

/* The most queues of each kind a port uses. */
#define MAX_RXQ 64
#define MAX_TXQ 1024

/* vhost-user: how often to retry a transmit burst that made progress. */
#define VHOST_ENQ_RETRIES 8

/* Virtio features that would let a guest hand us packets with unfinished
 * checksums or segmentation, which the datapath does not complete. */
#define VHOST_DISABLED_FEATURES                                         \
    ((1ULL << VIRTIO_NET_F_CSUM) | (1ULL << VIRTIO_NET_F_GUEST_CSUM)    \
     | (1ULL << VIRTIO_NET_F_HOST_TSO4) | (1ULL << VIRTIO_NET_F_HOST_TSO6) \
     | (1ULL << VIRTIO_NET_F_HOST_ECN) | (1ULL << VIRTIO_NET_F_HOST_UFO) \
     | (1ULL << VIRTIO_NET_F_GUEST_TSO4) | (1ULL << VIRTIO_NET_F_GUEST_TSO6) \
     | (1ULL << VIRTIO_NET_F_GUEST_ECN) | (1ULL << VIRTIO_NET_F_GUEST_UFO))

/* Virtqueues of a vhost-user queue pair, as the guest sees them: queue
 * pair N is virtqueues 2N (the guest receives: we send) and 2N + 1 (the
 * guest sends: we receive). */
#define VHOST_GUEST_RXQ 0
#define VHOST_GUEST_TXQ 1

enum dpdk_dev_type {
    DPDK_DEV_ETH,
    DPDK_DEV_VHOST,
};


struct dpdk_rxq_state {
    struct netdev_queue_stats stats;
} SLUICE_CACHE_ALIGNED;

struct dpdk_txq_state {
    struct netdev_queue_stats stats;
    rte_spinlock_t lock;        /* For 'concurrent_txq' senders. */
    _Atomic int vhost_qp;       /* vhost: guest queue pair, or -1. */
} SLUICE_CACHE_ALIGNED;

struct netdev_dpdk {
    struct netdev up;
    enum dpdk_dev_type type;
    bool vhost_client;                  /* dpdkvhostuserclient? */
    struct list list_node;              /* In 'dpdk_list'. */

    struct mutex mutex;

    /* Fast-path state.  The arrays have 'up.n_rxq' and 'up.n_txq'
     * entries and change only in reconfigure(). */
    struct rte_mempool *pool;
    struct dpdk_rxq_state *rxqs;
    struct dpdk_txq_state *txqs;
    _Atomic bool started;               /* ethdev: running. */
    _Atomic int vid;                    /* vhost: device id, or -1. */
    _Atomic bool vhost_ready;           /* vhost: reconfigured for 'vid'. */
    uint16_t port_id;                   /* ethdev. */
    int max_frame;                      /* Largest frame we send. */

    /* Configuration, under 'mutex'. */
    struct smap options;                /* As set_config() accepted them. */
    char *devargs;                      /* ethdev, or NULL. */
    bool attached;                      /* ethdev: 'port_id' is ours. */
    char *vhost_path;                   /* vhost: socket, or NULL. */
    bool vhost_registered;              /* vhost: driver registered. */
    bool vhost_connected;               /* vhost: socket connected. */
    uint64_t vhost_features;            /* vhost: negotiated features. */
    int vhost_numa;                     /* vhost: guest's NUMA node. */
    int vhost_n_qp;                     /* vhost: guest's queue pairs. */
    bool vhost_rx_enabled[MAX_RXQ];     /* Guest tx vrings (our rx). */
    bool vhost_tx_enabled[MAX_RXQ];     /* Guest rx vrings (our tx). */
    int socket_id;                      /* NUMA node of the device. */
    struct eth_addr mac;
    bool mac_set;                       /* MAC set by the user. */

    int mtu, requested_mtu;
    int rxq_size, requested_rxq_size;
    int txq_size, requested_txq_size;
    int user_n_rxq;                     /* options:n_rxq, or 0. */
    int requested_n_rxq, requested_n_txq;
    int pool_data_room;                 /* Of 'pool'. */
    unsigned int pool_n_mbufs;          /* Of 'pool'. */
    unsigned int min_mbufs;             /* options:n_mbufs, or 0. */
    int link_up;                        /* Last seen, or -1. */

    /* Counters of queues that a reconfiguration removed. */
    struct netdev_stats base_stats;
};

static struct mutex dpdk_mutex = MUTEX_INITIALIZER;
static struct list dpdk_list SLUICE_GUARDED_BY(dpdk_mutex)
    = LIST_INITIALIZER(&dpdk_list);

static const struct rte_vhost_device_ops vhost_ops;

static struct netdev_dpdk *
netdev_dpdk_cast(const struct netdev *netdev)
{
    return CONTAINER_OF(netdev, struct netdev_dpdk, up);
}

/* Buffer pools. */

struct retired_pool {
    struct list list_node;
    struct rte_mempool *pool;
};

static struct mutex pools_mutex = MUTEX_INITIALIZER;
static struct list retired_pools SLUICE_GUARDED_BY(pools_mutex)
    = LIST_INITIALIZER(&retired_pools);
static unsigned int pool_serial SLUICE_GUARDED_BY(pools_mutex);

/* Returns the data room of buffers for a port with MTU: its MTU class. */
static int
mtu_to_data_room(int mtu)
{
    return ROUND_UP(mtu + FRAME_OVERHEAD, MBUF_SIZE_CLASS);
}

/* Returns the number of buffers for a port with N_RXQ receive queues of
 * RXQ_SIZE descriptors and N_TXQ transmit queues of TXQ_SIZE: enough to
 * fill every ring, a burst per receive queue, and POOL_EXTRA_MBUFS for
 * packets elsewhere.  A vhost-user port has no rings of its own: its
 * "receive queue size" stands for the packets it may have in flight. */
static unsigned int
pool_size(const struct netdev_dpdk *dev, int n_rxq, int n_txq, int rxq_size,
          int txq_size)
{
    unsigned int n = n_rxq * (rxq_size + DP_PACKET_BATCH_SIZE);

    if (dev->type == DPDK_DEV_ETH) {
        n += n_txq * txq_size;
    }
    return MAX(n + POOL_EXTRA_MBUFS, dev->min_mbufs);
}

/* Frees retired pools whose buffers have all come back. */
static void
pools_sweep(void)
{
    struct retired_pool *rp;

    mutex_lock(&pools_mutex);
    LIST_FOR_EACH_SAFE (rp, list_node, &retired_pools) {
        if (rte_mempool_full(rp->pool)) {
            VLOG_DBG("freeing buffer pool %s", rp->pool->name);
            rte_mempool_free(rp->pool);
            list_remove(&rp->list_node);
            free(rp);
        }
    }
    mutex_unlock(&pools_mutex);
}

static void
pool_retire(struct rte_mempool *pool)
{
    if (pool) {
        struct retired_pool *rp = xmalloc(sizeof *rp);

        rp->pool = pool;
        mutex_lock(&pools_mutex);
        list_push_back(&retired_pools, &rp->list_node);
        mutex_unlock(&pools_mutex);
        pools_sweep();
    }
}

/* Creates a pool of N_MBUFS buffers with DATA_ROOM bytes each for DEV.
 * Returns 0 and stores it in *POOLP, or an errno value after logging. */
static int
pool_create(const struct netdev_dpdk *dev, unsigned int n_mbufs,
            int data_room, struct rte_mempool **poolp)
{
    char name[RTE_MEMPOOL_NAMESIZE];

    pools_sweep();
    mutex_lock(&pools_mutex);
    snprintf(name, sizeof name, "sluice%u_%d", pool_serial++, data_room);
    mutex_unlock(&pools_mutex);

    int error = dp_packet_pool_create(name, n_mbufs,
                                      MIN(POOL_CACHE_SIZE, n_mbufs / 2),
                                      data_room,
                                      dev->socket_id >= 0 ? dev->socket_id
                                                          : SOCKET_ID_ANY,
                                      poolp);
    if (error) {
        VLOG_ERR("port %s: could not create a pool of %u buffers of %d "
                 "bytes: %s", dev->up.name, n_mbufs, data_room,
                 rte_strerror(error));
    } else {
        VLOG_INFO("port %s: created buffer pool %s: %u buffers of %d "
                  "bytes (%u MB)", dev->up.name, name, n_mbufs, data_room,
                  (unsigned int) (((uint64_t) n_mbufs
                                   * (*poolp)->elt_size) >> 20));
    }
    return error;
}

/* Statistics. */

static void
queue_stats_fold(const struct netdev_queue_stats *qs, bool rx,
                 struct netdev_stats *stats)
{
    uint64_t packets = atomic_read_relaxed(&qs->packets);
    uint64_t bytes = atomic_read_relaxed(&qs->bytes);
    uint64_t dropped = atomic_read_relaxed(&qs->dropped);
    uint64_t errors = atomic_read_relaxed(&qs->errors);

    if (rx) {
        stats->rx_packets += packets;
        stats->rx_bytes += bytes;
        stats->rx_dropped += dropped;
        stats->rx_errors += errors;
    } else {
        stats->tx_packets += packets;
        stats->tx_bytes += bytes;
        stats->tx_dropped += dropped;
        stats->tx_errors += errors;
    }
}

/* Adds the counters of DEV's queues to STATS. */
static void
queues_stats_fold(const struct netdev_dpdk *dev, struct netdev_stats *stats)
    SLUICE_REQUIRES(dev->mutex)
{
    int n_rxq = netdev_n_rxq(&dev->up);
    int n_txq = netdev_n_txq(&dev->up);

    for (int i = 0; dev->rxqs && i < n_rxq; i++) {
        queue_stats_fold(&dev->rxqs[i].stats, true, stats);
    }
    for (int i = 0; dev->txqs && i < n_txq; i++) {
        queue_stats_fold(&dev->txqs[i].stats, false, stats);
    }
}

/* Replaces DEV's queue arrays by new ones for N_RXQ and N_TXQ queues,
 * keeping the counts of the old ones in 'base_stats'. */
static void
queues_realloc(struct netdev_dpdk *dev, int n_rxq, int n_txq)
    SLUICE_REQUIRES(dev->mutex)
{
    queues_stats_fold(dev, &dev->base_stats);
    free_cacheline(dev->rxqs);
    free_cacheline(dev->txqs);

    dev->rxqs = xzalloc_cacheline(n_rxq * sizeof *dev->rxqs);
    dev->txqs = xzalloc_cacheline(n_txq * sizeof *dev->txqs);
    for (int i = 0; i < n_txq; i++) {
        rte_spinlock_init(&dev->txqs[i].lock);
        atomic_store_relaxed(&dev->txqs[i].vhost_qp, -1);
    }
    atomic_store_relaxed(&dev->up.n_rxq, n_rxq);
    atomic_store_relaxed(&dev->up.n_txq, n_txq);
}

/* Construction and destruction, shared. */

static struct netdev *
netdev_dpdk_alloc(void)
{
    struct netdev_dpdk *dev = xzalloc_cacheline(sizeof *dev);
    return &dev->up;
}

static void
netdev_dpdk_dealloc(struct netdev *netdev)
{
    free_cacheline(netdev_dpdk_cast(netdev));
}

static struct eth_addr
random_local_mac(void)
{
    uint64_t x = rte_rand();
    struct eth_addr mac = eth_addr_from_uint64(x);

    mac.ea[0] = (mac.ea[0] & 0xfe) | 0x02;  /* Unicast, locally assigned. */
    return mac;
}

static int
common_construct(struct netdev *netdev, enum dpdk_dev_type type,
                 char **errp)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    if (!dpdk_is_initialized()) {
        *errp = xasprintf("DPDK is not initialized, so ports of type %s "
                          "cannot be used (set other_config:dpdk-init="
                          "true)", netdev->class->type);
        return EOPNOTSUPP;
    }

    dev->type = type;
    mutex_init(&dev->mutex);
    smap_init(&dev->options);
    atomic_store_relaxed(&dev->vid, -1);
    atomic_store_relaxed(&dev->vhost_ready, false);
    atomic_store_relaxed(&dev->started, false);
    dev->socket_id = -1;
    dev->vhost_numa = -1;
    dev->link_up = -1;
    dev->mtu = dev->requested_mtu = NETDEV_DEFAULT_MTU;
    dev->max_frame = MTU_TO_MAX_FRAME(dev->mtu);
    dev->rxq_size = dev->requested_rxq_size = DEFAULT_QUEUE_SIZE;
    dev->txq_size = dev->requested_txq_size = DEFAULT_QUEUE_SIZE;
    dev->requested_n_rxq = dev->requested_n_txq = 1;
    dev->mac = random_local_mac();

    mutex_lock(&dev->mutex);
    queues_realloc(dev, 1, 1);
    mutex_unlock(&dev->mutex);

    mutex_lock(&dpdk_mutex);
    list_push_back(&dpdk_list, &dev->list_node);
    mutex_unlock(&dpdk_mutex);
    return 0;
}

static void
common_destruct(struct netdev_dpdk *dev)
{
    mutex_lock(&dev->mutex);
    pool_retire(dev->pool);
    dev->pool = NULL;
    free_cacheline(dev->rxqs);
    free_cacheline(dev->txqs);
    dev->rxqs = NULL;
    dev->txqs = NULL;
    smap_destroy(&dev->options);
    free(dev->devargs);
    free(dev->vhost_path);
    mutex_unlock(&dev->mutex);
    mutex_destroy(&dev->mutex);
}

/* Parses a queue size option KEY of OPTIONS into *SIZE (DEFAULT_QUEUE_SIZE
 * if absent).  Returns NULL or an error message. */
static char *
parse_queue_size(const struct smap *options, const char *key, int *size)
{
    const char *s = smap_get(options, key);
    int n;

    *size = DEFAULT_QUEUE_SIZE;
    if (!s) {
        return NULL;
    }
    if (!str_to_int(s, 10, &n) || n < MIN_QUEUE_SIZE || n > MAX_QUEUE_SIZE
        || !IS_POW2(n)) {
        return xasprintf("options:%s: \"%s\" is not a power of 2 between "
                         "%d and %d", key, s, MIN_QUEUE_SIZE,
                         MAX_QUEUE_SIZE);
    }
    *size = n;
    return NULL;
}

/* Returns an error message for the first key of OPTIONS that is not in
 * KNOWN (a null-terminated list), or NULL. */
static char *
check_known_options(const struct smap *options, const char *const *known)
{
    const struct smap_node **nodes = smap_sort(options);
    char *error = NULL;

    for (size_t i = 0; !error && i < smap_count(options); i++) {
        const char *const *k;
        for (k = known; *k; k++) {
            if (!strcmp(*k, nodes[i]->key)) {
                break;
            }
        }
        if (!*k) {
            error = xasprintf("unknown option \"%s\"", nodes[i]->key);
        }
    }
    free(nodes);
    return error;
}

static int
netdev_dpdk_get_config(const struct netdev *netdev, struct smap *options)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    const struct smap_node *node;

    mutex_lock(&dev->mutex);
    SMAP_FOR_EACH (node, &dev->options) {
        smap_replace(options, node->key, node->value);
    }
    mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dpdk_get_numa_id(const struct netdev *netdev)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    mutex_lock(&dev->mutex);
    int numa = dev->type == DPDK_DEV_ETH ? dev->socket_id : dev->vhost_numa;
    mutex_unlock(&dev->mutex);
    return numa;
}

static int
netdev_dpdk_set_multiq(struct netdev *netdev, unsigned int n_txq,
                       unsigned int n_rxq)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    n_txq = MIN(n_txq, MAX_TXQ);
    n_rxq = MIN(n_rxq, MAX_RXQ);

    mutex_lock(&dev->mutex);
    if (dev->requested_n_txq != (int) n_txq
        || (dev->type == DPDK_DEV_ETH && !dev->user_n_rxq
            && dev->requested_n_rxq != (int) n_rxq)) {
        dev->requested_n_txq = n_txq;
        if (dev->type == DPDK_DEV_ETH && !dev->user_n_rxq) {
            dev->requested_n_rxq = n_rxq;
        }
        netdev_request_reconfigure(netdev);
    }
    mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dpdk_set_mtu(struct netdev *netdev, int mtu)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    int error = 0;

    mutex_lock(&dev->mutex);
    if (dev->type == DPDK_DEV_ETH && dev->attached) {
        struct rte_eth_dev_info info;
        if (!rte_eth_dev_info_get(dev->port_id, &info)
            && (mtu > info.max_mtu || mtu < info.min_mtu)) {
            VLOG_WARN("port %s: MTU %d is outside the device's range "
                      "%u...%u", netdev->name, mtu, info.min_mtu,
                      info.max_mtu);
            error = EINVAL;
        }
    }
    if (!error && dev->requested_mtu != mtu) {
        dev->requested_mtu = mtu;
        netdev_request_reconfigure(netdev);
    }
    mutex_unlock(&dev->mutex);
    return error;
}

static int
netdev_dpdk_get_mtu(const struct netdev *netdev, int *mtup)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    mutex_lock(&dev->mutex);
    *mtup = dev->requested_mtu;
    mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dpdk_get_etheraddr(const struct netdev *netdev, struct eth_addr *mac)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    mutex_lock(&dev->mutex);
    *mac = dev->mac;
    mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dpdk_set_etheraddr(struct netdev *netdev, const struct eth_addr mac)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    int error = 0;

    mutex_lock(&dev->mutex);
    if (dev->type == DPDK_DEV_ETH && dev->attached) {
        struct rte_ether_addr addr;

        memcpy(addr.addr_bytes, mac.ea, ETH_ADDR_LEN);
        int retval = rte_eth_dev_default_mac_addr_set(dev->port_id, &addr);
        if (retval) {
            error = -retval;
            VLOG_WARN("port %s: could not set MAC address "ETH_ADDR_FMT": "
                      "%s", netdev->name, ETH_ADDR_ARGS(mac),
                      rte_strerror(error));
        }
    }
    if (!error) {
        dev->mac = mac;
        dev->mac_set = true;
        netdev_change_seq_changed(netdev);
    }
    mutex_unlock(&dev->mutex);
    return error;
}

static int
netdev_dpdk_rxq_construct(struct netdev_rxq *rxq SLUICE_UNUSED)
{
    return 0;
}

static void
netdev_dpdk_rxq_destruct(struct netdev_rxq *rxq SLUICE_UNUSED)
{
}

static struct netdev_rxq *
netdev_dpdk_rxq_alloc(void)
{
    return xzalloc(sizeof(struct netdev_rxq));
}

static void
netdev_dpdk_rxq_dealloc(struct netdev_rxq *rxq)
{
    free(rxq);
}

static void
netdev_dpdk_run(const struct netdev_class *class)
{
    static long long int next_link_check;

    if (class != &netdev_dpdk_class) {
        return;                 /* Once for the three classes. */
    }
    pools_sweep();

    /* Link state changes show in the change sequence number. */
    long long int now = time_msec();
    if (now < next_link_check) {
        return;
    }
    next_link_check = now + 1000;

    struct netdev_dpdk *dev;
    mutex_lock(&dpdk_mutex);
    LIST_FOR_EACH (dev, list_node, &dpdk_list) {
        if (dev->type != DPDK_DEV_ETH) {
            continue;
        }
        mutex_lock(&dev->mutex);
        if (dev->attached) {
            struct rte_eth_link link;
            if (!rte_eth_link_get_nowait(dev->port_id, &link)
                && link.link_status != dev->link_up) {
                dev->link_up = link.link_status;
                netdev_change_seq_changed(&dev->up);
            }
        }
        mutex_unlock(&dev->mutex);
    }
    mutex_unlock(&dpdk_mutex);
}

static void
netdev_dpdk_wait(const struct netdev_class *class)
{
    if (class == &netdev_dpdk_class) {
        mutex_lock(&pools_mutex);
        bool pending = !list_is_empty(&retired_pools);
        mutex_unlock(&pools_mutex);
        poll_timer_wait(pending ? 100 : 1000);
    }
}

/* Transmission helpers. */

/* Frees the COUNT packets at PKTS. */
static void
free_packets(struct dp_packet **pkts, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        dp_packet_delete(pkts[i]);
    }
}

/* Removes from BATCH the packets larger than MAX_FRAME, freeing them, and
 * returns how many it removed. */
static size_t
drop_oversized(struct dp_packet_batch *batch, int max_frame)
{
    struct dp_packet *packet;
    size_t dropped = 0;

    DP_PACKET_BATCH_REFILL_FOR_EACH (i, size, packet, batch) {
        if (SLUICE_UNLIKELY(dp_packet_size(packet) > (uint32_t) max_frame)) {
            dp_packet_delete(packet);
            dropped++;
        } else {
            dp_packet_batch_refill(batch, packet, i);
        }
    }
    return dropped;
}

/* The "dpdk" class: ethdevs. */

static int
netdev_dpdk_eth_construct(struct netdev *netdev, char **errp)
{
    return common_construct(netdev, DPDK_DEV_ETH, errp);
}

/* Stops and closes DEV's ethdev and removes the device from DPDK. */
static void
eth_detach(struct netdev_dpdk *dev) SLUICE_REQUIRES(dev->mutex)
{
    if (!dev->attached) {
        return;
    }

    struct rte_eth_dev_info info;
    struct rte_device *rte_dev = NULL;
    if (!rte_eth_dev_info_get(dev->port_id, &info)) {
        rte_dev = info.device;
    }
    if (atomic_read_relaxed(&dev->started)) {
        rte_eth_dev_stop(dev->port_id);
        atomic_store_relaxed(&dev->started, false);
    }
    rte_eth_dev_close(dev->port_id);

    /* Remove the device unless another of its ports is still in use. */
    uint16_t other;
    bool in_use = false;
    if (rte_dev) {
        RTE_ETH_FOREACH_DEV_OF (other, rte_dev) {
            in_use = true;
        }
    }
    if (rte_dev && !in_use) {
        int retval = rte_dev_remove(rte_dev);
        if (retval) {
            VLOG_WARN("port %s: could not remove DPDK device \"%s\": %s",
                      dev->up.name, dev->devargs, rte_strerror(-retval));
        }
    }
    dev->attached = false;
    VLOG_INFO("port %s: detached DPDK device \"%s\"", dev->up.name,
              dev->devargs);
}

static void
netdev_dpdk_eth_destruct(struct netdev *netdev)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    mutex_lock(&dpdk_mutex);
    list_remove(&dev->list_node);
    mutex_unlock(&dpdk_mutex);

    mutex_lock(&dev->mutex);
    eth_detach(dev);
    mutex_unlock(&dev->mutex);
    common_destruct(dev);
}

/* Returns the first ethdev port that matches DEVARGS, or RTE_MAX_ETHPORTS
 * if there is none. */
static uint16_t
find_port(const char *devargs)
{
    struct rte_dev_iterator iterator;
    uint16_t port_id;

    RTE_ETH_FOREACH_MATCHING_DEV (port_id, devargs, &iterator) {
        rte_eth_iterator_cleanup(&iterator);
        return port_id;
    }
    return RTE_MAX_ETHPORTS;
}

/* Returns the port of type "dpdk" other than DEV that uses PORT_ID, or
 * NULL. */
static struct netdev_dpdk *
port_owner(const struct netdev_dpdk *dev, uint16_t port_id)
    SLUICE_REQUIRES(dpdk_mutex)
{
    struct netdev_dpdk *other;

    LIST_FOR_EACH (other, list_node, &dpdk_list) {
        if (other != dev && other->type == DPDK_DEV_ETH && other->attached
            && other->port_id == port_id) {
            return other;
        }
    }
    return NULL;
}

/* Attaches the ethdev that DEVARGS names to DEV.  Returns 0, or an errno
 * value and a message in *ERRP. */
static int
eth_attach(struct netdev_dpdk *dev, const char *devargs, char **errp)
    SLUICE_REQUIRES(dpdk_mutex)
{
    uint16_t port_id = find_port(devargs);

    if (port_id == RTE_MAX_ETHPORTS) {
        dpdk_log_capture_start();
        int retval = rte_dev_probe(devargs);
        char *messages = dpdk_log_capture_finish();

        if (retval < 0 && retval != -EEXIST) {
            *errp = xasprintf("could not attach DPDK device \"%s\": %s",
                              devargs,
                              messages ? messages : rte_strerror(-retval));
            free(messages);
            /* DPDK says EFAULT for a devargs it cannot parse and -1
             * (EPERM) for a driver that refused the arguments. */
            return (retval == -EFAULT || retval == -EINVAL || retval == -1
                    ? EINVAL : -retval);
        }
        free(messages);
        port_id = find_port(devargs);
        if (port_id == RTE_MAX_ETHPORTS) {
            *errp = xasprintf("DPDK device \"%s\" is not an Ethernet "
                              "device", devargs);
            return ENODEV;
        }
    } else {
        struct netdev_dpdk *owner = port_owner(dev, port_id);
        if (owner) {
            *errp = xasprintf("DPDK device \"%s\" is already in use by port "
                              "%s", devargs, owner->up.name);
            return EBUSY;
        }
    }

    struct rte_eth_dev_info info;
    int retval = rte_eth_dev_info_get(port_id, &info);
    if (retval) {
        *errp = xasprintf("could not query DPDK device \"%s\": %s",
                          devargs, rte_strerror(-retval));
        return -retval;
    }

    struct rte_ether_addr addr;
    dev->port_id = port_id;
    dev->attached = true;
    dev->socket_id = rte_eth_dev_socket_id(port_id);
    if (dev->mac_set) {
        memcpy(addr.addr_bytes, dev->mac.ea, ETH_ADDR_LEN);
        rte_eth_dev_default_mac_addr_set(port_id, &addr);
    } else if (!rte_eth_macaddr_get(port_id, &addr)) {
        memcpy(dev->mac.ea, addr.addr_bytes, ETH_ADDR_LEN);
    }
    VLOG_INFO("port %s: attached DPDK device \"%s\" as ethdev %u (driver "
              "%s, NUMA node %d)", dev->up.name, devargs, port_id,
              info.driver_name, dev->socket_id);
    return 0;
}

static int
netdev_dpdk_eth_set_config(struct netdev *netdev, const struct smap *options,
                           char **errp)
{
    static const char *const known[] = {
        "dpdk-devargs", "n_rxq", "n_rxq_desc", "n_txq_desc", "n_mbufs",
        NULL,
    };
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    const char *devargs = smap_get(options, "dpdk-devargs");
    const char *n_rxq_s = smap_get(options, "n_rxq");
    const char *n_mbufs_s = smap_get(options, "n_mbufs");
    int rxq_size = 0, txq_size = 0, n_rxq = 0;
    unsigned int n_mbufs = 0;
    int error = 0;

    *errp = check_known_options(options, known);
    if (!*errp && (!devargs || !devargs[0])) {
        *errp = xstrdup("options:dpdk-devargs is required");
    }
    if (!*errp && n_rxq_s
        && (!str_to_int(n_rxq_s, 10, &n_rxq) || n_rxq < 1
            || n_rxq > MAX_RXQ)) {
        *errp = xasprintf("options:n_rxq: \"%s\" is not a number between 1 "
                          "and %d", n_rxq_s, MAX_RXQ);
    }
    if (!*errp && n_mbufs_s
        && (!str_to_uint(n_mbufs_s, 10, &n_mbufs) || n_mbufs > MAX_MBUFS)) {
        *errp = xasprintf("options:n_mbufs: \"%s\" is not a number between "
                          "0 and %d", n_mbufs_s, MAX_MBUFS);
    }
    if (!*errp) {
        *errp = parse_queue_size(options, "n_rxq_desc", &rxq_size);
    }
    if (!*errp) {
        *errp = parse_queue_size(options, "n_txq_desc", &txq_size);
    }
    if (*errp) {
        return EINVAL;
    }

    mutex_lock(&dpdk_mutex);
    mutex_lock(&dev->mutex);
    if (n_mbufs != dev->min_mbufs) {
        dev->min_mbufs = n_mbufs;
        if (dev->attached) {
            netdev_request_reconfigure(netdev);
        }
    }
    if (dev->attached && strcmp(devargs, dev->devargs)) {
        *errp = xasprintf("cannot change options:dpdk-devargs from \"%s\" "
                          "to \"%s\" while the port exists (delete it and "
                          "add it again)", dev->devargs, devargs);
        error = EBUSY;
    } else if (!dev->attached) {
        error = eth_attach(dev, devargs, errp);
        if (!error) {
            free(dev->devargs);
            dev->devargs = xstrdup(devargs);
            netdev_request_reconfigure(netdev);
        }
    }
    if (!error) {
        dev->user_n_rxq = n_rxq;
        if (n_rxq && n_rxq != dev->requested_n_rxq) {
            dev->requested_n_rxq = n_rxq;
            netdev_request_reconfigure(netdev);
        }
        if (rxq_size != dev->requested_rxq_size
            || txq_size != dev->requested_txq_size) {
            dev->requested_rxq_size = rxq_size;
            dev->requested_txq_size = txq_size;
            netdev_request_reconfigure(netdev);
        }
        smap_clear(&dev->options);
        const struct smap_node *node;
        SMAP_FOR_EACH (node, options) {
            smap_add(&dev->options, node->key, node->value);
        }
    }
    mutex_unlock(&dev->mutex);
    mutex_unlock(&dpdk_mutex);
    return error;
}

/* Sets up and starts DEV's ethdev with the requested configuration. */
static int
eth_start(struct netdev_dpdk *dev, char **errp) SLUICE_REQUIRES(dev->mutex)
{
    struct rte_eth_dev_info info;
    struct rte_eth_conf conf;
    uint16_t port = dev->port_id;
    int retval;

    retval = rte_eth_dev_info_get(port, &info);
    if (retval) {
        *errp = xasprintf("could not query the device: %s",
                          rte_strerror(-retval));
        return -retval;
    }
    if (dev->requested_mtu > info.max_mtu
        || dev->requested_mtu < info.min_mtu) {
        *errp = xasprintf("MTU %d is outside the device's range %u...%u",
                          dev->requested_mtu, info.min_mtu, info.max_mtu);
        return EINVAL;
    }

    int n_rxq = MIN(dev->requested_n_rxq, info.max_rx_queues);
    int n_txq = MIN(dev->requested_n_txq, info.max_tx_queues);
    if (n_rxq < 1 || n_txq < 1) {
        *errp = xasprintf("the device has %u receive and %u transmit "
                          "queues", info.max_rx_queues, info.max_tx_queues);
        return ENODEV;
    }
    if (n_rxq < dev->requested_n_rxq) {
        VLOG_WARN("port %s: %d receive queues requested, the device has "
                  "%d", dev->up.name, dev->requested_n_rxq, n_rxq);
    }

    memset(&conf, 0, sizeof conf);
    conf.rxmode.mtu = dev->requested_mtu;
    if (n_rxq > 1 && info.flow_type_rss_offloads) {
        conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
        conf.rx_adv_conf.rss_conf.rss_hf = ((RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP
                                             | RTE_ETH_RSS_UDP)
                                            & info.flow_type_rss_offloads);
    }
    if (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_RSS_HASH) {
        conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
    }

    dpdk_log_capture_start();
    retval = rte_eth_dev_configure(port, n_rxq, n_txq, &conf);
    char *messages = dpdk_log_capture_finish();
    if (retval) {
        *errp = xasprintf("could not configure %d receive and %d transmit "
                          "queues with MTU %d: %s", n_rxq, n_txq,
                          dev->requested_mtu,
                          messages ? messages : rte_strerror(-retval));
        free(messages);
        return -retval;
    }
    free(messages);

    uint16_t rxq_size = dev->requested_rxq_size;
    uint16_t txq_size = dev->requested_txq_size;
    rte_eth_dev_adjust_nb_rx_tx_desc(port, &rxq_size, &txq_size);

    /* A pool of the right MTU class and size. */
    int data_room = mtu_to_data_room(dev->requested_mtu);
    unsigned int n_mbufs = pool_size(dev, n_rxq, n_txq, rxq_size, txq_size);
    if (!dev->pool || data_room != dev->pool_data_room
        || n_mbufs > dev->pool_n_mbufs) {
        struct rte_mempool *pool;
        int error = pool_create(dev, n_mbufs, data_room, &pool);
        if (error) {
            *errp = xasprintf("could not create a buffer pool: %s",
                              rte_strerror(error));
            return error;
        }
        pool_retire(dev->pool);
        dev->pool = pool;
        dev->pool_data_room = data_room;
        dev->pool_n_mbufs = n_mbufs;
    }

    for (int i = 0; i < n_rxq; i++) {
        retval = rte_eth_rx_queue_setup(port, i, rxq_size, dev->socket_id,
                                        NULL, dev->pool);
        if (retval) {
            *errp = xasprintf("could not set up receive queue %d with %u "
                              "descriptors: %s", i, rxq_size,
                              rte_strerror(-retval));
            return -retval;
        }
    }
    for (int i = 0; i < n_txq; i++) {
        retval = rte_eth_tx_queue_setup(port, i, txq_size, dev->socket_id,
                                        NULL);
        if (retval) {
            *errp = xasprintf("could not set up transmit queue %d with %u "
                              "descriptors: %s", i, txq_size,
                              rte_strerror(-retval));
            return -retval;
        }
    }

    dpdk_log_capture_start();
    retval = rte_eth_dev_start(port);
    messages = dpdk_log_capture_finish();
    if (retval) {
        *errp = xasprintf("could not start the device: %s",
                          messages ? messages : rte_strerror(-retval));
        free(messages);
        return -retval;
    }
    free(messages);

    retval = rte_eth_promiscuous_enable(port);
    if (retval && retval != -ENOTSUP) {
        VLOG_WARN("port %s: could not enable promiscuous mode: %s",
                  dev->up.name, rte_strerror(-retval));
    }

    dev->mtu = dev->requested_mtu;
    dev->max_frame = MTU_TO_MAX_FRAME(dev->mtu);
    dev->rxq_size = rxq_size;
    dev->txq_size = txq_size;
    queues_realloc(dev, n_rxq, n_txq);
    atomic_store_release(&dev->started, true);
    return 0;
}

static int
netdev_dpdk_eth_reconfigure(struct netdev *netdev)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    char *error = NULL;
    int retval = 0;

    mutex_lock(&dev->mutex);
    if (!dev->attached) {
        mutex_unlock(&dev->mutex);
        VLOG_WARN("port %s: cannot start: no DPDK device is attached "
                  "(see options:dpdk-devargs)", netdev->name);
        return ENODEV;
    }

    if (atomic_read_relaxed(&dev->started)
        && dev->mtu == dev->requested_mtu
        && netdev_n_rxq(netdev) == MIN(dev->requested_n_rxq, MAX_RXQ)
        && netdev_n_txq(netdev) == dev->requested_n_txq
        && dev->rxq_size == dev->requested_rxq_size
        && dev->txq_size == dev->requested_txq_size) {
        mutex_unlock(&dev->mutex);
        return 0;
    }

    if (atomic_read_relaxed(&dev->started)) {
        rte_eth_dev_stop(dev->port_id);
        atomic_store_relaxed(&dev->started, false);
    }
    retval = eth_start(dev, &error);
    if (retval) {
        VLOG_ERR("port %s: %s", netdev->name, error);
        free(error);
    } else {
        VLOG_INFO("port %s: started with %d receive and %d transmit queues, "
                  "MTU %d", netdev->name, netdev_n_rxq(netdev),
                  netdev_n_txq(netdev), dev->mtu);
    }
    mutex_unlock(&dev->mutex);
    return retval;
}

static bool
netdev_dpdk_eth_get_carrier(const struct netdev *netdev)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    struct rte_eth_link link;
    bool carrier = false;

    mutex_lock(&dev->mutex);
    if (dev->attached && atomic_read_relaxed(&dev->started)
        && !rte_eth_link_get_nowait(dev->port_id, &link)) {
        carrier = link.link_status == RTE_ETH_LINK_UP;
    }
    mutex_unlock(&dev->mutex);
    return carrier;
}

static int
netdev_dpdk_get_stats(const struct netdev *netdev, struct netdev_stats *stats)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    mutex_lock(&dev->mutex);
    *stats = dev->base_stats;
    queues_stats_fold(dev, stats);
    if (dev->type == DPDK_DEV_ETH && dev->attached) {
        struct rte_eth_stats hw;
        if (!rte_eth_stats_get(dev->port_id, &hw)) {
            stats->rx_dropped += hw.imissed + hw.rx_nombuf;
            stats->rx_errors += hw.ierrors;
            stats->tx_errors += hw.oerrors;
        }
    }
    mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dpdk_eth_get_status(const struct netdev *netdev, struct smap *status)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    struct rte_eth_dev_info info;
    struct rte_eth_link link;

    char buf[64];

    mutex_lock(&dev->mutex);
    snprintf(buf, sizeof buf, "%d", dev->mtu);
    smap_replace(status, "mtu", buf);
    if (dev->devargs) {
        smap_replace(status, "devargs", dev->devargs);
    }
    if (dev->attached && !rte_eth_dev_info_get(dev->port_id, &info)) {
        smap_replace(status, "driver_name", info.driver_name);
        snprintf(buf, sizeof buf, "%u", dev->port_id);
        smap_replace(status, "port_id", buf);
        snprintf(buf, sizeof buf, "%d", dev->socket_id);
        smap_replace(status, "numa_id", buf);
        snprintf(buf, sizeof buf, "%u", info.max_rx_queues);
        smap_replace(status, "max_rx_queues", buf);
        snprintf(buf, sizeof buf, "%u", info.max_tx_queues);
        smap_replace(status, "max_tx_queues", buf);
        snprintf(buf, sizeof buf, "%u", info.max_mtu);
        smap_replace(status, "max_mtu", buf);
        snprintf(buf, sizeof buf, "%d", dev->rxq_size);
        smap_replace(status, "n_rxq_desc", buf);
        snprintf(buf, sizeof buf, "%d", dev->txq_size);
        smap_replace(status, "n_txq_desc", buf);
        if (!rte_eth_link_get_nowait(dev->port_id, &link)) {
            smap_replace(status, "link_state",
                         (link.link_status == RTE_ETH_LINK_UP
                          ? "up" : "down"));
            snprintf(buf, sizeof buf, "%"PRIu32" Mbps", link.link_speed);
            smap_replace(status, "link_speed", buf);
        }
    }
    smap_replace(status, "state", (atomic_read_relaxed(&dev->started)
                                   ? "running" : "stopped"));
    mutex_unlock(&dev->mutex);
    return 0;
}

/* Finishes a receive burst of N mbufs that the driver put into BATCH on
 * DEV's queue QID: resets each packet's metadata, drops chained buffers,
 * which the datapath does not handle (scatter is off, so only a
 * misbehaving driver or guest makes them), and counts the queue's
 * statistics. */
static void
rx_finish(struct netdev_dpdk *dev, int qid, struct dp_packet_batch *batch,
          uint16_t n)
{
    uint64_t bytes = 0;
    size_t errors = 0;
    struct dp_packet *packet;

    batch->count = n;
    DP_PACKET_BATCH_REFILL_FOR_EACH (i, size, packet, batch) {
        if (SLUICE_UNLIKELY(packet->mbuf.nb_segs != 1)) {
            rte_pktmbuf_free(&packet->mbuf);
            errors++;
            continue;
        }
        dp_packet_reset_metadata(packet);
        bytes += dp_packet_size(packet);
        dp_packet_batch_refill(batch, packet, i);
    }

    struct netdev_queue_stats *qs = &dev->rxqs[qid].stats;
    netdev_stat_add(&qs->packets, batch->count);
    netdev_stat_add(&qs->bytes, bytes);
    if (errors) {
        netdev_stat_add(&qs->errors, errors);
    }
}

static int
netdev_dpdk_eth_rxq_recv(struct netdev_rxq *rxq,
                         struct dp_packet_batch *batch, int *qfill)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(rxq->netdev);
    int qid = rxq->queue_id;

    if (SLUICE_UNLIKELY(!atomic_read_acquire(&dev->started))) {
        return EAGAIN;
    }

    uint16_t n = rte_eth_rx_burst(dev->port_id, qid,
                                  (struct rte_mbuf **) batch->packets,
                                  DP_PACKET_BATCH_SIZE);
    if (!n) {
        return EAGAIN;
    }

    rx_finish(dev, qid, batch, n);


    if (qfill && n == DP_PACKET_BATCH_SIZE) {
        int count = rte_eth_rx_queue_count(dev->port_id, qid);
        *qfill = count > 0 ? count : 0;
    }
    return batch->count ? 0 : EAGAIN;
}

/* Replaces every packet of BATCH that is not a DPDK mbuf by a copy in an
 * mbuf from POOL, and returns how many it had to drop because POOL was
 * empty. */
static size_t
copy_to_mbufs(struct rte_mempool *pool, struct dp_packet_batch *batch)
{
    struct dp_packet *packet;
    size_t dropped = 0;

    DP_PACKET_BATCH_REFILL_FOR_EACH (i, size, packet, batch) {
        if (SLUICE_LIKELY(dp_packet_source(packet) == DPBUF_DPDK)) {
            dp_packet_batch_refill(batch, packet, i);
            continue;
        }

        struct dp_packet *copy = pool ? dp_packet_pool_alloc(pool) : NULL;
        if (copy && dp_packet_tailroom(copy) >= dp_packet_size(packet)) {
            memcpy(dp_packet_data(copy), dp_packet_data(packet),
                   dp_packet_size(packet));
            dp_packet_set_size(copy, dp_packet_size(packet));
            dp_packet_batch_refill(batch, copy, i);
        } else {
            dp_packet_delete(copy);
            dropped++;
        }
        dp_packet_delete(packet);
    }
    return dropped;
}

static int
netdev_dpdk_eth_send(struct netdev *netdev, int qid,
                     struct dp_packet_batch *batch, bool concurrent_txq)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    struct dpdk_txq_state *txq = &dev->txqs[qid];
    size_t n_in = batch->count;

    if (SLUICE_UNLIKELY(!atomic_read_acquire(&dev->started))) {
        dp_packet_batch_delete_all(batch);
        if (concurrent_txq) {
            rte_spinlock_lock(&txq->lock);
        }
        netdev_stat_add(&txq->stats.dropped, n_in);
        if (concurrent_txq) {
            rte_spinlock_unlock(&txq->lock);
        }
        return EAGAIN;
    }

    size_t dropped = drop_oversized(batch, dev->max_frame);
    dropped += copy_to_mbufs(dev->pool, batch);

    uint64_t bytes = dp_packet_batch_bytes(batch);
    struct rte_mbuf **mbufs = (struct rte_mbuf **) batch->packets;
    size_t count = batch->count;
    size_t sent = 0;

    if (concurrent_txq) {
        rte_spinlock_lock(&txq->lock);
    }
    while (sent < count) {
        uint16_t n = rte_eth_tx_burst(dev->port_id, qid, mbufs + sent,
                                      count - sent);
        if (!n) {
            break;
        }
        sent += n;
    }
    if (sent < count) {
        for (size_t i = sent; i < count; i++) {
            bytes -= dp_packet_size(batch->packets[i]);
        }
        free_packets(batch->packets + sent, count - sent);
        dropped += count - sent;
    }
    netdev_stat_add(&txq->stats.packets, sent);
    netdev_stat_add(&txq->stats.bytes, bytes);
    if (dropped) {
        netdev_stat_add(&txq->stats.dropped, dropped);
    }
    if (concurrent_txq) {
        rte_spinlock_unlock(&txq->lock);
    }
    batch->count = 0;
    return dropped ? EAGAIN : 0;
}

/* The vhost-user classes. */

/* Returns the port whose socket is PATH, or NULL. */
static struct netdev_dpdk *
vhost_find_by_path(const char *path) SLUICE_REQUIRES(dpdk_mutex)
{
    struct netdev_dpdk *dev;

    LIST_FOR_EACH (dev, list_node, &dpdk_list) {
        if (dev->type == DPDK_DEV_VHOST && dev->vhost_path
            && !strcmp(dev->vhost_path, path)) {
            return dev;
        }
    }
    return NULL;
}

/* Looks up the port of vhost device VID and returns it with its mutex
 * held, and 'dpdk_mutex' held too; or returns NULL with no lock held. */
static struct netdev_dpdk *
vhost_lock_by_vid(int vid) SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    char path[PATH_MAX];

    if (rte_vhost_get_ifname(vid, path, sizeof path)) {
        return NULL;
    }

    mutex_lock(&dpdk_mutex);
    struct netdev_dpdk *dev = vhost_find_by_path(path);
    if (!dev) {
        mutex_unlock(&dpdk_mutex);
        return NULL;
    }
    mutex_lock(&dev->mutex);
    return dev;
}

static void
vhost_unlock(struct netdev_dpdk *dev) SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    mutex_unlock(&dev->mutex);
    mutex_unlock(&dpdk_mutex);
}

/* Points each transmit queue of DEV at one of the guest's enabled receive
 * queues, round robin, or at none (-1). */
static void
vhost_remap_txqs(struct netdev_dpdk *dev) SLUICE_REQUIRES(dev->mutex)
{
    int enabled[MAX_RXQ];
    int n_enabled = 0;

    if (atomic_read_relaxed(&dev->vid) >= 0) {
        for (int i = 0; i < MAX_RXQ; i++) {
            if (dev->vhost_tx_enabled[i]) {
                enabled[n_enabled++] = i;
            }
        }
    }

    int n_txq = netdev_n_txq(&dev->up);
    for (int i = 0; i < n_txq; i++) {
        atomic_store_relaxed(&dev->txqs[i].vhost_qp,
                             n_enabled ? enabled[i % n_enabled] : -1);
    }
}

/* Returns the number of receive queues DEV should have for its guest: one
 * per guest transmit queue up to the highest enabled one. */
static int
vhost_guest_n_rxq(const struct netdev_dpdk *dev) SLUICE_REQUIRES(dev->mutex)
{
    int n = 1;

    for (int i = 0; i < MAX_RXQ; i++) {
        if (dev->vhost_rx_enabled[i]) {
            n = i + 1;
        }
    }
    return n;
}

static int
vhost_new_device(int vid)
{
    struct netdev_dpdk *dev = vhost_lock_by_vid(vid);

    if (!dev) {
        VLOG_WARN("vhost-user device %d is not a known port", vid);
        return -1;
    }

    uint16_t n_vrings = rte_vhost_get_vring_num(vid);
    for (uint16_t i = 0; i < n_vrings; i++) {
        /* PMD threads poll: the guest need not kick us. */
        rte_vhost_enable_guest_notification(vid, i, 0);
    }
    rte_vhost_get_negotiated_features(vid, &dev->vhost_features);
    dev->vhost_numa = rte_vhost_get_numa_node(vid);

    /* The first queue pair is ready when the device is; the state of the
     * others arrives through vring_state_changed(), before or after. */
    int n_qp = MIN(n_vrings / 2, MAX_RXQ);
    dev->vhost_rx_enabled[0] = dev->vhost_tx_enabled[0] = true;
    dev->vhost_n_qp = MAX(dev->vhost_n_qp, n_qp);
    atomic_store_relaxed(&dev->vhost_ready, false);
    atomic_store_release(&dev->vid, vid);
    vhost_remap_txqs(dev);
    dev->requested_n_rxq = vhost_guest_n_rxq(dev);
    netdev_request_reconfigure(&dev->up);

    VLOG_INFO("port %s: vhost-user guest attached (device %d, %d queue "
              "pairs, features %#"PRIx64", NUMA node %d)", dev->up.name,
              vid, n_qp, dev->vhost_features, dev->vhost_numa);
    vhost_unlock(dev);
    return 0;
}

static void
vhost_destroy_device(int vid)
{
    struct netdev_dpdk *dev = vhost_lock_by_vid(vid);
    char *name;

    if (!dev) {
        return;
    }
    if (atomic_read_relaxed(&dev->vid) != vid) {
        vhost_unlock(dev);
        return;
    }

    atomic_store_relaxed(&dev->vhost_ready, false);
    atomic_store_release(&dev->vid, -1);
    memset(dev->vhost_rx_enabled, 0, sizeof dev->vhost_rx_enabled);
    memset(dev->vhost_tx_enabled, 0, sizeof dev->vhost_tx_enabled);
    dev->vhost_n_qp = 0;
    vhost_remap_txqs(dev);
    dev->requested_n_rxq = 1;
    netdev_request_reconfigure(&dev->up);
    name = xstrdup(dev->up.name);
    vhost_unlock(dev);

    /* Threads that read the old 'vid' finish their bursts before their
     * next quiescent point; only then may librte_vhost free the rings. */
    rcu_synchronize();

    VLOG_INFO("port %s: vhost-user guest detached (device %d)", name, vid);
    free(name);
}

static int
vhost_vring_state_changed(int vid, uint16_t queue_id, int enable)
{
    struct netdev_dpdk *dev = vhost_lock_by_vid(vid);
    int qp = queue_id / 2;

    if (!dev) {
        return 0;
    }
    if (qp < MAX_RXQ) {
        dev->vhost_n_qp = MAX(dev->vhost_n_qp, qp + 1);
        if (queue_id % 2) {
            /* A guest transmit queue: one of our receive queues. */
            dev->vhost_rx_enabled[qp] = enable;
            int n_rxq = vhost_guest_n_rxq(dev);
            if (n_rxq != dev->requested_n_rxq) {
                dev->requested_n_rxq = n_rxq;
                netdev_request_reconfigure(&dev->up);
            }
        } else {
            dev->vhost_tx_enabled[qp] = enable;
            vhost_remap_txqs(dev);
        }
    }
    netdev_change_seq_changed(&dev->up);
    VLOG_DBG("port %s: vring %u %s", dev->up.name, queue_id,
             enable ? "enabled" : "disabled");
    vhost_unlock(dev);
    return 0;
}

static int
vhost_new_connection(int vid)
{
    struct netdev_dpdk *dev = vhost_lock_by_vid(vid);

    if (dev) {
        dev->vhost_connected = true;
        netdev_change_seq_changed(&dev->up);
        VLOG_INFO("port %s: vhost-user connection established",
                  dev->up.name);
        vhost_unlock(dev);
    }
    return 0;
}

static void
vhost_destroy_connection(int vid)
{
    struct netdev_dpdk *dev = vhost_lock_by_vid(vid);

    if (dev) {
        dev->vhost_connected = false;
        netdev_change_seq_changed(&dev->up);
        VLOG_INFO("port %s: vhost-user connection closed%s", dev->up.name,
                  dev->vhost_client ? "; reconnecting" : "");
        vhost_unlock(dev);
    }
}

static const struct rte_vhost_device_ops vhost_ops = {
    .new_device = vhost_new_device,
    .destroy_device = vhost_destroy_device,
    .vring_state_changed = vhost_vring_state_changed,
    .new_connection = vhost_new_connection,
    .destroy_connection = vhost_destroy_connection,
};

/* Calls rte_vhost_driver_unregister(PATH) in a quiescent state: it may run
 * destroy_device(), which waits for a grace period, or wait for a callback
 * that does. */
static void
vhost_unregister(const char *path)
{
    bool quiesce = rcu_is_registered() && !rcu_is_quiescent();

    if (quiesce) {
        rcu_quiesce_start();
    }
    if (rte_vhost_driver_unregister(path)) {
        VLOG_WARN("could not unregister vhost-user socket %s", path);
    }
    if (quiesce) {
        rcu_quiesce_end();
    }
}

/* Registers and starts the vhost-user driver for PATH.  Returns 0 or an
 * errno value and a message in *ERRP.  The caller holds neither
 * 'dpdk_mutex' nor DEV's mutex: librte_vhost may call back into this file
 * (new_connection()) from within rte_vhost_driver_start(). */
static int
vhost_register(struct netdev_dpdk *dev, const char *path, char **errp)
    SLUICE_EXCLUDES(dpdk_mutex, dev->mutex)
{
    uint64_t flags = RTE_VHOST_USER_LINEARBUF_SUPPORT;
    char *messages;

    if (dev->vhost_client) {
        flags |= RTE_VHOST_USER_CLIENT;
    }

    dpdk_log_capture_start();
    if (rte_vhost_driver_register(path, flags)) {
        messages = dpdk_log_capture_finish();
        *errp = xasprintf("could not register vhost-user socket %s%s%s",
                          path, messages ? ": " : "",
                          messages ? messages : "");
        free(messages);
        return EINVAL;
    }
    if (rte_vhost_driver_disable_features(path, VHOST_DISABLED_FEATURES)
        || rte_vhost_driver_callback_register(path, &vhost_ops)) {
        messages = dpdk_log_capture_finish();
        *errp = xasprintf("could not set up vhost-user socket %s%s%s", path,
                          messages ? ": " : "", messages ? messages : "");
        free(messages);
        vhost_unregister(path);
        return EINVAL;
    }
    free(dpdk_log_capture_finish());

    /* The callbacks find the port by its path: it must be set before the
     * first one can run. */
    mutex_lock(&dpdk_mutex);
    mutex_lock(&dev->mutex);
    free(dev->vhost_path);
    dev->vhost_path = xstrdup(path);
    mutex_unlock(&dev->mutex);
    mutex_unlock(&dpdk_mutex);

    dpdk_log_capture_start();
    int retval = rte_vhost_driver_start(path);
    messages = dpdk_log_capture_finish();
    if (retval) {
        *errp = xasprintf("could not %s vhost-user socket %s%s%s",
                          dev->vhost_client ? "connect to" : "listen on",
                          path, messages ? ": " : "",
                          messages ? messages : "");
        free(messages);
        vhost_unregister(path);
        mutex_lock(&dpdk_mutex);
        mutex_lock(&dev->mutex);
        free(dev->vhost_path);
        dev->vhost_path = NULL;
        mutex_unlock(&dev->mutex);
        mutex_unlock(&dpdk_mutex);
        return EINVAL;
    }
    free(messages);

    mutex_lock(&dev->mutex);
    dev->vhost_registered = true;
    mutex_unlock(&dev->mutex);
    return 0;
}

/* Checks that a vhost-user socket can be created at PATH. */
static int
vhost_check_server_path(const char *path, char **errp)
{
    struct sockaddr_un sun;
    struct stat st;

    if (strlen(path) >= sizeof sun.sun_path) {
        *errp = xasprintf("vhost-user socket name %s is longer than %zu "
                          "bytes", path, sizeof sun.sun_path - 1);
        return ENAMETOOLONG;
    }

    char *dir = dir_name(path);
    int error = stat(dir, &st) ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    if (error) {
        *errp = xasprintf("could not create vhost-user socket %s: directory "
                          "%s: %s", path, dir, sluice_strerror(error));
        free(dir);
        return error;
    }
    free(dir);

    char *reason = NULL;
    error = unix_socket_remove_stale(path, &reason);
    if (error) {
        *errp = xasprintf("could not create vhost-user socket %s: %s",
                          path, reason ? reason : sluice_strerror(error));
        free(reason);
        return error;
    }
    return 0;
}

static int
vhost_construct__(struct netdev *netdev, bool client, char **errp)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    struct sockaddr_un sun;

    if (!netdev_check_name(netdev->name, sizeof sun.sun_path - 1, errp)) {
        return EINVAL;
    }
    int error = common_construct(netdev, DPDK_DEV_VHOST, errp);
    if (error) {
        return error;
    }
    dev->vhost_client = client;

    /* A pool for the default configuration, so that the port works as soon
     * as a guest attaches and the datapath reconfigures it. */
    mutex_lock(&dev->mutex);
    unsigned int n_mbufs = pool_size(dev, 1, 1, dev->rxq_size,
                                     dev->txq_size);
    int data_room = mtu_to_data_room(dev->mtu);
    error = pool_create(dev, n_mbufs, data_room, &dev->pool);
    if (!error) {
        dev->pool_data_room = data_room;
        dev->pool_n_mbufs = n_mbufs;
    }
    mutex_unlock(&dev->mutex);
    if (error) {
        *errp = xasprintf("could not create a buffer pool: %s",
                          rte_strerror(error));
        netdev->class->destruct(netdev);
        return error;
    }

    if (!client) {
        char *path = xasprintf("%s/%s", dpdk_get_vhost_sock_dir(),
                               netdev->name);
        error = vhost_check_server_path(path, errp);
        if (!error) {
            error = vhost_register(dev, path, errp);
        }
        if (error) {
            free(path);
            netdev->class->destruct(netdev);
            return error;
        }
        VLOG_INFO("port %s: vhost-user server socket %s created",
                  netdev->name, path);
        free(path);
    }
    return 0;
}

static int
netdev_dpdk_vhost_construct(struct netdev *netdev, char **errp)
{
    return vhost_construct__(netdev, false, errp);
}

static int
netdev_dpdk_vhost_client_construct(struct netdev *netdev, char **errp)
{
    return vhost_construct__(netdev, true, errp);
}

static void
netdev_dpdk_vhost_destruct(struct netdev *netdev)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    /* Once the port is off the list, callbacks no longer find it. */
    mutex_lock(&dpdk_mutex);
    list_remove(&dev->list_node);
    mutex_unlock(&dpdk_mutex);

    mutex_lock(&dev->mutex);
    char *path = dev->vhost_registered ? xstrdup(dev->vhost_path) : NULL;
    bool server = !dev->vhost_client;
    dev->vhost_registered = false;
    atomic_store_relaxed(&dev->vid, -1);
    mutex_unlock(&dev->mutex);

    if (path) {
        vhost_unregister(path);
        if (server) {
            unlink(path);
        }
        free(path);
    }
    common_destruct(dev);
}

static int
netdev_dpdk_vhost_set_config(struct netdev *netdev,
                             const struct smap *options, char **errp)
{
    static const char *const server_known[] = {
        "n_rxq_desc", "n_txq_desc", NULL,
    };
    static const char *const client_known[] = {
        "vhost-server-path", "n_rxq_desc", "n_txq_desc", NULL,
    };
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    const char *path = smap_get(options, "vhost-server-path");
    struct sockaddr_un sun;
    int rxq_size, txq_size;
    char *old_path = NULL;
    bool connect = false;
    int error = 0;

    *errp = check_known_options(options, (dev->vhost_client ? client_known
                                          : server_known));
    if (!*errp) {
        *errp = parse_queue_size(options, "n_rxq_desc", &rxq_size);
    }
    if (!*errp) {
        *errp = parse_queue_size(options, "n_txq_desc", &txq_size);
    }
    if (!*errp && dev->vhost_client) {
        if (!path || !path[0]) {
            *errp = xstrdup("options:vhost-server-path is required");
        } else if (path[0] != '/') {
            *errp = xasprintf("options:vhost-server-path: \"%s\" is not an "
                              "absolute file name", path);
        } else if (strlen(path) >= sizeof sun.sun_path) {
            *errp = xasprintf("options:vhost-server-path: %s is longer than "
                              "%zu bytes", path, sizeof sun.sun_path - 1);
        }
    }
    if (*errp) {
        return EINVAL;
    }

    /* A client whose server path changes: check the new one, and take the
     * old one away from the port. */
    mutex_lock(&dpdk_mutex);
    mutex_lock(&dev->mutex);
    if (dev->vhost_client
        && (!dev->vhost_path || strcmp(dev->vhost_path, path))) {
        struct netdev_dpdk *other = vhost_find_by_path(path);
        struct stat st;

        if (other) {
            *errp = xasprintf("vhost-user socket %s is already used by port "
                              "%s", path, other->up.name);
            error = EBUSY;
        } else if (!stat(path, &st) && !S_ISSOCK(st.st_mode)) {
            *errp = xasprintf("could not connect to vhost-user socket %s: "
                              "not a socket", path);
            error = ENOTSOCK;
        } else {
            char *dir = dir_name(path);
            if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
                error = errno ? errno : ENOTDIR;
                *errp = xasprintf("could not connect to vhost-user socket "
                                  "%s: directory %s: %s", path, dir,
                                  sluice_strerror(error));
            }
            free(dir);
        }
        if (!error) {
            connect = true;
            if (dev->vhost_registered) {
                old_path = xstrdup(dev->vhost_path);
                dev->vhost_registered = false;
            }
        }
    }
    mutex_unlock(&dev->mutex);
    mutex_unlock(&dpdk_mutex);

    if (old_path) {
        /* The guest goes away as when it stops. */
        vhost_unregister(old_path);
        free(old_path);
    }
    if (connect) {
        struct stat st;
        if (stat(path, &st)) {
            VLOG_WARN("port %s: could not connect to vhost-user socket %s: "
                      "%s; retrying every second", netdev->name, path,
                      sluice_strerror(errno));
        }
        error = vhost_register(dev, path, errp);
        if (!error) {
            VLOG_INFO("port %s: vhost-user client for socket %s",
                      netdev->name, path);
        }
    }

    if (!error) {
        mutex_lock(&dev->mutex);
        if (rxq_size != dev->requested_rxq_size
            || txq_size != dev->requested_txq_size) {
            dev->requested_rxq_size = rxq_size;
            dev->requested_txq_size = txq_size;
            netdev_request_reconfigure(netdev);
        }
        smap_clear(&dev->options);
        const struct smap_node *node;
        SMAP_FOR_EACH (node, options) {
            smap_add(&dev->options, node->key, node->value);
        }
        mutex_unlock(&dev->mutex);
    }
    return error;
}

static int
netdev_dpdk_vhost_reconfigure(struct netdev *netdev)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    int error = 0;

    mutex_lock(&dev->mutex);
    int n_rxq = (atomic_read_relaxed(&dev->vid) >= 0
                 ? dev->requested_n_rxq : 1);
    int n_txq = dev->requested_n_txq;
    int data_room = mtu_to_data_room(dev->requested_mtu);
    unsigned int n_mbufs = pool_size(dev, n_rxq, n_txq,
                                     dev->requested_rxq_size,
                                     dev->requested_txq_size);

    if (data_room != dev->pool_data_room || n_mbufs > dev->pool_n_mbufs) {
        struct rte_mempool *pool;
        error = pool_create(dev, n_mbufs, data_room, &pool);
        if (!error) {
            pool_retire(dev->pool);
            dev->pool = pool;
            dev->pool_data_room = data_room;
            dev->pool_n_mbufs = n_mbufs;
        }
    }
    if (!error) {
        dev->mtu = dev->requested_mtu;
        dev->max_frame = MTU_TO_MAX_FRAME(dev->mtu);
        dev->rxq_size = dev->requested_rxq_size;
        dev->txq_size = dev->requested_txq_size;
    }
    if (n_rxq != netdev_n_rxq(netdev) || n_txq != netdev_n_txq(netdev)) {
        queues_realloc(dev, n_rxq, n_txq);
    }
    vhost_remap_txqs(dev);
    atomic_store_release(&dev->vhost_ready,
                         !error && atomic_read_relaxed(&dev->vid) >= 0);
    mutex_unlock(&dev->mutex);
    return error;
}

static bool
netdev_dpdk_vhost_get_carrier(const struct netdev *netdev)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    return atomic_read_relaxed(&dev->vid) >= 0;
}

static int
netdev_dpdk_vhost_get_status(const struct netdev *netdev,
                             struct smap *status)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);

    mutex_lock(&dev->mutex);
    int vid = atomic_read_relaxed(&dev->vid);
    smap_replace(status, "driver_name", "vhost-user");
    smap_replace(status, "vhost-mode", dev->vhost_client ? "client"
                                                         : "server");
    if (dev->vhost_path) {
        smap_replace(status, "vhost-socket", dev->vhost_path);
    }
    smap_replace(status, "vhost-state",
                 (vid >= 0 ? "running"
                  : dev->vhost_connected ? "connected"
                  : !dev->vhost_registered ? "unconfigured"
                  : dev->vhost_client ? "connecting"
                  : "listening"));
    char buf[64];
    snprintf(buf, sizeof buf, "%d", dev->mtu);
    smap_replace(status, "mtu", buf);
    if (vid >= 0) {
        snprintf(buf, sizeof buf, "%#"PRIx64, dev->vhost_features);
        smap_replace(status, "features", buf);
        smap_replace(status, "mergeable_rx_buffers",
                     (dev->vhost_features & (1ULL << VIRTIO_NET_F_MRG_RXBUF)
                      ? "true" : "false"));
        snprintf(buf, sizeof buf, "%d", dev->vhost_numa);
        smap_replace(status, "numa_id", buf);
        snprintf(buf, sizeof buf, "%d", dev->vhost_n_qp);
        smap_replace(status, "guest_queue_pairs", buf);
    }
    mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dpdk_vhost_rxq_recv(struct netdev_rxq *rxq,
                           struct dp_packet_batch *batch, int *qfill)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(rxq->netdev);
    int vid = atomic_read_acquire(&dev->vid);
    int qid = rxq->queue_id;

    if (SLUICE_UNLIKELY(vid < 0
                        || !atomic_read_acquire(&dev->vhost_ready))) {
        return EAGAIN;
    }

    uint16_t vq = qid * 2 + VHOST_GUEST_TXQ;
    uint16_t n = rte_vhost_dequeue_burst(vid, vq, dev->pool,
                                         (struct rte_mbuf **) batch->packets,
                                         DP_PACKET_BATCH_SIZE);
    if (!n) {
        return EAGAIN;
    }

    rx_finish(dev, qid, batch, n);
    if (qfill && n == DP_PACKET_BATCH_SIZE) {
        *qfill = rte_vhost_rx_queue_count(vid, vq);
    }
    return batch->count ? 0 : EAGAIN;
}

static int
netdev_dpdk_vhost_send(struct netdev *netdev, int qid,
                       struct dp_packet_batch *batch, bool concurrent_txq)
{
    struct netdev_dpdk *dev = netdev_dpdk_cast(netdev);
    struct dpdk_txq_state *txq = &dev->txqs[qid];
    int vid = atomic_read_acquire(&dev->vid);
    int qp = atomic_read_relaxed(&txq->vhost_qp);
    size_t dropped = 0, sent = 0;
    uint64_t bytes = 0;

    if (concurrent_txq) {
        rte_spinlock_lock(&txq->lock);
    }
    if (SLUICE_UNLIKELY(vid < 0 || qp < 0
                        || !atomic_read_acquire(&dev->vhost_ready))) {
        dropped = batch->count;
    } else {
        dropped = drop_oversized(batch, dev->max_frame);

        /* librte_vhost copies each packet into the guest's buffers and
         * reads only the mbuf fields that every dp_packet keeps (see
         * dp-packet.h), so heap packets need no copy. */
        struct rte_mbuf **mbufs = (struct rte_mbuf **) batch->packets;
        size_t count = batch->count;
        int retries = 0;

        while (sent < count) {
            uint16_t n = rte_vhost_enqueue_burst(vid, qp * 2 + VHOST_GUEST_RXQ,
                                                 mbufs + sent, count - sent);
            sent += n;
            if (!n || ++retries > VHOST_ENQ_RETRIES) {
                break;
            }
        }
        for (size_t i = 0; i < sent; i++) {
            bytes += dp_packet_size(batch->packets[i]);
        }
        dropped += count - sent;
    }
    netdev_stat_add(&txq->stats.packets, sent);
    netdev_stat_add(&txq->stats.bytes, bytes);
    if (dropped) {
        netdev_stat_add(&txq->stats.dropped, dropped);
    }
    if (concurrent_txq) {
        rte_spinlock_unlock(&txq->lock);
    }

    /* The guest has copies: free every packet. */
    dp_packet_batch_delete_all(batch);
    return dropped ? EAGAIN : 0;
}

/* The classes. */

#define NETDEV_DPDK_COMMON                                      \
    .is_pmd = true,                                             \
    .run = netdev_dpdk_run,                                     \
    .wait = netdev_dpdk_wait,                                   \
    .alloc = netdev_dpdk_alloc,                                 \
    .dealloc = netdev_dpdk_dealloc,                             \
    .get_config = netdev_dpdk_get_config,                       \
    .get_numa_id = netdev_dpdk_get_numa_id,                     \
    .set_multiq = netdev_dpdk_set_multiq,                       \
    .set_mtu = netdev_dpdk_set_mtu,                             \
    .get_mtu = netdev_dpdk_get_mtu,                             \
    .set_etheraddr = netdev_dpdk_set_etheraddr,                 \
    .get_etheraddr = netdev_dpdk_get_etheraddr,                 \
    .get_stats = netdev_dpdk_get_stats,                         \
    .rxq_alloc = netdev_dpdk_rxq_alloc,                         \
    .rxq_construct = netdev_dpdk_rxq_construct,                 \
    .rxq_destruct = netdev_dpdk_rxq_destruct,                   \
    .rxq_dealloc = netdev_dpdk_rxq_dealloc

const struct netdev_class netdev_dpdk_class = {
    .type = "dpdk",
    NETDEV_DPDK_COMMON,
    .construct = netdev_dpdk_eth_construct,
    .destruct = netdev_dpdk_eth_destruct,
    .set_config = netdev_dpdk_eth_set_config,
    .get_status = netdev_dpdk_eth_get_status,
    .reconfigure = netdev_dpdk_eth_reconfigure,
    .get_carrier = netdev_dpdk_eth_get_carrier,
    .rxq_recv = netdev_dpdk_eth_rxq_recv,
    .send = netdev_dpdk_eth_send,
};

const struct netdev_class netdev_dpdk_vhost_class = {
    .type = "dpdkvhostuser",
    NETDEV_DPDK_COMMON,
    .construct = netdev_dpdk_vhost_construct,
    .destruct = netdev_dpdk_vhost_destruct,
    .set_config = netdev_dpdk_vhost_set_config,
    .get_status = netdev_dpdk_vhost_get_status,
    .reconfigure = netdev_dpdk_vhost_reconfigure,
    .get_carrier = netdev_dpdk_vhost_get_carrier,
    .rxq_recv = netdev_dpdk_vhost_rxq_recv,
    .send = netdev_dpdk_vhost_send,
};

const struct netdev_class netdev_dpdk_vhost_client_class = {
    .type = "dpdkvhostuserclient",
    NETDEV_DPDK_COMMON,
    .construct = netdev_dpdk_vhost_client_construct,
    .destruct = netdev_dpdk_vhost_destruct,
    .set_config = netdev_dpdk_vhost_set_config,
    .get_status = netdev_dpdk_vhost_get_status,
    .reconfigure = netdev_dpdk_vhost_reconfigure,
    .get_carrier = netdev_dpdk_vhost_get_carrier,
    .rxq_recv = netdev_dpdk_vhost_rxq_recv,
    .send = netdev_dpdk_vhost_send,
};

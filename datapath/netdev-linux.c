/* netdev-linux: kernel network interfaces as ports.  See netdev.h.
 *
 * Two classes share this file:
 *
 *   system    An existing interface, reached through an AF_PACKET socket
 *             bound to it, in promiscuous mode, that ignores the packets
 *             the socket itself sends.  Batches go through recvmmsg() and
 *             sendmmsg().  VLAN tags that the kernel took off into the
 *             socket's auxiliary data are put back.
 *   internal  A tap device (IFF_TAP, no packet information) named after
 *             the port, created when the port is opened and gone when it
 *             is closed, for the bridge's local port.
 *
 * Both are brought up when opened.  Their MTU, MAC address and link state
 * are the kernel interface's, read and set through ioctl().
 *
 * Packets.  Received packets are heap packets (dp-packet.h) with room for
 * the interface's MTU plus two VLAN tags; each receive queue keeps a stash
 * of DP_PACKET_BATCH_SIZE buffers so that a burst costs one system call
 * and allocations only for the packets it hands out.  A packet larger
 * than the buffer (a segmentation-offload super-packet from a veth peer
 * with TSO on) is dropped and counted as an rx error.
 *
 * Threads: one receive and one transmit queue.  The receive queue belongs
 * to the thread that polls it; senders with 'concurrent_txq' share the
 * transmit queue under a spinlock.  Counters follow the same rules as in
 * netdev-dpdk.c.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "dp-packet-batch.h"
#include "dp-packet.h"
#include "list.h"
#include "netdev-provider.h"
#include "packets.h"
#include "poll-loop.h"
#include "smap.h"
#include "socket-util.h"
#include "thread.h"
#include "timeval.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_linux);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Headroom of received packets, for pushing headers. */
#define RX_HEADROOM 128

/* Room for headers on top of the MTU: Ethernet and two VLAN tags. */
#define RX_OVERHEAD (ETH_HEADER_LEN + 2 * VLAN_HEADER_LEN)

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif


struct netdev_linux {
    struct netdev up;
    bool is_tap;                /* internal? */
    int fd;                     /* AF_PACKET socket or tap device. */
    int ifindex;
    struct list list_node;      /* In 'linux_list'. */

    _Atomic int mtu;            /* Cached for sizing receive buffers. */
    int carrier;                /* Last seen by run(), or -1. */

    struct spinlock tx_lock;    /* For 'concurrent_txq' senders. */
    struct netdev_queue_stats rx_stats SLUICE_CACHE_ALIGNED;
    struct netdev_queue_stats tx_stats SLUICE_CACHE_ALIGNED;

    struct mutex mutex;         /* Protects 'kernel_drops'. */
    uint64_t kernel_drops;      /* From PACKET_STATISTICS. */
};

struct netdev_rxq_linux {
    struct netdev_rxq up;
    struct dp_packet *stash[DP_PACKET_BATCH_SIZE];
    uint8_t overflow;           /* Catches the byte past a tap buffer. */
};

/* Every open port of these classes, for netdev_run(). */
static struct mutex linux_mutex = MUTEX_INITIALIZER;
static struct list linux_list SLUICE_GUARDED_BY(linux_mutex)
    = LIST_INITIALIZER(&linux_list);

static struct netdev_linux *
netdev_linux_cast(const struct netdev *netdev)
{
    return CONTAINER_OF(netdev, struct netdev_linux, up);
}

static struct netdev_rxq_linux *
netdev_rxq_linux_cast(const struct netdev_rxq *rxq)
{
    return CONTAINER_OF(rxq, struct netdev_rxq_linux, up);
}

/* Interface ioctls. */

/* Returns a socket for interface ioctls, shared by the process. */
static int
ioctl_socket(void)
{
    static struct thread_once once = THREAD_ONCE_INITIALIZER;
    static int fd = -1;

    if (thread_once_start(&once)) {
        fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            VLOG_ERR("could not create a socket for interface ioctls: %s",
                     sluice_strerror(errno));
        }
        thread_once_done(&once);
    }
    return fd;
}

/* Issues ioctl COMMAND for interface NAME with *IFR (whose name this
 * fills in).  Returns 0 or an errno value. */
static int
if_ioctl(const char *name, unsigned long command, struct ifreq *ifr)
{
    int fd = ioctl_socket();

    if (fd < 0) {
        return EAFNOSUPPORT;
    }
    snprintf(ifr->ifr_name, sizeof ifr->ifr_name, "%s", name);
    return ioctl(fd, command, ifr) ? errno : 0;
}

static int
if_get_flags(const char *name, int *flags)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    int error = if_ioctl(name, SIOCGIFFLAGS, &ifr);
    *flags = error ? 0 : ifr.ifr_flags;
    return error;
}

/* Brings interface NAME up. */
static int
if_set_up(const char *name)
{
    struct ifreq ifr;
    int flags;

    int error = if_get_flags(name, &flags);
    if (!error && !(flags & IFF_UP)) {
        memset(&ifr, 0, sizeof ifr);
        ifr.ifr_flags = flags | IFF_UP;
        error = if_ioctl(name, SIOCSIFFLAGS, &ifr);
    }
    return error;
}

static int
if_get_mtu(const char *name, int *mtu)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    int error = if_ioctl(name, SIOCGIFMTU, &ifr);
    *mtu = error ? 0 : ifr.ifr_mtu;
    return error;
}

/* Construction and destruction. */

static struct netdev *
netdev_linux_alloc(void)
{
    struct netdev_linux *dev = xzalloc_cacheline(sizeof *dev);
    return &dev->up;
}

static void
netdev_linux_dealloc(struct netdev *netdev)
{
    free_cacheline(netdev_linux_cast(netdev));
}

/* Finishes constructing DEV, whose 'fd' and 'ifindex' are set. */
static void
common_construct(struct netdev_linux *dev)
{
    int mtu;

    mutex_init(&dev->mutex);
    spinlock_init(&dev->tx_lock);
    if (if_get_mtu(dev->up.name, &mtu)) {
        mtu = NETDEV_DEFAULT_MTU;
    }
    atomic_store_relaxed(&dev->mtu, mtu);
    dev->carrier = -1;

    int error = if_set_up(dev->up.name);
    if (error) {
        VLOG_WARN("port %s: could not bring the interface up: %s",
                  dev->up.name, sluice_strerror(error));
    }

    mutex_lock(&linux_mutex);
    list_push_back(&linux_list, &dev->list_node);
    mutex_unlock(&linux_mutex);
}

static void
netdev_linux_destruct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    mutex_lock(&linux_mutex);
    list_remove(&dev->list_node);
    mutex_unlock(&linux_mutex);

    close(dev->fd);
    spinlock_destroy(&dev->tx_lock);
    mutex_destroy(&dev->mutex);
}

static int
netdev_system_construct(struct netdev *netdev, char **errp)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct sockaddr_ll sll;
    int error, one = 1;

    if (!netdev_check_name(netdev->name, IFNAMSIZ - 1, errp)) {
        return EINVAL;
    }
    dev->ifindex = if_nametoindex(netdev->name);
    if (!dev->ifindex) {
        error = errno == ENXIO ? ENODEV : errno;
        *errp = xasprintf("no network interface named %s (%s)",
                          netdev->name, sluice_strerror(error));
        return error;
    }

    /* Up first: a socket bound to a down interface starts with a pending
     * ENETDOWN error. */
    error = if_set_up(netdev->name);
    if (error) {
        VLOG_WARN("port %s: could not bring the interface up: %s",
                  netdev->name, sluice_strerror(error));
    }

    dev->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
                     htons(ETH_P_ALL));
    if (dev->fd < 0) {
        error = errno;
        *errp = xasprintf("could not create an AF_PACKET socket: %s",
                          sluice_strerror(error));
        return error;
    }

    /* Our own transmissions are not input (older kernels lack the option;
     * the receive path checks the packet type as well). */
    setsockopt(dev->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    if (setsockopt(dev->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one)) {
        error = errno;
        *errp = xasprintf("could not enable PACKET_AUXDATA: %s",
                          sluice_strerror(error));
        goto error;
    }

    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = dev->ifindex;
    if (bind(dev->fd, (struct sockaddr *) &sll, sizeof sll)) {
        error = errno;
        *errp = xasprintf("could not bind an AF_PACKET socket to %s: %s",
                          netdev->name, sluice_strerror(error));
        goto error;
    }

    /* Promiscuous mode through the socket: the kernel undoes it when the
     * socket closes, even if the process dies. */
    struct packet_mreq mreq;
    memset(&mreq, 0, sizeof mreq);
    mreq.mr_ifindex = dev->ifindex;
    mreq.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(dev->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
                   sizeof mreq)) {
        error = errno;
        *errp = xasprintf("could not enable promiscuous mode: %s",
                          sluice_strerror(error));
        goto error;
    }

    get_socket_error(dev->fd);      /* Clears a pending error. */
    common_construct(dev);
    VLOG_INFO("port %s: opened interface %s (ifindex %d)", netdev->name,
              netdev->name, dev->ifindex);
    return 0;

error:
    close(dev->fd);
    return error;
}

static int
netdev_internal_construct(struct netdev *netdev, char **errp)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct ifreq ifr;
    int error;

    if (!netdev_check_name(netdev->name, IFNAMSIZ - 1, errp)) {
        return EINVAL;
    }

    dev->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (dev->fd < 0) {
        error = errno;
        *errp = xasprintf("could not open /dev/net/tun: %s",
                          sluice_strerror(error));
        return error;
    }

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", netdev->name);
    if (ioctl(dev->fd, TUNSETIFF, &ifr)) {
        error = errno;
        *errp = xasprintf("could not create tap device %s: %s%s",
                          netdev->name, sluice_strerror(error),
                          (error == EBUSY || error == EINVAL
                           ? " (an interface of that name exists)" : ""));
        close(dev->fd);
        return error;
    }

    dev->is_tap = true;
    dev->ifindex = if_nametoindex(netdev->name);
    common_construct(dev);
    VLOG_INFO("port %s: created tap device %s (ifindex %d)", netdev->name,
              netdev->name, dev->ifindex);
    return 0;
}

/* Configuration and state. */

static int
netdev_linux_set_mtu(struct netdev *netdev, int mtu)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_mtu = mtu;
    int error = if_ioctl(netdev->name, SIOCSIFMTU, &ifr);
    if (error) {
        VLOG_WARN("port %s: could not set MTU %d: %s", netdev->name, mtu,
                  sluice_strerror(error));
        return error;
    }
    atomic_store_relaxed(&dev->mtu, mtu);
    netdev_change_seq_changed(netdev);
    return 0;
}

static int
netdev_linux_get_mtu(const struct netdev *netdev, int *mtup)
{
    return if_get_mtu(netdev->name, mtup);
}

static int
netdev_linux_get_etheraddr(const struct netdev *netdev, struct eth_addr *mac)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    int error = if_ioctl(netdev->name, SIOCGIFHWADDR, &ifr);
    if (error) {
        *mac = eth_addr_zero;
        return error;
    }
    memcpy(mac->ea, ifr.ifr_hwaddr.sa_data, ETH_ADDR_LEN);
    return 0;
}

static int
netdev_linux_set_etheraddr(struct netdev *netdev, const struct eth_addr mac)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, mac.ea, ETH_ADDR_LEN);
    int error = if_ioctl(netdev->name, SIOCSIFHWADDR, &ifr);
    if (error) {
        VLOG_WARN("port %s: could not set MAC address "ETH_ADDR_FMT": %s",
                  netdev->name, ETH_ADDR_ARGS(mac), sluice_strerror(error));
    } else {
        netdev_change_seq_changed(netdev);
    }
    return error;
}

static bool
netdev_linux_get_carrier(const struct netdev *netdev)
{
    int flags;

    return (!if_get_flags(netdev->name, &flags)
            && (flags & IFF_UP) && (flags & IFF_RUNNING));
}

static int
netdev_linux_get_stats(const struct netdev *netdev,
                       struct netdev_stats *stats)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    stats->rx_packets = atomic_read_relaxed(&dev->rx_stats.packets);
    stats->rx_bytes = atomic_read_relaxed(&dev->rx_stats.bytes);
    stats->rx_dropped = atomic_read_relaxed(&dev->rx_stats.dropped);
    stats->rx_errors = atomic_read_relaxed(&dev->rx_stats.errors);
    stats->tx_packets = atomic_read_relaxed(&dev->tx_stats.packets);
    stats->tx_bytes = atomic_read_relaxed(&dev->tx_stats.bytes);
    stats->tx_dropped = atomic_read_relaxed(&dev->tx_stats.dropped);
    stats->tx_errors = atomic_read_relaxed(&dev->tx_stats.errors);

    if (!dev->is_tap) {
        /* Packets the kernel dropped because the socket's buffer was
         * full.  Reading the counter resets it, so keep a sum. */
        struct tpacket_stats tp;
        socklen_t len = sizeof tp;

        mutex_lock(&dev->mutex);
        if (!getsockopt(dev->fd, SOL_PACKET, PACKET_STATISTICS, &tp, &len)) {
            dev->kernel_drops += tp.tp_drops;
        }
        stats->rx_dropped += dev->kernel_drops;
        mutex_unlock(&dev->mutex);
    }
    return 0;
}

static int
netdev_linux_get_status(const struct netdev *netdev, struct smap *status)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct ethtool_drvinfo drvinfo;
    struct ifreq ifr;
    char buf[32];
    int mtu;

    snprintf(buf, sizeof buf, "%d", dev->ifindex);
    smap_replace(status, "ifindex", buf);
    if (!if_get_mtu(netdev->name, &mtu)) {
        snprintf(buf, sizeof buf, "%d", mtu);
        smap_replace(status, "mtu", buf);
    }

    memset(&ifr, 0, sizeof ifr);
    memset(&drvinfo, 0, sizeof drvinfo);
    drvinfo.cmd = ETHTOOL_GDRVINFO;
    ifr.ifr_data = (void *) &drvinfo;
    if (!if_ioctl(netdev->name, SIOCETHTOOL, &ifr)) {
        smap_replace(status, "driver_name", drvinfo.driver);
    } else {
        smap_replace(status, "driver_name", dev->is_tap ? "tun" : "unknown");
    }
    return 0;
}

static void
netdev_linux_run(const struct netdev_class *class)
{
    static long long int next_check;
    struct netdev_linux *dev;

    if (class != &netdev_system_class) {
        return;                 /* Once for both classes. */
    }
    long long int now = time_msec();
    if (now < next_check) {
        return;
    }
    next_check = now + 1000;

    /* The link state and MTU may change outside of Sluice. */
    mutex_lock(&linux_mutex);
    LIST_FOR_EACH (dev, list_node, &linux_list) {
        int carrier = netdev_linux_get_carrier(&dev->up);
        int mtu;

        if (carrier != dev->carrier) {
            dev->carrier = carrier;
            netdev_change_seq_changed(&dev->up);
        }
        if (!if_get_mtu(dev->up.name, &mtu)
            && mtu != atomic_read_relaxed(&dev->mtu)) {
            atomic_store_relaxed(&dev->mtu, mtu);
            netdev_change_seq_changed(&dev->up);
        }
    }
    mutex_unlock(&linux_mutex);
}

static void
netdev_linux_wait(const struct netdev_class *class)
{
    if (class == &netdev_system_class) {
        poll_timer_wait(1000);
    }
}

/* Receive queues. */

static struct netdev_rxq *
netdev_linux_rxq_alloc(void)
{
    struct netdev_rxq_linux *rxq = xzalloc(sizeof *rxq);
    return &rxq->up;
}

static int
netdev_linux_rxq_construct(struct netdev_rxq *rxq SLUICE_UNUSED)
{
    return 0;
}

static void
netdev_linux_rxq_destruct(struct netdev_rxq *rxq_)
{
    struct netdev_rxq_linux *rxq = netdev_rxq_linux_cast(rxq_);

    for (size_t i = 0; i < DP_PACKET_BATCH_SIZE; i++) {
        dp_packet_delete(rxq->stash[i]);
        rxq->stash[i] = NULL;
    }
}

static void
netdev_linux_rxq_dealloc(struct netdev_rxq *rxq)
{
    free(netdev_rxq_linux_cast(rxq));
}

/* Makes sure that slot I of RXQ's stash holds an empty buffer with room
 * for FRAME bytes. */
static void
stash_refill_slot(struct netdev_rxq_linux *rxq, size_t i, size_t frame)
{
    struct dp_packet *b = rxq->stash[i];

    if (b && dp_packet_tailroom(b) < frame) {
        dp_packet_delete(b);
        b = NULL;
    }
    if (!b) {
        b = dp_packet_new_with_headroom(frame, RX_HEADROOM);
        rxq->stash[i] = b;
    }
    dp_packet_clear(b);
    dp_packet_reset_metadata(b);
}

/* Makes sure that RXQ's stash holds a buffer with room for FRAME bytes in
 * each of its first N slots. */
static void
stash_refill(struct netdev_rxq_linux *rxq, size_t n, size_t frame)
{
    for (size_t i = 0; i < n; i++) {
        stash_refill_slot(rxq, i, frame);
    }
}

/* Returns the frame size that received buffers need for DEV's MTU. */
static size_t
rx_frame_size(const struct netdev_linux *dev)
{
    int mtu = atomic_read_relaxed(&dev->mtu);
    return MAX(mtu, NETDEV_DEFAULT_MTU) + RX_OVERHEAD;
}

/* Puts back into PACKET the VLAN tag that the kernel passed as auxiliary
 * data in AUX. */
static void
restore_vlan(struct dp_packet *packet, const struct tpacket_auxdata *aux)
{
    uint16_t tpid = (aux->tp_status & TP_STATUS_VLAN_TPID_VALID
                     ? aux->tp_vlan_tpid : ETH_TYPE_VLAN_8021Q);

    if (dp_packet_size(packet) < 2 * ETH_ADDR_LEN) {
        return;
    }
    char *eth = dp_packet_push_uninit(packet, VLAN_HEADER_LEN);
    memmove(eth, eth + VLAN_HEADER_LEN, 2 * ETH_ADDR_LEN);
    be16 tag[2] = { htons(tpid), htons(aux->tp_vlan_tci) };
    memcpy(eth + 2 * ETH_ADDR_LEN, tag, sizeof tag);
}

static int
netdev_system_rxq_recv(struct netdev_rxq *rxq_,
                       struct dp_packet_batch *batch, int *qfill)
{
    struct netdev_rxq_linux *rxq = netdev_rxq_linux_cast(rxq_);
    struct netdev_linux *dev = netdev_linux_cast(rxq_->netdev);
    union {
        struct cmsghdr cmsg;
        char buffer[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } cmsgs[DP_PACKET_BATCH_SIZE];
    struct mmsghdr mmsgs[DP_PACKET_BATCH_SIZE];
    struct sockaddr_ll addrs[DP_PACKET_BATCH_SIZE];
    struct iovec iovs[DP_PACKET_BATCH_SIZE];
    size_t frame = rx_frame_size(dev);
    int n;

    stash_refill(rxq, DP_PACKET_BATCH_SIZE, frame);
    for (size_t i = 0; i < DP_PACKET_BATCH_SIZE; i++) {
        struct dp_packet *b = rxq->stash[i];

        iovs[i].iov_base = dp_packet_data(b);
        iovs[i].iov_len = dp_packet_tailroom(b);
        memset(&mmsgs[i], 0, sizeof mmsgs[i]);
        mmsgs[i].msg_hdr.msg_name = &addrs[i];
        mmsgs[i].msg_hdr.msg_namelen = sizeof addrs[i];
        mmsgs[i].msg_hdr.msg_iov = &iovs[i];
        mmsgs[i].msg_hdr.msg_iovlen = 1;
        mmsgs[i].msg_hdr.msg_control = &cmsgs[i];
        mmsgs[i].msg_hdr.msg_controllen = sizeof cmsgs[i];
    }

    do {
        n = recvmmsg(dev->fd, mmsgs, DP_PACKET_BATCH_SIZE,
                     MSG_TRUNC | MSG_DONTWAIT, NULL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        int error = errno;
        if (error != EAGAIN && error != EWOULDBLOCK) {
            VLOG_WARN_RL(&rl, "port %s: receive failed: %s",
                         dev->up.name, sluice_strerror(error));
            return error;
        }
        return EAGAIN;
    }

    uint64_t bytes = 0;
    size_t errors = 0;
    for (int i = 0; i < n; i++) {
        struct dp_packet *b = rxq->stash[i];
        size_t size = mmsgs[i].msg_len;

        if (addrs[i].sll_pkttype == PACKET_OUTGOING) {
            continue;
        }
        if (size > iovs[i].iov_len
            || (mmsgs[i].msg_hdr.msg_flags & MSG_TRUNC)) {
            VLOG_WARN_RL(&rl, "port %s: dropped a %zu-byte packet larger "
                         "than the MTU allows (segmentation offload on the "
                         "interface?)", dev->up.name, size);
            errors++;
            continue;
        }
        dp_packet_set_size(b, size);

        struct cmsghdr *cmsg;
        for (cmsg = CMSG_FIRSTHDR(&mmsgs[i].msg_hdr); cmsg;
             cmsg = CMSG_NXTHDR(&mmsgs[i].msg_hdr, cmsg)) {
            if (cmsg->cmsg_level == SOL_PACKET
                && cmsg->cmsg_type == PACKET_AUXDATA
                && (cmsg->cmsg_len
                    >= CMSG_LEN(sizeof(struct tpacket_auxdata)))) {
                struct tpacket_auxdata aux;
                memcpy(&aux, CMSG_DATA(cmsg), sizeof aux);
                if (aux.tp_status & TP_STATUS_VLAN_VALID) {
                    restore_vlan(b, &aux);
                }
            }
        }

        bytes += dp_packet_size(b);
        dp_packet_batch_add(batch, b);
        rxq->stash[i] = NULL;
    }

    netdev_stat_add(&dev->rx_stats.packets, batch->count);
    netdev_stat_add(&dev->rx_stats.bytes, bytes);
    if (errors) {
        netdev_stat_add(&dev->rx_stats.errors, errors);
    }
    if (qfill) {
        *qfill = 0;
    }
    return batch->count ? 0 : EAGAIN;
}

static int
netdev_internal_rxq_recv(struct netdev_rxq *rxq_,
                         struct dp_packet_batch *batch, int *qfill)
{
    struct netdev_rxq_linux *rxq = netdev_rxq_linux_cast(rxq_);
    struct netdev_linux *dev = netdev_linux_cast(rxq_->netdev);
    size_t frame = rx_frame_size(dev);
    uint64_t bytes = 0;
    size_t errors = 0;
    int error = 0;

    /* One read per packet: a slot of the stash is made ready just before
     * its read, so that an idle port holds one buffer, not a batch, and
     * a poll that finds nothing costs one buffer's reset. */
    for (size_t i = 0; i < DP_PACKET_BATCH_SIZE; i++) {
        stash_refill_slot(rxq, i, frame);
        struct dp_packet *b = rxq->stash[i];
        struct iovec iov[2] = {
            { dp_packet_data(b), dp_packet_tailroom(b) },
            { &rxq->overflow, 1 },
        };
        ssize_t retval;

        do {
            retval = readv(dev->fd, iov, 2);
        } while (retval < 0 && errno == EINTR);
        if (retval < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                error = errno;
                VLOG_WARN_RL(&rl, "port %s: read from tap device failed: "
                             "%s", dev->up.name, sluice_strerror(error));
            }
            break;
        }
        if ((size_t) retval > iov[0].iov_len) {
            VLOG_WARN_RL(&rl, "port %s: dropped a packet larger than the "
                         "MTU allows", dev->up.name);
            errors++;
            continue;
        }
        dp_packet_set_size(b, retval);
        bytes += retval;
        dp_packet_batch_add(batch, b);
        rxq->stash[i] = NULL;
    }

    netdev_stat_add(&dev->rx_stats.packets, batch->count);
    netdev_stat_add(&dev->rx_stats.bytes, bytes);
    if (errors) {
        netdev_stat_add(&dev->rx_stats.errors, errors);
    }
    if (qfill) {
        *qfill = 0;
    }
    return batch->count ? 0 : error ? error : EAGAIN;
}

static void
netdev_linux_rxq_wait(struct netdev_rxq *rxq)
{
    poll_fd_wait(netdev_linux_cast(rxq->netdev)->fd, POLLIN);
}

/* Transmission. */

static void
count_tx(struct netdev_linux *dev, size_t sent, uint64_t bytes,
         size_t dropped, size_t errors)
{
    netdev_stat_add(&dev->tx_stats.packets, sent);
    netdev_stat_add(&dev->tx_stats.bytes, bytes);
    if (dropped) {
        netdev_stat_add(&dev->tx_stats.dropped, dropped);
    }
    if (errors) {
        netdev_stat_add(&dev->tx_stats.errors, errors);
    }
}

static int
netdev_system_send(struct netdev *netdev, int qid SLUICE_UNUSED,
                   struct dp_packet_batch *batch, bool concurrent_txq)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct mmsghdr mmsgs[DP_PACKET_BATCH_SIZE];
    struct iovec iovs[DP_PACKET_BATCH_SIZE];
    size_t count = batch->count;
    size_t sent = 0, dropped = 0, errors = 0;
    uint64_t bytes = 0;

    for (size_t i = 0; i < count; i++) {
        iovs[i].iov_base = dp_packet_data(batch->packets[i]);
        iovs[i].iov_len = dp_packet_size(batch->packets[i]);
        memset(&mmsgs[i], 0, sizeof mmsgs[i]);
        mmsgs[i].msg_hdr.msg_iov = &iovs[i];
        mmsgs[i].msg_hdr.msg_iovlen = 1;
    }

    if (concurrent_txq) {
        spinlock_lock(&dev->tx_lock);
    }
    for (size_t i = 0; i < count; ) {
        int n = sendmmsg(dev->fd, mmsgs + i, count - i, MSG_DONTWAIT);
        if (n > 0) {
            for (int j = 0; j < n; j++) {
                bytes += iovs[i + j].iov_len;
            }
            sent += n;
            i += n;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK
                   || errno == ENOBUFS) {
            dropped += count - i;
            break;
        } else {
            /* This packet failed (EMSGSIZE for one larger than the MTU,
             * ENETDOWN, ...): count it and go on with the rest. */
            VLOG_WARN_RL(&rl, "port %s: could not send a %zu-byte packet: "
                         "%s", netdev->name, iovs[i].iov_len,
                         sluice_strerror(errno));
            if (errno == EMSGSIZE) {
                dropped++;
            } else {
                errors++;
            }
            i++;
        }
    }
    count_tx(dev, sent, bytes, dropped, errors);
    if (concurrent_txq) {
        spinlock_unlock(&dev->tx_lock);
    }

    dp_packet_batch_delete_all(batch);
    return dropped || errors ? EAGAIN : 0;
}

static int
netdev_internal_send(struct netdev *netdev, int qid SLUICE_UNUSED,
                     struct dp_packet_batch *batch, bool concurrent_txq)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    size_t sent = 0, dropped = 0, errors = 0;
    uint64_t bytes = 0;

    if (concurrent_txq) {
        spinlock_lock(&dev->tx_lock);
    }
    for (size_t i = 0; i < batch->count; i++) {
        struct dp_packet *b = batch->packets[i];
        ssize_t retval;

        do {
            retval = write(dev->fd, dp_packet_data(b), dp_packet_size(b));
        } while (retval < 0 && errno == EINTR);
        if (retval >= 0) {
            sent++;
            bytes += dp_packet_size(b);
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            dropped += batch->count - i;
            break;
        } else {
            /* EIO while the interface is down: the host is not
             * listening. */
            VLOG_WARN_RL(&rl, "port %s: could not write a %u-byte packet "
                         "to the tap device: %s", netdev->name,
                         dp_packet_size(b), sluice_strerror(errno));
            if (errno == EIO || errno == EMSGSIZE || errno == EINVAL) {
                dropped++;
            } else {
                errors++;
            }
        }
    }
    count_tx(dev, sent, bytes, dropped, errors);
    if (concurrent_txq) {
        spinlock_unlock(&dev->tx_lock);
    }

    dp_packet_batch_delete_all(batch);
    return dropped || errors ? EAGAIN : 0;
}

/* The classes. */

#define NETDEV_LINUX_COMMON                                     \
    .is_pmd = false,                                            \
    .run = netdev_linux_run,                                    \
    .wait = netdev_linux_wait,                                  \
    .alloc = netdev_linux_alloc,                                \
    .destruct = netdev_linux_destruct,                          \
    .dealloc = netdev_linux_dealloc,                            \
    .get_status = netdev_linux_get_status,                      \
    .set_mtu = netdev_linux_set_mtu,                            \
    .get_mtu = netdev_linux_get_mtu,                            \
    .set_etheraddr = netdev_linux_set_etheraddr,                \
    .get_etheraddr = netdev_linux_get_etheraddr,                \
    .get_carrier = netdev_linux_get_carrier,                    \
    .get_stats = netdev_linux_get_stats,                        \
    .rxq_alloc = netdev_linux_rxq_alloc,                        \
    .rxq_construct = netdev_linux_rxq_construct,                \
    .rxq_destruct = netdev_linux_rxq_destruct,                  \
    .rxq_dealloc = netdev_linux_rxq_dealloc,                    \
    .rxq_wait = netdev_linux_rxq_wait

const struct netdev_class netdev_system_class = {
    .type = "system",
    NETDEV_LINUX_COMMON,
    .construct = netdev_system_construct,
    .rxq_recv = netdev_system_rxq_recv,
    .send = netdev_system_send,
};

const struct netdev_class netdev_internal_class = {
    .type = "internal",
    NETDEV_LINUX_COMMON,
    .construct = netdev_internal_construct,
    .rxq_recv = netdev_internal_rxq_recv,
    .send = netdev_internal_send,
};

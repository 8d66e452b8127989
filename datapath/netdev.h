/*
 * netdev: the datapath's ports ("network devices").
 *
 * A netdev is one port of the switch, of one of these types:
 *
 *   dpdk                 A DPDK ethdev: options:dpdk-devargs names a PCI
 *                        address or a vdev ("net_pcap0,rx_pcap=in.pcap",
 *                        "net_ring0", "net_null0,no-rx=1", "net_tap0",
 *                        "net_af_packet0,iface=eth0").  Polled by PMD
 *                        threads.
 *   dpdkvhostuser        A vhost-user port whose socket Sluice listens on,
 *                        $SLUICE_RUNDIR/<name> by default (see dpdk.h's
 *                        vhost-sock-dir), for a QEMU guest or a virtio-user
 *                        application.  Polled by PMD threads.
 *   dpdkvhostuserclient  A vhost-user port that connects to
 *                        options:vhost-server-path, where QEMU listens, and
 *                        connects again whenever the server restarts.
 *                        Polled by PMD threads.
 *   internal             A tap device named after the port, for the
 *                        bridge's local port: the host's network stack sees
 *                        the packets the switch sends to it.  Not polled by
 *                        PMD threads: see netdev_rxq_wait().
 *   system               An existing Linux interface of that name, reached
 *                        through an AF_PACKET socket.  Not polled by PMD
 *                        threads.
 *
 * Every netdev has an MTU (68...NETDEV_MAX_MTU, jumbo frames included), a
 * MAC address, a link state (carrier) and counters.
 *
 * Lifecycle.  netdev_open() creates a netdev or returns a new reference to
 * the one of that name; netdev_close() drops a reference and destroys the
 * netdev with the last one.  netdev_set_config() applies the port's
 * options.  Changes that need the device stopped (queue counts, MTU of a
 * DPDK port, a vhost guest connecting or going away, a new device) are
 * only *requested*: netdev_is_reconf_required() turns true and the owner
 * (the datapath) calls netdev_reconfigure() at a safe point, when no
 * thread receives from or sends to the netdev and every rx queue is
 * closed; afterwards netdev_n_rxq() and netdev_n_txq() give the new queue
 * counts.  netdev_run() and netdev_wait() drive background work and wake
 * the main loop when a netdev asks for reconfiguration.
 *
 * Fast path.  netdev_rxq_recv() receives a batch of up to
 * DP_PACKET_BATCH_SIZE packets from one rx queue and netdev_send() sends a
 * batch on one tx queue.  For DPDK ports neither makes a system call,
 * allocates or takes a lock (except netdev_send() with 'concurrent_txq').
 * Received packets of DPDK ports are mbufs from the port's own pools
 * (dp-packet.h, DPBUF_DPDK); packets of the system and internal ports
 * are heap packets (DPBUF_MALLOC), which netdev_send() copies into mbufs
 * when they go out of a DPDK ethdev.
 *
 * Ownership.  netdev_open() and netdev_ref() give references that the
 * caller releases with netdev_close().  An rx queue holds a reference to
 * its netdev until netdev_rxq_close().  A batch passed to netdev_send() is
 * consumed: every packet is sent or freed, and the batch is left empty.
 * Packets that netdev_rxq_recv() returns belong to the caller.
 *
 * Thread safety.
 *   - netdev_open(), netdev_close(), netdev_ref(), netdev_from_name() and
 *     the provider registration functions may be called from any thread
 *     (a global mutex serializes them).
 *   - The configuration functions (netdev_set_config(), netdev_set_multiq(),
 *     netdev_set_mtu(), netdev_set_etheraddr(), netdev_reconfigure(),
 *     netdev_rxq_open(), netdev_rxq_close()) and netdev_run() and
 *     netdev_wait() belong to one slow-path thread at a time, normally the
 *     main thread.
 *   - The getters (name, type, config, status, MTU, MAC, carrier, stats,
 *     queue counts, change and reconfiguration state) may be called from
 *     any thread at any time.
 *   - netdev_rxq_recv() is called only by the one thread that polls that rx
 *     queue; netdev_send() by any thread, with each 'qid' used by at most
 *     one thread at a time unless 'concurrent_txq' is true.
 *   - Threads that receive from or send to vhost-user ports must be
 *     registered with RCU (thread_create() does it) and pass quiescent
 *     points (rcu_quiesce()) between batches: when a guest goes away, the
 *     port waits for a grace period before DPDK frees the guest's rings.
 */
#ifndef SLUICE_NETDEV_H
#define SLUICE_NETDEV_H 1

#include <stdbool.h>
#include <stdint.h>
#include "dp-packet-batch.h"
#include "packets.h"

struct netdev;
struct netdev_class;
struct netdev_rxq;
struct shash;
struct smap;

/* MTU limits and the default of every port type. */
#define NETDEV_MIN_MTU 68
#define NETDEV_MAX_MTU 9000
#define NETDEV_DEFAULT_MTU 1500

/* Port counters.  Packets and bytes count what the switch received and
 * sent through the port; drops and errors add the device's own counters
 * (packets the NIC missed for lack of buffers, kernel socket drops) to the
 * port's (a full tx queue, a packet too big for the MTU or for a
 * buffer). */
struct netdev_stats {
    uint64_t rx_packets;
    uint64_t rx_bytes;
    uint64_t rx_dropped;        /* No room: buffers or queues were full. */
    uint64_t rx_errors;         /* Malformed, truncated, oversized. */
    uint64_t tx_packets;
    uint64_t tx_bytes;
    uint64_t tx_dropped;        /* No room, or larger than the MTU. */
    uint64_t tx_errors;         /* The device or kernel refused it. */
};

/* Providers. */

/* Registers the built-in port types (dpdk, dpdkvhostuser,
 * dpdkvhostuserclient, internal, system).  netdev_open() calls it, so
 * callers need not; calling it again does nothing. */
void netdev_initialize(void);

/* Registers CLASS (see netdev-provider.h) for its type.  Returns 0, or
 * EEXIST if a class of that type is registered already. */
int netdev_register_provider(const struct netdev_class *class);

/* Unregisters the class of TYPE.  Returns 0, EAFNOSUPPORT if no class has
 * that type, or EBUSY if a netdev of that type is open. */
int netdev_unregister_provider(const char *type);

/* Returns true if TYPE is a registered port type. */
bool netdev_type_is_known(const char *type);

/* Adds the name of every registered port type to TYPES, with null data. */
void netdev_enumerate_types(struct shash *types);

/* Opening and closing. */

/* Opens the netdev named NAME of TYPE (NULL or "" means "system") and
 * stores a reference to it in *NETDEVP.  If a netdev named NAME is open
 * already, returns a new reference to it provided that it has the same
 * type.  A new netdev starts with empty options.
 *
 * Returns 0 on success.  On failure stores NULL in *NETDEVP, logs the
 * reason and returns EAFNOSUPPORT (unknown type), EEXIST (NAME is open
 * with another type), EINVAL (NAME is not valid for TYPE), EBUSY (another
 * thread is closing the last reference to a netdev NAME), or the errno
 * value of the type's own failure (ENODEV for a system port whose
 * interface does not exist, EOPNOTSUPP for a DPDK type before DPDK is
 * initialized, ...). */
int netdev_open(const char *name, const char *type, struct netdev **netdevp);

/* Like netdev_open(), but instead of logging a failure stores a message
 * that names the port and the reason in *ERRP (the caller frees it):
 * "port vm1: ...".  On success *ERRP is NULL.  ERRP may be NULL. */
int netdev_open_err(const char *name, const char *type,
                    struct netdev **netdevp, char **errp);

/* Returns a new reference to the open netdev named NAME, or NULL. */
struct netdev *netdev_from_name(const char *name);

/* Returns a new reference to NETDEV. */
struct netdev *netdev_ref(struct netdev *netdev);

/* Releases a reference to NETDEV, destroying it with the last one (which
 * stops the device, removes a vhost-user socket, deletes a tap device).
 * No thread may still use NETDEV through that reference.  A null NETDEV
 * is a no-op. */
void netdev_close(struct netdev *netdev);

/* Returns NETDEV's name (the port name). */
const char *netdev_get_name(const struct netdev *netdev);

/* Returns NETDEV's type ("dpdk", "system", ...). */
const char *netdev_get_type(const struct netdev *netdev);

/* Returns true if NETDEV is polled by PMD threads (the DPDK types), false
 * if it is polled from a slow-path thread through netdev_rxq_wait(). */
bool netdev_is_pmd(const struct netdev *netdev);

/* Returns the NUMA node of NETDEV's device, or -1 if it is unknown or does
 * not matter. */
int netdev_get_numa_id(const struct netdev *netdev);

/* Configuration. */

/* Applies OPTIONS (the Interface table's options column) to NETDEV.  The
 * options each type accepts:
 *
 *   dpdk                 dpdk-devargs (required), n_rxq (1...),
 *                        n_rxq_desc and n_txq_desc (descriptors per
 *                        queue, powers of 2 up to 4096, default 2048).
 *   dpdkvhostuser        n_rxq_desc and n_txq_desc (used to size the
 *                        port's buffer pool).
 *   dpdkvhostuserclient  vhost-server-path (required), n_rxq_desc,
 *                        n_txq_desc.
 *   internal, system     none.
 *
 * Returns 0 on success.  On failure returns an errno value, leaves the
 * netdev as it was (a port that worked keeps working) and stores in *ERRP
 * (if ERRP is nonnull) a message that names the port and the reason, for
 * example "port p0: could not attach DPDK device \"net_pcap0,rx_pcap=x\":
 * Couldn't open x: No such file or directory" or "port vm1:
 * options:vhost-server-path is required".  Unknown options are errors.
 * On success *ERRP is NULL. */
int netdev_set_config(struct netdev *netdev, const struct smap *options,
                      char **errp);

/* Stores NETDEV's current options in OPTIONS (which the caller has
 * initialized), as netdev_set_config() accepted them.  Returns 0. */
int netdev_get_config(const struct netdev *netdev, struct smap *options);

/* Adds to STATUS (which the caller has initialized) what the port reports
 * about itself, for the Interface table's status column and
 * dpif/show: "driver_name", "n_rxq", "n_txq", "mtu" and per type
 * "devargs", "numa_id", "max_rx_queues" (dpdk), "vhost-socket",
 * "vhost-mode", "vhost-state", "features" (vhost-user), "ifindex"
 * (system, internal).  Returns 0. */
int netdev_get_status(const struct netdev *netdev, struct smap *status);

/* Asks for N_TXQ transmit queues (the datapath wants one per thread that
 * sends, so that none has to lock) and N_RXQ receive queues (options:n_rxq
 * overrides it for dpdk ports; vhost-user ports follow the guest).  The
 * device may grant fewer: see netdev_n_txq().  Takes effect at the next
 * netdev_reconfigure().  Returns 0 or EINVAL for a count of 0. */
int netdev_set_multiq(struct netdev *netdev, unsigned int n_txq,
                      unsigned int n_rxq);

/* Returns NETDEV's number of receive (or transmit) queues, as of its last
 * reconfiguration. */
int netdev_n_rxq(const struct netdev *netdev);
int netdev_n_txq(const struct netdev *netdev);

/* Returns true if NETDEV has requested changes that netdev_reconfigure()
 * must apply. */
bool netdev_is_reconf_required(const struct netdev *netdev);

/* Applies NETDEV's requested changes: stops the device, sets its queues,
 * MTU and buffer pools, and starts it again.  The caller guarantees that
 * no thread receives from or sends to NETDEV meanwhile and that every rx
 * queue of NETDEV is closed (checked: aborts otherwise).  Returns 0, or an
 * errno value after logging the reason; then the port stays down until a
 * later change makes reconfiguration succeed. */
int netdev_reconfigure(struct netdev *netdev);

/* Returns a number that changes whenever NETDEV's status, link state,
 * queue counts or configuration change, so that a caller can tell when to
 * refresh what it shows. */
uint64_t netdev_get_change_seq(const struct netdev *netdev);

/* Sets NETDEV's MTU to MTU (NETDEV_MIN_MTU...NETDEV_MAX_MTU, and within
 * the device's limits).  For system and internal ports the kernel
 * interface changes at once; for DPDK ports the change is applied by
 * netdev_reconfigure(), with buffer pools of the new size class.  Returns
 * 0, EINVAL for an MTU out of range (after logging the range), or the
 * errno value of the kernel's refusal. */
int netdev_set_mtu(struct netdev *netdev, int mtu);

/* Stores NETDEV's MTU in *MTUP (the requested one for a DPDK port whose
 * reconfiguration is pending).  Returns 0 or an errno value. */
int netdev_get_mtu(const struct netdev *netdev, int *mtup);

/* Stores NETDEV's MAC address in *MAC.  Returns 0 or an errno value. */
int netdev_get_etheraddr(const struct netdev *netdev, struct eth_addr *mac);

/* Sets NETDEV's MAC address to MAC, which must be a unicast address.
 * Returns 0, EINVAL for a multicast address, or the errno value of the
 * device's refusal. */
int netdev_set_etheraddr(struct netdev *netdev, const struct eth_addr mac);

/* Returns true if NETDEV's link is up: a DPDK port's link, a vhost-user
 * port's guest being attached, a kernel interface's carrier. */
bool netdev_get_carrier(const struct netdev *netdev);

/* Stores NETDEV's counters in *STATS.  Returns 0 or an errno value. */
int netdev_get_stats(const struct netdev *netdev, struct netdev_stats *stats);

/* Receive queues. */

/* Opens receive queue ID (0 <= ID < netdev_n_rxq(NETDEV)) of NETDEV and
 * stores it in *RXQP.  Returns 0, or EINVAL for an ID out of range (and
 * stores NULL). */
int netdev_rxq_open(struct netdev *netdev, int id, struct netdev_rxq **rxqp);

/* Closes RXQ.  A null RXQ is a no-op. */
void netdev_rxq_close(struct netdev_rxq *rxq);

/* Returns the netdev (or queue number) of RXQ. */
struct netdev *netdev_rxq_get_netdev(const struct netdev_rxq *rxq);
int netdev_rxq_get_queue_id(const struct netdev_rxq *rxq);

/* Receives up to DP_PACKET_BATCH_SIZE packets from RXQ into BATCH (which
 * the caller passes empty).  Each packet's metadata and layer offsets are
 * reset.  Returns 0 if at least one packet arrived, EAGAIN if none did
 * (the device has none, or a vhost-user guest is not attached), or another
 * errno value for a failure of the device.  If QFILL is nonnull, stores in
 * it how many more packets wait in the queue when the batch came back
 * full, or 0 (also when the device cannot tell). */
int netdev_rxq_recv(struct netdev_rxq *rxq, struct dp_packet_batch *batch,
                    int *qfill);

/* Makes the next poll_block() wake when RXQ may have packets (non-PMD
 * netdevs: their socket or tap device is readable).  Does nothing for PMD
 * netdevs, which are polled. */
void netdev_rxq_wait(struct netdev_rxq *rxq);

/* Transmission. */

/* Sends the packets of BATCH on transmit queue QID of NETDEV (taken modulo
 * netdev_n_txq()).  CONCURRENT_TXQ says that other threads may send on the
 * same QID at the same time, so the queue must be locked.  Packets that are
 * not mbufs (from the slow path) are copied into mbufs for DPDK ports.
 * The batch is consumed in every case: packets the queue cannot take, and
 * packets larger than the port's MTU allows, are freed and counted as
 * dropped.  Returns 0 if every packet was sent, EAGAIN if some were
 * dropped. */
int netdev_send(struct netdev *netdev, int qid, struct dp_packet_batch *batch,
                bool concurrent_txq);

/* Background work. */

/* Does the netdevs' periodic work: frees buffer pools that a
 * reconfiguration replaced once their last packet comes back, refreshes
 * the link state and MTU of kernel interfaces.  Call it from the main
 * loop. */
void netdev_run(void);

/* Makes the next poll_block() wake when netdev_run() has work or a netdev
 * has asked for reconfiguration (for example a vhost-user guest
 * connected). */
void netdev_wait(void);

#endif /* netdev.h */

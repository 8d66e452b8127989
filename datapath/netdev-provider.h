/*
 * netdev-provider: the interface that each port type implements.
 *
 * A provider fills a 'struct netdev_class' with its functions and
 * registers it with netdev_register_provider().  It embeds 'struct netdev'
 * in its own device structure and 'struct netdev_rxq' in its own receive
 * queue structure, allocating them in alloc()/rxq_alloc() and freeing them
 * in dealloc()/rxq_dealloc().
 *
 * The generic layer (netdev.c) does the bookkeeping that every type
 * shares: the name registry, reference counts, argument checks, and the
 * change and reconfiguration sequence numbers.  It calls each provider
 * function under the same rules as the public function it implements
 * (netdev.h), and never two configuration functions of one netdev at the
 * same time.  A provider that receives events from other threads (vhost-
 * user callbacks) protects its own state with its own lock.
 *
 * Providers report: netdev_request_reconfigure() when the device needs
 * netdev_reconfigure(), netdev_change_seq_changed() when its status or
 * link state changed.  Both may be called from any thread.
 *
 * Memory ordering: 'n_rxq' and 'n_txq' are written only by reconfigure()
 * (and construct()), which no receiving or sending thread overlaps;
 * getters on other threads read them relaxed.
 */
#ifndef SLUICE_NETDEV_PROVIDER_H
#define SLUICE_NETDEV_PROVIDER_H 1

#include <stdbool.h>
#include <stdint.h>
#include "atomic.h"
#include "netdev.h"

/* Counters a provider keeps per queue (or per direction).  Each has one
 * writer at a time (the thread that polls the receive queue, or the thread
 * that owns the transmit queue or holds its lock), so netdev_stat_add() is
 * a relaxed load and store, not an atomic read-modify-write on a shared
 * cache line; readers load relaxed. */
struct netdev_queue_stats {
    _Atomic uint64_t packets;
    _Atomic uint64_t bytes;
    _Atomic uint64_t dropped;
    _Atomic uint64_t errors;
};

static inline void
netdev_stat_add(_Atomic uint64_t *counter, uint64_t n)
{
    atomic_store_relaxed(counter, atomic_read_relaxed(counter) + n);
}

struct ds;
struct smap;

/* A netdev, embedded at the start of each provider's device structure. */
struct netdev {
    char *name;                          /* Port name. */
    const struct netdev_class *class;    /* Its type. */

    /* Managed by netdev.c. */
    int ref_cnt;                         /* Under the registry mutex. */
    int n_open_rxqs;                     /* Rx queues open now. */
    _Atomic uint64_t change_seq;         /* See netdev_get_change_seq(). */
    _Atomic uint64_t reconf_seq;         /* Bumped by requests. */
    _Atomic uint64_t last_reconf_seq;    /* 'reconf_seq' last applied. */

    /* Set by the provider in construct() and reconfigure(). */
    _Atomic int n_rxq;
    _Atomic int n_txq;
};

/* A receive queue, embedded in each provider's queue structure. */
struct netdev_rxq {
    struct netdev *netdev;      /* Holds a reference. */
    int queue_id;
};

struct netdev_class {
    /* The type name, as in netdev_open(): "dpdk", "system", ... */
    const char *type;

    /* True if PMD threads poll this type (see netdev_is_pmd()). */
    bool is_pmd;

    /* Called once when the class is registered, before any other function;
     * may be NULL. */
    void (*init)(void);

    /* Background work for netdev_run() and netdev_wait(), called for every
     * registered class from the main loop; may be NULL. */
    void (*run)(const struct netdev_class *);
    void (*wait)(const struct netdev_class *);

    /* Life cycle.  alloc() returns zeroed memory for the device structure.
     * construct() initializes the provider's part of a netdev whose 'name'
     * and 'class' are set, sets 'n_rxq' and 'n_txq', and returns 0, or an
     * errno value and a message naming the reason (without the port name,
     * which the caller adds) in *ERRP; then destruct() is not called.
     * destruct() releases everything construct() and later calls took;
     * dealloc() frees the memory. */
    struct netdev *(*alloc)(void);
    int (*construct)(struct netdev *, char **errp);
    void (*destruct)(struct netdev *);
    void (*dealloc)(struct netdev *);

    /* netdev_set_config(): ERRP gets a message without the port name. */
    int (*set_config)(struct netdev *, const struct smap *options,
                      char **errp);
    int (*get_config)(const struct netdev *, struct smap *options);
    int (*get_status)(const struct netdev *, struct smap *status);
    int (*get_numa_id)(const struct netdev *);

    /* Requests queue counts (may be NULL: one queue each way). */
    int (*set_multiq)(struct netdev *, unsigned int n_txq,
                      unsigned int n_rxq);

    /* Applies requested changes (may be NULL if the class never requests
     * any). */
    int (*reconfigure)(struct netdev *);

    int (*set_mtu)(struct netdev *, int mtu);
    int (*get_mtu)(const struct netdev *, int *mtup);
    int (*set_etheraddr)(struct netdev *, const struct eth_addr mac);
    int (*get_etheraddr)(const struct netdev *, struct eth_addr *mac);
    bool (*get_carrier)(const struct netdev *);
    int (*get_stats)(const struct netdev *, struct netdev_stats *);

    /* Receive queues, as for the device: rxq_construct() finds 'netdev'
     * and 'queue_id' set. */
    struct netdev_rxq *(*rxq_alloc)(void);
    int (*rxq_construct)(struct netdev_rxq *);
    void (*rxq_destruct)(struct netdev_rxq *);
    void (*rxq_dealloc)(struct netdev_rxq *);
    int (*rxq_recv)(struct netdev_rxq *, struct dp_packet_batch *,
                    int *qfill);
    void (*rxq_wait)(struct netdev_rxq *);   /* May be NULL. */

    /* netdev_send(): QID is already within 0...n_txq - 1. */
    int (*send)(struct netdev *, int qid, struct dp_packet_batch *,
                bool concurrent_txq);
};

/* Marks NETDEV as needing netdev_reconfigure() and wakes the main loop's
 * netdev_wait().  Any thread. */
void netdev_request_reconfigure(struct netdev *netdev);

/* Bumps NETDEV's change sequence number.  Any thread. */
void netdev_change_seq_changed(struct netdev *netdev);

/* Returns true if NAME is acceptable as the name of a port backed by a
 * file or kernel interface: 1 to MAX_LENGTH bytes, none of them '/', and
 * not "." or "..".  Otherwise stores a message in *ERRP. */
bool netdev_check_name(const char *name, size_t max_length, char **errp);

/* The built-in classes. */
extern const struct netdev_class netdev_dpdk_class;
extern const struct netdev_class netdev_dpdk_vhost_class;
extern const struct netdev_class netdev_dpdk_vhost_client_class;
extern const struct netdev_class netdev_internal_class;
extern const struct netdev_class netdev_system_class;

#endif /* netdev-provider.h */

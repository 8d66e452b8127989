/* netdev: the datapath's ports, generic layer.  See netdev.h and
 * netdev-provider.h. */
#include <config.h>
#include "netdev.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "dp-packet-batch.h"
#include "latch.h"
#include "netdev-provider.h"
#include "shash.h"
#include "smap.h"
#include "thread.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev);

/* Protects 'netdev_classes', 'netdevs' and every netdev's 'ref_cnt'. */
static struct mutex netdev_mutex = MUTEX_INITIALIZER;

/* Type name -> const struct netdev_class *. */
static struct shash netdev_classes SLUICE_GUARDED_BY(netdev_mutex)
    = SHASH_INITIALIZER(&netdev_classes);

/* Port name -> struct netdev *. */
static struct shash netdevs SLUICE_GUARDED_BY(netdev_mutex)
    = SHASH_INITIALIZER(&netdevs);

/* Port name -> const struct netdev_class *, for netdevs that netdev_close()
 * is destroying.  Destruction runs without the mutex, because it may wait
 * for DPDK's vhost thread, which may wait for an RCU grace period, which
 * would wait forever for an RCU thread blocked on the mutex. */
static struct shash closing SLUICE_GUARDED_BY(netdev_mutex)
    = SHASH_INITIALIZER(&closing);

/* Set by netdev_request_reconfigure() from any thread; the main loop's
 * netdev_wait() sleeps on it and netdev_run() clears it. */
static struct latch reconf_latch;

static struct thread_once init_once = THREAD_ONCE_INITIALIZER;

void
netdev_initialize(void)
{
    if (thread_once_start(&init_once)) {
        latch_init(&reconf_latch);
        netdev_register_provider(&netdev_dpdk_class);
        netdev_register_provider(&netdev_dpdk_vhost_class);
        netdev_register_provider(&netdev_dpdk_vhost_client_class);
        netdev_register_provider(&netdev_internal_class);
        netdev_register_provider(&netdev_system_class);
        thread_once_done(&init_once);
    }
}

int
netdev_register_provider(const struct netdev_class *class)
{
    mutex_lock(&netdev_mutex);
    if (shash_find(&netdev_classes, class->type)) {
        mutex_unlock(&netdev_mutex);
        VLOG_WARN("port type %s registered twice", class->type);
        return EEXIST;
    }
    if (class->init) {
        class->init();
    }
    shash_add(&netdev_classes, class->type, class);
    mutex_unlock(&netdev_mutex);
    return 0;
}

int
netdev_unregister_provider(const char *type)
{
    int error = 0;

    mutex_lock(&netdev_mutex);
    struct shash_node *node = shash_find(&netdev_classes, type);
    if (!node) {
        error = EAFNOSUPPORT;
    } else {
        struct shash_node *dev_node;
        SHASH_FOR_EACH (dev_node, &netdevs) {
            const struct netdev *netdev = dev_node->data;
            if (netdev->class == node->data) {
                error = EBUSY;
                break;
            }
        }
        SHASH_FOR_EACH (dev_node, &closing) {
            if (dev_node->data == node->data) {
                error = EBUSY;
                break;
            }
        }
        if (!error) {
            shash_delete(&netdev_classes, node);
        }
    }
    mutex_unlock(&netdev_mutex);
    return error;
}

bool
netdev_type_is_known(const char *type)
{
    netdev_initialize();

    mutex_lock(&netdev_mutex);
    bool known = shash_find(&netdev_classes, type) != NULL;
    mutex_unlock(&netdev_mutex);
    return known;
}

void
netdev_enumerate_types(struct shash *types)
{
    netdev_initialize();

    mutex_lock(&netdev_mutex);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &netdev_classes) {
        shash_add_once(types, node->name, NULL);
    }
    mutex_unlock(&netdev_mutex);
}

bool
netdev_check_name(const char *name, size_t max_length, char **errp)
{
    size_t length = strlen(name);

    if (!length) {
        *errp = xstrdup("the name is empty");
    } else if (length > max_length) {
        *errp = xasprintf("the name is longer than %zu bytes", max_length);
    } else if (strchr(name, '/')) {
        *errp = xstrdup("the name may not contain '/'");
    } else if (!strcmp(name, ".") || !strcmp(name, "..")) {
        *errp = xasprintf("\"%s\" is not a valid name", name);
    } else {
        return true;
    }
    return false;
}

/* Opening and closing. */

int
netdev_open_err(const char *name, const char *type, struct netdev **netdevp,
                char **errp)
{
    struct netdev *netdev;
    char *error = NULL;
    int retval = 0;

    netdev_initialize();
    if (!type || !type[0]) {
        type = "system";
    }

    mutex_lock(&netdev_mutex);
    netdev = shash_find_data(&netdevs, name);
    if (!netdev && shash_find(&closing, name)) {
        error = xasprintf("port %s: the previous port of that name is still "
                          "being closed", name);
        retval = EBUSY;
    } else if (netdev) {
        if (!strcmp(netdev->class->type, type)) {
            netdev->ref_cnt++;
        } else {
            error = xasprintf("port %s: already open with type %s, not %s",
                              name, netdev->class->type, type);
            retval = EEXIST;
            netdev = NULL;
        }
    } else if (!name[0]) {
        error = xstrdup("port name is empty");
        retval = EINVAL;
    } else {
        const struct netdev_class *class = shash_find_data(&netdev_classes,
                                                           type);
        if (!class) {
            error = xasprintf("port %s: unknown port type \"%s\"",
                              name, type);
            retval = EAFNOSUPPORT;
        } else {
            char *reason = NULL;

            netdev = class->alloc();
            netdev->name = xstrdup(name);
            netdev->class = class;
            netdev->ref_cnt = 1;
            netdev->n_open_rxqs = 0;
            atomic_store_relaxed(&netdev->change_seq, 1);
            atomic_store_relaxed(&netdev->reconf_seq, 0);
            atomic_store_relaxed(&netdev->last_reconf_seq, 0);
            atomic_store_relaxed(&netdev->n_rxq, 1);
            atomic_store_relaxed(&netdev->n_txq, 1);

            retval = class->construct(netdev, &reason);
            if (retval) {
                error = xasprintf("port %s: %s", name,
                                  reason ? reason : sluice_strerror(retval));
                free(reason);
                free(netdev->name);
                class->dealloc(netdev);
                netdev = NULL;
            } else {
                shash_add(&netdevs, name, netdev);
            }
        }
    }
    mutex_unlock(&netdev_mutex);

    *netdevp = netdev;
    if (errp) {
        *errp = error;
    } else {
        free(error);
    }
    return retval;
}

int
netdev_open(const char *name, const char *type, struct netdev **netdevp)
{
    char *error;
    int retval = netdev_open_err(name, type, netdevp, &error);

    if (retval) {
        VLOG_WARN("%s", error);
        free(error);
    }
    return retval;
}

struct netdev *
netdev_from_name(const char *name)
{
    mutex_lock(&netdev_mutex);
    struct netdev *netdev = shash_find_data(&netdevs, name);
    if (netdev) {
        netdev->ref_cnt++;
    }
    mutex_unlock(&netdev_mutex);
    return netdev;
}

struct netdev *
netdev_ref(struct netdev *netdev)
{
    mutex_lock(&netdev_mutex);
    sluice_assert(netdev->ref_cnt > 0);
    netdev->ref_cnt++;
    mutex_unlock(&netdev_mutex);
    return netdev;
}

void
netdev_close(struct netdev *netdev)
{
    if (!netdev) {
        return;
    }

    mutex_lock(&netdev_mutex);
    sluice_assert(netdev->ref_cnt > 0);
    if (--netdev->ref_cnt) {
        mutex_unlock(&netdev_mutex);
        return;
    }
    sluice_assert(!netdev->n_open_rxqs);
    shash_find_and_delete(&netdevs, netdev->name);
    shash_add(&closing, netdev->name, netdev->class);
    mutex_unlock(&netdev_mutex);

    /* Until the old device (a tap interface, a vhost-user socket) is gone,
     * a netdev_open() of the same name fails with EBUSY. */
    char *name = netdev->name;
    netdev->class->destruct(netdev);
    netdev->class->dealloc(netdev);

    mutex_lock(&netdev_mutex);
    shash_find_and_delete(&closing, name);
    mutex_unlock(&netdev_mutex);
    free(name);
}

const char *
netdev_get_name(const struct netdev *netdev)
{
    return netdev->name;
}

const char *
netdev_get_type(const struct netdev *netdev)
{
    return netdev->class->type;
}

bool
netdev_is_pmd(const struct netdev *netdev)
{
    return netdev->class->is_pmd;
}

int
netdev_get_numa_id(const struct netdev *netdev)
{
    return netdev->class->get_numa_id ? netdev->class->get_numa_id(netdev)
                                      : -1;
}

/* Configuration. */

int
netdev_set_config(struct netdev *netdev, const struct smap *options,
                  char **errp)
{
    char *reason = NULL;
    int error;

    if (netdev->class->set_config) {
        error = netdev->class->set_config(netdev, options, &reason);
    } else if (!smap_is_empty(options)) {
        const struct smap_node **nodes = smap_sort(options);
        reason = xasprintf("unknown option \"%s\" (type %s takes no "
                           "options)", nodes[0]->key, netdev->class->type);
        free(nodes);
        error = EINVAL;
    } else {
        error = 0;
    }

    if (error) {
        char *message = xasprintf("port %s: %s", netdev->name,
                                  reason ? reason : sluice_strerror(error));
        if (errp) {
            *errp = message;
        } else {
            VLOG_WARN("%s", message);
            free(message);
        }
    } else if (errp) {
        *errp = NULL;
    }
    free(reason);
    return error;
}

int
netdev_get_config(const struct netdev *netdev, struct smap *options)
{
    return (netdev->class->get_config
            ? netdev->class->get_config(netdev, options)
            : 0);
}

int
netdev_get_status(const struct netdev *netdev, struct smap *status)
{
    char count[16];

    snprintf(count, sizeof count, "%d", netdev_n_rxq(netdev));
    smap_replace(status, "n_rxq", count);
    snprintf(count, sizeof count, "%d", netdev_n_txq(netdev));
    smap_replace(status, "n_txq", count);
    return (netdev->class->get_status
            ? netdev->class->get_status(netdev, status)
            : 0);
}

int
netdev_set_multiq(struct netdev *netdev, unsigned int n_txq,
                  unsigned int n_rxq)
{
    if (!n_txq || !n_rxq) {
        return EINVAL;
    }
    return (netdev->class->set_multiq
            ? netdev->class->set_multiq(netdev, n_txq, n_rxq)
            : 0);
}

int
netdev_n_rxq(const struct netdev *netdev)
{
    return atomic_read_relaxed(&netdev->n_rxq);
}

int
netdev_n_txq(const struct netdev *netdev)
{
    return atomic_read_relaxed(&netdev->n_txq);
}

bool
netdev_is_reconf_required(const struct netdev *netdev)
{
    return (atomic_read_acquire(&netdev->reconf_seq)
            != atomic_read_relaxed(&netdev->last_reconf_seq));
}

int
netdev_reconfigure(struct netdev *netdev)
{
    sluice_assert(!netdev->n_open_rxqs);

    /* Read the sequence number first: a request that arrives while the
     * provider works leaves the netdev marked for another round. */
    uint64_t seq = atomic_read_acquire(&netdev->reconf_seq);
    int error = (netdev->class->reconfigure
                 ? netdev->class->reconfigure(netdev)
                 : 0);
    atomic_store_relaxed(&netdev->last_reconf_seq, seq);
    netdev_change_seq_changed(netdev);
    return error;
}

void
netdev_request_reconfigure(struct netdev *netdev)
{
    atomic_fetch_add_explicit(&netdev->reconf_seq, 1, memory_order_release);
    netdev_change_seq_changed(netdev);
    latch_set(&reconf_latch);
}

void
netdev_change_seq_changed(struct netdev *netdev)
{
    atomic_fetch_add_explicit(&netdev->change_seq, 1, memory_order_relaxed);
}

uint64_t
netdev_get_change_seq(const struct netdev *netdev)
{
    return atomic_read_relaxed(&netdev->change_seq);
}

int
netdev_set_mtu(struct netdev *netdev, int mtu)
{
    if (mtu < NETDEV_MIN_MTU || mtu > NETDEV_MAX_MTU) {
        VLOG_WARN("port %s: MTU %d is outside the range %d...%d",
                  netdev->name, mtu, NETDEV_MIN_MTU, NETDEV_MAX_MTU);
        return EINVAL;
    }
    return (netdev->class->set_mtu
            ? netdev->class->set_mtu(netdev, mtu)
            : EOPNOTSUPP);
}

int
netdev_get_mtu(const struct netdev *netdev, int *mtup)
{
    if (!netdev->class->get_mtu) {
        *mtup = 0;
        return EOPNOTSUPP;
    }
    return netdev->class->get_mtu(netdev, mtup);
}

int
netdev_get_etheraddr(const struct netdev *netdev, struct eth_addr *mac)
{
    if (!netdev->class->get_etheraddr) {
        *mac = eth_addr_zero;
        return EOPNOTSUPP;
    }
    return netdev->class->get_etheraddr(netdev, mac);
}

int
netdev_set_etheraddr(struct netdev *netdev, const struct eth_addr mac)
{
    if (eth_addr_is_multicast(mac)) {
        VLOG_WARN("port %s: cannot use multicast address "ETH_ADDR_FMT
                  " as the port's MAC address", netdev->name,
                  ETH_ADDR_ARGS(mac));
        return EINVAL;
    }
    return (netdev->class->set_etheraddr
            ? netdev->class->set_etheraddr(netdev, mac)
            : EOPNOTSUPP);
}

bool
netdev_get_carrier(const struct netdev *netdev)
{
    return netdev->class->get_carrier ? netdev->class->get_carrier(netdev)
                                      : true;
}

int
netdev_get_stats(const struct netdev *netdev, struct netdev_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    return (netdev->class->get_stats
            ? netdev->class->get_stats(netdev, stats)
            : EOPNOTSUPP);
}

/* Receive queues. */

int
netdev_rxq_open(struct netdev *netdev, int id, struct netdev_rxq **rxqp)
{
    *rxqp = NULL;
    if (id < 0 || id >= netdev_n_rxq(netdev)) {
        return EINVAL;
    }

    struct netdev_rxq *rxq = netdev->class->rxq_alloc();
    rxq->netdev = netdev_ref(netdev);
    rxq->queue_id = id;
    int error = netdev->class->rxq_construct(rxq);
    if (error) {
        netdev->class->rxq_dealloc(rxq);
        netdev_close(netdev);
        return error;
    }
    netdev->n_open_rxqs++;
    *rxqp = rxq;
    return 0;
}

void
netdev_rxq_close(struct netdev_rxq *rxq)
{
    if (rxq) {
        struct netdev *netdev = rxq->netdev;

        netdev->class->rxq_destruct(rxq);
        netdev->class->rxq_dealloc(rxq);
        netdev->n_open_rxqs--;
        netdev_close(netdev);
    }
}

struct netdev *
netdev_rxq_get_netdev(const struct netdev_rxq *rxq)
{
    return rxq->netdev;
}

int
netdev_rxq_get_queue_id(const struct netdev_rxq *rxq)
{
    return rxq->queue_id;
}

int
netdev_rxq_recv(struct netdev_rxq *rxq, struct dp_packet_batch *batch,
                int *qfill)
{
    if (qfill) {
        *qfill = 0;
    }
    batch->count = 0;
    return rxq->netdev->class->rxq_recv(rxq, batch, qfill);
}

void
netdev_rxq_wait(struct netdev_rxq *rxq)
{
    if (rxq->netdev->class->rxq_wait) {
        rxq->netdev->class->rxq_wait(rxq);
    }
}

/* Transmission. */

int
netdev_send(struct netdev *netdev, int qid, struct dp_packet_batch *batch,
            bool concurrent_txq)
{
    if (dp_packet_batch_is_empty(batch)) {
        return 0;
    }

    int n_txq = netdev_n_txq(netdev);
    if (qid < 0 || qid >= n_txq) {
        qid = (unsigned int) qid % n_txq;
    }
    return netdev->class->send(netdev, qid, batch, concurrent_txq);
}

/* Background work. */

void
netdev_run(void)
{
    netdev_initialize();
    latch_poll(&reconf_latch);

    mutex_lock(&netdev_mutex);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &netdev_classes) {
        const struct netdev_class *class = node->data;
        if (class->run) {
            class->run(class);
        }
    }
    mutex_unlock(&netdev_mutex);
}

void
netdev_wait(void)
{
    netdev_initialize();
    latch_wait(&reconf_latch);

    mutex_lock(&netdev_mutex);
    struct shash_node *node;
    SHASH_FOR_EACH (node, &netdev_classes) {
        const struct netdev_class *class = node->data;
        if (class->wait) {
            class->wait(class);
        }
    }
    mutex_unlock(&netdev_mutex);
}

/* dpif-netdev: the userspace datapath.  See dpif.h for the contract and
 * dpif-netdev-private.h for the objects and their locking.  This file has
 * datapaths, their settings, ports and the assignment of receive queues to
 * pollers.  Megaflows, execution and upcalls are in dpif-netdev-flow.c,
 * meters in dpif-netdev-meter.c, the pollers and the packet path in
 * dpif-netdev-pmd.c. */
#include <config.h>
#include "dpif.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dpif-netdev-private.h"
#include "hash.h"
#include "netdev.h"
#include "poll-loop.h"
#include "shash.h"
#include "smap.h"
#include "timeval.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif_netdev);

/* Every datapath by name (without "netdev@"). */
static struct mutex dp_netdevs_mutex = MUTEX_INITIALIZER;
static struct shash dp_netdevs SLUICE_GUARDED_BY(dp_netdevs_mutex)
    = SHASH_INITIALIZER(&dp_netdevs);

#define DEFAULT_PMD_SLEEP_MAX_USEC 250
#define MAX_PMD_SLEEP_MAX_USEC 10000
#define DEFAULT_MAX_IDLE_MSEC 10000
#define DEFAULT_FLOW_LIMIT 200000

static void dp_shutdown(struct dp_netdev *);
static void dp_free(struct dp_netdev *);
static int do_port_add(struct dp_netdev *dp, const char *name,
                       const char *type, const struct smap *options,
                       uint32_t *port_nop, char **errp)
    SLUICE_REQUIRES(dp->mutex);
static void reconfigure_pollers(struct dp_netdev *dp)
    SLUICE_REQUIRES(dp->mutex);
static int parse_cpu_mask(const char *s, uint32_t **coresp, size_t *np,
                          char **errp);

/* Names. */

/* Checks FULL_NAME ("netdev@NAME" or "NAME") and stores a pointer to NAME
 * in *NAMEP.  Returns 0 or EINVAL with a message. */
static int
parse_dp_name(const char *full_name, const char **namep, char **errp)
{
    const char *at = strchr(full_name, '@');
    const char *name = full_name;

    if (at) {
        if (strncmp(full_name, DPIF_TYPE, at - full_name)
            || (size_t) (at - full_name) != strlen(DPIF_TYPE)) {
            *errp = xasprintf("datapath %s: unsupported datapath type "
                              "\"%.*s\" (only \"%s\")", full_name,
                              (int) (at - full_name), full_name, DPIF_TYPE);
            return EINVAL;
        }
        name = at + 1;
    }
    size_t len = strlen(name);
    if (!len || len > 15) {
        *errp = xasprintf("datapath \"%s\": a name must have 1 to 15 "
                          "characters", full_name);
        return EINVAL;
    }
    for (const char *p = name; *p; p++) {
        if (!isalnum((unsigned char) *p) && !strchr("-_.", *p)) {
            *errp = xasprintf("datapath \"%s\": invalid character '%c' "
                              "in name", full_name, *p);
            return EINVAL;
        }
    }
    *namep = name;
    return 0;
}

/* Cores. */

/* Stores the cores the calling thread may run on in *SET. */
static void
get_allowed_cores(cpu_set_t *set)
{
    CPU_ZERO(set);
    if (sched_getaffinity(0, sizeof *set, set) || !CPU_COUNT(set)) {
        CPU_ZERO(set);
        CPU_SET(0, set);
    }
}

/* Stores the default PMD cores (the last allowed core) in a new array. */
static void
default_pmd_cores(uint32_t **coresp, size_t *np)
{
    cpu_set_t set;
    get_allowed_cores(&set);
    int last = 0;
    for (int i = 0; i < CPU_SETSIZE; i++) {
        if (CPU_ISSET(i, &set)) {
            last = i;
        }
    }
    *coresp = xmalloc(sizeof **coresp);
    (*coresp)[0] = last;
    *np = 1;
}

/* Parses hexadecimal CPU mask S ("0x6", "6") into the increasing list of
 * its cores, each of which the process may run on. */
static int
parse_cpu_mask(const char *s, uint32_t **coresp, size_t *np, char **errp)
{
    const char *digits = s;
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        digits += 2;
    }
    size_t len = strlen(digits);
    if (!len) {
        *errp = xasprintf("pmd-cpu-mask: \"%s\" is not a hexadecimal CPU "
                          "mask", s);
        return EINVAL;
    }

    cpu_set_t allowed;
    get_allowed_cores(&allowed);

    uint32_t *cores = NULL;
    size_t n = 0, allocated = 0;
    for (size_t i = 0; i < len; i++) {
        char c = digits[len - 1 - i];
        int v;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else {
            free(cores);
            *errp = xasprintf("pmd-cpu-mask: \"%s\" is not a hexadecimal "
                              "CPU mask", s);
            return EINVAL;
        }
        for (int bit = 0; bit < 4; bit++) {
            if (!(v & (1 << bit))) {
                continue;
            }
            size_t core = i * 4 + bit;
            if (core >= CPU_SETSIZE || !CPU_ISSET(core, &allowed)) {
                free(cores);
                *errp = xasprintf("pmd-cpu-mask: core %zu is not "
                                  "available to this process", core);
                return EINVAL;
            }
            if (n >= allocated) {
                cores = x2nrealloc(cores, &allocated, sizeof *cores);
            }
            cores[n++] = core;
        }
    }
    if (!n) {
        *errp = xasprintf("pmd-cpu-mask: \"%s\" selects no core", s);
        return EINVAL;
    }
    /* The digits were read from the least significant, so 'cores' is in
     * increasing order already. */
    *coresp = cores;
    *np = n;
    return 0;
}

void
dp_avoid_pmd_cores(const struct dp_poller_set *set)
{
    cpu_set_t cores;
    get_allowed_cores(&cores);
    for (size_t i = 0; i < set->n; i++) {
        if (set->pollers[i]->is_pmd) {
            CPU_CLR(set->pollers[i]->id, &cores);
        }
    }
    if (CPU_COUNT(&cores)) {
        pthread_setaffinity_np(pthread_self(), sizeof cores, &cores);
    }
}

/* Datapaths. */

static void
settings_init(struct dp_settings *s)
{
    atomic_init(&s->pmd_sleep_max_usec, DEFAULT_PMD_SLEEP_MAX_USEC);
    atomic_init(&s->max_idle_msec, DEFAULT_MAX_IDLE_MSEC);
    atomic_init(&s->flow_limit, DEFAULT_FLOW_LIMIT);
    atomic_init(&s->emc_insert_inv_prob, EMC_DEFAULT_REPLACE_INV_PROB);
}

/* Returns a new poller set with the pollers of SET (may be NULL) and
 * ADD (may be NULL) except REMOVE (may be NULL), sorted: the non-PMD
 * context first, then PMDs by core. */
static struct dp_poller_set *
poller_set_create(const struct dp_poller_set *set, struct dp_poller *add,
                  const struct dp_poller *remove)
{
    size_t max = (set ? set->n : 0) + 1;
    struct dp_poller_set *new = xzalloc(sizeof *new
                                        + max * sizeof new->pollers[0]);
    if (set) {
        for (size_t i = 0; i < set->n; i++) {
            if (set->pollers[i] != remove) {
                new->pollers[new->n++] = set->pollers[i];
            }
        }
    }
    if (add) {
        size_t i = new->n;
        while (i > 0 && new->pollers[i - 1]->is_pmd
               && (!add->is_pmd || new->pollers[i - 1]->id > add->id)) {
            new->pollers[i] = new->pollers[i - 1];
            i--;
        }
        new->pollers[i] = add;
        new->n++;
    }
    return new;
}

static size_t
count_pmds(const struct dp_poller_set *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++) {
        n += set->pollers[i]->is_pmd;
    }
    return n;
}

/* Returns the number of transmit ids of the pollers of SET: one more than
 * the highest.  A port with at least this many queues gives each poller
 * its own. */
static size_t
n_tx_ids(const struct dp_poller_set *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++) {
        n = MAX(n, set->pollers[i]->tx_index + 1);
    }
    return n;
}

/* Returns the lowest transmit id that no poller of SET has. */
static unsigned int
free_tx_index(const struct dp_poller_set *set)
{
    for (unsigned int idx = 0; ; idx++) {
        bool used = false;
        for (size_t i = 0; i < set->n && !used; i++) {
            used = set->pollers[i]->tx_index == idx;
        }
        if (!used) {
            return idx;
        }
    }
}

struct dp_poller *
dp_find_poller(const struct dp_poller_set *set, uint32_t id)
{
    for (size_t i = 0; i < set->n; i++) {
        if (set->pollers[i]->id == id) {
            return set->pollers[i];
        }
    }
    return NULL;
}

static void
poller_destroy_cb(void *p)
{
    dp_poller_destroy(p);
}

/* Starts the PMD threads for CORES (N of them) that DP lacks and stops
 * those it has on other cores. */
static void
set_pmd_cores(struct dp_netdev *dp, const uint32_t *cores, size_t n)
    SLUICE_REQUIRES(dp->mutex)
{
    struct dp_poller_set *set = rcu_get_protected(&dp->pollers);

    /* Stop the PMDs on cores no longer in the mask. */
    for (size_t i = 0; i < set->n; ) {
        struct dp_poller *p = set->pollers[i];
        bool keep = !p->is_pmd;
        for (size_t j = 0; !keep && j < n; j++) {
            keep = cores[j] == p->id;
        }
        if (keep) {
            i++;
            continue;
        }
        /* Give its receive queues back before it goes. */
        mutex_lock(&p->config_mutex);
        p->n_assigned = 0;
        mutex_unlock(&p->config_mutex);
        dp_poller_reload(p);
        dp_poller_stop(p);

        struct dp_poller_set *new = poller_set_create(set, NULL, p);
        rcu_set(&dp->pollers, new);
        rcu_postpone(free, set);
        set = new;

        /* Keep its counts in the datapath's totals. */
        dp->gone_stats.n_hit += (dp_poller_stat(p, PS_SIMPLE_HIT, true)
                                 + dp_poller_stat(p, PS_EMC_HIT, true)
                                 + dp_poller_stat(p, PS_SMC_HIT, true)
                                 + dp_poller_stat(p, PS_MEGAFLOW_HIT, true));
        dp->gone_stats.n_simple_hit
            += dp_poller_stat(p, PS_SIMPLE_HIT, true);
        dp->gone_stats.n_emc_hit += dp_poller_stat(p, PS_EMC_HIT, true);
        dp->gone_stats.n_smc_hit += dp_poller_stat(p, PS_SMC_HIT, true);
        dp->gone_stats.n_megaflow_hit
            += dp_poller_stat(p, PS_MEGAFLOW_HIT, true);
        dp->gone_stats.n_mask_hit
            += dp_poller_stat(p, PS_SUBTABLE_LOOKUPS, true);
        dp->gone_stats.n_missed += atomic_read_relaxed(&p->upcall_ok);
        dp->gone_stats.n_lost += (dp_poller_stat(p, PS_LOST, true)
                                  + atomic_read_relaxed(&p->upcall_fail));
        dp->gone_stats.n_malformed += dp_poller_stat(p, PS_MALFORMED, true);

        /* No thread can reach it after a grace period: not the handler
         * (which reads the set), not a flow put.  (Waiting here with
         * dp->mutex held could deadlock with an online thread that waits
         * for dp->mutex.) */
        rcu_postpone(poller_destroy_cb, p);
    }

    /* Start the new ones.  Each poller keeps its transmit id for life, so
     * that running pollers never change queues; a new one takes the lowest
     * free id, and uses it only once the others have reloaded (see
     * reconfigure_pollers()). */
    for (size_t j = 0; j < n; j++) {
        if (!dp_find_poller(set, cores[j])) {
            struct dp_poller *p = dp_poller_create(dp, cores[j],
                                                   free_tx_index(set));
            struct dp_poller_set *new = poller_set_create(set, p, NULL);
            rcu_set(&dp->pollers, new);
            rcu_postpone(free, set);
            set = new;
        }
    }
}

/* Creates the datapath NAME with the default settings. */
static int
dp_create(const char *name, struct dp_netdev **dpp, char **errp)
{
    struct dp_netdev *dp = xzalloc(sizeof *dp);
    dp->name = xstrdup(name);
    dp->full_name = xasprintf("%s@%s", DPIF_TYPE, name);
    dp->n_handles = 1;
    mutex_init(&dp->mutex);
    hmap_init(&dp->ports);
    dp->rxq_assign = DP_RXQ_ASSIGN_CYCLES;
    settings_init(&dp->settings);
    dp->next_sample = time_msec() + PMD_INTERVAL_MSEC;
    mutex_init(&dp->non_pmd_mutex);
    latch_init(&dp->non_pmd_latch);
    mutex_init(&dp->upcall_mutex);
    latch_init(&dp->handler_latch);
    cmap_init(&dp->meters);

    dp->non_pmd = dp_poller_create(dp, DPIF_NON_PMD_ID, 0);
    rcu_init(&dp->pollers, poller_set_create(NULL, dp->non_pmd, NULL));

    mutex_lock(&dp->mutex);
    uint32_t *cores;
    size_t n_cores;
    default_pmd_cores(&cores, &n_cores);
    set_pmd_cores(dp, cores, n_cores);
    free(cores);
    mutex_unlock(&dp->mutex);

    char *thread_name = xasprintf("dp-handler-%s", name);
    dp->handler_thread = thread_create(thread_name, dp_handler_main, dp);
    free(thread_name);
    thread_name = xasprintf("dp-nonpmd-%s", name);
    dp->non_pmd_thread = thread_create(thread_name, dp_non_pmd_main, dp);
    free(thread_name);

    /* The local port. */
    uint32_t port_no = ODPP_LOCAL;
    mutex_lock(&dp->mutex);
    int error = do_port_add(dp, name, "internal", NULL, &port_no, errp);
    mutex_unlock(&dp->mutex);
    if (error) {
        char *msg = *errp;
        *errp = xasprintf("datapath %s: could not create the local port: "
                          "%s", name, msg ? msg : sluice_strerror(error));
        free(msg);
        dp_shutdown(dp);
        dp_free(dp);
        *dpp = NULL;
        return error;
    }
    *dpp = dp;
    return 0;
}

int
dpif_create(const char *full_name, struct dpif **dpifp, char **errp)
{
    char *err = NULL;
    const char *name;
    int error = parse_dp_name(full_name, &name, &err);

    *dpifp = NULL;
    if (!error) {
        mutex_lock(&dp_netdevs_mutex);
        if (shash_find(&dp_netdevs, name)) {
            err = xasprintf("datapath %s: already exists", name);
            error = EEXIST;
        } else {
            struct dp_netdev *dp;
            error = dp_create(name, &dp, &err);
            if (!error) {
                shash_add(&dp_netdevs, name, dp);
                *dpifp = xmalloc(sizeof **dpifp);
                (*dpifp)->dp = dp;
                VLOG_INFO("%s: datapath created", dp->full_name);
            }
        }
        mutex_unlock(&dp_netdevs_mutex);
    }
    if (errp) {
        *errp = err;
    } else {
        if (err) {
            VLOG_WARN("%s", err);
        }
        free(err);
    }
    return error;
}

int
dpif_open(const char *full_name, struct dpif **dpifp)
{
    char *err = NULL;
    const char *name;

    *dpifp = NULL;
    if (parse_dp_name(full_name, &name, &err)) {
        free(err);
        return ENODEV;
    }
    mutex_lock(&dp_netdevs_mutex);
    struct dp_netdev *dp = shash_find_data(&dp_netdevs, name);
    if (dp) {
        dp->n_handles++;
        *dpifp = xmalloc(sizeof **dpifp);
        (*dpifp)->dp = dp;
    }
    mutex_unlock(&dp_netdevs_mutex);
    return dp ? 0 : ENODEV;
}

void
dp_netdev_ref(struct dp_netdev *dp)
{
    mutex_lock(&dp_netdevs_mutex);
    dp->n_handles++;
    mutex_unlock(&dp_netdevs_mutex);
}

void
dp_netdev_unref(struct dp_netdev *dp)
{
    mutex_lock(&dp_netdevs_mutex);
    bool last = !--dp->n_handles && dp->deleted;
    mutex_unlock(&dp_netdevs_mutex);
    if (last) {
        dp_shutdown(dp);
        dp_free(dp);
    }
}

void
dpif_close(struct dpif *dpif)
{
    if (dpif) {
        dp_netdev_unref(dpif->dp);
        free(dpif);
    }
}

int
dpif_delete(struct dpif *dpif)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp_netdevs_mutex);
    if (!dp->deleted) {
        dp->deleted = true;
        shash_find_and_delete(&dp_netdevs, dp->name);
        VLOG_INFO("%s: datapath deleted", dp->full_name);
    }
    mutex_unlock(&dp_netdevs_mutex);
    return 0;
}

void
dpif_enumerate(struct shash *names)
{
    struct shash_node *node;

    mutex_lock(&dp_netdevs_mutex);
    SHASH_FOR_EACH (node, &dp_netdevs) {
        shash_add_once(names, node->name, NULL);
    }
    mutex_unlock(&dp_netdevs_mutex);
}

const char *
dpif_name(const struct dpif *dpif)
{
    return dpif->dp->name;
}

const char *
dpif_full_name(const struct dpif *dpif)
{
    return dpif->dp->full_name;
}

/* Returns the datapaths with a temporary reference each, for the caller
 * to release with dp_netdev_unref(). */
static struct dp_netdev **
dp_collect(size_t *np)
{
    struct dp_netdev **dps;
    struct shash_node *node;
    size_t n = 0;

    mutex_lock(&dp_netdevs_mutex);
    dps = xmalloc((shash_count(&dp_netdevs) + 1) * sizeof *dps);
    SHASH_FOR_EACH (node, &dp_netdevs) {
        struct dp_netdev *dp = node->data;
        dp->n_handles++;
        dps[n++] = dp;
    }
    mutex_unlock(&dp_netdevs_mutex);
    *np = n;
    return dps;
}

/* Ports. */

static struct dp_port *
port_find(const struct dp_netdev *dp, uint32_t port_no)
    SLUICE_REQUIRES(dp->mutex)
{
    struct dp_port *port;
    HMAP_FOR_EACH_WITH_HASH (port, node, hash_int(port_no, 0), &dp->ports) {
        if (port->port_no == port_no) {
            return port;
        }
    }
    return NULL;
}

static struct dp_port *
port_find_by_name(const struct dp_netdev *dp, const char *name)
    SLUICE_REQUIRES(dp->mutex)
{
    struct dp_port *port;
    HMAP_FOR_EACH (port, node, &dp->ports) {
        if (!strcmp(netdev_get_name(port->netdev), name)) {
            return port;
        }
    }
    return NULL;
}

/* Opens PORT's receive queues after a (re)configuration. */
static void
port_open_rxqs(struct dp_port *port)
{
    int n = netdev_n_rxq(port->netdev);
    port->rxqs = xcalloc(n > 0 ? n : 1, sizeof *port->rxqs);
    port->n_rxq = 0;
    for (int i = 0; i < n; i++) {
        struct dp_rxq *rxq = &port->rxqs[port->n_rxq];
        rxq->port = port;
        rxq->queue_id = i;
        atomic_init(&rxq->cycles, 0);
        if (!netdev_rxq_open(port->netdev, i, &rxq->rx)) {
            port->n_rxq++;
        }
    }
}

static void
port_close_rxqs(struct dp_port *port)
{
    for (size_t i = 0; i < port->n_rxq; i++) {
        netdev_rxq_close(port->rxqs[i].rx);
    }
    free(port->rxqs);
    port->rxqs = NULL;
    port->n_rxq = 0;
}

/* Updates PORT's transmit queue count and whether senders must lock. */
static void
port_update_txqs(struct dp_netdev *dp, struct dp_port *port)
    SLUICE_REQUIRES(dp->mutex)
{
    size_t n_ids = n_tx_ids(rcu_get_protected(&dp->pollers));
    port->n_txq = netdev_n_txq(port->netdev);
    if (port->n_txq < 1) {
        port->n_txq = 1;
    }
    port->dynamic_txqs = (size_t) port->n_txq < n_ids;
}

/* An rxq with its load, for assignment. */
struct rxq_load {
    struct dp_rxq *rxq;
    uint64_t cycles;
};

static uint64_t
rxq_measured_cycles(const struct dp_rxq *rxq)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < PMD_INTERVAL_MAX; i++) {
        sum += rxq->intervals[i];
    }
    return sum;
}

static int
compare_rxq_load(const void *a_, const void *b_)
{
    const struct rxq_load *a = a_, *b = b_;
    if (a->cycles != b->cycles) {
        return a->cycles > b->cycles ? -1 : 1;
    }
    if (a->rxq->port->port_no != b->rxq->port->port_no) {
        return a->rxq->port->port_no < b->rxq->port->port_no ? -1 : 1;
    }
    return a->rxq->queue_id < b->rxq->queue_id ? -1 : 1;
}

static void
poller_assign(struct dp_poller *p, struct dp_rxq *rxq)
{
    if (p->n_assigned >= p->allocated_assigned) {
        p->assigned = x2nrealloc(p->assigned, &p->allocated_assigned,
                                 sizeof *p->assigned);
    }
    p->assigned[p->n_assigned++] = rxq;
    rxq->poller = p;
}

/* Assigns every receive queue of DP to a poller (see pmd-rxq-assign in
 * dpif.h) and reloads every poller.  The caller holds dp->mutex.  (It
 * takes every poller's config_mutex in a loop, which clang's analysis
 * cannot follow.) */
static void
reconfigure_pollers(struct dp_netdev *dp)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    struct dp_poller_set *set = rcu_get_protected(&dp->pollers);
    size_t n_pmds = count_pmds(set);
    struct rxq_load *loads = NULL;
    dp->reload_pending = false;     /* Every port is assigned below. */
    size_t n_loads = 0, allocated_loads = 0;
    struct dp_port *port;

    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        mutex_lock(&p->config_mutex);
        p->n_assigned = 0;
    }

    HMAP_FOR_EACH (port, node, &dp->ports) {
        for (size_t i = 0; i < port->n_rxq; i++) {
            struct dp_rxq *rxq = &port->rxqs[i];
            rxq->poller = NULL;
            if (port->disabled) {
                continue;
            }
            if (!port->is_pmd || !n_pmds) {
                poller_assign(dp->non_pmd, rxq);
                continue;
            }
            if (n_loads >= allocated_loads) {
                loads = x2nrealloc(loads, &allocated_loads, sizeof *loads);
            }
            loads[n_loads].rxq = rxq;
            loads[n_loads].cycles = (dp->rxq_assign == DP_RXQ_ASSIGN_CYCLES
                                     ? rxq_measured_cycles(rxq) : 0);
            n_loads++;
        }
    }

    /* Busiest first (round-robin: all loads are 0, so by port and queue),
     * each to the PMD with the least load, then the fewest queues, then the
     * lowest core. */
    if (n_loads) {
        qsort(loads, n_loads, sizeof *loads, compare_rxq_load);
        uint64_t *pmd_load = xcalloc(set->n, sizeof *pmd_load);
        size_t next_rr = 0;
        for (size_t i = 0; i < n_loads; i++) {
            size_t best = SIZE_MAX;
            if (dp->rxq_assign == DP_RXQ_ASSIGN_ROUNDROBIN) {
                do {
                    best = next_rr++ % set->n;
                } while (!set->pollers[best]->is_pmd);
            } else {
                for (size_t j = 0; j < set->n; j++) {
                    struct dp_poller *p = set->pollers[j];
                    if (!p->is_pmd) {
                        continue;
                    }
                    if (best == SIZE_MAX
                        || pmd_load[j] < pmd_load[best]
                        || (pmd_load[j] == pmd_load[best]
                            && p->n_assigned
                               < set->pollers[best]->n_assigned)) {
                        best = j;
                    }
                }
            }
            pmd_load[best] += loads[i].cycles;
            poller_assign(set->pollers[best], loads[i].rxq);
        }
        free(pmd_load);
    }
    free(loads);

    for (size_t i = 0; i < set->n; i++) {
        mutex_unlock(&set->pollers[i]->config_mutex);
    }

    /* The pollers that have run before reload first, then new ones: a new
     * poller may share a transmit queue with a running one, which must
     * know that it has to lock the queue before the new one sends. */
    for (int fresh = 0; fresh < 2; fresh++) {
        for (size_t i = 0; i < set->n; i++) {
            struct dp_poller *p = set->pollers[i];
            if (p->fresh == fresh) {
                p->fresh = false;
                dp_poller_reload(p);
            }
        }
    }
}

/* Takes PORT out of the pollers' use and closes its receive queues. */
static void
port_disable(struct dp_netdev *dp, struct dp_port *port)
    SLUICE_REQUIRES(dp->mutex)
{
    port->disabled = true;
    reconfigure_pollers(dp);
    port_close_rxqs(port);
}

/* Applies PORT's requested reconfiguration, with the pollers off it.  The
 * port stays disabled if that fails. */
static int
port_reconfigure(struct dp_netdev *dp, struct dp_port *port)
    SLUICE_REQUIRES(dp->mutex)
{
    port_disable(dp, port);
    int error = netdev_reconfigure(port->netdev);
    if (!error) {
        port_open_rxqs(port);
        port_update_txqs(dp, port);
        port->disabled = false;
        VLOG_INFO("%s: port %s reconfigured with %zu rx and %d tx queues",
                  dp->full_name, netdev_get_name(port->netdev), port->n_rxq,
                  port->n_txq);
    } else {
        VLOG_WARN("%s: port %s stays down: reconfiguration failed (%s)",
                  dp->full_name, netdev_get_name(port->netdev),
                  sluice_strerror(error));
    }
    reconfigure_pollers(dp);
    return error;
}

/* Returns the lowest free port number from 1, or ODPP_NONE. */
static uint32_t
choose_port_no(const struct dp_netdev *dp)
    SLUICE_REQUIRES(dp->mutex)
{
    for (uint32_t port_no = 1; port_no < DPIF_MAX_PORTS; port_no++) {
        if (!port_find(dp, port_no)) {
            return port_no;
        }
    }
    return ODPP_NONE;
}

static int
do_port_add(struct dp_netdev *dp, const char *name, const char *type,
            const struct smap *options, uint32_t *port_nop, char **errp)
{
    *errp = NULL;
    if (!type || !type[0]) {
        type = "system";
    }
    if (port_find_by_name(dp, name)) {
        *errp = xasprintf("port %s: already in datapath %s", name,
                          dp->name);
        return EEXIST;
    }
    uint32_t port_no = *port_nop;
    if (port_no == ODPP_NONE) {
        port_no = choose_port_no(dp);
        if (port_no == ODPP_NONE) {
            *errp = xasprintf("port %s: datapath %s is full", name,
                              dp->name);
            return EFBIG;
        }
    } else if (port_no >= DPIF_MAX_PORTS) {
        *errp = xasprintf("port %s: port number %"PRIu32" is out of range "
                          "(0 to %u)", name, port_no, DPIF_MAX_PORTS - 1);
        return EINVAL;
    } else if (port_find(dp, port_no)) {
        *errp = xasprintf("port %s: port number %"PRIu32" is in use",
                          name, port_no);
        return EEXIST;
    }

    struct netdev *netdev = netdev_from_name(name);
    if (netdev) {
        netdev_close(netdev);
        *errp = xasprintf("port %s: already in use (in another datapath?)",
                          name);
        return EEXIST;
    }

    int error = netdev_open_err(name, type, &netdev, errp);
    if (error) {
        return error;
    }
    if (options) {
        error = netdev_set_config(netdev, options, errp);
        if (error) {
            netdev_close(netdev);
            return error;
        }
    }
    netdev_set_multiq(netdev, n_tx_ids(rcu_get_protected(&dp->pollers)),
                      1);
    if (netdev_is_reconf_required(netdev)) {
        error = netdev_reconfigure(netdev);
        if (error) {
            *errp = xasprintf("port %s: could not configure the device: %s",
                              name, sluice_strerror(error));
            netdev_close(netdev);
            return error;
        }
    }

    struct dp_port *port = xzalloc(sizeof *port);
    port->port_no = port_no;
    port->netdev = netdev;
    port->type = xstrdup(netdev_get_type(netdev));
    port->is_pmd = netdev_is_pmd(netdev);
    port_open_rxqs(port);
    port_update_txqs(dp, port);
    hmap_insert(&dp->ports, &port->node, hash_int(port_no, 0));
    if (dp->n_reload_deferrals) {
        dp->reload_pending = true;
    } else {
        reconfigure_pollers(dp);
    }

    *port_nop = port_no;
    VLOG_INFO("%s: added port %s (type %s) as port %"PRIu32" with %zu rx "
              "and %d tx queues", dp->full_name, name, port->type, port_no,
              port->n_rxq, port->n_txq);
    return 0;
}

int
dpif_port_add(struct dpif *dpif, const char *name, const char *type,
              const struct smap *options, uint32_t *port_nop, char **errp)
{
    struct dp_netdev *dp = dpif->dp;
    char *err = NULL;

    mutex_lock(&dp->mutex);
    int error = do_port_add(dp, name, type, options, port_nop, &err);
    mutex_unlock(&dp->mutex);

    if (err && !error) {
        free(err);
        err = NULL;
    }
    if (error && !err) {
        err = xasprintf("port %s: %s", name, sluice_strerror(error));
    }
    if (errp) {
        *errp = err;
    } else {
        if (err) {
            VLOG_WARN("%s", err);
        }
        free(err);
    }
    return error;
}

void
dpif_defer_reload(struct dpif *dpif, bool defer)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->mutex);
    if (defer) {
        dp->n_reload_deferrals++;
    } else {
        sluice_assert(dp->n_reload_deferrals > 0);
        if (!--dp->n_reload_deferrals && dp->reload_pending) {
            reconfigure_pollers(dp);
        }
    }
    mutex_unlock(&dp->mutex);
}

/* Removes PORT from DP and closes it. */
static void
do_port_del(struct dp_netdev *dp, struct dp_port *port)
    SLUICE_REQUIRES(dp->mutex)
{
    port_disable(dp, port);
    hmap_remove(&dp->ports, &port->node);

    /* dpif_execute() and the handler send through the non-PMD context,
     * whose transmit cache the reload above rebuilt without PORT, under
     * non_pmd_mutex; PMDs acknowledged their reload.  Nothing refers to
     * the port any more. */
    VLOG_INFO("%s: deleted port %s (port %"PRIu32")", dp->full_name,
              netdev_get_name(port->netdev), port->port_no);
    netdev_close(port->netdev);
    free(port->type);
    free(port);
}

int
dpif_port_del(struct dpif *dpif, uint32_t port_no)
{
    struct dp_netdev *dp = dpif->dp;
    int error = 0;

    mutex_lock(&dp->mutex);
    struct dp_port *port = port_find(dp, port_no);
    if (!port) {
        error = ENOENT;
    } else if (port_no == ODPP_LOCAL) {
        error = EINVAL;
    } else {
        do_port_del(dp, port);
    }
    mutex_unlock(&dp->mutex);
    return error;
}

int
dpif_port_set_config(struct dpif *dpif, uint32_t port_no,
                     const struct smap *options, char **errp)
{
    struct dp_netdev *dp = dpif->dp;
    char *err = NULL;
    int error;

    mutex_lock(&dp->mutex);
    struct dp_port *port = port_find(dp, port_no);
    if (!port) {
        error = ENOENT;
        err = xasprintf("%s: no port %"PRIu32, dp->name, port_no);
    } else {
        error = netdev_set_config(port->netdev, options, &err);
        if (!error && netdev_is_reconf_required(port->netdev)) {
            error = port_reconfigure(dp, port);
            if (error) {
                err = xasprintf("port %s: could not configure the device: "
                                "%s", netdev_get_name(port->netdev),
                                sluice_strerror(error));
            }
        }
    }
    mutex_unlock(&dp->mutex);

    if (errp) {
        *errp = err;
    } else {
        free(err);
    }
    return error;
}

int
dpif_port_set_mtu(struct dpif *dpif, uint32_t port_no, int mtu, char **errp)
{
    struct dp_netdev *dp = dpif->dp;
    char *err = NULL;
    int error;

    mutex_lock(&dp->mutex);
    struct dp_port *port = port_find(dp, port_no);
    if (!port) {
        error = ENOENT;
        err = xasprintf("%s: no port %"PRIu32, dp->name, port_no);
    } else {
        const char *name = netdev_get_name(port->netdev);
        error = netdev_set_mtu(port->netdev, mtu);
        if (error) {
            err = xasprintf("port %s: could not set MTU %d: %s", name, mtu,
                            error == EINVAL
                            ? "out of range for the port"
                            : sluice_strerror(error));
        } else if (netdev_is_reconf_required(port->netdev)) {
            error = port_reconfigure(dp, port);
            if (error) {
                err = xasprintf("port %s: could not apply MTU %d: %s", name,
                                mtu, sluice_strerror(error));
            }
        }
    }
    mutex_unlock(&dp->mutex);

    if (errp) {
        *errp = err;
    } else {
        free(err);
    }
    return error;
}

static void
port_to_dpif_port(const struct dp_port *port, struct dpif_port *dpif_port)
{
    dpif_port->name = xstrdup(netdev_get_name(port->netdev));
    dpif_port->type = xstrdup(port->type);
    dpif_port->port_no = port->port_no;
}

void
dpif_port_destroy(struct dpif_port *port)
{
    if (port) {
        free(port->name);
        free(port->type);
    }
}

int
dpif_port_query_by_number(const struct dpif *dpif, uint32_t port_no,
                          struct dpif_port *dpif_port)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->mutex);
    struct dp_port *port = port_find(dp, port_no);
    if (port && dpif_port) {
        port_to_dpif_port(port, dpif_port);
    }
    mutex_unlock(&dp->mutex);
    return port ? 0 : ENOENT;
}

int
dpif_port_query_by_name(const struct dpif *dpif, const char *name,
                        struct dpif_port *dpif_port)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->mutex);
    struct dp_port *port = port_find_by_name(dp, name);
    if (port && dpif_port) {
        port_to_dpif_port(port, dpif_port);
    }
    mutex_unlock(&dp->mutex);
    return port ? 0 : ENOENT;
}

static int
compare_dpif_ports(const void *a_, const void *b_)
{
    const struct dpif_port *a = a_, *b = b_;
    return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

size_t
dpif_port_list(const struct dpif *dpif, struct dpif_port **portsp)
{
    struct dp_netdev *dp = dpif->dp;
    struct dp_port *port;
    size_t n = 0;

    mutex_lock(&dp->mutex);
    struct dpif_port *ports = xcalloc(hmap_count(&dp->ports) + 1,
                                      sizeof *ports);
    HMAP_FOR_EACH (port, node, &dp->ports) {
        port_to_dpif_port(port, &ports[n++]);
    }
    mutex_unlock(&dp->mutex);

    qsort(ports, n, sizeof *ports, compare_dpif_ports);
    *portsp = ports;
    return n;
}

void
dpif_port_list_destroy(struct dpif_port *ports, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dpif_port_destroy(&ports[i]);
    }
    free(ports);
}

int
dpif_port_get_stats(const struct dpif *dpif, uint32_t port_no,
                    struct netdev_stats *stats)
{
    struct dp_netdev *dp = dpif->dp;
    int error;

    mutex_lock(&dp->mutex);
    struct dp_port *port = port_find(dp, port_no);
    if (port) {
        error = netdev_get_stats(port->netdev, stats);
    } else {
        error = ENOENT;
    }
    mutex_unlock(&dp->mutex);
    return error;
}

int
dpif_port_get_config(const struct dpif *dpif, uint32_t port_no,
                     struct smap *config, struct smap *status)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->mutex);
    struct dp_port *port = port_find(dp, port_no);
    if (port) {
        netdev_get_config(port->netdev, config);
        if (status) {
            netdev_get_status(port->netdev, status);
        }
    }
    mutex_unlock(&dp->mutex);
    return port ? 0 : ENOENT;
}

/* Settings. */

/* Datapath settings parsed from an other_config map. */
struct dp_config {
    uint32_t *cores;                /* PMD cores, increasing. */
    size_t n_cores;
    bool default_cores;
    enum dp_rxq_assign rxq_assign;
    unsigned long long sleep_max;
    unsigned long long max_idle;
    unsigned long long flow_limit;
    unsigned long long inv_prob;
};

/* Parses CONFIG into *C.  Returns 0, or EINVAL with a message in *ERRP;
 * either way the caller frees C->cores. */
static int
parse_config(const struct smap *config, struct dp_config *c, char **errp)
{
    const char *cmask = smap_get(config, "pmd-cpu-mask");
    const char *assign = smap_get_def(config, "pmd-rxq-assign", "cycles");
    const char *s;

    memset(c, 0, sizeof *c);
    c->rxq_assign = DP_RXQ_ASSIGN_CYCLES;
    c->sleep_max = DEFAULT_PMD_SLEEP_MAX_USEC;
    c->max_idle = DEFAULT_MAX_IDLE_MSEC;
    c->flow_limit = DEFAULT_FLOW_LIMIT;
    c->inv_prob = EMC_DEFAULT_REPLACE_INV_PROB;

    if (cmask && cmask[0]) {
        if (parse_cpu_mask(cmask, &c->cores, &c->n_cores, errp)) {
            return EINVAL;
        }
    } else {
        default_pmd_cores(&c->cores, &c->n_cores);
        c->default_cores = true;
    }

    if (!strcmp(assign, "cycles")) {
        c->rxq_assign = DP_RXQ_ASSIGN_CYCLES;
    } else if (!strcmp(assign, "roundrobin")) {
        c->rxq_assign = DP_RXQ_ASSIGN_ROUNDROBIN;
    } else {
        *errp = xasprintf("pmd-rxq-assign: \"%s\" is not \"cycles\" or "
                          "\"roundrobin\"", assign);
        return EINVAL;
    }

    s = smap_get(config, "pmd-sleep-max");
    if (s && (!str_to_ullong(s, 10, &c->sleep_max)
              || c->sleep_max > MAX_PMD_SLEEP_MAX_USEC)) {
        *errp = xasprintf("pmd-sleep-max: \"%s\" is not a number of "
                          "microseconds from 0 to %d", s,
                          MAX_PMD_SLEEP_MAX_USEC);
        return EINVAL;
    }
    s = smap_get(config, "max-idle");
    if (s && (!str_to_ullong(s, 10, &c->max_idle)
              || c->max_idle > INT_MAX)) {
        *errp = xasprintf("max-idle: \"%s\" is not a number of "
                          "milliseconds", s);
        return EINVAL;
    }
    s = smap_get(config, "flow-limit");
    if (s && (!str_to_ullong(s, 10, &c->flow_limit)
              || !c->flow_limit || c->flow_limit > UINT32_MAX)) {
        *errp = xasprintf("flow-limit: \"%s\" is not a positive number",
                          s);
        return EINVAL;
    }
    s = smap_get(config, "emc-insert-inv-prob");
    if (s && (!str_to_ullong(s, 10, &c->inv_prob)
              || c->inv_prob > UINT32_MAX)) {
        *errp = xasprintf("emc-insert-inv-prob: \"%s\" is not a number "
                          "from 0 to %"PRIu32, s, UINT32_MAX);
        return EINVAL;
    }
    return 0;
}

int
dpif_check_config(const struct smap *config, char **errp)
{
    struct dp_config c;
    char *err = NULL;
    int error = parse_config(config, &c, &err);

    free(c.cores);
    if (errp) {
        *errp = err;
    } else {
        free(err);
    }
    return error;
}

int
dpif_set_config(struct dpif *dpif, const struct smap *config, char **errp)
{
    struct dp_netdev *dp = dpif->dp;
    struct dp_config c;
    char *err = NULL;

    int error = parse_config(config, &c, &err);
    if (!error) {
        struct dp_settings *st = &dp->settings;

        mutex_lock(&dp->mutex);
        atomic_store_relaxed(&st->pmd_sleep_max_usec, c.sleep_max);
        atomic_store_relaxed(&st->max_idle_msec, c.max_idle);
        atomic_store_relaxed(&st->flow_limit, c.flow_limit);
        bool reload = (atomic_read_relaxed(&st->emc_insert_inv_prob)
                       != c.inv_prob);
        atomic_store_relaxed(&st->emc_insert_inv_prob, c.inv_prob);
        if (dp->rxq_assign != c.rxq_assign) {
            dp->rxq_assign = c.rxq_assign;
            reload = true;
        }

        struct dp_poller_set *set = rcu_get_protected(&dp->pollers);
        bool same_cores = count_pmds(set) == c.n_cores;
        for (size_t i = 0; same_cores && i < c.n_cores; i++) {
            same_cores = dp_find_poller(set, c.cores[i]) != NULL;
        }
        if (!same_cores) {
            const char *cmask = smap_get(config, "pmd-cpu-mask");
            VLOG_INFO("%s: PMD threads on cores %s", dp->full_name,
                      c.default_cores ? "(default)" : cmask);
            set_pmd_cores(dp, c.cores, c.n_cores);
            /* The number of senders changed: ask the ports for queues to
             * match, and apply what needs a reconfiguration. */
            struct dp_port *port;
            size_t n_ids = n_tx_ids(rcu_get_protected(&dp->pollers));
            HMAP_FOR_EACH (port, node, &dp->ports) {
                netdev_set_multiq(port->netdev, n_ids, 1);
                if (!netdev_is_reconf_required(port->netdev)) {
                    port_update_txqs(dp, port);
                }
            }
            /* Only once every other port knows whether it must lock its
             * queues, since these reload the pollers. */
            HMAP_FOR_EACH (port, node, &dp->ports) {
                if (netdev_is_reconf_required(port->netdev)) {
                    port_reconfigure(dp, port);
                }
            }
            reload = true;
        }
        if (reload) {
            reconfigure_pollers(dp);
        }
        mutex_unlock(&dp->mutex);
    }
    free(c.cores);

    if (errp) {
        *errp = err;
    } else {
        free(err);
    }
    return error;
}

/* Statistics. */

int
dpif_get_dp_stats(const struct dpif *dpif, struct dpif_dp_stats *stats)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->mutex);
    *stats = dp->gone_stats;
    struct dp_poller_set *set = rcu_get_protected(&dp->pollers);
    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        uint64_t simple = dp_poller_stat(p, PS_SIMPLE_HIT, true);
        uint64_t emc = dp_poller_stat(p, PS_EMC_HIT, true);
        uint64_t smc = dp_poller_stat(p, PS_SMC_HIT, true);
        uint64_t megaflow = dp_poller_stat(p, PS_MEGAFLOW_HIT, true);

        stats->n_hit += simple + emc + smc + megaflow;
        stats->n_simple_hit += simple;
        stats->n_emc_hit += emc;
        stats->n_smc_hit += smc;
        stats->n_megaflow_hit += megaflow;
        stats->n_mask_hit += dp_poller_stat(p, PS_SUBTABLE_LOOKUPS, true);
        stats->n_missed += atomic_read_relaxed(&p->upcall_ok);
        stats->n_lost += (dp_poller_stat(p, PS_LOST, true)
                          + atomic_read_relaxed(&p->upcall_fail));
        stats->n_malformed += dp_poller_stat(p, PS_MALFORMED, true);
        stats->n_flows += cmap_count(&p->flows);
        stats->n_masks += dpcls_n_subtables(&p->cls);
    }
    mutex_unlock(&dp->mutex);
    return 0;
}

/* The main loop. */

/* Samples the cycles of every receive queue and PMD into their history. */
static void
sample_cycles(struct dp_netdev *dp)
    SLUICE_REQUIRES(dp->mutex)
{
    struct dp_port *port;
    HMAP_FOR_EACH (port, node, &dp->ports) {
        for (size_t i = 0; i < port->n_rxq; i++) {
            struct dp_rxq *rxq = &port->rxqs[i];
            uint64_t now = atomic_read_relaxed(&rxq->cycles);
            rxq->intervals[rxq->interval_idx++ % PMD_INTERVAL_MAX]
                = now - rxq->last_cycles;
            rxq->last_cycles = now;
        }
    }
    struct dp_poller_set *set = rcu_get_protected(&dp->pollers);
    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        uint64_t busy = dp_poller_stat(p, PS_CYCLES_BUSY, true);
        uint64_t total = busy + dp_poller_stat(p, PS_CYCLES_IDLE, true);
        unsigned int idx = p->interval_idx++ % PMD_INTERVAL_MAX;
        p->busy_intervals[idx] = busy - p->last_busy;
        p->total_intervals[idx] = total - p->last_total;
        p->last_busy = busy;
        p->last_total = total;
    }
}

void
dpif_run_all(void)
{
    size_t n;
    struct dp_netdev **dps = dp_collect(&n);
    long long int now = time_msec();

    for (size_t i = 0; i < n; i++) {
        struct dp_netdev *dp = dps[i];
        struct dp_port *port;

        mutex_lock(&dp->mutex);
        if (!dp->deleted) {
            HMAP_FOR_EACH (port, node, &dp->ports) {
                if (netdev_is_reconf_required(port->netdev)) {
                    port_reconfigure(dp, port);
                }
            }
            if (now >= dp->next_sample) {
                sample_cycles(dp);
                dp->next_sample = now + PMD_INTERVAL_MSEC;
            }
        }
        mutex_unlock(&dp->mutex);
        dp_netdev_unref(dp);
    }
    free(dps);
}

void
dpif_wait_all(void)
{
    size_t n;
    struct dp_netdev **dps = dp_collect(&n);

    for (size_t i = 0; i < n; i++) {
        struct dp_netdev *dp = dps[i];
        struct dp_port *port;

        mutex_lock(&dp->mutex);
        HMAP_FOR_EACH (port, node, &dp->ports) {
            if (netdev_is_reconf_required(port->netdev)) {
                poll_immediate_wake();
            }
        }
        poll_timer_wait_until(dp->next_sample);
        mutex_unlock(&dp->mutex);
        dp_netdev_unref(dp);
    }
    free(dps);
}

void
dpif_destroy_all(void)
{
    size_t n;
    struct dp_netdev **dps = dp_collect(&n);

    for (size_t i = 0; i < n; i++) {
        struct dp_netdev *dp = dps[i];
        struct dpif dpif = { dp };
        dpif_delete(&dpif);
        dp_shutdown(dp);
        dp_netdev_unref(dp);
    }
    free(dps);
}

/* Stops DP's threads, closes its ports, frees its flows and meters.  May
 * be called more than once. */
static void
dp_shutdown(struct dp_netdev *dp)
{
    struct dp_poller_set *set = rcu_get_protected(&dp->pollers);
    if (!set) {
        return;
    }

    /* The handler and the non-PMD thread. */
    if (dp->handler_thread) {
        atomic_store_release(&dp->handler_exit, true);
        latch_set(&dp->handler_latch);
        thread_join(dp->handler_thread, NULL);
        dp->handler_thread = 0;
    }
    if (dp->non_pmd_thread) {
        atomic_store_release(&dp->non_pmd_exit, true);
        latch_set(&dp->non_pmd_latch);
        thread_join(dp->non_pmd_thread, NULL);
        dp->non_pmd_thread = 0;
    }

    /* The PMD threads. */
    mutex_lock(&dp->mutex);
    for (size_t i = 0; i < set->n; i++) {
        dp_poller_stop(set->pollers[i]);
    }
    rcu_init(&dp->pollers, NULL);
    mutex_unlock(&dp->mutex);

    /* Nothing polls or sends any more.  Free the queued upcalls and the
     * flows before the ports, whose buffer pools the packets use. */
    rcu_synchronize();
    for (size_t i = 0; i < set->n; i++) {
        dp_poller_destroy(set->pollers[i]);
    }
    free(set);
    dp->non_pmd = NULL;

    struct dp_port *port;
    mutex_lock(&dp->mutex);
    HMAP_FOR_EACH_POP (port, node, &dp->ports) {
        port_close_rxqs(port);
        netdev_close(port->netdev);
        free(port->type);
        free(port);
    }
    mutex_unlock(&dp->mutex);

    struct dp_meter *meter;
    CMAP_FOR_EACH (meter, node, &dp->meters) {
        cmap_remove(&dp->meters, &meter->node, hash_int(meter->id, 0));
        rcu_postpone(free, meter);
    }
    VLOG_INFO("%s: datapath stopped", dp->full_name);
}

static void
dp_free(struct dp_netdev *dp)
{
    cmap_destroy(&dp->meters);
    hmap_destroy(&dp->ports);
    latch_destroy(&dp->handler_latch);
    latch_destroy(&dp->non_pmd_latch);
    mutex_destroy(&dp->upcall_mutex);
    mutex_destroy(&dp->non_pmd_mutex);
    mutex_destroy(&dp->mutex);
    free(dp->full_name);
    free(dp->name);
    free(dp);
}

/* PMD statistics and queues, for dpctl: see dpif-netdev-pmd.c for the
 * output. */

void
dpif_pmd_stats_show(const struct dpif *dpif, uint32_t pmd_id, struct ds *ds)
{
    struct dp_netdev *dp = dpif->dp;
    mutex_lock(&dp->mutex);
    dp_pmd_stats_show(dp, pmd_id, ds);
    mutex_unlock(&dp->mutex);
}

void
dpif_pmd_stats_clear(struct dpif *dpif)
{
    struct dp_netdev *dp = dpif->dp;
    mutex_lock(&dp->mutex);
    dp_pmd_stats_clear(dp);
    mutex_unlock(&dp->mutex);
}

void
dpif_pmd_rxq_show(const struct dpif *dpif, uint32_t pmd_id, struct ds *ds)
{
    struct dp_netdev *dp = dpif->dp;
    mutex_lock(&dp->mutex);
    dp_pmd_rxq_show(dp, pmd_id, ds);
    mutex_unlock(&dp->mutex);
}

void
dpif_pmd_rxq_rebalance(struct dpif *dpif)
{
    struct dp_netdev *dp = dpif->dp;
    mutex_lock(&dp->mutex);
    reconfigure_pollers(dp);
    mutex_unlock(&dp->mutex);
}

size_t
dpif_pmd_list(const struct dpif *dpif, uint32_t **ids)
{
    struct dp_netdev *dp = dpif->dp;
    size_t n = 0;

    mutex_lock(&dp->mutex);
    struct dp_poller_set *set = rcu_get_protected(&dp->pollers);
    *ids = xmalloc((set->n + 1) * sizeof **ids);
    for (size_t i = 0; i < set->n; i++) {
        if (set->pollers[i]->is_pmd) {
            (*ids)[n++] = set->pollers[i]->id;
        }
    }
    mutex_unlock(&dp->mutex);
    return n;
}

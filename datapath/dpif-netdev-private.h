/*
 * dpif-netdev-private: the structures that the datapath core's files
 * (dpif-netdev.c: datapaths, ports, megaflows, meters, upcalls;
 * dpif-netdev-pmd.c: pollers and the packet path) share.  Nothing outside
 * those files includes this header; the contract is dpif.h.
 *
 * Objects and who may touch them:
 *
 *   struct dp_netdev    A datapath.  'mutex' serializes every
 *                       configuration change (ports, pollers, settings,
 *                       meters' table) and is taken only by slow-path
 *                       threads calling the dpif API.
 *   struct dp_port      A port.  In dp->ports (an hmap under dp->mutex).
 *                       Pollers never look at dp->ports: they use their
 *                       own transmit caches, rebuilt at each reload.
 *   struct dp_rxq       One receive queue of a port, assigned to one
 *                       poller.  Its cycle counter is written by that
 *                       poller and read by the main thread.
 *   struct dp_poller    A thread that polls receive queues and forwards
 *                       packets: a PMD thread, or the non-PMD context.
 *                       The non-PMD context is driven by the non-PMD
 *                       thread, by dpif_execute() callers and by the
 *                       handler thread when it executes upcalled packets,
 *                       always with dp->non_pmd_mutex held, so that its
 *                       caches, transmit batches and statistics have one
 *                       user at a time.  The set of pollers is published
 *                       to readers (the handler thread, flow puts) with
 *                       RCU.
 *   struct dp_flow      A megaflow of one poller: in the poller's
 *                       classifier and flow table, written under the
 *                       poller's flow_mutex by slow-path threads only,
 *                       read by the poller without locks, freed after an
 *                       RCU grace period.  Its statistics are written only
 *                       by the poller (single writer: relaxed loads and
 *                       stores, no read-modify-write).
 *   struct dp_meter     A meter, in dp->meters (a cmap written under
 *                       dp->mutex); its buckets and counters are shared
 *                       by every poller and updated with atomics.
 *
 * Lock order: dp_netdevs_mutex, dp->upcall_mutex (held while the upcall
 * handler runs, which may call the dpif API), dp->mutex,
 * dp->non_pmd_mutex, poller->config_mutex, poller->flow_mutex.  PMD
 * threads take no lock on the packet path; they take their own
 * config_mutex only when they reload.  Nobody waits for an RCU grace
 * period (rcu_synchronize()) with dp->mutex held: an online thread
 * blocked on dp->mutex would never quiesce.
 */
#ifndef SLUICE_DPIF_NETDEV_PRIVATE_H
#define SLUICE_DPIF_NETDEV_PRIVATE_H 1

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "atomic.h"
#include "cmap.h"
#include "dp-key.h"
#include "dp-packet-batch.h"
#include "dpcls.h"
#include "dpif.h"
#include "emc.h"
#include "flow.h"
#include "hmap.h"
#include "latch.h"
#include "odp-actions.h"
#include "rcu.h"
#include "simple-match.h"
#include "smc.h"
#include "thread.h"
#include "util.h"

struct dp_poller;
struct ds;

/* Receive queues' cycle history: PMD_INTERVAL_MAX intervals of
 * PMD_INTERVAL_MSEC each, sampled by the main thread. */
#define PMD_INTERVAL_MSEC 5000
#define PMD_INTERVAL_MAX 12

/* The deepest recirculation: a packet recirculated this many times is
 * dropped. */
#define DP_MAX_RECIRC_DEPTH 6

/* One receive queue of a port. */
struct dp_rxq {
    struct dp_port *port;
    struct netdev_rxq *rx;          /* NULL while the port is closed. */
    int queue_id;
    struct dp_poller *poller;       /* Assigned poller (main thread). */

    /* Written by the poller that polls it. */
    _Atomic uint64_t cycles;        /* Processing cycles, cumulative. */

    /* Main thread only. */
    uint64_t last_cycles;           /* 'cycles' at the last sample. */
    uint64_t intervals[PMD_INTERVAL_MAX];
    unsigned int interval_idx;
};

/* A port. */
struct dp_port {
    struct hmap_node node;          /* In dp->ports, by port_no. */
    uint32_t port_no;
    struct netdev *netdev;
    char *type;
    bool is_pmd;                    /* Polled by PMD threads? */
    bool disabled;                  /* Out of the pollers' use while it
                                     * is reconfigured or removed. */
    bool dynamic_txqs;              /* Fewer txqs than senders: lock. */
    int n_txq;
    struct dp_rxq *rxqs;
    size_t n_rxq;
};

/* A megaflow's action list, replaced as a whole under RCU. */
struct dp_flow_actions {
    size_t size;
    uint64_t data[];                /* 'size' bytes, 8-byte aligned. */
};

/* A megaflow of one poller. */
struct dp_flow {
    /* What a cache hit touches shares one cache line (the flow is
     * allocated cache-line aligned): the actions, the statistics and the
     * start of the rule, whose stamp the exact-match cache checks.  With
     * the actions pointer at the far end of the flow, thousands of active
     * flows cost two cache misses per packet. */
    RCU(struct dp_flow_actions *) actions;

    /* Statistics, written by the poller only. */
    _Atomic uint64_t n_packets;
    _Atomic uint64_t n_bytes;
    _Atomic long long int used;
    _Atomic uint16_t tcp_flags;

    struct dpcls_rule rule;         /* In poller->cls. */
    struct cmap_node node;          /* In poller->flows, by ufid hash. */
    struct dpif_ufid ufid;
    uint32_t pmd_id;
    int simple_kind;                /* simple_match_kind(), or -1. */
    long long int created;          /* time_msec() at creation. */

    /* What the statistics were when last zeroed (under flow_mutex). */
    struct dpif_flow_stats base;
};

/* The upcall queue of one poller: a single-producer, single-consumer ring.
 * The producer is the poller (for the non-PMD context, whoever holds
 * dp->non_pmd_mutex); the consumer is the handler thread. */
struct dp_upcall_entry {
    struct dp_packet *packet;
    uint8_t type;                   /* enum dpif_upcall_type. */
    uint8_t cookie_size;
    uint32_t pid;
    uint8_t cookie[ODP_USERSPACE_COOKIE_MAX];
};

struct dp_upcall_queue {
    _Atomic uint32_t head SLUICE_CACHE_ALIGNED;     /* Producer's. */
    _Atomic uint32_t tail SLUICE_CACHE_ALIGNED;     /* Consumer's. */
    struct dp_upcall_entry entries[DPIF_UPCALL_QUEUE_LEN];
};

/* A poller's counters, written by the poller only. */
enum dp_poller_stat {
    PS_RX_PACKETS,                  /* Packets received from ports. */
    PS_RECIRC,                      /* Recirculation passes. */
    PS_SIMPLE_HIT,                  /* Found through simple-match.h. */
    PS_EMC_HIT,
    PS_SMC_HIT,
    PS_MEGAFLOW_HIT,
    PS_SUBTABLE_LOOKUPS,            /* Subtables visited by classifier
                                     * hits. */
    PS_UPCALL_QUEUED,               /* Misses put in the upcall queue. */
    PS_LOST,                        /* Misses dropped: queue full or no
                                     * handler. */
    PS_USERSPACE_DROPPED,           /* USERSPACE action packets dropped:
                                     * queue full or no handler. */
    PS_MALFORMED,                   /* Too short for Ethernet. */
    PS_RECIRC_TOO_DEEP,             /* Dropped at DP_MAX_RECIRC_DEPTH. */
    PS_TX_PACKETS,                  /* Packets handed to ports. */
    PS_TX_BATCHES,                  /* netdev_send() calls. */
    PS_CYCLES_IDLE,                 /* Polls that found nothing. */
    PS_CYCLES_BUSY,                 /* Polls that found packets, and
                                     * their processing... */
    PS_CYCLES_RX,                   /* ...of which: receiving, */
    PS_CYCLES_LOOKUP,               /* parsing and lookup, */
    PS_CYCLES_ACTIONS,              /* actions and transmission. */
    PS_ITERATIONS,
    PS_SLEEPS,                      /* Idle sleeps... */
    PS_SLEEP_USEC,                  /* ...and their total length. */
    PS_N_STATS
};

struct dp_poller_stats {
    _Atomic uint64_t n[PS_N_STATS];
};

/* A poller's transmit cache entry: a port it may send to, with the queue
 * it uses and the packets gathered for it during the current batch. */
struct dp_tx_port {
    struct hmap_node node;          /* In poller->tx_ports, by port_no. */
    struct dp_port *port;
    int qid;
    bool concurrent;
    struct dp_packet_batch batch;
};

/* A receive queue as the poller sees it while polling. */
struct dp_polled_rxq {
    struct dp_rxq *rxq;
    uint32_t port_no;
};

/* A PMD thread or the non-PMD context. */
struct dp_poller {
    struct dp_netdev *dp;
    uint32_t id;                    /* Core id, or DPIF_NON_PMD_ID. */
    bool is_pmd;
    int numa_id;
    unsigned int tx_index;          /* Its transmit queue, modulo a port's
                                     * number of queues; unique and fixed
                                     * for the poller's life. */
    bool fresh;                     /* Not reloaded yet (main thread). */
    pthread_t thread;               /* PMD threads only. */

    /* Megaflows: writers hold 'flow_mutex'; the poller reads. */
    struct mutex flow_mutex;
    struct cmap flows;              /* struct dp_flow, by ufid hash. */
    struct dpcls cls;
    struct simple_match simple;     /* Shortcut to some of 'cls'. */

    /* Assignment by the main thread, under 'config_mutex'. */
    struct mutex config_mutex;
    struct dp_rxq **assigned;       /* Receive queues to poll. */
    size_t n_assigned, allocated_assigned;
    bool isolated;                  /* Unused for now: always false. */

    /* The poller's own state: only its thread touches it (for the
     * non-PMD context: the holder of dp->non_pmd_mutex). */
    struct emc emc;
    struct smc smc;
    bool caches_ready;
    struct dp_polled_rxq *polled;
    size_t n_polled;
    struct hmap tx_ports;           /* struct dp_tx_port, by port_no. */
    struct dp_tx_port **pending;    /* Those with packets to send... */
    size_t n_pending;               /* ...in the current batch. */
    uint32_t reload_seen;           /* Last 'reload_seq' applied. */
    uint64_t lookup_done;           /* TSC when the current batch's
                                     * lookups ended. */

    /* Reload handshake with the main thread (PMD threads). */
    _Atomic uint32_t reload_seq;    /* Bumped to ask for a reload. */
    _Atomic uint32_t reload_ack;    /* Set to 'reload_seq' when done. */
    _Atomic bool exit;              /* Set with a reload to stop. */
    _Atomic uint32_t wake;          /* Futex word: changes to wake a
                                     * sleeping PMD. */

    /* Counters. */
    struct dp_poller_stats stats;       /* Written by the poller. */
    uint64_t stats_base[PS_N_STATS];    /* At the last pmd-stats-clear
                                         * (under dp->mutex). */
    _Atomic uint64_t upcall_ok;         /* Written by the handler. */
    _Atomic uint64_t upcall_fail;
    uint64_t upcall_ok_base, upcall_fail_base;

    /* Cycle history for rxq-show and assignment (main thread). */
    uint64_t last_busy, last_total;
    uint64_t busy_intervals[PMD_INTERVAL_MAX];
    uint64_t total_intervals[PMD_INTERVAL_MAX];
    unsigned int interval_idx;

    struct dp_upcall_queue *upcalls;
};

/* The set of pollers, published with RCU: the non-PMD context first, then
 * the PMDs in increasing core order. */
struct dp_poller_set {
    size_t n;
    struct dp_poller *pollers[];
};

/* A meter band and a meter. */
struct dp_meter_band {
    uint32_t type;                  /* enum dpif_meter_band_type. */
    uint32_t rate;                  /* Tokens per microsecond. */
    int64_t bucket_max;             /* Tokens. */
    uint32_t burst_size;            /* As configured, for dumps. */
    uint8_t prec_level;             /* DSCP_REMARK: levels to add. */
    _Atomic int64_t tokens;
    _Atomic uint64_t n_packets;
    _Atomic uint64_t n_bytes;
};

struct dp_meter {
    struct cmap_node node;          /* In dp->meters, by hash_int(id). */
    uint32_t id;
    uint32_t flags;                 /* enum dpif_meter_flags. */
    long long int created;
    _Atomic long long int last_fill_usec;
    _Atomic uint64_t n_packets;
    _Atomic uint64_t n_bytes;
    size_t n_bands;
    struct dp_meter_band bands[];
};

/* Datapath settings that pollers read. */
struct dp_settings {
    _Atomic uint32_t pmd_sleep_max_usec;
    _Atomic long long int max_idle_msec;
    _Atomic uint32_t flow_limit;
    _Atomic uint32_t emc_insert_inv_prob;
};

enum dp_rxq_assign {
    DP_RXQ_ASSIGN_CYCLES,
    DP_RXQ_ASSIGN_ROUNDROBIN
};

/* A datapath. */
struct dp_netdev {
    char *name;
    char *full_name;
    int n_handles;                  /* Under dp_netdevs_mutex. */
    bool deleted;

    struct mutex mutex;             /* Configuration; see above. */
    struct hmap ports;              /* struct dp_port, by port_no. */
    enum dp_rxq_assign rxq_assign;
    unsigned int n_reload_deferrals;    /* Under 'mutex': see
                                         * dpif_defer_reload(). */
    bool reload_pending;            /* Under 'mutex': a port was added
                                     * while reloads were deferred. */
    struct dp_settings settings;
    long long int next_sample;      /* Next rxq cycle sample, msec. */

    RCU(struct dp_poller_set *) pollers;
    struct dp_poller *non_pmd;      /* Also in 'pollers'. */
    struct mutex non_pmd_mutex;

    /* The non-PMD thread. */
    pthread_t non_pmd_thread;
    struct latch non_pmd_latch;     /* Wakes it: reload or exit. */
    _Atomic bool non_pmd_exit;

    /* Upcalls. */
    struct mutex upcall_mutex;      /* Held while the handler runs. */
    dpif_upcall_cb *upcall_cb;      /* Under upcall_mutex. */
    void *upcall_aux;
    _Atomic bool has_upcall_cb;     /* Read by pollers. */
    pthread_t handler_thread;
    struct latch handler_latch;
    _Atomic bool handler_waiting;
    _Atomic bool handler_exit;
    _Atomic uint64_t handler_rounds;

    /* Meters: writers hold 'mutex'. */
    struct cmap meters;

    /* Statistics of destroyed pollers, so the datapath's totals do not
     * go back (under 'mutex'). */
    struct dpif_dp_stats gone_stats;
};

/* A handle on a datapath (dpif.h). */
struct dpif {
    struct dp_netdev *dp;
};

/* dpif-netdev.c. */

/* Takes (or drops) a reference to DP that keeps it from being destroyed,
 * as a handle does; the last reference of a deleted datapath destroys
 * it. */
void dp_netdev_ref(struct dp_netdev *dp);
void dp_netdev_unref(struct dp_netdev *dp);

/* Returns the poller of SET with id ID (a core or DPIF_NON_PMD_ID), or
 * NULL. */
struct dp_poller *dp_find_poller(const struct dp_poller_set *set,
                                 uint32_t id);

/* Pins the calling thread to the allowed cores that run no PMD thread of
 * SET, if there are any, so that the slow-path threads leave the PMD cores
 * alone. */
void dp_avoid_pmd_cores(const struct dp_poller_set *set);

/* dpif-netdev-pmd.c. */

/* The non-PMD thread's main function (ARG: the datapath). */
void *dp_non_pmd_main(void *dp);

/* Creates the poller for core CORE_ID (a PMD thread, started at once) or,
 * for DPIF_NON_PMD_ID, the non-PMD context (no thread). */
struct dp_poller *dp_poller_create(struct dp_netdev *dp, uint32_t core_id,
                                   unsigned int tx_index);

/* Stops POLLER's thread, if it has one.  The caller then frees it with
 * dp_poller_destroy() after a grace period. */
void dp_poller_stop(struct dp_poller *poller);

/* Frees POLLER, whose thread is stopped and which no thread can reach any
 * longer: its flows, caches, queued upcalls. */
void dp_poller_destroy(struct dp_poller *poller);

/* Makes POLLER apply its assignment and the datapath's ports: a PMD
 * reloads at its next safe point and this waits for it; for the non-PMD
 * context the caller must hold dp->non_pmd_mutex and the reload happens
 * at once.  The caller holds dp->mutex. */
void dp_poller_reload(struct dp_poller *poller);

/* Runs the packets of BATCH, just received on port IN_PORT (their other
 * metadata is zero), through POLLER's lookup stages (the simple-match
 * shortcut, then the caches and the classifier) and actions, then sends the gathered outputs.  The caller
 * is POLLER's thread (or holds dp->non_pmd_mutex for the non-PMD
 * context).  Consumes the packets. */
void dp_poller_input(struct dp_poller *poller, struct dp_packet_batch *batch,
                     uint32_t in_port);

/* Executes the validated ACTIONS on the packets of BATCH in POLLER's
 * context (the non-PMD context, with dp->non_pmd_mutex held), then sends
 * the gathered outputs.  Consumes the packets. */
void dp_poller_execute(struct dp_poller *poller,
                       struct dp_packet_batch *batch,
                       const void *actions, size_t size);

/* Polls the non-PMD context's queues once.  Returns the number of packets
 * received.  The caller holds dp->non_pmd_mutex. */
size_t dp_poller_run_non_pmd(struct dp_poller *poller);

/* Makes the next poll_block() wake when a queue of the non-PMD context
 * has packets.  The caller holds dp->non_pmd_mutex. */
void dp_poller_wait_non_pmd(struct dp_poller *poller);

/* Reads counter STAT of POLLER, as pmd-stats-show shows it (since the
 * last clear) or in total (RAW). */
uint64_t dp_poller_stat(const struct dp_poller *poller,
                        enum dp_poller_stat stat, bool raw);

/* Returns the current time stamp counter. */
uint64_t dp_cycles_now(void);

/* The text of dpif_pmd_stats_show(), dpif_pmd_rxq_show() (for poller
 * PMD_ID, or all with DPIF_PMD_ALL) and the work of
 * dpif_pmd_stats_clear().  The caller holds dp->mutex. */
void dp_pmd_stats_show(struct dp_netdev *dp, uint32_t pmd_id, struct ds *ds)
    SLUICE_REQUIRES(dp->mutex);
void dp_pmd_stats_clear(struct dp_netdev *dp) SLUICE_REQUIRES(dp->mutex);
void dp_pmd_rxq_show(struct dp_netdev *dp, uint32_t pmd_id, struct ds *ds)
    SLUICE_REQUIRES(dp->mutex);

/* dpif-netdev-flow.c. */

/* Frees FLOW (a struct dp_flow *) and its actions: an rcu_postpone()
 * callback. */
void dp_flow_free(void *flow);

/* The handler thread's main function (ARG: the datapath). */
void *dp_handler_main(void *dp);

/* Pushes the packet in ENTRY to POLLER's upcall queue.  Returns false if
 * the queue is full (the caller still owns the packet). */
bool dp_upcall_enqueue(struct dp_poller *poller,
                       const struct dp_upcall_entry *entry);

/* Wakes the handler thread if it sleeps.  Pollers call it once after a
 * batch in which they queued upcalls. */
void dp_upcall_wake_handler(struct dp_netdev *dp);

/* dpif-netdev-meter.c. */

/* Runs meter METER_ID on BATCH at time NOW_USEC: packets over a drop
 * band's rate are freed and removed from BATCH (the others keep their
 * order), packets over a DSCP remark band's rate have their drop
 * precedence raised (see dpif_meter_set()).  A missing meter passes every
 * packet. */
void dp_meter_run(struct dp_netdev *dp, uint32_t meter_id,
                  struct dp_packet_batch *batch, long long int now_usec);

/* Returns the datapath's current poller set (an RCU reference). */
static inline struct dp_poller_set *
dp_pollers_get(const struct dp_netdev *dp)
{
    return rcu_get(&((struct dp_netdev *) dp)->pollers);
}

/* Returns the actions of FLOW (an RCU reference). */
static inline const struct dp_flow_actions *
dp_flow_get_actions(const struct dp_flow *flow)
{
    return rcu_get(&((struct dp_flow *) flow)->actions);
}

/* Adds N to counter STAT of POLLER: single writer, so a relaxed load and
 * store, not an atomic read-modify-write. */
static inline void
dp_poller_count(struct dp_poller *poller, enum dp_poller_stat stat,
                uint64_t n)
{
    _Atomic uint64_t *c = &poller->stats.n[stat];
    atomic_store_relaxed(c, atomic_read_relaxed(c) + n);
}

#endif /* dpif-netdev-private.h */

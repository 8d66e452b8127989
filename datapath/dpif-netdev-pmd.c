/* dpif-netdev-pmd: the pollers of the userspace datapath (PMD threads and
 * the non-PMD context) and the packet path they run: receive a burst,
 * parse it, look it up in the exact-match cache, the signature-match
 * cache and the megaflow classifier, queue the misses for the handler,
 * execute each megaflow's actions on its packets and send the outputs in
 * bursts.  See dpif-netdev-private.h for who may touch what. */
#include <config.h>
#include "dpif-netdev-private.h"

#include <dirent.h>
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <rte_cycles.h>
#include "dp-packet.h"
#include "dpdk.h"
#include "dynamic-string.h"
#include "hash.h"
#include "netdev.h"
#include "odp-execute.h"
#include "poll-loop.h"
#include "timeval.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif_netdev_pmd);

/* A PMD thread sweeps EMC_SWEEP_ENTRIES entries of its exact-match cache
 * every EMC_SWEEP_ITERATIONS iterations. */
#define EMC_SWEEP_ITERATIONS 1024
#define EMC_SWEEP_ENTRIES 256

uint64_t
dp_cycles_now(void)
{
    return rte_get_tsc_cycles();
}

uint64_t
dp_poller_stat(const struct dp_poller *p, enum dp_poller_stat stat, bool raw)
{
    uint64_t v = atomic_read_relaxed(
        &((struct dp_poller *) p)->stats.n[stat]);
    return raw ? v : v - p->stats_base[stat];
}

/* Returns the NUMA node of CORE, or 0 if it is unknown. */
static int
core_numa_id(uint32_t core)
{
    char path[64];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%"PRIu32, core);
    DIR *dir = opendir(path);
    int numa = 0;

    if (dir) {
        struct dirent *de;
        while ((de = readdir(dir)) != NULL) {
            unsigned int node;
            if (sscanf(de->d_name, "node%u", &node) == 1) {
                numa = node;
                break;
            }
        }
        closedir(dir);
    }
    return numa;
}

/* Transmission. */

static struct dp_tx_port *
tx_port_find(const struct dp_poller *p, uint32_t port_no)
{
    struct dp_tx_port *tx;
    HMAP_FOR_EACH_WITH_HASH (tx, node, hash_int(port_no, 0), &p->tx_ports) {
        if (tx->port->port_no == port_no) {
            return tx;
        }
    }
    return NULL;
}

/* Sends TX's batch.  (A port whose full batch tx_port_add() sends stays
 * in the pending list, where it already is, for the packets that
 * follow.) */
static void
tx_port_send(struct dp_poller *p, struct dp_tx_port *tx)
{
    size_t n = tx->batch.count;
    if (n) {
        dp_poller_count(p, PS_TX_PACKETS, n);
        dp_poller_count(p, PS_TX_BATCHES, 1);
        netdev_send(tx->port->netdev, tx->qid, &tx->batch, tx->concurrent);
        dp_packet_batch_init(&tx->batch);
    }
}

/* Appends PACKET to TX's batch, sending the batch first if it is full. */
static void
tx_port_add(struct dp_poller *p, struct dp_tx_port *tx,
            struct dp_packet *packet)
{
    if (dp_packet_batch_is_empty(&tx->batch)) {
        p->pending[p->n_pending++] = tx;
    } else if (dp_packet_batch_is_full(&tx->batch)) {
        tx_port_send(p, tx);
    }
    dp_packet_batch_add(&tx->batch, packet);
}

/* Sends every transmit batch that has packets. */
static void
poller_flush(struct dp_poller *p)
{
    for (size_t i = 0; i < p->n_pending; i++) {
        tx_port_send(p, p->pending[i]);
    }
    p->n_pending = 0;
}

/* Applying the configuration. */

/* Rebuilds P's polled queues and transmit cache from its assignment and
 * the datapath's ports.  Runs in P's thread (or, for the non-PMD context,
 * with dp->non_pmd_mutex held), between batches, so every transmit batch
 * is empty. */
static void
poller_apply_config(struct dp_poller *p)
{
    struct dp_netdev *dp = p->dp;
    struct dp_tx_port *tx;

    HMAP_FOR_EACH_POP (tx, node, &p->tx_ports) {
        /* A batch holds packets only if a reload came between an output
         * and the flush, which the callers rule out; free them anyway. */
        dp_packet_batch_delete_all(&tx->batch);
        free(tx);
    }

    mutex_lock(&p->config_mutex);
    free(p->pending);
    p->pending = xcalloc(hmap_count(&dp->ports) + 1, sizeof *p->pending);
    p->n_pending = 0;
    free(p->polled);
    p->polled = xcalloc(p->n_assigned + 1, sizeof *p->polled);
    p->n_polled = p->n_assigned;
    for (size_t i = 0; i < p->n_assigned; i++) {
        p->polled[i].rxq = p->assigned[i];
        p->polled[i].port_no = p->assigned[i]->port->port_no;
    }

    /* dp->ports does not change while the main thread, which holds
     * dp->mutex, waits for this reload. */
    struct dp_port *port;
    HMAP_FOR_EACH (port, node, &dp->ports) {
        if (port->disabled) {
            continue;
        }
        tx = xzalloc(sizeof *tx);
        tx->port = port;
        tx->qid = p->tx_index % port->n_txq;
        tx->concurrent = port->dynamic_txqs;
        dp_packet_batch_init(&tx->batch);
        hmap_insert(&p->tx_ports, &tx->node, hash_int(port->port_no, 0));
    }
    mutex_unlock(&p->config_mutex);

    if (p->caches_ready) {
        emc_set_replace_inv_prob(
            &p->emc, atomic_read_relaxed(&dp->settings.emc_insert_inv_prob));
    }
}

static long
futex(_Atomic uint32_t *addr, int op, uint32_t val,
      const struct timespec *timeout)
{
    return syscall(SYS_futex, (uint32_t *) addr, op, val, timeout, NULL, 0);
}

/* Wakes P's thread if it sleeps. */
static void
poller_wake(struct dp_poller *p)
{
    atomic_add_relaxed(&p->wake, 1);
    futex(&p->wake, FUTEX_WAKE_PRIVATE, 1, NULL);
}

void
dp_poller_reload(struct dp_poller *p)
{
    if (!p->is_pmd) {
        mutex_lock(&p->dp->non_pmd_mutex);
        poller_apply_config(p);
        mutex_unlock(&p->dp->non_pmd_mutex);
        latch_set(&p->dp->non_pmd_latch);
        return;
    }

    uint32_t seq = atomic_read_relaxed(&p->reload_seq) + 1;
    atomic_store_release(&p->reload_seq, seq);
    poller_wake(p);

    long long int start = time_msec();
    long long int warn_at = start + 1000;
    while (atomic_read_acquire(&p->reload_ack) != seq) {
        if (time_msec() >= warn_at) {
            VLOG_WARN("waited %lld ms for the PMD thread on core %"PRIu32
                      " to reload", time_msec() - start, p->id);
            warn_at += 1000;
        }
        rcu_quiesce_start();
        xnanosleep(10 * 1000);
        rcu_quiesce_end();
        poller_wake(p);
    }
}

/* The packet path. */

/* The state of one execution of actions. */
struct exec_ctx {
    struct dp_poller *p;
    long long int now_msec;
    uint32_t cutlen;                /* From TRUNC, for the next output. */
    int depth;                      /* Recirculations so far. */
};

static void lookup_and_execute(struct dp_poller *, struct dp_packet_batch *,
                               int depth, long long int now_msec);

/* Truncates PACKET to the pending TRUNC length, if any. */
static void
apply_cutlen(const struct exec_ctx *ctx, struct dp_packet *packet)
{
    if (ctx->cutlen && dp_packet_size(packet) > ctx->cutlen) {
        dp_packet_set_size(packet, ctx->cutlen);
    }
}

/* Gives the packets of BATCH to the action (STEAL) or copies of them. */
static struct dp_packet *
take_packet(struct dp_packet_batch *batch, size_t i, bool steal)
{
    return steal ? batch->packets[i] : dp_packet_clone_pooled(batch->packets[i]);
}

static void
execute_output(struct exec_ctx *ctx, struct dp_packet_batch *batch,
               uint32_t port_no, bool steal)
{
    struct dp_poller *p = ctx->p;
    struct dp_tx_port *tx = tx_port_find(p, port_no);

    if (!tx) {
        if (steal) {
            dp_packet_batch_delete_all(batch);
        }
        ctx->cutlen = 0;
        return;
    }
    for (size_t i = 0; i < batch->count; i++) {
        struct dp_packet *out = take_packet(batch, i, steal);
        apply_cutlen(ctx, out);
        tx_port_add(p, tx, out);
    }
    if (steal) {
        batch->count = 0;
    }
    ctx->cutlen = 0;
}

static void
execute_userspace(struct exec_ctx *ctx, struct dp_packet_batch *batch,
                  const struct odp_action *a, bool steal)
{
    const struct odp_userspace *u = (const void *) a;
    struct dp_poller *p = ctx->p;
    bool has_cb = atomic_read_relaxed(&p->dp->has_upcall_cb);
    struct dp_upcall_entry entry;
    bool queued = false;

    entry.type = DPIF_UC_ACTION;
    entry.pid = u->pid;
    entry.cookie_size = MIN(u->cookie_size, ODP_USERSPACE_COOKIE_MAX);
    memcpy(entry.cookie, u->cookie, entry.cookie_size);

    for (size_t i = 0; i < batch->count; i++) {
        if (!has_cb) {
            dp_poller_count(p, PS_USERSPACE_DROPPED, 1);
            continue;
        }
        entry.packet = take_packet(batch, i, steal);
        apply_cutlen(ctx, entry.packet);
        if (dp_upcall_enqueue(p, &entry)) {
            queued = true;
        } else {
            dp_poller_count(p, PS_USERSPACE_DROPPED, 1);
            dp_packet_delete(entry.packet);
        }
        if (steal) {
            batch->packets[i] = NULL;
        }
    }
    if (steal) {
        for (size_t i = 0; i < batch->count; i++) {
            dp_packet_delete(batch->packets[i]);
        }
        batch->count = 0;
    }
    if (queued) {
        dp_upcall_wake_handler(p->dp);
    }
    ctx->cutlen = 0;
}

static void
execute_recirc(struct exec_ctx *ctx, struct dp_packet_batch *batch,
               uint32_t recirc_id, bool steal)
{
    struct dp_poller *p = ctx->p;
    struct dp_packet_batch recirc;

    if (ctx->depth >= DP_MAX_RECIRC_DEPTH) {
        dp_poller_count(p, PS_RECIRC_TOO_DEEP, batch->count);
        if (steal) {
            dp_packet_batch_delete_all(batch);
        }
        return;
    }
    dp_packet_batch_init(&recirc);
    for (size_t i = 0; i < batch->count; i++) {
        struct dp_packet *packet = take_packet(batch, i, steal);
        packet->md.recirc_id = recirc_id;
        dp_packet_batch_add(&recirc, packet);
    }
    if (steal) {
        batch->count = 0;
    }
    dp_poller_count(p, PS_RECIRC, recirc.count);
    lookup_and_execute(p, &recirc, ctx->depth + 1, ctx->now_msec);
}

/* odp_execute_actions() callback for the datapath actions. */
static void
execute_cb(void *ctx_, struct dp_packet_batch *batch,
           const struct odp_action *a, bool steal)
{
    struct exec_ctx *ctx = ctx_;

    switch (odp_action_type(a)) {
    case ODP_ACTION_OUTPUT:
        execute_output(ctx, batch, odp_action_get_u32(a), steal);
        return;

    case ODP_ACTION_USERSPACE:
        execute_userspace(ctx, batch, a, steal);
        return;

    case ODP_ACTION_RECIRC:
        execute_recirc(ctx, batch, odp_action_get_u32(a), steal);
        return;

    case ODP_ACTION_METER:
        dp_meter_run(ctx->p->dp, odp_action_get_u32(a), batch, time_usec());
        break;

    case ODP_ACTION_TRUNC:
        ctx->cutlen = odp_action_get_u32(a);
        break;

    case ODP_ACTION_PUSH_VLAN:
    case ODP_ACTION_POP_VLAN:
    case ODP_ACTION_SET_MASKED:
    case ODP_ACTION_CLONE:
    case ODP_ACTION_SAMPLE:
    case ODP_ACTION_HASH:
    case ODP_ACTION_DROP:
    default:
        break;
    }
    /* An action that keeps the packets was the last one: nothing else
     * will send them. */
    if (steal) {
        dp_packet_batch_delete_all(batch);
    }
}

/* Returns the TCP flags in KEY (zero for other protocols). */
static uint16_t
key_tcp_flags(const struct dp_key *key)
{
    uint64_t word = miniflow_get(dp_key_miniflow(key),
                                 FLOW_U64_INDEX(tcp_flags));
    be16 flags;
    memcpy(&flags, (const char *) &word + offsetof(struct flow, tcp_flags) % 8,
           sizeof flags);
    return ntohs(flags);
}

/* The packets of one megaflow within a batch. */
struct flow_group {
    struct dp_flow *flow;
    uint64_t n_bytes;
    uint16_t tcp_flags;
    struct dp_packet_batch batch;
};

/* Per-recursion scratch space of lookup_and_execute(), kept off the
 * per-packet path's allocations: it lives on the stack. */
struct lookup_state {
    struct dp_key keys[DP_PACKET_BATCH_SIZE];
    const struct dp_key *key_ptrs[DP_PACKET_BATCH_SIZE];
    struct dp_packet *packets[DP_PACKET_BATCH_SIZE];
    struct dpcls_rule *rules[DP_PACKET_BATCH_SIZE];
    uint16_t tcp_flags[DP_PACKET_BATCH_SIZE];
};

/* Looks up the N keys of S whose indexes are in IDX (N of them) in the
 * signature-match cache and then in the classifier, storing the rules
 * found in S->rules and filling the caches. */
static void
lookup_misses(struct dp_poller *p, struct lookup_state *s,
              const uint8_t idx[], size_t n)
{
    const struct dp_key *keys[DP_PACKET_BATCH_SIZE];
    struct dpcls_rule *rules[DP_PACKET_BATCH_SIZE];
    uint8_t left[DP_PACKET_BATCH_SIZE];
    size_t n_left = 0;

    for (size_t i = 0; i < n; i++) {
        keys[i] = s->key_ptrs[idx[i]];
    }
    uint32_t hits = smc_lookup_batch(&p->smc, keys, n, rules);
    dp_poller_count(p, PS_SMC_HIT, count_1bits(hits));
    for (size_t i = 0; i < n; i++) {
        if (hits & (UINT32_C(1) << i)) {
            s->rules[idx[i]] = rules[i];
            emc_insert(&p->emc, keys[i], rules[i]);
        } else {
            left[n_left++] = idx[i];
        }
    }
    if (!n_left) {
        return;
    }

    for (size_t i = 0; i < n_left; i++) {
        keys[i] = s->key_ptrs[left[i]];
    }
    unsigned int n_lookups = 0;
    dpcls_lookup(&p->cls, keys, n_left, rules, &n_lookups);
    size_t n_hits = 0;
    for (size_t i = 0; i < n_left; i++) {
        if (rules[i]) {
            s->rules[left[i]] = rules[i];
            emc_insert(&p->emc, keys[i], rules[i]);
            smc_insert(&p->smc, keys[i], rules[i]);
            n_hits++;
        }
    }
    dp_poller_count(p, PS_MEGAFLOW_HIT, n_hits);
    dp_poller_count(p, PS_SUBTABLE_LOOKUPS, n_lookups);
}

/* Sends PACKET to the upcall handler as a miss, or drops it as lost. */
static bool
upcall_miss(struct dp_poller *p, struct dp_packet *packet)
{
    if (atomic_read_relaxed(&p->dp->has_upcall_cb)) {
        struct dp_upcall_entry entry = {
            .packet = packet,
            .type = DPIF_UC_MISS,
        };
        if (dp_upcall_enqueue(p, &entry)) {
            dp_poller_count(p, PS_UPCALL_QUEUED, 1);
            return true;
        }
    }
    dp_poller_count(p, PS_LOST, 1);
    dp_packet_delete(packet);
    return false;
}

/* Groups the N packets in PACKETS by the megaflow rules in RULES (NULL: a
 * miss, which goes to the upcall handler), keeping their order within
 * each megaflow, then counts each group in its megaflow's statistics
 * (TCP_FLAGS[i] are packet i's flags) and executes its actions. */
static void
execute_by_flow(struct dp_poller *p, struct dp_packet *const packets[],
                struct dpcls_rule *const rules[], const uint16_t tcp_flags[],
                size_t n, int depth, long long int now_msec)
{
    struct flow_group groups[DP_PACKET_BATCH_SIZE];
    size_t n_groups = 0;
    struct flow_group *last = NULL;
    bool queued = false;

    for (size_t i = 0; i < n; i++) {
        if (!rules[i]) {
            queued |= upcall_miss(p, packets[i]);
            continue;
        }
        struct dp_flow *flow = CONTAINER_OF(rules[i], struct dp_flow, rule);
        struct flow_group *g = last;
        if (!g || g->flow != flow) {
            g = NULL;
            for (size_t j = 0; j < n_groups; j++) {
                if (groups[j].flow == flow) {
                    g = &groups[j];
                    break;
                }
            }
            if (!g) {
                g = &groups[n_groups++];
                g->flow = flow;
                g->n_bytes = 0;
                g->tcp_flags = 0;
                dp_packet_batch_init(&g->batch);
            }
            last = g;
        }
        g->n_bytes += dp_packet_size(packets[i]);
        g->tcp_flags |= tcp_flags[i];
        dp_packet_batch_add(&g->batch, packets[i]);
    }
    if (queued) {
        dp_upcall_wake_handler(p->dp);
    }

    /* Count and execute, megaflow by megaflow. */
    if (!depth) {
        p->lookup_done = dp_cycles_now();
    }
    for (size_t i = 0; i < n_groups; i++) {
        struct flow_group *g = &groups[i];
        struct dp_flow *flow = g->flow;
        const struct dp_flow_actions *actions = dp_flow_get_actions(flow);
        struct exec_ctx ctx = {
            .p = p,
            .now_msec = now_msec,
            .cutlen = 0,
            .depth = depth,
        };

        atomic_store_relaxed(&flow->n_packets,
                             atomic_read_relaxed(&flow->n_packets)
                             + g->batch.count);
        atomic_store_relaxed(&flow->n_bytes,
                             atomic_read_relaxed(&flow->n_bytes) + g->n_bytes);
        atomic_store_relaxed(&flow->used, now_msec);
        if (g->tcp_flags) {
            atomic_store_relaxed(&flow->tcp_flags,
                                 atomic_read_relaxed(&flow->tcp_flags)
                                 | g->tcp_flags);
        }
        odp_execute_actions(&ctx, &g->batch, true, actions->data,
                            actions->size, execute_cb);
    }
}

/* The full way: parses each packet of BATCH into a key, looks the keys up
 * in the exact-match cache, the signature-match cache and the classifier,
 * and executes them. */
static void
lookup_and_execute(struct dp_poller *p, struct dp_packet_batch *batch,
                   int depth, long long int now_msec)
{
    struct lookup_state s;
    struct dp_packet *packet;
    size_t n = 0;

    /* Parse, with the next packet's headers on their way to the cache. */
    DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
        if (i + 1 < batch->count) {
            __builtin_prefetch(dp_packet_data(batch->packets[i + 1]));
        }
        if (SLUICE_UNLIKELY(dp_packet_size(packet) < ETH_HEADER_LEN)) {
            dp_poller_count(p, PS_MALFORMED, 1);
            dp_packet_delete(packet);
            continue;
        }
        dp_key_from_packet(&s.keys[n], packet);
        s.key_ptrs[n] = &s.keys[n];
        s.packets[n] = packet;
        s.rules[n] = NULL;
        n++;
    }
    batch->count = 0;
    if (!n) {
        return;
    }

    /* Exact-match cache, then the others for its misses. */
    uint32_t hits = emc_lookup_batch(&p->emc, s.key_ptrs, n, s.rules);
    dp_poller_count(p, PS_EMC_HIT, count_1bits(hits));
    if (hits != (n == 32 ? UINT32_MAX : (UINT32_C(1) << n) - 1)) {
        uint8_t idx[DP_PACKET_BATCH_SIZE];
        size_t n_idx = 0;
        for (size_t i = 0; i < n; i++) {
            if (!(hits & (UINT32_C(1) << i))) {
                idx[n_idx++] = i;
            }
        }
        lookup_misses(p, &s, idx, n_idx);
    }

    for (size_t i = 0; i < n; i++) {
        s.tcp_flags[i] = s.rules[i] ? key_tcp_flags(&s.keys[i]) : 0;
    }
    execute_by_flow(p, s.packets, s.rules, s.tcp_flags, n, depth, now_msec);
}

/* The shortcut (simple-match.h) for packets of BATCH, all received on
 * IN_PORT whose megaflows are all simple and of kind KIND: executes those
 * that it finds a megaflow for and leaves the rest in BATCH, in order, for
 * the full way. */
static void
simple_lookup_and_execute(struct dp_poller *p, struct dp_packet_batch *batch,
                          uint32_t in_port, int kind, long long int now_msec)
{
    struct dp_packet *packets[DP_PACKET_BATCH_SIZE];
    struct dpcls_rule *rules[DP_PACKET_BATCH_SIZE];
    uint16_t tcp_flags[DP_PACKET_BATCH_SIZE];
    size_t n = batch->count;

    uint32_t hits = simple_match_lookup_batch(&p->simple, in_port, kind,
                                              batch->packets, n, rules,
                                              tcp_flags);
    if (!hits) {
        return;
    }
    dp_poller_count(p, PS_SIMPLE_HIT, count_1bits(hits));

    size_t n_hits = 0, n_misses = 0;
    for (size_t i = 0; i < n; i++) {
        if (hits & (UINT32_C(1) << i)) {
            packets[n_hits] = batch->packets[i];
            rules[n_hits] = rules[i];
            tcp_flags[n_hits] = tcp_flags[i];
            n_hits++;
        } else {
            batch->packets[n_misses++] = batch->packets[i];
        }
    }
    batch->count = n_misses;
    execute_by_flow(p, packets, rules, tcp_flags, n_hits, 0, now_msec);
}

void
dp_poller_input(struct dp_poller *p, struct dp_packet_batch *batch,
                uint32_t in_port)
{
    long long int now_msec = time_msec();
    struct dp_packet *packet;

    DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
        packet->md.in_port = in_port;
    }
    int kind = simple_match_port_kind(&p->simple, in_port);
    if (kind >= 0) {
        simple_lookup_and_execute(p, batch, in_port, kind, now_msec);
    }
    if (batch->count) {
        lookup_and_execute(p, batch, 0, now_msec);
    }
    poller_flush(p);
}

void
dp_poller_execute(struct dp_poller *p, struct dp_packet_batch *batch,
                  const void *actions, size_t size)
{
    struct exec_ctx ctx = {
        .p = p,
        .now_msec = time_msec(),
        .cutlen = 0,
        .depth = 0,
    };
    odp_execute_actions(&ctx, batch, true, actions, size, execute_cb);
    poller_flush(p);
}

/* Receives one burst from PQ and forwards it.  Returns the number of
 * packets received. */
static size_t
poll_rxq(struct dp_poller *p, struct dp_polled_rxq *pq)
{
    struct dp_packet_batch batch;

    dp_packet_batch_init(&batch);
    uint64_t start = dp_cycles_now();
    if (netdev_rxq_recv(pq->rxq->rx, &batch, NULL) || !batch.count) {
        return 0;
    }
    uint64_t received = dp_cycles_now();
    size_t n = batch.count;
    dp_poller_count(p, PS_RX_PACKETS, n);
    p->lookup_done = received;
    dp_poller_input(p, &batch, pq->port_no);
    uint64_t end = dp_cycles_now();

    dp_poller_count(p, PS_CYCLES_RX, received - start);
    dp_poller_count(p, PS_CYCLES_LOOKUP, p->lookup_done - received);
    dp_poller_count(p, PS_CYCLES_ACTIONS, end - p->lookup_done);
    _Atomic uint64_t *c = &pq->rxq->cycles;
    atomic_store_relaxed(c, atomic_read_relaxed(c) + (end - start));
    return n;
}

/* The non-PMD context. */

size_t
dp_poller_run_non_pmd(struct dp_poller *p)
{
    uint64_t start = dp_cycles_now();
    size_t n = 0;

    for (size_t i = 0; i < p->n_polled; i++) {
        n += poll_rxq(p, &p->polled[i]);
    }
    dp_poller_count(p, n ? PS_CYCLES_BUSY : PS_CYCLES_IDLE,
                    dp_cycles_now() - start);
    dp_poller_count(p, PS_ITERATIONS, 1);
    return n;
}

void
dp_poller_wait_non_pmd(struct dp_poller *p)
{
    for (size_t i = 0; i < p->n_polled; i++) {
        netdev_rxq_wait(p->polled[i].rxq->rx);
    }
}

void *
dp_non_pmd_main(void *dp_)
{
    struct dp_netdev *dp = dp_;

    dp_avoid_pmd_cores(dp_pollers_get(dp));
    while (!atomic_read_acquire(&dp->non_pmd_exit)) {
        size_t n;

        /* Waiting for the lock is a quiescent state: this thread holds no
         * RCU-protected pointer here, and a thread that holds the lock
         * may be waiting for a grace period (for example, while it sends
         * to a vhost-user port whose guest is detaching). */
        rcu_quiesce_start();
        mutex_lock(&dp->non_pmd_mutex);
        rcu_quiesce_end();
        do {
            n = dp_poller_run_non_pmd(dp->non_pmd);
        } while (n && !atomic_read_relaxed(&dp->non_pmd_exit));
        dp_poller_wait_non_pmd(dp->non_pmd);
        mutex_unlock(&dp->non_pmd_mutex);

        latch_wait(&dp->non_pmd_latch);
        poll_block();
        latch_poll(&dp->non_pmd_latch);
    }
    return NULL;
}

/* PMD threads. */

/* Pins the calling thread to CORE. */
static void
pin_to_core(uint32_t core)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(core, &set);
    int error = pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    if (error) {
        VLOG_WARN("could not pin the PMD thread to core %"PRIu32": %s",
                  core, sluice_strerror(error));
    }
}

/* Sleeps up to USEC microseconds (UINT32_MAX: with no limit), or until
 * poller_wake(). */
static void
pmd_sleep(struct dp_poller *p, uint32_t usec)
{
    uint32_t wake = atomic_read_acquire(&p->wake);
    struct timespec ts = {
        .tv_sec = usec / 1000000,
        .tv_nsec = (usec % 1000000) * 1000,
    };

    if (atomic_read_relaxed(&p->reload_seq) != p->reload_seen) {
        return;
    }
    long long int start = time_usec();
    rcu_quiesce_start();
    futex(&p->wake, FUTEX_WAIT_PRIVATE, wake,
          usec == UINT32_MAX ? NULL : &ts);
    rcu_quiesce_end();
    dp_poller_count(p, PS_SLEEPS, 1);
    dp_poller_count(p, PS_SLEEP_USEC, time_usec() - start);
}

static void *
pmd_main(void *p_)
{
    struct dp_poller *p = p_;
    struct dp_netdev *dp = p->dp;
    uint32_t sleep_usec = 0;

    pin_to_core(p->id);
    /* Sleeps of a few microseconds need a tight timer. */
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    int error = dpdk_register_thread();
    if (error) {
        VLOG_WARN("PMD thread on core %"PRIu32" runs without mempool "
                  "caches: %s", p->id, sluice_strerror(error));
    }

    /* The caches are allocated here, so that their memory is local to the
     * PMD's core. */
    emc_init(&p->emc, &p->cls, 0);
    smc_init(&p->smc, &p->cls, 0);
    p->caches_ready = true;

    for (uint64_t iter = 0; ; iter++) {
        uint32_t seq = atomic_read_acquire(&p->reload_seq);
        if (seq != p->reload_seen) {
            if (atomic_read_acquire(&p->exit)) {
                break;
            }
            poller_apply_config(p);
            p->reload_seen = seq;
            atomic_store_release(&p->reload_ack, seq);
        }

        uint64_t start = dp_cycles_now();
        size_t n_rx = 0;
        for (size_t i = 0; i < p->n_polled; i++) {
            n_rx += poll_rxq(p, &p->polled[i]);
        }

        uint32_t sleep_max = atomic_read_relaxed(
            &dp->settings.pmd_sleep_max_usec);
        if (!p->n_polled) {
            /* Nothing to poll: sleep until a reload gives it queues (or
             * stops it), instead of waking thousands of times a second
             * on a core that other threads may share. */
            pmd_sleep(p, UINT32_MAX);
        } else if (n_rx || !sleep_max) {
            sleep_usec = 0;
        } else {
            sleep_usec = sleep_usec ? MIN(sleep_usec * 2, sleep_max) : 1;
            pmd_sleep(p, sleep_usec);
        }
        dp_poller_count(p, n_rx ? PS_CYCLES_BUSY : PS_CYCLES_IDLE,
                        dp_cycles_now() - start);
        dp_poller_count(p, PS_ITERATIONS, 1);

        if (!(iter % EMC_SWEEP_ITERATIONS)) {
            emc_sweep(&p->emc, EMC_SWEEP_ENTRIES);
        }
        rcu_quiesce();
    }

    p->caches_ready = false;
    emc_destroy(&p->emc);
    smc_destroy(&p->smc);
    dpdk_unregister_thread();
    return NULL;
}

struct dp_poller *
dp_poller_create(struct dp_netdev *dp, uint32_t core_id,
                 unsigned int tx_index)
{
    struct dp_poller *p = xzalloc_cacheline(sizeof *p);

    p->dp = dp;
    p->id = core_id;
    p->is_pmd = core_id != DPIF_NON_PMD_ID;
    p->numa_id = p->is_pmd ? core_numa_id(core_id) : -1;
    p->tx_index = tx_index;
    p->fresh = true;
    mutex_init(&p->flow_mutex);
    cmap_init(&p->flows);
    dpcls_init(&p->cls);
    simple_match_init(&p->simple);
    mutex_init(&p->config_mutex);
    hmap_init(&p->tx_ports);
    p->upcalls = xzalloc_cacheline(sizeof *p->upcalls);

    if (p->is_pmd) {
        char *name = xasprintf("pmd-c%02"PRIu32, core_id);
        p->thread = thread_create(name, pmd_main, p);
        free(name);
    } else {
        emc_init(&p->emc, &p->cls, 0);
        smc_init(&p->smc, &p->cls, 0);
        p->caches_ready = true;
    }
    return p;
}

void
dp_poller_stop(struct dp_poller *p)
{
    if (p->is_pmd && p->thread) {
        atomic_store_release(&p->exit, true);
        atomic_store_release(&p->reload_seq,
                             atomic_read_relaxed(&p->reload_seq) + 1);
        poller_wake(p);
        thread_join(p->thread, NULL);
        p->thread = 0;
    }
}

void
dp_poller_destroy(struct dp_poller *p)
{
    struct dp_flow *flow;
    struct dp_tx_port *tx;

    if (!p) {
        return;
    }

    /* Queued upcalls. */
    struct dp_upcall_queue *q = p->upcalls;
    uint32_t tail = atomic_read_relaxed(&q->tail);
    uint32_t head = atomic_read_relaxed(&q->head);
    for (; tail != head; tail++) {
        dp_packet_delete(q->entries[tail % DPIF_UPCALL_QUEUE_LEN].packet);
    }
    free_cacheline(q);

    /* Flows.  No thread can reach the poller any more, but the iteration
     * still reads each flow after removing it, so free them later. */
    mutex_lock(&p->flow_mutex);
    CMAP_FOR_EACH (flow, node, &p->flows) {
        dpcls_remove(&p->cls, &flow->rule);
        cmap_remove(&p->flows, &flow->node, flow->ufid.u32[0]);
        rcu_postpone(dp_flow_free, flow);
    }
    mutex_unlock(&p->flow_mutex);
    dpcls_destroy(&p->cls);
    simple_match_destroy(&p->simple);
    cmap_destroy(&p->flows);

    if (p->caches_ready) {
        emc_destroy(&p->emc);
        smc_destroy(&p->smc);
    }
    HMAP_FOR_EACH_POP (tx, node, &p->tx_ports) {
        dp_packet_batch_delete_all(&tx->batch);
        free(tx);
    }
    hmap_destroy(&p->tx_ports);
    free(p->pending);
    free(p->polled);
    free(p->assigned);
    mutex_destroy(&p->config_mutex);
    mutex_destroy(&p->flow_mutex);
    free_cacheline(p);
}

/* Statistics for dpctl. */

static int
compare_pollers_for_show(const void *a_, const void *b_)
{
    const struct dp_poller *const *a = a_, *const *b = b_;
    /* PMDs by core, the non-PMD context ("main thread") last. */
    return (*a)->id < (*b)->id ? -1 : (*a)->id > (*b)->id;
}

/* Returns the pollers of DP sorted for display, in an array the caller
 * frees. */
static struct dp_poller **
sorted_pollers(struct dp_netdev *dp, size_t *np)
{
    struct dp_poller_set *set = rcu_get_protected(&dp->pollers);
    struct dp_poller **pollers = xmalloc((set->n + 1) * sizeof *pollers);

    memcpy(pollers, set->pollers, set->n * sizeof *pollers);
    qsort(pollers, set->n, sizeof *pollers, compare_pollers_for_show);
    *np = set->n;
    return pollers;
}

static void
put_poller_title(struct ds *ds, const struct dp_poller *p)
{
    if (p->is_pmd) {
        ds_put_format(ds, "pmd thread numa_id %d core_id %"PRIu32":\n",
                      p->numa_id, p->id);
    } else {
        ds_put_cstr(ds, "main thread:\n");
    }
}

static double
ratio(uint64_t a, uint64_t b)
{
    return b ? (double) a / b : 0.0;
}

void
dp_pmd_stats_show(struct dp_netdev *dp, uint32_t pmd_id, struct ds *ds)
{
    size_t n;
    struct dp_poller **pollers = sorted_pollers(dp, &n);

    for (size_t i = 0; i < n; i++) {
        const struct dp_poller *p = pollers[i];
        if (pmd_id != DPIF_PMD_ALL && p->id != pmd_id) {
            continue;
        }
        uint64_t rx = dp_poller_stat(p, PS_RX_PACKETS, false);
        uint64_t recirc = dp_poller_stat(p, PS_RECIRC, false);
        uint64_t megaflow = dp_poller_stat(p, PS_MEGAFLOW_HIT, false);
        uint64_t lookups = dp_poller_stat(p, PS_SUBTABLE_LOOKUPS, false);
        uint64_t ok = (atomic_read_relaxed(&((struct dp_poller *) p)
                                           ->upcall_ok)
                       - p->upcall_ok_base);
        uint64_t fail = (dp_poller_stat(p, PS_LOST, false)
                         + atomic_read_relaxed(&((struct dp_poller *) p)
                                               ->upcall_fail)
                         - p->upcall_fail_base);
        uint64_t idle = dp_poller_stat(p, PS_CYCLES_IDLE, false);
        uint64_t busy = dp_poller_stat(p, PS_CYCLES_BUSY, false);
        uint64_t total = idle + busy;

        put_poller_title(ds, p);
        ds_put_format(ds, "  packets received: %"PRIu64"\n", rx);
        ds_put_format(ds, "  packet recirculations: %"PRIu64"\n", recirc);
        ds_put_format(ds, "  avg. datapath passes per packet: %.02f\n",
                      ratio(rx + recirc, rx));
        ds_put_format(ds, "  simple match hits: %"PRIu64"\n",
                      dp_poller_stat(p, PS_SIMPLE_HIT, false));
        ds_put_format(ds, "  emc hits: %"PRIu64"\n",
                      dp_poller_stat(p, PS_EMC_HIT, false));
        ds_put_format(ds, "  smc hits: %"PRIu64"\n",
                      dp_poller_stat(p, PS_SMC_HIT, false));
        ds_put_format(ds, "  megaflow hits: %"PRIu64"\n", megaflow);
        ds_put_format(ds, "  avg. subtable lookups per megaflow hit: "
                      "%.02f\n", ratio(lookups, megaflow));
        ds_put_format(ds, "  miss with success upcall: %"PRIu64"\n", ok);
        ds_put_format(ds, "  miss with failed upcall: %"PRIu64"\n", fail);
        ds_put_format(ds, "  userspace action upcalls dropped: %"PRIu64"\n",
                      dp_poller_stat(p, PS_USERSPACE_DROPPED, false));
        ds_put_format(ds, "  avg. packets per output batch: %.02f\n",
                      ratio(dp_poller_stat(p, PS_TX_PACKETS, false),
                            dp_poller_stat(p, PS_TX_BATCHES, false)));
        ds_put_format(ds, "  malformed packets dropped: %"PRIu64"\n",
                      dp_poller_stat(p, PS_MALFORMED, false));
        if (p->is_pmd) {
            ds_put_format(ds, "  idle sleeps: %"PRIu64" (%"PRIu64" us)\n",
                          dp_poller_stat(p, PS_SLEEPS, false),
                          dp_poller_stat(p, PS_SLEEP_USEC, false));
        }
        ds_put_format(ds, "  idle cycles: %"PRIu64" (%.02f%%)\n", idle,
                      ratio(idle, total) * 100);
        ds_put_format(ds, "  processing cycles: %"PRIu64" (%.02f%%)\n",
                      busy, ratio(busy, total) * 100);
        uint64_t rx_c = dp_poller_stat(p, PS_CYCLES_RX, false);
        uint64_t lookup_c = dp_poller_stat(p, PS_CYCLES_LOOKUP, false);
        uint64_t actions_c = dp_poller_stat(p, PS_CYCLES_ACTIONS, false);
        uint64_t stages = rx_c + lookup_c + actions_c;
        ds_put_format(ds, "  processing by stage: receive %.02f%%, "
                      "lookup %.02f%%, actions and transmit %.02f%%\n",
                      ratio(rx_c, stages) * 100,
                      ratio(lookup_c, stages) * 100,
                      ratio(actions_c, stages) * 100);
        if (rx + recirc) {
            ds_put_format(ds, "  avg cycles per packet: %.02f "
                          "(%"PRIu64"/%"PRIu64")\n",
                          ratio(total, rx + recirc), total, rx + recirc);
            ds_put_format(ds, "  avg processing cycles per packet: %.02f "
                          "(%"PRIu64"/%"PRIu64")\n",
                          ratio(busy, rx + recirc), busy, rx + recirc);
        }
    }
    free(pollers);
}

void
dp_pmd_stats_clear(struct dp_netdev *dp)
{
    struct dp_poller_set *set = rcu_get_protected(&dp->pollers);

    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        for (size_t j = 0; j < PS_N_STATS; j++) {
            p->stats_base[j] = atomic_read_relaxed(&p->stats.n[j]);
        }
        p->upcall_ok_base = atomic_read_relaxed(&p->upcall_ok);
        p->upcall_fail_base = atomic_read_relaxed(&p->upcall_fail);
    }
}

static int
compare_rxqs_for_show(const void *a_, const void *b_)
{
    const struct dp_rxq *const *a = a_, *const *b = b_;
    int cmp = strcmp(netdev_get_name((*a)->port->netdev),
                     netdev_get_name((*b)->port->netdev));
    return cmp ? cmp : (*a)->queue_id - (*b)->queue_id;
}

static uint64_t
sum_intervals(const uint64_t intervals[])
{
    uint64_t sum = 0;
    for (size_t i = 0; i < PMD_INTERVAL_MAX; i++) {
        sum += intervals[i];
    }
    return sum;
}

void
dp_pmd_rxq_show(struct dp_netdev *dp, uint32_t pmd_id, struct ds *ds)
{
    size_t n;
    struct dp_poller **pollers = sorted_pollers(dp, &n);

    for (size_t i = 0; i < n; i++) {
        struct dp_poller *p = pollers[i];
        if (!p->is_pmd || (pmd_id != DPIF_PMD_ALL && p->id != pmd_id)) {
            continue;
        }
        uint64_t total = sum_intervals(p->total_intervals);
        uint64_t busy = sum_intervals(p->busy_intervals);
        uint64_t rxq_sum = 0;

        put_poller_title(ds, p);
        ds_put_format(ds, "  isolated : %s\n",
                      p->isolated ? "true" : "false");

        mutex_lock(&p->config_mutex);
        struct dp_rxq **rxqs = xmalloc((p->n_assigned + 1) * sizeof *rxqs);
        size_t n_rxqs = p->n_assigned;
        memcpy(rxqs, p->assigned, n_rxqs * sizeof *rxqs);
        mutex_unlock(&p->config_mutex);

        qsort(rxqs, n_rxqs, sizeof *rxqs, compare_rxqs_for_show);
        for (size_t j = 0; j < n_rxqs; j++) {
            const struct dp_rxq *rxq = rxqs[j];
            uint64_t cycles = sum_intervals(rxq->intervals);

            rxq_sum += cycles;
            ds_put_format(ds, "  port: %-16s  queue-id: %2d %s  pmd usage: ",
                          netdev_get_name(rxq->port->netdev), rxq->queue_id,
                          "(enabled) ");
            if (total) {
                ds_put_format(ds, "%2"PRIu64" %%\n", cycles * 100 / total);
            } else {
                ds_put_cstr(ds, "NOT AVAIL\n");
            }
        }
        free(rxqs);

        ds_put_cstr(ds, "  overhead: ");
        if (total) {
            uint64_t overhead = busy > rxq_sum ? busy - rxq_sum : 0;
            ds_put_format(ds, "%2"PRIu64" %%\n", overhead * 100 / total);
        } else {
            ds_put_cstr(ds, "NOT AVAIL\n");
        }
    }
    free(pollers);
}

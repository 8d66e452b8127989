/* dpif-netdev-flow: the userspace datapath's megaflows (put, get,
 * delete, dump), packet execution for the slow path, and the upcall
 * handler thread, which also expires idle megaflows.  See dpif.h and
 * dpif-netdev-private.h. */
#include <config.h>
#include "dpif-netdev-private.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dp-packet.h"
#include "dpif.h"
#include "dynamic-string.h"
#include "hash.h"
#include "odp-actions.h"
#include "poll-loop.h"
#include "timeval.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif_netdev_flow);

/* How often the handler thread sweeps the megaflows. */
#define SWEEP_INTERVAL_MSEC 1000

/* Megaflows. */

void
dpif_flow_hash(const struct flow *key, const struct flow *mask,
               struct dpif_ufid *ufid)
{
    const uint64_t *k = flow_u64s(key);
    const uint64_t *m = flow_u64s(mask);
    uint64_t words[2 * FLOW_U64S];

    for (size_t i = 0; i < FLOW_U64S; i++) {
        words[i] = k[i] & m[i];
        words[FLOW_U64S + i] = m[i];
    }
    static const uint32_t bases[4] = {
        0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f
    };
    for (size_t i = 0; i < 4; i++) {
        ufid->u32[i] = hash_words64(words, ARRAY_SIZE(words), bases[i]);
    }
}

void
dpif_ufid_format(const struct dpif_ufid *ufid, struct ds *ds)
{
    ds_put_format(ds, "ufid:%08"PRIx32"-%04"PRIx32"-%04"PRIx32"-%04"PRIx32
                  "-%04"PRIx32"%08"PRIx32,
                  ufid->u32[0], ufid->u32[1] >> 16, ufid->u32[1] & 0xffff,
                  ufid->u32[2] >> 16, ufid->u32[2] & 0xffff, ufid->u32[3]);
}

bool
dpif_ufid_from_string(const char *s, struct dpif_ufid *ufid)
{
    static const int lengths[5] = { 8, 4, 4, 4, 12 };
    char hex[33];
    size_t n = 0;

    if (!strncmp(s, "ufid:", 5)) {
        s += 5;
    }
    for (size_t group = 0; group < 5; group++) {
        if (group && *s++ != '-') {
            return false;
        }
        for (int i = 0; i < lengths[group]; i++) {
            if (!isxdigit((unsigned char) *s)) {
                return false;
            }
            hex[n++] = *s++;
        }
    }
    if (*s) {
        return false;
    }
    hex[n] = '\0';
    for (size_t i = 0; i < 4; i++) {
        char word[9];
        memcpy(word, &hex[i * 8], 8);
        word[8] = '\0';
        ufid->u32[i] = strtoul(word, NULL, 16);
    }
    return true;
}

static struct dp_flow *
poller_find_flow(const struct dp_poller *p, const struct dpif_ufid *ufid)
{
    struct dp_flow *flow;
    CMAP_FOR_EACH_WITH_HASH (flow, node, ufid->u32[0], &p->flows) {
        if (dpif_ufid_equal(&flow->ufid, ufid)) {
            return flow;
        }
    }
    return NULL;
}

static void
flow_get_stats(const struct dp_flow *flow, struct dpif_flow_stats *stats)
{
    struct dp_flow *f = (struct dp_flow *) flow;
    long long int used = atomic_read_relaxed(&f->used);
    bool zeroed = flow->base.used != 0;

    stats->n_packets = (atomic_read_relaxed(&f->n_packets)
                        - flow->base.n_packets);
    stats->n_bytes = atomic_read_relaxed(&f->n_bytes) - flow->base.n_bytes;
    stats->used = zeroed && used <= flow->base.used ? 0 : used;
    stats->tcp_flags = (zeroed && used <= flow->base.used
                        ? 0 : atomic_read_relaxed(&f->tcp_flags));
}

static void
add_stats(struct dpif_flow_stats *sum, const struct dpif_flow_stats *s)
{
    sum->n_packets += s->n_packets;
    sum->n_bytes += s->n_bytes;
    sum->used = MAX(sum->used, s->used);
    sum->tcp_flags |= s->tcp_flags;
}

static struct dp_flow_actions *
flow_actions_create(const void *actions, size_t size)
{
    struct dp_flow_actions *a = xmalloc(sizeof *a + ROUND_UP(size, 8));
    a->size = size;
    if (size) {
        memcpy(a->data, actions, size);
    }
    return a;
}

void
dp_flow_free(void *flow_)
{
    struct dp_flow *flow = flow_;
    free(rcu_get_protected(&flow->actions));
    free_cacheline(flow);
}

/* Removes FLOW from P's tables; frees it after a grace period. */
static void
poller_remove_flow(struct dp_poller *p, struct dp_flow *flow)
    SLUICE_REQUIRES(p->flow_mutex)
{
    struct flow key, mask;

    dpcls_rule_get_match(&flow->rule, &mask, &key);
    simple_match_remove(&p->simple, &key, flow->simple_kind, &flow->rule);
    dpcls_remove(&p->cls, &flow->rule);
    cmap_remove(&p->flows, &flow->node, flow->ufid.u32[0]);
    rcu_postpone(dp_flow_free, flow);
}

/* Puts the flow on poller P.  KEY is masked already and ACTIONS were
 * validated. */
static int
flow_put_on_poller(struct dp_netdev *dp, struct dp_poller *p,
                   enum dpif_flow_put_flags flags, const struct flow *key,
                   const struct flow *mask,
                   const struct dp_flow_actions *actions,
                   const struct dpif_ufid *ufid,
                   struct dpif_flow_stats *stats)
{
    int error = 0;

    memset(stats, 0, sizeof *stats);
    mutex_lock(&p->flow_mutex);
    struct dp_flow *flow = poller_find_flow(p, ufid);
    if (flow) {
        if (!(flags & DPIF_FP_MODIFY)) {
            error = EEXIST;
        } else {
            flow_get_stats(flow, stats);
            struct dp_flow_actions *old = rcu_get_protected(&flow->actions);
            rcu_set(&flow->actions,
                    flow_actions_create(actions->data, actions->size));
            rcu_postpone(free, old);

            /* New actions may make the flow simple or stop it being so;
             * its match is the one it was created with. */
            struct flow old_key, old_mask;
            dpcls_rule_get_match(&flow->rule, &old_mask, &old_key);
            int kind = simple_match_kind(&old_key, &old_mask, actions->data,
                                         actions->size);
            if (kind != flow->simple_kind) {
                simple_match_remove(&p->simple, &old_key, flow->simple_kind,
                                    &flow->rule);
                simple_match_add(&p->simple, &old_key, kind, &flow->rule);
                flow->simple_kind = kind;
            }
            if (flags & DPIF_FP_ZERO_STATS) {
                flow->base.n_packets = atomic_read_relaxed(&flow->n_packets);
                flow->base.n_bytes = atomic_read_relaxed(&flow->n_bytes);
                flow->base.used = MAX(time_msec(),
                                      atomic_read_relaxed(&flow->used));
            }
        }
    } else if (!(flags & DPIF_FP_CREATE)) {
        error = ENOENT;
    } else if (cmap_count(&p->flows)
               >= atomic_read_relaxed(&dp->settings.flow_limit)) {
        error = E2BIG;
    } else {
        flow = xzalloc_cacheline(sizeof *flow);
        flow->ufid = *ufid;
        flow->pmd_id = p->id;
        flow->created = time_msec();
        rcu_init(&flow->actions,
                 flow_actions_create(actions->data, actions->size));
        error = dpcls_insert(&p->cls, &flow->rule, mask, key);
        if (error) {
            dp_flow_free(flow);
        } else {
            flow->simple_kind = simple_match_kind(key, mask, actions->data,
                                                  actions->size);
            simple_match_add(&p->simple, key, flow->simple_kind,
                             &flow->rule);
            cmap_insert(&p->flows, &flow->node, ufid->u32[0]);
        }
    }
    mutex_unlock(&p->flow_mutex);
    return error;
}

/* Prepares a put's match: checks the mask, makes recirc_id exact and masks
 * the key.  Returns 0 or EINVAL with a message. */
static int
prepare_match(const struct flow *key, const struct flow *mask,
              struct flow *masked_key, struct flow *full_mask, char **errp)
{
    *full_mask = *mask;
    if (mask->in_port != UINT32_MAX) {
        *errp = xstrdup("in_port must be matched exactly: give "
                        "in_port(N)");
        return EINVAL;
    }
    full_mask->recirc_id = UINT32_MAX;

    const uint64_t *k = flow_u64s(key);
    const uint64_t *m = flow_u64s(full_mask);
    uint64_t *mk = (uint64_t *) (void *) masked_key;
    for (size_t i = 0; i < FLOW_U64S; i++) {
        mk[i] = k[i] & m[i];
    }
    return 0;
}

int
dpif_flow_put(struct dpif *dpif, enum dpif_flow_put_flags flags,
              const struct flow *key, const struct flow *mask,
              const void *actions, size_t actions_size,
              const struct dpif_ufid *ufid_, uint32_t pmd_id,
              struct dpif_flow_stats *stats, char **errp)
{
    struct dp_netdev *dp = dpif->dp;
    struct flow masked_key, full_mask;
    struct dpif_flow_stats sum = { 0 };
    struct dpif_ufid ufid;
    char *err = NULL;
    int error;

    error = prepare_match(key, mask, &masked_key, &full_mask, &err);
    struct dp_flow_actions *a = flow_actions_create(actions, actions_size);
    if (!error) {
        error = odp_actions_validate(a->data, a->size, &err);
    }
    if (!error) {
        if (ufid_) {
            ufid = *ufid_;
        } else {
            dpif_flow_hash(&masked_key, &full_mask, &ufid);
        }

        struct dp_poller_set *set = dp_pollers_get(dp);
        bool found = false;
        for (size_t i = 0; i < set->n; i++) {
            struct dp_poller *p = set->pollers[i];
            if (pmd_id != DPIF_PMD_ALL && p->id != pmd_id) {
                continue;
            }
            struct dpif_flow_stats s;
            int e = flow_put_on_poller(dp, p, flags, &masked_key,
                                       &full_mask, a, &ufid, &s);
            found = true;
            if (e && !error) {
                error = e;
            }
            add_stats(&sum, &s);
        }
        if (!found) {
            error = EINVAL;
            err = xasprintf("no PMD thread with core id %"PRIu32, pmd_id);
        }
    }
    free(a);

    if (stats) {
        *stats = sum;
    }
    if (errp) {
        *errp = err;
    } else {
        free(err);
    }
    return error;
}

int
dpif_flow_del(struct dpif *dpif, const struct dpif_ufid *ufid_,
              const struct flow *key, const struct flow *mask,
              uint32_t pmd_id, struct dpif_flow_stats *stats)
{
    struct dp_netdev *dp = dpif->dp;
    struct dpif_flow_stats sum = { 0 };
    struct dpif_ufid ufid;
    bool found = false;

    if (ufid_) {
        ufid = *ufid_;
    } else {
        struct flow masked_key, full_mask;
        char *err = NULL;
        if (prepare_match(key, mask, &masked_key, &full_mask, &err)) {
            free(err);
            return ENOENT;
        }
        dpif_flow_hash(&masked_key, &full_mask, &ufid);
    }

    struct dp_poller_set *set = dp_pollers_get(dp);
    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        if (pmd_id != DPIF_PMD_ALL && p->id != pmd_id) {
            continue;
        }
        mutex_lock(&p->flow_mutex);
        struct dp_flow *flow = poller_find_flow(p, &ufid);
        if (flow) {
            struct dpif_flow_stats s;
            flow_get_stats(flow, &s);
            add_stats(&sum, &s);
            poller_remove_flow(p, flow);
            found = true;
        }
        mutex_unlock(&p->flow_mutex);
    }
    if (stats) {
        *stats = sum;
    }
    return found ? 0 : ENOENT;
}

/* Copies FLOW of poller P into *OUT, with its actions in BUF. */
static void
flow_to_dpif_flow(const struct dp_flow *flow, struct dpif_flow *out,
                  struct buffer *buf)
{
    const struct dp_flow_actions *a = dp_flow_get_actions(flow);

    dpcls_rule_get_match(&flow->rule, &out->mask, &out->key);
    buffer_clear(buf);
    out->actions = buffer_put(buf, a->data, a->size);
    out->actions_size = a->size;
    out->ufid = flow->ufid;
    out->pmd_id = flow->pmd_id;
    flow_get_stats(flow, &out->stats);
}

int
dpif_flow_get(const struct dpif *dpif, const struct dpif_ufid *ufid_,
              const struct flow *key, const struct flow *mask,
              uint32_t pmd_id, struct dpif_flow *out, struct buffer *buf)
{
    struct dp_netdev *dp = dpif->dp;
    struct dpif_ufid ufid;

    if (ufid_) {
        ufid = *ufid_;
    } else {
        struct flow masked_key, full_mask;
        char *err = NULL;
        if (prepare_match(key, mask, &masked_key, &full_mask, &err)) {
            free(err);
            return ENOENT;
        }
        dpif_flow_hash(&masked_key, &full_mask, &ufid);
    }

    struct dp_poller_set *set = dp_pollers_get(dp);
    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        if (pmd_id != DPIF_PMD_ALL && p->id != pmd_id) {
            continue;
        }
        struct dp_flow *flow = poller_find_flow(p, &ufid);
        if (flow) {
            flow_to_dpif_flow(flow, out, buf);
            return 0;
        }
    }
    return ENOENT;
}

int
dpif_flow_flush(struct dpif *dpif)
{
    struct dp_poller_set *set = dp_pollers_get(dpif->dp);

    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        struct dp_flow *flow;

        mutex_lock(&p->flow_mutex);
        CMAP_FOR_EACH (flow, node, &p->flows) {
            poller_remove_flow(p, flow);
        }
        mutex_unlock(&p->flow_mutex);
    }
    return 0;
}

/* A flow dump: the flows' pollers and ids, taken when the dump starts. */
struct dump_entry {
    uint32_t pmd_id;
    struct dpif_ufid ufid;
};

struct dpif_flow_dump {
    struct dp_netdev *dp;
    struct dump_entry *entries;
    size_t n, next;
    struct buffer buf;
};

struct dpif_flow_dump *
dpif_flow_dump_create(const struct dpif *dpif, uint32_t pmd_id)
{
    struct dpif_flow_dump *dump = xzalloc(sizeof *dump);
    struct dp_netdev *dp = dpif->dp;
    size_t allocated = 0;

    dp_netdev_ref(dp);
    dump->dp = dp;
    buffer_init(&dump->buf, 256);

    struct dp_poller_set *set = dp_pollers_get(dp);
    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        struct dp_flow *flow;

        if (pmd_id != DPIF_PMD_ALL && p->id != pmd_id) {
            continue;
        }
        mutex_lock(&p->flow_mutex);
        CMAP_FOR_EACH (flow, node, &p->flows) {
            if (dump->n >= allocated) {
                dump->entries = x2nrealloc(dump->entries, &allocated,
                                           sizeof *dump->entries);
            }
            dump->entries[dump->n].pmd_id = p->id;
            dump->entries[dump->n].ufid = flow->ufid;
            dump->n++;
        }
        mutex_unlock(&p->flow_mutex);
    }
    return dump;
}

bool
dpif_flow_dump_next(struct dpif_flow_dump *dump, struct dpif_flow *out)
{
    while (dump->next < dump->n) {
        const struct dump_entry *e = &dump->entries[dump->next++];
        struct dp_poller_set *set = dp_pollers_get(dump->dp);
        struct dp_poller *p = dp_find_poller(set, e->pmd_id);
        struct dp_flow *flow = p ? poller_find_flow(p, &e->ufid) : NULL;
        if (flow) {
            flow_to_dpif_flow(flow, out, &dump->buf);
            return true;
        }
    }
    return false;
}

void
dpif_flow_dump_destroy(struct dpif_flow_dump *dump)
{
    if (dump) {
        buffer_uninit(&dump->buf);
        free(dump->entries);
        dp_netdev_unref(dump->dp);
        free(dump);
    }
}

/* Execution. */

int
dpif_execute(struct dpif *dpif, const struct dp_packet *packet,
             const void *actions, size_t actions_size, char **errp)
{
    struct dp_netdev *dp = dpif->dp;
    struct dp_flow_actions *a = flow_actions_create(actions, actions_size);
    char *err = NULL;

    int error = odp_actions_validate(a->data, a->size, &err);
    if (!error) {
        struct dp_packet *copy = dp_packet_clone(packet);
        struct miniflow_buf mf;
        struct dp_packet_batch batch;

        copy->md = packet->md;
        miniflow_extract(copy, &mf.mf);
        dp_packet_batch_init_packet(&batch, copy);

        mutex_lock(&dp->non_pmd_mutex);
        dp_poller_execute(dp->non_pmd, &batch, a->data, a->size);
        mutex_unlock(&dp->non_pmd_mutex);
    }
    free(a);
    if (errp) {
        *errp = err;
    } else {
        free(err);
    }
    return error;
}

/* Upcalls. */

bool
dp_upcall_enqueue(struct dp_poller *p, const struct dp_upcall_entry *entry)
{
    struct dp_upcall_queue *q = p->upcalls;
    uint32_t head = atomic_read_relaxed(&q->head);
    uint32_t tail = atomic_read_acquire(&q->tail);

    if (head - tail >= DPIF_UPCALL_QUEUE_LEN) {
        return false;
    }
    q->entries[head % DPIF_UPCALL_QUEUE_LEN] = *entry;
    atomic_store_release(&q->head, head + 1);
    return true;
}

/* Pops up to MAX entries of P's upcall queue into ENTRIES.  The handler
 * thread only. */
static size_t
upcall_dequeue(struct dp_poller *p, struct dp_upcall_entry entries[],
               size_t max)
{
    struct dp_upcall_queue *q = p->upcalls;
    uint32_t tail = atomic_read_relaxed(&q->tail);
    uint32_t head = atomic_read_acquire(&q->head);
    size_t n = MIN(head - tail, max);

    for (size_t i = 0; i < n; i++) {
        entries[i] = q->entries[(tail + i) % DPIF_UPCALL_QUEUE_LEN];
    }
    atomic_store_release(&q->tail, tail + n);
    return n;
}

static bool
upcall_queue_is_empty(const struct dp_poller *p)
{
    struct dp_upcall_queue *q = p->upcalls;
    return (atomic_read_acquire(&q->head)
            == atomic_read_relaxed(&q->tail));
}

void
dp_upcall_wake_handler(struct dp_netdev *dp)
{
    /* Pairs with the fence in dp_handler_main(): either the handler sees the
     * entries just queued, or this sees it waiting. */
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_read_relaxed(&dp->handler_waiting)) {
        latch_set(&dp->handler_latch);
    }
}

/* Scratch space of the handler thread. */
struct handler_state {
    struct dp_upcall_entry entries[DPIF_UPCALL_BATCH];
    struct dpif_upcall upcalls[DPIF_UPCALL_BATCH];
    uint64_t stubs[DPIF_UPCALL_BATCH][64];
};

/* Installs and executes the outcome of the N upcalls of poller P. */
static void
handle_upcall_results(struct dp_netdev *dp, struct dp_poller *p,
                      struct dpif_upcall upcalls[], size_t n)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    struct dp_packet_batch batch;

    for (size_t i = 0; i < n; i++) {
        struct dpif_upcall *u = &upcalls[i];
        char *err = NULL;

        if (u->type != DPIF_UC_MISS) {
            dp_packet_delete(u->packet);
            u->packet = NULL;
            continue;
        }
        if (!u->error) {
            struct dp_flow_actions *a
                = flow_actions_create(u->actions.data, u->actions.size);
            u->error = odp_actions_validate(a->data, a->size, &err);
            if (u->error) {
                VLOG_WARN_RL(&rl, "%s: upcall handler returned invalid "
                             "actions: %s", dp->full_name, err);
                free(err);
            } else if (u->install) {
                struct flow masked_key, full_mask;
                if (!prepare_match(&u->flow, &u->mask, &masked_key,
                                   &full_mask, &err)) {
                    struct dpif_flow_stats stats;
                    struct dpif_ufid ufid;
                    dpif_flow_hash(&masked_key, &full_mask, &ufid);
                    /* EEXIST: an earlier upcall installed it; E2BIG: the
                     * flow limit.  Either way the packet goes on. */
                    flow_put_on_poller(dp, p, DPIF_FP_CREATE, &masked_key,
                                       &full_mask, a, &ufid, &stats);
                } else {
                    VLOG_WARN_RL(&rl, "%s: upcall handler returned a bad "
                                 "mask: %s", dp->full_name, err);
                    free(err);
                }
            }
            free(a);
        }
        if (u->error) {
            atomic_add_relaxed(&p->upcall_fail, 1);
            dp_packet_delete(u->packet);
            u->packet = NULL;
        } else {
            atomic_add_relaxed(&p->upcall_ok, 1);
        }
    }

    /* Execute the packets in the non-PMD context, one lock for all. */
    mutex_lock(&dp->non_pmd_mutex);
    for (size_t i = 0; i < n; i++) {
        struct dpif_upcall *u = &upcalls[i];
        if (u->packet) {
            dp_packet_batch_init_packet(&batch, u->packet);
            u->packet = NULL;
            /* Actions were validated above; copy them to aligned
             * memory. */
            struct dp_flow_actions *a
                = flow_actions_create(u->actions.data, u->actions.size);
            dp_poller_execute(dp->non_pmd, &batch, a->data, a->size);
            free(a);
        }
    }
    mutex_unlock(&dp->non_pmd_mutex);
}

/* Handles up to DPIF_UPCALL_BATCH queued upcalls of P.  Returns how many
 * there were. */
static size_t
handle_poller_upcalls(struct dp_netdev *dp, struct dp_poller *p,
                      struct handler_state *hs)
{
    size_t n = upcall_dequeue(p, hs->entries, DPIF_UPCALL_BATCH);
    if (!n) {
        return 0;
    }

    for (size_t i = 0; i < n; i++) {
        struct dp_upcall_entry *e = &hs->entries[i];
        struct dpif_upcall *u = &hs->upcalls[i];

        u->type = e->type;
        u->packet = e->packet;
        flow_extract(u->packet, &u->flow);
        u->pmd_id = p->id;
        u->pid = e->pid;
        u->cookie = e->cookie;
        u->cookie_size = e->cookie_size;
        u->error = 0;
        u->install = true;
        memset(&u->mask, 0xff, sizeof u->mask);
        buffer_use_stack(&u->actions, hs->stubs[i], sizeof hs->stubs[i]);
    }

    mutex_lock(&dp->upcall_mutex);
    if (dp->upcall_cb) {
        dp->upcall_cb(hs->upcalls, n, dp->upcall_aux);
    } else {
        for (size_t i = 0; i < n; i++) {
            hs->upcalls[i].error = ENODEV;
        }
    }
    mutex_unlock(&dp->upcall_mutex);

    handle_upcall_results(dp, p, hs->upcalls, n);
    for (size_t i = 0; i < n; i++) {
        buffer_uninit(&hs->upcalls[i].actions);
    }
    return n;
}

/* Deletes the megaflows of every poller that have been idle longer than
 * max-idle, and re-ranks the classifiers' subtables. */
static void
sweep(struct dp_netdev *dp, long long int now)
{
    long long int max_idle = atomic_read_relaxed(
        &dp->settings.max_idle_msec);
    struct dp_poller_set *set = dp_pollers_get(dp);

    for (size_t i = 0; i < set->n; i++) {
        struct dp_poller *p = set->pollers[i];
        struct dp_flow *flow;
        size_t n_expired = 0;

        mutex_lock(&p->flow_mutex);
        if (max_idle > 0) {
            CMAP_FOR_EACH (flow, node, &p->flows) {
                long long int last = MAX(atomic_read_relaxed(&flow->used),
                                         flow->created);
                if (now - last >= max_idle) {
                    poller_remove_flow(p, flow);
                    n_expired++;
                }
            }
        }
        dpcls_sort_subtables(&p->cls);
        mutex_unlock(&p->flow_mutex);
        if (n_expired) {
            VLOG_DBG("%s: expired %zu idle megaflows of %s %"PRIu32,
                     dp->full_name, n_expired,
                     p->is_pmd ? "PMD on core" : "poller", p->id);
        }
        rcu_quiesce();
    }
}

static bool
any_upcall_pending(const struct dp_netdev *dp)
{
    struct dp_poller_set *set = dp_pollers_get(dp);
    for (size_t i = 0; i < set->n; i++) {
        if (!upcall_queue_is_empty(set->pollers[i])) {
            return true;
        }
    }
    return false;
}

void *
dp_handler_main(void *dp_)
{
    struct dp_netdev *dp = dp_;
    struct handler_state *hs = xmalloc(sizeof *hs);
    long long int next_sweep = time_msec() + SWEEP_INTERVAL_MSEC;

    dp_avoid_pmd_cores(dp_pollers_get(dp));
    while (!atomic_read_acquire(&dp->handler_exit)) {
        struct dp_poller_set *set = dp_pollers_get(dp);
        size_t n = 0;

        for (size_t i = 0; i < set->n; i++) {
            n += handle_poller_upcalls(dp, set->pollers[i], hs);
        }
        atomic_add_relaxed(&dp->handler_rounds, 1);

        long long int now = time_msec();
        if (now >= next_sweep) {
            sweep(dp, now);
            next_sweep = now + SWEEP_INTERVAL_MSEC;
        }
        rcu_quiesce();

        if (!n) {
            atomic_store_relaxed(&dp->handler_waiting, true);
            atomic_thread_fence(memory_order_seq_cst);
            if (!any_upcall_pending(dp)
                && !atomic_read_acquire(&dp->handler_exit)) {
                latch_wait(&dp->handler_latch);
                poll_timer_wait_until(next_sweep);
                poll_block();
            }
            atomic_store_relaxed(&dp->handler_waiting, false);
            latch_poll(&dp->handler_latch);
        }
    }
    free(hs);
    return NULL;
}

void
dpif_register_upcall_cb(struct dpif *dpif, dpif_upcall_cb *cb, void *aux)
{
    struct dp_netdev *dp = dpif->dp;

    mutex_lock(&dp->upcall_mutex);
    dp->upcall_cb = cb;
    dp->upcall_aux = aux;
    atomic_store_release(&dp->has_upcall_cb, cb != NULL);
    mutex_unlock(&dp->upcall_mutex);
}

void
dpif_upcall_flush(struct dpif *dpif)
{
    struct dp_netdev *dp = dpif->dp;
    long long int deadline = time_msec() + 10000;

    /* Wait until the queues are empty, then for two complete handler
     * rounds, so that the entries taken last have been handled. */
    while (any_upcall_pending(dp) && time_msec() < deadline) {
        latch_set(&dp->handler_latch);
        rcu_quiesce_start();
        xnanosleep(100 * 1000);
        rcu_quiesce_end();
    }
    uint64_t start = atomic_read_relaxed(&dp->handler_rounds);
    while (atomic_read_relaxed(&dp->handler_rounds) < start + 2
           && time_msec() < deadline) {
        latch_set(&dp->handler_latch);
        rcu_quiesce_start();
        xnanosleep(100 * 1000);
        rcu_quiesce_end();
    }
}

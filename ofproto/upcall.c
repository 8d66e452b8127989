/* upcall: misses, packets for controllers, revalidation.  See upcall.h. */

#include <config.h>
#include "upcall.h"

/* The datapath's headers first: see datapath/dp-key.h. */
#include "datapath/dpif.h"

#include "ofproto-private.h"

#include <string.h>
#include "atomic.h"
#include "buffer.h"
#include "coverage.h"
#include "groups.h"
#include "hash.h"
#include "hmap.h"
#include "latch.h"
#include "list.h"
#include "mac-learning.h"
#include "poll-loop.h"
#include "shash.h"
#include "tables.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"
#include "xlate.h"

VLOG_DEFINE_THIS_MODULE(upcall);

/* A packet for controllers, waiting for the main thread. */
struct pending_pin {
    struct list node;
    struct xlate_pin_cookie cookie;
    uint32_t dp_in_port;
    size_t size;
    uint8_t data[];
};

/* The most packets waiting; more are dropped (and counted). */
#define MAX_PENDING_PINS 1000

static struct mutex pin_mutex = MUTEX_INITIALIZER;
static struct list pending_pins SLUICE_GUARDED_BY(pin_mutex)
    = LIST_INITIALIZER(&pending_pins);
static size_t n_pending_pins SLUICE_GUARDED_BY(pin_mutex);
static unsigned long long n_pins_dropped SLUICE_GUARDED_BY(pin_mutex);

/* Set by the handler thread when it has queued packet-ins, to wake the
 * main thread. */
static struct latch pin_latch;
static bool pin_latch_ready;

/* A megaflow's bookkeeping: its statistics at the last pass. */
struct ukey {
    struct hmap_node node;          /* In 'ukeys'. */
    struct dpif_ufid ufid;
    uint32_t pmd_id;
    uint64_t n_packets;
    uint64_t n_bytes;
    unsigned int pass;              /* Last pass that saw it. */
};

static struct hmap ukeys = HMAP_INITIALIZER(&ukeys);     /* Main thread. */
static unsigned int pass_seq;
static long long int next_revalidation;
static long long int last_revalidation;
static bool revalidate_now;

/* What the tables and MAC tables looked like at the last pass. */
static uint64_t last_change_seq;

/* Translation of a datapath flow KEY (whose in_port is the datapath's
 * port) into OUT; returns false if no switch owns the port. */
static bool
translate(const struct flow *key, bool may_learn, struct xlate_out *out)
    SLUICE_REQUIRES(ofproto_mutex)
{
    struct ofport *port = ofport_find_by_dp_port(key->in_port);
    if (!port) {
        return false;
    }
    struct xlate_in in;
    memset(&in, 0, sizeof in);
    in.ofproto = port->ofproto;
    in.flow.dp = *key;
    in.flow.dp.in_port = port->ofp_port;
    in.version = tables_version(&port->ofproto->tables);
    in.may_learn = may_learn;
    xlate_actions(&in, out);
    return true;
}

COVERAGE_DEFINE(upcall_miss);
COVERAGE_DEFINE(upcall_action);
COVERAGE_DEFINE(revalidate_pass);
COVERAGE_DEFINE(revalidate_flow_del);

static void
account_rules(const struct xlate_out *out, uint64_t n_packets,
              uint64_t n_bytes, long long int used)
{
    if (!n_packets) {
        return;
    }
    for (size_t i = 0; i < out->n_rules; i++) {
        rule_account((struct rule *) out->rules[i], n_packets, n_bytes,
                     used);
    }
    for (size_t i = 0; i < out->n_group_hits; i++) {
        ofgroup_account(out->group_hits[i].group, out->group_hits[i].bucket,
                        n_packets, n_bytes);
    }
}

static void
queue_packet_in(const struct dpif_upcall *u)
{
    if (u->cookie_size != sizeof(struct xlate_pin_cookie)) {
        return;
    }
    struct xlate_pin_cookie cookie;
    memcpy(&cookie, u->cookie, sizeof cookie);
    if (cookie.magic != XLATE_PIN_MAGIC) {
        return;
    }

    size_t size = dp_packet_size(u->packet);
    mutex_lock(&pin_mutex);
    if (n_pending_pins >= MAX_PENDING_PINS) {
        n_pins_dropped++;
    } else {
        struct pending_pin *pin = xmalloc(sizeof *pin + size);
        pin->cookie = cookie;
        pin->dp_in_port = u->flow.in_port;
        pin->size = size;
        memcpy(pin->data, dp_packet_data(u->packet), size);
        list_push_back(&pending_pins, &pin->node);
        n_pending_pins++;
    }
    mutex_unlock(&pin_mutex);
    latch_set(&pin_latch);
}

/* The datapath's handler callback. */
static void
handle_upcalls(struct dpif_upcall upcalls[], size_t n, void *aux SLUICE_UNUSED)
{
    long long int now = time_msec();

    mutex_lock(&ofproto_mutex);
    for (size_t i = 0; i < n; i++) {
        struct dpif_upcall *u = &upcalls[i];

        if (u->type == DPIF_UC_ACTION) {
            COVERAGE_INC(upcall_action);
            queue_packet_in(u);
            continue;
        }
        COVERAGE_INC(upcall_miss);

        struct xlate_out out;
        xlate_out_init(&out);
        if (translate(&u->flow, true, &out)) {
            u->mask = out.wc.dp;
            buffer_put(&u->actions, out.odp_actions.data,
                       out.odp_actions.size);
            account_rules(&out, 1, dp_packet_size(u->packet), now);
        }
        /* Otherwise the port belongs to no switch: the defaults install
         * an exact-match flow that drops. */
        xlate_out_uninit(&out);
    }
    mutex_unlock(&ofproto_mutex);
}

void
upcall_start(struct dpif *dpif)
{
    if (!pin_latch_ready) {
        latch_init(&pin_latch);
        pin_latch_ready = true;
    }
    dpif_register_upcall_cb(dpif, handle_upcalls, NULL);
    next_revalidation = time_msec() + REVALIDATE_MSEC;
}

void
upcall_stop(struct dpif *dpif)
{
    dpif_register_upcall_cb(dpif, NULL, NULL);
    struct ukey *ukey;
    HMAP_FOR_EACH_POP (ukey, node, &ukeys) {
        free(ukey);
    }
    mutex_lock(&pin_mutex);
    struct pending_pin *pin;
    LIST_FOR_EACH_POP (pin, node, &pending_pins) {
        free(pin);
    }
    n_pending_pins = 0;
    mutex_unlock(&pin_mutex);
}

void
upcall_request_revalidation(void)
{
    revalidate_now = true;
}

static uint32_t
ukey_hash(const struct dpif_ufid *ufid, uint32_t pmd_id)
{
    return hash_add(ufid->u32[0] ^ ufid->u32[1], pmd_id);
}

static struct ukey *
ukey_find(const struct dpif_ufid *ufid, uint32_t pmd_id)
{
    struct ukey *ukey;
    HMAP_FOR_EACH_WITH_HASH (ukey, node, ukey_hash(ufid, pmd_id), &ukeys) {
        if (ukey->pmd_id == pmd_id && dpif_ufid_equal(&ukey->ufid, ufid)) {
            return ukey;
        }
    }
    return NULL;
}

/* Returns true if a fresh translation still gives FLOW's actions and
 * needs no bits outside FLOW's mask. */
static bool
flow_still_valid(const struct dpif_flow *flow, const struct xlate_out *out)
{
    if (out->odp_actions.size != flow->actions_size
        || memcmp(out->odp_actions.data, flow->actions, flow->actions_size)) {
        return false;
    }
    const uint64_t *need = flow_u64s(&out->wc.dp);
    const uint64_t *have = flow_u64s(&flow->mask);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        if (need[i] & ~have[i]) {
            return false;
        }
    }
    return true;
}

/* One revalidation pass over the datapath's megaflows. */
static void
revalidate(struct dpif *dpif)
{
    struct dpif_flow_dump *dump = dpif_flow_dump_create(dpif, DPIF_PMD_ALL);
    struct dpif_flow flow;
    unsigned int pass = ++pass_seq;
    size_t n_deleted = 0;

    COVERAGE_INC(revalidate_pass);
    mutex_lock(&ofproto_mutex);
    while (dpif_flow_dump_next(dump, &flow)) {
        struct ukey *ukey = ukey_find(&flow.ufid, flow.pmd_id);
        if (!ukey) {
            ukey = xzalloc(sizeof *ukey);
            ukey->ufid = flow.ufid;
            ukey->pmd_id = flow.pmd_id;
            hmap_insert(&ukeys, &ukey->node,
                        ukey_hash(&flow.ufid, flow.pmd_id));
        }
        ukey->pass = pass;

        struct xlate_out out;
        xlate_out_init(&out);
        bool owned = translate(&flow.key, false, &out);
        uint64_t d_packets = flow.stats.n_packets - ukey->n_packets;
        uint64_t d_bytes = flow.stats.n_bytes - ukey->n_bytes;
        if (flow.stats.n_packets < ukey->n_packets) {
            d_packets = flow.stats.n_packets;    /* Stats were reset. */
            d_bytes = flow.stats.n_bytes;
        }

        if (owned && flow_still_valid(&flow, &out)) {
            account_rules(&out, d_packets, d_bytes, flow.stats.used);
            ukey->n_packets = flow.stats.n_packets;
            ukey->n_bytes = flow.stats.n_bytes;
        } else {
            /* Stale: delete it, crediting what it forwarded last to the
             * rules it was translated from (approximately: the rules the
             * new translation hits, when the switch still exists). */
            struct dpif_flow_stats final;
            struct dpif_ufid ufid = flow.ufid;
            if (!dpif_flow_del(dpif, &ufid, NULL, NULL, flow.pmd_id,
                               &final)) {
                d_packets = final.n_packets - ukey->n_packets;
                d_bytes = final.n_bytes - ukey->n_bytes;
            }
            if (owned) {
                account_rules(&out, d_packets, d_bytes, flow.stats.used);
            }
            hmap_remove(&ukeys, &ukey->node);
            free(ukey);
            n_deleted++;
            COVERAGE_INC(revalidate_flow_del);
        }
        xlate_out_uninit(&out);
    }
    mutex_unlock(&ofproto_mutex);
    dpif_flow_dump_destroy(dump);

    /* Forget megaflows the datapath no longer has (expired). */
    struct ukey *ukey;
    HMAP_FOR_EACH_SAFE (ukey, node, &ukeys) {
        if (ukey->pass != pass) {
            hmap_remove(&ukeys, &ukey->node);
            free(ukey);
        }
    }
    if (n_deleted) {
        VLOG_DBG("revalidation deleted %zu megaflows", n_deleted);
    }
}

/* Returns a number that changes whenever some switch's tables or MAC
 * table change. */
static uint64_t
change_seq(void)
{
    struct shash_node *node;
    uint64_t seq = 0;

    /* A sum of sequence numbers that only grow changes when any does. */
    SHASH_FOR_EACH (node, &all_ofprotos) {
        struct ofproto *ofproto = node->data;
        seq += atomic_read_relaxed(&ofproto->tables.seq);
        seq += mac_learning_seq(ofproto->ml);
    }
    return seq;
}

static void
send_pending_pins(void)
{
    struct list pins = LIST_INITIALIZER(&pins);

    if (!latch_poll(&pin_latch)) {
        return;
    }
    mutex_lock(&pin_mutex);
    list_splice_back(&pins, &pending_pins);
    n_pending_pins = 0;
    mutex_unlock(&pin_mutex);

    struct pending_pin *pin;
    LIST_FOR_EACH_POP (pin, node, &pins) {
        struct ofproto *ofproto = ofproto_find_by_datapath_id(
            pin->cookie.datapath_id);
        mutex_lock(&ofproto_mutex);
        struct ofport *port = ofport_find_by_dp_port(pin->dp_in_port);
        uint32_t in_port = (port && port->ofproto == ofproto
                            ? port->ofp_port : OFPP_NONE);
        mutex_unlock(&ofproto_mutex);
        if (ofproto) {
            ofproto_send_packet_in(ofproto, &pin->cookie, in_port,
                                   pin->data, pin->size);
        }
        free(pin);
    }
}

void
upcall_run(struct dpif *dpif)
{
    send_pending_pins();

    long long int now = time_msec();
    uint64_t seq = change_seq();
    if (seq != last_change_seq) {
        last_change_seq = seq;
        revalidate_now = true;
    }
    /* Changes come in bursts (a controller installing thousands of
     * flows): revalidate at once after a quiet spell, but at most every
     * REVALIDATE_MIN_MSEC while changes keep coming. */
    if ((revalidate_now && now >= last_revalidation + REVALIDATE_MIN_MSEC)
        || now >= next_revalidation) {
        revalidate_now = false;
        revalidate(dpif);
        last_revalidation = time_msec();
        next_revalidation = last_revalidation + REVALIDATE_MSEC;
    }
}

void
upcall_wait(struct dpif *dpif SLUICE_UNUSED)
{
    latch_wait(&pin_latch);
    poll_timer_wait_until(revalidate_now
                          ? last_revalidation + REVALIDATE_MIN_MSEC
                          : next_revalidation);
}

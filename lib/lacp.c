/* LACP (IEEE 802.1AX-2008) protocol engine; see lacp.h for the contract. */
#include <config.h>
#include "lacp.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "packets.h"
#include "util.h"

/* Timers, in milliseconds (802.1AX-2008 §6.4.4). */
#define FAST_PERIODIC_TIME 1000
#define SLOW_PERIODIC_TIME 30000
#define SHORT_TIMEOUT_TIME 3000
#define LONG_TIMEOUT_TIME 90000

/* At most this many PDUs per FAST_PERIODIC_TIME (§6.4.16). */
#define TX_LIMIT 3

#define ETH_HEADER_SIZE 14
#define ETH_TYPE_SLOW 0x8809
#define SLOW_SUBTYPE_LACP 1
#define SLOW_SUBTYPE_MARKER 2

/* Offsets within the LACPDU, which starts after the Ethernet header. */
#define PDU_ACTOR_TLV 2
#define PDU_PARTNER_TLV 22
#define PDU_COLLECTOR_TLV 42
#define PDU_TERMINATOR_TLV 58
#define INFO_TLV_SIZE 20
#define COLLECTOR_TLV_SIZE 16
#define MARKER_TLV_SIZE 16

static const struct eth_addr slow_protocols_mac = {
    .ea = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 }
};

/* The information an actor or partner TLV carries, in host byte order. */
struct lacp_info {
    struct eth_addr sys_id;
    uint16_t sys_priority;
    uint16_t key;
    uint16_t port_priority;
    uint16_t port_id;
    uint8_t state;
};

/* The receive machine's states that matter once the port is enabled. */
enum member_status {
    MEMBER_CURRENT,             /* Partner information is fresh. */
    MEMBER_EXPIRED,             /* current_while ran out once. */
    MEMBER_DEFAULTED            /* No partner: defaults in use. */
};

struct member {
    void *id;                   /* The caller's handle. */
    char *name;
    uint16_t port_id;
    uint16_t port_priority;
    uint16_t cfg_key;           /* Configured key, 0 for the lacp's. */
    struct eth_addr mac;
    bool carrier_up;

    /* Receive machine. */
    enum member_status status;
    struct lacp_info partner;   /* Partner's operational information. */
    bool rx_pending;            /* current_while starts at next run. */
    long long int rx_deadline;  /* When current_while runs out. */

    /* Selection and mux. */
    bool attached;

    /* Transmission. */
    bool partner_view_stale;    /* Partner's view of us is wrong: NTT. */
    bool sent;                  /* 'last_sent' is valid. */
    struct lacp_info last_sent; /* Actor information last sent. */
    long long int last_tx;      /* When 'last_sent' was sent. */
    long long int tx_times[TX_LIMIT]; /* Recent sends, for the limit. */
    unsigned int tx_idx;        /* Oldest entry of 'tx_times'. */

    struct lacp_member_stats stats;
};

struct lacp {
    char *name;
    struct eth_addr sys_id;
    uint16_t sys_priority;
    bool active;
    bool fast;
    bool fallback_ab;

    /* Members in the order they were registered; the first gives the
     * aggregation key of members without one of their own. */
    struct member **members;
    size_t n_members;
    size_t allocated_members;

    bool negotiated;            /* Some member is attached. */
    long long int now;          /* Time of the last lacp_run(). */
};

struct lacp *
lacp_create(void)
{
    struct lacp *lacp = xzalloc(sizeof *lacp);
    lacp->name = xstrdup("");
    lacp->sys_priority = 65534;
    lacp->active = true;
    lacp->now = LLONG_MIN;
    return lacp;
}

static void
member_destroy(struct member *m)
{
    free(m->name);
    free(m);
}

void
lacp_destroy(struct lacp *lacp)
{
    if (!lacp) {
        return;
    }
    for (size_t i = 0; i < lacp->n_members; i++) {
        member_destroy(lacp->members[i]);
    }
    free(lacp->members);
    free(lacp->name);
    free(lacp);
}

static struct member *
member_lookup(const struct lacp *lacp, const void *id)
{
    for (size_t i = 0; i < lacp->n_members; i++) {
        if (lacp->members[i]->id == id) {
            return lacp->members[i];
        }
    }
    return NULL;
}

/* The aggregation key of members without one of their own: that of the
 * first registered member, or its port id. */
static uint16_t
lacp_key(const struct lacp *lacp)
{
    if (!lacp->n_members) {
        return 0;
    }
    const struct member *first = lacp->members[0];
    return first->cfg_key ? first->cfg_key : first->port_id;
}

static uint16_t
member_key(const struct lacp *lacp, const struct member *m)
{
    return m->cfg_key ? m->cfg_key : lacp_key(lacp);
}

static uint8_t
actor_state(const struct lacp *lacp, const struct member *m)
{
    uint8_t state = LACP_STATE_AGGREGATION;
    if (lacp->active) {
        state |= LACP_STATE_ACTIVITY;
    }
    if (lacp->fast || m->status == MEMBER_EXPIRED) {
        state |= LACP_STATE_TIMEOUT;
    }
    if (m->attached) {
        state |= LACP_STATE_SYNC;
        if (m->partner.state & LACP_STATE_SYNC) {
            state |= LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING;
        }
    }
    if (m->status == MEMBER_DEFAULTED) {
        state |= LACP_STATE_DEFAULTED;
    } else if (m->status == MEMBER_EXPIRED) {
        state |= LACP_STATE_EXPIRED;
    }
    return state;
}

static void
actor_info(const struct lacp *lacp, const struct member *m,
           struct lacp_info *info)
{
    info->sys_id = lacp->sys_id;
    info->sys_priority = lacp->sys_priority;
    info->key = member_key(lacp, m);
    info->port_priority = m->port_priority;
    info->port_id = m->port_id;
    info->state = actor_state(lacp, m);
}

/* True if A and B name the same port of the same system with the same key
 * (ignoring state). */
static bool
info_same_port(const struct lacp_info *a, const struct lacp_info *b)
{
    return (eth_addr_equals(a->sys_id, b->sys_id)
            && a->sys_priority == b->sys_priority
            && a->key == b->key
            && a->port_priority == b->port_priority
            && a->port_id == b->port_id);
}

static bool
info_equal(const struct lacp_info *a, const struct lacp_info *b)
{
    return info_same_port(a, b) && a->state == b->state;
}

static void
member_set_defaulted(struct member *m)
{
    if (m->status != MEMBER_DEFAULTED) {
        m->stats.n_defaulted++;
    }
    memset(&m->partner, 0, sizeof m->partner);
    m->status = MEMBER_DEFAULTED;
    m->rx_pending = false;
    m->partner_view_stale = false;
}

static void
member_set_expired(struct member *m)
{
    m->status = MEMBER_EXPIRED;
    m->partner.state &= ~LACP_STATE_SYNC;
    m->partner.state |= LACP_STATE_TIMEOUT;
    m->stats.n_expired++;
}

/* Members C and D may share an aggregator: same actor key, and the same
 * partner system and key, both partners aggregatable. */
static bool
members_aggregate(const struct lacp *lacp, const struct member *c,
                  const struct member *d)
{
    if (c == d) {
        return true;
    }
    return (member_key(lacp, c) == member_key(lacp, d)
            && (c->partner.state & LACP_STATE_AGGREGATION)
            && (d->partner.state & LACP_STATE_AGGREGATION)
            && eth_addr_equals(c->partner.sys_id, d->partner.sys_id)
            && c->partner.sys_priority == d->partner.sys_priority
            && c->partner.key == d->partner.key);
}

static bool
member_is_candidate(const struct member *m)
{
    return m->carrier_up && m->status != MEMBER_DEFAULTED;
}

/* True if member A's port (priority, number) is better than B's. */
static bool
member_port_better(const struct member *a, const struct member *b)
{
    if (a->port_priority != b->port_priority) {
        return a->port_priority < b->port_priority;
    }
    return a->port_id < b->port_id;
}

/* Selection logic: attaches the largest group of members that may share an
 * aggregator, and detaches every other member. */
static void
lacp_update_selection(struct lacp *lacp)
{
    const struct member *best = NULL;
    size_t best_count = 0;

    for (size_t i = 0; i < lacp->n_members; i++) {
        const struct member *c = lacp->members[i];
        if (!member_is_candidate(c)) {
            continue;
        }
        size_t count = 0;
        for (size_t j = 0; j < lacp->n_members; j++) {
            const struct member *d = lacp->members[j];
            if (member_is_candidate(d) && members_aggregate(lacp, c, d)) {
                count++;
            }
        }
        if (!best || count > best_count
            || (count == best_count && member_port_better(c, best))) {
            best = c;
            best_count = count;
        }
    }

    for (size_t i = 0; i < lacp->n_members; i++) {
        struct member *m = lacp->members[i];
        m->attached = (best && member_is_candidate(m)
                       && members_aggregate(lacp, best, m));
    }
    lacp->negotiated = best != NULL;
}

void
lacp_configure(struct lacp *lacp, const struct lacp_settings *s)
{
    free(lacp->name);
    lacp->name = xstrdup(s->name ? s->name : "");
    lacp->sys_id = s->id;
    lacp->sys_priority = s->priority;
    lacp->active = s->active;
    lacp->fast = s->fast;
    lacp->fallback_ab = s->fallback_ab;
    lacp_update_selection(lacp);
}

void
lacp_member_register(struct lacp *lacp, void *id,
                     const struct lacp_member_settings *s)
{
    struct member *m = member_lookup(lacp, id);
    if (!m) {
        m = xzalloc(sizeof *m);
        m->id = id;
        m->carrier_up = true;
        m->status = MEMBER_DEFAULTED;
        for (size_t i = 0; i < TX_LIMIT; i++) {
            m->tx_times[i] = LLONG_MIN;
        }
        if (lacp->n_members >= lacp->allocated_members) {
            lacp->members = x2nrealloc(lacp->members,
                                       &lacp->allocated_members,
                                       sizeof *lacp->members);
        }
        lacp->members[lacp->n_members++] = m;
    } else {
        free(m->name);
    }
    m->name = xstrdup(s->name ? s->name : "");
    m->port_id = s->id;
    m->port_priority = s->priority;
    m->cfg_key = s->key;
    m->mac = s->mac;
    lacp_update_selection(lacp);
}

void
lacp_member_unregister(struct lacp *lacp, const void *id)
{
    for (size_t i = 0; i < lacp->n_members; i++) {
        struct member *m = lacp->members[i];
        if (m->id == id) {
            member_destroy(m);
            memmove(&lacp->members[i], &lacp->members[i + 1],
                    (lacp->n_members - i - 1) * sizeof *lacp->members);
            lacp->n_members--;
            lacp_update_selection(lacp);
            return;
        }
    }
}

void
lacp_member_carrier_changed(struct lacp *lacp, const void *id,
                            bool carrier_up)
{
    struct member *m = member_lookup(lacp, id);
    if (!m || m->carrier_up == carrier_up) {
        return;
    }
    m->stats.n_carrier_changes++;
    m->carrier_up = carrier_up;
    if (!carrier_up) {
        member_set_defaulted(m);
    } else {
        /* Tell the partner about us at once. */
        m->sent = false;
    }
    lacp_update_selection(lacp);
}

static void
get_info_tlv(const uint8_t *tlv, struct lacp_info *info)
{
    info->sys_priority = ntohs(get_unaligned_be16(tlv + 2));
    memcpy(info->sys_id.ea, tlv + 4, ETH_ADDR_LEN);
    info->key = ntohs(get_unaligned_be16(tlv + 10));
    info->port_priority = ntohs(get_unaligned_be16(tlv + 12));
    info->port_id = ntohs(get_unaligned_be16(tlv + 14));
    info->state = tlv[16];
}

static void
put_info_tlv(uint8_t *tlv, uint8_t type, const struct lacp_info *info)
{
    tlv[0] = type;
    tlv[1] = INFO_TLV_SIZE;
    put_unaligned_be16(tlv + 2, htons(info->sys_priority));
    memcpy(tlv + 4, info->sys_id.ea, ETH_ADDR_LEN);
    put_unaligned_be16(tlv + 10, htons(info->key));
    put_unaligned_be16(tlv + 12, htons(info->port_priority));
    put_unaligned_be16(tlv + 14, htons(info->port_id));
    tlv[16] = info->state;
    memset(tlv + 17, 0, 3);
}

/* Checks the LACPDU P, of LACP_PDU_SIZE bytes at least. */
static bool
lacpdu_is_valid(const uint8_t *p)
{
    return (p[1] == 1
            && p[PDU_ACTOR_TLV] == 1
            && p[PDU_ACTOR_TLV + 1] == INFO_TLV_SIZE
            && p[PDU_PARTNER_TLV] == 2
            && p[PDU_PARTNER_TLV + 1] == INFO_TLV_SIZE
            && p[PDU_COLLECTOR_TLV] == 3
            && p[PDU_COLLECTOR_TLV + 1] == COLLECTOR_TLV_SIZE
            && p[PDU_TERMINATOR_TLV] == 0
            && p[PDU_TERMINATOR_TLV + 1] == 0);
}

/* Checks the marker PDU P, of LACP_PDU_SIZE bytes at least: a marker
 * information (1) or response (2) TLV, then the terminator. */
static bool
marker_is_valid(const uint8_t *p)
{
    return (p[1] == 1
            && (p[2] == 1 || p[2] == 2)
            && p[3] == MARKER_TLV_SIZE
            && p[2 + MARKER_TLV_SIZE] == 0
            && p[3 + MARKER_TLV_SIZE] == 0);
}

/* recordPDU (§6.4.9): takes the partner's information from the PDU P. */
static void
member_record_pdu(struct lacp *lacp, struct member *m, const uint8_t *p)
{
    struct lacp_info pdu_actor, pdu_partner, actor;

    get_info_tlv(p + PDU_ACTOR_TLV, &pdu_actor);
    get_info_tlv(p + PDU_PARTNER_TLV, &pdu_partner);
    actor_info(lacp, m, &actor);

    /* The partner is in sync with us only if it says so and its view of
     * us is right (or it does not aggregate at all). */
    bool view_ok = (info_same_port(&pdu_partner, &actor)
                    && ((pdu_partner.state ^ actor.state)
                        & LACP_STATE_AGGREGATION) == 0);
    m->partner = pdu_actor;
    if (!view_ok && (pdu_actor.state & LACP_STATE_AGGREGATION)) {
        m->partner.state &= ~LACP_STATE_SYNC;
    }
    m->partner_view_stale = !info_equal(&pdu_partner, &actor);
    m->status = MEMBER_CURRENT;
    m->rx_pending = true;
}

int
lacp_process_packet(struct lacp *lacp, const void *id, const void *frame,
                    size_t size)
{
    struct member *m = member_lookup(lacp, id);
    if (!m) {
        return ENOENT;
    }

    const uint8_t *f = frame;
    if (size < ETH_HEADER_SIZE + LACP_PDU_SIZE
        || memcmp(f, slow_protocols_mac.ea, ETH_ADDR_LEN)
        || ntohs(get_unaligned_be16(f + 12)) != ETH_TYPE_SLOW) {
        m->stats.rx_errors++;
        return EINVAL;
    }

    const uint8_t *p = f + ETH_HEADER_SIZE;
    if (p[0] == SLOW_SUBTYPE_MARKER && marker_is_valid(p)) {
        m->stats.rx_markers++;
        return 0;
    } else if (p[0] != SLOW_SUBTYPE_LACP || !lacpdu_is_valid(p)) {
        m->stats.rx_errors++;
        return EINVAL;
    }

    m->stats.rx_pdus++;
    if (m->carrier_up) {
        member_record_pdu(lacp, m, p);
        lacp_update_selection(lacp);
    }
    return 0;
}

static bool
member_may_tx(const struct lacp *lacp, const struct member *m)
{
    return (m->carrier_up
            && (lacp->active || (m->partner.state & LACP_STATE_ACTIVITY)));
}

static long long int
member_tx_period(const struct member *m)
{
    return (m->partner.state & LACP_STATE_TIMEOUT
            ? FAST_PERIODIC_TIME : SLOW_PERIODIC_TIME);
}

/* Returns the earliest time at which M may send a PDU, given the limit of
 * TX_LIMIT PDUs per FAST_PERIODIC_TIME. */
static long long int
member_tx_allowed(const struct member *m)
{
    long long int oldest = m->tx_times[m->tx_idx];
    return oldest == LLONG_MIN ? LLONG_MIN : oldest + FAST_PERIODIC_TIME;
}

/* Returns when M should send its next PDU, ignoring the rate limit:
 * LLONG_MIN if it needs to transmit now. */
static long long int
member_tx_due(const struct lacp *lacp, const struct member *m)
{
    struct lacp_info actor;
    actor_info(lacp, m, &actor);
    if (!m->sent || m->partner_view_stale
        || !info_equal(&actor, &m->last_sent)) {
        return LLONG_MIN;
    }
    return m->last_tx + member_tx_period(m);
}

static void
member_send(const struct lacp *lacp, struct member *m, long long int now,
            lacp_send_cb *send, void *aux)
{
    uint8_t frame[LACP_FRAME_SIZE];
    struct lacp_info actor;

    memset(frame, 0, sizeof frame);
    memcpy(frame, slow_protocols_mac.ea, ETH_ADDR_LEN);
    memcpy(frame + ETH_ADDR_LEN, m->mac.ea, ETH_ADDR_LEN);
    put_unaligned_be16(frame + 12, htons(ETH_TYPE_SLOW));

    uint8_t *p = frame + ETH_HEADER_SIZE;
    actor_info(lacp, m, &actor);
    p[0] = SLOW_SUBTYPE_LACP;
    p[1] = 1;
    put_info_tlv(p + PDU_ACTOR_TLV, 1, &actor);
    put_info_tlv(p + PDU_PARTNER_TLV, 2, &m->partner);
    p[PDU_COLLECTOR_TLV] = 3;
    p[PDU_COLLECTOR_TLV + 1] = COLLECTOR_TLV_SIZE;
    /* CollectorMaxDelay 0, reserved bytes and terminator are zero. */

    m->last_sent = actor;
    m->sent = true;
    m->last_tx = now;
    m->partner_view_stale = false;
    m->tx_times[m->tx_idx] = now;
    m->tx_idx = (m->tx_idx + 1) % TX_LIMIT;
    m->stats.tx_pdus++;
    send(aux, m->id, frame, sizeof frame);
}

void
lacp_run(struct lacp *lacp, long long int now, lacp_send_cb *send,
         void *aux)
{
    lacp->now = now;

    /* Receive machines. */
    for (size_t i = 0; i < lacp->n_members; i++) {
        struct member *m = lacp->members[i];
        if (!m->carrier_up) {
            continue;
        }
        if (m->rx_pending) {
            m->rx_pending = false;
            m->rx_deadline = now + (lacp->fast ? SHORT_TIMEOUT_TIME
                                    : LONG_TIMEOUT_TIME);
        }
        while (m->status != MEMBER_DEFAULTED && now >= m->rx_deadline) {
            if (m->status == MEMBER_CURRENT) {
                member_set_expired(m);
                m->rx_deadline += SHORT_TIMEOUT_TIME;
            } else {
                member_set_defaulted(m);
            }
        }
    }

    lacp_update_selection(lacp);

    /* Periodic transmission and need-to-transmit. */
    for (size_t i = 0; i < lacp->n_members; i++) {
        struct member *m = lacp->members[i];
        if (member_may_tx(lacp, m)
            && now >= member_tx_due(lacp, m)
            && now >= member_tx_allowed(m)) {
            member_send(lacp, m, now, send, aux);
        }
    }
}

long long int
lacp_next_wakeup(const struct lacp *lacp)
{
    long long int wakeup = LLONG_MAX;

    for (size_t i = 0; i < lacp->n_members; i++) {
        const struct member *m = lacp->members[i];
        if (!m->carrier_up) {
            continue;
        }
        if (m->rx_pending) {
            wakeup = MIN(wakeup, lacp->now);
        } else if (m->status != MEMBER_DEFAULTED) {
            wakeup = MIN(wakeup, m->rx_deadline);
        }
        if (member_may_tx(lacp, m)) {
            long long int due = MAX(member_tx_due(lacp, m),
                                    member_tx_allowed(m));
            wakeup = MIN(wakeup, MAX(due, lacp->now));
        }
    }
    return wakeup;
}

enum lacp_status
lacp_status(const struct lacp *lacp)
{
    if (!lacp) {
        return LACP_DISABLED;
    }
    return lacp->negotiated ? LACP_NEGOTIATED : LACP_CONFIGURED;
}

static bool
member_may_enable(const struct lacp *lacp, const struct member *m)
{
    if (!m->carrier_up) {
        return false;
    }
    if (m->attached && (m->partner.state & LACP_STATE_SYNC)) {
        return true;
    }
    return (lacp->fallback_ab && !lacp->negotiated
            && m->status == MEMBER_DEFAULTED);
}

bool
lacp_member_may_enable(const struct lacp *lacp, const void *id)
{
    const struct member *m = member_lookup(lacp, id);
    return m && member_may_enable(lacp, m);
}

bool
lacp_member_is_current(const struct lacp *lacp, const void *id)
{
    const struct member *m = member_lookup(lacp, id);
    return m && m->carrier_up && m->status == MEMBER_CURRENT;
}

uint8_t
lacp_member_actor_state(const struct lacp *lacp, const void *id)
{
    const struct member *m = member_lookup(lacp, id);
    return m ? actor_state(lacp, m) : 0;
}

uint8_t
lacp_member_partner_state(const struct lacp *lacp, const void *id)
{
    const struct member *m = member_lookup(lacp, id);
    return m ? m->partner.state : 0;
}

bool
lacp_member_get_stats(const struct lacp *lacp, const void *id,
                      struct lacp_member_stats *stats)
{
    const struct member *m = member_lookup(lacp, id);
    if (!m) {
        memset(stats, 0, sizeof *stats);
        return false;
    }
    *stats = m->stats;
    return true;
}

void
lacp_format_state(uint8_t state, struct ds *ds)
{
    static const char *const names[8] = {
        "activity", "timeout", "aggregation", "synchronized",
        "collecting", "distributing", "defaulted", "expired",
    };
    for (int i = 0; i < 8; i++) {
        if (state & (1u << i)) {
            ds_put_format(ds, " %s", names[i]);
        }
    }
}

static int
compare_member_names(const void *a_, const void *b_)
{
    const struct member *const *a = a_;
    const struct member *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Returns LACP's members sorted by name, in a new array for the caller to
 * free. */
static const struct member **
sorted_members(const struct lacp *lacp)
{
    const struct member **members = xmalloc((lacp->n_members + 1)
                                            * sizeof *members);
    for (size_t i = 0; i < lacp->n_members; i++) {
        members[i] = lacp->members[i];
    }
    qsort(members, lacp->n_members, sizeof *members, compare_member_names);
    return members;
}

static void
format_info(const char *who, const struct lacp_info *info, struct ds *ds)
{
    ds_put_format(ds, "  %s sys_id: " ETH_ADDR_FMT "\n", who,
                  ETH_ADDR_ARGS(info->sys_id));
    ds_put_format(ds, "  %s sys_priority: %u\n", who, info->sys_priority);
    ds_put_format(ds, "  %s port_id: %u\n", who, info->port_id);
    ds_put_format(ds, "  %s port_priority: %u\n", who, info->port_priority);
    ds_put_format(ds, "  %s key: %u\n", who, info->key);
    ds_put_format(ds, "  %s state:", who);
    lacp_format_state(info->state, ds);
    ds_put_char(ds, '\n');
}

void
lacp_format(const struct lacp *lacp, struct ds *ds)
{
    static const char *const status_names[] = {
        [MEMBER_CURRENT] = "current",
        [MEMBER_EXPIRED] = "expired",
        [MEMBER_DEFAULTED] = "defaulted",
    };

    ds_put_format(ds, "---- %s ----\n", lacp->name);
    ds_put_format(ds, "  status: %s%s\n",
                  lacp->active ? "active" : "passive",
                  lacp->negotiated ? " negotiated" : "");
    ds_put_format(ds, "  sys_id: " ETH_ADDR_FMT "\n",
                  ETH_ADDR_ARGS(lacp->sys_id));
    ds_put_format(ds, "  sys_priority: %u\n", lacp->sys_priority);
    if (lacp->n_members) {
        ds_put_format(ds, "  aggregation key: %u\n", lacp_key(lacp));
    } else {
        ds_put_cstr(ds, "  aggregation key: none\n");
    }
    ds_put_format(ds, "  lacp_time: %s\n", lacp->fast ? "fast" : "slow");

    const struct member **members = sorted_members(lacp);
    for (size_t i = 0; i < lacp->n_members; i++) {
        const struct member *m = members[i];
        struct lacp_info actor;

        actor_info(lacp, m, &actor);
        ds_put_format(ds, "\nmember: %s: %s %s\n", m->name,
                      status_names[m->status],
                      m->attached ? "attached" : "detached");
        ds_put_format(ds, "  port_id: %u\n", m->port_id);
        ds_put_format(ds, "  port_priority: %u\n", m->port_priority);
        ds_put_format(ds, "  may_enable: %s\n",
                      member_may_enable(lacp, m) ? "true" : "false");
        ds_put_char(ds, '\n');
        format_info("actor", &actor, ds);
        ds_put_char(ds, '\n');
        format_info("partner", &m->partner, ds);
    }
    free(members);
}

void
lacp_format_stats(const struct lacp *lacp, struct ds *ds)
{
    ds_put_format(ds, "---- %s statistics ----\n", lacp->name);

    const struct member **members = sorted_members(lacp);
    for (size_t i = 0; i < lacp->n_members; i++) {
        const struct lacp_member_stats *s = &members[i]->stats;
        ds_put_format(ds, "\nmember: %s:\n", members[i]->name);
        ds_put_format(ds, "  TX PDUs: %llu\n",
                      (unsigned long long) s->tx_pdus);
        ds_put_format(ds, "  RX PDUs: %llu\n",
                      (unsigned long long) s->rx_pdus);
        ds_put_format(ds, "  RX Bad PDUs: %llu\n",
                      (unsigned long long) s->rx_errors);
        ds_put_format(ds, "  RX Marker Request PDUs: %llu\n",
                      (unsigned long long) s->rx_markers);
        ds_put_format(ds, "  Link Expired: %llu\n",
                      (unsigned long long) s->n_expired);
        ds_put_format(ds, "  Link Defaulted: %llu\n",
                      (unsigned long long) s->n_defaulted);
        ds_put_format(ds, "  Carrier Status Changed: %llu\n",
                      (unsigned long long) s->n_carrier_changes);
    }
    free(members);
}

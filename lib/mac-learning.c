/* mac-learning: the MAC learning table.  See mac-learning.h. */
#include <config.h>
#include "mac-learning.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include "atomic.h"
#include "dynamic-string.h"
#include "hash.h"
#include "hmap.h"
#include "list.h"
#include "thread.h"
#include "util.h"

/* A learned entry is refreshed (which needs the write lock) at most once
 * in this many milliseconds. */
#define MAC_REFRESH_MSEC 1000

/* The learned entries of one port, for fair eviction. */
struct mac_port {
    struct hmap_node node;          /* In ml->ports, by hash_pointer(). */
    void *port;
    struct list lrus;               /* Its learned entries, least recently
                                     * refreshed first. */
    size_t n_learned;
};

struct mac_entry {
    struct hmap_node node;          /* In ml->table, by entry_hash(). */
    struct list lru_node;           /* Learned: in ml->lrus.  Static: in
                                     * ml->statics. */
    struct list port_lru_node;      /* Learned only: in mport->lrus. */
    struct mac_port *mport;         /* Learned only, else NULL. */
    void *port;
    struct eth_addr mac;
    uint16_t vlan;
    bool is_static;
    long long int used;             /* Last learned or refreshed (msec). */
    long long int lock_until;       /* Locked to 'port' until then. */
};

/* Everything but 'seq' is guarded by 'rwlock'. */
struct mac_learning {
    struct rwlock rwlock;
    struct hmap table;              /* struct mac_entry, by entry_hash(). */
    struct hmap ports;              /* struct mac_port. */
    struct list lrus;               /* Learned entries, least recently
                                     * refreshed first. */
    struct list statics;            /* Static entries, in order of
                                     * addition. */
    size_t n_static;
    long long int idle_msec;
    size_t max_entries;
    _Atomic uint64_t seq;           /* Lock-free. */

    /* Cumulative counters. */
    uint64_t n_learned;
    uint64_t n_expired;
    uint64_t n_evicted;
    uint64_t n_moved;
};

/* Returns ML for locking from a function that does not change it
 * otherwise. */
static struct mac_learning *
ml_cast(const struct mac_learning *ml)
{
    return (struct mac_learning *) ml;
}

static uint32_t
entry_hash(struct eth_addr mac, uint16_t vlan)
{
    return hash_uint64_basis(eth_addr_to_uint64(mac)
                             | (uint64_t) vlan << 48, 0);
}

static void
bump_seq(struct mac_learning *ml)
{
    atomic_add_relaxed(&ml->seq, 1);
}

static unsigned int
clamp_idle_time(unsigned int idle_time)
{
    return MIN(MAX(idle_time, MAC_MIN_IDLE_TIME), MAC_MAX_IDLE_TIME);
}

static struct mac_entry *
entry_find(const struct mac_learning *ml, struct eth_addr mac, uint16_t vlan)
    SLUICE_REQUIRES_SHARED(ml->rwlock)
{
    struct mac_entry *e;
    HMAP_FOR_EACH_WITH_HASH (e, node, entry_hash(mac, vlan), &ml->table) {
        if (e->vlan == vlan && eth_addr_equals(e->mac, mac)) {
            return e;
        }
    }
    return NULL;
}

static bool
entry_is_expired(const struct mac_learning *ml, const struct mac_entry *e,
                 long long int now)
    SLUICE_REQUIRES_SHARED(ml->rwlock)
{
    return !e->is_static && now - e->used >= ml->idle_msec;
}

static struct mac_port *
port_find(const struct mac_learning *ml, const void *port)
    SLUICE_REQUIRES_SHARED(ml->rwlock)
{
    struct mac_port *mp;
    HMAP_FOR_EACH_WITH_HASH (mp, node, hash_pointer(port, 0), &ml->ports) {
        if (mp->port == port) {
            return mp;
        }
    }
    return NULL;
}

/* Puts learned entry E, refreshed at NOW, on PORT at the back of the LRU
 * lists. */
static void
entry_attach_port(struct mac_learning *ml, struct mac_entry *e, void *port)
    SLUICE_REQUIRES(ml->rwlock)
{
    struct mac_port *mp = port_find(ml, port);
    if (!mp) {
        mp = xzalloc(sizeof *mp);
        mp->port = port;
        list_init(&mp->lrus);
        hmap_insert(&ml->ports, &mp->node, hash_pointer(port, 0));
    }
    e->port = port;
    e->mport = mp;
    list_push_back(&mp->lrus, &e->port_lru_node);
    mp->n_learned++;
}

/* Takes learned entry E off its port's list, freeing the port's record if
 * it was the last one. */
static void
entry_detach_port(struct mac_learning *ml, struct mac_entry *e)
    SLUICE_REQUIRES(ml->rwlock)
{
    struct mac_port *mp = e->mport;
    list_remove(&e->port_lru_node);
    e->mport = NULL;
    if (!--mp->n_learned) {
        hmap_remove(&ml->ports, &mp->node);
        free(mp);
    }
}

/* Removes E from ML and frees it. */
static void
entry_remove(struct mac_learning *ml, struct mac_entry *e)
    SLUICE_REQUIRES(ml->rwlock)
{
    hmap_remove(&ml->table, &e->node);
    list_remove(&e->lru_node);
    if (e->is_static) {
        ml->n_static--;
    } else {
        entry_detach_port(ml, e);
    }
    free(e);
    bump_seq(ml);
}

/* Evicts the least recently refreshed learned entry of the port with the
 * most learned entries.  Returns false if ML has no learned entry. */
static bool
evict_one(struct mac_learning *ml)
    SLUICE_REQUIRES(ml->rwlock)
{
    struct mac_port *victim = NULL;
    struct mac_port *mp;

    HMAP_FOR_EACH (mp, node, &ml->ports) {
        if (!victim || mp->n_learned > victim->n_learned) {
            victim = mp;
        }
    }
    if (!victim) {
        return false;
    }

    struct mac_entry *e = CONTAINER_OF(list_front(&victim->lrus),
                                       struct mac_entry, port_lru_node);
    entry_remove(ml, e);
    ml->n_evicted++;
    return true;
}

/* Makes room for one more entry in ML.  Returns false if every entry is
 * static and the table is full. */
static bool
make_room(struct mac_learning *ml)
    SLUICE_REQUIRES(ml->rwlock)
{
    while (hmap_count(&ml->table) >= ml->max_entries) {
        if (!evict_one(ml)) {
            return false;
        }
    }
    return true;
}

static struct mac_entry *
entry_create(struct mac_learning *ml, struct eth_addr mac, uint16_t vlan)
    SLUICE_REQUIRES(ml->rwlock)
{
    struct mac_entry *e = xzalloc(sizeof *e);
    e->mac = mac;
    e->vlan = vlan;
    hmap_insert(&ml->table, &e->node, entry_hash(mac, vlan));
    bump_seq(ml);
    return e;
}

struct mac_learning *
mac_learning_create(unsigned int idle_time)
{
    struct mac_learning *ml = xzalloc(sizeof *ml);

    rwlock_init(&ml->rwlock);
    hmap_init(&ml->table);
    hmap_init(&ml->ports);
    list_init(&ml->lrus);
    list_init(&ml->statics);
    ml->idle_msec = clamp_idle_time(idle_time) * 1000LL;
    ml->max_entries = MAC_DEFAULT_MAX;
    atomic_init(&ml->seq, 0);
    return ml;
}

void
mac_learning_destroy(struct mac_learning *ml)
{
    if (!ml) {
        return;
    }

    struct mac_entry *e;
    HMAP_FOR_EACH_POP (e, node, &ml->table) {
        free(e);
    }
    struct mac_port *mp;
    HMAP_FOR_EACH_POP (mp, node, &ml->ports) {
        free(mp);
    }
    hmap_destroy(&ml->table);
    hmap_destroy(&ml->ports);
    rwlock_destroy(&ml->rwlock);
    free(ml);
}

unsigned int
mac_learning_set_idle_time(struct mac_learning *ml, unsigned int idle_time)
{
    idle_time = clamp_idle_time(idle_time);
    rwlock_wrlock(&ml->rwlock);
    ml->idle_msec = idle_time * 1000LL;
    rwlock_unlock(&ml->rwlock);
    return idle_time;
}

size_t
mac_learning_set_max_entries(struct mac_learning *ml, size_t max_entries)
{
    max_entries = MAX(max_entries, MAC_MIN_MAX);
    rwlock_wrlock(&ml->rwlock);
    ml->max_entries = max_entries;
    while (hmap_count(&ml->table) > max_entries && evict_one(ml)) {
        continue;
    }
    rwlock_unlock(&ml->rwlock);
    return max_entries;
}

bool
mac_learning_may_learn(struct eth_addr mac, uint16_t vlan)
{
    return (vlan <= MAC_MAX_VLAN && !eth_addr_is_multicast(mac)
            && !eth_addr_is_zero(mac));
}

/* Returns true if learning MAC in VLAN on PORT with FLAGS at NOW would
 * change nothing but a refresh that is not yet due. */
static bool
learn_is_noop(const struct mac_learning *ml, struct eth_addr mac,
              uint16_t vlan, const void *port, unsigned int flags,
              long long int now, enum mac_learn_result *result)
    SLUICE_REQUIRES_SHARED(ml->rwlock)
{
    const struct mac_entry *e = entry_find(ml, mac, vlan);
    if (!e) {
        return false;
    } else if (e->is_static) {
        *result = MAC_LEARN_STATIC;
        return true;
    } else if (e->port != port) {
        if (flags & MAC_LEARN_RESPECT_LOCK && now < e->lock_until
            && !entry_is_expired(ml, e, now)) {
            *result = MAC_LEARN_LOCKED;
            return true;
        }
        return false;
    } else {
        *result = MAC_LEARN_UNCHANGED;
        return !(flags & MAC_LEARN_LOCK) && now - e->used < MAC_REFRESH_MSEC;
    }
}

static enum mac_learn_result
learn__(struct mac_learning *ml, struct eth_addr mac, uint16_t vlan,
        void *port, unsigned int flags, long long int now)
    SLUICE_REQUIRES(ml->rwlock)
{
    enum mac_learn_result result;
    if (learn_is_noop(ml, mac, vlan, port, flags, now, &result)) {
        return result;
    }

    struct mac_entry *e = entry_find(ml, mac, vlan);
    if (e && entry_is_expired(ml, e, now)) {
        entry_remove(ml, e);
        ml->n_expired++;
        e = NULL;
    }

    if (!e) {
        if (!make_room(ml)) {
            return MAC_LEARN_REFUSED;
        }
        e = entry_create(ml, mac, vlan);
        entry_attach_port(ml, e, port);
        ml->n_learned++;
        result = MAC_LEARN_NEW;
    } else if (e->port != port) {
        entry_detach_port(ml, e);
        entry_attach_port(ml, e, port);
        list_remove(&e->lru_node);
        e->lock_until = 0;
        ml->n_moved++;
        bump_seq(ml);
        result = MAC_LEARN_MOVED;
    } else {
        list_remove(&e->port_lru_node);
        list_push_back(&e->mport->lrus, &e->port_lru_node);
        list_remove(&e->lru_node);
        result = MAC_LEARN_UNCHANGED;
    }
    list_push_back(&ml->lrus, &e->lru_node);
    e->used = MAX(e->used, now);
    if (flags & MAC_LEARN_LOCK) {
        e->lock_until = now + MAC_LOCK_MSEC;
    }
    return result;
}

enum mac_learn_result
mac_learning_learn(struct mac_learning *ml, struct eth_addr mac,
                   uint16_t vlan, void *port, unsigned int flags,
                   long long int now)
{
    enum mac_learn_result result;

    if (!port || !mac_learning_may_learn(mac, vlan)) {
        return MAC_LEARN_REFUSED;
    }

    /* Most frames come from addresses already learned on their port. */
    rwlock_rdlock(&ml->rwlock);
    bool noop = learn_is_noop(ml, mac, vlan, port, flags, now, &result);
    rwlock_unlock(&ml->rwlock);
    if (noop) {
        return result;
    }

    rwlock_wrlock(&ml->rwlock);
    result = learn__(ml, mac, vlan, port, flags, now);
    rwlock_unlock(&ml->rwlock);
    return result;
}

void *
mac_learning_lookup(const struct mac_learning *ml, struct eth_addr mac,
                    uint16_t vlan, long long int now)
{
    struct mac_learning *m = ml_cast(ml);
    void *port = NULL;

    rwlock_rdlock(&m->rwlock);
    const struct mac_entry *e = entry_find(m, mac, vlan);
    if (e && !entry_is_expired(m, e, now)) {
        port = e->port;
    }
    rwlock_unlock(&m->rwlock);
    return port;
}

int
mac_learning_add_static(struct mac_learning *ml, struct eth_addr mac,
                        uint16_t vlan, void *port)
{
    int error = 0;

    if (!port || !mac_learning_may_learn(mac, vlan)) {
        return EINVAL;
    }

    rwlock_wrlock(&ml->rwlock);
    struct mac_entry *e = entry_find(ml, mac, vlan);
    if (e && e->is_static) {
        if (e->port != port) {
            e->port = port;
            bump_seq(ml);
        }
    } else {
        if (e) {
            entry_remove(ml, e);
        }
        if (make_room(ml)) {
            e = entry_create(ml, mac, vlan);
            e->is_static = true;
            e->port = port;
            list_push_back(&ml->statics, &e->lru_node);
            ml->n_static++;
        } else {
            error = ENOSPC;
        }
    }
    rwlock_unlock(&ml->rwlock);
    return error;
}

int
mac_learning_del_static(struct mac_learning *ml, struct eth_addr mac,
                        uint16_t vlan)
{
    rwlock_wrlock(&ml->rwlock);
    struct mac_entry *e = entry_find(ml, mac, vlan);
    bool found = e && e->is_static;
    if (found) {
        entry_remove(ml, e);
    }
    rwlock_unlock(&ml->rwlock);
    return found ? 0 : ENOENT;
}

bool
mac_learning_run(struct mac_learning *ml, long long int now)
{
    bool changed = false;

    rwlock_wrlock(&ml->rwlock);
    while (!list_is_empty(&ml->lrus)) {
        struct mac_entry *e = CONTAINER_OF(list_front(&ml->lrus),
                                           struct mac_entry, lru_node);
        if (!entry_is_expired(ml, e, now)) {
            break;
        }
        entry_remove(ml, e);
        ml->n_expired++;
        changed = true;
    }
    rwlock_unlock(&ml->rwlock);
    return changed;
}

long long int
mac_learning_next_expiry(const struct mac_learning *ml)
{
    struct mac_learning *m = ml_cast(ml);
    long long int when = LLONG_MAX;

    rwlock_rdlock(&m->rwlock);
    if (!list_is_empty(&m->lrus)) {
        const struct mac_entry *e = CONTAINER_OF(list_front(&m->lrus),
                                                 struct mac_entry, lru_node);
        when = e->used + m->idle_msec;
    }
    rwlock_unlock(&m->rwlock);
    return when;
}

/* Removes the entries of ML for which MATCH(E, AUX) is true and returns
 * their number. */
static size_t
flush_if(struct mac_learning *ml,
         bool (*match)(const struct mac_entry *, const void *aux),
         const void *aux)
{
    size_t n = 0;

    rwlock_wrlock(&ml->rwlock);
    struct mac_entry *e;
    HMAP_FOR_EACH_SAFE (e, node, &ml->table) {
        if (match(e, aux)) {
            entry_remove(ml, e);
            n++;
        }
    }
    rwlock_unlock(&ml->rwlock);
    return n;
}

static bool
match_any(const struct mac_entry *e SLUICE_UNUSED,
          const void *aux SLUICE_UNUSED)
{
    return true;
}

static bool
match_port(const struct mac_entry *e, const void *port)
{
    return e->port == port;
}

static bool
match_vlan(const struct mac_entry *e, const void *vlan_)
{
    const uint16_t *vlan = vlan_;
    return e->vlan == *vlan;
}

size_t
mac_learning_flush(struct mac_learning *ml)
{
    return flush_if(ml, match_any, NULL);
}

size_t
mac_learning_flush_port(struct mac_learning *ml, const void *port)
{
    return flush_if(ml, match_port, port);
}

size_t
mac_learning_flush_vlan(struct mac_learning *ml, uint16_t vlan)
{
    return flush_if(ml, match_vlan, &vlan);
}

uint64_t
mac_learning_seq(const struct mac_learning *ml)
{
    return atomic_read_relaxed(&ml_cast(ml)->seq);
}

void
mac_learning_get_stats(const struct mac_learning *ml,
                       struct mac_learning_stats *stats)
{
    struct mac_learning *m = ml_cast(ml);

    rwlock_rdlock(&m->rwlock);
    stats->n_entries = hmap_count(&m->table);
    stats->max_entries = m->max_entries;
    stats->n_static = m->n_static;
    stats->n_learned = m->n_learned;
    stats->n_expired = m->n_expired;
    stats->n_evicted = m->n_evicted;
    stats->n_moved = m->n_moved;
    rwlock_unlock(&m->rwlock);
}

void
mac_learning_clear_stats(struct mac_learning *ml)
{
    rwlock_wrlock(&ml->rwlock);
    ml->n_learned = 0;
    ml->n_expired = 0;
    ml->n_evicted = 0;
    ml->n_moved = 0;
    rwlock_unlock(&ml->rwlock);
}

void
mac_learning_format_stats(const struct mac_learning *ml, const char *bridge,
                          struct ds *ds)
{
    struct mac_learning_stats s;

    mac_learning_get_stats(ml, &s);
    ds_put_format(ds, "Statistics for bridge \"%s\":\n", bridge);
    ds_put_format(ds, "  Current/maximum MAC entries in the table: "
                  "%zu/%zu\n", s.n_entries, s.max_entries);
    ds_put_format(ds, "  Current static MAC entries in the table : %zu\n",
                  s.n_static);
    ds_put_format(ds, "  Total number of learned MAC entries     : "
                  "%"PRIu64"\n", s.n_learned);
    ds_put_format(ds, "  Total number of expired MAC entries     : "
                  "%"PRIu64"\n", s.n_expired);
    ds_put_format(ds, "  Total number of evicted MAC entries     : "
                  "%"PRIu64"\n", s.n_evicted);
    ds_put_format(ds, "  Total number of port moved MAC entries  : "
                  "%"PRIu64"\n", s.n_moved);
}

static void
format_entry(const struct mac_entry *e, long long int now,
             mac_learning_port_name_cb *port_name, void *aux, struct ds *ds)
{
    char name[64];

    port_name(e->port, aux, name, sizeof name);
    name[sizeof name - 1] = '\0';
    ds_put_format(ds, "%5s  %4"PRIu16"  "ETH_ADDR_FMT"  ", name, e->vlan,
                  ETH_ADDR_ARGS(e->mac));
    if (e->is_static) {
        ds_put_cstr(ds, "static\n");
    } else {
        long long int age = now > e->used ? (now - e->used) / 1000 : 0;
        ds_put_format(ds, "%3lld\n", age);
    }
}

void
mac_learning_format(const struct mac_learning *ml, long long int now,
                    mac_learning_port_name_cb *port_name, void *aux,
                    struct ds *ds)
{
    struct mac_learning *m = ml_cast(ml);
    const struct mac_entry *e;

    ds_put_cstr(ds, " port  VLAN  MAC                Age\n");
    rwlock_rdlock(&m->rwlock);
    LIST_FOR_EACH (e, lru_node, &m->statics) {
        format_entry(e, now, port_name, aux, ds);
    }
    LIST_FOR_EACH (e, lru_node, &m->lrus) {
        if (!entry_is_expired(m, e, now)) {
            format_entry(e, now, port_name, aux, ds);
        }
    }
    rwlock_unlock(&m->rwlock);
}

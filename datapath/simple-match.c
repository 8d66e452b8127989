/* simple-match: see simple-match.h. */

#include "simple-match.h"

#include <netinet/in.h>
#include <string.h>
#include "hash.h"
#include "odp-actions.h"
#include "packets.h"
#include "rcu.h"
#include "util.h"

/* What a simple megaflow matches and a packet presents. */
struct simple_match_key {
    uint32_t in_port;
    be16 dl_type;
    uint8_t nw_frag;                /* Zero unless SIMPLE_MATCH_FRAG. */
    uint8_t kind;
    uint64_t vlans;                 /* Zero unless SIMPLE_MATCH_VLAN. */
};
BUILD_ASSERT_DECL(sizeof(struct simple_match_key) == 16);
BUILD_ASSERT_DECL(sizeof(struct flow_vlan) * FLOW_MAX_VLAN_HEADERS
                  == sizeof(uint64_t));

struct simple_match_entry {
    struct cmap_node node;          /* In sm->entries. */
    struct simple_match_key key;
    struct dpcls_rule *rule;
};

/* The recirc_id-0 megaflows of one input port. */
struct simple_match_port {
    struct cmap_node node;          /* In sm->ports, by hash_int(port). */
    uint32_t port_no;
    _Atomic int kind;               /* What readers use: a kind or -1. */
    uint32_t n_flows;               /* Writer only: all of them... */
    uint32_t n_kind[SIMPLE_MATCH_N_KINDS];  /* ...and the simple ones. */
};

void
simple_match_init(struct simple_match *sm)
{
    cmap_init(&sm->ports);
    cmap_init(&sm->entries);
}

void
simple_match_destroy(struct simple_match *sm)
{
    if (!sm) {
        return;
    }
    /* The iterations read each node after their bodies: free later. */
    struct simple_match_entry *e;
    CMAP_FOR_EACH (e, node, &sm->entries) {
        rcu_postpone(free, e);
    }
    struct simple_match_port *port;
    CMAP_FOR_EACH (port, node, &sm->ports) {
        rcu_postpone(free, port);
    }
    cmap_destroy(&sm->entries);
    cmap_destroy(&sm->ports);
}

size_t
simple_match_count(const struct simple_match *sm)
{
    return cmap_count(&sm->entries);
}

static uint32_t
key_hash(const struct simple_match_key *k)
{
    uint32_t hash = hash_add(0, k->in_port);
    hash = hash_add(hash, (uint32_t) k->dl_type
                          | (uint32_t) k->nw_frag << 16
                          | (uint32_t) k->kind << 24);
    hash = hash_add64(hash, k->vlans);
    return hash_finish(hash, 16);
}

static bool
key_equal(const struct simple_match_key *a, const struct simple_match_key *b)
{
    return (a->in_port == b->in_port && a->dl_type == b->dl_type
            && a->nw_frag == b->nw_frag && a->kind == b->kind
            && a->vlans == b->vlans);
}

static uint64_t
flow_word(const struct flow *flow, size_t idx)
{
    return flow_u64s(flow)[idx];
}

/* Returns the mask of struct flow's VLAN word that KIND matches. */
static inline uint64_t
vlan_word_mask(int kind)
{
    if (kind & SIMPLE_MATCH_VLAN) {
        return UINT64_MAX;
    } else if (kind & SIMPLE_MATCH_VLAN_TPID) {
        struct flow_vlan vlans[FLOW_MAX_VLAN_HEADERS];
        uint64_t word;

        memset(vlans, 0, sizeof vlans);
        vlans[0].tpid = BE16_C(0xffff);
        memcpy(&word, vlans, sizeof word);
        return word;
    } else {
        return 0;
    }
}

int
simple_match_kind(const struct flow *key, const struct flow *mask,
                  const void *actions, size_t size)
{
    if (key->recirc_id || odp_actions_need_layers(actions, size)) {
        return -1;
    }

    /* The mask every simple megaflow has, word by word, apart from the
     * VLAN and IP words, which are checked on their own. */
    struct flow want;
    memset(&want, 0, sizeof want);
    want.in_port = UINT32_MAX;
    want.recirc_id = UINT32_MAX;
    want.dl_type = mask->dl_type;
    if (mask->dl_type != BE16_C(0xffff) && mask->dl_type) {
        return -1;
    }

    const size_t w_vlan = FLOW_U64_INDEX(vlans);
    const size_t w_ip = FLOW_U64_INDEX(nw_frag);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        if (i != w_vlan && i != w_ip
            && flow_word(mask, i) != flow_word(&want, i)) {
            return -1;
        }
    }

    int kind = mask->dl_type ? 0 : SIMPLE_MATCH_ANY_TYPE;
    uint64_t vlan_mask = flow_word(mask, w_vlan);
    if (vlan_mask == UINT64_MAX) {
        kind |= SIMPLE_MATCH_VLAN;
    } else if (vlan_mask == vlan_word_mask(SIMPLE_MATCH_VLAN_TPID)) {
        kind |= SIMPLE_MATCH_VLAN_TPID;
    } else if (vlan_mask) {
        return -1;
    }

    struct flow ip_only;
    memset(&ip_only, 0, sizeof ip_only);
    ip_only.nw_frag = mask->nw_frag;
    if (flow_word(mask, w_ip) != flow_word(&ip_only, w_ip)) {
        return -1;              /* Something besides nw_frag. */
    }
    if ((mask->nw_frag & FLOW_NW_FRAG_MASK) == FLOW_NW_FRAG_MASK) {
        kind |= SIMPLE_MATCH_FRAG;
    } else if (mask->nw_frag & FLOW_NW_FRAG_MASK) {
        return -1;              /* Half of the bits. */
    }
    return kind;
}

static struct simple_match_port *
find_port(const struct simple_match *sm, uint32_t port_no)
{
    struct simple_match_port *port;
    CMAP_FOR_EACH_WITH_HASH (port, node, hash_int(port_no, 0), &sm->ports) {
        if (port->port_no == port_no) {
            return port;
        }
    }
    return NULL;
}

/* Recomputes the kind that readers use for PORT. */
static void
port_update_kind(struct simple_match_port *port)
{
    int kind = -1;
    for (int k = 0; k < SIMPLE_MATCH_N_KINDS; k++) {
        if (port->n_flows && port->n_kind[k] == port->n_flows) {
            kind = k;
        }
    }
    atomic_store_explicit(&port->kind, kind, memory_order_release);
}

static void
key_from_flow(const struct flow *key, int kind, struct simple_match_key *k)
{
    k->in_port = key->in_port;
    k->dl_type = kind & SIMPLE_MATCH_ANY_TYPE ? 0 : key->dl_type;
    k->nw_frag = kind & SIMPLE_MATCH_FRAG ? key->nw_frag : 0;
    k->kind = kind;
    k->vlans = flow_word(key, FLOW_U64_INDEX(vlans)) & vlan_word_mask(kind);
}

void
simple_match_add(struct simple_match *sm, const struct flow *key, int kind,
                 struct dpcls_rule *rule)
{
    if (key->recirc_id) {
        return;
    }

    if (kind >= 0) {
        struct simple_match_entry *e = xmalloc(sizeof *e);
        key_from_flow(key, kind, &e->key);
        e->rule = rule;
        cmap_insert(&sm->entries, &e->node, key_hash(&e->key));
    }

    struct simple_match_port *port = find_port(sm, key->in_port);
    if (!port) {
        port = xzalloc(sizeof *port);
        port->port_no = key->in_port;
        atomic_init(&port->kind, -1);
        cmap_insert(&sm->ports, &port->node, hash_int(key->in_port, 0));
    }
    port->n_flows++;
    if (kind >= 0) {
        port->n_kind[kind]++;
    }
    port_update_kind(port);
}

void
simple_match_remove(struct simple_match *sm, const struct flow *key,
                    int kind, struct dpcls_rule *rule)
{
    if (key->recirc_id) {
        return;
    }

    struct simple_match_port *port = find_port(sm, key->in_port);
    sluice_assert(port && port->n_flows);
    port->n_flows--;
    if (kind >= 0) {
        sluice_assert(port->n_kind[kind]);
        port->n_kind[kind]--;
    }
    port_update_kind(port);
    if (!port->n_flows) {
        cmap_remove(&sm->ports, &port->node, hash_int(key->in_port, 0));
        rcu_postpone(free, port);
    }

    if (kind >= 0) {
        struct simple_match_key k;
        key_from_flow(key, kind, &k);
        uint32_t hash = key_hash(&k);
        struct simple_match_entry *e;
        CMAP_FOR_EACH_WITH_HASH (e, node, hash, &sm->entries) {
            if (e->rule == rule) {
                cmap_remove(&sm->entries, &e->node, hash);
                rcu_postpone(free, e);
                return;
            }
        }
        sluice_abort("simple-match: entry of rule %p missing", (void *) rule);
    }
}

int
simple_match_port_kind(const struct simple_match *sm, uint32_t in_port)
{
    if (cmap_is_empty(&sm->entries)) {
        return -1;
    }
    const struct simple_match_port *port = find_port(sm, in_port);
    return (port
            ? atomic_load_explicit(&((struct simple_match_port *) port)->kind,
                                   memory_order_acquire)
            : -1);
}

/* Returns the TCP flags of the TCP header at L4, with SIZE bytes left in
 * the IP payload, as flow extraction would find them (0 if the header
 * is truncated or its length is bad). */
static inline uint16_t
tcp_flags_at(const uint8_t *l4, size_t size)
{
    if (size < TCP_HEADER_LEN) {
        return 0;
    }
    be16 ctl = get_unaligned_be16(l4 + offsetof(struct tcp_header, tcp_ctl));
    size_t tcp_len = TCP_OFFSET(ctl) * 4;
    return (tcp_len >= TCP_HEADER_LEN && tcp_len <= size
            ? TCP_FLAGS(ctl) : 0);
}

/* Reads from PACKET the fields of a simple key of KIND into K, and its TCP
 * flags into *TCP_FLAGS, exactly as flow extraction would find them.
 * Returns false for a packet that needs the full parser to tell: the
 * caller then gives it the full way. */
static inline bool
parse_packet(const struct dp_packet *packet, int kind,
             struct simple_match_key *k, uint16_t *tcp_flags)
{
    const uint8_t *data = dp_packet_data(packet);
    size_t size = dp_packet_size(packet);

    if (size < ETH_HEADER_LEN) {
        return false;
    }
    be16 dl_type = get_unaligned_be16(data
                                      + offsetof(struct eth_header, eth_type));
    data += ETH_HEADER_LEN;
    size -= ETH_HEADER_LEN;

    struct flow_vlan vlans[FLOW_MAX_VLAN_HEADERS];
    dl_type = flow_parse_vlans(&data, &size, dl_type, vlans);
    if (ntohs(dl_type) < ETH_TYPE_MIN) {
        return false;           /* 802.3 frame: LLC, perhaps SNAP. */
    }

    uint8_t nw_frag = 0;
    uint16_t flags = 0;
    if (dl_type == BE16_C(ETH_TYPE_IP)) {
        size_t ihl, tot_len;
        if (!flow_check_ipv4(data, size, &ihl, &tot_len)) {
            return false;
        }
        nw_frag = flow_ipv4_frag(data);
        if (data[offsetof(struct ip_header, ip_proto)] == IPPROTO_TCP
            && !(nw_frag & FLOW_NW_FRAG_LATER)) {
            flags = tcp_flags_at(data + ihl, tot_len - ihl);
        }
    } else if (dl_type == BE16_C(ETH_TYPE_IPV6)) {
        if (size < IPV6_HEADER_LEN
            || data[0] >> 4 != IPV6_VERSION) {
            return false;
        }
        size_t plen = ntohs(get_unaligned_be16(
                                data + offsetof(struct ip6_header,
                                                ip6_payload_len)));
        if (plen > size - IPV6_HEADER_LEN) {
            return false;
        }
        uint8_t nxt = data[offsetof(struct ip6_header, ip6_next_header)];
        switch (nxt) {
        case IPPROTO_HOPOPTS:
        case IPPROTO_ROUTING:
        case IPPROTO_DSTOPTS:
        case IPPROTO_AH:
        case IPPROTO_FRAGMENT:
            return false;       /* Extension headers: the full parser. */
        case IPPROTO_TCP:
            flags = tcp_flags_at(data + IPV6_HEADER_LEN, plen);
            break;
        default:
            break;
        }
    }

    k->dl_type = kind & SIMPLE_MATCH_ANY_TYPE ? 0 : dl_type;
    k->nw_frag = kind & SIMPLE_MATCH_FRAG ? nw_frag : 0;
    k->kind = kind;
    memcpy(&k->vlans, vlans, sizeof k->vlans);
    k->vlans &= vlan_word_mask(kind);
    *tcp_flags = flags;
    return true;
}

static struct dpcls_rule *
lookup_key(const struct simple_match *sm, const struct simple_match_key *k)
{
    const struct simple_match_entry *e;
    CMAP_FOR_EACH_WITH_HASH (e, node, key_hash(k), &sm->entries) {
        if (key_equal(&e->key, k)) {
            return e->rule;
        }
    }
    return NULL;
}

uint32_t
simple_match_lookup_batch(const struct simple_match *sm, uint32_t in_port,
                          int kind, struct dp_packet *const packets[],
                          size_t n, struct dpcls_rule *rules[],
                          uint16_t tcp_flags[])
{
    struct simple_match_key last;
    struct dpcls_rule *last_rule = NULL;
    bool have_last = false;
    uint32_t hits = 0;

    /* Consecutive packets mostly share a key: look up each new key
     * once. */
    for (size_t i = 0; i < n; i++) {
        struct simple_match_key k;

        k.in_port = in_port;
        if (!parse_packet(packets[i], kind, &k, &tcp_flags[i])) {
            rules[i] = NULL;
            continue;
        }
        if (!have_last || !key_equal(&k, &last)) {
            last = k;
            last_rule = lookup_key(sm, &k);
            have_last = true;
        }
        rules[i] = last_rule;
        if (last_rule) {
            hits |= UINT32_C(1) << i;
        }
    }
    return hits;
}

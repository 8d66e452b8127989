/* The OpenFlow classifier: tuple space search with priorities, staged
 * lookup, prefix tries and versions.  See classifier.h for the contract.
 *
 * Layout.  Rules with the same mask share a subtable.  A subtable keeps the
 * indexes of its mask's nonzero words, ordered by lookup stage, and a cmap
 * of its distinct masked keys: the cmap holds, for each key, the rule with
 * the highest priority (the "head"), and each rule links to the next rule
 * with the same match and a lower (or equal, for rules of other versions)
 * priority.  For each stage but the last, a subtable also keeps a cmap of
 * the hashes of its keys' fields up to that stage, with a count of the
 * keys that have each hash: a lookup whose hash up to a stage is absent
 * cannot match and examined only those fields.
 *
 * The classifier keeps its subtables in an array sorted by each
 * subtable's highest priority, published to readers with RCU; the writer
 * keeps its own copy and publishes a new array whenever the order or a
 * priority changes.
 *
 * A prefix trie per address field (classifier.h's enum cls_trie_field)
 * holds the prefix of that field of every rule whose subtable's mask on
 * the field is a CIDR prefix, with a count per prefix.  It is a binary
 * trie with path compression: each node holds up to 32 bits of the path
 * and the number of rules whose prefix ends exactly there.  Writers change
 * it copy-on-write (a node whose bits change is replaced by a new one and
 * freed after a grace period), so readers walk it without locks. */
#include <config.h>
#include "classifier.h"
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "util.h"

/* Lookup stages, in order.  Each word of struct oflow belongs to one. */
enum cls_stage {
    STAGE_META,                 /* in_port, datapath and OpenFlow metadata,
                                 * registers. */
    STAGE_L2,                   /* Ethernet, VLANs, MPLS. */
    STAGE_L3,                   /* IP addresses and header fields. */
    STAGE_L4,                   /* ND, ARP hardware addresses, ports. */
    N_STAGES
};

/* One entry of a stage index: the hash of some keys' fields up to a stage,
 * and how many distinct keys of the subtable have it. */
struct cls_index_entry {
    struct cmap_node cmap_node;
    uint32_t count;             /* Writers only. */
};

struct cls_subtable {
    /* Read by lookups. */
    struct cmap rules;                  /* Head rules by 'hash'. */
    uint8_t n_words;                    /* Nonzero mask words. */
    uint8_t n_stages;                   /* Stages with nonzero words. */
    uint8_t stage_kind[N_STAGES];       /* enum cls_stage of each. */
    uint8_t stage_end[N_STAGES];        /* End of each in 'words'. */
    uint8_t trie_plen[CLS_N_TRIES];     /* Prefix length, 0 if none. */
    bool has_tries;                     /* Some 'trie_plen' nonzero. */
    uint8_t words[OFLOW_U64S];          /* Word indexes, by stage. */
    uint64_t mask_words[OFLOW_U64S];    /* The mask's value of each. */
    struct cmap indices[N_STAGES - 1];  /* cls_index_entry by hash. */
    struct oflow mask;

    /* Writers only. */
    struct hmap_node hmap_node;         /* In 'subtables_by_mask'. */
    int max_priority;                   /* Highest priority of a rule. */
    size_t max_count;                   /* Rules with 'max_priority'. */
    size_t n_rules;
};

/* A subtable and its highest priority, as lookups see them. */
struct cls_subtable_entry {
    int max_priority;
    struct cls_subtable *subtable;
};

struct cls_subtables {
    size_t n;
    struct cls_subtable_entry entries[];
};

/* A node of a prefix trie.  Nodes are immutable after publication except
 * for 'info''s rule count and the 'edges'. */
struct cls_trie_node {
    uint32_t prefix;                    /* Left-aligned path bits. */
    _Atomic(uint32_t) info;             /* Bits (low 8) and rules (rest). */
    RCU(struct cls_trie_node *) edges[2];   /* By the next bit. */
};

#define TRIE_MAX_RULES (UINT32_MAX >> 8)

/* Where the address of each trie lives in struct oflow. */
struct cls_trie_field_info {
    size_t ofs;                 /* Byte offset in struct oflow. */
    unsigned int width;         /* Bits: 32 or 128. */
};

static const struct cls_trie_field_info trie_fields[CLS_N_TRIES] = {
    [CLS_TRIE_NW_SRC] = { offsetof(struct oflow, dp.nw_src), 32 },
    [CLS_TRIE_NW_DST] = { offsetof(struct oflow, dp.nw_dst), 32 },
    [CLS_TRIE_IPV6_SRC] = { offsetof(struct oflow, dp.ipv6_src), 128 },
    [CLS_TRIE_IPV6_DST] = { offsetof(struct oflow, dp.ipv6_dst), 128 },
};

/* Per-lookup state of one trie: computed the first time a subtable needs
 * it. */
struct trie_ctx {
    bool done;
    unsigned int checkbits;     /* Leading bits the walk examined. */
    uint64_t plens[3];          /* Bit N: an N-bit prefix matches. */
};

static void publish_subtables(struct classifier *);

/* Stages. */

static enum cls_stage
word_stage(size_t word)
{
    if (word < FLOW_U64_INDEX(dl_dst)) {
        return STAGE_META;
    } else if (word < FLOW_U64_INDEX(nw_src)) {
        return STAGE_L2;
    } else if (word < FLOW_U64_INDEX(nd_target)) {
        return STAGE_L3;
    } else if (word < FLOW_U64S) {
        return STAGE_L4;
    } else {
        return STAGE_META;
    }
}

BUILD_ASSERT_DECL(FLOW_U64_INDEX(nw_src) == FLOW_U64_INDEX(nw_dst));
BUILD_ASSERT_DECL(FLOW_U64_INDEX(ipv6_dst) + 2 <= FLOW_U64_INDEX(nd_target));

/* Addresses as prefix-trie values. */

/* Stores the address of trie field F in FLOW as four 32-bit words in host
 * order, most significant first (an IPv4 address in the first; the others
 * zero). */
static void
trie_field_get(enum cls_trie_field f, const struct oflow *flow,
               uint32_t v[4])
{
    const uint8_t *p = (const uint8_t *) flow + trie_fields[f].ofs;

    memset(v, 0, 4 * sizeof v[0]);
    for (size_t i = 0; i < trie_fields[f].width / 32; i++) {
        be32 word;
        memcpy(&word, p + 4 * i, sizeof word);
        v[i] = ntohl(word);
    }
}

/* Sets the N_BITS leading bits of trie field F in WC. */
static void
trie_field_unwildcard(enum cls_trie_field f, unsigned int n_bits,
                      struct oflow *wc)
{
    uint8_t *p = (uint8_t *) wc + trie_fields[f].ofs;

    for (size_t i = 0; i < trie_fields[f].width / 32 && n_bits; i++) {
        unsigned int n = MIN(n_bits, 32);
        be32 word;
        memcpy(&word, p + 4 * i, sizeof word);
        word |= htonl(UINT32_MAX << (32 - n));
        memcpy(p + 4 * i, &word, sizeof word);
        n_bits -= n;
    }
}

/* Returns the prefix length of MASK's trie field F: 0 if it is all zeros,
 * -1 if it is not a CIDR prefix. */
static int
trie_field_plen(enum cls_trie_field f, const struct oflow *mask)
{
    uint32_t v[4];
    int plen = 0;
    bool ended = false;

    trie_field_get(f, mask, v);
    for (size_t i = 0; i < trie_fields[f].width / 32; i++) {
        uint32_t w = v[i];
        if (ended) {
            if (w) {
                return -1;
            }
            continue;
        }
        /* W must be some ones followed by zeros, that is, ~W + 1 must be
         * a power of 2 (or wrap to 0, for W all zeros). */
        uint32_t inv = ~w;
        if (inv & (inv + 1)) {
            return -1;
        }
        int ones = inv ? __builtin_clz(inv) : 32;
        plen += ones;
        ended = ones < 32;
    }
    return plen;
}

/* Returns N (0 to 32) bits of V starting at bit OFS (0 is the most
 * significant bit of V[0]), left-aligned. */
static inline uint32_t
trie_get_bits(const uint32_t v[4], unsigned int ofs, unsigned int n)
{
    if (!n) {
        return 0;
    }
    unsigned int w = ofs / 32;
    uint64_t x = ((uint64_t) v[w] << 32) | (w < 3 ? v[w + 1] : 0);
    uint32_t bits = (uint32_t) ((x << (ofs % 32)) >> 32);
    return bits & (UINT32_MAX << (32 - n));
}

/* Returns bit OFS of V. */
static inline unsigned int
trie_get_bit(const uint32_t v[4], unsigned int ofs)
{
    return (v[ofs / 32] >> (31 - ofs % 32)) & 1;
}

/* Returns a mask of the N (0 to 32) leading bits. */
static inline uint32_t
trie_bits_mask(unsigned int n)
{
    return n ? UINT32_MAX << (32 - n) : 0;
}

static inline unsigned int
trie_node_n_bits(const struct cls_trie_node *node)
{
    return atomic_read_relaxed(&node->info) & 0xff;
}

static inline uint32_t
trie_node_n_rules(const struct cls_trie_node *node)
{
    return atomic_read_relaxed(&node->info) >> 8;
}

static void
trie_node_set_n_rules(struct cls_trie_node *node, uint32_t n_rules)
{
    sluice_assert(n_rules <= TRIE_MAX_RULES);
    atomic_store_relaxed(&node->info,
                         (n_rules << 8) | trie_node_n_bits(node));
}

static struct cls_trie_node *
trie_node_new(uint32_t prefix, unsigned int n_bits, uint32_t n_rules,
              struct cls_trie_node *edge0, struct cls_trie_node *edge1)
{
    struct cls_trie_node *node = xmalloc(sizeof *node);

    node->prefix = prefix & trie_bits_mask(n_bits);
    atomic_init(&node->info, (n_rules << 8) | n_bits);
    rcu_init(&node->edges[0], edge0);
    rcu_init(&node->edges[1], edge1);
    return node;
}

/* Returns a new, unpublished chain of nodes for bits OFS to PLEN of V,
 * with one rule at its end.  OFS < PLEN. */
static struct cls_trie_node *
trie_new_chain(const uint32_t v[4], unsigned int ofs, unsigned int plen)
{
    unsigned int n = MIN(32, plen - ofs);
    uint32_t bits = trie_get_bits(v, ofs, n);

    if (ofs + n == plen) {
        return trie_node_new(bits, n, 1, NULL, NULL);
    }
    struct cls_trie_node *child = trie_new_chain(v, ofs + n, plen);
    return (trie_get_bit(v, ofs + n)
            ? trie_node_new(bits, n, 0, NULL, child)
            : trie_node_new(bits, n, 0, child, NULL));
}

/* Walks the trie at ROOT with V, WIDTH bits wide; see
 * classifier_trie_lookup(). */
static unsigned int
trie_lookup_value(const struct cls_trie_node *node, const uint32_t v[4],
                  unsigned int width, uint64_t plens[3])
{
    unsigned int ofs = 0;

    plens[0] = plens[1] = plens[2] = 0;
    while (node) {
        uint32_t info = atomic_read_relaxed(&node->info);
        unsigned int n_bits = info & 0xff;
        uint32_t diff = trie_get_bits(v, ofs, n_bits) ^ node->prefix;
        if (diff) {
            /* The first differing bit decided. */
            return ofs + __builtin_clz(diff) + 1;
        }
        ofs += n_bits;
        if (info >> 8) {
            plens[ofs / 64] |= UINT64_C(1) << (ofs % 64);
        }
        if (ofs >= width) {
            return width;
        }
        unsigned int bit = trie_get_bit(v, ofs);
        const struct cls_trie_node *child = rcu_get(&node->edges[bit]);
        if (!child) {
            /* Bit OFS decided only if the other way leads somewhere. */
            return rcu_get(&node->edges[!bit]) ? ofs + 1 : ofs;
        }
        node = child;
    }
    return ofs;
}

/* Adds one rule with the PLEN-bit prefix of V (PLEN >= 1) to the trie
 * rooted at *EDGE. */
static void
trie_insert(RCU(struct cls_trie_node *) *edge, const uint32_t v[4],
            unsigned int plen)
{
    unsigned int ofs = 0;

    for (;;) {
        struct cls_trie_node *node = rcu_get_protected(edge);
        if (!node) {
            rcu_set(edge, trie_new_chain(v, ofs, plen));
            return;
        }

        unsigned int n_bits = trie_node_n_bits(node);
        unsigned int n = MIN(n_bits, plen - ofs);
        uint32_t diff = trie_get_bits(v, ofs, n) ^ (node->prefix
                                                    & trie_bits_mask(n));
        unsigned int eq = diff ? (unsigned int) __builtin_clz(diff) : n;
        if (eq == n_bits) {
            ofs += n_bits;
            if (ofs == plen) {
                trie_node_set_n_rules(node, trie_node_n_rules(node) + 1);
                return;
            }
            edge = &node->edges[trie_get_bit(v, ofs)];
            continue;
        }

        /* Split NODE after its first EQ bits. */
        struct cls_trie_node *rest = trie_node_new(
            node->prefix << eq, n_bits - eq, trie_node_n_rules(node),
            rcu_get_protected(&node->edges[0]),
            rcu_get_protected(&node->edges[1]));
        unsigned int rest_bit = rest->prefix >> 31;
        struct cls_trie_node *other = NULL;
        uint32_t n_rules = 1;
        if (ofs + eq < plen) {
            other = trie_new_chain(v, ofs + eq, plen);
            n_rules = 0;
        }
        struct cls_trie_node *parent = (rest_bit
                                        ? trie_node_new(node->prefix, eq,
                                                        n_rules, other, rest)
                                        : trie_node_new(node->prefix, eq,
                                                        n_rules, rest,
                                                        other));
        rcu_set(edge, parent);
        rcu_postpone(free, node);
        return;
    }
}

/* Tidies the node at *EDGE after it lost a rule or a child: removes it if
 * it has neither rules nor children, merges it with its only child if it
 * has no rules and the two fit in one node.  Returns true if it removed
 * the node, so that its parent lost a child. */
static bool
trie_prune(RCU(struct cls_trie_node *) *edge)
{
    struct cls_trie_node *node = rcu_get_protected(edge);

    if (!node || trie_node_n_rules(node)) {
        return false;
    }
    struct cls_trie_node *c0 = rcu_get_protected(&node->edges[0]);
    struct cls_trie_node *c1 = rcu_get_protected(&node->edges[1]);
    if (!c0 && !c1) {
        rcu_set(edge, NULL);
        rcu_postpone(free, node);
        return true;
    } else if (!c0 || !c1) {
        struct cls_trie_node *child = c0 ? c0 : c1;
        unsigned int n_bits = trie_node_n_bits(node);
        unsigned int child_bits = trie_node_n_bits(child);
        if (n_bits + child_bits <= 32) {
            struct cls_trie_node *merged = trie_node_new(
                node->prefix | (child->prefix >> n_bits),
                n_bits + child_bits, trie_node_n_rules(child),
                rcu_get_protected(&child->edges[0]),
                rcu_get_protected(&child->edges[1]));
            rcu_set(edge, merged);
            rcu_postpone(free, node);
            rcu_postpone(free, child);
        }
    }
    return false;
}

/* Removes one rule with the PLEN-bit prefix of V from the trie rooted at
 * *ROOT, which must hold it. */
static void
trie_remove(RCU(struct cls_trie_node *) *root, const uint32_t v[4],
            unsigned int plen)
{
    RCU(struct cls_trie_node *) *path[130];
    RCU(struct cls_trie_node *) *edge = root;
    size_t depth = 0;
    unsigned int ofs = 0;
    struct cls_trie_node *node;

    for (;;) {
        node = rcu_get_protected(edge);
        sluice_assert(node && depth < ARRAY_SIZE(path));
        unsigned int n_bits = trie_node_n_bits(node);
        sluice_assert(ofs + n_bits <= plen
                      && trie_get_bits(v, ofs, n_bits) == node->prefix);
        path[depth++] = edge;
        ofs += n_bits;
        if (ofs == plen) {
            break;
        }
        edge = &node->edges[trie_get_bit(v, ofs)];
    }

    uint32_t n_rules = trie_node_n_rules(node);
    sluice_assert(n_rules > 0);
    trie_node_set_n_rules(node, n_rules - 1);
    if (n_rules == 1) {
        /* Tidy up from the node toward the root, as far as nodes go
         * away. */
        while (depth > 0 && trie_prune(path[depth - 1])) {
            depth--;
        }
    }
}

static void
trie_destroy(struct cls_trie_node *node)
{
    if (node) {
        trie_destroy(rcu_get_protected(&node->edges[0]));
        trie_destroy(rcu_get_protected(&node->edges[1]));
        rcu_postpone(free, node);
    }
}

unsigned int
classifier_trie_lookup(const struct classifier *cls,
                       enum cls_trie_field field, const struct oflow *flow,
                       uint64_t plen_matches[3])
{
    uint32_t v[4];

    trie_field_get(field, flow, v);
    return trie_lookup_value(rcu_get(&cls->tries[field]), v,
                             trie_fields[field].width, plen_matches);
}

/* Adds RULE's prefixes to (ADD) or removes them from the tries of CLS. */
static void
rule_update_tries(struct classifier *cls, const struct cls_rule *rule,
                  bool add)
{
    const struct cls_subtable *st = rule->subtable;

    if (!st->has_tries) {
        return;
    }
    for (int f = 0; f < CLS_N_TRIES; f++) {
        if (st->trie_plen[f]) {
            uint32_t v[4];
            trie_field_get(f, &rule->match.flow, v);
            if (add) {
                trie_insert(&cls->tries[f], v, st->trie_plen[f]);
            } else {
                trie_remove(&cls->tries[f], v, st->trie_plen[f]);
            }
        }
    }
}

/* Subtables. */

static uint32_t
mask_hash(const struct oflow *mask)
{
    return hash_words64(oflow_u64s(mask), OFLOW_U64S, 0);
}

static struct cls_subtable *
find_subtable(const struct classifier *cls, const struct oflow *mask)
{
    struct cls_subtable *st;

    HMAP_FOR_EACH_WITH_HASH (st, hmap_node, mask_hash(mask),
                             &cls->subtables_by_mask) {
        if (oflow_equal(&st->mask, mask)) {
            return st;
        }
    }
    return NULL;
}

static struct cls_subtable *
create_subtable(struct classifier *cls, const struct oflow *mask)
{
    struct cls_subtable *st = xzalloc_cacheline(sizeof *st);
    const uint64_t *m = oflow_u64s(mask);

    cmap_init(&st->rules);
    st->mask = *mask;
    for (int stage = 0; stage < N_STAGES; stage++) {
        size_t start = st->n_words;
        for (size_t w = 0; w < OFLOW_U64S; w++) {
            if (m[w] && word_stage(w) == (enum cls_stage) stage) {
                st->words[st->n_words] = w;
                st->mask_words[st->n_words] = m[w];
                st->n_words++;
            }
        }
        if (st->n_words > start) {
            st->stage_kind[st->n_stages] = stage;
            st->stage_end[st->n_stages] = st->n_words;
            st->n_stages++;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(st->indices); i++) {
        cmap_init(&st->indices[i]);
    }
    for (int f = 0; f < CLS_N_TRIES; f++) {
        int plen = (cls->trie_fields & (1u << f)
                    ? trie_field_plen(f, mask) : 0);
        st->trie_plen[f] = plen > 0 ? plen : 0;
        st->has_tries |= plen > 0;
    }
    st->max_priority = INT_MIN;
    st->max_count = 0;

    hmap_insert(&cls->subtables_by_mask, &st->hmap_node, mask_hash(mask));

    /* Ranked last among the subtables of equal priority; its priority is
     * set, and the array published, once it has a rule. */
    struct cls_subtables *sts = cls->writer_subtables;
    if (sts->n >= cls->allocated_subtables) {
        cls->allocated_subtables = 2 * cls->allocated_subtables + 4;
        sts = xrealloc(sts, sizeof *sts + (cls->allocated_subtables
                                           * sizeof sts->entries[0]));
        cls->writer_subtables = sts;
    }
    sts->entries[sts->n++] = (struct cls_subtable_entry) { INT_MIN, st };
    return st;
}

static void
free_subtable(void *st_)
{
    free_cacheline(st_);
}

static size_t
subtable_position(const struct classifier *cls,
                  const struct cls_subtable *st)
{
    const struct cls_subtables *sts = cls->writer_subtables;

    for (size_t i = 0; i < sts->n; i++) {
        if (sts->entries[i].subtable == st) {
            return i;
        }
    }
    sluice_assert(!"subtable not in its classifier's array");
    return SIZE_MAX;
}

static void
destroy_subtable(struct classifier *cls, struct cls_subtable *st)
{
    struct cls_subtables *sts = cls->writer_subtables;
    size_t i = subtable_position(cls, st);

    memmove(&sts->entries[i], &sts->entries[i + 1],
            (sts->n - i - 1) * sizeof sts->entries[0]);
    sts->n--;
    publish_subtables(cls);

    hmap_remove(&cls->subtables_by_mask, &st->hmap_node);
    cmap_destroy(&st->rules);
    for (size_t j = 0; j < ARRAY_SIZE(st->indices); j++) {
        cmap_destroy(&st->indices[j]);
    }
    rcu_postpone(free_subtable, st);
}

/* Moves ST within the writer's array to where its new maximum priority
 * puts it (after the subtables of equal priority) and publishes the
 * array. */
static void
subtable_set_max_priority(struct classifier *cls, struct cls_subtable *st,
                          int priority)
{
    struct cls_subtables *sts = cls->writer_subtables;
    size_t i = subtable_position(cls, st);
    struct cls_subtable_entry e = { priority, st };

    st->max_priority = priority;
    while (i > 0 && sts->entries[i - 1].max_priority < priority) {
        sts->entries[i] = sts->entries[i - 1];
        i--;
    }
    while (i + 1 < sts->n && sts->entries[i + 1].max_priority >= priority) {
        sts->entries[i] = sts->entries[i + 1];
        i++;
    }
    sts->entries[i] = e;
    publish_subtables(cls);
}

/* Publishes a copy of the writer's array of subtables to readers. */
static void
publish_subtables(struct classifier *cls)
{
    const struct cls_subtables *w = cls->writer_subtables;
    struct cls_subtables *old = rcu_get_protected(&cls->subtables);
    struct cls_subtables *new = NULL;

    if (w->n) {
        size_t size = sizeof *w + w->n * sizeof w->entries[0];
        new = xmalloc(size);
        memcpy(new, w, size);
    }
    rcu_set(&cls->subtables, new);
    if (old) {
        rcu_postpone(free, old);
    }
}

/* Returns the hash of the masked KEY (a rule's flow, or a flow) in ST up
 * to the end of stage index STAGE (ST->n_stages - 1 for the whole key),
 * as lookups compute it. */
static uint32_t
subtable_hash(const struct cls_subtable *st, const struct oflow *key,
              size_t stage)
{
    const uint64_t *k = oflow_u64s(key);
    size_t end = st->n_stages ? st->stage_end[stage] : 0;
    uint32_t hash = 0;

    for (size_t i = 0; i < end; i++) {
        hash = hash_add64(hash, k[st->words[i]] & st->mask_words[i]);
    }
    return hash_finish(hash, end * 8);
}

/* Returns true if FLOW (any flow) matches RULE, which is in ST. */
static inline bool
subtable_rule_matches(const struct cls_subtable *st,
                      const struct cls_rule *rule, const struct oflow *flow)
{
    const uint64_t *f = oflow_u64s(flow);
    const uint64_t *r = oflow_u64s(&rule->match.flow);
    uint64_t diff = 0;

    for (size_t i = 0; i < st->n_words; i++) {
        size_t w = st->words[i];
        diff |= (f[w] & st->mask_words[i]) ^ r[w];
    }
    return !diff;
}

/* Returns the head rule in ST with the same masked key as FLOW (which has
 * hash HASH in ST), or NULL. */
static struct cls_rule *
subtable_find_head(const struct cls_subtable *st, const struct oflow *flow,
                   uint32_t hash)
{
    struct cls_rule *head;

    CMAP_FOR_EACH_WITH_HASH (head, cmap_node, hash, &st->rules) {
        if (subtable_rule_matches(st, head, flow)) {
            return head;
        }
    }
    return NULL;
}

/* Adds (ADD) or removes one key with the fields of FLOW to or from ST's
 * stage indexes. */
static void
subtable_update_indices(struct cls_subtable *st, const struct oflow *flow,
                        bool add)
{
    for (size_t s = 0; s + 1 < st->n_stages; s++) {
        uint32_t hash = subtable_hash(st, flow, s);
        struct cls_index_entry *e;
        struct cmap_node *node = cmap_find(&st->indices[s], hash);

        e = node ? CONTAINER_OF(node, struct cls_index_entry, cmap_node)
            : NULL;
        if (add) {
            if (e) {
                e->count++;
            } else {
                e = xmalloc(sizeof *e);
                e->count = 1;
                cmap_insert(&st->indices[s], &e->cmap_node, hash);
            }
        } else {
            sluice_assert(e && e->count > 0);
            if (!--e->count) {
                cmap_remove(&st->indices[s], &e->cmap_node, hash);
                rcu_postpone(free, e);
            }
        }
    }
}

static void
free_index_entries(struct cmap *index)
{
    struct cls_index_entry *e;

    CMAP_FOR_EACH (e, cmap_node, index) {
        rcu_postpone(free, e);
    }
}

/* Rules. */

void
cls_rule_init(struct cls_rule *rule, const struct match *match,
              int priority)
{
    memset(rule, 0, sizeof *rule);
    rule->match = *match;
    match_normalize(&rule->match);
    rule->priority = priority;
    rule->add_version = CLS_VERSION_MIN;
    atomic_init(&rule->remove_version, CLS_VERSION_NOT_REMOVED);
    rule->subtable = NULL;
}

void
cls_rule_make_invisible_in_version(struct cls_rule *rule,
                                   cls_version_t version)
{
    atomic_store_relaxed(&rule->remove_version, version);
}

void
cls_rule_restore_visibility(struct cls_rule *rule)
{
    atomic_store_relaxed(&rule->remove_version, CLS_VERSION_NOT_REMOVED);
}

bool
cls_rule_is_loose_match(const struct cls_rule *rule,
                        const struct match *target)
{
    const uint64_t *rm = oflow_u64s(&rule->match.mask);
    const uint64_t *rf = oflow_u64s(&rule->match.flow);
    const uint64_t *tm = oflow_u64s(&target->mask);
    const uint64_t *tf = oflow_u64s(&target->flow);

    for (size_t i = 0; i < OFLOW_U64S; i++) {
        if ((tm[i] & ~rm[i]) || (rf[i] & tm[i]) != tf[i]) {
            return false;
        }
    }
    return true;
}

/* Returns true if some packet matches both A and B. */
static bool
matches_overlap(const struct match *a, const struct match *b)
{
    const uint64_t *af = oflow_u64s(&a->flow);
    const uint64_t *am = oflow_u64s(&a->mask);
    const uint64_t *bf = oflow_u64s(&b->flow);
    const uint64_t *bm = oflow_u64s(&b->mask);

    for (size_t i = 0; i < OFLOW_U64S; i++) {
        if ((af[i] ^ bf[i]) & am[i] & bm[i]) {
            return false;
        }
    }
    return true;
}

/* The classifier. */

void
classifier_init(struct classifier *cls)
{
    rcu_init(&cls->subtables, NULL);
    for (int f = 0; f < CLS_N_TRIES; f++) {
        rcu_init(&cls->tries[f], NULL);
    }
    atomic_init(&cls->n_rules, 0);
    cls->trie_fields = CLS_ALL_TRIES;
    hmap_init(&cls->subtables_by_mask);
    cls->allocated_subtables = 4;
    cls->writer_subtables = xmalloc(sizeof *cls->writer_subtables
                                    + (cls->allocated_subtables
                                       * sizeof (struct cls_subtable_entry)));
    cls->writer_subtables->n = 0;
}

void
classifier_destroy(struct classifier *cls)
{
    if (!cls) {
        return;
    }

    struct cls_subtables *sts = cls->writer_subtables;
    for (size_t i = 0; i < sts->n; i++) {
        struct cls_subtable *st = sts->entries[i].subtable;
        cmap_destroy(&st->rules);
        for (size_t j = 0; j < ARRAY_SIZE(st->indices); j++) {
            free_index_entries(&st->indices[j]);
            cmap_destroy(&st->indices[j]);
        }
        rcu_postpone(free_subtable, st);
    }
    sts->n = 0;
    publish_subtables(cls);
    for (int f = 0; f < CLS_N_TRIES; f++) {
        trie_destroy(rcu_get_protected(&cls->tries[f]));
        rcu_set(&cls->tries[f], NULL);
    }
    hmap_destroy(&cls->subtables_by_mask);
    free(cls->writer_subtables);
    cls->writer_subtables = NULL;
    atomic_store_relaxed(&cls->n_rules, 0);
}

int
classifier_set_prefix_fields(struct classifier *cls, unsigned int fields)
{
    if (cls->writer_subtables->n) {
        return EBUSY;
    }
    cls->trie_fields = fields & CLS_ALL_TRIES;
    return 0;
}

/* Inserts RULE into CLS.  If REPLACE, makes rules with the same match and
 * priority invisible from VERSION on and returns the first; otherwise
 * fails with *ERROR = EEXIST if there is one. */
static struct cls_rule *
classifier_insert__(struct classifier *cls, struct cls_rule *rule,
                    cls_version_t version, bool replace, int *error)
{
    struct cls_subtable *st = find_subtable(cls, &rule->match.mask);
    struct cls_rule *displaced = NULL;

    *error = 0;
    sluice_assert(!rule->subtable);
    if (!st) {
        st = create_subtable(cls, &rule->match.mask);
    }

    uint32_t hash = subtable_hash(st, &rule->match.flow,
                                  st->n_stages ? st->n_stages - 1 : 0);
    struct cls_rule *head = subtable_find_head(st, &rule->match.flow,
                                               hash);

    /* Check for a rule of the same match and priority whose versions
     * overlap. */
    for (struct cls_rule *r = head; r; r = rcu_get_protected(&r->next)) {
        if (r->priority == rule->priority
            && atomic_read_relaxed(&r->remove_version) > version) {
            if (!replace) {
                *error = EEXIST;
                return NULL;
            }
            break;
        }
    }

    rule->hash = hash;
    rule->subtable = st;
    rule->add_version = version;
    rcu_init(&rule->next, NULL);
    rule_update_tries(cls, rule, true);

    if (!head) {
        subtable_update_indices(st, &rule->match.flow, true);
        cmap_insert(&st->rules, &rule->cmap_node, hash);
    } else if (rule->priority >= head->priority) {
        /* The new head: equal priority goes first, since the rule it
         * displaces (if any) becomes invisible. */
        rcu_init(&rule->next, head);
        cmap_replace(&st->rules, &head->cmap_node, &rule->cmap_node, hash);
    } else {
        struct cls_rule *prev = head;
        struct cls_rule *next;
        while ((next = rcu_get_protected(&prev->next))
               && next->priority > rule->priority) {
            prev = next;
        }
        rcu_init(&rule->next, next);
        rcu_set(&prev->next, rule);
    }

    if (replace) {
        for (struct cls_rule *r = rcu_get_protected(&rule->next); r;
             r = rcu_get_protected(&r->next)) {
            if (r->priority == rule->priority
                && atomic_read_relaxed(&r->remove_version) > version) {
                cls_rule_make_invisible_in_version(r, version);
                if (!displaced) {
                    displaced = r;
                }
            }
        }
    }

    st->n_rules++;
    if (rule->priority > st->max_priority) {
        st->max_count = 1;
        subtable_set_max_priority(cls, st, rule->priority);
    } else if (rule->priority == st->max_priority) {
        st->max_count++;
    }
    atomic_store_relaxed(&cls->n_rules,
                         atomic_read_relaxed(&cls->n_rules) + 1);
    return displaced;
}

int
classifier_insert(struct classifier *cls, struct cls_rule *rule,
                  cls_version_t version)
{
    int error;

    classifier_insert__(cls, rule, version, false, &error);
    return error;
}

struct cls_rule *
classifier_replace(struct classifier *cls, struct cls_rule *rule,
                   cls_version_t version)
{
    int error;

    return classifier_insert__(cls, rule, version, true, &error);
}

/* Recomputes ST's highest priority after the last rule with the old one
 * left. */
static void
subtable_recompute_max_priority(struct classifier *cls,
                                struct cls_subtable *st)
{
    int max = INT_MIN;
    size_t count = 0;
    struct cls_rule *head;

    CMAP_FOR_EACH (head, cmap_node, &st->rules) {
        for (struct cls_rule *r = head; r; r = rcu_get_protected(&r->next)) {
            if (r->priority > max) {
                max = r->priority;
                count = 1;
            } else if (r->priority == max) {
                count++;
            } else {
                break;
            }
        }
    }
    st->max_count = count;
    subtable_set_max_priority(cls, st, max);
}

void
classifier_remove(struct classifier *cls, struct cls_rule *rule)
{
    struct cls_subtable *st = rule->subtable;
    struct cls_rule *head;

    sluice_assert(st);
    head = subtable_find_head(st, &rule->match.flow, rule->hash);
    sluice_assert(head);
    if (head == rule) {
        struct cls_rule *next = rcu_get_protected(&rule->next);
        if (next) {
            cmap_replace(&st->rules, &rule->cmap_node, &next->cmap_node,
                         rule->hash);
        } else {
            cmap_remove(&st->rules, &rule->cmap_node, rule->hash);
            subtable_update_indices(st, &rule->match.flow, false);
        }
    } else {
        struct cls_rule *prev = head;
        struct cls_rule *r;
        while ((r = rcu_get_protected(&prev->next)) != rule) {
            sluice_assert(r);
            prev = r;
        }
        /* RULE keeps its 'next', for readers standing on it. */
        rcu_set(&prev->next, rcu_get_protected(&rule->next));
    }
    rule_update_tries(cls, rule, false);
    rule->subtable = NULL;
    atomic_store_relaxed(&cls->n_rules,
                         atomic_read_relaxed(&cls->n_rules) - 1);

    if (!--st->n_rules) {
        destroy_subtable(cls, st);
    } else if (rule->priority == st->max_priority && !--st->max_count) {
        subtable_recompute_max_priority(cls, st);
    }
}

/* Lookup. */

/* Returns true if the prefix tries prove that no rule of ST matches FLOW;
 * then ORs into WC the address bits that decided. */
static bool
subtable_skip_by_tries(const struct classifier *cls,
                       const struct cls_subtable *st,
                       const struct oflow *flow, struct oflow *wc,
                       struct trie_ctx ctx[CLS_N_TRIES])
{
    for (int f = 0; f < CLS_N_TRIES; f++) {
        unsigned int plen = st->trie_plen[f];
        if (!plen) {
            continue;
        }
        struct trie_ctx *c = &ctx[f];
        if (!c->done) {
            c->checkbits = classifier_trie_lookup(cls, f, flow, c->plens);
            c->done = true;
        }
        if (!(c->plens[plen / 64] & (UINT64_C(1) << (plen % 64)))) {
            /* No rule has a PLEN-bit prefix that matches FLOW, which
             * depends only on the first PLEN bits, and also only on the
             * bits the walk examined. */
            if (wc) {
                trie_field_unwildcard(f, MIN(plen, c->checkbits), wc);
            }
            return true;
        }
    }
    return false;
}

/* ORs the mask words of ST before index END into WC. */
static inline void
subtable_unwildcard(const struct cls_subtable *st, size_t end,
                    struct oflow *wc)
{
    uint64_t *w = oflow_u64s_rw(wc);

    for (size_t i = 0; i < end; i++) {
        w[st->words[i]] |= st->mask_words[i];
    }
}

/* ORs into WC the bits of FLOW that decided that ST, whose stage index S
 * (ending at word index END) missed, has no rule for FLOW: the prefix
 * bits that the tries examined if they prove that no rule of ST can
 * match, otherwise ST's mask up to the end of stage S. */
static void
subtable_miss_wc(const struct classifier *cls, const struct cls_subtable *st,
                 size_t s, size_t end, const struct oflow *flow,
                 struct oflow *wc, struct trie_ctx ctx[CLS_N_TRIES])
{
    if (st->has_tries && st->stage_kind[s] == STAGE_L3
        && subtable_skip_by_tries(cls, st, flow, wc, ctx)) {
        return;
    }
    subtable_unwildcard(st, end, wc);
}

/* Looks FLOW up in ST.  The tries are walked only when WC is wanted and
 * the stage with the addresses misses: a stage that passes its index
 * shows that some rule has FLOW's prefixes, so the tries would not skip
 * ST anyway, and a lookup without WC needs no proof. */
static const struct cls_rule *
subtable_lookup(const struct classifier *cls, const struct cls_subtable *st,
                cls_version_t version, const struct oflow *flow,
                struct oflow *wc, struct trie_ctx ctx[CLS_N_TRIES])
{
    const uint64_t *f = oflow_u64s(flow);
    uint32_t hash = 0;
    size_t i = 0;

    for (size_t s = 0; s + 1 < st->n_stages; s++) {
        size_t end = st->stage_end[s];

        for (; i < end; i++) {
            hash = hash_add64(hash, f[st->words[i]] & st->mask_words[i]);
        }
        if (!cmap_find(&st->indices[s], hash_finish(hash, end * 8))) {
            if (wc) {
                subtable_miss_wc(cls, st, s, end, flow, wc, ctx);
            }
            return NULL;
        }
    }
    for (; i < st->n_words; i++) {
        hash = hash_add64(hash, f[st->words[i]] & st->mask_words[i]);
    }
    hash = hash_finish(hash, st->n_words * 8);

    const struct cls_rule *head = subtable_find_head(st, flow, hash);
    if (!head) {
        if (wc && st->n_stages) {
            subtable_miss_wc(cls, st, st->n_stages - 1, st->n_words, flow,
                             wc, ctx);
        }
        return NULL;
    }
    if (wc) {
        subtable_unwildcard(st, st->n_words, wc);
    }
    for (const struct cls_rule *r = head; r; r = rcu_get(&r->next)) {
        if (cls_rule_visible_in_version(r, version)) {
            return r;
        }
    }
    return NULL;
}

const struct cls_rule *
classifier_lookup(const struct classifier *cls, cls_version_t version,
                  const struct oflow *flow, struct oflow *wc)
{
    const struct cls_subtables *sts = rcu_get(&cls->subtables);
    const struct cls_rule *best = NULL;
    struct trie_ctx ctx[CLS_N_TRIES];

    if (!sts) {
        return NULL;
    }
    for (int f = 0; f < CLS_N_TRIES; f++) {
        ctx[f].done = false;
    }
    for (size_t i = 0; i < sts->n; i++) {
        const struct cls_subtable_entry *e = &sts->entries[i];
        if (best && e->max_priority <= best->priority) {
            break;
        }
        const struct cls_rule *r = subtable_lookup(cls, e->subtable, version,
                                                   flow, wc, ctx);
        if (r && (!best || r->priority > best->priority)) {
            best = r;
        }
    }
    return best;
}

/* Finds. */

const struct cls_rule *
classifier_find_match_exactly(const struct classifier *cls,
                              const struct match *match, int priority,
                              cls_version_t version)
{
    const struct cls_subtable *st = find_subtable(cls, &match->mask);

    if (!st) {
        return NULL;
    }
    uint32_t hash = subtable_hash(st, &match->flow,
                                  st->n_stages ? st->n_stages - 1 : 0);
    const struct cls_rule *head = subtable_find_head(st, &match->flow, hash);
    for (const struct cls_rule *r = head; r; r = rcu_get(&r->next)) {
        if (r->priority == priority
            && (version == CLS_VERSION_ANY
                || cls_rule_visible_in_version(r, version))) {
            return r;
        }
    }
    return NULL;
}

const struct cls_rule *
classifier_find_rule_exactly(const struct classifier *cls,
                             const struct cls_rule *target,
                             cls_version_t version)
{
    return classifier_find_match_exactly(cls, &target->match,
                                         target->priority, version);
}

const struct cls_rule *
classifier_find_loosely(const struct classifier *cls,
                        const struct match *target, cls_version_t version)
{
    const struct cls_rule *best = NULL;

    for (struct cls_cursor c = cls_cursor_start(cls, CLS_CURSOR_LOOSE,
                                                target, 0, version);
         c.rule; cls_cursor_advance(&c)) {
        if (!best || c.rule->priority > best->priority) {
            best = c.rule;
        }
    }
    return best;
}

bool
classifier_rule_overlaps(const struct classifier *cls,
                         const struct cls_rule *target,
                         cls_version_t version)
{
    const struct cls_subtables *sts = cls->writer_subtables;
    const uint64_t *tm = oflow_u64s(&target->match.mask);

    for (size_t i = 0; i < sts->n; i++) {
        const struct cls_subtable *st = sts->entries[i].subtable;
        if (sts->entries[i].max_priority < target->priority) {
            break;
        }

        /* If the subtable's mask is within the target's, an overlapping
         * rule has the target's key under the subtable's mask. */
        const uint64_t *sm = oflow_u64s(&st->mask);
        bool within = true;
        for (size_t w = 0; w < OFLOW_U64S; w++) {
            if (sm[w] & ~tm[w]) {
                within = false;
                break;
            }
        }

        const struct cls_rule *head;
        if (within) {
            uint32_t hash = subtable_hash(st, &target->match.flow,
                                          st->n_stages
                                          ? st->n_stages - 1 : 0);
            head = subtable_find_head(st, &target->match.flow, hash);
            for (const struct cls_rule *r = head; r;
                 r = rcu_get_protected(&r->next)) {
                if (r != target && r->priority == target->priority
                    && cls_rule_visible_in_version(r, version)) {
                    return true;
                }
            }
            continue;
        }
        CMAP_FOR_EACH (head, cmap_node, &st->rules) {
            if (!matches_overlap(&head->match, &target->match)) {
                continue;
            }
            for (const struct cls_rule *r = head; r;
                 r = rcu_get_protected(&r->next)) {
                if (r != target && r->priority == target->priority
                    && cls_rule_visible_in_version(r, version)) {
                    return true;
                }
            }
        }
    }
    return false;
}

size_t
classifier_count(const struct classifier *cls)
{
    return atomic_read_relaxed(&cls->n_rules);
}

bool
classifier_is_empty(const struct classifier *cls)
{
    return !classifier_count(cls);
}

size_t
classifier_n_subtables(const struct classifier *cls)
{
    return cls->writer_subtables->n;
}

/* Iteration. */

static bool
cursor_wants_subtable(const struct cls_cursor *c,
                      const struct cls_subtable *st)
{
    switch (c->mode) {
    case CLS_CURSOR_ALL:
        return true;
    case CLS_CURSOR_LOOSE: {
        const uint64_t *sm = oflow_u64s(&st->mask);
        const uint64_t *tm = oflow_u64s(&c->target->mask);
        for (size_t i = 0; i < OFLOW_U64S; i++) {
            if (tm[i] & ~sm[i]) {
                return false;
            }
        }
        return true;
    }
    case CLS_CURSOR_STRICT:
    default:
        return oflow_equal(&st->mask, &c->target->mask);
    }
}

static bool
cursor_wants_rule(const struct cls_cursor *c, const struct cls_rule *rule)
{
    if (c->version != CLS_VERSION_ANY
        && !cls_rule_visible_in_version(rule, c->version)) {
        return false;
    }
    switch (c->mode) {
    case CLS_CURSOR_ALL:
        return true;
    case CLS_CURSOR_LOOSE:
        return cls_rule_is_loose_match(rule, c->target);
    case CLS_CURSOR_STRICT:
    default:
        return (rule->priority == c->priority
                && match_equal(&rule->match, c->target));
    }
}

/* Returns the rule after R in iteration order, or the first one at the
 * cursor's position if R is NULL, without filtering. */
static struct cls_rule *
cursor_step(struct cls_cursor *c, struct cls_rule *r)
{
    if (r) {
        struct cls_rule *next = rcu_get_protected(&r->next);
        if (next || c->chain_only) {
            return next;
        }
        cmap_cursor_advance(&c->heads);
    }
    for (;;) {
        if (c->in_subtable && c->heads.node) {
            return CONTAINER_OF(c->heads.node, struct cls_rule, cmap_node);
        }

        size_t n = c->subtables ? c->subtables->n : 0;
        size_t idx = c->in_subtable ? c->subtable_idx + 1 : c->subtable_idx;
        while (idx < n && !cursor_wants_subtable(
                   c, c->subtables->entries[idx].subtable)) {
            idx++;
        }
        c->subtable_idx = idx;
        if (idx >= n) {
            c->in_subtable = false;
            return NULL;
        }
        c->in_subtable = true;
        c->heads = cmap_cursor_start(
            &c->subtables->entries[idx].subtable->rules);
    }
}

static void
cursor_find(struct cls_cursor *c, struct cls_rule *r)
{
    do {
        r = cursor_step(c, r);
    } while (r && !cursor_wants_rule(c, r));
    c->rule = r;
}

struct cls_cursor
cls_cursor_start(const struct classifier *cls, enum cls_cursor_mode mode,
                 const struct match *target, int priority,
                 cls_version_t version)
{
    struct cls_cursor c = {
        .cls = cls,
        .subtables = rcu_get(&cls->subtables),
        .subtable_idx = 0,
        .target = target,
        .priority = priority,
        .mode = mode,
        .version = version,
        .in_subtable = false,
        .chain_only = false,
        .rule = NULL,
    };

    if (mode == CLS_CURSOR_STRICT) {
        /* Only one chain of rules can have the target's match. */
        const struct cls_subtable *st = find_subtable(cls, &target->mask);
        struct cls_rule *head = NULL;
        c.chain_only = true;
        if (st) {
            uint32_t hash = subtable_hash(st, &target->flow,
                                          st->n_stages
                                          ? st->n_stages - 1 : 0);
            head = subtable_find_head(st, &target->flow, hash);
        }
        c.rule = head;
        if (head && !cursor_wants_rule(&c, head)) {
            cursor_find(&c, head);
        }
        return c;
    }
    cursor_find(&c, NULL);
    return c;
}

void
cls_cursor_advance(struct cls_cursor *cursor)
{
    cursor_find(cursor, cursor->rule);
}

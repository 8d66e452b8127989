/* dpcls-lookup: a microbenchmark of the fast path's lookup stages: the
 * exact-match cache (datapath/emc.h), the signature-match cache
 * (datapath/smc.h) and the megaflow classifier (datapath/dpcls.h).
 *
 * For each scenario (a set of megaflows and the packet keys that traffic
 * brings), it looks the keys up in batches of 32, in the order a traffic
 * generator replaying a capture sends them (cyclically) or at random, with
 * the classifier alone and with the caches in front of it, and prints the
 * nanoseconds per key and which stage answered.  The keys are built and
 * hashed beforehand and only copied into each batch, as extraction would
 * write them: this measures the lookups (bench/flow-extract measures
 * extraction and hashing).  Run by hand, on an otherwise idle
 * core, e.g.
 *
 *     taskset -c 1 bench/dpcls-lookup
 *     taskset -c 1 bench/dpcls-lookup --random --emc-entries 8192 */
#include <config.h>
#include "datapath/dpcls.h"     /* First: see dp-key.h. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "datapath/dp-key.h"
#include "datapath/emc.h"
#include "datapath/smc.h"
#include "flow.h"
#include "rcu.h"
#include "util.h"

/* A megaflow, as the datapath would embed the rule. */
struct bench_flow {
    struct dpcls_rule cr;
    uint64_t n_packets;
};

/* The kinds of masks: in_port and dl_type only (as for a "forward
 * everything from port 1" flow), every field of the keys, or one of 100
 * masks with an IPv4 prefix (see make_mask()). */
enum mask_kind { MASK_PORT, MASK_EXACT, MASK_PREFIXES };

struct scenario {
    const char *name;
    uint32_t n_flows;           /* Megaflows. */
    uint32_t n_masks;           /* Distinct masks among them. */
    uint32_t n_keys;            /* Distinct keys in the traffic. */
    enum mask_kind kind;
};

static const struct scenario scenarios[] = {
    { "1 megaflow, 1 key", 1, 1, 1, MASK_PORT },
    { "1 megaflow, 10,000 keys", 1, 1, 10000, MASK_PORT },
    { "10,000 exact megaflows", 10000, 1, 10000, MASK_EXACT },
    { "10,000 megaflows, 100 masks", 10000, 100, 10000, MASK_PREFIXES },
    { "100,000 exact megaflows", 100000, 1, 100000, MASK_EXACT },
};

enum stages {
    USE_EMC = 1 << 0,
    USE_SMC = 1 << 1,
    NO_LOOKUP = 1 << 2,         /* Only write the keys into batches. */
};

static const struct {
    const char *name;
    enum stages stages;
} modes[] = {
    { "classifier only", 0 },
    { "EMC + classifier", USE_EMC },
    { "SMC + classifier", USE_SMC },
    { "EMC + SMC + classifier", USE_EMC | USE_SMC },
};

struct options {
    size_t emc_entries;
    size_t smc_entries;
    unsigned int emc_inv_prob;
    bool random_order;
    double seconds;             /* Per measurement. */
    size_t only_scenario;       /* Index into scenarios[], or SIZE_MAX. */
    size_t only_mode;           /* Index into modes[], or SIZE_MAX. */
};

static double
now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t
random_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* The key of a UDP packet: flow F of mask M (see make_mask()), and
 * within the flow, packet variant V.  The flow's number is in the top 7
 * bits of nw_src (for the 100 flows of each mask, which every prefix
 * mask of 8 bits or more tells apart) and, rotated, in the rest. */
static void
make_key(uint32_t m, uint32_t f, uint32_t v, struct flow *flow)
{
    memset(flow, 0, sizeof *flow);
    flow->in_port = 1;
    flow->dl_dst = (struct eth_addr) ETH_ADDR_C(02, 00, 00, 00, 00, 01);
    flow->dl_src = (struct eth_addr) ETH_ADDR_C(02, 00, 00, 00, 00, 02);
    flow->dl_type = htons(0x0800);
    flow->nw_dst = htonl(0x0a640000 | m << 8 | 1);
    flow->nw_src = htonl(((f << 25) | (f >> 7)) ^ (v << 8));
    flow->nw_proto = 17;
    flow->nw_ttl = 64;
    flow->tp_src = htons(1024 + (f + v) % 60000);
    flow->tp_dst = htons(4789);
}

/* Mask M of kind KIND.  The 100 prefix masks: nw_dst exact (it holds M,
 * so that flows of different masks never overlap), a prefix of nw_src of
 * 8 to 32 bits, and 4 combinations of the ports. */
static void
make_mask(uint32_t m, enum mask_kind kind, struct flow *mask)
{
    memset(mask, 0, sizeof *mask);
    mask->in_port = UINT32_MAX;
    mask->dl_type = htons(0xffff);
    switch (kind) {
    case MASK_PORT:
        break;
    case MASK_EXACT:
        memset(&mask->dl_dst, 0xff, sizeof mask->dl_dst);
        memset(&mask->dl_src, 0xff, sizeof mask->dl_src);
        mask->nw_src = mask->nw_dst = htonl(UINT32_MAX);
        mask->nw_proto = mask->nw_ttl = 0xff;
        mask->nw_frag = FLOW_NW_FRAG_MASK;
        mask->tp_src = mask->tp_dst = htons(0xffff);
        break;
    case MASK_PREFIXES:
        mask->nw_dst = htonl(UINT32_MAX);
        mask->nw_src = htonl(UINT32_MAX << (32 - (8 + m % 25)));
        mask->nw_proto = 0xff;
        if (m / 25 % 2) {
            mask->tp_dst = htons(0xffff);
        }
        if (m / 50) {
            mask->tp_src = htons(0xff00);
        }
        break;
    }
}

struct setup {
    struct dpcls cls;
    struct bench_flow *flows;
    struct dp_key *keys;
    uint32_t n_keys;
};

static void
setup_scenario(struct setup *s, const struct scenario *sc)
{
    uint32_t per_mask = sc->n_flows / sc->n_masks;

    dpcls_init(&s->cls);
    s->flows = xcalloc(sc->n_flows, sizeof *s->flows);
    for (uint32_t i = 0; i < sc->n_flows; i++) {
        uint32_t m = i / per_mask, f = i % per_mask;
        struct flow mask, key;
        make_mask(m, sc->kind, &mask);
        make_key(m, f, 0, &key);
        if (dpcls_insert(&s->cls, &s->flows[i].cr, &mask, &key)) {
            sluice_fatal(0, "%s: flow %"PRIu32" overlaps another", sc->name,
                         i);
        }
    }

    /* One key per flow, or several variants of the one flow. */
    s->n_keys = sc->n_keys;
    s->keys = xmalloc_cacheline(sc->n_keys * sizeof *s->keys);
    for (uint32_t i = 0; i < sc->n_keys; i++) {
        struct flow key;
        if (sc->n_keys == sc->n_flows) {
            make_key(i / per_mask, i % per_mask, 0, &key);
        } else {
            make_key(0, 0, i, &key);
        }
        dp_key_from_flow(&s->keys[i], &key);
    }

    /* Every key finds its flow. */
    for (uint32_t i = 0; i < sc->n_keys; i++) {
        const struct dp_key *key = &s->keys[i];
        struct dpcls_rule *rule;
        if (!dpcls_lookup(&s->cls, &key, 1, &rule, NULL)) {
            sluice_fatal(0, "%s: key %"PRIu32" matches no flow", sc->name,
                         i);
        }
    }
}

static void
teardown_scenario(struct setup *s)
{
    dpcls_destroy(&s->cls);
    rcu_barrier();
    free(s->flows);
    free_cacheline(s->keys);
}

struct counts {
    unsigned long long emc, smc, cls, miss;
};

/* The lookup pipeline of a PMD thread for one batch: the enabled caches,
 * then the classifier for what they miss, caching what later stages
 * find in the earlier ones. */
static void
lookup_batch(enum stages stages, struct emc *emc, struct smc *smc,
             const struct dpcls *cls, const struct dp_key *const keys[],
             size_t n, struct dpcls_rule *rules[], struct counts *c)
{
    const struct dp_key *miss_keys[DPCLS_BATCH_MAX];
    struct dpcls_rule *miss_rules[DPCLS_BATCH_MAX];
    uint8_t miss_idx[DPCLS_BATCH_MAX];
    size_t n_miss = 0;

    if (stages & NO_LOOKUP) {
        for (size_t i = 0; i < n; i++) {
            rules[i] = (struct dpcls_rule *) keys[i];
        }
        return;
    }
    if (stages & USE_EMC) {
        uint32_t hits = emc_lookup_batch(emc, keys, n, rules);
        c->emc += count_1bits(hits);
        for (size_t i = 0; i < n; i++) {
            if (!(hits & (UINT32_C(1) << i))) {
                miss_idx[n_miss] = i;
                miss_keys[n_miss++] = keys[i];
            }
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            miss_idx[n_miss] = i;
            miss_keys[n_miss++] = keys[i];
        }
    }
    if (!n_miss) {
        return;
    }

    if (stages & USE_SMC) {
        uint32_t hits = smc_lookup_batch(smc, miss_keys, n_miss, miss_rules);
        size_t n_left = 0;
        c->smc += count_1bits(hits);
        for (size_t j = 0; j < n_miss; j++) {
            size_t i = miss_idx[j];
            if (hits & (UINT32_C(1) << j)) {
                rules[i] = miss_rules[j];
                if (stages & USE_EMC) {
                    emc_insert(emc, keys[i], rules[i]);
                }
            } else {
                miss_idx[n_left] = i;
                miss_keys[n_left++] = keys[i];
            }
        }
        n_miss = n_left;
        if (!n_miss) {
            return;
        }
    }

    dpcls_lookup(cls, miss_keys, n_miss, miss_rules, NULL);
    for (size_t j = 0; j < n_miss; j++) {
        size_t i = miss_idx[j];
        rules[i] = miss_rules[j];
        if (!rules[i]) {
            c->miss++;
            continue;
        }
        c->cls++;
        if (stages & USE_SMC) {
            smc_insert(smc, keys[i], rules[i]);
        }
        if (stages & USE_EMC) {
            emc_insert(emc, keys[i], rules[i]);
        }
    }
}

/* Runs the traffic of S through the stages for about OPT->seconds after
 * one warm-up pass; returns ns per key and stores the stage counts of
 * the measurement in *C. */
static double
measure(const struct setup *s, enum stages stages,
        const struct options *opt, struct counts *c)
{
    struct dp_key batch[DPCLS_BATCH_MAX];
    const struct dp_key *ptrs[DPCLS_BATCH_MAX];
    struct dpcls_rule *rules[DPCLS_BATCH_MAX];
    struct emc emc;
    struct smc smc;
    uint64_t rng = 1;
    uint32_t next = 0;
    uint64_t sink = 0;

    emc_init(&emc, &s->cls, opt->emc_entries);
    emc_set_replace_inv_prob(&emc, opt->emc_inv_prob);
    smc_init(&smc, &s->cls, opt->smc_entries);

    /* One pass over the keys to warm up, then REPEATS rounds of
     * SECONDS / REPEATS each, of which the fastest counts: on a shared or
     * virtual machine, the others include time stolen by other work. */
    enum { REPEATS = 5 };
    unsigned long long warmup = DIV_ROUND_UP(s->n_keys, DPCLS_BATCH_MAX);
    unsigned long long n_batches = 0;
    double best = 0;
    struct counts best_counts;
    int round = -1;
    double start = 0;
    /* The keys of the next batch, chosen one batch ahead so that they can
     * be prefetched: on a PMD thread a batch's keys are in the cache,
     * since extraction has just written them. */
    uint32_t next_keys[DPCLS_BATCH_MAX];
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < DPCLS_BATCH_MAX; i++) {
            if (opt->random_order) {
                next_keys[i] = random_next(&rng) % s->n_keys;
            } else {
                next_keys[i] = next;
                next = next + 1 < s->n_keys ? next + 1 : 0;
            }
        }
    }

    for (;;) {
        for (int i = 0; i < DPCLS_BATCH_MAX; i++) {
            /* Each key is written into the batch, as extraction writes
             * it. */
            const struct dp_key *key = &s->keys[next_keys[i]];
            memcpy(&batch[i], key, offsetof(struct dp_key, mf) + key->len);
            ptrs[i] = &batch[i];

            if (opt->random_order) {
                next_keys[i] = random_next(&rng) % s->n_keys;
            } else {
                next_keys[i] = next;
                next = next + 1 < s->n_keys ? next + 1 : 0;
            }
            key = &s->keys[next_keys[i]];
            __builtin_prefetch(key);
            __builtin_prefetch((const char *) key + 64);
        }
        lookup_batch(stages, &emc, &smc, &s->cls, ptrs, DPCLS_BATCH_MAX,
                     rules, c);
        for (int i = 0; i < DPCLS_BATCH_MAX; i++) {
            sink += (uintptr_t) rules[i];
        }
        rcu_quiesce();          /* As a PMD thread does between batches. */

        n_batches++;
        if (round < 0 ? n_batches == warmup
            : (n_batches % 256 == 0
               && now_ns() - start >= opt->seconds * 1e9 / REPEATS)) {
            if (round >= 0) {
                double ns = ((now_ns() - start)
                             / ((double) n_batches * DPCLS_BATCH_MAX));
                if (!round || ns < best) {
                    best = ns;
                    best_counts = *c;
                }
            }
            if (++round == REPEATS) {
                break;
            }
            memset(c, 0, sizeof *c);
            n_batches = 0;
            start = now_ns();
        }
    }
    *c = best_counts;

    emc_destroy(&emc);
    smc_destroy(&smc);
    if (sink == 42) {
        printf("!");            /* Keeps the lookups from being dropped. */
    }
    return best;
}

static double
percent(unsigned long long part, const struct counts *c)
{
    unsigned long long total = c->emc + c->smc + c->cls + c->miss;
    return total ? 100.0 * part / total : 0;
}

static void
usage(void)
{
    printf("%s: measures the fast path's flow lookups\n"
           "usage: %s [OPTIONS]\n"
           "  --emc-entries N    exact-match cache size (default %d)\n"
           "  --smc-entries N    signature cache size (default %"PRIu32")\n"
           "  --emc-inv-prob N   EMC replaces a live entry 1 time in N\n"
           "                     (default %d; 1 always, 0 never)\n"
           "  --random           keys in random order (default: cyclic,\n"
           "                     as a replayed capture sends them)\n"
           "  --scenario N       only scenario N (0 to %zu, in the order\n"
           "                     of the output)\n"
           "  --stages N         only stage combination N (0 classifier,\n"
           "                     1 EMC, 2 SMC, 3 EMC and SMC)\n"
           "  --seconds S        time per measurement (default 0.5)\n",
           program_name, program_name, EMC_DEFAULT_ENTRIES,
           SMC_DEFAULT_ENTRIES, EMC_DEFAULT_REPLACE_INV_PROB,
           ARRAY_SIZE(scenarios) - 1);
}

static unsigned long long
parse_number(const char *option, const char *arg)
{
    unsigned long long n;
    if (!arg || !str_to_ullong(arg, 10, &n)) {
        sluice_fatal(0, "%s: \"%s\" is not a number", option,
                     arg ? arg : "");
    }
    return n;
}

int
main(int argc, char *argv[])
{
    struct options opt = {
        .emc_entries = EMC_DEFAULT_ENTRIES,
        .smc_entries = SMC_DEFAULT_ENTRIES,
        .emc_inv_prob = EMC_DEFAULT_REPLACE_INV_PROB,
        .random_order = false,
        .seconds = 0.5,
        .only_scenario = SIZE_MAX,
        .only_mode = SIZE_MAX,
    };

    set_program_name(argv[0]);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            usage();
            return 0;
        } else if (!strcmp(arg, "--emc-entries")) {
            opt.emc_entries = parse_number(arg, next);
            i++;
        } else if (!strcmp(arg, "--smc-entries")) {
            opt.smc_entries = parse_number(arg, next);
            i++;
        } else if (!strcmp(arg, "--emc-inv-prob")) {
            opt.emc_inv_prob = parse_number(arg, next);
            i++;
        } else if (!strcmp(arg, "--scenario")) {
            opt.only_scenario = parse_number(arg, next);
            if (opt.only_scenario >= ARRAY_SIZE(scenarios)) {
                sluice_fatal(0, "--scenario: at most %zu",
                             ARRAY_SIZE(scenarios) - 1);
            }
            i++;
        } else if (!strcmp(arg, "--stages")) {
            opt.only_mode = parse_number(arg, next);
            if (opt.only_mode >= ARRAY_SIZE(modes)) {
                sluice_fatal(0, "--stages: at most %zu",
                             ARRAY_SIZE(modes) - 1);
            }
            i++;
        } else if (!strcmp(arg, "--random")) {
            opt.random_order = true;
        } else if (!strcmp(arg, "--seconds")) {
            if (!next || !str_to_double(next, &opt.seconds)
                || opt.seconds <= 0) {
                sluice_fatal(0, "--seconds: \"%s\" is not a positive "
                             "number", next ? next : "");
            }
            i++;
        } else {
            sluice_fatal(0, "unknown argument \"%s\" (use --help)", arg);
        }
    }

    /* The lookups read RCU-protected data. */
    rcu_register_thread();

    struct emc probe_emc;
    struct smc probe_smc;
    struct dpcls probe_cls;
    dpcls_init(&probe_cls);
    emc_init(&probe_emc, &probe_cls, opt.emc_entries);
    smc_init(&probe_smc, &probe_cls, opt.smc_entries);
    printf("EMC %zu entries (replaces 1 in %u), SMC %zu entries, "
           "%s order\n", emc_capacity(&probe_emc), opt.emc_inv_prob,
           smc_capacity(&probe_smc), opt.random_order ? "random" : "cyclic");
    emc_destroy(&probe_emc);
    smc_destroy(&probe_smc);
    dpcls_destroy(&probe_cls);

    printf("ns/key: time per key, less the time to write the keys into the "
           "batches\n(the \"keys only\" line).\n");
    printf("%-30s %-24s %8s %6s %6s %6s\n", "scenario", "stages",
           "ns/key", "EMC%", "SMC%", "cls%");
    for (size_t i = 0; i < ARRAY_SIZE(scenarios); i++) {
        const struct scenario *sc = &scenarios[i];
        struct setup s;

        if (opt.only_scenario != SIZE_MAX && opt.only_scenario != i) {
            continue;
        }
        setup_scenario(&s, sc);
        struct counts c = { 0, 0, 0, 0 };
        double base = measure(&s, NO_LOOKUP, &opt, &c);
        printf("%-30s %-24s %8.1f\n", sc->name, "(keys only)", base);
        for (size_t j = 0; j < ARRAY_SIZE(modes); j++) {
            if (opt.only_mode != SIZE_MAX && opt.only_mode != j) {
                continue;
            }
            memset(&c, 0, sizeof c);
            double ns = measure(&s, modes[j].stages, &opt, &c) - base;
            printf("%-30s %-24s %8.1f %6.1f %6.1f %6.1f\n", sc->name,
                   modes[j].name, ns, percent(c.emc, &c), percent(c.smc, &c),
                   percent(c.cls, &c));
            if (c.miss) {
                sluice_fatal(0, "%s: %llu keys matched no flow", sc->name,
                             c.miss);
            }
            fflush(stdout);
        }
        teardown_scenario(&s);
    }
    rcu_unregister_thread();
    return 0;
}

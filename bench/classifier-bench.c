/* classifier-bench: how fast the OpenFlow classifier (lib/classifier.h)
 * takes and looks up a large flow table, and how much memory it uses.
 *
 * It builds N rules (1,000,000 by default) of the shapes a controller
 * installs: exact TCP 5-tuples with in_port (70%), IPv4 destination
 * prefixes (/16, /24 and /32, at a priority equal to their length: 20%),
 * and in_port plus destination MAC (10%).  It times inserting them all,
 * looking up flows (half of them hit a 5-tuple rule, the rest fall to the
 * prefixes or miss), with and without the megaflow wildcards, and removing
 * them, and reports the classifier's memory per rule (heap growth during
 * insertion, measured with mallinfo2(), beside the caller's struct
 * cls_rule that each rule embeds).  Run by hand, on an otherwise idle
 * core, e.g.
 *
 *     taskset -c 1 bench/classifier-bench
 *     taskset -c 1 bench/classifier-bench -n 100000 -l 2000000 */
#include <config.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "classifier.h"
#include "match.h"
#include "packets.h"
#include "rcu.h"
#include "util.h"

/* A flow entry, as ofproto would embed the rule. */
struct bench_rule {
    struct cls_rule cr;
    uint64_t n_packets;
};

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

static double
now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* Fills M with rule number I of N and returns its priority. */
static int
make_rule(uint32_t i, uint32_t n, struct match *m)
{
    uint32_t kind = (uint64_t) i * 10 / n;

    match_init_catchall(m);
    if (kind < 7) {
        /* An exact TCP 5-tuple. */
        m->flow.dp.in_port = 1 + i % 16;
        m->mask.dp.in_port = UINT32_MAX;
        m->flow.dp.dl_type = htons(ETH_TYPE_IP);
        m->mask.dp.dl_type = htons(0xffff);
        m->flow.dp.nw_proto = 6;
        m->mask.dp.nw_proto = 0xff;
        m->flow.dp.nw_src = htonl(0x0a000000 + i);
        m->mask.dp.nw_src = htonl(UINT32_MAX);
        m->flow.dp.nw_dst = htonl(0xac100000 + (i * 7919) % (1 << 20));
        m->mask.dp.nw_dst = htonl(UINT32_MAX);
        m->flow.dp.tp_src = htons(1024 + i % 50000);
        m->mask.dp.tp_src = htons(0xffff);
        m->flow.dp.tp_dst = htons(i % 3 ? 80 : 443);
        m->mask.dp.tp_dst = htons(0xffff);
        return 1000;
    } else if (kind < 9) {
        /* An IPv4 destination prefix: one in ten a /16, three a /24, the
         * rest /32, each distinct. */
        uint32_t j = i - (uint64_t) n * 7 / 10;
        unsigned int plen;
        uint32_t addr;
        if (j % 10 == 0) {
            plen = 16;
            addr = (0x4000 + j / 10) << 16;
        } else if (j % 10 < 4) {
            plen = 24;
            addr = (0x400000 + j) << 8;
        } else {
            plen = 32;
            addr = 0xc0000000 + j;
        }
        m->flow.dp.dl_type = htons(ETH_TYPE_IP);
        m->mask.dp.dl_type = htons(0xffff);
        m->flow.dp.nw_dst = htonl(addr);
        m->mask.dp.nw_dst = htonl(UINT32_MAX << (32 - plen));
        return plen;
    } else {
        /* in_port and destination MAC. */
        m->flow.dp.in_port = 1 + i % 16;
        m->mask.dp.in_port = UINT32_MAX;
        m->flow.dp.dl_dst = eth_addr_from_uint64(0x020000000000ull + i);
        m->mask.dp.dl_dst = eth_addr_from_uint64(0xffffffffffffull);
        return 500;
    }
}

static void
usage(void)
{
    printf("usage: classifier-bench [-n RULES] [-l LOOKUPS] [-T]\n"
           "  -n RULES    rules to insert (default 1000000)\n"
           "  -l LOOKUPS  lookups to time (default 4000000)\n"
           "  -T          no prefix tries\n");
}

int
main(int argc, char *argv[])
{
    uint32_t n = 1000000;
    uint32_t n_lookups = 4000000;
    bool tries = true;
    int opt;

    while ((opt = getopt(argc, argv, "n:l:Th")) != -1) {
        switch (opt) {
        case 'T':
            tries = false;
            break;
        case 'n':
            n = strtoul(optarg, NULL, 10);
            break;
        case 'l':
            n_lookups = strtoul(optarg, NULL, 10);
            break;
        case 'h':
            usage();
            return 0;
        default:
            usage();
            return 1;
        }
    }
    if (!n || !n_lookups) {
        usage();
        return 1;
    }

    /* The rules, built beforehand as a flow_mod decoder would. */
    struct bench_rule *rules = xmalloc(n * sizeof *rules);
    for (uint32_t i = 0; i < n; i++) {
        struct match m;
        int priority = make_rule(i, n, &m);
        cls_rule_init(&rules[i].cr, &m, priority);
        rules[i].n_packets = 0;
    }

    /* The flows to look up: half are a 5-tuple rule's packet, half have a
     * random destination under 192/2 or elsewhere. */
    enum { N_FLOWS = 1 << 16 };
    struct oflow *flows = xmalloc(N_FLOWS * sizeof *flows);
    uint64_t rng = 12345;
    uint32_t n_exact = (uint64_t) n * 7 / 10;
    for (uint32_t i = 0; i < N_FLOWS; i++) {
        struct oflow *f = &flows[i];
        if (i % 2 && n_exact) {
            *f = rules[random_next(&rng) % n_exact].cr.match.flow;
        } else {
            memset(f, 0, sizeof *f);
            f->dp.in_port = 1 + random_next(&rng) % 16;
            f->dp.dl_type = htons(ETH_TYPE_IP);
            f->dp.nw_proto = 17;
            f->dp.nw_src = htonl(random_next(&rng));
            f->dp.nw_dst = htonl(random_next(&rng));
            f->dp.tp_src = htons(random_next(&rng));
            f->dp.tp_dst = htons(53);
        }
    }

    /* The writer is an RCU thread that quiesces now and then, as
     * ofproto's main loop does. */
    rcu_register_thread();

    struct classifier cls;
    size_t heap_before = heap_in_use();
    classifier_init(&cls);
    if (!tries) {
        classifier_set_prefix_fields(&cls, 0);
    }

    double t0 = now_sec();
    for (uint32_t i = 0; i < n; i++) {
        if (classifier_insert(&cls, &rules[i].cr, CLS_VERSION_MIN)) {
            fprintf(stderr, "rule %"PRIu32": duplicate\n", i);
            return 1;
        }
        if (!(i % 1024)) {
            rcu_quiesce();
        }
    }
    double t_insert = now_sec() - t0;
    size_t heap_after = heap_in_use();

    printf("%"PRIu32" rules in %zu subtables\n", n,
           classifier_n_subtables(&cls));
    printf("insert        %8.3f s  %10.0f rules/s\n", t_insert,
           n / t_insert);
    printf("memory        %8.1f bytes/rule in the classifier, "
           "+ %zu in struct cls_rule\n",
           (double) (heap_after - heap_before) / n,
           sizeof (struct cls_rule));

    /* Lookups. */
    uint64_t hits = 0;
    uint64_t wc_bits = 0;
    for (int with_wc = 0; with_wc < 2; with_wc++) {
        t0 = now_sec();
        for (uint32_t i = 0; i < n_lookups; i++) {
            const struct oflow *f = &flows[i % N_FLOWS];
            struct oflow wc;
            if (with_wc) {
                memset(&wc, 0, sizeof wc);
            }
            const struct cls_rule *r = classifier_lookup(
                &cls, CLS_VERSION_MIN, f, with_wc ? &wc : NULL);
            hits += r != NULL;
            if (with_wc) {
                wc_bits += count_1bits(wc.dp.nw_dst);
            }
        }
        double t = now_sec() - t0;
        printf("lookup%s %8.3f s  %10.2f Mlookups/s  %6.0f ns/lookup\n",
               with_wc ? "+wc   " : "      ", t, n_lookups / t / 1e6,
               t / n_lookups * 1e9);
    }
    printf("(%.1f%% hit; %.1f nw_dst bits un-wildcarded on average)\n",
           100.0 * hits / (2.0 * n_lookups), (double) wc_bits / n_lookups);

    /* Removal. */
    t0 = now_sec();
    for (uint32_t i = 0; i < n; i++) {
        classifier_remove(&cls, &rules[i].cr);
        if (!(i % 1024)) {
            rcu_quiesce();
        }
    }
    double t_remove = now_sec() - t0;
    printf("remove        %8.3f s  %10.0f rules/s\n", t_remove,
           n / t_remove);

    classifier_destroy(&cls);
    rcu_unregister_thread();
    rcu_barrier();
    free(flows);
    free(rules);
    return 0;
}

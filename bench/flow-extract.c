/* flow-extract: a microbenchmark of flow extraction.
 *
 * Loads the packets of a pcap file (by default the mixed set of test
 * shapes from tests/flow-shapes, the same packets that gen-shapes writes)
 * and times flow_extract(), miniflow_extract() and miniflow_extract() plus
 * miniflow_hash() over them, printing nanoseconds per packet for each.
 * Run by hand, on an otherwise idle core, e.g.
 *
 *     taskset -c 1 bench/flow-extract -n 200000
 *     bench/flow-extract traffic.pcap */
#include <config.h>

#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "dp-packet.h"
#include "flow.h"
#include "tests/flow-shapes/shapes.h"
#include "util.h"

struct packets {
    uint8_t **data;             /* Each packet in its own buffer. */
    size_t *sizes;
    size_t n, allocated;
    struct dp_packet *packets;  /* Read-only views of 'data'. */
};

static void
add_packet(struct packets *ps, const void *data, size_t size)
{
    if (ps->n >= ps->allocated) {
        size_t allocated = ps->allocated;
        ps->data = x2nrealloc(ps->data, &allocated, sizeof *ps->data);
        ps->sizes = xrealloc(ps->sizes, allocated * sizeof *ps->sizes);
        ps->allocated = allocated;
    }
    ps->data[ps->n] = xmemdup(data, size);
    ps->sizes[ps->n] = size;
    ps->n++;
}

static void
load_pcap(struct packets *ps, const char *file_name)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pcap = pcap_open_offline(file_name, errbuf);
    if (!pcap) {
        sluice_fatal(0, "%s", errbuf);
    }
    if (pcap_datalink(pcap) != DLT_EN10MB) {
        sluice_fatal(0, "%s: not an Ethernet capture", file_name);
    }

    struct pcap_pkthdr *hdr;
    const u_char *bytes;
    int retval;
    while ((retval = pcap_next_ex(pcap, &hdr, &bytes)) == 1) {
        if (hdr->caplen <= DP_PACKET_MAX_SIZE) {
            add_packet(ps, bytes, hdr->caplen);
        }
    }
    if (retval == PCAP_ERROR) {
        sluice_fatal(0, "%s: %s", file_name, pcap_geterr(pcap));
    }
    pcap_close(pcap);
}

static void
load_shapes(struct packets *ps)
{
    for (size_t i = 0; i < flow_shapes_count(); i++) {
        struct flow_shape_packet pkt;
        flow_shape_build(i, &pkt);
        add_packet(ps, pkt.data, pkt.size);
    }
}

static double
now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

enum mode { FLOW, MINIFLOW, MINIFLOW_HASH };

/* Runs ITERATIONS passes of MODE over PS and returns ns per packet.  The
 * results feed *SINK so that the compiler cannot drop the work. */
static double
run(struct packets *ps, enum mode mode, unsigned long iterations,
    uint64_t *sink)
{
    struct miniflow_buf mf;
    struct flow flow;
    double start = now_ns();

    for (unsigned long it = 0; it < iterations; it++) {
        for (size_t i = 0; i < ps->n; i++) {
            struct dp_packet *p = &ps->packets[i];
            switch (mode) {
            case FLOW:
                flow_extract(p, &flow);
                *sink += flow.tp_src ^ flow.dl_type;
                break;
            case MINIFLOW:
                miniflow_extract(p, &mf.mf);
                *sink += mf.mf.map;
                break;
            case MINIFLOW_HASH:
                miniflow_extract(p, &mf.mf);
                *sink += miniflow_hash(&mf.mf, 0);
                break;
            }
        }
    }
    return (now_ns() - start) / ((double) iterations * ps->n);
}

static void
usage(void)
{
    printf("%s: measures flow extraction speed\n"
           "usage: %s [-n ITERATIONS] [FILE.pcap]\n"
           "Without FILE, uses the %zu mixed test shapes (valid, truncated "
           "and\nmalformed packets of every protocol combination).  "
           "By default, makes as many\npasses (ITERATIONS) as give about "
           "20 million packets.\n",
           program_name, program_name, flow_shapes_count());
}

int
main(int argc, char *argv[])
{
    struct packets ps = { NULL, NULL, 0, 0, NULL };
    unsigned long iterations = 0;
    const char *file_name = NULL;

    set_program_name(argv[0]);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage();
            return 0;
        } else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            unsigned long long n;
            if (!str_to_ullong(argv[++i], 10, &n) || !n) {
                sluice_fatal(0, "-n: \"%s\" is not a positive number",
                             argv[i]);
            }
            iterations = n;
        } else if (argv[i][0] != '-' && !file_name) {
            file_name = argv[i];
        } else {
            sluice_error(0, "bad argument %s; use --help for help", argv[i]);
            return 2;
        }
    }

    if (file_name) {
        load_pcap(&ps, file_name);
    } else {
        load_shapes(&ps);
    }
    if (!ps.n) {
        sluice_fatal(0, "%s: no packets", file_name);
    }
    ps.packets = xmalloc_cacheline(ps.n * sizeof *ps.packets);
    for (size_t i = 0; i < ps.n; i++) {
        dp_packet_use_const(&ps.packets[i], ps.data[i], ps.sizes[i]);
        ps.packets[i].md.in_port = 1;
    }
    if (!iterations) {
        iterations = MAX(1, 20000000 / ps.n);
    }

    printf("%zu packets from %s, %lu passes\n", ps.n,
           file_name ? file_name : "the test shapes", iterations);

    uint64_t sink = 0;
    static const struct {
        enum mode mode;
        const char *name;
    } modes[] = {
        { FLOW, "flow_extract" },
        { MINIFLOW, "miniflow_extract" },
        { MINIFLOW_HASH, "miniflow_extract+hash" },
    };
    for (size_t m = 0; m < ARRAY_SIZE(modes); m++) {
        /* One warm-up pass, then the timed ones. */
        run(&ps, modes[m].mode, 1, &sink);
        double ns = run(&ps, modes[m].mode, iterations, &sink);
        printf("%-22s %6.1f ns/packet\n", modes[m].name, ns);
    }
    printf("(checksum %"PRIx64")\n", sink);

    for (size_t i = 0; i < ps.n; i++) {
        free(ps.data[i]);
    }
    free(ps.data);
    free(ps.sizes);
    free_cacheline(ps.packets);
    return 0;
}

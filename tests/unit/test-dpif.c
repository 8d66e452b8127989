/* Unit tests for datapath/dpif-netdev.c, dpif-netdev-pmd.c and dpctl.c.
 *
 * The EAL runs without hugepages.  Each test creates its own datapath,
 * with its PMD thread on the default core, and two ports that are net_ring
 * vdevs.  A net_ring device is a loopback: what is sent on a queue comes
 * back on the receive queue of the same number.  So a packet is injected
 * into the datapath with dpif_execute(output:1): it leaves on port 1 and
 * comes back in on port 1, where the PMD thread receives it and runs it
 * through the megaflows.  The ports have two receive queues, so that what
 * the PMD thread (which sends on queue 1) outputs comes back too.
 *
 * Waits are for events (a counter reaching a value), with a deadline far
 * beyond what they need, never for a length of time. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buffer.h"
#include "csum.h"
#include "dp-packet.h"
#include "datapath/dpctl.h"
#include "datapath/dpdk.h"
#include "datapath/dpif.h"
#include "dynamic-string.h"
#include "datapath/netdev.h"
#include "odp-actions.h"
#include "odp-util.h"
#include "packets.h"
#include "rcu.h"
#include "shash.h"
#include "smap.h"
#include "thread.h"
#include "timeval.h"
#include "util.h"

#define WAIT_MSEC 10000         /* Deadline of every wait. */

static struct dpif *dpif;
static char dp_name[16];
static int test_seq;

/* Helpers. */

/* Sleeps briefly, quiescent, so that the test thread never holds up an
 * RCU grace period while it waits. */
static void
pause_briefly(void)
{
    rcu_quiesce_start();
    xnanosleep(1000 * 1000);
    rcu_quiesce_end();
}

/* Waits until COND(AUX) is true or WAIT_MSEC pass; returns COND's last
 * value. */
static bool
wait_until(bool (*cond)(void *aux), void *aux)
{
    long long int deadline = time_msec() + WAIT_MSEC;
    while (!cond(aux)) {
        if (time_msec() > deadline) {
            return cond(aux);
        }
        pause_briefly();
    }
    return true;
}

/* Builds an Ethernet/IPv4/UDP packet from SRC_IP to DST_IP (last octets of
 * 10.0.0.X) with PAYLOAD bytes of payload. */
static struct dp_packet *
udp_packet(int src_ip, int dst_ip, uint16_t sport, uint16_t dport,
           size_t payload)
{
    uint8_t buf[2048];
    size_t len = 14 + 20 + 8 + payload;
    memset(buf, 0, sizeof buf);

    static const uint8_t dst_mac[6] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x02 };
    static const uint8_t src_mac[6] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
    memcpy(buf, dst_mac, 6);
    memcpy(buf + 6, src_mac, 6);
    buf[12] = 0x08;
    buf[13] = 0x00;

    uint8_t *ip = buf + 14;
    ip[0] = 0x45;
    ip[2] = (20 + 8 + payload) >> 8;
    ip[3] = (20 + 8 + payload) & 0xff;
    ip[8] = 64;
    ip[9] = 17;
    ip[12] = 10;
    ip[15] = src_ip;
    ip[16] = 10;
    ip[19] = dst_ip;

    uint8_t *udp = ip + 20;
    udp[0] = sport >> 8;
    udp[1] = sport & 0xff;
    udp[2] = dport >> 8;
    udp[3] = dport & 0xff;
    udp[4] = (8 + payload) >> 8;
    udp[5] = (8 + payload) & 0xff;

    return dp_packet_clone_data(buf, len);
}

/* Parses the datapath flow S, which must be valid. */
static void
parse_flow(const char *s, struct flow *key, struct flow *mask)
{
    char *error = odp_flow_from_string(s, key, mask);
    if (error) {
        fail_msg("%s: %s", s, error);
    }
}

/* Parses action list S into B (initialized by the caller). */
static void
parse_actions(const char *s, struct buffer *b)
{
    char *error = odp_actions_from_string(s, b);
    if (error) {
        fail_msg("%s: %s", s, error);
    }
}

/* Puts flow FLOW_S with ACTIONS_S on every poller with FLAGS; returns the
 * error. */
static int
put_flow(const char *flow_s, const char *actions_s,
         enum dpif_flow_put_flags flags, struct dpif_flow_stats *stats)
{
    struct flow key, mask;
    struct buffer actions;
    char *msg = NULL;

    parse_flow(flow_s, &key, &mask);
    buffer_init(&actions, 64);
    parse_actions(actions_s, &actions);
    int error = dpif_flow_put(dpif, flags, &key, &mask, actions.data,
                              actions.size, NULL, DPIF_PMD_ALL, stats, &msg);
    buffer_uninit(&actions);
    free(msg);
    return error;
}

static void
add_flow(const char *flow_s, const char *actions_s)
{
    assert_int_equal(put_flow(flow_s, actions_s, DPIF_FP_CREATE, NULL), 0);
}

/* Stores the statistics of flow FLOW_S, summed over the pollers, in
 * *STATS.  Returns the error of the first dpif_flow_get(). */
static int
get_flow_stats(const char *flow_s, struct dpif_flow_stats *stats)
{
    struct flow key, mask;
    uint32_t *ids;
    int error = ENOENT;

    parse_flow(flow_s, &key, &mask);
    memset(stats, 0, sizeof *stats);
    size_t n = dpif_pmd_list(dpif, &ids);
    for (size_t i = 0; i <= n; i++) {
        uint32_t pmd_id = i < n ? ids[i] : DPIF_NON_PMD_ID;
        struct dpif_flow flow;
        struct buffer buf;
        buffer_init(&buf, 64);
        int e = dpif_flow_get(dpif, NULL, &key, &mask, pmd_id, &flow, &buf);
        if (!e) {
            stats->n_packets += flow.stats.n_packets;
            stats->n_bytes += flow.stats.n_bytes;
            stats->used = MAX(stats->used, flow.stats.used);
            stats->tcp_flags |= flow.stats.tcp_flags;
            error = 0;
        }
        buffer_uninit(&buf);
    }
    free(ids);
    return error;
}

static uint64_t
flow_packets(const char *flow_s)
{
    struct dpif_flow_stats stats;
    return get_flow_stats(flow_s, &stats) ? 0 : stats.n_packets;
}

/* Sends PACKET out of port PORT_NO with dpif_execute(): through the ring's
 * loopback it comes back in on that port. */
static void
inject(const struct dp_packet *packet, uint32_t port_no)
{
    uint64_t stub[8];
    struct buffer actions;

    buffer_use_stack(&actions, stub, sizeof stub);
    odp_put_output(&actions, port_no);
    assert_int_equal(dpif_execute(dpif, packet, actions.data, actions.size,
                                  NULL), 0);
    buffer_uninit(&actions);
}

/* Injects N copies of PACKET on port PORT_NO. */
static void
inject_n(const struct dp_packet *packet, uint32_t port_no, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        inject(packet, port_no);
    }
}

static struct dpif_dp_stats
dp_stats(void)
{
    struct dpif_dp_stats stats;
    assert_int_equal(dpif_get_dp_stats(dpif, &stats), 0);
    return stats;
}

struct flow_count {
    const char *flow;
    uint64_t n;
};

static bool
flow_reached(void *fc_)
{
    const struct flow_count *fc = fc_;
    return flow_packets(fc->flow) >= fc->n;
}

/* Waits until flow FLOW_S has counted N packets. */
static void
wait_flow_packets(const char *flow_s, uint64_t n)
{
    struct flow_count fc = { flow_s, n };
    if (!wait_until(flow_reached, &fc)) {
        fail_msg("flow %s counted %"PRIu64" packets, not %"PRIu64, flow_s,
                 flow_packets(flow_s), n);
    }
}

static bool
lost_reached(void *n_)
{
    return dp_stats().n_lost >= *(uint64_t *) n_;
}

static bool
malformed_reached(void *n_)
{
    return dp_stats().n_malformed >= *(uint64_t *) n_;
}

/* Adds a net_ring port named after the datapath with suffix SUFFIX and
 * two receive queues; returns its number. */
static uint32_t
add_ring_port(const char *suffix)
{
    static int ring_seq;
    char name[32];
    uint32_t port_no = ODPP_NONE;
    struct smap options = SMAP_INITIALIZER(&options);
    char *msg = NULL;

    snprintf(name, sizeof name, "%s%s", dp_name, suffix);
    smap_add_format(&options, "dpdk-devargs", "net_ring%d", ring_seq++);
    smap_add(&options, "n_rxq", "2");
    int error = dpif_port_add(dpif, name, "dpdk", &options, &port_no, &msg);
    if (error) {
        fail_msg("adding %s: %s", name, msg);
    }
    smap_destroy(&options);
    return port_no;
}

/* Creates the test's datapath with ports 1 and 2 and applies CONFIG (may
 * be NULL). */
static void
create_dp(const char *config_s)
{
    struct smap config = SMAP_INITIALIZER(&config);
    char *msg = NULL;

    snprintf(dp_name, sizeof dp_name, "td%d_%d", (int) getpid() % 100000,
             test_seq++);
    if (dpif_create(dp_name, &dpif, &msg)) {
        fail_msg("dpif_create: %s", msg);
    }
    if (config_s) {
        assert_int_equal(smap_from_string(&config, config_s, &msg), 0);
    }
    if (dpif_set_config(dpif, &config, &msg)) {
        fail_msg("dpif_set_config: %s", msg);
    }
    smap_destroy(&config);
    assert_int_equal(add_ring_port("a"), 1);
    assert_int_equal(add_ring_port("b"), 2);
}

static int
setup_dp(void **state)
{
    create_dp(NULL);
    return 0;
}

static int
teardown_dp(void **state)
{
    dpif_register_upcall_cb(dpif, NULL, NULL);
    dpif_delete(dpif);
    dpif_close(dpif);
    dpif = NULL;
    netdev_run();
    return 0;
}

/* Datapaths. */

static void
test_dp_lifecycle(void **state)
{
    struct dpif *other;
    char *msg = NULL;

    /* The same datapath under both names. */
    char full[32];
    snprintf(full, sizeof full, "netdev@%s", dp_name);
    assert_int_equal(dpif_open(full, &other), 0);
    assert_string_equal(dpif_name(other), dp_name);
    assert_string_equal(dpif_full_name(other), full);
    dpif_close(other);

    assert_int_equal(dpif_create(dp_name, &other, &msg), EEXIST);
    assert_null(other);
    assert_non_null(strstr(msg, "already exists"));
    free(msg);

    struct shash names = SHASH_INITIALIZER(&names);
    dpif_enumerate(&names);
    assert_non_null(shash_find(&names, dp_name));
    shash_destroy(&names);

    /* Bad names. */
    assert_int_equal(dpif_create("system@x", &other, &msg), EINVAL);
    assert_string_equal(msg, "datapath system@x: unsupported datapath type "
                        "\"system\" (only \"netdev\")");
    free(msg);
    assert_int_equal(dpif_create("netdev@", &other, &msg), EINVAL);
    assert_non_null(strstr(msg, "1 to 15 characters"));
    free(msg);
    assert_int_equal(dpif_create("a-very-long-name-x", &other, &msg),
                     EINVAL);
    free(msg);
    assert_int_equal(dpif_create("bad/name", &other, &msg), EINVAL);
    assert_non_null(strstr(msg, "invalid character '/'"));
    free(msg);
    assert_int_equal(dpif_open("nosuchdp", &other), ENODEV);
    assert_null(other);

    /* Deletion: gone for new opens at once, alive while handles last. */
    assert_int_equal(dpif_open(dp_name, &other), 0);
    dpif_delete(other);
    struct dpif *third;
    assert_int_equal(dpif_open(dp_name, &third), ENODEV);
    dpif_close(other);
}

/* Ports. */

static void
test_ports(void **state)
{
    struct dpif_port port;
    struct dpif_port *ports;
    char *msg = NULL;

    size_t n = dpif_port_list(dpif, &ports);
    assert_int_equal(n, 3);
    assert_int_equal(ports[0].port_no, ODPP_LOCAL);
    assert_string_equal(ports[0].name, dp_name);
    assert_string_equal(ports[0].type, "internal");
    assert_int_equal(ports[1].port_no, 1);
    assert_string_equal(ports[1].type, "dpdk");
    assert_int_equal(ports[2].port_no, 2);
    dpif_port_list_destroy(ports, n);

    char name[32];
    snprintf(name, sizeof name, "%sa", dp_name);
    assert_int_equal(dpif_port_query_by_name(dpif, name, &port), 0);
    assert_int_equal(port.port_no, 1);
    dpif_port_destroy(&port);
    assert_int_equal(dpif_port_query_by_number(dpif, 2, &port), 0);
    assert_string_equal(port.type, "dpdk");
    dpif_port_destroy(&port);
    assert_int_equal(dpif_port_query_by_number(dpif, 99, NULL), ENOENT);

    /* The same name twice, a number in use, a bad type: each fails alone
     * with a message that names the port. */
    uint32_t port_no = ODPP_NONE;
    assert_int_equal(dpif_port_add(dpif, name, "dpdk", NULL, &port_no,
                                   &msg), EEXIST);
    assert_non_null(strstr(msg, name));
    free(msg);
    port_no = 2;
    assert_int_equal(dpif_port_add(dpif, "tdpx", "internal", NULL,
                                   &port_no, &msg), EEXIST);
    assert_string_equal(msg, "port tdpx: port number 2 is in use");
    free(msg);
    port_no = ODPP_NONE;
    assert_int_equal(dpif_port_add(dpif, "tdpx", "nosuchtype", NULL,
                                   &port_no, &msg), EAFNOSUPPORT);
    assert_non_null(strstr(msg, "tdpx"));
    free(msg);

    /* A bad devargs fails alone. */
    struct smap options = SMAP_INITIALIZER(&options);
    smap_add(&options, "dpdk-devargs", "net_nosuchdriver0");
    port_no = ODPP_NONE;
    assert_int_not_equal(dpif_port_add(dpif, "tdpbad", "dpdk", &options,
                                       &port_no, &msg), 0);
    assert_non_null(strstr(msg, "port tdpbad"));
    free(msg);
    smap_destroy(&options);

    /* A chosen number. */
    port_no = 7;
    snprintf(name, sizeof name, "%sc", dp_name);
    smap_init(&options);
    smap_add(&options, "dpdk-devargs", "net_ring99");
    assert_int_equal(dpif_port_add(dpif, name, "dpdk", &options, &port_no,
                                   &msg), 0);
    assert_null(msg);
    assert_int_equal(port_no, 7);
    smap_destroy(&options);

    struct smap config = SMAP_INITIALIZER(&config);
    assert_int_equal(dpif_port_get_config(dpif, 7, &config, NULL), 0);
    assert_string_equal(smap_get(&config, "dpdk-devargs"), "net_ring99");
    smap_destroy(&config);

    /* Deletion; the local port stays. */
    assert_int_equal(dpif_port_del(dpif, 7), 0);
    assert_int_equal(dpif_port_del(dpif, 7), ENOENT);
    assert_int_equal(dpif_port_del(dpif, ODPP_LOCAL), EINVAL);
    n = dpif_port_list(dpif, &ports);
    assert_int_equal(n, 3);
    dpif_port_list_destroy(ports, n);
}

/* Forwarding. */

static void
test_forwarding(void **state)
{
    const char *f1 = "in_port(1),eth_type(0x0800),ipv4(dst=10.0.0.2)";
    const char *f2 = "in_port(2)";
    const size_t n = 200;
    struct dp_packet *packet = udp_packet(1, 2, 1000, 2000, 58);
    struct netdev_stats before, after;

    add_flow(f1, "2");
    add_flow(f2, "drop");
    assert_int_equal(dpif_port_get_stats(dpif, 2, &before), 0);

    inject_n(packet, 1, n);
    wait_flow_packets(f2, n);

    struct dpif_flow_stats stats;
    assert_int_equal(get_flow_stats(f1, &stats), 0);
    assert_int_equal(stats.n_packets, n);
    assert_int_equal(stats.n_bytes, n * 100);
    assert_true(stats.used > 0);
    assert_int_equal(get_flow_stats(f2, &stats), 0);
    assert_int_equal(stats.n_packets, n);
    assert_int_equal(stats.n_bytes, n * 100);

    /* Port 2 sent exactly the N packets of f1. */
    assert_int_equal(dpif_port_get_stats(dpif, 2, &after), 0);
    assert_int_equal(after.tx_packets - before.tx_packets, n);

    /* Every packet hit (twice: on port 1 and on port 2), none missed. */
    struct dpif_dp_stats s = dp_stats();
    assert_int_equal(s.n_hit, 2 * n);
    assert_int_equal(s.n_missed, 0);
    assert_int_equal(s.n_lost, 0);
    assert_int_equal(s.n_simple_hit + s.n_emc_hit + s.n_smc_hit
                     + s.n_megaflow_hit, 2 * n);
    assert_int_equal(s.n_simple_hit, n);    /* f2 is simple, f1 is not. */
    assert_int_equal(s.n_flows, 2 * 2);    /* Two flows, two pollers. */

    /* A packet that no flow matches is lost (no handler). */
    struct dp_packet *other = udp_packet(1, 3, 1000, 2000, 58);
    inject(other, 1);
    uint64_t one = 1;
    assert_true(wait_until(lost_reached, &one));
    assert_int_equal(dp_stats().n_lost, 1);
    assert_int_equal(flow_packets(f1), n);

    dp_packet_delete(packet);
    dp_packet_delete(other);
}

/* Ports added while reloads are deferred join the threads at the end:
 * until then what is sent to them is dropped; then it loops back in. */
static void
test_deferred_reload(void **state SLUICE_UNUSED)
{
    const char *f3 = "in_port(3)";
    struct dp_packet *packet = udp_packet(1, 2, 1000, 2000, 58);

    dpif_defer_reload(dpif, true);
    dpif_defer_reload(dpif, true);      /* Calls nest. */
    assert_int_equal(add_ring_port("c"), 3);
    add_flow(f3, "drop");
    inject_n(packet, 3, 10);
    dpif_defer_reload(dpif, false);
    inject_n(packet, 3, 10);
    for (int i = 0; i < 50; i++) {
        pause_briefly();
    }
    assert_int_equal(flow_packets(f3), 0);

    dpif_defer_reload(dpif, false);
    inject_n(packet, 3, 10);
    wait_flow_packets(f3, 10);
    for (int i = 0; i < 20; i++) {
        pause_briefly();
    }
    assert_int_equal(flow_packets(f3), 10);
    dp_packet_delete(packet);
}

static void
test_malformed(void **state)
{
    const char *f1 = "in_port(1)";
    uint8_t runt[10] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4 };
    struct dp_packet *packet = dp_packet_clone_data(runt, sizeof runt);

    add_flow(f1, "drop");
    inject_n(packet, 1, 5);
    dp_packet_delete(packet);
    uint64_t five = 5;
    assert_true(wait_until(malformed_reached, &five));

    /* Headers that lie about their lengths are parsed as far as they go
     * and forwarded: an IPv4 total length beyond the packet, a TCP data
     * offset beyond it, an Ethernet header alone. */
    struct dp_packet *bad = udp_packet(1, 2, 1, 2, 10);
    uint8_t *ip = (uint8_t *) dp_packet_data(bad) + 14;
    ip[2] = 0xff;
    inject(bad, 1);
    dp_packet_delete(bad);
    bad = udp_packet(1, 2, 1, 2, 10);
    ip = (uint8_t *) dp_packet_data(bad) + 14;
    ip[9] = 6;
    ip[20 + 12] = 0xf0;
    inject(bad, 1);
    dp_packet_delete(bad);
    bad = dp_packet_clone_data(runt, sizeof runt);
    dp_packet_put_zeros(bad, 4);
    inject(bad, 1);
    dp_packet_delete(bad);

    wait_flow_packets(f1, 3);
    assert_int_equal(dp_stats().n_malformed, 5);
    assert_int_equal(flow_packets(f1), 3);
}

/* Megaflow API. */

static void
test_flow_put_get_del(void **state)
{
    const char *f = "in_port(1),eth(src=00:00:00:00:00:01),eth_type(0x0800),"
                    "ipv4(src=10.0.0.0/255.255.255.0)";
    struct dpif_flow_stats stats;
    struct flow key, mask;
    char *msg = NULL;

    /* Create: EEXIST the second time, ENOENT for a modify of another. */
    assert_int_equal(put_flow(f, "2", DPIF_FP_CREATE, &stats), 0);
    assert_int_equal(stats.n_packets, 0);
    assert_int_equal(put_flow(f, "2", DPIF_FP_CREATE, NULL), EEXIST);
    assert_int_equal(put_flow("in_port(2)", "1", DPIF_FP_MODIFY, NULL),
                     ENOENT);

    /* Bits of the key outside the mask do not matter: the same flow. */
    assert_int_equal(put_flow("in_port(1),eth(src=00:00:00:00:00:01),"
                              "eth_type(0x0800),"
                              "ipv4(src=10.0.0.77/255.255.255.0)", "2",
                              DPIF_FP_CREATE, NULL), EEXIST);

    /* Get: the masked key, the mask, the actions, on every poller. */
    struct dpif_flow flow;
    struct buffer buf;
    buffer_init(&buf, 64);
    parse_flow(f, &key, &mask);
    assert_int_equal(dpif_flow_get(dpif, NULL, &key, &mask, DPIF_PMD_ALL,
                                   &flow, &buf), 0);
    struct ds ds = DS_EMPTY_INITIALIZER;
    dpctl_format_flow(&ds, &flow, false);
    assert_string_equal(ds_cstr(&ds),
                        "recirc_id(0),in_port(1),"
                        "eth(src=00:00:00:00:00:01),eth_type(0x0800),"
                        "ipv4(src=10.0.0.0/255.255.255.0), packets:0, "
                        "bytes:0, used:never, actions:2");
    ds_destroy(&ds);
    struct dpif_ufid ufid = flow.ufid;
    struct dpif_ufid expected;
    struct flow masked = key;
    masked.recirc_id = 0;
    struct flow full_mask = mask;
    full_mask.recirc_id = UINT32_MAX;
    dpif_flow_hash(&masked, &full_mask, &expected);
    assert_true(dpif_ufid_equal(&ufid, &expected));

    /* By ufid too, and its text form round-trips. */
    assert_int_equal(dpif_flow_get(dpif, &ufid, NULL, NULL, DPIF_PMD_ALL,
                                   &flow, &buf), 0);
    ds_init(&ds);
    dpif_ufid_format(&ufid, &ds);
    struct dpif_ufid parsed;
    assert_true(dpif_ufid_from_string(ds_cstr(&ds), &parsed));
    assert_true(dpif_ufid_equal(&parsed, &ufid));
    assert_int_equal(strlen(ds_cstr(&ds)), 5 + 36);
    ds_destroy(&ds);
    assert_false(dpif_ufid_from_string("ufid:1234", &parsed));
    assert_false(dpif_ufid_from_string("ufid:0000000g-0000-0000-0000-"
                                       "000000000000", &parsed));

    /* Modify: new actions, the flow keeps its id. */
    assert_int_equal(put_flow(f, "1,2", DPIF_FP_MODIFY, NULL), 0);
    assert_int_equal(dpif_flow_get(dpif, &ufid, NULL, NULL, DPIF_PMD_ALL,
                                   &flow, &buf), 0);
    char *actions = odp_actions_to_string(flow.actions, flow.actions_size);
    assert_string_equal(actions, "1,2");
    free(actions);

    /* Invalid input. */
    struct flow bad_mask = mask;
    bad_mask.in_port = 0;
    assert_int_equal(dpif_flow_put(dpif, DPIF_FP_CREATE, &key, &bad_mask,
                                   NULL, 0, NULL, DPIF_PMD_ALL, NULL, &msg),
                     EINVAL);
    assert_string_equal(msg, "in_port must be matched exactly: give "
                        "in_port(N)");
    free(msg);
    uint8_t garbage[8] = { 0x77, 0, 8, 0 };
    assert_int_equal(dpif_flow_put(dpif, DPIF_FP_CREATE, &key, &mask,
                                   garbage, sizeof garbage, NULL,
                                   DPIF_PMD_ALL, NULL, &msg), EINVAL);
    assert_non_null(msg);
    free(msg);
    assert_int_equal(dpif_flow_put(dpif, DPIF_FP_CREATE, &key, &mask, NULL,
                                   0, NULL, 12345, NULL, &msg), EINVAL);
    assert_string_equal(msg, "no PMD thread with core id 12345");
    free(msg);

    /* Delete. */
    assert_int_equal(dpif_flow_del(dpif, NULL, &key, &mask, DPIF_PMD_ALL,
                                   &stats), 0);
    assert_int_equal(dpif_flow_del(dpif, NULL, &key, &mask, DPIF_PMD_ALL,
                                   &stats), ENOENT);
    assert_int_equal(dpif_flow_get(dpif, &ufid, NULL, NULL, DPIF_PMD_ALL,
                                   &flow, &buf), ENOENT);
    buffer_uninit(&buf);
    assert_int_equal(dp_stats().n_flows, 0);
}

static void
test_flow_stats_and_modify(void **state)
{
    const char *f = "in_port(1),eth_type(0x0800),ipv4(proto=17)";
    struct dp_packet *packet = udp_packet(1, 2, 7, 8, 18);
    struct dpif_flow_stats stats;

    add_flow(f, "drop");
    inject_n(packet, 1, 10);
    wait_flow_packets(f, 10);

    /* Modify returns the statistics so far and keeps them... */
    assert_int_equal(put_flow(f, "drop", DPIF_FP_MODIFY, &stats), 0);
    assert_int_equal(stats.n_packets, 10);
    assert_int_equal(stats.n_bytes, 10 * 60);
    assert_int_equal(flow_packets(f), 10);

    /* ...unless told to zero them. */
    assert_int_equal(put_flow(f, "drop", DPIF_FP_MODIFY | DPIF_FP_ZERO_STATS,
                              &stats), 0);
    assert_int_equal(stats.n_packets, 10);
    assert_int_equal(get_flow_stats(f, &stats), 0);
    assert_int_equal(stats.n_packets, 0);
    assert_int_equal(stats.used, 0);
    inject_n(packet, 1, 3);
    wait_flow_packets(f, 3);
    assert_int_equal(get_flow_stats(f, &stats), 0);
    assert_int_equal(stats.n_packets, 3);
    assert_int_equal(stats.n_bytes, 3 * 60);

    /* Deletion returns the final statistics. */
    struct flow key, mask;
    parse_flow(f, &key, &mask);
    assert_int_equal(dpif_flow_del(dpif, NULL, &key, &mask, DPIF_PMD_ALL,
                                   &stats), 0);
    assert_int_equal(stats.n_packets, 3);
    dp_packet_delete(packet);
}

static void
test_tcp_flags(void **state)
{
    const char *f = "in_port(1),eth_type(0x0800),ipv4(proto=6)";
    struct dp_packet *syn = udp_packet(1, 2, 7, 8, 12);
    uint8_t *ip = (uint8_t *) dp_packet_data(syn) + 14;
    ip[9] = 6;
    ip[20 + 12] = 0x50;             /* Data offset 5. */
    ip[20 + 13] = 0x02;             /* SYN. */
    struct dp_packet *ack = dp_packet_clone(syn);
    ip = (uint8_t *) dp_packet_data(ack) + 14;
    ip[20 + 13] = 0x10;             /* ACK. */

    add_flow(f, "drop");
    inject(syn, 1);
    inject(ack, 1);
    wait_flow_packets(f, 2);

    struct dpif_flow_stats stats;
    assert_int_equal(get_flow_stats(f, &stats), 0);
    assert_int_equal(stats.tcp_flags, 0x12);
    struct ds ds = DS_EMPTY_INITIALIZER;
    stats.used = 0;
    dpctl_format_flow_stats(&ds, &stats);
    assert_string_equal(ds_cstr(&ds), "packets:2, bytes:108, used:never, "
                        "flags:S.");
    ds_destroy(&ds);
    dp_packet_delete(syn);
    dp_packet_delete(ack);
}

static void
test_dump_and_flush(void **state)
{
    static const char *flows[] = {
        "in_port(1),eth_type(0x0800),ipv4(dst=10.0.0.1)",
        "in_port(1),eth_type(0x0800),ipv4(dst=10.0.0.2)",
        "in_port(2),eth_type(0x86dd)",
    };
    for (size_t i = 0; i < ARRAY_SIZE(flows); i++) {
        add_flow(flows[i], "drop");
    }

    /* Each flow once per poller: the non-PMD context, then the PMDs. */
    uint32_t *ids;
    size_t n_pmds = dpif_pmd_list(dpif, &ids);
    assert_int_equal(n_pmds, 1);
    struct dpif_flow_dump *dump = dpif_flow_dump_create(dpif, DPIF_PMD_ALL);
    struct dpif_flow flow;
    size_t seen[2] = { 0, 0 };
    size_t n = 0;
    while (dpif_flow_dump_next(dump, &flow)) {
        if (flow.pmd_id == DPIF_NON_PMD_ID) {
            assert_int_equal(seen[1], 0);
            seen[0]++;
        } else {
            assert_int_equal(flow.pmd_id, ids[0]);
            seen[1]++;
        }
        n++;
    }
    dpif_flow_dump_destroy(dump);
    assert_int_equal(n, 6);
    assert_int_equal(seen[0], 3);
    assert_int_equal(seen[1], 3);

    /* One poller only. */
    dump = dpif_flow_dump_create(dpif, ids[0]);
    n = 0;
    while (dpif_flow_dump_next(dump, &flow)) {
        assert_int_equal(flow.pmd_id, ids[0]);
        n++;
    }
    dpif_flow_dump_destroy(dump);
    assert_int_equal(n, 3);

    /* A flow deleted during a dump is skipped. */
    dump = dpif_flow_dump_create(dpif, DPIF_PMD_ALL);
    struct flow key, mask;
    parse_flow(flows[2], &key, &mask);
    assert_int_equal(dpif_flow_del(dpif, NULL, &key, &mask, DPIF_PMD_ALL,
                                   NULL), 0);
    n = 0;
    while (dpif_flow_dump_next(dump, &flow)) {
        n++;
    }
    dpif_flow_dump_destroy(dump);
    assert_int_equal(n, 4);

    assert_int_equal(dpif_flow_flush(dpif), 0);
    assert_int_equal(dp_stats().n_flows, 0);
    dump = dpif_flow_dump_create(dpif, DPIF_PMD_ALL);
    assert_false(dpif_flow_dump_next(dump, &flow));
    dpif_flow_dump_destroy(dump);
    free(ids);
}

static void
test_flow_limit(void **state)
{
    struct smap config = SMAP_INITIALIZER(&config);
    smap_add(&config, "flow-limit", "2");
    assert_int_equal(dpif_set_config(dpif, &config, NULL), 0);
    smap_destroy(&config);

    add_flow("in_port(1)", "drop");
    add_flow("in_port(2)", "drop");
    assert_int_equal(put_flow("in_port(0)", "drop", DPIF_FP_CREATE, NULL),
                     E2BIG);
    /* Modifying an existing flow is fine. */
    assert_int_equal(put_flow("in_port(1)", "2", DPIF_FP_MODIFY, NULL), 0);
}

static void
test_config_errors(void **state)
{
    static const struct {
        const char *config;
        const char *error;
    } cases[] = {
        { "pmd-cpu-mask=0xzz", "pmd-cpu-mask: \"0xzz\" is not a "
          "hexadecimal CPU mask" },
        { "pmd-cpu-mask=0", "pmd-cpu-mask: \"0\" selects no core" },
        { "pmd-cpu-mask=0x10000000000", "pmd-cpu-mask: core 40 is not "
          "available to this process" },
        { "pmd-rxq-assign=group", "pmd-rxq-assign: \"group\" is not "
          "\"cycles\" or \"roundrobin\"" },
        { "pmd-sleep-max=10001", "pmd-sleep-max: \"10001\" is not a number "
          "of microseconds from 0 to 10000" },
        { "max-idle=-1", "max-idle: \"-1\" is not a number of "
          "milliseconds" },
        { "flow-limit=0", "flow-limit: \"0\" is not a positive number" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct smap config = SMAP_INITIALIZER(&config);
        char *msg = NULL;
        assert_int_equal(smap_from_string(&config, cases[i].config, &msg),
                         0);
        assert_int_equal(dpif_set_config(dpif, &config, &msg), EINVAL);
        assert_string_equal(msg, cases[i].error);
        free(msg);
        assert_int_equal(dpif_check_config(&config, &msg), EINVAL);
        assert_string_equal(msg, cases[i].error);
        free(msg);
        smap_destroy(&config);
    }

    /* The datapath still works. */
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    add_flow("in_port(1)", "drop");
    inject(packet, 1);
    wait_flow_packets("in_port(1)", 1);
    dp_packet_delete(packet);
}

/* Upcalls. */

struct upcall_log {
    size_t n_miss;
    size_t n_action;
    size_t n_calls;
    uint32_t last_pid;
    uint8_t last_cookie[8];
    size_t last_cookie_size;
    uint32_t last_pmd_id;
    uint32_t last_in_port;
    bool fail;                  /* Make every miss fail. */
};

static struct upcall_log upcall_log;
static struct mutex upcall_log_mutex = MUTEX_INITIALIZER;

/* The handler: every miss gets a megaflow that matches in_port and the IPv4
 * destination, with action "2" (or "drop" for in_port 2). */
static void
upcall_cb(struct dpif_upcall upcalls[], size_t n, void *aux)
{
    mutex_lock(&upcall_log_mutex);
    upcall_log.n_calls++;
    for (size_t i = 0; i < n; i++) {
        struct dpif_upcall *u = &upcalls[i];
        upcall_log.last_pmd_id = u->pmd_id;
        upcall_log.last_in_port = u->flow.in_port;
        if (u->type == DPIF_UC_ACTION) {
            upcall_log.n_action++;
            upcall_log.last_pid = u->pid;
            upcall_log.last_cookie_size = u->cookie_size;
            memcpy(upcall_log.last_cookie, u->cookie,
                   MIN(u->cookie_size, sizeof upcall_log.last_cookie));
            continue;
        }
        upcall_log.n_miss++;
        if (upcall_log.fail) {
            u->error = EIO;
            continue;
        }
        memset(&u->mask, 0, sizeof u->mask);
        u->mask.in_port = UINT32_MAX;
        u->mask.dl_type = UINT16_MAX;
        u->mask.vlans[0].tpid = UINT16_MAX;     /* Untagged. */
        u->mask.nw_dst = UINT32_MAX;
        if (u->flow.in_port == 1) {
            odp_put_output(&u->actions, 2);
        }
    }
    mutex_unlock(&upcall_log_mutex);
}

static size_t
upcall_misses(void)
{
    mutex_lock(&upcall_log_mutex);
    size_t n = upcall_log.n_miss;
    mutex_unlock(&upcall_log_mutex);
    return n;
}

static bool
missed_reached(void *n_)
{
    return dp_stats().n_missed >= *(uint64_t *) n_;
}

static void
test_upcall_install(void **state)
{
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    uint32_t *ids;

    memset(&upcall_log, 0, sizeof upcall_log);
    dpif_register_upcall_cb(dpif, upcall_cb, NULL);
    assert_int_equal(dpif_pmd_list(dpif, &ids), 1);

    /* The first packet misses on port 1 (the handler installs a megaflow on
     * the PMD and sends the packet to port 2), then misses on port 2
     * (megaflow with an empty action list). */
    inject(packet, 1);
    uint64_t two = 2;
    assert_true(wait_until(missed_reached, &two));
    dpif_upcall_flush(dpif);
    assert_int_equal(upcall_misses(), 2);
    assert_int_equal(upcall_log.last_pmd_id, ids[0]);
    assert_int_equal(upcall_log.last_in_port, 2);

    /* The megaflows are on the PMD only, and match what the handler
     * said. */
    struct dpif_flow_dump *dump = dpif_flow_dump_create(dpif, DPIF_PMD_ALL);
    struct dpif_flow flow;
    struct ds ds = DS_EMPTY_INITIALIZER;
    size_t n = 0;
    while (dpif_flow_dump_next(dump, &flow)) {
        assert_int_equal(flow.pmd_id, ids[0]);
        ds_clear(&ds);
        odp_flow_format(&ds, &flow.key, &flow.mask);
        char *actions = odp_actions_to_string(flow.actions,
                                              flow.actions_size);
        if (flow.key.in_port == 1) {
            assert_string_equal(ds_cstr(&ds), "recirc_id(0),in_port(1),"
                                "eth_type(0x0800),ipv4(dst=10.0.0.2)");
            assert_string_equal(actions, "2");
        } else {
            assert_string_equal(ds_cstr(&ds), "recirc_id(0),in_port(2),"
                                "eth_type(0x0800),ipv4(dst=10.0.0.2)");
            assert_string_equal(actions, "drop");
        }
        free(actions);
        n++;
    }
    dpif_flow_dump_destroy(dump);
    ds_destroy(&ds);
    assert_int_equal(n, 2);

    /* The next packets stay in the fast path. */
    const char *f2 = "in_port(2),eth_type(0x0800),ipv4(dst=10.0.0.2)";
    inject_n(packet, 1, 20);
    wait_flow_packets(f2, 20);
    dpif_upcall_flush(dpif);
    assert_int_equal(upcall_misses(), 2);
    struct dpif_dp_stats s = dp_stats();
    assert_int_equal(s.n_missed, 2);
    assert_int_equal(s.n_lost, 0);
    assert_int_equal(s.n_hit, 40);

    /* A handler failure counts the packet as lost. */
    upcall_log.fail = true;
    struct dp_packet *other = udp_packet(1, 9, 1, 2, 10);
    inject(other, 1);
    uint64_t one = 1;
    assert_true(wait_until(lost_reached, &one));
    dpif_upcall_flush(dpif);
    assert_int_equal(dp_stats().n_missed, 2);
    assert_int_equal(dp_stats().n_lost, 1);

    /* Without a handler, misses are lost at once. */
    dpif_register_upcall_cb(dpif, NULL, NULL);
    inject(other, 1);
    uint64_t two_lost = 2;
    assert_true(wait_until(lost_reached, &two_lost));
    assert_int_equal(upcall_misses(), 3);

    free(ids);
    dp_packet_delete(packet);
    dp_packet_delete(other);
}

static bool
actions_reached(void *n_)
{
    mutex_lock(&upcall_log_mutex);
    bool done = upcall_log.n_action >= *(size_t *) n_;
    mutex_unlock(&upcall_log_mutex);
    return done;
}

static void
test_upcall_userspace(void **state)
{
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);

    memset(&upcall_log, 0, sizeof upcall_log);
    dpif_register_upcall_cb(dpif, upcall_cb, NULL);
    add_flow("in_port(1)", "userspace(pid=7,userdata(0a0b0c)),2");
    add_flow("in_port(2)", "drop");

    inject_n(packet, 1, 5);
    size_t five = 5;
    assert_true(wait_until(actions_reached, &five));
    wait_flow_packets("in_port(2)", 5);
    dpif_upcall_flush(dpif);
    assert_int_equal(upcall_log.n_action, 5);
    assert_int_equal(upcall_log.n_miss, 0);
    assert_int_equal(upcall_log.last_pid, 7);
    assert_int_equal(upcall_log.last_cookie_size, 3);
    assert_memory_equal(upcall_log.last_cookie, "\x0a\x0b\x0c", 3);
    assert_int_equal(upcall_log.last_in_port, 1);
    /* Userspace actions are neither misses nor losses. */
    assert_int_equal(dp_stats().n_missed, 0);
    assert_int_equal(dp_stats().n_lost, 0);

    /* Without a handler, the copies for userspace are dropped and counted
     * as such; the rest of the actions go on. */
    dpif_register_upcall_cb(dpif, NULL, NULL);
    inject_n(packet, 1, 3);
    wait_flow_packets("in_port(2)", 8);
    struct ds ds = DS_EMPTY_INITIALIZER;
    dpif_pmd_stats_show(dpif, DPIF_PMD_ALL, &ds);
    assert_non_null(strstr(ds_cstr(&ds),
                           "  userspace action upcalls dropped: 3\n"));
    ds_destroy(&ds);
    assert_int_equal(dp_stats().n_lost, 0);
    assert_int_equal(upcall_log.n_action, 5);
    dp_packet_delete(packet);
}

/* Actions. */

static void
test_recirc(void **state)
{
    const char *f0 = "in_port(1)";
    const char *f5 = "recirc_id(5),in_port(1),eth_type(0x0800),"
                     "ipv4(dst=10.0.0.2)";
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);

    add_flow(f0, "push_vlan(vid=10,pcp=0),pop_vlan,recirc(0x5)");
    add_flow(f5, "2");
    add_flow("in_port(2)", "drop");
    inject_n(packet, 1, 4);
    wait_flow_packets("in_port(2)", 4);
    assert_int_equal(flow_packets(f0), 4);
    assert_int_equal(flow_packets(f5), 4);

    /* A recirculation loop stops at the depth limit. */
    add_flow("recirc_id(6),in_port(1)", "recirc(0x6)");
    assert_int_equal(put_flow(f0, "recirc(0x6)", DPIF_FP_MODIFY, NULL), 0);
    inject(packet, 1);
    wait_flow_packets("recirc_id(6),in_port(1)", 6);
    /* Dropped at the limit: no further pass is counted. */
    assert_int_equal(flow_packets("recirc_id(6),in_port(1)"), 6);

    struct ds ds = DS_EMPTY_INITIALIZER;
    dpif_pmd_stats_show(dpif, DPIF_PMD_ALL, &ds);
    assert_non_null(strstr(ds_cstr(&ds), "  packet recirculations: 10\n"));
    ds_destroy(&ds);
    dp_packet_delete(packet);
}

static void
test_trunc_and_clone(void **state)
{
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 100);

    /* Port 2 receives a truncated copy and a whole one. */
    add_flow("in_port(1)", "trunc(64),2,clone(2)");
    add_flow("in_port(2)", "drop");
    inject(packet, 1);
    wait_flow_packets("in_port(2)", 2);

    struct dpif_flow_stats stats;
    assert_int_equal(get_flow_stats("in_port(2)", &stats), 0);
    assert_int_equal(stats.n_packets, 2);
    assert_int_equal(stats.n_bytes, 64 + 142);
    dp_packet_delete(packet);
}

static void
test_meter(void **state)
{
    const struct dpif_meter_band band = {
        .type = DPIF_METER_BAND_DROP,
        .rate = 1,                  /* One packet a second... */
        .burst_size = 10,           /* ...after a burst of ten. */
    };
    struct dpif_meter_stats stats;
    char *msg = NULL;

    /* Errors. */
    assert_int_equal(dpif_meter_set(dpif, DPIF_MAX_METERS, DPIF_METER_PKTPS,
                                    &band, 1, &msg), EINVAL);
    assert_non_null(strstr(msg, "out of range"));
    free(msg);
    assert_int_equal(dpif_meter_set(dpif, 1, DPIF_METER_PKTPS
                                    | DPIF_METER_KBPS, &band, 1, &msg),
                     EINVAL);
    assert_string_equal(msg, "meter 1: exactly one of kbps and pktps is "
                        "required");
    free(msg);
    assert_int_equal(dpif_meter_set(dpif, 1, DPIF_METER_PKTPS, &band, 0,
                                    &msg), EINVAL);
    free(msg);
    assert_int_equal(dpif_meter_get(dpif, 1, &stats), ENOENT);

    assert_int_equal(dpif_meter_set(dpif, 1, DPIF_METER_PKTPS
                                    | DPIF_METER_BURST, &band, 1, NULL), 0);
    long long int start = time_msec();
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    add_flow("in_port(1)", "meter(1),2");
    add_flow("in_port(2)", "drop");
    inject_n(packet, 1, 100);
    wait_flow_packets("in_port(1)", 100);
    dpif_upcall_flush(dpif);

    /* Ten pass at once, then one per second that the test took. */
    long long int elapsed = time_msec() - start;
    uint64_t passed = flow_packets("in_port(2)");
    assert_true(passed >= 10);
    assert_true(passed <= (uint64_t) (10 + elapsed / 1000 + 1));

    assert_int_equal(dpif_meter_get(dpif, 1, &stats), 0);
    assert_int_equal(stats.n_packets, 100);
    assert_int_equal(stats.n_bytes, 100 * 52);
    assert_int_equal(stats.n_bands, 1);
    assert_int_equal(stats.bands[0].n_packets, 100 - passed);

    /* A deleted meter passes everything. */
    assert_int_equal(dpif_meter_del(dpif, 1, &stats), 0);
    assert_int_equal(dpif_meter_del(dpif, 1, NULL), ENOENT);
    inject_n(packet, 1, 20);
    wait_flow_packets("in_port(2)", passed + 20);
    dp_packet_delete(packet);
}

/* DSCP remark bands. */

/* The IP headers of packets that reached a userspace action. */
static struct {
    struct mutex mutex;
    size_t n;
    uint8_t l3[40];             /* The last one's first 40 bytes. */
} remark_log = { MUTEX_INITIALIZER, 0, { 0 } };

static void
remark_upcall_cb(struct dpif_upcall upcalls[], size_t n,
                 void *aux SLUICE_UNUSED)
{
    mutex_lock(&remark_log.mutex);
    for (size_t i = 0; i < n; i++) {
        const struct dp_packet *p = upcalls[i].packet;
        size_t size = dp_packet_size(p);
        if (upcalls[i].type == DPIF_UC_ACTION && size >= 14 + 20) {
            memset(remark_log.l3, 0, sizeof remark_log.l3);
            memcpy(remark_log.l3, (const uint8_t *) dp_packet_data(p) + 14,
                   MIN(size - 14, sizeof remark_log.l3));
            remark_log.n++;
        }
    }
    mutex_unlock(&remark_log.mutex);
}

/* Returns an IPv4/UDP packet like udp_packet() with TOS and a correct
 * IPv4 checksum. */
static struct dp_packet *
udp_packet_tos(uint8_t tos)
{
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    struct ip_header *ip = (struct ip_header *)
        ((uint8_t *) dp_packet_data(packet) + 14);
    ip->ip_tos = tos;
    ip->ip_csum = 0;
    ip->ip_csum = csum(ip, IP_HEADER_LEN);
    return packet;
}

/* Returns an Ethernet/IPv6/UDP packet from 2001:db8::1 to 2001:db8::2 with
 * traffic class TCLASS and flow label 0x12345. */
static struct dp_packet *
udp6_packet(uint8_t tclass)
{
    uint8_t buf[14 + 40 + 8 + 10];
    memset(buf, 0, sizeof buf);
    buf[5] = 2;
    buf[11] = 1;
    buf[12] = 0x86;
    buf[13] = 0xdd;

    uint8_t *ip6 = buf + 14;
    uint32_t vtc = 6u << 28 | (uint32_t) tclass << 20 | 0x12345;
    put_unaligned_be32(ip6, htonl(vtc));
    ip6[5] = 18;                /* Payload length. */
    ip6[6] = 17;                /* UDP. */
    ip6[7] = 64;
    ip6[8] = 0x20;
    ip6[9] = 0x01;
    ip6[10] = 0x0d;
    ip6[11] = 0xb8;
    memcpy(ip6 + 24, ip6 + 8, 16);
    ip6[23] = 1;
    ip6[39] = 2;

    uint8_t *udp = ip6 + 40;
    udp[1] = 1;
    udp[3] = 2;
    udp[5] = 18;
    return dp_packet_clone_data(buf, sizeof buf);
}

struct meter_count {
    uint32_t id;
    uint64_t n;
};

static bool
meter_reached(void *mc_)
{
    const struct meter_count *mc = mc_;
    struct dpif_meter_stats stats;
    return (!dpif_meter_get(dpif, mc->id, &stats)
            && stats.n_packets >= mc->n);
}

/* Waits until meter ID has seen N packets. */
static void
wait_meter_packets(uint32_t id, uint64_t n)
{
    struct meter_count mc = { id, n };
    if (!wait_until(meter_reached, &mc)) {
        fail_msg("meter %"PRIu32" did not see %"PRIu64" packets", id, n);
    }
}

static void
test_meter_dscp_remark(void **state)
{
    /* Over 1 packet/s (burst 5) AF11 becomes AF12; over 2 packets/s
     * (burst 10) the drop band, whose rate is higher, wins. */
    const struct dpif_meter_band bands[] = {
        { .type = DPIF_METER_BAND_DSCP_REMARK, .rate = 1, .burst_size = 5,
          .prec_level = 1 },
        { .type = DPIF_METER_BAND_DROP, .rate = 2, .burst_size = 10 },
    };
    const char *af11 = "in_port(2),eth_type(0x0800),ipv4(tos=0x29)";
    const char *af12 = "in_port(2),eth_type(0x0800),ipv4(tos=0x31)";
    struct dpif_meter_stats stats;

    mutex_lock(&remark_log.mutex);
    remark_log.n = 0;
    mutex_unlock(&remark_log.mutex);
    dpif_register_upcall_cb(dpif, remark_upcall_cb, NULL);
    assert_int_equal(dpif_meter_set(dpif, 2, DPIF_METER_PKTPS
                                    | DPIF_METER_BURST, bands, 2, NULL), 0);
    add_flow("in_port(1)", "meter(2),2");
    add_flow(af11, "drop");
    add_flow(af12, "userspace(pid=9)");

    /* AF11 with ECN "ECT(1)": the ECN bits must survive. */
    struct dp_packet *packet = udp_packet_tos(0x29);
    long long int start = time_msec();
    inject_n(packet, 1, 30);
    wait_meter_packets(2, 30);
    long long int elapsed = time_msec() - start;

    assert_int_equal(dpif_meter_get(dpif, 2, &stats), 0);
    uint64_t remarked = stats.bands[0].n_packets;
    uint64_t dropped = stats.bands[1].n_packets;
    assert_true(remarked + dropped <= 25);
    wait_flow_packets(af12, remarked);
    wait_flow_packets(af11, 30 - remarked - dropped);
    dpif_upcall_flush(dpif);
    if (elapsed < 400) {
        /* Too fast for either bucket to earn a packet's worth. */
        assert_int_equal(flow_packets(af11), 5);
        assert_int_equal(remarked, 5);
        assert_int_equal(dropped, 20);
    } else {
        assert_true(flow_packets(af11) >= 5);
        assert_true(remarked >= 5);
        assert_true(dropped <= 20);
        assert_true(dropped + 2 * (elapsed / 1000 + 1) >= 20);
    }
    assert_int_equal(flow_packets(af11) + flow_packets(af12) + dropped, 30);

    /* The remarked packets' IPv4 checksum is right. */
    uint8_t l3[sizeof remark_log.l3];
    mutex_lock(&remark_log.mutex);
    size_t n_logged = remark_log.n;
    memcpy(l3, remark_log.l3, sizeof l3);
    mutex_unlock(&remark_log.mutex);
    assert_int_equal(n_logged, remarked);
    assert_int_equal(l3[1], 0x31);
    assert_int_equal(csum(l3, IP_HEADER_LEN), 0);

    struct dpif_meter_config config;
    assert_int_equal(dpif_meter_get_config(dpif, 2, &config), 0);
    assert_int_equal(config.flags, DPIF_METER_PKTPS | DPIF_METER_BURST);
    assert_int_equal(config.n_bands, 2);
    assert_int_equal(config.bands[0].type, DPIF_METER_BAND_DSCP_REMARK);
    assert_int_equal(config.bands[0].rate, 1);
    assert_int_equal(config.bands[0].burst_size, 5);
    assert_int_equal(config.bands[0].prec_level, 1);
    assert_int_equal(config.bands[1].type, DPIF_METER_BAND_DROP);
    assert_int_equal(config.bands[1].prec_level, 0);
    assert_int_equal(dpif_meter_get_config(dpif, 3, &config), ENOENT);

    dpif_register_upcall_cb(dpif, NULL, NULL);
    dp_packet_delete(packet);
}

static void
test_meter_dscp_remark_codepoints(void **state)
{
    /* Every packet after the first is over the rate. */
    const struct dpif_meter_band band = {
        .type = DPIF_METER_BAND_DSCP_REMARK, .rate = 1, .burst_size = 1,
        .prec_level = 2,
    };
    static const struct {
        uint8_t tos;            /* IPv4 TOS or IPv6 traffic class. */
        uint8_t remarked;
    } cases[] = {
        { 0x48, 0x58 },         /* AF21 -> AF23. */
        { 0x52, 0x5a },         /* AF22 with ECN ECT(0) -> AF23. */
        { 0x58, 0x58 },         /* AF23: already the highest. */
        { 0x00, 0x00 },         /* Best effort. */
        { 0x20, 0x20 },         /* CS1. */
        { 0xb8, 0xb8 },         /* EF. */
        { 0xa8, 0xa8 },         /* DSCP 42: class 5 is not AF. */
    };

    assert_int_equal(dpif_meter_set(dpif, 4, DPIF_METER_PKTPS
                                    | DPIF_METER_BURST, &band, 1, NULL), 0);
    add_flow("in_port(1)", "meter(4),2");

    /* The first packet empties the bucket.  Nothing matches it on port 2:
     * it misses and is dropped. */
    uint64_t n = 1;
    struct dp_packet *first = udp6_packet(0);
    inject(first, 1);
    wait_meter_packets(4, n);
    dp_packet_delete(first);

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        for (int v6 = 0; v6 < 2; v6++) {
            struct dp_packet *packet = (v6 ? udp6_packet(cases[i].tos)
                                        : udp_packet_tos(cases[i].tos));
            char flow_s[128];
            if (v6) {
                snprintf(flow_s, sizeof flow_s, "in_port(2),"
                         "eth_type(0x86dd),ipv6(tclass=0x%02x)",
                         cases[i].remarked);
            } else {
                snprintf(flow_s, sizeof flow_s, "in_port(2),"
                         "eth_type(0x0800),ipv4(tos=0x%02x)",
                         cases[i].remarked);
            }
            add_flow(flow_s, "drop");

            /* The bucket earns a packet a second: if a slow run lets one
             * through unmarked, send another. */
            for (int attempt = 0; attempt < 3; attempt++) {
                struct dpif_meter_stats before, after;
                assert_int_equal(dpif_meter_get(dpif, 4, &before), 0);
                inject(packet, 1);
                wait_meter_packets(4, ++n);
                assert_int_equal(dpif_meter_get(dpif, 4, &after), 0);
                if (after.bands[0].n_packets > before.bands[0].n_packets) {
                    break;
                }
            }
            wait_flow_packets(flow_s, 1);

            struct flow key, mask;
            parse_flow(flow_s, &key, &mask);
            assert_int_equal(dpif_flow_del(dpif, NULL, &key, &mask,
                                           DPIF_PMD_ALL, NULL), 0);
            dp_packet_delete(packet);
        }
    }

    struct dpif_meter_stats stats;
    assert_int_equal(dpif_meter_get(dpif, 4, &stats), 0);
    assert_int_equal(stats.n_packets, n);
    assert_int_equal(stats.bands[0].n_packets, 2 * ARRAY_SIZE(cases));
}

static void
test_meter_band_errors(void **state)
{
    struct dpif_meter_band bands[] = {
        { .type = DPIF_METER_BAND_DROP, .rate = 10, .prec_level = 1 },
        { .type = 3, .rate = 10 },
    };
    char *msg;

    assert_int_equal(dpif_meter_set(dpif, 5, DPIF_METER_KBPS, &bands[0], 1,
                                    &msg), EINVAL);
    assert_string_equal(msg, "meter 5: band 0: prec_level is only for "
                        "dscp_remark bands");
    free(msg);
    assert_int_equal(dpif_meter_set(dpif, 5, DPIF_METER_KBPS, &bands[1], 1,
                                    &msg), EINVAL);
    assert_string_equal(msg, "meter 5: band 0: unsupported band type 3 "
                        "(only drop and dscp_remark)");
    free(msg);

    /* Listing. */
    bands[0].prec_level = 0;
    assert_int_equal(dpif_meter_set(dpif, 9, DPIF_METER_KBPS, bands, 1,
                                    NULL), 0);
    assert_int_equal(dpif_meter_set(dpif, 7, DPIF_METER_KBPS, bands, 1,
                                    NULL), 0);
    uint32_t *ids;
    assert_int_equal(dpif_meter_list(dpif, &ids), 2);
    assert_int_equal(ids[0], 7);
    assert_int_equal(ids[1], 9);
    free(ids);
    assert_int_equal(dpif_meter_del(dpif, 7, NULL), 0);
    assert_int_equal(dpif_meter_del(dpif, 9, NULL), 0);
    assert_int_equal(dpif_meter_list(dpif, &ids), 0);
    free(ids);
}

/* Expiry, PMD commands, configuration. */

static bool
no_flows(void *aux SLUICE_UNUSED)
{
    return dp_stats().n_flows == 0;
}

static void
test_max_idle(void **state)
{
    struct smap config = SMAP_INITIALIZER(&config);
    smap_add(&config, "max-idle", "100");
    assert_int_equal(dpif_set_config(dpif, &config, NULL), 0);
    smap_destroy(&config);

    add_flow("in_port(1)", "drop");
    assert_int_equal(dp_stats().n_flows, 2);
    assert_true(wait_until(no_flows, NULL));
}

static void
test_pmd_commands(void **state)
{
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    uint32_t *ids;
    assert_int_equal(dpif_pmd_list(dpif, &ids), 1);

    add_flow("in_port(1)", "2");
    add_flow("in_port(2)", "drop");
    inject_n(packet, 1, 10);
    wait_flow_packets("in_port(2)", 10);

    struct ds ds = DS_EMPTY_INITIALIZER;
    dpif_pmd_stats_show(dpif, ids[0], &ds);
    char title[64];
    snprintf(title, sizeof title, "pmd thread numa_id 0 core_id %"PRIu32
             ":\n", ids[0]);
    assert_true(!strncmp(ds_cstr(&ds), title, strlen(title)));
    assert_non_null(strstr(ds_cstr(&ds), "  packets received: 20\n"));
    assert_non_null(strstr(ds_cstr(&ds), "  emc hits: "));
    assert_non_null(strstr(ds_cstr(&ds), "  miss with failed upcall: 0\n"));
    assert_null(strstr(ds_cstr(&ds), "main thread:"));

    /* The non-PMD context received the dpif_execute() packets?  No: they
     * came in through the rings, polled by the PMD.  It shows as the main
     * thread. */
    ds_clear(&ds);
    dpif_pmd_stats_show(dpif, DPIF_PMD_ALL, &ds);
    assert_non_null(strstr(ds_cstr(&ds), "main thread:\n"
                           "  packets received: 0\n"));

    dpif_pmd_stats_clear(dpif);
    ds_clear(&ds);
    dpif_pmd_stats_show(dpif, ids[0], &ds);
    assert_non_null(strstr(ds_cstr(&ds), "  packets received: 0\n"));
    /* The datapath's own counters are not cleared. */
    assert_int_equal(dp_stats().n_hit, 20);

    /* Both rings' queues are on the PMD. */
    ds_clear(&ds);
    dpif_pmd_rxq_show(dpif, DPIF_PMD_ALL, &ds);
    char expected[512];
    snprintf(expected, sizeof expected,
             "%s"
             "  isolated : false\n"
             "  port: %-16s  queue-id:  0 (enabled)   pmd usage: NOT AVAIL\n"
             "  port: %-16s  queue-id:  1 (enabled)   pmd usage: NOT AVAIL\n"
             "  port: %-16s  queue-id:  0 (enabled)   pmd usage: NOT AVAIL\n"
             "  port: %-16s  queue-id:  1 (enabled)   pmd usage: NOT AVAIL\n"
             "  overhead: NOT AVAIL\n", title,
             dp_name, dp_name, dp_name, dp_name);
    /* The names are DP_NAME + "a" and + "b". */
    char na[32], nb[32];
    snprintf(na, sizeof na, "%sa", dp_name);
    snprintf(nb, sizeof nb, "%sb", dp_name);
    snprintf(expected, sizeof expected,
             "%s"
             "  isolated : false\n"
             "  port: %-16s  queue-id:  0 (enabled)   pmd usage: NOT AVAIL\n"
             "  port: %-16s  queue-id:  1 (enabled)   pmd usage: NOT AVAIL\n"
             "  port: %-16s  queue-id:  0 (enabled)   pmd usage: NOT AVAIL\n"
             "  port: %-16s  queue-id:  1 (enabled)   pmd usage: NOT AVAIL\n"
             "  overhead: NOT AVAIL\n", title, na, na, nb, nb);
    assert_string_equal(ds_cstr(&ds), expected);

    /* Rebalancing keeps every queue polled. */
    dpif_pmd_rxq_rebalance(dpif);
    ds_clear(&ds);
    dpif_pmd_rxq_show(dpif, DPIF_PMD_ALL, &ds);
    assert_string_equal(ds_cstr(&ds), expected);
    inject_n(packet, 1, 10);
    wait_flow_packets("in_port(2)", 20);

    ds_destroy(&ds);
    free(ids);
    dp_packet_delete(packet);
}

/* Returns the PMD thread's "idle sleeps" count from pmd-stats-show. */
static unsigned long long
pmd_idle_sleeps(void)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    unsigned long long n = 0;

    dpif_pmd_stats_show(dpif, DPIF_PMD_ALL, &ds);
    const char *s = strstr(ds_cstr(&ds), "  idle sleeps: ");
    assert_non_null(s);
    assert_int_equal(sscanf(s, "  idle sleeps: %llu", &n), 1);
    ds_destroy(&ds);
    return n;
}

static bool
pmd_has_slept(void *aux SLUICE_UNUSED)
{
    return pmd_idle_sleeps() > 0;
}

static void
test_idle_backoff(void **state)
{
    /* An idle PMD thread sleeps (by default)... */
    dpif_pmd_stats_clear(dpif);
    assert_true(wait_until(pmd_has_slept, NULL));

    /* ...and forwards at once when traffic comes. */
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    add_flow("in_port(1)", "drop");
    inject(packet, 1);
    wait_flow_packets("in_port(1)", 1);

    /* With pmd-sleep-max=0 it never sleeps. */
    struct smap config = SMAP_INITIALIZER(&config);
    smap_add(&config, "pmd-sleep-max", "0");
    assert_int_equal(dpif_set_config(dpif, &config, NULL), 0);
    smap_destroy(&config);
    /* A reload makes sure that the PMD has seen the setting. */
    dpif_pmd_rxq_rebalance(dpif);
    unsigned long long before = pmd_idle_sleeps();
    for (int i = 0; i < 20; i++) {
        pause_briefly();
    }
    assert_int_equal(pmd_idle_sleeps(), before);
    inject(packet, 1);
    wait_flow_packets("in_port(1)", 2);
    dp_packet_delete(packet);
}

static void
test_port_del_while_forwarding(void **state)
{
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    struct netdev_stats stats;

    add_flow("in_port(1)", "2");
    add_flow("in_port(2)", "drop");
    inject_n(packet, 1, 10);
    wait_flow_packets("in_port(2)", 10);

    /* Port 2 goes: the flow to it stays, its output drops. */
    assert_int_equal(dpif_port_del(dpif, 2), 0);
    assert_int_equal(dpif_port_get_stats(dpif, 2, &stats), ENOENT);
    inject_n(packet, 1, 10);
    wait_flow_packets("in_port(1)", 20);
    assert_int_equal(flow_packets("in_port(2)"), 10);

    /* A new port takes number 2 again and forwards. */
    assert_int_equal(add_ring_port("c"), 2);
    inject_n(packet, 1, 10);
    wait_flow_packets("in_port(2)", 20);
    dp_packet_delete(packet);
}

/* Megaflows added, changed and deleted in a loop while the PMD forwards
 * at full rate: no crash, no use after free (run under ASan), and every
 * packet the PMD received either hit a megaflow or was counted as a
 * miss.  Some of the megaflows are simple (simple-match.h) and some
 * changes of actions make them stop or start being so, so the port's
 * shortcut turns on and off under the PMD's feet. */
static void
test_flow_churn(void **state)
{
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    static const char *masks[] = {
        "in_port(1),eth_type(0x0800),ipv4(dst=10.0.0.2)",
        "in_port(1),eth_type(0x0800),ipv4(src=10.0.0.1)",
        "in_port(1),eth(dst=00:00:00:00:00:02)",
        "in_port(1),eth_type(0x0800),ipv4(proto=17),udp(dst=2)",
        "in_port(1),eth_type(0x0800)",
        "in_port(1),eth_type(0x0800),ipv4(frag=no)",
    };
    static const char *actions[] = {
        "1",
        "push_vlan(vid=1),pop_vlan,1",
        "set(ipv4(ttl=64)),1",
    };

    /* A packet that loops through port 1 forever keeps the PMD busy. */
    add_flow("in_port(1)", "1");
    for (size_t i = 0; i < 4; i++) {
        inject(packet, 1);
    }
    wait_flow_packets("in_port(1)", 1000);

    long long int deadline = time_msec() + 500;
    for (unsigned int i = 0; time_msec() < deadline; i++) {
        const char *f = masks[i % ARRAY_SIZE(masks)];
        put_flow(f, "1", DPIF_FP_CREATE, NULL);
        put_flow(f, actions[i % ARRAY_SIZE(actions)], DPIF_FP_MODIFY, NULL);
        struct flow key, mask;
        parse_flow(masks[(i + 1) % ARRAY_SIZE(masks)], &key, &mask);
        dpif_flow_del(dpif, NULL, &key, &mask, DPIF_PMD_ALL, NULL);
        rcu_quiesce();
    }

    /* Stop the loop: with no flow left, the packets are lost. */
    dpif_flow_flush(dpif);
    uint64_t four = 4;
    assert_true(wait_until(lost_reached, &four));

    struct ds ds = DS_EMPTY_INITIALIZER;
    dpif_pmd_stats_show(dpif, DPIF_PMD_ALL, &ds);
    unsigned long long rx, simple, emc, smc, megaflow, ok, failed;
    const char *s = ds_cstr(&ds);
    assert_int_equal(sscanf(strstr(s, "simple match hits:"),
                            "simple match hits: %llu", &simple), 1);
    assert_int_equal(sscanf(strstr(s, "packets received:"),
                            "packets received: %llu", &rx), 1);
    assert_int_equal(sscanf(strstr(s, "emc hits:"), "emc hits: %llu", &emc),
                     1);
    assert_int_equal(sscanf(strstr(s, "smc hits:"), "smc hits: %llu", &smc),
                     1);
    assert_int_equal(sscanf(strstr(s, "megaflow hits:"),
                            "megaflow hits: %llu", &megaflow), 1);
    assert_int_equal(sscanf(strstr(s, "miss with success upcall:"),
                            "miss with success upcall: %llu", &ok), 1);
    assert_int_equal(sscanf(strstr(s, "miss with failed upcall:"),
                            "miss with failed upcall: %llu", &failed), 1);
    assert_true(rx > 1000);
    assert_int_equal(rx, simple + emc + smc + megaflow + ok + failed);
    assert_true(simple > 0);
    assert_int_equal(failed, 4);
    ds_destroy(&ds);
    dp_packet_delete(packet);
}

static void
test_pmd_mask_change(void **state)
{
    /* Move the PMD to the other core, if there is one, and back to the
     * default. */
    int n_cores = count_cpu_cores();
    uint32_t *ids;
    assert_int_equal(dpif_pmd_list(dpif, &ids), 1);
    uint32_t first = ids[0];
    free(ids);
    if (n_cores < 2 || first == 0) {
        skip();
    }

    struct smap config = SMAP_INITIALIZER(&config);
    smap_add(&config, "pmd-cpu-mask", "0x1");
    assert_int_equal(dpif_set_config(dpif, &config, NULL), 0);
    smap_destroy(&config);
    assert_int_equal(dpif_pmd_list(dpif, &ids), 1);
    assert_int_equal(ids[0], 0);
    free(ids);

    /* New PMDs start with empty tables. */
    struct dp_packet *packet = udp_packet(1, 2, 1, 2, 10);
    add_flow("in_port(1)", "drop");
    inject(packet, 1);
    wait_flow_packets("in_port(1)", 1);

    smap_init(&config);
    assert_int_equal(dpif_set_config(dpif, &config, NULL), 0);
    smap_destroy(&config);
    assert_int_equal(dpif_pmd_list(dpif, &ids), 1);
    assert_int_equal(ids[0], first);
    free(ids);
    dp_packet_delete(packet);
}

/* Setup. */

static int
setup_eal(void **state)
{
    struct smap config = SMAP_INITIALIZER(&config);
    char *error = NULL;

    /* A private network namespace without IPv6: the datapaths' local
     * ports are tap devices, which would otherwise collide with other
     * tests' and receive the kernel's IPv6 neighbour discovery, upsetting
     * the exact counts. */
    if (!unshare(CLONE_NEWNET)) {
        static const char *files[] = {
            "/proc/sys/net/ipv6/conf/default/disable_ipv6",
            "/proc/sys/net/ipv6/conf/all/disable_ipv6",
        };
        for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
            FILE *f = fopen(files[i], "w");
            if (f) {
                fputs("1\n", f);
                fclose(f);
            }
        }
    }

    rcu_register_thread();
    smap_add(&config, "dpdk-no-huge", "true");
    smap_add(&config, "dpdk-socket-mem", "256");
    smap_add_format(&config, "dpdk-file-prefix", "test-dpif-%d",
                    (int) getpid());
    smap_add(&config, "dpdk-extra", "--no-pci --log-level=warning");
    if (dpdk_init(&config, &error)) {
        fprintf(stderr, "dpdk_init failed: %s\n", error);
        return -1;
    }
    smap_destroy(&config);

    /* A datapath needs a tap device for its local port: without the right
     * to create one (not root), skip rather than fail every test. */
    struct dpif *probe;
    char name[16];
    snprintf(name, sizeof name, "tprobe%d", (int) getpid() % 100000);
    int err = dpif_create(name, &probe, &error);
    if (err == EPERM || err == EACCES) {
        printf("SKIP: test-dpif: cannot create tap devices: %s\n", error);
        exit(77);
    } else if (err) {
        fprintf(stderr, "creating a datapath failed: %s\n", error);
        return -1;
    }
    dpif_delete(probe);
    dpif_close(probe);
    return 0;
}

static int
teardown_eal(void **state)
{
    netdev_run();
    rcu_barrier();
    dpdk_cleanup();
    return 0;
}

#define DP_TEST(NAME) \
    cmocka_unit_test_setup_teardown(NAME, setup_dp, teardown_dp)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        DP_TEST(test_dp_lifecycle),
        DP_TEST(test_ports),
        DP_TEST(test_forwarding),
        DP_TEST(test_deferred_reload),
        DP_TEST(test_malformed),
        DP_TEST(test_flow_put_get_del),
        DP_TEST(test_flow_stats_and_modify),
        DP_TEST(test_tcp_flags),
        DP_TEST(test_dump_and_flush),
        DP_TEST(test_flow_limit),
        DP_TEST(test_config_errors),
        DP_TEST(test_upcall_install),
        DP_TEST(test_upcall_userspace),
        DP_TEST(test_recirc),
        DP_TEST(test_trunc_and_clone),
        DP_TEST(test_meter),
        DP_TEST(test_meter_dscp_remark),
        DP_TEST(test_meter_dscp_remark_codepoints),
        DP_TEST(test_meter_band_errors),
        DP_TEST(test_max_idle),
        DP_TEST(test_pmd_commands),
        DP_TEST(test_idle_backoff),
        DP_TEST(test_port_del_while_forwarding),
        DP_TEST(test_flow_churn),
        DP_TEST(test_pmd_mask_change),
    };
    set_program_name("test-dpif");
    return cmocka_run_group_tests_name("dpif", tests, setup_eal,
                                       teardown_eal);
}

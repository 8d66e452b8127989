/* Unit tests for datapath/netdev*.c and datapath/dpdk.c: real ports opened
 * in this process.
 *
 * The EAL runs without hugepages.  DPDK ports are net_ring vdevs, which
 * loop every transmit queue back to the receive queue of the same number.
 * System and internal ports are veth pairs and tap devices in a private
 * network namespace that the test creates first (unshare(CLONE_NEWNET)),
 * so that nothing is left behind and no other traffic reaches them; those
 * tests are skipped when the namespace cannot be created (not root).
 * vhost-user ports are tested for their configuration here and with a
 * dpdk-testpmd guest in tests/system/. */
#include <config.h>
#include "dp-packet-batch.h"
#include <rte_lcore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dp-packet.h"
#include "datapath/dpdk.h"
#include "dynamic-string.h"
#include "datapath/netdev.h"
#include "packets.h"
#include "poll-loop.h"
#include "smap.h"
#include "thread.h"
#include "timeval.h"

/* The EtherType of the test's frames (IEEE 802 local experimental). */
#define TEST_ETH_TYPE 0x88b5

static char *rundir;            /* Private $SLUICE_RUNDIR. */
static bool have_netns;         /* In a private network namespace? */

/* Packets. */

static const struct eth_addr test_dst = ETH_ADDR_C(02, 00, 00, 00, 00, 02);
static const struct eth_addr test_src = ETH_ADDR_C(02, 00, 00, 00, 00, 01);

/* Returns a heap packet of SIZE bytes (at least 18): an Ethernet frame of
 * TEST_ETH_TYPE whose payload starts with SEQ and continues with bytes
 * derived from SEQ and their position. */
static struct dp_packet *
make_packet(uint32_t seq, size_t size)
{
    uint8_t *frame = xmalloc(size);

    memcpy(frame, test_dst.ea, ETH_ADDR_LEN);
    memcpy(frame + 6, test_src.ea, ETH_ADDR_LEN);
    frame[12] = TEST_ETH_TYPE >> 8;
    frame[13] = TEST_ETH_TYPE & 0xff;
    memcpy(frame + 14, &seq, sizeof seq);
    for (size_t i = 18; i < size; i++) {
        frame[i] = (uint8_t) (seq * 7 + i);
    }

    struct dp_packet *b = dp_packet_clone_data(frame, size);
    free(frame);
    return b;
}

/* Asserts that B is the packet make_packet(SEQ, SIZE) made. */
static void
check_packet(const struct dp_packet *b, uint32_t seq, size_t size)
{
    struct dp_packet *expected = make_packet(seq, size);

    assert_int_equal(dp_packet_size(b), size);
    assert_memory_equal(dp_packet_data(b), dp_packet_data(expected), size);
    dp_packet_delete(expected);
}

/* Fills BATCH with N packets make_packet(FIRST + i, SIZE(i)) where SIZE(i)
 * is BASE_SIZE + i. */
static uint64_t
make_batch(struct dp_packet_batch *batch, uint32_t first, size_t n,
           size_t base_size)
{
    uint64_t bytes = 0;

    dp_packet_batch_init(batch);
    for (size_t i = 0; i < n; i++) {
        dp_packet_batch_add(batch, make_packet(first + i, base_size + i));
        bytes += base_size + i;
    }
    return bytes;
}

/* Receives from RXQ until N packets have arrived or 10 seconds passed, and
 * stores them in PACKETS (which has room for N).  Packets that are not
 * TEST_ETH_TYPE frames are freed and not counted (there should be none).
 * Returns the number received.  Waits on the queue's file descriptor for
 * non-PMD ports and polls PMD ports. */
static size_t
receive_n(struct netdev_rxq *rxq, struct dp_packet **packets, size_t n)
{
    long long int deadline = time_msec() + 10000;
    struct netdev *netdev = netdev_rxq_get_netdev(rxq);
    size_t received = 0;

    while (received < n && time_msec() < deadline) {
        struct dp_packet_batch batch;
        int qfill;
        int error = netdev_rxq_recv(rxq, &batch, &qfill);

        if (!error) {
            struct dp_packet *b;
            DP_PACKET_BATCH_FOR_EACH (i, b, &batch) {
                const uint8_t *eth = dp_packet_data(b);
                if (dp_packet_size(b) < 14 || received >= n
                    || eth[12] != TEST_ETH_TYPE >> 8
                    || eth[13] != (TEST_ETH_TYPE & 0xff)) {
                    dp_packet_delete(b);
                    continue;
                }
                packets[received++] = b;
            }
        } else {
            assert_int_equal(error, EAGAIN);
            assert_int_equal(dp_packet_batch_size(&batch), 0);
            if (netdev_is_pmd(netdev)) {
                xnanosleep(1000 * 1000);
            } else {
                netdev_rxq_wait(rxq);
                poll_timer_wait_until(deadline);
                poll_block();
            }
        }
    }
    return received;
}

/* Returns a fresh port name with PREFIX, short enough for an interface
 * name. */
static char *
port_name(const char *prefix)
{
    static int serial;
    return xasprintf("%s%d", prefix, serial++);
}

static void
check_stats(const struct netdev *netdev, uint64_t rx_packets,
            uint64_t rx_bytes, uint64_t tx_packets, uint64_t tx_bytes,
            uint64_t tx_dropped)
{
    struct netdev_stats stats;

    assert_int_equal(netdev_get_stats(netdev, &stats), 0);
    assert_int_equal(stats.rx_packets, rx_packets);
    assert_int_equal(stats.rx_bytes, rx_bytes);
    assert_int_equal(stats.tx_packets, tx_packets);
    assert_int_equal(stats.tx_bytes, tx_bytes);
    assert_int_equal(stats.tx_dropped, tx_dropped);
    assert_int_equal(stats.rx_errors, 0);
    assert_int_equal(stats.tx_errors, 0);
}

/* Waits up to 10 seconds for NETDEV's carrier to become EXPECTED (the
 * kernel updates a link's state asynchronously) and asserts it. */
static void
wait_carrier(const struct netdev *netdev, bool expected)
{
    long long int deadline = time_msec() + 10000;

    while (netdev_get_carrier(netdev) != expected
           && time_msec() < deadline) {
        xnanosleep(1000 * 1000);
    }
    assert_int_equal(netdev_get_carrier(netdev), expected);
}

/* Runs a shell command, which must succeed. */
static void
run_command(const char *format, ...) SLUICE_PRINTF_FORMAT(1, 2);

static void
run_command(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    char *command = xvasprintf(format, args);
    va_end(args);

    int status = system(command);
    if (status) {
        fail_msg("\"%s\" failed with status %d", command, status);
    }
    free(command);
}

/* Keeps the kernel from sending IPv6 packets on interface NAME by
 * itself. */
static void
disable_ipv6(const char *name)
{
    char *file = xasprintf("/proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
    FILE *stream = fopen(file, "w");

    if (stream) {
        fputs("1\n", stream);
        fclose(stream);
    }
    free(file);
}

/* Opens NAME of TYPE with OPTIONS (text form, may be NULL) and brings it
 * to a usable state. */
static struct netdev *
open_port(const char *name, const char *type, const char *options)
{
    struct smap smap = SMAP_INITIALIZER(&smap);
    struct netdev *netdev;
    char *error;

    if (netdev_open_err(name, type, &netdev, &error)) {
        fail_msg("opening %s: %s", name, error);
    }
    if (options) {
        assert_int_equal(smap_from_string(&smap, options, NULL), 0);
        if (netdev_set_config(netdev, &smap, &error)) {
            fail_msg("configuring %s: %s", name, error);
        }
    }
    if (netdev_is_reconf_required(netdev)) {
        assert_int_equal(netdev_reconfigure(netdev), 0);
    }
    assert_false(netdev_is_reconf_required(netdev));
    smap_destroy(&smap);
    return netdev;
}

/* Applies OPTIONS to NETDEV and asserts that it fails with ERROR and
 * exactly the message EXPECTED. */
static void
check_config_error(struct netdev *netdev, const char *options, int error,
                   const char *expected)
{
    struct smap smap = SMAP_INITIALIZER(&smap);
    char *message = NULL;

    assert_int_equal(smap_from_string(&smap, options, NULL), 0);
    assert_int_equal(netdev_set_config(netdev, &smap, &message), error);
    if (!message || strcmp(message, expected)) {
        fail_msg("options %s: expected \"%s\", got \"%s\"", options,
                 expected, message ? message : "(none)");
    }
    free(message);
    smap_destroy(&smap);
}

/* EAL arguments (no EAL needed). */

static void
check_args(const char *config_s, const char *expected)
{
    struct smap config = SMAP_INITIALIZER(&config);
    struct dpdk_args args;
    char *error;

    assert_int_equal(smap_from_string(&config, config_s, NULL), 0);
    if (dpdk_build_args(&config, "prog", &args, &error)) {
        fail_msg("config %s: %s", config_s, error);
    }
    assert_null(error);

    struct ds ds = DS_EMPTY_INITIALIZER;
    for (int i = 0; i < args.argc; i++) {
        ds_put_format(&ds, "%s%s", i ? " " : "", args.argv[i]);
    }
    assert_null(args.argv[args.argc]);
    if (strcmp(ds_cstr(&ds), expected)) {
        fail_msg("config %s:\nexpected: %s\nactual:   %s", config_s,
                 expected, ds_cstr(&ds));
    }
    ds_destroy(&ds);
    dpdk_args_destroy(&args);
    smap_destroy(&config);
}

static void
check_args_error(const char *config_s, const char *expected)
{
    struct smap config = SMAP_INITIALIZER(&config);
    struct dpdk_args args;
    char *error = NULL;

    assert_int_equal(smap_from_string(&config, config_s, NULL), 0);
    assert_int_equal(dpdk_build_args(&config, "prog", &args, &error),
                     EINVAL);
    assert_int_equal(args.argc, 0);
    assert_null(args.argv);
    if (!error || strcmp(error, expected)) {
        fail_msg("config %s: expected \"%s\", got \"%s\"", config_s,
                 expected, error ? error : "(none)");
    }
    free(error);
    smap_destroy(&config);
}

static void
test_eal_args(void **state)
{
    cpu_set_t set;
    int first_cpu = 0;

    assert_int_equal(sched_getaffinity(0, sizeof set, &set), 0);
    while (!CPU_ISSET(first_cpu, &set)) {
        first_cpu++;
    }
    char *dflt = xasprintf("prog -l %d --in-memory --file-prefix sluice",
                           first_cpu);
    check_args("", dflt);
    free(dflt);

    /* Keys other than dpdk-* are not ours. */
    check_args("pmd-cpu-mask=0x6,dpdk-lcore-mask=0x2",
               "prog -c 0x2 --in-memory --file-prefix sluice");
    check_args("dpdk-lcore-mask=3,dpdk-socket-mem=\"512,512\","
               "dpdk-socket-limit=2048,dpdk-hugepage-dir=/mnt/huge",
               "prog -c 3 --socket-mem 512,512 --socket-limit 2048 "
               "--huge-dir /mnt/huge --in-memory --file-prefix sluice");
    check_args("dpdk-lcore-mask=1,dpdk-file-prefix=br0",
               "prog -c 1 --file-prefix br0");
    check_args("dpdk-lcore-mask=1,dpdk-no-huge=true",
               "prog -c 1 --no-huge -m 256 --no-shconf --file-prefix "
               "sluice");
    check_args("dpdk-lcore-mask=1,dpdk-no-huge=true,"
               "dpdk-socket-mem=\"64,32\"",
               "prog -c 1 --no-huge -m 96 --no-shconf --file-prefix "
               "sluice");
    check_args("dpdk-lcore-mask=1,dpdk-no-huge=false",
               "prog -c 1 --in-memory --file-prefix sluice");

    /* dpdk-extra: shell-like words, and the defaults it replaces. */
    char *expected = xasprintf("prog -l %d --in-memory --file-prefix "
                               "sluice --no-pci --vdev net_pcap0,rx_pcap=a "
                               "b.pcap --log-level=eal,8 x y", first_cpu);
    check_args("dpdk-extra=\"--no-pci --vdev 'net_pcap0,rx_pcap=a b.pcap' "
               "--log-level=\\\"eal,8\\\" x\\\\ y\"", expected);
    free(expected);
    check_args("dpdk-extra=\"-l 1 --file-prefix=x --no-huge -m 64\"",
               "prog --no-shconf -l 1 --file-prefix=x --no-huge -m 64");
    check_args("dpdk-extra=\"--lcores 0@1 --in-memory\"",
               "prog --file-prefix sluice --lcores 0@1 --in-memory");
    check_args("dpdk-lcore-mask=1,dpdk-extra=\"\"",
               "prog -c 1 --in-memory --file-prefix sluice");
}

static void
test_eal_args_errors(void **state)
{
    check_args_error("dpdk-lcore-mask=0xZZ",
                     "other_config:dpdk-lcore-mask: \"0xZZ\" is not a "
                     "hexadecimal CPU mask");
    check_args_error("dpdk-lcore-mask=0",
                     "other_config:dpdk-lcore-mask: \"0\" is not a "
                     "hexadecimal CPU mask");
    check_args_error("dpdk-socket-mem=\"1024,\"",
                     "other_config:dpdk-socket-mem: \"1024,\" is not a "
                     "comma-separated list of MB");
    check_args_error("dpdk-socket-limit=lots",
                     "other_config:dpdk-socket-limit: \"lots\" is not a "
                     "comma-separated list of MB");
    check_args_error("dpdk-hugepage-dir=huge",
                     "other_config:dpdk-hugepage-dir: \"huge\" is not an "
                     "absolute directory name");
    check_args_error("dpdk-file-prefix=a/b",
                     "other_config:dpdk-file-prefix: \"a/b\" is not a valid "
                     "file name prefix");
    check_args_error("dpdk-no-huge=yes",
                     "other_config:dpdk-no-huge: \"yes\" is neither \"true\" "
                     "nor \"false\"");
    check_args_error("dpdk-no-huge=true,dpdk-hugepage-dir=/mnt/huge",
                     "other_config:dpdk-hugepage-dir cannot be used without "
                     "hugepages (dpdk-no-huge)");
    check_args_error("dpdk-extra=\"--vdev 'net_null0\"",
                     "other_config:dpdk-extra: unterminated single quote");
    check_args_error("dpdk-extra=\"--vdev \\\"x\"",
                     "other_config:dpdk-extra: unterminated double quote");
    check_args_error("dpdk-lcore-mask=1,dpdk-extra=\"-l 0\"",
                     "other_config:dpdk-extra: -l conflicts with "
                     "other_config:dpdk-lcore-mask");
    check_args_error("dpdk-file-prefix=a,dpdk-extra=\"--file-prefix=b\"",
                     "other_config:dpdk-extra: --file-prefix conflicts with "
                     "other_config:dpdk-file-prefix");
}

/* Setup. */

static int
setup_eal(void **state)
{
    struct smap config = SMAP_INITIALIZER(&config);
    char *error = NULL;

    smap_add(&config, "dpdk-no-huge", "true");
    smap_add(&config, "dpdk-socket-mem", "256");
    smap_add_format(&config, "dpdk-file-prefix", "test-netdev-%d",
                    (int) getpid());
    smap_add(&config, "dpdk-extra", "--no-pci --log-level=warning");
    if (dpdk_init(&config, &error)) {
        fprintf(stderr, "dpdk_init failed: %s\n", error);
        return -1;
    }
    assert_true(dpdk_is_initialized());

    /* Only once per process. */
    assert_int_equal(dpdk_init(&config, &error), EALREADY);
    assert_string_equal(error, "DPDK is already initialized");
    free(error);
    smap_destroy(&config);
    return 0;
}

static int
teardown_eal(void **state)
{
    netdev_run();
    dpdk_cleanup();
    return 0;
}

/* Generic layer. */

static void
test_open_errors(void **state)
{
    struct netdev *netdev, *other;
    char *error;

    assert_int_equal(netdev_open_err("p0", "bogus", &netdev, &error),
                     EAFNOSUPPORT);
    assert_null(netdev);
    assert_string_equal(error, "port p0: unknown port type \"bogus\"");
    free(error);
    assert_false(netdev_type_is_known("bogus"));
    assert_true(netdev_type_is_known("dpdkvhostuserclient"));

    assert_int_equal(netdev_open_err("", "dpdk", &netdev, &error), EINVAL);
    assert_string_equal(error, "port name is empty");
    free(error);

    assert_int_equal(netdev_open_err("no/such", "dpdkvhostuser", &netdev,
                                     &error), EINVAL);
    assert_string_equal(error, "port no/such: the name may not contain '/'");
    free(error);

    /* A second open of the same name gives the same netdev, with a
     * reference; another type is an error. */
    assert_int_equal(netdev_open_err("d0", "dpdk", &netdev, NULL), 0);
    assert_int_equal(netdev_open_err("d0", "dpdk", &other, NULL), 0);
    assert_ptr_equal(netdev, other);
    netdev_close(other);
    assert_int_equal(netdev_open_err("d0", "internal", &other, &error),
                     EEXIST);
    assert_string_equal(error, "port d0: already open with type dpdk, not "
                        "internal");
    free(error);
    other = netdev_from_name("d0");
    assert_ptr_equal(other, netdev);
    netdev_close(other);
    assert_string_equal(netdev_get_name(netdev), "d0");
    assert_string_equal(netdev_get_type(netdev), "dpdk");
    assert_true(netdev_is_pmd(netdev));

    /* Bad options leave the port as it was. */
    check_config_error(netdev, "", EINVAL,
                       "port d0: options:dpdk-devargs is required");
    check_config_error(netdev, "dpdk-devargs=net_ring9,colour=blue",
                       EINVAL, "port d0: unknown option \"colour\"");
    check_config_error(netdev, "dpdk-devargs=net_ring9,n_rxq=0", EINVAL,
                       "port d0: options:n_rxq: \"0\" is not a number "
                       "between 1 and 64");
    check_config_error(netdev, "dpdk-devargs=net_ring9,n_mbufs=lots",
                       EINVAL, "port d0: options:n_mbufs: \"lots\" is not "
                       "a number between 0 and 4194304");
    check_config_error(netdev, "dpdk-devargs=net_ring9,n_rxq_desc=1000",
                       EINVAL, "port d0: options:n_rxq_desc: \"1000\" is "
                       "not a power of 2 between 64 and 4096");
    check_config_error(netdev, "dpdk-devargs=net_bogus0", EINVAL,
                       "port d0: could not attach DPDK device "
                       "\"net_bogus0\": failed to parse device "
                       "\"net_bogus0\"; Failed to attach device on primary "
                       "process");
    check_config_error(netdev,
                       "dpdk-devargs=\"net_pcap0,rx_pcap=/nonexistent\"",
                       EINVAL, "port d0: could not attach DPDK device "
                       "\"net_pcap0,rx_pcap=/nonexistent\": Couldn't open "
                       "/nonexistent: /nonexistent: No such file or "
                       "directory; Driver cannot attach the device "
                       "(net_pcap0); Failed to attach device on primary "
                       "process");

    /* The failed port does not start and drops what it is given. */
    assert_int_equal(netdev_reconfigure(netdev), ENODEV);
    struct dp_packet_batch batch;
    make_batch(&batch, 0, 3, 60);
    assert_int_equal(netdev_send(netdev, 0, &batch, false), EAGAIN);
    assert_true(dp_packet_batch_is_empty(&batch));
    check_stats(netdev, 0, 0, 0, 0, 3);
    assert_false(netdev_get_carrier(netdev));
    netdev_close(netdev);
    assert_null(netdev_from_name("d0"));

    /* Types without options reject them. */
    if (have_netns) {
        netdev = open_port("tapopt0", "internal", NULL);
        check_config_error(netdev, "mtu=1500", EINVAL,
                           "port tapopt0: unknown option \"mtu\" (type "
                           "internal takes no options)");
        netdev_close(netdev);

        assert_int_equal(netdev_open_err("nosuchif0", "system", &netdev,
                                         &error), ENODEV);
        assert_string_equal(error, "port nosuchif0: no network interface "
                            "named nosuchif0 (No such device)");
        free(error);
        assert_int_equal(netdev_open_err("nosuchif0", NULL, &netdev,
                                         &error), ENODEV);
        free(error);
        assert_int_equal(netdev_open_err("a-name-too-long-for-linux",
                                         "internal", &netdev, &error),
                         EINVAL);
        assert_string_equal(error, "port a-name-too-long-for-linux: the "
                            "name is longer than 15 bytes");
        free(error);
    }
}

/* DPDK ethdev ports. */

static void
test_dpdk_ring(void **state)
{
    struct netdev *netdev = open_port("ring0", "dpdk",
                                      "dpdk-devargs=net_ring0,"
                                      "n_rxq_desc=256,n_txq_desc=256");
    struct dp_packet *packets[DP_PACKET_BATCH_SIZE];
    struct dp_packet_batch batch;
    struct netdev_rxq *rxq;
    struct smap status = SMAP_INITIALIZER(&status);

    assert_int_equal(netdev_n_rxq(netdev), 1);
    assert_int_equal(netdev_n_txq(netdev), 1);
    assert_int_equal(netdev_get_status(netdev, &status), 0);
    assert_string_equal(smap_get(&status, "driver_name"), "net_ring");
    assert_string_equal(smap_get(&status, "devargs"), "net_ring0");
    assert_string_equal(smap_get(&status, "state"), "running");
    assert_string_equal(smap_get(&status, "mtu"), "1500");
    assert_string_equal(smap_get(&status, "n_rxq"), "1");
    assert_string_equal(smap_get(&status, "n_rxq_desc"), "256");
    smap_destroy(&status);
    assert_true(netdev_get_carrier(netdev));

    struct smap config = SMAP_INITIALIZER(&config);
    netdev_get_config(netdev, &config);
    assert_int_equal(smap_count(&config), 3);
    assert_string_equal(smap_get(&config, "dpdk-devargs"), "net_ring0");
    smap_destroy(&config);

    /* The same device cannot back a second port. */
    struct netdev *other;
    assert_int_equal(netdev_open_err("ring0b", "dpdk", &other, NULL), 0);
    check_config_error(other, "dpdk-devargs=net_ring0", EBUSY,
                       "port ring0b: DPDK device \"net_ring0\" is already "
                       "in use by port ring0");
    netdev_close(other);

    /* Heap packets are copied into mbufs, sent, and come back intact. */
    assert_int_equal(netdev_rxq_open(netdev, 0, &rxq), 0);
    assert_int_equal(netdev_rxq_get_queue_id(rxq), 0);
    struct netdev_rxq *bad_rxq;
    assert_int_equal(netdev_rxq_open(netdev, 1, &bad_rxq), EINVAL);
    assert_null(bad_rxq);

    uint64_t bytes = make_batch(&batch, 100, DP_PACKET_BATCH_SIZE, 60);
    assert_int_equal(netdev_send(netdev, 0, &batch, false), 0);
    assert_true(dp_packet_batch_is_empty(&batch));
    assert_int_equal(receive_n(rxq, packets, DP_PACKET_BATCH_SIZE),
                     DP_PACKET_BATCH_SIZE);
    for (size_t i = 0; i < DP_PACKET_BATCH_SIZE; i++) {
        check_packet(packets[i], 100 + i, 60 + i);
        assert_int_equal(dp_packet_source(packets[i]), DPBUF_DPDK);
        assert_int_equal(packets[i]->md.in_port, 0);
        assert_null(dp_packet_l3(packets[i]));
        /* MTU 1500: the 2 KB class. */
        assert_int_equal(dp_packet_allocated(packets[i]),
                         2048 + RTE_PKTMBUF_HEADROOM);
    }
    check_stats(netdev, DP_PACKET_BATCH_SIZE, bytes, DP_PACKET_BATCH_SIZE,
                bytes, 0);

    /* Received mbufs go out again without a copy (with dirty metadata,
     * which the receive side resets), through a queue number that wraps
     * around.  A packet larger than the MTU allows is dropped. */
    dp_packet_batch_init(&batch);
    for (size_t i = 0; i < 4; i++) {
        packets[i]->md.in_port = 7;
        dp_packet_batch_add(&batch, packets[i]);
    }
    for (size_t i = 4; i < DP_PACKET_BATCH_SIZE; i++) {
        dp_packet_delete(packets[i]);
    }
    struct dp_packet *sent[4];
    memcpy(sent, batch.packets, sizeof sent);
    dp_packet_batch_add(&batch, make_packet(999, 1500 + 14 + 8 + 1));
    assert_int_equal(netdev_send(netdev, 5, &batch, true), EAGAIN);
    assert_int_equal(receive_n(rxq, packets, 4), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_ptr_equal(packets[i], sent[i]);
        check_packet(packets[i], 100 + i, 60 + i);
        assert_int_equal(packets[i]->md.in_port, 0);
        dp_packet_delete(packets[i]);
    }
    check_stats(netdev, DP_PACKET_BATCH_SIZE + 4, bytes + 60 + 61 + 62 + 63,
                DP_PACKET_BATCH_SIZE + 4, bytes + 60 + 61 + 62 + 63, 1);

    /* Nothing more is waiting. */
    assert_int_equal(netdev_rxq_recv(rxq, &batch, NULL), EAGAIN);

    /* The largest frame for the MTU passes. */
    dp_packet_batch_init_packet(&batch, make_packet(5, 1500 + 14 + 8));
    assert_int_equal(netdev_send(netdev, 0, &batch, false), 0);
    assert_int_equal(receive_n(rxq, packets, 1), 1);
    check_packet(packets[0], 5, 1522);
    dp_packet_delete(packets[0]);

    netdev_rxq_close(rxq);
    netdev_close(netdev);
    netdev_run();

    /* The device was removed with the port: the name can be used again. */
    netdev = open_port("ring0", "dpdk", "dpdk-devargs=net_ring0,"
                       "n_rxq_desc=256,n_txq_desc=256");
    check_stats(netdev, 0, 0, 0, 0, 0);
    netdev_close(netdev);
}

static void
test_dpdk_jumbo_and_multiqueue(void **state)
{
    struct netdev *netdev = open_port("ring1", "dpdk",
                                      "dpdk-devargs=net_ring1,n_rxq=2,"
                                      "n_rxq_desc=128,n_txq_desc=128");
    struct dp_packet *packets[4];
    struct dp_packet_batch batch;
    struct netdev_rxq *rxq0, *rxq1;
    int mtu;

    /* n_rxq asks for receive queues; the datapath asks for transmit
     * queues. */
    assert_int_equal(netdev_n_rxq(netdev), 2);
    assert_int_equal(netdev_n_txq(netdev), 1);
    assert_int_equal(netdev_set_multiq(netdev, 3, 1), 0);
    assert_true(netdev_is_reconf_required(netdev));
    assert_int_equal(netdev_set_multiq(netdev, 0, 1), EINVAL);

    /* Jumbo frames: the MTU is applied by reconfiguration. */
    uint64_t seq = netdev_get_change_seq(netdev);
    assert_int_equal(netdev_set_mtu(netdev, 9001), EINVAL);
    assert_int_equal(netdev_set_mtu(netdev, 67), EINVAL);
    assert_int_equal(netdev_set_mtu(netdev, 9000), 0);
    assert_int_equal(netdev_get_mtu(netdev, &mtu), 0);
    assert_int_equal(mtu, 9000);
    assert_true(netdev_get_change_seq(netdev) != seq);
    assert_int_equal(netdev_reconfigure(netdev), 0);
    assert_false(netdev_is_reconf_required(netdev));
    assert_int_equal(netdev_n_rxq(netdev), 2);
    assert_int_equal(netdev_n_txq(netdev), 3);

    assert_int_equal(netdev_rxq_open(netdev, 0, &rxq0), 0);
    assert_int_equal(netdev_rxq_open(netdev, 1, &rxq1), 0);

    /* Transmit queue N loops back to receive queue N. */
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_packet(1, 9000 + 14));
    dp_packet_batch_add(&batch, make_packet(2, 9000 + 14 + 8));
    dp_packet_batch_add(&batch, make_packet(3, 9000 + 14 + 9));
    assert_int_equal(netdev_send(netdev, 1, &batch, false), EAGAIN);
    assert_int_equal(receive_n(rxq1, packets, 2), 2);
    check_packet(packets[0], 1, 9014);
    check_packet(packets[1], 2, 9022);
    /* MTU 9000: the 9 KB class. */
    assert_int_equal(dp_packet_allocated(packets[0]),
                     9216 + RTE_PKTMBUF_HEADROOM);
    dp_packet_delete(packets[0]);
    dp_packet_delete(packets[1]);
    assert_int_equal(netdev_rxq_recv(rxq0, &batch, NULL), EAGAIN);

    dp_packet_batch_init_packet(&batch, make_packet(4, 64));
    assert_int_equal(netdev_send(netdev, 0, &batch, false), 0);
    assert_int_equal(receive_n(rxq0, packets, 1), 1);
    check_packet(packets[0], 4, 64);
    dp_packet_delete(packets[0]);
    check_stats(netdev, 3, 9014 + 9022 + 64, 3, 9014 + 9022 + 64, 1);

    /* Counters survive a reconfiguration. */
    netdev_rxq_close(rxq0);
    netdev_rxq_close(rxq1);
    assert_int_equal(netdev_set_mtu(netdev, 1500), 0);
    assert_int_equal(netdev_reconfigure(netdev), 0);
    check_stats(netdev, 3, 9014 + 9022 + 64, 3, 9014 + 9022 + 64, 1);

    /* A reconfiguration with nothing to do changes nothing. */
    assert_int_equal(netdev_reconfigure(netdev), 0);
    assert_int_equal(netdev_n_txq(netdev), 3);
    netdev_close(netdev);
    netdev_run();
}

/* Writes the COUNT packets make_packet(FIRST + i, BASE_SIZE + i) to a
 * pcap file named FILE_NAME. */
static void
write_pcap(const char *file_name, uint32_t first, size_t count,
           size_t base_size)
{
    FILE *file = fopen(file_name, "wb");
    const uint32_t header[6] = { 0xa1b2c3d4, 2 | (4 << 16), 0, 0, 65535, 1 };

    assert_non_null(file);
    assert_int_equal(fwrite(header, sizeof header, 1, file), 1);
    for (size_t i = 0; i < count; i++) {
        struct dp_packet *b = make_packet(first + i, base_size + i);
        uint32_t record[4] = { 1, i, dp_packet_size(b), dp_packet_size(b) };
        assert_int_equal(fwrite(record, sizeof record, 1, file), 1);
        assert_int_equal(fwrite(dp_packet_data(b), dp_packet_size(b), 1,
                                file), 1);
        dp_packet_delete(b);
    }
    assert_int_equal(fclose(file), 0);
}

/* Asserts that pcap file FILE_NAME holds exactly the COUNT packets
 * make_packet(FIRST + i, BASE_SIZE + i). */
static void
check_pcap(const char *file_name, uint32_t first, size_t count,
           size_t base_size)
{
    FILE *file = fopen(file_name, "rb");
    uint32_t header[6], record[4];
    uint8_t data[2048];

    assert_non_null(file);
    assert_int_equal(fread(header, sizeof header, 1, file), 1);
    /* Microsecond or nanosecond timestamps. */
    assert_true(header[0] == 0xa1b2c3d4 || header[0] == 0xa1b23c4d);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(fread(record, sizeof record, 1, file), 1);
        assert_int_equal(record[2], base_size + i);
        assert_int_equal(fread(data, record[2], 1, file), 1);
        struct dp_packet *b = make_packet(first + i, base_size + i);
        assert_memory_equal(data, dp_packet_data(b), record[2]);
        dp_packet_delete(b);
    }
    assert_int_equal(fread(record, 1, 1, file), 0);
    fclose(file);
}

static void
test_dpdk_vdevs(void **state)
{
    struct dp_packet *packets[DP_PACKET_BATCH_SIZE];
    struct dp_packet_batch batch;
    struct netdev_rxq *rxq;
    struct netdev *netdev;

    /* net_pcap: packets come from one file and go to another. */
    char *in = xasprintf("%s/in.pcap", rundir);
    char *out = xasprintf("%s/out.pcap", rundir);
    char *options = xasprintf("dpdk-devargs=\"net_pcap0,rx_pcap=%s,"
                              "tx_pcap=%s\",n_rxq_desc=64,n_txq_desc=64",
                              in, out);
    write_pcap(in, 1000, 20, 100);
    netdev = open_port("pcap0", "dpdk", options);
    assert_int_equal(netdev_rxq_open(netdev, 0, &rxq), 0);
    assert_int_equal(receive_n(rxq, packets, 20), 20);
    for (size_t i = 0; i < 20; i++) {
        check_packet(packets[i], 1000 + i, 100 + i);
    }
    dp_packet_batch_init(&batch);
    for (size_t i = 0; i < 20; i++) {
        dp_packet_batch_add(&batch, packets[i]);
    }
    assert_int_equal(netdev_send(netdev, 0, &batch, false), 0);
    uint64_t bytes = 20 * 100 + 19 * 20 / 2;
    check_stats(netdev, 20, bytes, 20, bytes, 0);
    netdev_rxq_close(rxq);
    netdev_close(netdev);
    check_pcap(out, 1000, 20, 100);
    unlink(in);
    unlink(out);
    free(in);
    free(out);
    free(options);

    /* net_null with no-rx: a sink. */
    netdev = open_port("null0", "dpdk", "dpdk-devargs=\"net_null0,no-rx=1\","
                       "n_rxq_desc=64,n_txq_desc=64");
    assert_int_equal(netdev_rxq_open(netdev, 0, &rxq), 0);
    bytes = make_batch(&batch, 0, 10, 64);
    assert_int_equal(netdev_send(netdev, 0, &batch, false), 0);
    assert_int_equal(netdev_rxq_recv(rxq, &batch, NULL), EAGAIN);
    check_stats(netdev, 0, 0, 10, bytes, 0);
    netdev_rxq_close(rxq);
    netdev_close(netdev);

    if (!have_netns) {
        return;
    }

    /* net_af_packet on one end of a veth pair, a system port on the
     * other. */
    char *a_name = port_name("vp"), *b_name = port_name("vp");
    run_command("ip link add %s type veth peer name %s", a_name, b_name);
    disable_ipv6(a_name);
    disable_ipv6(b_name);
    run_command("ip link set %s up", a_name);
    options = xasprintf("dpdk-devargs=\"net_af_packet0,iface=%s\","
                        "n_rxq_desc=64,n_txq_desc=64", a_name);
    netdev = open_port("afp0", "dpdk", options);
    struct netdev *peer = open_port(b_name, "system", NULL);
    struct netdev_rxq *peer_rxq;
    assert_int_equal(netdev_rxq_open(netdev, 0, &rxq), 0);
    assert_int_equal(netdev_rxq_open(peer, 0, &peer_rxq), 0);

    bytes = make_batch(&batch, 300, 16, 80);
    assert_int_equal(netdev_send(netdev, 0, &batch, false), 0);
    assert_int_equal(receive_n(peer_rxq, packets, 16), 16);
    for (size_t i = 0; i < 16; i++) {
        check_packet(packets[i], 300 + i, 80 + i);
        dp_packet_delete(packets[i]);
    }
    make_batch(&batch, 400, 16, 90);
    assert_int_equal(netdev_send(peer, 0, &batch, false), 0);
    assert_int_equal(receive_n(rxq, packets, 16), 16);
    for (size_t i = 0; i < 16; i++) {
        check_packet(packets[i], 400 + i, 90 + i);
        dp_packet_delete(packets[i]);
    }

    netdev_rxq_close(rxq);
    netdev_rxq_close(peer_rxq);
    netdev_close(netdev);
    netdev_close(peer);
    run_command("ip link del %s", a_name);
    free(options);
    free(a_name);
    free(b_name);
}

static void *
register_thread_main(void *arg)
{
    unsigned int *lcore = arg;

    assert_int_equal(rte_lcore_id(), LCORE_ID_ANY);
    assert_int_equal(dpdk_register_thread(), 0);
    *lcore = rte_lcore_id();
    assert_int_equal(dpdk_register_thread(), 0);    /* Already is. */
    assert_int_equal(rte_lcore_id(), *lcore);
    dpdk_unregister_thread();
    assert_int_equal(rte_lcore_id(), LCORE_ID_ANY);
    return NULL;
}

static void
test_register_thread(void **state)
{
    unsigned int lcore = LCORE_ID_ANY;

    thread_join(thread_create("pmd-test", register_thread_main, &lcore),
                NULL);
    assert_true(lcore != LCORE_ID_ANY);
    assert_true(lcore != rte_get_main_lcore());
}

/* vhost-user ports, without a guest. */

static void
test_vhost_config(void **state)
{
    struct smap status = SMAP_INITIALIZER(&status);
    struct netdev *netdev;
    char *error, *path;
    struct stat st;

    /* A server port listens in $SLUICE_RUNDIR. */
    netdev = open_port("vhu0", "dpdkvhostuser", NULL);
    path = xasprintf("%s/vhu0", rundir);
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    assert_int_equal(netdev_get_status(netdev, &status), 0);
    assert_string_equal(smap_get(&status, "vhost-mode"), "server");
    assert_string_equal(smap_get(&status, "vhost-state"), "listening");
    assert_string_equal(smap_get(&status, "vhost-socket"), path);
    assert_string_equal(smap_get(&status, "driver_name"), "vhost-user");
    smap_clear(&status);
    assert_false(netdev_get_carrier(netdev));
    check_config_error(netdev, "vhost-server-path=/tmp/x", EINVAL,
                       "port vhu0: unknown option \"vhost-server-path\"");

    /* Without a guest there is one queue and nothing to receive; sends
     * are dropped and counted. */
    struct netdev_rxq *rxq;
    struct dp_packet_batch batch;
    assert_int_equal(netdev_set_multiq(netdev, 2, 1), 0);
    assert_int_equal(netdev_reconfigure(netdev), 0);
    assert_int_equal(netdev_n_rxq(netdev), 1);
    assert_int_equal(netdev_n_txq(netdev), 2);
    assert_int_equal(netdev_rxq_open(netdev, 0, &rxq), 0);
    assert_int_equal(netdev_rxq_recv(rxq, &batch, NULL), EAGAIN);
    make_batch(&batch, 0, 5, 100);
    assert_int_equal(netdev_send(netdev, 1, &batch, false), EAGAIN);
    check_stats(netdev, 0, 0, 0, 0, 5);
    netdev_rxq_close(rxq);

    /* A second server on the same socket fails alone. */
    struct netdev *other;
    netdev_close(netdev);
    assert_int_equal(stat(path, &st), -1);
    assert_int_equal(errno, ENOENT);

    /* A regular file where the socket would go. */
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(netdev_open_err("vhu0", "dpdkvhostuser", &other,
                                     &error), EEXIST);
    char *expected = xasprintf("port vhu0: could not create vhost-user "
                               "socket %s: %s exists and is not a socket",
                               path, path);
    if (strcmp(error, expected)) {
        fail_msg("expected \"%s\", got \"%s\"", expected, error);
    }
    free(expected);
    free(error);
    unlink(path);
    free(path);

    /* Client ports. */
    netdev = open_port("vhc0", "dpdkvhostuserclient", NULL);
    assert_int_equal(netdev_get_status(netdev, &status), 0);
    assert_string_equal(smap_get(&status, "vhost-mode"), "client");
    assert_string_equal(smap_get(&status, "vhost-state"), "unconfigured");
    smap_clear(&status);
    check_config_error(netdev, "", EINVAL,
                       "port vhc0: options:vhost-server-path is required");
    check_config_error(netdev, "vhost-server-path=vm1.sock", EINVAL,
                       "port vhc0: options:vhost-server-path: \"vm1.sock\" "
                       "is not an absolute file name");
    check_config_error(netdev, "vhost-server-path=/nonexistent/vm1.sock",
                       ENOENT, "port vhc0: could not connect to vhost-user "
                       "socket /nonexistent/vm1.sock: directory "
                       "/nonexistent: No such file or directory");
    path = xasprintf("%s/not-a-socket", rundir);
    fd = open(path, O_CREAT | O_WRONLY, 0600);
    close(fd);
    expected = xasprintf("port vhc0: could not connect to vhost-user socket "
                         "%s: not a socket", path);
    char *options = xasprintf("vhost-server-path=%s", path);
    check_config_error(netdev, options, ENOTSOCK, expected);
    unlink(path);
    free(options);
    free(expected);
    free(path);

    /* A socket that does not exist yet: the port keeps trying. */
    path = xasprintf("%s/vm1.sock", rundir);
    options = xasprintf("vhost-server-path=%s", path);
    struct smap smap = SMAP_INITIALIZER(&smap);
    assert_int_equal(smap_from_string(&smap, options, NULL), 0);
    assert_int_equal(netdev_set_config(netdev, &smap, &error), 0);
    assert_null(error);
    assert_int_equal(netdev_get_status(netdev, &status), 0);
    assert_string_equal(smap_get(&status, "vhost-state"), "connecting");
    assert_string_equal(smap_get(&status, "vhost-socket"), path);
    smap_clear(&status);

    /* Another client port cannot use the same socket. */
    assert_int_equal(netdev_open_err("vhc1", "dpdkvhostuserclient", &other,
                                     NULL), 0);
    expected = xasprintf("port vhc1: vhost-user socket %s is already used "
                         "by port vhc0", path);
    check_config_error(other, options, EBUSY, expected);
    free(expected);
    netdev_close(other);

    /* MAC addresses: random and local at first, then as set. */
    struct eth_addr mac, new_mac = ETH_ADDR_C(02, 11, 22, 33, 44, 55);
    assert_int_equal(netdev_get_etheraddr(netdev, &mac), 0);
    assert_true(eth_addr_is_local(mac));
    assert_false(eth_addr_is_multicast(mac));
    assert_int_equal(netdev_set_etheraddr(netdev, eth_addr_broadcast),
                     EINVAL);
    assert_int_equal(netdev_set_etheraddr(netdev, new_mac), 0);
    assert_int_equal(netdev_get_etheraddr(netdev, &mac), 0);
    assert_true(eth_addr_equals(mac, new_mac));

    netdev_close(netdev);
    smap_destroy(&smap);
    smap_destroy(&status);
    free(options);
    free(path);
}

/* System ports: a veth pair. */

static void
test_system_veth(void **state)
{
    if (!have_netns) {
        skip();
    }

    char *a_name = port_name("va"), *b_name = port_name("vb");
    struct dp_packet *packets[DP_PACKET_BATCH_SIZE];
    struct dp_packet_batch batch;
    struct netdev_rxq *rxq_a, *rxq_b;

    run_command("ip link add %s type veth peer name %s", a_name, b_name);
    disable_ipv6(a_name);
    disable_ipv6(b_name);

    struct netdev *a = open_port(a_name, "system", NULL);
    struct netdev *b = open_port(b_name, NULL, NULL);
    assert_string_equal(netdev_get_type(b), "system");
    assert_false(netdev_is_pmd(a));
    assert_int_equal(netdev_n_rxq(a), 1);
    assert_int_equal(netdev_rxq_open(a, 0, &rxq_a), 0);
    assert_int_equal(netdev_rxq_open(b, 0, &rxq_b), 0);

    /* Both ends were brought up, so the link is up. */
    wait_carrier(a, true);
    wait_carrier(b, true);

    struct smap status = SMAP_INITIALIZER(&status);
    assert_int_equal(netdev_get_status(a, &status), 0);
    assert_string_equal(smap_get(&status, "driver_name"), "veth");
    assert_int_equal(atoi(smap_get(&status, "ifindex")),
                     (int) if_nametoindex(a_name));
    smap_destroy(&status);

    /* A batch from a arrives at b, in order and intact; a does not see
     * its own packets. */
    uint64_t bytes = make_batch(&batch, 0, DP_PACKET_BATCH_SIZE, 60);
    assert_int_equal(netdev_send(a, 0, &batch, false), 0);
    assert_int_equal(receive_n(rxq_b, packets, DP_PACKET_BATCH_SIZE),
                     DP_PACKET_BATCH_SIZE);
    for (size_t i = 0; i < DP_PACKET_BATCH_SIZE; i++) {
        check_packet(packets[i], i, 60 + i);
        dp_packet_delete(packets[i]);
    }
    assert_int_equal(netdev_rxq_recv(rxq_a, &batch, NULL), EAGAIN);
    check_stats(a, 0, 0, DP_PACKET_BATCH_SIZE, bytes, 0);
    check_stats(b, DP_PACKET_BATCH_SIZE, bytes, 0, 0, 0);

    /* A VLAN tag, which the kernel passes beside the packet, comes back
     * into it. */
    struct dp_packet *tagged = make_packet(77, 100);
    uint8_t *eth = dp_packet_data(tagged);
    uint8_t vlan_frame[104];
    memcpy(vlan_frame, eth, 12);
    memcpy(vlan_frame + 12, (uint8_t[]) { 0x81, 0x00, 0x20, 0x2a }, 4);
    memcpy(vlan_frame + 16, eth + 12, 88);
    dp_packet_delete(tagged);
    dp_packet_batch_init_packet(&batch,
                                dp_packet_clone_data(vlan_frame, 104));
    assert_int_equal(netdev_send(b, 0, &batch, false), 0);
    struct dp_packet_batch rx;
    long long int deadline = time_msec() + 10000;
    int error;
    while ((error = netdev_rxq_recv(rxq_a, &rx, NULL)) == EAGAIN
           && time_msec() < deadline) {
        netdev_rxq_wait(rxq_a);
        poll_timer_wait(100);
        poll_block();
    }
    assert_int_equal(error, 0);
    assert_int_equal(dp_packet_batch_size(&rx), 1);
    assert_int_equal(dp_packet_size(rx.packets[0]), 104);
    assert_memory_equal(dp_packet_data(rx.packets[0]), vlan_frame, 104);
    dp_packet_batch_delete_all(&rx);

    /* MTU and MAC address go to the kernel. */
    int mtu;
    assert_int_equal(netdev_get_mtu(a, &mtu), 0);
    assert_int_equal(mtu, 1500);
    assert_int_equal(netdev_set_mtu(a, 9000), 0);
    assert_int_equal(netdev_set_mtu(b, 9000), 0);
    assert_int_equal(netdev_get_mtu(a, &mtu), 0);
    assert_int_equal(mtu, 9000);
    struct eth_addr mac, new_mac = ETH_ADDR_C(02, aa, bb, cc, dd, ee);
    assert_int_equal(netdev_set_etheraddr(a, new_mac), 0);
    assert_int_equal(netdev_get_etheraddr(a, &mac), 0);
    assert_true(eth_addr_equals(mac, new_mac));

    /* Jumbo frames pass; one over the MTU is refused by the kernel and
     * counted as dropped. */
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_packet(1, 9014));
    dp_packet_batch_add(&batch, make_packet(2, 9015));
    dp_packet_batch_add(&batch, make_packet(3, 64));
    assert_int_equal(netdev_send(a, 0, &batch, false), EAGAIN);
    assert_int_equal(receive_n(rxq_b, packets, 2), 2);
    check_packet(packets[0], 1, 9014);
    check_packet(packets[1], 3, 64);
    dp_packet_delete(packets[0]);
    dp_packet_delete(packets[1]);
    check_stats(a, 1, 104, DP_PACKET_BATCH_SIZE + 2, bytes + 9014 + 64, 1);

    /* The link goes down with the peer. */
    run_command("ip link set %s down", b_name);
    wait_carrier(a, false);

    netdev_rxq_close(rxq_a);
    netdev_rxq_close(rxq_b);
    netdev_close(a);
    netdev_close(b);
    run_command("ip link del %s", a_name);
    free(a_name);
    free(b_name);
}

/* Internal ports: a tap device. */

/* Opens an AF_PACKET socket on interface NAME, as the host's side. */
static int
open_host_socket(const char *name)
{
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
    struct sockaddr_ll sll;

    assert_true(fd >= 0);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = if_nametoindex(name);
    assert_true(sll.sll_ifindex > 0);
    assert_int_equal(bind(fd, (struct sockaddr *) &sll, sizeof sll), 0);
    return fd;
}

static void
test_internal_tap(void **state)
{
    if (!have_netns) {
        skip();
    }

    char *name = port_name("tap");
    struct dp_packet *packets[DP_PACKET_BATCH_SIZE];
    struct dp_packet_batch batch;
    struct netdev_rxq *rxq;

    struct netdev *netdev = open_port(name, "internal", NULL);
    assert_true(if_nametoindex(name) > 0);
    wait_carrier(netdev, true);
    assert_false(netdev_is_pmd(netdev));
    assert_int_equal(netdev_rxq_open(netdev, 0, &rxq), 0);

    struct smap status = SMAP_INITIALIZER(&status);
    assert_int_equal(netdev_get_status(netdev, &status), 0);
    assert_string_equal(smap_get(&status, "driver_name"), "tun");
    smap_destroy(&status);

    /* What the switch sends, the host receives. */
    int host = open_host_socket(name);
    uint64_t bytes = make_batch(&batch, 50, 8, 200);
    assert_int_equal(netdev_send(netdev, 0, &batch, false), 0);
    for (uint32_t i = 0; i < 8; i++) {
        uint8_t buf[2048];
        struct pollfd pfd = { .fd = host, .events = POLLIN };
        assert_int_equal(poll(&pfd, 1, 10000), 1);
        ssize_t n = recv(host, buf, sizeof buf, 0);
        assert_int_equal(n, 200 + i);
        struct dp_packet *expected = make_packet(50 + i, 200 + i);
        assert_memory_equal(buf, dp_packet_data(expected), n);
        dp_packet_delete(expected);
    }

    /* What the host sends, the switch receives. */
    for (uint32_t i = 0; i < 3; i++) {
        struct dp_packet *b = make_packet(80 + i, 1000);
        assert_int_equal(send(host, dp_packet_data(b), 1000, 0), 1000);
        dp_packet_delete(b);
    }
    assert_int_equal(receive_n(rxq, packets, 3), 3);
    for (size_t i = 0; i < 3; i++) {
        check_packet(packets[i], 80 + i, 1000);
        assert_int_equal(dp_packet_source(packets[i]), DPBUF_MALLOC);
        dp_packet_delete(packets[i]);
    }
    check_stats(netdev, 3, 3000, 8, bytes, 0);
    close(host);

    /* Closing the port deletes the tap device. */
    netdev_rxq_close(rxq);
    netdev_close(netdev);
    assert_int_equal(if_nametoindex(name), 0);
    free(name);
}

/* A port that failed to configure does not disturb the others. */
static void
test_failure_is_isolated(void **state)
{
    struct netdev *good = open_port("ring5", "dpdk",
                                    "dpdk-devargs=net_ring5,"
                                    "n_rxq_desc=128,n_txq_desc=128");
    struct netdev *bad;
    struct dp_packet *packets[4];
    struct dp_packet_batch batch;
    struct netdev_rxq *rxq;

    assert_int_equal(netdev_rxq_open(good, 0, &rxq), 0);
    assert_int_equal(netdev_open_err("bad0", "dpdk", &bad, NULL), 0);
    check_config_error(bad, "dpdk-devargs=\"net_ring5\"", EBUSY,
                       "port bad0: DPDK device \"net_ring5\" is already in "
                       "use by port ring5");
    check_config_error(bad, "dpdk-devargs=\"net_null0,bogus=1\"", EINVAL,
                       "port bad0: could not attach DPDK device "
                       "\"net_null0,bogus=1\": Driver cannot attach the "
                       "device (net_null0); Failed to attach device on "
                       "primary process");
    netdev_close(bad);

    make_batch(&batch, 1, 4, 70);
    assert_int_equal(netdev_send(good, 0, &batch, false), 0);
    assert_int_equal(receive_n(rxq, packets, 4), 4);
    for (size_t i = 0; i < 4; i++) {
        check_packet(packets[i], 1 + i, 70 + i);
        dp_packet_delete(packets[i]);
    }
    netdev_rxq_close(rxq);
    netdev_close(good);
}

int
main(void)
{
    /* A private network namespace, so that veth and tap devices vanish
     * with the process and see no other traffic, with IPv6 off so that
     * the kernel sends nothing on them by itself. */
    if (!unshare(CLONE_NEWNET)) {
        have_netns = true;
        disable_ipv6("default");
        disable_ipv6("all");
    } else {
        fprintf(stderr, "test-netdev: cannot create a network namespace "
                "(%s): skipping the system and internal port tests\n",
                strerror(errno));
    }

    char template[] = "/tmp/test-netdev.XXXXXX";
    rundir = mkdtemp(template);
    if (!rundir) {
        perror("mkdtemp");
        return 1;
    }
    setenv("SLUICE_RUNDIR", rundir, 1);

    const struct CMUnitTest arg_tests[] = {
        cmocka_unit_test(test_eal_args),
        cmocka_unit_test(test_eal_args_errors),
    };
    const struct CMUnitTest port_tests[] = {
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_dpdk_ring),
        cmocka_unit_test(test_dpdk_jumbo_and_multiqueue),
        cmocka_unit_test(test_dpdk_vdevs),
        cmocka_unit_test(test_register_thread),
        cmocka_unit_test(test_vhost_config),
        cmocka_unit_test(test_system_veth),
        cmocka_unit_test(test_internal_tap),
        cmocka_unit_test(test_failure_is_isolated),
    };

    int failures = cmocka_run_group_tests_name("eal-args", arg_tests, NULL,
                                               NULL);
    failures += cmocka_run_group_tests_name("ports", port_tests, setup_eal,
                                            teardown_eal);

    char *command = xasprintf("rm -rf %s", rundir);
    if (system(command)) {
        fprintf(stderr, "test-netdev: could not remove %s\n", rundir);
    }
    free(command);
    return failures != 0;
}

/* netdev-vhost: drives vhost-user ports in this process against a real
 * guest, dpdk-testpmd with a virtio-user port, for the system tests
 * vhost-user-server.sh and vhost-user-client-reconnect.sh.
 *
 *     netdev-vhost server            Sluice listens (dpdkvhostuser), the
 *                                    guest has two queue pairs.
 *     netdev-vhost client-reconnect  The guest listens, Sluice connects
 *                                    (dpdkvhostuserclient) and connects
 *                                    again after each guest restart.
 *
 * The guest runs testpmd's "macswap" forwarding after one burst of its own
 * packets per queue (--tx-first), so every packet that Sluice sends comes
 * back with its MAC addresses swapped.  This program acts as the datapath:
 * it reconfigures the port when it asks, polls its queues, checks every
 * packet byte for byte and every counter exactly, including testpmd's own
 * totals, which it reads from testpmd's output when testpmd exits.
 *
 * Runs in $SLUICE_RUNDIR (which must exist), without hugepages on either
 * side.  testpmd is killed by PID if this program fails, and dies with it
 * (PR_SET_PDEATHSIG).  Each wait is bounded; nothing depends on timing
 * otherwise.  Exits 0 on success, 77 if dpdk-testpmd is not installed, 1
 * with a message on failure. */
#include <config.h>
#include "dp-packet-batch.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "datapath/dpdk.h"
#include "datapath/netdev.h"
#include "dirs.h"
#include "dp-packet.h"
#include "packets.h"
#include "rcu.h"
#include "smap.h"
#include "thread.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

/* How long any one event may take before the test fails. */
#define WAIT_MSEC 30000

/* Packets per round trip, and round trips per exchange. */
#define BURST DP_PACKET_BATCH_SIZE
#define ROUNDS 25

static const struct eth_addr our_mac = ETH_ADDR_C(02, 00, 00, 00, 00, 01);
static const struct eth_addr peer_mac = ETH_ADDR_C(02, 00, 00, 00, 00, 02);

/* The guest. */
static pid_t guest_pid = -1;
static int guest_stdin = -1;
static char *guest_log;
static int guest_serial;

static void guest_kill(void);

static void
fail(const char *format, ...) SLUICE_PRINTF_FORMAT(1, 2);

static void
fail(const char *format, ...)
{
    va_list args;

    fprintf(stderr, "netdev-vhost: FAIL: ");
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    if (guest_log) {
        fprintf(stderr, "netdev-vhost: testpmd's output is in %s\n",
                guest_log);
    }
    guest_kill();
    exit(1);
}

#define CHECK(COND)                                                     \
    do {                                                                \
        if (!(COND)) {                                                  \
            fail("%s:%d: %s", __FILE__, __LINE__, #COND);               \
        }                                                               \
    } while (0)

#define CHECK_EQ(A, B)                                                  \
    do {                                                                \
        unsigned long long a__ = (A), b__ = (B);                        \
        if (a__ != b__) {                                               \
            fail("%s:%d: %s is %llu, expected %s = %llu", __FILE__,     \
                 __LINE__, #A, a__, #B, b__);                           \
        }                                                               \
    } while (0)

/* Waiting. */

/* One pass of the test's main loop while it waits: background work and a
 * quiescent point, so that a guest that goes away (which waits for an RCU
 * grace period) is never held up. */
static void
idle(void)
{
    netdev_run();
    rcu_quiesce();
    xnanosleep(1000 * 1000);
}

/* Guest control. */

static void
guest_kill(void)
{
    if (guest_pid > 0) {
        kill(guest_pid, SIGKILL);
        while (waitpid(guest_pid, NULL, 0) < 0 && errno == EINTR) {
            continue;
        }
        guest_pid = -1;
    }
    if (guest_stdin >= 0) {
        close(guest_stdin);
        guest_stdin = -1;
    }
}

/* Starts testpmd with virtio-user devargs VDEV and QUEUES queue pairs,
 * its lcores on the last CPU the process may use. */
static void
guest_start(const char *vdev, int queues)
{
    cpu_set_t set;
    int cpu = 0;

    CHECK(!sched_getaffinity(0, sizeof set, &set));
    for (int i = 0; i < CPU_SETSIZE; i++) {
        if (CPU_ISSET(i, &set)) {
            cpu = i;
        }
    }

    char *lcores = xasprintf("0@%d,1@%d", cpu, cpu);
    char *prefix = xasprintf("netdev-vhost-guest-%d-%d", (int) getpid(),
                             guest_serial);
    char *rxq = xasprintf("--rxq=%d", queues);
    char *txq = xasprintf("--txq=%d", queues);
    char *argv[] = {
        "dpdk-testpmd", "--lcores", lcores, "--no-huge", "-m", "256",
        "--no-pci", "--no-shconf", "--file-prefix", prefix,
        "--vdev", (char *) vdev, "--",
        "--no-mlockall", "--total-num-mbufs=8192",
        "--forward-mode=macswap", "--tx-first", "--nb-cores=1",
        "--enable-scatter", "--max-pkt-len=9018", rxq, txq, NULL,
    };

    free(guest_log);
    guest_log = xasprintf("%s/testpmd-%d.log", sluice_rundir(),
                          guest_serial++);
    int log_fd = open(guest_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(log_fd >= 0);
    int fds[2];
    CHECK(!pipe(fds));

    fflush(NULL);
    guest_pid = fork();
    CHECK(guest_pid >= 0);
    if (!guest_pid) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(fds[0], STDIN_FILENO);
        dup2(log_fd, STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        close(log_fd);
        execvp(argv[0], argv);
        fprintf(stderr, "exec dpdk-testpmd: %s\n", strerror(errno));
        _exit(127);
    }
    close(fds[0]);
    close(log_fd);
    guest_stdin = fds[1];
    printf("netdev-vhost: started testpmd (pid %d): %s\n", (int) guest_pid,
           vdev);

    free(lcores);
    free(prefix);
    free(rxq);
    free(txq);
}

/* Waits for the guest to exit, quiescing meanwhile.  Fails if it does not
 * within WAIT_MSEC. */
static int
guest_wait_exit(void)
{
    long long int deadline = time_msec() + WAIT_MSEC;
    int status;

    for (;;) {
        pid_t pid = waitpid(guest_pid, &status, WNOHANG);
        if (pid == guest_pid) {
            break;
        }
        CHECK(pid == 0 || errno == EINTR);
        if (time_msec() > deadline) {
            fail("testpmd did not exit");
        }
        idle();
    }
    guest_pid = -1;
    close(guest_stdin);
    guest_stdin = -1;
    return status;
}

struct guest_stats {
    unsigned long long rx_packets, rx_dropped;
    unsigned long long tx_packets, tx_dropped;
};

/* Asks testpmd to exit (it reads a line from its input), waits for it and
 * reads its totals from its output into *STATS. */
static void
guest_stop(struct guest_stats *stats)
{
    CHECK(write(guest_stdin, "\n", 1) == 1);
    int status = guest_wait_exit();
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        fail("testpmd exited with status %d", status);
    }

    FILE *log = fopen(guest_log, "r");
    CHECK(log);
    char line[512];
    bool found = false;
    int n = 0;
    while (fgets(line, sizeof line, log)) {
        if (strstr(line, "Accumulated forward statistics for all ports")) {
            found = true;
        } else if (found && strstr(line, "RX-packets:")) {
            n += sscanf(line, " RX-packets: %llu RX-dropped: %llu",
                        &stats->rx_packets, &stats->rx_dropped);
        } else if (found && strstr(line, "TX-packets:")) {
            n += sscanf(line, " TX-packets: %llu TX-dropped: %llu",
                        &stats->tx_packets, &stats->tx_dropped);
            break;
        }
    }
    fclose(log);
    if (n != 4) {
        fail("testpmd's totals are missing from its output");
    }
    printf("netdev-vhost: testpmd received %llu (dropped %llu), sent %llu "
           "(dropped %llu)\n", stats->rx_packets, stats->rx_dropped,
           stats->tx_packets, stats->tx_dropped);
}

/* The port, driven as the datapath would drive it. */

struct port {
    struct netdev *netdev;
    struct netdev_rxq *rxqs[16];
    int n_rxq;
};

static void
port_close_rxqs(struct port *port)
{
    for (int i = 0; i < port->n_rxq; i++) {
        netdev_rxq_close(port->rxqs[i]);
    }
    port->n_rxq = 0;
}

/* Applies requested changes at a safe point: closes the rx queues,
 * reconfigures, opens them again. */
static void
port_sync(struct port *port)
{
    if (netdev_is_reconf_required(port->netdev)) {
        port_close_rxqs(port);
        CHECK_EQ(netdev_reconfigure(port->netdev), 0);
        port->n_rxq = netdev_n_rxq(port->netdev);
        CHECK(port->n_rxq <= 16);
        for (int i = 0; i < port->n_rxq; i++) {
            CHECK_EQ(netdev_rxq_open(port->netdev, i, &port->rxqs[i]), 0);
        }
    }
}

static const char *
port_status(const struct port *port, const char *key, struct smap *status)
{
    smap_clear(status);
    netdev_get_status(port->netdev, status);
    return smap_get_def(status, key, "");
}

/* Waits until the guest is attached with N_RXQ queue pairs and the port
 * is reconfigured for it. */
static void
port_wait_attached(struct port *port, int n_rxq)
{
    long long int deadline = time_msec() + WAIT_MSEC;
    struct smap status = SMAP_INITIALIZER(&status);

    for (;;) {
        port_sync(port);
        if (netdev_get_carrier(port->netdev) && port->n_rxq == n_rxq
            && !netdev_is_reconf_required(port->netdev)) {
            break;
        }
        if (time_msec() > deadline) {
            fail("the guest did not attach with %d queue pairs (carrier "
                 "%d, %d rx queues, state %s)", n_rxq,
                 netdev_get_carrier(port->netdev), port->n_rxq,
                 port_status(port, "vhost-state", &status));
        }
        idle();
    }
    CHECK(!strcmp(port_status(port, "vhost-state", &status), "running"));
    CHECK(!strcmp(port_status(port, "mergeable_rx_buffers", &status),
                  "true"));
    printf("netdev-vhost: guest attached, features %s, %d rx queues\n",
           port_status(port, "features", &status), port->n_rxq);
    smap_destroy(&status);
}

/* Waits until the guest is gone and the port is back to one queue. */
static void
port_wait_detached(struct port *port)
{
    long long int deadline = time_msec() + WAIT_MSEC;

    for (;;) {
        port_sync(port);
        if (!netdev_get_carrier(port->netdev) && port->n_rxq == 1
            && !netdev_is_reconf_required(port->netdev)) {
            break;
        }
        if (time_msec() > deadline) {
            fail("the port did not notice that the guest went away");
        }
        idle();
    }
}

/* Receives exactly N packets from rx queue QID into PACKETS, waiting as
 * long as WAIT_MSEC. */
static void
port_receive(struct port *port, int qid, struct dp_packet **packets,
             size_t n)
{
    long long int deadline = time_msec() + WAIT_MSEC;
    size_t received = 0;

    while (received < n) {
        struct dp_packet_batch batch;
        int error = netdev_rxq_recv(port->rxqs[qid], &batch, NULL);

        if (!error) {
            struct dp_packet *b;
            DP_PACKET_BATCH_FOR_EACH (i, b, &batch) {
                if (received == n) {
                    fail("rx queue %d: more than the %zu packets expected",
                         qid, n);
                }
                packets[received++] = b;
            }
        } else {
            CHECK_EQ(error, EAGAIN);
            if (time_msec() > deadline) {
                fail("rx queue %d: received %zu packets of %zu", qid,
                     received, n);
            }
            idle();
        }
        rcu_quiesce();
    }
}

/* Packets. */

/* Returns the frame of SIZE bytes with sequence number SEQ, from SRC to
 * DST. */
static struct dp_packet *
make_frame(uint32_t seq, size_t size, struct eth_addr dst,
           struct eth_addr src)
{
    struct dp_packet *b = dp_packet_new(size);
    uint8_t *frame = dp_packet_put_uninit(b, size);

    memcpy(frame, dst.ea, ETH_ADDR_LEN);
    memcpy(frame + 6, src.ea, ETH_ADDR_LEN);
    frame[12] = 0x88;
    frame[13] = 0xb5;
    memcpy(frame + 14, &seq, sizeof seq);
    for (size_t i = 18; i < size; i++) {
        frame[i] = (uint8_t) (seq * 13 + i);
    }
    return b;
}

/* Checks that B is the frame SEQ of SIZE bytes that we sent, as the guest
 * returned it: with the MAC addresses swapped. */
static void
check_returned(const struct dp_packet *b, uint32_t seq, size_t size)
{
    struct dp_packet *expected = make_frame(seq, size, our_mac, peer_mac);

    if (dp_packet_size(b) != size
        || memcmp(dp_packet_data(b), dp_packet_data(expected), size)) {
        fail("packet %"PRIu32" (%zu bytes) came back as %u different "
             "bytes", seq, size, dp_packet_size(b));
    }
    dp_packet_delete(expected);
}

/* Receives the guest's --tx-first bursts: 32 packets of 64 bytes on each
 * rx queue, IPv4 UDP frames. */
static void
receive_tx_first(struct port *port)
{
    struct dp_packet *packets[BURST];

    for (int q = 0; q < port->n_rxq; q++) {
        port_receive(port, q, packets, BURST);
        for (size_t i = 0; i < BURST; i++) {
            const uint8_t *eth = dp_packet_data(packets[i]);
            CHECK_EQ(dp_packet_size(packets[i]), 64);
            CHECK(eth[12] == 0x08 && eth[13] == 0x00);
            CHECK_EQ(dp_packet_source(packets[i]), DPBUF_DPDK);
            dp_packet_delete(packets[i]);
        }
    }
}

/* Sends ROUNDS bursts on transmit queues 0, 1, ... in turn, each one
 * waited for on the rx queue of the same number before the next (so that
 * nothing is dropped for lack of room in the guest), and checks every
 * packet that comes back.  Returns the bytes sent.  *SEQ numbers the
 * packets. */
static uint64_t
exchange(struct port *port, uint32_t *seq)
{
    struct dp_packet *packets[BURST];
    uint64_t bytes = 0;

    for (int r = 0; r < ROUNDS; r++) {
        int qid = r % port->n_rxq;
        struct dp_packet_batch batch;
        uint32_t first = *seq;

        dp_packet_batch_init(&batch);
        for (size_t i = 0; i < BURST; i++) {
            size_t size = 60 + (first + i) % 1400;
            dp_packet_batch_add(&batch, make_frame(first + i, size,
                                                   peer_mac, our_mac));
            bytes += size;
        }
        CHECK_EQ(netdev_send(port->netdev, qid, &batch, false), 0);
        port_receive(port, qid, packets, BURST);
        for (size_t i = 0; i < BURST; i++) {
            check_returned(packets[i], first + i, 60 + (first + i) % 1400);
            dp_packet_delete(packets[i]);
        }
        *seq += BURST;
    }
    return bytes;
}

static void
check_port_stats(const struct port *port, uint64_t rx_packets,
                 uint64_t rx_bytes, uint64_t tx_packets, uint64_t tx_bytes,
                 uint64_t tx_dropped)
{
    struct netdev_stats stats;

    CHECK_EQ(netdev_get_stats(port->netdev, &stats), 0);
    CHECK_EQ(stats.rx_packets, rx_packets);
    CHECK_EQ(stats.rx_bytes, rx_bytes);
    CHECK_EQ(stats.tx_packets, tx_packets);
    CHECK_EQ(stats.tx_bytes, tx_bytes);
    CHECK_EQ(stats.tx_dropped, tx_dropped);
    CHECK_EQ(stats.rx_errors, 0);
    CHECK_EQ(stats.tx_errors, 0);
    CHECK_EQ(stats.rx_dropped, 0);
}

static struct port
open_port(const char *name, const char *type, const char *options)
{
    struct smap smap = SMAP_INITIALIZER(&smap);
    struct port port = { .n_rxq = 0 };
    char *error;

    if (netdev_open_err(name, type, &port.netdev, &error)) {
        fail("%s", error);
    }
    if (options) {
        CHECK(!smap_from_string(&smap, options, NULL));
        if (netdev_set_config(port.netdev, &smap, &error)) {
            fail("%s", error);
        }
    }
    smap_destroy(&smap);
    port_sync(&port);
    return port;
}

/* Scenarios. */

static void
run_server(void)
{
    struct smap status = SMAP_INITIALIZER(&status);
    struct guest_stats gs;
    uint32_t seq = 0;

    struct port port = open_port("vhu0", "dpdkvhostuser", NULL);
    char *sock = xasprintf("%s/vhu0", sluice_rundir());
    CHECK(!strcmp(port_status(&port, "vhost-socket", &status), sock));
    CHECK_EQ(netdev_set_multiq(port.netdev, 2, 1), 0);
    port_sync(&port);
    CHECK_EQ(netdev_n_txq(port.netdev), 2);

    /* The guest has two queue pairs: so has the port once it attaches. */
    char *vdev = xasprintf("net_virtio_user0,path=%s,queues=2", sock);
    guest_start(vdev, 2);
    port_wait_attached(&port, 2);
    CHECK(!strcmp(port_status(&port, "guest_queue_pairs", &status), "2"));

    receive_tx_first(&port);
    uint64_t bytes = exchange(&port, &seq);
    uint64_t n = ROUNDS * BURST;
    check_port_stats(&port, 2 * BURST + n, 2 * BURST * 64 + bytes, n, bytes,
                     0);

    /* Jumbo frames: the guest receives a 9014-byte frame in mergeable
     * buffers and sends it back, which the port takes into one buffer of
     * its 9 KB class.  One byte over the MTU's frame is dropped. */
    CHECK_EQ(netdev_set_mtu(port.netdev, 9000), 0);
    port_sync(&port);
    CHECK(!strcmp(port_status(&port, "mtu", &status), "9000"));
    struct dp_packet_batch batch;
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_frame(seq, 9014, peer_mac, our_mac));
    dp_packet_batch_add(&batch, make_frame(seq + 1, 9023, peer_mac,
                                           our_mac));
    CHECK_EQ(netdev_send(port.netdev, 0, &batch, false), EAGAIN);
    struct dp_packet *jumbo;
    port_receive(&port, 0, &jumbo, 1);
    check_returned(jumbo, seq, 9014);
    CHECK_EQ(jumbo->mbuf.nb_segs, 1);
    dp_packet_delete(jumbo);
    check_port_stats(&port, 2 * BURST + n + 1,
                     2 * BURST * 64 + bytes + 9014, n + 1, bytes + 9014, 1);

    /* testpmd's view: everything we sent came back, nothing was lost. */
    guest_stop(&gs);
    CHECK_EQ(gs.rx_packets, n + 1);
    CHECK_EQ(gs.tx_packets, 2 * BURST + n + 1);
    CHECK_EQ(gs.rx_dropped, 0);
    CHECK_EQ(gs.tx_dropped, 0);

    /* The guest left: the port is down and back to one queue. */
    port_wait_detached(&port);
    CHECK(!strcmp(port_status(&port, "vhost-state", &status),
                  "listening"));

    port_close_rxqs(&port);
    netdev_close(port.netdev);
    struct stat st;
    CHECK(stat(sock, &st) < 0 && errno == ENOENT);
    smap_destroy(&status);
    free(vdev);
    free(sock);
}

/* One life of the guest as server: attach, traffic, exit.  CRASH kills
 * testpmd instead of stopping it.  Updates the expected counters. */
static void
client_round(struct port *port, const char *sock, bool crash, uint32_t *seq,
             uint64_t *rx_packets, uint64_t *rx_bytes, uint64_t *tx_packets,
             uint64_t *tx_bytes, uint64_t *tx_dropped)
{
    char *vdev = xasprintf("net_virtio_user0,path=%s,server=1,queues=1",
                           sock);
    struct guest_stats gs;
    struct stat st;

    /* A server that crashed left its socket behind; QEMU would remove it
     * too. */
    unlink(sock);
    guest_start(vdev, 1);

    /* The port connects by itself, within its retry interval. */
    port_wait_attached(port, 1);
    receive_tx_first(port);
    uint64_t bytes = exchange(port, seq);
    *rx_packets += BURST + ROUNDS * BURST;
    *rx_bytes += BURST * 64 + bytes;
    *tx_packets += ROUNDS * BURST;
    *tx_bytes += bytes;
    check_port_stats(port, *rx_packets, *rx_bytes, *tx_packets, *tx_bytes,
                     *tx_dropped);

    if (crash) {
        /* Kill the guest while this thread keeps sending and receiving,
         * as a PMD thread would: every packet is either sent or counted as
         * dropped, and the port notices the loss of the guest. */
        struct netdev_stats before, after;
        uint64_t sent = 0, received = 0, received_bytes = 0;
        long long int deadline = time_msec() + WAIT_MSEC;

        CHECK_EQ(netdev_get_stats(port->netdev, &before), 0);
        kill(guest_pid, SIGKILL);
        while (netdev_get_carrier(port->netdev)) {
            struct dp_packet_batch batch;

            dp_packet_batch_init(&batch);
            for (int i = 0; i < 4; i++) {
                dp_packet_batch_add(&batch, make_frame(*seq, 100, peer_mac,
                                                       our_mac));
            }
            netdev_send(port->netdev, 0, &batch, false);
            CHECK(dp_packet_batch_is_empty(&batch));
            sent += 4;
            for (int q = 0; q < port->n_rxq; q++) {
                if (!netdev_rxq_recv(port->rxqs[q], &batch, NULL)) {
                    received += batch.count;
                    received_bytes += dp_packet_batch_bytes(&batch);
                    dp_packet_batch_delete_all(&batch);
                }
            }
            if (time_msec() > deadline) {
                fail("the port did not notice that the guest was killed");
            }
            rcu_quiesce();
            netdev_run();
            xnanosleep(100 * 1000);
        }
        guest_wait_exit();
        CHECK_EQ(netdev_get_stats(port->netdev, &after), 0);
        CHECK_EQ(after.rx_packets, before.rx_packets + received);
        CHECK_EQ(after.rx_bytes, before.rx_bytes + received_bytes);
        CHECK_EQ(after.tx_packets + after.tx_dropped,
                 before.tx_packets + sent);
        CHECK_EQ(after.tx_errors, 0);
        printf("netdev-vhost: while the guest died: %"PRIu64" sent, %"PRIu64
               " of them dropped\n", sent, after.tx_dropped);
        *rx_packets = after.rx_packets;
        *rx_bytes = after.rx_bytes;
        *tx_packets = after.tx_packets;
        *tx_bytes = after.tx_bytes;
        *tx_dropped = after.tx_dropped;
    } else {
        guest_stop(&gs);
        CHECK_EQ(gs.rx_packets, ROUNDS * BURST);
        CHECK_EQ(gs.tx_packets, BURST + ROUNDS * BURST);
        CHECK_EQ(gs.rx_dropped, 0);
        CHECK_EQ(gs.tx_dropped, 0);
    }
    port_wait_detached(port);
    CHECK(stat(sock, &st) == 0 || crash || errno == ENOENT);
    free(vdev);
}

static void
run_client_reconnect(void)
{
    struct smap status = SMAP_INITIALIZER(&status);
    uint64_t rx_packets = 0, rx_bytes = 0, tx_packets = 0, tx_bytes = 0;
    uint64_t tx_dropped = 0;
    uint32_t seq = 0;

    char *sock = xasprintf("%s/guest.sock", sluice_rundir());
    char *options = xasprintf("vhost-server-path=%s", sock);
    struct port port = open_port("vhc0", "dpdkvhostuserclient", options);
    CHECK(!strcmp(port_status(&port, "vhost-mode", &status), "client"));
    CHECK(!strcmp(port_status(&port, "vhost-state", &status),
                  "connecting"));

    /* First life, then a restart, then a crash and a restart. */
    client_round(&port, sock, false, &seq, &rx_packets, &rx_bytes,
                 &tx_packets, &tx_bytes, &tx_dropped);
    CHECK(!strcmp(port_status(&port, "vhost-state", &status),
                  "connecting"));
    client_round(&port, sock, true, &seq, &rx_packets, &rx_bytes,
                 &tx_packets, &tx_bytes, &tx_dropped);
    client_round(&port, sock, false, &seq, &rx_packets, &rx_bytes,
                 &tx_packets, &tx_bytes, &tx_dropped);

    port_close_rxqs(&port);
    netdev_close(port.netdev);

    /* A guest that listens before the port exists: the port connects at
     * once, from netdev_set_config(). */
    char *vdev = xasprintf("net_virtio_user0,path=%s,server=1,queues=1",
                           sock);
    unlink(sock);
    guest_start(vdev, 1);
    long long int deadline = time_msec() + WAIT_MSEC;
    struct stat st;
    while (stat(sock, &st)) {
        if (time_msec() > deadline) {
            fail("testpmd did not create %s", sock);
        }
        idle();
    }
    port = open_port("vhc1", "dpdkvhostuserclient", options);
    port_wait_attached(&port, 1);
    receive_tx_first(&port);
    uint64_t bytes = exchange(&port, &seq);
    check_port_stats(&port, BURST + ROUNDS * BURST, BURST * 64 + bytes,
                     ROUNDS * BURST, bytes, 0);
    struct guest_stats gs;
    guest_stop(&gs);
    CHECK_EQ(gs.rx_packets, ROUNDS * BURST);
    CHECK_EQ(gs.tx_packets, BURST + ROUNDS * BURST);
    port_wait_detached(&port);
    port_close_rxqs(&port);
    netdev_close(port.netdev);

    free(vdev);
    smap_destroy(&status);
    free(options);
    free(sock);
}

int
main(int argc, char *argv[])
{
    struct smap config = SMAP_INITIALIZER(&config);
    char *error;

    set_program_name(argv[0]);
    if (argc != 2 || (strcmp(argv[1], "server")
                      && strcmp(argv[1], "client-reconnect"))) {
        fprintf(stderr, "usage: %s server|client-reconnect\n", argv[0]);
        return 2;
    }
    if (system("command -v dpdk-testpmd >/dev/null 2>&1")) {
        fprintf(stderr, "netdev-vhost: dpdk-testpmd is not installed "
                "(apt-get install dpdk-dev): skipping\n");
        return 77;
    }
    atexit(guest_kill);

    /* This thread polls vhost-user queues, so it takes part in RCU. */
    rcu_register_thread();

    smap_add(&config, "dpdk-no-huge", "true");
    smap_add(&config, "dpdk-socket-mem", "512");
    smap_add_format(&config, "dpdk-file-prefix", "netdev-vhost-%d",
                    (int) getpid());
    smap_add(&config, "dpdk-extra", "--no-pci --log-level=warning");
    if (dpdk_init(&config, &error)) {
        fail("%s", error);
    }
    smap_destroy(&config);

    if (!strcmp(argv[1], "server")) {
        run_server();
    } else {
        run_client_reconnect();
    }

    netdev_run();
    dpdk_cleanup();
    printf("netdev-vhost: %s: all checks passed\n", argv[1]);
    return 0;
}

/* Unit tests for lib/cfm.c: CFM endpoints back to back on a simulated
 * clock, and frames captured from Open vSwitch 3.1. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cfm.h"
#include "dynamic-string.h"
#include "util.h"

/* CCMs captured with tshark from Open vSwitch 3.1.0 (Debian's
 * openvswitch-switch, ovs-vswitchd with a netdev bridge) on the peer end
 * of a veth pair whose other end was an OVS interface.
 *
 * STD_CCM: cfm_mpid=1, other_config:cfm_interval=1000, before the first
 * fault check (no RDI), sequence number 4, source 5e:a8:2b:50:7f:c3.
 *
 * STD_CCM_RDI: the same interface 10 s later, in "recv" fault (RDI set),
 * sequence number 0x0e.
 *
 * EXT_CCM: the same interface reconfigured with cfm_mpid=4886718345
 * (0x123456789), other_config:cfm_extended=true, cfm_interval=500,
 * cfm_opstate=down, cfm_ccm_vlan=10, cfm_ccm_pcp=5, in "recv" fault,
 * sequence number 0x23.
 *
 * EXT_CCM_1 and EXT_CCM_8191: another run, source 56:3d:a9:ac:16:9f,
 * other_config:cfm_extended=true, cfm_interval=100 (a standard interval,
 * so interval code 3 and no interval in milliseconds), in "recv" fault,
 * with cfm_mpid=1 (sequence number 0x0b) and cfm_mpid=8191 (0x22). */
static const char STD_CCM[] =
    "0180c20000305ea82b507fc389020001044600000004000104036f767302036f"
    "7673000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000";
static const char STD_CCM_RDI[] =
    "0180c20000305ea82b507fc38902000184460000000e000104036f767302036f"
    "7673000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000";
static const char EXT_CCM[] =
    "0123200000305ea82b507fc38100a00a89020001804600000023637804036f76"
    "7302036f76730000000000000000000000000000000000000000000000000000"
    "00000000000000000000000001f4000000012345678901000000000000";
static const char EXT_CCM_1[] =
    "012320000030563da9ac169f8902000183460000000b5d4404036f767302036f"
    "7673000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000100000000000000";
static const char EXT_CCM_8191[] =
    "012320000030563da9ac169f89020001834600000022cbe804036f767302036f"
    "7673000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000001fff00000000000000";

/* Offsets in an untagged CCM frame. */
#define OFS_FLAGS 16
#define OFS_SEQ 18
#define OFS_MPID 22
#define OFS_MAID 24

static size_t
parse_hex(const char *hex, uint8_t *buf, size_t size)
{
    size_t n = strlen(hex) / 2;
    assert_true(n <= size);
    for (size_t i = 0; i < n; i++) {
        unsigned int byte;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
        buf[i] = byte;
    }
    return n;
}

static struct eth_addr
mac(uint8_t last)
{
    struct eth_addr ea = { { { 0x02, 0, 0, 0, 0, last } } };
    return ea;
}

static struct cfm_settings
std_settings(uint64_t mpid, int interval)
{
    return (struct cfm_settings) {
        .mpid = mpid,
        .interval = interval,
        .opup = true,
        .hw_addr = mac(mpid),
    };
}

/* One endpoint of a simulated link. */
struct endpoint {
    struct cfm *cfm;
    struct endpoint *peer;      /* Receives what this one sends, if any. */
    const long long *now;
    bool cut;                   /* Frames this endpoint sends are lost. */
    bool echo;                  /* It also receives its own frames. */
    unsigned int drop_every;    /* If nonzero, every Nth frame is lost. */
    unsigned int n_sent;
    long long last_delivered;   /* When the peer last received a frame. */
    uint8_t last_frame[128];
    size_t last_size;
};

struct sim {
    long long now;
    struct endpoint ep[2];
};

static void
endpoint_send(void *ep_, const void *frame, size_t size)
{
    struct endpoint *ep = ep_;

    assert_true(size <= sizeof ep->last_frame);
    memcpy(ep->last_frame, frame, size);
    ep->last_size = size;
    ep->n_sent++;
    if (ep->echo) {
        assert_true(cfm_process_packet(ep->cfm, frame, size));
    }
    if (ep->cut || !ep->peer
        || (ep->drop_every && ep->n_sent % ep->drop_every == 0)) {
        return;
    }
    assert_true(cfm_process_packet(ep->peer->cfm, frame, size));
    ep->last_delivered = *ep->now;
}

/* Sets up two endpoints A and B, linked, with SA and SB. */
static void
sim_init(struct sim *sim, const struct cfm_settings *sa,
         const struct cfm_settings *sb)
{
    memset(sim, 0, sizeof *sim);
    for (int i = 0; i < 2; i++) {
        struct endpoint *ep = &sim->ep[i];
        ep->cfm = cfm_create(i ? "b" : "a");
        assert_int_equal(cfm_configure(ep->cfm, i ? sb : sa), 0);
        ep->peer = &sim->ep[!i];
        ep->now = &sim->now;
    }
}

static void
sim_destroy(struct sim *sim)
{
    cfm_destroy(sim->ep[0].cfm);
    cfm_destroy(sim->ep[1].cfm);
}

/* Runs both endpoints at their next wakeup, if that is no later than
 * UNTIL; otherwise moves the clock to UNTIL.  Returns false in the second
 * case. */
static bool
sim_step(struct sim *sim, long long until)
{
    long long t = MIN(cfm_next_wakeup(sim->ep[0].cfm),
                      cfm_next_wakeup(sim->ep[1].cfm));
    t = MAX(t, sim->now);
    if (t > until) {
        sim->now = until;
        return false;
    }
    sim->now = t;
    cfm_run(sim->ep[0].cfm, t, endpoint_send, &sim->ep[0]);
    cfm_run(sim->ep[1].cfm, t, endpoint_send, &sim->ep[1]);
    return true;
}

static void
sim_advance(struct sim *sim, long long until)
{
    while (sim_step(sim, until)) {
        continue;
    }
}

/* Advances until CFM's fault differs from FAULT or UNTIL passes; returns
 * the time of the change, or -1. */
static long long
sim_until_fault_changes(struct sim *sim, struct cfm *cfm,
                        unsigned int fault, long long until)
{
    while (sim_step(sim, until)) {
        if (cfm_get_fault(cfm) != fault) {
            return sim->now;
        }
    }
    return -1;
}

static void
assert_remote_mpids(const struct cfm *cfm, const uint64_t *expected,
                    size_t n_expected)
{
    uint64_t *mpids;
    size_t n;
    cfm_get_remote_mpids(cfm, &mpids, &n);
    assert_int_equal(n, n_expected);
    for (size_t i = 0; i < n; i++) {
        assert_true(mpids[i] == expected[i]);
    }
    free(mpids);
}

static void
test_no_fault_while_ccms_flow(void **state)
{
    struct cfm_settings sa = std_settings(1, 1000);
    struct cfm_settings sb = std_settings(2, 1000);
    struct sim sim;

    (void) state;
    sim_init(&sim, &sa, &sb);
    for (long long t = 0; t <= 60000; t += 250) {
        sim_advance(&sim, t);
        assert_int_equal(cfm_get_fault(sim.ep[0].cfm), 0);
        assert_int_equal(cfm_get_fault(sim.ep[1].cfm), 0);
    }
    assert_remote_mpids(sim.ep[0].cfm, (uint64_t[]) { 2 }, 1);
    assert_remote_mpids(sim.ep[1].cfm, (uint64_t[]) { 1 }, 1);
    assert_int_equal(cfm_get_flap_count(sim.ep[0].cfm), 0);
    assert_int_equal(sim.ep[0].n_sent, 61);
    assert_int_equal(cfm_get_opup(sim.ep[0].cfm), -1);

    struct cfm_stats stats;
    cfm_get_stats(sim.ep[1].cfm, &stats);
    assert_int_equal(stats.tx_ccms, 61);
    assert_int_equal(stats.rx_ccms, 61);
    assert_int_equal(stats.rx_errors, 0);
    sim_destroy(&sim);
}

/* Cutting the link right after a fault check: "recv" exactly 3.5
 * intervals later, never before 3. */
static void
test_cut_at_check_faults_in_3_5_intervals(void **state)
{
    struct cfm_settings sa = std_settings(1, 1000);
    struct cfm_settings sb = std_settings(2, 1000);
    struct sim sim;

    (void) state;
    sim_init(&sim, &sa, &sb);
    /* Fault checks fall at multiples of 3500 ms; CCMs at multiples of
     * 1000 ms.  Run the check at 10500, then cut. */
    sim_advance(&sim, 10500);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), 0);
    sim.ep[0].cut = true;
    sim.ep[1].cut = true;

    sim_advance(&sim, 10500 + 3000);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), 0);
    long long t = sim_until_fault_changes(&sim, sim.ep[1].cfm, 0, 20000);
    assert_int_equal(t, 14000);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), CFM_FAULT_RECV);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), CFM_FAULT_RECV);
    assert_remote_mpids(sim.ep[1].cfm, NULL, 0);
    assert_int_equal(cfm_get_flap_count(sim.ep[1].cfm), 1);

    /* Restoring the link clears "recv" at the first check after a CCM
     * arrives.  The CCMs that arrived carried RDI (the peer was in "recv"
     * fault too), so "rdi" remains for one more fault interval. */
    sim.ep[0].cut = false;
    sim.ep[1].cut = false;
    t = sim_until_fault_changes(&sim, sim.ep[1].cfm, CFM_FAULT_RECV,
                                30000);
    assert_int_equal(t, 17500);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), CFM_FAULT_RDI);
    t = sim_until_fault_changes(&sim, sim.ep[1].cfm, CFM_FAULT_RDI, 30000);
    assert_int_equal(t, 21000);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), 0);
    assert_int_equal(cfm_get_flap_count(sim.ep[1].cfm), 2);
    assert_remote_mpids(sim.ep[1].cfm, (uint64_t[]) { 1 }, 1);
    sim_destroy(&sim);
}

/* Cutting the link at any phase: "recv" comes at the first fault check
 * that ends a whole fault interval without CCMs, 3.5 to 7 intervals after
 * the last CCM got through, as in OVS. */
static void
test_cut_at_any_phase(void **state)
{
    (void) state;
    for (int phase = 0; phase < 3500; phase += 125) {
        struct cfm_settings sa = std_settings(1, 100);
        struct cfm_settings sb = std_settings(2, 100);
        struct sim sim;

        sim_init(&sim, &sa, &sb);
        sim_advance(&sim, 5000 + phase / 10);
        sim.ep[0].cut = true;
        long long last = sim.ep[0].last_delivered;
        long long t = sim_until_fault_changes(&sim, sim.ep[1].cfm, 0,
                                              10000);
        assert_true(t - last >= 350);
        assert_true(t - last < 700);
        assert_int_equal(t % 350, 0);
        assert_int_equal(cfm_get_fault(sim.ep[1].cfm), CFM_FAULT_RECV);
        sim_destroy(&sim);
    }
}

static void
test_rdi_propagates(void **state)
{
    struct cfm_settings sa = std_settings(1, 1000);
    struct cfm_settings sb = std_settings(2, 1000);
    struct sim sim;

    (void) state;
    sim_init(&sim, &sa, &sb);
    sim_advance(&sim, 10000);
    assert_int_equal(sim.ep[1].last_frame[OFS_FLAGS], 0x04);

    /* A's CCMs no longer reach B: B is in "recv" fault, says so with RDI,
     * and A, which still hears B, faults with "rdi" (without echoing
     * RDI). */
    sim.ep[0].cut = true;
    sim_advance(&sim, 20000);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), CFM_FAULT_RECV);
    assert_int_equal(sim.ep[1].last_frame[OFS_FLAGS], 0x84);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), CFM_FAULT_RDI);
    assert_int_equal(sim.ep[0].last_frame[OFS_FLAGS], 0x04);

    struct cfm_remote_mp_info *mps;
    assert_int_equal(cfm_get_remote_mps(sim.ep[0].cfm, &mps), 1);
    assert_true(mps[0].mpid == 2);
    assert_true(mps[0].rdi);
    assert_int_equal(mps[0].interval, 1000);
    assert_int_equal(mps[0].last_rx, 20000);
    free(mps);

    sim.ep[0].cut = false;
    sim_advance(&sim, 40000);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), 0);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), 0);
    assert_int_equal(sim.ep[1].last_frame[OFS_FLAGS], 0x04);
    sim_destroy(&sim);
}

static void
test_maid_mismatch(void **state)
{
    struct cfm_settings sa = std_settings(1, 1000);
    struct cfm_settings sb = std_settings(2, 1000);
    struct sim sim;
    uint8_t frame[128];

    (void) state;
    sim_init(&sim, &sa, &sb);
    sim_advance(&sim, 10000);
    size_t size = parse_hex(STD_CCM, frame, sizeof frame);
    frame[OFS_MAID + 4] = 'x';      /* MD name "ovx". */
    frame[OFS_MPID + 1] = 7;
    assert_true(cfm_process_packet(sim.ep[0].cfm, frame, size));

    /* Reported at the next check (10500), cleared at the one after. */
    sim_advance(&sim, 10500);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), CFM_FAULT_MAID);
    assert_remote_mpids(sim.ep[0].cfm, (uint64_t[]) { 2 }, 1);
    sim_advance(&sim, 14000);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), 0);
    sim_destroy(&sim);
}

static void
test_loopback(void **state)
{
    struct cfm_settings sa = std_settings(1, 1000);
    struct cfm_settings sb = std_settings(2, 1000);
    struct sim sim;

    (void) state;
    sim_init(&sim, &sa, &sb);
    sim_advance(&sim, 10000);
    sim.ep[0].echo = true;
    sim_advance(&sim, 14000);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), CFM_FAULT_LOOPBACK);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), CFM_FAULT_RDI);
    assert_remote_mpids(sim.ep[0].cfm, (uint64_t[]) { 2 }, 1);
    sim.ep[0].echo = false;
    sim_advance(&sim, 25000);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), 0);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), 0);
    sim_destroy(&sim);
}

/* Delivers a CCM from MPID (standard mode) to CFM. */
static void
inject_ccm(struct cfm *cfm, uint16_t mpid, uint32_t seq)
{
    uint8_t frame[128];
    size_t size = parse_hex(STD_CCM, frame, sizeof frame);
    frame[OFS_MPID] = mpid >> 8;
    frame[OFS_MPID + 1] = mpid;
    frame[OFS_SEQ + 2] = seq >> 8;
    frame[OFS_SEQ + 3] = seq;
    assert_true(cfm_process_packet(cfm, frame, size));
}

static void
discard_frame(void *aux, const void *frame, size_t size)
{
    (void) aux;
    (void) frame;
    (void) size;
}

static void
test_remote_mpids_and_overflow(void **state)
{
    struct cfm_settings s = std_settings(1, 1000);
    struct cfm *cfm = cfm_create("a");

    (void) state;
    assert_int_equal(cfm_configure(cfm, &s), 0);
    for (long long t = 0; t <= 21000; t += 1000) {
        cfm_run(cfm, t, discard_frame, NULL);
        inject_ccm(cfm, 9, t / 1000);
        inject_ccm(cfm, 3, t / 1000);
        if (t < 14000) {
            inject_ccm(cfm, 5, t / 1000);
        }
    }
    /* MPID 5 fell silent after 13000 and is forgotten at the check at
     * 17500. */
    assert_remote_mpids(cfm, (uint64_t[]) { 3, 9 }, 2);
    assert_int_equal(cfm_get_fault(cfm), 0);
    assert_int_equal(cfm_get_health(cfm), -1);   /* Two remote MPs. */

    /* 256 remote MPs fit; the 257th is an overflow. */
    for (int mpid = 10; mpid < 10 + 254; mpid++) {
        inject_ccm(cfm, mpid, 0);
    }
    uint64_t *mpids;
    size_t n;
    cfm_get_remote_mpids(cfm, &mpids, &n);
    assert_int_equal(n, CFM_MAX_REMOTE_MPS);
    free(mpids);
    cfm_run(cfm, 24500, discard_frame, NULL);
    assert_int_equal(cfm_get_fault(cfm), 0);
    for (int mpid = 10; mpid < 10 + 255; mpid++) {
        inject_ccm(cfm, mpid, 1);
    }
    inject_ccm(cfm, 3, 99);
    inject_ccm(cfm, 9, 99);
    cfm_run(cfm, 28000, discard_frame, NULL);
    assert_int_equal(cfm_get_fault(cfm), CFM_FAULT_OVERFLOW);
    cfm_get_remote_mpids(cfm, &mpids, &n);
    assert_int_equal(n, CFM_MAX_REMOTE_MPS);
    free(mpids);
    cfm_destroy(cfm);
}

static void
test_health(void **state)
{
    struct cfm_settings sa = std_settings(1, 1000);
    struct cfm_settings sb = std_settings(2, 1000);
    struct sim sim;

    (void) state;
    sim_init(&sim, &sa, &sb);
    sim_advance(&sim, 20999);
    assert_int_equal(cfm_get_health(sim.ep[1].cfm), -1);
    sim_advance(&sim, 21000);
    assert_int_equal(cfm_get_health(sim.ep[1].cfm), 100);
    sim_advance(&sim, 42000);
    assert_int_equal(cfm_get_health(sim.ep[1].cfm), 100);

    /* Losing every 7th CCM of A's: in the window (42000, 63000] A sends
     * 21 CCMs, those at 49000, 56000 and 63000 are lost, and those at
     * 50000 and 57000 come out of sequence, so 16 of the 21 expected are
     * healthy: 76%. */
    sim.ep[0].drop_every = 7;
    sim.ep[0].n_sent = 0;
    sim_advance(&sim, 63000);
    assert_int_equal(cfm_get_health(sim.ep[1].cfm), 16 * 100 / 21);
    assert_int_equal(cfm_get_health(sim.ep[0].cfm), 100);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), 0);

    /* Nothing at all: 0. */
    sim.ep[0].cut = true;
    sim_advance(&sim, 84000);
    assert_int_equal(cfm_get_health(sim.ep[1].cfm), 0);
    sim_destroy(&sim);
}

static void
test_extended(void **state)
{
    struct cfm_settings sa = std_settings(1, 300);
    struct cfm_settings sb = std_settings(2, 300);
    struct sim sim;

    (void) state;
    sa.extended = true;
    sa.mpid = (UINT64_C(1) << 40) + 1;
    sb.extended = true;
    sb.mpid = UINT64_C(1) << 33;
    sb.opup = false;
    sim_init(&sim, &sa, &sb);
    assert_int_equal(cfm_get_interval(sim.ep[0].cfm), 300);

    sim_advance(&sim, 10000);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), 0);
    assert_int_equal(cfm_get_fault(sim.ep[1].cfm), 0);
    assert_remote_mpids(sim.ep[0].cfm, &sb.mpid, 1);
    assert_remote_mpids(sim.ep[1].cfm, &sa.mpid, 1);
    assert_int_equal(cfm_get_opup(sim.ep[0].cfm), 0);
    assert_int_equal(cfm_get_opup(sim.ep[1].cfm), 1);

    const uint8_t *f = sim.ep[1].last_frame;
    assert_int_equal(sim.ep[1].last_size, 89);
    assert_int_equal(f[0], 0x01);
    assert_int_equal(f[1], 0x23);
    assert_int_equal(f[OFS_FLAGS], 0);
    assert_int_equal(f[14 + 58], 300 >> 8);
    assert_int_equal(f[14 + 59], 300 & 0xff);
    assert_int_equal(f[14 + 68], 1);

    struct cfm_remote_mp_info *mps;
    assert_int_equal(cfm_get_remote_mps(sim.ep[0].cfm, &mps), 1);
    assert_int_equal(mps[0].interval, 300);
    assert_false(mps[0].opup);
    free(mps);

    /* Faults work on the 300 ms scale: a check every 1050 ms. */
    sim.ep[1].cut = true;
    long long last = sim.ep[1].last_delivered;
    long long t = sim_until_fault_changes(&sim, sim.ep[0].cfm, 0, 20000);
    assert_true(t - last >= 900 && t - last <= 2100);
    assert_int_equal(cfm_get_fault(sim.ep[0].cfm), CFM_FAULT_RECV);
    sim_destroy(&sim);
}

static void
test_configure(void **state)
{
    struct cfm *cfm = cfm_create("x");
    struct cfm_settings s = std_settings(1, 1000);

    (void) state;
    assert_true(cfm_next_wakeup(cfm) == LLONG_MAX);
    s.mpid = 0;
    assert_int_equal(cfm_configure(cfm, &s), EINVAL);
    s.mpid = CFM_MAX_STANDARD_MPID + 1;
    assert_int_equal(cfm_configure(cfm, &s), EINVAL);
    s.mpid = CFM_MAX_STANDARD_MPID;
    s.interval = 0;
    assert_int_equal(cfm_configure(cfm, &s), EINVAL);
    s.interval = 1000;
    s.ccm_vlan = 4096;
    assert_int_equal(cfm_configure(cfm, &s), EINVAL);
    s.ccm_vlan = 0;
    s.ccm_pcp = 8;
    assert_int_equal(cfm_configure(cfm, &s), EINVAL);
    s.ccm_pcp = 0;
    s.extended = true;
    s.interval = CFM_MAX_EXTENDED_INTERVAL + 1;
    assert_int_equal(cfm_configure(cfm, &s), EINVAL);
    assert_true(cfm_next_wakeup(cfm) == LLONG_MAX);

    /* Standard intervals round down to an interval code. */
    static const int cases[][2] = {
        { 1, 3 }, { 3, 3 }, { 9, 3 }, { 10, 10 }, { 99, 10 },
        { 100, 100 }, { 1500, 1000 }, { 10000, 10000 },
        { 59999, 10000 }, { 60000, 60000 }, { 700000, 600000 },
    };
    s.extended = false;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        s.interval = cases[i][0];
        assert_int_equal(cfm_configure(cfm, &s), 0);
        assert_int_equal(cfm_get_interval(cfm), cases[i][1]);
    }
    assert_true(cfm_next_wakeup(cfm) == LLONG_MIN);
    cfm_run(cfm, 5, discard_frame, NULL);
    assert_true(cfm_next_wakeup(cfm) == 5 + 600000);
    s.extended = true;
    s.interval = 1500;
    assert_int_equal(cfm_configure(cfm, &s), 0);
    assert_int_equal(cfm_get_interval(cfm), 1500);
    assert_true(cfm_next_wakeup(cfm) == LLONG_MIN);
    cfm_destroy(cfm);
    cfm_destroy(NULL);
}

/* Captures the frame that CFM sends. */
struct capture {
    uint8_t frame[128];
    size_t size;
};

static void
capture_frame(void *cap_, const void *frame, size_t size)
{
    struct capture *cap = cap_;
    assert_true(size <= sizeof cap->frame);
    memcpy(cap->frame, frame, size);
    cap->size = size;
}

/* CCM VLAN tags: a fixed VLAN, a priority alone (VLAN 0), and a random
 * VLAN per CCM. */
static void
test_ccm_vlan(void **state)
{
    struct cfm_settings s = std_settings(1, 100);
    struct cfm *cfm = cfm_create("x");
    struct capture cap;

    (void) state;
    s.ccm_pcp = 3;
    assert_int_equal(cfm_configure(cfm, &s), 0);
    cfm_run(cfm, 0, capture_frame, &cap);
    assert_int_equal(cap.size, 93);
    assert_int_equal(cap.frame[12], 0x81);
    assert_int_equal(cap.frame[13], 0x00);
    assert_int_equal(cap.frame[14], 0x60);
    assert_int_equal(cap.frame[15], 0x00);
    assert_int_equal(cap.frame[16], 0x89);
    assert_int_equal(cap.frame[17], 0x02);

    s.ccm_pcp = 0;
    s.ccm_vlan_random = true;
    assert_int_equal(cfm_configure(cfm, &s), 0);
    bool seen[4096] = { false };
    int n_distinct = 0;
    for (int i = 1; i <= 200; i++) {
        cfm_run(cfm, i * 100, capture_frame, &cap);
        assert_int_equal(cap.size, 93);
        assert_int_equal(cap.frame[14] >> 4, 0);
        int vid = ((cap.frame[14] & 0x0f) << 8) | cap.frame[15];
        assert_true(vid >= 1 && vid <= 4095);
        n_distinct += !seen[vid];
        seen[vid] = true;
    }
    assert_true(n_distinct > 150);

    /* Tagged CCMs are received like untagged ones. */
    struct cfm *peer = cfm_create("y");
    struct cfm_settings sp = std_settings(2, 100);
    assert_int_equal(cfm_configure(peer, &sp), 0);
    assert_true(cfm_process_packet(peer, cap.frame, cap.size));
    assert_remote_mpids(peer, (uint64_t[]) { 1 }, 1);
    cfm_destroy(peer);
    cfm_destroy(cfm);
}

static void
test_fault_override_and_names(void **state)
{
    struct cfm *cfm = cfm_create("x");
    struct cfm_settings s = std_settings(1, 1000);
    struct ds ds;

    (void) state;
    assert_int_equal(cfm_configure(cfm, &s), 0);
    cfm_run(cfm, 0, discard_frame, NULL);
    cfm_run(cfm, 3500, discard_frame, NULL);
    assert_int_equal(cfm_get_fault(cfm), CFM_FAULT_RECV);
    cfm_set_fault_override(cfm, 1);
    assert_int_equal(cfm_get_fault(cfm), CFM_FAULT_OVERRIDE);
    cfm_set_fault_override(cfm, 0);
    assert_int_equal(cfm_get_fault(cfm), 0);
    cfm_set_fault_override(cfm, -1);
    assert_int_equal(cfm_get_fault(cfm), CFM_FAULT_RECV);
    assert_int_equal(cfm_get_flap_count(cfm), 1);

    static const char *const names[] = {
        "recv", "rdi", "maid", "loopback", "overflow", "override",
    };
    for (int i = 0; i < CFM_N_FAULT_REASONS; i++) {
        assert_string_equal(cfm_fault_reason_to_string(1 << i), names[i]);
    }
    assert_null(cfm_fault_reason_to_string(3));
    assert_null(cfm_fault_reason_to_string(1 << CFM_N_FAULT_REASONS));
    ds_init(&ds);
    cfm_format_fault(CFM_FAULT_RECV | CFM_FAULT_MAID | CFM_FAULT_OVERRIDE,
                     &ds);
    assert_string_equal(ds_cstr(&ds), "recv maid override");
    ds_destroy(&ds);
    cfm_destroy(cfm);
}

/* The layout of OVS 3.1's "ovs-appctl cfm/show", as printed for two OVS
 * interfaces linked by a veth pair. */
static void
test_format(void **state)
{
    struct cfm_settings sa = std_settings(1, 1000);
    struct cfm_settings sb = std_settings(2, 1000);
    struct sim sim;
    struct ds ds;

    (void) state;
    sim_init(&sim, &sa, &sb);
    sim_advance(&sim, 21005);
    ds_init(&ds);
    cfm_format(sim.ep[0].cfm, sim.now, &ds);
    assert_string_equal(ds_cstr(&ds),
                        "---- a ----\n"
                        "MPID 1:\n"
                        "  average health: 100\n"
                        "  opstate: up\n"
                        "  remote_opstate: up\n"
                        "  interval: 1000ms\n"
                        "  next CCM tx: 995ms\n"
                        "  next fault check: 3495ms\n"
                        "Remote MPID 2\n"
                        "  recv since check: true\n"
                        "  opstate: up\n");

    sim.ep[0].cut = true;
    sim.ep[1].cut = true;
    sim_advance(&sim, 31600);
    cfm_set_fault_override(sim.ep[0].cfm, 0);
    ds_clear(&ds);
    cfm_format(sim.ep[0].cfm, sim.now, &ds);
    assert_string_equal(ds_cstr(&ds),
                        "---- a ----\n"
                        "MPID 1: fault_override\n"
                        "  average health: 100\n"
                        "  opstate: up\n"
                        "  remote_opstate: up\n"
                        "  interval: 1000ms\n"
                        "  next CCM tx: 400ms\n"
                        "  next fault check: 3400ms\n");
    cfm_set_fault_override(sim.ep[0].cfm, -1);

    sa.extended = true;
    sa.opup = false;
    sa.mpid = UINT64_C(4886718345);
    assert_int_equal(cfm_configure(sim.ep[0].cfm, &sa), 0);
    ds_clear(&ds);
    cfm_format(sim.ep[0].cfm, sim.now, &ds);
    assert_string_equal(ds_cstr(&ds),
                        "---- a ----\n"
                        "MPID 4886718345: extended\n"
                        "  fault: recv\n"
                        "  average health: 100\n"
                        "  opstate: down\n"
                        "  remote_opstate: up\n"
                        "  interval: 1000ms\n");
    ds_destroy(&ds);
    sim_destroy(&sim);
}

/* Asserts that the SIZE bytes at A and B are equal except in the 4-byte
 * sequence number at SEQ_OFS. */
static void
assert_frames_match(const uint8_t *a, const uint8_t *b, size_t size,
                    size_t seq_ofs)
{
    for (size_t i = 0; i < size; i++) {
        if (i < seq_ofs || i >= seq_ofs + 4) {
            if (a[i] != b[i]) {
                fail_msg("frames differ at byte %zu: %02x != %02x",
                         i, a[i], b[i]);
            }
        }
    }
}

static void
test_ovs_frames_parse(void **state)
{
    static const char *const frames[] = { STD_CCM, STD_CCM_RDI };
    uint8_t frame[128];

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(frames); i++) {
        struct cfm *cfm = cfm_create("x");
        struct cfm_settings s = std_settings(2, 1000);
        assert_int_equal(cfm_configure(cfm, &s), 0);
        size_t size = parse_hex(frames[i], frame, sizeof frame);
        assert_int_equal(size, 89);
        assert_true(cfm_process_packet(cfm, frame, size));

        struct cfm_remote_mp_info *mps;
        assert_int_equal(cfm_get_remote_mps(cfm, &mps), 1);
        assert_true(mps[0].mpid == 1);
        assert_int_equal(mps[0].interval, 1000);
        assert_int_equal(mps[0].rdi, i == 1);
        free(mps);
        cfm_destroy(cfm);
    }

    /* The extended one, received in extended mode. */
    struct cfm *cfm = cfm_create("x");
    struct cfm_settings s = std_settings(2, 500);
    s.extended = true;
    assert_int_equal(cfm_configure(cfm, &s), 0);
    size_t size = parse_hex(EXT_CCM, frame, sizeof frame);
    assert_int_equal(size, 93);
    assert_true(cfm_process_packet(cfm, frame, size));
    struct cfm_remote_mp_info *mps;
    assert_int_equal(cfm_get_remote_mps(cfm, &mps), 1);
    assert_true(mps[0].mpid == UINT64_C(4886718345));
    assert_int_equal(mps[0].interval, 500);
    assert_true(mps[0].rdi);
    assert_false(mps[0].opup);
    free(mps);
    cfm_destroy(cfm);
}

static void
test_composed_frames_match_ovs(void **state)
{
    struct eth_addr ovs_mac = { { { 0x5e, 0xa8, 0x2b, 0x50, 0x7f,
                                    0xc3 } } };
    uint8_t expected[128];
    struct capture cap;

    (void) state;

    /* Standard, not in fault. */
    struct cfm_settings s = std_settings(1, 1000);
    s.hw_addr = ovs_mac;
    struct cfm *cfm = cfm_create("x");
    assert_int_equal(cfm_configure(cfm, &s), 0);
    cfm_run(cfm, 0, capture_frame, &cap);
    size_t size = parse_hex(STD_CCM, expected, sizeof expected);
    assert_int_equal(cap.size, size);
    assert_frames_match(cap.frame, expected, size, OFS_SEQ);

    /* Standard, in "recv" fault. */
    cfm_run(cfm, 3500, capture_frame, &cap);
    assert_int_equal(cfm_get_fault(cfm), CFM_FAULT_RECV);
    cfm_run(cfm, 4000, capture_frame, &cap);
    size = parse_hex(STD_CCM_RDI, expected, sizeof expected);
    assert_int_equal(cap.size, size);
    assert_frames_match(cap.frame, expected, size, OFS_SEQ);
    cfm_destroy(cfm);

    /* Extended, with a VLAN tag, down, in "recv" fault. */
    s.extended = true;
    s.mpid = UINT64_C(4886718345);
    s.interval = 500;
    s.opup = false;
    s.ccm_vlan = 10;
    s.ccm_pcp = 5;
    cfm = cfm_create("x");
    assert_int_equal(cfm_configure(cfm, &s), 0);
    cfm_run(cfm, 0, capture_frame, &cap);
    cfm_run(cfm, 1750, capture_frame, &cap);
    assert_int_equal(cfm_get_fault(cfm), CFM_FAULT_RECV);
    cfm_run(cfm, 2000, capture_frame, &cap);
    size = parse_hex(EXT_CCM, expected, sizeof expected);
    assert_int_equal(cap.size, size);
    assert_frames_match(cap.frame, expected, size, OFS_SEQ + 4);
    cfm_destroy(cfm);

    /* Extended with a standard interval, untagged, up, in "recv" fault:
     * these differ from each other in the MPID and its hash. */
    static const struct {
        const char *hex;
        uint64_t mpid;
    } ext[] = { { EXT_CCM_1, 1 }, { EXT_CCM_8191, 8191 } };
    for (size_t i = 0; i < ARRAY_SIZE(ext); i++) {
        s = std_settings(ext[i].mpid, 100);
        s.extended = true;
        s.hw_addr = (struct eth_addr) { { { 0x56, 0x3d, 0xa9, 0xac, 0x16,
                                            0x9f } } };
        cfm = cfm_create("x");
        assert_int_equal(cfm_configure(cfm, &s), 0);
        assert_int_equal(cfm_get_interval(cfm), 100);
        cfm_run(cfm, 0, capture_frame, &cap);
        cfm_run(cfm, 350, capture_frame, &cap);
        assert_int_equal(cfm_get_fault(cfm), CFM_FAULT_RECV);
        cfm_run(cfm, 400, capture_frame, &cap);
        size = parse_hex(ext[i].hex, expected, sizeof expected);
        assert_int_equal(cap.size, size);
        assert_frames_match(cap.frame, expected, size, OFS_SEQ);
        cfm_destroy(cfm);
    }
}

/* Asserts that CFM rejects FRAME (SIZE bytes) and counts it. */
static void
assert_rejected(struct cfm *cfm, const uint8_t *frame, size_t size)
{
    struct cfm_stats before, after;
    cfm_get_stats(cfm, &before);
    assert_false(cfm_process_packet(cfm, frame, size));
    cfm_get_stats(cfm, &after);
    assert_true(after.rx_errors == before.rx_errors + 1);
    assert_true(after.rx_ccms == before.rx_ccms);
}

static void
test_malformed(void **state)
{
    struct cfm_settings s = std_settings(2, 1000);
    struct cfm *cfm = cfm_create("x");
    uint8_t good[128], frame[128];

    (void) state;
    assert_int_equal(cfm_configure(cfm, &s), 0);
    size_t size = parse_hex(STD_CCM, good, sizeof good);
    size_t ext_size = parse_hex(EXT_CCM, frame, sizeof frame);

    /* Every truncation, copied to a buffer of exactly that size so that
     * ASan catches any read beyond it. */
    for (size_t n = 0; n < size; n++) {
        uint8_t *copy = xmemdup(good, n ? n : 1);
        assert_rejected(cfm, copy, n);
        free(copy);
    }
    for (size_t n = 0; n < ext_size; n++) {
        uint8_t *copy = xmemdup(frame, n ? n : 1);
        assert_rejected(cfm, copy, n);
        free(copy);
    }

    /* Each broken field. */
    struct {
        size_t ofs;
        uint8_t value;
    } breaks[] = {
        { 12, 0x08 },               /* Ethertype IPv4. */
        { 15, 3 },                  /* Opcode LBM. */
        { 17, 69 },                 /* First TLV offset. */
        { 17, 71 },
        { 22, 0 },                  /* MPID 0... */
        { 88, 3 },                  /* Port Status TLV, no length. */
    };
    for (size_t i = 0; i < ARRAY_SIZE(breaks); i++) {
        memcpy(frame, good, size);
        frame[breaks[i].ofs] = breaks[i].value;
        if (breaks[i].ofs == 22) {
            frame[23] = 0;          /* ...all 16 bits of it. */
        }
        assert_rejected(cfm, frame, size);
    }

    /* A TLV whose length runs past the end, and one that fits but is not
     * followed by an End TLV. */
    memcpy(frame, good, size);
    frame[88] = 3;
    frame[89] = 0;
    frame[90] = 2;
    frame[91] = 1;
    frame[92] = 0;
    frame[93] = 0;
    assert_rejected(cfm, frame, 92);
    assert_rejected(cfm, frame, 93);
    assert_true(cfm_process_packet(cfm, frame, 94));

    /* Random bytes, some with the CFM ethertype and CCM opcode. */
    srand(1);
    for (int i = 0; i < 20000; i++) {
        size_t n = rand() % sizeof frame;
        for (size_t j = 0; j < n; j++) {
            frame[j] = rand();
        }
        if (n >= 18 && i % 2) {
            frame[12] = 0x89;
            frame[13] = 0x02;
            frame[15] = 1;
            frame[17] = 70;
        }
        struct cfm_stats before, after;
        cfm_get_stats(cfm, &before);
        bool ok = cfm_process_packet(cfm, frame, n);
        cfm_get_stats(cfm, &after);
        assert_true(after.rx_ccms + after.rx_errors
                    == before.rx_ccms + before.rx_errors + 1);
        assert_int_equal(ok, after.rx_ccms == before.rx_ccms + 1);
        if (n < 89) {
            assert_false(ok);
        }
    }

    /* None of the rejected frames left a trace. */
    uint64_t *mpids;
    size_t n_mpids;
    cfm_get_remote_mpids(cfm, &mpids, &n_mpids);
    assert_true(n_mpids <= CFM_MAX_REMOTE_MPS);
    free(mpids);
    cfm_destroy(cfm);

    cfm = cfm_create("y");
    assert_int_equal(cfm_configure(cfm, &s), 0);
    for (size_t n = 0; n < size; n++) {
        cfm_process_packet(cfm, good, n);
    }
    cfm_get_remote_mpids(cfm, &mpids, &n_mpids);
    assert_int_equal(n_mpids, 0);
    free(mpids);
    cfm_run(cfm, 0, discard_frame, NULL);
    cfm_run(cfm, 3500, discard_frame, NULL);
    assert_int_equal(cfm_get_fault(cfm), CFM_FAULT_RECV);
    cfm_destroy(cfm);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_fault_while_ccms_flow),
        cmocka_unit_test(test_cut_at_check_faults_in_3_5_intervals),
        cmocka_unit_test(test_cut_at_any_phase),
        cmocka_unit_test(test_rdi_propagates),
        cmocka_unit_test(test_maid_mismatch),
        cmocka_unit_test(test_loopback),
        cmocka_unit_test(test_remote_mpids_and_overflow),
        cmocka_unit_test(test_health),
        cmocka_unit_test(test_extended),
        cmocka_unit_test(test_configure),
        cmocka_unit_test(test_ccm_vlan),
        cmocka_unit_test(test_fault_override_and_names),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_ovs_frames_parse),
        cmocka_unit_test(test_composed_frames_match_ovs),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/lacp.c: lacp objects wired back to back through their
 * send callbacks negotiate on a simulated clock; passive ends stay silent;
 * partners that stop sending expire and default; members facing another
 * system stay out of the aggregation; slow timers; malformed frames; and
 * the lacp/show and lacp/show-stats text. */
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
#include "dynamic-string.h"
#include "lacp.h"
#include "packets.h"
#include "util.h"

#define MAX_SIDES 3
#define MAX_MEMBERS 4
#define MAX_QUEUE 256

/* Member ids: &member_ids[SIDE][INDEX]. */
static int member_ids[MAX_SIDES][MAX_MEMBERS];

static void *
member_id(int side, int idx)
{
    return &member_ids[side][idx];
}

struct frame {
    int side, idx;              /* Sender. */
    size_t size;
    uint8_t data[LACP_FRAME_SIZE];
};

struct peer {
    bool up;                    /* Frames from this member arrive. */
    int side, idx;              /* Where they arrive. */
};

/* Up to MAX_SIDES lacp objects, their members wired by 'peers'. */
struct world {
    struct lacp *lacp[MAX_SIDES];
    struct peer peers[MAX_SIDES][MAX_MEMBERS];
    struct frame queue[MAX_QUEUE];
    size_t n_queue;
    long long int now;

    unsigned int n_tx[MAX_SIDES][MAX_MEMBERS];
    long long int tx_times[MAX_SIDES][MAX_MEMBERS][64];
    long long int last_rx[MAX_SIDES][MAX_MEMBERS]; /* By receiver. */
};

static void
world_send(void *aux, void *id, const void *data, size_t size)
{
    struct world *w = aux;
    ptrdiff_t n = (int *) id - &member_ids[0][0];
    assert_true(n >= 0 && n < MAX_SIDES * MAX_MEMBERS);
    assert_int_equal(size, LACP_FRAME_SIZE);
    assert_true(w->n_queue < MAX_QUEUE);

    struct frame *f = &w->queue[w->n_queue++];
    f->side = n / MAX_MEMBERS;
    f->idx = n % MAX_MEMBERS;
    f->size = size;
    memcpy(f->data, data, size);

    unsigned int *count = &w->n_tx[f->side][f->idx];
    w->tx_times[f->side][f->idx][*count % 64] = w->now;
    (*count)++;
}

static void
world_connect(struct world *w, int s1, int i1, int s2, int i2)
{
    w->peers[s1][i1] = (struct peer) { true, s2, i2 };
    w->peers[s2][i2] = (struct peer) { true, s1, i1 };
}

static struct lacp *
make_lacp(struct world *w, int side, const char *name, bool active,
          bool fast, bool fallback_ab, int n_members)
{
    char member_name[16];
    struct lacp *lacp = lacp_create();
    struct lacp_settings s = {
        .name = name,
        .id = eth_addr_from_uint64(UINT64_C(0x020000000000) + side + 1),
        .priority = 65534,
        .active = active,
        .fast = fast,
        .fallback_ab = fallback_ab,
    };
    lacp_configure(lacp, &s);
    for (int i = 0; i < n_members; i++) {
        snprintf(member_name, sizeof member_name, "p%d", i + 1);
        struct lacp_member_settings ms = {
            .name = member_name,
            .id = i + 1,
            .priority = 65535,
            .key = 0,
            .mac = eth_addr_from_uint64(UINT64_C(0x505400000000)
                                        | (side << 8) | i),
        };
        lacp_member_register(lacp, member_id(side, i), &ms);
    }
    w->lacp[side] = lacp;
    return lacp;
}

static void
world_destroy(struct world *w)
{
    for (int s = 0; s < MAX_SIDES; s++) {
        lacp_destroy(w->lacp[s]);
    }
    free(w);
}

static struct world *
world_create(void)
{
    struct world *w = xzalloc(sizeof *w);
    return w;
}

/* Runs every lacp at W's current time and delivers what they send, until
 * nothing more is sent. */
static void
world_step(struct world *w)
{
    for (int round = 0; ; round++) {
        assert_true(round < 50);
        for (int s = 0; s < MAX_SIDES; s++) {
            if (w->lacp[s]) {
                lacp_run(w->lacp[s], w->now, world_send, w);
            }
        }
        if (!w->n_queue) {
            return;
        }
        size_t n = w->n_queue;
        w->n_queue = 0;
        for (size_t i = 0; i < n; i++) {
            const struct frame *f = &w->queue[i];
            const struct peer *p = &w->peers[f->side][f->idx];
            if (p->up) {
                assert_int_equal(lacp_process_packet(w->lacp[p->side],
                                                     member_id(p->side,
                                                               p->idx),
                                                     f->data, f->size), 0);
                w->last_rx[p->side][p->idx] = w->now;
            }
        }
    }
}

/* Advances W's clock to UNTIL, running the lacps at each time one of them
 * asked to wake up. */
static void
world_advance(struct world *w, long long int until)
{
    for (int n = 0; ; n++) {
        assert_true(n < 100000);
        long long int next = LLONG_MAX;
        for (int s = 0; s < MAX_SIDES; s++) {
            if (w->lacp[s]) {
                next = MIN(next, lacp_next_wakeup(w->lacp[s]));
            }
        }
        next = MAX(next, w->now);
        if (next > until) {
            break;
        }
        w->now = next;
        world_step(w);
    }
    w->now = until;
}

#define ALL_UP (LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT \
                | LACP_STATE_AGGREGATION | LACP_STATE_SYNC \
                | LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING)

static void
assert_negotiated(const struct world *w, int side, int idx, uint8_t actor,
                  uint8_t partner)
{
    const struct lacp *lacp = w->lacp[side];
    assert_int_equal(lacp_status(lacp), LACP_NEGOTIATED);
    assert_true(lacp_member_is_current(lacp, member_id(side, idx)));
    assert_true(lacp_member_may_enable(lacp, member_id(side, idx)));
    assert_int_equal(lacp_member_actor_state(lacp, member_id(side, idx)),
                     actor);
    assert_int_equal(lacp_member_partner_state(lacp, member_id(side, idx)),
                     partner);
}

static bool
all_enabled(const struct world *w, int side, int n)
{
    for (int i = 0; i < n; i++) {
        if (!lacp_member_may_enable(w->lacp[side], member_id(side, i))) {
            return false;
        }
    }
    return true;
}

static void
test_active_active_negotiates(void **state SLUICE_UNUSED)
{
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", true, true, false, 2);
    make_lacp(w, 1, "bond1", true, true, false, 2);
    world_connect(w, 0, 0, 1, 0);
    world_connect(w, 0, 1, 1, 1);

    assert_int_equal(lacp_status(w->lacp[0]), LACP_CONFIGURED);
    assert_false(lacp_member_may_enable(w->lacp[0], member_id(0, 0)));

    /* Both ends enable both members within a few fast periods. */
    long long int t;
    for (t = 0; t <= 3000; t += 100) {
        world_advance(w, t);
        if (all_enabled(w, 0, 2) && all_enabled(w, 1, 2)) {
            break;
        }
    }
    assert_true(t <= 3000);
    world_advance(w, 5000);
    for (int s = 0; s < 2; s++) {
        for (int i = 0; i < 2; i++) {
            assert_negotiated(w, s, i, ALL_UP, ALL_UP);
        }
    }

    /* Then each member sends exactly one PDU per second. */
    unsigned int before = w->n_tx[0][0];
    world_advance(w, 15000);
    assert_int_equal(w->n_tx[0][0] - before, 10);
    assert_negotiated(w, 1, 1, ALL_UP, ALL_UP);

    world_destroy(w);
}

static void
test_passive_passive_is_silent(void **state SLUICE_UNUSED)
{
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", false, true, false, 2);
    make_lacp(w, 1, "bond1", false, true, false, 2);
    world_connect(w, 0, 0, 1, 0);
    world_connect(w, 0, 1, 1, 1);

    assert_int_equal(lacp_next_wakeup(w->lacp[0]), LLONG_MAX);
    world_advance(w, 100000);
    for (int s = 0; s < 2; s++) {
        assert_int_equal(lacp_status(w->lacp[s]), LACP_CONFIGURED);
        for (int i = 0; i < 2; i++) {
            assert_int_equal(w->n_tx[s][i], 0);
            assert_false(lacp_member_is_current(w->lacp[s], member_id(s, i)));
            assert_false(lacp_member_may_enable(w->lacp[s],
                                                member_id(s, i)));
            assert_int_equal(lacp_member_actor_state(w->lacp[s],
                                                     member_id(s, i)),
                             LACP_STATE_TIMEOUT | LACP_STATE_AGGREGATION
                             | LACP_STATE_DEFAULTED);
        }
    }
    world_destroy(w);
}

static void
test_active_passive_negotiates(void **state SLUICE_UNUSED)
{
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", true, true, false, 1);
    make_lacp(w, 1, "bond1", false, true, false, 1);
    world_connect(w, 0, 0, 1, 0);

    world_advance(w, 3000);
    uint8_t passive = ALL_UP & ~LACP_STATE_ACTIVITY;
    assert_negotiated(w, 0, 0, ALL_UP, passive);
    assert_negotiated(w, 1, 0, passive, ALL_UP);
    assert_true(w->n_tx[1][0] > 0);
    world_destroy(w);
}

/* Negotiates, then drops what side 1 sends from LAST_RX on; side 0's member
 * expires 3 s after the last PDU it got and defaults 3 s later. */
static void
check_expiry(bool fallback_ab)
{
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", true, true, fallback_ab, 1);
    make_lacp(w, 1, "bond1", true, true, false, 1);
    world_connect(w, 0, 0, 1, 0);
    world_advance(w, 5000);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);

    w->peers[1][0].up = false;
    long long int last_rx = w->last_rx[0][0];
    assert_true(last_rx > 4000 - 1000 && last_rx <= 5000);
    struct lacp *lacp = w->lacp[0];
    void *id = member_id(0, 0);

    world_advance(w, last_rx + 2999);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);

    world_advance(w, last_rx + 3000);
    assert_false(lacp_member_is_current(lacp, id));
    assert_false(lacp_member_may_enable(lacp, id));
    assert_int_equal(lacp_member_actor_state(lacp, id),
                     LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT
                     | LACP_STATE_AGGREGATION | LACP_STATE_SYNC
                     | LACP_STATE_EXPIRED);
    assert_int_equal(lacp_member_partner_state(lacp, id),
                     ALL_UP & ~LACP_STATE_SYNC);

    world_advance(w, last_rx + 5999);
    assert_true(lacp_member_actor_state(lacp, id) & LACP_STATE_EXPIRED);

    world_advance(w, last_rx + 6000);
    assert_false(lacp_member_is_current(lacp, id));
    assert_int_equal(lacp_status(lacp), LACP_CONFIGURED);
    assert_int_equal(lacp_member_actor_state(lacp, id),
                     LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT
                     | LACP_STATE_AGGREGATION | LACP_STATE_DEFAULTED);
    assert_int_equal(lacp_member_partner_state(lacp, id), 0);
    assert_int_equal(lacp_member_may_enable(lacp, id), fallback_ab);

    struct lacp_member_stats stats;
    assert_true(lacp_member_get_stats(lacp, id, &stats));
    assert_int_equal(stats.n_expired, 1);
    assert_int_equal(stats.n_defaulted, 1);

    /* The partner speaks again: negotiated once more. */
    w->peers[1][0].up = true;
    world_advance(w, last_rx + 9000);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);
    world_destroy(w);
}

static void
test_expiry_then_defaulted(void **state SLUICE_UNUSED)
{
    check_expiry(false);
}

static void
test_expiry_with_fallback_ab(void **state SLUICE_UNUSED)
{
    check_expiry(true);
}

static void
test_other_partner_system_not_aggregated(void **state SLUICE_UNUSED)
{
    /* Side 0 has 3 members: p1 (the best port) faces system 3, p2 and p3
     * face system 2.  The larger group wins. */
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", true, true, false, 3);
    make_lacp(w, 1, "bond1", true, true, false, 2);
    make_lacp(w, 2, "bond2", true, true, false, 1);
    world_connect(w, 0, 0, 2, 0);
    world_connect(w, 0, 1, 1, 0);
    world_connect(w, 0, 2, 1, 1);
    world_advance(w, 5000);

    assert_negotiated(w, 0, 1, ALL_UP, ALL_UP);
    assert_negotiated(w, 0, 2, ALL_UP, ALL_UP);
    assert_negotiated(w, 1, 0, ALL_UP, ALL_UP);
    assert_negotiated(w, 1, 1, ALL_UP, ALL_UP);

    struct lacp *lacp = w->lacp[0];
    assert_true(lacp_member_is_current(lacp, member_id(0, 0)));
    assert_false(lacp_member_may_enable(lacp, member_id(0, 0)));
    assert_int_equal(lacp_member_actor_state(lacp, member_id(0, 0)),
                     LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT
                     | LACP_STATE_AGGREGATION);

    /* System 3 sees its partner out of sync: nothing to enable. */
    assert_true(lacp_member_is_current(w->lacp[2], member_id(2, 0)));
    assert_false(lacp_member_may_enable(w->lacp[2], member_id(2, 0)));
    assert_int_equal(lacp_member_partner_state(w->lacp[2], member_id(2, 0)),
                     LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT
                     | LACP_STATE_AGGREGATION);

    struct ds ds = DS_EMPTY_INITIALIZER;
    lacp_format(lacp, &ds);
    assert_non_null(strstr(ds_cstr(&ds), "member: p1: current detached\n"));
    assert_non_null(strstr(ds_cstr(&ds), "member: p2: current attached\n"));
    ds_destroy(&ds);

    /* Without the other two, p1 is the aggregation. */
    lacp_member_carrier_changed(lacp, member_id(0, 1), false);
    lacp_member_carrier_changed(lacp, member_id(0, 2), false);
    assert_false(lacp_member_may_enable(lacp, member_id(0, 1)));
    world_advance(w, 8000);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);
    assert_negotiated(w, 2, 0, ALL_UP, ALL_UP);
    world_destroy(w);
}

static void
test_other_partner_key_not_aggregated(void **state SLUICE_UNUSED)
{
    /* Side 1's p3 uses key 9, the others the bond's key 1: side 0's p3
     * faces another key of the same system, and side 1's p3 has a key of
     * its own; both stay out. */
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", true, true, false, 3);
    make_lacp(w, 1, "bond1", true, true, false, 3);
    struct lacp_member_settings ms = {
        .name = "p3", .id = 3, .priority = 65535, .key = 9,
        .mac = eth_addr_from_uint64(UINT64_C(0x505400000102)),
    };
    lacp_member_register(w->lacp[1], member_id(1, 2), &ms);
    for (int i = 0; i < 3; i++) {
        world_connect(w, 0, i, 1, i);
    }
    world_advance(w, 5000);

    for (int s = 0; s < 2; s++) {
        assert_negotiated(w, s, 0, ALL_UP, ALL_UP);
        assert_negotiated(w, s, 1, ALL_UP, ALL_UP);
        assert_true(lacp_member_is_current(w->lacp[s], member_id(s, 2)));
        assert_false(lacp_member_may_enable(w->lacp[s], member_id(s, 2)));
        assert_int_equal(lacp_member_actor_state(w->lacp[s],
                                                 member_id(s, 2)),
                         LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT
                         | LACP_STATE_AGGREGATION);
    }
    world_destroy(w);
}

static void
test_slow_timers(void **state SLUICE_UNUSED)
{
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", true, false, false, 1);
    make_lacp(w, 1, "bond1", true, false, false, 1);
    world_connect(w, 0, 0, 1, 0);
    world_advance(w, 1000);
    uint8_t slow = ALL_UP & ~LACP_STATE_TIMEOUT;
    assert_negotiated(w, 0, 0, slow, slow);

    unsigned int before = w->n_tx[0][0];
    world_advance(w, 301000);
    assert_int_equal(w->n_tx[0][0] - before, 10);
    unsigned int n = w->n_tx[0][0];
    for (unsigned int i = n - 9; i < n; i++) {
        assert_int_equal(w->tx_times[0][0][i % 64]
                         - w->tx_times[0][0][(i - 1) % 64], 30000);
    }
    /* 90 s current_while: still current between PDUs 30 s apart. */
    assert_negotiated(w, 0, 0, slow, slow);
    assert_negotiated(w, 1, 0, slow, slow);

    /* Silence expires only after 90 s. */
    w->peers[1][0].up = false;
    long long int last_rx = w->last_rx[0][0];
    world_advance(w, last_rx + 89999);
    assert_true(lacp_member_is_current(w->lacp[0], member_id(0, 0)));
    world_advance(w, last_rx + 90000);
    assert_false(lacp_member_is_current(w->lacp[0], member_id(0, 0)));
    world_destroy(w);
}

/* Feeds FRAME to side 0's member and checks it is rejected and changes
 * nothing but the error count. */
static unsigned int n_rejected;

static void
check_rejected(struct world *w, const void *frame, size_t size)
{
    n_rejected++;
    struct lacp *lacp = w->lacp[0];
    void *id = member_id(0, 0);
    struct lacp_member_stats before, after;
    struct ds show_before = DS_EMPTY_INITIALIZER;
    struct ds show_after = DS_EMPTY_INITIALIZER;

    lacp_member_get_stats(lacp, id, &before);
    lacp_format(lacp, &show_before);
    long long int wakeup = lacp_next_wakeup(lacp);

    assert_int_equal(lacp_process_packet(lacp, id, frame, size), EINVAL);

    lacp_member_get_stats(lacp, id, &after);
    lacp_format(lacp, &show_after);
    assert_string_equal(ds_cstr(&show_before), ds_cstr(&show_after));
    assert_int_equal(lacp_next_wakeup(lacp), wakeup);
    before.rx_errors++;
    assert_memory_equal(&before, &after, sizeof before);
    ds_destroy(&show_before);
    ds_destroy(&show_after);
}

static void
test_rate_limit(void **state SLUICE_UNUSED)
{
    /* A changing actor wants to transmit at once each time, but sends at
     * most 3 PDUs in any second. */
    struct world *w = world_create();
    struct lacp *lacp = make_lacp(w, 0, "bond0", true, true, false, 1);
    struct lacp_settings s = {
        .name = "bond0",
        .id = eth_addr_from_uint64(UINT64_C(0x020000000001)),
        .active = true,
        .fast = true,
    };
    for (int i = 0; i < 10; i++) {
        s.priority = 1000 + i;
        lacp_configure(lacp, &s);
        w->now = 10000 + i;
        world_step(w);
    }
    assert_int_equal(w->n_tx[0][0], 3);
    assert_int_equal(w->tx_times[0][0][2], 10002);
    assert_int_equal(lacp_next_wakeup(lacp), 11000);

    w->now = 10999;
    world_step(w);
    assert_int_equal(w->n_tx[0][0], 3);
    world_advance(w, 11000);
    assert_int_equal(w->n_tx[0][0], 4);
    world_destroy(w);
}

static void
test_carrier_down_and_up(void **state SLUICE_UNUSED)
{
    struct world *w = world_create();
    struct lacp *lacp = make_lacp(w, 0, "bond0", true, true, false, 1);
    make_lacp(w, 1, "bond1", true, true, false, 1);
    world_connect(w, 0, 0, 1, 0);
    world_advance(w, 5000);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);

    /* Down: no partner, nothing sent, nothing enabled. */
    void *id = member_id(0, 0);
    lacp_member_carrier_changed(lacp, id, false);
    assert_false(lacp_member_is_current(lacp, id));
    assert_false(lacp_member_may_enable(lacp, id));
    assert_int_equal(lacp_status(lacp), LACP_CONFIGURED);
    unsigned int n_tx = w->n_tx[0][0];
    world_advance(w, 8000);
    assert_int_equal(w->n_tx[0][0], n_tx);

    /* Up: a PDU at once, negotiated again within a second. */
    lacp_member_carrier_changed(lacp, id, true);
    assert_true(lacp_next_wakeup(lacp) <= 8000);
    world_advance(w, 9000);
    assert_true(w->n_tx[0][0] > n_tx);
    assert_int_equal(w->tx_times[0][0][n_tx % 64], 8000);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);
    assert_negotiated(w, 1, 0, ALL_UP, ALL_UP);

    struct lacp_member_stats stats;
    assert_true(lacp_member_get_stats(lacp, id, &stats));
    assert_int_equal(stats.n_carrier_changes, 2);
    assert_int_equal(stats.n_defaulted, 1);
    world_destroy(w);
}

static void
test_malformed_frames(void **state SLUICE_UNUSED)
{
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", true, true, false, 1);
    make_lacp(w, 1, "bond1", true, true, false, 1);
    world_connect(w, 0, 0, 1, 0);
    world_advance(w, 5000);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);
    n_rejected = 0;

    /* Catch a valid PDU from side 1. */
    w->peers[1][0].up = false;
    w->n_queue = 0;
    lacp_run(w->lacp[1], 6000, world_send, w);
    assert_int_equal(w->n_queue, 1);
    uint8_t good[LACP_FRAME_SIZE + 16];
    memset(good, 0, sizeof good);
    memcpy(good, w->queue[0].data, LACP_FRAME_SIZE);
    w->n_queue = 0;
    uint8_t bad[sizeof good];

    /* Every truncation. */
    for (size_t size = 0; size < LACP_FRAME_SIZE; size++) {
        check_rejected(w, good, size);
    }

    /* Every length and type byte of each TLV, and subtype and version. */
    static const size_t offsets[] = {
        14, 15,                 /* Subtype, version. */
        16, 17, 36, 37,         /* Actor and partner TLVs. */
        56, 57, 72, 73,         /* Collector and terminator TLVs. */
        12, 13,                 /* Ethertype. */
        0, 5,                   /* Destination. */
    };
    static const uint8_t values[] = { 0, 1, 2, 3, 19, 21, 0x7f, 0xff };
    for (size_t i = 0; i < ARRAY_SIZE(offsets); i++) {
        for (size_t j = 0; j < ARRAY_SIZE(values); j++) {
            memcpy(bad, good, sizeof good);
            if (good[offsets[i]] == values[j]) {
                continue;
            }
            bad[offsets[i]] = values[j];
            check_rejected(w, bad, LACP_FRAME_SIZE);
        }
    }

    /* Random bytes, with and without a slow-protocols header. */
    unsigned int seed = 12345;
    for (int i = 0; i < 2000; i++) {
        size_t size = rand_r(&seed) % sizeof bad;
        for (size_t j = 0; j < size; j++) {
            bad[j] = rand_r(&seed);
        }
        if (i % 2 && size >= 16) {
            memcpy(bad, good, 16);
        }
        check_rejected(w, bad, size);
    }

    /* A marker PDU is counted and ignored. */
    memset(bad, 0, sizeof bad);
    memcpy(bad, good, 14);
    bad[14] = 2;                /* Marker. */
    bad[15] = 1;
    bad[16] = 1;                /* Marker information. */
    bad[17] = 16;
    struct lacp_member_stats stats;
    assert_int_equal(lacp_process_packet(w->lacp[0], member_id(0, 0), bad,
                                         LACP_FRAME_SIZE), 0);
    assert_true(lacp_member_get_stats(w->lacp[0], member_id(0, 0), &stats));
    assert_int_equal(stats.rx_markers, 1);
    assert_int_equal(stats.rx_errors, n_rejected);
    assert_true(n_rejected > LACP_FRAME_SIZE + 2000 + 90);

    /* The good PDU, padded, is taken; to an unknown member, it is not. */
    uint64_t rx_pdus = stats.rx_pdus;
    assert_int_equal(lacp_process_packet(w->lacp[0], member_id(0, 0), good,
                                         sizeof good), 0);
    assert_true(lacp_member_get_stats(w->lacp[0], member_id(0, 0), &stats));
    assert_int_equal(stats.rx_pdus, rx_pdus + 1);
    assert_int_equal(lacp_process_packet(w->lacp[0], member_id(0, 1), good,
                                         sizeof good), ENOENT);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);

    /* A well-formed PDU whose partner information is not us (another port
     * id) is taken, but the partner is then out of sync. */
    memcpy(bad, good, sizeof good);
    bad[14 + 22 + 15] ^= 0x40;
    assert_int_equal(lacp_process_packet(w->lacp[0], member_id(0, 0), bad,
                                         LACP_FRAME_SIZE), 0);
    assert_true(lacp_member_is_current(w->lacp[0], member_id(0, 0)));
    assert_false(lacp_member_may_enable(w->lacp[0], member_id(0, 0)));
    assert_int_equal(lacp_member_partner_state(w->lacp[0], member_id(0, 0)),
                     ALL_UP & ~LACP_STATE_SYNC);
    assert_int_equal(lacp_member_actor_state(w->lacp[0], member_id(0, 0)),
                     ALL_UP & ~(LACP_STATE_COLLECTING
                                | LACP_STATE_DISTRIBUTING));
    assert_int_equal(lacp_process_packet(w->lacp[0], member_id(0, 0), good,
                                         LACP_FRAME_SIZE), 0);
    assert_negotiated(w, 0, 0, ALL_UP, ALL_UP);
    world_destroy(w);
}

static void
test_show(void **state SLUICE_UNUSED)
{
    struct world *w = world_create();
    make_lacp(w, 0, "bond0", true, true, false, 2);
    make_lacp(w, 1, "bond1", false, true, false, 1);
    world_connect(w, 0, 0, 1, 0);
    world_advance(w, 5000);

    struct ds ds = DS_EMPTY_INITIALIZER;
    lacp_format(w->lacp[0], &ds);
    assert_string_equal(ds_cstr(&ds),
        "---- bond0 ----\n"
        "  status: active negotiated\n"
        "  sys_id: 02:00:00:00:00:01\n"
        "  sys_priority: 65534\n"
        "  aggregation key: 1\n"
        "  lacp_time: fast\n"
        "\n"
        "member: p1: current attached\n"
        "  port_id: 1\n"
        "  port_priority: 65535\n"
        "  may_enable: true\n"
        "\n"
        "  actor sys_id: 02:00:00:00:00:01\n"
        "  actor sys_priority: 65534\n"
        "  actor port_id: 1\n"
        "  actor port_priority: 65535\n"
        "  actor key: 1\n"
        "  actor state: activity timeout aggregation synchronized"
        " collecting distributing\n"
        "\n"
        "  partner sys_id: 02:00:00:00:00:02\n"
        "  partner sys_priority: 65534\n"
        "  partner port_id: 1\n"
        "  partner port_priority: 65535\n"
        "  partner key: 1\n"
        "  partner state: timeout aggregation synchronized"
        " collecting distributing\n"
        "\n"
        "member: p2: defaulted detached\n"
        "  port_id: 2\n"
        "  port_priority: 65535\n"
        "  may_enable: false\n"
        "\n"
        "  actor sys_id: 02:00:00:00:00:01\n"
        "  actor sys_priority: 65534\n"
        "  actor port_id: 2\n"
        "  actor port_priority: 65535\n"
        "  actor key: 1\n"
        "  actor state: activity timeout aggregation defaulted\n"
        "\n"
        "  partner sys_id: 00:00:00:00:00:00\n"
        "  partner sys_priority: 0\n"
        "  partner port_id: 0\n"
        "  partner port_priority: 0\n"
        "  partner key: 0\n"
        "  partner state:\n");

    ds_clear(&ds);
    lacp_member_carrier_changed(w->lacp[0], member_id(0, 1), false);
    lacp_format_stats(w->lacp[0], &ds);
    char expected[1024];
    snprintf(expected, sizeof expected,
             "---- bond0 statistics ----\n"
             "\n"
             "member: p1:\n"
             "  TX PDUs: %u\n"
             "  RX PDUs: %u\n"
             "  RX Bad PDUs: 0\n"
             "  RX Marker Request PDUs: 0\n"
             "  Link Expired: 0\n"
             "  Link Defaulted: 0\n"
             "  Carrier Status Changed: 0\n"
             "\n"
             "member: p2:\n"
             "  TX PDUs: %u\n"
             "  RX PDUs: 0\n"
             "  RX Bad PDUs: 0\n"
             "  RX Marker Request PDUs: 0\n"
             "  Link Expired: 0\n"
             "  Link Defaulted: 0\n"
             "  Carrier Status Changed: 1\n",
             w->n_tx[0][0], w->n_tx[1][0], w->n_tx[0][1]);
    assert_string_equal(ds_cstr(&ds), expected);
    /* p2 has no partner, so it sends slowly: once so far, next at 30 s. */
    assert_int_equal(w->n_tx[0][1], 1);
    ds_destroy(&ds);

    /* A member with its carrier down sends nothing. */
    unsigned int n_tx = w->n_tx[0][1];
    world_advance(w, 100000);
    assert_int_equal(w->n_tx[0][1], n_tx);

    /* Unregistering p1 leaves p2's key as the aggregation key. */
    lacp_member_unregister(w->lacp[0], member_id(0, 0));
    assert_int_equal(lacp_status(w->lacp[0]), LACP_CONFIGURED);
    ds_clear(&ds);
    lacp_format(w->lacp[0], &ds);
    assert_non_null(strstr(ds_cstr(&ds), "  aggregation key: 2\n"));
    assert_null(strstr(ds_cstr(&ds), "member: p1"));
    ds_destroy(&ds);

    assert_int_equal(lacp_status(NULL), LACP_DISABLED);
    lacp_destroy(NULL);
    world_destroy(w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_active_active_negotiates),
        cmocka_unit_test(test_passive_passive_is_silent),
        cmocka_unit_test(test_active_passive_negotiates),
        cmocka_unit_test(test_expiry_then_defaulted),
        cmocka_unit_test(test_expiry_with_fallback_ab),
        cmocka_unit_test(test_other_partner_system_not_aggregated),
        cmocka_unit_test(test_other_partner_key_not_aggregated),
        cmocka_unit_test(test_slow_timers),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_carrier_down_and_up),
        cmocka_unit_test(test_malformed_frames),
        cmocka_unit_test(test_show),
    };
    return cmocka_run_group_tests_name("lacp", tests, NULL, NULL);
}

/* Unit tests for lib/reconnect.c, driven by a fake clock. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "poll-loop.h"
#include "reconnect.h"
#include "timeval.h"
#include "util.h"

/* Returns a quiet machine created at NOW. */
static struct reconnect *
new_fsm(long long now)
{
    struct reconnect *fsm = reconnect_create(now);
    reconnect_set_name(fsm, "tcp:127.0.0.1:6640");
    reconnect_set_quiet(fsm, true);
    return fsm;
}

/* Asserts that FSM has nothing to do until WHEN and then returns ACTION. */
static void
expect_action_at(struct reconnect *fsm, long long now, long long when,
                 enum reconnect_action action)
{
    assert_int_equal(reconnect_timeout(fsm, now), when - now);
    if (when > now) {
        assert_int_equal(reconnect_run(fsm, when - 1), 0);
    }
    assert_int_equal(reconnect_run(fsm, when), action);
}

static void
get_stats(const struct reconnect *fsm, long long now,
          struct reconnect_stats *stats)
{
    memset(stats, 0xa5, sizeof *stats);
    reconnect_get_stats(fsm, now, stats);
}

static void
test_defaults(void **state)
{
    struct reconnect *fsm = reconnect_create(1000);
    struct reconnect_stats stats;

    assert_string_equal(reconnect_get_name(fsm), "void");
    assert_int_equal(reconnect_get_min_backoff(fsm), 1000);
    assert_int_equal(reconnect_get_max_backoff(fsm), 8000);
    assert_int_equal(reconnect_get_probe_interval(fsm), 5000);
    assert_true(reconnect_get_max_tries(fsm) == UINT_MAX);
    assert_false(reconnect_is_passive(fsm));
    assert_false(reconnect_is_enabled(fsm));
    assert_false(reconnect_is_connected(fsm));
    assert_int_equal(reconnect_get_backoff(fsm), 0);

    /* Disabled: nothing to do, ever. */
    assert_int_equal(reconnect_run(fsm, 1000), 0);
    assert_int_equal(reconnect_run(fsm, LLONG_MAX / 2), 0);
    assert_int_equal(reconnect_timeout(fsm, 1000), -1);

    get_stats(fsm, 1500, &stats);
    assert_string_equal(stats.state, "VOID");
    assert_true(stats.creation_time == 1000);
    assert_true(stats.last_connected == LLONG_MIN);
    assert_true(stats.msec_since_connect == -1);
    assert_true(stats.msec_since_disconnect == -1);
    assert_true(stats.state_elapsed == 500);
    assert_int_equal(stats.n_attempted_connections, 0);
    assert_false(stats.is_connected);

    reconnect_set_name(fsm, "unix:db.sock");
    assert_string_equal(reconnect_get_name(fsm), "unix:db.sock");
    reconnect_set_name(fsm, NULL);
    assert_string_equal(reconnect_get_name(fsm), "void");

    reconnect_destroy(fsm);
    reconnect_destroy(NULL);
}

static void
test_settings(void **state)
{
    struct reconnect *fsm = new_fsm(0);

    reconnect_set_backoff(fsm, 500, 3000);
    assert_int_equal(reconnect_get_min_backoff(fsm), 500);
    assert_int_equal(reconnect_get_max_backoff(fsm), 3000);
    reconnect_set_backoff(fsm, 5000, 2000);
    assert_int_equal(reconnect_get_min_backoff(fsm), 5000);
    assert_int_equal(reconnect_get_max_backoff(fsm), 5000);
    reconnect_set_backoff(fsm, 0, -1);
    assert_int_equal(reconnect_get_min_backoff(fsm), 1000);
    assert_int_equal(reconnect_get_max_backoff(fsm), 8000);

    reconnect_set_probe_interval(fsm, 0);
    assert_int_equal(reconnect_get_probe_interval(fsm), 0);
    reconnect_set_probe_interval(fsm, -5);
    assert_int_equal(reconnect_get_probe_interval(fsm), 0);
    reconnect_set_probe_interval(fsm, 10);
    assert_int_equal(reconnect_get_probe_interval(fsm), 1000);
    reconnect_set_probe_interval(fsm, 2500);
    assert_int_equal(reconnect_get_probe_interval(fsm), 2500);

    reconnect_set_max_tries(fsm, 3);
    assert_int_equal(reconnect_get_max_tries(fsm), 3);
    reconnect_destroy(fsm);
}

static void
test_backoff_doubling_and_cap(void **state)
{
    struct reconnect *fsm = new_fsm(0);
    struct reconnect_stats stats;
    long long now = 0;

    reconnect_enable(fsm, now);
    assert_true(reconnect_is_enabled(fsm));
    /* The first attempt is immediate. */
    assert_int_equal(reconnect_timeout(fsm, now), 0);
    assert_int_equal(reconnect_run(fsm, now), RECONNECT_CONNECT);
    /* CONNECT repeats until the caller reports an attempt. */
    assert_int_equal(reconnect_run(fsm, now), RECONNECT_CONNECT);

    /* Each failure doubles the wait, from 1000 ms up to 8000 ms. */
    static const int expected[] = { 1000, 2000, 4000, 8000, 8000, 8000 };
    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        reconnect_connecting(fsm, now);
        get_stats(fsm, now, &stats);
        assert_string_equal(stats.state, "CONNECTING");
        reconnect_connect_failed(fsm, now, ECONNREFUSED);
        assert_int_equal(reconnect_get_backoff(fsm), expected[i]);
        assert_int_equal(reconnect_get_last_error(fsm), ECONNREFUSED);
        get_stats(fsm, now, &stats);
        assert_string_equal(stats.state, "BACKOFF");
        expect_action_at(fsm, now, now + expected[i], RECONNECT_CONNECT);
        now += expected[i];
    }

    /* connect_failed() without connecting() counts the attempt too. */
    reconnect_connect_failed(fsm, now, ETIMEDOUT);
    assert_int_equal(reconnect_get_backoff(fsm), 8000);
    get_stats(fsm, now, &stats);
    assert_int_equal(stats.n_attempted_connections, 7);
    assert_int_equal(stats.n_successful_connections, 0);
    assert_int_equal(stats.last_error, ETIMEDOUT);
    reconnect_destroy(fsm);

    /* A custom range: 300, 600, 1200, 1500 (cap), 1500. */
    fsm = new_fsm(0);
    reconnect_set_backoff(fsm, 300, 1500);
    now = 0;
    reconnect_enable(fsm, now);
    static const int custom[] = { 300, 600, 1200, 1500, 1500 };
    for (size_t i = 0; i < ARRAY_SIZE(custom); i++) {
        assert_int_equal(reconnect_run(fsm, now), RECONNECT_CONNECT);
        reconnect_connect_failed(fsm, now, ECONNREFUSED);
        assert_int_equal(reconnect_get_backoff(fsm), custom[i]);
        now += custom[i];
    }

    /* Lowering the maximum shortens a wait in progress. */
    reconnect_set_backoff(fsm, 300, 1000);
    assert_int_equal(reconnect_get_backoff(fsm), 1000);
    reconnect_destroy(fsm);
}

static void
test_connect_timeout(void **state)
{
    struct reconnect *fsm = new_fsm(0);

    reconnect_enable(fsm, 0);
    assert_int_equal(reconnect_run(fsm, 0), RECONNECT_CONNECT);
    reconnect_connecting(fsm, 100);

    /* An attempt is abandoned after max(1000, backoff). */
    expect_action_at(fsm, 100, 1100, RECONNECT_DISCONNECT);
    assert_int_equal(reconnect_run(fsm, 1200), RECONNECT_DISCONNECT);
    reconnect_disconnected(fsm, 1200, ETIMEDOUT);
    assert_int_equal(reconnect_get_backoff(fsm), 1000);
    expect_action_at(fsm, 1200, 2200, RECONNECT_CONNECT);

    /* With a longer backoff the attempt gets as long. */
    reconnect_set_backoff(fsm, 3000, 8000);
    reconnect_connecting(fsm, 2200);
    reconnect_connect_failed(fsm, 2200, ECONNREFUSED);
    assert_int_equal(reconnect_get_backoff(fsm), 3000);
    reconnect_connecting(fsm, 5200);
    expect_action_at(fsm, 5200, 8200, RECONNECT_DISCONNECT);
    reconnect_destroy(fsm);
}

/* Makes FSM fail twice, so that its backoff is 2000 ms, and returns the
 * time when it next asks to connect. */
static long long
fail_twice(struct reconnect *fsm, long long now)
{
    reconnect_enable(fsm, now);
    reconnect_connect_failed(fsm, now, ECONNREFUSED);
    now += 1000;
    reconnect_connect_failed(fsm, now, ECONNREFUSED);
    assert_int_equal(reconnect_get_backoff(fsm), 2000);
    now += 2000;
    assert_int_equal(reconnect_run(fsm, now), RECONNECT_CONNECT);
    return now;
}

static void
test_backoff_reset(void **state)
{
    struct reconnect_stats stats;

    /* A connection that stays up for the backoff (2000 ms) resets it. */
    struct reconnect *fsm = new_fsm(0);
    long long now = fail_twice(fsm, 0);
    reconnect_connecting(fsm, now);
    reconnect_connected(fsm, now + 10);
    assert_true(reconnect_is_connected(fsm));
    reconnect_disconnected(fsm, now + 10 + 2000, EOF);
    assert_false(reconnect_is_connected(fsm));
    assert_int_equal(reconnect_get_backoff(fsm), 1000);
    expect_action_at(fsm, now + 2010, now + 3010, RECONNECT_CONNECT);
    get_stats(fsm, now + 3010, &stats);
    assert_true(stats.total_connected_duration == 2000);
    assert_true(stats.msec_since_disconnect == 1000);
    assert_true(stats.msec_since_connect == 3000);
    assert_int_equal(stats.n_successful_connections, 1);
    reconnect_destroy(fsm);

    /* One that drops sooner counts as another failure. */
    fsm = new_fsm(0);
    now = fail_twice(fsm, 0);
    reconnect_connecting(fsm, now);
    reconnect_connected(fsm, now + 10);
    reconnect_activity(fsm, now + 1000);
    reconnect_disconnected(fsm, now + 10 + 1999, ECONNRESET);
    assert_int_equal(reconnect_get_backoff(fsm), 4000);
    expect_action_at(fsm, now + 2009, now + 6009, RECONNECT_CONNECT);
    reconnect_destroy(fsm);
}

static void
test_probe(void **state)
{
    struct reconnect *fsm = new_fsm(0);
    struct reconnect_stats stats;

    reconnect_enable(fsm, 0);
    reconnect_connecting(fsm, 0);
    reconnect_connected(fsm, 100);

    /* Probe after 5000 ms without activity, then disconnect after another
     * 5000 ms without a reply. */
    expect_action_at(fsm, 100, 5100, RECONNECT_PROBE);
    assert_true(reconnect_is_connected(fsm));
    get_stats(fsm, 5100, &stats);
    assert_string_equal(stats.state, "IDLE");
    /* The probe is asked for once. */
    assert_int_equal(reconnect_run(fsm, 5100), 0);
    expect_action_at(fsm, 5100, 10100, RECONNECT_DISCONNECT);
    assert_int_equal(reconnect_run(fsm, 10100), RECONNECT_DISCONNECT);
    reconnect_disconnected(fsm, 10100, ETIMEDOUT);
    assert_false(reconnect_is_connected(fsm));
    /* Up for 10000 ms, longer than the backoff: reset to the minimum. */
    assert_int_equal(reconnect_get_backoff(fsm), 1000);

    /* Activity postpones the probe, and a reply ends the idle state. */
    reconnect_connecting(fsm, 11100);
    reconnect_connected(fsm, 11100);
    reconnect_activity(fsm, 14000);
    expect_action_at(fsm, 14000, 19000, RECONNECT_PROBE);
    reconnect_activity(fsm, 19500);
    get_stats(fsm, 19500, &stats);
    assert_string_equal(stats.state, "ACTIVE");
    assert_true(stats.last_activity == 19500);
    expect_action_at(fsm, 19500, 24500, RECONNECT_PROBE);

    /* Without probes a quiet connection stays up. */
    reconnect_activity(fsm, 25000);
    reconnect_set_probe_interval(fsm, 0);
    assert_int_equal(reconnect_timeout(fsm, 25000), -1);
    assert_int_equal(reconnect_run(fsm, 10000000), 0);
    assert_true(reconnect_is_connected(fsm));
    reconnect_destroy(fsm);
}

static void
test_passive(void **state)
{
    struct reconnect *fsm = new_fsm(0);
    struct reconnect_stats stats;

    reconnect_set_passive(fsm, true, 0);
    assert_true(reconnect_is_passive(fsm));
    reconnect_enable(fsm, 0);
    assert_int_equal(reconnect_run(fsm, 0), RECONNECT_CONNECT);

    /* connecting() in passive mode means listening; a listener waits
     * indefinitely. */
    reconnect_connecting(fsm, 0);
    get_stats(fsm, 0, &stats);
    assert_string_equal(stats.state, "LISTENING");
    assert_int_equal(reconnect_timeout(fsm, 0), -1);
    assert_int_equal(reconnect_run(fsm, 1000000), 0);

    /* An accepted connection is probed like an active one. */
    reconnect_connected(fsm, 1000000);
    assert_true(reconnect_is_connected(fsm));
    expect_action_at(fsm, 1000000, 1005000, RECONNECT_PROBE);

    /* When it ends, listen again at once. */
    reconnect_disconnected(fsm, 1005100, EOF);
    assert_int_equal(reconnect_get_backoff(fsm), 0);
    assert_int_equal(reconnect_run(fsm, 1005100), RECONNECT_CONNECT);
    reconnect_listening(fsm, 1005100);

    /* Listener failures back off like connection failures. */
    reconnect_listen_error(fsm, 1006000, EADDRINUSE);
    assert_int_equal(reconnect_get_backoff(fsm), 1000);
    expect_action_at(fsm, 1006000, 1007000, RECONNECT_CONNECT);
    reconnect_connect_failed(fsm, 1007000, EADDRINUSE);
    assert_int_equal(reconnect_get_backoff(fsm), 2000);
    assert_int_equal(reconnect_get_last_error(fsm), EADDRINUSE);

    /* Switching mode abandons a listener: ask at once for a connection. */
    reconnect_listening(fsm, 1009000);
    reconnect_set_passive(fsm, false, 1009500);
    assert_false(reconnect_is_passive(fsm));
    assert_int_equal(reconnect_run(fsm, 1009500), RECONNECT_CONNECT);
    reconnect_connecting(fsm, 1009500);
    get_stats(fsm, 1009500, &stats);
    assert_string_equal(stats.state, "CONNECTING");
    reconnect_destroy(fsm);
}

static void
test_max_tries(void **state)
{
    struct reconnect *fsm = new_fsm(0);

    /* Two attempts, then the machine disables itself. */
    reconnect_set_max_tries(fsm, 2);
    reconnect_enable(fsm, 0);
    assert_int_equal(reconnect_run(fsm, 0), RECONNECT_CONNECT);
    reconnect_connecting(fsm, 0);
    assert_int_equal(reconnect_get_max_tries(fsm), 1);
    reconnect_connect_failed(fsm, 0, ECONNREFUSED);
    assert_true(reconnect_is_enabled(fsm));
    expect_action_at(fsm, 0, 1000, RECONNECT_CONNECT);
    reconnect_connect_failed(fsm, 1000, ECONNREFUSED);
    assert_int_equal(reconnect_get_max_tries(fsm), 0);
    assert_false(reconnect_is_enabled(fsm));
    assert_int_equal(reconnect_run(fsm, 100000), 0);
    assert_int_equal(reconnect_timeout(fsm, 100000), -1);

    /* Out of tries, enabling does nothing. */
    reconnect_enable(fsm, 100000);
    assert_false(reconnect_is_enabled(fsm));

    /* New tries re-arm it. */
    reconnect_set_max_tries(fsm, 1);
    reconnect_enable(fsm, 100000);
    assert_int_equal(reconnect_run(fsm, 100000), RECONNECT_CONNECT);
    reconnect_connecting(fsm, 100000);
    reconnect_connected(fsm, 100010);
    /* After the only allowed connection drops, it stays down. */
    reconnect_disconnected(fsm, 200000, EOF);
    assert_false(reconnect_is_enabled(fsm));
    assert_false(reconnect_is_connected(fsm));
    reconnect_destroy(fsm);

    /* Running out of tries while backing off disables at the deadline. */
    fsm = new_fsm(0);
    reconnect_enable(fsm, 0);
    reconnect_connect_failed(fsm, 0, ECONNREFUSED);
    reconnect_set_max_tries(fsm, 0);
    assert_int_equal(reconnect_run(fsm, 1000), 0);
    assert_false(reconnect_is_enabled(fsm));
    reconnect_destroy(fsm);
}

static void
test_force_reconnect_and_disable(void **state)
{
    struct reconnect *fsm = new_fsm(0);
    struct reconnect_stats stats;

    reconnect_enable(fsm, 0);
    reconnect_connecting(fsm, 0);
    reconnect_connected(fsm, 0);
    get_stats(fsm, 0, &stats);
    unsigned int seqno = stats.seqno;

    reconnect_force_reconnect(fsm, 3000);
    assert_false(reconnect_is_connected(fsm));
    assert_int_equal(reconnect_timeout(fsm, 3000), 0);
    assert_int_equal(reconnect_run(fsm, 3000), RECONNECT_DISCONNECT);
    reconnect_disconnected(fsm, 3000, 0);
    /* The connection was stable, so the backoff is the minimum. */
    assert_int_equal(reconnect_get_backoff(fsm), 1000);
    get_stats(fsm, 3000, &stats);
    assert_int_not_equal(stats.seqno, seqno);
    assert_true(stats.total_connected_duration == 3000);
    assert_true(stats.last_disconnected == 3000);

    /* Forcing does nothing while backing off. */
    reconnect_force_reconnect(fsm, 3100);
    expect_action_at(fsm, 3100, 4000, RECONNECT_CONNECT);

    /* Disabling stops everything, including a connection's accounting. */
    reconnect_connecting(fsm, 4000);
    reconnect_connected(fsm, 4000);
    reconnect_disable(fsm, 4500);
    assert_false(reconnect_is_enabled(fsm));
    assert_false(reconnect_is_connected(fsm));
    assert_int_equal(reconnect_run(fsm, 10000), 0);
    get_stats(fsm, 10000, &stats);
    assert_string_equal(stats.state, "VOID");
    assert_true(stats.total_connected_duration == 3500);
    assert_int_equal(stats.n_successful_connections, 2);

    /* Enabling again connects at once. */
    reconnect_enable(fsm, 10000);
    assert_int_equal(reconnect_run(fsm, 10000), RECONNECT_CONNECT);
    reconnect_destroy(fsm);
}

static void
test_logging(void **state)
{
    /* Not quiet: every transition logs; exercise those paths once. */
    struct reconnect *fsm = reconnect_create(0);
    reconnect_set_name(fsm, "unix:/nonexistent");
    reconnect_set_backoff(fsm, 1000, 2000);
    reconnect_enable(fsm, 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(reconnect_run(fsm, i * 2000), RECONNECT_CONNECT);
        reconnect_connect_failed(fsm, i * 2000, ENOENT);
    }
    reconnect_connecting(fsm, 8000);
    reconnect_connected(fsm, 8000);
    reconnect_disconnected(fsm, 10000, EOF);
    assert_int_equal(reconnect_get_backoff(fsm), 1000);
    reconnect_destroy(fsm);
}

static void
test_wait(void **state)
{
    /* reconnect_wait() arms the poll loop for the deadline. */
    struct reconnect *fsm = new_fsm(time_msec());
    reconnect_set_backoff(fsm, 50, 100);
    reconnect_enable(fsm, time_msec());
    reconnect_connect_failed(fsm, time_msec(), ECONNREFUSED);

    long long start = time_msec();
    int n_blocks = 0;
    while (reconnect_run(fsm, time_msec()) != RECONNECT_CONNECT) {
        reconnect_wait(fsm, time_msec());
        poll_block();
        n_blocks++;
        assert_true(n_blocks < 100);
    }
    long long elapsed = time_msec() - start;
    assert_true(elapsed >= 49);
    assert_true(elapsed < 2000);
    reconnect_destroy(fsm);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_backoff_doubling_and_cap),
        cmocka_unit_test(test_connect_timeout),
        cmocka_unit_test(test_backoff_reset),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_passive),
        cmocka_unit_test(test_max_tries),
        cmocka_unit_test(test_force_reconnect_and_disable),
        cmocka_unit_test(test_logging),
        cmocka_unit_test(test_wait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/mac-learning.c: learning, lookups, aging, the size
 * limit and its per-port fairness, locks, static entries, flushes, the
 * generation number and the fdb/show and fdb/stats-show text.  Time is the
 * NOW argument, so the tests run on a fake clock. */
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
#include "mac-learning.h"
#include "packets.h"
#include "thread.h"
#include "util.h"

#define P1 MAC_PORT(1)
#define P2 MAC_PORT(2)
#define P3 MAC_PORT(3)

/* 50:54:00:00:XX:YY for N = 0xXXYY. */
static struct eth_addr
mac(unsigned int n)
{
    return eth_addr_from_uint64(UINT64_C(0x505400000000) | n);
}

/* Names a port as Open vSwitch does: its number, "LOCAL" for 0xfffe. */
static void
port_name(const void *port, void *aux SLUICE_UNUSED, char *name,
          size_t size)
{
    uintptr_t n = (uintptr_t) port;
    if (n == 0xfffe) {
        snprintf(name, size, "LOCAL");
    } else {
        snprintf(name, size, "%u", (unsigned int) n);
    }
}

static void
assert_show(const struct mac_learning *ml, long long int now,
            const char *expected)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    mac_learning_format(ml, now, port_name, NULL, &ds);
    assert_string_equal(ds_cstr(&ds), expected);
    ds_destroy(&ds);
}

static void
test_learn_and_lookup(void **state SLUICE_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);
    uint64_t seq = mac_learning_seq(ml);

    assert_null(mac_learning_lookup(ml, mac(1), 0, 0));
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P1, 0, 0),
                     MAC_LEARN_NEW);
    assert_true(mac_learning_seq(ml) != seq);
    assert_ptr_equal(mac_learning_lookup(ml, mac(1), 0, 0), P1);

    /* The same address in another VLAN is another entry. */
    assert_null(mac_learning_lookup(ml, mac(1), 10, 0));
    assert_int_equal(mac_learning_learn(ml, mac(1), 10, P2, 0, 0),
                     MAC_LEARN_NEW);
    assert_ptr_equal(mac_learning_lookup(ml, mac(1), 10, 0), P2);
    assert_ptr_equal(mac_learning_lookup(ml, mac(1), 0, 0), P1);

    /* A refresh does not change the generation. */
    seq = mac_learning_seq(ml);
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P1, 0, 500),
                     MAC_LEARN_UNCHANGED);
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P1, 0, 5000),
                     MAC_LEARN_UNCHANGED);
    assert_int_equal(mac_learning_seq(ml), seq);

    /* A move does. */
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P3, 0, 6000),
                     MAC_LEARN_MOVED);
    assert_ptr_equal(mac_learning_lookup(ml, mac(1), 0, 6000), P3);
    assert_true(mac_learning_seq(ml) != seq);

    /* Addresses that are never learned. */
    assert_false(mac_learning_may_learn(eth_addr_broadcast, 0));
    assert_false(mac_learning_may_learn(eth_addr_zero, 0));
    assert_false(mac_learning_may_learn(
                     eth_addr_from_uint64(UINT64_C(0x01005e000001)), 0));
    assert_false(mac_learning_may_learn(mac(1), 4096));
    assert_true(mac_learning_may_learn(mac(1), 4095));
    seq = mac_learning_seq(ml);
    assert_int_equal(mac_learning_learn(ml, eth_addr_broadcast, 0, P1, 0,
                                        6000), MAC_LEARN_REFUSED);
    assert_int_equal(mac_learning_learn(ml, mac(2), 4096, P1, 0, 6000),
                     MAC_LEARN_REFUSED);
    assert_int_equal(mac_learning_learn(ml, mac(2), 0, NULL, 0, 6000),
                     MAC_LEARN_REFUSED);
    assert_int_equal(mac_learning_seq(ml), seq);

    struct mac_learning_stats stats;
    mac_learning_get_stats(ml, &stats);
    assert_int_equal(stats.n_entries, 2);
    assert_int_equal(stats.max_entries, MAC_DEFAULT_MAX);
    assert_int_equal(stats.n_static, 0);
    assert_int_equal(stats.n_learned, 2);
    assert_int_equal(stats.n_moved, 1);
    assert_int_equal(stats.n_expired, 0);
    assert_int_equal(stats.n_evicted, 0);

    mac_learning_destroy(ml);
    mac_learning_destroy(NULL);
}

static void
test_aging(void **state SLUICE_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);

    assert_int_equal(mac_learning_next_expiry(ml), LLONG_MAX);
    mac_learning_learn(ml, mac(1), 0, P1, 0, 1000);
    mac_learning_learn(ml, mac(2), 0, P1, 0, 2000);
    assert_int_equal(mac_learning_next_expiry(ml), 301000);

    /* Refreshing mac(1) at 100 s makes mac(2) the next to expire. */
    mac_learning_learn(ml, mac(1), 0, P1, 0, 100000);
    assert_int_equal(mac_learning_next_expiry(ml), 302000);

    /* An entry is found until exactly the idle time has passed. */
    assert_ptr_equal(mac_learning_lookup(ml, mac(2), 0, 301999), P1);
    assert_null(mac_learning_lookup(ml, mac(2), 0, 302000));

    uint64_t seq = mac_learning_seq(ml);
    assert_false(mac_learning_run(ml, 301999));
    assert_int_equal(mac_learning_seq(ml), seq);
    assert_true(mac_learning_run(ml, 302000));
    assert_true(mac_learning_seq(ml) != seq);
    assert_int_equal(mac_learning_next_expiry(ml), 400000);

    /* A shorter idle time applies to the entries already there. */
    assert_int_equal(mac_learning_set_idle_time(ml, 60), 60);
    assert_int_equal(mac_learning_next_expiry(ml), 160000);
    assert_true(mac_learning_run(ml, 160000));
    assert_int_equal(mac_learning_next_expiry(ml), LLONG_MAX);

    struct mac_learning_stats stats;
    mac_learning_get_stats(ml, &stats);
    assert_int_equal(stats.n_entries, 0);
    assert_int_equal(stats.n_expired, 2);

    /* Learning an expired entry that run() has not removed yet counts as
     * an expiry and a new entry. */
    mac_learning_learn(ml, mac(3), 0, P1, 0, 200000);
    assert_int_equal(mac_learning_learn(ml, mac(3), 0, P2, 0, 260000),
                     MAC_LEARN_NEW);
    mac_learning_get_stats(ml, &stats);
    assert_int_equal(stats.n_expired, 3);
    assert_int_equal(stats.n_moved, 0);

    /* Limits of the idle time. */
    assert_int_equal(mac_learning_set_idle_time(ml, 1), MAC_MIN_IDLE_TIME);
    assert_int_equal(mac_learning_set_idle_time(ml, 100000),
                     MAC_MAX_IDLE_TIME);
    mac_learning_destroy(ml);
}

static void
test_eviction_is_fair(void **state SLUICE_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);
    assert_int_equal(mac_learning_set_max_entries(ml, 0), MAC_MIN_MAX);

    /* P1 fills 8 of the 10 entries, P2 the other 2. */
    for (unsigned int i = 0; i < 8; i++) {
        mac_learning_learn(ml, mac(0x100 + i), 0, P1, 0, i);
    }
    mac_learning_learn(ml, mac(0x200), 0, P2, 0, 100);
    mac_learning_learn(ml, mac(0x201), 0, P2, 0, 101);

    /* A new address on P2 evicts P1's oldest entry, not P2's, although
     * P2's are older than most of P1's. */
    assert_int_equal(mac_learning_learn(ml, mac(0x202), 0, P2, 0, 200),
                     MAC_LEARN_NEW);
    assert_null(mac_learning_lookup(ml, mac(0x100), 0, 200));
    assert_ptr_equal(mac_learning_lookup(ml, mac(0x200), 0, 200), P2);
    assert_ptr_equal(mac_learning_lookup(ml, mac(0x101), 0, 200), P1);

    /* P1 flooding new addresses only evicts its own. */
    for (unsigned int i = 0; i < 100; i++) {
        mac_learning_learn(ml, mac(0x300 + i), 0, P1, 0, 300 + i);
    }
    for (unsigned int i = 0; i < 3; i++) {
        assert_ptr_equal(mac_learning_lookup(ml, mac(0x200 + i), 0, 400),
                         P2);
    }
    assert_ptr_equal(mac_learning_lookup(ml, mac(0x300 + 99), 0, 400), P1);
    assert_null(mac_learning_lookup(ml, mac(0x300 + 92), 0, 400));

    struct mac_learning_stats stats;
    mac_learning_get_stats(ml, &stats);
    assert_int_equal(stats.n_entries, 10);
    assert_int_equal(stats.n_evicted, 101);
    assert_int_equal(stats.n_learned, 111);

    /* A refresh makes an entry the last of its port to go. */
    mac_learning_learn(ml, mac(0x300 + 93), 0, P1, 0, 5000);
    mac_learning_learn(ml, mac(0x400), 0, P3, 0, 5001);
    assert_ptr_equal(mac_learning_lookup(ml, mac(0x300 + 93), 0, 5001), P1);
    assert_null(mac_learning_lookup(ml, mac(0x300 + 94), 0, 5001));

    mac_learning_destroy(ml);

    /* Shrinking the table evicts fairly too: two ports with 20 entries
     * each keep their 5 newest. */
    ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);
    for (unsigned int i = 0; i < 20; i++) {
        mac_learning_learn(ml, mac(0x100 + i), 0, P1, 0, i);
        mac_learning_learn(ml, mac(0x200 + i), 0, P2, 0, i);
    }
    mac_learning_set_max_entries(ml, 10);
    unsigned int n1 = 0, n2 = 0;
    for (unsigned int i = 0; i < 20; i++) {
        n1 += mac_learning_lookup(ml, mac(0x100 + i), 0, 100) != NULL;
        n2 += mac_learning_lookup(ml, mac(0x200 + i), 0, 100) != NULL;
    }
    assert_int_equal(n1, 5);
    assert_int_equal(n2, 5);
    /* The survivors are each port's newest. */
    assert_non_null(mac_learning_lookup(ml, mac(0x113), 0, 100));
    assert_non_null(mac_learning_lookup(ml, mac(0x10f), 0, 100));
    assert_null(mac_learning_lookup(ml, mac(0x10e), 0, 100));
    mac_learning_destroy(ml);
}

static void
test_grat_arp_lock(void **state SLUICE_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);

    /* A VM announces itself on P1 with a gratuitous ARP... */
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P1, MAC_LEARN_LOCK,
                                        1000), MAC_LEARN_NEW);

    /* ...which a bond (P2) reflects back: not learned while locked. */
    uint64_t seq = mac_learning_seq(ml);
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P2,
                                        MAC_LEARN_RESPECT_LOCK, 1500),
                     MAC_LEARN_LOCKED);
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P2,
                                        MAC_LEARN_RESPECT_LOCK,
                                        1000 + MAC_LOCK_MSEC - 1),
                     MAC_LEARN_LOCKED);
    assert_ptr_equal(mac_learning_lookup(ml, mac(1), 0, 2000), P1);
    assert_int_equal(mac_learning_seq(ml), seq);

    /* Other frames move it at once. */
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P3, 0, 2000),
                     MAC_LEARN_MOVED);

    /* The move dropped the lock. */
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P2,
                                        MAC_LEARN_RESPECT_LOCK, 2100),
                     MAC_LEARN_MOVED);

    /* A lock runs out. */
    mac_learning_learn(ml, mac(2), 0, P1, MAC_LEARN_LOCK, 10000);
    assert_int_equal(mac_learning_learn(ml, mac(2), 0, P2,
                                        MAC_LEARN_RESPECT_LOCK,
                                        10000 + MAC_LOCK_MSEC),
                     MAC_LEARN_MOVED);

    /* Locking again on the same port extends the lock even within the
     * refresh interval. */
    mac_learning_learn(ml, mac(3), 0, P1, MAC_LEARN_LOCK, 20000);
    mac_learning_learn(ml, mac(3), 0, P1, MAC_LEARN_LOCK, 20500);
    assert_int_equal(mac_learning_learn(ml, mac(3), 0, P2,
                                        MAC_LEARN_RESPECT_LOCK,
                                        20000 + MAC_LOCK_MSEC),
                     MAC_LEARN_LOCKED);
    mac_learning_destroy(ml);
}

static void
test_static_entries(void **state SLUICE_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);
    struct mac_learning_stats stats;

    assert_int_equal(mac_learning_add_static(ml, eth_addr_broadcast, 0, P1),
                     EINVAL);
    assert_int_equal(mac_learning_add_static(ml, mac(1), 0, NULL), EINVAL);

    /* A static entry replaces a learned one and does not move or age. */
    mac_learning_learn(ml, mac(1), 0, P1, 0, 0);
    uint64_t seq = mac_learning_seq(ml);
    assert_int_equal(mac_learning_add_static(ml, mac(1), 0, P2), 0);
    assert_true(mac_learning_seq(ml) != seq);
    assert_int_equal(mac_learning_learn(ml, mac(1), 0, P3, 0, 1000),
                     MAC_LEARN_STATIC);
    assert_false(mac_learning_run(ml, 10000000));
    assert_ptr_equal(mac_learning_lookup(ml, mac(1), 0, 10000000), P2);
    assert_int_equal(mac_learning_next_expiry(ml), LLONG_MAX);

    /* Adding it again moves it. */
    assert_int_equal(mac_learning_add_static(ml, mac(1), 0, P3), 0);
    assert_ptr_equal(mac_learning_lookup(ml, mac(1), 0, 0), P3);

    mac_learning_get_stats(ml, &stats);
    assert_int_equal(stats.n_entries, 1);
    assert_int_equal(stats.n_static, 1);

    /* Static entries are never evicted; a table full of them refuses new
     * entries of either kind. */
    mac_learning_set_max_entries(ml, MAC_MIN_MAX);
    for (unsigned int i = 2; i <= MAC_MIN_MAX; i++) {
        assert_int_equal(mac_learning_add_static(ml, mac(i), 0, P1), 0);
    }
    assert_int_equal(mac_learning_add_static(ml, mac(100), 0, P1), ENOSPC);
    assert_int_equal(mac_learning_learn(ml, mac(100), 0, P1, 0, 0),
                     MAC_LEARN_REFUSED);

    /* Deleting. */
    assert_int_equal(mac_learning_del_static(ml, mac(2), 0), 0);
    assert_int_equal(mac_learning_del_static(ml, mac(2), 0), ENOENT);
    assert_int_equal(mac_learning_learn(ml, mac(100), 0, P1, 0, 0),
                     MAC_LEARN_NEW);
    assert_int_equal(mac_learning_del_static(ml, mac(100), 0), ENOENT);
    assert_ptr_equal(mac_learning_lookup(ml, mac(100), 0, 0), P1);

    /* A learned entry gives way to a static one in a full table. */
    assert_int_equal(mac_learning_add_static(ml, mac(2), 0, P1), 0);
    assert_null(mac_learning_lookup(ml, mac(100), 0, 0));
    mac_learning_get_stats(ml, &stats);
    assert_int_equal(stats.n_entries, MAC_MIN_MAX);
    assert_int_equal(stats.n_static, MAC_MIN_MAX);
    assert_int_equal(stats.n_evicted, 1);
    mac_learning_destroy(ml);
}

static void
test_flush(void **state SLUICE_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);

    for (unsigned int i = 0; i < 4; i++) {
        mac_learning_learn(ml, mac(i + 1), 0, P1, 0, 0);
        mac_learning_learn(ml, mac(i + 1), 10, P2, 0, 0);
        mac_learning_learn(ml, mac(i + 0x10), 10, P1, 0, 0);
    }
    mac_learning_add_static(ml, mac(0x20), 20, P1);

    uint64_t seq = mac_learning_seq(ml);
    assert_int_equal(mac_learning_flush_vlan(ml, 10), 8);
    assert_true(mac_learning_seq(ml) != seq);
    assert_int_equal(mac_learning_flush_vlan(ml, 10), 0);
    assert_ptr_equal(mac_learning_lookup(ml, mac(1), 0, 0), P1);
    assert_null(mac_learning_lookup(ml, mac(1), 10, 0));

    mac_learning_learn(ml, mac(0x30), 0, P2, 0, 0);
    assert_int_equal(mac_learning_flush_port(ml, P1), 5);
    assert_ptr_equal(mac_learning_lookup(ml, mac(0x30), 0, 0), P2);
    assert_null(mac_learning_lookup(ml, mac(0x20), 20, 0));

    mac_learning_learn(ml, mac(0x31), 0, P3, 0, 0);
    assert_int_equal(mac_learning_flush(ml), 2);
    assert_int_equal(mac_learning_flush(ml), 0);
    assert_int_equal(mac_learning_next_expiry(ml), LLONG_MAX);

    /* The flushed ports hold nothing: a full table of new entries on P1
     * is fine. */
    mac_learning_set_max_entries(ml, MAC_MIN_MAX);
    for (unsigned int i = 0; i < 2 * MAC_MIN_MAX; i++) {
        mac_learning_learn(ml, mac(0x100 + i), 0, P1, 0, 0);
    }
    struct mac_learning_stats stats;
    mac_learning_get_stats(ml, &stats);
    assert_int_equal(stats.n_entries, MAC_MIN_MAX);
    mac_learning_destroy(ml);
}

static void
test_show_and_stats(void **state SLUICE_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);

    assert_show(ml, 0, " port  VLAN  MAC                Age\n");

    mac_learning_learn(ml, mac(1), 0, P1, 0, 1000);
    mac_learning_learn(ml, mac(2), 100, MAC_PORT(0xfffe), 0, 3500);
    mac_learning_learn(ml, mac(0xabcd), 4095, MAC_PORT(12345), 0, 4000);
    mac_learning_add_static(ml, mac(3), 1, P2);
    mac_learning_learn(ml, mac(1), 0, P1, 0, 5000);   /* Refresh. */

    /* Least recently refreshed first, static entries before them, ages
     * rounded down. */
    assert_show(ml, 130999,
                " port  VLAN  MAC                Age\n"
                "    2     1  50:54:00:00:00:03  static\n"
                "LOCAL   100  50:54:00:00:00:02  127\n"
                "12345  4095  50:54:00:00:ab:cd  126\n"
                "    1     0  50:54:00:00:00:01  125\n");

    /* Expired entries are not shown, even before mac_learning_run(). */
    assert_show(ml, 304000,
                " port  VLAN  MAC                Age\n"
                "    2     1  50:54:00:00:00:03  static\n"
                "    1     0  50:54:00:00:00:01  299\n");

    mac_learning_run(ml, 304000);
    mac_learning_learn(ml, mac(1), 0, P2, 0, 304000);

    struct ds ds = DS_EMPTY_INITIALIZER;
    mac_learning_format_stats(ml, "br0", &ds);
    assert_string_equal(ds_cstr(&ds),
                        "Statistics for bridge \"br0\":\n"
                        "  Current/maximum MAC entries in the table: "
                        "2/8192\n"
                        "  Current static MAC entries in the table : 1\n"
                        "  Total number of learned MAC entries     : 3\n"
                        "  Total number of expired MAC entries     : 2\n"
                        "  Total number of evicted MAC entries     : 0\n"
                        "  Total number of port moved MAC entries  : 1\n");

    mac_learning_clear_stats(ml);
    ds_clear(&ds);
    mac_learning_format_stats(ml, "br-int", &ds);
    assert_string_equal(ds_cstr(&ds),
                        "Statistics for bridge \"br-int\":\n"
                        "  Current/maximum MAC entries in the table: "
                        "2/8192\n"
                        "  Current static MAC entries in the table : 1\n"
                        "  Total number of learned MAC entries     : 0\n"
                        "  Total number of expired MAC entries     : 0\n"
                        "  Total number of evicted MAC entries     : 0\n"
                        "  Total number of port moved MAC entries  : 0\n");
    ds_destroy(&ds);
    mac_learning_destroy(ml);
}

/* Concurrency: handler-like threads learn and look up while the main
 * thread ages, flushes and resizes. */

#define N_THREADS 4
#define N_ROUNDS 20000

struct worker {
    struct mac_learning *ml;
    unsigned int id;
    unsigned int n_found;
    unsigned int n_wrong;
};

static void *
worker_main(void *w_)
{
    struct worker *w = w_;
    void *port = MAC_PORT(w->id + 1);

    for (unsigned int i = 0; i < N_ROUNDS; i++) {
        struct eth_addr a = mac((w->id << 12) | (i % 512));
        mac_learning_learn(w->ml, a, i % 3, port, 0, i);
        void *found = mac_learning_lookup(w->ml, a, i % 3, i);
        /* Another thread may have flushed it, but never moved it.  (No
         * cmocka assertions outside the main thread.) */
        if (found == port) {
            w->n_found++;
        } else if (found) {
            w->n_wrong++;
        }
    }
    return NULL;
}

static void
test_threads(void **state SLUICE_UNUSED)
{
    struct mac_learning *ml = mac_learning_create(MAC_MIN_IDLE_TIME);
    struct worker workers[N_THREADS];
    pthread_t threads[N_THREADS];

    mac_learning_set_max_entries(ml, 1000);
    for (unsigned int i = 0; i < N_THREADS; i++) {
        workers[i] = (struct worker) { .ml = ml, .id = i };
        threads[i] = thread_create("mac-worker", worker_main, &workers[i]);
    }
    for (unsigned int i = 0; i < 200; i++) {
        mac_learning_run(ml, i * 100);
        if (i % 50 == 0) {
            mac_learning_flush_port(ml, MAC_PORT(1));
        }
        if (i % 70 == 0) {
            mac_learning_set_max_entries(ml, 500 + i);
        }
        struct ds ds = DS_EMPTY_INITIALIZER;
        mac_learning_format(ml, i * 100, port_name, NULL, &ds);
        ds_destroy(&ds);
    }
    unsigned int n_found = 0;
    for (unsigned int i = 0; i < N_THREADS; i++) {
        thread_join(threads[i], NULL);
        n_found += workers[i].n_found;
        assert_int_equal(workers[i].n_wrong, 0);
    }
    assert_true(n_found > 0);

    struct mac_learning_stats stats;
    mac_learning_get_stats(ml, &stats);
    assert_true(stats.n_entries <= stats.max_entries);
    assert_int_equal(mac_learning_flush(ml), stats.n_entries);
    mac_learning_destroy(ml);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learn_and_lookup),
        cmocka_unit_test(test_aging),
        cmocka_unit_test(test_eviction_is_fair),
        cmocka_unit_test(test_grat_arp_lock),
        cmocka_unit_test(test_static_entries),
        cmocka_unit_test(test_flush),
        cmocka_unit_test(test_show_and_stats),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests_name("mac-learning", tests, NULL, NULL);
}

/* Unit tests for lib/pinsched.c, with a fake clock. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "buffer.h"
#include "list.h"
#include "pinsched.h"
#include "util.h"

/* Returns a packet that records PORT and SEQ. */
static struct buffer *
make_packet(uint32_t port, uint32_t seq)
{
    struct buffer *b = buffer_new(8);
    uint32_t data[2] = { port, seq };
    buffer_put(b, data, sizeof data);
    return b;
}

/* Pops the front packet of TXQ and returns its "PORT:SEQ". */
static const char *
pop_packet(struct list *txq)
{
    static char s[32];
    assert_false(list_is_empty(txq));
    struct buffer *b;
    INIT_CONTAINER(b, list_pop_front(txq), list_node);
    const uint32_t *data = b->data;
    snprintf(s, sizeof s, "%u:%u", data[0], data[1]);
    buffer_delete(b);
    return s;
}

static void
check_stats(const struct pinsched *ps, unsigned int n_queued,
            unsigned long long n_normal, unsigned long long n_limited,
            unsigned long long n_queue_dropped)
{
    struct pinsched_stats stats;
    pinsched_get_stats(ps, &stats);
    assert_int_equal(stats.n_queued, n_queued);
    assert_int_equal(stats.n_normal, n_normal);
    assert_int_equal(stats.n_limited, n_limited);
    assert_int_equal(stats.n_queue_dropped, n_queue_dropped);
}

static void
test_limits(void **state)
{
    static const struct {
        int rate, burst;
        int exp_rate, exp_burst;
    } cases[] = {
        { 0, 0, 1000, 250 },
        { -5, -5, 1000, 250 },
        { 100, 0, 100, 25 },
        { 100, 7, 100, 7 },
        { 3, 0, 3, 1 },
        { 2000000, 0, 2000000, 500000 },
        { 1000, 5000000, 1000, 2147483 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct pinsched *ps = pinsched_create(cases[i].rate, cases[i].burst,
                                              0);
        int rate, burst;
        pinsched_get_limits(ps, &rate, &burst);
        assert_int_equal(rate, cases[i].exp_rate);
        assert_int_equal(burst, cases[i].exp_burst);
        pinsched_destroy(ps);
    }

    /* No scheduler: everything passes. */
    struct list txq = LIST_INITIALIZER(&txq);
    for (int i = 0; i < 10000; i++) {
        pinsched_send(NULL, 1, make_packet(1, i), &txq, 0);
    }
    assert_int_equal(list_size(&txq), 10000);
    buffer_list_delete(&txq);
    pinsched_run(NULL, &txq, 0);
    pinsched_wait(NULL, 0);
    check_stats(NULL, 0, 0, 0, 0);
    int rate, burst;
    pinsched_get_limits(NULL, &rate, &burst);
    assert_int_equal(rate, 0);
    pinsched_destroy(NULL);
}

/* A burst passes, then packet-ins go at the rate. */
static void
test_rate(void **state)
{
    struct list txq = LIST_INITIALIZER(&txq);
    struct pinsched *ps = pinsched_create(100, 10, 1000);
    for (int i = 0; i < 10; i++) {
        pinsched_send(ps, 1, make_packet(1, i), &txq, 1000);
    }
    assert_int_equal(list_size(&txq), 10);
    check_stats(ps, 0, 10, 0, 0);

    pinsched_send(ps, 1, make_packet(1, 10), &txq, 1000);
    pinsched_send(ps, 1, make_packet(1, 11), &txq, 1005);
    assert_int_equal(list_size(&txq), 10);
    check_stats(ps, 2, 10, 2, 0);

    /* 100 per second is one per 10 ms. */
    pinsched_run(ps, &txq, 1009);
    assert_int_equal(list_size(&txq), 10);
    pinsched_run(ps, &txq, 1010);
    assert_int_equal(list_size(&txq), 11);
    pinsched_run(ps, &txq, 1019);
    assert_int_equal(list_size(&txq), 11);
    pinsched_run(ps, &txq, 1020);
    assert_int_equal(list_size(&txq), 12);
    for (int i = 0; i < 12; i++) {
        char expected[16];
        snprintf(expected, sizeof expected, "1:%d", i);
        assert_string_equal(pop_packet(&txq), expected);
    }
    check_stats(ps, 0, 10, 2, 0);

    /* Over one simulated second of a constant flood, about 100 pass (the
     * bucket was empty at the start), and never more than 10 wait. */
    long long now = 1020;
    unsigned int sent = 0;
    for (int ms = 1; ms <= 1000; ms++) {
        now++;
        for (int j = 0; j < 5; j++) {
            pinsched_send(ps, j, make_packet(j, ms), &txq, now);
        }
        pinsched_run(ps, &txq, now);
        sent += list_size(&txq);
        buffer_list_delete(&txq);
        struct pinsched_stats stats;
        pinsched_get_stats(ps, &stats);
        assert_true(stats.n_queued <= 10);
    }
    assert_int_equal(sent, 100);
    /* The last millisecond released one of the 10 waiting. */
    check_stats(ps, 9, 10, 2 + 5000, 5000 - 100 - 9);

    /* After a long pause the bucket is full again (10), no more: 9 go to
     * the queued packet-ins, then one new one passes at once and the rest
     * wait. */
    pinsched_run(ps, &txq, now + 1000000);
    assert_int_equal(list_size(&txq), 9);
    buffer_list_delete(&txq);
    for (int i = 0; i < 11; i++) {
        pinsched_send(ps, 9, make_packet(9, i), &txq, now + 1000000);
    }
    assert_int_equal(list_size(&txq), 1);
    assert_string_equal(pop_packet(&txq), "9:0");
    check_stats(ps, 10, 11, 5002 + 10, 4891);
    buffer_list_delete(&txq);
    pinsched_destroy(ps);
}

/* Queued packet-ins leave one port at a time, in turn. */
static void
test_fairness(void **state)
{
    struct list txq = LIST_INITIALIZER(&txq);
    struct pinsched *ps = pinsched_create(100, 20, 0);
    for (int i = 0; i < 20; i++) {
        pinsched_send(ps, 7, make_packet(7, i), &txq, 0);
    }
    buffer_list_delete(&txq);

    for (int i = 0; i < 15; i++) {
        pinsched_send(ps, 1, make_packet(1, i), &txq, 0);
    }
    for (int i = 0; i < 3; i++) {
        pinsched_send(ps, 2, make_packet(2, i), &txq, 0);
    }
    for (int i = 0; i < 2; i++) {
        pinsched_send(ps, 3, make_packet(3, i), &txq, 0);
    }
    check_stats(ps, 20, 20, 20, 0);

    /* One more from port 3 drops the oldest of the longest queue. */
    pinsched_send(ps, 3, make_packet(3, 2), &txq, 0);
    check_stats(ps, 20, 20, 21, 1);

    static const char *const order[] = {
        "1:1", "2:0", "3:0", "1:2", "2:1", "3:1", "1:3", "2:2", "3:2",
        "1:4", "1:5", "1:6",
    };
    pinsched_run(ps, &txq, 200);  /* Tokens for 20. */
    assert_int_equal(list_size(&txq), 20);
    for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        assert_string_equal(pop_packet(&txq), order[i]);
    }
    for (int i = 7; i < 15; i++) {
        char expected[16];
        snprintf(expected, sizeof expected, "1:%d", i);
        assert_string_equal(pop_packet(&txq), expected);
    }
    check_stats(ps, 0, 20, 21, 1);

    /* Lowering the burst limit drops from the longest queues. */
    for (int i = 0; i < 6; i++) {
        pinsched_send(ps, 1 + i % 2 * 4, make_packet(1 + i % 2 * 4, i),
                      &txq, 200);
    }
    pinsched_send(ps, 1, make_packet(1, 6), &txq, 200);
    check_stats(ps, 7, 20, 28, 1);
    pinsched_set_limits(ps, 100, 3);
    check_stats(ps, 3, 20, 28, 5);
    pinsched_run(ps, &txq, 300);
    assert_string_equal(pop_packet(&txq), "1:6");
    assert_string_equal(pop_packet(&txq), "5:3");
    assert_string_equal(pop_packet(&txq), "5:5");
    assert_true(list_is_empty(&txq));

    /* Queued packet-ins are freed with the scheduler. */
    pinsched_send(ps, 1, make_packet(1, 0), &txq, 300);
    pinsched_send(ps, 1, make_packet(1, 1), &txq, 300);
    pinsched_destroy(ps);
    buffer_list_delete(&txq);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_fairness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

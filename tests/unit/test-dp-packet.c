/* Unit tests for lib/dp-packet.c: heap, stub and read-only packets, and
 * packets that are DPDK mbufs from a real mempool (the EAL runs without
 * hugepages or PCI, so no special setup is needed). */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include "dp-packet.h"
#include "unit-test.h"

static uint8_t pattern[4096];

static void
init_pattern(void)
{
    for (size_t i = 0; i < sizeof pattern; i++) {
        pattern[i] = i * 7 + 3;
    }
}

/* Checks B's size, headroom and tailroom, and that its bytes add up. */
static void
check_room(const struct dp_packet *b, size_t size, size_t headroom,
           size_t tailroom)
{
    assert_int_equal(dp_packet_size(b), size);
    assert_int_equal(dp_packet_headroom(b), headroom);
    assert_int_equal(dp_packet_tailroom(b), tailroom);
    assert_int_equal(dp_packet_allocated(b), headroom + size + tailroom);
    assert_ptr_equal(dp_packet_data(b),
                     (char *) dp_packet_base(b) + headroom);
    assert_ptr_equal(dp_packet_tail(b), (char *) dp_packet_data(b) + size);
    assert_ptr_equal(dp_packet_end(b),
                     (char *) dp_packet_tail(b) + tailroom);
}

static void
test_new_put_push_pull(void **state)
{
    struct dp_packet *b = dp_packet_new_with_headroom(100, 16);

    assert_int_equal(dp_packet_source(b), DPBUF_MALLOC);
    check_room(b, 0, 16, 100);
    assert_int_equal(b->l3_ofs, UINT16_MAX);
    assert_null(dp_packet_l3(b));
    assert_int_equal(b->md.in_port, 0);

    /* Put within the tailroom does not move the data. */
    void *data = dp_packet_data(b);
    uint8_t *p = dp_packet_put(b, pattern, 60);
    assert_ptr_equal(p, data);
    check_room(b, 60, 16, 40);
    assert_memory_equal(dp_packet_data(b), pattern, 60);

    /* Push within the headroom. */
    p = dp_packet_push(b, pattern + 100, 16);
    assert_ptr_equal(p, (char *) data - 16);
    check_room(b, 76, 0, 40);
    assert_memory_equal(p, pattern + 100, 16);
    assert_memory_equal(p + 16, pattern, 60);

    /* Pull returns the removed bytes. */
    p = dp_packet_pull(b, 6);
    assert_memory_equal(p, pattern + 100, 6);
    check_room(b, 70, 6, 40);
    assert_null(dp_packet_try_pull(b, 71));
    check_room(b, 70, 6, 40);
    p = dp_packet_try_pull(b, 70);
    assert_non_null(p);
    check_room(b, 0, 76, 40);

    /* Zeros. */
    p = dp_packet_put_zeros(b, 40);
    assert_true(is_all_zeros(p, 40));
    check_room(b, 40, 76, 0);

    dp_packet_clear(b);
    check_room(b, 0, 76, 40);

    dp_packet_delete(b);
    dp_packet_delete(NULL);
    dp_packet_uninit(NULL);
}

static void
test_growth(void **state)
{
    struct dp_packet *b = dp_packet_new(8);

    /* Puts beyond the tailroom move the data and keep it. */
    for (size_t i = 0; i < 1000; i++) {
        dp_packet_put(b, &pattern[i], 1);
    }
    assert_int_equal(dp_packet_size(b), 1000);
    assert_memory_equal(dp_packet_data(b), pattern, 1000);
    assert_int_equal(dp_packet_headroom(b), 0);

    /* Pushes beyond the headroom too, one header at a time. */
    for (size_t i = 0; i < 50; i++) {
        dp_packet_push(b, pattern + 1000 + 14 * (49 - i), 14);
    }
    assert_int_equal(dp_packet_size(b), 1700);
    assert_memory_equal(dp_packet_data(b), pattern + 1000, 700);
    assert_memory_equal((char *) dp_packet_data(b) + 700, pattern, 1000);

    /* Explicit preallocation. */
    dp_packet_prealloc_headroom(b, 300);
    assert_true(dp_packet_headroom(b) >= 300);
    dp_packet_prealloc_tailroom(b, 3000);
    assert_true(dp_packet_tailroom(b) >= 3000);
    assert_memory_equal((char *) dp_packet_data(b) + 700, pattern, 1000);
    void *data = dp_packet_data(b);
    dp_packet_put(b, pattern, 3000);
    assert_ptr_equal(dp_packet_data(b), data);

    /* Right up to the maximum: headroom + data + tailroom <= 65535. */
    dp_packet_clear(b);
    dp_packet_pull(b, 0);
    size_t room = DP_PACKET_MAX_SIZE - dp_packet_headroom(b);
    dp_packet_put_zeros(b, room);
    assert_int_equal(dp_packet_size(b), room);
    assert_int_equal(dp_packet_allocated(b), DP_PACKET_MAX_SIZE);
    dp_packet_delete(b);
}

static void
test_clone(void **state)
{
    struct dp_packet *b = dp_packet_clone_data_with_headroom(pattern, 200,
                                                             32);
    check_room(b, 200, 32, 0);
    assert_memory_equal(dp_packet_data(b), pattern, 200);

    b->md.in_port = 7;
    b->md.recirc_id = 3;
    b->md.dp_hash = 0xabcdef;
    b->l2_5_ofs = UINT16_MAX;
    b->l3_ofs = 14;
    b->l4_ofs = 34;
    dp_packet_set_rss_hash(b, 0x11223344);

    struct dp_packet *c = dp_packet_clone(b);
    check_room(c, 200, 32, 0);
    assert_ptr_not_equal(dp_packet_data(c), dp_packet_data(b));
    assert_memory_equal(dp_packet_data(c), pattern, 200);
    assert_int_equal(c->md.in_port, 7);
    assert_int_equal(c->md.recirc_id, 3);
    assert_int_equal(c->md.dp_hash, 0xabcdef);
    assert_int_equal(c->l3_ofs, 14);
    assert_int_equal(c->l4_ofs, 34);
    assert_int_equal(c->l2_5_ofs, UINT16_MAX);
    assert_ptr_equal(dp_packet_l4(c), (char *) dp_packet_data(c) + 34);
    assert_int_equal(dp_packet_l4_size(c), 166);
    assert_int_equal(dp_packet_l3_size(c), 186);

    uint32_t hash = 0;
    assert_true(dp_packet_rss_hash(c, &hash));
    assert_int_equal(hash, 0x11223344);

    struct dp_packet *d = dp_packet_clone_data(pattern, 0);
    check_room(d, 0, 0, 0);
    assert_false(dp_packet_rss_hash(d, &hash));

    dp_packet_delete(b);
    dp_packet_delete(c);
    dp_packet_delete(d);
}

static void
test_stub(void **state)
{
    uint64_t stub[64 / 8];
    struct dp_packet b;

    dp_packet_use_stub(&b, stub, sizeof stub);
    assert_int_equal(dp_packet_source(&b), DPBUF_STUB);
    dp_packet_reserve(&b, 16);
    check_room(&b, 0, 16, 48);
    dp_packet_put(&b, pattern, 48);
    assert_ptr_equal(dp_packet_base(&b), stub);
    assert_memory_equal((char *) stub + 16, pattern, 48);

    /* Growing moves the data to the heap, leaving the stub alone. */
    dp_packet_put(&b, pattern + 48, 100);
    assert_int_equal(dp_packet_source(&b), DPBUF_MALLOC);
    assert_ptr_not_equal(dp_packet_base(&b), stub);
    assert_int_equal(dp_packet_headroom(&b), 16);
    assert_memory_equal(dp_packet_data(&b), pattern, 148);
    dp_packet_uninit(&b);

    /* A caller struct with a heap buffer. */
    dp_packet_init(&b, 10);
    dp_packet_put(&b, pattern, 10);
    dp_packet_push(&b, pattern, 4);
    assert_int_equal(dp_packet_size(&b), 14);
    dp_packet_uninit(&b);
}

static void
test_const(void **state)
{
    uint8_t *copy = malloc(60);
    struct dp_packet b;

    memcpy(copy, pattern, 60);
    dp_packet_use_const(&b, copy, 60);
    assert_int_equal(dp_packet_source(&b), DPBUF_CONST);
    check_room(&b, 60, 0, 0);
    assert_ptr_equal(dp_packet_data(&b), copy);

    /* Narrowing the view is allowed. */
    dp_packet_pull(&b, 14);
    check_room(&b, 46, 14, 0);
    dp_packet_set_size(&b, 20);
    check_room(&b, 20, 14, 26);
    dp_packet_uninit(&b);
    free(copy);

    /* An empty view has a valid, non-null data pointer. */
    dp_packet_use_const(&b, NULL, 0);
    assert_non_null(dp_packet_data(&b));
    assert_int_equal(dp_packet_size(&b), 0);
}

static void
test_layers(void **state)
{
    struct dp_packet *b = dp_packet_clone_data_with_headroom(pattern, 100,
                                                             8);

    assert_null(dp_packet_l2_5(b));
    assert_null(dp_packet_l3(b));
    assert_null(dp_packet_l4(b));
    assert_int_equal(dp_packet_l3_size(b), 0);
    assert_ptr_equal(dp_packet_eth(b), dp_packet_data(b));

    b->l3_ofs = 18;
    b->l4_ofs = 38;
    assert_int_equal(*(uint8_t *) dp_packet_l3(b), pattern[18]);
    assert_int_equal(*(uint8_t *) dp_packet_l4(b), pattern[38]);

    /* Inserting a 4-byte tag before L3 keeps the offsets on the same
     * headers. */
    uint8_t *eth = dp_packet_resize_l2(b, 4);
    memmove(eth, eth + 4, 12);
    assert_int_equal(b->l3_ofs, 22);
    assert_int_equal(b->l4_ofs, 42);
    assert_int_equal(b->l2_5_ofs, UINT16_MAX);
    assert_int_equal(*(uint8_t *) dp_packet_l3(b), pattern[18]);
    assert_int_equal(*(uint8_t *) dp_packet_l4(b), pattern[38]);
    assert_int_equal(dp_packet_size(b), 104);

    /* And removing it again. */
    memmove(eth + 4, eth, 12);
    dp_packet_resize_l2(b, -4);
    assert_int_equal(b->l3_ofs, 18);
    assert_int_equal(b->l4_ofs, 38);
    assert_memory_equal(dp_packet_data(b), pattern, 100);

    /* Growing the front beyond the headroom moves the data and the
     * offsets still hold. */
    dp_packet_resize_l2(b, 40);
    assert_int_equal(b->l3_ofs, 58);
    assert_int_equal(*(uint8_t *) dp_packet_l3(b), pattern[18]);

    dp_packet_reset_metadata(b);
    assert_null(dp_packet_l3(b));
    assert_null(dp_packet_l4(b));
    dp_packet_delete(b);
}

static void
grow_const(void)
{
    struct dp_packet b;
    dp_packet_use_const(&b, pattern, 10);
    dp_packet_put(&b, pattern, 1);
}

static void
grow_beyond_max(void)
{
    struct dp_packet *b = dp_packet_new(100);
    dp_packet_put_zeros(b, DP_PACKET_MAX_SIZE + 1);
}

static void
push_beyond_max(void)
{
    struct dp_packet *b = dp_packet_new(DP_PACKET_MAX_SIZE);
    dp_packet_put_zeros(b, DP_PACKET_MAX_SIZE);
    dp_packet_push_uninit(b, 1);
}

static void
new_too_big(void)
{
    dp_packet_new_with_headroom(DP_PACKET_MAX_SIZE, 1);
}

static void
pull_too_much(void)
{
    struct dp_packet b;
    dp_packet_use_const(&b, pattern, 10);
    dp_packet_pull(&b, 11);
}

static void
set_size_too_big(void)
{
    struct dp_packet *b = dp_packet_new(10);
    dp_packet_set_size(b, 11);
}

static void
shrink_past_layer(void)
{
    struct dp_packet *b = dp_packet_clone_data(pattern, 100);
    b->l3_ofs = 14;
    dp_packet_resize_l2(b, -16);
}

static void
test_misuse_aborts(void **state)
{
    check_aborts(grow_const, "");
    check_aborts(grow_beyond_max, "");
    check_aborts(push_beyond_max, "");
    check_aborts(new_too_big, "");
    check_aborts(pull_too_much, "");
    check_aborts(set_size_too_big, "");
    check_aborts(shrink_past_layer, "");
}

/* DPDK mbufs. */

#define POOL_SIZE 63
#define DATA_ROOM 2048

static struct rte_mempool *pool;

static int
setup_eal(void **state)
{
    return unit_test_eal_setup("test-dp-packet", POOL_SIZE, DATA_ROOM, &pool);
}

static int
teardown_eal(void **state)
{
    unit_test_eal_teardown(pool);
    return 0;
}

static void
test_mbuf_basics(void **state)
{
    unsigned int avail = rte_mempool_avail_count(pool);
    struct dp_packet *b = dp_packet_pool_alloc(pool);

    assert_non_null(b);
    assert_int_equal(rte_mempool_avail_count(pool), avail - 1);
    assert_int_equal(dp_packet_source(b), DPBUF_DPDK);
    check_room(b, 0, RTE_PKTMBUF_HEADROOM, DATA_ROOM);
    assert_null(dp_packet_l3(b));
    assert_int_equal(b->md.in_port, 0);

    /* The packet is its mbuf, and DPDK sees the same bytes. */
    struct rte_mbuf *m = dp_packet_to_mbuf(b);
    assert_ptr_equal(dp_packet_from_mbuf(m), b);
    assert_int_equal(m->priv_size, DP_PACKET_MBUF_PRIV_SIZE);
    assert_ptr_equal(rte_mbuf_to_priv(m), &b->source);

    dp_packet_put(b, pattern, 100);
    dp_packet_push(b, pattern + 200, 14);
    assert_ptr_equal(rte_pktmbuf_mtod(m, void *), dp_packet_data(b));
    assert_int_equal(rte_pktmbuf_pkt_len(m), 114);
    assert_int_equal(rte_pktmbuf_data_len(m), 114);
    assert_int_equal(rte_pktmbuf_headroom(m), RTE_PKTMBUF_HEADROOM - 14);
    assert_int_equal(rte_pktmbuf_tailroom(m), DATA_ROOM - 100);
    assert_memory_equal(rte_pktmbuf_mtod(m, uint8_t *), pattern + 200, 14);
    dp_packet_pull(b, 14);
    assert_int_equal(rte_pktmbuf_pkt_len(m), 100);
    assert_memory_equal(rte_pktmbuf_mtod(m, uint8_t *), pattern, 100);

    /* DPDK's own operations are visible through the accessors. */
    assert_non_null(rte_pktmbuf_append(m, 10));
    assert_int_equal(dp_packet_size(b), 110);
    assert_non_null(rte_pktmbuf_adj(m, 10));
    assert_int_equal(dp_packet_size(b), 100);
    assert_memory_equal(dp_packet_data(b), pattern + 10, 90);

    /* RSS hash as a NIC would deliver it. */
    uint32_t hash;
    assert_false(dp_packet_rss_hash(b, &hash));
    m->hash.rss = 0xfeedf00d;
    m->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
    assert_true(dp_packet_rss_hash(b, &hash));
    assert_int_equal(hash, 0xfeedf00d);

    /* A clone is a heap packet with the same contents and headroom. */
    b->md.in_port = 4;
    b->l3_ofs = 14;
    struct dp_packet *c = dp_packet_clone(b);
    assert_int_equal(dp_packet_source(c), DPBUF_MALLOC);
    check_room(c, 100, dp_packet_headroom(b), 0);
    assert_memory_equal(dp_packet_data(c), dp_packet_data(b), 100);
    assert_int_equal(c->md.in_port, 4);
    assert_int_equal(c->l3_ofs, 14);
    assert_true(dp_packet_rss_hash(c, &hash));
    assert_int_equal(hash, 0xfeedf00d);
    dp_packet_delete(c);

    /* Deleting returns the mbuf to its pool. */
    dp_packet_delete(b);
    assert_int_equal(rte_mempool_avail_count(pool), avail);
}

static void
test_mbuf_reuse(void **state)
{
    struct dp_packet *packets[POOL_SIZE];

    /* Exhaust the pool; every mbuf is a dp_packet. */
    for (int i = 0; i < POOL_SIZE; i++) {
        packets[i] = dp_packet_pool_alloc(pool);
        assert_non_null(packets[i]);
        assert_int_equal(dp_packet_source(packets[i]), DPBUF_DPDK);
        packets[i]->md.in_port = i + 1;
        packets[i]->l4_ofs = 34;
    }
    assert_null(dp_packet_pool_alloc(pool));

    /* Freed with DPDK's own function, as a driver does after transmit. */
    for (int i = 0; i < POOL_SIZE; i++) {
        rte_pktmbuf_free(dp_packet_to_mbuf(packets[i]));
    }

    /* Reallocated packets are clean. */
    struct dp_packet *b = dp_packet_pool_alloc(pool);
    assert_non_null(b);
    assert_int_equal(dp_packet_source(b), DPBUF_DPDK);
    assert_int_equal(b->md.in_port, 0);
    assert_null(dp_packet_l4(b));
    check_room(b, 0, RTE_PKTMBUF_HEADROOM, DATA_ROOM);

    /* An mbuf allocated directly, as an rx burst returns, converts. */
    struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
    assert_non_null(m);
    struct dp_packet *p = dp_packet_from_mbuf(m);
    dp_packet_reset_metadata(p);
    assert_int_equal(dp_packet_source(p), DPBUF_DPDK);
    assert_null(dp_packet_l3(p));
    dp_packet_delete(p);
    dp_packet_delete(b);
}

static void
grow_mbuf(void)
{
    struct dp_packet *b = dp_packet_pool_alloc(pool);
    dp_packet_push_uninit(b, RTE_PKTMBUF_HEADROOM + 1);
}

static void
test_mbuf_errors(void **state)
{
    struct rte_mempool *p;

    /* The pool unit_test_eal_setup() made is "NAME-pool". */
    assert_int_equal(dp_packet_pool_create("test-dp-packet-pool", 15, 0,
                                           512, SOCKET_ID_ANY, &p), EEXIST);
    assert_null(p);
    assert_int_equal(dp_packet_pool_create("test-big", 15, 0, UINT16_MAX,
                                           SOCKET_ID_ANY, &p), EINVAL);
    assert_null(p);

    /* Room within the mbuf is fine; beyond it is caught. */
    struct dp_packet *b = dp_packet_pool_alloc(pool);
    dp_packet_push_uninit(b, RTE_PKTMBUF_HEADROOM);
    dp_packet_put_uninit(b, DATA_ROOM);
    check_room(b, RTE_PKTMBUF_HEADROOM + DATA_ROOM, 0, 0);
    dp_packet_delete(b);
    check_aborts(grow_mbuf, "");
}

int
main(void)
{
    init_pattern();

    const struct CMUnitTest heap_tests[] = {
        cmocka_unit_test(test_new_put_push_pull),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_stub),
        cmocka_unit_test(test_const),
        cmocka_unit_test(test_layers),
        cmocka_unit_test(test_misuse_aborts),
    };
    const struct CMUnitTest mbuf_tests[] = {
        cmocka_unit_test(test_mbuf_basics),
        cmocka_unit_test(test_mbuf_reuse),
        cmocka_unit_test(test_mbuf_errors),
    };

    int failures = cmocka_run_group_tests_name("heap", heap_tests, NULL,
                                               NULL);
    failures += cmocka_run_group_tests_name("mbuf", mbuf_tests, setup_eal,
                                            teardown_eal);
    return failures != 0;
}

/* Unit tests for lib/list.h, lib/hash.c, lib/hmap.c, lib/shash.c,
 * lib/poll-loop.c and lib/latch.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "hash.h"
#include "hmap.h"
#include "latch.h"
#include "list.h"
#include "poll-loop.h"
#include "shash.h"
#include "timeval.h"

struct elem {
    int value;
    struct list list_node;
    struct hmap_node hmap_node;
};

static void
check_list(struct list *list, const int *values, size_t n)
{
    struct elem *e;
    size_t i = 0;
    LIST_FOR_EACH (e, list_node, list) {
        assert_true(i < n);
        assert_int_equal(e->value, values[i]);
        i++;
    }
    assert_int_equal(i, n);
    assert_int_equal(list_size(list), n);
    i = n;
    LIST_FOR_EACH_REVERSE (e, list_node, list) {
        assert_int_equal(e->value, values[--i]);
    }
}

static void
test_list(void **state)
{
    struct elem elems[5];
    struct list list = LIST_INITIALIZER(&list);
    assert_true(list_is_empty(&list));
    for (int i = 0; i < 5; i++) {
        elems[i].value = i;
        list_push_back(&list, &elems[i].list_node);
    }
    check_list(&list, (int[]) { 0, 1, 2, 3, 4 }, 5);

    /* Remove odd elements while iterating. */
    struct elem *e;
    LIST_FOR_EACH_SAFE (e, list_node, &list) {
        if (e->value & 1) {
            list_remove(&e->list_node);
        }
    }
    check_list(&list, (int[]) { 0, 2, 4 }, 3);

    list_push_front(&list, &elems[1].list_node);
    check_list(&list, (int[]) { 1, 0, 2, 4 }, 4);

    struct list other = LIST_INITIALIZER(&other);
    list_push_back(&other, &elems[3].list_node);
    list_splice_back(&list, &other);
    assert_true(list_is_empty(&other));
    check_list(&list, (int[]) { 1, 0, 2, 4, 3 }, 5);

    int popped = 0;
    LIST_FOR_EACH_POP (e, list_node, &list) {
        popped++;
    }
    assert_int_equal(popped, 5);
    assert_true(list_is_empty(&list));
}

static void
test_hash(void **state)
{
    /* Stable and sensitive to every byte and to the basis. */
    uint8_t buf[64];
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = i;
    }
    uint32_t h = hash_bytes(buf, sizeof buf, 0);
    assert_int_equal(h, hash_bytes(buf, sizeof buf, 0));
    assert_int_not_equal(h, hash_bytes(buf, sizeof buf, 1));
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] ^= 1;
        assert_int_not_equal(h, hash_bytes(buf, sizeof buf, 0));
        buf[i] ^= 1;
    }
    /* Every length hashes differently, including a zero tail. */
    assert_int_not_equal(hash_bytes(buf, 3, 0), hash_bytes(buf, 4, 0));

    /* Reasonable spread: 65536 sequential ints into 256 buckets. */
    int buckets[256] = { 0 };
    for (uint32_t i = 0; i < 65536; i++) {
        buckets[hash_int(i, 0) & 255]++;
    }
    for (int i = 0; i < 256; i++) {
        assert_in_range(buckets[i], 128, 384);
    }

    /* The same for 64-bit words that differ in one byte only, anywhere:
     * flow keys often differ in a single field. */
    for (int shift = 0; shift < 64; shift += 8) {
        memset(buckets, 0, sizeof buckets);
        for (uint64_t i = 0; i < 256 * 256; i++) {
            uint64_t word = ((i & 0xff) << shift) | (i >> 8 << ((shift + 8) % 64));
            buckets[hash_finish(hash_add64(0, word), 8) & 255]++;
        }
        for (int i = 0; i < 256; i++) {
            assert_in_range(buckets[i], 128, 384);
        }
    }
}

static void
test_hmap(void **state)
{
    enum { N = 5000 };
    struct elem *elems = calloc(N, sizeof *elems);
    struct hmap map = HMAP_INITIALIZER(&map);

    for (int i = 0; i < N; i++) {
        elems[i].value = i;
        /* Deliberately poor hash: many collisions. */
        hmap_insert(&map, &elems[i].hmap_node, i % 97);
    }
    assert_int_equal(hmap_count(&map), N);

    for (int i = 0; i < N; i += 7) {
        struct elem *e;
        bool found = false;
        HMAP_FOR_EACH_WITH_HASH (e, hmap_node, i % 97, &map) {
            if (e->value == i) {
                found = true;
            }
        }
        assert_true(found);
    }

    struct elem *e;
    int n = 0;
    HMAP_FOR_EACH_SAFE (e, hmap_node, &map) {
        if (e->value % 2) {
            hmap_remove(&map, &e->hmap_node);
        }
        n++;
    }
    assert_int_equal(n, N);
    assert_int_equal(hmap_count(&map), N / 2);
    hmap_shrink_at(&map, "test");

    long long sum = 0;
    HMAP_FOR_EACH (e, hmap_node, &map) {
        assert_int_equal(e->value % 2, 0);
        sum += e->value;
    }
    assert_true(sum == (long long) (N / 2 - 1) * (N / 2));

    struct hmap moved;
    hmap_init(&moved);
    hmap_swap(&map, &moved);
    assert_int_equal(hmap_count(&moved), N / 2);
    assert_true(hmap_is_empty(&map));

    HMAP_FOR_EACH_POP (e, hmap_node, &moved) {
        n--;
    }
    assert_true(hmap_is_empty(&moved));
    hmap_destroy(&moved);
    hmap_destroy(&map);
    free(elems);
}

static void
test_shash(void **state)
{
    struct shash sh = SHASH_INITIALIZER(&sh);
    char name[16];
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "k%03d", 99 - i);
        shash_add(&sh, name, (void *) (intptr_t) (99 - i));
    }
    assert_int_equal(shash_count(&sh), 100);
    assert_true(shash_find_data(&sh, "k042") == (void *) (intptr_t) 42);
    assert_null(shash_find_data(&sh, "k100"));
    assert_false(shash_add_once(&sh, "k001", NULL));
    assert_true(shash_replace(&sh, "k001", (void *) 7) == (void *) 1);
    assert_non_null(shash_find_len(&sh, "k0015", 4));

    const struct shash_node **sorted = shash_sort(&sh);
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "k%03d", i);
        assert_string_equal(sorted[i]->name, name);
    }
    free(sorted);

    assert_true(shash_find_and_delete(&sh, "k050") == (void *) 50);
    assert_null(shash_find(&sh, "k050"));
    assert_int_equal(shash_count(&sh), 99);
    shash_destroy(&sh);
}

static void
test_poll_timer(void **state)
{
    long long start = time_msec();
    poll_timer_wait(30);
    poll_timer_wait(1000);      /* The earlier deadline wins. */
    poll_block();
    long long elapsed = time_msec() - start;
    assert_true(elapsed >= 30);
    assert_true(elapsed < 900);

    start = time_msec();
    poll_immediate_wake();
    poll_timer_wait(1000);
    poll_block();
    assert_true(time_msec() - start < 500);
}

static void
test_poll_fd(void **state)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], "x", 1), 1);
    long long start = time_msec();
    poll_fd_wait(fds[0], POLLIN);
    poll_timer_wait(5000);
    poll_block();
    assert_true(time_msec() - start < 2500);
    assert_non_null(strstr(poll_last_wakeup(), "test_poll_fd"));
    close(fds[0]);
    close(fds[1]);
}

static void *
set_latch_later(void *latch_)
{
    xnanosleep(20 * 1000 * 1000);
    latch_set(latch_);
    return NULL;
}

static void
test_latch(void **state)
{
    struct latch latch;
    latch_init(&latch);
    assert_false(latch_poll(&latch));

    pthread_t thread;
    pthread_create(&thread, NULL, set_latch_later, &latch);
    long long start = time_msec();
    while (!latch_poll(&latch)) {
        latch_wait(&latch);
        poll_timer_wait(5000);
        poll_block();
    }
    assert_true(time_msec() - start < 2500);
    pthread_join(thread, NULL);
    assert_false(latch_is_set(&latch));
    latch_set(&latch);
    assert_true(latch_is_set(&latch));
    assert_true(latch_poll(&latch));
    latch_destroy(&latch);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_hmap),
        cmocka_unit_test(test_shash),
        cmocka_unit_test(test_poll_timer),
        cmocka_unit_test(test_poll_fd),
        cmocka_unit_test(test_latch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

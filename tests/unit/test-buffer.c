/* Unit tests for lib/buffer.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "buffer.h"
#include "list.h"
#include "util.h"
#include "unit-test.h"

/* Checks B's geometry invariants and that its data equals the SIZE bytes
 * at EXPECTED. */
static void
check_buffer(const struct buffer *b, const void *expected, size_t size)
{
    assert_non_null(b->base);
    assert_int_equal(buffer_headroom(b) + b->size + buffer_tailroom(b),
                     b->allocated);
    assert_ptr_equal(buffer_tail(b), (char *) b->data + b->size);
    assert_ptr_equal(buffer_end(b), (char *) b->base + b->allocated);
    assert_int_equal(b->size, size);
    if (size) {
        assert_memory_equal(b->data, expected, size);
    }
}

static void
test_put_push_pull(void **state)
{
    struct buffer b;

    buffer_init(&b, 0);
    check_buffer(&b, "", 0);
    assert_int_equal(b.allocated, 0);

    char *p = buffer_put(&b, "world", 5);
    assert_ptr_equal(p, b.data);
    check_buffer(&b, "world", 5);

    p = buffer_push(&b, "hello ", 6);
    assert_ptr_equal(p, b.data);
    check_buffer(&b, "hello world", 11);

    uint8_t *zeros = buffer_put_zeros(&b, 3);
    assert_ptr_equal(zeros, (char *) b.data + 11);
    check_buffer(&b, "hello world\0\0\0", 14);
    zeros = buffer_push_zeros(&b, 2);
    assert_ptr_equal(zeros, b.data);
    check_buffer(&b, "\0\0hello world\0\0\0", 16);

    memcpy(buffer_put_uninit(&b, 1), "!", 1);
    memcpy(buffer_push_uninit(&b, 1), "<", 1);
    check_buffer(&b, "<\0\0hello world\0\0\0!", 18);

    /* Pulling hands back the bytes, in place. */
    char *data = b.data;
    assert_ptr_equal(buffer_pull(&b, 3), data);
    check_buffer(&b, "hello world\0\0\0!", 15);
    assert_int_equal(buffer_headroom(&b), (char *) b.data - (char *) b.base);
    assert_null(buffer_try_pull(&b, 16));
    check_buffer(&b, "hello world\0\0\0!", 15);
    p = buffer_try_pull(&b, 6);
    assert_memory_equal(p, "hello ", 6);
    check_buffer(&b, "world\0\0\0!", 9);
    assert_non_null(buffer_try_pull(&b, 9));
    check_buffer(&b, "", 0);
    assert_null(buffer_try_pull(&b, 1));
    assert_non_null(buffer_try_pull(&b, 0));

    /* Zero-size operations are fine anywhere. */
    buffer_put(&b, NULL, 0);
    buffer_push(&b, NULL, 0);
    check_buffer(&b, "", 0);

    buffer_put(&b, "abcdef", 6);
    buffer_truncate(&b, 2);
    check_buffer(&b, "ab", 2);
    buffer_truncate(&b, 2);
    check_buffer(&b, "ab", 2);

    buffer_clear(&b);
    check_buffer(&b, "", 0);
    assert_int_equal(buffer_headroom(&b), 0);
    buffer_uninit(&b);
    buffer_uninit(NULL);
}

static void
test_growth(void **state)
{
    enum { N = 10000 };
    struct buffer b;
    uint8_t expected[2 * N];
    int n_moves = 0;

    /* Appending byte by byte moves the data O(log N) times. */
    buffer_init(&b, 0);
    void *base = b.base;
    for (int i = 0; i < N; i++) {
        uint8_t byte = i * 7;
        buffer_put(&b, &byte, 1);
        expected[i] = byte;
        if (b.base != base) {
            base = b.base;
            n_moves++;
        }
    }
    check_buffer(&b, expected, N);
    assert_true(n_moves <= 12);

    /* So does prepending. */
    n_moves = 0;
    for (int i = 0; i < N; i++) {
        uint8_t byte = i * 13;
        buffer_push(&b, &byte, 1);
        if (b.base != base) {
            base = b.base;
            n_moves++;
        }
    }
    for (int i = 0; i < N; i++) {
        expected[N + i] = expected[i];
        expected[i] = (N - 1 - i) * 13;
    }
    check_buffer(&b, expected, 2 * N);
    assert_true(n_moves <= 12);

    /* Making room keeps the other side's room and the data. */
    size_t headroom = buffer_headroom(&b);
    buffer_prealloc_tailroom(&b, 100000);
    assert_true(buffer_tailroom(&b) >= 100000);
    assert_int_equal(buffer_headroom(&b), headroom);
    check_buffer(&b, expected, 2 * N);
    size_t tailroom = buffer_tailroom(&b);
    buffer_prealloc_headroom(&b, 50000);
    assert_true(buffer_headroom(&b) >= 50000);
    assert_int_equal(buffer_tailroom(&b), tailroom);
    check_buffer(&b, expected, 2 * N);

    /* Enough room already: nothing moves. */
    base = b.base;
    buffer_prealloc_tailroom(&b, 10);
    buffer_prealloc_headroom(&b, 10);
    assert_ptr_equal(b.base, base);
    buffer_uninit(&b);
}

static void
test_headroom(void **state)
{
    struct buffer *b = buffer_new_with_headroom(100, 16);
    assert_int_equal(buffer_headroom(b), 16);
    assert_true(buffer_tailroom(b) >= 100);
    check_buffer(b, "", 0);

    /* Reserved headroom takes pushes without moving anything. */
    void *base = b->base;
    buffer_put(b, "payload", 7);
    buffer_push(b, "0123456789abcdef", 16);
    assert_ptr_equal(b->base, base);
    assert_int_equal(buffer_headroom(b), 0);
    check_buffer(b, "0123456789abcdefpayload", 23);

    /* One more byte moves the data to a larger block. */
    buffer_push(b, "+", 1);
    check_buffer(b, "+0123456789abcdefpayload", 24);
    buffer_delete(b);
    buffer_delete(NULL);

    struct buffer c;
    buffer_init(&c, 8);
    buffer_reserve(&c, 64);
    assert_int_equal(buffer_headroom(&c), 64);
    check_buffer(&c, "", 0);
    buffer_uninit(&c);

    b = buffer_new(0);
    check_buffer(b, "", 0);
    buffer_delete(b);
}

/* An OpenFlow-like message: an 8-byte header, then a body. */
static void
test_marks(void **state)
{
    struct buffer b;
    static const char header[8] = "HDR-1234";
    static const char body[20] = "body-of-the-message";

    buffer_init(&b, 16);
    assert_null(buffer_header(&b));
    assert_null(buffer_msg(&b));
    assert_int_equal(buffer_msgsize(&b), 0);

    buffer_set_header(&b, buffer_put(&b, header, sizeof header));
    buffer_set_msg(&b, buffer_tail(&b));
    assert_int_equal(buffer_msgsize(&b), 0);
    buffer_put(&b, body, sizeof body);
    assert_int_equal(buffer_msgsize(&b), sizeof body);

    /* Growth at the tail moves the block; the marks follow. */
    for (int i = 0; i < 1000; i++) {
        buffer_put(&b, "0123456789", 10);
    }
    assert_memory_equal(buffer_header(&b), header, sizeof header);
    assert_memory_equal(buffer_msg(&b), body, sizeof body);
    assert_int_equal(buffer_msgsize(&b), sizeof body + 10000);

    /* So does growth at the head, for a lower-layer header. */
    buffer_push(&b, "ETHERNET-HDR14", 14);
    assert_memory_equal(b.data, "ETHERNET-HDR14", 14);
    assert_memory_equal(buffer_header(&b), header, sizeof header);
    assert_ptr_equal(buffer_header(&b), (char *) b.data + 14);
    assert_memory_equal(buffer_msg(&b), body, sizeof body);

    /* Marks before the data (pulled bytes) stay valid through growth. */
    buffer_pull(&b, 14 + sizeof header);
    assert_ptr_equal(buffer_msg(&b), b.data);
    buffer_prealloc_headroom(&b, 100000);
    buffer_prealloc_tailroom(&b, 100000);
    assert_memory_equal(buffer_header(&b), header, sizeof header);
    assert_memory_equal(buffer_msg(&b), body, sizeof body);
    assert_ptr_equal(buffer_msg(&b), b.data);

    buffer_set_header(&b, NULL);
    assert_null(buffer_header(&b));
    buffer_set_msg(&b, buffer_end(&b));     /* The very end is inside. */
    assert_int_equal(buffer_msgsize(&b), 0);
    buffer_uninit(&b);

    /* Parsing with marks, over read-only data. */
    char wire[sizeof header + sizeof body];
    memcpy(wire, header, sizeof header);
    memcpy(wire + sizeof header, body, sizeof body);
    buffer_use_const(&b, wire, sizeof wire);
    const void *h = buffer_try_pull(&b, sizeof header);
    assert_ptr_equal(h, wire);
    buffer_set_header(&b, h);
    buffer_set_msg(&b, b.data);
    assert_int_equal(buffer_msgsize(&b), sizeof body);
    assert_ptr_equal(buffer_header(&b), wire);
    assert_null(buffer_try_pull(&b, sizeof body + 1));
    assert_ptr_equal(buffer_pull(&b, sizeof body), wire + sizeof header);
    assert_int_equal(buffer_msgsize(&b), sizeof body);
    buffer_uninit(&b);
}

static void
test_at(void **state)
{
    struct buffer b;
    buffer_init(&b, 0);
    buffer_put(&b, "0123456789", 10);

    assert_ptr_equal(buffer_at(&b, 0, 10), b.data);
    assert_ptr_equal(buffer_at(&b, 3, 7), (char *) b.data + 3);
    assert_ptr_equal(buffer_at(&b, 10, 0), buffer_tail(&b));
    assert_null(buffer_at(&b, 10, 1));
    assert_null(buffer_at(&b, 3, 8));
    assert_null(buffer_at(&b, 11, 0));
    assert_null(buffer_at(&b, SIZE_MAX, 1));
    assert_null(buffer_at(&b, 1, SIZE_MAX));
    assert_null(buffer_at(&b, SIZE_MAX, SIZE_MAX));
    assert_ptr_equal(buffer_at_assert(&b, 9, 1), (char *) b.data + 9);

    /* Offsets count from the data, not the block. */
    buffer_pull(&b, 4);
    assert_memory_equal(buffer_at(&b, 0, 6), "456789", 6);
    assert_null(buffer_at(&b, 0, 7));
    buffer_uninit(&b);
}

static void
test_stack(void **state)
{
    uint8_t storage[16];
    struct buffer b;

    memset(storage, 'x', sizeof storage);
    buffer_use_stack(&b, storage, sizeof storage);
    assert_int_equal(b.source, BUFFER_STACK);
    buffer_put(&b, "0123456789", 10);
    assert_ptr_equal(b.base, storage);
    check_buffer(&b, "0123456789", 10);

    /* Outgrowing the storage moves the data to the heap. */
    buffer_put(&b, "abcdefghij", 10);
    assert_ptr_not_equal(b.base, storage);
    assert_int_equal(b.source, BUFFER_MALLOC);
    check_buffer(&b, "0123456789abcdefghij", 20);
    assert_memory_equal(storage, "0123456789xxxxxx", 16);
    buffer_uninit(&b);          /* Frees the heap block only. */

    buffer_use_stack(&b, NULL, 0);
    buffer_put(&b, "x", 1);
    check_buffer(&b, "x", 1);
    buffer_uninit(&b);
}

static void
test_const(void **state)
{
    static const char data[] = "read-only";
    struct buffer b;

    buffer_use_const(&b, data, 9);
    assert_int_equal(b.source, BUFFER_CONST);
    check_buffer(&b, "read-only", 9);
    assert_int_equal(buffer_tailroom(&b), 0);
    assert_memory_equal(buffer_pull(&b, 5), "read-", 5);
    assert_memory_equal(buffer_at(&b, 0, 4), "only", 4);
    buffer_truncate(&b, 2);
    check_buffer(&b, "on", 2);
    buffer_uninit(&b);

    buffer_use_const(&b, NULL, 0);
    check_buffer(&b, "", 0);
    assert_null(buffer_try_pull(&b, 1));
    buffer_uninit(&b);
}

static void
test_clone(void **state)
{
    struct buffer b;
    buffer_init(&b, 0);
    buffer_reserve(&b, 10);
    buffer_set_header(&b, buffer_put(&b, "HEAD", 4));
    buffer_set_msg(&b, buffer_put(&b, "message", 7));
    buffer_pull(&b, 4);         /* The header is now before the data. */

    struct buffer *c = buffer_clone(&b);
    check_buffer(c, "message", 7);
    assert_int_equal(buffer_headroom(c), 4);
    assert_memory_equal(buffer_header(c), "HEAD", 4);
    assert_ptr_equal(buffer_msg(c), c->data);
    assert_int_equal(buffer_msgsize(c), 7);
    assert_int_equal(c->source, BUFFER_MALLOC);
    buffer_delete(c);

    c = buffer_clone_with_headroom(&b, 32);
    check_buffer(c, "message", 7);
    assert_int_equal(buffer_headroom(c), 36);
    assert_memory_equal(buffer_header(c), "HEAD", 4);
    /* The headroom takes pushes without moving. */
    void *base = c->base;
    buffer_push_zeros(c, 32);
    assert_ptr_equal(c->base, base);
    buffer_delete(c);

    /* A mark past the end of the data is not carried over. */
    buffer_set_msg(&b, buffer_end(&b));
    c = buffer_clone(&b);
    check_buffer(c, "message", 7);
    assert_null(buffer_msg(c));
    assert_memory_equal(buffer_header(c), "HEAD", 4);
    buffer_delete(c);
    buffer_uninit(&b);

    c = buffer_clone_data_with_headroom("xyz", 3, 5);
    check_buffer(c, "xyz", 3);
    assert_int_equal(buffer_headroom(c), 5);
    assert_null(buffer_header(c));
    buffer_delete(c);

    /* An empty buffer clones to an empty buffer. */
    buffer_init(&b, 0);
    c = buffer_clone(&b);
    check_buffer(c, "", 0);
    buffer_delete(c);
    buffer_uninit(&b);
}

static void
test_steal(void **state)
{
    struct buffer b;

    /* Data at the start of a malloc'ed block: that block is handed over. */
    buffer_init(&b, 0);
    buffer_put(&b, "abc", 3);
    void *base = b.base;
    char *p = buffer_steal_data(&b);
    assert_ptr_equal(p, base);
    assert_memory_equal(p, "abc", 3);
    free(p);
    check_buffer(&b, "", 0);

    /* The buffer may be used again. */
    buffer_put(&b, "0123", 4);
    buffer_pull(&b, 1);
    p = buffer_steal_data(&b);
    assert_memory_equal(p, "123", 3);
    free(p);
    check_buffer(&b, "", 0);

    uint8_t storage[8];
    buffer_use_stack(&b, storage, sizeof storage);
    buffer_put(&b, "st", 2);
    p = buffer_steal_data(&b);
    assert_ptr_not_equal(p, storage);
    assert_memory_equal(p, "st", 2);
    free(p);

    p = buffer_steal_data(&b);
    assert_non_null(p);
    free(p);
    buffer_uninit(&b);
}

static void
test_list(void **state)
{
    struct list queue = LIST_INITIALIZER(&queue);
    for (int i = 0; i < 5; i++) {
        struct buffer *b = buffer_new(16);
        buffer_put(b, &i, sizeof i);
        list_push_back(&queue, &b->list_node);
    }

    /* The queue keeps its order. */
    int i = 0;
    struct buffer *b;
    LIST_FOR_EACH (b, list_node, &queue) {
        int value;
        memcpy(&value, b->data, sizeof value);
        assert_int_equal(value, i++);
    }
    assert_int_equal(i, 5);

    buffer_list_delete(&queue);
    assert_true(list_is_empty(&queue));
    buffer_list_delete(&queue);
}

static void
pull_too_much(void)
{
    struct buffer b;
    buffer_init(&b, 0);
    buffer_put(&b, "abc", 3);
    buffer_pull(&b, 4);
}

static void
put_into_const(void)
{
    struct buffer b;
    buffer_use_const(&b, "abc", 3);
    buffer_put(&b, "d", 1);
}

static void
push_into_const(void)
{
    struct buffer b;
    buffer_use_const(&b, "abc", 3);
    buffer_push(&b, "d", 1);
}

static void
reserve_nonempty(void)
{
    struct buffer b;
    buffer_init(&b, 0);
    buffer_put(&b, "abc", 3);
    buffer_reserve(&b, 8);
}

static void
mark_outside(void)
{
    struct buffer b;
    buffer_init(&b, 8);
    buffer_set_header(&b, (char *) b.base + 9);
}

static void
truncate_grow(void)
{
    struct buffer b;
    buffer_init(&b, 8);
    buffer_truncate(&b, 1);
}

static void
at_assert_outside(void)
{
    struct buffer b;
    buffer_init(&b, 8);
    buffer_put(&b, "abc", 3);
    buffer_at_assert(&b, 2, 2);
}

static void
put_overflow(void)
{
    struct buffer b;
    buffer_init(&b, 8);
    buffer_put(&b, "abc", 3);
    buffer_put_uninit(&b, SIZE_MAX - 1);
}

static void
test_misuse_aborts(void **state)
{
    check_aborts(pull_too_much,
                 "buffer_pull: cannot pull 4 bytes from 3 bytes of data");
    check_aborts(put_into_const, "the buffer is read-only");
    check_aborts(push_into_const, "the buffer is read-only");
    check_aborts(reserve_nonempty,
                 "buffer_reserve: the buffer holds 3 bytes of data");
    check_aborts(mark_outside, "buffer_set_header: ");
    check_aborts(truncate_grow,
                 "buffer_truncate: cannot grow 0 bytes of data to 1");
    check_aborts(at_assert_outside,
                 "buffer_at_assert: 2 bytes at offset 2 are outside the 3 "
                 "bytes of data");
    check_aborts(put_overflow, "virtual memory exhausted");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_push_pull),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_headroom),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_at),
        cmocka_unit_test(test_stack),
        cmocka_unit_test(test_const),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_steal),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_misuse_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/rconn.c: real Unix sockets in a temporary directory,
 * with the rconn's backoff and probe timing driven by a fake clock. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buffer.h"
#include "ofp-msgs.h"
#include "openflow.h"
#include "poll-loop.h"
#include "rconn.h"
#include "timeval.h"
#include "util.h"
#include "vconn.h"

static char tmpdir[64];

static int
setup_tmpdir(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test-rconn-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown_tmpdir(void **state)
{
    return rmdir(tmpdir);
}

static char *
sock_name(const char *prefix, const char *name)
{
    return xasprintf("%s:%s/%s", prefix, tmpdir, name);
}

static long long fake_now;

static long long
fake_clock(void)
{
    return fake_now;
}

/* Returns a quiet rconn on the fake clock. */
static struct rconn *
new_rconn(void)
{
    struct rconn *rc = rconn_create(0, 0, 0, 1u << OFP13_VERSION);
    rconn_set_clock(rc, fake_clock);
    return rc;
}

static void
check_state(const struct rconn *rc, const char *state)
{
    assert_string_equal(rconn_get_state(rc), state);
}

/* Runs RC (and SERVER, if nonnull) through one pass of the poll loop, with
 * the fake clock standing still. */
static void
run_once(struct rconn *rc, struct vconn *server)
{
    rconn_run(rc);
    rconn_run_wait(rc);
    if (server) {
        vconn_run(server);
        vconn_run_wait(server);
        vconn_connect_wait(server);
    }
    poll_timer_wait(20);
    poll_block();
}

/* Accepts RC's connection on PVCONN and runs both until connected. */
static struct vconn *
accept_rconn(struct rconn *rc, struct pvconn *pvconn)
{
    long long deadline = time_msec() + 5000;
    struct vconn *server = NULL;
    while (!server || !rconn_is_connected(rc)
           || vconn_connect(server) == EAGAIN) {
        assert_true(time_msec() < deadline);
        if (!server && pvconn_accept(pvconn, &server)) {
            pvconn_wait(pvconn);
        }
        run_once(rc, server);
    }
    assert_int_equal(vconn_connect(server), 0);
    return server;
}

/* Receives a message on SERVER while running RC. */
static struct buffer *
server_recv(struct vconn *server, struct rconn *rc)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct buffer *msg;
        int error = vconn_recv(server, &msg);
        if (!error) {
            return msg;
        }
        assert_int_equal(error, EAGAIN);
        assert_true(time_msec() < deadline);
        vconn_recv_wait(server);
        run_once(rc, server);
    }
}

/* Runs SERVER until vconn_recv() fails, and returns the error; no message
 * may arrive. */
static int
server_recv_error(struct vconn *server)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct buffer *msg;
        int error = vconn_recv(server, &msg);
        assert_null(msg);
        if (error != EAGAIN) {
            return error;
        }
        assert_true(time_msec() < deadline);
        vconn_recv_wait(server);
        poll_timer_wait(20);
        poll_block();
    }
}

/* Receives a message on RC while running it and SERVER. */
static struct buffer *
rconn_recv_wait_msg(struct rconn *rc, struct vconn *server)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct buffer *msg = rconn_recv(rc);
        if (msg) {
            return msg;
        }
        assert_true(time_msec() < deadline);
        rconn_recv_wait(rc);
        run_once(rc, server);
    }
}

static struct buffer *
make_echo(uint8_t type, uint32_t xid, const char *payload)
{
    struct buffer *b = ofpraw_alloc_xid(type == OFPT_ECHO_REQUEST
                                        ? OFPRAW_OFPT_ECHO_REQUEST
                                        : OFPRAW_OFPT_ECHO_REPLY,
                                        OFP13_VERSION, htonl(xid), 0);
    buffer_put(b, payload, strlen(payload));
    ofpmsg_update_length(b);
    return b;
}

/* Backoff doubles from 1 s to the 8 s maximum while the target is not
 * there. */
static void
test_backoff(void **state)
{
    char *target = sock_name("unix", "nowhere.sock");
    struct rconn *rc = new_rconn();
    fake_now = 10000;
    check_state(rc, "VOID");
    assert_false(rconn_is_alive(rc));
    assert_int_equal(rconn_get_probe_interval(rc), 5000);
    assert_int_equal(rconn_get_max_backoff(rc), 8000);

    rconn_connect(rc, target, "controller");
    assert_string_equal(rconn_get_name(rc), "controller");
    assert_string_equal(rconn_get_target(rc), target);
    assert_true(rconn_is_alive(rc));
    assert_int_equal(rconn_send(rc, make_echo(OFPT_ECHO_REQUEST, 1, ""),
                                NULL), ENOTCONN);

    static const long long attempts[] = {
        10000, 11000, 13000, 17000, 25000, 33000, 41000
    };
    struct rconn_stats stats;
    for (size_t i = 0; i < ARRAY_SIZE(attempts); i++) {
        fake_now = attempts[i] - 1;
        rconn_run(rc);
        rconn_get_stats(rc, &stats);
        assert_int_equal(stats.n_attempted_connections, i);
        fake_now = attempts[i];
        rconn_run(rc);
        rconn_get_stats(rc, &stats);
        assert_int_equal(stats.n_attempted_connections, i + 1);
        check_state(rc, "BACKOFF");
        assert_int_equal(rconn_get_last_error(rc), ENOENT);
    }
    assert_int_equal(stats.n_successful_connections, 0);
    assert_false(rconn_is_connected(rc));
    assert_int_equal(rconn_get_version(rc), -1);

    rconn_disconnect(rc);
    check_state(rc, "VOID");
    assert_false(rconn_is_alive(rc));
    rconn_destroy(rc);
    rconn_destroy(NULL);
    free(target);
}

/* An idle connection is probed; an answered probe keeps it, an unanswered
 * one drops it after another interval, and it comes back. */
static void
test_probe(void **state)
{
    char *pname = sock_name("punix", "ctl.sock");
    char *aname = sock_name("unix", "ctl.sock");
    struct pvconn *pvconn;
    assert_int_equal(pvconn_open(pname, 0, 0, &pvconn), 0);

    struct rconn *rc = new_rconn();
    fake_now = 0;
    rconn_connect(rc, aname, NULL);
    assert_string_equal(rconn_get_name(rc), aname);
    struct vconn *server = accept_rconn(rc, pvconn);
    check_state(rc, "ACTIVE");
    assert_int_equal(rconn_get_version(rc), OFP13_VERSION);
    assert_int_equal(rconn_get_connection_seqno(rc), 1);

    /* The rconn answers an echo request itself... */
    assert_int_equal(vconn_send(server, make_echo(OFPT_ECHO_REQUEST, 42,
                                                  "ping")), 0);
    /* ...and passes other messages up. */
    struct buffer *features = ofpraw_alloc_xid(OFPRAW_OFPT_FEATURES_REQUEST,
                                               OFP13_VERSION, htonl(43), 0);
    ofpmsg_update_length(features);
    assert_int_equal(vconn_send(server, features), 0);
    struct buffer *msg = rconn_recv_wait_msg(rc, server);
    const struct ofp_header *oh = msg->data;
    assert_int_equal(oh->type, 5);
    assert_int_equal(ntohl(oh->xid), 43);
    buffer_delete(msg);
    msg = server_recv(server, rc);
    struct buffer *expected = make_echo(OFPT_ECHO_REPLY, 42, "ping");
    assert_int_equal(msg->size, expected->size);
    assert_memory_equal(msg->data, expected->data, msg->size);
    buffer_delete(expected);
    buffer_delete(msg);

    /* First probe after 5 s of silence; answer it. */
    fake_now = 4999;
    run_once(rc, server);
    check_state(rc, "ACTIVE");
    fake_now = 5000;
    run_once(rc, server);
    check_state(rc, "IDLE");
    msg = server_recv(server, rc);
    oh = msg->data;
    assert_int_equal(oh->type, OFPT_ECHO_REQUEST);
    assert_int_equal(oh->version, OFP13_VERSION);
    assert_int_equal(vconn_send(server, make_echo(OFPT_ECHO_REPLY,
                                                  ntohl(oh->xid), "")), 0);
    buffer_delete(msg);
    long long deadline = time_msec() + 5000;
    while (strcmp(rconn_get_state(rc), "ACTIVE")) {
        assert_true(time_msec() < deadline);
        assert_null(rconn_recv(rc));
        rconn_recv_wait(rc);
        run_once(rc, server);
    }

    /* The next probe goes unanswered: dropped 5 s after it. */
    fake_now = 10000;
    run_once(rc, server);
    check_state(rc, "IDLE");
    msg = server_recv(server, rc);
    assert_int_equal(((struct ofp_header *) msg->data)->type,
                     OFPT_ECHO_REQUEST);
    buffer_delete(msg);
    fake_now = 14999;
    run_once(rc, server);
    assert_true(rconn_is_connected(rc));
    fake_now = 15000;
    run_once(rc, server);
    assert_false(rconn_is_connected(rc));
    check_state(rc, "BACKOFF");
    assert_int_equal(rconn_get_last_error(rc), ETIMEDOUT);
    assert_int_equal(rconn_get_connection_seqno(rc), 2);
    struct rconn_stats stats;
    rconn_get_stats(rc, &stats);
    assert_int_equal(stats.n_disconnects, 1);
    assert_int_equal(stats.packets_received, 3);
    assert_int_equal(stats.packets_sent, 3);
    assert_int_equal(server_recv_error(server), EOF);
    vconn_close(server);

    /* It reconnects after the minimum backoff. */
    fake_now = 15999;
    run_once(rc, NULL);
    check_state(rc, "BACKOFF");
    fake_now = 16000;
    server = accept_rconn(rc, pvconn);
    assert_int_equal(rconn_get_connection_seqno(rc), 3);
    rconn_get_stats(rc, &stats);
    assert_int_equal(stats.n_attempted_connections, 2);
    assert_int_equal(stats.n_successful_connections, 2);

    /* The server hangs up. */
    vconn_close(server);
    deadline = time_msec() + 5000;
    while (rconn_is_connected(rc)) {
        assert_true(time_msec() < deadline);
        assert_null(rconn_recv(rc));
        rconn_recv_wait(rc);
        run_once(rc, NULL);
    }
    assert_int_equal(rconn_get_last_error(rc), EOF);

    rconn_destroy(rc);
    pvconn_close(pvconn);
    free(pname);
    free(aname);
}

/* A class of messages cannot queue more than its limit; other messages
 * still go; queued messages drain once the peer reads. */
static void
test_queue_limit(void **state)
{
    char *pname = sock_name("punix", "q.sock");
    char *aname = sock_name("unix", "q.sock");
    struct pvconn *pvconn;
    assert_int_equal(pvconn_open(pname, 0, 0, &pvconn), 0);
    struct rconn *rc = new_rconn();
    fake_now = 0;
    rconn_connect(rc, aname, NULL);
    struct vconn *server = accept_rconn(rc, pvconn);

    struct rconn_packet_counter *pins = rconn_packet_counter_create();
    struct rconn_packet_counter *other = rconn_packet_counter_create();
    int n_sent = 0;
    for (;;) {
        struct buffer *msg = ofpraw_alloc(OFPRAW_OFPT_ECHO_REPLY,
                                          OFP13_VERSION, 60000);
        buffer_put_zeros(msg, 60000);
        ofpmsg_update_length(msg);
        int error = rconn_send_with_limit(rc, msg, pins, 5);
        if (error) {
            assert_int_equal(error, EAGAIN);
            break;
        }
        n_sent++;
        assert_true(n_sent < 1000);
        rconn_run(rc);
    }
    assert_int_equal(pins->n_packets, 5);
    assert_int_equal(pins->n_bytes, 5 * 60008);
    assert_int_equal(pins->n_dropped, 1);
    assert_int_equal(rconn_count_txqlen(rc), 5);

    /* Another class still gets through to the queue. */
    struct buffer *msg = make_echo(OFPT_ECHO_REPLY, 7, "x");
    assert_int_equal(rconn_send_with_limit(rc, msg, other, 5), 0);
    assert_int_equal(other->n_packets, 1);
    assert_int_equal(rconn_count_txqlen(rc), 6);

    /* The counter outlives its creator's reference while in use. */
    rconn_packet_counter_destroy(other);

    /* The peer reads: everything drains, in order. */
    int n_received = 0;
    long long deadline = time_msec() + 10000;
    while (n_received < n_sent + 1) {
        assert_true(time_msec() < deadline);
        struct buffer *got;
        if (!vconn_recv(server, &got)) {
            const struct ofp_header *oh = got->data;
            assert_int_equal(ntohs(oh->length),
                             n_received < n_sent ? 60008 : 9);
            buffer_delete(got);
            n_received++;
        } else {
            vconn_recv_wait(server);
            run_once(rc, server);
        }
    }
    assert_int_equal(pins->n_packets, 0);
    assert_int_equal(pins->n_bytes, 0);
    assert_int_equal(rconn_count_txqlen(rc), 0);

    /* Disconnecting drops what is queued and releases the counters. */
    rconn_disconnect(rc);
    assert_int_equal(rconn_send_with_limit(rc, make_echo(OFPT_ECHO_REPLY, 8,
                                                         ""), pins, 5),
                     ENOTCONN);
    assert_int_equal(pins->n_packets, 0);
    rconn_packet_counter_destroy(pins);
    rconn_packet_counter_destroy(NULL);

    vconn_close(server);
    rconn_destroy(rc);
    pvconn_close(pvconn);
    free(pname);
    free(aname);
}

/* An unreliable rconn over an accepted vconn ends with it. */
static void
test_unreliable(void **state)
{
    char *pname = sock_name("punix", "u.sock");
    char *aname = sock_name("unix", "u.sock");
    struct pvconn *pvconn;
    assert_int_equal(pvconn_open(pname, 0, 0, &pvconn), 0);
    struct vconn *client;
    assert_int_equal(vconn_open(aname, 1u << OFP10_VERSION, 0, &client), 0);
    long long deadline = time_msec() + 5000;
    struct vconn *accepted;
    while (pvconn_accept(pvconn, &accepted)) {
        assert_true(time_msec() < deadline);
        pvconn_wait(pvconn);
        poll_timer_wait(20);
        poll_block();
    }

    struct rconn *rc = rconn_create(0, 0, 0, 0);
    rconn_set_clock(rc, fake_clock);
    fake_now = 0;
    rconn_connect_unreliably(rc, accepted, "service");
    assert_string_equal(rconn_get_name(rc), "service");
    assert_string_equal(rconn_get_target(rc), "");
    check_state(rc, "CONNECTING");
    while (!rconn_is_connected(rc) || vconn_connect(client) == EAGAIN) {
        assert_true(time_msec() < deadline);
        vconn_run(client);
        vconn_run_wait(client);
        vconn_connect_wait(client);
        run_once(rc, NULL);
    }
    check_state(rc, "ACTIVE");
    assert_int_equal(rconn_get_version(rc), OFP10_VERSION);

    vconn_close(client);
    while (rconn_is_alive(rc)) {
        assert_true(time_msec() < deadline);
        assert_null(rconn_recv(rc));
        rconn_recv_wait(rc);
        run_once(rc, NULL);
    }
    check_state(rc, "DISCONNECTED");
    assert_int_equal(rconn_get_last_error(rc), EOF);
    /* It does not come back. */
    fake_now = 100000;
    run_once(rc, NULL);
    check_state(rc, "DISCONNECTED");

    rconn_destroy(rc);
    pvconn_close(pvconn);
    free(pname);
    free(aname);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_backoff, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_probe, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_queue_limit, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_unreliable, setup_tmpdir,
                                        teardown_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

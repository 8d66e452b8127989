/* Unit tests for ofproto/connmgr.c: a service listener accepts a real
 * OpenFlow connection, hands its messages to the handler, carries replies
 * and errors back, and sends asynchronous messages only to connections
 * that asked for them.  The peer runs in a thread of its own with the
 * blocking vconn helpers, as sluice-ofctl would. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "ofproto/connmgr.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "atomic.h"
#include "buffer.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofp-protocol.h"
#include "poll-loop.h"
#include "thread.h"
#include "util.h"
#include "vconn.h"

static char sock_path[64];
static atomic_bool peer_done;
static atomic_int peer_failures;
static struct connmgr *mgr;
static int n_handled;

static struct buffer *
build_port_status(enum ofp_protocol protocol, void *aux SLUICE_UNUSED)
{
    enum ofp_version version = ofp_protocol_to_version(protocol);
    enum ofpraw raw = (version >= OFP14_VERSION ? OFPRAW_OFPT14_PORT_STATUS
                       : version >= OFP11_VERSION ? OFPRAW_OFPT11_PORT_STATUS
                       : OFPRAW_OFPT10_PORT_STATUS);
    size_t body = (version >= OFP14_VERSION ? 48
                   : version >= OFP11_VERSION ? 72 : 56);
    struct buffer *msg = ofpraw_alloc(raw, version, body);
    memset(buffer_put_uninit(msg, body), 0, body);
    ofpmsg_update_length(msg);
    return msg;
}

/* The switch side: answers barriers, turns on asynchronous messages and
 * sends a port status on a features request, rejects anything else. */
static void
handler(void *aux SLUICE_UNUSED, struct ofconn *ofconn,
        const struct ofp_header *oh)
{
    enum ofptype type;

    n_handled++;
    assert_int_equal(ofconn_get_type(ofconn), OFCONN_SERVICE);
    assert_int_equal(ofptype_decode(&type, oh), 0);
    if (type == OFPTYPE_BARRIER_REQUEST) {
        enum ofpraw raw = (oh->version == OFP10_VERSION
                           ? OFPRAW_OFPT10_BARRIER_REPLY
                           : OFPRAW_OFPT11_BARRIER_REPLY);
        ofconn_send_reply(ofconn, ofpraw_alloc_reply(raw, oh, 0));
    } else if (type == OFPTYPE_FEATURES_REQUEST) {
        /* Nothing goes to a service connection before it asks. */
        connmgr_send_async(mgr, OFCONN_ASYNC_PORT_STATUS, 0,
                           build_port_status, NULL);
        ofconn_set_miss_send_len(ofconn, 128);
        connmgr_send_async(mgr, OFCONN_ASYNC_PORT_STATUS, 0,
                           build_port_status, NULL);
    } else {
        ofconn_send_error(ofconn, oh, OFPERR_OFPBRC_BAD_TYPE);
    }
}

#define PEER_CHECK(COND)                                                \
    do {                                                                \
        if (!(COND)) {                                                  \
            fprintf(stderr, "peer: %s failed\n", #COND);                \
            atomic_add_relaxed(&peer_failures, 1);                      \
            goto out;                                                   \
        }                                                               \
    } while (0)

static void *
peer_main(void *arg SLUICE_UNUSED)
{
    struct vconn *vconn = NULL;
    struct buffer *reply = NULL;
    char *target = xasprintf("unix:%s", sock_path);
    char *detail = NULL;
    enum ofptype type;

    PEER_CHECK(!vconn_open_block(target,
                                 OFP_VERSION_BIT(OFP13_VERSION), 0, 5000,
                                 &vconn, &detail));
    PEER_CHECK(vconn_get_version(vconn) == OFP13_VERSION);

    /* A barrier gets its reply. */
    struct buffer *req = ofpraw_alloc(OFPRAW_OFPT11_BARRIER_REQUEST,
                                      OFP13_VERSION, 0);
    PEER_CHECK(!vconn_transact(vconn, req, &reply));
    PEER_CHECK(!ofptype_decode(&type, reply->data));
    PEER_CHECK(type == OFPTYPE_BARRIER_REPLY);
    buffer_delete(reply);
    reply = NULL;

    /* After the features request, exactly one port status arrives. */
    req = ofpraw_alloc(OFPRAW_OFPT_FEATURES_REQUEST, OFP13_VERSION, 0);
    PEER_CHECK(!vconn_send_block(vconn, req));
    PEER_CHECK(!vconn_recv_block(vconn, &reply));
    PEER_CHECK(!ofptype_decode(&type, reply->data));
    PEER_CHECK(type == OFPTYPE_PORT_STATUS);
    buffer_delete(reply);
    reply = NULL;

    /* Anything else: an error naming the request. */
    req = ofpraw_alloc(OFPRAW_OFPT_GET_CONFIG_REQUEST, OFP13_VERSION, 0);
    be32 xid = ((struct ofp_header *) req->data)->xid;
    PEER_CHECK(!vconn_send_block(vconn, req));
    PEER_CHECK(!vconn_recv_block(vconn, &reply));
    const struct ofp_header *oh = reply->data;
    PEER_CHECK(oh->xid == xid);
    PEER_CHECK(ofperr_decode_msg(oh, reply->size, NULL, NULL)
               == OFPERR_OFPBRC_BAD_TYPE);

out:
    buffer_delete(reply);
    vconn_close(vconn);
    free(detail);
    free(target);
    atomic_store(&peer_done, true);
    return NULL;
}

static void
test_service_connection(void **state SLUICE_UNUSED)
{
    snprintf(sock_path, sizeof sock_path, "/tmp/test-connmgr.%d.sock",
             (int) getpid());
    unlink(sock_path);

    mgr = connmgr_create("br0", handler, NULL);
    char *target = xasprintf("punix:%s", sock_path);
    const char *targets[] = { target };
    char *error = NULL;
    assert_int_equal(connmgr_set_listeners(mgr, targets, 1, &error), 0);
    assert_null(error);
    assert_false(connmgr_has_controllers(mgr));
    assert_false(connmgr_fail_open_active(mgr));

    atomic_store(&peer_done, false);
    pthread_t peer = thread_create("peer", peer_main, NULL);
    while (!atomic_load(&peer_done)) {
        connmgr_run(mgr);
        connmgr_wait(mgr);
        poll_timer_wait(10);
        poll_block();
    }
    thread_join(peer, NULL);
    assert_int_equal(atomic_load(&peer_failures), 0);
    assert_int_equal(n_handled, 3);

    /* The connection goes away when the peer closes it. */
    for (int i = 0; i < 20; i++) {
        connmgr_run(mgr);
        connmgr_wait(mgr);
        poll_timer_wait(5);
        poll_block();
    }
    connmgr_destroy(mgr);
    free(target);
    unlink(sock_path);
}

static void
test_bad_listener(void **state SLUICE_UNUSED)
{
    struct connmgr *m = connmgr_create("br1", handler, NULL);
    const char *targets[] = { "punix:/nonexistent-dir/x.sock", "bogus:1" };
    char *error = NULL;
    assert_int_not_equal(connmgr_set_listeners(m, targets, 2, &error), 0);
    assert_non_null(error);
    assert_non_null(strstr(error, "br1: could not listen on "
                           "punix:/nonexistent-dir/x.sock"));
    free(error);
    connmgr_destroy(m);
}

static void
test_controllers_and_fail_mode(void **state SLUICE_UNUSED)
{
    struct connmgr *m = connmgr_create("br2", handler, NULL);
    struct connmgr_controller c = { .target = "tcp:127.0.0.1:1" };

    connmgr_set_controllers(m, &c, 1);
    assert_true(connmgr_has_controllers(m));
    /* Configured but not connected: a standalone switch acts alone. */
    assert_true(connmgr_fail_open_active(m));
    connmgr_set_fail_mode(m, OFPROTO_FAIL_SECURE);
    assert_false(connmgr_fail_open_active(m));
    connmgr_set_controllers(m, NULL, 0);
    assert_false(connmgr_has_controllers(m));
    connmgr_destroy(m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_service_connection),
        cmocka_unit_test(test_bad_listener),
        cmocka_unit_test(test_controllers_and_fail_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/vconn.c, over Unix domain sockets in a temporary
 * directory and TCP on the loopback.
 *
 * Expected bytes of hellos and of the hello-failed error come from the
 * real ovs-ofctl (Open vSwitch 3.1) talking to a scripted peer. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buffer.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "openflow.h"
#include "poll-loop.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vconn.h"

static char tmpdir[64];

static int
setup_tmpdir(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test-vconn-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown_tmpdir(void **state)
{
    return rmdir(tmpdir);
}

/* Returns "PREFIX:TMPDIR/NAME", which the caller frees. */
static char *
sock_name(const char *prefix, const char *name)
{
    return xasprintf("%s:%s/%s", prefix, tmpdir, name);
}

#define V(N) (1u << (N))

/* Converts hex string HEX (spaces allowed) into *SIZEP bytes, which the
 * caller frees. */
static uint8_t *
hex_to_bytes(const char *hex, size_t *sizep)
{
    uint8_t *bytes = xmalloc(strlen(hex) / 2 + 1);
    size_t n = 0;
    while (*hex) {
        if (*hex == ' ') {
            hex++;
            continue;
        }
        unsigned int byte;
        assert_int_equal(sscanf(hex, "%2x", &byte), 1);
        bytes[n++] = byte;
        hex += 2;
    }
    *sizep = n;
    return bytes;
}

/* Raw peers: plain streams that speak bytes. */

static void
raw_send(struct stream *stream, const void *data, size_t size)
{
    long long deadline = time_msec() + 5000;
    const uint8_t *p = data;
    while (size) {
        int n = stream_send(stream, p, size);
        if (n > 0) {
            p += n;
            size -= n;
        } else {
            assert_int_equal(n, -EAGAIN);
            assert_true(time_msec() < deadline);
            stream_send_wait(stream);
            poll_timer_wait(100);
            poll_block();
        }
    }
}

static void
raw_send_hex(struct stream *stream, const char *hex)
{
    size_t size;
    uint8_t *bytes = hex_to_bytes(hex, &size);
    raw_send(stream, bytes, size);
    free(bytes);
}

/* Receives exactly SIZE bytes from STREAM into DATA (or until the end of
 * the stream); returns the number received. */
static size_t
raw_recv(struct stream *stream, void *data, size_t size)
{
    long long deadline = time_msec() + 5000;
    size_t got = 0;
    while (got < size) {
        int n = stream_recv(stream, (uint8_t *) data + got, size - got);
        if (n > 0) {
            got += n;
        } else if (n == 0) {
            break;
        } else {
            assert_int_equal(n, -EAGAIN);
            assert_true(time_msec() < deadline);
            stream_recv_wait(stream);
            poll_timer_wait(100);
            poll_block();
        }
    }
    return got;
}

/* Asserts that the next bytes from STREAM are those in HEX, ignoring
 * positions where HEX has "xx". */
static void
raw_expect_hex(struct stream *stream, const char *hex)
{
    char *clean = xmalloc(strlen(hex) + 1);
    size_t len = 0;
    for (const char *p = hex; *p; p++) {
        if (*p != ' ') {
            clean[len++] = *p;
        }
    }
    clean[len] = '\0';
    size_t size = len / 2;
    uint8_t *got = xmalloc(size);
    assert_int_equal(raw_recv(stream, got, size), size);
    char *got_hex = xmalloc(len + 1);
    for (size_t i = 0; i < size; i++) {
        snprintf(got_hex + 2 * i, 3, "%02x", got[i]);
        if (clean[2 * i] == 'x') {
            got_hex[2 * i] = got_hex[2 * i + 1] = 'x';
        }
    }
    assert_string_equal(got_hex, clean);
    free(got_hex);
    free(got);
    free(clean);
}

/* Asserts that STREAM reaches its end without more data. */
static void
raw_expect_eof(struct stream *stream)
{
    uint8_t byte;
    assert_int_equal(raw_recv(stream, &byte, 1), 0);
}

/* Connection pairs. */

/* Runs the poll loop until both A and B stop returning EAGAIN from
 * vconn_connect(); returns A's result and stores B's in *B_ERROR. */
static int
connect_pair(struct vconn *a, struct vconn *b, int *b_error)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        int ea = vconn_connect(a);
        int eb = vconn_connect(b);
        if (ea != EAGAIN && eb != EAGAIN) {
            *b_error = eb;
            return ea;
        }
        assert_true(time_msec() < deadline);
        vconn_run(a);
        vconn_run(b);
        vconn_run_wait(a);
        vconn_run_wait(b);
        vconn_connect_wait(a);
        vconn_connect_wait(b);
        poll_timer_wait(100);
        poll_block();
    }
}

/* Accepts one connection on PVCONN. */
static struct vconn *
accept_vconn(struct pvconn *pvconn)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct vconn *vconn;
        int error = pvconn_accept(pvconn, &vconn);
        if (!error) {
            return vconn;
        }
        assert_int_equal(error, EAGAIN);
        assert_true(time_msec() < deadline);
        pvconn_wait(pvconn);
        poll_timer_wait(100);
        poll_block();
    }
}

/* Opens a client vconn to a fresh listener of the kind that PASSIVE names
 * ("punix" or "ptcp") and accepts it. */
static void
open_pair(const char *passive, uint32_t client_versions,
          uint32_t server_versions, struct pvconn **pvconnp,
          struct vconn **clientp, struct vconn **serverp)
{
    char *pname, *aname;
    if (!strcmp(passive, "punix")) {
        pname = sock_name("punix", "pair.sock");
        aname = sock_name("unix", "pair.sock");
    } else {
        pname = xstrdup("ptcp:0:127.0.0.1");
        aname = NULL;
    }
    assert_int_equal(pvconn_open(pname, server_versions, 0, pvconnp), 0);
    if (!aname) {
        aname = xasprintf("tcp:127.0.0.1:%u",
                          pvconn_get_bound_port(*pvconnp));
    }
    assert_int_equal(vconn_open(aname, client_versions, 0, clientp), 0);
    assert_string_equal(vconn_get_name(*clientp), aname);
    *serverp = accept_vconn(*pvconnp);
    free(pname);
    free(aname);
}

/* Receives a message on VCONN, running the loop for up to 5 s. */
static struct buffer *
recv_msg(struct vconn *vconn)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct buffer *msg;
        int error = vconn_recv(vconn, &msg);
        if (!error) {
            return msg;
        }
        assert_int_equal(error, EAGAIN);
        assert_true(time_msec() < deadline);
        vconn_run(vconn);
        vconn_run_wait(vconn);
        vconn_recv_wait(vconn);
        poll_timer_wait(100);
        poll_block();
    }
}

/* Runs the loop until vconn_recv() on VCONN fails; returns the error.  No
 * message may arrive. */
static int
recv_error(struct vconn *vconn)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct buffer *msg;
        int error = vconn_recv(vconn, &msg);
        assert_null(msg);
        if (error != EAGAIN) {
            return error;
        }
        assert_true(time_msec() < deadline);
        vconn_run(vconn);
        vconn_run_wait(vconn);
        vconn_recv_wait(vconn);
        poll_timer_wait(100);
        poll_block();
    }
}

/* Names. */

static void
test_names(void **state)
{
    assert_int_equal(vconn_verify_name("tcp:127.0.0.1"), 0);
    assert_int_equal(vconn_verify_name("tcp:127.0.0.1:6653"), 0);
    assert_int_equal(vconn_verify_name("ssl:127.0.0.1:6653"), 0);
    assert_int_equal(vconn_verify_name("unix:/run/br0.mgmt"), 0);
    assert_int_equal(vconn_verify_name("ptcp:6653"), EAFNOSUPPORT);
    assert_int_equal(vconn_verify_name("udp:1.2.3.4:5"), EAFNOSUPPORT);
    assert_int_equal(pvconn_verify_name("ptcp:6653"), 0);
    assert_int_equal(pvconn_verify_name("ptcp:"), 0);
    assert_int_equal(pvconn_verify_name("punix:/run/x"), 0);
    assert_int_equal(pvconn_verify_name("pssl:6653:127.0.0.1"), 0);
    assert_int_equal(pvconn_verify_name("tcp:1.2.3.4"), EAFNOSUPPORT);

    struct vconn *vconn;
    assert_int_equal(vconn_open("udp:1.2.3.4:5", 0, 0, &vconn),
                     EAFNOSUPPORT);
    assert_null(vconn);
    vconn_close(NULL);
    pvconn_close(NULL);
}

/* Hello negotiation. */

struct negotiation_case {
    uint32_t client, server;
    int version;                /* Expected, or -1 for no common version. */
};

static void
test_negotiation(void **state)
{
    static const struct negotiation_case cases[] = {
        { 0, 0, OFP15_VERSION },
        { V(1), 0, OFP10_VERSION },
        { 0, V(1), OFP10_VERSION },
        { V(1) | V(4), 0, OFP13_VERSION },
        { V(1) | V(4), V(1) | V(2) | V(3), OFP10_VERSION },
        { V(4) | V(5), V(1) | V(2) | V(3) | V(4), OFP13_VERSION },
        { V(2), V(2) | V(6), OFP11_VERSION },
        { V(6), V(1) | V(2) | V(3) | V(4) | V(5), -1 },
        { V(1) | V(4), V(3), -1 },
        { V(3), V(1) | V(2), -1 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct negotiation_case *c = &cases[i];
        struct pvconn *pvconn;
        struct vconn *client, *server;
        open_pair(i % 2 ? "ptcp" : "punix", c->client, c->server, &pvconn,
                  &client, &server);
        int server_error;
        int client_error = connect_pair(client, server, &server_error);
        if (c->version >= 0) {
            assert_int_equal(client_error, 0);
            assert_int_equal(server_error, 0);
            assert_int_equal(vconn_get_version(client), c->version);
            assert_int_equal(vconn_get_version(server), c->version);
            assert_null(vconn_get_error_detail(client));
        } else {
            assert_int_equal(client_error, EPROTO);
            assert_int_equal(server_error, EPROTO);
            assert_int_equal(vconn_get_version(client), -1);
            assert_non_null(strstr(vconn_get_error_detail(client),
                                   "version negotiation failed"));
        }
        vconn_close(client);
        vconn_close(server);
        pvconn_close(pvconn);
    }
}

/* What a vconn sends first, and what it answers to a hello without a
 * common version: the same bytes as ovs-ofctl. */
static void
test_hello_bytes(void **state)
{
    char *pname = sock_name("punix", "hello.sock");
    char *aname = sock_name("unix", "hello.sock");
    struct pstream *pstream;
    assert_int_equal(pstream_open(pname, &pstream, 0), 0);

    struct {
        uint32_t versions;
        const char *peer_hello;
        const char *hello;      /* Expected, "xx" for the xid. */
        const char *error;      /* Expected, or NULL. */
        const char *detail;     /* Expected after the name and ": ". */
    } cases[] = {
        { V(1), "0100000800000001", "01000008xxxxxxxx", NULL, NULL },
        { 0, "0600000800000001", "06000008xxxxxxxx", NULL, NULL },
        { V(1) | V(4), "0600000800000001",
          "04000010xxxxxxxx0001000800000012", NULL, NULL },
        /* ovs-ofctl -O OpenFlow10,OpenFlow13 against a 1.5-only peer. */
        { V(1) | V(4), "06000010000000010001000800000040",
          "04000010xxxxxxxx0001000800000012",
          "06010059000000000000000057652073"
          "7570706f72742076657273696f6e7320"
          "307830312c20307830342c20796f7520"
          "737570706f72742076657273696f6e20"
          "307830362c206e6f20636f6d6d6f6e20"
          "76657273696f6e732e",
          "version negotiation failed (we support versions 0x01, 0x04, "
          "peer supports version 0x06)" },
        /* ovs-ofctl -O OpenFlow14 against a plain 1.2 hello. */
        { V(5), "0300000800000007",
          "05000010xxxxxxxx0001000800000020",
          "0301005e000000000000000057652073"
          "7570706f72742076657273696f6e2030"
          "7830352c20796f7520737570706f7274"
          "2076657273696f6e203078303320616e"
          "64206561726c6965722c206e6f20636f"
          "6d6d6f6e2076657273696f6e732e",
          "version negotiation failed (we support version 0x05, peer "
          "supports version 0x03 and earlier)" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct vconn *vconn;
        assert_int_equal(vconn_open(aname, cases[i].versions, 0, &vconn),
                         0);
        struct stream *peer = NULL;
        long long deadline = time_msec() + 5000;
        while (pstream_accept(pstream, &peer) == EAGAIN) {
            assert_int_equal(vconn_connect(vconn), EAGAIN);
            assert_true(time_msec() < deadline);
            vconn_run(vconn);
            vconn_run_wait(vconn);
            pstream_wait(pstream);
            poll_timer_wait(100);
            poll_block();
        }
        assert_int_equal(vconn_connect(vconn), EAGAIN);
        raw_expect_hex(peer, cases[i].hello);
        raw_send_hex(peer, cases[i].peer_hello);
        if (!cases[i].error) {
            assert_int_equal(vconn_connect_block(vconn, 5000), 0);
        } else {
            assert_int_equal(vconn_connect_block(vconn, 5000), EPROTO);
            raw_expect_hex(peer, cases[i].error);
            raw_expect_eof(peer);
            char *detail = xasprintf("%s: %s", aname, cases[i].detail);
            assert_string_equal(vconn_get_error_detail(vconn), detail);
            free(detail);
            /* The failure sticks. */
            struct buffer *msg;
            assert_int_equal(vconn_recv(vconn, &msg), EPROTO);
            assert_null(msg);
        }
        stream_close(peer);
        vconn_close(vconn);
    }

    /* A peer that refuses us with an error instead of a hello. */
    struct vconn *vconn;
    assert_int_equal(vconn_open(aname, V(1), 0, &vconn), 0);
    struct stream *peer = NULL;
    long long deadline = time_msec() + 5000;
    while (pstream_accept(pstream, &peer) == EAGAIN) {
        assert_true(time_msec() < deadline);
        vconn_run(vconn);
        vconn_run_wait(vconn);
        pstream_wait(pstream);
        poll_timer_wait(100);
        poll_block();
    }
    raw_send_hex(peer, "0101001000000000000000014e6f2e21");
    assert_int_equal(vconn_connect_block(vconn, 5000), EPROTO);
    char *detail = xasprintf("%s: peer refused the connection with "
                             "OFPHFC_EPERM (No.!)", aname);
    assert_string_equal(vconn_get_error_detail(vconn), detail);
    free(detail);
    stream_close(peer);
    vconn_close(vconn);

    pstream_close(pstream);
    free(pname);
    free(aname);
}

/* Returns a new message of SIZE bytes (at least 8) in VERSION with XID,
 * of an experimenter-free type (echo request), with a body pattern. */
static struct buffer *
make_msg(enum ofp_version version, size_t size, uint32_t xid)
{
    struct buffer *msg = buffer_new(size);
    struct ofp_header *oh = buffer_put_uninit(msg, size);
    oh->version = version;
    oh->type = OFPT_ECHO_REQUEST;
    oh->length = htons(size);
    oh->xid = htonl(xid);
    uint8_t *body = (uint8_t *) (oh + 1);
    for (size_t i = 0; i < size - sizeof *oh; i++) {
        body[i] = (uint8_t) (i * 7 + xid);
    }
    return msg;
}

/* Checks that MSG is what make_msg(VERSION, SIZE, XID) made. */
static void
check_msg(struct buffer *msg, enum ofp_version version, size_t size,
          uint32_t xid)
{
    struct buffer *expected = make_msg(version, size, xid);
    assert_int_equal(msg->size, size);
    assert_memory_equal(msg->data, expected->data, size);
    buffer_delete(expected);
    buffer_delete(msg);
}

/* Messages of every size from 8 to 2047 bytes and many more up to 65535
 * pass between two vconns, over Unix sockets and TCP; and a raw peer that
 * sends them in pieces of 1 to 17 bytes gets them through just the
 * same. */
static void
test_messages(void **state)
{
    static const char *const kinds[] = { "punix", "ptcp" };
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
        struct pvconn *pvconn;
        struct vconn *client, *server;
        open_pair(kinds[k], V(4), 0, &pvconn, &client, &server);
        int server_error;
        assert_int_equal(connect_pair(client, server, &server_error), 0);
        assert_int_equal(server_error, 0);

        size_t sizes[2048 + 70];
        size_t n = 0;
        for (size_t s = 8; s < 2048; s++) {
            sizes[n++] = s;
        }
        for (size_t s = 2048; s < 65535; s += 997) {
            sizes[n++] = s;
        }
        sizes[n++] = 65535;

        uint64_t sent = vconn_get_n_sent(client);
        size_t next_recv = 0;
        for (size_t i = 0; i < n; i++) {
            struct buffer *msg = make_msg(OFP13_VERSION, sizes[i], i);
            long long deadline = time_msec() + 5000;
            for (;;) {
                int error = vconn_send(client, msg);
                if (!error) {
                    break;
                }
                assert_int_equal(error, EAGAIN);
                assert_true(time_msec() < deadline);
                /* Drain the other side to make room. */
                struct buffer *got;
                while (!vconn_recv(server, &got)) {
                    check_msg(got, OFP13_VERSION, sizes[next_recv],
                              next_recv);
                    next_recv++;
                }
                vconn_run(client);
                vconn_run_wait(client);
                vconn_send_wait(client);
                vconn_recv_wait(server);
                poll_block();
            }
        }
        while (next_recv < n) {
            vconn_run(client);
            check_msg(recv_msg(server), OFP13_VERSION, sizes[next_recv],
                      next_recv);
            next_recv++;
        }
        assert_int_equal(vconn_get_n_sent(client) - sent, n);
        assert_int_equal(vconn_get_backlog(client), 0);

        vconn_close(client);
        assert_int_equal(recv_error(server), EOF);
        assert_string_equal(vconn_get_error_detail(server) + strlen(
                                vconn_get_name(server)),
                            ": connection closed by peer");
        vconn_close(server);
        pvconn_close(pvconn);
    }

    /* Split across reads: a raw peer dribbles messages in pieces. */
    char *pname = sock_name("punix", "split.sock");
    char *aname = sock_name("unix", "split.sock");
    struct pvconn *pvconn;
    assert_int_equal(pvconn_open(pname, V(1), 0, &pvconn), 0);
    struct stream *peer;
    assert_int_equal(stream_open_block(stream_open(aname, &peer, 0), 5000,
                                       &peer), 0);
    struct vconn *server = accept_vconn(pvconn);
    raw_send_hex(peer, "0100000800000005");
    assert_int_equal(vconn_connect_block(server, 5000), 0);
    raw_expect_hex(peer, "01000008xxxxxxxx");

    static const size_t split_sizes[] = { 8, 9, 15, 16, 17, 100, 4096,
                                          65535 };
    for (size_t i = 0; i < ARRAY_SIZE(split_sizes); i++) {
        struct buffer *msg = make_msg(OFP10_VERSION, split_sizes[i], i);
        const uint8_t *p = msg->data;
        size_t left = msg->size;
        size_t piece = 1;
        while (left) {
            size_t chunk = MIN(piece, left);
            raw_send(peer, p, chunk);
            p += chunk;
            left -= chunk;
            piece = piece % 17 + 1;
            if (left) {
                /* The receiver sees a partial message (and reading keeps
                 * the socket from filling up with tiny sends). */
                struct buffer *none;
                assert_int_equal(vconn_recv(server, &none), EAGAIN);
            }
        }
        buffer_delete(msg);
        check_msg(recv_msg(server), OFP10_VERSION, split_sizes[i], i);
    }

    /* The peer goes away in the middle of a message. */
    raw_send_hex(peer, "01020010000000");
    stream_close(peer);
    assert_int_equal(recv_error(server), EPROTO);
    vconn_close(server);
    pvconn_close(pvconn);
    free(pname);
    free(aname);
}

/* Connects a raw peer to a new vconn that allows VERSIONS and completes
 * the hello exchange with PEER_HELLO.  */
static void
raw_pair(const char *name, uint32_t versions, const char *peer_hello,
         struct pvconn **pvconnp, struct stream **peerp,
         struct vconn **vconnp)
{
    char *pname = sock_name("punix", name);
    char *aname = sock_name("unix", name);
    assert_int_equal(pvconn_open(pname, versions, 0, pvconnp), 0);
    assert_int_equal(stream_open_block(stream_open(aname, peerp, 0), 5000,
                                       peerp), 0);
    *vconnp = accept_vconn(*pvconnp);
    raw_send_hex(*peerp, peer_hello);
    assert_int_equal(vconn_connect_block(*vconnp, 5000), 0);
    uint8_t hello[64];
    assert_int_equal(raw_recv(*peerp, hello, 8), 8);
    assert_int_equal(hello[1], OFPT_HELLO);
    size_t length = hello[2] << 8 | hello[3];
    assert_true(length >= 8 && length <= sizeof hello);
    assert_int_equal(raw_recv(*peerp, hello + 8, length - 8), length - 8);
    free(pname);
    free(aname);
}

/* A header whose length is below 8 gets OFPBRC_BAD_LEN and the connection
 * closes cleanly. */
static void
test_bad_length(void **state)
{
    for (unsigned int length = 0; length < 8; length += 4) {
        struct pvconn *pvconn;
        struct stream *peer;
        struct vconn *vconn;
        raw_pair("badlen.sock", V(4), "0400000800000001", &pvconn, &peer,
                 &vconn);
        char hex[32];
        snprintf(hex, sizeof hex, "0402%04x12345678", length);
        raw_send_hex(peer, hex);
        assert_int_equal(recv_error(vconn), EPROTO);
        /* OFPT_ERROR (OF1.3) (xid=0x12345678): OFPBRC_BAD_LEN, carrying
         * the 8 bytes of the bad header. */
        snprintf(hex, sizeof hex, "0402%04x12345678", length);
        char *expected = xasprintf("040100141234567800010006%s", hex);
        raw_expect_hex(peer, expected);
        free(expected);
        raw_expect_eof(peer);
        char *detail = xasprintf("%s: received OpenFlow header with length "
                                 "%u, below the minimum of 8",
                                 vconn_get_name(vconn), length);
        assert_string_equal(vconn_get_error_detail(vconn), detail);
        free(detail);
        struct buffer *msg;
        /* On failure the caller keeps its message. */
        struct buffer *unsent = make_msg(OFP13_VERSION, 8, 1);
        assert_int_equal(vconn_send(vconn, unsent), EPROTO);
        buffer_delete(unsent);
        assert_int_equal(vconn_recv(vconn, &msg), EPROTO);
        stream_close(peer);
        vconn_close(vconn);
        pvconn_close(pvconn);
    }
}

/* A message in another version than the negotiated one is answered with
 * OFPBRC_BAD_VERSION and dropped; echo requests pass in any version; the
 * connection stays up. */
static void
test_bad_version(void **state)
{
    struct pvconn *pvconn;
    struct stream *peer;
    struct vconn *vconn;
    raw_pair("badver.sock", 0, "0400000800000001", &pvconn, &peer, &vconn);
    assert_int_equal(vconn_get_version(vconn), OFP13_VERSION);
    assert_int_equal(vconn_get_peer_versions(vconn), 0x1e);

    /* An OpenFlow 1.0 features request, then a 1.0 echo request, then a
     * 1.3 echo request. */
    raw_send_hex(peer, "0105000800000011" "0102000800000012"
                 "0402000800000013");
    struct buffer *msg = recv_msg(vconn);
    check_msg(msg, OFP10_VERSION, 8, 0x12);
    msg = recv_msg(vconn);
    check_msg(msg, OFP13_VERSION, 8, 0x13);
    /* OFPT_ERROR (xid=0x11): OFPBRC_BAD_VERSION, in the request's
     * version. */
    raw_expect_hex(peer, "01010014000000110001000001050008 00000011");
    stream_close(peer);
    assert_int_equal(recv_error(vconn), EOF);
    vconn_close(vconn);
    pvconn_close(pvconn);
}

/* A scripted switch for the blocking helpers, in its own thread: it
 * answers echo requests and barriers, answers features requests with an
 * OFPBRC_EPERM error, answers statistics requests with three replies, and
 * before each answer sends an unrelated echo request of its own. */
static void *
switch_thread(void *pvconn_)
{
    struct pvconn *pvconn = pvconn_;
    struct vconn *vconn = accept_vconn(pvconn);
    struct buffer *msg;
    while (!vconn_recv_block(vconn, &msg)) {
        const struct ofp_header *oh = msg->data;
        struct buffer *unrelated = make_msg(oh->version, 12, 0xdead);
        assert_int_equal(vconn_send_block(vconn, unrelated), 0);
        if (oh->type == OFPT_ECHO_REQUEST) {
            struct buffer *reply = buffer_clone(msg);
            ((struct ofp_header *) reply->data)->type = OFPT_ECHO_REPLY;
            assert_int_equal(vconn_send_block(vconn, reply), 0);
        } else if (oh->type == 5) {
            struct buffer *error = ofperr_encode_reply(OFPERR_OFPBRC_EPERM,
                                                       oh);
            assert_int_equal(vconn_send_block(vconn, error), 0);
        } else if (oh->type == 20) {
            assert_int_equal(vconn_send_block(
                                 vconn, ofpraw_alloc_reply(
                                     OFPRAW_OFPT11_BARRIER_REPLY, oh, 0)), 0);
        } else if (oh->type == OFPT11_STATS_REQUEST) {
            for (int i = 0; i < 3; i++) {
                struct buffer *reply = ofpraw_alloc_stats_reply(oh, 0);
                ofpmsg_update_length(reply);
                uint8_t *flags = (uint8_t *) reply->data + 11;
                *flags = i < 2 ? OFPSF_REPLY_MORE : 0;
                assert_int_equal(vconn_send_block(vconn, reply), 0);
            }
        }
        buffer_delete(msg);
    }
    vconn_close(vconn);
    return NULL;
}

/* Returns a message that switch_thread() does not answer: an echo reply
 * with XID. */
static struct buffer *
make_unanswered(uint32_t xid)
{
    struct buffer *msg = make_msg(OFP13_VERSION, 8, xid);
    ((struct ofp_header *) msg->data)->type = OFPT_ECHO_REPLY;
    return msg;
}

static void
test_transact(void **state)
{
    char *pname = sock_name("punix", "switch.sock");
    char *aname = sock_name("unix", "switch.sock");
    struct pvconn *pvconn;
    assert_int_equal(pvconn_open(pname, V(4), 0, &pvconn), 0);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, switch_thread, pvconn),
                     0);

    struct vconn *vconn;
    char *detail;
    assert_int_equal(vconn_open_block(aname, 0, 0, 5000, &vconn, &detail),
                     0);
    assert_null(detail);
    assert_int_equal(vconn_get_version(vconn), OFP13_VERSION);

    /* vconn_transact() skips the unrelated message. */
    struct buffer *reply;
    assert_int_equal(vconn_transact(vconn, make_msg(OFP13_VERSION, 20, 77),
                                    &reply), 0);
    assert_int_equal(reply->size, 20);
    const struct ofp_header *oh = reply->data;
    assert_int_equal(oh->type, OFPT_ECHO_REPLY);
    assert_int_equal(ntohl(oh->xid), 77);
    buffer_delete(reply);

    /* A request that gets no answer, then one that gets an error. */
    struct buffer *request = make_unanswered(21);
    assert_int_equal(vconn_transact_noreply(vconn, request, &reply), 0);
    assert_null(reply);
    request = ofpraw_alloc_xid(OFPRAW_OFPT_FEATURES_REQUEST, OFP13_VERSION,
                               htonl(1234), 0);
    assert_int_equal(vconn_transact_noreply(vconn, request, &reply), 0);
    assert_non_null(reply);
    assert_int_equal(ofperr_decode_msg(reply->data, reply->size, NULL, NULL),
                     OFPERR_OFPBRC_EPERM);
    assert_int_equal(ntohl(((struct ofp_header *) reply->data)->xid), 1234);
    buffer_delete(reply);

    /* A sequence stops at the first request that gets an answer. */
    struct list requests = LIST_INITIALIZER(&requests);
    struct buffer *b = make_unanswered(98);
    list_push_back(&requests, &b->list_node);
    b = ofpraw_alloc_xid(OFPRAW_OFPT_FEATURES_REQUEST, OFP13_VERSION,
                         htonl(99), 0);
    list_push_back(&requests, &b->list_node);
    b = ofpraw_alloc_xid(OFPRAW_OFPT_FEATURES_REQUEST, OFP13_VERSION,
                         htonl(100), 0);
    list_push_back(&requests, &b->list_node);
    assert_int_equal(vconn_transact_multiple_noreply(vconn, &requests,
                                                     &reply), 0);
    assert_true(list_is_empty(&requests));
    assert_int_equal(ntohl(((struct ofp_header *) reply->data)->xid), 99);
    buffer_delete(reply);

    /* A multipart dump collects the replies up to the last. */
    struct list replies = LIST_INITIALIZER(&replies);
    request = ofpraw_alloc_xid(OFPRAW_OFPST_DESC_REQUEST, OFP13_VERSION,
                               htonl(555), 0);
    ofpmsg_update_length(request);
    assert_int_equal(vconn_transact_multipart(vconn, request, &replies), 0);
    assert_int_equal(list_size(&replies), 3);
    struct buffer *r;
    int i = 0;
    LIST_FOR_EACH (r, list_node, &replies) {
        assert_int_equal(ntohl(((struct ofp_header *) r->data)->xid), 555);
        assert_int_equal(ofpmp_more(r->data), i++ < 2);
    }
    buffer_list_delete(&replies);

    vconn_close(vconn);
    pthread_join(thread, NULL);
    pvconn_close(pvconn);

    /* Opening a vconn to nowhere explains itself. */
    assert_int_equal(vconn_open_block(aname, 0, 0, 5000, &vconn, &detail),
                     ENOENT);
    assert_null(vconn);
    char *expected = xasprintf("%s: connection failed (%s)", aname,
                               sluice_strerror(ENOENT));
    assert_string_equal(detail, expected);
    free(expected);
    free(detail);
    free(pname);
    free(aname);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_negotiation, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_hello_bytes, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_messages, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_bad_length, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_bad_version, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_transact, setup_tmpdir,
                                        teardown_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/jsonrpc.c, over real Unix domain sockets in a
 * temporary directory. */
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
#include "dynamic-string.h"
#include "json.h"
#include "jsonrpc.h"
#include "poll-loop.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"

/* Each test gets a fresh temporary directory for its sockets. */
static char tmpdir[64];

static int
setup_tmpdir(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test-jsonrpc-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown_tmpdir(void **state)
{
    /* The listeners remove their sockets; anything left is a bug. */
    return rmdir(tmpdir);
}

/* Returns "PREFIX:TMPDIR/NAME", which the caller frees. */
static char *
sock_name(const char *prefix, const char *name)
{
    return xasprintf("%s:%s/%s", prefix, tmpdir, name);
}

static struct json *
parse(const char *s)
{
    struct json *json;
    char *error = json_from_string(s, &json);
    if (error) {
        fail_msg("%s: %s", s, error);
    }
    return json;
}

/* Asserts that JSON serializes (sorted) to EXPECTED. */
static void
assert_json(const struct json *json, const char *expected)
{
    char *text = json_to_string(json, JSSF_SORT);
    assert_string_equal(text, expected);
    free(text);
}

static struct pstream *
listen_on(const char *name)
{
    char *pname = sock_name("punix", name);
    struct pstream *pstream;
    assert_int_equal(pstream_open(pname, &pstream, 0), 0);
    free(pname);
    return pstream;
}

static struct stream *
connect_to(const char *name)
{
    char *aname = sock_name("unix", name);
    struct stream *stream;
    int error = stream_open(aname, &stream, 0);
    assert_int_equal(stream_open_block(error, 5000, &stream), 0);
    free(aname);
    return stream;
}

static struct stream *
accept_from(struct pstream *pstream)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct stream *stream;
        int error = pstream_accept(pstream, &stream);
        if (!error) {
            return stream;
        }
        assert_int_equal(error, EAGAIN);
        assert_true(time_msec() < deadline);
        pstream_wait(pstream);
        poll_timer_wait(100);
        poll_block();
    }
}

/* Receives a message on RPC, running the poll loop for up to 5 s, and
 * returns it. */
static struct jsonrpc_msg *
recv_msg(struct jsonrpc *rpc)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct jsonrpc_msg *msg;
        int error = jsonrpc_recv(rpc, &msg);
        if (!error) {
            return msg;
        }
        assert_int_equal(error, EAGAIN);
        assert_true(time_msec() < deadline);
        jsonrpc_run(rpc);
        jsonrpc_wait(rpc);
        jsonrpc_recv_wait(rpc);
        poll_timer_wait(100);
        poll_block();
    }
}

/* Runs the poll loop until jsonrpc_recv() on RPC fails, and returns the
 * error; no message may arrive meanwhile. */
static int
recv_error(struct jsonrpc *rpc)
{
    struct jsonrpc_msg *msg;
    int error;
    long long deadline = time_msec() + 5000;
    while ((error = jsonrpc_recv(rpc, &msg)) == EAGAIN) {
        assert_true(time_msec() < deadline);
        jsonrpc_recv_wait(rpc);
        poll_timer_wait(100);
        poll_block();
    }
    assert_null(msg);
    assert_int_equal(jsonrpc_get_status(rpc), error);
    return error;
}

/* Sends the LENGTH bytes of S on STREAM, completely. */
static void
send_raw(struct stream *stream, const char *s, size_t length)
{
    while (length > 0) {
        int n = stream_send(stream, s, length);
        if (n == -EAGAIN) {
            stream_send_wait(stream);
            poll_block();
            continue;
        }
        assert_true(n > 0);
        s += n;
        length -= n;
    }
}

/* Messages. */

static void
test_msg_json(void **state)
{
    /* Requests get distinct integer ids. */
    struct json *id1, *id2;
    struct jsonrpc_msg *req1 = jsonrpc_create_request(
        "transact", parse("[\"Open_vSwitch\",{\"op\":\"select\"}]"), &id1);
    struct jsonrpc_msg *req2 = jsonrpc_create_request(
        "echo", json_array_create_empty(), &id2);
    assert_int_equal(id1->type, JSON_INTEGER);
    assert_false(json_equal(id1, id2));
    assert_true(json_equal(req1->id, id1));
    assert_null(jsonrpc_msg_is_valid(req1));

    char *s = jsonrpc_msg_to_string(req2);
    char *expected = xasprintf("request method=\"echo\" params=[] id=%lld",
                               (long long) json_integer(id2));
    assert_string_equal(s, expected);
    free(expected);
    free(s);

    /* Each type converts to the documented JSON and back. */
    struct jsonrpc_msg *msgs[] = {
        req1,
        jsonrpc_create_notify("update", parse("[null,{\"a\":1}]")),
        jsonrpc_create_reply(parse("[{\"count\":1}]"), id1),
        jsonrpc_create_error(json_string_create("not found"), id2),
    };
    char *id1_text = json_to_string(id1, 0);
    char *id2_text = json_to_string(id2, 0);
    char *texts[] = {
        xasprintf("{\"id\":%s,\"method\":\"transact\",\"params\":"
                  "[\"Open_vSwitch\",{\"op\":\"select\"}]}", id1_text),
        xstrdup("{\"id\":null,\"method\":\"update\",\"params\":"
                "[null,{\"a\":1}]}"),
        xasprintf("{\"error\":null,\"id\":%s,\"result\":[{\"count\":1}]}",
                  id1_text),
        xasprintf("{\"error\":\"not found\",\"id\":%s,\"result\":null}",
                  id2_text),
    };
    enum jsonrpc_msg_type types[] = {
        JSONRPC_REQUEST, JSONRPC_NOTIFY, JSONRPC_REPLY, JSONRPC_ERROR
    };
    for (size_t i = 0; i < ARRAY_SIZE(msgs); i++) {
        assert_int_equal(msgs[i]->type, types[i]);
        assert_null(jsonrpc_msg_is_valid(msgs[i]));
        struct json *json = jsonrpc_msg_to_json(msgs[i]);
        assert_json(json, texts[i]);

        struct jsonrpc_msg *msg;
        assert_null(jsonrpc_msg_from_json(json, &msg));
        assert_int_equal(msg->type, types[i]);
        json = jsonrpc_msg_to_json(msg);
        assert_json(json, texts[i]);
        json_destroy(json);
        free(texts[i]);
    }
    free(id1_text);
    free(id2_text);
    json_destroy(id1);
    json_destroy(id2);
    jsonrpc_msg_destroy(req2);
    jsonrpc_msg_destroy(NULL);

    /* Lenient forms that OVSDB peers send. */
    struct jsonrpc_msg *msg;
    assert_null(jsonrpc_msg_from_json(
                    parse("{\"method\":\"update\",\"params\":[]}"), &msg));
    assert_int_equal(msg->type, JSONRPC_NOTIFY);
    assert_null(msg->id);
    jsonrpc_msg_destroy(msg);
    assert_null(jsonrpc_msg_from_json(
                    parse("{\"result\":{},\"id\":\"x\"}"), &msg));
    assert_int_equal(msg->type, JSONRPC_REPLY);
    assert_json(msg->id, "\"x\"");
    jsonrpc_msg_destroy(msg);
    assert_null(jsonrpc_msg_from_json(
                    parse("{\"error\":{\"e\":1},\"id\":null}"), &msg));
    assert_int_equal(msg->type, JSONRPC_ERROR);
    assert_json(msg->error, "{\"e\":1}");
    jsonrpc_msg_destroy(msg);

    /* Invalid messages. */
    static const struct {
        const char *json;
        const char *error;
    } bad[] = {
        { "[1]", "message is a JSON array, not an object" },
        { "\"x\"", "message is a JSON string, not an object" },
        { "{}", "message has no \"method\", \"result\" or \"error\"" },
        { "{\"method\":\"m\",\"params\":[],\"id\":1,\"x\":2}",
          "message has unexpected member \"x\"" },
        { "{\"method\":5,\"params\":[],\"id\":1}",
          "\"method\" is integer, not a string" },
        { "{\"method\":\"m\",\"id\":1}", "request \"m\" has no \"params\"" },
        { "{\"method\":\"m\",\"params\":{},\"id\":1}",
          "request \"m\": \"params\" is object, not an array" },
        { "{\"method\":\"m\",\"params\":[],\"result\":1,\"id\":1}",
          "request \"m\" has a \"result\" member" },
        { "{\"method\":\"m\",\"params\":[],\"error\":null,\"id\":1}",
          "request \"m\" has an \"error\" member" },
        { "{\"params\":[],\"result\":1,\"id\":1}",
          "message has \"params\" but no \"method\"" },
        { "{\"result\":1,\"error\":2,\"id\":1}",
          "reply has both a non-null \"result\" and a non-null \"error\"" },
        { "{\"result\":1,\"error\":null}", "reply has no \"id\"" },
        { "{\"result\":1,\"id\":null}", "reply has a null \"id\"" },
        { "{\"error\":\"e\"}", "error has no \"id\"" },
        { "{\"error\":null,\"id\":1}",
          "message has no \"method\", \"result\" or \"error\"" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        char *error = jsonrpc_msg_from_json(parse(bad[i].json), &msg);
        if (!error || strcmp(error, bad[i].error)) {
            fail_msg("%s: expected \"%s\", got \"%s\"", bad[i].json,
                     bad[i].error, error ? error : "success");
        }
        assert_null(msg);
        free(error);
    }

    /* jsonrpc_msg_is_valid() catches inconsistent messages. */
    msg = jsonrpc_create_notify("m", json_object_create());
    char *error = jsonrpc_msg_is_valid(msg);
    assert_string_equal(error, "notification \"m\" has params that are not "
                        "an array");
    free(error);
    jsonrpc_msg_destroy(msg);
    msg = jsonrpc_create_error(json_null_create(), NULL);
    error = jsonrpc_msg_is_valid(msg);
    assert_string_equal(error, "error must have a non-null error and no "
                        "result");
    free(error);
    jsonrpc_msg_destroy(msg);
    msg = jsonrpc_create_reply(json_integer_create(1), NULL);
    error = jsonrpc_msg_is_valid(msg);
    assert_string_equal(error, "reply has no id");
    free(error);
    jsonrpc_msg_destroy(msg);
}

/* Connections. */

/* A server thread: answers "add" with the sum of its params and "fail"
 * with an error; on a "ping_me" notification sends a "pong" notification
 * and an "echo" request of its own; counts what it gets until the client
 * goes away. */
struct server {
    struct pstream *pstream;
    int n_notifies;
    int n_echo_replies;
    int status;
};

/* Like accept_from() but for the server thread, where cmocka's assertions
 * may not be used. */
static struct stream *
server_accept(struct pstream *pstream)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct stream *stream;
        int error = pstream_accept(pstream, &stream);
        if (!error) {
            return stream;
        }
        sluice_assert(error == EAGAIN && time_msec() < deadline);
        pstream_wait(pstream);
        poll_timer_wait(100);
        poll_block();
    }
}

static void *
server_main(void *server_)
{
    struct server *server = server_;
    struct jsonrpc *rpc = jsonrpc_open(server_accept(server->pstream));
    for (;;) {
        struct jsonrpc_msg *msg;
        int error = jsonrpc_recv_block(rpc, &msg);
        if (error) {
            server->status = error;
            break;
        }
        if (msg->type == JSONRPC_REQUEST && !strcmp(msg->method, "add")) {
            int64_t sum = 0;
            const struct json_array *params = json_array(msg->params);
            for (size_t i = 0; i < params->n; i++) {
                sum += json_integer(params->elems[i]);
            }
            jsonrpc_send_block(rpc, jsonrpc_create_reply(
                                   json_integer_create(sum), msg->id));
        } else if (msg->type == JSONRPC_REQUEST
                   && !strcmp(msg->method, "fail")) {
            jsonrpc_send_block(rpc, jsonrpc_create_error(
                                   json_string_create("requested failure"),
                                   msg->id));
        } else if (msg->type == JSONRPC_NOTIFY
                   && !strcmp(msg->method, "ping_me")) {
            server->n_notifies++;
            jsonrpc_send(rpc, jsonrpc_create_notify(
                             "pong", json_array_create_empty()));
            struct jsonrpc_msg *echo = jsonrpc_create_request(
                "echo", json_array_create_1(json_string_create("hello")),
                NULL);
            json_destroy(echo->id);
            echo->id = json_string_create("srv-echo");
            jsonrpc_send_block(rpc, echo);
        } else if (msg->type == JSONRPC_REPLY
                   && msg->id->type == JSON_STRING
                   && !strcmp(json_string(msg->id), "srv-echo")) {
            char *text = json_to_string(msg->result, 0);
            if (!strcmp(text, "[\"hello\"]")) {
                server->n_echo_replies++;
            }
            free(text);
        }
        jsonrpc_msg_destroy(msg);
    }
    jsonrpc_close(rpc);
    return NULL;
}

static struct jsonrpc_msg *
make_add(int64_t a, int64_t b)
{
    return jsonrpc_create_request("add", json_array_create_2(
                                      json_integer_create(a),
                                      json_integer_create(b)), NULL);
}

/* Requests get their replies and error replies, notifications flow both
 * ways, and jsonrpc_transact_block() skips unrelated messages and answers
 * the server's "echo". */
static void
test_request_reply(void **state)
{
    struct server server = { .pstream = listen_on("db.sock") };
    pthread_t thread;
    pthread_create(&thread, NULL, server_main, &server);

    struct jsonrpc *rpc = jsonrpc_open(connect_to("db.sock"));
    char *name = sock_name("unix", "db.sock");
    assert_string_equal(jsonrpc_get_name(rpc), name);
    free(name);

    struct jsonrpc_msg *reply;
    assert_int_equal(jsonrpc_transact_block(rpc, make_add(2, 40), &reply),
                     0);
    assert_int_equal(reply->type, JSONRPC_REPLY);
    assert_int_equal(json_integer(reply->result), 42);
    jsonrpc_msg_destroy(reply);

    /* Exact 64-bit integers survive the trip. */
    assert_int_equal(jsonrpc_transact_block(
                         rpc, make_add(INT64_MAX - 1, 1), &reply), 0);
    assert_true(json_integer(reply->result) == INT64_MAX);
    jsonrpc_msg_destroy(reply);

    /* A notification, then a request: the "pong" and the server's "echo"
     * arrive before the reply. */
    assert_int_equal(jsonrpc_send_block(rpc, jsonrpc_create_notify(
                                            "ping_me",
                                            json_array_create_empty())), 0);
    struct json *id;
    struct jsonrpc_msg *request = make_add(-5, 3);
    id = json_clone(request->id);
    assert_int_equal(jsonrpc_transact_block(rpc, request, &reply), 0);
    assert_int_equal(reply->type, JSONRPC_REPLY);
    assert_true(json_equal(reply->id, id));
    assert_int_equal(json_integer(reply->result), -2);
    jsonrpc_msg_destroy(reply);
    json_destroy(id);

    assert_int_equal(jsonrpc_transact_block(
                         rpc, jsonrpc_create_request(
                             "fail", json_array_create_empty(), NULL),
                         &reply), 0);
    assert_int_equal(reply->type, JSONRPC_ERROR);
    assert_json(reply->error, "\"requested failure\"");
    jsonrpc_msg_destroy(reply);
    assert_int_equal(jsonrpc_get_backlog(rpc), 0);
    assert_int_equal(jsonrpc_get_status(rpc), 0);

    /* An invalid message is refused without harm to the connection. */
    assert_int_equal(jsonrpc_send(rpc, jsonrpc_create_reply(
                                      json_integer_create(1), NULL)),
                     EINVAL);
    assert_int_equal(jsonrpc_get_status(rpc), 0);
    assert_int_equal(jsonrpc_transact_block(rpc, make_add(1, 1), &reply),
                     0);
    assert_int_equal(json_integer(reply->result), 2);
    jsonrpc_msg_destroy(reply);

    jsonrpc_close(rpc);
    pthread_join(thread, NULL);
    assert_int_equal(server.status, EOF);
    assert_int_equal(server.n_notifies, 1);
    assert_int_equal(server.n_echo_replies, 1);
    pstream_close(server.pstream);
    jsonrpc_close(NULL);
}

/* A message that arrives one byte per read is assembled; several messages
 * in one read come out one by one; a 3 MiB message arrives whole. */
static void
test_split_messages(void **state)
{
    struct pstream *pstream = listen_on("split.sock");
    struct stream *client = connect_to("split.sock");
    struct jsonrpc *server = jsonrpc_open(accept_from(pstream));

    static const char request[] =
        "{\"id\":7,\"method\":\"transact\",\"params\":[\"Open_vSwitch\","
        "{\"op\":\"insert\",\"table\":\"Bridge\",\"row\":{\"name\":"
        "\"br\xc3\xa9\"}}]}";
    struct jsonrpc_msg *msg;
    for (size_t i = 0; i < sizeof request - 1; i++) {
        send_raw(client, &request[i], 1);
        if (i < sizeof request - 2) {
            assert_int_equal(jsonrpc_recv(server, &msg), EAGAIN);
            assert_null(msg);
        }
    }
    msg = recv_msg(server);
    assert_int_equal(jsonrpc_get_received_bytes(server), sizeof request - 1);
    assert_int_equal(msg->type, JSONRPC_REQUEST);
    assert_string_equal(msg->method, "transact");
    assert_json(msg->params, "[\"Open_vSwitch\",{\"op\":\"insert\","
                "\"row\":{\"name\":\"br\xc3\xa9\"},\"table\":\"Bridge\"}]");
    assert_json(msg->id, "7");
    jsonrpc_msg_destroy(msg);

    /* Three messages and white space in one write. */
    static const char three[] =
        "{\"method\":\"a\",\"params\":[],\"id\":null}\n"
        "  {\"result\":[1],\"error\":null,\"id\":2}"
        "{\"result\":null,\"error\":\"e\",\"id\":3}\r\n";
    send_raw(client, three, sizeof three - 1);
    enum jsonrpc_msg_type types[] = {
        JSONRPC_NOTIFY, JSONRPC_REPLY, JSONRPC_ERROR
    };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        msg = recv_msg(server);
        assert_int_equal(msg->type, types[i]);
        jsonrpc_msg_destroy(msg);
    }
    assert_int_equal(jsonrpc_recv(server, &msg), EAGAIN);

    /* A big message, sent without blocking while the server reads. */
    stream_close(client);
    assert_int_equal(recv_error(server), EOF);
    jsonrpc_close(server);

    struct jsonrpc *sender = jsonrpc_open(connect_to("split.sock"));
    server = jsonrpc_open(accept_from(pstream));
    struct json *rows = json_array_create_empty();
    for (int i = 0; i < 65536; i++) {
        json_array_add(rows, json_string_create_format(
                           "row %d: %s", i, "0123456789abcdef0123456789ab"));
    }
    char *rows_text = json_to_string(rows, 0);
    assert_true(strlen(rows_text) > 2 * 1024 * 1024);
    assert_int_equal(jsonrpc_send(sender, jsonrpc_create_notify(
                                      "big", json_clone(rows))), 0);
    assert_true(jsonrpc_get_backlog(sender) > 0);
    long long deadline = time_msec() + 5000;
    msg = NULL;
    while (!msg) {
        jsonrpc_run(sender);
        int error = jsonrpc_recv(server, &msg);
        if (error == EAGAIN) {
            assert_true(time_msec() < deadline);
            jsonrpc_wait(sender);
            jsonrpc_recv_wait(server);
            poll_block();
        } else {
            assert_int_equal(error, 0);
        }
    }
    assert_int_equal(jsonrpc_get_backlog(sender), 0);
    assert_string_equal(msg->method, "big");
    assert_true(json_equal(msg->params, rows));
    jsonrpc_msg_destroy(msg);
    free(rows_text);
    json_destroy(rows);

    jsonrpc_close(sender);
    jsonrpc_close(server);
    pstream_close(pstream);
}

/* Each kind of bad input ends only the connection it came on, with the
 * right status, and the peer sees its connection closed. */
static void
test_bad_peer(void **state)
{
    static const struct {
        const char *input;
        int status;
        size_t max_msg_size;        /* 0: default. */
        bool close_after;           /* Peer closes after sending? */
    } cases[] = {
        { "{\"method\":5,\"params\":[],\"id\":1}", EPROTO, 0, false },
        { "[1,2}", EPROTO, 0, false },
        { "[1]", EPROTO, 0, false },
        { "\"\xc0\x80\"", EPROTO, 0, false },
        { "{\"method\":\"m\",\"params\":[],\"id\":1,\"extra\":0}", EPROTO,
          0, false },
        { "{\"method\":\"m\",\"params\":[\"0123456789\",\"0123456789\"]",
          EMSGSIZE, 32, false },
        { "{\"method\":\"m\",\"par", EPROTO, 0, true },
        { "  \n", EOF, 0, true },
        { "", EOF, 0, true },
    };

    struct pstream *pstream = listen_on("bad.sock");
    struct jsonrpc *good_client = jsonrpc_open(connect_to("bad.sock"));
    struct jsonrpc *good_server = jsonrpc_open(accept_from(pstream));

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct stream *bad_client = connect_to("bad.sock");
        struct jsonrpc *server = jsonrpc_open(accept_from(pstream));
        if (cases[i].max_msg_size) {
            jsonrpc_set_max_msg_size(server, cases[i].max_msg_size);
        }

        send_raw(bad_client, cases[i].input, strlen(cases[i].input));
        if (cases[i].close_after) {
            stream_close(bad_client);
            bad_client = NULL;
        }
        assert_int_equal(recv_error(server), cases[i].status);

        /* The failed connection stays failed and has dropped its stream:
         * the peer reads end of stream. */
        struct jsonrpc_msg *msg;
        assert_int_equal(jsonrpc_recv(server, &msg), cases[i].status);
        assert_int_equal(jsonrpc_send(server, jsonrpc_create_notify(
                                          "x", json_array_create_empty())),
                         cases[i].status);
        if (bad_client) {
            char buf[16];
            long long deadline = time_msec() + 5000;
            int n;
            while ((n = stream_recv(bad_client, buf, sizeof buf))
                   == -EAGAIN) {
                assert_true(time_msec() < deadline);
                stream_recv_wait(bad_client);
                poll_block();
            }
            assert_true(n == 0 || n == -ECONNRESET);
            stream_close(bad_client);
        }
        jsonrpc_close(server);

        /* The good connection still works. */
        assert_int_equal(jsonrpc_send(good_client, make_add(i, 1)), 0);
        msg = recv_msg(good_server);
        assert_string_equal(msg->method, "add");
        jsonrpc_send(good_server, jsonrpc_create_reply(
                         json_integer_create(i + 1), msg->id));
        jsonrpc_msg_destroy(msg);
        msg = recv_msg(good_client);
        assert_int_equal(json_integer(msg->result), i + 1);
        jsonrpc_msg_destroy(msg);
    }

    jsonrpc_close(good_client);
    jsonrpc_close(good_server);
    pstream_close(pstream);
}

/* A peer that does not read gets disconnected once the send queue exceeds
 * its limit. */
static void
test_backlog_limit(void **state)
{
    struct pstream *pstream = listen_on("backlog.sock");
    struct stream *lazy_client = connect_to("backlog.sock");
    struct jsonrpc *server = jsonrpc_open(accept_from(pstream));
    jsonrpc_set_max_backlog(server, 64 * 1024);

    char *chunk = xmalloc(32 * 1024 + 1);
    memset(chunk, 'x', 32 * 1024);
    chunk[32 * 1024] = '\0';
    int error = 0;
    size_t max_backlog = 0;
    int n_sent;
    for (n_sent = 0; n_sent < 1000 && !error; n_sent++) {
        max_backlog = MAX(max_backlog, jsonrpc_get_backlog(server));
        error = jsonrpc_send(server, jsonrpc_create_notify(
                                 "update", json_array_create_1(
                                     json_string_create(chunk))));
    }
    assert_int_equal(error, ENOBUFS);
    assert_int_equal(jsonrpc_get_status(server), ENOBUFS);
    assert_int_equal(jsonrpc_get_backlog(server), 0);
    assert_true(max_backlog > 64 * 1024);
    assert_true(max_backlog <= 64 * 1024 + 33 * 1024);
    /* The socket buffer took some messages before the queue grew. */
    assert_true(n_sent > 3);

    free(chunk);
    jsonrpc_close(server);
    stream_close(lazy_client);
    pstream_close(pstream);
}

/* Sessions. */

/* Runs SESSIONS (N of them) through one pass of the poll loop, waking
 * after at most 50 ms. */
static void
run_sessions(struct jsonrpc_session **sessions, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (sessions[i]) {
            jsonrpc_session_run(sessions[i]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (sessions[i]) {
            jsonrpc_session_wait(sessions[i]);
        }
    }
    poll_timer_wait(50);
    poll_block();
}

/* Like run_sessions(), but also receives on each session, as a real
 * client does in each pass of its main loop; no message may arrive. */
static void
run_sessions_idle(struct jsonrpc_session **sessions, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_null(jsonrpc_session_recv(sessions[i]));
        jsonrpc_session_recv_wait(sessions[i]);
    }
    run_sessions(sessions, n);
}

/* Runs SESSIONS until all of them are connected. */
static void
run_until_connected(struct jsonrpc_session **sessions, size_t n)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        bool all = true;
        for (size_t i = 0; i < n; i++) {
            all = all && jsonrpc_session_is_connected(sessions[i]);
        }
        if (all) {
            return;
        }
        assert_true(time_msec() < deadline);
        run_sessions(sessions, n);
    }
}

/* Runs SESSIONS until SESSIONS[0] receives a message, and returns it. */
static struct jsonrpc_msg *
session_recv(struct jsonrpc_session **sessions, size_t n)
{
    long long deadline = time_msec() + 5000;
    for (;;) {
        struct jsonrpc_msg *msg = jsonrpc_session_recv(sessions[0]);
        if (msg) {
            return msg;
        }
        assert_true(time_msec() < deadline);
        jsonrpc_session_recv_wait(sessions[0]);
        run_sessions(sessions, n);
    }
}

/* Sends an "add" request from CLIENT and checks that SERVER gets it and
 * its reply gets back. */
static void
check_session_transaction(struct jsonrpc_session *client,
                          struct jsonrpc_session *server, int64_t x)
{
    struct jsonrpc_session *both[2] = { server, client };
    struct json *id;
    assert_int_equal(jsonrpc_session_send(client, jsonrpc_create_request(
                                              "add", json_array_create_1(
                                                  json_integer_create(x)),
                                              &id)), 0);
    struct jsonrpc_msg *msg = session_recv(both, 2);
    assert_string_equal(msg->method, "add");
    assert_int_equal(jsonrpc_session_send(server, jsonrpc_create_reply(
                                              json_integer_create(x),
                                              msg->id)), 0);
    jsonrpc_msg_destroy(msg);

    both[0] = client;
    both[1] = server;
    msg = session_recv(both, 2);
    assert_int_equal(msg->type, JSONRPC_REPLY);
    assert_true(json_equal(msg->id, id));
    assert_int_equal(json_integer(msg->result), x);
    jsonrpc_msg_destroy(msg);
    json_destroy(id);
}

/* An active session connects to a passive one, answers "echo" requests
 * itself, reconnects when the server restarts, and tells about each
 * change through its seqno. */
static void
test_session_reconnect(void **state)
{
    char *pname = sock_name("punix", "session.sock");
    char *aname = sock_name("unix", "session.sock");

    struct jsonrpc_session *server = jsonrpc_session_open(pname, true);
    struct jsonrpc_session *client = jsonrpc_session_open(aname, true);
    jsonrpc_session_set_backoff(client, 100, 200);
    assert_string_equal(jsonrpc_session_get_name(client), aname);
    assert_true(jsonrpc_session_is_alive(client));
    assert_false(jsonrpc_session_is_connected(client));
    assert_int_equal(jsonrpc_session_send(client, jsonrpc_create_notify(
                                              "x", json_array_create_empty())),
                     ENOTCONN);
    unsigned int seqno = jsonrpc_session_get_seqno(client);

    struct jsonrpc_session *both[2] = { server, client };
    run_until_connected(both, 2);
    assert_int_equal(jsonrpc_session_get_seqno(client), seqno + 1);
    check_session_transaction(client, server, 1);

    /* The client answers an "echo" request without showing it. */
    struct jsonrpc_msg *echo = jsonrpc_create_request(
        "echo", parse("[\"hi\",1]"), NULL);
    json_destroy(echo->id);
    echo->id = json_integer_create(99);
    assert_int_equal(jsonrpc_session_send(server, echo), 0);
    assert_int_equal(jsonrpc_session_send(server, jsonrpc_create_notify(
                                              "after_echo",
                                              json_array_create_empty())),
                     0);
    struct jsonrpc_session *client_first[2] = { client, server };
    struct jsonrpc_msg *msg = session_recv(client_first, 2);
    assert_int_equal(msg->type, JSONRPC_NOTIFY);
    assert_string_equal(msg->method, "after_echo");
    jsonrpc_msg_destroy(msg);
    msg = session_recv(both, 2);
    assert_int_equal(msg->type, JSONRPC_REPLY);
    assert_json(msg->id, "99");
    assert_json(msg->result, "[\"hi\",1]");
    jsonrpc_msg_destroy(msg);

    /* The server goes away: the client notices and keeps trying. */
    jsonrpc_session_close(server);
    long long deadline = time_msec() + 5000;
    while (jsonrpc_session_is_connected(client)) {
        assert_true(time_msec() < deadline);
        run_sessions_idle(&client, 1);
    }
    assert_int_equal(jsonrpc_session_get_seqno(client), seqno + 2);
    assert_int_equal(jsonrpc_session_get_last_error(client), EOF);
    for (int i = 0; i < 5; i++) {
        run_sessions(&client, 1);
    }
    assert_true(jsonrpc_session_is_alive(client));
    assert_false(jsonrpc_session_is_connected(client));

    /* The server comes back: the client reconnects within its backoff. */
    server = jsonrpc_session_open(pname, true);
    both[0] = server;
    long long start = time_msec();
    run_until_connected(both, 2);
    assert_true(time_msec() - start < 2000);
    assert_int_equal(jsonrpc_session_get_seqno(client), seqno + 3);
    check_session_transaction(client, server, 2);

    /* A forced reconnection drops and restores the connection. */
    jsonrpc_session_force_reconnect(client);
    run_sessions(both, 2);
    assert_int_equal(jsonrpc_session_get_seqno(client), seqno + 4);
    run_until_connected(both, 2);
    assert_int_equal(jsonrpc_session_get_seqno(client), seqno + 5);
    check_session_transaction(client, server, 3);

    jsonrpc_session_close(client);
    jsonrpc_session_close(server);
    jsonrpc_session_close(NULL);

    /* Without retry, a session to nowhere gives up. */
    char *nowhere = sock_name("unix", "nowhere.sock");
    client = jsonrpc_session_open(nowhere, false);
    deadline = time_msec() + 5000;
    while (jsonrpc_session_is_alive(client)) {
        assert_true(time_msec() < deadline);
        run_sessions(&client, 1);
    }
    assert_int_equal(jsonrpc_session_get_last_error(client), ENOENT);
    assert_false(jsonrpc_session_is_connected(client));
    jsonrpc_session_close(client);
    free(nowhere);

    free(pname);
    free(aname);
}

/* A passive session takes a new connection in place of the old one; an
 * unreliable session over an accepted connection ends with it. */
static void
test_session_passive(void **state)
{
    char *pname = sock_name("punix", "passive.sock");
    struct jsonrpc_session *server = jsonrpc_session_open(pname, true);
    run_sessions(&server, 1);
    assert_true(jsonrpc_session_is_alive(server));
    unsigned int seqno = jsonrpc_session_get_seqno(server);

    struct jsonrpc *first = jsonrpc_open(connect_to("passive.sock"));
    long long deadline = time_msec() + 5000;
    while (!jsonrpc_session_is_connected(server)) {
        assert_true(time_msec() < deadline);
        run_sessions(&server, 1);
    }
    assert_int_equal(jsonrpc_session_get_seqno(server), seqno + 1);

    struct jsonrpc *second = jsonrpc_open(connect_to("passive.sock"));
    while (jsonrpc_session_get_seqno(server) != seqno + 3) {
        assert_true(time_msec() < deadline);
        run_sessions(&server, 1);
    }
    assert_true(jsonrpc_session_is_connected(server));
    assert_int_equal(recv_error(first), EOF);

    jsonrpc_send(second, make_add(1, 2));
    struct jsonrpc_msg *msg = session_recv(&server, 1);
    assert_string_equal(msg->method, "add");
    jsonrpc_msg_destroy(msg);
    jsonrpc_close(first);
    jsonrpc_close(second);
    jsonrpc_session_close(server);
    free(pname);

    /* Unreliable. */
    struct pstream *pstream = listen_on("unreliable.sock");
    struct jsonrpc *client = jsonrpc_open(connect_to("unreliable.sock"));
    server = jsonrpc_session_open_unreliably(
        jsonrpc_open(accept_from(pstream)));
    assert_true(jsonrpc_session_is_connected(server));
    jsonrpc_send(client, make_add(3, 4));
    msg = session_recv(&server, 1);
    assert_string_equal(msg->method, "add");
    jsonrpc_msg_destroy(msg);
    jsonrpc_close(client);
    deadline = time_msec() + 5000;
    while (jsonrpc_session_is_alive(server)) {
        assert_true(time_msec() < deadline);
        run_sessions_idle(&server, 1);
    }
    assert_false(jsonrpc_session_is_connected(server));
    assert_int_equal(jsonrpc_session_get_last_error(server), EOF);
    jsonrpc_session_close(server);
    pstream_close(pstream);
}

/* An idle session probes with "echo"; an answered probe keeps it up, an
 * unanswered one drops it after another probe interval. */
static void
test_session_probe(void **state)
{
    struct pstream *pstream = listen_on("probe.sock");
    char *aname = sock_name("unix", "probe.sock");
    struct jsonrpc_session *client = jsonrpc_session_open(aname, true);
    jsonrpc_session_set_probe_interval(client, 1000);
    jsonrpc_session_set_backoff(client, 5000, 5000);

    long long deadline = time_msec() + 5000;
    while (!jsonrpc_session_is_connected(client)) {
        assert_true(time_msec() < deadline);
        pstream_wait(pstream);
        run_sessions(&client, 1);
    }
    struct jsonrpc *server = jsonrpc_open(accept_from(pstream));
    unsigned int seqno = jsonrpc_session_get_seqno(client);

    /* First probe after about 1 s of silence; answer it. */
    long long start = time_msec();
    struct jsonrpc_msg *msg;
    while (jsonrpc_recv(server, &msg) == EAGAIN) {
        assert_true(time_msec() - start < 3000);
        jsonrpc_recv_wait(server);
        run_sessions(&client, 1);
    }
    long long elapsed = time_msec() - start;
    assert_true(elapsed >= 900);
    assert_int_equal(msg->type, JSONRPC_REQUEST);
    assert_string_equal(msg->method, "echo");
    assert_json(msg->params, "[]");
    assert_int_equal(jsonrpc_send(server, jsonrpc_create_reply(
                                      json_clone(msg->params), msg->id)), 0);
    jsonrpc_msg_destroy(msg);

    /* The reply is swallowed; the next probe is not answered. */
    start = time_msec();
    while (jsonrpc_session_is_connected(client)) {
        assert_null(jsonrpc_session_recv(client));
        assert_true(time_msec() - start < 4000);
        jsonrpc_session_recv_wait(client);
        run_sessions(&client, 1);
    }
    elapsed = time_msec() - start;
    assert_true(elapsed >= 1800);
    assert_int_equal(jsonrpc_session_get_seqno(client), seqno + 1);
    assert_int_equal(jsonrpc_session_get_last_error(client), ETIMEDOUT);

    /* The server saw the second probe, then the end of the connection. */
    msg = recv_msg(server);
    assert_string_equal(msg->method, "echo");
    jsonrpc_msg_destroy(msg);
    assert_int_equal(recv_error(server), EOF);

    jsonrpc_close(server);
    jsonrpc_session_close(client);
    pstream_close(pstream);
    free(aname);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msg_json),
        cmocka_unit_test_setup_teardown(test_request_reply, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_split_messages, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_bad_peer, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_backlog_limit, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_session_reconnect, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_session_passive, setup_tmpdir,
                                        teardown_tmpdir),
        cmocka_unit_test_setup_teardown(test_session_probe, setup_tmpdir,
                                        teardown_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

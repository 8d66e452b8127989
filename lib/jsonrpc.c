/* jsonrpc: JSON-RPC 1.0 messages, connections and sessions.  See
 * jsonrpc.h. */
#include <config.h>
#include "jsonrpc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "atomic.h"
#include "dynamic-string.h"
#include "json.h"
#include "list.h"
#include "poll-loop.h"
#include "reconnect.h"
#include "stream.h"
#include "timeval.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(jsonrpc);

/* Messages. */

const char *
jsonrpc_msg_type_to_string(enum jsonrpc_msg_type type)
{
    switch (type) {
    case JSONRPC_REQUEST:
        return "request";
    case JSONRPC_NOTIFY:
        return "notification";
    case JSONRPC_REPLY:
        return "reply";
    case JSONRPC_ERROR:
        return "error";
    default:
        return "<invalid>";
    }
}

static struct jsonrpc_msg *
jsonrpc_msg_create(enum jsonrpc_msg_type type, const char *method,
                   struct json *params, struct json *result,
                   struct json *error, struct json *id)
{
    struct jsonrpc_msg *msg = xmalloc(sizeof *msg);
    msg->type = type;
    msg->method = method ? xstrdup(method) : NULL;
    msg->params = params;
    msg->result = result;
    msg->error = error;
    msg->id = id;
    return msg;
}

/* Returns a new id for a request: a process-wide counter, so that ids are
 * unique even among connections. */
static struct json *
jsonrpc_create_id(void)
{
    static _Atomic unsigned int next_id;
    return json_integer_create(atomic_add_relaxed(&next_id, 1));
}

struct jsonrpc_msg *
jsonrpc_create_request(const char *method, struct json *params,
                       struct json **idp)
{
    struct json *id = jsonrpc_create_id();
    if (idp) {
        *idp = json_clone(id);
    }
    return jsonrpc_msg_create(JSONRPC_REQUEST, method, params, NULL, NULL,
                              id);
}

struct jsonrpc_msg *
jsonrpc_create_notify(const char *method, struct json *params)
{
    return jsonrpc_msg_create(JSONRPC_NOTIFY, method, params, NULL, NULL,
                              NULL);
}

struct jsonrpc_msg *
jsonrpc_create_reply(struct json *result, const struct json *id)
{
    return jsonrpc_msg_create(JSONRPC_REPLY, NULL, NULL, result, NULL,
                              json_clone(id));
}

struct jsonrpc_msg *
jsonrpc_create_error(struct json *error, const struct json *id)
{
    return jsonrpc_msg_create(JSONRPC_ERROR, NULL, NULL, NULL, error,
                              json_clone(id));
}

void
jsonrpc_msg_destroy(struct jsonrpc_msg *msg)
{
    if (msg) {
        free(msg->method);
        json_destroy(msg->params);
        json_destroy(msg->result);
        json_destroy(msg->error);
        json_destroy(msg->id);
        free(msg);
    }
}

char *
jsonrpc_msg_is_valid(const struct jsonrpc_msg *msg)
{
    const char *type = jsonrpc_msg_type_to_string(msg->type);
    bool is_call = (msg->type == JSONRPC_REQUEST
                    || msg->type == JSONRPC_NOTIFY);

    if (msg->type != JSONRPC_REQUEST && msg->type != JSONRPC_NOTIFY
        && msg->type != JSONRPC_REPLY && msg->type != JSONRPC_ERROR) {
        return xasprintf("invalid message type %d", (int) msg->type);
    }
    if (is_call) {
        if (!msg->method) {
            return xasprintf("%s has no method", type);
        }
        if (!msg->params || msg->params->type != JSON_ARRAY) {
            return xasprintf("%s \"%s\" has params that are not an array",
                             type, msg->method);
        }
        if (msg->result || msg->error) {
            return xasprintf("%s may not have a result or an error", type);
        }
    } else {
        if (msg->method || msg->params) {
            return xasprintf("%s may not have a method or params", type);
        }
        if (msg->type == JSONRPC_REPLY && (!msg->result || msg->error)) {
            return xasprintf("%s must have a result and no error", type);
        }
        if (msg->type == JSONRPC_ERROR
            && (msg->result || !msg->error
                || msg->error->type == JSON_NULL)) {
            return xasprintf("%s must have a non-null error and no "
                             "result", type);
        }
    }

    if (msg->type == JSONRPC_NOTIFY) {
        if (msg->id && msg->id->type != JSON_NULL) {
            return xasprintf("%s may not have an id", type);
        }
    } else if (!msg->id) {
        return xasprintf("%s has no id", type);
    } else if (msg->id->type == JSON_NULL && msg->type != JSONRPC_ERROR) {
        return xasprintf("%s has a null id", type);
    }
    return NULL;
}

struct json *
jsonrpc_msg_to_json(struct jsonrpc_msg *msg)
{
    char *error = jsonrpc_msg_is_valid(msg);
    if (error) {
        sluice_abort("jsonrpc: converting an invalid message: %s", error);
    }

    struct json *json = json_object_create();
    switch (msg->type) {
    case JSONRPC_REQUEST:
    case JSONRPC_NOTIFY:
        json_object_put(json, "method",
                        json_string_create_nocopy(msg->method));
        json_object_put(json, "params", msg->params);
        json_object_put(json, "id",
                        msg->id ? msg->id : json_null_create());
        break;
    case JSONRPC_REPLY:
        json_object_put(json, "result", msg->result);
        json_object_put(json, "error", json_null_create());
        json_object_put(json, "id", msg->id);
        break;
    case JSONRPC_ERROR:
        json_object_put(json, "result", json_null_create());
        json_object_put(json, "error", msg->error);
        json_object_put(json, "id", msg->id);
        break;
    default:
        sluice_abort("jsonrpc: bad message type %d", (int) msg->type);
    }
    free(msg);
    return json;
}

/* Returns true if VALUE is absent or JSON null. */
static bool
is_null(const struct json *value)
{
    return !value || value->type == JSON_NULL;
}

char *
jsonrpc_msg_from_json(struct json *json, struct jsonrpc_msg **msgp)
{
    static const char *const members[] = {
        "method", "params", "result", "error", "id"
    };
    char *error = NULL;

    *msgp = NULL;
    if (json->type != JSON_OBJECT) {
        error = xasprintf("message is a JSON %s, not an object",
                          json_type_to_string(json->type));
        goto exit;
    }

    struct shash_node *node;
    SHASH_FOR_EACH (node, json_object(json)) {
        bool known = false;
        for (size_t i = 0; i < ARRAY_SIZE(members); i++) {
            if (!strcmp(node->name, members[i])) {
                known = true;
                break;
            }
        }
        if (!known) {
            struct ds ds = DS_EMPTY_INITIALIZER;
            ds_put_cstr(&ds, "message has unexpected member ");
            json_string_escape(node->name, &ds);
            error = ds_steal_cstr(&ds);
            goto exit;
        }
    }

    struct json *method = json_object_get(json, "method");
    struct json *params = json_object_get(json, "params");
    struct json *result = json_object_get(json, "result");
    struct json *err = json_object_get(json, "error");
    struct json *id = json_object_get(json, "id");
    enum jsonrpc_msg_type type;

    if (method) {
        if (method->type != JSON_STRING) {
            error = xasprintf("\"method\" is %s, not a string",
                              json_type_to_string(method->type));
            goto exit;
        }
        if (result || err) {
            error = xasprintf("request \"%s\" has %s member",
                              json_string(method),
                              result ? "a \"result\"" : "an \"error\"");
            goto exit;
        }
        if (!params) {
            error = xasprintf("request \"%s\" has no \"params\"",
                              json_string(method));
            goto exit;
        }
        if (params->type != JSON_ARRAY) {
            error = xasprintf("request \"%s\": \"params\" is %s, not an "
                              "array", json_string(method),
                              json_type_to_string(params->type));
            goto exit;
        }
        type = is_null(id) ? JSONRPC_NOTIFY : JSONRPC_REQUEST;
    } else {
        if (params) {
            error = xstrdup("message has \"params\" but no \"method\"");
            goto exit;
        }
        if (!is_null(err)) {
            if (!is_null(result)) {
                error = xstrdup("reply has both a non-null \"result\" and "
                                "a non-null \"error\"");
                goto exit;
            }
            type = JSONRPC_ERROR;
        } else if (result) {
            type = JSONRPC_REPLY;
        } else {
            error = xstrdup("message has no \"method\", \"result\" or "
                            "\"error\"");
            goto exit;
        }
        if (!id) {
            error = xasprintf("%s has no \"id\"",
                              jsonrpc_msg_type_to_string(type));
            goto exit;
        }
        if (id->type == JSON_NULL && type == JSONRPC_REPLY) {
            error = xstrdup("reply has a null \"id\"");
            goto exit;
        }
    }

    *msgp = jsonrpc_msg_create(
        type, method ? json_string(method) : NULL, json_clone(params),
        type == JSONRPC_REPLY ? json_clone(result) : NULL,
        type == JSONRPC_ERROR ? json_clone(err) : NULL,
        type == JSONRPC_NOTIFY ? NULL : json_clone(id));

exit:
    json_destroy(json);
    return error;
}

char *
jsonrpc_msg_to_string(const struct jsonrpc_msg *msg)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ds_put_format(&ds, "%s", jsonrpc_msg_type_to_string(msg->type));
    if (msg->method) {
        ds_put_cstr(&ds, " method=");
        json_string_escape(msg->method, &ds);
    }
    static const struct {
        const char *name;
        size_t offset;
    } parts[] = {
        { "params", offsetof(struct jsonrpc_msg, params) },
        { "result", offsetof(struct jsonrpc_msg, result) },
        { "error", offsetof(struct jsonrpc_msg, error) },
        { "id", offsetof(struct jsonrpc_msg, id) },
    };
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
        const struct json *value
            = *(struct json *const *) ((const char *) msg + parts[i].offset);
        if (value) {
            ds_put_format(&ds, " %s=", parts[i].name);
            json_to_ds(value, JSSF_SORT, &ds);
        }
    }
    return ds_steal_cstr(&ds);
}

/* Connections. */

/* Bytes read from the stream per stream_recv() call. */
#define JSONRPC_RX_SIZE 16384

/* stream_recv() calls per jsonrpc_recv() call. */
#define JSONRPC_RX_BATCH 50

/* Longest message text that a debug log shows. */
#define JSONRPC_LOG_MAX 1024

/* Serialized message waiting to be sent. */
struct jsonrpc_buf {
    struct list list_node;      /* In 'output' of struct jsonrpc. */
    char *data;
    size_t size;
    size_t ofs;                 /* Bytes already sent. */
};

struct jsonrpc {
    struct stream *stream;      /* Null once the connection failed. */
    char *name;
    int status;                 /* 0, or the error that ended it. */

    /* Input. */
    uint8_t *input;             /* JSONRPC_RX_SIZE bytes. */
    size_t input_ofs;           /* First unparsed byte. */
    size_t input_len;           /* Unparsed bytes. */
    struct json_parser *parser; /* Current message, if begun. */
    size_t msg_size;            /* Bytes fed to 'parser'. */
    size_t max_msg_size;
    uint64_t received_bytes;

    /* Output. */
    struct list output;         /* Contains struct jsonrpc_buf. */
    size_t backlog;             /* Unsent bytes in 'output'. */
    size_t max_backlog;
};

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

struct jsonrpc *
jsonrpc_open(struct stream *stream)
{
    sluice_assert(stream);
    struct jsonrpc *rpc = xzalloc(sizeof *rpc);
    rpc->stream = stream;
    rpc->name = xstrdup(stream_get_name(stream));
    rpc->input = xmalloc(JSONRPC_RX_SIZE);
    rpc->max_msg_size = JSONRPC_DEFAULT_MAX_MSG_SIZE;
    list_init(&rpc->output);
    rpc->max_backlog = JSONRPC_DEFAULT_MAX_BACKLOG;
    return rpc;
}

static void
jsonrpc_clear_output(struct jsonrpc *rpc)
{
    struct jsonrpc_buf *buf;
    LIST_FOR_EACH_POP (buf, list_node, &rpc->output) {
        free(buf->data);
        free(buf);
    }
    rpc->backlog = 0;
}

/* Ends RPC with ERROR (a positive errno value or EOF), closing its stream
 * and dropping its queues.  Only the first error counts. */
static void
jsonrpc_error(struct jsonrpc *rpc, int error)
{
    sluice_assert(error);
    if (!rpc->status) {
        rpc->status = error;
        stream_close(rpc->stream);
        rpc->stream = NULL;
        jsonrpc_clear_output(rpc);
        json_parser_abort(rpc->parser);
        rpc->parser = NULL;
        rpc->input_len = 0;
    }
}

void
jsonrpc_close(struct jsonrpc *rpc)
{
    if (rpc) {
        jsonrpc_error(rpc, EOF);
        free(rpc->input);
        free(rpc->name);
        free(rpc);
    }
}

void
jsonrpc_run(struct jsonrpc *rpc)
{
    if (rpc->status) {
        return;
    }

    stream_run(rpc->stream);
    while (!list_is_empty(&rpc->output)) {
        struct jsonrpc_buf *buf;
        INIT_CONTAINER(buf, list_front(&rpc->output), list_node);
        int n = stream_send(rpc->stream, buf->data + buf->ofs,
                            buf->size - buf->ofs);
        if (n > 0) {
            buf->ofs += n;
            rpc->backlog -= n;
            if (buf->ofs >= buf->size) {
                list_remove(&buf->list_node);
                free(buf->data);
                free(buf);
            }
        } else {
            if (n < 0 && n != -EAGAIN) {
                VLOG_WARN_RL(&rl, "%s: send error: %s", rpc->name,
                             sluice_strerror(-n));
                jsonrpc_error(rpc, -n);
            }
            break;
        }
    }
}

void
jsonrpc_wait(struct jsonrpc *rpc)
{
    if (!rpc->status) {
        stream_run_wait(rpc->stream);
        if (!list_is_empty(&rpc->output)) {
            stream_send_wait(rpc->stream);
        }
    }
}

int
jsonrpc_get_status(const struct jsonrpc *rpc)
{
    return rpc->status;
}

size_t
jsonrpc_get_backlog(const struct jsonrpc *rpc)
{
    return rpc->backlog;
}

uint64_t
jsonrpc_get_received_bytes(const struct jsonrpc *rpc)
{
    return rpc->received_bytes;
}

const char *
jsonrpc_get_name(const struct jsonrpc *rpc)
{
    return rpc->name;
}

void
jsonrpc_set_max_msg_size(struct jsonrpc *rpc, size_t max_msg_size)
{
    rpc->max_msg_size = MAX(max_msg_size, 1);
}

void
jsonrpc_set_max_backlog(struct jsonrpc *rpc, size_t max_backlog)
{
    rpc->max_backlog = max_backlog;
}

/* Logs MSG at debug level, as sent or received (TITLE). */
static void
jsonrpc_log_msg(const struct jsonrpc *rpc, const char *title,
                const struct jsonrpc_msg *msg)
{
    if (VLOG_IS_DBG_ENABLED()) {
        char *s = jsonrpc_msg_to_string(msg);
        size_t length = strlen(s);
        VLOG_DBG("%s: %s %.*s%s", rpc->name, title,
                 (int) MIN(length, JSONRPC_LOG_MAX), s,
                 length > JSONRPC_LOG_MAX ? "..." : "");
        free(s);
    }
}

int
jsonrpc_send(struct jsonrpc *rpc, struct jsonrpc_msg *msg)
{
    if (rpc->status) {
        jsonrpc_msg_destroy(msg);
        return rpc->status;
    }
    if (rpc->max_backlog && rpc->backlog > rpc->max_backlog) {
        VLOG_WARN_RL(&rl, "%s: dropping connection: %zu bytes wait to be "
                     "sent (limit %zu), the peer is not reading", rpc->name,
                     rpc->backlog, rpc->max_backlog);
        jsonrpc_msg_destroy(msg);
        jsonrpc_error(rpc, ENOBUFS);
        return rpc->status;
    }

    char *invalid = jsonrpc_msg_is_valid(msg);
    if (invalid) {
        VLOG_ERR_RL(&rl, "%s: not sending invalid message: %s", rpc->name,
                    invalid);
        free(invalid);
        jsonrpc_msg_destroy(msg);
        return EINVAL;
    }

    jsonrpc_log_msg(rpc, "send", msg);
    struct json *json = jsonrpc_msg_to_json(msg);
    struct ds ds = DS_EMPTY_INITIALIZER;
    json_to_ds(json, 0, &ds);
    json_destroy(json);

    struct jsonrpc_buf *buf = xmalloc(sizeof *buf);
    buf->size = ds.length;
    buf->data = ds_steal_cstr(&ds);
    buf->ofs = 0;
    list_push_back(&rpc->output, &buf->list_node);
    rpc->backlog += buf->size;

    jsonrpc_run(rpc);
    return rpc->status;
}

/* Reports a protocol error on RPC (an invalid message, described by
 * REASON) and ends the connection with ERROR. */
static void
jsonrpc_protocol_error(struct jsonrpc *rpc, int error, const char *reason)
{
    VLOG_WARN_RL(&rl, "%s: received bad JSON-RPC message, closing the "
                 "connection: %s", rpc->name, reason);
    jsonrpc_error(rpc, error);
}

/* Takes the complete message from RPC's parser.  Returns it, or null after
 * ending the connection if it is not valid. */
static struct jsonrpc_msg *
jsonrpc_take_message(struct jsonrpc *rpc)
{
    struct json *json;
    char *error = json_parser_finish(rpc->parser, &json);
    rpc->parser = NULL;
    rpc->msg_size = 0;
    if (error) {
        jsonrpc_protocol_error(rpc, EPROTO, error);
        free(error);
        return NULL;
    }

    struct jsonrpc_msg *msg;
    error = jsonrpc_msg_from_json(json, &msg);
    if (error) {
        jsonrpc_protocol_error(rpc, EPROTO, error);
        free(error);
        return NULL;
    }
    jsonrpc_log_msg(rpc, "received", msg);
    return msg;
}

int
jsonrpc_recv(struct jsonrpc *rpc, struct jsonrpc_msg **msgp)
{
    *msgp = NULL;
    for (int i = 0; i < JSONRPC_RX_BATCH && !rpc->status; i++) {
        if (!rpc->input_len) {
            int n = stream_recv(rpc->stream, rpc->input, JSONRPC_RX_SIZE);
            if (n == -EAGAIN) {
                return EAGAIN;
            } else if (n < 0) {
                VLOG_WARN_RL(&rl, "%s: receive error: %s", rpc->name,
                             sluice_strerror(-n));
                jsonrpc_error(rpc, -n);
                break;
            } else if (n == 0) {
                if (rpc->parser && !json_parser_is_idle(rpc->parser)) {
                    /* A top-level number would be complete now, but no
                     * message is a number, so this is always an error. */
                    jsonrpc_protocol_error(rpc, EPROTO, "connection closed "
                                           "in the middle of a message");
                } else {
                    VLOG_DBG("%s: connection closed by peer", rpc->name);
                    jsonrpc_error(rpc, EOF);
                }
                break;
            }
            rpc->input_ofs = 0;
            rpc->input_len = n;
            rpc->received_bytes += n;
        }

        if (!rpc->parser) {
            rpc->parser = json_parser_create(0);
        }
        size_t used = json_parser_feed(rpc->parser,
                                       rpc->input + rpc->input_ofs,
                                       rpc->input_len);
        rpc->input_ofs += used;
        rpc->input_len -= used;
        rpc->msg_size += used;
        if (rpc->msg_size > rpc->max_msg_size) {
            char *reason = xasprintf("message longer than %zu bytes",
                                     rpc->max_msg_size);
            jsonrpc_protocol_error(rpc, EMSGSIZE, reason);
            free(reason);
        } else if (json_parser_is_done(rpc->parser)) {
            *msgp = jsonrpc_take_message(rpc);
            if (*msgp) {
                return 0;
            }
        }
    }
    return rpc->status ? rpc->status : EAGAIN;
}

void
jsonrpc_recv_wait(struct jsonrpc *rpc)
{
    if (rpc->status || rpc->input_len) {
        poll_immediate_wake();
    } else {
        stream_recv_wait(rpc->stream);
    }
}

int
jsonrpc_send_block(struct jsonrpc *rpc, struct jsonrpc_msg *msg)
{
    int error = jsonrpc_send(rpc, msg);
    while (!error && !list_is_empty(&rpc->output)) {
        jsonrpc_wait(rpc);
        poll_block();
        jsonrpc_run(rpc);
        error = rpc->status;
    }
    return error;
}

int
jsonrpc_recv_block(struct jsonrpc *rpc, struct jsonrpc_msg **msgp)
{
    for (;;) {
        int error = jsonrpc_recv(rpc, msgp);
        if (error != EAGAIN) {
            return error;
        }
        jsonrpc_run(rpc);
        jsonrpc_wait(rpc);
        jsonrpc_recv_wait(rpc);
        poll_block();
    }
}

/* Returns true if MSG is an "echo" request, which the receiver answers by
 * replying with the request's params. */
static bool
jsonrpc_msg_is_echo_request(const struct jsonrpc_msg *msg)
{
    return msg->type == JSONRPC_REQUEST && !strcmp(msg->method, "echo");
}

/* Answers the "echo" request MSG on RPC. */
static void
jsonrpc_reply_to_echo(struct jsonrpc *rpc, const struct jsonrpc_msg *msg)
{
    jsonrpc_send(rpc, jsonrpc_create_reply(json_clone(msg->params),
                                           msg->id));
}

int
jsonrpc_transact_block(struct jsonrpc *rpc, struct jsonrpc_msg *request,
                       struct jsonrpc_msg **replyp)
{
    *replyp = NULL;
    sluice_assert(request->type == JSONRPC_REQUEST);
    struct json *id = json_clone(request->id);
    int error = jsonrpc_send_block(rpc, request);
    while (!error) {
        struct jsonrpc_msg *msg;
        error = jsonrpc_recv_block(rpc, &msg);
        if (error) {
            break;
        }
        if ((msg->type == JSONRPC_REPLY || msg->type == JSONRPC_ERROR)
            && json_equal(msg->id, id)) {
            *replyp = msg;
            break;
        }
        if (jsonrpc_msg_is_echo_request(msg)) {
            jsonrpc_reply_to_echo(rpc, msg);
        }
        jsonrpc_msg_destroy(msg);
    }
    json_destroy(id);
    return error;
}

/* Sessions. */

struct jsonrpc_session {
    char *name;
    struct reconnect *reconnect;
    bool passive;               /* Listens on 'name'? */
    struct jsonrpc *rpc;        /* The connection, if up. */
    struct stream *stream;      /* Active: connection in progress. */
    struct pstream *pstream;    /* Passive: the listener. */
    uint64_t last_received;     /* rpc's received bytes at last check. */
    unsigned int seqno;
    int last_error;
    bool forced;                /* Reconnection forced by the caller? */
    uint8_t dscp;
    size_t max_msg_size;
    size_t max_backlog;
};

/* Inactivity probe interval, in ms, for streams that need probes. */
#define JSONRPC_PROBE_INTERVAL 5000

/* Id of the "echo" requests that a session sends as probes. */
#define JSONRPC_ECHO_ID "echo"

static struct jsonrpc_session *
jsonrpc_session_create(const char *name)
{
    struct jsonrpc_session *s = xzalloc(sizeof *s);
    s->name = xstrdup(name);
    s->reconnect = reconnect_create(time_msec());
    reconnect_set_name(s->reconnect, name);
    s->max_msg_size = JSONRPC_DEFAULT_MAX_MSG_SIZE;
    s->max_backlog = JSONRPC_DEFAULT_MAX_BACKLOG;
    return s;
}

struct jsonrpc_session *
jsonrpc_session_open(const char *name, bool retry)
{
    long long now = time_msec();
    struct jsonrpc_session *s = jsonrpc_session_create(name);

    s->passive = pstream_verify_name(name);
    reconnect_set_passive(s->reconnect, s->passive, now);
    if (!retry && !s->passive) {
        reconnect_set_max_tries(s->reconnect, 1);
    }
    reconnect_set_probe_interval(s->reconnect,
                                 (stream_or_pstream_needs_probes(name) == 1
                                  ? JSONRPC_PROBE_INTERVAL : 0));
    reconnect_enable(s->reconnect, now);
    return s;
}

struct jsonrpc_session *
jsonrpc_session_open_unreliably(struct jsonrpc *rpc)
{
    long long now = time_msec();
    struct jsonrpc_session *s = jsonrpc_session_create(jsonrpc_get_name(rpc));

    reconnect_set_quiet(s->reconnect, true);
    reconnect_set_max_tries(s->reconnect, 0);
    reconnect_set_probe_interval(
        s->reconnect, (stream_or_pstream_needs_probes(s->name) == 1
                       ? JSONRPC_PROBE_INTERVAL : 0));
    reconnect_connected(s->reconnect, now);
    s->rpc = rpc;
    s->last_received = jsonrpc_get_received_bytes(rpc);
    jsonrpc_set_max_msg_size(rpc, s->max_msg_size);
    jsonrpc_set_max_backlog(rpc, s->max_backlog);
    return s;
}

/* Drops S's connection or connection attempt.  The listener stays. */
static void
jsonrpc_session_disconnect(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_close(s->rpc);
        s->rpc = NULL;
        s->seqno++;
    }
    stream_close(s->stream);
    s->stream = NULL;
}

void
jsonrpc_session_close(struct jsonrpc_session *s)
{
    if (s) {
        jsonrpc_session_disconnect(s);
        pstream_close(s->pstream);
        reconnect_destroy(s->reconnect);
        free(s->name);
        free(s);
    }
}

/* Makes RPC S's connection. */
static void
jsonrpc_session_connected(struct jsonrpc_session *s, struct jsonrpc *rpc,
                          long long now)
{
    reconnect_connected(s->reconnect, now);
    jsonrpc_set_max_msg_size(rpc, s->max_msg_size);
    jsonrpc_set_max_backlog(rpc, s->max_backlog);
    s->rpc = rpc;
    s->last_received = jsonrpc_get_received_bytes(rpc);
    s->seqno++;
}

/* Starts connecting (active) or listening (passive). */
static void
jsonrpc_session_connect(struct jsonrpc_session *s, long long now)
{
    int error;

    jsonrpc_session_disconnect(s);
    if (!s->passive) {
        error = stream_open(s->name, &s->stream, s->dscp);
        if (!error) {
            reconnect_connecting(s->reconnect, now);
        }
    } else {
        error = (s->pstream ? 0
                 : pstream_open(s->name, &s->pstream, s->dscp));
        if (!error) {
            reconnect_listening(s->reconnect, now);
        }
    }
    if (error) {
        s->last_error = error;
        reconnect_connect_failed(s->reconnect, now, error);
    }
}

/* Notes activity on S's connection if it received anything. */
static void
jsonrpc_session_check_activity(struct jsonrpc_session *s, long long now)
{
    uint64_t received = jsonrpc_get_received_bytes(s->rpc);
    if (received != s->last_received) {
        s->last_received = received;
        reconnect_activity(s->reconnect, now);
    }
}

void
jsonrpc_session_run(struct jsonrpc_session *s)
{
    long long now = time_msec();

    if (s->pstream) {
        struct stream *stream;
        int error = pstream_accept(s->pstream, &stream);
        if (!error) {
            if (s->rpc || s->stream) {
                VLOG_INFO("%s: new connection replaces the existing one",
                          s->name);
                reconnect_disconnected(s->reconnect, now, 0);
                jsonrpc_session_disconnect(s);
            }
            jsonrpc_session_connected(s, jsonrpc_open(stream), now);
        } else if (error != EAGAIN) {
            VLOG_WARN_RL(&rl, "%s: accept failed: %s", s->name,
                         sluice_strerror(error));
            s->last_error = error;
        }
    }

    if (s->rpc) {
        jsonrpc_run(s->rpc);
        jsonrpc_session_check_activity(s, now);
        int error = jsonrpc_get_status(s->rpc);
        if (error) {
            s->last_error = error;
            reconnect_disconnected(s->reconnect, now, error);
            jsonrpc_session_disconnect(s);
        }
    } else if (s->stream) {
        stream_run(s->stream);
        int error = stream_connect(s->stream);
        if (!error) {
            struct stream *stream = s->stream;
            s->stream = NULL;
            jsonrpc_session_connected(s, jsonrpc_open(stream), now);
        } else if (error != EAGAIN) {
            s->last_error = error;
            reconnect_connect_failed(s->reconnect, now, error);
            stream_close(s->stream);
            s->stream = NULL;
        }
    }

    switch (reconnect_run(s->reconnect, now)) {
    case RECONNECT_CONNECT:
        jsonrpc_session_connect(s, now);
        break;

    case RECONNECT_DISCONNECT: {
        /* reconnect has logged why: a forced reconnection, a peer that did
         * not answer a probe, or an attempt that took too long. */
        int error = s->forced ? 0 : ETIMEDOUT;
        s->forced = false;
        s->last_error = error;
        if (s->rpc) {
            reconnect_disconnected(s->reconnect, now, error);
        } else {
            reconnect_connect_failed(s->reconnect, now, error);
        }
        jsonrpc_session_disconnect(s);
        break;
    }

    case RECONNECT_PROBE:
        if (s->rpc) {
            struct jsonrpc_msg *request = jsonrpc_create_request(
                "echo", json_array_create_empty(), NULL);
            json_destroy(request->id);
            request->id = json_string_create(JSONRPC_ECHO_ID);
            jsonrpc_send(s->rpc, request);
        }
        break;

    default:
        break;
    }
}

void
jsonrpc_session_wait(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_wait(s->rpc);
    } else if (s->stream) {
        stream_run_wait(s->stream);
        stream_connect_wait(s->stream);
    }
    if (s->pstream) {
        pstream_wait(s->pstream);
    }
    reconnect_wait(s->reconnect, time_msec());
}

int
jsonrpc_session_send(struct jsonrpc_session *s, struct jsonrpc_msg *msg)
{
    if (!s->rpc) {
        jsonrpc_msg_destroy(msg);
        return ENOTCONN;
    }
    return jsonrpc_send(s->rpc, msg);
}

struct jsonrpc_msg *
jsonrpc_session_recv(struct jsonrpc_session *s)
{
    while (s->rpc) {
        struct jsonrpc_msg *msg;
        jsonrpc_recv(s->rpc, &msg);
        jsonrpc_session_check_activity(s, time_msec());
        if (!msg) {
            /* The next jsonrpc_session_run() handles any error. */
            return NULL;
        }

        if (jsonrpc_msg_is_echo_request(msg)) {
            jsonrpc_reply_to_echo(s->rpc, msg);
        } else if (msg->type == JSONRPC_REPLY
                   && msg->id->type == JSON_STRING
                   && !strcmp(json_string(msg->id), JSONRPC_ECHO_ID)) {
            /* A reply to our probe: receiving it was all it was for. */
        } else {
            return msg;
        }
        jsonrpc_msg_destroy(msg);
    }
    return NULL;
}

void
jsonrpc_session_recv_wait(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_recv_wait(s->rpc);
    }
}

bool
jsonrpc_session_is_connected(const struct jsonrpc_session *s)
{
    return s->rpc != NULL;
}

bool
jsonrpc_session_is_alive(const struct jsonrpc_session *s)
{
    return (s->rpc || s->stream || s->pstream
            || reconnect_is_enabled(s->reconnect));
}

unsigned int
jsonrpc_session_get_seqno(const struct jsonrpc_session *s)
{
    return s->seqno;
}

int
jsonrpc_session_get_last_error(const struct jsonrpc_session *s)
{
    return s->last_error;
}

void
jsonrpc_session_get_reconnect_stats(const struct jsonrpc_session *s,
                                    struct reconnect_stats *stats)
{
    reconnect_get_stats(s->reconnect, time_msec(), stats);
}

const char *
jsonrpc_session_get_name(const struct jsonrpc_session *s)
{
    return s->name;
}

size_t
jsonrpc_session_get_backlog(const struct jsonrpc_session *s)
{
    return s->rpc ? jsonrpc_get_backlog(s->rpc) : 0;
}

void
jsonrpc_session_force_reconnect(struct jsonrpc_session *s)
{
    if (s->rpc || s->stream) {
        s->forced = true;
    }
    reconnect_force_reconnect(s->reconnect, time_msec());
}

void
jsonrpc_session_set_backoff(struct jsonrpc_session *s, int min_backoff,
                            int max_backoff)
{
    reconnect_set_backoff(s->reconnect, min_backoff, max_backoff);
}

void
jsonrpc_session_set_probe_interval(struct jsonrpc_session *s,
                                   int probe_interval)
{
    reconnect_set_probe_interval(s->reconnect, probe_interval);
}

void
jsonrpc_session_set_dscp(struct jsonrpc_session *s, uint8_t dscp)
{
    s->dscp = dscp;
}

void
jsonrpc_session_set_max_msg_size(struct jsonrpc_session *s,
                                 size_t max_msg_size)
{
    s->max_msg_size = max_msg_size;
    if (s->rpc) {
        jsonrpc_set_max_msg_size(s->rpc, max_msg_size);
    }
}

void
jsonrpc_session_set_max_backlog(struct jsonrpc_session *s,
                                size_t max_backlog)
{
    s->max_backlog = max_backlog;
    if (s->rpc) {
        jsonrpc_set_max_backlog(s->rpc, max_backlog);
    }
}

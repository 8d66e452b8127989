/* vconn: OpenFlow connections over byte streams.  See vconn.h. */
#include <config.h>
#include "vconn.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofp-protocol.h"
#include "poll-loop.h"
#include "stream.h"
#include "timeval.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(vconn);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* The states of a connection. */
enum vconn_state {
    VCS_CONNECTING,             /* Waiting for the stream to connect. */
    VCS_RECV_HELLO,             /* Hello queued, waiting for the peer's. */
    VCS_CONNECTED,              /* Version negotiated. */
    VCS_SEND_ERROR,             /* Sending a final error, then failing. */
    VCS_FAILED                  /* Failed: 'status' says why. */
};

struct vconn {
    char *name;
    struct stream *stream;      /* Null once failed. */
    enum vconn_state state;
    int status;                 /* 0, or the error that ended it. */
    int final_status;           /* VCS_SEND_ERROR: the error to fail with. */
    char *error_detail;         /* Why it failed, or null. */
    char *final_detail;         /* VCS_SEND_ERROR: 'error_detail' to be. */

    uint32_t allowed_versions;
    uint32_t peer_versions;     /* From the peer's hello, 0 before. */
    int version;                /* Negotiated version, -1 before. */

    struct buffer *rxbuf;       /* Message being received, or null. */

    struct list txq;            /* struct buffer, linked by 'list_node'. */
    size_t tx_ofs;              /* Bytes of the front buffer already sent. */
    size_t backlog;             /* Unsent bytes in 'txq'. */
    size_t max_backlog;

    uint64_t n_received;
    uint64_t n_sent;
};

struct pvconn {
    struct pstream *pstream;
    uint32_t allowed_versions;
};

static uint32_t
normalize_versions(uint32_t versions)
{
    return versions ? versions & OFP_ALL_VERSIONS : OFP_ALL_VERSIONS;
}

/* Appends "version 0x01" or "versions 0x01, 0x04" for VERSIONS to S. */
static void
format_versions(struct ds *s, uint32_t versions)
{
    ds_put_cstr(s, count_1bits(versions) == 1 ? "version" : "versions");
    const char *sep = " ";
    for (int v = 0; v < 32; v++) {
        if (versions & (1u << v)) {
            ds_put_format(s, "%s0x%02x", sep, v);
            sep = ", ";
        }
    }
}

/* Appends the peer's offer of versions (PEER_VERSIONS, from a hello whose
 * header says HELLO_VERSION and which HAD_BITMAP or not) to S. */
static void
format_peer_versions(struct ds *s, uint32_t peer_versions, bool had_bitmap,
                     uint8_t hello_version)
{
    if (had_bitmap) {
        format_versions(s, peer_versions);
    } else {
        ds_put_format(s, "version 0x%02x and earlier", hello_version);
    }
}

/* Creation and destruction. */

static struct vconn *
vconn_create(struct stream *stream, uint32_t allowed_versions)
{
    struct vconn *vc = xzalloc(sizeof *vc);
    vc->name = xstrdup(stream_get_name(stream));
    vc->stream = stream;
    vc->state = VCS_CONNECTING;
    vc->allowed_versions = normalize_versions(allowed_versions);
    vc->version = -1;
    list_init(&vc->txq);
    vc->max_backlog = VCONN_DEFAULT_MAX_BACKLOG;
    return vc;
}

/* Returns 0 if NAME's type prefix is one of those in TYPES (a null-
 * terminated list), EAFNOSUPPORT otherwise. */
static int
check_type(const char *name, const char *const *types)
{
    for (const char *const *t = types; *t; t++) {
        if (!strncmp(name, *t, strlen(*t))) {
            return 0;
        }
    }
    return EAFNOSUPPORT;
}

int
vconn_verify_name(const char *name)
{
    static const char *const types[] = { "tcp:", "ssl:", "unix:", NULL };
    int error = check_type(name, types);
    if (error) {
        return error;
    } else if (stream_verify_name(name)) {
        return 0;
    }

    /* "tcp:HOST" and "ssl:HOST" take the default port. */
    char *with_port = xasprintf("%s:%d", name, OFP_PORT);
    bool ok = strncmp(name, "unix:", 5) && stream_verify_name(with_port);
    free(with_port);
    return ok ? 0 : EINVAL;
}

int
vconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
           struct vconn **vconnp)
{
    *vconnp = NULL;
    int error = vconn_verify_name(name);
    if (error) {
        VLOG_WARN("%s: %s", name, (error == EAFNOSUPPORT
                                   ? "unknown OpenFlow connection type"
                                   : "malformed OpenFlow connection name"));
        return error;
    }

    struct stream *stream;
    error = stream_open_with_default_port(name, OFP_PORT, &stream, dscp);
    if (error) {
        return error;
    }
    *vconnp = vconn_create(stream, allowed_versions);
    return 0;
}

int
vconn_open_block(const char *name, uint32_t allowed_versions, uint8_t dscp,
                 long long timeout_ms, struct vconn **vconnp, char **detailp)
{
    struct vconn *vc;
    int error = vconn_open(name, allowed_versions, dscp, &vc);
    if (!error) {
        error = vconn_connect_block(vc, timeout_ms);
    }
    if (detailp) {
        *detailp = NULL;
        if (error) {
            const char *detail = vc ? vconn_get_error_detail(vc) : NULL;
            *detailp = (detail ? xstrdup(detail)
                        : xasprintf("%s: connection failed (%s)", name,
                                    sluice_strerror(error)));
        }
    }
    if (error) {
        vconn_close(vc);
        vc = NULL;
    }
    *vconnp = vc;
    return error;
}

static void
vconn_clear_txq(struct vconn *vc)
{
    buffer_list_delete(&vc->txq);
    vc->tx_ofs = 0;
    vc->backlog = 0;
}

/* Ends VC with ERROR (a positive errno value or EOF), closing its stream
 * and dropping its queues.  DETAIL (taken over, may be null) explains
 * why; without it a message is made from ERROR.  Only the first error
 * counts. */
static void
vconn_fail(struct vconn *vc, int error, char *detail)
{
    sluice_assert(error);
    if (vc->state == VCS_FAILED) {
        free(detail);
        return;
    }
    vc->state = VCS_FAILED;
    vc->status = error;
    if (!detail) {
        detail = (error == EOF
                  ? xasprintf("%s: connection closed by peer", vc->name)
                  : xasprintf("%s: connection failed (%s)", vc->name,
                              sluice_strerror(error)));
    }
    free(vc->error_detail);
    vc->error_detail = detail;
    free(vc->final_detail);
    vc->final_detail = NULL;
    stream_close(vc->stream);
    vc->stream = NULL;
    vconn_clear_txq(vc);
    buffer_delete(vc->rxbuf);
    vc->rxbuf = NULL;
}

void
vconn_close(struct vconn *vc)
{
    if (vc) {
        vconn_fail(vc, EOF, NULL);
        free(vc->error_detail);
        free(vc->name);
        free(vc);
    }
}

const char *
vconn_get_name(const struct vconn *vc)
{
    return vc->name;
}

uint32_t
vconn_get_allowed_versions(const struct vconn *vc)
{
    return vc->allowed_versions;
}

int
vconn_get_version(const struct vconn *vc)
{
    return vc->version;
}

uint32_t
vconn_get_peer_versions(const struct vconn *vc)
{
    return vc->peer_versions;
}

int
vconn_get_status(const struct vconn *vc)
{
    return vc->status;
}

const char *
vconn_get_error_detail(const struct vconn *vc)
{
    return vc->state == VCS_FAILED ? vc->error_detail : NULL;
}

size_t
vconn_get_backlog(const struct vconn *vc)
{
    return vc->backlog;
}

void
vconn_set_max_backlog(struct vconn *vc, size_t max_backlog)
{
    vc->max_backlog = max_backlog ? max_backlog : VCONN_DEFAULT_MAX_BACKLOG;
}

uint64_t
vconn_get_n_received(const struct vconn *vc)
{
    return vc->n_received;
}

uint64_t
vconn_get_n_sent(const struct vconn *vc)
{
    return vc->n_sent;
}

/* Sending. */

/* Sends queued messages as far as the stream accepts them. */
static void
vconn_flush(struct vconn *vc)
{
    while (vc->stream && !list_is_empty(&vc->txq)) {
        struct buffer *b;
        INIT_CONTAINER(b, list_front(&vc->txq), list_node);
        int n = stream_send(vc->stream, (char *) b->data + vc->tx_ofs,
                            b->size - vc->tx_ofs);
        if (n > 0) {
            vc->tx_ofs += n;
            vc->backlog -= n;
            if (vc->tx_ofs >= b->size) {
                list_remove(&b->list_node);
                buffer_delete(b);
                vc->tx_ofs = 0;
                vc->n_sent++;
            }
        } else {
            if (n != -EAGAIN && vc->state == VCS_SEND_ERROR) {
                /* The peer may well have gone already: the reason for
                 * failing stays the one we were reporting. */
                char *detail = vc->final_detail;
                vc->final_detail = NULL;
                vconn_fail(vc, vc->final_status, detail);
            } else if (n != -EAGAIN) {
                VLOG_WARN_RL(&rl, "%s: send error: %s", vc->name,
                             sluice_strerror(-n));
                vconn_fail(vc, n ? -n : EPROTO, NULL);
            }
            break;
        }
    }
}

/* Appends MSG (taken over) to VC's queue, whatever its backlog. */
static void
vconn_enqueue(struct vconn *vc, struct buffer *msg)
{
    list_push_back(&vc->txq, &msg->list_node);
    vc->backlog += msg->size;
}

/* Makes VC send ERROR_MSG (taken over), then fail with ERROR and DETAIL
 * (taken over).  A message already partly sent is finished first, so that
 * the peer can parse the error; other queued messages are dropped. */
static void
vconn_fail_after_sending(struct vconn *vc, struct buffer *error_msg,
                         int error, char *detail)
{
    if (!list_is_empty(&vc->txq)) {
        struct list *front = list_front(&vc->txq);
        struct list *next = front->next;
        while (next != &vc->txq) {
            struct buffer *b;
            INIT_CONTAINER(b, next, list_node);
            next = next->next;
            list_remove(&b->list_node);
            vc->backlog -= b->size;
            buffer_delete(b);
        }
        if (!vc->tx_ofs) {
            struct buffer *b;
            INIT_CONTAINER(b, list_pop_front(&vc->txq), list_node);
            vc->backlog -= b->size;
            buffer_delete(b);
        }
    }
    vconn_enqueue(vc, error_msg);
    vc->state = VCS_SEND_ERROR;
    vc->final_status = error;
    free(vc->final_detail);
    vc->final_detail = detail;
    buffer_delete(vc->rxbuf);
    vc->rxbuf = NULL;
    vconn_flush(vc);
    if (vc->state == VCS_SEND_ERROR && list_is_empty(&vc->txq)) {
        char *d = vc->final_detail;
        vc->final_detail = NULL;
        vconn_fail(vc, vc->final_status, d);
    }
}

/* Checks that MSG is a well-formed message to send.  Returns 0 or
 * EINVAL. */
static int
vconn_check_msg(const struct vconn *vc, const struct buffer *msg)
{
    if (msg->size < sizeof(struct ofp_header) || msg->size > OFPMSG_MAX_SIZE) {
        VLOG_ERR_RL(&rl, "%s: not sending message of %zu bytes", vc->name,
                    msg->size);
        return EINVAL;
    }
    const struct ofp_header *oh = msg->data;
    if (ntohs(oh->length) != msg->size) {
        VLOG_ERR_RL(&rl, "%s: not sending message of %zu bytes whose header "
                    "says %u bytes", vc->name, msg->size, ntohs(oh->length));
        return EINVAL;
    }
    return 0;
}

int
vconn_send(struct vconn *vc, struct buffer *msg)
{
    int error = vconn_connect(vc);
    if (error) {
        return error;
    }
    error = vconn_check_msg(vc, msg);
    if (error) {
        return error;
    }
    if (!list_is_empty(&vc->txq) && vc->backlog >= vc->max_backlog) {
        return EAGAIN;
    }
    vconn_enqueue(vc, msg);
    vconn_flush(vc);
    return 0;
}

/* Receiving. */

/* Answers the unframeable header at the start of VC's receive buffer with
 * OFPBRC_BAD_LEN and fails VC. */
static void
vconn_bad_length(struct vconn *vc)
{
    /* A copy: read-ahead data need not be aligned. */
    struct ofp_header header;
    memcpy(&header, vc->rxbuf->data, sizeof header);
    const struct ofp_header *oh = &header;
    unsigned int length = ntohs(oh->length);
    enum ofp_version version = (vc->version > 0 ? vc->version
                                : oh->version >= OFP_MIN_VERSION
                                  && oh->version <= OFP_MAX_VERSION
                                ? oh->version : OFP10_VERSION);
    struct buffer *reply = ofperr_encode_msg(OFPERR_OFPBRC_BAD_LEN, version,
                                             oh->xid, oh, sizeof *oh);
    char *detail = xasprintf("%s: received OpenFlow header with length %u, "
                             "below the minimum of 8", vc->name, length);
    VLOG_WARN_RL(&rl, "%s", detail);
    vconn_fail_after_sending(vc, reply, EPROTO, detail);
}

/* How much a receive asks the stream for at a time: a client that sends
 * many small messages (a bundle, add-flows) costs one system call per
 * chunk instead of two per message. */
#define RX_CHUNK 65536

/* Returns the length field of the message at the start of RX's data
 * (at least a header's worth), which read-ahead leaves unaligned. */
static size_t
rx_msg_length(const struct buffer *rx)
{
    const uint8_t *p = rx->data;
    return (p[2] << 8) | p[3];
}

/* Makes room for WANT more bytes at the end of RX's data. */
static void
rx_make_room(struct buffer *rx, size_t want)
{
    if (buffer_tailroom(rx) >= want) {
        return;
    }
    if (buffer_headroom(rx)) {
        memmove(rx->base, rx->data, rx->size);
        rx->data = rx->base;
    }
    buffer_prealloc_tailroom(rx, want);
}

/* Returns 0 and stores in *MSGP the first message of VC's received bytes,
 * if they hold a whole one, or returns EAGAIN, or fails VC for a length
 * that cannot frame a message and returns its status. */
static int
vconn_take_msg(struct vconn *vc, struct buffer **msgp)
{
    struct buffer *rx = vc->rxbuf;
    if (rx->size < sizeof(struct ofp_header)) {
        return EAGAIN;
    }
    size_t length = rx_msg_length(rx);
    if (length < sizeof(struct ofp_header)) {
        vconn_bad_length(vc);
        return vc->status ? vc->status : EPROTO;
    } else if (rx->size < length) {
        return EAGAIN;
    }
    struct buffer *msg = buffer_new(length);
    buffer_put(msg, rx->data, length);
    buffer_pull(rx, length);
    if (!rx->size) {
        rx->data = rx->base;
    }
    buffer_set_header(msg, msg->data);
    vc->n_received++;
    *msgp = msg;
    return 0;
}

/* Wakes the next poll_block() when VC has a message to receive: at once
 * if one was read ahead already, otherwise when the stream has bytes. */
static void
vconn_rx_wait(struct vconn *vc)
{
    const struct buffer *rx = vc->rxbuf;
    if (rx && rx->size >= sizeof(struct ofp_header)
        && rx->size >= rx_msg_length(rx)) {
        poll_immediate_wake();
    } else {
        stream_recv_wait(vc->stream);
    }
}

/* Reads from VC's stream until one message is complete (reading ahead as
 * much as the stream has, up to RX_CHUNK bytes at a time).  Returns 0 and
 * stores it in *MSGP, or returns EAGAIN, or the error that ended VC. */
static int
vconn_recv_raw(struct vconn *vc, struct buffer **msgp)
{
    *msgp = NULL;
    if (!vc->rxbuf) {
        vc->rxbuf = buffer_new(RX_CHUNK);
    }
    struct buffer *rx = vc->rxbuf;
    for (;;) {
        int error = vconn_take_msg(vc, msgp);
        if (error != EAGAIN) {
            return error;
        }

        rx_make_room(rx, RX_CHUNK);
        int n = stream_recv(vc->stream, buffer_tail(rx), buffer_tailroom(rx));
        if (n > 0) {
            rx->size += n;
        } else if (n == -EAGAIN) {
            return EAGAIN;
        } else if (n < 0) {
            VLOG_WARN_RL(&rl, "%s: receive error: %s", vc->name,
                         sluice_strerror(-n));
            vconn_fail(vc, -n, NULL);
            return vc->status;
        } else {
            if (rx->size) {
                char *detail = xasprintf("%s: connection closed in the "
                                         "middle of a message", vc->name);
                VLOG_WARN_RL(&rl, "%s", detail);
                vconn_fail(vc, EPROTO, detail);
            } else {
                VLOG_DBG("%s: connection closed by peer", vc->name);
                vconn_fail(vc, EOF, NULL);
            }
            return vc->status;
        }
    }
}

/* Handles the peer's hello MSG (taken over) in VC. */
static void
vconn_recv_hello(struct vconn *vc, struct buffer *msg)
{
    const struct ofp_header *oh = msg->data;
    if (oh->type == OFPT_ERROR) {
        struct ds s = DS_EMPTY_INITIALIZER;
        const void *payload;
        size_t payload_size;
        enum ofperr error = ofperr_decode_msg(oh, msg->size, &payload,
                                              &payload_size);
        ds_put_format(&s, "%s: peer refused the connection", vc->name);
        if (error) {
            ds_put_format(&s, " with %s", ofperr_get_name(error));
            if (error == OFPERR_OFPHFC_INCOMPATIBLE
                || error == OFPERR_OFPHFC_EPERM) {
                ds_put_format(&s, " (%.*s)", (int) payload_size,
                              (const char *) payload);
            }
        }
        VLOG_WARN_RL(&rl, "%s", ds_cstr(&s));
        buffer_delete(msg);
        vconn_fail(vc, EPROTO, ds_steal_cstr(&s));
        return;
    } else if (oh->type != OFPT_HELLO) {
        char *detail = xasprintf("%s: received message of type %u while "
                                 "expecting hello", vc->name, oh->type);
        VLOG_WARN_RL(&rl, "%s", detail);
        buffer_delete(msg);
        vconn_fail(vc, EPROTO, detail);
        return;
    }

    uint32_t peer_versions;
    if (!ofp_decode_hello(oh, &peer_versions)) {
        VLOG_WARN_RL(&rl, "%s: malformed hello, assuming the peer supports "
                     "version 0x%02x and earlier", vc->name, oh->version);
    }
    /* A peer that supports every version up to its hello's sends no
     * bitmap (as Open vSwitch does), and we describe it that way. */
    uint8_t hello_version = oh->version;
    bool had_bitmap = (hello_version >= 31
                       || peer_versions != (((1u << (hello_version + 1)) - 1)
                                            & ~1u));
    buffer_delete(msg);

    vc->peer_versions = peer_versions;
    uint32_t common = vc->allowed_versions & peer_versions;
    if (common) {
        vc->version = ofp_negotiate_version(vc->allowed_versions,
                                            peer_versions);
        vc->state = VCS_CONNECTED;
        VLOG_DBG("%s: negotiated OpenFlow version 0x%02x", vc->name,
                 vc->version);
        return;
    }

    struct ds ours = DS_EMPTY_INITIALIZER;
    struct ds theirs = DS_EMPTY_INITIALIZER;
    format_versions(&ours, vc->allowed_versions);
    format_peer_versions(&theirs, peer_versions, had_bitmap, hello_version);

    /* Open vSwitch's words and choice of version (the peer's highest), so
     * that peers see what they would see from it.  (ofp-protocol's
     * ofp_encode_hello_failed() words it differently.) */
    char *text = xasprintf("We support %s, you support %s, no common "
                           "versions.", ds_cstr(&ours), ds_cstr(&theirs));
    enum ofp_version error_version = (peer_versions
                                      ? leftmost_1bit_idx(peer_versions)
                                      : OFP10_VERSION);
    struct buffer *reply = ofperr_encode_msg(OFPERR_OFPHFC_INCOMPATIBLE,
                                             error_version, 0, text,
                                             strlen(text));
    free(text);

    char *detail = xasprintf("%s: version negotiation failed (we support "
                             "%s, peer supports %s)", vc->name,
                             ds_cstr(&ours), ds_cstr(&theirs));
    VLOG_WARN_RL(&rl, "%s", detail);
    ds_destroy(&ours);
    ds_destroy(&theirs);
    vconn_fail_after_sending(vc, reply, EPROTO, detail);
}

int
vconn_connect(struct vconn *vc)
{
    for (;;) {
        switch (vc->state) {
        case VCS_CONNECTING: {
            int error = stream_connect(vc->stream);
            if (error == EAGAIN) {
                return EAGAIN;
            } else if (error) {
                vconn_fail(vc, error, NULL);
                break;
            }
            vconn_enqueue(vc, ofp_encode_hello(vc->allowed_versions));
            vc->state = VCS_RECV_HELLO;
            vconn_flush(vc);
            break;
        }

        case VCS_RECV_HELLO: {
            vconn_flush(vc);
            if (vc->state != VCS_RECV_HELLO) {
                break;
            }
            struct buffer *msg;
            int error = vconn_recv_raw(vc, &msg);
            if (error) {
                return error;
            }
            vconn_recv_hello(vc, msg);
            break;
        }

        case VCS_CONNECTED:
            return 0;

        case VCS_SEND_ERROR:
            vconn_flush(vc);
            if (vc->state == VCS_SEND_ERROR) {
                if (!list_is_empty(&vc->txq)) {
                    return EAGAIN;
                }
                char *detail = vc->final_detail;
                vc->final_detail = NULL;
                vconn_fail(vc, vc->final_status, detail);
            }
            break;

        case VCS_FAILED:
        default:
            return vc->status;
        }
    }
}

/* Returns true if a message of TYPE may come in any version: the
 * specification promises that these never change. */
static bool
is_version_independent(uint8_t type)
{
    return (type == OFPT_HELLO || type == OFPT_ERROR
            || type == OFPT_ECHO_REQUEST || type == OFPT_ECHO_REPLY);
}

int
vconn_recv(struct vconn *vc, struct buffer **msgp)
{
    *msgp = NULL;
    int error = vconn_connect(vc);
    if (error) {
        return error;
    }

    /* Bounded, so that a peer sending only bad versions cannot keep us
     * here. */
    for (int i = 0; i < 50; i++) {
        struct buffer *msg;
        error = vconn_recv_raw(vc, &msg);
        if (error) {
            return error;
        }

        const struct ofp_header *oh = msg->data;
        if (oh->version == vc->version || is_version_independent(oh->type)) {
            *msgp = msg;
            return 0;
        }

        VLOG_WARN_RL(&rl, "%s: received OpenFlow version 0x%02x != "
                     "negotiated 0x%02x", vc->name, oh->version,
                     vc->version);
        struct buffer *reply = ofperr_encode_reply(OFPERR_OFPBRC_BAD_VERSION,
                                                   oh);
        buffer_delete(msg);
        if (vconn_send(vc, reply)) {
            /* The queue is full: dropping the error is all we can do. */
            buffer_delete(reply);
        }
    }
    return EAGAIN;
}

/* Polling. */

void
vconn_run(struct vconn *vc)
{
    if (vc->state == VCS_FAILED) {
        return;
    }
    stream_run(vc->stream);
    if (vc->state != VCS_CONNECTED) {
        vconn_connect(vc);
    } else {
        vconn_flush(vc);
    }
}

void
vconn_run_wait(struct vconn *vc)
{
    if (vc->state == VCS_FAILED) {
        return;
    }
    stream_run_wait(vc->stream);
    if (!list_is_empty(&vc->txq)) {
        stream_send_wait(vc->stream);
    }
    if (vc->state == VCS_CONNECTING) {
        stream_connect_wait(vc->stream);
    } else if (vc->state == VCS_RECV_HELLO) {
        stream_recv_wait(vc->stream);
    }
}

void
vconn_wait(struct vconn *vc, enum vconn_wait_type wait)
{
    switch (vc->state) {
    case VCS_CONNECTING:
        stream_connect_wait(vc->stream);
        break;

    case VCS_RECV_HELLO:
        if (!list_is_empty(&vc->txq)) {
            stream_send_wait(vc->stream);
        }
        vconn_rx_wait(vc);
        break;

    case VCS_SEND_ERROR:
        stream_send_wait(vc->stream);
        break;

    case VCS_CONNECTED:
        if (wait == VCONN_CONNECT) {
            poll_immediate_wake();
        } else if (wait == VCONN_RECV) {
            vconn_rx_wait(vc);
        } else if (list_is_empty(&vc->txq)
                   || vc->backlog < vc->max_backlog) {
            poll_immediate_wake();
        } else {
            stream_send_wait(vc->stream);
        }
        break;

    case VCS_FAILED:
    default:
        poll_immediate_wake();
        break;
    }
}

void
vconn_connect_wait(struct vconn *vc)
{
    vconn_wait(vc, VCONN_CONNECT);
}

void
vconn_recv_wait(struct vconn *vc)
{
    vconn_wait(vc, VCONN_RECV);
}

void
vconn_send_wait(struct vconn *vc)
{
    vconn_wait(vc, VCONN_SEND);
}

/* Blocking helpers. */

int
vconn_connect_block(struct vconn *vc, long long timeout_ms)
{
    long long deadline = timeout_ms >= 0 ? time_msec() + timeout_ms : -1;
    for (;;) {
        int error = vconn_connect(vc);
        if (error != EAGAIN) {
            return error;
        }
        if (deadline >= 0 && time_msec() >= deadline) {
            return ETIMEDOUT;
        }
        vconn_run(vc);
        vconn_run_wait(vc);
        vconn_connect_wait(vc);
        if (deadline >= 0) {
            poll_timer_wait_until(deadline);
        }
        poll_block();
    }
}

int
vconn_send_block(struct vconn *vc, struct buffer *msg)
{
    int error;
    for (;;) {
        error = vconn_send(vc, msg);
        if (error != EAGAIN) {
            break;
        }
        vconn_run(vc);
        vconn_run_wait(vc);
        vconn_send_wait(vc);
        poll_block();
    }
    while (!error && !list_is_empty(&vc->txq)) {
        vconn_run_wait(vc);
        poll_block();
        vconn_run(vc);
        /* MSG was taken over: a later failure shows in the next call. */
        if (vc->state == VCS_FAILED) {
            break;
        }
    }
    return error;
}

int
vconn_recv_block(struct vconn *vc, struct buffer **msgp)
{
    for (;;) {
        int error = vconn_recv(vc, msgp);
        if (error != EAGAIN) {
            return error;
        }
        vconn_run(vc);
        vconn_run_wait(vc);
        vconn_recv_wait(vc);
        poll_block();
    }
}

static be32
msg_xid(const struct buffer *msg)
{
    const struct ofp_header *oh = msg->data;
    return oh->xid;
}

/* Answers echo request MSG on VC.  Returns true if MSG was one (the
 * caller still frees it). */
static bool
vconn_answer_echo(struct vconn *vc, const struct buffer *msg)
{
    const struct ofp_header *oh = msg->data;
    if (oh->type != OFPT_ECHO_REQUEST) {
        return false;
    }
    struct buffer *reply = ofpraw_alloc_reply(OFPRAW_OFPT_ECHO_REPLY, oh,
                                              msg->size - sizeof *oh);
    buffer_put(reply, oh + 1, msg->size - sizeof *oh);
    ofpmsg_update_length(reply);
    if (vconn_send(vc, reply)) {
        buffer_delete(reply);
    }
    return true;
}

int
vconn_recv_xid(struct vconn *vc, be32 xid, struct buffer **replyp)
{
    for (;;) {
        struct buffer *msg;
        int error = vconn_recv_block(vc, &msg);
        if (error) {
            *replyp = NULL;
            return error;
        }
        if (msg_xid(msg) == xid) {
            *replyp = msg;
            return 0;
        }
        if (!vconn_answer_echo(vc, msg)) {
            VLOG_DBG_RL(&rl, "%s: received reply with xid %08"PRIx32" != "
                        "expected %08"PRIx32, vc->name,
                        ntohl(msg_xid(msg)), ntohl(xid));
        }
        buffer_delete(msg);
    }
}

int
vconn_transact(struct vconn *vc, struct buffer *request,
               struct buffer **replyp)
{
    be32 xid = msg_xid(request);
    *replyp = NULL;
    int error = vconn_send_block(vc, request);
    return error ? error : vconn_recv_xid(vc, xid, replyp);
}

/* Returns a new barrier request in VC's negotiated version. */
static struct buffer *
vconn_make_barrier(const struct vconn *vc)
{
    enum ofp_version version = vc->version;
    return ofpraw_alloc(version == OFP10_VERSION
                        ? OFPRAW_OFPT10_BARRIER_REQUEST
                        : OFPRAW_OFPT11_BARRIER_REQUEST, version, 0);
}

int
vconn_transact_noreply(struct vconn *vc, struct buffer *request,
                       struct buffer **replyp)
{
    *replyp = NULL;
    int error = vconn_connect_block(vc, -1);
    if (error) {
        return error;
    }

    be32 request_xid = msg_xid(request);
    error = vconn_send_block(vc, request);
    if (error) {
        return error;
    }

    struct buffer *barrier = vconn_make_barrier(vc);
    be32 barrier_xid = msg_xid(barrier);
    error = vconn_send_block(vc, barrier);
    if (error) {
        buffer_delete(barrier);
        return error;
    }

    for (;;) {
        struct buffer *msg;
        error = vconn_recv_block(vc, &msg);
        if (error) {
            buffer_delete(*replyp);
            *replyp = NULL;
            return error;
        }
        be32 xid = msg_xid(msg);
        if (xid == request_xid && !*replyp) {
            *replyp = msg;
        } else if (xid == barrier_xid) {
            buffer_delete(msg);
            return 0;
        } else {
            if (!vconn_answer_echo(vc, msg)) {
                VLOG_DBG_RL(&rl, "%s: received message with xid %08"PRIx32
                            " while waiting for barrier %08"PRIx32,
                            vc->name, ntohl(xid), ntohl(barrier_xid));
            }
            buffer_delete(msg);
        }
    }
}

int
vconn_transact_multiple_noreply(struct vconn *vc, struct list *requests,
                                struct buffer **replyp)
{
    *replyp = NULL;
    struct buffer *request;
    LIST_FOR_EACH_POP (request, list_node, requests) {
        int error = vconn_transact_noreply(vc, request, replyp);
        if (error) {
            buffer_delete(request);
        }
        if (error || *replyp) {
            buffer_list_delete(requests);
            return error;
        }
    }
    return 0;
}

int
vconn_transact_multipart(struct vconn *vc, struct buffer *request,
                         struct list *replies)
{
    be32 xid = msg_xid(request);
    int error = vconn_send_block(vc, request);
    while (!error) {
        struct buffer *reply;
        error = vconn_recv_xid(vc, xid, &reply);
        if (error) {
            break;
        }
        list_push_back(replies, &reply->list_node);
        const struct ofp_header *oh = reply->data;
        if (!ofpmsg_is_stat_reply(oh) || !ofpmp_more(oh)) {
            break;
        }
    }
    return error;
}

/* Passive connections. */

int
pvconn_verify_name(const char *name)
{
    static const char *const types[] = { "ptcp:", "pssl:", "punix:", NULL };
    int error = check_type(name, types);
    if (error) {
        return error;
    } else if (pstream_verify_name(name)) {
        return 0;
    }

    /* "ptcp:" and "ptcp::IP" (and the same for "pssl:") take the default
     * port. */
    if (!strncmp(name, "punix:", 6) || (name[5] && name[5] != ':')) {
        return EINVAL;
    }
    char *with_port = xasprintf("%.5s%d%s", name, OFP_PORT, name + 5);
    bool ok = pstream_verify_name(with_port);
    free(with_port);
    return ok ? 0 : EINVAL;
}

int
pvconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
            struct pvconn **pvconnp)
{
    *pvconnp = NULL;
    int error = pvconn_verify_name(name);
    if (error) {
        VLOG_WARN("%s: %s", name, (error == EAFNOSUPPORT
                                   ? "unknown OpenFlow listener type"
                                   : "malformed OpenFlow listener name"));
        return error;
    }

    struct pstream *pstream;
    error = pstream_open_with_default_port(name, OFP_PORT, &pstream, dscp);
    if (error) {
        return error;
    }
    struct pvconn *pvc = xmalloc(sizeof *pvc);
    pvc->pstream = pstream;
    pvc->allowed_versions = normalize_versions(allowed_versions);
    *pvconnp = pvc;
    return 0;
}

int
pvconn_accept(struct pvconn *pvc, struct vconn **vconnp)
{
    struct stream *stream;
    int error = pstream_accept(pvc->pstream, &stream);
    if (error) {
        *vconnp = NULL;
        return error;
    }
    *vconnp = vconn_create(stream, pvc->allowed_versions);
    return 0;
}

void
pvconn_wait(struct pvconn *pvc)
{
    pstream_wait(pvc->pstream);
}

const char *
pvconn_get_name(const struct pvconn *pvc)
{
    return pstream_get_name(pvc->pstream);
}

uint16_t
pvconn_get_bound_port(const struct pvconn *pvc)
{
    return pstream_get_bound_port(pvc->pstream);
}

void
pvconn_close(struct pvconn *pvc)
{
    if (pvc) {
        pstream_close(pvc->pstream);
        free(pvc);
    }
}

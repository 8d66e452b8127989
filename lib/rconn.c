/* rconn: a reliable OpenFlow connection.  See rconn.h. */
#include <config.h>
#include "rconn.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "list.h"
#include "ofp-msgs.h"
#include "openflow.h"
#include "poll-loop.h"
#include "reconnect.h"
#include "timeval.h"
#include "util.h"
#include "vconn.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(rconn);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* A queued message. */
struct rconn_msg {
    struct list list_node;      /* In 'txq' of struct rconn. */
    struct buffer *msg;
    struct rconn_packet_counter *counter; /* May be null. */
};

struct rconn {
    char *name;
    char *target;               /* Null if none (VOID or unreliable). */
    bool reliable;              /* Reconnects? */
    bool ended;                 /* Unreliable connection that ended. */
    struct reconnect *reconnect;
    long long (*clock)(void);

    struct vconn *vconn;        /* Connection or attempt, or null. */
    bool connected;             /* 'vconn' negotiated and reported? */
    bool forced;                /* Disconnection asked for by the caller? */
    uint8_t dscp;
    uint32_t allowed_versions;

    struct list txq;            /* struct rconn_msg. */
    unsigned int txqlen;
    size_t txq_bytes;

    int last_error;
    unsigned int seqno;
    unsigned int n_attempted;
    unsigned int n_successful;
    unsigned int n_disconnects;
    unsigned long long packets_sent;
    unsigned long long packets_received;
};

/* Packet counters. */

struct rconn_packet_counter *
rconn_packet_counter_create(void)
{
    struct rconn_packet_counter *c = xzalloc(sizeof *c);
    c->ref_cnt = 1;
    return c;
}

static void
rconn_packet_counter_unref(struct rconn_packet_counter *c)
{
    if (c) {
        sluice_assert(c->ref_cnt > 0);
        if (!--c->ref_cnt) {
            free(c);
        }
    }
}

void
rconn_packet_counter_destroy(struct rconn_packet_counter *c)
{
    rconn_packet_counter_unref(c);
}

/* Creation and configuration. */

static long long
rconn_now(const struct rconn *rc)
{
    return rc->clock();
}

struct rconn *
rconn_create(int probe_interval, int max_backoff, uint8_t dscp,
             uint32_t allowed_versions)
{
    struct rconn *rc = xzalloc(sizeof *rc);
    rc->name = xstrdup("void");
    rc->clock = time_msec;
    rc->reconnect = reconnect_create(rconn_now(rc));
    rc->dscp = dscp;
    rc->allowed_versions = allowed_versions;
    list_init(&rc->txq);
    rconn_set_probe_interval(rc, (probe_interval
                                  ? probe_interval
                                  : RECONNECT_DEFAULT_PROBE_INTERVAL));
    rconn_set_backoff(rc, 0, max_backoff);
    return rc;
}

void
rconn_set_clock(struct rconn *rc, long long (*clock)(void))
{
    rc->clock = clock ? clock : time_msec;
}

void
rconn_set_probe_interval(struct rconn *rc, int probe_interval)
{
    reconnect_set_probe_interval(rc->reconnect, MAX(probe_interval, 0));
}

int
rconn_get_probe_interval(const struct rconn *rc)
{
    return reconnect_get_probe_interval(rc->reconnect);
}

void
rconn_set_backoff(struct rconn *rc, int min_backoff, int max_backoff)
{
    reconnect_set_backoff(rc->reconnect, min_backoff, max_backoff);
}

int
rconn_get_max_backoff(const struct rconn *rc)
{
    return reconnect_get_max_backoff(rc->reconnect);
}

void
rconn_set_dscp(struct rconn *rc, uint8_t dscp)
{
    rc->dscp = dscp;
}

void
rconn_set_allowed_versions(struct rconn *rc, uint32_t allowed_versions)
{
    rc->allowed_versions = allowed_versions;
}

/* Queue. */

/* Drops every queued message. */
static void
rconn_clear_txq(struct rconn *rc)
{
    struct rconn_msg *m;
    LIST_FOR_EACH_POP (m, list_node, &rc->txq) {
        if (m->counter) {
            m->counter->n_packets--;
            m->counter->n_bytes -= m->msg->size;
            rconn_packet_counter_unref(m->counter);
        }
        buffer_delete(m->msg);
        free(m);
    }
    rc->txqlen = 0;
    rc->txq_bytes = 0;
}

/* Hands queued messages to the vconn while it has nothing waiting. */
static void
rconn_flush(struct rconn *rc)
{
    while (rc->connected && !list_is_empty(&rc->txq)
           && !vconn_get_backlog(rc->vconn)) {
        struct rconn_msg *m;
        INIT_CONTAINER(m, list_front(&rc->txq), list_node);
        size_t size = m->msg->size;
        int error = vconn_send(rc->vconn, m->msg);
        if (error) {
            if (error != EAGAIN) {
                /* rconn_run() notices the failure. */
                VLOG_DBG_RL(&rl, "%s: send failed (%s)", rc->name,
                            sluice_strerror(error));
            }
            break;
        }
        list_remove(&m->list_node);
        if (m->counter) {
            m->counter->n_packets--;
            m->counter->n_bytes -= size;
            rconn_packet_counter_unref(m->counter);
        }
        free(m);
        rc->txqlen--;
        rc->txq_bytes -= size;
        rc->packets_sent++;
    }
}

/* Connection. */

/* Drops RC's connection or attempt, with ERROR (0 if the caller asked for
 * it), telling the reconnect machine. */
static void
rconn_drop(struct rconn *rc, int error)
{
    long long now = rconn_now(rc);
    if (rc->vconn) {
        if (rc->connected) {
            reconnect_disconnected(rc->reconnect, now, error);
            rc->n_disconnects++;
            rc->seqno++;
        } else {
            reconnect_connect_failed(rc->reconnect, now, error);
        }
        vconn_close(rc->vconn);
        rc->vconn = NULL;
        if (!rc->reliable) {
            rc->ended = true;
        }
    }
    if (error) {
        rc->last_error = error;
    }
    rc->connected = false;
    rconn_clear_txq(rc);
}

static void
rconn_set_names(struct rconn *rc, const char *target, const char *name)
{
    free(rc->target);
    rc->target = target ? xstrdup(target) : NULL;
    free(rc->name);
    rc->name = xstrdup(name ? name : target ? target : "void");
    reconnect_set_name(rc->reconnect, rc->name);
}

void
rconn_connect(struct rconn *rc, const char *target, const char *name)
{
    long long now = rconn_now(rc);
    rconn_disconnect(rc);
    rconn_set_names(rc, target, name);
    rc->reliable = true;
    rc->ended = false;
    reconnect_set_max_tries(rc->reconnect, UINT_MAX);
    reconnect_enable(rc->reconnect, now);
}

void
rconn_connect_unreliably(struct rconn *rc, struct vconn *vconn,
                         const char *name)
{
    long long now = rconn_now(rc);
    rconn_disconnect(rc);
    rconn_set_names(rc, NULL, name ? name : vconn_get_name(vconn));
    rc->reliable = false;
    rc->ended = false;
    reconnect_set_max_tries(rc->reconnect, 0);
    reconnect_connecting(rc->reconnect, now);
    rc->vconn = vconn;
    rc->n_attempted++;
}

void
rconn_reconnect(struct rconn *rc)
{
    if (rc->vconn) {
        rc->forced = true;
    }
    reconnect_force_reconnect(rc->reconnect, rconn_now(rc));
}

void
rconn_disconnect(struct rconn *rc)
{
    rconn_drop(rc, 0);
    reconnect_disable(rc->reconnect, rconn_now(rc));
    free(rc->target);
    rc->target = NULL;
}

void
rconn_destroy(struct rconn *rc)
{
    if (rc) {
        rconn_disconnect(rc);
        reconnect_destroy(rc->reconnect);
        free(rc->name);
        free(rc);
    }
}

/* Starts a connection attempt. */
static void
rconn_start_connect(struct rconn *rc, long long now)
{
    rconn_drop(rc, 0);
    rc->n_attempted++;
    int error = vconn_open(rc->target, rc->allowed_versions, rc->dscp,
                           &rc->vconn);
    if (!error) {
        reconnect_connecting(rc->reconnect, now);
    } else {
        VLOG_WARN_RL(&rl, "%s: connection failed (%s)", rc->name,
                     sluice_strerror(error));
        rc->last_error = error;
        reconnect_connect_failed(rc->reconnect, now, error);
    }
}

/* Sends an echo request as an inactivity probe. */
static void
rconn_send_probe(struct rconn *rc)
{
    struct buffer *echo = ofpraw_alloc(OFPRAW_OFPT_ECHO_REQUEST,
                                       vconn_get_version(rc->vconn), 0);
    ofpmsg_update_length(echo);
    rconn_send(rc, echo, NULL);
}

void
rconn_run(struct rconn *rc)
{
    long long now = rconn_now(rc);

    if (rc->vconn) {
        vconn_run(rc->vconn);
        if (!rc->connected) {
            int error = vconn_connect(rc->vconn);
            if (!error) {
                rc->connected = true;
                rc->n_successful++;
                rc->seqno++;
                reconnect_connected(rc->reconnect, now);
                VLOG_INFO("%s: connected (OpenFlow version 0x%02x)",
                          rc->name, vconn_get_version(rc->vconn));
            } else if (error != EAGAIN) {
                const char *detail = vconn_get_error_detail(rc->vconn);
                VLOG_WARN_RL(&rl, "%s", detail ? detail : rc->name);
                rconn_drop(rc, error);
            }
        }
        if (rc->connected) {
            rconn_flush(rc);
            int error = vconn_get_status(rc->vconn);
            if (error) {
                rconn_drop(rc, error);
            }
        }
    }

    switch (reconnect_run(rc->reconnect, now)) {
    case RECONNECT_CONNECT:
        if (rc->target) {
            rconn_start_connect(rc, now);
        }
        break;

    case RECONNECT_DISCONNECT: {
        int error = rc->forced ? 0 : ETIMEDOUT;
        rc->forced = false;
        if (error && rc->connected) {
            VLOG_WARN("%s: no response to inactivity probe after %d "
                      "seconds, disconnecting", rc->name,
                      2 * reconnect_get_probe_interval(rc->reconnect)
                      / 1000);
        }
        rconn_drop(rc, error);
        break;
    }

    case RECONNECT_PROBE:
        if (rc->connected) {
            rconn_send_probe(rc);
            rconn_flush(rc);
        }
        break;

    default:
        break;
    }
}

void
rconn_run_wait(struct rconn *rc)
{
    if (rc->vconn) {
        vconn_run_wait(rc->vconn);
        if (!rc->connected) {
            vconn_connect_wait(rc->vconn);
        } else if (!list_is_empty(&rc->txq)) {
            vconn_send_wait(rc->vconn);
        }
    }
    reconnect_wait(rc->reconnect, rconn_now(rc));
}

/* Answers echo request MSG. */
static void
rconn_answer_echo(struct rconn *rc, const struct buffer *msg)
{
    const struct ofp_header *oh = msg->data;
    size_t body = msg->size - sizeof *oh;
    struct buffer *reply = ofpraw_alloc_reply(OFPRAW_OFPT_ECHO_REPLY, oh,
                                              body);
    buffer_put(reply, oh + 1, body);
    ofpmsg_update_length(reply);
    rconn_send(rc, reply, NULL);
}

struct buffer *
rconn_recv(struct rconn *rc)
{
    while (rc->connected) {
        struct buffer *msg;
        int error = vconn_recv(rc->vconn, &msg);
        if (error) {
            if (error != EAGAIN) {
                rconn_drop(rc, error);
            }
            return NULL;
        }
        reconnect_activity(rc->reconnect, rconn_now(rc));
        rc->packets_received++;

        const struct ofp_header *oh = msg->data;
        if (oh->type == OFPT_ECHO_REQUEST) {
            rconn_answer_echo(rc, msg);
            rconn_flush(rc);
        } else if (oh->type != OFPT_ECHO_REPLY) {
            return msg;
        }
        buffer_delete(msg);
    }
    return NULL;
}

void
rconn_recv_wait(struct rconn *rc)
{
    if (rc->connected) {
        vconn_recv_wait(rc->vconn);
    }
}

int
rconn_send(struct rconn *rc, struct buffer *msg,
           struct rconn_packet_counter *counter)
{
    if (!rc->connected) {
        buffer_delete(msg);
        return ENOTCONN;
    }
    struct rconn_msg *m = xmalloc(sizeof *m);
    m->msg = msg;
    m->counter = counter;
    if (counter) {
        counter->ref_cnt++;
        counter->n_packets++;
        counter->n_bytes += msg->size;
    }
    bool was_empty = list_is_empty(&rc->txq);
    list_push_back(&rc->txq, &m->list_node);
    rc->txqlen++;
    rc->txq_bytes += msg->size;
    if (was_empty) {
        rconn_flush(rc);
    }
    return 0;
}

int
rconn_send_with_limit(struct rconn *rc, struct buffer *msg,
                      struct rconn_packet_counter *counter, int queue_limit)
{
    if (counter->n_packets >= (unsigned int) MAX(queue_limit, 0)) {
        counter->n_dropped++;
        buffer_delete(msg);
        return EAGAIN;
    }
    return rconn_send(rc, msg, counter);
}

/* Status. */

const char *
rconn_get_name(const struct rconn *rc)
{
    return rc->name;
}

const char *
rconn_get_target(const struct rconn *rc)
{
    return rc->target ? rc->target : "";
}

bool
rconn_is_alive(const struct rconn *rc)
{
    return rc->vconn || reconnect_is_enabled(rc->reconnect);
}

bool
rconn_is_connected(const struct rconn *rc)
{
    return rc->connected;
}

int
rconn_get_version(const struct rconn *rc)
{
    return rc->connected ? vconn_get_version(rc->vconn) : -1;
}

const char *
rconn_get_state(const struct rconn *rc)
{
    if (rc->ended && !rc->vconn) {
        return "DISCONNECTED";
    }
    struct reconnect_stats stats;
    reconnect_get_stats(rc->reconnect, rconn_now(rc), &stats);
    if (!strcmp(stats.state, "RECONNECT")) {
        return "BACKOFF";
    }
    return stats.state;
}

int
rconn_get_last_error(const struct rconn *rc)
{
    return rc->last_error;
}

unsigned int
rconn_get_connection_seqno(const struct rconn *rc)
{
    return rc->seqno;
}

unsigned int
rconn_count_txqlen(const struct rconn *rc)
{
    return rc->txqlen;
}

void
rconn_get_stats(const struct rconn *rc, struct rconn_stats *stats)
{
    struct reconnect_stats rs;
    reconnect_get_stats(rc->reconnect, rconn_now(rc), &rs);
    stats->state = rconn_get_state(rc);
    stats->state_elapsed = rs.state_elapsed;
    stats->n_attempted_connections = rc->n_attempted;
    stats->n_successful_connections = rc->n_successful;
    stats->n_disconnects = rc->n_disconnects;
    stats->packets_sent = rc->packets_sent;
    stats->packets_received = rc->packets_received;
    stats->txqlen = rc->txqlen;
    stats->backlog = (rc->txq_bytes
                      + (rc->vconn ? vconn_get_backlog(rc->vconn) : 0));
    stats->last_error = rc->last_error;
    stats->seqno = rc->seqno;
    stats->msec_since_connect = rs.msec_since_connect;
    stats->msec_since_disconnect = rs.msec_since_disconnect;
}

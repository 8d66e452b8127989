/*
 * rconn: a reliable OpenFlow connection, as a switch keeps to each of its
 * controllers.
 *
 * An rconn connects to an active vconn name ("tcp:IP:PORT", "ssl:...",
 * "unix:PATH") and keeps the connection up: when an attempt fails or the
 * connection drops it tries again with exponential backoff (reconnect.h:
 * 1 s doubling up to the maximum backoff, 8 s unless set).  While
 * connected, when nothing has arrived for the inactivity probe interval
 * (5 s unless set; 0 turns probing off) it sends an OFPT_ECHO_REQUEST, and
 * if nothing arrives for another interval it drops the connection
 * (ETIMEDOUT) and reconnects.  It answers the peer's echo requests itself
 * and swallows echo replies: rconn_recv() never returns either.
 *
 * Sending: rconn_send() queues a message; the rconn hands queued messages
 * to its vconn one at a time, as the vconn empties, so that the queue (not
 * the socket) is where messages wait.  Each message may be charged to a
 * 'struct rconn_packet_counter' (a "class" of messages, for example one
 * controller's packet-ins) while it waits; rconn_send_with_limit() drops a
 * message when its class already has a given number waiting, so that
 * packet-ins cannot starve other messages.  Messages still queued when
 * the connection drops are discarded.
 *
 * Status: rconn_get_state() names the state as Open vSwitch does in the
 * Controller table's "state" status key: "VOID" (not configured),
 * "BACKOFF" (waiting to retry), "CONNECTING", "ACTIVE" (connected, traffic
 * recently), "IDLE" (connected, probe sent), "DISCONNECTED" (an
 * unreliable connection that ended).  rconn_get_stats() gives the
 * counters.
 *
 * Time: an rconn reads the time through a clock function, time_msec()
 * unless rconn_set_clock() gives another, so that tests can drive backoff
 * and probing with a fake clock.
 *
 * Ownership: rconn_send() and rconn_send_with_limit() always take over the
 * message, also when they fail.  rconn_recv() hands the caller a message
 * to free with buffer_delete().  A packet counter is reference-counted:
 * the creator's reference is dropped by rconn_packet_counter_destroy(),
 * and queued messages hold their own.
 *
 * Thread safety: an rconn belongs to one thread at a time.
 */
#ifndef SLUICE_RCONN_H
#define SLUICE_RCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buffer;
struct rconn;
struct vconn;

/* A class of messages, for queue accounting. */
struct rconn_packet_counter {
    unsigned int n_packets;     /* Messages queued, not yet sent. */
    unsigned int n_bytes;       /* Bytes in those messages. */
    unsigned long long n_dropped; /* Dropped by rconn_send_with_limit(). */
    int ref_cnt;                /* Private. */
};

/* Returns a new counter, all zero. */
struct rconn_packet_counter *rconn_packet_counter_create(void);

/* Drops the caller's reference to C.  NULL is a no-op. */
void rconn_packet_counter_destroy(struct rconn_packet_counter *c);

/* Returns a new rconn, not yet connected ("VOID"), with PROBE_INTERVAL
 * and MAX_BACKOFF in milliseconds (0: the defaults, 5000 and 8000; a
 * negative PROBE_INTERVAL turns probes off), DSCP for IP packets and the
 * OpenFlow versions ALLOWED_VERSIONS (a vconn.h bitmap, 0: all). */
struct rconn *rconn_create(int probe_interval, int max_backoff, uint8_t dscp,
                           uint32_t allowed_versions);

/* Closes RC's connection and frees it.  NULL is a no-op. */
void rconn_destroy(struct rconn *rc);

/* Makes RC read the time (in milliseconds) from CLOCK, or from time_msec()
 * if CLOCK is NULL.  Call before connecting. */
void rconn_set_clock(struct rconn *rc, long long (*clock)(void));

/* Sets the inactivity probe interval in milliseconds (0 or negative: no
 * probes; positive values below 1000 become 1000). */
void rconn_set_probe_interval(struct rconn *rc, int probe_interval);
int rconn_get_probe_interval(const struct rconn *rc);

/* Sets the backoff range in milliseconds (see reconnect.h). */
void rconn_set_backoff(struct rconn *rc, int min_backoff, int max_backoff);
int rconn_get_max_backoff(const struct rconn *rc);

/* Sets the DSCP and the allowed versions of future connections. */
void rconn_set_dscp(struct rconn *rc, uint8_t dscp);
void rconn_set_allowed_versions(struct rconn *rc, uint32_t allowed_versions);

/* Makes RC connect to TARGET (a vconn name), dropping any connection it
 * has, and keep reconnecting.  NAME (may be NULL: TARGET) names RC in log
 * messages. */
void rconn_connect(struct rconn *rc, const char *target, const char *name);

/* Makes RC use VCONN (taken over; it may still be in its hello exchange),
 * dropping any connection it has, without reconnecting when it ends. */
void rconn_connect_unreliably(struct rconn *rc, struct vconn *vconn,
                              const char *name);

/* Drops RC's connection, if any, and connects again after the backoff. */
void rconn_reconnect(struct rconn *rc);

/* Drops RC's connection and stops connecting ("VOID"). */
void rconn_disconnect(struct rconn *rc);

/* Does RC's work: connecting, the hello exchange, probing, sending queued
 * messages, noticing failures. */
void rconn_run(struct rconn *rc);

/* Makes the next poll_block() wake when rconn_run() has work to do. */
void rconn_run_wait(struct rconn *rc);

/* Returns the next message received on RC (echo requests and replies are
 * handled here and not returned), or NULL if none is ready. */
struct buffer *rconn_recv(struct rconn *rc);

/* Makes the next poll_block() wake when rconn_recv() may return a
 * message. */
void rconn_recv_wait(struct rconn *rc);

/* Queues MSG (taken over) to be sent on RC, charged to COUNTER (may be
 * NULL).  Returns 0, or ENOTCONN (dropping MSG) if RC is not connected. */
int rconn_send(struct rconn *rc, struct buffer *msg,
               struct rconn_packet_counter *counter);

/* Like rconn_send(), but if COUNTER already has QUEUE_LIMIT messages
 * queued, drops MSG, counts it in COUNTER->n_dropped and returns
 * EAGAIN. */
int rconn_send_with_limit(struct rconn *rc, struct buffer *msg,
                          struct rconn_packet_counter *counter,
                          int queue_limit);

/* Returns RC's name and target ("" for the target if it has none). */
const char *rconn_get_name(const struct rconn *rc);
const char *rconn_get_target(const struct rconn *rc);

/* Returns true if RC is connected or will try to connect. */
bool rconn_is_alive(const struct rconn *rc);

/* Returns true if RC has a connection with a negotiated version. */
bool rconn_is_connected(const struct rconn *rc);

/* Returns the negotiated version, or -1 if not connected. */
int rconn_get_version(const struct rconn *rc);

/* Returns RC's state name (see the comment at the top). */
const char *rconn_get_state(const struct rconn *rc);

/* Returns the error that ended RC's last connection or attempt (EOF: the
 * peer closed it; ETIMEDOUT: no answer to a probe), or 0. */
int rconn_get_last_error(const struct rconn *rc);

/* Returns a number that changes each time RC connects or disconnects. */
unsigned int rconn_get_connection_seqno(const struct rconn *rc);

/* Returns the number of messages queued on RC. */
unsigned int rconn_count_txqlen(const struct rconn *rc);

struct rconn_stats {
    const char *state;          /* As rconn_get_state(). */
    long long state_elapsed;    /* ms in that state. */
    unsigned int n_attempted_connections;
    unsigned int n_successful_connections;
    unsigned int n_disconnects; /* Connections that ended. */
    unsigned long long packets_sent;
    unsigned long long packets_received;
    unsigned int txqlen;        /* Messages queued. */
    size_t backlog;             /* Bytes queued, including the vconn's. */
    int last_error;
    unsigned int seqno;
    long long msec_since_connect;    /* -1 if never connected. */
    long long msec_since_disconnect; /* -1 if never disconnected. */
};

/* Fills *STATS for RC. */
void rconn_get_stats(const struct rconn *rc, struct rconn_stats *stats);

#endif /* rconn.h */

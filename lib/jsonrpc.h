/*
 * jsonrpc: JSON-RPC 1.0 messages, connections and reconnecting sessions,
 * as OVSDB uses them (RFC 7047 section 4).
 *
 * Messages.  Each message is one JSON object on a byte stream, with no
 * framing besides the JSON itself:
 *
 *   request:       {"method": M, "params": [...], "id": ID}   (ID not null)
 *   notification:  {"method": M, "params": [...], "id": null}
 *   reply:         {"result": R, "error": null, "id": ID}
 *   error reply:   {"result": null, "error": E, "id": ID}     (E not null)
 *
 * On input, "id" may be omitted from a notification and "error" ("result")
 * from a reply (an error reply); any other member is an error, as is a
 * "params" that is not an array.
 *
 * Connections.  A 'struct jsonrpc' sends and receives messages over one
 * stream (stream.h), without blocking: jsonrpc_send() queues a message and
 * sends what the stream accepts, jsonrpc_run() sends more, jsonrpc_recv()
 * returns a complete message or EAGAIN.  A connection fails for good on
 * the first error, which jsonrpc_get_status() then reports: EOF when the
 * peer closed the stream cleanly between messages, EPROTO for input that
 * is not a valid message (logged, rate-limited, naming the peer),
 * EMSGSIZE for a message larger than the receive limit, ENOBUFS when the
 * send queue exceeds its limit because the peer does not read, or the
 * stream's own error.  A failed connection closes its stream at once and
 * drops its queue; it affects no other connection.  Only receiving reads
 * the stream, so a connection (or session) learns that its peer has gone
 * when jsonrpc_recv() (jsonrpc_session_recv()) reads the end of the
 * stream: call it, and its _wait() function, in every pass of the main
 * loop.
 *
 * Limits.  So that a peer cannot make us buffer without bound, a message
 * being received may be at most JSONRPC_DEFAULT_MAX_MSG_SIZE bytes of
 * JSON text, and a message may not be queued while more than
 * JSONRPC_DEFAULT_MAX_BACKLOG bytes wait to be sent.  Both limits can be
 * changed per connection.
 *
 * Sessions.  A 'struct jsonrpc_session' keeps a connection up: over an
 * active stream name ("unix:PATH", "tcp:HOST:PORT", "ssl:...") it connects
 * and reconnects with exponential backoff (reconnect.h); over a passive
 * name ("punix:PATH", "ptcp:PORT", ...) it listens and takes each accepted
 * connection in place of the previous one.  When no data arrives for the
 * probe interval (on by default for tcp and ssl, off for unix) it sends an
 * "echo" request, and it drops the connection if nothing arrives for
 * another interval.  It answers the peer's "echo" requests itself and
 * swallows the replies to its own.  jsonrpc_session_get_seqno() changes
 * whenever the connection comes up or goes down, so that a client knows
 * when to resend its state (for example, re-issue its OVSDB monitors).
 *
 * Ownership: functions that take a 'struct jsonrpc_msg *' to send it take
 * it over (and destroy it even on failure); jsonrpc_recv() and
 * jsonrpc_session_recv() hand the caller a message to destroy with
 * jsonrpc_msg_destroy().  jsonrpc_open() takes over its stream.
 *
 * Thread safety: a connection or session belongs to one thread at a time;
 * distinct ones may be used by distinct threads.  The *_block() functions
 * run the calling thread's poll loop (poll-loop.h).
 */
#ifndef SLUICE_JSONRPC_H
#define SLUICE_JSONRPC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct json;
struct stream;

/* Messages. */

enum jsonrpc_msg_type {
    JSONRPC_REQUEST,            /* Request: 'method', 'params', 'id'. */
    JSONRPC_NOTIFY,             /* Notification: 'method', 'params'. */
    JSONRPC_REPLY,              /* Successful reply: 'result', 'id'. */
    JSONRPC_ERROR               /* Error reply: 'error', 'id'. */
};

/* Returns "request", "notification", "reply" or "error". */
const char *jsonrpc_msg_type_to_string(enum jsonrpc_msg_type);

/* A message.  Members that the type does not use are null; the message
 * owns the others (one reference each). */
struct jsonrpc_msg {
    enum jsonrpc_msg_type type;
    char *method;               /* Request, notification. */
    struct json *params;        /* Request, notification: an array. */
    struct json *result;        /* Reply. */
    struct json *error;         /* Error: not JSON null. */
    struct json *id;            /* Request (not JSON null), reply, error. */
};

/* Returns a new request to call METHOD with PARAMS (an array, taken over)
 * and a new unique integer id.  If IDP is nonnull, stores a reference to
 * the id there (the caller releases it), to match the reply. */
struct jsonrpc_msg *jsonrpc_create_request(const char *method,
                                           struct json *params,
                                           struct json **idp);
/* Returns a new notification of METHOD with PARAMS (an array, taken
 * over). */
struct jsonrpc_msg *jsonrpc_create_notify(const char *method,
                                          struct json *params);
/* Returns a new reply with RESULT (taken over) to the request with ID (not
 * taken over: the reply holds its own reference). */
struct jsonrpc_msg *jsonrpc_create_reply(struct json *result,
                                         const struct json *id);
/* Returns a new error reply with ERROR (taken over; not JSON null) to the
 * request with ID (not taken over). */
struct jsonrpc_msg *jsonrpc_create_error(struct json *error,
                                         const struct json *id);
/* Frees MSG.  Null is a no-op. */
void jsonrpc_msg_destroy(struct jsonrpc_msg *msg);

/* Returns null if MSG is a well-formed message of its type, otherwise a
 * message (which the caller frees) saying what is wrong. */
char *jsonrpc_msg_is_valid(const struct jsonrpc_msg *msg)
    SLUICE_WARN_UNUSED_RESULT;
/* Converts MSG, which must be valid, to its JSON object, destroying MSG. */
struct json *jsonrpc_msg_to_json(struct jsonrpc_msg *msg);
/* Converts JSON, which it takes over, to a message.  Returns null and
 * stores the message in *MSGP, or returns an error message (which the
 * caller frees) and stores null in *MSGP. */
char *jsonrpc_msg_from_json(struct json *json, struct jsonrpc_msg **msgp)
    SLUICE_WARN_UNUSED_RESULT;
/* Returns MSG as compact JSON text, for logs and tests; the caller frees
 * it. */
char *jsonrpc_msg_to_string(const struct jsonrpc_msg *msg);

/* Connections. */

#define JSONRPC_DEFAULT_MAX_MSG_SIZE (64 * 1024 * 1024)
#define JSONRPC_DEFAULT_MAX_BACKLOG (256 * 1024 * 1024)

/* Returns a new connection over STREAM, which it takes over.  STREAM may
 * still be connecting. */
struct jsonrpc *jsonrpc_open(struct stream *stream);
/* Closes RPC and its stream, dropping unsent messages.  Null is a
 * no-op. */
void jsonrpc_close(struct jsonrpc *rpc);

/* Sends queued data as far as the stream accepts it. */
void jsonrpc_run(struct jsonrpc *rpc);
/* Makes the next poll_block() wake when jsonrpc_run() can make
 * progress. */
void jsonrpc_wait(struct jsonrpc *rpc);

/* Returns 0 while RPC works, otherwise the error that ended it (EOF if the
 * peer closed the connection between messages). */
int jsonrpc_get_status(const struct jsonrpc *rpc);
/* Returns the number of bytes queued but not yet sent. */
size_t jsonrpc_get_backlog(const struct jsonrpc *rpc);
/* Returns the number of bytes received so far. */
uint64_t jsonrpc_get_received_bytes(const struct jsonrpc *rpc);
/* Returns the name of RPC's stream (see stream_get_name()). */
const char *jsonrpc_get_name(const struct jsonrpc *rpc);

/* Sets the largest message RPC accepts, in bytes of JSON text (at least
 * 1). */
void jsonrpc_set_max_msg_size(struct jsonrpc *rpc, size_t max_msg_size);
/* Sets the send queue limit: jsonrpc_send() fails with ENOBUFS when more
 * than MAX_BACKLOG bytes (0: no limit) are already queued. */
void jsonrpc_set_max_backlog(struct jsonrpc *rpc, size_t max_backlog);

/* Queues MSG (taken over) and starts sending it.  Returns 0, or the error
 * that ended the connection (now or before), or EINVAL (logged; the
 * connection is unaffected) if MSG is not valid (see
 * jsonrpc_msg_is_valid()). */
int jsonrpc_send(struct jsonrpc *rpc, struct jsonrpc_msg *msg);
/* Receives a message.  Returns 0 and stores it in *MSGP, or stores null
 * and returns EAGAIN if no complete message has arrived yet, or the error
 * that ended the connection.  One call reads a bounded amount of input, so
 * that a busy peer cannot starve others; call again after
 * jsonrpc_recv_wait(). */
int jsonrpc_recv(struct jsonrpc *rpc, struct jsonrpc_msg **msgp);
/* Makes the next poll_block() wake when jsonrpc_recv() can make
 * progress. */
void jsonrpc_recv_wait(struct jsonrpc *rpc);

/* Like jsonrpc_send() but waits until all queued data is sent. */
int jsonrpc_send_block(struct jsonrpc *rpc, struct jsonrpc_msg *msg);
/* Like jsonrpc_recv() but waits until a message arrives or the connection
 * fails; never returns EAGAIN. */
int jsonrpc_recv_block(struct jsonrpc *rpc, struct jsonrpc_msg **msgp);
/* Sends REQUEST (taken over; a JSONRPC_REQUEST) and waits for the reply or
 * error with its id, which it stores in *REPLYP.  Other messages that
 * arrive meanwhile are dropped, except that "echo" requests are answered.
 * Returns 0, or an error with null in *REPLYP. */
int jsonrpc_transact_block(struct jsonrpc *rpc, struct jsonrpc_msg *request,
                           struct jsonrpc_msg **replyp);

/* Sessions. */

/* Returns a new session for stream or pstream NAME, which the caller has
 * checked with stream_verify_name() or pstream_verify_name().  With
 * RETRY, an active session reconnects forever; without it, an active
 * session gives up when its first connection attempt fails or its
 * connection ends (passive sessions always keep listening). */
struct jsonrpc_session *jsonrpc_session_open(const char *name, bool retry);
/* Returns a session over RPC (taken over), an already established
 * connection that a server accepted: it probes and answers echoes, but
 * once RPC fails the session stays down for good. */
struct jsonrpc_session *jsonrpc_session_open_unreliably(struct jsonrpc *rpc);
/* Closes S and its connection.  Null is a no-op. */
void jsonrpc_session_close(struct jsonrpc_session *s);

/* Does S's work: accepts or completes connections, notices failures,
 * reconnects, probes, and sends queued data. */
void jsonrpc_session_run(struct jsonrpc_session *s);
/* Makes the next poll_block() wake when jsonrpc_session_run() has work to
 * do. */
void jsonrpc_session_wait(struct jsonrpc_session *s);

/* Sends MSG (taken over) on S's current connection.  Returns 0, or
 * ENOTCONN if S is not connected, or the error that ended the
 * connection. */
int jsonrpc_session_send(struct jsonrpc_session *s, struct jsonrpc_msg *msg);
/* Returns the next message received on S (the caller destroys it), or null
 * if none is ready.  "echo" requests and the replies to S's own probes are
 * handled here and not returned. */
struct jsonrpc_msg *jsonrpc_session_recv(struct jsonrpc_session *s);
/* Makes the next poll_block() wake when jsonrpc_session_recv() may return
 * a message. */
void jsonrpc_session_recv_wait(struct jsonrpc_session *s);

/* Returns true if S has a connection up. */
bool jsonrpc_session_is_connected(const struct jsonrpc_session *s);
/* Returns true if S is connected or will still try to connect (always
 * true for a passive session). */
bool jsonrpc_session_is_alive(const struct jsonrpc_session *s);
/* Returns a number that changes each time S connects or disconnects. */
unsigned int jsonrpc_session_get_seqno(const struct jsonrpc_session *s);
/* Returns the error that ended S's last connection or connection attempt,
 * or 0 if there was none (EOF: the peer closed the connection). */
int jsonrpc_session_get_last_error(const struct jsonrpc_session *s);
/* Fills *STATS with the statistics of S's reconnection state machine
 * (reconnect.h), as of now: its state, times since it connected and
 * disconnected, and so on. */
struct reconnect_stats;
void jsonrpc_session_get_reconnect_stats(const struct jsonrpc_session *s,
                                         struct reconnect_stats *stats);
/* Returns S's name: the name it was opened with. */
const char *jsonrpc_session_get_name(const struct jsonrpc_session *s);
/* Returns the bytes queued on S's connection, 0 if not connected. */
size_t jsonrpc_session_get_backlog(const struct jsonrpc_session *s);
/* Drops S's connection (if any) and connects again. */
void jsonrpc_session_force_reconnect(struct jsonrpc_session *s);

/* Sets the reconnection backoff, in milliseconds (see reconnect.h). */
void jsonrpc_session_set_backoff(struct jsonrpc_session *s, int min_backoff,
                                 int max_backoff);
/* Sets the inactivity probe interval in milliseconds; 0 turns probes
 * off. */
void jsonrpc_session_set_probe_interval(struct jsonrpc_session *s,
                                        int probe_interval);
/* Sets the DSCP (0...63) of S's future connections. */
void jsonrpc_session_set_dscp(struct jsonrpc_session *s, uint8_t dscp);
/* Sets the limits (see jsonrpc_set_max_msg_size() and
 * jsonrpc_set_max_backlog()) of S's current and future connections. */
void jsonrpc_session_set_max_msg_size(struct jsonrpc_session *s,
                                      size_t max_msg_size);
void jsonrpc_session_set_max_backlog(struct jsonrpc_session *s,
                                     size_t max_backlog);

#endif /* jsonrpc.h */

/*
 * vconn: OpenFlow connections over byte streams (stream.h).
 *
 * Names.  An active connection is named like a stream: "tcp:HOST[:PORT]",
 * "ssl:HOST[:PORT]" (PORT defaults to OFP_PORT, 6653) or "unix:PATH".  A
 * passive one (pvconn) listens on "ptcp:[PORT][:IP]", "pssl:[PORT][:IP]"
 * (an empty PORT means 6653) or "punix:PATH".
 *
 * Versions.  Each connection has a bitmap of the OpenFlow versions it may
 * speak, as ofp-protocol.h defines them (bit N for wire version N,
 * OFP_ALL_VERSIONS for 1.0 to 1.5); 0 passed to an open function means
 * OFP_ALL_VERSIONS.  Version bits outside 1.0 to 1.5 are ignored.
 *
 * Life of a connection.  Opening (vconn_open(), or pvconn_accept() on the
 * passive side) returns at once; the connection then completes in the
 * background as vconn_run() or any other function is called: the stream
 * connects, each side sends an OFPT_HELLO (with a version bitmap element
 * unless its versions are 1.0 up to some version, as Open vSwitch does)
 * and the highest version that both sides allow is chosen.  A peer whose
 * hello has no bitmap allows every version up to its header's version.
 * If no version is common, the connection sends the OFPET_HELLO_FAILED /
 * OFPHFC_INCOMPATIBLE error that the specification requires, in the
 * highest version the peer offered, with an explanation such as "We
 * support versions 0x01, 0x04, you support version 0x06, no common
 * versions.", and then fails with EPROTO; vconn_get_error_detail() then
 * names both sides' versions.  vconn_connect() reports 0 once a version
 * is chosen, EAGAIN before, or the error that ended the connection.
 *
 * Receiving.  vconn_recv() returns one complete message at a time.  A
 * header whose length is below 8 cannot be framed: the connection answers
 * it with an OFPBRC_BAD_LEN error and fails with EPROTO.  A message in a
 * version other than the negotiated one, other than a hello, error or echo
 * (which any version may carry), is answered with an OFPBRC_BAD_VERSION
 * error and dropped; the connection stays up.
 *
 * Sending.  vconn_send() queues a message and sends as much as the stream
 * accepts; vconn_run() sends the rest.  The queue is bounded: while more
 * than the backlog limit (VCONN_DEFAULT_MAX_BACKLOG bytes unless changed)
 * waits, vconn_send() refuses new messages with EAGAIN, and always accepts
 * a message when the queue is empty.
 *
 * Failure.  A connection fails for good on the first error: EOF when the
 * peer closed it between messages, EPROTO for a protocol violation
 * (logged, rate-limited, naming the peer), or the stream's errno value.
 * Every later call reports the same error.
 *
 * Ownership: vconn_send() and the other functions that take a message to
 * send take it over only when they return 0; on any error the caller
 * still owns it.  Messages handed out (vconn_recv(), the *_block()
 * helpers) belong to the caller, who frees them with buffer_delete().
 * vconn_open() and pvconn_accept() hand out connections that the caller
 * closes with vconn_close().
 *
 * Thread safety: a vconn or pvconn belongs to one thread at a time.  The
 * *_block() helpers run the calling thread's poll loop (poll-loop.h) and
 * are for programs with nothing else to do meanwhile, such as sluice-ofctl.
 */
#ifndef SLUICE_VCONN_H
#define SLUICE_VCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "ofp-protocol.h"
#include "openflow.h"

struct buffer;
struct pvconn;
struct vconn;

/* The default limit on bytes waiting to be sent (see vconn_send()). */
#define VCONN_DEFAULT_MAX_BACKLOG (1024 * 1024)

/* Returns 0 if NAME is a well-formed active vconn name of a known type
 * ("tcp:1.2.3.4", "unix:/run/br0.mgmt"), otherwise EAFNOSUPPORT (unknown
 * type) or EINVAL.  Opens and resolves nothing. */
int vconn_verify_name(const char *name);

/* Starts connecting to NAME for the versions in ALLOWED_VERSIONS (0: all),
 * with DSCP (0...63) for IP packets.  Stores the new connection in *VCONNP
 * and returns 0, or stores NULL and returns an errno value (EAFNOSUPPORT,
 * EINVAL, or the reason the connection could not start). */
int vconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
               struct vconn **vconnp);

/* Like vconn_open(), then waits up to TIMEOUT_MS milliseconds (forever if
 * negative) for the hello exchange to complete.  On failure stores NULL
 * in *VCONNP and returns the error (ETIMEDOUT on timeout); if DETAILP is
 * nonnull it then receives a message naming NAME and the reason (for
 * example the versions each side offered), which the caller frees, and
 * NULL on success. */
int vconn_open_block(const char *name, uint32_t allowed_versions,
                     uint8_t dscp, long long timeout_ms,
                     struct vconn **vconnp, char **detailp);

/* Closes VCONN and frees it; messages not yet sent are dropped.  NULL is a
 * no-op. */
void vconn_close(struct vconn *vconn);

/* Returns VCONN's name (for an accepted connection, its peer's). */
const char *vconn_get_name(const struct vconn *vconn);

/* Returns VCONN's allowed versions bitmap. */
uint32_t vconn_get_allowed_versions(const struct vconn *vconn);

/* Returns the negotiated OpenFlow version, or -1 before negotiation. */
int vconn_get_version(const struct vconn *vconn);

/* Returns the versions bitmap that the peer's hello offered, or 0 before
 * it arrived. */
uint32_t vconn_get_peer_versions(const struct vconn *vconn);

/* Completes VCONN's connection and hello exchange as far as possible
 * without blocking.  Returns 0 once a version is negotiated, EAGAIN while
 * still in progress, or the error that ended the connection. */
int vconn_connect(struct vconn *vconn);

/* Returns 0 while VCONN works (or is still connecting), otherwise the
 * error that ended it. */
int vconn_get_status(const struct vconn *vconn);

/* Returns a message that explains why VCONN failed, naming it ("unix:x:
 * version negotiation failed (we support version 0x01, peer supports
 * version 0x04)"), or NULL if VCONN has not failed.  The string belongs
 * to VCONN. */
const char *vconn_get_error_detail(const struct vconn *vconn);

/* Receives one message.  Returns 0 and stores it in *MSGP (its data
 * starts with the struct ofp_header, whose length equals the data's
 * size), or stores NULL and returns EAGAIN if no complete message has
 * arrived (also while connecting), or the error that ended VCONN. */
int vconn_recv(struct vconn *vconn, struct buffer **msgp);

/* Queues MSG (which starts with a struct ofp_header whose length equals
 * MSG's size, at most 65535) to be sent, taking it over, and sends what
 * the stream accepts.  Returns 0, or without taking MSG over: EAGAIN if
 * VCONN is still connecting or its backlog is over the limit, EINVAL if
 * MSG's header is malformed (a programming error; logged), or the error
 * that ended VCONN.  0 means "queued", not "delivered": a later failure
 * is reported by the next call. */
int vconn_send(struct vconn *vconn, struct buffer *msg);

/* Returns the bytes queued on VCONN but not yet sent. */
size_t vconn_get_backlog(const struct vconn *vconn);

/* Sets the backlog limit in bytes (0: VCONN_DEFAULT_MAX_BACKLOG). */
void vconn_set_max_backlog(struct vconn *vconn, size_t max_backlog);

/* Counters: complete messages received and sent since VCONN opened,
 * counting hellos, echoes and errors that VCONN exchanged itself. */
uint64_t vconn_get_n_received(const struct vconn *vconn);
uint64_t vconn_get_n_sent(const struct vconn *vconn);

/* Does VCONN's background work: connecting, the hello exchange, sending
 * queued messages. */
void vconn_run(struct vconn *vconn);

/* Makes the next poll_block() wake when vconn_run() has work to do. */
void vconn_run_wait(struct vconn *vconn);

enum vconn_wait_type {
    VCONN_CONNECT,              /* Until vconn_connect() can progress. */
    VCONN_RECV,                 /* Until vconn_recv() can progress. */
    VCONN_SEND                  /* Until vconn_send() can accept. */
};

/* Makes the next poll_block() wake when an operation of type WAIT on
 * VCONN can make progress.  A failed VCONN wakes at once. */
void vconn_wait(struct vconn *vconn, enum vconn_wait_type wait);
void vconn_connect_wait(struct vconn *vconn);
void vconn_recv_wait(struct vconn *vconn);
void vconn_send_wait(struct vconn *vconn);

/* Blocking helpers (see the comment at the top). */

/* Waits up to TIMEOUT_MS milliseconds (forever if negative) for
 * vconn_connect() to finish, and returns its result (ETIMEDOUT on
 * timeout). */
int vconn_connect_block(struct vconn *vconn, long long timeout_ms);

/* Sends MSG and waits until everything queued on VCONN has been sent.
 * Takes over MSG if it returns 0. */
int vconn_send_block(struct vconn *vconn, struct buffer *msg);

/* Waits for a message and stores it in *MSGP; never returns EAGAIN. */
int vconn_recv_block(struct vconn *vconn, struct buffer **msgp);

/* Waits for a message whose xid is XID and stores it in *REPLYP.  Meanwhile
 * it answers echo requests and drops every other message. */
int vconn_recv_xid(struct vconn *vconn, be32 xid, struct buffer **replyp);

/* Sends REQUEST (taken over if this returns 0) and waits for the message
 * with the same xid, its reply or an error, which it stores in *REPLYP. */
int vconn_transact(struct vconn *vconn, struct buffer *request,
                   struct buffer **replyp);

/* Sends REQUEST (taken over if this returns 0), which normally has no
 * reply, followed by a barrier request, and waits for the barrier reply.
 * Returns 0 with the message that answered REQUEST (an error, normally) in
 * *REPLYP, or NULL there if none did. */
int vconn_transact_noreply(struct vconn *vconn, struct buffer *request,
                           struct buffer **replyp);

/* Does vconn_transact_noreply() for each message in REQUESTS (a list of
 * buffers linked through 'list_node', emptied and freed whatever
 * happens), in order, stopping at the first that gets an answer: returns
 * 0 with that answer in *REPLYP, or NULL there if none got one. */
int vconn_transact_multiple_noreply(struct vconn *vconn,
                                    struct list *requests,
                                    struct buffer **replyp);

/* Sends the multipart (statistics) request REQUEST (taken over if this
 * returns 0) and receives the replies with its xid, up to and including
 * the first without the "more" flag, appending them to REPLIES (a list of
 * buffers linked through 'list_node').  An OFPT_ERROR with the xid also
 * ends the sequence and is appended. */
int vconn_transact_multipart(struct vconn *vconn, struct buffer *request,
                             struct list *replies);

/* Passive connections. */

/* Returns 0 if NAME is a well-formed passive vconn name ("ptcp:6653",
 * "punix:/run/br0.mgmt"), otherwise EAFNOSUPPORT or EINVAL. */
int pvconn_verify_name(const char *name);

/* Starts listening on NAME.  Connections accepted later negotiate the
 * versions in ALLOWED_VERSIONS (0: all).  Stores the listener in *PVCONNP
 * and returns 0, or stores NULL and returns an errno value (EADDRINUSE,
 * EAFNOSUPPORT, EINVAL, ...). */
int pvconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
                struct pvconn **pvconnp);

/* Accepts a waiting connection, whose hello exchange then proceeds as for
 * vconn_open().  Returns 0 with it in *VCONNP, or stores NULL and returns
 * EAGAIN if none waits, or another errno value. */
int pvconn_accept(struct pvconn *pvconn, struct vconn **vconnp);

/* Makes the next poll_block() wake when pvconn_accept() can progress. */
void pvconn_wait(struct pvconn *pvconn);

/* Returns PVCONN's name. */
const char *pvconn_get_name(const struct pvconn *pvconn);

/* Returns the TCP port PVCONN listens on, or 0 for "punix:". */
uint16_t pvconn_get_bound_port(const struct pvconn *pvconn);

/* Stops listening and frees PVCONN.  NULL is a no-op. */
void pvconn_close(struct pvconn *pvconn);

#endif /* vconn.h */

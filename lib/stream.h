/*
 * stream: non-blocking byte streams over Unix domain sockets, TCP and
 * TLS, named by strings, and passive listeners that accept them.
 *
 * Names:
 *
 *   "unix:PATH"          Unix domain socket PATH; a relative PATH is taken
 *                        from the run directory ($SLUICE_RUNDIR, default
 *                        /var/run/sluice).
 *   "tcp:HOST:PORT"      TCP to an IPv4 address, a [bracketed] IPv6
 *                        address or a host name.
 *   "ssl:HOST:PORT"      TLS over TCP, configured through stream-ssl.h.
 *   "punix:PATH"         Listens on Unix domain socket PATH.  A stale socket
 *                        file there (nobody listening) is replaced; one that
 *                        another process listens on is not.  The file is
 *                        removed when the listener is closed.
 *   "ptcp:PORT[:IP]"     Listens for TCP on PORT (0: any free port, see
 *                        pstream_get_bound_port()) at IP (default
 *                        0.0.0.0; an IPv6 address may be bracketed).
 *   "pssl:PORT[:IP]"     Likewise for TLS.
 *
 * See socket-util.h for address syntax.  Host names are resolved with
 * getaddrinfo(), which may block; numeric addresses never block.
 *
 * Life of an active stream: stream_open() starts connecting and returns at
 * once; stream_connect() (which stream_recv() and stream_send() call
 * first) reports EAGAIN until the connection (including a TLS handshake)
 * is up, then 0, or the error that ended it.  A stream that failed stays
 * failed: every later call reports the same error.
 *
 * Non-blocking: no function here waits, except stream_open_block().  To
 * sleep until a stream can make progress, call stream_run_wait() and
 * stream_wait() (or stream_recv_wait(), stream_send_wait()) and then
 * poll_block() (poll-loop.h).  A TLS stream buffers sent data and needs
 * stream_run() to flush it; call stream_run() on every active stream in
 * each pass of the main loop.  Every socket is O_NONBLOCK and FD_CLOEXEC,
 * and a peer that closes its end never raises SIGPIPE.
 *
 * Ownership: stream_open() and pstream_accept() hand the caller a stream
 * that the caller releases with stream_close(); pstream_open() likewise
 * with pstream_close().  Closing a listener does not affect the streams it
 * accepted.  Name strings returned by the *_get_name() functions belong to
 * the object.
 *
 * Thread safety: a stream or pstream may be used by one thread at a time;
 * distinct streams may be used from distinct threads.  The TLS settings
 * in stream-ssl.h are process-wide and are set from the main thread.
 */
#ifndef SLUICE_STREAM_H
#define SLUICE_STREAM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stream;    /* An active, bidirectional byte stream. */
struct pstream;   /* A passive listener that accepts streams. */

enum stream_wait_type {
    STREAM_CONNECT,             /* Until stream_connect() can progress. */
    STREAM_RECV,                /* Until stream_recv() can progress. */
    STREAM_SEND                 /* Until stream_send() can progress. */
};

/* Returns true if NAME is a well-formed active stream name of a known type
 * ("tcp:1.2.3.4:6640"), checking its syntax without opening anything or
 * resolving host names. */
bool stream_verify_name(const char *name);

/* Returns true if NAME is a well-formed passive stream name of a known type
 * ("ptcp:6640"), checking its syntax without opening anything. */
bool pstream_verify_name(const char *name);

/* Returns 1 if a connection made by the stream or pstream type of NAME
 * needs inactivity probes to notice a dead peer (tcp, ssl), 0 if the
 * kernel reports that reliably (unix), or -1 if NAME's type is unknown. */
int stream_or_pstream_needs_probes(const char *name);

/* Starts connecting to NAME, with DSCP (0...63) for IP packets.  On
 * success stores a new stream in *STREAMP and returns 0; the connection
 * may still be in progress (see stream_connect()).  On failure stores NULL
 * and returns an errno value: EAFNOSUPPORT for an unknown type, EINVAL for
 * a malformed name, or the reason the connection could not start (for
 * example ECONNREFUSED, or ENOENT for a Unix socket that does not exist).
 * Failures caused by configuration are logged. */
int stream_open(const char *name, struct stream **streamp, uint8_t dscp);

/* Like stream_open(), but a "tcp:" or "ssl:" NAME without a port connects
 * to DEFAULT_PORT (1...65535). */
int stream_open_with_default_port(const char *name, uint16_t default_port,
                                  struct stream **streamp, uint8_t dscp);

/* Completes the connection that stream_open() started.  ERROR and
 * *STREAMP are the result of that call.  If ERROR is 0, waits up to
 * TIMEOUT_MS milliseconds (forever if negative) for *STREAMP to connect,
 * running the poll loop.  Returns 0 with *STREAMP connected; otherwise
 * closes *STREAMP, stores NULL there and returns an errno value (ERROR
 * itself if nonzero, ETIMEDOUT on timeout).  It runs poll_block(), which
 * drops waits that others registered in this thread: it is for programs
 * with nothing else to do meanwhile, such as command-line tools. */
int stream_open_block(int error, long long timeout_ms,
                      struct stream **streamp);

/* Makes progress on STREAM's connection.  Returns 0 if connected, EAGAIN
 * if still connecting, or the errno value that ended the connection. */
int stream_connect(struct stream *stream);

/* Receives up to N bytes from STREAM into BUFFER.  Returns the number of
 * bytes received (positive), 0 at end of stream, -EAGAIN if nothing can be
 * received now (also while still connecting), or a negative errno value.
 * N above INT_MAX is reduced to INT_MAX; N = 0 returns 0 once connected. */
int stream_recv(struct stream *stream, void *buffer, size_t n);

/* Sends up to N bytes of BUFFER on STREAM.  Returns the number of bytes
 * accepted, which may be fewer than N, -EAGAIN if none can be accepted now
 * (also while still connecting), or a negative errno value.  N above
 * INT_MAX is reduced to INT_MAX; N = 0 returns 0 once connected.  Accepted
 * bytes are sent in order; a TLS stream may hold them until stream_run()
 * can flush them, and reports a failure to flush at the next call. */
int stream_send(struct stream *stream, const void *buffer, size_t n);

/* Does background work for STREAM, such as flushing buffered TLS data. */
void stream_run(struct stream *stream);

/* Makes the next poll_block() wake when stream_run() has work to do. */
void stream_run_wait(struct stream *stream);

/* Makes the next poll_block() wake when an operation of type WAIT on
 * STREAM can make progress.  While STREAM is connecting every type waits
 * for the connection; a stream that failed wakes at once. */
void stream_wait(struct stream *stream, enum stream_wait_type wait);

/* stream_wait(STREAM, STREAM_CONNECT). */
void stream_connect_wait(struct stream *stream);

/* stream_wait(STREAM, STREAM_RECV). */
void stream_recv_wait(struct stream *stream);

/* stream_wait(STREAM, STREAM_SEND). */
void stream_send_wait(struct stream *stream);

/* Closes STREAM and frees it; data not yet sent is dropped.  NULL is a
 * no-op. */
void stream_close(struct stream *stream);

/* Returns the name STREAM was opened with ("tcp:1.2.3.4:6640"), or for an
 * accepted stream a name for its peer ("tcp:127.0.0.1:41234",
 * "ssl:[::1]:41234", "unix:PATH" with the listener's PATH). */
const char *stream_get_name(const struct stream *stream);

/* Starts listening on passive stream NAME, with DSCP (0...63) for IP
 * packets.  On success stores a new pstream in *PSTREAMP and returns 0.
 * On failure stores NULL, logs the reason and returns an errno value:
 * EAFNOSUPPORT for an unknown type, EINVAL for a malformed name,
 * EADDRINUSE if the address or socket path is in use. */
int pstream_open(const char *name, struct pstream **pstreamp, uint8_t dscp);

/* Like pstream_open(), but a "ptcp:" or "pssl:" NAME with an empty port
 * ("ptcp:" or "ptcp::127.0.0.1") listens on DEFAULT_PORT. */
int pstream_open_with_default_port(const char *name, uint16_t default_port,
                                   struct pstream **pstreamp, uint8_t dscp);

/* Accepts a connection waiting on PSTREAM.  Returns 0 and stores the new
 * stream in *STREAMP (for TLS its handshake is still to come, driven by
 * stream_connect()), or stores NULL and returns EAGAIN if no connection
 * is waiting or another errno value (such as EMFILE). */
int pstream_accept(struct pstream *pstream, struct stream **streamp);

/* Makes the next poll_block() wake when pstream_accept() can make
 * progress. */
void pstream_wait(struct pstream *pstream);

/* Stops listening and frees PSTREAM; a "punix:" socket file is removed.
 * NULL is a no-op. */
void pstream_close(struct pstream *pstream);

/* Returns the name PSTREAM was opened with. */
const char *pstream_get_name(const struct pstream *pstream);

/* Returns the TCP port PSTREAM listens on (the one the kernel picked for
 * "ptcp:0"), or 0 for a "punix:" pstream. */
uint16_t pstream_get_bound_port(const struct pstream *pstream);

#endif /* stream.h */

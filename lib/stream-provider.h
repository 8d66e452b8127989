/*
 * stream-provider: the interface each kind of stream implements.
 *
 * stream.c owns the state machine common to every stream (connecting,
 * connected, failed) and dispatches on the type prefix of a name ("tcp",
 * "punix") to a class: a 'struct stream_class' or 'struct pstream_class'
 * of function pointers.  An implementation embeds 'struct stream' (or
 * 'struct pstream') at the start of its own structure, initializes it with
 * stream_init() (pstream_init()) and recovers its structure with
 * CONTAINER_OF in its functions.
 *
 * The class found by name prefix provides 'verify' and 'open' ('listen');
 * the class an instance is initialized with provides the functions that
 * operate on it.  The two may differ: "unix" and "tcp" open streams of the
 * shared fd class of stream-fd.c, whose own 'verify' and 'open' are
 * null.
 *
 * Only stream.c and the implementations (stream-fd.c, stream-unix.c,
 * stream-tcp.c, stream-ssl.c) include this header.  Thread safety is that
 * of stream.h.
 *
 * stream.c always passes a nonnull 'errorp' to the class functions below
 * that take one, and frees what they store there.
 */
#ifndef SLUICE_STREAM_PROVIDER_H
#define SLUICE_STREAM_PROVIDER_H 1

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "stream.h"

/* State of an active stream, kept by stream.c. */
enum stream_state {
    SCS_CONNECTING,             /* Connection (or handshake) in progress. */
    SCS_CONNECTED,              /* Ready for data. */
    SCS_DISCONNECTED            /* Failed; 'error' says why. */
};

/* An active stream; the first member of each implementation's struct. */
struct stream {
    const struct stream_class *class;
    enum stream_state state;
    int error;                  /* Positive errno once SCS_DISCONNECTED. */
    char *name;
};

/* Initializes STREAM of CLASS named NAME (copied).  CONNECT_STATUS is 0 if
 * the stream is connected, EAGAIN if connecting, or an errno value if it
 * already failed. */
void stream_init(struct stream *stream, const struct stream_class *class,
                 int connect_status, const char *name);

struct stream_class {
    /* The prefix before ':' in names of this class: "tcp". */
    const char *name;

    /* True if connections need inactivity probes to detect a dead peer. */
    bool needs_probes;

    /* Checks the syntax of SUFFIX, the part of a name after "PREFIX:",
     * without side effects (no sockets, no name resolution).  Returns 0
     * or EINVAL and an explanation in *ERRORP (as in socket-util.h). */
    int (*verify)(const char *suffix, char **errorp);

    /* Opens a stream named NAME (SUFFIX is the part after "PREFIX:").
     * Returns 0 and stores the stream in *STREAMP, or returns an errno
     * value and an explanation in *ERRORP.  The stream may still be
     * connecting (stream_init() with EAGAIN). */
    int (*open)(const char *name, const char *suffix,
                struct stream **streamp, uint8_t dscp, char **errorp);

    /* Closes and frees STREAM (not its 'name', which stream.c frees). */
    void (*close)(struct stream *stream);

    /* Makes progress on a connection in SCS_CONNECTING.  Returns 0 once
     * connected, EAGAIN while in progress, or an errno value.  Null if
     * streams of this class are connected as soon as opened. */
    int (*connect)(struct stream *stream);

    /* Called only while connected.  Same contract as stream_recv() and
     * stream_send() (N is at most INT_MAX and nonzero for recv). */
    ssize_t (*recv)(struct stream *stream, void *buffer, size_t n);
    ssize_t (*send)(struct stream *stream, const void *buffer, size_t n);

    /* Background work and its wait (see stream_run()); either may be
     * null if the class has none. */
    void (*run)(struct stream *stream);
    void (*run_wait)(struct stream *stream);

    /* Registers poll-loop waits for WAIT: STREAM_CONNECT while
     * SCS_CONNECTING, STREAM_RECV or STREAM_SEND while SCS_CONNECTED. */
    void (*wait)(struct stream *stream, enum stream_wait_type wait);
};

/* A passive stream; the first member of each implementation's struct. */
struct pstream {
    const struct pstream_class *class;
    char *name;
    uint16_t bound_port;        /* Listening TCP port, or 0. */
};

/* Initializes PSTREAM of CLASS named NAME (copied). */
void pstream_init(struct pstream *pstream, const struct pstream_class *class,
                  const char *name);

/* Records the TCP port PSTREAM listens on. */
void pstream_set_bound_port(struct pstream *pstream, uint16_t port);

struct pstream_class {
    /* The prefix before ':' in names of this class: "ptcp". */
    const char *name;

    /* True if accepted connections need inactivity probes. */
    bool needs_probes;

    /* As for stream_class. */
    int (*verify)(const char *suffix, char **errorp);

    /* Starts listening on NAME (SUFFIX is the part after "PREFIX:").
     * Returns 0 and stores the pstream in *PSTREAMP, or returns an errno
     * value and an explanation in *ERRORP. */
    int (*listen)(const char *name, const char *suffix,
                  struct pstream **pstreamp, uint8_t dscp, char **errorp);

    /* Closes and frees PSTREAM (not its 'name'). */
    void (*close)(struct pstream *pstream);

    /* Accepts one connection: returns 0 and stores a new stream in
     * *STREAMP, or returns EAGAIN or another errno value. */
    int (*accept)(struct pstream *pstream, struct stream **streamp);

    /* Registers a poll-loop wait for a connection to accept. */
    void (*wait)(struct pstream *pstream);
};

/* Active classes. */
extern const struct stream_class unix_stream_class;
extern const struct stream_class tcp_stream_class;
extern const struct stream_class ssl_stream_class;

/* Passive classes. */
extern const struct pstream_class punix_pstream_class;
extern const struct pstream_class ptcp_pstream_class;
extern const struct pstream_class pssl_pstream_class;

#endif /* stream-provider.h */

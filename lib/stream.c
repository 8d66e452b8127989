/* stream: name dispatch and the connection state machine.  See stream.h and
 * stream-provider.h. */
#include <config.h>
#include "stream.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "poll-loop.h"
#include "stream-provider.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(stream);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

static const struct stream_class *const stream_classes[] = {
    &tcp_stream_class,
    &unix_stream_class,
    &ssl_stream_class,
};

static const struct pstream_class *const pstream_classes[] = {
    &ptcp_pstream_class,
    &punix_pstream_class,
    &pssl_pstream_class,
};

/* Returns the length of the type prefix of NAME (before the first ':'), or
 * -1 if NAME has no ':'. */
static int
type_length(const char *name)
{
    const char *colon = strchr(name, ':');
    return colon && colon - name < INT_MAX ? (int) (colon - name) : -1;
}

/* Returns the active class for NAME's type and stores the rest of NAME in
 * *SUFFIXP, or returns NULL if the type is unknown. */
static const struct stream_class *
stream_lookup_class(const char *name, const char **suffixp)
{
    int len = type_length(name);
    if (len < 0) {
        return NULL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(stream_classes); i++) {
        const struct stream_class *class = stream_classes[i];
        if (strlen(class->name) == (size_t) len
            && !memcmp(class->name, name, len)) {
            *suffixp = name + len + 1;
            return class;
        }
    }
    return NULL;
}

/* Like stream_lookup_class(), for passive classes. */
static const struct pstream_class *
pstream_lookup_class(const char *name, const char **suffixp)
{
    int len = type_length(name);
    if (len < 0) {
        return NULL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(pstream_classes); i++) {
        const struct pstream_class *class = pstream_classes[i];
        if (strlen(class->name) == (size_t) len
            && !memcmp(class->name, name, len)) {
            *suffixp = name + len + 1;
            return class;
        }
    }
    return NULL;
}

bool
stream_verify_name(const char *name)
{
    const char *suffix;
    const struct stream_class *class = stream_lookup_class(name, &suffix);
    if (!class) {
        return false;
    }

    char *reason = NULL;
    int error = class->verify(suffix, &reason);
    free(reason);
    return !error;
}

bool
pstream_verify_name(const char *name)
{
    const char *suffix;
    const struct pstream_class *class = pstream_lookup_class(name, &suffix);
    if (!class) {
        return false;
    }

    char *reason = NULL;
    int error = class->verify(suffix, &reason);
    free(reason);
    return !error;
}

int
stream_or_pstream_needs_probes(const char *name)
{
    const struct stream_class *class;
    const struct pstream_class *pclass;
    const char *suffix;

    class = stream_lookup_class(name, &suffix);
    if (class) {
        return class->needs_probes;
    }
    pclass = pstream_lookup_class(name, &suffix);
    if (pclass) {
        return pclass->needs_probes;
    }
    return -1;
}

/* Returns true if ERROR, from opening a stream, says only that the peer is
 * not there (yet): reconnecting callers see it all the time and report it
 * themselves, so it is not worth a warning here. */
static bool
is_peer_absent_error(int error)
{
    return (error == ECONNREFUSED || error == ENOENT || error == ETIMEDOUT
            || error == EHOSTUNREACH || error == ENETUNREACH
            || error == ECONNRESET);
}

void
stream_init(struct stream *stream, const struct stream_class *class,
            int connect_status, const char *name)
{
    memset(stream, 0, sizeof *stream);
    stream->class = class;
    stream->name = xstrdup(name);
    if (!connect_status) {
        stream->state = SCS_CONNECTED;
    } else if (connect_status == EAGAIN) {
        stream->state = SCS_CONNECTING;
    } else {
        stream->state = SCS_DISCONNECTED;
        stream->error = connect_status;
    }
}

int
stream_open(const char *name, struct stream **streamp, uint8_t dscp)
{
    const struct stream_class *class;
    const char *suffix;

    *streamp = NULL;
    class = stream_lookup_class(name, &suffix);
    if (!class) {
        VLOG_WARN_RL(&rl, "%s: unknown stream type (expected unix:, tcp: "
                     "or ssl:)", name);
        return EAFNOSUPPORT;
    }
    if (dscp > 63) {
        VLOG_WARN_RL(&rl, "%s: DSCP %u is out of range 0 to 63", name, dscp);
        return EINVAL;
    }

    char *reason = NULL;
    struct stream *stream = NULL;
    int error = class->open(name, suffix, &stream, dscp, &reason);
    if (error) {
        if (is_peer_absent_error(error)) {
            VLOG_DBG("%s: %s", name, reason ? reason : sluice_strerror(error));
        } else {
            VLOG_WARN_RL(&rl, "%s: %s", name,
                         reason ? reason : sluice_strerror(error));
        }
        free(reason);
        return error;
    }
    free(reason);
    *streamp = stream;
    return 0;
}

/* Returns true if the TCP-style address SUFFIX ("HOST:PORT", "[V6]:PORT",
 * "HOST", "[V6]") names a port. */
static bool
active_suffix_has_port(const char *suffix)
{
    if (suffix[0] == '[') {
        const char *close = strchr(suffix, ']');
        return !close || close[1] != '\0';
    }
    return strchr(suffix, ':') != NULL;
}

int
stream_open_with_default_port(const char *name, uint16_t default_port,
                              struct stream **streamp, uint8_t dscp)
{
    if ((!strncmp(name, "tcp:", 4) || !strncmp(name, "ssl:", 4))
        && name[4] && !active_suffix_has_port(name + 4)) {
        char *full_name = xasprintf("%s:%u", name, default_port);
        int error = stream_open(full_name, streamp, dscp);
        free(full_name);
        return error;
    }
    return stream_open(name, streamp, dscp);
}

int
stream_open_block(int error, long long timeout_ms, struct stream **streamp)
{
    struct stream *stream = *streamp;

    if (!error && !stream) {
        error = EINVAL;
    }
    if (!error) {
        long long now = time_msec();
        long long deadline = (timeout_ms < 0 ? LLONG_MAX
                              : timeout_ms >= LLONG_MAX - now ? LLONG_MAX
                              : now + timeout_ms);
        for (;;) {
            stream_run(stream);
            error = stream_connect(stream);
            if (error != EAGAIN) {
                break;
            }
            if (time_msec() >= deadline) {
                error = ETIMEDOUT;
                break;
            }
            stream_run_wait(stream);
            stream_connect_wait(stream);
            poll_timer_wait_until(deadline);
            poll_block();
        }
    }
    if (error) {
        stream_close(stream);
        *streamp = NULL;
    }
    return error;
}

int
stream_connect(struct stream *stream)
{
    switch (stream->state) {
    case SCS_CONNECTING: {
        int error = stream->class->connect
                    ? stream->class->connect(stream) : 0;
        if (!error) {
            stream->state = SCS_CONNECTED;
        } else if (error != EAGAIN) {
            stream->state = SCS_DISCONNECTED;
            stream->error = error;
        }
        return error;
    }
    case SCS_CONNECTED:
        return 0;
    case SCS_DISCONNECTED:
        return stream->error;
    default:
        sluice_abort("%s: bad stream state %d", stream->name,
                     (int) stream->state);
    }
}

int
stream_recv(struct stream *stream, void *buffer, size_t n)
{
    int error = stream_connect(stream);
    if (error) {
        return -error;
    } else if (!n) {
        return 0;
    }
    ssize_t retval = stream->class->recv(stream, buffer, MIN(n, INT_MAX));
    return (int) retval;
}

int
stream_send(struct stream *stream, const void *buffer, size_t n)
{
    int error = stream_connect(stream);
    if (error) {
        return -error;
    } else if (!n) {
        return 0;
    }
    ssize_t retval = stream->class->send(stream, buffer, MIN(n, INT_MAX));
    return (int) retval;
}

void
stream_run(struct stream *stream)
{
    if (stream->class->run) {
        stream->class->run(stream);
    }
}

void
stream_run_wait(struct stream *stream)
{
    if (stream->class->run_wait) {
        stream->class->run_wait(stream);
    }
}

void
stream_wait(struct stream *stream, enum stream_wait_type wait)
{
    switch (stream->state) {
    case SCS_CONNECTING:
        wait = STREAM_CONNECT;
        break;
    case SCS_CONNECTED:
        if (wait == STREAM_CONNECT) {
            poll_immediate_wake();
            return;
        }
        break;
    case SCS_DISCONNECTED:
    default:
        poll_immediate_wake();
        return;
    }
    stream->class->wait(stream, wait);
}

void
stream_connect_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_CONNECT);
}

void
stream_recv_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_RECV);
}

void
stream_send_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_SEND);
}

void
stream_close(struct stream *stream)
{
    if (stream) {
        char *name = stream->name;
        stream->class->close(stream);
        free(name);
    }
}

const char *
stream_get_name(const struct stream *stream)
{
    return stream->name;
}

/* Passive streams. */

void
pstream_init(struct pstream *pstream, const struct pstream_class *class,
             const char *name)
{
    memset(pstream, 0, sizeof *pstream);
    pstream->class = class;
    pstream->name = xstrdup(name);
}

void
pstream_set_bound_port(struct pstream *pstream, uint16_t port)
{
    pstream->bound_port = port;
}

int
pstream_open(const char *name, struct pstream **pstreamp, uint8_t dscp)
{
    const struct pstream_class *class;
    const char *suffix;

    *pstreamp = NULL;
    class = pstream_lookup_class(name, &suffix);
    if (!class) {
        VLOG_WARN_RL(&rl, "%s: unknown passive stream type (expected "
                     "punix:, ptcp: or pssl:)", name);
        return EAFNOSUPPORT;
    }
    if (dscp > 63) {
        VLOG_WARN_RL(&rl, "%s: DSCP %u is out of range 0 to 63", name, dscp);
        return EINVAL;
    }

    char *reason = NULL;
    struct pstream *pstream = NULL;
    int error = class->listen(name, suffix, &pstream, dscp, &reason);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: %s", name,
                     reason ? reason : sluice_strerror(error));
        free(reason);
        return error;
    }
    free(reason);
    *pstreamp = pstream;
    return 0;
}

int
pstream_open_with_default_port(const char *name, uint16_t default_port,
                               struct pstream **pstreamp, uint8_t dscp)
{
    if ((!strncmp(name, "ptcp:", 5) || !strncmp(name, "pssl:", 5))
        && (name[5] == '\0' || name[5] == ':')) {
        char *full_name = xasprintf("%.5s%u%s", name, default_port, name + 5);
        int error = pstream_open(full_name, pstreamp, dscp);
        free(full_name);
        return error;
    }
    return pstream_open(name, pstreamp, dscp);
}

int
pstream_accept(struct pstream *pstream, struct stream **streamp)
{
    struct stream *stream = NULL;
    int error = pstream->class->accept(pstream, &stream);
    if (error) {
        *streamp = NULL;
        return error;
    }
    *streamp = stream;
    return 0;
}

void
pstream_wait(struct pstream *pstream)
{
    pstream->class->wait(pstream);
}

void
pstream_close(struct pstream *pstream)
{
    if (pstream) {
        char *name = pstream->name;
        pstream->class->close(pstream);
        free(name);
    }
}

const char *
pstream_get_name(const struct pstream *pstream)
{
    return pstream->name;
}

uint16_t
pstream_get_bound_port(const struct pstream *pstream)
{
    return pstream->bound_port;
}
